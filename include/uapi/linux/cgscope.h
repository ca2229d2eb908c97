/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * cgscope generic netlink family: the stable interface between cgscope.ko and
 * its users.  Documentation/netlink/specs/cgscope.yaml describes the same
 * family; keep the two in step (make check compares them).
 *
 * Conventions: attributes and commands start at 1; every object is named by
 * an id, never by a kernel address; a request uses the attribute set of the
 * object it asks for.
 */
#ifndef _UAPI_LINUX_CGSCOPE_H
#define _UAPI_LINUX_CGSCOPE_H

#define CGSCOPE_FAMILY_NAME	"cgscope"
#define CGSCOPE_FAMILY_VERSION	1

/* Bits of CGSCOPE_A_INFO_FEATURES: what this kernel lets cgscope show. */
enum cgscope_feature {
	CGSCOPE_FEATURE_DEVCG_V1	= 1 << 0, /* v1 device controller */
	CGSCOPE_FEATURE_CGROUP_BPF	= 1 << 1, /* cgroup BPF (v2 devices) */
	CGSCOPE_FEATURE_MEMCG		= 1 << 2, /* memory controller */
	CGSCOPE_FEATURE_MEMCG_V1	= 1 << 3, /* memcg v1 files, kmem */
	CGSCOPE_FEATURE_CGROUP_NS	= 1 << 4, /* cgroup namespaces */
	CGSCOPE_FEATURE_LOCKS_EXPORTED	= 1 << 5, /* css_set_lock exported */
	CGSCOPE_FEATURE_CGROUP_DEBUG	= 1 << 6, /* the debug controller */
};

/* CGSCOPE_A_CGROUP_TYPE: what cgroup.type says on v2. */
enum cgscope_cgroup_type {
	CGSCOPE_CGROUP_TYPE_DOMAIN = 1,
	CGSCOPE_CGROUP_TYPE_DOMAIN_THREADED,
	CGSCOPE_CGROUP_TYPE_DOMAIN_INVALID,
	CGSCOPE_CGROUP_TYPE_THREADED,
};

/* CGSCOPE_CMD_INFO_GET reply */
enum {
	CGSCOPE_A_INFO_VERSION = 1,		/* string: module version */
	CGSCOPE_A_INFO_KERNEL_RELEASE,		/* string: uname -r */
	CGSCOPE_A_INFO_FEATURES,		/* u64: enum cgscope_feature */
	CGSCOPE_A_INFO_INIT_CSET_ID,		/* u64: id of init_css_set */
	CGSCOPE_A_INFO_NR_HIERARCHIES,		/* u32 */
	CGSCOPE_A_INFO_PAD,			/* padding for u64 */

	__CGSCOPE_A_INFO_MAX,
	CGSCOPE_A_INFO_MAX = __CGSCOPE_A_INFO_MAX - 1
};

/* A hierarchy (struct cgroup_root) */
enum {
	CGSCOPE_A_ROOT_HIERARCHY_ID = 1,	/* u32, 0 is the v2 root */
	CGSCOPE_A_ROOT_NAME,			/* string, may be empty */
	CGSCOPE_A_ROOT_FLAGS,			/* u32: CGRP_ROOT_* */
	CGSCOPE_A_ROOT_CONTROLLER,		/* string, multi-attr */
	CGSCOPE_A_ROOT_NR_CGROUPS,		/* u32 */
	CGSCOPE_A_ROOT_DEFAULT,			/* flag: cgrp_dfl_root */
	CGSCOPE_A_ROOT_CGROUP_ID,		/* u64: id of its root cgroup */
	CGSCOPE_A_ROOT_PAD,			/* padding for u64 */

	__CGSCOPE_A_ROOT_MAX,
	CGSCOPE_A_ROOT_MAX = __CGSCOPE_A_ROOT_MAX - 1
};

/* One css of a cgroup, nested in CGSCOPE_A_CGROUP_CSS */
enum {
	CGSCOPE_A_CSS_CONTROLLER = 1,		/* string */
	CGSCOPE_A_CSS_ID,			/* u32: css->id */
	CGSCOPE_A_CSS_ONLINE,			/* flag */
	CGSCOPE_A_CSS_DYING,			/* flag: killed, not released */

	__CGSCOPE_A_CSS_MAX,
	CGSCOPE_A_CSS_MAX = __CGSCOPE_A_CSS_MAX - 1
};

/*
 * A cgroup.  Cgroup ids are kernfs ids (the inode number of the cgroup's
 * directory); they are unique within one hierarchy, so a cgroup is named by
 * (hierarchy id, cgroup id).
 */
enum {
	CGSCOPE_A_CGROUP_ID = 1,		/* u64 */
	CGSCOPE_A_CGROUP_HIERARCHY_ID,		/* u32 */
	CGSCOPE_A_CGROUP_PARENT_ID,		/* u64, absent for a root */
	CGSCOPE_A_CGROUP_LEVEL,			/* u32 */
	CGSCOPE_A_CGROUP_PATH,			/* string, "/" is the root */
	CGSCOPE_A_CGROUP_POPULATED,		/* u8 */
	CGSCOPE_A_CGROUP_NR_TASKS,		/* u32: threads */
	CGSCOPE_A_CGROUP_CONTROLLER,		/* string, multi: cgroup.controllers */
	CGSCOPE_A_CGROUP_SUBTREE_CONTROL,	/* string, multi */
	CGSCOPE_A_CGROUP_SUBTREE_EFFECTIVE,	/* string, multi: with deps */
	CGSCOPE_A_CGROUP_NR_DESCENDANTS,	/* u32 */
	CGSCOPE_A_CGROUP_NR_DYING_DESCENDANTS,	/* u32 */
	CGSCOPE_A_CGROUP_TYPE,			/* u32: enum cgscope_cgroup_type */
	CGSCOPE_A_CGROUP_DYING,			/* flag */
	CGSCOPE_A_CGROUP_CSS,			/* nest, multi: CGSCOPE_A_CSS_* */
	CGSCOPE_A_CGROUP_PAD,			/* padding for u64 */

	__CGSCOPE_A_CGROUP_MAX,
	CGSCOPE_A_CGROUP_MAX = __CGSCOPE_A_CGROUP_MAX - 1
};

/* One cgrp_cset_link of a css_set, nested in CGSCOPE_A_CSET_LINK */
enum {
	CGSCOPE_A_LINK_HIERARCHY_ID = 1,	/* u32 */
	CGSCOPE_A_LINK_CGROUP_ID,		/* u64 */
	CGSCOPE_A_LINK_PATH,			/* string */
	CGSCOPE_A_LINK_PAD,			/* padding for u64 */

	__CGSCOPE_A_LINK_MAX,
	CGSCOPE_A_LINK_MAX = __CGSCOPE_A_LINK_MAX - 1
};

/* One subsys[] slot of a css_set, nested in CGSCOPE_A_CSET_SUBSYS */
enum {
	CGSCOPE_A_SUBSYS_CONTROLLER = 1,	/* string */
	CGSCOPE_A_SUBSYS_HIERARCHY_ID,		/* u32 */
	CGSCOPE_A_SUBSYS_CGROUP_ID,		/* u64 */
	CGSCOPE_A_SUBSYS_CSS_ID,		/* u32 */
	CGSCOPE_A_SUBSYS_PAD,			/* padding for u64 */

	__CGSCOPE_A_SUBSYS_MAX,
	CGSCOPE_A_SUBSYS_MAX = __CGSCOPE_A_SUBSYS_MAX - 1
};

/*
 * A css_set.  Its id is a keyed hash of its address, fixed while the module
 * is loaded; it is not an address and cannot be turned back into one.  Ids
 * are below 2^53, so JSON tools read them exactly.
 */
enum {
	CGSCOPE_A_CSET_ID = 1,			/* u64 */
	CGSCOPE_A_CSET_REFCOUNT,		/* u32 */
	CGSCOPE_A_CSET_NR_TASKS,		/* u32 */
	CGSCOPE_A_CSET_DEAD,			/* flag */
	CGSCOPE_A_CSET_INIT,			/* flag: init_css_set */
	CGSCOPE_A_CSET_DOM_CSET_ID,		/* u64 */
	CGSCOPE_A_CSET_LINK,			/* nest, multi: CGSCOPE_A_LINK_* */
	CGSCOPE_A_CSET_SUBSYS,			/* nest, multi: CGSCOPE_A_SUBSYS_* */
	CGSCOPE_A_CSET_TASK,			/* u32, multi: pids, bounded */
	CGSCOPE_A_CSET_TASKS_TRUNCATED,		/* flag: not every pid listed */
	CGSCOPE_A_CSET_PAD,			/* padding for u64 */

	__CGSCOPE_A_CSET_MAX,
	CGSCOPE_A_CSET_MAX = __CGSCOPE_A_CSET_MAX - 1
};

/* A task's cgroup on one hierarchy, nested in CGSCOPE_A_TASK_CGROUP */
enum {
	CGSCOPE_A_TASK_CGROUP_HIERARCHY_ID = 1,	/* u32 */
	CGSCOPE_A_TASK_CGROUP_ID,		/* u64 */
	CGSCOPE_A_TASK_CGROUP_PATH,		/* string: from the hierarchy root */
	CGSCOPE_A_TASK_CGROUP_NS_PATH,		/* string: from the task's cgroupns */
	CGSCOPE_A_TASK_CGROUP_PAD,		/* padding for u64 */

	__CGSCOPE_A_TASK_CGROUP_MAX,
	CGSCOPE_A_TASK_CGROUP_MAX = __CGSCOPE_A_TASK_CGROUP_MAX - 1
};

/* A task (thread); pids are in the initial pid namespace */
enum {
	CGSCOPE_A_TASK_PID = 1,			/* u32 */
	CGSCOPE_A_TASK_TGID,			/* u32 */
	CGSCOPE_A_TASK_COMM,			/* string */
	CGSCOPE_A_TASK_CSET_ID,			/* u64 */
	CGSCOPE_A_TASK_CGROUP,			/* nest, multi: CGSCOPE_A_TASK_CGROUP_* */
	CGSCOPE_A_TASK_PAD,			/* padding for u64 */

	__CGSCOPE_A_TASK_MAX,
	CGSCOPE_A_TASK_MAX = __CGSCOPE_A_TASK_MAX - 1
};

enum {
	CGSCOPE_CMD_INFO_GET = 1,	/* do */
	CGSCOPE_CMD_ROOT_GET,		/* do (HIERARCHY_ID), dump */
	/* do (HIERARCHY_ID, ID); dump filters: HIERARCHY_ID [+ ID: subtree] */
	CGSCOPE_CMD_CGROUP_GET,
	CGSCOPE_CMD_CSET_GET,		/* do (ID), dump */
	CGSCOPE_CMD_TASK_GET,		/* do (PID), dump */

	__CGSCOPE_CMD_MAX,
	CGSCOPE_CMD_MAX = __CGSCOPE_CMD_MAX - 1
};

#endif /* _UAPI_LINUX_CGSCOPE_H */
