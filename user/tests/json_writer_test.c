// SPDX-License-Identifier: GPL-2.0
// TEST_OBJS: json_writer.o
/*
 * Unit test of the JSON writer: exact output (compact and pretty), string
 * escaping, nesting, closing on destroy; and, when jq is installed, that
 * jq parses every document and reads strings back byte for byte.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "json_writer.h"
#include "tests/unit.h"

static bool have_jq;

typedef void (*build_fn)(struct json_writer *w);

/* Run @build on a fresh writer and return what it wrote. */
static char *render(build_fn build, bool pretty)
{
	struct json_writer *w;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	f = open_memstream(&buf, &len);
	if (!f)
		abort();
	w = jsonw_new(f);
	if (!w)
		abort();
	jsonw_pretty(w, pretty);
	build(w);
	jsonw_destroy(&w);
	fclose(f);
	return buf;
}

/* Run jq with @filter on @doc; return its output, or NULL if jq failed. */
static char *run_jq(const char *filter, const char *doc)
{
	char path[] = "/tmp/jsonw-test-XXXXXX";
	char cmd[256], *out = NULL;
	size_t len = 0, n;
	char chunk[4096];
	FILE *f, *p;
	int fd, status;

	fd = mkstemp(path);
	if (fd < 0)
		return NULL;
	f = fdopen(fd, "w");
	fputs(doc, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "jq %s %s 2>/dev/null", filter, path);
	p = popen(cmd, "r");
	if (!p) {
		unlink(path);
		return NULL;
	}
	f = open_memstream(&out, &len);
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		fwrite(chunk, 1, n, f);
	fclose(f);
	status = pclose(p);
	unlink(path);
	if (status != 0) {
		free(out);
		return NULL;
	}
	return out;
}

static void expect(const char *name, build_fn build, bool pretty,
		   const char *want)
{
	char *got = render(build, pretty);

	check(!strcmp(got, want), name, "\n got: [%s]\nwant: [%s]", got, want);
	if (have_jq) {
		char *parsed = run_jq("-e -c .", got);

		check(!!parsed, name, "jq cannot parse [%s]", got);
		free(parsed);
	}
	free(got);
}

static void build_empty_object(struct json_writer *w)
{
	jsonw_start_object(w);
	jsonw_end_object(w);
}

static void build_empty_array(struct json_writer *w)
{
	jsonw_start_array(w);
	jsonw_end_array(w);
}

static void build_nested(struct json_writer *w)
{
	jsonw_start_object(w);
	jsonw_uint_field(w, "a", 1);
	jsonw_name(w, "b");
	jsonw_start_array(w);
	jsonw_bool(w, true);
	jsonw_bool(w, false);
	jsonw_null(w);
	jsonw_end_array(w);
	jsonw_name(w, "c");
	jsonw_start_object(w);
	jsonw_string_field(w, "d", "x");
	jsonw_end_object(w);
	jsonw_int_field(w, "e", -5);
	jsonw_name(w, "f");
	jsonw_start_array(w);
	jsonw_end_array(w);
	jsonw_name(w, "g");
	jsonw_start_object(w);
	jsonw_end_object(w);
	jsonw_name(w, "h");
	jsonw_start_array(w);
	jsonw_start_object(w);
	jsonw_null_field(w, "i");
	jsonw_end_object(w);
	jsonw_start_array(w);
	jsonw_uint(w, 2);
	jsonw_end_array(w);
	jsonw_end_array(w);
	jsonw_end_object(w);
}

#define NESTED_1	"{\"a\":1,\"b\":[true,false,null],\"c\":{\"d\":\"x\"},"
#define NESTED_2	"\"e\":-5,\"f\":[],\"g\":{},\"h\":[{\"i\":null},[2]]}\n"
static const char nested_compact[] = NESTED_1 NESTED_2;

static const char nested_pretty[] =
	"{\n"
	"  \"a\": 1,\n"
	"  \"b\": [\n"
	"    true,\n"
	"    false,\n"
	"    null\n"
	"  ],\n"
	"  \"c\": {\n"
	"    \"d\": \"x\"\n"
	"  },\n"
	"  \"e\": -5,\n"
	"  \"f\": [],\n"
	"  \"g\": {},\n"
	"  \"h\": [\n"
	"    {\n"
	"      \"i\": null\n"
	"    },\n"
	"    [\n"
	"      2\n"
	"    ]\n"
	"  ]\n"
	"}\n";

/* Every byte that needs care, plus UTF-8 that must pass through. */
#define UTF8	"\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac end"
static const char tricky[] =
	"q\"b\\s/n\nt\tb\bf\fr\r c1\x01 c1f\x1f del\x7f " UTF8;

#define TRICKY_ESCAPED	"q\\\"b\\\\s/n\\nt\\tb\\bf\\fr\\r c1\\u0001 c1f\\u001f del\x7f "
static const char tricky_json[] = "\"" TRICKY_ESCAPED UTF8 "\"";

static void build_escape(struct json_writer *w)
{
	jsonw_start_object(w);
	jsonw_string_field(w, "s", tricky);
	jsonw_string_field(w, "k\"\n", "v");
	jsonw_end_object(w);
}

static void build_numbers(struct json_writer *w)
{
	jsonw_start_array(w);
	jsonw_uint(w, UINT64_MAX);
	jsonw_int(w, INT64_MIN);
	jsonw_uint(w, 0);
	jsonw_end_array(w);
}

static void build_scalar(struct json_writer *w)
{
	jsonw_string(w, "x");
}

static void build_two_values(struct json_writer *w)
{
	jsonw_start_object(w);
	jsonw_end_object(w);
	jsonw_uint(w, 7);
}

static void build_unclosed(struct json_writer *w)
{
	jsonw_start_object(w);
	jsonw_name(w, "a");
	jsonw_start_array(w);
	jsonw_uint(w, 1);
	jsonw_start_object(w);
	jsonw_name(w, "dangling");
}

static void stringf(struct json_writer *w, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	jsonw_vstringf(w, fmt, ap);
	va_end(ap);
}

static void build_stringf(struct json_writer *w)
{
	jsonw_start_object(w);
	jsonw_name(w, "error");
	stringf(w, "pid %u: \"%s\"", 42u, "a\tb");
	jsonw_end_object(w);
}

static void build_null_string(struct json_writer *w)
{
	jsonw_start_array(w);
	jsonw_string(w, NULL);
	jsonw_end_array(w);
}

static void build_depth(struct json_writer *w)
{
	int i;

	for (i = 0; i < 100; i++)
		jsonw_start_array(w);
	for (i = 0; i < 100; i++)
		jsonw_end_array(w);
}

static void test_escape_roundtrip(void)
{
	char *doc = render(build_escape, false);
	char *s, *k;
	char want[sizeof(tricky_json) + 32];

	snprintf(want, sizeof(want), "{\"s\":%s,\"k\\\"\\n\":\"v\"}\n",
		 tricky_json);
	check(!strcmp(doc, want), "escape", "\n got: [%s]\nwant: [%s]", doc,
	      want);
	if (have_jq) {
		s = run_jq("-j .s", doc);
		check(s && !strcmp(s, tricky), "escape jq .s",
		      "jq read back [%s]", s ? s : "(jq failed)");
		free(s);
		k = run_jq("-j '.[\"k\\\"\\n\"]'", doc);
		check(k && !strcmp(k, "v"), "escape jq key", "got [%s]",
		      k ? k : "(jq failed)");
		free(k);
	}
	free(doc);
}

static void test_depth(void)
{
	char *doc = render(build_depth, false);
	char want[202];

	memset(want, '[', 100);
	memset(want + 100, ']', 100);
	want[200] = '\n';
	want[201] = '\0';
	check(!strcmp(doc, want), "depth 100", "got [%s]", doc);
	free(doc);
}

int main(void)
{
	have_jq = system("jq --version >/dev/null 2>&1") == 0;
	if (!have_jq)
		printf("note: jq not found, skipping the jq checks\n");

	expect("empty object", build_empty_object, false, "{}\n");
	expect("empty object pretty", build_empty_object, true, "{}\n");
	expect("empty array", build_empty_array, false, "[]\n");
	expect("nested compact", build_nested, false, nested_compact);
	expect("nested pretty", build_nested, true, nested_pretty);
	expect("numbers", build_numbers, false,
	       "[18446744073709551615,-9223372036854775808,0]\n");
	expect("top-level scalar", build_scalar, false, "\"x\"\n");
	expect("two top-level values", build_two_values, false, "{}\n7\n");
	expect("destroy closes", build_unclosed, false,
	       "{\"a\":[1,{\"dangling\":null}]}\n");
	expect("destroy closes pretty", build_unclosed, true,
	       "{\n  \"a\": [\n    1,\n    {\n      \"dangling\": null\n"
	       "    }\n  ]\n}\n");
	expect("stringf", build_stringf, false,
	       "{\"error\":\"pid 42: \\\"a\\tb\\\"\"}\n");
	expect("null string", build_null_string, false, "[null]\n");
	test_escape_roundtrip();
	test_depth();

	return unit_done();
}
