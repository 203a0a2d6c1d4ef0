#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# install_test.sh: `make install` and `make uninstall` into a DESTDIR (a host
# step of `make check`; needs `make` run first).
#
#   1. Debian's layout (PREFIX=/usr, multiarch LIBDIR): the staged tree is
#      exactly expected.txt (paths, types, modes, link targets); the module's
#      modinfo version is VERSION; pkg-config finds the library and headers
#      in the stage; the installed example builds against the installed
#      headers and links the installed shared library by its soname; a
#      program includes the installed <linux/winusb.h>; every man page
#      renders without a warning (lintian's man command) and has a NAME
#      line for whatis (lexgrog); uninstall leaves no file.
#   2. The default PREFIX (/usr/local): library and pkg-config file under
#      /usr/local/lib, udev rules still in /usr/lib/udev/rules.d; uninstall
#      leaves no file.
#   3. `make dkms-source`: the DKMS copy holds the module's sources and a
#      dkms.conf with the version filled in.
#
# Prints one KTAP line per check; exits 1 if any failed.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
build=${BUILD:-$top/build}
here=selftests/install
work=$build/install-test
rm -rf "$work"
mkdir -p "$work"

version=$(cat VERSION)
# The Makefile's KDIR: the headers of scripts/kernel-abi unless given.
kdir=${KDIR:-/usr/src/linux-headers-$(scripts/kernel-abi 2>/dev/null)-amd64}
krelease=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' "$kdir/include/generated/utsrelease.h" 2>/dev/null)

n=0 failed=0
check() {	# check NAME COMMAND...: one KTAP line
	local name=$1
	shift
	n=$((n + 1))
	if "$@" >> "$work/log" 2>&1; then
		echo "ok $n $name"
	else
		echo "not ok $n $name"
		failed=$((failed + 1))
	fi
}
# The staged files: path, type, mode, link target, as in expected.txt.
staged() {	# staged DIR
	find "$1" -mindepth 1 \( -type f -o -type l \) -printf '%P %y %m %l\n' |
		sed -e 's/ $//' -e "s/$version/@VERSION@/g" -e "s/$krelease/@KRELEASE@/g" | sort
}
no_files() {	# no_files DIR: nothing but (empty) directories
	local left
	left=$(find "$1" -mindepth 1 ! -type d)
	[ -z "$left" ] || { echo "left behind:"; echo "$left"; return 1; }
}
tree_matches() {
	staged "$1" > "$work/staged.txt"
	grep -v '^#' "$here/expected.txt" | sort | diff -u - "$work/staged.txt"
}

echo "TAP version 13"
[ -n "$krelease" ] || { echo "Bail out! no kernel headers at '$kdir'"; exit 1; }
[ -e module/winusb.ko ] && [ -e "$build/userspace/libwinusb.so.$version" ] ||
	{ echo "Bail out! run make first"; exit 1; }

# 1. Debian's layout.
d=$work/debian
deb=(PREFIX=/usr LIBDIR=/usr/lib/x86_64-linux-gnu)
lib=$d/usr/lib/x86_64-linux-gnu
check install-debian make -s install DESTDIR="$d" "${deb[@]}"
check tree-matches-expected tree_matches "$d"
check modinfo-version test "$(/sbin/modinfo -F version "$d/lib/modules/$krelease/updates/winusb.ko")" = "$version"
pc() { PKG_CONFIG_SYSROOT_DIR=$d PKG_CONFIG_LIBDIR=$lib/pkgconfig pkg-config "$@" libwinusb; }
check pkg-config-version test "$(pc --modversion)" = "$version"
# shellcheck disable=SC2046,SC2116
check pkg-config-flags test "$(echo $(pc --cflags --libs))" = "-I$d/usr/include/winusb -L$lib -lwinusb"
check pc-records-prefix grep -qx 'libdir=/usr/lib/x86_64-linux-gnu' "$lib/pkgconfig/libwinusb.pc"
# The example, built as the README tells a porter to, against the stage only.
build_example() {
	# shellcheck disable=SC2046
	cc -o "$work/bulk_loopback" "$d/usr/share/doc/winusb/examples/bulk_loopback.c" \
		$(pc --cflags --libs) &&
	readelf -d "$work/bulk_loopback" | grep 'NEEDED.*\[libwinusb\.so\.0\]' &&
	LD_LIBRARY_PATH=$lib ldd "$work/bulk_loopback" | grep "libwinusb\.so\.0 => $lib/libwinusb\.so\.0 "
}
check example-builds-and-links build_example
uapi_program() {
	printf '#include <stdio.h>\n#include <linux/winusb.h>\nint main(void) { printf("%%d\\n", WINUSB_ABI_VERSION); return 0; }\n' > "$work/abi.c"
	# shellcheck disable=SC2046
	cc -o "$work/abi" "$work/abi.c" $(pc --cflags) && "$work/abi" | grep -x '[0-9]*'
}
check uapi-header-installed uapi_program
# As lintian checks them: man's warnings on, UTF-8, 80 columns.
man_pages_render() {
	local f out rc=0
	for f in "$d"/usr/share/man/man*/*; do
		out=$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 \
			man --warnings -E UTF-8 -l -Tutf8 -Z "$f" 2>&1 > /dev/null)
		[ -z "$out" ] || { echo "$f: $out"; rc=1; }
		lexgrog "$f" | grep -q ': "[^"]* - ' || { echo "$f: no whatis entry"; rc=1; }
		! grep -q '@VERSION@' "$f" || { echo "$f: @VERSION@ left"; rc=1; }
	done
	return $rc
}
check man-pages-render man_pages_render
check uninstall-debian make -s uninstall DESTDIR="$d" "${deb[@]}"
check uninstall-leaves-nothing no_files "$d"

# 2. The default prefix.
d=$work/local
check install-default make -s install DESTDIR="$d"
check default-library test -L "$d/usr/local/lib/libwinusb.so.0" -a -f "$d/usr/local/lib/libwinusb.so.$version"
check default-pc-prefix grep -qx 'prefix=/usr/local' "$d/usr/local/lib/pkgconfig/libwinusb.pc"
check default-udev-dir test -f "$d/usr/lib/udev/rules.d/60-winusb.rules"
check default-tools test -x "$d/usr/local/sbin/winusb-bind" -a -x "$d/usr/local/bin/winusb-testdev"
check uninstall-default make -s uninstall DESTDIR="$d"
check uninstall-default-leaves-nothing no_files "$d"

# 3. The DKMS copy.
d=$work/dkms
src=$d/usr/src/winusb-$version
check dkms-source make -s dkms-source DESTDIR="$d"
check dkms-conf-version grep -qx "PACKAGE_VERSION=\"$version\"" "$src/dkms.conf"
dkms_files() {
	local f
	for f in Kbuild VERSION module/Kbuild module/main.c module/winusb.h uapi/linux/winusb.h \
		LICENSES/preferred/GPL-2.0; do
		[ -f "$src/$f" ] || { echo "missing $f"; return 1; }
	done
	! find "$src" -name '*.o' -o -name '*.ko' -o -name '*.cmd' -o -name '*.mod*' | grep .
}
check dkms-source-files dkms_files

echo "1..$n"
echo "# Totals: pass:$((n - failed)) fail:$failed xfail:0 xpass:0 skip:0 error:0"
[ $failed = 0 ] || { echo "# log: $work/log"; tail -n 30 "$work/log" | sed 's/^/# /'; }
[ $failed = 0 ]
