// SPDX-License-Identifier: GPL-2.0
/*
 * Controllers (cgroup subsystems).  Their ids and names are fixed when the
 * kernel is built, so we take them from <linux/cgroup_subsys.h> the same
 * way kernel/cgroup/cgroup.c builds cgroup_subsys_name[].  The masks the
 * kernel keeps private (threaded controllers, controllers hidden from
 * cgroup.controllers on v2) are recomputed from each struct cgroup_subsys,
 * reached through the css of the root cgroup it is bound to.
 */
#include "cgscope.h"

#define SUBSYS(_x) \
	[_x ## _cgrp_id] = #_x,

static const char *const cgscope_subsys_names[CGROUP_SUBSYS_COUNT] = {
#include <linux/cgroup_subsys.h>
};

#undef SUBSYS

static const char *cgscope_subsys_legacy[CGROUP_SUBSYS_COUNT] __read_mostly;
static struct cgroup_subsys *cgscope_subsys_ss[CGROUP_SUBSYS_COUNT] __read_mostly;
static u16 cgscope_threaded_mask __read_mostly;
static u16 cgscope_dfl_hidden_mask __read_mostly;

/**
 * cgscope_subsys_init() - learn the controller masks
 *
 * Context: cgroup_mutex.  Every enabled controller is bound to exactly one
 * hierarchy, whose root cgroup has a css for it.
 */
void cgscope_subsys_init(void)
{
	struct cgroup_root *root;
	int ssid;

	lockdep_assert_held(cgscope_syms.cgroup_mutex);

	for (root = cgscope_root_next(-1); root;
	     root = cgscope_root_next(root->hierarchy_id)) {
		for (ssid = 0; ssid < CGROUP_SUBSYS_COUNT; ssid++) {
			struct cgroup_subsys_state *css;

			if (!(root->subsys_mask & BIT(ssid)))
				continue;
			css = rcu_dereference_protected(root->cgrp.subsys[ssid],
							true);
			if (!css)
				continue;
			cgscope_subsys_ss[ssid] = css->ss;
			cgscope_subsys_legacy[ssid] = css->ss->legacy_name;
			if (css->ss->threaded)
				cgscope_threaded_mask |= BIT(ssid);
			if (css->ss->implicit_on_dfl || !css->ss->dfl_cftypes)
				cgscope_dfl_hidden_mask |= BIT(ssid);
		}
	}
}

/**
 * cgscope_subsys_name() - a controller's name
 * @ssid: its id
 * @dfl: on the v2 hierarchy (else v1)
 *
 * Return: the name v2 uses (cgroup.controllers), or on v1 the legacy name
 * of /proc/cgroups and mount options ("blkio" for "io").
 */
const char *cgscope_subsys_name(int ssid, bool dfl)
{
	if (ssid < 0 || ssid >= CGROUP_SUBSYS_COUNT)
		return "?";
	if (!dfl && cgscope_subsys_legacy[ssid])
		return cgscope_subsys_legacy[ssid];
	return cgscope_subsys_names[ssid];
}

/**
 * cgscope_subsys_threaded_mask() - controllers usable in threaded cgroups
 *
 * Return: the mask, as cgrp_dfl_threaded_ss_mask.
 */
u16 cgscope_subsys_threaded_mask(void)
{
	return cgscope_threaded_mask;
}

/**
 * cgscope_subsys_dfl_hidden_mask() - controllers never in cgroup.controllers
 *
 * Return: cgrp_dfl_inhibit_ss_mask | cgrp_dfl_implicit_ss_mask.
 */
u16 cgscope_subsys_dfl_hidden_mask(void)
{
	return cgscope_dfl_hidden_mask;
}

/**
 * cgscope_subsys_get() - a controller's struct cgroup_subsys
 * @ssid: its id
 *
 * Learnt from the root css of the hierarchy the controller was bound to
 * at load time; the structure is static in the kernel.
 *
 * Return: the controller, or NULL for one that is disabled (bound to no
 * hierarchy, so it has no csses).
 */
struct cgroup_subsys *cgscope_subsys_get(int ssid)
{
	if (ssid < 0 || ssid >= CGROUP_SUBSYS_COUNT)
		return NULL;
	return cgscope_subsys_ss[ssid];
}

/**
 * cgscope_subsys_find() - a controller by name
 * @name: its v2 name ("io") or its legacy v1 name ("blkio")
 *
 * Return: its id, or -1 when this kernel has no controller of that name.
 */
int cgscope_subsys_find(const char *name)
{
	int ssid;

	for (ssid = 0; ssid < CGROUP_SUBSYS_COUNT; ssid++)
		if (!strcmp(name, cgscope_subsys_names[ssid]) ||
		    (cgscope_subsys_legacy[ssid] &&
		     !strcmp(name, cgscope_subsys_legacy[ssid])))
			return ssid;
	return -1;
}
