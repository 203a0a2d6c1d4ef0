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
#   make vm           a shell in the test guest with the test device attached
#   make deps         install what `make` needs (as root)
#   make test-deps    install what the tests need (check, demo and vm run it)
#
# The machine that builds rarely runs the target kernel, so the kernel is never
# taken from `uname -r`: KABI is the newest installed Debian 6.1 ABI (see
# scripts/kernel-abi) and KDIR its headers.  Override either on the command line.

TOP	:= $(CURDIR)
BUILD	?= $(TOP)/build
KABI	?= $(shell $(TOP)/scripts/kernel-abi 2>/dev/null)
KDIR	?= /usr/src/linux-headers-$(KABI)-amd64
KSRC	?= /usr/src/linux-source-6.1.tar.xz
KSFT	:= $(BUILD)/ksft
export BUILD

.PHONY: all tests module userspace testdev selftests deps test-deps check check-host check-vm check-long \
	check-debug debug-kernel sparse checkpatch demo vm clean help

# What a user builds: nothing here needs more than build-essential and the
# kernel headers.
all: module userspace testdev

# What the tests run: needs the test toolchain (make test-deps).
tests: all selftests

module:
	@test -d "$(KDIR)" || { echo "make: no kernel headers at $(KDIR); run 'sudo make deps' or pass KDIR=" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(TOP) W=1 modules

userspace:
	$(MAKE) -C userspace BUILD=$(BUILD)/userspace

testdev:
	$(MAKE) -C selftests/testdev BUILD=$(BUILD)/testdev

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
	$(MAKE) -C $(KDIR) M=$(TOP) W=1 C=2 modules

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

vm: tests
	selftests/vm/run --shell --timeout 86400 -- selftests/vm/vm-setup

# The main job: in the test guest, attach winusb-testdev with Debian's
# `usbip attach`, bind winusb.ko and stream isochronous IN and OUT with the
# WinUSB example userspace/examples/isoch_stream.  Exits non-zero if any
# packet was lost, late or damaged.  DEMO_SECONDS: how long to stream;
# DEMO_DEVICE: winusb-testdev options (--speed full|high|super, --iso-maxp,
# --iso-mult...; the device is always paced at real bus timing).  The
# default, 512-byte packets at high speed (4 MB/s each way), is what a TCG
# guest keeps up with on a busy two-core machine.
DEMO_SECONDS ?= 5
DEMO_DEVICE ?= --speed high --iso-maxp 512
demo:
	@scripts/deps --check --test || scripts/deps --test
	@echo "Building (log: $(BUILD)/demo-build.log)..."
	@mkdir -p $(BUILD)
	@$(MAKE) --no-print-directory tests > $(BUILD)/demo-build.log 2>&1 || \
		{ tail -n 30 $(BUILD)/demo-build.log; exit 1; }
	@echo "Booting the test guest..."
	@selftests/vm/run --timeout 600 -- selftests/winusb-isoch/demo.sh \
		$(DEMO_SECONDS) $(DEMO_DEVICE)

# Kbuild's clean with M=$(TOP) would delete every *.ko below the checkout,
# the guest kernel's modules under build/kernel/ included: clean module/ only.
clean:
	-$(MAKE) -C $(KDIR) M=$(TOP)/module clean
	rm -f Module.symvers modules.order
	-$(MAKE) -C userspace BUILD=$(BUILD)/userspace clean
	-$(MAKE) -C selftests/testdev BUILD=$(BUILD)/testdev clean
	rm -rf $(BUILD)/userspace $(BUILD)/testdev $(BUILD)/selftests $(BUILD)/ksft $(BUILD)/checkpatch

help:
	@sed -n "3,20p" Makefile | sed 's/^# \{0,1\}//'
