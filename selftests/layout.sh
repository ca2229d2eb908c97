#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Where the selftests find what they use; sourced by lib.sh and
# run_tests.sh.  They run as root, from the source tree (selftests/ beside
# build/) or installed (make -C selftests install INSTALL_PATH=DIR: the
# tests, helpers, spec and YNL cli in DIR/cgscope/, beside DIR/kselftest/
# and DIR/kselftest-list.txt), the JSON Schemas in DIR/cgscope/json/.  The module: CGSCOPE_KO when set, else the
# one built in the tree for the running kernel, else the installed one
# (modinfo -n cgscope); empty when there is none (load_module then tries
# modprobe).  The command: cgscope in PATH, else the tree's build/user.

SELFTEST_DIR=$(cd "$(dirname "$0")" && pwd)
if [ -r "$SELFTEST_DIR/../kselftest-list.txt" ]; then
	# installed: the helpers, the spec and the YNL cli beside the tests
	CGSCOPE_SELFTEST_BIN=$SELFTEST_DIR
	CGSCOPE_SPEC=$SELFTEST_DIR/cgscope.yaml
	CGSCOPE_YNL=$SELFTEST_DIR/ynl/cli.py
	CGSCOPE_SCHEMAS=$SELFTEST_DIR/json
	ktap_helpers=$SELFTEST_DIR/../kselftest/ktap_helpers.sh
else
	: "${CGSCOPE_TOP:=$(dirname "$SELFTEST_DIR")}"
	: "${CGSCOPE_SELFTEST_BIN:=$CGSCOPE_TOP/build/selftests}"
	CGSCOPE_SPEC=$CGSCOPE_TOP/Documentation/netlink/specs/cgscope.yaml
	CGSCOPE_YNL=$CGSCOPE_TOP/build/tools/ynl/tools/net/ynl/cli.py
	CGSCOPE_SCHEMAS=$CGSCOPE_TOP/Documentation/json
	ktap_helpers=$CGSCOPE_TOP/build/selftests/ksft/kselftest/ktap_helpers.sh
	if [ -z "${CGSCOPE_KO:-}" ] &&
	   [ -f "$CGSCOPE_TOP/build/kmod/$(uname -r)/cgscope.ko" ]; then
		CGSCOPE_KO=$CGSCOPE_TOP/build/kmod/$(uname -r)/cgscope.ko
	fi
	command -v cgscope >/dev/null 2>&1 || PATH=$CGSCOPE_TOP/build/user:$PATH
fi
: "${CGSCOPE_KO:=$(modinfo -n cgscope 2>/dev/null)}"
export CGSCOPE_SELFTEST_BIN CGSCOPE_KO PATH

module_loaded() { [ -d /sys/module/cgscope ]; }

# load_module [PARAM=VALUE...]: insmod CGSCOPE_KO, or modprobe cgscope
load_module() {
	module_loaded && return 0
	if [ -n "$CGSCOPE_KO" ]; then
		insmod "$CGSCOPE_KO" "$@"
	else
		modprobe cgscope "$@"
	fi
}
