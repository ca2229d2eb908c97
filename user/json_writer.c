// SPDX-License-Identifier: GPL-2.0
/*
 * Streaming JSON writer for cgscope.
 *
 * The writer keeps one entry per open object or array: the character that
 * closes it and whether anything was written into it yet.  That is all it
 * needs to place commas, newlines and indentation.  Strings are escaped as
 * RFC 8259 asks (quote, backslash, control characters); other bytes,
 * including non-ASCII UTF-8, pass through unchanged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_writer.h"

struct json_level {
	char close;		/* '}' or ']' */
	bool empty;		/* nothing written inside yet */
};

struct json_writer {
	FILE *out;
	bool pretty;
	bool after_name;	/* a name was written; its value is next */
	unsigned int depth;
	unsigned int cap;
	struct json_level *stack;
};

/**
 * jsonw_new() - create a JSON writer
 * @f: stream to write to
 *
 * Return: the writer, or NULL when out of memory.
 */
struct json_writer *jsonw_new(FILE *f)
{
	struct json_writer *self = calloc(1, sizeof(*self));

	if (!self)
		return NULL;
	self->out = f;
	return self;
}

static void jsonw_indent(struct json_writer *self)
{
	unsigned int i;

	fputc('\n', self->out);
	for (i = 0; i < self->depth; i++)
		fputs("  ", self->out);
}

/* Write what must come before a value or a name: comma, newline, indent. */
static void jsonw_begin_value(struct json_writer *self)
{
	struct json_level *lvl;

	if (self->after_name) {
		self->after_name = false;
		return;
	}
	if (!self->depth)
		return;
	lvl = &self->stack[self->depth - 1];
	if (!lvl->empty)
		fputc(',', self->out);
	lvl->empty = false;
	if (self->pretty)
		jsonw_indent(self);
}

/* A complete top-level value ends its line. */
static void jsonw_end_value(struct json_writer *self)
{
	if (!self->depth)
		fputc('\n', self->out);
}

static void jsonw_quote(struct json_writer *self, const char *s)
{
	const unsigned char *p;

	fputc('"', self->out);
	for (p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", self->out);
			break;
		case '\\':
			fputs("\\\\", self->out);
			break;
		case '\b':
			fputs("\\b", self->out);
			break;
		case '\f':
			fputs("\\f", self->out);
			break;
		case '\n':
			fputs("\\n", self->out);
			break;
		case '\r':
			fputs("\\r", self->out);
			break;
		case '\t':
			fputs("\\t", self->out);
			break;
		default:
			if (*p < 0x20)
				fprintf(self->out, "\\u%04x", *p);
			else
				fputc(*p, self->out);
		}
	}
	fputc('"', self->out);
}

static void jsonw_open(struct json_writer *self, char open, char close)
{
	jsonw_begin_value(self);
	if (self->depth == self->cap) {
		unsigned int cap = self->cap ? self->cap * 2 : 16;
		struct json_level *s;

		s = realloc(self->stack, cap * sizeof(*s));
		if (!s) {
			fputs("json_writer: out of memory\n", stderr);
			abort();
		}
		self->stack = s;
		self->cap = cap;
	}
	self->stack[self->depth].close = close;
	self->stack[self->depth].empty = true;
	self->depth++;
	fputc(open, self->out);
}

static void jsonw_close(struct json_writer *self)
{
	struct json_level *lvl;

	if (!self->depth)
		return;
	if (self->after_name) {
		/* A name without its value: keep the output well formed. */
		self->after_name = false;
		fputs("null", self->out);
	}
	self->depth--;
	lvl = &self->stack[self->depth];
	if (self->pretty && !lvl->empty)
		jsonw_indent(self);
	fputc(lvl->close, self->out);
	jsonw_end_value(self);
}

/**
 * jsonw_destroy() - close every open object and array, free the writer
 * @self_p: the writer; set to NULL
 *
 * Closing what is still open keeps the output valid JSON when a command
 * stops half way through, e.g. on an error.
 */
void jsonw_destroy(struct json_writer **self_p)
{
	struct json_writer *self = *self_p;

	if (!self)
		return;
	while (self->depth)
		jsonw_close(self);
	fflush(self->out);
	free(self->stack);
	free(self);
	*self_p = NULL;
}

/**
 * jsonw_pretty() - turn indented output on or off
 * @self: the writer
 * @on: indent with two spaces per level, one member per line
 */
void jsonw_pretty(struct json_writer *self, bool on)
{
	self->pretty = on;
}

/**
 * jsonw_depth() - how many objects and arrays are open
 * @self: the writer
 *
 * Return: the nesting depth, 0 between top-level values.
 */
unsigned int jsonw_depth(const struct json_writer *self)
{
	return self->depth;
}

/**
 * jsonw_start_object() - open an object
 * @self: the writer
 */
void jsonw_start_object(struct json_writer *self)
{
	jsonw_open(self, '{', '}');
}

/**
 * jsonw_end_object() - close the innermost object
 * @self: the writer
 */
void jsonw_end_object(struct json_writer *self)
{
	jsonw_close(self);
}

/**
 * jsonw_start_array() - open an array
 * @self: the writer
 */
void jsonw_start_array(struct json_writer *self)
{
	jsonw_open(self, '[', ']');
}

/**
 * jsonw_end_array() - close the innermost array
 * @self: the writer
 */
void jsonw_end_array(struct json_writer *self)
{
	jsonw_close(self);
}

/**
 * jsonw_name() - write a member name; the next call writes its value
 * @self: the writer
 * @name: member name, escaped like any string
 */
void jsonw_name(struct json_writer *self, const char *name)
{
	jsonw_begin_value(self);
	jsonw_quote(self, name);
	fputc(':', self->out);
	if (self->pretty)
		fputc(' ', self->out);
	self->after_name = true;
}

/**
 * jsonw_string() - write a string value
 * @self: the writer
 * @value: NUL-terminated string; NULL writes null
 */
void jsonw_string(struct json_writer *self, const char *value)
{
	if (!value) {
		jsonw_null(self);
		return;
	}
	jsonw_begin_value(self);
	jsonw_quote(self, value);
	jsonw_end_value(self);
}

/**
 * jsonw_vstringf() - write a string value built by vsnprintf()
 * @self: the writer
 * @fmt: printf format
 * @ap: its arguments
 */
void jsonw_vstringf(struct json_writer *self, const char *fmt, va_list ap)
{
	char *s = NULL;

	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	jsonw_string(self, s ? s : "(out of memory)");
	free(s);
}

/**
 * jsonw_uint() - write an unsigned number
 * @self: the writer
 * @value: the number
 */
void jsonw_uint(struct json_writer *self, __u64 value)
{
	jsonw_begin_value(self);
	fprintf(self->out, "%llu", value);
	jsonw_end_value(self);
}

/**
 * jsonw_int() - write a signed number
 * @self: the writer
 * @value: the number
 */
void jsonw_int(struct json_writer *self, __s64 value)
{
	jsonw_begin_value(self);
	fprintf(self->out, "%lld", value);
	jsonw_end_value(self);
}

/**
 * jsonw_bool() - write true or false
 * @self: the writer
 * @value: the boolean
 */
void jsonw_bool(struct json_writer *self, bool value)
{
	jsonw_begin_value(self);
	fputs(value ? "true" : "false", self->out);
	jsonw_end_value(self);
}

/**
 * jsonw_null() - write null
 * @self: the writer
 */
void jsonw_null(struct json_writer *self)
{
	jsonw_begin_value(self);
	fputs("null", self->out);
	jsonw_end_value(self);
}

/**
 * jsonw_number_text() - write a number given as text
 * @self: the writer
 * @text: a JSON number, as a parser checked it; written as is
 */
void jsonw_number_text(struct json_writer *self, const char *text)
{
	jsonw_begin_value(self);
	fputs(text, self->out);
	jsonw_end_value(self);
}

/**
 * jsonw_string_field() - write a member with a string value
 * @self: the writer
 * @name: member name
 * @value: string, NULL for null
 */
void jsonw_string_field(struct json_writer *self, const char *name,
			const char *value)
{
	jsonw_name(self, name);
	jsonw_string(self, value);
}

/**
 * jsonw_uint_field() - write a member with an unsigned value
 * @self: the writer
 * @name: member name
 * @value: the number
 */
void jsonw_uint_field(struct json_writer *self, const char *name, __u64 value)
{
	jsonw_name(self, name);
	jsonw_uint(self, value);
}

/**
 * jsonw_int_field() - write a member with a signed value
 * @self: the writer
 * @name: member name
 * @value: the number
 */
void jsonw_int_field(struct json_writer *self, const char *name, __s64 value)
{
	jsonw_name(self, name);
	jsonw_int(self, value);
}

/**
 * jsonw_bool_field() - write a member with a boolean value
 * @self: the writer
 * @name: member name
 * @value: the boolean
 */
void jsonw_bool_field(struct json_writer *self, const char *name, bool value)
{
	jsonw_name(self, name);
	jsonw_bool(self, value);
}

/**
 * jsonw_null_field() - write a member whose value is null
 * @self: the writer
 * @name: member name
 */
void jsonw_null_field(struct json_writer *self, const char *name)
{
	jsonw_name(self, name);
	jsonw_null(self);
}
