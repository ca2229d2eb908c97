// SPDX-License-Identifier: GPL-2.0
/*
 * devprog: a cgroup v2 device program read back as device rules.
 *
 * The program runs symbolically on boxes of requests: a set of the 14
 * (type, access) combinations the kernel can ask about, an interval of
 * majors and one of minors.  A register holds a constant, a table of 14
 * values (one per combination), the raw major or minor number (or a 64-bit
 * value made of constant halves and one of them), or a pointer to the
 * context, the stack, a map or a map value.  A conditional jump splits the
 * box where its outcome differs; a map lookup splits it over the map's
 * keys.  Each path that reaches BPF_EXIT gives a region (a box) with one
 * verdict, and the regions of all paths cover every request exactly once.
 * Anything else (a helper call, a loop, arithmetic on a device number that
 * reaches a decision, ...) stops the decoding with a reason: the result is
 * then "partial" and has no rules.
 *
 * The regions are then written as a short first-match rule list, and that
 * list is checked against the regions before it is returned.  See
 * Documentation/devprog.rst.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devprog_impl.h"

/* ---- small helpers ---- */

/* See devprog_impl.h */
int dp_grow(void *pp, size_t *cap, size_t need, size_t size)
{
	void **p = pp;
	size_t ncap = *cap ? *cap : 16;
	void *np;

	if (need <= *cap)
		return 0;
	while (ncap < need)
		ncap *= 2;
	np = realloc(*p, ncap * size);
	if (!np)
		return -ENOMEM;
	*p = np;
	*cap = ncap;
	return 0;
}

static void dp_nomem(struct dp_ctx *x)
{
	x->err = -ENOMEM;
	x->failed = true;
}

static void __printf(3, 4) dp_fail(struct dp_ctx *x, __u32 pc,
				   const char *fmt, ...)
{
	va_list ap;
	int n;

	if (x->failed)
		return;
	x->failed = true;
	x->fail_pc = pc;
	n = snprintf(x->reason, sizeof(x->reason), "insn %u: ", pc);
	va_start(ap, fmt);
	vsnprintf(x->reason + n, sizeof(x->reason) - n, fmt, ap);
	va_end(ap);
}

static __u8 dp_combo_type(int e)
{
	return e / 7 + 1;
}

static __u8 dp_combo_access(int e)
{
	return e % 7 + 1;
}

static const char *dp_field_name(int f)
{
	return f == DPH_MAJOR ? "major" : "minor";
}

/* ---- tables: one u64 per combination, stored once ---- */

static __u32 dp_tab_hash(const __u64 *v)
{
	__u64 h = 1469598103934665603ULL;
	int e;

	for (e = 0; e < DP_NCOMBO; e++)
		h = (h ^ v[e]) * 1099511628211ULL;
	return h ^ (h >> 32);
}

static int dp_tab_rehash(struct dp_ctx *x)
{
	__u32 ncap = x->hcap ? x->hcap * 2 : 256, i, h;
	__u32 *nh = calloc(ncap, sizeof(*nh));

	if (!nh)
		return -ENOMEM;
	for (i = 1; i < x->ntab; i++) {
		h = dp_tab_hash(x->tab[i]) & (ncap - 1);
		while (nh[h])
			h = (h + 1) & (ncap - 1);
		nh[h] = i;
	}
	free(x->hash);
	x->hash = nh;
	x->hcap = ncap;
	return 0;
}

/* Index of table @v, added if new; 0 when out of memory */
static __u32 dp_tab_intern(struct dp_ctx *x, const __u64 *v)
{
	size_t cap = x->captab;
	__u32 h;

	if ((x->ntab + 1) * 2 >= x->hcap && dp_tab_rehash(x))
		goto err_nomem;
	h = dp_tab_hash(v) & (x->hcap - 1);
	while (x->hash[h]) {
		if (!memcmp(x->tab[x->hash[h]], v, sizeof(x->tab[0])))
			return x->hash[h];
		h = (h + 1) & (x->hcap - 1);
	}
	if (dp_grow(&x->tab, &cap, x->ntab + 1, sizeof(x->tab[0])))
		goto err_nomem;
	x->captab = cap;
	memcpy(x->tab[x->ntab], v, sizeof(x->tab[0]));
	x->hash[h] = x->ntab;
	return x->ntab++;

err_nomem:
	dp_nomem(x);
	return 0;
}

static struct dp_val dp_const(__u64 c)
{
	struct dp_val v = { .kind = DPV_NUM, .c = c };

	return v;
}

static struct dp_val dp_num(struct dp_ctx *x, const __u64 *v)
{
	struct dp_val r = dp_const(v[0]);
	int e;

	for (e = 1; e < DP_NCOMBO; e++)
		if (v[e] != v[0])
			break;
	if (e < DP_NCOMBO)
		r.tab = dp_tab_intern(x, v);
	return r;
}

static __u64 dp_at(const struct dp_ctx *x, const struct dp_val *v, int e)
{
	return v->tab ? x->tab[v->tab][e] : v->c;
}

/* Is number @v the same for every combination of @mask?  Then in @c. */
static bool dp_num_const(const struct dp_ctx *x, const struct dp_val *v,
			 __u16 mask, __u64 *c)
{
	bool first = true;
	int e;

	if (!v->tab) {
		*c = v->c;
		return true;
	}
	for (e = 0; e < DP_NCOMBO; e++) {
		if (!(mask & (1U << e)))
			continue;
		if (first)
			*c = x->tab[v->tab][e];
		else if (*c != x->tab[v->tab][e])
			return false;
		first = false;
	}
	return true;
}

/* ---- unknown values and their origin ---- */

static struct dp_val dp_unknown(struct dp_ctx *x, __u32 pc, const char *what)
{
	struct dp_val v = { .kind = DPV_UNKNOWN };
	size_t cap = x->caporig;
	__u32 i;

	for (i = 0; i < x->norig; i++)
		if (x->orig[i].pc == pc && !strcmp(x->orig[i].what, what))
			break;
	if (i == x->norig) {
		if (dp_grow(&x->orig, &cap, i + 1, sizeof(*x->orig))) {
			dp_nomem(x);
			return v;
		}
		x->caporig = cap;
		x->orig[i].pc = pc;
		snprintf(x->orig[i].what, sizeof(x->orig[i].what), "%s", what);
		x->norig++;
	}
	v.ref = i;
	return v;
}

/* An unknown value (origin @ref) decides something at @pc */
static void dp_fail_origin(struct dp_ctx *x, __u32 pc, __u32 ref)
{
	const struct dp_origin *o;

	if (ref >= x->norig) {
		dp_fail(x, pc, "uses a value the decoder lost track of");
		return;
	}
	o = &x->orig[ref];
	if (o->pc == pc)
		dp_fail(x, o->pc, "%s", o->what);
	else
		dp_fail(x, o->pc, "%s (used at insn %u)", o->what, pc);
}

/* Can register @reg, holding @v, be used at @pc? */
static bool dp_usable(struct dp_ctx *x, __u32 pc, const struct dp_val *v,
		      int reg)
{
	if (v->kind == DPV_UNINIT) {
		dp_fail(x, pc, "reads r%d before it is set", reg);
		return false;
	}
	if (v->kind == DPV_UNKNOWN) {
		dp_fail_origin(x, pc, v->ref);
		return false;
	}
	return true;
}

/* ---- states ---- */

static size_t dp_tail_size(__u32 lo)
{
	return (DP_NSLOT - lo / 8) * sizeof(struct dp_val) +
	       (DP_STACK - lo) * sizeof(struct dp_sbyte);
}

static __u16 dp_pieces_mask(const struct dp_piece *p, size_t n)
{
	__u16 m = 0;

	while (n--)
		m |= p[n].box.mask;
	return m;
}

static inline int dp_plist_add(struct dp_ctx *x, struct dp_plist *l,
			       const struct dp_box *box, __u32 tag)
{
	if (l->n == l->cap &&
	    dp_grow(&l->p, &l->cap, l->n + 1, sizeof(*l->p))) {
		dp_nomem(x);
		return -ENOMEM;
	}
	l->p[l->n].box = *box;
	l->p[l->n++].tag = tag;
	return 0;
}

/* Make the pieces of @l those of @st, and @l empty */
static void dp_take_pieces(struct dp_state *st, struct dp_plist *l)
{
	struct dp_piece *p = st->piece;
	size_t cap = st->cappiece;

	st->piece = l->p;
	st->cappiece = l->cap;
	st->h.npiece = l->n;
	st->h.mask = dp_pieces_mask(l->p, l->n);
	l->p = p;
	l->cap = cap;
	l->n = 0;
}

static bool dp_heap_less(const struct dp_ctx *x, size_t i, size_t j)
{
	return x->work[i]->h.pc < x->work[j]->h.pc;
}

static void dp_heap_swap(struct dp_ctx *x, size_t i, size_t j)
{
	struct dp_pend *t = x->work[i];

	x->work[i] = x->work[j];
	x->work[j] = t;
}

static void dp_heap_up(struct dp_ctx *x, size_t i)
{
	while (i && dp_heap_less(x, i, (i - 1) / 2)) {
		dp_heap_swap(x, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

static struct dp_pend *dp_heap_pop(struct dp_ctx *x)
{
	struct dp_pend *top = x->work[0];
	size_t i = 0, c;

	x->work[0] = x->work[--x->nwork];
	for (;;) {
		c = 2 * i + 1;
		if (c >= x->nwork)
			break;
		if (c + 1 < x->nwork && dp_heap_less(x, c + 1, c))
			c++;
		if (!dp_heap_less(x, c, i))
			break;
		dp_heap_swap(x, i, c);
		i = c;
	}
	return top;
}

/* A copy of @st with the pieces of @l (taken from it, @l is left empty)
 * as a new path to run later: its head, to change, or NULL
 */
static struct dp_head *dp_fork(struct dp_ctx *x, const struct dp_state *st,
			       struct dp_plist *l)
{
	__u32 lo = st->h.stack_lo;
	struct dp_pend *p;
	char *t;

	if (++x->nstates > x->max_states) {
		dp_fail(x, st->h.pc, "more than %u paths, the decoder's budget",
			x->max_states);
		return NULL;
	}
	p = malloc(sizeof(*p) + dp_tail_size(lo));
	if (!p || dp_grow(&x->work, &x->capwork, x->nwork + 1,
			  sizeof(*x->work))) {
		free(p);
		dp_nomem(x);
		return NULL;
	}
	p->h = st->h;
	p->h.npiece = l->n;
	p->h.mask = dp_pieces_mask(l->p, l->n);
	p->piece = l->p;
	p->cap = l->cap;
	l->p = NULL;
	l->cap = 0;
	l->n = 0;
	t = (char *)p->tail;
	memcpy(t, &st->spill[lo / 8], (DP_NSLOT - lo / 8) * sizeof(st->spill[0]));
	t += (DP_NSLOT - lo / 8) * sizeof(st->spill[0]);
	memcpy(t, &st->stack[lo], (DP_STACK - lo) * sizeof(st->stack[0]));
	x->work[x->nwork++] = p;
	return &p->h;
}

/* A new path like @st for the requests of @box, come by @tag */
static struct dp_head *dp_fork_box(struct dp_ctx *x, const struct dp_state *st,
				   const struct dp_box *box, __u32 tag)
{
	struct dp_plist l = { 0 };
	struct dp_head *h;

	if (dp_plist_add(x, &l, box, tag))
		return NULL;
	h = dp_fork(x, st, &l);
	free(l.p);
	return h;
}

/* Put the path added last to the waiting ones where its pc says */
static void dp_heap_fix(struct dp_ctx *x)
{
	dp_heap_up(x, x->nwork - 1);
}

/* Make @st the waiting path @p, and free @p */
static void dp_unpack(struct dp_state *st, struct dp_pend *p)
{
	__u32 lo = p->h.stack_lo;
	const char *t = (const char *)p->tail;

	st->h = p->h;
	memcpy(&st->spill[lo / 8], t, (DP_NSLOT - lo / 8) * sizeof(st->spill[0]));
	t += (DP_NSLOT - lo / 8) * sizeof(st->spill[0]);
	memcpy(&st->stack[lo], t, (DP_STACK - lo) * sizeof(st->stack[0]));
	free(st->piece);
	st->piece = p->piece;
	st->cappiece = p->cap;
	free(p);
}

static bool dp_val_eq(const struct dp_val *a, const struct dp_val *b)
{
	return a->kind == b->kind && a->hi == b->hi && a->lo == b->lo &&
	       a->tab == b->tab && a->ref == b->ref && a->ent == b->ent &&
	       a->c == b->c;
}

/* Do waiting paths @a and @b hold the same registers and stack? */
static bool dp_same(const struct dp_pend *a, const struct dp_pend *b)
{
	const struct dp_val *sa = (const struct dp_val *)a->tail;
	const struct dp_val *sb = (const struct dp_val *)b->tail;
	__u32 lo = a->h.stack_lo, i, ns = DP_NSLOT - lo / 8;
	const struct dp_sbyte *ka, *kb;

	if (b->h.stack_lo != lo)
		return false;
	for (i = 0; i < DP_NREG; i++)
		if (!dp_val_eq(&a->h.r[i], &b->h.r[i]))
			return false;
	for (i = 0; i < ns; i++)
		if (!dp_val_eq(&sa[i], &sb[i]))
			return false;
	ka = (const struct dp_sbyte *)(sa + ns);
	kb = (const struct dp_sbyte *)(sb + ns);
	for (i = 0; i < DP_STACK - lo; i++)
		if (ka[i].kind != kb[i].kind || ka[i].idx != kb[i].idx ||
		    ka[i].ref != kb[i].ref)
			return false;
	return true;
}

/* Give waiting path @a the pieces of @b (the longer list is kept, the
 * shorter copied), and free @b
 */
static int dp_join(struct dp_ctx *x, struct dp_pend *a, struct dp_pend *b)
{
	struct dp_piece *t;
	size_t c;
	__u32 n;

	if (b->h.npiece > a->h.npiece) {
		t = a->piece;
		a->piece = b->piece;
		b->piece = t;
		c = a->cap;
		a->cap = b->cap;
		b->cap = c;
		n = a->h.npiece;
		a->h.npiece = b->h.npiece;
		b->h.npiece = n;
	}
	n = a->h.npiece;
	if (dp_grow(&a->piece, &a->cap, n + b->h.npiece, sizeof(*a->piece))) {
		dp_nomem(x);
		free(b->piece);
		free(b);
		return -ENOMEM;
	}
	memcpy(&a->piece[n], b->piece, b->h.npiece * sizeof(*a->piece));
	a->h.npiece += b->h.npiece;
	a->h.mask |= b->h.mask;
	free(b->piece);
	free(b);
	return 0;
}

/*
 * Run next a waiting path of lowest pc.  The first time one is taken at a
 * pc, every path waiting there is: those with the same registers and
 * stack become one path, their pieces joined, and none is joined again
 * there (no other path can come: they all wait at higher pcs).
 */
static void dp_next(struct dp_ctx *x, struct dp_state *st)
{
	struct dp_pend **at = NULL, *p = dp_heap_pop(x);
	size_t n = 0, cap = 0, i, j;
	__u32 pc = p->h.pc;

	if (p->h.nomerge == pc)
		goto out_run;
	if (dp_grow(&at, &cap, 1, sizeof(*at)))
		goto out_nomem;
	at[n++] = p;
	while (x->nwork && x->work[0]->h.pc == pc) {
		if (dp_grow(&at, &cap, n + 1, sizeof(*at)))
			goto out_nomem;
		at[n++] = dp_heap_pop(x);
	}
	for (i = 0; i < n; i++) {
		if (!at[i] || at[i]->h.nomerge == pc)
			continue;
		for (j = i + 1; j < n && !x->failed; j++) {
			if (!at[j] || at[j]->h.nomerge == pc ||
			    !dp_same(at[i], at[j]))
				continue;
			dp_join(x, at[i], at[j]);
			at[j] = NULL;
		}
		at[i]->h.nomerge = pc;
	}
	p = NULL;
	for (i = 0; i < n; i++) {
		if (!at[i])
			continue;
		if (!p) {
			p = at[i];
			continue;
		}
		x->work[x->nwork++] = at[i];	/* room: they were there */
		dp_heap_fix(x);
	}
	free(at);
out_run:
	dp_unpack(st, p);
	return;
out_nomem:
	/* back where they were, p among them, for dp_ctx_free() */
	x->work[x->nwork++] = p;
	for (i = 1; i < n; i++)
		x->work[x->nwork++] = at[i];
	free(at);
	dp_nomem(x);
}

/* Continue @st with the outcomes of a jump at its pc: x->out[0] falls
 * through, x->out[1] goes to @target; a new path for the second when both
 * have requests.
 */
static void dp_branch(struct dp_ctx *x, struct dp_state *st, __u32 target)
{
	struct dp_plist *f = &x->out[0], *t = &x->out[1];
	struct dp_head *h;

	if (x->failed) {
		f->n = 0;
		t->n = 0;
		return;
	}
	if (f->n && t->n) {
		h = dp_fork(x, st, t);
		if (!h)
			return;
		h->pc = target;
		dp_heap_fix(x);
	}
	if (f->n) {
		dp_take_pieces(st, f);
		st->h.pc++;
	} else {
		dp_take_pieces(st, t);
		st->h.pc = target;
	}
}

/* @st is to be split before its instruction: one path per piece, none
 * merged again at that instruction.
 */
static void dp_unmerge(struct dp_ctx *x, struct dp_state *st)
{
	struct dp_head *h;

	x->split = false;
	st->h.nomerge = st->h.pc;
	while (st->h.npiece > 1 && !x->failed) {
		st->h.npiece--;
		h = dp_fork_box(x, st, &st->piece[st->h.npiece].box,
				st->piece[st->h.npiece].tag);
		if (h)
			dp_heap_fix(x);
	}
	st->h.mask = st->piece[0].box.mask;
}

/* Is @v one number for every request of @st (then in @c)?  If not, but
 * @st joins several pieces, the path is to be split first: x->split.
 */
static bool dp_st_const(struct dp_ctx *x, const struct dp_state *st,
			const struct dp_val *v, __u64 *c)
{
	if (dp_num_const(x, v, st->h.mask, c))
		return true;
	if (st->h.npiece > 1)
		x->split = true;
	return false;
}

/* ---- the semantics of one operation on concrete numbers ---- */

static __u64 dp_sdiv(__u64 d, __u64 s, bool is64, bool mod)
{
	__s64 a = is64 ? (__s64)d : (__s32)d;
	__s64 b = is64 ? (__s64)s : (__s32)s;

	if (!b)
		return mod ? d : 0;
	if (b == -1)
		return mod ? 0 : -(__u64)a;
	return mod ? (__u64)(a % b) : (__u64)(a / b);
}

static __u64 dp_movsx(__u64 s, __s16 off)
{
	switch (off) {
	case 8:
		return (__s64)(__s8)s;
	case 16:
		return (__s64)(__s16)s;
	case 32:
		return (__s64)(__s32)s;
	}
	return s;
}

/* BPF ALU operation @op (not BPF_END) on @d and @s */
static __u64 dp_alu_op(__u8 op, bool is64, __s16 off, __u64 d, __u64 s)
{
	unsigned int sh = s & (is64 ? 63 : 31);
	__u64 r;

	if (!is64) {
		d = (__u32)d;
		if (op != BPF_MOV)
			s = (__u32)s;
	}
	switch (op) {
	case BPF_ADD:
		r = d + s;
		break;
	case BPF_SUB:
		r = d - s;
		break;
	case BPF_MUL:
		r = d * s;
		break;
	case BPF_DIV:
		r = off == 1 ? dp_sdiv(d, s, is64, false) : s ? d / s : 0;
		break;
	case BPF_MOD:
		r = off == 1 ? dp_sdiv(d, s, is64, true) : s ? d % s : d;
		break;
	case BPF_OR:
		r = d | s;
		break;
	case BPF_AND:
		r = d & s;
		break;
	case BPF_XOR:
		r = d ^ s;
		break;
	case BPF_LSH:
		r = d << sh;
		break;
	case BPF_RSH:
		r = d >> sh;
		break;
	case BPF_ARSH:
		r = is64 ? (__u64)((__s64)d >> sh) : (__u32)((__s32)d >> sh);
		break;
	case BPF_NEG:
		r = -d;
		break;
	default: /* BPF_MOV */
		r = dp_movsx(s, off);
		break;
	}
	return is64 ? r : (__u32)r;
}

/* BPF_END: byte swap or truncation to @bits */
static __u64 dp_end_op(bool alu64, bool to_be, int bits, __u64 d)
{
	bool swap = alu64 || to_be != DP_BIG_ENDIAN;

	switch (bits) {
	case 16:
		return swap ? __builtin_bswap16(d) : (__u16)d;
	case 32:
		return swap ? __builtin_bswap32(d) : (__u32)d;
	}
	return swap ? __builtin_bswap64(d) : d;
}

static bool dp_cond(__u8 op, bool is32, __u64 a, __u64 b)
{
	__s64 sa = is32 ? (__s32)a : (__s64)a;
	__s64 sb = is32 ? (__s32)b : (__s64)b;

	if (is32) {
		a = (__u32)a;
		b = (__u32)b;
	}
	switch (op) {
	case BPF_JEQ:
		return a == b;
	case BPF_JNE:
		return a != b;
	case BPF_JGT:
		return a > b;
	case BPF_JGE:
		return a >= b;
	case BPF_JLT:
		return a < b;
	case BPF_JLE:
		return a <= b;
	case BPF_JSGT:
		return sa > sb;
	case BPF_JSGE:
		return sa >= sb;
	case BPF_JSLT:
		return sa < sb;
	case BPF_JSLE:
		return sa <= sb;
	}
	return a & b;	/* BPF_JSET */
}

static bool dp_cond_ok(__u8 op)
{
	switch (op) {
	case BPF_JEQ: case BPF_JNE: case BPF_JGT: case BPF_JGE:
	case BPF_JLT: case BPF_JLE: case BPF_JSGT: case BPF_JSGE:
	case BPF_JSLT: case BPF_JSLE: case BPF_JSET:
		return true;
	}
	return false;
}

/* ---- values made of device numbers ---- */

/* One 32-bit half of a value: a constant or a device number */
struct dp_h {
	__u8 k;			/* enum dp_half */
	__u32 c;
};

static const struct dp_h dp_h_zero = { DPH_CONST, 0 };

static struct dp_val dp_field(int f)
{
	struct dp_val v = { .kind = DPV_FIELD, .hi = DPH_CONST, .lo = f };

	return v;
}

static struct dp_val dp_field_make(struct dp_h hi, struct dp_h lo)
{
	struct dp_val v = dp_const((__u64)hi.c << 32 | lo.c);

	if (hi.k == DPH_CONST && lo.k == DPH_CONST)
		return v;
	v.kind = DPV_FIELD;
	v.hi = hi.k;
	v.lo = lo.k;
	if (hi.k != DPH_CONST)
		v.c &= DP_U32_MAX;
	if (lo.k != DPH_CONST)
		v.c &= ~(__u64)DP_U32_MAX;
	return v;
}

/* Halves of @v, a DPV_FIELD or a number equal to @c */
static void dp_halves(const struct dp_val *v, __u64 c, struct dp_h *hi,
		      struct dp_h *lo)
{
	if (v->kind == DPV_FIELD) {
		c = v->c;
		hi->k = v->hi;
		lo->k = v->lo;
	} else {
		hi->k = DPH_CONST;
		lo->k = DPH_CONST;
	}
	hi->c = hi->k == DPH_CONST ? c >> 32 : 0;
	lo->c = lo->k == DPH_CONST ? (__u32)c : 0;
}

/* The register value of @v when its device number is @f */
static __u64 dp_field_value(const struct dp_val *v, __u32 f)
{
	__u64 hi = v->hi == DPH_CONST ? v->c >> 32 : f;
	__u64 lo = v->lo == DPH_CONST ? (__u32)v->c : f;

	return hi << 32 | lo;
}

/* Bit 1 << DPH_MAJOR, 1 << DPH_MINOR: the device numbers in @v */
static int dp_fields_in(const struct dp_val *v)
{
	if (v->kind != DPV_FIELD)
		return 0;
	return 1 << v->hi | 1 << v->lo;
}

static const char *dp_fields_what(int fields)
{
	switch (fields & (1 << DPH_MAJOR | 1 << DPH_MINOR)) {
	case 1 << DPH_MAJOR:
		return "the major number";
	case 1 << DPH_MINOR:
		return "the minor number";
	}
	return "the major and minor numbers";
}

/* @a op @b on one 32-bit half, when the result is again a half */
static bool dp_half_op(__u8 op, struct dp_h a, struct dp_h b, struct dp_h *r)
{
	struct dp_h t;

	if (a.k == DPH_CONST && b.k == DPH_CONST) {
		r->k = DPH_CONST;
		r->c = dp_alu_op(op, false, 0, a.c, b.c);
		return true;
	}
	if (b.k != DPH_CONST) {
		if (a.k != DPH_CONST || (op != BPF_AND && op != BPF_OR &&
					 op != BPF_XOR && op != BPF_ADD &&
					 op != BPF_MUL))
			return false;
		t = a;
		a = b;
		b = t;
	}
	*r = a;
	switch (op) {
	case BPF_AND:
		if (b.c == DP_U32_MAX)
			return true;
		*r = dp_h_zero;
		return !b.c;
	case BPF_OR:
		if (b.c == DP_U32_MAX)
			r->k = DPH_CONST;
		r->c = b.c;
		return !b.c || b.c == DP_U32_MAX;
	case BPF_MUL:
		if (!b.c)
			*r = dp_h_zero;
		return b.c <= 1;
	case BPF_DIV:
		if (!b.c)
			*r = dp_h_zero;
		return b.c <= 1;
	case BPF_ADD:
	case BPF_SUB:
	case BPF_XOR:
	case BPF_LSH:
	case BPF_RSH:
	case BPF_ARSH:
		return !b.c;
	}
	return false;
}

/* 64-bit @op on values given by halves, when the result has halves */
static bool dp_field_alu64(__u8 op, const struct dp_h *a, const struct dp_h *b,
			   struct dp_h *r)
{
	__u64 bv = (__u64)b[0].c << 32 | b[1].c;
	bool bconst = b[0].k == DPH_CONST && b[1].k == DPH_CONST;
	__u64 carry = 0;

	switch (op) {
	case BPF_AND:
	case BPF_OR:
	case BPF_XOR:
		return dp_half_op(op, a[0], b[0], &r[0]) &&
		       dp_half_op(op, a[1], b[1], &r[1]);
	case BPF_ADD:
		if (a[1].k == DPH_CONST && b[1].k == DPH_CONST)
			carry = ((__u64)a[1].c + b[1].c) >> 32;
		if (!dp_half_op(op, a[1], b[1], &r[1]) ||
		    !dp_half_op(op, a[0], b[0], &r[0]))
			return false;
		if (carry && r[0].k != DPH_CONST)
			return false;
		r[0].c += carry;
		return true;
	case BPF_LSH:
	case BPF_RSH:
	case BPF_ARSH:
		if (!bconst || ((bv & 63) && (bv & 63) != 32))
			return false;
		r[0] = a[0];
		r[1] = a[1];
		if (!(bv & 63))
			return true;
		if (op == BPF_LSH) {
			r[0] = a[1];
			r[1] = dp_h_zero;
			return true;
		}
		r[1] = a[0];
		r[0] = dp_h_zero;
		if (op == BPF_RSH)
			return true;
		r[0].c = a[0].c & 0x80000000U ? DP_U32_MAX : 0;
		return a[0].k == DPH_CONST;
	case BPF_SUB:
	case BPF_MUL:
	case BPF_DIV:
		if (!bconst || bv > 1 || (op == BPF_SUB && bv))
			return false;
		r[0] = a[0];
		r[1] = a[1];
		if (bv || op == BPF_SUB)
			return true;
		r[0] = dp_h_zero;
		r[1] = dp_h_zero;
		return true;
	}
	return false;
}

/* @dst op= @src where one of them holds a device number */
static void dp_field_alu(struct dp_ctx *x, struct dp_state *st,
			 const struct bpf_insn *in, const struct dp_val *src)
{
	struct dp_val *dst = &st->h.r[in->dst_reg];
	int fields = dp_fields_in(dst) | dp_fields_in(src);
	bool is64 = BPF_CLASS(in->code) == BPF_ALU64;
	struct dp_h a[2], b[2], r[2];
	__u64 ca = 0, cb = 0;
	__u8 op = BPF_OP(in->code);
	char what[80];
	bool ok;

	if ((dst->kind == DPV_NUM && !dp_st_const(x, st, dst, &ca)) ||
	    (src->kind == DPV_NUM && !dp_st_const(x, st, src, &cb))) {
		if (x->split)
			return;
		snprintf(what, sizeof(what),
			 "arithmetic mixing %s with the type and access",
			 dp_fields_what(fields));
		*dst = dp_unknown(x, st->h.pc, what);
		return;
	}
	if ((dst->kind != DPV_NUM && dst->kind != DPV_FIELD) ||
	    (src->kind != DPV_NUM && src->kind != DPV_FIELD)) {
		snprintf(what, sizeof(what), "arithmetic on %s and a pointer",
			 dp_fields_what(fields));
		*dst = dp_unknown(x, st->h.pc, what);
		return;
	}
	dp_halves(dst, ca, &a[0], &a[1]);
	dp_halves(src, cb, &b[0], &b[1]);
	if (is64) {
		ok = dp_field_alu64(op, a, b, r);
	} else {
		if (op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH)
			b[1].c &= 31;
		r[0] = dp_h_zero;
		ok = dp_half_op(op, a[1], b[1], &r[1]);
	}
	if (ok && op != BPF_NEG && op != BPF_MOD) {
		*dst = dp_field_make(r[0], r[1]);
		return;
	}
	snprintf(what, sizeof(what), "arithmetic on %s", dp_fields_what(fields));
	*dst = dp_unknown(x, st->h.pc, what);
}

/* ---- ALU instructions ---- */

static bool dp_is_ptr(const struct dp_val *v)
{
	return v->kind == DPV_CTX || v->kind == DPV_FP ||
	       v->kind == DPV_MAP || v->kind == DPV_MAPVAL;
}

static bool dp_opc_is(const struct dp_opc *o, __u8 op, bool is64, __s16 off,
		      const struct dp_val *d, const struct dp_val *s)
{
	return o->used && o->op == op && o->is64 == is64 && o->off == off &&
	       o->d.tab == d->tab && o->d.c == d->c && o->s.tab == s->tab &&
	       o->s.c == s->c;
}

/* @d op @s on numbers, one combination after the other; the results with
 * tables are remembered, the same operation comes on every path.
 */
static struct dp_val dp_num_alu(struct dp_ctx *x, __u8 op, bool is64,
				__s16 off, const struct dp_val *d,
				const struct dp_val *s)
{
	__u64 v[DP_NCOMBO], h;
	struct dp_opc *o = NULL;
	struct dp_val r;
	int e;

	if (!d->tab && !s->tab)
		return dp_const(dp_alu_op(op, is64, off, d->c, s->c));
	if (!x->opc)
		x->opc = calloc(DP_OPC_SIZE, sizeof(*x->opc));
	if (x->opc) {
		h = (d->tab * 31 + s->tab) * 0x9e3779b97f4a7c15ULL ^
		    (d->c + s->c * 7 + op * 131 + off * 17 + is64);
		o = &x->opc[(h ^ h >> 29) % DP_OPC_SIZE];
		if (dp_opc_is(o, op, is64, off, d, s))
			return o->r;
	}
	for (e = 0; e < DP_NCOMBO; e++)
		v[e] = dp_alu_op(op, is64, off, dp_at(x, d, e), dp_at(x, s, e));
	r = dp_num(x, v);
	if (o && !x->failed) {
		o->used = true;
		o->op = op;
		o->is64 = is64;
		o->off = off;
		o->d = *d;
		o->s = *s;
		o->r = r;
	}
	return r;
}

/* Pointer plus or minus a number; anything else is not followed */
static void dp_ptr_alu(struct dp_ctx *x, struct dp_state *st,
		       const struct bpf_insn *in, const struct dp_val *src)
{
	struct dp_val *dst = &st->h.r[in->dst_reg];
	__u8 op = BPF_OP(in->code);
	__u64 c;

	if (BPF_CLASS(in->code) == BPF_ALU64 && dst->kind != DPV_MAP &&
	    dst->kind != DPV_NUM && src->kind == DPV_NUM &&
	    (op == BPF_ADD || op == BPF_SUB) && dp_st_const(x, st, src, &c)) {
		dst->c = op == BPF_ADD ? dst->c + c : dst->c - c;
		return;
	}
	if (x->split)
		return;
	if (BPF_CLASS(in->code) == BPF_ALU64 && dst->kind == DPV_NUM &&
	    src->kind != DPV_MAP && op == BPF_ADD &&
	    dp_st_const(x, st, dst, &c)) {
		*dst = *src;
		dst->c += c;
		return;
	}
	if (x->split)
		return;
	*dst = dp_unknown(x, st->h.pc, dst->kind == DPV_MAP || src->kind == DPV_MAP ?
			  "arithmetic on a map pointer" :
			  "arithmetic on a pointer");
}

static void dp_mov(struct dp_ctx *x, struct dp_state *st,
		   const struct bpf_insn *in, const struct dp_val *src)
{
	struct dp_val *dst = &st->h.r[in->dst_reg];
	bool is64 = BPF_CLASS(in->code) == BPF_ALU64;
	struct dp_h hi, lo;
	char what[80];

	if (src->kind == DPV_NUM) {
		*dst = dp_num_alu(x, BPF_MOV, is64, in->off, src, src);
	} else if (src->kind == DPV_UNKNOWN || (is64 && !in->off)) {
		*dst = *src;
	} else if (src->kind == DPV_FIELD && !in->off) {
		dp_halves(src, 0, &hi, &lo);
		*dst = dp_field_make(dp_h_zero, lo);
	} else if (src->kind == DPV_FIELD) {
		snprintf(what, sizeof(what), "sign extension of %s",
			 dp_fields_what(dp_fields_in(src)));
		*dst = dp_unknown(x, st->h.pc, what);
	} else {
		*dst = dp_unknown(x, st->h.pc, "a pointer cut to 32 bits");
	}
}

static void dp_alu_end(struct dp_ctx *x, struct dp_state *st,
		       const struct bpf_insn *in)
{
	struct dp_val *dst = &st->h.r[in->dst_reg];
	bool alu64 = BPF_CLASS(in->code) == BPF_ALU64;
	bool to_be = BPF_SRC(in->code) == BPF_TO_BE;
	__u64 v[DP_NCOMBO];
	char what[80];
	int e;

	if (in->imm != 16 && in->imm != 32 && in->imm != 64) {
		dp_fail(x, st->h.pc, "byte swap of %d bits", in->imm);
		return;
	}
	if (!dp_usable(x, st->h.pc, dst, in->dst_reg))
		return;
	if (dst->kind == DPV_NUM) {
		for (e = 0; e < DP_NCOMBO; e++)
			v[e] = dp_end_op(alu64, to_be, in->imm, dp_at(x, dst, e));
		*dst = dp_num(x, v);
		return;
	}
	if (dst->kind == DPV_FIELD && !alu64 && to_be == DP_BIG_ENDIAN &&
	    in->imm >= 32) {
		if (in->imm == 32)
			*dst = dp_field_make(dp_h_zero, (struct dp_h){
				dst->lo, (__u32)dst->c });
		return;
	}
	snprintf(what, sizeof(what), "byte swap of %s",
		 dst->kind == DPV_FIELD ?
		 dp_fields_what(dp_fields_in(dst)) : "a pointer");
	*dst = dp_unknown(x, st->h.pc, what);
}

static bool dp_alu_ok(const struct bpf_insn *in)
{
	__u8 op = BPF_OP(in->code);

	switch (op) {
	case BPF_DIV:
	case BPF_MOD:
		return in->off == 0 || in->off == 1;
	case BPF_MOV:
		return in->off == 0 || in->off == 8 || in->off == 16 ||
		       (in->off == 32 && BPF_CLASS(in->code) == BPF_ALU64);
	case BPF_ADD: case BPF_SUB: case BPF_MUL: case BPF_OR:
	case BPF_AND: case BPF_LSH: case BPF_RSH: case BPF_NEG:
	case BPF_XOR: case BPF_ARSH: case BPF_END:
		return !in->off;
	}
	return false;
}

static void dp_alu(struct dp_ctx *x, struct dp_state *st,
		   const struct bpf_insn *in)
{
	bool is64 = BPF_CLASS(in->code) == BPF_ALU64;
	struct dp_val *dst = &st->h.r[in->dst_reg];
	__u8 op = BPF_OP(in->code);
	struct dp_val src;

	if (!dp_alu_ok(in)) {
		dp_fail(x, st->h.pc, "unsupported instruction (code 0x%02x)",
			in->code);
		return;
	}
	if (op == BPF_END) {
		dp_alu_end(x, st, in);
		return;
	}
	if (op == BPF_NEG) {
		src = dp_const(0);
	} else if (BPF_SRC(in->code) == BPF_X) {
		src = st->h.r[in->src_reg];
		if (src.kind == DPV_UNINIT) {
			dp_fail(x, st->h.pc, "reads r%d before it is set",
				in->src_reg);
			return;
		}
	} else {
		src = dp_const(is64 ? (__u64)(__s64)in->imm : (__u32)in->imm);
	}
	if (op == BPF_MOV) {
		dp_mov(x, st, in, &src);
		return;
	}
	if (dst->kind == DPV_UNINIT) {
		dp_fail(x, st->h.pc, "reads r%d before it is set", in->dst_reg);
		return;
	}
	if (dst->kind == DPV_UNKNOWN)
		return;
	if (src.kind == DPV_UNKNOWN)
		*dst = src;
	else if (dst->kind == DPV_NUM && src.kind == DPV_NUM)
		*dst = dp_num_alu(x, op, is64, in->off, dst, &src);
	else if (dst->kind == DPV_FIELD || src.kind == DPV_FIELD)
		dp_field_alu(x, st, in, &src);
	else
		dp_ptr_alu(x, st, in, &src);
}

/* ---- memory ---- */

static int dp_size(__u8 code)
{
	switch (BPF_SIZE(code)) {
	case BPF_B:
		return 1;
	case BPF_H:
		return 2;
	case BPF_W:
		return 4;
	}
	return 8;
}

/* Offset in memory of byte @j (0: least significant) of a @size value */
static int dp_bpos(int j, int size)
{
	return DP_BIG_ENDIAN ? size - 1 - j : j;
}

static __u64 dp_load_bytes(const void *p, int size)
{
	__u8 b;
	__u16 h;
	__u32 w;
	__u64 d;

	switch (size) {
	case 1:
		memcpy(&b, p, 1);
		return b;
	case 2:
		memcpy(&h, p, 2);
		return h;
	case 4:
		memcpy(&w, p, 4);
		return w;
	}
	memcpy(&d, p, 8);
	return d;
}

static void dp_ld_ctx(struct dp_ctx *x, __u32 pc, __s64 off, int size,
		      struct dp_val *out)
{
	struct bpf_cgroup_dev_ctx c = { 0 };
	__u64 v[DP_NCOMBO];
	int e;

	if (off >= 0 && off + size <= 4) {
		for (e = 0; e < DP_NCOMBO; e++) {
			c.access_type = (__u32)dp_combo_access(e) << 16 |
					dp_combo_type(e);
			v[e] = dp_load_bytes((char *)&c + off, size);
		}
		*out = dp_num(x, v);
	} else if (size == 4 && (off == 4 || off == 8)) {
		*out = dp_field(off == 4 ? DPH_MAJOR : DPH_MINOR);
	} else if (off >= 0 && off + size <= 12) {
		dp_fail(x, pc, "reads %d bytes at offset %lld of the context, %s",
			size, (long long)off, off < 8 ? "part of the major number" :
			"part of the minor number");
	} else {
		dp_fail(x, pc, "reads %d bytes at offset %lld, outside the context",
			size, (long long)off);
	}
}

static void dp_ld_mapval(struct dp_ctx *x, __u32 pc, const struct dp_val *p,
			 __s64 off, int size, struct dp_val *out)
{
	const struct devprog_map *m = &x->map[p->ref].m;

	if (off < 0 || off + size > m->value_size) {
		dp_fail(x, pc, "reads %d bytes at offset %lld of a %u-byte map value",
			size, (long long)off, m->value_size);
		return;
	}
	*out = dp_const(dp_load_bytes((char *)m->values +
				      (size_t)p->ent * m->value_size + off,
				      size));
}

static bool dp_stack_range(struct dp_ctx *x, __u32 pc, __s64 off, int size,
			   int *i0)
{
	if (off < -DP_STACK || off + size > 0) {
		dp_fail(x, pc, "accesses %d bytes at fp%+lld, outside the stack",
			size, (long long)off);
		return false;
	}
	*i0 = DP_STACK + off;
	return true;
}

static struct dp_sbyte dp_sb(const struct dp_state *st, int i)
{
	struct dp_sbyte none = { DPS_NONE, 0, 0 };

	return (__u32)i < st->h.stack_lo ? none : st->stack[i];
}

static __u8 dp_sb_at(const struct dp_ctx *x, const struct dp_sbyte *b, int e)
{
	if (b->kind == DPS_CONST)
		return b->ref;
	return x->tab[b->ref][e] >> (8 * b->idx);
}

/* A half from 4 bytes, least significant first: constant or a number */
static bool dp_half_from(const struct dp_sbyte *b, struct dp_h *h)
{
	int j;

	h->k = b[0].kind == DPS_FIELD ? b[0].ref : DPH_CONST;
	h->c = 0;
	for (j = 0; j < 4; j++) {
		if (h->k == DPH_CONST && b[j].kind == DPS_CONST)
			h->c |= (__u32)b[j].ref << (8 * j);
		else if (h->k == DPH_CONST || b[j].kind != DPS_FIELD ||
			 b[j].ref != h->k || b[j].idx != j)
			return false;
	}
	return true;
}

/* A load of stack bytes @b (least significant first) of which some hold
 * a device number.
 */
static void dp_ld_field(struct dp_ctx *x, __u32 pc, const struct dp_sbyte *b,
			int size, struct dp_val *out)
{
	struct dp_h hi = dp_h_zero, lo;

	if (size < 4 || !dp_half_from(b, &lo) ||
	    (size == 8 && !dp_half_from(b + 4, &hi)))
		*out = dp_unknown(x, pc,
				  "a load of part of a device number from the stack");
	else
		*out = dp_field_make(hi, lo);
}

static bool dp_ld_spill(const struct dp_sbyte *b, int i0, int size)
{
	int j;

	if (size != 8 || i0 % 8)
		return false;
	for (j = 0; j < 8; j++)
		if (b[j].kind != DPS_SPILL || b[j].ref != (__u32)i0 / 8 ||
		    b[j].idx != j)
			return false;
	return true;
}

static void dp_ld_stack(struct dp_ctx *x, const struct dp_state *st, __u32 pc,
			__s64 off, int size, struct dp_val *out)
{
	struct dp_sbyte b[8];
	int i0, j, e, n[DPS_UNKNOWN + 1] = { 0 };
	__u64 v[DP_NCOMBO];

	if (!dp_stack_range(x, pc, off, size, &i0))
		return;
	for (j = 0; j < size; j++) {
		b[j] = dp_sb(st, i0 + dp_bpos(j, size));
		n[b[j].kind]++;
	}
	if (n[DPS_NONE]) {
		dp_fail(x, pc, "reads stack bytes at fp%+lld that were never written",
			(long long)off);
		return;
	}
	for (j = 0; j < size && n[DPS_UNKNOWN]; j++) {
		if (b[j].kind == DPS_UNKNOWN) {
			*out = (struct dp_val){ .kind = DPV_UNKNOWN,
						.ref = b[j].ref };
			return;
		}
	}
	if (n[DPS_SPILL]) {
		if (dp_ld_spill(b, i0, size))
			*out = st->spill[i0 / 8];
		else
			*out = dp_unknown(x, pc, "a load of part of a spilled pointer");
		return;
	}
	if (n[DPS_FIELD]) {
		dp_ld_field(x, pc, b, size, out);
		return;
	}
	for (e = 0; e < DP_NCOMBO; e++) {
		v[e] = 0;
		for (j = 0; j < size; j++)
			v[e] |= (__u64)dp_sb_at(x, &b[j], e) << (8 * j);
	}
	*out = dp_num(x, v);
}

/* Byte @j (least significant first) of @v, stored in stack slot @slot */
static struct dp_sbyte dp_val_byte(const struct dp_val *v, int j, int slot)
{
	struct dp_sbyte b = { .idx = j };
	__u8 k;

	switch (v->kind) {
	case DPV_NUM:
		b.kind = v->tab ? DPS_TAB : DPS_CONST;
		b.ref = v->tab ? v->tab : (v->c >> (8 * j)) & 0xff;
		break;
	case DPV_FIELD:
		k = j < 4 ? v->lo : v->hi;
		b.kind = k == DPH_CONST ? DPS_CONST : DPS_FIELD;
		b.ref = k == DPH_CONST ? (v->c >> (8 * j)) & 0xff : k;
		b.idx = j % 4;
		break;
	case DPV_UNKNOWN:
		b.kind = DPS_UNKNOWN;
		b.ref = v->ref;
		break;
	default:
		b.kind = DPS_SPILL;
		b.ref = slot;
		break;
	}
	return b;
}

static void dp_st_stack(struct dp_ctx *x, struct dp_state *st, __u32 pc,
			__s64 off, int size, const struct dp_val *v)
{
	int i0, j;

	if (!dp_stack_range(x, pc, off, size, &i0))
		return;
	if (dp_is_ptr(v) && (size != 8 || i0 % 8)) {
		dp_fail(x, pc, "stores part of a pointer to the stack");
		return;
	}
	while (st->h.stack_lo > (__u32)i0)
		st->stack[--st->h.stack_lo].kind = DPS_NONE;
	for (j = 0; j < size; j++)
		st->stack[i0 + dp_bpos(j, size)] = dp_val_byte(v, j, i0 / 8);
	if (dp_is_ptr(v))
		st->spill[i0 / 8] = *v;
}

static void dp_store(struct dp_ctx *x, struct dp_state *st,
		     const struct bpf_insn *in)
{
	const struct dp_val *base = &st->h.r[in->dst_reg];
	struct dp_val v;

	if (BPF_MODE(in->code) != BPF_MEM) {
		dp_fail(x, st->h.pc, "%s (code 0x%02x)",
			BPF_MODE(in->code) == BPF_ATOMIC ?
			"atomic operation" : "unsupported store", in->code);
		return;
	}
	if (!dp_usable(x, st->h.pc, base, in->dst_reg))
		return;
	if (BPF_CLASS(in->code) == BPF_STX) {
		v = st->h.r[in->src_reg];
		if (v.kind == DPV_UNINIT) {
			dp_fail(x, st->h.pc, "reads r%d before it is set",
				in->src_reg);
			return;
		}
	} else {
		v = dp_const((__u64)(__s64)in->imm);
	}
	if (base->kind == DPV_FP)
		dp_st_stack(x, st, st->h.pc, (__s64)base->c + in->off,
			    dp_size(in->code), &v);
	else if (base->kind == DPV_CTX)
		dp_fail(x, st->h.pc, "writes to the context");
	else if (base->kind == DPV_MAPVAL)
		dp_fail(x, st->h.pc, "writes into a map value");
	else
		dp_fail(x, st->h.pc, "writes to memory r%d points to",
			in->dst_reg);
}

static void dp_sext(struct dp_ctx *x, __u32 pc, struct dp_val *v, int size)
{
	__u64 t[DP_NCOMBO];
	int e, sh = 64 - 8 * size;

	if (v->kind == DPV_NUM) {
		for (e = 0; e < DP_NCOMBO; e++)
			t[e] = (__u64)((__s64)(dp_at(x, v, e) << sh) >> sh);
		*v = dp_num(x, t);
	} else if (v->kind == DPV_FIELD) {
		*v = dp_unknown(x, pc, "sign extension of a device number");
	}
}

static void dp_ldx(struct dp_ctx *x, struct dp_state *st,
		   const struct bpf_insn *in)
{
	const struct dp_val *base = &st->h.r[in->src_reg];
	int size = dp_size(in->code);
	struct dp_val v = { 0 };
	__s64 off;

	if (BPF_MODE(in->code) != BPF_MEM && BPF_MODE(in->code) != BPF_MEMSX) {
		dp_fail(x, st->h.pc, "unsupported load (code 0x%02x)", in->code);
		return;
	}
	if (!dp_usable(x, st->h.pc, base, in->src_reg))
		return;
	off = (__s64)base->c + in->off;
	if (base->kind == DPV_CTX)
		dp_ld_ctx(x, st->h.pc, off, size, &v);
	else if (base->kind == DPV_FP)
		dp_ld_stack(x, st, st->h.pc, off, size, &v);
	else if (base->kind == DPV_MAPVAL)
		dp_ld_mapval(x, st->h.pc, base, off, size, &v);
	else
		dp_fail(x, st->h.pc, "reads memory r%d points to", in->src_reg);
	if (x->failed)
		return;
	if (BPF_MODE(in->code) == BPF_MEMSX)
		dp_sext(x, st->h.pc, &v, size);
	st->h.r[in->dst_reg] = v;
}

static void dp_ld(struct dp_ctx *x, struct dp_state *st,
		  const struct bpf_insn *in)
{
	struct dp_val v = { 0 };

	if (in->code != (BPF_LD | BPF_IMM | BPF_DW)) {
		dp_fail(x, st->h.pc, "legacy packet access (code 0x%02x)",
			in->code);
		return;
	}
	if (st->h.pc + 1 >= x->n) {
		dp_fail(x, st->h.pc, "a 64-bit immediate cut by the program's end");
		return;
	}
	if (in->src_reg == 0) {
		v = dp_const((__u32)in->imm | (__u64)(__u32)in[1].imm << 32);
	} else if (in->src_reg == BPF_PSEUDO_MAP_FD) {
		v.kind = DPV_MAP;
		v.ref = in->imm;
	} else {
		dp_fail(x, st->h.pc, "loads the address of a map value or a kernel object (src %u)",
			in->src_reg);
		return;
	}
	st->h.r[in->dst_reg] = v;
	st->h.pc += 2;
}

/* ---- conditional jumps ---- */

static __u32 dp_tag(__u32 pc, bool taken)
{
	return pc << 2 | taken;
}

static bool dp_target(struct dp_ctx *x, __u32 pc, __s32 off, __u32 *target)
{
	__s64 t = (__s64)pc + 1 + off;

	if (t <= pc) {
		dp_fail(x, pc, "jumps back to insn %lld (a loop)", (long long)t);
		return false;
	}
	if (t >= x->n) {
		dp_fail(x, pc, "jumps past the end of the program");
		return false;
	}
	*target = t;
	return true;
}

/* A comparison of numbers: split the combinations */
static void dp_jmp_num(struct dp_ctx *x, struct dp_state *st, __u8 op,
		       bool is32, const struct dp_val *a,
		       const struct dp_val *b, __u32 target)
{
	struct dp_box box;
	__u32 i;
	__u16 t = 0;
	int e;

	for (e = 0; e < DP_NCOMBO; e++)
		if ((st->h.mask & (1U << e)) &&
		    dp_cond(op, is32, dp_at(x, a, e), dp_at(x, b, e)))
			t |= 1U << e;
	for (i = 0; i < st->h.npiece; i++) {
		box = st->piece[i].box;
		box.mask &= ~t;
		if (box.mask && dp_plist_add(x, &x->out[0], &box,
					     dp_tag(st->h.pc, false)))
			break;
		box.mask = st->piece[i].box.mask & t;
		if (box.mask && dp_plist_add(x, &x->out[1], &box,
					     dp_tag(st->h.pc, true)))
			break;
	}
	dp_branch(x, st, target);
}

/* A comparison of a value holding a device number with a constant */
struct dp_cmp {
	__u8 op;
	bool is32;
	bool fdst;		/* the device number is on the left */
	const struct dp_val *fv;
	__u64 k;
};

/* Intervals where a comparison holds or not, in increasing order */
struct dp_ivs {
	struct dp_iv iv[6];
	int n;
};

static bool dp_cmp_at(const struct dp_cmp *c, __u32 f)
{
	__u64 v = dp_field_value(c->fv, f);

	return c->fdst ? dp_cond(c->op, c->is32, v, c->k) :
			 dp_cond(c->op, c->is32, c->k, v);
}

static void dp_ivs_add(struct dp_ivs *s, __u32 lo, __u32 hi)
{
	if (s->n && (__u64)s->iv[s->n - 1].hi + 1 == lo) {
		s->iv[s->n - 1].hi = hi;
		return;
	}
	s->iv[s->n].lo = lo;
	s->iv[s->n++].hi = hi;
}

/* JEQ or JNE on [a, b]: at most one number can be equal */
static void dp_cmp_eq(const struct dp_cmp *c, __u32 a, __u32 b,
		      struct dp_ivs *t, struct dp_ivs *f)
{
	__u32 f0 = c->fv->lo != DPH_CONST ? (__u32)c->k : (__u32)(c->k >> 32);
	struct dp_ivs *eq = c->op == BPF_JEQ ? t : f;
	struct dp_ivs *ne = c->op == BPF_JEQ ? f : t;

	if (f0 < a || f0 > b ||
	    !dp_cond(BPF_JEQ, c->is32, dp_field_value(c->fv, f0), c->k)) {
		dp_ivs_add(ne, a, b);
		return;
	}
	if (f0 > a)
		dp_ivs_add(ne, a, f0 - 1);
	dp_ivs_add(eq, f0, f0);
	if (f0 < b)
		dp_ivs_add(ne, f0 + 1, b);
}

/* An ordered comparison on [a, b], where the value grows with the device
 * number in the order compared: it changes its outcome at most once.
 */
static void dp_cmp_block(const struct dp_cmp *c, __u32 a, __u32 b,
			 struct dp_ivs *t, struct dp_ivs *f)
{
	bool pa, pb;
	__u64 lo = a, hi = b, mid;

	if (c->op == BPF_JEQ || c->op == BPF_JNE) {
		dp_cmp_eq(c, a, b, t, f);
		return;
	}
	pa = dp_cmp_at(c, a);
	pb = dp_cmp_at(c, b);
	if (pa == pb) {
		dp_ivs_add(pa ? t : f, a, b);
		return;
	}
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (dp_cmp_at(c, mid) == pa)
			lo = mid;
		else
			hi = mid;
	}
	dp_ivs_add(pa ? t : f, a, lo);
	dp_ivs_add(pb ? t : f, hi, b);
}

static void dp_jmp_field(struct dp_ctx *x, struct dp_state *st, __u8 op,
			 bool is32, const struct dp_val *a,
			 const struct dp_val *b, __u32 target)
{
	struct dp_cmp c = { .op = op, .is32 = is32 };
	const struct dp_val *other;
	struct dp_ivs t, f;
	struct dp_box box;
	struct dp_iv iv;
	int d, i;
	__u32 k;
	bool dep;

	if (a->kind == DPV_FIELD && b->kind == DPV_FIELD) {
		dp_fail(x, st->h.pc, "compares %s with %s",
			dp_fields_what(dp_fields_in(a)),
			dp_fields_what(dp_fields_in(b)));
		return;
	}
	c.fdst = a->kind == DPV_FIELD;
	c.fv = c.fdst ? a : b;
	other = c.fdst ? b : a;
	if (other->kind != DPV_NUM) {
		dp_fail(x, st->h.pc, "compares %s with a pointer",
			dp_fields_what(dp_fields_in(c.fv)));
		return;
	}
	if (!dp_st_const(x, st, other, &c.k)) {
		if (x->split)
			return;
		dp_fail(x, st->h.pc, "compares %s with a value that depends on the type and access",
			dp_fields_what(dp_fields_in(c.fv)));
		return;
	}
	if (c.fv->hi != DPH_CONST && c.fv->lo != DPH_CONST) {
		dp_fail(x, st->h.pc, "compares a value made of %s",
			dp_fields_what(dp_fields_in(c.fv)));
		return;
	}
	d = (c.fv->lo != DPH_CONST ? c.fv->lo : c.fv->hi) - DPH_MAJOR;
	dep = !is32 || c.fv->lo != DPH_CONST;
	if (op == BPF_JSET && dep) {
		dp_fail(x, st->h.pc, "tests bits of the %s number",
			dp_field_name(d + DPH_MAJOR));
		return;
	}
	for (k = 0; k < st->h.npiece && !x->failed; k++) {
		box = st->piece[k].box;
		iv = box.iv[d];
		t.n = 0;
		f.n = 0;
		if (!dep) {
			dp_ivs_add(dp_cmp_at(&c, iv.lo) ? &t : &f, iv.lo, iv.hi);
		} else {
			if (iv.lo <= 0x7fffffffU)
				dp_cmp_block(&c, iv.lo,
					     iv.hi < 0x7fffffffU ? iv.hi :
								   0x7fffffffU,
					     &t, &f);
			if (iv.hi >= 0x80000000U)
				dp_cmp_block(&c,
					     iv.lo > 0x80000000U ? iv.lo :
								   0x80000000U,
					     iv.hi, &t, &f);
		}
		for (i = 0; i < f.n; i++) {
			box.iv[d] = f.iv[i];
			dp_plist_add(x, &x->out[0], &box,
				     dp_tag(st->h.pc, false));
		}
		for (i = 0; i < t.n; i++) {
			box.iv[d] = t.iv[i];
			dp_plist_add(x, &x->out[1], &box,
				     dp_tag(st->h.pc, true));
		}
	}
	dp_branch(x, st, target);
}

/* A pointer is never NULL: only "== 0" and "!= 0" are followed */
static void dp_jmp_ptr(struct dp_ctx *x, struct dp_state *st, __u8 op,
		       bool is32, const struct dp_val *a,
		       const struct dp_val *b, __u32 target)
{
	const struct dp_val *other = dp_is_ptr(a) ? b : a;
	__u32 i;
	__u64 c;

	if (is32 || (op != BPF_JEQ && op != BPF_JNE) ||
	    other->kind != DPV_NUM || !dp_st_const(x, st, other, &c) || c) {
		if (!x->split)
			dp_fail(x, st->h.pc, "compares a pointer");
		return;
	}
	for (i = 0; i < st->h.npiece; i++)
		st->piece[i].tag = dp_tag(st->h.pc, op == BPF_JNE);
	st->h.pc = op == BPF_JNE ? target : st->h.pc + 1;
}

static void dp_jmp(struct dp_ctx *x, struct dp_state *st,
		   const struct bpf_insn *in)
{
	bool is32 = BPF_CLASS(in->code) == BPF_JMP32;
	__u8 op = BPF_OP(in->code);
	struct dp_val a, b;
	__u32 target;

	if (!dp_cond_ok(op)) {
		dp_fail(x, st->h.pc, "unsupported jump (code 0x%02x)", in->code);
		return;
	}
	if (!dp_target(x, st->h.pc, in->off, &target))
		return;
	a = st->h.r[in->dst_reg];
	if (!dp_usable(x, st->h.pc, &a, in->dst_reg))
		return;
	if (BPF_SRC(in->code) == BPF_X) {
		if (in->src_reg >= DP_NREG) {
			dp_fail(x, st->h.pc, "malformed instruction (code 0x%02x)",
				in->code);
			return;
		}
		b = st->h.r[in->src_reg];
		if (!dp_usable(x, st->h.pc, &b, in->src_reg))
			return;
	} else {
		b = dp_const((__u64)(__s64)in->imm);
	}
	if (a.kind == DPV_NUM && b.kind == DPV_NUM)
		dp_jmp_num(x, st, op, is32, &a, &b, target);
	else if (a.kind == DPV_FIELD || b.kind == DPV_FIELD)
		dp_jmp_field(x, st, op, is32, &a, &b, target);
	else
		dp_jmp_ptr(x, st, op, is32, &a, &b, target);
}

/* ---- calls: map lookups only ---- */

enum dp_callk {
	DPC_OTHER,
	DPC_LOOKUP,		/* returns a pointer to the value or NULL */
	DPC_LOOKUP_ELEM,	/* inlined hash lookup: to the element or NULL */
};

#define DP_HELPER(name)	"bpf_" #name
static const char *const dp_helpers[] = { __BPF_FUNC_MAPPER(DP_HELPER) };

static bool dp_ends_with(const char *s, const char *end)
{
	size_t a = strlen(s), b = strlen(end);

	return a >= b && !strcmp(s + a - b, end);
}

static int dp_call_kind(struct dp_ctx *x, __u32 pc, const struct bpf_insn *in,
			char *name, size_t len)
{
	const char *s;

	if (!x->src->call_name) {
		if (in->imm > 0 && (size_t)in->imm < DP_ARRAY_SIZE(dp_helpers))
			snprintf(name, len, "%s (%d)", dp_helpers[in->imm],
				 in->imm);
		else
			snprintf(name, len, "%d", in->imm);
		return in->imm == BPF_FUNC_map_lookup_elem ? DPC_LOOKUP :
							     DPC_OTHER;
	}
	s = x->src->call_name(x->src->priv, pc);
	snprintf(name, len, "%s", s ? s : "to an unknown kernel function");
	if (!s || strstr(s, "percpu"))
		return DPC_OTHER;
	if (!strcmp(s, "__htab_map_lookup_elem"))
		return DPC_LOOKUP_ELEM;
	return dp_ends_with(s, "map_lookup_elem") ? DPC_LOOKUP : DPC_OTHER;
}

/* After an inlined hash lookup at @pc ("if r0 == 0 goto +n", stores to
 * the element, "r0 += off"): where r0 is the value pointer or NULL.
 */
static bool dp_elem_next(const struct dp_ctx *x, __u32 pc, __u32 *next)
{
	const struct bpf_insn *j = &x->in[pc + 1];
	__u32 i, m;

	if (pc + 2 >= x->n || j->code != (BPF_JMP | BPF_JEQ | BPF_K) ||
	    j->dst_reg || j->imm || j->off < 1 || j->off > 2)
		return false;
	m = j->off;
	*next = pc + 2 + m;
	if (*next >= x->n)
		return false;
	for (i = pc + 2; i < pc + 1 + m; i++)
		if (BPF_CLASS(x->in[i].code) != BPF_ST || x->in[i].dst_reg)
			return false;
	j = &x->in[pc + 1 + m];
	return j->code == (BPF_ALU64 | BPF_ADD | BPF_K) && !j->dst_reg;
}

static bool dp_map_ok(const struct devprog_map *m)
{
	return m->key_size && m->key_size <= DP_STACK && m->value_size &&
	       (!m->nr_entries || (m->keys && m->values));
}

/* Slot of map @id in x->map, read on first use; -1 on failure */
static int dp_map_slot(struct dp_ctx *x, __u32 pc, __u32 id)
{
	struct devprog_map m = { 0 };
	struct dp_mapc *nm;
	__u32 i;
	int err;

	for (i = 0; i < x->nmap; i++)
		if (x->map[i].id == id)
			return i;
	if (!x->src->map_get) {
		dp_fail(x, pc, "looks up map %u, and no map reader was given",
			id);
		return -1;
	}
	nm = realloc(x->map, (x->nmap + 1) * sizeof(*x->map));
	if (!nm) {
		dp_nomem(x);
		return -1;
	}
	x->map = nm;
	err = x->src->map_get(x->src->priv, id, &m);
	if (err || !dp_map_ok(&m)) {
		free(m.keys);
		free(m.values);
		dp_fail(x, pc, "cannot read map %u: %s", id,
			err ? strerror(-err) : "bad sizes");
		return -1;
	}
	x->map[x->nmap].id = id;
	x->map[x->nmap].m = m;
	return x->nmap++;
}

/* The key bytes on the stack of a lookup, checked; false on failure */
static bool dp_key_bytes(struct dp_ctx *x, const struct dp_state *st,
			 __s64 off, __u32 size, struct dp_sbyte *kb)
{
	__u8 seen[3] = { 0 };
	__u32 j;
	int i0;

	if (!dp_stack_range(x, st->h.pc, off, size, &i0))
		return false;
	for (j = 0; j < size; j++) {
		kb[j] = dp_sb(st, i0 + j);
		switch (kb[j].kind) {
		case DPS_NONE:
			dp_fail(x, st->h.pc, "the map key has bytes never written (fp%+lld)",
				(long long)off + j);
			return false;
		case DPS_SPILL:
			dp_fail(x, st->h.pc, "the map key holds a pointer");
			return false;
		case DPS_UNKNOWN:
			dp_fail_origin(x, st->h.pc, kb[j].ref);
			return false;
		case DPS_FIELD:
			seen[kb[j].ref] |= 1U << kb[j].idx;
			break;
		}
	}
	for (j = DPH_MAJOR; j <= DPH_MINOR; j++) {
		if (seen[j] && seen[j] != 0xf) {
			dp_fail(x, st->h.pc, "the map key holds part of the %s number",
				dp_field_name(j));
			return false;
		}
	}
	return true;
}

/* A lookup's key: its bytes on the stack, and for those from tables, the
 * combinations where the byte has each of its 256 values.
 */
struct dp_key {
	const struct dp_sbyte *kb;
	__u32 size;
	int row[DP_STACK];	/* into @tm, -1: not from a table */
	__u16 *tm;
};

static int dp_key_tables(const struct dp_ctx *x, struct dp_key *k)
{
	__u32 j, n = 0;
	int e;

	for (j = 0; j < k->size; j++)
		k->row[j] = k->kb[j].kind == DPS_TAB ? (int)n++ : -1;
	k->tm = calloc(n ? n * 256 : 1, sizeof(*k->tm));
	if (!k->tm)
		return -ENOMEM;
	for (j = 0; j < k->size; j++)
		for (e = 0; k->row[j] >= 0 && e < DP_NCOMBO; e++)
			k->tm[k->row[j] * 256 + dp_sb_at(x, &k->kb[j], e)] |=
				1U << e;
	return 0;
}

/* The requests of @st whose key is @key, in @b */
static bool dp_key_match(const struct dp_state *st, const struct dp_key *k,
			 const __u8 *key, struct dp_box *b)
{
	const struct dp_sbyte *kb = k->kb;
	__u32 fv[3] = { 0 }, j;
	__u8 seen[3] = { 0 };
	int f;

	*b = st->piece[0].box;
	for (j = 0; j < k->size && b->mask; j++) {
		if (kb[j].kind == DPS_CONST && kb[j].ref != key[j])
			return false;
		if (kb[j].kind == DPS_TAB) {
			b->mask &= k->tm[k->row[j] * 256 + key[j]];
		} else if (kb[j].kind == DPS_FIELD) {
			f = kb[j].ref;
			if ((seen[f] >> kb[j].idx) & 1 &&
			    ((fv[f] >> (8 * kb[j].idx)) & 0xff) != key[j])
				return false;
			seen[f] |= 1U << kb[j].idx;
			fv[f] |= (__u32)key[j] << (8 * kb[j].idx);
		}
	}
	for (f = DPH_MAJOR; f <= DPH_MINOR; f++) {
		if (!seen[f])
			continue;
		if (fv[f] < b->iv[f - DPH_MAJOR].lo ||
		    fv[f] > b->iv[f - DPH_MAJOR].hi)
			return false;
		b->iv[f - DPH_MAJOR].lo = fv[f];
		b->iv[f - DPH_MAJOR].hi = fv[f];
	}
	return b->mask;
}

/* A new path after a lookup: @box, r0 = @r0, caller-saved registers gone */
static void dp_after_call(struct dp_ctx *x, const struct dp_state *st,
			  const struct dp_box *box, const struct dp_val *r0,
			  __u32 next)
{
	struct dp_head *h = dp_fork_box(x, st, box, st->piece[0].tag);
	int r;

	if (!h)
		return;
	h->pc = next;
	h->r[0] = *r0;
	for (r = BPF_REG_1; r <= BPF_REG_5; r++)
		h->r[r].kind = DPV_UNINIT;
	dp_heap_fix(x);
}

/* @rest minus @b, in place */
static int dp_boxes_sub(struct dp_box **rest, size_t *n, size_t *cap,
			const struct dp_box *b)
{
	struct dp_box part[5];
	size_t i = 0;
	int k, np;

	while (i < *n) {
		if (!dp_box_meet(&(*rest)[i], b)) {
			i++;
			continue;
		}
		np = dp_box_sub(&(*rest)[i], b, part);
		if (dp_grow(rest, cap, *n + np, sizeof(**rest)))
			return -ENOMEM;
		(*rest)[i] = (*rest)[--(*n)];
		for (k = 0; k < np; k++)
			(*rest)[(*n)++] = part[k];
	}
	return 0;
}

/* Split @st over the entries of map slot @slot, key bytes @kb */
static void dp_lookup_split(struct dp_ctx *x, const struct dp_state *st,
			    int slot, const struct dp_sbyte *kb, __u32 next)
{
	const struct devprog_map *m = &x->map[slot].m;
	struct dp_val r0 = { .kind = DPV_MAPVAL, .ref = slot };
	struct dp_key k = { .kb = kb, .size = m->key_size };
	struct dp_box b, *rest = NULL;
	size_t n = 1, cap = 0;
	__u32 e;

	if (dp_key_tables(x, &k) || dp_grow(&rest, &cap, 1, sizeof(*rest)))
		goto err_nomem;
	rest[0] = st->piece[0].box;
	for (e = 0; e < m->nr_entries && !x->failed; e++) {
		if (!dp_key_match(st, &k, (__u8 *)m->keys +
				  (size_t)e * m->key_size, &b))
			continue;
		r0.ent = e;
		dp_after_call(x, st, &b, &r0, next);
		if (dp_boxes_sub(&rest, &n, &cap, &b))
			goto err_nomem;
	}
	r0 = dp_const(0);
	while (n && !x->failed)
		dp_after_call(x, st, &rest[--n], &r0, next);
	free(k.tm);
	free(rest);
	return;

err_nomem:
	free(k.tm);
	free(rest);
	dp_nomem(x);
}

static void dp_lookup(struct dp_ctx *x, const struct dp_state *st, int kind)
{
	const struct dp_val *map = &st->h.r[BPF_REG_1], *key = &st->h.r[BPF_REG_2];
	struct dp_sbyte kb[DP_STACK];
	const struct devprog_map *m;
	__u32 next = st->h.pc + 1;
	int slot;

	if (kind == DPC_LOOKUP_ELEM && !dp_elem_next(x, st->h.pc, &next)) {
		dp_fail(x, st->h.pc, "an inlined map lookup of a shape the decoder does not know");
		return;
	}
	if (map->kind != DPV_MAP || key->kind != DPV_FP) {
		dp_fail(x, st->h.pc, "a map lookup %s",
			map->kind != DPV_MAP ? "in a map the decoder cannot tell" :
			"with a key that is not on the stack");
		return;
	}
	slot = dp_map_slot(x, st->h.pc, map->ref);
	if (slot < 0)
		return;
	m = &x->map[slot].m;
	if (m->type != BPF_MAP_TYPE_HASH && m->type != BPF_MAP_TYPE_ARRAY &&
	    m->type != BPF_MAP_TYPE_LRU_HASH) {
		dp_fail(x, st->h.pc, "looks up map %u of type %u, which the decoder does not read",
			map->ref, m->type);
		return;
	}
	if (dp_key_bytes(x, st, (__s64)key->c, m->key_size, kb))
		dp_lookup_split(x, st, slot, kb, next);
}

static void dp_call(struct dp_ctx *x, struct dp_state *st,
		    const struct bpf_insn *in)
{
	char name[96];
	int kind;

	if (st->h.npiece > 1) {
		x->split = true;
		return;
	}
	if (in->src_reg == BPF_PSEUDO_CALL) {
		dp_fail(x, st->h.pc, "calls a BPF subprogram");
		return;
	}
	if (in->src_reg == BPF_PSEUDO_KFUNC_CALL) {
		dp_fail(x, st->h.pc, "calls a kernel function (kfunc)");
		return;
	}
	kind = dp_call_kind(x, st->h.pc, in, name, sizeof(name));
	if (kind == DPC_OTHER)
		dp_fail(x, st->h.pc, "helper call %s", name);
	else
		dp_lookup(x, st, kind);
}

/* ---- exit, paths ---- */

static void dp_leaf_add(struct dp_ctx *x, const struct dp_box *box,
			__u16 mask, __u32 tag, bool allow)
{
	struct dp_leaf *l;

	if (dp_grow(&x->leaf, &x->capleaf, x->nleaf + 1, sizeof(*x->leaf))) {
		dp_nomem(x);
		return;
	}
	l = &x->leaf[x->nleaf++];
	l->box = *box;
	l->box.mask = mask;
	l->tag = tag;
	l->allow = allow;
}

static void dp_exit(struct dp_ctx *x, struct dp_state *st)
{
	const struct dp_val *r0 = &st->h.r[BPF_REG_0];
	const struct dp_piece *p;
	__u16 allow = 0, a;
	__u32 i, tag;
	int e;

	if (!dp_usable(x, st->h.pc, r0, BPF_REG_0))
		return;
	if (r0->kind == DPV_FIELD) {
		dp_fail(x, st->h.pc, "returns a value computed from %s",
			dp_fields_what(dp_fields_in(r0)));
		return;
	}
	if (r0->kind != DPV_NUM) {
		dp_fail(x, st->h.pc, "returns a pointer");
		return;
	}
	for (e = 0; e < DP_NCOMBO; e++)
		if ((st->h.mask & (1U << e)) && (__u32)dp_at(x, r0, e))
			allow |= 1U << e;
	for (i = 0; i < st->h.npiece; i++) {
		p = &st->piece[i];
		tag = p->tag == DP_NOTAG ? st->h.pc << 2 | 2 : p->tag;
		a = p->box.mask & allow;
		if (a)
			dp_leaf_add(x, &p->box, a, tag, true);
		if (p->box.mask & ~a)
			dp_leaf_add(x, &p->box, p->box.mask & ~a, tag, false);
	}
}

/* Jumps, calls and exit; false when the path ends here */
static bool dp_step_jmp(struct dp_ctx *x, struct dp_state *st,
			const struct bpf_insn *in)
{
	__u32 target;

	switch (BPF_OP(in->code)) {
	case BPF_JA:
		if (dp_target(x, st->h.pc, BPF_CLASS(in->code) == BPF_JMP32 ?
			      in->imm : in->off, &target))
			st->h.pc = target;
		break;
	case BPF_CALL:
		dp_call(x, st, in);
		return false;
	case BPF_EXIT:
		dp_exit(x, st);
		return false;
	default:
		dp_jmp(x, st, in);
		break;
	}
	return !x->failed;
}

/* Run one instruction of path @st; false when the path ends here */
static bool dp_step(struct dp_ctx *x, struct dp_state *st)
{
	const struct bpf_insn *in;
	bool more;
	__u8 cls;

	if (st->h.pc >= x->n) {
		dp_fail(x, st->h.pc, "runs past the end of the program");
		return false;
	}
	in = &x->in[st->h.pc];
	cls = BPF_CLASS(in->code);
	if (in->dst_reg >= DP_NREG ||
	    (cls != BPF_LD && cls != BPF_JMP && in->src_reg >= DP_NREG) ||
	    (in->dst_reg == BPF_REG_10 && (cls == BPF_ALU || cls == BPF_ALU64 ||
					   cls == BPF_LDX || cls == BPF_LD))) {
		dp_fail(x, st->h.pc, "malformed instruction (code 0x%02x)",
			in->code);
		return false;
	}
	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64:
		dp_alu(x, st, in);
		break;
	case BPF_LDX:
		dp_ldx(x, st, in);
		break;
	case BPF_ST:
	case BPF_STX:
		dp_store(x, st, in);
		break;
	case BPF_LD:
		dp_ld(x, st, in);
		return !x->failed;
	default:
		more = dp_step_jmp(x, st, in);
		if (!x->split)
			return more;
		break;
	}
	if (x->split) {
		/* nothing changed: each piece runs the instruction alone */
		dp_unmerge(x, st);
		return !x->failed;
	}
	st->h.pc++;
	return !x->failed;
}

static void dp_run(struct dp_ctx *x)
{
	struct dp_state *st = calloc(1, sizeof(*st));
	struct dp_box all = {
		.mask = DP_MASK_ALL,
		.iv = { { 0, DP_U32_MAX }, { 0, DP_U32_MAX } },
	};
	__u32 merged = DP_NOTAG;
	bool ended;

	if (!st) {
		dp_nomem(x);
		return;
	}
	if (dp_plist_add(x, &x->out[0], &all, DP_NOTAG))
		goto out_free;
	dp_take_pieces(st, &x->out[0]);
	st->h.r[BPF_REG_1].kind = DPV_CTX;
	st->h.r[BPF_REG_10].kind = DPV_FP;
	st->h.stack_lo = DP_STACK;
	st->h.nomerge = DP_NOTAG;
	x->nstates = 1;
	/*
	 * Lowest pc first (jumps only go forward): when a path reaches an
	 * instruction another waits at, it waits too, and the two go on as
	 * one if their registers and stack are the same.
	 */
	for (;;) {
		ended = false;
		while (!x->failed) {
			if (x->nwork && (x->work[0]->h.pc < st->h.pc ||
					 (x->work[0]->h.pc == st->h.pc &&
					  st->h.pc != merged)))
				break;
			if (!dp_step(x, st)) {
				ended = true;
				break;
			}
		}
		if (x->failed)
			break;
		if (!ended) {
			struct dp_plist own = {
				.p = st->piece, .n = st->h.npiece,
				.cap = st->cappiece,
			};

			/* waits for the others; not a new path */
			x->nstates--;
			st->piece = NULL;
			st->cappiece = 0;
			if (!dp_fork(x, st, &own)) {
				st->piece = own.p;
				break;
			}
			dp_heap_fix(x);
		}
		if (!x->nwork)
			break;
		dp_next(x, st);
		merged = st->h.pc;
	}
out_free:
	free(st->piece);
	free(st);
}


static int dp_u32_cmp(const void *a, const void *b)
{
	__u32 p = *(const __u32 *)a, q = *(const __u32 *)b;

	return p < q ? -1 : p > q;
}

/* Intervals the bounds of the regions cut numbers @d into; 0: no memory */
static __u64 dp_cuts(const struct dp_ctx *x, int d)
{
	__u32 *pt = calloc(2 * x->nleaf + 1, sizeof(*pt));
	size_t i, n = 0, u = 0;

	if (!pt)
		return 0;
	for (i = 0; i < x->nleaf; i++) {
		if (x->leaf[i].box.iv[d].lo)
			pt[n++] = x->leaf[i].box.iv[d].lo;
		if (x->leaf[i].box.iv[d].hi != DP_U32_MAX)
			pt[n++] = x->leaf[i].box.iv[d].hi + 1;
	}
	qsort(pt, n, sizeof(*pt), dp_u32_cmp);
	for (i = 0; i < n; i++)
		if (!i || pt[i] != pt[i - 1])
			u++;
	free(pt);
	return u + 1;
}

/* The cells of the program (struct devprog, nr_cells) */
static __u64 dp_cells(const struct dp_ctx *x)
{
	__u8 cls[DP_NCOMBO] = { 0 }, map[2 * DP_NCOMBO], next;
	size_t i;
	int e, k;

	/* classes of combinations: refined by each region's mask */
	for (i = 0; i < x->nleaf; i++) {
		memset(map, 0xff, sizeof(map));
		next = 0;
		for (e = 0; e < DP_NCOMBO; e++) {
			k = cls[e] * 2 + ((x->leaf[i].box.mask >> e) & 1);
			if (map[k] == 0xff)
				map[k] = next++;
			cls[e] = map[k];
		}
	}
	for (e = 0, k = 0; e < DP_NCOMBO; e++)
		k = cls[e] + 1 > k ? cls[e] + 1 : k;
	return (__u64)k * dp_cuts(x, DP_MAJOR) * dp_cuts(x, DP_MINOR);
}

static void dp_ctx_free(struct dp_ctx *x)
{
	__u32 i;

	for (i = 0; i < x->nmap; i++) {
		free(x->map[i].m.keys);
		free(x->map[i].m.values);
	}
	while (x->nwork) {
		free(x->work[--x->nwork]->piece);
		free(x->work[x->nwork]);
	}
	free(x->out[0].p);
	free(x->out[1].p);
	free(x->map);
	free(x->work);
	free(x->tab);
	free(x->hash);
	free(x->opc);
	free(x->orig);
	free(x->leaf);
	free(x->ord);
	free(x->group);
	free(x->lgroup);
	dp_index_free(&x->lix[0]);
	dp_index_free(&x->lix[1]);
}

/**
 * devprog_decode() - read a device program back as rules
 * @src: the program and how to read the maps it uses
 * @dp: the result; devprog_free() it
 *
 * Return: 0, with @dp exact or partial (then @dp->reason says why), or
 * -EINVAL for an empty program, -ENOMEM.
 */
int devprog_decode(const struct devprog_source *src, struct devprog *dp)
{
	struct dp_ctx x = { 0 };
	int err;

	memset(dp, 0, sizeof(*dp));
	dp->reason_insn = -1;
	if (!src || !src->insns || !src->insn_cnt)
		return -EINVAL;
	dp->gen = devprog_recognize(src->insns, src->insn_cnt, &dp->gen_inner);
	x.src = src;
	x.in = src->insns;
	x.n = src->insn_cnt;
	x.max_states = src->max_states ? src->max_states : DEVPROG_MAX_STATES;
	x.ntab = 1;
	dp_run(&x);
	if (!x.failed && dp_synth(&x, dp))
		dp_nomem(&x);
	dp->nr_paths = x.nstates;
	dp->nr_regions = x.nleaf;
	if (!x.failed)
		dp->nr_cells = dp_cells(&x);
	err = x.err;
	if (x.failed) {
		free(dp->rules);
		dp->rules = NULL;
		dp->nr_rules = 0;
		snprintf(dp->reason, sizeof(dp->reason), "%s", x.reason);
		if (x.fail_pc != DP_NOTAG)
			dp->reason_insn = x.fail_pc;
	} else {
		dp->exact = true;
	}
	dp_ctx_free(&x);
	if (err)
		devprog_free(dp);
	return err;
}

/**
 * devprog_free() - free what devprog_decode() allocated
 * @dp: a decoded program
 */
void devprog_free(struct devprog *dp)
{
	free(dp->rules);
	dp->rules = NULL;
	dp->nr_rules = 0;
}
