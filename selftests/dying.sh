#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `cgscope dying` against cgroup.stat.  Three cgroups get memory charged by
# a process in them and are removed: one holds page cache of a file read
# from the (9p) root file system, one pages of a tmpfs file, one nothing
# to speak of.  While they linger, `dying` lists each with its path,
# controller and charged bytes, and its counts equal nr_dying_descendants
# (and nr_dying_subsys_<controller>, on kernels that have it) of their
# parent's cgroup.stat.  drop_caches releases the page cache one, deleting
# the tmpfs file the other; each goes within a bounded wait.
. "$(dirname "$0")/lib.sh"

load_module
dmesg_mark
. "$(dirname "$0")/memcg_lib.sh"
v2_memory_scene cgscope-dying

# A file of the read-only root nobody reads: its page cache is ours.
big=$(big_file 16)
check "a big file to read into the page cache" test -n "$big" || finish
sync
echo 3 > /proc/sys/vm/drop_caches

mkdir $P/pc $P/shm $P/plain
run_in $P/pc "dd if='$big' of=/dev/null bs=1M count=8 2>/dev/null"
run_in $P/shm "dd if=/dev/zero of=$shm/f bs=1M count=6 2>/dev/null"
run_in $P/plain "true"
pc_cur=$(cat $P/pc/memory.current)
shm_cur=$(cat $P/shm/memory.current)
log "memory.current before rmdir: pc $pc_cur, shm $shm_cur"
check "page cache charged to pc (>= 4 MiB)" test "$pc_cur" -ge $((4 << 20))
check "tmpfs pages charged to shm (>= 6 MiB)" test "$shm_cur" -ge $((6 << 20))
pc_id=$(stat -c %i $P/pc)
shm_id=$(stat -c %i $P/shm)
rmdir $P/pc $P/shm $P/plain
removed=$(date +%s.%N)
on_exit "rm -f $shm/f; echo 3 > /proc/sys/vm/drop_caches"

# ours DUMP: the entries under $P
ours() { jq --arg p /cgscope-dying/ '[.[] | select(.path | startswith($p))]'; }
count() { jq --arg c "$1" '[.[] | select(.controller == $c)] | length'; }
stat_of() { awk -v k="$1" '$1 == k { print $2 }' $P/cgroup.stat; }

# Counts against cgroup.stat, read before and after: a release in
# between spoils a round.
compare_stat() {	# compare_stat WHAT
	local round s1 s2 json ok
	for round in 1 2 3 4 5; do
		s1=$(cat $P/cgroup.stat)
		json=$(cgscope -j dying | ours)
		s2=$(cat $P/cgroup.stat)
		[ "$s1" == "$s2" ] && break
	done
	echo "$json" >"$SCRATCH/dying.json"
	expect_eq "$1: removed cgroups = nr_dying_descendants" \
		"$(stat_of nr_dying_descendants)" "$(count cgroup <<<"$json")"
	ok=0
	while read -r k v; do
		expect_eq "$1: dying ${k#nr_dying_subsys_} csses = $k" \
			"$v" "$(count "${k#nr_dying_subsys_}" <<<"$json")"
		ok=$((ok + 1))
	done < <(grep '^nr_dying_subsys_' $P/cgroup.stat)
	log "$1: compared $ok nr_dying_subsys_* counts"
}

compare_stat "after rmdir"
json=$(cat "$SCRATCH/dying.json")
entry() {	# entry CONTROLLER CGROUP_ID: that entry, or empty
	jq -c --arg c "$1" --argjson id "$2" \
		'.[] | select(.controller == $c and .cgroup_id == $id)' <<<"$json"
}
for w in pc shm; do
	id=${w}_id
	e=$(entry memory "${!id}")
	check "$w: its memory css is dying" test -n "$e"
	[ -n "$e" ] || continue
	expect_eq "$w: path" /cgscope-dying/$w "$(jq -r .path <<<"$e")"
	expect_eq "$w: hierarchy" 0 "$(jq -r .hierarchy_id <<<"$e")"
	expect_eq "$w: its cgroup was removed" true "$(jq -r .cgroup_dying <<<"$e")"
	check "$w: offline, refcount killed" jqe '.online == false and .ref_dead' <<<"$e"
	check "$w: charged >= 4 MiB" jqe '.charged_bytes >= 4194304' <<<"$e"
	log "$w: charged $(jq .charged_bytes <<<"$e") bytes, $(jq .refs <<<"$e") references"
	e=$(entry cgroup "${!id}")
	check "$w: the cgroup itself is listed" test -n "$e"
	check "$w: as a cgroup without css id or charge" \
		jqe '.css_id == null and .charged_bytes == null and .path == "/cgscope-dying/'$w'"' <<<"${e:-null}"
done
check "text output names the controller and path" \
	bash -c "cgscope dying | grep -qE '^memory +[0-9]+ +0 +$pc_id .* removed +/cgscope-dying/pc$'"
check "--controller memory lists memory csses only" \
	bash -c "cgscope -j dying --controller memory | jq -e 'length > 0 and all(.[]; .controller == \"memory\")' >/dev/null"
check "--controller cgroup lists cgroups only" \
	bash -c "cgscope -j dying --controller=cgroup | jq -e 'length > 0 and all(.[]; .controller == \"cgroup\" and .css_id == null)' >/dev/null"
# (the kernel has io: on v2 under that name, in /proc/cgroups under its
# v1 name blkio)
if grep -qw io $CG2/cgroup.controllers || grep -qw '^blkio' /proc/cgroups; then
	check "--controller blkio (the v1 name of io) is accepted" \
		bash -c "cgscope -j dying --controller blkio | jq -e 'all(.[]; .controller == \"io\")' >/dev/null"
else
	out=$(cgscope dying --controller blkio 2>&1)
	expect_eq "--controller blkio without the io controller: message" \
		"Error: dying: no controller 'blkio' on this kernel" "$out"
fi
out=$(cgscope dying --controller nosuch 2>&1)
expect_eq "--controller nosuch: exit 2" 2 $?
expect_eq "--controller nosuch: message" "Error: dying: no controller 'nosuch' on this kernel" "$out"

# gone WHAT CGROUP_ID [TENTHS]: wait (at most 20 s, or TENTHS tenths)
# until no entry names it
gone() {
	local i
	for i in $(seq "${3:-200}"); do
		cgscope -j dying | jq -e --argjson id "$2" \
			'all(.[]; .cgroup_id != $id)' >/dev/null && return 0
		sleep 0.1
	done
	return 1
}

drop_page_cache
t0=$(date +%s.%N)
check "pc goes after drop_caches" gone pc "$pc_id"
log "pc released $(echo "$(date +%s.%N) - $t0" | bc) s after drop_caches ($(echo "$(date +%s.%N) - $removed" | bc) s after rmdir)"
check "shm stays: tmpfs pages are not dropped" bash -c \
	"cgscope -j dying --controller memory | jq -e '.[] | select(.cgroup_id == $shm_id) | .charged_bytes >= 6291456' >/dev/null"
compare_stat "after drop_caches"
rm -f $shm/f
t0=$(date +%s.%N)
check "shm goes once its tmpfs file is deleted" gone shm "$shm_id"
log "shm released $(echo "$(date +%s.%N) - $t0" | bc) s after the file was deleted"
# A reader moved to another CPU before it exits leaves its last pages in
# its first CPU's LRU batch, with a reference drop_caches does not take
# away: only drop_page_cache (lib.sh), which drains the batches
# first, lets that cgroup go for sure.  The test keeps to CPU 0 meanwhile,
# so that nothing of its own fills CPU 1's batch.
if [ "$(nproc)" -ge 2 ]; then
	cpus=$(taskset -pc $$ | sed 's/.*: //')
	taskset -pc 0 $$ >/dev/null
	mkdir $P/moved
	moved_id=$(stat -c %i $P/moved)
	python3 -c '
import os, sys
open(sys.argv[1] + "/cgroup.procs", "w").write(str(os.getpid()))
os.sched_setaffinity(0, {1})
with open(sys.argv[2], "rb") as f:
    f.seek(12 << 20)
    f.read(4096)
os.sched_setaffinity(0, {0})
' $P/moved "$big"
	rmdir $P/moved
	echo 3 > /proc/sys/vm/drop_caches
	sleep 1
	if gone moved "$moved_id" 1; then
		log "moved: went with drop_caches alone this time"
	else
		log "moved: still dying after drop_caches alone"
	fi
	drop_page_cache
	check "moved: goes once the LRU batches are drained" gone moved "$moved_id"
	taskset -pc "$cpus" $$ >/dev/null
fi
check "nothing of ours is left" bash -c \
	"cgscope -j dying | jq --arg p /cgscope-dying/ -e '[.[] | select(.path | startswith(\$p))] | length == 0' >/dev/null"
expect_eq "nr_dying_descendants is 0 again" 0 "$(stat_of nr_dying_descendants)"

dmesg_check_clean
finish
