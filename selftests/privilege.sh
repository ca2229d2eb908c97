#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Only privileged users of the initial user namespace may read anything:
# an unprivileged user, root in a new user namespace, and (the family lives
# in the initial network namespace only) root in a new network namespace
# get an error from every command and debugfs file, and see nothing.
. "$(dirname "$0")/lib.sh"

load_module
cmds=("info" "roots" "tree" "csets" "task 1" "ns 1" "ns list" "events" "events --stats" "watch"
      "dying" "dying --controller memory" "memcg --pid 1" "snapshot")
files=(roots cgroups css_sets task stats events)

as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all "$@"; }
in_userns() { unshare --user --map-root-user "$@"; }
in_netns() { unshare --net "$@"; }

for ctx in as_nobody in_userns; do
	for c in "${cmds[@]}"; do
		# shellcheck disable=SC2086
		out=$($ctx cgscope $c 2>&1)
		expect_eq "$ctx: cgscope $c exit status" 2 "$?"
		check "$ctx: cgscope $c says permission denied" \
			grep -qi 'permission denied' <<<"$out"
	done
	for f in "${files[@]}"; do
		check_not "$ctx: debugfs $f unreadable" $ctx cat "$DEBUGFS/$f"
	done
	check_not "$ctx: debugfs task not writable" \
		$ctx sh -c "echo 1 > $DEBUGFS/task"
	check_not "$ctx: debugfs stats not writable" \
		$ctx sh -c "echo 0 > $DEBUGFS/stats"
done

# root in a user namespace passes the file mode checks of debugfs (its
# root is the real root): it must be the capability check that refuses.
out=$(in_userns cat "$DEBUGFS/roots" 2>&1)
check "userns: debugfs refuses with EPERM" grep -q 'Operation not permitted' <<<"$out"

for c in "${cmds[@]}"; do
	# shellcheck disable=SC2086
	out=$(in_netns cgscope -j $c 2>&1)
	expect_eq "netns: cgscope $c exit status" 2 "$?"
	check "netns: cgscope $c shows nothing but an error" \
		jq -e 'keys == ["error"]' <<<"$out" >/dev/null
done

# and root in the initial namespaces can read everything
for f in "${files[@]}"; do
	check "root: debugfs $f" bash -c "cat $DEBUGFS/$f >/dev/null"
done
finish
