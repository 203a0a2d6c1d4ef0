#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Isochronous tests in the test guest: attach winusb-testdev (high speed,
# then full speed) through vhci_hcd, bind its interface 1 (iso IN 0x84,
# iso OUT 0x05), run the raw-ABI tests and a stream, unplug mid-stream,
# unload the module, and check that no page stays pinned.
#
#   selftests/vm/run -- selftests/isoch/run.sh [--long]
#
# --long streams 60 s of bus time at high speed with 3 x 1024-byte packets
# per microframe, and 20 s at full speed (selftests/vm-tests-long).
set -u
. "$(dirname "$0")/../lib/guest.sh"
. "$top/selftests/lib/ktap.sh"
bin=$build/selftests/isoch
drv=/sys/bus/usb/drivers/winusb
long=0
[ "${1:-}" = --long ] && long=1

pins() { awk '$1 == "nr_foll_pin_acquired" { a = $2 } $1 == "nr_foll_pin_released" { r = $2 } END { print a - r }' /proc/vmstat; }
live() { awk '/^(vmap|bounce|dma): / { n += $5 } END { print n + 0 }' /sys/kernel/debug/winusb/isoch; }

# attach SPEED [options]: the test device with interface 1 bound to winusb.
attach() {
	testdev_attach "$@" || return 1
	echo "$busid:1.1" > $drv/bind_interface || return 1
	node=/dev/winusb/$busid:1.1
	[ -c "$node" ]
}

ktap_begin "winusb isochronous transfers"
mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
guest_load_winusb || { ktap_fail isoch.load; ktap_end; exit 1; }
pins0=$(pins)

if [ $long = 1 ]; then
	if attach --speed high --iso-mult 3 --paced; then
		WINUSB_NODE=$node ISOCH_SECONDS=60 ISOCH_XFER_FRAMES=16 \
			ISOCH_INFLIGHT=16 "$bin/stream_test"
		ktap_check long.hs.detach testdev_detach
	else
		ktap_fail long.hs.attach
	fi
	if attach --speed full --paced; then
		WINUSB_NODE=$node ISOCH_SECONDS=20 ISOCH_XFER_FRAMES=16 \
			ISOCH_INFLIGHT=16 "$bin/stream_test"
		ktap_check long.fs.detach testdev_detach
	else
		ktap_fail long.fs.attach
	fi
else
	# 512-byte packets: 4 MB/s each way, which a loaded TCG guest keeps up.
	if attach --speed high --iso-maxp 512 --paced; then
		echo "# high speed: $busid"
		WINUSB_NODE=$node "$bin/isoch_test"
		ktap_check debugfs.no_live_handle test "$(live)" = 0
		ktap_check debugfs.vmap_path_used grep -q '^vmap: registered [1-9]' /sys/kernel/debug/winusb/isoch
		WINUSB_NODE=$node WINUSB_TESTDEV_PIDFILE=$testdev_pidfile \
			"$bin/unplug_test"
		ktap_check unplug.device_gone testdev_detach
		ktap_check unplug.node_removed test ! -e "$node"
	else
		ktap_fail hs.attach
	fi
	if attach --speed full --paced; then
		echo "# full speed: $busid"
		WINUSB_NODE=$node ISOCH_SECONDS=2 "$bin/stream_test"
		ktap_check fs.detach testdev_detach
	else
		ktap_fail fs.attach
	fi
fi

ktap_check debugfs.nothing_left test "$(live)" = 0
ktap_check rmmod rmmod winusb
ktap_check no_page_left_pinned test "$(pins)" = "$pins0"
ktap_end
