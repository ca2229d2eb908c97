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

/**
 * cgscope_nl_info_get_doit() - CGSCOPE_CMD_INFO_GET
 * @skb: request
 * @info: request info
 *
 * Return: 0 or a negative errno.
 */
int cgscope_nl_info_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *rsp;
	u32 nr_roots, gen;
	void *hdr;

	rsp = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!rsp)
		return -ENOMEM;

	cgscope_cgroup_lock();
	nr_roots = cgscope_nr_roots();
	gen = cgscope_gen_all();
	cgscope_cgroup_unlock();

	hdr = cgscope_nl_reply_put(rsp, info);
	if (!hdr)
		goto err_free_msg;
	if (nla_put_string(rsp, CGSCOPE_A_INFO_VERSION, CGSCOPE_VERSION) ||
	    nla_put_string(rsp, CGSCOPE_A_INFO_KERNEL_RELEASE,
			   init_utsname()->release) ||
	    nla_put_u64_64bit(rsp, CGSCOPE_A_INFO_FEATURES, cgscope_features(),
			      CGSCOPE_A_INFO_PAD) ||
	    nla_put_u64_64bit(rsp, CGSCOPE_A_INFO_INIT_CSET_ID,
			      cgscope_cset_id(cgscope_syms.init_css_set),
			      CGSCOPE_A_INFO_PAD) ||
	    nla_put_u32(rsp, CGSCOPE_A_INFO_NR_HIERARCHIES, nr_roots) ||
	    nla_put_u32(rsp, CGSCOPE_A_INFO_GENERATION, gen))
		goto err_cancel_msg;
	genlmsg_end(rsp, hdr);
	return genlmsg_reply(rsp, info);

err_cancel_msg:
	genlmsg_cancel(rsp, hdr);
err_free_msg:
	nlmsg_free(rsp);
	return -EMSGSIZE;
}
