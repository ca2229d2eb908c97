#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Dumps too big for one message, read through a small receive buffer so
# they take many recvmsg() calls, return every object exactly once, also
# while other cgroups come and go.
. "$(dirname "$0")/lib.sh"

load_module
command -v strace >/dev/null || skip "strace not installed"

S=$CG2/cgscope-dump
make_cgroup $S
on_exit "find $S -mindepth 1 -depth -type d -exec rmdir {} +"
# 40 x 50 nested cgroups
for i in $(seq 40); do
	mkdir $S/g$i
	(cd $S/g$i && mkdir $(seq -f 'c%g' 50))
done
for i in $(seq 30); do
	spawn_in $S/g$i/c1 sleep 1000
done
nr_fs=$(find $CG2 -type d | wc -l)
check "made 2000 cgroups" test "$nr_fs" -gt 2000

export CGSCOPE_RCVBUF=4096
check "tree dump" strace -f -o "$SCRATCH/trace" -e trace=recvmsg \
	cgscope -j tree --hierarchy 0 >"$SCRATCH/tree.json"
recvs=$(grep -c 'recvmsg(' "$SCRATCH/trace")
log "tree of $nr_fs cgroups took $recvs recvmsg calls"
check "the dump took many recvmsg calls" test "$recvs" -gt 50
# (dying cgroups left by earlier tests are in the dump, not in cgroupfs)
expect_eq "every cgroup" "$nr_fs" "$(jq '[.[] | select(.dying | not)] | length' "$SCRATCH/tree.json")"
expect_eq "ids" "$(find $CG2 -type d -exec stat -c %i {} + | sort -n | xargs | md5sum)" \
	"$(jq -r '.[] | select(.dying | not) | .id' "$SCRATCH/tree.json" | sort -n | xargs | md5sum)"

check "css_set dump" strace -f -o "$SCRATCH/trace" -e trace=recvmsg \
	cgscope -j csets >"$SCRATCH/csets.json"
log "$(jq length "$SCRATCH/csets.json") css_sets took $(grep -c 'recvmsg(' "$SCRATCH/trace") recvmsg calls"
expect_eq "no css_set twice" "" "$(jq -r '.[].id' "$SCRATCH/csets.json" | sort | uniq -d)"
check "a css_set per populated leaf" \
	jq -e '[.[] | .cgroups[] | select(.path | test("^/cgscope-dump/g[0-9]+/c1$"))] | length >= 30' "$SCRATCH/csets.json"

threads=(/proc/[0-9]*/task/[0-9]*)	# before the dump, without forking
check "task dump" cgscope -j task >"$SCRATCH/tasks.json"
expect_eq "no task twice" "" "$(jq -r '.[].pid' "$SCRATCH/tasks.json" | sort | uniq -d)"
jq -r '.[].pid' "$SCRATCH/tasks.json" >"$SCRATCH/pids"
missing=""
for t in "${threads[@]}"; do
	[ -e "$t" ] || continue		# exited since
	grep -qx "${t##*/}" "$SCRATCH/pids" || missing="$missing ${t##*/}"
done
expect_eq "threads alive before and after the dump that it missed" "" "${missing# }"

# while cgroups come and go
( for i in $(seq 400); do mkdir $S/churn$i && rmdir $S/churn$i; done ) &
churn=$!
on_exit "kill $churn"
for i in 1 2 3; do
	cgscope -j tree --hierarchy 0 >"$SCRATCH/churn.json" 2>"$SCRATCH/churn.err"
	expect_eq "dump under churn #$i" 0 $?
	expect_eq "no cgroup twice under churn #$i" "" "$(jq -r '.[].id' "$SCRATCH/churn.json" | sort | uniq -d)"
	expect_eq "all 2000 cgroups under churn #$i" 2000 \
		"$(jq '[.[] | select(.path | test("^/cgscope-dump/g[0-9]+/c[0-9]+$"))] | length' "$SCRATCH/churn.json")"
	check "parents before children under churn #$i" jq -e '
		reduce .[] as $c ({seen: {}, ok: true};
			.ok = (.ok and ($c.parent_id == null or .seen[$c.parent_id | tostring] == true))
			| .seen[$c.id | tostring] = true) | .ok' "$SCRATCH/churn.json"
done
wait $churn
finish
