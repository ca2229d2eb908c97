#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `cgscope memcg` against the memory controller's own files.  On v2: a
# quiet cgroup with a sleeping process that read a file into the page
# cache: usage, limits, peak, memory.events and swap as memory.* print
# them; --pid names the memory cgroup a task is charged to.  Seed 003 on
# v2: a cgroup with a small memory.max that a process overruns with page
# cache, which the kernel reclaims: failcnt rises with memory.events max.
# memcg_v1.sh does the same on a v1 memory hierarchy.
. "$(dirname "$0")/lib.sh"

load_module
dmesg_mark
jqe() { jq -e "$@" >/dev/null; }
grep -qw memory $CG2/cgroup.controllers ||
	grep -qw memory $CG2/cgroup.subtree_control ||
	skip "memory is not a v2 controller here"
echo +memory > $CG2/cgroup.subtree_control ||
	skip "memory cannot be enabled on v2"
have_v1=$(cgscope -j info | jq '.features | index("memcg_v1") != null')
big=$(ls /usr/src/linux-source-*.tar.* 2>/dev/null | head -n 1)
[ -n "$big" ] || big=$(find /usr/lib -xdev -type f -size +64M 2>/dev/null | head -n 1)
check "a big file to read into the page cache" test -n "$big"
sync
echo 3 > /proc/sys/vm/drop_caches

# What cgroupfs prints for a cgscope value: "max" stays "max" on v2; v1
# prints PAGE_COUNTER_MAX pages in bytes.
page=$(getconf PAGESIZE)
v1_max=$(( (0x7fffffffffffffff / page) * page ))
cg_value() {	# cg_value JSON KEY [v1]
	local v
	v=$(jq -r --arg k "$2" '.[$k] | if . == null then "null" else tostring end' <<<"$1")
	if [ "$v" == max ] && [ "${3:-}" == v1 ]; then
		v=$v1_max
	fi
	echo "$v"
}
events() { awk -v k="$2" '$1 == k { print $2 }' "$1/memory.events"; }

# compare WHAT JSON_ARGS -- KEY=FILE...: each key against its file, read
# before and after cgscope; a round where a file moved is taken again.
compare() {
	local what=$1 arg=$2 mode=$3 round pair k f before after json ok
	shift 3
	for round in 1 2 3 4 5; do
		before=$(for pair in "$@"; do f=${pair#*=}; cat_value "$f"; done)
		# shellcheck disable=SC2086
		json=$(cgscope -j memcg $arg)
		after=$(for pair in "$@"; do f=${pair#*=}; cat_value "$f"; done)
		[ "$before" == "$after" ] && break
	done
	[ "$round" -gt 1 ] && log "$what: $round rounds"
	for pair in "$@"; do
		k=${pair%%=*}
		f=${pair#*=}
		expect_eq "$what: $k = ${f##*/}" "$(cat_value "$f")" \
			"$(cg_value "$json" "$k" "$mode")"
	done
	last_json=$json
}
# A file's value; "FILE:KEY" is the KEY line of a flat keyed file.
cat_value() {
	case $1 in
	*:*) awk -v k="${1##*:}" '$1 == k { print $2 }' "${1%:*}" ;;
	*) cat "$1" ;;
	esac
}

# --- v2 ------------------------------------------------------------------
M=$CG2/cgscope-memcg
make_cgroup $M
echo 64M > $M/memory.max
echo 48M > $M/memory.high
echo 1M > $M/memory.low
echo 512K > $M/memory.min
[ -e $M/memory.swap.max ] && echo 32M > $M/memory.swap.max
spawn_in $M sh -c "dd if='$big' of=/dev/null bs=1M count=4 skip=40 2>/dev/null; exec sleep 1000"
quiet=$spawned
for i in $(seq 100); do
	[ "$(cat /proc/$quiet/comm 2>/dev/null)" == sleep ] && break
	sleep 0.1
done
check "page cache charged (>= 4 MiB)" test "$(cat $M/memory.current)" -ge $((4 << 20))
files=(usage=$M/memory.current max=$M/memory.max high=$M/memory.high
       low=$M/memory.low min=$M/memory.min
       events_max=$M/memory.events:max events_oom=$M/memory.events:oom
       events_oom_kill=$M/memory.events:oom_kill)
[ -e $M/memory.peak ] && files+=(watermark=$M/memory.peak)
[ -e $M/memory.swap.current ] && files+=(swap_usage=$M/memory.swap.current swap_max=$M/memory.swap.max)
[ -e $M/memory.swap.peak ] && files+=(swap_watermark=$M/memory.swap.peak)
log "v2: comparing ${#files[@]} counters"
compare "v2 cgroup" "$M" v2 "${files[@]}"
json=$last_json
expect_eq "v2: path" /cgscope-memcg "$(jq -r .path <<<"$json")"
expect_eq "v2: cgroup id" "$(stat -c %i $M)" "$(jq -r .cgroup_id <<<"$json")"
check "v2: no v1 counters" jqe '.memsw_usage == null and .kmem_usage == null and .kmem_limit == null' <<<"$json"
compare "v2 --pid" "--pid $quiet" v2 "${files[@]}"
expect_eq "v2 --pid: the task's memory cgroup" "$(stat -c %i $M)" \
	"$(jq -r .cgroup_id <<<"$last_json")"
check "text: max in bytes and MiB" bash -c "cgscope memcg $M | grep -qx 'max              67108864  (64.0 MiB)'"
if [ "$have_v1" == true ]; then
	check "text: kmem is v1 only" bash -c "cgscope memcg $M | grep -qx 'kmem_usage       v1 only'"
else
	check "text: kmem is not on this kernel" bash -c "cgscope memcg $M | grep -qx 'kmem_usage       not on this kernel'"
fi

# a task in a cgroup without its own memory css is charged to the parent's
make_cgroup $M/nomem
spawn_in $M/nomem sleep 1000
expect_eq "--pid in a cgroup without memory: charged to its parent" \
	/cgscope-memcg "$(cgscope -j memcg --pid "$spawned" | jq -r .path)"
out=$(cgscope memcg $M/nomem 2>&1)
expect_eq "a cgroup without memory css: exit 2" 2 $?
check "a cgroup without memory css: says so" grep -q "no memory cgroup" <<<"$out"

# --- seed 003 on v2 ------------------------------------------------------
L=$CG2/cgscope-memcg-limit
make_cgroup $L
echo 8M > $L/memory.max
[ -e $L/memory.swap.max ] && echo 0 > $L/memory.swap.max
sh -c 'echo $$ > "$1/cgroup.procs" && exec dd if="$2" of=/dev/null bs=1M count=48 2>/dev/null' \
	sh $L "$big"
j1=$(cgscope -j memcg $L)
log "seed 003, page cache: failcnt $(jq .failcnt <<<"$j1"), memory.events max $(events $L max), watermark $(jq .watermark <<<"$j1")"
check "page cache beyond memory.max: failcnt rose" jqe '.failcnt > 0' <<<"$j1"
expect_eq "events_max = memory.events max" "$(events $L max)" "$(jq .events_max <<<"$j1")"
check "events_max rose" jqe '.events_max > 0' <<<"$j1"
check "failcnt >= events_max (every failed try counts, each reclaim once)" \
	jqe '.failcnt >= .events_max' <<<"$j1"
check "watermark <= max" jqe '.watermark <= .max' <<<"$j1"
[ -e $L/memory.peak ] && expect_eq "watermark = memory.peak" \
	"$(cat $L/memory.peak)" "$(jq .watermark <<<"$j1")"
# (Anonymous memory beyond memory.max with no swap would meet the OOM
# killer, whose report has a Call Trace the VM harness counts as a kernel
# problem: the seed is run with page cache, which the kernel reclaims.)
compare "seed 003 at rest" "$L" v2 usage=$L/memory.current max=$L/memory.max \
	events_max=$L/memory.events:max events_oom=$L/memory.events:oom \
	events_oom_kill=$L/memory.events:oom_kill

dmesg_check_clean
finish
