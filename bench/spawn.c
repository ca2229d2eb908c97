// SPDX-License-Identifier: GPL-2.0
/*
 * spawn: start N processes that only pause, spread evenly over the
 * cgroups listed in LEAVES_FILE (one path a line): task i goes to leaf
 * i * leaves / N.  Each child is created in its cgroup by clone3() with
 * CLONE_INTO_CGROUP, so no migration (and no cgroup_threadgroup_rwsem
 * write lock) is needed.  The children are forks of this small program
 * and share its pages: a thousand of them cost little more than their
 * kernel stacks and page tables.
 *
 * Prints "ready N" once every child exists, then stays to reap them; kill
 * them with cgroup.kill (they die with us too: PR_SET_PDEATHSIG).
 *
 * usage: spawn N LEAVES_FILE
 */
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/sched.h>

#include "bench.h"

#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP	0x200000000ULL
#endif

static pid_t spawn_into(int cgroup_fd)
{
	struct clone_args args = {
		.flags = CLONE_INTO_CGROUP,
		.exit_signal = SIGCHLD,
		.cgroup = (uint64_t)cgroup_fd,
	};
	long pid;

	/* no new stack: the child goes on like a fork()ed one */
	pid = syscall(SYS_clone3, &args, sizeof(args));
	if (pid < 0)
		die("clone3 into a cgroup: %s", strerror(errno));
	if (!pid) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		for (;;)
			pause();
	}
	return (pid_t)pid;
}

int main(int argc, char **argv)
{
	long n, i, nr_leaves = 0, cap = 1024, cur = -1;
	char line[PATH_MAX], **leaves;
	int fd = -1;
	FILE *in;

	bench_prog = "spawn";
	if (argc != 3) {
		fprintf(stderr, "usage: spawn N LEAVES_FILE\n");
		return 2;
	}
	n = strtol(argv[1], NULL, 10);
	if (n < 1)
		die("N: need a positive number");
	in = fopen(argv[2], "r");
	if (!in)
		die("%s: %s", argv[2], strerror(errno));
	leaves = xmalloc(cap * sizeof(*leaves));
	while (fgets(line, sizeof(line), in)) {
		line[strcspn(line, "\n")] = '\0';
		if (!*line)
			continue;
		if (nr_leaves == cap) {
			cap *= 2;
			leaves = realloc(leaves, cap * sizeof(*leaves));
			if (!leaves)
				die("out of memory");
		}
		leaves[nr_leaves] = strdup(line);
		if (!leaves[nr_leaves++])
			die("out of memory");
	}
	fclose(in);
	if (!nr_leaves)
		die("%s lists no cgroup", argv[2]);

	for (i = 0; i < n; i++) {
		long leaf = i * nr_leaves / n;

		if (leaf != cur) {
			if (fd >= 0)
				close(fd);
			fd = open(leaves[leaf], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			if (fd < 0)
				die("%s: %s", leaves[leaf], strerror(errno));
			cur = leaf;
		}
		spawn_into(fd);
	}
	if (fd >= 0)
		close(fd);
	printf("ready %ld\n", n);
	fflush(stdout);

	while (wait(NULL) > 0 || errno == EINTR)
		;
	return 0;
}
