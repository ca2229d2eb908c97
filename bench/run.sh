#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The guest side of `make bench` (scripts/bench boots a guest with
# --no-module and runs this as root).  For each size it grows a nested v2
# tree (bench/cgtree.c), spreads the tasks over its leaves (bench/spawn.c)
# and measures:
#   1. full snapshots through netlink (bench/nlsnap.c) against the same
#      information read from cgroupfs and /proc (bench/cgfs_walk.c), the
#      two interleaved, median of REPS each;
#   2. the longest css_set_lock hold during those snapshots (debugfs stats);
#   3. fork+exit and open(/dev/null) latency, idle, beside a CPU hog (the
#      TCG control) and beside a snapshot loop (bench/lat.c);
# then module memory at load and during dumps at the largest size
# (bench/memwatch.c), and the wall time of `cgscope tree` there.
#
# Prints progress lines "bench: ..." as it goes, then the table, then one
# line "CGSCOPE-BENCH-JSON {...}" with the same numbers for bench/last.json.
#
# With --icount (scripts/bench boots a second guest with QEMU's
# "-icount shift=0,sleep=off", where the guest clock advances one
# nanosecond per guest instruction) only parts 1 and 2 run, three
# snapshots each, and open() with and without the denial probe: the same
# measures in instructions, which the load of the host cannot stretch.
# Its JSON line is "CGSCOPE-BENCH-ICOUNT-JSON".
#
# Knobs (exported CGSCOPE_* variables reach the guest) are for trying
# things out; `make bench` uses the defaults:
#   CGSCOPE_BENCH_SIZES        "100 1000 10000" (bench cgroups, ascending)
#   CGSCOPE_BENCH_TASKS        1000
#   CGSCOPE_BENCH_REPS         snapshots per size below 10000 (default 9)
#   CGSCOPE_BENCH_REPS_LARGE   snapshots per size of 10000 and up (default 5)
set -uo pipefail
export LC_ALL=C

mode=full
case ${1:-} in
--icount) mode=icount ;;
"") ;;
*) echo "usage: $0 [--icount]" >&2; exit 2 ;;
esac

top=${CGSCOPE_TOP:-$(cd "$(dirname "$0")/.." && pwd)}
B=$top/build/bench
CGSCOPE=$top/build/user/cgscope
KO=${CGSCOPE_KO:-$top/build/kmod/$(uname -r)/cgscope.ko}
CG=/sys/fs/cgroup
BASE=$CG/cgscope-bench
DBG=/sys/kernel/debug/cgscope

read -r -a SIZES <<<"${CGSCOPE_BENCH_SIZES:-100 1000 10000}"
TASKS=${CGSCOPE_BENCH_TASKS:-1000}
REPS=${CGSCOPE_BENCH_REPS:-9}
REPS_LARGE=${CGSCOPE_BENCH_REPS_LARGE:-5}
REPS_ICOUNT=3		# snapshots per size in instruction time (deterministic)
CONTROLLERS="+cpu +memory +pids"
LAT_ROUNDS=5		# turns of idle, CPU hog and dump loop
LAT_ROUNDS_ICOUNT=2	# turns of open() without and with the probe (icount)
FORK_N=200		# fork+exit samples per configuration and round
OPEN_N=2000		# open+close samples per configuration and round
MEM_REPS=3		# snapshots while memory is sampled
TREE_REPS=3		# runs of `cgscope tree`
LAT_CPU=0		# where the measured loop runs
LOAD_CPU=1		# where the hog or the dump loop runs

T=$(mktemp -d /tmp/cgscope-bench.XXXXXX)
spawner=
bg=
run_t0=$EPOCHREALTIME

say() { printf 'bench: [%3.0f s] %s\n' "$(calc "$EPOCHREALTIME - $run_t0")" "$*" >&2; }
die() { say "error: $*"; exit 1; }

stop_bg() {
	[ -n "$bg" ] || return 0
	kill "$bg" 2>/dev/null
	wait "$bg" 2>/dev/null
	bg=
}

kill_tasks() {
	[ -n "$spawner" ] || return 0
	echo 1 >"$BASE/cgroup.kill"
	wait "$spawner" 2>/dev/null
	spawner=
}

cleanup() {
	stop_bg
	kill_tasks
	rm -rf "$T"
}
trap cleanup EXIT

# kv KEY: the value of KEY=VALUE on stdin's lines, one per line
kv() {
	awk -v k="$1" '{ for (i = 1; i <= NF; i++) { n = index($i, "=")
		if (substr($i, 1, n - 1) == k) print substr($i, n + 1) } }'
}

# med: the median of the numbers on stdin (mean of the middle two)
med() {
	sort -n | awk '{ v[NR] = $1 } END { if (!NR) print 0
		else if (NR % 2) print v[(NR + 1) / 2]
		else printf "%.0f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

sum() { awk '{ s += $1 } END { printf "%.0f\n", s }'; }
maxof() { sort -n | tail -n 1; }

# calc EXPR: floating point arithmetic (awk)
calc() { awk "BEGIN { printf \"%.17g\\n\", ($1) }"; }

# verdict EXPR: "met" when the awk condition holds, else "MISSED"
verdict() { awk "BEGIN { exit !($1) }" && echo met || echo MISSED; }

# lat_med/lat_p99 SIZE OP LOAD: from a latency summary
lat_med() { kv median_ns <"$T/lat-$1-$2-$3"; }
lat_p99() { kv p99_ns <"$T/lat-$1-$2-$3"; }
us() { awk -v v="$1" 'BEGIN { printf "%.0f", v / 1e3 }'; }
us1() { awk -v v="$1" 'BEGIN { printf "%.1f", v / 1e3 }'; }

stat_get() { awk -v k="$1" '$1 == k { print $2 }' "$DBG/stats"; }

# ---------------------------------------------------------------------------
# Set-up: the module, loaded here so its memory can be seen arrive
# ---------------------------------------------------------------------------
for p in nlsnap cgfs_walk lat cgtree spawn memwatch; do
	[ -x "$B/$p" ] || die "$B/$p is missing (make -C bench)"
done
[ -x "$CGSCOPE" ] || die "$CGSCOPE is missing (make user)"

kernel=$(uname -r)
ncpu=$(nproc)
[ "$ncpu" -gt "$LOAD_CPU" ] || die "need at least 2 CPUs in the guest, have $ncpu"

if [ -d /sys/module/cgscope ]; then
	die "cgscope is already loaded: scripts/bench boots with --no-module to see what loading it costs"
fi
sleep 1
mem_before=$("$B/memwatch" -1)
# The module may be being rebuilt on the host; a half-written file fails.
for i in 1 2 3 4 5 6; do
	out=$(insmod "$KO" 2>&1) && break
	[ "$i" -lt 6 ] || die "insmod $KO: $out"
	say "insmod failed ($out), retrying in 20 s"
	sleep 20
done
sleep 1
mem_loaded=$("$B/memwatch" -1)
say "module loaded on $kernel, $ncpu CPUs"

echo "$CONTROLLERS" >"$CG/cgroup.subtree_control" ||
	die "cannot enable $CONTROLLERS at the v2 root"

# The denial probe (issue #6): a kretprobe on devcgroup_check_permission(),
# which every open() of a device node calls.  A module that has it has the
# debugfs file "events", whose first line says whether the probes are
# armed; writing 1 there arms them (events go to a ring, no listener
# needed) and 0 disarms them.  Without it the probe rows say n/a.
probe_available() {
	[ -e "$DBG/events" ] && head -n 1 "$DBG/events" | grep -q ' armed '
}
probe_armed() {
	head -n 1 "$DBG/events" | grep -q ' armed 1 '
}
probe_arm() {
	echo 1 >"$DBG/events" 2>/dev/null && probe_armed
}
probe_disarm() {
	echo 0 >"$DBG/events" 2>/dev/null && ! probe_armed
}
if probe_available; then
	if probe_arm && probe_disarm; then
		probe_state=ready
	else
		probe_state="n/a (the module has event probes, but arming them through $DBG/events failed)"
	fi
else
	probe_state="n/a (no denial probe in this module yet)"
fi
mem_probe=$("$B/memwatch" -1)	# the event ring stays allocated once armed

# ---------------------------------------------------------------------------
# Per size
# ---------------------------------------------------------------------------
# lat_row SIZE OP N LOAD: N more samples into $T/lat-SIZE-OP-LOAD.raw
lat_row() {
	"$B/lat" -c "$LAT_CPU" -o "$T/lat-$1-$2-$4.raw" "$2" "$3" >/dev/null ||
		die "lat $2 failed"
}

# lat_rows SIZE LOAD: one round of both operations
lat_rows() {
	lat_row "$1" fork "$FORK_N" "$2"
	lat_row "$1" open "$OPEN_N" "$2"
}

# lat_stats FILE: summary of pooled samples, as lat prints it
lat_stats() {
	sort -n "$1" | awk '{ v[NR] = $1; s += $1 }
		function q(p,  i) { i = int(p * NR + 0.999999); if (i < 1) i = 1; return v[i] }
		END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		      printf "n=%d median_ns=%.0f p90_ns=%d p99_ns=%d mean_ns=%.0f min_ns=%d max_ns=%d\n",
			NR, m, q(0.90), q(0.99), s / NR, v[1], v[NR] }'
}

# The loads take turns, LAT_ROUNDS times, so that a slow spell of the host
# (another VM, say) does not land on one of them only; open with the probe
# armed comes right after open without it.
measure_latency() {	# SIZE
	local n=$1 f
	echo 0 >"$DBG/stats"
	for _ in $(seq "$LAT_ROUNDS"); do
		lat_rows "$n" idle
		if [ "$probe_state" = ready ]; then
			probe_arm || die "cannot arm the denial probe"
			lat_row "$n" open "$OPEN_N" probe
			probe_disarm || die "cannot disarm the denial probe"
		fi

		"$B/lat" -c "$LOAD_CPU" spin &
		bg=$!
		sleep 0.3
		lat_rows "$n" hog
		stop_bg

		"$B/nlsnap" -f -q -c "$LOAD_CPU" &
		bg=$!
		sleep 0.3
		lat_rows "$n" dump
		stop_bg
	done
	loop_hold_max[$n]=$(stat_get css_set_lock_hold_ns_max)
	loop_walks[$n]=$(stat_get walks)
	for f in "$T/lat-$n"-*.raw; do
		lat_stats "$f" >"${f%.raw}"
	done
}

# The speedup compares like with like only if both sides saw the same tree:
# a netlink dump that stopped short would be quick.  The tree holds still
# while the snapshots are taken (tasks spawned, no churn), so:
# same_tree SIZE: the live v2 cgroups of a netlink snapshot are, path for
# path, the directories of /sys/fs/cgroup (what cgfs_walk walks);
same_tree() {
	"$B/nlsnap" -p | sort >"$T/nl-paths-$1" || die "nlsnap -p failed"
	find "$CG" -type d | sed "s|^$CG||; s|^\$|/|" | sort >"$T/fs-paths-$1"
	if ! cmp -s "$T/nl-paths-$1" "$T/fs-paths-$1"; then
		diff "$T/fs-paths-$1" "$T/nl-paths-$1" | head -n 20 >&2
		die "$1 cgroups: the netlink snapshot and cgroupfs list different" \
		    "cgroups ($(wc -l <"$T/nl-paths-$1") and" \
		    "$(wc -l <"$T/fs-paths-$1")): no speedup to report"
	fi
	say "$1 cgroups: netlink and cgroupfs see the same $(wc -l <"$T/fs-paths-$1") cgroups"
}
# same_count SIZE: and every timed pair, the last lines of nl-SIZE and
# fs-SIZE, counted as many cgroups.
same_count() {
	local nl fs
	nl=$(tail -n 1 "$T/nl-$1" | kv v2_cgroups)
	fs=$(tail -n 1 "$T/fs-$1" | kv cgroups)
	[ -n "$nl" ] && [ "$nl" = "$fs" ] ||
		die "$1 cgroups: a netlink snapshot saw ${nl:-no} v2 cgroups," \
		    "the cgroupfs walk beside it $fs: no speedup to report"
}

declare -A reps_of nl_ns fs_ns nl_bytes fs_bytes objects v2_cgroups csets \
	threads procs intr holds hold_total hold_max hold_max_med mutex_max walks \
	loop_hold_max loop_walks build_s spawn_s leaves

for n in "${SIZES[@]}"; do
	kill_tasks
	say "$n cgroups: growing the tree"
	t0=$EPOCHREALTIME
	out=$("$B/cgtree" "$BASE" "$n" "$T/leaves" "$CONTROLLERS") || die "cgtree $n failed"
	build_s[$n]=$(calc "$EPOCHREALTIME - $t0")
	leaves[$n]=$(kv leaves <<<"$out")

	t0=$EPOCHREALTIME
	"$B/spawn" "$TASKS" "$T/leaves" >"$T/spawn.out" &
	spawner=$!
	for i in $(seq 600); do
		grep -q '^ready' "$T/spawn.out" && break
		kill -0 "$spawner" 2>/dev/null || die "spawn failed"
		sleep 0.1
	done
	grep -q '^ready' "$T/spawn.out" || die "spawn did not get ready"
	spawn_s[$n]=$(calc "$EPOCHREALTIME - $t0")

	reps=$REPS
	[ "$n" -lt 10000 ] || reps=$REPS_LARGE
	[ "$mode" = full ] || reps=$REPS_ICOUNT
	reps_of[$n]=$reps
	say "$n cgroups: snapshots, $reps of each (after one warm-up each)"
	"$B/nlsnap" >/dev/null || die "nlsnap failed"
	"$B/cgfs_walk" >/dev/null || die "cgfs_walk failed"
	same_tree "$n"
	: >"$T/nl-$n"
	: >"$T/fs-$n"
	: >"$T/st-$n"
	for _ in $(seq "$reps"); do
		# the module's counters, for this snapshot alone
		echo 0 >"$DBG/stats"
		"$B/nlsnap" >>"$T/nl-$n" || die "nlsnap failed"
		echo "holds=$(stat_get css_set_lock_holds)" \
			"total=$(stat_get css_set_lock_hold_ns_total)" \
			"max=$(stat_get css_set_lock_hold_ns_max)" \
			"mutex=$(stat_get cgroup_mutex_hold_ns_max)" \
			"walks=$(stat_get walks)" >>"$T/st-$n"
		"$B/cgfs_walk" >>"$T/fs-$n" || die "cgfs_walk failed"
		same_count "$n"
	done
	holds[$n]=$(kv holds <"$T/st-$n" | sum)
	hold_total[$n]=$(kv total <"$T/st-$n" | sum)
	hold_max[$n]=$(kv max <"$T/st-$n" | maxof)
	hold_max_med[$n]=$(kv max <"$T/st-$n" | med)
	mutex_max[$n]=$(kv mutex <"$T/st-$n" | maxof)
	walks[$n]=$(kv walks <"$T/st-$n" | sum)

	nl_ns[$n]=$(kv ns <"$T/nl-$n" | med)
	fs_ns[$n]=$(kv ns <"$T/fs-$n" | med)
	nl_bytes[$n]=$(kv bytes <"$T/nl-$n" | med)
	fs_bytes[$n]=$(kv bytes <"$T/fs-$n" | med)
	objects[$n]=$(kv objects <"$T/nl-$n" | med)
	v2_cgroups[$n]=$(kv v2_cgroups <"$T/nl-$n" | med)
	csets[$n]=$(kv csets <"$T/nl-$n" | med)
	threads[$n]=$(kv tasks <"$T/nl-$n" | med)
	procs[$n]=$(kv procs <"$T/fs-$n" | med)
	intr[$n]=$(kv intr <"$T/nl-$n" | awk '{ s += $1 } END { print s + 0 }')

	if [ "$mode" = icount ]; then
		# open() with and without the probe, in instructions
		if [ "$probe_state" = ready ]; then
			say "$n cgroups: open() with and without the probe"
			for _ in $(seq "$LAT_ROUNDS_ICOUNT"); do
				lat_row "$n" open "$OPEN_N" idle
				probe_arm || die "cannot arm the denial probe"
				lat_row "$n" open "$OPEN_N" probe
				probe_disarm || die "cannot disarm the denial probe"
			done
			for f in "$T/lat-$n"-*.raw; do
				lat_stats "$f" >"${f%.raw}"
			done
		fi
		continue
	fi
	say "$n cgroups: latency"
	measure_latency "$n"
done
large=${SIZES[-1]}
small=${SIZES[0]}
lin_ref=$small
[ ${#SIZES[@]} -lt 2 ] || lin_ref=${SIZES[-2]}
per_obj() { calc "${nl_ns[$1]} / ${objects[$1]}"; }
# The targets of parts 1 and 2, in both modes: $speedup, $lin_ratio,
# $hold_ratio and their verdicts.
size_targets() {
	speedup=$(calc "${fs_ns[$large]} / ${nl_ns[$large]}")
	speedup_v=$(verdict "$speedup >= 10")
	lin_ratio=$(calc "$(per_obj "$large") / $(per_obj "$lin_ref")")
	lin_v=$(verdict "$lin_ratio <= 2")
	hold_ratio=$(calc "${hold_max[$large]} / (${hold_max[$small]} > 0 ? ${hold_max[$small]} : 1)")
	hold_v=$(verdict "$hold_ratio <= 2")
}

if [ "$mode" = icount ]; then
	kill_tasks
	size_targets
	cat <<EOF

2b. Parts 1 and 2 again in instruction time: a second guest under QEMU
    "-icount shift=0,sleep=off", whose clock advances 1 ns per guest
    instruction (both vCPUs), so the host's load cannot stretch a hold.
    $REPS_ICOUNT snapshots per size; the same tree and tasks.  Times in
    instruction-ms/us: the work done, not how long a real CPU takes for it.
EOF
	printf '   %8s %8s %11s %12s %8s %10s %14s %9s %9s %17s\n' cgroups objects \
		"netlink ms" "cgroupfs ms" speedup "us/object" "holds/snapshot" \
		"mean us" "max us" "cgroup_mutex max"
	for n in "${SIZES[@]}"; do
		printf '   %8s %8s %11.1f %12.1f %7.1fx %10.1f %14.0f %9.2f %9.1f %14.1f us\n' \
			"$n" "${objects[$n]}" "$(calc "${nl_ns[$n]} / 1e6")" \
			"$(calc "${fs_ns[$n]} / 1e6")" \
			"$(calc "${fs_ns[$n]} / ${nl_ns[$n]}")" \
			"$(calc "$(per_obj "$n") / 1e3")" \
			"$(calc "${holds[$n]} / ${reps_of[$n]}")" \
			"$(calc "(${holds[$n]} ? ${hold_total[$n]} / ${holds[$n]} : 0) / 1e3")" \
			"$(calc "${hold_max[$n]} / 1e3")" "$(calc "${mutex_max[$n]} / 1e3")"
	done
	cat <<EOF
   target (instruction time): netlink >= 10x faster than cgroupfs at $large: $(awk -v v="$speedup" 'BEGIN { printf "%.1fx", v }')  $speedup_v
   target (instruction time): cost linear (us/object at $large <= 2x at $lin_ref): $(awk -v v="$lin_ratio" 'BEGIN { printf "%.1fx", v }')  $lin_v
   target (instruction time): longest hold at $large <= 2x at $small: $(awk -v v="$hold_ratio" 'BEGIN { printf "%.1fx", v }')  $hold_v
EOF
	probe_ic=null
	probe_ic_v=$probe_state
	if [ "$probe_state" = ready ]; then
		echo "   open(\"/dev/null\") + close in instruction-us, median (p99), $((OPEN_N * LAT_ROUNDS_ICOUNT)) samples:"
		printf '   %8s %17s %17s %10s\n' cgroups "not armed" "probe armed" added
		probe_ic=-1000
		for n in "${SIZES[@]}"; do
			d=$(calc "($(lat_med "$n" open probe) - $(lat_med "$n" open idle)) / 1000")
			probe_ic=$(calc "$d > $probe_ic ? $d : $probe_ic")
			printf '   %8s %17s %17s %10s\n' "$n" \
				"$(us1 "$(lat_med "$n" open idle)") ($(us "$(lat_p99 "$n" open idle)"))" \
				"$(us1 "$(lat_med "$n" open probe)") ($(us "$(lat_p99 "$n" open probe)"))" \
				"$(awk -v v="$d" 'BEGIN { printf "%+.2f us", v }')"
		done
		probe_ic_v=$(verdict "$probe_ic < 1")
		echo "   target (instruction time): the armed probe adds < 1 us per open(): $(awk -v v="$probe_ic" 'BEGIN { printf "%+.2f us", v }')  $probe_ic_v"
	else
		echo "   open with the denial probe armed: $probe_state"
	fi
	for n in "${SIZES[@]}"; do
		jq -n --argjson n "$n" --argjson reps "${reps_of[$n]}" \
			--argjson objects "${objects[$n]}" \
			--argjson nl_ns "${nl_ns[$n]}" --argjson fs_ns "${fs_ns[$n]}" \
			--argjson nl_all "$(kv ns <"$T/nl-$n" | jq -s .)" \
			--argjson fs_all "$(kv ns <"$T/fs-$n" | jq -s .)" \
			--argjson holds "${holds[$n]}" --argjson hold_total "${hold_total[$n]}" \
			--argjson hold_max "${hold_max[$n]}" --argjson mutex_max "${mutex_max[$n]}" \
			--argjson hold_max_all "$(kv max <"$T/st-$n" | jq -s .)" \
			'{cgroups: $n, repetitions: $reps, objects: $objects,
			  netlink_median_ns: $nl_ns, netlink_all_ns: $nl_all,
			  cgroupfs_median_ns: $fs_ns, cgroupfs_all_ns: $fs_all,
			  speedup: ($fs_ns / $nl_ns),
			  css_set_lock: {holds: $holds, hold_ns_total: $hold_total,
					 hold_ns_max: $hold_max,
					 hold_ns_max_by_snapshot: $hold_max_all},
			  cgroup_mutex_hold_ns_max: $mutex_max}'
	done | jq -s . >"$T/sizes.json"
	json=$(jq -cn --slurpfile sizes "$T/sizes.json" \
		--argjson speedup "$speedup" --arg speedup_v "$speedup_v" \
		--argjson lin_ratio "$lin_ratio" --arg lin_v "$lin_v" \
		--argjson hold_ratio "$hold_ratio" --arg hold_v "$hold_v" \
		--argjson large "$large" --argjson small "$small" \
		--argjson lin_ref "$lin_ref" \
		--argjson probe "$probe_ic" --arg probe_v "$probe_ic_v" \
		--argjson open "$(for n in "${SIZES[@]}"; do
			for load in idle probe; do
				f=$T/lat-$n-open-$load
				[ -f "$f" ] || continue
				jq -n --argjson n "$n" --arg load "$load" \
					--argjson median "$(lat_med "$n" open "$load")" \
					--argjson p99 "$(lat_p99 "$n" open "$load")" \
					'{cgroups: $n, load: $load, median_ns: $median, p99_ns: $p99}'
			done
		done | jq -s .)" \
		--argjson run_s "$(calc "$EPOCHREALTIME - $run_t0")" \
		'{qemu: "-icount shift=0,sleep=off", ns_per_instruction: 1,
		  sizes: $sizes[0], open_latency: $open,
		  targets: {
		    snapshot_speedup: {at: $large, value: $speedup, target: ">= 10", verdict: $speedup_v},
		    linear_cost: {at: $large, vs: $lin_ref, ns_per_object_ratio: $lin_ratio, target: "<= 2", verdict: $lin_v},
		    css_set_lock_hold: {at: $large, vs: $small, max_ratio: $hold_ratio, target: "<= 2", verdict: $hold_v},
		    probe_added_us_per_open: {value: $probe, target: "< 1", verdict: $probe_v}},
		  guest_run_virtual_s: $run_s}') || die "building the JSON failed"
	echo "CGSCOPE-BENCH-ICOUNT-JSON $json"
	exit 0
fi

# ---------------------------------------------------------------------------
# Memory during dumps, and `cgscope tree`, at the largest size
# ---------------------------------------------------------------------------
say "$large cgroups: memory during $MEM_REPS snapshots"
mem_idle=$("$B/memwatch" -1)
"$B/memwatch" -i 50 >"$T/mem-peak" &
mw=$!
sleep 0.2
"$B/nlsnap" -n "$MEM_REPS" >/dev/null || die "nlsnap failed"
kill -INT "$mw"
wait "$mw"
mem_peak=$(cat "$T/mem-peak")

say "$large cgroups: cgscope tree, $TREE_REPS runs"
: >"$T/tree"
for _ in $(seq "$TREE_REPS"); do
	t0=$EPOCHREALTIME
	"$CGSCOPE" tree >/dev/null || die "cgscope tree failed"
	calc "($EPOCHREALTIME - $t0) * 1000000000" >>"$T/tree"
done
tree_ns=$(awk '{ printf "%.0f\n", $1 }' "$T/tree" | med)
tree_all=$(awk '{ printf "%s%.2f", (NR > 1 ? " " : ""), $1 / 1e9 }' "$T/tree")

kill_tasks
run_s=$(calc "$EPOCHREALTIME - $run_t0")

# ---------------------------------------------------------------------------
# Targets
# ---------------------------------------------------------------------------
mb() { kv "$1" <<<"$2"; }
size_targets
hold_med_ratio=$(calc "${hold_max_med[$large]} / (${hold_max_med[$small]} > 0 ? ${hold_max_med[$small]} : 1)")
hold_med_v=$(verdict "$hold_med_ratio <= 2")

added() { calc "($(lat_med "$1" "$2" dump) / $(lat_med "$1" "$2" "$3") - 1) * 100"; }
fork_worst_idle=-1000
fork_worst_hog=-1000
for n in "${SIZES[@]}"; do
	a=$(added "$n" fork idle)
	h=$(added "$n" fork hog)
	fork_worst_idle=$(calc "$a > $fork_worst_idle ? $a : $fork_worst_idle")
	fork_worst_hog=$(calc "$h > $fork_worst_hog ? $h : $fork_worst_hog")
done
fork_v=$(verdict "$fork_worst_idle < 10")
fork_hog_v=$(verdict "$fork_worst_hog < 10")

if [ "$probe_state" = ready ]; then
	probe_worst=-1000
	for n in "${SIZES[@]}"; do
		d=$(calc "($(lat_med "$n" open probe) - $(lat_med "$n" open idle)) / 1000")
		probe_worst=$(calc "$d > $probe_worst ? $d : $probe_worst")
	done
	probe_v=$(verdict "$probe_worst < 1")
else
	probe_worst=null
	probe_v=$probe_state
fi

mod_bytes=$(mb module_bytes "$mem_loaded")
vm_idle=$(mb cgscope_vmalloc_bytes "$mem_loaded")
vm_peak=$(mb cgscope_vmalloc_bytes "$mem_peak")
own_slab=$(mb cgscope_slab_bytes "$mem_loaded")
slab_load_kb=$(calc "$(mb slab_kb "$mem_loaded") - $(mb slab_kb "$mem_before")")
vmu_load_kb=$(calc "$(mb vmalloc_used_kb "$mem_loaded") - $(mb vmalloc_used_kb "$mem_before")")
slab_dump_kb=$(calc "$(mb slab_kb "$mem_peak") - $(mb slab_kb "$mem_idle")")
vmu_dump_kb=$(calc "$(mb vmalloc_used_kb "$mem_peak") - $(mb vmalloc_used_kb "$mem_idle")")
idle_exact=$((mod_bytes + vm_idle + own_slab))
idle_coarse=$(calc "$idle_exact + ($slab_load_kb > 0 ? $slab_load_kb * 1024 : 0)")
mem_v=$(verdict "$idle_coarse < 1048576")
vm_probe=$(mb cgscope_vmalloc_bytes "$mem_probe")
slab_probe_kb=$(calc "$(mb slab_kb "$mem_probe") - $(mb slab_kb "$mem_loaded")")
idle_probe=$(calc "$idle_coarse + ($vm_probe > $vm_idle ? $vm_probe - $vm_idle : 0) + ($slab_probe_kb > 0 ? $slab_probe_kb * 1024 : 0)")
mem_probe_v=$(verdict "$idle_probe < 1048576")

# ---------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------
kib() { calc "$1 / 1024" | awk '{ printf "%.0f", $1 }'; }
ms() { awk -v v="$1" 'BEGIN { printf "%.1f", v / 1e6 }'; }
pct() { awk -v v="$1" 'BEGIN { printf "%+.0f%%", v }'; }
x() { awk -v v="$1" 'BEGIN { printf "%.1fx", v }'; }
date_utc=$(date -u '+%Y-%m-%d %H:%M UTC')

cat <<EOF

cgscope benchmark: kernel $kernel, $ncpu guest CPUs under QEMU TCG (emulated,
single host thread: absolute times are many times a real machine's), $date_utc
$TASKS pausing tasks over the leaves of a nested v2 tree (fan-out 10) with
controllers: ${CONTROLLERS//+/}.  Times are medians; sizes count the bench tree's
cgroups (the v2 total adds the root and the system's own).

1. Full snapshot: roots, cgroups, css_sets with tasks, every task's cgroups.
   netlink: bench/nlsnap (4 dumps); cgroupfs: bench/cgfs_walk (4 files per
   cgroup, every /proc/PID/cgroup).  Interleaved, after one warm-up each.
EOF
printf '   %8s %5s %8s %8s %5s %11s %11s %12s %12s %8s %10s\n' \
	cgroups "(v2)" objects threads reps "netlink ms" "netlink KiB" \
	"cgroupfs ms" "cgroupfs KiB" speedup "us/object"
for n in "${SIZES[@]}"; do
	printf '   %8s %5s %8s %8s %5s %11s %11s %12s %12s %8s %10s\n' \
		"$n" "${v2_cgroups[$n]}" "${objects[$n]}" "${threads[$n]}" \
		"${reps_of[$n]}" "$(ms "${nl_ns[$n]}")" "$(kib "${nl_bytes[$n]}")" \
		"$(ms "${fs_ns[$n]}")" "$(kib "${fs_bytes[$n]}")" \
		"$(x "$(calc "${fs_ns[$n]} / ${nl_ns[$n]}")")" \
		"$(awk -v v="$(per_obj "$n")" 'BEGIN { printf "%.1f", v / 1e3 }')"
done
cat <<EOF
   target: netlink >= 10x faster than cgroupfs at $large cgroups: $(x "$speedup")  $speedup_v
   target: cost linear in objects (us/object at $large <= 2x at $lin_ref): $(x "$lin_ratio")  $lin_v

2. css_set_lock held by cgscope during those snapshots (debugfs stats, reset
   before each snapshot).  "max": the longest of all; "typical max": the
   median over snapshots of each one's longest; "loop max": the dump loop of
   part 3, beside the fork and open loops on the other vCPU.
EOF
printf '   %8s %14s %9s %9s %12s %10s %17s\n' cgroups "holds/snapshot" "mean us" \
	"max us" "typical max" "loop max" "cgroup_mutex max"
for n in "${SIZES[@]}"; do
	printf '   %8s %14s %9s %9s %12s %10s %17s\n' "$n" \
		"$(calc "${holds[$n]} / ${reps_of[$n]}" | awk '{ printf "%.0f", $1 }')" \
		"$(awk -v t="${hold_total[$n]}" -v h="${holds[$n]}" 'BEGIN { printf "%.2f", (h ? t / h / 1e3 : 0) }')" \
		"$(us1 "${hold_max[$n]}")" "$(us1 "${hold_max_med[$n]}")" \
		"$(us1 "${loop_hold_max[$n]}")" "$(us1 "${mutex_max[$n]}") us"
done
cat <<EOF
   target: longest hold at $large <= 2x at $small cgroups: $(x "$hold_ratio")  $hold_v
           (typical max: $(x "$hold_med_ratio")  $hold_med_v)

3. Latency in us, median (p99): the loop on CPU $LAT_CPU, the load on CPU $LOAD_CPU;
   "CPU hog" is a user-space spin, the control for what any busy vCPU costs
   under TCG.  The loads take turns, $LAT_ROUNDS rounds.  fork: fork + child
   _exit + waitpid, $((FORK_N * LAT_ROUNDS)) samples; open: open("/dev/null") + close, $((OPEN_N * LAT_ROUNDS)) samples.
EOF
printf '   %8s %-5s %17s %17s %17s %10s %9s\n' cgroups op idle "CPU hog" \
	"dump loop" "loop/idle" "loop/hog"
for n in "${SIZES[@]}"; do
	for op in fork open; do
		printf '   %8s %-5s' "$n" "$op"
		for load in idle hog dump; do
			printf ' %17s' "$(us1 "$(lat_med "$n" $op $load)") ($(us "$(lat_p99 "$n" $op $load)"))"
		done
		printf ' %10s %9s\n' "$(pct "$(added "$n" $op idle)")" \
			"$(pct "$(added "$n" $op hog)")"
	done
done
if [ "$probe_state" = ready ]; then
	cat <<EOF
   open("/dev/null") with the denial probe armed (debugfs events ring on),
   taken right after the idle rows, no load:
EOF
	printf '   %8s %17s %17s %10s\n' cgroups "not armed" armed added
	for n in "${SIZES[@]}"; do
		printf '   %8s %17s %17s %10s\n' "$n" \
			"$(us1 "$(lat_med "$n" open idle)") ($(us "$(lat_p99 "$n" open idle)"))" \
			"$(us1 "$(lat_med "$n" open probe)") ($(us "$(lat_p99 "$n" open probe)"))" \
			"$(awk -v a="$(lat_med "$n" open probe)" -v b="$(lat_med "$n" open idle)" \
				'BEGIN { printf "%+.1f us", (a - b) / 1e3 }')"
	done
else
	echo "   open with the denial probe armed: $probe_state"
fi
cat <<EOF
   target: dump loop adds < 10% to fork+exit (worst size, median):
           vs idle: $(pct "$fork_worst_idle")  $fork_v;  vs the CPU-hog control: $(pct "$fork_worst_hog")  $fork_hog_v
   target: the armed probe adds < 1 us per open() (worst size, median): $([ "$probe_worst" = null ] && echo "$probe_v" || echo "$(awk -v v="$probe_worst" 'BEGIN { printf "%+.1f us", v }')  $probe_v")

4. Module memory, seen from outside
   loaded size (/proc/modules)                    $(kib "$mod_bytes") KiB   exact
   vmalloc areas of [cgscope]: idle, after arming the probe, peak during dumps
                                                  $(kib "$vm_idle"), $(kib "$vm_probe"), $(kib "$vm_peak") KiB   exact
   slab caches of its own (/proc/slabinfo)        $(kib "$own_slab") KiB   exact (it allocates from shared kmalloc caches)
   at insmod: Slab $(printf '%+d' "$slab_load_kb") KiB, VmallocUsed $(printf '%+d' "$vmu_load_kb") KiB      coarse: whole kernel
   during $MEM_REPS snapshots at $large cgroups, peak over idle:
              Slab $(printf '%+d' "$slab_dump_kb") KiB, VmallocUsed $(printf '%+d' "$vmu_dump_kb") KiB      coarse: whole kernel, $(mb samples "$mem_peak") samples
   target: idle module memory < 1 MiB (loaded size + vmalloc + Slab delta at insmod):
           $(kib "$idle_coarse") KiB  $mem_v$([ "$probe_state" = ready ] && echo "; once the probe was armed (its ring stays): $(kib "$idle_probe") KiB  $mem_probe_v")

5. \`cgscope tree\` at $large cgroups, to /dev/null: $(awk -v v="$tree_ns" 'BEGIN { printf "%.2f", v / 1e9 }') s (median of $TREE_REPS: $tree_all s)

guest run $(printf '%.0f' "$run_s") s
EOF

# ---------------------------------------------------------------------------
# JSON
# ---------------------------------------------------------------------------
for n in "${SIZES[@]}"; do
	lat_json=$(for op in fork open; do
		for load in idle hog dump probe; do
			f=$T/lat-$n-$op-$load
			[ -f "$f" ] || continue
			kv_line=$(cat "$f")
			jq -n --arg op "$op" --arg load "$load" \
				--argjson median "$(kv median_ns <<<"$kv_line")" \
				--argjson p90 "$(kv p90_ns <<<"$kv_line")" \
				--argjson p99 "$(kv p99_ns <<<"$kv_line")" \
				--argjson mean "$(kv mean_ns <<<"$kv_line")" \
				--argjson n "$(kv n <<<"$kv_line")" \
				'{op: $op, load: $load, n: $n, median_ns: $median,
				  p90_ns: $p90, p99_ns: $p99, mean_ns: $mean}'
		done
	done | jq -s .)
	jq -n --argjson n "$n" --argjson reps "${reps_of[$n]}" \
		--argjson v2 "${v2_cgroups[$n]}" --argjson leaves "${leaves[$n]}" \
		--argjson objects "${objects[$n]}" --argjson csets "${csets[$n]}" \
		--argjson threads "${threads[$n]}" --argjson procs "${procs[$n]}" \
		--argjson nl_ns "${nl_ns[$n]}" --argjson nl_bytes "${nl_bytes[$n]}" \
		--argjson fs_ns "${fs_ns[$n]}" --argjson fs_bytes "${fs_bytes[$n]}" \
		--argjson intr "${intr[$n]}" \
		--argjson nl_all "$(kv ns <"$T/nl-$n" | jq -s .)" \
		--argjson fs_all "$(kv ns <"$T/fs-$n" | jq -s .)" \
		--argjson holds "${holds[$n]}" --argjson hold_total "${hold_total[$n]}" \
		--argjson hold_max "${hold_max[$n]}" --argjson mutex_max "${mutex_max[$n]}" \
		--argjson hold_max_med "${hold_max_med[$n]}" \
		--argjson hold_max_all "$(kv max <"$T/st-$n" | jq -s .)" \
		--argjson walks "${walks[$n]}" \
		--argjson loop_hold_max "${loop_hold_max[$n]}" \
		--argjson loop_walks "${loop_walks[$n]}" \
		--argjson build_s "${build_s[$n]}" --argjson spawn_s "${spawn_s[$n]}" \
		--argjson lat "$lat_json" \
		'{cgroups: $n, v2_cgroups: $v2, leaves: $leaves, repetitions: $reps,
		  tree_build_s: $build_s, spawn_s: $spawn_s,
		  snapshot: {objects: $objects, css_sets: $csets, threads: $threads,
			     processes: $procs,
			     netlink: {median_ns: $nl_ns, bytes: $nl_bytes,
				       dump_intr_messages: $intr, all_ns: $nl_all},
			     cgroupfs: {median_ns: $fs_ns, bytes: $fs_bytes,
					all_ns: $fs_all},
			     speedup: ($fs_ns / $nl_ns),
			     netlink_ns_per_object: ($nl_ns / $objects)},
		  css_set_lock: {holds: $holds, hold_ns_total: $hold_total,
				 hold_ns_max: $hold_max,
				 hold_ns_max_median_of_snapshots: $hold_max_med,
				 hold_ns_max_by_snapshot: $hold_max_all, walks: $walks,
				 dump_loop_hold_ns_max: $loop_hold_max,
				 dump_loop_walks: $loop_walks},
		  cgroup_mutex_hold_ns_max: $mutex_max,
		  latency: $lat}'
done | jq -s . >"$T/sizes.json"

memobj() { jq -R 'split(" ") | map(split("=") | {(.[0]): (.[1] | tonumber)}) | add' <<<"$1"; }
json=$(jq -cn --arg kernel "$kernel" --argjson ncpu "$ncpu" --arg date "$date_utc" \
	--argjson tasks "$TASKS" --arg controllers "${CONTROLLERS//+/}" \
	--argjson reps "$REPS" --argjson reps_large "$REPS_LARGE" \
	--argjson fork_n "$((FORK_N * LAT_ROUNDS))" --argjson open_n "$((OPEN_N * LAT_ROUNDS))" \
	--argjson lat_rounds "$LAT_ROUNDS" \
	--argjson tree_reps "$TREE_REPS" --argjson mem_reps "$MEM_REPS" \
	--slurpfile sizes "$T/sizes.json" \
	--argjson mem_before "$(memobj "$mem_before")" \
	--argjson mem_loaded "$(memobj "$mem_loaded")" \
	--argjson mem_idle "$(memobj "$mem_idle")" \
	--argjson mem_peak "$(memobj "$mem_peak")" \
	--argjson tree_ns "$tree_ns" --argjson tree_all "$(jq -s . "$T/tree")" \
	--argjson speedup "$speedup" --arg speedup_v "$speedup_v" \
	--argjson lin_ratio "$lin_ratio" --arg lin_v "$lin_v" \
	--argjson hold_ratio "$hold_ratio" --arg hold_v "$hold_v" \
	--argjson hold_med_ratio "$hold_med_ratio" --arg hold_med_v "$hold_med_v" \
	--argjson fork_idle "$fork_worst_idle" --arg fork_v "$fork_v" \
	--argjson fork_hog "$fork_worst_hog" --arg fork_hog_v "$fork_hog_v" \
	--argjson probe "$probe_worst" --arg probe_v "$probe_v" \
	--argjson idle_mem "$idle_coarse" --arg mem_v "$mem_v" \
	--argjson idle_mem_probe "$idle_probe" --arg mem_probe_v "$mem_probe_v" \
	--arg probe_state "$probe_state" \
	--argjson mem_probe "$(memobj "$mem_probe")" \
	--argjson large "$large" --argjson small "$small" --argjson lin_ref "$lin_ref" \
	--argjson run_s "$run_s" \
	'{kernel: $kernel, guest_cpus: $ncpu, accel: "tcg", date: $date,
	  tasks: $tasks, controllers: $controllers, fanout: 10,
	  repetitions: {snapshot: $reps, snapshot_at_10000_and_up: $reps_large,
			fork: $fork_n, open: $open_n, latency_rounds: $lat_rounds,
			tree: $tree_reps,
			memory_snapshots: $mem_reps},
	  sizes: $sizes[0],
	  denial_probe: $probe_state,
	  memory: {before_insmod: $mem_before, after_insmod: $mem_loaded,
		   after_probe_armed_once: $mem_probe,
		   idle_at_largest: $mem_idle, peak_during_dumps: $mem_peak},
	  cgscope_tree: {cgroups: $large, median_ns: $tree_ns, all_ns: $tree_all},
	  targets: {
	    snapshot_speedup: {at: $large, value: $speedup, target: ">= 10", verdict: $speedup_v},
	    linear_cost: {at: $large, vs: $lin_ref, ns_per_object_ratio: $lin_ratio, target: "<= 2", verdict: $lin_v},
	    css_set_lock_hold: {at: $large, vs: $small, max_ratio: $hold_ratio, target: "<= 2", verdict: $hold_v},
	    css_set_lock_hold_typical: {at: $large, vs: $small, median_of_snapshot_max_ratio: $hold_med_ratio, target: "<= 2", verdict: $hold_med_v},
	    fork_exit_added_pct_vs_idle: {value: $fork_idle, target: "< 10", verdict: $fork_v},
	    fork_exit_added_pct_vs_cpu_hog: {value: $fork_hog, target: "< 10", verdict: $fork_hog_v},
	    probe_added_us_per_open: {value: $probe, target: "< 1", verdict: $probe_v},
	    idle_module_memory_bytes: {value: $idle_mem, target: "< 1048576", verdict: $mem_v},
	    idle_module_memory_after_probe_bytes: {value: $idle_mem_probe, target: "< 1048576", verdict: (if $probe_state == "ready" then $mem_probe_v else $probe_state end)}},
	  guest_run_s: $run_s}') || die "building the JSON failed"
echo "CGSCOPE-BENCH-JSON $json"
