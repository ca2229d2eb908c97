#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `cgscope ns` against nsfs: for tasks in new uts, ipc, net, pid, mount,
# user and cgroup namespaces, every file of /proc/PID/ns (inode, owning user
# namespace by NS_GET_USERNS, depth by NS_GET_PARENT); `ns list` against a
# count over /proc/*/ns/*; and seed 000: a task in /test01 unshares its
# cgroup namespace, mounts the hierarchy, creates test02 and moves there:
# the namespace root is /test01, the path /test01/test02 and the path the
# task sees /test02, on a v1 hierarchy and on v2.
. "$(dirname "$0")/lib.sh"

oracle=$(dirname "$0")/ns_proc.py
load_module
dmesg_mark

# wait_ns PID FILE: until PID's namespace FILE differs from ours
wait_ns() {
	local i
	for i in $(seq 100); do
		[ "$(readlink /proc/$1/ns/$2)" != "$(readlink /proc/self/ns/$2)" ] &&
			return 0
		sleep 0.05
	done
	return 1
}

# --- one task's namespaces --------------------------------------------
# cgscope's view of PID as "FILE INODE OWNER LEVEL" lines, like the oracle
cgscope_task_ns() {
	cgscope -j ns "$1" | jq -r '.namespaces[] |
		"\(.file) \(.inode) \(.owner_user_ns // "-") \(.level // "-")"' |
		sort
}

compare_task() {	# compare_task WHAT PID
	local want got
	want=$("$oracle" task "$2" | sort) || { check "$1: oracle" false; return; }
	got=$(cgscope_task_ns "$2")
	expect_eq "$1 (pid $2): every /proc/PID/ns file" "$want" "$got"
}

compare_task "this shell" $$
compare_task "init" 1
compare_task "a kernel thread" 2

# (background processes must not hold our stdout: run_tests.sh waits for it)
unshare -u -i -n -m -C -p -f --mount-proc sleep 1000 >/dev/null 2>&1 &
p_all=$!
on_exit "kill -9 $p_all"
check "new uts/ipc/net/mnt/cgroup/pid namespaces" wait_ns "$p_all" uts
# the sleep inside (unshare -f forks it)
for i in $(seq 100); do
	child=$(pgrep -P "$p_all" sleep) && break
	sleep 0.05
done
check "the forked child exists" test -n "${child:-}"
on_exit "kill -9 $child"	# init of the new pid namespace
wait_ns "$child" pid
compare_task "child in new pid and other namespaces" "$child"
compare_task "unshare itself (pid_for_children differs from pid)" "$p_all"
expect_eq "the child is at pid level 1" 1 \
	"$(cgscope -j ns "$child" | jq -r '.namespaces[] | select(.file == "pid") | .level')"

unshare -U -r -u -C sleep 1000 >/dev/null 2>&1 &
p_user=$!
on_exit "kill -9 $p_user"
check "new user namespace" wait_ns "$p_user" user
compare_task "task in a new user namespace (owner of its uts and cgroup ns)" \
	"$p_user"
user_ino=$(stat -L -c %i /proc/$p_user/ns/user)
expect_eq "its uts namespace is owned by its user namespace" "$user_ino" \
	"$(cgscope -j ns "$p_user" | jq -r '.namespaces[] | select(.file == "uts") | .owner_user_ns')"

# bad input changes nothing and says why
out=$(cgscope ns 4194304 2>&1)
expect_eq "pid beyond pid_max: exit 2" 2 $?
check "pid beyond pid_max: message" grep -q 'Error' <<<"$out"
sleep 1000 >/dev/null 2>&1 &
gone=$!
kill -9 $gone; wait $gone 2>/dev/null
out=$(cgscope ns $gone 2>&1)
expect_eq "exited pid: exit 2" 2 $?
check "exited pid: no such task" grep -q 'no such task' <<<"$out"
out=$(cgscope ns list --type bogus 2>&1)
expect_eq "bad type: exit 2" 2 $?
out=$(cgscope ns list --inode 5 2>&1)
expect_eq "--inode without --type: exit 2" 2 $?
out=$(cgscope ns list --type pid --inode 5 2>&1)
expect_eq "no such namespace: exit 2" 2 $?
check "no such namespace: message" grep -q 'no task is in pid namespace 5' <<<"$out"

# --- every namespace in use ------------------------------------------
# The oracle and cgscope each count themselves once, in our namespaces;
# anything else that forks or exits in between spoils a round: retry.
for round in 1 2 3 4 5; do
	"$oracle" count >"$SCRATCH/want.txt"
	# (the real binary: lib.sh's recording stand-in would be a process more)
	"$CGSCOPE_REAL" -j ns list >"$SCRATCH/list.json"
	jq -r '.[] | "\(.type) \(.inode) \(.nr_tasks) \(.pid)"' \
		"$SCRATCH/list.json" | sort >"$SCRATCH/got.txt"
	sort -o "$SCRATCH/want.txt" "$SCRATCH/want.txt"
	cmp -s "$SCRATCH/want.txt" "$SCRATCH/got.txt" && break
	log "round $round: counts differ, retrying"
	diff "$SCRATCH/want.txt" "$SCRATCH/got.txt" | head -n 10
done
check "ns list: every namespace, process count and lowest pid as /proc/*/ns/* counts them" \
	cmp -s "$SCRATCH/want.txt" "$SCRATCH/got.txt"
json_check --file ns-list "$SCRATCH/list.json"
expect_eq "ns list names the new user namespace once" 1 \
	"$(jq --argjson i "$user_ino" '[.[] | select(.type == "user" and .inode == $i)] | length' "$SCRATCH/list.json")"
check "threads are at least processes" \
	jq -e 'all(.[]; .nr_threads >= .nr_tasks)' "$SCRATCH/list.json" >/dev/null
expect_eq "--type cgroup lists only cgroup namespaces" \
	"$(grep -c '^cgroup ' "$SCRATCH/want.txt")" \
	"$(cgscope -j ns list --type cgroup | jq '[.[] | select(.type == "cgroup")] | length')"
ino=$(stat -L -c %i /proc/$child/ns/net)
expect_eq "--type net --inode: that namespace, unshare and its child" \
	"net $ino 2 $p_all" \
	"$(cgscope -j ns list --type net --inode "$ino" | jq -r '.[] | "\(.type) \(.inode) \(.nr_tasks) \(.pid)"')"

# --- seed 000 ---------------------------------------------------------
# seed000 WHAT DIR HIER_ID FSTYPE OPTIONS BASE
#   DIR is a directory of the hierarchy as mounted here, BASE its path from
#   the hierarchy's root ("" for the root); test01 is made in DIR.  A
#   task moves into test01, unshares its cgroup (and mount) namespace,
#   mounts the same hierarchy inside, creates test02 there, moves into it
#   and reports /proc/self/cgroup.
seed000() {
	local what=$1 mnt=$2 hier=$3 fstype=$4 opts=$5 pid i inside json
	local line base=$6

	make_cgroup "$mnt/test01"
	mkdir -p "$SCRATCH/inner-$hier"
	# shellcheck disable=SC2016 # expanded by the inner shell
	sh -c 'echo $$ > "$1/test01/cgroup.procs" &&
	       exec unshare -C -m --propagation private sh -c "
		mount -t $2 -o $3 none $4 &&
		mkdir $4/test02 &&
		echo \$\$ > $4/test02/cgroup.procs &&
		cat /proc/self/cgroup > $4.cgroup &&
		exec sleep 1000"' sh "$mnt" "$fstype" "$opts" \
		"$SCRATCH/inner-$hier" &
	pid=$!
	on_exit "rmdir '$mnt/test01/test02'"
	on_exit "kill -9 $pid; wait $pid"
	for i in $(seq 100); do
		[ -s "$SCRATCH/inner-$hier.cgroup" ] && break
		sleep 0.05
	done
	check "$what: the task ran the seed's steps" \
		test -s "$SCRATCH/inner-$hier.cgroup"

	# what the kernel shows from outside and inside the namespace
	line=$(awk -F: -v h="$hier" '$1 == h { print substr($0, length($1) + length($2) + 3) }' \
		/proc/$pid/cgroup)
	expect_eq "$what: host view /proc/PID/cgroup" "$base/test01/test02" "$line"
	inside=$(awk -F: -v h="$hier" '$1 == h { print substr($0, length($1) + length($2) + 3) }' \
		"$SCRATCH/inner-$hier.cgroup")
	expect_eq "$what: view inside, /proc/self/cgroup" /test02 "$inside"

	json=$(cgscope -j task "$pid")
	expect_eq "$what: cgscope task path" "$base/test01/test02" \
		"$(jq -r --argjson h "$hier" '.cgroups[] | select(.hierarchy_id == $h) | .path' <<<"$json")"
	expect_eq "$what: cgscope task ns_path (as inside)" "$inside" \
		"$(jq -r --argjson h "$hier" '.cgroups[] | select(.hierarchy_id == $h) | .ns_path' <<<"$json")"

	json=$(cgscope -j ns "$pid")
	expect_eq "$what: cgroup namespace inode" \
		"$(stat -L -c %i /proc/$pid/ns/cgroup)" \
		"$(jq -r '.cgroup_ns.inode' <<<"$json")"
	expect_eq "$what: cgroup namespace root is test01" "$base/test01" \
		"$(jq -r --argjson h "$hier" '.cgroup_ns.roots[] | select(.hierarchy_id == $h) | .path' <<<"$json")"
	expect_eq "$what: the root's cgroup id is test01's inode" \
		"$(stat -c %i "$mnt/test01")" \
		"$(jq -r --argjson h "$hier" '.cgroup_ns.roots[] | select(.hierarchy_id == $h) | .cgroup_id' <<<"$json")"
	expect_eq "$what: ns list shows the same root" "$base/test01" \
		"$(cgscope -j ns list --type cgroup --inode "$(stat -L -c %i /proc/$pid/ns/cgroup)" |
		   jq -r --argjson h "$hier" '.[0].roots[] | select(.hierarchy_id == $h) | .path')"
	check "$what: text output names the root" \
		bash -c "cgscope ns $pid | grep -q '^  $hier:.*:$base/test01 '"
}

# v1: the seed's memory controller where this kernel has it and v2 does
# not hold it (a controller with dying csses on v2 cannot move), else pids,
# else a named hierarchy without controllers.
v1_opts=
for c in memory pids none,name=cgscope_ns; do
	case $c in
	none,*) ;;
	*) awk -v c="$c" '$1 == c && $4 == 1 { f = 1 } END { exit !f }' /proc/cgroups || continue
	   grep -qw "$c" "$CG2/cgroup.subtree_control" && continue ;;
	esac
	mount_v1 "$SCRATCH/v1" "$c" 2>/dev/null || continue
	v1_opts=$c
	break
done
check "a v1 hierarchy for the seed (memory, pids or named) mounted" test -n "$v1_opts"
if [ -n "$v1_opts" ]; then
	log "v1 hierarchy: $v1_opts"
	case $v1_opts in
	none,name=*) hier=$(awk -F: -v n="${v1_opts#none,}" '$2 == n { print $1 }' /proc/self/cgroup) ;;
	*) hier=$(awk -v c="$v1_opts" '$1 == c { print $2 }' /proc/cgroups) ;;
	esac
	seed000 "seed 000 on v1 $v1_opts" "$SCRATCH/v1" "$hier" cgroup \
		"$v1_opts" ""
fi
make_cgroup "$CG2/cgscope-ns"
seed000 "seed 000 on v2" "$CG2/cgscope-ns" 0 cgroup2 rw /cgscope-ns

dmesg_check_clean
finish
