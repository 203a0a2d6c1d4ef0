#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# udev/60-winusb.rules under the real systemd-udevd in the test guest:
#
#   - the rules go where make install puts them (/usr/lib/udev/rules.d, in
#     the guest's overlay) and the build machine's systemd-udevd runs as a
#     daemon with all of Debian's rules;
#   - winusb-bind --id binds the test device's interfaces (the module is
#     loaded first);
#   - each node: mode 0660, group plugdev, the uaccess tag (the ACL itself
#     needs a logind session, which the guest does not have);
#   - /dev/winusb/by-id/usb-<manufacturer>_<product>_<serial>-if0N,
#     by-path/...-usb-0:<port>:1.N and by-guid/<GUID>/<interface> lead to it;
#   - a user in group plugdev (nobody, with plugdev added) opens the node
#     and the by-guid link read-write and runs the bulk_loopback example;
#     the same user without plugdev cannot open it;
#   - winusb-bind --unbind removes node and links.
#
#   selftests/vm/run -- selftests/udev/run.sh
set -u
. "$(dirname "$0")/../lib/guest.sh"
. "$top/selftests/lib/ktap.sh"

proto=$top/selftests/testdev/testdev_proto.h
str() { sed -n "s/^#define $1[[:space:]]*\"\\(.*\\)\"/\\1/p" "$proto"; }
guid0=$(str TD_GUID_IFACE0_STR)
guid1=$(str TD_GUID_IFACE1_STR)
serial=WU-udev-42
bind=$top/tools/winusb-bind
udevd=/lib/systemd/systemd-udevd
nobody=65534
plugdev=$(getent group plugdev | cut -d: -f3)

# As nobody, with or without group plugdev.
as_user() {	# as_user plugdev|none COMMAND...
	local groups=--clear-groups
	[ "$1" = plugdev ] && groups=--groups=$plugdev
	shift
	setpriv --reuid=$nobody --regid=$nobody $groups -- "$@"
}
can_open() {	# can_open plugdev|none PATH: open read-write
	as_user "$1" sh -c 'exec 3<>"$1"' sh "$2" 2>/dev/null
}
mode_is() {	# mode_is NODE MODE GROUP
	local got
	got=$(stat -L -c '%a %G' "$1") || return 1
	[ "$got" = "$2 $3" ] && return 0
	echo "# $1: '$got', expected '$2 $3'"
	return 1
}
has_tag() {	# has_tag NODE TAG
	udevadm info -q property -n "$1" | grep -q "^TAGS=.*:$2:" && return 0
	udevadm info -q property -n "$1" | sed 's/^/#   /'
	return 1
}
leads_to() {	# leads_to LINK NODE
	[ -L "$1" ] && [ "$(readlink -f "$1")" = "$2" ] && return 0
	echo "# $1 does not lead to $2:"
	ls -lR /dev/winusb | sed 's/^/#   /'
	return 1
}
wait_nodes() {	# wait_nodes present|absent
	for _ in $(seq 50); do
		udevadm settle -t 10
		if [ "$1" = present ]; then
			[ -c "/dev/winusb/$busid:1.0" ] && [ -c "/dev/winusb/$busid:1.1" ] && return 0
		else
			[ ! -e "/dev/winusb/$busid:1.0" ] && [ ! -e "/dev/winusb/$busid:1.1" ] && return 0
		fi
		sleep 0.1
	done
	return 1
}
no_links() {	# no_links: nothing of this device is left below /dev/winusb
	local left
	left=$(find /dev/winusb \( -name "*$busid*" -o -lname "*$busid*" \) 2>/dev/null)
	[ -z "$left" ] && return 0
	echo "# left: $left"
	return 1
}

ktap_begin "udev: 60-winusb.rules with systemd-udevd"
if [ ! -x $udevd ] || ! command -v setpriv > /dev/null || [ -z "$plugdev" ]; then
	ktap_skip udev "no systemd-udevd, setpriv or group plugdev here"
	ktap_end
	exit 0
fi
ktap_check guids_from_testdev_proto test -n "$guid0" -a -n "$guid1"
# WINUSB_RULES: another copy of the rules, to see this test fail.
cp "${WINUSB_RULES:-$top/udev/60-winusb.rules}" /usr/lib/udev/rules.d/60-winusb.rules ||
	ktap_fail rules.install
ktap_check udevd.start $udevd --daemon
ktap_check udevd.running udevadm control --ping
guest_load_winusb || { ktap_fail load; ktap_end; exit 1; }

if ! ktap_check attach testdev_attach --serial "$serial"; then
	ktap_end
	exit 1
fi
ktap_check bind.by_id "$bind" --id 1209:0001
ktap_check nodes.present wait_nodes present

manufacturer=$(str TD_MANUFACTURER | tr ' ' _)
product=$(str TD_PRODUCT | tr ' ' _)
port=${busid#*-}
for i in 0 1; do
	node=/dev/winusb/$busid:1.$i
	guid=$guid0
	[ $i = 1 ] && guid=$guid1
	ktap_check "if$i.mode_0660_plugdev" mode_is "$node" 660 plugdev
	ktap_check "if$i.tag_uaccess" has_tag "$node" uaccess
	ktap_check "if$i.by_id" leads_to \
		"/dev/winusb/by-id/usb-${manufacturer}_${product}_$serial-if0$i" "$node"
	# shellcheck disable=SC2086
	ktap_check "if$i.by_path" leads_to "$(echo /dev/winusb/by-path/*-usb-0:$port:1.$i)" "$node"
	ktap_check "if$i.by_guid" leads_to "/dev/winusb/by-guid/$guid/$busid:1.$i" "$node"
	ktap_check "if$i.plugdev_user_opens" can_open plugdev "$node"
	ktap_check "if$i.plugdev_user_opens_by_guid" can_open plugdev \
		"/dev/winusb/by-guid/$guid/$busid:1.$i"
	ktap_check "if$i.other_user_refused" eval '! can_open none "$node"'
done
out=$(as_user plugdev "$build/userspace/examples/bulk_loopback" 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
ktap_check example.as_plugdev_user test $rc = 0

ktap_check unbind "$bind" --unbind "$busid:1.0" "$busid:1.1"
ktap_check nodes.absent wait_nodes absent
ktap_check links.removed no_links
"$bind" --remove-id 1209:0001
ktap_check detach testdev_detach
udevadm control --exit
ktap_end
