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
# Until it has exec'd sleep the child is a fork of this shell, with our
# name: the line of the task file would change under the test.
check "the background sleep has exec'd" until_true 100 \
	grep -qx sleep /proc/$keep/comm
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

expect_eq "nothing changed" "$before" "$(state)"

# --- random inputs, judged by a model of the kernel's parsers ----------
# task: kstrtoint_from_user(base 10), then a live pid > 0; stats:
# kstrtouint_from_user, then only 0 (a reset); events:
# kstrtobool_from_user.  The *_from_user helpers read only the first 34
# bytes of an int (sign, 32 digits, newline) and 3 of a bool; an int may
# have a "+" and one trailing newline; kstrtobool looks at the first
# character only (y Y t T 1 n N f F 0), or two ("on", "of...").
int_re=$'^\\+?([0-9]+)\n?$'
int_value() {	# int_value INPUT: its digits without leading zeros in $n, or fail
	[[ ${1:0:34} =~ $int_re ]] || return 1
	n=${BASH_REMATCH[1]}
	while [ "${n:0:1}" = 0 ]; do n=${n:1}; done
}
accepts_task() {
	local n
	int_value "$1" && [ -n "$n" ] && [ ${#n} -le 10 ] && [ "$n" -le 2147483647 ] &&
		[ -e "/proc/$n" ]
}
accepts_stats() {
	local n
	int_value "$1" && [ -z "$n" ]
}
accepts_events() {
	case ${1:0:1} in
	[yYtT1nNfF0]) return 0 ;;
	[oO]) case ${1:1:1} in [nNfF]) return 0 ;; esac ;;
	esac
	return 1
}
# written FILE INPUT: INPUT went in one write() and it succeeded (bash's
# printf is line buffered: it would split INPUT after each newline).  One
# python3 writes them all, a coprocess told "FILE LENGTH\n" and the bytes,
# answering "ok" or the errno: a dd per input (and a printf subshell to
# feed it) took a minute of the test under TCG.  Bytes, not characters:
# the inputs are random bytes, so the C locale from here on.
export LC_ALL=C
coproc WRITER {
	exec python3 -c '
import os, sys
inp = sys.stdin.buffer
for head in inp:
    name, n = head.split()
    data = inp.read(int(n))
    try:
        fd = os.open(name, os.O_WRONLY)
        try:
            r = "ok" if os.write(fd, data) == len(data) else "short"
        finally:
            os.close(fd)
    except OSError as e:
        r = str(e.errno)
    print(r, flush=True)
'
}
on_exit "kill $WRITER_PID"
written() {
	local r=
	printf '%s %d\n%s' "$DEBUGFS/$1" "${#2}" "$2" >&"${WRITER[1]}"
	read -r r <&"${WRITER[0]}"
	[ "$r" = ok ]
}

# A third entirely random, a third a valid input (or the start of one)
# with random bytes after it, a third such a start alone, sometimes with
# its newline.  Whatever is accepted is put back (task, events; a stats
# reset cannot be undone, so its counters are left out at the end).
ring0=$(awk 'NR == 1 { print ($3 == "on") ? 1 : 0 }' "$DEBUGFS/events")
starts=("$keep" "+$keep" "00$keep" "$keep"0 1 + 0 +0 000 -0 y Y t T n N f F
	on ON of off o O x " " 9 4194304)
declare -A nr_acc=() nr_ref=()
bad=0
# the random bytes of all 300 inputs, read at once (no NUL: a string in bash)
pool=$(head -c 20000 /dev/urandom | tr -d '\0')
for ((i = 0; i < 300; i++)); do
	junk=${pool:RANDOM % (${#pool} - 64):1 + RANDOM % 64}
	start=${starts[RANDOM % ${#starts[@]}]}
	case $((RANDOM % 3)) in
	0) v=$junk ;;
	1) v=$start$junk ;;
	*) v=$start; ((RANDOM % 2)) && v+=$'\n' ;;
	esac
	[ -n "$v" ] || v=$start
	for f in task stats events; do
		if written "$f" "$v"; then got=accepted; else got=refused; fi
		if "accepts_$f" "$v"; then want=accepted; else want=refused; fi
		if [ "$got" != "$want" ]; then
			bad=$((bad + 1))
			log "$f, input $(printf '%q' "$v"): the kernel $got it, the model says $want"
		fi
		if [ "$got" = accepted ]; then
			nr_acc[$f]=$((${nr_acc[$f]:-0} + 1))
			case $f in
			task) echo "$keep" >"$DEBUGFS/task" ;;
			events) echo "$ring0" >"$DEBUGFS/events" ;;
			esac
		else
			nr_ref[$f]=$((${nr_ref[$f]:-0} + 1))
		fi
	done
done
for f in task stats events; do
	log "$f: random inputs accepted ${nr_acc[$f]:-0}, refused ${nr_ref[$f]:-0}"
	check "$f: random inputs both accepted and refused" \
		test "${nr_acc[$f]:-0}" -gt 0 -a "${nr_ref[$f]:-0}" -gt 0
done
expect_eq "300 random inputs: the kernel's answers that the model did not expect" 0 "$bad"
expect_eq "task and events as before" "$(grep -v '^walks' <<<"$before")" \
	"$(state | grep -v '^walks')"

dmesg_check_clean
finish
