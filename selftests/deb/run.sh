#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The Debian packages of `make deb` (build/deb/*.deb) in the test guest:
#
#   - dpkg -i of winusb-dkms, libwinusb0, libwinusb-dev and winusb-tools;
#   - the files are where Debian expects them: the module's source and
#     dkms.conf in /usr/src/winusb-<version>/ (registered with DKMS), the
#     library under its soname in the multiarch directory (in ldconfig's
#     cache), headers, pkg-config file, udev rules in
#     /usr/lib/udev/rules.d/, winusb-bind, winusb-testdev and the man pages
#     (found by man -w);
#   - the packages at work: systemd-udevd with the packaged rules, the
#     packaged winusb-testdev attached and winusb-bind binding it, the
#     packaged example built with pkg-config against the packaged library
#     and run by a user in group plugdev;
#   - dpkg --purge leaves none of the packages' files, no DKMS entry and no
#     library in ldconfig's cache.
#
# Without options DKMS is not asked to compile (the guest has no build
# directory for its kernel, so the postinst only runs `dkms add`) and the
# module is module/winusb.ko: `make check` (vm_test deb).  With --dkms the
# guest kernel's headers are linked as its build directory first, so the
# postinst builds and installs the module with DKMS (half an hour under
# TCG) and modprobe loads that one; purging removes it again:
# selftests/vm-tests-long (vm_test deb-dkms).
#
#   make deb && selftests/vm/run -- selftests/deb/run.sh [--dkms]
set -u
. "$(dirname "$0")/../lib/guest.sh"
. "$top/selftests/lib/ktap.sh"

dkms_build=0
[ "${1:-}" = --dkms ] && dkms_build=1
release=$(uname -r)
version=$(cat "$top/VERSION")
arch=$(dpkg --print-architecture)
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)
libdir=/usr/lib/$multiarch
pkgs=(winusb-dkms libwinusb0 libwinusb-dev winusb-tools)
debs=("$build/deb/winusb-dkms_${version}_all.deb"
	"$build/deb/libwinusb0_${version}_$arch.deb"
	"$build/deb/libwinusb-dev_${version}_$arch.deb"
	"$build/deb/winusb-tools_${version}_$arch.deb")
lm=/lib/modules/$release
log=/tmp/deb.log
plugdev=$(getent group plugdev | cut -d: -f3)
nobody=65534

logged() {	# logged COMMAND...: output to the log, shown on failure
	"$@" >> $log 2>&1 && return 0
	tail -n 20 $log | sed 's/^/#   /'
	return 1
}
installed() {	# installed PACKAGE
	[ "$(dpkg-query -W -f '${db:Status-Status}' "$1" 2>/dev/null)" = installed ]
}
all_installed() {
	local p
	for p in "${pkgs[@]}"; do installed "$p" || { echo "# $p not installed"; return 1; }; done
}
files_are() {	# files_are PACKAGE PATH...: each PATH is one of its files
	local p=$1 f
	shift
	for f in "$@"; do
		dpkg-query -L "$p" | grep -qx "$f" && [ -e "$f" ] ||
			{ echo "# $p: no $f"; return 1; }
	done
}
status_is() {	# status_is REGEX: dkms status of winusb
	local s
	s=$(dkms status winusb 2>&1)
	echo "# dkms status: ${s:-(nothing)}"
	[[ "$s" =~ $1 ]]
}
soname_link() {
	[ "$(readlink "$libdir/libwinusb.so.0")" = "libwinusb.so.$version" ] &&
		[ "$(readlink "$libdir/libwinusb.so")" = libwinusb.so.0 ] &&
		objdump -p "$libdir/libwinusb.so.$version" | grep -q 'SONAME *libwinusb\.so\.0$'
}
pkg_config() {
	local got
	# shellcheck disable=SC2046,SC2116
	got=$(echo $(pkg-config --cflags --libs libwinusb))
	[ "$got" = "-I/usr/include/winusb -lwinusb" ] && [ "$(pkg-config --modversion libwinusb)" = "$version" ] &&
		return 0
	echo "# pkg-config: '$got'"
	return 1
}
man_pages() {
	local page
	for page in 1/winusb-list 1/winusb-testdev 3/libwinusb 4/winusb 8/winusb-bind; do
		[ "$(man -w "${page#*/}.${page%/*}")" = "/usr/share/man/man${page%/*}/${page#*/}.${page%/*}.gz" ] ||
			{ echo "# man -w ${page#*/}.${page%/*}: $(man -w "${page#*/}.${page%/*}" 2>&1)"; return 1; }
	done
}
same_file() {	# same_file WHAT PATH: PATH is the packaged soname link (/lib is /usr/lib)
	[ -n "$2" ] && [ "$(readlink -f "$2")" = "$(readlink -f "$libdir/libwinusb.so.0")" ] && return 0
	echo "# $1: '$2'"
	return 1
}
in_ldconfig_cache() {
	same_file "ldconfig -p" "$(ldconfig -p | sed -n 's/^\tlibwinusb\.so\.0 (.*) => //p')"
}
build_example() {	# the packaged example, as its README says, dynamically
	# shellcheck disable=SC2046
	logged cc -o /tmp/bulk_loopback /usr/share/doc/libwinusb-dev/examples/bulk_loopback.c \
		$(pkg-config --cflags --libs libwinusb) &&
	same_file ldd "$(ldd /tmp/bulk_loopback | sed -n 's/^\tlibwinusb\.so\.0 => \(.*\) (.*/\1/p')"
}
wait_node() {
	for _ in $(seq 50); do
		udevadm settle -t 10
		[ -c "/dev/winusb/$busid:1.0" ] && return 0
		sleep 0.1
	done
	return 1
}
node_mode() {
	local got
	got=$(stat -c '%a %G' "/dev/winusb/$busid:1.0")
	[ "$got" = "660 plugdev" ] || { echo "# node: $got"; return 1; }
}
as_plugdev_user() {
	setpriv --reuid=$nobody --regid=$nobody --groups="$plugdev" -- "$@"
}
from_dkms() {
	[ "$(modinfo -n winusb)" = "$lm/updates/dkms/winusb.ko" ] &&
		[ "$(cat /sys/module/winusb/version)" = "$version" ]
}
none_known() {	# dpkg knows none of them any more (no conffiles left either)
	local p s
	for p in "${pkgs[@]}"; do
		s=$(dpkg-query -W -f '${db:Status-Status}' "$p" 2> /dev/null)
		[ -z "$s" ] || [ "$s" = not-installed ] || { echo "# $p: $s"; return 1; }
	done
}
nothing_left() {
	local f left=
	while read -r f; do
		[ -f "$f" ] || [ -L "$f" ] || continue
		left+=" $f"
	done < /tmp/deb-files
	left+=$(find /var/lib/dkms /usr/src "$lm" -name 'winusb*' 2>/dev/null | tr '\n' ' ')
	ldconfig -p | grep -q libwinusb && left+=" (libwinusb in ldconfig's cache)"
	[ -z "${left// /}" ] && return 0
	echo "# left:$left"
	return 1
}

ktap_begin "Debian packages: install, use, purge${1:+ ($1)}"
for d in "${debs[@]}"; do
	[ -r "$d" ] || { ktap_fail packages.built "no $d (make deb)"; ktap_end; exit 1; }
done
: > $log
# Index only what the packages add; the trigger is slow under TCG.
rm -f /var/lib/man-db/auto-update
if [ $dkms_build = 1 ]; then
	# The guest kernel's module tree is shared with the build machine.
	mkdir -p /tmp/lm/upper /tmp/lm/work
	mount -t overlay overlay -o lowerdir=/lib/modules,upperdir=/tmp/lm/upper,workdir=/tmp/lm/work \
		/lib/modules
	ln -sfn "/usr/src/linux-headers-$release" "$lm/build"
else
	ktap_check no_build_dir test ! -e "$lm/build"
fi

ktap_check dpkg_install logged dpkg -i "${debs[@]}"
ktap_check all_installed all_installed
echo "# dpkg -i done at ${SECONDS}s"
dpkg-query -L "${pkgs[@]}" | sort -u > /tmp/deb-files

src=/usr/src/winusb-$version
ktap_check dkms.source files_are winusb-dkms "$src/dkms.conf" "$src/Kbuild" "$src/VERSION" \
	"$src/module/Kbuild" "$src/module/main.c" "$src/uapi/linux/winusb.h"
ktap_check dkms.conf_version grep -qx "PACKAGE_VERSION=\"$version\"" "$src/dkms.conf"
if [ $dkms_build = 1 ]; then
	ktap_check dkms.built_by_postinst status_is "winusb/$version, $release, [^:]*: installed"
	ktap_check dkms.module_file test -f "$lm/updates/dkms/winusb.ko"
else
	ktap_check dkms.added_by_postinst status_is "^winusb/$version: added$"
fi
ktap_check lib.files files_are libwinusb0 "$libdir/libwinusb.so.0" "$libdir/libwinusb.so.$version"
ktap_check lib.soname soname_link
ktap_check lib.ldconfig in_ldconfig_cache
ktap_check dev.files files_are libwinusb-dev /usr/include/winusb/winusb.h /usr/include/winusb/windows.h \
	/usr/include/winusb/linux/winusb.h "$libdir/libwinusb.so" "$libdir/libwinusb.a" \
	"$libdir/pkgconfig/libwinusb.pc" /usr/share/doc/libwinusb-dev/examples/bulk_loopback.c
ktap_check dev.pkg_config pkg_config
ktap_check tools.files files_are winusb-tools /usr/lib/udev/rules.d/60-winusb.rules \
	/usr/lib/udev/rules.d/65-winusb-autobind.rules /usr/lib/udev/winusb-msos \
	/usr/sbin/winusb-bind /usr/bin/winusb-testdev /usr/bin/winusb-list
ktap_check man.pages man_pages
ktap_check example.builds build_example
echo "# files checked at ${SECONDS}s"

# The packages at work.
ktap_check udevd.start /lib/systemd/systemd-udevd --daemon
if [ $dkms_build = 1 ]; then
	modprobe vhci-hcd
	ktap_check modprobe logged modprobe winusb
	ktap_check module_from_dkms from_dkms
else
	ktap_check load guest_load_winusb
fi
# shellcheck disable=SC2034 # what testdev_attach (guest.sh) runs: the packaged one
testdev=/usr/bin/winusb-testdev
if ktap_check attach testdev_attach; then
	ktap_check bind logged /usr/sbin/winusb-bind --id 1209:0001
	ktap_check node.present wait_node
	ktap_check node.mode_0660_plugdev node_mode
	out=$(as_plugdev_user /tmp/bulk_loopback 2>&1)
	rc=$?
	echo "$out" | sed 's/^/# /'
	ktap_check example.as_plugdev_user test $rc = 0
	/usr/sbin/winusb-bind --remove-id 1209:0001
	ktap_check detach testdev_detach
fi
udevadm control --exit
ktap_check unload logged rmmod winusb

echo "# packages used at ${SECONDS}s"
ktap_check dpkg_purge logged dpkg --purge "${pkgs[@]}"
echo "# dpkg --purge done at ${SECONDS}s"
ktap_check none_known none_known
ktap_check dkms.removed status_is '^$'
ktap_check nothing_left nothing_left
ktap_end
