# SPDX-License-Identifier: GPL-2.0
#
# cgscope: top-level build.
#
#   make            module for every installed kernel (or KDIR=...), the
#                   cgscope command and the selftests
#   make check      the full test run: checkpatch, sparse, builds, selftests
#                   on every installed kernel, one summary line
#   make check-debug  the selftests and the churn test on a debug kernel
#                   (lockdep, KASAN, kmemleak, ...) built from linux-source
#                   by scripts/debug-kernel and cached outside the tree
#   make demo       cgscope on a small Docker-like scene, in a VM
#   make shell      an interactive VM with the module loaded
#   make stress     the churn test (selftests/stress.sh) for
#                   STRESS_SECONDS (default 600) on every installed kernel
#   make bench      the benchmark in a 6.12 VM: table on stdout, JSON in
#                   bench/last.json (Documentation/bench.rst)
#   make install    the command, its man page and bash completion under
#                   $(DESTDIR)$(PREFIX) (PREFIX=/usr/local)
#   make modules_install   the built modules under $(DESTDIR)/lib/modules
#   make dkms-src   the module's sources and dkms.conf in
#                   $(DESTDIR)/usr/src/cgscope-VERSION, for dkms add
#   make clean

TOP := $(abspath .)
BUILD := $(TOP)/build
CGSCOPE_VERSION ?= $(shell git -C $(TOP) describe --always --dirty 2>/dev/null || echo 0.1)
export CGSCOPE_VERSION

ifneq ($(KDIR),)
KVERS := $(shell $(MAKE) -s -C $(KDIR) kernelrelease 2>/dev/null)
else
KVERS = $(shell $(TOP)/scripts/kernels)
endif
# KDIR_<version>: where to build against for each version
kdir = $(if $(KDIR),$(KDIR),/lib/modules/$(1)/build)

KMOD_SRCS := $(wildcard kmod/*.c kmod/*.h) include/uapi/linux/cgscope.h Kbuild

.PHONY: all deps kmod user selftests ynl check check-debug demo shell bench stress clean \
	install modules_install dkms-src

all: deps kmod user selftests

deps:
	@$(TOP)/scripts/install-deps.sh

# Each kernel gets its own build directory: a tree of symlinks to the
# sources, so objects for different kernels never mix.
kmod: deps
	@test -n "$(KVERS)" || { echo "no kernel with headers found (scripts/kernels)" >&2; exit 1; }
	@set -e; for v in $(KVERS); do \
		d=$(BUILD)/kmod/$$v; \
		mkdir -p $$d/kmod; \
		find $$d/kmod -xtype l -delete; \
		ln -sfn $(TOP)/Kbuild $$d/Kbuild; \
		ln -sfn $(TOP)/include $$d/include; \
		for f in $(TOP)/kmod/*.[ch]; do ln -sf $$f $$d/kmod/; done; \
		echo "  KMOD    $$v"; \
		$(MAKE) -s -C $(call kdir,$$v) M=$$d W=$(or $(W),1) C=$(or $(C),0) \
			$(if $(WERROR),KCFLAGS=-Werror) modules; \
	done

user: deps
	@$(MAKE) -s -C user O=$(BUILD)/user

selftests: deps user ynl
	@$(MAKE) -s -C selftests O=$(BUILD)/selftests

# The kernel's YNL tools (for selftests/ynl.sh and scripts/check-spec),
# extracted from the kernel source into build/tools/ynl
ynl: deps
	@$(TOP)/scripts/ynl --extract >/dev/null

check: deps
	@$(TOP)/scripts/check

check-debug: deps
	@$(TOP)/scripts/check-debug

demo: all
	@$(TOP)/scripts/demo

shell: all
	@$(TOP)/scripts/vm

bench: all
	@$(TOP)/scripts/bench

STRESS_SECONDS ?= 600
stress: all
	@$(TOP)/scripts/check --stress $(STRESS_SECONDS)

PREFIX ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions

install: user
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(MANDIR)/man8 \
		$(DESTDIR)$(BASHCOMPDIR)
	install -m 0755 $(BUILD)/user/cgscope $(DESTDIR)$(SBINDIR)/cgscope
	install -m 0644 Documentation/cgscope.8 $(DESTDIR)$(MANDIR)/man8/cgscope.8
	install -m 0644 scripts/bash-completion/cgscope \
		$(DESTDIR)$(BASHCOMPDIR)/cgscope

# What `make kmod` built, installed by the kernel's own modules_install
# (into /lib/modules/VERSION/updates/ or extra/, compressed as that
# kernel's configuration says); it does not build.  Modules are signed
# only where the kernel's signing key is at hand (a distribution's is
# not), and depmod runs here when installing into the system (the
# kernel's modules_install skips it without a System.map).
modules_install:
	@test -n "$(KVERS)" || { echo "no kernel with headers found (scripts/kernels)" >&2; exit 1; }
	@set -e; for v in $(KVERS); do \
		k=$(call kdir,$$v); \
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
