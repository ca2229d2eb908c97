// SPDX-License-Identifier: GPL-2.0
/*
 * lat: latency of the operations cgscope must not slow down.
 *
 *   lat [-c CPU] [-o FILE] fork N   fork(), the child _exit()s,
 *                                   waitpid(): N times
 *   lat [-c CPU] [-o FILE] open N   open("/dev/null", O_RDONLY) + close():
 *                                   N times
 *   lat -c CPU spin       spin in user space until killed: the CPU-hog
 *                         control, so that what a concurrent dump loop
 *                         costs can be told from what any busy CPU costs
 *                         under QEMU TCG (one host thread runs every vCPU)
 *
 * Each operation is timed alone (CLOCK_MONOTONIC) after a short warm-up;
 * the children of "fork" inherit the pinning, so they stay on CPU.  Prints
 *   n=N median_ns=N p90_ns=N p99_ns=N mean_ns=N min_ns=N max_ns=N
 * and with -o appends every sample (ns, one a line, in order) to FILE, so
 * that runs taken in turns with other loads can be pooled.
 */
#include <fcntl.h>
#include <getopt.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

#define LAT_WARMUP	50

static uint64_t one_fork(void)
{
	uint64_t t0 = now_ns();
	int status;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (!pid)
		_exit(0);
	if (waitpid(pid, &status, 0) != pid)
		die("waitpid: %s", strerror(errno));
	return now_ns() - t0;
}

static uint64_t one_open(void)
{
	uint64_t t0 = now_ns();
	int fd;

	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die("/dev/null: %s", strerror(errno));
	close(fd);
	return now_ns() - t0;
}

static void __attribute__((noreturn)) spin(void)
{
	volatile uint64_t x = 0;

	for (;;)
		x++;
}

int main(int argc, char **argv)
{
	const char *mode, *raw = NULL;
	uint64_t (*op)(void);
	uint64_t *v, sum = 0;
	int cpu = -1, c;
	long n = 0, i;
	FILE *f;

	bench_prog = "lat";
	while ((c = getopt(argc, argv, "+c:o:")) != -1) {
		switch (c) {
		case 'c':
			cpu = (int)strtol(optarg, NULL, 10);
			break;
		case 'o':
			raw = optarg;
			break;
		default:
			goto usage;
		}
	}
	if (optind >= argc)
		goto usage;
	mode = argv[optind];
	pin_cpu(cpu);
	if (!strcmp(mode, "spin"))
		spin();
	if (!strcmp(mode, "fork"))
		op = one_fork;
	else if (!strcmp(mode, "open"))
		op = one_open;
	else
		goto usage;
	if (optind + 1 < argc)
		n = strtol(argv[optind + 1], NULL, 10);
	if (n < 1)
		goto usage;

	v = xmalloc(n * sizeof(*v));
	for (i = 0; i < LAT_WARMUP; i++)
		op();
	for (i = 0; i < n; i++) {
		v[i] = op();
		sum += v[i];
	}
	if (raw) {
		f = fopen(raw, "a");
		if (!f)
			die("%s: %s", raw, strerror(errno));
		for (i = 0; i < n; i++)
			fprintf(f, "%llu\n", (unsigned long long)v[i]);
		if (fclose(f))
			die("%s: %s", raw, strerror(errno));
	}
	qsort(v, n, sizeof(*v), cmp_u64);
	printf("n=%ld median_ns=%llu p90_ns=%llu p99_ns=%llu mean_ns=%llu min_ns=%llu max_ns=%llu\n",
	       n, (unsigned long long)median(v, n),
	       (unsigned long long)quantile(v, n, 0.90),
	       (unsigned long long)quantile(v, n, 0.99),
	       (unsigned long long)(sum / n), (unsigned long long)v[0],
	       (unsigned long long)v[n - 1]);
	free(v);
	return 0;

usage:
	fprintf(stderr, "usage: lat [-c CPU] [-o FILE] fork|open N\n       lat -c CPU spin\n");
	return 2;
}
