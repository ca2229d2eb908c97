// SPDX-License-Identifier: GPL-2.0
/*
 * css_sets: the walk of css_set_table.
 *
 * css_set_lock guards the table, so we hold it for one bucket at a time
 * (as the kernel's own find_existing_css_set() does) and copy out at most
 * a caller-chosen number of css_sets per hold.  Within a bucket css_sets
 * are taken in order of id, so a walk that drops the lock resumes after
 * the last id it returned: a css_set that lives through the whole walk is
 * returned exactly once; one created or freed meanwhile may or may not be.
 * A css_set never changes bucket (its key is its csses, fixed for life).
 */
#include <linux/hash.h>
#include <linux/sched/task.h>

#include "cgscope.h"

#define CGSCOPE_CSET_COLLECT_MAX	16

struct cgscope_cset_pick {
	u64 id;
	struct css_set *cset;
};

/*
 * Copy one css_set.  The cgroups and csses it points to stay valid after
 * css_set_lock is dropped for as long as the caller holds cgroup_mutex.
 * Context: cgroup_mutex and css_set_lock.
 */
static void cgscope_cset_fill(struct css_set *cset, u64 id,
			      struct cgscope_cset_info *info)
{
	struct cgscope_cgrp_cset_link *link;
	struct task_struct *task;
	int ssid;

	lockdep_assert_held(cgscope_syms.css_set_lock);

	memset(info, 0, offsetof(struct cgscope_cset_info, pids));
	info->id = id;
	info->dom_id = cset->dom_cset ? cgscope_cset_id(cset->dom_cset) : 0;
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

/*
 * Up to @max css_sets of @bucket with ids above @after, smallest ids first.
 * Context: cgroup_mutex; takes css_set_lock for the bucket.
 */
static int cgscope_cset_collect_bucket(u32 bucket, u64 after,
				       struct cgscope_cset_info *buf, int max)
{
	struct cgscope_cset_pick pick[CGSCOPE_CSET_COLLECT_MAX];
	struct css_set *cset;
	int n = 0, i;

	max = min(max, CGSCOPE_CSET_COLLECT_MAX);

	cgscope_cset_lock();
	hlist_for_each_entry(cset, &cgscope_syms.css_set_table[bucket], hlist) {
		u64 id = cgscope_cset_id(cset);

		if (id <= after)
			continue;
		if (n == max) {
			if (id >= pick[n - 1].id)
				continue;
			n--;
		}
		/* insertion keeps pick[] sorted by id */
		for (i = n; i > 0 && pick[i - 1].id > id; i--)
			pick[i] = pick[i - 1];
		pick[i].id = id;
		pick[i].cset = cset;
		n++;
	}
	for (i = 0; i < n; i++)
		cgscope_cset_fill(pick[i].cset, pick[i].id, &buf[i]);
	cgscope_cset_unlock();
	return n;
}

/**
 * cgscope_cset_collect() - the next css_sets of a walk
 * @cur: where the walk is; start with all zeroes
 * @buf: room for @max css_sets
 * @max: how many to return at most (up to 16)
 *
 * Returns css_sets of one bucket, in id order.  Move the cursor past each
 * one the caller has used by setting @cur->after_id to its id; call again
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
		int n = cgscope_cset_collect_bucket(cur->bucket, cur->after_id,
						    buf, max);

		if (n)
			return n;
		cur->bucket++;
		cur->after_id = 0;
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
				cgscope_cset_fill(cset, id, info);
				found = true;
				break;
			}
		}
		cgscope_cset_unlock();
		if (found)
			return 0;
	}
	return -ENOENT;
}
