#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `cgscope csets` against the tasks of the system: the css_sets' task counts
# add up to the live threads in /proc; every task's css_set is listed, with
# the task, and its links are that task's cgroups; a task moved to another
# cgroup moves to another css_set.
. "$(dirname "$0")/lib.sh"

load_module

# Live threads, counted into $nthreads without forking (zombies have left
# their css_set already).
count_threads() {
	local t s
	nthreads=0
	for t in /proc/[0-9]*/task/[0-9]*; do
		read -r s 2>/dev/null <"$t/stat" || continue
		s=${s##*) }
		[ "${s:0:1}" = Z ] || nthreads=$((nthreads + 1))
	done
}

ok=""
for try in 1 2 3 4 5; do
	count_threads
	before=$nthreads
	# (the real binary: lib.sh's recording stand-in would be a thread more)
	"$CGSCOPE_REAL" -j csets >"$SCRATCH/csets.json" || break
	count_threads
	after=$nthreads
	sum=$(jq '[.[].nr_tasks] | add' "$SCRATCH/csets.json")
	# the threads counted, plus cgscope itself while it ran
	if [ "$before" = "$after" ] && [ "$sum" = $((before + 1)) ]; then
		ok=yes
		break
	fi
	log "try $try: $before threads before, $after after, css_sets hold $sum"
done
check "nr_tasks of all css_sets add up to the live threads" test -n "$ok"
json_check --file csets "$SCRATCH/csets.json"

expect_eq "no css_set twice" "" "$(jq -r '.[].id' "$SCRATCH/csets.json" | sort | uniq -d)"
check "tasks lists are complete" jq -e 'all(.[]; (.tasks | length) == .nr_tasks)' "$SCRATCH/csets.json"
check "refcount covers the tasks" jq -e 'all(.[]; .refcount >= .nr_tasks)' "$SCRATCH/csets.json"
expect_eq "the init css_set" "$(cgscope -j info | jq .init_cset_id)" \
	"$(jq '[.[] | select(.init)] | map(.id) | join(" ")' "$SCRATCH/csets.json" | tr -d '"')"
nh=$(cgscope -j info | jq .nr_hierarchies)
check "one link per hierarchy" jq -e --argjson n "$nh" 'all(.[]; (.cgroups | length) == $n)' "$SCRATCH/csets.json"

# every task's css_set is there, holds the task, and links its cgroups
mount_v1 "$SCRATCH/dev" devices || skip "no v1 devices controller"
make_cgroup "$SCRATCH/dev/d"
S=$CG2/cgscope-csets
make_cgroup $S
make_cgroup $S/a
make_cgroup $S/b
spawn_in $S/a sleep 1000
p1=$spawned
echo "$p1" > "$SCRATCH/dev/d/tasks"
spawn_in $S/a sleep 1000
p2=$spawned

check "cgscope -j csets" cgscope -j csets >"$SCRATCH/csets.json"
check "cgscope -j task" cgscope -j task >"$SCRATCH/tasks.json"
bad=$(jq -n --slurpfile c "$SCRATCH/csets.json" --slurpfile t "$SCRATCH/tasks.json" '
	($c[0] | map({key: (.id | tostring), value: .}) | from_entries) as $by
	| [$t[0][] | . as $task | $by[$task.cset_id | tostring] as $cs
	   | select($cs == null
		    or ($cs.tasks | index($task.pid)) == null
		    or ([$cs.cgroups[] | "\(.hierarchy_id):\(.path)"] | sort)
		       != ([$task.cgroups[] | "\(.hierarchy_id):\(.path)"] | sort))
	   | .pid]
	| map(tostring) | join(" ")' | tr -d '"')
# tasks that exited between the two dumps are not errors
gone=""
for p in $bad; do [ -e /proc/$p ] && gone="$gone $p"; done
expect_eq "tasks whose css_set disagrees" "" "${gone# }"

cset_of() { cgscope -j task "$1" | jq .cset_id; }
c1=$(cset_of "$p1")
c2=$(cset_of "$p2")
check "different v1 cgroups, different css_sets" test "$c1" != "$c2"
echo "$p2" > "$SCRATCH/dev/d/tasks"
expect_eq "same cgroups everywhere, same css_set" "$c1" "$(cset_of "$p2")"
echo "$p1" > $S/b/cgroup.procs
c3=$(cset_of "$p1")
check "a moved task changes css_set" test "$c3" != "$c1"
cgscope -j csets >"$SCRATCH/after.json"
check "new css_set holds the task" \
	jq -e --argjson id "$c3" --argjson p "$p1" '.[] | select(.id == $id) | .tasks | index($p) != null' "$SCRATCH/after.json"
check "old css_set lost it" \
	jq -e --argjson id "$c1" --argjson p "$p1" '[.[] | select(.id == $id) | .tasks | index($p)] | all(. == null)' "$SCRATCH/after.json"
check "new css_set links /cgscope-csets/b" \
	jq -e --argjson id "$c3" '.[] | select(.id == $id) | .cgroups | any(.hierarchy_id == 0 and .path == "/cgscope-csets/b")' "$SCRATCH/after.json"
check "text table" bash -c "cgscope csets | grep -q /cgscope-csets/b"
finish
