/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's verdict on one device request about a task or a cgroup
 * (CGSCOPE_CMD_DEVCG_CHECK), and the rule that decided it, for the check
 * and access commands.
 */
#ifndef CGSCOPE_CHECK_H
#define CGSCOPE_CHECK_H

#include <stdbool.h>
#include <linux/types.h>

#include "devices.h"
#include "devrules.h"
#include "target.h"

/**
 * struct check_result - a CGSCOPE_CMD_DEVCG_CHECK reply
 * @allowed: the verdict
 * @layer: enum cgscope_check_layer
 * @behavior: enum cgscope_devcg_behavior, 0 when absent
 * @has_rule: @rule is the v1 exception that decided
 * @rule: that exception
 * @has_prog: @prog_id is known
 * @prog_id: the first program that denied
 * @nr_progs: programs run
 * @has_devcg_id: @devcg_id is known
 * @devcg_id: the v1 devices cgroup used
 * @devcg_path: its path, or NULL
 * @has_v2_id: @v2_id is known
 * @v2_id: the v2 cgroup whose programs ran
 * @v2_path: its path, or NULL
 * @prog: the program that denied, read back (check_find_rule())
 * @prog_read: check_find_rule() ran
 * @prog_rule: the rule of @prog that denied, -1 for its default, -2 when
 *	unknown
 * @prog_why: in words: "rule 7: deny c 1:11 w", "no rule matched, default
 *	deny", or why the rule is unknown
 */
struct check_result {
	bool allowed;
	__u32 layer;
	__u32 behavior;
	bool has_rule;
	struct devcg_exc rule;
	bool has_prog;
	__u32 prog_id;
	__u32 nr_progs;
	bool has_devcg_id;
	__u64 devcg_id;
	char *devcg_path;
	bool has_v2_id;
	__u64 v2_id;
	char *v2_path;
	const struct devrules_prog *prog;
	bool prog_read;
	int prog_rule;
	char prog_why[DEVRULES_ERR_LEN + DEVPROG_REASON_LEN];
};

int check_query(const struct cg_target *t, const struct devcg_exc *q,
		struct check_result *r);
void check_find_rule(const struct devcg_exc *q,
		     const struct devrules_prog *prog, struct check_result *r);
void check_result_free(struct check_result *r);

#endif /* CGSCOPE_CHECK_H */
