// SPDX-License-Identifier: GPL-2.0
/*
 * dump_check: dump every object kind over netlink, again and again, while
 * stress.sh churns the cgroup world and unloads and reloads the module, and
 * check every dump that completes:
 *
 *   - no object twice: a hierarchy, a (hierarchy, cgroup), a css_set, a
 *     task, a (type, inode) namespace, an event sequence number, a dying
 *     (controller, css id), a removed (hierarchy, cgroup);
 *   - parents before children in a cgroup dump;
 *   - event sequence numbers rising.
 *
 * A dump the kernel flagged NLM_F_DUMP_INTR is checked too and counted
 * apart: a violation there is reported but forgiven (the kernel said the
 * world changed under it); one in an unflagged dump fails.
 *
 * Dumps are read on a fresh socket each time with 16, 32 or 64 KiB reads
 * (a dump's rounds are as large as the largest read the socket has seen,
 * at least 16 KiB, what the module asks for its largest messages), and
 * one in eight is abandoned after its first read.  The
 * family may vanish at any time (rmmod): a failed family lookup, ENOENT,
 * EOPNOTSUPP or EPROTONOSUPPORT (the module going) count as "module away".
 *
 *   dump_check SECONDS SEED
 *
 * Prints one line of counts; exit status 0 when no unflagged dump was
 * inconsistent, no other error was seen and some multi-round dumps were
 * checked, 1 otherwise.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <uapi/linux/cgscope.h>

#include "genl.h"

/* An open-addressing set of 128-bit keys (key 0,0 is never stored). */
struct kset {
	uint64_t (*k)[2];
	size_t cap, n;
};

static uint64_t mix(uint64_t a, uint64_t b)
{
	uint64_t h = a * 0x9e3779b97f4a7c15ull ^ (b + 0x632be59bd9b4e019ull);

	h ^= h >> 29;
	return h * 0xbf58476d1ce4e5b9ull;
}

static void kset_clear(struct kset *s)
{
	if (s->k)
		memset(s->k, 0, s->cap * sizeof(*s->k));
	s->n = 0;
}

static bool kset_has(const struct kset *s, uint64_t a, uint64_t b)
{
	size_t i;

	if (!s->cap)
		return false;
	for (i = mix(a, b) & (s->cap - 1); s->k[i][0] || s->k[i][1];
	     i = (i + 1) & (s->cap - 1))
		if (s->k[i][0] == a && s->k[i][1] == b)
			return true;
	return false;
}

/* Add a key; returns false if it was there already. */
static bool kset_add(struct kset *s, uint64_t a, uint64_t b)
{
	size_t i;

	a++;	/* keep (0, 0) free as the empty mark */
	if (kset_has(s, a, b))
		return false;
	if (2 * (s->n + 1) > s->cap) {
		struct kset big = { .cap = s->cap ? 2 * s->cap : 1024 };

		big.k = calloc(big.cap, sizeof(*big.k));
		if (!big.k) {
			perror("calloc");
			exit(1);
		}
		for (i = 0; i < s->cap; i++)
			if (s->k[i][0] || s->k[i][1])
				kset_add(&big, s->k[i][0] - 1, s->k[i][1]);
		free(s->k);
		*s = big;
	}
	for (i = mix(a, b) & (s->cap - 1); s->k[i][0] || s->k[i][1];
	     i = (i + 1) & (s->cap - 1))
		;
	s->k[i][0] = a;
	s->k[i][1] = b;
	s->n++;
	return true;
}

static bool kset_contains(const struct kset *s, uint64_t a, uint64_t b)
{
	return kset_has(s, a + 1, b);
}

static const struct {
	const char *name;
	uint8_t cmd;
} kinds[] = {
	{ "roots", CGSCOPE_CMD_ROOT_GET },
	{ "cgroups", CGSCOPE_CMD_CGROUP_GET },
	{ "csets", CGSCOPE_CMD_CSET_GET },
	{ "tasks", CGSCOPE_CMD_TASK_GET },
	{ "namespaces", CGSCOPE_CMD_NS_GET },
	{ "events", CGSCOPE_CMD_EVENT_GET },
	{ "dying", CGSCOPE_CMD_DYING_GET },
};

#define NR_KINDS (sizeof(kinds) / sizeof(kinds[0]))

struct dump {
	uint8_t cmd;
	struct kset seen;
	uint64_t last_seq;
	unsigned long objects;
	const char *bad;	/* the first inconsistency, or NULL */
	int abandon;		/* messages left before abandoning, or -1 */
};

static uint64_t attr_u64(struct nlattr *a)
{
	uint64_t v = 0;

	memcpy(&v, genl_attr_data(a), genl_attr_len(a) < 8 ? 4 : 8);
	return v;
}

static uint64_t str_hash(const char *str)
{
	uint32_t h = 2166136261u;	/* FNV-1a */

	while (*str)
		h = (h ^ (unsigned char)*str++) * 16777619u;
	return h;
}

static int on_object(struct nlmsghdr *nlh, void *arg)
{
	struct genlmsghdr *g = NLMSG_DATA(nlh);
	struct dump *d = arg;
	uint64_t a = 0, b = 0, parent = 0, css_id = 0, hier = 0;
	bool has_parent = false, has_css_id = false;
	struct nlattr *at;

	genl_for_each_attr(at, (char *)g + GENL_HDRLEN,
			   nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN)) {
		switch (d->cmd) {
		case CGSCOPE_CMD_ROOT_GET:
			if (at->nla_type == CGSCOPE_A_ROOT_HIERARCHY_ID)
				a = attr_u64(at);
			break;
		case CGSCOPE_CMD_CGROUP_GET:
			if (at->nla_type == CGSCOPE_A_CGROUP_HIERARCHY_ID)
				a = attr_u64(at);
			else if (at->nla_type == CGSCOPE_A_CGROUP_ID)
				b = attr_u64(at);
			else if (at->nla_type == CGSCOPE_A_CGROUP_PARENT_ID) {
				parent = attr_u64(at);
				has_parent = true;
			}
			break;
		case CGSCOPE_CMD_CSET_GET:
			if (at->nla_type == CGSCOPE_A_CSET_ID)
				a = attr_u64(at);
			break;
		case CGSCOPE_CMD_TASK_GET:
			if (at->nla_type == CGSCOPE_A_TASK_PID)
				a = attr_u64(at);
			break;
		case CGSCOPE_CMD_NS_GET:
			if (at->nla_type == CGSCOPE_A_NS_TYPE)
				a = attr_u64(at);
			else if (at->nla_type == CGSCOPE_A_NS_INODE)
				b = attr_u64(at);
			break;
		case CGSCOPE_CMD_EVENT_GET:
			if (at->nla_type == CGSCOPE_A_EVENT_SEQ)
				a = attr_u64(at);
			break;
		case CGSCOPE_CMD_DYING_GET:
			/*
			 * css ids are per controller: (controller, id); a
			 * removed cgroup's id is per hierarchy: ("cgroup",
			 * hierarchy, id)
			 */
			if (at->nla_type == CGSCOPE_A_DYING_CSS_ID) {
				css_id = attr_u64(at);
				has_css_id = true;
			} else if (at->nla_type == CGSCOPE_A_DYING_CONTROLLER) {
				a |= str_hash(genl_attr_data(at)) << 32;
			} else if (at->nla_type == CGSCOPE_A_DYING_HIERARCHY_ID) {
				hier = attr_u64(at);
			} else if (at->nla_type == CGSCOPE_A_DYING_CGROUP_ID) {
				b = attr_u64(at);
			}
			break;
		}
	}
	if (d->cmd == CGSCOPE_CMD_DYING_GET)
		a |= has_css_id ? css_id : hier;
	d->objects++;
	if (!d->bad && d->cmd == CGSCOPE_CMD_CGROUP_GET && has_parent &&
	    !kset_contains(&d->seen, a, parent))
		d->bad = "a cgroup before its parent";
	if (!d->bad && d->cmd == CGSCOPE_CMD_EVENT_GET) {
		if (a <= d->last_seq)
			d->bad = "event sequence numbers not rising";
		d->last_seq = a;
	}
	if (!kset_add(&d->seen, a, b) && !d->bad)
		d->bad = "an object twice";
	return 0;
}

static unsigned long ns_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000000000ul + t.tv_nsec - t0->tv_nsec;
}

int main(int argc, char **argv)
{
	static const size_t bufs[] = { 16384, 32768, 65536 };
	unsigned long done[NR_KINDS] = {}, intr = 0, multi = 0, abandoned = 0;
	unsigned long away = 0, bad = 0, bad_intr = 0, other = 0, objects = 0;
	struct dump d = {};
	struct timespec t0;
	unsigned long secs;
	int one = 1;

	if (argc != 3) {
		fprintf(stderr, "usage: %s SECONDS SEED\n", argv[0]);
		return 2;
	}
	secs = strtoul(argv[1], NULL, 0);
	srandom(strtoul(argv[2], NULL, 0));
	clock_gettime(CLOCK_MONOTONIC, &t0);

	while (ns_since(&t0) < secs * 1000000000ul) {
		unsigned int k = random() % NR_KINDS;
		size_t buf = bufs[random() % 3];
		struct genl_sock s;
		struct genl_msg m;
		int recvs;

		if (genl_open(&s, "cgscope")) {
			away++;
			usleep(20000);
			continue;
		}
		/*
		 * The kernel sizes a dump's messages by the largest read the
		 * socket has seen: dump on a socket that never read more
		 * than this dump will.
		 */
		close(s.fd);
		s.fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC,
			      NETLINK_GENERIC);
		if (s.fd < 0) {
			perror("socket");
			return 1;
		}
		setsockopt(s.fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
		setsockopt(s.fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
		/* a dump that never ends is a hang: give up after 30 s */
		setsockopt(s.fd, SOL_SOCKET, SO_RCVTIMEO, &(struct timeval){ 30, 0 },
			   sizeof(struct timeval));
		d.cmd = kinds[k].cmd;
		d.last_seq = 0;
		d.objects = 0;
		d.bad = NULL;
		kset_clear(&d.seen);
		genl_msg_init(&m, s.family, NLM_F_DUMP, d.cmd, 1);
		if (genl_send(&s, &m) < 0) {
			genl_close(&s);
			away++;
			continue;
		}
		if (random() % 8 == 0) {
			/* read one round, then walk away from the dump */
			char b[65536];

			if (recv(s.fd, b, sizeof(b), 0) < 0)
				other++;
			genl_close(&s);
			abandoned++;
			continue;
		}
		recvs = genl_recv(&s, on_object, &d, buf);
		genl_close(&s);
		if (recvs < 0 || s.error) {
			int err = recvs < 0 ? recvs : s.error;

			/*
			 * The family gone (ENOENT, EOPNOTSUPP), or the module
			 * going: netlink cannot pin it for the dump.
			 */
			if (err == -ENOENT || err == -EOPNOTSUPP ||
			    err == -EPROTONOSUPPORT) {
				away++;
			} else if (err == -EAGAIN) {
				other++;
				fprintf(stderr, "%s dump: no answer in 30 s\n",
					kinds[k].name);
			} else {
				other++;
				fprintf(stderr, "%s dump: %s (%s)\n", kinds[k].name,
					strerror(-err), s.extack_msg);
			}
			continue;
		}
		done[k]++;
		objects += d.objects;
		if (s.dump_intr)
			intr++;
		else if (recvs > 1)
			multi++;
		if (d.bad && s.dump_intr) {
			bad_intr++;
		} else if (d.bad) {
			bad++;
			fprintf(stderr, "%s dump of %lu objects: %s\n",
				kinds[k].name, d.objects, d.bad);
		}
	}

	printf("dumps:");
	for (unsigned int k = 0; k < NR_KINDS; k++)
		printf(" %s %lu", kinds[k].name, done[k]);
	printf("; objects %lu, unflagged multi-round %lu, flagged DUMP_INTR %lu, abandoned %lu, module away %lu, inconsistent %lu (flagged: %lu), other errors %lu\n",
	       objects, multi, intr, abandoned, away, bad, bad_intr, other);
	return bad || other || !multi;
}
