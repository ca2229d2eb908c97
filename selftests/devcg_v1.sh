#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel is the oracle: for random v1 device rule sets (deny-all then
# allow lists, allow-all then deny lists, wildcards, partial access, nested
# cgroups built the way the kernel permits), `cgscope check` must agree
# with what happens when a process in that cgroup really open()s or
# mknod()s a node with those numbers.  `cgscope devices` must show the
# exceptions devices.list shows (all of them, in default-deny mode) and the
# ones it hides (default-allow mode).
. "$(dirname "$0")/lib.sh"

load_module
PROBE=$CGSCOPE_SELFTEST_BIN/devcg_probe
ROUNDS=${DEVCG_ROUNDS:-24}
QUERIES=${DEVCG_QUERIES:-24}
SEED=${DEVCG_SEED:-$RANDOM}
RANDOM=$SEED
log "seed $SEED ($ROUNDS rule sets x $QUERIES queries)"

V1=$SCRATCH/dev
mount_v1 "$V1" devices || skip "no v1 devices controller"
NODES=$SCRATCH/nodes
mkdir -p "$NODES"

majors=(1 4 5 7 10 136 250)
minors=(0 1 3 5 8 9 11)
# The generators set REPLY and run in this shell: no subshell per value
# (a fork costs tens of ms under TCG, and bash reseeds RANDOM in each
# subshell, which made DEVCG_SEED reproduce nothing).
pick() { local -n a=$1; REPLY=${a[RANDOM % ${#a[@]}]}; }
rand_access() {
	local s=""
	while [ -z "$s" ]; do
		((RANDOM % 2)) && s+=r
		((RANDOM % 2)) && s+=w
		((RANDOM % 2)) && s+=m
	done
	REPLY=$s
}
rand_rule() {
	local t maj='*' min='*'
	case $((RANDOM % 8)) in
	0) REPLY=a; return ;;
	1|2|3) t=c ;; 4|5) t=b ;; *) t=c ;;
	esac
	((RANDOM % 5)) && { pick majors; maj=$REPLY; }
	((RANDOM % 4)) && { pick minors; min=$REPLY; }
	rand_access
	REPLY="$t $maj:$min $REPLY"
}

# Write N random rules to FILE (devices.allow or devices.deny); rules the
# kernel refuses (say, more than the parent allows) are simply not there.
fill_rules() {
	local file=$1 n=$2 i
	for ((i = 0; i < n; i++)); do
		rand_rule
		echo "$REPLY" > "$file" 2>/dev/null
	done
	return 0
}

agree=0
disagree=0
devices_ok=0
for r in $(seq "$ROUNDS"); do
	top=$V1/r$r
	make_cgroup "$top"
	if ((RANDOM % 2)); then
		mode=deny
		echo a > "$top/devices.deny"
		fill_rules "$top/devices.allow" $((1 + RANDOM % 8))
	else
		mode=allow
		fill_rules "$top/devices.deny" $((1 + RANDOM % 8))
	fi
	cg=$top
	# sometimes a child, which the kernel lets only narrow its parent
	if ((RANDOM % 2)); then
		cg=$top/child
		make_cgroup "$cg"
		if [ "$mode" = allow ] && ((RANDOM % 2)); then
			mode=deny
			echo a > "$cg/devices.deny"
			fill_rules "$cg/devices.allow" $((RANDOM % 6))
		else
			fill_rules "$cg/devices.deny" $((RANDOM % 4))
		fi
	fi

	# What devices.list shows is what cgscope shows, rendered the way
	# devices.list renders it: in allow mode the kernel prints only
	# "a *:* rwm" (and hides the deny exceptions), in deny mode every
	# exception.  The kernel's file is the source of truth either way, so
	# cgscope getting the behaviour wrong shows here.
	json=$(cgscope -j devices "$cg")
	want=$(cat "$cg/devices.list")
	got=$(jq -r 'if .behavior == "allow" then "a *:* rwm" else
		.exceptions[] | "\(.type) \(if .major < 0 then "*" else .major end):\(if .minor < 0 then "*" else .minor end) \(.access)"
		end' <<<"$json")
	if expect_eq "round $r: devices equals devices.list" "$want" "$got"; then
		devices_ok=$((devices_ok + 1))
	fi

	# queries: the kernel's answer against cgscope's
	accs=(r w rw m)
	for ((i = 0; i < QUERIES; i++)); do
		t=c
		((RANDOM % 4)) || t=b
		pick majors
		maj=$REPLY
		pick minors
		echo "$t $maj $REPLY ${accs[RANDOM % 4]}"
	done >"$SCRATCH/q"
	procs=$cg/cgroup.procs
	"$PROBE" "$NODES" "$procs" <"$SCRATCH/q" >"$SCRATCH/kernel" ||
		{ check "probe ran" false; continue; }
	mapfile -t verdicts <"$SCRATCH/kernel"
	i=0
	while read -r t maj min a; do
		kernel=${verdicts[i]:-}
		i=$((i + 1))
		cgscope check --cgroup "$cg" "$t" "$maj:$min" "$a" >"$SCRATCH/why"
		case $? in 0) mine=allowed ;; 1) mine=denied ;; *) mine="error $?" ;; esac
		if [ "$mine" = "$kernel" ]; then
			agree=$((agree + 1))
		else
			disagree=$((disagree + 1))
			log "round $r ($mode) $cg: $t $maj:$min $a: kernel $kernel, cgscope $mine: $(cat "$SCRATCH/why")"
			log "  rules: $(jq -c '[.behavior, .exceptions]' <<<"$json")"
		fi
	done <"$SCRATCH/q"
done
log "cgscope check agreed with the kernel $agree times, disagreed $disagree times"
log "devices matched devices.list in $devices_ok of $ROUNDS rule sets"
expect_eq "disagreements with the kernel" 0 "$disagree"
check "queries were made" test "$agree" -ge $((ROUNDS * QUERIES))

# default-allow mode: devices.list hides the deny exceptions, cgscope not
make_cgroup "$V1/hidden"
echo 'c 1:3 rw' > "$V1/hidden/devices.deny"
expect_eq "devices.list in allow mode" "a *:* rwm" "$(cat "$V1/hidden/devices.list")"
expect_eq "cgscope shows the hidden exception" "allow c 1 3 rw" \
	"$(cgscope -j devices "$V1/hidden" | jq -r '"\(.behavior) \(.exceptions[0].type) \(.exceptions[0].major) \(.exceptions[0].minor) \(.exceptions[0].access)"')"
check "text shows it" bash -c "cgscope devices $V1/hidden | grep -q 'c 1:3 rw'"
finish
