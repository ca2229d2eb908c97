// SPDX-License-Identifier: GPL-2.0
/*
 * Hierarchies: every struct cgroup_root on cgroup_roots, the v2 default
 * root (hierarchy 0) and each mounted v1 hierarchy.  They are visited in
 * order of hierarchy id, which is also how a dump resumes.
 */
#include <linux/string.h>

#include "cgscope.h"

/**
 * cgscope_root_next() - the hierarchy after a hierarchy id
 * @after: a hierarchy id, or -1 to start
 *
 * Context: cgroup_mutex (it keeps cgroup_roots stable).
 * Return: the hierarchy with the smallest id greater than @after, or NULL.
 */
struct cgroup_root *cgscope_root_next(int after)
{
	struct cgroup_root *root, *best = NULL;

	lockdep_assert_held(cgscope_syms.cgroup_mutex);

	list_for_each_entry(root, cgscope_syms.cgroup_roots, root_list) {
		if (root->hierarchy_id <= after)
			continue;
		if (!best || root->hierarchy_id < best->hierarchy_id)
			best = root;
	}
	return best;
}

/**
 * cgscope_root_find() - a hierarchy by id
 * @hierarchy_id: its id
 *
 * Context: cgroup_mutex.
 * Return: the hierarchy, or NULL.
 */
struct cgroup_root *cgscope_root_find(u32 hierarchy_id)
{
	struct cgroup_root *root;

	lockdep_assert_held(cgscope_syms.cgroup_mutex);

	list_for_each_entry(root, cgscope_syms.cgroup_roots, root_list)
		if (root->hierarchy_id == hierarchy_id)
			return root;
	return NULL;
}

/**
 * cgscope_nr_roots() - how many hierarchies there are
 *
 * Context: cgroup_mutex.
 * Return: the count.
 */
u32 cgscope_nr_roots(void)
{
	struct cgroup_root *root;
	u32 n = 0;

	lockdep_assert_held(cgscope_syms.cgroup_mutex);

	list_for_each_entry(root, cgscope_syms.cgroup_roots, root_list)
		n++;
	return n;
}

/**
 * cgscope_root_read() - what there is to know of a hierarchy
 * @root: the hierarchy
 * @info: filled in
 *
 * Context: cgroup_mutex.
 */
void cgscope_root_read(struct cgroup_root *root,
		       struct cgscope_root_info *info)
{
	lockdep_assert_held(cgscope_syms.cgroup_mutex);

	memset(info, 0, sizeof(*info));
	info->hierarchy_id = root->hierarchy_id;
	info->flags = root->flags;
	info->nr_cgroups = atomic_read(&root->nr_cgrps);
	info->subsys_mask = root->subsys_mask;
	info->is_default = root == &cgrp_dfl_root;
	info->cgroup_id = cgroup_id(&root->cgrp);
	strscpy(info->name, root->name, sizeof(info->name));
}
