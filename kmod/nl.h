/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The cgscope generic netlink family.
 *
 * nl.c is the request core, in the shape of net/ethtool/netlink.c: the
 * policies, the op table, and the generic doit/start/dumpit/done that own
 * what every command would otherwise write again (allocation before
 * locking, the scratch path buffer, reply sizing, cgroup_mutex, the
 * generation counter behind NLM_F_DUMP_INTR, extack, unwinding).
 * Each command is a struct cgscope_nl_cmd in its object's nl_*.c, which
 * holds only what is particular to it: how to read the model (prepare)
 * and how to put one object in a message (fill), and for dumps where to
 * go on from (next).
 */
#ifndef _CGSCOPE_NL_H
#define _CGSCOPE_NL_H

#include <net/genetlink.h>
#include <uapi/linux/cgscope.h>

#include "cgscope.h"

extern struct genl_family cgscope_nl_family;

/* Multicast groups, in the order of the family's mcgrps */
enum {
	CGSCOPE_NL_MCGRP_EVENTS,
};

/*
 * Room for one object with the longest paths we send, so that no single
 * object is too big for a message: a cgroup carries one path, a task two
 * per hierarchy, a css_set one per hierarchy, the device rules of a task
 * two paths and its rules.  Paths beyond PATH_MAX are left out.
 */
#define CGSCOPE_NL_CGROUP_MSG_SIZE	(PATH_MAX + 2048)
#define CGSCOPE_NL_TASK_MSG_SIZE	(4 * PATH_MAX)
#define CGSCOPE_NL_CSET_MSG_SIZE	(4 * PATH_MAX)
#define CGSCOPE_NL_NS_MSG_SIZE		(4 * PATH_MAX)
#define CGSCOPE_NL_DEVCG_MSG_SIZE	(2 * PATH_MAX + 16384)

/**
 * struct cgscope_nl_req - one request, as the core hands it to a command
 * @cmd: the command
 * @attrs: the request's attributes (a dump's filters)
 * @extack: where to say what went wrong
 * @cb: the dump, or NULL for a do request
 * @path: PATH_MAX bytes of scratch for cgroup paths
 * @data: @cmd->data_size zeroed bytes: the object @cmd->fill puts
 * @pos: @cmd->pos_size zeroed bytes: where a dump goes on from
 */
struct cgscope_nl_req {
	const struct cgscope_nl_cmd *cmd;
	struct nlattr **attrs;
	struct netlink_ext_ack *extack;
	struct netlink_callback *cb;
	char *path;
	void *data;
	void *pos;
};

/**
 * struct cgscope_nl_cmd - what one command adds to the request core
 * @cmd: CGSCOPE_CMD_*
 * @reply_size: room for one object's message (NLMSG_GOODSIZE if 0)
 * @data_size: size of &cgscope_nl_req.data
 * @pos_size: size of &cgscope_nl_req.pos (dumps)
 * @no_attrs: the dump takes no filter: any attribute is refused
 * @unlocked: @prepare and @next need no cgroup_mutex (the events)
 * @generation: dumps: the counter whose change between two messages marks
 *	the later one NLM_F_DUMP_INTR; NULL for a snapshot taken at @start
 * @parse: do, optional, no lock held: check attributes, take what must
 *	be taken before cgroup_mutex (a task, a table)
 * @prepare: do, optional, under cgroup_mutex: resolve the target, read
 *	the model into @data
 * @fill: put @data's attributes after the header; -EMSGSIZE when out of
 *	room (the core cancels the message)
 * @cleanup: optional, no lock held: release what @parse and @prepare took
 * @start: dump, optional, no lock held: check filters, set @pos up
 * @next: dump, under cgroup_mutex: for each object from @pos on, read it
 *	into @data, cgscope_nl_dump_one(), advance @pos; stop at the first
 *	error
 * @done: dump, optional: release what @start and @next hold in @pos
 */
struct cgscope_nl_cmd {
	u8 cmd;
	size_t reply_size;
	size_t data_size;
	size_t pos_size;
	bool no_attrs;
	bool unlocked;
	unsigned int (*generation)(void);
	int (*parse)(struct cgscope_nl_req *req);
	int (*prepare)(struct cgscope_nl_req *req);
	int (*fill)(struct sk_buff *skb, const struct cgscope_nl_req *req);
	void (*cleanup)(struct cgscope_nl_req *req);
	int (*start)(struct cgscope_nl_req *req);
	int (*next)(struct sk_buff *skb, struct cgscope_nl_req *req);
	void (*done)(struct cgscope_nl_req *req);
};

extern const struct cgscope_nl_cmd cgscope_nl_info_get;
extern const struct cgscope_nl_cmd cgscope_nl_root_get;
extern const struct cgscope_nl_cmd cgscope_nl_cgroup_get;
extern const struct cgscope_nl_cmd cgscope_nl_cset_get;
extern const struct cgscope_nl_cmd cgscope_nl_task_get;
extern const struct cgscope_nl_cmd cgscope_nl_devcg_get;
extern const struct cgscope_nl_cmd cgscope_nl_devcg_check;
extern const struct cgscope_nl_cmd cgscope_nl_task_ns_get;
extern const struct cgscope_nl_cmd cgscope_nl_ns_get;
extern const struct cgscope_nl_cmd cgscope_nl_event_get;
extern const struct cgscope_nl_cmd cgscope_nl_event_stats_get;
extern const struct cgscope_nl_cmd cgscope_nl_event_arm;
extern const struct cgscope_nl_cmd cgscope_nl_dying_get;
extern const struct cgscope_nl_cmd cgscope_nl_memcg_get;
extern const struct cgscope_nl_cmd cgscope_nl_memcg_files_get;

int cgscope_nl_dump_one(struct sk_buff *skb, struct cgscope_nl_req *req);

/* What a request names, from the attributes the command gives for it. */
struct cgscope_nl_target_attrs {
	int pid;		/* 0: the command takes no task */
	int hierarchy_id;
	int cgroup_id;
};

int cgscope_nl_target(struct cgscope_nl_req *req,
		      const struct cgscope_nl_target_attrs *a,
		      struct cgscope_target *t);
struct task_struct *cgscope_nl_task(struct cgscope_nl_req *req, int a_pid);

int cgscope_nl_put_cgroup(struct sk_buff *skb, int a_id, int a_path,
			  int a_pad, struct cgroup *cgrp, char *path);
int cgscope_nl_put_rule(struct sk_buff *skb, int attrtype,
			const struct cgscope_devcg_exc *e);
u32 cgscope_nl_behavior(u32 kbehavior);

/* nl_events.c: the events' sink */
int cgscope_nl_events_init(void);
void cgscope_nl_events_exit(void);

#endif /* _CGSCOPE_NL_H */
