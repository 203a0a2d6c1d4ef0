#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Tests of the VM runner itself, run on the build machine: exit status and
# output pass through, kernel trouble is caught, bad usage is refused with one
# clear line.  Prints KTAP with a kselftest-style "# Totals:" line.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
run=selftests/vm/run
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

n=0 pass=0 fail=0
tests=8
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
