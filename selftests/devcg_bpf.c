// SPDX-License-Identifier: GPL-2.0
/*
 * devcg_bpf: attach a v2 device program to a cgroup, built here with the
 * bpf syscall from a handful of instructions (no BPF compiler needed).
 *
 *   devcg_bpf CGROUP_DIR TYPE MAJOR MINOR ACCESS
 *
 * The program denies accesses to the device TYPE (c or b) MAJOR:MINOR that
 * ask for any of ACCESS (letters of rwm) and allows everything else.  It is
 * attached with BPF_F_ALLOW_MULTI, stays attached after we exit (until the
 * cgroup goes), and its program id is printed.
 *
 *   devcg_bpf --detach CGROUP_DIR PROG_ID
 *
 * detaches that program from the cgroup (BPF_PROG_DETACH).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/bpf.h>

#define INSN(c, d, s, o, i) \
	((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

static int detach(const char *dir, const char *id)
{
	union bpf_attr attr;
	int cg, prog;

	memset(&attr, 0, sizeof(attr));
	if (sscanf(id, "%u", &attr.prog_id) != 1) {
		fprintf(stderr, "bad program id '%s'\n", id);
		return 2;
	}
	prog = sys_bpf(BPF_PROG_GET_FD_BY_ID, &attr);
	if (prog < 0) {
		perror("BPF_PROG_GET_FD_BY_ID");
		return 1;
	}
	cg = open(dir, O_RDONLY | O_DIRECTORY);
	if (cg < 0) {
		perror(dir);
		return 1;
	}
	memset(&attr, 0, sizeof(attr));
	attr.target_fd = cg;
	attr.attach_bpf_fd = prog;
	attr.attach_type = BPF_CGROUP_DEVICE;
	if (sys_bpf(BPF_PROG_DETACH, &attr)) {
		perror("BPF_PROG_DETACH");
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	unsigned int major, minor, acc = 0, type;
	struct bpf_prog_info info;
	union bpf_attr attr;
	char log[4096] = "";
	const char *p;
	int cg, prog;

	if (argc == 4 && !strcmp(argv[1], "--detach"))
		return detach(argv[2], argv[3]);
	if (argc != 6 || (argv[2][0] != 'c' && argv[2][0] != 'b') ||
	    sscanf(argv[3], "%u", &major) != 1 ||
	    sscanf(argv[4], "%u", &minor) != 1) {
		fprintf(stderr, "usage: %s CGROUP_DIR c|b MAJOR MINOR ACCESS\n", argv[0]);
		return 2;
	}
	type = argv[2][0] == 'c' ? BPF_DEVCG_DEV_CHAR : BPF_DEVCG_DEV_BLOCK;
	for (p = argv[5]; *p; p++)
		acc |= *p == 'r' ? BPF_DEVCG_ACC_READ :
		       *p == 'w' ? BPF_DEVCG_ACC_WRITE :
		       *p == 'm' ? BPF_DEVCG_ACC_MKNOD : 0;

	struct bpf_insn insns[] = {
		/* r2 = ctx->access_type, r4 = ctx->major, r5 = ctx->minor */
		INSN(BPF_LDX | BPF_W | BPF_MEM, 2, 1, 0, 0),
		INSN(BPF_LDX | BPF_W | BPF_MEM, 4, 1, 4, 0),
		INSN(BPF_LDX | BPF_W | BPF_MEM, 5, 1, 8, 0),
		/* r3 = type (low 16 bits), r2 = access (high 16 bits) */
		INSN(BPF_ALU64 | BPF_MOV | BPF_X, 3, 2, 0, 0),
		INSN(BPF_ALU64 | BPF_AND | BPF_K, 3, 0, 0, 0xffff),
		INSN(BPF_ALU64 | BPF_RSH | BPF_K, 2, 0, 0, 16),
		/* not our device: allow; any of the denied bits: deny */
		INSN(BPF_JMP | BPF_JNE | BPF_K, 3, 0, 3, type),
		INSN(BPF_JMP | BPF_JNE | BPF_K, 4, 0, 2, major),
		INSN(BPF_JMP | BPF_JNE | BPF_K, 5, 0, 1, minor),
		INSN(BPF_JMP | BPF_JSET | BPF_K, 2, 0, 2, acc),
		/* allow */
		INSN(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 1),
		INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
		/* deny */
		INSN(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0),
		INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
	};

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
	attr.insns = (unsigned long)insns;
	attr.insn_cnt = sizeof(insns) / sizeof(insns[0]);
	attr.license = (unsigned long)"GPL";
	attr.log_buf = (unsigned long)log;
	attr.log_size = sizeof(log);
	attr.log_level = 1;
	snprintf(attr.prog_name, sizeof(attr.prog_name), "deny_%c%u_%u", argv[2][0],
		 major, minor);
	prog = sys_bpf(BPF_PROG_LOAD, &attr);
	if (prog < 0) {
		fprintf(stderr, "BPF_PROG_LOAD: %s\n%s\n", strerror(errno), log);
		return 1;
	}

	cg = open(argv[1], O_RDONLY | O_DIRECTORY);
	if (cg < 0) {
		perror(argv[1]);
		return 1;
	}
	memset(&attr, 0, sizeof(attr));
	attr.target_fd = cg;
	attr.attach_bpf_fd = prog;
	attr.attach_type = BPF_CGROUP_DEVICE;
	attr.attach_flags = BPF_F_ALLOW_MULTI;
	if (sys_bpf(BPF_PROG_ATTACH, &attr)) {
		perror("BPF_PROG_ATTACH");
		return 1;
	}

	memset(&info, 0, sizeof(info));
	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = prog;
	attr.info.info_len = sizeof(info);
	attr.info.info = (unsigned long)&info;
	if (sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr)) {
		perror("BPF_OBJ_GET_INFO_BY_FD");
		return 1;
	}
	printf("%u\n", info.id);
	return 0;
}
