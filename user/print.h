/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One print call for text and JSON, in the style of iproute2's json_print.h:
 *
 *	print_uint(PRINT_ANY, "nr_tasks", "tasks %u", n);
 *
 * writes `"nr_tasks": 3` in JSON mode and `tasks 3` in text mode.  A NULL
 * key writes a bare value (inside arrays); a NULL format prints nothing in
 * text mode.  Strings are made safe for a terminal in text mode (see
 * text_safe()); JSON escapes them.
 */
#ifndef CGSCOPE_PRINT_H
#define CGSCOPE_PRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "json_writer.h"

enum output_type {
	PRINT_FP = 1,		/* text only */
	PRINT_JSON = 2,		/* JSON only */
	PRINT_ANY = 3,		/* both */
};

extern bool json;		/* -j: JSON output */
extern bool pretty;		/* -p: indented JSON */

void new_json_obj(void);
void delete_json_obj(void);
struct json_writer *get_json_writer(void);

void open_json_object(const char *name);
void close_json_object(void);
void open_json_array(enum output_type type, const char *name);
void close_json_array(enum output_type type, const char *delim);

void print_string(enum output_type type, const char *key, const char *fmt,
		  const char *value);
void print_string_or(enum output_type type, const char *key, const char *fmt,
		     const char *value, const char *absent);
void print_uint(enum output_type type, const char *key, const char *fmt,
		unsigned int value);
void print_u64(enum output_type type, const char *key, const char *fmt,
	       __u64 value);
void print_s64(enum output_type type, const char *key, const char *fmt,
	       __s64 value);
void print_bool(enum output_type type, const char *key, const char *fmt,
		bool value);
void print_null(enum output_type type, const char *key, const char *fmt);
void print_u64_or_null(const char *key, bool has, __u64 value);
void print_strv(enum output_type type, const char *key, char *const *v,
		size_t n, const char *sep, const char *empty);
void print_nl(void);
const char *text_safe(const char *s, char **copy);
bool print_utf8(void);

#endif /* CGSCOPE_PRINT_H */
