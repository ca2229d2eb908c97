// SPDX-License-Identifier: GPL-2.0
// TEST_OBJS: devpolicy.o devprog.o devprog_box.o devprog_rules.o devprog_gen.o
/*
 * Unit test of devpolicy: layers (a v1 exception list, programs given as
 * decoded rule lists) combined into one devices.list rule list.  The
 * independent side is the layers themselves: at every cut point of every
 * rule, one either side, and 100000 random points, each request answered
 * by the combined rules must equal every layer asked in turn (v1 by the
 * kernel's rules as written here again, programs by first match).  Known
 * combinations must also read as expected (runc's m-for-all, a hidden
 * v1 deny, a GPU major).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devpolicy.h"
#include "tests/unit.h"

#define ANY	0xffffffffU
#define ACC_M	BPF_DEVCG_ACC_MKNOD
#define ACC_R	BPF_DEVCG_ACC_READ
#define ACC_W	BPF_DEVCG_ACC_WRITE
#define RWM	(ACC_M | ACC_R | ACC_W)

static __u8 closure(__u8 l)
{
	__u8 req = 0, a;

	for (a = 1; a <= 7; a++)
		if (!(a & ~l))
			req |= DEVPROG_REQ(a);
	return req;
}

static __u8 touching(__u8 l)
{
	__u8 req = 0, a;

	for (a = 1; a <= 7; a++)
		if (a & l)
			req |= DEVPROG_REQ(a);
	return req;
}

/* A program rule: numbers ANY for "*" */
static struct devprog_rule R(bool allow, char type, __u32 maj, __u32 min,
			     __u8 acc)
{
	return (struct devprog_rule){
		.allow = allow, .type = type, .access = acc,
		.requests = closure(acc),
		.major_lo = maj == ANY ? 0 : maj,
		.major_hi = maj,
		.minor_lo = min == ANY ? 0 : min,
		.minor_hi = min,
	};
}

static struct devprog prog(bool default_allow, struct devprog_rule *rules,
			   unsigned int n)
{
	return (struct devprog){
		.exact = true, .ordered = true,
		.default_allow = default_allow,
		.nr_rules = n, .rules = rules,
	};
}

/* The layers asked one by one: what the combined rules must equal */
static bool layers_allow(const struct devpolicy_v1 *v1,
			 const struct devprog *const *p, unsigned int n,
			 __u8 type, __u32 maj, __u32 min, __u8 acc)
{
	unsigned int i;
	int rule;

	if (!devpolicy_v1_allows(v1, type, maj, min, acc, &rule))
		return false;
	for (i = 0; i < n; i++)
		if (devprog_eval(p[i], type, maj, min, acc, &rule) != 1)
			return false;
	return true;
}

static unsigned long long seed = 88172645463325252ULL;

static __u32 rnd(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (__u32)seed;
}

/* Interesting numbers: every rule end, either side of it, and a few */
static unsigned int points(const struct devpolicy_v1 *v1,
			   const struct devprog *const *p, unsigned int n,
			   bool major, __u32 *out, unsigned int max)
{
	unsigned int k = 0, i, j;

#define ADD(x) do { if (k < max) out[k++] = (x); } while (0)
	ADD(0);
	ADD(1);
	ADD(ANY);
	ADD(ANY - 1);
	for (i = 0; v1 && i < v1->nr; i++) {
		__u32 x = major ? v1->exc[i].major : v1->exc[i].minor;

		ADD(x);
		ADD(x - 1);
		ADD(x + 1);
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < p[i]->nr_rules; j++) {
			const struct devprog_rule *r = &p[i]->rules[j];
			__u32 lo = major ? r->major_lo : r->minor_lo;
			__u32 hi = major ? r->major_hi : r->minor_hi;

			ADD(lo);
			ADD(lo - 1);
			ADD(hi);
			ADD(hi + 1);
		}
#undef ADD
	return k;
}

/* A request the kernel makes: m (mknod), r, w or rw (open) */
static bool asked(__u8 a)
{
	return a == 1 || a == 2 || a == 4 || a == 6;
}

/* Combine, then compare with the layers on every request the kernel makes,
 * everywhere it matters.
 */
static void exhaust(const char *name, const struct devpolicy_v1 *v1,
		    const struct devprog *const *p, unsigned int n,
		    struct devpolicy *pol)
{
	static __u32 maj[4096], min[4096];
	unsigned int nmaj, nmin, i, j, bad = 0, tried = 0;
	__u8 t, a;

	check(devpolicy_build(v1, p, n, pol) == 0, name, "build failed");
	check(pol->exact, name, "not exact: %s", pol->reason);
	if (!pol->exact)
		return;
	nmaj = points(v1, p, n, true, maj, 4096);
	nmin = points(v1, p, n, false, min, 4096);
	for (i = 0; i < nmaj; i++)
		for (j = 0; j < nmin; j++)
			for (t = 1; t <= 2; t++)
				for (a = 1; a <= 7; a++) {
					if (!asked(a))
						continue;
					tried++;
					bad += devpolicy_allows(pol, t, maj[i], min[j], a) !=
					       layers_allow(v1, p, n, t, maj[i], min[j], a);
				}
	for (i = 0; i < 100000; i++) {
		__u32 M = rnd() % 4 ? rnd() % 300 : rnd();
		__u32 m = rnd() % 4 ? rnd() % 300 : rnd();

		t = 1 + rnd() % 2;
		do
			a = 1 + rnd() % 7;
		while (!asked(a));
		tried++;
		bad += devpolicy_allows(pol, t, M, m, a) !=
		       layers_allow(v1, p, n, t, M, m, a);
	}
	check(!bad, name, "%u of %u requests differ from the layers", bad,
	      tried);
}

/* The rules as strings, one line each, for expected outputs */
static void rules_str(const struct devpolicy *pol, char *buf, size_t len)
{
	char one[DEVPROG_RULE_STRLEN];
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < pol->nr_rules; i++) {
		devprog_rule_str(&pol->rules[i], one, sizeof(one));
		snprintf(buf + strlen(buf), len - strlen(buf), "%s%s",
			 i ? "; " : "", one);
	}
}

static void expect_rules(const char *name, const struct devpolicy *pol,
			 bool default_allow, const char *want)
{
	char got[4096];

	rules_str(pol, got, sizeof(got));
	check(pol->default_allow == default_allow, name, "default %s",
	      pol->default_allow ? "allow" : "deny");
	check(!strcmp(got, want), name, "rules '%s', want '%s'", got, want);
}

static void test_runc_like(void)
{
	/* runc emits the last rule first: here written in match order */
	struct devprog_rule r[] = {
		R(true, 'c', 136, ANY, RWM),
		R(true, 'c', 1, 3, RWM),
		R(true, 'c', 1, 5, RWM),
		R(true, 'c', ANY, ANY, ACC_M),
		R(true, 'b', ANY, ANY, ACC_M),
	};
	struct devprog p = prog(false, r, 5);
	const struct devprog *ps[] = { &p };
	struct devpolicy pol;

	exhaust("runc-like", NULL, ps, 1, &pol);
	expect_rules("runc-like", &pol, false,
		     "a *:* m; c 1:3 rwm; c 1:5 rwm; c 136:* rwm");
	devpolicy_free(&pol);
}

static void test_gpu_and_v1(void)
{
	/* v1 default allow with a hidden deny, and a program */
	struct devpolicy_exc exc[] = {
		{ 'c', 10, 229, ACC_W },
		{ 'b', ANY, ANY, ACC_M },
	};
	struct devpolicy_v1 v1 = { true, true, 2, exc };
	struct devprog_rule r[] = {
		R(false, 'c', 195, 255, RWM),
		R(true, 'c', 195, ANY, ACC_R | ACC_W),
		R(true, 'c', 10, 229, RWM),
		R(true, 'c', 1, ANY, RWM),
		R(true, 'b', 8, ANY, ACC_R),
	};
	struct devprog p = prog(false, r, 5);
	const struct devprog *ps[] = { &p };
	struct devpolicy pol;

	exhaust("gpu+v1", &v1, ps, 1, &pol);
	expect_rules("gpu+v1", &pol, false,
		     "b 8:* r; c 1:* rwm; c 10:229 rm; c 195:0-254 rw; "
		     "c 195:256-4294967295 rw");
	devpolicy_free(&pol);

	/* v1 alone, default allow: the deny form, as written */
	exhaust("v1 allow", &v1, NULL, 0, &pol);
	expect_rules("v1 allow", &pol, true, "b *:* m; c 10:229 w");
	devpolicy_free(&pol);
}

static void test_two_programs(void)
{
	/* every program must allow: an allow-all and a deny-list */
	struct devprog_rule a[] = { R(true, 'a', ANY, ANY, RWM) };
	struct devprog_rule d[] = {
		R(false, 'c', 1, 11, ACC_W),
		R(false, 'b', 7, ANY, RWM),
	};
	struct devprog pa = prog(false, a, 1), pd = prog(true, d, 2);
	const struct devprog *ps[] = { &pa, &pd };
	struct devpolicy pol;

	/* deny rules deny every request that asks for one of their bits */
	d[0].requests = touching(ACC_W);
	d[1].requests = touching(RWM);

	exhaust("two programs", NULL, ps, 2, &pol);
	expect_rules("two programs", &pol, true, "b 7:* rwm; c 1:11 w");
	devpolicy_free(&pol);
}

static void test_deny_list(void)
{
	/* runc's program for a broad allow with denies after it (the
	 * "denyafter" case of devcg_runtimes.sh): a rule matches the
	 * requests within its letters, so "deny b 8:* rw" leaves m alone.
	 * On the requests the kernel makes that is devices.list's deny rule.
	 * (A "deny ... w" alone would still let rw through: no deny form.)
	 */
	struct devprog_rule r[] = {
		R(false, 'b', 8, ANY, ACC_R | ACC_W),
		R(false, 'c', 10, 229, RWM),
		R(false, 'c', 195, ANY, ACC_R | ACC_W),
	};
	struct devprog p = prog(true, r, 3);
	const struct devprog *ps[] = { &p };
	struct devpolicy pol;

	exhaust("deny list", NULL, ps, 1, &pol);
	expect_rules("deny list", &pol, true,
		     "b 8:* rw; c 10:229 rwm; c 195:* rw");
	devpolicy_free(&pol);
}

static void test_odd_requests(void)
{
	/* allows rw together but not r alone: no downward-closed rule */
	struct devprog_rule r[] = {
		R(false, 'c', 4, 1, ACC_R),
		R(true, 'c', 4, 1, ACC_R | ACC_W),
	};
	struct devprog p = prog(false, r, 2);
	const struct devprog *ps[] = { &p };
	struct devpolicy pol;

	r[0].requests = DEVPROG_REQ(ACC_R);	/* r alone only */
	exhaust("odd requests", NULL, ps, 1, &pol);
	expect_rules("odd requests", &pol, false, "c 4:1 {w,rw}");
	devpolicy_free(&pol);
}

static void test_random(void)
{
	static const __u32 majs[] = { 1, 4, 5, 10, 136, 195, 250, ANY };
	static const __u32 mins[] = { 0, 1, 3, 5, 229, 255, ANY };
	struct devprog_rule rules[3][24];
	struct devpolicy_exc exc[8];
	struct devprog p[3];
	const struct devprog *ps[3];
	struct devpolicy_v1 v1;
	struct devpolicy pol;
	char name[32];
	int round, i, k;

	for (round = 0; round < 60; round++) {
		int np = rnd() % 4;

		for (k = 0; k < np; k++) {
			int n = 1 + rnd() % 24;

			for (i = 0; i < n; i++)
				rules[k][i] = R(rnd() % 3, "abc"[rnd() % 3],
						majs[rnd() % 8], mins[rnd() % 7],
						1 + rnd() % 7);
			p[k] = prog(rnd() % 2, rules[k], n);
			ps[k] = &p[k];
		}
		v1 = (struct devpolicy_v1){ rnd() % 2, rnd() % 2,
					    rnd() % 8, exc };
		for (i = 0; i < (int)v1.nr; i++)
			exc[i] = (struct devpolicy_exc){
				"bc"[rnd() % 2], majs[rnd() % 8],
				mins[rnd() % 7], 1 + rnd() % 7 };
		snprintf(name, sizeof(name), "random %d", round);
		exhaust(name, &v1, ps, np, &pol);
		devpolicy_free(&pol);
	}
}

int main(void)
{
	test_runc_like();
	test_gpu_and_v1();
	test_two_programs();
	test_deny_list();
	test_odd_requests();
	test_random();
	return unit_done();
}
