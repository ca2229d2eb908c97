# SPDX-License-Identifier: GPL-2.0
#
# cgscope: top-level build.
#
#   make            the module for the running kernel (when
#                   /lib/modules/$(uname -r)/build exists), for every
#                   kernel scripts/kernels finds and for KDIR=... when
#                   given, the cgscope command and the selftests; it never
#                   installs packages: a missing build dependency stops it
#                   with one line naming the Debian package
#   make deps       install, as root with apt, everything the project uses
#                   (scripts/install-deps.sh); check, check-debug, demo,
#                   shell, stress and bench do it first by themselves
#   make check      the full test run: checkpatch, sparse, builds, selftests
#                   on every installed kernel, one summary line
#   make check-debug  the selftests and the churn test on debug kernels
#                   (lockdep, KASAN, kmemleak, ...) built from
#                   linux-source-6.12 and -6.1 by scripts/debug-kernel and
#                   cached outside the tree (DEBUG_SERIES="6.1": one)
#   make demo       cgscope on a small Docker-like scene, in a VM
#   make shell      an interactive VM with the module loaded
#   make stress     the churn test (selftests/stress.sh) for
#                   STRESS_SECONDS (default 600) on every installed kernel
#   make bench      the benchmark in a 6.12 VM: table on stdout, JSON in
#                   bench/last.json (Documentation/bench.rst)
#   make install    the command, its man page, bash completion and the JSON
#                   Schemas of its output under $(DESTDIR)$(PREFIX)
#                   (PREFIX=/usr/local)
#   make man        build/cgscope.8: the man page with its date and version
#   make modules_install   the built modules under $(DESTDIR)/lib/modules
#   make dkms-src   the module's sources and dkms.conf in
#                   $(DESTDIR)/usr/src/cgscope-VERSION, for dkms add
#   make clean

TOP := $(abspath .)
BUILD := $(TOP)/build
CGSCOPE_VERSION ?= $(shell git -C $(TOP) describe --always --dirty 2>/dev/null || echo 0.1)
export CGSCOPE_VERSION

# The kernels to build for, each once: the running one when its headers are
# installed, those scripts/kernels finds, and KDIR's.
# KDIR's release is the one its modules get (vermagic): Debian's headers
# answer `make kernelrelease` with the upstream one (6.1.192 for
# 6.1.0-57-amd64).
ifneq ($(KDIR),)
KDIR_VERS := $(or $(shell sed -n 's/^\#define UTS_RELEASE "\(.*\)"/\1/p' \
	$(KDIR)/include/generated/utsrelease.h 2>/dev/null), \
	$(shell $(MAKE) -s -C $(KDIR) kernelrelease 2>/dev/null))
endif
# (Computed once, on first use: `make clean` never runs it.)
KVERS = $(eval KVERS := $(shell { test -e /lib/modules/$$(uname -r)/build/Makefile && uname -r; \
	$(TOP)/scripts/kernels; echo $(KDIR_VERS); } | awk 'NF && !seen[$$0]++'))$(KVERS)
# Shell: set k to the tree to build against for version $v.
set_kdir = k=/lib/modules/$$v/build; \
	if [ -n "$(KDIR_VERS)" ] && [ "$$v" = "$(KDIR_VERS)" ]; then k=$(KDIR); fi

KMOD_SRCS := $(wildcard kmod/*.c kmod/*.h) include/uapi/linux/cgscope.h Kbuild

.PHONY: all deps build-deps kmod user selftests ynl check check-debug demo shell bench \
	stress clean install man modules_install dkms-src

all: kmod user selftests

deps:
	@$(TOP)/scripts/install-deps.sh

# The targets that set up a fresh machine (the README's make demo and
# make check, and their siblings) install the packages first; building
# alone never does.
SETUP_GOALS := check check-debug demo shell bench stress
ifneq ($(filter $(SETUP_GOALS),$(MAKECMDGOALS)),)
SETUP_DEPS := deps
endif

# What the goals build, checked once before anything compiles.
goals := $(or $(MAKECMDGOALS),all)
build_parts = $(if $(filter all demo shell bench stress kmod,$(goals)),kmod) \
	$(if $(filter all demo shell bench stress user selftests install,$(goals)),user) \
	$(if $(filter all demo shell bench stress selftests ynl,$(goals)),selftests)
build_deps_missing = $(shell KVERS='$(strip $(KVERS))' KDIR='$(KDIR)' \
	KDIR_VERS='$(KDIR_VERS)' $(TOP)/scripts/build-deps $(build_parts))

build-deps: $(SETUP_DEPS)
	@$(eval build_deps_msg := $(strip $(build_deps_missing)))$(if \
		$(build_deps_msg),$(error $(build_deps_msg)),:)

# Each kernel gets its own build directory: a tree of symlinks to the
# sources, so objects for different kernels never mix.
kmod: build-deps
	@set -e; for v in $(KVERS); do \
		$(set_kdir); \
		d=$(BUILD)/kmod/$$v; \
		mkdir -p $$d/kmod; \
		find $$d/kmod -xtype l -delete; \
		ln -sfn $(TOP)/Kbuild $$d/Kbuild; \
		ln -sfn $(TOP)/include $$d/include; \
		for f in $(TOP)/kmod/*.[ch]; do ln -sf $$f $$d/kmod/; done; \
		echo "  KMOD    $$v"; \
		$(MAKE) -s -C $$k M=$$d W=$(or $(W),1) C=$(or $(C),0) \
			$(if $(WERROR),KCFLAGS=-Werror) modules; \
	done

user: build-deps
	@$(MAKE) -s -C user O=$(BUILD)/user

selftests: build-deps user ynl
	@$(MAKE) -s -C selftests O=$(BUILD)/selftests

# The kernel's YNL tools (for selftests/ynl.sh and scripts/check-spec),
# extracted from the kernel source into build/tools/ynl
ynl: build-deps
	@$(TOP)/scripts/ynl --extract >/dev/null

# KERNELS="V1 V2": only those installed kernels (default: every one of
# scripts/kernels, each with its plan of scripts/check)
check: deps
	@$(TOP)/scripts/check $(foreach k,$(KERNELS),--kernel $(k))

check-debug: deps
	@$(TOP)/scripts/check-debug $(foreach k,$(DEBUG_SERIES),--kernel $(k))

demo: deps all
	@$(TOP)/scripts/demo

shell: deps all
	@$(TOP)/scripts/vm

bench: deps all
	@$(TOP)/scripts/bench

STRESS_SECONDS ?= 600
stress: deps all
	@$(TOP)/scripts/check --stress $(STRESS_SECONDS) $(foreach k,$(KERNELS),--kernel $(k))

PREFIX ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
# the JSON Schema of every -j output (Documentation/json)
SCHEMADIR ?= $(PREFIX)/share/cgscope/json

# The man page as installed: its .TH line gets the date of the page's
# last commit (the file's date outside git) and this version, which
# `cgscope --version` prints too (scripts/check-man compares them).
MAN_DATE = $(shell d=$$(git -C $(TOP) log -1 --format=%cs -- \
	Documentation/cgscope.8 2>/dev/null); [ -n "$$d" ] || \
	d=$$(date -u -r $(TOP)/Documentation/cgscope.8 +%F); echo $$d)

man: $(BUILD)/cgscope.8

.FORCE:

$(BUILD)/cgscope.8: Documentation/cgscope.8 .FORCE
	@mkdir -p $(BUILD)
	@sed '1,/^\.TH/s/^\.TH CGSCOPE 8 .*/.TH CGSCOPE 8 "$(MAN_DATE)" "cgscope $(CGSCOPE_VERSION)" "System Administration"/' \
		$< > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv -f $@.tmp $@

install: user man
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(MANDIR)/man8 \
		$(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(SCHEMADIR)
	install -m 0755 $(BUILD)/user/cgscope $(DESTDIR)$(SBINDIR)/cgscope
	install -m 0644 $(BUILD)/cgscope.8 $(DESTDIR)$(MANDIR)/man8/cgscope.8
	install -m 0644 scripts/bash-completion/cgscope \
		$(DESTDIR)$(BASHCOMPDIR)/cgscope
	install -m 0644 Documentation/json/*.schema.json $(DESTDIR)$(SCHEMADIR)/

# What `make kmod` built, installed by the kernel's own modules_install
# (into /lib/modules/VERSION/updates/ or extra/, compressed as that
# kernel's configuration says); it does not build.  Modules are signed
# only where the kernel's signing key is at hand (a distribution's is
# not), and depmod runs here when installing into the system (the
# kernel's modules_install skips it without a System.map).
modules_install:
	@test -n "$(KVERS)" || { echo "no kernel with headers found (scripts/kernels)" >&2; exit 1; }
	@set -e; for v in $(KVERS); do \
		$(set_kdir); \
		test -f $(BUILD)/kmod/$$v/cgscope.ko || \
			{ echo "$(BUILD)/kmod/$$v/cgscope.ko: not built (make kmod)" >&2; exit 1; }; \
		key=$$(sed -n 's/^CONFIG_MODULE_SIG_KEY="\(.*\)"/\1/p' $$k/.config 2>/dev/null); \
		case $$key in /* | pkcs11:*) ;; *) key=$$k/$$key ;; esac; \
		nosign=; test -e "$$key" || case $$key in pkcs11:*) ;; *) nosign=CONFIG_MODULE_SIG_ALL= ;; esac; \
		echo "  INSTALL $$v"; \
		out=$$($(MAKE) -s -C $$k M=$(BUILD)/kmod/$$v \
			INSTALL_MOD_PATH=$(DESTDIR) $$nosign modules_install 2>&1) || \
			{ echo "$$out" >&2; exit 1; }; \
		echo "$$out" | grep -v "^$$\|missing 'System.map'" >&2 || true; \
		test -n "$(DESTDIR)" || depmod -a $$v; \
	done

DKMS_VERSION = $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' $(TOP)/dkms.conf)
DKMS_SRC = $(DESTDIR)/usr/src/cgscope-$(DKMS_VERSION)

dkms-src:
	rm -rf $(DKMS_SRC)
	install -d $(DKMS_SRC)/kmod $(DKMS_SRC)/include/uapi/linux
	install -m 0644 dkms.conf Kbuild $(DKMS_SRC)/
	install -m 0644 kmod/*.c kmod/*.h $(DKMS_SRC)/kmod/
	install -m 0644 include/uapi/linux/*.h $(DKMS_SRC)/include/uapi/linux/

clean:
	rm -rf $(BUILD)
