#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# libwinusb's isochronous and frame-number calls in the test guest, against
# winusb.ko and winusb-testdev paced at real bus timing: the kselftests of
# selftests/winusb-isoch/ and the isoch_stream example, at high speed and
# at full speed; an unplug mid-stream, unload, and no page left pinned.  new_id
# binds winusb to both interfaces of the test device.  About a minute of
# guest time.
#
#   selftests/vm/run -- selftests/winusb-isoch/run.sh
#
# High speed uses 512-byte packets (4 MB/s each way): what a TCG guest on a
# loaded machine keeps up with; `make demo` shows more.
set -u
. "$(dirname "$0")/../lib/guest.sh"
. "$top/selftests/lib/ktap.sh"
bin=$build/selftests/winusb-isoch
drv=/sys/bus/usb/drivers/winusb
export WINUSB_ISOCH_SECONDS=3 WINUSB_ISOCH_TRIES=3
# Transfers of 16 ms in flight for 2 s in the example.
example_args="2 16"
# The debug kernel (KASAN, lockdep) under load stalled streams with 256 ms
# in flight even at full speed: give it 2 s, explicit starts 500 ms ahead
# and more tries (a stalled guest reaches a start late).
if guest_debug_kernel; then
	export WINUSB_ISOCH_MS=32 WINUSB_ISOCH_INFLIGHT=64 WINUSB_ISOCH_LEAD=500
	export WINUSB_ISOCH_TRIES=6
	example_args="2 32 64"
fi
export WINUSB_TESTDEV_PIDFILE=$testdev_pidfile

ktap_begin "libwinusb isochronous transfers and frame numbers"

# Pages pinned system-wide (vmstat folded first: its per-CPU counts lag).
pins() {
	echo 1 > /proc/sys/vm/stat_refresh 2>/dev/null
	awk '$1 == "nr_foll_pin_acquired" { a = $2 } $1 == "nr_foll_pin_released" { r = $2 } END { print a - r }' /proc/vmstat
}

# Run a command whose output is not KTAP: as KTAP comments.
commented() {
	"$@" 2>&1 | tr '\r' '\n' | sed 's/^/# /'
	return "${PIPESTATUS[0]}"
}

# The example with $example_args (16 ms transfers: slack for a slow guest's
# first resubmission); once more if a loaded TCG guest fell behind the bus.
example() {
	# shellcheck disable=SC2086
	commented "$build/userspace/examples/isoch_stream" $example_args &&
		return 0
	echo "# the example saw loss or a restart; once more"
	# shellcheck disable=SC2086
	commented "$build/userspace/examples/isoch_stream" $example_args
}

# Run a kselftest program, or fail if it was not built; say how long it took.
run() {
	local t0=$SECONDS rc
	if [ ! -x "$bin/$1" ]; then
		ktap_fail "$WINUSB_TEST_SPEED.$1" "$bin/$1 not built"
		return
	fi
	"$bin/$1"
	rc=$?
	echo "# $1 $WINUSB_TEST_SPEED: $((SECONDS - t0)) s"
	return $rc
}

# attach SPEED [options]: the paced test device, both nodes there.
attach() {
	local speed=$1 i
	shift
	testdev_attach --speed "$speed" --paced "$@" || return 1
	for i in $(seq 50); do
		[ -c "/dev/winusb/$busid:1.0" ] && [ -c "/dev/winusb/$busid:1.1" ] &&
			return 0
		sleep 0.1
	done
	return 1
}

guest_load_winusb || { ktap_fail isoch.load; ktap_end; exit 1; }
pins0=$(pins)
ktap_check winusb.new_id sh -c "echo '1209 0001' > $drv/new_id"

if ktap_check high.attach attach high --isoch-maxp 512; then
	export WINUSB_TEST_SPEED=high
	run api_test
	run frame_test
	run stream_test
	ktap_check high.example_isoch_stream example
	run unplug_test		# stops the device mid-stream
	ktap_check high.unplugged testdev_detach
fi

if ktap_check full.attach attach full; then
	export WINUSB_TEST_SPEED=full
	run api_test
	run frame_test
	run stream_test
	ktap_check full.example_isoch_stream example
	ktap_check full.unplugged testdev_detach
fi

ktap_check winusb.remove_id sh -c "echo '1209 0001' > $drv/remove_id"
ktap_check winusb.rmmod rmmod winusb
ktap_check no_page_left_pinned test "$(pins)" = "$pins0"
ktap_end
