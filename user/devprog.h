/* SPDX-License-Identifier: GPL-2.0 */
/*
 * devprog: a cgroup v2 device program (BPF_PROG_TYPE_CGROUP_DEVICE) read
 * back as device rules, exactly, or a precise reason why not.
 *
 * The library returns data and prints nothing; see
 * Documentation/devprog.rst for the method and its limits.
 */
#ifndef CGSCOPE_DEVPROG_H
#define CGSCOPE_DEVPROG_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/bpf.h>
#include <linux/types.h>

/* Paths explored before giving up, unless the source says otherwise */
#define DEVPROG_MAX_STATES	65536

#define DEVPROG_REASON_LEN	192

/* Room for the longest devprog_rule_str() and its NUL */
#define DEVPROG_RULE_STRLEN	80

/* Bit of devprog_rule.requests for a request of BPF_DEVCG_ACC_* bits @acc */
#define DEVPROG_REQ(acc)	(1U << ((acc) - 1))

/* Every request: all nonempty combinations of m, r and w */
#define DEVPROG_REQ_ALL		0x7f

/**
 * enum devprog_gen - who likely made a program, from its shape only
 * @DEVPROG_GEN_UNKNOWN: no known shape
 * @DEVPROG_GEN_RUNC: runc (libcontainer devicefilter)
 * @DEVPROG_GEN_CRUN: crun (or another user of its generator)
 * @DEVPROG_GEN_SYSTEMD: systemd (bpf-devices.c)
 * @DEVPROG_GEN_NVIDIA: libnvidia-container blocks put before another
 *	program, named in devprog.gen_inner
 * @DEVPROG_GEN_SNAPD: snapd's map-based program
 * @DEVPROG_GEN_LIBVIRT: libvirt's map-based program
 * @DEVPROG_GEN_MAP: another program that looks devices up in a map
 *
 * A label for people; it is never used to find rules.
 */
enum devprog_gen {
	DEVPROG_GEN_UNKNOWN,
	DEVPROG_GEN_RUNC,
	DEVPROG_GEN_CRUN,
	DEVPROG_GEN_SYSTEMD,
	DEVPROG_GEN_NVIDIA,
	DEVPROG_GEN_SNAPD,
	DEVPROG_GEN_LIBVIRT,
	DEVPROG_GEN_MAP,
};

/**
 * struct devprog_map - the entries of one BPF map, as devprog_source.map_get
 *	gives them
 * @type: enum bpf_map_type
 * @key_size: bytes of a key
 * @value_size: bytes of a value
 * @nr_entries: number of entries
 * @keys: @nr_entries keys, one after the other; malloc()ed, devprog frees it
 * @values: @nr_entries values, in the order of @keys; malloc()ed, freed by
 *	devprog
 */
struct devprog_map {
	__u32 type;
	__u32 key_size;
	__u32 value_size;
	__u32 nr_entries;
	void *keys;
	void *values;
};

/**
 * struct devprog_source - a program to decode and how to read what it uses
 * @insns: its instructions, as loaded or as the kernel dumps them (xlated)
 * @insn_cnt: number of instructions
 * @map_get: fill a devprog_map with the entries of map @map_id (a map id in
 *	xlated code, whatever the program's BPF_PSEUDO_MAP_FD immediates hold
 *	otherwise); 0 or -errno.  May be NULL: then map lookups are partial.
 * @call_name: for xlated code, the kernel function the call at @insn jumps
 *	to (e.g. "__htab_map_lookup_elem"), or NULL if unknown.  When
 *	@call_name itself is NULL a call's immediate is a helper id.
 * @priv: passed to @map_get and @call_name
 * @max_states: paths to explore before giving up; 0: DEVPROG_MAX_STATES
 */
struct devprog_source {
	const struct bpf_insn *insns;
	__u32 insn_cnt;
	int (*map_get)(void *priv, __u32 map_id, struct devprog_map *map);
	const char *(*call_name)(void *priv, __u32 insn);
	void *priv;
	unsigned int max_states;
};

/**
 * struct devprog_rule - one rule: the requests it matches and its verdict
 * @allow: verdict of a request it is the first to match
 * @type: 'a' (block and char), 'b' or 'c'
 * @access: BPF_DEVCG_ACC_* bits of its requests together
 * @requests: the requests it matches, DEVPROG_REQ(access bits) each; all
 *	nonempty subsets of @access unless devprog_rule_is_simple() says no
 * @major_lo: first major number matched
 * @major_hi: last major number matched
 * @minor_lo: first minor number matched
 * @minor_hi: last minor number matched
 *
 * A request asks for one nonempty combination of access bits at once
 * (open() with O_RDWR asks for r and w together).
 */
struct devprog_rule {
	bool allow;
	char type;
	__u8 access;
	__u8 requests;
	__u32 major_lo;
	__u32 major_hi;
	__u32 minor_lo;
	__u32 minor_hi;
};

/**
 * struct devprog - a decoded program
 * @exact: the rules below are exactly what the program does; else partial,
 *	no rules, and @reason says why
 * @reason_insn: instruction @reason is about, -1 if none
 * @reason: why the program could not be decoded, "" when exact
 * @default_allow: verdict for a request no rule matches
 * @ordered: rules of both verdicts: the first matching rule decides
 * @disjoint: the compact list did not verify; the rules are the disjoint
 *	regions the program has (still exact, only longer)
 * @nr_rules: number of @rules
 * @rules: the rules, first match decides
 * @gen: likely generator, a label only
 * @gen_inner: for DEVPROG_GEN_NVIDIA, the generator of the program after
 *	its blocks
 * @nr_paths: paths explored (paths that met with the same registers and
 *	stack went on as one)
 * @nr_regions: regions of requests with one verdict that the paths found
 * @nr_cells: cells the program's comparisons cut the requests into: the
 *	classes of (type, access) combinations the regions tell apart, times
 *	the intervals their bounds cut the majors into, times those of the
 *	minors (what an evaluation cell by cell would have to look at)
 */
struct devprog {
	bool exact;
	int reason_insn;
	char reason[DEVPROG_REASON_LEN];
	bool default_allow;
	bool ordered;
	bool disjoint;
	unsigned int nr_rules;
	struct devprog_rule *rules;
	enum devprog_gen gen;
	enum devprog_gen gen_inner;
	unsigned int nr_paths;
	unsigned int nr_regions;
	__u64 nr_cells;
};

int devprog_decode(const struct devprog_source *src, struct devprog *dp);
void devprog_free(struct devprog *dp);
int devprog_eval(const struct devprog *dp, __u8 type, __u32 major,
		 __u32 minor, __u8 access, int *rule);
bool devprog_rule_is_simple(const struct devprog_rule *r);
int devprog_rule_str(const struct devprog_rule *r, char *buf, size_t len);
enum devprog_gen devprog_recognize(const struct bpf_insn *insns, __u32 cnt,
				   enum devprog_gen *inner);
const char *devprog_gen_name(enum devprog_gen gen);

/**
 * struct devprog_kprog - a device program read from the kernel
 * @id: program id
 * @name: its name, "" if none
 * @tag: its tag
 * @insns: its xlated instructions
 * @insn_cnt: number of @insns
 * @calls: for each instruction, the kernel function a call jumps to, or
 *	NULL; NULL itself when the program makes no calls
 */
struct devprog_kprog {
	__u32 id;
	char name[BPF_OBJ_NAME_LEN];
	__u8 tag[BPF_TAG_SIZE];
	struct bpf_insn *insns;
	__u32 insn_cnt;
	char **calls;
};

int devprog_load(__u32 prog_id, struct devprog_kprog *kp, char *err,
		 size_t errlen);
void devprog_kprog_source(struct devprog_kprog *kp,
			  struct devprog_source *src);
void devprog_kprog_free(struct devprog_kprog *kp);

#endif /* CGSCOPE_DEVPROG_H */
