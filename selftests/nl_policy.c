// SPDX-License-Identifier: GPL-2.0
/*
 * The cgscope netlink family at the wire level: every op validates its
 * request strictly and explains a refusal in the extended ACK; objects that
 * do not exist are ENOENT/ESRCH with a message; every op refuses callers
 * without CAP_NET_ADMIN in the initial user namespace (EVENT_GET and
 * DYING_GET only dump: a do is EOPNOTSUPP).  Uses a raw netlink client
 * (genl.h), not the cgscope command.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "genl.h"
#include "../include/uapi/linux/cgscope.h"

FIXTURE(nl)
{
	struct genl_sock s;
};

FIXTURE_SETUP(nl)
{
	int err = genl_open(&self->s, CGSCOPE_FAMILY_NAME);

	/*
	 * The module is loaded in every guest before this runs: no family
	 * is a failure, not a skip (the harness counts a skip as a pass).
	 */
	if (err == -ENOENT)
		TH_LOG("no %s netlink family: cgscope module not loaded",
		       CGSCOPE_FAMILY_NAME);
	ASSERT_EQ(0, err);
}

FIXTURE_TEARDOWN(nl)
{
	genl_close(&self->s);
}

/* Every op, and whether it answers a do and a dump. */
static const struct {
	uint8_t cmd;
	bool dump;
	bool no_do;
} ops[] = {
	{ CGSCOPE_CMD_INFO_GET, false, false },
	{ CGSCOPE_CMD_ROOT_GET, true, false },
	{ CGSCOPE_CMD_CGROUP_GET, true, false },
	{ CGSCOPE_CMD_CSET_GET, true, false },
	{ CGSCOPE_CMD_TASK_GET, true, false },
	{ CGSCOPE_CMD_DEVCG_GET, false, false },
	{ CGSCOPE_CMD_DEVCG_CHECK, false, false },
	{ CGSCOPE_CMD_TASK_NS_GET, false, false },
	{ CGSCOPE_CMD_NS_GET, true, false },
	{ CGSCOPE_CMD_EVENT_GET, true, true },
	{ CGSCOPE_CMD_EVENT_STATS_GET, false, false },
	{ CGSCOPE_CMD_EVENT_ARM, false, false },
	{ CGSCOPE_CMD_DYING_GET, true, true },
	{ CGSCOPE_CMD_MEMCG_GET, false, false },
};

#define NR_OPS (sizeof(ops) / sizeof(ops[0]))

/* Send one request and wait for its answer; returns s->error. */
static int request(struct genl_sock *s, struct genl_msg *m, genl_msg_cb cb,
		   void *arg)
{
	if (genl_send(s, m) < 0)
		return -EIO;
	if (genl_recv(s, cb, arg, GENL_BUF_SIZE) < 0)
		return -EIO;
	return s->error;
}

struct info_reply {
	char release[128];
	char version[64];
	uint64_t init_cset;
	int msgs;
};

static int info_cb(struct nlmsghdr *nlh, void *arg)
{
	struct info_reply *r = arg;
	struct nlattr *a;

	r->msgs++;
	genl_for_each_attr(a, (char *)NLMSG_DATA(nlh) + GENL_HDRLEN,
			   nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN)) {
		switch (a->nla_type) {
		case CGSCOPE_A_INFO_KERNEL_RELEASE:
			snprintf(r->release, sizeof(r->release), "%s",
				 (char *)genl_attr_data(a));
			break;
		case CGSCOPE_A_INFO_VERSION:
			snprintf(r->version, sizeof(r->version), "%s",
				 (char *)genl_attr_data(a));
			break;
		case CGSCOPE_A_INFO_INIT_CSET_ID:
			memcpy(&r->init_cset, genl_attr_data(a), 8);
			break;
		}
	}
	return 0;
}

TEST_F(nl, info)
{
	struct info_reply r = { };
	struct utsname u;
	struct genl_msg m;

	genl_msg_init(&m, self->s.family, 0, CGSCOPE_CMD_INFO_GET,
		      CGSCOPE_FAMILY_VERSION);
	ASSERT_EQ(0, request(&self->s, &m, info_cb, &r));
	ASSERT_EQ(1, r.msgs);
	ASSERT_EQ(0, uname(&u));
	EXPECT_STREQ(u.release, r.release);
	EXPECT_NE((size_t)0, strlen(r.version));
	EXPECT_NE((uint64_t)0, r.init_cset);
}

TEST_F(nl, unknown_attribute_rejected)
{
	struct genl_msg m;

	genl_msg_init(&m, self->s.family, 0, CGSCOPE_CMD_INFO_GET, 1);
	genl_msg_put_u32(&m, 1, 7);
	EXPECT_EQ(-EINVAL, request(&self->s, &m, NULL, NULL));
	EXPECT_TRUE(self->s.extack_has_bad_attr);
	EXPECT_NE((size_t)0, strlen(self->s.extack_msg));
	TH_LOG("extack: %s", self->s.extack_msg);

	/* above the op's maxattr */
	genl_msg_init(&m, self->s.family, 0, CGSCOPE_CMD_TASK_GET, 1);
	genl_msg_put_u32(&m, CGSCOPE_A_TASK_PID, 1);
	genl_msg_put_u32(&m, CGSCOPE_A_TASK_CGROUP, 1);
	EXPECT_EQ(-EINVAL, request(&self->s, &m, NULL, NULL));
}

/* Any attribute type, in any op's request: an answer, never a crash. */
TEST_F(nl, every_attribute_type)
{
	unsigned int i, type, dump;
	struct genl_msg m;
	int err;

	for (i = 0; i < NR_OPS; i++) {
		for (dump = 0; dump < 2; dump++) {
			for (type = 1; type < 40; type++) {
				genl_msg_init(&m, self->s.family,
					      dump ? NLM_F_DUMP : 0, ops[i].cmd, 1);
				genl_msg_put_u64(&m, type, 1);
				err = request(&self->s, &m, NULL, NULL);
				if ((dump && !ops[i].dump) ||
				    (!dump && ops[i].no_do)) {
					EXPECT_EQ(-EOPNOTSUPP, err);
					continue;
				}
				EXPECT_TRUE(err == 0 || err == -EINVAL ||
					    err == -ERANGE || err == -ENOENT ||
					    err == -ESRCH)
					TH_LOG("cmd %u type %u dump %u: %d",
					       ops[i].cmd, type, dump, err);
			}
		}
	}
}

TEST_F(nl, missing_attribute)
{
	static const uint8_t cmds[] = {
		CGSCOPE_CMD_ROOT_GET, CGSCOPE_CMD_CGROUP_GET,
		CGSCOPE_CMD_CSET_GET, CGSCOPE_CMD_TASK_GET,
		CGSCOPE_CMD_DEVCG_CHECK, CGSCOPE_CMD_TASK_NS_GET,
		CGSCOPE_CMD_NS_GET,
	};
	struct genl_msg m;
	unsigned int i;

	for (i = 0; i < sizeof(cmds); i++) {
		genl_msg_init(&m, self->s.family, 0, cmds[i], 1);
		EXPECT_EQ(-EINVAL, request(&self->s, &m, NULL, NULL));
		EXPECT_TRUE(self->s.extack_has_missing);
	}

	/* a memory cgroup: a task or a cgroup, and a cgroup needs both ids */
	genl_msg_init(&m, self->s.family, 0, CGSCOPE_CMD_MEMCG_GET, 1);
	EXPECT_EQ(-EINVAL, request(&self->s, &m, NULL, NULL));
	EXPECT_STREQ("name a task (pid) or a cgroup (hierarchy and cgroup id), not both",
		     self->s.extack_msg);
	genl_msg_init(&m, self->s.family, 0, CGSCOPE_CMD_MEMCG_GET, 1);
	genl_msg_put_u32(&m, CGSCOPE_A_MEMCG_HIERARCHY_ID, 0);
	EXPECT_EQ(-EINVAL, request(&self->s, &m, NULL, NULL));
	EXPECT_TRUE(self->s.extack_has_missing);
	genl_msg_init(&m, self->s.family, 0, CGSCOPE_CMD_MEMCG_GET, 1);
	genl_msg_put_u32(&m, CGSCOPE_A_MEMCG_PID, 1);
	genl_msg_put_u64(&m, CGSCOPE_A_MEMCG_CGROUP_ID, 1);
	EXPECT_EQ(-EINVAL, request(&self->s, &m, NULL, NULL));
}

TEST_F(nl, wrong_attribute_size)
{
	struct genl_msg m;

	/* a cgroup id is a u64 */
	genl_msg_init(&m, self->s.family, 0, CGSCOPE_CMD_CGROUP_GET, 1);
	genl_msg_put_u32(&m, CGSCOPE_A_CGROUP_HIERARCHY_ID, 0);
	genl_msg_put_u32(&m, CGSCOPE_A_CGROUP_ID, 1);
	EXPECT_EQ(-EINVAL, request(&self->s, &m, NULL, NULL));
	EXPECT_TRUE(self->s.extack_has_bad_attr);

	/* truncated attribute */
	genl_msg_init(&m, self->s.family, 0, CGSCOPE_CMD_TASK_GET, 1);
	genl_msg_put(&m, CGSCOPE_A_TASK_PID, "\x01\x00", 2);
	EXPECT_EQ(-EINVAL, request(&self->s, &m, NULL, NULL));
}

TEST_F(nl, out_of_range)
{
	struct genl_msg m;

	/* the kernel's policy checks answer ERANGE for values out of range */
	genl_msg_init(&m, self->s.family, 0, CGSCOPE_CMD_TASK_GET, 1);
	genl_msg_put_u32(&m, CGSCOPE_A_TASK_PID, 0);
	EXPECT_EQ(-ERANGE, request(&self->s, &m, NULL, NULL));
	EXPECT_TRUE(self->s.extack_has_bad_attr);

	genl_msg_init(&m, self->s.family, 0, CGSCOPE_CMD_TASK_GET, 1);
	genl_msg_put_u32(&m, CGSCOPE_A_TASK_PID, 0x80000000u);
	EXPECT_EQ(-ERANGE, request(&self->s, &m, NULL, NULL));
	EXPECT_TRUE(self->s.extack_has_bad_attr);

	genl_msg_init(&m, self->s.family, 0, CGSCOPE_CMD_CSET_GET, 1);
	genl_msg_put_u64(&m, CGSCOPE_A_CSET_ID, 0);
	EXPECT_EQ(-ERANGE, request(&self->s, &m, NULL, NULL));
	EXPECT_TRUE(self->s.extack_has_bad_attr);

	/* namespace types are 1 .. CGSCOPE_NS_TIME, for do and dump */
	genl_msg_init(&m, self->s.family, 0, CGSCOPE_CMD_NS_GET, 1);
	genl_msg_put_u32(&m, CGSCOPE_A_NS_TYPE, CGSCOPE_NS_TIME + 1);
	genl_msg_put_u32(&m, CGSCOPE_A_NS_INODE, 1);
	EXPECT_EQ(-ERANGE, request(&self->s, &m, NULL, NULL));
	EXPECT_TRUE(self->s.extack_has_bad_attr);

	genl_msg_init(&m, self->s.family, NLM_F_DUMP, CGSCOPE_CMD_NS_GET, 1);
	genl_msg_put_u32(&m, CGSCOPE_A_NS_TYPE, 0);
	EXPECT_EQ(-ERANGE, request(&self->s, &m, NULL, NULL));

	genl_msg_init(&m, self->s.family, 0, CGSCOPE_CMD_TASK_NS_GET, 1);
	genl_msg_put_u32(&m, CGSCOPE_A_TASK_NS_PID, 0);
	EXPECT_EQ(-ERANGE, request(&self->s, &m, NULL, NULL));

	genl_msg_init(&m, self->s.family, 0, CGSCOPE_CMD_MEMCG_GET, 1);
	genl_msg_put_u32(&m, CGSCOPE_A_MEMCG_PID, 0);
	EXPECT_EQ(-ERANGE, request(&self->s, &m, NULL, NULL));
	EXPECT_TRUE(self->s.extack_has_bad_attr);

	genl_msg_init(&m, self->s.family, 0, CGSCOPE_CMD_MEMCG_GET, 1);
	genl_msg_put_u32(&m, CGSCOPE_A_MEMCG_PID, 0x80000000u);
	EXPECT_EQ(-ERANGE, request(&self->s, &m, NULL, NULL));

	/* a controller name longer than the kernel allows has no NUL in reach */
	genl_msg_init(&m, self->s.family, NLM_F_DUMP, CGSCOPE_CMD_DYING_GET, 1);
	genl_msg_put(&m, CGSCOPE_A_DYING_CONTROLLER,
		     "memorymemorymemorymemorymemorymemory", 37);
	EXPECT_EQ(-EINVAL, request(&self->s, &m, NULL, NULL));
	/* and a string without its NUL */
	genl_msg_init(&m, self->s.family, NLM_F_DUMP, CGSCOPE_CMD_DYING_GET, 1);
	genl_msg_put(&m, CGSCOPE_A_DYING_CONTROLLER, "memory", 6);
	EXPECT_EQ(-EINVAL, request(&self->s, &m, NULL, NULL));
}

TEST_F(nl, no_such_object)
{
	struct genl_msg m;

	genl_msg_init(&m, self->s.family, 0, CGSCOPE_CMD_ROOT_GET, 1);
	genl_msg_put_u32(&m, CGSCOPE_A_ROOT_HIERARCHY_ID, 100000);
	EXPECT_EQ(-ENOENT, request(&self->s, &m, NULL, NULL));
	EXPECT_STREQ("no such hierarchy", self->s.extack_msg);

	genl_msg_init(&m, self->s.family, 0, CGSCOPE_CMD_CGROUP_GET, 1);
	genl_msg_put_u32(&m, CGSCOPE_A_CGROUP_HIERARCHY_ID, 0);
	genl_msg_put_u64(&m, CGSCOPE_A_CGROUP_ID, 1ULL << 62);
	EXPECT_EQ(-ENOENT, request(&self->s, &m, NULL, NULL));
	EXPECT_STREQ("no such cgroup in this hierarchy", self->s.extack_msg);

	genl_msg_init(&m, self->s.family, 0, CGSCOPE_CMD_CSET_GET, 1);
	genl_msg_put_u64(&m, CGSCOPE_A_CSET_ID, 1);
	EXPECT_EQ(-ENOENT, request(&self->s, &m, NULL, NULL));
	EXPECT_STREQ("no such css_set", self->s.extack_msg);

	/* inode 1 is the root of procfs, never a namespace */
	genl_msg_init(&m, self->s.family, 0, CGSCOPE_CMD_NS_GET, 1);
	genl_msg_put_u32(&m, CGSCOPE_A_NS_TYPE, CGSCOPE_NS_NET);
	genl_msg_put_u32(&m, CGSCOPE_A_NS_INODE, 1);
	EXPECT_EQ(-ENOENT, request(&self->s, &m, NULL, NULL));
	EXPECT_STREQ("no task is in a namespace of that type and inode",
		     self->s.extack_msg);

	genl_msg_init(&m, self->s.family, 0, CGSCOPE_CMD_MEMCG_GET, 1);
	genl_msg_put_u32(&m, CGSCOPE_A_MEMCG_HIERARCHY_ID, 100000);
	genl_msg_put_u64(&m, CGSCOPE_A_MEMCG_CGROUP_ID, 1);
	EXPECT_EQ(-ENOENT, request(&self->s, &m, NULL, NULL));
	EXPECT_STREQ("no such hierarchy", self->s.extack_msg);

	genl_msg_init(&m, self->s.family, 0, CGSCOPE_CMD_MEMCG_GET, 1);
	genl_msg_put_u32(&m, CGSCOPE_A_MEMCG_HIERARCHY_ID, 0);
	genl_msg_put_u64(&m, CGSCOPE_A_MEMCG_CGROUP_ID, 1ULL << 62);
	EXPECT_EQ(-ENOENT, request(&self->s, &m, NULL, NULL));
	EXPECT_STREQ("no such cgroup in this hierarchy", self->s.extack_msg);
}

TEST_F(nl, exited_task)
{
	struct genl_msg m;
	pid_t pid;
	int status;

	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid)
		_exit(0);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));

	/* reaped: the pid names nothing any more */
	genl_msg_init(&m, self->s.family, 0, CGSCOPE_CMD_TASK_GET, 1);
	genl_msg_put_u32(&m, CGSCOPE_A_TASK_PID, pid);
	EXPECT_EQ(-ESRCH, request(&self->s, &m, NULL, NULL));
	EXPECT_STREQ("no such task", self->s.extack_msg);

	genl_msg_init(&m, self->s.family, 0, CGSCOPE_CMD_TASK_NS_GET, 1);
	genl_msg_put_u32(&m, CGSCOPE_A_TASK_NS_PID, pid);
	EXPECT_EQ(-ESRCH, request(&self->s, &m, NULL, NULL));
	EXPECT_STREQ("no such task", self->s.extack_msg);

	genl_msg_init(&m, self->s.family, 0, CGSCOPE_CMD_MEMCG_GET, 1);
	genl_msg_put_u32(&m, CGSCOPE_A_MEMCG_PID, pid);
	EXPECT_EQ(-ESRCH, request(&self->s, &m, NULL, NULL));
	EXPECT_STREQ("no such task", self->s.extack_msg);
}

/*
 * The extack message a dump's start callback sets reaches user space on
 * 6.12, not on 6.1 (its netlink_dump_start() does not pass it on): check it
 * where the kernel delivers one.
 */
static void expect_dump_msg(struct __test_metadata *_metadata,
			    struct genl_sock *s, const char *msg)
{
	if (!s->extack_msg[0]) {
		TH_LOG("this kernel drops a dump start's extack (wanted \"%s\")", msg);
		return;
	}
	EXPECT_STREQ(msg, s->extack_msg);
}

TEST_F(nl, dump_filters)
{
	struct genl_msg m;

	/* dumps that take no filter refuse one */
	genl_msg_init(&m, self->s.family, NLM_F_DUMP, CGSCOPE_CMD_ROOT_GET, 1);
	genl_msg_put_u32(&m, CGSCOPE_A_ROOT_HIERARCHY_ID, 0);
	EXPECT_EQ(-EINVAL, request(&self->s, &m, NULL, NULL));
	expect_dump_msg(_metadata, &self->s, "this dump takes no attributes");

	genl_msg_init(&m, self->s.family, NLM_F_DUMP, CGSCOPE_CMD_TASK_GET, 1);
	genl_msg_put_u32(&m, CGSCOPE_A_TASK_PID, 1);
	EXPECT_EQ(-EINVAL, request(&self->s, &m, NULL, NULL));

	/* the namespace dump filters by type, not by inode */
	genl_msg_init(&m, self->s.family, NLM_F_DUMP, CGSCOPE_CMD_NS_GET, 1);
	genl_msg_put_u32(&m, CGSCOPE_A_NS_INODE, 1);
	EXPECT_EQ(-EINVAL, request(&self->s, &m, NULL, NULL));
	expect_dump_msg(_metadata, &self->s,
			"a dump filters by type only; ask for one inode with a do request");

	/* a subtree needs its hierarchy */
	genl_msg_init(&m, self->s.family, NLM_F_DUMP, CGSCOPE_CMD_CGROUP_GET, 1);
	genl_msg_put_u64(&m, CGSCOPE_A_CGROUP_ID, 1);
	EXPECT_EQ(-EINVAL, request(&self->s, &m, NULL, NULL));
	expect_dump_msg(_metadata, &self->s, "a cgroup id needs its hierarchy id");

	genl_msg_init(&m, self->s.family, NLM_F_DUMP, CGSCOPE_CMD_CGROUP_GET, 1);
	genl_msg_put_u32(&m, CGSCOPE_A_CGROUP_HIERARCHY_ID, 100000);
	EXPECT_EQ(-ENOENT, request(&self->s, &m, NULL, NULL));

	/* dying csses: one controller, by a name this kernel knows */
	genl_msg_init(&m, self->s.family, NLM_F_DUMP, CGSCOPE_CMD_DYING_GET, 1);
	genl_msg_put(&m, CGSCOPE_A_DYING_CONTROLLER, "nosuch", 7);
	EXPECT_EQ(-EINVAL, request(&self->s, &m, NULL, NULL));
	expect_dump_msg(_metadata, &self->s, "no such controller on this kernel");

	genl_msg_init(&m, self->s.family, NLM_F_DUMP, CGSCOPE_CMD_DYING_GET, 1);
	genl_msg_put(&m, CGSCOPE_A_DYING_CONTROLLER, "cgroup", 7);
	EXPECT_EQ(0, request(&self->s, &m, NULL, NULL));

	genl_msg_init(&m, self->s.family, NLM_F_DUMP, CGSCOPE_CMD_DYING_GET, 1);
	genl_msg_put_u32(&m, CGSCOPE_A_DYING_CSS_ID, 1);
	EXPECT_EQ(-EINVAL, request(&self->s, &m, NULL, NULL));
}

TEST_F(nl, unknown_command)
{
	struct genl_msg m;

	genl_msg_init(&m, self->s.family, 0, CGSCOPE_CMD_MAX + 1, 1);
	EXPECT_EQ(-EOPNOTSUPP, request(&self->s, &m, NULL, NULL));
	genl_msg_init(&m, self->s.family, 0, 0, 1);
	EXPECT_EQ(-EOPNOTSUPP, request(&self->s, &m, NULL, NULL));
}

/* Try every op, do and dump; returns how many were refused with EPERM. */
static int refused_ops(struct __test_metadata *_metadata, struct genl_sock *s)
{
	struct genl_msg m;
	unsigned int i;
	int refused = 0;

	for (i = 0; i < NR_OPS; i++) {
		genl_msg_init(&m, s->family, 0, ops[i].cmd, 1);
		if (!ops[i].no_do && request(s, &m, NULL, NULL) == -EPERM)
			refused++;
		if (!ops[i].dump)
			continue;
		genl_msg_init(&m, s->family, NLM_F_DUMP, ops[i].cmd, 1);
		if (request(s, &m, NULL, NULL) == -EPERM)
			refused++;
	}
	return refused;
}

/* every op's do, and the dumps */
static int nr_requests(void)
{
	unsigned int i;
	int n = 0;

	for (i = 0; i < NR_OPS; i++)
		n += (ops[i].no_do ? 0 : 1) + (ops[i].dump ? 1 : 0);
	return n;
}

static void in_child(struct __test_metadata *_metadata,
		     int (*drop)(void), struct genl_sock *s)
{
	pid_t pid = fork();
	int status;

	ASSERT_LE(0, pid);
	if (!pid) {
		if (drop())
			_exit(2);
		_exit(refused_ops(_metadata, s) == nr_requests() ? 0 : 1);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

static int drop_to_nobody(void)
{
	return setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534);
}

static int enter_userns(void)
{
	return unshare(CLONE_NEWUSER);
}

TEST_F(nl, privileged_only)
{
	/* root's socket used by a process that dropped privileges */
	in_child(_metadata, drop_to_nobody, &self->s);
	/* root's socket used by root in a new user namespace */
	in_child(_metadata, enter_userns, &self->s);
	/* and the plain root socket works */
	EXPECT_EQ(0, refused_ops(_metadata, &self->s));
}

/* An unprivileged user with a socket of its own. */
TEST(unprivileged_socket)
{
	pid_t pid = fork();
	int status;

	ASSERT_LE(0, pid);
	if (!pid) {
		struct genl_sock s;

		if (drop_to_nobody())
			_exit(2);
		if (genl_open(&s, CGSCOPE_FAMILY_NAME))
			_exit(3);
		_exit(refused_ops(_metadata, &s) == nr_requests() ? 0 : 1);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

TEST_HARNESS_MAIN
