# SPDX-License-Identifier: GPL-2.0
SUMMARY = "libwinusb: Microsoft's WinUsb_* API on the winusb driver"
DESCRIPTION = "The WinUsb_* functions with Microsoft's types and error codes, the \
Win32 pieces WinUSB programs use, SetupDi and CM_* lookup by interface GUID; \
udev rules, winusb-bind and the USB/IP test device winusb-testdev."
LICENSE = "LGPL-2.1-or-later & GPL-2.0-only"
LIC_FILES_CHKSUM = "file://LICENSES/preferred/LGPL-2.1;md5=2b4801b7aa4d86dac686cf86bf8eda4c \
                    file://LICENSES/preferred/GPL-2.0;md5=f38e120aa407a859821fa9532e1951c4"

require recipes-kernel/winusb/winusb.inc

# The project's own Makefile: `make userspace testdev`, then
# `make install-userspace` (library, headers, pkg-config file, udev rules,
# tools, man pages, examples).  CC, CFLAGS and LDFLAGS come from the
# environment oe_runmake sets.
EXTRA_OEMAKE = "BUILD=${B}/build PREFIX=${prefix} BINDIR=${bindir} SBINDIR=${sbindir} \
                LIBDIR=${libdir} INCLUDEDIR=${includedir} DATADIR=${datadir} \
                MANDIR=${mandir} DOCDIR=${docdir}/${BPN} \
                UDEVRULESDIR=${nonarch_base_libdir}/udev/rules.d"

do_compile() {
	oe_runmake userspace testdev
}

do_install() {
	oe_runmake DESTDIR=${D} install-userspace
}

PACKAGES =+ "${PN}-tools"
FILES:${PN}-tools = "${sbindir}/winusb-bind ${bindir}/winusb-testdev \
                     ${nonarch_base_libdir}/udev/rules.d/60-winusb.rules"
RDEPENDS:${PN}-tools = "kmod"
RRECOMMENDS:${PN} = "${PN}-tools kernel-module-winusb"
