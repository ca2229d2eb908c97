/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one netlink helper of cgscope: a generic netlink socket bound to the
 * "cgscope" family, requests (do and dump), error reporting with the
 * kernel's extack message, and strict attribute parsing.
 */
#ifndef CGSCOPE_NL_H
#define CGSCOPE_NL_H

#include <stdbool.h>
#include <linux/types.h>

#include <netlink/netlink.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "main.h"

/* Returned by the request and parse helpers: the error is already shown. */
#define CG_NL_EREPORTED	(-65536)

/* A dump that came back inconsistent is tried this many more times. */
#define CG_NL_DUMP_RETRIES	3

/*
 * Called once for each reply message of a request.  Return 0 to go on, or
 * -1 after reporting the problem with p_err() to stop.
 */
typedef int (*cg_nl_reply_fn)(struct nlmsghdr *nlh, void *arg);

struct nl_msg *cg_nl_req_new(__u8 cmd, bool dump);
int cg_nl_req_put_u8(struct nl_msg *req, int type, __u8 value);
int cg_nl_req_put_u32(struct nl_msg *req, int type, __u32 value);
int cg_nl_req_put_u64(struct nl_msg *req, int type, __u64 value);
int cg_nl_do(struct nl_msg *req, cg_nl_reply_fn fn, void *arg);
int cg_nl_dump(struct nl_msg *req, cg_nl_reply_fn fn, void *arg);
int cg_nl_dump_cmd(__u8 cmd, cg_nl_reply_fn fn, void *arg);
const char *cg_nl_extack(void);
bool cg_nl_intr_seen(bool reset);
void cg_nl_perror(int err, const char *what);
void cg_nl_close(void);
int cg_nl_events_open(void);
int cg_nl_events_recv(cg_nl_reply_fn fn, void *arg);
void cg_nl_events_close(void);

/* Policies: the length checks libnl applies before we read a value. */
#define NL_POL_U8	{ .type = NLA_U8, .minlen = 1, .maxlen = 1 }
#define NL_POL_U32	{ .type = NLA_U32, .minlen = 4, .maxlen = 4 }
#define NL_POL_U64	{ .type = NLA_U64, .minlen = 8, .maxlen = 8 }
#define NL_POL_STR	{ .type = NLA_STRING }
#define NL_POL_FLAG	{ .type = NLA_FLAG }
#define NL_POL_NEST	{ .type = NLA_NESTED }
#define NL_POL_BIN(n)	{ .type = NLA_BINARY, .minlen = (n), .maxlen = (n) }

int cg_nl_parse(struct nlmsghdr *nlh, struct nlattr **tb, int max,
		const struct nla_policy *policy, const char *what);
int cg_nl_parse_nested(struct nlattr *nla, struct nlattr **tb, int max,
		       const struct nla_policy *policy, const char *what);
int cg_nl_bad_reply(const char *what, const char *fmt, ...) __printf(2, 3);
const char *cg_nl_attr_str(const struct nlattr *nla);
bool cg_nl_attr_u32(const struct nlattr *nla, __u32 *value);

/* The top-level attributes of a generic netlink reply, for nla_for_each_attr(). */
static inline struct nlattr *cg_nl_attrs(struct nlmsghdr *nlh)
{
	return genlmsg_attrdata(nlmsg_data(nlh), 0);
}

static inline int cg_nl_attrlen(struct nlmsghdr *nlh)
{
	return genlmsg_attrlen(nlmsg_data(nlh), 0);
}

#endif /* CGSCOPE_NL_H */
