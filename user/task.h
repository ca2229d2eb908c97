/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tasks and their cgroups as the kernel reports them (CGSCOPE_CMD_TASK_GET),
 * for the task command and for commands that need every task.
 */
#ifndef CGSCOPE_TASK_H
#define CGSCOPE_TASK_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

/**
 * struct task_cgroup - a task's cgroup on one hierarchy
 * @hier: hierarchy id
 * @cgrp_id: cgroup id
 * @path: path from the hierarchy root
 * @ns_path: path from the root of the task's cgroup namespace, or NULL
 */
struct task_cgroup {
	__u32 hier;
	__u64 cgrp_id;
	char *path;
	char *ns_path;
};

/**
 * struct cg_task - one task (thread)
 * @pid: pid in the initial pid namespace
 * @tgid: its thread group id
 * @comm: its comm, or NULL
 * @has_cset: @cset_id is known
 * @cset_id: id of its css_set
 * @cgroups: its cgroup on each hierarchy
 * @nr_cgroups: how many
 * @cap_cgroups: room in @cgroups
 */
struct cg_task {
	__u32 pid;
	__u32 tgid;
	char *comm;
	bool has_cset;
	__u64 cset_id;
	struct task_cgroup *cgroups;
	size_t nr_cgroups;
	size_t cap_cgroups;
};

/**
 * struct cg_tasks - a list of tasks
 * @v: the tasks
 * @n: how many
 * @cap: room in @v
 */
struct cg_tasks {
	struct cg_task *v;
	size_t n;
	size_t cap;
};

int tasks_load(struct cg_tasks *ts);
void tasks_free(struct cg_tasks *ts);

#endif /* CGSCOPE_TASK_H */
