#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The family through the kernel's generic YNL cli (tools/net/ynl/cli.py,
# extracted into build/tools/ynl by `make selftests`) and our spec,
# Documentation/netlink/specs/cgscope.yaml: what the cli decodes must agree
# with uname, /sys/module, /proc/cgroups, /proc/PID/cgroup, /proc/PID/ns,
# the cgroupfs directories, cgroup.stat and memory.max; do-ops by key
# (root-get, cgroup-get, cset-get, task-get) as well as dumps.  A reply the spec
# does not describe makes the cli fail.
. "$(dirname "$0")/lib.sh"

spec=$CGSCOPE_SPEC
cli=$CGSCOPE_YNL

command -v python3 >/dev/null || skip "no python3"
python3 -c 'import yaml' 2>/dev/null || skip "no python3 yaml module (python3-yaml)"
command -v jq >/dev/null || skip "no jq"
if [ ! -f "$cli" ]; then
	log "FAIL: $cli is missing: run 'make selftests' on the host"
	exit $KSFT_FAIL
fi

# ynl OUT OPTIONS...: the cli's JSON answer in $SCRATCH/OUT.json
ynl() {
	local out=$SCRATCH/$1.json
	shift
	PYTHONDONTWRITEBYTECODE=1 python3 "$cli" --spec "$spec" --no-schema \
		--output-json "$@" >"$out" 2>&1 && jq -e . "$out" >/dev/null ||
		{ cat "$out"; return 1; }
}

load_module
dmesg_mark

# The scene: a v2 subtree and a named v1 hierarchy with a child, one
# process in both leaves.
v2=$CG2/cgscope-ynl.$$
make_cgroup "$v2"
make_cgroup "$v2/leaf"
mount_v1 "$SCRATCH/v1" none,name=cgscope_ynl || skip "cannot mount a v1 hierarchy"
make_cgroup "$SCRATCH/v1/leaf"
spawn_in "$v2/leaf" sleep 1000
pid=$spawned
echo "$pid" > "$SCRATCH/v1/leaf/cgroup.procs"
v1_id=$(awk -F: '$2 == "name=cgscope_ynl" { print $1 }' "/proc/$pid/cgroup")
check "the named hierarchy is in /proc/PID/cgroup" test -n "$v1_id"
v1_id=${v1_id:-0}

# --- info-get ----------------------------------------------------------
if check "--do info-get" ynl info --do info-get; then
	i=$SCRATCH/info.json
	expect_eq "kernel-release" "$(uname -r)" "$(jq -r '."kernel-release"' "$i")"
	expect_eq "version" "$(cat /sys/module/cgscope/version)" "$(jq -r .version "$i")"
	check "init-cset-id" jq -e '."init-cset-id" > 0' "$i" >/dev/null
	if [ -e /proc/self/ns/cgroup ]; then
		check "features has cgroup-ns" \
			jq -e '.features | index("cgroup-ns") != null' "$i" >/dev/null
	fi
fi

# --- root-get ----------------------------------------------------------
if check "--dump root-get" ynl roots --dump root-get; then
	r=$SCRATCH/roots.json
	expect_eq "nr-hierarchies of info-get" "$(jq length "$r")" \
		"$(jq -r '."nr-hierarchies"' "$SCRATCH/info.json")"
	expect_eq "one default hierarchy, id 0" 0 \
		"$(jq -r '[.[] | select(.default)] | map(."hierarchy-id") | join(" ")' "$r")"
	# Every enabled controller on its hierarchy, both ways: exactly the
	# "controller hierarchy" pairs of /proc/cgroups (name hierarchy
	# num_cgroups enabled; a controller on no v1 hierarchy is on v2, 0;
	# /proc/cgroups uses the legacy name of io, blkio).
	expect_eq "controllers and their hierarchies = /proc/cgroups" \
		"$(awk 'NR > 1 && $4 == 1 { print ($1 == "blkio" ? "io" : $1), $2 }' /proc/cgroups | sort)" \
		"$(jq -r '.[] | ."hierarchy-id" as $id | (.controller // [])[] | "\(.) \($id)"' "$r" | sort)"
	# what the v2 root offers its children (cgroup.controllers leaves out
	# the implicit ones, perf_event) must all be there on hierarchy 0
	for c in $(cat $CG2/cgroup.controllers); do
		check "v2 controller $c" jq -e --arg c "$c" \
			'.[] | select(."hierarchy-id" == 0) | .controller | index($c) != null' \
			"$r" >/dev/null
	done
	expect_eq "named hierarchy" "cgscope_ynl 2" \
		"$(jq -r --argjson id "$v1_id" '.[] | select(."hierarchy-id" == $id) | "\(.name) \(."nr-cgroups")"' "$r")"
fi

# --- cgroup-get --------------------------------------------------------
# Every live cgroup of a hierarchy, as "id path": from a dump, and from the
# directories (a cgroup id is the inode number of its directory).
dumped() {
	jq -r --argjson id "$1" '.[] | select(."hierarchy-id" == $id and (.dying | not)) |
		"\(.id) \(.path)"' "$SCRATCH/cgroups.json" | sort
}
listed() {
	find "$1" -type d -printf '%i /%P\n' | sort
}
if check "--dump cgroup-get" ynl cgroups --dump cgroup-get; then
	c=$SCRATCH/cgroups.json
	expect_eq "v2 cgroups and their ids" "$(listed $CG2)" "$(dumped 0)"
	expect_eq "v1 cgroups and their ids" "$(listed "$SCRATCH/v1")" "$(dumped "$v1_id")"
	leaf_id=$(stat -c %i "$v2/leaf")
	expect_eq "leaf: parent, level, tasks, populated" \
		"$(stat -c %i "$v2") 2 1 1" \
		"$(jq -r --argjson id "$leaf_id" '.[] | select(."hierarchy-id" == 0 and .id == $id) |
			"\(."parent-id") \(.level) \(."nr-tasks") \(.populated)"' "$c")"
	expect_eq "v2 subtree type" "domain" \
		"$(jq -r --argjson id "$leaf_id" '.[] | select(."hierarchy-id" == 0 and .id == $id) | .type' "$c")"
	if check "--do cgroup-get" ynl leaf --do cgroup-get \
		--json "{\"hierarchy-id\": 0, \"id\": $leaf_id}"; then
		expect_eq "path of one cgroup" "/cgscope-ynl.$$/leaf" \
			"$(jq -r .path "$SCRATCH/leaf.json")"
	fi
fi

# --- task-get: /proc/PID/cgroup ----------------------------------------
if check "--do task-get" ynl task --do task-get --json "{\"pid\": $pid}"; then
	t=$SCRATCH/task.json
	# both ways: no hierarchy missing, none extra
	expect_eq "task's cgroups = /proc/PID/cgroup" \
		"$(while IFS=: read -r id _ path; do echo "$id $path"; done < "/proc/$pid/cgroup" | sort)" \
		"$(jq -r '.cgroup[] | "\(."hierarchy-id") \(.path)"' "$t" | sort)"
	expect_eq "task's comm" sleep "$(jq -r .comm "$t")"
fi

# --- root-get and cset-get, do: one object by its key ----------------------
if check "--do root-get" ynl root --do root-get --json "{\"hierarchy-id\": $v1_id}"; then
	expect_eq "root-get: the named hierarchy and its cgroups (directories)" \
		"cgscope_ynl $(find "$SCRATCH/v1" -type d | wc -l)" \
		"$(jq -r '"\(.name) \(."nr-cgroups")"' "$SCRATCH/root.json")"
fi
cset=$(jq -r '."cset-id" // empty' "$SCRATCH/task.json" 2>/dev/null)
if check "--do cset-get" ynl cset --do cset-get --json "{\"id\": ${cset:-0}}"; then
	expect_eq "cset-get: its cgroups = /proc/PID/cgroup" \
		"$(while IFS=: read -r id _ path; do echo "$id $path"; done < "/proc/$pid/cgroup" | sort)" \
		"$(jq -r '.link[] | "\(."hierarchy-id") \(.path)"' "$SCRATCH/cset.json" | sort)"
	check "cset-get: the task among its pids" jq -e --argjson p "$pid" \
		'[.task] | flatten | index($p) != null' "$SCRATCH/cset.json" >/dev/null
fi

# --- task-ns-get: /proc/PID/ns ------------------------------------------
if check "--do task-ns-get" ynl ns --do task-ns-get --json "{\"pid\": $pid}"; then
	n=$SCRATCH/ns.json
	want=$(for f in /proc/"$pid"/ns/*; do
		echo "$(basename "$f") $(stat -L -c %i "$f")"
	done | sort)
	got=$(jq -r '.ns[] | "\(.type)\(if ."for-children" then "_for_children" else "" end) \(.inode)"' "$n" | sort)
	expect_eq "namespaces and inodes" "$want" "$got"
fi

# --- dying-get: every removed cgroup of v2 against cgroup.stat ---------
# (a removal in between spoils a round)
for round in 1 2 3 4 5; do
	before=$(cat $CG2/cgroup.stat)
	ynl dying --dump dying-get --json '{"controller": "cgroup"}'
	dumped=$?
	[ $dumped -ne 0 ] || [ "$before" == "$(cat $CG2/cgroup.stat)" ] && break
done
if check "--dump dying-get" test $dumped -eq 0; then
	expect_eq "removed v2 cgroups = nr_dying_descendants of the root" \
		"$(awk '$1 == "nr_dying_descendants" { print $2 }' $CG2/cgroup.stat)" \
		"$(jq '[.[] | select(."hierarchy-id" == 0)] | length' "$SCRATCH/dying.json")"
	check "dying-get filtered: cgroups only, without css-id" jq -e \
		'all(.[]; .controller == "cgroup" and ."css-id" == null and ."cgroup-dying")' \
		"$SCRATCH/dying.json" >/dev/null
fi

# --- memcg-get: the task's memory cgroup ---------------------------------
if grep -qw memory $CG2/cgroup.controllers &&
   echo +memory > $CG2/cgroup.subtree_control 2>/dev/null &&
   echo +memory > "$v2/cgroup.subtree_control" 2>/dev/null; then
	echo 32M > "$v2/leaf/memory.max"
	leaf_id=$(stat -c %i "$v2/leaf")
	if check "--do memcg-get" ynl memcg --do memcg-get --json "{\"pid\": $pid}"; then
		m=$SCRATCH/memcg.json
		expect_eq "memcg-get: the leaf, path and id" "/cgscope-ynl.$$/leaf $leaf_id" \
			"$(jq -r '"\(.path) \(."cgroup-id")"' "$m")"
		expect_eq "memcg-get: limit = memory.max" "$(cat "$v2/leaf/memory.max")" \
			"$(jq -r .limit "$m")"
		check "memcg-get: no swap limit = memcg-unlimited" \
			jq -e '."swap-limit" == 18446744073709551615' "$m" >/dev/null
		check "memcg-get: no v1 counters on v2" \
			jq -e '."memsw-usage" == null and ."kmem-usage" == null' "$m" >/dev/null
	fi
	check "--do memcg-get by cgroup" ynl memcg2 --do memcg-get \
		--json "{\"hierarchy-id\": 0, \"cgroup-id\": $leaf_id}"
	if check "--dump memcg-files-get" ynl mfiles --dump memcg-files-get \
		--json "{\"pid\": $pid}"; then
		f=$SCRATCH/mfiles.json
		expect_eq "memcg-files-get: the leaf's memory cgroup first" \
			"memcg /cgscope-ynl.$$/leaf $leaf_id" \
			"$(jq -r '.[0] | "\(.kind) \(.path) \(."cgroup-id")"' "$f")"
		check "memcg-files-get: then files of that css only" jq -e \
			'.[0]."css-id" as $c | all(.[1:][]; .kind == "file" and ."css-id" == $c)' \
			"$f" >/dev/null
	fi
else
	log "memory cannot be enabled on v2 here: memcg-get not run"
fi

dmesg_check_clean
finish
