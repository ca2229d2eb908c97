// SPDX-License-Identifier: GPL-2.0
/*
 * CGSCOPE_CMD_CGROUP_GET: cgroups, one by (hierarchy id, cgroup id), or a
 * dump of every hierarchy, one hierarchy, or one subtree, in pre-order
 * (parents before children), hierarchy after hierarchy in id order.
 *
 * A dump holds cgroup_mutex for one message at a time.  Between messages it
 * keeps a reference on the last cgroup it sent, and resumes from it: the
 * kernel's pre-order iterator copes with a position that was removed
 * meanwhile.  If that cgroup could not be pinned (its release was already
 * under way, so it had no children), it pins the parent and resumes after
 * the vanished child's serial number.  Between messages, a change of the
 * hierarchies or cgroups marks the next message NLM_F_DUMP_INTR.
 */
#include <linux/slab.h>

#include "cgscope.h"
#include "nl.h"

struct cgscope_nl_cgroup_ctx {
	struct cgroup *top;	/* pinned subtree root, or NULL: whole trees */
	struct cgroup *pos;	/* pinned resume point, or NULL */
	u64 serial;		/* with pos_is_parent: the vanished child's */
	char *path;		/* PATH_MAX */
	u32 hierarchy_id;	/* the hierarchy being walked */
	u8 one_hierarchy:1;
	u8 pos_is_parent:1;
	u8 started:1;
	u8 done:1;
};

static int cgscope_nl_put_controllers(struct sk_buff *skb, int attrtype,
				      u16 mask, bool dfl)
{
	int ssid;

	for (ssid = 0; ssid < CGROUP_SUBSYS_COUNT; ssid++)
		if ((mask & BIT(ssid)) &&
		    nla_put_string(skb, attrtype,
				   cgscope_subsys_name(ssid, dfl)))
			return -EMSGSIZE;
	return 0;
}

static int cgscope_nl_put_css(struct sk_buff *skb,
			      const struct cgscope_cgroup_info *ci, bool dfl)
{
	struct nlattr *nest;
	int ssid;

	for (ssid = 0; ssid < CGROUP_SUBSYS_COUNT; ssid++) {
		const struct cgscope_css_info *css = &ci->css[ssid];

		if (!(ci->css_mask & BIT(ssid)))
			continue;
		nest = nla_nest_start(skb, CGSCOPE_A_CGROUP_CSS);
		if (!nest)
			return -EMSGSIZE;
		if (nla_put_string(skb, CGSCOPE_A_CSS_CONTROLLER,
				   cgscope_subsys_name(ssid, dfl)) ||
		    nla_put_u32(skb, CGSCOPE_A_CSS_ID, css->id) ||
		    (css->online && nla_put_flag(skb, CGSCOPE_A_CSS_ONLINE)) ||
		    (css->dying && nla_put_flag(skb, CGSCOPE_A_CSS_DYING))) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
		nla_nest_end(skb, nest);
	}
	return 0;
}

/*
 * Read @cgrp and put it in @skb.
 * Context: cgroup_mutex.
 */
static int cgscope_nl_cgroup_fill(struct sk_buff *skb, struct cgroup *cgrp,
				  char *path, u32 portid, u32 seq, int flags,
				  struct netlink_callback *cb)
{
	struct cgscope_cgroup_info ci;
	bool dfl = cgscope_on_dfl(cgrp);
	bool has_path;
	void *hdr;

	cgscope_cgroup_read(cgrp, &ci);
	/* a path beyond PATH_MAX is left out, not an error for the dump */
	has_path = cgscope_cgroup_path(cgrp, NULL, path, PATH_MAX) >= 0;

	hdr = genlmsg_put(skb, portid, seq, &cgscope_nl_family, flags,
			  CGSCOPE_CMD_CGROUP_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);

	if (nla_put_u64_64bit(skb, CGSCOPE_A_CGROUP_ID, ci.id,
			      CGSCOPE_A_CGROUP_PAD) ||
	    nla_put_u32(skb, CGSCOPE_A_CGROUP_HIERARCHY_ID, ci.hierarchy_id) ||
	    (ci.has_parent &&
	     nla_put_u64_64bit(skb, CGSCOPE_A_CGROUP_PARENT_ID, ci.parent_id,
			       CGSCOPE_A_CGROUP_PAD)) ||
	    nla_put_u32(skb, CGSCOPE_A_CGROUP_LEVEL, ci.level) ||
	    (has_path && nla_put_string(skb, CGSCOPE_A_CGROUP_PATH, path)) ||
	    nla_put_u8(skb, CGSCOPE_A_CGROUP_POPULATED, ci.populated) ||
	    nla_put_u32(skb, CGSCOPE_A_CGROUP_NR_TASKS, ci.nr_tasks) ||
	    nla_put_u32(skb, CGSCOPE_A_CGROUP_NR_DESCENDANTS,
			ci.nr_descendants) ||
	    nla_put_u32(skb, CGSCOPE_A_CGROUP_NR_DYING_DESCENDANTS,
			ci.nr_dying_descendants) ||
	    nla_put_u32(skb, CGSCOPE_A_CGROUP_TYPE, ci.type) ||
	    (ci.dying && nla_put_flag(skb, CGSCOPE_A_CGROUP_DYING)) ||
	    cgscope_nl_put_controllers(skb, CGSCOPE_A_CGROUP_CONTROLLER,
				       ci.controllers, dfl) ||
	    cgscope_nl_put_controllers(skb, CGSCOPE_A_CGROUP_SUBTREE_CONTROL,
				       ci.subtree_control, dfl) ||
	    cgscope_nl_put_controllers(skb, CGSCOPE_A_CGROUP_SUBTREE_EFFECTIVE,
				       ci.subtree_ss_mask, dfl) ||
	    cgscope_nl_put_css(skb, &ci, dfl))
		goto err_cancel_msg;
	genlmsg_end(skb, hdr);
	return 0;

err_cancel_msg:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/**
 * cgscope_nl_cgroup_lookup() - the cgroup a request names
 * @attrs: the request's attributes
 * @a_hier: which attribute holds the hierarchy id (u32)
 * @a_id: which attribute holds the cgroup id (u64)
 * @extack: where to say what was not found
 *
 * Both attributes must be present.  Every op that names a cgroup uses this.
 *
 * Context: cgroup_mutex.
 * Return: the cgroup (dying ones included), or ERR_PTR(-ENOENT).
 */
struct cgroup *cgscope_nl_cgroup_lookup(struct nlattr **attrs, int a_hier,
					int a_id, struct netlink_ext_ack *extack)
{
	struct cgroup_root *root;
	struct cgroup *cgrp;

	root = cgscope_root_find(nla_get_u32(attrs[a_hier]));
	if (!root) {
		NL_SET_BAD_ATTR(extack, attrs[a_hier]);
		NL_SET_ERR_MSG(extack, "no such hierarchy");
		return ERR_PTR(-ENOENT);
	}
	cgrp = cgscope_cgroup_find(root, nla_get_u64(attrs[a_id]));
	if (!cgrp) {
		NL_SET_BAD_ATTR(extack, attrs[a_id]);
		NL_SET_ERR_MSG(extack, "no such cgroup in this hierarchy");
		return ERR_PTR(-ENOENT);
	}
	return cgrp;
}

/**
 * cgscope_nl_cgroup_get_doit() - CGSCOPE_CMD_CGROUP_GET for one cgroup
 * @skb: request
 * @info: request info
 *
 * Return: 0 or a negative errno (-ENOENT: no such hierarchy or cgroup).
 */
int cgscope_nl_cgroup_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct cgroup *cgrp;
	struct sk_buff *rsp;
	char *path;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, CGSCOPE_A_CGROUP_HIERARCHY_ID) ||
	    GENL_REQ_ATTR_CHECK(info, CGSCOPE_A_CGROUP_ID))
		return -EINVAL;

	path = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!path)
		return -ENOMEM;
	rsp = genlmsg_new(CGSCOPE_NL_CGROUP_MSG_SIZE, GFP_KERNEL);
	if (!rsp) {
		err = -ENOMEM;
		goto err_free_path;
	}

	cgscope_cgroup_lock();
	cgrp = cgscope_nl_cgroup_lookup(info->attrs,
					CGSCOPE_A_CGROUP_HIERARCHY_ID,
					CGSCOPE_A_CGROUP_ID, info->extack);
	if (IS_ERR(cgrp))
		err = PTR_ERR(cgrp);
	else
		err = cgscope_nl_cgroup_fill(rsp, cgrp, path, info->snd_portid,
					     info->snd_seq, 0, NULL);
	cgscope_cgroup_unlock();
	if (err)
		goto err_free_msg;

	kfree(path);
	return genlmsg_reply(rsp, info);

err_free_msg:
	nlmsg_free(rsp);
err_free_path:
	kfree(path);
	return err;
}

/**
 * cgscope_nl_cgroup_get_start() - set up a cgroup dump
 * @cb: the dump
 *
 * Filters: CGSCOPE_A_CGROUP_HIERARCHY_ID alone (one hierarchy), or with
 * CGSCOPE_A_CGROUP_ID (that cgroup's subtree).
 *
 * Return: 0 or a negative errno with an extack message.
 */
int cgscope_nl_cgroup_get_start(struct netlink_callback *cb)
{
	struct cgscope_nl_cgroup_ctx *ctx =
		CGSCOPE_NL_CTX(cb, struct cgscope_nl_cgroup_ctx);
	struct nlattr **attrs = cgscope_dump_attrs(cb);
	struct cgroup *cgrp;
	int err = 0;

	memset(ctx, 0, sizeof(*ctx));
	cb->min_dump_alloc = CGSCOPE_NL_CGROUP_MSG_SIZE;
	if (attrs[CGSCOPE_A_CGROUP_ID] && !attrs[CGSCOPE_A_CGROUP_HIERARCHY_ID]) {
		NL_SET_BAD_ATTR(cb->extack, attrs[CGSCOPE_A_CGROUP_ID]);
		NL_SET_ERR_MSG(cb->extack,
			       "a cgroup id needs its hierarchy id");
		return -EINVAL;
	}

	ctx->path = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!ctx->path)
		return -ENOMEM;

	if (!attrs[CGSCOPE_A_CGROUP_HIERARCHY_ID])
		return 0;

	ctx->one_hierarchy = true;
	ctx->hierarchy_id = nla_get_u32(attrs[CGSCOPE_A_CGROUP_HIERARCHY_ID]);

	cgscope_cgroup_lock();
	if (attrs[CGSCOPE_A_CGROUP_ID]) {
		cgrp = cgscope_nl_cgroup_lookup(attrs,
						CGSCOPE_A_CGROUP_HIERARCHY_ID,
						CGSCOPE_A_CGROUP_ID, cb->extack);
		if (IS_ERR(cgrp))
			err = PTR_ERR(cgrp);
		else if (!cgscope_cgroup_pin(cgrp))
			err = -ENOENT;	/* being released right now */
		else
			ctx->top = cgrp;
	} else if (!cgscope_root_find(ctx->hierarchy_id)) {
		NL_SET_BAD_ATTR(cb->extack,
				attrs[CGSCOPE_A_CGROUP_HIERARCHY_ID]);
		NL_SET_ERR_MSG(cb->extack, "no such hierarchy");
		err = -ENOENT;
	}
	cgscope_cgroup_unlock();

	if (err) {
		kfree(ctx->path);
		ctx->path = NULL;
	}
	return err;
}

/*
 * Pin where the next message starts: after @last.
 * Context: cgroup_mutex.
 */
static void cgscope_nl_cgroup_park(struct cgscope_nl_cgroup_ctx *ctx,
				   struct cgroup *last)
{
	struct cgroup *parent = cgroup_parent(last);

	if (cgscope_cgroup_pin(last)) {
		ctx->pos = last;
		ctx->pos_is_parent = false;
		return;
	}
	/* @last is a leaf on its way out; it still holds its parent */
	if (parent && last != ctx->top && cgscope_cgroup_pin(parent)) {
		ctx->pos = parent;
		ctx->serial = last->self.serial_nr;
		ctx->pos_is_parent = true;
		return;
	}
	/* a subtree or hierarchy root going away: go on with the next */
	ctx->pos = NULL;
	ctx->hierarchy_id++;
}

/*
 * Where to go on from a parked position.
 * Context: cgroup_mutex.
 */
static struct cgroup *cgscope_nl_cgroup_resume(struct cgscope_nl_cgroup_ctx *ctx,
					       struct cgroup *top)
{
	if (!ctx->pos)
		return top;
	if (ctx->pos_is_parent)
		return cgscope_cgroup_next_after(ctx->pos, ctx->serial, top);
	return cgscope_cgroup_next(ctx->pos, top);
}

/**
 * cgscope_nl_cgroup_get_dumpit() - CGSCOPE_CMD_CGROUP_GET dump
 * @skb: the message to fill
 * @cb: the dump
 *
 * Context: takes cgroup_mutex for the message.
 * Return: skb->len to be called again, 0 when done, or a negative errno.
 */
int cgscope_nl_cgroup_get_dumpit(struct sk_buff *skb,
				 struct netlink_callback *cb)
{
	struct cgscope_nl_cgroup_ctx *ctx =
		CGSCOPE_NL_CTX(cb, struct cgscope_nl_cgroup_ctx);
	struct cgroup *pinned = ctx->pos, *cgrp, *last = NULL;
	struct cgroup_root *root;
	int err = 0;

	if (ctx->done)
		return 0;
	if (!ctx->started && !pinned)
		cgscope_stats_walk();

	cgscope_cgroup_lock();
	cb->seq = cgscope_gen_topology();
	for (;;) {
		struct cgroup *top;

		if (!ctx->started)
			root = ctx->one_hierarchy ?
			       cgscope_root_find(ctx->hierarchy_id) :
			       cgscope_root_next(-1);
		else if (ctx->pos)
			root = ctx->pos->root;
		else if (!ctx->one_hierarchy)	/* first id >= hierarchy_id */
			root = cgscope_root_next((int)ctx->hierarchy_id - 1);
		else
			root = NULL;
		if (!root) {
			ctx->done = true;
			break;
		}
		ctx->hierarchy_id = root->hierarchy_id;
		ctx->started = true;
		top = ctx->top ? ctx->top : &root->cgrp;

		for (cgrp = cgscope_nl_cgroup_resume(ctx, top); cgrp;
		     cgrp = cgscope_cgroup_next(cgrp, top)) {
			err = cgscope_nl_cgroup_fill(skb, cgrp, ctx->path,
						     NETLINK_CB(cb->skb).portid,
						     cb->nlh->nlmsg_seq,
						     NLM_F_MULTI, cb);
			if (err)
				break;
			last = cgrp;
		}
		if (err)
			break;

		/* this hierarchy (or subtree) is complete: on to the next */
		last = NULL;
		if (pinned) {
			cgroup_put(pinned);
			pinned = NULL;
		}
		ctx->pos = NULL;
		ctx->hierarchy_id++;
	}

	if (last) {
		/* stopped inside a hierarchy: move the pin to @last */
		cgscope_nl_cgroup_park(ctx, last);
		if (pinned)
			cgroup_put(pinned);
	}
	cgscope_cgroup_unlock();

	return cgscope_nl_dump_ret(skb, err);
}

/**
 * cgscope_nl_cgroup_get_done() - end of a cgroup dump
 * @cb: the dump
 *
 * Return: 0.
 */
int cgscope_nl_cgroup_get_done(struct netlink_callback *cb)
{
	struct cgscope_nl_cgroup_ctx *ctx =
		CGSCOPE_NL_CTX(cb, struct cgscope_nl_cgroup_ctx);

	if (ctx->pos)
		cgroup_put(ctx->pos);
	if (ctx->top)
		cgroup_put(ctx->top);
	kfree(ctx->path);
	return 0;
}
