// SPDX-License-Identifier: GPL-2.0
/*
 * memwatch: what the module and the kernel use, seen from outside (the
 * module is not asked; nothing in it counts its own allocations).
 *
 *   module_bytes            /proc/modules: the module's loaded size (text,
 *                           data, bss), exact
 *   cgscope_vmalloc_bytes   /proc/vmallocinfo areas whose caller is in
 *   cgscope_vmalloc_areas   [cgscope]: exact for vmalloc, kvmalloc that fell
 *                           back to vmalloc included
 *   cgscope_slab_bytes      /proc/slabinfo caches named cgscope*: exact for
 *                           caches of its own (it uses the kmalloc caches,
 *                           which are shared and cannot be attributed)
 *   slab_kb, sunreclaim_kb, vmalloc_used_kb
 *                           /proc/meminfo, the whole kernel: coarse, only
 *                           differences between two moments mean anything
 *
 * usage: memwatch -1          one sample
 *        memwatch [-i MS]     sample every MS (default 100) until SIGINT or
 *                             SIGTERM, then print each value's maximum
 */
#include <getopt.h>
#include <signal.h>
#include <unistd.h>

#include "bench.h"

struct mem {
	uint64_t module_bytes;
	uint64_t cgscope_vmalloc_bytes;
	uint64_t cgscope_vmalloc_areas;
	uint64_t cgscope_slab_bytes;
	uint64_t slab_kb;
	uint64_t sunreclaim_kb;
	uint64_t vmalloc_used_kb;
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = 1;
}

static void sample(struct mem *m)
{
	char line[1024], name[128];
	unsigned long long a, b, c;
	FILE *f;

	memset(m, 0, sizeof(*m));
	f = fopen("/proc/modules", "r");
	if (f) {
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "%127s %llu", name, &a) == 2 &&
			    !strcmp(name, "cgscope"))
				m->module_bytes = a;
		fclose(f);
	}
	f = fopen("/proc/vmallocinfo", "r");
	if (f) {
		while (fgets(line, sizeof(line), f)) {
			if (!strstr(line, "[cgscope]"))
				continue;
			if (sscanf(line, "%*s %llu", &a) == 1) {
				m->cgscope_vmalloc_bytes += a;
				m->cgscope_vmalloc_areas++;
			}
		}
		fclose(f);
	}
	f = fopen("/proc/slabinfo", "r");
	if (f) {
		while (fgets(line, sizeof(line), f))
			if (!strncmp(line, "cgscope", 7) &&
			    sscanf(line, "%*s %llu %llu %llu", &a, &b, &c) == 3)
				m->cgscope_slab_bytes += b * c;
		fclose(f);
	}
	f = fopen("/proc/meminfo", "r");
	if (!f)
		die("/proc/meminfo: %s", strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "Slab: %llu", &a) == 1)
			m->slab_kb = a;
		else if (sscanf(line, "SUnreclaim: %llu", &a) == 1)
			m->sunreclaim_kb = a;
		else if (sscanf(line, "VmallocUsed: %llu", &a) == 1)
			m->vmalloc_used_kb = a;
	}
	fclose(f);
}

static void max_u64(uint64_t *peak, uint64_t v)
{
	if (v > *peak)
		*peak = v;
}

static void peak_of(struct mem *peak, const struct mem *s)
{
	max_u64(&peak->module_bytes, s->module_bytes);
	max_u64(&peak->cgscope_vmalloc_bytes, s->cgscope_vmalloc_bytes);
	max_u64(&peak->cgscope_vmalloc_areas, s->cgscope_vmalloc_areas);
	max_u64(&peak->cgscope_slab_bytes, s->cgscope_slab_bytes);
	max_u64(&peak->slab_kb, s->slab_kb);
	max_u64(&peak->sunreclaim_kb, s->sunreclaim_kb);
	max_u64(&peak->vmalloc_used_kb, s->vmalloc_used_kb);
}

int main(int argc, char **argv)
{
	struct mem m, peak = { };
	unsigned long samples = 0;
	bool once = false;
	long ms = 100;
	int c;

	bench_prog = "memwatch";
	while ((c = getopt(argc, argv, "1i:")) != -1) {
		switch (c) {
		case '1':
			once = true;
			break;
		case 'i':
			ms = strtol(optarg, NULL, 10);
			break;
		default:
			fprintf(stderr, "usage: memwatch -1 | memwatch [-i MS]\n");
			return 2;
		}
	}
	if (ms < 1)
		die("-i: need a positive number of milliseconds");
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);

	do {
		sample(&m);
		peak_of(&peak, &m);
		samples++;
		if (!once)
			usleep(ms * 1000);
	} while (!once && !stop);

	printf("module_bytes=%llu cgscope_vmalloc_bytes=%llu cgscope_vmalloc_areas=%llu cgscope_slab_bytes=%llu slab_kb=%llu sunreclaim_kb=%llu vmalloc_used_kb=%llu samples=%lu\n",
	       (unsigned long long)peak.module_bytes,
	       (unsigned long long)peak.cgscope_vmalloc_bytes,
	       (unsigned long long)peak.cgscope_vmalloc_areas,
	       (unsigned long long)peak.cgscope_slab_bytes,
	       (unsigned long long)peak.slab_kb,
	       (unsigned long long)peak.sunreclaim_kb,
	       (unsigned long long)peak.vmalloc_used_kb, samples);
	return 0;
}
