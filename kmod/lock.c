// SPDX-License-Identifier: GPL-2.0
/*
 * The two cgroup locks as cgscope takes them, and what it measured of its
 * own holds (debugfs "stats"), so a benchmark can show that the longest
 * css_set_lock hold does not grow with the size of the system.
 */
#include <linux/atomic.h>
#include <linux/sched/clock.h>

#include "cgscope.h"

static atomic64_t cgscope_walks;
static atomic64_t cgscope_cset_lock_holds;
static atomic64_t cgscope_hold_ns_total;
static atomic64_t cgscope_hold_ns_max;
static atomic64_t cgscope_mutex_ns_max;

/* css_set_lock is a spinlock: one holder, so a plain variable will do. */
static u64 cgscope_cset_lock_t0;
/* cgroup_mutex likewise serializes its holders. */
static u64 cgscope_cgroup_lock_t0;

static void cgscope_stats_max(atomic64_t *max, u64 v)
{
	s64 old = atomic64_read(max);

	while ((u64)old < v) {
		s64 seen = atomic64_cmpxchg(max, old, v);

		if (seen == old)
			break;
		old = seen;
	}
}

/**
 * cgscope_cgroup_lock() - take cgroup_mutex
 *
 * Context: process context; may sleep.
 */
void cgscope_cgroup_lock(void)
{
	mutex_lock(cgscope_syms.cgroup_mutex);
	cgscope_cgroup_lock_t0 = local_clock();
}

/**
 * cgscope_cgroup_unlock() - release cgroup_mutex
 *
 * Context: cgroup_mutex.
 */
void cgscope_cgroup_unlock(void)
{
	u64 held = local_clock() - cgscope_cgroup_lock_t0;

	mutex_unlock(cgscope_syms.cgroup_mutex);
	cgscope_stats_max(&cgscope_mutex_ns_max, held);
}

/**
 * cgscope_cset_lock() - take css_set_lock for one bounded step
 *
 * Context: process context; disables interrupts until cgscope_cset_unlock().
 * Nothing may allocate, sleep or copy to user until then.
 */
void cgscope_cset_lock(void)
	__acquires(css_set_lock)
{
	spin_lock_irq(cgscope_syms.css_set_lock);
	cgscope_cset_lock_t0 = local_clock();
}

/**
 * cgscope_cset_unlock() - release css_set_lock and account the hold
 *
 * Context: css_set_lock.
 */
void cgscope_cset_unlock(void)
	__releases(css_set_lock)
{
	u64 held = local_clock() - cgscope_cset_lock_t0;

	spin_unlock_irq(cgscope_syms.css_set_lock);
	atomic64_inc(&cgscope_cset_lock_holds);
	atomic64_add(held, &cgscope_hold_ns_total);
	cgscope_stats_max(&cgscope_hold_ns_max, held);
}

/**
 * cgscope_stats_walk() - count one dump or debugfs read
 */
void cgscope_stats_walk(void)
{
	atomic64_inc(&cgscope_walks);
}

/**
 * cgscope_stats_read() - copy the counters
 * @out: where to put them
 */
void cgscope_stats_read(struct cgscope_stats *out)
{
	out->walks = atomic64_read(&cgscope_walks);
	out->css_set_lock_holds = atomic64_read(&cgscope_cset_lock_holds);
	out->hold_ns_total = atomic64_read(&cgscope_hold_ns_total);
	out->hold_ns_max = atomic64_read(&cgscope_hold_ns_max);
	out->mutex_ns_max = atomic64_read(&cgscope_mutex_ns_max);
}

/**
 * cgscope_stats_reset() - zero every counter
 */
void cgscope_stats_reset(void)
{
	atomic64_set(&cgscope_walks, 0);
	atomic64_set(&cgscope_cset_lock_holds, 0);
	atomic64_set(&cgscope_hold_ns_total, 0);
	atomic64_set(&cgscope_hold_ns_max, 0);
	atomic64_set(&cgscope_mutex_ns_max, 0);
}
