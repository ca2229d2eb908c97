#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Shared helpers for cgscope's shell selftests.  Source it; it sets -u and
# -o pipefail, kselftest exit codes, a per-test scratch directory, and
# cleanup on exit.  Tests run as root inside a scripts/vm guest, where
# CGSCOPE_KO names the module built for the running kernel.

set -u
set -o pipefail
export LC_ALL=C

KSFT_PASS=0
KSFT_FAIL=1
KSFT_SKIP=4

TEST_NAME=$(basename "$0" .sh)
SCRATCH=$(mktemp -d "/tmp/cgscope-${TEST_NAME}.XXXXXX")
CG2=/sys/fs/cgroup
DEBUGFS=/sys/kernel/debug/cgscope
: "${CGSCOPE_KO:=${CGSCOPE_TOP:-.}/build/kmod/$(uname -r)/cgscope.ko}"

nr_checks=0
nr_failed=0
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
	rm -rf "$SCRATCH"
}
trap run_cleanup EXIT

log() { echo "$TEST_NAME: $*"; }

# check DESCRIPTION COMMAND...: run COMMAND, count and report the result.
# A failure is reported on stderr, which a caller silencing the command's
# output with >/dev/null keeps (run_tests.sh shows both).
check() {
	local what=$1
	shift
	nr_checks=$((nr_checks + 1))
	if "$@"; then
		return 0
	fi
	nr_failed=$((nr_failed + 1))
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
	nr_checks=$((nr_checks + 1))
	if ! "$@"; then
		return 0
	fi
	nr_failed=$((nr_failed + 1))
	log "FAIL: $what" >&2
	return 1
}

# expect_eq DESCRIPTION EXPECTED ACTUAL
expect_eq() {
	nr_checks=$((nr_checks + 1))
	if [ "$2" == "$3" ]; then
		return 0
	fi
	nr_failed=$((nr_failed + 1))
	log "FAIL: $1: expected '$2', got '$3'" >&2
	return 1
}

# skip REASON: end the test as skipped, unless a check already failed: a
# skip after a failure would hide it, so that ends the test as FAIL.
skip() {
	if [ "$nr_failed" -ne 0 ]; then
		log "FAIL: $nr_failed of $nr_checks checks failed before: $*"
		exit $KSFT_FAIL
	fi
	log "SKIP: $*"
	exit $KSFT_SKIP
}

# Finish: fail if any check failed, or if none ran (a test that asserts
# nothing proves nothing).
finish() {
	if [ "$nr_checks" -eq 0 ]; then
		log "no checks ran"
		exit $KSFT_FAIL
	fi
	if [ "$nr_failed" -ne 0 ]; then
		log "$nr_failed of $nr_checks checks failed"
		exit $KSFT_FAIL
	fi
	log "$nr_checks checks passed"
	exit $KSFT_PASS
}

module_loaded() { [ -d /sys/module/cgscope ]; }

load_module() {
	module_loaded || insmod "$CGSCOPE_KO" "$@"
}

unload_module() {
	! module_loaded || rmmod cgscope
}

# Remember where the kernel log is, to look only at what follows.
dmesg_mark() {
	dmesg_lines=$(dmesg | wc -l)
}

# Kernel log lines since dmesg_mark.
dmesg_since() {
	dmesg | tail -n +$((dmesg_lines + 1))
}

# Fail if the kernel complained since dmesg_mark.
dmesg_check_clean() {
	local bad
	bad=$(dmesg_since | grep -E 'WARNING:|BUG:|Oops|Call Trace|general protection|KASAN|kmemleak|lockdep|possible (recursive|circular) locking|suspicious RCU|blocked for more than|soft lockup|hard LOCKUP|rcu.*stall' || true)
	nr_checks=$((nr_checks + 1))
	if [ -n "$bad" ]; then
		nr_failed=$((nr_failed + 1))
		log "FAIL: kernel log has problems:"
		echo "$bad"
		return 1
	fi
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
