#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make bench` in the test guest: sets up each device, then runs the bench
# program (selftests/bench/bench.c) for each of its cases; every case
# alternates winusb and libusb round by round on the same device.  Results
# go to OUT (tab-separated, one line per case and implementation), where
# winusb's time went to OUT.timing, a progress line to the terminal.
#
#   selftests/vm/run -- selftests/bench/run.sh OUT [--quick]
#
# Devices: winusb-testdev on vhci_hcd at high speed (isochronous 3 x 1024
# bytes per microframe, paced at bus timing) and at full speed (1023 bytes
# per frame), and the kernel's SourceSink function on dummy_hcd at high
# speed (bulk only; its data pattern 0, all zeros).
set -u
. "$(dirname "$0")/../lib/guest.sh"
out=${1:?usage: run.sh OUT [--quick]}
quick=0
[ "${2:-}" = --quick ] && quick=1
bench=$build/selftests/bench/bench
drv=/sys/bus/usb/drivers/winusb
cfg=/sys/kernel/config/usb_gadget
secs=2 rounds=3
[ $quick = 1 ] && secs=0.6
: > "$out"
: > "$out.timing"

# case LABEL CASE [bench options]: one case, every implementation.
case_run() {
	local label=$1 kind=$2
	shift 2
	"$bench" --label "$label" --case "$kind" --seconds $secs \
		--rounds $rounds --out "$out" --timing-out "$out.timing" "$@" ||
		echo "bench: $label $kind $* failed" >&2
}

fail() { echo "bench: $*" >&2; exit 1; }

guest_load_winusb || fail "cannot load winusb.ko"
mountpoint -q /sys/kernel/tracing || mount -t tracefs none /sys/kernel/tracing
echo '1209 0001' > $drv/new_id

# winusb-testdev at high speed: isochronous, bulk loopback, control, interrupt.
testdev_attach --speed high --paced --isoch-mult 3 || fail "no test device"
emu=$(cat "$testdev_pidfile")
td=(--vid 1209 --pid 0001 --emu-pid "$emu")
echo "# high speed, vhci_hcd: winusb-testdev $busid (emulator pid $emu)" >&2
for dir in in out; do
	case_run "hs-vhci" "isoch-$dir" "${td[@]}" --intf 1 --alt 1 \
		--packets 128 --inflight 8
done
sizes="16384:8 65536:8 1048576:4"
[ $quick = 1 ] && sizes="65536:8 1048576:4"
for s in $sizes; do
	case_run "hs-vhci" bulk-loop "${td[@]}" --intf 0 --size "${s%:*}" \
		--inflight "${s#*:}"
done
case_run "hs-vhci" control "${td[@]}" --intf 0 --impls winusb,libusb
case_run "hs-vhci" interrupt "${td[@]}" --intf 0 --impls winusb,libusb
testdev_detach

# winusb-testdev at full speed: isochronous, one 1023-byte packet a frame.
if [ $quick = 0 ]; then
	testdev_attach --speed full --paced --isoch-maxp 1023 ||
		fail "no full-speed test device"
	emu=$(cat "$testdev_pidfile")
	td=(--vid 1209 --pid 0001 --emu-pid "$emu")
	echo "# full speed, vhci_hcd: winusb-testdev $busid" >&2
	for dir in in out; do
		case_run "fs-vhci" "isoch-$dir" "${td[@]}" --intf 1 --alt 1 \
			--packets 32 --inflight 8
	done
	testdev_detach
fi

# SourceSink on dummy_hcd at high speed: bulk IN (source), OUT (sink).
modprobe dummy_hcd is_high_speed=1 is_super_speed=0 || fail "no dummy_hcd"
modprobe libcomposite || fail "no libcomposite"
mountpoint -q $cfg || mount -t configfs none /sys/kernel/config
g=$cfg/bench
mkdir $g && echo 0x1d6b > $g/idVendor && echo 0x0104 > $g/idProduct &&
	mkdir $g/strings/0x409 && echo bench > $g/strings/0x409/serialnumber &&
	mkdir $g/functions/SourceSink.0 &&
	echo 0 > $g/functions/SourceSink.0/pattern &&
	echo 65536 > $g/functions/SourceSink.0/bulk_buflen &&
	mkdir $g/configs/c.1 && ln -s $g/functions/SourceSink.0 $g/configs/c.1/ &&
	echo '1d6b 0104' > $drv/new_id &&
	echo dummy_udc.0 > $g/UDC || fail "no SourceSink gadget"
sleep 1
echo "# high speed, dummy_hcd: SourceSink" >&2
ss=(--vid 1d6b --pid 0104 --intf 0)
for s in $sizes; do
	for dir in in out; do
		case_run "hs-dummy" "bulk-$dir" "${ss[@]}" --size "${s%:*}" \
			--inflight "${s#*:}"
	done
done
echo "" > $g/UDC
rm $g/configs/c.1/SourceSink.0
rmdir $g/configs/c.1 $g/functions/SourceSink.0 $g/strings/0x409 $g
exit 0
