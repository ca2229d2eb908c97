// SPDX-License-Identifier: GPL-2.0
/*
 * cgscope roots: the cgroup hierarchies (CGSCOPE_CMD_ROOT_GET dump).
 *
 *	ID  NAME          CGROUPS  CONTROLLERS
 *	0   cgroup2 (v2)       57  cpuset cpu io memory pids
 *	1   systemd             9  -
 *	4   -                   3  cpu cpuacct
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uapi/linux/cgscope.h>

#include "main.h"
#include "nl.h"
#include "print.h"
#include "root.h"
#include "snapshot.h"

static const struct nla_policy root_policy[CGSCOPE_A_ROOT_MAX + 1] = {
	[CGSCOPE_A_ROOT_HIERARCHY_ID]	= NL_POL_U32,
	[CGSCOPE_A_ROOT_NAME]		= NL_POL_STR,
	[CGSCOPE_A_ROOT_FLAGS]		= NL_POL_U32,
	[CGSCOPE_A_ROOT_CONTROLLER]	= NL_POL_STR,
	[CGSCOPE_A_ROOT_NR_CGROUPS]	= NL_POL_U32,
	[CGSCOPE_A_ROOT_DEFAULT]	= NL_POL_FLAG,
	[CGSCOPE_A_ROOT_CGROUP_ID]	= NL_POL_U64,
};

static int root_parse(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[CGSCOPE_A_ROOT_MAX + 1];
	struct cg_roots *rs = arg;
	struct cg_root *r;
	struct nlattr *a;
	const char *s;
	int rem;

	if (cg_nl_parse(nlh, tb, CGSCOPE_A_ROOT_MAX, root_policy, "hierarchy"))
		return -1;
	if (!tb[CGSCOPE_A_ROOT_HIERARCHY_ID])
		return cg_nl_bad_reply("hierarchy", "no hierarchy id");

	rs->v = xgrow(rs->v, &rs->cap, rs->n + 1, sizeof(*rs->v));
	r = &rs->v[rs->n++];
	memset(r, 0, sizeof(*r));
	r->id = nla_get_u32(tb[CGSCOPE_A_ROOT_HIERARCHY_ID]);
	s = cg_nl_attr_str(tb[CGSCOPE_A_ROOT_NAME]);
	r->name = xstrdup(s ? s : "");
	if (tb[CGSCOPE_A_ROOT_FLAGS])
		r->flags = nla_get_u32(tb[CGSCOPE_A_ROOT_FLAGS]);
	if (tb[CGSCOPE_A_ROOT_NR_CGROUPS])
		r->nr_cgroups = nla_get_u32(tb[CGSCOPE_A_ROOT_NR_CGROUPS]);
	r->dfl = !!tb[CGSCOPE_A_ROOT_DEFAULT];
	if (tb[CGSCOPE_A_ROOT_CGROUP_ID])
		r->cgrp_id = nla_get_u64(tb[CGSCOPE_A_ROOT_CGROUP_ID]);

	nla_for_each_attr(a, cg_nl_attrs(nlh), cg_nl_attrlen(nlh), rem) {
		if (nla_type(a) != CGSCOPE_A_ROOT_CONTROLLER)
			continue;
		s = cg_nl_attr_str(a);
		if (!s)
			return cg_nl_bad_reply("hierarchy", "bad controller name");
		strlist_add(&r->ctrls, s);
	}
	return 0;
}

static int root_cmp(const void *a, const void *b)
{
	const struct cg_root *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/**
 * roots_load() - dump every hierarchy
 * @rs: filled, sorted by id; empty on entry
 *
 * Return: 0, or -1 after reporting the error (@rs is then empty).
 */
int roots_load(struct cg_roots *rs)
{
	int err;

	err = cg_nl_dump_cmd(CGSCOPE_CMD_ROOT_GET, root_parse, rs);
	if (err) {
		cg_nl_perror(err, "cannot list cgroup hierarchies");
		roots_free(rs);
		return -1;
	}
	if (rs->n)
		qsort(rs->v, rs->n, sizeof(*rs->v), root_cmp);
	return 0;
}

/**
 * roots_free() - free what roots_load() filled in
 * @rs: the hierarchies; left empty
 */
void roots_free(struct cg_roots *rs)
{
	size_t i;

	for (i = 0; i < rs->n; i++) {
		free(rs->v[i].name);
		strlist_free(&rs->v[i].ctrls);
	}
	free(rs->v);
	memset(rs, 0, sizeof(*rs));
}

/**
 * roots_find() - the hierarchy with id @id
 * @rs: the hierarchies
 * @id: hierarchy id
 *
 * Return: the hierarchy, or NULL.
 */
const struct cg_root *roots_find(const struct cg_roots *rs, __u32 id)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		if (rs->v[i].id == id)
			return &rs->v[i];
	return NULL;
}

/**
 * roots_find_name() - the hierarchy mounted with name=@name
 * @rs: the hierarchies
 * @name: the name
 *
 * Return: the hierarchy, or NULL.
 */
const struct cg_root *roots_find_name(const struct cg_roots *rs,
				      const char *name)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		if (!rs->v[i].dfl && !strcmp(rs->v[i].name, name))
			return &rs->v[i];
	return NULL;
}

/**
 * root_display_name() - a hierarchy's name for people
 * @r: the hierarchy
 *
 * Return: "cgroup2" for the default hierarchy, its name, or "-" when it
 * has none.
 */
const char *root_display_name(const struct cg_root *r)
{
	if (r->dfl)
		return "cgroup2";
	return *r->name ? r->name : "-";
}

/**
 * root_proc_label() - the middle field of /proc/PID/cgroup for @r
 * @r: the hierarchy
 *
 * Return: "" for v2, else the controllers joined by commas followed by
 * name=NAME when named, e.g. "cpu,cpuacct" or "name=systemd".  The caller
 * frees it.
 */
char *root_proc_label(const struct cg_root *r)
{
	char *ctrls, *s;

	if (r->dfl)
		return xstrdup("");
	ctrls = strlist_join(&r->ctrls, ",");
	if (!*r->name)
		return ctrls;
	s = xmalloc(strlen(ctrls) + strlen(r->name) + 7);
	sprintf(s, "%s%sname=%s", ctrls, *ctrls ? "," : "", r->name);
	free(ctrls);
	return s;
}

/**
 * roots_print() - print hierarchies: a table, or a JSON array
 * @rs: the hierarchies
 */
void roots_print(const struct cg_roots *rs)
{
	char fmt[32], idfmt[32], namefmt[32];
	int idw = 2, namew = 4;
	size_t i;

	for (i = 0; i < rs->n; i++) {
		const struct cg_root *r = &rs->v[i];
		int len;

		len = snprintf(NULL, 0, "%u", r->id);
		if (len > idw)
			idw = len;
		len = (int)strlen(root_display_name(r)) + (r->dfl ? 5 : 0);
		if (len > namew)
			namew = len;
	}
	snprintf(idfmt, sizeof(idfmt), "%%-%du  ", idw);
	snprintf(namefmt, sizeof(namefmt), "%%-%ds  ", namew);
	snprintf(fmt, sizeof(fmt), "%%-%ds  ", idw);
	print_string(PRINT_FP, NULL, fmt, "ID");
	print_string(PRINT_FP, NULL, namefmt, "NAME");
	print_string(PRINT_FP, NULL, "%7s  ", "CGROUPS");
	print_string(PRINT_FP, NULL, "%s\n", "CONTROLLERS");

	open_json_array(PRINT_JSON, NULL);
	for (i = 0; i < rs->n; i++) {
		const struct cg_root *r = &rs->v[i];
		char name[300];

		open_json_object(NULL);
		print_uint(PRINT_ANY, "hierarchy_id", idfmt, r->id);
		print_string(PRINT_JSON, "name", NULL, r->name);
		snprintf(name, sizeof(name), "%s%s", root_display_name(r),
			 r->dfl ? " (v2)" : "");
		print_string(PRINT_FP, NULL, namefmt, name);
		print_strv(PRINT_JSON, "controllers", r->ctrls.v, r->ctrls.n,
			   NULL, NULL);
		print_uint(PRINT_ANY, "nr_cgroups", "%7u  ", r->nr_cgroups);
		print_strv(PRINT_FP, NULL, r->ctrls.v, r->ctrls.n, " ", "-");
		print_bool(PRINT_JSON, "default", NULL, r->dfl);
		print_uint(PRINT_JSON, "flags", NULL, r->flags);
		print_u64(PRINT_JSON, "root_cgroup_id", NULL, r->cgrp_id);
		close_json_object();
		print_nl();
	}
	close_json_array(PRINT_JSON, NULL);
}

/* cgscope roots */
static int roots_show(int argc, char **argv)
{
	struct cg_roots rs = { 0 };

	if (check_no_args("roots", argc, argv))
		return EXIT_ERR;
	if (roots_load(&rs))
		return EXIT_ERR;
	roots_print(&rs);
	roots_free(&rs);
	return EXIT_OK;
}

static const struct cmd roots_cmds[] = {
	{ NULL, roots_show },	/* no COMMAND */
};

/**
 * do_roots() - "cgscope roots"
 * @argc: argument count
 * @argv: arguments after "roots"
 *
 * Return: exit status.
 */
int do_roots(int argc, char **argv)
{
	return cmd_select(roots_cmds, argc, argv);
}
