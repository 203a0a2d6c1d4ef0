#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Tests of the VM runner itself, run on the build machine: exit status and
# output pass through, kernel trouble is caught, bad usage is refused with one
# clear line, and a checkout anywhere works: under /tmp and /var/tmp (which
# the guest covers with a tmpfs) and in a path with a space, a comma and a
# quote.  Prints KTAP with a kselftest-style "# Totals:" line.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
run=selftests/vm/run
tmp=$(mktemp -d)
elsewhere=()
trap 'rm -rf "$tmp" "${elsewhere[@]}"' EXIT

n=0 pass=0 fail=0
tests=11
echo "TAP version 13"
echo "1..$tests"
check() {	# check NAME CONDITION-STATUS DETAIL
	n=$((n + 1))
	if [ "$2" = 0 ]; then
		pass=$((pass + 1)); echo "ok $n $1"
	else
		fail=$((fail + 1)); echo "# $3"; echo "not ok $n $1"
	fi
}

# One line on stderr, exit 2, for each kind of bad usage.
$run --bogus -- true > "$tmp/out" 2> "$tmp/err"; rc=$?
[ $rc = 2 ] && [ "$(wc -l < "$tmp/err")" = 1 ] && grep -q "unknown option '--bogus'" "$tmp/err"
check runner.unknown_option $? "exit $rc: $(cat "$tmp/err")"

$run --timeout soon -- true > "$tmp/out" 2> "$tmp/err"; rc=$?
[ $rc = 2 ] && [ "$(wc -l < "$tmp/err")" = 1 ]
check runner.bad_timeout $? "exit $rc: $(cat "$tmp/err")"

$run --kernel bogus -- true > "$tmp/out" 2> "$tmp/err"; rc=$?
[ $rc = 2 ] && [ "$(wc -l < "$tmp/err")" = 1 ] && grep -q "debian, debian-6.12 or debug" "$tmp/err"
check runner.bad_kernel $? "exit $rc: $(cat "$tmp/err")"

BUILD=$tmp/nothing $run -- true > "$tmp/out" 2> "$tmp/err"; rc=$?
[ $rc = 2 ] && [ "$(wc -l < "$tmp/err")" = 1 ] && grep -q "missing guest kernel" "$tmp/err"
check runner.missing_kernel $? "exit $rc: $(cat "$tmp/err")"

# Output and exit status of the command come back; the checkout is writable
# at the same path; the guest runs Debian's kernel.
$run --quiet -- sh -c 'uname -r; exit 7' > "$tmp/out" 2>&1
rc=$?
[ $rc = 7 ] && grep -q -- '-amd64$' "$tmp/out"
check runner.status_and_output $? "exit $rc: $(tail -n 3 "$tmp/out")"

mkdir -p build/tmp && f=build/tmp/runner-test.$$
$run --quiet -- sh -c "echo written-in-guest > $f" > "$tmp/out" 2>&1
rc=$?
[ $rc = 0 ] && [ "$(cat "$f" 2>/dev/null)" = written-in-guest ]
check runner.checkout_shared_rw $? "exit $rc: $(tail -n 3 "$tmp/out")"
rm -f "$f"

# A checkout elsewhere: a copy of the runner, scripts/kernel-abi and just
# enough of the guest kernel (its image and the initramfs' modules).
mini_checkout() {	# mini_checkout DIR
	local dir=$1 abi rel kroot f
	abi=$(scripts/kernel-abi) || return 1
	rel=$abi-amd64
	kroot=build/kernel/$abi/root
	mkdir -p "$dir/selftests/vm" "$dir/scripts" "$dir/$kroot/boot" \
		"$dir/$kroot/lib/modules/$rel" || return 1
	cp selftests/vm/run selftests/vm/initramfs-init selftests/vm/guest-init \
		"$dir/selftests/vm/" || return 1
	cp scripts/kernel-abi "$dir/scripts/" || return 1
	cp "$kroot/boot/vmlinuz-$rel" "$dir/$kroot/boot/" || return 1
	cp "$kroot/lib/modules/$rel"/modules.* "$dir/$kroot/lib/modules/$rel/" || return 1
	/sbin/modprobe -d "$top/$kroot" -S "$rel" -a --show-depends \
		9p 9pnet_virtio virtio_pci overlay |
		sed -n 's/^insmod \(.*\.ko\)\( .*\)\{0,1\}$/\1/p' > "$tmp/mods" || return 1
	while IFS= read -r f; do
		f=${f#"$top"/}
		mkdir -p "$dir/$(dirname "$f")" && cp "$f" "$dir/$f" || return 1
	done < "$tmp/mods"
}

# From that checkout, in a subdirectory of it: the guest runs the command at
# the same path, with its arguments intact, and writes into the checkout.
run_elsewhere() {	# run_elsewhere DIR
	local dir=$1 rc
	mini_checkout "$dir" || { echo "cannot copy a checkout to $dir"; return 1; }
	mkdir -p "$dir/sub dir"
	(cd "$dir/sub dir" && env -u BUILD -u WVM_KERNEL ../selftests/vm/run --quiet -- \
		sh -c 'pwd; printf "<%s>\n" "$@"; echo written > ../build/from-guest' \
		sh 'a  b' "c'd" '$HOME' > "$tmp/out" 2>&1)
	rc=$?
	[ $rc = 0 ] &&
		[ "$(sed -n 1p "$tmp/out")" = "$dir/sub dir" ] &&
		[ "$(sed -n '2,4p' "$tmp/out")" = "<a  b>
<c'd>
<\$HOME>" ] &&
		[ "$(cat "$dir/build/from-guest" 2>/dev/null)" = written ] && return 0
	echo "exit $rc: $(tail -n 5 "$tmp/out")"
	return 1
}

elsewhere+=("$(mktemp -d /tmp/winusb-runner.XXXXXX)")
msg=$(run_elsewhere "${elsewhere[-1]}/checkout")
check runner.checkout_under_tmp $? "$msg"

elsewhere+=("$(mktemp -d "/var/tmp/winusb runner.XXXXXX")")
msg=$(run_elsewhere "${elsewhere[-1]}/a checkout, 'quoted'")
check runner.checkout_under_var_tmp_with_space $? "$msg"

# A kernel WARNING in the log fails the run even though the command passed.
$run --quiet -- sh -c 'echo "WARNING: CPU: 0 PID: 1 at runner_test" > /dev/kmsg' > "$tmp/out" 2>&1
rc=$?
[ $rc = 3 ] && grep -q 'runner_test' "$tmp/out"
check runner.kernel_warning_fails $? "exit $rc: $(tail -n 3 "$tmp/out")"

# A crashed kernel is reported, with its log.
$run --quiet -- sh -c 'echo c > /proc/sysrq-trigger' > "$tmp/out" 2>&1
rc=$?
[ $rc = 125 ] || [ $rc = 3 ]
check runner.kernel_crash_fails $? "exit $rc: $(tail -n 3 "$tmp/out")"

# A command that never ends is killed at the timeout.
$run --quiet --timeout 25 -- sleep 600 > "$tmp/out" 2>&1
rc=$?
[ $rc = 124 ]
check runner.timeout $? "exit $rc: $(tail -n 3 "$tmp/out")"

echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:0 error:0"
[ $fail = 0 ]
