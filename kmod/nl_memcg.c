// SPDX-License-Identifier: GPL-2.0
/*
 * CGSCOPE_CMD_MEMCG_GET: the memory cgroup of a task (the memory css of
 * its css_set, the one it is charged to) or of a cgroup, with the counters
 * memcg.c reads.  A counter the kernel does not keep for that hierarchy
 * (swap on v1, memsw and kmem on v2 or on kernels without memcg v1) is
 * left out.
 */
#include <linux/sched/task.h>
#include <linux/slab.h>

#include "cgscope.h"
#include "nl.h"

#ifdef CONFIG_MEMCG
/*
 * The memory css a request names: a task (@a_pid) or a cgroup.
 * Context: cgroup_mutex; the css stays valid while it is held.
 */
static struct cgroup_subsys_state *
cgscope_nl_memcg_target(struct nlattr **attrs, struct netlink_ext_ack *extack)
{
	struct cgroup_subsys_state *css;
	struct cgroup *cgrp;

	if (!!attrs[CGSCOPE_A_MEMCG_PID] ==
	    !!(attrs[CGSCOPE_A_MEMCG_HIERARCHY_ID] ||
	       attrs[CGSCOPE_A_MEMCG_CGROUP_ID])) {
		NL_SET_ERR_MSG(extack,
			       "name a task (pid) or a cgroup (hierarchy and cgroup id), not both");
		return ERR_PTR(-EINVAL);
	}

	if (attrs[CGSCOPE_A_MEMCG_PID]) {
		struct task_struct *task;
		struct css_set *cset;

		task = cgscope_task_get(nla_get_u32(attrs[CGSCOPE_A_MEMCG_PID]));
		if (!task) {
			NL_SET_BAD_ATTR(extack, attrs[CGSCOPE_A_MEMCG_PID]);
			NL_SET_ERR_MSG(extack, "no such task");
			return ERR_PTR(-ESRCH);
		}
		cgscope_cset_lock();
		cset = task_css_set_check(task,
					  lockdep_is_held(cgscope_syms.css_set_lock));
		css = cset->subsys[memory_cgrp_id];
		cgscope_cset_unlock();
		put_task_struct(task);
		if (!css) {
			NL_SET_ERR_MSG(extack, "the memory controller is disabled");
			return ERR_PTR(-ENOENT);
		}
		return css;
	}

	if (!attrs[CGSCOPE_A_MEMCG_HIERARCHY_ID] ||
	    !attrs[CGSCOPE_A_MEMCG_CGROUP_ID]) {
		NL_SET_ERR_ATTR_MISS(extack, NULL,
				     attrs[CGSCOPE_A_MEMCG_CGROUP_ID] ?
				     CGSCOPE_A_MEMCG_HIERARCHY_ID :
				     CGSCOPE_A_MEMCG_CGROUP_ID);
		NL_SET_ERR_MSG(extack, "a cgroup needs both its hierarchy and its id");
		return ERR_PTR(-EINVAL);
	}
	cgrp = cgscope_nl_cgroup_lookup(attrs, CGSCOPE_A_MEMCG_HIERARCHY_ID,
					CGSCOPE_A_MEMCG_CGROUP_ID, extack);
	if (IS_ERR(cgrp))
		return ERR_CAST(cgrp);
	css = rcu_dereference_protected(cgrp->subsys[memory_cgrp_id],
					lockdep_is_held(cgscope_syms.cgroup_mutex));
	if (!css) {
		NL_SET_BAD_ATTR(extack, attrs[CGSCOPE_A_MEMCG_CGROUP_ID]);
		NL_SET_ERR_MSG(extack,
			       "this cgroup has no memory css (not enabled for it, or removed)");
		return ERR_PTR(-ENOENT);
	}
	return css;
}

static int cgscope_nl_memcg_put_limit(struct sk_buff *skb, int attrtype,
				      u64 value)
{
	return nla_put_u64_64bit(skb, attrtype, value, CGSCOPE_A_MEMCG_PAD);
}

/* One page counter: usage, max, watermark, failcnt attributes from @a. */
static int cgscope_nl_memcg_put_counter(struct sk_buff *skb, int a,
					const struct cgscope_memcg_counter *c)
{
	if (cgscope_nl_memcg_put_limit(skb, a, c->usage) ||
	    cgscope_nl_memcg_put_limit(skb, a + 1, c->max) ||
	    cgscope_nl_memcg_put_limit(skb, a + 2, c->watermark) ||
	    cgscope_nl_memcg_put_limit(skb, a + 3, c->failcnt))
		return -EMSGSIZE;
	return 0;
}

/* Context: cgroup_mutex. */
static int cgscope_nl_memcg_fill(struct sk_buff *skb,
				 struct cgroup_subsys_state *css, char *path,
				 struct genl_info *info)
{
	struct cgscope_memcg_info mi;
	struct cgroup *cgrp = css->cgroup;
	void *hdr;

	cgscope_memcg_read(css, &mi);
	hdr = cgscope_nl_reply_put(skb, info);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, CGSCOPE_A_MEMCG_HIERARCHY_ID,
			cgrp->root->hierarchy_id) ||
	    nla_put_u64_64bit(skb, CGSCOPE_A_MEMCG_CGROUP_ID, cgroup_id(cgrp),
			      CGSCOPE_A_MEMCG_PAD) ||
	    (cgscope_cgroup_path(cgrp, NULL, path, PATH_MAX) >= 0 &&
	     nla_put_string(skb, CGSCOPE_A_MEMCG_PATH, path)) ||
	    nla_put_u32(skb, CGSCOPE_A_MEMCG_CSS_ID, mi.css_id) ||
	    cgscope_nl_memcg_put_counter(skb, CGSCOPE_A_MEMCG_USAGE,
					 &mi.memory) ||
	    cgscope_nl_memcg_put_limit(skb, CGSCOPE_A_MEMCG_LOW, mi.low) ||
	    cgscope_nl_memcg_put_limit(skb, CGSCOPE_A_MEMCG_HIGH, mi.high) ||
	    cgscope_nl_memcg_put_limit(skb, CGSCOPE_A_MEMCG_MIN, mi.min) ||
	    (mi.has_swap &&
	     cgscope_nl_memcg_put_counter(skb, CGSCOPE_A_MEMCG_SWAP_USAGE,
					  &mi.swap)) ||
	    (mi.has_memsw &&
	     cgscope_nl_memcg_put_counter(skb, CGSCOPE_A_MEMCG_MEMSW_USAGE,
					  &mi.memsw)) ||
	    (mi.has_kmem &&
	     cgscope_nl_memcg_put_counter(skb, CGSCOPE_A_MEMCG_KMEM_USAGE,
					  &mi.kmem)) ||
	    cgscope_nl_memcg_put_limit(skb, CGSCOPE_A_MEMCG_EVENTS_MAX,
				       mi.events_max) ||
	    cgscope_nl_memcg_put_limit(skb, CGSCOPE_A_MEMCG_EVENTS_OOM,
				       mi.events_oom) ||
	    cgscope_nl_memcg_put_limit(skb, CGSCOPE_A_MEMCG_EVENTS_OOM_KILL,
				       mi.events_oom_kill))
		goto err_cancel_msg;
	genlmsg_end(skb, hdr);
	return 0;

err_cancel_msg:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/**
 * cgscope_nl_memcg_get_doit() - CGSCOPE_CMD_MEMCG_GET
 * @skb: request
 * @info: request info
 *
 * Return: 0 or a negative errno (-ESRCH: no such task; -ENOENT: no such
 * cgroup, or it has no memory css).
 */
int cgscope_nl_memcg_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct cgroup_subsys_state *css;
	struct sk_buff *rsp;
	char *path;
	int err = -ENOMEM;

	path = kmalloc(PATH_MAX, GFP_KERNEL);
	rsp = genlmsg_new(CGSCOPE_NL_CGROUP_MSG_SIZE, GFP_KERNEL);
	if (!path || !rsp)
		goto err_free;

	cgscope_cgroup_lock();
	css = cgscope_nl_memcg_target(info->attrs, info->extack);
	if (IS_ERR(css))
		err = PTR_ERR(css);
	else
		err = cgscope_nl_memcg_fill(rsp, css, path, info);
	cgscope_cgroup_unlock();
	if (err)
		goto err_free;

	kfree(path);
	return genlmsg_reply(rsp, info);

err_free:
	nlmsg_free(rsp);
	kfree(path);
	return err;
}
#else
int cgscope_nl_memcg_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	NL_SET_ERR_MSG(info->extack, "this kernel has no memory controller");
	return -EOPNOTSUPP;
}
#endif
