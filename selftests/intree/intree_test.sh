#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# intree_test.sh: winusb built inside a kernel tree (a host step of `make
# check`): Debian's linux-source-6.1, x86_64_defconfig, scripts/kernel-tree
# applied.
#
#   - Kconfig knows USB_WINUSB (scripts/config -m, olddefconfig keeps it);
#   - drivers/usb/misc/winusb/ builds with W=1 and no warning, its includes
#     resolved in the tree (<linux/winusb.h> from include/uapi);
#   - the object carries MODULE_VERSION from the VERSION copied next to it;
#   - the uapi headers (make headers, what headers_install copies) hold
#     <linux/winusb.h>;
#   - applying the fragment twice adds no line twice.
#
# The unpacked and prepared tree (modules_prepare, a few minutes) is kept in
# build/kernel-tree/ and reused while the tarball is unchanged.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
build=${BUILD:-$top/build}
ksrc_tar=${KSRC:-/usr/src/linux-source-6.1.tar.xz}
base=$build/kernel-tree
tree=$base/linux-source-6.1
work=$base/test
version=$(cat VERSION)
jobs=$(nproc)

n=0 failed=0
check() {	# check NAME COMMAND...: one KTAP line; output in the log
	local name=$1
	shift
	n=$((n + 1))
	if "$@" >> "$work/log" 2>&1; then
		echo "ok $n $name"
	else
		echo "not ok $n $name"
		failed=$((failed + 1))
		tail -n 15 "$work/log" | sed 's/^/#   /'
	fi
}

prepare() {
	local key
	key=$(stat -c '%s %Y' "$ksrc_tar") || return 1
	[ "$(cat "$base/prepared" 2>/dev/null)" = "$key" ] && return 0
	rm -rf "$tree" "$base/prepared"
	mkdir -p "$base"
	tar -xJf "$ksrc_tar" -C "$base" &&
	make -s -C "$tree" x86_64_defconfig &&
	make -s -C "$tree" -j"$jobs" modules_prepare &&
	echo "$key" > "$base/prepared"
}
enable() {
	"$tree/scripts/config" --file "$tree/.config" -m USB_WINUSB &&
	make -s -C "$tree" olddefconfig &&
	grep -qx 'CONFIG_USB_WINUSB=m' "$tree/.config"
}
build_dir() {
	rm -f "$tree"/drivers/usb/misc/winusb/*.o
	make -C "$tree" -j"$jobs" W=1 drivers/usb/misc/winusb/ > "$work/build.log" 2>&1
	local rc=$?
	cat "$work/build.log"
	[ $rc = 0 ] && [ -s "$tree/drivers/usb/misc/winusb/winusb.o" ] &&
		! grep -E 'warning:|error:' "$work/build.log"
}
modinfo_version() {
	objcopy -O binary --only-section=.modinfo "$tree/drivers/usb/misc/winusb/winusb.o" \
		"$work/modinfo" &&
	tr '\0' '\n' < "$work/modinfo" | grep -x "version=$version"
}
headers() {
	# `make headers` is what headers_install copies (with rsync) from.
	rm -f "$tree/usr/include/linux/winusb.h"
	make -s -C "$tree" headers &&
	grep -q '^#define WINUSB_ABI_VERSION' "$tree/usr/include/linux/winusb.h"
}
once() {
	scripts/kernel-tree "$tree" &&
	[ "$(grep -c 'drivers/usb/misc/winusb/Kconfig' "$tree/drivers/usb/misc/Kconfig")" = 1 ] &&
	[ "$(grep -c 'CONFIG_USB_WINUSB' "$tree/drivers/usb/misc/Makefile")" = 1 ]
}

mkdir -p "$work"
: > "$work/log"
echo "TAP version 13"
[ -r "$ksrc_tar" ] || { echo "Bail out! no $ksrc_tar (make test-deps)"; exit 1; }
check prepare-tree prepare
check apply-fragment scripts/kernel-tree "$tree"
check kconfig enable
check build-w1-no-warning build_dir
check modinfo-version modinfo_version
check uapi-header-exported headers
check apply-twice once
echo "1..$n"
echo "# Totals: pass:$((n - failed)) fail:$failed xfail:0 xpass:0 skip:0 error:0"
[ $failed = 0 ]
