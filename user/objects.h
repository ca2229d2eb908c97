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
CGSCOPE_OBJECT(devices, "(PATH | --pid PID)",
	       "show the device rules of a cgroup or a task",
	       "The v1 devices cgroup: its default (allow or deny) and every\n"
	       "exception, also the ones devices.list hides in default-allow\n"
	       "mode, where exceptions deny.  Then the v2 device programs\n"
	       "(BPF_CGROUP_DEVICE) in effect, and where each is attached.\n"
	       "PATH is a cgroup directory: a v1 devices cgroup, or a v2 cgroup\n"
	       "(programs only).  --pid PID shows the rules that apply to a task.\n")
CGSCOPE_OBJECT(check, "(--pid PID | --cgroup PATH) DEVICE ACCESS",
	       "tell whether a device access is allowed, and by which rule",
	       "DEVICE is TYPE MAJOR:MINOR (TYPE c or b, e.g. c 1:3) or the path\n"
	       "of a device node, e.g. /dev/null.  ACCESS is r (read), w (write),\n"
	       "m (mknod) or several, e.g. rw.  For --pid the kernel decides as\n"
	       "for an open() or mknod() by that task: its v2 device programs\n"
	       "first, then its v1 exception list.  --cgroup PATH judges a v1\n"
	       "devices cgroup by its exception list, a v2 cgroup by its device\n"
	       "programs.\n"
	       "Exit status: 0 allowed, 1 denied, 2 error.\n"
	       "\n"
	       "Examples:\n"
	       "  cgscope check --pid 1234 c 1:11 w\n"
	       "  cgscope check --cgroup /sys/fs/cgroup/devices/t1 /dev/kmsg rw\n")
CGSCOPE_OBJECT(access, "(PATH | --pid PID) [DIR...]",
	       "show what a cgroup or a task may do with every device",
	       "Every device node under /dev (or the DIRs given) and every device\n"
	       "the kernel knows (/sys/dev/char, /sys/dev/block; shown as (NAME)\n"
	       "when no node was found), with which of r (read), w (write) and\n"
	       "m (mknod) the kernel allows, asked as cgscope check asks.  Each\n"
	       "denial names its layer and rule: the v1 exception or default, or\n"
	       "the rule inside the denying device program.\n")
CGSCOPE_OBJECT(ns, "(PID | list [--type TYPE [--inode INODE]])",
	       "show a task's namespaces, or every namespace in use",
	       "With PID: every namespace of the task, as /proc/PID/ns holds\n"
	       "them, with the inode of its owning user namespace and, for the\n"
	       "cgroup namespace, its root css_set and its root cgroup on every\n"
	       "hierarchy: where the task's /proc/PID/cgroup paths start.\n"
	       "With list: every namespace some task is in, like lsns: NPROCS\n"
	       "counts processes (what /proc/*/ns shows), NTHREADS threads, PID\n"
	       "is the lowest pid in it.  TYPE is mnt, cgroup, uts, ipc, user,\n"
	       "pid, net or time; --inode shows one namespace of that type.\n")
CGSCOPE_OBJECT(watch, "[--denials] [--changes] [--pid PID] [--cgroup PATH]",
	       "show device denials and device rule changes as they happen",
	       "One line per event (with -j, one JSON object per line) until\n"
	       "Ctrl-C: a denial names the task, its cgroups, the device and\n"
	       "access, and what denied it (the v1 exception or default, or the\n"
	       "v2 device program); a rule change names the writer, the rule\n"
	       "written to devices.allow or devices.deny, or the device program\n"
	       "attached, replaced or detached, and whether it worked; under a\n"
	       "program change, the rules it took from (-) and gave to (+) the\n"
	       "cgroup's effective device policy.\n"
	       "--denials and --changes choose the kinds (default both); --pid\n"
	       "and --cgroup keep the events of one task or cgroup.  Events the\n"
	       "module had to drop (rate limit, ring overrun) are reported as\n"
	       "lost.  Exit status: 0 after Ctrl-C, 2 if the module goes away.\n")
CGSCOPE_OBJECT(events, "[--stats]",
	       "show the module's ring of recent events, or its counters",
	       "The ring keeps the last events while someone watches, or while\n"
	       "recording is on: echo 1 > /sys/kernel/debug/cgscope/events.\n"
	       "--stats: events triggered, dropped by the rate limit, recorded,\n"
	       "overrun in the ring, sent, and missed by the probes.\n")
CGSCOPE_OBJECT(dying, "[--controller NAME] | --why [CSS | --all]",
	       "list dying csses and removed cgroups that are not yet freed",
	       "Every css that was killed or taken offline but is not yet\n"
	       "released, per controller, and every removed cgroup not yet\n"
	       "released (controller \"cgroup\"): what cgroup.stat counts as\n"
	       "nr_dying_descendants.  CHARGED is what the memory controller\n"
	       "still has charged to it (page cache, tmpfs: each page keeps it),\n"
	       "REFS the references left once its refcount is in atomic mode.\n"
	       "STATE is removed (its cgroup was removed) or disabled (the\n"
	       "controller was taken from a live cgroup).  --controller NAME\n"
	       "(memory, io, blkio, ..., or cgroup) lists one controller.\n"
	       "--why shows what keeps dying memory csses (all of them, or the\n"
	       "one with css id CSS): the page cache charged to each, file by\n"
	       "file, largest first, and what is charged outside any page\n"
	       "cache.  A file's pages go with posix_fadvise(DONTNEED) or\n"
	       "drop_caches; tmpfs pages only when the file is deleted.\n")
CGSCOPE_OBJECT(memcg, "(PATH | --pid PID) [--files]",
	       "show the memory counters of a cgroup or a task",
	       "Read from the memory cgroup's page counters in the kernel: usage,\n"
	       "max, watermark (peak), failcnt, low, high, min, swap (v2),\n"
	       "memsw (v1), kmem (v1, kernels with memcg v1) and the max, oom\n"
	       "and oom_kill counts of memory.events.  Sizes in bytes, with\n"
	       "binary units; \"max\" is no limit.  PATH is a cgroup directory\n"
	       "with the memory controller; --pid PID shows the memory cgroup\n"
	       "the task is charged to.  --files lists instead the page cache\n"
	       "charged to it, file by file (as dying --why does).\n")
CGSCOPE_OBJECT(snapshot, "",
	       "write the whole model as one JSON document, for cgscope diff",
	       "Hierarchies, cgroups, css_sets and dying csses, each as its\n"
	       "command's -j output, and the files keeping the dying memory\n"
	       "csses (dying_files), taken again when the cgroup world changed\n"
	       "meanwhile (\"consistent\": false if it kept changing).  Always\n"
	       "JSON; -p indents it.  Example:\n"
	       "  cgscope snapshot > before.json; ...; cgscope snapshot > after.json\n"
	       "  cgscope diff before.json after.json\n")
CGSCOPE_OBJECT(diff, "A B",
	       "show what appeared, disappeared and changed between snapshots",
	       "A and B are files from cgscope snapshot (- is standard input).\n"
	       "Hierarchies, cgroups, css_sets, dying csses and the files\n"
	       "keeping dying memory csses are matched by their ids;\n"
	       "+ appeared, - disappeared, ~ changed (with the fields that\n"
	       "changed).  Task counts, reference counts and charged bytes\n"
	       "move by themselves and are not compared.\n"
	       "Exit status: 0 no difference, 1 different, 2 error.\n")
