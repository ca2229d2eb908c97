/* SPDX-License-Identifier: GPL-2.0 */
/*
 * devpolicy: what a cgroup's tasks may do with devices, all layers at once:
 * the v1 device cgroup (its default and exceptions) and every effective v2
 * device program (each decoded by devprog), combined as the kernel does
 * (devcgroup_check_permission(): every layer must allow), as one rule list
 * in devices.list notation.
 *
 * The rules have devices.list's meaning, not a program's first match: with
 * the default deny, a request is allowed when one rule covers it, its
 * device and all the access it asks for at once; with the default allow, a
 * request is denied when a rule covers its device and any of the access it
 * asks for.  devpolicy_build() picks the shorter of the two forms and
 * checks the one it returns against every cell it evaluated.
 */
#ifndef CGSCOPE_DEVPOLICY_H
#define CGSCOPE_DEVPOLICY_H

#include <stdbool.h>
#include <linux/types.h>

#include "devprog.h"

/* A v1 exception as the kernel keeps it; ~0 is "*". */
struct devpolicy_exc {
	char type;		/* 'a', 'b' or 'c' */
	__u32 major;
	__u32 minor;
	__u8 access;		/* BPF_DEVCG_ACC_* bits */
};

/* The v1 layer, if there is one */
struct devpolicy_v1 {
	bool present;
	bool default_allow;
	unsigned int nr;
	const struct devpolicy_exc *exc;
};

/**
 * struct devpolicy - the combined policy
 * @exact: every program decoded exactly; else no rules and @reason
 * @reason: why not exact
 * @default_allow: the form: true, @rules deny; false, @rules allow
 * @nr_rules: number of @rules
 * @rules: devices.list rules (@rules[i].allow says the form again);
 *	a rule that is not devprog_rule_is_simple() lists its requests
 * @nr_cells: regions of one verdict the layers split the devices into
 */
struct devpolicy {
	bool exact;
	char reason[DEVPROG_REASON_LEN + 48];
	bool default_allow;
	unsigned int nr_rules;
	struct devprog_rule *rules;
	unsigned int nr_cells;
};

int devpolicy_build(const struct devpolicy_v1 *v1,
		    const struct devprog *const *progs, unsigned int nr_progs,
		    struct devpolicy *pol);
void devpolicy_free(struct devpolicy *pol);
bool devpolicy_v1_allows(const struct devpolicy_v1 *v1, __u8 type,
			 __u32 major, __u32 minor, __u8 access, int *exc);
bool devpolicy_allows(const struct devpolicy *pol, __u8 type, __u32 major,
		      __u32 minor, __u8 access);

#endif /* CGSCOPE_DEVPOLICY_H */
