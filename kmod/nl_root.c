// SPDX-License-Identifier: GPL-2.0
/*
 * CGSCOPE_CMD_ROOT_GET: hierarchies, one by id or all of them.  A dump
 * resumes after the last hierarchy id it sent.
 */
#include "cgscope.h"
#include "nl.h"

struct cgscope_nl_root_ctx {
	int after;		/* hierarchy id last sent, -1 before the first */
	bool started;
};

static int cgscope_nl_root_fill(struct sk_buff *skb,
				const struct cgscope_root_info *ri,
				u32 portid, u32 seq, int flags,
				struct netlink_callback *cb)
{
	void *hdr;
	int ssid;

	hdr = genlmsg_put(skb, portid, seq, &cgscope_nl_family, flags,
			  CGSCOPE_CMD_ROOT_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);

	if (nla_put_u32(skb, CGSCOPE_A_ROOT_HIERARCHY_ID, ri->hierarchy_id) ||
	    nla_put_string(skb, CGSCOPE_A_ROOT_NAME, ri->name) ||
	    nla_put_u32(skb, CGSCOPE_A_ROOT_FLAGS, ri->flags) ||
	    nla_put_u32(skb, CGSCOPE_A_ROOT_NR_CGROUPS, ri->nr_cgroups) ||
	    nla_put_u64_64bit(skb, CGSCOPE_A_ROOT_CGROUP_ID, ri->cgroup_id,
			      CGSCOPE_A_ROOT_PAD) ||
	    (ri->is_default && nla_put_flag(skb, CGSCOPE_A_ROOT_DEFAULT)))
		goto err_cancel_msg;
	for (ssid = 0; ssid < CGROUP_SUBSYS_COUNT; ssid++) {
		if (!(ri->subsys_mask & BIT(ssid)))
			continue;
		if (nla_put_string(skb, CGSCOPE_A_ROOT_CONTROLLER,
				   cgscope_subsys_name(ssid, ri->is_default)))
			goto err_cancel_msg;
	}
	genlmsg_end(skb, hdr);
	return 0;

err_cancel_msg:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/**
 * cgscope_nl_root_get_doit() - CGSCOPE_CMD_ROOT_GET for one hierarchy
 * @skb: request
 * @info: request info
 *
 * Return: 0 or a negative errno (-ENOENT: no such hierarchy).
 */
int cgscope_nl_root_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct cgscope_root_info ri;
	struct cgroup_root *root;
	struct sk_buff *rsp;
	u32 id;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, CGSCOPE_A_ROOT_HIERARCHY_ID))
		return -EINVAL;
	id = nla_get_u32(info->attrs[CGSCOPE_A_ROOT_HIERARCHY_ID]);

	rsp = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!rsp)
		return -ENOMEM;

	cgscope_cgroup_lock();
	root = cgscope_root_find(id);
	if (root)
		cgscope_root_read(root, &ri);
	cgscope_cgroup_unlock();

	if (!root) {
		NL_SET_BAD_ATTR(info->extack,
				info->attrs[CGSCOPE_A_ROOT_HIERARCHY_ID]);
		NL_SET_ERR_MSG(info->extack, "no such hierarchy");
		err = -ENOENT;
		goto err_free_msg;
	}

	err = cgscope_nl_root_fill(rsp, &ri, info->snd_portid, info->snd_seq,
				   0, NULL);
	if (err)
		goto err_free_msg;
	return genlmsg_reply(rsp, info);

err_free_msg:
	nlmsg_free(rsp);
	return err;
}

/**
 * cgscope_nl_root_get_dumpit() - CGSCOPE_CMD_ROOT_GET for all hierarchies
 * @skb: the message to fill
 * @cb: the dump
 *
 * Context: takes cgroup_mutex.
 * Return: skb->len to be called again, 0 when done, or a negative errno.
 */
int cgscope_nl_root_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct cgscope_nl_root_ctx *ctx =
		CGSCOPE_NL_CTX(cb, struct cgscope_nl_root_ctx);
	struct cgscope_root_info ri;
	struct cgroup_root *root;
	int err = 0;

	if (!ctx->started) {
		ctx->after = -1;
		ctx->started = true;
		cgscope_stats_walk();
	}

	cgscope_cgroup_lock();
	cb->seq = cgscope_gen_topology();
	for (root = cgscope_root_next(ctx->after); root;
	     root = cgscope_root_next(root->hierarchy_id)) {
		cgscope_root_read(root, &ri);
		err = cgscope_nl_root_fill(skb, &ri,
					   NETLINK_CB(cb->skb).portid,
					   cb->nlh->nlmsg_seq, NLM_F_MULTI, cb);
		if (err)
			break;
		ctx->after = ri.hierarchy_id;
	}
	cgscope_cgroup_unlock();

	return cgscope_nl_dump_ret(skb, err);
}
