#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Random command lines against cgscope (with tests/fake_kernel.so in place
# of the module): every one must end with exit status 0, 1 or 2, never a
# signal or a sanitizer report, and an exit 2 must say why on stderr (or,
# with -j, as {"error": ...} on stdout).
#
# Usage: CGSCOPE=... FAKE_KERNEL=... [CLI_FUZZ_N=1000] [CLI_FUZZ_SEED=N] sh cli_fuzz.sh

CGSCOPE=${CGSCOPE:-../build/user/cgscope}
N=${CLI_FUZZ_N:-1000}
SEED=${CLI_FUZZ_SEED:-$$}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0:detect_leaks=0"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

# words a command line is made of: objects, options, numbers, paths, junk
words='info roots tree csets task ns watch events devices check help list
--hierarchy --pid --cgroup --type --inode --denials --changes --stats -j -p
-- - --pid= --type=net --inode=1 c b a 1:3 1:* *:* 4294967295 4294967296
-1 0 1 2 99999999999999999999 0x10 r w m rw rwm rwx x /dev/null /dev/kmsg
/sys/fs/cgroup /proc / net pid mnt cgroup uts ipc user time
%s%n%s%n %%% "" é \\ '"'"' ;'

awk -v n="$N" -v seed="$SEED" -v words="$words" 'BEGIN {
	srand(seed)
	nw = split(words, w, /[ \n]+/)
	for (i = 0; i < n; i++) {
		k = int(rand() * 6)
		line = ""
		for (j = 0; j < k; j++) {
			t = w[1 + int(rand() * nw)]
			if (rand() < 0.05)
				t = t t
			line = line (j ? "\t" : "") t
		}
		print line
	}
}' >"$tmp/lines"

bad=0
count=0
while IFS= read -r line; do
	count=$((count + 1))
	# shellcheck disable=SC2086 # split on tabs only
	(IFS='	'; set -f; LD_PRELOAD=$FAKE_KERNEL timeout 10 "$CGSCOPE" $line \
		>"$tmp/out" 2>"$tmp/err" </dev/null)
	rc=$?
	case $rc in
	0 | 1) ;;
	2)
		if ! [ -s "$tmp/err" ] && ! grep -q '"error"' "$tmp/out"; then
			echo "FAIL: exit 2 without a message: cgscope $line"
			bad=$((bad + 1))
		fi ;;
	*)
		echo "FAIL: exit $rc: cgscope $line"
		head -n 5 "$tmp/err"
		bad=$((bad + 1)) ;;
	esac
	if grep -q 'AddressSanitizer\|runtime error\|LeakSanitizer' "$tmp/err"; then
		echo "FAIL: sanitizer: cgscope $line"
		head -n 10 "$tmp/err"
		bad=$((bad + 1))
	fi
done <"$tmp/lines"
echo "cli_fuzz: $count command lines (seed $SEED), $bad bad"
[ "$bad" -eq 0 ]
