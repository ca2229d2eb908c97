// SPDX-License-Identifier: GPL-2.0
/*
 * cgscope info: the module, the kernel and what cgscope can show on it
 * (CGSCOPE_CMD_INFO_GET).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uapi/linux/cgscope.h>

#include "main.h"
#include "nl.h"
#include "print.h"
#include "snapshot.h"

/* Names of enum cgscope_feature bits, by bit number. */
static const char *const feature_names[] = {
	"devcg_v1",
	"cgroup_bpf",
	"memcg",
	"memcg_v1",
	"cgroup_ns",
	"locks_exported",
	"cgroup_debug",
	"events_denial",
	"events_rule_v1",
	"events_prog",
};

struct info {
	char *version;
	char *kernel;
	bool has_features;
	__u64 features;
	bool has_init_cset;
	__u64 init_cset_id;
	bool has_nr_hier;
	__u32 nr_hier;
	bool has_gen;
	__u32 gen;
};

static const struct nla_policy info_policy[CGSCOPE_A_INFO_MAX + 1] = {
	[CGSCOPE_A_INFO_VERSION]	= NL_POL_STR,
	[CGSCOPE_A_INFO_KERNEL_RELEASE]	= NL_POL_STR,
	[CGSCOPE_A_INFO_FEATURES]	= NL_POL_U64,
	[CGSCOPE_A_INFO_INIT_CSET_ID]	= NL_POL_U64,
	[CGSCOPE_A_INFO_NR_HIERARCHIES]	= NL_POL_U32,
	[CGSCOPE_A_INFO_GENERATION]	= NL_POL_U32,
};

static int info_parse(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[CGSCOPE_A_INFO_MAX + 1];
	struct info *info = arg;
	const char *s;

	if (cg_nl_parse(nlh, tb, CGSCOPE_A_INFO_MAX, info_policy, "info"))
		return -1;
	s = cg_nl_attr_str(tb[CGSCOPE_A_INFO_VERSION]);
	if (s && !info->version)
		info->version = xstrdup(s);
	s = cg_nl_attr_str(tb[CGSCOPE_A_INFO_KERNEL_RELEASE]);
	if (s && !info->kernel)
		info->kernel = xstrdup(s);
	if (tb[CGSCOPE_A_INFO_FEATURES]) {
		info->has_features = true;
		info->features = nla_get_u64(tb[CGSCOPE_A_INFO_FEATURES]);
	}
	if (tb[CGSCOPE_A_INFO_INIT_CSET_ID]) {
		info->has_init_cset = true;
		info->init_cset_id = nla_get_u64(tb[CGSCOPE_A_INFO_INIT_CSET_ID]);
	}
	if (tb[CGSCOPE_A_INFO_NR_HIERARCHIES]) {
		info->has_nr_hier = true;
		info->nr_hier = nla_get_u32(tb[CGSCOPE_A_INFO_NR_HIERARCHIES]);
	}
	info->has_gen = cg_nl_attr_u32(tb[CGSCOPE_A_INFO_GENERATION],
				       &info->gen);
	return 0;
}

static void info_print(const struct info *info)
{
	struct strlist feats = { 0 };
	char name[32];
	unsigned int bit;

	for (bit = 0; bit < 64; bit++) {
		if (!(info->features & (1ULL << bit)))
			continue;
		if (bit < ARRAY_SIZE(feature_names)) {
			strlist_add(&feats, feature_names[bit]);
		} else {
			snprintf(name, sizeof(name), "bit%u", bit);
			strlist_add(&feats, name);
		}
	}

	open_json_object(NULL);
	print_string(PRINT_ANY, "version", "version: %s\n", info->version);
	print_string(PRINT_ANY, "kernel", "kernel: %s\n", info->kernel);
	if (info->has_features) {
		print_string(PRINT_FP, NULL, "%s", "features: ");
		print_strv(PRINT_ANY, "features", feats.v, feats.n, " ",
			   "none");
		print_nl();
	} else {
		print_null(PRINT_ANY, "features", "features: -\n");
	}
	if (info->has_nr_hier)
		print_uint(PRINT_ANY, "nr_hierarchies", "hierarchies: %u\n",
			   info->nr_hier);
	else
		print_null(PRINT_ANY, "nr_hierarchies", "hierarchies: -\n");
	if (info->has_init_cset)
		print_u64(PRINT_ANY, "init_cset_id",
			  "init css_set: 0x%016llx\n",
			  info->init_cset_id);
	else
		print_null(PRINT_ANY, "init_cset_id", "init css_set: -\n");
	close_json_object();
	strlist_free(&feats);
}

/* cgscope info */
static int info_show(int argc, char **argv)
{
	struct info info = { 0 };
	int err;

	if (check_no_args("info", argc, argv))
		return EXIT_ERR;
	err = cg_nl_do(cg_nl_req_new(CGSCOPE_CMD_INFO_GET, false), info_parse,
		       &info);
	if (err) {
		cg_nl_perror(err, "cannot get module information");
		goto out_free;
	}
	info_print(&info);
out_free:
	free(info.version);
	free(info.kernel);
	return err ? EXIT_ERR : EXIT_OK;
}

static const struct cmd info_cmds[] = {
	{ NULL, info_show },	/* no COMMAND */
};

/**
 * do_info() - "cgscope info"
 * @argc: argument count
 * @argv: arguments after "info"
 *
 * Return: exit status.
 */
int do_info(int argc, char **argv)
{
	return cmd_select(info_cmds, argc, argv);
}

/**
 * info_generation() - the kernel's generation counter, and what it is
 * @gen: CGSCOPE_A_INFO_GENERATION
 * @features: the feature bits, may be NULL
 * @kernel: a copy of the kernel release (free it), may be NULL
 *
 * Return: 0, or -1 after reporting the error (a module without a
 * generation counter is an error).
 */
int info_generation(__u32 *gen, __u64 *features, char **kernel)
{
	struct info info = { 0 };
	int err;

	err = cg_nl_do(cg_nl_req_new(CGSCOPE_CMD_INFO_GET, false), info_parse,
		       &info);
	if (err)
		cg_nl_perror(err, "cannot get module information");
	else if (!info.has_gen)
		p_err("the loaded cgscope module is too old: it has no generation counter");
	if (!err && info.has_gen) {
		*gen = info.gen;
		if (features)
			*features = info.features;
		if (kernel) {
			*kernel = info.kernel;
			info.kernel = NULL;
		}
	}
	free(info.version);
	free(info.kernel);
	return err || !info.has_gen ? -1 : 0;
}
