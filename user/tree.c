// SPDX-License-Identifier: GPL-2.0
/*
 * cgscope tree: cgroups drawn as a tree, like systemd-cgls
 * (CGSCOPE_CMD_CGROUP_GET dump).
 *
 *	hierarchy 0 (cgroup2)
 *	/  [id 1] tasks 0  cpuset cpu io memory pids
 *	├─init.scope  [id 22] tasks 1
 *	└─system.slice  [id 60] tasks 0  cpu memory pids
 *	  └─ssh.service  [id 2231] tasks 1  (dying)
 *
 * The tree is built from the whole dump before anything is printed: each
 * cgroup is hung under its parent, found by (hierarchy id, parent id).  The
 * kernel's order is only trusted for siblings; a cgroup whose parent never
 * came is printed at the top with a note.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uapi/linux/cgscope.h>

#include "main.h"
#include "nl.h"
#include "path.h"
#include "print.h"
#include "root.h"
#include "snapshot.h"
#include "task.h"

struct tree_css {
	char *ctrl;
	__u32 id;
	bool online;
	bool dying;
};

struct tree_node {
	__u64 id;
	__u32 hier;
	bool has_parent;
	__u64 parent_id;
	__u32 level;
	char *path;
	bool populated;
	__u32 nr_tasks;
	struct strlist ctrls;
	struct strlist subtree_control;
	struct strlist subtree_effective;
	__u32 nr_desc;
	__u32 nr_dying_desc;
	__u32 type;			/* enum cgscope_cgroup_type, 0: absent */
	bool dying;
	struct tree_css *css;
	size_t nr_css, cap_css;

	/* Built after the dump */
	size_t *children;
	size_t nr_children, cap_children;
	bool dup;			/* same (hierarchy, id) seen before */
	bool top;			/* printed at the top of its hierarchy */
	bool orphan;			/* its parent is missing from the dump */
	bool cycle;			/* its parents lead back to it */
	bool visited;
};

struct tree {
	struct tree_node *v;
	size_t n, cap;
	size_t *index;			/* node numbers sorted by key */
	bool want_sub;			/* a subtree was asked for */
	__u32 sub_hier;
	__u64 sub_id;
};

static const struct nla_policy cgroup_policy[CGSCOPE_A_CGROUP_MAX + 1] = {
	[CGSCOPE_A_CGROUP_ID]			= NL_POL_U64,
	[CGSCOPE_A_CGROUP_HIERARCHY_ID]		= NL_POL_U32,
	[CGSCOPE_A_CGROUP_PARENT_ID]		= NL_POL_U64,
	[CGSCOPE_A_CGROUP_LEVEL]		= NL_POL_U32,
	[CGSCOPE_A_CGROUP_PATH]			= NL_POL_STR,
	[CGSCOPE_A_CGROUP_POPULATED]		= NL_POL_U8,
	[CGSCOPE_A_CGROUP_NR_TASKS]		= NL_POL_U32,
	[CGSCOPE_A_CGROUP_CONTROLLER]		= NL_POL_STR,
	[CGSCOPE_A_CGROUP_SUBTREE_CONTROL]	= NL_POL_STR,
	[CGSCOPE_A_CGROUP_SUBTREE_EFFECTIVE]	= NL_POL_STR,
	[CGSCOPE_A_CGROUP_NR_DESCENDANTS]	= NL_POL_U32,
	[CGSCOPE_A_CGROUP_NR_DYING_DESCENDANTS]	= NL_POL_U32,
	[CGSCOPE_A_CGROUP_TYPE]			= NL_POL_U32,
	[CGSCOPE_A_CGROUP_DYING]		= NL_POL_FLAG,
	[CGSCOPE_A_CGROUP_CSS]			= NL_POL_NEST,
};

static const struct nla_policy css_policy[CGSCOPE_A_CSS_MAX + 1] = {
	[CGSCOPE_A_CSS_CONTROLLER]	= NL_POL_STR,
	[CGSCOPE_A_CSS_ID]		= NL_POL_U32,
	[CGSCOPE_A_CSS_ONLINE]		= NL_POL_FLAG,
	[CGSCOPE_A_CSS_DYING]		= NL_POL_FLAG,
};

static const char *cgroup_type_name(__u32 type)
{
	switch (type) {
	case CGSCOPE_CGROUP_TYPE_DOMAIN:
		return "domain";
	case CGSCOPE_CGROUP_TYPE_DOMAIN_THREADED:
		return "domain threaded";
	case CGSCOPE_CGROUP_TYPE_DOMAIN_INVALID:
		return "domain invalid";
	case CGSCOPE_CGROUP_TYPE_THREADED:
		return "threaded";
	}
	return "unknown";
}

static int tree_parse_css(struct tree_node *n, struct nlattr *nest)
{
	struct nlattr *tb[CGSCOPE_A_CSS_MAX + 1];
	struct tree_css *css;
	const char *s;

	if (cg_nl_parse_nested(nest, tb, CGSCOPE_A_CSS_MAX, css_policy,
			       "cgroup"))
		return -1;
	s = cg_nl_attr_str(tb[CGSCOPE_A_CSS_CONTROLLER]);
	if (!s)
		return cg_nl_bad_reply("cgroup", "css without a controller");
	n->css = xgrow(n->css, &n->cap_css, n->nr_css + 1, sizeof(*n->css));
	css = &n->css[n->nr_css++];
	css->ctrl = xstrdup(s);
	css->id = tb[CGSCOPE_A_CSS_ID] ? nla_get_u32(tb[CGSCOPE_A_CSS_ID]) : 0;
	css->online = !!tb[CGSCOPE_A_CSS_ONLINE];
	css->dying = !!tb[CGSCOPE_A_CSS_DYING];
	return 0;
}

static int tree_parse_attr(struct tree_node *n, struct nlattr *a)
{
	struct strlist *l;
	const char *s;

	switch (nla_type(a)) {
	case CGSCOPE_A_CGROUP_CONTROLLER:
		l = &n->ctrls;
		break;
	case CGSCOPE_A_CGROUP_SUBTREE_CONTROL:
		l = &n->subtree_control;
		break;
	case CGSCOPE_A_CGROUP_SUBTREE_EFFECTIVE:
		l = &n->subtree_effective;
		break;
	case CGSCOPE_A_CGROUP_CSS:
		return tree_parse_css(n, a);
	default:
		return 0;
	}
	s = cg_nl_attr_str(a);
	if (!s)
		return cg_nl_bad_reply("cgroup", "bad controller name");
	strlist_add(l, s);
	return 0;
}

static int tree_parse(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[CGSCOPE_A_CGROUP_MAX + 1];
	struct tree *t = arg;
	struct tree_node *n;
	struct nlattr *a;
	const char *s;
	int rem;

	if (cg_nl_parse(nlh, tb, CGSCOPE_A_CGROUP_MAX, cgroup_policy, "cgroup"))
		return -1;
	if (!tb[CGSCOPE_A_CGROUP_ID] || !tb[CGSCOPE_A_CGROUP_HIERARCHY_ID])
		return cg_nl_bad_reply("cgroup", "no cgroup or hierarchy id");

	t->v = xgrow(t->v, &t->cap, t->n + 1, sizeof(*t->v));
	n = &t->v[t->n++];
	memset(n, 0, sizeof(*n));
	n->id = nla_get_u64(tb[CGSCOPE_A_CGROUP_ID]);
	n->hier = nla_get_u32(tb[CGSCOPE_A_CGROUP_HIERARCHY_ID]);
	if (tb[CGSCOPE_A_CGROUP_PARENT_ID]) {
		n->has_parent = true;
		n->parent_id = nla_get_u64(tb[CGSCOPE_A_CGROUP_PARENT_ID]);
	}
	if (tb[CGSCOPE_A_CGROUP_LEVEL])
		n->level = nla_get_u32(tb[CGSCOPE_A_CGROUP_LEVEL]);
	s = cg_nl_attr_str(tb[CGSCOPE_A_CGROUP_PATH]);
	n->path = s ? xstrdup(s) : NULL;
	if (tb[CGSCOPE_A_CGROUP_POPULATED])
		n->populated = !!nla_get_u8(tb[CGSCOPE_A_CGROUP_POPULATED]);
	if (tb[CGSCOPE_A_CGROUP_NR_TASKS])
		n->nr_tasks = nla_get_u32(tb[CGSCOPE_A_CGROUP_NR_TASKS]);
	if (tb[CGSCOPE_A_CGROUP_NR_DESCENDANTS])
		n->nr_desc = nla_get_u32(tb[CGSCOPE_A_CGROUP_NR_DESCENDANTS]);
	if (tb[CGSCOPE_A_CGROUP_NR_DYING_DESCENDANTS])
		n->nr_dying_desc =
			nla_get_u32(tb[CGSCOPE_A_CGROUP_NR_DYING_DESCENDANTS]);
	if (tb[CGSCOPE_A_CGROUP_TYPE])
		n->type = nla_get_u32(tb[CGSCOPE_A_CGROUP_TYPE]);
	n->dying = !!tb[CGSCOPE_A_CGROUP_DYING];

	nla_for_each_attr(a, cg_nl_attrs(nlh), cg_nl_attrlen(nlh), rem) {
		if (tree_parse_attr(n, a))
			return -1;
	}
	return 0;
}

static void tree_free(struct tree *t)
{
	size_t i, j;

	for (i = 0; i < t->n; i++) {
		struct tree_node *n = &t->v[i];

		free(n->path);
		strlist_free(&n->ctrls);
		strlist_free(&n->subtree_control);
		strlist_free(&n->subtree_effective);
		for (j = 0; j < n->nr_css; j++)
			free(n->css[j].ctrl);
		free(n->css);
		free(n->children);
	}
	free(t->v);
	free(t->index);
	memset(t, 0, sizeof(*t));
}

/* qsort() has no context: the nodes being sorted, during tree_build(). */
static const struct tree_node *sort_nodes;

static int key_cmp(__u32 h1, __u64 id1, __u32 h2, __u64 id2)
{
	if (h1 != h2)
		return h1 < h2 ? -1 : 1;
	if (id1 != id2)
		return id1 < id2 ? -1 : 1;
	return 0;
}

static int index_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c;

	c = key_cmp(sort_nodes[x].hier, sort_nodes[x].id, sort_nodes[y].hier,
		    sort_nodes[y].id);
	if (c)
		return c;
	return x < y ? -1 : x > y;	/* first arrival first */
}

/* The first arrival of (@hier, @id): a binary search of the sorted index. */
static struct tree_node *tree_lookup(const struct tree *t, __u32 hier,
				     __u64 id)
{
	size_t lo = 0, hi = t->n;
	struct tree_node *n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		n = &t->v[t->index[mid]];
		if (key_cmp(n->hier, n->id, hier, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == t->n)
		return NULL;
	n = &t->v[t->index[lo]];
	return key_cmp(n->hier, n->id, hier, id) ? NULL : n;
}

/* Hang every cgroup under its parent; mark the ones printed at the top. */
static void tree_build(struct tree *t)
{
	struct tree_node *n, *p;
	size_t i;

	t->index = xcalloc(t->n, sizeof(*t->index));
	for (i = 0; i < t->n; i++)
		t->index[i] = i;
	sort_nodes = t->v;
	if (t->n)
		qsort(t->index, t->n, sizeof(*t->index), index_cmp);
	sort_nodes = NULL;
	for (i = 1; i < t->n; i++) {
		n = &t->v[t->index[i]];
		p = &t->v[t->index[i - 1]];
		if (!key_cmp(n->hier, n->id, p->hier, p->id))
			n->dup = true;
	}

	for (i = 0; i < t->n; i++) {
		n = &t->v[i];
		if (n->dup)
			continue;
		p = n->has_parent ? tree_lookup(t, n->hier, n->parent_id) :
				    NULL;
		if (p && p != n) {
			p->children = xgrow(p->children, &p->cap_children,
					    p->nr_children + 1,
					    sizeof(*p->children));
			p->children[p->nr_children++] = i;
			continue;
		}
		n->top = true;
		/* A requested subtree's root has its parent out of the dump. */
		n->orphan = n->has_parent &&
			    !(t->want_sub && n->hier == t->sub_hier &&
			      n->id == t->sub_id);
	}
}

/* What a node is called on its line: "/" for a root, else its last name. */
static const char *tree_node_name(const struct tree_node *n)
{
	const char *slash;

	if (!n->path)
		return "?";
	if (n->top)
		return n->path;
	slash = strrchr(n->path, '/');
	return slash && slash[1] ? slash + 1 : n->path;
}

/*
 * One cgroup: a line of the tree, drawn after its parent's with the
 * lines of the levels above it (@last[1..@depth]: whether the cgroup on
 * each level is the last of its siblings), or an object.
 */
static void tree_print_node(const struct tree_node *n, const bool *last,
			    size_t depth)
{
	/* box-drawing lines, or ASCII where the locale is not UTF-8 */
	const char *bar = print_utf8() ? "\u2502 " : "| ";
	const char *mid = print_utf8() ? "\u251c\u2500" : "|-";
	const char *end = print_utf8() ? "\u2514\u2500" : "`-";
	size_t i;

	open_json_object(NULL);
	for (i = 1; i < depth; i++)
		print_string(PRINT_FP, NULL, "%s", last[i] ? "  " : bar);
	if (depth)
		print_string(PRINT_FP, NULL, "%s", last[depth] ? end : mid);
	print_string(PRINT_FP, NULL, "%s", tree_node_name(n));
	print_u64(PRINT_ANY, "id", "  [id %llu]", n->id);
	print_uint(PRINT_JSON, "hierarchy_id", NULL, n->hier);
	print_u64_or_null("parent_id", n->has_parent, n->parent_id);
	print_uint(PRINT_JSON, "level", NULL, n->level);
	print_string(PRINT_JSON, "path", NULL, n->path);
	print_bool(PRINT_JSON, "populated", NULL, n->populated);
	print_uint(PRINT_ANY, "nr_tasks", " tasks %u", n->nr_tasks);
	if (n->ctrls.n)
		print_string(PRINT_FP, NULL, "%s", "  ");
	print_strv(PRINT_ANY, "controllers", n->ctrls.v, n->ctrls.n, " ",
		   NULL);
	print_strv(PRINT_JSON, "subtree_control", n->subtree_control.v,
		   n->subtree_control.n, NULL, NULL);
	print_strv(PRINT_JSON, "subtree_effective", n->subtree_effective.v,
		   n->subtree_effective.n, NULL, NULL);
	print_uint(PRINT_JSON, "nr_descendants", NULL, n->nr_desc);
	print_uint(PRINT_JSON, "nr_dying_descendants", NULL,
		   n->nr_dying_desc);
	if (n->type)
		print_string(PRINT_JSON, "type", NULL,
			     cgroup_type_name(n->type));
	else
		print_null(PRINT_JSON, "type", NULL);
	print_bool(PRINT_JSON, "dying", NULL, n->dying);
	if (n->dying)
		print_string(PRINT_FP, NULL, "%s", "  (dying)");
	open_json_array(PRINT_JSON, "css");
	for (i = 0; i < n->nr_css; i++) {
		open_json_object(NULL);
		print_string(PRINT_JSON, "controller", NULL, n->css[i].ctrl);
		print_uint(PRINT_JSON, "id", NULL, n->css[i].id);
		print_bool(PRINT_JSON, "online", NULL, n->css[i].online);
		print_bool(PRINT_JSON, "dying", NULL, n->css[i].dying);
		close_json_object();
	}
	close_json_array(PRINT_JSON, NULL);
	/* Text: why it is at the top of its hierarchy (JSON: parent_id) */
	if (n->cycle)
		print_string(PRINT_FP, NULL, "%s", "  (in a parent loop)");
	else if (n->orphan)
		print_u64(PRINT_FP, NULL, "  (parent %llu not in the dump)",
			  n->parent_id);
	close_json_object();
	print_nl();
}

struct tree_frame {
	size_t node;
	size_t next;			/* next child to visit */
};

/* Print @top and everything under it, pre-order, without recursion. */
static void tree_print_from(struct tree *t, size_t top)
{
	struct tree_frame *stack = NULL;
	size_t sp = 0, cap = 0, lcap = 0;
	bool *last = NULL;

	last = xgrow(last, &lcap, 1, sizeof(*last));
	t->v[top].visited = true;
	tree_print_node(&t->v[top], last, 0);
	stack = xgrow(stack, &cap, 1, sizeof(*stack));
	stack[sp++] = (struct tree_frame){ .node = top };

	while (sp) {
		struct tree_frame *f = &stack[sp - 1];
		const struct tree_node *n = &t->v[f->node];
		size_t c;

		if (f->next == n->nr_children) {
			sp--;
			continue;
		}
		c = n->children[f->next++];
		if (t->v[c].visited)
			continue;
		t->v[c].visited = true;
		last = xgrow(last, &lcap, sp + 1, sizeof(*last));
		last[sp] = f->next == n->nr_children;
		tree_print_node(&t->v[c], last, sp);
		stack = xgrow(stack, &cap, sp + 1, sizeof(*stack));
		stack[sp++] = (struct tree_frame){ .node = c };
	}
	free(stack);
	free(last);
}

/* Text: the heading of a hierarchy, "hierarchy 4 (net_cls,net_prio)" */
static void tree_print_header(const struct cg_roots *rs, __u32 hier,
			      bool first)
{
	const struct cg_root *r = roots_find(rs, hier);
	char *label;

	if (!first)
		print_nl();
	print_uint(PRINT_FP, NULL, "hierarchy %u", hier);
	if (r) {
		label = r->dfl ? xstrdup("cgroup2") : root_proc_label(r);
		print_string(PRINT_FP, NULL, " (%s)", *label ? label : "-");
		free(label);
	}
	print_nl();
}

static void tree_print(struct tree *t, const struct cg_roots *rs,
		       bool headers)
{
	bool first = true;
	bool have_hier = false;
	__u32 hier = 0;
	size_t i, k;

	open_json_array(PRINT_JSON, NULL);
	/* Hierarchies in id order (the index is sorted by hierarchy first). */
	for (k = 0; k < t->n; k++) {
		const struct tree_node *lead = &t->v[t->index[k]];

		if (have_hier && lead->hier == hier)
			continue;
		hier = lead->hier;
		have_hier = true;
		if (headers)
			tree_print_header(rs, hier, first);
		first = false;
		for (i = 0; i < t->n; i++)
			if (t->v[i].hier == hier && t->v[i].top &&
			    !t->v[i].dup && !t->v[i].visited)
				tree_print_from(t, i);
		/* Left over: cgroups in a parent loop; show them too. */
		for (i = 0; i < t->n; i++) {
			if (t->v[i].hier != hier || t->v[i].dup ||
			    t->v[i].visited)
				continue;
			t->v[i].top = true;
			t->v[i].cycle = true;
			tree_print_from(t, i);
		}
	}
	close_json_array(PRINT_JSON, NULL);
}

static int tree_parse_args(int argc, char **argv, bool *has_hier,
			   __u32 *hier, const char **path)
{
	bool opts_done = false;
	int i;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (!opts_done && !strcmp(a, "--")) {
			opts_done = true;
		} else if (!opts_done && !strcmp(a, "--hierarchy")) {
			if (i + 1 >= argc) {
				p_err("tree: --hierarchy needs an ID");
				return -1;
			}
			if (parse_u32(argv[++i], "hierarchy ID", hier))
				return -1;
			*has_hier = true;
		} else if (!opts_done && !strncmp(a, "--hierarchy=", 12)) {
			if (parse_u32(a + 12, "hierarchy ID", hier))
				return -1;
			*has_hier = true;
		} else if (!opts_done && a[0] == '-' && a[1]) {
			p_err("tree: unknown option '%s'", a);
			return -1;
		} else if (!*path) {
			*path = a;
		} else {
			p_err("tree: unexpected argument '%s'", a);
			return -1;
		}
	}
	return 0;
}

/* cgscope tree [--hierarchy ID] [PATH] */
static int tree_show(int argc, char **argv)
{
	struct cg_roots rs = { 0 };
	struct tree t = { 0 };
	const char *path = NULL;
	bool has_hier = false;
	struct cg_path where;
	struct nl_msg *req;
	__u32 hier = 0;
	int ret = EXIT_ERR;
	int err;

	if (tree_parse_args(argc, argv, &has_hier, &hier, &path))
		return EXIT_ERR;
	if (path) {
		if (path_resolve(path, &where))
			return EXIT_ERR;
		if (has_hier && where.hier != hier) {
			p_err("%s is on hierarchy %u, not on hierarchy %u",
			      path, where.hier, hier);
			return EXIT_ERR;
		}
		has_hier = true;
		hier = where.hier;
		t.want_sub = true;
		t.sub_hier = where.hier;
		t.sub_id = where.cgrp_id;
	}

	req = cg_nl_req_new(CGSCOPE_CMD_CGROUP_GET, true);
	if (!req)
		return EXIT_ERR;
	if ((has_hier &&
	     cg_nl_req_put_u32(req, CGSCOPE_A_CGROUP_HIERARCHY_ID, hier)) ||
	    (path && cg_nl_req_put_u64(req, CGSCOPE_A_CGROUP_ID, where.cgrp_id))) {
		nlmsg_free(req);
		return EXIT_ERR;
	}
	err = cg_nl_dump(req, tree_parse, &t);
	if (err == -ENOENT && (path || has_hier)) {
		const char *ext = cg_nl_extack();

		if (path)
			p_err("%s: no such cgroup (hierarchy %u, id %llu)%s%s%s",
			      path, where.hier, where.cgrp_id,
			      ext ? " (kernel: " : "", ext ? ext : "",
			      ext ? ")" : "");
		else
			p_err("no such hierarchy: %u%s%s%s", hier,
			      ext ? " (kernel: " : "", ext ? ext : "",
			      ext ? ")" : "");
		goto out_free;
	}
	if (err) {
		cg_nl_perror(err, "cannot list cgroups");
		goto out_free;
	}
	tree_build(&t);
	if (!json && !has_hier && roots_load(&rs))
		goto out_free;
	tree_print(&t, &rs, !has_hier);
	ret = EXIT_OK;
out_free:
	roots_free(&rs);
	tree_free(&t);
	return ret;
}

static const struct cmd tree_cmds[] = {
	{ NULL, tree_show },	/* no COMMAND */
};

/**
 * do_tree() - "cgscope tree [--hierarchy ID] [PATH]"
 * @argc: argument count
 * @argv: arguments after "tree"
 *
 * Return: exit status.
 */
int do_tree(int argc, char **argv)
{
	return cmd_select(tree_cmds, argc, argv);
}

/**
 * tree_load_all() - every cgroup of every hierarchy
 *
 * Return: the cgroups, or NULL after reporting an error.
 */
struct tree *tree_load_all(void)
{
	struct tree *t = xcalloc(1, sizeof(*t));
	int err;

	err = cg_nl_dump_cmd(CGSCOPE_CMD_CGROUP_GET, tree_parse, t);
	if (err) {
		cg_nl_perror(err, "cannot list cgroups");
		tree_destroy(t);
		return NULL;
	}
	tree_build(t);
	return t;
}

/**
 * tree_print_all() - print what tree_load_all() got, as "cgscope tree" does
 * @t: the cgroups
 *
 * Can be called once: printing marks the nodes visited.
 */
void tree_print_all(struct tree *t)
{
	struct cg_roots rs = { 0 };

	tree_print(t, &rs, false);
}

/**
 * tree_destroy() - free what tree_load_all() returned
 * @t: the cgroups, or NULL
 */
void tree_destroy(struct tree *t)
{
	if (!t)
		return;
	tree_free(t);
	free(t);
}
