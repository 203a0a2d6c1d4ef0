// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * pipe.c - bulk and interrupt pipes: WinUsb_QueryPipe(Ex), the pipe
 * policies, WinUsb_ReadPipe/WritePipe, WinUsb_ResetPipe/AbortPipe/FlushPipe.
 *
 * The policies themselves (time-outs, ZLPs, stall clearing, partial reads,
 * raw I/O) are applied by the winusb driver; this file checks arguments the
 * way WinUSB does and moves values in and out.
 */
#include <errno.h>
#include <string.h>

#include "libwinusb.h"

static BOOL wu_query_pipe(WINUSB_INTERFACE_HANDLE InterfaceHandle, UCHAR alt,
			  UCHAR index, struct wu_k_pipe *pipe, bool have_out)
{
	struct wu_interface *intf;
	int ret;

	intf = wu_interface_get(InterfaceHandle);
	if (!intf)
		return FALSE;
	if (!have_out) {
		wu_interface_put(intf);
		return wu_fail(ERROR_INVALID_PARAMETER);
	}
	ret = wu_k_query_pipe(intf->file->fd, alt, index, pipe);
	wu_interface_put(intf);
	if (ret < 0)
		return wu_fail_errno(ret, WU_CTX_CALL);
	return TRUE;
}

BOOL WINAPI WinUsb_QueryPipe(WINUSB_INTERFACE_HANDLE InterfaceHandle,
			     UCHAR AlternateInterfaceNumber, UCHAR PipeIndex,
			     PWINUSB_PIPE_INFORMATION PipeInformation)
{
	struct wu_k_pipe p;

	if (!wu_query_pipe(InterfaceHandle, AlternateInterfaceNumber,
			   PipeIndex, &p, PipeInformation != NULL))
		return FALSE;
	memset(PipeInformation, 0, sizeof(*PipeInformation));
	PipeInformation->PipeType = (USBD_PIPE_TYPE)p.type;
	PipeInformation->PipeId = p.endpoint;
	PipeInformation->MaximumPacketSize = p.max_packet_size;
	PipeInformation->Interval = p.interval;
	return TRUE;
}

BOOL WINAPI WinUsb_QueryPipeEx(WINUSB_INTERFACE_HANDLE InterfaceHandle,
			       UCHAR AlternateSettingNumber, UCHAR PipeIndex,
			       PWINUSB_PIPE_INFORMATION_EX PipeInformationEx)
{
	struct wu_k_pipe p;

	if (!wu_query_pipe(InterfaceHandle, AlternateSettingNumber, PipeIndex,
			   &p, PipeInformationEx != NULL))
		return FALSE;
	memset(PipeInformationEx, 0, sizeof(*PipeInformationEx));
	PipeInformationEx->PipeType = (USBD_PIPE_TYPE)p.type;
	PipeInformationEx->PipeId = p.endpoint;
	PipeInformationEx->MaximumPacketSize = p.max_packet_size;
	PipeInformationEx->Interval = p.interval;
	PipeInformationEx->MaximumBytesPerInterval = p.max_bytes_per_interval;
	return TRUE;
}

/*
 * Microsoft's defaults (the ABI header's WINUSB_DEFAULT_*, which the
 * driver uses too), restored by WinUsb_Initialize.  Best effort: a
 * read-only file (EPERM) or a device gone meanwhile simply keeps the
 * driver's values.
 */
void wu_pipe_reset_policies(struct wu_interface *intf)
{
	int fd = intf->file->fd;
	struct wu_k_pipe p;
	unsigned int i;

	for (i = 0; i < 32; i++) {
		if (wu_k_query_pipe(fd, intf->cur_alt, (uint8_t)i, &p) < 0)
			break;
		wu_k_default_pipe_policies(fd, p.endpoint);
	}
	wu_k_default_pipe_policies(fd, 0);
}

BOOL WINAPI WinUsb_SetPipePolicy(WINUSB_INTERFACE_HANDLE InterfaceHandle,
				 UCHAR PipeID, ULONG PolicyType,
				 ULONG ValueLength, PVOID Value)
{
	struct wu_interface *intf;
	uint64_t v;
	int ret;

	intf = wu_interface_get(InterfaceHandle);
	if (!intf)
		return FALSE;
	if (!Value || !wu_policy_load(ValueLength, Value, &v)) {
		wu_interface_put(intf);
		return wu_fail(ERROR_INVALID_PARAMETER);
	}
	ret = wu_k_set_pipe_policy(intf->file->fd, PipeID, PolicyType, v,
				   ValueLength);
	wu_interface_put(intf);
	if (ret < 0)
		return wu_fail_errno(ret, WU_CTX_CALL);
	return TRUE;
}

BOOL WINAPI WinUsb_GetPipePolicy(WINUSB_INTERFACE_HANDLE InterfaceHandle,
				 UCHAR PipeID, ULONG PolicyType,
				 PULONG ValueLength, PVOID Value)
{
	struct wu_interface *intf;
	uint32_t size = 0;
	uint64_t v = 0;
	int ret;

	intf = wu_interface_get(InterfaceHandle);
	if (!intf)
		return FALSE;
	if (!ValueLength || !Value) {
		wu_interface_put(intf);
		return wu_fail(ERROR_INVALID_PARAMETER);
	}
	ret = wu_k_get_pipe_policy(intf->file->fd, PipeID, PolicyType, &v,
				   &size);
	wu_interface_put(intf);
	if (ret < 0)
		return wu_fail_errno(ret, WU_CTX_CALL);
	if (size != sizeof(UCHAR) && size != sizeof(ULONG))
		return wu_fail(ERROR_GEN_FAILURE);
	if (*ValueLength < size) {
		*ValueLength = size;
		return wu_fail(ERROR_INSUFFICIENT_BUFFER);
	}
	wu_policy_store(size, v, Value);
	*ValueLength = size;
	return TRUE;
}

/*
 * The transfer type of pipe @ep in the current alternate setting, or -1.
 * The setting is cached; if the pipe is not in it, it is read again in case
 * another handle changed it.
 */
static int wu_pipe_type(struct wu_interface *intf, uint8_t ep)
{
	const USB_ENDPOINT_DESCRIPTOR *ed;
	uint8_t alt = __atomic_load_n(&intf->cur_alt, __ATOMIC_RELAXED);

	ed = wu_desc_find_endpoint(intf->config, intf->config_len,
				   intf->info.interface_number, alt, ep);
	if (!ed && wu_k_get_altsetting(intf->file->fd, &alt) == 0) {
		__atomic_store_n(&intf->cur_alt, alt, __ATOMIC_RELAXED);
		ed = wu_desc_find_endpoint(intf->config, intf->config_len,
					   intf->info.interface_number, alt,
					   ep);
	}
	return ed ? (ed->bmAttributes & USB_ENDPOINT_TYPE_MASK) : -1;
}

static BOOL wu_pipe_transfer(WINUSB_INTERFACE_HANDLE InterfaceHandle,
			     UCHAR PipeID, PUCHAR Buffer, ULONG BufferLength,
			     PULONG LengthTransferred, LPOVERLAPPED Overlapped,
			     bool in)
{
	struct wu_k_transfer x = { 0 };
	struct wu_interface *intf;
	uint32_t actual = 0;
	DWORD error;
	BOOL ret;
	int type;

	intf = wu_interface_get(InterfaceHandle);
	if (!intf)
		return FALSE;
	if (LengthTransferred)
		*LengthTransferred = 0;

	/* The pipe must exist here, go the right way and be bulk/interrupt. */
	type = wu_pipe_type(intf, PipeID);
	if ((!Buffer && BufferLength) ||
	    in != (USB_ENDPOINT_DIRECTION_IN(PipeID) != 0) ||
	    (type != UsbdPipeTypeBulk && type != UsbdPipeTypeInterrupt)) {
		wu_interface_put(intf);
		return wu_fail(ERROR_INVALID_PARAMETER);
	}

	x.type = (uint8_t)type;
	x.endpoint = PipeID;
	x.length = BufferLength;
	x.data = Buffer;

	if (Overlapped) {
		ret = wu_async_submit_overlapped(intf->file, intf, &x,
						 Overlapped);
		wu_interface_put(intf);
		return ret;
	}
	error = wu_async_transfer(intf->file, intf, &x, &actual);
	wu_interface_put(intf);
	if (LengthTransferred)
		*LengthTransferred = actual;
	if (error != ERROR_SUCCESS)
		return wu_fail(error);
	return TRUE;
}

BOOL WINAPI WinUsb_ReadPipe(WINUSB_INTERFACE_HANDLE InterfaceHandle,
			    UCHAR PipeID, PUCHAR Buffer, ULONG BufferLength,
			    PULONG LengthTransferred, LPOVERLAPPED Overlapped)
{
	return wu_pipe_transfer(InterfaceHandle, PipeID, Buffer, BufferLength,
				LengthTransferred, Overlapped, true);
}

BOOL WINAPI WinUsb_WritePipe(WINUSB_INTERFACE_HANDLE InterfaceHandle,
			     UCHAR PipeID, PUCHAR Buffer, ULONG BufferLength,
			     PULONG LengthTransferred, LPOVERLAPPED Overlapped)
{
	return wu_pipe_transfer(InterfaceHandle, PipeID, Buffer, BufferLength,
				LengthTransferred, Overlapped, false);
}

BOOL WINAPI WinUsb_ResetPipe(WINUSB_INTERFACE_HANDLE InterfaceHandle,
			     UCHAR PipeID)
{
	struct wu_interface *intf;
	int ret;

	intf = wu_interface_get(InterfaceHandle);
	if (!intf)
		return FALSE;
	ret = wu_k_reset_pipe(intf->file->fd, PipeID);
	wu_interface_put(intf);
	if (ret < 0)
		return wu_fail_errno(ret, WU_CTX_CALL);
	return TRUE;
}

BOOL WINAPI WinUsb_AbortPipe(WINUSB_INTERFACE_HANDLE InterfaceHandle,
			     UCHAR PipeID)
{
	struct wu_interface *intf;
	int ret;

	intf = wu_interface_get(InterfaceHandle);
	if (!intf)
		return FALSE;
	ret = wu_k_abort_pipe(intf->file->fd, PipeID);
	/*
	 * The driver returns once every request is completed; wait until the
	 * reaper has passed them on, so the OVERLAPPEDs are final on return.
	 */
	if (ret == 0)
		wu_async_wait_idle(intf->file, NULL, PipeID);
	wu_interface_put(intf);
	if (ret < 0)
		return wu_fail_errno(ret, WU_CTX_CALL);
	return TRUE;
}

BOOL WINAPI WinUsb_FlushPipe(WINUSB_INTERFACE_HANDLE InterfaceHandle,
			     UCHAR PipeID)
{
	struct wu_interface *intf;
	int ret;

	intf = wu_interface_get(InterfaceHandle);
	if (!intf)
		return FALSE;
	ret = wu_k_flush_pipe(intf->file->fd, PipeID);
	wu_interface_put(intf);
	if (ret < 0)
		return wu_fail_errno(ret, WU_CTX_CALL);
	return TRUE;
}
