/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Turn a cgroup directory, as mounted, into the (hierarchy id, cgroup id)
 * pair the kernel names cgroups by.
 */
#ifndef CGSCOPE_PATH_H
#define CGSCOPE_PATH_H

#include <linux/types.h>

/**
 * struct cg_path - where a cgroup directory lives
 * @hier: hierarchy id, 0 for cgroup v2
 * @cgrp_id: cgroup id, the inode number of the directory
 */
struct cg_path {
	__u32 hier;
	__u64 cgrp_id;
};

int path_resolve(const char *arg, struct cg_path *out);
char *path_on_mount(unsigned int major, unsigned int minor,
		    const char *fs_path);

#endif /* CGSCOPE_PATH_H */
