#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `cgscope roots` against /proc/cgroups, /proc/self/cgroup and the mounts:
# the v2 hierarchy with controllers enabled, a v1 devices hierarchy, a v1
# hierarchy of two controllers, and a named v1 hierarchy with none.
. "$(dirname "$0")/lib.sh"

load_module

# v2 with some controllers enabled for children
for c in pids memory; do
	grep -qw "$c" $CG2/cgroup.controllers && echo "+$c" > $CG2/cgroup.subtree_control
done
on_exit "echo '-pids -memory' > $CG2/cgroup.subtree_control"

mount_v1 "$SCRATCH/devices" devices || skip "no v1 devices controller"
make_cgroup "$SCRATCH/devices/a"
make_cgroup "$SCRATCH/devices/a/b"
mount_v1 "$SCRATCH/named" none,name=cgscope_test
two=""
if mount_v1 "$SCRATCH/cpu" cpu,cpuacct 2>/dev/null; then
	two=yes
fi

check "cgscope -j roots" cgscope -j roots >"$SCRATCH/roots.json"
check "cgscope roots (text)" cgscope roots >"$SCRATCH/roots.txt"

# /proc/cgroups: name hierarchy num_cgroups enabled (v1 names: blkio)
v2name() { [ "$1" = blkio ] && echo io || echo "$1"; }
ids=$(awk 'NR > 1 && $4 == 1 { print $2 }' /proc/cgroups | sort -nu)
for id in $ids; do
	want=$(awk -v id="$id" 'NR > 1 && $4 == 1 && $2 == id { print $1 }' /proc/cgroups |
	       while read -r c; do if [ "$id" = 0 ]; then v2name "$c"; else echo "$c"; fi; done | sort | xargs)
	got=$(jq -r --argjson id "$id" '.[] | select(.hierarchy_id == $id) | .controllers[]' \
	      "$SCRATCH/roots.json" | sort | xargs)
	expect_eq "controllers of hierarchy $id" "$want" "$got"
	# every controller's num_cgroups is its hierarchy's cgroup count
	want=$(awk -v id="$id" 'NR > 1 && $4 == 1 && $2 == id { print $3; exit }' /proc/cgroups)
	got=$(jq -r --argjson id "$id" '.[] | select(.hierarchy_id == $id) | .nr_cgroups' "$SCRATCH/roots.json")
	expect_eq "cgroups in hierarchy $id" "$want" "$got"
done

dev_id=$(awk '$1 == "devices" { print $2 }' /proc/cgroups)
expect_eq "devices hierarchy has 3 cgroups" 3 \
	"$(jq -r --argjson id "$dev_id" '.[] | select(.hierarchy_id == $id) | .nr_cgroups' "$SCRATCH/roots.json")"
check "devices hierarchy is not the default" \
	jq -e --argjson id "$dev_id" '.[] | select(.hierarchy_id == $id) | .default == false' "$SCRATCH/roots.json"

# the named hierarchy: its id is what /proc/self/cgroup says
named_id=$(awk -F: '$2 == "name=cgscope_test" { print $1 }' /proc/self/cgroup)
check "named hierarchy listed in /proc/self/cgroup" test -n "$named_id"
expect_eq "named hierarchy" "cgscope_test []" \
	"$(jq -r --argjson id "${named_id:-0}" '.[] | select(.hierarchy_id == $id) | "\(.name) \(.controllers)"' "$SCRATCH/roots.json")"

expect_eq "one default hierarchy, id 0" "0" \
	"$(jq -r '[.[] | select(.default)] | map(.hierarchy_id) | join(" ")' "$SCRATCH/roots.json")"
nr_v1=$(echo "$ids" | grep -vcx 0)
expect_eq "number of hierarchies" "$((nr_v1 + 2))" "$(jq length "$SCRATCH/roots.json")"
if [ -n "$two" ]; then
	check "cpu and cpuacct share a hierarchy" \
		jq -e '[.[] | select(.controllers | sort == ["cpu", "cpuacct"])] | length == 1' "$SCRATCH/roots.json"
fi
# the root cgroup id is the inode of the mount's root directory
expect_eq "devices root cgroup id" "$(stat -c %i "$SCRATCH/devices")" \
	"$(jq -r --argjson id "$dev_id" '.[] | select(.hierarchy_id == $id) | .root_cgroup_id' "$SCRATCH/roots.json")"
check "text lists the named hierarchy" grep -q cgscope_test "$SCRATCH/roots.txt"

# A v1 hierarchy with no cgroups left goes away at umount.  "No cgroups
# left" is the root's children list, which a removed cgroup leaves only when
# it is released (css_release_work_fn, after an RCU grace period): wait for
# num_cgroups to drop to 1 first, or cgroup_kill_sb() keeps the hierarchy
# (as it must, for the dying children).  The root itself is then freed
# asynchronously too.
rmdir "$SCRATCH/devices/a/b" "$SCRATCH/devices/a"
check "removed devices cgroups released" until_true 100 \
	bash -c "awk '\$1 == \"devices\" { exit \$3 != 1 }' /proc/cgroups"
umount "$SCRATCH/devices"
check "devices unbound" until_true 100 \
	bash -c "awk '\$1 == \"devices\" { exit \$2 != 0 }' /proc/cgroups"
check "hierarchy $dev_id gone" until_true 100 \
	bash -c "cgscope -j roots | jq -e --argjson id $dev_id 'map(select(.hierarchy_id == \$id)) | length == 0' >/dev/null"
finish
