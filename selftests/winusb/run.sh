#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# libwinusb in the test guest, against winusb.ko and winusb-testdev: the
# Windows-style kselftests of selftests/winusb/, the bulk_loopback example,
# at high, full and SuperSpeed; then unplug, killed processes and module
# unload.  new_id binds winusb to both interfaces of every test device.
#
#   selftests/vm/run -- selftests/winusb/run.sh
set -u
. "$(dirname "$0")/../lib/guest.sh"
. "$top/selftests/lib/ktap.sh"
bin=$build/selftests/winusb
drv=/sys/bus/usb/drivers/winusb
export WINUSB_TESTDEV_PIDFILE=$testdev_pidfile

ktap_begin "libwinusb: WinUsb_* against winusb.ko and winusb-testdev"

# Run a command whose output is not KTAP: as KTAP comments.
commented() {
	"$@" 2>&1 | sed 's/^/# /'
	return "${PIPESTATUS[0]}"
}

# Run a kselftest program and say how long it took (the area's budget is
# 3 minutes of guest time).
timed() {
	local t0=$SECONDS rc
	"$@"
	rc=$?
	echo "# $(basename "$1") ${WINUSB_TEST_SPEED:-}: $((SECONDS - t0)) s"
	return $rc
}

# Attach the test device at speed $1 (more testdev options follow) and wait
# for both of its interfaces' nodes.
attach() {
	local speed=$1 i
	shift
	testdev_attach --speed "$speed" "$@" || return 1
	for i in $(seq 50); do
		[ -c "/dev/winusb/$busid:1.0" ] && [ -c "/dev/winusb/$busid:1.1" ] &&
			return 0
		sleep 0.1
	done
	return 1
}

guest_load_winusb || { ktap_fail winusb.load; ktap_end; exit 1; }
ktap_check winusb.new_id sh -c "echo '1209 0001' > $drv/new_id"

# High speed: everything, with a high-bandwidth isochronous endpoint
# (2 transactions per microframe) for MaximumBytesPerInterval.
if ktap_check high.attach attach high --isoch-mult 2; then
	export WINUSB_TEST_SPEED=high
	timed "$bin/device_test"
	timed "$bin/pipe_test"
	ktap_check high.example_bulk_loopback \
		commented "$build/userspace/examples/bulk_loopback"
	timed "$bin/process_test"
	timed "$bin/unplug_test"
	ktap_check high.unplugged testdev_detach
fi

# Full speed: 64-byte packets; DEVICE_SPEED is LowSpeed (1), as on Windows.
if ktap_check full.attach attach full; then
	export WINUSB_TEST_SPEED=full
	timed "$bin/device_test"
	timed "$bin/pipe_test"
	ktap_check full.detach testdev_detach
fi

# SuperSpeed: DEVICE_SPEED HighSpeed (3); burst and mult for the isoch MBPI.
if ktap_check super.attach attach super --isoch-burst 1 --isoch-mult 2; then
	export WINUSB_TEST_SPEED=super
	timed "$bin/device_test"
	ktap_check super.detach testdev_detach
fi

ktap_check winusb.remove_id sh -c "echo '1209 0001' > $drv/remove_id"
ktap_check winusb.rmmod rmmod winusb
ktap_end
