// SPDX-License-Identifier: GPL-2.0
/*
 * CGSCOPE_CMD_TASK_GET: threads, one by pid or all of them in pid order
 * (pids of the initial pid namespace); a dump resumes at the pid after the
 * last one it sent.  For each hierarchy: the task's cgroup, its path from
 * the hierarchy root, and its path as the task's own cgroup namespace shows
 * it (what the task reads in /proc/self/cgroup).
 */
#include <linux/sched/task.h>
#include <linux/slab.h>

#include "cgscope.h"
#include "nl.h"

struct cgscope_nl_task_ctx {
	pid_t next;			/* first pid not yet sent */
	struct cgscope_task_info *ti;
	char *path;			/* PATH_MAX */
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

/*
 * Read @task and put it in @skb.
 * Context: cgroup_mutex.
 */
static int cgscope_nl_task_fill(struct sk_buff *skb, struct task_struct *task,
				struct cgscope_task_info *ti, char *path,
				u32 portid, u32 seq, int flags,
				struct netlink_callback *cb)
{
	void *hdr;
	int i;

	cgscope_task_read(task, ti);

	hdr = genlmsg_put(skb, portid, seq, &cgscope_nl_family, flags,
			  CGSCOPE_CMD_TASK_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);

	if (nla_put_u32(skb, CGSCOPE_A_TASK_PID, ti->pid) ||
	    nla_put_u32(skb, CGSCOPE_A_TASK_TGID, ti->tgid) ||
	    nla_put_string(skb, CGSCOPE_A_TASK_COMM, ti->comm) ||
	    nla_put_u64_64bit(skb, CGSCOPE_A_TASK_CSET_ID, ti->cset_id,
			      CGSCOPE_A_TASK_PAD))
		goto err_cancel_msg;
	for (i = 0; i < ti->nr_cgroups; i++)
		if (cgscope_nl_task_put_cgroup(skb, &ti->cgroups[i], path))
			goto err_cancel_msg;
	genlmsg_end(skb, hdr);
	return 0;

err_cancel_msg:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/**
 * cgscope_nl_task_get_doit() - CGSCOPE_CMD_TASK_GET for one thread
 * @skb: request
 * @info: request info
 *
 * Return: 0 or a negative errno (-ESRCH: no such task).
 */
int cgscope_nl_task_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct cgscope_task_info *ti;
	struct task_struct *task;
	struct sk_buff *rsp;
	char *path;
	int err = -ENOMEM;

	if (GENL_REQ_ATTR_CHECK(info, CGSCOPE_A_TASK_PID))
		return -EINVAL;

	task = cgscope_task_get(nla_get_u32(info->attrs[CGSCOPE_A_TASK_PID]));
	if (!task) {
		NL_SET_BAD_ATTR(info->extack, info->attrs[CGSCOPE_A_TASK_PID]);
		NL_SET_ERR_MSG(info->extack, "no such task");
		return -ESRCH;
	}

	ti = kmalloc(sizeof(*ti), GFP_KERNEL);
	path = kmalloc(PATH_MAX, GFP_KERNEL);
	rsp = genlmsg_new(CGSCOPE_NL_TASK_MSG_SIZE, GFP_KERNEL);
	if (!ti || !path || !rsp)
		goto err_free;

	cgscope_cgroup_lock();
	err = cgscope_nl_task_fill(rsp, task, ti, path, info->snd_portid,
				   info->snd_seq, 0, NULL);
	cgscope_cgroup_unlock();
	if (err)
		goto err_free;

	put_task_struct(task);
	kfree(path);
	kfree(ti);
	return genlmsg_reply(rsp, info);

err_free:
	nlmsg_free(rsp);
	kfree(path);
	kfree(ti);
	put_task_struct(task);
	return err;
}

/**
 * cgscope_nl_task_get_start() - set up a task dump
 * @cb: the dump
 *
 * Return: 0 or a negative errno.
 */
int cgscope_nl_task_get_start(struct netlink_callback *cb)
{
	struct cgscope_nl_task_ctx *ctx =
		CGSCOPE_NL_CTX(cb, struct cgscope_nl_task_ctx);
	int err;

	memset(ctx, 0, sizeof(*ctx));
	cb->min_dump_alloc = CGSCOPE_NL_TASK_MSG_SIZE;
	err = cgscope_nl_dump_start_no_attrs(cb);
	if (err)
		return err;

	ctx->ti = kmalloc(sizeof(*ctx->ti), GFP_KERNEL);
	ctx->path = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!ctx->ti || !ctx->path) {
		kfree(ctx->ti);
		kfree(ctx->path);
		ctx->ti = NULL;
		ctx->path = NULL;
		return -ENOMEM;
	}
	ctx->next = 1;
	cgscope_stats_walk();
	return 0;
}

/**
 * cgscope_nl_task_get_dumpit() - CGSCOPE_CMD_TASK_GET dump
 * @skb: the message to fill
 * @cb: the dump
 *
 * Context: takes cgroup_mutex for the message.
 * Return: skb->len to be called again, 0 when done, or a negative errno.
 */
int cgscope_nl_task_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct cgscope_nl_task_ctx *ctx =
		CGSCOPE_NL_CTX(cb, struct cgscope_nl_task_ctx);
	struct task_struct *task;
	int err = 0;

	cgscope_cgroup_lock();
	cb->seq = cgscope_gen_all();
	while (ctx->next > 0 && (task = cgscope_task_get_next(&ctx->next))) {
		err = cgscope_nl_task_fill(skb, task, ctx->ti, ctx->path,
					   NETLINK_CB(cb->skb).portid,
					   cb->nlh->nlmsg_seq, NLM_F_MULTI, cb);
		put_task_struct(task);
		if (err)
			break;
		ctx->next++;
	}
	cgscope_cgroup_unlock();

	return cgscope_nl_dump_ret(skb, err);
}

/**
 * cgscope_nl_task_get_done() - end of a task dump
 * @cb: the dump
 *
 * Return: 0.
 */
int cgscope_nl_task_get_done(struct netlink_callback *cb)
{
	struct cgscope_nl_task_ctx *ctx =
		CGSCOPE_NL_CTX(cb, struct cgscope_nl_task_ctx);

	kfree(ctx->ti);
	kfree(ctx->path);
	return 0;
}
