#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make demo`, in the test guest (as root): attach winusb-testdev the way a
# user attaches a USB/IP device, with Debian's usbip tools, bind winusb.ko
# to it and stream isochronous IN and OUT through it with the WinUSB
# example userspace/examples/isoch_stream.
#
#   selftests/vm/run -- selftests/winusb-isoch/demo.sh [SECONDS] [testdev options]
#
# SECONDS defaults to 5; testdev options default to "--speed high
# --isoch-maxp 512" (--paced is always given: the device keeps real bus
# timing).  The exit
# status is the example's: 0 only when no packet was lost, late or damaged.
set -u
. "$(dirname "$0")/../lib/guest.sh"
seconds=${1:-5}
[ $# -gt 0 ] && shift
[ $# -gt 0 ] || set -- --speed high --isoch-maxp 512
drv=/sys/bus/usb/drivers/winusb

say() { echo; echo "== $*"; }

say "Loading vhci-hcd and winusb.ko"
guest_load_winusb || exit 1

say "Starting the test device as a USB/IP server: winusb-testdev --listen 127.0.0.1:3240 --paced $*"
"$testdev" --listen 127.0.0.1:3240 --background --pidfile "$testdev_pidfile" \
	--log /tmp/testdev.log --paced "$@" || exit 1
usbip list -r 127.0.0.1 || exit 1

say "usbip attach -r 127.0.0.1 -b 1-1"
usbip attach -r 127.0.0.1 -b 1-1 || exit 1
testdev_wait || { echo "demo: the device did not appear" >&2; exit 1; }
lsusb -d 1209:0001

say "Binding winusb to it: echo '1209 0001' > $drv/new_id"
echo "1209 0001" > "$drv/new_id" || exit 1
for _ in $(seq 50); do
	[ -c "/dev/winusb/$busid:1.1" ] && break
	sleep 0.1
done
ls -l /dev/winusb/

say "$build/userspace/examples/isoch_stream $seconds"
"$build/userspace/examples/isoch_stream" "$seconds"
rc=$?

say "Unplugging (usbip detach) and unloading"
port=$(usbip port 2>/dev/null | sed -n 's/^Port \([0-9]*\):.*/\1/p' | head -n 1)
[ -n "$port" ] && usbip detach -p "$port" >/dev/null
testdev_detach
echo "1209 0001" > "$drv/remove_id" 2>/dev/null
rmmod winusb && echo "winusb unloaded."
exit $rc
