#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Stress tests in the test guest: attach winusb-testdev through vhci_hcd,
# bind both its interfaces to winusb.ko, then
#
#   run.sh [--fuzz] [--calls N] [--speed S]  the ioctl fuzzer (fuzz_test)
#   run.sh --failnth                         fail-nth on every error path
#   run.sh --soak N                          N unplug cycles (soak_test)
#   run.sh --repro                           reproducers (repro_test)
#
# and finally unload the module and check that no page stays pinned.  The
# tests call back "run.sh --helper ACTION" to change the device under them:
# bind, unbind (both interfaces), unplug, plug, replug, ensure (plugged and
# bound).  $FUZZ_SEED, $FUZZ_CALLS, ... pass through (see fuzz_test.c).
#
#   selftests/vm/run -- selftests/fuzz/run.sh --calls 10000
set -u
. "$(dirname "$0")/../lib/guest.sh"
. "$top/selftests/lib/ktap.sh"
bin=$build/selftests/fuzz
drv=/sys/bus/usb/drivers/winusb
speed=high
mode=fuzz
cycles=20

bind_all() {
	local i ok=0
	for i in 0 1; do
		[ -e "/sys/bus/usb/devices/$busid:1.$i/driver" ] ||
			echo "$busid:1.$i" > $drv/bind_interface 2>/dev/null || ok=1
	done
	return $ok
}

unbind_all() {
	local i
	for i in 0 1; do
		[ -e "$drv/$busid:1.$i" ] && echo "$busid:1.$i" > $drv/unbind 2>/dev/null
	done
	return 0
}

plugged() { testdev_wait_quick; }

# Like testdev_wait, without waiting: sets $busid if the device is there.
testdev_wait_quick() {
	local d
	for d in /sys/bus/usb/devices/*; do
		[ "$(cat "$d/idVendor" 2>/dev/null)" = 1209 ] || continue
		[ -e "$d/$(basename "$d"):1.1" ] || continue
		busid=$(basename "$d")
		return 0
	done
	return 1
}

helper() {
	case $1 in
	bind) testdev_wait_quick && bind_all ;;
	unbind) testdev_wait_quick && unbind_all ;;
	unplug) testdev_wait_quick && testdev_detach ;;
	plug) plugged || { testdev_attach --speed "$speed" && bind_all; } ;;
	replug) helper unplug; helper plug ;;
	ensure) if plugged; then bind_all; else helper plug; fi ;;
	*) echo "run.sh: unknown helper action '$1'" >&2; return 2 ;;
	esac
}

while [ $# -gt 0 ]; do
	case $1 in
	--helper) [ -s /tmp/fuzz-speed ] && speed=$(cat /tmp/fuzz-speed)
		helper "$2"; exit ;;
	--fuzz) mode=fuzz; shift ;;
	--failnth) mode=failnth; shift ;;
	--soak) mode=soak cycles=$2; shift 2 ;;
	--repro) mode=repro; shift ;;
	--calls) export FUZZ_CALLS=$2; shift 2 ;;
	--speed) speed=$2; shift 2 ;;
	*) echo "usage: $0 [--fuzz] [--calls N] [--failnth] [--soak N] [--repro] [--speed S]" >&2; exit 2 ;;
	esac
done
echo "$speed" > /tmp/fuzz-speed
export FUZZ_HELPER=$top/selftests/fuzz/run.sh

pins() { echo 1 > /proc/sys/vm/stat_refresh; awk '$1 == "nr_foll_pin_acquired" { a = $2 } $1 == "nr_foll_pin_released" { r = $2 } END { print a - r }' /proc/vmstat; }

ktap_begin "winusb stress: $mode at $speed speed"
mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
# Huge pages for the buffers the fuzzer registers and submits.
echo 4 > /proc/sys/vm/nr_hugepages 2>/dev/null
guest_load_winusb || { ktap_fail load; ktap_end; exit 1; }
pins0=$(pins)
if ! { testdev_attach --speed "$speed" && bind_all; }; then
	ktap_fail attach_and_bind
	ktap_end
	exit 1
fi
echo "# device $busid"

case $mode in
fuzz) "$bin/fuzz_test" ;;
failnth) "$bin/failnth_test" ;;
soak) SOAK_CYCLES=$cycles "$bin/soak_test" ;;
repro) "$bin/repro_test" ;;
esac

helper ensure >/dev/null 2>&1
testdev_wait_quick && unbind_all
ktap_check detach testdev_detach
ktap_check rmmod rmmod winusb
ktap_check no_page_left_pinned test "$(pins)" = "$pins0"
ktap_end
