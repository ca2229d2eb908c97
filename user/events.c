// SPDX-License-Identifier: GPL-2.0
/*
 * cgscope events: the module's ring of recent events, oldest first, and
 * its counters (--stats).  The ring fills while someone watches, or after
 * "echo 1 > /sys/kernel/debug/cgscope/events".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uapi/linux/cgscope.h>

#include "event_msg.h"
#include "main.h"
#include "nl.h"
#include "print.h"

/* The ring as the kernel sent it, printed once the dump has ended */
struct events_list {
	struct cg_event *v;
	size_t n, cap;
};

static int events_one(struct nlmsghdr *nlh, void *arg)
{
	struct events_list *l = arg;

	l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof(*l->v));
	if (event_parse(nlh, &l->v[l->n]))
		return -1;
	l->n++;
	return 0;
}

static int events_stats(void)
{
	struct cg_event_stats st;
	int err;

	err = event_stats_get(CGSCOPE_CMD_EVENT_STATS_GET, &st);
	if (err) {
		cg_nl_perror(err, "cannot read the event counters");
		return EXIT_ERR;
	}
	open_json_object(NULL);
	print_bool(PRINT_ANY, "armed", "armed %s", st.armed);
	print_u64(PRINT_ANY, "triggered", "  triggered %llu", st.triggered);
	print_u64(PRINT_ANY, "ratelimited", "  ratelimited %llu",
		  st.ratelimited);
	print_u64(PRINT_ANY, "recorded", "  recorded %llu", st.recorded);
	print_u64(PRINT_ANY, "overrun", "  overrun %llu", st.overrun);
	print_u64(PRINT_ANY, "sent", "  sent %llu", st.sent);
	print_u64(PRINT_ANY, "missed", "  missed %llu", st.missed);
	print_uint(PRINT_ANY, "ring_size", "  ring %u", st.ring_size);
	print_uint(PRINT_ANY, "rate", "  rate %u/s", st.rate);
	print_nl();
	close_json_object();
	return EXIT_OK;
}

/* cgscope events [--stats] */
static int events_show(int argc, char **argv)
{
	struct events_list l = { 0 };
	size_t i;
	int err;

	if (argc == 1 && !strcmp(argv[0], "--stats"))
		return events_stats();
	if (argc) {
		p_err("events: unexpected argument '%s'", argv[0]);
		return EXIT_ERR;
	}
	/*
	 * All of it first: an error ends the output with the error alone,
	 * never after a part of the list (one JSON document either way).
	 */
	err = cg_nl_dump_cmd(CGSCOPE_CMD_EVENT_GET, events_one, &l);
	if (err) {
		cg_nl_perror(err, "cannot read the event ring");
		goto out_free;
	}
	open_json_array(PRINT_JSON, NULL);
	for (i = 0; i < l.n; i++)
		event_print(&l.v[i], NULL);
	close_json_array(PRINT_JSON, NULL);
out_free:
	for (i = 0; i < l.n; i++)
		event_free(&l.v[i]);
	free(l.v);
	return err ? EXIT_ERR : EXIT_OK;
}

static const struct cmd events_cmds[] = {
	{ NULL, events_show },	/* no COMMAND */
};

/**
 * do_events() - "cgscope events [--stats]"
 * @argc: argument count
 * @argv: arguments after "events"
 *
 * Return: exit status.
 */
int do_events(int argc, char **argv)
{
	return cmd_select(events_cmds, argc, argv);
}
