// SPDX-License-Identifier: GPL-2.0
/*
 * The probes behind live events: kretprobes on
 *
 *  - devcgroup_check_permission() (exported): a non-zero return is a denial
 *    (the v1 list or a v2 device program refused the access);
 *  - devcgroup_access_write() (static, security/device_cgroup.c): the
 *    write handler of devices.allow and devices.deny, a kernfs write with
 *    the signature its function-pointer type fixes;
 *  - __cgroup_bpf_attach() and __cgroup_bpf_detach() (static,
 *    kernel/bpf/cgroup.c): every attach, replace and detach of a cgroup
 *    BPF program, by BPF_PROG_ATTACH/DETACH and by links.
 *
 * The last two are private functions whose arguments we read from
 * registers as compat.h describes; everything read through them is read
 * with get_kernel_nofault() and checked (the attach type must be
 * BPF_CGROUP_DEVICE, the cgroup must belong to cgrp_dfl_root) before it is
 * used, so a kernel whose signature differs yields no event, never a fault.
 * A probe that cannot be registered takes its kind of event away; the
 * info op's features say which ones there are.
 *
 * The handlers run in atomic context: no allocation, no sleeping lock.
 * They take references on the cgroups an event names (css_tryget()), which
 * the ring or the worker drops.  Entry handlers only copy arguments: a
 * return handler may never run (the probe can go away meanwhile).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bpf.h>
#include <linux/bpf-cgroup.h>
#include <linux/kprobes.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>

#include "cgscope.h"
#include "compat.h"

/* A task and the time: what every event starts with.  Atomic context. */
static void cgscope_probe_event_init(struct cgscope_event *ev, u32 type)
{
	memset(ev, 0, offsetof(struct cgscope_event, path));
	ev->type = type;
	ev->mono_ns = ktime_get_ns();
	ev->real_ns = ktime_get_real_ns();
	ev->pid = task_pid_nr(current);
	ev->tgid = task_tgid_nr(current);
	/* no task_lock here: a comm being renamed may come out mixed */
	memcpy(ev->comm, current->comm, sizeof(ev->comm));
	ev->comm[sizeof(ev->comm) - 1] = '\0';
}

/* Reference a v2 cgroup for @ev.  Context: RCU or a reference. */
static void cgscope_probe_take_v2(struct cgscope_event *ev, struct cgroup *cgrp)
{
	if (cgrp && css_tryget(&cgrp->self)) {
		ev->v2 = cgrp;
		ev->v2_id = cgroup_id(cgrp);
	}
}

/*
 * The event a return handler builds, one per CPU: a struct cgscope_event
 * is about 1 KiB, too much for the stack of the probed function's caller
 * (1032 bytes with KASAN, over FRAME_WARN).  Handlers run with preemption
 * disabled and do not nest (kprobes skips a probe hit while one runs, and
 * none of the probed functions runs in interrupt context), and
 * cgscope_events_record() copies the event out before the handler ends.
 */
static DEFINE_PER_CPU(struct cgscope_event, cgscope_probe_ev);

/* --- denials -------------------------------------------------------- */

struct cgscope_denial_args {
	u32 major;
	u32 minor;
	u8 type;
	u8 access;
};

static int cgscope_denial_entry(struct kretprobe_instance *ri,
				struct pt_regs *regs)
{
	struct cgscope_denial_args *a = (void *)ri->data;

	/* (short type, u32 major, u32 minor, short access) */
	a->type = (u8)regs_get_kernel_argument(regs, 0);
	a->major = (u32)regs_get_kernel_argument(regs, 1);
	a->minor = (u32)regs_get_kernel_argument(regs, 2);
	a->access = (u8)regs_get_kernel_argument(regs, 3);
	return 0;
}

static int cgscope_denial_ret(struct kretprobe_instance *ri,
			      struct pt_regs *regs)
{
	struct cgscope_denial_args *a = (void *)ri->data;
	struct cgscope_event *ev = this_cpu_ptr(&cgscope_probe_ev);

	if (!regs_return_value(regs))
		return 0;
	cgscope_probe_event_init(ev, CGSCOPE_EVENT_DENIAL);
	ev->dev_type = a->type;
	ev->major = a->major;
	ev->minor = a->minor;
	ev->access = a->access;

	/* the csses devcgroup_check_permission() asked: current's */
	rcu_read_lock();
#ifdef CONFIG_CGROUP_DEVICE
	{
		struct cgroup_subsys_state *css =
			task_css(current, devices_cgrp_id);

		if (css && css_tryget(css)) {
			ev->devcss = css;
			ev->cgrp_id = cgroup_id(css->cgroup);
			ev->hierarchy_id = css->cgroup->root->hierarchy_id;
		}
	}
#endif
	cgscope_probe_take_v2(ev, task_dfl_cgroup(current));
	rcu_read_unlock();

	cgscope_events_record(ev);
	return 0;
}

static struct kretprobe cgscope_denial_probe = {
	.kp.symbol_name	= "devcgroup_check_permission",
	.kp.flags	= KPROBE_FLAG_DISABLED,
	.entry_handler	= cgscope_denial_entry,
	.handler	= cgscope_denial_ret,
	.data_size	= sizeof(struct cgscope_denial_args),
	.maxactive	= 64,
};

/* --- devices.allow / devices.deny ----------------------------------- */

struct cgscope_write_args {
	struct kernfs_open_file *of;
	char rule[CGSCOPE_EVENT_RULE_LEN];
};

static int cgscope_write_entry(struct kretprobe_instance *ri,
			       struct pt_regs *regs)
{
	struct cgscope_write_args *a = (void *)ri->data;
	const char *buf = (const char *)regs_get_kernel_argument(regs, 1);
	char *nl;

	/* (struct kernfs_open_file *of, char *buf, size_t nbytes, loff_t) */
	a->of = (struct kernfs_open_file *)regs_get_kernel_argument(regs, 0);
	/* kernfs hands write handlers a NUL-terminated kernel copy */
	strscpy(a->rule, buf, sizeof(a->rule));
	nl = strchr(a->rule, '\n');
	if (nl)
		*nl = '\0';
	return 0;
}

static int cgscope_write_ret(struct kretprobe_instance *ri,
			     struct pt_regs *regs)
{
	struct cgscope_write_args *a = (void *)ri->data;
	long ret = (long)regs_return_value(regs);
	struct cgroup_subsys_state *css;
	struct cftype *cft;
	struct cgscope_event *ev = this_cpu_ptr(&cgscope_probe_ev);

	cgscope_probe_event_init(ev, CGSCOPE_EVENT_RULE_V1);
	/* the writer holds the file open: its cgroup is alive */
	cft = of_cft(a->of);
	if (!strcmp(cft->name, "allow"))
		ev->op = CGSCOPE_EVENT_OP_ALLOW;
	else if (!strcmp(cft->name, "deny"))
		ev->op = CGSCOPE_EVENT_OP_DENY;
	else
		return 0;
	css = of_css(a->of);
	if (css && css_tryget(css)) {
		ev->devcss = css;
		ev->cgrp_id = cgroup_id(css->cgroup);
		ev->hierarchy_id = css->cgroup->root->hierarchy_id;
	}
	strscpy(ev->rule, a->rule, sizeof(ev->rule));
	ev->error = ret < 0 ? -ret : 0;
	cgscope_events_record(ev);
	return 0;
}

static struct kretprobe cgscope_write_probe = {
	.kp.symbol_name	= CGSCOPE_PROBE_DEVCG_WRITE,
	.kp.flags	= KPROBE_FLAG_DISABLED,
	.entry_handler	= cgscope_write_entry,
	.handler	= cgscope_write_ret,
	.data_size	= sizeof(struct cgscope_write_args),
	.maxactive	= 16,
};

/* --- device programs ------------------------------------------------- */

struct cgscope_prog_args {
	struct cgroup *cgrp;
	struct bpf_prog *prog;
	struct bpf_prog *replace;
	struct bpf_cgroup_link *link;
	u32 type;
	u32 flags;
	u32 op;
};

static int cgscope_attach_entry(struct kretprobe_instance *ri,
				struct pt_regs *regs)
{
	struct cgscope_prog_args *a = (void *)ri->data;

	/* (cgrp, prog, replace_prog, link, type, flags): see compat.h */
	a->cgrp = (struct cgroup *)regs_get_kernel_argument(regs, 0);
	a->prog = (struct bpf_prog *)regs_get_kernel_argument(regs, 1);
	a->replace = (struct bpf_prog *)regs_get_kernel_argument(regs, 2);
	a->link = (struct bpf_cgroup_link *)regs_get_kernel_argument(regs, 3);
	a->type = (u32)regs_get_kernel_argument(regs, 4);
	a->flags = (u32)regs_get_kernel_argument(regs, 5);
	a->op = a->replace ? CGSCOPE_EVENT_OP_REPLACE : CGSCOPE_EVENT_OP_ATTACH;
	return 0;
}

static int cgscope_detach_entry(struct kretprobe_instance *ri,
				struct pt_regs *regs)
{
	struct cgscope_prog_args *a = (void *)ri->data;

	/* (cgrp, prog, link, type): see compat.h */
	a->cgrp = (struct cgroup *)regs_get_kernel_argument(regs, 0);
	a->prog = (struct bpf_prog *)regs_get_kernel_argument(regs, 1);
	a->replace = NULL;
	a->link = (struct bpf_cgroup_link *)regs_get_kernel_argument(regs, 2);
	a->type = (u32)regs_get_kernel_argument(regs, 3);
	a->flags = 0;
	a->op = CGSCOPE_EVENT_OP_DETACH;
	return 0;
}

static int cgscope_prog_ret(struct kretprobe_instance *ri,
			    struct pt_regs *regs)
{
	struct cgscope_prog_args *a = (void *)ri->data;
	long ret = (long)regs_return_value(regs);
	struct bpf_prog *prog = a->prog;
	struct cgroup_root *root;
	struct bpf_prog_aux *aux;
	struct cgscope_event *ev = this_cpu_ptr(&cgscope_probe_ev);

	if (a->type != BPF_CGROUP_DEVICE)
		return 0;
	/* the caller holds cgroup_mutex and a reference: if it is a cgroup */
	if (get_kernel_nofault(root, &a->cgrp->root) || root != &cgrp_dfl_root)
		return 0;
	if (!prog && a->link &&
	    get_kernel_nofault(prog, &a->link->link.prog))
		return 0;

	cgscope_probe_event_init(ev, CGSCOPE_EVENT_PROG);
	ev->op = a->op;
	ev->flags = a->flags;
	ev->error = ret < 0 ? -ret : 0;
	if (prog && !get_kernel_nofault(aux, &prog->aux) && aux) {
		if (get_kernel_nofault(ev->prog_id, &aux->id) ||
		    copy_from_kernel_nofault(ev->prog_name, aux->name,
					     sizeof(ev->prog_name)))
			ev->prog_id = 0;
		ev->prog_name[sizeof(ev->prog_name) - 1] = '\0';
	}
	cgscope_probe_take_v2(ev, a->cgrp);
	cgscope_events_record(ev);
	return 0;
}

static struct kretprobe cgscope_attach_probe = {
	.kp.symbol_name	= CGSCOPE_PROBE_BPF_ATTACH,
	.kp.flags	= KPROBE_FLAG_DISABLED,
	.entry_handler	= cgscope_attach_entry,
	.handler	= cgscope_prog_ret,
	.data_size	= sizeof(struct cgscope_prog_args),
	.maxactive	= 16,
};

static struct kretprobe cgscope_detach_probe = {
	.kp.symbol_name	= CGSCOPE_PROBE_BPF_DETACH,
	.kp.flags	= KPROBE_FLAG_DISABLED,
	.entry_handler	= cgscope_detach_entry,
	.handler	= cgscope_prog_ret,
	.data_size	= sizeof(struct cgscope_prog_args),
	.maxactive	= 16,
};

/* --- registration ---------------------------------------------------- */

static struct {
	struct kretprobe *rp;
	u64 feature;
	bool registered;
} cgscope_probes[] = {
	{ &cgscope_denial_probe, CGSCOPE_FEATURE_EVENTS_DENIAL },
	{ &cgscope_write_probe, CGSCOPE_FEATURE_EVENTS_RULE_V1 },
	{ &cgscope_attach_probe, CGSCOPE_FEATURE_EVENTS_PROG },
	{ &cgscope_detach_probe, CGSCOPE_FEATURE_EVENTS_PROG },
};

/**
 * cgscope_events_probe_init() - register every probe, disarmed
 *
 * Context: module init.
 * Return: 0 (a probe that fails is left out, with a message).
 */
int cgscope_events_probe_init(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cgscope_probes); i++) {
		struct kretprobe *rp = cgscope_probes[i].rp;
		int err;

		if (!IS_ENABLED(CONFIG_CGROUP_DEVICE) &&
		    cgscope_probes[i].feature == CGSCOPE_FEATURE_EVENTS_RULE_V1)
			continue;
		err = register_kretprobe(rp);
		if (err) {
			pr_warn("no events from %s: cannot probe it (%d)\n",
				rp->kp.symbol_name, err);
			continue;
		}
		cgscope_probes[i].registered = true;
	}
	return 0;
}

/**
 * cgscope_events_probe_exit() - unregister the probes
 *
 * Waits for running handlers.  Idempotent.
 *
 * Context: process.
 */
void cgscope_events_probe_exit(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cgscope_probes); i++) {
		if (!cgscope_probes[i].registered)
			continue;
		unregister_kretprobe(cgscope_probes[i].rp);
		cgscope_probes[i].registered = false;
	}
}

/**
 * cgscope_events_probe_enable() - arm or disarm every registered probe
 * @on: arm
 *
 * Context: process (takes kprobe_mutex).
 */
void cgscope_events_probe_enable(bool on)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cgscope_probes); i++) {
		struct kretprobe *rp = cgscope_probes[i].rp;

		if (!cgscope_probes[i].registered)
			continue;
		if (on)
			enable_kretprobe(rp);
		else
			disable_kretprobe(rp);
	}
}

/**
 * cgscope_events_probe_missed() - returns the probes could not catch
 *
 * Return: the sum of their nmissed (no free instance).
 */
u64 cgscope_events_probe_missed(void)
{
	unsigned int i;
	u64 n = 0;

	for (i = 0; i < ARRAY_SIZE(cgscope_probes); i++)
		if (cgscope_probes[i].registered)
			n += READ_ONCE(cgscope_probes[i].rp->nmissed) +
			     READ_ONCE(cgscope_probes[i].rp->kp.nmissed);
	return n;
}

/**
 * cgscope_events_probe_features() - the kinds of event we can catch
 *
 * Return: CGSCOPE_FEATURE_EVENTS_* bits.
 */
u64 cgscope_events_probe_features(void)
{
	unsigned int i;
	u64 f = 0;

	for (i = 0; i < ARRAY_SIZE(cgscope_probes); i++)
		if (cgscope_probes[i].registered)
			f |= cgscope_probes[i].feature;
	return f;
}
