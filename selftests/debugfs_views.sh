#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The debugfs views added beside the netlink family show what it shows,
# and what cgroupfs and /proc show:
#  - devices: every v1 device cgroup's default and rules (against
#    devices.list in default-deny mode, against the rules written in
#    default-allow mode, where devices.list hides them, and against
#    `cgscope -j devices`), and every v2 cgroup's device programs
#    (against bpftool and `cgscope -j devices`);
#  - namespaces: every namespace in use (against the links of
#    /proc/*/task/*/ns/* and `cgscope -j ns`), a new cgroup namespace's
#    root;
#  - dying: a removed memory cgroup kept by tmpfs pages (against
#    cgroup.stat and `cgscope -j dying`).
. "$(dirname "$0")/lib.sh"

load_module
D=/sys/kernel/debug/cgscope
BIN=$CGSCOPE_SELFTEST_BIN

# --- devices, v1 -------------------------------------------------------
V1=$SCRATCH/dev
if mount_v1 "$V1" devices; then
	make_cgroup "$V1/deny"
	echo a > "$V1/deny/devices.deny"
	echo 'c 1:3 rwm' > "$V1/deny/devices.allow"
	echo 'b 8:* r' > "$V1/deny/devices.allow"
	echo 'c 136:* rw' > "$V1/deny/devices.allow"
	make_cgroup "$V1/allow"
	echo 'c 10:229 w' > "$V1/allow/devices.deny"
	echo 'b *:* m' > "$V1/allow/devices.deny"
	cat $D/devices >"$SCRATCH/devices"

	# rules_of PATH: the rule lines under PATH's header, sorted
	rules_of() {
		awk -v p="$1" '/^[^ ]/ { on = ($1 == p) ; next } on' \
			"$SCRATCH/devices" | sed 's/^ *//' | sort
	}
	default_of() {
		awk -v p="$1" '$1 == p { print $NF }' "$SCRATCH/devices"
	}
	expect_eq "default deny shown" deny "$(default_of /deny)"
	expect_eq "default allow shown" allow "$(default_of /allow)"
	expect_eq "default-deny rules = devices.list" \
		"$(sed 's/^/allow /' "$V1/deny/devices.list" | sort)" \
		"$(rules_of /deny)"
	expect_eq "default-allow: devices.list shows only a *:* rwm" \
		"a *:* rwm" "$(cat "$V1/allow/devices.list")"
	expect_eq "default-allow: the hidden deny rules, as written" \
		"$(printf '%s\n' 'deny b *:* m' 'deny c 10:229 w' | sort)" \
		"$(rules_of /allow)"
	for cg in deny allow; do
		expect_eq "/$cg: the rules netlink sends" \
			"$(cgscope -j devices "$V1/$cg" |
			   jq -r '.exceptions[] | "\(.type) \(.major):\(.minor) \(.access)"' |
			   sed 's/-1/*/g' | sort)" \
			"$(rules_of /$cg | cut -d' ' -f2-)"
	done
else
	log "no v1 devices controller: v1 part not checked"
	check "debugfs says there is no v1 devices hierarchy" \
		sh -c "! grep -q 'v1 devices' $D/devices"
fi

# --- devices, v2 -------------------------------------------------------
S=$CG2/cgscope-dbgfs
make_cgroup $S
make_cgroup $S/child
if p1=$("$BIN/devcg_bpf" $S c 1 11 w); then
	cat $D/devices >"$SCRATCH/devices"
	progs_of() {	# the program ids debugfs lists under PATH
		awk -v p="$1" '/^[^ ]/ { on = ($1 == p); next }
			       on && $1 == "prog" { print $2 }' \
			"$SCRATCH/devices" | sort
	}
	expect_eq "program on the parent" "$p1" "$(progs_of /cgscope-dbgfs)"
	expect_eq "inherited by the child" "$p1" "$(progs_of /cgscope-dbgfs/child)"
	check "child's program says inherited from the parent" \
		grep -q "prog $p1 name deny_c1_11 inherited from id=$(stat -c %i $S)" \
		"$SCRATCH/devices"
	expect_eq "bpftool sees the same program on the parent" "$p1" \
		"$(bpftool -j cgroup show $S | jq -r '.[] | select(.attach_type == "cgroup_device") | .id')"
	expect_eq "netlink sends the same programs for the child" "$p1" \
		"$(cgscope -j devices $S/child | jq -r '.bpf_programs[].id')"
	# every v2 cgroup debugfs lists has programs, per netlink
	for p in $(awk '/^\// { print $1 }' "$SCRATCH/devices" | grep -v '^/cgscope-dbgfs\|^/$' ); do
		[ -d "$CG2$p" ] || continue
		check "$p: netlink has programs too" \
			test "$(cgscope -j devices "$CG2$p" | jq '.bpf_programs | length')" -gt 0
	done
else
	log "cannot attach a device program: v2 part not checked"
fi

# --- namespaces --------------------------------------------------------
unshare -C sleep 1000 &
ns_pid=$!
on_exit "kill $ns_pid 2>/dev/null"
for _ in $(seq 50); do
	[ "$(readlink /proc/$ns_pid/ns/cgroup)" != "$(readlink /proc/self/ns/cgroup)" ] && break
	sleep 0.1
done
cgns=$(readlink /proc/$ns_pid/ns/cgroup)
check "a new cgroup namespace" test "$cgns" != "$(readlink /proc/self/ns/cgroup)"
# A quiet guest: nothing else makes namespaces while we read, so the set
# of namespaces in use stays the same across the three reads.
# (one readlink for all the links: one each cost 45 s under TCG; a task
# that exits meanwhile is only an error on stderr)
proc_ns() {
	readlink /proc/[0-9]*/task/[0-9]*/ns/* 2>/dev/null |
		sed 's/_for_children//' | sort -u
}
from_proc=$(proc_ns)
from_debugfs=$(awk '/^[a-z]+:\[/ { print $1 }' $D/namespaces | sort -u)
from_nl=$(cgscope -j ns list | jq -r '.[] | "\(.type):[\(.inode)]"' | sort -u)
expect_eq "namespaces: debugfs = /proc/*/task/*/ns" "$from_proc" "$from_debugfs"
expect_eq "namespaces: debugfs = netlink" "$from_nl" "$from_debugfs"
check "the new cgroup namespace has one process" \
	grep -q "^${cgns//[/\\[} procs=1 threads=1 pid=$ns_pid" $D/namespaces
check "its root on v2 is where the task was" \
	sh -c "grep -A$(cgscope roots | wc -l) -F '$cgns' $D/namespaces | grep -q '^  root 0:$(cut -d: -f3 /proc/$ns_pid/cgroup | head -n1)\$'"

# --- dying -------------------------------------------------------------
. "$(dirname "$0")/memcg_lib.sh"
if grep -qw memory $CG2/cgroup.controllers &&
   echo +memory > $CG2/cgroup.subtree_control 2>/dev/null; then
	P=$CG2/cgscope-dbgfs-dying
	make_cgroup $P
	echo +memory > $P/cgroup.subtree_control
	shm=$SCRATCH/shm
	mkdir -p $shm
	mount -t tmpfs cgscope-dbgfs $shm && on_exit "umount $shm"
	mkdir $P/kept
	sh -c 'echo $$ > "$1/cgroup.procs" && dd if=/dev/zero of="$2/f" bs=1M count=4 2>/dev/null' \
		sh $P/kept $shm
	css_id=$(cgscope -j memcg $P/kept | jq .css_id)
	rmdir $P/kept
	on_exit "rm -f $shm/f"
	grep -q "^memory css=$css_id offline 0:/cgscope-dbgfs-dying/kept id=[0-9]* removed .*charged=[0-9]" $D/dying ||
		sleep 1	# offlining is asynchronous
	check "dying: the memory css kept by tmpfs pages" \
		grep -q "^memory css=$css_id offline 0:/cgscope-dbgfs-dying/kept id=[0-9]* removed .*charged=[0-9]" $D/dying
	dying_ours() { grep -c " 0:/cgscope-dbgfs-dying/" $D/dying; }
	stat_of() { awk -v k="$1" '$1 == k { print $2 }' $P/cgroup.stat; }
	expect_eq "dying: removed cgroups = nr_dying_descendants" \
		"$(stat_of nr_dying_descendants)" \
		"$(grep '^cgroup ' $D/dying | grep -c ' 0:/cgscope-dbgfs-dying/')"
	expect_eq "dying: debugfs = netlink, entry for entry" \
		"$(cgscope -j dying | jq -r '.[] | select(.path | startswith("/cgscope-dbgfs-dying/")) | .controller' | sort)" \
		"$(grep ' 0:/cgscope-dbgfs-dying/' $D/dying | cut -d' ' -f1 | sort)"
	check "dying: at least the cgroup and its memory css" test "$(dying_ours)" -ge 2
else
	log "no v2 memory controller: dying part not checked"
fi

finish
