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
	CGSCOPE_FEATURE_EVENTS_DENIAL	= 1 << 7, /* device denial events */
	CGSCOPE_FEATURE_EVENTS_RULE_V1	= 1 << 8, /* devices.allow/deny events */
	CGSCOPE_FEATURE_EVENTS_PROG	= 1 << 9, /* device program events */
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
	/*
	 * u32: changes when a hierarchy or cgroup appears, goes or is
	 * renamed, or a task migrates: equal before and after a series of
	 * dumps means none of that happened in between.
	 */
	CGSCOPE_A_INFO_GENERATION,

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

/*
 * Device cgroup.  Types and access bits have the values of the kernel's
 * DEVCG_DEV_* and DEVCG_ACC_* (and of BPF_DEVCG_* in <linux/bpf.h>).
 */
enum cgscope_dev_type {
	CGSCOPE_DEV_BLOCK	= 1,
	CGSCOPE_DEV_CHAR	= 2,
	CGSCOPE_DEV_ALL		= 4,	/* "a": exceptions only */
};

enum cgscope_dev_access {
	CGSCOPE_ACC_MKNOD	= 1,
	CGSCOPE_ACC_READ	= 2,
	CGSCOPE_ACC_WRITE	= 4,
};

#define CGSCOPE_DEV_WILDCARD	0xffffffffU	/* "*" as a major or minor */

/* CGSCOPE_A_DEVCG_BEHAVIOR: a v1 device cgroup's default */
enum cgscope_devcg_behavior {
	CGSCOPE_DEVCG_DEFAULT_ALLOW = 1,	/* exceptions deny */
	CGSCOPE_DEVCG_DEFAULT_DENY,		/* exceptions allow */
};

/*
 * CGSCOPE_A_CHECK_LAYER: what decided an access.  BPF when a v2 device
 * program denied it, or when programs ran, allowed it, and no v1 rule
 * restricts the task.
 */
enum cgscope_check_layer {
	CGSCOPE_LAYER_NONE = 1,	/* nothing restricts this task or cgroup */
	CGSCOPE_LAYER_V1,	/* the v1 exception list or its default */
	CGSCOPE_LAYER_BPF,	/* v2 programs: one denied, or nothing else */
};

/* One v1 exception, nested in CGSCOPE_A_DEVCG_EXCEPTION or _CHECK_RULE */
enum {
	CGSCOPE_A_EXC_TYPE = 1,			/* u8: enum cgscope_dev_type */
	CGSCOPE_A_EXC_MAJOR,			/* u32, CGSCOPE_DEV_WILDCARD: * */
	CGSCOPE_A_EXC_MINOR,			/* u32, CGSCOPE_DEV_WILDCARD: * */
	CGSCOPE_A_EXC_ACCESS,			/* u8: enum cgscope_dev_access */

	__CGSCOPE_A_EXC_MAX,
	CGSCOPE_A_EXC_MAX = __CGSCOPE_A_EXC_MAX - 1
};

/* One effective BPF_CGROUP_DEVICE program, nested in CGSCOPE_A_DEVCG_PROG */
enum {
	CGSCOPE_A_PROG_ID = 1,			/* u32: bpftool prog id */
	CGSCOPE_A_PROG_NAME,			/* string */
	CGSCOPE_A_PROG_TAG,			/* binary, 8 bytes */
	CGSCOPE_A_PROG_ATTACHED_AT,		/* u64: v2 cgroup id */
	CGSCOPE_A_PROG_ATTACH_FLAGS,		/* u32: BPF_F_ALLOW_* there */
	CGSCOPE_A_PROG_INHERITED,		/* flag: attached to an ancestor */
	CGSCOPE_A_PROG_PAD,

	__CGSCOPE_A_PROG_MAX,
	CGSCOPE_A_PROG_MAX = __CGSCOPE_A_PROG_MAX - 1
};

/*
 * The device rules that apply to a cgroup or a task: the v1 device cgroup
 * (behaviour and every exception, also the ones devices.list hides in
 * default-allow mode) and the v2 device programs.
 */
enum {
	CGSCOPE_A_DEVCG_PID = 1,		/* u32, request: a task's rules */
	CGSCOPE_A_DEVCG_HIERARCHY_ID,		/* u32: of the devices css */
	CGSCOPE_A_DEVCG_CGROUP_ID,		/* u64 */
	CGSCOPE_A_DEVCG_PATH,			/* string */
	CGSCOPE_A_DEVCG_BEHAVIOR,		/* u32: enum cgscope_devcg_behavior */
	CGSCOPE_A_DEVCG_EXCEPTION,		/* nest, multi: CGSCOPE_A_EXC_* */
	CGSCOPE_A_DEVCG_V2_CGROUP_ID,		/* u64: where programs apply */
	CGSCOPE_A_DEVCG_V2_PATH,		/* string */
	CGSCOPE_A_DEVCG_PROG,			/* nest, multi: CGSCOPE_A_PROG_* */
	CGSCOPE_A_DEVCG_PAD,

	__CGSCOPE_A_DEVCG_MAX,
	CGSCOPE_A_DEVCG_MAX = __CGSCOPE_A_DEVCG_MAX - 1
};

/*
 * An access to evaluate (request) and the kernel's decision with its
 * reason (reply).  The request names a task by PID, or a cgroup by
 * HIERARCHY_ID and CGROUP_ID: a v1 devices cgroup is judged by its
 * exception list, a v2 cgroup by its device programs.  CHECK_RULE (with
 * CGSCOPE_A_EXC_* inside) is the v1 exception that decided; it is absent
 * when the v1 default (CHECK_BEHAVIOR) did.
 */
enum {
	CGSCOPE_A_CHECK_PID = 1,		/* u32 */
	CGSCOPE_A_CHECK_HIERARCHY_ID,		/* u32 */
	CGSCOPE_A_CHECK_CGROUP_ID,		/* u64 */
	CGSCOPE_A_CHECK_TYPE,			/* u8: block or char */
	CGSCOPE_A_CHECK_MAJOR,			/* u32 */
	CGSCOPE_A_CHECK_MINOR,			/* u32 */
	CGSCOPE_A_CHECK_ACCESS,			/* u8: non-empty access mask */
	CGSCOPE_A_CHECK_ALLOWED,		/* u8, reply */
	CGSCOPE_A_CHECK_LAYER,			/* u32: enum cgscope_check_layer */
	CGSCOPE_A_CHECK_BEHAVIOR,		/* u32: v1 default that applied */
	CGSCOPE_A_CHECK_RULE,			/* nest: the deciding exception */
	CGSCOPE_A_CHECK_PROG_ID,		/* u32: first program to deny */
	CGSCOPE_A_CHECK_NR_PROGS,		/* u32: programs run */
	CGSCOPE_A_CHECK_DEVCG_CGROUP_ID,	/* u64: v1 devices cgroup used */
	CGSCOPE_A_CHECK_DEVCG_PATH,		/* string */
	CGSCOPE_A_CHECK_V2_CGROUP_ID,		/* u64: v2 cgroup whose programs ran */
	CGSCOPE_A_CHECK_V2_PATH,		/* string */
	CGSCOPE_A_CHECK_PAD,

	__CGSCOPE_A_CHECK_MAX,
	CGSCOPE_A_CHECK_MAX = __CGSCOPE_A_CHECK_MAX - 1
};

/* CGSCOPE_A_NS_TYPE: the kind of a namespace (a CLONE_NEW* flag) */
enum cgscope_ns_type {
	CGSCOPE_NS_MNT = 1,
	CGSCOPE_NS_CGROUP,
	CGSCOPE_NS_UTS,
	CGSCOPE_NS_IPC,
	CGSCOPE_NS_USER,
	CGSCOPE_NS_PID,
	CGSCOPE_NS_NET,
	CGSCOPE_NS_TIME,
};

/*
 * A namespace: nested in CGSCOPE_A_TASK_NS_NS (one per /proc/PID/ns file),
 * or at the top level of a CGSCOPE_CMD_NS_GET reply (one per namespace in
 * use, as lsns lists them).  Counts are over tasks that still have their
 * namespaces (not exiting); pids are in the initial pid namespace.
 */
enum {
	CGSCOPE_A_NS_TYPE = 1,			/* u32: enum cgscope_ns_type */
	CGSCOPE_A_NS_INODE,			/* u32: stat -L /proc/PID/ns/X */
	CGSCOPE_A_NS_FOR_CHILDREN,		/* flag: pid/time_for_children */
	CGSCOPE_A_NS_OWNER_USER_NS,		/* u32: inode; absent: none */
	CGSCOPE_A_NS_LEVEL,			/* u32: depth of a pid/user ns */
	CGSCOPE_A_NS_NR_PROCS,			/* u32: processes in it */
	CGSCOPE_A_NS_NR_THREADS,		/* u32: threads in it */
	CGSCOPE_A_NS_PID,			/* u32: lowest pid in it */
	CGSCOPE_A_NS_CGNS_ROOT_CSET_ID,		/* u64: cgroup ns root css_set */
	CGSCOPE_A_NS_CGNS_ROOT,			/* nest, multi: CGSCOPE_A_LINK_* */
	CGSCOPE_A_NS_PAD,			/* padding for u64 */

	__CGSCOPE_A_NS_MAX,
	CGSCOPE_A_NS_MAX = __CGSCOPE_A_NS_MAX - 1
};

/* CGSCOPE_CMD_TASK_NS_GET: a task's namespaces */
enum {
	CGSCOPE_A_TASK_NS_PID = 1,		/* u32: request */
	CGSCOPE_A_TASK_NS_TGID,			/* u32 */
	CGSCOPE_A_TASK_NS_COMM,			/* string */
	CGSCOPE_A_TASK_NS_NS,			/* nest, multi: CGSCOPE_A_NS_* */

	__CGSCOPE_A_TASK_NS_MAX,
	CGSCOPE_A_TASK_NS_MAX = __CGSCOPE_A_TASK_NS_MAX - 1
};

/* The multicast group of live events (CGSCOPE_CMD_EVENT notifications) */
#define CGSCOPE_MCGRP_EVENTS	"events"

/* CGSCOPE_A_EVENT_TYPE */
enum cgscope_event_type {
	CGSCOPE_EVENT_DENIAL = 1,	/* a device access was refused */
	CGSCOPE_EVENT_RULE_V1,		/* a write to devices.allow or .deny */
	CGSCOPE_EVENT_PROG,		/* a device program (de)attached */
	CGSCOPE_EVENT_GOODBYE,		/* the module is being unloaded */
};

/* CGSCOPE_A_EVENT_OP: what a rule event did */
enum cgscope_event_op {
	CGSCOPE_EVENT_OP_ALLOW = 1,	/* devices.allow */
	CGSCOPE_EVENT_OP_DENY,		/* devices.deny */
	CGSCOPE_EVENT_OP_ATTACH,	/* a program attached */
	CGSCOPE_EVENT_OP_REPLACE,	/* attached in place of another */
	CGSCOPE_EVENT_OP_DETACH,	/* a program detached */
};

/*
 * An event, in a CGSCOPE_CMD_EVENT notification or a CGSCOPE_CMD_EVENT_GET
 * dump of the ring.  SEQ counts every event the probes saw, also those
 * dropped (rate limit, ring overrun), so gaps are events a listener lost.
 */
enum {
	CGSCOPE_A_EVENT_SEQ = 1,		/* u64 */
	CGSCOPE_A_EVENT_TYPE,			/* u32: enum cgscope_event_type */
	CGSCOPE_A_EVENT_TIME_MONO,		/* u64: ns, CLOCK_MONOTONIC */
	CGSCOPE_A_EVENT_TIME_REAL,		/* u64: ns, CLOCK_REALTIME */
	CGSCOPE_A_EVENT_PID,			/* u32: the task (or writer) */
	CGSCOPE_A_EVENT_TGID,			/* u32 */
	CGSCOPE_A_EVENT_COMM,			/* string */
	CGSCOPE_A_EVENT_HIERARCHY_ID,		/* u32: of the devices cgroup */
	CGSCOPE_A_EVENT_CGROUP_ID,		/* u64: devices cgroup */
	CGSCOPE_A_EVENT_PATH,			/* string */
	CGSCOPE_A_EVENT_V2_CGROUP_ID,		/* u64: v2 cgroup */
	CGSCOPE_A_EVENT_V2_PATH,		/* string */
	CGSCOPE_A_EVENT_DEV_TYPE,		/* u8: enum cgscope_dev_type */
	CGSCOPE_A_EVENT_MAJOR,			/* u32 */
	CGSCOPE_A_EVENT_MINOR,			/* u32 */
	CGSCOPE_A_EVENT_ACCESS,			/* u8: enum cgscope_dev_access */
	CGSCOPE_A_EVENT_LAYER,			/* u32: enum cgscope_check_layer */
	CGSCOPE_A_EVENT_BEHAVIOR,		/* u32: v1 default that applied */
	CGSCOPE_A_EVENT_RULE,			/* nest: CGSCOPE_A_EXC_* */
	CGSCOPE_A_EVENT_PROG_ID,		/* u32 */
	CGSCOPE_A_EVENT_OP,			/* u32: enum cgscope_event_op */
	CGSCOPE_A_EVENT_RULE_TEXT,		/* string: as written */
	CGSCOPE_A_EVENT_PROG_NAME,		/* string */
	CGSCOPE_A_EVENT_ATTACH_FLAGS,		/* u32: BPF_F_* */
	CGSCOPE_A_EVENT_ERROR,			/* u32: errno, 0: it worked */
	CGSCOPE_A_EVENT_PAD,			/* padding for u64 */

	__CGSCOPE_A_EVENT_MAX,
	CGSCOPE_A_EVENT_MAX = __CGSCOPE_A_EVENT_MAX - 1
};

/* CGSCOPE_CMD_EVENT_STATS_GET and _ARM replies: the event counters */
enum {
	CGSCOPE_A_EVSTATS_ARMED = 1,		/* u8: probes armed now */
	CGSCOPE_A_EVSTATS_TRIGGERED,		/* u64: events seen (last seq) */
	CGSCOPE_A_EVSTATS_RATELIMITED,		/* u64: dropped by the limit */
	CGSCOPE_A_EVSTATS_RECORDED,		/* u64: put in the ring */
	CGSCOPE_A_EVSTATS_OVERRUN,		/* u64: overwritten, never sent */
	CGSCOPE_A_EVSTATS_SENT,			/* u64: multicast */
	CGSCOPE_A_EVSTATS_MISSED,		/* u64: kretprobe misses */
	CGSCOPE_A_EVSTATS_RING_SIZE,		/* u32 */
	CGSCOPE_A_EVSTATS_RATE,			/* u32: events per second */
	CGSCOPE_A_EVSTATS_PAD,			/* padding for u64 */

	__CGSCOPE_A_EVSTATS_MAX,
	CGSCOPE_A_EVSTATS_MAX = __CGSCOPE_A_EVSTATS_MAX - 1
};

/*
 * A dying css: killed or offline, not yet released (still in its
 * controller's css_idr).  A css of a controller, or, with CONTROLLER
 * "cgroup" and no CSS_ID, a removed cgroup itself (its self css).  What
 * keeps it: REFS references when its refcount is in atomic mode; for the
 * memory controller, CHARGED bytes still charged to it.
 */
enum {
	CGSCOPE_A_DYING_CONTROLLER = 1,		/* string; request: dump filter */
	CGSCOPE_A_DYING_CSS_ID,			/* u32: css->id */
	CGSCOPE_A_DYING_HIERARCHY_ID,		/* u32 */
	CGSCOPE_A_DYING_CGROUP_ID,		/* u64 */
	CGSCOPE_A_DYING_PATH,			/* string: last path */
	CGSCOPE_A_DYING_CGROUP_DYING,		/* flag: its cgroup was removed */
	CGSCOPE_A_DYING_ONLINE,			/* flag: killed, not yet offline */
	CGSCOPE_A_DYING_REF_DEAD,		/* flag: percpu_ref killed */
	CGSCOPE_A_DYING_REF_ATOMIC,		/* flag: percpu_ref in atomic mode */
	CGSCOPE_A_DYING_REFS,			/* u64: references left (atomic) */
	CGSCOPE_A_DYING_CHARGED,		/* u64: bytes charged (memory) */
	CGSCOPE_A_DYING_PAD,			/* padding for u64 */

	__CGSCOPE_A_DYING_MAX,
	CGSCOPE_A_DYING_MAX = __CGSCOPE_A_DYING_MAX - 1
};

/* A limit of CGSCOPE_A_MEMCG_* that is "max": no limit */
#define CGSCOPE_MEMCG_UNLIMITED	0xffffffffffffffffULL

/*
 * The memory cgroup of a task or a cgroup, read from its page counters.
 * Sizes are in bytes, limits CGSCOPE_MEMCG_UNLIMITED when unlimited.  SWAP_*
 * on v2; MEMSW_* (memory+swap) and KMEM_* on a v1 hierarchy, where the
 * kernel has them; an attribute the kernel does not keep is absent.
 */
enum {
	CGSCOPE_A_MEMCG_PID = 1,		/* u32, request: a task's memcg */
	CGSCOPE_A_MEMCG_HIERARCHY_ID,		/* u32 */
	CGSCOPE_A_MEMCG_CGROUP_ID,		/* u64 */
	CGSCOPE_A_MEMCG_PATH,			/* string */
	CGSCOPE_A_MEMCG_CSS_ID,			/* u32 */
	CGSCOPE_A_MEMCG_USAGE,			/* u64: memory.current */
	CGSCOPE_A_MEMCG_LIMIT,			/* u64: memory.max */
	CGSCOPE_A_MEMCG_WATERMARK,		/* u64: memory.peak */
	CGSCOPE_A_MEMCG_FAILCNT,		/* u64: failed charges */
	CGSCOPE_A_MEMCG_LOW,			/* u64 */
	CGSCOPE_A_MEMCG_HIGH,			/* u64 */
	CGSCOPE_A_MEMCG_MIN,			/* u64 */
	CGSCOPE_A_MEMCG_SWAP_USAGE,		/* u64, v2 */
	CGSCOPE_A_MEMCG_SWAP_LIMIT,		/* u64, v2 */
	CGSCOPE_A_MEMCG_SWAP_WATERMARK,		/* u64, v2 */
	CGSCOPE_A_MEMCG_SWAP_FAILCNT,		/* u64, v2 */
	CGSCOPE_A_MEMCG_MEMSW_USAGE,		/* u64, v1 */
	CGSCOPE_A_MEMCG_MEMSW_LIMIT,		/* u64, v1 */
	CGSCOPE_A_MEMCG_MEMSW_WATERMARK,	/* u64, v1 */
	CGSCOPE_A_MEMCG_MEMSW_FAILCNT,		/* u64, v1 */
	CGSCOPE_A_MEMCG_KMEM_USAGE,		/* u64, v1 */
	CGSCOPE_A_MEMCG_KMEM_LIMIT,		/* u64, v1 */
	CGSCOPE_A_MEMCG_KMEM_WATERMARK,		/* u64, v1 */
	CGSCOPE_A_MEMCG_KMEM_FAILCNT,		/* u64, v1 */
	CGSCOPE_A_MEMCG_EVENTS_MAX,		/* u64: memory.events max */
	CGSCOPE_A_MEMCG_EVENTS_OOM,		/* u64: memory.events oom */
	CGSCOPE_A_MEMCG_EVENTS_OOM_KILL,	/* u64: memory.events oom_kill */
	CGSCOPE_A_MEMCG_PAD,			/* padding for u64 */

	__CGSCOPE_A_MEMCG_MAX,
	CGSCOPE_A_MEMCG_MAX = __CGSCOPE_A_MEMCG_MAX - 1
};

/* CGSCOPE_A_MFILES_KIND: what a message of MEMCG_FILES_GET describes */
enum cgscope_mfiles_kind {
	CGSCOPE_MFILES_MEMCG = 1,	/* a memory cgroup and its totals */
	CGSCOPE_MFILES_FILE,		/* one file's pages charged to it */
};

/* CGSCOPE_A_MFILES_FILE_STATE: whether a file still has a name */
enum cgscope_mfile_state {
	CGSCOPE_MFILE_LINKED = 1,	/* FILE_PATH: from its fs's root */
	CGSCOPE_MFILE_UNLINKED,		/* deleted while open or mapped */
	CGSCOPE_MFILE_NO_DENTRY,	/* no dentry left */
};

/*
 * The page cache charged to memory cgroups, file by file: per memory
 * cgroup a message of kind MEMCG (totals of one walk made at the dump's
 * start), then one of kind FILE per file, largest first.  Bytes.
 */
enum {
	CGSCOPE_A_MFILES_PID = 1,		/* u32, request */
	CGSCOPE_A_MFILES_HIERARCHY_ID,		/* u32, request, MEMCG */
	CGSCOPE_A_MFILES_CGROUP_ID,		/* u64, request, MEMCG */
	CGSCOPE_A_MFILES_CSS_ID,		/* u32, request, every message */
	CGSCOPE_A_MFILES_KIND,			/* u32, enum cgscope_mfiles_kind */
	CGSCOPE_A_MFILES_PATH,			/* string, MEMCG: the cgroup */
	CGSCOPE_A_MFILES_DYING,			/* flag, MEMCG */
	CGSCOPE_A_MFILES_CHARGED_BEFORE,	/* u64, MEMCG */
	CGSCOPE_A_MFILES_CHARGED,		/* u64, MEMCG, after the walk */
	CGSCOPE_A_MFILES_CACHED,		/* u64, MEMCG: in page caches */
	CGSCOPE_A_MFILES_SHMEM,			/* u64, MEMCG: of which tmpfs */
	CGSCOPE_A_MFILES_FILES,			/* u64, MEMCG */
	CGSCOPE_A_MFILES_SWAP,			/* u64, MEMCG, v2 */
	CGSCOPE_A_MFILES_TRUNCATED,		/* flag, MEMCG: not all listed */
	CGSCOPE_A_MFILES_WALK_NS,		/* u64, MEMCG */
	CGSCOPE_A_MFILES_WALK_HOLD_MAX_NS,	/* u64, MEMCG: s_inode_list_lock */
	CGSCOPE_A_MFILES_WALK_INODES,		/* u64, MEMCG */
	CGSCOPE_A_MFILES_WALK_FOLIOS,		/* u64, MEMCG */
	CGSCOPE_A_MFILES_WALK_RACED,		/* u64, MEMCG */
	CGSCOPE_A_MFILES_DEV_MAJOR,		/* u32, FILE */
	CGSCOPE_A_MFILES_DEV_MINOR,		/* u32, FILE */
	CGSCOPE_A_MFILES_INO,			/* u64, FILE */
	CGSCOPE_A_MFILES_FSTYPE,		/* string, FILE */
	CGSCOPE_A_MFILES_FILE_STATE,		/* u32, enum cgscope_mfile_state */
	CGSCOPE_A_MFILES_FILE_PATH,		/* string, FILE, when LINKED */
	CGSCOPE_A_MFILES_BYTES,			/* u64, FILE */
	CGSCOPE_A_MFILES_FILE_SHMEM,		/* flag, FILE: tmpfs or shmem */
	CGSCOPE_A_MFILES_PAD,			/* padding for u64 */
	CGSCOPE_A_MFILES_WALK_STEP_MAX_NS,	/* u64, MEMCG: longest RCU step */
	CGSCOPE_A_MFILES_SWAPPED,		/* u64, MEMCG: tmpfs pages in swap */
	CGSCOPE_A_MFILES_FILE_SWAPPED,		/* u64, FILE: its pages in swap */

	__CGSCOPE_A_MFILES_MAX,
	CGSCOPE_A_MFILES_MAX = __CGSCOPE_A_MFILES_MAX - 1
};

enum {
	CGSCOPE_CMD_INFO_GET = 1,	/* do */
	CGSCOPE_CMD_ROOT_GET,		/* do (HIERARCHY_ID), dump */
	/* do (HIERARCHY_ID, ID); dump filters: HIERARCHY_ID [+ ID: subtree] */
	CGSCOPE_CMD_CGROUP_GET,
	CGSCOPE_CMD_CSET_GET,		/* do (ID), dump */
	CGSCOPE_CMD_TASK_GET,		/* do (PID), dump */
	/* do: PID, or HIERARCHY_ID and CGROUP_ID */
	CGSCOPE_CMD_DEVCG_GET,
	/* do: (PID | HIERARCHY_ID, CGROUP_ID), TYPE, MAJOR, MINOR, ACCESS */
	CGSCOPE_CMD_DEVCG_CHECK,
	CGSCOPE_CMD_TASK_NS_GET,	/* do (PID) */
	/* do (TYPE, INODE); dump, filter: TYPE */
	CGSCOPE_CMD_NS_GET,
	CGSCOPE_CMD_EVENT_GET,		/* dump: the ring, oldest first */
	CGSCOPE_CMD_EVENT_STATS_GET,	/* do: the counters */
	/* do: arm the probes if the events group has listeners; counters */
	CGSCOPE_CMD_EVENT_ARM,
	CGSCOPE_CMD_EVENT,		/* notification, group "events" */
	/* dump, filter: CONTROLLER */
	CGSCOPE_CMD_DYING_GET,
	/* do: PID, or HIERARCHY_ID and CGROUP_ID */
	CGSCOPE_CMD_MEMCG_GET,
	/* dump: PID, HIERARCHY_ID and CGROUP_ID, CSS_ID, or every dying one */
	CGSCOPE_CMD_MEMCG_FILES_GET,

	__CGSCOPE_CMD_MAX,
	CGSCOPE_CMD_MAX = __CGSCOPE_CMD_MAX - 1
};

#endif /* _UAPI_LINUX_CGSCOPE_H */
