// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink plumbing for cgscope.
 *
 * One socket per process, connected and bound to the "cgscope" family on the
 * first request.  A request runs to completion before any reply is handed to
 * the caller: replies are copied aside, and only when the kernel said DONE
 * (dump) or answered (do) does the per-message callback see them.  That
 * makes a dump interrupted by a change of the cgroup world (NLM_F_DUMP_INTR)
 * easy to retry as a whole, and keeps the socket in step however a callback
 * fails.
 *
 * Requests are sent without NLM_F_ACK: a do ends with its reply, a dump
 * with NLMSG_DONE, and errors are always reported.  Messages with another
 * sequence number are ignored.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <linux/netlink.h>

#include <netlink/genl/ctrl.h>
#include <netlink/msg.h>
#include <netlink/socket.h>

#include <uapi/linux/cgscope.h>

#include "main.h"
#include "nl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif

/* Socket receive buffer and first recvmsg() size; CGSCOPE_RCVBUF sets both. */
#define NL_DEFAULT_RCVBUF	32768
#define NL_DEFAULT_MSGBUF	32768
/* Every answer is queued before sendmsg() returns; this only stops a hang. */
#define NL_RECV_TIMEOUT_SEC	30
/* Family lookups while the module is loading or unloading, and between */
#define NL_RESOLVE_TRIES	20
#define NL_RESOLVE_WAIT_US	100000

/* The events socket's receive buffer, at least */
#define NL_EVENTS_RCVBUF	(4 << 20)

#define NL_EXTACK_MAX	512

static struct {
	struct nl_sock *sk;
	int family;
	bool intr_seen;			/* a dump stayed interrupted */
	char extack[NL_EXTACK_MAX];	/* of the last failed request */
} nls;

/* The state of one request while its answer comes in. */
struct nl_req_ctx {
	__u32 seq;
	bool done;
	bool intr;			/* a reply carried NLM_F_DUMP_INTR */
	int err;			/* positive errno from the kernel */
	char extack[NL_EXTACK_MAX];
	struct nlmsghdr **msgs;		/* copies of the replies */
	size_t nr_msgs;
	size_t cap_msgs;
};

static void nl_ctx_free_msgs(struct nl_req_ctx *ctx)
{
	size_t i;

	for (i = 0; i < ctx->nr_msgs; i++)
		free(ctx->msgs[i]);
	free(ctx->msgs);
	ctx->msgs = NULL;
	ctx->nr_msgs = 0;
	ctx->cap_msgs = 0;
}

/*
 * The source tree this binary was built in: TOP when it runs as
 * TOP/build/DIR/cgscope and TOP has the module's sources; false for an
 * installed binary.
 */
static bool nl_source_tree(char *top, size_t len)
{
	char exe[PATH_MAX], *p;
	char probe[PATH_MAX + 32];
	ssize_t n;
	int i;

	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return false;
	exe[n] = '\0';
	/* TOP/build/DIR/cgscope: strip "cgscope" and DIR, then "build" */
	for (i = 0; i < 2; i++) {
		p = strrchr(exe, '/');
		if (!p)
			return false;
		*p = '\0';
	}
	p = strrchr(exe, '/');
	if (!p || strcmp(p + 1, "build"))
		return false;
	*p = '\0';
	snprintf(probe, sizeof(probe), "%s/kmod/main.c", exe);
	if (access(probe, F_OK))
		return false;
	snprintf(top, len, "%s", exe);
	return true;
}

/*
 * How to load the module, for the "not loaded" error: modprobe first (the
 * lookup would have loaded an installed module; modprobe says why not),
 * then insmod of $CGSCOPE_KO, or of the module built in the source tree
 * when we run from one.
 */
static const char *nl_load_hint(char *buf, size_t len)
{
	const char *env = getenv("CGSCOPE_KO");
	char top[PATH_MAX];
	struct utsname u;

	if (env && *env)
		snprintf(buf, len, "modprobe cgscope, or insmod %s", env);
	else if (nl_source_tree(top, sizeof(top)) && !uname(&u))
		snprintf(buf, len,
			 "modprobe cgscope, or in this source tree: insmod %s/build/kmod/%s/cgscope.ko",
			 top, u.release);
	else
		snprintf(buf, len, "modprobe cgscope");
	return buf;
}

/* The module as /sys/module says: absent, loading or unloading, or live */
enum nl_mod_state {
	NL_MOD_NONE,		/* not loaded */
	NL_MOD_CHANGING,	/* coming or going */
	NL_MOD_LIVE,
};

static enum nl_mod_state nl_module_state(void)
{
	char state[16] = "";
	FILE *f = fopen("/sys/module/cgscope/initstate", "r");

	if (!f)
		return access("/sys/module/cgscope", F_OK) ? NL_MOD_NONE :
							     NL_MOD_CHANGING;
	if (!fgets(state, sizeof(state), f))
		state[0] = '\0';
	fclose(f);
	return strcmp(state, "live\n") ? NL_MOD_CHANGING : NL_MOD_LIVE;
}

static bool nl_family_absent(int err)
{
	return err == -NLE_OBJ_NOTFOUND || err == -ENOENT;
}

static int nl_rcvbuf_size(int *size)
{
	const char *env = getenv("CGSCOPE_RCVBUF");
	__u32 v;

	*size = NL_DEFAULT_RCVBUF;
	if (!env || !*env)
		return 0;
	if (parse_u32(env, "CGSCOPE_RCVBUF", &v))
		return -1;
	if (!v || v > INT32_MAX) {
		p_err("CGSCOPE_RCVBUF: %s bytes is out of range (1..%d)", env,
		      INT32_MAX);
		return -1;
	}
	*size = (int)v;
	return 1;
}

/* Connect and resolve the family once; reports its own errors. */
static int nl_open(void)
{
	struct timeval tv = { .tv_sec = NL_RECV_TIMEOUT_SEC };
	size_t msgbuf = NL_DEFAULT_MSGBUF;
	struct nl_sock *sk;
	char hint[PATH_MAX + 160];
	enum nl_mod_state st;
	int live_misses = 0;
	int one = 1;
	int rcvbuf;
	int fd, err, i;

	if (nls.sk)
		return 0;

	err = nl_rcvbuf_size(&rcvbuf);
	if (err < 0)
		return CG_NL_EREPORTED;
	if (err > 0)
		msgbuf = (size_t)rcvbuf;

	sk = nl_socket_alloc();
	if (!sk) {
		p_err("out of memory");
		return CG_NL_EREPORTED;
	}
	err = genl_connect(sk);
	if (err < 0) {
		p_err("cannot open a generic netlink socket: %s",
		      nl_geterror(err));
		goto err_free_sock;
	}
	fd = nl_socket_get_fd(sk);
	/* Best effort: old kernels lack them, and errors still get through. */
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));

	err = nl_socket_set_buffer_size(sk, rcvbuf, 0);
	if (err < 0) {
		p_err("cannot set the netlink receive buffer to %d bytes: %s",
		      rcvbuf, nl_geterror(err));
		goto err_free_sock;
	}
	nl_socket_set_msg_buf_size(sk, msgbuf);
	/* Peek first so a reply larger than msgbuf is never truncated. */
	nl_socket_enable_msg_peek(sk);

	nls.family = genl_ctrl_resolve(sk, CGSCOPE_FAMILY_NAME);
	/*
	 * The module registers the family before it turns live and removes
	 * it after it stops being live.  So the family is absent while the
	 * module is live only where this namespace cannot see it, or when
	 * the module went and came back around our question.  Ask again
	 * while it is loading or unloading (a reload takes a second or more
	 * in a TCG guest), and call it "not visible" only when the module
	 * was live before and after two questions in a row that found no
	 * family.  (Looking at the state only after a failed question took
	 * a module that turned live just then for one we cannot see.)
	 */
	for (i = 0; i < NL_RESOLVE_TRIES && nl_family_absent(nls.family);
	     i++) {
		st = nl_module_state();
		if (st == NL_MOD_NONE || live_misses == 2)
			break;
		if (i)
			usleep(NL_RESOLVE_WAIT_US);
		nls.family = genl_ctrl_resolve(sk, CGSCOPE_FAMILY_NAME);
		if (st == NL_MOD_LIVE && nl_family_absent(nls.family) &&
		    nl_module_state() == NL_MOD_LIVE)
			live_misses++;
		else
			live_misses = 0;
	}
	if (nls.family < 0) {
		bool absent = nl_family_absent(nls.family);

		if (absent && nl_module_state() == NL_MOD_NONE)
			p_err("cgscope module not loaded (family \"%s\" not found); load it with: %s",
			      CGSCOPE_FAMILY_NAME, nl_load_hint(hint, sizeof(hint)));
		else if (absent && live_misses == 2)
			p_err("the cgscope module is loaded, but its family \"%s\" is not visible here: it serves the initial network namespace only",
			      CGSCOPE_FAMILY_NAME);
		else if (absent)
			p_err("the cgscope module is being loaded or unloaded; try again");
		else
			p_err("cannot resolve generic netlink family \"%s\": %s",
			      CGSCOPE_FAMILY_NAME, nl_geterror(nls.family));
		goto err_free_sock;
	}
	/* After resolving: genl_ctrl_resolve() itself waits for an ACK. */
	nl_socket_disable_auto_ack(sk);
	nls.sk = sk;
	return 0;

err_free_sock:
	nl_socket_free(sk);
	return CG_NL_EREPORTED;
}

/**
 * cg_nl_close() - close the cgscope netlink socket
 *
 * The next request opens a new one.
 */
void cg_nl_close(void)
{
	if (nls.sk)
		nl_socket_free(nls.sk);
	nls.sk = NULL;
}

/**
 * cg_nl_req_new() - start a cgscope request
 * @cmd: CGSCOPE_CMD_*
 * @dump: ask for a dump (NLM_F_DUMP) rather than a do
 *
 * Connects to the family on first use.
 *
 * Return: the message to add attributes to and pass to cg_nl_do() or
 * cg_nl_dump(), or NULL after reporting an error (e.g. module not loaded).
 */
struct nl_msg *cg_nl_req_new(__u8 cmd, bool dump)
{
	struct nl_msg *req;

	if (nl_open())
		return NULL;
	req = nlmsg_alloc();
	if (!req) {
		p_err("out of memory");
		return NULL;
	}
	if (!genlmsg_put(req, NL_AUTO_PORT, NL_AUTO_SEQ, nls.family, 0,
			 dump ? NLM_F_DUMP : 0, cmd, CGSCOPE_FAMILY_VERSION)) {
		p_err("cannot build a netlink request");
		nlmsg_free(req);
		return NULL;
	}
	return req;
}

/**
 * cg_nl_req_put_u8() - add a u8 attribute to a request
 * @req: the request
 * @type: attribute type
 * @value: its value
 *
 * Return: 0, or -1 after reporting the error.
 */
int cg_nl_req_put_u8(struct nl_msg *req, int type, __u8 value)
{
	if (nla_put_u8(req, type, value) < 0) {
		p_err("cannot build a netlink request");
		return -1;
	}
	return 0;
}

/**
 * cg_nl_req_put_u32() - add a u32 attribute to a request
 * @req: the request
 * @type: attribute type
 * @value: its value
 *
 * Return: 0, or -1 after reporting the error.
 */
int cg_nl_req_put_u32(struct nl_msg *req, int type, __u32 value)
{
	if (nla_put_u32(req, type, value) < 0) {
		p_err("cannot build a netlink request");
		return -1;
	}
	return 0;
}

/**
 * cg_nl_req_put_u64() - add a u64 attribute to a request
 * @req: the request
 * @type: attribute type
 * @value: its value
 *
 * Return: 0, or -1 after reporting the error.
 */
int cg_nl_req_put_u64(struct nl_msg *req, int type, __u64 value)
{
	if (nla_put_u64(req, type, value) < 0) {
		p_err("cannot build a netlink request");
		return -1;
	}
	return 0;
}

/*
 * Find NLMSGERR_ATTR_MSG in the TLVs that start @off bytes into @nlh (an
 * NLMSG_ERROR or NLMSG_DONE with NLM_F_ACK_TLVS).  Every length is checked
 * against nlmsg_len, which libnl checked against what was received.
 */
static void nl_parse_extack(struct nlmsghdr *nlh, size_t off, char *out,
			    size_t outlen)
{
	static struct nla_policy pol[NLMSGERR_ATTR_MAX + 1] = {
		[NLMSGERR_ATTR_MSG] = NL_POL_STR,
	};
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	off = NLMSG_ALIGN(off);
	if (off >= nlh->nlmsg_len)
		return;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)((char *)nlh + off),
		      (int)(nlh->nlmsg_len - off), pol) < 0)
		return;
	if (tb[NLMSGERR_ATTR_MSG])
		snprintf(out, outlen, "%s", nla_get_string(tb[NLMSGERR_ATTR_MSG]));
}

static int nl_cb_seq(struct nl_msg *msg, void *arg)
{
	struct nl_req_ctx *ctx = arg;

	/* Something left over from an earlier request: not ours. */
	if (nlmsg_hdr(msg)->nlmsg_seq != ctx->seq)
		return NL_SKIP;
	return NL_OK;
}

static int nl_cb_valid(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nl_req_ctx *ctx = arg;
	struct nlmsghdr *copy;

	if (!(nlh->nlmsg_flags & NLM_F_MULTI))
		ctx->done = true;	/* the answer to a do */
	if (nlh->nlmsg_type != nls.family)
		return ctx->done ? NL_STOP : NL_OK;

	copy = xmalloc(nlh->nlmsg_len);
	memcpy(copy, nlh, nlh->nlmsg_len);
	ctx->msgs = xgrow(ctx->msgs, &ctx->cap_msgs, ctx->nr_msgs + 1,
			  sizeof(*ctx->msgs));
	ctx->msgs[ctx->nr_msgs++] = copy;
	return ctx->done ? NL_STOP : NL_OK;
}

static int nl_cb_dump_intr(struct nl_msg *msg, void *arg)
{
	struct nl_req_ctx *ctx = arg;

	(void)msg;
	ctx->intr = true;
	return NL_OK;
}

static int nl_cb_finish(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nl_req_ctx *ctx = arg;
	int err;

	ctx->done = true;
	/* NLMSG_DONE carries the dump's final status, then maybe an extack. */
	if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(int))) {
		memcpy(&err, nlmsg_data(nlh), sizeof(err));
		if (err < 0) {
			ctx->err = -err;
			nl_parse_extack(nlh, NLMSG_LENGTH(sizeof(int)),
					ctx->extack, sizeof(ctx->extack));
		}
	}
	return NL_STOP;
}

static int nl_cb_ack(struct nl_msg *msg, void *arg)
{
	struct nl_req_ctx *ctx = arg;

	(void)msg;
	ctx->done = true;
	return NL_STOP;
}

static int nl_cb_error(struct sockaddr_nl *nla, struct nlmsgerr *e,
		       void *arg)
{
	/* libnl hands us the payload; the header sits right before it. */
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct nl_req_ctx *ctx = arg;
	size_t off;

	(void)nla;
	if (nlh->nlmsg_seq != ctx->seq)
		return NL_SKIP;
	ctx->done = true;
	ctx->err = e->error < 0 ? -e->error : EPROTO;

	off = NLMSG_HDRLEN + sizeof(*e);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (e->msg.nlmsg_len < NLMSG_HDRLEN)
			return NL_STOP;
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	}
	nl_parse_extack(nlh, off, ctx->extack, sizeof(ctx->extack));
	return NL_STOP;
}

/* Send @req and collect its answer in @ctx. */
static int nl_run(struct nl_msg *req, struct nl_req_ctx *ctx)
{
	struct nlmsghdr *hdr = nlmsg_hdr(req);
	struct nl_cb *cb;
	int ret = 0;
	int err;

	if (!nls.sk) {
		/* Closed by an earlier failure after @req was built. */
		p_err("the netlink socket was closed");
		return CG_NL_EREPORTED;
	}
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		p_err("out of memory");
		return CG_NL_EREPORTED;
	}
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, nl_cb_seq, ctx);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, nl_cb_valid, ctx);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, nl_cb_finish, ctx);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, nl_cb_ack, ctx);
	nl_cb_set(cb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, nl_cb_dump_intr, ctx);
	nl_cb_err(cb, NL_CB_CUSTOM, nl_cb_error, ctx);

	/* A retried request gets a fresh sequence number. */
	hdr->nlmsg_seq = NL_AUTO_SEQ;
	hdr->nlmsg_pid = NL_AUTO_PORT;
	err = nl_send_auto(nls.sk, req);
	if (err < 0) {
		p_err("cannot send a netlink request: %s", nl_geterror(err));
		ret = CG_NL_EREPORTED;
		goto out_put_cb;
	}
	ctx->seq = hdr->nlmsg_seq;

	while (!ctx->done) {
		err = nl_recvmsgs(nls.sk, cb);
		if (err >= 0 || ctx->err)
			continue;
		if (err == -NLE_AGAIN || err == -EAGAIN)
			p_err("no answer from the cgscope module within %d seconds",
			      NL_RECV_TIMEOUT_SEC);
		else
			p_err("netlink receive failed: %s", nl_geterror(err));
		/* The socket may hold half an answer: start afresh next time. */
		cg_nl_close();
		ret = CG_NL_EREPORTED;
		break;
	}
out_put_cb:
	nl_cb_put(cb);
	return ret;
}

static int nl_request(struct nl_msg *req, bool dump, cg_nl_reply_fn fn,
		      void *arg)
{
	struct nl_req_ctx ctx;
	unsigned int attempt;
	size_t i;
	int ret;

	nls.extack[0] = '\0';
	if (!req)
		return CG_NL_EREPORTED;
	for (attempt = 0;; attempt++) {
		memset(&ctx, 0, sizeof(ctx));
		ret = nl_run(req, &ctx);
		if (ret)
			goto out_free;
		if (ctx.err) {
			memcpy(nls.extack, ctx.extack, sizeof(nls.extack));
			ret = -ctx.err;
			goto out_free;
		}
		if (!dump || !ctx.intr)
			break;
		if (attempt == CG_NL_DUMP_RETRIES) {
			nls.intr_seen = true;
			p_warn("the cgroup world changed during the dump; results may be inconsistent");
			break;
		}
		nl_ctx_free_msgs(&ctx);
	}

	for (i = 0; i < ctx.nr_msgs; i++) {
		if (fn(ctx.msgs[i], arg)) {
			ret = CG_NL_EREPORTED;
			break;
		}
	}
out_free:
	nl_ctx_free_msgs(&ctx);
	nlmsg_free(req);
	return ret;
}

/**
 * cg_nl_do() - send a do request and hand its reply to @fn
 * @req: from cg_nl_req_new(); freed here, NULL is an error already reported
 * @fn: called for the reply
 * @arg: passed to @fn
 *
 * Return: 0; -errno when the kernel refused (see cg_nl_extack(), cg_nl_perror());
 * CG_NL_EREPORTED when the error was already reported.
 */
int cg_nl_do(struct nl_msg *req, cg_nl_reply_fn fn, void *arg)
{
	return nl_request(req, false, fn, arg);
}

/**
 * cg_nl_dump() - send a dump request and hand each reply to @fn
 * @req: from cg_nl_req_new(..., true); freed here, NULL is an error
 * @fn: called for each reply message, in the kernel's order
 * @arg: passed to @fn
 *
 * A dump during which the cgroup world changed (a reply carried
 * NLM_F_DUMP_INTR) is run again, up to CG_NL_DUMP_RETRIES more times; after
 * that the last attempt is used with a warning on stderr.  @fn only ever
 * sees the replies of one attempt.
 *
 * Return: as cg_nl_do().
 */
int cg_nl_dump(struct nl_msg *req, cg_nl_reply_fn fn, void *arg)
{
	return nl_request(req, true, fn, arg);
}

/**
 * cg_nl_dump_cmd() - dump @cmd without filter attributes
 * @cmd: CGSCOPE_CMD_*
 * @fn: called for each reply message
 * @arg: passed to @fn
 *
 * Return: as cg_nl_do().
 */
int cg_nl_dump_cmd(__u8 cmd, cg_nl_reply_fn fn, void *arg)
{
	return cg_nl_dump(cg_nl_req_new(cmd, true), fn, arg);
}

/**
 * cg_nl_extack() - the kernel's message about the last failed request
 *
 * Return: the extack text, or NULL when the kernel gave none.
 */
const char *cg_nl_extack(void)
{
	return nls.extack[0] ? nls.extack : NULL;
}

/**
 * cg_nl_perror() - report an error returned by cg_nl_do() or cg_nl_dump()
 * @err: the return value (negative)
 * @what: what was being done, e.g. "cannot list cgroups"
 *
 * EPERM gets a message saying which privilege is missing; the kernel's
 * extack text is added when there is one.
 */
void cg_nl_perror(int err, const char *what)
{
	const char *ext = cg_nl_extack();
	char extbuf[NL_EXTACK_MAX + 16] = "";

	if (err == CG_NL_EREPORTED || err >= 0)
		return;
	if (ext)
		snprintf(extbuf, sizeof(extbuf), " (kernel: %s)", ext);
	if (err == -EPERM)
		p_err("permission denied: cgscope needs CAP_NET_ADMIN in the initial user namespace%s",
		      extbuf);
	else
		p_err("%s: %s%s", what, strerror(-err), extbuf);
}

/**
 * cg_nl_bad_reply() - report a reply that does not follow the uAPI
 * @what: the kind of reply, e.g. "cgroup"
 * @fmt: what is wrong with it
 *
 * Return: -1, for the caller to return from its reply callback.
 */
int cg_nl_bad_reply(const char *what, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	p_err("malformed %s reply from the kernel: %s", what, buf);
	return -1;
}

/* Name the first top-level attribute that breaks @policy, for the error. */
static const char *nl_policy_culprit(struct nlmsghdr *nlh, int max,
				     const struct nla_policy *policy)
{
	static char buf[64];
	struct nlattr *a;
	int rem;

	if (!genlmsg_valid_hdr(nlh, 0))
		return " (short generic netlink header)";
	nla_for_each_attr(a, cg_nl_attrs(nlh), cg_nl_attrlen(nlh), rem) {
		int type = nla_type(a);
		int len = nla_len(a);

		if (type > max || !policy[type].type)
			continue;
		if ((policy[type].minlen && len < policy[type].minlen) ||
		    (policy[type].maxlen && len > policy[type].maxlen) ||
		    (policy[type].type == NLA_STRING &&
		     !cg_nl_attr_str(a))) {
			snprintf(buf, sizeof(buf),
				 " (attribute %d has %d bytes)", type, len);
			return buf;
		}
	}
	return "";
}

/**
 * cg_nl_parse() - parse a generic netlink reply with a policy
 * @nlh: the reply
 * @tb: array of @max + 1 attribute pointers to fill
 * @max: highest attribute type
 * @policy: types and lengths to enforce
 * @what: the kind of reply, for the error message
 *
 * Return: 0, or -1 after reporting a malformed reply.
 */
int cg_nl_parse(struct nlmsghdr *nlh, struct nlattr **tb, int max,
		const struct nla_policy *policy, const char *what)
{
	int err;

	err = genlmsg_parse(nlh, 0, tb, max, (struct nla_policy *)policy);
	if (err < 0)
		return cg_nl_bad_reply(what, "%s%s", nl_geterror(err),
				       nl_policy_culprit(nlh, max, policy));
	return 0;
}

/**
 * cg_nl_parse_nested() - parse a nested attribute with a policy
 * @nla: the nest
 * @tb: array of @max + 1 attribute pointers to fill
 * @max: highest attribute type
 * @policy: types and lengths to enforce
 * @what: the kind of reply, for the error message
 *
 * Return: 0, or -1 after reporting a malformed reply.
 */
int cg_nl_parse_nested(struct nlattr *nla, struct nlattr **tb, int max,
		       const struct nla_policy *policy, const char *what)
{
	int err;

	err = nla_parse_nested(tb, max, nla, (struct nla_policy *)policy);
	if (err < 0)
		return cg_nl_bad_reply(what, "nested attribute %d: %s",
				    nla_type(nla), nl_geterror(err));
	return 0;
}

/**
 * cg_nl_attr_str() - the string in a string attribute, checked
 * @nla: the attribute, may be NULL
 *
 * Return: the string, or NULL when @nla is NULL, empty or not terminated.
 */
const char *cg_nl_attr_str(const struct nlattr *nla)
{
	const char *s;
	int len;

	if (!nla)
		return NULL;
	len = nla_len(nla);
	s = nla_data(nla);
	if (len < 1 || s[len - 1] != '\0')
		return NULL;
	return s;
}

/**
 * cg_nl_attr_u32() - the value of a u32 attribute, checked
 * @nla: the attribute
 * @value: where to store it
 *
 * Return: true when @nla holds exactly 4 bytes.
 */
bool cg_nl_attr_u32(const struct nlattr *nla, __u32 *value)
{
	if (!nla || nla_len(nla) != sizeof(*value))
		return false;
	memcpy(value, nla_data(nla), sizeof(*value));
	return true;
}

/*
 * The events socket: a second socket, joined to the family's "events"
 * multicast group, read with plain recv() (notifications carry no sequence
 * number of ours).
 */
static struct nl_sock *nl_ev_sk;

/**
 * cg_nl_events_open() - join the events multicast group
 *
 * Return: the socket's file descriptor (for poll()), or CG_NL_EREPORTED.
 */
int cg_nl_events_open(void)
{
	struct nl_sock *sk;
	int rcvbuf, grp, err;

	if (nl_open())
		return CG_NL_EREPORTED;
	if (nl_rcvbuf_size(&rcvbuf) < 0)
		return CG_NL_EREPORTED;
	if (rcvbuf < NL_EVENTS_RCVBUF)
		rcvbuf = NL_EVENTS_RCVBUF;
	grp = genl_ctrl_resolve_grp(nls.sk, CGSCOPE_FAMILY_NAME,
				    CGSCOPE_MCGRP_EVENTS);
	if (grp < 0) {
		p_err("this cgscope module has no \"%s\" multicast group: %s",
		      CGSCOPE_MCGRP_EVENTS, nl_geterror(grp));
		return CG_NL_EREPORTED;
	}
	sk = nl_socket_alloc();
	if (!sk) {
		p_err("out of memory");
		return CG_NL_EREPORTED;
	}
	nl_socket_disable_seq_check(sk);
	err = genl_connect(sk);
	if (!err)
		err = nl_socket_set_buffer_size(sk, rcvbuf, 0);
	if (!err)
		err = nl_socket_add_membership(sk, grp);
	if (err) {
		if (err == -NLE_PERM)
			p_err("permission denied: listening to cgscope events needs CAP_NET_ADMIN in the initial user namespace");
		else
			p_err("cannot join the cgscope events group: %s",
			      nl_geterror(err));
		nl_socket_free(sk);
		return CG_NL_EREPORTED;
	}
	nl_ev_sk = sk;
	return nl_socket_get_fd(sk);
}

/**
 * cg_nl_events_recv() - read what has arrived on the events socket
 * @fn: called for each cgscope message
 * @arg: passed to @fn
 *
 * Return: 0; -ENOBUFS when the socket overflowed (events were lost; the
 * socket goes on); -EAGAIN when nothing was there; another negative errno;
 * or -1 when @fn failed.
 */
int cg_nl_events_recv(cg_nl_reply_fn fn, void *arg)
{
	static char buf[65536];
	struct nlmsghdr *nlh;
	ssize_t len;
	int n;

	len = recv(nl_socket_get_fd(nl_ev_sk), buf, sizeof(buf), MSG_DONTWAIT);
	if (len < 0)
		return -errno;
	n = (int)len;
	for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, n);
	     nlh = NLMSG_NEXT(nlh, n)) {
		if (nlh->nlmsg_type != nls.family)
			continue;
		if (fn(nlh, arg))
			return -1;
	}
	return 0;
}

/**
 * cg_nl_events_close() - leave the events group
 */
void cg_nl_events_close(void)
{
	if (nl_ev_sk)
		nl_socket_free(nl_ev_sk);
	nl_ev_sk = NULL;
}

/**
 * cg_nl_intr_seen() - whether a dump stayed inconsistent
 * @reset: forget it afterwards
 *
 * Return: true when, since the last reset, every attempt of some
 * cg_nl_dump() was interrupted by a change (NLM_F_DUMP_INTR), so its answer
 * may be inconsistent.
 */
bool cg_nl_intr_seen(bool reset)
{
	bool seen = nls.intr_seen;

	if (reset)
		nls.intr_seen = false;
	return seen;
}
