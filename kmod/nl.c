// SPDX-License-Identifier: GPL-2.0
/*
 * The cgscope generic netlink family, as
 * Documentation/netlink/specs/cgscope.yaml describes it: one policy per
 * operation (strictly validated: an attribute an op does not take is an
 * error), every op for CAP_NET_ADMIN in the initial user namespace only,
 * and the family visible only in the initial network namespace, because
 * what it shows is the whole machine.
 */
#include <linux/module.h>

#include "cgscope.h"
#include "nl.h"

/*
 * CGSCOPE_CMD_INFO_GET takes no attributes: a policy of NLA_UNSPEC entries
 * makes strict validation refuse each one as "Unsupported attribute".  (A
 * policy must span its op's maxattr: genl indexes it by attribute type.)
 */
static const struct nla_policy
cgscope_info_get_nl_policy[CGSCOPE_A_INFO_MAX + 1] = { };

/* The same for the event ops, which take no attribute either. */
static const struct nla_policy
cgscope_no_attrs_nl_policy[CGSCOPE_A_EVENT_MAX + 1] = { };

static const struct nla_policy
cgscope_root_get_do_nl_policy[CGSCOPE_A_ROOT_HIERARCHY_ID + 1] = {
	[CGSCOPE_A_ROOT_HIERARCHY_ID] = { .type = NLA_U32 },
};

static const struct nla_policy
cgscope_cgroup_get_nl_policy[CGSCOPE_A_CGROUP_HIERARCHY_ID + 1] = {
	[CGSCOPE_A_CGROUP_ID] = { .type = NLA_U64 },
	[CGSCOPE_A_CGROUP_HIERARCHY_ID] = { .type = NLA_U32 },
};

static const struct nla_policy
cgscope_cset_get_do_nl_policy[CGSCOPE_A_CSET_ID + 1] = {
	[CGSCOPE_A_CSET_ID] = NLA_POLICY_MIN(NLA_U64, 1),
};

static struct netlink_range_validation cgscope_nl_pid_range = {
	.min = 1,
	.max = PID_MAX_LIMIT,
};

static const struct nla_policy
cgscope_task_get_do_nl_policy[CGSCOPE_A_TASK_PID + 1] = {
	[CGSCOPE_A_TASK_PID] = NLA_POLICY_FULL_RANGE(NLA_U32,
						     &cgscope_nl_pid_range),
};

/**
 * cgscope_nl_dump_start_no_attrs() - refuse a dump request with attributes
 * @cb: the dump
 *
 * genl_ops share one policy between do and dump; dumps that take no filter
 * use this (or call it from their start) to stay strict.
 *
 * Return: 0, or -EINVAL with an extack message.
 */
int cgscope_nl_dump_start_no_attrs(struct netlink_callback *cb)
{
	struct nlattr **attrs = cgscope_dump_attrs(cb);
	unsigned int i, maxattr = genl_dumpit_info(cb)->op.maxattr;

	for (i = 1; i <= maxattr; i++) {
		if (attrs && attrs[i]) {
			NL_SET_BAD_ATTR(cb->extack, attrs[i]);
			NL_SET_ERR_MSG(cb->extack,
				       "this dump takes no attributes");
			return -EINVAL;
		}
	}
	return 0;
}

static const struct nla_policy
cgscope_devcg_get_nl_policy[CGSCOPE_A_DEVCG_CGROUP_ID + 1] = {
	[CGSCOPE_A_DEVCG_PID] = NLA_POLICY_FULL_RANGE(NLA_U32,
						      &cgscope_nl_pid_range),
	[CGSCOPE_A_DEVCG_HIERARCHY_ID] = { .type = NLA_U32 },
	[CGSCOPE_A_DEVCG_CGROUP_ID] = { .type = NLA_U64 },
};

static const struct nla_policy
cgscope_devcg_check_nl_policy[CGSCOPE_A_CHECK_ACCESS + 1] = {
	[CGSCOPE_A_CHECK_PID] = NLA_POLICY_FULL_RANGE(NLA_U32,
						      &cgscope_nl_pid_range),
	[CGSCOPE_A_CHECK_HIERARCHY_ID] = { .type = NLA_U32 },
	[CGSCOPE_A_CHECK_CGROUP_ID] = { .type = NLA_U64 },
	[CGSCOPE_A_CHECK_TYPE] = NLA_POLICY_RANGE(NLA_U8, CGSCOPE_DEV_BLOCK,
						  CGSCOPE_DEV_CHAR),
	[CGSCOPE_A_CHECK_MAJOR] = { .type = NLA_U32 },
	[CGSCOPE_A_CHECK_MINOR] = { .type = NLA_U32 },
	[CGSCOPE_A_CHECK_ACCESS] = NLA_POLICY_RANGE(NLA_U8, 1,
						    CGSCOPE_ACC_MKNOD |
						    CGSCOPE_ACC_READ |
						    CGSCOPE_ACC_WRITE),
};

static const struct nla_policy
cgscope_task_ns_get_nl_policy[CGSCOPE_A_TASK_NS_PID + 1] = {
	[CGSCOPE_A_TASK_NS_PID] = NLA_POLICY_FULL_RANGE(NLA_U32,
							&cgscope_nl_pid_range),
};

static const struct nla_policy
cgscope_ns_get_nl_policy[CGSCOPE_A_NS_INODE + 1] = {
	[CGSCOPE_A_NS_TYPE] = NLA_POLICY_RANGE(NLA_U32, CGSCOPE_NS_MNT,
					       CGSCOPE_NS_TIME),
	[CGSCOPE_A_NS_INODE] = { .type = NLA_U32 },
};

/* a controller's name (v2 or v1) or "cgroup": no longer than the kernel's */
static const struct nla_policy
cgscope_dying_get_nl_policy[CGSCOPE_A_DYING_CONTROLLER + 1] = {
	[CGSCOPE_A_DYING_CONTROLLER] = { .type = NLA_NUL_STRING,
					 .len = MAX_CGROUP_TYPE_NAMELEN - 1 },
};

static const struct nla_policy
cgscope_memcg_get_nl_policy[CGSCOPE_A_MEMCG_CGROUP_ID + 1] = {
	[CGSCOPE_A_MEMCG_PID] = NLA_POLICY_FULL_RANGE(NLA_U32,
						      &cgscope_nl_pid_range),
	[CGSCOPE_A_MEMCG_HIERARCHY_ID] = { .type = NLA_U32 },
	[CGSCOPE_A_MEMCG_CGROUP_ID] = { .type = NLA_U64 },
};

static const struct genl_ops cgscope_nl_ops[] = {
	{
		.cmd		= CGSCOPE_CMD_INFO_GET,
		.flags		= GENL_ADMIN_PERM,
		.doit		= cgscope_nl_info_get_doit,
		.policy		= cgscope_info_get_nl_policy,
		.maxattr	= CGSCOPE_A_INFO_MAX,
	},
	{
		.cmd		= CGSCOPE_CMD_ROOT_GET,
		.flags		= GENL_ADMIN_PERM,
		.doit		= cgscope_nl_root_get_doit,
		.start		= cgscope_nl_dump_start_no_attrs,
		.dumpit		= cgscope_nl_root_get_dumpit,
		.policy		= cgscope_root_get_do_nl_policy,
		.maxattr	= CGSCOPE_A_ROOT_HIERARCHY_ID,
	},
	{
		.cmd		= CGSCOPE_CMD_CGROUP_GET,
		.flags		= GENL_ADMIN_PERM,
		.doit		= cgscope_nl_cgroup_get_doit,
		.start		= cgscope_nl_cgroup_get_start,
		.dumpit		= cgscope_nl_cgroup_get_dumpit,
		.done		= cgscope_nl_cgroup_get_done,
		.policy		= cgscope_cgroup_get_nl_policy,
		.maxattr	= CGSCOPE_A_CGROUP_HIERARCHY_ID,
	},
	{
		.cmd		= CGSCOPE_CMD_CSET_GET,
		.flags		= GENL_ADMIN_PERM,
		.doit		= cgscope_nl_cset_get_doit,
		.start		= cgscope_nl_cset_get_start,
		.dumpit		= cgscope_nl_cset_get_dumpit,
		.done		= cgscope_nl_cset_get_done,
		.policy		= cgscope_cset_get_do_nl_policy,
		.maxattr	= CGSCOPE_A_CSET_ID,
	},
	{
		.cmd		= CGSCOPE_CMD_TASK_GET,
		.flags		= GENL_ADMIN_PERM,
		.doit		= cgscope_nl_task_get_doit,
		.start		= cgscope_nl_task_get_start,
		.dumpit		= cgscope_nl_task_get_dumpit,
		.done		= cgscope_nl_task_get_done,
		.policy		= cgscope_task_get_do_nl_policy,
		.maxattr	= CGSCOPE_A_TASK_PID,
	},
	{
		.cmd		= CGSCOPE_CMD_DEVCG_GET,
		.flags		= GENL_ADMIN_PERM,
		.doit		= cgscope_nl_devcg_get_doit,
		.policy		= cgscope_devcg_get_nl_policy,
		.maxattr	= CGSCOPE_A_DEVCG_CGROUP_ID,
	},
	{
		.cmd		= CGSCOPE_CMD_DEVCG_CHECK,
		.flags		= GENL_ADMIN_PERM,
		.doit		= cgscope_nl_devcg_check_doit,
		.policy		= cgscope_devcg_check_nl_policy,
		.maxattr	= CGSCOPE_A_CHECK_ACCESS,
	},
	{
		.cmd		= CGSCOPE_CMD_TASK_NS_GET,
		.flags		= GENL_ADMIN_PERM,
		.doit		= cgscope_nl_task_ns_get_doit,
		.policy		= cgscope_task_ns_get_nl_policy,
		.maxattr	= CGSCOPE_A_TASK_NS_PID,
	},
	{
		.cmd		= CGSCOPE_CMD_NS_GET,
		.flags		= GENL_ADMIN_PERM,
		.doit		= cgscope_nl_ns_get_doit,
		.start		= cgscope_nl_ns_get_start,
		.dumpit		= cgscope_nl_ns_get_dumpit,
		.done		= cgscope_nl_ns_get_done,
		.policy		= cgscope_ns_get_nl_policy,
		.maxattr	= CGSCOPE_A_NS_INODE,
	},
	{
		.cmd		= CGSCOPE_CMD_EVENT_GET,
		.flags		= GENL_ADMIN_PERM,
		.start		= cgscope_nl_event_get_start,
		.dumpit		= cgscope_nl_event_get_dumpit,
		.done		= cgscope_nl_event_get_done,
		.policy		= cgscope_no_attrs_nl_policy,
		.maxattr	= CGSCOPE_A_EVENT_MAX,
	},
	{
		.cmd		= CGSCOPE_CMD_EVENT_STATS_GET,
		.flags		= GENL_ADMIN_PERM,
		.doit		= cgscope_nl_event_stats_get_doit,
		.policy		= cgscope_no_attrs_nl_policy,
		.maxattr	= CGSCOPE_A_EVENT_MAX,
	},
	{
		.cmd		= CGSCOPE_CMD_EVENT_ARM,
		.flags		= GENL_ADMIN_PERM,
		.doit		= cgscope_nl_event_arm_doit,
		.policy		= cgscope_no_attrs_nl_policy,
		.maxattr	= CGSCOPE_A_EVENT_MAX,
	},
	{
		.cmd		= CGSCOPE_CMD_DYING_GET,
		.flags		= GENL_ADMIN_PERM,
		.start		= cgscope_nl_dying_get_start,
		.dumpit		= cgscope_nl_dying_get_dumpit,
		.done		= cgscope_nl_dying_get_done,
		.policy		= cgscope_dying_get_nl_policy,
		.maxattr	= CGSCOPE_A_DYING_CONTROLLER,
	},
	{
		.cmd		= CGSCOPE_CMD_MEMCG_GET,
		.flags		= GENL_ADMIN_PERM,
		.doit		= cgscope_nl_memcg_get_doit,
		.policy		= cgscope_memcg_get_nl_policy,
		.maxattr	= CGSCOPE_A_MEMCG_CGROUP_ID,
	},
};

/*
 * Listening is privileged like the ops: CAP_NET_ADMIN over the (initial)
 * network namespace's user namespace.
 */
static const struct genl_multicast_group cgscope_nl_mcgrps[] = {
	[CGSCOPE_NL_MCGRP_EVENTS] = {
		.name	= CGSCOPE_MCGRP_EVENTS,
		.flags	= GENL_MCAST_CAP_NET_ADMIN,
	},
};

static bool cgscope_nl_up;

struct genl_family cgscope_nl_family = {
	.name		= CGSCOPE_FAMILY_NAME,
	.version	= CGSCOPE_FAMILY_VERSION,
	.netnsok	= false,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.ops		= cgscope_nl_ops,
	.n_ops		= ARRAY_SIZE(cgscope_nl_ops),
	.mcgrps		= cgscope_nl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(cgscope_nl_mcgrps),
	.resv_start_op	= CGSCOPE_CMD_MAX + 1,
};

/**
 * cgscope_nl_init() - register the family
 *
 * Return: 0 or a negative errno.
 */
int cgscope_nl_init(void)
{
	int err;

	err = genl_register_family(&cgscope_nl_family);
	if (!err)
		WRITE_ONCE(cgscope_nl_up, true);
	return err;
}

/**
 * cgscope_nl_registered() - whether the family is registered
 *
 * Return: true between cgscope_nl_init() and cgscope_nl_exit().
 */
bool cgscope_nl_registered(void)
{
	return READ_ONCE(cgscope_nl_up);
}

/**
 * cgscope_nl_exit() - unregister the family
 *
 * Stops the events first (no multicast after this), and tells listeners
 * the module is going away.
 * Waits for running ops; dumps still open are ended (their done callbacks
 * run) before this returns.
 */
void cgscope_nl_exit(void)
{
	cgscope_events_stop();
	cgscope_nl_event_goodbye();
	WRITE_ONCE(cgscope_nl_up, false);
	genl_unregister_family(&cgscope_nl_family);
}
