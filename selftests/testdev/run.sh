#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The test device proves itself in the test guest, before our driver is
# involved: attach at full, high and SuperSpeed through vhci_hcd's attach file
# and run usbfs_test against it (high speed on the real bus clock); attach
# with Debian's usbip tools over TCP; refuse bad input with one clear line.
#
#   selftests/vm/run -- selftests/testdev/run.sh
set -u
. "$(dirname "$0")/../lib/guest.sh"
. "$top/selftests/lib/ktap.sh"
tmp=$(mktemp -d)

present() { grep -qsx 1209 /sys/bus/usb/devices/*/idVendor; }
gone() {
	for _ in $(seq 50); do present || return 0; sleep 0.1; done
	return 1
}
one_line_error() {	# one_line_error EXPECTED-TEXT COMMAND...: fails, one line
	local want=$1
	shift
	"$@" > /dev/null 2> "$tmp/err" && return 1
	[ "$(wc -l < "$tmp/err")" = 1 ] && grep -q "$want" "$tmp/err" && return 0
	sed 's/^/# /' "$tmp/err"
	return 1
}

ktap_begin "winusb-testdev through usbfs and the usbip tools"
ktap_check modprobe_vhci modprobe vhci-hcd

for speed in high full super; do
	opts=(--speed "$speed")
	[ $speed = high ] && opts+=(--paced)
	ktap_check "$speed.attach" testdev_attach "${opts[@]}"
	case $speed in full) want=12 ;; high) want=480 ;; super) want=5000 ;; esac
	ktap_check "$speed.enumerated_at_${want}M" test "$(cat "/sys/bus/usb/devices/$busid/speed")" = $want
	"$build/selftests/testdev/usbfs_test"
	ktap_check "$speed.sigterm_unplugs" testdev_detach
done

# Debian's usbip tools over TCP, as users attach it.
ktap_check usbip.listen "$testdev" --listen 127.0.0.1:3240 --background \
	--pidfile "$tmp/pid" --log "$tmp/tcp.log"
ktap_check usbip.port_busy_one_line one_line_error "Address already in use" \
	"$testdev" --listen 127.0.0.1:3240
ktap_check usbip.list_shows_device sh -c "usbip list -r 127.0.0.1 | grep -q 1209:0001"
ktap_check usbip.attach usbip attach -r 127.0.0.1 -b 1-1
ktap_check usbip.enumerated testdev_wait
ktap_check usbip.second_import_refused sh -c '! usbip attach -r 127.0.0.1 -b 1-1 2>/dev/null'
"$build/selftests/testdev/usbfs_test"
port=$(usbip port 2>/dev/null | sed -n 's/^Port \([0-9]*\):.*/\1/p' | head -n 1)
ktap_check usbip.detach sh -c "usbip detach -p '$port' >/dev/null && $(declare -f present gone); gone"
ktap_check usbip.attach_again usbip attach -r 127.0.0.1 -b 1-1
ktap_check usbip.enumerated_again testdev_wait
kill "$(cat "$tmp/pid")"
ktap_check usbip.sigterm_unplugs gone

# Bad input: one line on stderr and a non-zero exit.
ktap_check bad_input.unknown_flag one_line_error "unknown option" "$testdev" --bogus
ktap_check bad_input.bad_speed one_line_error "speed" "$testdev" --attach --speed warp
ktap_check bad_input.bad_fault one_line_error "fault" "$testdev" --attach --fault melt
rmmod vhci-hcd
ktap_check bad_input.no_vhci one_line_error "vhci" "$testdev" --attach

rm -rf "$tmp"
ktap_end
