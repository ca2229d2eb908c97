/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The cgscope generic netlink family: the op table and policies (nl.c)
 * and one file per object with its fill, doit and dumpit (nl_*.c).
 */
#ifndef _CGSCOPE_NL_H
#define _CGSCOPE_NL_H

#include <net/genetlink.h>
#include <uapi/linux/cgscope.h>

extern struct genl_family cgscope_nl_family;

/* Multicast groups, in the order of the family's mcgrps */
enum {
	CGSCOPE_NL_MCGRP_EVENTS,
};

bool cgscope_nl_registered(void);
void cgscope_nl_event_goodbye(void);

/* Lay a dump's state over netlink_callback::ctx, checking it fits. */
#define CGSCOPE_NL_CTX(cb, type) ({					\
	BUILD_BUG_ON(sizeof(type) > sizeof_field(struct netlink_callback, ctx)); \
	(type *)(cb)->ctx;						\
})

/*
 * Room for one object with the longest paths we send, so that no single
 * object is too big for a dump message: a cgroup carries one path, a task
 * two per hierarchy, a css_set one per hierarchy.  Paths beyond PATH_MAX
 * are left out of messages.
 */
#define CGSCOPE_NL_CGROUP_MSG_SIZE	(PATH_MAX + 2048)
#define CGSCOPE_NL_TASK_MSG_SIZE	(4 * PATH_MAX)
#define CGSCOPE_NL_CSET_MSG_SIZE	(4 * PATH_MAX)
#define CGSCOPE_NL_NS_MSG_SIZE		(4 * PATH_MAX)

/*
 * What a dumpit returns when it stopped at @err: more to come if the skb
 * has something in it, else the error (an object too big for a message).
 */
static inline int cgscope_nl_dump_ret(struct sk_buff *skb, int err)
{
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err;
}

/* Start the reply to a do request (genlmsg_iput() is 6.7+). */
static inline void *cgscope_nl_reply_put(struct sk_buff *rsp,
					 struct genl_info *info)
{
	return genlmsg_put_reply(rsp, info, &cgscope_nl_family, 0,
				 info->genlhdr->cmd);
}

int cgscope_nl_dump_start_no_attrs(struct netlink_callback *cb);
struct cgroup *cgscope_nl_cgroup_lookup(struct nlattr **attrs, int a_hier,
					int a_id, struct netlink_ext_ack *extack);

int cgscope_nl_info_get_doit(struct sk_buff *skb, struct genl_info *info);

int cgscope_nl_root_get_doit(struct sk_buff *skb, struct genl_info *info);
int cgscope_nl_root_get_dumpit(struct sk_buff *skb,
			       struct netlink_callback *cb);

int cgscope_nl_cgroup_get_doit(struct sk_buff *skb, struct genl_info *info);
int cgscope_nl_cgroup_get_start(struct netlink_callback *cb);
int cgscope_nl_cgroup_get_dumpit(struct sk_buff *skb,
				 struct netlink_callback *cb);
int cgscope_nl_cgroup_get_done(struct netlink_callback *cb);

int cgscope_nl_cset_get_doit(struct sk_buff *skb, struct genl_info *info);
int cgscope_nl_cset_get_start(struct netlink_callback *cb);
int cgscope_nl_cset_get_dumpit(struct sk_buff *skb,
			       struct netlink_callback *cb);
int cgscope_nl_cset_get_done(struct netlink_callback *cb);

int cgscope_nl_task_get_doit(struct sk_buff *skb, struct genl_info *info);
int cgscope_nl_task_get_start(struct netlink_callback *cb);
int cgscope_nl_task_get_dumpit(struct sk_buff *skb,
			       struct netlink_callback *cb);
int cgscope_nl_task_get_done(struct netlink_callback *cb);

int cgscope_nl_put_exc(struct sk_buff *skb, int attrtype,
		       const struct cgscope_devcg_exc *e);
u32 cgscope_nl_behavior(u32 kbehavior);
int cgscope_nl_devcg_get_doit(struct sk_buff *skb, struct genl_info *info);
int cgscope_nl_devcg_check_doit(struct sk_buff *skb, struct genl_info *info);

int cgscope_nl_event_stats_get_doit(struct sk_buff *skb,
				    struct genl_info *info);
int cgscope_nl_event_arm_doit(struct sk_buff *skb, struct genl_info *info);
int cgscope_nl_event_get_start(struct netlink_callback *cb);
int cgscope_nl_event_get_dumpit(struct sk_buff *skb,
				struct netlink_callback *cb);
int cgscope_nl_event_get_done(struct netlink_callback *cb);

int cgscope_nl_task_ns_get_doit(struct sk_buff *skb, struct genl_info *info);
int cgscope_nl_ns_get_doit(struct sk_buff *skb, struct genl_info *info);
int cgscope_nl_ns_get_start(struct netlink_callback *cb);
int cgscope_nl_ns_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int cgscope_nl_ns_get_done(struct netlink_callback *cb);

int cgscope_nl_dying_get_start(struct netlink_callback *cb);
int cgscope_nl_dying_get_dumpit(struct sk_buff *skb,
				struct netlink_callback *cb);
int cgscope_nl_dying_get_done(struct netlink_callback *cb);

int cgscope_nl_memcg_get_doit(struct sk_buff *skb, struct genl_info *info);

#endif /* _CGSCOPE_NL_H */
