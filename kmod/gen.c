// SPDX-License-Identifier: GPL-2.0
/*
 * Generation counters for the cgroup world, so that a netlink dump can
 * flag NLM_F_DUMP_INTR when what it walks changed between two of its
 * messages.  The kernel keeps no such counter; we bump ours from the
 * cgroup tracepoints: hierarchies and cgroups appearing, going or renamed
 * (the topology counter), and tasks migrating between cgroups, which is
 * what creates css_sets and moves tasks between them.  A probe is one
 * atomic increment, on paths that already take cgroup_mutex.
 *
 * Not seen: the migrations cgroup_update_dfl_csses() makes when
 * cgroup.subtree_control or cgroup.type is written (no tracepoint there);
 * the css_sets they create and the tasks they move may go unflagged.  And
 * a cost: with a probe attached, the kernel formats the cgroup's path for
 * each of these events (TRACE_CGROUP_PATH, under trace_cgroup_path_lock).
 *
 * Fork and exit are deliberately not counted: on a live system they happen
 * all the time, so every dump would be flagged.  They change task counts
 * and task lists, each of which a message reports as it was at one moment
 * under css_set_lock, and a css_set freed by its last task's exit may or
 * may not appear in a dump that spans it.
 *
 * Tracepoints are found by name with for_each_kernel_tracepoint(): the
 * cgroup ones are not exported for modules.  A kernel that lacks one
 * (none we support) loads with a warning naming it: its changes then go
 * unflagged, which the warning says.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/tracepoint.h>

#include "cgscope.h"

/* hierarchies and cgroups appearing, going or renamed */
static atomic_t cgscope_gen_topo = ATOMIC_INIT(1);
/* tasks migrating between cgroups (and so between css_sets) */
static atomic_t cgscope_gen_tasks = ATOMIC_INIT(0);

static void cgscope_gen_root(void *data, struct cgroup_root *root)
{
	atomic_inc(&cgscope_gen_topo);
}

static void cgscope_gen_cgroup(void *data, struct cgroup *cgrp,
			       const char *path)
{
	atomic_inc(&cgscope_gen_topo);
}

static void cgscope_gen_migrate(void *data, struct cgroup *dst_cgrp,
				const char *path, struct task_struct *task,
				bool threadgroup)
{
	atomic_inc(&cgscope_gen_tasks);
}

struct cgscope_gen_tp {
	const char *name;
	void *probe;
	struct tracepoint *tp;
};

static struct cgscope_gen_tp cgscope_gen_tps[] = {
	{ "cgroup_setup_root",		cgscope_gen_root },
	{ "cgroup_destroy_root",	cgscope_gen_root },
	{ "cgroup_remount",		cgscope_gen_root },
	{ "cgroup_mkdir",		cgscope_gen_cgroup },
	{ "cgroup_rmdir",		cgscope_gen_cgroup },
	{ "cgroup_release",		cgscope_gen_cgroup },
	{ "cgroup_rename",		cgscope_gen_cgroup },
	{ "cgroup_attach_task",		cgscope_gen_migrate },
	{ "cgroup_transfer_tasks",	cgscope_gen_migrate },
};

static void cgscope_gen_match(struct tracepoint *tp, void *priv)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(cgscope_gen_tps); i++)
		if (!strcmp(tp->name, cgscope_gen_tps[i].name))
			cgscope_gen_tps[i].tp = tp;
}

/**
 * cgscope_gen_init() - attach the counter to the tracepoints
 *
 * Context: process context.
 * Return: 0 or a negative errno; on error nothing stays attached.
 */
int cgscope_gen_init(void)
{
	int i, ret;

	for_each_kernel_tracepoint(cgscope_gen_match, NULL);

	for (i = 0; i < ARRAY_SIZE(cgscope_gen_tps); i++) {
		struct cgscope_gen_tp *t = &cgscope_gen_tps[i];

		if (!t->tp) {
			pr_warn("tracepoint %s not found: dumps will not flag changes it would have seen\n",
				t->name);
			continue;
		}
		ret = tracepoint_probe_register(t->tp, t->probe, NULL);
		if (ret) {
			pr_err("cannot attach to tracepoint %s: %d\n",
			       t->name, ret);
			t->tp = NULL;
			goto err_unregister;
		}
	}
	return 0;

err_unregister:
	while (i--)
		if (cgscope_gen_tps[i].tp)
			tracepoint_probe_unregister(cgscope_gen_tps[i].tp,
						    cgscope_gen_tps[i].probe,
						    NULL);
	tracepoint_synchronize_unregister();
	return ret;
}

/**
 * cgscope_gen_exit() - detach from the tracepoints
 *
 * Waits until no probe can still be running.
 */
void cgscope_gen_exit(void)
{
	int i;

	for (i = ARRAY_SIZE(cgscope_gen_tps) - 1; i >= 0; i--)
		if (cgscope_gen_tps[i].tp)
			tracepoint_probe_unregister(cgscope_gen_tps[i].tp,
						    cgscope_gen_tps[i].probe,
						    NULL);
	tracepoint_synchronize_unregister();
}

/**
 * cgscope_gen_topology() - generation of the hierarchies and cgroups
 *
 * Return: a value for netlink_callback::seq, never 0.
 */
unsigned int cgscope_gen_topology(void)
{
	unsigned int gen = atomic_read(&cgscope_gen_topo);

	return gen ? gen : 1;
}

/**
 * cgscope_gen_all() - generation of the topology and of task placement
 *
 * Return: a value for netlink_callback::seq, never 0.
 */
unsigned int cgscope_gen_all(void)
{
	unsigned int gen = atomic_read(&cgscope_gen_topo) +
			   atomic_read(&cgscope_gen_tasks);

	return gen ? gen : 1;
}
