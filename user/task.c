// SPDX-License-Identifier: GPL-2.0
/*
 * cgscope task: a task's css_set and its cgroup on every hierarchy, like
 * /proc/PID/cgroup but with ids and both the full and the cgroupns path.
 *
 *	pid 812 (sshd) tgid 812 css_set 0x5d3c0e4a1f2b9c77
 *	  0::/system.slice/ssh.service   ns: /system.slice/ssh.service   id 2231
 *	  3:devices:/system.slice   ns: /system.slice   id 25
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uapi/linux/cgscope.h>

#include "main.h"
#include "nl.h"
#include "print.h"
#include "root.h"
#include "task.h"

static const struct nla_policy task_policy[CGSCOPE_A_TASK_MAX + 1] = {
	[CGSCOPE_A_TASK_PID]		= NL_POL_U32,
	[CGSCOPE_A_TASK_TGID]		= NL_POL_U32,
	[CGSCOPE_A_TASK_COMM]		= NL_POL_STR,
	[CGSCOPE_A_TASK_CSET_ID]	= NL_POL_U64,
	[CGSCOPE_A_TASK_CGROUP]		= NL_POL_NEST,
};

static const struct nla_policy
task_cgroup_policy[CGSCOPE_A_TASK_CGROUP_MAX + 1] = {
	[CGSCOPE_A_TASK_CGROUP_HIERARCHY_ID]	= NL_POL_U32,
	[CGSCOPE_A_TASK_CGROUP_ID]		= NL_POL_U64,
	[CGSCOPE_A_TASK_CGROUP_PATH]		= NL_POL_STR,
	[CGSCOPE_A_TASK_CGROUP_NS_PATH]		= NL_POL_STR,
};

static int task_parse_cgroup(struct cg_task *t, struct nlattr *nest)
{
	struct nlattr *tb[CGSCOPE_A_TASK_CGROUP_MAX + 1];
	struct task_cgroup *c;
	const char *s;

	if (cg_nl_parse_nested(nest, tb, CGSCOPE_A_TASK_CGROUP_MAX,
			       task_cgroup_policy, "task"))
		return -1;
	if (!tb[CGSCOPE_A_TASK_CGROUP_HIERARCHY_ID] ||
	    !tb[CGSCOPE_A_TASK_CGROUP_ID])
		return cg_nl_bad_reply("task", "cgroup of pid %u without ids",
				    t->pid);
	t->cgroups = xgrow(t->cgroups, &t->cap_cgroups, t->nr_cgroups + 1,
			   sizeof(*t->cgroups));
	c = &t->cgroups[t->nr_cgroups++];
	c->hier = nla_get_u32(tb[CGSCOPE_A_TASK_CGROUP_HIERARCHY_ID]);
	c->cgrp_id = nla_get_u64(tb[CGSCOPE_A_TASK_CGROUP_ID]);
	s = cg_nl_attr_str(tb[CGSCOPE_A_TASK_CGROUP_PATH]);
	c->path = s ? xstrdup(s) : NULL;
	s = cg_nl_attr_str(tb[CGSCOPE_A_TASK_CGROUP_NS_PATH]);
	c->ns_path = s ? xstrdup(s) : NULL;
	return 0;
}

static int task_parse(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[CGSCOPE_A_TASK_MAX + 1];
	struct cg_tasks *ts = arg;
	struct cg_task *t;
	struct nlattr *a;
	const char *s;
	int rem;

	if (cg_nl_parse(nlh, tb, CGSCOPE_A_TASK_MAX, task_policy, "task"))
		return -1;
	if (!tb[CGSCOPE_A_TASK_PID])
		return cg_nl_bad_reply("task", "no pid");

	ts->v = xgrow(ts->v, &ts->cap, ts->n + 1, sizeof(*ts->v));
	t = &ts->v[ts->n++];
	memset(t, 0, sizeof(*t));
	t->pid = nla_get_u32(tb[CGSCOPE_A_TASK_PID]);
	if (tb[CGSCOPE_A_TASK_TGID])
		t->tgid = nla_get_u32(tb[CGSCOPE_A_TASK_TGID]);
	s = cg_nl_attr_str(tb[CGSCOPE_A_TASK_COMM]);
	t->comm = s ? xstrdup(s) : NULL;
	if (tb[CGSCOPE_A_TASK_CSET_ID]) {
		t->has_cset = true;
		t->cset_id = nla_get_u64(tb[CGSCOPE_A_TASK_CSET_ID]);
	}
	nla_for_each_attr(a, cg_nl_attrs(nlh), cg_nl_attrlen(nlh), rem) {
		if (nla_type(a) == CGSCOPE_A_TASK_CGROUP &&
		    task_parse_cgroup(t, a))
			return -1;
	}
	return 0;
}

/**
 * tasks_free() - free a task list
 * @ts: the list; left empty
 */
void tasks_free(struct cg_tasks *ts)
{
	size_t i, j;

	for (i = 0; i < ts->n; i++) {
		struct cg_task *t = &ts->v[i];

		for (j = 0; j < t->nr_cgroups; j++) {
			free(t->cgroups[j].path);
			free(t->cgroups[j].ns_path);
		}
		free(t->cgroups);
		free(t->comm);
	}
	free(ts->v);
	memset(ts, 0, sizeof(*ts));
}

/**
 * tasks_load() - dump every task
 * @ts: filled in the kernel's order; empty on entry
 *
 * Return: 0, or -1 after reporting the error (@ts is then empty).
 */
int tasks_load(struct cg_tasks *ts)
{
	int err;

	err = cg_nl_dump_cmd(CGSCOPE_CMD_TASK_GET, task_parse, ts);
	if (err) {
		cg_nl_perror(err, "cannot list tasks");
		tasks_free(ts);
		return -1;
	}
	return 0;
}

static void task_print(const struct cg_task *t, const struct cg_roots *rs)
{
	size_t i;

	open_json_object(NULL);
	print_uint(PRINT_ANY, "pid", "pid %u", t->pid);
	print_uint(PRINT_JSON, "tgid", NULL, t->tgid);
	print_string(PRINT_ANY, "comm", " (%s)", t->comm);
	print_uint(PRINT_FP, NULL, " tgid %u", t->tgid);
	if (t->has_cset)
		print_u64(PRINT_ANY, "cset_id", " css_set 0x%016llx",
			  t->cset_id);
	else
		print_null(PRINT_ANY, "cset_id", " css_set -");
	print_nl();

	open_json_array(PRINT_JSON, "cgroups");
	for (i = 0; i < t->nr_cgroups; i++) {
		const struct task_cgroup *c = &t->cgroups[i];
		const struct cg_root *r = roots_find(rs, c->hier);
		char *label = r ? root_proc_label(r) : xstrdup("?");

		open_json_object(NULL);
		print_uint(PRINT_ANY, "hierarchy_id", "  %u", c->hier);
		print_string(PRINT_FP, NULL, ":%s", label);
		free(label);
		print_u64(PRINT_JSON, "cgroup_id", NULL, c->cgrp_id);
		print_string(PRINT_ANY, "path", ":%s", c->path);
		print_string(PRINT_ANY, "ns_path", "   ns: %s", c->ns_path);
		print_u64(PRINT_FP, NULL, "   id %llu", c->cgrp_id);
		close_json_object();
		print_nl();
	}
	close_json_array(PRINT_JSON, NULL);
	close_json_object();
}

static int task_list(int argc, char **argv);

/* cgscope task [PID] */
static int task_show(int argc, char **argv)
{
	struct cg_roots rs = { 0 };
	struct cg_tasks ts = { 0 };
	struct nl_msg *req;
	__u32 pid;
	int err;

	if (!argc)
		return task_list(argc, argv);
	if (check_no_args("task", argc - 1, argv + 1))
		return EXIT_ERR;
	if (parse_u32(argv[0], "PID", &pid))
		return EXIT_ERR;
	req = cg_nl_req_new(CGSCOPE_CMD_TASK_GET, false);
	if (!req || cg_nl_req_put_u32(req, CGSCOPE_A_TASK_PID, pid)) {
		nlmsg_free(req);
		return EXIT_ERR;
	}
	err = cg_nl_do(req, task_parse, &ts);
	if (err == -ENOENT || err == -ESRCH) {
		const char *ext = cg_nl_extack();

		if (ext)
			p_err("no such task: %u (kernel: %s)", pid, ext);
		else
			p_err("no such task: %u", pid);
		goto err_free;
	}
	if (err) {
		cg_nl_perror(err, "cannot get the task");
		goto err_free;
	}
	if (ts.n != 1) {
		p_err("the kernel answered with %zu tasks for pid %u", ts.n,
		      pid);
		goto err_free;
	}
	/* Labels like /proc/PID/cgroup need the hierarchies' controllers. */
	if (!json && roots_load(&rs))
		goto err_free;
	task_print(&ts.v[0], &rs);
	roots_free(&rs);
	tasks_free(&ts);
	return EXIT_OK;

err_free:
	tasks_free(&ts);
	return EXIT_ERR;
}

/* cgscope task list */
static int task_list(int argc, char **argv)
{
	struct cg_roots rs = { 0 };
	struct cg_tasks ts = { 0 };
	size_t i;

	if (check_no_args("task", argc, argv))
		return EXIT_ERR;
	if (tasks_load(&ts))
		return EXIT_ERR;
	if (!json && roots_load(&rs)) {
		tasks_free(&ts);
		return EXIT_ERR;
	}
	open_json_array(PRINT_JSON, NULL);
	for (i = 0; i < ts.n; i++)
		task_print(&ts.v[i], &rs);
	close_json_array(PRINT_JSON, NULL);
	roots_free(&rs);
	tasks_free(&ts);
	return EXIT_OK;
}

static const struct cmd task_cmds[] = {
	{ "list",	task_list },
	{ NULL,		task_show },	/* PID; none: every task */
};

/**
 * do_task() - "cgscope task [PID | list]"
 * @argc: argument count
 * @argv: arguments after "task"
 *
 * Return: exit status.
 */
int do_task(int argc, char **argv)
{
	return cmd_select(task_cmds, argc, argv);
}
