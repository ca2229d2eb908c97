// SPDX-License-Identifier: GPL-2.0
/*
 * Cgroups: one struct cgroup read into a struct cgscope_cgroup_info, the
 * pre-order walk of a hierarchy, and paths.
 *
 * Everything here runs under cgroup_mutex, which freezes the shape of every
 * hierarchy and keeps every cgroup we can reach from being freed (including
 * the dying ones, still on their parent's children list until released).
 * The task count also takes css_set_lock, for one cgroup's links only.
 */
#include <linux/kernfs.h>
#include <uapi/linux/cgscope.h>

#include "cgscope.h"

/* Mirrors of the static helpers behind cgroup.type (kernel/cgroup/cgroup.c) */
static bool cgscope_cgroup_is_threaded(struct cgroup *cgrp)
{
	return cgrp->dom_cgrp != cgrp;
}

static bool cgscope_cgroup_is_thread_root(struct cgroup *cgrp)
{
	if (cgscope_cgroup_is_threaded(cgrp))
		return false;
	if (cgrp->nr_threaded_children)
		return true;
	return cgrp->nr_populated_csets &&
	       (cgrp->subtree_control & cgscope_subsys_threaded_mask());
}

static bool cgscope_cgroup_is_valid_domain(struct cgroup *cgrp)
{
	if (cgscope_cgroup_is_threaded(cgrp))
		return false;
	while ((cgrp = cgroup_parent(cgrp))) {
		/* only the root is mixable */
		if (cgroup_parent(cgrp) && cgscope_cgroup_is_thread_root(cgrp))
			return false;
		if (cgscope_cgroup_is_threaded(cgrp))
			return false;
	}
	return true;
}

static u32 cgscope_cgroup_type(struct cgroup *cgrp)
{
	if (cgscope_cgroup_is_threaded(cgrp))
		return CGSCOPE_CGROUP_TYPE_THREADED;
	if (!cgscope_cgroup_is_valid_domain(cgrp))
		return CGSCOPE_CGROUP_TYPE_DOMAIN_INVALID;
	if (cgscope_cgroup_is_thread_root(cgrp))
		return CGSCOPE_CGROUP_TYPE_DOMAIN_THREADED;
	return CGSCOPE_CGROUP_TYPE_DOMAIN;
}

/**
 * cgscope_cgroup_type_name() - cgroup.type's word for a type
 * @type: enum cgscope_cgroup_type
 *
 * Return: the name.
 */
const char *cgscope_cgroup_type_name(u32 type)
{
	switch (type) {
	case CGSCOPE_CGROUP_TYPE_DOMAIN:
		return "domain";
	case CGSCOPE_CGROUP_TYPE_DOMAIN_THREADED:
		return "domain threaded";
	case CGSCOPE_CGROUP_TYPE_DOMAIN_INVALID:
		return "domain invalid";
	case CGSCOPE_CGROUP_TYPE_THREADED:
		return "threaded";
	}
	return "?";
}

/* Mirror of cgroup_control(): what cgroup.controllers lists. */
static u16 cgscope_cgroup_control(struct cgroup *cgrp)
{
	struct cgroup *parent = cgroup_parent(cgrp);

	if (!cgscope_on_dfl(cgrp))
		return cgrp->root->subsys_mask;
	if (parent) {
		u16 mask = parent->subtree_control;

		if (cgscope_cgroup_is_threaded(cgrp))
			mask &= cgscope_subsys_threaded_mask();
		return mask;
	}
	return cgrp->root->subsys_mask & ~cgscope_subsys_dfl_hidden_mask();
}

/*
 * Threads in @cgrp: the kernel's cgroup_task_count(), one css_set_lock hold
 * over this cgroup's links.
 * Context: cgroup_mutex; takes css_set_lock.
 */
static u32 cgscope_cgroup_nr_tasks(struct cgroup *cgrp)
{
	struct cgscope_cgrp_cset_link *link;
	u32 n = 0;

	cgscope_cset_lock();
	list_for_each_entry(link, &cgrp->cset_links, cset_link)
		n += link->cset->nr_tasks;
	cgscope_cset_unlock();
	return n;
}

/**
 * cgscope_cgroup_read() - what there is to know of a cgroup
 * @cgrp: the cgroup
 * @info: filled in
 *
 * Context: cgroup_mutex; takes css_set_lock briefly.
 */
void cgscope_cgroup_read(struct cgroup *cgrp, struct cgscope_cgroup_info *info)
{
	struct cgroup *parent = cgroup_parent(cgrp);
	int ssid;

	lockdep_assert_held(cgscope_syms.cgroup_mutex);

	memset(info, 0, sizeof(*info));
	info->id = cgroup_id(cgrp);
	info->hierarchy_id = cgrp->root->hierarchy_id;
	if (parent) {
		info->has_parent = true;
		info->parent_id = cgroup_id(parent);
	}
	info->level = cgrp->level;
	info->populated = cgroup_is_populated(cgrp);
	info->dying = !(cgrp->self.flags & CSS_ONLINE) ||
		      css_is_dying(&cgrp->self);
	info->nr_descendants = cgrp->nr_descendants;
	info->nr_dying_descendants = cgrp->nr_dying_descendants;
	info->type = cgscope_on_dfl(cgrp) ? cgscope_cgroup_type(cgrp) :
					   CGSCOPE_CGROUP_TYPE_DOMAIN;
	info->controllers = cgscope_cgroup_control(cgrp);
	info->subtree_control = cgrp->subtree_control;
	info->subtree_ss_mask = cgrp->subtree_ss_mask;

	for (ssid = 0; ssid < CGROUP_SUBSYS_COUNT; ssid++) {
		struct cgroup_subsys_state *css;

		css = rcu_dereference_protected(cgrp->subsys[ssid],
						lockdep_is_held(cgscope_syms.cgroup_mutex));
		if (!css)
			continue;
		info->css_mask |= BIT(ssid);
		info->css[ssid].id = css->id;
		info->css[ssid].online = css->flags & CSS_ONLINE;
		info->css[ssid].dying = css_is_dying(css);
	}

	info->nr_tasks = cgscope_cgroup_nr_tasks(cgrp);
}

/**
 * cgscope_cgroup_next() - pre-order successor within a subtree
 * @pos: the current cgroup, or NULL to start with @top
 * @top: the subtree's root
 *
 * Context: cgroup_mutex.  @pos may have been removed since it was visited,
 * if the caller still holds a reference on it.
 * Return: the next cgroup, parents before children, or NULL at the end.
 */
struct cgroup *cgscope_cgroup_next(struct cgroup *pos, struct cgroup *top)
{
	struct cgroup_subsys_state *css;

	lockdep_assert_held(cgscope_syms.cgroup_mutex);

	css = css_next_descendant_pre(pos ? &pos->self : NULL, &top->self);
	return css ? css->cgroup : NULL;
}

/**
 * cgscope_cgroup_pin() - take a reference that keeps @cgrp's memory
 * @cgrp: a cgroup reached under cgroup_mutex
 *
 * Fails only for a cgroup whose last reference is already gone (its release
 * is waiting for cgroup_mutex): such a cgroup must not be revived.
 *
 * Context: cgroup_mutex.
 * Return: true if pinned; drop it with cgroup_put().
 */
bool cgscope_cgroup_pin(struct cgroup *cgrp)
{
	lockdep_assert_held(cgscope_syms.cgroup_mutex);

	return css_tryget(&cgrp->self);
}

/**
 * cgscope_cgroup_find() - a cgroup of a hierarchy by id
 * @root: the hierarchy
 * @id: the cgroup id (kernfs id)
 *
 * Context: cgroup_mutex.
 * Return: the cgroup, dying ones included, or NULL.
 */
struct cgroup *cgscope_cgroup_find(struct cgroup_root *root, u64 id)
{
	struct cgroup *cgrp = NULL;

	lockdep_assert_held(cgscope_syms.cgroup_mutex);

	while ((cgrp = cgscope_cgroup_next(cgrp, &root->cgrp)))
		if (cgroup_id(cgrp) == id)
			return cgrp;
	return NULL;
}

/**
 * cgscope_cgroup_path() - path of a cgroup
 * @cgrp: the cgroup
 * @from: path relative to this cgroup of the same hierarchy (as a cgroup
 *	namespace sees it), or NULL for the path from the hierarchy root
 * @buf: where to write it
 * @len: size of @buf
 *
 * Context: cgroup_mutex, or anything that keeps both cgroups alive.
 * A path that fills @buf is taken as cut short: 6.1 returns the full length
 * of a path that did not fit, 6.12 the length it wrote.
 *
 * Return: the length, or -ENAMETOOLONG or another negative errno.
 */
int cgscope_cgroup_path(struct cgroup *cgrp, struct cgroup *from,
			char *buf, size_t len)
{
	int ret;

	ret = kernfs_path_from_node(cgrp->kn, from ? from->kn : NULL, buf, len);
	if (ret < 0)
		return ret;
	if (ret >= len - 1)
		return -ENAMETOOLONG;
	return ret;
}

/**
 * cgscope_cgroup_next_after() - pre-order successor of a vanished leaf
 * @parent: the parent of the leaf (pinned by the caller)
 * @serial: the leaf's serial number (css->serial_nr)
 * @top: the subtree's root
 *
 * A dump that could not pin the last cgroup it emitted (its release was
 * already under way, so it had no children) resumes from its parent: the
 * successor is the first later-born sibling, else that of an ancestor.
 *
 * Context: cgroup_mutex.
 * Return: the next cgroup, or NULL at the end of the subtree.
 */
struct cgroup *cgscope_cgroup_next_after(struct cgroup *parent, u64 serial,
					 struct cgroup *top)
{
	struct cgroup_subsys_state *pos = &parent->self, *child;

	lockdep_assert_held(cgscope_syms.cgroup_mutex);

	for (;;) {
		list_for_each_entry(child, &pos->children, sibling)
			if (child->serial_nr > serial)
				return child->cgroup;
		if (pos == &top->self || !pos->parent)
			return NULL;
		serial = pos->serial_nr;
		pos = pos->parent;
	}
}
