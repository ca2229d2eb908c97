// SPDX-License-Identifier: GPL-2.0
/*
 * nl_fuzz: hostile netlink input for the cgscope family.
 *
 *   nl_fuzz [COUNT [SEED]]      (default 100000 messages, seed from time)
 *
 * Sends COUNT messages with random commands (mostly ours, some unknown),
 * flags, versions, attribute types, lengths and payloads, nested
 * attributes, and truncation (attributes longer than the message, messages
 * cut mid-attribute).  Dumps are read whole, or abandoned half-way by
 * closing the socket, after one read with a normal or a tiny buffer (which
 * cuts the datagram: MSG_TRUNC).  Every request must end in an
 * answer: a valid reply or an error; an error to a well-formed request for
 * one of our do operations must be explained by the extended ack (a
 * message, a bad or a missing attribute).  Prints the count sent, the
 * count of each outcome, and exits with a kselftest code.  The kernel log
 * is checked by the caller (a WARN or oops fails the VM run).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <uapi/linux/cgscope.h>

#include "genl.h"

#define KSFT_PASS	0
#define KSFT_FAIL	1

#define MAX_ERRNO	200

static uint64_t rng_state;

static uint32_t rnd(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 0x2545F4914F6CDD1DULL) >> 32);
}

static uint32_t rnd_below(uint32_t n)
{
	return n ? rnd() % n : 0;
}

struct outcome {
	unsigned long ok;		/* a valid answer */
	unsigned long err[MAX_ERRNO];	/* by errno */
	unsigned long explained;	/* errors with extack information */
	unsigned long unexplained_do;	/* the ones that should not be */
	unsigned long no_answer;
	unsigned long abandoned;
	unsigned long tiny;
	unsigned long truncated;
};

/* Random attributes, possibly nested, into @buf; returns the length. */
static size_t fuzz_attrs(char *buf, size_t room, int depth)
{
	size_t len = 0;
	unsigned int i, n = rnd_below(3) ? rnd_below(5) : 0;

	for (i = 0; i < n; i++) {
		struct nlattr *a = (struct nlattr *)(buf + len);
		size_t plen, alen;

		if (room - len < NLA_HDRLEN + 16)
			break;
		a->nla_type = rnd_below(4) ? rnd_below(40) : rnd() & 0xffff;
		if (depth < 2 && !rnd_below(8)) {
			a->nla_type |= NLA_F_NESTED;
			plen = fuzz_attrs(buf + len + NLA_HDRLEN,
					  room - len - NLA_HDRLEN, depth + 1);
		} else {
			static const size_t sizes[] = { 0, 1, 2, 3, 4, 7, 8, 9, 16 };
			size_t j;

			plen = rnd_below(4) ? sizes[rnd_below(9)] : rnd_below(64);
			if (plen > room - len - NLA_HDRLEN)
				plen = room - len - NLA_HDRLEN;
			for (j = 0; j < plen; j++)
				buf[len + NLA_HDRLEN + j] = rnd_below(3) ? 0 : rnd();
			/* a plausible u32/u64: small numbers, all ones */
			if ((plen == 4 || plen == 8) && rnd_below(2))
				memset(buf + len + NLA_HDRLEN, rnd_below(2) ? 0xff : 0,
				       plen);
			if (plen == 4 && rnd_below(2))
				*(uint32_t *)(buf + len + NLA_HDRLEN) = rnd_below(4);
		}
		alen = NLA_HDRLEN + plen;
		a->nla_len = alen;
		/* an attribute claiming more than there is */
		if (!rnd_below(40))
			a->nla_len = alen + 1 + rnd_below(64);
		len += NLA_ALIGN(alen);
	}
	return len;
}

static int open_sock(struct genl_sock *s)
{
	struct timeval tv = { .tv_sec = 10 };
	int err = genl_open(s, CGSCOPE_FAMILY_NAME);

	if (err)
		return err;
	setsockopt(s->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return 0;
}

/*
 * Read the answer to request @seq.  Returns 1 when it ended with a valid
 * answer, 0 with an error (in s->error, extack parsed), -1 when none came.
 * @bufsize: how much to read at a time; @abandon stops after the first
 * datagram.
 */
static int read_answer(struct genl_sock *s, size_t bufsize, bool abandon)
{
	static char buf[GENL_BUF_SIZE];

	s->error = 0;
	s->extack_msg[0] = '\0';
	s->extack_has_bad_attr = false;
	s->extack_has_missing = false;
	for (;;) {
		ssize_t n = recv(s->fd, buf, bufsize, 0);
		struct nlmsghdr *nlh;

		if (n < 0)
			return -1;
		if (abandon)
			return 1;
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, (size_t)n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_seq != s->seq)
				continue;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				genl_parse_error(s, nlh);
				return s->error ? 0 : 1;
			}
			if (nlh->nlmsg_type == NLMSG_DONE) {
				int *err = NLMSG_DATA(nlh);

				if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(int)))
					s->error = *err;
				return s->error ? 0 : 1;
			}
			if (!(nlh->nlmsg_flags & NLM_F_MULTI))
				return 1;	/* a do's reply */
		}
		/* a cut datagram: the rest of it is gone, read on */
	}
}

static bool has_do(uint8_t cmd)
{
	return cmd >= CGSCOPE_CMD_INFO_GET && cmd <= CGSCOPE_CMD_MAX &&
	       cmd != CGSCOPE_CMD_EVENT_GET && cmd != CGSCOPE_CMD_EVENT &&
	       cmd != CGSCOPE_CMD_DYING_GET;
}

int main(int argc, char **argv)
{
	unsigned long count = 100000, i;
	struct outcome o = { 0 };
	struct genl_sock s;
	int e, ret = KSFT_PASS;

	if (argc > 1)
		count = strtoul(argv[1], NULL, 0);
	rng_state = argc > 2 ? strtoull(argv[2], NULL, 0) :
			       (uint64_t)time(NULL) * 2654435761u;
	if (!rng_state)
		rng_state = 1;
	printf("# nl_fuzz: %lu messages, seed %llu\n", count,
	       (unsigned long long)rng_state);
	if (open_sock(&s)) {
		printf("# cannot open the cgscope family\n");
		return KSFT_FAIL;
	}

	for (i = 0; i < count; i++) {
		struct genl_msg m;
		uint16_t flags = 0;
		uint8_t cmd;
		bool dump, well_formed = true, abandon = false;
		size_t bufsize = GENL_BUF_SIZE, alen;
		int r;

		cmd = rnd_below(10) ? 1 + rnd_below(CGSCOPE_CMD_MAX) :
				      rnd_below(256);
		dump = rnd_below(3) == 0;
		if (dump)
			flags |= NLM_F_DUMP;
		if (rnd_below(4) == 0)
			flags |= NLM_F_ACK;
		genl_msg_init(&m, s.family, flags, cmd,
			      rnd_below(8) ? CGSCOPE_FAMILY_VERSION : rnd_below(3));
		alen = fuzz_attrs(m.buf + NLMSG_ALIGN(m.nlh->nlmsg_len),
				  sizeof(m.buf) - NLMSG_ALIGN(m.nlh->nlmsg_len) - 64,
				  0);
		m.nlh->nlmsg_len = NLMSG_ALIGN(m.nlh->nlmsg_len) + alen;
		/* a message cut mid-attribute */
		if (alen > 2 && !rnd_below(30)) {
			m.nlh->nlmsg_len -= 1 + rnd_below(alen - 1);
			o.truncated++;
			well_formed = false;
		}
		if (dump && !rnd_below(10))
			abandon = true;
		if (abandon && rnd_below(2)) {
			bufsize = 64 + rnd_below(512);
			o.tiny++;
		}

		if (genl_send(&s, &m) < 0) {
			/* the kernel refused the datagram itself */
			o.err[EINVAL]++;
			continue;
		}
		r = read_answer(&s, bufsize, abandon);
		if (abandon) {
			/* leave the dump half-read: a new socket */
			o.abandoned++;
			genl_close(&s);
			if (open_sock(&s)) {
				printf("# cannot reopen the family\n");
				return KSFT_FAIL;
			}
			continue;
		}
		if (r < 0) {
			o.no_answer++;
			printf("# no answer: cmd %u flags %#x\n", cmd, flags);
			genl_close(&s);
			if (open_sock(&s))
				return KSFT_FAIL;
			continue;
		}
		if (r > 0) {
			o.ok++;
			continue;
		}
		e = -s.error;
		if (e > 0 && e < MAX_ERRNO)
			o.err[e]++;
		if (s.extack_msg[0] || s.extack_has_bad_attr ||
		    s.extack_has_missing) {
			o.explained++;
		} else if (!dump && well_formed && has_do(cmd) &&
			   e != EOPNOTSUPP && e != EPERM) {
			o.unexplained_do++;
			if (o.unexplained_do <= 10)
				printf("# unexplained error %d for do of cmd %u\n",
				       -e, cmd);
		}
	}
	genl_close(&s);

	printf("# sent %lu: answered %lu, errors %lu (%lu explained by extack)\n",
	       count, o.ok, count - o.ok - o.no_answer - o.abandoned,
	       o.explained);
	printf("# abandoned dumps %lu (%lu after a tiny read), truncated messages %lu\n",
	       o.abandoned, o.tiny, o.truncated);
	for (e = 1; e < MAX_ERRNO; e++)
		if (o.err[e])
			printf("# %-12s %lu\n", strerror(e), o.err[e]);
	if (o.no_answer) {
		printf("# FAIL: %lu requests got no answer\n", o.no_answer);
		ret = KSFT_FAIL;
	}
	if (o.unexplained_do) {
		printf("# FAIL: %lu errors to well-formed do requests had no extack\n",
		       o.unexplained_do);
		ret = KSFT_FAIL;
	}
	return ret;
}
