// SPDX-License-Identifier: GPL-2.0
/*
 * cgscope diff A B: what appeared, disappeared and changed between two
 * snapshots (cgscope snapshot): hierarchies, cgroups, css_sets and dying
 * csses, each matched by its key.  Exit status as diff(1): 0 no
 * difference, 1 different, 2 error.
 *
 *	cgroups:
 *	+ 0:/test/a  [id 123]  dying
 *	~ 0:/test  [id 100]  subtree_control: ["memory"] -> []
 *	css_sets:
 *	- 5d3c0e4a1f2b9c77  h0:/test/a
 *	dying:
 *	+ memory  css 45  0:/test/a  [cgroup 123]  charged 1.2 MiB
 *
 * Entries are listed in key order: hierarchy and cgroup ids, css_set ids,
 * (controller, hierarchy, cgroup, css id) for dying ones.
 *
 * What is compared is what identifies an object and its shape, not what
 * moves on a live system by itself: task counts and pid lists, reference
 * counts and charged bytes are shown, never counted as a change.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_reader.h"
#include "main.h"
#include "print.h"
#include "snapshot.h"

/* What a section of a snapshot is keyed and compared by */
struct diff_section {
	const char *name;		/* member of the snapshot */
	const char *title;		/* text heading */
	const char *const *key;		/* members making the key */
	const char *const *fields;	/* members compared */
	bool optional;			/* absent from older snapshots */
};

static const char *const root_key[] = { "hierarchy_id", NULL };
static const char *const root_fields[] = { "name", "controllers", NULL };
static const char *const cgroup_key[] = { "hierarchy_id", "id", NULL };
static const char *const cgroup_fields[] = { "path", "dying", "type",
	"controllers", "subtree_control", NULL };
static const char *const cset_key[] = { "id", NULL };
static const char *const cset_fields[] = { "cgroups", NULL };
static const char *const dying_key[] = { "controller", "hierarchy_id",
	"cgroup_id", "css_id", NULL };
static const char *const dying_fields[] = { "cgroup_dying", NULL };
static const char *const file_key[] = { "hierarchy_id", "cgroup_id", "dev",
	"ino", NULL };
static const char *const file_fields[] = { "fs_path", "state", NULL };

static const struct diff_section sections[] = {
	{ "roots", "hierarchies", root_key, root_fields, false },
	{ "cgroups", "cgroups", cgroup_key, cgroup_fields, false },
	{ "csets", "css_sets", cset_key, cset_fields, false },
	{ "dying", "dying", dying_key, dying_fields, false },
	{ "dying_files", "files keeping dying memory csses", file_key,
	  file_fields, true },
};

#define NR_SECTIONS	ARRAY_SIZE(sections)

struct diff_item {
	char *key;
	const struct jv *obj;
};

struct diff_list {
	struct diff_item *v;
	size_t n;
};

/* A compact rendering of @v for keys and text output */
static void jv_text(const struct jv *v, struct strlist *out)
{
	char buf[64];
	size_t i;

	if (!v) {
		strlist_add(out, "absent");
		return;
	}
	switch (v->type) {
	case JV_NULL:
		strlist_add(out, "null");
		break;
	case JV_BOOL:
		strlist_add(out, v->b ? "true" : "false");
		break;
	case JV_NUM:
		strlist_add(out, v->s);
		break;
	case JV_STR:
		snprintf(buf, sizeof(buf), "\"");
		strlist_add(out, buf);
		strlist_add(out, v->s);
		strlist_add(out, buf);
		break;
	case JV_ARR:
	case JV_OBJ:
		strlist_add(out, v->type == JV_ARR ? "[" : "{");
		for (i = 0; i < v->n; i++) {
			if (i)
				strlist_add(out, ",");
			if (v->keys) {
				strlist_add(out, v->keys[i]);
				strlist_add(out, ":");
			}
			jv_text(&v->items[i], out);
		}
		strlist_add(out, v->type == JV_ARR ? "]" : "}");
		break;
	}
}

static char *jv_to_text(const struct jv *v)
{
	struct strlist l = { 0 };
	char *s;

	jv_text(v, &l);
	s = strlist_join(&l, "");
	strlist_free(&l);
	return s;
}

static int item_cmp(const void *a, const void *b)
{
	return strcmp(((const struct diff_item *)a)->key,
		      ((const struct diff_item *)b)->key);
}

/* The entries of section @sec of snapshot @snap, sorted by key. */
static int diff_collect(const char *file, const struct jv *snap,
			const struct diff_section *sec, struct diff_list *l)
{
	const struct jv *arr = jv_get(snap, sec->name);
	size_t i, k;

	memset(l, 0, sizeof(*l));
	if (!arr && sec->optional) {
		l->v = xcalloc(1, sizeof(*l->v));
		return 0;
	}
	if (!arr || arr->type != JV_ARR) {
		p_err("%s: not a cgscope snapshot (no \"%s\" list)", file,
		      sec->name);
		return -1;
	}
	l->v = xcalloc(arr->n ? arr->n : 1, sizeof(*l->v));
	for (i = 0; i < arr->n; i++) {
		const struct jv *o = &arr->items[i];
		struct strlist parts = { 0 };

		if (o->type != JV_OBJ) {
			p_err("%s: an entry of \"%s\" is not an object", file,
			      sec->name);
			return -1;
		}
		for (k = 0; sec->key[k]; k++) {
			const struct jv *kv = jv_get(o, sec->key[k]);
			char *t = jv_to_text(kv);
			char num[24];
			__u64 x;

			/* numbers sort as numbers */
			if (jv_u64(kv, &x)) {
				snprintf(num, sizeof(num), "%020llu",
					 (unsigned long long)x);
				strlist_add(&parts, num);
			} else {
				strlist_add(&parts, t);
			}
			free(t);
		}
		l->v[l->n].key = strlist_join(&parts, " ");
		l->v[l->n].obj = o;
		l->n++;
		strlist_free(&parts);
	}
	qsort(l->v, l->n, sizeof(*l->v), item_cmp);
	return 0;
}

static void diff_list_free(struct diff_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].key);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static const char *num_text(const struct jv *v)
{
	return v && v->type == JV_NUM ? v->s : "?";
}

/* Text: one line describing @o of section @sec, after the +/-/~ mark */
static void diff_describe(const struct diff_section *sec, const struct jv *o)
{
	const char *path = jv_str(jv_get(o, "path"));
	char buf[32];
	__u64 v;

	if (!strcmp(sec->name, "roots")) {
		char *c = jv_to_text(jv_get(o, "controllers"));

		print_string(PRINT_FP, NULL, "hierarchy %s",
			     num_text(jv_get(o, "hierarchy_id")));
		print_string(PRINT_FP, NULL, "  %s", c);
		free(c);
	} else if (!strcmp(sec->name, "cgroups")) {
		print_string(PRINT_FP, NULL, "%s:",
			     num_text(jv_get(o, "hierarchy_id")));
		print_string(PRINT_FP, NULL, "%s", path);
		print_string(PRINT_FP, NULL, "  [id %s]",
			     num_text(jv_get(o, "id")));
		if (jv_get(o, "dying") && jv_get(o, "dying")->b)
			print_string(PRINT_FP, NULL, "%s", "  dying");
	} else if (!strcmp(sec->name, "csets")) {
		const struct jv *cg = jv_get(o, "cgroups");
		size_t i;

		if (jv_u64(jv_get(o, "id"), &v))
			print_u64(PRINT_FP, NULL, "%016llx", v);
		for (i = 0; cg && cg->type == JV_ARR && i < cg->n; i++) {
			print_string(PRINT_FP, NULL, " h%s:",
				     num_text(jv_get(&cg->items[i],
						     "hierarchy_id")));
			print_string(PRINT_FP, NULL, "%s",
				     jv_str(jv_get(&cg->items[i], "path")));
		}
	} else if (!strcmp(sec->name, "dying_files")) {
		print_string(PRINT_FP, NULL, "%s:",
			     num_text(jv_get(o, "hierarchy_id")));
		print_string(PRINT_FP, NULL, "%s",
			     jv_str(jv_get(o, "cgroup_path")));
		print_string(PRINT_FP, NULL, "  [cgroup %s]  ",
			     num_text(jv_get(o, "cgroup_id")));
		path = jv_str(jv_get(o, "path"));
		if (!path || !*path)
			path = jv_str(jv_get(o, "fs_path"));
		print_string(PRINT_FP, NULL, "%s", path && *path ? path :
			     jv_str(jv_get(o, "state")));
		print_string(PRINT_FP, NULL, "  (%s", jv_str(jv_get(o, "dev")));
		print_string(PRINT_FP, NULL, " inode %s)",
			     num_text(jv_get(o, "ino")));
		if (jv_u64(jv_get(o, "bytes"), &v))
			print_string(PRINT_FP, NULL, "  %s",
				     human_bytes(v, buf, sizeof(buf)));
	} else {
		print_string(PRINT_FP, NULL, "%s",
			     jv_str(jv_get(o, "controller")));
		if (jv_u64(jv_get(o, "css_id"), &v))
			print_u64(PRINT_FP, NULL, "  css %llu", v);
		print_string(PRINT_FP, NULL, "  %s:",
			     num_text(jv_get(o, "hierarchy_id")));
		print_string(PRINT_FP, NULL, "%s", path);
		print_string(PRINT_FP, NULL, "  [cgroup %s]",
			     num_text(jv_get(o, "cgroup_id")));
		if (jv_u64(jv_get(o, "charged_bytes"), &v))
			print_string(PRINT_FP, NULL, "  charged %s",
				     human_bytes(v, buf, sizeof(buf)));
		if (jv_get(o, "cgroup_dying") && !jv_get(o, "cgroup_dying")->b)
			print_string(PRINT_FP, NULL, "%s", "  (cgroup alive)");
	}
}

/* Text: a difference, "+ WHAT", "- WHAT" or "~ WHAT", under its heading */
static void diff_print_line(const struct diff_section *sec, size_t nr,
			    const char *mark, const struct jv *o)
{
	if (!nr)
		print_string(PRINT_FP, NULL, "%s:\n", sec->title);
	print_string(PRINT_FP, NULL, "%s ", mark);
	diff_describe(sec, o);
	print_nl();
}

/* Compare one section; returns how many differences it printed. */
static size_t diff_section(const struct diff_section *sec,
			   const struct diff_list *a,
			   const struct diff_list *b)
{
	struct json_writer *w = json ? get_json_writer() : NULL;
	size_t i = 0, j = 0, k, nr = 0, pass;

	/* JSON: three passes (appeared, disappeared, changed) */
	if (w) {
		jsonw_name(w, sec->name);
		jsonw_start_object(w);
	}
	for (pass = 0; pass < 3; pass++) {
		static const char *const names[] = { "appeared", "disappeared",
						     "changed" };

		if (w) {
			jsonw_name(w, names[pass]);
			jsonw_start_array(w);
		} else if (pass) {
			continue;	/* text: one merged pass */
		}
		for (i = 0, j = 0; i < a->n || j < b->n;) {
			int c = i == a->n ? 1 : j == b->n ? -1 :
				strcmp(a->v[i].key, b->v[j].key);
			const struct jv *oa = c <= 0 ? a->v[i].obj : NULL;
			const struct jv *ob = c >= 0 ? b->v[j].obj : NULL;

			if (c <= 0)
				i++;
			if (c >= 0)
				j++;
			if (oa && ob) {
				bool same = true;

				for (k = 0; sec->fields[k]; k++)
					same &= jv_equal(jv_get(oa, sec->fields[k]),
							 jv_get(ob, sec->fields[k]));
				if (same || (w && pass != 2))
					continue;
				if (w) {
					jsonw_start_object(w);
					jsonw_name(w, "before");
					jv_write(w, oa);
					jsonw_name(w, "after");
					jv_write(w, ob);
					jsonw_name(w, "fields");
					jsonw_start_array(w);
				} else {
					diff_print_line(sec, nr++, "~", ob);
				}
				for (k = 0; sec->fields[k]; k++) {
					const struct jv *fa = jv_get(oa, sec->fields[k]);
					const struct jv *fb = jv_get(ob, sec->fields[k]);
					char *ta, *tb;

					if (jv_equal(fa, fb))
						continue;
					if (w) {
						jsonw_string(w, sec->fields[k]);
						continue;
					}
					ta = jv_to_text(fa);
					tb = jv_to_text(fb);
					print_string(PRINT_FP, NULL, "    %s: ",
						     sec->fields[k]);
					print_string(PRINT_FP, NULL, "%s -> ", ta);
					print_string(PRINT_FP, NULL, "%s\n", tb);
					free(ta);
					free(tb);
				}
				if (w) {
					jsonw_end_array(w);
					jsonw_end_object(w);
					nr++;
				}
				continue;
			}
			if (w) {
				if ((pass == 0 && ob) || (pass == 1 && oa)) {
					jv_write(w, ob ? ob : oa);
					nr++;
				}
				continue;
			}
			diff_print_line(sec, nr++, ob ? "+" : "-",
					ob ? ob : oa);
		}
		if (w)
			jsonw_end_array(w);
	}
	if (w)
		jsonw_end_object(w);
	return nr;
}

static int diff_check(const char *file, const struct jv *snap)
{
	const struct jv *c;
	__u64 version;

	if (!snap || snap->type != JV_OBJ ||
	    !jv_str(jv_get(snap, "format")) ||
	    strcmp(jv_str(jv_get(snap, "format")), "cgscope-snapshot")) {
		p_err("%s: not a cgscope snapshot (no \"format\": \"cgscope-snapshot\")",
		      file);
		return -1;
	}
	if (!jv_u64(jv_get(snap, "version"), &version) || version != 1) {
		p_err("%s: snapshot version %s is not supported (this cgscope reads version 1)",
		      file, num_text(jv_get(snap, "version")));
		return -1;
	}
	c = jv_get(snap, "consistent");
	if (c && c->type == JV_BOOL && !c->b)
		p_warn("%s was not taken consistently: differences may be artefacts",
		       file);
	return 0;
}

/* cgscope diff A B */
static int diff_run(int argc, char **argv)
{
	struct diff_list la[NR_SECTIONS] = { 0 }, lb[NR_SECTIONS] = { 0 };
	struct jv *a = NULL, *b = NULL;
	int ret = EXIT_ERR;
	size_t i, nr = 0;

	if (argc < 2) {
		p_err("diff: need two snapshot files (from cgscope snapshot)");
		return EXIT_ERR;
	}
	if (check_no_args("diff", argc - 2, argv + 2))
		return EXIT_ERR;
	if (!strcmp(argv[0], "-") && !strcmp(argv[1], "-")) {
		p_err("diff: only one of the two files can be standard input");
		return EXIT_ERR;
	}
	a = jv_load_file(argv[0]);
	if (!a || diff_check(argv[0], a))
		goto out_free;
	b = jv_load_file(argv[1]);
	if (!b || diff_check(argv[1], b))
		goto out_free;
	for (i = 0; i < NR_SECTIONS; i++)
		if (diff_collect(argv[0], a, &sections[i], &la[i]) ||
		    diff_collect(argv[1], b, &sections[i], &lb[i]))
			goto out_free;

	open_json_object(NULL);
	for (i = 0; i < NR_SECTIONS; i++)
		nr += diff_section(&sections[i], &la[i], &lb[i]);
	print_bool(PRINT_JSON, "different", NULL, nr != 0);
	close_json_object();
	ret = nr ? EXIT_DENIED : EXIT_OK;
out_free:
	for (i = 0; i < NR_SECTIONS; i++) {
		diff_list_free(&la[i]);
		diff_list_free(&lb[i]);
	}
	jv_free(a);
	jv_free(b);
	return ret;
}

static const struct cmd diff_cmds[] = {
	{ NULL, diff_run },	/* no COMMAND */
};

/**
 * do_diff() - "cgscope diff A B"
 * @argc: argument count
 * @argv: arguments after "diff"
 *
 * Return: 0 no difference, 1 different, 2 error.
 */
int do_diff(int argc, char **argv)
{
	return cmd_select(diff_cmds, argc, argv);
}
