#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What keeps a dying memory cgroup: `cgscope dying --why` and `cgscope
# memcg --files` against the kernel's own answers.
#
# After drop_caches a job in cgroup "pc" reads three files of the (9p)
# root nobody else reads, 4, 2 and 1 MiB of them; a job in "shm" writes a
# 3 MiB tmpfs file; both cgroups are removed.  Then:
#  - dying --why names exactly those files for pc and that file for shm,
#    each with the bytes fincore (util-linux: mincore(2)) finds resident,
#    by the path the test opened, the tmpfs one marked shmem;
#  - posix_fadvise(DONTNEED) on two of the files cgscope named leaves pc
#    dying, held by the third alone; on the third it releases pc (it leaves
#    cgroup.stat's nr_dying_descendants and `cgscope dying`); deleting the
#    tmpfs file releases shm;
#  - `cgscope snapshot` lists the same files under pc (dying_files);
#  - for a live cgroup the files' total equals memory.stat's "file" within
#    the kernel's stat flush batch (64 pages per CPU);
#  - bad input is refused with a message.
. "$(dirname "$0")/lib.sh"

load_module
dmesg_mark
. "$(dirname "$0")/memcg_lib.sh"
command -v fincore >/dev/null || skip "no fincore (util-linux)"
v2_memory_scene cgscope-why

# Three files of the read-only root of 4 MiB or more that nobody reads:
# the kernel source tarballs and kernel images (the guest boots from a
# vmlinux QEMU loads), else data under /usr/share; not libraries.  (The
# search of /usr/share over 9p took a minute under TCG: a last resort.)
bigfiles() {
	find "$@" -type f -size +4M 2>/dev/null | sort | head -n 3
}
mapfile -t files < <(bigfiles /usr/src/linux-source-*.tar.* /boot/vmlinuz-*)
[ ${#files[@]} -eq 3 ] || mapfile -t files < <(bigfiles /usr/share -xdev)
check "three big files to read into the page cache" test ${#files[@]} -eq 3 || finish
log "files: ${files[*]}"

sync
echo 3 > /proc/sys/vm/drop_caches
# dd itself and what it maps are read here, not in the cgroups
dd if=/dev/zero of=/dev/null bs=1M count=1 2>/dev/null
mkdir $P/pc $P/shm $P/live
run_in $P/pc "dd if='${files[0]}' of=/dev/null bs=1M count=4 2>/dev/null &&
	dd if='${files[1]}' of=/dev/null bs=1M count=2 2>/dev/null &&
	dd if='${files[2]}' of=/dev/null bs=1M count=1 2>/dev/null"
run_in $P/shm "dd if=/dev/zero of=$shm/f bs=1M count=3 2>/dev/null"
on_exit "rm -f $shm/f $shm/live"
for f in "${files[@]}" $shm/f; do
	log "$f: $(resident "$f") bytes resident"
done
remove_dying pc shm

why() { cgscope -j dying --why "$@"; }
json=$(why $pc_css)
echo "$json" >"$SCRATCH/pc.json"
expect_eq "pc: one memory cgroup" 1 "$(jq length <<<"$json")"
expect_eq "pc: its path" /cgscope-why/pc "$(jq -r '.[0].path' <<<"$json")"
expect_eq "pc: dying" true "$(jq -r '.[0].dying' <<<"$json")"
expect_eq "pc: the files cgscope names are the three read" \
	"$(printf '%s\n' "${files[@]}" | sort)" \
	"$(jq -r '.[0].files[].path' <<<"$json" | sort)"
for f in "${files[@]}"; do
	expect_eq "pc: $f: bytes = fincore's" "$(resident "$f")" \
		"$(jq -r --arg p "$f" '.[0].files[] | select(.path == $p) | .bytes' <<<"$json")"
done
expect_eq "pc: cached = the sum of its files" \
	"$(jq '[.[0].files[].bytes] | add' <<<"$json")" "$(jq '.[0].cached_bytes' <<<"$json")"
check "pc: cached <= charged" jqe '.[0].cached_bytes <= .[0].charged_bytes' <<<"$json"
check "pc: no file marked shmem" jqe '[.[0].files[].shmem] | any | not' <<<"$json"
log "pc: charged $(jq '.[0].charged_bytes' <<<"$json"), cached $(jq '.[0].cached_bytes' <<<"$json"), walk $(jq -c '.[0].walk' <<<"$json")"

json=$(why $shm_css)
expect_eq "shm: one file" 1 "$(jq '.[0].files | length' <<<"$json")"
expect_eq "shm: the tmpfs file" "$shm/f" "$(jq -r '.[0].files[0].path' <<<"$json")"
expect_eq "shm: its bytes = fincore's" "$(resident $shm/f)" \
	"$(jq -r '.[0].files[0].bytes' <<<"$json")"
expect_eq "shm: marked shmem, on tmpfs" "true tmpfs" \
	"$(jq -r '.[0].files[0] | "\(.shmem) \(.fstype)"' <<<"$json")"
expect_eq "shm: shmem bytes = cached bytes" \
	"$(jq '.[0].cached_bytes' <<<"$json")" "$(jq '.[0].shmem_bytes' <<<"$json")"

json=$(why --all)
check "--all: pc and shm, each with its files" jqe \
	"(map(select(.css_id == $pc_css)) | .[0].files | length) == 3 and
	 (map(select(.css_id == $shm_css)) | .[0].files | length) == 1" <<<"$json"
check "--all: only dying csses" jqe 'all(.[]; .dying)' <<<"$json"
check "text: the file with its size" bash -c \
	"cgscope dying --why $pc_css | grep -qE '^ +[0-9.]+ MiB +[0-9]+ +[0-9]+:[0-9]+ +[0-9]+ +[a-z0-9]+ +${files[0]}\$'"
check "text: what no page cache holds" bash -c \
	"cgscope dying --why $pc_css | grep -q 'not in any page cache'"

want=$(printf '%s\n' "${files[@]}" | sort | jq -R . | jq -sc .)
check "snapshot: the files keeping pc, by path" bash -c \
	"cgscope snapshot | jq -e --argjson id $pc_id --argjson want '$want' \
		'[.dying_files[] | select(.cgroup_id == \$id) | .path] | sort == \$want' >/dev/null"

# Release: the files cgscope named, two first, then the third.
fadvise() { python3 -c 'import os, sys
for p in sys.argv[1:]:
    fd = os.open(p, os.O_RDONLY)
    os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    os.close(fd)' "$@"; }
mapfile -t named < <(jq -r '.[0].files[].path' "$SCRATCH/pc.json")
fadvise "${named[1]}" "${named[2]}"
json=$(why $pc_css)
check "pc: still dying after DONTNEED on two of its files" test -n "$(css_of $pc_id)"
expect_eq "pc: the third file alone keeps it" "${named[0]}" \
	"$(jq -r '[.[0].files[].path] | join(" ")' <<<"$json")"
dying_count() { awk '$1 == "nr_dying_descendants" { print $2 }' $P/cgroup.stat; }
fadvise "${named[0]}"
t0=$(date +%s.%N)
if ! until_true 50 memcg_released $pc_id; then
	log "pc still dying 5 s after DONTNEED: flushing the charge stocks"
	flush_charge_stocks $P
fi
check "pc is released after DONTNEED on the files cgscope named" until_true 100 memcg_released $pc_id
log "pc released $(echo "$(date +%s.%N) - $t0" | bc) s after the last DONTNEED"
out=$(cgscope dying --why $pc_css 2>&1)
expect_eq "--why on the released css: exit 2" 2 $?
log "--why on the released css: $out"
check "--why on the released css: the kernel says why" \
	grep -q 'no memory css with' <<<"$out"
rm -f $shm/f
check "shm is released once its tmpfs file is deleted" until_true 100 memcg_released $shm_id
no_dying() { [ "$(dying_count)" = 0 ]; }
check "nr_dying_descendants is 0 again" until_true 50 no_dying

# A live cgroup: its files against memory.stat's file counter.
run_in $P/live "dd if='${files[0]}' of=/dev/null bs=1M count=2 2>/dev/null &&
	dd if=/dev/zero of=$shm/live bs=1M count=1 2>/dev/null"
json=$(cgscope -j memcg $P/live --files)
file=$(awk '$1 == "file" { print $2 }' $P/live/memory.stat)
cached=$(jq '.[0].cached_bytes' <<<"$json")
slack=$((64 * 4096 * $(nproc)))
log "live: memory.stat file $file, cgscope $cached (slack $slack)"
check "live: cached = memory.stat file, within 64 pages per CPU" \
	test $((cached > file ? cached - file : file - cached)) -le $slack
expect_eq "live: not dying" false "$(jq -r '.[0].dying' <<<"$json")"
check "live: the tmpfs file and the one read" jqe \
	"[.[0].files[].path] | sort == ([\"${files[0]}\", \"$shm/live\"] | sort)" <<<"$json"
spawn_in $P/live sleep 600
pid=$spawned
expect_eq "--pid: the memory cgroup /proc/PID/cgroup names" \
	"$(sed -n 's/^0:://p' /proc/$pid/cgroup)" \
	"$(cgscope -j memcg --pid $pid --files | jq -r '.[0].path')"
remove_cgroups $P/live

# Bad input changes nothing and says why.
bad() {	# bad WHAT MESSAGE ARGS...: exit 2 and MESSAGE on stderr
	local what=$1 msg=$2 out
	shift 2
	out=$(cgscope "$@" 2>&1 >/dev/null)
	expect_eq "$what: exit 2" 2 $?
	expect_eq "$what: message" "$msg" "$out"
}
bad "--why 0" "Error: dying: --why takes a memory css id (1 or more) or --all, not '0'" \
	dying --why 0
bad "--why abc" "Error: invalid css id 'abc': not a decimal number" dying --why abc
bad "--why 1 2" "Error: dying: --why takes one CSS id or --all, not '2'" dying --why 1 2
bad "--files without a target" "Error: memcg: missing PATH or --pid PID" memcg --files

dmesg_check_clean
finish
