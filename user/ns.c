// SPDX-License-Identifier: GPL-2.0
/*
 * cgscope ns: a task's namespaces (what /proc/PID/ns holds, with owners),
 * or every namespace in use, as lsns lists them; both with the root of
 * each cgroup namespace on every hierarchy.
 *
 *	pid 812 (bash) tgid 812
 *	FILE               INODE       OWNER       LEVEL
 *	net                4026531840  4026531837
 *	...
 *	cgroup             4026532301  4026531837
 *	  root css_set 0x1c2b3d4e5f607182
 *	  0::/test01   id 48
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

static const char *const ns_type_names[] = {
	[CGSCOPE_NS_MNT]	= "mnt",
	[CGSCOPE_NS_CGROUP]	= "cgroup",
	[CGSCOPE_NS_UTS]	= "uts",
	[CGSCOPE_NS_IPC]	= "ipc",
	[CGSCOPE_NS_USER]	= "user",
	[CGSCOPE_NS_PID]	= "pid",
	[CGSCOPE_NS_NET]	= "net",
	[CGSCOPE_NS_TIME]	= "time",
};

struct ns_root {
	__u32 hier;
	__u64 cgrp_id;
	char *path;
};

struct ns {
	__u32 type;
	__u32 inode;
	bool for_children;
	bool has_owner, has_level, has_counts, has_cset;
	__u32 owner;
	__u32 level;
	__u32 nr_procs, nr_threads, pid;
	__u64 root_cset_id;
	struct ns_root *roots;
	size_t nr_roots, cap_roots;
};

struct ns_list {
	__u32 pid, tgid;	/* for a task's namespaces */
	char *comm;
	struct ns *v;
	size_t n, cap;
};

static const char *ns_type_name(__u32 type)
{
	if (type < ARRAY_SIZE(ns_type_names) && ns_type_names[type])
		return ns_type_names[type];
	return "?";
}

/* The name of the /proc/PID/ns file: pid_for_children for a child's pid ns */
static char *ns_file_name(const struct ns *ns)
{
	const char *t = ns_type_name(ns->type);
	char *s = xmalloc(strlen(t) + sizeof("_for_children"));

	sprintf(s, "%s%s", t, ns->for_children ? "_for_children" : "");
	return s;
}

static int ns_type_parse(const char *s, __u32 *type)
{
	size_t i;

	for (i = 1; i < ARRAY_SIZE(ns_type_names); i++) {
		if (!strcmp(s, ns_type_names[i])) {
			*type = i;
			return 0;
		}
	}
	p_err("ns: unknown namespace type '%s' (mnt, cgroup, uts, ipc, user, pid, net or time)",
	      s);
	return -1;
}

static const struct nla_policy ns_policy[CGSCOPE_A_NS_MAX + 1] = {
	[CGSCOPE_A_NS_TYPE]		= NL_POL_U32,
	[CGSCOPE_A_NS_INODE]		= NL_POL_U32,
	[CGSCOPE_A_NS_FOR_CHILDREN]	= NL_POL_FLAG,
	[CGSCOPE_A_NS_OWNER_USER_NS]	= NL_POL_U32,
	[CGSCOPE_A_NS_LEVEL]		= NL_POL_U32,
	[CGSCOPE_A_NS_NR_PROCS]		= NL_POL_U32,
	[CGSCOPE_A_NS_NR_THREADS]	= NL_POL_U32,
	[CGSCOPE_A_NS_PID]		= NL_POL_U32,
	[CGSCOPE_A_NS_CGNS_ROOT_CSET_ID] = NL_POL_U64,
	[CGSCOPE_A_NS_CGNS_ROOT]	= NL_POL_NEST,
};

static const struct nla_policy link_policy[CGSCOPE_A_LINK_MAX + 1] = {
	[CGSCOPE_A_LINK_HIERARCHY_ID]	= NL_POL_U32,
	[CGSCOPE_A_LINK_CGROUP_ID]	= NL_POL_U64,
	[CGSCOPE_A_LINK_PATH]		= NL_POL_STR,
};

static const struct nla_policy task_ns_policy[CGSCOPE_A_TASK_NS_MAX + 1] = {
	[CGSCOPE_A_TASK_NS_PID]		= NL_POL_U32,
	[CGSCOPE_A_TASK_NS_TGID]	= NL_POL_U32,
	[CGSCOPE_A_TASK_NS_COMM]	= NL_POL_STR,
	[CGSCOPE_A_TASK_NS_NS]		= NL_POL_NEST,
};

static int ns_parse_root(struct ns *ns, struct nlattr *nest)
{
	struct nlattr *tb[CGSCOPE_A_LINK_MAX + 1];
	struct ns_root *r;
	const char *s;

	if (cg_nl_parse_nested(nest, tb, CGSCOPE_A_LINK_MAX, link_policy,
			       "namespace"))
		return -1;
	if (!tb[CGSCOPE_A_LINK_HIERARCHY_ID] || !tb[CGSCOPE_A_LINK_CGROUP_ID])
		return cg_nl_bad_reply("namespace", "cgroup root without ids");
	ns->roots = xgrow(ns->roots, &ns->cap_roots, ns->nr_roots + 1,
			  sizeof(*ns->roots));
	r = &ns->roots[ns->nr_roots++];
	r->hier = nla_get_u32(tb[CGSCOPE_A_LINK_HIERARCHY_ID]);
	r->cgrp_id = nla_get_u64(tb[CGSCOPE_A_LINK_CGROUP_ID]);
	s = cg_nl_attr_str(tb[CGSCOPE_A_LINK_PATH]);
	r->path = s ? xstrdup(s) : NULL;
	return 0;
}

/* One namespace from the attributes at @head (a nest or a message). */
static int ns_parse_attrs(struct ns_list *l, struct nlattr **tb,
			  struct nlattr *head, int len)
{
	struct nlattr *a;
	struct ns *ns;
	int rem;

	if (!tb[CGSCOPE_A_NS_TYPE] || !tb[CGSCOPE_A_NS_INODE])
		return cg_nl_bad_reply("namespace", "no type or inode");
	l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof(*l->v));
	ns = &l->v[l->n++];
	memset(ns, 0, sizeof(*ns));
	ns->type = nla_get_u32(tb[CGSCOPE_A_NS_TYPE]);
	ns->inode = nla_get_u32(tb[CGSCOPE_A_NS_INODE]);
	ns->for_children = !!tb[CGSCOPE_A_NS_FOR_CHILDREN];
	ns->has_owner = cg_nl_attr_u32(tb[CGSCOPE_A_NS_OWNER_USER_NS],
				       &ns->owner);
	ns->has_level = cg_nl_attr_u32(tb[CGSCOPE_A_NS_LEVEL], &ns->level);
	ns->has_counts = cg_nl_attr_u32(tb[CGSCOPE_A_NS_NR_PROCS],
					&ns->nr_procs);
	cg_nl_attr_u32(tb[CGSCOPE_A_NS_NR_THREADS], &ns->nr_threads);
	cg_nl_attr_u32(tb[CGSCOPE_A_NS_PID], &ns->pid);
	if (tb[CGSCOPE_A_NS_CGNS_ROOT_CSET_ID]) {
		ns->has_cset = true;
		ns->root_cset_id = nla_get_u64(tb[CGSCOPE_A_NS_CGNS_ROOT_CSET_ID]);
	}
	nla_for_each_attr(a, head, len, rem) {
		if (nla_type(a) == CGSCOPE_A_NS_CGNS_ROOT &&
		    ns_parse_root(ns, a))
			return -1;
	}
	return 0;
}

static int ns_parse(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[CGSCOPE_A_NS_MAX + 1];

	if (cg_nl_parse(nlh, tb, CGSCOPE_A_NS_MAX, ns_policy, "namespace"))
		return -1;
	return ns_parse_attrs(arg, tb, cg_nl_attrs(nlh), cg_nl_attrlen(nlh));
}

static int task_ns_parse(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[CGSCOPE_A_TASK_NS_MAX + 1];
	struct ns_list *l = arg;
	struct nlattr *a;
	const char *s;
	int rem;

	if (cg_nl_parse(nlh, tb, CGSCOPE_A_TASK_NS_MAX, task_ns_policy,
			"namespace"))
		return -1;
	if (!tb[CGSCOPE_A_TASK_NS_PID])
		return cg_nl_bad_reply("namespace", "no pid");
	l->pid = nla_get_u32(tb[CGSCOPE_A_TASK_NS_PID]);
	cg_nl_attr_u32(tb[CGSCOPE_A_TASK_NS_TGID], &l->tgid);
	s = cg_nl_attr_str(tb[CGSCOPE_A_TASK_NS_COMM]);
	free(l->comm);
	l->comm = s ? xstrdup(s) : NULL;
	nla_for_each_attr(a, cg_nl_attrs(nlh), cg_nl_attrlen(nlh), rem) {
		struct nlattr *ntb[CGSCOPE_A_NS_MAX + 1];

		if (nla_type(a) != CGSCOPE_A_TASK_NS_NS)
			continue;
		if (cg_nl_parse_nested(a, ntb, CGSCOPE_A_NS_MAX, ns_policy,
				       "namespace") ||
		    ns_parse_attrs(l, ntb, nla_data(a), nla_len(a)))
			return -1;
	}
	return 0;
}

static void ns_list_free(struct ns_list *l)
{
	size_t i, j;

	for (i = 0; i < l->n; i++) {
		for (j = 0; j < l->v[i].nr_roots; j++)
			free(l->v[i].roots[j].path);
		free(l->v[i].roots);
	}
	free(l->v);
	free(l->comm);
	memset(l, 0, sizeof(*l));
}

/* The roots of a cgroup namespace: members, or indented lines */
static void ns_print_roots(const struct ns *ns, const struct cg_roots *rs,
			   const char *indent)
{
	size_t i;

	if (ns->has_cset) {
		print_string(PRINT_FP, NULL, "%s", indent);
		print_u64(PRINT_ANY, "root_cset_id", "root css_set 0x%016llx",
			  ns->root_cset_id);
		print_nl();
	}
	open_json_array(PRINT_JSON, "roots");
	for (i = 0; i < ns->nr_roots; i++) {
		const struct ns_root *r = &ns->roots[i];
		const struct cg_root *root = roots_find(rs, r->hier);
		char *label = root ? root_proc_label(root) : xstrdup("?");

		open_json_object(NULL);
		print_string(PRINT_FP, NULL, "%s", indent);
		print_uint(PRINT_ANY, "hierarchy_id", "%u", r->hier);
		print_string(PRINT_FP, NULL, ":%s", label);
		print_u64(PRINT_JSON, "cgroup_id", NULL, r->cgrp_id);
		print_string(PRINT_ANY, "path", ":%s", r->path);
		print_u64(PRINT_FP, NULL, "   id %llu", r->cgrp_id);
		close_json_object();
		print_nl();
		free(label);
	}
	close_json_array(PRINT_JSON, NULL);
}

/* The OWNER and LEVEL columns: the owning user namespace and the depth */
static void ns_print_owner_level(const struct ns *ns)
{
	if (ns->has_owner)
		print_uint(PRINT_ANY, "owner_user_ns", "%-11u ", ns->owner);
	else
		print_null(PRINT_ANY, "owner_user_ns", "-           ");
	if (ns->has_level)
		print_uint(PRINT_ANY, "level", "%u", ns->level);
}

static void task_ns_print(const struct ns_list *l, const struct cg_roots *rs)
{
	const struct ns *cgns = NULL;
	size_t i;

	open_json_object(NULL);
	print_uint(PRINT_ANY, "pid", "pid %u", l->pid);
	print_string(PRINT_ANY, "comm", " (%s)", l->comm);
	print_uint(PRINT_ANY, "tgid", " tgid %u", l->tgid);
	print_nl();
	print_string(PRINT_FP, NULL, "%-18s ", "FILE");
	print_string(PRINT_FP, NULL, "%-11s ", "INODE");
	print_string(PRINT_FP, NULL, "%-11s ", "OWNER");
	print_string(PRINT_FP, NULL, "%s\n", "LEVEL");

	open_json_array(PRINT_JSON, "namespaces");
	for (i = 0; i < l->n; i++) {
		const struct ns *ns = &l->v[i];
		char *file = ns_file_name(ns);

		if (ns->type == CGSCOPE_NS_CGROUP && !ns->for_children)
			cgns = ns;
		open_json_object(NULL);
		print_string(PRINT_ANY, "file", "%-18s ", file);
		print_string(PRINT_JSON, "type", NULL, ns_type_name(ns->type));
		print_uint(PRINT_ANY, "inode", "%-11u ", ns->inode);
		print_bool(PRINT_JSON, "for_children", NULL, ns->for_children);
		ns_print_owner_level(ns);
		close_json_object();
		print_nl();
		free(file);
	}
	close_json_array(PRINT_JSON, NULL);

	if (cgns) {
		open_json_object("cgroup_ns");
		print_uint(PRINT_ANY, "inode", "cgroup namespace %u: root",
			   cgns->inode);
		print_nl();
		ns_print_roots(cgns, rs, "  ");
		close_json_object();
	} else {
		print_null(PRINT_JSON, "cgroup_ns", NULL);
	}
	close_json_object();
}

static int ns_task(const char *arg)
{
	struct cg_roots rs = { 0 };
	struct ns_list l = { 0 };
	struct nl_msg *req;
	__u32 pid;
	int err;

	if (parse_pid(arg, &pid))
		return EXIT_ERR;
	req = cg_nl_req_new(CGSCOPE_CMD_TASK_NS_GET, false);
	if (!req || cg_nl_req_put_u32(req, CGSCOPE_A_TASK_NS_PID, pid)) {
		nlmsg_free(req);
		return EXIT_ERR;
	}
	err = cg_nl_do(req, task_ns_parse, &l);
	if (err == -ESRCH) {
		p_err("no such task: %u", pid);
		goto err_free;
	}
	if (err) {
		cg_nl_perror(err, "cannot get the task's namespaces");
		goto err_free;
	}
	if (!json && roots_load(&rs))
		goto err_free;
	task_ns_print(&l, &rs);
	roots_free(&rs);
	ns_list_free(&l);
	return EXIT_OK;

err_free:
	ns_list_free(&l);
	return EXIT_ERR;
}

static void ns_list_print(const struct ns_list *l, const struct cg_roots *rs)
{
	size_t i;

	print_string(PRINT_FP, NULL, "%-11s ", "NS");
	print_string(PRINT_FP, NULL, "%-6s ", "TYPE");
	print_string(PRINT_FP, NULL, "%7s ", "NPROCS");
	print_string(PRINT_FP, NULL, "%8s ", "NTHREADS");
	print_string(PRINT_FP, NULL, "%7s ", "PID");
	print_string(PRINT_FP, NULL, "%-11s ", "OWNER");
	print_string(PRINT_FP, NULL, "%s\n", "LEVEL");
	open_json_array(PRINT_JSON, NULL);
	for (i = 0; i < l->n; i++) {
		const struct ns *ns = &l->v[i];

		open_json_object(NULL);
		print_string(PRINT_JSON, "type", NULL, ns_type_name(ns->type));
		print_uint(PRINT_ANY, "inode", "%-11u ", ns->inode);
		print_string(PRINT_FP, NULL, "%-6s ", ns_type_name(ns->type));
		print_uint(PRINT_ANY, "nr_tasks", "%7u ", ns->nr_procs);
		print_uint(PRINT_ANY, "nr_threads", "%8u ", ns->nr_threads);
		print_uint(PRINT_ANY, "pid", "%7u ", ns->pid);
		ns_print_owner_level(ns);
		print_nl();
		if (ns->type == CGSCOPE_NS_CGROUP)
			ns_print_roots(ns, rs, "    ");
		close_json_object();
	}
	close_json_array(PRINT_JSON, NULL);
}

/* cgscope ns list [--type TYPE [--inode INODE]] */
static int ns_list(int argc, char **argv)
{
	struct cg_roots rs = { 0 };
	struct ns_list l = { 0 };
	bool has_type = false, has_inode = false;
	struct nl_msg *req;
	__u32 type = 0, inode = 0;
	int i, err;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i], *v;

		if (!strcmp(a, "--type") || !strcmp(a, "--inode")) {
			if (i + 1 >= argc) {
				p_err("ns list: %s needs a value", a);
				return EXIT_ERR;
			}
			v = argv[++i];
		} else if (!strncmp(a, "--type=", 7) ||
			   !strncmp(a, "--inode=", 8)) {
			v = strchr(a, '=') + 1;
		} else {
			p_err("ns list: unexpected argument '%s'", a);
			return EXIT_ERR;
		}
		if (!strncmp(a, "--type", 6)) {
			if (has_type) {
				p_err("ns list: --type given twice");
				return EXIT_ERR;
			}
			if (ns_type_parse(v, &type))
				return EXIT_ERR;
			has_type = true;
		} else {
			if (has_inode) {
				p_err("ns list: --inode given twice");
				return EXIT_ERR;
			}
			if (parse_u32(v, "inode", &inode))
				return EXIT_ERR;
			has_inode = true;
		}
	}
	if (has_inode && !has_type) {
		p_err("ns list: --inode needs --type");
		return EXIT_ERR;
	}

	req = cg_nl_req_new(CGSCOPE_CMD_NS_GET, !has_inode);
	if (!req || (has_type &&
		     cg_nl_req_put_u32(req, CGSCOPE_A_NS_TYPE, type)) ||
	    (has_inode && cg_nl_req_put_u32(req, CGSCOPE_A_NS_INODE, inode))) {
		nlmsg_free(req);
		return EXIT_ERR;
	}
	if (has_inode)
		err = cg_nl_do(req, ns_parse, &l);
	else
		err = cg_nl_dump(req, ns_parse, &l);
	if (err == -ENOENT && has_inode) {
		p_err("no task is in %s namespace %u", ns_type_name(type),
		      inode);
		goto err_free;
	}
	if (err) {
		cg_nl_perror(err, "cannot list namespaces");
		goto err_free;
	}
	if (!json && roots_load(&rs))
		goto err_free;
	ns_list_print(&l, &rs);
	roots_free(&rs);
	ns_list_free(&l);
	return EXIT_OK;

err_free:
	ns_list_free(&l);
	return EXIT_ERR;
}

/* cgscope ns PID */
static int ns_show(int argc, char **argv)
{
	if (argc == 0) {
		p_err("ns: missing PID or list");
		return EXIT_ERR;
	}
	if (check_no_args("ns", argc - 1, argv + 1))
		return EXIT_ERR;
	return ns_task(argv[0]);
}

static const struct cmd ns_cmds[] = {
	{ "list",	ns_list },
	{ NULL,		ns_show },	/* PID */
};

/**
 * do_ns() - "cgscope ns (PID | list [--type TYPE [--inode INODE]])"
 * @argc: argument count
 * @argv: arguments after "ns"
 *
 * Return: exit status.
 */
int do_ns(int argc, char **argv)
{
	return cmd_select(ns_cmds, argc, argv);
}
