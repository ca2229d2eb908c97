// SPDX-License-Identifier: GPL-2.0
/*
 * What keeps a memory cgroup charged, file by file: the page cache folios
 * charged to some memcgs, summed per file.
 *
 * A folio of page cache stays charged to the memcg that first brought it
 * in until it is freed; an offline (dying) memcg is not released while any
 * is left.  The walk looks at the page cache of every inode of every
 * super_block, as drop_caches does, and for each folio compares
 * folio->memcg_data with the memcgs asked about.  One pass serves any
 * number of memcgs: a binary search over their addresses per folio.
 *
 * Why the page caches and not the memcgs' LRU lists: an LRU list is
 * protected by lruvec->lru_lock (irqs off), and a walk that lets go of it
 * after a bounded number of folios has no safe place to go on from: the
 * folio it stopped at may be isolated, moved or freed meanwhile, unless it
 * is pinned across the unlock.  Inodes are held the way the kernel holds
 * them in such walks (igrab(), as drop_caches does with __iget()), an
 * inode held stays on its super_block's list, and a page cache is walked
 * under RCU with xas_pause() every CGSCOPE_MFILES_FOLIO_STEP folios.  The
 * price is a walk over every cached page of the system, not just the
 * memcgs' own, and nothing about anonymous memory or kernel objects:
 * those show only as the charged bytes not found in any page cache.
 *
 * A tmpfs/shmem page that was swapped out leaves a swap entry in its page
 * cache; the memcg its swap slot is charged to is the kernel's swap_cgroup
 * record (compat.h: cgscope_swap_owner()), looked up in the RCU step that
 * read the entry.  So a tmpfs file whose pages all went to swap is still
 * named, with its pages in swap.
 *
 * Bounds: s_inode_list_lock is held for at most CGSCOPE_MFILES_SKIP inodes
 * without page cache; an RCU step looks at most CGSCOPE_MFILES_FOLIO_STEP
 * entries of a page cache, folios or the shadow entries evicted folios
 * leave (a large file read once and dropped leaves tens of thousands);
 * no folio is referenced, isolated or moved: memcg_data and the
 * folio's size are read, then the folio must still be at its index
 * (xas_reload()), else it is counted as raced and not attributed.  The
 * longest s_inode_list_lock hold and the longest RCU step are measured
 * apart: a step may have been preempted (PREEMPT_RCU), a hold may not.  A walk
 * that races with reclaim, truncation or new charges may miss a folio that
 * moves behind it or see one twice when it moves ahead of it; the charged
 * bytes before and after are reported, so that a reader can say whether
 * the cgroup was changing.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/memcontrol.h>
#include <linux/pagemap.h>
#include <linux/sched/clock.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/xarray.h>
#include <uapi/linux/magic.h>

#include "cgscope.h"
#include "compat.h"

#ifdef CONFIG_MEMCG
/* Inodes without page cache skipped per s_inode_list_lock hold */
#define CGSCOPE_MFILES_SKIP		256
/* Page cache entries (folios, shadows) looked at per RCU step */
#define CGSCOPE_MFILES_FOLIO_STEP	64

struct cgscope_mfiles_key {
	unsigned long memcg;
	u32 idx;
};

/* The longest hold of a spinlock (preemption off, except on RT) */
static void cgscope_mfiles_hold(struct cgscope_mfiles *mf, u64 t0)
{
	u64 held = local_clock() - t0;

	if (held > mf->hold_max_ns)
		mf->hold_max_ns = held;
}

/*
 * The longest RCU step.  RCU readers are preemptible on Debian's kernels
 * (PREEMPT_RCU): a step may include the time the task was preempted.
 */
static void cgscope_mfiles_step(struct cgscope_mfiles *mf, u64 t0)
{
	u64 took = local_clock() - t0;

	if (took > mf->step_max_ns)
		mf->step_max_ns = took;
}

/**
 * cgscope_memcg_css_by_id() - a memory css by id, online or dying
 * @id: the css id
 *
 * Context: cgroup_mutex (a css leaves the idr under it).
 * Return: the css, valid while cgroup_mutex is held, or NULL.
 */
struct cgroup_subsys_state *cgscope_memcg_css_by_id(int id)
{
	struct cgroup_subsys *ss = cgscope_subsys_get(memory_cgrp_id);
	struct cgroup_subsys_state *css;

	lockdep_assert_held(cgscope_syms.cgroup_mutex);
	if (!ss || id <= 0)
		return NULL;
	rcu_read_lock();
	css = idr_find(&ss->css_idr, id);
	rcu_read_unlock();
	return css;
}

/**
 * cgscope_mfiles_add() - ask the walk about one more memory css
 * @mf: the walk, zeroed before the first call
 * @css: a memory css, online or dying
 *
 * A dying css can still be in its controller's idr after its last
 * reference went: css_release_work_fn() takes it out under cgroup_mutex,
 * but is only queued by then.  Such a css must not be got again (its
 * percpu_ref is exited and freed behind our back), so the reference is
 * a tryget, and a css whose count is zero is not added.  The array grows
 * first and the reference is taken last, so no error path holds one.
 *
 * Context: cgroup_mutex (keeps @css until the reference is taken); may
 * sleep.
 * Return: 0, -ENOENT when @css has no reference left (being freed),
 * -ENOSPC beyond CGSCOPE_MFILES_MAX_TARGETS, or -ENOMEM.
 */
int cgscope_mfiles_add(struct cgscope_mfiles *mf,
		       struct cgroup_subsys_state *css)
{
	struct cgscope_mfiles_target *t;

	if (mf->nr_targets == mf->alloc_targets) {
		unsigned int n = mf->alloc_targets ? 2 * mf->alloc_targets : 16;

		if (mf->nr_targets >= CGSCOPE_MFILES_MAX_TARGETS)
			return -ENOSPC;
		t = kvcalloc(n, sizeof(*t), GFP_KERNEL);
		if (!t)
			return -ENOMEM;
		if (mf->targets)
			memcpy(t, mf->targets, mf->nr_targets * sizeof(*t));
		kvfree(mf->targets);
		mf->targets = t;
		mf->alloc_targets = n;
	}
	if (!css_tryget(css))
		return -ENOENT;
	t = &mf->targets[mf->nr_targets++];
	t->css = css;
	t->dying = cgscope_css_is_dying(css);
	return 0;
}

static int cgscope_mfiles_key_cmp(const void *a, const void *b)
{
	const struct cgscope_mfiles_key *x = a, *y = b;

	if (x->memcg != y->memcg)
		return x->memcg < y->memcg ? -1 : 1;
	return 0;
}

/*
 * The target whose key (memcg address, or memcg id in @keys = swap_keys)
 * is @md, or -1.  Context: any.
 */
static int cgscope_mfiles_lookup(const struct cgscope_mfiles *mf,
				 const struct cgscope_mfiles_key *keys,
				 unsigned long md)
{
	unsigned int lo = 0, hi = mf->nr_targets;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (keys[mid].memcg == md)
			return keys[mid].idx;
		if (keys[mid].memcg < md)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/*
 * Note the pages of @inode charged to target @i.
 * Context: process context, no locks held (a reference on @inode); may
 * sleep.
 */
static int cgscope_mfiles_record(struct cgscope_mfiles *mf,
				 struct super_block *sb, struct inode *inode,
				 u32 i, bool shmem)
{
	struct cgscope_mfiles_target *t = &mf->targets[i];
	struct cgscope_mfile *f;
	struct dentry *dentry;
	char *p;

	t->pages += mf->acc[i];
	t->swapped_pages += mf->sacc[i];
	if (shmem)
		t->shmem_pages += mf->acc[i];
	t->files++;
	if (mf->nr_files >= CGSCOPE_MFILES_MAX_FILES) {
		mf->truncated = true;
		return 0;
	}
	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	f->target = i;
	f->dev = sb->s_dev;
	f->ino = inode->i_ino;
	f->pages = mf->acc[i];
	f->swapped = mf->sacc[i];
	f->shmem = shmem;
	strscpy(f->fstype, sb->s_type->name, sizeof(f->fstype));
	f->state = CGSCOPE_MFILE_NO_DENTRY;
	dentry = d_find_alias(inode);
	if (dentry) {
		f->state = CGSCOPE_MFILE_UNLINKED;
		if (!d_unlinked(dentry) && inode->i_nlink) {
			p = dentry_path_raw(dentry, mf->path, PATH_MAX);
			if (!IS_ERR(p)) {
				f->path = kstrdup(p, GFP_KERNEL);
				f->state = CGSCOPE_MFILE_LINKED;
			}
		}
		dput(dentry);
		if (f->state == CGSCOPE_MFILE_LINKED && !f->path) {
			kfree(f);
			return -ENOMEM;
		}
	}
	list_add_tail(&f->list, &mf->list);
	mf->nr_files++;
	return 0;
}

/* Note target @i as holding pages of this inode.  Context: any. */
static void cgscope_mfiles_touch(struct cgscope_mfiles *mf, int i)
{
	if (!mf->acc[i] && !mf->sacc[i])
		mf->touched[mf->nr_touched++] = i;
}

/*
 * Count @folio, just found at @xas, for the target it is charged to.
 * Context: RCU.
 */
static void cgscope_mfiles_folio(struct cgscope_mfiles *mf,
				 struct xa_state *xas, struct folio *folio)
{
	unsigned long md = READ_ONCE(folio->memcg_data);
	long nr = folio_nr_pages(folio);
	int i;

	mf->folios++;
	if (unlikely(folio != xas_reload(xas))) {
		mf->raced++;
		return;
	}
	if (!md || (md & (__NR_MEMCG_DATA_FLAGS - 1)))
		return;		/* uncharged, or kernel memory */
	i = cgscope_mfiles_lookup(mf, mf->keys, md);
	if (i < 0)
		return;
	cgscope_mfiles_touch(mf, i);
	mf->acc[i] += nr;
}

/*
 * Count the swap entry @entry, just found at @xas in a tmpfs/shmem page
 * cache, for the target its swap slot is charged to.
 * Context: RCU, the section that read @entry.
 */
static void cgscope_mfiles_swapped(struct cgscope_mfiles *mf,
				   struct xa_state *xas, void *entry)
{
#ifdef CONFIG_SWAP
	unsigned short id = cgscope_swap_owner(entry);
	int i;

	if (!id)
		return;
	i = cgscope_mfiles_lookup(mf, mf->swap_keys, id);
	if (i < 0)
		return;
	cgscope_mfiles_touch(mf, i);
	/* a large swap entry (6.12's tmpfs mTHP) is one slot per page */
	mf->sacc[i] += 1UL << xas_get_order(xas);
#endif
}

/*
 * The page cache of one inode: count its folios per target, then note
 * each target it holds pages of.
 * Context: process context, no locks held (a reference on @inode); takes
 * RCU for CGSCOPE_MFILES_FOLIO_STEP folios at a time; may sleep.
 */
static int cgscope_mfiles_inode(struct cgscope_mfiles *mf,
				struct super_block *sb, struct inode *inode)
{
	XA_STATE(xas, &inode->i_mapping->i_pages, 0);
	bool shmem = sb->s_magic == TMPFS_MAGIC;
	unsigned int n = 0, j;
	struct folio *folio;
	int err = 0;
	u64 t0;

	mf->inodes++;
	mf->nr_touched = 0;
	rcu_read_lock();
	t0 = local_clock();
	xas_for_each(&xas, folio, ULONG_MAX) {
		if (xas_retry(&xas, folio))
			continue;
		/*
		 * A value is a shadow entry (of an evicted folio) or, in
		 * tmpfs/shmem, a swap entry: no folio, but a step.
		 */
		if (!xa_is_value(folio))
			cgscope_mfiles_folio(mf, &xas, folio);
		else if (shmem && mf->swap_owners)
			cgscope_mfiles_swapped(mf, &xas, folio);
		if (++n % CGSCOPE_MFILES_FOLIO_STEP == 0) {
			xas_pause(&xas);
			cgscope_mfiles_step(mf, t0);
			rcu_read_unlock();
			cond_resched();
			rcu_read_lock();
			t0 = local_clock();
		}
	}
	cgscope_mfiles_step(mf, t0);
	rcu_read_unlock();

	for (j = 0; j < mf->nr_touched; j++) {
		u32 i = mf->touched[j];

		if (!err)
			err = cgscope_mfiles_record(mf, sb, inode, i, shmem);
		mf->acc[i] = 0;
		mf->sacc[i] = 0;
	}
	return err;
}

/*
 * Every inode of @sb with page cache, as drop_pagecache_sb() goes: the
 * inode held keeps its place on s_inodes while the lock is dropped.
 * Context: process context, no locks held (@sb held active); takes
 * s_inode_list_lock for at most CGSCOPE_MFILES_SKIP inodes at a time.
 */
static int cgscope_mfiles_super(struct cgscope_mfiles *mf,
				struct super_block *sb)
{
	struct inode *inode, *prev = NULL;
	unsigned int skipped = 0;
	int err = 0;
	u64 t0;

	spin_lock(&sb->s_inode_list_lock);
	t0 = local_clock();
	list_for_each_entry(inode, &sb->s_inodes, i_sb_list) {
		bool empty = mapping_empty(inode->i_mapping);

		if (empty && ++skipped < CGSCOPE_MFILES_SKIP)
			continue;
		if ((READ_ONCE(inode->i_state) & I_NEW) || !igrab(inode))
			continue;
		skipped = 0;
		cgscope_mfiles_hold(mf, t0);
		spin_unlock(&sb->s_inode_list_lock);

		if (!empty)
			err = cgscope_mfiles_inode(mf, sb, inode);
		iput(prev);
		prev = inode;
		if (!err && fatal_signal_pending(current))
			err = -EINTR;
		if (err)
			goto out_put;
		cond_resched();

		spin_lock(&sb->s_inode_list_lock);
		t0 = local_clock();
	}
	cgscope_mfiles_hold(mf, t0);
	spin_unlock(&sb->s_inode_list_lock);
out_put:
	iput(prev);
	return err;
}

/*
 * By target, then pages charged (in memory and in swap, largest first),
 * then device and inode.
 */
static int cgscope_mfiles_cmp(const void *a, const void *b)
{
	const struct cgscope_mfile *x = *(const struct cgscope_mfile **)a;
	const struct cgscope_mfile *y = *(const struct cgscope_mfile **)b;

	if (x->target != y->target)
		return x->target < y->target ? -1 : 1;
	if (x->pages + x->swapped != y->pages + y->swapped)
		return x->pages + x->swapped > y->pages + y->swapped ? -1 : 1;
	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	return 0;
}

/* The lookup tables and the per-inode counts.  Context: may sleep. */
static int cgscope_mfiles_prepare(struct cgscope_mfiles *mf)
{
	struct cgscope_mfiles_key *keys, *skeys;
	u32 i, n = mf->nr_targets;

	INIT_LIST_HEAD(&mf->list);
	keys = kvcalloc(n ?: 1, sizeof(*keys), GFP_KERNEL);
	skeys = kvcalloc(n ?: 1, sizeof(*skeys), GFP_KERNEL);
	mf->acc = kvcalloc(n ?: 1, sizeof(*mf->acc), GFP_KERNEL);
	mf->sacc = kvcalloc(n ?: 1, sizeof(*mf->sacc), GFP_KERNEL);
	mf->touched = kvcalloc(n ?: 1, sizeof(*mf->touched), GFP_KERNEL);
	mf->path = kmalloc(PATH_MAX, GFP_KERNEL);
	mf->keys = keys;
	mf->swap_keys = skeys;
	if (!keys || !skeys || !mf->acc || !mf->sacc || !mf->touched ||
	    !mf->path)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		struct mem_cgroup *memcg = mem_cgroup_from_css(mf->targets[i].css);

		keys[i].memcg = (unsigned long)memcg;
		keys[i].idx = i;
		skeys[i].memcg = mem_cgroup_id(memcg);
		skeys[i].idx = i;
	}
	sort(keys, n, sizeof(*keys), cgscope_mfiles_key_cmp, NULL);
	sort(skeys, n, sizeof(*skeys), cgscope_mfiles_key_cmp, NULL);
#ifdef CONFIG_SWAP
	mf->swap_owners = !!cgscope_syms.swap_cgroup_ctrl;
#endif
	return 0;
}

/**
 * cgscope_mfiles_walk() - find the page cache charged to the targets
 * @mf: the walk, with its targets added
 *
 * Fills each target's totals and @mf->files (sorted).  Interrupted by a
 * fatal signal.
 *
 * Context: process context, no locks held; may sleep; takes sb_lock,
 * each super_block's s_inode_list_lock and RCU for bounded steps.
 * Return: 0, -EINTR or -ENOMEM (what was found so far is kept and freed by
 * cgscope_mfiles_free()).
 */
int cgscope_mfiles_walk(struct cgscope_mfiles *mf)
{
	struct super_block *sb = NULL;
	struct cgscope_mfile *f;
	u64 t0 = local_clock();
	u32 i;
	int err;

	err = cgscope_mfiles_prepare(mf);
	if (err)
		return err;
	for (i = 0; i < mf->nr_targets; i++)
		mf->targets[i].charged_before =
			cgscope_memcg_charged(mf->targets[i].css);
	while (mf->nr_targets && (sb = cgscope_super_next(sb))) {
		mf->supers++;
		err = cgscope_mfiles_super(mf, sb);
		if (err) {
			deactivate_super(sb);
			break;
		}
	}
	for (i = 0; i < mf->nr_targets; i++) {
		struct cgscope_mfiles_target *t = &mf->targets[i];
		struct cgscope_memcg_info mi;

		cgscope_memcg_read(t->css, &mi);
		t->charged_after = mi.memory.usage;
		t->has_swap = mi.has_swap;
		t->swap = mi.swap.usage;
	}
	mf->walk_ns = local_clock() - t0;
	if (err)
		return err;

	mf->files = kvcalloc(mf->nr_files ?: 1, sizeof(*mf->files),
			     GFP_KERNEL);
	if (!mf->files)
		return -ENOMEM;
	i = 0;
	list_for_each_entry(f, &mf->list, list)
		mf->files[i++] = f;
	sort(mf->files, mf->nr_files, sizeof(*mf->files), cgscope_mfiles_cmp,
	     NULL);
	return 0;
}

/**
 * cgscope_mfiles_free() - release what a walk holds
 * @mf: the walk (its targets' references included)
 *
 * Context: process context; may sleep (a css put may release a memcg).
 */
void cgscope_mfiles_free(struct cgscope_mfiles *mf)
{
	struct cgscope_mfile *f, *tmp;
	u32 i;

	if (mf->list.next) {
		list_for_each_entry_safe(f, tmp, &mf->list, list) {
			kfree(f->path);
			kfree(f);
		}
	}
	for (i = 0; i < mf->nr_targets; i++)
		css_put(mf->targets[i].css);
	kvfree(mf->files);
	kvfree(mf->targets);
	kvfree(mf->keys);
	kvfree(mf->swap_keys);
	kvfree(mf->acc);
	kvfree(mf->sacc);
	kvfree(mf->touched);
	kfree(mf->path);
	memset(mf, 0, sizeof(*mf));
}
#else
struct cgroup_subsys_state *cgscope_memcg_css_by_id(int id)
{
	return NULL;
}

int cgscope_mfiles_add(struct cgscope_mfiles *mf,
		       struct cgroup_subsys_state *css)
{
	return -EOPNOTSUPP;
}

int cgscope_mfiles_walk(struct cgscope_mfiles *mf)
{
	return -EOPNOTSUPP;
}

void cgscope_mfiles_free(struct cgscope_mfiles *mf)
{
}
#endif
