#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Driver tests in the test guest: attach winusb-testdev through vhci_hcd
# (high speed unless --speed says otherwise), load winusb.ko, bind the test
# device's interface 0 by name, run the raw-ABI tests, check unbind, rebind
# and new_id, run the process tests and the bad-argument tests on both
# interfaces, then check unplug and module unload.
#
#   selftests/vm/run -- selftests/driver/run.sh [--speed full|high|super]
set -u
. "$(dirname "$0")/../lib/guest.sh"
. "$top/selftests/lib/ktap.sh"
bin=$build/selftests/driver
speed=high
if [ $# -gt 0 ]; then
	[ $# = 2 ] && [ "$1" = --speed ] || { echo "usage: $0 [--speed full|high|super]" >&2; exit 2; }
	speed=$2
fi
case $speed in full) want=12 ;; high) want=480 ;; super) want=5000 ;;
*) echo "bad speed '$speed'" >&2; exit 2 ;; esac
export WINUSB_SPEED=$speed

ktap_begin "winusb driver at $speed speed: binding, ABI, processes, unplug, unload"
guest_load_winusb || { ktap_fail driver.load; ktap_end; exit 1; }
testdev_attach --speed "$speed" || { ktap_fail driver.attach_testdev; ktap_end; exit 1; }
intf=$busid:1.0
drv=/sys/bus/usb/drivers/winusb
echo "# device $busid"
ktap_check "attach.at_${want}M" test "$(cat "/sys/bus/usb/devices/$busid/speed")" = $want

# Bind interface 0 only, by name.
ktap_check bind.by_name sh -c "echo $intf > $drv/bind_interface"
ktap_check bind.node_created test -c "/dev/winusb/$intf"
ktap_check bind.node_mode_0600 test "$(stat -c %a "/dev/winusb/$intf")" = 600
ktap_check bind.other_interface_untouched test ! -e "/dev/winusb/$busid:1.1"
ktap_check bind.twice_refused sh -c "! echo $intf > $drv/bind_interface 2>/dev/null"
ktap_check bind.bad_name_refused sh -c "! echo nonsense > $drv/bind_interface 2>/dev/null"

WINUSB_NODE=/dev/winusb/$intf "$bin/abi_test"
# The same large reads with every piece sent at once (opt-in).
echo Y > /sys/module/winusb/parameters/bulk_in_at_once
WINUSB_NODE=/dev/winusb/$intf "$bin/abi_test" -t bulk_split_short_read \
	-t bulk_split_cancel -t bulk_large_split
echo N > /sys/module/winusb/parameters/bulk_in_at_once

# Unbind and rebind through the driver core.
ktap_check unbind sh -c "echo $intf > $drv/unbind"
ktap_check unbind.node_removed test ! -e "/dev/winusb/$intf"
ktap_check rebind.by_name sh -c "echo $intf > $drv/bind_interface"

# new_id binds every interface of the device; remove_id stops that.
echo "$intf" > $drv/unbind
ktap_check new_id sh -c "echo '1209 0001' > $drv/new_id"
sleep 0.5
ktap_check new_id.binds_interface0 test -c "/dev/winusb/$intf"
ktap_check new_id.binds_interface1 test -c "/dev/winusb/$busid:1.1"
ktap_check remove_id sh -c "echo '1209 0001' > $drv/remove_id"

# Killed with requests in flight; two processes on two interfaces.
WINUSB_NODE=/dev/winusb/$intf WINUSB_NODE1=/dev/winusb/$busid:1.1 \
	"$bin/procs_test"

# Bad arguments to every ioctl; bounds on what callers make the kernel hold.
# The checks do not depend on the speed: once, at high speed.
if [ "$speed" = high ]; then
	WINUSB_NODE=/dev/winusb/$intf WINUSB_NODE1=/dev/winusb/$busid:1.1 \
		"$bin/args_test"
fi

# Unplug with a file open and requests pending.
WINUSB_NODE=/dev/winusb/$intf WINUSB_TESTDEV_PIDFILE=$testdev_pidfile \
	"$bin/unplug_test"
ktap_check unplug.device_gone testdev_detach
ktap_check unplug.node_removed test ! -e "/dev/winusb/$intf"

ktap_check rmmod rmmod winusb
ktap_end
