// SPDX-License-Identifier: GPL-2.0
/*
 * cgscope: shows what cgroups really are inside a running kernel.
 *
 * Load order: find and check the kernel internals we read (compat.c),
 * learn the controllers, start counting changes, create debugfs, and
 * register the netlink family last so that nobody can ask before we can
 * answer.  Unload is the mirror image.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/utsname.h>

#include "cgscope.h"

static int __init cgscope_init(void)
{
	int err;

	err = cgscope_compat_init();
	if (err)
		return err;

	cgscope_ids_init();

	cgscope_cgroup_lock();
	cgscope_subsys_init();
	cgscope_cgroup_unlock();

	err = cgscope_gen_init();
	if (err)
		return err;

	err = cgscope_events_init();
	if (err)
		goto err_gen_exit;

	/* debugfs is for eyes: without it (debugfs=off) netlink still serves */
	if (cgscope_debugfs_init())
		pr_warn("no debugfs files: debugfs is not available\n");

	err = cgscope_nl_init();
	if (err)
		goto err_debugfs_exit;

	pr_info("version %s loaded on %s\n", CGSCOPE_VERSION,
		init_utsname()->release);
	return 0;

err_debugfs_exit:
	cgscope_debugfs_exit();
	cgscope_events_exit();
err_gen_exit:
	cgscope_gen_exit();
	return err;
}

static void __exit cgscope_exit(void)
{
	cgscope_nl_exit();
	cgscope_debugfs_exit();
	cgscope_events_exit();
	cgscope_gen_exit();
}

module_init(cgscope_init);
module_exit(cgscope_exit);

MODULE_DESCRIPTION("cgscope: the kernel's cgroup structures, as they are");
MODULE_AUTHOR("The cgscope developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(CGSCOPE_VERSION);
