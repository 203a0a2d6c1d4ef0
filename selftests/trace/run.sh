#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The tracepoints of module/trace.h and the counts `make bench` takes with
# them (selftests/lib/tracefs.h), against winusb-testdev at high speed:
# trace_test on both of its interfaces, bound by new_id.
#
#   selftests/vm/run -- selftests/trace/run.sh
set -u
. "$(dirname "$0")/../lib/guest.sh"
. "$top/selftests/lib/ktap.sh"
bin=$build/selftests/trace
drv=/sys/bus/usb/drivers/winusb

ktap_begin "winusb tracepoints and the benchmark's counts"
guest_load_winusb || { ktap_fail trace.load; ktap_end; exit 1; }
testdev_attach --speed high || { ktap_fail trace.attach_testdev; ktap_end; exit 1; }
echo '1209 0001' > $drv/new_id
for _ in $(seq 50); do
	[ -c "/dev/winusb/$busid:1.0" ] && [ -c "/dev/winusb/$busid:1.1" ] && break
	sleep 0.1
done
mountpoint -q /sys/kernel/tracing || mount -t tracefs none /sys/kernel/tracing
ktap_check trace.events_listed test -d /sys/kernel/tracing/events/winusb/winusb_submit
[ -x "$bin/trace_test" ] || ktap_fail trace_test "not built"
WINUSB_NODE=/dev/winusb/$busid:1.0 WINUSB_NODE1=/dev/winusb/$busid:1.1 \
	"$bin/trace_test"
echo '1209 0001' > $drv/remove_id
testdev_detach
ktap_check rmmod rmmod winusb
ktap_end
