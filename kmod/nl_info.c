// SPDX-License-Identifier: GPL-2.0
/*
 * CGSCOPE_CMD_INFO_GET: what this module is and what the running kernel
 * lets it show.
 */
#include <linux/utsname.h>

#include "cgscope.h"
#include "nl.h"

static u64 cgscope_features(void)
{
	u64 f = CGSCOPE_FEATURE_CGROUP_NS;

	if (IS_ENABLED(CONFIG_CGROUP_DEVICE))
		f |= CGSCOPE_FEATURE_DEVCG_V1;
	if (IS_ENABLED(CONFIG_CGROUP_BPF))
		f |= CGSCOPE_FEATURE_CGROUP_BPF;
	if (IS_ENABLED(CONFIG_MEMCG))
		f |= CGSCOPE_FEATURE_MEMCG;
	if (CGSCOPE_HAVE_MEMCG_V1)
		f |= CGSCOPE_FEATURE_MEMCG_V1;
	if (CGSCOPE_LOCKS_EXPORTED)
		f |= CGSCOPE_FEATURE_LOCKS_EXPORTED;
	if (IS_ENABLED(CONFIG_CGROUP_DEBUG))
		f |= CGSCOPE_FEATURE_CGROUP_DEBUG;
	f |= cgscope_events_features();
	return f;
}

struct cgscope_nl_info {
	u32 nr_roots;
	u32 generation;
};

/* Context: cgroup_mutex. */
static int cgscope_nl_info_prepare(struct cgscope_nl_req *req)
{
	struct cgscope_nl_info *info = req->data;

	info->nr_roots = cgscope_nr_roots();
	info->generation = cgscope_gen_all();
	return 0;
}

static int cgscope_nl_info_fill(struct sk_buff *skb,
				const struct cgscope_nl_req *req)
{
	const struct cgscope_nl_info *info = req->data;

	if (nla_put_string(skb, CGSCOPE_A_INFO_VERSION, CGSCOPE_VERSION) ||
	    nla_put_string(skb, CGSCOPE_A_INFO_KERNEL_RELEASE,
			   init_utsname()->release) ||
	    nla_put_u64_64bit(skb, CGSCOPE_A_INFO_FEATURES, cgscope_features(),
			      CGSCOPE_A_INFO_PAD) ||
	    nla_put_u64_64bit(skb, CGSCOPE_A_INFO_INIT_CSET_ID,
			      cgscope_cset_id(cgscope_syms.init_css_set),
			      CGSCOPE_A_INFO_PAD) ||
	    nla_put_u32(skb, CGSCOPE_A_INFO_NR_HIERARCHIES, info->nr_roots) ||
	    nla_put_u32(skb, CGSCOPE_A_INFO_GENERATION, info->generation))
		return -EMSGSIZE;
	return 0;
}

const struct cgscope_nl_cmd cgscope_nl_info_get = {
	.cmd		= CGSCOPE_CMD_INFO_GET,
	.data_size	= sizeof(struct cgscope_nl_info),
	.prepare	= cgscope_nl_info_prepare,
	.fill		= cgscope_nl_info_fill,
};
