#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The device-program part of `make bench` (issue #15), run in a scripts/vm
# guest with the module loaded: programs made by the real runc for
# Docker's default device list and for lists of 50, 100 and 200 rules
# (char devices 200+i:i, rwm), each read back by bench/devdecode (the
# decoder alone, median of REPS) and by `cgscope devices` (the whole
# command: netlink, bpf(2), decoding, printing); then `cgscope access`
# over this guest's /dev and /sys/dev from the Docker-list container.
# Targets: the 200-rule program decodes in under 50 ms; the decoder's
# cost grows no faster than the regions it finds (ns per region at 200
# rules <= 2x at 50), itself far slower than the cells the program's
# comparisons make (the table shows both).  Prints a table, then one line
# "CGSCOPE-BENCH-DEVPROG-JSON {...}" for scripts/bench.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
B=${CGSCOPE_BENCH_BIN:-$top/build/bench}
REPS=${DEVPROG_REPS:-11}
CMD_REPS=${DEVPROG_CMD_REPS:-5}
T=$(mktemp -d /tmp/cgscope-devprog.XXXXXX)
names=()

cleanup() {
	local n
	for n in "${names[@]}"; do
		runc delete -f "$n" >/dev/null 2>&1 || true
	done
	rmdir /sys/fs/cgroup/cgscope-bench-dev/* /sys/fs/cgroup/cgscope-bench-dev 2>/dev/null || true
	rm -rf "$T"
}
trap cleanup EXIT
die() { echo "devprog bench: $*" >&2; exit 1; }

command -v runc >/dev/null || die "runc is not installed (make deps)"
[ -x "$B/devdecode" ] || die "$B/devdecode is missing (make -C bench)"
[ -d /sys/module/cgscope ] || die "the module is not loaded"

mkdir -p "$T/rootfs/usr"
ln -s usr/bin usr/sbin usr/lib usr/lib64 "$T/rootfs"
(cd "$T" && runc spec)
base=$(jq --arg root "$T/rootfs" '.root.path = $root
	| .process.terminal = false | .process.args = ["/bin/sleep", "1000"]
	| .mounts += [{destination: "/usr", type: "bind", source: "/usr",
		       options: ["rbind", "ro"]}]' "$T/config.json")

# container NAME DEVICES_JSON: started, its cgroup in $cg, pid in $pid
container() {
	mkdir -p "$T/$1"
	jq --arg cg "/cgscope-bench-dev/$1" --argjson dev "$2" \
		'.linux.cgroupsPath = $cg | .linux.resources.devices = $dev' \
		<<<"$base" >"$T/$1/config.json"
	names+=("$1")
	runc run -d --pid-file "$T/$1.pid" --bundle "$T/$1" "$1" </dev/null ||
		die "runc run $1 failed"
	cg=/sys/fs/cgroup/cgscope-bench-dev/$1
	pid=$(<"$T/$1.pid")
}

# median of the wall time in ns of CMD_REPS runs of a command
wall_ns() {
	local i t0 t1
	for ((i = 0; i < CMD_REPS; i++)); do
		t0=$EPOCHREALTIME
		"$@" >/dev/null
		t1=$EPOCHREALTIME
		awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f\n", (b - a) * 1e9 }'
	done | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
kv() { tr ' ' '\n' | awk -F= -v k="$1" '$1 == k { print $2 }'; }
ms() { awk -v v="$1" 'BEGIN { printf "%.1f", v / 1e6 }'; }

docker='[{"allow": false, "access": "rwm"},
	{"allow": true, "type": "c", "major": 1, "minor": 5, "access": "rwm"},
	{"allow": true, "type": "c", "major": 1, "minor": 3, "access": "rwm"},
	{"allow": true, "type": "c", "major": 1, "minor": 9, "access": "rwm"},
	{"allow": true, "type": "c", "major": 1, "minor": 8, "access": "rwm"},
	{"allow": true, "type": "c", "major": 5, "minor": 0, "access": "rwm"},
	{"allow": true, "type": "c", "major": 5, "minor": 1, "access": "rwm"},
	{"allow": false, "type": "c", "major": 10, "minor": 229, "access": "rwm"}]'
rows=()
for n in docker 50 100 200; do
	if [ "$n" = docker ]; then
		dev=$docker
	else
		dev=$(jq -cn --argjson n "$n" '[{allow: false, access: "rwm"}] +
			[range($n) | {allow: true, type: "c", major: (200 + .),
				      minor: ., access: "rwm"}]')
	fi
	container "rules-$n" "$dev"
	id=$(cgscope -j devices "$cg" | jq '.bpf_programs[0].id')
	line=$("$B/devdecode" "$id" "$REPS")
	cmd=$(wall_ns cgscope devices "$cg")
	rules=$(kv rules <<<"$line")
	[ "$(kv exact <<<"$line")" = 1 ] || die "program $id ($n) is not exact"
	rows+=("$n $line cmd_ns=$cmd")
	if [ "$n" = docker ]; then
		acc=$(wall_ns cgscope access --pid "$pid")
		nacc=$(cgscope -j access --pid "$pid" | jq length)
	fi
	[ "$n" = docker ] || [ "$rules" -ge "$n" ] ||
		die "the $n-rule program decoded to $rules rules"
done

printf '\n6. Device programs made by runc, read back as rules (bench/devprog.sh)\n'
printf '   %-7s %6s %7s %9s %6s %9s %12s %12s\n' rules insns regions cells rules \
	"load ms" "decode ms" "devices ms"
json_rows=()
for r in "${rows[@]}"; do
	set -- $r
	n=$1
	shift
	l="$*"
	printf '   %-7s %6s %7s %9s %6s %9s %12s %12s\n' "$n" "$(kv insns <<<"$l")" \
		"$(kv regions <<<"$l")" "$(kv cells <<<"$l")" "$(kv rules <<<"$l")" \
		"$(ms "$(kv load_ns <<<"$l")")" "$(ms "$(kv decode_ns_median <<<"$l")")" \
		"$(ms "$(kv cmd_ns <<<"$l")")"
	json_rows+=("$(jq -cn --arg n "$n" --arg l "$l" '$l | split(" ")
		| map(split("=") | {(.[0]): (.[1] | tonumber)}) | add
		| {rules_told: $n} + .')")
done
at() { printf '%s\n' "${rows[@]}" | awk -v n="$1" '$1 == n' | kv "$2"; }
d200=$(at 200 decode_ns_median)
per50=$(awk -v a="$(at 50 decode_ns_median)" -v b="$(at 50 regions)" 'BEGIN { print a / b }')
per200=$(awk -v a="$d200" -v b="$(at 200 regions)" 'BEGIN { print a / b }')
growth=$(awk -v a="$per200" -v b="$per50" 'BEGIN { printf "%.2f", a / b }')
v1=$(awk -v v="$d200" 'BEGIN { print (v < 50e6 ? "met" : "MISSED") }')
v2=$(awk -v v="$growth" 'BEGIN { print (v <= 2 ? "met" : "MISSED") }')
cat <<EOT
   cgscope access --pid (Docker list), $nacc devices x r, w, m: $(ms "$acc") ms
   target: 200-rule program decodes in < 50 ms: $(ms "$d200") ms  $v1
   target: decode cost per region at 200 rules <= 2x at 50: ${growth}x  $v2
EOT
json=$(jq -cn --argjson rows "$(printf '%s\n' "${json_rows[@]}" | jq -cs .)" \
	--argjson acc "$acc" --argjson nacc "$nacc" --argjson d200 "$d200" \
	--argjson growth "$growth" --arg v1 "$v1" --arg v2 "$v2" \
	'{programs: $rows, access: {devices: $nacc, median_ns: $acc},
	  targets: {decode_200_rules_ns: {value: $d200, target: "< 50000000", verdict: $v1},
		    decode_ns_per_region_growth: {value: $growth, target: "<= 2", verdict: $v2}}}')
echo "CGSCOPE-BENCH-DEVPROG-JSON $json"
