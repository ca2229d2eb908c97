#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Hostile writes to the debugfs files: every invalid input to task, stats
# and events is refused and changes nothing; the read-only files refuse
# every write; a few hundred random inputs likewise.
. "$(dirname "$0")/lib.sh"

load_module
dmesg_mark

# try FILE INPUT: the write must fail
refused() {
	! (printf '%s' "$2" >"$DEBUGFS/$1") 2>/dev/null
}

sleep 1000 >/dev/null 2>&1 &
keep=$!
on_exit "kill $keep"
echo $keep >"$DEBUGFS/task"
sleep 1000 >/dev/null 2>&1 &
gone=$!
kill -9 $gone
wait $gone 2>/dev/null

state() {
	head -n 1 "$DEBUGFS/task"
	grep '^walks' "$DEBUGFS/stats"
	head -n 1 "$DEBUGFS/events" | cut -d' ' -f1-3
}
before=$(state)
check "task shows the pid written" grep -q "^pid $keep " "$DEBUGFS/task"

long=$(head -c 5000 /dev/zero | tr '\0' 7)
n=0
for v in " " "0" "-1" "abc" "1 2" "0x10" "99999999999999999999" \
	 "4194304" "$gone" "$long" "1abc"; do
	check "task refuses '${v:0:20}'" refused task "$v"
	n=$((n + 1))
done
for v in "1" "2" "abc" "-1" "00x" "$long" "0 0"; do
	check "stats refuses '${v:0:20}'" refused stats "$v"
done
for v in "2" "abc" "maybe" "-1" "  " "$long"; do
	check "events refuses '${v:0:20}'" refused events "$v"
done
for f in roots cgroups css_sets; do
	check "$f refuses writes" refused "$f" "1"
done

# random inputs: none starts with a character any of them accepts
for i in $(seq 300); do
	v=z$(head -c $((1 + RANDOM % 64)) /dev/urandom | tr -d '\0')
	for f in task stats events; do
		refused "$f" "$v" || { check "$f refused random input #$i" false; break 2; }
	done
done
check "300 random inputs refused by task, stats and events" true

expect_eq "nothing changed" "$before" "$(state)"
dmesg_check_clean
finish
