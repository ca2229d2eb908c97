// SPDX-License-Identifier: GPL-2.0
/*
 * CGSCOPE_CMD_TASK_GET: threads, one by pid or all of them in pid order
 * (pids of the initial pid namespace); a dump resumes at the pid after the
 * last one it sent.  For each hierarchy: the task's cgroup, its path from
 * the hierarchy root, and its path as the task's own cgroup namespace shows
 * it (what the task reads in /proc/self/cgroup).
 */
#include <linux/sched/task.h>

#include "cgscope.h"
#include "nl.h"

/* A do request's task, from parse to cleanup */
struct cgscope_nl_task {
	struct cgscope_task_info ti;
	struct task_struct *task;
};

/* A dump's position: the first pid not yet sent */
struct cgscope_nl_task_pos {
	pid_t next;
};

static int cgscope_nl_task_put_cgroup(struct sk_buff *skb,
				      const struct cgscope_task_cgroup *tc,
				      char *path)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, CGSCOPE_A_TASK_CGROUP);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, CGSCOPE_A_TASK_CGROUP_HIERARCHY_ID,
			tc->hierarchy_id) ||
	    nla_put_u64_64bit(skb, CGSCOPE_A_TASK_CGROUP_ID,
			      cgroup_id(tc->cgrp), CGSCOPE_A_TASK_CGROUP_PAD))
		goto err_cancel_nest;

	/* paths beyond PATH_MAX are left out */
	if (cgscope_cgroup_path(tc->cgrp, NULL, path, PATH_MAX) >= 0 &&
	    nla_put_string(skb, CGSCOPE_A_TASK_CGROUP_PATH, path))
		goto err_cancel_nest;
	if (tc->ns_root &&
	    cgscope_cgroup_path(tc->cgrp, tc->ns_root, path, PATH_MAX) >= 0 &&
	    nla_put_string(skb, CGSCOPE_A_TASK_CGROUP_NS_PATH, path))
		goto err_cancel_nest;
	nla_nest_end(skb, nest);
	return 0;

err_cancel_nest:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

/* Context: cgroup_mutex. */
static int cgscope_nl_task_fill(struct sk_buff *skb,
				const struct cgscope_nl_req *req)
{
	const struct cgscope_task_info *ti = req->data;
	int i;

	if (nla_put_u32(skb, CGSCOPE_A_TASK_PID, ti->pid) ||
	    nla_put_u32(skb, CGSCOPE_A_TASK_TGID, ti->tgid) ||
	    nla_put_string(skb, CGSCOPE_A_TASK_COMM, ti->comm) ||
	    nla_put_u64_64bit(skb, CGSCOPE_A_TASK_CSET_ID, ti->cset_id,
			      CGSCOPE_A_TASK_PAD))
		return -EMSGSIZE;
	for (i = 0; i < ti->nr_cgroups; i++)
		if (cgscope_nl_task_put_cgroup(skb, &ti->cgroups[i], req->path))
			return -EMSGSIZE;
	return 0;
}

static int cgscope_nl_task_parse(struct cgscope_nl_req *req)
{
	struct cgscope_nl_task *t = req->data;

	t->task = cgscope_nl_task(req, CGSCOPE_A_TASK_PID);
	if (IS_ERR(t->task)) {
		int err = PTR_ERR(t->task);

		t->task = NULL;
		return err;
	}
	return 0;
}

/* Context: cgroup_mutex. */
static int cgscope_nl_task_prepare(struct cgscope_nl_req *req)
{
	struct cgscope_nl_task *t = req->data;

	cgscope_task_read(t->task, &t->ti);
	return 0;
}

static void cgscope_nl_task_cleanup(struct cgscope_nl_req *req)
{
	struct cgscope_nl_task *t = req->data;

	put_task_struct(t->task);
}

static int cgscope_nl_task_start(struct cgscope_nl_req *req)
{
	struct cgscope_nl_task_pos *pos = req->pos;

	pos->next = 1;
	return 0;
}

/* Context: cgroup_mutex, for the message. */
static int cgscope_nl_task_next(struct sk_buff *skb, struct cgscope_nl_req *req)
{
	struct cgscope_nl_task_pos *pos = req->pos;
	struct cgscope_nl_task *t = req->data;
	struct task_struct *task;
	int err;

	while (pos->next > 0 && (task = cgscope_task_get_next(&pos->next))) {
		cgscope_task_read(task, &t->ti);
		put_task_struct(task);
		err = cgscope_nl_dump_one(skb, req);
		if (err)
			return err;
		pos->next++;
	}
	return 0;
}

/* struct cgscope_nl_task begins with the task_info fill() reads */
static_assert(offsetof(struct cgscope_nl_task, ti) == 0);

const struct cgscope_nl_cmd cgscope_nl_task_get = {
	.cmd		= CGSCOPE_CMD_TASK_GET,
	.reply_size	= CGSCOPE_NL_TASK_MSG_SIZE,
	.data_size	= sizeof(struct cgscope_nl_task),
	.pos_size	= sizeof(struct cgscope_nl_task_pos),
	.no_attrs	= true,
	.generation	= cgscope_gen_all,
	.parse		= cgscope_nl_task_parse,
	.prepare	= cgscope_nl_task_prepare,
	.fill		= cgscope_nl_task_fill,
	.cleanup	= cgscope_nl_task_cleanup,
	.start		= cgscope_nl_task_start,
	.next		= cgscope_nl_task_next,
};
