#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Install everything cgscope needs on a Debian 12 machine, with apt.
# Idempotent: when every package is present it returns at once.
set -euo pipefail

pkgs=(
	build-essential bc bison flex libelf-dev libssl-dev dwarves
	qemu-system-x86 busybox-static cpio kmod xz-utils zstd
	linux-base
	linux-image-6.12-amd64 linux-headers-6.12-amd64
	linux-image-amd64 linux-headers-amd64
	# the other flavours make check runs (scripts/check: kernel_plans)
	linux-image-6.12-rt-amd64 linux-headers-6.12-rt-amd64
	linux-image-rt-amd64 linux-headers-rt-amd64
	linux-image-6.12-cloud-amd64 linux-headers-6.12-cloud-amd64
	linux-image-cloud-amd64 linux-headers-cloud-amd64
	# checkpatch, the debug kernel, and the 9p modules the cloud kernels
	# lack (scripts/build-9p)
	linux-source-6.12 linux-source-6.1
	libnl-3-dev libnl-genl-3-dev libjson-c-dev libmount-dev pkg-config
	jq sparse
	util-linux procps iproute2 python3-yaml python3-jsonschema dkms
	groff-base man-db openssl
	runc crun bpftool strace
)

missing=()
for p in "${pkgs[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
		missing+=("$p")
	fi
done

if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing packages: ${missing[*]}" >&2
	echo "install-deps: run as root to install them" >&2
	exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
