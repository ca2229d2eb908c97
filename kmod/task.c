// SPDX-License-Identifier: GPL-2.0
/*
 * Tasks: a thread's css_set and, for every hierarchy, its cgroup and the
 * root of its cgroup namespace there, which is what /proc/PID/cgroup is
 * computed from.  Tasks are found by pid in the initial pid namespace and
 * walked in pid order, so a walk resumes after the last pid it returned.
 */
#include <linux/nsproxy.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/sched/task.h>

#include "cgscope.h"

/**
 * cgscope_task_get() - a thread by pid
 * @pid: pid in the initial pid namespace
 *
 * Return: the task with a reference (put_task_struct()), or NULL.
 */
struct task_struct *cgscope_task_get(pid_t pid)
{
	struct task_struct *task;

	rcu_read_lock();
	task = pid_task(find_pid_ns(pid, &init_pid_ns), PIDTYPE_PID);
	if (task)
		get_task_struct(task);
	rcu_read_unlock();
	return task;
}

/**
 * cgscope_task_get_next() - the thread with the lowest pid >= *@pid
 * @pid: where to start; set to the pid found
 *
 * Return: the task with a reference, or NULL when there is none.
 */
struct task_struct *cgscope_task_get_next(pid_t *pid)
{
	struct task_struct *task = NULL;
	pid_t nr = *pid;

	rcu_read_lock();
	while (nr > 0) {
		struct pid *p = find_ge_pid(nr, &init_pid_ns);

		if (!p)
			break;
		nr = pid_nr(p);
		task = pid_task(p, PIDTYPE_PID);
		if (task) {
			get_task_struct(task);
			*pid = nr;
			break;
		}
		nr++;	/* a pid with no thread (a leftover pgid/sid) */
	}
	rcu_read_unlock();
	return task;
}

/**
 * cgscope_cset_cgroup() - the cgroup of a css_set on a hierarchy
 * @cset: the css_set
 * @root: the hierarchy
 *
 * As cset_cgroup_from_root() finds it.
 * Context: css_set_lock.
 * Return: the cgroup, or NULL if @cset has none there.
 */
struct cgroup *cgscope_cset_cgroup(struct css_set *cset,
				   struct cgroup_root *root)
{
	struct cgscope_cgrp_cset_link *link;

	lockdep_assert_held(cgscope_syms.css_set_lock);

	if (root == &cgrp_dfl_root)
		return cset->dfl_cgrp;
	list_for_each_entry(link, &cset->cgrp_links, cgrp_link)
		if (link->cgrp->root == root)
			return link->cgrp;
	return NULL;
}

/**
 * cgscope_task_read() - a task's css_set and cgroups
 * @task: the task, referenced by the caller
 * @info: filled in; the cgroups stay valid while cgroup_mutex is held
 *
 * A task that has exited keeps its last css_set until it is freed; it has
 * no namespaces any more, so its ns_root entries are NULL.
 *
 * Context: cgroup_mutex; takes task_lock, then css_set_lock, not nested.
 */
void cgscope_task_read(struct task_struct *task, struct cgscope_task_info *info)
{
	struct cgroup_namespace *ns = NULL;
	struct cgroup_root *root;
	struct css_set *cset;

	lockdep_assert_held(cgscope_syms.cgroup_mutex);

	memset(info, 0, offsetof(struct cgscope_task_info, cgroups));
	info->pid = task_pid_nr(task);
	info->tgid = task_tgid_nr(task);
	get_task_comm(info->comm, task);

	/* as cgroupns_get() does */
	task_lock(task);
	if (task->nsproxy) {
		ns = task->nsproxy->cgroup_ns;
		get_cgroup_ns(ns);
	}
	task_unlock(task);

	cgscope_cset_lock();
	cset = task_css_set_check(task,
				  lockdep_is_held(cgscope_syms.css_set_lock));
	info->cset_id = cgscope_cset_id(cset);
	for (root = cgscope_root_next(-1); root;
	     root = cgscope_root_next(root->hierarchy_id)) {
		struct cgscope_task_cgroup *tc;

		if (info->nr_cgroups == CGSCOPE_MAX_HIERARCHIES)
			break;
		tc = &info->cgroups[info->nr_cgroups];
		tc->cgrp = cgscope_cset_cgroup(cset, root);
		if (!tc->cgrp)
			continue;
		tc->hierarchy_id = root->hierarchy_id;
		tc->ns_root = ns ? cgscope_cset_cgroup(ns->root_cset, root) :
				   NULL;
		info->nr_cgroups++;
	}
	cgscope_cset_unlock();

	/* may free the namespace, which takes css_set_lock itself */
	put_cgroup_ns(ns);
}
