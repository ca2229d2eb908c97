// SPDX-License-Identifier: GPL-2.0
/*
 * devcg_shapes: attach a v2 device program of a real-world shape, its
 * rules drawn from a seed, built with the bpf syscall from hand-assembled
 * instructions (no libbpf, no BPF compiler).
 *
 *   devcg_shapes CGROUP_DIR SHAPE SEED
 *
 * SHAPE is one of the shapes user/tests/devprog_test.c re-creates, emitted
 * here the same way:
 *
 *   runc     runc 1.1's program: prologue (r2 type, r3 access, r4 major,
 *            r5 minor), one block per rule (type, access, major, minor
 *            tests, "w0 = verdict; exit"), then the default.  As runc's
 *            emulator leaves them: one verdict for all rules, the opposite
 *            of the default, one rule per (type, major, minor), sorted by
 *            major, minor, type (* first, b before c).
 *   crun     crun's blocks ("r0 = verdict; exit", no type test for "a"),
 *            the configured rules from the last to the first, so the last
 *            configured rule that matches wins; both verdicts; a catch-all
 *            (a *:* rwm) ends the program and is its default, else the
 *            program ends with "deny".  Without crun's built-in devices.
 *   systemd  systemd's bpf-devices program: allow rules only, each block
 *            testing the access first and "goto pass"; "r0 = 0; goto +1;
 *            pass: r0 = 1; exit": default deny.
 *   nvidia   libnvidia-container's block (type by a 2-byte load, a 32-bit
 *            register compare of the access in r2) prepended to a runc
 *            program (above): two prologues.  Its devices are allowed,
 *            listed from the last to the first.  Only the first listed
 *            device (the last block) may have partial access: the access
 *            test leaves the access bits in r2, where a later block of
 *            the same kind reads the type (see Documentation/devprog.rst).
 *   map      Documentation/devprog.rst's map shape: a BPF_MAP_TYPE_HASH
 *            keyed by { u32 type; u32 major; u32 minor; }, the value the
 *            access bits allowed; the exact key first, then minor ~0.
 *            An entry found decides alone: a value of 0, or one without
 *            all the bits asked for, denies even where the ~0 entry of the
 *            same major would allow.  Not found: deny.
 *   libvirt  libvirt's map program (gen_libvirt in devprog_test.c): a
 *            BPF_MAP_TYPE_HASH keyed by major << 32 | minor, ~0 halves for
 *            "any", the value (access << 16) | type bits (3: both types);
 *            lookups of (major, minor), (major, ~0), (~0, minor), (~0, ~0),
 *            the first entry whose value holds all of the request's bits
 *            allows; none: deny.
 *   helper   not rules: bpf_get_current_uid_gid() decides (uid 0 allowed);
 *            what a decoder must call partial.  Prints {"default":true}.
 *
 * The program is attached with BPF_F_ALLOW_MULTI and stays attached after
 * we exit (until the cgroup goes).  With CGROUP_DIR "-" nothing is loaded
 * (the map is made, to be filled) and the id printed is 0: the rules of a
 * seed, to look at.  Output: the program id, then the rules
 * the program was built from, one JSON object a line, in the order the
 * program tries them (first match decides), and the default verdict, as
 * rt_expected_rules (selftests/runtime_lib.sh) prints them:
 *
 *   {"allow":true,"type":"c","major":1,"minor":3,"access":"rwm"}
 *   {"default":false}
 *
 * with -1 for *.  They are printed from the rule list, not read back from
 * the instructions.  A map's entries become: an exact entry, "allow" with
 * its access (none: "deny ... rwm"), followed by "deny ... rwm" when the
 * ~0 entry of its type and major allows more than it; then the ~0 entries.
 * libvirt's: one allow rule per entry, in the order of the lookups.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/bpf.h>

#define INSN(c, d, s, o, i) \
	((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })
#define LDX(sz, d, s, o)	INSN(BPF_LDX | (sz) | BPF_MEM, d, s, o, 0)
#define STX(sz, d, s, o)	INSN(BPF_STX | (sz) | BPF_MEM, d, s, o, 0)
#define ST(sz, d, o, i)		INSN(BPF_ST | (sz) | BPF_MEM, d, 0, o, i)
#define ALU64_IMM(op, d, i)	INSN(BPF_ALU64 | (op) | BPF_K, d, 0, 0, i)
#define ALU32_IMM(op, d, i)	INSN(BPF_ALU | (op) | BPF_K, d, 0, 0, i)
#define ALU64_REG(op, d, s)	INSN(BPF_ALU64 | (op) | BPF_X, d, s, 0, 0)
#define MOV64_REG(d, s)		ALU64_REG(BPF_MOV, d, s)
#define MOV32_REG(d, s)		INSN(BPF_ALU | BPF_MOV | BPF_X, d, s, 0, 0)
#define MOV64_IMM(d, i)		ALU64_IMM(BPF_MOV, d, i)
#define MOV32_IMM(d, i)		ALU32_IMM(BPF_MOV, d, i)
#define JMP_IMM(op, d, i, o)	INSN(BPF_JMP | (op) | BPF_K, d, 0, o, i)
#define JMP_REG(op, d, s, o)	INSN(BPF_JMP | (op) | BPF_X, d, s, o, 0)
#define JMP32_REG(op, d, s, o)	INSN(BPF_JMP32 | (op) | BPF_X, d, s, o, 0)
#define JA(o)			INSN(BPF_JMP | BPF_JA, 0, 0, o, 0)
#define CALL(id)		INSN(BPF_JMP | BPF_CALL, 0, 0, 0, id)
#define EXIT()			INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)
/* r(d) = the map of file descriptor fd: two instructions */
#define LD_MAP_FD(d, fd)	INSN(BPF_LD | BPF_DW | BPF_IMM, d, BPF_PSEUDO_MAP_FD, 0, fd)
#define LD_HI0()		INSN(0, 0, 0, 0, 0)

#define NELEM(a)		(sizeof(a) / sizeof((a)[0]))
#define MAX_RULES		16
#define ACC_ALL			(BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE | \
				 BPF_DEVCG_ACC_MKNOD)

/* A rule: type 'a', 'b' or 'c', -1 for "*", access bits BPF_DEVCG_ACC_* */
struct dev {
	bool allow;
	char type;
	long long major;
	long long minor;
	int acc;
};

struct prog {
	struct bpf_insn in[1024];
	unsigned int n;
	unsigned int fix[16];	/* jumps to the end of the current block */
	int nfix;
};

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

/* ---- the seed's random numbers (xorshift64*) ---- */

static unsigned long long rng;

static unsigned int rnd(unsigned int n)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return ((rng * 2685821657736338717ULL) >> 32) % n;
}

/* ---- emitting, as devprog_test.c does ---- */

static void emit(struct prog *p, struct bpf_insn i)
{
	if (p->n >= NELEM(p->in)) {
		fprintf(stderr, "program too long\n");
		exit(1);
	}
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
		unsigned int f = p->fix[--p->nfix];

		p->in[f].off = p->n - f - 1;
	}
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
		emit_next(p, JMP_IMM(BPF_JNE, 4, (int)d->major, 0));
	if (d->minor >= 0)
		emit_next(p, JMP_IMM(BPF_JNE, 5, (int)d->minor, 0));
	emit(p, mov64 ? MOV64_IMM(0, d->allow) : MOV32_IMM(0, d->allow));
	emit(p, EXIT());
	block_end(p);
}

/* runc 1.1: one block per rule, in order, then the default */
static void gen_runc(struct prog *p, const struct dev *d, int n, bool def)
{
	int i;

	prologue(p, false);
	for (i = 0; i < n; i++) {
		emit_next(p, JMP_IMM(BPF_JNE, 2, dev_type(d[i].type), 0));
		if (d[i].acc != ACC_ALL) {
			emit(p, MOV32_REG(1, 3));
			emit(p, ALU32_IMM(BPF_AND, 1, d[i].acc));
			emit_next(p, JMP_REG(BPF_JNE, 1, 3, 0));
		}
		block_tail(p, &d[i], false);
	}
	emit(p, MOV32_IMM(0, def));
	emit(p, EXIT());
}

static bool is_catchall(const struct dev *d)
{
	return d->type == 'a' && d->major < 0 && d->minor < 0 &&
	       d->acc == ACC_ALL;
}

/* crun: the configured rules from the end; a catch-all ends it */
static void gen_crun(struct prog *p, const struct dev *d, int n)
{
	int i;

	prologue(p, false);
	for (i = n - 1; i >= 0; i--) {
		if (d[i].type != 'a')
			emit_next(p, JMP_IMM(BPF_JNE, 2, dev_type(d[i].type),
					     0));
		if (d[i].acc != ACC_ALL) {
			emit(p, MOV32_REG(1, 3));
			emit(p, ALU32_IMM(BPF_AND, 1, d[i].acc));
			emit_next(p, JMP_REG(BPF_JNE, 1, 3, 0));
		}
		block_tail(p, &d[i], true);
		if (is_catchall(&d[i]))
			return;
	}
	emit(p, MOV64_IMM(0, 0));
	emit(p, EXIT());
}

/* systemd: allow blocks, access test first, "goto pass" to one exit */
static void gen_systemd(struct prog *p, const struct dev *d, int n)
{
	unsigned int pass[MAX_RULES], np = 0, i;
	int k;

	prologue(p, false);
	for (k = 0; k < n; k++) {
		if (d[k].acc != ACC_ALL) {
			emit(p, MOV32_REG(1, 3));
			emit(p, ALU32_IMM(BPF_AND, 1, d[k].acc));
			emit_next(p, JMP_REG(BPF_JNE, 1, 3, 0));
		}
		emit_next(p, JMP_IMM(BPF_JNE, 2, dev_type(d[k].type), 0));
		if (d[k].major >= 0)
			emit_next(p, JMP_IMM(BPF_JNE, 4, (int)d[k].major, 0));
		if (d[k].minor >= 0)
			emit_next(p, JMP_IMM(BPF_JNE, 5, (int)d[k].minor, 0));
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
	unsigned int i;
	int k;

	prologue(p, true);
	for (k = n - 1; k >= 0; k--) {
		emit_next(p, JMP_IMM(BPF_JNE, 2, dev_type(d[k].type), 0));
		if (d[k].acc != ACC_ALL) {
			emit(p, MOV32_REG(2, 3));
			emit(p, ALU32_IMM(BPF_AND, 2, d[k].acc));
			emit_next(p, JMP32_REG(BPF_JNE, 2, 3, 0));
		}
		block_tail(p, &d[k], false);
	}
	for (i = 0; i < orig->n; i++)
		emit(p, orig->in[i]);
}

/* Documentation/devprog.rst's map shape, the map in @fd */
static void gen_map(struct prog *p, int fd)
{
	const struct bpf_insn in[] = {
		MOV64_REG(6, 1),
		LDX(BPF_W, 2, 6, 0),
		ALU32_IMM(BPF_AND, 2, 0xffff),
		STX(BPF_W, 10, 2, -12),
		LDX(BPF_W, 3, 6, 4),
		STX(BPF_W, 10, 3, -8),
		LDX(BPF_W, 3, 6, 8),
		STX(BPF_W, 10, 3, -4),
		LD_MAP_FD(1, fd),		/* 8 */
		LD_HI0(),
		MOV64_REG(2, 10),
		ALU64_IMM(BPF_ADD, 2, -12),
		CALL(BPF_FUNC_map_lookup_elem),
		JMP_IMM(BPF_JNE, 0, 0, 7),	/* 13: to found */
		ST(BPF_W, 10, -4, -1),
		LD_MAP_FD(1, fd),
		LD_HI0(),
		MOV64_REG(2, 10),
		ALU64_IMM(BPF_ADD, 2, -12),
		CALL(BPF_FUNC_map_lookup_elem),
		JMP_IMM(BPF_JEQ, 0, 0, 7),	/* 20: to deny */
		LDX(BPF_W, 1, 0, 0),		/* 21: found */
		LDX(BPF_W, 2, 6, 0),
		ALU32_IMM(BPF_RSH, 2, 16),
		ALU64_REG(BPF_AND, 1, 2),
		JMP_REG(BPF_JNE, 1, 2, 2),
		MOV64_IMM(0, 1),
		EXIT(),
		MOV64_IMM(0, 0),		/* 28: deny */
		EXIT(),
	};
	unsigned int i;

	for (i = 0; i < NELEM(in); i++)
		emit(p, in[i]);
}

/* One lookup of libvirt's program, its key in r1; @skip: to the exit */
static void libvirt_lookup(struct prog *p, int fd, short skip)
{
	const struct bpf_insn l[] = {
		STX(BPF_DW, 10, 1, -8),
		MOV64_REG(2, 10),
		ALU64_IMM(BPF_ADD, 2, -8),
		LD_MAP_FD(1, fd),
		LD_HI0(),
		CALL(BPF_FUNC_map_lookup_elem),
		MOV64_REG(1, 0),
		JMP_IMM(BPF_JEQ, 1, 0, 5),
		MOV64_IMM(0, 1),
		LDX(BPF_W, 2, 6, 0),
		LDX(BPF_W, 1, 1, 0),
		ALU64_REG(BPF_AND, 1, 2),
	};
	unsigned int i;

	for (i = 0; i < NELEM(l); i++)
		emit(p, l[i]);
	emit(p, JMP_REG(BPF_JEQ, 1, 2, skip));
}

/* libvirt: key major << 32 | minor, then minor, major, both "any" */
static void gen_libvirt(struct prog *p, int fd)
{
	emit(p, MOV64_REG(6, 1));
	emit(p, LDX(BPF_W, 1, 6, 8));
	emit(p, LDX(BPF_W, 2, 6, 4));
	emit(p, ALU64_IMM(BPF_LSH, 2, 32));
	emit(p, ALU64_REG(BPF_OR, 2, 1));
	emit(p, MOV64_REG(1, 2));
	libvirt_lookup(p, fd, 50);		/* 6..18, to the exit at 69 */
	emit(p, LDX(BPF_W, 1, 6, 4));
	emit(p, ALU64_IMM(BPF_LSH, 1, 32));
	emit(p, INSN(BPF_LD | BPF_DW | BPF_IMM, 2, 0, 0, 0xffffffff));
	emit(p, INSN(0, 0, 0, 0, 0));
	emit(p, ALU64_REG(BPF_OR, 1, 2));
	libvirt_lookup(p, fd, 32);		/* 24..36 */
	emit(p, LDX(BPF_W, 1, 6, 8));
	emit(p, INSN(BPF_LD | BPF_DW | BPF_IMM, 2, 0, 0, 0));
	emit(p, INSN(0, 0, 0, 0, 0xffffffff));
	emit(p, ALU64_REG(BPF_OR, 1, 2));
	libvirt_lookup(p, fd, 15);		/* 41..53 */
	emit(p, MOV64_IMM(1, -1));
	libvirt_lookup(p, fd, 1);		/* 55..67 */
	emit(p, MOV64_IMM(0, 0));
	emit(p, EXIT());
}

/* ---- rules drawn from the seed ---- */

/* Numbers: devices that exist in a guest (mem 1:3 null ... 1:9 urandom,
 * 5:0 tty, 10:237 loop-control, loop b 7:*), some whose open fails with
 * ENXIO (a GPU, 180:*, no disk), and other minors now and then.
 */
static const struct num {
	char type;
	long long major;
	long long minors[4];
} nums[] = {
	{ 'c', 1, { 3, 5, 7, 8 } },	{ 'c', 1, { 9, 3, 5, 1 } },
	{ 'c', 5, { 0, 1, 2, 0 } },	{ 'c', 10, { 200, 229, 237, 237 } },
	{ 'c', 136, { 0, 1, 2, 3 } },	{ 'c', 180, { 0, 1, 2, 3 } },
	{ 'c', 195, { 0, 1, 254, 255 } }, { 'b', 7, { 0, 1, 2, 0 } },
	{ 'b', 1, { 0, 1, 3, 5 } },	{ 'b', 8, { 0, 1, 16, 0 } },
};

static const int accs[] = {
	BPF_DEVCG_ACC_READ, BPF_DEVCG_ACC_WRITE, BPF_DEVCG_ACC_MKNOD,
	BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE,
	BPF_DEVCG_ACC_WRITE | BPF_DEVCG_ACC_MKNOD,
	BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_MKNOD, ACC_ALL, ACC_ALL,
};

/* A random rule; @typeless: type 'a' may come, @wild_major: major '*' */
static struct dev random_dev(bool allow, bool typeless, bool wild_major)
{
	const struct num *x = &nums[rnd(NELEM(nums))];
	struct dev d = { .allow = allow, .type = x->type, .major = x->major };

	d.minor = x->minors[rnd(4)];
	if (typeless && !rnd(8))
		d.type = 'a';
	if (wild_major && !rnd(7))
		d.major = -1;
	if (!rnd(4))
		d.minor = -1;
	else if (!rnd(8))
		d.minor = rnd(300);
	d.acc = accs[rnd(NELEM(accs))];
	return d;
}

static bool same_key(const struct dev *a, const struct dev *b)
{
	return a->type == b->type && a->major == b->major &&
	       a->minor == b->minor;
}

/* @n rules, none with the (type, major, minor) of another */
static int random_unique(struct dev *d, int n, bool allow, bool wild_major)
{
	int i, k, tries;

	for (i = 0; i < n; i++) {
		for (tries = 0; tries < 100; tries++) {
			d[i] = random_dev(allow, false, wild_major);
			for (k = 0; k < i && !same_key(&d[k], &d[i]); k++)
				;
			if (k == i)
				break;
		}
		if (tries == 100)
			return i;
	}
	return n;
}

/* runc's order: major, minor, type, with * (-1) first and b before c */
static int runc_cmp(const void *x, const void *y)
{
	const struct dev *a = x, *b = y;

	if (a->major != b->major)
		return a->major < b->major ? -1 : 1;
	if (a->minor != b->minor)
		return a->minor < b->minor ? -1 : 1;
	return a->type - b->type;
}

/* A runc program's rules: @def is the default; the rules deny or allow */
static int random_runc(struct dev *d, bool *def, int min, int max)
{
	int n;

	*def = rnd(3) == 0;
	n = random_unique(d, min + rnd(max - min + 1), !*def, true);
	qsort(d, n, sizeof(*d), runc_cmp);
	return n;
}

/* ---- printing ---- */

/* The rules, kept until the program id is printed */
static FILE *out;

static void print_rule(bool allow, const struct dev *d, int acc)
{
	fprintf(out, "{\"allow\":%s,\"type\":\"%c\",\"major\":%lld,\"minor\":%lld,",
		allow ? "true" : "false", d->type, d->major, d->minor);
	fprintf(out, "\"access\":\"%s%s%s\"}\n",
		acc & BPF_DEVCG_ACC_READ ? "r" : "",
		acc & BPF_DEVCG_ACC_WRITE ? "w" : "",
		acc & BPF_DEVCG_ACC_MKNOD ? "m" : "");
}

static void print_default(bool allow)
{
	fprintf(out, "{\"default\":%s}\n", allow ? "true" : "false");
}

/* ---- the shapes: rules, program, and the rules in program order ---- */

static void shape_runc(struct prog *p)
{
	struct dev d[MAX_RULES];
	bool def;
	int i, n;

	n = random_runc(d, &def, 3, 9);
	gen_runc(p, d, n, def);
	for (i = 0; i < n; i++)
		print_rule(d[i].allow, &d[i], d[i].acc);
	print_default(def);
}

static void shape_crun(struct prog *p)
{
	struct dev d[MAX_RULES];
	bool bias;
	int i, n = 0, last;

	/* Docker's way: a catch-all first (allow, or deny), then rules
	 * mostly of the other verdict; or no catch-all at all.
	 */
	bias = rnd(2);
	if (rnd(3)) {
		d[n] = (struct dev){ !bias, 'a', -1, -1, ACC_ALL };
		n++;
	}
	last = n + 3 + rnd(7);
	for (; n < last; n++) {
		d[n] = random_dev(rnd(4) ? bias : !bias, true, true);
		if (is_catchall(&d[n]))
			d[n].acc = BPF_DEVCG_ACC_READ;
	}
	gen_crun(p, d, n);
	for (i = n - 1; i >= 0; i--) {
		if (is_catchall(&d[i])) {
			print_default(d[i].allow);
			return;
		}
		print_rule(d[i].allow, &d[i], d[i].acc);
	}
	print_default(false);
}

static void shape_systemd(struct prog *p)
{
	struct dev d[MAX_RULES];
	int i, n;

	n = 3 + rnd(8);
	for (i = 0; i < n; i++)
		d[i] = random_dev(true, false, true);
	gen_systemd(p, d, n);
	for (i = 0; i < n; i++)
		print_rule(true, &d[i], d[i].acc);
	print_default(false);
}

/*
 * Not a rule list: the verdict depends on who asks (a helper call,
 * bpf_get_current_uid_gid()), so no list of rules can say it; cgscope
 * must call it partial.  It allows uid 0, which the tests are, so its
 * "rules" for them are the default allow.
 */
static void shape_helper(struct prog *p)
{
	emit(p, CALL(BPF_FUNC_get_current_uid_gid));
	emit(p, ALU64_IMM(BPF_LSH, 0, 32));
	emit(p, JMP_IMM(BPF_JEQ, 0, 0, 2));
	emit(p, MOV64_IMM(0, 0));
	emit(p, EXIT());
	emit(p, MOV64_IMM(0, 1));
	emit(p, EXIT());
	print_default(true);
}

static void shape_nvidia(struct prog *p)
{
	static const long long gpu_minors[] = { 0, 1, 2, 254, 255, 3, 229 };
	static const long long gpu_majors[] = { 195, 195, 195, 10, 1, 180 };
	struct dev d[MAX_RULES], inner[MAX_RULES];
	static struct prog orig;
	int i, n, ni;
	bool def;

	ni = random_runc(inner, &def, 2, 6);
	gen_runc(&orig, inner, ni, def);
	n = 1 + rnd(4);
	for (i = 0; i < n; i++) {
		d[i] = (struct dev){ true, 'c', 0, 0, ACC_ALL };
		d[i].major = gpu_majors[rnd(NELEM(gpu_majors))];
		d[i].minor = gpu_minors[rnd(NELEM(gpu_minors))];
		if (!rnd(6))
			d[i].minor = -1;
	}
	/* the first device is the last block: partial access is safe there */
	if (rnd(2))
		d[0].acc = accs[rnd(NELEM(accs))];
	gen_nvidia(p, d, n, &orig);
	for (i = n - 1; i >= 0; i--)
		print_rule(true, &d[i], d[i].acc);
	for (i = 0; i < ni; i++)
		print_rule(inner[i].allow, &inner[i], inner[i].acc);
	print_default(def);
}

struct map_key {
	__u32 type;
	__u32 major;
	__u32 minor;
};

/* A hash map of @key_size bytes to a __u32, for up to MAX_RULES entries */
static int map_create(unsigned int key_size, const char *name)
{
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_HASH;
	attr.key_size = key_size;
	attr.value_size = sizeof(__u32);
	attr.max_entries = MAX_RULES;
	snprintf(attr.map_name, sizeof(attr.map_name), "%s", name);
	fd = sys_bpf(BPF_MAP_CREATE, &attr);
	if (fd < 0)
		perror("BPF_MAP_CREATE");
	return fd;
}

static int map_update(int fd, const void *key, __u32 val)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = (unsigned long)key;
	attr.value = (unsigned long)&val;
	attr.flags = BPF_ANY;
	if (sys_bpf(BPF_MAP_UPDATE_ELEM, &attr)) {
		perror("BPF_MAP_UPDATE_ELEM");
		return -1;
	}
	return 0;
}

static int shape_map(struct prog *p)
{
	struct dev d[MAX_RULES], any;
	struct map_key key;
	int i, k, n, fd;

	fd = map_create(sizeof(key), "shape_map");
	if (fd < 0)
		return -1;

	/* exact entries and ~0 ones; some of no access: they deny */
	n = random_unique(d, 4 + rnd(7), true, false);
	for (i = 0; i < n; i++) {
		if (!rnd(8))
			d[i].acc = 0;
		key = (struct map_key){ dev_type(d[i].type), d[i].major,
					d[i].minor };
		if (map_update(fd, &key, d[i].acc))
			return -1;
	}
	gen_map(p, fd);

	for (i = 0; i < n; i++) {
		if (d[i].minor < 0)
			continue;
		if (!d[i].acc) {
			print_rule(false, &d[i], ACC_ALL);
			continue;
		}
		print_rule(true, &d[i], d[i].acc);
		any = d[i];
		any.minor = -1;
		for (k = 0; k < n; k++)
			if (same_key(&d[k], &any) && (d[k].acc & ~d[i].acc))
				print_rule(false, &d[i], ACC_ALL);
	}
	for (i = 0; i < n; i++)
		if (d[i].minor < 0)
			print_rule(!!d[i].acc, &d[i], d[i].acc ?: ACC_ALL);
	print_default(false);
	return 0;
}

/* libvirt's lookup order: exact, any minor, any major, both any */
static int libvirt_rank(const struct dev *d)
{
	return (d->major < 0) * 2 + (d->minor < 0);
}

static int shape_libvirt(struct prog *p)
{
	struct dev d[MAX_RULES];
	int i, k, n, fd, rank;
	__u64 key;
	__u32 val;

	fd = map_create(sizeof(key), "shape_libvirt");
	if (fd < 0)
		return -1;
	n = 3 + rnd(6);
	for (i = 0; i < n; i++) {
		/* one entry per (major, minor) */
		do {
			d[i] = random_dev(true, true, true);
			if (!rnd(5))
				d[i].type = 'a';
			if (!rnd(4))
				d[i].major = -1;
			for (k = 0; k < i && (d[k].major != d[i].major ||
					      d[k].minor != d[i].minor); k++)
				;
		} while (k < i);
		key = (__u64)(__u32)d[i].major << 32 | (__u32)d[i].minor;
		val = (__u32)d[i].acc << 16 |
		      (d[i].type == 'a' ? BPF_DEVCG_DEV_CHAR | BPF_DEVCG_DEV_BLOCK :
		       dev_type(d[i].type));
		if (map_update(fd, &key, val))
			return -1;
	}
	gen_libvirt(p, fd);
	for (rank = 0; rank < 4; rank++)
		for (i = 0; i < n; i++)
			if (libvirt_rank(&d[i]) == rank)
				print_rule(true, &d[i], d[i].acc);
	print_default(false);
	return 0;
}

/* Load @p, attach it to @dir, print its id; -1 after saying why */
static int load_attach(const struct prog *p, const char *shape,
		       const char *dir)
{
	static char log[1 << 16];
	struct bpf_prog_info info;
	union bpf_attr attr;
	int cg, fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
	attr.insns = (unsigned long)p->in;
	attr.insn_cnt = p->n;
	attr.license = (unsigned long)"GPL";
	attr.log_buf = (unsigned long)log;
	attr.log_size = sizeof(log);
	attr.log_level = 1;
	snprintf(attr.prog_name, sizeof(attr.prog_name), "shape_%s", shape);
	fd = sys_bpf(BPF_PROG_LOAD, &attr);
	if (fd < 0) {
		fprintf(stderr, "BPF_PROG_LOAD: %s\n%s\n", strerror(errno), log);
		return -1;
	}

	cg = open(dir, O_RDONLY | O_DIRECTORY);
	if (cg < 0) {
		perror(dir);
		return -1;
	}
	memset(&attr, 0, sizeof(attr));
	attr.target_fd = cg;
	attr.attach_bpf_fd = fd;
	attr.attach_type = BPF_CGROUP_DEVICE;
	attr.attach_flags = BPF_F_ALLOW_MULTI;
	if (sys_bpf(BPF_PROG_ATTACH, &attr)) {
		perror("BPF_PROG_ATTACH");
		return -1;
	}

	memset(&info, 0, sizeof(info));
	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = fd;
	attr.info.info_len = sizeof(info);
	attr.info.info = (unsigned long)&info;
	if (sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr)) {
		perror("BPF_OBJ_GET_INFO_BY_FD");
		return -1;
	}
	printf("%u\n", info.id);
	return 0;
}

int main(int argc, char **argv)
{
	static struct prog p;
	unsigned long long seed;
	char *end, *rules;
	const char *shape;
	size_t len;

	if (argc == 4)
		seed = strtoull(argv[3], &end, 0);
	if (argc != 4 || !*argv[3] || *end) {
		fprintf(stderr, "usage: %s CGROUP_DIR runc|crun|systemd|nvidia|map|libvirt|helper SEED\n",
			argv[0]);
		return 2;
	}
	shape = argv[2];
	rng = seed * 0x9e3779b97f4a7c15ULL + 0x2545f4914f6cdd1dULL;
	rnd(1);

	out = open_memstream(&rules, &len);
	if (!out) {
		perror("open_memstream");
		return 1;
	}
	if (!strcmp(shape, "runc"))
		shape_runc(&p);
	else if (!strcmp(shape, "crun"))
		shape_crun(&p);
	else if (!strcmp(shape, "systemd"))
		shape_systemd(&p);
	else if (!strcmp(shape, "nvidia"))
		shape_nvidia(&p);
	else if (!strcmp(shape, "map") && shape_map(&p))
		return 1;
	else if (!strcmp(shape, "libvirt") && shape_libvirt(&p))
		return 1;
	else if (!strcmp(shape, "helper"))
		shape_helper(&p);
	if (!p.n) {
		fprintf(stderr, "unknown shape '%s'\n", shape);
		return 2;
	}
	if (fclose(out))
		return 1;
	if (!strcmp(argv[1], "-"))
		printf("0\n");
	else if (load_attach(&p, shape, argv[1]))
		return 1;
	fputs(rules, stdout);
	free(rules);
	return fflush(stdout) ? 1 : 0;
}
