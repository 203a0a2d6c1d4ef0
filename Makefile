# SPDX-License-Identifier: GPL-2.0
#
# winusb for Linux: top-level build.
#
#   make              module (against Debian's headers), library, examples, test
#                     device: needs only build-essential and the kernel headers
#   make tests        the test programs (kselftest harness, libusb: test-deps)
#   make check        host checks, then every VM test; ends with "N passed, N failed"
#   make check-long   the long VM tests (isochronous streams of a minute and more)
#   make check-debug  every VM test on a debug guest kernel (KASAN, lockdep,
#                     kmemleak, UBSAN); builds that kernel first (~20 minutes)
#   make demo         the main job in the test guest
#   make bench        winusb against libusb in the test guest: prints a table,
#                     writes it and a plot into Documentation/performance.rst
#                     (QUICK=1: a short run)
#   make vm           a shell in the test guest with the test device attached
#   make install      install everything (DESTDIR, PREFIX, LIBDIR, ...: see
#                     below); make uninstall removes it again
#   make dkms-install copy the module's sources to /usr/src/winusb-<version>/
#                     and build and install it with DKMS; dkms-uninstall
#   make deb          the Debian packages (winusb-dkms, libwinusb0, libwinusb-dev,
#                     winusb-tools) into build/deb/, checked by lintian
#   make deps         install what `make` needs (as root)
#   make test-deps    install what the tests need (check, demo and vm run it)
#
# The machine that builds rarely runs the target kernel, so the kernel is never
# taken from `uname -r`: KABI is the newest installed Debian ABI of KSERIES
# (6.1, Debian 12's own kernel; or 6.12, its kernel from bookworm-security;
# see scripts/kernel-abi) and KDIR its headers.  Override any of them on the
# command line: `make check KSERIES=6.12` runs every test on 6.12.

TOP	:= $(CURDIR)
BUILD	?= $(TOP)/build
KSERIES	?= 6.1
export KSERIES
KABI	?= $(shell KSERIES=$(KSERIES) $(TOP)/scripts/kernel-abi 2>/dev/null)
# Yocto's module.bbclass names the kernel KERNEL_SRC.
KDIR	?= $(or $(KERNEL_SRC),/usr/src/linux-headers-$(KABI)-amd64)
KSRC	?= /usr/src/linux-source-6.1.tar.xz
KSFT	:= $(BUILD)/ksft
export BUILD

.PHONY: all tests module userspace testdev tools selftests deps test-deps check \
	install install-module install-userspace uninstall uninstall-module \
	uninstall-userspace dkms-source dkms-install dkms-uninstall deb modules modules_install check-host check-vm check-long \
	check-debug debug-kernel sparse checkpatch demo bench vm clean help

# What a user builds: nothing here needs more than build-essential and the
# kernel headers.
all: module userspace testdev tools

# What the tests run: needs the test toolchain (make test-deps).
tests: all selftests

module:
	@test -d "$(KDIR)" || { echo "make: no kernel headers at $(KDIR); run 'sudo make deps' or pass KDIR=" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(TOP)/module W=1 modules

userspace:
	$(MAKE) -C userspace BUILD=$(BUILD)/userspace

testdev:
	$(MAKE) -C selftests/testdev BUILD=$(BUILD)/testdev

tools:
	$(MAKE) -C tools BUILD=$(BUILD)/tools

selftests: userspace testdev $(KSFT)/kselftest_harness.h
	$(MAKE) -C selftests BUILD=$(BUILD) KSFT_INC=$(KSFT)

# The kselftest harness and checkpatch come from Debian's linux-source package
# at build time; they are not part of this repository.
$(KSFT)/kselftest_harness.h:
	@test -r $(KSRC) || { echo "make: $(KSRC) missing; run 'sudo make test-deps'" >&2; exit 1; }
	mkdir -p $(KSFT)
	tar -xJf $(KSRC) -C $(KSFT) --strip-components=4 \
		linux-source-6.1/tools/testing/selftests/kselftest_harness.h \
		linux-source-6.1/tools/testing/selftests/kselftest.h

$(BUILD)/checkpatch/checkpatch.pl:
	@test -r $(KSRC) || { echo "make: $(KSRC) missing; run 'sudo make test-deps'" >&2; exit 1; }
	mkdir -p $(BUILD)/checkpatch
	tar -xJf $(KSRC) -C $(BUILD)/checkpatch --strip-components=2 \
		linux-source-6.1/scripts/checkpatch.pl \
		linux-source-6.1/scripts/spelling.txt \
		linux-source-6.1/scripts/const_structs.checkpatch

sparse:
	$(MAKE) -C $(KDIR) M=$(TOP)/module W=1 C=2 modules

# compat.h is the one place allowed to test the kernel version.
CHECKPATCH_SRCS := $(filter-out module/compat.h %.mod.c,$(wildcard module/*.[ch])) \
		   $(wildcard uapi/linux/*.h)
checkpatch: $(BUILD)/checkpatch/checkpatch.pl
	$(BUILD)/checkpatch/checkpatch.pl --no-tree --quiet --show-types -f $(CHECKPATCH_SRCS)
	$(BUILD)/checkpatch/checkpatch.pl --no-tree --quiet --show-types \
		--ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON -f module/compat.h

deps:
	scripts/deps

test-deps:
	scripts/deps --test

check:
	scripts/check

check-host:
	scripts/check --host-only

check-vm:
	scripts/check --vm-only

# Long streams and soaks, kept out of `make check`.
check-long:
	scripts/check --long

# The VM tests on the debug guest kernel (scripts/debug-kernel, cached under
# build/debug-kernel/), kept out of `make check`: the first run builds the
# kernel, and every test takes about five times as long.
check-debug:
	scripts/check --debug

# Only the debug guest kernel and winusb.ko for it; then
# `selftests/vm/run --kernel debug ...` or `make vm WVM_KERNEL=debug`.
debug-kernel:
	scripts/deps --check --debug || scripts/deps --debug
	scripts/debug-kernel
	scripts/debug-kernel --module

# Not a test: figures for Documentation/performance.rst (scripts/bench).
bench:
	@scripts/deps --check --test || scripts/deps --test
	@$(MAKE) --no-print-directory tests
	scripts/bench $(if $(QUICK),--quick)

vm: tests
	selftests/vm/run --shell --timeout 86400 -- selftests/vm/vm-setup

# The main job: in the test guest, attach winusb-testdev with Debian's
# `usbip attach`, bind winusb.ko and stream isochronous IN and OUT with the
# WinUSB example userspace/examples/isoch_stream.  Exits non-zero if any
# packet was lost, late or damaged.  DEMO_SECONDS: how long to stream;
# DEMO_DEVICE: winusb-testdev options (--speed full|high|super, --isoch-maxp,
# --isoch-mult...; the device is always paced at real bus timing).  The
# default, 512-byte packets at high speed (4 MB/s each way), is what a TCG
# guest keeps up with on a busy two-core machine.
DEMO_SECONDS ?= 5
DEMO_DEVICE ?= --speed high --isoch-maxp 512
demo:
	@scripts/deps --check --test || scripts/deps --test
	@echo "Building (log: $(BUILD)/demo-build.log)..."
	@mkdir -p $(BUILD)
	@$(MAKE) --no-print-directory tests > $(BUILD)/demo-build.log 2>&1 || \
		{ tail -n 30 $(BUILD)/demo-build.log; exit 1; }
	@echo "Booting the test guest..."
	@selftests/vm/run --timeout 600 -- selftests/winusb-isoch/demo.sh \
		$(DEMO_SECONDS) $(DEMO_DEVICE)

# ---- install ----------------------------------------------------------------
#
#   make install [DESTDIR=/stage] [PREFIX=/usr/local] [LIBDIR=$(PREFIX)/lib] ...
#   make install-module      only winusb.ko (modules_install into
#                            /lib/modules/<release>/$(INSTALL_MOD_DIR)/, depmod)
#   make install-userspace   the rest: library, headers, pkg-config file, udev
#                            rules, winusb-bind, winusb-testdev, examples, docs
#
# Debian's layout: PREFIX=/usr LIBDIR=/usr/lib/x86_64-linux-gnu.  The udev
# rules go to /usr/lib/udev/rules.d whatever PREFIX is (udev reads no other
# prefix).  Without DESTDIR, install and uninstall run depmod, ldconfig and
# udevadm control --reload; with DESTDIR they only stage files.
PREFIX		?= /usr/local
BINDIR		?= $(PREFIX)/bin
SBINDIR		?= $(PREFIX)/sbin
LIBDIR		?= $(PREFIX)/lib
INCLUDEDIR	?= $(PREFIX)/include
DATADIR		?= $(PREFIX)/share
DOCDIR		?= $(DATADIR)/doc/winusb
MANDIR		?= $(DATADIR)/man
UDEVRULESDIR	?= /usr/lib/udev/rules.d
UDEVLIBDIR	?= /usr/lib/udev
INSTALL_MOD_DIR	?= updates
DESTDIR		?=
INSTALL		?= install
VERSION		:= $(shell cat $(TOP)/VERSION)
# The release the headers in KDIR are for (Debian's kernel.release file
# names the upstream version instead).
KRELEASE	:= $(shell sed -n 's/^\#define UTS_RELEASE "\(.*\)"$$/\1/p' \
			$(KDIR)/include/generated/utsrelease.h 2>/dev/null)
DEPMOD		?= $(firstword $(wildcard /sbin/depmod /usr/sbin/depmod) depmod)
US_DIRS		:= PREFIX=$(PREFIX) LIBDIR=$(LIBDIR) INCLUDEDIR=$(INCLUDEDIR) \
		   DESTDIR=$(DESTDIR) BUILD=$(BUILD)/userspace
EXAMPLES	:= $(wildcard userspace/examples/*.c)
DOCS		:= README.md NEWS COPYING
# man/<name>.<section>; @VERSION@ is filled in on the way.
MANPAGES	:= $(wildcard man/*.[1-8])

install: install-module install-userspace

# modules_install signs nothing (Debian's keys are not in the headers; DKMS
# signs with the machine's MOK) and runs no depmod of its own (it needs
# System.map); depmod runs here, on the real root only.
# Kbuild rewrites files in module/ even when nothing changed: install takes
# what `make` built and builds nothing itself, so that `sudo make install`
# leaves no file owned by root in the tree.
install-module:
	@test -n "$(KRELEASE)" || { echo "make: no UTS_RELEASE in $(KDIR)" >&2; exit 1; }
	@test -e module/winusb.ko || { echo "make: module/winusb.ko not built; run make first" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(TOP)/module INSTALL_MOD_PATH=$(DESTDIR) \
		INSTALL_MOD_DIR=$(INSTALL_MOD_DIR) KERNELRELEASE=$(KRELEASE) \
		CONFIG_MODULE_SIG_ALL= DEPMOD=true modules_install
	$(if $(DESTDIR),,$(DEPMOD) -a $(KRELEASE))

install-userspace: userspace testdev tools
	$(MAKE) -C userspace $(US_DIRS) install
	$(INSTALL) -d $(DESTDIR)$(INCLUDEDIR)/winusb/linux $(DESTDIR)$(UDEVRULESDIR) $(DESTDIR)$(UDEVLIBDIR) \
		$(DESTDIR)$(BINDIR) $(DESTDIR)$(SBINDIR) $(DESTDIR)$(DOCDIR)/examples
	$(INSTALL) -m 0644 uapi/linux/winusb.h $(DESTDIR)$(INCLUDEDIR)/winusb/linux/
	$(INSTALL) -m 0644 udev/60-winusb.rules $(DESTDIR)$(UDEVRULESDIR)/
	sed 's|@SBINDIR@|$(SBINDIR)|' udev/65-winusb-autobind.rules.in > \
		$(DESTDIR)$(UDEVRULESDIR)/65-winusb-autobind.rules
	chmod 0644 $(DESTDIR)$(UDEVRULESDIR)/65-winusb-autobind.rules
	$(INSTALL) -m 0755 $(BUILD)/tools/winusb-msos $(DESTDIR)$(UDEVLIBDIR)/
	$(INSTALL) -m 0755 $(BUILD)/tools/winusb-list $(DESTDIR)$(BINDIR)/
	$(INSTALL) -m 0755 tools/winusb-bind $(DESTDIR)$(SBINDIR)/
	$(INSTALL) -m 0755 $(BUILD)/testdev/winusb-testdev $(DESTDIR)$(BINDIR)/
	$(INSTALL) -m 0644 $(EXAMPLES) $(DESTDIR)$(DOCDIR)/examples/
	$(INSTALL) -m 0644 $(DOCS) $(DESTDIR)$(DOCDIR)/
	for m in $(MANPAGES); do \
		d=$(DESTDIR)$(MANDIR)/man$${m##*.}; \
		$(INSTALL) -d $$d && sed 's/@VERSION@/$(VERSION)/g' $$m > $$d/$${m##*/} && \
			chmod 0644 $$d/$${m##*/} || exit 1; \
	done
ifeq ($(DESTDIR),)
	-ldconfig
	-udevadm control --reload 2>/dev/null
endif

uninstall: uninstall-module uninstall-userspace

uninstall-module:
	@test -n "$(KRELEASE)" || { echo "make: no UTS_RELEASE in $(KDIR)" >&2; exit 1; }
	rm -f $(DESTDIR)/lib/modules/$(KRELEASE)/$(INSTALL_MOD_DIR)/winusb.ko
	-rmdir --ignore-fail-on-non-empty $(DESTDIR)/lib/modules/$(KRELEASE)/$(INSTALL_MOD_DIR)
	$(if $(DESTDIR),,$(DEPMOD) -a $(KRELEASE))

uninstall-userspace:
	$(MAKE) -C userspace $(US_DIRS) uninstall
	rm -f $(DESTDIR)$(INCLUDEDIR)/winusb/linux/winusb.h \
	      $(DESTDIR)$(UDEVRULESDIR)/60-winusb.rules \
	      $(DESTDIR)$(UDEVRULESDIR)/65-winusb-autobind.rules \
	      $(DESTDIR)$(UDEVLIBDIR)/winusb-msos $(DESTDIR)$(BINDIR)/winusb-list \
	      $(DESTDIR)$(SBINDIR)/winusb-bind $(DESTDIR)$(BINDIR)/winusb-testdev \
	      $(addprefix $(DESTDIR)$(DOCDIR)/examples/,$(notdir $(EXAMPLES))) \
	      $(addprefix $(DESTDIR)$(DOCDIR)/,$(DOCS))
	for m in $(MANPAGES); do rm -f $(DESTDIR)$(MANDIR)/man$${m##*.}/$${m##*/}; done
	-rmdir $(DESTDIR)$(INCLUDEDIR)/winusb/linux $(DESTDIR)$(INCLUDEDIR)/winusb \
	       $(DESTDIR)$(DOCDIR)/examples $(DESTDIR)$(DOCDIR) 2>/dev/null
ifeq ($(DESTDIR),)
	-ldconfig
	-udevadm control --reload 2>/dev/null
endif

# What image builders drive (Yocto's module.bbclass, Buildroot's
# kernel-module infrastructure, a kernel tree's own scripts): Kbuild's two
# targets, every variable given on the command line (KERNEL_SRC or KDIR, O,
# INSTALL_MOD_PATH, INSTALL_MOD_DIR, MODLIB, DEPMOD, KERNELRELEASE, ...)
# reaching Kbuild as it is.
modules:
	$(MAKE) -C $(KDIR) M=$(TOP)/module modules

modules_install:
	$(MAKE) -C $(KDIR) M=$(TOP)/module modules_install

# ---- DKMS -------------------------------------------------------------------
#
# The module's sources, as DKMS and dh_dkms want them: /usr/src/winusb-<version>/
# with Kbuild, VERSION, module/, uapi/ and dkms.conf (its version filled in).
DKMS_SRC	:= $(DESTDIR)/usr/src/winusb-$(VERSION)
DKMS_FILES	:= Kbuild VERSION COPYING $(wildcard module/Kbuild module/Kconfig \
		   module/*.[ch] uapi/linux/*.h LICENSES/*/*)

dkms-source:
	rm -rf $(DKMS_SRC)
	$(INSTALL) -d $(DKMS_SRC)
	tar -cf - $(filter-out %.mod.c,$(DKMS_FILES)) | tar -xf - -C $(DKMS_SRC)
	sed 's/#MODULE_VERSION#/$(VERSION)/' dkms.conf > $(DKMS_SRC)/dkms.conf

# For the running kernel, as dkms does by default (KERNEL=<release> for another).
dkms-install: dkms-source
	dkms install winusb/$(VERSION) $(if $(KERNEL),-k $(KERNEL))

dkms-uninstall:
	-dkms remove winusb/$(VERSION) --all
	rm -rf $(DKMS_SRC)

# ---- Debian packages ----------------------------------------------------------
#
# debian/ built by dpkg-buildpackage in a copy of the tree under build/deb/
# (scripts/deb); what it needs (debhelper, dh-dkms, lintian) comes first.
deb:
	@scripts/deps --check --deb || scripts/deps --deb
	scripts/deb

# Kbuild's clean with M=$(TOP) would delete every *.ko below the checkout,
# the guest kernel's modules under build/kernel/ included: clean module/ only.
clean:
	-$(MAKE) -C $(KDIR) M=$(TOP)/module clean
	rm -f Module.symvers modules.order module/Module.symvers module/modules.order
	-$(MAKE) -C userspace BUILD=$(BUILD)/userspace clean
	-$(MAKE) -C selftests/testdev BUILD=$(BUILD)/testdev clean
	rm -rf $(BUILD)/userspace $(BUILD)/testdev $(BUILD)/selftests $(BUILD)/ksft $(BUILD)/checkpatch

help:
	@sed -n "3,26p" Makefile | sed 's/^# \{0,1\}//'
