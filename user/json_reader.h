/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small JSON reader (RFC 8259): enough to read back what cgscope wrote,
 * e.g. two snapshots for cgscope diff.  The whole document becomes a tree
 * of values; numbers keep their text, so 64-bit ids stay exact.
 */
#ifndef CGSCOPE_JSON_READER_H
#define CGSCOPE_JSON_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "json_writer.h"

enum jv_type { JV_NULL, JV_BOOL, JV_NUM, JV_STR, JV_ARR, JV_OBJ };

/**
 * struct jv - one JSON value
 * @type: its type
 * @b: a boolean's value
 * @s: a string's value (may hold NUL bytes: see @len), or a number's text
 * @len: length of @s
 * @items: an array's elements, an object's member values
 * @keys: an object's member names, in document order
 * @n: number of @items (and @keys)
 * @cap: room in @items
 */
struct jv {
	enum jv_type type;
	bool b;
	char *s;
	size_t len;
	struct jv *items;
	char **keys;
	size_t n, cap;
};

struct jv *jv_parse(const char *text, size_t len, char *err, size_t errlen);
struct jv *jv_load_file(const char *path);
void jv_free(struct jv *v);
const struct jv *jv_get(const struct jv *obj, const char *key);
bool jv_u64(const struct jv *v, __u64 *out);
const char *jv_str(const struct jv *v);
bool jv_equal(const struct jv *a, const struct jv *b);
void jv_write(struct json_writer *w, const struct jv *v);

#endif /* CGSCOPE_JSON_READER_H */
