#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Windows WinUSB programs, unchanged, in the test guest: winusb_app (C,
# Visual Studio template shape: SetupDi by GUID) and winusb_app_cxx (C++,
# CM_Get_Device_Interface_List, overlapped I/O, a thread), each built ANSI
# and UNICODE against the static and the shared libwinusb, find
# winusb-testdev by the DeviceInterfaceGUID of its MS OS descriptors and
# loop bulk data through it; isoch_app_cxx (C++, the shape of Microsoft's
# isochronous how-to: registered buffers, Read/WriteIsochPipeAsap streams
# with overlapped events, a read at an explicit frame) streams through
# interface 1.  Then, with the device unplugged, they must say it is not
# there; and a device unplugged between enumeration and CreateFile gives
# ERROR_FILE_NOT_FOUND (open_later).  new_id binds winusb (automatic
# binding is tested by selftests/udev/autobind.sh).
#
#   selftests/vm/run -- selftests/win/run.sh
set -u
. "$(dirname "$0")/../lib/guest.sh"
. "$top/selftests/lib/ktap.sh"
bin=$build/selftests/win
drv=/sys/bus/usb/drivers/winusb
export LD_LIBRARY_PATH=$build/userspace

ktap_begin "Windows WinUSB programs against winusb-testdev"

commented() {
	"$@" 2>&1 | sed 's/^/# /'
	return "${PIPESTATUS[0]}"
}

attach() {
	local i
	testdev_attach "$@" || return 1
	for i in $(seq 50); do
		[ -c "/dev/winusb/$busid:1.0" ] && [ -c "/dev/winusb/$busid:1.1" ] &&
			return 0
		sleep 0.1
	done
	return 1
}

# A program that must fail and say the device is not there.
not_found() {
	local out rc
	out=$("$@" 2>&1)
	rc=$?
	echo "$out" | sed 's/^/# /'
	[ $rc -ne 0 ] && echo "$out" | grep -q "not connected"
}

guest_load_winusb || { ktap_fail winusb.load; ktap_end; exit 1; }
ktap_check winusb.new_id sh -c "echo '1209 0001' > $drv/new_id"

progs="winusb_app winusb_app_cxx isoch_app_cxx"
variants="ansi-static ansi-shared unicode-static unicode-shared"
for speed in high super; do
	if ktap_check $speed.attach attach --speed $speed; then
		ktap_check $speed.guid_attribute \
			grep -qi 33C1508B-8D50-4159-B913-A814C4797149 \
			"/sys/bus/usb/devices/$busid:1.0/winusb_interface_guids"
		for p in $progs; do
			for v in $variants; do
				ktap_check "$speed.$p-$v" commented "$bin/$p-$v"
			done
		done
		ktap_check $speed.detach testdev_detach
	fi
done

# Unplugged between enumeration and CreateFile: ERROR_FILE_NOT_FOUND.
open_later() {	# open_later PROGRAM
	local fifo=/tmp/open_later.fifo out=/tmp/open_later.out pid rc i
	rm -f "$fifo" && mkfifo "$fifo" || return 1
	"$1" < "$fifo" > "$out" 2>&1 &
	pid=$!
	exec 7> "$fifo"
	for i in $(seq 100); do
		grep -q "Device path" "$out" && break
		sleep 0.1
	done
	testdev_detach
	echo >&7
	exec 7>&-
	wait $pid
	rc=$?
	sed 's/^/# /' "$out"
	rm -f "$fifo" "$out"
	return $rc
}
for v in ansi-static unicode-shared; do
	if ktap_check unplug_between.$v.attach attach --speed high; then
		ktap_check unplug_between.$v open_later "$bin/open_later-$v"
	fi
done

for p in $progs; do
	for v in ansi-static unicode-shared; do
		ktap_check "unplugged.$p-$v" not_found "$bin/$p-$v"
	done
done

ktap_check winusb.remove_id sh -c "echo '1209 0001' > $drv/remove_id"
ktap_check winusb.rmmod rmmod winusb
ktap_end
