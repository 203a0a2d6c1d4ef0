# SPDX-License-Identifier: GPL-2.0
#
# Helpers for test scripts that run in the test guest (as root).
#
#	. selftests/lib/guest.sh
#	guest_load_winusb			# vhci-hcd and module/winusb.ko
#						# (or $WINUSB_KO, e.g. a variant
#						# built to check that tests fail)
#	testdev_attach [winusb-testdev options]	# sets $busid; device up
#	testdev_detach				# unplug (kill the emulator)

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${BUILD:-$top/build}
testdev=$build/testdev/winusb-testdev
testdev_pidfile=/tmp/testdev.pid
busid=

guest_load_winusb() {
	modprobe vhci-hcd || { echo "# cannot load vhci-hcd"; return 1; }
	lsmod | grep -q '^winusb ' && return 0
	insmod "${WINUSB_KO:-$top/module/winusb.ko}" ||
		{ echo "# cannot load ${WINUSB_KO:-module/winusb.ko}"; return 1; }
}

# A kernel with generic KASAN (the debug kernel) runs the guest several
# times slower: streaming tests give it more slack.
guest_debug_kernel() {
	grep -q ' kasan_quarantine_reduce$' /proc/kallsyms 2>/dev/null
}

# Wait up to 5 s for a 1209:0001 device with interface 0 to appear.
testdev_wait() {
	local d
	for _ in $(seq 50); do
		for d in /sys/bus/usb/devices/*; do
			[ "$(cat "$d/idVendor" 2>/dev/null)" = 1209 ] || continue
			[ -e "$d/$(basename "$d"):1.0" ] || continue
			busid=$(basename "$d")
			return 0
		done
		sleep 0.1
	done
	return 1
}

testdev_attach() {
	"$testdev" --attach --background --pidfile "$testdev_pidfile" \
		--log /tmp/testdev.log "$@" || return 1
	testdev_wait
}

testdev_detach() {
	[ -s "$testdev_pidfile" ] && kill "$(cat "$testdev_pidfile")" 2>/dev/null
	for _ in $(seq 50); do
		[ -e "/sys/bus/usb/devices/$busid" ] || return 0
		sleep 0.1
	done
	return 1
}
