#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Shared helpers for cgscope's shell selftests.  Source it; it sets -u and
# -o pipefail, kselftest exit codes, a per-test scratch directory, and
# cleanup on exit, and loads the module when it is not loaded (where the
# module, helpers and tools are: layout.sh).  Each check prints a KTAP
# result line (the kernel's ktap_helpers.sh); the plan comes last.

set -u
set -o pipefail
export LC_ALL=C

TEST_NAME=$(basename "$0" .sh)
. "$(dirname "$0")/layout.sh"
if [ ! -r "$ktap_helpers" ]; then
	echo "$TEST_NAME: FAIL: $ktap_helpers is missing (make -C selftests)" >&2
	exit 1
fi
# shellcheck source=/dev/null
. "$ktap_helpers"
# KTAP lines go where the test's stdout went at the start, even from a
# check whose caller silences it (check ... >/dev/null)
exec {ktap_fd}>&1

SCRATCH=$(mktemp -d "/tmp/cgscope-${TEST_NAME}.XXXXXX")

# Every run of cgscope in the test goes through json_record, first in
# PATH as "cgscope", which keeps its arguments, output and exit status in
# $json_dir/runs; finish() holds every JSON output against its schema
# (json_schema.py, Documentation/json/).  The directories are open to all:
# privilege.sh runs cgscope as nobody.  A test run by another one (that
# is kselftest.sh) records its own runs: CGSCOPE_REAL is the real binary.
: "${CGSCOPE_REAL:=$(command -v cgscope)}"
export CGSCOPE_REAL
json_dir=$(mktemp -d "/tmp/cgscope-json-${TEST_NAME}.XXXXXX")
mkdir -m 0755 "$json_dir/bin"
mkdir -m 1777 "$json_dir/runs"
chmod 0755 "$json_dir"
ln -s "$SELFTEST_DIR/json_record" "$json_dir/bin/cgscope"
ln -s "$SELFTEST_DIR/json_args.sh" "$json_dir/bin/json_args.sh"
# shellcheck source=json_args.sh
. "$SELFTEST_DIR/json_args.sh"
export CGSCOPE_JSON_RECORDS=$json_dir/runs
json_sample=		# (stress.sh: how many of the runs finish() checks)
PATH=$json_dir/bin:$PATH

# What json_record does, as a function for the runs in the test's own
# shell (most of them): no process more (a text command runs the real
# binary directly; under TCG a process costs tens of ms, and a test runs
# cgscope hundreds of times).  json_record remains for the runs of other
# programs (bash -c, timeout, setpriv, strace).  watch streams: in a
# subshell (cgscope -j watch ... &) it replaces it, so that $! is the
# watch itself.
cgscope() {
	local f n=0 rc kind=0

	json_args "$@" || kind=$?
	if [ $kind -eq 2 ] && [ "$BASHPID" != $$ ]; then
		exec "$CGSCOPE_REAL" "$@"
	fi
	if [ $kind -ne 0 ]; then
		"$CGSCOPE_REAL" "$@"
		return
	fi
	while [ -e "$CGSCOPE_JSON_RECORDS/$$.$BASHPID.$n.args" ]; do
		n=$((n + 1))
	done
	f=$CGSCOPE_JSON_RECORDS/$$.$BASHPID.$n
	printf '%s\0' "$@" >"$f.args"
	"$CGSCOPE_REAL" "$@" >"$f.out"
	rc=$?
	# (the output ends with one newline: $(<) takes it, printf puts it back)
	[ ! -s "$f.out" ] || printf '%s\n' "$(<"$f.out")"
	echo $rc >"$f.rc"
	return $rc
}
CG2=/sys/fs/cgroup
DEBUGFS=/sys/kernel/debug/cgscope

cleanup_cmds=()

# Register a command to run at exit, last registered first.
on_exit() {
	cleanup_cmds=("$*" "${cleanup_cmds[@]}")
}

run_cleanup() {
	local c
	for c in "${cleanup_cmds[@]}"; do
		eval "$c" >/dev/null 2>&1 || true
	done
	rm -rf "$SCRATCH" "$json_dir"
}
trap run_cleanup EXIT

log() { echo "$TEST_NAME: $*"; }

# ktap_result pass|fail DESCRIPTION: one KTAP result line (no "#" in the
# description: that would start a directive; no globbing of it either,
# ktap_helpers.sh echoes it unquoted).  ktap_helpers.sh counts them
# (KTAP_CNT_PASS, KTAP_CNT_FAIL): no count of our own beside them.
ktap_result() {
	local d=${2//$'\n'/ } glob=
	d=${d//#/}
	case $- in *f*) ;; *) glob=1; set -f ;; esac
	if [ "$1" = pass ]; then
		ktap_test_pass "$TEST_NAME: $d" >&$ktap_fd
	else
		ktap_test_fail "$TEST_NAME: $d" >&$ktap_fd
	fi
	[ -z "$glob" ] || set +f
}

# check DESCRIPTION COMMAND...: run COMMAND, count and report the result.
# A failure is also reported on stderr, which a caller silencing the
# command's output with >/dev/null keeps (run_tests.sh shows both).
check() {
	local what=$1
	shift
	if "$@"; then
		ktap_result pass "$what"
		return 0
	fi
	ktap_result fail "$what"
	log "FAIL: $what" >&2
	return 1
}

# until_true TENTHS COMMAND...: run COMMAND every 0.1 s until it succeeds,
# at most TENTHS times; its last status is returned.  For what the kernel
# finishes asynchronously (a removed cgroup is released from a workqueue
# after an RCU grace period), never for what should already be true.
until_true() {
	local n=$1 i
	shift
	for i in $(seq "$n"); do
		"$@" && return 0
		[ "$i" -lt "$n" ] && sleep 0.1
	done
	return 1
}

# check_not DESCRIPTION COMMAND...: COMMAND must fail.
check_not() {
	local what=$1
	shift
	if ! "$@"; then
		ktap_result pass "$what"
		return 0
	fi
	ktap_result fail "$what"
	log "FAIL: $what" >&2
	return 1
}

# expect_eq DESCRIPTION EXPECTED ACTUAL
expect_eq() {
	if [ "$2" == "$3" ]; then
		ktap_result pass "$1"
		return 0
	fi
	ktap_result fail "$1"
	log "FAIL: $1: expected '$2', got '$3'" >&2
	return 1
}

# skip REASON: end the test as skipped, unless a check already failed: a
# skip after a failure would hide it, so that ends the test as FAIL.
# (The KTAP plan, last: the number of checks is known only at the end.)
skip() {
	local n=$((KTAP_CNT_PASS + KTAP_CNT_FAIL))

	echo "1..$n" >&$ktap_fd
	if [ "$KTAP_CNT_FAIL" -ne 0 ]; then
		log "FAIL: $KTAP_CNT_FAIL of $n checks failed before: $*"
		exit $KSFT_FAIL
	fi
	log "SKIP: $*"
	exit $KSFT_SKIP
}

# json_check [--lines|--file NAME FILE...]: the JSON outputs of the test's
# cgscope runs (or the lines of FILEs: cgscope -j watch; or FILEs, output
# of the real cgscope run where the stand-in would disturb a count)
# against their schemas, one check
json_check() {
	local out what="JSON outputs of cgscope match their schemas"

	# run_tests.sh checks every test's runs at its end, in one python:
	# one per test would cost minutes of make check under TCG
	if [ $# -eq 0 ] && [ -d "${CGSCOPE_JSON_DEFER:-}" ]; then
		local d=$CGSCOPE_JSON_DEFER/$TEST_NAME.$$
		mv "$json_dir/runs" "$d" && echo "$json_sample" >"$d/.sample"
		log "JSON outputs: checked by run_tests.sh at the end (json_schema)"
		return 0
	fi
	if ! python3 -c 'import jsonschema' 2>/dev/null; then
		log "$what: not checked, no python3-jsonschema"
		return 0
	fi
	case ${1:-} in
	--lines) what="every line of cgscope -j $2 matches its schema" ;;
	--file) what="${3##*/} matches the $2 schema" ;;
	esac
	if [ $# -eq 0 ]; then
		out=$(python3 "$SELFTEST_DIR/json_schema.py" "$CGSCOPE_SCHEMAS" \
		      --records "$json_dir/runs" ${json_sample:+--sample $json_sample} 2>&1)
	else
		out=$(python3 "$SELFTEST_DIR/json_schema.py" "$CGSCOPE_SCHEMAS" "$@" 2>&1)
	fi
	local rc=$?
	case $out in
	*" 0 outputs match their schemas, 0 do not") [ $rc -ne 0 ] || return 0 ;;
	esac
	log "${out##*$'\n'}"
	[ $rc -eq 0 ] || printf '%s\n' "$out" | head -n 20 >&2
	check "$what" test $rc -eq 0
}

# Finish: fail if any check failed, or if none ran (a test that asserts
# nothing proves nothing).
finish() {
	local n

	json_check
	n=$((KTAP_CNT_PASS + KTAP_CNT_FAIL))
	echo "1..$n" >&$ktap_fd
	ktap_print_totals >&$ktap_fd
	if [ "$n" -eq 0 ]; then
		log "no checks ran"
		exit $KSFT_FAIL
	fi
	if [ "$KTAP_CNT_FAIL" -ne 0 ]; then
		log "$KTAP_CNT_FAIL of $n checks failed"
		exit $KSFT_FAIL
	fi
	log "$n checks passed"
	exit $KSFT_PASS
}


unload_module() {
	! module_loaded || rmmod cgscope
}

# drop_page_cache: drop the clean page cache, the pages that still wait
# in a per-CPU LRU batch included.  A folio put on the LRU first waits in
# its CPU's batch (at most 15), which holds a reference until that CPU
# adds more or drains it; drop_caches does not drain, and passes over a
# folio with that extra reference, which stays charged to its memory
# cgroup.  A reader that exits where it read drains its CPU (exit_mmap);
# one moved to another CPU before it exits leaves its pages there (in a
# 6.1 guest: a reader pinned to CPU 1, moved to CPU 0 to exit, kept its
# removed cgroup dying through drop_caches, 4 times in 5).  Writing
# compact_memory drains every CPU first (lru_add_drain_all(), as
# fadvise(DONTNEED) does when it finds pages it could not drop).
drop_page_cache() {
	sync
	[ ! -w /proc/sys/vm/compact_memory ] || echo 1 > /proc/sys/vm/compact_memory
	echo 3 > /proc/sys/vm/drop_caches
}

# dmesg_mark [VAR]: write a line of the test's own into the kernel log,
# to look only at what follows it; the line is kept in $dmesg_tag (or VAR).
# (Counting lines would not do: once the ring buffer, 128 KiB on Debian's
# kernels, is full, old lines leave as new ones come, and a count taken
# before skips new lines after.)
dmesg_mark() {
	local tag="cgscope-selftest: $TEST_NAME: mark $$.$SRANDOM"

	echo "$tag" >/dev/kmsg || log "cannot write to /dev/kmsg"
	printf -v "${1:-dmesg_tag}" %s "$tag"
}

# dmesg_since [VAR]: the kernel log lines after dmesg_mark's line; all of
# the log when that line has left the ring buffer (everything in it is
# newer then).
dmesg_since() {
	local tag=${1:-dmesg_tag}

	dmesg | awk -v tag="${!tag}" '
		found { print; next }
		index($0, tag) { found = 1; n = 0; next }
		{ line[++n] = $0 }
		END { if (!found) for (i = 1; i <= n; i++) print line[i] }'
}

# Fail if the kernel complained since dmesg_mark.
dmesg_check_clean() {
	local bad
	bad=$(dmesg_since | grep -E 'WARNING:|BUG:|Oops|Call Trace|general protection|KASAN|kmemleak|lockdep|possible (recursive|circular) locking|suspicious RCU|blocked for more than|soft lockup|hard LOCKUP|rcu.*stall' || true)
	if [ -n "$bad" ]; then
		ktap_result fail "kernel log clean"
		log "FAIL: kernel log has problems:"
		echo "$bad"
		return 1
	fi
	ktap_result pass "kernel log clean"
}

# A v1 hierarchy mounted for the test: mount_v1 DIR OPTIONS
mount_v1() {
	mkdir -p "$1"
	mount -t cgroup -o "$2" cgscope-test "$1" || return 1
	on_exit "umount '$1'"
}

# Kill whatever is left in a cgroup and wait until it is empty.
empty_cgroup() {
	local i
	if [ -e "$1/cgroup.kill" ]; then
		echo 1 > "$1/cgroup.kill"
	else
		xargs -r kill -9 < "$1/cgroup.procs"
	fi
	for i in $(seq 50); do
		[ -s "$1/cgroup.procs" ] || return 0
		sleep 0.1
	done
}

# A cgroup directory made for the test, emptied and removed at exit
# (children first, as cleanups run in reverse).
make_cgroup() {
	mkdir -p "$1" || return 1
	on_exit "empty_cgroup '$1'; rmdir '$1'"
}

# Run a command as a process placed in cgroup DIR, killed at exit; its pid
# is left in $spawned.  (Not for $(...): the cleanup it registers would be
# lost with the subshell.)
# spawn_in DIR COMMAND...
spawn_in() {
	local dir=$1 i
	shift
	sh -c 'echo $$ > "$1/cgroup.procs" && shift && exec "$@"' sh "$dir" "$@" \
		>/dev/null 2>&1 &
	spawned=$!
	on_exit "kill -9 $spawned; wait $spawned"
	# wait until it sits in the cgroup
	for i in $(seq 100); do
		grep -qx "$spawned" "$dir/cgroup.procs" 2>/dev/null && break
		sleep 0.05
	done
}

ktap_print_header >&$ktap_fd
# Every test starts with the module loaded (module_load.sh and the tests
# that reload it unload it themselves).
if ! load_module; then
	skip "cgscope is not loaded and cannot be: set CGSCOPE_KO to the module, or install it (make modules_install)"
fi
