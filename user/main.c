// SPDX-License-Identifier: GPL-2.0
/*
 * cgscope: show the kernel's cgroup structures through the cgscope module.
 *
 *	cgscope [OPTIONS] OBJECT [COMMAND] [ARGS]
 *
 * This file holds the entry point, the object table, option parsing and
 * help; util.c has the helpers every object file uses.
 */
#include <assert.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "main.h"
#include "nl.h"
#include "print.h"
#include "version.h"

static const struct cmd objects[] = {
#define CGSCOPE_OBJECT(name, ...)	{ #name, do_##name },
#include "objects.h"
#undef CGSCOPE_OBJECT
	{ "help", do_help },
	{ NULL }
};

/* The help of an object: its arguments, a summary line, more lines */
struct object_help {
	const char *name;
	const char *args;
	const char *help;
	const char *details;
};

/* The help of each object, in the order of objects[] */
static const struct object_help objects_help[] = {
#define CGSCOPE_OBJECT(name, args, summary, details)	\
	{ #name, args, summary, details },
#include "objects.h"
#undef CGSCOPE_OBJECT
	{ "help", "[OBJECT]", "show this help, or the help of OBJECT", "" },
};

static_assert(ARRAY_SIZE(objects_help) + 1 == ARRAY_SIZE(objects),
	      "an object without help");

static void usage(FILE *f)
{
	const struct cmd *c;
	char buf[128];

	fprintf(f,
		"Usage: cgscope [OPTIONS] OBJECT [COMMAND] [ARGS]\n"
		"       cgscope help [OBJECT]\n"
		"\n"
		"Objects:\n");
	for (c = objects; c->name; c++) {
		const struct object_help *h = &objects_help[c - objects];

		snprintf(buf, sizeof(buf), "%s%s%s", h->name,
			 *h->args ? " " : "", h->args);
		if (strlen(buf) > 32)
			fprintf(f, "  %s\n  %-32s %s\n", buf, "", h->help);
		else
			fprintf(f, "  %-32s %s\n", buf, h->help);
	}
	fprintf(f,
		"\n"
		"Options:\n"
		"  -j, --json                       JSON output\n"
		"  -p, --pretty                     indented JSON output (implies -j)\n"
		"  -V, --version                    print the version and exit\n"
		"  -h, --help                       print this help and exit\n"
		"\n"
		"Objects and commands may be shortened to any unique prefix.\n"
		"Exit status: 0 success (check: allowed), 1 denied (check), 2 error.\n");
}

static void usage_object(const struct cmd *c)
{
	const struct object_help *h = &objects_help[c - objects];

	printf("Usage: cgscope [OPTIONS] %s%s%s\n  %s\n", h->name,
	       *h->args ? " " : "", h->args, h->help);
	if (*h->details)
		printf("\n%s", h->details);
}

static void print_version(void)
{
	open_json_object(NULL);
	print_string(PRINT_ANY, "version", "cgscope %s\n", CGSCOPE_VERSION);
	close_json_object();
}

/**
 * cmd_find() - look a word up in a command table
 * @cmds: the table (see struct cmd)
 * @word: what the user typed
 * @what: "object" or "command", for the error message
 *
 * An exact name wins; otherwise @word must be the prefix of exactly one
 * name.  This is the only place where cgscope matches a word to a name.
 *
 * Return: the entry; the default entry (NULL name) when @word names none
 * and the table has one; or NULL after reporting an unknown or ambiguous
 * word.
 */
const struct cmd *cmd_find(const struct cmd *cmds, const char *word,
			   const char *what)
{
	const struct cmd *c, *found = NULL;
	size_t len = strlen(word);
	char names[256] = "";
	int matches = 0;

	for (c = cmds; c->name; c++) {
		if (!strcmp(c->name, word))
			return c;
		if (!len || strncmp(c->name, word, len))
			continue;
		found = c;
		matches++;
		if (strlen(names) + strlen(c->name) + 3 < sizeof(names)) {
			if (*names)
				strcat(names, ", ");
			strcat(names, c->name);
		}
	}
	if (matches == 1)
		return found;
	if (matches > 1) {
		p_err("ambiguous %s '%s': %s", what, word, names);
		return NULL;
	}
	if (c->func)
		return c;
	p_err("unknown %s '%s' (see: cgscope help)", what, word);
	return NULL;
}

/**
 * cmd_select() - run the command that the first argument names
 * @cmds: the object's command table (see struct cmd)
 * @argc: argument count
 * @argv: the arguments after the object: COMMAND [ARGS], or the default
 *	  command's arguments
 *
 * Return: the command's exit status, or EXIT_ERR after reporting an
 * unknown or ambiguous command.
 */
int cmd_select(const struct cmd *cmds, int argc, char **argv)
{
	const struct cmd *c;

	if (argc < 1) {
		for (c = cmds; c->name; c++)
			;
		if (c->func)
			return c->func(argc, argv);
		p_err("missing command (see: cgscope help)");
		return EXIT_ERR;
	}
	c = cmd_find(cmds, argv[0], "command");
	if (!c)
		return EXIT_ERR;
	if (!c->name)
		return c->func(argc, argv);
	return c->func(argc - 1, argv + 1);
}

/**
 * is_help_arg() - whether an argument asks for help
 * @arg: the argument
 *
 * Return: true for "help", "-h" and "--help".
 */
bool is_help_arg(const char *arg)
{
	return !strcmp(arg, "help") || !strcmp(arg, "-h") ||
	       !strcmp(arg, "--help");
}

/**
 * check_no_args() - fail when arguments are left over
 * @object: the object name, for the message
 * @argc: how many arguments are left
 * @argv: the arguments
 *
 * Return: 0 when @argc is 0, -1 after reporting the first extra argument.
 */
int check_no_args(const char *object, int argc, char **argv)
{
	if (argc <= 0)
		return 0;
	p_err("%s: unexpected argument '%s'", object, argv[0]);
	return -1;
}

/**
 * do_help() - "cgscope help [OBJECT]"
 * @argc: argument count
 * @argv: the arguments after "help"
 *
 * Return: exit status.
 */
int do_help(int argc, char **argv)
{
	const struct cmd *c;

	if (argc == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	c = cmd_find(objects, argv[0], "object");
	if (!c)
		return EXIT_ERR;
	if (check_no_args("help", argc - 1, argv + 1))
		return EXIT_ERR;
	usage_object(c);
	return EXIT_OK;
}

/* Take -j/-p given after the object out of the arguments. */
static int pull_global_flags(int argc, char **argv)
{
	int i, n = 0;
	bool rest = false;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (!rest && !strcmp(a, "--")) {
			rest = true;
		} else if (!rest && (!strcmp(a, "-j") || !strcmp(a, "--json"))) {
			json = true;
			continue;
		} else if (!rest && (!strcmp(a, "-p") || !strcmp(a, "--pretty") ||
				     !strcmp(a, "-jp") || !strcmp(a, "-pj"))) {
			json = true;
			pretty = true;
			continue;
		}
		argv[n++] = argv[i];
	}
	argv[n] = NULL;
	return n;
}

int main(int argc, char **argv)
{
	static const struct option long_opts[] = {
		{ "json",	no_argument,	NULL,	'j' },
		{ "pretty",	no_argument,	NULL,	'p' },
		{ "version",	no_argument,	NULL,	'V' },
		{ "help",	no_argument,	NULL,	'h' },
		{ NULL,		0,		NULL,	0 }
	};
	bool want_version = false, want_help = false;
	const struct cmd *obj;
	int opt, ret;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+jpVh", long_opts, NULL)) >= 0) {
		switch (opt) {
		case 'j':
			json = true;
			break;
		case 'p':
			json = true;
			pretty = true;
			break;
		case 'V':
			want_version = true;
			break;
		case 'h':
			want_help = true;
			break;
		default:
			if (optopt)
				p_err("unknown option '-%c' (see: cgscope --help)",
				      optopt);
			else
				p_err("unknown option '%s' (see: cgscope --help)",
				      argv[optind - 1]);
			ret = EXIT_ERR;
			goto out;
		}
	}
	argc -= optind;
	argv += optind;
	argc = pull_global_flags(argc, argv);

	if (want_help) {
		usage(stdout);
		ret = EXIT_OK;
		goto out;
	}
	if (want_version) {
		print_version();
		ret = EXIT_OK;
		goto out;
	}
	if (argc < 1) {
		p_err("missing OBJECT (see: cgscope help)");
		ret = EXIT_ERR;
		goto out;
	}

	obj = cmd_find(objects, argv[0], "object");
	if (!obj) {
		ret = EXIT_ERR;
		goto out;
	}
	if (obj->func != do_help && argc > 1 && is_help_arg(argv[1])) {
		ret = EXIT_ERR;
		if (check_no_args(obj->name, argc - 2, argv + 2))
			goto out;
		usage_object(obj);
		ret = EXIT_OK;
		goto out;
	}
	ret = obj->func(argc - 1, argv + 1);
out:
	cg_nl_close();
	delete_json_obj();
	return ret;
}
