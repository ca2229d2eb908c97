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
#include <linux/slab.h>

#include "cgscope.h"
#include "nl.h"

/* Removed cgroups gathered per walk of a hierarchy */
#define CGSCOPE_NL_DYING_BATCH	32

struct cgscope_nl_dying_ctx {
	struct cgroup **cgrps;	/* CGSCOPE_NL_DYING_BATCH of them */
	char *path;		/* PATH_MAX */
	u64 after;		/* cgroups: last id sent in hierarchy_id */
	u32 hierarchy_id;	/* cgroups: hierarchy being walked */
	int ssid;		/* controller being walked, or cgroups */
	int id;			/* next css id to look at */
	int only;		/* the filter: a ssid, or -1 for all */
};

/*
 * Put one dying css or cgroup in @skb.
 * Context: cgroup_mutex.
 */
static int cgscope_nl_dying_fill(struct sk_buff *skb,
				 const struct cgscope_dying_info *di,
				 char *path, struct netlink_callback *cb)
{
	struct cgroup *cgrp = di->cgrp;
	bool is_cgroup = di->ssid == CGSCOPE_DYING_CGROUP;
	const char *ctrl = is_cgroup ? "cgroup" :
			   cgscope_subsys_name(di->ssid, cgscope_on_dfl(cgrp));
	bool has_path;
	void *hdr;

	/* a path beyond PATH_MAX is left out, not an error for the dump */
	has_path = cgscope_cgroup_path(cgrp, NULL, path, PATH_MAX) >= 0;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &cgscope_nl_family, NLM_F_MULTI,
			  CGSCOPE_CMD_DYING_GET);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);

	if (nla_put_string(skb, CGSCOPE_A_DYING_CONTROLLER, ctrl) ||
	    (!is_cgroup &&
	     nla_put_u32(skb, CGSCOPE_A_DYING_CSS_ID, di->css_id)) ||
	    nla_put_u32(skb, CGSCOPE_A_DYING_HIERARCHY_ID,
			cgrp->root->hierarchy_id) ||
	    nla_put_u64_64bit(skb, CGSCOPE_A_DYING_CGROUP_ID, cgroup_id(cgrp),
			      CGSCOPE_A_DYING_PAD) ||
	    (has_path && nla_put_string(skb, CGSCOPE_A_DYING_PATH, path)) ||
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
		goto err_cancel_msg;
	genlmsg_end(skb, hdr);
	return 0;

err_cancel_msg:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/**
 * cgscope_nl_dying_get_start() - set up a dump of dying csses
 * @cb: the dump
 *
 * Return: 0 or a negative errno with an extack message.
 */
int cgscope_nl_dying_get_start(struct netlink_callback *cb)
{
	struct cgscope_nl_dying_ctx *ctx =
		CGSCOPE_NL_CTX(cb, struct cgscope_nl_dying_ctx);
	struct nlattr **attrs = cgscope_dump_attrs(cb);

	memset(ctx, 0, sizeof(*ctx));
	ctx->only = -1;
	cb->min_dump_alloc = CGSCOPE_NL_CGROUP_MSG_SIZE;
	if (attrs && attrs[CGSCOPE_A_DYING_CONTROLLER]) {
		struct nlattr *a = attrs[CGSCOPE_A_DYING_CONTROLLER];
		const char *name = nla_data(a);

		if (!strcmp(name, "cgroup"))
			ctx->only = CGSCOPE_DYING_CGROUP;
		else
			ctx->only = cgscope_subsys_find(name);
		if (ctx->only < 0 ||
		    (ctx->only < CGSCOPE_DYING_CGROUP &&
		     !cgscope_subsys_get(ctx->only))) {
			NL_SET_BAD_ATTR(cb->extack, a);
			NL_SET_ERR_MSG(cb->extack,
				       "no such controller on this kernel");
			return -EINVAL;
		}
		ctx->ssid = ctx->only;
	}

	ctx->path = kmalloc(PATH_MAX, GFP_KERNEL);
	ctx->cgrps = kmalloc_array(CGSCOPE_NL_DYING_BATCH,
				   sizeof(*ctx->cgrps), GFP_KERNEL);
	if (!ctx->path || !ctx->cgrps) {
		kfree(ctx->path);
		kfree(ctx->cgrps);
		ctx->path = NULL;
		ctx->cgrps = NULL;
		return -ENOMEM;
	}
	cgscope_stats_walk();
	return 0;
}

/*
 * The csses of controller after controller.
 * Context: cgroup_mutex.
 */
static int cgscope_nl_dying_csses(struct sk_buff *skb,
				  struct netlink_callback *cb,
				  struct cgscope_nl_dying_ctx *ctx)
{
	struct cgscope_dying_info di;
	int err;

	while (ctx->ssid < CGSCOPE_DYING_CGROUP) {
		struct cgroup_subsys_state *css;

		if (ctx->only >= 0 && ctx->ssid != ctx->only) {
			ctx->ssid = CGSCOPE_DYING_CGROUP + 1;	/* done */
			return 0;
		}
		css = cgscope_dying_css_next(ctx->ssid, &ctx->id);
		if (!css) {
			ctx->ssid++;
			ctx->id = 0;
			continue;
		}
		cgscope_dying_css_read(css, &di);
		err = cgscope_nl_dying_fill(skb, &di, ctx->path, cb);
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
				    struct netlink_callback *cb,
				    struct cgscope_nl_dying_ctx *ctx)
{
	struct cgscope_dying_info di;
	struct cgroup_root *root;
	int n, i, err;

	if (ctx->ssid != CGSCOPE_DYING_CGROUP)
		return 0;
	if (ctx->only >= 0 && ctx->only != CGSCOPE_DYING_CGROUP)
		return 0;
	while ((root = cgscope_root_next((int)ctx->hierarchy_id - 1))) {
		if (root->hierarchy_id != ctx->hierarchy_id) {
			ctx->hierarchy_id = root->hierarchy_id;
			ctx->after = 0;
		}
		n = cgscope_dying_cgroups(root, ctx->after, ctx->cgrps,
					  CGSCOPE_NL_DYING_BATCH);
		for (i = 0; i < n; i++) {
			cgscope_dying_cgroup_read(ctx->cgrps[i], &di);
			err = cgscope_nl_dying_fill(skb, &di, ctx->path, cb);
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

/**
 * cgscope_nl_dying_get_dumpit() - CGSCOPE_CMD_DYING_GET dump
 * @skb: the message to fill
 * @cb: the dump
 *
 * Context: takes cgroup_mutex for the message.
 * Return: skb->len to be called again, 0 when done, or a negative errno.
 */
int cgscope_nl_dying_get_dumpit(struct sk_buff *skb,
				struct netlink_callback *cb)
{
	struct cgscope_nl_dying_ctx *ctx =
		CGSCOPE_NL_CTX(cb, struct cgscope_nl_dying_ctx);
	int err;

	if (ctx->ssid > CGSCOPE_DYING_CGROUP)
		return 0;
	cgscope_cgroup_lock();
	cb->seq = cgscope_gen_topology();
	err = cgscope_nl_dying_csses(skb, cb, ctx);
	if (!err)
		err = cgscope_nl_dying_cgroups(skb, cb, ctx);
	cgscope_cgroup_unlock();

	return cgscope_nl_dump_ret(skb, err);
}

/**
 * cgscope_nl_dying_get_done() - end of a dump of dying csses
 * @cb: the dump
 *
 * Return: 0.
 */
int cgscope_nl_dying_get_done(struct netlink_callback *cb)
{
	struct cgscope_nl_dying_ctx *ctx =
		CGSCOPE_NL_CTX(cb, struct cgscope_nl_dying_ctx);

	kfree(ctx->cgrps);
	kfree(ctx->path);
	return 0;
}
