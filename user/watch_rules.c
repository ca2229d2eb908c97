// SPDX-License-Identifier: GPL-2.0
/*
 * watch_rules: what a device program event changed in the effective
 * device policy of its v2 cgroup, as rule diffs:
 *
 *	... rule pid 812 (runc) v2 /demo/web attach prog 41 flags 0x2: ok
 *	  -c 195:* rw
 *
 * When an event arrives, the cgroup's programs are asked for
 * (CGSCOPE_CMD_DEVCG_GET), each read back and decoded once (cached by
 * id), and combined (devpolicy; the programs only: a program event does
 * not touch the v1 list).  The policy before is the one this watch last
 * computed for the cgroup; for the first event of a cgroup it is derived
 * from the programs now: without the attached program, or with the
 * detached one if it was read before.  A program replaced in place that
 * was never read, a program that could not be read or decoded, or a
 * cgroup gone by then leave the change unknown, with the reason.  The
 * programs are read when the event arrives: a change made meanwhile is in
 * the diff of the first event.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uapi/linux/cgscope.h>

#include "devices.h"
#include "devrules.h"
#include "main.h"
#include "watch_rules.h"

/* The last policy computed for one v2 cgroup */
struct wr_cgroup {
	__u64 id;
	struct devpolicy pol;
	__u32 *ids;
	size_t nr_ids;
};

struct watch_rules {
	struct wr_cgroup *cg;
	size_t nr_cg, cap_cg;
	struct devrules_prog **progs;	/* every program read, by id */
	size_t nr_progs, cap_progs;
};

struct watch_rules *watch_rules_new(void)
{
	return xcalloc(1, sizeof(struct watch_rules));
}

void watch_rules_free(struct watch_rules *wr)
{
	size_t i;

	if (!wr)
		return;
	for (i = 0; i < wr->nr_cg; i++) {
		devpolicy_free(&wr->cg[i].pol);
		free(wr->cg[i].ids);
	}
	for (i = 0; i < wr->nr_progs; i++) {
		devrules_prog_free(wr->progs[i]);
		free(wr->progs[i]);
	}
	free(wr->cg);
	free(wr->progs);
	free(wr);
}

/* Program @id read back, from the cache or now; NULL if never read */
static struct devrules_prog *wr_prog(struct watch_rules *wr, __u32 id,
				     bool read)
{
	struct devrules_prog *p;
	size_t i;

	for (i = 0; i < wr->nr_progs; i++)
		if (wr->progs[i]->id == id)
			return wr->progs[i];
	if (!read)
		return NULL;
	p = xcalloc(1, sizeof(*p));
	devrules_prog_read(id, p);
	wr->progs = xgrow(wr->progs, &wr->cap_progs, wr->nr_progs + 1,
			  sizeof(*wr->progs));
	wr->progs[wr->nr_progs++] = p;
	return p;
}

/*
 * The policy of programs @ids (each read already, or now).
 * Return: 0, or -1 with @reason when a program could not be read.
 */
static int wr_policy(struct watch_rules *wr, const __u32 *ids, size_t nr,
		     struct devpolicy *pol, char *reason, size_t len)
{
	struct devrules_prog *ps;
	struct devpolicy_v1 v1 = { 0 };
	size_t i;
	int err;

	ps = xcalloc(nr ? nr : 1, sizeof(*ps));
	for (i = 0; i < nr; i++)
		ps[i] = *wr_prog(wr, ids[i], true);	/* shallow: not freed */
	err = devrules_policy(&v1, ps, nr, pol);
	free(ps);
	if (err) {
		snprintf(reason, len, "out of memory");
		return -1;
	}
	if (!pol->exact) {
		snprintf(reason, len, "%s", pol->reason);
		devpolicy_free(pol);
		return -1;
	}
	return 0;
}

static struct wr_cgroup *wr_cgroup(struct watch_rules *wr, __u64 id)
{
	size_t i;

	for (i = 0; i < wr->nr_cg; i++)
		if (wr->cg[i].id == id)
			return &wr->cg[i];
	return NULL;
}

/* The rules of @a not in @b, as strings */
static char **wr_minus(const struct devpolicy *a, const struct devpolicy *b,
		       size_t *nr)
{
	char line[DEVPROG_RULE_STRLEN], other[DEVPROG_RULE_STRLEN];
	char **v = xcalloc(a->nr_rules ? a->nr_rules : 1, sizeof(*v));
	unsigned int i, j;

	*nr = 0;
	for (i = 0; i < a->nr_rules; i++) {
		devprog_rule_str(&a->rules[i], line, sizeof(line));
		for (j = 0; j < b->nr_rules; j++) {
			devprog_rule_str(&b->rules[j], other, sizeof(other));
			if (!strcmp(line, other))
				break;
		}
		if (j == b->nr_rules)
			v[(*nr)++] = xstrdup(line);
	}
	return v;
}

/* The ids of @ids without @id, or with it first */
static __u32 *wr_ids_other(const __u32 *ids, size_t nr, __u32 id, bool with,
			   size_t *out_nr)
{
	__u32 *v = xcalloc(nr + 1, sizeof(*v));
	size_t i, n = 0;

	if (with)
		v[n++] = id;
	for (i = 0; i < nr; i++)
		if (ids[i] != id)
			v[n++] = ids[i];
	*out_nr = n;
	return v;
}

/**
 * watch_rules_event() - what program event @ev changed
 * @wr: the watch's state
 * @ev: a CGSCOPE_EVENT_PROG event that worked
 * @out: filled in; watch_rules_event_free() it
 */
void watch_rules_event(struct watch_rules *wr, const struct cg_event *ev,
		       struct cg_event_rules *out)
{
	struct devpolicy now, before_own, *before = NULL;
	struct wr_cgroup *cg;
	__u32 *ids = NULL, *old_ids;
	size_t nr = 0, nr_old;
	bool detach = ev->op == CGSCOPE_EVENT_OP_DETACH;
	int err;

	memset(out, 0, sizeof(*out));
	if (!ev->has_v2) {
		snprintf(out->reason, sizeof(out->reason),
			 "the event names no v2 cgroup");
		return;
	}
	err = devcg_v2_prog_ids(ev->v2_id, &ids, &nr);
	if (err) {
		snprintf(out->reason, sizeof(out->reason),
			 err == -ENOENT ? "the cgroup is gone" :
			 "cannot ask for its programs");
		goto out_free;
	}
	/* read the attached program first: it may go away */
	if (!detach)
		wr_prog(wr, ev->prog_id, true);
	if (wr_policy(wr, ids, nr, &now, out->reason, sizeof(out->reason)))
		goto out_free;

	cg = wr_cgroup(wr, ev->v2_id);
	if (cg) {
		before = &cg->pol;
	} else if (ev->op == CGSCOPE_EVENT_OP_REPLACE) {
		snprintf(out->reason, sizeof(out->reason),
			 "the program it replaced was never read");
	} else if (detach && !wr_prog(wr, ev->prog_id, false)) {
		snprintf(out->reason, sizeof(out->reason),
			 "the detached program %u was never read",
			 ev->prog_id);
	} else {
		old_ids = wr_ids_other(ids, nr, ev->prog_id, detach, &nr_old);
		err = wr_policy(wr, old_ids, nr_old, &before_own, out->reason,
				sizeof(out->reason));
		free(old_ids);
		if (!err)
			before = &before_own;
	}
	if (before) {
		out->known = true;
		out->default_allow = now.default_allow;
		out->default_changed = now.default_allow !=
				       before->default_allow;
		if (out->default_changed) {
			struct devpolicy none = { 0 };

			out->added = wr_minus(&now, &none, &out->nr_added);
			out->removed = wr_minus(before, &none,
						&out->nr_removed);
		} else {
			out->added = wr_minus(&now, before, &out->nr_added);
			out->removed = wr_minus(before, &now,
						&out->nr_removed);
		}
		if (before == &before_own)
			devpolicy_free(&before_own);
	}

	/* remember the policy now */
	if (!cg) {
		wr->cg = xgrow(wr->cg, &wr->cap_cg, wr->nr_cg + 1,
			       sizeof(*wr->cg));
		cg = &wr->cg[wr->nr_cg++];
		memset(cg, 0, sizeof(*cg));
		cg->id = ev->v2_id;
	} else {
		devpolicy_free(&cg->pol);
		free(cg->ids);
	}
	cg->pol = now;
	cg->ids = ids;
	cg->nr_ids = nr;
	return;

out_free:
	free(ids);
}

void watch_rules_event_free(struct cg_event_rules *out)
{
	size_t i;

	for (i = 0; i < out->nr_added; i++)
		free(out->added[i]);
	for (i = 0; i < out->nr_removed; i++)
		free(out->removed[i]);
	free(out->added);
	free(out->removed);
	memset(out, 0, sizeof(*out));
}
