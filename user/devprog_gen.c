// SPDX-License-Identifier: GPL-2.0
/*
 * devprog: who likely made a device program (runc, crun, systemd, ...),
 * from its shape only.  A label for people, never used to find rules.
 */
#include "devprog_impl.h"

static bool dp_is(const struct bpf_insn *in, __u8 code, __u8 dst, __u8 src,
		  __s16 off, __s32 imm)
{
	return in->code == code && in->dst_reg == dst && in->src_reg == src &&
	       in->off == off && in->imm == imm;
}

/* Length of the usual prologue at @at (r2 type, r3 access, r4 major, r5
 * minor), 0 if none; @half: the type is read with a 2-byte load.
 */
static __u32 dp_prologue(const struct bpf_insn *p, __u32 n, __u32 at,
			 bool *half)
{
	const __u8 ldw = BPF_LDX | BPF_W | BPF_MEM;
	const struct bpf_insn *q = p + at;
	__u32 k = 0;

	*half = at + 5 <= n && dp_is(q, BPF_LDX | BPF_H | BPF_MEM, 2, 1, 0, 0);
	if (*half) {
		k = 1;
	} else if (at + 6 <= n && dp_is(q, ldw, 2, 1, 0, 0) &&
		   dp_is(q + 1, BPF_ALU | BPF_AND | BPF_K, 2, 0, 0, 0xffff)) {
		k = 2;
	} else {
		return 0;
	}
	if (dp_is(q + k, ldw, 3, 1, 0, 0) &&
	    dp_is(q + k + 1, BPF_ALU | BPF_RSH | BPF_K, 3, 0, 0, 16) &&
	    dp_is(q + k + 2, ldw, 4, 1, 4, 0) &&
	    dp_is(q + k + 3, ldw, 5, 1, 8, 0))
		return k + 4;
	return 0;
}

/* After a prologue: systemd jumps to one exit; runc and crun end each
 * block with "r0 = verdict; exit", with a 32-bit and a 64-bit move.
 */
static enum devprog_gen dp_gen_body(const struct bpf_insn *p, __u32 from,
				    __u32 to)
{
	bool ja = false, mov32 = false, mov64 = false;
	__u32 i;

	for (i = from; i < to; i++) {
		if (p[i].code == (BPF_JMP | BPF_JA))
			ja = true;
		if (i + 1 == to || p[i + 1].code != (BPF_JMP | BPF_EXIT) ||
		    p[i].dst_reg)
			continue;
		if (p[i].code == (BPF_ALU | BPF_MOV | BPF_K))
			mov32 = true;
		if (p[i].code == (BPF_ALU64 | BPF_MOV | BPF_K))
			mov64 = true;
	}
	if (ja)
		return DEVPROG_GEN_SYSTEMD;
	if (mov32 != mov64)
		return mov32 ? DEVPROG_GEN_RUNC : DEVPROG_GEN_CRUN;
	return DEVPROG_GEN_UNKNOWN;
}

static enum devprog_gen dp_gen_map(const struct bpf_insn *p, __u32 n)
{
	bool map = false, snapd = false, lsh32 = false;
	__u32 i;

	for (i = 0; i < n; i++) {
		if (p[i].code == (BPF_LD | BPF_IMM | BPF_DW) &&
		    p[i].src_reg == BPF_PSEUDO_MAP_FD)
			map = true;
		if (p[i].code == (BPF_ST | BPF_MEM | BPF_B) &&
		    (p[i].imm == 'b' || p[i].imm == 'c'))
			snapd = true;
		if (p[i].code == (BPF_ALU64 | BPF_LSH | BPF_K) &&
		    p[i].imm == 32)
			lsh32 = true;
	}
	if (!map)
		return DEVPROG_GEN_UNKNOWN;
	if (snapd)
		return DEVPROG_GEN_SNAPD;
	return lsh32 ? DEVPROG_GEN_LIBVIRT : DEVPROG_GEN_MAP;
}

/**
 * devprog_recognize() - which generator likely made a program
 * @insns: its instructions
 * @cnt: how many
 * @inner: for DEVPROG_GEN_NVIDIA, the generator of the program after the
 *	prepended blocks; else DEVPROG_GEN_UNKNOWN
 *
 * From the shape of the instructions only: a label, never a source of
 * rules.
 *
 * Return: the likely generator.
 */
enum devprog_gen devprog_recognize(const struct bpf_insn *insns, __u32 cnt,
				   enum devprog_gen *inner)
{
	enum devprog_gen g = dp_gen_map(insns, cnt);
	__u32 len, i, len2 = 0;
	bool half, half2, nvidia = false;

	*inner = DEVPROG_GEN_UNKNOWN;
	if (g != DEVPROG_GEN_UNKNOWN)
		return g;
	len = dp_prologue(insns, cnt, 0, &half);
	if (!len)
		return DEVPROG_GEN_UNKNOWN;
	for (i = len; i < cnt && !len2; i++) {
		len2 = dp_prologue(insns, cnt, i, &half2);
		if (insns[i].code == (BPF_JMP32 | BPF_JNE | BPF_X))
			nvidia = true;
	}
	if (len2)
		*inner = dp_gen_body(insns, i - 1 + len2, cnt);
	if (len2 || nvidia)
		return DEVPROG_GEN_NVIDIA;
	/* runc 1.0 read the type with a 2-byte load */
	return half ? DEVPROG_GEN_RUNC : dp_gen_body(insns, len, cnt);
}

/**
 * devprog_gen_name() - the name of a generator
 * @gen: a generator
 *
 * Return: a static string, "unknown" for DEVPROG_GEN_UNKNOWN.
 */
const char *devprog_gen_name(enum devprog_gen gen)
{
	static const char *const names[] = {
		[DEVPROG_GEN_UNKNOWN]	= "unknown",
		[DEVPROG_GEN_RUNC]	= "runc",
		[DEVPROG_GEN_CRUN]	= "crun",
		[DEVPROG_GEN_SYSTEMD]	= "systemd",
		[DEVPROG_GEN_NVIDIA]	= "libnvidia-container",
		[DEVPROG_GEN_SNAPD]	= "snapd",
		[DEVPROG_GEN_LIBVIRT]	= "libvirt",
		[DEVPROG_GEN_MAP]	= "map-based",
	};

	if ((unsigned int)gen >= DP_ARRAY_SIZE(names))
		return "unknown";
	return names[gen];
}

