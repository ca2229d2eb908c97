// SPDX-License-Identifier: GPL-2.0
/*
 * devprog_load: a device program and the maps it reads, from the kernel,
 * for devprog_decode().  Only the public bpf(2) commands: BPF_PROG_GET_FD_BY_ID,
 * BPF_OBJ_GET_INFO_BY_FD (once for the sizes, once for the xlated
 * instructions), BPF_MAP_GET_FD_BY_ID, BPF_MAP_GET_NEXT_KEY and
 * BPF_MAP_LOOKUP_ELEM.  In xlated code a call's immediate is the distance
 * from __bpf_call_base to the function called: /proc/kallsyms names it,
 * as bpftool does.  Needs CAP_SYS_ADMIN (or CAP_BPF with CAP_PERFMON).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "compiler.h"
#include "devprog.h"

/* Entries read from one map at most */
#define DL_MAX_ENTRIES	1048576

static __u64 dl_ptr(const void *p)
{
	return (__u64)(unsigned long)p;
}

static int dl_bpf(int cmd, union bpf_attr *attr)
{
	long r = syscall(__NR_bpf, cmd, attr, sizeof(*attr));

	return r < 0 ? -errno : (int)r;
}

/* Say what failed in @buf ("...: strerror"), return @err */
static int __printf(4, 5) dl_err(int err, char *buf, size_t len,
				 const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!buf || !len)
		return err;
	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < len)
		snprintf(buf + n, len - n, ": %s", strerror(-err));
	return err;
}

static int dl_info(int fd, void *info, __u32 len)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = fd;
	attr.info.info_len = len;
	attr.info.info = dl_ptr(info);
	return dl_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr);
}

/*
 * One line of /proc/kallsyms ("ADDRESS TYPE NAME[\t[MODULE]]\n"): its
 * address and name, the name cut at the first blank.  sscanf() made
 * reading the file the larger part of `cgscope check` on a map-based
 * program (1.6 s a run in a TCG guest).
 */
static bool dl_ksym(char *line, unsigned long long *addr, char **name)
{
	char *end, *p;

	*addr = strtoull(line, &end, 16);
	if (end == line || end[0] != ' ' || !end[1] || end[2] != ' ')
		return false;
	p = end + 3;
	p[strcspn(p, " \t\n")] = '\0';
	*name = p;
	return *addr && *p;
}

/* The next whole line of @f in @line; a longer one is skipped */
static bool dl_line(FILE *f, char *line, int len)
{
	int c;

	while (fgets(line, len, f)) {
		if (strchr(line, '\n') || feof(f))
			return true;
		do
			c = getc(f);
		while (c != EOF && c != '\n');
	}
	return false;
}

/*
 * Address of __bpf_call_base, then the name at @addr[i] for each call.
 * The kernel formats every line of the file anew for each read, so both
 * passes stop early: the first at __bpf_call_base, the second once every
 * call is named (vmlinux's symbols come sorted by address and the
 * targets, BPF helpers, lie near __bpf_call_base: about a fifth of the
 * file each); a target not found costs the whole second pass.
 */
static int dl_kallsyms(__u64 *addr, char **name, size_t n)
{
	unsigned long long a, base = 0;
	size_t i, left = n;
	char line[1024], *sym;
	FILE *f;

	f = fopen("/proc/kallsyms", "re");
	if (!f)
		return -errno;
	setvbuf(f, NULL, _IOFBF, 1 << 16);
	while (!base && dl_line(f, line, sizeof(line)))
		if (dl_ksym(line, &a, &sym) && !strcmp(sym, "__bpf_call_base"))
			base = a;
	if (base) {
		for (i = 0; i < n; i++)
			addr[i] += base;
		rewind(f);
	}
	while (base && left && dl_line(f, line, sizeof(line))) {
		if (!dl_ksym(line, &a, &sym))
			continue;
		for (i = 0; i < n; i++) {
			if (addr[i] != a || name[i])
				continue;
			name[i] = strdup(sym);
			if (name[i])
				left--;
		}
	}
	fclose(f);
	return base ? 0 : -ENOENT;
}

static bool dl_is_call(const struct bpf_insn *in)
{
	return in->code == (BPF_JMP | BPF_CALL) && !in->src_reg && in->imm;
}

/* Name the kernel functions the calls of @kp go to, where kallsyms can */
static int dl_calls(struct devprog_kprog *kp)
{
	__u64 *addr = NULL;
	char **name = NULL;
	__u32 *at = NULL, i;
	size_t n = 0, k;
	int err = -ENOMEM;

	/* an immediate of 0: the kernel hid the addresses */
	for (i = 0; i < kp->insn_cnt; i++)
		if (dl_is_call(&kp->insns[i]))
			n++;
	if (!n)
		return 0;
	kp->calls = calloc(kp->insn_cnt, sizeof(*kp->calls));
	addr = calloc(n, sizeof(*addr));
	name = calloc(n, sizeof(*name));
	at = calloc(n, sizeof(*at));
	if (!kp->calls || !addr || !name || !at)
		goto out;
	for (i = 0, k = 0; i < kp->insn_cnt; i++) {
		if (!dl_is_call(&kp->insns[i]))
			continue;
		addr[k] = (__s64)kp->insns[i].imm;
		at[k++] = i;
	}
	/* without kallsyms (or with its addresses hidden) calls stay unnamed */
	dl_kallsyms(addr, name, n);
	for (k = 0; k < n; k++)
		kp->calls[at[k]] = name[k];
	err = 0;
out:
	free(addr);
	free(name);
	free(at);
	return err;
}

/**
 * devprog_load() - read a device program from the kernel
 * @prog_id: its id
 * @kp: filled in; devprog_kprog_free() it, also on failure
 * @err: a message on failure, may be NULL
 * @errlen: size of @err
 *
 * Return: 0, or -errno: -ENOENT no such program, -EPERM not allowed (or
 * the kernel hides the instructions), -EINVAL not a device program.
 */
int devprog_load(__u32 prog_id, struct devprog_kprog *kp, char *err,
		 size_t errlen)
{
	struct bpf_prog_info info;
	union bpf_attr attr;
	__u32 len;
	int fd, r;

	memset(kp, 0, sizeof(*kp));
	memset(&attr, 0, sizeof(attr));
	attr.prog_id = prog_id;
	fd = dl_bpf(BPF_PROG_GET_FD_BY_ID, &attr);
	if (fd < 0)
		return dl_err(fd, err, errlen, "cannot open BPF program %u",
			      prog_id);
	memset(&info, 0, sizeof(info));
	r = dl_info(fd, &info, sizeof(info));
	if (r) {
		dl_err(r, err, errlen, "cannot read BPF program %u", prog_id);
		goto out;
	}
	if (info.type != BPF_PROG_TYPE_CGROUP_DEVICE) {
		r = dl_err(-EINVAL, err, errlen,
			   "BPF program %u is of type %u, not a device program",
			   prog_id, info.type);
		goto out;
	}
	len = info.xlated_prog_len;
	kp->insns = malloc(len ? len : 1);
	if (!kp->insns) {
		r = dl_err(-ENOMEM, err, errlen, "BPF program %u", prog_id);
		goto out;
	}
	memset(&info, 0, sizeof(info));
	info.xlated_prog_len = len;
	info.xlated_prog_insns = dl_ptr(kp->insns);
	r = dl_info(fd, &info, sizeof(info));
	if (!r && (!len || info.xlated_prog_len != len))
		r = -EPERM;
	if (r) {
		dl_err(r, err, errlen,
		       "cannot read the instructions of BPF program %u",
		       prog_id);
		goto out;
	}
	kp->id = info.id;
	kp->insn_cnt = len / sizeof(struct bpf_insn);
	memcpy(kp->name, info.name, sizeof(kp->name));
	kp->name[sizeof(kp->name) - 1] = '\0';
	memcpy(kp->tag, info.tag, sizeof(kp->tag));
	r = dl_calls(kp);
	if (r)
		dl_err(r, err, errlen, "BPF program %u", prog_id);
out:
	close(fd);
	return r;
}

static int dl_map_info(__u32 id, int *fd, struct bpf_map_info *info)
{
	union bpf_attr attr;
	int r;

	memset(&attr, 0, sizeof(attr));
	attr.map_id = id;
	*fd = dl_bpf(BPF_MAP_GET_FD_BY_ID, &attr);
	if (*fd < 0)
		return *fd;
	memset(info, 0, sizeof(*info));
	r = dl_info(*fd, info, sizeof(*info));
	if (!r && (!info->key_size || !info->value_size))
		r = -EINVAL;
	return r;
}

/* Every key of map @fd and its value into @m, at most @cap of them */
static int dl_map_read(int fd, __u32 cap, struct devprog_map *m)
{
	union bpf_attr attr;
	char *key, *prev = NULL;
	int r;

	m->keys = calloc(cap ? cap : 1, m->key_size);
	m->values = calloc(cap ? cap : 1, m->value_size);
	if (!m->keys || !m->values)
		return -ENOMEM;
	for (;;) {
		key = (char *)m->keys + (size_t)m->nr_entries * m->key_size;
		memset(&attr, 0, sizeof(attr));
		attr.map_fd = fd;
		attr.key = dl_ptr(prev);
		attr.next_key = dl_ptr(key);
		r = dl_bpf(BPF_MAP_GET_NEXT_KEY, &attr);
		if (r == -ENOENT)
			return 0;
		if (r)
			return r;
		if (m->nr_entries == cap)
			return -EAGAIN;		/* it grew while read */
		memset(&attr, 0, sizeof(attr));
		attr.map_fd = fd;
		attr.key = dl_ptr(key);
		attr.value = dl_ptr((char *)m->values +
				    (size_t)m->nr_entries * m->value_size);
		r = dl_bpf(BPF_MAP_LOOKUP_ELEM, &attr);
		if (r)
			return r == -ENOENT ? -EAGAIN : r;
		prev = key;
		m->nr_entries++;
	}
}

/* devprog_source.map_get for programs read by devprog_load() */
static int dl_map_get(void *priv, __u32 id, struct devprog_map *m)
{
	struct bpf_map_info info;
	int fd, r;

	(void)priv;
	memset(m, 0, sizeof(*m));
	r = dl_map_info(id, &fd, &info);
	if (fd < 0)
		return fd;
	if (r)
		goto out;
	m->type = info.type;
	m->key_size = info.key_size;
	m->value_size = info.value_size;
	/* only these are read; devprog says why it stops at others */
	if (info.type != BPF_MAP_TYPE_HASH && info.type != BPF_MAP_TYPE_ARRAY &&
	    info.type != BPF_MAP_TYPE_LRU_HASH)
		goto out;
	r = info.max_entries > DL_MAX_ENTRIES ? -E2BIG :
	    dl_map_read(fd, info.max_entries, m);
	if (r) {
		free(m->keys);
		free(m->values);
		m->keys = NULL;
		m->values = NULL;
		m->nr_entries = 0;
	}
out:
	close(fd);
	return r;
}

static const char *dl_call_name(void *priv, __u32 insn)
{
	struct devprog_kprog *kp = priv;

	return kp->calls && insn < kp->insn_cnt ? kp->calls[insn] : NULL;
}

/**
 * devprog_kprog_source() - a devprog_source for a program from the kernel
 * @kp: read by devprog_load()
 * @src: filled in: the instructions, and callbacks that read its maps
 *	from the kernel and name its calls
 */
void devprog_kprog_source(struct devprog_kprog *kp,
			  struct devprog_source *src)
{
	memset(src, 0, sizeof(*src));
	src->insns = kp->insns;
	src->insn_cnt = kp->insn_cnt;
	src->map_get = dl_map_get;
	src->call_name = dl_call_name;
	src->priv = kp;
}

/**
 * devprog_kprog_free() - free what devprog_load() allocated
 * @kp: a program read by devprog_load()
 */
void devprog_kprog_free(struct devprog_kprog *kp)
{
	__u32 i;

	for (i = 0; kp->calls && i < kp->insn_cnt; i++)
		free(kp->calls[i]);
	free(kp->calls);
	free(kp->insns);
	kp->calls = NULL;
	kp->insns = NULL;
	kp->insn_cnt = 0;
}
