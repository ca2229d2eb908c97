// SPDX-License-Identifier: GPL-2.0
/*
 * CGSCOPE_CMD_MEMCG_GET: the memory cgroup of a task (the memory css of
 * its css_set, the one it is charged to) or of a cgroup, with the counters
 * memcg.c reads.  A counter the kernel does not keep for that hierarchy
 * (swap on v1, memsw and kmem on v2 or on kernels without memcg v1) is
 * left out.
 */
#include "cgscope.h"
#include "nl.h"

struct cgscope_nl_memcg {
	struct cgroup *cgrp;
	struct cgscope_memcg_info mi;
};

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

/*
 * The memory css a request names: a task's (the one it is charged to) or
 * a cgroup's.
 * Context: cgroup_mutex.
 */
static int cgscope_nl_memcg_prepare(struct cgscope_nl_req *req)
{
	static const struct cgscope_nl_target_attrs attrs = {
		.pid = CGSCOPE_A_MEMCG_PID,
		.hierarchy_id = CGSCOPE_A_MEMCG_HIERARCHY_ID,
		.cgroup_id = CGSCOPE_A_MEMCG_CGROUP_ID,
	};
	struct cgscope_nl_memcg *m = req->data;
	struct cgroup_subsys_state *css;
	struct cgscope_target t;
	int err;

	if (!IS_ENABLED(CONFIG_MEMCG)) {
		NL_SET_ERR_MSG(req->extack, "this kernel has no memory controller");
		return -EOPNOTSUPP;
	}
	err = cgscope_nl_target(req, &attrs, &t);
	if (err)
		return err;
#ifdef CONFIG_MEMCG
	css = t.css[memory_cgrp_id];
#else
	css = NULL;
#endif
	if (!css && t.pid) {
		NL_SET_ERR_MSG(req->extack, "the memory controller is disabled");
		return -ENOENT;
	}
	if (!css) {
		NL_SET_BAD_ATTR(req->extack,
				req->attrs[CGSCOPE_A_MEMCG_CGROUP_ID]);
		NL_SET_ERR_MSG(req->extack,
			       "this cgroup has no memory css (not enabled for it, or removed)");
		return -ENOENT;
	}
	m->cgrp = css->cgroup;
	cgscope_memcg_read(css, &m->mi);
	return 0;
}

/* Context: cgroup_mutex. */
static int cgscope_nl_memcg_fill(struct sk_buff *skb,
				 const struct cgscope_nl_req *req)
{
	const struct cgscope_nl_memcg *m = req->data;
	const struct cgscope_memcg_info *mi = &m->mi;

	if (nla_put_u32(skb, CGSCOPE_A_MEMCG_HIERARCHY_ID,
			m->cgrp->root->hierarchy_id) ||
	    cgscope_nl_put_cgroup(skb, CGSCOPE_A_MEMCG_CGROUP_ID,
				  CGSCOPE_A_MEMCG_PATH, CGSCOPE_A_MEMCG_PAD,
				  m->cgrp, req->path) ||
	    nla_put_u32(skb, CGSCOPE_A_MEMCG_CSS_ID, mi->css_id) ||
	    cgscope_nl_memcg_put_counter(skb, CGSCOPE_A_MEMCG_USAGE,
					 &mi->memory) ||
	    cgscope_nl_memcg_put_limit(skb, CGSCOPE_A_MEMCG_LOW, mi->low) ||
	    cgscope_nl_memcg_put_limit(skb, CGSCOPE_A_MEMCG_HIGH, mi->high) ||
	    cgscope_nl_memcg_put_limit(skb, CGSCOPE_A_MEMCG_MIN, mi->min) ||
	    (mi->has_swap &&
	     cgscope_nl_memcg_put_counter(skb, CGSCOPE_A_MEMCG_SWAP_USAGE,
					  &mi->swap)) ||
	    (mi->has_memsw &&
	     cgscope_nl_memcg_put_counter(skb, CGSCOPE_A_MEMCG_MEMSW_USAGE,
					  &mi->memsw)) ||
	    (mi->has_kmem &&
	     cgscope_nl_memcg_put_counter(skb, CGSCOPE_A_MEMCG_KMEM_USAGE,
					  &mi->kmem)) ||
	    cgscope_nl_memcg_put_limit(skb, CGSCOPE_A_MEMCG_EVENTS_MAX,
				       mi->events_max) ||
	    cgscope_nl_memcg_put_limit(skb, CGSCOPE_A_MEMCG_EVENTS_OOM,
				       mi->events_oom) ||
	    cgscope_nl_memcg_put_limit(skb, CGSCOPE_A_MEMCG_EVENTS_OOM_KILL,
				       mi->events_oom_kill))
		return -EMSGSIZE;
	return 0;
}

const struct cgscope_nl_cmd cgscope_nl_memcg_get = {
	.cmd		= CGSCOPE_CMD_MEMCG_GET,
	.reply_size	= CGSCOPE_NL_CGROUP_MSG_SIZE,
	.data_size	= sizeof(struct cgscope_nl_memcg),
	.prepare	= cgscope_nl_memcg_prepare,
	.fill		= cgscope_nl_memcg_fill,
};
