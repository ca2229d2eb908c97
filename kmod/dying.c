// SPDX-License-Identifier: GPL-2.0
/*
 * Dying csses and cgroups: killed (CSS_DYING) or offline, and not yet
 * released.  They are what cgroup.stat counts in nr_dying_descendants (and
 * on newer kernels nr_dying_subsys_<controller>), and what looks like a
 * leak when a removed cgroup lingers.
 *
 * Where they are: offline_css() takes a css out of its cgroup's subsys[],
 * but the css stays in its controller's css_idr until
 * css_release_work_fn() replaces its entry with NULL, under cgroup_mutex.
 * So under cgroup_mutex every css in a css_idr is one that is not released
 * and cannot be freed, and a walk of the idr by id can stop and resume at
 * any id.  The idr itself changes under the kernel's private
 * cgroup_idr_lock (css_free_rwork_fn() removes freed ids without
 * cgroup_mutex), so it is read under RCU, as an idr allows.
 *
 * A removed cgroup (its self css killed) stays on its parent's children
 * list until its own release, so the pre-order walk of its hierarchy sees
 * it.  Cgroups have no idr of their own any more; they are found by that
 * walk and sent in cgroup id order.
 *
 * Why one lingers: its percpu_ref is killed, and once it has switched to
 * atomic mode its count is the number of references left (read from the
 * public struct percpu_ref_data; while the switch is in flight the count
 * carries the kernel's bias and is not reported).  For the memory
 * controller, the bytes still charged to it: each charged page holds a
 * reference.
 */
#include <linux/idr.h>
#include <linux/percpu-refcount.h>
#include <linux/rcupdate.h>

#include "cgscope.h"

/**
 * cgscope_css_is_dying() - is a css killed or offline?
 * @css: the css
 *
 * Return: true when it is being killed (CSS_DYING) or no longer online.
 */
bool cgscope_css_is_dying(struct cgroup_subsys_state *css)
{
	return !(css->flags & CSS_ONLINE) || css_is_dying(css);
}

/**
 * cgscope_dying_css_next() - the next dying css of a controller
 * @ssid: the controller
 * @id: in: the lowest css id to look at; out: the id of the css found
 *
 * Context: cgroup_mutex; takes RCU for the idr walk.
 * Return: the css, valid while cgroup_mutex is held, or NULL when there is
 * none at or after *@id (or the controller is disabled).
 */
struct cgroup_subsys_state *cgscope_dying_css_next(int ssid, int *id)
{
	struct cgroup_subsys *ss = cgscope_subsys_get(ssid);
	struct cgroup_subsys_state *css;

	lockdep_assert_held(cgscope_syms.cgroup_mutex);

	if (!ss || *id < 0)
		return NULL;
	rcu_read_lock();
	while ((css = idr_get_next(&ss->css_idr, id))) {
		if (cgscope_css_is_dying(css))
			break;
		if (*id == INT_MAX) {
			css = NULL;
			break;
		}
		(*id)++;
	}
	rcu_read_unlock();
	return css;
}

/* What the refcount of a killed css says.  Context: cgroup_mutex. */
static void cgscope_dying_ref(struct percpu_ref *ref,
			      struct cgscope_dying_info *info)
{
	unsigned long ptr = READ_ONCE(ref->percpu_count_ptr);
	struct percpu_ref_data *data = ref->data;
	long count;

	info->ref_dead = ptr & __PERCPU_REF_DEAD;
	info->ref_atomic = ptr & __PERCPU_REF_ATOMIC;
	if (!info->ref_atomic || !data || READ_ONCE(data->confirm_switch))
		return;
	/* mid-switch the count holds PERCPU_COUNT_BIAS, the sign bit */
	count = atomic_long_read(&data->count);
	if (count < 0)
		return;
	info->has_refs = true;
	info->refs = count;
}

static bool cgscope_dying_cgroup_removed(struct cgroup *cgrp)
{
	return cgscope_css_is_dying(&cgrp->self);
}

/**
 * cgscope_dying_css_read() - what there is to know of a dying css
 * @css: the css, from cgscope_dying_css_next()
 * @info: filled in
 *
 * Context: cgroup_mutex.
 */
void cgscope_dying_css_read(struct cgroup_subsys_state *css,
			    struct cgscope_dying_info *info)
{
	lockdep_assert_held(cgscope_syms.cgroup_mutex);

	memset(info, 0, sizeof(*info));
	info->cgrp = css->cgroup;
	info->ssid = css->ss->id;
	info->css_id = css->id;
	info->online = css->flags & CSS_ONLINE;
	info->cgroup_dying = cgscope_dying_cgroup_removed(css->cgroup);
	cgscope_dying_ref(&css->refcnt, info);
#ifdef CONFIG_MEMCG
	if (info->ssid == memory_cgrp_id) {
		info->has_charged = true;
		info->charged = cgscope_memcg_charged(css);
	}
#endif
}

/**
 * cgscope_dying_cgroup_read() - what there is to know of a removed cgroup
 * @cgrp: the cgroup, from cgscope_dying_cgroups()
 * @info: filled in; is_cgroup set
 *
 * Context: cgroup_mutex.
 */
void cgscope_dying_cgroup_read(struct cgroup *cgrp,
			       struct cgscope_dying_info *info)
{
	lockdep_assert_held(cgscope_syms.cgroup_mutex);

	memset(info, 0, sizeof(*info));
	info->cgrp = cgrp;
	info->is_cgroup = true;
	info->online = cgrp->self.flags & CSS_ONLINE;
	info->cgroup_dying = true;
	cgscope_dying_ref(&cgrp->self.refcnt, info);
}

/**
 * cgscope_dying_cgroups() - removed cgroups of a hierarchy, by id
 * @root: the hierarchy
 * @after: only cgroups with a greater id
 * @buf: where to put them, in increasing id order
 * @max: room in @buf
 *
 * One pre-order walk of the hierarchy keeps the @max lowest ids; a caller
 * that got @max of them calls again after the last one.
 *
 * Context: cgroup_mutex; the cgroups stay valid while it is held.
 * Return: how many were put in @buf.
 */
int cgscope_dying_cgroups(struct cgroup_root *root, u64 after,
			  struct cgroup **buf, int max)
{
	struct cgroup *cgrp = NULL;
	int n = 0, i;

	lockdep_assert_held(cgscope_syms.cgroup_mutex);

	while ((cgrp = cgscope_cgroup_next(cgrp, &root->cgrp))) {
		u64 id = cgroup_id(cgrp);

		if (id <= after || !cgscope_dying_cgroup_removed(cgrp))
			continue;
		if (n == max && id > cgroup_id(buf[n - 1]))
			continue;
		if (n < max)
			n++;
		for (i = n - 1; i > 0 && cgroup_id(buf[i - 1]) > id; i--)
			buf[i] = buf[i - 1];
		buf[i] = cgrp;
	}
	return n;
}
