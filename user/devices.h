/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The device controller as the kernel reports it: v1 exceptions, the
 * default behaviour, and the errors of a device request about a task or a
 * cgroup.  Shared by the devices and check commands.
 */
#ifndef CGSCOPE_DEVICES_H
#define CGSCOPE_DEVICES_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include <netlink/attr.h>

#include <uapi/linux/cgscope.h>

#include "target.h"

/* Every access bit of enum cgscope_dev_access */
#define DEVCG_ACC_ALL	(CGSCOPE_ACC_MKNOD | CGSCOPE_ACC_READ | CGSCOPE_ACC_WRITE)

/* Room for "c 4294967295:4294967295 rwm" and its NUL */
#define DEVCG_EXC_STRLEN	32

/**
 * struct devcg_exc - one v1 exception, or the device of a request
 * @type: enum cgscope_dev_type
 * @major: major number, CGSCOPE_DEV_WILDCARD for "*"
 * @minor: minor number, CGSCOPE_DEV_WILDCARD for "*"
 * @access: enum cgscope_dev_access bits
 */
struct devcg_exc {
	__u8 type;
	__u32 major;
	__u32 minor;
	__u8 access;
};

char devcg_type_char(__u8 type);
const char *devcg_access_str(__u8 access, char *buf);
const char *devcg_behavior_name(__u32 behavior);
const char *devcg_layer_name(__u32 layer);
void devcg_exc_str(const struct devcg_exc *e, bool with_access, char *buf,
		   size_t len);
int devcg_parse_exc(struct nlattr *nest, struct devcg_exc *e,
		    const char *what);
void devcg_target_perror(int err, const struct cg_target *t,
			 const char *cmd, const char *object, const char *what);
int devcg_v2_prog_ids(__u64 v2_id, __u32 **ids, size_t *nr);

#endif /* CGSCOPE_DEVICES_H */
