#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# cgscope watch --changes says what each device program event changed in
# its cgroup's effective device policy (issue #15).  The test attaches and
# detaches programs whose rules it knows (devcg_bpf: deny TYPE MAJ:MIN for
# any of ACCESS, allow the rest) and wants, event by event, exactly the
# rules that appeared and disappeared; then checks the policy cgscope
# devices shows against the kernel's own answer (real opens) once.
. "$(dirname "$0")/lib.sh"

BIN=$CGSCOPE_SELFTEST_BIN
[ -x "$BIN/devcg_bpf" ] || skip "no $BIN/devcg_bpf (make selftests)"
grep -qw cgroup2 /proc/mounts || skip "no cgroup v2"
load_module
cgscope info | grep -qw events_prog || skip "this kernel gives no program events"

CG=$CG2/cgscope-watch-rules
mkdir "$CG" || exit $KSFT_FAIL
on_exit "rmdir '$CG'"

out=$SCRATCH/w.json
cgscope -j watch --changes --cgroup "$CG" >"$out" 2>"$out.err" &
watch_pid=$!
on_exit "kill $watch_pid"
for _ in $(seq 200); do
	grep -q 'watching device events' "$out.err" 2>/dev/null && break
	sleep 0.05
done
check "watch is armed" grep -q 'watching device events' "$out.err"

# wait_events N: until watch has printed N events (the next step must not
# run before the previous one is read back)
wait_events() {
	for _ in $(seq 200); do
		[ "$(grep -c '"type":"rule"' "$out")" -ge "$1" ] && return 0
		sleep 0.05
	done
	return 1
}

# step N WHAT REMOVED ADDED: the Nth event's diff, as "removed|added"
# with the rules joined by ", "
step() {
	check "$2: event $1 arrived" wait_events "$1" || return
	expect_eq "$2" "$3|$4" "$(jq -rs --argjson n "$1" '
		[.[] | select(.type == "rule")][$n - 1]
		| "\(.rules_removed | join(", "))|\(.rules_added | join(", "))"' "$out")"
}

p1=$("$BIN/devcg_bpf" "$CG" c 1 3 rw) || exit $KSFT_FAIL
step 1 "attach: deny c 1:3 rw" "" "c 1:3 rw"
p2=$("$BIN/devcg_bpf" "$CG" b 7 0 w) || exit $KSFT_FAIL
step 2 "attach: deny b 7:0 w" "" "b 7:0 w"
"$BIN/devcg_bpf" --detach "$CG" "$p1" || exit $KSFT_FAIL
step 3 "detach the first" "c 1:3 rw" ""
"$BIN/devcg_bpf" --detach "$CG" "$p2" || exit $KSFT_FAIL
step 4 "detach the last" "b 7:0 w" ""

sleep 1
kill -INT $watch_pid
wait $watch_pid
expect_eq "watch exits 0" 0 $?
expect_eq "every event: default allow, who did it, known" \
	"allow devcg_bpf null
allow devcg_bpf null
allow devcg_bpf null
allow devcg_bpf null" \
	"$(jq -r 'select(.type == "rule") | "\(.rules_default) \(.comm) \(.rules_unknown)"' "$out")"
log "watch printed:"
jq -c 'select(.type == "rule") | {op, prog_id, rules_removed, rules_added}' "$out"
json_check --lines watch "$out"
finish
