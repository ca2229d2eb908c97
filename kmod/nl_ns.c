// SPDX-License-Identifier: GPL-2.0
/*
 * CGSCOPE_CMD_TASK_NS_GET: one task's namespaces, one nest per file of
 * /proc/PID/ns.  CGSCOPE_CMD_NS_GET: every namespace in use (a dump,
 * optionally of one type) or one of them by type and inode number (a do),
 * with the processes and threads in it.  A cgroup namespace carries its
 * root css_set and its root cgroup on every hierarchy.
 *
 * A dump sends a table collected when it starts (see
 * cgscope_ns_table_collect()) and resumes by (type, inode).
 */
#include <linux/sched/task.h>
#include <linux/slab.h>

#include "cgscope.h"
#include "nl.h"

struct cgscope_nl_ns_ctx {
	struct cgscope_ns_table *table;
	struct cgscope_cgns_info *ci;
	char *path;			/* PATH_MAX */
	u32 type;			/* next entry to send */
	u32 inum;
};

/*
 * The root of a cgroup namespace, per hierarchy.
 * Context: cgroup_mutex.
 */
static int cgscope_nl_ns_put_cgns(struct sk_buff *skb,
				  struct cgroup_namespace *ns,
				  struct cgscope_cgns_info *ci, char *path)
{
	unsigned int i;

	cgscope_cgns_read(ns, ci);
	if (nla_put_u64_64bit(skb, CGSCOPE_A_NS_CGNS_ROOT_CSET_ID,
			      ci->root_cset_id, CGSCOPE_A_NS_PAD))
		return -EMSGSIZE;
	for (i = 0; i < ci->nr_roots; i++) {
		const struct cgscope_cgns_root *r = &ci->roots[i];
		struct nlattr *nest;

		nest = nla_nest_start(skb, CGSCOPE_A_NS_CGNS_ROOT);
		if (!nest)
			return -EMSGSIZE;
		if (nla_put_u32(skb, CGSCOPE_A_LINK_HIERARCHY_ID,
				r->hierarchy_id) ||
		    nla_put_u64_64bit(skb, CGSCOPE_A_LINK_CGROUP_ID,
				      cgroup_id(r->cgrp), CGSCOPE_A_LINK_PAD))
			goto err_cancel_nest;
		/* paths beyond PATH_MAX are left out */
		if (cgscope_cgroup_path(r->cgrp, NULL, path, PATH_MAX) >= 0 &&
		    nla_put_string(skb, CGSCOPE_A_LINK_PATH, path))
			goto err_cancel_nest;
		nla_nest_end(skb, nest);
		continue;

err_cancel_nest:
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	return 0;
}

static int cgscope_nl_ns_put_info(struct sk_buff *skb,
				  const struct cgscope_ns_info *ni)
{
	if (nla_put_u32(skb, CGSCOPE_A_NS_TYPE, ni->type) ||
	    nla_put_u32(skb, CGSCOPE_A_NS_INODE, ni->inum) ||
	    (ni->for_children && nla_put_flag(skb, CGSCOPE_A_NS_FOR_CHILDREN)) ||
	    (ni->owner_inum &&
	     nla_put_u32(skb, CGSCOPE_A_NS_OWNER_USER_NS, ni->owner_inum)) ||
	    (ni->has_level && nla_put_u32(skb, CGSCOPE_A_NS_LEVEL, ni->level)))
		return -EMSGSIZE;
	return 0;
}

/*
 * Put @task's namespaces in @skb.
 * Context: cgroup_mutex.
 */
static int cgscope_nl_task_ns_fill(struct sk_buff *skb,
				   struct cgscope_task_ns *tn,
				   struct cgscope_cgns_info *ci, char *path,
				   struct genl_info *info)
{
	unsigned int i;
	void *hdr;

	hdr = cgscope_nl_reply_put(skb, info);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, CGSCOPE_A_TASK_NS_PID, tn->pid) ||
	    nla_put_u32(skb, CGSCOPE_A_TASK_NS_TGID, tn->tgid) ||
	    nla_put_string(skb, CGSCOPE_A_TASK_NS_COMM, tn->comm))
		goto err_cancel_msg;
	for (i = 0; i < tn->nr; i++) {
		const struct cgscope_ns_info *ni = &tn->ns[i];
		struct nlattr *nest;

		nest = nla_nest_start(skb, CGSCOPE_A_TASK_NS_NS);
		if (!nest || cgscope_nl_ns_put_info(skb, ni))
			goto err_cancel_msg;
		if (ni->type == CGSCOPE_NS_CGROUP && tn->cgns &&
		    cgscope_nl_ns_put_cgns(skb, tn->cgns, ci, path))
			goto err_cancel_msg;
		nla_nest_end(skb, nest);
	}
	genlmsg_end(skb, hdr);
	return 0;

err_cancel_msg:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/**
 * cgscope_nl_task_ns_get_doit() - CGSCOPE_CMD_TASK_NS_GET
 * @skb: request
 * @info: request info
 *
 * Return: 0 or a negative errno (-ESRCH: no such task).
 */
int cgscope_nl_task_ns_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct cgscope_cgns_info *ci;
	struct cgscope_task_ns *tn;
	struct task_struct *task;
	struct sk_buff *rsp;
	char *path;
	int err = -ENOMEM;

	if (GENL_REQ_ATTR_CHECK(info, CGSCOPE_A_TASK_NS_PID))
		return -EINVAL;

	task = cgscope_task_get(nla_get_u32(info->attrs[CGSCOPE_A_TASK_NS_PID]));
	if (!task) {
		NL_SET_BAD_ATTR(info->extack,
				info->attrs[CGSCOPE_A_TASK_NS_PID]);
		NL_SET_ERR_MSG(info->extack, "no such task");
		return -ESRCH;
	}

	tn = kmalloc(sizeof(*tn), GFP_KERNEL);
	ci = kmalloc(sizeof(*ci), GFP_KERNEL);
	path = kmalloc(PATH_MAX, GFP_KERNEL);
	rsp = genlmsg_new(CGSCOPE_NL_NS_MSG_SIZE, GFP_KERNEL);
	if (!tn || !ci || !path || !rsp)
		goto err_free;

	cgscope_task_ns_read(task, tn);
	cgscope_cgroup_lock();
	err = cgscope_nl_task_ns_fill(rsp, tn, ci, path, info);
	cgscope_cgroup_unlock();
	cgscope_task_ns_release(tn);
	if (err)
		goto err_free;

	put_task_struct(task);
	kfree(path);
	kfree(ci);
	kfree(tn);
	return genlmsg_reply(rsp, info);

err_free:
	nlmsg_free(rsp);
	kfree(path);
	kfree(ci);
	kfree(tn);
	put_task_struct(task);
	return err;
}

/*
 * Put one namespace of the table in @skb.
 * Context: cgroup_mutex.
 */
static int cgscope_nl_ns_fill(struct sk_buff *skb,
			      const struct cgscope_ns_entry *e,
			      struct cgscope_cgns_info *ci, char *path,
			      u32 portid, u32 seq, int flags)
{
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &cgscope_nl_family, flags,
			  CGSCOPE_CMD_NS_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (cgscope_nl_ns_put_info(skb, &e->info) ||
	    nla_put_u32(skb, CGSCOPE_A_NS_NR_PROCS, e->nr_procs) ||
	    nla_put_u32(skb, CGSCOPE_A_NS_NR_THREADS, e->nr_threads) ||
	    nla_put_u32(skb, CGSCOPE_A_NS_PID,
			e->nr_procs ? e->min_proc_pid : e->min_thread_pid))
		goto err_cancel_msg;
	if (e->cgns && cgscope_nl_ns_put_cgns(skb, e->cgns, ci, path))
		goto err_cancel_msg;
	genlmsg_end(skb, hdr);
	return 0;

err_cancel_msg:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/**
 * cgscope_nl_ns_get_doit() - CGSCOPE_CMD_NS_GET for one namespace
 * @skb: request
 * @info: request info
 *
 * Return: 0 or a negative errno (-ENOENT: no task is in that namespace).
 */
int cgscope_nl_ns_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct cgscope_ns_table *table;
	struct cgscope_cgns_info *ci;
	struct cgscope_ns_entry *e;
	struct sk_buff *rsp;
	u32 type, inum;
	char *path;
	int err = -ENOMEM;

	if (GENL_REQ_ATTR_CHECK(info, CGSCOPE_A_NS_TYPE) ||
	    GENL_REQ_ATTR_CHECK(info, CGSCOPE_A_NS_INODE))
		return -EINVAL;
	type = nla_get_u32(info->attrs[CGSCOPE_A_NS_TYPE]);
	inum = nla_get_u32(info->attrs[CGSCOPE_A_NS_INODE]);

	table = cgscope_ns_table_collect(type);
	if (IS_ERR(table))
		return PTR_ERR(table);
	e = xa_load(&table->by_type[type], inum);
	if (!e) {
		NL_SET_BAD_ATTR(info->extack, info->attrs[CGSCOPE_A_NS_INODE]);
		NL_SET_ERR_MSG(info->extack,
			       "no task is in a namespace of that type and inode");
		err = -ENOENT;
		goto err_free_table;
	}

	ci = kmalloc(sizeof(*ci), GFP_KERNEL);
	path = kmalloc(PATH_MAX, GFP_KERNEL);
	rsp = genlmsg_new(CGSCOPE_NL_NS_MSG_SIZE, GFP_KERNEL);
	if (!ci || !path || !rsp)
		goto err_free;

	cgscope_cgroup_lock();
	err = cgscope_nl_ns_fill(rsp, e, ci, path, info->snd_portid,
				 info->snd_seq, 0);
	cgscope_cgroup_unlock();
	if (err)
		goto err_free;

	kfree(path);
	kfree(ci);
	cgscope_ns_table_free(table);
	return genlmsg_reply(rsp, info);

err_free:
	nlmsg_free(rsp);
	kfree(path);
	kfree(ci);
err_free_table:
	cgscope_ns_table_free(table);
	return err;
}

/**
 * cgscope_nl_ns_get_start() - collect the namespaces a dump will send
 * @cb: the dump
 *
 * The dump takes one filter, CGSCOPE_A_NS_TYPE.
 *
 * Return: 0 or a negative errno.
 */
int cgscope_nl_ns_get_start(struct netlink_callback *cb)
{
	struct cgscope_nl_ns_ctx *ctx =
		CGSCOPE_NL_CTX(cb, struct cgscope_nl_ns_ctx);
	struct nlattr **attrs = cgscope_dump_attrs(cb);
	u32 type = 0;

	memset(ctx, 0, sizeof(*ctx));
	cb->min_dump_alloc = CGSCOPE_NL_NS_MSG_SIZE;
	if (attrs && attrs[CGSCOPE_A_NS_INODE]) {
		NL_SET_BAD_ATTR(cb->extack, attrs[CGSCOPE_A_NS_INODE]);
		NL_SET_ERR_MSG(cb->extack,
			       "a dump filters by type only; ask for one inode with a do request");
		return -EINVAL;
	}
	if (attrs && attrs[CGSCOPE_A_NS_TYPE])
		type = nla_get_u32(attrs[CGSCOPE_A_NS_TYPE]);

	ctx->ci = kmalloc(sizeof(*ctx->ci), GFP_KERNEL);
	ctx->path = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!ctx->ci || !ctx->path)
		goto err_free;
	ctx->table = cgscope_ns_table_collect(type);
	if (IS_ERR(ctx->table)) {
		int err = PTR_ERR(ctx->table);

		ctx->table = NULL;
		kfree(ctx->path);
		kfree(ctx->ci);
		ctx->path = NULL;
		ctx->ci = NULL;
		return err;
	}
	cgscope_stats_walk();
	return 0;

err_free:
	kfree(ctx->path);
	kfree(ctx->ci);
	ctx->path = NULL;
	ctx->ci = NULL;
	return -ENOMEM;
}

/**
 * cgscope_nl_ns_get_dumpit() - CGSCOPE_CMD_NS_GET dump
 * @skb: the message to fill
 * @cb: the dump
 *
 * Context: takes cgroup_mutex for the message.
 * Return: skb->len to be called again, 0 when done, or a negative errno.
 */
int cgscope_nl_ns_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct cgscope_nl_ns_ctx *ctx =
		CGSCOPE_NL_CTX(cb, struct cgscope_nl_ns_ctx);
	struct cgscope_ns_entry *e;
	int err = 0;

	cgscope_cgroup_lock();
	while ((e = cgscope_ns_table_next(ctx->table, &ctx->type,
					  &ctx->inum))) {
		err = cgscope_nl_ns_fill(skb, e, ctx->ci, ctx->path,
					 NETLINK_CB(cb->skb).portid,
					 cb->nlh->nlmsg_seq, NLM_F_MULTI);
		if (err)
			break;
		if (ctx->inum == U32_MAX) {
			ctx->inum = 0;
			ctx->type++;
		} else {
			ctx->inum++;
		}
	}
	cgscope_cgroup_unlock();

	return cgscope_nl_dump_ret(skb, err);
}

/**
 * cgscope_nl_ns_get_done() - end of a namespace dump
 * @cb: the dump
 *
 * Return: 0.
 */
int cgscope_nl_ns_get_done(struct netlink_callback *cb)
{
	struct cgscope_nl_ns_ctx *ctx =
		CGSCOPE_NL_CTX(cb, struct cgscope_nl_ns_ctx);

	cgscope_ns_table_free(ctx->table);
	kfree(ctx->path);
	kfree(ctx->ci);
	return 0;
}
