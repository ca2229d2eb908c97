#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Device programs in the shapes of systemd, libnvidia-container (its block
# before a runc program), two map-based generators (Documentation/
# devprog.rst's and libvirt's), runc and crun (issue #15), built by
# devcg_shapes from a seed and attached to a fresh v2 cgroup each.  The kernel is the oracle: a process in the cgroup really
# open()s (r, w, rw) and mknod()s random devices (devcg_probe), among them
# devices that exist (null, zero, full, random, urandom, tty, ptmx,
# loop-control, tun, loop devices) so that opens succeed, and numbers from
# nowhere for mknod.  Every verdict must equal
#  (a) `cgscope check --cgroup CG TYPE MAJ:MIN ACCESS` (exit 0 allowed,
#      1 denied), or every other time `--pid PID` of a task in CG, and
#  (b) the verdict of the rules the program was built from, as
#      devcg_shapes prints them (first match in the order printed, else
#      the default; a rule matches when type (unless a), major and minor
#      (unless -1) are equal and the access asked for is a subset of its
#      access), computed by rt_verdicts (runtime_lib.sh).
# What the printed list means per shape (see devcg_shapes.c):
#  - runc: rules in program order, all of the verdict opposite the
#    default, one per (type, major, minor): order does not matter.
#  - crun: the configured rules from the last to the first (the last
#    configured match wins), both verdicts, typeless ones; a leading
#    catch-all (a *:* rwm) is the default, else default deny.
#  - systemd: allow rules only, default deny: any rule granting all of the
#    access allows.
#  - nvidia: libnvidia-container's allow rules first (its list from the
#    end), then the runc program's rules and its default.
#  - map: the map's exact entries first, each "allow" with its access (or
#    "deny rwm" for an entry of no access), followed by "deny rwm" when
#    the minor ~0 entry of the same type and major would allow more (the
#    exact entry, once found, decides alone); then the ~0 entries (any
#    minor); default deny.
#  - libvirt: allow rules only (type a where the entry's value has both
#    type bits), in the order of its lookups, default deny: the first
#    entry that grants all of the request allows, any of them.
#
# CGSCOPE_SHAPES_SEEDS and CGSCOPE_SHAPES_QUERIES (per program) set the
# size: by default seeds 1 2 (crun: catch-all deny, or none) and 5 (crun:
# catch-all allow, typeless rules, denies after an allow), 29 queries a
# program, 522 in all.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runtime_lib.sh"

SHAPES=(systemd nvidia map libvirt runc crun)
# the generator cgscope must name for each
declare -A GEN=([systemd]=systemd [nvidia]=libnvidia-container [map]=map-based
	[libvirt]=libvirt [runc]=runc [crun]=crun)
read -ra SEEDS <<<"${CGSCOPE_SHAPES_SEEDS:-1 2 5}"
NQ=${CGSCOPE_SHAPES_QUERIES:-29}

command -v jq >/dev/null || skip "jq is not installed"
for b in devcg_shapes devcg_probe; do
	[ -x "$RT_BIN/$b" ] || skip "no $RT_BIN/$b (make selftests)"
done
grep -qw cgroup2 /proc/mounts || skip "no cgroup v2"
load_module

BASE=$CG2/cgscope-shapes
mkdir "$BASE" || exit "$KSFT_FAIL"
on_exit "find '$BASE' -depth -type d -exec rmdir {} +"

# Devices that exist here, to open: "TYPE MAJOR MINOR" (the loop module
# loaded for b 7:0 and loop-control)
[ -e /sys/dev/block/7:0 ] || modprobe loop 2>/dev/null
EXIST=()
for d in c:1:3 c:1:5 c:1:7 c:1:8 c:1:9 c:5:0 c:5:2 c:10:237 c:10:200 b:7:0 b:7:1; do
	IFS=: read -r t maj min <<<"$d"
	[ "$t" = c ] && sys=char || sys=block
	[ -e "/sys/dev/$sys/$maj:$min" ] && EXIST+=("$t $maj $min")
done
log "devices that exist, opened among the queries: ${EXIST[*]/%/,}"
check "some devices to open exist" test ${#EXIST[@]} -ge 5

# queries NAME RULES_JSON: $NQ query lines for the program whose rules
# (one JSON object a line, without the default) are RULES_JSON, drawn
# with bash's RANDOM (seeded by the caller): a quarter opens or mknods of
# devices that exist, a quarter mknods (some opens) of any numbers, half
# from the boundaries of the rules (rt_queries: each rule's numbers with
# every access and both types, the numbers beside them, and fixed probes
# around the runtimes' defaults).  Never device 0:0 (see zero()).
queries() {
	local rules=$2 i t a l
	local -a pool=() accs=(r w rw m)
	while IFS= read -r l; do
		[[ $l == ?" 0 0 "* ]] || pool+=("$l")
	done < <(rt_queries "[${rules//$'\n'/,}]")
	for ((i = 0; i < NQ; i++)); do
		case $((RANDOM % 4)) in
		0)
			a=${accs[RANDOM % 4]}
			echo "${EXIST[RANDOM % ${#EXIST[@]}]} $a"
			;;
		1)
			t=c
			((RANDOM % 3)) || t=b
			a=m
			((RANDOM % 4)) || a=${accs[RANDOM % 3]}
			echo "$t $((RANDOM % 4095 + 1)) $(((RANDOM << 5 | RANDOM & 31) % 1048576)) $a"
			;;
		*)
			echo "${pool[RANDOM % ${#pool[@]}]}"
			;;
		esac
	done
}

# Device 0:0 is not asked about.  The kernel's inode hooks
# (include/linux/device_cgroup.h) skip the device cgroup for an open of a
# node whose rdev is 0 and for a mknod of c 0:0 (overlayfs' whiteout),
# whatever the programs say; cgscope check asks the programs, and the
# rules do not know it either.  These two queries end every probe: the
# kernel must let them through, the rules' verdicts are only counted.
ZERO=("c 0 0 rw" "c 0 0 m")
zero_denied=0

total=0
denied=0
opened=0
mknods=0
existing=0
succeeded=0
# one SHAPE SEED RANDOM_SEED: attach a program, probe, compare
one() {
	local shape=$1 seed=$2 name=$1-$2 cg=$BASE/$1-$2 out id l
	local i n rc verdict t maj min a d=0 ex=0 m=0 ok=0
	local -a lines rules qs kern errs model target by
	mkdir "$cg" || { check "$name: cgroup" false; return; }
	if ! out=$("$RT_BIN/devcg_shapes" "$cg" "$shape" "$seed"); then
		check "$name: devcg_shapes loads and attaches" false
		rmdir "$cg"
		return
	fi
	mapfile -t lines <<<"$out"
	id=${lines[0]}
	lines=("${lines[@]:1}")
	printf '%s\n' "${lines[@]}" >"$RT_DIR/$name.rules"
	log "$name: program $id, rules in order, then the default:"
	printf '  %s\n' "${lines[@]}"
	rules=("${lines[@]:0:${#lines[@]}-1}")
	[[ ${lines[-1]} =~ ^\{\"default\":(true|false)\}$ ]]
	check "$name: the default on the last line" test $? -eq 0
	check "$name: no default before it" \
		test "${rules[*]}" = "${rules[*]//\{\"default\"/}"
	if command -v bpftool >/dev/null; then
		check "$name: program $id attached to the cgroup, multi" \
			grep -Eq "^${id}[[:space:]]+cgroup_device[[:space:]]+multi" \
			< <(bpftool cgroup show "$cg" 2>&1)
	fi

	RANDOM=$3
	{
		queries "$name" "$(printf '%s\n' "${rules[@]}")"
		printf '%s\n' "${ZERO[@]}"
	} >"$RT_DIR/$name.q"
	# the kernel: verdict and errno (0: opened, or made) a line
	"$RT_BIN/devcg_probe" -e "$RT_DIR/nodes" "$cg/cgroup.procs" \
		<"$RT_DIR/$name.q" >"$RT_DIR/$name.kernel"
	rt_verdicts "$RT_DIR/$name.rules" <"$RT_DIR/$name.q" >"$RT_DIR/$name.model"
	mapfile -t qs <"$RT_DIR/$name.q"
	mapfile -t kern <"$RT_DIR/$name.kernel"
	mapfile -t model <"$RT_DIR/$name.model"
	errs=("${kern[@]#* }")
	kern=("${kern[@]%% *}")
	expect_eq "$name: the kernel answered every query" "${#qs[@]}" "${#kern[@]}"
	expect_eq "$name: the rules answered every query" "${#qs[@]}" "${#model[@]}"
	# cgscope's rules read back from the program: exact, the generator,
	# and the same verdict as the intended rules on every query
	if cgscope -j devices "$cg" >"$RT_DIR/$name.devices.json"; then
		jq -c '.bpf_programs[0]' <"$RT_DIR/$name.devices.json" >"$RT_DIR/$name.own.json"
		expect_eq "$name: cgscope reads it back exact, generator" \
			"true ${GEN[$shape]}" \
			"$(jq -r '"\(.exact) \(.generator)"' <"$RT_DIR/$name.own.json")"
		jq -c "$RT_JQ_DECODED" <"$RT_DIR/$name.own.json" | jq -c 'del(.split)' \
			>"$RT_DIR/$name.decoded"
		rt_verdicts "$RT_DIR/$name.decoded" <"$RT_DIR/$name.q" >"$RT_DIR/$name.model.decoded"
		check "$name: cgscope's rules decide every query as the intended ones" \
			cmp -s "$RT_DIR/$name.model" "$RT_DIR/$name.model.decoded"
		log "$name: cgscope reads back: $(jq -c '[.default, [.rules[] | "\(if .allow then "allow" else "deny" end) \(.type) \(.major):\(.minor) \(.access)"]]' <"$RT_DIR/$name.own.json")"
	else
		check "$name: cgscope -j devices" false
	fi
	# check asks of the cgroup, and (every other query, cheaper) of a
	# task in it
	spawn_in "$cg" sleep 1000
	target=(--pid "$spawned")
	n=$((${#qs[@]} - ${#ZERO[@]}))
	for ((i = 0; i < n; i++)); do
		read -r t maj min a <<<"${qs[i]}"
		((i % 2)) && by=("${target[@]}") || by=(--cgroup "$cg")
		cgscope check "${by[@]}" "$t" "$maj:$min" "$a" >/dev/null 2>"$RT_DIR/check.err"
		rc=$?
		case $rc in
		0) verdict=allowed ;;
		1) verdict=denied ;;
		*) verdict="error $rc: $(<"$RT_DIR/check.err")" ;;
		esac
		expect_eq "$name: ${qs[i]}: cgscope check ${by[0]}" "${kern[i]:-}" "$verdict"
		expect_eq "$name: ${qs[i]}: the rules" "${kern[i]:-}" "${model[i]:-}"
		[ "${kern[i]:-}" = denied ] && d=$((d + 1))
		[ "$a" = m ] && m=$((m + 1))
		[[ " ${EXIST[*]/%/,} " == *" $t $maj $min,"* ]] && ex=$((ex + 1))
		[ "$a" != m ] && [ "${errs[i]:-}" = 0 ] && ok=$((ok + 1))
	done
	kill -9 "$spawned"
	wait "$spawned" 2>/dev/null
	for ((; i < ${#qs[@]}; i++)); do
		expect_eq "$name: ${qs[i]}: never asked about" allowed "${kern[i]:-}"
		[ "${model[i]:-}" = denied ] && zero_denied=$((zero_denied + 1))
	done
	log "$name: $n queries ($m mknod, $((n - m)) open of which $ok opened a device, $ex of devices that exist), $d denied by the kernel"
	total=$((total + n))
	succeeded=$((succeeded + ok))
	denied=$((denied + d))
	mknods=$((mknods + m))
	opened=$((opened + n - m))
	existing=$((existing + ex))
	rmdir "$cg" || check "$name: cgroup removed" false
}

for seed in "${SEEDS[@]}"; do
	for i in "${!SHAPES[@]}"; do
		one "${SHAPES[i]}" "$seed" $((seed * 8 + i))
	done
done
# the format of rt_expected_rules: the lines as jq -c prints them
cat "$RT_DIR"/*.rules >"$RT_DIR/all.rules"
expect_eq "rule lines as jq -c prints them" \
	"$(<"$RT_DIR/all.rules")" "$(jq -c . "$RT_DIR/all.rules")"
log "$total queries: $opened open ($succeeded of them opened a device), $mknods mknod, $existing of devices that exist; $denied denied by the kernel"
log "c 0:0 open and mknod let through $((2 * ${#SEEDS[@]} * ${#SHAPES[@]})) times, $zero_denied of them where the rules deny"
check "at least 500 queries" test "$total" -ge 500

# A program no rule list can say (a helper decides): cgscope reports it
# partial, with the reason and the instruction, never with rules; check
# still gives the kernel's verdict and says why it names no rule.
cg=$BASE/helper
mkdir "$cg"
if id=$("$RT_BIN/devcg_shapes" "$cg" helper 1 | head -n 1); then
	cgscope -j devices "$cg" >"$RT_DIR/helper.json"
	expect_eq "helper: partial, no rules, no default" "$id false null null" \
		"$(jq -r '.bpf_programs[0] | "\(.id) \(.exact) \(.rules) \(.default)"' "$RT_DIR/helper.json")"
	check "helper: the reason names the helper call and its instruction" \
		jq -e '.bpf_programs[0] | (.partial_reason | test("call|helper"))
			and .partial_insn == 0' "$RT_DIR/helper.json" >/dev/null
	check "helper: the policy is unknown, and says so" \
		jq -e '.policy.exact == false and .policy.rules == null
			and (.policy.reason | length) > 0' "$RT_DIR/helper.json" >/dev/null
	log "helper: $(cgscope devices "$cg" | grep -m1 partial)"
	spawn_in "$cg" sleep 1000
	check "helper: uid 0 may open c 1:11 (kernel)" \
		test "$(echo "c 1 11 r" | "$RT_BIN/devcg_probe" "$RT_DIR/nodes" "$cg/cgroup.procs")" = allowed
	check "helper: cgscope check agrees" cgscope check --pid "$spawned" c 1:11 r
	kill -9 "$spawned"
	wait "$spawned" 2>/dev/null
else
	check "helper: devcg_shapes loads and attaches" false
fi
rmdir "$cg"
finish
