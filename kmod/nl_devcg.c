// SPDX-License-Identifier: GPL-2.0
/*
 * CGSCOPE_CMD_DEVCG_GET: the device rules of a task or a cgroup (v1
 * behaviour and all exceptions; the v2 device programs), and
 * CGSCOPE_CMD_DEVCG_CHECK: what the kernel would decide for an access, and
 * why.  See devcg.c for how both layers are read and evaluated.
 */
#include <linux/slab.h>

#include "cgscope.h"
#include "nl.h"

/* What a request names: the v1 devices css and/or the v2 cgroup. */
struct cgscope_nl_devcg_target {
	struct cgroup_subsys_state *devcss;
	struct cgroup *v2;
};

/* The device rules of a task or a cgroup, as DEVCG_GET sends them */
struct cgscope_nl_devcg {
	struct cgscope_nl_devcg_target t;
	struct cgscope_devcg_info di;	/* with t.devcss */
	int nr_progs;			/* with t.v2 */
	struct cgscope_prog_info progs[CGSCOPE_PROGS_MAX];
};

/* An access decided, as DEVCG_CHECK sends it */
struct cgscope_nl_devcg_check {
	struct cgscope_nl_devcg_target t;
	struct cgscope_devcg_verdict v;
};

/*
 * Resolve a task (attribute @a->pid) or a cgroup to its devices css and
 * v2 cgroup.
 * Context: cgroup_mutex; the css and cgroup found stay valid while held.
 */
static int cgscope_nl_devcg_target(struct cgscope_nl_req *req,
				   const struct cgscope_nl_target_attrs *a,
				   struct cgscope_nl_devcg_target *dt)
{
	struct cgscope_target t;
	int err;

	err = cgscope_nl_target(req, a, &t);
	if (err)
		return err;
#ifdef CONFIG_CGROUP_DEVICE
	dt->devcss = t.css[devices_cgrp_id];
#endif
	dt->v2 = t.v2;
	if (!dt->devcss && !dt->v2) {
		NL_SET_BAD_ATTR(req->extack, req->attrs[a->hierarchy_id]);
		NL_SET_ERR_MSG(req->extack,
			       "this hierarchy has no devices controller: name a devices or a v2 cgroup");
		return -EINVAL;
	}
	return 0;
}

static void cgscope_nl_devcg_bad_item(struct cgscope_nl_req *req, int err)
{
	if (err == -EIO)
		NL_SET_ERR_MSG(req->extack,
			       "a device exception does not look like struct dev_exception_item");
}

/* Context: cgroup_mutex. */
static int cgscope_nl_devcg_prepare(struct cgscope_nl_req *req)
{
	static const struct cgscope_nl_target_attrs attrs = {
		.pid = CGSCOPE_A_DEVCG_PID,
		.hierarchy_id = CGSCOPE_A_DEVCG_HIERARCHY_ID,
		.cgroup_id = CGSCOPE_A_DEVCG_CGROUP_ID,
	};
	struct cgscope_nl_devcg *d = req->data;
	int err;

	err = cgscope_nl_devcg_target(req, &attrs, &d->t);
	if (err)
		return err;
#ifdef CONFIG_CGROUP_DEVICE
	if (d->t.devcss) {
		err = cgscope_devcg_read(d->t.devcss, &d->di);
		cgscope_nl_devcg_bad_item(req, err);
		if (err)
			return err;
	}
#endif
#ifdef CONFIG_CGROUP_BPF
	if (d->t.v2)
		d->nr_progs = min(cgscope_devcg_progs(d->t.v2, d->progs,
						      CGSCOPE_PROGS_MAX),
				  CGSCOPE_PROGS_MAX);
#endif
	return 0;
}

static void cgscope_nl_devcg_cleanup(struct cgscope_nl_req *req)
{
	struct cgscope_nl_devcg *d = req->data;

	kfree(d->di.exc);
}

/* The v1 part of a DEVCG_GET reply.  Context: cgroup_mutex. */
static int cgscope_nl_devcg_put_v1(struct sk_buff *skb,
				   const struct cgscope_nl_devcg *d, char *path)
{
	struct cgroup *cgrp = d->t.devcss->cgroup;
	u32 i;

	if (nla_put_u32(skb, CGSCOPE_A_DEVCG_HIERARCHY_ID,
			cgrp->root->hierarchy_id) ||
	    nla_put_u32(skb, CGSCOPE_A_DEVCG_BEHAVIOR,
			cgscope_nl_behavior(d->di.behavior)) ||
	    cgscope_nl_put_cgroup(skb, CGSCOPE_A_DEVCG_CGROUP_ID,
				  CGSCOPE_A_DEVCG_PATH, CGSCOPE_A_DEVCG_PAD,
				  cgrp, path))
		return -EMSGSIZE;
	for (i = 0; i < d->di.nr; i++)
		if (cgscope_nl_put_rule(skb, CGSCOPE_A_DEVCG_EXCEPTION,
					&d->di.exc[i]))
			return -EMSGSIZE;
	return 0;
}

static int cgscope_nl_devcg_put_prog(struct sk_buff *skb,
				     const struct cgscope_prog_info *pi)
{
	struct nlattr *nest = nla_nest_start(skb, CGSCOPE_A_DEVCG_PROG);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, CGSCOPE_A_PROG_ID, pi->id) ||
	    nla_put_string(skb, CGSCOPE_A_PROG_NAME, pi->name) ||
	    nla_put(skb, CGSCOPE_A_PROG_TAG, sizeof(pi->tag), pi->tag) ||
	    nla_put_u32(skb, CGSCOPE_A_PROG_ATTACH_FLAGS, pi->attach_flags) ||
	    (pi->attached_at &&
	     nla_put_u64_64bit(skb, CGSCOPE_A_PROG_ATTACHED_AT,
			       pi->attached_at, CGSCOPE_A_PROG_PAD)) ||
	    (pi->inherited && nla_put_flag(skb, CGSCOPE_A_PROG_INHERITED))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* Context: cgroup_mutex. */
static int cgscope_nl_devcg_fill(struct sk_buff *skb,
				 const struct cgscope_nl_req *req)
{
	const struct cgscope_nl_devcg *d = req->data;
	int i;

	if (d->t.devcss && cgscope_nl_devcg_put_v1(skb, d, req->path))
		goto err_too_big;
	if (d->t.v2 &&
	    cgscope_nl_put_cgroup(skb, CGSCOPE_A_DEVCG_V2_CGROUP_ID,
				  CGSCOPE_A_DEVCG_V2_PATH, CGSCOPE_A_DEVCG_PAD,
				  d->t.v2, req->path))
		goto err_too_big;
	for (i = 0; i < d->nr_progs; i++)
		if (cgscope_nl_devcg_put_prog(skb, &d->progs[i]))
			goto err_too_big;
	return 0;

err_too_big:
	NL_SET_ERR_MSG(req->extack, "too many rules for one message");
	return -EMSGSIZE;
}

const struct cgscope_nl_cmd cgscope_nl_devcg_get = {
	.cmd		= CGSCOPE_CMD_DEVCG_GET,
	.reply_size	= CGSCOPE_NL_DEVCG_MSG_SIZE,
	.data_size	= sizeof(struct cgscope_nl_devcg),
	.prepare	= cgscope_nl_devcg_prepare,
	.fill		= cgscope_nl_devcg_fill,
	.cleanup	= cgscope_nl_devcg_cleanup,
};

static int cgscope_nl_devcg_check_parse(struct cgscope_nl_req *req)
{
	static const int required[] = {
		CGSCOPE_A_CHECK_TYPE, CGSCOPE_A_CHECK_MAJOR,
		CGSCOPE_A_CHECK_MINOR, CGSCOPE_A_CHECK_ACCESS,
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(required); i++)
		if (NL_REQ_ATTR_CHECK(req->extack, NULL, req->attrs,
				      required[i]))
			return -EINVAL;
	return 0;
}

/* Context: cgroup_mutex. */
static int cgscope_nl_devcg_check_prepare(struct cgscope_nl_req *req)
{
	static const struct cgscope_nl_target_attrs attrs = {
		.pid = CGSCOPE_A_CHECK_PID,
		.hierarchy_id = CGSCOPE_A_CHECK_HIERARCHY_ID,
		.cgroup_id = CGSCOPE_A_CHECK_CGROUP_ID,
	};
	struct cgscope_nl_devcg_check *c = req->data;
	struct nlattr **a = req->attrs;
	int err;

	err = cgscope_nl_devcg_target(req, &attrs, &c->t);
	if (err)
		return err;
	err = cgscope_devcg_decide(c->t.devcss, c->t.v2,
				   nla_get_u8(a[CGSCOPE_A_CHECK_TYPE]),
				   nla_get_u32(a[CGSCOPE_A_CHECK_MAJOR]),
				   nla_get_u32(a[CGSCOPE_A_CHECK_MINOR]),
				   nla_get_u8(a[CGSCOPE_A_CHECK_ACCESS]), &c->v);
	cgscope_nl_devcg_bad_item(req, err);
	return err;
}

/* Context: cgroup_mutex. */
static int cgscope_nl_devcg_check_fill(struct sk_buff *skb,
				       const struct cgscope_nl_req *req)
{
	const struct cgscope_nl_devcg_check *c = req->data;
	const struct cgscope_devcg_verdict *v = &c->v;

	if (nla_put_u8(skb, CGSCOPE_A_CHECK_ALLOWED,
		       !v->bpf_denied && v->allowed) ||
	    nla_put_u32(skb, CGSCOPE_A_CHECK_LAYER, cgscope_devcg_layer(v)) ||
	    nla_put_u32(skb, CGSCOPE_A_CHECK_NR_PROGS, v->nr_progs) ||
	    (v->deny_prog_id &&
	     nla_put_u32(skb, CGSCOPE_A_CHECK_PROG_ID, v->deny_prog_id)))
		return -EMSGSIZE;
	if (c->t.devcss && !v->bpf_denied &&
	    (nla_put_u32(skb, CGSCOPE_A_CHECK_BEHAVIOR,
			 cgscope_nl_behavior(v->behavior)) ||
	     (v->has_rule &&
	      cgscope_nl_put_rule(skb, CGSCOPE_A_CHECK_RULE, &v->rule))))
		return -EMSGSIZE;
	if (c->t.devcss &&
	    cgscope_nl_put_cgroup(skb, CGSCOPE_A_CHECK_DEVCG_CGROUP_ID,
				  CGSCOPE_A_CHECK_DEVCG_PATH,
				  CGSCOPE_A_CHECK_PAD, c->t.devcss->cgroup,
				  req->path))
		return -EMSGSIZE;
	if (c->t.v2 &&
	    cgscope_nl_put_cgroup(skb, CGSCOPE_A_CHECK_V2_CGROUP_ID,
				  CGSCOPE_A_CHECK_V2_PATH, CGSCOPE_A_CHECK_PAD,
				  c->t.v2, req->path))
		return -EMSGSIZE;
	return 0;
}

const struct cgscope_nl_cmd cgscope_nl_devcg_check = {
	.cmd		= CGSCOPE_CMD_DEVCG_CHECK,
	.reply_size	= 2 * PATH_MAX + 1024,
	.data_size	= sizeof(struct cgscope_nl_devcg_check),
	.parse		= cgscope_nl_devcg_check_parse,
	.prepare	= cgscope_nl_devcg_check_prepare,
	.fill		= cgscope_nl_devcg_check_fill,
};
