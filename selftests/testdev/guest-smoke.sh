#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# guest-smoke.sh: check winusb-testdev against the real vhci_hcd, inside the
# test guest (as root):
#
#   selftests/vm/run -- selftests/testdev/guest-smoke.sh [BUILD]
#
# BUILD holds winusb-testdev and td-libusb-check (default build/testdev;
# "make -C selftests/testdev all libusb-check BUILD=...").  Covers --attach at
# full, high and SuperSpeed, the usbip tools over TCP, SIGTERM, and
# td-libusb-check's transfers.  Prints TAP; exits 1 if anything failed.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/build/testdev}
dev=$build/winusb-testdev
chk=$build/td-libusb-check
tmp=$(mktemp -d)
n=0 fails=0

ok() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fails=$((fails + 1)); fi
}

present() {
	grep -qs 1209 /sys/bus/usb/devices/*/idVendor &&
		grep -qs 0001 /sys/bus/usb/devices/*/idProduct
}

wait_gone() {
	for _ in $(seq 50); do present || return 0; sleep 0.1; done
	return 1
}

echo "TAP version 13"
modprobe vhci-hcd
ok $? "modprobe vhci-hcd"

for speed in full high super; do
	"$dev" --attach --speed "$speed" --background --pidfile "$tmp/pid" \
		--log "$tmp/$speed.log"
	ok $? "--attach --speed $speed --background"
	d=$(grep -l '^1209$' /sys/bus/usb/devices/*/idVendor 2>/dev/null | head -1)
	d=${d%/idVendor}
	case $speed in full) want=12 ;; high) want=480 ;; super) want=5000 ;; esac
	[ -n "$d" ] && [ "$(cat "$d/speed")" = "$want" ] &&
		[ "$(cat "$d/bConfigurationValue")" = 1 ]
	ok $? "$speed: enumerated at $want Mb/s and configured"
	if [ "$speed" != full ] && [ -x "$chk" ]; then
		"$chk" | sed 's/^/# /'
		ok "${PIPESTATUS[0]}" "$speed: td-libusb-check"
		"$chk" --paced | sed 's/^/# /'
		ok "${PIPESTATUS[0]}" "$speed: td-libusb-check --paced"
	fi
	kill -TERM "$(cat "$tmp/pid")"
	wait_gone
	ok $? "$speed: SIGTERM unplugs the device"
	sed 's/^/# /' "$tmp/$speed.log"
done

"$dev" --listen 127.0.0.1:3240 --background --pidfile "$tmp/pid" --log "$tmp/tcp.log"
ok $? "--listen --background"
"$dev" --listen 127.0.0.1:3240 2> "$tmp/err"
[ $? != 0 ] && grep -q 'Address already in use' "$tmp/err"
ok $? "second --listen on the same port fails with one line"
usbip list -r 127.0.0.1 | grep -q '1209:0001'
ok $? "usbip list -r shows 1209:0001"
usbip attach -r 127.0.0.1 -b 1-1
ok $? "usbip attach"
for _ in $(seq 50); do present && break; sleep 0.1; done
present
ok $? "usbip-attached device enumerated"
! usbip attach -r 127.0.0.1 -b 1-1 2>/dev/null
ok $? "a second import is refused"
port=$(usbip port 2>/dev/null | sed -n 's/^Port \([0-9]*\):.*/\1/p' | head -1)
usbip detach -p "$port" && wait_gone
ok $? "usbip detach"
usbip attach -r 127.0.0.1 -b 1-1
for _ in $(seq 50); do present && break; sleep 0.1; done
present
ok $? "attach again after detach"
kill -TERM "$(cat "$tmp/pid")"
wait_gone
ok $? "SIGTERM in server mode unplugs the device"
sed 's/^/# /' "$tmp/tcp.log"

rm -rf "$tmp"
echo "1..$n"
[ $fails = 0 ]
