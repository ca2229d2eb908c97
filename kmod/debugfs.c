// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/cgscope/: the model for people to read.  Netlink is the
 * stable interface; these files may change.
 *
 *   roots      every hierarchy
 *   cgroups    every cgroup of every hierarchy, as indented trees
 *   css_sets   every css_set with its links and (some of) its tasks
 *   task       write a pid, read that task's css_set and cgroups
 *   devices    every v1 device cgroup (behaviour and every exception, the
 *              deny rules devices.list hides included) and every v2 cgroup
 *              with device programs (each effective program)
 *   namespaces every namespace in use, a cgroup namespace with its roots
 *   dying      every dying css and removed cgroup not yet released
 *   stats      what the module measured of its own lock holds;
 *              write 0 to reset
 *
 * Every file is for CAP_SYS_ADMIN in the initial user namespace, checked at
 * open, whatever the file mode says.  No kernel address is printed.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/debugfs.h>
#include <linux/sched/task.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <uapi/linux/cgscope.h>

#include "cgscope.h"

static struct dentry *cgscope_debugfs_dir;

static DEFINE_MUTEX(cgscope_debugfs_task_lock);
static pid_t cgscope_debugfs_task_pid = 1;

static void cgscope_seq_mask(struct seq_file *m, u16 mask, bool dfl)
{
	const char *sep = "";
	int ssid;

	for (ssid = 0; ssid < CGROUP_SUBSYS_COUNT; ssid++) {
		if (!(mask & BIT(ssid)))
			continue;
		seq_printf(m, "%s%s", sep, cgscope_subsys_name(ssid, dfl));
		sep = ",";
	}
	if (!*sep)
		seq_puts(m, "-");
}

/* A device rule as devices.list writes it: "c 1:3 rwm", "a *:* rwm". */
static void cgscope_seq_rule(struct seq_file *m,
			     const struct cgscope_devcg_exc *e)
{
	char type = e->type == CGSCOPE_DEV_BLOCK ? 'b' :
		    e->type == CGSCOPE_DEV_CHAR ? 'c' : 'a';

	seq_putc(m, type);
	if (e->major == ~0U)
		seq_puts(m, " *:");
	else
		seq_printf(m, " %u:", e->major);
	if (e->minor == ~0U)
		seq_putc(m, '*');
	else
		seq_printf(m, "%u", e->minor);
	seq_printf(m, " %s%s%s", e->access & CGSCOPE_ACC_READ ? "r" : "",
		   e->access & CGSCOPE_ACC_WRITE ? "w" : "",
		   e->access & CGSCOPE_ACC_MKNOD ? "m" : "");
}

/* A cgroup's path, or "?" beyond PATH_MAX.  Context: cgroup_mutex. */
static const char *cgscope_seq_path(struct cgroup *cgrp, char *path)
{
	if (cgscope_cgroup_path(cgrp, NULL, path, PATH_MAX) < 0)
		strscpy(path, "?", PATH_MAX);
	return path;
}

static int cgscope_roots_show(struct seq_file *m, void *v)
{
	struct cgscope_root_info ri;
	struct cgroup_root *root;

	cgscope_stats_walk();
	seq_puts(m, "# hierarchy name cgroups controllers\n");
	cgscope_cgroup_lock();
	for (root = cgscope_root_next(-1); root;
	     root = cgscope_root_next(root->hierarchy_id)) {
		cgscope_root_read(root, &ri);
		seq_printf(m, "%u %s %u ", ri.hierarchy_id,
			   ri.is_default ? "cgroup2" :
			   ri.name[0] ? ri.name : "-", ri.nr_cgroups);
		cgscope_seq_mask(m, ri.subsys_mask, ri.is_default);
		seq_putc(m, '\n');
	}
	cgscope_cgroup_unlock();
	return 0;
}

static int cgscope_cgroups_show(struct seq_file *m, void *v)
{
	struct cgscope_cgroup_info *ci;
	struct cgroup_root *root;
	int err = -ENOMEM;
	char *path;

	ci = kmalloc(sizeof(*ci), GFP_KERNEL);
	path = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!ci || !path)
		goto out_free;
	err = 0;

	cgscope_stats_walk();
	cgscope_cgroup_lock();
	for (root = cgscope_root_next(-1); root;
	     root = cgscope_root_next(root->hierarchy_id)) {
		struct cgroup *cgrp = NULL;
		bool dfl = root == &cgrp_dfl_root;

		seq_printf(m, "hierarchy %d (%s)\n", root->hierarchy_id,
			   dfl ? "cgroup2" : root->name[0] ? root->name : "v1");
		while ((cgrp = cgscope_cgroup_next(cgrp, &root->cgrp))) {
			const char *name = path;

			cgscope_cgroup_read(cgrp, ci);
			if (cgscope_cgroup_path(cgrp, NULL, path, PATH_MAX) < 0)
				strscpy(path, "?", PATH_MAX);
			if (ci->level && strrchr(path, '/'))
				name = strrchr(path, '/') + 1;
			seq_printf(m, "%*s%s id=%llu tasks=%u%s%s", 2 + 2 * ci->level,
				   "", name, ci->id, ci->nr_tasks,
				   ci->populated ? " populated" : "",
				   ci->dying ? " DYING" : "");
			if (ci->type != CGSCOPE_CGROUP_TYPE_DOMAIN)
				seq_printf(m, " type=\"%s\"",
					   cgscope_cgroup_type_name(ci->type));
			if (ci->nr_dying_descendants)
				seq_printf(m, " dying_descendants=%u",
					   ci->nr_dying_descendants);
			if (ci->subtree_control) {
				seq_puts(m, " subtree_control=");
				cgscope_seq_mask(m, ci->subtree_control, dfl);
			}
			seq_putc(m, '\n');
		}
	}
	cgscope_cgroup_unlock();

out_free:
	kfree(path);
	kfree(ci);
	return err;
}

#define CGSCOPE_DEBUGFS_CSET_BATCH	8

static void cgscope_cset_show_one(struct seq_file *m,
				  const struct cgscope_cset_info *si,
				  char *path)
{
	int i;

	seq_printf(m, "css_set %016llx refs=%u tasks=%u%s%s\n", si->id,
		   si->refcount, si->nr_tasks, si->is_init ? " init" : "",
		   si->dead ? " dead" : "");
	for (i = 0; i < si->nr_links; i++) {
		struct cgroup *cgrp = si->links[i];

		if (cgscope_cgroup_path(cgrp, NULL, path, PATH_MAX) < 0)
			strscpy(path, "?", PATH_MAX);
		seq_printf(m, "  %d:%s\n", cgrp->root->hierarchy_id, path);
	}
	if (!si->nr_pids)
		return;
	seq_puts(m, "  tasks:");
	for (i = 0; i < si->nr_pids; i++)
		seq_printf(m, " %d", si->pids[i]);
	if (si->pids_truncated)
		seq_printf(m, " ... (%u more)",
			   si->nr_tasks > si->nr_pids ?
			   si->nr_tasks - si->nr_pids : 0);
	seq_putc(m, '\n');
}

static int cgscope_css_sets_show(struct seq_file *m, void *v)
{
	struct cgscope_cset_cursor cur = { };
	struct cgscope_cset_info *buf;
	unsigned long nr = 0;
	char *path;
	int n, i;

	buf = kmalloc_array(CGSCOPE_DEBUGFS_CSET_BATCH, sizeof(*buf),
			    GFP_KERNEL);
	path = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!buf || !path) {
		kfree(path);
		kfree(buf);
		return -ENOMEM;
	}

	cgscope_stats_walk();
	cgscope_cgroup_lock();
	while ((n = cgscope_cset_collect(&cur, buf,
					 CGSCOPE_DEBUGFS_CSET_BATCH)) > 0) {
		for (i = 0; i < n; i++)
			cgscope_cset_show_one(m, &buf[i], path);
		cur.after = buf[n - 1].addr;
		nr += n;
	}
	cgscope_cgroup_unlock();
	seq_printf(m, "# %lu css_sets\n", nr);

	kfree(path);
	kfree(buf);
	return 0;
}

static int cgscope_task_show(struct seq_file *m, void *v)
{
	struct cgscope_task_info *ti;
	struct task_struct *task;
	int i, err = -ENOMEM;
	char *path;
	pid_t pid;

	mutex_lock(&cgscope_debugfs_task_lock);
	pid = cgscope_debugfs_task_pid;
	mutex_unlock(&cgscope_debugfs_task_lock);

	task = cgscope_task_get(pid);
	if (!task) {
		seq_printf(m, "pid %d: no such task\n", pid);
		return 0;
	}
	ti = kmalloc(sizeof(*ti), GFP_KERNEL);
	path = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!ti || !path)
		goto out_free;
	err = 0;

	cgscope_cgroup_lock();
	cgscope_task_read(task, ti);
	seq_printf(m, "pid %d tgid %d comm %s css_set %016llx\n", ti->pid,
		   ti->tgid, ti->comm, ti->cset_id);
	seq_puts(m, "# hierarchy:path (ns_path) id\n");
	for (i = 0; i < ti->nr_cgroups; i++) {
		const struct cgscope_task_cgroup *tc = &ti->cgroups[i];

		if (cgscope_cgroup_path(tc->cgrp, NULL, path, PATH_MAX) < 0)
			strscpy(path, "?", PATH_MAX);
		seq_printf(m, "%u:%s", tc->hierarchy_id, path);
		if (tc->ns_root &&
		    cgscope_cgroup_path(tc->cgrp, tc->ns_root, path,
					PATH_MAX) >= 0)
			seq_printf(m, " (%s)", path);
		seq_printf(m, " %llu\n", cgroup_id(tc->cgrp));
	}
	cgscope_cgroup_unlock();

out_free:
	kfree(path);
	kfree(ti);
	put_task_struct(task);
	return err;
}

static ssize_t cgscope_task_write(struct file *file, const char __user *ubuf,
				  size_t count, loff_t *ppos)
{
	struct task_struct *task;
	int pid, err;

	err = kstrtoint_from_user(ubuf, count, 10, &pid);
	if (err)
		return err;
	if (pid <= 0)
		return -EINVAL;
	task = cgscope_task_get(pid);
	if (!task)
		return -ESRCH;
	put_task_struct(task);

	mutex_lock(&cgscope_debugfs_task_lock);
	cgscope_debugfs_task_pid = pid;
	mutex_unlock(&cgscope_debugfs_task_lock);
	return count;
}

#ifdef CONFIG_CGROUP_DEVICE
/* Each v1 device cgroup's rules.  Context: cgroup_mutex. */
static void cgscope_devices_v1_show(struct seq_file *m, char *path)
{
	struct cgroup_subsys_state *top, *css;
	struct cgscope_devcg_info di;
	struct cgroup_root *root;
	u32 i;

	for (root = cgscope_root_next(-1); root;
	     root = cgscope_root_next(root->hierarchy_id)) {
		if (root == &cgrp_dfl_root ||
		    !(root->subsys_mask & BIT(devices_cgrp_id)))
			continue;
		seq_printf(m, "hierarchy %d (v1 devices)\n", root->hierarchy_id);
		top = rcu_dereference_protected(root->cgrp.subsys[devices_cgrp_id],
						lockdep_is_held(cgscope_syms.cgroup_mutex));
		css_for_each_descendant_pre(css, top) {
			if (cgscope_devcg_read(css, &di)) {
				seq_printf(m, "%s: exceptions unreadable\n",
					   cgscope_seq_path(css->cgroup, path));
				continue;
			}
			seq_printf(m, "%s id=%llu default %s\n",
				   cgscope_seq_path(css->cgroup, path),
				   cgroup_id(css->cgroup),
				   di.behavior == CGSCOPE_KDEVCG_ALLOW ?
				   "allow" : "deny");
			for (i = 0; i < di.nr; i++) {
				seq_printf(m, "  %s ",
					   di.behavior == CGSCOPE_KDEVCG_ALLOW ?
					   "deny" : "allow");
				cgscope_seq_rule(m, &di.exc[i]);
				seq_putc(m, '\n');
			}
			kfree(di.exc);
		}
	}
}
#else
static void cgscope_devices_v1_show(struct seq_file *m, char *path)
{
	seq_puts(m, "# no v1 devices controller in this kernel\n");
}
#endif

#ifdef CONFIG_CGROUP_BPF
/* Each v2 cgroup's effective device programs.  Context: cgroup_mutex. */
static void cgscope_devices_v2_show(struct seq_file *m, char *path,
				    struct cgscope_prog_info *progs)
{
	struct cgroup *cgrp = NULL;
	int n, i;

	seq_puts(m, "hierarchy 0 (v2 device programs)\n");
	while ((cgrp = cgscope_cgroup_next(cgrp, &cgrp_dfl_root.cgrp))) {
		n = min(cgscope_devcg_progs(cgrp, progs, CGSCOPE_PROGS_MAX),
			CGSCOPE_PROGS_MAX);
		if (!n)
			continue;
		seq_printf(m, "%s id=%llu\n", cgscope_seq_path(cgrp, path),
			   cgroup_id(cgrp));
		for (i = 0; i < n; i++) {
			seq_printf(m, "  prog %u name %s", progs[i].id,
				   progs[i].name[0] ? progs[i].name : "-");
			if (progs[i].inherited)
				seq_printf(m, " inherited from id=%llu",
					   progs[i].attached_at);
			seq_putc(m, '\n');
		}
	}
}
#else
static void cgscope_devices_v2_show(struct seq_file *m, char *path,
				    struct cgscope_prog_info *progs)
{
	seq_puts(m, "# no cgroup BPF in this kernel\n");
}
#endif

static int cgscope_devices_show(struct seq_file *m, void *v)
{
	struct cgscope_prog_info *progs;
	char *path;
	int err = -ENOMEM;

	path = kmalloc(PATH_MAX, GFP_KERNEL);
	progs = kmalloc_array(CGSCOPE_PROGS_MAX, sizeof(*progs), GFP_KERNEL);
	if (!path || !progs)
		goto out_free;
	err = 0;

	cgscope_stats_walk();
	cgscope_cgroup_lock();
	cgscope_devices_v1_show(m, path);
	cgscope_devices_v2_show(m, path, progs);
	cgscope_cgroup_unlock();

out_free:
	kfree(progs);
	kfree(path);
	return err;
}

/* One namespace of the table.  Context: cgroup_mutex. */
static void cgscope_ns_show_one(struct seq_file *m,
				const struct cgscope_ns_entry *e,
				struct cgscope_cgns_info *ci, char *path)
{
	const struct cgscope_ns_info *ni = &e->info;
	unsigned int i;

	seq_printf(m, "%s:[%u] procs=%u threads=%u pid=%d",
		   cgscope_ns_type_name(ni->type), ni->inum, e->nr_procs,
		   e->nr_threads,
		   e->nr_procs ? e->min_proc_pid : e->min_thread_pid);
	if (ni->owner_inum)
		seq_printf(m, " owner=user:[%u]", ni->owner_inum);
	if (ni->has_level)
		seq_printf(m, " level=%u", ni->level);
	seq_putc(m, '\n');
	if (!e->cgns)
		return;
	cgscope_cgns_read(e->cgns, ci);
	for (i = 0; i < ci->nr_roots; i++)
		seq_printf(m, "  root %u:%s\n", ci->roots[i].hierarchy_id,
			   cgscope_seq_path(ci->roots[i].cgrp, path));
}

static int cgscope_namespaces_show(struct seq_file *m, void *v)
{
	struct cgscope_ns_table *table;
	struct cgscope_cgns_info *ci;
	struct cgscope_ns_entry *e;
	u32 type = 0, inum = 0;
	int err = -ENOMEM;
	char *path;

	ci = kmalloc(sizeof(*ci), GFP_KERNEL);
	path = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!ci || !path)
		goto out_free;
	table = cgscope_ns_table_collect(0);
	if (IS_ERR(table)) {
		err = PTR_ERR(table);
		goto out_free;
	}
	err = 0;

	cgscope_stats_walk();
	cgscope_cgroup_lock();
	while ((e = cgscope_ns_table_next(table, &type, &inum))) {
		cgscope_ns_show_one(m, e, ci, path);
		cgscope_ns_table_skip(&type, &inum);
	}
	cgscope_cgroup_unlock();
	cgscope_ns_table_free(table);

out_free:
	kfree(path);
	kfree(ci);
	return err;
}

/* One dying css or removed cgroup.  Context: cgroup_mutex. */
static void cgscope_dying_show_one(struct seq_file *m,
				   const struct cgscope_dying_info *di,
				   char *path)
{
	if (di->is_cgroup)
		seq_puts(m, "cgroup");
	else
		seq_printf(m, "%s css=%u %s",
			   cgscope_subsys_name(di->ssid,
					       cgscope_on_dfl(di->cgrp)),
			   di->css_id, di->online ? "online" : "offline");
	seq_printf(m, " %d:%s id=%llu%s", di->cgrp->root->hierarchy_id,
		   cgscope_seq_path(di->cgrp, path), cgroup_id(di->cgrp),
		   di->cgroup_dying ? " removed" : "");
	if (di->has_refs)
		seq_printf(m, " refs=%llu", di->refs);
	if (di->has_charged)
		seq_printf(m, " charged=%llu", di->charged);
	seq_putc(m, '\n');
}

#define CGSCOPE_DEBUGFS_DYING_BATCH	32

static int cgscope_dying_show(struct seq_file *m, void *v)
{
	struct cgscope_dying_info di;
	struct cgroup_root *root;
	struct cgroup **cgrps;
	int ssid, id, n, i;
	char *path;
	u64 after;

	path = kmalloc(PATH_MAX, GFP_KERNEL);
	cgrps = kmalloc_array(CGSCOPE_DEBUGFS_DYING_BATCH, sizeof(*cgrps),
			      GFP_KERNEL);
	if (!path || !cgrps) {
		kfree(cgrps);
		kfree(path);
		return -ENOMEM;
	}

	cgscope_stats_walk();
	cgscope_cgroup_lock();
	for (ssid = 0; ssid < CGROUP_SUBSYS_COUNT; ssid++) {
		struct cgroup_subsys_state *css;

		for (id = 0; (css = cgscope_dying_css_next(ssid, &id)); id++) {
			cgscope_dying_css_read(css, &di);
			cgscope_dying_show_one(m, &di, path);
		}
	}
	for (root = cgscope_root_next(-1); root;
	     root = cgscope_root_next(root->hierarchy_id)) {
		after = 0;
		do {
			n = cgscope_dying_cgroups(root, after, cgrps,
						  CGSCOPE_DEBUGFS_DYING_BATCH);
			for (i = 0; i < n; i++) {
				cgscope_dying_cgroup_read(cgrps[i], &di);
				cgscope_dying_show_one(m, &di, path);
				after = cgroup_id(cgrps[i]);
			}
		} while (n == CGSCOPE_DEBUGFS_DYING_BATCH);
	}
	cgscope_cgroup_unlock();

	kfree(cgrps);
	kfree(path);
	return 0;
}

static int cgscope_stats_show(struct seq_file *m, void *v)
{
	struct cgscope_stats st;

	cgscope_stats_read(&st);
	seq_printf(m, "walks %llu\n", st.walks);
	seq_printf(m, "css_set_lock_holds %llu\n", st.css_set_lock_holds);
	seq_printf(m, "css_set_lock_hold_ns_total %llu\n", st.hold_ns_total);
	seq_printf(m, "css_set_lock_hold_ns_max %llu\n", st.hold_ns_max);
	seq_printf(m, "cgroup_mutex_hold_ns_max %llu\n", st.mutex_ns_max);
	return 0;
}

static ssize_t cgscope_stats_write(struct file *file, const char __user *ubuf,
				   size_t count, loff_t *ppos)
{
	unsigned int v;
	int err;

	err = kstrtouint_from_user(ubuf, count, 10, &v);
	if (err)
		return err;
	if (v)
		return -EINVAL;
	cgscope_stats_reset();
	return count;
}

static const char *const cgscope_event_names[] = {
	[CGSCOPE_EVENT_DENIAL]	= "denial",
	[CGSCOPE_EVENT_RULE_V1]	= "rule",
	[CGSCOPE_EVENT_PROG]	= "prog",
	[CGSCOPE_EVENT_GOODBYE]	= "goodbye",
};

static const char *const cgscope_event_ops[] = {
	[CGSCOPE_EVENT_OP_ALLOW]	= "allow",
	[CGSCOPE_EVENT_OP_DENY]		= "deny",
	[CGSCOPE_EVENT_OP_ATTACH]	= "attach",
	[CGSCOPE_EVENT_OP_REPLACE]	= "replace",
	[CGSCOPE_EVENT_OP_DETACH]	= "detach",
};

static const char *const cgscope_event_layers[] = {
	[CGSCOPE_LAYER_NONE]	= "none",
	[CGSCOPE_LAYER_V1]	= "v1",
	[CGSCOPE_LAYER_BPF]	= "bpf",
};

static const char *cgscope_name(const char *const *names, size_t n, u32 i)
{
	return i < n && names[i] ? names[i] : "?";
}

static const char *cgscope_event_name(u32 type)
{
	return cgscope_name(cgscope_event_names,
			    ARRAY_SIZE(cgscope_event_names), type);
}

static const char *cgscope_event_op(u32 op)
{
	return cgscope_name(cgscope_event_ops, ARRAY_SIZE(cgscope_event_ops),
			    op);
}

static const char *cgscope_event_layer(u32 layer)
{
	return cgscope_name(cgscope_event_layers,
			    ARRAY_SIZE(cgscope_event_layers), layer);
}

static void cgscope_event_show_one(struct seq_file *m,
				   const struct cgscope_event *ev)
{
	const struct cgscope_devcg_verdict *v = &ev->verdict;

	seq_printf(m, "%llu %llu.%09llu %s pid %d tgid %d comm %s", ev->seq,
		   ev->mono_ns / NSEC_PER_SEC, ev->mono_ns % NSEC_PER_SEC,
		   cgscope_event_name(ev->type), ev->pid,
		   ev->tgid, ev->comm);
	if (ev->cgrp_id)
		seq_printf(m, " cgroup %u:%s (%llu)", ev->hierarchy_id,
			   ev->has_path ? ev->path : "?", ev->cgrp_id);
	if (ev->v2_id)
		seq_printf(m, " v2 %s (%llu)",
			   ev->has_v2_path ? ev->v2_path : "?", ev->v2_id);
	switch (ev->type) {
	case CGSCOPE_EVENT_DENIAL:
		seq_printf(m, " dev %c %u:%u access %s%s%s",
			   ev->dev_type == CGSCOPE_DEV_BLOCK ? 'b' : 'c',
			   ev->major, ev->minor,
			   ev->access & CGSCOPE_ACC_READ ? "r" : "",
			   ev->access & CGSCOPE_ACC_WRITE ? "w" : "",
			   ev->access & CGSCOPE_ACC_MKNOD ? "m" : "");
		if (!ev->done)
			break;
		seq_printf(m, " layer %s",
			   cgscope_event_layer(ev->layer));
		if (v->deny_prog_id)
			seq_printf(m, " prog %u", v->deny_prog_id);
		if (ev->layer == CGSCOPE_LAYER_V1 && v->has_rule) {
			seq_puts(m, " rule ");
			cgscope_seq_rule(m, &v->rule);
		}
		break;
	case CGSCOPE_EVENT_RULE_V1:
		seq_printf(m, " %s \"%s\" error %u",
			   cgscope_event_op(ev->op), ev->rule,
			   ev->error);
		break;
	case CGSCOPE_EVENT_PROG:
		seq_printf(m, " %s prog %u (%s) flags %#x error %u",
			   cgscope_event_op(ev->op), ev->prog_id,
			   ev->prog_name, ev->flags, ev->error);
		break;
	}
	seq_putc(m, '\n');
}

static int cgscope_events_show(struct seq_file *m, void *v)
{
	struct cgscope_event_stats st;
	struct cgscope_event *ev;
	u64 seq = 0;

	cgscope_events_stats(&st);
	seq_printf(m, "# ring %s armed %d size %u rate %u triggered %llu ratelimited %llu recorded %llu overrun %llu sent %llu missed %llu\n",
		   cgscope_events_ring_enabled() ? "on" : "off", st.armed,
		   st.ring_size, st.rate, st.triggered, st.ratelimited,
		   st.recorded, st.overrun, st.sent, st.missed);
	ev = kmalloc(sizeof(*ev), GFP_KERNEL);
	if (!ev)
		return -ENOMEM;
	while (cgscope_events_read(seq, ev)) {
		cgscope_event_show_one(m, ev);
		seq = ev->seq + 1;
	}
	kfree(ev);
	return 0;
}

/* "1": record events into the ring without a listener; "0": stop. */
static ssize_t cgscope_events_write(struct file *file,
				    const char __user *ubuf, size_t count,
				    loff_t *ppos)
{
	bool on;
	int err;

	err = kstrtobool_from_user(ubuf, count, &on);
	if (err)
		return err;
	err = cgscope_events_set_ring(on);
	return err ? err : count;
}

struct cgscope_debugfs_file {
	const char *name;
	umode_t mode;
	int (*show)(struct seq_file *m, void *v);
	ssize_t (*write)(struct file *file, const char __user *ubuf,
			 size_t count, loff_t *ppos);
};

static const struct cgscope_debugfs_file cgscope_debugfs_files[] = {
	{ "roots",	0400, cgscope_roots_show },
	{ "cgroups",	0400, cgscope_cgroups_show },
	{ "css_sets",	0400, cgscope_css_sets_show },
	{ "task",	0600, cgscope_task_show, cgscope_task_write },
	{ "devices",	0400, cgscope_devices_show },
	{ "namespaces",	0400, cgscope_namespaces_show },
	{ "dying",	0400, cgscope_dying_show },
	{ "stats",	0600, cgscope_stats_show, cgscope_stats_write },
	{ "events",	0600, cgscope_events_show, cgscope_events_write },
};

static int cgscope_debugfs_open(struct inode *inode, struct file *file)
{
	const struct cgscope_debugfs_file *f = inode->i_private;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	return single_open(file, f->show, NULL);
}

static ssize_t cgscope_debugfs_write(struct file *file,
				     const char __user *ubuf, size_t count,
				     loff_t *ppos)
{
	const struct cgscope_debugfs_file *f = file_inode(file)->i_private;

	if (!f->write)
		return -EINVAL;
	return f->write(file, ubuf, count, ppos);
}

static const struct file_operations cgscope_debugfs_fops = {
	.owner		= THIS_MODULE,
	.open		= cgscope_debugfs_open,
	.read		= seq_read,
	.write		= cgscope_debugfs_write,
	.llseek		= seq_lseek,
	.release	= single_release,
};

/**
 * cgscope_debugfs_init() - create /sys/kernel/debug/cgscope/
 *
 * Return: 0 or a negative errno.
 */
int cgscope_debugfs_init(void)
{
	int i;

	cgscope_debugfs_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	if (IS_ERR(cgscope_debugfs_dir))
		return PTR_ERR(cgscope_debugfs_dir);

	for (i = 0; i < ARRAY_SIZE(cgscope_debugfs_files); i++) {
		const struct cgscope_debugfs_file *f = &cgscope_debugfs_files[i];

		debugfs_create_file(f->name, f->mode, cgscope_debugfs_dir,
				    (void *)f, &cgscope_debugfs_fops);
	}
	return 0;
}

/**
 * cgscope_debugfs_exit() - remove /sys/kernel/debug/cgscope/
 *
 * Waits for readers and writers still inside our files.
 */
void cgscope_debugfs_exit(void)
{
	debugfs_remove_recursive(cgscope_debugfs_dir);
}
