#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `cgscope tree` against the cgroupfs directory tree, on v2 and on a v1
# hierarchy: same paths, ids equal to the directories' inode numbers, task
# counts equal to cgroup.threads/tasks, and on v2 cgroup.controllers,
# cgroup.subtree_control, cgroup.type, cgroup.events and cgroup.stat.
. "$(dirname "$0")/lib.sh"

load_module

# --- a v2 scene ---
T=$CG2/cgscope-tree
for c in pids memory; do
	grep -qw "$c" $CG2/cgroup.controllers && echo "+$c" > $CG2/cgroup.subtree_control
done
make_cgroup $T
echo "+pids" > $T/cgroup.subtree_control
make_cgroup $T/a
make_cgroup $T/a/a1
make_cgroup $T/a/a2
make_cgroup $T/b
echo "+pids" > $T/a/cgroup.subtree_control
spawn_in $T/a/a1 sleep 1000
spawn_in $T/a/a1 sleep 1000
spawn_in $T/b sleep 1000
# a threaded subtree
make_cgroup $T/thr
make_cgroup $T/thr/t1
echo threaded > $T/thr/t1/cgroup.type
# a process with two threads, as in cgroup.threads
spawn_in $T/b bash -c 'sleep 1000 & sleep 1000; wait'

words() { tr ' ' '\n' | grep -v '^$' | sort | xargs; }

# path id parent level tasks subtree controllers populated ndesc ndying type
fs_tsv_v2() {
	local d rel id parent level
	find "$1" -type d | while read -r d; do
		rel=${d#"$1"}
		[ -n "$rel" ] || rel=/
		id=$(stat -c %i "$d")
		if [ "$rel" = / ]; then parent=null; level=0
		else parent=$(stat -c %i "$(dirname "$d")")
		     level=$(tr -cd / <<<"$rel" | wc -c)
		fi
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$rel" "$id" "$parent" "$level" \
			"$(wc -l < "$d/cgroup.threads")" \
			"$(words < "$d/cgroup.subtree_control")" \
			"$(words < "$d/cgroup.controllers")" \
			"$(awk '$1 == "populated" { print ($2 ? "true" : "false") }' "$d/cgroup.events" 2>/dev/null || echo true)" \
			"$(awk '$1 == "nr_descendants" { print $2 }' "$d/cgroup.stat")" \
			"$(awk '$1 == "nr_dying_descendants" { print $2 }' "$d/cgroup.stat")" \
			"$(cat "$d/cgroup.type" 2>/dev/null || echo domain)"
	done | sort
}

cg_tsv_v2() {
	jq -r '.[] | select(.dying | not) | [.path, .id, (.parent_id // "null"), .level, .nr_tasks,
		(.subtree_control | sort | join(" ")), (.controllers | sort | join(" ")),
		.populated, .nr_descendants, .nr_dying_descendants, .type] | @tsv' | sort
}

# Structure of the whole hierarchy (task counts elsewhere change as this
# test runs), then everything about the scene, which holds still.
check "cgscope -j tree --hierarchy 0" cgscope -j tree --hierarchy 0 >"$SCRATCH/v2.json"
fs_tsv_v2 $CG2 | cut -f1-4 >"$SCRATCH/v2.fs"
cg_tsv_v2 <"$SCRATCH/v2.json" | cut -f1-4 >"$SCRATCH/v2.cg"
check "v2 hierarchy equals cgroupfs" diff -u "$SCRATCH/v2.fs" "$SCRATCH/v2.cg"
check "cgscope -j tree $T" cgscope -j tree $T >"$SCRATCH/scene.json"
fs_tsv_v2 $T | sed "s|^/|/cgscope-tree/|; s|^/cgscope-tree/\t|/cgscope-tree\t|" |
	awk -F'\t' -v OFS='\t' -v p="$(stat -c %i $CG2)" '$1 == "/cgscope-tree" { $3 = p; $4 = 1 } $1 != "/cgscope-tree" { $4 += 1 } 1' |
	sort >"$SCRATCH/scene.fs"
cg_tsv_v2 <"$SCRATCH/scene.json" >"$SCRATCH/scene.cg"
check "scene equals cgroupfs in every field" diff -u "$SCRATCH/scene.fs" "$SCRATCH/scene.cg"
expect_eq "no cgroup listed twice" "" "$(jq -r '.[].id' "$SCRATCH/v2.json" | sort | uniq -d)"
check "parents come before children" jq -e '
	reduce .[] as $c ({seen: {}, ok: true};
		.ok = (.ok and ($c.parent_id == null or .seen[$c.parent_id | tostring] == true))
		| .seen[$c.id | tostring] = true) | .ok' "$SCRATCH/v2.json"
check "threaded type seen" jq -e 'any(.[]; .path == "/cgscope-tree/thr/t1" and .type == "threaded")' "$SCRATCH/v2.json"
check "thread root seen" jq -e 'any(.[]; .path == "/cgscope-tree/thr" and .type == "domain threaded")' "$SCRATCH/v2.json"
check "a1 has two tasks" jq -e 'any(.[]; .path == "/cgscope-tree/a/a1" and .nr_tasks == 2 and .populated)' "$SCRATCH/v2.json"
check "css list names pids in a1" \
	jq -e '.[] | select(.path == "/cgscope-tree/a/a1") | .css | any(.controller == "pids" and .online)' "$SCRATCH/v2.json"

# PATH selects a subtree
check "tree PATH" cgscope -j tree $T/a >"$SCRATCH/sub.json"
expect_eq "subtree paths" "/cgscope-tree/a /cgscope-tree/a/a1 /cgscope-tree/a/a2" \
	"$(jq -r '.[].path' "$SCRATCH/sub.json" | sort | xargs)"
expect_eq "subtree root id" "$(stat -c %i $T/a)" "$(jq -r '.[0].id' "$SCRATCH/sub.json")"
check "text tree draws a1" bash -c "cgscope tree $T | grep -q 'a1'"

# --- a v1 hierarchy ---
mount_v1 "$SCRATCH/dev" devices || skip "no v1 devices controller"
make_cgroup "$SCRATCH/dev/x"
make_cgroup "$SCRATCH/dev/x/y"
make_cgroup "$SCRATCH/dev/z"
spawn_in "$SCRATCH/dev/x/y" sleep 1000
pid=$spawned
dev_id=$(awk '$1 == "devices" { print $2 }' /proc/cgroups)

fs_tsv_v1() {
	local d rel parent level
	find "$1" -type d | while read -r d; do
		rel=${d#"$1"}
		[ -n "$rel" ] || rel=/
		if [ "$rel" = / ]; then parent=null; level=0
		else parent=$(stat -c %i "$(dirname "$d")")
		     level=$(tr -cd / <<<"$rel" | wc -c)
		fi
		printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$rel" "$(stat -c %i "$d")" "$parent" "$level" \
			"$(wc -l < "$d/tasks")" "$(($(find "$d" -mindepth 1 -type d | wc -l)))"
	done | sort
}
check "cgscope -j tree (v1 path)" cgscope -j tree "$SCRATCH/dev" >"$SCRATCH/v1.json"
# (the root's task count changes as this test runs)
fs_tsv_v1 "$SCRATCH/dev" | awk -F'\t' -v OFS='\t' '$1 == "/" { $5 = "-" } 1' >"$SCRATCH/v1.fs"
jq -r '.[] | [.path, .id, (.parent_id // "null"), .level, (if .path == "/" then "-" else .nr_tasks end),
	.nr_descendants] | @tsv' "$SCRATCH/v1.json" | sort >"$SCRATCH/v1.cg"
check "v1 tree equals cgroupfs" diff -u "$SCRATCH/v1.fs" "$SCRATCH/v1.cg"
check "v1 cgroups carry the devices hierarchy id" \
	jq -e --argjson id "$dev_id" 'all(.[]; .hierarchy_id == $id and .controllers == ["devices"])' "$SCRATCH/v1.json"
# (the same cgroups; the root's task count may have moved meanwhile)
expect_eq "--hierarchy equals the mount" "$(jq -c 'map([.id, .path])' "$SCRATCH/v1.json")" \
	"$(cgscope -j tree --hierarchy "$dev_id" | jq -c 'map([.id, .path])')"

# --- errors ---
for bad in "/nonexistent" "/tmp" "--hierarchy 9999" "--hierarchy x" "$T/a extra"; do
	# shellcheck disable=SC2086
	out=$(cgscope tree $bad 2>&1)
	expect_eq "tree $bad: exit status" 2 "$?"
	check "tree $bad: one-line error" bash -c "[ \$(wc -l <<<'$out') = 1 ] && grep -q '^Error: ' <<<'$out'"
done
: "$pid"
finish
