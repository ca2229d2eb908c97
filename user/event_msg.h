/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An event message from the kernel: one live event (a device denial or a
 * device rule change), parsed from a CGSCOPE_CMD_EVENT notification or a
 * CGSCOPE_CMD_EVENT_GET dump message and printed as a line of text or one
 * JSON object; and the event counters.  Shared by the two commands that
 * show events, cgscope watch (watch.c) and cgscope events (events.c).
 */
#ifndef CGSCOPE_EVENT_MSG_H
#define CGSCOPE_EVENT_MSG_H

#include <stdbool.h>
#include <linux/types.h>

#include <netlink/netlink.h>

#include "devices.h"

struct cg_event {
	__u64 seq;
	__u32 type;		/* enum cgscope_event_type */
	__u64 mono_ns;
	__u64 real_ns;
	__u32 pid;
	__u32 tgid;
	char *comm;
	bool has_cgroup;
	__u32 hier;
	__u64 cgrp_id;
	char *path;
	bool has_v2;
	__u64 v2_id;
	char *v2_path;
	bool has_dev;
	__u8 dev_type;
	__u8 access;
	__u32 major;
	__u32 minor;
	__u32 layer;		/* 0: not evaluated */
	__u32 behavior;		/* 0: none sent */
	bool has_rule;
	struct devcg_exc rule;
	__u32 prog_id;		/* 0: none */
	__u32 op;		/* enum cgscope_event_op, 0: none */
	char *text;		/* the rule written */
	char *prog_name;
	bool has_flags;
	__u32 flags;
	bool has_error;
	__u32 error;
};

/**
 * struct cg_event_rules - what a device program event changed in the
 *	effective device policy of its cgroup (watch_rules.c)
 * @known: @added and @removed are known; else @reason says why not
 * @reason: why the change is not known
 * @added: rules of the policy after the event that were not before, in
 *	devices.list notation ("c 195:* rw"), with the default they go with
 * @nr_added: how many
 * @removed: rules before that are not after
 * @nr_removed: how many
 * @default_allow: the policy's default after the event
 * @default_changed: the default flipped (the lists are the whole rules)
 */
struct cg_event_rules {
	bool known;
	char reason[256];
	char **added;
	size_t nr_added;
	char **removed;
	size_t nr_removed;
	bool default_allow;
	bool default_changed;
};

struct cg_event_stats {
	bool armed;
	__u64 triggered;
	__u64 ratelimited;
	__u64 recorded;
	__u64 overrun;
	__u64 sent;
	__u64 missed;
	__u32 ring_size;
	__u32 rate;
};

int event_parse(struct nlmsghdr *nlh, struct cg_event *ev);
void event_free(struct cg_event *ev);
void event_print(const struct cg_event *ev,
		 const struct cg_event_rules *rules);
int event_stats_parse(struct nlmsghdr *nlh, void *arg);
int event_stats_get(__u8 cmd, struct cg_event_stats *st);

#endif /* CGSCOPE_EVENT_MSG_H */
