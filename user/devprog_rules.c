// SPDX-License-Identifier: GPL-2.0
/*
 * devprog: the regions found by devprog.c written as a short first-match
 * rule list, checked against the regions before it is returned; a rule
 * list evaluated and printed.  See Documentation/devprog.rst.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devprog_impl.h"

struct dp_okey {
	__u64 key;
	size_t i;
};

static int dp_okey_cmp(const void *a, const void *b)
{
	const struct dp_okey *p = a, *q = b;

	if (p->key != q->key)
		return p->key < q->key ? -1 : 1;
	return p->i < q->i ? -1 : p->i > q->i;
}

static const bool dp_false, dp_true = true;

/* For dp_index_build(): is leaf @item's verdict *@arg? */
static bool dp_leaf_is(const void *item, const void *arg)
{
	return ((const struct dp_leaf *)item)->allow == *(const bool *)arg;
}

/* For dp_index_build(): is rule @item's verdict *@arg? */
static bool dp_rule_is(const void *item, const void *arg)
{
	return ((const struct dp_rule *)item)->allow == *(const bool *)arg;
}

/* What a query of an index looks for */
struct dp_meetq {
	const struct dp_ctx *x;
	const struct dp_box *b;
	const struct dp_rules *rl;
	size_t gi;
	size_t *ids;
	size_t nids;
	size_t capids;
	bool nomem;
};

/* Leaf @id meets the box */
static bool dp_q_leaf(size_t id, void *arg)
{
	struct dp_meetq *q = arg;

	return dp_box_meet(&q->x->leaf[id].box, q->b);
}

/* Leaf @id of a later group than q->gi meets the box */
static bool dp_q_leaf_later(size_t id, void *arg)
{
	struct dp_meetq *q = arg;

	return q->x->lgroup[id] > q->gi &&
	       dp_box_meet(&q->x->leaf[id].box, q->b);
}

/* Rule @id meets the box */
static bool dp_q_rule(size_t id, void *arg)
{
	struct dp_meetq *q = arg;

	return dp_box_meet(&q->rl->r[id].box, q->b);
}

/* Add @id to what @q found; true (stop) when out of memory */
static bool dp_q_collect(struct dp_meetq *q, size_t id)
{
	if (dp_grow(&q->ids, &q->capids, q->nids + 1, sizeof(*q->ids))) {
		q->nomem = true;
		return true;
	}
	q->ids[q->nids++] = id;
	return false;
}

/* Rule @id meets the box: collected */
static bool dp_q_rule_add(size_t id, void *arg)
{
	struct dp_meetq *q = arg;

	return dp_box_meet(&q->rl->r[id].box, q->b) && dp_q_collect(q, id);
}

/* Sort the leaves by tag and verdict, one group per (tag, verdict) */
static int dp_groups(struct dp_ctx *x)
{
	struct dp_okey *k = calloc(x->nleaf, sizeof(*k));
	struct dp_group *g = NULL;
	size_t i;

	x->ord = calloc(x->nleaf, sizeof(*x->ord));
	x->group = calloc(x->nleaf, sizeof(*x->group));
	x->lgroup = calloc(x->nleaf, sizeof(*x->lgroup));
	if (!k || !x->ord || !x->group || !x->lgroup) {
		free(k);
		return -ENOMEM;
	}
	for (i = 0; i < x->nleaf; i++) {
		k[i].key = (__u64)x->leaf[i].tag << 1 | x->leaf[i].allow;
		k[i].i = i;
	}
	qsort(k, x->nleaf, sizeof(*k), dp_okey_cmp);
	for (i = 0; i < x->nleaf; i++) {
		x->ord[i] = k[i].i;
		if (!i || k[i].key != k[i - 1].key) {
			g = &x->group[x->ngroup++];
			g->tag = x->leaf[k[i].i].tag;
			g->allow = x->leaf[k[i].i].allow;
			g->hull = x->leaf[k[i].i].box;
			g->first = i;
		}
		dp_box_hull(&g->hull, &x->leaf[k[i].i].box);
		g->n++;
		x->lgroup[k[i].i] = g - x->group;
	}
	free(k);
	for (i = 0; i < 2; i++)
		if (dp_index_build(&x->lix[i], x->leaf, x->nleaf,
				   sizeof(*x->leaf), dp_leaf_is,
				   i ? &dp_true : &dp_false))
			return -ENOMEM;
	return 0;
}

static size_t dp_gleaf(const struct dp_ctx *x, const struct dp_group *g,
		       size_t k)
{
	return x->ord[g->first + k];
}

static int dp_rules_add(struct dp_rules *rl, const struct dp_box *box,
			bool allow, __u32 group, int leaf)
{
	struct dp_rule *r;

	if (dp_grow(&rl->r, &rl->cap, rl->n + 1, sizeof(*rl->r)))
		return -ENOMEM;
	r = &rl->r[rl->n++];
	r->box = *box;
	r->allow = allow;
	r->group = group;
	r->leaf = leaf;
	return 0;
}

/* Does a region with verdict @allow meet @b? */
static bool dp_meets_leaf(const struct dp_ctx *x, const struct dp_box *b,
			  bool allow)
{
	struct dp_meetq q = { .x = x, .b = b };

	return dp_index_each(&x->lix[allow], b, dp_q_leaf, &q);
}

/* Candidate A: the hulls of the groups without verdict @d, each broken
 * into its regions where it meets a region with verdict @d.
 */
static int dp_cand_single(struct dp_ctx *x, bool d, struct dp_rules *rl)
{
	const struct dp_group *g;
	size_t i, k;

	for (i = 0; i < x->ngroup; i++) {
		g = &x->group[i];
		if (g->allow == d)
			continue;
		if (!dp_meets_leaf(x, &g->hull, d)) {
			if (dp_rules_add(rl, &g->hull, g->allow, i, -1))
				return -ENOMEM;
			continue;
		}
		for (k = 0; k < g->n; k++)
			if (dp_rules_add(rl, &x->leaf[dp_gleaf(x, g, k)].box,
					 g->allow, i, dp_gleaf(x, g, k)))
				return -ENOMEM;
	}
	return 0;
}

/* Does the hull of group @gi meet a region of a later group with the
 * other verdict?
 */
static bool dp_hull_clash(const struct dp_ctx *x, size_t gi)
{
	const struct dp_group *g = &x->group[gi];
	struct dp_meetq q = { .x = x, .b = &g->hull, .gi = gi };

	return dp_index_each(&x->lix[!g->allow], &g->hull, dp_q_leaf_later,
			     &q);
}

/* Can rule @it (verdict @d) go, @d being the default?  @other indexes
 * the rules of @all with the other verdict.
 */
static bool dp_droppable(const struct dp_ctx *x, const struct dp_rules *all,
			 const struct dp_index *other, const struct dp_rule *it)
{
	const struct dp_group *g = &x->group[it->group];
	size_t k, n = it->leaf >= 0 ? 1 : g->n;
	struct dp_meetq q = { .x = x, .rl = all };

	for (k = 0; k < n; k++) {
		q.b = &x->leaf[it->leaf >= 0 ? (size_t)it->leaf :
			       dp_gleaf(x, g, k)].box;
		if (dp_index_each(other, q.b, dp_q_rule, &q))
			return false;
	}
	return true;
}

/* Candidate B: the hulls of all groups in program order, broken into
 * regions where a later region with the other verdict meets them; then
 * the rules with verdict @d that can go, go.
 */
static int dp_cand_ordered(struct dp_ctx *x, bool d, struct dp_rules *rl)
{
	struct dp_rules all = { 0 };
	const struct dp_group *g;
	struct dp_index other;
	int err = -ENOMEM;
	bool nd = !d;
	size_t i, k;

	for (i = 0; i < x->ngroup; i++) {
		g = &x->group[i];
		if (!dp_hull_clash(x, i)) {
			if (dp_rules_add(&all, &g->hull, g->allow, i, -1))
				goto out;
			continue;
		}
		for (k = 0; k < g->n; k++)
			if (dp_rules_add(&all, &x->leaf[dp_gleaf(x, g, k)].box,
					 g->allow, i, dp_gleaf(x, g, k)))
				goto out;
	}
	if (dp_index_build(&other, all.r, all.n, sizeof(*all.r), dp_rule_is,
			   &nd))
		goto out_index;
	for (i = 0; i < all.n; i++) {
		if (all.r[i].allow == d &&
		    dp_droppable(x, &all, &other, &all.r[i]))
			continue;
		if (dp_rules_add(rl, &all.r[i].box, all.r[i].allow,
				 all.r[i].group, all.r[i].leaf))
			goto out_index;
	}
	err = 0;
out_index:
	dp_index_free(&other);
out:
	free(all.r);
	return err;
}

/* All nonempty subsets of the access bits of requests @s */
static __u8 dp_closure(__u8 s)
{
	__u8 acc = 0, r = 0;
	int a;

	for (a = 1; a <= 7; a++)
		if (s & DEVPROG_REQ(a))
			acc |= a;
	for (a = 1; a <= 7; a++)
		if (!(a & ~acc))
			r |= DEVPROG_REQ(a);
	return r;
}

/* May rule @r grow to @u, i.e. are all requests of @u minus @r @allow? */
static bool dp_grow_ok(const struct dp_ctx *x, const struct dp_box *r,
		       const struct dp_box *u, bool allow)
{
	struct dp_box part[5];
	int n = dp_box_sub(u, r, part), i;

	for (i = 0; i < n; i++)
		if (dp_meets_leaf(x, &part[i], !allow))
			return false;
	return true;
}

/* Requests of one rule as devices.list has them: all subsets of its
 * access, where the requests in between have the rule's verdict anyway.
 */
static void dp_widen(const struct dp_ctx *x, struct dp_rule *r)
{
	struct dp_box w;
	__u8 s, c;
	int t;

	for (t = 0; t < 2; t++) {
		s = (r->box.mask >> (7 * t)) & DP_TYPE_MASK;
		c = dp_closure(s);
		if (!s || c == s)
			continue;
		w = r->box;
		w.mask = (c & ~s) << (7 * t);
		if (!dp_meets_leaf(x, &w, !r->allow))
			r->box.mask |= c << (7 * t);
	}
}

/* One rule can say it: a type or both with the same requests, each set
 * all subsets of its access.
 */
static bool dp_mask_simple(__u16 mask)
{
	__u8 b = mask & DP_TYPE_MASK, c = mask >> 7;

	if (b && c && b != c)
		return false;
	return dp_closure(b) == b && dp_closure(c) == c;
}

/* Bit 0: block devices in @mask, bit 1: char devices */
static int dp_types(__u16 mask)
{
	return (mask & DP_TYPE_MASK ? 1 : 0) | (mask >> 7 ? 2 : 0);
}

/* The union of @a and @b when it is a box, not two numbers side by side,
 * nor rules for block and char devices put together.
 */
static bool dp_box_union(const struct dp_box *a, const struct dp_box *b,
			 struct dp_box *u)
{
	bool same0 = a->iv[0].lo == b->iv[0].lo && a->iv[0].hi == b->iv[0].hi;
	bool same1 = a->iv[1].lo == b->iv[1].lo && a->iv[1].hi == b->iv[1].hi;
	struct dp_iv p, q;
	int d;

	if (dp_box_inside(b, a) || dp_box_inside(a, b)) {
		*u = dp_box_inside(b, a) ? *a : *b;
		return true;
	}
	*u = *a;
	if (same0 && same1) {
		u->mask |= b->mask;
		return dp_types(a->mask) == dp_types(b->mask) &&
		       dp_mask_simple(u->mask);
	}
	if (a->mask != b->mask || (!same0 && !same1))
		return false;
	d = same0 ? 1 : 0;
	p = a->iv[d];
	q = b->iv[d];
	if ((__u64)p.hi + 1 < q.lo || (__u64)q.hi + 1 < p.lo ||
	    (p.lo == p.hi && q.lo == q.hi))
		return false;
	u->iv[d].lo = p.lo < q.lo ? p.lo : q.lo;
	u->iv[d].hi = p.hi > q.hi ? p.hi : q.hi;
	return true;
}

/* Are @a and @b apart, neither meeting nor side by side in some number?
 * Then their union is no box.
 */
static bool dp_apart(const struct dp_box *a, const struct dp_box *b)
{
	int d;

	for (d = 0; d < 2; d++)
		if ((__u64)a->iv[d].hi + 1 < b->iv[d].lo ||
		    (__u64)b->iv[d].hi + 1 < a->iv[d].lo)
			return true;
	return false;
}

/* Rule @id, later than q->gi, not merged away and not apart from q->b:
 * collected
 */
static bool dp_q_mergeable(size_t id, void *arg)
{
	struct dp_meetq *q = arg;

	if (id <= q->gi || q->rl->r[id].group == DP_NOTAG ||
	    q->rl->r[id].allow != q->rl->r[q->gi].allow ||
	    dp_apart(&q->rl->r[id].box, q->b))
		return false;
	return dp_q_collect(q, id);
}

/* Merge a later rule into rule @i of @rl where the union is a box and its
 * new requests already have the verdict, the first such rule in list order,
 * until none is left.  @ix indexes the rules as they were before; only
 * rule @i has changed since.  Merged rules get group DP_NOTAG.
 */
static int dp_merge_into(const struct dp_ctx *x, struct dp_rules *rl,
			 const struct dp_index *ix, size_t i, bool *changed)
{
	struct dp_meetq q = { .x = x, .rl = rl, .gi = i };
	struct dp_box u, near;
	size_t k;

	for (;;) {
		/* majors that meet rule i's or are next to them */
		near = rl->r[i].box;
		if (near.iv[DP_MAJOR].lo)
			near.iv[DP_MAJOR].lo--;
		if (near.iv[DP_MAJOR].hi != DP_U32_MAX)
			near.iv[DP_MAJOR].hi++;
		q.b = &rl->r[i].box;
		q.nids = 0;
		dp_index_each(ix, &near, dp_q_mergeable, &q);
		if (q.nomem)
			break;
		dp_sort_ids(q.ids, q.nids);
		for (k = 0; k < q.nids; k++)
			if (dp_box_union(&rl->r[i].box, &rl->r[q.ids[k]].box,
					 &u) &&
			    dp_grow_ok(x, &rl->r[i].box, &u, rl->r[i].allow))
				break;
		if (k == q.nids)
			break;
		rl->r[i].box = u;
		rl->r[q.ids[k]].group = DP_NOTAG;
		*changed = true;
	}
	free(q.ids);
	return q.nomem ? -ENOMEM : 0;
}

/* Merge rules into earlier ones where the union is a box and its new
 * requests already have the verdict: nothing changes.  The rules' groups
 * are not used any more.
 */
static int dp_merge(const struct dp_ctx *x, struct dp_rules *rl)
{
	struct dp_index ix;
	bool changed = true;
	size_t i, n;
	int pass, err;

	for (pass = 0; changed && pass < 4; pass++) {
		changed = false;
		for (i = 0; i < rl->n; i++)
			rl->r[i].group = 0;
		if (dp_index_build(&ix, rl->r, rl->n, sizeof(*rl->r), NULL,
				   NULL))
			return -ENOMEM;
		err = 0;
		for (i = 0; i < rl->n && !err; i++)
			if (rl->r[i].group != DP_NOTAG)
				err = dp_merge_into(x, rl, &ix, i, &changed);
		dp_index_free(&ix);
		if (err)
			return err;
		for (i = 0, n = 0; i < rl->n; i++)
			if (rl->r[i].group != DP_NOTAG)
				rl->r[n++] = rl->r[i];
		rl->n = n;
	}
	return 0;
}

/* @rl widened and merged into @out, then one rule per type where a box
 * has different requests for block and char devices.
 */
static int dp_tidy(const struct dp_ctx *x, const struct dp_rules *rl,
		   struct dp_rules *out)
{
	struct dp_rules w = { 0 };
	int err = -ENOMEM;
	struct dp_box b;
	__u16 bm, cm;
	size_t i;

	if (dp_grow(&w.r, &w.cap, rl->n + 1, sizeof(*w.r)))
		return -ENOMEM;
	for (i = 0; i < rl->n; i++) {
		w.r[i] = rl->r[i];
		dp_widen(x, &w.r[i]);
	}
	w.n = rl->n;
	if (dp_merge(x, &w))
		goto out;
	for (i = 0; i < w.n; i++) {
		b = w.r[i].box;
		bm = b.mask & DP_TYPE_MASK;
		cm = b.mask & (DP_TYPE_MASK << 7);
		if (bm && cm && bm != cm >> 7) {
			b.mask = bm;
			if (dp_rules_add(out, &b, w.r[i].allow, 0, -1))
				goto out;
			b.mask = cm;
		}
		if (dp_rules_add(out, &b, w.r[i].allow, 0, -1))
			goto out;
	}
	err = 0;
out:
	free(w.r);
	return err;
}

/* Fragments of one region while the rules cut it */
struct dp_frags {
	struct dp_box *b;
	size_t n;
	size_t cap;
};

/* Cut @in by rule @r into @out; false if @r gives a part of it the
 * verdict other than @allow, or out of memory or budget.
 */
static bool dp_cut(const struct dp_frags *in, const struct dp_rule *r,
		   bool allow, struct dp_frags *out, size_t *budget)
{
	struct dp_box part[5];
	size_t f;
	int k, np;

	out->n = 0;
	for (f = 0; f < in->n; f++) {
		np = 1;
		part[0] = in->b[f];
		if (dp_box_meet(&in->b[f], &r->box)) {
			if (r->allow != allow || *budget < 5)
				return false;
			np = dp_box_sub(&in->b[f], &r->box, part);
			*budget -= np;
		}
		if (dp_grow(&out->b, &out->cap, out->n + np, sizeof(*out->b)))
			return false;
		for (k = 0; k < np; k++)
			out->b[out->n++] = part[k];
	}
	return true;
}

/* Does the first-match list @rl with default @d give every region its
 * verdict?  Each region is cut by the rules that meet it, in turn (the
 * others cannot meet a piece of it).
 */
static bool dp_verify(const struct dp_ctx *x, const struct dp_rules *rl,
		      bool d)
{
	struct dp_frags fr[2] = { { 0 } };
	struct dp_meetq q = { .x = x, .rl = rl };
	size_t li, k, budget = DP_VERIFY_MAX;
	struct dp_index ix;
	bool ok = false;
	int cur;

	if (dp_index_build(&ix, rl->r, rl->n, sizeof(*rl->r), NULL, NULL))
		goto out;
	for (li = 0; li < x->nleaf; li++) {
		if (dp_grow(&fr[0].b, &fr[0].cap, 1, sizeof(*fr[0].b)))
			goto out;
		fr[0].b[0] = x->leaf[li].box;
		fr[0].n = 1;
		cur = 0;
		q.b = &x->leaf[li].box;
		q.nids = 0;
		dp_index_each(&ix, q.b, dp_q_rule_add, &q);
		if (q.nomem)
			goto out;
		dp_sort_ids(q.ids, q.nids);
		for (k = 0; k < q.nids && fr[cur].n; k++) {
			if (!dp_cut(&fr[cur], &rl->r[q.ids[k]],
				    x->leaf[li].allow, &fr[!cur], &budget))
				goto out;
			cur = !cur;
		}
		if (fr[cur].n && d != x->leaf[li].allow)
			goto out;
	}
	ok = true;
out:
	dp_index_free(&ix);
	free(q.ids);
	free(fr[0].b);
	free(fr[1].b);
	return ok;
}

enum dp_cand {
	DP_CAND_SINGLE,
	DP_CAND_ORDERED,
	DP_CAND_DISJOINT,
};

/* Candidate C: the regions without verdict @d, disjoint: always exact */
static int dp_cand_disjoint(struct dp_ctx *x, bool d, struct dp_rules *rl)
{
	size_t i;

	for (i = 0; i < x->nleaf; i++)
		if (x->leaf[i].allow != d &&
		    dp_rules_add(rl, &x->leaf[i].box, !d, 0, i))
			return -ENOMEM;
	return 0;
}

/* Build candidate @kind with default @d into @raw */
static int dp_candidate(struct dp_ctx *x, enum dp_cand kind, bool d,
			struct dp_rules *raw)
{
	if (kind == DP_CAND_SINGLE)
		return dp_cand_single(x, d, raw);
	if (kind == DP_CAND_ORDERED)
		return dp_cand_ordered(x, d, raw);
	return dp_cand_disjoint(x, d, raw);
}

static bool dp_rules_same(const struct dp_rules *a, const struct dp_rules *b)
{
	size_t i;

	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++)
		if (a->r[i].allow != b->r[i].allow ||
		    memcmp(&a->r[i].box, &b->r[i].box, sizeof(a->r[i].box)))
			return false;
	return true;
}

static void dp_rule_out(const struct dp_rule *r, struct devprog_rule *o)
{
	__u8 b = r->box.mask & DP_TYPE_MASK, c = r->box.mask >> 7;
	int a;

	o->allow = r->allow;
	o->type = b && c ? 'a' : b ? 'b' : 'c';
	o->requests = b ? b : c;
	o->access = 0;
	for (a = 1; a <= 7; a++)
		if (o->requests & DEVPROG_REQ(a))
			o->access |= a;
	o->major_lo = r->box.iv[DP_MAJOR].lo;
	o->major_hi = r->box.iv[DP_MAJOR].hi;
	o->minor_lo = r->box.iv[DP_MINOR].lo;
	o->minor_hi = r->box.iv[DP_MINOR].hi;
}

static int dp_output(const struct dp_rules *rl, bool d, struct devprog *dp)
{
	size_t i;

	dp->rules = calloc(rl->n ? rl->n : 1, sizeof(*dp->rules));
	if (!dp->rules)
		return -ENOMEM;
	for (i = 0; i < rl->n; i++) {
		dp_rule_out(&rl->r[i], &dp->rules[i]);
		if (rl->r[i].allow == d)
			dp->ordered = true;
	}
	dp->nr_rules = rl->n;
	dp->default_allow = d;
	return 0;
}

/* Room for the pieces of one box while earlier rules are taken from it */
#define DP_WIDEN_MAX	256

/* Rule @id, before rule q->gi, meets q->b: collected */
static bool dp_q_rule_before(size_t id, void *arg)
{
	struct dp_meetq *q = arg;

	return id < q->gi && dp_q_rule_add(id, arg);
}

/* Is all of @b matched by rules before @i of @rl?  @q indexes @rl. */
static bool dp_shadowed(const struct dp_rules *rl, const struct dp_index *ix,
			struct dp_meetq *q, size_t i, const struct dp_box *b)
{
	struct dp_box work[DP_WIDEN_MAX], next[DP_WIDEN_MAX], part[5];
	size_t n = 1, m, j, k, t;
	int p, r;

	q->b = b;
	q->gi = i;
	q->nids = 0;
	dp_index_each(ix, b, dp_q_rule_before, q);
	if (q->nomem)
		return false;
	dp_sort_ids(q->ids, q->nids);
	work[0] = *b;
	for (t = 0; t < q->nids && n; t++) {
		j = q->ids[t];	/* the rules before i that can meet @b */
		for (k = 0; k < n; k++)
			if (dp_box_meet(&work[k], &rl->r[j].box))
				break;
		if (k == n)
			continue;	/* rule j takes nothing from them */
		for (k = 0, m = 0; k < n; k++) {
			p = dp_box_sub(&work[k], &rl->r[j].box, part);
			if (m + p > DP_WIDEN_MAX)
				return false;
			for (r = 0; r < p; r++)
				next[m++] = part[r];
		}
		memcpy(work, next, m * sizeof(*work));
		n = m;
	}
	return !n;
}

/*
 * Give each rule the access combinations its letters allow where earlier
 * rules decide them anyway: first match, "allow c *:* m" before "deny c
 * 10:229 rwm" leaves the deny only r, w and their combinations with m,
 * which reads as "{r,rm,w,wm,rw,rwm}"; widened, it is the rule the runtime
 * was told.  Nothing a list decides changes: what is added was decided
 * before.  (dp_widen() widens where the rule's own verdict holds.)
 */
static int dp_widen_shadowed(struct dp_rules *rl)
{
	struct dp_meetq q = { .rl = rl };
	struct dp_index ix;
	struct dp_box extra;
	__u16 b, c, add;
	size_t i;

	/* widening changes no rule's majors: the index stays right */
	if (dp_index_build(&ix, rl->r, rl->n, sizeof(*rl->r), NULL, NULL))
		return -ENOMEM;
	for (i = 0; i < rl->n && !q.nomem; i++) {
		b = rl->r[i].box.mask & DP_TYPE_MASK;
		c = (rl->r[i].box.mask >> 7) & DP_TYPE_MASK;
		add = (b ? dp_closure(b) & ~b : 0) |
		      ((c ? dp_closure(c) & ~c : 0) << 7);
		if (!add)
			continue;
		extra = rl->r[i].box;
		extra.mask = add;
		if (dp_shadowed(rl, &ix, &q, i, &extra))
			rl->r[i].box.mask |= add;
	}
	dp_index_free(&ix);
	free(q.ids);
	return q.nomem ? -ENOMEM : 0;
}

/* A range that is neither one number nor "*" */
static size_t dp_is_range(__u32 lo, __u32 hi)
{
	return lo != hi && !(!lo && hi == DP_U32_MAX);
}

/* How long list @rl reads: its rules, and a rule that lists the access
 * combinations it matches ("c 1:3 {w,rw}") counts as many: people, and
 * the runtimes that wrote them, think in "c 1:3 rwm" rules; four of
 * them are read as easily as one listing its combinations.  A range
 * ("c 195:0-254", what a deny punched into "c 195:*" leaves) counts as
 * two: the runtime was told the wildcard and the deny.
 */
static size_t dp_rules_cost(const struct dp_rules *rl)
{
	struct devprog_rule o;
	size_t i, cost = 0;

	for (i = 0; i < rl->n; i++) {
		dp_rule_out(&rl->r[i], &o);
		cost += devprog_rule_is_simple(&o) ? 1 : 4;
		cost += dp_is_range(o.major_lo, o.major_hi) +
			dp_is_range(o.minor_lo, o.minor_hi);
	}
	return cost;
}

/* The list that reads shortest (dp_rules_cost()) among those that check
 * out: single verdict or ordered, default deny or allow; else the disjoint
 * regions.
 */
int dp_synth(struct dp_ctx *x, struct devprog *dp)
{
	struct dp_rules raw[5] = { { 0 } }, c[5] = { { 0 } };
	int order[4], n = 0, i, j, k, t, r = -ENOMEM;
	double vol[2] = { 0, 0 };
	bool d[5];
	size_t l;

	if (dp_groups(x))
		goto out;
	for (l = 0; l < x->nleaf; l++)
		vol[x->leaf[l].allow] += dp_box_volume(&x->leaf[l].box);
	d[4] = vol[1] > vol[0];
	for (i = 0; i < 4; i++) {
		d[i] = i % 2 ? !d[4] : d[4];
		r = dp_candidate(x, i < 2 ? DP_CAND_SINGLE : DP_CAND_ORDERED,
				 d[i], &raw[i]);
		for (j = 0; !r && j < i; j++)
			if (d[j] == d[i] && dp_rules_same(&raw[j], &raw[i]))
				break;
		if (!r && j == i) {
			r = dp_tidy(x, &raw[i], &c[i]);
			if (!r)
				r = dp_widen_shadowed(&c[i]);
		}
		if (r)
			goto out;
		if (j < i)
			continue;	/* the same list again */
		for (k = n++; k > 0 && dp_rules_cost(&c[order[k - 1]]) >
				      dp_rules_cost(&c[i]); k--)
			order[k] = order[k - 1];
		order[k] = i;
	}
	for (k = 0; k < n; k++)
		if (dp_verify(x, &c[order[k]], d[order[k]]))
			break;
	t = k < n ? order[k] : 4;
	if (t == 4) {
		r = dp_candidate(x, DP_CAND_DISJOINT, d[4], &raw[4]);
		if (!r)
			r = dp_tidy(x, &raw[4], &c[4]);
		if (r)
			goto out;
		if (!dp_verify(x, &c[4], d[4])) {
			x->failed = true;
			x->fail_pc = DP_NOTAG;
			snprintf(x->reason, sizeof(x->reason),
				 "internal error: the rules found do not check out");
			goto out;
		}
		dp->disjoint = true;
	}
	r = dp_output(&c[t], d[t], dp);
out:
	for (i = 0; i < 5; i++) {
		free(raw[i].r);
		free(c[i].r);
	}
	return r;
}

static bool dp_rule_match(const struct devprog_rule *r, __u8 type,
			  __u32 major, __u32 minor, __u8 access)
{
	if (r->type != 'a' &&
	    r->type != (type == BPF_DEVCG_DEV_BLOCK ? 'b' : 'c'))
		return false;
	return (r->requests & DEVPROG_REQ(access)) &&
	       major >= r->major_lo && major <= r->major_hi &&
	       minor >= r->minor_lo && minor <= r->minor_hi;
}

/**
 * devprog_eval() - the verdict of a decoded program on one request
 * @dp: an exact devprog
 * @type: BPF_DEVCG_DEV_BLOCK or BPF_DEVCG_DEV_CHAR
 * @major: major number
 * @minor: minor number
 * @access: nonempty BPF_DEVCG_ACC_* bits, asked for at once
 * @rule: set to the index of the rule that decided, -1 for the default
 *
 * Return: 1 allowed, 0 denied, -EINVAL for a partial @dp or a request the
 * kernel never makes.
 */
int devprog_eval(const struct devprog *dp, __u8 type, __u32 major,
		 __u32 minor, __u8 access, int *rule)
{
	unsigned int i;

	*rule = -1;
	if (!dp->exact || (type != BPF_DEVCG_DEV_BLOCK &&
			   type != BPF_DEVCG_DEV_CHAR) || !access || access > 7)
		return -EINVAL;
	for (i = 0; i < dp->nr_rules; i++) {
		if (dp_rule_match(&dp->rules[i], type, major, minor, access)) {
			*rule = i;
			return dp->rules[i].allow;
		}
	}
	return dp->default_allow;
}

/**
 * devprog_rule_is_simple() - does a rule match all subsets of its access?
 * @r: a rule
 *
 * Return: true when @r->requests are all nonempty subsets of @r->access,
 * as in devices.list; false when only the requests in @r->requests match.
 */
bool devprog_rule_is_simple(const struct devprog_rule *r)
{
	return dp_closure(r->requests) == r->requests;
}

static void dp_numstr(__u32 lo, __u32 hi, char *buf, size_t len)
{
	if (!lo && hi == DP_U32_MAX)
		snprintf(buf, len, "*");
	else if (lo == hi)
		snprintf(buf, len, "%u", lo);
	else
		snprintf(buf, len, "%u-%u", lo, hi);
}

static char *dp_accstr(__u8 acc, char *p)
{
	if (acc & BPF_DEVCG_ACC_READ)
		*p++ = 'r';
	if (acc & BPF_DEVCG_ACC_WRITE)
		*p++ = 'w';
	if (acc & BPF_DEVCG_ACC_MKNOD)
		*p++ = 'm';
	return p;
}

/**
 * devprog_rule_str() - one rule in devices.list notation
 * @r: a rule
 * @buf: where to write, DEVPROG_RULE_STRLEN bytes are always enough
 * @len: size of @buf
 *
 * "c 1:3 rwm", "a *:* m", "b 8:* r", a range "c 10-12:* rw".  A rule
 * that matches only some subsets of its access lists them: "c 1:3 {w,rw}".
 * The verdict is not part of it.
 *
 * Return: what snprintf() returns.
 */
int devprog_rule_str(const struct devprog_rule *r, char *buf, size_t len)
{
	char maj[24], min[24], acc[40], *p = acc;
	int a;

	dp_numstr(r->major_lo, r->major_hi, maj, sizeof(maj));
	dp_numstr(r->minor_lo, r->minor_hi, min, sizeof(min));
	if (devprog_rule_is_simple(r)) {
		p = dp_accstr(r->access, p);
	} else {
		*p++ = '{';
		for (a = 1; a <= 7; a++) {
			if (!(r->requests & DEVPROG_REQ(a)))
				continue;
			if (p > acc + 1)
				*p++ = ',';
			p = dp_accstr(a, p);
		}
		*p++ = '}';
	}
	*p = '\0';
	return snprintf(buf, len, "%c %s:%s %s", r->type, maj, min, acc);
}
