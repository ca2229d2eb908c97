/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A task or a cgroup, named on the command line as --pid PID, as a cgroup
 * directory (PATH, or --cgroup PATH), or both, and one parser for them all.
 */
#ifndef CGSCOPE_TARGET_H
#define CGSCOPE_TARGET_H

#include <stdbool.h>
#include <linux/types.h>

#include "path.h"

/* What a command accepts (target_parse(), target_option()) */
#define TARGET_PID	0x1	/* --pid PID */
#define TARGET_PATH	0x2	/* PATH: the first non-option word */
#define TARGET_CGROUP	0x4	/* --cgroup PATH */
#define TARGET_BOTH	0x8	/* --pid and --cgroup, together or not */
#define TARGET_WORDS	0x10	/* other words are the command's own */

/**
 * struct cg_target - a task or a cgroup named on the command line
 * @has_pid: a task was named
 * @pid: the task
 * @path: the cgroup directory as given, or NULL
 * @where: its hierarchy and cgroup id, once resolved (target_resolve())
 *
 * One of the two is named, or (TARGET_BOTH) either or both.
 */
struct cg_target {
	bool has_pid;
	__u32 pid;
	const char *path;
	struct cg_path where;
};

int target_option(const char *object, unsigned int forms, int argc,
		  char **argv, int *i, struct cg_target *t);
int target_parse(const char *object, unsigned int forms, int argc,
		 char **argv, struct cg_target *t);
int target_resolve(struct cg_target *t);

#endif /* CGSCOPE_TARGET_H */
