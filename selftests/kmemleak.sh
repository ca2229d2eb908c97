#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# No kernel memory leaks, on a kernel with kmemleak (the debug kernel of
# scripts/debug-kernel); skipped elsewhere.  run_tests.sh calls it with
# --baseline before the first test, which scans once and forgets what
# kmemleak suspected by then (boot), and runs it as the last test: the
# module is unloaded (so what it failed to free is unreferenced), kmemleak
# scans twice with a pause (an object is reported only once it has been
# unreferenced for a while), and any object listed fails the test.
. "$(dirname "$0")/lib.sh"

KMEMLEAK=/sys/kernel/debug/kmemleak
[ -w "$KMEMLEAK" ] || skip "no kmemleak in this kernel"

scan() {
	echo scan > "$KMEMLEAK" && sleep "${1:-0}"
}

if [ "${1:-}" = --baseline ]; then
	scan && echo clear > "$KMEMLEAK"
	exit
fi

check "rmmod cgscope" unload_module
scan 6
scan 1
scan
cat "$KMEMLEAK" > "$SCRATCH/leaks"
nr=$(grep -c '^unreferenced object' "$SCRATCH/leaks")
expect_eq "objects kmemleak reports" 0 "$nr" || head -n 200 "$SCRATCH/leaks"
finish
