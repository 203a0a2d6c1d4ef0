#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# DKMS in the test guest, with the build machine's dkms (make test-deps
# installs it) and the guest kernel's headers (the build machine's
# linux-headers-<abi>-amd64, linked as /lib/modules/<release>/build):
#
#   - make dkms-source copies the module's sources to /usr/src/winusb-<version>;
#   - dkms add, dkms build and dkms install for the running (guest) kernel;
#     the module lands in /lib/modules/<release>/updates/dkms/;
#   - modprobe winusb loads that module (its version is VERSION's), and so
#     does winusb-bind --id, which then binds the test device;
#   - make dkms-uninstall (dkms remove --all) leaves nothing: no winusb.ko
#     under /lib/modules, no DKMS tree, no sources, module indexes as before.
#
# /lib/modules gets a tmpfs overlay first: it is the guest kernel's module
# tree under build/, shared with the build machine.
#
#   selftests/vm/run --timeout 900 -- selftests/dkms/run.sh
set -u
. "$(dirname "$0")/../lib/guest.sh"
. "$top/selftests/lib/ktap.sh"

release=$(uname -r)
version=$(cat "$top/VERSION")
headers=/usr/src/linux-headers-$release
lm=/lib/modules/$release
log=/tmp/dkms.log

logged() {	# logged COMMAND...: output to the log, shown on failure
	"$@" >> $log 2>&1 && return 0
	tail -n 20 $log | sed 's/^/#   /'
	return 1
}
overlay_modules() {
	mkdir -p /tmp/lm/upper /tmp/lm/work &&
	mount -t overlay overlay -o lowerdir=/lib/modules,upperdir=/tmp/lm/upper,workdir=/tmp/lm/work \
		/lib/modules &&
	ln -sfn "$headers" "$lm/build"
}
indexes() {	# indexes DIR: the text module indexes, copied to DIR
	mkdir -p "$1" && cp "$lm"/modules.{dep,alias,symbols,softdep,devname} "$1"/
}
same_indexes() {
	local f
	for f in dep alias symbols softdep devname; do
		cmp -s "/tmp/idx-before/modules.$f" "$lm/modules.$f" ||
			{ echo "# modules.$f changed"; return 1; }
	done
}
status_is() {	# status_is PATTERN: dkms status of winusb matches
	local s
	s=$(dkms status winusb 2>&1)
	echo "# dkms status: ${s:-(nothing)}"
	[[ "$s" =~ $1 ]]
}
loaded_from_dkms() {
	[ "$(modinfo -n winusb)" = "$lm/updates/dkms/winusb.ko" ] &&
		[ "$(cat /sys/module/winusb/version)" = "$version" ]
}
nothing_left() {
	local left
	left=$(find /lib/modules/ /var/lib/dkms /usr/src -name 'winusb*' 2>/dev/null)
	[ -z "$left" ] && ! modinfo winusb > /dev/null 2>&1 && return 0
	echo "# left: $left"
	return 1
}

ktap_begin "DKMS: add, build, install, modprobe, remove"
if ! command -v dkms > /dev/null || [ ! -d "$headers" ]; then
	ktap_skip dkms "no dkms or no $headers (make test-deps)"
	ktap_end
	exit 0
fi
: > $log
ktap_check overlay overlay_modules
# The baseline: the indexes as depmod makes them here.
logged depmod -a "$release" && indexes /tmp/idx-before
ktap_check not_loaded eval '! lsmod | grep -q "^winusb "'

ktap_check make_dkms_source logged make -s -C "$top" dkms-source
ktap_check dkms_conf_version grep -qx "PACKAGE_VERSION=\"$version\"" "/usr/src/winusb-$version/dkms.conf"
ktap_check dkms_add logged dkms add "winusb/$version"
ktap_check dkms_build logged dkms build "winusb/$version" -k "$release"
ktap_check dkms_install logged dkms install "winusb/$version" -k "$release"
ktap_check status_installed status_is "winusb/$version, $release, [^:]*: installed"
ktap_check module_file test -f "$lm/updates/dkms/winusb.ko"

ktap_check modprobe logged modprobe winusb
ktap_check loaded_from_dkms loaded_from_dkms
ktap_check modprobe_r logged modprobe -r winusb

# winusb-bind loads the module itself, then binds the test device.
modprobe vhci-hcd
ktap_check bind_loads_module logged "$top/tools/winusb-bind" --id 1209:0001
ktap_check loaded_by_bind loaded_from_dkms
if ktap_check attach testdev_attach; then
	for _ in $(seq 50); do [ -c "/dev/winusb/$busid:1.0" ] && break; sleep 0.1; done
	ktap_check node_present test -c "/dev/winusb/$busid:1.0"
	ktap_check detach testdev_detach
fi
ktap_check unload logged modprobe -r winusb

ktap_check make_dkms_uninstall logged make -s -C "$top" dkms-uninstall
ktap_check status_empty status_is '^$'
ktap_check nothing_left nothing_left
ktap_check indexes_as_before same_indexes
ktap_end
