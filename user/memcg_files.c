// SPDX-License-Identifier: GPL-2.0
/*
 * What keeps a memory cgroup charged, file by file
 * (CGSCOPE_CMD_MEMCG_FILES_GET): `cgscope memcg PATH --files` and
 * `cgscope dying --why [CSS | --all]`.
 *
 *	memory css 45 /test/a (dying): 8.0 MiB charged, 7.9 MiB in 2 files
 *	      BYTES   PAGES  DEV    INODE  FS     FILE
 *	    6.0 MiB    1536  0:45      12  tmpfs  /run/x/f (tmpfs, 2.0 MiB in swap)
 *	    1.9 MiB     486  0:23   81234  9p     /usr/lib/foo.so
 *	  0.1 MiB not in any page cache (anon, kernel memory, in flight)
 *
 * A file's path is the kernel's, from its file system's root, put under a
 * mount of that file system here when there is one (else shown as
 * [DEV]PATH); "(unlinked)" for a file deleted while open or mapped, "(no
 * dentry)" when the kernel keeps no name for it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uapi/linux/cgscope.h>

#include "main.h"
#include "memcg_files.h"
#include "nl.h"
#include "path.h"
#include "print.h"
#include "snapshot.h"

#define PAGE_BYTES	4096ULL

static const struct nla_policy mfiles_policy[CGSCOPE_A_MFILES_MAX + 1] = {
	[CGSCOPE_A_MFILES_HIERARCHY_ID]		= NL_POL_U32,
	[CGSCOPE_A_MFILES_CGROUP_ID]		= NL_POL_U64,
	[CGSCOPE_A_MFILES_CSS_ID]		= NL_POL_U32,
	[CGSCOPE_A_MFILES_KIND]			= NL_POL_U32,
	[CGSCOPE_A_MFILES_PATH]			= NL_POL_STR,
	[CGSCOPE_A_MFILES_DYING]		= NL_POL_FLAG,
	[CGSCOPE_A_MFILES_CHARGED_BEFORE]	= NL_POL_U64,
	[CGSCOPE_A_MFILES_CHARGED]		= NL_POL_U64,
	[CGSCOPE_A_MFILES_CACHED]		= NL_POL_U64,
	[CGSCOPE_A_MFILES_SHMEM]		= NL_POL_U64,
	[CGSCOPE_A_MFILES_FILES]		= NL_POL_U64,
	[CGSCOPE_A_MFILES_SWAP]			= NL_POL_U64,
	[CGSCOPE_A_MFILES_TRUNCATED]		= NL_POL_FLAG,
	[CGSCOPE_A_MFILES_WALK_NS]		= NL_POL_U64,
	[CGSCOPE_A_MFILES_WALK_HOLD_MAX_NS]	= NL_POL_U64,
	[CGSCOPE_A_MFILES_WALK_INODES]		= NL_POL_U64,
	[CGSCOPE_A_MFILES_WALK_FOLIOS]		= NL_POL_U64,
	[CGSCOPE_A_MFILES_WALK_RACED]		= NL_POL_U64,
	[CGSCOPE_A_MFILES_WALK_STEP_MAX_NS]	= NL_POL_U64,
	[CGSCOPE_A_MFILES_DEV_MAJOR]		= NL_POL_U32,
	[CGSCOPE_A_MFILES_DEV_MINOR]		= NL_POL_U32,
	[CGSCOPE_A_MFILES_INO]			= NL_POL_U64,
	[CGSCOPE_A_MFILES_FSTYPE]		= NL_POL_STR,
	[CGSCOPE_A_MFILES_FILE_STATE]		= NL_POL_U32,
	[CGSCOPE_A_MFILES_FILE_PATH]		= NL_POL_STR,
	[CGSCOPE_A_MFILES_BYTES]		= NL_POL_U64,
	[CGSCOPE_A_MFILES_FILE_SHMEM]		= NL_POL_FLAG,
	[CGSCOPE_A_MFILES_SWAPPED]		= NL_POL_U64,
	[CGSCOPE_A_MFILES_FILE_SWAPPED]		= NL_POL_U64,
};

static __u64 get_u64(struct nlattr **tb, int attr)
{
	return tb[attr] ? nla_get_u64(tb[attr]) : 0;
}

static int mfiles_parse_file(struct nlattr **tb, struct mf_memcg *m)
{
	struct mf_file *f;
	const char *s;

	if (!tb[CGSCOPE_A_MFILES_INO] || !tb[CGSCOPE_A_MFILES_BYTES] ||
	    !tb[CGSCOPE_A_MFILES_DEV_MAJOR] || !tb[CGSCOPE_A_MFILES_DEV_MINOR] ||
	    !tb[CGSCOPE_A_MFILES_FILE_STATE])
		return cg_nl_bad_reply("memcg file",
				       "no inode, device, state or size");
	m->files = xgrow(m->files, &m->cap, m->n + 1, sizeof(*m->files));
	f = &m->files[m->n++];
	memset(f, 0, sizeof(*f));
	f->major = nla_get_u32(tb[CGSCOPE_A_MFILES_DEV_MAJOR]);
	f->minor = nla_get_u32(tb[CGSCOPE_A_MFILES_DEV_MINOR]);
	f->ino = nla_get_u64(tb[CGSCOPE_A_MFILES_INO]);
	f->bytes = nla_get_u64(tb[CGSCOPE_A_MFILES_BYTES]);
	f->state = nla_get_u32(tb[CGSCOPE_A_MFILES_FILE_STATE]);
	f->shmem = !!tb[CGSCOPE_A_MFILES_FILE_SHMEM];
	f->has_swapped = !!tb[CGSCOPE_A_MFILES_FILE_SWAPPED];
	f->swapped = get_u64(tb, CGSCOPE_A_MFILES_FILE_SWAPPED);
	s = cg_nl_attr_str(tb[CGSCOPE_A_MFILES_FSTYPE]);
	f->fstype = xstrdup(s ? s : "?");
	s = cg_nl_attr_str(tb[CGSCOPE_A_MFILES_FILE_PATH]);
	if (s && f->state == CGSCOPE_MFILE_LINKED) {
		f->fs_path = xstrdup(s);
		f->path = path_on_mount(f->major, f->minor, s);
	}
	return 0;
}

static int mfiles_parse(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[CGSCOPE_A_MFILES_MAX + 1];
	struct mf_memcgs *ms = arg;
	struct mf_memcg *m;
	const char *s;
	__u32 kind;

	if (cg_nl_parse(nlh, tb, CGSCOPE_A_MFILES_MAX, mfiles_policy,
			"memcg files"))
		return -1;
	if (!cg_nl_attr_u32(tb[CGSCOPE_A_MFILES_KIND], &kind) ||
	    !tb[CGSCOPE_A_MFILES_CSS_ID])
		return cg_nl_bad_reply("memcg files", "no kind or css id");
	if (kind == CGSCOPE_MFILES_FILE) {
		if (!ms->n || ms->v[ms->n - 1].css_id !=
			      nla_get_u32(tb[CGSCOPE_A_MFILES_CSS_ID]))
			return cg_nl_bad_reply("memcg file",
					       "not after its memory cgroup");
		return mfiles_parse_file(tb, &ms->v[ms->n - 1]);
	}
	if (kind != CGSCOPE_MFILES_MEMCG)
		return cg_nl_bad_reply("memcg files", "unknown kind %u", kind);
	if (!tb[CGSCOPE_A_MFILES_CGROUP_ID] || !tb[CGSCOPE_A_MFILES_CHARGED])
		return cg_nl_bad_reply("memcg files",
				       "no cgroup id or charge");
	ms->v = xgrow(ms->v, &ms->cap, ms->n + 1, sizeof(*ms->v));
	m = &ms->v[ms->n++];
	memset(m, 0, sizeof(*m));
	m->css_id = nla_get_u32(tb[CGSCOPE_A_MFILES_CSS_ID]);
	cg_nl_attr_u32(tb[CGSCOPE_A_MFILES_HIERARCHY_ID], &m->hier);
	m->cgrp_id = nla_get_u64(tb[CGSCOPE_A_MFILES_CGROUP_ID]);
	s = cg_nl_attr_str(tb[CGSCOPE_A_MFILES_PATH]);
	m->path = s ? xstrdup(s) : NULL;
	m->dying = !!tb[CGSCOPE_A_MFILES_DYING];
	m->charged_before = get_u64(tb, CGSCOPE_A_MFILES_CHARGED_BEFORE);
	m->charged = get_u64(tb, CGSCOPE_A_MFILES_CHARGED);
	m->cached = get_u64(tb, CGSCOPE_A_MFILES_CACHED);
	m->shmem = get_u64(tb, CGSCOPE_A_MFILES_SHMEM);
	m->nr_files = get_u64(tb, CGSCOPE_A_MFILES_FILES);
	m->has_swap = !!tb[CGSCOPE_A_MFILES_SWAP];
	m->swap = get_u64(tb, CGSCOPE_A_MFILES_SWAP);
	m->has_swapped = !!tb[CGSCOPE_A_MFILES_SWAPPED];
	m->swapped = get_u64(tb, CGSCOPE_A_MFILES_SWAPPED);
	m->truncated = !!tb[CGSCOPE_A_MFILES_TRUNCATED];
	m->walk_ns = get_u64(tb, CGSCOPE_A_MFILES_WALK_NS);
	m->hold_max_ns = get_u64(tb, CGSCOPE_A_MFILES_WALK_HOLD_MAX_NS);
	m->inodes = get_u64(tb, CGSCOPE_A_MFILES_WALK_INODES);
	m->folios = get_u64(tb, CGSCOPE_A_MFILES_WALK_FOLIOS);
	m->raced = get_u64(tb, CGSCOPE_A_MFILES_WALK_RACED);
	m->step_max_ns = get_u64(tb, CGSCOPE_A_MFILES_WALK_STEP_MAX_NS);
	return 0;
}

/**
 * mfiles_free() - free what mfiles_load() found
 * @ms: the memory cgroups
 */
void mfiles_free(struct mf_memcgs *ms)
{
	size_t i, j;

	for (i = 0; i < ms->n; i++) {
		struct mf_memcg *m = &ms->v[i];

		for (j = 0; j < m->n; j++) {
			free(m->files[j].fstype);
			free(m->files[j].fs_path);
			free(m->files[j].path);
		}
		free(m->files);
		free(m->path);
	}
	free(ms->v);
	memset(ms, 0, sizeof(*ms));
}

/**
 * mfiles_load() - the page cache charged to memory cgroups, by file
 * @ms: filled in
 * @q: which memory cgroups
 *
 * Return: 0; or -errno from the kernel (not reported, see cg_nl_perror());
 * or CG_NL_EREPORTED.
 */
int mfiles_load(struct mf_memcgs *ms, const struct mf_query *q)
{
	struct nl_msg *req;
	int err = 0;

	req = cg_nl_req_new(CGSCOPE_CMD_MEMCG_FILES_GET, true);
	if (!req)
		return CG_NL_EREPORTED;
	if (q->has_pid)
		err = cg_nl_req_put_u32(req, CGSCOPE_A_MFILES_PID, q->pid);
	else if (q->has_cgroup)
		err = cg_nl_req_put_u32(req, CGSCOPE_A_MFILES_HIERARCHY_ID,
					q->hier) ||
		      cg_nl_req_put_u64(req, CGSCOPE_A_MFILES_CGROUP_ID,
					q->cgrp_id);
	else if (q->css_id)
		err = cg_nl_req_put_u32(req, CGSCOPE_A_MFILES_CSS_ID,
					q->css_id);
	if (err) {
		nlmsg_free(req);
		return CG_NL_EREPORTED;
	}
	err = cg_nl_dump(req, mfiles_parse, ms);
	if (err)
		mfiles_free(ms);
	return err;
}

static const char *mfile_state_name(__u32 state)
{
	switch (state) {
	case CGSCOPE_MFILE_LINKED:
		return "linked";
	case CGSCOPE_MFILE_UNLINKED:
		return "unlinked";
	case CGSCOPE_MFILE_NO_DENTRY:
		return "no-dentry";
	}
	return "unknown";
}

static void mfile_print(const struct mf_file *f)
{
	char buf[32], dev[32];

	snprintf(dev, sizeof(dev), "%u:%u", f->major, f->minor);
	open_json_object(NULL);
	print_u64(PRINT_JSON, "bytes", NULL, f->bytes);
	print_string(PRINT_FP, NULL, "  %10s  ",
		     human_bytes(f->bytes, buf, sizeof(buf)));
	print_u64(PRINT_ANY, "pages", "%7llu  ", f->bytes / PAGE_BYTES);
	print_string(PRINT_ANY, "dev", "%-6s ", dev);
	print_u64(PRINT_ANY, "ino", "%9llu  ", f->ino);
	print_string(PRINT_ANY, "fstype", "%-6s ", f->fstype);
	print_string(PRINT_JSON, "state", NULL, mfile_state_name(f->state));
	print_bool(PRINT_JSON, "shmem", NULL, f->shmem);
	print_string(PRINT_JSON, "fs_path", NULL, f->fs_path);
	print_string_or(PRINT_ANY, "path", "%s", f->path, "");
	if (!f->path && f->fs_path) {
		print_string(PRINT_FP, NULL, "[%s]", dev);
		print_string(PRINT_FP, NULL, "%s", f->fs_path);
	}
	if (f->state != CGSCOPE_MFILE_LINKED)
		print_string(PRINT_FP, NULL, "(%s)",
			     f->state == CGSCOPE_MFILE_UNLINKED ?
			     "unlinked" : "no dentry");
	print_u64_or_null("swapped_bytes", f->has_swapped, f->swapped);
	if (f->shmem && f->swapped)
		print_string(PRINT_FP, NULL, " (tmpfs, %s in swap)",
			     human_bytes(f->swapped, buf, sizeof(buf)));
	else if (f->shmem)
		print_string(PRINT_FP, NULL, "%s", " (tmpfs)");
	close_json_object();
	print_nl();
}

static void mfiles_print_one(const struct mf_memcg *m)
{
	__u64 other = m->charged > m->cached ? m->charged - m->cached : 0;
	bool changing = m->charged != m->charged_before;
	char b1[32], b2[32];
	size_t i;

	open_json_object(NULL);
	print_uint(PRINT_ANY, "css_id", "memory css %u", m->css_id);
	print_uint(PRINT_JSON, "hierarchy_id", NULL, m->hier);
	print_u64(PRINT_JSON, "cgroup_id", NULL, m->cgrp_id);
	print_string_or(PRINT_ANY, "path", " %s", m->path, "(no path)");
	print_bool(PRINT_JSON, "dying", NULL, m->dying);
	if (m->dying)
		print_string(PRINT_FP, NULL, "%s", " (dying)");
	print_u64(PRINT_JSON, "charged_before_bytes", NULL, m->charged_before);
	print_u64(PRINT_JSON, "charged_bytes", NULL, m->charged);
	print_u64(PRINT_JSON, "cached_bytes", NULL, m->cached);
	print_u64(PRINT_JSON, "shmem_bytes", NULL, m->shmem);
	print_u64(PRINT_JSON, "other_bytes", NULL, other);
	print_u64_or_null("swap_bytes", m->has_swap, m->swap);
	print_u64_or_null("swapped_bytes", m->has_swapped, m->swapped);
	print_u64(PRINT_JSON, "nr_files", NULL, m->nr_files);
	print_bool(PRINT_JSON, "truncated", NULL, m->truncated);
	print_bool(PRINT_JSON, "changing", NULL, changing);
	print_string(PRINT_FP, NULL, ": %s charged, ",
		     human_bytes(m->charged, b1, sizeof(b1)));
	print_string(PRINT_FP, NULL, "%s in page cache of ",
		     human_bytes(m->cached, b2, sizeof(b2)));
	print_u64(PRINT_FP, NULL, "%llu", m->nr_files);
	print_string(PRINT_FP, NULL, "%s", m->nr_files == 1 ? " file" : " files");
	print_nl();
	if (changing)
		print_string(PRINT_FP, NULL,
			     "  approximate: the charge changed during the walk (%s before)\n",
			     human_bytes(m->charged_before, b1, sizeof(b1)));
	if (m->n) {
		print_string(PRINT_FP, NULL, "  %10s  ", "BYTES");
		print_string(PRINT_FP, NULL, "%7s  ", "PAGES");
		print_string(PRINT_FP, NULL, "%-6s ", "DEV");
		print_string(PRINT_FP, NULL, "%9s  ", "INODE");
		print_string(PRINT_FP, NULL, "%-6s ", "FS");
		print_string(PRINT_FP, NULL, "%s\n", "FILE");
	}
	open_json_array(PRINT_JSON, "files");
	for (i = 0; i < m->n; i++)
		mfile_print(&m->files[i]);
	close_json_array(PRINT_JSON, NULL);
	if (m->truncated)
		print_string(PRINT_FP, NULL, "%s\n",
			     "  ... more files than one walk lists (counted above)");
	if (m->shmem)
		print_string(PRINT_FP, NULL,
			     "  %s of it in tmpfs/shmem: released by deleting those files\n",
			     human_bytes(m->shmem, b1, sizeof(b1)));
	print_string(PRINT_FP, NULL,
		     "  %s not in any page cache (anon, kernel memory, pages in flight)\n",
		     human_bytes(other, b1, sizeof(b1)));
	if (m->has_swap && m->swap)
		print_string(PRINT_FP, NULL, "  %s of swap charged\n",
			     human_bytes(m->swap, b1, sizeof(b1)));
	if (m->swapped)
		print_string(PRINT_FP, NULL,
			     "  %s of tmpfs/shmem in swap: released by deleting those files\n",
			     human_bytes(m->swapped, b1, sizeof(b1)));
	if (m->has_swapped && m->has_swap && m->swap > m->swapped)
		print_string(PRINT_FP, NULL,
			     "  %s of swap in no tmpfs file: anon, or slots freed but still in a per-CPU swap slots cache (drained by swapoff)\n",
			     human_bytes(m->swap - m->swapped, b1, sizeof(b1)));
	else if (!m->has_swapped && m->has_swap && m->swap)
		print_string(PRINT_FP, NULL, "%s\n",
			     "  of which tmpfs/shmem: not known (see the module's load message)");
	open_json_object("walk");
	print_u64(PRINT_JSON, "ns", NULL, m->walk_ns);
	print_u64(PRINT_JSON, "hold_max_ns", NULL, m->hold_max_ns);
	print_u64(PRINT_JSON, "step_max_ns", NULL, m->step_max_ns);
	print_u64(PRINT_JSON, "inodes", NULL, m->inodes);
	print_u64(PRINT_JSON, "folios", NULL, m->folios);
	print_u64(PRINT_JSON, "raced", NULL, m->raced);
	close_json_object();
	close_json_object();
}

/**
 * mfiles_print() - print what mfiles_load() found
 * @ms: the memory cgroups: text, or a JSON array
 */
void mfiles_print(const struct mf_memcgs *ms)
{
	size_t i;

	open_json_array(PRINT_JSON, NULL);
	for (i = 0; i < ms->n; i++) {
		if (i && !json)
			print_nl();
		mfiles_print_one(&ms->v[i]);
	}
	close_json_array(PRINT_JSON, NULL);
	if (ms->n) {
		const struct mf_memcg *m = &ms->v[0];

		print_u64(PRINT_FP, NULL, "(one walk: %llu us, ",
			  m->walk_ns / 1000);
		print_u64(PRINT_FP, NULL, "longest lock hold %llu us, ",
			  m->hold_max_ns / 1000);
		print_u64(PRINT_FP, NULL, "RCU step %llu us, ",
			  m->step_max_ns / 1000);
		print_u64(PRINT_FP, NULL, "%llu inodes, ", m->inodes);
		print_u64(PRINT_FP, NULL, "%llu folios)\n", m->folios);
	}
}

/**
 * mfiles_print_flat() - every file of every memory cgroup, one JSON array
 * @ms: the memory cgroups
 *
 * For snapshots: one object per (memory cgroup, file), keyed by hierarchy,
 * cgroup id, device and inode.
 */
void mfiles_print_flat(const struct mf_memcgs *ms)
{
	size_t i, j;
	char dev[32];

	open_json_array(PRINT_JSON, NULL);
	for (i = 0; i < ms->n; i++) {
		const struct mf_memcg *m = &ms->v[i];

		for (j = 0; j < m->n; j++) {
			const struct mf_file *f = &m->files[j];

			snprintf(dev, sizeof(dev), "%u:%u", f->major, f->minor);
			open_json_object(NULL);
			print_uint(PRINT_JSON, "hierarchy_id", NULL, m->hier);
			print_u64(PRINT_JSON, "cgroup_id", NULL, m->cgrp_id);
			print_uint(PRINT_JSON, "css_id", NULL, m->css_id);
			print_string(PRINT_JSON, "cgroup_path", NULL, m->path);
			print_string(PRINT_JSON, "dev", NULL, dev);
			print_u64(PRINT_JSON, "ino", NULL, f->ino);
			print_string(PRINT_JSON, "fstype", NULL, f->fstype);
			print_string(PRINT_JSON, "state", NULL,
				     mfile_state_name(f->state));
			print_string(PRINT_JSON, "fs_path", NULL, f->fs_path);
			print_string(PRINT_JSON, "path", NULL, f->path);
			print_u64(PRINT_JSON, "bytes", NULL, f->bytes);
			print_u64_or_null("swapped_bytes", f->has_swapped,
					  f->swapped);
			close_json_object();
		}
	}
	close_json_array(PRINT_JSON, NULL);
}

/**
 * mfiles_run() - load, print, report errors
 * @q: which memory cgroups
 * @what: the command, for messages
 *
 * Return: exit status.
 */
int mfiles_run(const struct mf_query *q, const char *what)
{
	struct mf_memcgs ms = { 0 };
	int err;

	err = mfiles_load(&ms, q);
	if (err == -EOPNOTSUPP && !cg_nl_extack()) {
		p_err("the loaded cgscope module is too old for '%s' (it lacks CGSCOPE_CMD_MEMCG_FILES_GET)",
		      what);
		return EXIT_ERR;
	}
	/* (6.1 drops the extack of a dump's start) */
	if (err == -ENOENT && q->css_id && !cg_nl_extack()) {
		p_err("%s: no memory css with id %u (released, or never was)",
		      what, q->css_id);
		return EXIT_ERR;
	}
	if (err == -ESRCH && q->has_pid) {
		p_err("no such task: %u", q->pid);
		return EXIT_ERR;
	}
	if (err) {
		cg_nl_perror(err, "cannot find what is charged");
		return EXIT_ERR;
	}
	mfiles_print(&ms);
	mfiles_free(&ms);
	return EXIT_OK;
}
