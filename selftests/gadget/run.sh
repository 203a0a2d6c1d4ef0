#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# winusb.ko against devices nobody here wrote: the kernel's SourceSink and
# Loopback functions (usb_f_ss_lb), each the only function of a configfs
# gadget on its own dummy_hcd controller, bound to winusb (SourceSink through
# new_id, Loopback by name); then ss_lb_test; then the gadgets are unplugged
# under open files and the module unloaded.
#
#   selftests/vm/run -- selftests/gadget/run.sh [--speed full|high|super]
set -u
. "$(dirname "$0")/../lib/guest.sh"
. "$top/selftests/lib/ktap.sh"
bin=$build/selftests/gadget
cfg=/sys/kernel/config/usb_gadget
drv=/sys/bus/usb/drivers/winusb
vid=0x1d6b		# Linux Foundation; 0x0104 is the usual configfs example
buflen=4096
speed=high

while [ $# -gt 0 ]; do
	case "$1" in
	--speed) speed=$2; shift 2 ;;
	*) echo "usage: $0 [--speed full|high|super]" >&2; exit 2 ;;
	esac
done
case $speed in
full) hcd_opts=(is_high_speed=0 is_super_speed=0); want=12 ;;
high) hcd_opts=(is_high_speed=1 is_super_speed=0); want=480 ;;
super) hcd_opts=(is_high_speed=1 is_super_speed=1); want=5000 ;;
*) echo "bad speed '$speed'" >&2; exit 2 ;;
esac

# gadget_create NAME PID FUNCTION UDC: one configuration, one function.
gadget_create() {
	local g=$cfg/$1 f=$3
	mkdir "$g" || return 1
	echo $vid > "$g/idVendor"
	echo "$2" > "$g/idProduct"
	mkdir "$g/strings/0x409"
	echo "winusb-$1" > "$g/strings/0x409/serialnumber"
	echo "winusb test $f" > "$g/strings/0x409/product"
	mkdir "$g/functions/$f.0" || return 1
	echo $buflen > "$g/functions/$f.0/bulk_buflen"
	[ "$f" = SourceSink ] && echo 1 > "$g/functions/$f.0/pattern"	# mod63
	mkdir "$g/configs/c.1"
	ln -s "$g/functions/$f.0" "$g/configs/c.1/"
	echo "$4" > "$g/UDC"
}

gadget_remove() {
	local g=$cfg/$1
	[ -d "$g" ] || return 0
	echo "" > "$g/UDC" 2>/dev/null
	rm -f "$g"/configs/c.1/*.0
	rmdir "$g"/configs/c.1 "$g"/functions/*.0 "$g"/strings/0x409 "$g"
}

# usbdev_find PID: the sysfs name of the enumerated gadget (5 s at most).
usbdev_find() {
	local d
	for _ in $(seq 50); do
		for d in /sys/bus/usb/devices/*; do
			[ "$(cat "$d/idVendor" 2>/dev/null)" = "${vid#0x}" ] || continue
			[ "$(cat "$d/idProduct")" = "${1#0x}" ] || continue
			[ -e "$d/$(basename "$d"):1.0" ] || continue
			basename "$d"
			return 0
		done
		sleep 0.1
	done
	return 1
}

ktap_begin "winusb against usb_f_ss_lb gadgets on dummy_hcd ($speed speed)"
modprobe dummy_hcd num=2 "${hcd_opts[@]}" || { ktap_fail gadget.dummy_hcd; ktap_end; exit 1; }
modprobe libcomposite || { ktap_fail gadget.libcomposite; ktap_end; exit 1; }
mountpoint -q /sys/kernel/config || mount -t configfs none /sys/kernel/config
ktap_check gadget.sourcesink gadget_create ss 0x0104 SourceSink dummy_udc.0
ktap_check gadget.loopback gadget_create lb 0x0105 Loopback dummy_udc.1
ss=$(usbdev_find 0x0104)
lb=$(usbdev_find 0x0105)
if [ -z "$ss" ] || [ -z "$lb" ]; then
	ktap_fail gadget.enumerated "sourcesink '$ss' loopback '$lb'"
	ktap_end
	exit 1
fi
echo "# sourcesink $ss, loopback $lb"
ktap_check gadget.speed test "$(cat "/sys/bus/usb/devices/$ss/speed")" = $want

guest_load_winusb || { ktap_fail winusb.load; ktap_end; exit 1; }
ktap_check bind.sourcesink_new_id sh -c "echo '${vid#0x} 0104' > $drv/new_id"
ktap_check bind.loopback_by_name sh -c "echo $lb:1.0 > $drv/bind_interface"
for _ in $(seq 20); do
	[ -c "/dev/winusb/$ss:1.0" ] && [ -c "/dev/winusb/$lb:1.0" ] && break
	sleep 0.1
done
ktap_check bind.nodes test -c "/dev/winusb/$ss:1.0" -a -c "/dev/winusb/$lb:1.0"

[ -x "$bin/ss_lb_test" ] || ktap_fail ss_lb_test "not built"
WINUSB_SS_NODE=/dev/winusb/$ss:1.0 WINUSB_LB_NODE=/dev/winusb/$lb:1.0 \
WINUSB_LB_USBDEV=/sys/bus/usb/devices/$lb WINUSB_BUFLEN=$buflen \
	"$bin/ss_lb_test"

# Unplug both gadgets (soft disconnect) while files are open on them.
exec 3<> "/dev/winusb/$ss:1.0" 4<> "/dev/winusb/$lb:1.0"
echo "" > $cfg/ss/UDC
echo "" > $cfg/lb/UDC
sleep 0.5
ktap_check unplug.nodes_removed test ! -e "/dev/winusb/$ss:1.0" -a ! -e "/dev/winusb/$lb:1.0"
ktap_check unplug.module_busy sh -c "! rmmod winusb 2>/dev/null"
exec 3>&- 4>&-
ktap_check rmmod rmmod winusb
gadget_remove ss
gadget_remove lb
ktap_check gadget.teardown sh -c "rmmod usb_f_ss_lb libcomposite dummy_hcd"
ktap_end
