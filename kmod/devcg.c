// SPDX-License-Identifier: GPL-2.0
/*
 * The device controller, both of its layers, as devcgroup_check_permission()
 * applies them to an open() or mknod():
 *
 *  1. the v2 device programs (BPF_CGROUP_DEVICE) effective on the task's
 *     v2 cgroup, run in order; if any denies, the access is denied;
 *  2. the v1 device cgroup of the task: in default-allow mode an access is
 *     denied if any exception overlaps it (match_exception_partial()); in
 *     default-deny mode it is allowed only if one exception covers it
 *     wholly (match_exception()).
 *
 * We read the exception lists under RCU from the kernel's own struct
 * dev_cgroup (mirrored in compat.h), and run the programs the way
 * bpf_prog_run_array_cg() does, on a bpf_cgroup_dev_ctx we fill in.  A
 * program runs with the checking thread as current: one that looks at the
 * current task (no device program we know of does) may answer differently
 * than it would for the task checked.
 */
#include <linux/bpf.h>
#include <linux/bpf-cgroup.h>
#include <linux/filter.h>
#include <linux/slab.h>
#include <uapi/linux/cgscope.h>

#include "cgscope.h"

#ifdef CONFIG_CGROUP_DEVICE

/*
 * An item whose fields make no sense means our mirror is wrong.  Access 0
 * is sane: dev_exception_rm() clears the bits before list_del_rcu(), and
 * the kernel's matchers pass over such an item, as we do.
 */
static bool cgscope_devcg_item_ok(const struct cgscope_dev_exception_item *ex)
{
	return (ex->type == CGSCOPE_DEV_BLOCK || ex->type == CGSCOPE_DEV_CHAR ||
		ex->type == CGSCOPE_DEV_ALL) &&
	       !(ex->access & ~(CGSCOPE_ACC_MKNOD | CGSCOPE_ACC_READ |
				CGSCOPE_ACC_WRITE));
}

static void cgscope_devcg_copy(struct cgscope_devcg_exc *dst,
			       const struct cgscope_dev_exception_item *ex)
{
	dst->type = ex->type;
	dst->access = ex->access;
	dst->major = ex->major;
	dst->minor = ex->minor;
}

/**
 * cgscope_devcg_read() - a v1 device cgroup's behaviour and exceptions
 * @css: its devices css
 * @info: filled in; info->exc is allocated, free it with kfree()
 *
 * Context: cgroup_mutex (keeps @css alive); takes the RCU read lock.
 * Return: 0, -ENOMEM, or -EIO if an item does not look like one.
 */
int cgscope_devcg_read(struct cgroup_subsys_state *css,
		       struct cgscope_devcg_info *info)
{
	struct cgscope_dev_cgroup *devcg = cgscope_css_to_devcg(css);
	struct cgscope_dev_exception_item *ex;
	u32 n, cap = 16;
	int err;

	lockdep_assert_held(cgscope_syms.cgroup_mutex);

	memset(info, 0, sizeof(*info));
	for (;;) {
		info->exc = kmalloc_array(cap, sizeof(*info->exc), GFP_KERNEL);
		if (!info->exc)
			return -ENOMEM;
		n = 0;
		err = 0;
		rcu_read_lock();
		info->behavior = READ_ONCE(devcg->behavior);
		list_for_each_entry_rcu(ex, &devcg->exceptions, list) {
			if (!cgscope_devcg_item_ok(ex)) {
				err = -EIO;
				break;
			}
			if (!READ_ONCE(ex->access))
				continue;	/* being removed */
			if (n < cap)
				cgscope_devcg_copy(&info->exc[n], ex);
			n++;
		}
		rcu_read_unlock();
		if (err || n <= cap)
			break;
		/* the list grew past what we had room for: again, bigger */
		kfree(info->exc);
		cap = n + 16;
	}
	if (err) {
		kfree(info->exc);
		info->exc = NULL;
		return err;
	}
	info->nr = n;
	return 0;
}

/* match_exception() of security/device_cgroup.c */
static bool cgscope_devcg_match(const struct cgscope_dev_exception_item *ex,
				u8 type, u32 major, u32 minor, u8 access)
{
	if ((type & CGSCOPE_DEV_BLOCK) && !(ex->type & CGSCOPE_DEV_BLOCK))
		return false;
	if ((type & CGSCOPE_DEV_CHAR) && !(ex->type & CGSCOPE_DEV_CHAR))
		return false;
	if (ex->major != ~0 && ex->major != major)
		return false;
	if (ex->minor != ~0 && ex->minor != minor)
		return false;
	return !(access & ~ex->access);
}

/* match_exception_partial() of security/device_cgroup.c */
static bool cgscope_devcg_match_partial(const struct cgscope_dev_exception_item *ex,
					u8 type, u32 major, u32 minor,
					u8 access)
{
	if ((type & CGSCOPE_DEV_BLOCK) && !(ex->type & CGSCOPE_DEV_BLOCK))
		return false;
	if ((type & CGSCOPE_DEV_CHAR) && !(ex->type & CGSCOPE_DEV_CHAR))
		return false;
	if (ex->major != ~0 && major != ~0 && ex->major != major)
		return false;
	if (ex->minor != ~0 && minor != ~0 && ex->minor != minor)
		return false;
	return access & ex->access;
}

/**
 * cgscope_devcg_eval_v1() - decide an access as the v1 device cgroup would
 * @css: the devices css of the task or cgroup
 * @type: CGSCOPE_DEV_BLOCK or CGSCOPE_DEV_CHAR
 * @major: device major
 * @minor: device minor
 * @access: CGSCOPE_ACC_* mask
 * @v: the verdict: allowed, the behaviour, and the exception that decided
 *
 * Context: cgroup_mutex; takes the RCU read lock.
 * Return: 0, or -EIO if an item does not look like one.
 */
int cgscope_devcg_eval_v1(struct cgroup_subsys_state *css, u8 type,
			  u32 major, u32 minor, u8 access,
			  struct cgscope_devcg_verdict *v)
{
	struct cgscope_dev_cgroup *devcg = cgscope_css_to_devcg(css);
	struct cgscope_dev_exception_item *ex;
	bool matched = false, empty = true;
	int err = 0;

	lockdep_assert_held(cgscope_syms.cgroup_mutex);

	rcu_read_lock();
	v->behavior = READ_ONCE(devcg->behavior);
	list_for_each_entry_rcu(ex, &devcg->exceptions, list) {
		if (!cgscope_devcg_item_ok(ex)) {
			err = -EIO;
			break;
		}
		if (!READ_ONCE(ex->access))
			continue;	/* being removed */
		empty = false;
		if (v->behavior == CGSCOPE_KDEVCG_ALLOW)
			matched = cgscope_devcg_match_partial(ex, type, major,
							      minor, access);
		else
			matched = cgscope_devcg_match(ex, type, major, minor,
						      access);
		if (matched) {
			cgscope_devcg_copy(&v->rule, ex);
			break;
		}
	}
	rcu_read_unlock();
	if (err)
		return err;

	v->has_rule = matched;
	if (v->behavior == CGSCOPE_KDEVCG_ALLOW)
		v->allowed = !matched;
	else
		v->allowed = matched;
	/* a hierarchy root allowing everything restricts nothing */
	v->unrestricted = !css->parent && empty &&
			  v->behavior == CGSCOPE_KDEVCG_ALLOW;
	return 0;
}

#endif /* CONFIG_CGROUP_DEVICE */

#ifdef CONFIG_CGROUP_BPF

/*
 * A removed cgroup's BPF state is released (its effective arrays freed,
 * the pointers left as they were) once cgrp->bpf.refcnt reaches zero; the
 * kernel checks percpu_ref_is_zero() before touching them, and so do we.
 * Context: cgroup_mutex (cgroup_bpf_release() takes it).
 */
static bool cgscope_bpf_released(struct cgroup *cgrp)
{
	return percpu_ref_is_zero(&cgrp->bpf.refcnt);
}

/* The program a prog list entry attaches, directly or through a link. */
static struct bpf_prog *cgscope_pl_prog(struct bpf_prog_list *pl)
{
	return pl->prog ? pl->prog : pl->link->link.prog;
}

/*
 * Where @prog, effective on @cgrp, is attached: @cgrp or its nearest
 * ancestor that lists it.  Context: cgroup_mutex.
 */
static struct cgroup *cgscope_prog_attached_at(struct cgroup *cgrp,
					       struct bpf_prog *prog)
{
	struct bpf_prog_list *pl;
	struct cgroup *p;

	for (p = cgrp; p; p = cgroup_parent(p))
		hlist_for_each_entry(pl, &p->bpf.progs[CGROUP_DEVICE], node)
			if (cgscope_pl_prog(pl) == prog)
				return p;
	return NULL;
}

/**
 * cgscope_devcg_progs() - the device programs effective on a v2 cgroup
 * @cgrp: the cgroup
 * @buf: room for @max programs
 * @max: how many to return at most
 *
 * Context: cgroup_mutex, which cgroup_bpf_attach()/detach() hold while
 * they change the lists and effective arrays we read.
 * Return: the number of programs (may exceed @max; only @max are filled).
 */
int cgscope_devcg_progs(struct cgroup *cgrp, struct cgscope_prog_info *buf,
			int max)
{
	const struct bpf_prog_array_item *item;
	struct bpf_prog_array *array;
	struct bpf_prog *prog;
	int n = 0;

	lockdep_assert_held(cgscope_syms.cgroup_mutex);

	if (cgscope_bpf_released(cgrp))
		return 0;
	array = rcu_dereference_protected(cgrp->bpf.effective[CGROUP_DEVICE],
					  lockdep_is_held(cgscope_syms.cgroup_mutex));
	if (!array)
		return 0;
	for (item = &array->items[0]; (prog = READ_ONCE(item->prog)); item++) {
		if (!prog->aux)
			continue;	/* dummy_bpf_prog left by a failed detach */
		if (n < max) {
			struct cgscope_prog_info *pi = &buf[n];
			struct cgroup *at = cgscope_prog_attached_at(cgrp, prog);

			memset(pi, 0, sizeof(*pi));
			pi->id = prog->aux->id;
			strscpy(pi->name, prog->aux->name, sizeof(pi->name));
			memcpy(pi->tag, prog->tag, sizeof(pi->tag));
			if (at) {
				pi->attached_at = cgroup_id(at);
				pi->attach_flags = at->bpf.flags[CGROUP_DEVICE];
				pi->inherited = at != cgrp;
			}
		}
		n++;
	}
	return n;
}

/**
 * cgscope_devcg_eval_bpf() - run the device programs of a v2 cgroup
 * @cgrp: the cgroup
 * @type: CGSCOPE_DEV_BLOCK or CGSCOPE_DEV_CHAR
 * @major: device major
 * @minor: device minor
 * @access: CGSCOPE_ACC_* mask
 * @v: filled in: bpf_denied, deny_prog_id, nr_progs
 *
 * As bpf_prog_run_array_cg() for __cgroup_bpf_check_dev_permission(): every
 * program runs; one returning 0 (or setting an error) denies the access.
 *
 * Context: cgroup_mutex (keeps @cgrp's BPF state from being released);
 * takes the RCU read lock, disables migration.
 */
void cgscope_devcg_eval_bpf(struct cgroup *cgrp, u8 type, u32 major,
			    u32 minor, u8 access,
			    struct cgscope_devcg_verdict *v)
{
	struct bpf_cgroup_dev_ctx ctx = {
		.access_type = (access << 16) | type,
		.major = major,
		.minor = minor,
	};
	struct bpf_cg_run_ctx run_ctx = { .retval = 0 };
	const struct bpf_prog_array_item *item;
	const struct bpf_prog_array *array;
	struct bpf_run_ctx *old_run_ctx;
	struct bpf_prog *prog;
	u32 ret;

	lockdep_assert_held(cgscope_syms.cgroup_mutex);

	if (cgscope_bpf_released(cgrp))
		return;
	rcu_read_lock();
	migrate_disable();
	array = rcu_dereference(cgrp->bpf.effective[CGROUP_DEVICE]);
	if (!array)
		goto out;
	old_run_ctx = bpf_set_run_ctx(&run_ctx.run_ctx);
	for (item = &array->items[0]; (prog = READ_ONCE(item->prog)); item++) {
		bool denied_before = run_ctx.retval;

		if (!prog->aux)
			continue;	/* dummy_bpf_prog: allows, not counted */
		run_ctx.prog_item = item;
		ret = bpf_prog_run(prog, &ctx);
		if (!(ret & 1) && !IS_ERR_VALUE((long)run_ctx.retval))
			run_ctx.retval = -EPERM;
		if (run_ctx.retval && !denied_before)
			v->deny_prog_id = prog->aux->id;
		v->nr_progs++;
	}
	bpf_reset_run_ctx(old_run_ctx);
	v->bpf_denied = run_ctx.retval != 0;
	if (!v->bpf_denied)	/* a later program's bpf_set_retval(0) */
		v->deny_prog_id = 0;
out:
	migrate_enable();
	rcu_read_unlock();
}

#endif /* CONFIG_CGROUP_BPF */

/**
 * cgscope_devcg_decide() - decide an access as devcgroup_check_permission()
 * @devcss: the devices css (v1 list), or NULL
 * @v2: the v2 cgroup whose device programs apply, or NULL
 * @type: CGSCOPE_DEV_BLOCK or CGSCOPE_DEV_CHAR
 * @major: device major
 * @minor: device minor
 * @access: CGSCOPE_ACC_* mask
 * @v: the verdict
 *
 * Programs first, then the v1 list, as the kernel asks them.
 *
 * Context: cgroup_mutex.
 * Return: 0, or -EIO if an exception does not look like one.
 */
int cgscope_devcg_decide(struct cgroup_subsys_state *devcss,
			 struct cgroup *v2, u8 type, u32 major, u32 minor,
			 u8 access, struct cgscope_devcg_verdict *v)
{
	memset(v, 0, sizeof(*v));
	v->allowed = true;
	v->unrestricted = true;
#ifdef CONFIG_CGROUP_BPF
	if (v2)
		cgscope_devcg_eval_bpf(v2, type, major, minor, access, v);
	if (v->bpf_denied)
		return 0;
#endif
#ifdef CONFIG_CGROUP_DEVICE
	if (devcss)
		return cgscope_devcg_eval_v1(devcss, type, major, minor,
					     access, v);
#endif
	return 0;
}

/**
 * cgscope_devcg_layer() - the layer whose answer stood
 * @v: a verdict of cgscope_devcg_decide()
 *
 * Programs, when one denied or nothing else restricts; else the v1 list,
 * unless that is a root allowing everything.
 *
 * Return: enum cgscope_check_layer.
 */
u32 cgscope_devcg_layer(const struct cgscope_devcg_verdict *v)
{
	if (v->bpf_denied || (v->unrestricted && v->nr_progs))
		return CGSCOPE_LAYER_BPF;
	if (v->unrestricted)
		return CGSCOPE_LAYER_NONE;
	return CGSCOPE_LAYER_V1;
}
