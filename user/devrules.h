/* SPDX-License-Identifier: GPL-2.0 */
/*
 * devrules: a cgroup's device programs read back from the kernel as rules
 * (devprog), the layers combined into one policy (devpolicy), and both
 * printed the same way by every command that shows them (devices, check,
 * access, watch).
 */
#ifndef CGSCOPE_DEVRULES_H
#define CGSCOPE_DEVRULES_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "devices.h"
#include "devpolicy.h"
#include "devprog.h"

/* Room for why a program could not be read */
#define DEVRULES_ERR_LEN	160

/**
 * struct devrules_prog - one device program, read back
 * @id: program id
 * @loaded: @kp and @dp hold the program and its rules
 * @err: why the program could not be read, when !@loaded
 * @kp: the program as the kernel holds it
 * @dp: its rules (exact, or partial with a reason)
 */
struct devrules_prog {
	__u32 id;
	bool loaded;
	char err[DEVRULES_ERR_LEN];
	struct devprog_kprog kp;
	struct devprog dp;
};

int devrules_prog_read(__u32 id, struct devrules_prog *p);
void devrules_prog_free(struct devrules_prog *p);
void devrules_print_rule(const struct devprog_rule *r, unsigned int nr,
			 bool with_verdict);
void devrules_print_prog(const struct devrules_prog *p);
void devrules_rule_name(const struct devrules_prog *p, int rule, char *buf,
			size_t len);

void devrules_v1(bool present, __u32 behavior, const struct devcg_exc *exc,
		 size_t nr, struct devpolicy_v1 *v1, struct devpolicy_exc *out);
int devrules_policy(const struct devpolicy_v1 *v1,
		    const struct devrules_prog *progs, size_t nr,
		    struct devpolicy *pol);
void devrules_print_policy(const struct devpolicy *pol);

#endif /* CGSCOPE_DEVRULES_H */
