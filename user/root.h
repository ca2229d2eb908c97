/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cgroup hierarchies (struct cgroup_root) as the kernel reports them, for
 * the roots command and for every command that names hierarchies.
 */
#ifndef CGSCOPE_ROOT_H
#define CGSCOPE_ROOT_H

#include <stdbool.h>
#include <linux/types.h>

#include "main.h"

/**
 * struct cg_root - one hierarchy
 * @id: hierarchy id, 0 for the default (v2) one
 * @name: name= option, "" when unnamed
 * @flags: CGRP_ROOT_* bits
 * @ctrls: controllers bound to it
 * @nr_cgroups: how many cgroups it holds
 * @dfl: it is cgrp_dfl_root, the v2 hierarchy
 * @cgrp_id: id of its root cgroup
 */
struct cg_root {
	__u32 id;
	char *name;
	__u32 flags;
	struct strlist ctrls;
	__u32 nr_cgroups;
	bool dfl;
	__u64 cgrp_id;
};

/**
 * struct cg_roots - every hierarchy, sorted by id
 * @v: the hierarchies
 * @n: how many
 * @cap: room in @v
 */
struct cg_roots {
	struct cg_root *v;
	size_t n;
	size_t cap;
};

int roots_load(struct cg_roots *rs);
void roots_free(struct cg_roots *rs);
const struct cg_root *roots_find(const struct cg_roots *rs, __u32 id);
const struct cg_root *roots_find_name(const struct cg_roots *rs,
				      const char *name);
const char *root_display_name(const struct cg_root *r);
char *root_proc_label(const struct cg_root *r);

#endif /* CGSCOPE_ROOT_H */
