// SPDX-License-Identifier: GPL-2.0
/*
 * Reading JSON with json-c (libjson-c): a whole file parsed strictly
 * (JSON_TOKENER_STRICT: one value, nothing after it but white space; UTF-8
 * validated; nesting limited so that a hostile file cannot exhaust the
 * stack), errors reported with their place as "line L, column C: what";
 * typed accessors that answer "absent" instead of converting; a value
 * written back through cgscope's own JSON writer, so that it comes out in
 * the same style as everything else cgscope prints.
 *
 * What json-c decides for us: an unpaired \u surrogate becomes U+FFFD,
 * a repeated member name keeps the last value, an integer above 2^64 - 1
 * reads as 2^64 - 1.  cgscope never writes any of these.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_reader.h"
#include "main.h"

#define JR_MAX_DEPTH	256
#define JR_MAX_FILE	(256u << 20)

/* Parse @buf (@len bytes and a NUL after them); on error say where. */
static struct json_object *jr_parse(const char *path, const char *buf,
				    size_t len)
{
	unsigned int line = 1, col = 1;
	struct json_object *v = NULL;
	enum json_tokener_error e;
	struct json_tokener *tok;
	const char *what;
	char chr[8] = "";
	size_t end, i;

	tok = json_tokener_new_ex(JR_MAX_DEPTH);
	if (!tok) {
		p_err("%s: %s", path, strerror(ENOMEM));
		return NULL;
	}
	/* (trailing characters are looked at here, to say so) */
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT |
			       JSON_TOKENER_ALLOW_TRAILING_CHARS |
			       JSON_TOKENER_VALIDATE_UTF8);
	/* the NUL ends a number at the very end of the file */
	v = json_tokener_parse_ex(tok, buf, (int)len + 1);
	e = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (v) {
		end += strspn(buf + end, " \t\r\n");
		if (end >= len)
			return v;
		/* (json-c stops at a NUL byte too) */
		what = "trailing characters after the value";
		json_object_put(v);
	} else if (e == json_tokener_continue || end >= len) {
		what = "unexpected end of input";
	} else {
		what = json_tokener_error_desc(e);
		if (e == json_tokener_error_parse_unexpected &&
		    buf[end] > ' ' && buf[end] < 0x7f)
			snprintf(chr, sizeof(chr), " '%c'", buf[end]);
	}
	for (i = 0; i < end && i < len; i++) {
		if (buf[i] == '\n') {
			line++;
			col = 1;
		} else if (((unsigned char)buf[i] & 0xc0) != 0x80) {
			col++;
		}
	}
	p_err("%s: not valid JSON (line %u, column %u: %s%s)", path, line, col,
	      what, chr);
	return NULL;
}

/**
 * jr_load_file() - read and parse a JSON file
 * @path: the file, "-" for standard input
 *
 * Return: the document (json_object_put() it), or NULL after reporting
 * "PATH: ..." with p_err().
 */
struct json_object *jr_load_file(const char *path)
{
	bool in = !strcmp(path, "-");
	FILE *f = in ? stdin : fopen(path, "re");
	size_t cap = 65536, n = 0, got;
	struct json_object *v = NULL;
	char *buf;

	if (!f) {
		p_err("%s: %s", path, strerror(errno));
		return NULL;
	}
	buf = xmalloc(cap);
	while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n > JR_MAX_FILE) {
			p_err("%s: larger than %u MiB", path, JR_MAX_FILE >> 20);
			goto out_close;
		}
		if (n == cap)
			buf = xgrow(buf, &cap, cap + 1, 1);
	}
	if (ferror(f)) {
		p_err("%s: %s", path, strerror(errno));
		goto out_close;
	}
	buf[n] = '\0';		/* room: the loop leaves n < cap */
	v = jr_parse(path, buf, n);
out_close:
	if (!in)
		fclose(f);
	free(buf);
	return v;
}

/**
 * jr_get() - an object's member
 * @obj: the object (any other value, or NULL, has no members)
 * @key: the member's name
 *
 * Return: the member's value, or NULL.
 */
struct json_object *jr_get(struct json_object *obj, const char *key)
{
	struct json_object *v;

	if (!json_object_is_type(obj, json_type_object) ||
	    !json_object_object_get_ex(obj, key, &v))
		return NULL;
	return v;
}

/**
 * jr_u64() - a number that is a non-negative integer fitting 64 bits
 * @v: the value, may be NULL
 * @out: its value
 *
 * Return: true when @v is such a number.
 */
bool jr_u64(struct json_object *v, __u64 *out)
{
	if (!json_object_is_type(v, json_type_int) ||
	    json_object_get_int64(v) < 0)
		return false;
	*out = json_object_get_uint64(v);
	return true;
}

/**
 * jr_true() - is @v the literal true?
 * @v: the value, may be NULL
 *
 * Return: true only for a boolean true.
 */
bool jr_true(struct json_object *v)
{
	return json_object_is_type(v, json_type_boolean) &&
	       json_object_get_boolean(v);
}

/**
 * jr_str() - a string value
 * @v: the value, may be NULL
 *
 * Return: the string, or NULL when @v is not a string.
 */
const char *jr_str(struct json_object *v)
{
	return json_object_is_type(v, json_type_string) ?
	       json_object_get_string(v) : NULL;
}

/**
 * jr_num() - a number as text
 * @v: the value, may be NULL
 *
 * Return: the number as written (json-c keeps a real's text), or "?"
 * when @v is not a number.
 */
const char *jr_num(struct json_object *v)
{
	if (!json_object_is_type(v, json_type_int) &&
	    !json_object_is_type(v, json_type_double))
		return "?";
	return json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN);
}

/**
 * jr_write() - write a value with cgscope's JSON writer
 * @w: the writer
 * @v: the value (NULL writes null)
 */
void jr_write(struct json_writer *w, struct json_object *v)
{
	size_t i, n;

	switch (json_object_get_type(v)) {
	case json_type_null:
		jsonw_null(w);
		break;
	case json_type_boolean:
		jsonw_bool(w, json_object_get_boolean(v));
		break;
	case json_type_int:
	case json_type_double:
		jsonw_number_text(w, jr_num(v));
		break;
	case json_type_string:
		jsonw_string(w, json_object_get_string(v));
		break;
	case json_type_array:
		jsonw_start_array(w);
		n = json_object_array_length(v);
		for (i = 0; i < n; i++)
			jr_write(w, json_object_array_get_idx(v, i));
		jsonw_end_array(w);
		break;
	case json_type_object:
		jsonw_start_object(w);
		json_object_object_foreach(v, key, val) {
			jsonw_name(w, key);
			jr_write(w, val);
		}
		jsonw_end_object(w);
		break;
	}
}
