/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The objects of the cgscope command line, in help order:
 *
 *	CGSCOPE_OBJECT(name, arguments, summary, details)
 *
 * Adding an object is one line here plus a file <name>.c that defines
 * int do_<name>(int argc, char **argv).  main.h declares the functions and
 * main.c builds its command table and the help from this list; "help"
 * itself is added by main.c.
 */
CGSCOPE_OBJECT(info, "",
	       "show the module version, kernel release and features", "")
CGSCOPE_OBJECT(roots, "", "list the cgroup hierarchies",
	       "The default (v2) hierarchy is id 0, shown as cgroup2.\n")
CGSCOPE_OBJECT(tree, "[--hierarchy ID] [PATH]",
	       "show cgroups as a tree, all hierarchies or one subtree",
	       "PATH is a cgroup directory as mounted, on cgroup v2 or on a v1\n"
	       "mount, e.g. /sys/fs/cgroup/system.slice; the tree starts there.\n"
	       "--hierarchy ID shows one hierarchy (see: cgscope roots).\n")
CGSCOPE_OBJECT(csets, "",
	       "list css_sets with their cgroups, controllers and tasks", "")
CGSCOPE_OBJECT(task, "[PID | list]",
	       "show the cgroups of a task, or of every task",
	       "Without PID, or with list, every task is shown.\n")
