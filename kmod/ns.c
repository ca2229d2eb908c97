// SPDX-License-Identifier: GPL-2.0
/*
 * Namespaces: those of one task, in the order /proc/PID/ns lists them, and
 * every namespace in use on the system, found through the tasks in it as
 * lsns finds them.  Each is named by its type and the inode number of its
 * nsfs file; the owning user namespace comes from ns->ops->owner(), as the
 * NS_GET_USERNS ioctl finds it.  A cgroup namespace also has a root: the
 * css_set of the task that created it, and through it one cgroup per
 * hierarchy, which is where the namespace's /proc/PID/cgroup paths start.
 *
 * Lifetimes: a task's nsproxy and the namespaces it references are stable
 * under task_lock() (switch_task_namespaces() swaps it there); its user
 * namespace comes from its credentials and its pid namespace from its
 * struct pid, both under RCU.  Only cgroup namespaces are kept beyond
 * that, by reference, because their roots are read later under
 * cgroup_mutex.
 */
#include <linux/cgroup.h>
#include <linux/cred.h>
#include <linux/ipc_namespace.h>
#include <linux/nsproxy.h>
#include <linux/pid_namespace.h>
#include <linux/proc_ns.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/time_namespace.h>
#include <linux/user_namespace.h>
#include <linux/utsname.h>
#include <net/net_namespace.h>

#include "cgscope.h"

static const char *const cgscope_ns_names[CGSCOPE_NS_TYPE_LAST + 1] = {
	[CGSCOPE_NS_MNT]	= "mnt",
	[CGSCOPE_NS_CGROUP]	= "cgroup",
	[CGSCOPE_NS_UTS]	= "uts",
	[CGSCOPE_NS_IPC]	= "ipc",
	[CGSCOPE_NS_USER]	= "user",
	[CGSCOPE_NS_PID]	= "pid",
	[CGSCOPE_NS_NET]	= "net",
	[CGSCOPE_NS_TIME]	= "time",
};

/**
 * cgscope_ns_type_name() - the name lsns and /proc/PID/ns use for a type
 * @type: enum cgscope_ns_type
 *
 * Return: the name, or "?" for a type we do not know.
 */
const char *cgscope_ns_type_name(u32 type)
{
	if (type < ARRAY_SIZE(cgscope_ns_names) && cgscope_ns_names[type])
		return cgscope_ns_names[type];
	return "?";
}

static u32 cgscope_ns_type(int clone_flag)
{
	switch (clone_flag) {
	case CLONE_NEWNS:
		return CGSCOPE_NS_MNT;
	case CLONE_NEWCGROUP:
		return CGSCOPE_NS_CGROUP;
	case CLONE_NEWUTS:
		return CGSCOPE_NS_UTS;
	case CLONE_NEWIPC:
		return CGSCOPE_NS_IPC;
	case CLONE_NEWUSER:
		return CGSCOPE_NS_USER;
	case CLONE_NEWPID:
		return CGSCOPE_NS_PID;
	case CLONE_NEWNET:
		return CGSCOPE_NS_NET;
	case CLONE_NEWTIME:
		return CGSCOPE_NS_TIME;
	}
	return 0;
}

/*
 * Add @ns to @tn.
 * Context: whatever keeps @ns alive (task_lock, RCU).
 */
static void cgscope_task_ns_add(struct cgscope_task_ns *tn,
				struct ns_common *ns, bool for_children)
{
	struct cgscope_ns_info *ni;
	struct user_namespace *owner;
	u32 type;

	if (!ns || tn->nr == CGSCOPE_TASK_NS_MAX)
		return;
	type = cgscope_ns_type(ns->ops->type);
	if (!type) {
		pr_warn_once("namespace %s has an unknown type %#x; left out\n",
			     ns->ops->name, ns->ops->type);
		return;
	}
	ni = &tn->ns[tn->nr++];
	memset(ni, 0, sizeof(*ni));
	ni->type = type;
	ni->inum = ns->inum;
	ni->for_children = for_children;
	owner = ns->ops->owner(ns);
	ni->owner_inum = owner ? owner->ns.inum : 0;
	if (type == CGSCOPE_NS_PID) {
		ni->level = container_of(ns, struct pid_namespace, ns)->level;
		ni->has_level = true;
	} else if (type == CGSCOPE_NS_USER) {
		ni->level = container_of(ns, struct user_namespace, ns)->level;
		ni->has_level = true;
	}
}

/* The ns_common of a namespace pointer that may be NULL. */
#define CGSCOPE_NS_OF(ptr) ({			\
	typeof(ptr) __ns = (ptr);		\
	__ns ? &__ns->ns : NULL;		\
})

/**
 * cgscope_task_ns_read() - a task's namespaces
 * @task: the task, referenced by the caller
 * @tn: filled in; release with cgscope_task_ns_release()
 *
 * What the files of /proc/PID/ns show, in their order: net, uts, ipc, pid,
 * pid_for_children, user, mnt, cgroup, time, time_for_children.  A task
 * that is exiting has no nsproxy any more; it keeps its user and pid
 * namespaces until it is reaped.  pid_for_children is left out until the
 * namespace has its init, as nsfs leaves it out.
 *
 * Context: process context; takes task_lock and RCU.
 */
void cgscope_task_ns_read(struct task_struct *task, struct cgscope_task_ns *tn)
{
	struct nsproxy *nsp;

	memset(tn, 0, sizeof(*tn));
	tn->pid = task_pid_nr(task);
	tn->tgid = task_tgid_nr(task);
	get_task_comm(tn->comm, task);

	rcu_read_lock();
	task_lock(task);
	nsp = task->nsproxy;
	if (nsp) {
		cgscope_task_ns_add(tn, CGSCOPE_NS_OF(nsp->net_ns), false);
		cgscope_task_ns_add(tn, CGSCOPE_NS_OF(nsp->uts_ns), false);
		cgscope_task_ns_add(tn, CGSCOPE_NS_OF(nsp->ipc_ns), false);
	}
	cgscope_task_ns_add(tn, CGSCOPE_NS_OF(task_active_pid_ns(task)), false);
	if (nsp && nsp->pid_ns_for_children &&
	    READ_ONCE(nsp->pid_ns_for_children->child_reaper))
		cgscope_task_ns_add(tn, &nsp->pid_ns_for_children->ns, true);
	cgscope_task_ns_add(tn, &__task_cred(task)->user_ns->ns, false);
	if (nsp) {
		cgscope_task_ns_add(tn, cgscope_mnt_ns_common(nsp->mnt_ns),
				    false);
		cgscope_task_ns_add(tn, CGSCOPE_NS_OF(nsp->cgroup_ns), false);
		tn->cgns = nsp->cgroup_ns;
		get_cgroup_ns(tn->cgns);
#ifdef CONFIG_TIME_NS
		cgscope_task_ns_add(tn, CGSCOPE_NS_OF(nsp->time_ns), false);
		cgscope_task_ns_add(tn, CGSCOPE_NS_OF(nsp->time_ns_for_children),
				    true);
#endif
	}
	task_unlock(task);
	rcu_read_unlock();
}

/**
 * cgscope_task_ns_release() - drop what cgscope_task_ns_read() took
 * @tn: the task's namespaces
 *
 * Context: no spinlock held (the last reference frees the namespace, which
 * takes css_set_lock).
 */
void cgscope_task_ns_release(struct cgscope_task_ns *tn)
{
	put_cgroup_ns(tn->cgns);
	tn->cgns = NULL;
}

/**
 * cgscope_cgns_read() - the root of a cgroup namespace
 * @ns: the namespace, referenced by the caller
 * @ci: filled in; the cgroups stay valid while cgroup_mutex is held
 *
 * Context: cgroup_mutex; takes css_set_lock once, for one css_set's links.
 */
void cgscope_cgns_read(struct cgroup_namespace *ns,
		       struct cgscope_cgns_info *ci)
{
	struct cgroup_root *root;

	lockdep_assert_held(cgscope_syms.cgroup_mutex);

	ci->nr_roots = 0;
	ci->root_cset_id = cgscope_cset_id(ns->root_cset);
	cgscope_cset_lock();
	for (root = cgscope_root_next(-1);
	     root && ci->nr_roots < CGSCOPE_MAX_HIERARCHIES;
	     root = cgscope_root_next(root->hierarchy_id)) {
		struct cgscope_cgns_root *r = &ci->roots[ci->nr_roots];

		r->cgrp = cgscope_cset_cgroup(ns->root_cset, root);
		if (!r->cgrp)
			continue;
		r->hierarchy_id = root->hierarchy_id;
		ci->nr_roots++;
	}
	cgscope_cset_unlock();
}

/* Count @tn's task in the namespaces it is in. */
static int cgscope_ns_table_add(struct cgscope_ns_table *t,
				struct cgscope_task_ns *tn, bool is_proc)
{
	unsigned int i;
	int err;

	for (i = 0; i < tn->nr; i++) {
		const struct cgscope_ns_info *ni = &tn->ns[i];
		struct xarray *xa = &t->by_type[ni->type];
		struct cgscope_ns_entry *e;

		/* lsns lists the namespaces tasks are in, not those to come */
		if (ni->for_children)
			continue;
		e = xa_load(xa, ni->inum);
		if (!e) {
			e = kzalloc(sizeof(*e), GFP_KERNEL);
			if (!e)
				return -ENOMEM;
			e->info = *ni;
			err = xa_err(xa_store(xa, ni->inum, e, GFP_KERNEL));
			if (err) {
				kfree(e);
				return err;
			}
			if (ni->type == CGSCOPE_NS_CGROUP && tn->cgns) {
				get_cgroup_ns(tn->cgns);
				e->cgns = tn->cgns;
			}
		}
		e->nr_threads++;
		if (!e->min_thread_pid || tn->pid < e->min_thread_pid)
			e->min_thread_pid = tn->pid;
		if (is_proc) {
			e->nr_procs++;
			if (!e->min_proc_pid || tn->pid < e->min_proc_pid)
				e->min_proc_pid = tn->pid;
		}
	}
	return 0;
}

/**
 * cgscope_ns_table_collect() - every namespace in use
 * @type: only this enum cgscope_ns_type, or 0 for all
 *
 * Walks every thread in pid order, one at a time with no lock held across
 * threads, and counts it in each namespace it is in.  Processes are thread
 * group leaders, whose namespaces are what /proc/PID/ns shows.  The table
 * is a sum over a walk, not an atomic snapshot: a task forked or migrated
 * during the walk may or may not be counted.
 *
 * Context: process context, no locks held; sleeps.
 * Return: the table (free with cgscope_ns_table_free()), or an ERR_PTR
 * (-ENOMEM, -EINTR when a fatal signal is pending).
 */
struct cgscope_ns_table *cgscope_ns_table_collect(u32 type)
{
	struct cgscope_ns_table *t;
	struct cgscope_task_ns *tn;
	struct task_struct *task;
	pid_t pid = 1;
	int i, err = 0;

	t = kzalloc(sizeof(*t), GFP_KERNEL);
	tn = kmalloc(sizeof(*tn), GFP_KERNEL);
	if (!t || !tn) {
		kfree(t);
		kfree(tn);
		return ERR_PTR(-ENOMEM);
	}
	for (i = 0; i <= CGSCOPE_NS_TYPE_LAST; i++)
		xa_init(&t->by_type[i]);

	while (!err && (task = cgscope_task_get_next(&pid))) {
		bool is_proc = thread_group_leader(task);
		unsigned int j, k = 0;

		cgscope_task_ns_read(task, tn);
		put_task_struct(task);
		if (type) {
			for (j = 0; j < tn->nr; j++)
				if (tn->ns[j].type == type)
					tn->ns[k++] = tn->ns[j];
			tn->nr = k;
		}
		err = cgscope_ns_table_add(t, tn, is_proc);
		cgscope_task_ns_release(tn);
		if (!err && fatal_signal_pending(current))
			err = -EINTR;
		cond_resched();
		pid++;
	}
	kfree(tn);
	if (err) {
		cgscope_ns_table_free(t);
		return ERR_PTR(err);
	}
	return t;
}

/**
 * cgscope_ns_table_next() - the first entry at or after (@type, @inum)
 * @t: the table
 * @type: in: where to start; out: the entry's type
 * @inum: in: where to start; out: the entry's inode number
 *
 * Entries come by type, then by inode number, so a dump resumes at the key
 * after the last one it sent.
 *
 * Return: the entry, or NULL past the last.
 */
struct cgscope_ns_entry *cgscope_ns_table_next(struct cgscope_ns_table *t,
					       u32 *type, u32 *inum)
{
	unsigned long index = *inum;
	u32 ty;

	for (ty = max_t(u32, *type, 1); ty <= CGSCOPE_NS_TYPE_LAST; ty++) {
		struct cgscope_ns_entry *e;

		e = xa_find(&t->by_type[ty], &index, U32_MAX, XA_PRESENT);
		if (e) {
			*type = ty;
			*inum = index;
			return e;
		}
		index = 0;
	}
	return NULL;
}

/**
 * cgscope_ns_table_skip() - the key after (@type, @inum)
 * @type: in: an entry's type; out: where the next one may be
 * @inum: in: its inode number; out: where the next one may be
 *
 * What a walk with cgscope_ns_table_next() does after each entry.
 */
void cgscope_ns_table_skip(u32 *type, u32 *inum)
{
	if (*inum == U32_MAX) {
		*inum = 0;
		(*type)++;
	} else {
		(*inum)++;
	}
}

/**
 * cgscope_ns_table_free() - free a table and drop its references
 * @t: the table, or NULL
 *
 * Context: no spinlock held.
 */
void cgscope_ns_table_free(struct cgscope_ns_table *t)
{
	struct cgscope_ns_entry *e;
	unsigned long index;
	int i;

	if (!t)
		return;
	for (i = 0; i <= CGSCOPE_NS_TYPE_LAST; i++) {
		xa_for_each(&t->by_type[i], index, e) {
			put_cgroup_ns(e->cgns);
			kfree(e);
		}
		xa_destroy(&t->by_type[i]);
	}
	kfree(t);
}
