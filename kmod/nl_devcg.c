// SPDX-License-Identifier: GPL-2.0
/*
 * CGSCOPE_CMD_DEVCG_GET: the device rules of a task or a cgroup (v1
 * behaviour and all exceptions; the v2 device programs), and
 * CGSCOPE_CMD_DEVCG_CHECK: what the kernel would decide for an access, and
 * why.  See devcg.c for how both layers are read and evaluated.
 */
#include <linux/sched/task.h>
#include <linux/slab.h>

#include "cgscope.h"
#include "nl.h"

/* What a request names: the v1 devices css and/or the v2 cgroup. */
struct cgscope_devcg_target {
	struct cgroup_subsys_state *devcss;
	struct cgroup *v2;
};

/*
 * Resolve a task (attribute @a_pid) or a cgroup (@a_hier, @a_id).
 * Context: cgroup_mutex; the css and cgroup found stay valid while held.
 */
static int cgscope_nl_devcg_target(struct nlattr **attrs, int a_pid,
				   int a_hier, int a_id,
				   struct netlink_ext_ack *extack,
				   struct cgscope_devcg_target *t)
{
	struct cgroup *cgrp;

	memset(t, 0, sizeof(*t));
	if (!!attrs[a_pid] == !!(attrs[a_hier] || attrs[a_id])) {
		NL_SET_ERR_MSG(extack,
			       "name a task (pid) or a cgroup (hierarchy and cgroup id), not both");
		return -EINVAL;
	}

	if (attrs[a_pid]) {
		struct task_struct *task;
		struct css_set *cset;

		task = cgscope_task_get(nla_get_u32(attrs[a_pid]));
		if (!task) {
			NL_SET_BAD_ATTR(extack, attrs[a_pid]);
			NL_SET_ERR_MSG(extack, "no such task");
			return -ESRCH;
		}
		cgscope_cset_lock();
		cset = task_css_set_check(task,
					  lockdep_is_held(cgscope_syms.css_set_lock));
#ifdef CONFIG_CGROUP_DEVICE
		t->devcss = cset->subsys[devices_cgrp_id];
#endif
		t->v2 = cset->dfl_cgrp;
		cgscope_cset_unlock();
		put_task_struct(task);
		return 0;
	}

	if (!attrs[a_hier] || !attrs[a_id]) {
		NL_SET_ERR_MSG(extack, "a cgroup needs both its hierarchy and its id");
		return -EINVAL;
	}
	cgrp = cgscope_nl_cgroup_lookup(attrs, a_hier, a_id, extack);
	if (IS_ERR(cgrp))
		return PTR_ERR(cgrp);
#ifdef CONFIG_CGROUP_DEVICE
	t->devcss = rcu_dereference_protected(cgrp->subsys[devices_cgrp_id],
					      lockdep_is_held(cgscope_syms.cgroup_mutex));
#endif
	if (cgscope_on_dfl(cgrp))
		t->v2 = cgrp;
	if (!t->devcss && !t->v2) {
		NL_SET_BAD_ATTR(extack, attrs[a_hier]);
		NL_SET_ERR_MSG(extack,
			       "this hierarchy has no devices controller: name a devices or a v2 cgroup");
		return -EINVAL;
	}
	return 0;
}

/**
 * cgscope_nl_put_exc() - put a device exception as a nest
 * @skb: the message
 * @attrtype: the nest's type
 * @e: the exception
 *
 * Return: 0 or -EMSGSIZE.
 */
int cgscope_nl_put_exc(struct sk_buff *skb, int attrtype,
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

/*
 * Put a cgroup's id and path (left out if it does not fit in PATH_MAX).
 * Context: cgroup_mutex.
 */
static int cgscope_nl_put_cgroup(struct sk_buff *skb, int a_id, int a_path,
				 int a_pad, struct cgroup *cgrp, char *path)
{
	if (nla_put_u64_64bit(skb, a_id, cgroup_id(cgrp), a_pad) ||
	    (cgscope_cgroup_path(cgrp, NULL, path, PATH_MAX) >= 0 &&
	     nla_put_string(skb, a_path, path)))
		return -EMSGSIZE;
	return 0;
}

#ifdef CONFIG_CGROUP_DEVICE
/* The v1 part of a DEVCG_GET reply.  Context: cgroup_mutex. */
static int cgscope_nl_devcg_put_v1(struct sk_buff *skb,
				   struct cgroup_subsys_state *css, char *path)
{
	struct cgscope_devcg_info di;
	int err, i;

	err = cgscope_devcg_read(css, &di);
	if (err)
		return err;
	err = -EMSGSIZE;
	if (nla_put_u32(skb, CGSCOPE_A_DEVCG_HIERARCHY_ID,
			css->cgroup->root->hierarchy_id) ||
	    nla_put_u32(skb, CGSCOPE_A_DEVCG_BEHAVIOR,
			cgscope_nl_behavior(di.behavior)))
		goto out_free;
	err = cgscope_nl_put_cgroup(skb, CGSCOPE_A_DEVCG_CGROUP_ID,
				    CGSCOPE_A_DEVCG_PATH, CGSCOPE_A_DEVCG_PAD,
				    css->cgroup, path);
	for (i = 0; !err && i < di.nr; i++)
		err = cgscope_nl_put_exc(skb, CGSCOPE_A_DEVCG_EXCEPTION,
					 &di.exc[i]);
out_free:
	kfree(di.exc);
	return err;
}
#endif

#ifdef CONFIG_CGROUP_BPF
/* The v2 part of a DEVCG_GET reply.  Context: cgroup_mutex. */
static int cgscope_nl_devcg_put_v2(struct sk_buff *skb, struct cgroup *cgrp,
				   struct cgscope_prog_info *progs, char *path)
{
	int n, i, err;

	err = cgscope_nl_put_cgroup(skb, CGSCOPE_A_DEVCG_V2_CGROUP_ID,
				    CGSCOPE_A_DEVCG_V2_PATH, CGSCOPE_A_DEVCG_PAD,
				    cgrp, path);
	if (err)
		return err;
	n = min(cgscope_devcg_progs(cgrp, progs, CGSCOPE_PROGS_MAX),
		CGSCOPE_PROGS_MAX);
	for (i = 0; i < n; i++) {
		const struct cgscope_prog_info *pi = &progs[i];
		struct nlattr *nest = nla_nest_start(skb, CGSCOPE_A_DEVCG_PROG);

		if (!nest)
			return -EMSGSIZE;
		if (nla_put_u32(skb, CGSCOPE_A_PROG_ID, pi->id) ||
		    nla_put_string(skb, CGSCOPE_A_PROG_NAME, pi->name) ||
		    nla_put(skb, CGSCOPE_A_PROG_TAG, sizeof(pi->tag), pi->tag) ||
		    nla_put_u32(skb, CGSCOPE_A_PROG_ATTACH_FLAGS,
				pi->attach_flags) ||
		    (pi->attached_at &&
		     nla_put_u64_64bit(skb, CGSCOPE_A_PROG_ATTACHED_AT,
				       pi->attached_at, CGSCOPE_A_PROG_PAD)) ||
		    (pi->inherited &&
		     nla_put_flag(skb, CGSCOPE_A_PROG_INHERITED))) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
		nla_nest_end(skb, nest);
	}
	return 0;
}
#endif

/**
 * cgscope_nl_devcg_get_doit() - CGSCOPE_CMD_DEVCG_GET
 * @skb: request
 * @info: request info
 *
 * Return: 0 or a negative errno.
 */
int cgscope_nl_devcg_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct cgscope_prog_info *progs;
	struct cgscope_devcg_target t;
	struct sk_buff *rsp;
	char *path;
	void *hdr;
	int err = -ENOMEM;

	path = kmalloc(PATH_MAX, GFP_KERNEL);
	progs = kmalloc_array(CGSCOPE_PROGS_MAX, sizeof(*progs), GFP_KERNEL);
	rsp = genlmsg_new(2 * PATH_MAX + 16384, GFP_KERNEL);
	if (!path || !progs || !rsp)
		goto err_free;

	cgscope_cgroup_lock();
	err = cgscope_nl_devcg_target(info->attrs, CGSCOPE_A_DEVCG_PID,
				      CGSCOPE_A_DEVCG_HIERARCHY_ID,
				      CGSCOPE_A_DEVCG_CGROUP_ID, info->extack, &t);
	if (err)
		goto err_unlock;
	err = -EMSGSIZE;
	hdr = cgscope_nl_reply_put(rsp, info);
	if (!hdr)
		goto err_unlock;
	err = 0;
#ifdef CONFIG_CGROUP_DEVICE
	if (t.devcss)
		err = cgscope_nl_devcg_put_v1(rsp, t.devcss, path);
#endif
#ifdef CONFIG_CGROUP_BPF
	if (!err && t.v2)
		err = cgscope_nl_devcg_put_v2(rsp, t.v2, progs, path);
#endif
	cgscope_cgroup_unlock();
	if (err == -EIO)
		NL_SET_ERR_MSG(info->extack,
			       "a device exception does not look like struct dev_exception_item");
	else if (err == -EMSGSIZE)
		NL_SET_ERR_MSG(info->extack, "too many rules for one message");
	if (err)
		goto err_free;

	genlmsg_end(rsp, hdr);
	kfree(progs);
	kfree(path);
	return genlmsg_reply(rsp, info);

err_unlock:
	cgscope_cgroup_unlock();
err_free:
	nlmsg_free(rsp);
	kfree(progs);
	kfree(path);
	return err;
}

/**
 * cgscope_nl_devcg_check_doit() - CGSCOPE_CMD_DEVCG_CHECK
 * @skb: request
 * @info: request info
 *
 * Return: 0 or a negative errno.
 */
int cgscope_nl_devcg_check_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct cgscope_devcg_verdict v;
	struct cgscope_devcg_target t;
	struct sk_buff *rsp;
	u32 layer, major, minor;
	u8 type, access;
	char *path;
	void *hdr;
	int err = -ENOMEM;

	if (GENL_REQ_ATTR_CHECK(info, CGSCOPE_A_CHECK_TYPE) ||
	    GENL_REQ_ATTR_CHECK(info, CGSCOPE_A_CHECK_MAJOR) ||
	    GENL_REQ_ATTR_CHECK(info, CGSCOPE_A_CHECK_MINOR) ||
	    GENL_REQ_ATTR_CHECK(info, CGSCOPE_A_CHECK_ACCESS))
		return -EINVAL;
	type = nla_get_u8(attrs[CGSCOPE_A_CHECK_TYPE]);
	major = nla_get_u32(attrs[CGSCOPE_A_CHECK_MAJOR]);
	minor = nla_get_u32(attrs[CGSCOPE_A_CHECK_MINOR]);
	access = nla_get_u8(attrs[CGSCOPE_A_CHECK_ACCESS]);

	path = kmalloc(PATH_MAX, GFP_KERNEL);
	rsp = genlmsg_new(2 * PATH_MAX + 1024, GFP_KERNEL);
	if (!path || !rsp)
		goto err_free;

	cgscope_cgroup_lock();
	err = cgscope_nl_devcg_target(attrs, CGSCOPE_A_CHECK_PID,
				      CGSCOPE_A_CHECK_HIERARCHY_ID,
				      CGSCOPE_A_CHECK_CGROUP_ID, info->extack, &t);
	if (!err)
		err = cgscope_devcg_decide(t.devcss, t.v2, type, major, minor,
					   access, &v);
	if (err == -EIO)
		NL_SET_ERR_MSG(info->extack,
			       "a device exception does not look like struct dev_exception_item");
	if (err)
		goto err_unlock;

	layer = cgscope_devcg_layer(&v);

	err = -EMSGSIZE;
	hdr = cgscope_nl_reply_put(rsp, info);
	if (!hdr)
		goto err_unlock;
	if (nla_put_u8(rsp, CGSCOPE_A_CHECK_ALLOWED,
		       !v.bpf_denied && v.allowed) ||
	    nla_put_u32(rsp, CGSCOPE_A_CHECK_LAYER, layer) ||
	    nla_put_u32(rsp, CGSCOPE_A_CHECK_NR_PROGS, v.nr_progs) ||
	    (v.deny_prog_id &&
	     nla_put_u32(rsp, CGSCOPE_A_CHECK_PROG_ID, v.deny_prog_id)))
		goto err_unlock;
	if (t.devcss && !v.bpf_denied &&
	    (nla_put_u32(rsp, CGSCOPE_A_CHECK_BEHAVIOR,
			 cgscope_nl_behavior(v.behavior)) ||
	     (v.has_rule &&
	      cgscope_nl_put_exc(rsp, CGSCOPE_A_CHECK_RULE, &v.rule))))
		goto err_unlock;
	if (t.devcss &&
	    cgscope_nl_put_cgroup(rsp, CGSCOPE_A_CHECK_DEVCG_CGROUP_ID,
				  CGSCOPE_A_CHECK_DEVCG_PATH,
				  CGSCOPE_A_CHECK_PAD, t.devcss->cgroup, path))
		goto err_unlock;
	if (t.v2 &&
	    cgscope_nl_put_cgroup(rsp, CGSCOPE_A_CHECK_V2_CGROUP_ID,
				  CGSCOPE_A_CHECK_V2_PATH, CGSCOPE_A_CHECK_PAD,
				  t.v2, path))
		goto err_unlock;
	cgscope_cgroup_unlock();

	genlmsg_end(rsp, hdr);
	kfree(path);
	return genlmsg_reply(rsp, info);

err_unlock:
	cgscope_cgroup_unlock();
err_free:
	nlmsg_free(rsp);
	kfree(path);
	return err;
}
