// SPDX-License-Identifier: GPL-2.0
/*
 * Resolve the kernel objects cgscope needs that are not exported, and check
 * that each one, and each private structure we mirror, is what we think it
 * is.  See compat.h.  Nothing outside this file and compat.h knows how.
 *
 * How a symbol is found: where the kernel exports it (css_set_lock and
 * cgroup_mutex on LOCKDEP/PROVE_RCU kernels) we link to it.  Otherwise we
 * ask kprobes: register_kprobe() looks the name up in kallsyms and stores
 * the address in kp.addr before it refuses to probe a data symbol with
 * -EINVAL.  No function pointer to kallsyms_lookup_name() is ever called.
 *
 * How it is checked, before anything dereferences or locks it:
 *  1. sprint_symbol() maps the address back to exactly that name at offset
 *     0, and the size kallsyms knows for it fits our type (sizeof up to
 *     alignment padding; more is logged and accepted for the objects
 *     that 2. and 5. check by their structure);
 *  2. live structure: cgrp_dfl_root is on cgroup_roots; init_css_set
 *     belongs to cgrp_dfl_root's root cgroup and sits in the css_set_table
 *     bucket its csses hash to; every cgrp_cset_link of init_css_set points
 *     back at it and at the root cgroup of a distinct hierarchy, one per
 *     hierarchy;
 *  3. struct dev_cgroup: the root devices css, reached through init_css_set,
 *     is an allocation big enough for our mirror, names the devices
 *     controller, has the default-allow behaviour every root has and an
 *     empty exception list (a root's rules cannot be changed).  Each
 *     exception read later is checked for sane type and access bits;
 *  4. struct mnt_namespace: the ns_common at the start of init's mount
 *     namespace points at the symbol mntns_operations, whose type is
 *     CLONE_NEWNS;
 *  5. super_blocks: the super_block of the loading task's root directory is
 *     on the list, found within a bounded walk under sb_lock;
 *  6. swap_cgroup_ctrl (optional): size as 1., and every swap type's map
 *     is NULL with length 0, or a vmalloc address with a length.
 * Any failure refuses the load with a message naming the check, except
 * for 6., which only takes away the owners of tmpfs pages in swap.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/hashtable.h>
#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/slab.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/nsproxy.h>
#include <linux/proc_ns.h>
#include <linux/sched/task.h>
#include <linux/swap.h>
#include <linux/swapops.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "cgscope.h"
#include "compat.h"

struct cgscope_syms cgscope_syms __read_mostly;

/* For tests of the refusal path only: name one check to fail. */
static char *test_fail_check;
module_param(test_fail_check, charp, 0400);
MODULE_PARM_DESC(test_fail_check,
		 "testing only: make the named load-time check fail");

static bool cgscope_forced_fail(const char *check)
{
	if (!test_fail_check || strcmp(test_fail_check, check))
		return false;
	pr_err("%s: failing on request (test_fail_check)\n", check);
	return true;
}

/* Kernel address of a symbol by exact name, or 0. */
static unsigned long cgscope_kallsyms_addr(const char *name)
{
	struct kprobe kp = { .symbol_name = name };
	unsigned long addr;
	int ret;

	ret = register_kprobe(&kp);
	addr = (unsigned long)kp.addr;
	if (!ret) {
		/* A probeable text symbol: not what we look up, give it back. */
		unregister_kprobe(&kp);
		return 0;
	}
	return addr;
}

/*
 * Check that @addr is the start of the symbol @name and that kallsyms
 * gives it room for @size bytes but not for more than alignment explains.
 * A kallsyms size is the distance to the next symbol, and unnamed data
 * may follow an object (super_blocks on a KASAN build of 6.1: 3552
 * bytes); for an object whose structure is checked later (@structural)
 * more room is logged and accepted.
 */
static int cgscope_check_symbol(const char *name, unsigned long addr,
				size_t size, bool structural)
{
	char buf[KSYM_SYMBOL_LEN];
	unsigned long off, symsize;
	char *plus;

	if (cgscope_forced_fail(name))
		return -EINVAL;
	if (!addr) {
		pr_err("%s: symbol not found in kallsyms; refusing to load\n",
		       name);
		return -ENOENT;
	}
	sprint_symbol(buf, addr);
	plus = strchr(buf, '+');
	if (!plus || sscanf(plus, "+%lx/%lx", &off, &symsize) != 2) {
		pr_err("%s: cannot read back its kallsyms entry (\"%s\"); refusing to load\n",
		       name, buf);
		return -EINVAL;
	}
	*plus = '\0';
	if (strcmp(buf, name) || off) {
		pr_err("%s: address resolves to %s+%#lx, not to %s; refusing to load\n",
		       name, buf, off, name);
		return -EINVAL;
	}
	if (symsize >= size + SMP_CACHE_BYTES && structural) {
		pr_info("%s: kallsyms gives it %#lx bytes for %zu (unnamed data after it?); its structure is checked below\n",
			name, symsize, size);
		return 0;
	}
	if (symsize < size || symsize >= size + SMP_CACHE_BYTES) {
		pr_err("%s: kallsyms size %#lx does not fit our type (%zu bytes); refusing to load\n",
		       name, symsize, size);
		return -EINVAL;
	}
	return 0;
}

/*
 * The private objects cgscope_resolve() finds, each checked as 1. above:
 * its name, which is also its field in struct cgscope_syms (a pointer),
 * the size of our type for it, and whether 2. or 5. checks its structure
 * after.
 */
#define CGSCOPE_SYM(field, bytes, by_structure) {			\
	.name = #field,							\
	.offset = offsetof(struct cgscope_syms, field),			\
	.size = (bytes),						\
	.structural = (by_structure),					\
}

static const struct cgscope_private_sym {
	const char *name;
	size_t offset;		/* of its pointer in struct cgscope_syms */
	size_t size;
	bool structural;
} cgscope_private_syms[] = {
	CGSCOPE_SYM(css_set_lock, sizeof(spinlock_t), false),
	CGSCOPE_SYM(cgroup_mutex, sizeof(struct mutex), false),
	CGSCOPE_SYM(css_set_table,
		    CGSCOPE_CSS_SET_TABLE_SIZE * sizeof(struct hlist_head), true),
	CGSCOPE_SYM(cgroup_roots, sizeof(struct list_head), true),
	CGSCOPE_SYM(init_css_set, sizeof(struct css_set), true),
	CGSCOPE_SYM(super_blocks, sizeof(struct list_head), true),
	CGSCOPE_SYM(sb_lock, sizeof(spinlock_t), false),
};

/*
 * Fill cgscope_syms: each object of cgscope_private_syms looked up (or
 * linked to, where the kernel exports it) and checked as 1. above.
 * Context: process context.
 */
static int cgscope_resolve(void)
{
	size_t i;
	int ret;

#ifdef CGSCOPE_HAVE_EXPORTED_LOCKS
	/* linked to; checked all the same */
	cgscope_syms.css_set_lock = &css_set_lock;
	cgscope_syms.cgroup_mutex = &cgroup_mutex;
#endif
	for (i = 0; i < ARRAY_SIZE(cgscope_private_syms); i++) {
		const struct cgscope_private_sym *sym = &cgscope_private_syms[i];
		void **field = (void **)((char *)&cgscope_syms + sym->offset);
		unsigned long addr = (unsigned long)*field;

		if (!addr)
			addr = cgscope_kallsyms_addr(sym->name);
		ret = cgscope_check_symbol(sym->name, addr, sym->size,
					   sym->structural);
		if (ret)
			return ret;
		*field = (void *)addr;
	}
	return 0;
}

/* Mirror of css_set_hash() in kernel/cgroup/cgroup.c. */
static unsigned long cgscope_css_set_hash(struct cgroup_subsys_state **css)
{
	unsigned long key = 0UL;
	int i;

	for (i = 0; i < CGROUP_SUBSYS_COUNT; i++)
		key += (unsigned long)css[i];
	return (key >> 16) ^ key;
}

#define CGSCOPE_CHECK_MAX_ROOTS	1024

/*
 * Walk cgroup_roots and init_css_set's links and bucket.
 * Context: cgroup_mutex; takes css_set_lock for one bucket and one short
 * list (init_css_set has one link per hierarchy).
 */
static int cgscope_check_structures(void)
{
	struct css_set *init = cgscope_syms.init_css_set;
	struct cgscope_cgrp_cset_link *link;
	unsigned int nr_roots = 0, nr_links = 0, bad_links = 0;
	struct cgroup_root *root;
	struct hlist_head *bucket;
	bool dfl_seen = false, init_hashed = false;
	struct css_set *cset;

	lockdep_assert_held(cgscope_syms.cgroup_mutex);

	list_for_each_entry(root, cgscope_syms.cgroup_roots, root_list) {
		if (root == &cgrp_dfl_root)
			dfl_seen = true;
		if (++nr_roots > CGSCOPE_CHECK_MAX_ROOTS)
			break;
	}
	if (!dfl_seen || cgscope_forced_fail("cgroup_roots_list")) {
		pr_err("cgroup_roots: cgrp_dfl_root is not on the list (walked %u entries); refusing to load\n",
		       nr_roots);
		return -EINVAL;
	}

	if (init->dfl_cgrp != &cgrp_dfl_root.cgrp ||
	    cgscope_forced_fail("init_css_set_layout")) {
		pr_err("init_css_set: dfl_cgrp is not cgrp_dfl_root's root cgroup; struct css_set mismatch, refusing to load\n");
		return -EINVAL;
	}

	bucket = &cgscope_syms.css_set_table[hash_min(cgscope_css_set_hash(init->subsys),
						      CGSCOPE_CSS_SET_HASH_BITS)];
	spin_lock_irq(cgscope_syms.css_set_lock);
	hlist_for_each_entry(cset, bucket, hlist) {
		if (cset == init) {
			init_hashed = true;
			break;
		}
	}

	/*
	 * Compare link->cset before using link->cgrp, and compare link->cgrp
	 * with known root cgroups without dereferencing it.
	 */
	list_for_each_entry(link, &init->cgrp_links, cgrp_link) {
		bool is_root = false;

		if (++nr_links > nr_roots || link->cset != init) {
			bad_links++;
			break;
		}
		list_for_each_entry(root, cgscope_syms.cgroup_roots, root_list) {
			if (link->cgrp == &root->cgrp) {
				is_root = true;
				break;
			}
		}
		if (!is_root)
			bad_links++;
	}
	spin_unlock_irq(cgscope_syms.css_set_lock);

	if (!init_hashed || cgscope_forced_fail("css_set_table_layout")) {
		pr_err("css_set_table: init_css_set is not in the bucket its csses hash to; refusing to load\n");
		return -EINVAL;
	}
	if (bad_links || nr_links != nr_roots ||
	    cgscope_forced_fail("cgrp_cset_link_layout")) {
		pr_err("cgrp_cset_link: init_css_set's links do not match struct cgrp_cset_link (%u links, %u bad, %u hierarchies); refusing to load\n",
		       nr_links, bad_links, nr_roots);
		return -EINVAL;
	}
	return 0;
}

#ifdef CONFIG_CGROUP_DEVICE
/*
 * The devices css of init_css_set is the root of whichever hierarchy the
 * controller is bound to.
 * Context: cgroup_mutex.
 */
static int cgscope_check_dev_cgroup(void)
{
	struct cgroup_subsys_state *css;
	struct cgscope_dev_cgroup *devcg;

	css = cgscope_syms.init_css_set->subsys[devices_cgrp_id];
	if (!css) {
		pr_err("dev_cgroup_layout: init_css_set has no devices css; refusing to load\n");
		return -EINVAL;
	}
	devcg = cgscope_css_to_devcg(css);
	if (css->parent || strcmp(css->ss->name, "devices") ||
	    ksize(devcg) < sizeof(*devcg)) {
		pr_err("dev_cgroup_layout: the root devices css is not a struct dev_cgroup as we know it; refusing to load\n");
		return -EINVAL;
	}
	if (devcg->behavior != CGSCOPE_KDEVCG_ALLOW ||
	    !list_empty(&devcg->exceptions) ||
	    cgscope_forced_fail("dev_cgroup_layout")) {
		pr_err("dev_cgroup_layout: the root devices cgroup does not match struct dev_cgroup (behavior %d); refusing to load\n",
		       (int)devcg->behavior);
		return -EINVAL;
	}
	return 0;
}
#else
static int cgscope_check_dev_cgroup(void)
{
	return 0;
}
#endif

/*
 * The ns_common we take at the start of init's mount namespace: its ops
 * pointer must resolve to mntns_operations before anything reads through it.
 */
static int cgscope_check_mnt_namespace(void)
{
	struct ns_common *ns = cgscope_mnt_ns_common(init_task.nsproxy->mnt_ns);
	char buf[KSYM_SYMBOL_LEN];
	char *plus;

	sprint_symbol(buf, (unsigned long)ns->ops);
	plus = strchr(buf, '+');
	if (plus && !strncmp(plus, "+0x0/", 5))
		*plus = '\0';
	if (strcmp(buf, "mntns_operations") || ns->ops->type != CLONE_NEWNS ||
	    !ns->inum || cgscope_forced_fail("mnt_namespace_layout")) {
		pr_err("mnt_namespace_layout: init's mount namespace does not start with its ns_common (ops at %s); refusing to load\n",
		       buf);
		return -EINVAL;
	}
	return 0;
}

#define CGSCOPE_CHECK_MAX_SUPERS	65536

/*
 * The super_block of our root directory must be on super_blocks.
 * Context: process context; takes sb_lock for a bounded walk.
 */
static int cgscope_check_super_blocks(void)
{
	struct super_block *sb, *want;
	unsigned int n = 0;
	struct path root;
	bool seen = false;

	get_fs_root(current->fs, &root);
	want = root.mnt->mnt_sb;
	spin_lock(cgscope_syms.sb_lock);
	list_for_each_entry(sb, cgscope_syms.super_blocks, s_list) {
		if (sb == want)
			seen = true;
		if (seen || ++n > CGSCOPE_CHECK_MAX_SUPERS)
			break;
	}
	spin_unlock(cgscope_syms.sb_lock);
	path_put(&root);
	if (!seen || cgscope_forced_fail("super_blocks_list")) {
		pr_err("super_blocks: the super_block of our root is not on the list (walked %u entries); refusing to load\n",
		       n);
		return -EINVAL;
	}
	return 0;
}

#if defined(CONFIG_MEMCG) && defined(CONFIG_SWAP)
/*
 * Optional: swap_cgroup_ctrl, checked as the other symbols plus a look at
 * each swap type's entry.  A mismatch is logged and leaves it NULL.
 * Context: process context.
 */
static void cgscope_resolve_swap_cgroup(void)
{
	struct cgscope_swap_cgroup_ctrl *ctrl;
	unsigned long addr;
	int i;

	addr = cgscope_kallsyms_addr("swap_cgroup_ctrl");
	if (cgscope_check_symbol("swap_cgroup_ctrl", addr,
				 MAX_SWAPFILES * sizeof(*ctrl), false))
		goto out_unknown;
	ctrl = (struct cgscope_swap_cgroup_ctrl *)addr;
	for (i = 0; i < MAX_SWAPFILES; i++) {
		struct page **map = READ_ONCE(ctrl[i].map);
		unsigned long length = READ_ONCE(ctrl[i].length);

		if (map ? !is_vmalloc_addr(map) || !length : length != 0) {
			pr_warn("swap_cgroup_ctrl[%d]: map and length (%lu) do not match\n",
				i, length);
			goto out_unknown;
		}
	}
	if (cgscope_forced_fail("swap_cgroup_ctrl_layout"))
		goto out_unknown;
	cgscope_syms.swap_cgroup_ctrl = ctrl;
	return;

out_unknown:
	pr_warn("the owners of tmpfs pages in swap will not be shown\n");
}

/**
 * cgscope_swap_owner() - the memcg a swapped-out page cache entry is charged to
 * @entry: a value entry of a shmem/tmpfs page cache (a swap entry)
 *
 * Context: in the RCU read section that read @entry from the page cache
 * (see compat.h: swapoff waits for it before freeing the map).
 * Return: the owner's mem_cgroup_id(), or 0 when not known.
 */
unsigned short cgscope_swap_owner(void *entry)
{
	struct cgscope_swap_cgroup_ctrl *ctrl = cgscope_syms.swap_cgroup_ctrl;
	swp_entry_t ent = radix_to_swp_entry(entry);
	pgoff_t off = swp_offset(ent);
	unsigned long idx = off / CGSCOPE_SWAP_CGROUP_PER_PAGE;
	unsigned int type = swp_type(ent);
	struct page **map;
	struct page *page;

	RCU_LOCKDEP_WARN(!rcu_read_lock_held(), "swap owner read without RCU");
	if (!ctrl || type >= MAX_SWAPFILES)
		return 0;
	map = READ_ONCE(ctrl[type].map);
	if (!map || idx >= READ_ONCE(ctrl[type].length))
		return 0;
	page = READ_ONCE(map[idx]);
	if (!page)
		return 0;
	return READ_ONCE(((unsigned short *)page_address(page))
			 [off % CGSCOPE_SWAP_CGROUP_PER_PAGE]);
}
#endif

/**
 * cgscope_super_next() - the next live super_block, held active
 * @prev: the one returned before (held active), or NULL to start
 *
 * What iterate_supers() does, which modules cannot call: walk super_blocks
 * under sb_lock.  A super_block is held by an active reference (s_active,
 * as grab_super() takes it) rather than by s_count, whose release
 * (__put_super()) is private; an active super_block stays on the list, so
 * @prev's place in it is still valid when the walk goes on.  Super_blocks
 * not yet born, or whose active count already dropped to 0 (being shut
 * down), are skipped.  @prev is released with deactivate_super(), which
 * may shut it down if it was unmounted meanwhile.
 *
 * Context: process context, no locks held; may sleep.  Takes sb_lock for
 * a walk over the super_blocks not born or dying, never more.
 * Return: the next super_block, active (release it by passing it back, or
 * with deactivate_super()), or NULL at the end.
 */
struct super_block *cgscope_super_next(struct super_block *prev)
{
	struct list_head *head = cgscope_syms.super_blocks;
	struct super_block *sb;

	spin_lock(cgscope_syms.sb_lock);
	sb = list_entry(prev ? prev->s_list.next : head->next,
			struct super_block, s_list);
	for (; &sb->s_list != head; sb = list_next_entry(sb, s_list)) {
		if (!hlist_unhashed(&sb->s_instances) &&
		    (READ_ONCE(sb->s_flags) & SB_BORN) &&
		    atomic_inc_not_zero(&sb->s_active))
			break;
	}
	spin_unlock(cgscope_syms.sb_lock);
	if (prev)
		deactivate_super(prev);
	return &sb->s_list == head ? NULL : sb;
}

/**
 * cgscope_compat_init() - resolve and verify everything compat.h promises
 *
 * Context: process context, no locks held.
 * Return: 0, or a negative errno after logging what did not match.
 */
int cgscope_compat_init(void)
{
	int ret;

	ret = cgscope_resolve();
	if (ret)
		return ret;

	mutex_lock(cgscope_syms.cgroup_mutex);
	ret = cgscope_check_structures();
	if (!ret)
		ret = cgscope_check_dev_cgroup();
	mutex_unlock(cgscope_syms.cgroup_mutex);
	if (!ret)
		ret = cgscope_check_mnt_namespace();
	if (!ret)
		ret = cgscope_check_super_blocks();
#if defined(CONFIG_MEMCG) && defined(CONFIG_SWAP)
	if (!ret)
		cgscope_resolve_swap_cgroup();
#endif
	return ret;
}
