// SPDX-License-Identifier: GPL-2.0
/*
 * CGSCOPE_CMD_DYING_GET: a dump of every dying css (killed or offline, not
 * yet released), controller after controller in id order, each by css id;
 * then every removed cgroup that is not yet released (CONTROLLER
 * "cgroup"), hierarchy after hierarchy, each by cgroup id.  One filter:
 * CGSCOPE_A_DYING_CONTROLLER, a controller's name (v2 or v1) or "cgroup".
 *
 * A dump holds cgroup_mutex for one message at a time and resumes by key
 * (controller, css id) or (hierarchy id, cgroup id), so what was released
 * meanwhile is simply not sent.  A message starts with NLM_F_DUMP_INTR
 * when a hierarchy or cgroup appeared, went or was renamed since the
 * previous one; the release of a css alone is not counted.
 */
#include "cgscope.h"
#include "nl.h"

/*
 * Where a dump is: at a controller's ssid, then at this stage (the removed
 * cgroups), then past it (done).  Also the filter's value for "cgroup".
 */
#define CGSCOPE_NL_DYING_CGROUPS	CGROUP_SUBSYS_COUNT

/* Removed cgroups gathered per walk of a hierarchy */
#define CGSCOPE_NL_DYING_BATCH	32

struct cgscope_nl_dying_pos {
	struct cgroup *cgrps[CGSCOPE_NL_DYING_BATCH];
	u64 after;		/* cgroups: last id sent in hierarchy_id */
	u32 hierarchy_id;	/* cgroups: hierarchy being walked */
	int ssid;		/* controller being walked, or cgroups */
	int id;			/* next css id to look at */
	int only;		/* the filter: a ssid, or -1 for all */
};

/* Context: cgroup_mutex. */
static int cgscope_nl_dying_fill(struct sk_buff *skb,
				 const struct cgscope_nl_req *req)
{
	const struct cgscope_dying_info *di = req->data;
	struct cgroup *cgrp = di->cgrp;
	bool is_cgroup = di->is_cgroup;
	const char *ctrl = is_cgroup ? "cgroup" :
			   cgscope_subsys_name(di->ssid, cgscope_on_dfl(cgrp));

	if (nla_put_string(skb, CGSCOPE_A_DYING_CONTROLLER, ctrl) ||
	    (!is_cgroup &&
	     nla_put_u32(skb, CGSCOPE_A_DYING_CSS_ID, di->css_id)) ||
	    nla_put_u32(skb, CGSCOPE_A_DYING_HIERARCHY_ID,
			cgrp->root->hierarchy_id) ||
	    cgscope_nl_put_cgroup(skb, CGSCOPE_A_DYING_CGROUP_ID,
				  CGSCOPE_A_DYING_PATH, CGSCOPE_A_DYING_PAD,
				  cgrp, req->path) ||
	    (di->cgroup_dying &&
	     nla_put_flag(skb, CGSCOPE_A_DYING_CGROUP_DYING)) ||
	    (di->online && nla_put_flag(skb, CGSCOPE_A_DYING_ONLINE)) ||
	    (di->ref_dead && nla_put_flag(skb, CGSCOPE_A_DYING_REF_DEAD)) ||
	    (di->ref_atomic && nla_put_flag(skb, CGSCOPE_A_DYING_REF_ATOMIC)) ||
	    (di->has_refs &&
	     nla_put_u64_64bit(skb, CGSCOPE_A_DYING_REFS, di->refs,
			       CGSCOPE_A_DYING_PAD)) ||
	    (di->has_charged &&
	     nla_put_u64_64bit(skb, CGSCOPE_A_DYING_CHARGED, di->charged,
			       CGSCOPE_A_DYING_PAD)))
		return -EMSGSIZE;
	return 0;
}

/* One filter: a controller's name (v2 or v1), or "cgroup". */
static int cgscope_nl_dying_start(struct cgscope_nl_req *req)
{
	struct cgscope_nl_dying_pos *ctx = req->pos;
	struct nlattr *a = req->attrs ? req->attrs[CGSCOPE_A_DYING_CONTROLLER] :
					NULL;
	const char *name;

	ctx->only = -1;
	if (!a)
		return 0;
	name = nla_data(a);
	if (!strcmp(name, "cgroup"))
		ctx->only = CGSCOPE_NL_DYING_CGROUPS;
	else
		ctx->only = cgscope_subsys_find(name);
	if (ctx->only < 0 ||
	    (ctx->only < CGSCOPE_NL_DYING_CGROUPS &&
	     !cgscope_subsys_get(ctx->only))) {
		NL_SET_BAD_ATTR(req->extack, a);
		NL_SET_ERR_MSG(req->extack, "no such controller on this kernel");
		return -EINVAL;
	}
	ctx->ssid = ctx->only;
	return 0;
}

/*
 * The csses of controller after controller.
 * Context: cgroup_mutex.
 */
static int cgscope_nl_dying_csses(struct sk_buff *skb,
				  struct cgscope_nl_req *req)
{
	struct cgscope_nl_dying_pos *ctx = req->pos;
	int err;

	while (ctx->ssid < CGSCOPE_NL_DYING_CGROUPS) {
		struct cgroup_subsys_state *css;

		if (ctx->only >= 0 && ctx->ssid != ctx->only) {
			ctx->ssid = CGSCOPE_NL_DYING_CGROUPS + 1;	/* done */
			return 0;
		}
		css = cgscope_dying_css_next(ctx->ssid, &ctx->id);
		if (!css) {
			ctx->ssid++;
			ctx->id = 0;
			continue;
		}
		cgscope_dying_css_read(css, req->data);
		err = cgscope_nl_dump_one(skb, req);
		if (err)
			return err;
		ctx->id++;
	}
	return 0;
}

/*
 * The removed cgroups of hierarchy after hierarchy.
 * Context: cgroup_mutex.
 */
static int cgscope_nl_dying_cgroups(struct sk_buff *skb,
				    struct cgscope_nl_req *req)
{
	struct cgscope_nl_dying_pos *ctx = req->pos;
	struct cgroup_root *root;
	int n, i, err;

	if (ctx->ssid != CGSCOPE_NL_DYING_CGROUPS)
		return 0;
	if (ctx->only >= 0 && ctx->only != CGSCOPE_NL_DYING_CGROUPS)
		return 0;
	while ((root = cgscope_root_next((int)ctx->hierarchy_id - 1))) {
		if (root->hierarchy_id != ctx->hierarchy_id) {
			ctx->hierarchy_id = root->hierarchy_id;
			ctx->after = 0;
		}
		n = cgscope_dying_cgroups(root, ctx->after, ctx->cgrps,
					  CGSCOPE_NL_DYING_BATCH);
		for (i = 0; i < n; i++) {
			cgscope_dying_cgroup_read(ctx->cgrps[i], req->data);
			err = cgscope_nl_dump_one(skb, req);
			if (err)
				return err;
			ctx->after = cgroup_id(ctx->cgrps[i]);
		}
		if (n == CGSCOPE_NL_DYING_BATCH)
			continue;	/* more in this hierarchy */
		ctx->hierarchy_id++;
		ctx->after = 0;
	}
	ctx->ssid++;	/* done */
	return 0;
}

/* Context: cgroup_mutex, for the message. */
static int cgscope_nl_dying_next(struct sk_buff *skb,
				 struct cgscope_nl_req *req)
{
	struct cgscope_nl_dying_pos *ctx = req->pos;
	int err;

	if (ctx->ssid > CGSCOPE_NL_DYING_CGROUPS)
		return 0;
	err = cgscope_nl_dying_csses(skb, req);
	if (!err)
		err = cgscope_nl_dying_cgroups(skb, req);
	return err;
}

const struct cgscope_nl_cmd cgscope_nl_dying_get = {
	.cmd		= CGSCOPE_CMD_DYING_GET,
	.reply_size	= CGSCOPE_NL_CGROUP_MSG_SIZE,
	.data_size	= sizeof(struct cgscope_dying_info),
	.pos_size	= sizeof(struct cgscope_nl_dying_pos),
	.generation	= cgscope_gen_topology,
	.fill		= cgscope_nl_dying_fill,
	.start		= cgscope_nl_dying_start,
	.next		= cgscope_nl_dying_next,
};
