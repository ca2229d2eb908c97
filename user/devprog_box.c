// SPDX-License-Identifier: GPL-2.0
/*
 * devprog: boxes of requests (a set of combinations, an interval of majors
 * and one of minors), what devprog.c runs a program on, and an index of
 * boxes by their majors.  See devprog_impl.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "devprog_impl.h"

/* ---- boxes ---- */

static bool dp_iv_meet(struct dp_iv a, struct dp_iv b)
{
	return a.lo <= b.hi && b.lo <= a.hi;
}

bool dp_box_meet(const struct dp_box *a, const struct dp_box *b)
{
	return (a->mask & b->mask) && dp_iv_meet(a->iv[0], b->iv[0]) &&
	       dp_iv_meet(a->iv[1], b->iv[1]);
}

/* Is @a inside @b? */
bool dp_box_inside(const struct dp_box *a, const struct dp_box *b)
{
	int d;

	if (a->mask & ~b->mask)
		return false;
	for (d = 0; d < 2; d++)
		if (a->iv[d].lo < b->iv[d].lo || a->iv[d].hi > b->iv[d].hi)
			return false;
	return true;
}

void dp_box_hull(struct dp_box *h, const struct dp_box *b)
{
	int d;

	h->mask |= b->mask;
	for (d = 0; d < 2; d++) {
		if (b->iv[d].lo < h->iv[d].lo)
			h->iv[d].lo = b->iv[d].lo;
		if (b->iv[d].hi > h->iv[d].hi)
			h->iv[d].hi = b->iv[d].hi;
	}
}

/* @a minus @b as at most 5 disjoint boxes in @out; returns how many */
int dp_box_sub(const struct dp_box *a, const struct dp_box *b,
	       struct dp_box *out)
{
	struct dp_box rest = *a;
	int n = 0, d;

	if (!dp_box_meet(a, b)) {
		out[0] = *a;
		return 1;
	}
	if (a->mask & ~b->mask) {
		out[n] = *a;
		out[n++].mask &= ~b->mask;
		rest.mask &= b->mask;
	}
	for (d = 0; d < 2; d++) {
		if (rest.iv[d].lo < b->iv[d].lo) {
			out[n] = rest;
			out[n++].iv[d].hi = b->iv[d].lo - 1;
			rest.iv[d].lo = b->iv[d].lo;
		}
		if (rest.iv[d].hi > b->iv[d].hi) {
			out[n] = rest;
			out[n++].iv[d].lo = b->iv[d].hi + 1;
			rest.iv[d].hi = b->iv[d].hi;
		}
	}
	return n;
}

/* Number of requests in @b, roughly (only compared) */
double dp_box_volume(const struct dp_box *b)
{
	return __builtin_popcount(b->mask) *
	       ((double)b->iv[0].hi - b->iv[0].lo + 1) *
	       ((double)b->iv[1].hi - b->iv[1].lo + 1);
}

/* ---- boxes by their majors: which of them meet a box ---- */

static int dp_ient_cmp(const void *a, const void *b)
{
	const struct dp_ient *p = a, *q = b;

	if (p->maj.lo != q->maj.lo)
		return p->maj.lo < q->maj.lo ? -1 : 1;
	return p->id < q->id ? -1 : p->id > q->id;
}

static __u32 dp_index_build_node(struct dp_index *ix, size_t node, size_t l,
				 size_t r)
{
	__u32 a, b;

	if (r - l == 1)
		return ix->mx[node] = ix->e[l].maj.hi;
	a = dp_index_build_node(ix, 2 * node + 1, l, (l + r) / 2);
	b = dp_index_build_node(ix, 2 * node + 2, (l + r) / 2, r);
	return ix->mx[node] = a > b ? a : b;
}

/* Index boxes @b[i] (@n of them, each @stride bytes apart) for which
 * @want(b[i], @arg) holds; ids are the i.
 */
int dp_index_build(struct dp_index *ix, const void *b, size_t n, size_t stride,
		   bool (*want)(const void *item, const void *arg),
		   const void *arg)
{
	const struct dp_box *box;
	size_t i;

	memset(ix, 0, sizeof(*ix));
	ix->e = calloc(n ? n : 1, sizeof(*ix->e));
	ix->mx = calloc(n ? 4 * n : 1, sizeof(*ix->mx));
	if (!ix->e || !ix->mx)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		box = (const struct dp_box *)((const char *)b + i * stride);
		if (want && !want(box, arg))
			continue;
		ix->e[ix->n].maj = box->iv[DP_MAJOR];
		ix->e[ix->n++].id = i;
	}
	qsort(ix->e, ix->n, sizeof(*ix->e), dp_ient_cmp);
	if (ix->n)
		dp_index_build_node(ix, 0, 0, ix->n);
	return 0;
}

void dp_index_free(struct dp_index *ix)
{
	free(ix->e);
	free(ix->mx);
	memset(ix, 0, sizeof(*ix));
}

struct dp_iquery {
	struct dp_iv maj;
	size_t end;		/* entries from here start above maj.hi */
	bool (*fn)(size_t id, void *arg);	/* true: stop */
	void *arg;
};

static bool dp_index_walk(const struct dp_index *ix,
			  const struct dp_iquery *q, size_t node, size_t l,
			  size_t r)
{
	if (l >= q->end || ix->mx[node] < q->maj.lo)
		return false;
	if (r - l == 1)
		return q->fn(ix->e[l].id, q->arg);
	return dp_index_walk(ix, q, 2 * node + 1, l, (l + r) / 2) ||
	       dp_index_walk(ix, q, 2 * node + 2, (l + r) / 2, r);
}

/* Call @fn for each box of @ix whose majors meet those of @b, until it
 * returns true; returns whether one did.
 */
bool dp_index_each(const struct dp_index *ix, const struct dp_box *b,
		   bool (*fn)(size_t id, void *arg), void *arg)
{
	struct dp_iquery q = { .maj = b->iv[DP_MAJOR], .fn = fn, .arg = arg };
	size_t lo = 0, hi = ix->n, mid;

	while (lo < hi) {	/* first entry starting above maj.hi */
		mid = lo + (hi - lo) / 2;
		if (ix->e[mid].maj.lo <= q.maj.hi)
			lo = mid + 1;
		else
			hi = mid;
	}
	q.end = lo;
	return ix->n && dp_index_walk(ix, &q, 0, 0, ix->n);
}

static int dp_size_cmp(const void *a, const void *b)
{
	size_t p = *(const size_t *)a, q = *(const size_t *)b;

	return p < q ? -1 : p > q;
}

/* Sort ids: by insertion when few (what a query usually finds) */
void dp_sort_ids(size_t *id, size_t n)
{
	size_t i, j, v;

	if (n > 32) {
		qsort(id, n, sizeof(*id), dp_size_cmp);
		return;
	}
	for (i = 1; i < n; i++) {
		v = id[i];
		for (j = i; j && id[j - 1] > v; j--)
			id[j] = id[j - 1];
		id[j] = v;
	}
}

