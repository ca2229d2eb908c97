/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The page cache charged to memory cgroups, file by file: what keeps a
 * (dying) memory cgroup charged.
 */
#ifndef CGSCOPE_MEMCG_FILES_H
#define CGSCOPE_MEMCG_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

/* Which memory cgroups: a task's, a cgroup's, a css by id, or all dying */
struct mf_query {
	bool has_pid;
	__u32 pid;
	bool has_cgroup;
	__u32 hier;
	__u64 cgrp_id;
	__u32 css_id;		/* 0: not by id */
};

struct mf_file {
	__u32 major, minor;
	__u64 ino;
	__u64 bytes;
	__u32 state;		/* enum cgscope_mfile_state */
	bool shmem, has_swapped;
	__u64 swapped;		/* tmpfs bytes in swap, if has_swapped */
	char *fstype;
	char *fs_path;		/* from its file system's root, or NULL */
	char *path;		/* through a mount here, or NULL */
};

struct mf_memcg {
	__u32 css_id, hier;
	__u64 cgrp_id;
	char *path;
	bool dying, has_swap, has_swapped, truncated;
	__u64 charged_before, charged, cached, shmem, swap, swapped, nr_files;
	__u64 walk_ns, hold_max_ns, step_max_ns, inodes, folios, raced;
	struct mf_file *files;
	size_t n, cap;
};

struct mf_memcgs {
	struct mf_memcg *v;
	size_t n, cap;
};

int mfiles_load(struct mf_memcgs *ms, const struct mf_query *q);
void mfiles_free(struct mf_memcgs *ms);
void mfiles_print(const struct mf_memcgs *ms);
void mfiles_print_flat(const struct mf_memcgs *ms);
int mfiles_run(const struct mf_query *q, const char *what);

#endif /* CGSCOPE_MEMCG_FILES_H */
