#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Command line tests of cgscope that need no module:
#  1. arguments, help, version, exit status, error format (any machine);
#  2. "module not loaded" in text and JSON (only where the family is absent);
#  3. end to end against tests/fake_kernel.so, an LD_PRELOAD stand-in for
#     the module (only when FAKE_KERNEL names it).
#
# Usage: CGSCOPE=path/to/cgscope [FAKE_KERNEL=path/to/fake_kernel.so] sh cli.sh
# Prints "N passed, N failed"; exits 1 when something failed.

CGSCOPE=${CGSCOPE:-../build/user/cgscope}
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# A sanitized cgscope accepts a preloaded library only with this.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }

# Every run of cgscope is kept in $tmp/json (its arguments, output and
# exit status) for the JSON schema check at the end.
mkdir "$tmp/json"
nr_runs=0

# run CMD...: sets $rc, $out (stdout), $err (stderr)
run() {
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	out=$(cat "$tmp/out")
	err=$(cat "$tmp/err")
	nr_runs=$((nr_runs + 1))
	rec=$tmp/json/$(printf '%06d' $nr_runs)
	# cgscope's own arguments: what follows "$CGSCOPE" in CMD
	while [ $# -gt 0 ] && [ "$1" != "$CGSCOPE" ]; do shift; done
	[ $# -gt 0 ] || return 0
	shift
	printf '%s\0' "$@" >"$rec.args"
	cp "$tmp/out" "$rec.out"
	echo "$rc" >"$rec.rc"
}

want_rc() {	# NAME RC
	if [ "$rc" = "$2" ]; then ok; else ko "$1: exit $rc, want $2 (stderr: $err)"; fi
}

want_eq() {	# NAME GOT WANT
	if [ "$2" = "$3" ]; then ok; else ko "$1: got [$2], want [$3]"; fi
}

want_has() {	# NAME TEXT NEEDLE
	case "$2" in
	*"$3"*) ok ;;
	*) ko "$1: [$2] lacks [$3]" ;;
	esac
}

want_no_control() {	# NAME TEXT: no control character but newlines
	if printf '%s' "$2" | tr -d '\n' | LC_ALL=C grep -q '[[:cntrl:]]'; then
		ko "$1: control characters in [$2]"
	else
		ok
	fi
}

want_json() {	# NAME FILTER: $out must parse and FILTER must be true
	if printf '%s\n' "$out" | jq -e "$2" >/dev/null 2>&1; then
		ok
	else
		ko "$1: jq '$2' failed on [$out]"
	fi
}

# An argument error: exit 2, "Error: MSG" on stderr, nothing on stdout;
# with -j, {"error": MSG} on stdout and nothing on stderr.
want_arg_error() {	# MSG ARGS...
	msg=$1
	shift
	run "$CGSCOPE" "$@"
	want_rc "cgscope $*" 2
	want_eq "cgscope $* stderr" "$err" "Error: $msg"
	want_eq "cgscope $* stdout" "$out" ""
	run "$CGSCOPE" -j "$@"
	want_rc "cgscope -j $*" 2
	want_eq "cgscope -j $* stderr" "$err" ""
	if [ -n "$msg" ]; then
		want_json "cgscope -j $* error" ".error == $(printf '%s' "$msg" | jq -R .)"
	fi
}

# ---- 1. arguments ----

run "$CGSCOPE" --version
want_rc "--version" 0
want_has "--version" "$out" "cgscope "
run "$CGSCOPE" -j -V
want_json "-j -V" '.version | type == "string"'
run "$CGSCOPE" help
want_rc "help" 0
want_has "help" "$out" "Usage: cgscope [OPTIONS] OBJECT [COMMAND] [ARGS]"
run "$CGSCOPE" --help
want_rc "--help" 0
run "$CGSCOPE" help tree
want_rc "help tree" 0
want_has "help tree" "$out" "tree [--hierarchy ID] [PATH]"
run "$CGSCOPE" help tr
want_rc "help tr" 0
run "$CGSCOPE" tree help
want_rc "tree help" 0
want_has "tree help" "$out" "tree [--hierarchy ID] [PATH]"

want_arg_error "missing OBJECT (see: cgscope help)"
want_arg_error "unknown object 'nosuch' (see: cgscope help)" nosuch
want_arg_error "ambiguous object 't': tree, task" t
want_arg_error "unknown object 'nosuch' (see: cgscope help)" help nosuch
want_arg_error "help: unexpected argument 'x'" help tree x
want_arg_error "unknown option '-x' (see: cgscope --help)" -x info
want_arg_error "unknown option '--bogus' (see: cgscope --help)" --bogus
want_arg_error "invalid PID '12x': not a decimal number" task 12x
want_arg_error "invalid PID '-1': not a decimal number" task -1
want_arg_error "invalid PID '+1': not a decimal number" task +1
want_arg_error "invalid PID ' 1': not a decimal number" task " 1"
want_arg_error "invalid PID '': empty" task ""
want_arg_error "invalid PID '4294967296': too large (max 4294967295)" task 4294967296
want_arg_error "invalid PID '99999999999999999999999': too large" task 99999999999999999999999
want_arg_error "task: unexpected argument '2'" task 1 2
want_arg_error "info: unexpected argument 'x'" info x
want_arg_error "roots: unexpected argument 'x'" roots x
want_arg_error "csets: unexpected argument 'x'" csets x
want_arg_error "tree: --hierarchy needs an ID" tree --hierarchy
want_arg_error "invalid hierarchy ID 'x': not a decimal number" tree --hierarchy x
want_arg_error "invalid hierarchy ID '': empty" tree --hierarchy=
want_arg_error "tree: unknown option '-z'" tree -z
want_arg_error "tree: unexpected argument 'b'" tree /a b
want_arg_error "/nonexistent: not a cgroup directory (No such file or directory)" tree /nonexistent
want_arg_error "/proc/self/status: not a cgroup directory (not a directory)" tree /proc/self/status
want_arg_error "/proc: not a cgroup directory (on a file system of type 0x9fa0, not cgroup or cgroup2)" tree /proc

# devices and check: every mistake is caught before the kernel is asked.
run "$CGSCOPE" help devices
want_rc "help devices" 0
want_has "help devices" "$out" "devices (PATH | --pid PID)"
run "$CGSCOPE" help check
want_rc "help check" 0
want_has "help check" "$out" "check (--pid PID | --cgroup PATH) DEVICE ACCESS"
want_has "help check exit" "$out" "Exit status: 0 allowed, 1 denied, 2 error."
run "$CGSCOPE" help
want_has "help lists check" "$out" "  check (--pid PID | --cgroup PATH) DEVICE ACCESS
                                   tell whether a device access is allowed, and by which rule"
want_arg_error "ambiguous object 'c': csets, check" c
want_arg_error "devices: missing PATH or --pid PID" devices
want_arg_error "devices: give PATH or --pid PID, not both" devices --pid 1 /sys
want_arg_error "devices: give PATH or --pid PID, not both" devices /sys --pid=1
want_arg_error "devices: --pid needs a PID" devices --pid
want_arg_error "devices: --pid given twice" devices --pid 1 --pid 2
want_arg_error "invalid PID '0': must be 1 or more" devices --pid 0
want_arg_error "invalid PID 'x': not a decimal number" devices --pid=x
want_arg_error "devices: unexpected argument 'b'" devices /a b
want_arg_error "devices: unknown option '-z'" devices -z
want_arg_error "/nonexistent: not a cgroup directory (No such file or directory)" devices /nonexistent
want_arg_error "/proc: not a cgroup directory (on a file system of type 0x9fa0, not cgroup or cgroup2)" devices /proc
want_arg_error "check: missing --pid PID or --cgroup PATH" check c 1:3 r
want_arg_error "check: missing --pid PID or --cgroup PATH" check
want_arg_error "check: give --pid PID or --cgroup PATH, not both" check --pid 1 --cgroup /sys c 1:3 r
want_arg_error "check: give --pid PID or --cgroup PATH, not both" check --cgroup=/sys c 1:3 r --pid=1
want_arg_error "check: --pid given twice" check --pid 1 --pid 2 c 1:3 r
want_arg_error "check: --cgroup given twice" check --cgroup /a --cgroup /b c 1:3 r
want_arg_error "check: --pid needs a PID" check c 1:3 r --pid
want_arg_error "check: --cgroup needs a PATH" check --cgroup
want_arg_error "invalid PID '0': must be 1 or more" check --pid 0 c 1:3 r
want_arg_error "invalid PID '-1': not a decimal number" check --pid=-1 c 1:3 r
want_arg_error "check: unknown option '-w'" check --pid 1 c 1:3 -w
want_arg_error "check: missing the device: TYPE MAJOR:MINOR or /dev/NODE" check --pid 1
want_arg_error "check: invalid device type 'x': use c (char) or b (block)" check --pid 1 x 1:3 r
want_arg_error "check: invalid device type 'a': a check names one device; use c (char) or b (block)" check --pid 1 a 1:3 r
want_arg_error "check: invalid device type 'char': use c (char) or b (block)" check --pid 1 char 1:3 r
want_arg_error "check: missing MAJOR:MINOR after the type" check --pid 1 c
want_arg_error "check: invalid device number '1': use MAJOR:MINOR, e.g. 1:3" check --pid 1 c 1
want_arg_error "check: invalid device number '1:3:4': use MAJOR:MINOR, e.g. 1:3" check --pid 1 c 1:3:4 r
want_arg_error "invalid major number 'a': not a decimal number" check --pid 1 c a:b r
want_arg_error "invalid minor number 'b': not a decimal number" check --pid 1 c 1:b r
want_arg_error "invalid major number '': empty" check --pid 1 c :3 r
want_arg_error "invalid minor number '': empty" check --pid 1 c 1: r
want_arg_error "invalid major number '+1': not a decimal number" check --pid 1 c +1:3 r
want_arg_error "invalid major number '*': a check names one device, not a wildcard" check --pid 1 c '*:3' r
want_arg_error "invalid minor number '*': a check names one device, not a wildcard" check --pid 1 b '8:*' r
want_arg_error "invalid minor number '4294967295': the kernel reads 4294967295 as * (any)" check --pid 1 c 1:4294967295 r
want_arg_error "invalid major number '4294967296': too large (max 4294967295)" check --pid 1 c 4294967296:0 r
want_arg_error "check: missing ACCESS: r, w, m or several, e.g. rw" check --pid 1 c 1:3
want_arg_error "check: invalid access 'q': 'q' is not r, w or m" check --pid 1 c 1:3 q
want_arg_error "check: invalid access 'rwx': 'x' is not r, w or m" check --pid 1 c 1:3 rwx
want_arg_error "check: invalid access 'R': 'R' is not r, w or m" check --pid 1 c 1:3 R
want_arg_error "check: invalid access 'rr': 'r' given twice" check --pid 1 c 1:3 rr
want_arg_error "check: invalid access 'rwmw': 'w' given twice" check --pid 1 c 1:3 rwmw
want_arg_error "check: invalid access '': empty (use r, w, m or several, e.g. rw)" check --pid 1 c 1:3 ""
want_arg_error "check: unexpected argument 'x'" check --pid 1 c 1:3 r x
want_arg_error "check: unexpected argument 'r'" check --pid 1 /dev/null r r
want_arg_error "check: missing ACCESS: r, w, m or several, e.g. rw" check --pid 1 /dev/null
want_arg_error "/dev/nonexistent-cgscope: not a device node (No such file or directory)" check --pid 1 /dev/nonexistent-cgscope r
want_arg_error "/proc/self/status: not a device node" check --pid 1 /proc/self/status r
want_arg_error "/dev: not a device node" check --pid 1 /dev r
want_arg_error "/proc: not a cgroup directory (on a file system of type 0x9fa0, not cgroup or cgroup2)" check --cgroup /proc c 1:3 r
want_arg_error "ns: missing PID or list" ns
want_arg_error "invalid PID '0': must be 1 or more" ns 0
want_arg_error "invalid PID 'abc': not a decimal number" ns abc
want_arg_error "ns list: --type needs a value" ns list --type
want_arg_error "ns list: --inode needs a value" ns list --type pid --inode
want_arg_error "ns: unknown namespace type 'foo' (mnt, cgroup, uts, ipc, user, pid, net or time)" ns list --type foo
want_arg_error "ns: unknown namespace type 'pid_for_children' (mnt, cgroup, uts, ipc, user, pid, net or time)" ns list --type=pid_for_children
want_arg_error "ns list: --type given twice" ns list --type pid --type net
want_arg_error "ns list: --inode given twice" ns list --type pid --inode 1 --inode=2
want_arg_error "ns list: --inode needs --type" ns list --inode 4026531836
want_arg_error "invalid inode 'x': not a decimal number" ns list --type pid --inode x
want_arg_error "ns list: unexpected argument 'net'" ns list net
want_arg_error "watch: --pid needs a PID" watch --pid
want_arg_error "watch: --pid given twice" watch --pid 1 --pid=2
want_arg_error "invalid PID '0': must be 1 or more" watch --pid 0
want_arg_error "watch: --cgroup needs a PATH" watch --cgroup
want_arg_error "watch: --cgroup given twice" watch --cgroup /a --cgroup=/b
want_arg_error "watch: unknown option '--all'" watch --all
want_arg_error "watch: unexpected argument 'x'" watch x
want_arg_error "/proc: not a cgroup directory (on a file system of type 0x9fa0, not cgroup or cgroup2)" watch --cgroup /proc
want_arg_error "events: unexpected argument 'x'" events x
want_arg_error "events: unexpected argument '--stats'" events --stats --stats

# dying, memcg, snapshot, diff: argument errors
run "$CGSCOPE" help memcg
want_rc "help memcg" 0
want_has "help memcg" "$out" "memcg (PATH | --pid PID)"
want_arg_error "ambiguous object 'd': devices, dying, diff" d
want_arg_error "dying: unexpected argument 'x'" dying x
want_arg_error "dying: --controller needs a NAME" dying --controller
want_arg_error "dying: --controller needs a NAME" dying --controller=
want_arg_error "dying: --controller given twice" dying --controller memory --controller io
want_arg_error "dying: unknown option '-x'" dying -x
want_arg_error "memcg: missing PATH or --pid PID" memcg
want_arg_error "memcg: give PATH or --pid PID, not both" memcg --pid 1 /sys
want_arg_error "memcg: --pid needs a PID" memcg --pid
want_arg_error "memcg: --pid given twice" memcg --pid 1 --pid=2
want_arg_error "invalid PID '0': must be 1 or more" memcg --pid 0
want_arg_error "invalid PID 'x': not a decimal number" memcg --pid=x
want_arg_error "memcg: unknown option '-z'" memcg -z
want_arg_error "memcg: unexpected argument 'b'" memcg /a b
want_arg_error "/nonexistent: not a cgroup directory (No such file or directory)" memcg /nonexistent
want_arg_error "/proc: not a cgroup directory (on a file system of type 0x9fa0, not cgroup or cgroup2)" memcg /proc
want_arg_error "snapshot: unexpected argument 'x'" snapshot x
want_arg_error "diff: need two snapshot files (from cgscope snapshot)" diff
want_arg_error "diff: need two snapshot files (from cgscope snapshot)" diff a.json
want_arg_error "diff: unexpected argument 'c'" diff a b c
want_arg_error "diff: only one of the two files can be standard input" diff - -
want_arg_error "/nonexistent-cgscope.json: No such file or directory" diff /nonexistent-cgscope.json /nonexistent-cgscope.json

# diff needs no module: two snapshots written here
snapn=0
snap() {	# snap FILE EXTRA_CGROUPS EXTRA_DYING [CONSISTENT]
	snapn=$((snapn + 1))
	printf '%s\n' "{\"format\":\"cgscope-snapshot\",\"version\":1,\"kernel\":\"k\",\"consistent\":${4:-true},\"attempts\":1,\"generation\":7,
 \"roots\":[{\"hierarchy_id\":0,\"name\":\"\",\"controllers\":[\"memory\",\"pids\"],\"nr_cgroups\":2,\"default\":true,\"flags\":0,\"root_cgroup_id\":1}],
 \"cgroups\":[{\"id\":1,\"hierarchy_id\":0,\"parent_id\":null,\"level\":0,\"path\":\"/\",\"populated\":true,\"nr_tasks\":$snapn,\"controllers\":[\"memory\",\"pids\"],\"subtree_control\":[\"memory\"],\"subtree_effective\":[\"memory\"],\"nr_descendants\":0,\"nr_dying_descendants\":0,\"type\":\"domain\",\"dying\":false,\"css\":[]}$2],
 \"csets\":[{\"id\":16045690984503111693,\"refcount\":$((snapn + 10)),\"nr_tasks\":3,\"dead\":false,\"init\":true,\"dom_cset_id\":16045690984503111693,\"cgroups\":[{\"hierarchy_id\":0,\"cgroup_id\":1,\"path\":\"/\"}],\"subsys\":[],\"tasks\":[1,2,3]}],
 \"dying\":[$3]}" >"$1"
}
leak=',{"id":50,"hierarchy_id":0,"parent_id":1,"level":1,"path":"/t\u00e9st \"q\"","populated":false,"nr_tasks":0,"controllers":["memory"],"subtree_control":[],"subtree_effective":[],"nr_descendants":0,"nr_dying_descendants":0,"type":"domain","dying":true,"css":[]}'
leakd='{"controller":"memory","css_id":9,"hierarchy_id":0,"cgroup_id":50,"charged_bytes":3145728,"refs":768,"path":"/t\u00e9st \"q\"","cgroup_dying":true,"online":false,"ref_dead":true,"ref_atomic":true},{"controller":"cgroup","css_id":null,"hierarchy_id":0,"cgroup_id":50,"charged_bytes":null,"refs":1,"path":"/t\u00e9st \"q\"","cgroup_dying":true,"online":false,"ref_dead":true,"ref_atomic":true}'
snap "$tmp/a.json" "" ""
snap "$tmp/a2.json" "" ""
snap "$tmp/b.json" "$leak" "$leakd"
run "$CGSCOPE" diff "$tmp/a.json" "$tmp/a2.json"
want_rc "diff: task and reference counts are not differences" 0
want_eq "diff: no output when equal" "$out" ""
run "$CGSCOPE" -j diff "$tmp/a.json" "$tmp/a2.json"
want_json "diff -j: equal" '.different == false and .cgroups.appeared == [] and .dying.changed == []'
run "$CGSCOPE" diff "$tmp/a.json" "$tmp/b.json"
want_rc "diff: a leak" 1
want_eq "diff: a leak, text" "$out" "cgroups:
+ 0:/tést \"q\"  [id 50]  dying
dying:
+ cgroup  0:/tést \"q\"  [cgroup 50]
+ memory  css 9  0:/tést \"q\"  [cgroup 50]  charged 3.0 MiB"
run "$CGSCOPE" diff "$tmp/b.json" "$tmp/a.json"
want_rc "diff: the leak goes" 1
want_has "diff: the leak goes, text" "$out" "- 0:/tést \"q\"  [id 50]  dying"
run "$CGSCOPE" -j diff "$tmp/a.json" - <"$tmp/b.json"
want_rc "diff -j: a leak, B on stdin" 1
want_json "diff -j: a leak" '.different and (.cgroups.appeared | map(.id)) == [50] and (.dying.appeared | map(.controller)) == ["cgroup","memory"] and .dying.disappeared == [] and .csets == {"appeared":[],"disappeared":[],"changed":[]}'
want_json "diff -j: numbers kept" '.dying.appeared[1].charged_bytes == 3145728'
# a snapshot with the files keeping the leak (older ones have no such list)
sed 's/"dying":\[/"dying_files":[{"hierarchy_id":0,"cgroup_id":50,"css_id":9,"cgroup_path":"\/t\\u00e9st","dev":"0:24","ino":813587,"fstype":"9p","state":"linked","fs_path":"\/usr\/src\/x.tar","path":"\/usr\/src\/x.tar","bytes":3145728}],"dying":[/' "$tmp/b.json" >"$tmp/bf.json"
run "$CGSCOPE" diff "$tmp/b.json" "$tmp/bf.json"
want_rc "diff: a file keeping a dying memcg appears" 1
want_eq "diff: the file, text" "$out" "files keeping dying memory csses:
+ 0:/tést  [cgroup 50]  /usr/src/x.tar  (0:24 inode 813587)  3.0 MiB"
run "$CGSCOPE" -j diff "$tmp/bf.json" "$tmp/b.json"
want_json "diff -j: the file goes" '(.dying_files.disappeared | map(.ino)) == [813587]'
sed 's/"dying":\[/"dying_files":[{"hierarchy_id":0,"cgroup_id":50,"css_id":9,"cgroup_path":"\/t","dev":"0:35","ino":2,"fstype":"tmpfs","state":"linked","fs_path":"\/f","path":"\/tmp\/f","bytes":4096,"swapped_bytes":2097152}],"dying":[/' "$tmp/b.json" >"$tmp/bs.json"
run "$CGSCOPE" diff "$tmp/b.json" "$tmp/bs.json"
want_eq "diff: a tmpfs file mostly in swap, text" "$out" "files keeping dying memory csses:
+ 0:/t  [cgroup 50]  /tmp/f  (0:35 inode 2)  4.0 KiB + 2.0 MiB in swap"
sed 's/"subtree_control":\["memory"\]/"subtree_control":[]/; s/"path":"\/"}\]/"path":"\/x"}]/' "$tmp/a.json" >"$tmp/c.json"
run "$CGSCOPE" diff "$tmp/a.json" "$tmp/c.json"
want_rc "diff: changed" 1
want_eq "diff: changed, text" "$out" 'cgroups:
~ 0:/  [id 1]
    subtree_control: ["memory"] -> []
css_sets:
~ deadbeefcafef00d h0:/x
    cgroups: [{hierarchy_id:0,cgroup_id:1,path:"/"}] -> [{hierarchy_id:0,cgroup_id:1,path:"/x"}]'
run "$CGSCOPE" -j diff "$tmp/a.json" "$tmp/c.json"
want_json "diff -j: changed" '.cgroups.changed[0].fields == ["subtree_control"] and .cgroups.changed[0].before.subtree_control == ["memory"] and .cgroups.changed[0].after.subtree_control == []'
sed 's/"controllers":\["memory","pids"\],"nr_cgroups"/"controllers":["memory","\\u001b[2J"],"nr_cgroups"/' "$tmp/a.json" >"$tmp/e.json"
run "$CGSCOPE" diff "$tmp/a.json" "$tmp/e.json"
want_rc "diff: a name with an escape sequence" 1
want_no_control "diff: names scrubbed" "$out"
want_eq "diff: names scrubbed, text" "$out" 'hierarchies:
~ hierarchy 0  ["memory","?[2J"]
    controllers: ["memory","pids"] -> ["memory","?[2J"]'
snap "$tmp/i.json" "" "" false
run "$CGSCOPE" diff "$tmp/a.json" "$tmp/i.json"
want_rc "diff: inconsistent snapshot" 0
want_eq "diff: inconsistent snapshot warns" "$err" "Warning: $tmp/i.json was not taken consistently: differences may be artefacts"
printf '{"format":"cgscope-snapshot","version":1,"roots":[' >"$tmp/bad.json"
want_arg_error "$tmp/bad.json: not valid JSON (line 1, column 51: unexpected end of input)" diff "$tmp/a.json" "$tmp/bad.json"
printf '{"a": [1, 2,]}' >"$tmp/bad.json"
want_arg_error "$tmp/bad.json: not valid JSON (line 1, column 13: unexpected character ']')" diff "$tmp/bad.json" "$tmp/a.json"
printf '{"a": "\377"}' >"$tmp/bad.json"
want_arg_error "$tmp/bad.json: not valid JSON (line 1, column 8: invalid utf-8 string)" diff "$tmp/bad.json" "$tmp/a.json"
printf '{"a": 01}' >"$tmp/bad.json"
want_arg_error "$tmp/bad.json: not valid JSON (line 1, column 9: number expected)" diff "$tmp/bad.json" "$tmp/a.json"
printf '[1] x' >"$tmp/bad.json"
want_arg_error "$tmp/bad.json: not valid JSON (line 1, column 5: trailing characters after the value)" diff "$tmp/bad.json" "$tmp/a.json"
printf '{"format":"other"}' >"$tmp/bad.json"
want_arg_error "$tmp/bad.json: not a cgscope snapshot (no \"format\": \"cgscope-snapshot\")" diff "$tmp/a.json" "$tmp/bad.json"
printf '{"format":"cgscope-snapshot","version":2}' >"$tmp/bad.json"
want_arg_error "$tmp/bad.json: snapshot version 2 is not supported (this cgscope reads version 1)" diff "$tmp/a.json" "$tmp/bad.json"
printf '{"format":"cgscope-snapshot","version":1,"roots":[]}' >"$tmp/bad.json"
want_arg_error "$tmp/bad.json: not a cgscope snapshot (no \"cgroups\" list)" diff "$tmp/bad.json" "$tmp/a.json"
i=0; deep=; while [ $i -lt 300 ]; do deep="[$deep"; i=$((i + 1)); done
printf '%s' "$deep" >"$tmp/bad.json"
want_arg_error "$tmp/bad.json: not valid JSON (line 1, column 257: nesting too deep)" diff "$tmp/bad.json" "$tmp/a.json"

# ---- 2. without the module ----

# The hint names modprobe, then the module built in the source tree only
# when cgscope runs from one (TOP/build/DIR/cgscope, TOP/kmod/main.c).
nofamily="cgscope module not loaded (family \"cgscope\" not found); load it with: modprobe cgscope"
tree_hint() {	# BINARY: what follows "load it with: " for it
	bindir=$(cd "$(dirname "$1")" && pwd -P)
	top=${bindir%/build/*}
	if [ "$top" != "$bindir" ] && [ "$top/build/${bindir##*/}" = "$bindir" ] &&
	   [ -e "$top/kmod/main.c" ]; then
		echo "modprobe cgscope, or in this source tree: insmod $top/build/kmod/$(uname -r)/cgscope.ko"
	else
		echo "modprobe cgscope"
	fi
}

run "$CGSCOPE" info
case "$err" in
*"module not loaded"*)
	msg="cgscope module not loaded (family \"cgscope\" not found); load it with: $(tree_hint "$CGSCOPE")"
	for obj in info roots tree csets task "task 1" "task list" "tree --hierarchy 0" "devices --pid 1" "check --pid 1 c 1:3 r" "ns 1" "ns list" "ns list --type net --inode 1" "watch" "events" "events --stats" dying "dying --controller memory" "memcg --pid 1" snapshot; do
		# shellcheck disable=SC2086
		want_arg_error "$msg" $obj
	done
	run env CGSCOPE_KO=/opt/cgscope/cgscope.ko "$CGSCOPE" roots
	want_eq "CGSCOPE_KO" "$err" "Error: $nofamily, or insmod /opt/cgscope/cgscope.ko"
	run "$CGSCOPE" -p info
	want_json "-p error" '.error | startswith("cgscope module not loaded")'
	want_has "-p is indented" "$out" '  "error": '
	;;
*)
	echo "note: the cgscope family exists here; skipping the module-not-loaded checks"
	;;
esac

# ---- 3. end to end against the fake module ----

if [ -z "$FAKE_KERNEL" ] || [ ! -e "$FAKE_KERNEL" ]; then
	echo "note: no FAKE_KERNEL; skipping the end-to-end checks"
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit
fi

fake() { run env LD_PRELOAD="$FAKE_KERNEL" "$@"; }
log="$tmp/fake.log"

fake "$CGSCOPE" info
want_rc "fake info" 0
want_eq "fake info text" "$out" "version: 0.1-fake
kernel: 6.12.0-fake
features: devcg_v1 cgroup_bpf memcg cgroup_ns bit40
hierarchies: 4
init css_set: 0xdeadbeefcafef00d"
fake "$CGSCOPE" -j info
want_json "fake -j info" '.version == "0.1-fake" and .kernel == "6.12.0-fake" and .features == ["devcg_v1","cgroup_bpf","memcg","cgroup_ns","bit40"] and .nr_hierarchies == 4 and (.init_cset_id | type) == "number"'
want_has "fake -j info u64 exact" "$out" '"init_cset_id":16045690984503111693'

fake "$CGSCOPE" ro
want_rc "fake roots" 0
want_eq "fake roots text" "$out" "ID  NAME          CGROUPS  CONTROLLERS
0   cgroup2 (v2)        7  cpuset cpu io memory pids
1   systemd             2  -
3   -                   3  devices
4   -                   1  net_cls net_prio"
fake "$CGSCOPE" -j roots
want_json "fake -j roots" 'map(.hierarchy_id) == [0,1,3,4] and .[0].default and .[0].name == "" and .[1].name == "systemd" and .[1].controllers == [] and (.[0] | keys_unsorted) == ["hierarchy_id","name","controllers","nr_cgroups","default","flags","root_cgroup_id"]'

fake env LC_ALL=C.UTF-8 "$CGSCOPE" tree --hierarchy 0
want_rc "fake tree -h 0" 0
want_eq "fake tree text" "$out" "/  [id 1] tasks 1  cpuset cpu io memory pids
├─user.slice  [id 11] tasks 0  cpu memory pids
│ └─user-1000.slice  [id 30] tasks 17  memory
│   └─t  [id 31] tasks 1
└─system.slice  [id 10] tasks 0  cpu memory pids
  ├─cron.service  [id 21] tasks 0  pids  (dying)
  └─ssh.service  [id 20] tasks 2  pids"
# not a UTF-8 locale: the same tree in ASCII, as tree(1) --charset=ascii
for loc in C POSIX; do
	fake env -u LANG -u LC_CTYPE LC_ALL=$loc "$CGSCOPE" tree --hierarchy 0
	want_eq "fake tree text, LC_ALL=$loc" "$out" "/  [id 1] tasks 1  cpuset cpu io memory pids
|-user.slice  [id 11] tasks 0  cpu memory pids
| \`-user-1000.slice  [id 30] tasks 17  memory
|   \`-t  [id 31] tasks 1
\`-system.slice  [id 10] tasks 0  cpu memory pids
  |-cron.service  [id 21] tasks 0  pids  (dying)
  \`-ssh.service  [id 20] tasks 2  pids"
done
fake env -u LC_ALL -u LC_CTYPE LANG=C.UTF-8 "$CGSCOPE" tree --hierarchy 0
want_has "fake tree text, LANG=C.UTF-8" "$out" "└─ssh.service"
fake "$CGSCOPE" tree
want_has "fake tree headers" "$out" "hierarchy 0 (cgroup2)"
want_has "fake tree named" "$out" "hierarchy 1 (name=systemd)"
want_has "fake tree v1" "$out" "hierarchy 4 (net_cls,net_prio)"
fake "$CGSCOPE" -j tree
want_json "fake -j tree count" 'length == 13'
want_json "fake -j tree parents first" '. as $a | all(range(length); . as $i | $a[$i].parent_id == null or any($a[0:$i][]; .hierarchy_id == $a[$i].hierarchy_id and .id == $a[$i].parent_id))'
want_json "fake -j tree fields" '(.[0] | keys_unsorted) == ["id","hierarchy_id","parent_id","level","path","populated","nr_tasks","controllers","subtree_control","subtree_effective","nr_descendants","nr_dying_descendants","type","dying","css"]'
want_json "fake -j tree types" '[.[] | select(.hierarchy_id == 0) | .type] | unique == ["domain","domain threaded","threaded"]'
want_json "fake -j tree dying css" 'map(select(.id == 21 and .hierarchy_id == 0))[0] | .dying and .css[0].dying and (.css[0].online | not)'
rm -f "$log"
fake env FAKE_LOG="$log" "$CGSCOPE" tree /sys/fs/cgroup/nonexistent-cgscope
want_rc "fake tree bad path" 2
v2=
if [ -d /sys/fs/cgroup/unified ] || [ "$(stat -f -c %T /sys/fs/cgroup 2>/dev/null)" = cgroup2fs ]; then
	v2=/sys/fs/cgroup
	[ -d /sys/fs/cgroup/unified ] && v2=/sys/fs/cgroup/unified
	rm -f "$log"
	fake env FAKE_LOG="$log" "$CGSCOPE" tree "$v2"
	want_eq "fake tree PATH request" "$(cat "$log")" "cmd=3 dump=1 2=0 1=$(stat -c %i "$v2")"
	fake "$CGSCOPE" tree --hierarchy 3 "$v2"
	want_eq "fake tree PATH vs --hierarchy" "$err" "Error: $v2 is on hierarchy 0, not on hierarchy 3"
fi
fake "$CGSCOPE" tree --hierarchy 9
want_eq "fake tree no hierarchy" "$err" "Error: no such hierarchy: 9 (kernel: no hierarchy with this id)"
fake env FAKE_ORPHAN=1 "$CGSCOPE" tree --hierarchy 0
want_has "fake orphan" "$out" "
/lost/child  [id 99] tasks 0  (parent 98 not in the dump)"
fake env FAKE_ORPHAN=1 "$CGSCOPE" -j tree --hierarchy 0
want_json "fake -j orphan" 'map(select(.id == 99)) | length == 1'

fake "$CGSCOPE" csets
want_rc "fake csets" 0
want_has "fake csets header" "$out" "ID                REFS  TASKS  FLAGS     CGROUPS"
want_has "fake csets init" "$out" "deadbeefcafef00d     2      1  init      h1:/ h4:/ h0:/ h3:/"
want_has "fake csets more" "$out" "    tasks: 2000 2001 2002 2003 2004 2005 2006 2007 2008 2009 ... (5 more)"
want_has "fake csets threaded" "$out" "threaded"
fake "$CGSCOPE" -j csets
want_json "fake -j csets truncated filled" 'map(select(.nr_tasks == 15))[0].tasks == [range(2000;2015)]'
want_json "fake -j csets all complete" 'all(.[]; (.tasks | length) == .nr_tasks)'
want_json "fake -j csets fields" '(.[0] | keys_unsorted) == ["id","refcount","nr_tasks","dead","init","dom_cset_id","cgroups","subsys","tasks"]'
want_json "fake -j csets subsys" '.[0].subsys == [{"controller":"devices","hierarchy_id":3,"cgroup_id":1,"css_id":1}]'

fake "$CGSCOPE" task 1001
want_rc "fake task" 0
want_eq "fake task text" "$out" 'pid 1001 (we"ird?n\me) tgid 1001 css_set 0x00000000000ba5e0
  1:name=systemd:/user.slice   ns: /user.slice   id 5
  4:net_cls,net_prio:/   ns: /   id 1
  0::/user.slice/user-1000.slice   ns: /user.slice/user-1000.slice   id 30
  3:devices:/docker/abc   ns: /   id 8'
fake "$CGSCOPE" -j task 1001
want_json "fake -j task comm escaped" '.comm == "we\"ird\tn\\me"'
want_json "fake -j task fields" '(keys_unsorted == ["pid","tgid","comm","cset_id","cgroups"]) and (.cgroups[0] | keys_unsorted) == ["hierarchy_id","cgroup_id","path","ns_path"]'
fake "$CGSCOPE" task 99999
want_rc "fake task ENOENT" 2
want_eq "fake task ENOENT msg" "$err" "Error: no such task: 99999 (kernel: no task with this pid)"
fake "$CGSCOPE" -j task list
want_json "fake -j task list" 'length == 21 and .[0].pid == 1'
fake "$CGSCOPE" task l
want_rc "fake task l" 0

# Interrupted dumps: retried up to 3 times, then a warning.
rm -f "$log"
fake env FAKE_INTR=3 FAKE_LOG="$log" "$CGSCOPE" roots
want_eq "fake 3 interrupted dumps: no warning" "$err" ""
want_eq "fake 3 interrupted dumps: 4 requests" "$(grep -c cmd=2 "$log")" 4
rm -f "$log"
fake env FAKE_INTR=4 FAKE_LOG="$log" "$CGSCOPE" -j roots
want_rc "fake 4 interrupted dumps" 0
want_eq "fake 4 interrupted dumps: warning" "$err" "Warning: the cgroup world changed during the dump; results may be inconsistent"
want_eq "fake 4 interrupted dumps: 4 requests" "$(grep -c cmd=2 "$log")" 4
want_json "fake 4 interrupted dumps: output" 'length == 4'

# Errors from the kernel
fake env FAKE_EPERM=1 "$CGSCOPE" info
want_rc "fake EPERM" 2
want_eq "fake EPERM msg" "$err" "Error: permission denied: cgscope needs CAP_NET_ADMIN in the initial user namespace (kernel: missing CAP_NET_ADMIN)"
fake env FAKE_EPERM=1 FAKE_NO_EXTACK=1 "$CGSCOPE" csets
want_eq "fake EPERM no extack" "$err" "Error: permission denied: cgscope needs CAP_NET_ADMIN in the initial user namespace"
fake env FAKE_EPERM=1 "$CGSCOPE" -j tree
want_json "fake -j EPERM" '.error | startswith("permission denied")'
fake env FAKE_DUMP_ERR=1 "$CGSCOPE" tree
want_eq "fake error in DONE" "$err" "Error: cannot list cgroups: Input/output error (kernel: cgroup walk failed)"
fake env FAKE_MALFORMED=1 "$CGSCOPE" roots
want_rc "fake malformed" 2
want_eq "fake malformed msg" "$err" "Error: malformed hierarchy reply from the kernel: Input data out of range (attribute 1 has 2 bytes)"
fake env FAKE_NOFAMILY=1 CGSCOPE_KO=/x/cgscope.ko "$CGSCOPE" -j info
want_json "fake no family" ".error == $(printf '%s, or insmod /x/cgscope.ko' "$nofamily" | jq -R .)"
# Where the binary runs from decides whether the hint names a build path.
mkdir -p "$tmp/inst" "$tmp/notree/build/user" "$tmp/src/build/user" "$tmp/src/kmod"
: >"$tmp/src/kmod/main.c"
for d in inst notree/build/user src/build/user; do
	cp "$CGSCOPE" "$tmp/$d/cgscope"
done
fake env FAKE_NOFAMILY=1 "$tmp/inst/cgscope" info
want_eq "no family, installed binary" "$err" "Error: $nofamily"
fake env FAKE_NOFAMILY=1 "$tmp/notree/build/user/cgscope" info
want_eq "no family, build/ of no source tree" "$err" "Error: $nofamily"
fake env FAKE_NOFAMILY=1 "$tmp/src/build/user/cgscope" info
want_eq "no family, in a source tree" "$err" \
	"Error: $nofamily, or in this source tree: insmod $(cd "$tmp/src" && pwd -P)/build/kmod/$(uname -r)/cgscope.ko"

# Small receive buffers and one message per datagram give the same output.
for obj in roots "tree" csets "task list"; do
	# shellcheck disable=SC2086
	fake "$CGSCOPE" -j $obj
	ref=$out
	# shellcheck disable=SC2086
	fake env CGSCOPE_RCVBUF=1 FAKE_PER_DGRAM=1 "$CGSCOPE" -j $obj
	want_eq "fake $obj with CGSCOPE_RCVBUF=1" "$out" "$ref"
done
fake env CGSCOPE_RCVBUF=12x "$CGSCOPE" roots
want_eq "CGSCOPE_RCVBUF=12x" "$err" "Error: invalid CGSCOPE_RCVBUF '12x': not a decimal number"

# ---- devices ----

rm -f "$log"
fake env FAKE_LOG="$log" "$CGSCOPE" devices --pid 1000
want_rc "fake devices --pid" 0
want_eq "fake devices --pid text" "$out" "devices cgroup: /docker/abc (hierarchy 3, id 8)
behavior: default deny (exceptions allow)
c *:* m
b *:* m
c 1:3 rwm
c 1:5 r
c 136:* rw
bpf programs (v2 cgroup /user.slice/user-1000.slice, id 30):
  id 17  name dev_allow  tag 0123456789abcdef  attached at /user.slice (inherited)  flags 0x2
    rules unknown: cannot open BPF program 17: No such file or directory
effective policy (every layer must allow): unknown: program 17 could not be read"
want_eq "fake devices --pid requests" "$(cat "$log")" "cmd=6 dump=0 1=1000
cmd=3 dump=0 2=0 1=11"
fake "$CGSCOPE" devices --pid 1002
want_eq "fake devices own and inherited programs" "$(printf '%s\n' "$out" | tail -n 6)" "bpf programs (v2 cgroup /user.slice/user-1000.slice/t, id 31):
  id 23  name -  tag ff0010000000000a  attached at /user.slice/user-1000.slice/t  flags 0x0
    rules unknown: cannot open BPF program 23: No such file or directory
  id 17  name dev_allow  tag 0123456789abcdef  attached at /user.slice (inherited)  flags 0x2
    rules unknown: cannot open BPF program 17: No such file or directory
effective policy (every layer must allow): unknown: program 23 could not be read"
fake env FAKE_NO_CGROUP_DO=1 "$CGSCOPE" devices --pid 1002
want_rc "fake devices, attach point unknown" 0
want_has "fake devices, attach point by id" "$out" "  id 17  name dev_allow  tag 0123456789abcdef  attached at cgroup id 11 (inherited)  flags 0x2"
fake "$CGSCOPE" devices --pid=812
want_eq "fake devices root" "$out" "devices cgroup: / (hierarchy 3, id 1)
behavior: default allow (exceptions deny)
(no exceptions)
bpf programs: none (v2 cgroup /system.slice/ssh.service, id 20)
effective policy (every layer must allow):
  default allow"

rm -f "$log"
fake env FAKE_LOG="$log" "$CGSCOPE" -j devices --pid 1002
want_rc "fake -j devices" 0
want_eq "fake -j devices: no path lookups" "$(cat "$log")" "cmd=6 dump=0 1=1002"
want_json "fake -j devices fields" 'keys_unsorted == ["cgroup_id","hierarchy_id","path","behavior","exceptions","v2_cgroup_id","v2_path","bpf_programs","policy"]'
want_json "fake -j devices v1" '.cgroup_id == 8 and .hierarchy_id == 3 and .path == "/docker/abc" and .behavior == "deny"'
want_json "fake -j devices exceptions" '.exceptions == [{"type":"c","major":-1,"minor":-1,"access":"m"},{"type":"b","major":-1,"minor":-1,"access":"m"},{"type":"c","major":1,"minor":3,"access":"rwm"},{"type":"c","major":1,"minor":5,"access":"r"},{"type":"c","major":136,"minor":-1,"access":"rw"}]'
want_json "fake -j devices v2" '.v2_cgroup_id == 31 and .v2_path == "/user.slice/user-1000.slice/t"'
want_json "fake -j devices programs" '.bpf_programs == [{"id":23,"name":"","tag":"ff0010000000000a","attached_at":31,"attach_flags":0,"inherited":false,"generator":null,"generator_inner":null,"exact":false,"partial_reason":null,"partial_insn":null,"default":null,"rules":null,"read_error":"cannot open BPF program 23: No such file or directory"},{"id":17,"name":"dev_allow","tag":"0123456789abcdef","attached_at":11,"attach_flags":2,"inherited":true,"generator":null,"generator_inner":null,"exact":false,"partial_reason":null,"partial_insn":null,"default":null,"rules":null,"read_error":"cannot open BPF program 17: No such file or directory"}]'
want_json "fake -j devices policy unknown" '.policy == {"exact":false,"reason":"program 23 could not be read","default":null,"rules":null}'
fake "$CGSCOPE" -j devices --pid 812
want_json "fake -j devices empty lists" '.exceptions == [] and .bpf_programs == [] and .behavior == "allow"'
want_json "fake -j devices nothing restricts" '.policy == {"exact":true,"reason":null,"default":"allow","rules":[]}'

fake "$CGSCOPE" devices --pid 99999
want_rc "fake devices ESRCH" 2
want_eq "fake devices ESRCH msg" "$err" "Error: no such task: 99999 (kernel: no such task)"
fake "$CGSCOPE" -j devices --pid 99999
want_json "fake -j devices ESRCH" '.error == "no such task: 99999 (kernel: no such task)"'
fake env FAKE_NO_DEVCG=1 "$CGSCOPE" devices --pid 1
want_eq "fake devices old module" "$err" "Error: the loaded cgscope module is too old for 'cgscope devices' (it lacks CGSCOPE_CMD_DEVCG_GET)"
fake env FAKE_EPERM=1 "$CGSCOPE" devices --pid 1
want_eq "fake devices EPERM" "$err" "Error: permission denied: cgscope needs CAP_NET_ADMIN in the initial user namespace (kernel: missing CAP_NET_ADMIN)"
fake env FAKE_DEVCG_MALFORMED=tag "$CGSCOPE" devices --pid 1000
want_rc "fake devices short tag" 2
want_eq "fake devices short tag msg" "$err" "Error: malformed device cgroup reply from the kernel: nested attribute 9: Input data out of range"
want_eq "fake devices short tag stdout" "$out" ""
fake env FAKE_DEVCG_MALFORMED=type "$CGSCOPE" -j devices --pid 1000
want_rc "fake -j devices bad type" 2
want_json "fake -j devices bad type msg" '.error == "malformed device cgroup reply from the kernel: exception of unknown device type 9"'

# A cgroup directory: real ids go out, FAKE_DEVCG_AS picks the answer.
devdir=$(awk -F' - ' '{ split($1, a, " "); split($2, b, " ");
	if (b[1] == "cgroup" && ("," b[3] ",") ~ /,devices,/) print a[5] }' \
	/proc/self/mountinfo | head -n 1)
devhier=$(awk '$1 == "devices" { print $2 }' /proc/cgroups 2>/dev/null)
if [ -n "$devdir" ] && [ -d "$devdir" ] && [ -n "$devhier" ]; then
	devid=$(stat -c %i "$devdir")
	rm -f "$log"
	fake env FAKE_LOG="$log" FAKE_DEVCG_AS=7 "$CGSCOPE" devices "$devdir"
	want_rc "fake devices v1 PATH" 0
	want_eq "fake devices v1 PATH request" "$(cat "$log")" "cmd=6 dump=0 2=$devhier 3=$devid"
	want_eq "fake devices default allow" "$out" "devices cgroup: /docker (hierarchy 3, id 7)
behavior: default allow (exceptions deny)
c 1:3 rw
b 8:* m
bpf programs: none
effective policy (every layer must allow):
  default allow, except:
  b 8:* m
  c 1:3 rw"
	fake env FAKE_DEVCG_AS=7 "$CGSCOPE" -j devices "$devdir"
	want_json "fake -j devices v1 PATH" '.behavior == "allow" and (.exceptions | length) == 2 and .v2_cgroup_id == null and .v2_path == null and .bpf_programs == null'
	want_json "fake -j devices v1 policy" '.policy.default == "allow" and .policy.rules == [{"allow":false,"type":"b","major":8,"major_last":8,"minor":-1,"minor_last":-1,"access":"m","requests":null},{"allow":false,"type":"c","major":1,"major_last":1,"minor":3,"minor_last":3,"access":"rw","requests":null}]'
	fake env FAKE_DEVCG_AS=999 "$CGSCOPE" devices "$devdir"
	want_eq "fake devices v1 PATH ENOENT" "$err" "Error: $devdir: no such cgroup (hierarchy $devhier, id $devid) (kernel: no such cgroup in this hierarchy)"

	rm -f "$log"
	fake env FAKE_LOG="$log" FAKE_DEVCG_AS=7 "$CGSCOPE" check --cgroup "$devdir" c 1:3 r
	want_rc "fake check default allow, exception" 1
	want_eq "fake check --cgroup request" "$(cat "$log")" "cmd=7 dump=0 2=$devhier 3=$devid 4=2 5=1 6=3 7=2"
	want_eq "fake check default allow, exception text" "$out" "denied: c 1:3 r by devices cgroup /docker: exception c 1:3 rw denies it (default allow)"
	fake env FAKE_DEVCG_AS=7 "$CGSCOPE" check --cgroup "$devdir" c 1:3 m
	want_rc "fake check default allow" 0
	want_eq "fake check default allow text" "$out" "allowed: c 1:3 m by devices cgroup /docker: no exception matched, default allow"
	fake env FAKE_DEVCG_AS=7 "$CGSCOPE" -j check --cgroup "$devdir" b 8:1 rwm
	want_rc "fake -j check default allow, partial" 1
	want_json "fake -j check default allow, partial" '. == {"allowed":false,"layer":"v1","rule":"b 8:* m","prog_id":null,"prog_generator":null,"prog_rule":null,"prog_reason":null,"device":"b 8:1","access":"rwm","behavior":"allow","cgroup":{"id":7,"path":"/docker"},"v2_cgroup":null,"nr_progs":0}'
	fake env FAKE_DEVCG_AS=1 "$CGSCOPE" check --cgroup "$devdir" c 1:3 r
	want_eq "fake check v1 root" "$out" "allowed: c 1:3 r: nothing restricts this cgroup"
	fake env FAKE_DEVCG_AS=999 "$CGSCOPE" check --cgroup "$devdir" c 1:3 r
	want_rc "fake check ENOENT" 2
	want_eq "fake check ENOENT msg" "$err" "Error: $devdir: no such cgroup (hierarchy $devhier, id $devid) (kernel: no such cgroup in this hierarchy)"
else
	echo "note: no cgroup v1 devices mount; skipping the devices PATH checks"
fi
if [ -n "$v2" ]; then
	rm -f "$log"
	fake env FAKE_LOG="$log" FAKE_DEVCG_AS=31 "$CGSCOPE" devices "$v2"
	want_eq "fake devices v2 PATH request" "$(head -n 1 "$log")" "cmd=6 dump=0 2=0 3=$(stat -c %i "$v2")"
	want_eq "fake devices v2 PATH" "$(printf '%s\n' "$out" | head -n 2)" "devices cgroup: none
bpf programs (v2 cgroup /user.slice/user-1000.slice/t, id 31):"
	fake env FAKE_DEVCG_AS=31 "$CGSCOPE" -j devices "$v2"
	want_json "fake -j devices v2 PATH" '.cgroup_id == null and .hierarchy_id == null and .path == null and .behavior == null and .exceptions == null and (.bpf_programs | length) == 2'
	fake env FAKE_DEVCG_AS=31 "$CGSCOPE" check --cgroup "$v2" c 1:3 r
	want_rc "fake check v2 cgroup, allowed" 0
	want_eq "fake check v2 cgroup, allowed text" "$out" "allowed: c 1:3 r: all 2 bpf programs of v2 cgroup /user.slice/user-1000.slice/t allow it"
	fake env FAKE_DEVCG_AS=30 "$CGSCOPE" -j check --cgroup "$v2" c 1:11 rw
	want_rc "fake -j check v2 cgroup, denied" 1
	want_json "fake -j check v2 cgroup, denied" '. == {"allowed":false,"layer":"bpf","rule":null,"prog_id":17,"prog_generator":null,"prog_rule":null,"prog_reason":"rules unknown: cannot open BPF program 17: No such file or directory","device":"c 1:11","access":"rw","behavior":null,"cgroup":null,"v2_cgroup":{"id":30,"path":"/user.slice/user-1000.slice"},"nr_progs":1}'
	fake env FAKE_DEVCG_AS=1 "$CGSCOPE" check --cgroup "$v2" c 1:3 r
	want_eq "fake check v2 root" "$out" "allowed: c 1:3 r: nothing restricts this cgroup"
	fake env FAKE_DEVCG_AS=1 "$CGSCOPE" -j check --cgroup "$v2" c 1:3 r
	want_json "fake -j check v2 root" '.layer == "none" and .rule == null and .behavior == null and .cgroup == null and .v2_cgroup == {"id":1,"path":"/"}'
fi
nodev=$(awk -F' - ' '{ split($1, a, " "); split($2, b, " ");
	if (b[1] == "cgroup" && ("," b[3] ",") !~ /,devices,/ && b[3] !~ /name=/) print a[5] }' \
	/proc/self/mountinfo | head -n 1)
if [ -n "$nodev" ] && [ -d "$nodev" ]; then
	fake "$CGSCOPE" devices "$nodev"
	want_has "fake devices on a hierarchy without devices" "$err" "Error: cannot get the device rules of $nodev: Invalid argument (kernel: this hierarchy has no devices controller: name a devices or a v2 cgroup)"
fi

# ---- check ----

# check_text NAME RC TEXT ARGS...: exit status and exact output
check_text() {
	name=$1
	want=$2
	text=$3
	shift 3
	fake "$CGSCOPE" check "$@"
	want_rc "fake check $name" "$want"
	want_eq "fake check $name text" "$out" "$text"
	want_eq "fake check $name stderr" "$err" ""
}

rm -f "$log"
fake env FAKE_LOG="$log" "$CGSCOPE" check --pid 1000 c 1:11 w
want_eq "fake check --pid request" "$(cat "$log")" "cmd=7 dump=0 1=1000 4=2 5=1 6=11 7=4"
check_text "bpf deny" 1 "denied: c 1:11 w by bpf program 17 of v2 cgroup /user.slice/user-1000.slice: rules unknown: cannot open BPF program 17: No such file or directory" \
	--pid 1000 c 1:11 w
check_text "v1 exception allows" 0 "allowed: c 1:3 rw by devices cgroup /docker/abc: exception c 1:3 rwm
  (first, the bpf program of v2 cgroup /user.slice/user-1000.slice allowed it)" \
	--pid 1000 c 1:3 wr
check_text "v1 default deny" 1 "denied: c 1:11 r by devices cgroup /docker/abc: no exception matched, default deny
  (first, the bpf program of v2 cgroup /user.slice/user-1000.slice allowed it)" \
	c 1:11 r --pid 1000
check_text "v1 exception covers part" 1 "denied: c 1:5 rw by devices cgroup /docker/abc: no exception matched, default deny
  (first, the bpf program of v2 cgroup /user.slice/user-1000.slice allowed it)" \
	--pid 1000 c 1:5 rw
check_text "v1 wildcard" 0 "allowed: b 8:0 m by devices cgroup /docker/abc: exception b *:* m
  (first, the bpf program of v2 cgroup /user.slice/user-1000.slice allowed it)" \
	--pid 1000 b 8:0 m
check_text "two programs" 0 "allowed: c 1:3 rm by devices cgroup /docker/abc: exception c 1:3 rwm
  (first, all 2 bpf programs of v2 cgroup /user.slice/user-1000.slice/t allowed it)" \
	--pid 1002 c 1:3 mr
check_text "second program denies" 1 "denied: b 7:0 r by bpf program 23 of v2 cgroup /user.slice/user-1000.slice/t: rules unknown: cannot open BPF program 23: No such file or directory" \
	--pid 1002 b 7:0 r
check_text "nothing restricts" 0 "allowed: c 1:11 w: nothing restricts this task" \
	--pid 812 c 1:11 w
check_text "node" 0 "allowed: c 1:3 rw by devices cgroup /docker/abc: exception c 1:3 rwm
  (first, the bpf program of v2 cgroup /user.slice/user-1000.slice allowed it)" \
	--pid 1000 /dev/null rw
check_text "node, default deny" 1 "denied: c 1:5 w by devices cgroup /docker/abc: no exception matched, default deny
  (first, the bpf program of v2 cgroup /user.slice/user-1000.slice allowed it)" \
	--pid 1000 -- /dev/zero w
blk=$(find /dev -maxdepth 1 -type b 2>/dev/null | head -n 1)
if [ -n "$blk" ]; then
	blkmaj=$(printf '%d' "0x$(stat -c %t "$blk")")
	blkmin=$(printf '%d' "0x$(stat -c %T "$blk")")
	check_text "block node" 1 "denied: b $blkmaj:$blkmin wm by bpf program 23 of v2 cgroup /user.slice/user-1000.slice/t: rules unknown: cannot open BPF program 23: No such file or directory" \
		--pid 1002 "$blk" wm
fi

fake "$CGSCOPE" -j check --pid 1000 c 1:11 w
want_rc "fake -j check bpf deny" 1
want_eq "fake -j check bpf deny stderr" "$err" ""
want_json "fake -j check bpf deny" '. == {"allowed":false,"layer":"bpf","rule":null,"prog_id":17,"prog_generator":null,"prog_rule":null,"prog_reason":"rules unknown: cannot open BPF program 17: No such file or directory","device":"c 1:11","access":"w","behavior":null,"cgroup":{"id":8,"path":"/docker/abc"},"v2_cgroup":{"id":30,"path":"/user.slice/user-1000.slice"},"nr_progs":1}'
want_json "fake -j check field order" 'keys_unsorted == ["allowed","layer","rule","prog_id","prog_generator","prog_rule","prog_reason","device","access","behavior","cgroup","v2_cgroup","nr_progs"]'
fake "$CGSCOPE" -j check --pid 1000 c 1:3 mwr
want_rc "fake -j check v1 allow" 0
want_json "fake -j check v1 allow" '. == {"allowed":true,"layer":"v1","rule":"c 1:3 rwm","prog_id":null,"prog_generator":null,"prog_rule":null,"prog_reason":null,"device":"c 1:3","access":"rwm","behavior":"deny","cgroup":{"id":8,"path":"/docker/abc"},"v2_cgroup":{"id":30,"path":"/user.slice/user-1000.slice"},"nr_progs":1}'
fake "$CGSCOPE" -j check --pid 1000 c 1:11 r
want_rc "fake -j check v1 default" 1
want_json "fake -j check v1 default" '.allowed == false and .layer == "v1" and .rule == "default deny" and .prog_id == null and .behavior == "deny"'
fake "$CGSCOPE" -j check --pid 812 c 1:11 w
want_rc "fake -j check none" 0
want_json "fake -j check none" '. == {"allowed":true,"layer":"none","rule":null,"prog_id":null,"prog_generator":null,"prog_rule":null,"prog_reason":null,"device":"c 1:11","access":"w","behavior":"allow","cgroup":{"id":1,"path":"/"},"v2_cgroup":{"id":20,"path":"/system.slice/ssh.service"},"nr_progs":0}'
fake "$CGSCOPE" -p check --pid 1002 b 7:0 r
want_rc "fake -p check" 1
want_json "fake -p check" '.prog_id == 23 and .nr_progs == 2'

# ---- access ----

want_arg_error "access: missing PATH or --pid PID" access
want_arg_error "access: unknown option '--cgroup'" access --cgroup /sys/fs/cgroup
want_arg_error "invalid PID 'x': not a decimal number" access --pid x
fake "$CGSCOPE" access --pid 1000 /nonexistent-dir
want_rc "fake access missing DIR" 2
want_eq "fake access missing DIR msg" "$err" "Error: access: /nonexistent-dir: No such file or directory"
want_eq "fake access missing DIR stdout" "$out" ""
accdir=$(mktemp -d)
if mknod "$accdir/kmsg" c 1 11 2>/dev/null && mknod "$accdir/null" c 1 3 &&
   ln -s null "$accdir/link" && mkdir "$accdir/sub" &&
   mknod "$accdir/sub/loop0" b 7 0; then
	fake "$CGSCOPE" -j access --pid 1002 "$accdir"
	want_rc "fake -j access" 0
	want_json "fake -j access nodes, no links" '[.[] | select(.node != null) | .node | ltrimstr("'"$accdir"'")] == ["/kmsg", "/null", "/sub/loop0"]'
	want_json "fake -j access kernel devices after the nodes" 'all(.[3:][]; .node == null and .name != null)'
	want_json "fake -j access null" '.[1] | .type == "c" and .major == 1 and .minor == 3 and .r and .w and .m and .denials == []'
	want_json "fake -j access v1 denial" '.[0].denials[0] == {"access":"r","layer":"v1","prog_id":null,"prog_rule":null,"reason":"devices cgroup /docker/abc: default deny"}'
	want_json "fake -j access denials per access" '.[0] | .r == false and .w == false and .m and (.denials | map(.access)) == ["r", "w"] and .denials[1].prog_id == 17'
	want_json "fake -j access bpf denial" '.[2].denials[0] | .layer == "bpf" and .prog_id == 23 and .prog_rule == null and (.reason | startswith("bpf program 23: rules unknown: "))'
	fake "$CGSCOPE" access --pid 1002 "$accdir"
	want_rc "fake access" 0
	want_eq "fake access header" "$(printf '%s\n' "$out" | head -n 1 | tr -s ' ')" "NODE DEVICE r w m DENIED BY"
	want_has "fake access null line" "$out" "$accdir/null"
else
	echo "note: cannot mknod here; skipping the access node checks"
fi
rm -rf "$accdir"

fake "$CGSCOPE" check --pid 99999 c 1:3 r
want_rc "fake check ESRCH" 2
want_eq "fake check ESRCH msg" "$err" "Error: no such task: 99999 (kernel: no such task)"
want_eq "fake check ESRCH stdout" "$out" ""
fake env FAKE_NO_DEVCG=1 "$CGSCOPE" -j check --pid 1 c 1:3 r
want_rc "fake check old module" 2
want_json "fake check old module" ".error == \"the loaded cgscope module is too old for 'cgscope check' (it lacks CGSCOPE_CMD_DEVCG_CHECK)\""
fake env FAKE_EPERM=1 "$CGSCOPE" check --pid 1 c 1:3 r
want_rc "fake check EPERM" 2
fake env FAKE_DEVCG_MALFORMED=layer "$CGSCOPE" check --pid 1000 c 1:3 r
want_rc "fake check bad layer" 2
want_eq "fake check bad layer msg" "$err" "Error: malformed device check reply from the kernel: unknown layer 9"
fake env FAKE_DEVCG_MALFORMED=verdict "$CGSCOPE" check --pid 1000 c 1:3 r
want_eq "fake check no verdict" "$err" "Error: malformed device check reply from the kernel: no verdict or no layer"
fake env FAKE_DEVCG_MALFORMED=type "$CGSCOPE" check --pid 1000 c 1:3 r
want_eq "fake check bad rule" "$err" "Error: malformed device check reply from the kernel: exception of unknown device type 9"

# Small receive buffers give the same answers.
for args in "devices --pid 1002" "check --pid 1002 b 7:0 r" "check --pid 1000 c 1:3 r"; do
	# shellcheck disable=SC2086
	fake "$CGSCOPE" -j $args
	ref=$out
	# shellcheck disable=SC2086
	fake env CGSCOPE_RCVBUF=1 FAKE_PER_DGRAM=1 "$CGSCOPE" -j $args
	want_eq "fake $args with CGSCOPE_RCVBUF=1" "$out" "$ref"
done

# ---- ns ----

fake "$CGSCOPE" ns 1
want_rc "fake ns" 0
want_eq "fake ns text" "$out" "pid 1 (systemd) tgid 1
FILE               INODE       OWNER       LEVEL
cgroup             4026531835  4026531837  
ipc                4026531839  4026531837  
mnt                4026531841  4026531837  
net                4026531840  4026531837  
pid                4026531836  4026531837  0
pid_for_children   4026531836  4026531837  0
time               4026531834  4026531837  
time_for_children  4026531834  4026531837  
user               4026531837  -           0
uts                4026531838  4026531837  
cgroup namespace 4026531835: root
  root css_set 0xdeadbeefcafef00d
  0::/   id 1
  1:name=systemd:/   id 1
  3:devices:/   id 1
  4:net_cls,net_prio:/   id 1"
fake "$CGSCOPE" -j ns 1001
want_json "fake -j ns fields" 'keys_unsorted == ["pid","comm","tgid","namespaces","cgroup_ns"] and .comm == "we\"ird\tn\\me"'
want_json "fake -j ns namespaces" '(.namespaces | map(.file)) == ["cgroup","ipc","mnt","net","pid","pid_for_children","time","time_for_children","user","uts"] and .namespaces[8] == {"file":"user","type":"user","inode":4026531837,"for_children":false,"owner_user_ns":null,"level":0}'
want_json "fake -j ns cgroup_ns" '.cgroup_ns.inode == 4026532400 and .cgroup_ns.root_cset_id == 763360 and (.cgroup_ns.roots | map(.cgroup_id)) == [30,5,8]'
fake "$CGSCOPE" ns 1001
want_no_control "fake ns scrubs paths" "$out"
want_has "fake ns roots" "$out" "cgroup namespace 4026532400: root
  root css_set 0x00000000000ba5e0
  0::/user.slice/user-1000.slice   id 30
  1:name=systemd:/user.slice   id 5
  3:devices:/docker/?[1mabc   id 8"
fake "$CGSCOPE" ns list --type cgroup
want_no_control "fake ns list scrubs paths" "$out"
fake "$CGSCOPE" ns 99999
want_rc "fake ns ESRCH" 2
want_eq "fake ns ESRCH msg" "$err" "Error: no such task: 99999"
fake "$CGSCOPE" ns list --type net
want_eq "fake ns list --type" "$out" "NS          TYPE    NPROCS NTHREADS     PID OWNER       LEVEL
4026531840  net         17       20       1 4026531837  "
fake "$CGSCOPE" -j ns l
want_json "fake -j ns list" 'length == 9 and (map(.type) | unique) == ["cgroup","ipc","mnt","net","pid","time","user","uts"] and (.[0] | keys_unsorted) == ["type","inode","nr_tasks","nr_threads","pid","owner_user_ns","root_cset_id","roots"]'
fake "$CGSCOPE" -j ns list --type cgroup --inode 4026532400
want_json "fake -j ns list --inode" 'length == 1 and .[0].pid == 1001 and .[0].nr_tasks == 1'
fake "$CGSCOPE" ns list --type net --inode 5
want_rc "fake ns list ENOENT" 2
want_eq "fake ns list ENOENT msg" "$err" "Error: no task is in net namespace 5"

# ---- events and watch ----

fake "$CGSCOPE" events
want_rc "fake events" 0
want_eq "fake events text" "$(printf '%s\n' "$out" | grep -E ' #(1|2|3|5|8) ')" '2026-11-23T15:10:01.001000001Z #1 denial pid 1000 (bash) c 1:11 r cgroup 3:/docker/abc v2 /user.slice/user-1000.slice by v1 default deny
2026-11-23T15:10:01.002000002Z #2 denial pid 1002 (bash-thr) b 7:0 rw cgroup 3:/docker/abc v2 /user.slice/user-1000.slice/t by bpf prog 23
2026-11-23T15:10:01.003000003Z #3 rule pid 1000 (bash) deny "c 1:3 rw" cgroup 3:/docker: ok
2026-11-23T15:10:01.005000005Z #5 rule pid 1 (systemd) attach prog 23 () flags 0 v2 /user.slice/user-1000.slice/t: ok
2026-11-23T15:10:01.008000008Z #8 denial pid 812 (sshd) c 1:3 wm cgroup 3:/ v2 /system.slice/ssh.service (rules changed since: none layer allows now)'
want_eq "fake events, nothing known" "$(printf '%s\n' "$out" | tail -n 1)" "2026-11-23T15:10:01.010000010Z #10 denial pid 2001 (?) c 4:1 rw cgroup 3:?"
fake "$CGSCOPE" -j events
want_json "fake -j events" 'length == 9 and map(.seq) == [1,2,3,5,6,7,8,9,10]'
want_json "fake -j events denial" '.[0] == {"type":"denial","seq":1,"time":"2026-11-23T15:10:01.001000001Z","mono_ns":5000000001,"pid":1000,"tgid":1000,"comm":"bash","hierarchy_id":3,"cgroup_id":8,"path":"/docker/abc","v2_cgroup_id":30,"v2_path":"/user.slice/user-1000.slice","dev":{"type":"c","major":1,"minor":11},"access":"r","layer":"v1","rule":"default deny","prog_id":null}'
want_json "fake -j events rule" '.[3] == {"type":"rule","seq":5,"time":"2026-11-23T15:10:01.005000005Z","mono_ns":5000000005,"pid":1,"tgid":1,"comm":"systemd","hierarchy_id":null,"cgroup_id":null,"path":null,"v2_cgroup_id":31,"v2_path":"/user.slice/user-1000.slice/t","kind":"bpf","op":"attach","rule":null,"prog_id":23,"prog_name":"","attach_flags":0,"error":0}'
want_json "fake -j events names kept" '.[4].comm == "\u001b[31mworker\u001b[0m" and .[4].path == "/docker/\u001b]0;owned\u0007abc" and .[4].rule == "c 1:5 rw"'
want_json "fake -j events unknowns" '.[8] | .comm == null and .path == null and .layer == null and .rule == null'
fake "$CGSCOPE" events --stats
want_eq "fake events --stats" "$out" "armed true  triggered 10  ratelimited 1  recorded 9  overrun 0  sent 9  missed 2  ring 256  rate 100/s"
fake "$CGSCOPE" -j events --stats
want_json "fake -j events --stats" '. == {"armed":true,"triggered":10,"ratelimited":1,"recorded":9,"overrun":0,"sent":9,"missed":2,"ring_size":256,"rate":100}'

# The fake sends the ring as notifications after the arming, then a
# goodbye: watch ends as when the module goes away.
fake "$CGSCOPE" watch --denials --pid 1000
want_rc "fake watch" 2
want_eq "fake watch text" "$out" '2026-11-23T15:10:01.001000001Z #1 denial pid 1000 (bash) c 1:11 r cgroup 3:/docker/abc v2 /user.slice/user-1000.slice by v1 default deny
2026-11-23T15:10:01.002000002Z #2 denial pid 1002 (bash-thr) b 7:0 rw cgroup 3:/docker/abc v2 /user.slice/user-1000.slice/t by bpf prog 23
# lost 1 event after #3 (rate limit, ring or socket overrun)'
want_eq "fake watch stderr" "$err" "cgscope watch: watching device events from #1; Ctrl-C to stop
Error: the cgscope module was unloaded: no more events"
fake "$CGSCOPE" -j watch --changes --pid=1
want_eq "fake -j watch" "$out" '{"type":"lost","count":1,"after_seq":3}
{"type":"rule","seq":5,"time":"2026-11-23T15:10:01.005000005Z","mono_ns":5000000005,"pid":1,"tgid":1,"comm":"systemd","hierarchy_id":null,"cgroup_id":null,"path":null,"v2_cgroup_id":31,"v2_path":"/user.slice/user-1000.slice/t","kind":"bpf","op":"attach","rule":null,"prog_id":23,"prog_name":"","attach_flags":0,"error":0,"rules_removed":null,"rules_added":null,"rules_default":null,"rules_unknown":"program 23 could not be read"}
{"type":"rule","seq":9,"time":"2026-11-23T15:10:01.009000009Z","mono_ns":5000000009,"pid":1,"tgid":1,"comm":"systemd","hierarchy_id":null,"cgroup_id":null,"path":null,"v2_cgroup_id":11,"v2_path":"/user.slice","kind":"bpf","op":"detach","rule":null,"prog_id":17,"prog_name":"dev_\u001b[5mallow","attach_flags":2,"error":0,"rules_removed":null,"rules_added":null,"rules_default":null,"rules_unknown":"program 17 could not be read"}
{"error":"the cgscope module was unloaded: no more events"}'
fake "$CGSCOPE" watch --denials --pid 1
want_eq "fake watch nothing shown" "$out" "# lost 1 event after #3 (rate limit, ring or socket overrun)"
# Without a goodbye watch waits for more, until Ctrl-C: then it sums up.
fake env FAKE_NO_GOODBYE=1 timeout -s INT 2 "$CGSCOPE" -j watch --changes --pid 1
want_eq "fake watch until Ctrl-C" "$(printf '%s\n' "$out" | jq -c '[.type, .seq]' | tr '\n' ' ')" '["lost",null] ["rule",5] ["rule",9] '
want_eq "fake watch until Ctrl-C stderr" "$err" "cgscope watch: watching device events from #1; Ctrl-C to stop
cgscope watch: 9 events received, 2 shown, 1 lost"

# Names from the kernel reach the terminal scrubbed: every control
# character (and so every escape sequence) is shown as '?'.
fake "$CGSCOPE" watch --pid 2000
want_eq "fake watch scrubs names" "$out" '# lost 1 event after #3 (rate limit, ring or socket overrun)
2026-11-23T15:10:01.006000006Z #6 denial pid 2000 (?[31mworker?[0m) c 1:5 w cgroup 3:/docker/?]0;owned?abc v2 /user.slice/?[2Jx?1m by v1 exception "c 1:5 rw"
2026-11-23T15:10:01.010000010Z #10 denial pid 2001 (?) c 4:1 rw cgroup 3:?'
fake "$CGSCOPE" watch
want_no_control "fake watch" "$out"
fake "$CGSCOPE" events
want_no_control "fake events" "$out"
want_eq "fake events scrubs rules and names" "$(printf '%s\n' "$out" | grep -E ' #(7|9) ')" '2026-11-23T15:10:01.007000007Z #7 rule pid 1000 (bash) allow "b 8:* m??[A" cgroup 3:/docker/abc: Operation not permitted
2026-11-23T15:10:01.009000009Z #9 rule pid 1 (systemd) detach prog 17 (dev_?[5mallow) flags 0x2 v2 /user.slice: ok'

# ---- dying ----

fake "$CGSCOPE" dying --controller memory
want_rc "fake dying" 0
want_eq "fake dying text" "$out" "CONTROLLER    CSS  HIER    CGROUP     CHARGED    REFS  STATE     PATH
memory        213     0        21     1.2 MiB      12  removed   /system.slice/cron.service
memory         46     0        40       512 B       3  removed   -"
fake "$CGSCOPE" dying
want_has "fake dying cgroup" "$out" "cgroup          -     0        21           -       1  removed   /system.slice/cron.service"
want_has "fake dying disabled" "$out" "pids          104     0        10           -       ?  disabled,+online  /system.slice"
fake "$CGSCOPE" -j dying --controller=cgroup
want_json "fake -j dying" '. == [{"controller":"cgroup","css_id":null,"hierarchy_id":0,"cgroup_id":21,"charged_bytes":null,"refs":1,"path":"/system.slice/cron.service","cgroup_dying":true,"online":false,"ref_dead":true,"ref_atomic":true}]'
fake "$CGSCOPE" dying --controller nope
want_rc "fake dying unknown controller" 2
want_eq "fake dying unknown controller msg" "$err" "Error: dying: no controller 'nope' on this kernel"

# ---- dying --why, memcg --files ----

fake "$CGSCOPE" dying --why --all
want_rc "fake dying --why" 0
want_eq "fake dying --why text" "$out" "memory css 213 /system.slice/cron.service (dying): 1.2 MiB charged, 1.0 MiB in page cache of 2 files
       BYTES    PAGES  DEV        INODE  FS     FILE
     1.0 MiB      256  0:999       1234  ext4   [0:999]/var/log/cron.log
     8.0 KiB        2  0:999         77  tmpfs  [0:999]/tmp/?[31mred (tmpfs, 8.0 KiB in swap)
  8.0 KiB of it in tmpfs/shmem: released by deleting those files
  196.8 KiB not in any page cache (anon, kernel memory, pages in flight)
  12.0 KiB of swap charged
  8.0 KiB of tmpfs/shmem in swap: released by deleting those files
  4.0 KiB of swap in no tmpfs file: anon, or slots freed but still in a per-CPU swap slots cache (drained by swapoff)

memory css 46 (no path) (dying): 512 B charged, 4.0 KiB in page cache of 1 file
       BYTES    PAGES  DEV        INODE  FS     FILE
     4.0 KiB        1  0:999         99  ext4   (unlinked)
  0 B not in any page cache (anon, kernel memory, pages in flight)
  4.0 KiB of swap charged
  of which tmpfs/shmem: not known (see the module's load message)
(one walk: 2000 us, longest lock hold 15 us, RCU step 41 us, 45 inodes, 3881 folios)"
want_no_control "fake dying --why scrubs file names" "$out"
fake "$CGSCOPE" -j dying --why 213
want_json "fake -j dying --why" 'length == 1 and .[0].css_id == 213 and .[0].other_bytes == 201523 and (.[0].files | map(.fs_path)) == ["/var/log/cron.log", "/tmp/\u001b[31mred"] and .[0].files[1].shmem and .[0].files[0].path == null and .[0].walk.folios == 3881 and .[0].walk.step_max_ns == 41000 and .[0].swapped_bytes == 8192 and .[0].files[1].swapped_bytes == 8192 and .[0].files[0].swapped_bytes == null'
fake "$CGSCOPE" -j dying --why 46
want_json "fake -j dying --why: swap slot owners not known" '.[0].swap_bytes == 4096 and .[0].swapped_bytes == null'
fake "$CGSCOPE" dying --why 7
want_rc "fake dying --why: no such css" 2
want_eq "fake dying --why: no such css msg" "$err" "Error: cannot find what is charged: No such file or directory (kernel: no memory css with this id)"
want_arg_error "dying: --why takes a memory css id (1 or more) or --all, not '0'" dying --why 0
want_arg_error "invalid css id 'x': not a decimal number" dying --why x
want_arg_error "dying: --why takes one CSS id or --all, not '--all'" dying --why 1 --all
want_arg_error "memcg: missing PATH or --pid PID" memcg --files

# ---- memcg ----

fake "$CGSCOPE" memcg --pid 1000
want_rc "fake memcg" 0
want_eq "fake memcg text" "$(printf '%s\n' "$out" | head -n 9)" "memory cgroup: /user.slice/user-1000.slice (hierarchy 0, id 30, css 303)
usage            31461376  (30.0 MiB)
max              2147483648  (2.0 GiB)
watermark        62914560  (60.0 MiB)
failcnt          3
low              0
high             1073741824  (1.0 GiB)
min              1000
swap_usage       0"
want_has "fake memcg kmem" "$out" "kmem_failcnt     not on this kernel
events_max       7"
fake env FAKE_MEMCG_V1=1 "$CGSCOPE" memcg --pid=1002
want_has "fake memcg v1" "$out" "swap_failcnt     v2 only
memsw_usage      32505856  (31.0 MiB)
memsw_limit      max
memsw_watermark  1023"
fake "$CGSCOPE" -j memcg --pid 1000
want_json "fake -j memcg" '.hierarchy_id == 0 and .cgroup_id == 30 and .css_id == 303 and .usage == 31461376 and .swap_max == "max" and .kmem_usage == null and (keys_unsorted | .[0:5]) == ["hierarchy_id","cgroup_id","path","css_id","usage"]'
fake "$CGSCOPE" memcg --pid 99999
want_rc "fake memcg ESRCH" 2
want_eq "fake memcg ESRCH msg" "$err" "Error: no such task: 99999"

# ---- snapshot ----

fake "$CGSCOPE" snapshot
want_rc "fake snapshot" 0
want_json "fake snapshot" '.format == "cgscope-snapshot" and .consistent and .generation == 42 and (.roots | length) == 4 and (.cgroups | length) == 13 and (.csets | length) == 6 and (.dying | length) == 5 and (.dying_files | map(.css_id)) == [213, 213, 46]'
fake env FAKE_INTR=100 "$CGSCOPE" snapshot
want_json "fake snapshot inconsistent" '.consistent == false and .attempts == 5'

# Every JSON output parses, compact and pretty.
for obj in info roots tree csets "task" "task 1" "tree --hierarchy 1" \
	"devices --pid 1" "devices --pid 1002" "check --pid 1 c 1:3 r" \
	"ns 1001" "ns list" events "events --stats" dying "memcg --pid 1"; do
	for opt in -j -p; do
		# shellcheck disable=SC2086
		fake "$CGSCOPE" $opt $obj
		want_rc "fake $opt $obj" 0
		want_json "fake $opt $obj parses" '.'
	done
done

# Every JSON output of the runs above against the schemas of
# Documentation/json/ (selftests/json_schema.py picks the schema from the
# command line)
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$(dirname "$here")")
if python3 -c 'import jsonschema' 2>/dev/null; then
	if schema_out=$(python3 "$top/selftests/json_schema.py" "$top/Documentation/json" \
			--records "$tmp/json" 2>&1); then
		ok
	else
		ko "JSON outputs against their schemas:
$schema_out"
	fi
	echo "$schema_out" | tail -n 1
else
	ko "python3-jsonschema is not installed: JSON outputs not checked"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
