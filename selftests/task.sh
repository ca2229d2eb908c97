#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `cgscope task` against /proc/PID/cgroup for every task, on v2, on a v1
# hierarchy and a named one, including a task in its own cgroup namespace,
# whose ns_path must be what it reads in /proc/self/cgroup.
. "$(dirname "$0")/lib.sh"

load_module

S=$CG2/cgscope-task
make_cgroup $S
make_cgroup $S/ns1
mount_v1 "$SCRATCH/dev" devices || skip "no v1 devices controller"
make_cgroup "$SCRATCH/dev/x"
mount_v1 "$SCRATCH/named" none,name=cgscope_task
make_cgroup "$SCRATCH/named/n"

# a process in ns1, devices:/x and name:/n that then enters a new cgroup ns
sh -c "echo \$\$ > $S/ns1/cgroup.procs; echo \$\$ > $SCRATCH/dev/x/tasks;
       echo \$\$ > $SCRATCH/named/n/tasks; exec unshare -C sleep 1000" &
nspid=$!
on_exit "kill -9 $nspid"
for i in $(seq 100); do
	[ "$(readlink /proc/$nspid/ns/cgroup)" != "$(readlink /proc/self/ns/cgroup)" ] && break
	sleep 0.05
done
check "task entered a new cgroup namespace" \
	test "$(readlink /proc/$nspid/ns/cgroup)" != "$(readlink /proc/self/ns/cgroup)"

# every task: pid, hierarchy, path
threads() { ls -d /proc/[0-9]*/task/[0-9]* 2>/dev/null | sed 's|.*/||' | sort -u; }
threads >"$SCRATCH/before.txt"
# (the real binary, not lib.sh's recording stand-in: one process, whose
# pid is $self; its output is held against the schema below)
check "cgscope -j task (all)" \
	bash -c 'echo $$ >"$1"; exec "$CGSCOPE_REAL" -j task' - "$SCRATCH/self" >"$SCRATCH/all.json"
json_check --file task-list "$SCRATCH/all.json"
threads >"$SCRATCH/after.txt"
jq -r '.[].pid' "$SCRATCH/all.json" | sort -u >"$SCRATCH/pids.txt"
# Both directions against /proc: a thread there before and after the dump
# must be in it; a pid in the dump must have been there before or after
# (or be cgscope itself, which lived only while the dump ran).
sort -u -o "$SCRATCH/before.txt" "$SCRATCH/before.txt" "$SCRATCH/self"
expect_eq "no thread of /proc missing from the dump" "" \
	"$(comm -12 "$SCRATCH/before.txt" "$SCRATCH/after.txt" | comm -23 - "$SCRATCH/pids.txt" | xargs)"
expect_eq "no task in the dump that /proc never had" "" \
	"$(sort -u "$SCRATCH/before.txt" "$SCRATCH/after.txt" | comm -13 - "$SCRATCH/pids.txt" | xargs)"
jq -r '.[] | .pid as $p | .cgroups[] | "\($p) \(.hierarchy_id) \(.path)"' \
	"$SCRATCH/all.json" | sort -u >"$SCRATCH/cg.txt"
for pid in $(jq -r '.[].pid' "$SCRATCH/all.json"); do
	f=$(cat /proc/$pid/cgroup 2>/dev/null) || continue	# gone since
	awk -F: -v p="$pid" '{ print p, $1, substr($0, length($1) + length($2) + 3) }' <<<"$f"
done | sort -u >"$SCRATCH/proc.txt"
nr=$(cut -d' ' -f1 "$SCRATCH/proc.txt" | sort -u | wc -l)
check "tasks were compared ($nr)" test "$nr" -gt 10
# what /proc shows must be in cgscope's answer, and what cgscope says must
# be in /proc (a line of a task that moved or went since is looked at
# again in /proc now)
still() {	# still IN|OUT: lines "PID HIER PATH" that /proc now has (IN) or lacks (OUT)
	local p h path now
	while read -r p h path; do
		now=$(cat /proc/$p/cgroup 2>/dev/null) || continue
		if grep -qxF "$h:$(awk -F: -v h="$h" '$1 == h { print $2 }' <<<"$now"):$path" <<<"$now"; then
			[ "$1" = IN ] && echo "$p $h $path"
		else
			[ "$1" = OUT ] && echo "$p $h $path"
		fi
	done
	return 0
}
expect_eq "every /proc/PID/cgroup line is in cgscope's answer" "" \
	"$(comm -23 "$SCRATCH/proc.txt" "$SCRATCH/cg.txt" | still IN)"
expect_eq "every line of cgscope's answer is in /proc/PID/cgroup" "" \
	"$(comm -13 "$SCRATCH/proc.txt" "$SCRATCH/cg.txt" | still OUT)"
expect_eq "every task once" "" "$(jq -r '.[].pid' "$SCRATCH/all.json" | sort | uniq -d)"
check "pids ascend" jq -e '[.[].pid] == ([.[].pid] | sort)' "$SCRATCH/all.json"

# one task, its namespace view
check "cgscope -j task $nspid" cgscope -j task "$nspid" >"$SCRATCH/one.json"
dev_id=$(awk '$1 == "devices" { print $2 }' /proc/cgroups)
named_id=$(awk -F: '$2 == "name=cgscope_task" { print $1 }' /proc/self/cgroup)
inside=$(nsenter --cgroup -t "$nspid" cat /proc/$nspid/cgroup)
for h in 0 "$dev_id" "$named_id"; do
	want_path=$(awk -F: -v h="$h" '$1 == h { print substr($0, length($1) + length($2) + 3) }' /proc/$nspid/cgroup)
	want_ns=$(awk -F: -v h="$h" '$1 == h { print substr($0, length($1) + length($2) + 3) }' <<<"$inside")
	expect_eq "hierarchy $h path" "$want_path" \
		"$(jq -r --argjson h "$h" '.cgroups[] | select(.hierarchy_id == $h) | .path' "$SCRATCH/one.json")"
	expect_eq "hierarchy $h ns_path (as the task sees it)" "$want_ns" \
		"$(jq -r --argjson h "$h" '.cgroups[] | select(.hierarchy_id == $h) | .ns_path' "$SCRATCH/one.json")"
	expect_eq "hierarchy $h cgroup id" \
		"$(case $h in 0) stat -c %i $S/ns1;; "$dev_id") stat -c %i "$SCRATCH/dev/x";; *) stat -c %i "$SCRATCH/named/n";; esac)" \
		"$(jq -r --argjson h "$h" '.cgroups[] | select(.hierarchy_id == $h) | .cgroup_id' "$SCRATCH/one.json")"
done
expect_eq "ns_path inside the namespace is /" "/" \
	"$(jq -r '.cgroups[] | select(.hierarchy_id == 0) | .ns_path' "$SCRATCH/one.json")"
expect_eq "comm" "sleep" "$(jq -r .comm "$SCRATCH/one.json")"
expect_eq "tgid" "$nspid" "$(jq -r .tgid "$SCRATCH/one.json")"
check "text shows the path" bash -c "cgscope task $nspid | grep -q /cgscope-task/ns1"

# errors
sh -c true & gone=$!
wait $gone
for bad in 999999 "$gone" 0 -1 abc 12x ""; do
	out=$(cgscope task "$bad" 2>&1)
	expect_eq "task '$bad': exit status" 2 "$?"
	check "task '$bad': error message" grep -q '^Error: ' <<<"$out"
done
out=$(cgscope -j task 999999)
check "JSON error object" jq -e '.error | length > 0' <<<"$out" >/dev/null
finish
