// SPDX-License-Identifier: GPL-2.0
/*
 * fake_kernel.so: an LD_PRELOAD stand-in for the cgscope module, so the CLI
 * can be run end to end where the module cannot be loaded.  TEST ONLY.
 *
 * A generic netlink socket (socket(AF_NETLINK, ..., NETLINK_GENERIC)) is
 * replaced by one end of an AF_UNIX datagram socket pair; requests written
 * to it are answered on the other end the way the kernel would: the genl
 * controller resolves "cgscope", and the cgscope commands answer from a
 * small fixed cgroup world.  Replies are packed a few messages per datagram
 * so a dump takes several recvmsg() calls.
 *
 * Knobs (environment):
 *	FAKE_NOFAMILY=1		the family is not registered
 *	FAKE_EPERM=1		every cgscope request fails with EPERM + extack
 *	FAKE_INTR=N		the first N dumps carry NLM_F_DUMP_INTR
 *	FAKE_DUMP_ERR=1		cgroup dumps end with -EIO (+ extack) in DONE
 *	FAKE_MALFORMED=1	hierarchy replies carry a 2-byte hierarchy id
 *	FAKE_ORPHAN=1		a cgroup whose parent is not in the dump
 *	FAKE_NO_EXTACK=1	never send extack TLVs
 *	FAKE_PER_DGRAM=N	messages per datagram (default 3)
 *	FAKE_LOG=FILE		append one line per cgscope request
 *	FAKE_NO_DEVCG=1		the device commands are unknown (an old module)
 *	FAKE_DEVCG_AS=ID	a device request for a cgroup is answered for
 *				cgroup ID of the fake world: of hierarchy 0
 *				when it names hierarchy 0, else of the
 *				devices hierarchy 3 (real directories have
 *				real ids and hierarchies)
 *	FAKE_DEVCG_MALFORMED=W	break device replies: W is tag (a 4-byte
 *				program tag), type (exception type 9), layer
 *				(check layer 9) or verdict (no ALLOWED)
 *	FAKE_NO_CGROUP_DO=1	a cgroup "do" request fails with ENOENT
 *	FAKE_MEMCG_V1=1		memcg replies are those of a v1 hierarchy
 *	FAKE_NO_GOODBYE=1	no goodbye after the events, and the module
 *				is there (/sys/module/cgscope): watch waits
 *
 * Events: CGSCOPE_CMD_EVENT_GET dumps a fixed list of events (the ring);
 * CGSCOPE_CMD_EVENT_ARM sends the same list, then a goodbye, to every
 * socket that joined the "events" group, as notifications.  Some of their
 * names hold escape sequences, as a comm or a cgroup name may.
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include <uapi/linux/cgscope.h>

#define FAMILY_ID	0x1c
#define EVENTS_GRP	0x2a
#define MAX_SOCKS	4

struct fake_sock {
	int fd;			/* what the program holds */
	int peer;		/* where the answers are written */
	__u32 port;
	bool ext_ack;
	bool cap_ack;
	bool member;		/* joined the events group */
	/* datagram being assembled */
	char *dgram;
	size_t dlen, dcap;
	int nmsgs;
};

static struct fake_sock socks[MAX_SOCKS];
static int dumps_done;

#define REAL(name) real_##name
static int (*REAL(socket))(int, int, int);
static int (*REAL(close))(int);
static ssize_t (*REAL(recvmsg))(int, struct msghdr *, int);
static int (*REAL(setsockopt))(int, int, int, const void *, socklen_t);

static void init_real(void)
{
	if (REAL(socket))
		return;
	REAL(socket) = dlsym(RTLD_NEXT, "socket");
	REAL(close) = dlsym(RTLD_NEXT, "close");
	REAL(recvmsg) = dlsym(RTLD_NEXT, "recvmsg");
	REAL(setsockopt) = dlsym(RTLD_NEXT, "setsockopt");
}

static int env_int(const char *name, int def)
{
	const char *v = getenv(name);

	return v && *v ? atoi(v) : def;
}

static struct fake_sock *find(int fd)
{
	int i;

	for (i = 0; i < MAX_SOCKS; i++)
		if (socks[i].fd == fd && socks[i].peer > 0)
			return &socks[i];
	return NULL;
}

static void flog(const char *fmt, ...)
{
	const char *path = getenv("FAKE_LOG");
	va_list ap;
	FILE *f;

	if (!path)
		return;
	f = fopen(path, "a");
	if (!f)
		return;
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fclose(f);
}

/* ---- datagram assembly ---- */

static void flush(struct fake_sock *s)
{
	if (!s->dlen)
		return;
	if (send(s->peer, s->dgram, s->dlen, 0) < 0)
		perror("fake_kernel: send");
	s->dlen = 0;
	s->nmsgs = 0;
}

static void queue_raw(struct fake_sock *s, const void *msg, size_t len)
{
	if (s->dlen + NLMSG_ALIGN(len) > s->dcap) {
		s->dcap = (s->dlen + NLMSG_ALIGN(len)) * 2;
		s->dgram = realloc(s->dgram, s->dcap);
	}
	memset(s->dgram + s->dlen, 0, NLMSG_ALIGN(len));
	memcpy(s->dgram + s->dlen, msg, len);
	s->dlen += NLMSG_ALIGN(len);
	if (++s->nmsgs >= env_int("FAKE_PER_DGRAM", 3))
		flush(s);
}

static void queue(struct fake_sock *s, struct nl_msg *m)
{
	queue_raw(s, nlmsg_hdr(m), nlmsg_hdr(m)->nlmsg_len);
	nlmsg_free(m);
}

/* Append an extack message TLV at @off in @buf; returns the new length. */
static size_t put_extack(char *buf, size_t off, const char *ext)
{
	struct nlattr *nla = (struct nlattr *)(buf + off);
	size_t slen = strlen(ext) + 1;

	nla->nla_type = NLMSGERR_ATTR_MSG;
	nla->nla_len = NLA_HDRLEN + slen;
	memset(buf + off + NLA_HDRLEN, 0, NLA_ALIGN(slen));
	memcpy(buf + off + NLA_HDRLEN, ext, slen);
	return off + NLA_ALIGN(nla->nla_len);
}

static void send_err(struct fake_sock *s, const struct nlmsghdr *req,
		     int err, const char *ext)
{
	char buf[8192] = { 0 };
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct nlmsgerr *e = NLMSG_DATA(nlh);
	size_t echo = s->cap_ack ? sizeof(*req) : req->nlmsg_len;
	size_t len;

	len = NLMSG_ALIGN(NLMSG_HDRLEN + sizeof(int) + echo);
	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_seq = req->nlmsg_seq;
	nlh->nlmsg_pid = s->port;
	if (s->cap_ack)
		nlh->nlmsg_flags |= NLM_F_CAPPED;
	e->error = err;
	memcpy(&e->msg, req, echo);
	if (ext && s->ext_ack && !getenv("FAKE_NO_EXTACK")) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		len = put_extack(buf, len, ext);
	}
	nlh->nlmsg_len = len;
	flush(s);
	queue_raw(s, buf, len);
	flush(s);
}

static void send_done(struct fake_sock *s, const struct nlmsghdr *req,
		      int err, const char *ext)
{
	char buf[1024] = { 0 };
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	size_t len = NLMSG_ALIGN(NLMSG_HDRLEN + sizeof(int));

	nlh->nlmsg_type = NLMSG_DONE;
	nlh->nlmsg_flags = NLM_F_MULTI;
	nlh->nlmsg_seq = req->nlmsg_seq;
	nlh->nlmsg_pid = s->port;
	memcpy(NLMSG_DATA(nlh), &err, sizeof(err));
	if (ext && s->ext_ack) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		len = put_extack(buf, len, ext);
	}
	nlh->nlmsg_len = len;
	queue_raw(s, buf, len);
	flush(s);
}

static struct nl_msg *reply(struct fake_sock *s, const struct nlmsghdr *req,
			    __u16 type, __u8 cmd)
{
	struct nl_msg *m = nlmsg_alloc_size(32768);
	int flags = (req->nlmsg_flags & NLM_F_DUMP) ? NLM_F_MULTI : 0;

	genlmsg_put(m, s->port, req->nlmsg_seq, type, 0, flags, cmd, 1);
	return m;
}

/* ---- the genl controller ---- */

static void ctrl_request(struct fake_sock *s, struct nlmsghdr *req)
{
	struct nlattr *tb[CTRL_ATTR_MAX + 1];
	struct nlattr *grps, *grp;
	struct nl_msg *m;
	const char *name = NULL;

	if (genlmsg_parse(req, 0, tb, CTRL_ATTR_MAX, NULL) == 0 &&
	    tb[CTRL_ATTR_FAMILY_NAME])
		name = nla_get_string(tb[CTRL_ATTR_FAMILY_NAME]);
	if (!name || strcmp(name, CGSCOPE_FAMILY_NAME) ||
	    getenv("FAKE_NOFAMILY")) {
		send_err(s, req, -ENOENT, NULL);
		return;
	}
	m = reply(s, req, GENL_ID_CTRL, CTRL_CMD_NEWFAMILY);
	nla_put_u16(m, CTRL_ATTR_FAMILY_ID, FAMILY_ID);
	nla_put_string(m, CTRL_ATTR_FAMILY_NAME, CGSCOPE_FAMILY_NAME);
	nla_put_u32(m, CTRL_ATTR_VERSION, CGSCOPE_FAMILY_VERSION);
	nla_put_u32(m, CTRL_ATTR_HDRSIZE, 0);
	nla_put_u32(m, CTRL_ATTR_MAXATTR, CGSCOPE_A_CGROUP_MAX);
	grps = nla_nest_start(m, CTRL_ATTR_MCAST_GROUPS);
	grp = nla_nest_start(m, 1);
	nla_put_string(m, CTRL_ATTR_MCAST_GRP_NAME, CGSCOPE_MCGRP_EVENTS);
	nla_put_u32(m, CTRL_ATTR_MCAST_GRP_ID, EVENTS_GRP);
	nla_nest_end(m, grp);
	nla_nest_end(m, grps);
	queue(s, m);
	flush(s);
	if (req->nlmsg_flags & NLM_F_ACK)
		send_err(s, req, 0, NULL);
}

/* ---- the fake cgroup world ---- */

#define CSET_INIT	0xdeadbeefcafef00dULL	/* > 2^53 on purpose */
#define CSET_SSH	0x0000000000000b0bULL
#define CSET_BASH	0x00000000000ba5e0ULL
#define CSET_WORK	0x7777000000000001ULL
#define CSET_DEAD	0x00000000000dead0ULL
#define CSET_THR	0x0000000000007472ULL

struct fake_root {
	__u32 id;
	const char *name;
	const char *ctrls[6];
	__u32 nr;
	bool dfl;
};

static const struct fake_root roots[] = {
	{ 3, "", { "devices" }, 3, false },
	{ 0, "", { "cpuset", "cpu", "io", "memory", "pids" }, 7, true },
	{ 1, "systemd", { NULL }, 2, false },
	{ 4, "", { "net_cls", "net_prio" }, 1, false },
};

struct fake_cgroup {
	__u32 hier;
	__u64 id;
	__u64 parent;	/* 0: none */
	__u32 level;
	const char *path;
	__u32 nr_tasks;
	const char *ctrls[6];
	const char *subtree[6];
	__u32 type;
	bool dying;
};

/* In dump order: parents before children, siblings in any order. */
static const struct fake_cgroup cgroups[] = {
	{ 3, 1, 0, 0, "/", 1, { "devices" }, { NULL }, 0, false },
	{ 3, 7, 1, 1, "/docker", 0, { "devices" }, { NULL }, 0, false },
	{ 3, 8, 7, 2, "/docker/abc", 2, { "devices" }, { NULL }, 0, false },
	{ 0, 1, 0, 0, "/", 1, { "cpuset", "cpu", "io", "memory", "pids" },
	  { "cpu", "memory", "pids" }, 1, false },
	{ 0, 11, 1, 1, "/user.slice", 0, { "cpu", "memory", "pids" },
	  { "memory" }, 1, false },
	{ 0, 10, 1, 1, "/system.slice", 0, { "cpu", "memory", "pids" },
	  { "pids" }, 1, false },
	{ 0, 21, 10, 2, "/system.slice/cron.service", 0, { "pids" },
	  { NULL }, 1, true },
	{ 0, 30, 11, 2, "/user.slice/user-1000.slice", 17, { "memory" },
	  { NULL }, 2, false },
	{ 0, 20, 10, 2, "/system.slice/ssh.service", 2, { "pids" },
	  { NULL }, 1, false },
	{ 0, 31, 30, 3, "/user.slice/user-1000.slice/t", 1, { NULL },
	  { NULL }, 4, false },
	{ 1, 1, 0, 0, "/", 1, { NULL }, { NULL }, 0, false },
	{ 1, 5, 1, 1, "/user.slice", 20, { NULL }, { NULL }, 0, false },
	{ 4, 1, 0, 0, "/", 21, { "net_cls", "net_prio" }, { NULL }, 0, false },
};

static const struct fake_cgroup orphan = {
	0, 99, 98, 2, "/lost/child", 0, { NULL }, { NULL }, 1, false
};

struct fake_task {
	__u32 pid, tgid;
	const char *comm;
	__u64 cset;
};

static const struct fake_task tasks[] = {
	{ 1, 1, "systemd", CSET_INIT },
	{ 812, 812, "sshd", CSET_SSH },
	{ 813, 812, "sshd", CSET_SSH },
	{ 1000, 1000, "bash", CSET_BASH },
	{ 1001, 1001, "we\"ird\tn\\me", CSET_BASH },
	{ 1002, 1000, "bash-thr", CSET_THR },
	{ 2000, 2000, "worker", CSET_WORK }, { 2001, 2000, "worker", CSET_WORK },
	{ 2002, 2000, "worker", CSET_WORK }, { 2003, 2000, "worker", CSET_WORK },
	{ 2004, 2000, "worker", CSET_WORK }, { 2005, 2000, "worker", CSET_WORK },
	{ 2006, 2000, "worker", CSET_WORK }, { 2007, 2000, "worker", CSET_WORK },
	{ 2008, 2000, "worker", CSET_WORK }, { 2009, 2000, "worker", CSET_WORK },
	{ 2010, 2000, "worker", CSET_WORK }, { 2011, 2000, "worker", CSET_WORK },
	{ 2012, 2000, "worker", CSET_WORK }, { 2013, 2000, "worker", CSET_WORK },
	{ 2014, 2000, "worker", CSET_WORK },
};

#define NR(a)	(sizeof(a) / sizeof((a)[0]))

/* The cgroup of a css_set on each hierarchy: {hier, id, path}. */
struct fake_link {
	__u32 hier;
	__u64 id;
	const char *path;
};

static int cset_links(__u64 cset, struct fake_link *l)
{
	int n = 0;

	l[n++] = (struct fake_link){ 1, 1, "/" };
	l[n++] = (struct fake_link){ 4, 1, "/" };
	switch (cset) {
	case CSET_SSH:
		l[n++] = (struct fake_link){ 0, 20, "/system.slice/ssh.service" };
		l[n++] = (struct fake_link){ 3, 1, "/" };
		break;
	case CSET_BASH:
	case CSET_WORK:
		l[n++] = (struct fake_link){ 0, 30, "/user.slice/user-1000.slice" };
		l[n++] = (struct fake_link){ 3, 8, "/docker/abc" };
		l[0] = (struct fake_link){ 1, 5, "/user.slice" };
		break;
	case CSET_THR:
		l[n++] = (struct fake_link){ 0, 31, "/user.slice/user-1000.slice/t" };
		l[n++] = (struct fake_link){ 3, 8, "/docker/abc" };
		l[0] = (struct fake_link){ 1, 5, "/user.slice" };
		break;
	default:
		l[n++] = (struct fake_link){ 0, 1, "/" };
		l[n++] = (struct fake_link){ 3, 1, "/" };
	}
	return n;
}

static bool intr_this_dump(void)
{
	return dumps_done++ < env_int("FAKE_INTR", 0);
}

static void put_info(struct fake_sock *s, struct nlmsghdr *req)
{
	struct nl_msg *m = reply(s, req, FAMILY_ID, CGSCOPE_CMD_INFO_GET);

	nla_put_string(m, CGSCOPE_A_INFO_VERSION, "0.1-fake");
	nla_put_string(m, CGSCOPE_A_INFO_KERNEL_RELEASE, "6.12.0-fake");
	nla_put_u64(m, CGSCOPE_A_INFO_FEATURES,
		    CGSCOPE_FEATURE_DEVCG_V1 | CGSCOPE_FEATURE_CGROUP_BPF |
		    CGSCOPE_FEATURE_MEMCG | CGSCOPE_FEATURE_CGROUP_NS |
		    (1ULL << 40));
	nla_put_u64(m, CGSCOPE_A_INFO_INIT_CSET_ID, CSET_INIT);
	nla_put_u32(m, CGSCOPE_A_INFO_NR_HIERARCHIES, NR(roots));
	nla_put_u32(m, CGSCOPE_A_INFO_GENERATION, 42);
	queue(s, m);
	flush(s);
}

static void dump_roots(struct fake_sock *s, struct nlmsghdr *req)
{
	bool intr = intr_this_dump();
	size_t i, j;

	for (i = 0; i < NR(roots); i++) {
		struct nl_msg *m = reply(s, req, FAMILY_ID,
					 CGSCOPE_CMD_ROOT_GET);

		if (intr && i == 1)
			nlmsg_hdr(m)->nlmsg_flags |= NLM_F_DUMP_INTR;
		if (getenv("FAKE_MALFORMED"))
			nla_put(m, CGSCOPE_A_ROOT_HIERARCHY_ID, 2, "\0\0");
		else
			nla_put_u32(m, CGSCOPE_A_ROOT_HIERARCHY_ID,
				    roots[i].id);
		nla_put_string(m, CGSCOPE_A_ROOT_NAME, roots[i].name);
		nla_put_u32(m, CGSCOPE_A_ROOT_FLAGS, roots[i].dfl ? 0x14 : 0);
		for (j = 0; roots[i].ctrls[j]; j++)
			nla_put_string(m, CGSCOPE_A_ROOT_CONTROLLER,
				       roots[i].ctrls[j]);
		nla_put_u32(m, CGSCOPE_A_ROOT_NR_CGROUPS, roots[i].nr);
		if (roots[i].dfl)
			nla_put_flag(m, CGSCOPE_A_ROOT_DEFAULT);
		nla_put_u64(m, CGSCOPE_A_ROOT_CGROUP_ID, 1);
		queue(s, m);
	}
	send_done(s, req, 0, NULL);
}

static void put_cgroup(struct fake_sock *s, struct nlmsghdr *req,
		       const struct fake_cgroup *c, bool intr)
{
	struct nl_msg *m = reply(s, req, FAMILY_ID, CGSCOPE_CMD_CGROUP_GET);
	struct nlattr *nest;
	size_t j;

	if (intr)
		nlmsg_hdr(m)->nlmsg_flags |= NLM_F_DUMP_INTR;
	nla_put_u64(m, CGSCOPE_A_CGROUP_ID, c->id);
	nla_put_u32(m, CGSCOPE_A_CGROUP_HIERARCHY_ID, c->hier);
	if (c->parent)
		nla_put_u64(m, CGSCOPE_A_CGROUP_PARENT_ID, c->parent);
	nla_put_u32(m, CGSCOPE_A_CGROUP_LEVEL, c->level);
	nla_put_string(m, CGSCOPE_A_CGROUP_PATH, c->path);
	nla_put_u8(m, CGSCOPE_A_CGROUP_POPULATED, c->nr_tasks > 0);
	nla_put_u32(m, CGSCOPE_A_CGROUP_NR_TASKS, c->nr_tasks);
	for (j = 0; c->ctrls[j]; j++) {
		nla_put_string(m, CGSCOPE_A_CGROUP_CONTROLLER, c->ctrls[j]);
		nest = nla_nest_start(m, CGSCOPE_A_CGROUP_CSS);
		nla_put_string(m, CGSCOPE_A_CSS_CONTROLLER, c->ctrls[j]);
		nla_put_u32(m, CGSCOPE_A_CSS_ID, (__u32)(c->id * 10 + j));
		if (!c->dying)
			nla_put_flag(m, CGSCOPE_A_CSS_ONLINE);
		else
			nla_put_flag(m, CGSCOPE_A_CSS_DYING);
		nla_nest_end(m, nest);
	}
	for (j = 0; c->subtree[j]; j++) {
		nla_put_string(m, CGSCOPE_A_CGROUP_SUBTREE_CONTROL,
			       c->subtree[j]);
		nla_put_string(m, CGSCOPE_A_CGROUP_SUBTREE_EFFECTIVE,
			       c->subtree[j]);
	}
	nla_put_u32(m, CGSCOPE_A_CGROUP_NR_DESCENDANTS, c->parent ? 0 : 5);
	nla_put_u32(m, CGSCOPE_A_CGROUP_NR_DYING_DESCENDANTS,
		    c->parent ? 0 : 1);
	if (c->type)
		nla_put_u32(m, CGSCOPE_A_CGROUP_TYPE, c->type);
	if (c->dying)
		nla_put_flag(m, CGSCOPE_A_CGROUP_DYING);
	queue(s, m);
}

static bool in_subtree(const struct fake_cgroup *c, __u32 hier,
		       __u64 top)
{
	__u64 id = c->id;
	size_t i;

	while (id) {
		if (id == top)
			return true;
		for (i = 0; i < NR(cgroups); i++)
			if (cgroups[i].hier == hier && cgroups[i].id == id)
				break;
		if (i == NR(cgroups))
			return false;
		id = cgroups[i].parent;
	}
	return false;
}

static void dump_cgroups(struct fake_sock *s, struct nlmsghdr *req,
			 struct nlattr **tb)
{
	bool has_hier = tb[CGSCOPE_A_CGROUP_HIERARCHY_ID];
	bool has_id = tb[CGSCOPE_A_CGROUP_ID];
	__u32 hier = has_hier ?
		nla_get_u32(tb[CGSCOPE_A_CGROUP_HIERARCHY_ID]) : 0;
	__u64 id = has_id ? nla_get_u64(tb[CGSCOPE_A_CGROUP_ID]) : 0;
	bool intr = intr_this_dump();
	int sent = 0;
	size_t i;

	if (has_id && !has_hier) {
		send_err(s, req, -EINVAL, "a cgroup id needs a hierarchy id");
		return;
	}
	if (has_hier) {
		for (i = 0; i < NR(roots); i++)
			if (roots[i].id == hier)
				break;
		if (i == NR(roots)) {
			send_err(s, req, -ENOENT, "no hierarchy with this id");
			return;
		}
	}
	if (has_id) {
		for (i = 0; i < NR(cgroups); i++)
			if (cgroups[i].hier == hier && cgroups[i].id == id)
				break;
		if (i == NR(cgroups)) {
			send_err(s, req, -ENOENT, "no cgroup with this id");
			return;
		}
	}
	for (i = 0; i < NR(cgroups); i++) {
		const struct fake_cgroup *c = &cgroups[i];

		if (has_hier && c->hier != hier)
			continue;
		if (has_id && !in_subtree(c, hier, id))
			continue;
		put_cgroup(s, req, c, intr && sent == 2);
		sent++;
	}
	if (getenv("FAKE_ORPHAN") && (!has_hier || hier == 0) && !has_id)
		put_cgroup(s, req, &orphan, false);
	if (getenv("FAKE_DUMP_ERR"))
		send_done(s, req, -EIO, "cgroup walk failed");
	else
		send_done(s, req, 0, NULL);
}

static void dump_csets(struct fake_sock *s, struct nlmsghdr *req)
{
	static const __u64 ids[] = {
		CSET_INIT, CSET_SSH, CSET_BASH, CSET_WORK, CSET_DEAD, CSET_THR
	};
	bool intr = intr_this_dump();
	struct fake_link l[8];
	size_t i, j, shown;
	int n, k;

	for (i = 0; i < NR(ids); i++) {
		struct nl_msg *m = reply(s, req, FAMILY_ID,
					 CGSCOPE_CMD_CSET_GET);
		struct nlattr *nest;
		__u32 nr = 0;

		if (intr && i == 3)
			nlmsg_hdr(m)->nlmsg_flags |= NLM_F_DUMP_INTR;
		for (j = 0; j < NR(tasks); j++)
			nr += tasks[j].cset == ids[i];
		nla_put_u64(m, CGSCOPE_A_CSET_ID, ids[i]);
		nla_put_u32(m, CGSCOPE_A_CSET_REFCOUNT, nr + 1);
		nla_put_u32(m, CGSCOPE_A_CSET_NR_TASKS, nr);
		if (ids[i] == CSET_DEAD)
			nla_put_flag(m, CGSCOPE_A_CSET_DEAD);
		if (ids[i] == CSET_INIT)
			nla_put_flag(m, CGSCOPE_A_CSET_INIT);
		nla_put_u64(m, CGSCOPE_A_CSET_DOM_CSET_ID,
			    ids[i] == CSET_THR ? CSET_BASH : ids[i]);
		n = cset_links(ids[i], l);
		for (k = 0; k < n; k++) {
			nest = nla_nest_start(m, CGSCOPE_A_CSET_LINK);
			nla_put_u32(m, CGSCOPE_A_LINK_HIERARCHY_ID, l[k].hier);
			nla_put_u64(m, CGSCOPE_A_LINK_CGROUP_ID, l[k].id);
			nla_put_string(m, CGSCOPE_A_LINK_PATH, l[k].path);
			nla_nest_end(m, nest);
		}
		nest = nla_nest_start(m, CGSCOPE_A_CSET_SUBSYS);
		nla_put_string(m, CGSCOPE_A_SUBSYS_CONTROLLER, "devices");
		nla_put_u32(m, CGSCOPE_A_SUBSYS_HIERARCHY_ID, 3);
		nla_put_u64(m, CGSCOPE_A_SUBSYS_CGROUP_ID, 1);
		nla_put_u32(m, CGSCOPE_A_SUBSYS_CSS_ID, 1);
		nla_nest_end(m, nest);
		/* At most 8 pids, in reverse, like a bounded kernel list. */
		shown = 0;
		for (j = NR(tasks); j-- > 0;) {
			if (tasks[j].cset != ids[i])
				continue;
			if (shown == 8) {
				nla_put_flag(m, CGSCOPE_A_CSET_TASKS_TRUNCATED);
				break;
			}
			nla_put_u32(m, CGSCOPE_A_CSET_TASK, tasks[j].pid);
			shown++;
		}
		queue(s, m);
	}
	send_done(s, req, 0, NULL);
}

static void put_task(struct fake_sock *s, struct nlmsghdr *req,
		     const struct fake_task *t, bool intr)
{
	struct nl_msg *m = reply(s, req, FAMILY_ID, CGSCOPE_CMD_TASK_GET);
	struct fake_link l[8];
	struct nlattr *nest;
	int n, k;

	if (intr)
		nlmsg_hdr(m)->nlmsg_flags |= NLM_F_DUMP_INTR;
	nla_put_u32(m, CGSCOPE_A_TASK_PID, t->pid);
	nla_put_u32(m, CGSCOPE_A_TASK_TGID, t->tgid);
	nla_put_string(m, CGSCOPE_A_TASK_COMM, t->comm);
	nla_put_u64(m, CGSCOPE_A_TASK_CSET_ID, t->cset);
	n = cset_links(t->cset, l);
	for (k = 0; k < n; k++) {
		nest = nla_nest_start(m, CGSCOPE_A_TASK_CGROUP);
		nla_put_u32(m, CGSCOPE_A_TASK_CGROUP_HIERARCHY_ID, l[k].hier);
		nla_put_u64(m, CGSCOPE_A_TASK_CGROUP_ID, l[k].id);
		nla_put_string(m, CGSCOPE_A_TASK_CGROUP_PATH, l[k].path);
		nla_put_string(m, CGSCOPE_A_TASK_CGROUP_NS_PATH,
			       l[k].hier == 3 && l[k].id == 8 ? "/" : l[k].path);
		nla_nest_end(m, nest);
	}
	queue(s, m);
}

static void task_request(struct fake_sock *s, struct nlmsghdr *req,
			 struct nlattr **tb)
{
	bool intr;
	__u32 pid;
	size_t i;

	if (req->nlmsg_flags & NLM_F_DUMP) {
		intr = intr_this_dump();
		for (i = 0; i < NR(tasks); i++)
			put_task(s, req, &tasks[i], intr && i == 5);
		send_done(s, req, 0, NULL);
		return;
	}
	if (!tb[CGSCOPE_A_TASK_PID]) {
		send_err(s, req, -EINVAL, "missing pid");
		return;
	}
	pid = nla_get_u32(tb[CGSCOPE_A_TASK_PID]);
	for (i = 0; i < NR(tasks); i++) {
		if (tasks[i].pid == pid) {
			put_task(s, req, &tasks[i], false);
			flush(s);
			return;
		}
	}
	send_err(s, req, -ENOENT, "no task with this pid");
}

/* ---- the device controller ---- */

#define ANY	CGSCOPE_DEV_WILDCARD
#define ACC_R	CGSCOPE_ACC_READ
#define ACC_W	CGSCOPE_ACC_WRITE
#define ACC_M	CGSCOPE_ACC_MKNOD
#define DEV_B	CGSCOPE_DEV_BLOCK
#define DEV_C	CGSCOPE_DEV_CHAR
#define DEV_A	CGSCOPE_DEV_ALL

struct fake_exc {
	__u8 type;
	__u32 major, minor;
	__u8 access;
};

/* The v1 device cgroups: the cgroups of hierarchy 3, in list order. */
struct fake_devcg {
	__u64 id;
	__u32 behavior;
	struct fake_exc exc[6];
	int nr;
};

static const struct fake_devcg devcgs[] = {
	{ 1, CGSCOPE_DEVCG_DEFAULT_ALLOW, { { 0 } }, 0 },
	/* default allow: what devices.list does not show */
	{ 7, CGSCOPE_DEVCG_DEFAULT_ALLOW,
	  { { DEV_C, 1, 3, ACC_R | ACC_W }, { DEV_B, 8, ANY, ACC_M } }, 2 },
	{ 8, CGSCOPE_DEVCG_DEFAULT_DENY,
	  { { DEV_C, ANY, ANY, ACC_M }, { DEV_B, ANY, ANY, ACC_M },
	    { DEV_C, 1, 3, ACC_R | ACC_W | ACC_M }, { DEV_C, 1, 5, ACC_R },
	    { DEV_C, 136, ANY, ACC_R | ACC_W } }, 5 },
};

/* v2 device programs; each denies what its deny_* fields match. */
struct fake_prog {
	__u32 id;
	const char *name;
	__u8 tag[8];
	__u64 at;		/* v2 cgroup it is attached to */
	__u32 flags;
	struct fake_exc deny;
};

static const struct fake_prog progs[] = {
	{ 17, "dev_allow", { 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef },
	  11, 2, { DEV_C, 1, 11, ACC_W } },
	{ 23, "", { 0xff, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x0a },
	  31, 0, { DEV_B, ANY, ANY, ACC_R | ACC_W | ACC_M } },
};

static const struct fake_cgroup *find_cgroup(__u32 hier, __u64 id)
{
	size_t i;

	for (i = 0; i < NR(cgroups); i++)
		if (cgroups[i].hier == hier && cgroups[i].id == id)
			return &cgroups[i];
	return NULL;
}

static const struct fake_devcg *find_devcg(__u64 id)
{
	size_t i;

	for (i = 0; i < NR(devcgs); i++)
		if (devcgs[i].id == id)
			return &devcgs[i];
	return NULL;
}

/* The effective programs of v2 cgroup @c: its own first, then upwards. */
static int effective_progs(const struct fake_cgroup *c,
			   const struct fake_prog **out)
{
	int n = 0;
	size_t i;

	while (c) {
		for (i = 0; i < NR(progs); i++)
			if (progs[i].at == c->id)
				out[n++] = &progs[i];
		c = c->parent ? find_cgroup(0, c->parent) : NULL;
	}
	return n;
}

/* match_exception() and match_exception_partial() of device_cgroup.c */
static bool exc_match(const struct fake_exc *ex, __u8 type, __u32 major,
		      __u32 minor, __u8 access, bool partial)
{
	if ((type & DEV_B) && !(ex->type & DEV_B))
		return false;
	if ((type & DEV_C) && !(ex->type & DEV_C))
		return false;
	if (ex->major != ANY && ex->major != major)
		return false;
	if (ex->minor != ANY && ex->minor != minor)
		return false;
	return partial ? !!(access & ex->access) : !(access & ~ex->access);
}

struct fake_target {
	const struct fake_cgroup *dev;	/* v1 devices cgroup */
	const struct fake_cgroup *v2;
};

/* As the module: a task (@a_pid) or a cgroup (@a_hier, @a_id). */
static int devcg_target(struct fake_sock *s, struct nlmsghdr *req,
			struct nlattr **tb, int a_pid, int a_hier, int a_id,
			struct fake_target *t)
{
	const char *as = getenv("FAKE_DEVCG_AS");
	struct fake_link l[8];
	__u32 hier, pid;
	__u64 id;
	size_t i;
	int n, k;

	memset(t, 0, sizeof(*t));
	if (!!tb[a_pid] == !!(tb[a_hier] || tb[a_id])) {
		send_err(s, req, -EINVAL,
			 "name a task (pid) or a cgroup (hierarchy and cgroup id), not both");
		return -1;
	}
	if (tb[a_pid]) {
		pid = nla_get_u32(tb[a_pid]);
		for (i = 0; i < NR(tasks); i++)
			if (tasks[i].pid == pid)
				break;
		if (i == NR(tasks)) {
			send_err(s, req, -ESRCH, "no such task");
			return -1;
		}
		n = cset_links(tasks[i].cset, l);
		for (k = 0; k < n; k++) {
			if (l[k].hier == 3)
				t->dev = find_cgroup(3, l[k].id);
			else if (l[k].hier == 0)
				t->v2 = find_cgroup(0, l[k].id);
		}
		return 0;
	}
	if (!tb[a_hier] || !tb[a_id]) {
		send_err(s, req, -EINVAL,
			 "a cgroup needs both its hierarchy and its id");
		return -1;
	}
	hier = nla_get_u32(tb[a_hier]);
	id = nla_get_u64(tb[a_id]);
	if (as && *as) {
		id = strtoull(as, NULL, 10);
		if (hier)
			hier = 3;
	}
	for (i = 0; i < NR(roots); i++)
		if (roots[i].id == hier)
			break;
	if (i == NR(roots)) {
		send_err(s, req, -ENOENT, "no such hierarchy");
		return -1;
	}
	if (!find_cgroup(hier, id)) {
		send_err(s, req, -ENOENT, "no such cgroup in this hierarchy");
		return -1;
	}
	if (hier == 3) {
		t->dev = find_cgroup(hier, id);
	} else if (hier == 0) {
		t->v2 = find_cgroup(hier, id);
	} else {
		send_err(s, req, -EINVAL,
			 "this hierarchy has no devices controller: name a devices or a v2 cgroup");
		return -1;
	}
	return 0;
}

static bool malformed(const char *what)
{
	const char *v = getenv("FAKE_DEVCG_MALFORMED");

	return v && !strcmp(v, what);
}

static void put_exc(struct nl_msg *m, int attrtype, const struct fake_exc *e)
{
	struct nlattr *nest = nla_nest_start(m, attrtype);

	nla_put_u8(m, CGSCOPE_A_EXC_TYPE, malformed("type") ? 9 : e->type);
	nla_put_u32(m, CGSCOPE_A_EXC_MAJOR, e->major);
	nla_put_u32(m, CGSCOPE_A_EXC_MINOR, e->minor);
	nla_put_u8(m, CGSCOPE_A_EXC_ACCESS, e->access);
	nla_nest_end(m, nest);
}

static void devcg_get(struct fake_sock *s, struct nlmsghdr *req)
{
	struct nlattr *tb[CGSCOPE_A_DEVCG_MAX + 1];
	const struct fake_prog *eff[8];
	const struct fake_devcg *d;
	struct fake_target t;
	struct nlattr *nest;
	struct nl_msg *m;
	int i, n;

	if (genlmsg_parse(req, 0, tb, CGSCOPE_A_DEVCG_MAX, NULL) < 0) {
		send_err(s, req, -EINVAL, "bad attributes");
		return;
	}
	if (devcg_target(s, req, tb, CGSCOPE_A_DEVCG_PID,
			 CGSCOPE_A_DEVCG_HIERARCHY_ID,
			 CGSCOPE_A_DEVCG_CGROUP_ID, &t))
		return;
	m = reply(s, req, FAMILY_ID, CGSCOPE_CMD_DEVCG_GET);
	if (t.dev) {
		d = find_devcg(t.dev->id);
		nla_put_u32(m, CGSCOPE_A_DEVCG_HIERARCHY_ID, 3);
		nla_put_u32(m, CGSCOPE_A_DEVCG_BEHAVIOR, d->behavior);
		nla_put_u64(m, CGSCOPE_A_DEVCG_CGROUP_ID, t.dev->id);
		nla_put_string(m, CGSCOPE_A_DEVCG_PATH, t.dev->path);
		for (i = 0; i < d->nr; i++)
			put_exc(m, CGSCOPE_A_DEVCG_EXCEPTION, &d->exc[i]);
	}
	if (t.v2) {
		nla_put_u64(m, CGSCOPE_A_DEVCG_V2_CGROUP_ID, t.v2->id);
		nla_put_string(m, CGSCOPE_A_DEVCG_V2_PATH, t.v2->path);
		n = effective_progs(t.v2, eff);
		for (i = 0; i < n; i++) {
			nest = nla_nest_start(m, CGSCOPE_A_DEVCG_PROG);
			nla_put_u32(m, CGSCOPE_A_PROG_ID, eff[i]->id);
			nla_put_string(m, CGSCOPE_A_PROG_NAME, eff[i]->name);
			nla_put(m, CGSCOPE_A_PROG_TAG,
				malformed("tag") ? 4 : 8, eff[i]->tag);
			nla_put_u32(m, CGSCOPE_A_PROG_ATTACH_FLAGS,
				    eff[i]->flags);
			nla_put_u64(m, CGSCOPE_A_PROG_ATTACHED_AT, eff[i]->at);
			if (eff[i]->at != t.v2->id)
				nla_put_flag(m, CGSCOPE_A_PROG_INHERITED);
			nla_nest_end(m, nest);
		}
	}
	queue(s, m);
	flush(s);
}

static void devcg_check(struct fake_sock *s, struct nlmsghdr *req)
{
	struct nlattr *tb[CGSCOPE_A_CHECK_MAX + 1];
	const struct fake_prog *eff[8];
	const struct fake_devcg *d;
	const struct fake_exc *rule = NULL;
	bool bpf_denied = false, allowed = true, unrestricted = true;
	__u32 deny_prog = 0, nr_progs = 0, minor, major, layer;
	struct fake_target t;
	struct nl_msg *m;
	__u8 type, access;
	int i, n;

	if (genlmsg_parse(req, 0, tb, CGSCOPE_A_CHECK_MAX, NULL) < 0) {
		send_err(s, req, -EINVAL, "bad attributes");
		return;
	}
	if (!tb[CGSCOPE_A_CHECK_TYPE] || !tb[CGSCOPE_A_CHECK_MAJOR] ||
	    !tb[CGSCOPE_A_CHECK_MINOR] || !tb[CGSCOPE_A_CHECK_ACCESS]) {
		send_err(s, req, -EINVAL, "missing device or access");
		return;
	}
	type = nla_get_u8(tb[CGSCOPE_A_CHECK_TYPE]);
	major = nla_get_u32(tb[CGSCOPE_A_CHECK_MAJOR]);
	minor = nla_get_u32(tb[CGSCOPE_A_CHECK_MINOR]);
	access = nla_get_u8(tb[CGSCOPE_A_CHECK_ACCESS]);
	if ((type != DEV_B && type != DEV_C) || !access || access > 7) {
		send_err(s, req, -ERANGE, "bad device type or access");
		return;
	}
	if (devcg_target(s, req, tb, CGSCOPE_A_CHECK_PID,
			 CGSCOPE_A_CHECK_HIERARCHY_ID,
			 CGSCOPE_A_CHECK_CGROUP_ID, &t))
		return;

	/* As devcgroup_check_permission(): the programs, then the list. */
	n = t.v2 ? effective_progs(t.v2, eff) : 0;
	for (i = 0; i < n; i++) {
		nr_progs++;
		if (exc_match(&eff[i]->deny, type, major, minor, access,
			      true) && !bpf_denied) {
			bpf_denied = true;
			deny_prog = eff[i]->id;
		}
	}
	d = t.dev ? find_devcg(t.dev->id) : NULL;
	if (d && !bpf_denied) {
		bool allow = d->behavior == CGSCOPE_DEVCG_DEFAULT_ALLOW;

		for (i = 0; i < d->nr && !rule; i++)
			if (exc_match(&d->exc[i], type, major, minor, access,
				      allow))
				rule = &d->exc[i];
		allowed = allow ? !rule : !!rule;
		unrestricted = !t.dev->parent && !d->nr && allow;
	}
	if (bpf_denied)
		layer = CGSCOPE_LAYER_BPF;
	else if (unrestricted)
		layer = CGSCOPE_LAYER_NONE;
	else
		layer = CGSCOPE_LAYER_V1;
	if (malformed("layer"))
		layer = 9;

	m = reply(s, req, FAMILY_ID, CGSCOPE_CMD_DEVCG_CHECK);
	if (!malformed("verdict"))
		nla_put_u8(m, CGSCOPE_A_CHECK_ALLOWED, !bpf_denied && allowed);
	nla_put_u32(m, CGSCOPE_A_CHECK_LAYER, layer);
	nla_put_u32(m, CGSCOPE_A_CHECK_NR_PROGS, nr_progs);
	if (deny_prog)
		nla_put_u32(m, CGSCOPE_A_CHECK_PROG_ID, deny_prog);
	if (d && !bpf_denied) {
		nla_put_u32(m, CGSCOPE_A_CHECK_BEHAVIOR, d->behavior);
		if (rule)
			put_exc(m, CGSCOPE_A_CHECK_RULE, rule);
	}
	if (t.dev) {
		nla_put_u64(m, CGSCOPE_A_CHECK_DEVCG_CGROUP_ID, t.dev->id);
		nla_put_string(m, CGSCOPE_A_CHECK_DEVCG_PATH, t.dev->path);
	}
	if (t.v2) {
		nla_put_u64(m, CGSCOPE_A_CHECK_V2_CGROUP_ID, t.v2->id);
		nla_put_string(m, CGSCOPE_A_CHECK_V2_PATH, t.v2->path);
	}
	queue(s, m);
	flush(s);
}

/* CGSCOPE_CMD_CGROUP_GET as a do: one cgroup by (hierarchy, id). */
static void get_cgroup(struct fake_sock *s, struct nlmsghdr *req,
		       struct nlattr **tb)
{
	const struct fake_cgroup *c;

	if (!tb[CGSCOPE_A_CGROUP_HIERARCHY_ID] || !tb[CGSCOPE_A_CGROUP_ID]) {
		send_err(s, req, -EINVAL, "a cgroup needs a hierarchy and an id");
		return;
	}
	c = find_cgroup(nla_get_u32(tb[CGSCOPE_A_CGROUP_HIERARCHY_ID]),
			nla_get_u64(tb[CGSCOPE_A_CGROUP_ID]));
	if (!c || getenv("FAKE_NO_CGROUP_DO")) {
		send_err(s, req, -ENOENT, "no cgroup with this id");
		return;
	}
	put_cgroup(s, req, c, false);
	flush(s);
}

/* ---- namespaces ---- */

#define NS_INIT_CGROUP	4026531835u
#define NS_USER		4026531837u
#define NS_BASH_CGROUP	4026532400u

struct fake_ns {
	__u32 type;
	__u32 inode;
	bool for_children;
	bool has_owner, has_level;
};

/* A task's /proc/PID/ns, in the kernel's order; the cgroup ns is set apart. */
static const struct fake_ns task_nss[] = {
	{ CGSCOPE_NS_CGROUP, 0, false, true, false },
	{ CGSCOPE_NS_IPC, 4026531839u, false, true, false },
	{ CGSCOPE_NS_MNT, 4026531841u, false, true, false },
	{ CGSCOPE_NS_NET, 4026531840u, false, true, false },
	{ CGSCOPE_NS_PID, 4026531836u, false, true, true },
	{ CGSCOPE_NS_PID, 4026531836u, true, true, true },
	{ CGSCOPE_NS_TIME, 4026531834u, false, true, false },
	{ CGSCOPE_NS_TIME, 4026531834u, true, true, false },
	{ CGSCOPE_NS_USER, NS_USER, false, false, true },
	{ CGSCOPE_NS_UTS, 4026531838u, false, true, false },
};

/* The cgroup namespace roots of task 1001, or of everyone else */
static int cgns_roots(__u32 inode, struct fake_link *l)
{
	if (inode != NS_BASH_CGROUP) {
		l[0] = (struct fake_link){ 0, 1, "/" };
		l[1] = (struct fake_link){ 1, 1, "/" };
		l[2] = (struct fake_link){ 3, 1, "/" };
		l[3] = (struct fake_link){ 4, 1, "/" };
		return 4;
	}
	l[0] = (struct fake_link){ 0, 30, "/user.slice/user-1000.slice" };
	l[1] = (struct fake_link){ 1, 5, "/user.slice" };
	l[2] = (struct fake_link){ 3, 8, "/docker/\033[1mabc" };
	return 3;
}

static void put_ns_attrs(struct nl_msg *m, const struct fake_ns *ns,
			 __u32 inode)
{
	struct fake_link l[8];
	struct nlattr *nest;
	int n, k;

	nla_put_u32(m, CGSCOPE_A_NS_TYPE, ns->type);
	nla_put_u32(m, CGSCOPE_A_NS_INODE, inode);
	if (ns->for_children)
		nla_put_flag(m, CGSCOPE_A_NS_FOR_CHILDREN);
	if (ns->has_owner)
		nla_put_u32(m, CGSCOPE_A_NS_OWNER_USER_NS, NS_USER);
	if (ns->has_level)
		nla_put_u32(m, CGSCOPE_A_NS_LEVEL, 0);
	if (ns->type != CGSCOPE_NS_CGROUP)
		return;
	nla_put_u64(m, CGSCOPE_A_NS_CGNS_ROOT_CSET_ID,
		    inode == NS_BASH_CGROUP ? CSET_BASH : CSET_INIT);
	n = cgns_roots(inode, l);
	for (k = 0; k < n; k++) {
		nest = nla_nest_start(m, CGSCOPE_A_NS_CGNS_ROOT);
		nla_put_u32(m, CGSCOPE_A_LINK_HIERARCHY_ID, l[k].hier);
		nla_put_u64(m, CGSCOPE_A_LINK_CGROUP_ID, l[k].id);
		nla_put_string(m, CGSCOPE_A_LINK_PATH, l[k].path);
		nla_nest_end(m, nest);
	}
}

static const struct fake_task *find_task(__u32 pid)
{
	size_t i;

	for (i = 0; i < NR(tasks); i++)
		if (tasks[i].pid == pid)
			return &tasks[i];
	return NULL;
}

static void task_ns_get(struct fake_sock *s, struct nlmsghdr *req,
			struct nlattr **tb)
{
	const struct fake_task *t;
	struct nlattr *nest;
	struct nl_msg *m;
	size_t i;

	t = tb[CGSCOPE_A_TASK_NS_PID] ?
	    find_task(nla_get_u32(tb[CGSCOPE_A_TASK_NS_PID])) : NULL;
	if (!t) {
		send_err(s, req, -ESRCH, NULL);
		return;
	}
	m = reply(s, req, FAMILY_ID, CGSCOPE_CMD_TASK_NS_GET);
	nla_put_u32(m, CGSCOPE_A_TASK_NS_PID, t->pid);
	nla_put_u32(m, CGSCOPE_A_TASK_NS_TGID, t->tgid);
	nla_put_string(m, CGSCOPE_A_TASK_NS_COMM, t->comm);
	for (i = 0; i < NR(task_nss); i++) {
		nest = nla_nest_start(m, CGSCOPE_A_TASK_NS_NS);
		put_ns_attrs(m, &task_nss[i],
			     task_nss[i].type != CGSCOPE_NS_CGROUP ?
			     task_nss[i].inode : t->pid == 1001 ?
			     NS_BASH_CGROUP : NS_INIT_CGROUP);
		nla_nest_end(m, nest);
	}
	queue(s, m);
	flush(s);
}

/* Every namespace in use: the initial ones, and task 1001's cgroup ns. */
static void ns_get(struct fake_sock *s, struct nlmsghdr *req,
		   struct nlattr **tb)
{
	bool dump = req->nlmsg_flags & NLM_F_DUMP;
	__u32 type = tb[CGSCOPE_A_NS_TYPE] ?
		     nla_get_u32(tb[CGSCOPE_A_NS_TYPE]) : 0;
	__u32 inode = tb[CGSCOPE_A_NS_INODE] ?
		      nla_get_u32(tb[CGSCOPE_A_NS_INODE]) : 0;
	int sent = 0;
	size_t i;

	for (i = 0; i <= NR(task_nss); i++) {
		const struct fake_ns *ns = &task_nss[i < NR(task_nss) ? i : 0];
		__u32 ino = i == NR(task_nss) ? NS_BASH_CGROUP :
			    ns->type == CGSCOPE_NS_CGROUP ? NS_INIT_CGROUP :
			    ns->inode;
		bool bash = ino == NS_BASH_CGROUP;
		struct nl_msg *m;

		if (ns->for_children || (type && ns->type != type) ||
		    (!dump && ino != inode))
			continue;
		m = reply(s, req, FAMILY_ID, CGSCOPE_CMD_NS_GET);
		put_ns_attrs(m, ns, ino);
		nla_put_u32(m, CGSCOPE_A_NS_NR_PROCS, bash ? 1 : 17);
		nla_put_u32(m, CGSCOPE_A_NS_NR_THREADS, bash ? 1 : 20);
		nla_put_u32(m, CGSCOPE_A_NS_PID, bash ? 1001 : 1);
		queue(s, m);
		sent++;
	}
	if (dump) {
		send_done(s, req, 0, NULL);
	} else if (!sent) {
		send_err(s, req, -ENOENT, "no task is in this namespace");
	} else {
		flush(s);
	}
}

/* ---- events ---- */

struct fake_event {
	__u64 seq;
	__u32 type;
	__u32 pid, tgid;
	const char *comm;	/* NULL: not sent */
	__u32 hier;
	__u64 cgrp;		/* 0: no v1 cgroup */
	const char *path;
	__u64 v2;		/* 0: no v2 cgroup */
	const char *v2_path;
	__u8 dev_type;		/* 0: no device */
	__u32 major, minor;
	__u8 access;
	__u32 layer, behavior;
	bool has_rule;
	struct fake_exc rule;
	__u32 prog_id, op;
	const char *text, *prog_name;
	bool has_flags;
	__u32 flags;
	bool has_error;
	__u32 error;
};

/* The ring, oldest first; #4 was lost (rate limit). */
static const struct fake_event events[] = {
	{ .seq = 1, .type = CGSCOPE_EVENT_DENIAL, .pid = 1000, .tgid = 1000,
	  .comm = "bash", .hier = 3, .cgrp = 8, .path = "/docker/abc",
	  .v2 = 30, .v2_path = "/user.slice/user-1000.slice",
	  .dev_type = DEV_C, .major = 1, .minor = 11, .access = ACC_R,
	  .layer = CGSCOPE_LAYER_V1,
	  .behavior = CGSCOPE_DEVCG_DEFAULT_DENY },
	{ .seq = 2, .type = CGSCOPE_EVENT_DENIAL, .pid = 1002, .tgid = 1000,
	  .comm = "bash-thr", .hier = 3, .cgrp = 8, .path = "/docker/abc",
	  .v2 = 31, .v2_path = "/user.slice/user-1000.slice/t",
	  .dev_type = DEV_B, .major = 7, .minor = 0, .access = ACC_R | ACC_W,
	  .layer = CGSCOPE_LAYER_BPF, .prog_id = 23 },
	{ .seq = 3, .type = CGSCOPE_EVENT_RULE_V1, .pid = 1000, .tgid = 1000,
	  .comm = "bash", .hier = 3, .cgrp = 7, .path = "/docker",
	  .op = CGSCOPE_EVENT_OP_DENY, .text = "c 1:3 rw", .has_error = true },
	{ .seq = 5, .type = CGSCOPE_EVENT_PROG, .pid = 1, .tgid = 1,
	  .comm = "systemd", .v2 = 31, .v2_path = "/user.slice/user-1000.slice/t",
	  .prog_id = 23, .op = CGSCOPE_EVENT_OP_ATTACH, .prog_name = "",
	  .has_flags = true, .has_error = true },
	{ .seq = 6, .type = CGSCOPE_EVENT_DENIAL, .pid = 2000, .tgid = 2000,
	  .comm = "\033[31mworker\033[0m", .hier = 3, .cgrp = 8,
	  .path = "/docker/\033]0;owned\007abc", .v2 = 30,
	  .v2_path = "/user.slice/\033[2Jx\x9b" "1m",
	  .dev_type = DEV_C, .major = 1, .minor = 5, .access = ACC_W,
	  .layer = CGSCOPE_LAYER_V1, .behavior = CGSCOPE_DEVCG_DEFAULT_ALLOW,
	  .has_rule = true, .rule = { DEV_C, 1, 5, ACC_R | ACC_W } },
	{ .seq = 7, .type = CGSCOPE_EVENT_RULE_V1, .pid = 1000, .tgid = 1000,
	  .comm = "bash", .hier = 3, .cgrp = 8, .path = "/docker/abc",
	  .op = CGSCOPE_EVENT_OP_ALLOW, .text = "b 8:* m\n\033[A",
	  .has_error = true, .error = EPERM },
	{ .seq = 8, .type = CGSCOPE_EVENT_DENIAL, .pid = 812, .tgid = 812,
	  .comm = "sshd", .hier = 3, .cgrp = 1, .path = "/", .v2 = 20,
	  .v2_path = "/system.slice/ssh.service", .dev_type = DEV_C,
	  .major = 1, .minor = 3, .access = ACC_W | ACC_M,
	  .layer = CGSCOPE_LAYER_NONE },
	{ .seq = 9, .type = CGSCOPE_EVENT_PROG, .pid = 1, .tgid = 1,
	  .comm = "systemd", .v2 = 11, .v2_path = "/user.slice",
	  .prog_id = 17, .op = CGSCOPE_EVENT_OP_DETACH,
	  .prog_name = "dev_\033[5mallow", .has_flags = true, .flags = 2,
	  .has_error = true },
	{ .seq = 10, .type = CGSCOPE_EVENT_DENIAL, .pid = 2001, .tgid = 2000,
	  .hier = 3, .cgrp = 8, .dev_type = DEV_C, .major = 4, .minor = 1,
	  .access = ACC_R | ACC_W },
};

static const struct fake_event goodbye = {
	.seq = 11, .type = CGSCOPE_EVENT_GOODBYE,
};

static void put_event(struct nl_msg *m, const struct fake_event *e)
{
	nla_put_u64(m, CGSCOPE_A_EVENT_SEQ, e->seq);
	nla_put_u32(m, CGSCOPE_A_EVENT_TYPE, e->type);
	if (e->type == CGSCOPE_EVENT_GOODBYE)
		return;
	nla_put_u64(m, CGSCOPE_A_EVENT_TIME_MONO, 5000000000ULL + e->seq);
	nla_put_u64(m, CGSCOPE_A_EVENT_TIME_REAL,
		    1795446601000000000ULL + e->seq * 1000001ULL);
	nla_put_u32(m, CGSCOPE_A_EVENT_PID, e->pid);
	nla_put_u32(m, CGSCOPE_A_EVENT_TGID, e->tgid);
	if (e->comm)
		nla_put_string(m, CGSCOPE_A_EVENT_COMM, e->comm);
	if (e->cgrp) {
		nla_put_u32(m, CGSCOPE_A_EVENT_HIERARCHY_ID, e->hier);
		nla_put_u64(m, CGSCOPE_A_EVENT_CGROUP_ID, e->cgrp);
		if (e->path)
			nla_put_string(m, CGSCOPE_A_EVENT_PATH, e->path);
	}
	if (e->v2) {
		nla_put_u64(m, CGSCOPE_A_EVENT_V2_CGROUP_ID, e->v2);
		nla_put_string(m, CGSCOPE_A_EVENT_V2_PATH, e->v2_path);
	}
	if (e->dev_type) {
		nla_put_u8(m, CGSCOPE_A_EVENT_DEV_TYPE, e->dev_type);
		nla_put_u32(m, CGSCOPE_A_EVENT_MAJOR, e->major);
		nla_put_u32(m, CGSCOPE_A_EVENT_MINOR, e->minor);
		nla_put_u8(m, CGSCOPE_A_EVENT_ACCESS, e->access);
	}
	if (e->layer)
		nla_put_u32(m, CGSCOPE_A_EVENT_LAYER, e->layer);
	if (e->behavior)
		nla_put_u32(m, CGSCOPE_A_EVENT_BEHAVIOR, e->behavior);
	if (e->has_rule)
		put_exc(m, CGSCOPE_A_EVENT_RULE, &e->rule);
	if (e->prog_id)
		nla_put_u32(m, CGSCOPE_A_EVENT_PROG_ID, e->prog_id);
	if (e->op)
		nla_put_u32(m, CGSCOPE_A_EVENT_OP, e->op);
	if (e->text)
		nla_put_string(m, CGSCOPE_A_EVENT_RULE_TEXT, e->text);
	if (e->prog_name)
		nla_put_string(m, CGSCOPE_A_EVENT_PROG_NAME, e->prog_name);
	if (e->has_flags)
		nla_put_u32(m, CGSCOPE_A_EVENT_ATTACH_FLAGS, e->flags);
	if (e->has_error)
		nla_put_u32(m, CGSCOPE_A_EVENT_ERROR, e->error);
}

static void dump_events(struct fake_sock *s, struct nlmsghdr *req)
{
	size_t i;

	for (i = 0; i < NR(events); i++) {
		struct nl_msg *m = reply(s, req, FAMILY_ID,
					 CGSCOPE_CMD_EVENT_GET);

		put_event(m, &events[i]);
		queue(s, m);
	}
	send_done(s, req, 0, NULL);
}

/* A notification to every socket in the events group */
static void notify(const struct fake_event *e)
{
	int i;

	for (i = 0; i < MAX_SOCKS; i++) {
		struct fake_sock *s = &socks[i];
		struct nl_msg *m;

		if (s->peer <= 0 || !s->member)
			continue;
		m = nlmsg_alloc_size(4096);
		genlmsg_put(m, 0, 0, FAMILY_ID, 0, 0, CGSCOPE_CMD_EVENT, 1);
		put_event(m, e);
		queue(s, m);
		flush(s);
	}
}

/* The counters; arming starts from 0, then the events come. */
static void event_stats(struct fake_sock *s, struct nlmsghdr *req, __u8 cmd)
{
	bool arm = cmd == CGSCOPE_CMD_EVENT_ARM;
	struct nl_msg *m = reply(s, req, FAMILY_ID, cmd);
	size_t i;

	nla_put_u8(m, CGSCOPE_A_EVSTATS_ARMED, 1);
	nla_put_u64(m, CGSCOPE_A_EVSTATS_TRIGGERED, arm ? 0 : 10);
	nla_put_u64(m, CGSCOPE_A_EVSTATS_RATELIMITED, arm ? 0 : 1);
	nla_put_u64(m, CGSCOPE_A_EVSTATS_RECORDED, arm ? 0 : NR(events));
	nla_put_u64(m, CGSCOPE_A_EVSTATS_OVERRUN, 0);
	nla_put_u64(m, CGSCOPE_A_EVSTATS_SENT, arm ? 0 : NR(events));
	nla_put_u64(m, CGSCOPE_A_EVSTATS_MISSED, arm ? 0 : 2);
	nla_put_u32(m, CGSCOPE_A_EVSTATS_RING_SIZE, 256);
	nla_put_u32(m, CGSCOPE_A_EVSTATS_RATE, 100);
	queue(s, m);
	flush(s);
	if (!arm)
		return;
	for (i = 0; i < NR(events); i++)
		notify(&events[i]);
	if (!getenv("FAKE_NO_GOODBYE"))
		notify(&goodbye);
}

/* ---- dying csses ---- */

struct fake_dying {
	const char *ctrl;
	__u32 css_id;		/* 0: none */
	__u64 cgrp;
	const char *path;
	bool cgroup_dying, online, ref_dead, ref_atomic;
	bool has_refs;
	__u64 refs;
	bool has_charged;
	__u64 charged;
};

static const struct fake_dying dyings[] = {
	{ "memory", 213, 21, "/system.slice/cron.service", true, false, true,
	  true, true, 12, true, 1258291 },
	{ "cgroup", 0, 21, "/system.slice/cron.service", true, false, true,
	  true, true, 1, false, 0 },
	{ "pids", 104, 10, "/system.slice", false, true, true, false, false, 0,
	  false, 0 },
	{ "memory", 46, 40, NULL, true, false, true, true, true, 3, true, 512 },
	{ "io", 47, 41, "/\033[7mgone", true, false, true, true, true, 2,
	  false, 0 },
};

static void dump_dying(struct fake_sock *s, struct nlmsghdr *req,
		       struct nlattr **tb)
{
	static const char *const known[] = {
		"cgroup", "cpuset", "cpu", "io", "memory", "pids", "devices",
		"net_cls", "net_prio",
	};
	const char *ctrl = tb[CGSCOPE_A_DYING_CONTROLLER] ?
			   nla_get_string(tb[CGSCOPE_A_DYING_CONTROLLER]) :
			   NULL;
	size_t i;

	if (ctrl) {
		for (i = 0; i < NR(known); i++)
			if (!strcmp(ctrl, known[i]))
				break;
		if (i == NR(known)) {
			send_err(s, req, -EINVAL, "no such controller");
			return;
		}
	}
	for (i = 0; i < NR(dyings); i++) {
		const struct fake_dying *d = &dyings[i];
		struct nl_msg *m;

		if (ctrl && strcmp(ctrl, d->ctrl))
			continue;
		m = reply(s, req, FAMILY_ID, CGSCOPE_CMD_DYING_GET);
		nla_put_string(m, CGSCOPE_A_DYING_CONTROLLER, d->ctrl);
		if (d->css_id)
			nla_put_u32(m, CGSCOPE_A_DYING_CSS_ID, d->css_id);
		nla_put_u32(m, CGSCOPE_A_DYING_HIERARCHY_ID, 0);
		nla_put_u64(m, CGSCOPE_A_DYING_CGROUP_ID, d->cgrp);
		if (d->path)
			nla_put_string(m, CGSCOPE_A_DYING_PATH, d->path);
		if (d->cgroup_dying)
			nla_put_flag(m, CGSCOPE_A_DYING_CGROUP_DYING);
		if (d->online)
			nla_put_flag(m, CGSCOPE_A_DYING_ONLINE);
		if (d->ref_dead)
			nla_put_flag(m, CGSCOPE_A_DYING_REF_DEAD);
		if (d->ref_atomic)
			nla_put_flag(m, CGSCOPE_A_DYING_REF_ATOMIC);
		if (d->has_refs)
			nla_put_u64(m, CGSCOPE_A_DYING_REFS, d->refs);
		if (d->has_charged)
			nla_put_u64(m, CGSCOPE_A_DYING_CHARGED, d->charged);
		queue(s, m);
	}
	send_done(s, req, 0, NULL);
}

/* MEMCG_FILES_GET: the dying memory csses above, with made-up files */
struct fake_mfile {
	__u32 css_id;
	__u64 ino;
	const char *path;	/* NULL: unlinked */
	__u64 bytes;
	bool shmem;
};

static const struct fake_mfile mfiles[] = {
	{ 213, 1234, "/var/log/cron.log", 1048576, false },
	{ 213, 77, "/tmp/\033[31mred", 8192, true },
	{ 46, 99, NULL, 4096, false },
};

static void dump_mfiles(struct fake_sock *s, struct nlmsghdr *req,
			struct nlattr **tb)
{
	__u32 only = tb[CGSCOPE_A_MFILES_CSS_ID] ?
		     nla_get_u32(tb[CGSCOPE_A_MFILES_CSS_ID]) : 0;
	bool found = false;
	size_t i, j;

	for (i = 0; i < NR(dyings); i++) {
		const struct fake_dying *d = &dyings[i];
		struct nl_msg *m;

		if (strcmp(d->ctrl, "memory") || (only && d->css_id != only))
			continue;
		found = true;
		m = reply(s, req, FAMILY_ID, CGSCOPE_CMD_MEMCG_FILES_GET);
		nla_put_u32(m, CGSCOPE_A_MFILES_CSS_ID, d->css_id);
		nla_put_u32(m, CGSCOPE_A_MFILES_KIND, CGSCOPE_MFILES_MEMCG);
		nla_put_u32(m, CGSCOPE_A_MFILES_HIERARCHY_ID, 0);
		nla_put_u64(m, CGSCOPE_A_MFILES_CGROUP_ID, d->cgrp);
		if (d->path)
			nla_put_string(m, CGSCOPE_A_MFILES_PATH, d->path);
		nla_put_flag(m, CGSCOPE_A_MFILES_DYING);
		nla_put_u64(m, CGSCOPE_A_MFILES_CHARGED_BEFORE, d->charged);
		nla_put_u64(m, CGSCOPE_A_MFILES_CHARGED, d->charged);
		nla_put_u64(m, CGSCOPE_A_MFILES_CACHED,
			    d->css_id == 213 ? 1056768 : 4096);
		nla_put_u64(m, CGSCOPE_A_MFILES_SHMEM,
			    d->css_id == 213 ? 8192 : 0);
		nla_put_u64(m, CGSCOPE_A_MFILES_FILES, d->css_id == 213 ? 2 : 1);
		nla_put_u64(m, CGSCOPE_A_MFILES_SWAP,
			    d->css_id == 213 ? 12288 : 4096);
		/* 46: a kernel whose swap slot owners are not known */
		if (d->css_id == 213)
			nla_put_u64(m, CGSCOPE_A_MFILES_SWAPPED, 8192);
		nla_put_u64(m, CGSCOPE_A_MFILES_WALK_NS, 2000000);
		nla_put_u64(m, CGSCOPE_A_MFILES_WALK_HOLD_MAX_NS, 15000);
		nla_put_u64(m, CGSCOPE_A_MFILES_WALK_INODES, 45);
		nla_put_u64(m, CGSCOPE_A_MFILES_WALK_FOLIOS, 3881);
		nla_put_u64(m, CGSCOPE_A_MFILES_WALK_RACED, 0);
		nla_put_u64(m, CGSCOPE_A_MFILES_WALK_STEP_MAX_NS, 41000);
		queue(s, m);
		for (j = 0; j < NR(mfiles); j++) {
			const struct fake_mfile *f = &mfiles[j];

			if (f->css_id != d->css_id)
				continue;
			m = reply(s, req, FAMILY_ID,
				  CGSCOPE_CMD_MEMCG_FILES_GET);
			nla_put_u32(m, CGSCOPE_A_MFILES_CSS_ID, f->css_id);
			nla_put_u32(m, CGSCOPE_A_MFILES_KIND,
				    CGSCOPE_MFILES_FILE);
			nla_put_u32(m, CGSCOPE_A_MFILES_DEV_MAJOR, 0);
			nla_put_u32(m, CGSCOPE_A_MFILES_DEV_MINOR, 999);
			nla_put_u64(m, CGSCOPE_A_MFILES_INO, f->ino);
			nla_put_string(m, CGSCOPE_A_MFILES_FSTYPE,
				       f->shmem ? "tmpfs" : "ext4");
			nla_put_u32(m, CGSCOPE_A_MFILES_FILE_STATE,
				    f->path ? CGSCOPE_MFILE_LINKED :
					      CGSCOPE_MFILE_UNLINKED);
			if (f->path)
				nla_put_string(m, CGSCOPE_A_MFILES_FILE_PATH,
					       f->path);
			nla_put_u64(m, CGSCOPE_A_MFILES_BYTES, f->bytes);
			if (f->shmem) {
				nla_put_flag(m, CGSCOPE_A_MFILES_FILE_SHMEM);
				nla_put_u64(m, CGSCOPE_A_MFILES_FILE_SWAPPED,
					    8192);
			}
			queue(s, m);
		}
	}
	if (only && !found) {
		send_err(s, req, -ENOENT, "no memory css with this id");
		return;
	}
	send_done(s, req, 0, NULL);
}

/* ---- memory cgroups ---- */

static void memcg_get(struct fake_sock *s, struct nlmsghdr *req,
		      struct nlattr **tb)
{
	const __u64 max = CGSCOPE_MEMCG_UNLIMITED;
	bool v1 = getenv("FAKE_MEMCG_V1");
	const struct fake_cgroup *c = NULL;
	struct fake_link l[8];
	struct nl_msg *m;
	int n, k;

	if (tb[CGSCOPE_A_MEMCG_PID]) {
		const struct fake_task *t;

		t = find_task(nla_get_u32(tb[CGSCOPE_A_MEMCG_PID]));
		if (!t) {
			send_err(s, req, -ESRCH, NULL);
			return;
		}
		n = cset_links(t->cset, l);
		for (k = 0; k < n; k++)
			if (l[k].hier == 0)
				c = find_cgroup(0, l[k].id);
	} else if (tb[CGSCOPE_A_MEMCG_HIERARCHY_ID] &&
		   tb[CGSCOPE_A_MEMCG_CGROUP_ID]) {
		if (nla_get_u32(tb[CGSCOPE_A_MEMCG_HIERARCHY_ID]) == 0)
			c = find_cgroup(0, nla_get_u64(tb[CGSCOPE_A_MEMCG_CGROUP_ID]));
		if (!c) {
			send_err(s, req, -ENOENT, "no memory cgroup here");
			return;
		}
	} else {
		send_err(s, req, -EINVAL, "name a task or a cgroup");
		return;
	}
	m = reply(s, req, FAMILY_ID, CGSCOPE_CMD_MEMCG_GET);
	nla_put_u32(m, CGSCOPE_A_MEMCG_HIERARCHY_ID, v1 ? 5 : 0);
	nla_put_u64(m, CGSCOPE_A_MEMCG_CGROUP_ID, c->id);
	nla_put_string(m, CGSCOPE_A_MEMCG_PATH, c->path);
	nla_put_u32(m, CGSCOPE_A_MEMCG_CSS_ID, (__u32)(c->id * 10 + 3));
	nla_put_u64(m, CGSCOPE_A_MEMCG_USAGE, c->id * 1048576 + 4096);
	nla_put_u64(m, CGSCOPE_A_MEMCG_LIMIT, c->id == 30 ? 2147483648ULL : max);
	nla_put_u64(m, CGSCOPE_A_MEMCG_WATERMARK, c->id * 2097152);
	nla_put_u64(m, CGSCOPE_A_MEMCG_FAILCNT, c->id == 30 ? 3 : 0);
	nla_put_u64(m, CGSCOPE_A_MEMCG_LOW, 0);
	nla_put_u64(m, CGSCOPE_A_MEMCG_HIGH, c->id == 30 ? 1073741824ULL : max);
	nla_put_u64(m, CGSCOPE_A_MEMCG_MIN, 1000);
	if (v1) {
		nla_put_u64(m, CGSCOPE_A_MEMCG_MEMSW_USAGE, c->id * 1048576);
		nla_put_u64(m, CGSCOPE_A_MEMCG_MEMSW_LIMIT, max);
		nla_put_u64(m, CGSCOPE_A_MEMCG_MEMSW_WATERMARK, 1023);
		nla_put_u64(m, CGSCOPE_A_MEMCG_MEMSW_FAILCNT, 0);
		nla_put_u64(m, CGSCOPE_A_MEMCG_KMEM_USAGE, 1024);
		nla_put_u64(m, CGSCOPE_A_MEMCG_KMEM_LIMIT, max);
		nla_put_u64(m, CGSCOPE_A_MEMCG_KMEM_WATERMARK, 1536);
		nla_put_u64(m, CGSCOPE_A_MEMCG_KMEM_FAILCNT, 1);
	} else {
		nla_put_u64(m, CGSCOPE_A_MEMCG_SWAP_USAGE, 0);
		nla_put_u64(m, CGSCOPE_A_MEMCG_SWAP_LIMIT, max);
		nla_put_u64(m, CGSCOPE_A_MEMCG_SWAP_WATERMARK, 65536);
		nla_put_u64(m, CGSCOPE_A_MEMCG_SWAP_FAILCNT, 0);
	}
	nla_put_u64(m, CGSCOPE_A_MEMCG_EVENTS_MAX, 7);
	nla_put_u64(m, CGSCOPE_A_MEMCG_EVENTS_OOM, 1);
	nla_put_u64(m, CGSCOPE_A_MEMCG_EVENTS_OOM_KILL, 0);
	queue(s, m);
	flush(s);
}

static void log_request(struct nlmsghdr *req)
{
	struct genlmsghdr *g = nlmsg_data(req);
	struct nlattr *a;
	int rem;

	flog("cmd=%u dump=%d", g->cmd, !!(req->nlmsg_flags & NLM_F_DUMP));
	nla_for_each_attr(a, genlmsg_attrdata(g, 0), genlmsg_attrlen(g, 0),
			  rem) {
		if (nla_len(a) == 8)
			flog(" %d=%llu", nla_type(a),
			     (unsigned long long)nla_get_u64(a));
		else if (nla_len(a) == 4)
			flog(" %d=%u", nla_type(a), nla_get_u32(a));
		else if (nla_len(a) == 1)
			flog(" %d=%u", nla_type(a), nla_get_u8(a));
		else
			flog(" %d=?", nla_type(a));
	}
	flog("\n");
}

static void cgscope_request(struct fake_sock *s, struct nlmsghdr *req)
{
	struct genlmsghdr *g = nlmsg_data(req);
	struct nlattr *tb[CGSCOPE_A_CGROUP_MAX + 1];

	log_request(req);
	if (getenv("FAKE_EPERM")) {
		send_err(s, req, -EPERM, "missing CAP_NET_ADMIN");
		return;
	}
	if (genlmsg_parse(req, 0, tb, CGSCOPE_A_CGROUP_MAX, NULL) < 0) {
		send_err(s, req, -EINVAL, "bad attributes");
		return;
	}
	switch (g->cmd) {
	case CGSCOPE_CMD_INFO_GET:
		put_info(s, req);
		break;
	case CGSCOPE_CMD_ROOT_GET:
		dump_roots(s, req);
		break;
	case CGSCOPE_CMD_CGROUP_GET:
		if (req->nlmsg_flags & NLM_F_DUMP)
			dump_cgroups(s, req, tb);
		else
			get_cgroup(s, req, tb);
		break;
	case CGSCOPE_CMD_CSET_GET:
		dump_csets(s, req);
		break;
	case CGSCOPE_CMD_TASK_GET:
		task_request(s, req, tb);
		break;
	case CGSCOPE_CMD_DEVCG_GET:
	case CGSCOPE_CMD_DEVCG_CHECK:
		if (getenv("FAKE_NO_DEVCG")) {
			/* genetlink's answer to an unknown command */
			send_err(s, req, -EOPNOTSUPP, NULL);
		} else if (g->cmd == CGSCOPE_CMD_DEVCG_GET) {
			devcg_get(s, req);
		} else {
			devcg_check(s, req);
		}
		break;
	case CGSCOPE_CMD_TASK_NS_GET:
		task_ns_get(s, req, tb);
		break;
	case CGSCOPE_CMD_NS_GET:
		ns_get(s, req, tb);
		break;
	case CGSCOPE_CMD_EVENT_GET:
		dump_events(s, req);
		break;
	case CGSCOPE_CMD_EVENT_STATS_GET:
	case CGSCOPE_CMD_EVENT_ARM:
		event_stats(s, req, g->cmd);
		break;
	case CGSCOPE_CMD_DYING_GET:
		dump_dying(s, req, tb);
		break;
	case CGSCOPE_CMD_MEMCG_GET:
		memcg_get(s, req, tb);
		break;
	case CGSCOPE_CMD_MEMCG_FILES_GET:
		dump_mfiles(s, req, tb);
		break;
	default:
		send_err(s, req, -EOPNOTSUPP, "unknown command");
	}
}

/* ---- interposed libc calls ---- */

int socket(int domain, int type, int protocol)
{
	int sv[2], i, sz = 4 << 20;

	init_real();
	if (domain != AF_NETLINK || protocol != NETLINK_GENERIC)
		return REAL(socket)(domain, type, protocol);
	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv) < 0)
		return -1;
	REAL(setsockopt)(sv[1], SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz));
	REAL(setsockopt)(sv[0], SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
	for (i = 0; i < MAX_SOCKS; i++) {
		if (socks[i].peer <= 0) {
			memset(&socks[i], 0, sizeof(socks[i]));
			socks[i].fd = sv[0];
			socks[i].peer = sv[1];
			socks[i].port = (__u32)getpid();
			return sv[0];
		}
	}
	errno = EMFILE;
	return -1;
}

int bind(int fd, const struct sockaddr *addr, socklen_t len)
{
	int (*real)(int fd, const struct sockaddr *addr, socklen_t len);

	if (find(fd))
		return 0;
	real = dlsym(RTLD_NEXT, "bind");
	return real(fd, addr, len);
}

int getsockname(int fd, struct sockaddr *addr, socklen_t *len)
{
	int (*real)(int fd, struct sockaddr *addr, socklen_t *len);
	struct fake_sock *s = find(fd);
	struct sockaddr_nl nl = { .nl_family = AF_NETLINK };

	if (s) {
		nl.nl_pid = s->port;
		memcpy(addr, &nl, *len < sizeof(nl) ? *len : sizeof(nl));
		*len = sizeof(nl);
		return 0;
	}
	real = dlsym(RTLD_NEXT, "getsockname");
	return real(fd, addr, len);
}

int setsockopt(int fd, int level, int name, const void *val, socklen_t len)
{
	struct fake_sock *s;

	init_real();
	s = find(fd);
	if (s && level == SOL_NETLINK) {
		int on = len >= sizeof(int) ? *(const int *)val : 0;

		if (name == NETLINK_EXT_ACK)
			s->ext_ack = on;
		else if (name == NETLINK_CAP_ACK)
			s->cap_ack = on;
		else if (name == NETLINK_ADD_MEMBERSHIP && on == EVENTS_GRP)
			s->member = true;
		return 0;
	}
	return REAL(setsockopt)(fd, level, name, val, len);
}

ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
	ssize_t (*real)(int fd, const struct msghdr *msg, int flags);
	struct fake_sock *s = find(fd);
	struct nlmsghdr *nlh;
	char *buf;
	size_t len = 0, i;
	int rem;

	if (!s) {
		real = dlsym(RTLD_NEXT, "sendmsg");
		return real(fd, msg, flags);
	}
	for (i = 0; i < msg->msg_iovlen; i++)
		len += msg->msg_iov[i].iov_len;
	buf = malloc(len);
	len = 0;
	for (i = 0; i < msg->msg_iovlen; i++) {
		memcpy(buf + len, msg->msg_iov[i].iov_base,
		       msg->msg_iov[i].iov_len);
		len += msg->msg_iov[i].iov_len;
	}
	rem = (int)len;
	for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, rem);
	     nlh = NLMSG_NEXT(nlh, rem)) {
		if (nlh->nlmsg_type == GENL_ID_CTRL)
			ctrl_request(s, nlh);
		else if (nlh->nlmsg_type == FAMILY_ID)
			cgscope_request(s, nlh);
		else
			send_err(s, nlh, -ENOENT, NULL);
	}
	flush(s);
	free(buf);
	return (ssize_t)len;
}

ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
	struct sockaddr_nl nl = { .nl_family = AF_NETLINK };
	socklen_t room;
	ssize_t n;

	init_real();
	if (!find(fd))
		return REAL(recvmsg)(fd, msg, flags);
	room = msg->msg_namelen;
	n = REAL(recvmsg)(fd, msg, flags);
	if (n >= 0 && msg->msg_name) {
		memcpy(msg->msg_name, &nl, room < sizeof(nl) ? room : sizeof(nl));
		msg->msg_namelen = sizeof(nl);
	}
	return n;
}

int access(const char *path, int mode)
{
	int (*real)(const char *path, int mode);

	if (getenv("FAKE_NO_GOODBYE") && !strcmp(path, "/sys/module/cgscope"))
		return 0;
	real = dlsym(RTLD_NEXT, "access");
	return real(path, mode);
}

int close(int fd)
{
	struct fake_sock *s;

	init_real();
	s = find(fd);
	if (s) {
		REAL(close)(s->peer);
		free(s->dgram);
		memset(s, 0, sizeof(*s));
	}
	return REAL(close)(fd);
}
