// SPDX-License-Identifier: GPL-2.0
/*
 * cgscope dying: every css that is killed or offline but not yet released,
 * and every removed cgroup not yet released (CGSCOPE_CMD_DYING_GET dump):
 * what cgroup.stat only counts.
 *
 *	CONTROLLER  CSS  HIER  CGROUP  CHARGED    REFS  STATE    PATH
 *	memory       45     0     123  1.2 MiB      12  removed  /test/a
 *	cgroup        -     0     123  -             1  removed  /test/a
 *
 * CHARGED is what the memory controller still has charged to the css (what
 * keeps it), REFS the references left once its refcount is in atomic mode.
 * STATE: "removed" (its cgroup was removed), "disabled" (the cgroup lives,
 * its controller was taken away), "+online" while it is being killed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uapi/linux/cgscope.h>

#include "main.h"
#include "memcg_files.h"
#include "nl.h"
#include "print.h"
#include "snapshot.h"

static const struct nla_policy dying_policy[CGSCOPE_A_DYING_MAX + 1] = {
	[CGSCOPE_A_DYING_CONTROLLER]	= NL_POL_STR,
	[CGSCOPE_A_DYING_CSS_ID]	= NL_POL_U32,
	[CGSCOPE_A_DYING_HIERARCHY_ID]	= NL_POL_U32,
	[CGSCOPE_A_DYING_CGROUP_ID]	= NL_POL_U64,
	[CGSCOPE_A_DYING_PATH]		= NL_POL_STR,
	[CGSCOPE_A_DYING_CGROUP_DYING]	= NL_POL_FLAG,
	[CGSCOPE_A_DYING_ONLINE]	= NL_POL_FLAG,
	[CGSCOPE_A_DYING_REF_DEAD]	= NL_POL_FLAG,
	[CGSCOPE_A_DYING_REF_ATOMIC]	= NL_POL_FLAG,
	[CGSCOPE_A_DYING_REFS]		= NL_POL_U64,
	[CGSCOPE_A_DYING_CHARGED]	= NL_POL_U64,
};

static int dying_parse(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[CGSCOPE_A_DYING_MAX + 1];
	struct cg_dyings *d = arg;
	struct cg_dying *e;
	const char *s;

	if (cg_nl_parse(nlh, tb, CGSCOPE_A_DYING_MAX, dying_policy,
			"dying css"))
		return -1;
	s = cg_nl_attr_str(tb[CGSCOPE_A_DYING_CONTROLLER]);
	if (!s || !tb[CGSCOPE_A_DYING_HIERARCHY_ID] ||
	    !tb[CGSCOPE_A_DYING_CGROUP_ID])
		return cg_nl_bad_reply("dying css",
				       "no controller, hierarchy or cgroup id");
	d->v = xgrow(d->v, &d->cap, d->n + 1, sizeof(*d->v));
	e = &d->v[d->n++];
	memset(e, 0, sizeof(*e));
	e->ctrl = xstrdup(s);
	e->has_css_id = cg_nl_attr_u32(tb[CGSCOPE_A_DYING_CSS_ID], &e->css_id);
	e->hier = nla_get_u32(tb[CGSCOPE_A_DYING_HIERARCHY_ID]);
	e->cgrp_id = nla_get_u64(tb[CGSCOPE_A_DYING_CGROUP_ID]);
	s = cg_nl_attr_str(tb[CGSCOPE_A_DYING_PATH]);
	e->path = s ? xstrdup(s) : NULL;
	e->cgroup_dying = !!tb[CGSCOPE_A_DYING_CGROUP_DYING];
	e->online = !!tb[CGSCOPE_A_DYING_ONLINE];
	e->ref_dead = !!tb[CGSCOPE_A_DYING_REF_DEAD];
	e->ref_atomic = !!tb[CGSCOPE_A_DYING_REF_ATOMIC];
	if (tb[CGSCOPE_A_DYING_REFS]) {
		e->has_refs = true;
		e->refs = nla_get_u64(tb[CGSCOPE_A_DYING_REFS]);
	}
	if (tb[CGSCOPE_A_DYING_CHARGED]) {
		e->has_charged = true;
		e->charged = nla_get_u64(tb[CGSCOPE_A_DYING_CHARGED]);
	}
	return 0;
}

/**
 * dying_free() - free a list of dying csses
 * @d: the list
 */
void dying_free(struct cg_dyings *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].ctrl);
		free(d->v[i].path);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}

/**
 * dying_load() - every dying css, or those of one controller
 * @d: filled in
 * @ctrl: a controller name, "cgroup", or NULL for all
 *
 * Return: 0; or -errno from the kernel (not reported, see cg_nl_perror());
 * or CG_NL_EREPORTED.
 */
int dying_load(struct cg_dyings *d, const char *ctrl)
{
	struct nl_msg *req;
	int err;

	req = cg_nl_req_new(CGSCOPE_CMD_DYING_GET, true);
	if (!req)
		return CG_NL_EREPORTED;
	if (ctrl && nla_put_string(req, CGSCOPE_A_DYING_CONTROLLER, ctrl) < 0) {
		nlmsg_free(req);
		p_err("cannot build a netlink request");
		return CG_NL_EREPORTED;
	}
	err = cg_nl_dump(req, dying_parse, d);
	if (err)
		dying_free(d);
	return err;
}

static const char *dying_state(const struct cg_dying *e)
{
	if (e->cgroup_dying)
		return e->online ? "removed,+online" : "removed";
	return e->online ? "disabled,+online" : "disabled";
}

/**
 * dying_print() - print a list of dying csses: a table, or a JSON array
 * @d: the list
 */
void dying_print(const struct cg_dyings *d)
{
	size_t i;

	print_string(PRINT_FP, NULL, "%-10s  ", "CONTROLLER");
	print_string(PRINT_FP, NULL, "%5s  ", "CSS");
	print_string(PRINT_FP, NULL, "%4s  ", "HIER");
	print_string(PRINT_FP, NULL, "%8s  ", "CGROUP");
	print_string(PRINT_FP, NULL, "%10s  ", "CHARGED");
	print_string(PRINT_FP, NULL, "%6s  ", "REFS");
	print_string(PRINT_FP, NULL, "%-8s  ", "STATE");
	print_string(PRINT_FP, NULL, "%s\n", "PATH");
	open_json_array(PRINT_JSON, NULL);
	for (i = 0; i < d->n; i++) {
		const struct cg_dying *e = &d->v[i];
		char buf[32];

		open_json_object(NULL);
		print_string(PRINT_ANY, "controller", "%-10s  ", e->ctrl);
		if (e->has_css_id)
			print_uint(PRINT_ANY, "css_id", "%5u  ", e->css_id);
		else
			print_null(PRINT_ANY, "css_id", "    -  ");
		print_uint(PRINT_ANY, "hierarchy_id", "%4u  ", e->hier);
		print_u64(PRINT_ANY, "cgroup_id", "%8llu  ", e->cgrp_id);
		if (e->has_charged) {
			print_u64(PRINT_JSON, "charged_bytes", NULL, e->charged);
			print_string(PRINT_FP, NULL, "%10s  ",
				     human_bytes(e->charged, buf, sizeof(buf)));
		} else {
			print_null(PRINT_ANY, "charged_bytes", "         -  ");
		}
		if (e->has_refs)
			print_u64(PRINT_ANY, "refs", "%6llu  ", e->refs);
		else
			print_null(PRINT_ANY, "refs", "     ?  ");
		print_string(PRINT_FP, NULL, "%-8s  ", dying_state(e));
		print_string(PRINT_ANY, "path", "%s", e->path);
		print_bool(PRINT_JSON, "cgroup_dying", NULL, e->cgroup_dying);
		print_bool(PRINT_JSON, "online", NULL, e->online);
		print_bool(PRINT_JSON, "ref_dead", NULL, e->ref_dead);
		print_bool(PRINT_JSON, "ref_atomic", NULL, e->ref_atomic);
		close_json_object();
		print_nl();
	}
	close_json_array(PRINT_JSON, NULL);
}

/* cgscope dying --why [CSS | --all]: what is charged, file by file */
static int dying_why(int argc, char **argv)
{
	struct mf_query q = { 0 };

	if (argc > 1) {
		p_err("dying: --why takes one CSS id or --all, not '%s'",
		      argv[1]);
		return EXIT_ERR;
	}
	if (argc == 1 && strcmp(argv[0], "--all")) {
		if (parse_u32(argv[0], "css id", &q.css_id))
			return EXIT_ERR;
		if (!q.css_id) {
			p_err("dying: --why takes a memory css id (1 or more) or --all, not '%s'",
			      argv[0]);
			return EXIT_ERR;
		}
	}
	return mfiles_run(&q, "cgscope dying --why");
}

/* cgscope dying [--controller NAME] | --why [CSS | --all] */
static int dying_show(int argc, char **argv)
{
	struct cg_dyings d = { 0 };
	const char *ctrl = NULL;
	int i, err;

	if (argc && !strcmp(argv[0], "--why"))
		return dying_why(argc - 1, argv + 1);
	for (i = 0; i < argc; i++) {
		const char *a = argv[i], *v;

		if (!strcmp(a, "--controller")) {
			if (i + 1 >= argc) {
				p_err("dying: --controller needs a NAME");
				return EXIT_ERR;
			}
			v = argv[++i];
		} else if (!strncmp(a, "--controller=", 13)) {
			v = a + 13;
		} else if (a[0] == '-' && a[1]) {
			p_err("dying: unknown option '%s'", a);
			return EXIT_ERR;
		} else {
			p_err("dying: unexpected argument '%s'", a);
			return EXIT_ERR;
		}
		if (ctrl) {
			p_err("dying: --controller given twice");
			return EXIT_ERR;
		}
		if (!*v) {
			p_err("dying: --controller needs a NAME");
			return EXIT_ERR;
		}
		ctrl = v;
	}

	err = dying_load(&d, ctrl);
	if (err == -EINVAL && ctrl) {
		p_err("dying: no controller '%s' on this kernel", ctrl);
		return EXIT_ERR;
	}
	if (err == -EOPNOTSUPP && !cg_nl_extack()) {
		p_err("the loaded cgscope module is too old for 'cgscope dying' (it lacks CGSCOPE_CMD_DYING_GET)");
		return EXIT_ERR;
	}
	if (err) {
		cg_nl_perror(err, "cannot list dying csses");
		return EXIT_ERR;
	}
	dying_print(&d);
	dying_free(&d);
	return EXIT_OK;
}

static const struct cmd dying_cmds[] = {
	{ NULL, dying_show },	/* no COMMAND */
};

/**
 * do_dying() - "cgscope dying [--controller NAME] | --why [CSS | --all]"
 * @argc: argument count
 * @argv: arguments after "dying"
 *
 * Return: exit status.
 */
int do_dying(int argc, char **argv)
{
	return cmd_select(dying_cmds, argc, argv);
}
