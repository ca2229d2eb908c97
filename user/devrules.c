// SPDX-License-Identifier: GPL-2.0
/*
 * devrules: device programs read back as rules, and a cgroup's layers as
 * one policy, printed the one way every command shows them.
 *
 *	    generator runc, exact, 4 rules, default deny
 *	     1  allow c 1:3 rwm
 *	     2  allow c 136:* rwm
 *	     3  deny  c 1:11 w
 *	     4  allow a *:* m
 *
 * Rules are numbered from 1 in the program's order; the first that matches
 * a request decides it, the default decides the rest.  A program that could
 * not be decoded exactly shows no rules, only why ("partial: ...").  In
 * JSON a rule is {"rule": 1, "allow": true, "type": "c", "major": 1,
 * "major_last": 1, "minor": 3, "minor_last": 3, "access": "rwm",
 * "requests": null}: -1 is "*", *_last ends a range, and "requests" lists
 * the access combinations when a rule matches only some of them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uapi/linux/cgscope.h>

#include "devrules.h"
#include "main.h"
#include "print.h"

/**
 * devrules_prog_read() - read program @id from the kernel and decode it
 * @id: program id
 * @p: filled in; devrules_prog_free() it either way
 *
 * Return: 0, or -1 with @p->err saying why (the program went away, no
 * privilege for bpf(2), not a device program, out of memory).
 */
int devrules_prog_read(__u32 id, struct devrules_prog *p)
{
	struct devprog_source src;
	int err;

	memset(p, 0, sizeof(*p));
	p->id = id;
	err = devprog_load(id, &p->kp, p->err, sizeof(p->err));
	if (err)
		return -1;
	devprog_kprog_source(&p->kp, &src);
	err = devprog_decode(&src, &p->dp);
	if (err) {
		snprintf(p->err, sizeof(p->err),
			 "cannot decode BPF program %u: %s", id,
			 strerror(-err));
		return -1;
	}
	p->loaded = true;
	return 0;
}

void devrules_prog_free(struct devrules_prog *p)
{
	if (p->loaded)
		devprog_free(&p->dp);
	devprog_kprog_free(&p->kp);
	memset(p, 0, sizeof(*p));
}

/* A major or minor range as JSON numbers: -1 for "*" */
static void devrules_print_num(const char *key, const char *key_last,
			       __u32 lo, __u32 hi)
{
	bool any = lo == 0 && hi == CGSCOPE_DEV_WILDCARD;

	print_s64(PRINT_JSON, key, NULL, any ? -1 : (__s64)lo);
	print_s64(PRINT_JSON, key_last, NULL, any ? -1 : (__s64)hi);
}

/**
 * devrules_print_rule() - one rule: "  3  deny  c 1:11 w", or an object
 * @r: the rule
 * @nr: its number from 1, 0 for a rule of a policy (no number, no verdict
 *	in text: the policy's default says it)
 * @with_verdict: text: print "allow"/"deny"
 */
void devrules_print_rule(const struct devprog_rule *r, unsigned int nr,
			 bool with_verdict)
{
	char line[DEVPROG_RULE_STRLEN], type[2] = { r->type, '\0' };
	char acc[4];
	int a;

	devprog_rule_str(r, line, sizeof(line));
	open_json_object(NULL);
	if (nr)
		print_uint(PRINT_ANY, "rule", "    %3u  ", nr);
	else
		print_string(PRINT_FP, NULL, "%s", "  ");
	print_bool(PRINT_JSON, "allow", NULL, r->allow);
	if (with_verdict)
		print_string(PRINT_FP, NULL, "%-6s", r->allow ? "allow" : "deny");
	print_string(PRINT_FP, NULL, "%s", line);
	print_string(PRINT_JSON, "type", NULL, type);
	devrules_print_num("major", "major_last", r->major_lo, r->major_hi);
	devrules_print_num("minor", "minor_last", r->minor_lo, r->minor_hi);
	print_string(PRINT_JSON, "access", NULL,
		     devcg_access_str(r->access, acc));
	if (devprog_rule_is_simple(r)) {
		print_null(PRINT_JSON, "requests", NULL);
	} else {
		open_json_array(PRINT_JSON, "requests");
		for (a = 1; a <= DEVCG_ACC_ALL; a++)
			if (r->requests & DEVPROG_REQ(a))
				print_string(PRINT_JSON, NULL, NULL,
					     devcg_access_str(a, acc));
		close_json_array(PRINT_JSON, NULL);
	}
	close_json_object();
	print_nl();
}

/* "runc", "libnvidia-container + runc"; JSON generator, generator_inner */
static void devrules_print_gen(const struct devprog *dp)
{
	print_string(PRINT_ANY, "generator", "    generator %s",
		     devprog_gen_name(dp->gen));
	if (dp->gen == DEVPROG_GEN_NVIDIA)
		print_string(PRINT_ANY, "generator_inner", " + %s",
			     devprog_gen_name(dp->gen_inner));
	else
		print_null(PRINT_JSON, "generator_inner", NULL);
}

/**
 * devrules_print_prog() - a program's rules, inside its JSON object
 * @p: the program read back
 *
 * Members: "generator", "generator_inner" (the program after
 * libnvidia-container's blocks), "exact", "partial_reason", "partial_insn",
 * "default" ("allow"/"deny", null when partial), "rules" (null when
 * partial), "read_error" (null unless the program could not be read).
 */
void devrules_print_prog(const struct devrules_prog *p)
{
	const struct devprog *dp = &p->dp;
	unsigned int i;

	if (!p->loaded) {
		print_null(PRINT_JSON, "generator", NULL);
		print_null(PRINT_JSON, "generator_inner", NULL);
		print_bool(PRINT_JSON, "exact", NULL, false);
		print_null(PRINT_JSON, "partial_reason", NULL);
		print_null(PRINT_JSON, "partial_insn", NULL);
		print_null(PRINT_JSON, "default", NULL);
		print_null(PRINT_JSON, "rules", NULL);
		print_string(PRINT_ANY, "read_error", "    rules unknown: %s",
			     p->err);
		print_nl();
		return;
	}
	print_null(PRINT_JSON, "read_error", NULL);
	devrules_print_gen(dp);
	print_bool(PRINT_JSON, "exact", NULL, dp->exact);
	if (!dp->exact) {
		print_string(PRINT_ANY, "partial_reason", ", partial: %s",
			     dp->reason);
		/* the reason names the instruction already */
		if (dp->reason_insn >= 0)
			print_uint(PRINT_JSON, "partial_insn", NULL,
				   dp->reason_insn);
		else
			print_null(PRINT_JSON, "partial_insn", NULL);
		print_null(PRINT_JSON, "default", NULL);
		print_null(PRINT_JSON, "rules", NULL);
		print_string(PRINT_FP, NULL, "%s", "; rules not shown");
		print_nl();
		return;
	}
	print_null(PRINT_JSON, "partial_reason", NULL);
	print_null(PRINT_JSON, "partial_insn", NULL);
	print_uint(PRINT_FP, NULL, ", exact, %u rule", dp->nr_rules);
	print_string(PRINT_FP, NULL, "%s", dp->nr_rules == 1 ? "" : "s");
	print_string(PRINT_ANY, "default", ", default %s",
		     dp->default_allow ? "allow" : "deny");
	print_nl();
	open_json_array(PRINT_JSON, "rules");
	for (i = 0; i < dp->nr_rules; i++)
		devrules_print_rule(&dp->rules[i], i + 1, true);
	close_json_array(PRINT_JSON, NULL);
}

/**
 * devrules_rule_name() - "rule 3: deny c 1:11 w" or "no rule matched,
 * default deny", for what program @p decided with rule @rule
 * @p: a program read back
 * @rule: index from devprog_eval(), -1 for the default
 * @buf: where
 * @len: its size
 */
void devrules_rule_name(const struct devrules_prog *p, int rule, char *buf,
			size_t len)
{
	char line[DEVPROG_RULE_STRLEN];
	const struct devprog_rule *r;

	if (rule < 0) {
		snprintf(buf, len, "no rule matched, default %s",
			 p->dp.default_allow ? "allow" : "deny");
		return;
	}
	r = &p->dp.rules[rule];
	devprog_rule_str(r, line, sizeof(line));
	snprintf(buf, len, "rule %d: %s %s", rule + 1,
		 r->allow ? "allow" : "deny", line);
}

/**
 * devrules_v1() - the v1 layer as the kernel reported it, for devpolicy
 * @present: there is a v1 devices cgroup
 * @behavior: enum cgscope_devcg_behavior
 * @exc: its exceptions
 * @nr: how many
 * @v1: filled in, pointing at @out
 * @out: room for @nr exceptions
 */
void devrules_v1(bool present, __u32 behavior, const struct devcg_exc *exc,
		 size_t nr, struct devpolicy_v1 *v1, struct devpolicy_exc *out)
{
	size_t i;

	memset(v1, 0, sizeof(*v1));
	v1->present = present && behavior;
	v1->default_allow = behavior == CGSCOPE_DEVCG_DEFAULT_ALLOW;
	for (i = 0; i < nr; i++) {
		out[i].type = devcg_type_char(exc[i].type);
		out[i].major = exc[i].major;
		out[i].minor = exc[i].minor;
		out[i].access = exc[i].access;
	}
	v1->nr = nr;
	v1->exc = out;
}

/**
 * devrules_policy() - combine the v1 layer and the programs
 * @v1: the v1 layer (present or not)
 * @progs: the effective programs read back
 * @nr: how many
 * @pol: filled in; devpolicy_free() it.  Not exact when a program could
 *	not be read or decoded; @pol->reason says which.
 *
 * Return: 0, or -1 when out of memory.
 */
int devrules_policy(const struct devpolicy_v1 *v1,
		    const struct devrules_prog *progs, size_t nr,
		    struct devpolicy *pol)
{
	const struct devprog **dps;
	size_t i;
	int err;

	memset(pol, 0, sizeof(*pol));
	for (i = 0; i < nr; i++) {
		if (!progs[i].loaded) {
			snprintf(pol->reason, sizeof(pol->reason),
				 "program %u could not be read", progs[i].id);
			return 0;
		}
	}
	dps = xcalloc(nr ? nr : 1, sizeof(*dps));
	for (i = 0; i < nr; i++)
		dps[i] = &progs[i].dp;
	err = devpolicy_build(v1, dps, nr, pol);
	free(dps);
	return err ? -1 : 0;
}

/**
 * devrules_print_policy() - the effective policy as devices.list would
 * list it: "default deny" and the rules that allow, or "default allow"
 * and the rules that deny; a member "policy" in JSON
 * @pol: the combined policy
 */
void devrules_print_policy(const struct devpolicy *pol)
{
	unsigned int i;

	open_json_object("policy");
	print_string(PRINT_FP, NULL, "%s",
		     "effective policy (every layer must allow):");
	print_bool(PRINT_JSON, "exact", NULL, pol->exact);
	if (!pol->exact) {
		print_string(PRINT_ANY, "reason", " unknown: %s", pol->reason);
		print_null(PRINT_JSON, "default", NULL);
		print_null(PRINT_JSON, "rules", NULL);
		close_json_object();
		print_nl();
		return;
	}
	print_null(PRINT_JSON, "reason", NULL);
	print_nl();
	print_string(PRINT_ANY, "default", "  default %s",
		     pol->default_allow ? "allow" : "deny");
	print_string(PRINT_FP, NULL, "%s",
		     !pol->nr_rules ? "" :
		     pol->default_allow ? ", except:" : ", and allowed:");
	print_nl();
	open_json_array(PRINT_JSON, "rules");
	for (i = 0; i < pol->nr_rules; i++)
		devrules_print_rule(&pol->rules[i], 0, false);
	close_json_array(PRINT_JSON, NULL);
	close_json_object();
}
