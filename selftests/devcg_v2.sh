#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# v2 device programs: two programs, one on a parent cgroup (inherited) and
# one on its child, built with the bpf syscall.  `cgscope devices` lists
# both with the right ids and attach points, and `cgscope check` agrees
# with what the kernel does when a process in the child open()s.
. "$(dirname "$0")/lib.sh"

load_module
BIN=$CGSCOPE_SELFTEST_BIN
S=$CG2/cgscope-bpf
make_cgroup $S
make_cgroup $S/child

p1=$("$BIN/devcg_bpf" $S c 1 11 w) || skip "cannot attach a device program"
p2=$("$BIN/devcg_bpf" $S/child c 1 3 r)
check "programs attached" test -n "$p1" -a -n "$p2"

check "devices of the child" cgscope -j devices $S/child >"$SCRATCH/d.json"
expect_eq "two programs" 2 "$(jq '.bpf_programs | length' "$SCRATCH/d.json")"
expect_eq "parent's program: attach point, inherited" "$(stat -c %i $S) true" \
	"$(jq -r --argjson id "$p1" '.bpf_programs[] | select(.id == $id) | "\(.attached_at) \(.inherited)"' "$SCRATCH/d.json")"
expect_eq "child's program: attach point, own" "$(stat -c %i $S/child) false" \
	"$(jq -r --argjson id "$p2" '.bpf_programs[] | select(.id == $id) | "\(.attached_at) \(.inherited)"' "$SCRATCH/d.json")"
expect_eq "program name" deny_c1_11 \
	"$(jq -r --argjson id "$p1" '.bpf_programs[] | select(.id == $id) | .name' "$SCRATCH/d.json")"
expect_eq "no v1 part for a v2 path" null "$(jq -r .behavior "$SCRATCH/d.json")"
expect_eq "the parent has only its own" "$p1" \
	"$(cgscope -j devices $S | jq -r '[.bpf_programs[].id] | join(" ")')"

spawn_in $S/child sleep 1000
pid=$spawned
NODES=$SCRATCH/nodes
mkdir -p "$NODES"
printf '%s\n' "c 1 11 w" "c 1 11 r" "c 1 3 r" "c 1 3 w" "c 1 5 rw" "b 7 0 r" >"$SCRATCH/q"
"$BIN/devcg_probe" "$NODES" $S/child/cgroup.procs <"$SCRATCH/q" >"$SCRATCH/kernel"
check "probe ran" test -s "$SCRATCH/kernel"
i=0
while read -r t maj min a; do
	i=$((i + 1))
	cgscope -j check --pid "$pid" "$t" "$maj:$min" "$a" >"$SCRATCH/c.json"
	rc=$?
	kernel=$(sed -n "${i}p" "$SCRATCH/kernel")
	expect_eq "$t $maj:$min $a: cgscope agrees with the kernel" "$kernel" \
		"$(case $rc in 0) echo allowed;; 1) echo denied;; *) echo "error $rc";; esac)"
	if [ "$kernel" = denied ]; then
		expect_eq "$t $maj:$min $a: layer" bpf "$(jq -r .layer "$SCRATCH/c.json")"
		want=$( [ "$min" = 11 ] && echo "$p1" || echo "$p2")
		expect_eq "$t $maj:$min $a: the program that denied" "$want" "$(jq -r .prog_id "$SCRATCH/c.json")"
	fi
done <"$SCRATCH/q"
expect_eq "both programs ran" 2 "$(jq -r .nr_progs "$SCRATCH/c.json")"
check "text names the program" bash -c "cgscope check --pid $pid c 1:11 w | grep -q 'program $p1'"
# the same question asked of the cgroup rather than the task
cgscope check --cgroup $S/child c 1:3 r >/dev/null
expect_eq "check --cgroup on v2 runs its programs" 1 "$?"
# A zombie whose v2 cgroup was removed: its css_set still names the cgroup,
# whose BPF state the kernel releases.  cgscope must answer, not touch it.
make_cgroup $S/gone
"$BIN/devcg_bpf" $S/gone c 1 3 r >/dev/null
( sh -c "echo \$\$ > $S/gone/cgroup.procs; sleep 0.3" & exec sleep 1000 ) &
parent=$!
on_exit "kill -9 $parent"
sleep 1
zombie=$(ps -o pid= --ppid "$parent" | tr -d " ")
check "a zombie is left in the cgroup" test -n "$zombie"
rmdir $S/gone
sleep 1
cgscope -j check --pid "$zombie" c 1:3 r >"$SCRATCH/z.json" 2>&1
rc=$?
log "zombie in a removed cgroup: exit $rc: $(cat "$SCRATCH/z.json")"
check "check on it answers" test "$rc" -le 2
check "the module still answers" cgscope info >/dev/null
finish
