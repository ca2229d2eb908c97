# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# json_args ARGS...: how a cgscope command line prints, for the two
# recorders of the tests' runs (json_record, lib.sh's cgscope()): status 0
# for JSON (snapshot always is), 1 for text, 2 for watch, which streams
# and whose lines the tests check themselves.  json_schema.py then names
# the schema of a recorded run.  (POSIX sh: json_record, which sources it,
# runs under dash.)
json_args() {
	local a json=1

	for a; do
		case $a in
		--json | --pretty) json=0 ;;
		--*) ;;
		-*[jp]*) json=0 ;;
		-*) ;;
		w*) return 2 ;;
		sn*) return 0 ;;
		*) break ;;
		esac
	done
	return $json
}
