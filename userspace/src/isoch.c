// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * isoch.c - isochronous transfers and time synchronisation.
 *
 * TODO: isochronous transfers are the subject of their own issue; the
 * driver reports WINUSB_CAP_ISOCH once WINUSB_IOCTL_ISOCH_* work.  Until
 * then these entry points exist (so programs link), check their arguments
 * as WinUSB does and fail with ERROR_NOT_SUPPORTED.  No buffer handle can
 * be registered yet, so every buffer handle is invalid.
 */
#include "libwinusb.h"

/* Validate an interface handle; TRUE if it names an interface. */
static BOOL wu_isoch_check_interface(WINUSB_INTERFACE_HANDLE h)
{
	struct wu_interface *intf = wu_interface_get(h);

	if (!intf)
		return FALSE;
	wu_interface_put(intf);
	return TRUE;
}

/* Validate an isochronous buffer handle (sets ERROR_INVALID_HANDLE). */
static BOOL wu_isoch_check_buffer(WINUSB_ISOCH_BUFFER_HANDLE h)
{
	struct wu_object *obj;

	obj = wu_handle_get(h, WU_TYPE_BIT(WU_TYPE_ISOCH_BUFFER));
	if (!obj)
		return wu_fail(ERROR_INVALID_HANDLE);
	wu_object_put(obj);
	return TRUE;
}

BOOL WINAPI WinUsb_RegisterIsochBuffer(WINUSB_INTERFACE_HANDLE InterfaceHandle,
				       UCHAR PipeID, PUCHAR Buffer,
				       ULONG BufferLength,
				       PWINUSB_ISOCH_BUFFER_HANDLE IsochBufferHandle)
{
	(void)PipeID;
	if (!wu_isoch_check_interface(InterfaceHandle))
		return FALSE;
	if (!Buffer || !BufferLength || !IsochBufferHandle)
		return wu_fail(ERROR_INVALID_PARAMETER);
	return wu_fail(ERROR_NOT_SUPPORTED);
}

BOOL WINAPI WinUsb_UnregisterIsochBuffer(WINUSB_ISOCH_BUFFER_HANDLE IsochBufferHandle)
{
	if (!wu_isoch_check_buffer(IsochBufferHandle))
		return FALSE;
	return wu_fail(ERROR_NOT_SUPPORTED);
}

BOOL WINAPI WinUsb_WriteIsochPipe(WINUSB_ISOCH_BUFFER_HANDLE BufferHandle,
				  ULONG Offset, ULONG Length,
				  PULONG FrameNumber, LPOVERLAPPED Overlapped)
{
	(void)Offset;
	(void)Length;
	(void)FrameNumber;
	(void)Overlapped;
	if (!wu_isoch_check_buffer(BufferHandle))
		return FALSE;
	return wu_fail(ERROR_NOT_SUPPORTED);
}

BOOL WINAPI WinUsb_ReadIsochPipe(WINUSB_ISOCH_BUFFER_HANDLE BufferHandle,
				 ULONG Offset, ULONG Length, PULONG FrameNumber,
				 ULONG NumberOfPackets,
				 PUSBD_ISO_PACKET_DESCRIPTOR IsoPacketDescriptors,
				 LPOVERLAPPED Overlapped)
{
	(void)Offset;
	(void)Length;
	(void)FrameNumber;
	(void)NumberOfPackets;
	(void)IsoPacketDescriptors;
	(void)Overlapped;
	if (!wu_isoch_check_buffer(BufferHandle))
		return FALSE;
	return wu_fail(ERROR_NOT_SUPPORTED);
}

BOOL WINAPI WinUsb_WriteIsochPipeAsap(WINUSB_ISOCH_BUFFER_HANDLE BufferHandle,
				      ULONG Offset, ULONG Length,
				      BOOL ContinueStream,
				      LPOVERLAPPED Overlapped)
{
	(void)Offset;
	(void)Length;
	(void)ContinueStream;
	(void)Overlapped;
	if (!wu_isoch_check_buffer(BufferHandle))
		return FALSE;
	return wu_fail(ERROR_NOT_SUPPORTED);
}

BOOL WINAPI WinUsb_ReadIsochPipeAsap(WINUSB_ISOCH_BUFFER_HANDLE BufferHandle,
				     ULONG Offset, ULONG Length,
				     BOOL ContinueStream, ULONG NumberOfPackets,
				     PUSBD_ISO_PACKET_DESCRIPTOR IsoPacketDescriptors,
				     LPOVERLAPPED Overlapped)
{
	(void)Offset;
	(void)Length;
	(void)ContinueStream;
	(void)NumberOfPackets;
	(void)IsoPacketDescriptors;
	(void)Overlapped;
	if (!wu_isoch_check_buffer(BufferHandle))
		return FALSE;
	return wu_fail(ERROR_NOT_SUPPORTED);
}

/* The time-sync trio: ERROR_INVALID_HANDLE for a NULL handle or info. */
static BOOL wu_timesync(WINUSB_INTERFACE_HANDLE h, const void *info)
{
	if (!info)
		return wu_fail(ERROR_INVALID_HANDLE);
	if (!wu_isoch_check_interface(h))
		return FALSE;
	return wu_fail(ERROR_NOT_SUPPORTED);
}

BOOL WINAPI
WinUsb_StartTrackingForTimeSync(WINUSB_INTERFACE_HANDLE InterfaceHandle,
				PUSB_START_TRACKING_FOR_TIME_SYNC_INFORMATION StartTrackingInfo)
{
	return wu_timesync(InterfaceHandle, StartTrackingInfo);
}

BOOL WINAPI
WinUsb_GetCurrentFrameNumberAndQpc(WINUSB_INTERFACE_HANDLE InterfaceHandle,
				   PUSB_FRAME_NUMBER_AND_QPC_FOR_TIME_SYNC_INFORMATION FrameQpcInfo)
{
	return wu_timesync(InterfaceHandle, FrameQpcInfo);
}

BOOL WINAPI
WinUsb_StopTrackingForTimeSync(WINUSB_INTERFACE_HANDLE InterfaceHandle,
			       PUSB_STOP_TRACKING_FOR_TIME_SYNC_INFORMATION StopTrackingInfo)
{
	return wu_timesync(InterfaceHandle, StopTrackingInfo);
}
