// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * frame.c - USB frame numbers and time synchronisation:
 * WinUsb_GetCurrentFrameNumber, WinUsb_GetAdjustedFrameNumber,
 * WinUsb_StartTrackingForTimeSync, WinUsb_GetCurrentFrameNumberAndQpc,
 * WinUsb_StopTrackingForTimeSync.
 *
 * Frame numbers are 32-bit counts of 1 ms frames at every speed, as on
 * Windows; the driver extends the controller's short counter
 * (WINUSB_IOCTL_GET_FRAME) and stamps it with CLOCK_MONOTONIC, the clock
 * QueryPerformanceCounter() reads, so timestamps and QPC values compare
 * directly.  Where the host controller has no frame counter (vhci_hcd) the
 * driver's frame number is CLOCK_MONOTONIC in milliseconds
 * (WINUSB_FRAME_SYNTHETIC): frames then start exactly on whole
 * milliseconds of QPC time.
 */
#include <stdlib.h>

#include "libwinusb.h"

/* QPC ticks per 1 ms frame and per 125 us microframe. */
#define WU_QPC_PER_FRAME (WU_QPC_FREQUENCY / 1000)
#define WU_QPC_PER_UFRAME (WU_QPC_PER_FRAME / 8)

/* The USB core's enum usb_device_speed value for high speed. */
#define WU_USB_SPEED_HIGH 3

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

/* ---- time synchronisation ---------------------------------------------- */

/**
 * struct wu_time_tracking - a TimeTrackingHandle.
 * @obj: header; references: the handle table's and users'.
 * @intf: the interface it was started on (a reference).
 */
struct wu_time_tracking {
	struct wu_object obj;
	struct wu_interface *intf;
};

static void wu_time_tracking_release(struct wu_object *obj)
{
	struct wu_time_tracking *tt =
		wu_container_of(obj, struct wu_time_tracking, obj);

	wu_interface_put(tt->intf);
	free(tt);
}

/*
 * The interface @h names and checks of the trio: ERROR_INVALID_HANDLE for
 * a NULL handle or a NULL @info, as Microsoft documents.
 */
static struct wu_interface *wu_timesync_interface(WINUSB_INTERFACE_HANDLE h,
						  const void *info)
{
	if (!info) {
		SetLastError(ERROR_INVALID_HANDLE);
		return NULL;
	}
	return wu_interface_get(h);
}

/* The tracking object @h names if it was started on @intf, else NULL. */
static struct wu_time_tracking *wu_time_tracking_get(HANDLE h,
						     struct wu_interface *intf)
{
	struct wu_object *obj;
	struct wu_time_tracking *tt;

	obj = wu_handle_get(h, WU_TYPE_BIT(WU_TYPE_TIME_TRACKING));
	if (!obj)
		return NULL;
	tt = wu_container_of(obj, struct wu_time_tracking, obj);
	if (tt->intf != intf) {
		wu_object_put(obj);
		return NULL;
	}
	return tt;
}

/**
 * WinUsb_StartTrackingForTimeSync() - see winusb.h.
 *
 * Nothing has to be measured first: the driver's frame counter is kept
 * against CLOCK_MONOTONIC all the time, so IsStartupDelayTolerable makes
 * no difference and the call returns at once.
 */
BOOL WINAPI
WinUsb_StartTrackingForTimeSync(WINUSB_INTERFACE_HANDLE InterfaceHandle,
				PUSB_START_TRACKING_FOR_TIME_SYNC_INFORMATION StartTrackingInfo)
{
	struct wu_time_tracking *tt;
	struct wu_interface *intf;
	uint32_t frame;
	uint64_t ns;
	HANDLE h;
	int ret;

	intf = wu_timesync_interface(InterfaceHandle, StartTrackingInfo);
	if (!intf)
		return FALSE;
	/* The driver must have a frame counter for this to mean anything. */
	ret = wu_k_get_frame(intf->file->fd, &frame, &ns);
	if (ret < 0) {
		wu_interface_put(intf);
		return wu_fail_errno(ret, WU_CTX_CALL);
	}
	tt = calloc(1, sizeof(*tt));
	if (!tt) {
		wu_interface_put(intf);
		return wu_fail(ERROR_NOT_ENOUGH_MEMORY);
	}
	tt->intf = intf;		/* takes our reference */
	wu_object_init(&tt->obj, WU_TYPE_TIME_TRACKING,
		       wu_time_tracking_release);
	h = wu_handle_open(&tt->obj);
	wu_object_put(&tt->obj);	/* the table holds it now */
	if (!h)
		return wu_fail(ERROR_NOT_ENOUGH_MEMORY);
	StartTrackingInfo->TimeTrackingHandle = h;
	return TRUE;
}

/**
 * WinUsb_GetCurrentFrameNumberAndQpc() - see winusb.h.
 *
 * One WINUSB_IOCTL_GET_FRAME gives the 32-bit frame number, the
 * microframe and the CLOCK_MONOTONIC time they were read at, which is the
 * QPC value (100 ns units).  The QPC at an input (micro)frame is predicted
 * from the start of the current microframe: exact where the frame number
 * comes from the clock (vhci_hcd: PredictedAccuracyInMicroSeconds 0), else
 * within half a frame (500).  CurrentHardwareFrameNumber is the low 11
 * bits of the frame number (xHCI's MFINDEX frame field);
 * CurrentGenerationID is 1 and does not change, since the driver's frame
 * counter is never re-based while the device is attached.
 */
BOOL WINAPI
WinUsb_GetCurrentFrameNumberAndQpc(WINUSB_INTERFACE_HANDLE InterfaceHandle,
				   PUSB_FRAME_NUMBER_AND_QPC_FOR_TIME_SYNC_INFORMATION FrameQpcInfo)
{
	PUSB_FRAME_NUMBER_AND_QPC_FOR_TIME_SYNC_INFORMATION info = FrameQpcInfo;
	struct wu_time_tracking *tt;
	struct wu_interface *intf;
	struct wu_k_frame fr;
	int64_t qpc, start;
	bool high;
	int ret;

	intf = wu_timesync_interface(InterfaceHandle, info);
	if (!intf)
		return FALSE;
	tt = wu_time_tracking_get(info->TimeTrackingHandle, intf);
	if (!tt || info->InputMicroFrameNumber > 7) {
		if (tt)
			wu_object_put(&tt->obj);
		wu_interface_put(intf);
		return wu_fail(ERROR_INVALID_PARAMETER);
	}
	wu_object_put(&tt->obj);
	high = intf->info.speed >= WU_USB_SPEED_HIGH;
	ret = wu_k_get_frame_ex(intf->file->fd, &fr);
	wu_interface_put(intf);
	if (ret < 0)
		return wu_fail_errno(ret, WU_CTX_CALL);

	qpc = wu_qpc_from_ns((int64_t)fr.time_ns);
	/* QPC at the start of the current frame. */
	if (fr.synthetic)
		start = wu_qpc_from_ns((int64_t)(fr.time_ns -
						 fr.time_ns % 1000000u));
	else if (high)
		start = qpc - (int64_t)fr.microframe * WU_QPC_PER_UFRAME -
			WU_QPC_PER_UFRAME / 2;
	else
		start = qpc - WU_QPC_PER_FRAME / 2;

	info->QueryPerformanceCounterFrequency.QuadPart = WU_QPC_FREQUENCY;
	info->PredictedAccuracyInMicroSeconds = fr.synthetic ? 0 : 500;
	info->CurrentGenerationID = 1;
	info->CurrentQueryPerformanceCounter.QuadPart = qpc;
	info->CurrentHardwareFrameNumber = fr.frame & 0x7ff;
	info->CurrentHardwareMicroFrameNumber = high ? fr.microframe : 0;
	info->CurrentUSBFrameNumber = fr.frame;
	if (!info->InputFrameNumber && !info->InputMicroFrameNumber)
		info->QueryPerformanceCounterAtInputFrameOrMicroFrame.QuadPart = 0;
	else
		info->QueryPerformanceCounterAtInputFrameOrMicroFrame.QuadPart =
			start +
			(int64_t)(int32_t)(info->InputFrameNumber - fr.frame) *
				WU_QPC_PER_FRAME +
			(int64_t)info->InputMicroFrameNumber * WU_QPC_PER_UFRAME;
	return TRUE;
}

BOOL WINAPI
WinUsb_StopTrackingForTimeSync(WINUSB_INTERFACE_HANDLE InterfaceHandle,
			       PUSB_STOP_TRACKING_FOR_TIME_SYNC_INFORMATION StopTrackingInfo)
{
	struct wu_time_tracking *tt;
	struct wu_interface *intf;
	struct wu_object *obj;

	intf = wu_timesync_interface(InterfaceHandle, StopTrackingInfo);
	if (!intf)
		return FALSE;
	tt = wu_time_tracking_get(StopTrackingInfo->TimeTrackingHandle, intf);
	wu_interface_put(intf);
	if (!tt)
		return wu_fail(ERROR_INVALID_PARAMETER);
	obj = wu_handle_close(StopTrackingInfo->TimeTrackingHandle,
			      WU_TYPE_BIT(WU_TYPE_TIME_TRACKING));
	wu_object_put(&tt->obj);
	if (!obj)	/* stopped by another thread meanwhile */
		return wu_fail(ERROR_INVALID_PARAMETER);
	wu_object_put(obj);
	return TRUE;
}
