// SPDX-License-Identifier: GPL-2.0
/*
 * cgscope watch: device denials and device rule changes as they happen,
 * one line (or, with -j, one JSON object) per event, until Ctrl-C.
 *
 * Every event the kernel saw has a sequence number, so a gap is a number
 * of events lost (the module's rate limit, its ring, or our socket
 * overflowing): they are reported as they are noticed, and once more at
 * the end against the module's count.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <uapi/linux/cgscope.h>

#include "event_msg.h"
#include "main.h"
#include "nl.h"
#include "print.h"
#include "target.h"
#include "watch_rules.h"

struct watch {
	bool denials;		/* show denials */
	bool changes;		/* show rule changes */
	struct cg_target only;	/* the task and the cgroup to show */
	__u64 last_seq;		/* the last sequence number seen */
	__u64 received;
	__u64 lost;
	__u64 shown;
	bool goodbye;
	bool overrun;
	struct watch_rules *rules;	/* the policies seen, per cgroup */
};

static volatile sig_atomic_t watch_stop;

static void watch_on_signal(int sig __unused)
{
	watch_stop = 1;
}

static bool watch_wants(const struct watch *w, const struct cg_event *ev)
{
	if (ev->type == CGSCOPE_EVENT_DENIAL ? !w->denials : !w->changes)
		return false;
	if (w->only.has_pid && ev->pid != w->only.pid &&
	    ev->tgid != w->only.pid)
		return false;
	if (w->only.path) {
		const struct cg_path *cg = &w->only.where;
		bool v1 = ev->has_cgroup && ev->hier == cg->hier &&
			  ev->cgrp_id == cg->cgrp_id;
		bool v2 = !cg->hier && ev->has_v2 && ev->v2_id == cg->cgrp_id;

		if (!v1 && !v2)
			return false;
	}
	return true;
}

static void watch_report_lost(struct watch *w, __u64 n, __u64 after)
{
	w->lost += n;
	open_json_object(NULL);
	print_string(PRINT_JSON, "type", NULL, "lost");
	print_u64(PRINT_ANY, "count", "# lost %llu", n);
	print_string(PRINT_FP, NULL, " event%s", n == 1 ? "" : "s");
	print_u64(PRINT_ANY, "after_seq", " after #%llu", after);
	print_string(PRINT_FP, NULL, "%s",
		     " (rate limit, ring or socket overrun)");
	close_json_object();
	print_nl();
	delete_json_obj();	/* one JSON object per line */
	fflush(stdout);
}

static int watch_event(struct nlmsghdr *nlh, void *arg)
{
	struct watch *w = arg;
	struct cg_event ev;

	if (event_parse(nlh, &ev))
		return -1;
	if (ev.type == CGSCOPE_EVENT_GOODBYE) {
		w->goodbye = true;
		event_free(&ev);
		return 0;
	}
	if (ev.seq > w->last_seq + 1)
		watch_report_lost(w, ev.seq - w->last_seq - 1, w->last_seq);
	if (ev.seq > w->last_seq)
		w->last_seq = ev.seq;
	w->received++;
	if (watch_wants(w, &ev)) {
		struct cg_event_rules rules;
		bool prog = ev.type == CGSCOPE_EVENT_PROG && ev.has_error &&
			    !ev.error;

		if (prog)
			watch_rules_event(w->rules, &ev, &rules);
		event_print(&ev, prog ? &rules : NULL);
		if (prog)
			watch_rules_event_free(&rules);
		delete_json_obj();	/* one JSON object per line */
		fflush(stdout);
		w->shown++;
	}
	event_free(&ev);
	return 0;
}

/* Everything that has arrived.  Return: 0, or -1 after reporting. */
static int watch_drain(struct watch *w)
{
	for (;;) {
		int err = cg_nl_events_recv(watch_event, w);

		if (err == -EAGAIN || err == -EWOULDBLOCK)
			return 0;
		if (err == -ENOBUFS) {
			w->overrun = true;
			continue;
		}
		if (err == -EINTR)
			continue;
		if (err == -1)
			return -1;
		if (err) {
			p_err("watch: reading events: %s", strerror(-err));
			return -1;
		}
	}
}

static int watch_parse_args(int argc, char **argv, struct watch *w)
{
	int i, ret;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		ret = target_option("watch",
				    TARGET_PID | TARGET_CGROUP | TARGET_BOTH,
				    argc, argv, &i, &w->only);
		if (ret < 0)
			return -1;
		if (ret)
			continue;
		if (!strcmp(a, "--denials")) {
			w->denials = true;
			continue;
		}
		if (!strcmp(a, "--changes")) {
			w->changes = true;
			continue;
		}
		if (a[0] == '-')
			p_err("watch: unknown option '%s'", a);
		else
			p_err("watch: unexpected argument '%s'", a);
		return -1;
	}
	if (!w->denials && !w->changes) {
		w->denials = true;
		w->changes = true;
	}
	return target_resolve(&w->only);
}

static int watch_finish(struct watch *w)
{
	struct cg_event_stats st;

	/* what the module counted after the last event we saw */
	if (!w->goodbye && !event_stats_get(CGSCOPE_CMD_EVENT_STATS_GET, &st) &&
	    st.triggered > w->last_seq)
		watch_report_lost(w, st.triggered - w->last_seq, w->last_seq);
	p_info("cgscope watch: %llu event%s received, %llu shown, %llu lost%s",
	       (unsigned long long)w->received, w->received == 1 ? "" : "s",
	       (unsigned long long)w->shown, (unsigned long long)w->lost,
	       w->overrun ? " (our socket overflowed)" : "");
	return EXIT_OK;
}

/* cgscope watch [OPTIONS] */
static int watch_run(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = watch_on_signal };
	struct watch w = { 0 };
	struct cg_event_stats st;
	struct pollfd pfd;
	int fd, err;

	if (watch_parse_args(argc, argv, &w))
		return EXIT_ERR;
	fd = cg_nl_events_open();
	if (fd < 0)
		return EXIT_ERR;
	w.rules = watch_rules_new();
	err = event_stats_get(CGSCOPE_CMD_EVENT_ARM, &st);
	if (err) {
		cg_nl_perror(err, "cannot arm the event probes");
		goto err_close;
	}
	w.last_seq = st.triggered;

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	p_info("cgscope watch: watching device events from #%llu; Ctrl-C to stop",
	       (unsigned long long)st.triggered + 1);

	pfd.fd = fd;
	pfd.events = POLLIN;
	while (!watch_stop && !w.goodbye) {
		int n = poll(&pfd, 1, 1000);

		if (n < 0 && errno != EINTR) {
			p_err("watch: poll: %s", strerror(errno));
			goto err_close;
		}
		if (n > 0 && watch_drain(&w))
			goto err_close;
		/* a goodbye can be lost with an overflowing socket */
		if (n == 0 && access("/sys/module/cgscope", F_OK))
			w.goodbye = true;
	}
	if (w.goodbye) {
		p_err("the cgscope module was unloaded: no more events");
		goto err_close;
	}
	if (watch_drain(&w))
		goto err_close;
	watch_finish(&w);
	cg_nl_events_close();
	watch_rules_free(w.rules);
	return EXIT_OK;

err_close:
	cg_nl_events_close();
	watch_rules_free(w.rules);
	return EXIT_ERR;
}

static const struct cmd watch_cmds[] = {
	{ NULL, watch_run },	/* no COMMAND */
};

/**
 * do_watch() - "cgscope watch [--denials] [--changes] [--pid PID]
 *	[--cgroup PATH]"
 * @argc: argument count
 * @argv: arguments after "watch"
 *
 * Return: exit status: 0 after Ctrl-C, 2 on errors or when the module
 * goes away.
 */
int do_watch(int argc, char **argv)
{
	return cmd_select(watch_cmds, argc, argv);
}
