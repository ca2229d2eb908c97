// SPDX-License-Identifier: GPL-2.0
/*
 * The memory controller's counters, read from struct mem_cgroup, which
 * <linux/memcontrol.h> makes public: its page counters (usage, limit,
 * watermark, failcnt, protection) and its memory.events counters.  This is
 * what memory.current, memory.max, memory.peak, memory.events and the v1
 * files (memory.usage_in_bytes, memory.kmem.*) print, read the way their
 * show functions read them: without a lock, each value on its own.
 *
 * The page counters of struct mem_cgroup are there whatever the kernel's
 * config; which of them the kernel keeps depends on the hierarchy.  On v2
 * it keeps memory and swap.  On v1 it keeps memory, memsw (memory+swap, in
 * the union with swap) and kmem, where the kernel has memcg v1 at all
 * (CONFIG_MEMCG_V1 since 6.11; on 6.12 without it kmem is compiled out).
 * A counter the kernel does not keep is not reported.
 */
#include <linux/memcontrol.h>
#include <linux/page_counter.h>

#include "cgscope.h"

#ifdef CONFIG_MEMCG
static u64 cgscope_memcg_bytes(unsigned long pages)
{
	return (u64)pages * PAGE_SIZE;
}

/* A limit: PAGE_COUNTER_MAX is "max", what memory.max prints for it. */
static u64 cgscope_memcg_limit(unsigned long pages)
{
	if (pages >= PAGE_COUNTER_MAX)
		return CGSCOPE_MEMCG_UNLIMITED;
	return cgscope_memcg_bytes(pages);
}

static void cgscope_memcg_counter(struct page_counter *pc,
				  struct cgscope_memcg_counter *c)
{
	c->usage = cgscope_memcg_bytes(page_counter_read(pc));
	c->max = cgscope_memcg_limit(READ_ONCE(pc->max));
	c->watermark = cgscope_memcg_bytes(READ_ONCE(pc->watermark));
	c->failcnt = READ_ONCE(pc->failcnt);
}

/**
 * cgscope_memcg_read() - the counters of a memory css
 * @css: a css of the memory controller
 * @info: filled in
 *
 * Context: anything that keeps @css from being freed (cgroup_mutex, or a
 * reference).  Takes no lock: values are read one by one, as cgroupfs
 * reads them, so two of them may straddle a charge.
 */
void cgscope_memcg_read(struct cgroup_subsys_state *css,
			struct cgscope_memcg_info *info)
{
	struct mem_cgroup *memcg = mem_cgroup_from_css(css);
	bool dfl = cgscope_on_dfl(css->cgroup);

	memset(info, 0, sizeof(*info));
	info->css_id = css->id;
	cgscope_memcg_counter(&memcg->memory, &info->memory);
	info->low = cgscope_memcg_limit(READ_ONCE(memcg->memory.low));
	info->high = cgscope_memcg_limit(READ_ONCE(memcg->memory.high));
	info->min = cgscope_memcg_limit(READ_ONCE(memcg->memory.min));
	if (dfl) {
		info->has_swap = true;
		cgscope_memcg_counter(&memcg->swap, &info->swap);
	}
#if CGSCOPE_HAVE_MEMCG_V1
	if (!dfl) {
		info->has_memsw = true;
		cgscope_memcg_counter(&memcg->memsw, &info->memsw);
		info->has_kmem = true;
		cgscope_memcg_counter(&memcg->kmem, &info->kmem);
	}
#endif
	info->events_max = atomic_long_read(&memcg->memory_events[MEMCG_MAX]);
	info->events_oom = atomic_long_read(&memcg->memory_events[MEMCG_OOM]);
	info->events_oom_kill =
		atomic_long_read(&memcg->memory_events[MEMCG_OOM_KILL]);
}

/**
 * cgscope_memcg_charged() - bytes charged to a memory css
 * @css: a css of the memory controller, dying ones included
 *
 * What keeps a dying memory cgroup: pages (page cache, tmpfs, ...) still
 * charged to it, each holding a reference until it is freed or moved.
 *
 * Context: as cgscope_memcg_read().
 * Return: page_counter_read(&memcg->memory) in bytes.
 */
u64 cgscope_memcg_charged(struct cgroup_subsys_state *css)
{
	return cgscope_memcg_bytes(page_counter_read(&mem_cgroup_from_css(css)->memory));
}
#else
void cgscope_memcg_read(struct cgroup_subsys_state *css,
			struct cgscope_memcg_info *info)
{
	memset(info, 0, sizeof(*info));
}

u64 cgscope_memcg_charged(struct cgroup_subsys_state *css)
{
	return 0;
}
#endif
