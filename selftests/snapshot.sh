#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `cgscope snapshot` and `cgscope diff`: a snapshot lists the cgroups
# cgroupfs has; a create-then-remove cycle that releases everything
# leaves no difference (exit 0); one that leaves a removed cgroup pinned
# by tmpfs pages shows exactly that cgroup, its dying csses and nothing
# else (exit 1), until the pages go.  A snapshot taken while cgroups come
# and go and tasks move is either marked inconsistent or holds together:
# every css_set link names a cgroup of the same snapshot.
. "$(dirname "$0")/lib.sh"

load_module
dmesg_mark
jqe() { jq -e "$@" >/dev/null; }
S=$SCRATCH

# Let what earlier tests left behind settle: the dying list must hold
# still for a second (at most 20 s).
settle() {
	local i prev= cur
	drop_page_cache
	for i in $(seq 40); do
		cur=$(cgscope -j dying | jq -c 'map([.controller, .css_id, .cgroup_id])')
		[ "$cur" == "$prev" ] && return 0
		prev=$cur
		sleep 1
	done
	return 1
}

# gone ID: wait (at most 20 s) until nothing dying names cgroup ID
gone() {
	local i
	for i in $(seq 200); do
		cgscope -j dying | jqe --argjson id "$1" 'all(.[]; .cgroup_id != $id)' &&
			return 0
		sleep 0.1
	done
	return 1
}

# memory on v2 first, so that enabling it is not a difference
have_memory=false
if grep -qw memory $CG2/cgroup.subtree_control ||
   echo +memory > $CG2/cgroup.subtree_control 2>/dev/null; then
	have_memory=true
fi
check "the system settles" settle
check "cgscope snapshot" bash -c "cgscope snapshot > $S/a.json"
check "a snapshot is JSON with its format, version and parts" jqe \
	'.format == "cgscope-snapshot" and .version == 1 and (.attempts >= 1) and
	 (.generation | type) == "number" and (.kernel | type) == "string" and
	 ([.roots, .cgroups, .csets, .dying] | all(type == "array"))' "$S/a.json"
check "a quiet system: consistent at the first attempt" jqe \
	'.consistent and .attempts == 1' "$S/a.json"
expect_eq "the kernel release" "$(uname -r)" "$(jq -r .kernel "$S/a.json")"
find $CG2 -type d | sed "s|^$CG2||; s|^$|/|" | sort >"$S/fs.txt"
jq -r '.cgroups[] | select(.hierarchy_id == 0 and (.dying | not)) | .path' \
	"$S/a.json" | sort >"$S/snap.txt"
check "its v2 cgroups are cgroupfs's directories" diff -u "$S/fs.txt" "$S/snap.txt"
expect_eq "its hierarchies are cgscope roots" \
	"$(cgscope -j roots | jq -c 'map(.hierarchy_id)')" \
	"$(jq -c '.roots | map(.hierarchy_id)' "$S/a.json")"
check "-p indents it" bash -c "cgscope -p snapshot | grep -q '^  \"format\": \"cgscope-snapshot\",$'"

# --- a cycle that releases everything --------------------------------
X=$CG2/cgscope-snap-x
# create X, run a task in it, remove it, wait until it is released
cycle() {
	mkdir $X || return 1
	# builtins only: a program read from disk here would leave its page
	# cache charged to X, which would keep X (that is the next part)
	bash -c 'echo $$ > "$1/cgroup.procs"; x=$((1 + 1))' bash $X
	x_id=$(stat -c %i $X)
	rmdir $X || return 1
	gone "$x_id"
}
# A retry takes a new baseline BEFORE the cycle and runs the cycle again:
# whatever a cycle leaves shows in every round's diff and is never
# absorbed into the baseline.
for round in 1 2 3; do
	[ "$round" -eq 1 ] || cgscope snapshot > "$S/a.json"
	check "x is released (round $round)" cycle
	cgscope snapshot > "$S/b.json"
	cgscope diff "$S/a.json" "$S/b.json" >"$S/ab.txt"
	rc=$?
	[ $rc -eq 0 ] && break
	# something else may have moved meanwhile: settle, go again
	log "round $round: differences:"
	sed 's/^/  /' "$S/ab.txt"
	settle
done
expect_eq "a released create/remove cycle: diff exits 0" 0 "$rc"
expect_eq "... and prints nothing" "" "$(cat "$S/ab.txt")"

# --- a cycle that leaks ------------------------------------------------
if $have_memory; then
	mkdir -p $S/shm
	mount -t tmpfs cgscope-snap $S/shm && on_exit "umount $S/shm"
	on_exit "rm -f $S/shm/f"
	Y=$CG2/cgscope-snap-y
	mkdir $Y
	sh -c 'echo $$ > "$1/cgroup.procs" && exec dd if=/dev/zero of="$2" bs=1M count=2 2>/dev/null' \
		sh $Y $S/shm/f
	y_id=$(stat -c %i $Y)
	rmdir $Y
	cgscope snapshot > "$S/c.json"
	cgscope diff "$S/b.json" "$S/c.json" >"$S/bc.txt"
	expect_eq "a pinned cgroup: diff exits 1" 1 $?
	sed 's/^/  /' "$S/bc.txt"
	cgscope -j diff "$S/b.json" "$S/c.json" >"$S/bc.json"
	check "exactly it appeared, as a dying cgroup" jqe --argjson y "$y_id" \
		'.cgroups.appeared | length == 1 and .[0].id == $y and .[0].dying and .[0].path == "/cgscope-snap-y"' \
		"$S/bc.json"
	check "its dying csses appeared: the cgroup and its memory css, nothing else" \
		jqe --argjson y "$y_id" \
		'(.dying.appeared | all(.cgroup_id == $y)) and
		 (.dying.appeared | map(.controller) | index("cgroup") != null and index("memory") != null)' \
		"$S/bc.json"
	check "its memory css holds the tmpfs pages" jqe \
		'.dying.appeared[] | select(.controller == "memory") | .charged_bytes >= 2097152' "$S/bc.json"
	check "nothing disappeared or changed" jqe \
		'[.roots, .cgroups, .csets, .dying] | all(.disappeared == [] and .changed == [])' "$S/bc.json"
	check "no css_set appeared" jqe '.csets.appeared == []' "$S/bc.json"
	check "text: + 0:/cgscope-snap-y" grep -q "^+ 0:/cgscope-snap-y  \[id $y_id\]  dying$" "$S/bc.txt"

	# dd ran there first after drop_caches: its own page cache too
	rm -f $S/shm/f
	drop_page_cache
	check "y is released once its pages go" gone "$y_id"
	cgscope snapshot > "$S/d.json"
	cgscope diff "$S/b.json" "$S/d.json" >"$S/bd.txt"
	expect_eq "after the fix: no difference (exit 0)" 0 $?
	cat "$S/bd.txt"
else
	log "memory cannot be enabled on v2 here: the leaking cycle is not run"
fi

# --- a snapshot under churn --------------------------------------------
Z=$CG2/cgscope-snap-z
make_cgroup $Z
spawn_in $Z sleep 1000
mover=$spawned
(
	for i in $(seq 300); do
		mkdir $Z/c$i 2>/dev/null
		echo $mover > $Z/c$i/cgroup.procs 2>/dev/null
		echo $mover > $Z/cgroup.procs 2>/dev/null
		rmdir $Z/c$i 2>/dev/null
	done
) &
churn=$!
on_exit "kill $churn"
n=0
while kill -0 $churn 2>/dev/null && [ $n -lt 10 ]; do
	n=$((n + 1))
	cgscope snapshot >"$S/z$n.json" 2>/dev/null || { check "snapshot under churn" false; break; }
	jq -c '{consistent, attempts}' "$S/z$n.json"
	if jq -e .consistent "$S/z$n.json" >/dev/null; then
		check "a consistent snapshot: every css_set link is a cgroup of it" jqe '
			([.cgroups[] | "\(.hierarchy_id):\(.id)"] | INDEX(.)) as $c |
			all(.csets[].cgroups[]; $c["\(.hierarchy_id):\(.cgroup_id)"] != null)' "$S/z$n.json"
	else
		check "an inconsistent snapshot says it took every attempt" jqe '.attempts == 5' "$S/z$n.json"
	fi
done
wait $churn
log "$n snapshots under churn: $(cat "$S"/z*.json | jq -s 'map(select(.consistent)) | length') consistent," \
	"attempts $(cat "$S"/z*.json | jq -s -c 'map(.attempts)')"
check "snapshots were taken under churn" test "$n" -gt 0

dmesg_check_clean
finish
