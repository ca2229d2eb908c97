// SPDX-License-Identifier: GPL-2.0
/*
 * CGSCOPE_CMD_CSET_GET: css_sets, one by id or all of them.
 *
 * A dump message is built under cgroup_mutex from a few css_sets copied out
 * of one css_set_table bucket per css_set_lock hold (css_set.c); it resumes
 * after the bucket and id of the last css_set it sent.  A cgroup change or
 * a migration between messages marks the next NLM_F_DUMP_INTR (see gen.c).
 */
#include <linux/slab.h>

#include "cgscope.h"
#include "nl.h"

#define CGSCOPE_NL_CSET_BATCH	8

struct cgscope_nl_cset_ctx {
	struct cgscope_cset_cursor cur;
	struct cgscope_cset_info *buf;	/* CGSCOPE_NL_CSET_BATCH of them */
	char *path;			/* PATH_MAX */
};

static int cgscope_nl_cset_put_links(struct sk_buff *skb,
				     const struct cgscope_cset_info *si,
				     char *path)
{
	struct nlattr *nest;
	bool has_path;
	int i;

	for (i = 0; i < si->nr_links; i++) {
		struct cgroup *cgrp = si->links[i];

		has_path = cgscope_cgroup_path(cgrp, NULL, path, PATH_MAX) >= 0;
		nest = nla_nest_start(skb, CGSCOPE_A_CSET_LINK);
		if (!nest)
			return -EMSGSIZE;
		if (nla_put_u32(skb, CGSCOPE_A_LINK_HIERARCHY_ID,
				cgrp->root->hierarchy_id) ||
		    nla_put_u64_64bit(skb, CGSCOPE_A_LINK_CGROUP_ID,
				      cgroup_id(cgrp), CGSCOPE_A_LINK_PAD) ||
		    (has_path &&
		     nla_put_string(skb, CGSCOPE_A_LINK_PATH, path))) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
		nla_nest_end(skb, nest);
	}
	return 0;
}

static int cgscope_nl_cset_put_subsys(struct sk_buff *skb,
				      const struct cgscope_cset_info *si)
{
	struct nlattr *nest;
	int ssid;

	for (ssid = 0; ssid < CGROUP_SUBSYS_COUNT; ssid++) {
		struct cgroup_subsys_state *css = si->subsys[ssid];
		struct cgroup *cgrp;

		if (!css)
			continue;
		cgrp = css->cgroup;
		nest = nla_nest_start(skb, CGSCOPE_A_CSET_SUBSYS);
		if (!nest)
			return -EMSGSIZE;
		if (nla_put_string(skb, CGSCOPE_A_SUBSYS_CONTROLLER,
				   cgscope_subsys_name(ssid,
						       cgscope_on_dfl(cgrp))) ||
		    nla_put_u32(skb, CGSCOPE_A_SUBSYS_HIERARCHY_ID,
				cgrp->root->hierarchy_id) ||
		    nla_put_u64_64bit(skb, CGSCOPE_A_SUBSYS_CGROUP_ID,
				      cgroup_id(cgrp), CGSCOPE_A_SUBSYS_PAD) ||
		    nla_put_u32(skb, CGSCOPE_A_SUBSYS_CSS_ID, css->id)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
		nla_nest_end(skb, nest);
	}
	return 0;
}

/*
 * Put one css_set copied by cgscope_cset_collect()/_find().
 * Context: cgroup_mutex (the cgroups and csses it names stay valid).
 */
static int cgscope_nl_cset_fill(struct sk_buff *skb,
				const struct cgscope_cset_info *si, char *path,
				u32 portid, u32 seq, int flags,
				struct netlink_callback *cb)
{
	void *hdr;
	int i, err = -EMSGSIZE;

	hdr = genlmsg_put(skb, portid, seq, &cgscope_nl_family, flags,
			  CGSCOPE_CMD_CSET_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);

	if (nla_put_u64_64bit(skb, CGSCOPE_A_CSET_ID, si->id,
			      CGSCOPE_A_CSET_PAD) ||
	    nla_put_u32(skb, CGSCOPE_A_CSET_REFCOUNT, si->refcount) ||
	    nla_put_u32(skb, CGSCOPE_A_CSET_NR_TASKS, si->nr_tasks) ||
	    (si->dead && nla_put_flag(skb, CGSCOPE_A_CSET_DEAD)) ||
	    (si->is_init && nla_put_flag(skb, CGSCOPE_A_CSET_INIT)) ||
	    (si->dom_id &&
	     nla_put_u64_64bit(skb, CGSCOPE_A_CSET_DOM_CSET_ID, si->dom_id,
			       CGSCOPE_A_CSET_PAD)) ||
	    (si->pids_truncated &&
	     nla_put_flag(skb, CGSCOPE_A_CSET_TASKS_TRUNCATED)))
		goto err_cancel_msg;
	for (i = 0; i < si->nr_pids; i++)
		if (nla_put_u32(skb, CGSCOPE_A_CSET_TASK, si->pids[i]))
			goto err_cancel_msg;
	err = cgscope_nl_cset_put_links(skb, si, path);
	if (err)
		goto err_cancel_msg;
	err = cgscope_nl_cset_put_subsys(skb, si);
	if (err)
		goto err_cancel_msg;
	genlmsg_end(skb, hdr);
	return 0;

err_cancel_msg:
	genlmsg_cancel(skb, hdr);
	return err;
}

/**
 * cgscope_nl_cset_get_doit() - CGSCOPE_CMD_CSET_GET for one css_set
 * @skb: request
 * @info: request info
 *
 * Return: 0 or a negative errno (-ENOENT: no such css_set).
 */
int cgscope_nl_cset_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct cgscope_cset_info *si;
	struct sk_buff *rsp;
	char *path;
	int err = -ENOMEM;

	if (GENL_REQ_ATTR_CHECK(info, CGSCOPE_A_CSET_ID))
		return -EINVAL;

	si = kmalloc(sizeof(*si), GFP_KERNEL);
	path = kmalloc(PATH_MAX, GFP_KERNEL);
	rsp = genlmsg_new(CGSCOPE_NL_CSET_MSG_SIZE, GFP_KERNEL);
	if (!si || !path || !rsp)
		goto err_free;

	cgscope_cgroup_lock();
	err = cgscope_cset_find(nla_get_u64(info->attrs[CGSCOPE_A_CSET_ID]),
				si);
	if (!err)
		err = cgscope_nl_cset_fill(rsp, si, path, info->snd_portid,
					   info->snd_seq, 0, NULL);
	cgscope_cgroup_unlock();
	if (err == -ENOENT) {
		NL_SET_BAD_ATTR(info->extack, info->attrs[CGSCOPE_A_CSET_ID]);
		NL_SET_ERR_MSG(info->extack, "no such css_set");
	}
	if (err)
		goto err_free;

	kfree(path);
	kfree(si);
	return genlmsg_reply(rsp, info);

err_free:
	nlmsg_free(rsp);
	kfree(path);
	kfree(si);
	return err;
}

/**
 * cgscope_nl_cset_get_start() - set up a css_set dump
 * @cb: the dump
 *
 * Return: 0 or a negative errno.
 */
int cgscope_nl_cset_get_start(struct netlink_callback *cb)
{
	struct cgscope_nl_cset_ctx *ctx =
		CGSCOPE_NL_CTX(cb, struct cgscope_nl_cset_ctx);
	int err;

	memset(ctx, 0, sizeof(*ctx));
	cb->min_dump_alloc = CGSCOPE_NL_CSET_MSG_SIZE;
	err = cgscope_nl_dump_start_no_attrs(cb);
	if (err)
		return err;

	ctx->buf = kmalloc_array(CGSCOPE_NL_CSET_BATCH, sizeof(*ctx->buf),
				 GFP_KERNEL);
	ctx->path = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!ctx->buf || !ctx->path) {
		kfree(ctx->buf);
		kfree(ctx->path);
		ctx->buf = NULL;
		ctx->path = NULL;
		return -ENOMEM;
	}
	cgscope_stats_walk();
	return 0;
}

/**
 * cgscope_nl_cset_get_dumpit() - CGSCOPE_CMD_CSET_GET dump
 * @skb: the message to fill
 * @cb: the dump
 *
 * Context: takes cgroup_mutex for the message, css_set_lock per bucket.
 * Return: skb->len to be called again, 0 when done, or a negative errno.
 */
int cgscope_nl_cset_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct cgscope_nl_cset_ctx *ctx =
		CGSCOPE_NL_CTX(cb, struct cgscope_nl_cset_ctx);
	int n, i, err = 0;

	cgscope_cgroup_lock();
	cb->seq = cgscope_gen_all();
	while ((n = cgscope_cset_collect(&ctx->cur, ctx->buf,
					 CGSCOPE_NL_CSET_BATCH)) > 0) {
		for (i = 0; i < n; i++) {
			err = cgscope_nl_cset_fill(skb, &ctx->buf[i], ctx->path,
						   NETLINK_CB(cb->skb).portid,
						   cb->nlh->nlmsg_seq,
						   NLM_F_MULTI, cb);
			if (err)
				goto out_unlock;
			ctx->cur.after = ctx->buf[i].addr;
		}
	}
out_unlock:
	cgscope_cgroup_unlock();

	return cgscope_nl_dump_ret(skb, err);
}

/**
 * cgscope_nl_cset_get_done() - end of a css_set dump
 * @cb: the dump
 *
 * Return: 0.
 */
int cgscope_nl_cset_get_done(struct netlink_callback *cb)
{
	struct cgscope_nl_cset_ctx *ctx =
		CGSCOPE_NL_CTX(cb, struct cgscope_nl_cset_ctx);

	kfree(ctx->buf);
	kfree(ctx->path);
	return 0;
}
