// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * control.c - WinUsb_ControlTransfer.
 *
 * The winusb driver applies WinUSB's recipient rules (interface recipient:
 * the low byte of wIndex becomes this interface's number; endpoint
 * recipient: must be an endpoint of this interface), the 4 KiB limit and
 * the 5 s default time-out.  It refuses standard requests that would change
 * the device behind the USB core's back; SET_INTERFACE to this interface is
 * turned into WinUsb_SetCurrentAlternateSetting(), which is what the request
 * means to a WinUSB program.
 */
#include <errno.h>

#include "libwinusb.h"

/* bmRequestType of a standard host-to-device request to an interface. */
#define WU_STD_OUT_INTERFACE 0x01

/* Little-endian wire form of the setup packet. */
static void wu_setup_bytes(const WINUSB_SETUP_PACKET *sp, uint8_t b[8])
{
	b[0] = sp->RequestType;
	b[1] = sp->Request;
	b[2] = (uint8_t)(sp->Value & 0xff);
	b[3] = (uint8_t)(sp->Value >> 8);
	b[4] = (uint8_t)(sp->Index & 0xff);
	b[5] = (uint8_t)(sp->Index >> 8);
	b[6] = (uint8_t)(sp->Length & 0xff);
	b[7] = (uint8_t)(sp->Length >> 8);
}

/* Finish a request that was done at once, the way its caller expects. */
static BOOL wu_control_done(LPOVERLAPPED ov, DWORD error)
{
	if (ov) {
		wu_overlapped_complete(ov, wu_event_handle(ov->hEvent), error, 0);
		return wu_fail(ERROR_IO_PENDING);
	}
	if (error != ERROR_SUCCESS)
		return wu_fail(error);
	return TRUE;
}

BOOL WINAPI WinUsb_ControlTransfer(WINUSB_INTERFACE_HANDLE InterfaceHandle,
				   WINUSB_SETUP_PACKET SetupPacket,
				   PUCHAR Buffer, ULONG BufferLength,
				   PULONG LengthTransferred,
				   LPOVERLAPPED Overlapped)
{
	struct wu_k_transfer x = { 0 };
	struct wu_interface *intf;
	uint32_t actual = 0;
	DWORD error;
	BOOL ret;
	int err;

	intf = wu_interface_get(InterfaceHandle);
	if (!intf)
		return FALSE;
	if (LengthTransferred)
		*LengthTransferred = 0;

	if (SetupPacket.Length > BufferLength ||
	    (SetupPacket.Length && !Buffer)) {
		wu_interface_put(intf);
		return wu_fail(ERROR_INVALID_PARAMETER);
	}

	if (SetupPacket.RequestType == WU_STD_OUT_INTERFACE &&
	    SetupPacket.Request == USB_REQUEST_SET_INTERFACE &&
	    SetupPacket.Length == 0) {
		err = wu_k_set_altsetting(intf->file->fd,
					  (uint8_t)SetupPacket.Value);
		if (err == 0)
			__atomic_store_n(&intf->cur_alt,
					 (uint8_t)SetupPacket.Value,
					 __ATOMIC_RELAXED);
		wu_interface_put(intf);
		return wu_control_done(Overlapped,
				       wu_error_from_errno(-err, WU_CTX_CALL));
	}

	x.type = UsbdPipeTypeControl;
	x.endpoint = 0;
	x.length = SetupPacket.Length;
	x.data = Buffer;
	wu_setup_bytes(&SetupPacket, x.setup);

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
