// SPDX-License-Identifier: GPL-2.0
/*
 * cgscope memcg: the counters of a memory cgroup, read from its page
 * counters in the kernel (CGSCOPE_CMD_MEMCG_GET): a cgroup directory, or
 * the memory cgroup a task is charged to.
 *
 *	memory cgroup: /test (hierarchy 0, id 123, css 45)
 *	usage            1069056  (1.0 MiB)
 *	max              2097152  (2.0 MiB)
 *	...
 *	kmem_usage       not on this kernel
 *
 * Limits are "max" when unlimited.  A counter the kernel does not keep is
 * "not on this kernel" (kmem on kernels without memcg v1), "v1 only" or
 * "v2 only"; JSON has null for it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uapi/linux/cgscope.h>

#include "main.h"
#include "memcg_files.h"
#include "nl.h"
#include "print.h"
#include "snapshot.h"
#include "target.h"

/* Every counter of a reply, in the order printed */
enum memcg_kind { MC_BYTES, MC_LIMIT, MC_COUNT };

struct memcg_field {
	const char *name;
	int attr;
	enum memcg_kind kind;
	char scope;		/* 0 any, '1' v1 only, '2' v2 only, 'k' kmem */
};

static const struct memcg_field memcg_fields[] = {
	{ "usage",		CGSCOPE_A_MEMCG_USAGE,		MC_BYTES, 0 },
	{ "max",		CGSCOPE_A_MEMCG_LIMIT,		MC_LIMIT, 0 },
	{ "watermark",		CGSCOPE_A_MEMCG_WATERMARK,	MC_BYTES, 0 },
	{ "failcnt",		CGSCOPE_A_MEMCG_FAILCNT,	MC_COUNT, 0 },
	{ "low",		CGSCOPE_A_MEMCG_LOW,		MC_LIMIT, 0 },
	{ "high",		CGSCOPE_A_MEMCG_HIGH,		MC_LIMIT, 0 },
	{ "min",		CGSCOPE_A_MEMCG_MIN,		MC_LIMIT, 0 },
	{ "swap_usage",		CGSCOPE_A_MEMCG_SWAP_USAGE,	MC_BYTES, '2' },
	{ "swap_max",		CGSCOPE_A_MEMCG_SWAP_LIMIT,	MC_LIMIT, '2' },
	{ "swap_watermark",	CGSCOPE_A_MEMCG_SWAP_WATERMARK,	MC_BYTES, '2' },
	{ "swap_failcnt",	CGSCOPE_A_MEMCG_SWAP_FAILCNT,	MC_COUNT, '2' },
	{ "memsw_usage",	CGSCOPE_A_MEMCG_MEMSW_USAGE,	MC_BYTES, '1' },
	{ "memsw_limit",	CGSCOPE_A_MEMCG_MEMSW_LIMIT,	MC_LIMIT, '1' },
	{ "memsw_watermark",	CGSCOPE_A_MEMCG_MEMSW_WATERMARK, MC_BYTES, '1' },
	{ "memsw_failcnt",	CGSCOPE_A_MEMCG_MEMSW_FAILCNT,	MC_COUNT, '1' },
	{ "kmem_usage",		CGSCOPE_A_MEMCG_KMEM_USAGE,	MC_BYTES, 'k' },
	{ "kmem_limit",		CGSCOPE_A_MEMCG_KMEM_LIMIT,	MC_LIMIT, 'k' },
	{ "kmem_watermark",	CGSCOPE_A_MEMCG_KMEM_WATERMARK,	MC_BYTES, 'k' },
	{ "kmem_failcnt",	CGSCOPE_A_MEMCG_KMEM_FAILCNT,	MC_COUNT, 'k' },
	{ "events_max",		CGSCOPE_A_MEMCG_EVENTS_MAX,	MC_COUNT, 0 },
	{ "events_oom",		CGSCOPE_A_MEMCG_EVENTS_OOM,	MC_COUNT, 0 },
	{ "events_oom_kill",	CGSCOPE_A_MEMCG_EVENTS_OOM_KILL, MC_COUNT, 0 },
};

struct memcg {
	bool has_hier, has_id, has_css;
	__u32 hier;
	__u64 cgrp_id;
	__u32 css_id;
	char *path;
	bool has[CGSCOPE_A_MEMCG_MAX + 1];
	__u64 val[CGSCOPE_A_MEMCG_MAX + 1];
};

static int memcg_parse(struct nlmsghdr *nlh, void *arg)
{
	static struct nla_policy policy[CGSCOPE_A_MEMCG_MAX + 1];
	struct nlattr *tb[CGSCOPE_A_MEMCG_MAX + 1];
	struct memcg *m = arg;
	const char *s;
	size_t i;

	if (!policy[CGSCOPE_A_MEMCG_USAGE].type) {
		for (i = 0; i < ARRAY_SIZE(memcg_fields); i++)
			policy[memcg_fields[i].attr] =
				(struct nla_policy)NL_POL_U64;
		policy[CGSCOPE_A_MEMCG_PID] = (struct nla_policy)NL_POL_U32;
		policy[CGSCOPE_A_MEMCG_HIERARCHY_ID] =
			(struct nla_policy)NL_POL_U32;
		policy[CGSCOPE_A_MEMCG_CGROUP_ID] = (struct nla_policy)NL_POL_U64;
		policy[CGSCOPE_A_MEMCG_PATH] = (struct nla_policy)NL_POL_STR;
		policy[CGSCOPE_A_MEMCG_CSS_ID] = (struct nla_policy)NL_POL_U32;
	}
	if (cg_nl_parse(nlh, tb, CGSCOPE_A_MEMCG_MAX, policy, "memory cgroup"))
		return -1;
	m->has_hier = cg_nl_attr_u32(tb[CGSCOPE_A_MEMCG_HIERARCHY_ID], &m->hier);
	if (tb[CGSCOPE_A_MEMCG_CGROUP_ID]) {
		m->has_id = true;
		m->cgrp_id = nla_get_u64(tb[CGSCOPE_A_MEMCG_CGROUP_ID]);
	}
	m->has_css = cg_nl_attr_u32(tb[CGSCOPE_A_MEMCG_CSS_ID], &m->css_id);
	s = cg_nl_attr_str(tb[CGSCOPE_A_MEMCG_PATH]);
	free(m->path);
	m->path = s ? xstrdup(s) : NULL;
	for (i = 0; i < ARRAY_SIZE(memcg_fields); i++) {
		int a = memcg_fields[i].attr;

		if (!tb[a])
			continue;
		m->has[a] = true;
		m->val[a] = nla_get_u64(tb[a]);
	}
	if (!m->has[CGSCOPE_A_MEMCG_USAGE])
		return cg_nl_bad_reply("memory cgroup", "no usage");
	return 0;
}

/* Why a counter is absent, in words */
static const char *memcg_absent(const struct memcg_field *f,
				const struct memcg *m, bool kernel_has_v1)
{
	bool v2 = m->has_hier && m->hier == 0;

	switch (f->scope) {
	case '1':
	case 'k':
		return kernel_has_v1 && v2 ? "v1 only" : "not on this kernel";
	case '2':
		return v2 ? "not on this kernel" : "v2 only";
	}
	return "not on this kernel";
}

static void memcg_print(const struct memcg *m, bool kernel_has_v1)
{
	size_t i;

	open_json_object(NULL);
	print_u64_or_null("hierarchy_id", m->has_hier, m->hier);
	print_u64_or_null("cgroup_id", m->has_id, m->cgrp_id);
	print_string(PRINT_ANY, "path", "memory cgroup: %s", m->path);
	print_uint(PRINT_FP, NULL, " (hierarchy %u", m->hier);
	print_u64(PRINT_FP, NULL, ", id %llu", m->cgrp_id);
	if (m->has_css)
		print_uint(PRINT_ANY, "css_id", ", css %u)", m->css_id);
	else
		print_null(PRINT_ANY, "css_id", ", css 0)");
	print_nl();

	for (i = 0; i < ARRAY_SIZE(memcg_fields); i++) {
		const struct memcg_field *f = &memcg_fields[i];
		__u64 v = m->val[f->attr];
		bool max = f->kind == MC_LIMIT && v == CGSCOPE_MEMCG_UNLIMITED;
		char buf[32];

		print_string(PRINT_FP, NULL, "%-16s ", f->name);
		if (!m->has[f->attr]) {
			print_null(PRINT_ANY, f->name,
				   memcg_absent(f, m, kernel_has_v1));
		} else if (max) {
			print_string(PRINT_ANY, f->name, "%s", "max");
		} else {
			print_u64(PRINT_ANY, f->name, "%llu", v);
			if (f->kind != MC_COUNT && v >= 1024)
				print_string(PRINT_FP, NULL, "  (%s)",
					     human_bytes(v, buf, sizeof(buf)));
		}
		print_nl();
	}
	close_json_object();
}

/* cgscope memcg (PATH | --pid PID) --files */
static int memcg_files(struct cg_target *t)
{
	struct mf_query q = { 0 };

	if (t->has_pid) {
		q.has_pid = true;
		q.pid = t->pid;
	} else {
		q.has_cgroup = true;
		q.hier = t->where.hier;
		q.cgrp_id = t->where.cgrp_id;
	}
	return mfiles_run(&q, "cgscope memcg --files");
}

/* cgscope memcg (PATH | --pid PID) [--files] */
static int memcg_show(int argc, char **argv)
{
	struct memcg m = { 0 };
	bool kernel_has_v1 = false;
	struct cg_target t;
	struct nl_msg *req;
	__u64 features = 0;
	int ret = EXIT_ERR;
	__u32 gen;
	bool files = false;
	int i, n = 0;
	char **args;
	int err;

	/* --files anywhere; the rest names the target */
	args = xcalloc(argc + 1, sizeof(*args));
	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--files") && !files)
			files = true;
		else
			args[n++] = argv[i];
	}
	err = target_parse("memcg", TARGET_PATH | TARGET_PID, n, args, &t) < 0 ||
	      target_resolve(&t);
	free(args);
	if (err)
		return EXIT_ERR;
	if (files)
		return memcg_files(&t);

	req = cg_nl_req_new(CGSCOPE_CMD_MEMCG_GET, false);
	if (!req)
		return EXIT_ERR;
	if (t.has_pid ? cg_nl_req_put_u32(req, CGSCOPE_A_MEMCG_PID, t.pid) :
	    (cg_nl_req_put_u32(req, CGSCOPE_A_MEMCG_HIERARCHY_ID,
			       t.where.hier) ||
	     cg_nl_req_put_u64(req, CGSCOPE_A_MEMCG_CGROUP_ID,
			       t.where.cgrp_id))) {
		nlmsg_free(req);
		return EXIT_ERR;
	}
	err = cg_nl_do(req, memcg_parse, &m);
	if (err) {
		const char *ext = cg_nl_extack();

		if (err == -EOPNOTSUPP && !ext)
			p_err("the loaded cgscope module is too old for 'cgscope memcg' (it lacks CGSCOPE_CMD_MEMCG_GET)");
		else if (t.has_pid && err == -ESRCH)
			p_err("no such task: %u", t.pid);
		else if (t.path && err == -ENOENT)
			p_err("%s: no memory cgroup (hierarchy %u, id %llu)%s%s%s",
			      t.path, t.where.hier,
			      (unsigned long long)t.where.cgrp_id,
			      ext ? " (kernel: " : "", ext ? ext : "",
			      ext ? ")" : "");
		else
			cg_nl_perror(err, "cannot read the memory cgroup");
		goto out_free;
	}
	if (!json && (!m.has[CGSCOPE_A_MEMCG_KMEM_USAGE] ||
		      !m.has[CGSCOPE_A_MEMCG_MEMSW_USAGE])) {
		if (info_generation(&gen, &features, NULL))
			goto out_free;
		kernel_has_v1 = features & CGSCOPE_FEATURE_MEMCG_V1;
	}
	memcg_print(&m, kernel_has_v1);
	ret = EXIT_OK;
out_free:
	free(m.path);
	return ret;
}

static const struct cmd memcg_cmds[] = {
	{ NULL, memcg_show },	/* no COMMAND */
};

/**
 * do_memcg() - "cgscope memcg (PATH | --pid PID) [--files]"
 * @argc: argument count
 * @argv: arguments after "memcg"
 *
 * Return: exit status.
 */
int do_memcg(int argc, char **argv)
{
	return cmd_select(memcg_cmds, argc, argv);
}
