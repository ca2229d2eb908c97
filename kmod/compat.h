/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place where cgscope reaches past the kernel's exported interface.
 *
 * Everything here is either a kernel symbol that is not exported to
 * modules, a mirror of a structure private to a kernel .c file, or a shim
 * for an API that changed between the kernels we support.  compat.c
 * resolves the symbols and checks each mirror against live kernel data at
 * load time; a mismatch refuses the load with a message naming it.
 * Documentation/cgscope.rst ("Workarounds") lists them.
 */
#ifndef _CGSCOPE_COMPAT_H
#define _CGSCOPE_COMPAT_H

#include <linux/cgroup.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/ns_common.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <net/genetlink.h>

/* kernel/cgroup/cgroup.c: static DEFINE_HASHTABLE(css_set_table, 7) */
#define CGSCOPE_CSS_SET_HASH_BITS	7
#define CGSCOPE_CSS_SET_TABLE_SIZE	BIT(CGSCOPE_CSS_SET_HASH_BITS)

/* kernel/cgroup/cgroup-internal.h, identical in 6.1 and 6.12 */
struct cgscope_cgrp_cset_link {
	struct cgroup		*cgrp;
	struct css_set		*cset;
	struct list_head	cset_link;	/* anchored at cgrp->cset_links */
	struct list_head	cgrp_link;	/* anchored at cset->cgrp_links */
};

#ifdef CONFIG_CGROUP_DEVICE
/*
 * security/device_cgroup.c, identical in 6.1 and 6.12.  Exceptions are an
 * RCU list; an item's access bits may change in place.
 */
enum cgscope_kdevcg_behavior {
	CGSCOPE_KDEVCG_NONE,
	CGSCOPE_KDEVCG_ALLOW,
	CGSCOPE_KDEVCG_DENY,
};

struct cgscope_dev_exception_item {
	u32			major, minor;
	short			type;
	short			access;
	struct list_head	list;
	struct rcu_head		rcu;
};

struct cgscope_dev_cgroup {
	struct cgroup_subsys_state	css;
	struct list_head		exceptions;
	enum cgscope_kdevcg_behavior	behavior;
};

static inline struct cgscope_dev_cgroup *
cgscope_css_to_devcg(struct cgroup_subsys_state *css)
{
	return container_of(css, struct cgscope_dev_cgroup, css);
}
#endif

/*
 * fs/mount.h: struct mnt_namespace begins with its ns_common in 6.1 and
 * 6.12; nothing else of it is read.  Checked on init's mount namespace:
 * its ns.ops must be mntns_operations.
 */
struct mnt_namespace;

struct cgscope_mnt_namespace {
	struct ns_common	ns;
};

static inline struct ns_common *cgscope_mnt_ns_common(struct mnt_namespace *mnt)
{
	return mnt ? &((struct cgscope_mnt_namespace *)mnt)->ns : NULL;
}

#if defined(CONFIG_MEMCG) && defined(CONFIG_SWAP)
/*
 * mm/swap_cgroup.c, identical in 6.1 and 6.12: which memcg each swap slot
 * is charged to.  static struct swap_cgroup_ctrl
 * swap_cgroup_ctrl[MAX_SWAPFILES], one per swap type: @map holds @length
 * pages of struct swap_cgroup { unsigned short id; } (a mem_cgroup_id(),
 * 0 for none), set at swapon under swap_cgroup_mutex and freed at swapoff
 * after try_to_unuse() has taken every swap entry out of the page caches
 * and synchronize_rcu() has waited for whoever read one there: an entry
 * read from a page cache under RCU can be looked up in the same RCU read
 * section.  Optional: where the symbol or its size does not match (no
 * swap, or the rework of 6.14), cgscope_syms.swap_cgroup_ctrl is NULL and
 * tmpfs pages in swap are not attributed (logged at load).
 */
struct cgscope_swap_cgroup_ctrl {
	struct page	**map;
	unsigned long	length;
	spinlock_t	lock;	/* the kernel's, for its cmpxchg; not taken here */
};

#define CGSCOPE_SWAP_CGROUP_PER_PAGE	(PAGE_SIZE / sizeof(unsigned short))
#endif

/*
 * Private functions the event probes attach to (events_probe.c), present in
 * 6.1 and 6.12 and not inlined (they are in kallsyms):
 *
 *  - security/device_cgroup.c: static ssize_t devcgroup_access_write(
 *	struct kernfs_open_file *of, char *buf, size_t nbytes, loff_t off),
 *    the kernfs write handler of devices.allow/deny (its type is fixed by
 *    struct kernfs_ops / cftype .write);
 *  - kernel/bpf/cgroup.c: static int __cgroup_bpf_attach(struct cgroup *,
 *	struct bpf_prog *prog, struct bpf_prog *replace_prog,
 *	struct bpf_cgroup_link *link, enum bpf_attach_type type, u32 flags,
 *	...) and static int __cgroup_bpf_detach(struct cgroup *,
 *	struct bpf_prog *, struct bpf_cgroup_link *, enum bpf_attach_type,
 *	...), called with cgroup_mutex held (6.12 appends arguments we do
 *	not read).
 *
 * Nothing verifies a signature at load: the handlers read every pointer
 * from these arguments with get_kernel_nofault() and check what they find
 * (attach type BPF_CGROUP_DEVICE, a cgroup of cgrp_dfl_root) before using
 * it.  A missing symbol only takes that kind of event away.
 */
#define CGSCOPE_PROBE_DEVCG_WRITE	"devcgroup_access_write"
#define CGSCOPE_PROBE_BPF_ATTACH	"__cgroup_bpf_attach"
#define CGSCOPE_PROBE_BPF_DETACH	"__cgroup_bpf_detach"

/**
 * struct cgscope_syms - kernel objects cgscope needs but may not link to
 * @css_set_lock: protects task->cgroups, css_sets and their task lists
 * @cgroup_mutex: the cgroup master lock
 * @css_set_table: every css_set, hashed by its csses
 * @cgroup_roots: every mounted hierarchy (struct cgroup_root.root_list)
 * @init_css_set: the css_set of init and of every kernel thread
 * @super_blocks: every super_block (fs/super.c, struct super_block.s_list)
 * @sb_lock: protects @super_blocks and each super_block's s_count
 * @swap_cgroup_ctrl: the owner of each swap slot, or NULL (see above)
 */
struct cgscope_syms {
	spinlock_t		*css_set_lock;	/* see above */
	struct mutex		*cgroup_mutex;	/* see above */
	struct hlist_head	*css_set_table;
	struct list_head	*cgroup_roots;
	struct css_set		*init_css_set;
	struct list_head	*super_blocks;
	spinlock_t		*sb_lock;	/* see above */
#if defined(CONFIG_MEMCG) && defined(CONFIG_SWAP)
	struct cgscope_swap_cgroup_ctrl *swap_cgroup_ctrl;
#endif
};

extern struct cgscope_syms cgscope_syms;

int cgscope_compat_init(void);
struct super_block *cgscope_super_next(struct super_block *prev);
#if defined(CONFIG_MEMCG) && defined(CONFIG_SWAP)
unsigned short cgscope_swap_owner(void *entry);
#endif

/*
 * memcg v1 (kmem counters, memory.* v1 files) became a config option of
 * its own in 6.11; before that it came with CONFIG_MEMCG.
 */
#ifdef CGSCOPE_HAVE_MEMCG_V1_OPTION
#define CGSCOPE_HAVE_MEMCG_V1	IS_ENABLED(CONFIG_MEMCG_V1)
#else
#define CGSCOPE_HAVE_MEMCG_V1	IS_ENABLED(CONFIG_MEMCG)
#endif

/* Whether we link to css_set_lock and cgroup_mutex (see Kbuild). */
#ifdef CGSCOPE_HAVE_EXPORTED_LOCKS
#define CGSCOPE_LOCKS_EXPORTED	true
#else
#define CGSCOPE_LOCKS_EXPORTED	false
#endif

/* The attributes a dump request carried (the genl API moved in 6.2). */
static inline struct nlattr **cgscope_dump_attrs(struct netlink_callback *cb)
{
#ifdef CGSCOPE_HAVE_GENL_INFO_DUMP
	return genl_info_dump(cb)->attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

#endif /* _CGSCOPE_COMPAT_H */
