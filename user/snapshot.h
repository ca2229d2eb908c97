/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The parts of a snapshot (cgscope snapshot): each object file that a
 * snapshot includes can load its whole dump into memory and print it later
 * as the JSON array its -j output is.  Loading prints nothing (errors are
 * reported); printing happens only once the snapshot is known consistent.
 */
#ifndef CGSCOPE_SNAPSHOT_H
#define CGSCOPE_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

struct tree;
struct cg_csets;

/* tree.c: every cgroup of every hierarchy */
struct tree *tree_load_all(void);
void tree_print_all(struct tree *t);
void tree_destroy(struct tree *t);

/* cset.c: every css_set */
struct cg_csets *csets_load_all(void);
void csets_print_all(struct cg_csets *cs);
void csets_destroy(struct cg_csets *cs);

/**
 * struct cg_dying - a dying css, or a removed cgroup (controller "cgroup")
 * @ctrl: controller name, "cgroup" for a cgroup itself
 * @has_css_id: @css_id is known (not for a cgroup)
 * @css_id: css id
 * @hier: hierarchy id
 * @cgrp_id: cgroup id
 * @path: last path of its cgroup, or NULL
 * @cgroup_dying: its cgroup was removed
 * @online: killed, not yet offline
 * @ref_dead: its refcount was killed
 * @ref_atomic: its refcount is in atomic mode
 * @has_refs: @refs is known
 * @refs: references left
 * @has_charged: @charged is known (memory)
 * @charged: bytes still charged to it
 */
struct cg_dying {
	char *ctrl;
	bool has_css_id;
	__u32 css_id;
	__u32 hier;
	__u64 cgrp_id;
	char *path;
	bool cgroup_dying;
	bool online;
	bool ref_dead;
	bool ref_atomic;
	bool has_refs;
	__u64 refs;
	bool has_charged;
	__u64 charged;
};

/**
 * struct cg_dyings - a list of them, in the kernel's order
 * @v: the entries
 * @n: how many
 * @cap: room in @v
 */
struct cg_dyings {
	struct cg_dying *v;
	size_t n, cap;
};

/* dying.c */
int dying_load(struct cg_dyings *d, const char *ctrl);
void dying_print(const struct cg_dyings *d);
void dying_free(struct cg_dyings *d);

/* roots: root.h has roots_load(); root.c */
struct cg_roots;
void roots_print(const struct cg_roots *rs);

/* info.c: the kernel's generation counter, see CGSCOPE_A_INFO_GENERATION */
int info_generation(__u32 *gen, __u64 *features, char **kernel);

/* util.c: "1.5 MiB" */
const char *human_bytes(__u64 bytes, char *buf, size_t len);

#endif /* CGSCOPE_SNAPSHOT_H */
