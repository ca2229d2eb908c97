# SPDX-License-Identifier: GPL-2.0
#
# Helpers of the memory cgroup tests (memcg.sh, memcg_v1.sh, dying.sh,
# memcg_files.sh, memcg_swap.sh):
# page cache to charge, `cgscope -j memcg` against the memory controller's
# files, and leaving no dying memory cgroup behind.  Source it after
# lib.sh, once the module is loaded.

jqe() { jq -e "$@" >/dev/null; }

# run_in DIR COMMAND: run a shell command in cgroup DIR, wait for it
run_in() {
	sh -c 'echo $$ > "$1/cgroup.procs" && eval "$2"' sh "$1" "$2"
}

# v2_memory_scene NAME: skip unless memory is a v2 controller; make
# $CG2/NAME ($P) with memory enabled for its children, and a scratch tmpfs
# ($shm) whose pages a test can charge to them
v2_memory_scene() {
	grep -qw memory $CG2/cgroup.controllers || skip "memory is not a v2 controller here"
	echo +memory > $CG2/cgroup.subtree_control ||
		skip "memory cannot be enabled on v2 (bound to a v1 hierarchy?)"
	P=$CG2/$1
	make_cgroup $P
	echo +memory > $P/cgroup.subtree_control
	shm=$SCRATCH/shm
	mkdir -p $shm
	mount -t tmpfs "$1" $shm && on_exit "umount $shm"
}

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

# css_of CGROUP_ID: the memory css id of that removed cgroup while it is
# dying, nothing once it is released
css_of() {
	cgscope -j dying --controller memory |
		jq -r --argjson id "$1" '.[] | select(.cgroup_id == $id) | .css_id'
}

# memcg_released CGROUP_ID: no dying memory css of that cgroup is left
memcg_released() { [ -z "$(css_of "$1")" ]; }

# remove_dying NAME...: remove the memory cgroups $P/NAME..., each of
# which must then be dying (a check each; else the test ends there); sets
# NAME_id to its cgroup id and NAME_css to its memory css id
remove_dying() {
	local n v ok=1
	for n in "$@"; do
		printf -v "${n}_id" %s "$(stat -c %i "$P/$n")"
	done
	rmdir "${@/#/$P/}"
	for n in "$@"; do
		v=${n}_id
		printf -v "${n}_css" %s "$(css_of "${!v}")"
		v=${n}_css
		check "$n's memory css is dying" test -n "${!v}" || ok=
	done
	[ -n "$ok" ] || finish
}

# resident FILE: bytes of FILE in the page cache, as mincore(2) sees them
# (fincore, util-linux)
resident() { fincore --bytes --noheadings --output RES "$1" | tr -d ' '; }

# remove_cgroups DIR...: empty and remove these cgroups now, in order
# (children first).
remove_cgroups() {
	local d
	for d in "$@"; do
		empty_cgroup "$d"
		rmdir "$d" || return 1
	done
}

# flush_charge_stocks PARENT: charge a new child of PARENT (a live memory
# cgroup) once on every CPU, then remove it.  Each CPU caches the last
# memory cgroup it charged, with a reference, in its charge stock;
# consume_stock() can empty that stock without letting go of the cgroup,
# and drain_all_stock(), which runs when the cgroup goes offline, skips
# empty stocks: that reference alone then keeps a removed cgroup dying
# until the CPU charges another cgroup.  The child execs true, which is
# read here first: after drop_caches its page cache would otherwise be
# charged to the child and keep that dying in turn.
flush_charge_stocks() {
	local f=$1/cgscope-flush cpu
	cat "$(type -P true)" >/dev/null
	mkdir "$f" || return 1
	for cpu in $(seq 0 $(($(nproc) - 1))); do
		taskset -c "$cpu" sh -c 'echo $$ > "$1/cgroup.procs" && exec true' sh "$f"
	done
	rmdir "$f"
}

# release_dying PARENT COMMAND...: until COMMAND succeeds, drop the page
# cache (pages charged to a removed memory cgroup keep it dying), and
# when that is not enough, flush the charge stocks through a child of
# PARENT first; at most 15 s.  When that fails, what cgscope says keeps
# them.
release_dying() {
	local parent=$1 round i
	shift
	for round in 1 2 3; do
		if [ "$round" -gt 1 ]; then
			log "removed cgroups still dying: flushing the charge stocks"
			flush_charge_stocks "$parent"
		fi
		drop_page_cache
		for i in $(seq 50); do
			"$@" && return 0
			sleep 0.1
		done
	done
	log "still dying after 15 s; what keeps them:"
	cgscope dying --why --all 2>&1 | sed 's/^/    /'
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
