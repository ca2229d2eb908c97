// SPDX-License-Identifier: GPL-2.0
/*
 * Resolve a cgroup directory given on the command line.
 *
 * The cgroup id is the inode number of the directory (kernfs uses the
 * cgroup's kernfs node id as inode number).  The hierarchy comes from the
 * file system: cgroup2 is hierarchy 0; on a v1 mount, the mount's super
 * options name its controllers (whose hierarchy /proc/cgroups gives) or its
 * name= (which the kernel's list of hierarchies gives).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <linux/magic.h>
#include <libmount/libmount.h>

#include "main.h"
#include "path.h"
#include "root.h"

#define MOUNTINFO	"/proc/self/mountinfo"
#define PROC_CGROUPS	"/proc/cgroups"

/* Whether mount point @mnt holds @path; both are canonical. */
static bool mount_holds(const char *mnt, const char *path)
{
	size_t len = strlen(mnt);

	if (!strcmp(mnt, "/"))
		return true;
	return !strncmp(mnt, path, len) &&
	       (path[len] == '/' || path[len] == '\0');
}

/* One mount of /proc/self/mountinfo */
struct mountinfo {
	unsigned int major, minor;
	const char *root;	/* the mounted directory, from its fs's root */
	const char *mnt;	/* where it is mounted */
	const char *fstype;
	const char *sopts;	/* super options */
};

/*
 * Call @fn for each mount of /proc/self/mountinfo (read by libmount, which
 * undoes its octal escapes), in order, until it returns nonzero.
 * Return: that value, 0 at the end, or -errno.
 */
static int mountinfo_each(int (*fn)(const struct mountinfo *mi, void *arg),
			  void *arg)
{
	struct libmnt_table *tb;
	struct libmnt_iter *it;
	struct libmnt_fs *fs;
	int ret = 0;

	errno = 0;
	tb = mnt_new_table_from_file(MOUNTINFO);
	if (!tb)
		return errno ? -errno : -EINVAL;
	it = mnt_new_iter(MNT_ITER_FORWARD);
	if (!it) {
		mnt_unref_table(tb);
		return -ENOMEM;
	}
	while (!ret && !mnt_table_next_fs(tb, it, &fs)) {
		dev_t dev = mnt_fs_get_devno(fs);
		struct mountinfo mi = {
			.major = major(dev),
			.minor = minor(dev),
			.root = mnt_fs_get_root(fs),
			.mnt = mnt_fs_get_target(fs),
			.fstype = mnt_fs_get_fstype(fs),
			.sopts = mnt_fs_get_fs_options(fs),
		};

		if (!mi.root || !mi.mnt || !mi.fstype)
			continue;
		if (!mi.sopts)
			mi.sopts = "";
		ret = fn(&mi, arg);
	}
	mnt_free_iter(it);
	mnt_unref_table(tb);
	return ret;
}

struct find_mount_arg {
	const char *path;
	char **fstype, **opts;
	size_t best;
	bool found;
};

static int find_mount_one(const struct mountinfo *mi, void *arg)
{
	struct find_mount_arg *a = arg;

	if (!mount_holds(mi->mnt, a->path) ||
	    (a->found && strlen(mi->mnt) < a->best))
		return 0;
	free(*a->fstype);
	free(*a->opts);
	*a->fstype = xstrdup(mi->fstype);
	*a->opts = xstrdup(mi->sopts);
	a->best = strlen(mi->mnt);
	a->found = true;
	return 0;
}

/*
 * Find the mount that holds @path: the longest mount point that is a
 * prefix of it, the last one listed when several are stacked.  Sets
 * *@fstype and *@opts (super options) to new strings.
 */
static int find_mount(const char *path, char **fstype, char **opts)
{
	struct find_mount_arg a = {
		.path = path, .fstype = fstype, .opts = opts,
	};
	int err = mountinfo_each(find_mount_one, &a);

	if (err)
		return err;
	return a.found ? 0 : -ENOENT;
}

struct on_mount_arg {
	unsigned int major, minor;
	const char *fs_path;
	char *best;
	size_t best_root;
};

static int on_mount_one(const struct mountinfo *mi, void *arg)
{
	struct on_mount_arg *a = arg;
	size_t len = strlen(mi->root);
	const char *rest;

	if (mi->major != a->major || mi->minor != a->minor)
		return 0;
	if (!strcmp(mi->root, "/"))
		len = 0;
	else if (strncmp(mi->root, a->fs_path, len) ||
		 (a->fs_path[len] != '/' && a->fs_path[len] != '\0'))
		return 0;
	if (a->best && len <= a->best_root)
		return 0;	/* the first mount of the deepest root wins */
	rest = a->fs_path + len;
	free(a->best);
	a->best = xmalloc(strlen(mi->mnt) + strlen(rest) + 2);
	if (!strcmp(mi->mnt, "/"))
		strcpy(a->best, *rest ? rest : "/");
	else
		sprintf(a->best, "%s%s", mi->mnt, rest);
	a->best_root = len;
	return 0;
}

/**
 * path_on_mount() - where a file of a file system is seen here
 * @major: the file system's device
 * @minor: the file system's device
 * @fs_path: the file's path from the file system's root
 *
 * Return: a new string, the path through a mount of that file system whose
 * mounted directory holds @fs_path (the deepest such directory); NULL when
 * none is mounted here.
 */
char *path_on_mount(unsigned int major, unsigned int minor,
		    const char *fs_path)
{
	struct on_mount_arg a = {
		.major = major, .minor = minor, .fs_path = fs_path,
	};

	if (mountinfo_each(on_mount_one, &a) < 0) {
		free(a.best);
		return NULL;
	}
	return a.best;
}

/* The v1 hierarchy of controller @ctrl per /proc/cgroups, 0 if none. */
static __u32 proc_cgroups_hier(const char *ctrl)
{
	char name[64];
	unsigned int hier, num, enabled;
	__u32 ret = 0;
	char line[256];
	FILE *f;

	f = fopen(PROC_CGROUPS, "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#')
			continue;
		if (sscanf(line, "%63s %u %u %u", name, &hier, &num,
			   &enabled) != 4)
			continue;
		if (!strcmp(name, ctrl)) {
			ret = hier;
			break;
		}
	}
	fclose(f);
	return ret;
}

/* The v1 hierarchy that has controller @ctrl per the kernel, 0 if none. */
static __u32 roots_ctrl_hier(const struct cg_roots *rs, const char *ctrl)
{
	size_t i, j;

	for (i = 0; i < rs->n; i++) {
		if (rs->v[i].dfl)
			continue;
		for (j = 0; j < rs->v[i].ctrls.n; j++)
			if (!strcmp(rs->v[i].ctrls.v[j], ctrl))
				return rs->v[i].id;
	}
	return 0;
}

/* Hierarchy id of the v1 mount with super options @opts. */
static int v1_hierarchy(const char *arg, const char *opts, __u32 *hier)
{
	struct cg_roots rs = { 0 };
	char *copy, *save = NULL, *opt;
	const struct cg_root *r;
	char *name = NULL;
	int ret = -1;

	copy = xstrdup(opts);
	for (opt = strtok_r(copy, ",", &save); opt;
	     opt = strtok_r(NULL, ",", &save)) {
		if (!strncmp(opt, "name=", 5)) {
			name = opt + 5;
			continue;
		}
		*hier = proc_cgroups_hier(opt);
		if (*hier) {
			ret = 0;
			goto out_free;
		}
	}

	/* A named hierarchy, or /proc/cgroups did not help: ask the kernel. */
	if (roots_load(&rs))
		goto out_free;
	if (name) {
		r = roots_find_name(&rs, name);
		if (r) {
			*hier = r->id;
			ret = 0;
			goto out_free;
		}
	}
	memcpy(copy, opts, strlen(opts) + 1);	/* strtok_r() cut it up */
	for (opt = strtok_r(copy, ",", &save); opt;
	     opt = strtok_r(NULL, ",", &save)) {
		*hier = roots_ctrl_hier(&rs, opt);
		if (*hier) {
			ret = 0;
			goto out_free;
		}
	}
	p_err("%s: not a cgroup directory (no hierarchy matches the cgroup v1 mount options '%s')",
	      arg, opts);
out_free:
	roots_free(&rs);
	free(copy);
	return ret;
}

static int path_v1(const char *arg, const char *real, __u32 *hier)
{
	char *fstype = NULL, *opts = NULL;
	int ret = -1;
	int err;

	err = find_mount(real, &fstype, &opts);
	if (err) {
		p_err("%s: not a cgroup directory (cannot find its mount in %s: %s)",
		      arg, MOUNTINFO, strerror(-err));
		goto out_free;
	}
	if (strcmp(fstype, "cgroup")) {
		p_err("%s: not a cgroup directory (its mount in %s has type %s, not cgroup)",
		      arg, MOUNTINFO, fstype);
		goto out_free;
	}
	ret = v1_hierarchy(arg, opts, hier);
out_free:
	free(fstype);
	free(opts);
	return ret;
}

/**
 * path_resolve() - find the cgroup a directory is
 * @arg: the directory as given by the user
 * @out: its hierarchy id and cgroup id
 *
 * Return: 0, or -1 after reporting "PATH: not a cgroup directory (...)"
 * or the error of the kernel query a named v1 hierarchy needs.
 */
int path_resolve(const char *arg, struct cg_path *out)
{
	struct statfs sfs;
	struct stat st;
	char *real;
	int ret = -1;

	real = realpath(arg, NULL);
	if (!real) {
		p_err("%s: not a cgroup directory (%s)", arg, strerror(errno));
		return -1;
	}
	if (stat(real, &st) < 0 || statfs(real, &sfs) < 0) {
		p_err("%s: not a cgroup directory (%s)", arg, strerror(errno));
		goto out_free;
	}
	if (!S_ISDIR(st.st_mode)) {
		p_err("%s: not a cgroup directory (not a directory)", arg);
		goto out_free;
	}
	switch ((unsigned long)sfs.f_type) {
	case CGROUP2_SUPER_MAGIC:
		out->hier = 0;
		break;
	case CGROUP_SUPER_MAGIC:
		if (path_v1(arg, real, &out->hier))
			goto out_free;
		break;
	default:
		p_err("%s: not a cgroup directory (on a file system of type 0x%lx, not cgroup or cgroup2)",
		      arg, (unsigned long)sfs.f_type);
		goto out_free;
	}
	out->cgrp_id = st.st_ino;
	ret = 0;
out_free:
	free(real);
	return ret;
}
