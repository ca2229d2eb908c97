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

# run CMD...: sets $rc, $out (stdout), $err (stderr)
run() {
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	out=$(cat "$tmp/out")
	err=$(cat "$tmp/err")
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

# ---- 2. without the module ----

run "$CGSCOPE" info
case "$err" in
*"module not loaded"*)
	kodir="build/kmod/$(uname -r)"
	msg="cgscope module not loaded (family \"cgscope\" not found); load it with: insmod $kodir/cgscope.ko"
	for obj in info roots tree csets task "task 1" "task list" "tree --hierarchy 0"; do
		# shellcheck disable=SC2086
		want_arg_error "$msg" $obj
	done
	run env CGSCOPE_KO=/opt/cgscope/cgscope.ko "$CGSCOPE" roots
	want_eq "CGSCOPE_KO" "$err" "Error: cgscope module not loaded (family \"cgscope\" not found); load it with: insmod /opt/cgscope/cgscope.ko"
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
features: devcg_v1 cgroup_bpf memcg cgroup_ns bit9
hierarchies: 4
init css_set: 0xdeadbeefcafef00d"
fake "$CGSCOPE" -j info
want_json "fake -j info" '.version == "0.1-fake" and .kernel == "6.12.0-fake" and .features == ["devcg_v1","cgroup_bpf","memcg","cgroup_ns","bit9"] and .nr_hierarchies == 4 and (.init_cset_id | type) == "number"'
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

fake "$CGSCOPE" tree --hierarchy 0
want_rc "fake tree -h 0" 0
want_eq "fake tree text" "$out" "/  [id 1] tasks 1  cpuset cpu io memory pids
├─user.slice  [id 11] tasks 0  cpu memory pids
│ └─user-1000.slice  [id 30] tasks 17  memory
│   └─t  [id 31] tasks 1
└─system.slice  [id 10] tasks 0  cpu memory pids
  ├─cron.service  [id 21] tasks 0  pids  (dying)
  └─ssh.service  [id 20] tasks 2  pids"
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
want_json "fake no family" '.error == "cgscope module not loaded (family \"cgscope\" not found); load it with: insmod /x/cgscope.ko"'

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

# Every JSON output parses, compact and pretty.
for obj in info roots tree csets "task" "task 1" "tree --hierarchy 1"; do
	for opt in -j -p; do
		# shellcheck disable=SC2086
		fake "$CGSCOPE" $opt $obj
		want_rc "fake $opt $obj" 0
		want_json "fake $opt $obj parses" '.'
	done
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
