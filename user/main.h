/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every cgscope command file shares: the object table, error
 * reporting, argument parsing and a few allocation helpers.
 */
#ifndef CGSCOPE_MAIN_H
#define CGSCOPE_MAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>

#include "compiler.h"

/* Exit status: 1 is "denied" (cgscope check), 2 any error. */
#define EXIT_OK		0
#define EXIT_DENIED	1
#define EXIT_ERR	2

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Every object's entry point: gets the arguments after the object name. */
typedef int cgscope_cmd_fn(int argc, char **argv);

/* do_info, do_roots, ... one per line of objects.h, and do_help. */
extern cgscope_cmd_fn
#define CGSCOPE_OBJECT(name, ...)	do_##name,
#include "objects.h"
#undef CGSCOPE_OBJECT
	do_help;

/**
 * struct cmd - one entry of a command table
 * @name: what the user types; any unambiguous prefix selects it.  NULL
 *	  ends the table: that last entry's @func, if any, is the default,
 *	  run with every argument when the first one names no command.
 * @func: handler, gets the arguments after @name; returns an exit status
 *
 * The table of objects is one (main.c), and each object file has one for
 * its commands, as bpftool's: cgscope OBJECT [COMMAND] [ARGS].
 */
struct cmd {
	const char *name;
	cgscope_cmd_fn *func;
};

const struct cmd *cmd_find(const struct cmd *cmds, const char *word,
			   const char *what);
int cmd_select(const struct cmd *cmds, int argc, char **argv);
bool is_help_arg(const char *arg);
int check_no_args(const char *object, int argc, char **argv);

void p_err(const char *fmt, ...) __printf(1, 2);
void p_warn(const char *fmt, ...) __printf(1, 2);
void p_info(const char *fmt, ...) __printf(1, 2);

int parse_u32(const char *s, const char *what, __u32 *out);
int parse_u64(const char *s, const char *what, __u64 *out);
int parse_pid(const char *s, __u32 *pid);

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
void *xgrow(void *p, size_t *cap, size_t need, size_t size);

/**
 * struct strlist - a growable array of owned strings
 * @v: the strings
 * @n: how many are used
 * @cap: how many fit
 */
struct strlist {
	char **v;
	size_t n;
	size_t cap;
};

void strlist_add(struct strlist *l, const char *s);
void strlist_free(struct strlist *l);
char *strlist_join(const struct strlist *l, const char *sep);

#endif /* CGSCOPE_MAIN_H */
