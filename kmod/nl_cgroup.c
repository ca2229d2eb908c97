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
#include "cgscope.h"
#include "nl.h"

struct cgscope_nl_cgroup_pos {
	struct cgroup *top;	/* pinned subtree root, or NULL: whole trees */
	struct cgroup *pos;	/* pinned resume point, or NULL */
	u64 serial;		/* with pos_is_parent: the vanished child's */
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

/* One cgroup, read by cgscope_nl_cgroup_read() */
struct cgscope_nl_cgroup {
	struct cgroup *cgrp;
	struct cgscope_cgroup_info ci;
};

/* Context: cgroup_mutex. */
static void cgscope_nl_cgroup_read(struct cgscope_nl_req *req,
				   struct cgroup *cgrp)
{
	struct cgscope_nl_cgroup *c = req->data;

	c->cgrp = cgrp;
	cgscope_cgroup_read(cgrp, &c->ci);
}

/* Context: cgroup_mutex. */
static int cgscope_nl_cgroup_fill(struct sk_buff *skb,
				  const struct cgscope_nl_req *req)
{
	const struct cgscope_nl_cgroup *c = req->data;
	const struct cgscope_cgroup_info *ci = &c->ci;
	bool dfl = cgscope_on_dfl(c->cgrp);

	if (nla_put_u64_64bit(skb, CGSCOPE_A_CGROUP_ID, ci->id,
			      CGSCOPE_A_CGROUP_PAD) ||
	    nla_put_u32(skb, CGSCOPE_A_CGROUP_HIERARCHY_ID, ci->hierarchy_id) ||
	    (ci->has_parent &&
	     nla_put_u64_64bit(skb, CGSCOPE_A_CGROUP_PARENT_ID, ci->parent_id,
			       CGSCOPE_A_CGROUP_PAD)) ||
	    nla_put_u32(skb, CGSCOPE_A_CGROUP_LEVEL, ci->level) ||
	    /* a path beyond PATH_MAX is left out, not an error */
	    (cgscope_cgroup_path(c->cgrp, NULL, req->path, PATH_MAX) >= 0 &&
	     nla_put_string(skb, CGSCOPE_A_CGROUP_PATH, req->path)) ||
	    nla_put_u8(skb, CGSCOPE_A_CGROUP_POPULATED, ci->populated) ||
	    nla_put_u32(skb, CGSCOPE_A_CGROUP_NR_TASKS, ci->nr_tasks) ||
	    nla_put_u32(skb, CGSCOPE_A_CGROUP_NR_DESCENDANTS,
			ci->nr_descendants) ||
	    nla_put_u32(skb, CGSCOPE_A_CGROUP_NR_DYING_DESCENDANTS,
			ci->nr_dying_descendants) ||
	    nla_put_u32(skb, CGSCOPE_A_CGROUP_TYPE, ci->type) ||
	    (ci->dying && nla_put_flag(skb, CGSCOPE_A_CGROUP_DYING)) ||
	    cgscope_nl_put_controllers(skb, CGSCOPE_A_CGROUP_CONTROLLER,
				       ci->controllers, dfl) ||
	    cgscope_nl_put_controllers(skb, CGSCOPE_A_CGROUP_SUBTREE_CONTROL,
				       ci->subtree_control, dfl) ||
	    cgscope_nl_put_controllers(skb, CGSCOPE_A_CGROUP_SUBTREE_EFFECTIVE,
				       ci->subtree_ss_mask, dfl) ||
	    cgscope_nl_put_css(skb, ci, dfl))
		return -EMSGSIZE;
	return 0;
}

static const struct cgscope_nl_target_attrs cgscope_nl_cgroup_attrs = {
	.hierarchy_id = CGSCOPE_A_CGROUP_HIERARCHY_ID,
	.cgroup_id = CGSCOPE_A_CGROUP_ID,
};

static int cgscope_nl_cgroup_parse(struct cgscope_nl_req *req)
{
	if (NL_REQ_ATTR_CHECK(req->extack, NULL, req->attrs,
			      CGSCOPE_A_CGROUP_HIERARCHY_ID) ||
	    NL_REQ_ATTR_CHECK(req->extack, NULL, req->attrs,
			      CGSCOPE_A_CGROUP_ID))
		return -EINVAL;
	return 0;
}

/* Context: cgroup_mutex. */
static int cgscope_nl_cgroup_prepare(struct cgscope_nl_req *req)
{
	struct cgscope_target t;
	int err;

	err = cgscope_nl_target(req, &cgscope_nl_cgroup_attrs, &t);
	if (!err)
		cgscope_nl_cgroup_read(req, t.cgrp);
	return err;
}

/*
 * Filters: CGSCOPE_A_CGROUP_HIERARCHY_ID alone (one hierarchy), or with
 * CGSCOPE_A_CGROUP_ID (that cgroup's subtree).
 */
static int cgscope_nl_cgroup_start(struct cgscope_nl_req *req)
{
	struct cgscope_nl_cgroup_pos *pos = req->pos;
	struct nlattr **attrs = req->attrs;
	struct cgscope_target t;
	int err = 0;

	if (attrs[CGSCOPE_A_CGROUP_ID] && !attrs[CGSCOPE_A_CGROUP_HIERARCHY_ID]) {
		NL_SET_BAD_ATTR(req->extack, attrs[CGSCOPE_A_CGROUP_ID]);
		NL_SET_ERR_MSG(req->extack,
			       "a cgroup id needs its hierarchy id");
		return -EINVAL;
	}
	if (!attrs[CGSCOPE_A_CGROUP_HIERARCHY_ID])
		return 0;

	pos->one_hierarchy = true;
	pos->hierarchy_id = nla_get_u32(attrs[CGSCOPE_A_CGROUP_HIERARCHY_ID]);

	cgscope_cgroup_lock();
	if (attrs[CGSCOPE_A_CGROUP_ID]) {
		err = cgscope_nl_target(req, &cgscope_nl_cgroup_attrs, &t);
		if (!err && !cgscope_cgroup_pin(t.cgrp))
			err = -ENOENT;	/* being released right now */
		if (!err)
			pos->top = t.cgrp;
	} else if (!cgscope_root_find(pos->hierarchy_id)) {
		NL_SET_BAD_ATTR(req->extack,
				attrs[CGSCOPE_A_CGROUP_HIERARCHY_ID]);
		NL_SET_ERR_MSG(req->extack, "no such hierarchy");
		err = -ENOENT;
	}
	cgscope_cgroup_unlock();
	return err;
}

/*
 * Pin where the next message starts: after @last.
 * Context: cgroup_mutex.
 */
static void cgscope_nl_cgroup_park(struct cgscope_nl_cgroup_pos *ctx,
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
static struct cgroup *cgscope_nl_cgroup_resume(struct cgscope_nl_cgroup_pos *ctx,
					       struct cgroup *top)
{
	if (!ctx->pos)
		return top;
	if (ctx->pos_is_parent)
		return cgscope_cgroup_next_after(ctx->pos, ctx->serial, top);
	return cgscope_cgroup_next(ctx->pos, top);
}

/* Context: cgroup_mutex, for the message. */
static int cgscope_nl_cgroup_next(struct sk_buff *skb,
				  struct cgscope_nl_req *req)
{
	struct cgscope_nl_cgroup_pos *ctx = req->pos;
	struct cgroup *pinned = ctx->pos, *cgrp, *last = NULL;
	struct cgroup_root *root;
	int err = 0;

	if (ctx->done)
		return 0;
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
			cgscope_nl_cgroup_read(req, cgrp);
			err = cgscope_nl_dump_one(skb, req);
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
	return err;
}

static void cgscope_nl_cgroup_done(struct cgscope_nl_req *req)
{
	struct cgscope_nl_cgroup_pos *pos = req->pos;

	if (pos->pos)
		cgroup_put(pos->pos);
	if (pos->top)
		cgroup_put(pos->top);
}

const struct cgscope_nl_cmd cgscope_nl_cgroup_get = {
	.cmd		= CGSCOPE_CMD_CGROUP_GET,
	.reply_size	= CGSCOPE_NL_CGROUP_MSG_SIZE,
	.data_size	= sizeof(struct cgscope_nl_cgroup),
	.pos_size	= sizeof(struct cgscope_nl_cgroup_pos),
	.generation	= cgscope_gen_topology,
	.parse		= cgscope_nl_cgroup_parse,
	.prepare	= cgscope_nl_cgroup_prepare,
	.fill		= cgscope_nl_cgroup_fill,
	.start		= cgscope_nl_cgroup_start,
	.next		= cgscope_nl_cgroup_next,
	.done		= cgscope_nl_cgroup_done,
};
