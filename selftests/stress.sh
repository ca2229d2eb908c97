#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Churn while reading.  For CGSCOPE_STRESS_SECONDS (default 120) the
# cgroup world changes all the time: cgroups made and removed on v2 and
# on two v1 hierarchies, processes forking and exiting, tasks migrating,
# namespaces unshared, device rules written on v1, device programs
# attached and detached on v2, page cache and tmpfs pages charged to
# cgroups removed at once, tmpfs pages of such cgroups pushed to a zram
# swap device that is switched off and on (swapoff frees the record of
# whose swap it is that dying --why reads), and the module itself
# unloaded and loaded again every few seconds.  Meanwhile readers dump every object kind over
# raw netlink and check each dump (dump_check), run every cgscope command
# (dying --why walks every page cache),
# read every debugfs file, and watch events.
#
# Pass: every worker and reader stops when told (a watchdog waits 60 s and
# names whatever hangs, with its kernel stack); no reader timed out or died
# of a signal; no unflagged dump was inconsistent; the kernel logged no
# WARN, oops, lockdep, KASAN, RCU stall or hung task; and after the last
# rmmod, no object in a kmalloc cache was allocated by the module's code,
# counted from SLUB's own allocation tracking (scripts/check boots this
# test with slub_debug=U,kmalloc-*; without it, this last check is skipped
# and says so).
. "$(dirname "$0")/lib.sh"

BIN=$CGSCOPE_SELFTEST_BIN
secs=${CGSCOPE_STRESS_SECONDS:-120}
[[ $secs =~ ^[0-9]+$ ]] && [ "$secs" -ge 10 ] ||
	{ log "CGSCOPE_STRESS_SECONDS: need a number of seconds >= 10"; exit $KSFT_FAIL; }
STOP=$SCRATCH/stop
ERR=$SCRATCH/errors
touch "$ERR"

# Objects in the kmalloc caches whose allocation site is in the module or
# in code no longer loaded (SLUB prints such an address without a symbol).
# Shrinking each cache first empties KASAN's quarantine of it (on a KASAN
# kernel a freed object waits there, still allocated as SLUB sees it).
module_objects() {
	local f
	for f in /sys/kernel/slab/kmalloc-*/shrink; do
		echo 1 >"$f"
	done 2>/dev/null
	for f in /sys/kernel/debug/slab/kmalloc-*/alloc_traces; do
		awk '/^ *[0-9]+ / { l = $0; sub(/ age=.*/, "", l)
		     if (l ~ /\[cgscope\]/ || $2 ~ /^0x/) n += $1 }
		     END { print n + 0 }' "$f"
	done | awk '{ n += $1 } END { print n + 0 }'
}
slab_tracking() {
	[ -r /sys/kernel/debug/slab/kmalloc-64/alloc_traces ] &&
		grep -q 'slub_debug=[^ ]*U' /proc/cmdline
}

dmesg_mark
unload_module
if slab_tracking; then
	objects_before=$(module_objects)
	log "kmalloc objects from unloaded or cgscope code before the test: $objects_before"
fi
load_module
check "module loaded" module_loaded

# --- the world -----------------------------------------------------------
S=$CG2/cgscope-stress
make_cgroup $S
on_exit "find $S -mindepth 1 -depth -type d -exec rmdir {} + 2>/dev/null"
ctrls=$(cat $CG2/cgroup.controllers)
for c in pids memory; do
	[[ " $ctrls " == *" $c "* ]] || continue
	echo "+$c" >$CG2/cgroup.subtree_control 2>/dev/null
	echo "+$c" >$S/cgroup.subtree_control 2>/dev/null
done
mkdir -p $S/m1 $S/m2 $S/f $S/bpf
# Cgroups that stay, so that dumps span several reads even where the
# churn is slow (a debug kernel): dump_check wants multi-round dumps.
mkdir -p $S/s
for i in $(seq 150); do
	mkdir $S/s/$i
done
V1=$SCRATCH/v1
mount_v1 $V1 none,name=cgscope_stress
mkdir -p $V1/m1 $V1/m2
DEV=$SCRATCH/dev
have_dev=false
if mount_v1 $DEV devices 2>/dev/null; then
	have_dev=true
	mkdir -p $DEV/rules
	on_exit "rmdir $DEV/rules"
fi
# A zram swap device and a tmpfs for w_swap.  Where the kernel has zram,
# what else the worker needs must be there too: a missing piece fails
# the test rather than leave the worker out unseen.
zdev=
modprobe zram num_devices=0 2>/dev/null
if [ -e /sys/class/zram-control/hot_add ] &&
   check "memory.reclaim and mkswap, for the swap worker" \
	bash -c "[ -e $S/s/memory.reclaim ] && command -v mkswap >/dev/null"; then
	zdev=$(cat /sys/class/zram-control/hot_add)
	on_exit "echo $zdev >/sys/class/zram-control/hot_remove"
	echo 64M >/sys/block/zram$zdev/disksize
	if check "swap on zram$zdev" bash -c "mkswap -q /dev/zram$zdev && swapon /dev/zram$zdev"; then
		on_exit "swapoff /dev/zram$zdev"
	else
		zdev=
	fi
	mkdir $SCRATCH/shm
	mount -t tmpfs cgscope-stress $SCRATCH/shm
	on_exit "rm -f $SCRATCH/shm/*; umount $SCRATCH/shm"
fi
swap="none (no zram)"
[ -z "$zdev" ] || swap=zram$zdev
log "v2 controllers: $(cat $S/cgroup.subtree_control); v1 devices: $have_dev; swap: $swap; $secs s"

running() { [ ! -e "$STOP" ]; }
fail_note() { echo "$*" >>"$ERR"; }

w_mkdir() {	# w_mkdir DIR
	local i=0
	while running; do
		i=$(((i + 1) % 20))
		mkdir -p "$1/c$i/d" 2>/dev/null
		rmdir "$1/c$i/d" "$1/c$i" 2>/dev/null
	done
}
w_fork() {
	while running; do
		sh -c "echo \$\$ > $S/f/cgroup.procs && exec true" 2>/dev/null
		/bin/true
	done
}
w_migrate() {
	local i p pids=()
	for i in 1 2 3 4; do
		sleep 100000 >/dev/null 2>&1 &
		pids+=($!)
	done
	while running; do
		for p in "${pids[@]}"; do
			echo "$p" >$S/m$((RANDOM % 2 + 1))/cgroup.procs 2>/dev/null
			echo "$p" >$V1/m$((RANDOM % 2 + 1))/cgroup.procs 2>/dev/null
		done
	done
	kill "${pids[@]}" 2>/dev/null
	wait "${pids[@]}" 2>/dev/null
}
w_unshare() {
	while running; do
		unshare -C -u -i -n true
		unshare -C -m -p -f --mount-proc true
	done >/dev/null 2>&1
}
w_devrules() {
	while running; do
		echo 'c 1:3 rwm' >$DEV/rules/devices.deny
		sh -c "echo \$\$ > $DEV/rules/cgroup.procs && exec head -c 1 /dev/null" 2>/dev/null
		echo 'c 1:3 rwm' >$DEV/rules/devices.allow
		echo a >$DEV/rules/devices.allow
	done >/dev/null 2>&1
}
w_bpf() {
	local id
	while running; do
		id=$("$BIN/devcg_bpf" $S/bpf c 1 7 r 2>/dev/null) || continue
		sh -c "echo \$\$ > $S/bpf/cgroup.procs && exec head -c 1 /dev/zero" >/dev/null 2>&1
		"$BIN/devcg_bpf" --detach $S/bpf "$id" >/dev/null 2>&1 ||
			fail_note "devcg_bpf: cannot detach program $id"
	done
}
w_module() {
	local n=0 i
	while running; do
		sleep $((2 + RANDOM % 3))
		for i in $(seq 50); do
			rmmod cgscope 2>/dev/null && break
			sleep 0.1	# in use by a dump: try again
		done
		module_loaded && continue
		sleep 0.$((RANDOM % 10))
		insmod "$CGSCOPE_KO" 2>>"$ERR" || fail_note "insmod failed"
		n=$((n + 1))
	done
	echo "$n" >$SCRATCH/reloads
}

# A cgscope command: fine if it succeeds or says the module is away; a
# timeout, a signal, or any other error is noted.
# run_cgscope ARGS...: one cgscope command, given 60 s.  A timer started
# with it takes the command's state and kernel stack at 55 s, before it is
# killed: "no answer" then says where it waited (in the kernel, on a lock
# or a netlink reply, or runnable and starved of CPU).
run_cgscope() {
	local rc out pid timer f=$SCRATCH/cli.$BASHPID
	cgscope "$@" >"$f" 2>&1 &
	pid=$!
	( sleep 55
	  [ -d /proc/$pid ] || exit 0
	  { echo "state: $(grep '^State:' /proc/$pid/status 2>/dev/null)" \
		"wchan: $(cat /proc/$pid/wchan 2>/dev/null)" \
		"load: $(cat /proc/loadavg)"
	    sed 's/^/  /' /proc/$pid/stack 2>/dev/null; } >"$f.stack"
	  kill -TERM $pid 2>/dev/null
	  sleep 5
	  kill -KILL $pid 2>/dev/null ) 2>/dev/null &
	timer=$!
	wait $pid
	rc=$?
	pkill -P $timer sleep 2>/dev/null
	kill $timer 2>/dev/null
	wait $timer 2>/dev/null
	# (with -j an error is a JSON object on stdout: keep the last line)
	out=$(tail -n 1 "$f")
	rm -f "$f"
	if [ -e "$f.stack" ]; then
		echo hang
		fail_note "cgscope $*: no answer in 60 s (exit $rc); at 55 s: $(cat "$f.stack")"
		rm -f "$f.stack"
		return
	fi
	case $rc in
	0) echo ok ;;
	2) if grep -qE 'module not loaded|was unloaded|being loaded or unloaded|No such file|not supported|No such process|no such' <<<"$out"; then
		echo away
	   else
		echo error
		fail_note "cgscope $*: $out"
	   fi ;;
	*) echo error; fail_note "cgscope $*: exit $rc: $out" ;;
	esac
}
r_cli() {
	local cmds=("-j roots" "-j tree" "tree" "-j csets" "-j task list"
		    "-j task 1" "-j ns 1" "-j ns list" "-j info" "-j events"
		    "events --stats" "-j devices --pid 1" "-j check --pid 1 c 1:3 r"
		    "-j dying" "-j memcg --pid 1" "snapshot"
		    "-j dying --why --all" "-j memcg --pid 1 --files")
	$have_dev && cmds+=("-j devices $DEV/rules")
	while running; do
		# shellcheck disable=SC2086 # word splitting wanted
		run_cgscope ${cmds[RANDOM % ${#cmds[@]}]}
	done >$SCRATCH/cli.results
}
r_debugfs() {
	local f rc
	while running; do
		for f in "$DEBUGFS"/*; do
			timeout -k 5 60 cat "$f" >/dev/null 2>&1
			rc=$?
			[ $rc -eq 124 ] || [ $rc -eq 137 ] && fail_note "cat $f: no answer in 60 s"
		done
		[ -d "$DEBUGFS" ] || sleep 0.1
	done
}
r_watch() {
	local rc n=0
	while running; do
		timeout -k 5 10 cgscope -j watch >/dev/null 2>>$SCRATCH/watch.err
		rc=$?
		case $rc in
		0|2|124) n=$((n + 1)) ;;
		*) fail_note "cgscope watch: exit $rc" ;;
		esac
		module_loaded || sleep 0.2
	done
	echo "$n" >$SCRATCH/watches
}

# Page cache and tmpfs pages charged to cgroups removed right after, the
# files deleted, the caches dropped: what dying --why walks, changing.
w_pagecache() {
	local i=0 dir=$SCRATCH/pagecache
	mkdir -p $dir
	while running; do
		i=$((i + 1))
		mkdir $S/pc$((i % 4)) 2>/dev/null
		sh -c 'echo $$ > "$1/cgroup.procs" &&
			head -c 65536 /dev/urandom > "$2" && cat "$3" > /dev/null' \
			sh $S/pc$((i % 4)) $dir/f$((i % 8)) "$(command -v bash)" 2>/dev/null
		rmdir $S/pc$((i % 4)) 2>/dev/null
		rm -f $dir/f$(((i + 4) % 8))
		[ $((i % 16)) -eq 0 ] && echo 1 >/proc/sys/vm/drop_caches
	done
}

# 1 MiB of tmpfs written from a cgroup, pushed to swap by memory.reclaim,
# the cgroup removed; in the first round and every 8th after it, swapoff
# (which reads back what is left in swap and frees the owner records) and
# swapon again.  (The first: a slow debug guest may not reach an 8th.)
w_swap() {
	local i=0 offs=0 used=0 f=$SCRATCH/shm/s
	while running; do
		i=$((i + 1))
		mkdir $S/sw 2>/dev/null
		sh -c 'echo $$ > "$1/cgroup.procs" &&
			head -c 1048576 /dev/zero > "$2" &&
			echo 1M > "$1/memory.reclaim"' sh $S/sw $f$((i % 4)) 2>/dev/null
		rmdir $S/sw 2>/dev/null
		rm -f $f$(((i + 2) % 4))
		[ $((i % 8)) -eq 1 ] || continue
		[ "$(awk 'NR > 1 { n += $4 } END { print n + 0 }' /proc/swaps)" -gt 0 ] &&
			used=$((used + 1))
		if swapoff /dev/zram$zdev && swapon /dev/zram$zdev; then
			offs=$((offs + 1))
		else
			fail_note "swapoff or swapon of zram$zdev failed"
		fi
	done
	echo "$offs $used" >$SCRATCH/swapoffs
}

# Workers and readers run at nice 10 (what they start inherits it), so
# that the test's own steps keep time: on the 6.1 debug kernel under TCG,
# at nice 0 among a dozen busy loops, the halfway count of SLUB's traces
# had not begun 5 minutes after it was due, and a `sleep 30` beside it
# took 71 s.  While the test sleeps, they have the CPUs to themselves.
pids=()
start() { "$@" & pids+=($!); renice -n 10 -p $! >/dev/null; }
start w_mkdir $S
start w_mkdir $V1
start w_fork
start w_migrate
start w_unshare
$have_dev && start w_devrules
start w_bpf
start w_pagecache
[ -z "$zdev" ] || start w_swap
start w_module
start r_cli
start r_debugfs
start r_watch
"$BIN/dump_check" "$secs" 1 >$SCRATCH/dump1 2>&1 & dump1=$!
"$BIN/dump_check" "$secs" 2 >$SCRATCH/dump2 2>&1 & dump2=$!
renice -n 10 -p $dump1 $dump2 >/dev/null

# Halfway, SLUB must see the module's allocations (a dump's buffers), or
# the leak check at the end could not see a leak either.
sleep $((secs / 2))
if slab_tracking; then
	seen=0 t0=$SECONDS
	for i in 1 2 3 4 5; do
		n=$(module_objects)
		[ "$n" -gt "$seen" ] && seen=$n
		[ "$seen" -gt "$objects_before" ] && break
		sleep 1
	done
	log "kmalloc objects of the module halfway: $seen (counted in $((SECONDS - t0)) s)"
	check "SLUB tracking sees the module's allocations" test "$seen" -gt "$objects_before"
fi
sleep $((secs - secs / 2))
touch "$STOP"
wait "$dump1"
check "dump_check 1: consistent dumps, no errors" test $? -eq 0
wait "$dump2"
check "dump_check 2: consistent dumps, no errors" test $? -eq 0
log "dump_check 1: $(cat $SCRATCH/dump1)"
log "dump_check 2: $(cat $SCRATCH/dump2)"

# the watchdog: everything stops within 60 s
for i in $(seq 600); do
	alive=()
	for p in "${pids[@]}"; do
		kill -0 "$p" 2>/dev/null && alive+=("$p")
	done
	[ ${#alive[@]} -eq 0 ] && break
	sleep 0.1
done
if ! check "every worker and reader stopped within 60 s" test ${#alive[@]} -eq 0; then
	for p in "${alive[@]}"; do
		pgrep -P "$p" | while read -r c; do
			log "still running: $(tr '\0' ' ' </proc/$c/cmdline 2>/dev/null)"
			sed 's/^/    /' /proc/$c/stack 2>/dev/null
		done
	done
	kill -9 "${alive[@]}" 2>/dev/null
fi
wait 2>/dev/null

log "module reloads: $(cat $SCRATCH/reloads 2>/dev/null); watch runs: $(cat $SCRATCH/watches 2>/dev/null)"
log "cgscope commands: $(sort $SCRATCH/cli.results | uniq -c | xargs)"
check "the module was reloaded" test "$(cat $SCRATCH/reloads 2>/dev/null || echo 0)" -gt 0
if [ -n "$zdev" ]; then
	offs=0 used=0
	read -r offs used <$SCRATCH/swapoffs
	log "swap switched off and on ${offs:-0} times, ${used:-0} of them with pages in swap"
	check "swapoff with pages in swap, while read" test "${used:-0}" -gt 0
fi
check "cgscope commands succeeded" grep -q '^ok$' $SCRATCH/cli.results
# finish() checks the JSON of 300 of the commands against their schemas
# (all of them would take minutes under TCG)
json_sample=300
check "no cgscope command hung or failed" bash -c "! grep -qvE '^(ok|away)$' $SCRATCH/cli.results"
if ! check "no errors noted by workers and readers" test ! -s "$ERR"; then
	sort "$ERR" | uniq -c | sort -rn | head -n 20
fi

# the module's memory, back to nothing once unloaded
for i in $(seq 50); do
	unload_module 2>/dev/null && break
	sleep 0.1
done
check "final rmmod" bash -c '! [ -d /sys/module/cgscope ]'
check "no vmalloc area of the module left" bash -c '! grep -q "\[cgscope\]" /proc/vmallocinfo'
if slab_tracking; then
	objects_after=$(module_objects)
	expect_eq "kmalloc objects from unloaded or cgscope code after the last rmmod" \
		"$objects_before" "$objects_after"
else
	log "SLUB allocation tracking is off (boot with slub_debug=U,kmalloc-*): leak check skipped"
fi
load_module
check "module loads again" module_loaded

dmesg_check_clean
finish
