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
#include <linux/slab.h>

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

static const struct nla_policy
cgscope_memcg_files_get_nl_policy[CGSCOPE_A_MFILES_CSS_ID + 1] = {
	[CGSCOPE_A_MFILES_PID] = NLA_POLICY_FULL_RANGE(NLA_U32,
						       &cgscope_nl_pid_range),
	[CGSCOPE_A_MFILES_HIERARCHY_ID] = { .type = NLA_U32 },
	[CGSCOPE_A_MFILES_CGROUP_ID] = { .type = NLA_U64 },
	[CGSCOPE_A_MFILES_CSS_ID] = NLA_POLICY_MIN(NLA_U32, 1),
};

static const struct cgscope_nl_cmd *const cgscope_nl_cmds[] = {
	[CGSCOPE_CMD_INFO_GET]		= &cgscope_nl_info_get,
	[CGSCOPE_CMD_ROOT_GET]		= &cgscope_nl_root_get,
	[CGSCOPE_CMD_CGROUP_GET]	= &cgscope_nl_cgroup_get,
	[CGSCOPE_CMD_CSET_GET]		= &cgscope_nl_cset_get,
	[CGSCOPE_CMD_TASK_GET]		= &cgscope_nl_task_get,
	[CGSCOPE_CMD_DEVCG_GET]		= &cgscope_nl_devcg_get,
	[CGSCOPE_CMD_DEVCG_CHECK]	= &cgscope_nl_devcg_check,
	[CGSCOPE_CMD_TASK_NS_GET]	= &cgscope_nl_task_ns_get,
	[CGSCOPE_CMD_NS_GET]		= &cgscope_nl_ns_get,
	[CGSCOPE_CMD_EVENT_GET]		= &cgscope_nl_event_get,
	[CGSCOPE_CMD_EVENT_STATS_GET]	= &cgscope_nl_event_stats_get,
	[CGSCOPE_CMD_EVENT_ARM]		= &cgscope_nl_event_arm,
	[CGSCOPE_CMD_DYING_GET]		= &cgscope_nl_dying_get,
	[CGSCOPE_CMD_MEMCG_GET]		= &cgscope_nl_memcg_get,
	[CGSCOPE_CMD_MEMCG_FILES_GET]	= &cgscope_nl_memcg_files_get,
};

static const struct cgscope_nl_cmd *cgscope_nl_cmd_of(u8 cmd)
{
	return cmd < ARRAY_SIZE(cgscope_nl_cmds) ? cgscope_nl_cmds[cmd] : NULL;
}

/* The core's share of a request: scratch path, @data and @pos. */
static int cgscope_nl_req_alloc(struct cgscope_nl_req *req)
{
	const struct cgscope_nl_cmd *cmd = req->cmd;

	req->path = kmalloc(PATH_MAX, GFP_KERNEL);
	req->data = cmd->data_size ? kzalloc(cmd->data_size, GFP_KERNEL) : NULL;
	req->pos = cmd->pos_size ? kzalloc(cmd->pos_size, GFP_KERNEL) : NULL;
	if (!req->path || (cmd->data_size && !req->data) ||
	    (cmd->pos_size && !req->pos))
		return -ENOMEM;
	return 0;
}

static void cgscope_nl_req_free(struct cgscope_nl_req *req)
{
	kfree(req->pos);
	kfree(req->data);
	kfree(req->path);
}

/* One message: header, the command's fill, end (or cancel). */
static int cgscope_nl_put_one(struct sk_buff *skb, struct cgscope_nl_req *req,
			      u32 portid, u32 seq, int flags)
{
	void *hdr;
	int err;

	hdr = genlmsg_put(skb, portid, seq, &cgscope_nl_family, flags,
			  req->cmd->cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (req->cb)
		genl_dump_check_consistent(req->cb, hdr);
	err = req->cmd->fill(skb, req);
	if (err) {
		genlmsg_cancel(skb, hdr);
		return err;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/**
 * cgscope_nl_dump_one() - put the object a dump's next() read into @data
 * @skb: the dump's message
 * @req: the dump
 *
 * Context: whatever the command's fill needs (cgroup_mutex, as in next()).
 * Return: 0, or -EMSGSIZE when @skb is full (the dump goes on from here in
 * the next message).
 */
int cgscope_nl_dump_one(struct sk_buff *skb, struct cgscope_nl_req *req)
{
	return cgscope_nl_put_one(skb, req, NETLINK_CB(req->cb->skb).portid,
				  req->cb->nlh->nlmsg_seq, NLM_F_MULTI);
}

/* Every do request: parse, prepare and fill under cgroup_mutex, reply. */
static int cgscope_nl_doit(struct sk_buff *skb, struct genl_info *info)
{
	const struct cgscope_nl_cmd *cmd = cgscope_nl_cmd_of(info->genlhdr->cmd);
	struct cgscope_nl_req req = {
		.cmd = cmd,
		.attrs = info->attrs,
		.extack = info->extack,
	};
	struct sk_buff *rsp;
	int err;

	err = cgscope_nl_req_alloc(&req);
	if (err)
		goto err_free_req;
	if (cmd->parse) {
		err = cmd->parse(&req);
		if (err)
			goto err_free_req;
	}
	rsp = genlmsg_new(cmd->reply_size ?: NLMSG_GOODSIZE, GFP_KERNEL);
	if (!rsp) {
		err = -ENOMEM;
		goto err_cleanup;
	}

	if (!cmd->unlocked)
		cgscope_cgroup_lock();
	err = cmd->prepare ? cmd->prepare(&req) : 0;
	if (!err)
		err = cgscope_nl_put_one(rsp, &req, info->snd_portid,
					 info->snd_seq, 0);
	if (!cmd->unlocked)
		cgscope_cgroup_unlock();
	if (err)
		goto err_free_msg;

	if (cmd->cleanup)
		cmd->cleanup(&req);
	cgscope_nl_req_free(&req);
	return genlmsg_reply(rsp, info);

err_free_msg:
	nlmsg_free(rsp);
	if (err == -EMSGSIZE && !info->extack->_msg)
		NL_SET_ERR_MSG(info->extack, "the answer does not fit in one message");
err_cleanup:
	if (cmd->cleanup)
		cmd->cleanup(&req);
err_free_req:
	cgscope_nl_req_free(&req);
	return err;
}

/* Lay a dump's request over netlink_callback::ctx. */
struct cgscope_nl_dump_ctx {
	struct cgscope_nl_req *req;
};

static struct cgscope_nl_req *cgscope_nl_dump_req(struct netlink_callback *cb)
{
	BUILD_BUG_ON(sizeof(struct cgscope_nl_dump_ctx) >
		     sizeof_field(struct netlink_callback, ctx));
	return ((struct cgscope_nl_dump_ctx *)cb->ctx)->req;
}

/* A dump that takes no filter refuses every attribute. */
static int cgscope_nl_no_attrs(struct cgscope_nl_req *req)
{
	unsigned int i, maxattr = genl_dumpit_info(req->cb)->op.maxattr;

	for (i = 1; req->attrs && i <= maxattr; i++) {
		if (req->attrs[i]) {
			NL_SET_BAD_ATTR(req->extack, req->attrs[i]);
			NL_SET_ERR_MSG(req->extack,
				       "this dump takes no attributes");
			return -EINVAL;
		}
	}
	return 0;
}

static void cgscope_nl_dump_free(struct cgscope_nl_req *req)
{
	cgscope_nl_req_free(req);
	kfree(req);
}

/* Every dump's start: the request, its filters, the command's start. */
static int cgscope_nl_start(struct netlink_callback *cb)
{
	const struct cgscope_nl_cmd *cmd =
		cgscope_nl_cmd_of(genl_dumpit_info(cb)->op.cmd);
	struct cgscope_nl_req *req;
	int err;

	req = kzalloc(sizeof(*req), GFP_KERNEL);
	if (!req)
		return -ENOMEM;
	req->cmd = cmd;
	req->cb = cb;
	req->attrs = cgscope_dump_attrs(cb);
	req->extack = cb->extack;

	err = cmd->no_attrs ? cgscope_nl_no_attrs(req) : 0;
	if (!err)
		err = cgscope_nl_req_alloc(req);
	if (!err && cmd->start)
		err = cmd->start(req);
	if (err) {
		cgscope_nl_dump_free(req);
		return err;
	}
	if (cmd->reply_size)
		cb->min_dump_alloc = cmd->reply_size;
	if (!cmd->unlocked)
		cgscope_stats_walk();
	((struct cgscope_nl_dump_ctx *)cb->ctx)->req = req;
	return 0;
}

/* Every dump's message: the command's next under cgroup_mutex. */
static int cgscope_nl_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct cgscope_nl_req *req = cgscope_nl_dump_req(cb);
	const struct cgscope_nl_cmd *cmd = req->cmd;
	int err;

	req->extack = cb->extack;
	if (!cmd->unlocked)
		cgscope_cgroup_lock();
	if (cmd->generation)
		cb->seq = cmd->generation();
	err = cmd->next(skb, req);
	if (!cmd->unlocked)
		cgscope_cgroup_unlock();

	/* more to come if the message has something, else the error */
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err;
}

static int cgscope_nl_done(struct netlink_callback *cb)
{
	struct cgscope_nl_req *req = cgscope_nl_dump_req(cb);

	if (req->cmd->done)
		req->cmd->done(req);
	cgscope_nl_dump_free(req);
	return 0;
}

/*
 * Every op is the request core's; what differs per command is in its
 * struct cgscope_nl_cmd (cgscope_nl_cmds[] above).
 */
static const struct genl_ops cgscope_nl_ops[] = {
	{
		.cmd		= CGSCOPE_CMD_INFO_GET,
		.flags		= GENL_ADMIN_PERM,
		.doit		= cgscope_nl_doit,
		.policy		= cgscope_info_get_nl_policy,
		.maxattr	= CGSCOPE_A_INFO_MAX,
	},
	{
		.cmd		= CGSCOPE_CMD_ROOT_GET,
		.flags		= GENL_ADMIN_PERM,
		.doit		= cgscope_nl_doit,
		.start		= cgscope_nl_start,
		.dumpit		= cgscope_nl_dumpit,
		.done		= cgscope_nl_done,
		.policy		= cgscope_root_get_do_nl_policy,
		.maxattr	= CGSCOPE_A_ROOT_HIERARCHY_ID,
	},
	{
		.cmd		= CGSCOPE_CMD_CGROUP_GET,
		.flags		= GENL_ADMIN_PERM,
		.doit		= cgscope_nl_doit,
		.start		= cgscope_nl_start,
		.dumpit		= cgscope_nl_dumpit,
		.done		= cgscope_nl_done,
		.policy		= cgscope_cgroup_get_nl_policy,
		.maxattr	= CGSCOPE_A_CGROUP_HIERARCHY_ID,
	},
	{
		.cmd		= CGSCOPE_CMD_CSET_GET,
		.flags		= GENL_ADMIN_PERM,
		.doit		= cgscope_nl_doit,
		.start		= cgscope_nl_start,
		.dumpit		= cgscope_nl_dumpit,
		.done		= cgscope_nl_done,
		.policy		= cgscope_cset_get_do_nl_policy,
		.maxattr	= CGSCOPE_A_CSET_ID,
	},
	{
		.cmd		= CGSCOPE_CMD_TASK_GET,
		.flags		= GENL_ADMIN_PERM,
		.doit		= cgscope_nl_doit,
		.start		= cgscope_nl_start,
		.dumpit		= cgscope_nl_dumpit,
		.done		= cgscope_nl_done,
		.policy		= cgscope_task_get_do_nl_policy,
		.maxattr	= CGSCOPE_A_TASK_PID,
	},
	{
		.cmd		= CGSCOPE_CMD_DEVCG_GET,
		.flags		= GENL_ADMIN_PERM,
		.doit		= cgscope_nl_doit,
		.policy		= cgscope_devcg_get_nl_policy,
		.maxattr	= CGSCOPE_A_DEVCG_CGROUP_ID,
	},
	{
		.cmd		= CGSCOPE_CMD_DEVCG_CHECK,
		.flags		= GENL_ADMIN_PERM,
		.doit		= cgscope_nl_doit,
		.policy		= cgscope_devcg_check_nl_policy,
		.maxattr	= CGSCOPE_A_CHECK_ACCESS,
	},
	{
		.cmd		= CGSCOPE_CMD_TASK_NS_GET,
		.flags		= GENL_ADMIN_PERM,
		.doit		= cgscope_nl_doit,
		.policy		= cgscope_task_ns_get_nl_policy,
		.maxattr	= CGSCOPE_A_TASK_NS_PID,
	},
	{
		.cmd		= CGSCOPE_CMD_NS_GET,
		.flags		= GENL_ADMIN_PERM,
		.doit		= cgscope_nl_doit,
		.start		= cgscope_nl_start,
		.dumpit		= cgscope_nl_dumpit,
		.done		= cgscope_nl_done,
		.policy		= cgscope_ns_get_nl_policy,
		.maxattr	= CGSCOPE_A_NS_INODE,
	},
	{
		.cmd		= CGSCOPE_CMD_EVENT_GET,
		.flags		= GENL_ADMIN_PERM,
		.start		= cgscope_nl_start,
		.dumpit		= cgscope_nl_dumpit,
		.done		= cgscope_nl_done,
		.policy		= cgscope_no_attrs_nl_policy,
		.maxattr	= CGSCOPE_A_EVENT_MAX,
	},
	{
		.cmd		= CGSCOPE_CMD_EVENT_STATS_GET,
		.flags		= GENL_ADMIN_PERM,
		.doit		= cgscope_nl_doit,
		.policy		= cgscope_no_attrs_nl_policy,
		.maxattr	= CGSCOPE_A_EVENT_MAX,
	},
	{
		.cmd		= CGSCOPE_CMD_EVENT_ARM,
		.flags		= GENL_ADMIN_PERM,
		.doit		= cgscope_nl_doit,
		.policy		= cgscope_no_attrs_nl_policy,
		.maxattr	= CGSCOPE_A_EVENT_MAX,
	},
	{
		.cmd		= CGSCOPE_CMD_DYING_GET,
		.flags		= GENL_ADMIN_PERM,
		.start		= cgscope_nl_start,
		.dumpit		= cgscope_nl_dumpit,
		.done		= cgscope_nl_done,
		.policy		= cgscope_dying_get_nl_policy,
		.maxattr	= CGSCOPE_A_DYING_CONTROLLER,
	},
	{
		.cmd		= CGSCOPE_CMD_MEMCG_GET,
		.flags		= GENL_ADMIN_PERM,
		.doit		= cgscope_nl_doit,
		.policy		= cgscope_memcg_get_nl_policy,
		.maxattr	= CGSCOPE_A_MEMCG_CGROUP_ID,
	},
	{
		.cmd		= CGSCOPE_CMD_MEMCG_FILES_GET,
		.flags		= GENL_ADMIN_PERM,
		.start		= cgscope_nl_start,
		.dumpit		= cgscope_nl_dumpit,
		.done		= cgscope_nl_done,
		.policy		= cgscope_memcg_files_get_nl_policy,
		.maxattr	= CGSCOPE_A_MFILES_CSS_ID,
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

/* A lookup of the family by name (CTRL_CMD_GETFAMILY) loads the module. */
MODULE_ALIAS_GENL_FAMILY(CGSCOPE_FAMILY_NAME);

/**
 * cgscope_nl_target() - the task or cgroup a request names
 * @req: the request
 * @a: which of its attributes name a task and a cgroup
 * @t: filled in
 *
 * A request names a task (its pid) or a cgroup (its hierarchy and its
 * id), never both.  Every command that takes a task or a cgroup uses this.
 *
 * Context: cgroup_mutex (what @t points to stays valid while it is held).
 * Return: 0, or a negative errno with an extack message.
 */
int cgscope_nl_target(struct cgscope_nl_req *req,
		      const struct cgscope_nl_target_attrs *a,
		      struct cgscope_target *t)
{
	struct nlattr *hier = req->attrs[a->hierarchy_id];
	struct nlattr *id = req->attrs[a->cgroup_id];
	struct nlattr *pid = a->pid ? req->attrs[a->pid] : NULL;
	int err;

	if (a->pid && !!pid == !!(hier || id)) {
		NL_SET_ERR_MSG(req->extack,
			       "name a task (pid) or a cgroup (hierarchy and cgroup id), not both");
		return -EINVAL;
	}
	if (pid) {
		err = cgscope_target_task(nla_get_u32(pid), t);
		if (err) {
			NL_SET_BAD_ATTR(req->extack, pid);
			NL_SET_ERR_MSG(req->extack, "no such task");
		}
		return err;
	}
	if (!hier || !id) {
		NL_SET_ERR_ATTR_MISS(req->extack, NULL,
				     hier ? a->cgroup_id : a->hierarchy_id);
		NL_SET_ERR_MSG(req->extack,
			       "a cgroup needs both its hierarchy and its id");
		return -EINVAL;
	}
	err = cgscope_target_cgroup(nla_get_u32(hier), nla_get_u64(id), t);
	if (err == -ENODEV) {
		NL_SET_BAD_ATTR(req->extack, hier);
		NL_SET_ERR_MSG(req->extack, "no such hierarchy");
		return -ENOENT;
	}
	if (err) {
		NL_SET_BAD_ATTR(req->extack, id);
		NL_SET_ERR_MSG(req->extack, "no such cgroup in this hierarchy");
	}
	return err;
}

/**
 * cgscope_nl_task() - the task a request names by pid
 * @req: the request
 * @a_pid: the (required) pid attribute
 *
 * Return: the task with a reference (put_task_struct()), or an ERR_PTR
 * with an extack message.
 */
struct task_struct *cgscope_nl_task(struct cgscope_nl_req *req, int a_pid)
{
	struct task_struct *task;

	if (NL_REQ_ATTR_CHECK(req->extack, NULL, req->attrs, a_pid))
		return ERR_PTR(-EINVAL);
	task = cgscope_task_get(nla_get_u32(req->attrs[a_pid]));
	if (!task) {
		NL_SET_BAD_ATTR(req->extack, req->attrs[a_pid]);
		NL_SET_ERR_MSG(req->extack, "no such task");
		return ERR_PTR(-ESRCH);
	}
	return task;
}

/**
 * cgscope_nl_put_cgroup() - put a cgroup's id and path
 * @skb: the message
 * @a_id: attribute for the id
 * @a_path: attribute for the path (left out beyond PATH_MAX)
 * @a_pad: the attribute set's pad
 * @cgrp: the cgroup
 * @path: PATH_MAX of scratch
 *
 * Context: cgroup_mutex.
 * Return: 0 or -EMSGSIZE.
 */
int cgscope_nl_put_cgroup(struct sk_buff *skb, int a_id, int a_path,
			  int a_pad, struct cgroup *cgrp, char *path)
{
	if (nla_put_u64_64bit(skb, a_id, cgroup_id(cgrp), a_pad) ||
	    (cgscope_cgroup_path(cgrp, NULL, path, PATH_MAX) >= 0 &&
	     nla_put_string(skb, a_path, path)))
		return -EMSGSIZE;
	return 0;
}

/**
 * cgscope_nl_put_rule() - put a device rule (a v1 exception) as a nest
 * @skb: the message
 * @attrtype: the nest's type
 * @e: the rule
 *
 * Return: 0 or -EMSGSIZE.
 */
int cgscope_nl_put_rule(struct sk_buff *skb, int attrtype,
			const struct cgscope_devcg_exc *e)
{
	struct nlattr *nest = nla_nest_start(skb, attrtype);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u8(skb, CGSCOPE_A_EXC_TYPE, e->type) ||
	    nla_put_u32(skb, CGSCOPE_A_EXC_MAJOR, e->major) ||
	    nla_put_u32(skb, CGSCOPE_A_EXC_MINOR, e->minor) ||
	    nla_put_u8(skb, CGSCOPE_A_EXC_ACCESS, e->access)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/**
 * cgscope_nl_behavior() - a v1 default on the wire
 * @kbehavior: enum cgscope_kdevcg_behavior
 *
 * An offline device cgroup has behaviour NONE, which the kernel's check
 * treats as default deny (an exception must match): report it so.
 *
 * Return: enum cgscope_devcg_behavior.
 */
u32 cgscope_nl_behavior(u32 kbehavior)
{
	return kbehavior == CGSCOPE_KDEVCG_ALLOW ? CGSCOPE_DEVCG_DEFAULT_ALLOW :
						   CGSCOPE_DEVCG_DEFAULT_DENY;
}

/**
 * cgscope_nl_init() - register the family, then the events' sink
 *
 * Return: 0 or a negative errno.
 */
int cgscope_nl_init(void)
{
	int err;

	err = genl_register_family(&cgscope_nl_family);
	if (err)
		return err;
	err = cgscope_nl_events_init();
	if (err)
		goto err_unregister_family;
	return 0;

err_unregister_family:
	genl_unregister_family(&cgscope_nl_family);
	return err;
}

/**
 * cgscope_nl_exit() - the mirror of cgscope_nl_init()
 *
 * Takes the events' sink away (no notification after this; listeners are
 * told the module is going), then unregisters the family, which waits for
 * running ops and ends the dumps still open.
 */
void cgscope_nl_exit(void)
{
	cgscope_nl_events_exit();
	genl_unregister_family(&cgscope_nl_family);
}
