# SPDX-License-Identifier: GPL-2.0
#
# KTAP output for shell tests, in the kselftest harness' format, so that
# scripts/check adds their results up with the C programs' ("# Totals:").
#
#	. selftests/lib/ktap.sh
#	ktap_begin "binding checks"
#	ktap_check binding.mode test "$(stat -c %a "$node")" = 600
#	ktap_end			# prints the totals; returns 1 on failure
#
# The plan is printed at the end ("1..N" trailing plan, allowed by KTAP).

_ktap_n=0 _ktap_pass=0 _ktap_fail=0 _ktap_skip=0

ktap_begin() {
	echo "TAP version 13"
	[ $# -gt 0 ] && echo "# $*"
	return 0
}

# ktap_check NAME COMMAND [ARG...]: one result, ok when COMMAND succeeds.
ktap_check() {
	local name=$1
	shift
	_ktap_n=$((_ktap_n + 1))
	if "$@"; then
		_ktap_pass=$((_ktap_pass + 1))
		echo "ok $_ktap_n $name"
	else
		_ktap_fail=$((_ktap_fail + 1))
		echo "not ok $_ktap_n $name"
	fi
}

ktap_skip() {	# ktap_skip NAME REASON
	_ktap_n=$((_ktap_n + 1)) _ktap_skip=$((_ktap_skip + 1))
	echo "ok $_ktap_n $1 # SKIP $2"
}

ktap_fail() {	# ktap_fail NAME [REASON]: a result known to be a failure
	_ktap_n=$((_ktap_n + 1)) _ktap_fail=$((_ktap_fail + 1))
	echo "not ok $_ktap_n $1${2:+ # $2}"
}

ktap_end() {
	echo "1..$_ktap_n"
	echo "# Totals: pass:$_ktap_pass fail:$_ktap_fail xfail:0 xpass:0 skip:$_ktap_skip error:0"
	[ $_ktap_fail = 0 ]
}
