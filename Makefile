# SPDX-License-Identifier: GPL-2.0
#
# cgscope: top-level build.
#
#   make            module for every installed kernel (or KDIR=...), the
#                   cgscope command and the selftests
#   make check      the full test run: checkpatch, sparse, builds, selftests
#                   on every installed kernel, one summary line
#   make demo       cgscope on a small Docker-like scene, in a VM
#   make shell      an interactive VM with the module loaded
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

.PHONY: all deps kmod user selftests check demo shell clean

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

selftests: deps user
	@$(MAKE) -s -C selftests O=$(BUILD)/selftests

check: deps
	@$(TOP)/scripts/check

demo: all
	@$(TOP)/scripts/demo

shell: all
	@$(TOP)/scripts/vm

clean:
	rm -rf $(BUILD)
