// SPDX-License-Identifier: GPL-2.0
/*
 * cgfs_walk: the reference for nlsnap, the same information gathered the
 * usual way, without cgscope: walk every directory of the v2 hierarchy and
 * read its cgroup.procs, cgroup.controllers, cgroup.subtree_control and
 * cgroup.stat, then read /proc/PID/cgroup of every process.
 *
 * The walk is as cheap as a careful tool makes it: directories are found
 * by readdir()'s d_type (no stat() of the many interface files), every
 * file is opened relative to its directory's descriptor, and read into one
 * reused buffer; lines of cgroup.procs are counted as a light parse.
 *
 * Prints one line per walk:
 *   ns=N bytes=N cgroups=N files=N pids=N procs=N errors=N
 * (files: files read; pids: lines of all cgroup.procs; procs:
 * /proc/PID/cgroup files read; errors: files that vanished or failed).
 *
 * usage: cgfs_walk [-n REPS] [-c CPU] [-r ROOT]   (ROOT: /sys/fs/cgroup)
 */
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <getopt.h>
#include <unistd.h>

#include "bench.h"

#define WALK_BUF_SIZE	(64 * 1024)

struct walk {
	uint64_t bytes;
	uint64_t cgroups;
	uint64_t files;
	uint64_t pids;
	uint64_t procs;
	uint64_t errors;
	char *buf;
};

static const char *const cgroup_files[] = {
	"cgroup.procs",
	"cgroup.controllers",
	"cgroup.subtree_control",
	"cgroup.stat",
};

/* Read @name in @dirfd to its end; count its lines into @lines if given. */
static void read_at(int dirfd, const char *name, struct walk *w,
		    uint64_t *lines)
{
	ssize_t n, i;
	int fd;

	fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		w->errors++;
		return;
	}
	w->files++;
	while ((n = read(fd, w->buf, WALK_BUF_SIZE)) > 0) {
		w->bytes += n;
		if (!lines)
			continue;
		for (i = 0; i < n; i++)
			*lines += w->buf[i] == '\n';
	}
	if (n < 0)
		w->errors++;
	close(fd);
}

/* One cgroup (the directory @dirfd, which we close) and its descendants. */
static void walk_cgroup(int dirfd, struct walk *w)
{
	struct dirent *de;
	size_t i;
	DIR *d;

	w->cgroups++;
	for (i = 0; i < ARRAY_SIZE(cgroup_files); i++)
		read_at(dirfd, cgroup_files[i], w, i == 0 ? &w->pids : NULL);

	d = fdopendir(dirfd);
	if (!d) {
		close(dirfd);
		w->errors++;
		return;
	}
	while ((de = readdir(d))) {
		int fd;

		if (de->d_type != DT_DIR || !strcmp(de->d_name, ".") ||
		    !strcmp(de->d_name, ".."))
			continue;
		fd = openat(dirfd, de->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0) {
			w->errors++;	/* removed meanwhile */
			continue;
		}
		walk_cgroup(fd, w);
	}
	closedir(d);
}

static void walk_procs(struct walk *w)
{
	struct dirent *de;
	char name[sizeof(de->d_name) + 8];
	DIR *d;

	d = opendir("/proc");
	if (!d)
		die("/proc: %s", strerror(errno));
	while ((de = readdir(d))) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		snprintf(name, sizeof(name), "%s/cgroup", de->d_name);
		read_at(dirfd(d), name, w, NULL);
		w->procs++;
	}
	closedir(d);
}

int main(int argc, char **argv)
{
	const char *root = "/sys/fs/cgroup";
	int cpu = -1, c, fd;
	long reps = 1, i;
	struct walk w;
	uint64_t t0;
	char *buf;

	bench_prog = "cgfs_walk";
	while ((c = getopt(argc, argv, "n:c:r:")) != -1) {
		switch (c) {
		case 'n':
			reps = strtol(optarg, NULL, 10);
			break;
		case 'c':
			cpu = (int)strtol(optarg, NULL, 10);
			break;
		case 'r':
			root = optarg;
			break;
		default:
			fprintf(stderr, "usage: cgfs_walk [-n REPS] [-c CPU] [-r ROOT]\n");
			return 2;
		}
	}
	if (reps < 1)
		die("-n: need a positive number");
	pin_cpu(cpu);
	buf = xmalloc(WALK_BUF_SIZE);

	for (i = 0; i < reps; i++) {
		memset(&w, 0, sizeof(w));
		w.buf = buf;
		t0 = now_ns();
		fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			die("%s: %s", root, strerror(errno));
		walk_cgroup(fd, &w);
		walk_procs(&w);
		printf("ns=%llu bytes=%llu cgroups=%llu files=%llu pids=%llu procs=%llu errors=%llu\n",
		       (unsigned long long)(now_ns() - t0),
		       (unsigned long long)w.bytes,
		       (unsigned long long)w.cgroups,
		       (unsigned long long)w.files,
		       (unsigned long long)w.pids,
		       (unsigned long long)w.procs,
		       (unsigned long long)w.errors);
		fflush(stdout);
	}
	free(buf);
	return 0;
}
