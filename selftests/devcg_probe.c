// SPDX-License-Identifier: GPL-2.0
/*
 * devcg_probe: ask the kernel itself whether device accesses are allowed
 * in a cgroup, by doing them.
 *
 *   devcg_probe [-e] DIR [PROCS_FILE...] < queries
 *
 * Each query line is "TYPE MAJOR MINOR ACCESS" with TYPE c or b and ACCESS
 * one of r, w, rw (an open() of a node with those numbers) or m (a
 * mknod()).  The probe makes one node per query in DIR first, then joins
 * the cgroups whose cgroup.procs/tasks files are given, then tries every
 * query and prints "allowed" or "denied" per line: EPERM is denied; any
 * other outcome (success, or ENXIO for a node with no driver) means the
 * device cgroup let the access through.  With -e each verdict is followed
 * by the errno of the attempt (0: the open or mknod succeeded).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

struct query {
	char type;
	unsigned int major, minor;
	char access[4];
};

static void die(const char *what)
{
	perror(what);
	exit(2);
}

int main(int argc, char **argv)
{
	struct query *q = NULL;
	size_t n = 0, cap = 0, i;
	char line[256], path[4096];
	bool with_errno = false;
	const char *dir;

	if (argc > 1 && !strcmp(argv[1], "-e")) {
		with_errno = true;
		argv++;
		argc--;
	}
	if (argc < 2) {
		fprintf(stderr, "usage: %s [-e] DIR [PROCS_FILE...] < queries\n", argv[0]);
		return 2;
	}
	dir = argv[1];

	while (fgets(line, sizeof(line), stdin)) {
		struct query x;

		if (sscanf(line, " %c %u %u %3s", &x.type, &x.major, &x.minor,
			   x.access) != 4 || (x.type != 'c' && x.type != 'b')) {
			fprintf(stderr, "bad query: %s", line);
			return 2;
		}
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			q = realloc(q, cap * sizeof(*q));
			if (!q)
				die("realloc");
		}
		q[n++] = x;
	}

	/* the nodes, made while still outside the cgroups */
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/n%zu", dir, i);
		unlink(path);
		if (mknod(path, (q[i].type == 'c' ? S_IFCHR : S_IFBLK) | 0666,
			  makedev(q[i].major, q[i].minor)))
			die("mknod (setup)");
	}

	for (i = 2; i < (size_t)argc; i++) {
		FILE *f = fopen(argv[i], "w");

		if (!f || fprintf(f, "%d\n", getpid()) < 0 || fclose(f))
			die(argv[i]);
	}

	for (i = 0; i < n; i++) {
		int err = 0, fd;

		if (!strcmp(q[i].access, "m")) {
			snprintf(path, sizeof(path), "%s/m%zu", dir, i);
			unlink(path);
			if (mknod(path, (q[i].type == 'c' ? S_IFCHR : S_IFBLK) | 0600,
				  makedev(q[i].major, q[i].minor)))
				err = errno;
			unlink(path);
		} else {
			int flags = !strcmp(q[i].access, "r") ? O_RDONLY :
				    !strcmp(q[i].access, "w") ? O_WRONLY : O_RDWR;

			snprintf(path, sizeof(path), "%s/n%zu", dir, i);
			fd = open(path, flags | O_NONBLOCK | O_NOCTTY);
			if (fd < 0)
				err = errno;
			else
				close(fd);
		}
		if (with_errno)
			printf("%s %d\n", err == EPERM ? "denied" : "allowed", err);
		else
			printf("%s\n", err == EPERM ? "denied" : "allowed");
	}
	free(q);
	return 0;
}
