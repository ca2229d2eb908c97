#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `cgscope memcg` on a v1 memory hierarchy (kernels with memcg v1: 6.1),
# against memory.usage_in_bytes, limit_in_bytes, max_usage_in_bytes,
# failcnt, memory.memsw.* and memory.kmem.* (seed 003's kmem counters),
# and seed 003 itself: a kmem limit (which the kernel may refuse), then a
# small memory.limit_in_bytes that a reader of a big file overruns.
#
# It runs before any test enables memory on v2.  Moving the memory
# controller from v2 to a v1 hierarchy after v2 memory cgroups charged
# anything makes 6.1 warn "page_counter underflow" (a per-cpu charge stock
# filled without memsw is drained with memsw once v1 is mounted), and the
# VM harness counts a kernel warning as a failure; so if memory is in use
# on v2 already, this test skips.
. "$(dirname "$0")/lib.sh"

load_module
dmesg_mark
. "$(dirname "$0")/memcg_lib.sh"
[ "$have_memcg_v1" == true ] || skip "no memcg v1 on this kernel (CONFIG_MEMCG_V1 off)"
grep -qw memory $CG2/cgroup.subtree_control &&
	skip "memory is enabled on v2 already: moving it to v1 now would make the kernel warn"
[ "$(awk '$1 == "memory" { print $3 }' /proc/cgroups)" == 1 ] ||
	skip "memory cgroups exist on v2 already"
big=$(big_file 64)
check "a big file to read into the page cache" test -n "$big" || finish
sync
echo 3 > /proc/sys/vm/drop_caches

V1=$SCRATCH/v1
check "a v1 memory hierarchy mounts" mount_v1 $V1 memory || finish
G=$V1/g
make_cgroup $G
echo 64M > $G/memory.limit_in_bytes
check "a reader of 4 MiB in the cgroup" read_then_sleep $G "$big" 0 4
files=(usage=$G/memory.usage_in_bytes max=$G/memory.limit_in_bytes
       watermark=$G/memory.max_usage_in_bytes failcnt=$G/memory.failcnt)
for f in usage:usage_in_bytes limit:limit_in_bytes \
	 watermark:max_usage_in_bytes failcnt:failcnt; do
	for c in memsw kmem; do
		[ -e "$G/memory.$c.${f#*:}" ] &&
			files+=("${c}_${f%%:*}=$G/memory.$c.${f#*:}")
	done
done
log "v1: comparing ${#files[@]} counters"
compare "v1 cgroup" "$G" v1 "${files[@]}"
check "v1: no v2 counters" jqe '.swap_usage == null and .swap_max == null' <<<"$last_json"
expect_eq "v1: hierarchy" "$(awk '$1 == "memory" { print $2 }' /proc/cgroups)" \
	"$(jq -r .hierarchy_id <<<"$last_json")"
compare "v1 --pid" "--pid $spawned" v1 "${files[@]}"

# seed 003 on v1: the kmem limit, then memory.limit_in_bytes
K=$V1/k
make_cgroup $K
if out=$(echo 1M 2>&1 > $K/memory.kmem.limit_in_bytes); then
	log "seed 003: memory.kmem.limit_in_bytes accepted a limit"
else
	log "seed 003: this kernel refuses to set memory.kmem.limit_in_bytes: $out"
fi
expect_eq "kmem_limit = memory.kmem.limit_in_bytes" \
	"$(cat $K/memory.kmem.limit_in_bytes)" "$(cg_value "$(cgscope -j memcg $K)" kmem_limit v1)"
echo 8M > $K/memory.limit_in_bytes
sh -c 'echo $$ > "$1/tasks" && exec dd if="$2" of=/dev/null bs=1M count=48 skip=8 2>/dev/null' \
	sh $K "$big"
compare "v1 seed 003" "$K" v1 failcnt=$K/memory.failcnt \
	watermark=$K/memory.max_usage_in_bytes kmem_failcnt=$K/memory.kmem.failcnt \
	kmem_watermark=$K/memory.kmem.max_usage_in_bytes
log "seed 003 on v1: failcnt $(cat $K/memory.failcnt), max_usage_in_bytes $(cat $K/memory.max_usage_in_bytes), kmem.max_usage_in_bytes $(cat $K/memory.kmem.max_usage_in_bytes)"
check "v1: failcnt rose" test "$(cat $K/memory.failcnt)" -gt 0

# Leave no memory cgroup behind: a v1 hierarchy with dying children
# outlives its umount and keeps the controller from v2 for the tests
# after us.
remove_cgroups $K $G
memory_v1_released() { [ "$(awk '$1 == "memory" { print $3 }' /proc/cgroups)" == 1 ]; }
check "no cgroup of the v1 hierarchy is left dying" release_dying $V1 memory_v1_released

dmesg_check_clean
finish
