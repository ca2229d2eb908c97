// SPDX-License-Identifier: GPL-2.0
/*
 * cgtree: grow a nested cgroup v2 tree to N cgroups under BASE.
 *
 * The tree is the first N nodes, in breadth-first order, of a tree with
 * fan-out 10: node k (from 1) is BASE/.../n<k>, the child of node
 * (k - 1) / 10 (node 0 is BASE).  So 100 cgroups are two levels deep, 1000
 * three, 10000 four, and growing the tree from one size to the next only
 * adds cgroups.  Every node with children gets CONTROLLERS (such as
 * "+cpu +memory +pids") in its cgroup.subtree_control, parents first; it
 * must hold no process by then.  The leaves, one path a line, go to
 * LEAVES_FILE.
 *
 * usage: cgtree BASE N LEAVES_FILE [CONTROLLERS]
 * Prints: cgroups=N leaves=N depth=N
 */
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench.h"

#define FANOUT	10

static const char *base;

/* The path of node @k into @buf; its depth (BASE is 0). */
static int node_path(long k, char *buf, size_t len)
{
	char tail[32];
	int depth;

	if (!k) {
		snprintf(buf, len, "%s", base);
		return 0;
	}
	depth = node_path((k - 1) / FANOUT, buf, len) + 1;
	snprintf(tail, sizeof(tail), "/n%ld", k);
	if (strlen(buf) + strlen(tail) >= len)
		die("path too long");
	strcat(buf, tail);
	return depth;
}

static void write_file(const char *dir, const char *file, const char *s)
{
	char path[PATH_MAX + 64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		die("%s: %s", path, strerror(errno));
	n = write(fd, s, strlen(s));
	if (n != (ssize_t)strlen(s))
		die("writing \"%s\" to %s: %s", s, path,
		    n < 0 ? strerror(errno) : "short write");
	close(fd);
}

int main(int argc, char **argv)
{
	const char *controllers;
	long n, k, leaves = 0;
	int depth, max_depth = 0;
	char path[PATH_MAX];
	FILE *out;

	bench_prog = "cgtree";
	if (argc < 4 || argc > 5) {
		fprintf(stderr, "usage: cgtree BASE N LEAVES_FILE [CONTROLLERS]\n");
		return 2;
	}
	base = argv[1];
	n = strtol(argv[2], NULL, 10);
	controllers = argc == 5 ? argv[4] : "";
	if (n < 1)
		die("N: need a positive number");
	out = fopen(argv[3], "w");
	if (!out)
		die("%s: %s", argv[3], strerror(errno));

	if (mkdir(base, 0755) && errno != EEXIST)
		die("%s: %s", base, strerror(errno));
	for (k = 1; k <= n; k++) {
		depth = node_path(k, path, sizeof(path));
		if (mkdir(path, 0755) && errno != EEXIST)
			die("%s: %s", path, strerror(errno));
		if (depth > max_depth)
			max_depth = depth;
	}
	/* parents before children: a controller must be enabled above first */
	for (k = 0; *controllers && k * FANOUT + 1 <= n; k++) {
		node_path(k, path, sizeof(path));
		write_file(path, "cgroup.subtree_control", controllers);
	}
	for (k = 1; k <= n; k++) {
		if (k * FANOUT + 1 <= n)
			continue;
		node_path(k, path, sizeof(path));
		fprintf(out, "%s\n", path);
		leaves++;
	}
	if (fclose(out))
		die("%s: %s", argv[3], strerror(errno));
	printf("cgroups=%ld leaves=%ld depth=%d\n", n, leaves, max_depth);
	return 0;
}
