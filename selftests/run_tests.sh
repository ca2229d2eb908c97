#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run cgscope's selftests here, as root, and print TAP the way the kernel's
# kselftest runner does: each test's own KTAP output as comments, then its
# result line.  From the tree (`make -C selftests run_tests`) or an
# installed copy (make check runs build/ksft/cgscope/run_tests.sh); where
# the tests, helpers and module are: layout.sh.  Exit status: 0 if none
# failed.
#
# usage: run_tests.sh [TEST...]   (default: all, in the Makefile's order)
set -u

here=$(cd "$(dirname "$0")" && pwd)
. "$here/layout.sh"
bin=$CGSCOPE_SELFTEST_BIN
timeout=${CGSCOPE_TEST_TIMEOUT:-300}

# The run order: selftests/Makefile's RUN_ORDER, or the installed list
if [ -r "$here/../kselftest-list.txt" ]; then
	mapfile -t all_tests < <(sed -n 's/^cgscope://p' "$here/../kselftest-list.txt")
else
	read -r -a all_tests < <(make -s --no-print-directory -C "$here" list)
fi
if [ ${#all_tests[@]} -eq 0 ]; then
	echo "run_tests.sh: no list of tests (selftests/Makefile or kselftest-list.txt)" >&2
	exit 1
fi

tests=("$@")
[ ${#tests[@]} -gt 0 ] || tests=("${all_tests[@]}")
# A kernel with kmemleak (the debug kernel of scripts/debug-kernel): forget
# what it suspected before the first test, check for leaks after the last.
# Only the outermost run does: a run inside a test (kselftest.sh's make
# run_tests) would clear what the tests before it leaked and unload the
# module under the run that called it.
kmemleak=
if [ -w /sys/kernel/debug/kmemleak ] && [ -z "${CGSCOPE_KMEMLEAK_RUN:-}" ]; then
	kmemleak=1
	tests+=(kmemleak.sh)
	export CGSCOPE_KMEMLEAK_RUN=$$
fi

# Every test's JSON outputs, held against their schemas once at the end
# (lib.sh's json_check leaves them here), as one more result: json_schema
json_defer=
nr_results=${#tests[@]}
if python3 -c 'import jsonschema' 2>/dev/null; then
	json_defer=$(mktemp -d /tmp/cgscope-json-all.XXXXXX)
	export CGSCOPE_JSON_DEFER=$json_defer
	nr_results=$((nr_results + 1))
else
	echo "# JSON outputs not checked: no python3-jsonschema" >&2
fi

echo "TAP version 13"
echo "1..$nr_results"
# (scripts/check holds skips against its per-kernel list of expected ones)
echo "# kernel release: $(uname -r)"
if [ -n "$kmemleak" ]; then
	echo "# kmemleak: scanning once to forget what boot left"
	"$here/kmemleak.sh" --baseline 2>&1 | sed 's/^/# /'
fi
# The tests expect the module loaded, as each one leaves it.
if ! load_module; then
	echo "Bail out! cgscope is not loaded and cannot be: set CGSCOPE_KO to the module, or install it (make modules_install)"
	exit 1
fi
n=0
failed=0
for t in "${tests[@]}"; do
	n=$((n + 1))
	if [ -x "$here/$t" ]; then
		cmd=("$here/$t")
	elif [ -x "$bin/$t" ]; then
		cmd=("$bin/$t")
	else
		echo "not ok $n selftests: cgscope: $t # missing"
		failed=$((failed + 1))
		continue
	fi
	echo "# selftests: cgscope: $t"
	# the tests that ask the real kernel thousands of questions (each a
	# process under TCG) get twice the time
	t_timeout=$timeout
	case $t in
	devcg_runtimes.sh | devcg_shapes.sh) t_timeout=$((timeout * 2)) ;;
	esac
	start=$SECONDS
	# (not --foreground: at the limit, the test's whole process group is
	# signalled, so that no worker it left holds the pipe open)
	timeout -k 10 "$t_timeout" "${cmd[@]}" 2>&1 | sed -u 's/^/# /'
	rc=${PIPESTATUS[0]}
	echo "# $t took $((SECONDS - start)) s"
	case $rc in
	0) echo "ok $n selftests: cgscope: $t" ;;
	4) echo "ok $n selftests: cgscope: $t # SKIP" ;;
	124) echo "not ok $n selftests: cgscope: $t # TIMEOUT $t_timeout seconds"
	     failed=$((failed + 1)) ;;
	*) echo "not ok $n selftests: cgscope: $t # exit=$rc"
	   failed=$((failed + 1)) ;;
	esac
	# Every test leaves the module loaded for the next one.  One that
	# did not is put right; if that fails, the run fails and says so
	# (the next tests fail on their own: nl_policy with "module not
	# loaded").
	if ! module_loaded; then
		echo "# $t left cgscope unloaded: loading ${CGSCOPE_KO:-it with modprobe}"
		if ! out=$(load_module 2>&1); then
			echo "# FAIL: loading cgscope after $t failed: $out"
			failed=$((failed + 1))
		fi
	fi
done
if [ -n "$json_defer" ]; then
	n=$((n + 1))
	echo "# selftests: cgscope: json_schema"
	python3 "$here/json_schema.py" "$CGSCOPE_SCHEMAS" --tree "$json_defer" \
		>"$json_defer.out" 2>&1
	rc=$?
	sed 's/^/# /' "$json_defer.out"
	if [ "$rc" -eq 0 ]; then
		echo "ok $n selftests: cgscope: json_schema"
	else
		echo "not ok $n selftests: cgscope: json_schema # exit=$rc"
		failed=$((failed + 1))
	fi
	rm -rf "$json_defer" "$json_defer.out"
fi
[ "$failed" -eq 0 ]
