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
. "$(dirname "$0")/memcg_lib.sh"
grep -qw memory $CG2/cgroup.controllers ||
	grep -qw memory $CG2/cgroup.subtree_control ||
	skip "memory is not a v2 controller here"
echo +memory > $CG2/cgroup.subtree_control ||
	skip "memory cannot be enabled on v2"
big=$(big_file 64)
check "a big file to read into the page cache" test -n "$big" || finish
sync
echo 3 > /proc/sys/vm/drop_caches

# Every cgroup of the test is under P: at the end, none of them may be
# left dying (which would keep memory from a v1 hierarchy, for one).
P=$CG2/cgscope-memcg
make_cgroup $P
echo +memory > $P/cgroup.subtree_control

# --- v2 ------------------------------------------------------------------
M=$P/quiet
make_cgroup $M
echo 64M > $M/memory.max
echo 48M > $M/memory.high
echo 1M > $M/memory.low
echo 512K > $M/memory.min
[ -e $M/memory.swap.max ] && echo 32M > $M/memory.swap.max
check "a reader of 4 MiB in the cgroup" read_then_sleep $M "$big" 40 4
quiet=$spawned
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
expect_eq "v2: path" /cgscope-memcg/quiet "$(jq -r .path <<<"$json")"
expect_eq "v2: cgroup id" "$(stat -c %i $M)" "$(jq -r .cgroup_id <<<"$json")"
check "v2: no v1 counters" jqe '.memsw_usage == null and .kmem_usage == null and .kmem_limit == null' <<<"$json"
compare "v2 --pid" "--pid $quiet" v2 "${files[@]}"
expect_eq "v2 --pid: the task's memory cgroup" "$(stat -c %i $M)" \
	"$(jq -r .cgroup_id <<<"$last_json")"
check "text: max in bytes and MiB" bash -c "cgscope memcg $M | grep -qx 'max              67108864  (64.0 MiB)'"
if [ "$have_memcg_v1" == true ]; then
	check "text: kmem is v1 only" bash -c "cgscope memcg $M | grep -qx 'kmem_usage       v1 only'"
else
	check "text: kmem is not on this kernel" bash -c "cgscope memcg $M | grep -qx 'kmem_usage       not on this kernel'"
fi

# a task in a cgroup without its own memory css is charged to the parent's
make_cgroup $M/nomem
spawn_in $M/nomem sleep 1000
expect_eq "--pid in a cgroup without memory: charged to its parent" \
	/cgscope-memcg/quiet "$(cgscope -j memcg --pid "$spawned" | jq -r .path)"
out=$(cgscope memcg $M/nomem 2>&1)
expect_eq "a cgroup without memory css: exit 2" 2 $?
check "a cgroup without memory css: says so" grep -q "no memory cgroup" <<<"$out"

# --- seed 003 on v2 ------------------------------------------------------
L=$P/limit
make_cgroup $L
echo 8M > $L/memory.max
[ -e $L/memory.swap.max ] && echo 0 > $L/memory.swap.max
sh -c 'echo $$ > "$1/cgroup.procs" && exec dd if="$2" of=/dev/null bs=1M count=48 2>/dev/null' \
	sh $L "$big"
j1=$(cgscope -j memcg $L)
log "seed 003, page cache: failcnt $(jq .failcnt <<<"$j1"), memory.events max $(cat_value $L/memory.events:max), watermark $(jq .watermark <<<"$j1")"
check "page cache beyond memory.max: failcnt rose" jqe '.failcnt > 0' <<<"$j1"
expect_eq "events_max = memory.events max" "$(cat_value $L/memory.events:max)" "$(jq .events_max <<<"$j1")"
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

remove_cgroups $M/nomem $M $L
no_dying_under() { [ "$(cat_value "$1/cgroup.stat:nr_dying_descendants")" == 0 ]; }
check "no cgroup of the test is left dying" release_dying $P no_dying_under $P

dmesg_check_clean
finish
