# SPDX-License-Identifier: GPL-2.0
SUMMARY = "winusb.ko: a USB interface driver with Microsoft WinUSB's semantics"
DESCRIPTION = "One character device per bound USB interface, /dev/winusb/<interface>, \
with control, bulk, interrupt and isochronous transfers, WinUSB's pipe and power \
policies and Microsoft OS descriptors.  Userspace: libwinusb."
LICENSE = "GPL-2.0-only"
LIC_FILES_CHKSUM = "file://LICENSES/preferred/GPL-2.0;md5=f38e120aa407a859821fa9532e1951c4"

require winusb.inc

# module.bbclass runs `make KERNEL_SRC=... modules` and `make modules_install`
# at the top of the tree: the project's Makefile passes them to Kbuild on
# module/ (KERNEL_SRC names the kernel build directory).
inherit module

# The driver has no device table: nothing loads it at boot by itself.
# winusb-bind (libwinusb-tools) loads and binds; or list it in
# KERNEL_MODULE_AUTOLOAD.
RPROVIDES:${PN} += "kernel-module-winusb"
