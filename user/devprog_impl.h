/* SPDX-License-Identifier: GPL-2.0 */
/*
 * devprog internals shared by its files (devprog.h is the interface):
 *   devprog.c        the symbolic run of a program: paths to regions;
 *                    devprog_decode()
 *   devprog_box.c    boxes of requests and the index of them by majors
 *   devprog_rules.c  regions written as a checked first-match rule list;
 *                    devprog_eval(), devprog_rule_str()
 *   devprog_gen.c    who made a program, from its shape
 */
#ifndef CGSCOPE_DEVPROG_IMPL_H
#define CGSCOPE_DEVPROG_IMPL_H

#include <stdbool.h>
#include <stddef.h>

#include "compiler.h"
#include "devprog.h"

#define DP_NCOMBO	14		/* 2 types x 7 nonempty accesses */
#define DP_MASK_ALL	0x3fff
#define DP_TYPE_MASK	0x7f		/* the combinations of one type */
#define DP_NREG		12		/* r0-r10 and the verifier's AX */
#define DP_STACK	512
#define DP_NSLOT	(DP_STACK / 8)
#define DP_U32_MAX	0xffffffffU
#define DP_NOTAG	0xffffffffU
#define DP_VERIFY_MAX	2000000		/* pieces the final check may cut */

#define DP_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#ifndef BPF_MEMSX
#define BPF_MEMSX	0x80
#endif
#ifndef BPF_ATOMIC
#define BPF_ATOMIC	0xc0
#endif

#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define DP_BIG_ENDIAN	1
#else
#define DP_BIG_ENDIAN	0
#endif

enum { DP_MAJOR, DP_MINOR };

/* An interval of u32 numbers */
struct dp_iv {
	__u32 lo;
	__u32 hi;
};

/* A box of requests: combinations (bit (type - 1) * 7 + access - 1) and
 * intervals of major (iv[DP_MAJOR]) and minor numbers (iv[DP_MINOR]).
 */
struct dp_box {
	__u16 mask;
	struct dp_iv iv[2];
};

enum dp_kind {
	DPV_UNINIT,	/* never written */
	DPV_NUM,	/* a number: @c, or table @tab of one per combination */
	DPV_FIELD,	/* 64 bits of halves @hi, @lo: constant or a device number */
	DPV_CTX,	/* pointer to the context, offset @c */
	DPV_FP,		/* pointer into the stack, offset @c from its top */
	DPV_MAP,	/* a map, id @ref */
	DPV_MAPVAL,	/* pointer to entry @ent of map slot @ref, offset @c */
	DPV_UNKNOWN,	/* something not followed; origin @ref */
};

/* A half of a DPV_FIELD value */
enum dp_half {
	DPH_CONST,
	DPH_MAJOR,
	DPH_MINOR,
};

struct dp_val {
	__u8 kind;
	__u8 hi;
	__u8 lo;
	__u32 tab;
	__u32 ref;
	__u32 ent;
	__u64 c;
};

/* What one byte of the stack holds */
enum dp_sbkind {
	DPS_NONE,	/* never written */
	DPS_CONST,	/* byte @ref */
	DPS_TAB,	/* byte @idx of table @ref */
	DPS_FIELD,	/* byte @idx of device number @ref (enum dp_half) */
	DPS_SPILL,	/* byte @idx of the pointer spilled in slot @ref */
	DPS_UNKNOWN,	/* something not followed; origin @ref */
};

struct dp_sbyte {
	__u8 kind;
	__u8 idx;
	__u32 ref;
};

/**
 * struct dp_piece - requests that take a path, and how they came there
 * @box: the requests
 * @tag: their last conditional jump: pc << 2 | 0 fell through, 1 jumped;
 *	or DP_NOTAG
 */
struct dp_piece {
	struct dp_box box;
	__u32 tag;
};

/* Pieces being collected for one outcome of a jump */
struct dp_plist {
	struct dp_piece *p;
	size_t n;
	size_t cap;
};

/**
 * struct dp_head - one path: where it is, its registers, which requests
 * @pc: next instruction
 * @r: registers
 * @stack_lo: lowest stack byte written; the bytes below it are DPS_NONE
 * @npiece: pieces of requests that take this path (paths that meet at an
 *	instruction with the same registers and stack are one path)
 * @mask: the combinations of all pieces
 * @nomerge: an instruction at which this path must not be merged (it was
 *	split there), or DP_NOTAG
 */
struct dp_head {
	__u32 pc;
	struct dp_val r[DP_NREG];
	__u32 stack_lo;
	__u32 npiece;
	__u16 mask;
	__u32 nomerge;
};

/**
 * struct dp_state - the path being run
 * @h: where it is, registers, requests
 * @spill: pointers spilled to the stack, per 8-byte slot
 * @stack: the stack, byte 0 is fp-512
 * @piece: h.npiece pieces of requests
 * @cappiece: room in @piece
 */
struct dp_state {
	struct dp_head h;
	struct dp_val spill[DP_NSLOT];
	struct dp_sbyte stack[DP_STACK];
	struct dp_piece *piece;
	size_t cappiece;
};

/* A path waiting to run: its head, its h.npiece pieces (@cap room), then
 * spill[stack_lo / 8 ...] and stack[stack_lo ...], the only part of the
 * stack it uses.
 */
struct dp_pend {
	struct dp_head h;
	struct dp_piece *piece;
	size_t cap;
	unsigned char tail[];
};

/* Where an unknown value came from, said when it reaches a decision */
struct dp_origin {
	__u32 pc;
	char what[96];
};

struct dp_mapc {
	__u32 id;
	struct devprog_map m;
};

/* A region found by one path */
struct dp_leaf {
	struct dp_box box;
	__u32 tag;
	bool allow;
};

/* Rules while they are being built */
struct dp_rule {
	struct dp_box box;
	bool allow;
	__u32 group;		/* candidate B: group it came from */
	int leaf;		/* candidate B: its only leaf, or -1: the group's */
};

struct dp_rules {
	struct dp_rule *r;
	size_t n;
	size_t cap;
};

/* A remembered operation on numbers with tables */
struct dp_opc {
	bool used;
	__u8 op;
	bool is64;
	__s16 off;
	struct dp_val d;
	struct dp_val s;
	struct dp_val r;
};

#define DP_OPC_SIZE	1024

/* Paths' regions with the same tag and verdict */
struct dp_group {
	__u32 tag;
	bool allow;
	struct dp_box hull;
	size_t first;		/* into dp_ctx.ord */
	size_t n;
};

struct dp_ient {
	struct dp_iv maj;
	size_t id;
};

/**
 * struct dp_index - boxes sorted by their lowest major, with the highest
 * major of each subtree of an implicit binary tree over them, so that the
 * boxes whose majors meet an interval are found without looking at the
 * others (an interval tree; most boxes of a program cover few majors)
 * @e: the boxes' majors and ids, by lowest major
 * @mx: highest major under each node (node 0 is the root)
 * @n: boxes
 */
struct dp_index {
	struct dp_ient *e;
	__u32 *mx;
	size_t n;
};

struct dp_ctx {
	const struct devprog_source *src;
	const struct bpf_insn *in;
	__u32 n;

	__u64 (*tab)[DP_NCOMBO];	/* tables; 0 is unused */
	__u32 ntab;
	__u32 captab;
	__u32 *hash;
	__u32 hcap;
	struct dp_opc *opc;

	struct dp_origin *orig;
	__u32 norig;
	__u32 caporig;

	struct dp_mapc *map;
	__u32 nmap;

	struct dp_leaf *leaf;
	size_t nleaf;
	size_t capleaf;

	struct dp_pend **work;		/* a heap: lowest pc first */
	size_t nwork;
	size_t capwork;
	unsigned int nstates;
	unsigned int max_states;
	struct dp_plist out[2];		/* a jump's outcomes: fall, jump */
	bool split;			/* the path must be split first */

	size_t *ord;			/* leaves sorted by tag and verdict */
	struct dp_group *group;
	size_t ngroup;
	size_t *lgroup;			/* the group of each leaf */
	struct dp_index lix[2];		/* leaves by verdict: deny, allow */

	bool failed;
	int err;
	__u32 fail_pc;
	char reason[DEVPROG_REASON_LEN];
};

/* devprog.c */

/* Make room for @need items of @size bytes in *@pp (room for *@cap) */
int dp_grow(void *pp, size_t *cap, size_t need, size_t size);

/* devprog_box.c */

bool dp_box_meet(const struct dp_box *a, const struct dp_box *b);
bool dp_box_inside(const struct dp_box *a, const struct dp_box *b);
void dp_box_hull(struct dp_box *h, const struct dp_box *b);
int dp_box_sub(const struct dp_box *a, const struct dp_box *b,
	       struct dp_box *out);
double dp_box_volume(const struct dp_box *b);
int dp_index_build(struct dp_index *ix, const void *b, size_t n,
		   size_t stride, bool (*want)(const void *item,
					       const void *arg),
		   const void *arg);
bool dp_index_each(const struct dp_index *ix, const struct dp_box *b,
		   bool (*fn)(size_t id, void *arg), void *arg);
void dp_index_free(struct dp_index *ix);
void dp_sort_ids(size_t *id, size_t n);

/* devprog_rules.c */

/* The regions of a finished run (@x) as the rules of @dp; 0 or -ENOMEM */
int dp_synth(struct dp_ctx *x, struct devprog *dp);

#endif /* CGSCOPE_DEVPROG_IMPL_H */
