#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run cgscope's selftests in this guest and print TAP (kselftest style):
# shell tests from selftests/, C tests from build/selftests/.  Each test's
# output is printed as TAP comments.  Exit status: 0 if none failed.
#
# usage: run_tests.sh [TEST...]   (default: all, in the order below)
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
bin=${CGSCOPE_SELFTEST_BIN:-$top/build/selftests}
timeout=${CGSCOPE_TEST_TIMEOUT:-300}

all_tests=(
	module_load.sh
	module_autoload.sh
	info.sh
	privilege.sh
	debugfs_input.sh
	nl_policy
	nl_fuzz
	memcg_v1.sh
	roots.sh
	tree.sh
	task.sh
	csets.sh
	debug_oracle.sh
	dump_resume.sh
	devcg_v1.sh
	devcg_seed001.sh
	devcg_v2.sh
	ns.sh
	events.sh
	ynl.sh
	dying.sh
	memcg_files.sh
	debugfs_views.sh
	devcg_runtimes.sh
	devcg_shapes.sh
	devcg_watch_rules.sh
	snapshot.sh
	memcg.sh
)

tests=("$@")
[ ${#tests[@]} -gt 0 ] || tests=("${all_tests[@]}")
# A kernel with kmemleak (the debug kernel of scripts/debug-kernel): forget
# what it suspected before the first test, check for leaks after the last.
kmemleak=
if [ -w /sys/kernel/debug/kmemleak ]; then
	kmemleak=1
	tests+=(kmemleak.sh)
fi

echo "TAP version 13"
echo "1..${#tests[@]}"
# (scripts/check holds skips against its per-kernel list of expected ones)
echo "# kernel release: $(uname -r)"
if [ -n "$kmemleak" ]; then
	echo "# kmemleak: scanning once to forget what boot left"
	"$here/kmemleak.sh" --baseline
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
	timeout --foreground -k 10 "$t_timeout" "${cmd[@]}" 2>&1 | sed -u 's/^/# /'
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
	if [ ! -d /sys/module/cgscope ]; then
		echo "# $t left cgscope unloaded: insmod ${CGSCOPE_KO}"
		if ! out=$(insmod "${CGSCOPE_KO}" 2>&1); then
			echo "# FAIL: insmod after $t failed: $out"
			failed=$((failed + 1))
		fi
	fi
done
[ "$failed" -eq 0 ]
