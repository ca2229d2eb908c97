// SPDX-License-Identifier: GPL-2.0
/*
 * Events over netlink: CGSCOPE_CMD_EVENT notifications on the "events"
 * multicast group, CGSCOPE_CMD_EVENT_GET (a dump of the ring, oldest
 * first, resumed by sequence number), CGSCOPE_CMD_EVENT_STATS_GET (the
 * counters) and CGSCOPE_CMD_EVENT_ARM (arm the probes for the group's
 * listeners; a listener sends it after joining the group).  See events.c.
 */
#include <linux/slab.h>

#include "cgscope.h"
#include "nl.h"

/**
 * cgscope_nl_event_fill() - put an event in a message
 * @skb: the message
 * @ev: the event
 * @portid: netlink port
 * @seq: netlink sequence number
 * @flags: NLM_F_*
 * @cmd: CGSCOPE_CMD_EVENT or CGSCOPE_CMD_EVENT_GET
 *
 * Return: 0 or -EMSGSIZE.
 */
int cgscope_nl_event_fill(struct sk_buff *skb, const struct cgscope_event *ev,
			  u32 portid, u32 seq, int flags, u8 cmd)
{
	const struct cgscope_devcg_verdict *v = &ev->verdict;
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &cgscope_nl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, CGSCOPE_A_EVENT_SEQ, ev->seq,
			      CGSCOPE_A_EVENT_PAD) ||
	    nla_put_u32(skb, CGSCOPE_A_EVENT_TYPE, ev->type))
		goto err_cancel_msg;
	if (ev->type == CGSCOPE_EVENT_GOODBYE)
		goto out;
	if (nla_put_u64_64bit(skb, CGSCOPE_A_EVENT_TIME_MONO, ev->mono_ns,
			      CGSCOPE_A_EVENT_PAD) ||
	    nla_put_u64_64bit(skb, CGSCOPE_A_EVENT_TIME_REAL, ev->real_ns,
			      CGSCOPE_A_EVENT_PAD) ||
	    nla_put_u32(skb, CGSCOPE_A_EVENT_PID, ev->pid) ||
	    nla_put_u32(skb, CGSCOPE_A_EVENT_TGID, ev->tgid) ||
	    nla_put_string(skb, CGSCOPE_A_EVENT_COMM, ev->comm))
		goto err_cancel_msg;
	if (ev->cgrp_id &&
	    (nla_put_u32(skb, CGSCOPE_A_EVENT_HIERARCHY_ID, ev->hierarchy_id) ||
	     nla_put_u64_64bit(skb, CGSCOPE_A_EVENT_CGROUP_ID, ev->cgrp_id,
			       CGSCOPE_A_EVENT_PAD) ||
	     (ev->has_path &&
	      nla_put_string(skb, CGSCOPE_A_EVENT_PATH, ev->path))))
		goto err_cancel_msg;
	if (ev->v2_id &&
	    (nla_put_u64_64bit(skb, CGSCOPE_A_EVENT_V2_CGROUP_ID, ev->v2_id,
			       CGSCOPE_A_EVENT_PAD) ||
	     (ev->has_v2_path &&
	      nla_put_string(skb, CGSCOPE_A_EVENT_V2_PATH, ev->v2_path))))
		goto err_cancel_msg;

	switch (ev->type) {
	case CGSCOPE_EVENT_DENIAL:
		if (nla_put_u8(skb, CGSCOPE_A_EVENT_DEV_TYPE, ev->dev_type) ||
		    nla_put_u32(skb, CGSCOPE_A_EVENT_MAJOR, ev->major) ||
		    nla_put_u32(skb, CGSCOPE_A_EVENT_MINOR, ev->minor) ||
		    nla_put_u8(skb, CGSCOPE_A_EVENT_ACCESS, ev->access))
			goto err_cancel_msg;
		/* the evaluation, once the worker has made it */
		if (!ev->done || !ev->layer)
			break;
		if (nla_put_u32(skb, CGSCOPE_A_EVENT_LAYER, ev->layer) ||
		    (v->deny_prog_id &&
		     nla_put_u32(skb, CGSCOPE_A_EVENT_PROG_ID, v->deny_prog_id)))
			goto err_cancel_msg;
		if (ev->layer == CGSCOPE_LAYER_V1 &&
		    (nla_put_u32(skb, CGSCOPE_A_EVENT_BEHAVIOR,
				 cgscope_nl_behavior(v->behavior)) ||
		     (v->has_rule &&
		      cgscope_nl_put_exc(skb, CGSCOPE_A_EVENT_RULE, &v->rule))))
			goto err_cancel_msg;
		break;
	case CGSCOPE_EVENT_RULE_V1:
		if (nla_put_u32(skb, CGSCOPE_A_EVENT_OP, ev->op) ||
		    nla_put_string(skb, CGSCOPE_A_EVENT_RULE_TEXT, ev->rule) ||
		    nla_put_u32(skb, CGSCOPE_A_EVENT_ERROR, ev->error))
			goto err_cancel_msg;
		break;
	case CGSCOPE_EVENT_PROG:
		if (nla_put_u32(skb, CGSCOPE_A_EVENT_OP, ev->op) ||
		    (ev->prog_id &&
		     (nla_put_u32(skb, CGSCOPE_A_EVENT_PROG_ID, ev->prog_id) ||
		      nla_put_string(skb, CGSCOPE_A_EVENT_PROG_NAME,
				     ev->prog_name))) ||
		    nla_put_u32(skb, CGSCOPE_A_EVENT_ATTACH_FLAGS, ev->flags) ||
		    nla_put_u32(skb, CGSCOPE_A_EVENT_ERROR, ev->error))
			goto err_cancel_msg;
		break;
	}
out:
	genlmsg_end(skb, hdr);
	return 0;

err_cancel_msg:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/**
 * cgscope_nl_event_listeners() - whether anyone is in the events group
 *
 * Return: true if someone listens (and the family is registered).
 */
bool cgscope_nl_event_listeners(void)
{
	return cgscope_nl_registered() &&
	       genl_has_listeners(&cgscope_nl_family, &init_net,
				  CGSCOPE_NL_MCGRP_EVENTS);
}

/**
 * cgscope_nl_event_multicast() - send a notification to the events group
 * @skb: the message, consumed
 *
 * Context: process.
 */
void cgscope_nl_event_multicast(struct sk_buff *skb)
{
	genlmsg_multicast(&cgscope_nl_family, skb, 0, CGSCOPE_NL_MCGRP_EVENTS,
			  GFP_KERNEL);
}

/**
 * cgscope_nl_event_goodbye() - tell listeners the module is going away
 *
 * Context: module exit, after cgscope_events_stop().
 */
void cgscope_nl_event_goodbye(void)
{
	struct cgscope_event_stats st;
	struct cgscope_event ev = { .type = CGSCOPE_EVENT_GOODBYE };
	struct sk_buff *skb;

	if (!cgscope_nl_event_listeners())
		return;
	cgscope_events_stats(&st);
	ev.seq = st.triggered;
	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return;
	if (cgscope_nl_event_fill(skb, &ev, 0, 0, 0, CGSCOPE_CMD_EVENT)) {
		nlmsg_free(skb);
		return;
	}
	cgscope_nl_event_multicast(skb);
}

static int cgscope_nl_event_stats_reply(struct genl_info *info)
{
	struct cgscope_event_stats st;
	struct sk_buff *rsp;
	void *hdr;

	cgscope_events_stats(&st);
	rsp = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!rsp)
		return -ENOMEM;
	hdr = cgscope_nl_reply_put(rsp, info);
	if (!hdr ||
	    nla_put_u8(rsp, CGSCOPE_A_EVSTATS_ARMED, st.armed) ||
	    nla_put_u64_64bit(rsp, CGSCOPE_A_EVSTATS_TRIGGERED, st.triggered,
			      CGSCOPE_A_EVSTATS_PAD) ||
	    nla_put_u64_64bit(rsp, CGSCOPE_A_EVSTATS_RATELIMITED,
			      st.ratelimited, CGSCOPE_A_EVSTATS_PAD) ||
	    nla_put_u64_64bit(rsp, CGSCOPE_A_EVSTATS_RECORDED, st.recorded,
			      CGSCOPE_A_EVSTATS_PAD) ||
	    nla_put_u64_64bit(rsp, CGSCOPE_A_EVSTATS_OVERRUN, st.overrun,
			      CGSCOPE_A_EVSTATS_PAD) ||
	    nla_put_u64_64bit(rsp, CGSCOPE_A_EVSTATS_SENT, st.sent,
			      CGSCOPE_A_EVSTATS_PAD) ||
	    nla_put_u64_64bit(rsp, CGSCOPE_A_EVSTATS_MISSED, st.missed,
			      CGSCOPE_A_EVSTATS_PAD) ||
	    nla_put_u32(rsp, CGSCOPE_A_EVSTATS_RING_SIZE, st.ring_size) ||
	    nla_put_u32(rsp, CGSCOPE_A_EVSTATS_RATE, st.rate)) {
		nlmsg_free(rsp);
		return -EMSGSIZE;
	}
	genlmsg_end(rsp, hdr);
	return genlmsg_reply(rsp, info);
}

/**
 * cgscope_nl_event_stats_get_doit() - CGSCOPE_CMD_EVENT_STATS_GET
 * @skb: request
 * @info: request info
 *
 * Return: 0 or a negative errno.
 */
int cgscope_nl_event_stats_get_doit(struct sk_buff *skb,
				    struct genl_info *info)
{
	return cgscope_nl_event_stats_reply(info);
}

/**
 * cgscope_nl_event_arm_doit() - CGSCOPE_CMD_EVENT_ARM
 * @skb: request
 * @info: request info
 *
 * Return: 0 or a negative errno.
 */
int cgscope_nl_event_arm_doit(struct sk_buff *skb, struct genl_info *info)
{
	int err;

	if (!cgscope_events_features()) {
		NL_SET_ERR_MSG(info->extack,
			       "no event probe could be registered on this kernel");
		return -EOPNOTSUPP;
	}
	err = cgscope_events_arm();
	if (err)
		return err;
	return cgscope_nl_event_stats_reply(info);
}

struct cgscope_nl_event_ctx {
	u64 next;			/* first seq not yet sent */
	struct cgscope_event *ev;
};

/**
 * cgscope_nl_event_get_start() - set up a dump of the ring
 * @cb: the dump
 *
 * Return: 0 or a negative errno.
 */
int cgscope_nl_event_get_start(struct netlink_callback *cb)
{
	struct cgscope_nl_event_ctx *ctx =
		CGSCOPE_NL_CTX(cb, struct cgscope_nl_event_ctx);
	int err;

	memset(ctx, 0, sizeof(*ctx));
	err = cgscope_nl_dump_start_no_attrs(cb);
	if (err)
		return err;
	ctx->ev = kmalloc(sizeof(*ctx->ev), GFP_KERNEL);
	if (!ctx->ev)
		return -ENOMEM;
	return 0;
}

/**
 * cgscope_nl_event_get_dumpit() - CGSCOPE_CMD_EVENT_GET dump
 * @skb: the message to fill
 * @cb: the dump
 *
 * Return: skb->len to be called again, 0 when done, or a negative errno.
 */
int cgscope_nl_event_get_dumpit(struct sk_buff *skb,
				struct netlink_callback *cb)
{
	struct cgscope_nl_event_ctx *ctx =
		CGSCOPE_NL_CTX(cb, struct cgscope_nl_event_ctx);
	int err = 0;

	while (cgscope_events_read(ctx->next, ctx->ev)) {
		err = cgscope_nl_event_fill(skb, ctx->ev,
					    NETLINK_CB(cb->skb).portid,
					    cb->nlh->nlmsg_seq, NLM_F_MULTI,
					    CGSCOPE_CMD_EVENT_GET);
		if (err)
			break;
		ctx->next = ctx->ev->seq + 1;
	}
	return cgscope_nl_dump_ret(skb, err);
}

/**
 * cgscope_nl_event_get_done() - end of a ring dump
 * @cb: the dump
 *
 * Return: 0.
 */
int cgscope_nl_event_get_done(struct netlink_callback *cb)
{
	struct cgscope_nl_event_ctx *ctx =
		CGSCOPE_NL_CTX(cb, struct cgscope_nl_event_ctx);

	kfree(ctx->ev);
	return 0;
}
