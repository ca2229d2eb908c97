// SPDX-License-Identifier: GPL-2.0
/*
 * Events over netlink: CGSCOPE_CMD_EVENT notifications on the "events"
 * multicast group, CGSCOPE_CMD_EVENT_GET (a dump of the ring, oldest
 * first, resumed by sequence number), CGSCOPE_CMD_EVENT_STATS_GET (the
 * counters) and CGSCOPE_CMD_EVENT_ARM (arm the probes for the group's
 * listeners; a listener sends it after joining the group).
 *
 * events.c knows nothing of netlink: this file registers itself as the
 * events' sink, which says whether anyone listens and sends what the
 * events' worker delivers.
 */
#include "cgscope.h"
#include "nl.h"

/* Put @ev's attributes after a header. */
static int cgscope_nl_event_put(struct sk_buff *skb,
				const struct cgscope_event *ev)
{
	const struct cgscope_devcg_verdict *v = &ev->verdict;

	if (nla_put_u64_64bit(skb, CGSCOPE_A_EVENT_SEQ, ev->seq,
			      CGSCOPE_A_EVENT_PAD) ||
	    nla_put_u32(skb, CGSCOPE_A_EVENT_TYPE, ev->type))
		return -EMSGSIZE;
	if (ev->type == CGSCOPE_EVENT_GOODBYE)
		return 0;
	if (nla_put_u64_64bit(skb, CGSCOPE_A_EVENT_TIME_MONO, ev->mono_ns,
			      CGSCOPE_A_EVENT_PAD) ||
	    nla_put_u64_64bit(skb, CGSCOPE_A_EVENT_TIME_REAL, ev->real_ns,
			      CGSCOPE_A_EVENT_PAD) ||
	    nla_put_u32(skb, CGSCOPE_A_EVENT_PID, ev->pid) ||
	    nla_put_u32(skb, CGSCOPE_A_EVENT_TGID, ev->tgid) ||
	    nla_put_string(skb, CGSCOPE_A_EVENT_COMM, ev->comm))
		return -EMSGSIZE;
	if (ev->cgrp_id &&
	    (nla_put_u32(skb, CGSCOPE_A_EVENT_HIERARCHY_ID, ev->hierarchy_id) ||
	     nla_put_u64_64bit(skb, CGSCOPE_A_EVENT_CGROUP_ID, ev->cgrp_id,
			       CGSCOPE_A_EVENT_PAD) ||
	     (ev->has_path &&
	      nla_put_string(skb, CGSCOPE_A_EVENT_PATH, ev->path))))
		return -EMSGSIZE;
	if (ev->v2_id &&
	    (nla_put_u64_64bit(skb, CGSCOPE_A_EVENT_V2_CGROUP_ID, ev->v2_id,
			       CGSCOPE_A_EVENT_PAD) ||
	     (ev->has_v2_path &&
	      nla_put_string(skb, CGSCOPE_A_EVENT_V2_PATH, ev->v2_path))))
		return -EMSGSIZE;

	switch (ev->type) {
	case CGSCOPE_EVENT_DENIAL:
		if (nla_put_u8(skb, CGSCOPE_A_EVENT_DEV_TYPE, ev->dev_type) ||
		    nla_put_u32(skb, CGSCOPE_A_EVENT_MAJOR, ev->major) ||
		    nla_put_u32(skb, CGSCOPE_A_EVENT_MINOR, ev->minor) ||
		    nla_put_u8(skb, CGSCOPE_A_EVENT_ACCESS, ev->access))
			return -EMSGSIZE;
		/* the evaluation, once the worker has made it */
		if (!ev->done || !ev->layer)
			break;
		if (nla_put_u32(skb, CGSCOPE_A_EVENT_LAYER, ev->layer) ||
		    (v->deny_prog_id &&
		     nla_put_u32(skb, CGSCOPE_A_EVENT_PROG_ID, v->deny_prog_id)))
			return -EMSGSIZE;
		if (ev->layer == CGSCOPE_LAYER_V1 &&
		    (nla_put_u32(skb, CGSCOPE_A_EVENT_BEHAVIOR,
				 cgscope_nl_behavior(v->behavior)) ||
		     (v->has_rule &&
		      cgscope_nl_put_rule(skb, CGSCOPE_A_EVENT_RULE, &v->rule))))
			return -EMSGSIZE;
		break;
	case CGSCOPE_EVENT_RULE_V1:
		if (nla_put_u32(skb, CGSCOPE_A_EVENT_OP, ev->op) ||
		    nla_put_string(skb, CGSCOPE_A_EVENT_RULE_TEXT, ev->rule) ||
		    nla_put_u32(skb, CGSCOPE_A_EVENT_ERROR, ev->error))
			return -EMSGSIZE;
		break;
	case CGSCOPE_EVENT_PROG:
		if (nla_put_u32(skb, CGSCOPE_A_EVENT_OP, ev->op) ||
		    (ev->prog_id &&
		     (nla_put_u32(skb, CGSCOPE_A_EVENT_PROG_ID, ev->prog_id) ||
		      nla_put_string(skb, CGSCOPE_A_EVENT_PROG_NAME,
				     ev->prog_name))) ||
		    nla_put_u32(skb, CGSCOPE_A_EVENT_ATTACH_FLAGS, ev->flags) ||
		    nla_put_u32(skb, CGSCOPE_A_EVENT_ERROR, ev->error))
			return -EMSGSIZE;
		break;
	}
	return 0;
}

/* Whether anyone is in the events group. */
static bool cgscope_nl_event_listening(void)
{
	return genl_has_listeners(&cgscope_nl_family, &init_net,
				  CGSCOPE_NL_MCGRP_EVENTS);
}

/* Send @ev to the events group.  Context: process, no locks. */
static void cgscope_nl_event_deliver(const struct cgscope_event *ev)
{
	struct sk_buff *skb;
	void *hdr;

	if (!cgscope_nl_event_listening())
		return;
	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return;
	hdr = genlmsg_put(skb, 0, 0, &cgscope_nl_family, 0, CGSCOPE_CMD_EVENT);
	if (!hdr || cgscope_nl_event_put(skb, ev)) {
		nlmsg_free(skb);
		return;
	}
	genlmsg_end(skb, hdr);
	genlmsg_multicast(&cgscope_nl_family, skb, 0, CGSCOPE_NL_MCGRP_EVENTS,
			  GFP_KERNEL);
}

static const struct cgscope_event_sink cgscope_nl_event_sink = {
	.listening	= cgscope_nl_event_listening,
	.deliver	= cgscope_nl_event_deliver,
};

/**
 * cgscope_nl_events_init() - become the events' sink
 *
 * Context: module init, after the family is registered.
 * Return: 0.
 */
int cgscope_nl_events_init(void)
{
	cgscope_events_set_sink(&cgscope_nl_event_sink);
	return 0;
}

/**
 * cgscope_nl_events_exit() - no more notifications; tell listeners why
 *
 * Context: module exit, before the family is unregistered.
 */
void cgscope_nl_events_exit(void)
{
	struct cgscope_event ev = { .type = CGSCOPE_EVENT_GOODBYE };
	struct cgscope_event_stats st;

	cgscope_events_set_sink(NULL);
	cgscope_events_stats(&st);
	ev.seq = st.triggered;
	cgscope_nl_event_deliver(&ev);
}

static int cgscope_nl_event_fill(struct sk_buff *skb,
				 const struct cgscope_nl_req *req)
{
	return cgscope_nl_event_put(skb, req->data);
}

/* A dump's position: the first seq not yet sent */
struct cgscope_nl_event_pos {
	u64 next;
};

/* The ring, oldest first.  Context: no lock (the ring has its own). */
static int cgscope_nl_event_next(struct sk_buff *skb,
				 struct cgscope_nl_req *req)
{
	struct cgscope_nl_event_pos *pos = req->pos;
	struct cgscope_event *ev = req->data;
	int err;

	while (cgscope_events_read(pos->next, ev)) {
		err = cgscope_nl_dump_one(skb, req);
		if (err)
			return err;
		pos->next = ev->seq + 1;
	}
	return 0;
}

const struct cgscope_nl_cmd cgscope_nl_event_get = {
	.cmd		= CGSCOPE_CMD_EVENT_GET,
	.data_size	= sizeof(struct cgscope_event),
	.pos_size	= sizeof(struct cgscope_nl_event_pos),
	.no_attrs	= true,
	.unlocked	= true,
	.fill		= cgscope_nl_event_fill,
	.next		= cgscope_nl_event_next,
};

static int cgscope_nl_event_stats_prepare(struct cgscope_nl_req *req)
{
	cgscope_events_stats(req->data);
	return 0;
}

static int cgscope_nl_event_stats_fill(struct sk_buff *skb,
				       const struct cgscope_nl_req *req)
{
	const struct cgscope_event_stats *st = req->data;

	if (nla_put_u8(skb, CGSCOPE_A_EVSTATS_ARMED, st->armed) ||
	    nla_put_u64_64bit(skb, CGSCOPE_A_EVSTATS_TRIGGERED, st->triggered,
			      CGSCOPE_A_EVSTATS_PAD) ||
	    nla_put_u64_64bit(skb, CGSCOPE_A_EVSTATS_RATELIMITED,
			      st->ratelimited, CGSCOPE_A_EVSTATS_PAD) ||
	    nla_put_u64_64bit(skb, CGSCOPE_A_EVSTATS_RECORDED, st->recorded,
			      CGSCOPE_A_EVSTATS_PAD) ||
	    nla_put_u64_64bit(skb, CGSCOPE_A_EVSTATS_OVERRUN, st->overrun,
			      CGSCOPE_A_EVSTATS_PAD) ||
	    nla_put_u64_64bit(skb, CGSCOPE_A_EVSTATS_SENT, st->sent,
			      CGSCOPE_A_EVSTATS_PAD) ||
	    nla_put_u64_64bit(skb, CGSCOPE_A_EVSTATS_MISSED, st->missed,
			      CGSCOPE_A_EVSTATS_PAD) ||
	    nla_put_u32(skb, CGSCOPE_A_EVSTATS_RING_SIZE, st->ring_size) ||
	    nla_put_u32(skb, CGSCOPE_A_EVSTATS_RATE, st->rate))
		return -EMSGSIZE;
	return 0;
}

const struct cgscope_nl_cmd cgscope_nl_event_stats_get = {
	.cmd		= CGSCOPE_CMD_EVENT_STATS_GET,
	.data_size	= sizeof(struct cgscope_event_stats),
	.unlocked	= true,
	.prepare	= cgscope_nl_event_stats_prepare,
	.fill		= cgscope_nl_event_stats_fill,
};

/* Arm the probes for the group's listeners; the reply is the counters. */
static int cgscope_nl_event_arm_parse(struct cgscope_nl_req *req)
{
	if (!cgscope_events_features()) {
		NL_SET_ERR_MSG(req->extack,
			       "no event probe could be registered on this kernel");
		return -EOPNOTSUPP;
	}
	return cgscope_events_arm();
}

const struct cgscope_nl_cmd cgscope_nl_event_arm = {
	.cmd		= CGSCOPE_CMD_EVENT_ARM,
	.data_size	= sizeof(struct cgscope_event_stats),
	.unlocked	= true,
	.parse		= cgscope_nl_event_arm_parse,
	.prepare	= cgscope_nl_event_stats_prepare,
	.fill		= cgscope_nl_event_stats_fill,
};
