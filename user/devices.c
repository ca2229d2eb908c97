// SPDX-License-Identifier: GPL-2.0
/*
 * cgscope devices: the device rules that apply to a cgroup or a task
 * (CGSCOPE_CMD_DEVCG_GET): the v1 devices cgroup's default and every
 * exception, also the ones devices.list hides in default-allow mode, and
 * the v2 device programs in effect.
 *
 *	devices cgroup: /docker/abc (hierarchy 3, id 12)
 *	behavior: default deny (exceptions allow)
 *	c *:* m
 *	c 1:3 rwm
 *	bpf programs (v2 cgroup /docker/abc, id 45):
 *	  id 17  name dev_allow  tag 0123456789abcdef  attached at /docker (inherited)  flags 0x2
 *
 * Exceptions are printed as devices.list prints them.  The helpers for
 * exceptions and for naming a task or a cgroup are shared with check.c
 * (devices.h).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uapi/linux/cgscope.h>

#include "devices.h"
#include "devrules.h"
#include "main.h"
#include "nl.h"
#include "print.h"
#include "target.h"

#define DEVCG_TAG_SIZE	8	/* BPF_TAG_SIZE */

/**
 * struct devcg_prog - one v2 device program in effect
 * @id: program id, as bpftool shows it
 * @name: its name, or NULL
 * @has_tag: @tag is known
 * @tag: its tag
 * @has_at: @at is known
 * @at: id of the v2 cgroup it is attached to
 * @flags: BPF_F_ALLOW_* of that attachment
 * @inherited: attached to an ancestor
 * @at_path: text mode: the path of @at, when the kernel told us
 */
struct devcg_prog {
	__u32 id;
	char *name;
	bool has_tag;
	__u8 tag[DEVCG_TAG_SIZE];
	bool has_at;
	__u64 at;
	__u32 flags;
	bool inherited;
	char *at_path;
};

/* A CGSCOPE_CMD_DEVCG_GET reply; absent attributes are false/NULL/0. */
struct devcg {
	bool has_hier;
	__u32 hier;
	bool has_id;
	__u64 id;
	char *path;
	__u32 behavior;			/* enum cgscope_devcg_behavior, 0: absent */
	struct devcg_exc *exc;
	size_t nr_exc, cap_exc;
	bool has_v2_id;
	__u64 v2_id;
	char *v2_path;
	struct devcg_prog *progs;
	size_t nr_progs, cap_progs;
};

static const struct nla_policy devcg_policy[CGSCOPE_A_DEVCG_MAX + 1] = {
	[CGSCOPE_A_DEVCG_PID]		= NL_POL_U32,
	[CGSCOPE_A_DEVCG_HIERARCHY_ID]	= NL_POL_U32,
	[CGSCOPE_A_DEVCG_CGROUP_ID]	= NL_POL_U64,
	[CGSCOPE_A_DEVCG_PATH]		= NL_POL_STR,
	[CGSCOPE_A_DEVCG_BEHAVIOR]	= NL_POL_U32,
	[CGSCOPE_A_DEVCG_EXCEPTION]	= NL_POL_NEST,
	[CGSCOPE_A_DEVCG_V2_CGROUP_ID]	= NL_POL_U64,
	[CGSCOPE_A_DEVCG_V2_PATH]	= NL_POL_STR,
	[CGSCOPE_A_DEVCG_PROG]		= NL_POL_NEST,
};

static const struct nla_policy exc_policy[CGSCOPE_A_EXC_MAX + 1] = {
	[CGSCOPE_A_EXC_TYPE]	= NL_POL_U8,
	[CGSCOPE_A_EXC_MAJOR]	= NL_POL_U32,
	[CGSCOPE_A_EXC_MINOR]	= NL_POL_U32,
	[CGSCOPE_A_EXC_ACCESS]	= NL_POL_U8,
};

static const struct nla_policy prog_policy[CGSCOPE_A_PROG_MAX + 1] = {
	[CGSCOPE_A_PROG_ID]		= NL_POL_U32,
	[CGSCOPE_A_PROG_NAME]		= NL_POL_STR,
	[CGSCOPE_A_PROG_TAG]		= NL_POL_BIN(DEVCG_TAG_SIZE),
	[CGSCOPE_A_PROG_ATTACHED_AT]	= NL_POL_U64,
	[CGSCOPE_A_PROG_ATTACH_FLAGS]	= NL_POL_U32,
	[CGSCOPE_A_PROG_INHERITED]	= NL_POL_FLAG,
};

/**
 * devcg_type_char() - the letter devices.list uses for a device type
 * @type: enum cgscope_dev_type
 *
 * Return: 'a', 'b' or 'c'; 0 for a value that is not a type.
 */
char devcg_type_char(__u8 type)
{
	switch (type) {
	case CGSCOPE_DEV_ALL:
		return 'a';
	case CGSCOPE_DEV_BLOCK:
		return 'b';
	case CGSCOPE_DEV_CHAR:
		return 'c';
	}
	return 0;
}

/**
 * devcg_access_str() - an access mask as devices.list writes it
 * @access: enum cgscope_dev_access bits
 * @buf: room for 4 characters
 *
 * Return: @buf, holding the letters of @access in the order r, w, m.
 */
const char *devcg_access_str(__u8 access, char *buf)
{
	char *p = buf;

	if (access & CGSCOPE_ACC_READ)
		*p++ = 'r';
	if (access & CGSCOPE_ACC_WRITE)
		*p++ = 'w';
	if (access & CGSCOPE_ACC_MKNOD)
		*p++ = 'm';
	*p = '\0';
	return buf;
}

/**
 * devcg_behavior_name() - a v1 default behaviour in one word
 * @behavior: enum cgscope_devcg_behavior
 *
 * Return: "allow" or "deny"; NULL for any other value.
 */
const char *devcg_behavior_name(__u32 behavior)
{
	switch (behavior) {
	case CGSCOPE_DEVCG_DEFAULT_ALLOW:
		return "allow";
	case CGSCOPE_DEVCG_DEFAULT_DENY:
		return "deny";
	}
	return NULL;
}

/* The layer that decided a device access (enum cgscope_layer), or NULL. */
const char *devcg_layer_name(__u32 layer)
{
	switch (layer) {
	case CGSCOPE_LAYER_NONE:
		return "none";
	case CGSCOPE_LAYER_V1:
		return "v1";
	case CGSCOPE_LAYER_BPF:
		return "bpf";
	}
	return NULL;
}

static void devcg_num_str(__u32 n, char *buf, size_t len)
{
	if (n == CGSCOPE_DEV_WILDCARD)
		snprintf(buf, len, "*");
	else
		snprintf(buf, len, "%u", n);
}

/**
 * devcg_exc_str() - an exception or a device as devices.list writes it
 * @e: the exception
 * @with_access: add the access letters ("c 1:3 rwm"), else "c 1:3"
 * @buf: where to write
 * @len: its size, DEVCG_EXC_STRLEN is enough
 */
void devcg_exc_str(const struct devcg_exc *e, bool with_access, char *buf,
		   size_t len)
{
	char maj[12], min[12], acc[4];
	char type = devcg_type_char(e->type);

	devcg_num_str(e->major, maj, sizeof(maj));
	devcg_num_str(e->minor, min, sizeof(min));
	snprintf(buf, len, "%c %s:%s%s%s", type ? type : '?', maj, min,
		 with_access ? " " : "",
		 with_access ? devcg_access_str(e->access, acc) : "");
}

/**
 * devcg_parse_exc() - parse a nest of CGSCOPE_A_EXC_* attributes
 * @nest: CGSCOPE_A_DEVCG_EXCEPTION or CGSCOPE_A_CHECK_RULE
 * @e: the exception
 * @what: the kind of reply, for the error message
 *
 * All four attributes must be there, with a known type and access bits.
 *
 * Return: 0, or -1 after reporting a malformed reply.
 */
int devcg_parse_exc(struct nlattr *nest, struct devcg_exc *e,
		    const char *what)
{
	struct nlattr *tb[CGSCOPE_A_EXC_MAX + 1];

	if (cg_nl_parse_nested(nest, tb, CGSCOPE_A_EXC_MAX, exc_policy, what))
		return -1;
	if (!tb[CGSCOPE_A_EXC_TYPE] || !tb[CGSCOPE_A_EXC_MAJOR] ||
	    !tb[CGSCOPE_A_EXC_MINOR] || !tb[CGSCOPE_A_EXC_ACCESS])
		return cg_nl_bad_reply(what,
				       "exception without type, major, minor or access");
	e->type = nla_get_u8(tb[CGSCOPE_A_EXC_TYPE]);
	e->major = nla_get_u32(tb[CGSCOPE_A_EXC_MAJOR]);
	e->minor = nla_get_u32(tb[CGSCOPE_A_EXC_MINOR]);
	e->access = nla_get_u8(tb[CGSCOPE_A_EXC_ACCESS]);
	if (!devcg_type_char(e->type))
		return cg_nl_bad_reply(what, "exception of unknown device type %u",
				       e->type);
	if (e->access & ~DEVCG_ACC_ALL)
		return cg_nl_bad_reply(what,
				       "exception with unknown access bits 0x%x",
				       e->access);
	return 0;
}

/**
 * devcg_target_perror() - report a failed request about a task or cgroup
 * @err: what cg_nl_do() returned
 * @t: the task or cgroup asked about
 * @cmd: the command's name in the uAPI, e.g. "CGSCOPE_CMD_DEVCG_GET"
 * @object: the cgscope object, e.g. "devices"
 * @what: what failed, e.g. "cannot get the device rules of"; the task or
 *	  the cgroup is added
 */
void devcg_target_perror(int err, const struct cg_target *t,
			 const char *cmd, const char *object, const char *what)
{
	const char *ext = cg_nl_extack();

	if (t->has_pid && (err == -ESRCH || err == -ENOENT)) {
		p_err("no such task: %u%s%s%s", t->pid, ext ? " (kernel: " : "",
		      ext ? ext : "", ext ? ")" : "");
	} else if (!t->has_pid && err == -ENOENT) {
		p_err("%s: no such cgroup (hierarchy %u, id %llu)%s%s%s",
		      t->path, t->where.hier, t->where.cgrp_id,
		      ext ? " (kernel: " : "", ext ? ext : "", ext ? ")" : "");
	} else if (err == -EOPNOTSUPP && !ext) {
		/* genetlink's answer to a command the family lacks */
		p_err("the loaded cgscope module is too old for 'cgscope %s' (it lacks %s)",
		      object, cmd);
	} else {
		char buf[PATH_MAX + 128];

		if (t->has_pid)
			snprintf(buf, sizeof(buf), "%s pid %u", what, t->pid);
		else
			snprintf(buf, sizeof(buf), "%s %s", what, t->path);
		cg_nl_perror(err, buf);
	}
}

static int devcg_parse_prog(struct devcg *d, struct nlattr *nest)
{
	struct nlattr *tb[CGSCOPE_A_PROG_MAX + 1];
	struct devcg_prog *p;
	const char *s;

	if (cg_nl_parse_nested(nest, tb, CGSCOPE_A_PROG_MAX, prog_policy,
			       "device cgroup"))
		return -1;
	if (!tb[CGSCOPE_A_PROG_ID])
		return cg_nl_bad_reply("device cgroup", "program without an id");
	d->progs = xgrow(d->progs, &d->cap_progs, d->nr_progs + 1,
			 sizeof(*d->progs));
	p = &d->progs[d->nr_progs++];
	memset(p, 0, sizeof(*p));
	p->id = nla_get_u32(tb[CGSCOPE_A_PROG_ID]);
	s = cg_nl_attr_str(tb[CGSCOPE_A_PROG_NAME]);
	p->name = s ? xstrdup(s) : NULL;
	if (tb[CGSCOPE_A_PROG_TAG]) {
		p->has_tag = true;
		memcpy(p->tag, nla_data(tb[CGSCOPE_A_PROG_TAG]), sizeof(p->tag));
	}
	if (tb[CGSCOPE_A_PROG_ATTACHED_AT]) {
		p->has_at = true;
		p->at = nla_get_u64(tb[CGSCOPE_A_PROG_ATTACHED_AT]);
	}
	if (tb[CGSCOPE_A_PROG_ATTACH_FLAGS])
		p->flags = nla_get_u32(tb[CGSCOPE_A_PROG_ATTACH_FLAGS]);
	p->inherited = !!tb[CGSCOPE_A_PROG_INHERITED];
	return 0;
}

static int devcg_parse(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[CGSCOPE_A_DEVCG_MAX + 1];
	struct devcg *d = arg;
	struct nlattr *a;
	const char *s;
	int rem;

	if (cg_nl_parse(nlh, tb, CGSCOPE_A_DEVCG_MAX, devcg_policy,
			"device cgroup"))
		return -1;
	if (tb[CGSCOPE_A_DEVCG_HIERARCHY_ID]) {
		d->has_hier = true;
		d->hier = nla_get_u32(tb[CGSCOPE_A_DEVCG_HIERARCHY_ID]);
	}
	if (tb[CGSCOPE_A_DEVCG_CGROUP_ID]) {
		d->has_id = true;
		d->id = nla_get_u64(tb[CGSCOPE_A_DEVCG_CGROUP_ID]);
	}
	s = cg_nl_attr_str(tb[CGSCOPE_A_DEVCG_PATH]);
	d->path = s ? xstrdup(s) : NULL;
	if (tb[CGSCOPE_A_DEVCG_BEHAVIOR]) {
		d->behavior = nla_get_u32(tb[CGSCOPE_A_DEVCG_BEHAVIOR]);
		if (!devcg_behavior_name(d->behavior))
			return cg_nl_bad_reply("device cgroup",
					       "unknown behavior %u",
					       d->behavior);
	}
	if (tb[CGSCOPE_A_DEVCG_V2_CGROUP_ID]) {
		d->has_v2_id = true;
		d->v2_id = nla_get_u64(tb[CGSCOPE_A_DEVCG_V2_CGROUP_ID]);
	}
	s = cg_nl_attr_str(tb[CGSCOPE_A_DEVCG_V2_PATH]);
	d->v2_path = s ? xstrdup(s) : NULL;

	/* Exceptions and programs, in the kernel's order. */
	nla_for_each_attr(a, cg_nl_attrs(nlh), cg_nl_attrlen(nlh), rem) {
		if (nla_type(a) == CGSCOPE_A_DEVCG_EXCEPTION) {
			d->exc = xgrow(d->exc, &d->cap_exc, d->nr_exc + 1,
				       sizeof(*d->exc));
			if (devcg_parse_exc(a, &d->exc[d->nr_exc],
					    "device cgroup"))
				return -1;
			d->nr_exc++;
		} else if (nla_type(a) == CGSCOPE_A_DEVCG_PROG &&
			   devcg_parse_prog(d, a)) {
			return -1;
		}
	}
	return 0;
}

static void devcg_free(struct devcg *d)
{
	size_t i;

	for (i = 0; i < d->nr_progs; i++) {
		free(d->progs[i].name);
		free(d->progs[i].at_path);
	}
	free(d->progs);
	free(d->exc);
	free(d->path);
	free(d->v2_path);
	memset(d, 0, sizeof(*d));
}

/* Whether the kernel said anything about a v1 devices cgroup / v2 cgroup. */
static bool devcg_has_v1(const struct devcg *d)
{
	return d->has_hier || d->has_id || d->path || d->behavior || d->nr_exc;
}

static bool devcg_has_v2(const struct devcg *d)
{
	return d->has_v2_id || d->v2_path || d->nr_progs;
}

static const struct nla_policy cgroup_name_policy[CGSCOPE_A_CGROUP_MAX + 1] = {
	[CGSCOPE_A_CGROUP_ID]		= NL_POL_U64,
	[CGSCOPE_A_CGROUP_HIERARCHY_ID]	= NL_POL_U32,
	[CGSCOPE_A_CGROUP_PATH]		= NL_POL_STR,
};

struct cgroup_name {
	__u64 id;
	char *path;
};

static int cgroup_name_parse(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[CGSCOPE_A_CGROUP_MAX + 1];
	struct cgroup_name *c = arg;
	const char *s;

	if (cg_nl_parse(nlh, tb, CGSCOPE_A_CGROUP_MAX, cgroup_name_policy,
			"cgroup"))
		return -1;
	if (tb[CGSCOPE_A_CGROUP_ID] &&
	    nla_get_u64(tb[CGSCOPE_A_CGROUP_ID]) != c->id)
		return cg_nl_bad_reply("cgroup", "asked for cgroup %llu, got %llu",
				       c->id,
				       (unsigned long long)nla_get_u64(tb[CGSCOPE_A_CGROUP_ID]));
	s = cg_nl_attr_str(tb[CGSCOPE_A_CGROUP_PATH]);
	if (s && !c->path)
		c->path = xstrdup(s);
	return 0;
}

/*
 * The path of v2 cgroup @id, asked with a CGSCOPE_CMD_CGROUP_GET do.  A
 * cgroup gone since, or any refusal, leaves *@path NULL: its id will do.
 * Return: 0, or -1 after reporting an error that ends the command.
 */
static int devcg_v2_path(__u64 id, char **path)
{
	struct cgroup_name c = { .id = id };
	struct nl_msg *req;
	int err;

	*path = NULL;
	req = cg_nl_req_new(CGSCOPE_CMD_CGROUP_GET, false);
	if (!req)
		return -1;
	if (cg_nl_req_put_u32(req, CGSCOPE_A_CGROUP_HIERARCHY_ID, 0) ||
	    cg_nl_req_put_u64(req, CGSCOPE_A_CGROUP_ID, id)) {
		nlmsg_free(req);
		return -1;
	}
	err = cg_nl_do(req, cgroup_name_parse, &c);
	if (err) {
		free(c.path);
		return err == CG_NL_EREPORTED ? -1 : 0;
	}
	*path = c.path;
	return 0;
}

/* Find where each program is attached, by path. */
static int devcg_resolve_attach(struct devcg *d)
{
	size_t i, j;

	for (i = 0; i < d->nr_progs; i++) {
		struct devcg_prog *p = &d->progs[i];

		if (!p->has_at)
			continue;
		if (d->has_v2_id && d->v2_path && p->at == d->v2_id) {
			p->at_path = xstrdup(d->v2_path);
			continue;
		}
		for (j = 0; j < i; j++) {
			if (d->progs[j].has_at && d->progs[j].at == p->at)
				break;
		}
		if (j < i) {
			if (d->progs[j].at_path)
				p->at_path = xstrdup(d->progs[j].at_path);
			continue;
		}
		if (devcg_v2_path(p->at, &p->at_path))
			return -1;
	}
	return 0;
}

/**
 * devcg_v2_prog_ids() - the ids of the device programs in effect on a v2
 *	cgroup, in the order they run (CGSCOPE_CMD_DEVCG_GET)
 * @v2_id: the v2 cgroup
 * @ids: set to a malloc()ed array; free() it
 * @nr: set to its length
 *
 * Return: 0, or an error of cg_nl_do() (-ENOENT: no such cgroup), not
 * reported.
 */
int devcg_v2_prog_ids(__u64 v2_id, __u32 **ids, size_t *nr)
{
	struct devcg d = { 0 };
	struct nl_msg *req;
	size_t i;
	int err;

	*ids = NULL;
	*nr = 0;
	req = cg_nl_req_new(CGSCOPE_CMD_DEVCG_GET, false);
	if (!req)
		return CG_NL_EREPORTED;
	if (cg_nl_req_put_u32(req, CGSCOPE_A_DEVCG_HIERARCHY_ID, 0) ||
	    cg_nl_req_put_u64(req, CGSCOPE_A_DEVCG_CGROUP_ID, v2_id)) {
		nlmsg_free(req);
		return CG_NL_EREPORTED;
	}
	err = cg_nl_do(req, devcg_parse, &d);
	if (!err) {
		*ids = xcalloc(d.nr_progs ? d.nr_progs : 1, sizeof(**ids));
		for (i = 0; i < d.nr_progs; i++)
			(*ids)[i] = d.progs[i].id;
		*nr = d.nr_progs;
	}
	devcg_free(&d);
	return err;
}

/* An exception: a devices.list line, or an object with -1 for "*" */
static void devcg_print_exc(const struct devcg_exc *e)
{
	char type[2] = { devcg_type_char(e->type), '\0' };
	char line[DEVCG_EXC_STRLEN], acc[4];

	devcg_exc_str(e, true, line, sizeof(line));
	print_string(PRINT_FP, NULL, "%s\n", line);
	open_json_object(NULL);
	print_string(PRINT_JSON, "type", NULL, type);
	print_s64(PRINT_JSON, "major", NULL,
		  e->major == CGSCOPE_DEV_WILDCARD ? -1 : (__s64)e->major);
	print_s64(PRINT_JSON, "minor", NULL,
		  e->minor == CGSCOPE_DEV_WILDCARD ? -1 : (__s64)e->minor);
	print_string(PRINT_JSON, "access", NULL,
		     devcg_access_str(e->access, acc));
	close_json_object();
}

/* The v1 devices cgroup: which one, its default and its exceptions */
static void devcg_print_v1(const struct devcg *d)
{
	bool has_v1 = devcg_has_v1(d);
	size_t i;

	print_u64_or_null("cgroup_id", d->has_id, d->id);
	print_u64_or_null("hierarchy_id", d->has_hier, d->hier);
	print_string_or(PRINT_ANY, "path", "devices cgroup: %s", d->path,
			has_v1 ? "?" : "none");
	if (has_v1 && d->has_hier)
		print_uint(PRINT_FP, NULL, " (hierarchy %u", d->hier);
	else if (has_v1)
		print_string(PRINT_FP, NULL, "%s", " (hierarchy ?");
	if (has_v1 && d->has_id)
		print_u64(PRINT_FP, NULL, ", id %llu)", d->id);
	else if (has_v1)
		print_string(PRINT_FP, NULL, "%s", ", id ?)");
	print_nl();

	if (d->behavior)
		print_string(PRINT_ANY, "behavior",
			     d->behavior == CGSCOPE_DEVCG_DEFAULT_ALLOW ?
			     "behavior: default %s (exceptions deny)\n" :
			     "behavior: default %s (exceptions allow)\n",
			     devcg_behavior_name(d->behavior));
	else
		print_null(has_v1 ? PRINT_ANY : PRINT_JSON, "behavior",
			   "behavior: -\n");
	if (d->behavior || d->nr_exc) {
		open_json_array(PRINT_JSON, "exceptions");
		for (i = 0; i < d->nr_exc; i++)
			devcg_print_exc(&d->exc[i]);
		close_json_array(PRINT_JSON, NULL);
	} else {
		print_null(PRINT_JSON, "exceptions", NULL);
	}
	if (has_v1 && !d->nr_exc)
		print_string(PRINT_FP, NULL, "%s\n", "(no exceptions)");
}

/* One v2 device program in effect, and its rules */
static void devcg_print_prog(const struct devcg_prog *p,
			     const struct devrules_prog *rp)
{
	char tag[DEVCG_TAG_SIZE * 2 + 1];
	size_t i;

	open_json_object(NULL);
	print_uint(PRINT_ANY, "id", "  id %u", p->id);
	print_string(PRINT_JSON, "name", NULL, p->name ? p->name : "");
	print_string(PRINT_FP, NULL, "  name %s",
		     p->name && *p->name ? p->name : "-");
	if (p->has_tag) {
		for (i = 0; i < DEVCG_TAG_SIZE; i++)
			snprintf(tag + 2 * i, 3, "%02x", p->tag[i]);
		print_string(PRINT_ANY, "tag", "  tag %s", tag);
	} else {
		print_null(PRINT_ANY, "tag", "  tag -");
	}
	/* text: where it is attached, by path when we found it */
	if (p->has_at)
		print_u64(p->at_path ? PRINT_JSON : PRINT_ANY, "attached_at",
			  "  attached at cgroup id %llu", p->at);
	else
		print_null(PRINT_ANY, "attached_at", "  attached at ?");
	if (p->at_path)
		print_string(PRINT_FP, NULL, "  attached at %s", p->at_path);
	if (p->inherited)
		print_string(PRINT_FP, NULL, "%s", " (inherited)");
	print_uint(PRINT_ANY, "attach_flags", "  flags 0x%x", p->flags);
	print_bool(PRINT_JSON, "inherited", NULL, p->inherited);
	print_nl();
	devrules_print_prog(rp);
	close_json_object();
}

/*
 * The v2 device programs in effect, and the v2 cgroup they are in effect
 * on: "bpf programs (v2 cgroup X, id N):" and a line each, or "bpf
 * programs: none (v2 cgroup X, id N)".
 */
static void devcg_print_v2(const struct devcg *d,
			   const struct devrules_prog *rp)
{
	bool named = d->has_v2_id || d->v2_path || d->nr_progs;
	size_t i;

	print_string(PRINT_FP, NULL, "%s",
		     d->nr_progs ? "bpf programs (" :
		     named ? "bpf programs: none (" : "bpf programs: none");
	print_u64_or_null("v2_cgroup_id", d->has_v2_id, d->v2_id);
	print_string_or(named ? PRINT_ANY : PRINT_JSON, "v2_path",
			"v2 cgroup %s", d->v2_path, "?");
	if (d->has_v2_id)
		print_u64(PRINT_FP, NULL, ", id %llu", d->v2_id);
	print_string(PRINT_FP, NULL, "%s",
		     d->nr_progs ? "):" : named ? ")" : "");
	print_nl();
	if (devcg_has_v2(d)) {
		open_json_array(PRINT_JSON, "bpf_programs");
		for (i = 0; i < d->nr_progs; i++)
			devcg_print_prog(&d->progs[i], &rp[i]);
		close_json_array(PRINT_JSON, NULL);
	} else {
		print_null(PRINT_JSON, "bpf_programs", NULL);
	}
}

/*
 * The effective policy: the v1 layer (if the devices controller is on v1)
 * and every program, combined.
 */
static int devcg_print_policy(const struct devcg *d,
			      const struct devrules_prog *rp)
{
	struct devpolicy_exc *exc;
	struct devpolicy_v1 v1;
	struct devpolicy pol;

	exc = xcalloc(d->nr_exc ? d->nr_exc : 1, sizeof(*exc));
	devrules_v1(devcg_has_v1(d), d->behavior, d->exc, d->nr_exc, &v1,
		    exc);
	if (devrules_policy(&v1, rp, d->nr_progs, &pol)) {
		free(exc);
		p_err("devices: out of memory combining the device rules");
		return -1;
	}
	devrules_print_policy(&pol);
	devpolicy_free(&pol);
	free(exc);
	return 0;
}

/* cgscope devices (PATH | --pid PID) */
static int devices_show(int argc, char **argv)
{
	struct devrules_prog *rp = NULL;
	struct devcg d = { 0 };
	size_t i;
	struct cg_target t;
	struct nl_msg *req;
	int ret = EXIT_ERR;
	int err;

	if (target_parse("devices", TARGET_PATH | TARGET_PID, argc, argv,
			 &t) < 0 || target_resolve(&t))
		return EXIT_ERR;

	req = cg_nl_req_new(CGSCOPE_CMD_DEVCG_GET, false);
	if (!req)
		return EXIT_ERR;
	if (t.has_pid ?
	    cg_nl_req_put_u32(req, CGSCOPE_A_DEVCG_PID, t.pid) :
	    (cg_nl_req_put_u32(req, CGSCOPE_A_DEVCG_HIERARCHY_ID,
			       t.where.hier) ||
	     cg_nl_req_put_u64(req, CGSCOPE_A_DEVCG_CGROUP_ID,
			       t.where.cgrp_id))) {
		nlmsg_free(req);
		return EXIT_ERR;
	}
	err = cg_nl_do(req, devcg_parse, &d);
	if (err) {
		devcg_target_perror(err, &t, "CGSCOPE_CMD_DEVCG_GET", "devices",
				    "cannot get the device rules of");
		goto out_free;
	}
	/* Text names the cgroups programs are attached to; JSON has ids. */
	if (!json && devcg_resolve_attach(&d))
		goto out_free;
	/* Each program read back now; one that went away says so. */
	rp = xcalloc(d.nr_progs ? d.nr_progs : 1, sizeof(*rp));
	for (i = 0; i < d.nr_progs; i++)
		devrules_prog_read(d.progs[i].id, &rp[i]);
	open_json_object(NULL);
	devcg_print_v1(&d);
	devcg_print_v2(&d, rp);
	if (devcg_print_policy(&d, rp))
		goto out_free;
	close_json_object();
	ret = EXIT_OK;
out_free:
	for (i = 0; rp && i < d.nr_progs; i++)
		devrules_prog_free(&rp[i]);
	free(rp);
	devcg_free(&d);
	return ret;
}

static const struct cmd devices_cmds[] = {
	{ NULL, devices_show },	/* no COMMAND */
};

/**
 * do_devices() - "cgscope devices (PATH | --pid PID)"
 * @argc: argument count
 * @argv: arguments after "devices"
 *
 * Return: exit status.
 */
int do_devices(int argc, char **argv)
{
	return cmd_select(devices_cmds, argc, argv);
}
