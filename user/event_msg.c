// SPDX-License-Identifier: GPL-2.0
/*
 * Event messages from the kernel, for watch.c and events.c: parse one
 * event from its netlink message, print it; read the event counters.
 *
 *	2026-11-23T15:10:01.123456789Z #3 denial pid 167 (cat) c 1:3 r
 *	  cgroup 1:/x v2 / by v1 exception "c 1:3 rwm"
 *
 * (on one line).  JSON: see user/README.md.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <uapi/linux/cgscope.h>

#include "devices.h"
#include "event_msg.h"
#include "main.h"
#include "nl.h"
#include "print.h"

static const struct nla_policy event_policy[CGSCOPE_A_EVENT_MAX + 1] = {
	[CGSCOPE_A_EVENT_SEQ]		= NL_POL_U64,
	[CGSCOPE_A_EVENT_TYPE]		= NL_POL_U32,
	[CGSCOPE_A_EVENT_TIME_MONO]	= NL_POL_U64,
	[CGSCOPE_A_EVENT_TIME_REAL]	= NL_POL_U64,
	[CGSCOPE_A_EVENT_PID]		= NL_POL_U32,
	[CGSCOPE_A_EVENT_TGID]		= NL_POL_U32,
	[CGSCOPE_A_EVENT_COMM]		= NL_POL_STR,
	[CGSCOPE_A_EVENT_HIERARCHY_ID]	= NL_POL_U32,
	[CGSCOPE_A_EVENT_CGROUP_ID]	= NL_POL_U64,
	[CGSCOPE_A_EVENT_PATH]		= NL_POL_STR,
	[CGSCOPE_A_EVENT_V2_CGROUP_ID]	= NL_POL_U64,
	[CGSCOPE_A_EVENT_V2_PATH]	= NL_POL_STR,
	[CGSCOPE_A_EVENT_DEV_TYPE]	= NL_POL_U8,
	[CGSCOPE_A_EVENT_MAJOR]		= NL_POL_U32,
	[CGSCOPE_A_EVENT_MINOR]		= NL_POL_U32,
	[CGSCOPE_A_EVENT_ACCESS]	= NL_POL_U8,
	[CGSCOPE_A_EVENT_LAYER]		= NL_POL_U32,
	[CGSCOPE_A_EVENT_BEHAVIOR]	= NL_POL_U32,
	[CGSCOPE_A_EVENT_RULE]		= NL_POL_NEST,
	[CGSCOPE_A_EVENT_PROG_ID]	= NL_POL_U32,
	[CGSCOPE_A_EVENT_OP]		= NL_POL_U32,
	[CGSCOPE_A_EVENT_RULE_TEXT]	= NL_POL_STR,
	[CGSCOPE_A_EVENT_PROG_NAME]	= NL_POL_STR,
	[CGSCOPE_A_EVENT_ATTACH_FLAGS]	= NL_POL_U32,
	[CGSCOPE_A_EVENT_ERROR]		= NL_POL_U32,
};

static char *event_dup(struct nlattr *a)
{
	const char *s = cg_nl_attr_str(a);

	return s ? xstrdup(s) : NULL;
}

/**
 * event_parse() - an event from its message
 * @nlh: a CGSCOPE_CMD_EVENT or CGSCOPE_CMD_EVENT_GET message
 * @ev: filled in; free with event_free()
 *
 * Return: 0, or -1 after reporting a malformed message (@ev then holds
 * nothing to free).
 */
int event_parse(struct nlmsghdr *nlh, struct cg_event *ev)
{
	struct nlattr *tb[CGSCOPE_A_EVENT_MAX + 1];

	memset(ev, 0, sizeof(*ev));
	if (cg_nl_parse(nlh, tb, CGSCOPE_A_EVENT_MAX, event_policy, "event"))
		return -1;
	if (!tb[CGSCOPE_A_EVENT_SEQ] || !tb[CGSCOPE_A_EVENT_TYPE])
		return cg_nl_bad_reply("event", "no sequence number or type");
	ev->seq = nla_get_u64(tb[CGSCOPE_A_EVENT_SEQ]);
	ev->type = nla_get_u32(tb[CGSCOPE_A_EVENT_TYPE]);
	if (tb[CGSCOPE_A_EVENT_TIME_MONO])
		ev->mono_ns = nla_get_u64(tb[CGSCOPE_A_EVENT_TIME_MONO]);
	if (tb[CGSCOPE_A_EVENT_TIME_REAL])
		ev->real_ns = nla_get_u64(tb[CGSCOPE_A_EVENT_TIME_REAL]);
	cg_nl_attr_u32(tb[CGSCOPE_A_EVENT_PID], &ev->pid);
	cg_nl_attr_u32(tb[CGSCOPE_A_EVENT_TGID], &ev->tgid);
	ev->comm = event_dup(tb[CGSCOPE_A_EVENT_COMM]);
	if (tb[CGSCOPE_A_EVENT_CGROUP_ID]) {
		ev->has_cgroup = true;
		ev->cgrp_id = nla_get_u64(tb[CGSCOPE_A_EVENT_CGROUP_ID]);
		cg_nl_attr_u32(tb[CGSCOPE_A_EVENT_HIERARCHY_ID], &ev->hier);
		ev->path = event_dup(tb[CGSCOPE_A_EVENT_PATH]);
	}
	if (tb[CGSCOPE_A_EVENT_V2_CGROUP_ID]) {
		ev->has_v2 = true;
		ev->v2_id = nla_get_u64(tb[CGSCOPE_A_EVENT_V2_CGROUP_ID]);
		ev->v2_path = event_dup(tb[CGSCOPE_A_EVENT_V2_PATH]);
	}
	if (tb[CGSCOPE_A_EVENT_DEV_TYPE]) {
		ev->has_dev = true;
		ev->dev_type = nla_get_u8(tb[CGSCOPE_A_EVENT_DEV_TYPE]);
		cg_nl_attr_u32(tb[CGSCOPE_A_EVENT_MAJOR], &ev->major);
		cg_nl_attr_u32(tb[CGSCOPE_A_EVENT_MINOR], &ev->minor);
		if (tb[CGSCOPE_A_EVENT_ACCESS])
			ev->access = nla_get_u8(tb[CGSCOPE_A_EVENT_ACCESS]);
	}
	cg_nl_attr_u32(tb[CGSCOPE_A_EVENT_LAYER], &ev->layer);
	cg_nl_attr_u32(tb[CGSCOPE_A_EVENT_BEHAVIOR], &ev->behavior);
	if (tb[CGSCOPE_A_EVENT_RULE]) {
		if (devcg_parse_exc(tb[CGSCOPE_A_EVENT_RULE], &ev->rule, "event")) {
			event_free(ev);
			return -1;
		}
		ev->has_rule = true;
	}
	cg_nl_attr_u32(tb[CGSCOPE_A_EVENT_PROG_ID], &ev->prog_id);
	cg_nl_attr_u32(tb[CGSCOPE_A_EVENT_OP], &ev->op);
	ev->text = event_dup(tb[CGSCOPE_A_EVENT_RULE_TEXT]);
	ev->prog_name = event_dup(tb[CGSCOPE_A_EVENT_PROG_NAME]);
	ev->has_flags = cg_nl_attr_u32(tb[CGSCOPE_A_EVENT_ATTACH_FLAGS],
				       &ev->flags);
	ev->has_error = cg_nl_attr_u32(tb[CGSCOPE_A_EVENT_ERROR], &ev->error);
	return 0;
}

/**
 * event_free() - free what event_parse() allocated
 * @ev: the event
 */
void event_free(struct cg_event *ev)
{
	free(ev->comm);
	free(ev->path);
	free(ev->v2_path);
	free(ev->text);
	free(ev->prog_name);
	memset(ev, 0, sizeof(*ev));
}

static const char *event_type_name(__u32 type)
{
	switch (type) {
	case CGSCOPE_EVENT_DENIAL:
		return "denial";
	case CGSCOPE_EVENT_RULE_V1:
	case CGSCOPE_EVENT_PROG:
		return "rule";
	case CGSCOPE_EVENT_GOODBYE:
		return "goodbye";
	}
	return "unknown";
}

static const char *event_op_name(__u32 op)
{
	switch (op) {
	case CGSCOPE_EVENT_OP_ALLOW:
		return "allow";
	case CGSCOPE_EVENT_OP_DENY:
		return "deny";
	case CGSCOPE_EVENT_OP_ATTACH:
		return "attach";
	case CGSCOPE_EVENT_OP_REPLACE:
		return "replace";
	case CGSCOPE_EVENT_OP_DETACH:
		return "detach";
	}
	return NULL;
}

/* What decided a denial, as check says it: "c 1:3 rwm", "default deny". */
static void event_rule_str(const struct cg_event *ev, char *buf, size_t len)
{
	*buf = '\0';
	if (ev->layer != CGSCOPE_LAYER_V1)
		return;
	if (ev->has_rule)
		devcg_exc_str(&ev->rule, true, buf, len);
	else if (ev->behavior)
		snprintf(buf, len, "default %s",
			 devcg_behavior_name(ev->behavior));
}

/* UTC, to the nanosecond: 2026-11-23T15:10:01.123456789Z */
static void event_time_str(__u64 real_ns, char *buf, size_t len)
{
	time_t secs = real_ns / 1000000000ULL;
	struct tm tm;
	char day[32];

	if (!gmtime_r(&secs, &tm) ||
	    !strftime(day, sizeof(day), "%Y-%m-%dT%H:%M:%S", &tm)) {
		snprintf(buf, len, "%llu", (unsigned long long)real_ns);
		return;
	}
	snprintf(buf, len, "%s.%09lluZ", day,
		 (unsigned long long)(real_ns % 1000000000ULL));
}

/*
 * Where it happened.  Called twice, with PRINT_JSON where the JSON object
 * has it and with PRINT_FP where the line has it, after what happened.
 */
static void event_print_where(const struct cg_event *ev,
			      enum output_type type)
{
	if (ev->has_cgroup) {
		print_uint(type, "hierarchy_id", " cgroup %u", ev->hier);
		print_u64(type, "cgroup_id", NULL, ev->cgrp_id);
		print_string_or(type, "path", ":%s", ev->path, "?");
	} else {
		print_null(type, "hierarchy_id", NULL);
		print_null(type, "cgroup_id", NULL);
		print_null(type, "path", NULL);
	}
	if (ev->has_v2) {
		print_u64(type, "v2_cgroup_id", NULL, ev->v2_id);
		print_string_or(type, "v2_path", " v2 %s", ev->v2_path, "?");
	} else {
		print_null(type, "v2_cgroup_id", NULL);
		print_null(type, "v2_path", NULL);
	}
}

/* A denial: the device and the access asked for */
static void event_print_device(const struct cg_event *ev)
{
	char type[2] = { devcg_type_char(ev->dev_type), '\0' };
	char acc[4];

	open_json_object("dev");
	print_string(PRINT_ANY, "type", " %s", type);
	print_uint(PRINT_ANY, "major", " %u", ev->major);
	print_uint(PRINT_ANY, "minor", ":%u", ev->minor);
	close_json_object();
	print_string(PRINT_ANY, "access", " %s",
		     devcg_access_str(ev->access, acc));
}

/* A denial: what denied it, as one phrase; or that nothing would now */
static void event_print_verdict(const struct cg_event *ev)
{
	bool by_prog = ev->layer == CGSCOPE_LAYER_BPF && ev->prog_id;
	bool by_v1 = ev->layer == CGSCOPE_LAYER_V1;
	bool allowed_now = ev->layer && !by_prog && !by_v1;
	char rule[DEVCG_EXC_STRLEN + 16];

	event_rule_str(ev, rule, sizeof(rule));
	print_string_or(allowed_now ? PRINT_ANY : PRINT_JSON, "layer",
			" (rules changed since: %s layer allows now)",
			devcg_layer_name(ev->layer), "?");
	print_string_or(by_v1 ? PRINT_ANY : PRINT_JSON, "rule",
			ev->has_rule ? " by v1 exception \"%s\"" : " by v1 %s",
			*rule ? rule : NULL, "");
	if (ev->prog_id)
		print_uint(by_prog ? PRINT_ANY : PRINT_JSON, "prog_id",
			   " by bpf prog %u", ev->prog_id);
	else
		print_null(PRINT_JSON, "prog_id", NULL);
}

/* A rule change: a v1 rule written, or a device program (de)attached */
static void event_print_change(const struct cg_event *ev)
{
	bool v1 = ev->type == CGSCOPE_EVENT_RULE_V1;
	enum output_type v1_text = v1 ? PRINT_ANY : PRINT_JSON;
	enum output_type prog_text = v1 ? PRINT_JSON : PRINT_ANY;

	print_string(PRINT_JSON, "kind", NULL,
		     ev->type == CGSCOPE_EVENT_PROG ? "bpf" : "v1");
	print_string_or(PRINT_ANY, "op", " %s", event_op_name(ev->op), "?");
	print_string_or(v1_text, "rule", " \"%s\"", ev->text, "");
	if (ev->prog_id)
		print_uint(prog_text, "prog_id", " prog %u", ev->prog_id);
	else
		print_null(prog_text, "prog_id", " prog 0");
	print_string_or(prog_text, "prog_name", " (%s)", ev->prog_name, "");
	if (ev->has_flags) {
		print_uint(prog_text, "attach_flags", " flags %#x", ev->flags);
	} else {
		print_null(PRINT_JSON, "attach_flags", NULL);
		if (!v1)
			print_uint(PRINT_FP, NULL, " flags %#x", ev->flags);
	}
}

/* A list of rules: JSON strings, or text lines "  -c 195:* rw" */
static void event_print_rule_list(const char *key, char sign, char *const *v,
				  size_t n)
{
	char fmt[] = "\n  ?%s";
	size_t i;

	fmt[3] = sign;
	open_json_array(PRINT_JSON, key);
	for (i = 0; i < n; i++)
		print_string(PRINT_ANY, NULL, fmt, v[i]);
	close_json_array(PRINT_JSON, NULL);
}

/*
 * What a program event changed in the effective policy: members
 * "rules_removed", "rules_added" (null when unknown), "rules_default" and
 * "rules_unknown" (why not known, else null); text lines after the event.
 */
static void event_print_rules(const struct cg_event_rules *r)
{
	if (!r->known) {
		print_null(PRINT_JSON, "rules_removed", NULL);
		print_null(PRINT_JSON, "rules_added", NULL);
		print_null(PRINT_JSON, "rules_default", NULL);
		print_string(PRINT_ANY, "rules_unknown",
			     "\n  (rule changes unknown: %s)", r->reason);
		return;
	}
	print_null(PRINT_JSON, "rules_unknown", NULL);
	print_string(PRINT_JSON, "rules_default", NULL,
		     r->default_allow ? "allow" : "deny");
	if (r->default_changed)
		print_string(PRINT_FP, NULL, "\n  default %s",
			     r->default_allow ? "deny -> allow" :
			     "allow -> deny");
	else if (!r->nr_added && !r->nr_removed)
		print_string(PRINT_FP, NULL, "%s",
			     "\n  (effective device policy unchanged)");
	event_print_rule_list("rules_removed", '-', r->removed,
			      r->nr_removed);
	event_print_rule_list("rules_added", '+', r->added, r->nr_added);
}

/**
 * event_print() - print one event: a line, or a JSON object
 * @ev: the event
 * @rules: for a program event, what it changed in its cgroup's effective
 *	policy; NULL when not asked for
 */
void event_print(const struct cg_event *ev,
		 const struct cg_event_rules *rules)
{
	bool denial = ev->type == CGSCOPE_EVENT_DENIAL;
	char when[64];

	event_time_str(ev->real_ns, when, sizeof(when));
	open_json_object(NULL);
	print_string(PRINT_JSON, "type", NULL, event_type_name(ev->type));
	print_string(PRINT_FP, NULL, "%s", when);
	print_u64(PRINT_ANY, "seq", " #%llu ", ev->seq);
	if (ev->type == CGSCOPE_EVENT_GOODBYE) {
		print_string(PRINT_FP, NULL, "%s", "goodbye");
		goto out;
	}
	print_string(PRINT_JSON, "time", NULL, when);
	print_u64(PRINT_JSON, "mono_ns", NULL, ev->mono_ns);
	print_string(PRINT_FP, NULL, "%s", denial ? "denial" : "rule");
	print_uint(PRINT_ANY, "pid", " pid %u", ev->pid);
	print_uint(PRINT_JSON, "tgid", NULL, ev->tgid);
	print_string_or(PRINT_ANY, "comm", " (%s)", ev->comm, "?");
	event_print_where(ev, PRINT_JSON);
	if (denial)
		event_print_device(ev);
	else
		event_print_change(ev);
	event_print_where(ev, PRINT_FP);
	if (denial) {
		event_print_verdict(ev);
	} else {
		print_uint(PRINT_JSON, "error", NULL, ev->error);
		if (ev->has_error)
			print_string(PRINT_FP, NULL, ": %s", ev->error ?
				     strerror((int)ev->error) : "ok");
		if (rules)
			event_print_rules(rules);
	}
out:
	close_json_object();
	print_nl();
}

static const struct nla_policy stats_policy[CGSCOPE_A_EVSTATS_MAX + 1] = {
	[CGSCOPE_A_EVSTATS_ARMED]	= NL_POL_U8,
	[CGSCOPE_A_EVSTATS_TRIGGERED]	= NL_POL_U64,
	[CGSCOPE_A_EVSTATS_RATELIMITED]	= NL_POL_U64,
	[CGSCOPE_A_EVSTATS_RECORDED]	= NL_POL_U64,
	[CGSCOPE_A_EVSTATS_OVERRUN]	= NL_POL_U64,
	[CGSCOPE_A_EVSTATS_SENT]	= NL_POL_U64,
	[CGSCOPE_A_EVSTATS_MISSED]	= NL_POL_U64,
	[CGSCOPE_A_EVSTATS_RING_SIZE]	= NL_POL_U32,
	[CGSCOPE_A_EVSTATS_RATE]	= NL_POL_U32,
};

static __u64 stats_u64(struct nlattr **tb, int type)
{
	return tb[type] ? nla_get_u64(tb[type]) : 0;
}

/**
 * event_stats_parse() - the counters from a stats or arm reply
 * @nlh: the reply
 * @arg: struct cg_event_stats to fill
 *
 * Return: 0 or -1 after reporting.
 */
int event_stats_parse(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[CGSCOPE_A_EVSTATS_MAX + 1];
	struct cg_event_stats *st = arg;

	if (cg_nl_parse(nlh, tb, CGSCOPE_A_EVSTATS_MAX, stats_policy,
			"event counters"))
		return -1;
	if (!tb[CGSCOPE_A_EVSTATS_TRIGGERED])
		return cg_nl_bad_reply("event counters", "no triggered count");
	st->armed = tb[CGSCOPE_A_EVSTATS_ARMED] &&
		    nla_get_u8(tb[CGSCOPE_A_EVSTATS_ARMED]);
	st->triggered = stats_u64(tb, CGSCOPE_A_EVSTATS_TRIGGERED);
	st->ratelimited = stats_u64(tb, CGSCOPE_A_EVSTATS_RATELIMITED);
	st->recorded = stats_u64(tb, CGSCOPE_A_EVSTATS_RECORDED);
	st->overrun = stats_u64(tb, CGSCOPE_A_EVSTATS_OVERRUN);
	st->sent = stats_u64(tb, CGSCOPE_A_EVSTATS_SENT);
	st->missed = stats_u64(tb, CGSCOPE_A_EVSTATS_MISSED);
	cg_nl_attr_u32(tb[CGSCOPE_A_EVSTATS_RING_SIZE], &st->ring_size);
	cg_nl_attr_u32(tb[CGSCOPE_A_EVSTATS_RATE], &st->rate);
	return 0;
}

/**
 * event_stats_get() - ask for the counters
 * @cmd: CGSCOPE_CMD_EVENT_STATS_GET, or CGSCOPE_CMD_EVENT_ARM
 * @st: filled in
 *
 * Return: 0, or a negative errno / CG_NL_EREPORTED (not yet reported).
 */
int event_stats_get(__u8 cmd, struct cg_event_stats *st)
{
	struct nl_msg *req = cg_nl_req_new(cmd, false);

	memset(st, 0, sizeof(*st));
	if (!req)
		return CG_NL_EREPORTED;
	return cg_nl_do(req, event_stats_parse, st);
}
