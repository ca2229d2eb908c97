// SPDX-License-Identifier: GPL-2.0
// TEST_OBJS: devprog.o devprog_box.o devprog_rules.o devprog_gen.o
/*
 * Unit test of devprog, the device program decoder.  Programs are built
 * here in the shapes of runc (old and new), crun, systemd,
 * libnvidia-container (its blocks before a runc program), snapd, libvirt
 * and the map shape Documentation/devprog.rst describes; each decoded rule
 * list must be the one the program was made from, and, independently, a
 * small BPF interpreter runs every program on at least 100000 requests
 * (every constant of the program and +-1 among them) and must agree with
 * devprog_eval() on each.  Programs devprog cannot read must say why.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "devprog.h"
#include "tests/unit.h"

/* ---- instructions, as the kernel's filter.h writes them ---- */

#define INSN(c, d, s, o, i)						\
	((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s),\
			    .off = (o), .imm = (i) })
#define LDX(sz, d, s, o)	INSN(BPF_LDX | (sz) | BPF_MEM, d, s, o, 0)
#define STX(sz, d, s, o)	INSN(BPF_STX | (sz) | BPF_MEM, d, s, o, 0)
#define ST(sz, d, o, i)		INSN(BPF_ST | (sz) | BPF_MEM, d, 0, o, i)
#define ALU64_IMM(op, d, i)	INSN(BPF_ALU64 | (op) | BPF_K, d, 0, 0, i)
#define ALU32_IMM(op, d, i)	INSN(BPF_ALU | (op) | BPF_K, d, 0, 0, i)
#define ALU64_REG(op, d, s)	INSN(BPF_ALU64 | (op) | BPF_X, d, s, 0, 0)
#define ALU32_REG(op, d, s)	INSN(BPF_ALU | (op) | BPF_X, d, s, 0, 0)
#define MOV64_REG(d, s)		ALU64_REG(BPF_MOV, d, s)
#define MOV32_REG(d, s)		ALU32_REG(BPF_MOV, d, s)
#define MOV64_IMM(d, i)		ALU64_IMM(BPF_MOV, d, i)
#define MOV32_IMM(d, i)		ALU32_IMM(BPF_MOV, d, i)
#define JMP_IMM(op, d, i, o)	INSN(BPF_JMP | (op) | BPF_K, d, 0, o, i)
#define JMP_REG(op, d, s, o)	INSN(BPF_JMP | (op) | BPF_X, d, s, o, 0)
#define JMP32_IMM(op, d, i, o)	INSN(BPF_JMP32 | (op) | BPF_K, d, 0, o, i)
#define JMP32_REG(op, d, s, o)	INSN(BPF_JMP32 | (op) | BPF_X, d, s, o, 0)
#define JA(o)			INSN(BPF_JMP | BPF_JA, 0, 0, o, 0)
#define CALL(id)		INSN(BPF_JMP | BPF_CALL, 0, 0, 0, id)
#define EXIT()			INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)
/* A 64-bit immediate takes two: LD64(...), LD64_HI(...) */
#define LD64(d, s, v)		INSN(BPF_LD | BPF_DW | BPF_IMM, d, s, 0, \
				     (__s32)(__u64)(v))
#define LD64_HI(v)		INSN(0, 0, 0, 0, (__s32)((__u64)(v) >> 32))

#define NELEM(a)		(sizeof(a) / sizeof((a)[0]))

/* A test-only helper id: an inlined hash lookup, returning the element */
#define T_ELEM_HELPER		0x7fff0001
#define T_ELEM_BIAS		48

/* ---- building programs block by block ---- */

struct prog {
	struct bpf_insn in[4096];
	__u32 n;
	__u32 fix[16];		/* jumps to the end of the current block */
	int nfix;
};

static void emit(struct prog *p, struct bpf_insn i)
{
	if (p->n >= NELEM(p->in))
		abort();
	p->in[p->n++] = i;
}

static void emit_next(struct prog *p, struct bpf_insn i)
{
	p->fix[p->nfix++] = p->n;
	emit(p, i);
}

static void block_end(struct prog *p)
{
	while (p->nfix) {
		__u32 f = p->fix[--p->nfix];

		p->in[f].off = p->n - f - 1;
	}
}

/* An OCI-style rule: type 'a', 'b' or 'c', -1 for "*" */
struct dev {
	bool allow;
	char type;
	long long major;
	long long minor;
	const char *acc;
};

static int acc_bits(const char *s)
{
	int a = 0;

	for (; *s; s++)
		a |= *s == 'r' ? BPF_DEVCG_ACC_READ :
		     *s == 'w' ? BPF_DEVCG_ACC_WRITE : BPF_DEVCG_ACC_MKNOD;
	return a;
}

static int dev_type(char t)
{
	return t == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR;
}

/* r2 type, r3 access, r4 major, r5 minor; @half: type by a 2-byte load */
static void prologue(struct prog *p, bool half)
{
	if (half) {
		emit(p, LDX(BPF_H, 2, 1, 0));
	} else {
		emit(p, LDX(BPF_W, 2, 1, 0));
		emit(p, ALU32_IMM(BPF_AND, 2, 0xffff));
	}
	emit(p, LDX(BPF_W, 3, 1, 0));
	emit(p, ALU32_IMM(BPF_RSH, 3, 16));
	emit(p, LDX(BPF_W, 4, 1, 4));
	emit(p, LDX(BPF_W, 5, 1, 8));
}

/* The major and minor tests of a block, and its verdict */
static void block_tail(struct prog *p, const struct dev *d, bool mov64)
{
	if (d->major >= 0)
		emit_next(p, JMP_IMM(BPF_JNE, 4, (__s32)d->major, 0));
	if (d->minor >= 0)
		emit_next(p, JMP_IMM(BPF_JNE, 5, (__s32)d->minor, 0));
	emit(p, mov64 ? MOV64_IMM(0, d->allow) : MOV32_IMM(0, d->allow));
	emit(p, EXIT());
	block_end(p);
}

/* runc 1.1 and later: its emulator's rules, one block each, in order */
static void gen_runc(struct prog *p, const struct dev *d, int n,
		     bool default_allow)
{
	int i;

	prologue(p, false);
	for (i = 0; i < n; i++) {
		emit_next(p, JMP_IMM(BPF_JNE, 2, dev_type(d[i].type), 0));
		if (acc_bits(d[i].acc) != 7) {
			emit(p, MOV32_REG(1, 3));
			emit(p, ALU32_IMM(BPF_AND, 1, acc_bits(d[i].acc)));
			emit_next(p, JMP_REG(BPF_JNE, 1, 3, 0));
		}
		block_tail(p, &d[i], false);
	}
	emit(p, MOV32_IMM(0, default_allow));
	emit(p, EXIT());
}

/* runc 1.0: the config from its end, so that the last rule wins; "a"
 * rules; the access test matches any request sharing a bit; nothing after
 * a wildcard.
 */
static void gen_runc_old(struct prog *p, const struct dev *d, int n)
{
	bool wild = false;
	int i, a;

	prologue(p, true);
	for (i = n - 1; i >= 0 && !wild; i--) {
		a = acc_bits(d[i].acc);
		if (d[i].type != 'a')
			emit_next(p, JMP_IMM(BPF_JNE, 2, dev_type(d[i].type),
					     0));
		if (a != 7) {
			emit(p, MOV32_REG(1, 3));
			emit(p, ALU32_IMM(BPF_AND, 1, a));
			emit_next(p, JMP_IMM(BPF_JEQ, 1, 0, 0));
		}
		wild = d[i].type == 'a' && a == 7 && d[i].major < 0 &&
		       d[i].minor < 0;
		block_tail(p, &d[i], false);
	}
	if (!wild) {
		emit(p, MOV32_IMM(0, 0));
		emit(p, EXIT());
	}
}

static const struct dev crun_defaults[] = {
	{ true, 'c', -1, -1, "m" }, { true, 'b', -1, -1, "m" },
	{ true, 'c', 1, 3, "rwm" }, { true, 'c', 1, 8, "rwm" },
	{ true, 'c', 1, 7, "rwm" }, { true, 'c', 5, 0, "rwm" },
	{ true, 'c', 1, 5, "rwm" }, { true, 'c', 1, 9, "rwm" },
	{ true, 'c', 5, 1, "rwm" }, { true, 'c', 136, -1, "rwm" },
	{ true, 'c', 5, 2, "rwm" }, { true, 'c', 10, 200, "rwm" },
};

static bool crun_block(struct prog *p, const struct dev *d)
{
	int a = acc_bits(d->acc);

	if (d->type != 'a')
		emit_next(p, JMP_IMM(BPF_JNE, 2, dev_type(d->type), 0));
	if (a != 7) {
		emit(p, MOV32_REG(1, 3));
		emit(p, ALU32_IMM(BPF_AND, 1, a));
		emit_next(p, JMP_REG(BPF_JNE, 1, 3, 0));
	}
	block_tail(p, d, true);
	return d->type == 'a' && a == 7 && d->major < 0 && d->minor < 0;
}

/* crun: its default devices, then the config, each from its end */
static void gen_crun(struct prog *p, const struct dev *d, int n)
{
	bool wild = false;
	int i;

	prologue(p, false);
	for (i = NELEM(crun_defaults) - 1; i >= 0 && !wild; i--)
		wild = crun_block(p, &crun_defaults[i]);
	for (i = n - 1; i >= 0 && !wild; i--)
		wild = crun_block(p, &d[i]);
	if (!wild) {
		emit(p, MOV64_IMM(0, 0));
		emit(p, EXIT());
	}
}

/* systemd: allow blocks, access test first, "goto pass" to one exit */
static void gen_systemd(struct prog *p, const struct dev *d, int n)
{
	__u32 pass[64], np = 0, i;
	int k;

	prologue(p, false);
	for (k = 0; k < n; k++) {
		if (acc_bits(d[k].acc) != 7) {
			emit(p, MOV32_REG(1, 3));
			emit(p, ALU32_IMM(BPF_AND, 1, acc_bits(d[k].acc)));
			emit_next(p, JMP_REG(BPF_JNE, 1, 3, 0));
		}
		emit_next(p, JMP_IMM(BPF_JNE, 2, dev_type(d[k].type), 0));
		if (d[k].major >= 0)
			emit_next(p, JMP_IMM(BPF_JNE, 4, (__s32)d[k].major,
					     0));
		if (d[k].minor >= 0)
			emit_next(p, JMP_IMM(BPF_JNE, 5, (__s32)d[k].minor,
					     0));
		pass[np++] = p->n;
		emit(p, JA(0));
		block_end(p);
	}
	emit(p, MOV64_IMM(0, 0));
	emit(p, JA(1));
	for (i = 0; i < np; i++)
		p->in[pass[i]].off = p->n - pass[i] - 1;
	emit(p, MOV64_IMM(0, 1));
	emit(p, EXIT());
}

/* libnvidia-container: its devices from the end, r2 reused for the access
 * test, then the program it was put before.
 */
static void gen_nvidia(struct prog *p, const struct dev *d, int n,
		       const struct prog *orig)
{
	__u32 i;
	int k;

	prologue(p, true);
	for (k = n - 1; k >= 0; k--) {
		emit_next(p, JMP_IMM(BPF_JNE, 2, dev_type(d[k].type), 0));
		if (acc_bits(d[k].acc) != 7) {
			emit(p, MOV32_REG(2, 3));
			emit(p, ALU32_IMM(BPF_AND, 2, acc_bits(d[k].acc)));
			emit_next(p, JMP32_REG(BPF_JNE, 2, 3, 0));
		}
		block_tail(p, &d[k], false);
	}
	for (i = 0; i < orig->n; i++)
		emit(p, orig->in[i]);
}

/* ---- maps ---- */

struct tmap {
	__u32 id;
	__u32 type;
	__u32 key_size;
	__u32 value_size;
	__u32 n;
	const void *keys;
	const void *values;
};

struct tcase {
	const char *name;
	const struct bpf_insn *in;
	__u32 n;
	const struct tmap *maps;
	int nmaps;
	bool xlated;
	unsigned int max_states;
};

static struct tcase tcase(const char *name, const struct bpf_insn *in,
			  __u32 n)
{
	struct tcase tc = { .name = name, .in = in, .n = n };

	return tc;
}

static int t_map_get(void *priv, __u32 id, struct devprog_map *m)
{
	const struct tcase *tc = priv;
	int i;

	for (i = 0; i < tc->nmaps; i++) {
		const struct tmap *t = &tc->maps[i];

		if (t->id != id)
			continue;
		m->type = t->type;
		m->key_size = t->key_size;
		m->value_size = t->value_size;
		m->nr_entries = t->n;
		m->keys = malloc(t->n * t->key_size + 1);
		m->values = malloc(t->n * t->value_size + 1);
		if (!m->keys || !m->values)
			return -ENOMEM;
		memcpy(m->keys, t->keys, t->n * t->key_size);
		memcpy(m->values, t->values, t->n * t->value_size);
		return 0;
	}
	return -ENOENT;
}

static const char *t_call_name(void *priv, __u32 insn)
{
	const struct tcase *tc = priv;

	if (tc->in[insn].imm == T_ELEM_HELPER)
		return "__htab_map_lookup_elem";
	if (tc->in[insn].imm == BPF_FUNC_map_lookup_elem)
		return "htab_map_lookup_elem";
	return NULL;
}

static int decode(const struct tcase *tc, struct devprog *dp)
{
	struct devprog_source src = {
		.insns = tc->in,
		.insn_cnt = tc->n,
		.map_get = tc->nmaps ? t_map_get : NULL,
		.call_name = tc->xlated ? t_call_name : NULL,
		.priv = (void *)tc,
		.max_states = tc->max_states,
	};

	return devprog_decode(&src, dp);
}

/* ---- an independent interpreter ---- */

static __u64 vm_load(__u64 addr, int size)
{
	__u8 b;
	__u16 h;
	__u32 w;
	__u64 d;

	switch (size) {
	case BPF_B:
		memcpy(&b, (void *)(uintptr_t)addr, 1);
		return b;
	case BPF_H:
		memcpy(&h, (void *)(uintptr_t)addr, 2);
		return h;
	case BPF_W:
		memcpy(&w, (void *)(uintptr_t)addr, 4);
		return w;
	}
	memcpy(&d, (void *)(uintptr_t)addr, 8);
	return d;
}

static void vm_store(__u64 addr, int size, __u64 v)
{
	__u8 b = v;
	__u16 h = v;
	__u32 w = v;

	switch (size) {
	case BPF_B:
		memcpy((void *)(uintptr_t)addr, &b, 1);
		break;
	case BPF_H:
		memcpy((void *)(uintptr_t)addr, &h, 2);
		break;
	case BPF_W:
		memcpy((void *)(uintptr_t)addr, &w, 4);
		break;
	default:
		memcpy((void *)(uintptr_t)addr, &v, 8);
	}
}

static __u64 vm_alu(const struct bpf_insn *in, __u64 d, __u64 s)
{
	bool w = BPF_CLASS(in->code) == BPF_ALU64;
	__u64 r;

	if (!w) {
		d = (__u32)d;
		s = (__u32)s;
	}
	switch (BPF_OP(in->code)) {
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
		r = s ? d / s : 0;
		break;
	case BPF_MOD:
		r = s ? d % s : d;
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
		r = d << (s & (w ? 63 : 31));
		break;
	case BPF_RSH:
		r = d >> (s & (w ? 63 : 31));
		break;
	case BPF_ARSH:
		r = w ? (__u64)((__s64)d >> (s & 63)) :
			(__u32)((__s32)d >> (s & 31));
		break;
	case BPF_NEG:
		r = -d;
		break;
	case BPF_MOV:
		r = s;
		break;
	default:
		abort();
	}
	return w ? r : (__u32)r;
}

static bool vm_cond(const struct bpf_insn *in, __u64 a, __u64 b)
{
	bool w = BPF_CLASS(in->code) == BPF_JMP;
	__s64 sa = w ? (__s64)a : (__s32)a, sb = w ? (__s64)b : (__s32)b;

	if (!w) {
		a = (__u32)a;
		b = (__u32)b;
	}
	switch (BPF_OP(in->code)) {
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
	case BPF_JSET:
		return a & b;
	}
	abort();
}

static __u64 vm_lookup(const struct tmap *m, const void *key)
{
	__u32 i;

	for (i = 0; i < m->n; i++)
		if (!memcmp((const char *)m->keys + i * m->key_size, key,
			    m->key_size))
			return (uintptr_t)((const char *)m->values +
					   i * m->value_size);
	return 0;
}

static const struct tmap *vm_map(const struct tcase *tc, __u32 id)
{
	int i;

	for (i = 0; i < tc->nmaps; i++)
		if (tc->maps[i].id == id)
			return &tc->maps[i];
	abort();
}

static void vm_call(const struct tcase *tc, __u64 *r, __s32 imm)
{
	const struct tmap *m = (const struct tmap *)(uintptr_t)r[1];
	int i;

	if (imm != BPF_FUNC_map_lookup_elem && imm != T_ELEM_HELPER)
		abort();
	(void)tc;
	r[0] = vm_lookup(m, (const void *)(uintptr_t)r[2]);
	if (imm == T_ELEM_HELPER && r[0])
		r[0] -= T_ELEM_BIAS;
	for (i = 1; i <= 5; i++)
		r[i] = 0xdeadbeefdeadbeefULL;
}

/* Run @tc on one request; the verdict, as the kernel reads r0 */
static bool vm_run(const struct tcase *tc, __u8 type, __u8 acc, __u32 major,
		   __u32 minor)
{
	struct bpf_cgroup_dev_ctx ctx = { (__u32)acc << 16 | type, major,
					  minor };
	__u8 stack[512];
	__u64 r[12] = { 0 }, s;
	const struct bpf_insn *in;
	__u32 pc = 0;
	int steps = 0;

	r[1] = (uintptr_t)&ctx;
	r[10] = (uintptr_t)(stack + sizeof(stack));
	for (;;) {
		if (pc >= tc->n || ++steps > 1000000)
			abort();
		in = &tc->in[pc];
		s = (__u64)(__s64)in->imm;
		if (BPF_CLASS(in->code) == BPF_STX ||
		    (BPF_CLASS(in->code) != BPF_ST &&
		     BPF_SRC(in->code) == BPF_X))
			s = r[in->src_reg];
		switch (BPF_CLASS(in->code)) {
		case BPF_ALU:
		case BPF_ALU64:
			r[in->dst_reg] = vm_alu(in, r[in->dst_reg], s);
			break;
		case BPF_LDX:
			r[in->dst_reg] = vm_load(r[in->src_reg] + in->off,
						 BPF_SIZE(in->code));
			break;
		case BPF_STX:
		case BPF_ST:
			vm_store(r[in->dst_reg] + in->off, BPF_SIZE(in->code),
				 s);
			break;
		case BPF_LD:
			r[in->dst_reg] = in->src_reg ?
				(uintptr_t)vm_map(tc, in->imm) :
				(__u32)in->imm | (__u64)(__u32)in[1].imm << 32;
			pc++;
			break;
		default:
			if (BPF_OP(in->code) == BPF_EXIT)
				return (__u32)r[0];
			if (BPF_OP(in->code) == BPF_CALL)
				vm_call(tc, r, in->imm);
			else if (BPF_OP(in->code) == BPF_JA ||
				 vm_cond(in, r[in->dst_reg], s))
				pc += in->off;
			break;
		}
		pc++;
	}
}

/* ---- comparing the interpreter with the decoded rules ---- */

static __u64 rng_state = 0x9e3779b97f4a7c15ULL;

static __u32 rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (rng_state * 2685821657736338717ULL) >> 32;
}

struct vals {
	__u32 v[16384];
	int n;
};

static void vals_add3(struct vals *s, __u32 v)
{
	if (s->n + 3 > (int)NELEM(s->v))
		return;
	s->v[s->n++] = v - 1;
	s->v[s->n++] = v;
	s->v[s->n++] = v + 1;
}

/* Numbers worth trying: every constant of the program and its maps, and
 * of the rules, +-1, and the edges of u32 and s32.
 */
static void interesting(const struct tcase *tc, const struct devprog *dp,
			struct vals *s)
{
	static const __u32 edge[] = { 0, 0x7fffffff, 0x80000000, 0xffffffff };
	__u32 i, w;
	int k;

	for (i = 0; i < NELEM(edge); i++)
		vals_add3(s, edge[i]);
	for (i = 0; i < tc->n; i++)
		vals_add3(s, tc->in[i].imm);
	for (k = 0; k < tc->nmaps; k++)
		for (i = 0; i + 4 <= tc->maps[k].n * tc->maps[k].key_size;
		     i++) {
			memcpy(&w, (const char *)tc->maps[k].keys + i, 4);
			vals_add3(s, w);
		}
	for (i = 0; i < dp->nr_rules; i++) {
		vals_add3(s, dp->rules[i].major_lo);
		vals_add3(s, dp->rules[i].major_hi);
		vals_add3(s, dp->rules[i].minor_lo);
		vals_add3(s, dp->rules[i].minor_hi);
	}
}

static __u32 pick(const struct vals *s)
{
	switch (rnd() % 4) {
	case 0:
		return rnd();
	case 1:
		return rnd() % 300;
	}
	return s->v[rnd() % s->n];
}

/* One request: false and a message when the two disagree */
static bool agree(const struct tcase *tc, const struct devprog *dp, int combo,
		  __u32 major, __u32 minor, char *msg, size_t len)
{
	__u8 type = combo / 7 + 1, acc = combo % 7 + 1;
	bool want = vm_run(tc, type, acc, major, minor);
	char rs[DEVPROG_RULE_STRLEN] = "default";
	int rule, got = devprog_eval(dp, type, major, minor, acc, &rule);

	if (got == want)
		return true;
	if (rule >= 0)
		devprog_rule_str(&dp->rules[rule], rs, sizeof(rs));
	snprintf(msg, len, "%c %u:%u access %d: program %s, rules %d (%s)",
		 type == 1 ? 'b' : 'c', major, minor, acc,
		 want ? "allows" : "denies", got, rs);
	return false;
}

/* At least @min requests, every interesting number among them */
static void cross_check_n(const struct tcase *tc, const struct devprog *dp,
			  long min)
{
	static struct vals s;
	char msg[200] = "";
	long n = 0, bad = 0;
	int i, e;

	s.n = 0;
	interesting(tc, dp, &s);
	for (i = 0; i < s.n; i++) {
		for (e = 0; e < 14; e++) {
			bad += !agree(tc, dp, e, s.v[i], pick(&s), msg,
				      bad ? 0 : sizeof(msg));
			bad += !agree(tc, dp, e, pick(&s), s.v[i], msg,
				      bad ? 0 : sizeof(msg));
			n += 2;
		}
	}
	for (; n < min; n++)
		bad += !agree(tc, dp, rnd() % 14, pick(&s), pick(&s), msg,
			      bad ? 0 : sizeof(msg));
	check(!bad, tc->name, "%ld of %ld requests disagree, first: %s", bad,
	      n, msg);
}

static void cross_check(const struct tcase *tc, const struct devprog *dp)
{
	cross_check_n(tc, dp, 100000);
}

/* ---- expectations ---- */

static void rule_line(const struct devprog_rule *r, char *buf, size_t len)
{
	int n = snprintf(buf, len, "%s ", r->allow ? "allow" : "deny");

	devprog_rule_str(r, buf + n, len - n);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void print_rules(const struct devprog *dp)
{
	char line[DEVPROG_RULE_STRLEN + 8];
	unsigned int i;

	for (i = 0; i < dp->nr_rules; i++) {
		rule_line(&dp->rules[i], line, sizeof(line));
		printf("    %s\n", line);
	}
	printf("    default %s%s\n", dp->default_allow ? "allow" : "deny",
	       dp->ordered ? " (ordered)" : "");
}

/* The decoded rules are @want (in order if @ordered, else as a set) with
 * default @def.
 */
static void expect_rules(const char *name, const struct devprog *dp,
			 const char *const *want, int n, bool def,
			 bool ordered)
{
	char got[256][DEVPROG_RULE_STRLEN + 8], *gp[256];
	const char *wp[256];
	bool ok = dp->exact && (int)dp->nr_rules == n &&
		  dp->default_allow == def && n <= 256;
	int i;

	for (i = 0; ok && i < n; i++) {
		rule_line(&dp->rules[i], got[i], sizeof(got[i]));
		gp[i] = got[i];
		wp[i] = want[i];
	}
	if (ok && !ordered) {
		qsort(gp, n, sizeof(gp[0]), cmp_str);
		qsort(wp, n, sizeof(wp[0]), cmp_str);
	}
	for (i = 0; ok && i < n; i++)
		ok = !strcmp(gp[i], wp[i]);
	check(ok, name, "rules differ (exact %d%s%s)", dp->exact,
	      dp->exact ? "" : ": ", dp->reason);
	if (!ok) {
		printf("  got:\n");
		print_rules(dp);
		printf("  want:\n");
		for (i = 0; i < n; i++)
			printf("    %s\n", want[i]);
		printf("    default %s\n", def ? "allow" : "deny");
	}
}

/* Decode, check the rules and the generator, then run both ways */
static void expect_exact(const struct tcase *tc, const char *const *want,
			 int n, bool def, bool ordered, enum devprog_gen gen)
{
	struct devprog dp;
	int err = decode(tc, &dp);

	check(!err, tc->name, "decode: %s", strerror(-err));
	if (err)
		return;
	if (want)
		expect_rules(tc->name, &dp, want, n, def, ordered);
	check(dp.gen == gen, tc->name, "generator %s, want %s",
	      devprog_gen_name(dp.gen), devprog_gen_name(gen));
	if (dp.exact)
		cross_check(tc, &dp);
	else
		check(false, tc->name, "partial: %s", dp.reason);
	devprog_free(&dp);
}

static void expect_partial(const struct tcase *tc, const char *reason,
			   int insn)
{
	struct devprog dp;
	int err = decode(tc, &dp);

	check(!err && !dp.exact && !dp.nr_rules &&
	      !strncmp(dp.reason, reason, strlen(reason)) &&
	      (insn == -2 || dp.reason_insn == insn), tc->name,
	      "want partial \"%s...\" at insn %d, got exact %d insn %d \"%s\"",
	      reason, insn, dp.exact, dp.reason_insn, dp.reason);
	devprog_free(&dp);
}

static struct tcase from_prog(const char *name, const struct prog *p)
{
	struct tcase tc = { .name = name, .in = p->in, .n = p->n };

	return tc;
}

static void dev_line(const struct dev *d, char *buf, size_t len)
{
	char maj[24] = "*", min[24] = "*";

	if (d->major >= 0)
		snprintf(maj, sizeof(maj), "%lld", d->major);
	if (d->minor >= 0)
		snprintf(min, sizeof(min), "%lld", d->minor);
	snprintf(buf, len, "%s %c %s:%s %s", d->allow ? "allow" : "deny",
		 d->type, maj, min, d->acc);
}

/* ---- the generators' shapes ---- */

/* Constant blinding as the kernel's JIT hardening does it: an immediate
 * of a move, an AND or a conditional jump becomes r11 (AX) = imm ^ rnd,
 * r11 ^= rnd, then the register form.
 */
static void blind(const struct prog *in, struct prog *out)
{
	static __u32 at[4096];
	const struct bpf_insn *i;
	__u8 cls, op;
	__s32 rnd32;
	__u32 k;

	out->n = 0;
	for (k = 0; k < in->n; k++) {
		i = &in->in[k];
		cls = BPF_CLASS(i->code);
		op = BPF_OP(i->code);
		at[k] = out->n;
		if (BPF_SRC(i->code) != BPF_K ||
		    !((cls == BPF_ALU || cls == BPF_ALU64) ?
		      op == BPF_MOV || op == BPF_AND :
		      (cls == BPF_JMP || cls == BPF_JMP32) &&
		      op != BPF_JA && op != BPF_CALL && op != BPF_EXIT)) {
			emit(out, *i);
			continue;
		}
		rnd32 = rnd();
		cls = cls == BPF_ALU64 || cls == BPF_JMP ? BPF_ALU64 : BPF_ALU;
		emit(out, INSN(cls | BPF_MOV | BPF_K, 11, 0, 0, rnd32 ^ i->imm));
		emit(out, INSN(cls | BPF_XOR | BPF_K, 11, 0, 0, rnd32));
		emit(out, INSN(i->code | BPF_X, i->dst_reg, 11, i->off, 0));
	}
	at[k] = out->n;
	for (k = 0; k < in->n; k++) {
		i = &in->in[k];
		cls = BPF_CLASS(i->code);
		op = BPF_OP(i->code);
		if ((cls != BPF_JMP && cls != BPF_JMP32) || op == BPF_CALL ||
		    op == BPF_EXIT)
			continue;
		/* the jump is the last of its expansion */
		out->in[at[k + 1] - 1].off = at[k + 1 + i->off] - at[k + 1];
	}
}

static const struct dev runc_allowed[] = {
	{ true, 'c', -1, -1, "m" }, { true, 'b', -1, -1, "m" },
	{ true, 'c', 1, 3, "rwm" }, { true, 'c', 1, 8, "rwm" },
	{ true, 'c', 1, 7, "rwm" }, { true, 'c', 5, 0, "rwm" },
	{ true, 'c', 1, 5, "rwm" }, { true, 'c', 1, 9, "rwm" },
	{ true, 'c', 136, -1, "rwm" }, { true, 'c', 5, 2, "rwm" },
	{ true, 'c', 10, 200, "rwm" }, { true, 'c', 10, 229, "rw" },
	{ true, 'b', 8, 0, "r" },
};

static void test_runc(void)
{
	static const struct dev deny[] = {
		{ false, 'c', 1, 3, "rwm" }, { false, 'b', 8, -1, "rw" },
	};
	static const struct dev high[] = {
		{ true, 'c', 1, 3, "rwm" },
		{ true, 'c', 0x80000001LL, 3, "rwm" },
	};
	static const char *const want_high[] = { "allow c 1:3 rwm" };
	char want[NELEM(runc_allowed)][64];
	const char *wp[NELEM(runc_allowed)];
	static struct prog p, pb;
	struct tcase tc;
	__u32 i;

	for (i = 0; i < NELEM(runc_allowed); i++) {
		dev_line(&runc_allowed[i], want[i], sizeof(want[i]));
		wp[i] = want[i];
	}
	p.n = 0;
	gen_runc(&p, runc_allowed, NELEM(runc_allowed), false);
	tc = from_prog("runc", &p);
	expect_exact(&tc, wp, NELEM(runc_allowed), false, true,
		     DEVPROG_GEN_RUNC);

	for (i = 0; i < NELEM(deny); i++) {
		dev_line(&deny[i], want[i], sizeof(want[i]));
		wp[i] = want[i];
	}
	p.n = 0;
	gen_runc(&p, deny, NELEM(deny), true);
	tc = from_prog("runc default allow", &p);
	expect_exact(&tc, wp, NELEM(deny), true, true, DEVPROG_GEN_RUNC);

	/* the same, as a hardened JIT leaves it */
	p.n = 0;
	gen_runc(&p, runc_allowed, NELEM(runc_allowed), false);
	blind(&p, &pb);
	tc = from_prog("runc, constants blinded", &pb);
	for (i = 0; i < NELEM(runc_allowed); i++) {
		dev_line(&runc_allowed[i], want[i], sizeof(want[i]));
		wp[i] = want[i];
	}
	expect_exact(&tc, wp, NELEM(runc_allowed), false, true,
		     DEVPROG_GEN_UNKNOWN);

	/* int32(major) above 2^31 is sign-extended: never equal */
	p.n = 0;
	gen_runc(&p, high, NELEM(high), false);
	tc = from_prog("runc major above 2^31", &p);
	expect_exact(&tc, want_high, 1, false, true, DEVPROG_GEN_RUNC);
}

static void test_runc_old(void)
{
	static const struct dev cfg[] = {
		{ false, 'a', -1, -1, "rwm" }, { true, 'c', 1, 3, "rwm" },
		{ true, 'c', 1, 5, "rw" }, { true, 'c', 136, -1, "rwm" },
		{ true, 'b', 8, 0, "r" },
	};
	static const char *const want[] = {
		"allow b 8:0 {r,rm,rw,rwm}", "allow c 136:* rwm",
		"allow c 1:5 {r,rm,w,wm,rw,rwm}", "allow c 1:3 rwm",
	};
	static struct prog p;
	struct tcase tc;

	p.n = 0;
	gen_runc_old(&p, cfg, NELEM(cfg));
	tc = from_prog("runc 1.0", &p);
	expect_exact(&tc, want, NELEM(want), false, true, DEVPROG_GEN_RUNC);
}

static void test_crun(void)
{
	static const struct dev cfg[] = {
		{ false, 'a', -1, -1, "rwm" }, { true, 'c', 10, 229, "rwm" },
	};
	static const struct dev cfg2[] = {
		{ true, 'a', -1, -1, "rwm" }, { false, 'c', 4, -1, "rw" },
	};
	static const struct dev cfg3[] = {
		{ false, 'a', -1, -1, "rwm" }, { true, 'c', 195, -1, "rwm" },
		{ false, 'c', 195, 255, "rwm" },
	};
	static const char *const want2[] = { "deny c 4:* rw" };
	char want[NELEM(crun_defaults) + 1][64], hole[2][64];
	const char *wp3[NELEM(crun_defaults) + 2];
	const char *wp[NELEM(crun_defaults) + 1];
	static struct prog p;
	struct tcase tc;
	int i, n = 0;

	for (i = NELEM(crun_defaults) - 1; i >= 0; i--)
		dev_line(&crun_defaults[i], want[n++], sizeof(want[0]));
	dev_line(&cfg[1], want[n++], sizeof(want[0]));
	for (i = 0; i < n; i++)
		wp[i] = want[i];
	p.n = 0;
	gen_crun(&p, cfg, NELEM(cfg));
	tc = from_prog("crun", &p);
	expect_exact(&tc, wp, n, false, true, DEVPROG_GEN_CRUN);

	p.n = 0;
	gen_crun(&p, cfg2, NELEM(cfg2));
	tc = from_prog("crun with a deny rule", &p);
	expect_exact(&tc, want2, 1, true, true, DEVPROG_GEN_CRUN);

	/* a deny punched into a wildcard: the two rules crun was told, not
	 * "allow c 195:0-254" and "allow c 195:256-4294967295"
	 */
	n = 0;
	for (i = NELEM(crun_defaults) - 1; i >= 0; i--)
		dev_line(&crun_defaults[i], want[n++], sizeof(want[0]));
	dev_line(&cfg3[2], hole[0], sizeof(hole[0]));
	dev_line(&cfg3[1], hole[1], sizeof(hole[1]));
	for (i = 0; i < n; i++)
		wp3[i] = want[i];
	wp3[n++] = hole[0];
	wp3[n++] = hole[1];
	p.n = 0;
	gen_crun(&p, cfg3, NELEM(cfg3));
	tc = from_prog("crun with a hole", &p);
	expect_exact(&tc, wp3, n, false, true, DEVPROG_GEN_CRUN);
}

static void test_systemd(void)
{
	static const struct dev allow[] = {
		{ true, 'c', 1, 3, "rwm" }, { true, 'c', 1, 5, "rw" },
		{ true, 'c', 136, -1, "rw" }, { true, 'b', -1, -1, "m" },
		{ true, 'c', 10, 200, "r" },
	};
	char want[NELEM(allow)][64];
	const char *wp[NELEM(allow)];
	static struct prog p;
	struct tcase tc;
	__u32 i;

	for (i = 0; i < NELEM(allow); i++) {
		dev_line(&allow[i], want[i], sizeof(want[i]));
		wp[i] = want[i];
	}
	p.n = 0;
	gen_systemd(&p, allow, NELEM(allow));
	tc = from_prog("systemd", &p);
	expect_exact(&tc, wp, NELEM(allow), false, true,
		     DEVPROG_GEN_SYSTEMD);
}

static void test_nvidia(void)
{
	static const struct dev inner[] = {
		{ true, 'c', 1, 3, "rwm" }, { true, 'c', 1, 5, "rwm" },
		{ true, 'c', -1, -1, "m" },
	};
	static const struct dev gpus[] = {
		{ true, 'c', 195, 0, "rwm" }, { true, 'c', 195, 255, "rwm" },
		{ true, 'c', 195, 254, "rwm" },
	};
	static const char *const want[] = {
		"allow c 195:254 rwm", "allow c 195:255 rwm",
		"allow c 195:0 rwm", "allow c 1:3 rwm", "allow c 1:5 rwm",
		"allow c *:* m",
	};
	/* With an access test, the next block's type test reads the
	 * access bits left in r2: as the kernel runs it, c 195:0 is
	 * readable only.
	 */
	static const struct dev gpus_rw[] = {
		{ true, 'c', 195, 0, "rw" }, { true, 'c', 195, 1, "rw" },
	};
	static const char *const want_rw[] = {
		"allow c 195:1 rw", "allow c 195:0 r", "allow c 1:3 rwm",
	};
	static struct prog orig, p;
	struct devprog dp;
	struct tcase tc;

	orig.n = 0;
	gen_runc(&orig, inner, NELEM(inner), false);
	p.n = 0;
	gen_nvidia(&p, gpus, NELEM(gpus), &orig);
	tc = from_prog("libnvidia-container before runc", &p);
	expect_exact(&tc, want, NELEM(want), false, true, DEVPROG_GEN_NVIDIA);
	check(!decode(&tc, &dp) && dp.gen_inner == DEVPROG_GEN_RUNC,
	      tc.name, "inner generator %s", devprog_gen_name(dp.gen_inner));
	devprog_free(&dp);

	orig.n = 0;
	gen_runc(&orig, inner, 1, false);
	p.n = 0;
	gen_nvidia(&p, gpus_rw, NELEM(gpus_rw), &orig);
	tc = from_prog("libnvidia-container, rw devices", &p);
	expect_exact(&tc, want_rw, NELEM(want_rw), false, true,
		     DEVPROG_GEN_NVIDIA);
}

/* ---- map-based programs ---- */

struct key3 {
	__u32 type;
	__u32 major;
	__u32 minor;
};

static const struct key3 map_keys[] = {
	{ 2, 1, 3 }, { 2, 1, 5 }, { 2, 136, 0xffffffff }, { 1, 8, 0xffffffff },
	{ 2, 10, 200 },
};

static const __u32 map_vals[] = { 7, 6, 7, 2, 7 };

static const struct tmap map3 = {
	7, BPF_MAP_TYPE_HASH, sizeof(struct key3), 4, NELEM(map_keys),
	map_keys, map_vals,
};

static const char *const want_map[] = {
	"allow c 1:3 rwm", "allow c 1:5 rw", "allow c 136:* rwm",
	"allow b 8:* r", "allow c 10:200 rwm",
};

/* The shape of Documentation/devprog.rst: key {type, major, minor}, value
 * the access allowed, a second lookup with minor ~0 for "any minor".
 */
static const struct bpf_insn map_prog[] = {
	MOV64_REG(6, 1),
	LDX(BPF_W, 2, 6, 0),
	ALU32_IMM(BPF_AND, 2, 0xffff),
	STX(BPF_W, 10, 2, -12),
	LDX(BPF_W, 3, 6, 4),
	STX(BPF_W, 10, 3, -8),
	LDX(BPF_W, 3, 6, 8),
	STX(BPF_W, 10, 3, -4),
	LD64(1, BPF_PSEUDO_MAP_FD, 7),		/* 8 */
	LD64_HI(0),
	MOV64_REG(2, 10),
	ALU64_IMM(BPF_ADD, 2, -12),
	CALL(BPF_FUNC_map_lookup_elem),
	JMP_IMM(BPF_JNE, 0, 0, 7),		/* 13: to found */
	ST(BPF_W, 10, -4, -1),
	LD64(1, BPF_PSEUDO_MAP_FD, 7),
	LD64_HI(0),
	MOV64_REG(2, 10),
	ALU64_IMM(BPF_ADD, 2, -12),
	CALL(BPF_FUNC_map_lookup_elem),
	JMP_IMM(BPF_JEQ, 0, 0, 7),		/* 20: to deny */
	LDX(BPF_W, 1, 0, 0),			/* 21: found */
	LDX(BPF_W, 2, 6, 0),
	ALU32_IMM(BPF_RSH, 2, 16),
	ALU64_REG(BPF_AND, 1, 2),
	JMP_REG(BPF_JNE, 1, 2, 2),
	MOV64_IMM(0, 1),
	EXIT(),
	MOV64_IMM(0, 0),			/* 28: deny */
	EXIT(),
};

/* The same as the kernel dumps it with a JIT: the hash lookup inlined */
static const struct bpf_insn map_prog_xlated[] = {
	MOV64_REG(6, 1),
	LDX(BPF_W, 2, 6, 0),
	ALU32_IMM(BPF_AND, 2, 0xffff),
	STX(BPF_W, 10, 2, -12),
	LDX(BPF_W, 3, 6, 4),
	STX(BPF_W, 10, 3, -8),
	LDX(BPF_W, 3, 6, 8),
	STX(BPF_W, 10, 3, -4),
	LD64(1, BPF_PSEUDO_MAP_FD, 7),		/* 8 */
	LD64_HI(0),
	MOV64_REG(2, 10),
	ALU64_IMM(BPF_ADD, 2, -12),
	CALL(T_ELEM_HELPER),
	JMP_IMM(BPF_JEQ, 0, 0, 1),
	ALU64_IMM(BPF_ADD, 0, T_ELEM_BIAS),
	JMP_IMM(BPF_JNE, 0, 0, 9),		/* 15: to found */
	ST(BPF_W, 10, -4, -1),
	LD64(1, BPF_PSEUDO_MAP_FD, 7),
	LD64_HI(0),
	MOV64_REG(2, 10),
	ALU64_IMM(BPF_ADD, 2, -12),
	CALL(T_ELEM_HELPER),
	JMP_IMM(BPF_JEQ, 0, 0, 1),
	ALU64_IMM(BPF_ADD, 0, T_ELEM_BIAS),
	JMP_IMM(BPF_JEQ, 0, 0, 7),		/* 24: to deny */
	LDX(BPF_W, 1, 0, 0),			/* 25: found */
	LDX(BPF_W, 2, 6, 0),
	ALU32_IMM(BPF_RSH, 2, 16),
	ALU64_REG(BPF_AND, 1, 2),
	JMP_REG(BPF_JNE, 1, 2, 2),
	MOV64_IMM(0, 1),
	EXIT(),
	MOV64_IMM(0, 0),			/* 32: deny */
	EXIT(),
};

static __u8 snapd_keys[3][9];

static const __u8 snapd_vals[] = { 1, 1, 1 };

/* snapd: a packed key at fp-17 so that major and minor are aligned */
static const struct bpf_insn snapd_prog[] = {
	MOV64_IMM(0, 0),
	MOV64_REG(6, 10),
	ALU64_IMM(BPF_ADD, 6, -17),
	LDX(BPF_W, 2, 1, 4),
	STX(BPF_W, 6, 2, 1),
	LDX(BPF_W, 2, 1, 8),
	STX(BPF_W, 6, 2, 5),
	LDX(BPF_W, 2, 1, 0),
	ALU32_IMM(BPF_AND, 2, 0xffff),
	JMP_IMM(BPF_JNE, 2, BPF_DEVCG_DEV_BLOCK, 2),
	ST(BPF_B, 6, 0, 'b'),
	JA(5),
	JMP_IMM(BPF_JNE, 2, BPF_DEVCG_DEV_CHAR, 2),
	ST(BPF_B, 6, 0, 'c'),
	JA(2),
	MOV64_IMM(0, 0),
	EXIT(),
	LD64(1, BPF_PSEUDO_MAP_FD, 3),		/* 17 */
	LD64_HI(0),
	MOV64_REG(2, 6),
	CALL(BPF_FUNC_map_lookup_elem),
	JMP_IMM(BPF_JEQ, 0, 0, 1),
	JA(5),					/* 22: to 28 */
	ST(BPF_W, 6, 5, -1),
	LD64(1, BPF_PSEUDO_MAP_FD, 3),
	LD64_HI(0),
	MOV64_REG(2, 6),
	CALL(BPF_FUNC_map_lookup_elem),
	JMP_IMM(BPF_JEQ, 0, 0, 2),		/* 28 */
	MOV64_IMM(0, 1),
	JA(1),
	MOV64_IMM(0, 0),
	EXIT(),
};

static const __u64 libvirt_keys[] = {
	1ULL << 32 | 3, 136ULL << 32 | 0xffffffff, 0xffffffffULL << 32 | 7,
};

static const __u32 libvirt_vals[] = {
	7 << 16 | BPF_DEVCG_DEV_CHAR, 6 << 16 | BPF_DEVCG_DEV_CHAR,
	2 << 16 | BPF_DEVCG_DEV_BLOCK,
};

/* One lookup of libvirt's program, its key in r1; @skip: to the exit */
static void libvirt_lookup(struct prog *p, __s16 skip)
{
	static const struct bpf_insn l[] = {
		STX(BPF_DW, 10, 1, -8),
		MOV64_REG(2, 10),
		ALU64_IMM(BPF_ADD, 2, -8),
		LD64(1, BPF_PSEUDO_MAP_FD, 9),
		LD64_HI(0),
		CALL(BPF_FUNC_map_lookup_elem),
		MOV64_REG(1, 0),
		JMP_IMM(BPF_JEQ, 1, 0, 5),
		MOV64_IMM(0, 1),
		LDX(BPF_W, 2, 6, 0),
		LDX(BPF_W, 1, 1, 0),
		ALU64_REG(BPF_AND, 1, 2),
	};
	__u32 i;

	for (i = 0; i < NELEM(l); i++)
		emit(p, l[i]);
	emit(p, JMP_REG(BPF_JEQ, 1, 2, skip));
}

/* libvirt: key major << 32 | minor, then minor, major, both "any" */
static void gen_libvirt(struct prog *p)
{
	emit(p, MOV64_REG(6, 1));
	emit(p, LDX(BPF_W, 1, 6, 8));
	emit(p, LDX(BPF_W, 2, 6, 4));
	emit(p, ALU64_IMM(BPF_LSH, 2, 32));
	emit(p, ALU64_REG(BPF_OR, 2, 1));
	emit(p, MOV64_REG(1, 2));
	libvirt_lookup(p, 50);			/* 6..18, to the exit at 69 */
	emit(p, LDX(BPF_W, 1, 6, 4));
	emit(p, ALU64_IMM(BPF_LSH, 1, 32));
	emit(p, LD64(2, 0, 0xffffffffULL));
	emit(p, LD64_HI(0xffffffffULL));
	emit(p, ALU64_REG(BPF_OR, 1, 2));
	libvirt_lookup(p, 32);			/* 24..36 */
	emit(p, LDX(BPF_W, 1, 6, 8));
	emit(p, LD64(2, 0, 0xffffffff00000000ULL));
	emit(p, LD64_HI(0xffffffff00000000ULL));
	emit(p, ALU64_REG(BPF_OR, 1, 2));
	libvirt_lookup(p, 15);			/* 41..53 */
	emit(p, MOV64_IMM(1, -1));
	libvirt_lookup(p, 1);			/* 55..67 */
	emit(p, MOV64_IMM(0, 0));
	emit(p, EXIT());
}

/* snapd's key: packed { u8 type; u32 major; u32 minor; } */
static void snapd_key(__u8 *k, char type, __u32 major, __u32 minor)
{
	k[0] = type;
	memcpy(k + 1, &major, 4);
	memcpy(k + 5, &minor, 4);
}

static void test_maps(void)
{
	static const struct tmap snapd_map = {
		3, BPF_MAP_TYPE_HASH, 9, 1, NELEM(snapd_keys), snapd_keys,
		snapd_vals,
	};
	static const struct tmap libvirt_map = {
		9, BPF_MAP_TYPE_HASH, 8, 4, NELEM(libvirt_keys), libvirt_keys,
		libvirt_vals,
	};
	static const char *const want_snapd[] = {
		"allow c 1:3 rwm", "allow c 136:* rwm", "allow b 8:0 rwm",
	};
	static const char *const want_libvirt[] = {
		"allow c 1:3 rwm", "allow c 136:* rw", "allow b *:7 r",
	};
	struct tcase tc = {
		"map shape", map_prog, NELEM(map_prog), &map3, 1, false, 0,
	};
	static struct prog lv;

	expect_exact(&tc, want_map, NELEM(want_map), false, false,
		     DEVPROG_GEN_MAP);
	tc = (struct tcase){ "map shape, xlated", map_prog_xlated,
			     NELEM(map_prog_xlated), &map3, 1, true, 0 };
	expect_exact(&tc, want_map, NELEM(want_map), false, false,
		     DEVPROG_GEN_MAP);
	snapd_key(snapd_keys[0], 'c', 1, 3);
	snapd_key(snapd_keys[1], 'c', 136, 0xffffffff);
	snapd_key(snapd_keys[2], 'b', 8, 0);
	tc = (struct tcase){ "snapd", snapd_prog, NELEM(snapd_prog),
			     &snapd_map, 1, false, 0 };
	expect_exact(&tc, want_snapd, NELEM(want_snapd), false, false,
		     DEVPROG_GEN_SNAPD);
	lv.n = 0;
	gen_libvirt(&lv);
	tc = (struct tcase){ "libvirt", lv.in, lv.n, &libvirt_map, 1, false,
			     0 };
	expect_exact(&tc, want_libvirt, NELEM(want_libvirt), false, false,
		     DEVPROG_GEN_LIBVIRT);
}

/* A map of 500 entries in the documented shape, every seventh for any
 * minor, the access cycling through all seven: exact, and its time.
 */
static void test_big_map(void)
{
	static struct key3 keys[500];
	static __u32 vals[500];
	struct tmap m = { 7, BPF_MAP_TYPE_HASH, sizeof(struct key3), 4,
			  NELEM(keys), keys, vals };
	struct tcase tc = { "map, 500 entries", map_prog, NELEM(map_prog), &m,
			    1, false, 0 };
	struct timespec t0, t1;
	struct devprog dp;
	int i;

	for (i = 0; i < 500; i++) {
		keys[i].type = 1 + i % 2;
		keys[i].major = 100 + i / 3;
		keys[i].minor = i % 7 ? (__u32)i : 0xffffffff;
		vals[i] = 1 + i % 7;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (decode(&tc, &dp)) {
		check(false, tc.name, "decode failed");
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("map, 500 entries: %u paths, %u rules, %.1f ms\n", dp.nr_paths,
	       dp.nr_rules, (t1.tv_sec - t0.tv_sec) * 1e3 +
	       (t1.tv_nsec - t0.tv_nsec) / 1e6);
	check(dp.exact && !dp.disjoint, tc.name, "exact %d disjoint %d: %s",
	      dp.exact, dp.disjoint, dp.reason);
	if (dp.exact)
		cross_check_n(&tc, &dp, 20000);
	devprog_free(&dp);
}

/* ---- other shapes ---- */

static void test_misc(void)
{
	static const struct bpf_insn allow_all[] = { MOV64_IMM(0, 1), EXIT() };
	/* the verdict is the read bit itself: requests without r denied */
	static const struct bpf_insn read_bit[] = {
		LDX(BPF_W, 0, 1, 0),
		ALU32_IMM(BPF_RSH, 0, 17),
		ALU32_IMM(BPF_AND, 0, 1),
		EXIT(),
	};
	static const char *const want_read[] = { "deny a *:* wm" };
	/* spills of the context pointer, the access word and the major */
	static const struct bpf_insn spills[] = {
		LDX(BPF_W, 2, 1, 0),
		STX(BPF_DW, 10, 1, -8),
		STX(BPF_W, 10, 2, -12),
		LDX(BPF_DW, 6, 10, -8),
		LDX(BPF_W, 4, 6, 4),
		STX(BPF_DW, 10, 4, -24),
		LDX(BPF_W, 3, 10, -12),
		ALU32_IMM(BPF_RSH, 3, 16),
		LDX(BPF_H, 2, 10, -12),
		LDX(BPF_DW, 7, 10, -24),
		JMP_IMM(BPF_JNE, 2, BPF_DEVCG_DEV_CHAR, 6),
		JMP_IMM(BPF_JNE, 7, 1, 5),
		MOV64_REG(1, 3),
		ALU32_IMM(BPF_AND, 1, 6),
		JMP_REG(BPF_JNE, 1, 3, 2),
		MOV64_IMM(0, 1),
		EXIT(),
		MOV64_IMM(0, 0),
		EXIT(),
	};
	static const char *const want_spills[] = { "allow c 1:* rw" };
	/* arithmetic on a device number that decides nothing */
	static const struct bpf_insn dead[] = {
		LDX(BPF_W, 4, 1, 4),
		ALU32_IMM(BPF_MUL, 4, 3),
		MOV64_IMM(0, 1),
		EXIT(),
	};
	static const char *const none[] = { "" };
	struct tcase tc = tcase("allow all", allow_all, NELEM(allow_all));

	expect_exact(&tc, none, 0, true, false, DEVPROG_GEN_UNKNOWN);
	tc = tcase("verdict from the access bits", read_bit, NELEM(read_bit));
	expect_exact(&tc, want_read, 1, true, true, DEVPROG_GEN_UNKNOWN);
	tc = tcase("spills", spills, NELEM(spills));
	expect_exact(&tc, want_spills, 1, false, true, DEVPROG_GEN_UNKNOWN);
	tc = tcase("dead arithmetic", dead, NELEM(dead));
	expect_exact(&tc, none, 0, true, false, DEVPROG_GEN_UNKNOWN);
}

/*
 * Paths that meet with the same registers go on as one path holding both
 * sets of requests; where a value is one number for each set but not for
 * both (here the major is compared with 10 for block, 20 for char
 * devices), the path is split again and each set decoded alone.
 */
static void test_joins(void)
{
	static const struct bpf_insn per_type[] = {
		LDX(BPF_W, 2, 1, 0),
		ALU32_IMM(BPF_AND, 2, 0xffff),
		LDX(BPF_W, 4, 1, 4),
		MOV64_REG(3, 2),
		ALU32_IMM(BPF_MUL, 3, 10),
		JMP_IMM(BPF_JNE, 2, BPF_DEVCG_DEV_CHAR, 0),	/* both to 6 */
		JMP_REG(BPF_JNE, 4, 3, 2),
		MOV64_IMM(0, 1),
		EXIT(),
		MOV64_IMM(0, 0),
		EXIT(),
	};
	static const char *const want[] = {
		"allow b 10:* rwm", "allow c 20:* rwm",
	};
	struct tcase tc = tcase("joined paths split again", per_type,
				NELEM(per_type));
	struct devprog dp;

	expect_exact(&tc, want, NELEM(want), false, false,
		     DEVPROG_GEN_UNKNOWN);
	/* the join happened: fewer paths than the regions they found */
	if (!decode(&tc, &dp)) {
		check(dp.exact && dp.nr_paths < dp.nr_regions, tc.name,
		      "%u paths for %u regions", dp.nr_paths, dp.nr_regions);
		devprog_free(&dp);
	}
}

/* Signed, unsigned and 32-bit comparisons on the numbers */
static const struct bpf_insn ranges_prog[] = {
	LDX(BPF_W, 4, 1, 4),
	LDX(BPF_W, 5, 1, 8),
	JMP_IMM(BPF_JSLT, 4, 0, 12),		/* never: zero-extended */
	JMP32_IMM(BPF_JSLT, 5, -5, 9),		/* minor 2^31..2^32-6 */
	JMP_IMM(BPF_JGT, 4, 0x7fffffff, 11),	/* major 2^31.. */
	JMP_IMM(BPF_JGE, 4, 100, 8),
	JMP32_IMM(BPF_JSGT, 4, 50, 9),		/* major 51..99 */
	JMP_IMM(BPF_JEQ, 5, -1, 8),		/* never: imm is 2^64-1 */
	JMP32_IMM(BPF_JEQ, 5, -1, 7),		/* minor 2^32-1 */
	JMP_IMM(BPF_JLE, 5, 10, 1),
	JA(3),
	JMP_IMM(BPF_JSGE, 4, 7, 4),		/* minor <= 10, major 7..50 */
	JA(1),
	JMP_IMM(BPF_JLT, 4, 3, 2),		/* 13: minor high, major < 3 */
	MOV64_IMM(0, 0),
	EXIT(),
	MOV64_IMM(0, 1),
	EXIT(),
};

static void test_ranges(void)
{
	static const char *const want[] = {
		"deny a 100-2147483647:* rwm",
		"deny a 0-50:4294967291-4294967294 rwm",
		"deny a 0-50:11-2147483647 rwm",
		"deny a 0-6:0-10 rwm",
		"deny a 3-4294967295:2147483648-4294967290 rwm",
	};
	struct tcase tc = tcase("ranges", ranges_prog, NELEM(ranges_prog));

	expect_exact(&tc, want, NELEM(want), true, false,
		     DEVPROG_GEN_UNKNOWN);
}

/* 200 rules in runc's shape; the decode time is printed, not checked */
static void test_runc_200(void)
{
	static const char *const accs[] = { "rwm", "rw", "r", "m", "w" };
	static struct dev d[200];
	static char want[200][64];
	static const char *wp[200];
	static struct prog p;
	struct timespec t0, t1;
	double ms, best = 1e9;
	struct devprog dp;
	struct tcase tc;
	int i, run;

	for (i = 0; i < 200; i++) {
		d[i].allow = true;
		d[i].type = i % 3 ? 'c' : 'b';
		d[i].major = i < 150 ? 1000 + i : 77;
		d[i].minor = i < 150 ? (i % 5 ? i * 7 : -1) : i;
		d[i].acc = accs[i % 5];
		dev_line(&d[i], want[i], sizeof(want[i]));
		wp[i] = want[i];
	}
	p.n = 0;
	gen_runc(&p, d, 200, false);
	tc = from_prog("runc, 200 rules", &p);
	for (run = 0; run < 5; run++) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (decode(&tc, &dp))
			break;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ms = (t1.tv_sec - t0.tv_sec) * 1e3 +
		     (t1.tv_nsec - t0.tv_nsec) / 1e6;
		if (ms < best)
			best = ms;
		if (run == 0)
			printf("runc, 200 rules (%u insns): %u paths, %u regions, %s %.1f ms\n",
			       p.n, dp.nr_paths, dp.nr_regions,
			       "first decode", ms);
		devprog_free(&dp);
	}
	printf("runc, 200 rules: best of 5 decodes %.1f ms\n", best);
	/* paths that meet go on as one: fewer paths than regions */
	if (!decode(&tc, &dp)) {
		check(dp.nr_paths < dp.nr_regions / 2, tc.name,
		      "%u paths for %u regions: paths did not join",
		      dp.nr_paths, dp.nr_regions);
		devprog_free(&dp);
	}
	expect_exact(&tc, wp, 200, false, true, DEVPROG_GEN_RUNC);

	tc.name = "state budget";
	tc.max_states = 50;
	expect_partial(&tc, "insn ", -2);
	tc.max_states = 0;
}

/* ---- programs devprog cannot read ---- */

static void test_partial(void)
{
	static const struct bpf_insn helper[] = {
		LDX(BPF_W, 2, 1, 0),
		CALL(BPF_FUNC_get_current_pid_tgid),
		JMP_IMM(BPF_JEQ, 0, 1, 2),
		MOV64_IMM(0, 1),
		EXIT(),
		MOV64_IMM(0, 0),
		EXIT(),
	};
	static const struct bpf_insn past_end[] = {
		LDX(BPF_W, 2, 1, 12), MOV64_IMM(0, 1), EXIT(),
	};
	static const struct bpf_insn half_major[] = {
		LDX(BPF_H, 2, 1, 4), MOV64_IMM(0, 1), EXIT(),
	};
	static const struct bpf_insn arith[] = {
		LDX(BPF_W, 4, 1, 4),
		ALU64_IMM(BPF_ADD, 4, 1),
		JMP_IMM(BPF_JEQ, 4, 4, 2),
		MOV64_IMM(0, 1),
		EXIT(),
		MOV64_IMM(0, 0),
		EXIT(),
	};
	static const struct bpf_insn loop[] = {
		LDX(BPF_W, 4, 1, 4),
		MOV64_IMM(0, 0),
		JMP_IMM(BPF_JEQ, 4, 1, -2),
		EXIT(),
	};
	static const struct bpf_insn maj_min[] = {
		LDX(BPF_W, 4, 1, 4),
		LDX(BPF_W, 5, 1, 8),
		MOV64_IMM(0, 0),
		JMP_REG(BPF_JEQ, 4, 5, 1),
		MOV64_IMM(0, 1),
		EXIT(),
	};
	static const struct bpf_insn bits[] = {
		LDX(BPF_W, 5, 1, 8),
		MOV64_IMM(0, 0),
		JMP_IMM(BPF_JSET, 5, 1, 1),
		MOV64_IMM(0, 1),
		EXIT(),
	};
	static const struct bpf_insn uninit[] = { MOV64_REG(0, 7), EXIT() };
	struct tcase tc = tcase("helper call", helper, NELEM(helper));

	expect_partial(&tc, "insn 1: helper call bpf_get_current_pid_tgid (14)",
		       1);
	tc = tcase("read past the context", past_end, NELEM(past_end));
	expect_partial(&tc, "insn 0: reads 4 bytes at offset 12, outside the context",
		       0);
	tc = tcase("read of half the major", half_major, NELEM(half_major));
	expect_partial(&tc,
		       "insn 0: reads 2 bytes at offset 4 of the context, part of the major number",
		       0);
	tc = tcase("arithmetic on the major", arith, NELEM(arith));
	expect_partial(&tc, "insn 1: arithmetic on the major number (used at insn 2)",
		       1);
	tc = tcase("loop", loop, NELEM(loop));
	expect_partial(&tc, "insn 2: jumps back to insn 1 (a loop)", 2);
	tc = tcase("major against minor", maj_min, NELEM(maj_min));
	expect_partial(&tc, "insn 3: compares the major number with the minor number",
		       3);
	tc = tcase("bits of the minor", bits, NELEM(bits));
	expect_partial(&tc, "insn 2: tests bits of the minor number", 2);
	tc = tcase("uninitialized register", uninit, NELEM(uninit));
	expect_partial(&tc, "insn 0: reads r7 before it is set", 0);
	tc = tcase("map without a reader", map_prog, NELEM(map_prog));
	expect_partial(&tc, "insn 12: looks up map 7, and no map reader was given",
		       12);
}

/* ---- random programs: whatever devprog calls exact must be ---- */

static const __s32 fuzz_imm[] = {
	0, 1, 2, 3, 4, 6, 7, 8, 16, 31, 32, 0xffff, 0x7fffffff, -1, -2, -5,
	(__s32)0x80000000, 136, 195, 255,
};

static __s32 fuzz_k(void)
{
	return rnd() % 3 ? fuzz_imm[rnd() % NELEM(fuzz_imm)] : (__s32)rnd();
}

/* One random instruction at @pc of @n, among registers r0 and r2-r7 */
static struct bpf_insn fuzz_insn(__u32 pc, __u32 n)
{
	static const __u8 alu[] = {
		BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_OR, BPF_AND, BPF_LSH,
		BPF_RSH, BPF_MOD, BPF_XOR, BPF_MOV, BPF_ARSH, BPF_NEG,
	};
	static const __u8 jmp[] = {
		BPF_JEQ, BPF_JGT, BPF_JGE, BPF_JSET, BPF_JNE, BPF_JSGT,
		BPF_JSGE, BPF_JLT, BPF_JLE, BPF_JSLT, BPF_JSLE,
	};
	static const __u8 regs[] = { 0, 2, 3, 4, 5, 6, 7 };
	__u8 d = regs[rnd() % NELEM(regs)], r = regs[rnd() % NELEM(regs)];
	__u8 cls = rnd() % 2 ? BPF_ALU64 : BPF_ALU, op;
	__s16 off = n - pc > 2 ? rnd() % (n - pc - 2) : 0;
	int slot = -4 * (1 + rnd() % 4);

	switch (rnd() % 8) {
	case 0:
	case 1:
		op = alu[rnd() % NELEM(alu)];
		if (op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH)
			return INSN(cls | op | BPF_K, d, 0, 0, rnd() % 40);
		return INSN(cls | op | BPF_K, d, 0, 0, fuzz_k());
	case 2:
		op = alu[rnd() % NELEM(alu)];
		if (op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH ||
		    op == BPF_NEG)
			op = BPF_MOV;
		return INSN(cls | op | BPF_X, d, r, 0, 0);
	case 3:
	case 4:
		cls = rnd() % 2 ? BPF_JMP : BPF_JMP32;
		return INSN(cls | jmp[rnd() % NELEM(jmp)] | BPF_K, d, 0, off,
			    fuzz_k());
	case 5:
		cls = rnd() % 2 ? BPF_JMP : BPF_JMP32;
		return INSN(cls | jmp[rnd() % NELEM(jmp)] | BPF_X, d, r, off,
			    0);
	case 6:
		return rnd() % 2 ? STX(BPF_W, 10, d, slot) :
				   STX(BPF_DW, 10, d, slot & ~7);
	}
	return rnd() % 2 ? LDX(BPF_W, d, 10, slot) :
			   LDX(rnd() % 2 ? BPF_H : BPF_B, d, 10, slot);
}

static void test_random(void)
{
	static const struct bpf_insn head[] = {
		MOV64_IMM(0, 0), MOV64_IMM(6, 0), MOV64_IMM(7, 0),
		STX(BPF_DW, 10, 0, -8), STX(BPF_DW, 10, 0, -16),
		LDX(BPF_W, 2, 1, 0), LDX(BPF_H, 3, 1, 2),
		LDX(BPF_W, 4, 1, 4), LDX(BPF_W, 5, 1, 8),
	};
	static struct prog p;
	int i, exact = 0, runs = 400;
	struct devprog dp;
	struct tcase tc;
	__u32 k, n;

	for (i = 0; i < runs; i++) {
		p.n = 0;
		for (k = 0; k < NELEM(head); k++)
			emit(&p, head[k]);
		n = p.n + 4 + rnd() % 40;
		while (p.n < n)
			emit(&p, fuzz_insn(p.n, n));
		emit(&p, EXIT());
		tc = tcase("random program", p.in, p.n);
		if (decode(&tc, &dp)) {
			check(false, tc.name, "decode failed");
			continue;
		}
		if (dp.exact) {
			exact++;
			cross_check_n(&tc, &dp, 5000);
		}
		devprog_free(&dp);
	}
	printf("random programs: %d of %d exact, each checked on 5000 requests\n",
	       exact, runs);
}

static void test_format(void)
{
	static const struct {
		struct devprog_rule r;
		const char *s;
	} t[] = {
		{ { true, 'c', 7, DEVPROG_REQ_ALL, 1, 1, 3, 3 }, "c 1:3 rwm" },
		{ { true, 'a', 7, DEVPROG_REQ_ALL, 0, 0xffffffff, 0,
		    0xffffffff }, "a *:* rwm" },
		{ { true, 'b', 2, DEVPROG_REQ(2), 8, 8, 0, 0xffffffff },
		  "b 8:* r" },
		{ { true, 'c', 6, 0x2a, 10, 12, 0, 0xffffffff },
		  "c 10-12:* rw" },
		{ { true, 'c', 6, 0x28, 1, 1, 3, 3 }, "c 1:3 {w,rw}" },
	};
	char buf[DEVPROG_RULE_STRLEN];
	__u32 i;

	for (i = 0; i < NELEM(t); i++) {
		devprog_rule_str(&t[i].r, buf, sizeof(buf));
		check(!strcmp(buf, t[i].s), "format", "got \"%s\", want \"%s\"",
		      buf, t[i].s);
	}
}

int main(void)
{
	test_format();
	test_runc();
	test_runc_old();
	test_crun();
	test_systemd();
	test_nvidia();
	test_maps();
	test_big_map();
	test_misc();
	test_joins();
	test_ranges();
	test_runc_200();
	test_partial();
	test_random();
	return unit_done();
}
