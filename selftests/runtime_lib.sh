# SPDX-License-Identifier: GPL-2.0
#
# Helpers for tests whose cgroup v2 device programs are made by real OCI
# runtimes (runc, crun) rather than by us.  Source it after lib.sh.
#
# FACTS (Debian 12: runc 1.1.5, crun 1.8.1).  Read in the sources named
# below (trees near those versions), then checked in scripts/vm guests on
# 6.1 and 6.12 (cgroup v2 only, cgroupfs driver): every program below was
# decoded from `bpftool prog dump xlated` and matched rt_expected_rules
# block for block, and devcg_runtimes.sh checks the verdicts with real
# open()/mknod().  "(source)" marks what was read but not exercised.
#
# OCI input: linux.resources.devices, each {allow, type, major, minor,
# access}; type absent means "a", major/minor absent mean * (-1 below).
#
# runc 1.1.5 (libcontainer/specconv/spec_linux.go: CreateCgroupConfig,
# AllowedDevices, createDevices; libcontainer/cgroups/devices/
# devices_emulator.go; libcontainer/cgroups/ebpf/devicefilter/
# devicefilter.go; libcontainer/cgroups/ebpf/ebpf_linux.go;
# libcontainer/cgroups/fs2/devices.go):
#  - The config's rules come first, then runc APPENDS its AllowedDevices,
#    all allow: c *:* m, b *:* m, and rwm for c 1:3, 1:8, 1:7, 5:0, 1:5,
#    1:9, 136:*, 5:2 and 10:200 (tun; later runc trees drop it).  No c 5:1.
#    A default whose path is also in linux.devices is left out (source; our
#    bundles have no linux.devices).
#  - The whole list then goes through an emulator of the v1 devices
#    cgroup.  A rule of type "a" (or no type) RESETS everything before it,
#    whatever its numbers and access: allow -> allow-all, deny -> deny-all,
#    no exceptions; so one typeless {"allow": true, "major": 180, ...}
#    makes the program allow every device.  In deny-all mode an allow adds
#    its access to the exception with exactly its (type, major, minor)
#    (c 180:1 r then c 180:1 w give one c 180:1 rw), a deny takes access
#    away from exactly that exception (no-op when there is none); in
#    allow-all mode the same with allow and deny swapped, so the appended
#    defaults undo a config deny of their own numbers (c 1:3).  Taking away
#    access that a wildcard exception of the same type grants (c 195:255
#    out of c 195:*, c *:255 or c *:*) is an error: the container does not
#    start ("cannot punch hole in existing wildcard rule").
#  - The program: one block per exception, sorted by major, minor, type
#    (* = -1 first, b before c), each returning the opposite of the
#    default, then the default.  All blocks have the same verdict: order
#    does not matter.
#  - One program per container, on the container's own cgroup
#    (cgroupsPath), attached with BPF_F_ALLOW_MULTI; an update replaces it
#    (BPF_F_REPLACE) or detaches the old ones (source).
#
# crun 1.8.1 (src/libcrun/cgroup.c or, in later trees, cgroup-resources.c:
# write_devices_resources_v2_internal and its default_devices table;
# src/libcrun/ebpf.c: bpf_program_append_dev, bpf_program_complete_dev,
# ebpf_attach_program):
#  - No normalisation.  The program is crun's defaults, all allow, in
#    REVERSE table order: c 5:2, 136:*, 5:1, 1:9, 1:5, 5:0, 1:7, 1:8, 1:3
#    (rwm), b *:* m, c *:* m (1.8.1 has no c 10:200, later trees do); THEN
#    the config's rules in REVERSE order; then "deny".  First match wins,
#    so the defaults beat the config (a config deny of c 1:3, or of mknod
#    of anything, has no effect) and among config rules the LAST one wins.
#    Type "a" means no type test (a typeless 180:3 rule matches c and b).
#  - A rule with no test at all (type a, *:*, rwm) ends the program: it is
#    the verdict, and the config's rules before it (after it in the
#    program) and the final deny are dropped.  Docker's leading "deny a
#    rwm" is thus the program's last block.
#  - One program, on the container's cgroup, BPF_F_ALLOW_MULTI; an update
#    replaces it (source).
#  - crun cannot create a container whose cgroupsPath is below the cgroup
#    of a running container (it fails writing cgroup.type); runc can.
#    Either enables threaded controllers (cpu, cpuset, pids) in that
#    cgroup's subtree_control on the way, making it a thread root where no
#    process can then join a new domain child.  The v2 way to nest: the
#    parent's processes first go to a leaf (P/init), the child to P/child.
#
# Both: a block matches when type (unless a), major and minor (unless *)
# are equal and the requested access is a SUBSET of the block's: an rw
# open needs one block granting both (runc's merge makes one, crun's two
# rules do not), and a deny of w does not stop an rw open.  The kernel
# runs the programs of the cgroup and of every ancestor; access needs all
# to return 1, so a nested container gets the AND of its program and its
# parent container's.
#
# How a test does the access: a helper process (selftests/devcg_probe.c)
# makes its nodes in a tmpfs outside the cgroup, moves itself into the
# container's cgroup, then open()s (r, w, rw) or mknod()s (m) them.  That
# is sound because a cgroup's device programs run for every task of the
# cgroup, whatever its namespaces: what runc/crun set up is the cgroup's,
# not the container's mount or user namespace.  It is also cleaner than
# nsenter into the container, whose bounding set (runc spec: no
# CAP_MKNOD) and seccomp would give EPERM of their own.  EPERM is denied;
# ENXIO, ENODEV, EIO or success mean the cgroup let the access through.
#
# Rules as printed by rt_expected_rules, one JSON object a line, in the
# program's first-match order: {"allow":B,"type":"c"|"b"|"a","major":N,
# "minor":N,"access":"rwm"} with -1 for *, then {"default":B} (crun's
# final catch-all block is printed as the default); or {"error":"..."}
# when the runtime refuses the list.

# shellcheck disable=SC2016 # the $ in single quotes are jq's
RT_BIN=$CGSCOPE_SELFTEST_BIN
RT_DIR=$SCRATCH/rt
mkdir -p "$RT_DIR/nodes"
# Under TCG every fork+exec costs a tenth of a second or more (jq, runc:
# over half a second): the helpers below use bash builtins where they can.

# rt_have RUNTIME: the runtime can be run here
rt_have() {
	command -v "$1" >/dev/null 2>&1
}

# rt_bundle RUNTIME NAME CGROUPS_PATH RULES_JSON: make the bundle
# $RT_DIR/NAME for a container running `sleep 1000` from the host's /usr:
# `RUNTIME spec` with linux.resources.devices = RULES_JSON (an OCI array),
# linux.cgroupsPath = CGROUPS_PATH (cgroupfs driver; no quotes or
# backslashes in it).  The read-only root, an empty directory with /usr
# bind-mounted from the host and bin, sbin, lib, lib64 links into it, is
# shared by all bundles, as is the spec, made once per runtime.
rt_bundle() {
	local rt=$1 b=$RT_DIR/$2 t
	if [ ! -s "$RT_DIR/spec.$rt.json" ]; then
		if [ ! -d "$RT_DIR/rootfs" ]; then
			mkdir -p "$RT_DIR/rootfs/usr" &&
				ln -s usr/bin usr/sbin usr/lib usr/lib64 "$RT_DIR/rootfs" ||
				return 1
		fi
		mkdir -p "$RT_DIR/spec.$rt" &&
			(cd "$RT_DIR/spec.$rt" && "$rt" spec) &&
			jq --arg root "$RT_DIR/rootfs" '
			.root.path = $root
			| .process.terminal = false
			| .process.args = ["/bin/sleep", "1000"]
			| .linux.cgroupsPath = "@CGROUPS_PATH@"
			| .linux.resources = {devices: "@DEVICES@"}
			| .mounts += [{destination: "/usr", type: "bind",
				       source: "/usr", options: ["rbind", "ro"]}]' \
			"$RT_DIR/spec.$rt/config.json" >"$RT_DIR/spec.$rt.json" ||
			return 1
	fi
	mkdir -p "$b" || return 1
	t=$(<"$RT_DIR/spec.$rt.json")
	t=${t//@CGROUPS_PATH@/"$3"}
	t=${t//\"@DEVICES@\"/"$4"}
	printf '%s\n' "$t" >"$b/config.json"
}

# rt_start RUNTIME NAME: start the container of bundle $RT_DIR/NAME in the
# background; removed at exit.  Its messages are left in $RT_DIR/NAME.err,
# its pid in $RT_DIR/NAME.pid.
rt_start() {
	on_exit "rt_destroy $1 $2"
	"$1" run -d --pid-file "$RT_DIR/$2.pid" --bundle "$RT_DIR/$2" "$2" \
		</dev/null >"$RT_DIR/$2.err" 2>&1
}

# rt_pid RUNTIME NAME: the pid of the container's process (from its pid
# file; `RUNTIME state` would need jq)
rt_pid() {
	local pid
	read -r pid 2>/dev/null <"$RT_DIR/$2.pid" || [ -n "$pid" ] || return 1
	[[ $pid =~ ^[1-9][0-9]*$ ]] && echo "$pid"
}

# rt_cgroup RUNTIME NAME: the v2 cgroup directory of the container
rt_cgroup() {
	local pid l
	pid=$(rt_pid "$1" "$2") || return 1
	while IFS= read -r l; do
		[[ $l == 0::* ]] && echo "/sys/fs/cgroup${l#0::}"
	done <"/proc/$pid/cgroup"
}

# rt_destroy RUNTIME NAME: kill and delete the container (delete -f sends
# SIGKILL to all its processes first), drop its bundle; again is a no-op
rt_destroy() {
	[ -e "$RT_DIR/$2" ] || return 0
	"$1" delete -f "$2" >/dev/null 2>&1
	rm -rf "${RT_DIR:?}/$2" "$RT_DIR/$2.pid"
}

# rt_probe CGROUP_DIR < queries: the kernel's answer to each query line
# ("TYPE MAJOR MINOR ACCESS", ACCESS r, w, rw or m), asked by a process
# placed in CGROUP_DIR: "allowed" or "denied" a line.
rt_probe() {
	"$RT_BIN/devcg_probe" "$RT_DIR/nodes" "$1/cgroup.procs"
}

# The two runtimes' models, in jq (see the top of this file); input: the
# OCI rule array.
RT_JQ_COMMON='
def acc: [("r", "w", "m") as $c | select(contains($c)) | $c] | join("");
def covers($have; $want): ($want | explode) - ($have | explode) == [];
def oci: map({allow: (.allow // false), type: (.type // "a"),
	      major: (.major // -1), minor: (.minor // -1),
	      access: ((.access // "") | acc)});
'
RT_JQ_RUNC='
def key: "\(.type) \(.major) \(.minor)";
def minus($a; $b): [($a | explode)[] | select(. as $x | $b | explode | index($x) | not)] | implode;
def defaults: [
	{type: "c", major: -1, minor: -1, access: "m"},
	{type: "b", major: -1, minor: -1, access: "m"},
	({type: "c", access: "rwm"} +
	 ([1, 3], [1, 8], [1, 7], [5, 0], [1, 5], [1, 9], [136, -1], [5, 2],
	  [10, 200] | {major: .[0], minor: .[1]}))
	] | map(. + {allow: true});
def emulate:
	reduce .[] as $r ({default: false, ex: {}, error: null};
		if .error then .
		elif $r.access == "" then .error = "device access cannot be empty"
		elif $r.type == "a" then {default: $r.allow, ex: {}, error: null}
		elif $r.allow != .default then
			.ex[$r | key] = ($r + {access: ((.ex[$r | key].access // "") + $r.access | acc)})
		else
			. as $s
			| [{type: $r.type, major: -1, minor: $r.minor},
			   {type: $r.type, major: $r.major, minor: -1},
			   {type: $r.type, major: -1, minor: -1}]
			| map(select(key != ($r | key))
			      | $s.ex[key] | select(. != null)
			      | select(minus($r.access; .access) != $r.access))
			| . as $hit
			| if length > 0 then
				$s | .error = "cannot punch a hole in \($hit[0] | key) \($hit[0].access)"
			  else
				$s | (minus(.ex[$r | key].access // ""; $r.access)) as $left
				| if $left == "" then del(.ex[$r | key])
				  else .ex[$r | key].access = $left end
			  end
		end);
oci + defaults | emulate
| if .error then {error: .error}
  else .default as $d
	| (.ex | to_entries | map(.value) | sort_by([.major, .minor, .type])
	   | .[] | {allow: ($d | not), type, major, minor, access}),
	  {default: $d}
  end
'
RT_JQ_CRUN='
def defaults: [
	{type: "c", major: -1, minor: -1, access: "m"},
	{type: "b", major: -1, minor: -1, access: "m"},
	({type: "c", access: "rwm"} +
	 ([1, 3], [1, 8], [1, 7], [5, 0], [1, 5], [1, 9], [5, 1], [136, -1],
	  [5, 2] | {major: .[0], minor: .[1]}))
	] | map(. + {allow: true});
def catchall: .type == "a" and .major == -1 and .minor == -1 and .access == "rwm";
(defaults | reverse) + (oci | reverse)
| (map(catchall) | index(true)) as $stop
| if $stop == null then (.[] | {allow, type, major, minor, access}), {default: false}
  else (.[:$stop][] | {allow, type, major, minor, access}), {default: .[$stop].allow}
  end
'

# The rules of a decoded program (cgscope -j devices) as rt_expected_rules
# lines; a range keeps its end as major_last/minor_last (rt_verdicts knows
# them).  A rule that matches only some access
# combinations ("deny c 10:229 {r,rm,w,wm,rw,rwm}": first match, an
# earlier "allow c *:* m" took m) becomes the plain rules that match the
# same of the requests the kernel makes (m, r, w, rw), marked "split";
# {"error": ...} where there are none.
RT_JQ_DECODED='
def num($lo; $hi; $key): if $lo == -1 or $lo == $hi then {($key): $lo}
	else {($key): $lo, ($key + "_last"): $hi} end;
def covers($have; $want): ($want | explode) - ($have | explode) == [];
def plain:
	if .requests == null then {access}
	else ([.requests[] | select(. == "m" or . == "r" or . == "w" or . == "rw")]) as $real
	| [$real[] | . as $x | select(all($real[]; . == $x or (covers(.; $x) | not)))] as $top
	| if ([("m", "r", "w", "rw") | . as $q | select(any($top[]; covers(.; $q)))] | sort)
	     == ($real | sort)
	  then $top[] | {access: ., split: true}
	  else {error: "requests \($real)"} end
	end;
(.rules[] | . as $r | plain as $p
	| if $p.error then $p
	  else {allow: $r.allow, type: $r.type} + num($r.major; $r.major_last; "major")
		+ num($r.minor; $r.minor_last; "minor") + $p end),
{default: (.default == "allow")}
'

# rt_expected_rules RUNTIME RULES_JSON: the rules RUNTIME puts in its
# program for linux.resources.devices = RULES_JSON, after its own
# normalisation, as JSON lines in first-match order ending with the
# default verdict (see the top of this file).  Fails, printing
# {"error": ...}, for a list the runtime refuses.
rt_expected_rules() {
	local prog out
	case $1 in
	runc) prog=$RT_JQ_COMMON$RT_JQ_RUNC ;;
	crun) prog=$RT_JQ_COMMON$RT_JQ_CRUN ;;
	*) echo "rt_expected_rules: unknown runtime $1" >&2; return 2 ;;
	esac
	out=$(jq -c "$prog" <<<"$2") || return 2
	echo "$out"
	[[ $out != '{"error"'* ]]
}

# rt_verdicts RULES_FILE... < queries: what the rule lists (each the output
# of rt_expected_rules) say of each query line ("TYPE MAJOR MINOR ACCESS"):
# "allowed" only if every list allows it (a nested container runs its own
# program and its ancestors'), else "denied".
rt_verdicts() {
	local f l
	for f in "$@"; do
		echo '{"next": true}'
		while IFS= read -r l; do
			echo "$l"
		done <"$f"
	done >"$RT_DIR/verdict.lists"
	jq -nrR --slurpfile all "$RT_DIR/verdict.lists" "$RT_JQ_COMMON"'
	def within($n; $lo; $hi): $lo == -1 or ($lo <= $n and $n <= ($hi // $lo));
	def matches($q):
		(.type == "a" or .type == $q.type)
		and within($q.major; .major; .major_last)
		and within($q.minor; .minor; .minor_last)
		and covers(.access; $q.access);
	def verdict($q):
		first((.[] | select(has("default") | not) | select(matches($q))
		       | .allow),
		      (.[] | select(has("default")) | .default));
	($all | reduce .[] as $x ([]; if $x.next then . + [[]]
				      else .[-1] += [$x] end)) as $lists
	| inputs | split(" ")
	| {type: .[0], major: (.[1] | tonumber), minor: (.[2] | tonumber),
	   access: .[3]} as $q
	| [$lists[] | verdict($q)]
	| if all then "allowed" else "denied" end'
}

# rt_queries RULES_JSON: query lines ("TYPE MAJOR MINOR ACCESS") that try
# every boundary of the OCI rules and of both runtimes' defaults: each
# rule's own numbers with every access and both types, the numbers next to
# it (or, for a *, one small and the largest number) with every access,
# plus fixed probes around the defaults.  No duplicates, in a stable order.
rt_queries() {
	jq -r "$RT_JQ_COMMON"'
	def near($n; $wild): if $n == -1 then $wild
		else [$n, $n - 1, $n + 1] | map(select(. >= 0)) end;
	def accesses: ("r", "w", "rw", "m");
	[ (oci[]
	   | near(.major; [180, 4095]) as $maj
	   | near(.minor; [0, 1048575]) as $min
	   | (if .type == "a" then "c" else .type end) as $t
	   | ((("c", "b") as $tt | accesses as $a
	       | [$tt, $maj[0], $min[0], $a]),
	      (accesses as $a
	       | ($maj[1:][] as $m | [$t, $m, $min[0], $a]),
		 ($min[1:][] as $m | [$t, $maj[0], $m, $a])))),
	  (["c", 1, 3, "rw"], ["c", 1, 5, "r"], ["c", 1, 7, "w"], ["c", 1, 8, "r"],
	   ["c", 1, 9, "rw"], ["c", 1, 6, "r"], ["c", 1, 10, "w"],
	   ["c", 5, 0, "rw"], ["c", 5, 1, "rw"], ["c", 5, 2, "rw"],
	   ["c", 5, 3, "r"], ["c", 10, 200, "rw"], ["c", 10, 201, "r"],
	   ["c", 136, 0, "rw"], ["c", 136, 1048575, "w"], ["c", 137, 0, "r"],
	   ["b", 1, 3, "r"], ["b", 136, 0, "w"], ["c", 180, 1, "m"],
	   ["b", 8, 0, "m"], ["c", 4095, 1048575, "m"],
	   ["c", 4095, 1048575, "r"]) ]
	| reduce .[] as $q ([]; if index([$q]) then . else . + [$q] end)
	| .[] | map(tostring) | join(" ")' <<<"$1"
}
