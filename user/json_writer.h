/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small streaming JSON writer: it tracks nesting and commas so callers
 * only say what comes next.  Compact by default, 2-space indent when pretty.
 */
#ifndef CGSCOPE_JSON_WRITER_H
#define CGSCOPE_JSON_WRITER_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <linux/types.h>

#include "compiler.h"

struct json_writer;

struct json_writer *jsonw_new(FILE *f);
void jsonw_destroy(struct json_writer **self_p);
void jsonw_pretty(struct json_writer *self, bool on);
unsigned int jsonw_depth(const struct json_writer *self);

void jsonw_start_object(struct json_writer *self);
void jsonw_end_object(struct json_writer *self);
void jsonw_start_array(struct json_writer *self);
void jsonw_end_array(struct json_writer *self);

void jsonw_name(struct json_writer *self, const char *name);
void jsonw_string(struct json_writer *self, const char *value);
void jsonw_vstringf(struct json_writer *self, const char *fmt, va_list ap)
	__printf(2, 0);
void jsonw_uint(struct json_writer *self, __u64 value);
void jsonw_int(struct json_writer *self, __s64 value);
void jsonw_bool(struct json_writer *self, bool value);
void jsonw_null(struct json_writer *self);
void jsonw_number_text(struct json_writer *self, const char *text);

void jsonw_string_field(struct json_writer *self, const char *name,
			const char *value);
void jsonw_uint_field(struct json_writer *self, const char *name, __u64 value);
void jsonw_int_field(struct json_writer *self, const char *name, __s64 value);
void jsonw_bool_field(struct json_writer *self, const char *name, bool value);
void jsonw_null_field(struct json_writer *self, const char *name);

#endif /* CGSCOPE_JSON_WRITER_H */
