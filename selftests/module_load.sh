#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The module loads and unloads cleanly, many times over, and refuses to
# load, leaving nothing behind, when one of its load-time checks fails.
. "$(dirname "$0")/lib.sh"

family_present() { cgscope info >/dev/null 2>&1; }

dmesg_mark
unload_module
check "module unloads" bash -c '! [ -d /sys/module/cgscope ]'

for i in $(seq 20); do
	check "insmod #$i" insmod "$CGSCOPE_KO" || break
	check "family registered #$i" family_present
	check "debugfs dir #$i" test -d "$DEBUGFS"
	check "rmmod #$i" rmmod cgscope || break
	check "family gone #$i" bash -c '! cgscope info >/dev/null 2>&1'
	check "debugfs gone #$i" bash -c "! test -e $DEBUGFS"
done

# Without the module the command says so, with the exit status for errors.
out=$(cgscope info 2>&1)
expect_eq "exit status without module" 2 "$?"
check "message names the module" grep -q 'cgscope module not loaded' <<<"$out"

# Every load-time check, forced to fail, refuses the load cleanly.
for c in css_set_lock cgroup_mutex css_set_table cgroup_roots init_css_set \
	 cgroup_roots_list init_css_set_layout css_set_table_layout \
	 cgrp_cset_link_layout dev_cgroup_layout mnt_namespace_layout \
	 super_blocks sb_lock super_blocks_list; do
	dmesg_mark refusal
	check "insmod refused when $c fails" \
		bash -c "! insmod '$CGSCOPE_KO' test_fail_check=$c 2>/dev/null"
	check "$c: not loaded" bash -c '! [ -d /sys/module/cgscope ]'
	check "$c: no debugfs left" bash -c "! test -e $DEBUGFS"
	check "$c: no family left" bash -c '! cgscope info >/dev/null 2>&1'
	check "$c: the kernel log names it" \
		grep -q "cgscope: $c" <<<"$(dmesg_since refusal)"
done

check "normal insmod after refusals" insmod "$CGSCOPE_KO"
check "works after refusals" family_present
dmesg_check_clean
finish
