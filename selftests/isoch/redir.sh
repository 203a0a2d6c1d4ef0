#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# winusb on host controllers that do DMA: the winusb-testdevs that
# selftests/vm/run --usbredir plugged into QEMU's xHCI, EHCI, UHCI or OHCI
# (serials redir0, redir1, ...).  On each: interface 0 through the raw ABI
# (control, bulk loopback, interrupt: abi_test), then isochronous IN and OUT
# streams (stream_test, IN checked as a lossy source: see isoch_stream.h)
# through the bounce path, through the single-segment DMA path in a huge
# page, and through plain zero-copy registration, which maps as one DMA
# range behind an IOMMU and bounces without one (or under swiotlb=force).
# Each transfer's start frame is checked against the previous one's on the
# controller's own frame counter.
#
#   selftests/vm/run --usbredir 'xhci --speed high --isoch-maxp 128' \
#	-- selftests/isoch/redir.sh COUNT [--abi|--abi-only] [--no-huge]
#	[--seconds N]
#
# COUNT: how many devices to wait for.  --abi adds abi_test on interface 0,
# --abi-only runs nothing else;
# --no-huge leaves out the huge page (high-bandwidth streams need more than
# one for 768 ms in flight).
set -u
. "$(dirname "$0")/../lib/guest.sh"
. "$top/selftests/lib/ktap.sh"
count=${1:?usage: redir.sh COUNT [--abi|--abi-only] [--no-huge] [--seconds N]}
shift
abi=0 seconds=2 huge_page=1 streams=1
while [ $# -gt 0 ]; do
	case $1 in
	--abi) abi=1; shift ;;
	--abi-only) abi=1 streams=0; shift ;;
	--no-huge) huge_page=0; shift ;;
	--seconds) seconds=$2; shift 2 ;;
	*) echo "redir.sh: unknown option '$1'" >&2; exit 2 ;;
	esac
done
drv=/sys/bus/usb/drivers/winusb
param=/sys/module/winusb/parameters/isoch_zero_copy

# The redirected test devices, as "busid" lines, once COUNT are there.
devices() {
	local d n
	for _ in $(seq 200); do
		n=0
		for d in /sys/bus/usb/devices/*; do
			case "$(cat "$d/serial" 2>/dev/null)" in
			redir*) [ -e "$d/$(basename "$d"):1.0" ] && n=$((n + 1)) ;;
			esac
		done
		[ $n -ge "$count" ] && break
		sleep 0.1
	done
	for d in /sys/bus/usb/devices/*; do
		case "$(cat "$d/serial" 2>/dev/null)" in
		redir*) basename "$d" ;;
		esac
	done
}

# stream NAME ZERO_COPY PATH [VAR=VALUE...]: one stream_test run.
stream() {
	local name=$1 zc=$2 path=$3
	shift 3
	echo "$zc" > $param
	echo "# $name: isoch_zero_copy=$zc, want the $path path"
	# 768 ms of transfers in flight: a TCG guest on a loaded host reaps
	# late, and QEMU's controllers keep real time; EHCI and UHCI take no
	# more than 1024 frames ahead (-EFBIG).
	env WINUSB_NODE="$node1" ISOCH_SECONDS="$seconds" \
		ISOCH_XFER_FRAMES="${ISOCH_XFER_FRAMES:-48}" \
		ISOCH_INFLIGHT="${ISOCH_INFLIGHT:-16}" ISOCH_PATH="$path" \
		ISOCH_TRIES=5 "$@" "$build/selftests/isoch/stream_test"
	echo Y > $param
}

ktap_begin "winusb on DMA host controllers (usbredir)"
mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
modprobe -a xhci-pci ehci-pci uhci-hcd ohci-pci 2>/dev/null
echo 4 > /proc/sys/vm/nr_hugepages
guest_load_winusb || { ktap_fail redir.load; ktap_end; exit 1; }
iommu=0
[ -d /sys/class/iommu ] && [ -n "$(ls /sys/class/iommu)" ] && iommu=1
swiotlb=0
grep -qw swiotlb=force /proc/cmdline && swiotlb=1

busids=$(devices)
ktap_check redir.devices_found test "$(echo "$busids" | grep -c .)" -ge "$count"
for busid in $busids; do
	dev=/sys/bus/usb/devices/$busid
	serial=$(cat "$dev/serial")
	hcd=$(readlink -f "$dev/../..")
	hcd=$(basename "$(readlink "$hcd/driver")")
	case "$(cat "$dev/speed")" in
	12) speed=full ;; 480) speed=high ;; *) speed=super ;;
	esac
	echo "# $serial at $busid: $hcd, $speed speed, iommu $iommu, swiotlb=force $swiotlb"
	ktap_check "$serial.bind" sh -c "echo $busid:1.0 > $drv/bind_interface && echo $busid:1.1 > $drv/bind_interface"
	node0=/dev/winusb/$busid:1.0 node1=/dev/winusb/$busid:1.1
	for _ in $(seq 50); do [ -c "$node1" ] && break; sleep 0.1; done
	if [ $abi = 1 ]; then
		WINUSB_NODE=$node0 WINUSB_SPEED=$speed "$build/selftests/driver/abi_test"
	fi
	[ $streams = 1 ] || continue
	# A huge page maps as one range where the controller's DMA segments
	# may be that long: xHCI raises the limit, the PCI default of 64 KiB
	# stays on EHCI, OHCI and UHCI (Documentation/testdev.rst).
	huge=dma plain=bounce
	[ "$hcd" = xhci_hcd ] || huge=bounce
	[ $swiotlb = 1 ] && huge=bounce
	[ $iommu = 1 ] && [ $swiotlb = 0 ] && plain=dma
	[ $huge_page = 0 ] || stream "$serial.huge_page" Y $huge ISOCH_HUGE=1
	stream "$serial.bounce" N bounce
	stream "$serial.zero_copy" Y $plain
	grep -E '^(pinned|bounce|dma|unaligned)' /sys/kernel/debug/winusb/isoch | sed 's/^/# /'
done
ktap_check redir.nothing_pinned test "$(sed -n 's/^pinned pages: //p' /sys/kernel/debug/winusb/isoch)" = 0
ktap_check redir.rmmod rmmod winusb
ktap_end
