#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Microsoft OS descriptors in the test guest: the interface attributes
# (winusb_compatible_id, winusb_interface_guids, winusb_msos_version) and the
# character device's uevent variables, for the test device's two interfaces,
#
#   - MS OS 2.0 (BOS platform capability) at high, full and SuperSpeed,
#     bound by name (bind_interface) and by ids (new_id);
#   - MS OS 1.0 (string 0xEE): the test device always has a BOS with the
#     MS OS 2.0 capability (bcdUSB 0x0210/0x0320), so the module's msos=1
#     parameter forces the MS OS 1.0 path;
#   - no MS OS descriptors read (msos=0);
#   - lying descriptors (--fault bad-descriptors:0:1) through both paths;
#   - how many requests are sent: once per device, shared by its interfaces
#     (cache_test, counting the test device's control URBs);
#   - udev/60-winusb.rules: the by-guid links (udevadm test; skipped when
#     udevadm is not installed);
#
# parse_test runs the module's parsers (module/msos_parse.c) in userspace on
# known and hostile input first.  The VM runner fails the run on any kernel
# warning.
#
#   selftests/vm/run -- selftests/msos/run.sh
set -u
. "$(dirname "$0")/../lib/guest.sh"
. "$top/selftests/lib/ktap.sh"

proto=$top/selftests/testdev/testdev_proto.h
guid0=$(sed -n 's/^#define TD_GUID_IFACE0_STR[[:space:]]*"\(.*\)"/\1/p' "$proto")
guid1=$(sed -n 's/^#define TD_GUID_IFACE1_STR[[:space:]]*"\(.*\)"/\1/p' "$proto")
drv=/sys/bus/usb/drivers/winusb
param=/sys/module/winusb/parameters/msos

# attr_is INTERFACE ATTRIBUTE EXPECTED: the attribute reads EXPECTED exactly
attr_is() {
	local got
	got=$(cat "/sys/bus/usb/devices/$1/$2") || return 1
	[ "$got" = "$3" ] && return 0
	echo "# $1/$2: '$got', expected '$3'"
	return 1
}

# uevent_has INTERFACE LINE: the char device's uevent holds LINE
uevent_has() {
	grep -qxF "$2" "/sys/class/winusb/$1/uevent" && return 0
	echo "# /sys/class/winusb/$1/uevent lacks '$2':"
	sed 's/^/#   /' "/sys/class/winusb/$1/uevent"
	return 1
}

uevent_lacks() {	# uevent_lacks INTERFACE VARIABLE
	! grep -q "^$2=" "/sys/class/winusb/$1/uevent"
}

bind_both() {	# bind_both by_name|by_id
	if [ "$1" = by_name ]; then
		echo "$busid:1.0" > $drv/bind_interface &&
			echo "$busid:1.1" > $drv/bind_interface
	else
		echo "1209 0001" > $drv/new_id || return 1
		for _ in $(seq 50); do
			[ -e "/dev/winusb/$busid:1.1" ] && break
			sleep 0.1
		done
		echo "1209 0001" > $drv/remove_id
	fi
	[ -c "/dev/winusb/$busid:1.0" ] && [ -c "/dev/winusb/$busid:1.1" ]
}

unbind_both() {
	echo "$busid:1.0" > $drv/unbind && echo "$busid:1.1" > $drv/unbind
}

# msos_test (attribute formats, uevent = attributes, the node works) on both
run_msos_test() {
	WINUSB_NODE=/dev/winusb/$busid:1.0 "$build/selftests/msos/msos_test"
	WINUSB_NODE=/dev/winusb/$busid:1.1 "$build/selftests/msos/msos_test"
}

# check_good NAME VERSION: both interfaces show the test device's descriptors
check_good() {
	local t=$1 v=$2
	ktap_check "$t.if0.version" attr_is "$busid:1.0" winusb_msos_version "$v"
	ktap_check "$t.if0.compatible_id" attr_is "$busid:1.0" winusb_compatible_id WINUSB
	ktap_check "$t.if0.guids" attr_is "$busid:1.0" winusb_interface_guids "$guid0"
	ktap_check "$t.if1.version" attr_is "$busid:1.1" winusb_msos_version "$v"
	ktap_check "$t.if1.compatible_id" attr_is "$busid:1.1" winusb_compatible_id WINUSB
	ktap_check "$t.if1.guids" attr_is "$busid:1.1" winusb_interface_guids "$guid1"
	ktap_check "$t.if0.uevent_guids" uevent_has "$busid:1.0" "WINUSB_GUIDS=$guid0"
	ktap_check "$t.if0.uevent_guid" uevent_has "$busid:1.0" "WINUSB_GUID=$guid0"
	ktap_check "$t.if1.uevent_guid" uevent_has "$busid:1.1" "WINUSB_GUID=$guid1"
	ktap_check "$t.if1.uevent_compatible_id" uevent_has "$busid:1.1" "WINUSB_COMPATIBLE_ID=WINUSB"
	run_msos_test
}

# check_bad NAME VERSION: lying descriptors: the compatible IDs survive (they
# are whole), the odd-length property names are refused, so no GUIDs.
check_bad() {
	local t=$1 v=$2 i
	for i in 0 1; do
		ktap_check "$t.if$i.version" attr_is "$busid:1.$i" winusb_msos_version "$v"
		ktap_check "$t.if$i.compatible_id" attr_is "$busid:1.$i" winusb_compatible_id WINUSB
		ktap_check "$t.if$i.no_guids" attr_is "$busid:1.$i" winusb_interface_guids ""
		ktap_check "$t.if$i.uevent_no_guids" uevent_lacks "$busid:1.$i" WINUSB_GUIDS
	done
	run_msos_test
}

# by_guid_link INTERFACE GUID: udev's rule makes the link to the node
by_guid_link() {
	local link="/dev/winusb/by-guid/$2/$1"
	udevadm test --action=add "/sys/class/winusb/$1" > "$udev_log" 2>&1
	grep -q "^DEVLINKS=.*$link" "$udev_log" &&
		[ "$(readlink -f "$link")" = "/dev/winusb/$1" ] && return 0
	grep -a "60-winusb\|DEVLINKS" "$udev_log" | sed 's/^/#   /'
	return 1
}

check_udev_rule() {
	if ! command -v udevadm > /dev/null; then
		ktap_skip udev.by_guid.if0 "udevadm not installed"
		ktap_skip udev.by_guid.if1 "udevadm not installed"
		return
	fi
	mkdir -p /run/udev/rules.d
	cp "$top/udev/60-winusb.rules" /run/udev/rules.d/
	udev_log=$(mktemp)
	ktap_check udev.by_guid.if0 by_guid_link "$busid:1.0" "$guid0"
	ktap_check udev.by_guid.if1 by_guid_link "$busid:1.1" "$guid1"
	rm -f "$udev_log" /run/udev/rules.d/60-winusb.rules
}

ktap_begin "winusb: Microsoft OS descriptors, attributes and uevents"
guest_load_winusb || { ktap_fail msos.load; ktap_end; exit 1; }
ktap_check guids_from_testdev_proto test -n "$guid0" -a -n "$guid1"

# The parsers alone, in userspace: known answers and hostile input.
"$build/selftests/msos/parse_test"
ktap_check param_default_2 test "$(cat $param)" = 2

# MS OS 2.0 at each speed, bound by name and by ids.
for speed in high full super; do
	if ! testdev_attach --speed $speed; then
		ktap_fail "v2.$speed.attach"
		continue
	fi
	[ $speed = high ] && WINUSB_MSOS_MODE=2 "$build/selftests/msos/cache_test"
	ktap_check "v2.$speed.bind_by_name" bind_both by_name
	check_good "v2.$speed.by_name" 2.0
	ktap_check "v2.$speed.unbind" unbind_both
	ktap_check "v2.$speed.attributes_gone" test ! -e "/sys/bus/usb/devices/$busid:1.0/winusb_compatible_id"
	ktap_check "v2.$speed.bind_by_id" bind_both by_id
	check_good "v2.$speed.by_id" 2.0
	[ $speed = high ] && check_udev_rule
	ktap_check "v2.$speed.detach" testdev_detach
done

# MS OS 1.0: the module skips MS OS 2.0.
echo 1 > $param
if testdev_attach; then
	WINUSB_MSOS_MODE=1 "$build/selftests/msos/cache_test"
	ktap_check v1.bind_by_name bind_both by_name
	check_good v1.by_name 1.0
	ktap_check v1.unbind unbind_both
	ktap_check v1.bind_by_id bind_both by_id
	check_good v1.by_id 1.0
	ktap_check v1.detach testdev_detach
else
	ktap_fail v1.attach
fi

# No MS OS descriptors read: attributes exist and are empty.
echo 0 > $param
if testdev_attach; then
	WINUSB_MSOS_MODE=0 "$build/selftests/msos/cache_test"
	ktap_check none.bind bind_both by_name
	for i in 0 1; do
		ktap_check "none.if$i.version" attr_is "$busid:1.$i" winusb_msos_version ""
		ktap_check "none.if$i.compatible_id" attr_is "$busid:1.$i" winusb_compatible_id ""
		ktap_check "none.if$i.guids" attr_is "$busid:1.$i" winusb_interface_guids ""
		ktap_check "none.if$i.uevent_clean" uevent_lacks "$busid:1.$i" WINUSB_COMPATIBLE_ID
	done
	ktap_check none.detach testdev_detach
else
	ktap_fail none.attach
fi

# Lying descriptors, MS OS 2.0 then 1.0.
for v in 2 1; do
	echo $v > $param
	if ! testdev_attach --fault bad-descriptors:0:1; then
		ktap_fail "bad.v$v.attach"
		continue
	fi
	ktap_check "bad.v$v.bind" bind_both by_name
	check_bad "bad.v$v" $v.0
	ktap_check "bad.v$v.detach" testdev_detach
done
echo 2 > $param

ktap_check rmmod rmmod winusb
ktap_end
