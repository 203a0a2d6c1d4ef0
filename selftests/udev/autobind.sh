#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Automatic binding (udev/65-winusb-autobind.rules and winusb-msos) under the
# real systemd-udevd in the test guest, with winusb.ko installed where
# modprobe finds it but not loaded:
#
#   - winusb-testdev with MS OS 2.0 and 1.0 descriptors saying WINUSB for
#     both functions: plugging it in loads winusb.ko and binds both
#     interfaces, no new_id; the udev properties say 2.0 and WINUSB; the
#     Windows-style program finds it by its GUID and loops data;
#   - MS OS 1.0 only, interface 1's function LIBUSBK: interface 0 bound,
#     interface 1 not (its compatible ID recorded as LIBUSBK);
#   - MS OS 2.0 only, interface 1's function without a compatible ID:
#     interface 0 bound, interface 1 not;
#   - no MS OS descriptors: nothing bound, nothing recorded;
#   - opted out by a rule of the user's (WINUSB_AUTOBIND=0 on the device):
#     nothing bound, the device not even asked;
#   - no MS OS descriptors but a rule of the user's giving the device a GUID
#     (the INF counterpart): both interfaces bound;
#   - winusb-list, run as nobody, lists what was bound or is WinUSB-capable
#     with the right fields (table, -a, -s, --json checked by python3's
#     json module).
#
#   selftests/vm/run -- selftests/udev/autobind.sh
set -u
. "$(dirname "$0")/../lib/guest.sh"
. "$top/selftests/lib/ktap.sh"

udevd=/lib/systemd/systemd-udevd
release=$(uname -r)
drv=/sys/bus/usb/drivers/winusb
local_rules=/etc/udev/rules.d/64-winusb-local.rules
guid=$(sed -n 's/^#define TD_GUID_IFACE0_STR[[:space:]]*"\(.*\)"/\1/p' \
	"$top/selftests/testdev/testdev_proto.h")
user_guid="{6E45736A-2B1B-4078-B772-B3AF2B6FDE1C}"

ktap_begin "udev: automatic binding from MS OS descriptors"
if [ ! -x $udevd ]; then
	ktap_skip autobind "no systemd-udevd here"
	ktap_end
	exit 0
fi

# winusb.ko where modprobe looks, as make install puts it.  depmod -a over
# Debian's whole tree takes minutes under TCG, so the guest's module
# directory is replaced by one holding winusb.ko alone (vhci-hcd and usbcore,
# which it needs, are loaded before).
install_module() {
	local lm=/tmp/lm/lib/modules/$release
	modprobe vhci-hcd &&
		mkdir -p "$lm/updates" &&
		cp "/lib/modules/$release"/modules.{order,builtin,builtin.modinfo} "$lm/" &&
		cp "${WINUSB_KO:-$top/module/winusb.ko}" "$lm/updates/" &&
		depmod -b /tmp/lm "$release" &&
		mount --bind "$lm" "/lib/modules/$release"
}
# The rules and helpers where make install puts them (SBINDIR: tools/).
install_rules() {
	sed "s|@SBINDIR@|$top/tools|" "$top/udev/65-winusb-autobind.rules.in" \
		> /usr/lib/udev/rules.d/65-winusb-autobind.rules &&
		cp "$top/udev/60-winusb.rules" /usr/lib/udev/rules.d/ &&
		cp "$build/tools/winusb-msos" /usr/lib/udev/winusb-msos
}
prop() {	# prop INTERFACE KEY: the udev property, "" if none
	udevadm info -q property -p "/sys/bus/usb/devices/$1" |
		sed -n "s/^$2=//p"
}
prop_is() {	# prop_is INTERFACE KEY VALUE
	local got
	got=$(prop "$1" "$2")
	[ "$got" = "$3" ] && return 0
	echo "# $1 $2='$got', expected '$3'"
	return 1
}
attr_is() {	# attr_is INTERFACE ATTRIBUTE VALUE
	local got
	got=$(cat "/sys/bus/usb/devices/$1/$2" 2>/dev/null)
	[ "$got" = "$3" ] && return 0
	echo "# $1 $2='$got', expected '$3'"
	return 1
}
driver_of() {
	basename "$(readlink "/sys/bus/usb/devices/$1/driver" 2>/dev/null)" 2>/dev/null
}
bound() {	# bound INTERFACE: bound to winusb once udev is done
	for _ in $(seq 50); do
		udevadm settle -t 10
		[ "$(driver_of "$1")" = winusb ] && return 0
		sleep 0.1
	done
	echo "# $1: driver '$(driver_of "$1")'"
	return 1
}
not_bound() {	# not_bound INTERFACE: udev is done and left it alone
	udevadm settle -t 30
	[ -z "$(driver_of "$1")" ] && return 0
	echo "# $1: bound to '$(driver_of "$1")'"
	return 1
}
list=$build/tools/winusb-list
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"; }
listed() {	# listed [OPTIONS --] PATTERN: a winusb-list line matches
	local opts=() out
	while [ $# -gt 1 ]; do opts+=("$1"); shift; done
	out=$(as_nobody "$list" "${opts[@]}") || return 1
	echo "$out" | grep -Eq -- "$1" && return 0
	echo "$out" | sed 's/^/#   /'
	return 1
}
json_is() {	# json_is INTERFACE PYTHON-EXPR: true of its --json object o
	as_nobody "$list" --json -a | python3 -c '
import json, sys
o = [x for x in json.load(sys.stdin) if x["interface"] == sys.argv[1]]
sys.exit(0 if o and eval(sys.argv[2], {"o": o[0]}) else 1)' "$1" "$2" && return 0
	as_nobody "$list" --json -s "$1" | sed 's/^/#   /'
	return 1
}
plug() {	# plug NAME [winusb-testdev options]: attach, let udev finish
	local name=$1
	shift
	ktap_check "$name.attach" testdev_attach --serial "WU-$name" "$@" &&
		udevadm settle -t 30
}
unplug() {
	ktap_check "$1.detach" testdev_detach
	udevadm settle -t 30
}

ktap_check module.install install_module
ktap_check rules.install install_rules
ktap_check udevd.start $udevd --daemon
ktap_check udevd.running udevadm control --ping
ktap_check module.not_loaded_yet test ! -d /sys/module/winusb

# Both functions WINUSB, MS OS 2.0 and 1.0 (the device's default).
if plug winusb; then
	ktap_check winusb.module_loaded test -d /sys/module/winusb
	ktap_check winusb.if0_bound bound "$busid:1.0"
	ktap_check winusb.if1_bound bound "$busid:1.1"
	ktap_check winusb.no_new_id test -z "$(cat $drv/new_id)"
	# bound: the driver's attributes say it (the bind event's rules
	# replaced the properties of the add event)
	ktap_check winusb.version attr_is "$busid:1.0" winusb_msos_version 2.0
	ktap_check winusb.compat_id attr_is "$busid:1.1" winusb_compatible_id WINUSB
	ktap_check winusb.guid attr_is "$busid:1.0" winusb_interface_guids "$guid"
	ktap_check winusb.by_guid test -c "/dev/winusb/by-guid/$guid/$busid:1.0"
	out=$(LD_LIBRARY_PATH=$build/userspace \
		"$build/selftests/win/winusb_app-unicode-shared" 2>&1)
	rc=$?
	echo "$out" | sed 's/^/# /'
	ktap_check winusb.windows_program test $rc = 0
	lguid=$(echo "$guid" | tr A-F a-f)
	eguid=$(echo "$guid" | tr '{}' ..)
	ktap_check winusb.list listed "^$busid:1.0 +1209:0001 +480 +winusb +2.0 +WINUSB +/dev/winusb/$busid:1.0 $eguid\$"
	ktap_check winusb.list_if1 listed "^$busid:1.1 .* winusb "
	ktap_check winusb.list_json json_is "$busid:1.1" \
		"o['driver'] == 'winusb' and o['vid'] == '1209' and o['speed'] == '480' and o['product'] != ''"
	ktap_check winusb.list_device_path json_is "$busid:1.0" \
		"o['device_paths'] == ['\\\\\\\\?\\\\usb#vid_1209&pid_0001&mi_00#$busid:1.0#$lguid']"
	unplug winusb
fi

# MS OS 1.0 only; interface 1's function is someone else's.
if plug other10 --msos 1 --compat-id 1:LIBUSBK; then
	ktap_check other10.if0_bound bound "$busid:1.0"
	ktap_check other10.if1_not_bound not_bound "$busid:1.1"
	ktap_check other10.version prop_is "$busid:1.1" WINUSB_MSOS_VERSION 1.0
	ktap_check other10.compat_id prop_is "$busid:1.1" WINUSB_MSOS_COMPATIBLE_ID LIBUSBK
	ktap_check other10.list_if0 listed "^$busid:1.0 .* winusb "
	ktap_check other10.list_not_if1 eval '! listed "^$busid:1.1 "'
	ktap_check other10.list_all_if1 listed -a -- "^$busid:1.1 .* - +1.0 +LIBUSBK +-( |\$)"
	ktap_check other10.list_one listed -s "$busid:1.1" -- "^$busid:1.1 "
	unplug other10
fi

# MS OS 2.0 only; interface 1's function has no compatible ID.
if plug none20 --msos 2 --compat-id 1:-; then
	ktap_check none20.if0_bound bound "$busid:1.0"
	ktap_check none20.if1_not_bound not_bound "$busid:1.1"
	ktap_check none20.version prop_is "$busid:1.1" WINUSB_MSOS_VERSION 2.0
	ktap_check none20.no_compat_id prop_is "$busid:1.1" WINUSB_MSOS_COMPATIBLE_ID ""
	unplug none20
fi

# No MS OS descriptors at all.
if plug nomsos --msos none; then
	ktap_check nomsos.if0_not_bound not_bound "$busid:1.0"
	ktap_check nomsos.if1_not_bound not_bound "$busid:1.1"
	ktap_check nomsos.nothing_recorded prop_is "$busid:1.0" WINUSB_MSOS_VERSION ""
	unplug nomsos
fi

# Opted out by the user, on the device.
cat > $local_rules <<EOF
SUBSYSTEM=="usb", ENV{DEVTYPE}=="usb_device", ATTR{serial}=="WU-optout", ENV{WINUSB_AUTOBIND}="0"
SUBSYSTEM=="usb", ENV{DEVTYPE}=="usb_device", ATTR{serial}=="WU-inf", ENV{WINUSB_DEVICE_INTERFACE_GUIDS}="$user_guid"
EOF
udevadm control --reload
if plug optout; then
	ktap_check optout.if0_not_bound not_bound "$busid:1.0"
	ktap_check optout.if1_not_bound not_bound "$busid:1.1"
	ktap_check optout.not_asked prop_is "$busid:1.0" WINUSB_MSOS_VERSION ""
	ktap_check optout.list json_is "$busid:1.0" "o['autobind_off'] and o['driver'] == ''"
	unplug optout
fi

# No MS OS descriptors, but the user's rule gives the device a GUID.
if plug inf --msos none; then
	ktap_check inf.if0_bound bound "$busid:1.0"
	ktap_check inf.if1_bound bound "$busid:1.1"
	ktap_check inf.guid_property prop_is "$busid" \
		WINUSB_DEVICE_INTERFACE_GUIDS "$user_guid"
	ktap_check inf.list json_is "$busid:1.1" \
		"o['declared'] and o['guids'] == ['$user_guid'] and o['msos_version'] == ''"
	unplug inf
fi

rm -f $local_rules
udevadm control --exit
ktap_end
