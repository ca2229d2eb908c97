// SPDX-License-Identifier: GPL-2.0
/*
 * Targets: what a request names, "a task or a cgroup", resolved to the
 * cgroups and csses it stands for.  A task stands for its css_set (the
 * csses it is charged to and checked against, and its v2 cgroup); a
 * cgroup stands for itself and its own csses.  Every command that takes a
 * task or a cgroup resolves it here, so the kernel reads it needs live in
 * one place of the model.
 */
#include <linux/sched/task.h>

#include "cgscope.h"

/* A cgroup's own css.  Context: cgroup_mutex. */
static struct cgroup_subsys_state *
cgscope_cgroup_css(struct cgroup *cgrp, int ssid)
{
	return rcu_dereference_protected(cgrp->subsys[ssid],
					 lockdep_is_held(cgscope_syms.cgroup_mutex));
}

/**
 * cgscope_target_task() - resolve a task
 * @pid: pid in the initial pid namespace
 * @t: filled in
 *
 * Context: cgroup_mutex (the csses and cgroups found stay valid while it is
 * held); takes css_set_lock for one read of the task's css_set.
 * Return: 0, or -ESRCH when there is no such task.
 */
int cgscope_target_task(pid_t pid, struct cgscope_target *t)
{
	struct task_struct *task;
	struct css_set *cset;

	lockdep_assert_held(cgscope_syms.cgroup_mutex);

	memset(t, 0, sizeof(*t));
	task = cgscope_task_get(pid);
	if (!task)
		return -ESRCH;
	cgscope_cset_lock();
	cset = task_css_set_check(task,
				  lockdep_is_held(cgscope_syms.css_set_lock));
	memcpy(t->css, cset->subsys, sizeof(t->css));
	t->v2 = cset->dfl_cgrp;
	cgscope_cset_unlock();
	put_task_struct(task);
	t->pid = pid;
	return 0;
}

/**
 * cgscope_target_cgroup() - resolve a cgroup
 * @hierarchy_id: its hierarchy
 * @id: its cgroup id
 * @t: filled in
 *
 * Context: cgroup_mutex.
 * Return: 0, -ENODEV when there is no such hierarchy, -ENOENT when it has
 * no such cgroup (dying cgroups are found).
 */
int cgscope_target_cgroup(u32 hierarchy_id, u64 id, struct cgscope_target *t)
{
	struct cgroup_root *root;
	struct cgroup *cgrp;
	int ssid;

	lockdep_assert_held(cgscope_syms.cgroup_mutex);

	memset(t, 0, sizeof(*t));
	root = cgscope_root_find(hierarchy_id);
	if (!root)
		return -ENODEV;
	cgrp = cgscope_cgroup_find(root, id);
	if (!cgrp)
		return -ENOENT;
	t->cgrp = cgrp;
	for (ssid = 0; ssid < CGROUP_SUBSYS_COUNT; ssid++)
		t->css[ssid] = cgscope_cgroup_css(cgrp, ssid);
	if (cgscope_on_dfl(cgrp))
		t->v2 = cgrp;
	return 0;
}
