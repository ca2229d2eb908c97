// SPDX-License-Identifier: GPL-2.0
/*
 * The print layer: every command prints through these calls, so text and
 * JSON come from the same code path and cannot drift apart.
 */
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "print.h"

bool json;
bool pretty;

static struct json_writer *jw;

#define IS_JSON(type)	(json && ((type) & PRINT_JSON))
#define IS_FP(type)	(!json && ((type) & PRINT_FP))

/*
 * Length of the well-formed UTF-8 sequence at @p (RFC 3629: no overlong
 * forms, no surrogates), 0 for a byte that starts none.
 */
static size_t utf8_len(const unsigned char *p)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t i, n;

	if (*p < 0x80)
		return 1;
	if (*p >= 0xc2 && *p <= 0xdf) {
		n = 2;
	} else if (*p >= 0xe0 && *p <= 0xef) {
		n = 3;
		if (*p == 0xe0)
			lo = 0xa0;
		else if (*p == 0xed)
			hi = 0x9f;
	} else if (*p >= 0xf0 && *p <= 0xf4) {
		n = 4;
		if (*p == 0xf0)
			lo = 0x90;
		else if (*p == 0xf4)
			hi = 0x8f;
	} else {
		return 0;
	}
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/*
 * A control character at @p: C0 and DEL, or C1 (U+0080..U+009F, as UTF-8
 * or as a bare byte, which some terminals take for CSI and the like).
 * Return: how many bytes it takes, 0 when @p holds none.
 */
static size_t control_len(const unsigned char *p)
{
	size_t n;

	if (*p < 0x20 || *p == 0x7f)
		return 1;
	n = utf8_len(p);
	if (n == 2 && p[0] == 0xc2 && p[1] < 0xa0)
		return 2;
	return !n && *p < 0xa0 ? 1 : 0;
}

/*
 * Whether text may use characters beyond ASCII (the tree's box-drawing
 * lines): the character set of the locale the environment names
 * (LC_ALL, LC_CTYPE, LANG) is UTF-8.  The program itself stays in the C
 * locale; the answer is kept.
 */
bool print_utf8(void)
{
	static int utf8 = -1;
	const char *cs;

	if (utf8 < 0) {
		utf8 = 0;
		if (setlocale(LC_CTYPE, "")) {
			cs = nl_langinfo(CODESET);
			utf8 = cs && (!strcmp(cs, "UTF-8") || !strcmp(cs, "utf8"));
			setlocale(LC_CTYPE, "C");
		}
	}
	return utf8;
}

/**
 * text_safe() - a string as it may go to a terminal
 * @s: the string, from the kernel or from a file (a comm or a cgroup name
 *     may hold any byte)
 * @copy: set to a cleaned copy to free, or to NULL
 *
 * Every control character, and so every escape sequence, is shown as '?',
 * as ps does.  Other bytes, UTF-8 or not, pass through.
 *
 * Return: @s itself when it is clean, else *@copy.
 */
const char *text_safe(const char *s, char **copy)
{
	const unsigned char *p;
	char *d;

	*copy = NULL;
	for (p = (const unsigned char *)s; *p && !control_len(p);)
		p += utf8_len(p) ?: 1;
	if (!*p)
		return s;
	*copy = strdup(s);
	if (!*copy)
		return "?";
	for (p = (const unsigned char *)s, d = *copy; *p;) {
		size_t n = control_len(p);

		if (n) {
			*d++ = '?';
			p += n;
			continue;
		}
		n = utf8_len(p) ?: 1;
		memcpy(d, p, n);
		d += n;
		p += n;
	}
	*d = '\0';
	return *copy;
}

/**
 * new_json_obj() - start JSON output on stdout when -j was given
 *
 * Calling it twice is harmless.  Exits when out of memory.
 */
void new_json_obj(void)
{
	if (!json || jw)
		return;
	jw = jsonw_new(stdout);
	if (!jw) {
		fputs("Error: out of memory\n", stderr);
		exit(2);
	}
	jsonw_pretty(jw, pretty);
}

/**
 * delete_json_obj() - finish JSON output, closing whatever is still open
 */
void delete_json_obj(void)
{
	if (jw)
		jsonw_destroy(&jw);
	fflush(stdout);
}

/**
 * get_json_writer() - the JSON writer, creating it in JSON mode
 *
 * Return: the writer, or NULL in text mode.
 */
struct json_writer *get_json_writer(void)
{
	new_json_obj();
	return jw;
}

static void json_key(const char *key)
{
	if (key)
		jsonw_name(jw, key);
}

/**
 * open_json_object() - open a JSON object (JSON mode only)
 * @name: member name, or NULL inside an array or at top level
 */
void open_json_object(const char *name)
{
	if (!json)
		return;
	new_json_obj();
	json_key(name);
	jsonw_start_object(jw);
}

/**
 * close_json_object() - close the innermost JSON object (JSON mode only)
 */
void close_json_object(void)
{
	if (json && jw)
		jsonw_end_object(jw);
}

/**
 * open_json_array() - open a JSON array, or print its name as text
 * @type: PRINT_JSON, PRINT_FP or PRINT_ANY
 * @name: member name in JSON, text (may be NULL) in text mode
 */
void open_json_array(enum output_type type, const char *name)
{
	if (IS_JSON(type)) {
		new_json_obj();
		json_key(name);
		jsonw_start_array(jw);
	} else if (IS_FP(type) && name) {
		fputs(name, stdout);
	}
}

/**
 * close_json_array() - close a JSON array, or print @delim as text
 * @type: PRINT_JSON, PRINT_FP or PRINT_ANY
 * @delim: text to print in text mode, may be NULL
 */
void close_json_array(enum output_type type, const char *delim)
{
	if (IS_JSON(type)) {
		if (jw)
			jsonw_end_array(jw);
	} else if (IS_FP(type) && delim) {
		fputs(delim, stdout);
	}
}

/**
 * print_string() - print a string member or value
 * @type: PRINT_JSON, PRINT_FP or PRINT_ANY
 * @key: JSON member name, NULL for a bare value
 * @fmt: text format with one %s, NULL to print nothing as text
 * @value: the string; NULL is null in JSON and "-" as text
 */
void print_string(enum output_type type, const char *key, const char *fmt,
		  const char *value)
{
	if (IS_JSON(type)) {
		new_json_obj();
		json_key(key);
		jsonw_string(jw, value);
	} else if (IS_FP(type) && fmt) {
		char *copy = NULL;

		printf(fmt, value ? text_safe(value, &copy) : "-");
		free(copy);
	}
}

/**
 * print_string_or() - print_string(), with its own text for NULL
 * @type: PRINT_JSON, PRINT_FP or PRINT_ANY
 * @key: JSON member name, NULL for a bare value
 * @fmt: text format with one %s, NULL to print nothing as text
 * @value: the string; NULL is null in JSON
 * @absent: what text shows instead of a NULL @value ("?", "")
 */
void print_string_or(enum output_type type, const char *key, const char *fmt,
		     const char *value, const char *absent)
{
	if (!value && IS_FP(type) && fmt)
		printf(fmt, absent);
	else
		print_string(type, key, fmt, value);
}

/**
 * print_uint() - print an unsigned int member or value
 * @type: PRINT_JSON, PRINT_FP or PRINT_ANY
 * @key: JSON member name, NULL for a bare value
 * @fmt: text format with one %u, NULL to print nothing as text
 * @value: the number
 */
void print_uint(enum output_type type, const char *key, const char *fmt,
		unsigned int value)
{
	if (IS_JSON(type)) {
		new_json_obj();
		json_key(key);
		jsonw_uint(jw, value);
	} else if (IS_FP(type) && fmt) {
		printf(fmt, value);
	}
}

/**
 * print_u64() - print a 64-bit unsigned member or value
 * @type: PRINT_JSON, PRINT_FP or PRINT_ANY
 * @key: JSON member name, NULL for a bare value
 * @fmt: text format with one %llu or %llx conversion, or NULL
 * @value: the number; JSON always gets it in decimal
 */
void print_u64(enum output_type type, const char *key, const char *fmt,
	       __u64 value)
{
	if (IS_JSON(type)) {
		new_json_obj();
		json_key(key);
		jsonw_uint(jw, value);
	} else if (IS_FP(type) && fmt) {
		printf(fmt, value);
	}
}

/**
 * print_s64() - print a 64-bit signed member or value
 * @type: PRINT_JSON, PRINT_FP or PRINT_ANY
 * @key: JSON member name, NULL for a bare value
 * @fmt: text format with one %lld conversion, or NULL
 * @value: the number
 */
void print_s64(enum output_type type, const char *key, const char *fmt,
	       __s64 value)
{
	if (IS_JSON(type)) {
		new_json_obj();
		json_key(key);
		jsonw_int(jw, value);
	} else if (IS_FP(type) && fmt) {
		printf(fmt, value);
	}
}

/**
 * print_bool() - print a boolean member or value
 * @type: PRINT_JSON, PRINT_FP or PRINT_ANY
 * @key: JSON member name, NULL for a bare value
 * @fmt: text format with one %s that gets "true" or "false", or NULL
 * @value: the boolean
 */
void print_bool(enum output_type type, const char *key, const char *fmt,
		bool value)
{
	if (IS_JSON(type)) {
		new_json_obj();
		json_key(key);
		jsonw_bool(jw, value);
	} else if (IS_FP(type) && fmt) {
		printf(fmt, value ? "true" : "false");
	}
}

/**
 * print_null() - print null in JSON, @fmt verbatim as text
 * @type: PRINT_JSON, PRINT_FP or PRINT_ANY
 * @key: JSON member name, NULL for a bare value
 * @fmt: text printed as is (no conversions), or NULL
 */
void print_null(enum output_type type, const char *key, const char *fmt)
{
	if (IS_JSON(type)) {
		new_json_obj();
		json_key(key);
		jsonw_null(jw);
	} else if (IS_FP(type) && fmt) {
		fputs(fmt, stdout);
	}
}

/**
 * print_u64_or_null() - a JSON number member, or null where it is unknown
 * @key: JSON member name
 * @has: whether @value is known
 * @value: the number
 *
 * JSON only: text output says "unknown" in its own words at each place.
 */
void print_u64_or_null(const char *key, bool has, __u64 value)
{
	if (has)
		print_u64(PRINT_JSON, key, NULL, value);
	else
		print_null(PRINT_JSON, key, NULL);
}

/**
 * print_strv() - print a list of strings: a JSON array, or joined text
 * @type: PRINT_JSON, PRINT_FP or PRINT_ANY
 * @key: JSON member name, NULL for a bare array
 * @v: the strings
 * @n: how many
 * @sep: text separator between strings
 * @empty: text printed for an empty list, may be NULL
 */
void print_strv(enum output_type type, const char *key, char *const *v,
		size_t n, const char *sep, const char *empty)
{
	size_t i;

	if (IS_JSON(type)) {
		open_json_array(PRINT_JSON, key);
		for (i = 0; i < n; i++)
			jsonw_string(jw, v[i]);
		close_json_array(PRINT_JSON, NULL);
	} else if (IS_FP(type)) {
		if (!n && empty)
			fputs(empty, stdout);
		for (i = 0; i < n; i++) {
			char *copy;

			printf("%s%s", i ? sep : "", text_safe(v[i], &copy));
			free(copy);
		}
	}
}

/**
 * print_nl() - end a text line (nothing in JSON mode)
 */
void print_nl(void)
{
	if (!json)
		putchar('\n');
}
