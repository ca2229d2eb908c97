// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers shared by every cgscope command: error reporting, strict number
 * parsing, allocation that exits on failure, string lists.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>

#include "main.h"
#include "print.h"
#include "snapshot.h"

/* "PREFIX MESSAGE" on stderr, the message made safe for a terminal */
static void p_stderr(const char *prefix, const char *fmt, va_list ap)
{
	char *msg = NULL, *copy = NULL;

	fflush(stdout);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	fputs(prefix, stderr);
	fputs(msg ? text_safe(msg, &copy) : "(out of memory)", stderr);
	fputc('\n', stderr);
	free(copy);
	free(msg);
}

/**
 * p_err() - report an error
 * @fmt: printf format of the message
 *
 * Text mode: "Error: <message>" on stderr.  JSON mode: {"error": "..."}
 * on stdout, after closing whatever JSON was open so the output stays
 * valid.
 */
void p_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (json) {
		struct json_writer *w;

		fflush(stdout);
		delete_json_obj();
		w = get_json_writer();
		jsonw_start_object(w);
		jsonw_name(w, "error");
		jsonw_vstringf(w, fmt, ap);
		jsonw_end_object(w);
		fflush(stdout);
	} else {
		p_stderr("Error: ", fmt, ap);
	}
	va_end(ap);
}

/**
 * p_warn() - print "Warning: <message>" on stderr, in every mode
 * @fmt: printf format of the message
 */
void p_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	p_stderr("Warning: ", fmt, ap);
	va_end(ap);
}

/**
 * p_info() - print a message for people on stderr, in every mode
 * @fmt: printf format of the message
 *
 * For what a long-running command tells the person watching it (it is
 * starting, how it ended), which is neither output nor an error.
 */
void p_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	p_stderr("", fmt, ap);
	va_end(ap);
}

/**
 * parse_u64() - parse a decimal number, strictly
 * @s: the text
 * @what: what it is, for the error message (e.g. "PID")
 * @out: the value
 *
 * Rejects an empty string, signs, spaces, trailing characters and values
 * that do not fit.
 *
 * Return: 0, or -1 after reporting the error.
 */
int parse_u64(const char *s, const char *what, __u64 *out)
{
	unsigned long long v;
	char *end;

	if (!*s) {
		p_err("invalid %s '': empty", what);
		return -1;
	}
	if (!isdigit((unsigned char)*s)) {
		p_err("invalid %s '%s': not a decimal number", what, s);
		return -1;
	}
	errno = 0;
	v = strtoull(s, &end, 10);
	if (*end) {
		p_err("invalid %s '%s': not a decimal number", what, s);
		return -1;
	}
	if (errno == ERANGE) {
		p_err("invalid %s '%s': too large", what, s);
		return -1;
	}
	*out = v;
	return 0;
}

/**
 * parse_u32() - parse a decimal number that fits 32 bits, strictly
 * @s: the text
 * @what: what it is, for the error message
 * @out: the value
 *
 * Return: 0, or -1 after reporting the error.
 */
int parse_u32(const char *s, const char *what, __u32 *out)
{
	__u64 v;

	if (parse_u64(s, what, &v))
		return -1;
	if (v > UINT32_MAX) {
		p_err("invalid %s '%s': too large (max %u)", what, s,
		      UINT32_MAX);
		return -1;
	}
	*out = (__u32)v;
	return 0;
}

/**
 * parse_pid() - parse a PID: a decimal number that fits 32 bits, not 0
 * @s: the text
 * @pid: the value
 *
 * Return: 0, or -1 after reporting the error.
 */
int parse_pid(const char *s, __u32 *pid)
{
	if (parse_u32(s, "PID", pid))
		return -1;
	if (!*pid) {
		p_err("invalid PID '%s': must be 1 or more", s);
		return -1;
	}
	return 0;
}

static noreturn void oom(void)
{
	fputs("Error: out of memory\n", stderr);
	exit(EXIT_ERR);
}

/**
 * xmalloc() - malloc() that exits on failure
 * @size: bytes
 *
 * Return: the memory.
 */
void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		oom();
	return p;
}

/**
 * xcalloc() - calloc() that exits on failure
 * @n: elements
 * @size: bytes each
 *
 * Return: zeroed memory.
 */
void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		oom();
	return p;
}

/**
 * xreallocarray() - reallocarray() that exits on failure
 * @p: old memory or NULL
 * @n: elements
 * @size: bytes each
 *
 * Return: the memory.
 */
void *xreallocarray(void *p, size_t n, size_t size)
{
	size_t bytes;

	if (size && n > SIZE_MAX / size)
		oom();
	bytes = n * size;
	p = realloc(p, bytes ? bytes : 1);
	if (!p)
		oom();
	return p;
}

/**
 * xstrdup() - strdup() that exits on failure
 * @s: string
 *
 * Return: the copy.
 */
char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		oom();
	return p;
}

/**
 * xgrow() - make room for @need elements in an array
 * @p: the array, or NULL
 * @cap: its capacity in elements; updated
 * @need: elements wanted
 * @size: bytes per element
 *
 * Return: the array, maybe moved.
 */
void *xgrow(void *p, size_t *cap, size_t need, size_t size)
{
	size_t n;

	if (need <= *cap)
		return p;
	n = *cap ? *cap * 2 : 8;
	if (n < need)
		n = need;
	p = xreallocarray(p, n, size);
	*cap = n;
	return p;
}

/**
 * strlist_add() - append a copy of @s
 * @l: the list
 * @s: the string
 */
void strlist_add(struct strlist *l, const char *s)
{
	l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = xstrdup(s);
}

/**
 * strlist_free() - free the strings and the list's array
 * @l: the list; left empty
 */
void strlist_free(struct strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
	l->cap = 0;
}

/**
 * strlist_join() - the strings joined by @sep
 * @l: the list
 * @sep: separator
 *
 * Return: a new string, "" for an empty list; the caller frees it.
 */
char *strlist_join(const struct strlist *l, const char *sep)
{
	size_t i, len = 1;
	char *s;

	for (i = 0; i < l->n; i++)
		len += strlen(l->v[i]) + strlen(sep);
	s = xmalloc(len);
	*s = '\0';
	for (i = 0; i < l->n; i++) {
		if (i)
			strcat(s, sep);
		strcat(s, l->v[i]);
	}
	return s;
}

/**
 * human_bytes() - a size in binary units, as "512 B" or "1.5 MiB"
 * @bytes: the size
 * @buf: where to write
 * @len: its size (16 is enough)
 *
 * Return: @buf.
 */
const char *human_bytes(__u64 bytes, char *buf, size_t len)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB",
					     "PiB", "EiB" };
	double v = (double)bytes;
	size_t u = 0;

	if (bytes < 1024) {
		snprintf(buf, len, "%llu B", (unsigned long long)bytes);
		return buf;
	}
	v /= 1024;
	while (v >= 1024 && u + 1 < ARRAY_SIZE(units)) {
		v /= 1024;
		u++;
	}
	snprintf(buf, len, "%.1f %s", v, units[u]);
	return buf;
}
