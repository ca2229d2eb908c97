/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A deliberately small raw generic-netlink client for the selftests, written
 * without libnl so that the tests do not share code with the cgscope
 * command they check.  Header-only; each test binary includes it once.
 */
#ifndef _CGSCOPE_SELFTEST_GENL_H
#define _CGSCOPE_SELFTEST_GENL_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif

/* enum nlmsgerr_attrs values, which old headers lack (enums, not macros) */
#define GENL_ERR_ATTR_MSG	1
#define GENL_ERR_ATTR_OFFS	2
#define GENL_ERR_ATTR_MISS_TYPE	5

#define GENL_BUF_SIZE	(64 * 1024)

struct genl_sock {
	int fd;
	uint16_t family;
	uint32_t seq;
	/* filled by genl_recv_ack() and genl_dump() */
	int error;
	char extack_msg[256];
	bool extack_has_bad_attr;
	bool extack_has_missing;
	bool dump_intr;
};

struct genl_msg {
	struct nlmsghdr *nlh;
	char buf[4096];
};

static inline void genl_msg_init(struct genl_msg *m, uint16_t type,
				 uint16_t flags, uint8_t cmd, uint8_t version)
{
	struct genlmsghdr *g;

	memset(m->buf, 0, sizeof(m->buf));
	m->nlh = (struct nlmsghdr *)m->buf;
	m->nlh->nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	m->nlh->nlmsg_type = type;
	m->nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	g = NLMSG_DATA(m->nlh);
	g->cmd = cmd;
	g->version = version;
}

static inline void genl_msg_put(struct genl_msg *m, uint16_t type,
				const void *data, uint16_t len)
{
	struct nlattr *a = (struct nlattr *)(m->buf + NLMSG_ALIGN(m->nlh->nlmsg_len));

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	m->nlh->nlmsg_len = NLMSG_ALIGN(m->nlh->nlmsg_len) + NLA_ALIGN(a->nla_len);
}

static inline void genl_msg_put_u32(struct genl_msg *m, uint16_t type, uint32_t v)
{
	genl_msg_put(m, type, &v, sizeof(v));
}

static inline void genl_msg_put_u64(struct genl_msg *m, uint16_t type, uint64_t v)
{
	genl_msg_put(m, type, &v, sizeof(v));
}

/* Iterate attributes: for each attribute in [data, data+len) */
#define genl_for_each_attr(a, data, len)					\
	for ((a) = (struct nlattr *)(data);				\
	     (char *)(a) + NLA_HDRLEN <= (char *)(data) + (len) &&	\
	     (a)->nla_len >= NLA_HDRLEN &&					\
	     (char *)(a) + (a)->nla_len <= (char *)(data) + (len);	\
	     (a) = (struct nlattr *)((char *)(a) + NLA_ALIGN((a)->nla_len)))

static inline void *genl_attr_data(struct nlattr *a)
{
	return (char *)a + NLA_HDRLEN;
}

static inline int genl_attr_len(struct nlattr *a)
{
	return a->nla_len - NLA_HDRLEN;
}

static inline int genl_send(struct genl_sock *s, struct genl_msg *m)
{
	m->nlh->nlmsg_seq = ++s->seq;
	if (send(s->fd, m->buf, m->nlh->nlmsg_len, 0) < 0)
		return -errno;
	return 0;
}

static inline void genl_parse_error(struct genl_sock *s, struct nlmsghdr *nlh)
{
	struct nlmsgerr *e = NLMSG_DATA(nlh);
	struct nlattr *a;
	size_t off;

	s->error = e->error;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	off = sizeof(*e);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
	if (NLMSG_HDRLEN + off > nlh->nlmsg_len)
		return;
	genl_for_each_attr(a, (char *)e + off, nlh->nlmsg_len - NLMSG_HDRLEN - off) {
		switch (a->nla_type) {
		case GENL_ERR_ATTR_MSG:
			snprintf(s->extack_msg, sizeof(s->extack_msg), "%.*s",
				 genl_attr_len(a), (char *)genl_attr_data(a));
			break;
		case GENL_ERR_ATTR_OFFS:
			s->extack_has_bad_attr = true;
			break;
		case GENL_ERR_ATTR_MISS_TYPE:
			s->extack_has_missing = true;
			break;
		}
	}
}

typedef int (*genl_msg_cb)(struct nlmsghdr *nlh, void *arg);

/*
 * Receive until the answer to the last request is complete: an ACK/error,
 * or NLMSG_DONE for a dump.  Calls @cb for each data message.
 * Returns the number of recv() calls, or a negative errno on socket errors.
 * The request's result is in s->error (0 or a negative errno).
 */
static inline int genl_recv(struct genl_sock *s, genl_msg_cb cb, void *arg,
			    size_t bufsize)
{
	static char buf[GENL_BUF_SIZE];
	int recvs = 0;

	s->error = 0;
	s->extack_msg[0] = '\0';
	s->extack_has_bad_attr = false;
	s->extack_has_missing = false;
	s->dump_intr = false;
	if (bufsize > sizeof(buf))
		bufsize = sizeof(buf);
	for (;;) {
		ssize_t n = recv(s->fd, buf, bufsize, MSG_TRUNC);
		struct nlmsghdr *nlh;

		if (n < 0)
			return -errno;
		if ((size_t)n > bufsize)
			return -EMSGSIZE;	/* a message did not fit */
		recvs++;
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, (size_t)n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_seq != s->seq)
				continue;
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
				s->dump_intr = true;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				genl_parse_error(s, nlh);
				return recvs;
			}
			if (nlh->nlmsg_type == NLMSG_DONE) {
				int *err = NLMSG_DATA(nlh);

				if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(int)))
					s->error = *err;
				return recvs;
			}
			if (cb && cb(nlh, arg))
				return recvs;
			if (!(nlh->nlmsg_flags & NLM_F_MULTI))
				return recvs;	/* a do reply without ACK */
		}
	}
}

static inline int genl_resolve_cb(struct nlmsghdr *nlh, void *arg)
{
	struct genl_sock *s = arg;
	struct genlmsghdr *g = NLMSG_DATA(nlh);
	struct nlattr *a;

	genl_for_each_attr(a, (char *)g + GENL_HDRLEN,
			   nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN))
		if (a->nla_type == CTRL_ATTR_FAMILY_ID)
			s->family = *(uint16_t *)genl_attr_data(a);
	return 0;
}

/* Open a socket and resolve @name.  Returns 0 or a negative errno. */
static inline int genl_open(struct genl_sock *s, const char *name)
{
	struct genl_msg m;
	int one = 1;

	memset(s, 0, sizeof(*s));
	s->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (s->fd < 0)
		return -errno;
	setsockopt(s->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(s->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));

	genl_msg_init(&m, GENL_ID_CTRL, NLM_F_ACK, CTRL_CMD_GETFAMILY, 1);
	genl_msg_put(&m, CTRL_ATTR_FAMILY_NAME, name, strlen(name) + 1);
	if (genl_send(s, &m) < 0 || genl_recv(s, genl_resolve_cb, s, GENL_BUF_SIZE) < 0)
		return -EIO;
	if (!s->family) {
		close(s->fd);
		return s->error ? s->error : -ENOENT;
	}
	return 0;
}

static inline void genl_close(struct genl_sock *s)
{
	close(s->fd);
}

#endif /* _CGSCOPE_SELFTEST_GENL_H */
