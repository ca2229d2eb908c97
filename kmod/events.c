// SPDX-License-Identifier: GPL-2.0
/*
 * Live events: device denials and device rule changes, caught by the
 * probes of events_probe.c, kept in a ring of the last event_ring_size
 * events and multicast on the "events" group.
 *
 * In the probes (atomic context, no allocation): every event takes the
 * next sequence number; a token bucket of event_rate events per second
 * decides whether it is recorded; a recorded event holds references on its
 * cgroups and goes into the ring, overwriting the oldest (whose references
 * are dropped, and which counts as overrun if the worker never saw it).
 * In the worker (process context): each new event's paths are read and a
 * denial is evaluated as CGSCOPE_CMD_DEVCG_CHECK evaluates it, under
 * cgroup_mutex, right after the fact; then it is multicast.  So
 *
 *	triggered = ratelimited + recorded, and
 *	recorded = overrun + sent + (events still waiting for the worker),
 *
 * and a listener that sees a gap in the sequence numbers knows exactly how
 * many events it lost.
 *
 * The probes are armed only while someone listens (a listener asks with
 * CGSCOPE_CMD_EVENT_ARM; a poll every second disarms them once the group
 * has no listener) or the debugfs ring is enabled.  The ring is allocated
 * the first time they are armed.
 *
 * Locks: cgscope_events_mutex (arming, allocation) > cgroup_mutex;
 * cgscope_events_lock protects the ring and counters and is taken in the
 * probes.  The probes' handlers run with preemption disabled (kprobes'
 * int3 handler; rethook_trampoline_handler() for the return handlers),
 * also on PREEMPT_RT, where a spinlock_t is a sleeping lock: so it is a
 * raw spinlock, irq-safe, held only to copy one event in or out of the
 * ring or to read the counters; nothing is allocated, freed, put or
 * copied to user space under it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jiffies.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>

#include "cgscope.h"

static unsigned int event_ring_size = 256;
module_param(event_ring_size, uint, 0444);
MODULE_PARM_DESC(event_ring_size,
		 "events kept in the ring (16 to 65536, default 256)");

static unsigned int event_rate = 1000;
module_param(event_rate, uint, 0444);
MODULE_PARM_DESC(event_rate,
		 "events recorded per second at most, in bursts of as many (1 to 1000000, default 1000)");

static DEFINE_MUTEX(cgscope_events_mutex);
static DEFINE_RAW_SPINLOCK(cgscope_events_lock);
/* who the events go to (netlink); written under cgscope_events_mutex */
static const struct cgscope_event_sink *cgscope_sink;

/* protected by cgscope_events_lock */
static struct cgscope_event *cgscope_ring;
static u64 cgscope_ring_head;		/* events recorded */
static u64 cgscope_ring_tail;		/* next one for the worker */
static u64 cgscope_triggered;
static u64 cgscope_ratelimited;
static u64 cgscope_overrun;
/*
 * The bucket, in thousandths of an event: a refill adds event_rate per
 * elapsed millisecond exactly, so a rate below HZ still refills when
 * events come every jiffy (whole tokens would round each refill to 0).
 */
static u64 cgscope_credit;
static unsigned long cgscope_credit_at;	/* jiffies of the last refill */

/* protected by cgscope_events_mutex */
static bool cgscope_armed;
static bool cgscope_ring_on;
static struct cgscope_event *cgscope_work_ev;	/* the worker's copy */

static u64 cgscope_sent;		/* written by the worker only */
static bool cgscope_stopping;

static void cgscope_events_work_fn(struct work_struct *work);
static void cgscope_events_poll_fn(struct work_struct *work);
static DECLARE_WORK(cgscope_events_work, cgscope_events_work_fn);
static DECLARE_DELAYED_WORK(cgscope_events_poll, cgscope_events_poll_fn);

/* Drop the references an event holds.  Any context. */
static void cgscope_event_put(struct cgscope_event *ev)
{
	if (ev->devcss)
		css_put(ev->devcss);
	if (ev->v2)
		css_put(&ev->v2->self);
	ev->devcss = NULL;
	ev->v2 = NULL;
}

/* Context: cgscope_events_lock. */
static bool cgscope_events_admit(void)
{
	unsigned long now = jiffies;
	u64 burst = (u64)event_rate * MSEC_PER_SEC;

	if (now != cgscope_credit_at) {
		u64 add = (u64)jiffies_to_msecs(now - cgscope_credit_at) *
			  event_rate;

		cgscope_credit = min(burst, cgscope_credit + add);
		cgscope_credit_at = now;
	}
	if (cgscope_credit < MSEC_PER_SEC)
		return false;
	cgscope_credit -= MSEC_PER_SEC;
	return true;
}

/**
 * cgscope_events_record() - number an event and keep it, if it may
 * @ev: the event from a probe; the references it holds pass to the ring,
 *	or are dropped
 *
 * Context: any, also atomic; takes cgscope_events_lock.
 */
void cgscope_events_record(struct cgscope_event *ev)
{
	struct cgscope_event *slot, old = { };
	unsigned long flags;
	bool kick = false;

	raw_spin_lock_irqsave(&cgscope_events_lock, flags);
	ev->seq = ++cgscope_triggered;
	if (!cgscope_ring || !cgscope_events_admit()) {
		cgscope_ratelimited++;
		raw_spin_unlock_irqrestore(&cgscope_events_lock, flags);
		cgscope_event_put(ev);
		return;
	}
	slot = &cgscope_ring[cgscope_ring_head % event_ring_size];
	if (cgscope_ring_head - cgscope_ring_tail == event_ring_size) {
		/* the oldest was never handed to the worker */
		cgscope_overrun++;
		cgscope_ring_tail++;
	}
	old.devcss = slot->devcss;
	old.v2 = slot->v2;
	*slot = *ev;
	cgscope_ring_head++;
	kick = !READ_ONCE(cgscope_stopping);
	raw_spin_unlock_irqrestore(&cgscope_events_lock, flags);

	cgscope_event_put(&old);
	if (kick)
		schedule_work(&cgscope_events_work);
}

/*
 * Read the paths of @ev and decide a denial again.
 * Context: takes cgroup_mutex.
 */
static void cgscope_event_resolve(struct cgscope_event *ev)
{
	cgscope_cgroup_lock();
	if (ev->devcss)
		ev->has_path = cgscope_cgroup_path(ev->devcss->cgroup, NULL,
						   ev->path,
						   sizeof(ev->path)) >= 0;
	if (ev->v2)
		ev->has_v2_path = cgscope_cgroup_path(ev->v2, NULL, ev->v2_path,
						      sizeof(ev->v2_path)) >= 0;
	if (ev->type == CGSCOPE_EVENT_DENIAL &&
	    !cgscope_devcg_decide(ev->devcss, ev->v2, ev->dev_type, ev->major,
				  ev->minor, ev->access, &ev->verdict))
		ev->layer = cgscope_devcg_layer(&ev->verdict);
	cgscope_cgroup_unlock();
	ev->done = true;
}

/* Whether the sink has listeners. */
static bool cgscope_events_listening(void)
{
	const struct cgscope_event_sink *sink = READ_ONCE(cgscope_sink);

	return sink && sink->listening();
}

/*
 * Hand @ev to the sink.  Context: the worker; cgscope_events_set_sink()
 * waits for it before the sink goes.
 */
static void cgscope_event_send(const struct cgscope_event *ev)
{
	const struct cgscope_event_sink *sink = READ_ONCE(cgscope_sink);

	if (sink)
		sink->deliver(ev);
}

/*
 * The worker: each event recorded since it last ran, in order.  Work items
 * do not run concurrently with themselves, so cgscope_work_ev is its own.
 */
static void cgscope_events_work_fn(struct work_struct *work)
{
	struct cgscope_event *ev = cgscope_work_ev;
	unsigned long flags;

	for (;;) {
		struct cgscope_event *slot;
		u64 idx;

		raw_spin_lock_irqsave(&cgscope_events_lock, flags);
		if (cgscope_ring_tail == cgscope_ring_head) {
			raw_spin_unlock_irqrestore(&cgscope_events_lock, flags);
			break;
		}
		idx = cgscope_ring_tail++;
		slot = &cgscope_ring[idx % event_ring_size];
		*ev = *slot;
		slot->devcss = NULL;	/* the references are ours now */
		slot->v2 = NULL;
		raw_spin_unlock_irqrestore(&cgscope_events_lock, flags);

		cgscope_event_resolve(ev);
		cgscope_event_put(ev);

		/* still in the ring?  then keep what we learnt there */
		raw_spin_lock_irqsave(&cgscope_events_lock, flags);
		slot = &cgscope_ring[idx % event_ring_size];
		if (slot->seq == ev->seq)
			*slot = *ev;
		raw_spin_unlock_irqrestore(&cgscope_events_lock, flags);

		cgscope_event_send(ev);
		WRITE_ONCE(cgscope_sent, cgscope_sent + 1);
		cond_resched();
	}
}

/* Arm or disarm as listeners and the ring want.  Context: events mutex. */
static void cgscope_events_update(bool listeners)
{
	bool want = !cgscope_stopping && (cgscope_ring_on || listeners);

	lockdep_assert_held(&cgscope_events_mutex);

	if (want == cgscope_armed)
		return;
	cgscope_events_probe_enable(want);
	cgscope_armed = want;
	if (want)
		schedule_delayed_work(&cgscope_events_poll, HZ);
}

/* Disarm once nobody listens any more. */
static void cgscope_events_poll_fn(struct work_struct *work)
{
	mutex_lock(&cgscope_events_mutex);
	cgscope_events_update(cgscope_events_listening());
	if (cgscope_armed)
		schedule_delayed_work(&cgscope_events_poll, HZ);
	mutex_unlock(&cgscope_events_mutex);
}

/* Allocate the ring.  Context: events mutex. */
static int cgscope_events_alloc(void)
{
	struct cgscope_event *ring, *ev;
	unsigned long flags;

	lockdep_assert_held(&cgscope_events_mutex);

	if (cgscope_ring)
		return 0;
	ring = vcalloc(event_ring_size, sizeof(*ring));
	ev = kzalloc(sizeof(*ev), GFP_KERNEL);
	if (!ring || !ev) {
		vfree(ring);
		kfree(ev);
		return -ENOMEM;
	}
	cgscope_work_ev = ev;
	raw_spin_lock_irqsave(&cgscope_events_lock, flags);
	cgscope_credit = (u64)event_rate * MSEC_PER_SEC;
	cgscope_credit_at = jiffies;
	cgscope_ring = ring;
	raw_spin_unlock_irqrestore(&cgscope_events_lock, flags);
	return 0;
}

/**
 * cgscope_events_arm() - arm the probes if the events group has listeners
 *
 * Context: process; takes the events mutex.
 * Return: 0, -ENOMEM, or -ESHUTDOWN while the module goes away.
 */
int cgscope_events_arm(void)
{
	int err = 0;

	mutex_lock(&cgscope_events_mutex);
	if (cgscope_stopping)
		err = -ESHUTDOWN;
	else if (cgscope_events_listening())
		err = cgscope_events_alloc();
	if (!err)
		cgscope_events_update(cgscope_events_listening());
	mutex_unlock(&cgscope_events_mutex);
	return err;
}

/**
 * cgscope_events_set_ring() - keep recording without listeners, or stop
 * @on: record into the ring (debugfs events_enable)
 *
 * Context: process; takes the events mutex.
 * Return: 0, -ENOMEM, or -ESHUTDOWN.
 */
int cgscope_events_set_ring(bool on)
{
	int err = 0;

	mutex_lock(&cgscope_events_mutex);
	if (cgscope_stopping)
		err = -ESHUTDOWN;
	else if (on)
		err = cgscope_events_alloc();
	if (!err) {
		cgscope_ring_on = on;
		cgscope_events_update(cgscope_events_listening());
	}
	mutex_unlock(&cgscope_events_mutex);
	return err;
}

/**
 * cgscope_events_set_sink() - where events go, or NULL: nowhere
 * @sink: the sink, which must stay valid until it is replaced
 *
 * With NULL, waits for the worker, so that the old sink is called no
 * more once this returns.
 *
 * Context: process; takes the events mutex.
 */
void cgscope_events_set_sink(const struct cgscope_event_sink *sink)
{
	mutex_lock(&cgscope_events_mutex);
	WRITE_ONCE(cgscope_sink, sink);
	cgscope_events_update(cgscope_events_listening());
	mutex_unlock(&cgscope_events_mutex);
	if (!sink)
		flush_work(&cgscope_events_work);
}

/**
 * cgscope_events_ring_enabled() - whether debugfs asked for the ring
 *
 * Return: true if it did.
 */
bool cgscope_events_ring_enabled(void)
{
	return READ_ONCE(cgscope_ring_on);
}

/**
 * cgscope_events_stats() - the counters
 * @st: filled in
 *
 * Context: process.
 */
void cgscope_events_stats(struct cgscope_event_stats *st)
{
	unsigned long flags;

	memset(st, 0, sizeof(*st));
	st->armed = READ_ONCE(cgscope_armed);
	raw_spin_lock_irqsave(&cgscope_events_lock, flags);
	st->triggered = cgscope_triggered;
	st->ratelimited = cgscope_ratelimited;
	st->recorded = cgscope_ring_head;
	st->overrun = cgscope_overrun;
	raw_spin_unlock_irqrestore(&cgscope_events_lock, flags);
	st->sent = READ_ONCE(cgscope_sent);
	st->missed = cgscope_events_probe_missed();
	st->ring_size = event_ring_size;
	st->rate = event_rate;
}

/**
 * cgscope_events_read() - the oldest event in the ring with a seq >= @seq
 * @seq: where to start
 * @ev: a copy of it, without its references
 *
 * Context: any; takes cgscope_events_lock.
 * Return: true if there is one.
 */
bool cgscope_events_read(u64 seq, struct cgscope_event *ev)
{
	unsigned long flags;
	bool found = false;
	u64 i, first, last;

	raw_spin_lock_irqsave(&cgscope_events_lock, flags);
	if (!cgscope_ring)
		goto out;
	/*
	 * The events kept have increasing numbers (a rate-limited one takes
	 * a number and no slot): a binary search, so that the hold stays a
	 * few dozen steps at the largest ring, with interrupts off.
	 */
	first = cgscope_ring_head > event_ring_size ?
		cgscope_ring_head - event_ring_size : 0;
	last = cgscope_ring_head;
	while (first < last) {
		i = first + (last - first) / 2;
		if (cgscope_ring[i % event_ring_size].seq >= seq)
			last = i;
		else
			first = i + 1;
	}
	if (first < cgscope_ring_head) {
		*ev = cgscope_ring[first % event_ring_size];
		ev->devcss = NULL;
		ev->v2 = NULL;
		found = true;
	}
out:
	raw_spin_unlock_irqrestore(&cgscope_events_lock, flags);
	return found;
}

/**
 * cgscope_events_features() - which events this kernel lets us catch
 *
 * Return: CGSCOPE_FEATURE_EVENTS_* bits.
 */
u64 cgscope_events_features(void)
{
	return cgscope_events_probe_features();
}

/**
 * cgscope_events_init() - check the parameters, register the probes
 *
 * The probes are registered disarmed; one that cannot be registered only
 * takes its kind of event away (see cgscope_events_features()).
 *
 * Context: module init.
 * Return: 0 or -EINVAL for a bad parameter.
 */
int cgscope_events_init(void)
{
	if (event_ring_size < 16 || event_ring_size > 65536) {
		pr_err("event_ring_size=%u: use 16 to 65536\n", event_ring_size);
		return -EINVAL;
	}
	if (event_rate < 1 || event_rate > 1000000) {
		pr_err("event_rate=%u: use 1 to 1000000\n", event_rate);
		return -EINVAL;
	}
	return cgscope_events_probe_init();
}

/*
 * No more events: unregister the probes (waiting for any running
 * handler), stop the poll and wait for the worker.
 */
static void cgscope_events_stop(void)
{
	mutex_lock(&cgscope_events_mutex);
	WRITE_ONCE(cgscope_stopping, true);
	cgscope_events_update(false);
	mutex_unlock(&cgscope_events_mutex);

	cgscope_events_probe_exit();
	cancel_delayed_work_sync(&cgscope_events_poll);
	flush_work(&cgscope_events_work);
}

/**
 * cgscope_events_exit() - stop the events, free the ring and what its
 * events hold
 *
 * Context: module exit, after the sink went (cgscope_nl_exit()).
 */
void cgscope_events_exit(void)
{
	unsigned int i;

	cgscope_events_stop();

	if (cgscope_ring)
		for (i = 0; i < event_ring_size; i++)
			cgscope_event_put(&cgscope_ring[i]);
	vfree(cgscope_ring);
	kfree(cgscope_work_ev);
	cgscope_ring = NULL;
	cgscope_work_ev = NULL;
}
