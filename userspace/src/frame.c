// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * frame.c - USB frame numbers: WinUsb_GetCurrentFrameNumber and
 * WinUsb_GetAdjustedFrameNumber.
 *
 * Frame numbers are 32-bit counts of 1 ms frames at every speed, as on
 * Windows; the driver extends the controller's short counter
 * (WINUSB_IOCTL_GET_FRAME) and stamps it with CLOCK_MONOTONIC, the clock
 * QueryPerformanceCounter() reads, so timestamps and QPC values compare
 * directly.
 */
#include "libwinusb.h"

/* QPC ticks per 1 ms frame. */
#define WU_QPC_PER_FRAME (WU_QPC_FREQUENCY / 1000)

BOOL WINAPI WinUsb_GetCurrentFrameNumber(WINUSB_INTERFACE_HANDLE InterfaceHandle,
					 PULONG CurrentFrameNumber,
					 LARGE_INTEGER *TimeStamp)
{
	struct wu_interface *intf;
	uint64_t ns = 0;
	uint32_t frame = 0;
	int ret;

	intf = wu_interface_get(InterfaceHandle);
	if (!intf)
		return FALSE;
	if (!CurrentFrameNumber || !TimeStamp) {
		wu_interface_put(intf);
		return wu_fail(ERROR_INVALID_PARAMETER);
	}
	ret = wu_k_get_frame(intf->file->fd, &frame, &ns);
	wu_interface_put(intf);
	if (ret < 0)
		return wu_fail_errno(ret, WU_CTX_CALL);
	*CurrentFrameNumber = frame;
	TimeStamp->QuadPart = wu_qpc_from_ns((int64_t)ns);
	return TRUE;
}

/**
 * WinUsb_GetAdjustedFrameNumber() - see winusb.h.
 *
 * Adds the whole milliseconds elapsed since @TimeStamp; a timestamp in the
 * future leaves the frame number unchanged.  The 32-bit frame number wraps
 * as the bus counter does.
 */
BOOL WINAPI WinUsb_GetAdjustedFrameNumber(PULONG CurrentFrameNumber,
					  LARGE_INTEGER TimeStamp)
{
	int64_t elapsed;

	if (!CurrentFrameNumber)
		return wu_fail(ERROR_INVALID_PARAMETER);
	elapsed = wu_qpc_from_ns(wu_monotonic_ns()) - TimeStamp.QuadPart;
	if (elapsed > 0)
		*CurrentFrameNumber += (ULONG)(uint64_t)(elapsed / WU_QPC_PER_FRAME);
	return TRUE;
}
