#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Isochronous tests in the test guest: attach winusb-testdev (high speed,
# then full speed and SuperSpeed) through vhci_hcd, bind its interface 1 (isoch IN 0x84,
# isoch OUT 0x05), run the raw-ABI tests and a stream, unplug mid-stream,
# unload the module, and check that no page stays pinned.
#
#   selftests/vm/run -- selftests/isoch/run.sh [--long]
#
# --long streams 60 s of bus time at high speed with 3 x 1024-byte packets
# per microframe, IN then OUT, and 20 s at full speed both ways
# (selftests/vm-tests-long).
set -u
. "$(dirname "$0")/../lib/guest.sh"
. "$top/selftests/lib/ktap.sh"
bin=$build/selftests/isoch
drv=/sys/bus/usb/drivers/winusb
long=0
[ "${1:-}" = --long ] && long=1

# Pages pinned system-wide (per-CPU counts folded first), and by winusb.
pins() { echo 1 > /proc/sys/vm/stat_refresh; awk '$1 == "nr_foll_pin_acquired" { a = $2 } $1 == "nr_foll_pin_released" { r = $2 } END { print a - r }' /proc/vmstat; }
live() { awk '/^(vmap|bounce|dma): / { n += $5 } END { print n + 0 }' /sys/kernel/debug/winusb/isoch; }
winusb_pins() { sed -n 's/^pinned pages: //p' /sys/kernel/debug/winusb/isoch; }

# run NAME [VAR=VALUE...]: a test program with that environment, or a
# failure of its own if it was not built.
run() {
	local name=$1
	shift
	if [ -x "$bin/$name" ]; then
		env "$@" "$bin/$name"
	else
		ktap_fail "isoch.$name" "$bin/$name not built"
	fi
}

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
	if attach --speed high --paced; then
		echo "# high speed, 1 x 1024, in and out"
		run stream_test WINUSB_NODE=$node ISOCH_SECONDS=60 \
			ISOCH_XFER_FRAMES=32 ISOCH_INFLIGHT=16
		ktap_check long.hs.detach testdev_detach
	else
		ktap_fail long.hs.attach
	fi
	# 3 x 1024 bytes per microframe is 24 MB/s each way: IN, then OUT.
	for dir in in out; do
		if attach --speed high --isoch-mult 3 --paced; then
			echo "# high speed, 3 x 1024, $dir"
			run stream_test WINUSB_NODE=$node ISOCH_SECONDS=60 \
				ISOCH_XFER_FRAMES=32 ISOCH_INFLIGHT=16 \
				ISOCH_DIRS=$dir
			ktap_check long.hs.$dir.detach testdev_detach
		else
			ktap_fail long.hs.$dir.attach
		fi
	done
	if attach --speed full --paced; then
		run stream_test WINUSB_NODE=$node ISOCH_SECONDS=20 \
			ISOCH_XFER_FRAMES=32 ISOCH_INFLIGHT=16
		ktap_check long.fs.detach testdev_detach
	else
		ktap_fail long.fs.attach
	fi
else
	# 128-byte packets: 1 MB/s each way, which a loaded TCG guest keeps up.
	if attach --speed high --isoch-maxp 128 --paced; then
		echo "# high speed: $busid"
		run isoch_test WINUSB_NODE=$node
		ktap_check debugfs.no_live_handle test "$(live)" = 0
		ktap_check debugfs.vmap_path_used grep -q '^vmap: registered [1-9]' /sys/kernel/debug/winusb/isoch
		# The bounce path's copies and chunks (512 KiB: 3 chunks), by
		# the same checks: vhci_hcd takes plain memory as "coherent".
		echo N > /sys/module/winusb/parameters/isoch_zero_copy
		echo "# bounce path"
		run stream_test WINUSB_NODE=$node ISOCH_SECONDS=2 \
			ISOCH_INFLIGHT=16
		echo Y > /sys/module/winusb/parameters/isoch_zero_copy
		ktap_check debugfs.bounce_path_used grep -q '^bounce: registered [1-9]' /sys/kernel/debug/winusb/isoch
		# Unbound mid-stream, then bound again; unplugged mid-stream.
		run unplug_test WINUSB_NODE=$node WINUSB_UNBIND=$busid:1.1
		ktap_check unbind.node_removed test ! -e "$node"
		ktap_check unbind.rebind sh -c "echo $busid:1.1 > $drv/bind_interface"
		run unplug_test WINUSB_NODE=$node \
			WINUSB_TESTDEV_PIDFILE=$testdev_pidfile
		ktap_check unplug.device_gone testdev_detach
		ktap_check unplug.node_removed test ! -e "$node"
	else
		ktap_fail hs.attach
	fi
	if attach --speed full --paced; then
		echo "# full speed: $busid"
		run stream_test WINUSB_NODE=$node ISOCH_SECONDS=2
		ktap_check fs.detach testdev_detach
	else
		ktap_fail fs.attach
	fi
	# The alignment rule of the DMA paths: 1023-byte packets through the
	# bounce path, where no URB may start unaligned (dwc2 needs 4 bytes).
	echo N > /sys/module/winusb/parameters/isoch_zero_copy
	if attach --speed full --isoch-maxp 1023 --paced; then
		echo "# full speed, 1023-byte packets, bounce path: $busid"
		run stream_test WINUSB_NODE=$node ISOCH_SECONDS=2
		ktap_check fs.odd.detach testdev_detach
	else
		ktap_fail fs.odd.attach
	fi
	echo Y > /sys/module/winusb/parameters/isoch_zero_copy
	ktap_check debugfs.no_unaligned_urb \
		test "$(sed -n 's/^unaligned urbs: //p' /sys/kernel/debug/winusb/isoch)" = 0
	# One 1024-byte packet per millisecond (bInterval 4).
	if attach --speed super --isoch-interval 4 --paced; then
		echo "# SuperSpeed: $busid"
		run stream_test WINUSB_NODE=$node ISOCH_SECONDS=1
		ktap_check ss.detach testdev_detach
	else
		ktap_fail ss.attach
	fi
fi

ktap_check debugfs.nothing_left test "$(live)" = 0
ktap_check debugfs.nothing_pinned test "$(winusb_pins)" = 0
ktap_check rmmod rmmod winusb
ktap_check no_page_left_pinned test "$(pins)" = "$pins0"
ktap_end
