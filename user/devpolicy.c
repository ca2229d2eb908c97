// SPDX-License-Identifier: GPL-2.0
/*
 * devpolicy: the v1 exceptions and the decoded v2 programs of a cgroup,
 * combined into one devices.list rule list (see devpolicy.h).
 *
 * Method.  Every rule of every layer is a box (type x major range x minor
 * range); between the ends of the boxes a layer's answer cannot change.
 * The major numbers are cut at every box end; within each major cell, the
 * minor numbers at the ends of the boxes that span it (so the cells grow
 * with the rules, not with their product).  Each cell is evaluated once per
 * type and per request (the 7 nonempty combinations of r, w, m), every
 * layer at one point of it, giving the set of requests the cell allows.
 * The cells are then merged into the largest boxes of equal answer.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devpolicy.h"

#define U32_MAX_		0xffffffffU
#define NR_TYPES		2	/* b, c */

static const char dp_types[NR_TYPES] = { 'b', 'c' };
static const __u8 dp_type_ids[NR_TYPES] = {
	BPF_DEVCG_DEV_BLOCK, BPF_DEVCG_DEV_CHAR,
};

/* All requests made of the access bits in @letters */
static __u8 closure(__u8 letters)
{
	__u8 req = 0, a;

	for (a = 1; a <= 7; a++)
		if (!(a & ~letters))
			req |= DEVPROG_REQ(a);
	return req;
}

/* The access bits that appear in some request of @req */
static __u8 letters_of(__u8 req)
{
	__u8 l = 0, a;

	for (a = 1; a <= 7; a++)
		if (req & DEVPROG_REQ(a))
			l |= a;
	return l;
}

/* All requests that ask for at least one bit of @letters */
static __u8 touching(__u8 letters)
{
	__u8 req = 0, a;

	for (a = 1; a <= 7; a++)
		if (a & letters)
			req |= DEVPROG_REQ(a);
	return req;
}

static bool type_matches(char rule_type, __u8 type)
{
	return rule_type == 'a' ||
	       (rule_type == 'b' && type == BPF_DEVCG_DEV_BLOCK) ||
	       (rule_type == 'c' && type == BPF_DEVCG_DEV_CHAR);
}

/**
 * devpolicy_v1_allows() - the v1 device cgroup's answer
 * @v1: the layer
 * @type: BPF_DEVCG_DEV_*
 * @major: major number
 * @minor: minor number
 * @access: BPF_DEVCG_ACC_* bits asked for at once
 * @exc: the index of the exception that decided, or -1 (the default)
 *
 * As security/device_cgroup.c decides: in default-deny mode an exception
 * must cover the device and all of @access; in default-allow mode an
 * exception that covers the device and any bit of @access denies.
 *
 * Return: true if allowed (also when there is no v1 layer).
 */
bool devpolicy_v1_allows(const struct devpolicy_v1 *v1, __u8 type,
			 __u32 major, __u32 minor, __u8 access, int *exc)
{
	unsigned int i;

	*exc = -1;
	if (!v1 || !v1->present)
		return true;
	for (i = 0; i < v1->nr; i++) {
		const struct devpolicy_exc *e = &v1->exc[i];

		if (!type_matches(e->type, type) ||
		    (e->major != U32_MAX_ && e->major != major) ||
		    (e->minor != U32_MAX_ && e->minor != minor))
			continue;
		if (v1->default_allow && (access & e->access)) {
			*exc = i;
			return false;
		}
		if (!v1->default_allow && !(access & ~e->access)) {
			*exc = i;
			return true;
		}
	}
	return v1->default_allow;
}

/* Every layer's answer at one point. */
static bool all_allow(const struct devpolicy_v1 *v1,
		      const struct devprog *const *progs, unsigned int nr_progs,
		      __u8 type, __u32 major, __u32 minor, __u8 access)
{
	unsigned int i;
	int rule;

	if (!devpolicy_v1_allows(v1, type, major, minor, access, &rule))
		return false;
	for (i = 0; i < nr_progs; i++)
		if (devprog_eval(progs[i], type, major, minor, access, &rule) != 1)
			return false;
	return true;
}

/* A growing array of u32 cut points */
struct cuts {
	__u32 *v;
	unsigned int n, cap;
};

static int cut_add(struct cuts *c, __u32 v)
{
	if (c->n == c->cap) {
		unsigned int cap = c->cap ? 2 * c->cap : 64;
		__u32 *p = realloc(c->v, cap * sizeof(*p));

		if (!p)
			return -ENOMEM;
		c->v = p;
		c->cap = cap;
	}
	c->v[c->n++] = v;
	return 0;
}

/* The cut at @lo and after @hi, for a range [@lo, @hi]. */
static int cut_range(struct cuts *c, __u32 lo, __u32 hi)
{
	if (cut_add(c, lo))
		return -ENOMEM;
	return hi == U32_MAX_ ? 0 : cut_add(c, hi + 1);
}

static int cmp_u32(const void *a, const void *b)
{
	__u32 x = *(const __u32 *)a, y = *(const __u32 *)b;

	return x < y ? -1 : x > y;
}

static void cut_sort(struct cuts *c)
{
	unsigned int i, n = 0;

	qsort(c->v, c->n, sizeof(*c->v), cmp_u32);
	for (i = 0; i < c->n; i++)
		if (!n || c->v[n - 1] != c->v[i])
			c->v[n++] = c->v[i];
	c->n = n;
}

static __u32 cut_end(const struct cuts *c, unsigned int i)
{
	return i + 1 < c->n ? c->v[i + 1] - 1 : U32_MAX_;
}

/* One cell: a major range, a minor range, the requests allowed per type */
struct cell {
	__u32 min_lo, min_hi;
	__u8 req[NR_TYPES];
};

/* The cells of one major range */
struct major_cell {
	__u32 lo, hi;
	unsigned int first, nr;		/* its cells in the cell array */
};

struct grid {
	struct major_cell *maj;
	unsigned int nr_maj;
	struct cell *cells;
	unsigned int nr_cells, cap;
};

static int grid_add(struct grid *g, const struct cell *c)
{
	if (g->nr_cells == g->cap) {
		unsigned int cap = g->cap ? 2 * g->cap : 256;
		struct cell *p = realloc(g->cells, cap * sizeof(*p));

		if (!p)
			return -ENOMEM;
		g->cells = p;
		g->cap = cap;
	}
	g->cells[g->nr_cells++] = *c;
	return 0;
}

/* The minor cuts of the boxes that span major number @maj. */
static int minor_cuts(const struct devpolicy_v1 *v1,
		      const struct devprog *const *progs, unsigned int nr_progs,
		      __u32 maj, struct cuts *c)
{
	unsigned int i, j;

	c->n = 0;
	if (cut_add(c, 0))
		return -ENOMEM;
	for (i = 0; v1 && v1->present && i < v1->nr; i++) {
		const struct devpolicy_exc *e = &v1->exc[i];

		if ((e->major == U32_MAX_ || e->major == maj) &&
		    e->minor != U32_MAX_ && cut_range(c, e->minor, e->minor))
			return -ENOMEM;
	}
	for (i = 0; i < nr_progs; i++) {
		for (j = 0; j < progs[i]->nr_rules; j++) {
			const struct devprog_rule *r = &progs[i]->rules[j];

			if (r->major_lo <= maj && maj <= r->major_hi &&
			    cut_range(c, r->minor_lo, r->minor_hi))
				return -ENOMEM;
		}
	}
	cut_sort(c);
	return 0;
}

/*
 * The requests allowed on one device.  The kernel asks for m (mknod), r, w
 * or rw (open), never for m with r or w: those combinations are defined as
 * allowed when both their parts are, so that a layer allowing "rm" or
 * denying "rw" reads as that one rule in either form.
 */
static __u8 cell_requests(const struct devpolicy_v1 *v1,
			  const struct devprog *const *progs,
			  unsigned int nr_progs, __u8 type, __u32 major,
			  __u32 minor)
{
	static const __u8 asked[] = {
		BPF_DEVCG_ACC_MKNOD, BPF_DEVCG_ACC_READ, BPF_DEVCG_ACC_WRITE,
		BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE,
	};
	__u8 req = 0, a;
	unsigned int i;

	for (i = 0; i < sizeof(asked); i++)
		if (all_allow(v1, progs, nr_progs, type, major, minor,
			      asked[i]))
			req |= DEVPROG_REQ(asked[i]);
	for (a = 1; a <= 7; a++) {
		__u8 rest = a & ~BPF_DEVCG_ACC_MKNOD;

		if (!(a & BPF_DEVCG_ACC_MKNOD) || a == BPF_DEVCG_ACC_MKNOD)
			continue;
		if ((req & DEVPROG_REQ(BPF_DEVCG_ACC_MKNOD)) &&
		    (req & DEVPROG_REQ(rest)))
			req |= DEVPROG_REQ(a);
	}
	return req;
}

static int grid_build(const struct devpolicy_v1 *v1,
		      const struct devprog *const *progs, unsigned int nr_progs,
		      struct grid *g)
{
	struct cuts maj = { 0 }, min = { 0 };
	unsigned int i, j, t;
	int err = -ENOMEM;

	if (cut_add(&maj, 0))
		goto out_free;
	for (i = 0; v1 && v1->present && i < v1->nr; i++)
		if (v1->exc[i].major != U32_MAX_ &&
		    cut_range(&maj, v1->exc[i].major, v1->exc[i].major))
			goto out_free;
	for (i = 0; i < nr_progs; i++)
		for (j = 0; j < progs[i]->nr_rules; j++)
			if (cut_range(&maj, progs[i]->rules[j].major_lo,
				      progs[i]->rules[j].major_hi))
				goto out_free;
	cut_sort(&maj);

	g->maj = calloc(maj.n, sizeof(*g->maj));
	if (!g->maj)
		goto out_free;
	g->nr_maj = maj.n;
	for (i = 0; i < maj.n; i++) {
		struct major_cell *mc = &g->maj[i];

		mc->lo = maj.v[i];
		mc->hi = cut_end(&maj, i);
		mc->first = g->nr_cells;
		if (minor_cuts(v1, progs, nr_progs, mc->lo, &min))
			goto out_free;
		for (j = 0; j < min.n; j++) {
			struct cell c = {
				.min_lo = min.v[j],
				.min_hi = cut_end(&min, j),
			};

			for (t = 0; t < NR_TYPES; t++)
				c.req[t] = cell_requests(v1, progs, nr_progs,
							 dp_type_ids[t], mc->lo,
							 c.min_lo);
			if (grid_add(g, &c))
				goto out_free;
		}
		mc->nr = g->nr_cells - mc->first;
	}
	err = 0;
out_free:
	free(maj.v);
	free(min.v);
	return err;
}

/* A list of rules being built */
struct rules {
	struct devprog_rule *v;
	unsigned int n, cap;
};

static int rule_add(struct rules *rs, const struct devprog_rule *r)
{
	if (rs->n == rs->cap) {
		unsigned int cap = rs->cap ? 2 * rs->cap : 32;
		struct devprog_rule *p = realloc(rs->v, cap * sizeof(*p));

		if (!p)
			return -ENOMEM;
		rs->v = p;
		rs->cap = cap;
	}
	rs->v[rs->n++] = *r;
	return 0;
}

/* Which cells a set of rules with one access may cover, and must. */
typedef bool (*cell_pred)(__u8 req, __u8 arg);

/* allow form: a rule allowing @letters fits where all of them are allowed */
static bool allow_fits(__u8 req, __u8 letters)
{
	return (closure(letters) & req) == closure(letters);
}

/* allow form: a rule allowing exactly @letters is needed */
static bool allow_needed(__u8 req, __u8 letters)
{
	return req && req == closure(letters_of(req)) &&
	       letters_of(req) == letters;
}

/* deny form: a rule denying @letter fits (and is needed) where it is denied */
static bool deny_fits(__u8 req, __u8 letter)
{
	return !(req & touching(letter));
}

/* The runs of consecutive minor cells of major cell @mc where @fits holds */
static int fit_runs(const struct grid *g, const struct major_cell *mc,
		    unsigned int t, cell_pred fits, __u8 arg, struct cuts *runs)
{
	unsigned int j, k;

	runs->n = 0;
	for (j = 0; j < mc->nr; j = k + 1) {
		for (k = j; k < mc->nr &&
		     fits(g->cells[mc->first + k].req[t], arg); k++)
			;
		if (k > j &&
		    (cut_add(runs, g->cells[mc->first + j].min_lo) ||
		     cut_add(runs, g->cells[mc->first + k - 1].min_hi)))
			return -ENOMEM;
	}
	return 0;
}

/* Does a cell of @mc within [@lo, @hi] need a rule? */
static bool run_needed(const struct grid *g, const struct major_cell *mc,
		       unsigned int t, cell_pred needed, __u8 arg, __u32 lo,
		       __u32 hi)
{
	unsigned int j;

	for (j = 0; j < mc->nr; j++) {
		const struct cell *c = &g->cells[mc->first + j];

		if (c->min_lo >= lo && c->min_hi <= hi && needed(c->req[t], arg))
			return true;
	}
	return false;
}

/*
 * The largest boxes of cells of type @t where @fits(requests, @arg) holds
 * that hold at least one cell where @needed does: runs of minor cells per
 * major cell, then consecutive major cells with the same runs merged.
 */
static int boxes(const struct grid *g, unsigned int t, cell_pred fits,
		 cell_pred needed, __u8 arg, bool allow, struct rules *out)
{
	struct cuts runs = { 0 }, next = { 0 };
	unsigned int i = 0, end, r, m;
	int err = -ENOMEM;

	while (i < g->nr_maj) {
		if (fit_runs(g, &g->maj[i], t, fits, arg, &runs))
			goto out_free;
		for (end = i + 1; end < g->nr_maj; end++) {
			if (fit_runs(g, &g->maj[end], t, fits, arg, &next))
				goto out_free;
			if (next.n != runs.n || (runs.n &&
			    memcmp(next.v, runs.v, runs.n * sizeof(*runs.v))))
				break;
		}
		for (r = 0; r < runs.n; r += 2) {
			struct devprog_rule rule = {
				.allow = allow,
				.type = dp_types[t],
				.access = arg,
				.requests = closure(arg),
				.major_lo = g->maj[i].lo,
				.major_hi = g->maj[end - 1].hi,
				.minor_lo = runs.v[r],
				.minor_hi = runs.v[r + 1],
			};
			bool need = false;

			for (m = i; m < end && !need; m++)
				need = run_needed(g, &g->maj[m], t, needed, arg,
						  runs.v[r], runs.v[r + 1]);
			if (need && rule_add(out, &rule))
				goto out_free;
		}
		i = end;
	}
	err = 0;
out_free:
	free(runs.v);
	free(next.v);
	return err;
}

/* Requests of a cell that no downward-closed rule can express: per cell. */
static int odd_cells(const struct grid *g, struct rules *out)
{
	unsigned int i, j, t;

	for (i = 0; i < g->nr_maj; i++) {
		for (j = 0; j < g->maj[i].nr; j++) {
			const struct cell *c = &g->cells[g->maj[i].first + j];

			for (t = 0; t < NR_TYPES; t++) {
				struct devprog_rule r = {
					.allow = true,
					.type = dp_types[t],
					.access = letters_of(c->req[t]),
					.requests = c->req[t],
					.major_lo = g->maj[i].lo,
					.major_hi = g->maj[i].hi,
					.minor_lo = c->min_lo,
					.minor_hi = c->min_hi,
				};

				if (c->req[t] &&
				    c->req[t] != closure(letters_of(c->req[t])) &&
				    rule_add(out, &r))
					return -ENOMEM;
			}
		}
	}
	return 0;
}

static bool same_box(const struct devprog_rule *a, const struct devprog_rule *b)
{
	return a->major_lo == b->major_lo && a->major_hi == b->major_hi &&
	       a->minor_lo == b->minor_lo && a->minor_hi == b->minor_hi;
}

/*
 * Tidy a form: deny rules of one box get one rule with all their letters;
 * a 'b' and a 'c' rule of one box and access become one 'a' rule.
 */
static void merge_rules(struct rules *rs, bool letters)
{
	unsigned int i, j, n;

	for (i = 0; letters && i < rs->n; i++) {
		for (j = i + 1; j < rs->n; j++) {
			if (rs->v[j].type == rs->v[i].type &&
			    same_box(&rs->v[i], &rs->v[j])) {
				rs->v[i].access |= rs->v[j].access;
				rs->v[i].requests = closure(rs->v[i].access);
				rs->v[j] = rs->v[--rs->n];
				j--;
			}
		}
	}
	for (i = 0; i < rs->n; i++) {
		if (rs->v[i].type != 'b')
			continue;
		for (j = 0; j < rs->n; j++) {
			if (rs->v[j].type == 'c' && same_box(&rs->v[i], &rs->v[j]) &&
			    rs->v[j].requests == rs->v[i].requests) {
				rs->v[i].type = 'a';
				rs->v[j].type = 0;	/* gone */
				break;
			}
		}
	}
	for (i = n = 0; i < rs->n; i++)
		if (rs->v[i].type)
			rs->v[n++] = rs->v[i];
	rs->n = n;
}

static int cmp_rule(const void *pa, const void *pb)
{
	const struct devprog_rule *a = pa, *b = pb;

	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	if (a->major_lo != b->major_lo)
		return a->major_lo < b->major_lo ? -1 : 1;
	if (a->minor_lo != b->minor_lo)
		return a->minor_lo < b->minor_lo ? -1 : 1;
	return a->access - b->access;
}

/* The allow form, or -EDOM where a cell's requests are not expressible. */
static int allow_form(const struct grid *g, struct rules *rs)
{
	unsigned int t;
	__u8 l;

	for (t = 0; t < NR_TYPES; t++)
		for (l = 1; l <= 7; l++)
			if (boxes(g, t, allow_fits, allow_needed, l, true, rs))
				return -ENOMEM;
	if (odd_cells(g, rs))
		return -ENOMEM;
	merge_rules(rs, false);
	return 0;
}

static int deny_form(const struct grid *g, struct rules *rs)
{
	unsigned int i, t;
	__u8 l;

	for (i = 0; i < g->nr_cells; i++)
		for (t = 0; t < NR_TYPES; t++)
			if (g->cells[i].req[t] !=
			    closure(letters_of(g->cells[i].req[t])))
				return -EDOM;
	for (t = 0; t < NR_TYPES; t++)
		for (l = 1; l <= 4; l <<= 1)
			if (boxes(g, t, deny_fits, deny_fits, l, false, rs))
				return -ENOMEM;
	merge_rules(rs, true);
	return 0;
}

/**
 * devpolicy_allows() - a request under the combined rules
 * @pol: the policy
 * @type: BPF_DEVCG_DEV_*
 * @major: major number
 * @minor: minor number
 * @access: BPF_DEVCG_ACC_* bits asked for at once
 *
 * Return: true if allowed.
 */
bool devpolicy_allows(const struct devpolicy *pol, __u8 type, __u32 major,
		      __u32 minor, __u8 access)
{
	unsigned int i;

	for (i = 0; i < pol->nr_rules; i++) {
		const struct devprog_rule *r = &pol->rules[i];

		if (!type_matches(r->type, type) ||
		    major < r->major_lo || major > r->major_hi ||
		    minor < r->minor_lo || minor > r->minor_hi)
			continue;
		if (pol->default_allow && (access & r->access))
			return false;
		if (!pol->default_allow && (r->requests & DEVPROG_REQ(access)))
			return true;
	}
	return pol->default_allow;
}

/* Does @pol answer every cell of @g as the layers did? */
static bool verify(const struct devpolicy *pol, const struct grid *g)
{
	unsigned int i, j, t;
	__u8 a;

	for (i = 0; i < g->nr_maj; i++) {
		for (j = 0; j < g->maj[i].nr; j++) {
			const struct cell *c = &g->cells[g->maj[i].first + j];

			for (t = 0; t < NR_TYPES; t++)
				for (a = 1; a <= 7; a++)
					if (devpolicy_allows(pol, dp_type_ids[t],
							     g->maj[i].lo,
							     c->min_lo, a) !=
					    !!(c->req[t] & DEVPROG_REQ(a)))
						return false;
		}
	}
	return true;
}

/**
 * devpolicy_build() - combine the layers of a cgroup into one rule list
 * @v1: the v1 layer, or NULL
 * @progs: the decoded effective programs
 * @nr_progs: how many
 * @pol: filled in; devpolicy_free() it
 *
 * Return: 0 (@pol->exact false with a reason when a program could not be
 * decoded) or -ENOMEM.
 */
int devpolicy_build(const struct devpolicy_v1 *v1,
		    const struct devprog *const *progs, unsigned int nr_progs,
		    struct devpolicy *pol)
{
	struct rules allow = { 0 }, deny = { 0 };
	struct grid g = { 0 };
	unsigned int i;
	int err;

	memset(pol, 0, sizeof(*pol));
	for (i = 0; i < nr_progs; i++) {
		if (!progs[i]->exact) {
			snprintf(pol->reason, sizeof(pol->reason),
				 "program %u of %u is partial: %s", i + 1,
				 nr_progs, progs[i]->reason);
			return 0;
		}
	}
	err = grid_build(v1, progs, nr_progs, &g);
	if (err)
		goto out_free;
	pol->nr_cells = g.nr_cells;
	err = allow_form(&g, &allow);
	if (err)
		goto out_free;
	err = deny_form(&g, &deny);
	if (err && err != -EDOM)
		goto out_free;
	if (!err && deny.n < allow.n) {
		pol->default_allow = true;
		pol->rules = deny.v;
		pol->nr_rules = deny.n;
		deny.v = NULL;
	} else {
		pol->rules = allow.v;
		pol->nr_rules = allow.n;
		allow.v = NULL;
	}
	if (pol->nr_rules)
		qsort(pol->rules, pol->nr_rules, sizeof(*pol->rules), cmp_rule);
	err = 0;
	pol->exact = verify(pol, &g);
	if (!pol->exact) {
		snprintf(pol->reason, sizeof(pol->reason),
			 "the combined rules did not verify (a cgscope bug)");
		free(pol->rules);
		pol->rules = NULL;
		pol->nr_rules = 0;
	}
out_free:
	free(allow.v);
	free(deny.v);
	free(g.cells);
	free(g.maj);
	return err;
}

/**
 * devpolicy_free() - free what devpolicy_build() allocated
 * @pol: the policy
 */
void devpolicy_free(struct devpolicy *pol)
{
	free(pol->rules);
	pol->rules = NULL;
	pol->nr_rules = 0;
}
