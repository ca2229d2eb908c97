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

#include "cgscope.h"
#include "nl.h"

/* TASK_NS_GET: the task's namespaces, read before cgroup_mutex */
struct cgscope_nl_task_ns {
	struct cgscope_task_ns tn;
	struct cgscope_cgns_info ci;	/* fill()'s scratch */
};

/* NS_GET: the table of namespaces in use and the entry being sent */
struct cgscope_nl_ns {
	struct cgscope_ns_table *table;
	const struct cgscope_ns_entry *e;
	struct cgscope_cgns_info ci;	/* fill()'s scratch */
};

/* A dump's position: the next entry to send */
struct cgscope_nl_ns_pos {
	u32 type;
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

/* Context: cgroup_mutex. */
static int cgscope_nl_task_ns_fill(struct sk_buff *skb,
				   const struct cgscope_nl_req *req)
{
	struct cgscope_nl_task_ns *d = req->data;
	const struct cgscope_task_ns *tn = &d->tn;
	unsigned int i;

	if (nla_put_u32(skb, CGSCOPE_A_TASK_NS_PID, tn->pid) ||
	    nla_put_u32(skb, CGSCOPE_A_TASK_NS_TGID, tn->tgid) ||
	    nla_put_string(skb, CGSCOPE_A_TASK_NS_COMM, tn->comm))
		return -EMSGSIZE;
	for (i = 0; i < tn->nr; i++) {
		const struct cgscope_ns_info *ni = &tn->ns[i];
		struct nlattr *nest;

		nest = nla_nest_start(skb, CGSCOPE_A_TASK_NS_NS);
		if (!nest || cgscope_nl_ns_put_info(skb, ni))
			return -EMSGSIZE;
		if (ni->type == CGSCOPE_NS_CGROUP && tn->cgns &&
		    cgscope_nl_ns_put_cgns(skb, tn->cgns, &d->ci, req->path))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	return 0;
}

static int cgscope_nl_task_ns_parse(struct cgscope_nl_req *req)
{
	struct cgscope_nl_task_ns *d = req->data;
	struct task_struct *task;

	task = cgscope_nl_task(req, CGSCOPE_A_TASK_NS_PID);
	if (IS_ERR(task))
		return PTR_ERR(task);
	cgscope_task_ns_read(task, &d->tn);
	put_task_struct(task);
	return 0;
}

static void cgscope_nl_task_ns_cleanup(struct cgscope_nl_req *req)
{
	struct cgscope_nl_task_ns *d = req->data;

	cgscope_task_ns_release(&d->tn);
}

const struct cgscope_nl_cmd cgscope_nl_task_ns_get = {
	.cmd		= CGSCOPE_CMD_TASK_NS_GET,
	.reply_size	= CGSCOPE_NL_NS_MSG_SIZE,
	.data_size	= sizeof(struct cgscope_nl_task_ns),
	.parse		= cgscope_nl_task_ns_parse,
	.fill		= cgscope_nl_task_ns_fill,
	.cleanup	= cgscope_nl_task_ns_cleanup,
};

/* One namespace of the table.  Context: cgroup_mutex. */
static int cgscope_nl_ns_fill(struct sk_buff *skb,
			      const struct cgscope_nl_req *req)
{
	struct cgscope_nl_ns *d = req->data;
	const struct cgscope_ns_entry *e = d->e;

	if (cgscope_nl_ns_put_info(skb, &e->info) ||
	    nla_put_u32(skb, CGSCOPE_A_NS_NR_PROCS, e->nr_procs) ||
	    nla_put_u32(skb, CGSCOPE_A_NS_NR_THREADS, e->nr_threads) ||
	    nla_put_u32(skb, CGSCOPE_A_NS_PID,
			e->nr_procs ? e->min_proc_pid : e->min_thread_pid))
		return -EMSGSIZE;
	if (e->cgns && cgscope_nl_ns_put_cgns(skb, e->cgns, &d->ci, req->path))
		return -EMSGSIZE;
	return 0;
}

/* The namespaces of one type in use now (all types: @type 0). */
static int cgscope_nl_ns_collect(struct cgscope_nl_req *req, u32 type)
{
	struct cgscope_nl_ns *d = req->data;
	struct cgscope_ns_table *table;

	table = cgscope_ns_table_collect(type);
	if (IS_ERR(table))
		return PTR_ERR(table);
	d->table = table;
	return 0;
}

static void cgscope_nl_ns_release(struct cgscope_nl_req *req)
{
	struct cgscope_nl_ns *d = req->data;

	cgscope_ns_table_free(d->table);
}

static int cgscope_nl_ns_parse(struct cgscope_nl_req *req)
{
	struct cgscope_nl_ns *d = req->data;
	struct nlattr **attrs = req->attrs;
	u32 type;
	int err;

	if (NL_REQ_ATTR_CHECK(req->extack, NULL, attrs, CGSCOPE_A_NS_TYPE) ||
	    NL_REQ_ATTR_CHECK(req->extack, NULL, attrs, CGSCOPE_A_NS_INODE))
		return -EINVAL;
	type = nla_get_u32(attrs[CGSCOPE_A_NS_TYPE]);
	err = cgscope_nl_ns_collect(req, type);
	if (err)
		return err;
	d->e = xa_load(&d->table->by_type[type],
		       nla_get_u32(attrs[CGSCOPE_A_NS_INODE]));
	if (!d->e) {
		NL_SET_BAD_ATTR(req->extack, attrs[CGSCOPE_A_NS_INODE]);
		NL_SET_ERR_MSG(req->extack,
			       "no task is in a namespace of that type and inode");
		cgscope_nl_ns_release(req);
		return -ENOENT;
	}
	return 0;
}

/* The dump takes one filter, CGSCOPE_A_NS_TYPE. */
static int cgscope_nl_ns_start(struct cgscope_nl_req *req)
{
	struct nlattr **attrs = req->attrs;

	if (attrs && attrs[CGSCOPE_A_NS_INODE]) {
		NL_SET_BAD_ATTR(req->extack, attrs[CGSCOPE_A_NS_INODE]);
		NL_SET_ERR_MSG(req->extack,
			       "a dump filters by type only; ask for one inode with a do request");
		return -EINVAL;
	}
	return cgscope_nl_ns_collect(req, attrs && attrs[CGSCOPE_A_NS_TYPE] ?
				     nla_get_u32(attrs[CGSCOPE_A_NS_TYPE]) : 0);
}

/* Context: cgroup_mutex, for the message. */
static int cgscope_nl_ns_next(struct sk_buff *skb, struct cgscope_nl_req *req)
{
	struct cgscope_nl_ns_pos *pos = req->pos;
	struct cgscope_nl_ns *d = req->data;
	int err;

	while ((d->e = cgscope_ns_table_next(d->table, &pos->type,
					     &pos->inum))) {
		err = cgscope_nl_dump_one(skb, req);
		if (err)
			return err;
		cgscope_ns_table_skip(&pos->type, &pos->inum);
	}
	return 0;
}

/* A table collected when the request came: no NLM_F_DUMP_INTR. */
const struct cgscope_nl_cmd cgscope_nl_ns_get = {
	.cmd		= CGSCOPE_CMD_NS_GET,
	.reply_size	= CGSCOPE_NL_NS_MSG_SIZE,
	.data_size	= sizeof(struct cgscope_nl_ns),
	.pos_size	= sizeof(struct cgscope_nl_ns_pos),
	.parse		= cgscope_nl_ns_parse,
	.fill		= cgscope_nl_ns_fill,
	.cleanup	= cgscope_nl_ns_release,
	.start		= cgscope_nl_ns_start,
	.next		= cgscope_nl_ns_next,
	.done		= cgscope_nl_ns_release,
};
