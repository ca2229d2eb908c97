# SPDX-License-Identifier: GPL-2.0
#
# Helpers of the memory cgroup tests (memcg.sh, memcg_v1.sh, dying.sh):
# page cache to charge, `cgscope -j memcg` against the memory controller's
# files, and leaving no dying memory cgroup behind.  Source it after
# lib.sh, once the module is loaded.

jqe() { jq -e "$@" >/dev/null; }

# true when this kernel has memcg v1 (v1 memory files, kmem counters)
have_memcg_v1=$(cgscope -j info | jq '.features | index("memcg_v1") != null')

# big_file MIB: a file of the read-only root of at least MIB MiB that
# nothing else reads, whose page cache a test can charge to its cgroups
# (after drop_caches every read of it is charged anew): the kernel source
# tarball, or else some large library.
big_file() {
	local f
	for f in /usr/src/linux-source-*.tar.*; do
		if [ -f "$f" ] && [ "$(stat -c %s "$f")" -ge $(($1 << 20)) ]; then
			echo "$f"
			return
		fi
	done
	find /usr/lib -xdev -type f -size +"$1"M 2>/dev/null | head -n 1
}

# drop_caches_until COMMAND...: drop the page cache, what keeps removed
# memory cgroups dying, until COMMAND succeeds (at most 10 s).
drop_caches_until() {
	local i
	sync
	for i in $(seq 100); do
		echo 3 > /proc/sys/vm/drop_caches
		"$@" && return 0
		sleep 0.1
	done
	log "still not released after 10 s of drop_caches: $*"
	return 1
}

# read_then_sleep DIR FILE SKIP_MIB MIB: a process in cgroup DIR that
# reads MIB MiB of FILE from SKIP_MIB into the page cache (charging it to
# DIR), then sleeps; returns once it sleeps, its pid in $spawned.
read_then_sleep() {
	local i
	spawn_in "$1" sh -c "dd if='$2' of=/dev/null bs=1M skip=$3 count=$4 2>/dev/null; exec sleep 1000"
	for i in $(seq 100); do
		[ "$(cat /proc/$spawned/comm 2>/dev/null)" == sleep ] && return 0
		sleep 0.1
	done
	return 1
}

# What cgroupfs prints for a value of `cgscope -j memcg`: "max" stays
# "max" on v2; v1 prints PAGE_COUNTER_MAX pages in bytes.
page_size=$(getconf PAGESIZE)
v1_max=$(( (0x7fffffffffffffff / page_size) * page_size ))
cg_value() {	# cg_value JSON KEY v1|v2
	local v
	v=$(jq -r --arg k "$2" '.[$k] | if . == null then "null" else tostring end' <<<"$1")
	if [ "$v" == max ] && [ "$3" == v1 ]; then
		v=$v1_max
	fi
	echo "$v"
}

# cat_value FILE or FILE:KEY: a file's value, or the KEY line of a flat
# keyed file (memory.events:max).
cat_value() {
	case $1 in
	*:*) awk -v k="${1##*:}" '$1 == k { print $2 }' "${1%:*}" ;;
	*) cat "$1" ;;
	esac
}

# compare WHAT ARGS v1|v2 KEY=FILE...: `cgscope -j memcg ARGS` against the
# files, key by key; the files are read before and after cgscope, and a
# round in which one moved is taken again.  The JSON is left in $last_json.
compare() {
	local what=$1 arg=$2 mode=$3 round pair k f before after json
	shift 3
	for round in 1 2 3 4 5; do
		before=$(for pair in "$@"; do cat_value "${pair#*=}"; done)
		# shellcheck disable=SC2086
		json=$(cgscope -j memcg $arg)
		after=$(for pair in "$@"; do cat_value "${pair#*=}"; done)
		[ "$before" == "$after" ] && break
	done
	[ "$round" -gt 1 ] && log "$what: $round rounds"
	for pair in "$@"; do
		k=${pair%%=*}
		f=${pair#*=}
		expect_eq "$what: $k = ${f##*/}" "$(cat_value "$f")" \
			"$(cg_value "$json" "$k" "$mode")"
	done
	last_json=$json
}
