#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Seed 001 by hand, checked by cgscope: a Docker container's device
# allow-list denies writing /dev/kmsg (c 1:11); cgscope names the cgroup and
# says no exception matched so the default (deny) applied.  Moving the
# process to the parent cgroup lifts the denial, and cgscope agrees.
. "$(dirname "$0")/lib.sh"

load_module
V1=$SCRATCH/dev
mount_v1 "$V1" devices || skip "no v1 devices controller"
id=a4557c514ddc
make_cgroup "$V1/docker"
make_cgroup "$V1/docker/$id"
ct=$V1/docker/$id
echo a > "$ct/devices.deny"
for rule in 'c *:* m' 'b *:* m' 'c 5:1 rwm' 'c 4:0 rwm' 'c 4:1 rwm' \
	    'c 136:* rwm' 'c 5:2 rwm' 'c 10:200 rwm' 'c 1:3 rwm' 'c 1:5 rwm' \
	    'c 1:7 rwm' 'c 5:0 rwm' 'c 1:9 rwm' 'c 1:8 rwm'; do
	echo "$rule" > "$ct/devices.allow"
done
expect_eq "devices list as in the seed" 14 "$(wc -l < "$ct/devices.list")"

spawn_in "$ct" sleep 1000
pid=$spawned
# what the kernel does: writing /dev/kmsg from inside is denied
writes_kmsg() {	# writes_kmsg CGROUP_PROCS
	sh -c 'echo $$ > "$1" && exec sh -c "echo cgscope-seed001 > /dev/kmsg"' sh "$1" 2>/dev/null
}
check_not "the kernel denies /dev/kmsg in the container" writes_kmsg "$ct/cgroup.procs"

out=$(cgscope check --pid "$pid" /dev/kmsg w)
expect_eq "check exit status: denied" 1 "$?"
log "$out"
cgscope -j check --pid "$pid" c 1:11 w >"$SCRATCH/c.json"
expect_eq "denied" false "$(jq .allowed "$SCRATCH/c.json")"
expect_eq "by the v1 layer" v1 "$(jq -r .layer "$SCRATCH/c.json")"
expect_eq "because of the default" "default deny" "$(jq -r .rule "$SCRATCH/c.json")"
expect_eq "in the container's cgroup" "/docker/$id" "$(jq -r .cgroup.path "$SCRATCH/c.json")"
check "text names the cgroup" grep -q "/docker/$id" <<<"$out"

# allowed devices say which exception allowed them
cgscope -j check --pid "$pid" c 1:3 rw >"$SCRATCH/null.json"
expect_eq "/dev/null allowed" true "$(jq .allowed "$SCRATCH/null.json")"
expect_eq "by its exception" "c 1:3 rwm" "$(jq -r .rule "$SCRATCH/null.json")"
check "/dev/null opens in the container" \
	sh -c "echo \$\$ > $ct/cgroup.procs && exec sh -c 'echo x > /dev/null'"

# the seed's fix: move the shell out to the parent
echo "$pid" > "$V1/docker/cgroup.procs"
cgscope -j check --pid "$pid" /dev/kmsg w >"$SCRATCH/c2.json"
expect_eq "allowed after the move" true "$(jq .allowed "$SCRATCH/c2.json")"
expect_eq "and the cgroup is the parent" /docker "$(jq -r .cgroup.path "$SCRATCH/c2.json")"
check "the kernel allows it in the parent" writes_kmsg "$V1/docker/cgroup.procs"

# errors
for bad in "c 1:3" "x 1:3 r" "c 1 r" "c 1:3 q" "c 1:3 rr" "/tmp r" "c a:b r"; do
	# shellcheck disable=SC2086
	out=$(cgscope check --pid "$pid" $bad 2>&1)
	expect_eq "check $bad: exit status" 2 "$?"
done
out=$(cgscope check --pid 999999 c 1:3 r 2>&1)
expect_eq "check on a missing pid" 2 "$?"
finish
