#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The module as a user installs it: copied into the modules directory of
# the running kernel (what `make modules_install` does) and indexed by
# depmod, `modprobe cgscope` loads it and, once it is unloaded, a lookup of
# the generic netlink family "cgscope" loads it again by itself (the
# module's MODULE_ALIAS_GENL_FAMILY).
#
# The modules directory gets a throwaway overlay (upper layer in /tmp), so
# nothing is written to the real one, read-only in a scripts/vm guest; a
# kernel booted from its build tree (make check-debug's) has none, and
# gets an empty one on a throwaway tmpfs over /lib/modules (its modprobe
# looks nowhere else).  That goes at exit and the module is left loaded
# from CGSCOPE_KO, as every test leaves it.
. "$(dirname "$0")/lib.sh"

kver=$(uname -r)
mods=/lib/modules/$kver
alias=net-pf-16-proto-16-family-cgscope
modprobe_sysctl=/proc/sys/kernel/modprobe

family_present() { cgscope info >/dev/null 2>&1; }

for t in depmod modprobe modinfo; do
	command -v "$t" >/dev/null || skip "$t not found (kmod)"
done
[ "$(modprobe --resolve-alias "$alias" 2>/dev/null)" != cgscope ] ||
	skip "cgscope is installed in $mods already: the test needs a kernel without it"
if [ -d "$mods" ]; then
	grep -qw overlay /proc/filesystems || modprobe overlay 2>/dev/null ||
		skip "no overlay file system"
fi

dmesg_mark
unload_module
on_exit "rmmod cgscope; insmod '$CGSCOPE_KO'"

# Before the install: the lookup finds nothing to load.
check_not "not installed: lookup fails" family_present
check_not "not installed: lookup loads nothing" module_loaded

if [ -d "$mods" ]; then
	mkdir -p "$SCRATCH/upper" "$SCRATCH/work"
	check "overlay on $mods" mount -t overlay \
		-o "lowerdir=$mods,upperdir=$SCRATCH/upper,workdir=$SCRATCH/work" \
		cgscope-modules "$mods" || finish
	on_exit "umount '$mods'"
else
	log "no $mods: booted from a build tree"
	check "an empty $mods on a tmpfs over /lib/modules" \
		bash -c "mount -t tmpfs cgscope-modules /lib/modules && mkdir '$mods'" ||
		finish
	on_exit "umount /lib/modules"
fi

# The kernel runs kernel.modprobe with the root of PID 1 (kernel threads
# share its fs_struct).  scripts/vm's PID 1 stays in the initramfs, whose
# /sbin/modprobe does not exist and which has no /lib/modules: there, point
# kernel.modprobe at a wrapper (reached through our /proc/PID/root) that
# runs modprobe in our root.  A machine whose PID 1 shares our root needs
# none of this.
if [ "$(stat -Lc %d:%i /proc/1/root)" != "$(stat -c %d:%i /)" ]; then
	if ! [ -x /proc/1/root/bin/sh ] || ! [ -x /proc/1/root/bin/chroot ]; then
		skip "PID 1 has another root, without /bin/sh and /bin/chroot"
	fi
	old_modprobe=$(cat $modprobe_sysctl)
	printf '#!/bin/sh\nexec /bin/chroot /proc/%d/root /sbin/modprobe "$@"\n' $$ \
		>"$SCRATCH/modprobe"
	chmod 755 "$SCRATCH/modprobe"
	echo "/proc/$$/root$SCRATCH/modprobe" >$modprobe_sysctl
	on_exit "echo '$old_modprobe' >$modprobe_sysctl"
	log "kernel.modprobe: /proc/$$/root$SCRATCH/modprobe (PID 1 has another root)"
fi

# Install: make modules_install puts the module in extra/ or updates/,
# then runs depmod.
check "install into $mods/extra" \
	bash -c "mkdir -p '$mods/extra' && cp '$CGSCOPE_KO' '$mods/extra/cgscope.ko'"
start=$SECONDS
check "depmod -a" depmod -a "$kver"
log "depmod -a took $((SECONDS - start)) s"
check "modules.dep lists it" grep -qx 'extra/cgscope.ko:' "$mods/modules.dep"
check "modules.alias has the family alias" \
	grep -qx "alias $alias cgscope" "$mods/modules.alias"
expect_eq "modinfo finds the installed file" "$mods/extra/cgscope.ko" \
	"$(modinfo -n cgscope 2>&1)"
expect_eq "the family alias resolves to the module" cgscope \
	"$(modprobe --resolve-alias "$alias" 2>&1)"

# modprobe and rmmod
check "modprobe cgscope" modprobe cgscope
check "modprobe: loaded" module_loaded
check "modprobe: family registered" family_present
check "rmmod cgscope" rmmod cgscope
check_not "rmmod: unloaded" module_loaded

# Autoload: the family lookup (CTRL_CMD_GETFAMILY by name) makes the
# kernel ask modprobe for the alias.  The lookup needs no privilege (the
# README says so): an unprivileged user's cgscope loads the module, and
# only its request is refused.
out=$(setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all \
	cgscope info 2>&1)
check "lookup by an unprivileged user loads the module" module_loaded
check "the unprivileged request is refused" grep -qi 'permission denied' <<<"$out"
check "rmmod after the unprivileged lookup" rmmod cgscope
check_not "unloaded" module_loaded

out=$(cgscope info 2>&1)
expect_eq "lookup with the module unloaded: cgscope info succeeds" 0 "$?" ||
	log "cgscope info said: $out"
check "lookup loaded the module" module_loaded
check "the family answers" grep -q "^kernel: $kver\$" <<<"$out"
check "rmmod after autoload" rmmod cgscope
check_not "unloaded again" module_loaded

dmesg_check_clean
finish
