// SPDX-License-Identifier: GPL-2.0
/*
 * Fault kinds: names, and which endpoints each one may be armed on
 *
 * Shared by the option parser (main.c), SET_FAULT (device.c) and the
 * self-test, so that the command line, the vendor request and the
 * documentation's table agree.
 */
#include <errno.h>
#include <string.h>

#include "testdev.h"

static const char *const names[TD_FAULT_COUNT] = {
	[TD_FAULT_NONE] = "none",
	[TD_FAULT_STALL] = "stall",
	[TD_FAULT_NAK] = "nak",
	[TD_FAULT_SHORT] = "short",
	[TD_FAULT_BABBLE] = "babble",
	[TD_FAULT_DISCONNECT] = "disconnect",
	[TD_FAULT_XDEV] = "xdev",
	[TD_FAULT_BAD_DESCRIPTORS] = "bad-descriptors",
	[TD_FAULT_ISOCH_PILE] = "isoch-pile",
	[TD_FAULT_ISOCH_PILE_LENGTH] = "isoch-pile-length",
	[TD_FAULT_ISOCH_OVERLONG] = "isoch-overlong",
	[TD_FAULT_ISOCH_LENGTH] = "isoch-length",
	[TD_FAULT_ISOCH_OFFSET] = "isoch-offset",
	[TD_FAULT_ISOCH_FEWER] = "isoch-fewer",
	[TD_FAULT_OVERRUN] = "overrun",
	[TD_FAULT_STALL_ALWAYS] = "stall-always",
	[TD_FAULT_HANGUP] = "hangup",
	[TD_FAULT_RET_UNKNOWN] = "ret-unknown",
	[TD_FAULT_RET_TWICE] = "ret-twice",
	[TD_FAULT_UNLINK_LATE] = "unlink-late",
	[TD_FAULT_LATE] = "late",
	[TD_FAULT_MAXP_ZERO] = "maxp-zero",
	[TD_FAULT_MAXP_BIG] = "maxp-big",
	[TD_FAULT_INTERVAL_ZERO] = "interval-zero",
	[TD_FAULT_INTERVAL_MAX] = "interval-max",
	[TD_FAULT_NUM_EPS_MORE] = "num-eps-more",
	[TD_FAULT_NUM_EPS_FEWER] = "num-eps-fewer",
	[TD_FAULT_DUP_EP] = "dup-ep",
	[TD_FAULT_TOTAL_SHORT] = "total-short",
	[TD_FAULT_TOTAL_LONG] = "total-long",
	[TD_FAULT_SS_BURST] = "ss-burst",
	[TD_FAULT_SS_MULT] = "ss-mult",
	[TD_FAULT_MSOS_LIE] = "msos-lie",
	[TD_FAULT_STRING_ODD] = "string-odd",
	[TD_FAULT_DESC_CHANGE] = "desc-change",
};

const char *td_fault_name(int kind)
{
	return kind >= 0 && kind < TD_FAULT_COUNT ? names[kind] : NULL;
}

int td_fault_kind(const char *name)
{
	int i;

	for (i = 0; i < TD_FAULT_COUNT; i++)
		if (names[i] && !strcmp(name, names[i]))
			return i;
	return -1;
}

/* Kinds that shape the descriptors: armed on the command line only. */
bool td_fault_is_descriptor(int kind)
{
	return kind == TD_FAULT_BAD_DESCRIPTORS ||
	       (kind >= TD_FAULT_MAXP_ZERO && kind <= TD_FAULT_DESC_CHANGE);
}

/*
 * May @kind be armed on endpoint @addr (TD_FAULT_EP0 for the control
 * requests of the EP 0 faults)?  Return: 0 or -EINVAL.  Descriptor kinds
 * and "disconnect" ignore the endpoint and are not checked here.
 */
int td_fault_check_ep(int kind, uint8_t addr)
{
	int idx = td_ep_index(addr);
	bool in = addr & 0x80;

	switch (kind) {
	case TD_FAULT_OVERRUN:
		if (addr == TD_FAULT_EP0)
			return 0;
		return idx >= 0 && in && idx != TD_EPI_ISOCH_IN ? 0 : -EINVAL;
	case TD_FAULT_STALL_ALWAYS:
	case TD_FAULT_HANGUP:
	case TD_FAULT_RET_UNKNOWN:
	case TD_FAULT_RET_TWICE:
		return addr == TD_FAULT_EP0 || idx >= 0 ? 0 : -EINVAL;
	case TD_FAULT_LATE:
		if (addr == TD_FAULT_EP0)
			return 0;
		return idx >= 0 && idx != TD_EPI_ISOCH_IN &&
		       idx != TD_EPI_ISOCH_OUT ? 0 : -EINVAL;
	case TD_FAULT_ISOCH_PILE:
	case TD_FAULT_ISOCH_PILE_LENGTH:
	case TD_FAULT_ISOCH_OVERLONG:
	case TD_FAULT_ISOCH_LENGTH:
	case TD_FAULT_ISOCH_OFFSET:
	case TD_FAULT_ISOCH_FEWER:
		return idx == TD_EPI_ISOCH_IN ? 0 : -EINVAL;
	case TD_FAULT_SHORT:
	case TD_FAULT_BABBLE:
		return idx >= 0 && in ? 0 : -EINVAL;
	case TD_FAULT_XDEV:
		return idx == TD_EPI_ISOCH_IN || idx == TD_EPI_ISOCH_OUT ?
		       0 : -EINVAL;
	case TD_FAULT_NONE:
	case TD_FAULT_STALL:
	case TD_FAULT_NAK:
	case TD_FAULT_UNLINK_LATE:
		return idx >= 0 ? 0 : -EINVAL;
	}
	return -EINVAL;
}
