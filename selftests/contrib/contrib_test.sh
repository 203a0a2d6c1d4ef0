#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# contrib_test.sh: the appliance-builder files of contrib/, checked as far as
# this machine goes without Buildroot or BitBake (a host step of `make
# check`; needs `make` run first).
#
#   Buildroot (contrib/buildroot, a BR2_EXTERNAL tree):
#   - package/winusb/Config.in parses with the kernel's own kconfig (Debian's
#     linux-kbuild `conf`, stand-in symbols for Buildroot's): the option is
#     offered with a kernel, threads and wchar, and not without a kernel;
#   - winusb.mk, included by external.mk into a stand-in for Buildroot's
#     package infrastructure, has the version of VERSION, module/ as the
#     kernel-module subdirectory, and its build, staging and target install
#     commands, run as Buildroot runs them, stage the library, headers,
#     pkg-config file, udev rules and tools.
#   Yocto (contrib/yocto/meta-winusb):
#   - LIC_FILES_CHKSUM's md5sums match the licence files;
#   - libwinusb's EXTRA_OEMAKE and do_install, with Poky's directories, stage
#     what its FILES name.
#   Not run: Buildroot's and BitBake's own parsers, the cross builds, and
#   Yocto's module class (the top-level `make modules`/`modules_install` it
#   calls are Documentation/install.rst's, run by selftests/intree).
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2
build=${BUILD:-$top/build}
work=$build/contrib-test
br=$top/contrib/buildroot
yocto=$top/contrib/yocto/meta-winusb
rm -rf "$work"
mkdir -p "$work"
version=$(cat VERSION)
conf=$(ls /usr/lib/linux-kbuild-*/scripts/kconfig/conf 2>/dev/null | tail -n 1)

. "$top/selftests/lib/ktap.sh"
# Each check's output goes to the log, shown when one fails.
logged() { "$@" >> "$work/log" 2>&1; }
has_files() {	# has_files ROOT PATH...
	local root=$1 f
	shift
	for f in "$@"; do [ -e "$root/$f" ] || { echo "missing $root/$f"; return 1; }; done
}

# Buildroot's Kconfig: stand-ins for the symbols it depends on.
kconfig() {	# kconfig KERNEL(y|n): prints the resulting .config
	local d=$work/kconfig-$1
	mkdir -p "$d"
	printf 'config BR2_LINUX_KERNEL\n\tdef_bool %s\nconfig BR2_TOOLCHAIN_HAS_THREADS\n\tdef_bool y\nconfig BR2_USE_WCHAR\n\tdef_bool y\nsource "%s"\n' \
		"$1" "$br/package/winusb/Config.in" > "$d/Kconfig"
	(cd "$d" && CONFIG_='' KCONFIG_CONFIG=.config "$conf" --allyesconfig Kconfig > conf.log 2>&1) ||
		{ cat "$d/conf.log"; return 1; }
	! grep -i warning "$d/conf.log" || return 1
	cat "$d/.config"
}
offered() { kconfig y | grep -qx 'BR2_PACKAGE_WINUSB=y'; }
not_without_kernel() { kconfig n > "$work/nokernel.config" && ! grep -q '^BR2_PACKAGE_WINUSB=' "$work/nokernel.config"; }

# Buildroot's package infrastructure, reduced to what winusb.mk uses: its
# commands run in a rule whose $(@D) is the source directory (this tree,
# already built: the build step only finds everything up to date).
cat > "$work/buildroot.mk" <<'MK'
BR2_EXTERNAL_WINUSB_PATH := $(BR)
TARGET_CONFIGURE_OPTS := CC=cc AR=ar
TARGET_MAKE_ENV := PATH=$(PATH)
KCONFIG_ENABLE_OPT = echo "enable $(1)"
kernel-module :=
generic-package :=
include $(BR)/external.mk
print:
	@echo "version=$(WINUSB_VERSION) site=$(WINUSB_SITE) method=$(WINUSB_SITE_METHOD)"
	@echo "subdirs=$(WINUSB_MODULE_SUBDIRS) staging=$(WINUSB_INSTALL_STAGING)"
	@echo "fixups=$(WINUSB_LINUX_CONFIG_FIXUPS)"
# A target in the source directory, for $(@D).
.PHONY: $(SRC)/br-install
$(SRC)/br-install:
	$(WINUSB_BUILD_CMDS)
	$(WINUSB_INSTALL_STAGING_CMDS)
	$(WINUSB_INSTALL_TARGET_CMDS)
MK
brmake() { make -s --no-print-directory -f "$work/buildroot.mk" BR="$br" SRC="$top" "$@"; }
br_vars() {
	local out
	out=$(brmake print) || return 1
	echo "$out"
	grep -qx "version=$version site=$top method=local" <<< "$out" &&
		grep -qx 'subdirs=module staging=YES' <<< "$out" &&
		grep -q 'CONFIG_USB' <<< "$out" &&
		[ -f "$top/module/Kbuild" ]
}
br_install() {
	brmake TARGET_DIR="$work/br-target" STAGING_DIR="$work/br-staging" "$top/br-install" &&
	has_files "$work/br-target" usr/lib/libwinusb.so.0 usr/lib/udev/rules.d/60-winusb.rules \
		usr/sbin/winusb-bind usr/bin/winusb-testdev usr/share/man/man4/winusb.4 &&
	has_files "$work/br-staging" usr/include/winusb/winusb.h usr/lib/libwinusb.so \
		usr/lib/libwinusb.a usr/lib/pkgconfig/libwinusb.pc
}

# Yocto: the checksums, then EXTRA_OEMAKE and do_install with Poky's paths.
lic_md5() {
	local r f sum bad=0
	for r in "$yocto"/recipes-*/*/*.bb; do
		while read -r f sum; do
			[ "$(md5sum < "$f" | cut -d' ' -f1)" = "$sum" ] || { echo "$r: $f: md5 differs"; bad=1; }
		done < <(grep -o 'file://[^;]*;md5=[0-9a-f]*' "$r" | sed 's|file://\([^;]*\);md5=|\1 |')
	done
	[ $bad = 0 ] && grep -q 'md5=' "$yocto/recipes-kernel/winusb/winusb_git.bb"
}
yocto_install() {
	local r=$yocto/recipes-support/libwinusb/libwinusb_git.bb opts d=$work/yocto-image f
	# The continued EXTRA_OEMAKE = "..." value, Poky's directories filled in.
	opts=$(sed -n '/^EXTRA_OEMAKE = "/,/"$/p' "$r" | tr -d '\\\n' |
		sed -e 's/^EXTRA_OEMAKE = "//' -e 's/"$//' \
		    -e "s|\${B}/build|$build|" -e 's|${prefix}|/usr|g' -e 's|${bindir}|/usr/bin|g' \
		    -e 's|${sbindir}|/usr/sbin|g' -e 's|${libdir}|/usr/lib|g' \
		    -e 's|${includedir}|/usr/include|g' -e 's|${datadir}|/usr/share|g' \
		    -e 's|${mandir}|/usr/share/man|g' -e 's|${docdir}|/usr/share/doc|g' \
		    -e 's|${BPN}|libwinusb|g' -e 's|${nonarch_base_libdir}|/usr/lib|g')
	case "$opts" in *'${'*) echo "unknown variable in: $opts"; return 1 ;; esac
	grep -q 'oe_runmake DESTDIR=${D} install-userspace' "$r" || return 1
	# shellcheck disable=SC2086
	make -s DESTDIR="$d" $opts install-userspace || return 1
	for f in $(sed -n '/^FILES:${PN}-tools = "/,/"$/p' "$r" | tr -d '\\"' |
		sed -e 's/^FILES:${PN}-tools = //' -e 's|${sbindir}|/usr/sbin|g' \
		    -e 's|${bindir}|/usr/bin|g' -e 's|${nonarch_base_libdir}|/usr/lib|g'); do
		[ -e "$d$f" ] || { echo "FILES:\${PN}-tools names $f, not installed"; return 1; }
	done
	has_files "$d" usr/lib/libwinusb.so.0 usr/include/winusb/winusb.h usr/lib/pkgconfig/libwinusb.pc \
		usr/share/doc/libwinusb/examples/bulk_loopback.c
}

ktap_begin "contrib/: the Buildroot package and the Yocto recipes"
[ -e "$build/userspace/libwinusb.so.$version" ] || { echo "Bail out! run make first"; exit 1; }
if [ -n "$conf" ]; then
	ktap_check buildroot-kconfig-offered logged offered
	ktap_check buildroot-kconfig-needs-kernel logged not_without_kernel
else
	ktap_skip buildroot-kconfig "no linux-kbuild conf (make deps)"
fi
ktap_check buildroot-mk-variables logged br_vars
ktap_check buildroot-mk-install logged br_install
ktap_check yocto-license-checksums logged lic_md5
ktap_check yocto-libwinusb-install logged yocto_install
ktap_end || { echo "# log: $work/log"; tail -n 30 "$work/log" | sed 's/^/# /'; exit 1; }
