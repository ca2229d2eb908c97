// SPDX-License-Identifier: GPL-2.0
/*
 * cgscope check: would the kernel let a task, or the tasks of a cgroup,
 * open or mknod a device, and which rule decides (CGSCOPE_CMD_DEVCG_CHECK).
 *
 *	$ cgscope check --pid 1234 c 1:11 w
 *	denied: c 1:11 w by devices cgroup /docker/abc: no exception matched, default deny
 *
 * The kernel evaluates as devcgroup_check_permission() does: the v2 device
 * programs first, then the v1 exception list.  Exit status 0 allowed,
 * 1 denied, 2 error.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>

#include <uapi/linux/cgscope.h>

#include "check.h"
#include "devices.h"
#include "devrules.h"
#include "main.h"
#include "nl.h"
#include "print.h"
#include "target.h"

static const struct nla_policy check_policy[CGSCOPE_A_CHECK_MAX + 1] = {
	[CGSCOPE_A_CHECK_PID]			= NL_POL_U32,
	[CGSCOPE_A_CHECK_HIERARCHY_ID]		= NL_POL_U32,
	[CGSCOPE_A_CHECK_CGROUP_ID]		= NL_POL_U64,
	[CGSCOPE_A_CHECK_TYPE]			= NL_POL_U8,
	[CGSCOPE_A_CHECK_MAJOR]			= NL_POL_U32,
	[CGSCOPE_A_CHECK_MINOR]			= NL_POL_U32,
	[CGSCOPE_A_CHECK_ACCESS]		= NL_POL_U8,
	[CGSCOPE_A_CHECK_ALLOWED]		= NL_POL_U8,
	[CGSCOPE_A_CHECK_LAYER]			= NL_POL_U32,
	[CGSCOPE_A_CHECK_BEHAVIOR]		= NL_POL_U32,
	[CGSCOPE_A_CHECK_RULE]			= NL_POL_NEST,
	[CGSCOPE_A_CHECK_PROG_ID]		= NL_POL_U32,
	[CGSCOPE_A_CHECK_NR_PROGS]		= NL_POL_U32,
	[CGSCOPE_A_CHECK_DEVCG_CGROUP_ID]	= NL_POL_U64,
	[CGSCOPE_A_CHECK_DEVCG_PATH]		= NL_POL_STR,
	[CGSCOPE_A_CHECK_V2_CGROUP_ID]		= NL_POL_U64,
	[CGSCOPE_A_CHECK_V2_PATH]		= NL_POL_STR,
};

static int check_parse(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[CGSCOPE_A_CHECK_MAX + 1];
	struct check_result *r = arg;
	const char *s;

	if (cg_nl_parse(nlh, tb, CGSCOPE_A_CHECK_MAX, check_policy,
			"device check"))
		return -1;
	if (!tb[CGSCOPE_A_CHECK_ALLOWED] || !tb[CGSCOPE_A_CHECK_LAYER])
		return cg_nl_bad_reply("device check", "no verdict or no layer");
	r->allowed = !!nla_get_u8(tb[CGSCOPE_A_CHECK_ALLOWED]);
	r->layer = nla_get_u32(tb[CGSCOPE_A_CHECK_LAYER]);
	if (!devcg_layer_name(r->layer))
		return cg_nl_bad_reply("device check", "unknown layer %u",
				       r->layer);
	if (tb[CGSCOPE_A_CHECK_BEHAVIOR]) {
		r->behavior = nla_get_u32(tb[CGSCOPE_A_CHECK_BEHAVIOR]);
		if (!devcg_behavior_name(r->behavior))
			return cg_nl_bad_reply("device check",
					       "unknown behavior %u",
					       r->behavior);
	}
	if (tb[CGSCOPE_A_CHECK_RULE]) {
		if (devcg_parse_exc(tb[CGSCOPE_A_CHECK_RULE], &r->rule,
				    "device check"))
			return -1;
		r->has_rule = true;
	}
	if (tb[CGSCOPE_A_CHECK_PROG_ID]) {
		r->has_prog = true;
		r->prog_id = nla_get_u32(tb[CGSCOPE_A_CHECK_PROG_ID]);
	}
	if (tb[CGSCOPE_A_CHECK_NR_PROGS])
		r->nr_progs = nla_get_u32(tb[CGSCOPE_A_CHECK_NR_PROGS]);
	if (tb[CGSCOPE_A_CHECK_DEVCG_CGROUP_ID]) {
		r->has_devcg_id = true;
		r->devcg_id = nla_get_u64(tb[CGSCOPE_A_CHECK_DEVCG_CGROUP_ID]);
	}
	s = cg_nl_attr_str(tb[CGSCOPE_A_CHECK_DEVCG_PATH]);
	r->devcg_path = s ? xstrdup(s) : NULL;
	if (tb[CGSCOPE_A_CHECK_V2_CGROUP_ID]) {
		r->has_v2_id = true;
		r->v2_id = nla_get_u64(tb[CGSCOPE_A_CHECK_V2_CGROUP_ID]);
	}
	s = cg_nl_attr_str(tb[CGSCOPE_A_CHECK_V2_PATH]);
	r->v2_path = s ? xstrdup(s) : NULL;
	return 0;
}

/* "c 1:3 rwm", "default deny", or NULL: what decided, for JSON. */
static const char *check_rule_str(const struct check_result *r, char *buf,
				  size_t len)
{
	if (r->has_rule) {
		devcg_exc_str(&r->rule, true, buf, len);
		return buf;
	}
	if (r->layer != CGSCOPE_LAYER_V1)
		return NULL;
	if (r->behavior == CGSCOPE_DEVCG_DEFAULT_ALLOW)
		return "default allow";
	if (r->behavior == CGSCOPE_DEVCG_DEFAULT_DENY)
		return "default deny";
	return NULL;
}

/* JSON: a cgroup as an object, null when nothing is known of it */
static void check_print_cgroup_json(const char *key, bool has_id, __u64 id,
				    const char *path)
{
	if (!has_id && !path) {
		print_null(PRINT_JSON, key, NULL);
		return;
	}
	open_json_object(key);
	print_u64_or_null("id", has_id, id);
	print_string(PRINT_JSON, "path", NULL, path);
	close_json_object();
}

/* Text: a cgroup for people, its path, else its id, else "?" */
static void check_print_cgroup(const char *what, bool has_id, __u64 id,
			       const char *path)
{
	print_string(PRINT_FP, NULL, "%s ", what);
	if (path)
		print_string(PRINT_FP, NULL, "%s", path);
	else if (has_id)
		print_u64(PRINT_FP, NULL, "id %llu", id);
	else
		print_string(PRINT_FP, NULL, "%s", "?");
}

/**
 * check_find_rule() - which rule inside the program that denied did
 * @q: the request
 * @prog: that program (r->prog_id), read back with devrules_prog_read()
 * @r: the kernel's verdict; its prog_* members are filled in
 *
 * The decoded rules must agree with the kernel; when they do not (the
 * program was replaced in between, or a decoding bug), say so rather than
 * name a rule.
 */
void check_find_rule(const struct devcg_exc *q,
		     const struct devrules_prog *prog, struct check_result *r)
{
	const struct devprog *dp = &prog->dp;
	int v;

	r->prog = prog;
	r->prog_rule = -2;
	r->prog_read = true;
	if (!prog->loaded) {
		snprintf(r->prog_why, sizeof(r->prog_why), "rules unknown: %s",
			 prog->err);
		return;
	}
	if (!dp->exact) {
		snprintf(r->prog_why, sizeof(r->prog_why),
			 "rules unknown: partial: %s", dp->reason);
		return;
	}
	v = devprog_eval(dp, q->type, q->major, q->minor, q->access,
			 &r->prog_rule);
	if (v != 0) {
		r->prog_rule = -2;
		snprintf(r->prog_why, sizeof(r->prog_why),
			 "its rules as read now %s it (program changed?)",
			 v == 1 ? "allow" : "cannot decide");
		return;
	}
	devrules_rule_name(prog, r->prog_rule, r->prog_why,
			   sizeof(r->prog_why));
}

/* " (runc)", the generator of the program that denied, when known */
static void check_print_gen(const struct check_result *r)
{
	if (r->prog && r->prog->loaded &&
	    r->prog->dp.gen != DEVPROG_GEN_UNKNOWN)
		print_string(PRINT_FP, NULL, " (%s)",
			     devprog_gen_name(r->prog->dp.gen));
}

/* JSON: the generator and the rule of the program that denied */
static void check_print_prog_json(const struct check_result *r)
{
	if (r->prog && r->prog->loaded)
		print_string(PRINT_JSON, "prog_generator", NULL,
			     devprog_gen_name(r->prog->dp.gen));
	else
		print_null(PRINT_JSON, "prog_generator", NULL);
	if (r->prog_rule >= 0)
		print_uint(PRINT_JSON, "prog_rule", NULL, r->prog_rule + 1);
	else
		print_null(PRINT_JSON, "prog_rule", NULL);
	if (r->prog_read)
		print_string(PRINT_JSON, "prog_reason", NULL, r->prog_why);
	else
		print_null(PRINT_JSON, "prog_reason", NULL);
}

/* "the bpf program of v2 cgroup X" or "all 3 bpf programs of v2 cgroup X" */
static void check_print_progs(const struct check_result *r)
{
	if (r->nr_progs == 1)
		print_string(PRINT_FP, NULL, "%s", "the bpf program of ");
	else
		print_uint(PRINT_FP, NULL, "all %u bpf programs of ",
			   r->nr_progs);
	check_print_cgroup("v2 cgroup", r->has_v2_id, r->v2_id, r->v2_path);
}

/* Why the v1 layer decided as it did, after "by devices cgroup X: ". */
static void check_print_v1_reason(const struct check_result *r,
				  const char *acc)
{
	char rule[DEVCG_EXC_STRLEN];
	const char *why = NULL;

	if (!r->has_rule) {
		if (r->behavior == CGSCOPE_DEVCG_DEFAULT_DENY)
			why = "no exception matched, default deny";
		else if (r->behavior == CGSCOPE_DEVCG_DEFAULT_ALLOW)
			why = "no exception matched, default allow";
		else
			why = "no exception matched";
		print_string(PRINT_FP, NULL, "%s", why);
		return;
	}
	devcg_exc_str(&r->rule, true, rule, sizeof(rule));
	print_string(PRINT_FP, NULL, "exception %s", rule);
	if (r->behavior == CGSCOPE_DEVCG_DEFAULT_ALLOW && !r->allowed)
		why = " denies it (default allow)";
	else if (r->behavior == CGSCOPE_DEVCG_DEFAULT_DENY && !r->allowed)
		print_string(PRINT_FP, NULL,
			     " does not allow all of %s (default deny)", acc);
	else if (r->behavior == CGSCOPE_DEVCG_DEFAULT_ALLOW)
		why = " (default allow)";
	if (why)
		print_string(PRINT_FP, NULL, "%s", why);
}

/* Text: which rule decided, the rest of the sentence after the device */
static void check_print_reason(const struct cg_target *t,
			       const struct check_result *r, const char *acc)
{
	if (r->layer == CGSCOPE_LAYER_V1) {
		print_string(PRINT_FP, NULL, "%s", " by ");
		check_print_cgroup("devices cgroup", r->has_devcg_id,
				   r->devcg_id, r->devcg_path);
		print_string(PRINT_FP, NULL, "%s", ": ");
		check_print_v1_reason(r, acc);
		print_nl();
		/* The programs ran first and let it through to the list. */
		if (r->nr_progs) {
			print_string(PRINT_FP, NULL, "%s", "  (first, ");
			check_print_progs(r);
			print_string(PRINT_FP, NULL, "%s", " allowed it)");
			print_nl();
		}
		return;
	}
	if (!r->allowed && r->has_prog) {
		print_uint(PRINT_FP, NULL, " by bpf program %u", r->prog_id);
		check_print_gen(r);
		print_string(PRINT_FP, NULL, "%s", " of ");
		check_print_cgroup("v2 cgroup", r->has_v2_id, r->v2_id,
				   r->v2_path);
		print_string(PRINT_FP, NULL, ": %s", r->prog_why);
	} else if (!r->allowed && r->layer == CGSCOPE_LAYER_BPF) {
		print_string(PRINT_FP, NULL, "%s", " by a bpf program of ");
		check_print_cgroup("v2 cgroup", r->has_v2_id, r->v2_id,
				   r->v2_path);
	} else if (r->allowed && r->nr_progs) {
		/* No v1 rule restricts it; the programs ran and let it be. */
		print_string(PRINT_FP, NULL, "%s", ": ");
		check_print_progs(r);
		print_string(PRINT_FP, NULL, " allow%s it",
			     r->nr_progs == 1 ? "s" : "");
	} else if (r->allowed) {
		print_string(PRINT_FP, NULL, ": nothing restricts this %s",
			     t->has_pid ? "task" : "cgroup");
	} else {
		print_string(PRINT_FP, NULL, "%s",
			     ": the kernel names no rule");
	}
	print_nl();
}

/*
 * The verdict: an object, or a sentence ("denied: c 1:11 w by devices
 * cgroup /x: no exception matched, default deny") that says in words what
 * the members after "access" say.
 */
static void check_print(const struct cg_target *t, const struct devcg_exc *q,
			const struct check_result *r)
{
	char dev[DEVCG_EXC_STRLEN], rule[DEVCG_EXC_STRLEN], acc[4];

	devcg_exc_str(q, false, dev, sizeof(dev));
	devcg_access_str(q->access, acc);
	open_json_object(NULL);
	print_bool(PRINT_JSON, "allowed", NULL, r->allowed);
	print_string(PRINT_FP, NULL, "%s:", r->allowed ? "allowed" : "denied");
	print_string(PRINT_JSON, "layer", NULL, devcg_layer_name(r->layer));
	print_string(PRINT_JSON, "rule", NULL,
		     check_rule_str(r, rule, sizeof(rule)));
	print_u64_or_null("prog_id", r->has_prog, r->prog_id);
	check_print_prog_json(r);
	print_string(PRINT_ANY, "device", " %s", dev);
	print_string(PRINT_ANY, "access", " %s", acc);
	print_string(PRINT_JSON, "behavior", NULL,
		     devcg_behavior_name(r->behavior));
	check_print_cgroup_json("cgroup", r->has_devcg_id, r->devcg_id,
				r->devcg_path);
	check_print_cgroup_json("v2_cgroup", r->has_v2_id, r->v2_id,
				r->v2_path);
	print_uint(PRINT_JSON, "nr_progs", NULL, r->nr_progs);
	close_json_object();
	check_print_reason(t, r, acc);
}

/* TYPE: "c" or "b" */
static int check_parse_type(const char *s, __u8 *type)
{
	if (!strcmp(s, "c")) {
		*type = CGSCOPE_DEV_CHAR;
		return 0;
	}
	if (!strcmp(s, "b")) {
		*type = CGSCOPE_DEV_BLOCK;
		return 0;
	}
	if (!strcmp(s, "a"))
		p_err("check: invalid device type 'a': a check names one device; use c (char) or b (block)");
	else
		p_err("check: invalid device type '%s': use c (char) or b (block)",
		      s);
	return -1;
}

/* One of MAJOR:MINOR: a decimal number, not "*" */
static int check_parse_num(const char *s, const char *what, __u32 *out)
{
	if (!strcmp(s, "*")) {
		p_err("invalid %s '*': a check names one device, not a wildcard",
		      what);
		return -1;
	}
	if (parse_u32(s, what, out))
		return -1;
	if (*out == CGSCOPE_DEV_WILDCARD) {
		p_err("invalid %s '%s': the kernel reads %u as * (any)", what, s,
		      CGSCOPE_DEV_WILDCARD);
		return -1;
	}
	return 0;
}

/* MAJOR:MINOR */
static int check_parse_devnum(const char *s, struct devcg_exc *q)
{
	const char *colon = strchr(s, ':');
	char *major;
	int ret;

	if (!colon || strchr(colon + 1, ':')) {
		p_err("check: invalid device number '%s': use MAJOR:MINOR, e.g. 1:3",
		      s);
		return -1;
	}
	major = xstrdup(s);
	major[colon - s] = '\0';
	ret = check_parse_num(major, "major number", &q->major) ||
	      check_parse_num(colon + 1, "minor number", &q->minor) ? -1 : 0;
	free(major);
	return ret;
}

/* /dev/NODE: the device a char or block special file names */
static int check_parse_node(const char *path, struct devcg_exc *q)
{
	struct stat st;

	if (stat(path, &st) < 0) {
		p_err("%s: not a device node (%s)", path, strerror(errno));
		return -1;
	}
	if (S_ISCHR(st.st_mode)) {
		q->type = CGSCOPE_DEV_CHAR;
	} else if (S_ISBLK(st.st_mode)) {
		q->type = CGSCOPE_DEV_BLOCK;
	} else {
		p_err("%s: not a device node", path);
		return -1;
	}
	q->major = major(st.st_rdev);
	q->minor = minor(st.st_rdev);
	return 0;
}

/* ACCESS: distinct letters of "rwm", in any order */
static int check_parse_access(const char *s, __u8 *access)
{
	const char *p;
	__u8 bit;

	*access = 0;
	if (!*s) {
		p_err("check: invalid access '': empty (use r, w, m or several, e.g. rw)");
		return -1;
	}
	for (p = s; *p; p++) {
		switch (*p) {
		case 'r':
			bit = CGSCOPE_ACC_READ;
			break;
		case 'w':
			bit = CGSCOPE_ACC_WRITE;
			break;
		case 'm':
			bit = CGSCOPE_ACC_MKNOD;
			break;
		default:
			if (isprint((unsigned char)*p))
				p_err("check: invalid access '%s': '%c' is not r, w or m",
				      s, *p);
			else
				p_err("check: invalid access '%s': use r, w, m or several, e.g. rw",
				      s);
			return -1;
		}
		if (*access & bit) {
			p_err("check: invalid access '%s': '%c' given twice", s,
			      *p);
			return -1;
		}
		*access |= bit;
	}
	return 0;
}

/*
 * (--pid PID | --cgroup PATH) (TYPE MAJOR:MINOR | /dev/NODE) ACCESS,
 * options anywhere.  The words are checked in order, so the first
 * mistake is the one reported.
 */
static int check_parse_args(int argc, char **argv, struct cg_target *t,
			    struct devcg_exc *q)
{
	int n, w = 0;

	n = target_parse("check", TARGET_CGROUP | TARGET_PID | TARGET_WORDS,
			 argc, argv, t);
	if (n < 0)
		return -1;
	if (w == n) {
		p_err("check: missing the device: TYPE MAJOR:MINOR or /dev/NODE");
		return -1;
	}
	if (argv[w][0] == '/') {
		if (check_parse_node(argv[w++], q))
			return -1;
	} else {
		if (check_parse_type(argv[w++], &q->type))
			return -1;
		if (w == n) {
			p_err("check: missing MAJOR:MINOR after the type");
			return -1;
		}
		if (check_parse_devnum(argv[w++], q))
			return -1;
	}
	if (w == n) {
		p_err("check: missing ACCESS: r, w, m or several, e.g. rw");
		return -1;
	}
	if (check_parse_access(argv[w++], &q->access))
		return -1;
	if (w < n) {
		p_err("check: unexpected argument '%s'", argv[w]);
		return -1;
	}
	return 0;
}

/**
 * check_query() - ask the kernel whether @t may make request @q
 * @t: a resolved task or cgroup
 * @q: the device and the access asked for at once
 * @r: the verdict; check_result_free() it
 *
 * Return: 0, or an error of cg_nl_do() (not yet reported).
 */
int check_query(const struct cg_target *t, const struct devcg_exc *q,
		struct check_result *r)
{
	struct nl_msg *req;

	memset(r, 0, sizeof(*r));
	r->prog_rule = -2;
	req = cg_nl_req_new(CGSCOPE_CMD_DEVCG_CHECK, false);
	if (!req)
		return CG_NL_EREPORTED;
	if ((t->has_pid ?
	     cg_nl_req_put_u32(req, CGSCOPE_A_CHECK_PID, t->pid) :
	     (cg_nl_req_put_u32(req, CGSCOPE_A_CHECK_HIERARCHY_ID,
				t->where.hier) ||
	      cg_nl_req_put_u64(req, CGSCOPE_A_CHECK_CGROUP_ID,
				t->where.cgrp_id))) ||
	    cg_nl_req_put_u8(req, CGSCOPE_A_CHECK_TYPE, q->type) ||
	    cg_nl_req_put_u32(req, CGSCOPE_A_CHECK_MAJOR, q->major) ||
	    cg_nl_req_put_u32(req, CGSCOPE_A_CHECK_MINOR, q->minor) ||
	    cg_nl_req_put_u8(req, CGSCOPE_A_CHECK_ACCESS, q->access)) {
		nlmsg_free(req);
		return CG_NL_EREPORTED;
	}
	return cg_nl_do(req, check_parse, r);
}

void check_result_free(struct check_result *r)
{
	free(r->devcg_path);
	free(r->v2_path);
	memset(r, 0, sizeof(*r));
}

/* cgscope check (--pid PID | --cgroup PATH) DEVICE ACCESS */
static int check_run(int argc, char **argv)
{
	struct devrules_prog prog = { 0 };
	struct check_result r;
	struct devcg_exc q = { 0 };
	struct cg_target t;
	int ret = EXIT_ERR;
	int err;

	if (check_parse_args(argc, argv, &t, &q) || target_resolve(&t))
		return EXIT_ERR;
	err = check_query(&t, &q, &r);
	if (err) {
		devcg_target_perror(err, &t, "CGSCOPE_CMD_DEVCG_CHECK", "check",
				    "cannot check the access for");
		goto out_free;
	}
	/* The kernel named the program that denied: which rule in it? */
	if (!r.allowed && r.has_prog) {
		devrules_prog_read(r.prog_id, &prog);
		check_find_rule(&q, &prog, &r);
	}
	check_print(&t, &q, &r);
	ret = r.allowed ? EXIT_OK : EXIT_DENIED;
out_free:
	devrules_prog_free(&prog);
	check_result_free(&r);
	return ret;
}

static const struct cmd check_cmds[] = {
	{ NULL, check_run },	/* no COMMAND */
};

/**
 * do_check() - "cgscope check (--pid PID | --cgroup PATH) DEVICE ACCESS"
 * @argc: argument count
 * @argv: arguments after "check"
 *
 * Return: EXIT_OK when the access is allowed, EXIT_DENIED when denied,
 * EXIT_ERR on error.
 */
int do_check(int argc, char **argv)
{
	return cmd_select(check_cmds, argc, argv);
}
