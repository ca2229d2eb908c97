#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The selftests as a kselftest target, the ways a kernel developer runs
# them: `make -C selftests install INSTALL_PATH=DIR` then the kernel's own
# DIR/run_kselftest.sh, and `make -C selftests run_tests`.  Each way must
# report a passing test as ok, with its checks as KTAP result lines and a
# plan that counts them, and a failing one as not ok.  The installed copy
# runs with none of the source tree's variables (CGSCOPE_TOP,
# CGSCOPE_SELFTEST_BIN): its own helpers, spec and YNL cli.
. "$(dirname "$0")/lib.sh"

command -v perl >/dev/null || skip "no perl (the kselftest runner's prefix.pl)"

# On a kmemleak kernel the leak check is the outermost run's: the runs
# started here (run_tests.sh, make run_tests) must not scan, clear or
# unload the module under it.
export CGSCOPE_KMEMLEAK_RUN=${CGSCOPE_KMEMLEAK_RUN:-$$}

# The source tree: where these tests are, or CGSCOPE_TOP (scripts/vm sets
# it, also for the installed copy make check runs)
src=
if [ -f "$SELFTEST_DIR/Makefile" ]; then
	src=$SELFTEST_DIR
elif [ -n "${CGSCOPE_TOP:-}" ] && [ -f "$CGSCOPE_TOP/selftests/Makefile" ]; then
	src=$CGSCOPE_TOP/selftests
fi
if [ -n "$src" ]; then
	command -v make >/dev/null || skip "no make"
	check "make -C selftests install" \
		make -s -C "$src" install INSTALL_PATH="$SCRATCH/ksft" \
		>"$SCRATCH/install.log" 2>&1 || { cat "$SCRATCH/install.log"; finish; }
	order=$(make -s --no-print-directory -C "$src" list)
else
	# an installed copy and no source tree: the copy itself, in a
	# scratch directory (a failing test is added to it below)
	log "no source tree: make install and make run_tests are not tried"
	cp -a "$SELFTEST_DIR/.." "$SCRATCH/ksft"
	order=$(sed -n 's/^cgscope://p' "$SELFTEST_DIR/../kselftest-list.txt" | xargs)
fi
dir=$SCRATCH/ksft

# Every test of the run order is listed and installed, runnable.
listed=$(sed -n 's/^cgscope://p' "$dir/kselftest-list.txt" | xargs)
expect_eq "kselftest-list.txt is the run order" "$order" "$listed"
for t in $listed; do
	check "installed $t is executable" test -x "$dir/cgscope/$t"
done
for f in settings config layout.sh lib.sh cgscope.yaml ynl/cli.py json/tree.schema.json \
	 ../kselftest/runner.sh ../kselftest/ktap_helpers.sh ../run_kselftest.sh; do
	check "installed $f" test -e "$dir/cgscope/$f"
done

# run_ksft OUT ARGS...: the installed runner, outside the source tree's
# variables; its output in $SCRATCH/OUT.  (Appended: the runner writes the
# tests' output through its own open of /dev/stdout, which on a file
# opened without O_APPEND would overwrite its result lines.)
run_ksft() {
	local out=$SCRATCH/$1
	shift
	: >"$out"
	env -u CGSCOPE_TOP -u CGSCOPE_SELFTEST_BIN "$dir/run_kselftest.sh" "$@" \
		>>"$out" 2>&1
}

# show_if_failed BEFORE FILE: FILE, when checks failed since KTAP_CNT_FAIL
# was BEFORE
show_if_failed() {
	[ "$KTAP_CNT_FAIL" -eq "$1" ] || sed 's/^/  | /' "$SCRATCH/$2"
}

# nested_ok OUT TEST: TEST's own KTAP in OUT has a plan equal to its
# result lines, none of them "not ok"
nested_ok() {
	awk -v t="# selftests: cgscope: $2" '
		$0 == t { p = 1; next }
		p && /^(not )?ok / { exit }
		p && /^# ok [0-9]+ / { ok++ }
		p && /^# not ok [0-9]+ / { bad++ }
		p && /^# 1\.\.[0-9]+$/ { plan = substr($2, 4) }
		END { exit !(ok > 0 && bad == 0 && plan == ok) }' "$SCRATCH/$1"
}

run_ksft list.txt -l
check "run_kselftest.sh -l lists cgscope:info.sh" grep -qx 'cgscope:info.sh' "$SCRATCH/list.txt"

# (make check runs every test from an installed copy, ynl.sh with the
# copy's spec and cli among them: two here are enough)
f0=$KTAP_CNT_FAIL
run_ksft run.txt -t cgscope:info.sh -t cgscope:nl_policy
check "run_kselftest.sh: info.sh ok" grep -qx 'ok 1 selftests: cgscope: info.sh' "$SCRATCH/run.txt"
check "run_kselftest.sh: nl_policy ok" grep -qx 'ok 2 selftests: cgscope: nl_policy' "$SCRATCH/run.txt"
check "info.sh's checks are KTAP results, counted by its plan" nested_ok run.txt info.sh
check "info.sh prints KTAP totals" grep -q '^# # Totals: pass:[1-9][0-9]* fail:0 ' "$SCRATCH/run.txt"
check "settings timeout applied" bash -c "! grep -q 'TIMEOUT 45 seconds' '$SCRATCH/run.txt'"
show_if_failed "$f0" run.txt

# A failing check reaches the runner's verdict: a test added to the copy
cat >"$dir/cgscope/ksft_fail.sh" <<'EOT'
#!/bin/bash
. "$(dirname "$0")/lib.sh"
check "true holds" true
check "false holds" false
finish
EOT
chmod 755 "$dir/cgscope/ksft_fail.sh"
echo cgscope:ksft_fail.sh >>"$dir/kselftest-list.txt"
f0=$KTAP_CNT_FAIL
run_ksft fail.txt -t cgscope:ksft_fail.sh
check "failing test: not ok" grep -q '^not ok 1 selftests: cgscope: ksft_fail.sh # exit=1' "$SCRATCH/fail.txt"
check "failing check: its KTAP line" grep -qx '# not ok 2 ksft_fail: false holds' "$SCRATCH/fail.txt"
check "passing check: its KTAP line" grep -qx '# ok 1 ksft_fail: true holds' "$SCRATCH/fail.txt"
check "failing test: plan counts both" grep -qx '# 1..2' "$SCRATCH/fail.txt"
show_if_failed "$f0" fail.txt

# A test past its time ends as TIMEOUT, and whatever it started in the
# background goes with it (else a worker holding the output pipe open
# would keep run_tests.sh waiting until the guest's own limit)
cat >"$dir/cgscope/ksft_hang.sh" <<'EOT'
#!/bin/bash
sleep 1000 &
echo "worker $!"
sleep 1000
EOT
chmod 755 "$dir/cgscope/ksft_hang.sh"
f0=$KTAP_CNT_FAIL
CGSCOPE_TEST_TIMEOUT=3 timeout 60 "$dir/cgscope/run_tests.sh" ksft_hang.sh \
	>"$SCRATCH/hang.txt" 2>&1
check "test past its time: run_tests.sh ends" test $? -ne 124
check "test past its time: not ok, TIMEOUT" \
	grep -qx 'not ok 1 selftests: cgscope: ksft_hang.sh # TIMEOUT 3 seconds' "$SCRATCH/hang.txt"
worker=$(sed -n 's/^# worker \([0-9]*\)$/\1/p' "$SCRATCH/hang.txt")
# (gone, or a zombie not yet reaped)
check "test past its time: its background worker killed" \
	bash -c '[ -n "$1" ] && ! grep -q "^State:[[:space:]]*[^Z]" "/proc/$1/status" 2>/dev/null' \
	_ "$worker"
show_if_failed "$f0" hang.txt

# make -C selftests run_tests, a subset chosen as with lib.mk
if [ -n "$src" ]; then
	f0=$KTAP_CNT_FAIL
	make -s -C "$src" run_tests TEST_PROGS=info.sh TEST_GEN_PROGS= \
		>"$SCRATCH/make.txt" 2>&1
	check "make run_tests: exit 0" test $? -eq 0
	check "make run_tests: info.sh ok" grep -qx 'ok 1 selftests: cgscope: info.sh' "$SCRATCH/make.txt"
	# (one test, then run_tests.sh's check of its JSON outputs)
	check "make run_tests: one test and json_schema" grep -qx '1..2' "$SCRATCH/make.txt"
	check "make run_tests: json_schema ok" grep -qx 'ok 2 selftests: cgscope: json_schema' "$SCRATCH/make.txt"
	check "make run_tests: info.sh's KTAP" nested_ok make.txt info.sh
	show_if_failed "$f0" make.txt
fi

finish
