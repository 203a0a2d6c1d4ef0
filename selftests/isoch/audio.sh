#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Isochronous OUT through a DMA host controller: QEMU's usb-audio on
# qemu-xhci, bound to winusb by id, streamed by audio_test, which then reads
# back what QEMU's wav audiodev wrote (WAV, a file of the shared checkout).
# Run by selftests/vm-tests with the QEMU devices, with and without an
# IOMMU:
#
#   selftests/vm/run --qemu-arg -device --qemu-arg qemu-xhci,id=xhci \
#	--qemu-arg -device --qemu-arg usb-audio,bus=xhci.0,audiodev=a0 \
#	--qemu-arg -audiodev \
#	--qemu-arg wav,id=a0,path=build/isoch-audio.wav,out.frequency=48000 \
#	-- selftests/isoch/audio.sh build/isoch-audio.wav
set -u
. "$(dirname "$0")/../lib/guest.sh"
. "$top/selftests/lib/ktap.sh"
wav=${1:?usage: audio.sh WAV}
drv=/sys/bus/usb/drivers/winusb

ktap_begin "winusb isochronous OUT on qemu-xhci + usb-audio (DMA)"
modprobe xhci-pci
echo 4 > /proc/sys/vm/nr_hugepages	# for the huge-page DMA phase
guest_load_winusb || { ktap_fail audio.load; ktap_end; exit 1; }
dev=
for _ in $(seq 100); do
	for d in /sys/bus/usb/devices/*; do
		[ "$(cat "$d/idVendor" 2>/dev/null)" = 46f4 ] && dev=$(basename "$d")
	done
	[ -n "$dev" ] && break
	sleep 0.1
done
[ -n "$dev" ] || { ktap_fail audio.device_found; ktap_end; exit 1; }
echo "# usb-audio at $dev ($(cat /sys/bus/usb/devices/$dev/speed) Mb/s)"
ktap_check audio.bind_new_id sh -c "echo '46f4 0002' > $drv/new_id"
node=/dev/winusb/$dev:1.1
for _ in $(seq 50); do [ -c "$node" ] && break; sleep 0.1; done
if [ -d /sys/class/iommu ] && [ -n "$(ls /sys/class/iommu)" ]; then
	echo "# IOMMU: $(ls /sys/class/iommu)"
fi

prog=$build/selftests/isoch/audio_test
if [ -x "$prog" ]; then
	WINUSB_NODE=$node WINUSB_AC_NODE=/dev/winusb/$dev:1.0 ISOCH_WAV=$wav "$prog"
else
	ktap_fail audio.audio_test "$prog not built"
fi
grep -E '^(pinned|vmap|bounce|dma)' /sys/kernel/debug/winusb/isoch | sed 's/^/# /'

ktap_check audio.remove_id sh -c "echo '46f4 0002' > $drv/remove_id"
ktap_check audio.rmmod rmmod winusb
ktap_end
