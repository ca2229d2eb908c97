// SPDX-License-Identifier: GPL-2.0
/*
 * css_sets: the walk of css_set_table.
 *
 * css_set_lock guards the table, so we hold it for one bucket at a time
 * (as the kernel's own find_existing_css_set() does) and copy out at most
 * a caller-chosen number of css_sets per hold.  Within a bucket css_sets
 * are taken in order of address, so a walk that drops the lock resumes
 * after the last address it returned: a css_set that lives through the
 * whole walk is returned exactly once; one created or freed meanwhile may
 * or may not be.  A css_set never changes bucket (its key is its csses,
 * fixed for life).  The addresses stay in the module: what leaves it is
 * the id, a hash of the address (ids.c), computed after the lock is
 * dropped, so that a hold costs a pointer comparison per css_set of the
 * bucket plus the copy of the chosen ones, however long the chain.
 */
#include <linux/hash.h>
#include <linux/sched/task.h>

#include "cgscope.h"

/*
 * css_sets copied per css_set_lock hold.  A copy walks the css_set's links
 * and up to CGSCOPE_CSET_PIDS_MAX tasks: this bounds how long a hold lasts.
 */
#define CGSCOPE_CSET_COLLECT_MAX	4

/*
 * Copy one css_set, but for its ids (cgscope_cset_ids() adds them once the
 * lock is dropped).  The cgroups and csses it points to stay valid after
 * css_set_lock is dropped for as long as the caller holds cgroup_mutex.
 * Context: cgroup_mutex and css_set_lock.
 */
static void cgscope_cset_fill(struct css_set *cset,
			      struct cgscope_cset_info *info)
{
	struct cgscope_cgrp_cset_link *link;
	struct task_struct *task;
	int ssid;

	lockdep_assert_held(cgscope_syms.css_set_lock);

	memset(info, 0, offsetof(struct cgscope_cset_info, pids));
	info->addr = (unsigned long)cset;
	info->dom = cset->dom_cset;
	info->refcount = refcount_read(&cset->refcount);
	info->nr_tasks = cset->nr_tasks;
	info->dead = cset->dead;
	info->is_init = cset == cgscope_syms.init_css_set;

	list_for_each_entry(link, &cset->cgrp_links, cgrp_link) {
		if (info->nr_links == CGSCOPE_MAX_HIERARCHIES)
			break;
		info->links[info->nr_links++] = link->cgrp;
	}
	for (ssid = 0; ssid < CGROUP_SUBSYS_COUNT; ssid++)
		info->subsys[ssid] = cset->subsys[ssid];

	list_for_each_entry(task, &cset->tasks, cg_list) {
		if (info->nr_pids == CGSCOPE_CSET_PIDS_MAX)
			goto truncated;
		info->pids[info->nr_pids++] = task_pid_nr(task);
	}
	list_for_each_entry(task, &cset->mg_tasks, cg_list) {
		if (info->nr_pids == CGSCOPE_CSET_PIDS_MAX)
			goto truncated;
		info->pids[info->nr_pids++] = task_pid_nr(task);
	}
	return;

truncated:
	info->pids_truncated = true;
}

/* The ids of a copied css_set, from addresses only (no lock needed). */
static void cgscope_cset_ids(struct cgscope_cset_info *info)
{
	info->id = cgscope_cset_id((const struct css_set *)info->addr);
	info->dom_id = info->dom ? cgscope_cset_id(info->dom) : 0;
}

/*
 * Up to @max css_sets of @bucket at addresses above @after, lowest first.
 * Context: cgroup_mutex; takes css_set_lock for the bucket.
 */
static int cgscope_cset_collect_bucket(u32 bucket, unsigned long after,
				       struct cgscope_cset_info *buf, int max)
{
	struct css_set *pick[CGSCOPE_CSET_COLLECT_MAX];
	struct css_set *cset;
	int n = 0, i;

	max = min(max, CGSCOPE_CSET_COLLECT_MAX);

	cgscope_cset_lock();
	hlist_for_each_entry(cset, &cgscope_syms.css_set_table[bucket], hlist) {
		if ((unsigned long)cset <= after)
			continue;
		if (n == max) {
			if (cset > pick[n - 1])
				continue;
			n--;
		}
		/* insertion keeps pick[] sorted by address */
		for (i = n; i > 0 && pick[i - 1] > cset; i--)
			pick[i] = pick[i - 1];
		pick[i] = cset;
		n++;
	}
	for (i = 0; i < n; i++)
		cgscope_cset_fill(pick[i], &buf[i]);
	cgscope_cset_unlock();

	for (i = 0; i < n; i++)
		cgscope_cset_ids(&buf[i]);
	return n;
}

/**
 * cgscope_cset_collect() - the next css_sets of a walk
 * @cur: where the walk is; start with all zeroes
 * @buf: room for @max css_sets
 * @max: how many to return at most (up to 4: one hold copies no more)
 *
 * Returns css_sets of one bucket, in id order.  Move the cursor past each
 * one the caller has used by setting @cur->after to its @addr; call again
 * for the rest.
 *
 * Context: cgroup_mutex; takes css_set_lock once per bucket visited.
 * Return: how many were returned; 0 when the walk is over.
 */
int cgscope_cset_collect(struct cgscope_cset_cursor *cur,
			 struct cgscope_cset_info *buf, int max)
{
	lockdep_assert_held(cgscope_syms.cgroup_mutex);

	while (cur->bucket < CGSCOPE_CSS_SET_TABLE_SIZE) {
		int n = cgscope_cset_collect_bucket(cur->bucket, cur->after,
						    buf, max);

		if (n)
			return n;
		cur->bucket++;
		cur->after = 0;
	}
	return 0;
}

/**
 * cgscope_cset_find() - one css_set by id
 * @id: its id
 * @info: filled in when found
 *
 * Context: cgroup_mutex; takes css_set_lock once per bucket.
 * Return: 0, or -ENOENT.
 */
int cgscope_cset_find(u64 id, struct cgscope_cset_info *info)
{
	u32 bucket;

	lockdep_assert_held(cgscope_syms.cgroup_mutex);

	for (bucket = 0; bucket < CGSCOPE_CSS_SET_TABLE_SIZE; bucket++) {
		struct css_set *cset;
		bool found = false;

		cgscope_cset_lock();
		hlist_for_each_entry(cset, &cgscope_syms.css_set_table[bucket],
				     hlist) {
			if (cgscope_cset_id(cset) == id) {
				cgscope_cset_fill(cset, info);
				found = true;
				break;
			}
		}
		cgscope_cset_unlock();
		if (found) {
			cgscope_cset_ids(info);
			return 0;
		}
	}
	return -ENOENT;
}
