// SPDX-License-Identifier: GPL-2.0
/*
 * CGSCOPE_CMD_CSET_GET: css_sets, one by id or all of them.
 *
 * A dump message is built under cgroup_mutex from a few css_sets copied out
 * of one css_set_table bucket per css_set_lock hold (css_set.c); it resumes
 * after the bucket and id of the last css_set it sent.  A cgroup change or
 * a migration between messages marks the next NLM_F_DUMP_INTR (see gen.c).
 */
#include "cgscope.h"
#include "nl.h"

#define CGSCOPE_NL_CSET_BATCH	8

struct cgscope_nl_cset_pos {
	struct cgscope_cset_cursor cur;
	struct cgscope_cset_info buf[CGSCOPE_NL_CSET_BATCH];
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
				const struct cgscope_nl_req *req)
{
	const struct cgscope_cset_info *si = req->data;
	int i;

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
		return -EMSGSIZE;
	for (i = 0; i < si->nr_pids; i++)
		if (nla_put_u32(skb, CGSCOPE_A_CSET_TASK, si->pids[i]))
			return -EMSGSIZE;
	if (cgscope_nl_cset_put_links(skb, si, req->path) ||
	    cgscope_nl_cset_put_subsys(skb, si))
		return -EMSGSIZE;
	return 0;
}

static int cgscope_nl_cset_parse(struct cgscope_nl_req *req)
{
	if (NL_REQ_ATTR_CHECK(req->extack, NULL, req->attrs,
			      CGSCOPE_A_CSET_ID))
		return -EINVAL;
	return 0;
}

/* Context: cgroup_mutex. */
static int cgscope_nl_cset_prepare(struct cgscope_nl_req *req)
{
	struct nlattr *a = req->attrs[CGSCOPE_A_CSET_ID];
	int err;

	err = cgscope_cset_find(nla_get_u64(a), req->data);
	if (err == -ENOENT) {
		NL_SET_BAD_ATTR(req->extack, a);
		NL_SET_ERR_MSG(req->extack, "no such css_set");
	}
	return err;
}

/*
 * A few css_sets at a time, copied out of one bucket per css_set_lock hold.
 * Context: cgroup_mutex, for the message; takes css_set_lock per bucket.
 */
static int cgscope_nl_cset_next(struct sk_buff *skb, struct cgscope_nl_req *req)
{
	struct cgscope_nl_cset_pos *pos = req->pos;
	int n, i, err;

	while ((n = cgscope_cset_collect(&pos->cur, pos->buf,
					 CGSCOPE_NL_CSET_BATCH)) > 0) {
		for (i = 0; i < n; i++) {
			memcpy(req->data, &pos->buf[i], sizeof(pos->buf[i]));
			err = cgscope_nl_dump_one(skb, req);
			if (err)
				return err;
			pos->cur.after = pos->buf[i].addr;
		}
	}
	return 0;
}

const struct cgscope_nl_cmd cgscope_nl_cset_get = {
	.cmd		= CGSCOPE_CMD_CSET_GET,
	.reply_size	= CGSCOPE_NL_CSET_MSG_SIZE,
	.data_size	= sizeof(struct cgscope_cset_info),
	.pos_size	= sizeof(struct cgscope_nl_cset_pos),
	.no_attrs	= true,
	.generation	= cgscope_gen_all,
	.parse		= cgscope_nl_cset_parse,
	.prepare	= cgscope_nl_cset_prepare,
	.fill		= cgscope_nl_cset_fill,
	.next		= cgscope_nl_cset_next,
};
