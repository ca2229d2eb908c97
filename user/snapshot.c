// SPDX-License-Identifier: GPL-2.0
/*
 * cgscope snapshot: the whole model in one JSON document, for cgscope diff:
 * hierarchies, cgroups, css_sets (with their links and tasks) and dying
 * csses, each as the -j output of its own command.
 *
 * The parts come from four dumps (and a task dump when a css_set's pid
 * list was cut short).  Each dump is consistent on its own (nl.c retries
 * one that the kernel flags NLM_F_DUMP_INTR); the kernel's generation
 * counter, read before and after, tells whether a hierarchy or cgroup
 * appeared, went or was renamed, or a task migrated, between them.  If so
 * the whole snapshot is taken again, up to SNAPSHOT_ATTEMPTS times; the
 * last one is written with "consistent": false when none was consistent.
 * Fork, exit and the release of a css move no counter: task lists and
 * dying csses are what each dump saw.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uapi/linux/cgscope.h>

#include "main.h"
#include "memcg_files.h"
#include "nl.h"
#include "print.h"
#include "root.h"
#include "snapshot.h"

#define SNAPSHOT_ATTEMPTS	5
#define SNAPSHOT_FORMAT		"cgscope-snapshot"
#define SNAPSHOT_VERSION	1

struct snapshot {
	struct cg_roots roots;
	struct tree *tree;
	struct cg_csets *csets;
	struct cg_dyings dying;
	struct mf_memcgs files;
	char *kernel;
	__u32 gen;
};

static void snapshot_free(struct snapshot *s)
{
	roots_free(&s->roots);
	tree_destroy(s->tree);
	csets_destroy(s->csets);
	dying_free(&s->dying);
	mfiles_free(&s->files);
	free(s->kernel);
	memset(s, 0, sizeof(*s));
}

/* One attempt; 1 consistent, 0 not, -1 error (reported). */
static int snapshot_take(struct snapshot *s)
{
	__u32 gen_after;
	int err;

	cg_nl_intr_seen(true);
	if (info_generation(&s->gen, NULL, &s->kernel) ||
	    roots_load(&s->roots))
		return -1;
	s->tree = tree_load_all();
	if (!s->tree)
		return -1;
	s->csets = csets_load_all();
	if (!s->csets)
		return -1;
	err = dying_load(&s->dying, NULL);
	if (err) {
		cg_nl_perror(err, "cannot list dying csses");
		return -1;
	}
	err = mfiles_load(&s->files, &(struct mf_query){ 0 });
	if (err) {
		cg_nl_perror(err, "cannot find what keeps the dying memory csses");
		return -1;
	}
	if (info_generation(&gen_after, NULL, NULL))
		return -1;
	return gen_after == s->gen && !cg_nl_intr_seen(true);
}

static void snapshot_print(struct snapshot *s, bool consistent,
			   unsigned int attempts)
{
	struct json_writer *w = get_json_writer();

	jsonw_start_object(w);
	jsonw_string_field(w, "format", SNAPSHOT_FORMAT);
	jsonw_uint_field(w, "version", SNAPSHOT_VERSION);
	if (s->kernel)
		jsonw_string_field(w, "kernel", s->kernel);
	else
		jsonw_null_field(w, "kernel");
	jsonw_bool_field(w, "consistent", consistent);
	jsonw_uint_field(w, "attempts", attempts);
	jsonw_uint_field(w, "generation", s->gen);
	jsonw_name(w, "roots");
	roots_print(&s->roots);
	jsonw_name(w, "cgroups");
	tree_print_all(s->tree);
	jsonw_name(w, "csets");
	csets_print_all(s->csets);
	jsonw_name(w, "dying");
	dying_print(&s->dying);
	jsonw_name(w, "dying_files");
	mfiles_print_flat(&s->files);
	jsonw_end_object(w);
}

/* cgscope snapshot */
static int snapshot_write(int argc, char **argv)
{
	struct snapshot s = { 0 };
	unsigned int attempt;
	int ret = 0;

	if (check_no_args("snapshot", argc, argv))
		return EXIT_ERR;
	for (attempt = 1; attempt <= SNAPSHOT_ATTEMPTS; attempt++) {
		if (attempt > 1)
			snapshot_free(&s);
		ret = snapshot_take(&s);
		if (ret != 0)
			break;
	}
	if (ret < 0) {
		snapshot_free(&s);
		return EXIT_ERR;
	}
	if (!ret) {
		attempt = SNAPSHOT_ATTEMPTS;
		p_warn("the cgroup world kept changing: the snapshot is marked \"consistent\": false");
	}
	json = true;
	snapshot_print(&s, ret > 0, attempt);
	snapshot_free(&s);
	return EXIT_OK;
}

static const struct cmd snapshot_cmds[] = {
	{ NULL, snapshot_write },	/* no COMMAND */
};

/**
 * do_snapshot() - "cgscope snapshot"
 * @argc: argument count
 * @argv: arguments after "snapshot"
 *
 * The output is JSON whether or not -j was given (-p indents it); errors
 * are reported as usual, as text on stderr without -j.
 *
 * Return: exit status.
 */
int do_snapshot(int argc, char **argv)
{
	return cmd_select(snapshot_cmds, argc, argv);
}
