#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# winusb.ko against hostile devices, in the test guest: for every fault of
# winusb-testdev's hostile catalogue (Documentation/testdev.rst), attach a
# fresh device with that fault, bind both interfaces to winusb, run the
# hostile_test cases written for it, unplug.  At the end the module must
# unload and no page may stay pinned.  The VM runner fails the run on any
# oops, WARN or BUG in the guest's log.
#
#   selftests/vm/run -- selftests/hostile/run.sh [io | descriptors]
#
# io: lying isochronous packets (vmap and bounce paths), more bytes than
# asked, NAK forever, stall on every transfer, hang-ups mid-transfer,
# USB/IP seqnum games, late answers.  descriptors: descriptors that lie,
# MS OS descriptors that lie, odd strings, descriptors that change, reset
# storms.  Without an argument, both.
set -u
. "$(dirname "$0")/../lib/guest.sh"
. "$top/selftests/lib/ktap.sh"
bin=$build/selftests/hostile/hostile_test
libbin=$build/selftests/hostile/lib_test
drv=/sys/bus/usb/drivers/winusb
msos=/sys/module/winusb/parameters/msos
part=${1:-all}
proto=$top/selftests/testdev/testdev_proto.h
guid0=$(sed -n 's/^#define TD_GUID_IFACE0_STR[[:space:]]*"\(.*\)"/\1/p' "$proto")
guid1=$(sed -n 's/^#define TD_GUID_IFACE1_STR[[:space:]]*"\(.*\)"/\1/p' "$proto")

pins() { echo 1 > /proc/sys/vm/stat_refresh; awk '$1 == "nr_foll_pin_acquired" { a = $2 } $1 == "nr_foll_pin_released" { r = $2 } END { print a - r }' /proc/vmstat; }

# attach NAME [winusb-testdev options]: a fresh device, both interfaces
# bound by name (an interface the USB core did not create is skipped).
attach() {
	local name=$1 i
	shift
	if ! testdev_attach "$@"; then
		ktap_fail "$name.attach" "winusb-testdev $*"
		return 1
	fi
	for i in 0 1; do
		[ -e "/sys/bus/usb/devices/$busid:1.$i" ] || continue
		echo "$busid:1.$i" > $drv/bind_interface ||
			{ ktap_fail "$name.bind_$i"; return 1; }
	done
	export WINUSB_NODE=/dev/winusb/$busid:1.0
	export WINUSB_NODE1=/dev/winusb/$busid:1.1
	export WINUSB_INTF=$busid:1.0
	export WINUSB_TESTDEV_PIDFILE=$testdev_pidfile
	return 0
}

# hostile NAME "TEST..." [winusb-testdev options]: attach, run, unplug.
hostile() {
	local name=$1 tests=$2
	shift 2
	echo "# $name: $*"
	attach "$name" "$@" || return
	"$bin" $tests
	# the same through libwinusb, for the faults lib_test knows
	case $name in isoch-overlong|isoch-offset) HOSTILE_LIE=$name "$libbin" ;; esac
	ktap_check "$name.unplugged" testdev_detach
}

# ep_is EP ATTRIBUTE VALUE: what the USB core kept for interface 0's endpoint
ep_is() {
	local got
	got=$(cat "/sys/bus/usb/devices/$WINUSB_INTF/ep_$1/$2" 2>/dev/null)
	[ "$got" = "$3" ] && return 0
	echo "# ep_$1/$2: '$got', expected '$3'"
	return 1
}

ep_absent() { test ! -e "/sys/bus/usb/devices/$WINUSB_INTF/ep_$1"; }

# msos_sane INTERFACE GUID: the attributes hold what the device meant, or
# nothing: never bytes of a lying descriptor.
msos_sane() {
	local d=/sys/bus/usb/devices/$1 id guids
	id=$(cat "$d/winusb_compatible_id") || return 1
	guids=$(cat "$d/winusb_interface_guids") || return 1
	echo "# $1: compatible id '$id', guids '$guids'"
	case $id in ''|WINUSB) ;; *) return 1 ;; esac
	case $guids in ''|"$2") ;; *) return 1 ;; esac
}

run_io() {
	local k
	# Isochronous IN packets that lie, each on the vmap and bounce paths.
	for k in pile pile-length overlong length offset fewer; do
		hostile "isoch-$k" "isoch_${k//-/_}" --speed high --isoch-maxp 64 \
			--fault "isoch-$k:0x84"
	done
	hostile hangup-isoch "hangup_isoch_stream" --speed high --isoch-maxp 64 \
		--paced --fault hangup:0x84:2
	hostile unplug-registering "unplug_registering" --speed high

	hostile nak nak_forever --fault nak:0x81 --fault nak:0x83
	hostile stall-always stall_always --fault stall-always:0x81 \
		--fault stall-always:0x02 --fault stall-always:0x83

	hostile hangup-bulk-in hangup_bulk_in --fault hangup:0x81
	hostile hangup-bulk-out hangup_bulk_out --fault hangup:0x02
	hostile hangup-interrupt hangup_interrupt --fault hangup:0x83
	hostile hangup-control hangup_control --fault hangup:0

	hostile ret-unknown ret_unknown --fault ret-unknown:0x83
	hostile ret-twice ret_twice --fault ret-twice:0x83
	hostile unlink-late unlink_late --fault unlink-late:0x81
	hostile late-bulk late_bulk --fault late:0x81:800
	hostile late-control late_control --fault late:0:800
	hostile late-clear late_clear --fault late:0:3000

	# More bytes than asked: vhci_hcd refuses them and drops the device.
	# Last: with the module of 32473a0 the first one oopses the guest.
	hostile overrun-control overrun_control --fault overrun:0
	hostile overrun-interrupt overrun_interrupt --fault overrun:0x83
	hostile overrun-bulk overrun_bulk --fault overrun:0x81
}

# desc NAME CHECK IFACES [options]: attach, check what the USB core kept
# (CHECK, a function), use every pipe of the interfaces IFACES ("0", "1" or
# "0 1").
desc() {
	local name=$1 check=$2 ifaces=$3 i
	shift 3
	echo "# $name: $*"
	attach "$name" "$@" || return
	$check "$name"
	for i in $ifaces; do
		WINUSB_NODE=/dev/winusb/$busid:1.$i "$bin" descriptor_pipes
	done
	ktap_check "$name.unplugged" testdev_detach
}

chk_maxp_zero() { ktap_check "$1.kept_with_maxp_0" ep_is 81 wMaxPacketSize 0000; }
# The USB core's limit for high-speed bulk is 1024 ("some devices use 1024").
chk_maxp_big() { ktap_check "$1.clamped_to_1024" ep_is 81 wMaxPacketSize 0400; }
chk_interval_zero() { ktap_check "$1.bInterval_fixed" sh -c "! grep -qx 00 /sys/bus/usb/devices/$WINUSB_INTF/ep_83/bInterval"; }
chk_interval_max() { ktap_check "$1.bInterval_fixed" sh -c "! grep -qx ff /sys/bus/usb/devices/$WINUSB_INTF/ep_83/bInterval"; }
chk_neps_more() { ktap_check "$1.three_endpoints" test "$(cat /sys/bus/usb/devices/$WINUSB_INTF/bNumEndpoints)" = 03; }
chk_neps_fewer() {
	ktap_check "$1.two_endpoints" test "$(cat /sys/bus/usb/devices/$WINUSB_INTF/bNumEndpoints)" = 02
	ktap_check "$1.third_skipped" ep_absent 83
}
chk_dup_ep() {
	ktap_check "$1.duplicate_skipped" ep_absent 83
	ktap_check "$1.first_kept" ep_is 81 type Bulk
}
chk_none() { :; }

run_descriptors() {
	local v
	desc maxp-zero chk_maxp_zero 0 --fault maxp-zero:0x81
	desc maxp-zero-isoch chk_none 1 --fault maxp-zero:0x84
	desc maxp-big chk_maxp_big 0 --fault maxp-big:0x81
	desc maxp-big-isoch chk_none 1 --fault maxp-big:0x84
	desc interval-zero chk_interval_zero 0 --fault interval-zero:0x83
	desc interval-max chk_interval_max 0 --fault interval-max:0x83
	desc num-eps-more chk_neps_more 0 --fault num-eps-more
	desc num-eps-fewer chk_neps_fewer 0 --fault num-eps-fewer
	desc dup-ep chk_dup_ep 0 --fault dup-ep:0x81
	desc total-short chk_none 1 --fault total-short
	desc total-long chk_none "0 1" --fault total-long
	desc ss-burst chk_none 1 --speed super --fault ss-burst
	desc ss-mult chk_none 1 --speed super --fault ss-mult

	hostile string-odd string_odd --fault string-odd
	hostile reset-storm reset_storm
	hostile desc-change-reset-storm reset_storm --fault desc-change

	# MS OS descriptors that lie; variant 4 is MS OS 1.0 only.
	for v in 1 2 3 4; do
		[ $v = 4 ] && echo 1 > $msos
		echo "# msos-lie:0:$v"
		if attach "msos-lie-$v" --fault "msos-lie:0:$v"; then
			ktap_check "msos-lie-$v.if0_sane" msos_sane "$busid:1.0" "$guid0"
			ktap_check "msos-lie-$v.if1_sane" msos_sane "$busid:1.1" "$guid1"
			"$bin" descriptor_pipes
			ktap_check "msos-lie-$v.unplugged" testdev_detach
		fi
	done
	echo 2 > $msos
}

ktap_begin "winusb: hostile devices ($part)"
mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
guest_load_winusb || { ktap_fail hostile.load; ktap_end; exit 1; }
pins0=$(pins)
[ -x "$bin" ] || { ktap_fail hostile.built "$bin"; ktap_end; exit 1; }

case $part in
io) run_io ;;
descriptors) run_descriptors ;;
all) run_io; run_descriptors ;;
*) echo "usage: $0 [io | descriptors]" >&2; exit 2 ;;
esac

ktap_check rmmod rmmod winusb
ktap_check no_page_left_pinned test "$(pins)" = "$pins0"
ktap_end
