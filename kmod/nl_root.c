// SPDX-License-Identifier: GPL-2.0
/*
 * CGSCOPE_CMD_ROOT_GET: hierarchies, one by id or all of them.  A dump
 * resumes after the last hierarchy id it sent.
 */
#include "cgscope.h"
#include "nl.h"

/* A dump's position: the hierarchy id last sent, -1 before the first */
struct cgscope_nl_root_pos {
	int after;
};

static int cgscope_nl_root_fill(struct sk_buff *skb,
				const struct cgscope_nl_req *req)
{
	const struct cgscope_root_info *ri = req->data;
	int ssid;

	if (nla_put_u32(skb, CGSCOPE_A_ROOT_HIERARCHY_ID, ri->hierarchy_id) ||
	    nla_put_string(skb, CGSCOPE_A_ROOT_NAME, ri->name) ||
	    nla_put_u32(skb, CGSCOPE_A_ROOT_FLAGS, ri->flags) ||
	    nla_put_u32(skb, CGSCOPE_A_ROOT_NR_CGROUPS, ri->nr_cgroups) ||
	    nla_put_u64_64bit(skb, CGSCOPE_A_ROOT_CGROUP_ID, ri->cgroup_id,
			      CGSCOPE_A_ROOT_PAD) ||
	    (ri->is_default && nla_put_flag(skb, CGSCOPE_A_ROOT_DEFAULT)))
		return -EMSGSIZE;
	for (ssid = 0; ssid < CGROUP_SUBSYS_COUNT; ssid++) {
		if (!(ri->subsys_mask & BIT(ssid)))
			continue;
		if (nla_put_string(skb, CGSCOPE_A_ROOT_CONTROLLER,
				   cgscope_subsys_name(ssid, ri->is_default)))
			return -EMSGSIZE;
	}
	return 0;
}

static int cgscope_nl_root_parse(struct cgscope_nl_req *req)
{
	if (NL_REQ_ATTR_CHECK(req->extack, NULL, req->attrs,
			      CGSCOPE_A_ROOT_HIERARCHY_ID))
		return -EINVAL;
	return 0;
}

/* Context: cgroup_mutex. */
static int cgscope_nl_root_prepare(struct cgscope_nl_req *req)
{
	struct nlattr *a = req->attrs[CGSCOPE_A_ROOT_HIERARCHY_ID];
	struct cgroup_root *root;

	root = cgscope_root_find(nla_get_u32(a));
	if (!root) {
		NL_SET_BAD_ATTR(req->extack, a);
		NL_SET_ERR_MSG(req->extack, "no such hierarchy");
		return -ENOENT;
	}
	cgscope_root_read(root, req->data);
	return 0;
}

static int cgscope_nl_root_start(struct cgscope_nl_req *req)
{
	struct cgscope_nl_root_pos *pos = req->pos;

	pos->after = -1;
	return 0;
}

/* Context: cgroup_mutex. */
static int cgscope_nl_root_next(struct sk_buff *skb, struct cgscope_nl_req *req)
{
	struct cgscope_nl_root_pos *pos = req->pos;
	struct cgroup_root *root;
	int err;

	for (root = cgscope_root_next(pos->after); root;
	     root = cgscope_root_next(root->hierarchy_id)) {
		cgscope_root_read(root, req->data);
		err = cgscope_nl_dump_one(skb, req);
		if (err)
			return err;
		pos->after = root->hierarchy_id;
	}
	return 0;
}

const struct cgscope_nl_cmd cgscope_nl_root_get = {
	.cmd		= CGSCOPE_CMD_ROOT_GET,
	.data_size	= sizeof(struct cgscope_root_info),
	.pos_size	= sizeof(struct cgscope_nl_root_pos),
	.no_attrs	= true,
	.generation	= cgscope_gen_topology,
	.parse		= cgscope_nl_root_parse,
	.prepare	= cgscope_nl_root_prepare,
	.fill		= cgscope_nl_root_fill,
	.start		= cgscope_nl_root_start,
	.next		= cgscope_nl_root_next,
};
