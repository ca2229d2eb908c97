#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `cgscope csets` against the kernel's own debug controller (CGROUP_DEBUG,
# kernel/cgroup/debug.c; the debug kernel of scripts/debug-kernel has it,
# distribution kernels do not: skipped there).  The controller is v1-only
# unless booted with cgroup_debug, so it gets a v1 hierarchy of its own:
#  - debug.cgroup_css_links of a cgroup lists the css_sets linked to it,
#    each as "css_set <ptr> <refcount>[ +<extra>]", then "  task <pid>"
#    per task (up to 26, then "  ... (<n>)") and "    [dead]" if dead;
#  - debug.current_css_set_cg_links (root only) lists the reader's
#    css_set's links as "Root <hierarchy id> group <cgroup name>";
#  - debug.taskcount is the cgroup's number of tasks.
# Pointers there are hashed, so css_sets are matched by what they hold.
. "$(dirname "$0")/lib.sh"

grep -qw '^debug' /proc/cgroups || skip "no debug controller (CONFIG_CGROUP_DEBUG)"
load_module
dmesg_mark

D=$SCRATCH/dbg
mount_v1 "$D" debug || skip "cannot mount a v1 hierarchy with the debug controller"
hid=$(awk '$1 == "debug" { print $2 }' /proc/cgroups)
check "the debug hierarchy has an id" test "$hid" -gt 0

S=$CG2/cgscope-oracle
make_cgroup "$S"
make_cgroup "$S/x"
make_cgroup "$S/y"
make_cgroup "$D/a"
make_cgroup "$D/b"

# spawn V2CGROUP V1CGROUP: a sleeping task in both; pid in $spawned
spawn() {
	spawn_in "$1" sleep 1000
	echo "$spawned" > "$2/tasks"
}
spawn "$S/x" "$D/a"
spawn "$S/x" "$D/a"
spawn "$S/y" "$D/a"
spawn "$S/x" "$D/b"
spawn "$S/y" "$D/b"
spawn "$S/y" "$D/b"
spawn "$S/y" "$D/b"

# One line per css_set linked to a cgroup: "refcount pids dead", sorted.
oracle_links() {
	awk '
	function flush() { if (have) print ref, (pids == "" ? "-" : pids), dead }
	/^css_set / { flush(); have = 1; ref = $3; pids = ""; dead = "false"; next }
	/^  task / { pids = pids (pids == "" ? "" : ",") $2; next }
	/^    \[dead\]/ { dead = "true"; next }
	/^$/ { flush(); have = 0; exit }
	END { flush() }' "$1/debug.cgroup_css_links" |
	while read -r ref pids dead; do
		[ "$pids" = - ] || pids=$(tr , '\n' <<<"$pids" | sort -n | paste -sd,)
		echo "$ref ${pids:--} $dead"
	done | sort
}
cgscope_links() {	# cgscope_links CGROUP-PATH
	jq -r --argjson h "$hid" --arg p "$1" '.[]
		| select(any(.cgroups[]; .hierarchy_id == $h and .path == $p))
		| "\(.refcount) \(.tasks | sort | map(tostring) | join(",")
				  | if . == "" then "-" else . end) \(.dead)"' \
		"$SCRATCH/csets.json" | sort
}

for c in a b; do
	for _ in 1 2 3; do
		oracle_links "$D/$c" >"$SCRATCH/oracle-$c"
		cgscope -j csets >"$SCRATCH/csets.json" || break
		cgscope_links "/$c" >"$SCRATCH/cgscope-$c"
		# a css_set freed or created between the two reads: read again
		cmp -s "$SCRATCH/oracle-$c" "$SCRATCH/cgscope-$c" && break
	done
	log "css_sets of /$c (refcount tasks dead):"
	sed 's/^/    /' "$SCRATCH/oracle-$c"
	expect_eq "css_sets linked to /$c: the debug controller vs cgscope" \
		"$(cat "$SCRATCH/oracle-$c")" "$(cat "$SCRATCH/cgscope-$c")"
	expect_eq "tasks of /$c: debug.taskcount vs cgscope" \
		"$(cat "$D/$c/debug.taskcount")" \
		"$(jq --argjson h "$hid" --arg p "/$c" '[.[]
			| select(any(.cgroups[]; .hierarchy_id == $h and .path == $p))
			| .nr_tasks] | add' "$SCRATCH/csets.json")"
done
expect_eq "css_sets of /a" 2 "$(wc -l <"$SCRATCH/oracle-a")"
expect_eq "css_sets of /b" 2 "$(wc -l <"$SCRATCH/oracle-b")"

# The links of one task's css_set: a task in /x and /b reads the file
# itself (a child shares its css_set), then sleeps to be looked up.
sh -c 'echo $$ > "$1/cgroup.procs" && echo $$ > "$2/tasks" &&
	cat "$3/debug.current_css_set_cg_links" > "$4" && exec sleep 1000' \
	sh "$S/x" "$D/b" "$D" "$SCRATCH/current" >/dev/null 2>&1 &
p=$!
on_exit "kill -9 $p; wait $p"
for _ in $(seq 100); do
	grep -qx "$p" "$D/b/tasks" && [ -s "$SCRATCH/current" ] && break
	sleep 0.05
done
cset=$(cgscope -j task "$p" | jq .cset_id)
check "cgscope -j csets" cgscope -j csets >"$SCRATCH/csets.json"
jq -r --argjson id "$cset" '.[] | select(.id == $id) | .cgroups[]
	| "Root \(.hierarchy_id) group \(.path | sub(".*/(?<n>[^/]+)$"; "\(.n)"))"' \
	"$SCRATCH/csets.json" | sort >"$SCRATCH/current-cgscope"
sort "$SCRATCH/current" >"$SCRATCH/current-oracle"
log "links of the css_set of $p:"
sed 's/^/    /' "$SCRATCH/current-oracle"
expect_eq "links of a task's css_set: debug.current_css_set_cg_links vs cgscope" \
	"$(cat "$SCRATCH/current-oracle")" "$(cat "$SCRATCH/current-cgscope")"
check "the task's links name /b on the debug hierarchy" \
	grep -qx "Root $hid group b" "$SCRATCH/current-oracle"

dmesg_check_clean
finish
