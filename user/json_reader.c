// SPDX-License-Identifier: GPL-2.0
/*
 * A small recursive-descent JSON reader.  Strict RFC 8259: one value with
 * optional white space around it, no trailing commas, no comments, strings
 * with valid escapes and no raw control characters, \u escapes (with
 * surrogate pairs) decoded to UTF-8.  Nesting is limited so that a hostile
 * file cannot exhaust the stack.  Errors say where: "line L, column C".
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_reader.h"
#include "main.h"

#define JV_MAX_DEPTH	256
#define JV_MAX_FILE	(256u << 20)

struct jv_parser {
	const char *p, *start, *end;
	char *err;
	size_t errlen;
	bool failed;
};

static void jv_fail(struct jv_parser *ps, const char *fmt, ...)
	__printf(2, 3);

static void jv_fail(struct jv_parser *ps, const char *fmt, ...)
{
	unsigned int line = 1, col = 1;
	const char *q;
	char msg[128];
	va_list ap;

	if (ps->failed)
		return;
	ps->failed = true;
	for (q = ps->start; q < ps->p && q < ps->end; q++) {
		if (*q == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(ps->err, ps->errlen, "line %u, column %u: %s", line, col, msg);
}

static void jv_skip_ws(struct jv_parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' ||
				   *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

static bool jv_literal(struct jv_parser *ps, const char *word)
{
	size_t len = strlen(word);

	if ((size_t)(ps->end - ps->p) < len || memcmp(ps->p, word, len))
		return false;
	ps->p += len;
	return true;
}

static bool jv_isdigit(char c)
{
	return c >= '0' && c <= '9';
}

static void jv_number(struct jv_parser *ps, struct jv *v)
{
	const char *s = ps->p;

	if (ps->p < ps->end && *ps->p == '-')
		ps->p++;
	if (ps->p >= ps->end || !jv_isdigit(*ps->p)) {
		jv_fail(ps, "invalid number");
		return;
	}
	if (*ps->p == '0')
		ps->p++;
	else
		while (ps->p < ps->end && jv_isdigit(*ps->p))
			ps->p++;
	if (ps->p < ps->end && *ps->p == '.') {
		ps->p++;
		if (ps->p >= ps->end || !jv_isdigit(*ps->p)) {
			jv_fail(ps, "invalid number");
			return;
		}
		while (ps->p < ps->end && jv_isdigit(*ps->p))
			ps->p++;
	}
	if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
		ps->p++;
		if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-'))
			ps->p++;
		if (ps->p >= ps->end || !jv_isdigit(*ps->p)) {
			jv_fail(ps, "invalid number");
			return;
		}
		while (ps->p < ps->end && jv_isdigit(*ps->p))
			ps->p++;
	}
	v->type = JV_NUM;
	v->len = (size_t)(ps->p - s);
	v->s = xmalloc(v->len + 1);
	memcpy(v->s, s, v->len);
	v->s[v->len] = '\0';
}

static int jv_hex4(struct jv_parser *ps, unsigned int *out)
{
	unsigned int i, c = 0;

	if (ps->end - ps->p < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		char h = ps->p[i];

		c <<= 4;
		if (h >= '0' && h <= '9')
			c |= (unsigned int)(h - '0');
		else if (h >= 'a' && h <= 'f')
			c |= (unsigned int)(h - 'a' + 10);
		else if (h >= 'A' && h <= 'F')
			c |= (unsigned int)(h - 'A' + 10);
		else
			return -1;
	}
	ps->p += 4;
	*out = c;
	return 0;
}

/* Append code point @c as UTF-8 to @buf (room for 4 more bytes). */
static size_t jv_utf8(char *buf, unsigned int c)
{
	if (c < 0x80) {
		buf[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		buf[0] = (char)(0xc0 | (c >> 6));
		buf[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		buf[0] = (char)(0xe0 | (c >> 12));
		buf[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		buf[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	buf[0] = (char)(0xf0 | (c >> 18));
	buf[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	buf[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	buf[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

/* A string, at its opening quote; sets *@out and *@outlen. */
static void jv_string_raw(struct jv_parser *ps, char **out, size_t *outlen)
{
	size_t cap = 16, n = 0;
	char *buf = xmalloc(cap);

	ps->p++;	/* the quote */
	for (;;) {
		unsigned char c;

		if (ps->p >= ps->end) {
			jv_fail(ps, "unterminated string");
			goto err_free;
		}
		buf = xgrow(buf, &cap, n + 5, 1);
		c = (unsigned char)*ps->p;
		if (c == '"') {
			ps->p++;
			break;
		}
		if (c < 0x20) {
			jv_fail(ps, "control character in a string");
			goto err_free;
		}
		if (c != '\\') {
			buf[n++] = (char)c;
			ps->p++;
			continue;
		}
		ps->p++;
		if (ps->p >= ps->end) {
			jv_fail(ps, "unterminated string");
			goto err_free;
		}
		c = (unsigned char)*ps->p++;
		switch (c) {
		case '"': case '\\': case '/':
			buf[n++] = (char)c;
			break;
		case 'b':
			buf[n++] = '\b';
			break;
		case 'f':
			buf[n++] = '\f';
			break;
		case 'n':
			buf[n++] = '\n';
			break;
		case 'r':
			buf[n++] = '\r';
			break;
		case 't':
			buf[n++] = '\t';
			break;
		case 'u': {
			unsigned int cp, lo;

			if (jv_hex4(ps, &cp)) {
				jv_fail(ps, "invalid \\u escape");
				goto err_free;
			}
			if (cp >= 0xd800 && cp < 0xdc00) {
				if (ps->end - ps->p < 2 || ps->p[0] != '\\' ||
				    ps->p[1] != 'u') {
					jv_fail(ps, "unpaired surrogate");
					goto err_free;
				}
				ps->p += 2;
				if (jv_hex4(ps, &lo) || lo < 0xdc00 ||
				    lo > 0xdfff) {
					jv_fail(ps, "unpaired surrogate");
					goto err_free;
				}
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				     (lo - 0xdc00);
			} else if (cp >= 0xdc00 && cp < 0xe000) {
				jv_fail(ps, "unpaired surrogate");
				goto err_free;
			}
			n += jv_utf8(buf + n, cp);
			break;
		}
		default:
			jv_fail(ps, "invalid escape");
			goto err_free;
		}
	}
	buf[n] = '\0';
	*out = buf;
	*outlen = n;
	return;

err_free:
	free(buf);
	*out = NULL;
	*outlen = 0;
}

static void jv_value(struct jv_parser *ps, struct jv *v, unsigned int depth);

static void jv_container(struct jv_parser *ps, struct jv *v,
			 unsigned int depth, bool obj)
{
	char close = obj ? '}' : ']';

	v->type = obj ? JV_OBJ : JV_ARR;
	ps->p++;
	jv_skip_ws(ps);
	if (ps->p < ps->end && *ps->p == close) {
		ps->p++;
		return;
	}
	for (;;) {
		char *key = NULL;
		size_t klen;

		jv_skip_ws(ps);
		if (obj) {
			if (ps->p >= ps->end || *ps->p != '"') {
				jv_fail(ps, "expected a member name");
				return;
			}
			jv_string_raw(ps, &key, &klen);
			if (ps->failed)
				return;
			jv_skip_ws(ps);
			if (ps->p >= ps->end || *ps->p != ':') {
				free(key);
				jv_fail(ps, "expected ':'");
				return;
			}
			ps->p++;
		}
		v->items = xgrow(v->items, &v->cap, v->n + 1, sizeof(*v->items));
		if (obj) {
			v->keys = xreallocarray(v->keys, v->cap, sizeof(*v->keys));
			v->keys[v->n] = key;
		}
		memset(&v->items[v->n], 0, sizeof(v->items[v->n]));
		v->n++;
		jv_value(ps, &v->items[v->n - 1], depth + 1);
		if (ps->failed)
			return;
		jv_skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == close) {
			ps->p++;
			return;
		}
		jv_fail(ps, obj ? "expected ',' or '}'" :
				   "expected ',' or ']'");
		return;
	}
}

static void jv_value(struct jv_parser *ps, struct jv *v, unsigned int depth)
{
	if (depth > JV_MAX_DEPTH) {
		jv_fail(ps, "nested too deeply");
		return;
	}
	jv_skip_ws(ps);
	if (ps->p >= ps->end) {
		jv_fail(ps, "unexpected end of input");
		return;
	}
	switch (*ps->p) {
	case '{':
		jv_container(ps, v, depth, true);
		return;
	case '[':
		jv_container(ps, v, depth, false);
		return;
	case '"':
		v->type = JV_STR;
		jv_string_raw(ps, &v->s, &v->len);
		return;
	case 't':
	case 'f':
		v->type = JV_BOOL;
		v->b = *ps->p == 't';
		if (!jv_literal(ps, v->b ? "true" : "false"))
			jv_fail(ps, "invalid literal");
		return;
	case 'n':
		v->type = JV_NULL;
		if (!jv_literal(ps, "null"))
			jv_fail(ps, "invalid literal");
		return;
	}
	if (*ps->p == '-' || jv_isdigit(*ps->p)) {
		jv_number(ps, v);
		return;
	}
	jv_fail(ps, "unexpected character '%c'",
		*ps->p >= 0x20 && *ps->p < 0x7f ? *ps->p : '?');
}

static void jv_free_inner(struct jv *v)
{
	size_t i;

	for (i = 0; i < v->n; i++) {
		jv_free_inner(&v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->s);
}

/**
 * jv_free() - free a parsed document
 * @v: what jv_parse() returned, or NULL
 */
void jv_free(struct jv *v)
{
	if (!v)
		return;
	jv_free_inner(v);
	free(v);
}

/**
 * jv_parse() - parse a JSON document
 * @text: the text (need not be NUL-terminated)
 * @len: its length
 * @err: where to say what is wrong
 * @errlen: room in @err
 *
 * Return: the document (free with jv_free()), or NULL with @err set.
 */
struct jv *jv_parse(const char *text, size_t len, char *err, size_t errlen)
{
	struct jv_parser ps = {
		.p = text, .start = text, .end = text + len,
		.err = err, .errlen = errlen,
	};
	struct jv *v = xcalloc(1, sizeof(*v));

	jv_value(&ps, v, 0);
	if (!ps.failed) {
		jv_skip_ws(&ps);
		if (ps.p != ps.end)
			jv_fail(&ps, "trailing characters after the value");
	}
	if (ps.failed) {
		jv_free(v);
		return NULL;
	}
	return v;
}

/**
 * jv_load_file() - read and parse a JSON file
 * @path: the file, "-" for standard input
 *
 * Return: the document, or NULL after reporting "PATH: ..." with p_err().
 */
struct jv *jv_load_file(const char *path)
{
	bool in = !strcmp(path, "-");
	FILE *f = in ? stdin : fopen(path, "re");
	size_t cap = 65536, n = 0, got;
	char err[192];
	struct jv *v;
	char *buf;

	if (!f) {
		p_err("%s: %s", path, strerror(errno));
		return NULL;
	}
	buf = xmalloc(cap);
	while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n > JV_MAX_FILE) {
			p_err("%s: larger than %u MiB", path, JV_MAX_FILE >> 20);
			goto err_free;
		}
		if (n == cap)
			buf = xgrow(buf, &cap, cap + 1, 1);
	}
	if (ferror(f)) {
		p_err("%s: %s", path, strerror(errno));
		goto err_free;
	}
	if (!in)
		fclose(f);
	v = jv_parse(buf, n, err, sizeof(err));
	free(buf);
	if (!v)
		p_err("%s: not valid JSON (%s)", path, err);
	return v;

err_free:
	if (!in)
		fclose(f);
	free(buf);
	return NULL;
}

/**
 * jv_get() - an object's member
 * @obj: the object (any other value has no members)
 * @key: the member's name
 *
 * Return: the first member of that name, or NULL.
 */
const struct jv *jv_get(const struct jv *obj, const char *key)
{
	size_t i;

	if (!obj || obj->type != JV_OBJ)
		return NULL;
	for (i = 0; i < obj->n; i++)
		if (!strcmp(obj->keys[i], key))
			return &obj->items[i];
	return NULL;
}

/**
 * jv_u64() - a number that is a non-negative integer fitting 64 bits
 * @v: the value, may be NULL
 * @out: its value
 *
 * Return: true when @v is such a number.
 */
bool jv_u64(const struct jv *v, __u64 *out)
{
	unsigned long long x;
	char *end;

	if (!v || v->type != JV_NUM || v->s[0] == '-')
		return false;
	errno = 0;
	x = strtoull(v->s, &end, 10);
	if (errno || *end)
		return false;
	*out = x;
	return true;
}

/**
 * jv_str() - a string value
 * @v: the value, may be NULL
 *
 * Return: the string, or NULL when @v is not a string.
 */
const char *jv_str(const struct jv *v)
{
	return v && v->type == JV_STR ? v->s : NULL;
}

/**
 * jv_equal() - are two values the same?
 * @a: one, may be NULL (absent)
 * @b: the other, may be NULL
 *
 * Objects are equal with the same members in the same order; numbers when
 * their text is the same.
 *
 * Return: true when equal (two absent values are).
 */
bool jv_equal(const struct jv *a, const struct jv *b)
{
	size_t i;

	if (!a || !b)
		return a == b;
	if (a->type != b->type)
		return false;
	switch (a->type) {
	case JV_NULL:
		return true;
	case JV_BOOL:
		return a->b == b->b;
	case JV_NUM:
	case JV_STR:
		return a->len == b->len && !memcmp(a->s, b->s, a->len);
	case JV_ARR:
	case JV_OBJ:
		if (a->n != b->n)
			return false;
		for (i = 0; i < a->n; i++) {
			if (a->keys && strcmp(a->keys[i], b->keys[i]))
				return false;
			if (!jv_equal(&a->items[i], &b->items[i]))
				return false;
		}
		return true;
	}
	return false;
}

/**
 * jv_write() - write a value with a JSON writer
 * @w: the writer
 * @v: the value
 */
void jv_write(struct json_writer *w, const struct jv *v)
{
	size_t i;

	switch (v->type) {
	case JV_NULL:
		jsonw_null(w);
		break;
	case JV_BOOL:
		jsonw_bool(w, v->b);
		break;
	case JV_NUM:
		jsonw_number_text(w, v->s);
		break;
	case JV_STR:
		jsonw_string(w, v->s);
		break;
	case JV_ARR:
		jsonw_start_array(w);
		for (i = 0; i < v->n; i++)
			jv_write(w, &v->items[i]);
		jsonw_end_array(w);
		break;
	case JV_OBJ:
		jsonw_start_object(w);
		for (i = 0; i < v->n; i++) {
			jsonw_name(w, v->keys[i]);
			jv_write(w, &v->items[i]);
		}
		jsonw_end_object(w);
		break;
	}
}
