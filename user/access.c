// SPDX-License-Identifier: GPL-2.0
/*
 * cgscope access: what a cgroup's tasks, or one task, may do with every
 * device there is: the nodes under /dev (or the directories given) and
 * the devices the kernel knows (/sys/dev/char, /sys/dev/block).
 *
 *	NODE          DEVICE     r w m  DENIED BY
 *	/dev/null     c 1:3      r w m
 *	/dev/kmsg     c 1:11     - - m  rw: bpf program 42 (runc): no rule matched, default deny
 *	(sda)         b 8:0      - - -  rwm: bpf program 42 (runc): no rule matched, default deny
 *
 * The verdicts are the kernel's: one CGSCOPE_CMD_DEVCG_CHECK per device
 * and access (r, w, m), as for an open() or mknod().  For each denial the
 * deciding layer and rule are named: the v1 exception or default, or the
 * rule inside the denying program (read back once per program).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <uapi/linux/cgscope.h>

#include "check.h"
#include "devices.h"
#include "devrules.h"
#include "main.h"
#include "nl.h"
#include "print.h"
#include "target.h"

/* Directories deeper than this under a DIR are not walked */
#define ACCESS_MAX_DEPTH	16

/* The accesses shown, in column order */
static const __u8 access_bits[] = {
	CGSCOPE_ACC_READ, CGSCOPE_ACC_WRITE, CGSCOPE_ACC_MKNOD,
};

#define ACCESS_NR	ARRAY_SIZE(access_bits)

/**
 * struct access_dev - one device, and what the target may do with it
 * @node: a device node naming it, or NULL (known to the kernel only)
 * @name: the kernel's name for it (DEVNAME in sysfs), or NULL
 * @dev: type and numbers
 * @allowed: per access_bits[], the kernel's verdict
 * @why: per access_bits[], for a denial: the layer and rule, else NULL
 * @layer: per access_bits[], enum cgscope_check_layer of a denial
 * @prog_id: per access_bits[], the denying program, 0 if none
 * @prog_rule: per access_bits[], its rule from 1, 0 if none
 */
struct access_dev {
	char *node;
	char *name;
	struct devcg_exc dev;
	bool allowed[ACCESS_NR];
	char *why[ACCESS_NR];
	__u32 layer[ACCESS_NR];
	__u32 prog_id[ACCESS_NR];
	unsigned int prog_rule[ACCESS_NR];
};

struct access_list {
	struct access_dev *v;
	size_t n, cap;
};

/* The programs read back so far, by id */
struct access_progs {
	struct devrules_prog *v;
	size_t n, cap;
};

static struct access_dev *access_add(struct access_list *l, __u8 type,
				     dev_t rdev)
{
	struct access_dev *d;

	l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof(*l->v));
	d = &l->v[l->n++];
	memset(d, 0, sizeof(*d));
	d->dev.type = type;
	d->dev.major = major(rdev);
	d->dev.minor = minor(rdev);
	return d;
}

/* Every device node under @dir, symbolic links not followed */
static int access_walk(struct access_list *l, const char *dir, int depth)
{
	struct dirent *de;
	struct stat st;
	DIR *d;

	d = opendir(dir);
	if (!d) {
		if (depth)	/* a subdirectory we may not read: go on */
			return 0;
		p_err("access: %s: %s", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d))) {
		char *path;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (asprintf(&path, "%s%s%s", dir,
			     dir[strlen(dir) - 1] == '/' ? "" : "/",
			     de->d_name) < 0) {
			closedir(d);
			p_err("access: out of memory");
			return -1;
		}
		if (fstatat(dirfd(d), de->d_name, &st,
			    AT_SYMLINK_NOFOLLOW) < 0) {
			free(path);
			continue;
		}
		if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) {
			access_add(l, S_ISCHR(st.st_mode) ? CGSCOPE_DEV_CHAR :
				   CGSCOPE_DEV_BLOCK, st.st_rdev)->node = path;
			continue;
		}
		if (S_ISDIR(st.st_mode) && depth < ACCESS_MAX_DEPTH &&
		    access_walk(l, path, depth + 1)) {
			free(path);
			closedir(d);
			return -1;
		}
		free(path);
	}
	closedir(d);
	return 0;
}

static bool access_have(const struct access_list *l, size_t nr, __u8 type,
			__u32 maj, __u32 min)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (l->v[i].dev.type == type && l->v[i].dev.major == maj &&
		    l->v[i].dev.minor == min)
			return true;
	return false;
}

/* DEVNAME= of a /sys/dev/TYPE/MAJ:MIN/uevent, or NULL */
static char *access_devname(const char *sysdir, const char *entry)
{
	char path[PATH_MAX], line[512], *name = NULL;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/uevent", sysdir, entry);
	f = fopen(path, "re");
	if (!f)
		return NULL;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "DEVNAME=", 8)) {
			line[strcspn(line, "\n")] = '\0';
			name = xstrdup(line + 8);
			break;
		}
	}
	fclose(f);
	return name;
}

/*
 * The devices the kernel knows: each /sys/dev/{char,block}/MAJ:MIN gives
 * its name to the nodes found for it, or is added without a node.
 */
static void access_sysfs(struct access_list *l, const char *sysdir,
			 __u8 type)
{
	size_t nodes = l->n, i;
	struct dirent *de;
	unsigned int maj, min;
	char *name;
	DIR *d;

	d = opendir(sysdir);
	if (!d)
		return;
	while ((de = readdir(d))) {
		char end;

		if (sscanf(de->d_name, "%u:%u%c", &maj, &min, &end) != 2)
			continue;
		name = access_devname(sysdir, de->d_name);
		if (!access_have(l, nodes, type, maj, min)) {
			access_add(l, type, makedev(maj, min))->name = name;
			continue;
		}
		for (i = 0; i < nodes; i++) {
			struct access_dev *a = &l->v[i];

			if (a->dev.type == type && a->dev.major == maj &&
			    a->dev.minor == min && !a->name && name)
				a->name = xstrdup(name);
		}
		free(name);
	}
	closedir(d);
}

/* Nodes by path first, then the devices without one by type and number */
static int access_cmp(const void *pa, const void *pb)
{
	const struct access_dev *a = pa, *b = pb;

	if (!a->node != !b->node)
		return a->node ? -1 : 1;
	if (a->node)
		return strcmp(a->node, b->node);
	if (a->dev.type != b->dev.type)
		return a->dev.type == CGSCOPE_DEV_CHAR ? -1 : 1;
	if (a->dev.major != b->dev.major)
		return a->dev.major < b->dev.major ? -1 : 1;
	return a->dev.minor < b->dev.minor ? -1 :
	       a->dev.minor > b->dev.minor;
}

/* Program @id read back, once per command */
static const struct devrules_prog *access_prog(struct access_progs *ps,
					       __u32 id)
{
	size_t i;

	for (i = 0; i < ps->n; i++)
		if (ps->v[i].id == id)
			return &ps->v[i];
	ps->v = xgrow(ps->v, &ps->cap, ps->n + 1, sizeof(*ps->v));
	devrules_prog_read(id, &ps->v[ps->n]);
	return &ps->v[ps->n++];
}

/* Why the kernel denied: "v1 /docker: exception c 1:3 r", "bpf program ..." */
static char *access_why(const struct devcg_exc *q, struct check_result *r,
			struct access_progs *ps)
{
	char rule[DEVCG_EXC_STRLEN], *s;
	const struct devrules_prog *p;
	int n;

	if (r->layer == CGSCOPE_LAYER_V1) {
		if (r->has_rule)
			devcg_exc_str(&r->rule, true, rule, sizeof(rule));
		n = asprintf(&s, "devices cgroup %s: %s%s",
			     r->devcg_path ? r->devcg_path : "?",
			     r->has_rule ? "exception " : "default ",
			     r->has_rule ? rule :
			     devcg_behavior_name(r->behavior) ?
			     devcg_behavior_name(r->behavior) : "?");
	} else if (r->has_prog) {
		p = access_prog(ps, r->prog_id);
		check_find_rule(q, p, r);
		n = asprintf(&s, "bpf program %u%s%s%s: %s", r->prog_id,
			     p->loaded && p->dp.gen != DEVPROG_GEN_UNKNOWN ?
			     " (" : "",
			     p->loaded && p->dp.gen != DEVPROG_GEN_UNKNOWN ?
			     devprog_gen_name(p->dp.gen) : "",
			     p->loaded && p->dp.gen != DEVPROG_GEN_UNKNOWN ?
			     ")" : "", r->prog_why);
	} else {
		n = asprintf(&s, "%s", "the kernel names no rule");
	}
	if (n < 0) {
		p_err("access: out of memory");
		exit(EXIT_ERR);
	}
	return s;
}

/* Ask the kernel about every device and access. */
static int access_query(const struct cg_target *t, struct access_list *l,
			struct access_progs *ps)
{
	struct check_result r;
	size_t i, k;
	int err;

	for (i = 0; i < l->n; i++) {
		struct access_dev *d = &l->v[i];

		for (k = 0; k < ACCESS_NR; k++) {
			struct devcg_exc q = d->dev;

			q.access = access_bits[k];
			err = check_query(t, &q, &r);
			if (err) {
				devcg_target_perror(err, t,
						    "CGSCOPE_CMD_DEVCG_CHECK",
						    "access",
						    "cannot check the access for");
				check_result_free(&r);
				return -1;
			}
			d->allowed[k] = r.allowed;
			if (!r.allowed) {
				d->layer[k] = r.layer;
				d->why[k] = access_why(&q, &r, ps);
				d->prog_id[k] = r.has_prog ? r.prog_id : 0;
				d->prog_rule[k] = r.prog_rule >= 0 ?
						  r.prog_rule + 1 : 0;
			}
			check_result_free(&r);
		}
	}
	return 0;
}

/* "rw: reason; m: other reason", the denials grouped by reason */
static void access_print_denials_text(const struct access_dev *d)
{
	bool done[ACCESS_NR] = { false };
	const char *sep = "";
	char acc[4];
	size_t k, j;

	for (k = 0; k < ACCESS_NR; k++) {
		__u8 bits = 0;

		if (d->allowed[k] || done[k])
			continue;
		for (j = k; j < ACCESS_NR; j++) {
			if (!d->allowed[j] && !done[j] &&
			    !strcmp(d->why[j], d->why[k])) {
				bits |= access_bits[j];
				done[j] = true;
			}
		}
		print_string(PRINT_FP, NULL, "%s", sep);
		print_string(PRINT_FP, NULL, "%s: ", devcg_access_str(bits, acc));
		print_string(PRINT_FP, NULL, "%s", d->why[k]);
		sep = "; ";
	}
}

/* Text: @s in a column @width wide */
static void access_print_col(int width, const char *s)
{
	char fmt[16];

	snprintf(fmt, sizeof(fmt), "%%-%ds", width);
	print_string(PRINT_FP, NULL, fmt, s);
}

static void access_print_dev(const struct access_dev *d, int width)
{
	char type[2] = { devcg_type_char(d->dev.type), '\0' };
	char dev[DEVCG_EXC_STRLEN], acc[4], name[PATH_MAX + 3];
	size_t k;

	open_json_object(NULL);
	print_string(PRINT_JSON, "node", NULL, d->node);
	print_string(PRINT_JSON, "name", NULL, d->name);
	if (d->node)
		snprintf(name, sizeof(name), "%s", d->node);
	else
		snprintf(name, sizeof(name), "(%s)", d->name ? d->name : "?");
	access_print_col(width, name);
	devcg_exc_str(&d->dev, false, dev, sizeof(dev));
	print_string(PRINT_FP, NULL, "  %-12s ", dev);
	print_string(PRINT_JSON, "type", NULL, type);
	print_uint(PRINT_JSON, "major", NULL, d->dev.major);
	print_uint(PRINT_JSON, "minor", NULL, d->dev.minor);
	for (k = 0; k < ACCESS_NR; k++) {
		devcg_access_str(access_bits[k], acc);
		print_bool(PRINT_JSON, acc, NULL, d->allowed[k]);
		print_string(PRINT_FP, NULL, " %s",
			     d->allowed[k] ? acc : "-");
	}
	print_string(PRINT_FP, NULL, "%s", "  ");
	access_print_denials_text(d);
	open_json_array(PRINT_JSON, "denials");
	for (k = 0; k < ACCESS_NR; k++) {
		if (d->allowed[k])
			continue;
		open_json_object(NULL);
		print_string(PRINT_JSON, "access", NULL,
			     devcg_access_str(access_bits[k], acc));
		print_string(PRINT_JSON, "layer", NULL,
			     devcg_layer_name(d->layer[k]));
		print_u64_or_null("prog_id", d->prog_id[k], d->prog_id[k]);
		print_u64_or_null("prog_rule", d->prog_rule[k],
				  d->prog_rule[k]);
		print_string(PRINT_JSON, "reason", NULL, d->why[k]);
		close_json_object();
	}
	close_json_array(PRINT_JSON, NULL);
	close_json_object();
	print_nl();
}

static void access_free(struct access_list *l, struct access_progs *ps)
{
	size_t i, k;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].node);
		free(l->v[i].name);
		for (k = 0; k < ACCESS_NR; k++)
			free(l->v[i].why[k]);
	}
	free(l->v);
	for (i = 0; i < ps->n; i++)
		devrules_prog_free(&ps->v[i]);
	free(ps->v);
}

static const char *const access_default_dirs[] = { "/dev" };

/* cgscope access (PATH | --pid PID) [DIR...] */
static int access_run(int argc, char **argv)
{
	struct access_progs ps = { 0 };
	struct access_list l = { 0 };
	int ret = EXIT_ERR, width = 4;
	struct cg_target t;
	const char *const *dirs;
	size_t i;
	int n;

	n = target_parse("access", TARGET_PATH | TARGET_PID | TARGET_WORDS,
			 argc, argv, &t);
	if (n < 0 || target_resolve(&t))
		return EXIT_ERR;
	dirs = n ? (const char *const *)argv : access_default_dirs;
	for (i = 0; i < (size_t)(n ? n : 1); i++)
		if (access_walk(&l, dirs[i], 0))
			goto out_free;
	access_sysfs(&l, "/sys/dev/char", CGSCOPE_DEV_CHAR);
	access_sysfs(&l, "/sys/dev/block", CGSCOPE_DEV_BLOCK);
	if (l.n)
		qsort(l.v, l.n, sizeof(*l.v), access_cmp);
	if (access_query(&t, &l, &ps))
		goto out_free;

	for (i = 0; i < l.n; i++) {
		int w = l.v[i].node ? (int)strlen(l.v[i].node) :
			l.v[i].name ? (int)strlen(l.v[i].name) + 2 : 3;

		if (w > width)
			width = w < 40 ? w : 40;
	}
	access_print_col(width, "NODE");
	print_string(PRINT_FP, NULL, "  %-12s ", "DEVICE");
	print_string(PRINT_FP, NULL, "%s", " r w m  DENIED BY");
	print_nl();
	open_json_array(PRINT_JSON, NULL);
	for (i = 0; i < l.n; i++)
		access_print_dev(&l.v[i], width);
	close_json_array(PRINT_JSON, NULL);
	ret = EXIT_OK;
out_free:
	access_free(&l, &ps);
	return ret;
}

static const struct cmd access_cmds[] = {
	{ NULL, access_run },	/* no COMMAND */
};

/**
 * do_access() - "cgscope access (PATH | --pid PID) [DIR...]"
 * @argc: argument count
 * @argv: arguments after "access"
 *
 * Return: exit status.
 */
int do_access(int argc, char **argv)
{
	return cmd_select(access_cmds, argc, argv);
}
