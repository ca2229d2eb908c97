#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Device programs made by the real runc and crun (issue #15).  For each
# runtime, containers with Docker's default device list, wildcard allows, a
# GPU-like major, /dev/fuse, deny rules after a broad allow, partial access,
# a typeless rule, a deny punched into a wildcard allow, and a container
# nested in another's cgroup.  The kernel is the oracle: a process in each
# container's cgroup open()s and mknod()s nodes at every boundary of the
# rules, and gets EPERM exactly where rt_expected_rules (our model of what
# the runtime puts in its program) says "deny".  bpftool's view of each
# container's cgroup is recorded, and `cgscope devices --pid` of the Docker
# list and the nested containers is checked against it (the programs
# attached and effective where /proc/PID/cgroup says the task is).  See
# runtime_lib.sh for the facts.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/runtime_lib.sh"

for rt in runc crun; do
	rt_have $rt || skip "$rt is not installed"
done
command -v bpftool >/dev/null || skip "bpftool is not installed"
[ -x "$RT_BIN/devcg_probe" ] || skip "no $RT_BIN/devcg_probe (make selftests)"
grep -qw cgroup2 /proc/mounts || skip "no cgroup v2"

BASE=/cgscope-rt
mkdir "$CG2$BASE" || exit $KSFT_FAIL
# after the runtimes' own clean-up: whatever they left (the leaf made for
# the nested case, or more after a failure)
on_exit "empty_cgroup '$CG2$BASE'; find '$CG2$BASE' -depth -type d -exec rmdir {} +"

# OCI rule lists (linux.resources.devices)
deny_all='{"allow": false, "access": "rwm"}'
declare -A RULES=(
	# moby oci/defaults.go, DefaultLinuxSpec(): what `docker run` asks for
	[docker]='[{"allow": false, "access": "rwm"},
		{"allow": true, "type": "c", "major": 1, "minor": 5, "access": "rwm"},
		{"allow": true, "type": "c", "major": 1, "minor": 3, "access": "rwm"},
		{"allow": true, "type": "c", "major": 1, "minor": 9, "access": "rwm"},
		{"allow": true, "type": "c", "major": 1, "minor": 8, "access": "rwm"},
		{"allow": true, "type": "c", "major": 5, "minor": 0, "access": "rwm"},
		{"allow": true, "type": "c", "major": 5, "minor": 1, "access": "rwm"},
		{"allow": false, "type": "c", "major": 10, "minor": 229, "access": "rwm"}]'
	[wild]="[$deny_all,
		{\"allow\": true, \"type\": \"c\", \"major\": 136, \"access\": \"rwm\"},
		{\"allow\": true, \"type\": \"b\", \"major\": 7, \"access\": \"r\"},
		{\"allow\": true, \"type\": \"c\", \"major\": 180, \"access\": \"rw\"},
		{\"allow\": true, \"type\": \"c\", \"minor\": 77, \"access\": \"w\"}]"
	[gpu]="[$deny_all,
		{\"allow\": true, \"type\": \"c\", \"major\": 195, \"access\": \"rw\"},
		{\"allow\": true, \"type\": \"c\", \"major\": 195, \"minor\": 255, \"access\": \"rwm\"}]"
	[fuse]="[$deny_all,
		{\"allow\": true, \"type\": \"c\", \"major\": 10, \"minor\": 229, \"access\": \"rwm\"}]"
	# a broad allow in the middle, denies after it
	[denyafter]="[$deny_all,
		{\"allow\": true, \"type\": \"c\", \"major\": 1, \"minor\": 3, \"access\": \"r\"},
		{\"allow\": true, \"access\": \"rwm\"},
		{\"allow\": false, \"type\": \"c\", \"major\": 195, \"access\": \"w\"},
		{\"allow\": false, \"type\": \"b\", \"major\": 8, \"access\": \"rw\"},
		{\"allow\": false, \"type\": \"c\", \"major\": 10, \"minor\": 229, \"access\": \"rwm\"},
		{\"allow\": false, \"type\": \"c\", \"major\": 1, \"minor\": 3, \"access\": \"rwm\"}]"
	[partial]="[$deny_all,
		{\"allow\": true, \"type\": \"c\", \"major\": 180, \"minor\": 1, \"access\": \"r\"},
		{\"allow\": true, \"type\": \"c\", \"major\": 180, \"minor\": 1, \"access\": \"w\"},
		{\"allow\": true, \"type\": \"c\", \"major\": 180, \"minor\": 2, \"access\": \"wm\"},
		{\"allow\": true, \"type\": \"b\", \"major\": 7, \"minor\": 3, \"access\": \"r\"}]"
	[typeless]="[$deny_all,
		{\"allow\": true, \"major\": 180, \"minor\": 3, \"access\": \"rw\"}]"
	# a deny inside a wildcard allow: runc refuses it
	[hole]="[$deny_all,
		{\"allow\": true, \"type\": \"c\", \"major\": 195, \"access\": \"rwm\"},
		{\"allow\": false, \"type\": \"c\", \"major\": 195, \"minor\": 255, \"access\": \"rwm\"}]"
	# the nested container, inside a [docker] one
	[nested]="[$deny_all,
		{\"allow\": true, \"type\": \"c\", \"major\": 10, \"minor\": 229, \"access\": \"rwm\"},
		{\"allow\": true, \"type\": \"c\", \"major\": 195, \"access\": \"rw\"},
		{\"allow\": true, \"type\": \"c\", \"major\": 1, \"minor\": 3, \"access\": \"r\"}]"
)
CASES=(docker wild gpu fuse denyafter partial typeless hole)

# Under TCG each external command costs a tenth of a second or more: the
# printing and counting below stay in bash.

# indent < FILE: FILE's lines, indented
indent() {
	local l
	while IFS= read -r l; do
		printf '  %s\n' "$l"
	done
}

# compare NAME CGROUP QUERIES RULES_FILE...: the kernel's answer in CGROUP
# against the model's for every query; prints the probes and what the
# kernel said, four a line
compare() {
	local name=$1 cg=$2 q=$3 i n denied=0 line='' cell
	shift 3
	rt_probe "$cg" <"$q" >"$RT_DIR/$name.kernel"
	check "$name: probe ran" test -s "$RT_DIR/$name.kernel" || return 1
	rt_verdicts "$@" <"$q" >"$RT_DIR/$name.model"
	mapfile -t qs <"$q"
	mapfile -t kern <"$RT_DIR/$name.kernel"
	mapfile -t model <"$RT_DIR/$name.model"
	n=${#qs[@]}
	for ((i = 0; i < n; i++)); do
		expect_eq "$name: ${qs[i]}" "${model[i]}" "${kern[i]}"
		[ "${kern[i]}" = denied ] && denied=$((denied + 1))
	done
	log "$name: $n probes, $denied denied by the kernel (probe, kernel):"
	for ((i = 0; i < n; i++)); do
		# shellcheck disable=SC2086 # a query is four plain words
		printf -v cell '  %s %s:%s %-2s %-7s' ${qs[i]} "${kern[i]}"
		line+=$cell
		if ((i % 4 == 3 || i == n - 1)); then
			echo "$line"
			line=
		fi
	done
}

# The effective policy (devices.list form) says of each query line
JQ_POLICY_VERDICT='
def covers($have; $want): ($want | explode) - ($have | explode) == [];
def overlaps($have; $want): ($want | explode) - ($have | explode) != ($want | explode);
def dev($q): (.type == "a" or .type == $q[0])
	and (.major == -1 or (.major <= ($q[1] | tonumber) and ($q[1] | tonumber) <= .major_last))
	and (.minor == -1 or (.minor <= ($q[2] | tonumber) and ($q[2] | tonumber) <= .minor_last));
. as $p | $q | split("\n")[] | select(. != "") | split(" ") as $q
| if $p.default == "allow"
  then if any($p.rules[]; dev($q) and overlaps(.access; $q[3])) then "denied" else "allowed" end
  else if any($p.rules[]; dev($q) and (if .requests == null then covers(.access; $q[3])
					   else (.requests | index([$q[3]])) != null end))
       then "allowed" else "denied" end
  end
'

# decoded NAME CGROUP: what cgscope reads back from the
# container's own program equals what the runtime was told
# ($RT_DIR/NAME.rules, after its normalisation): the same verdict on every
# query of $RT_DIR/NAME.q, and the same rules in the same order, except
# those the runtime emits but can never decide anything (shadowed by an
# earlier rule, or saying what the default says).  The effective policy
# agrees with the kernel on every query (nested: both programs).
decoded() {
	local name=$1 cg=$2 d=$RT_DIR/$1
	check "$name: cgscope -j devices" cgscope -j devices "$cg" >"$d.devices.json" || return 1
	log "$name: cgscope devices:"
	cgscope devices "$cg" | indent
	jq -c '.v2_cgroup_id as $me | .bpf_programs[] | select(.attached_at == $me)' \
		<"$d.devices.json" >"$d.own.json"
	expect_eq "$name: its own program, exact" true "$(jq -r .exact <"$d.own.json")"
	expect_eq "$name: generator" "$rt" "$(jq -r .generator <"$d.own.json")"
	jq -c "$RT_JQ_DECODED" <"$d.own.json" >"$d.decoded"
	check "$name: every decoded rule reads as plain rules" not_grep '"error"' "$d.decoded"
	jq -c 'del(.split)' <"$d.decoded" >"$d.decoded.plain"
	rt_verdicts "$d.decoded.plain" <"$d.q" >"$d.model.decoded"
	rt_verdicts "$d.rules" <"$d.q" >"$d.model.own"
	check "$name: decoded rules decide every query as the runtime's" \
		cmp -s "$d.model.own" "$d.model.decoded"
	# the order: decoded is the told list minus rules that decide nothing;
	# a split rule is a told rule whose access an earlier rule cut
	check "$name: decoded rules are the told ones, in order" \
		jq -ne --slurpfile d "$d.decoded" --slurpfile e "$d.rules" '
		def same($a; $b): if $a.split then ($a | del(.split, .access)) == ($b | del(.access))
			else $a == $b end;
		def sub($a; $b): if ($a | length) == 0 then true
			elif ($b | length) == 0 then false
			elif same($a[0]; $b[0]) then
				(if $a[0].split and ($a | length) > 1 and $a[1].split
				    and same($a[1]; $b[0]) then sub($a[1:]; $b)
				 else sub($a[1:]; $b[1:]) end)
			else sub($a; $b[1:]) end;
		($d | last) == ($e | last) and sub($d[:-1]; $e[:-1])' >/dev/null
	jq -r --rawfile q "$d.q" ".policy | $JQ_POLICY_VERDICT" \
		<"$d.devices.json" >"$d.policy"
	check "$name: effective policy decides every query as the kernel" \
		cmp -s "$d.kernel" "$d.policy"
}

not_grep() { ! grep -q "$@"; }

# access_map NAME PID: every device `cgscope access` lists for the
# container's process, opened (r, w) and made (m) by a process in its
# cgroup: the kernel's answer is the map's
access_map() {
	local name=$1 pid=$2 d=$RT_DIR/$1 n
	check "$name: cgscope -j access" cgscope -j access --pid "$pid" >"$d.access.json" || return 1
	jq -r '.[] | ("r", "w", "m") as $a | "\(.type) \(.major) \(.minor) \($a)"' \
		<"$d.access.json" >"$d.aq"
	jq -r '.[] | ("r", "w", "m") as $a | if .[$a] then "allowed" else "denied" end' \
		<"$d.access.json" >"$d.amap"
	n=$(wc -l <"$d.aq")
	check "$name: access lists devices" test "$n" -gt 30
	rt_probe "$(rt_cgroup "$rt" "$name")" <"$d.aq" >"$d.aprobe"
	check "$name: access map = real opens and mknods ($n)" cmp -s "$d.amap" "$d.aprobe"
	log "$name: cgscope access --pid $pid (first lines):"
	cgscope access --pid "$pid" | head -n 12 | indent
	# every denial names a rule or the default of the program
	check "$name: every denial names its reason" jq -e \
		'all(.[].denials[]; .layer == "bpf" and .prog_id != null and (.reason | test("default deny|rule [0-9]+: deny")))' \
		"$d.access.json" >/dev/null
}

# container RUNTIME CASE NAME CGROUPS_PATH: make and start it; "started"
# or "refused" in $outcome, what the model expects in $told; once
# started, check where it is and what is attached there
container() {
	local rt=$1 case=$2 name=$3 path=$4 cg progs=
	local type flags rest
	told=started
	rt_expected_rules "$rt" "${RULES[$case]}" >"$RT_DIR/$name.rules" ||
		told=refused
	log "$name: $rt is told:"
	indent <"$RT_DIR/$name.rules"
	check "$name: bundle" rt_bundle "$rt" "$name" "$path" "${RULES[$case]}" || return 1
	if ! rt_start "$rt" "$name"; then
		outcome=refused
		log "$name: $rt refused: $(<"$RT_DIR/$name.err")"
		return
	fi
	outcome=started
	cg=$(rt_cgroup "$rt" "$name")
	expect_eq "$name: its cgroup" "$CG2$path" "$cg"
	log "$name: bpftool cgroup tree $cg"
	bpftool cgroup tree "$cg" >"$RT_DIR/$name.tree"
	indent <"$RT_DIR/$name.tree"
	while read -r _ type flags rest; do
		[ "$type" = cgroup_device ] && progs+="$type $flags;"
	done <"$RT_DIR/$name.tree"
	expect_eq "$name: one device program, attached with BPF_F_ALLOW_MULTI" \
		"cgroup_device multi;" "$progs"
}

# by_pid NAME PID: `cgscope devices --pid` against the kernel's own
# answers: the cgroup /proc/PID/cgroup names, and the device programs
# bpftool finds there, attached (inherited false) and effective (all of
# them), compared as sets of ids both ways
by_pid() {
	local name=$1 pid=$2 d=$RT_DIR/$1 path want have which
	path=$(awk -F: '$1 == "0" { print $3 }' "/proc/$pid/cgroup")
	check "$name: cgscope -j devices --pid" \
		cgscope -j devices --pid "$pid" >"$d.bypid.json" || return 1
	expect_eq "$name: devices --pid: the cgroup of /proc/PID/cgroup" \
		"$path" "$(jq -r .v2_path "$d.bypid.json")"
	for which in attached effective; do
		want=$(bpftool -j cgroup show "$CG2$path" \
			$([ $which = effective ] && echo effective) |
			jq -r '.[] | select(.attach_type == "cgroup_device") | .id' |
			sort -n | tr '\n' ' ')
		have=$(jq -r --arg w $which '.bpf_programs[]
			| select($w == "effective" or .inherited == false) | .id' \
			"$d.bypid.json" | sort -n | tr '\n' ' ')
		expect_eq "$name: devices --pid: the programs bpftool shows $which there" \
			"$want" "$have"
	done
	check "$name: bpftool shows a device program there" test -n "$want"
}

# nested NAME PARENT: the checks of a container nested in PARENT's cgroup
nested() {
	local name=$1 parent=$2 cg=$CG2$BASE/$2/$1 l n=0
	log "$name: bpftool cgroup show $cg effective"
	bpftool cgroup show "$cg" effective >"$RT_DIR/$name.effective"
	indent <"$RT_DIR/$name.effective"
	while IFS= read -r l; do
		[[ $l == *cgroup_device* ]] && n=$((n + 1))
	done <"$RT_DIR/$name.effective"
	expect_eq "$name: two effective programs, its own and its parent's" 2 "$n"
	{ rt_queries "${RULES[nested]}"; rt_queries "${RULES[docker]}"; } >"$RT_DIR/$name.q2"
	declare -A seen=()
	while IFS= read -r l; do
		[ -n "${seen[$l]:-}" ] || echo "$l"
		seen[$l]=1
	done <"$RT_DIR/$name.q2" >"$RT_DIR/$name.q"
	compare "$name" "$cg" "$RT_DIR/$name.q" \
		"$RT_DIR/$parent.rules" "$RT_DIR/$name.rules"
	decoded "$name" "$cg"
	by_pid "$name" "$(rt_pid "$rt" "$name")"
}

for rt in runc crun; do
	for case in "${CASES[@]}"; do
		name=$rt-$case
		container "$rt" "$case" "$name" "$BASE/$name" || continue
		expect_eq "$name: started or refused as the model says" "$told" "$outcome"
		if [ "$outcome" = refused ] && [ "$told" = refused ]; then
			check "$name: refused for the hole in a wildcard" \
				grep -q 'cannot punch hole' "$RT_DIR/$name.err"
		fi
		if [ "$outcome" = started ]; then
			rt_queries "${RULES[$case]}" >"$RT_DIR/$name.q"
			compare "$name" "$CG2$BASE/$name" "$RT_DIR/$name.q" \
				"$RT_DIR/$name.rules"
			decoded "$name" "$CG2$BASE/$name"
			if [ "$case" = docker ]; then
				access_map "$name" "$(rt_pid "$rt" "$name")"
				by_pid "$name" "$(rt_pid "$rt" "$name")"
			fi
		fi
		rt_destroy "$rt" "$name"
	done

	# nested, in a [docker] container: right below its cgroup, where its
	# process is (runc manages, crun refuses; either leaves the parent's
	# cgroup a thread root, no place for the next case), then in another
	# the v2 way, with the parent's process moved to a leaf of its cgroup
	# first (as a container manager inside it would do).  The kernel runs
	# both programs.
	for parent in "$rt-outer" "$rt-parent"; do
		container "$rt" docker "$parent" "$BASE/$parent" || continue 2
		expect_eq "$parent: starts" started "$outcome"
		[ "$outcome" = started ] || continue 2
	done
	parent=$rt-outer
	name=$rt-beside
	container "$rt" nested "$name" "$BASE/$parent/$name" || continue
	expect_eq "$name: started beside its parent's process" \
		"$( [ "$rt" = runc ] && echo started || echo refused)" "$outcome"
	[ "$outcome" = started ] && nested "$name" "$parent"
	rt_destroy "$rt" "$name"

	parent=$rt-parent
	mkdir "$CG2$BASE/$parent/init"
	check "$parent: process moved to a leaf" \
		sh -c "echo $(rt_pid "$rt" "$parent") > '$CG2$BASE/$parent/init/cgroup.procs'"
	name=$rt-nested
	container "$rt" nested "$name" "$BASE/$parent/$name" || continue
	expect_eq "$name: starts" started "$outcome"
	[ "$outcome" = started ] && nested "$name" "$parent"
done

# where the two runtimes' programs differ, as the kernel answered
for case in "${CASES[@]}" nested; do
	if [ ! -s "$RT_DIR/runc-$case.kernel" ] || [ ! -s "$RT_DIR/crun-$case.kernel" ]; then
		continue
	fi
	log "$case: where runc and crun differ (probe, runc, crun):"
	mapfile -t qs <"$RT_DIR/runc-$case.q"
	mapfile -t a <"$RT_DIR/runc-$case.kernel"
	mapfile -t b <"$RT_DIR/crun-$case.kernel"
	for i in "${!qs[@]}"; do
		[ "${a[i]}" = "${b[i]}" ] && continue
		# shellcheck disable=SC2086
		printf '  %s %s:%s %s %s %s\n' ${qs[i]} "${a[i]}" "${b[i]}"
	done
done
finish
