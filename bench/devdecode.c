// SPDX-License-Identifier: GPL-2.0
/*
 * devdecode: how long cgscope takes to read a device program back as
 * rules.  Reads program PROG_ID from the kernel once (devprog_load: bpf(2)
 * and /proc/kallsyms), then decodes it REPS times (devprog_decode, what
 * cgscope devices, check and access do per program) and prints one line:
 *
 *   insns=N paths=N regions=N cells=N rules=N exact=0|1 load_ns=N
 *   decode_ns_min=N decode_ns_median=N
 *
 * usage: devdecode PROG_ID [REPS]   (default 11)
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "devprog.h"

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static int cmp_ull(const void *a, const void *b)
{
	unsigned long long x = *(const unsigned long long *)a;
	unsigned long long y = *(const unsigned long long *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	unsigned long long t, load_ns, *ns;
	struct devprog_source src;
	struct devprog_kprog kp;
	struct devprog dp = { 0 };
	char err[256];
	int reps = 11, i;
	unsigned int id;

	if (argc < 2 || argc > 3 || sscanf(argv[1], "%u", &id) != 1 ||
	    (argc == 3 && (sscanf(argv[2], "%d", &reps) != 1 || reps < 1))) {
		fprintf(stderr, "usage: %s PROG_ID [REPS]\n", argv[0]);
		return 2;
	}
	ns = calloc(reps, sizeof(*ns));
	if (!ns)
		return 1;
	t = now_ns();
	if (devprog_load(id, &kp, err, sizeof(err))) {
		fprintf(stderr, "devdecode: %s\n", err);
		return 1;
	}
	load_ns = now_ns() - t;
	devprog_kprog_source(&kp, &src);
	for (i = 0; i < reps; i++) {
		if (i)
			devprog_free(&dp);
		t = now_ns();
		if (devprog_decode(&src, &dp)) {
			fprintf(stderr, "devdecode: cannot decode program %u\n", id);
			return 1;
		}
		ns[i] = now_ns() - t;
	}
	qsort(ns, reps, sizeof(*ns), cmp_ull);
	printf("insns=%u paths=%u regions=%u cells=%llu rules=%u exact=%d load_ns=%llu decode_ns_min=%llu decode_ns_median=%llu\n",
	       kp.insn_cnt, dp.nr_paths, dp.nr_regions,
	       (unsigned long long)dp.nr_cells, dp.nr_rules, dp.exact,
	       load_ns, ns[0], ns[reps / 2]);
	devprog_free(&dp);
	devprog_kprog_free(&kp);
	free(ns);
	return 0;
}
