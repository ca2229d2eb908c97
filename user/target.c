// SPDX-License-Identifier: GPL-2.0
/*
 * The one parser for a task or a cgroup on the command line:
 *
 *	devices (PATH | --pid PID)		target_parse(), TARGET_PATH
 *	memcg (PATH | --pid PID)		target_parse(), TARGET_PATH
 *	check (--pid PID | --cgroup PATH) ...	target_parse(), TARGET_CGROUP
 *	watch [--pid PID] [--cgroup PATH] ...	target_option(), TARGET_BOTH
 *
 * so that they take the same forms (--pid PID or --pid=PID, "--" before a
 * PATH that starts with '-') and say the same about every mistake.
 */
#include <string.h>

#include "main.h"
#include "target.h"

/* Whether @arg is option @name, alone (*@value NULL) or as @name=VALUE. */
static bool target_opt_is(const char *arg, const char *name,
			  const char **value)
{
	size_t len = strlen(name);

	*value = NULL;
	if (strncmp(arg, name, len))
		return false;
	if (!arg[len])
		return true;
	if (arg[len] != '=')
		return false;
	*value = arg + len + 1;
	return true;
}

/**
 * target_option() - take --pid PID or --cgroup PATH at argv[*i]
 * @object: the command, for messages ("devices")
 * @forms: what the command accepts: TARGET_PID, TARGET_CGROUP, TARGET_BOTH
 * @argc: argument count
 * @argv: the arguments
 * @i: the index of the option; moved to its value when that follows it
 * @t: the target, filled in
 *
 * For commands with options of their own; target_parse() does the rest.
 * The value is checked (a PID: a decimal number from 1) at once, the
 * cgroup directory only by target_resolve().
 *
 * Return: 1 when argv[*i] was such an option, 0 when it was not, -1 after
 * reporting a mistake: a missing value, an option given twice, or --pid
 * and --cgroup together where they exclude each other.
 */
int target_option(const char *object, unsigned int forms, int argc,
		  char **argv, int *i, struct cg_target *t)
{
	const char *value;
	bool pid;

	if ((forms & TARGET_PID) && target_opt_is(argv[*i], "--pid", &value))
		pid = true;
	else if ((forms & TARGET_CGROUP) &&
		 target_opt_is(argv[*i], "--cgroup", &value))
		pid = false;
	else
		return 0;
	if (!value) {
		if (*i + 1 >= argc) {
			p_err("%s: %s needs %s", object,
			      pid ? "--pid" : "--cgroup",
			      pid ? "a PID" : "a PATH");
			return -1;
		}
		value = argv[++*i];
	}
	if (pid ? t->has_pid : !!t->path) {
		p_err("%s: %s given twice", object, pid ? "--pid" : "--cgroup");
		return -1;
	}
	if ((forms & TARGET_CGROUP) && !(forms & TARGET_BOTH) &&
	    (t->has_pid || t->path)) {
		p_err("%s: give --pid PID or --cgroup PATH, not both", object);
		return -1;
	}
	if (!pid) {
		t->path = value;
		return 1;
	}
	if (parse_pid(value, &t->pid))
		return -1;
	t->has_pid = true;
	return 1;
}

/**
 * target_parse() - a command's arguments: a task or a cgroup, and words
 * @object: the command, for messages ("devices")
 * @forms: TARGET_PID, with TARGET_PATH or TARGET_CGROUP; TARGET_WORDS when
 *	   the command takes other arguments (with TARGET_PATH and --pid,
 *	   every word is one of them)
 * @argc: argument count
 * @argv: the arguments; with TARGET_WORDS, the other arguments are moved
 *	  to its start, in their order
 * @t: the target, not yet resolved (target_resolve())
 *
 * Options may come anywhere; "--" ends them.  Mistakes are reported in the
 * order of the arguments, then a missing target or two of them.
 *
 * Return: how many other arguments there are (0 without TARGET_WORDS), or
 * -1 after reporting a mistake.
 */
int target_parse(const char *object, unsigned int forms, int argc,
		 char **argv, struct cg_target *t)
{
	bool opts_done = false;
	int i, ret, n = 0;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (!opts_done && !strcmp(a, "--")) {
			opts_done = true;
			continue;
		}
		if (!opts_done) {
			ret = target_option(object, forms, argc, argv, &i, t);
			if (ret < 0)
				return -1;
			if (ret)
				continue;
			if (a[0] == '-' && a[1]) {
				p_err("%s: unknown option '%s'", object, a);
				return -1;
			}
		}
		if ((forms & TARGET_PATH) && !t->path) {
			t->path = a;
		} else if (forms & TARGET_WORDS) {
			argv[n++] = argv[i];
		} else {
			p_err("%s: unexpected argument '%s'", object, a);
			return -1;
		}
	}
	if (t->has_pid && t->path && (forms & TARGET_WORDS)) {
		/* With --pid, the word taken for PATH was the first other one. */
		memmove(argv + 1, argv, n * sizeof(*argv));
		argv[0] = (char *)t->path;
		t->path = NULL;
		n++;
	} else if (t->has_pid && t->path) {
		p_err("%s: give PATH or --pid PID, not both", object);
		return -1;
	}
	if (!t->has_pid && !t->path) {
		if (forms & TARGET_PATH)
			p_err("%s: missing PATH or --pid PID", object);
		else
			p_err("%s: missing --pid PID or --cgroup PATH", object);
		return -1;
	}
	return n;
}

/**
 * target_resolve() - find the cgroup a target's directory is
 * @t: the target; its @where is filled in when it names a cgroup
 *
 * Return: 0, or -1 after reporting that the directory is no cgroup (see
 * path_resolve()).
 */
int target_resolve(struct cg_target *t)
{
	if (t->path && path_resolve(t->path, &t->where))
		return -1;
	return 0;
}
