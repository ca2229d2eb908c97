#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A dying memory cgroup kept by tmpfs pages that went to swap: `cgscope
# dying --why` names the file with its pages in memory and in swap, each
# memory cgroup only its own, against the kernel's own answers.
#
# A zram swap device is added; jobs in cgroups "a" and "b" write 8 and 4
# MiB tmpfs files, and memory.reclaim pushes most of each to swap.  Then:
#  - memcg --files / dying --why name for each cgroup its file only, with
#    the bytes fincore (mincore(2)) finds resident, and in swap what the
#    cgroup's memory.swap.current says; resident + swapped is the file's
#    size (every page is in one place or the other); the snapshot's
#    dying_files carry the bytes in swap;
#  - the swap of both is what /proc/meminfo says is in use, at most;
#  - deleting a's file leaves a with no file and nothing of tmpfs in swap;
#    what swap is still charged to it is slots freed but still in the
#    per-CPU swap slots caches, which swapoff drains, releasing a; b, kept
#    by its file, stays;
#  - swapoff with b's pages in swap brings them back into memory, charged
#    to swapoff's cgroup (the kernel charges no dying one): b's file then
#    holds what b had in memory and nothing in swap; deleting it releases b.
. "$(dirname "$0")/lib.sh"

load_module
dmesg_mark
. "$(dirname "$0")/memcg_lib.sh"
command -v fincore >/dev/null || skip "no fincore (util-linux)"
command -v mkswap >/dev/null || skip "no mkswap (util-linux)"
grep -q '^SwapTotal' /proc/meminfo || skip "this kernel has no swap (CONFIG_SWAP)"
v2_memory_scene cgscope-swap
[ -e $P/memory.swap.current ] || skip "no swap accounting (memory.swap.current)"
[ -e $P/memory.reclaim ] || skip "no memory.reclaim"

# A zram device of its own (zram built in or a module: hot_add either way)
modprobe zram num_devices=0 2>/dev/null
[ -e /sys/class/zram-control/hot_add ] || skip "no zram (CONFIG_ZRAM)"
zdev=$(cat /sys/class/zram-control/hot_add)
on_exit "echo $zdev > /sys/class/zram-control/hot_remove"
echo 64M > /sys/block/zram$zdev/disksize
check "mkswap on zram$zdev" mkswap -q /dev/zram$zdev || finish
check "swapon zram$zdev" swapon /dev/zram$zdev || finish
on_exit "swapoff /dev/zram$zdev 2>/dev/null"

page=$(getconf PAGESIZE)
swap_used() { awk '/^SwapTotal/ { t = $2 } /^SwapFree/ { f = $2 } END { print (t - f) * 1024 }' /proc/meminfo; }

# dd and what it maps are read here, not in the cgroups
dd if=/dev/zero of=/dev/null bs=1M count=1 2>/dev/null
mkdir $P/a $P/b
on_exit "rm -f $shm/a $shm/b"
run_in $P/a "dd if=/dev/urandom of=$shm/a bs=1M count=8 2>/dev/null"
run_in $P/b "dd if=/dev/urandom of=$shm/b bs=1M count=4 2>/dev/null"
# (memory.reclaim may answer EAGAIN when it reclaimed less than asked)
echo 6M > $P/a/memory.reclaim
echo 3M > $P/b/memory.reclaim
a_swap=$(cat $P/a/memory.swap.current)
b_swap=$(cat $P/b/memory.swap.current)
log "a: $(cat $P/a/memory.current) in memory, $a_swap in swap; b: $(cat $P/b/memory.current), $b_swap"
check "a has pages in swap" test "$a_swap" -gt 0
check "b has pages in swap" test "$b_swap" -gt 0

# files CGROUP-JSON: "path bytes swapped" per file, tmpfs ones
files() { jq -r '.[0].files[] | select(.shmem) | "\(.path) \(.bytes) \(.swapped_bytes)"'; }
for c in a b; do
	json=$(cgscope -j memcg $P/$c --files)
	swap=$(cat $P/$c/memory.swap.current)
	expect_eq "live $c: its tmpfs file only, resident as fincore says, in swap as memory.swap.current" \
		"$shm/$c $(resident $shm/$c) $swap" "$(files <<<"$json")"
	expect_eq "live $c: swapped_bytes = memory.swap.current" "$swap" \
		"$(jq '.[0].swapped_bytes' <<<"$json")"
	expect_eq "live $c: resident + swapped = the file's size" \
		"$(stat -c %s $shm/$c)" "$(jq '.[0].files[] | select(.shmem) | .bytes + .swapped_bytes' <<<"$json")"
done
check "a and b: swapped <= the swap in use (/proc/meminfo)" \
	test $((a_swap + b_swap)) -le "$(swap_used)"

remove_dying a b

json=$(cgscope -j dying --why $a_css)
expect_eq "dying a: its tmpfs file, resident and in swap" \
	"$shm/a $(resident $shm/a) $a_swap" "$(files <<<"$json")"
expect_eq "dying a: swap charged = swapped tmpfs" \
	"$(jq '.[0].swap_bytes' <<<"$json")" "$(jq '.[0].swapped_bytes' <<<"$json")"
expect_eq "snapshot: a's file with its bytes in swap (dying_files)" "$shm/a $a_swap" \
	"$(cgscope snapshot | jq -r --argjson id $a_id '.dying_files[] | select(.cgroup_id == $id and .fstype == "tmpfs") | "\(.path) \(.swapped_bytes)"')"
check "text: the file with its swap" bash -c \
	"cgscope dying --why $a_css | grep -qE '^ .* $shm/a \\(tmpfs, [0-9.]+ [KM]iB in swap\\)\$'"
check "text: what deleting it frees" bash -c \
	"cgscope dying --why $a_css | grep -q 'of tmpfs/shmem in swap: released by deleting those files'"

rm -f $shm/a
flush_charge_stocks $P
json=$(cgscope -j dying --why $a_css)
if [ -n "$json" ]; then
	log "a: $(cgscope dying --why $a_css)"
	expect_eq "a, its file deleted: no file, nothing of tmpfs in swap" "0 0" \
		"$(jq -r '.[0] | "\(.files | length) \(.swapped_bytes)"' <<<"$json")"
	# A freed swap slot stays charged in its CPU's swap slots cache
	# (mm/swap_slots.c, SWAP_SLOTS_CACHE_SIZE 64) until it is drained.
	check "a: the swap still charged fits the per-CPU swap slots caches" \
		test "$(jq '.[0].swap_bytes' <<<"$json")" -le $((64 * page * $(nproc)))
	check "text: swap in no tmpfs file, and why" bash -c \
		"cgscope dying --why $a_css | grep -q 'of swap in no tmpfs file: anon, or slots freed'"
fi
check "b, kept by its file, is still dying" test -n "$(css_of $b_id)"

# swapoff reads b's pages back, but mem_cgroup_swapin_charge_folio()
# charges no offline memcg: they come back charged to swapoff's cgroup.
# b keeps the pages it had in memory, and nothing in swap.
b_mem=$(cgscope -j dying --why $b_css | jq '.[0].files[] | select(.shmem) | .bytes')
check "swapoff zram$zdev" swapoff /dev/zram$zdev
check "a is released by swapoff (its file deleted before)" until_true 100 memcg_released $a_id
expect_eq "after swapoff: the whole of b's file is resident (fincore)" \
	"$(stat -c %s $shm/b)" "$(resident $shm/b)"
json=$(cgscope -j dying --why $b_css)
expect_eq "after swapoff: b's file, with what b had in memory, nothing in swap" \
	"$shm/b $b_mem 0" "$(files <<<"$json")"
expect_eq "after swapoff: no swap charged to b" 0 "$(jq '.[0].swap_bytes' <<<"$json")"
rm -f $shm/b
if ! until_true 50 memcg_released $b_id; then
	flush_charge_stocks $P
fi
check "b is released once its tmpfs file is deleted" until_true 100 memcg_released $b_id

dmesg_check_clean
finish
