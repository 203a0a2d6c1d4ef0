// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * isoch.c - isochronous transfers: WinUsb_RegisterIsochBuffer,
 * WinUsb_UnregisterIsochBuffer, WinUsb_Read/WriteIsochPipe[Asap], and the
 * Linux-only WinUsbLinux_GetIsochBufferInfo.
 *
 * A WINUSB_ISOCH_BUFFER_HANDLE is a struct wu_isoch_buf: the driver's
 * buffer handle (WINUSB_IOCTL_ISOCH_REGISTER pinned the caller's buffer
 * and built its URBs), the shape the driver reported (bytes per packet and
 * per 1 ms frame), a pool of requests and a table of packet results.
 *
 * One transfer goes through this file once, on the way down: the checks
 * WinUSB makes, a request from the pool, one WINUSB_IOCTL_ISOCH_SUBMIT
 * through async.c (whose reaper completes it like any other transfer:
 * OVERLAPPED, events, CancelIo, WinUsb_AbortPipe, WinUsb_Free, unplug) and,
 * for the explicit-frame calls, the next frame number the driver returned.
 * Nothing calls back here: the driver writes a read's packet results into
 * the handle's result table (at the transfer's position, as the driver's
 * own table) when the reaper takes the record, the reaper writes the
 * caller's USBD_ISO_PACKET_DESCRIPTORs from them once, with USBD statuses
 * (errors.c), and gives the request back to the pool.  The pool grows
 * (rarely) when more transfers are in flight than ever before, so
 * streaming allocates nothing.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "libwinusb.h"

/* Requests allocated with a buffer handle, and per later growth. */
#define WU_ISOCH_POOL_INITIAL	64
#define WU_ISOCH_POOL_GROW	32

/**
 * struct wu_isoch_buf - a WINUSB_ISOCH_BUFFER_HANDLE.
 * @obj: header; references: the handle table's, and users'.
 * @intf: the interface it was registered on (a reference).
 * @endpoint: the pipe (bEndpointAddress).
 * @in: an IN pipe.
 * @buffer: the caller's buffer.
 * @length: its length.
 * @reg: what the driver reported at registration.
 * @pool: the transfers' requests; the buffer object stays alive while
 *        any is out (WinUsb_UnregisterIsochBuffer waits for them).
 * @results: reads: packet results by buffer position, @length /
 *           bytes per packet of them; a transfer at offset o uses those
 *           from o / bytes per packet on.  Written by the driver at REAP
 *           time, read by the reaper right after; transfers that do not
 *           overlap never share an entry (the driver's own table has the
 *           same rule).
 */
struct wu_isoch_buf {
	struct wu_object obj;
	struct wu_interface *intf;
	uint8_t endpoint;
	bool in;
	PUCHAR buffer;
	ULONG length;
	struct wu_k_isoch_reg reg;
	struct wu_request_pool pool;
	struct wu_k_isoch_packet *results;
};

/* ---- buffer handles ----------------------------------------------------- */

static void wu_isoch_buf_release(struct wu_object *obj)
{
	struct wu_isoch_buf *buf = wu_container_of(obj, struct wu_isoch_buf,
						   obj);

	wu_request_pool_destroy(&buf->pool);
	free(buf->results);
	wu_interface_put(buf->intf);
	free(buf);
}

static struct wu_isoch_buf *wu_isoch_buf_get(WINUSB_ISOCH_BUFFER_HANDLE h)
{
	struct wu_object *obj;

	obj = wu_handle_get(h, WU_TYPE_BIT(WU_TYPE_ISOCH_BUFFER));
	if (!obj) {
		SetLastError(ERROR_INVALID_HANDLE);
		return NULL;
	}
	return wu_container_of(obj, struct wu_isoch_buf, obj);
}

static void wu_isoch_buf_put(struct wu_isoch_buf *buf)
{
	wu_object_put(&buf->obj);
}

/* Is @ep an endpoint of the interface's current alternate setting? */
static bool wu_isoch_has_pipe(struct wu_interface *intf, uint8_t alt,
			      uint8_t ep)
{
	return wu_desc_find_endpoint(intf->config, intf->config_len,
				     intf->info.interface_number, alt,
				     ep) != NULL;
}

/*
 * The endpoint address for @pipe_id.  Microsoft documents PipeID as "bits
 * 3..0 of bEndpointAddress" but its sample passes the full address; both
 * work: a bare number that is not an OUT pipe of the current setting but
 * is the number of an IN pipe means that IN pipe.
 */
static uint8_t wu_isoch_endpoint(struct wu_interface *intf, UCHAR pipe_id)
{
	uint8_t alt = __atomic_load_n(&intf->cur_alt, __ATOMIC_RELAXED);

	if (pipe_id & 0x80 || wu_isoch_has_pipe(intf, alt, pipe_id))
		return pipe_id;
	if (wu_k_get_altsetting(intf->file->fd, &alt) == 0)
		__atomic_store_n(&intf->cur_alt, alt, __ATOMIC_RELAXED);
	if (!wu_isoch_has_pipe(intf, alt, pipe_id) &&
	    wu_isoch_has_pipe(intf, alt, pipe_id | 0x80))
		return pipe_id | 0x80;
	return pipe_id;
}

BOOL WINAPI WinUsb_RegisterIsochBuffer(WINUSB_INTERFACE_HANDLE InterfaceHandle,
				       UCHAR PipeID, PUCHAR Buffer,
				       ULONG BufferLength,
				       PWINUSB_ISOCH_BUFFER_HANDLE IsochBufferHandle)
{
	struct wu_interface *intf;
	struct wu_isoch_buf *buf;
	DWORD error;
	HANDLE h;
	int ret;

	intf = wu_interface_get(InterfaceHandle);
	if (!intf)
		return FALSE;
	if (!Buffer || !BufferLength || !IsochBufferHandle) {
		wu_interface_put(intf);
		return wu_fail(ERROR_INVALID_PARAMETER);
	}

	buf = calloc(1, sizeof(*buf));
	if (!buf) {
		wu_interface_put(intf);
		return wu_fail(ERROR_NOT_ENOUGH_MEMORY);
	}
	buf->intf = intf;		/* takes our reference */
	buf->endpoint = wu_isoch_endpoint(intf, PipeID);
	buf->in = USB_ENDPOINT_DIRECTION_IN(buf->endpoint) != 0;
	buf->buffer = Buffer;
	buf->length = BufferLength;
	if (wu_request_pool_init(&buf->pool, WU_ISOCH_POOL_INITIAL,
				 WU_ISOCH_POOL_GROW) < 0) {
		wu_interface_put(intf);
		free(buf);
		return wu_fail(ERROR_NOT_ENOUGH_MEMORY);
	}
	wu_object_init(&buf->obj, WU_TYPE_ISOCH_BUFFER, wu_isoch_buf_release);

	ret = wu_k_isoch_register(intf->file->fd, buf->endpoint, Buffer,
				  BufferLength, &buf->reg);
	if (ret < 0) {
		/*
		 * ENOENT: no such pipe in the current setting, EINVAL: not
		 * isochronous, EOVERFLOW: the range wraps - all bad arguments;
		 * ENOMEM: over RLIMIT_MEMLOCK; EOPNOTSUPP: a file mapping
		 * that cannot be pinned; EFAULT: memory that is not there.
		 */
		error = ret == -EOVERFLOW ? ERROR_INVALID_PARAMETER :
					    wu_error_from_errno(-ret, WU_CTX_CALL);
		wu_isoch_buf_put(buf);
		return wu_fail(error);
	}
	if (buf->in) {
		/* One spare entry: never a zero-sized allocation. */
		buf->results = calloc(BufferLength / buf->reg.packet_bytes + 1,
				      sizeof(buf->results[0]));
		if (!buf->results) {
			wu_k_isoch_unregister(intf->file->fd, buf->reg.handle);
			wu_isoch_buf_put(buf);
			return wu_fail(ERROR_NOT_ENOUGH_MEMORY);
		}
	}

	h = wu_handle_open(&buf->obj);
	if (!h) {
		wu_k_isoch_unregister(intf->file->fd, buf->reg.handle);
		wu_isoch_buf_put(buf);
		return wu_fail(ERROR_NOT_ENOUGH_MEMORY);
	}
	wu_isoch_buf_put(buf);		/* the table holds it now */
	*IsochBufferHandle = h;
	return TRUE;
}

/**
 * WinUsb_UnregisterIsochBuffer() - see winusb.h.
 *
 * The handle is invalid from the start of the call (new transfers fail
 * with ERROR_INVALID_HANDLE); the driver waits for the transfers still
 * pending on it, and this waits until the reaper has completed them too,
 * so every OVERLAPPED involved is final on return.  After an unplug the
 * driver has already released the buffer and says so (ENODEV): that is
 * success here.
 */
BOOL WINAPI WinUsb_UnregisterIsochBuffer(WINUSB_ISOCH_BUFFER_HANDLE IsochBufferHandle)
{
	struct wu_isoch_buf *buf;
	struct wu_object *obj;
	int ret;

	obj = wu_handle_close(IsochBufferHandle,
			      WU_TYPE_BIT(WU_TYPE_ISOCH_BUFFER));
	if (!obj)
		return wu_fail(ERROR_INVALID_HANDLE);
	buf = wu_container_of(obj, struct wu_isoch_buf, obj);

	ret = wu_k_isoch_unregister(buf->intf->file->fd, buf->reg.handle);
	if (ret < 0 && ret != -ENODEV) {
		/*
		 * The driver still has the buffer (only a fatal signal gets
		 * here); its records may still complete, so the object stays.
		 */
		return wu_fail_errno(ret, WU_CTX_CALL);
	}
	wu_request_pool_wait_idle(&buf->pool);
	wu_isoch_buf_put(buf);		/* the table's reference */
	return TRUE;
}

/* ---- transfers ---------------------------------------------------------- */

/**
 * wu_isoch_transfer() - the four transfer functions.
 * @h: the buffer handle.
 * @in: a read.
 * @offset, @length: the window of the registered buffer.
 * @asap: Read/WriteIsochPipeAsap (@cont: ContinueStream); else
 *        *@frame is the start frame, and the frame after the transfer on
 *        return.
 * @npackets, @packets: reads: the caller's descriptors.
 * @ov: NULL (synchronous) or the OVERLAPPED.
 *
 * Every check that WinUSB makes on the arguments is made here, before
 * anything reaches the driver, so a bad call changes nothing.
 */
static BOOL wu_isoch_transfer(WINUSB_ISOCH_BUFFER_HANDLE h, bool in,
			      ULONG offset, ULONG length, bool asap, bool cont,
			      PULONG frame, ULONG npackets,
			      PUSBD_ISO_PACKET_DESCRIPTOR packets,
			      LPOVERLAPPED ov)
{
	struct wu_k_isoch_packet *results = NULL;
	struct wu_k_isoch_transfer x = { 0 };
	struct wu_isoch_buf *buf;
	struct wu_request *req;
	DWORD error;
	BOOL ret;

	buf = wu_isoch_buf_get(h);
	if (!buf)
		return FALSE;
	/*
	 * The pipe's direction, a frame number for the explicit-frame
	 * calls, a window inside the buffer whose length is a non-zero
	 * multiple of the bytes per 1 ms frame, and (reads) one descriptor
	 * per packet.
	 */
	if (in != buf->in || (!asap && !frame) || !length ||
	    length % buf->reg.frame_bytes || offset > buf->length ||
	    length > buf->length - offset ||
	    (in && (!packets ||
		    npackets != length / buf->reg.packet_bytes))) {
		wu_isoch_buf_put(buf);
		return wu_fail(ERROR_INVALID_PARAMETER);
	}

	req = wu_request_pool_get(&buf->pool);
	if (!req) {
		wu_isoch_buf_put(buf);
		return wu_fail(ERROR_NOT_ENOUGH_MEMORY);
	}
	if (in)
		results = &buf->results[offset / buf->reg.packet_bytes];
	req->owner = buf->intf;
	req->endpoint = buf->endpoint;
	req->isoch.npackets = length / buf->reg.packet_bytes;
	req->isoch.packet_bytes = buf->reg.packet_bytes;
	req->isoch.results = results;
	req->isoch.packets = in ? packets : NULL;

	x.handle = buf->reg.handle;
	x.asap = asap;
	x.cont = asap && cont;
	x.offset = offset;
	x.length = length;
	x.start_frame = asap ? 0 : *frame;
	x.num_packets = in ? npackets : 0;
	x.results = results;
	/* The driver's next frame on success; the caller's frame otherwise. */
	x.out_next_frame = x.start_frame;

	/* From here the request belongs to async.c. */
	if (ov) {
		ret = wu_async_isoch_submit_overlapped(buf->intf->file, req,
						       &x, ov);
		error = GetLastError();
	} else {
		error = wu_async_isoch_transfer(buf->intf->file, req, &x);
		ret = error == ERROR_SUCCESS;
	}
	if (!asap)
		*frame = x.out_next_frame;
	wu_isoch_buf_put(buf);
	if (!ret)
		return wu_fail(error);
	return TRUE;
}

BOOL WINAPI WinUsb_WriteIsochPipe(WINUSB_ISOCH_BUFFER_HANDLE BufferHandle,
				  ULONG Offset, ULONG Length,
				  PULONG FrameNumber, LPOVERLAPPED Overlapped)
{
	return wu_isoch_transfer(BufferHandle, false, Offset, Length, false,
				 false, FrameNumber, 0, NULL, Overlapped);
}

BOOL WINAPI WinUsb_ReadIsochPipe(WINUSB_ISOCH_BUFFER_HANDLE BufferHandle,
				 ULONG Offset, ULONG Length, PULONG FrameNumber,
				 ULONG NumberOfPackets,
				 PUSBD_ISO_PACKET_DESCRIPTOR IsoPacketDescriptors,
				 LPOVERLAPPED Overlapped)
{
	return wu_isoch_transfer(BufferHandle, true, Offset, Length, false,
				 false, FrameNumber, NumberOfPackets,
				 IsoPacketDescriptors, Overlapped);
}

BOOL WINAPI WinUsb_WriteIsochPipeAsap(WINUSB_ISOCH_BUFFER_HANDLE BufferHandle,
				      ULONG Offset, ULONG Length,
				      BOOL ContinueStream,
				      LPOVERLAPPED Overlapped)
{
	return wu_isoch_transfer(BufferHandle, false, Offset, Length, true,
				 ContinueStream != FALSE, NULL, 0, NULL,
				 Overlapped);
}

BOOL WINAPI WinUsb_ReadIsochPipeAsap(WINUSB_ISOCH_BUFFER_HANDLE BufferHandle,
				     ULONG Offset, ULONG Length,
				     BOOL ContinueStream, ULONG NumberOfPackets,
				     PUSBD_ISO_PACKET_DESCRIPTOR IsoPacketDescriptors,
				     LPOVERLAPPED Overlapped)
{
	return wu_isoch_transfer(BufferHandle, true, Offset, Length, true,
				 ContinueStream != FALSE, NULL,
				 NumberOfPackets, IsoPacketDescriptors,
				 Overlapped);
}

/* ---- Linux only --------------------------------------------------------- */

BOOL WINAPI WinUsbLinux_GetIsochBufferInfo(PVOID IsochBufferHandle,
					   PWINUSB_LINUX_ISOCH_BUFFER_INFO Info)
{
	struct wu_isoch_buf *buf;

	buf = wu_isoch_buf_get(IsochBufferHandle);
	if (!buf)
		return FALSE;
	if (!Info) {
		wu_isoch_buf_put(buf);
		return wu_fail(ERROR_INVALID_PARAMETER);
	}
	memset(Info, 0, sizeof(*Info));
	Info->Path = buf->reg.path;
	Info->PipeId = buf->endpoint;
	Info->BufferLength = buf->length;
	Info->PacketBytes = buf->reg.packet_bytes;
	Info->FrameBytes = buf->reg.frame_bytes;
	Info->PacketsPerUrb = buf->reg.urb_packets;
	Info->NumberOfUrbs = buf->reg.num_urbs;
	wu_isoch_buf_put(buf);
	return TRUE;
}
