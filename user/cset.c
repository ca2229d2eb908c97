// SPDX-License-Identifier: GPL-2.0
/*
 * cgscope csets: every css_set with its cgroups, its css per controller and
 * its tasks (CGSCOPE_CMD_CSET_GET dump).
 *
 * The kernel lists a bounded number of pids per css_set.  When it had to
 * cut a list short, the tasks of every css_set are taken from a task dump
 * instead, so the tasks shown are always complete.
 *
 *	ID                REFS  TASKS  FLAGS  CGROUPS
 *	5d3c0e4a1f2b9c77     3      1  -      h0:/system.slice/ssh.service h3:/
 *	    tasks: 812
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uapi/linux/cgscope.h>

#include "main.h"
#include "nl.h"
#include "print.h"
#include "snapshot.h"
#include "task.h"

#define CSET_TASKS_SHOWN	10

struct cset_link {
	__u32 hier;
	__u64 cgrp_id;
	char *path;
};

struct cset_subsys {
	char *ctrl;
	__u32 hier;
	__u64 cgrp_id;
	__u32 css_id;
};

struct cg_cset {
	__u64 id;
	__u32 refcount;
	__u32 nr_tasks;
	bool dead;
	bool init;
	bool truncated;
	bool has_dom;
	__u64 dom_id;
	struct cset_link *links;
	size_t nr_links, cap_links;
	struct cset_subsys *subsys;
	size_t nr_subsys, cap_subsys;
	__u32 *pids;
	size_t nr_pids, cap_pids;
};

struct cg_csets {
	struct cg_cset *v;
	size_t n, cap;
};

static const struct nla_policy cset_policy[CGSCOPE_A_CSET_MAX + 1] = {
	[CGSCOPE_A_CSET_ID]		= NL_POL_U64,
	[CGSCOPE_A_CSET_REFCOUNT]	= NL_POL_U32,
	[CGSCOPE_A_CSET_NR_TASKS]	= NL_POL_U32,
	[CGSCOPE_A_CSET_DEAD]		= NL_POL_FLAG,
	[CGSCOPE_A_CSET_INIT]		= NL_POL_FLAG,
	[CGSCOPE_A_CSET_DOM_CSET_ID]	= NL_POL_U64,
	[CGSCOPE_A_CSET_LINK]		= NL_POL_NEST,
	[CGSCOPE_A_CSET_SUBSYS]		= NL_POL_NEST,
	[CGSCOPE_A_CSET_TASK]		= NL_POL_U32,
	[CGSCOPE_A_CSET_TASKS_TRUNCATED] = NL_POL_FLAG,
};

static const struct nla_policy link_policy[CGSCOPE_A_LINK_MAX + 1] = {
	[CGSCOPE_A_LINK_HIERARCHY_ID]	= NL_POL_U32,
	[CGSCOPE_A_LINK_CGROUP_ID]	= NL_POL_U64,
	[CGSCOPE_A_LINK_PATH]		= NL_POL_STR,
};

static const struct nla_policy subsys_policy[CGSCOPE_A_SUBSYS_MAX + 1] = {
	[CGSCOPE_A_SUBSYS_CONTROLLER]	= NL_POL_STR,
	[CGSCOPE_A_SUBSYS_HIERARCHY_ID]	= NL_POL_U32,
	[CGSCOPE_A_SUBSYS_CGROUP_ID]	= NL_POL_U64,
	[CGSCOPE_A_SUBSYS_CSS_ID]	= NL_POL_U32,
};

static int cset_parse_link(struct cg_cset *cs, struct nlattr *nest)
{
	struct nlattr *tb[CGSCOPE_A_LINK_MAX + 1];
	struct cset_link *l;
	const char *s;

	if (cg_nl_parse_nested(nest, tb, CGSCOPE_A_LINK_MAX, link_policy,
			       "css_set"))
		return -1;
	if (!tb[CGSCOPE_A_LINK_HIERARCHY_ID] || !tb[CGSCOPE_A_LINK_CGROUP_ID])
		return cg_nl_bad_reply("css_set", "cgroup link without ids");
	cs->links = xgrow(cs->links, &cs->cap_links, cs->nr_links + 1,
			  sizeof(*cs->links));
	l = &cs->links[cs->nr_links++];
	l->hier = nla_get_u32(tb[CGSCOPE_A_LINK_HIERARCHY_ID]);
	l->cgrp_id = nla_get_u64(tb[CGSCOPE_A_LINK_CGROUP_ID]);
	s = cg_nl_attr_str(tb[CGSCOPE_A_LINK_PATH]);
	l->path = s ? xstrdup(s) : NULL;
	return 0;
}

static int cset_parse_subsys(struct cg_cset *cs, struct nlattr *nest)
{
	struct nlattr *tb[CGSCOPE_A_SUBSYS_MAX + 1];
	struct cset_subsys *ss;
	const char *s;

	if (cg_nl_parse_nested(nest, tb, CGSCOPE_A_SUBSYS_MAX, subsys_policy,
			       "css_set"))
		return -1;
	s = cg_nl_attr_str(tb[CGSCOPE_A_SUBSYS_CONTROLLER]);
	if (!s)
		return cg_nl_bad_reply("css_set", "subsys without a controller");
	cs->subsys = xgrow(cs->subsys, &cs->cap_subsys, cs->nr_subsys + 1,
			   sizeof(*cs->subsys));
	ss = &cs->subsys[cs->nr_subsys++];
	memset(ss, 0, sizeof(*ss));
	ss->ctrl = xstrdup(s);
	if (tb[CGSCOPE_A_SUBSYS_HIERARCHY_ID])
		ss->hier = nla_get_u32(tb[CGSCOPE_A_SUBSYS_HIERARCHY_ID]);
	if (tb[CGSCOPE_A_SUBSYS_CGROUP_ID])
		ss->cgrp_id = nla_get_u64(tb[CGSCOPE_A_SUBSYS_CGROUP_ID]);
	if (tb[CGSCOPE_A_SUBSYS_CSS_ID])
		ss->css_id = nla_get_u32(tb[CGSCOPE_A_SUBSYS_CSS_ID]);
	return 0;
}

static void cset_add_pid(struct cg_cset *cs, __u32 pid)
{
	cs->pids = xgrow(cs->pids, &cs->cap_pids, cs->nr_pids + 1,
			 sizeof(*cs->pids));
	cs->pids[cs->nr_pids++] = pid;
}

static int cset_parse(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[CGSCOPE_A_CSET_MAX + 1];
	struct cg_csets *csets = arg;
	struct cg_cset *cs;
	struct nlattr *a;
	__u32 pid;
	int rem;

	if (cg_nl_parse(nlh, tb, CGSCOPE_A_CSET_MAX, cset_policy, "css_set"))
		return -1;
	if (!tb[CGSCOPE_A_CSET_ID])
		return cg_nl_bad_reply("css_set", "no id");

	csets->v = xgrow(csets->v, &csets->cap, csets->n + 1,
			 sizeof(*csets->v));
	cs = &csets->v[csets->n++];
	memset(cs, 0, sizeof(*cs));
	cs->id = nla_get_u64(tb[CGSCOPE_A_CSET_ID]);
	if (tb[CGSCOPE_A_CSET_REFCOUNT])
		cs->refcount = nla_get_u32(tb[CGSCOPE_A_CSET_REFCOUNT]);
	if (tb[CGSCOPE_A_CSET_NR_TASKS])
		cs->nr_tasks = nla_get_u32(tb[CGSCOPE_A_CSET_NR_TASKS]);
	cs->dead = !!tb[CGSCOPE_A_CSET_DEAD];
	cs->init = !!tb[CGSCOPE_A_CSET_INIT];
	cs->truncated = !!tb[CGSCOPE_A_CSET_TASKS_TRUNCATED];
	if (tb[CGSCOPE_A_CSET_DOM_CSET_ID]) {
		cs->has_dom = true;
		cs->dom_id = nla_get_u64(tb[CGSCOPE_A_CSET_DOM_CSET_ID]);
	}

	nla_for_each_attr(a, cg_nl_attrs(nlh), cg_nl_attrlen(nlh), rem) {
		switch (nla_type(a)) {
		case CGSCOPE_A_CSET_LINK:
			if (cset_parse_link(cs, a))
				return -1;
			break;
		case CGSCOPE_A_CSET_SUBSYS:
			if (cset_parse_subsys(cs, a))
				return -1;
			break;
		case CGSCOPE_A_CSET_TASK:
			if (!cg_nl_attr_u32(a, &pid))
				return cg_nl_bad_reply("css_set", "bad pid");
			cset_add_pid(cs, pid);
			break;
		}
	}
	return 0;
}

static void csets_free(struct cg_csets *csets)
{
	size_t i, j;

	for (i = 0; i < csets->n; i++) {
		struct cg_cset *cs = &csets->v[i];

		for (j = 0; j < cs->nr_links; j++)
			free(cs->links[j].path);
		for (j = 0; j < cs->nr_subsys; j++)
			free(cs->subsys[j].ctrl);
		free(cs->links);
		free(cs->subsys);
		free(cs->pids);
	}
	free(csets->v);
	memset(csets, 0, sizeof(*csets));
}

static int u32_cmp(const void *a, const void *b)
{
	__u32 x = *(const __u32 *)a, y = *(const __u32 *)b;

	return x < y ? -1 : x > y;
}

struct cset_pid {
	__u64 cset_id;
	__u32 pid;
};

static int cset_pid_cmp(const void *a, const void *b)
{
	const struct cset_pid *x = a, *y = b;

	if (x->cset_id != y->cset_id)
		return x->cset_id < y->cset_id ? -1 : 1;
	return x->pid < y->pid ? -1 : x->pid > y->pid;
}

/*
 * Replace the pid list of every css_set with the tasks of a task dump whose
 * css_set id matches.
 */
static int csets_fill_tasks(struct cg_csets *csets)
{
	struct cg_tasks ts = { 0 };
	struct cset_pid *map;
	size_t i, n = 0;

	if (tasks_load(&ts))
		return -1;
	map = xcalloc(ts.n, sizeof(*map));
	for (i = 0; i < ts.n; i++) {
		if (!ts.v[i].has_cset)
			continue;
		map[n].cset_id = ts.v[i].cset_id;
		map[n].pid = ts.v[i].pid;
		n++;
	}
	tasks_free(&ts);
	if (n)
		qsort(map, n, sizeof(*map), cset_pid_cmp);

	for (i = 0; i < csets->n; i++) {
		struct cg_cset *cs = &csets->v[i];
		size_t lo = 0, hi = n;

		cs->nr_pids = 0;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (map[mid].cset_id < cs->id)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < n && map[lo].cset_id == cs->id; lo++)
			cset_add_pid(cs, map[lo].pid);
	}
	free(map);
	return 0;
}

/* "init", "dead", "threaded" joined by commas, or "-". */
static const char *cset_flags(const struct cg_cset *cs, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s", cs->init ? "init," : "",
		 cs->dead ? "dead," : "",
		 cs->has_dom && cs->dom_id != cs->id ? "threaded," : "");
	if (!*buf)
		return "-";
	buf[strlen(buf) - 1] = '\0';
	return buf;
}

/* One css_set: a line (and one for its tasks), or an object */
static void cset_print(const struct cg_cset *cs, const char *flagfmt)
{
	char flags[32];
	size_t i;

	open_json_object(NULL);
	print_u64(PRINT_ANY, "id", "%016llx", cs->id);
	print_uint(PRINT_ANY, "refcount", "  %4u", cs->refcount);
	print_uint(PRINT_ANY, "nr_tasks", "  %5u  ", cs->nr_tasks);
	print_string(PRINT_FP, NULL, flagfmt,
		     cset_flags(cs, flags, sizeof(flags)));
	print_bool(PRINT_JSON, "dead", NULL, cs->dead);
	print_bool(PRINT_JSON, "init", NULL, cs->init);
	print_u64_or_null("dom_cset_id", cs->has_dom, cs->dom_id);

	open_json_array(PRINT_JSON, "cgroups");
	for (i = 0; i < cs->nr_links; i++) {
		const struct cset_link *l = &cs->links[i];

		open_json_object(NULL);
		print_uint(PRINT_ANY, "hierarchy_id", i ? " h%u" : "h%u",
			   l->hier);
		print_u64(PRINT_JSON, "cgroup_id", NULL, l->cgrp_id);
		print_string(PRINT_ANY, "path", ":%s", l->path);
		close_json_object();
	}
	close_json_array(PRINT_JSON, NULL);
	if (!cs->nr_links)
		print_string(PRINT_FP, NULL, "%s", "-");
	print_nl();

	open_json_array(PRINT_JSON, "subsys");
	for (i = 0; i < cs->nr_subsys; i++) {
		const struct cset_subsys *ss = &cs->subsys[i];

		open_json_object(NULL);
		print_string(PRINT_JSON, "controller", NULL, ss->ctrl);
		print_uint(PRINT_JSON, "hierarchy_id", NULL, ss->hier);
		print_u64(PRINT_JSON, "cgroup_id", NULL, ss->cgrp_id);
		print_uint(PRINT_JSON, "css_id", NULL, ss->css_id);
		close_json_object();
	}
	close_json_array(PRINT_JSON, NULL);

	open_json_array(PRINT_JSON, "tasks");
	if (cs->nr_pids)
		print_string(PRINT_FP, NULL, "%s", "    tasks:");
	for (i = 0; i < cs->nr_pids; i++)
		print_uint(i < CSET_TASKS_SHOWN ? PRINT_ANY : PRINT_JSON, NULL,
			   " %u", cs->pids[i]);
	if (cs->nr_pids > CSET_TASKS_SHOWN)
		print_u64(PRINT_FP, NULL, " ... (%llu more)",
			  cs->nr_pids - CSET_TASKS_SHOWN);
	close_json_array(PRINT_JSON, NULL);
	if (cs->nr_pids)
		print_nl();
	close_json_object();
}

/**
 * csets_load_all() - every css_set, with every task of each
 *
 * Return: the css_sets, or NULL after reporting an error.
 */
struct cg_csets *csets_load_all(void)
{
	struct cg_csets *csets = xcalloc(1, sizeof(*csets));
	bool truncated = false;
	size_t i;
	int err;

	err = cg_nl_dump_cmd(CGSCOPE_CMD_CSET_GET, cset_parse, csets);
	if (err) {
		cg_nl_perror(err, "cannot list css_sets");
		goto err_free;
	}
	for (i = 0; i < csets->n; i++)
		truncated |= csets->v[i].truncated;
	if (truncated && csets_fill_tasks(csets))
		goto err_free;
	for (i = 0; i < csets->n; i++) {
		struct cg_cset *cs = &csets->v[i];

		if (cs->nr_pids)
			qsort(cs->pids, cs->nr_pids, sizeof(*cs->pids),
			      u32_cmp);
	}
	return csets;

err_free:
	csets_destroy(csets);
	return NULL;
}

/**
 * csets_print_all() - print css_sets: a table, or a JSON array
 * @csets: the css_sets
 */
void csets_print_all(struct cg_csets *csets)
{
	char flags[32], flagfmt[16];
	int flagw = 5;
	size_t i;

	for (i = 0; i < csets->n; i++) {
		int len = (int)strlen(cset_flags(&csets->v[i], flags,
						 sizeof(flags)));

		if (len > flagw)
			flagw = len;
	}
	snprintf(flagfmt, sizeof(flagfmt), "%%-%ds  ", flagw);
	print_string(PRINT_FP, NULL, "%-16s", "ID");
	print_string(PRINT_FP, NULL, "  %4s", "REFS");
	print_string(PRINT_FP, NULL, "  %5s  ", "TASKS");
	print_string(PRINT_FP, NULL, flagfmt, "FLAGS");
	print_string(PRINT_FP, NULL, "%s\n", "CGROUPS");
	open_json_array(PRINT_JSON, NULL);
	for (i = 0; i < csets->n; i++)
		cset_print(&csets->v[i], flagfmt);
	close_json_array(PRINT_JSON, NULL);
}

/**
 * csets_destroy() - free what csets_load_all() returned
 * @csets: the css_sets, or NULL
 */
void csets_destroy(struct cg_csets *csets)
{
	if (!csets)
		return;
	csets_free(csets);
	free(csets);
}

/* cgscope csets */
static int csets_show(int argc, char **argv)
{
	struct cg_csets *csets;

	if (check_no_args("csets", argc, argv))
		return EXIT_ERR;
	csets = csets_load_all();
	if (!csets)
		return EXIT_ERR;
	csets_print_all(csets);
	csets_destroy(csets);
	return EXIT_OK;
}

static const struct cmd csets_cmds[] = {
	{ NULL, csets_show },	/* no COMMAND */
};

/**
 * do_csets() - "cgscope csets"
 * @argc: argument count
 * @argv: arguments after "csets"
 *
 * Return: exit status.
 */
int do_csets(int argc, char **argv)
{
	return cmd_select(csets_cmds, argc, argv);
}
