/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading JSON back (e.g. two snapshots for cgscope diff) with json-c:
 * what json-c leaves to its callers, done once.  Values are json-c's
 * struct json_object; a NULL value is an absent one throughout.
 */
#ifndef CGSCOPE_JSON_READER_H
#define CGSCOPE_JSON_READER_H

#include <stdbool.h>
#include <linux/types.h>
#include <json-c/json.h>

#include "json_writer.h"

struct json_object *jr_load_file(const char *path);
struct json_object *jr_get(struct json_object *obj, const char *key);
bool jr_u64(struct json_object *v, __u64 *out);
bool jr_true(struct json_object *v);
const char *jr_str(struct json_object *v);
const char *jr_num(struct json_object *v);
void jr_write(struct json_writer *w, struct json_object *v);

#endif /* CGSCOPE_JSON_READER_H */
