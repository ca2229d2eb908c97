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
	struct json_object *obj;
};

struct diff_list {
	struct diff_item *v;
	size_t n;
};

/* A compact rendering of @v for keys and text output */
static void jr_text(struct json_object *v, struct strlist *out)
{
	size_t i, n;

	if (!v) {
		strlist_add(out, "absent");
		return;
	}
	switch (json_object_get_type(v)) {
	case json_type_null:
		strlist_add(out, "null");
		break;
	case json_type_boolean:
		strlist_add(out, json_object_get_boolean(v) ? "true" : "false");
		break;
	case json_type_int:
	case json_type_double:
		strlist_add(out, jr_num(v));
		break;
	case json_type_string:
		strlist_add(out, "\"");
		strlist_add(out, json_object_get_string(v));
		strlist_add(out, "\"");
		break;
	case json_type_array:
		strlist_add(out, "[");
		n = json_object_array_length(v);
		for (i = 0; i < n; i++) {
			if (i)
				strlist_add(out, ",");
			jr_text(json_object_array_get_idx(v, i), out);
		}
		strlist_add(out, "]");
		break;
	case json_type_object:
		strlist_add(out, "{");
		i = 0;
		json_object_object_foreach(v, key, val) {
			if (i++)
				strlist_add(out, ",");
			strlist_add(out, key);
			strlist_add(out, ":");
			jr_text(val, out);
		}
		strlist_add(out, "}");
		break;
	}
}

static char *jr_to_text(struct json_object *v)
{
	struct strlist l = { 0 };
	char *s;

	jr_text(v, &l);
	s = strlist_join(&l, "");
	strlist_free(&l);
	return s;
}

/* Two values the same (two absent ones are) */
static bool jr_equal(struct json_object *a, struct json_object *b)
{
	if (!a || !b)
		return a == b;
	return json_object_equal(a, b);
}

static int item_cmp(const void *a, const void *b)
{
	return strcmp(((const struct diff_item *)a)->key,
		      ((const struct diff_item *)b)->key);
}

/* The entries of section @sec of snapshot @snap, sorted by key. */
static int diff_collect(const char *file, struct json_object *snap,
			const struct diff_section *sec, struct diff_list *l)
{
	struct json_object *arr = jr_get(snap, sec->name);
	size_t i, k, n;

	memset(l, 0, sizeof(*l));
	if (!arr && sec->optional) {
		l->v = xcalloc(1, sizeof(*l->v));
		return 0;
	}
	if (!json_object_is_type(arr, json_type_array)) {
		p_err("%s: not a cgscope snapshot (no \"%s\" list)", file,
		      sec->name);
		return -1;
	}
	n = json_object_array_length(arr);
	l->v = xcalloc(n ? n : 1, sizeof(*l->v));
	for (i = 0; i < n; i++) {
		struct json_object *o = json_object_array_get_idx(arr, i);
		struct strlist parts = { 0 };

		if (!json_object_is_type(o, json_type_object)) {
			p_err("%s: an entry of \"%s\" is not an object", file,
			      sec->name);
			return -1;
		}
		for (k = 0; sec->key[k]; k++) {
			struct json_object *kv = jr_get(o, sec->key[k]);
			char *t = jr_to_text(kv);
			char num[24];
			__u64 x;

			/* numbers sort as numbers */
			if (jr_u64(kv, &x)) {
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

/* Text: one line describing @o of section @sec, after the +/-/~ mark */
static void diff_describe(const struct diff_section *sec, struct json_object *o)
{
	const char *path = jr_str(jr_get(o, "path"));
	char buf[32];
	__u64 v;

	if (!strcmp(sec->name, "roots")) {
		char *c = jr_to_text(jr_get(o, "controllers"));

		print_string(PRINT_FP, NULL, "hierarchy %s",
			     jr_num(jr_get(o, "hierarchy_id")));
		print_string(PRINT_FP, NULL, "  %s", c);
		free(c);
	} else if (!strcmp(sec->name, "cgroups")) {
		print_string(PRINT_FP, NULL, "%s:",
			     jr_num(jr_get(o, "hierarchy_id")));
		print_string(PRINT_FP, NULL, "%s", path);
		print_string(PRINT_FP, NULL, "  [id %s]",
			     jr_num(jr_get(o, "id")));
		if (jr_true(jr_get(o, "dying")))
			print_string(PRINT_FP, NULL, "%s", "  dying");
	} else if (!strcmp(sec->name, "csets")) {
		struct json_object *cg = jr_get(o, "cgroups");
		size_t i;

		if (jr_u64(jr_get(o, "id"), &v))
			print_u64(PRINT_FP, NULL, "%016llx", v);
		size_t n = json_object_is_type(cg, json_type_array) ?
			   json_object_array_length(cg) : 0;

		for (i = 0; i < n; i++) {
			struct json_object *c = json_object_array_get_idx(cg, i);

			print_string(PRINT_FP, NULL, " h%s:",
				     jr_num(jr_get(c, "hierarchy_id")));
			print_string(PRINT_FP, NULL, "%s",
				     jr_str(jr_get(c, "path")));
		}
	} else if (!strcmp(sec->name, "dying_files")) {
		print_string(PRINT_FP, NULL, "%s:",
			     jr_num(jr_get(o, "hierarchy_id")));
		print_string(PRINT_FP, NULL, "%s",
			     jr_str(jr_get(o, "cgroup_path")));
		print_string(PRINT_FP, NULL, "  [cgroup %s]  ",
			     jr_num(jr_get(o, "cgroup_id")));
		path = jr_str(jr_get(o, "path"));
		if (!path || !*path)
			path = jr_str(jr_get(o, "fs_path"));
		print_string(PRINT_FP, NULL, "%s", path && *path ? path :
			     jr_str(jr_get(o, "state")));
		print_string(PRINT_FP, NULL, "  (%s", jr_str(jr_get(o, "dev")));
		print_string(PRINT_FP, NULL, " inode %s)",
			     jr_num(jr_get(o, "ino")));
		if (jr_u64(jr_get(o, "bytes"), &v))
			print_string(PRINT_FP, NULL, "  %s",
				     human_bytes(v, buf, sizeof(buf)));
		if (jr_u64(jr_get(o, "swapped_bytes"), &v) && v)
			print_string(PRINT_FP, NULL, " + %s in swap",
				     human_bytes(v, buf, sizeof(buf)));
	} else {
		print_string(PRINT_FP, NULL, "%s",
			     jr_str(jr_get(o, "controller")));
		if (jr_u64(jr_get(o, "css_id"), &v))
			print_u64(PRINT_FP, NULL, "  css %llu", v);
		print_string(PRINT_FP, NULL, "  %s:",
			     jr_num(jr_get(o, "hierarchy_id")));
		print_string(PRINT_FP, NULL, "%s", path);
		print_string(PRINT_FP, NULL, "  [cgroup %s]",
			     jr_num(jr_get(o, "cgroup_id")));
		if (jr_u64(jr_get(o, "charged_bytes"), &v))
			print_string(PRINT_FP, NULL, "  charged %s",
				     human_bytes(v, buf, sizeof(buf)));
		if (jr_get(o, "cgroup_dying") &&
		    !jr_true(jr_get(o, "cgroup_dying")))
			print_string(PRINT_FP, NULL, "%s", "  (cgroup alive)");
	}
}

/* Text: a difference, "+ WHAT", "- WHAT" or "~ WHAT", under its heading */
static void diff_print_line(const struct diff_section *sec, size_t nr,
			    const char *mark, struct json_object *o)
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
			struct json_object *oa = c <= 0 ? a->v[i].obj : NULL;
			struct json_object *ob = c >= 0 ? b->v[j].obj : NULL;

			if (c <= 0)
				i++;
			if (c >= 0)
				j++;
			if (oa && ob) {
				bool same = true;

				for (k = 0; sec->fields[k]; k++)
					same &= jr_equal(jr_get(oa, sec->fields[k]),
							 jr_get(ob, sec->fields[k]));
				if (same || (w && pass != 2))
					continue;
				if (w) {
					jsonw_start_object(w);
					jsonw_name(w, "before");
					jr_write(w, oa);
					jsonw_name(w, "after");
					jr_write(w, ob);
					jsonw_name(w, "fields");
					jsonw_start_array(w);
				} else {
					diff_print_line(sec, nr++, "~", ob);
				}
				for (k = 0; sec->fields[k]; k++) {
					struct json_object *fa = jr_get(oa, sec->fields[k]);
					struct json_object *fb = jr_get(ob, sec->fields[k]);
					char *ta, *tb;

					if (jr_equal(fa, fb))
						continue;
					if (w) {
						jsonw_string(w, sec->fields[k]);
						continue;
					}
					ta = jr_to_text(fa);
					tb = jr_to_text(fb);
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
					jr_write(w, ob ? ob : oa);
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

static int diff_check(const char *file, struct json_object *snap)
{
	struct json_object *c;
	__u64 version;

	if (!json_object_is_type(snap, json_type_object) ||
	    !jr_str(jr_get(snap, "format")) ||
	    strcmp(jr_str(jr_get(snap, "format")), "cgscope-snapshot")) {
		p_err("%s: not a cgscope snapshot (no \"format\": \"cgscope-snapshot\")",
		      file);
		return -1;
	}
	if (!jr_u64(jr_get(snap, "version"), &version) || version != 1) {
		p_err("%s: snapshot version %s is not supported (this cgscope reads version 1)",
		      file, jr_num(jr_get(snap, "version")));
		return -1;
	}
	c = jr_get(snap, "consistent");
	if (json_object_is_type(c, json_type_boolean) &&
	    !json_object_get_boolean(c))
		p_warn("%s was not taken consistently: differences may be artefacts",
		       file);
	return 0;
}

/* cgscope diff A B */
static int diff_run(int argc, char **argv)
{
	struct diff_list la[NR_SECTIONS] = { 0 }, lb[NR_SECTIONS] = { 0 };
	struct json_object *a = NULL, *b = NULL;
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
	a = jr_load_file(argv[0]);
	if (!a || diff_check(argv[0], a))
		goto out_free;
	b = jr_load_file(argv[1]);
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
	json_object_put(a);
	json_object_put(b);
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
