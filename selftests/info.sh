#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `cgscope info` against what the kernel and /proc say.
. "$(dirname "$0")/lib.sh"

load_module
check "cgscope info" cgscope info >"$SCRATCH/info.txt"
check "text names the kernel" grep -q "$(uname -r)" "$SCRATCH/info.txt"

check "cgscope -j info" cgscope -j info >"$SCRATCH/info.json"
check "valid JSON" jq -e . "$SCRATCH/info.json" >/dev/null
check "pretty JSON" bash -c 'cgscope -p info | jq -e . >/dev/null'

expect_eq "kernel release" "$(uname -r)" "$(jq -r .kernel "$SCRATCH/info.json")"
expect_eq "module version" "$(cat /sys/module/cgscope/version)" \
	"$(jq -r .version "$SCRATCH/info.json")"
check "init css_set id" jq -e '.init_cset_id > 0' "$SCRATCH/info.json" >/dev/null

has_feature() { jq -e --arg f "$1" '.features | index($f) != null' "$SCRATCH/info.json" >/dev/null; }
if grep -qw '^devices' /proc/cgroups; then
	check "devcg_v1 feature" has_feature devcg_v1
else
	check_not "no devcg_v1 feature" has_feature devcg_v1
fi
if grep -qw '^memory' /proc/cgroups; then
	check "memcg feature" has_feature memcg
fi
# memcg v1 exists where the kernel accepts a v1 memory mount, or refuses
# it with EBUSY only: the controller is in use on v2 (after other tests,
# or on a systemd machine), which says nothing about v1.  mount(2) itself,
# for its errno.
mount_errno() {
	python3 -c 'import ctypes, sys
libc = ctypes.CDLL(None, use_errno=True)
r = libc.mount(b"none", sys.argv[1].encode(), b"cgroup", 0, b"memory")
print(0 if r == 0 else ctypes.get_errno())' "$1"
}
mkdir -p "$SCRATCH/mem"
e=$(mount_errno "$SCRATCH/mem")
[ "$e" != 0 ] || umount "$SCRATCH/mem"
case $e in
0 | 16) check "memcg_v1 feature (v1 memory mount: errno $e)" has_feature memcg_v1 ;;
*) check_not "no memcg_v1 feature (v1 memory mount: errno $e)" has_feature memcg_v1 ;;
esac
# css_set_lock is exported exactly when the kernel has a ksymtab entry for it
if grep -qw __ksymtab_css_set_lock /proc/kallsyms; then
	check "locks_exported feature" has_feature locks_exported
else
	check_not "no locks_exported feature" has_feature locks_exported
fi

# hierarchies: the v2 one plus one per distinct v1 hierarchy in /proc/cgroups
# (the guest mounts no named v1 hierarchy)
v1=$(awk 'NR > 1 && $2 != 0 { print $2 }' /proc/cgroups | sort -u | wc -l)
expect_eq "hierarchies" "$((v1 + 1))" "$(jq -r .nr_hierarchies "$SCRATCH/info.json")"

check "--version" bash -c 'cgscope --version | grep -q "^cgscope "'

# The family serves the initial network namespace only: from another one,
# with the module live, the lookup finds nothing and the command says so
# (and not that the module is being loaded or unloaded).
out=$(unshare -n cgscope info 2>&1)
expect_eq "exit status in another network namespace" 2 "$?"
check "another network namespace: 'not visible here' ($out)" \
	grep -q 'is not visible here: it serves the initial network namespace only' <<<"$out"
finish
