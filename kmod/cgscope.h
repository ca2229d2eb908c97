/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cgscope internals: the model (what we read from the kernel's cgroup
 * structures, one file per object) and the two views over it (netlink in
 * nl_*.c, debugfs in debugfs.c).
 *
 * Locking vocabulary used in the comments of every function below:
 *  - "cgroup_mutex": caller holds cgscope_syms.cgroup_mutex.  While it is
 *    held no cgroup or css can be freed (their release work takes it), so
 *    pointers collected under css_set_lock stay valid after it is dropped.
 *  - "css_set_lock": only ever taken inside this module for one bounded
 *    step (one hash bucket, one css_set's links, one task), through
 *    cgscope_cset_lock(), which also measures how long it was held.
 */
#ifndef _CGSCOPE_H
#define _CGSCOPE_H

#include <linux/cgroup.h>
#include <linux/sched.h>
#include <linux/types.h>
#include <linux/xarray.h>
#include <uapi/linux/cgscope.h>

#include "compat.h"

#ifndef CGSCOPE_VERSION
#define CGSCOPE_VERSION "0.1"
#endif

/* At most this many hierarchies are reported per object. */
#define CGSCOPE_MAX_HIERARCHIES	32
/* pids listed per css_set, like MAX_TASKS_SHOWN_PER_CSS in cgroup/debug.c */
#define CGSCOPE_CSET_PIDS_MAX	25

/* Is @cgrp on the v2 hierarchy?  (cgroup_on_dfl() is private.) */
static inline bool cgscope_on_dfl(const struct cgroup *cgrp)
{
	return cgrp->root == &cgrp_dfl_root;
}

/* lock.c: the locks, and what the module measured of its own holds */
struct cgscope_stats {
	u64 walks;		/* dumps and debugfs reads started */
	u64 css_set_lock_holds;	/* css_set_lock acquisitions */
	u64 hold_ns_total;
	u64 hold_ns_max;
	u64 mutex_ns_max;	/* longest cgroup_mutex hold */
};

void cgscope_cgroup_lock(void);
void cgscope_cgroup_unlock(void);
void cgscope_cset_lock(void);
void cgscope_cset_unlock(void);
void cgscope_stats_walk(void);
void cgscope_stats_read(struct cgscope_stats *out);
void cgscope_stats_reset(void);

/* ids.c: ids for objects the kernel gives none */
void cgscope_ids_init(void);
u64 cgscope_cset_id(const struct css_set *cset);

/* gen.c: a counter bumped whenever the cgroup world may have changed */
int cgscope_gen_init(void);
void cgscope_gen_exit(void);
unsigned int cgscope_gen_topology(void);
unsigned int cgscope_gen_all(void);

/* subsys.c: controllers */
void cgscope_subsys_init(void);
const char *cgscope_subsys_name(int ssid, bool dfl);
u16 cgscope_subsys_threaded_mask(void);
u16 cgscope_subsys_dfl_hidden_mask(void);
struct cgroup_subsys *cgscope_subsys_get(int ssid);
int cgscope_subsys_find(const char *name);

/* root.c: hierarchies */
struct cgscope_root_info {
	u32 hierarchy_id;
	u32 flags;
	u32 nr_cgroups;
	u16 subsys_mask;
	bool is_default;
	u64 cgroup_id;
	char name[MAX_CGROUP_ROOT_NAMELEN];
};

struct cgroup_root *cgscope_root_find(u32 hierarchy_id);
struct cgroup_root *cgscope_root_next(int after);
void cgscope_root_read(struct cgroup_root *root,
		       struct cgscope_root_info *info);
u32 cgscope_nr_roots(void);

/* cgroup.c: cgroups */
struct cgscope_css_info {
	u32 id;
	bool online;
	bool dying;
};

struct cgscope_cgroup_info {
	u64 id;
	u64 parent_id;
	u32 hierarchy_id;
	u32 level;
	u32 nr_tasks;
	u32 nr_descendants;
	u32 nr_dying_descendants;
	u32 type;			/* enum cgscope_cgroup_type */
	u16 controllers;		/* cgroup.controllers */
	u16 subtree_control;
	u16 subtree_ss_mask;
	u16 css_mask;			/* which css[] are filled */
	bool has_parent;
	bool populated;
	bool dying;
	struct cgscope_css_info css[CGROUP_SUBSYS_COUNT];
};

void cgscope_cgroup_read(struct cgroup *cgrp,
			 struct cgscope_cgroup_info *info);
struct cgroup *cgscope_cgroup_find(struct cgroup_root *root, u64 id);
int cgscope_cgroup_path(struct cgroup *cgrp, struct cgroup *from,
			char *buf, size_t len);
struct cgroup *cgscope_cgroup_next(struct cgroup *pos, struct cgroup *top);
struct cgroup *cgscope_cgroup_next_after(struct cgroup *parent, u64 serial,
					 struct cgroup *top);
bool cgscope_cgroup_pin(struct cgroup *cgrp);
const char *cgscope_cgroup_type_name(u32 type);

/* css_set.c: css_sets */
struct cgscope_cset_info {
	u64 id;
	u64 dom_id;
	unsigned long addr;		/* the walk's order; never shown */
	const struct css_set *dom;	/* for dom_id; not dereferenced */
	u32 refcount;
	u32 nr_tasks;
	bool dead;
	bool is_init;
	bool pids_truncated;
	u8 nr_links;
	u8 nr_pids;
	struct cgroup *links[CGSCOPE_MAX_HIERARCHIES];
	struct cgroup_subsys_state *subsys[CGROUP_SUBSYS_COUNT];
	pid_t pids[CGSCOPE_CSET_PIDS_MAX];
};

/* A position in css_set_table that survives dropping every lock. */
struct cgscope_cset_cursor {
	u32 bucket;
	unsigned long after;	/* addresses <= this in @bucket were done */
};

int cgscope_cset_collect(struct cgscope_cset_cursor *cur,
			 struct cgscope_cset_info *buf, int max);
int cgscope_cset_find(u64 id, struct cgscope_cset_info *info);

/* task.c: tasks */
struct cgscope_task_cgroup {
	u32 hierarchy_id;
	struct cgroup *cgrp;
	struct cgroup *ns_root;	/* NULL: the task has no namespaces left */
};

struct cgscope_task_info {
	pid_t pid;
	pid_t tgid;
	u64 cset_id;
	u8 nr_cgroups;
	char comm[TASK_COMM_LEN];
	struct cgscope_task_cgroup cgroups[CGSCOPE_MAX_HIERARCHIES];
};

struct task_struct *cgscope_task_get(pid_t pid);
struct task_struct *cgscope_task_get_next(pid_t *pid);
void cgscope_task_read(struct task_struct *task,
		       struct cgscope_task_info *info);
struct cgroup *cgscope_cset_cgroup(struct css_set *cset,
				   struct cgroup_root *root);

/* target.c: what a request names, a task or a cgroup */
struct cgscope_target {
	pid_t pid;		/* a task: its pid; 0 for a cgroup */
	struct cgroup *cgrp;	/* a cgroup: itself; NULL for a task */
	struct cgroup *v2;	/* the v2 cgroup it stands for, or NULL */
	/* its css of each controller (a task's css_set's), or NULL */
	struct cgroup_subsys_state *css[CGROUP_SUBSYS_COUNT];
};

int cgscope_target_task(pid_t pid, struct cgscope_target *t);
int cgscope_target_cgroup(u32 hierarchy_id, u64 id, struct cgscope_target *t);

/* ns.c: namespaces */
#define CGSCOPE_NS_TYPE_LAST	CGSCOPE_NS_TIME
#define CGSCOPE_TASK_NS_MAX	10	/* the files of /proc/PID/ns */

struct cgscope_ns_info {
	u32 type;			/* enum cgscope_ns_type */
	u32 inum;
	u32 owner_inum;			/* 0: no owner (initial user ns) */
	u32 level;			/* pid and user namespaces */
	bool has_level;
	bool for_children;
};

struct cgscope_task_ns {
	pid_t pid;
	pid_t tgid;
	char comm[TASK_COMM_LEN];
	unsigned int nr;
	struct cgscope_ns_info ns[CGSCOPE_TASK_NS_MAX];
	struct cgroup_namespace *cgns;	/* referenced, NULL: exiting */
};

struct cgscope_cgns_root {
	u32 hierarchy_id;
	struct cgroup *cgrp;
};

struct cgscope_cgns_info {
	u64 root_cset_id;
	unsigned int nr_roots;
	struct cgscope_cgns_root roots[CGSCOPE_MAX_HIERARCHIES];
};

/* A namespace in use, with the tasks counted in it */
struct cgscope_ns_entry {
	struct cgscope_ns_info info;
	u32 nr_procs;
	u32 nr_threads;
	pid_t min_proc_pid;		/* 0: no process */
	pid_t min_thread_pid;
	struct cgroup_namespace *cgns;	/* referenced, cgroup namespaces */
};

/* Every namespace in use, by type and inode number */
struct cgscope_ns_table {
	struct xarray by_type[CGSCOPE_NS_TYPE_LAST + 1];
};

void cgscope_task_ns_read(struct task_struct *task, struct cgscope_task_ns *tn);
void cgscope_task_ns_release(struct cgscope_task_ns *tn);
void cgscope_cgns_read(struct cgroup_namespace *ns,
		       struct cgscope_cgns_info *ci);
struct cgscope_ns_table *cgscope_ns_table_collect(u32 type);
void cgscope_ns_table_skip(u32 *type, u32 *inum);
void cgscope_ns_table_free(struct cgscope_ns_table *t);
struct cgscope_ns_entry *cgscope_ns_table_next(struct cgscope_ns_table *t,
					       u32 *type, u32 *inum);
const char *cgscope_ns_type_name(u32 type);

/* devcg.c: the device controller, v1 exception lists and v2 programs */
struct cgscope_devcg_exc {
	u32 major;		/* ~0: any */
	u32 minor;		/* ~0: any */
	u8 type;		/* CGSCOPE_DEV_* */
	u8 access;		/* CGSCOPE_ACC_* */
};

struct cgscope_devcg_info {
	u32 behavior;		/* enum cgscope_kdevcg_behavior */
	u32 nr;
	struct cgscope_devcg_exc *exc;
};

struct cgscope_devcg_verdict {
	bool allowed;		/* by the v1 layer */
	bool has_rule;		/* @rule decided, not the default */
	bool unrestricted;	/* a root that allows everything */
	bool bpf_denied;
	u32 behavior;
	struct cgscope_devcg_exc rule;
	u32 deny_prog_id;	/* the first program that denied */
	u32 nr_progs;
};

#define CGSCOPE_PROGS_MAX	64	/* BPF_CGROUP_MAX_PROGS */

struct cgscope_prog_info {
	u32 id;
	u32 attach_flags;
	u64 attached_at;	/* v2 cgroup id, 0 if not found */
	bool inherited;
	u8 tag[8];		/* BPF_TAG_SIZE */
	char name[16];		/* BPF_OBJ_NAME_LEN */
};

int cgscope_devcg_read(struct cgroup_subsys_state *css,
		       struct cgscope_devcg_info *info);
int cgscope_devcg_eval_v1(struct cgroup_subsys_state *css, u8 type,
			  u32 major, u32 minor, u8 access,
			  struct cgscope_devcg_verdict *v);
int cgscope_devcg_progs(struct cgroup *cgrp, struct cgscope_prog_info *buf,
			int max);
void cgscope_devcg_eval_bpf(struct cgroup *cgrp, u8 type, u32 major,
			    u32 minor, u8 access,
			    struct cgscope_devcg_verdict *v);
int cgscope_devcg_decide(struct cgroup_subsys_state *devcss,
			 struct cgroup *v2, u8 type, u32 major, u32 minor,
			 u8 access, struct cgscope_devcg_verdict *v);
u32 cgscope_devcg_layer(const struct cgscope_devcg_verdict *v);

/* events.c and events_probe.c: live device events */
#define CGSCOPE_EVENT_PATH_LEN	256	/* longer paths are left out */
#define CGSCOPE_EVENT_RULE_LEN	64

struct cgscope_event {
	u64 seq;
	u64 mono_ns;
	u64 real_ns;
	u32 type;			/* enum cgscope_event_type */
	u32 op;				/* enum cgscope_event_op */
	pid_t pid;
	pid_t tgid;
	char comm[TASK_COMM_LEN];
	/* referenced from the probe until the worker has read them */
	struct cgroup_subsys_state *devcss;
	struct cgroup *v2;
	u32 hierarchy_id;		/* of the devices (or written) cgroup */
	u64 cgrp_id;			/* 0: none */
	u64 v2_id;			/* 0: none */
	u32 major;
	u32 minor;
	u8 dev_type;			/* CGSCOPE_DEV_* */
	u8 access;			/* CGSCOPE_ACC_* */
	bool done;			/* the worker filled what follows */
	bool has_path;
	bool has_v2_path;
	u32 layer;			/* enum cgscope_check_layer */
	struct cgscope_devcg_verdict verdict;
	u32 prog_id;
	u32 flags;
	u32 error;			/* errno of a rule change */
	char prog_name[16];		/* BPF_OBJ_NAME_LEN */
	char rule[CGSCOPE_EVENT_RULE_LEN];
	char path[CGSCOPE_EVENT_PATH_LEN];
	char v2_path[CGSCOPE_EVENT_PATH_LEN];
};

struct cgscope_event_stats {
	bool armed;
	u64 triggered;
	u64 ratelimited;
	u64 recorded;
	u64 overrun;
	u64 sent;
	u64 missed;
	u32 ring_size;
	u32 rate;
};

/*
 * Where events go once the worker has resolved them (nl_events.c
 * registers the netlink family's): whether anyone listens, and delivery.
 * Context of both: process, no locks.
 */
struct cgscope_event_sink {
	bool (*listening)(void);
	void (*deliver)(const struct cgscope_event *ev);
};

int cgscope_events_init(void);
void cgscope_events_exit(void);
void cgscope_events_set_sink(const struct cgscope_event_sink *sink);
u64 cgscope_events_features(void);
void cgscope_events_record(struct cgscope_event *ev);
int cgscope_events_arm(void);
int cgscope_events_set_ring(bool on);
bool cgscope_events_ring_enabled(void);
void cgscope_events_stats(struct cgscope_event_stats *st);
bool cgscope_events_read(u64 seq, struct cgscope_event *ev);
int cgscope_events_probe_init(void);
void cgscope_events_probe_exit(void);
void cgscope_events_probe_enable(bool on);
u64 cgscope_events_probe_missed(void);
u64 cgscope_events_probe_features(void);

/* dying.c: csses and cgroups killed but not yet released */

struct cgscope_dying_info {
	struct cgroup *cgrp;	/* valid while cgroup_mutex is held */
	bool is_cgroup;		/* the cgroup itself, not one of its csses */
	u32 ssid;		/* a css's controller */
	u32 css_id;
	bool online;		/* killed, ->css_offline() not yet run */
	bool cgroup_dying;	/* the cgroup was removed as well */
	bool ref_dead;
	bool ref_atomic;
	bool has_refs;
	bool has_charged;
	u64 refs;
	u64 charged;		/* bytes */
};

bool cgscope_css_is_dying(struct cgroup_subsys_state *css);
struct cgroup_subsys_state *cgscope_dying_css_next(int ssid, int *id);
void cgscope_dying_css_read(struct cgroup_subsys_state *css,
			    struct cgscope_dying_info *info);
void cgscope_dying_cgroup_read(struct cgroup *cgrp,
			       struct cgscope_dying_info *info);
int cgscope_dying_cgroups(struct cgroup_root *root, u64 after,
			  struct cgroup **buf, int max);

/* memcg.c: the memory controller's page counters */
struct cgscope_memcg_counter {
	u64 usage;		/* bytes */
	u64 max;		/* bytes, CGSCOPE_MEMCG_UNLIMITED: none */
	u64 watermark;		/* bytes */
	u64 failcnt;
};

struct cgscope_memcg_info {
	u32 css_id;
	bool has_swap;		/* v2 */
	bool has_memsw;		/* v1 */
	bool has_kmem;		/* v1, kernels with memcg v1 */
	struct cgscope_memcg_counter memory;
	struct cgscope_memcg_counter swap;
	struct cgscope_memcg_counter memsw;
	struct cgscope_memcg_counter kmem;
	u64 low;
	u64 high;
	u64 min;
	u64 events_max;
	u64 events_oom;
	u64 events_oom_kill;
};

void cgscope_memcg_read(struct cgroup_subsys_state *css,
			struct cgscope_memcg_info *info);
u64 cgscope_memcg_charged(struct cgroup_subsys_state *css);

/* memcg_files.c: the page cache charged to memory cgroups, file by file */
#define CGSCOPE_MFILES_MAX_TARGETS	65536
#define CGSCOPE_MFILES_MAX_FILES	65536
#define CGSCOPE_MFILES_FSTYPE_LEN	32

/* One file's pages charged to one memcg of the walk */
struct cgscope_mfile {
	struct list_head list;
	u32 target;		/* index in cgscope_mfiles.targets */
	u32 dev;		/* the super_block's s_dev */
	u64 ino;
	u64 pages;
	u64 swapped;		/* tmpfs pages in swap charged to the target */
	u8 state;		/* enum cgscope_mfile_state (uAPI) */
	bool shmem;		/* tmpfs or shmem: not dropped by reclaim alone */
	char fstype[CGSCOPE_MFILES_FSTYPE_LEN];
	char *path;		/* CGSCOPE_MFILE_LINKED: from the fs's root */
};

struct cgscope_mfiles_target {
	struct cgroup_subsys_state *css;	/* a reference held */
	bool dying;
	u64 charged_before;	/* bytes, before the walk */
	u64 charged_after;	/* bytes, after it */
	u64 pages;		/* found in page caches */
	u64 shmem_pages;	/* of those, in tmpfs/shmem */
	u64 swapped_pages;	/* tmpfs/shmem pages in swap, charged to it */
	u64 files;		/* files found (listed or not) */
	bool has_swap;		/* v2: swap is counted apart */
	u64 swap;		/* bytes of swap charged, after the walk */
};

/**
 * struct cgscope_mfiles - one walk of every page cache for some memcgs
 * @targets: the memcgs, each with a css reference (cgscope_mfiles_add())
 * @nr_targets: how many
 * @files: the files found, sorted by cgscope_mfiles_walk(): by target,
 *	then pages, largest first
 * @nr_files: entries of @files
 * @truncated: files beyond CGSCOPE_MFILES_MAX_FILES were counted in their
 *	target's totals but not listed
 * @raced: folios that moved while looked at (left uncounted)
 * @supers: super_blocks walked
 * @inodes: inodes with page cache looked at
 * @folios: folios looked at
 * @walk_ns: how long the walk took
 * @hold_max_ns: the longest s_inode_list_lock hold
 * @step_max_ns: the longest RCU step over a page cache (preemption included)
 * @swap_owners: tmpfs pages in swap were attributed (the kernel's record of
 *	each swap slot's memcg could be read: compat.h)
 */
struct cgscope_mfiles {
	struct cgscope_mfiles_target *targets;
	u32 nr_targets;
	struct cgscope_mfile **files;
	u32 nr_files;
	bool truncated;
	u64 raced;
	u64 supers;
	u64 inodes;
	u64 folios;
	u64 walk_ns;
	u64 hold_max_ns;
	u64 step_max_ns;
	bool swap_owners;
	/* private to memcg_files.c */
	unsigned int alloc_targets;
	void *keys;			/* memcg addresses, for the lookup */
	void *swap_keys;		/* memcg ids, for the swap lookup */
	u64 *acc;			/* pages of one inode per target */
	u64 *sacc;			/* its pages in swap per target */
	u32 *touched;
	u32 nr_touched;
	struct list_head list;
	char *path;			/* PATH_MAX of scratch */
};

int cgscope_mfiles_add(struct cgscope_mfiles *mf,
		       struct cgroup_subsys_state *css);
struct cgroup_subsys_state *cgscope_memcg_css_by_id(int id);
int cgscope_mfiles_walk(struct cgscope_mfiles *mf);
void cgscope_mfiles_free(struct cgscope_mfiles *mf);

/* nl.c */
int cgscope_nl_init(void);
void cgscope_nl_exit(void);

/* debugfs.c */
int cgscope_debugfs_init(void);
void cgscope_debugfs_exit(void);

#endif /* _CGSCOPE_H */
