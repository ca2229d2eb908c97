// SPDX-License-Identifier: GPL-2.0
/*
 * nlsnap: full snapshots of the cgroup model through the cgscope generic
 * netlink family, as a monitoring tool would take them: dump every
 * hierarchy (ROOT_GET), every cgroup (CGROUP_GET), every css_set with its
 * tasks (CSET_GET) and every task's cgroups (TASK_GET).  Each snapshot
 * opens its own socket and resolves the family, then walks every attribute
 * of every reply (a light parse: counting them, nested ones included).
 *
 * Prints one line per snapshot:
 *   ns=N bytes=N recvs=N objects=N roots=N cgroups=N csets=N tasks=N
 *   attrs=N intr=N root_ns=N cgroup_ns=N cset_ns=N task_ns=N v2_cgroups=N
 * (bytes: netlink payload received, headers included; intr: messages that
 * carried NLM_F_DUMP_INTR; cgroups: of every hierarchy, dying ones too;
 * v2_cgroups: the live cgroups of the v2 hierarchy, which cgfs_walk walks).
 *
 * usage: nlsnap [-n REPS] [-c CPU] [-f] [-q] [-p]
 *   -n REPS  snapshots to take (default 1)
 *   -c CPU   pin to CPU
 *   -f       forever (a load loop for the latency runs); -q: print nothing
 *   -p       instead of the line, the path of every live v2 cgroup of the
 *            snapshot, one per line (to hold against the directories)
 */
#include <getopt.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <uapi/linux/cgscope.h>

#include "bench.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif
#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK	11
#endif

/* The kernel fills at most 32 KiB per dump message; room for any reply. */
#define NL_BUF_SIZE	(64 * 1024)
#define NL_RCVBUF	(1024 * 1024)

struct nl {
	int fd;
	uint16_t family;
	uint32_t seq;
	char *buf;
};

struct snap {
	uint64_t bytes;
	uint64_t recvs;
	uint64_t attrs;
	uint64_t intr;
	uint64_t nr[CGSCOPE_CMD_MAX + 1];	/* objects, by command */
	uint64_t ns[CGSCOPE_CMD_MAX + 1];	/* time, by command */
	unsigned long long v2_cgroups;		/* live ones of hierarchy 0 */
	bool print_paths;			/* -p */
};

static void nl_open(struct nl *nl)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int one = 1, rcvbuf = NL_RCVBUF;

	nl->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (nl->fd < 0)
		die("socket: %s", strerror(errno));
	if (setsockopt(nl->fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf,
		       sizeof(rcvbuf)))
		setsockopt(nl->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf,
			   sizeof(rcvbuf));
	setsockopt(nl->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	if (bind(nl->fd, (struct sockaddr *)&sa, sizeof(sa)))
		die("bind: %s", strerror(errno));
}

/* Send a request with at most one (string) attribute. */
static void nl_send(struct nl *nl, uint16_t type, uint16_t flags, uint8_t cmd,
		    uint8_t version, uint16_t atype, const char *astr)
{
	struct {
		struct nlmsghdr nlh;
		struct genlmsghdr g;
		char attrs[64];
	} req;
	struct nlattr *a;
	size_t alen;

	memset(&req, 0, sizeof(req));
	req.nlh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	req.nlh.nlmsg_type = type;
	req.nlh.nlmsg_flags = NLM_F_REQUEST | flags;
	req.nlh.nlmsg_seq = ++nl->seq;
	req.g.cmd = cmd;
	req.g.version = version;
	if (astr) {
		alen = strlen(astr) + 1;
		if (NLA_HDRLEN + alen > sizeof(req.attrs))
			die("attribute too long");
		a = (struct nlattr *)req.attrs;
		a->nla_type = atype;
		a->nla_len = NLA_HDRLEN + alen;
		memcpy((char *)a + NLA_HDRLEN, astr, alen);
		req.nlh.nlmsg_len += NLA_ALIGN(a->nla_len);
	}
	if (send(nl->fd, &req, req.nlh.nlmsg_len, 0) < 0)
		die("send: %s", strerror(errno));
}

static ssize_t nl_recv(struct nl *nl, struct snap *s)
{
	ssize_t n;

	do {
		n = recv(nl->fd, nl->buf, NL_BUF_SIZE, MSG_TRUNC);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		die("recv: %s", strerror(errno));
	if (n > NL_BUF_SIZE)
		die("a %zd byte netlink message did not fit", n);
	if (s) {
		s->bytes += n;
		s->recvs++;
	}
	return n;
}

static void nl_check_error(struct nlmsghdr *nlh, const char *what)
{
	struct nlmsgerr *e = NLMSG_DATA(nlh);

	if (e->error)
		die("%s: %s", what, strerror(-e->error));
}

/* Attributes in [@a, @a + @len), nested ones counted too. */
static uint64_t count_attrs(struct nlattr *a, int len)
{
	uint64_t n = 0;

	while (len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
	       a->nla_len <= len) {
		n++;
		if (a->nla_type & NLA_F_NESTED)
			n += count_attrs((struct nlattr *)((char *)a + NLA_HDRLEN),
					 a->nla_len - NLA_HDRLEN);
		len -= NLA_ALIGN(a->nla_len);
		a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len));
	}
	return n;
}

static void nl_resolve(struct nl *nl)
{
	struct nlmsghdr *nlh;
	ssize_t n;

	nl_send(nl, GENL_ID_CTRL, 0, CTRL_CMD_GETFAMILY, 1,
		CTRL_ATTR_FAMILY_NAME, CGSCOPE_FAMILY_NAME);
	for (;;) {
		n = nl_recv(nl, NULL);
		for (nlh = (struct nlmsghdr *)nl->buf; NLMSG_OK(nlh, n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			struct nlattr *a;
			int len;

			if (nlh->nlmsg_seq != nl->seq)
				continue;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				nl_check_error(nlh, "family " CGSCOPE_FAMILY_NAME
					       " (is the module loaded?)");
				continue;
			}
			a = (struct nlattr *)((char *)NLMSG_DATA(nlh) + GENL_HDRLEN);
			len = nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
			while (len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
			       a->nla_len <= len) {
				if (a->nla_type == CTRL_ATTR_FAMILY_ID) {
					memcpy(&nl->family, (char *)a + NLA_HDRLEN,
					       sizeof(nl->family));
					return;
				}
				len -= NLA_ALIGN(a->nla_len);
				a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len));
			}
			die("no family id in the controller's answer");
		}
	}
}

/*
 * A cgroup of a CGROUP_GET dump: count it in @s if it is a live one of the
 * v2 hierarchy, and print its path with -p.
 */
static void cgroup_seen(struct nlattr *a, int len, struct snap *s)
{
	const char *path = NULL;
	unsigned int hier = ~0U;	/* a u32 attribute */
	bool dying = false;

	while (len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
	       a->nla_len <= len) {
		int type = a->nla_type & NLA_TYPE_MASK;
		void *data = (char *)a + NLA_HDRLEN;

		if (type == CGSCOPE_A_CGROUP_HIERARCHY_ID &&
		    a->nla_len >= NLA_HDRLEN + sizeof(hier))
			memcpy(&hier, data, sizeof(hier));
		else if (type == CGSCOPE_A_CGROUP_DYING)
			dying = true;
		else if (type == CGSCOPE_A_CGROUP_PATH && a->nla_len > NLA_HDRLEN &&
			 ((char *)data)[a->nla_len - NLA_HDRLEN - 1] == '\0')
			path = data;
		len -= NLA_ALIGN(a->nla_len);
		a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len));
	}
	if (hier != 0 || dying)
		return;
	s->v2_cgroups++;
	if (s->print_paths)
		printf("%s\n", path ? path : "(no path)");
}

/* One dump of @cmd; objects and attributes are added to @s. */
static void nl_dump(struct nl *nl, uint8_t cmd, struct snap *s)
{
	uint64_t t0 = now_ns();
	struct nlmsghdr *nlh;
	ssize_t n;

	nl_send(nl, nl->family, NLM_F_DUMP, cmd, CGSCOPE_FAMILY_VERSION, 0, NULL);
	for (;;) {
		n = nl_recv(nl, s);
		for (nlh = (struct nlmsghdr *)nl->buf; NLMSG_OK(nlh, n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_seq != nl->seq)
				continue;
			if (nlh->nlmsg_type == NLMSG_DONE) {
				int err;

				memcpy(&err, NLMSG_DATA(nlh), sizeof(err));
				if (err < 0)
					die("dump %u: %s", cmd, strerror(-err));
				s->ns[cmd] += now_ns() - t0;
				return;
			}
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				nl_check_error(nlh, "dump");
				continue;
			}
			if (nlh->nlmsg_type != nl->family)
				continue;
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
				s->intr++;
			s->nr[cmd]++;
			if (cmd == CGSCOPE_CMD_CGROUP_GET)
				cgroup_seen((struct nlattr *)((char *)NLMSG_DATA(nlh) +
							      GENL_HDRLEN),
					    nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN), s);
			s->attrs += count_attrs((struct nlattr *)((char *)NLMSG_DATA(nlh) +
								  GENL_HDRLEN),
						nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN));
		}
	}
}

static const uint8_t snap_cmds[] = {
	CGSCOPE_CMD_ROOT_GET,
	CGSCOPE_CMD_CGROUP_GET,
	CGSCOPE_CMD_CSET_GET,
	CGSCOPE_CMD_TASK_GET,
};

static uint64_t snapshot(char *buf, struct snap *s)
{
	struct nl nl = { .buf = buf };
	bool print_paths = s->print_paths;
	uint64_t t0 = now_ns();
	size_t i;

	memset(s, 0, sizeof(*s));
	s->print_paths = print_paths;
	nl_open(&nl);
	nl_resolve(&nl);
	for (i = 0; i < ARRAY_SIZE(snap_cmds); i++)
		nl_dump(&nl, snap_cmds[i], s);
	close(nl.fd);
	return now_ns() - t0;
}

int main(int argc, char **argv)
{
	bool forever = false, quiet = false;
	struct snap s = { 0 };
	long reps = 1, i;
	int cpu = -1, c;
	char *buf;

	bench_prog = "nlsnap";
	while ((c = getopt(argc, argv, "n:c:fqp")) != -1) {
		switch (c) {
		case 'n':
			reps = strtol(optarg, NULL, 10);
			break;
		case 'c':
			cpu = (int)strtol(optarg, NULL, 10);
			break;
		case 'f':
			forever = true;
			break;
		case 'q':
			quiet = true;
			break;
		case 'p':
			s.print_paths = true;
			quiet = true;
			break;
		default:
			fprintf(stderr, "usage: nlsnap [-n REPS] [-c CPU] [-f] [-q] [-p]\n");
			return 2;
		}
	}
	if (reps < 1)
		die("-n: need a positive number");
	pin_cpu(cpu);
	buf = xmalloc(NL_BUF_SIZE);

	for (i = 0; forever || i < reps; i++) {
		uint64_t ns = snapshot(buf, &s);
		uint64_t objects = s.nr[CGSCOPE_CMD_ROOT_GET] +
				   s.nr[CGSCOPE_CMD_CGROUP_GET] +
				   s.nr[CGSCOPE_CMD_CSET_GET] +
				   s.nr[CGSCOPE_CMD_TASK_GET];

		if (quiet)
			continue;
		printf("ns=%llu bytes=%llu recvs=%llu objects=%llu roots=%llu cgroups=%llu csets=%llu tasks=%llu attrs=%llu intr=%llu root_ns=%llu cgroup_ns=%llu cset_ns=%llu task_ns=%llu v2_cgroups=%llu\n",
		       (unsigned long long)ns, (unsigned long long)s.bytes,
		       (unsigned long long)s.recvs,
		       (unsigned long long)objects,
		       (unsigned long long)s.nr[CGSCOPE_CMD_ROOT_GET],
		       (unsigned long long)s.nr[CGSCOPE_CMD_CGROUP_GET],
		       (unsigned long long)s.nr[CGSCOPE_CMD_CSET_GET],
		       (unsigned long long)s.nr[CGSCOPE_CMD_TASK_GET],
		       (unsigned long long)s.attrs,
		       (unsigned long long)s.intr,
		       (unsigned long long)s.ns[CGSCOPE_CMD_ROOT_GET],
		       (unsigned long long)s.ns[CGSCOPE_CMD_CGROUP_GET],
		       (unsigned long long)s.ns[CGSCOPE_CMD_CSET_GET],
		       (unsigned long long)s.ns[CGSCOPE_CMD_TASK_GET],
		       s.v2_cgroups);
		fflush(stdout);
	}
	free(buf);
	return 0;
}
