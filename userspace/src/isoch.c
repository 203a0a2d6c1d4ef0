// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * isoch.c - isochronous transfers: WinUsb_RegisterIsochBuffer,
 * WinUsb_UnregisterIsochBuffer, WinUsb_Read/WriteIsochPipe[Asap], and the
 * Linux-only WinUsbLinux_GetIsochBufferInfo.
 *
 * A WINUSB_ISOCH_BUFFER_HANDLE is a struct wu_isoch_buf: the driver's
 * buffer handle (WINUSB_IOCTL_ISOCH_REGISTER pinned the caller's buffer
 * and built its URBs), the shape the driver reported (bytes per packet and
 * per 1 ms frame), and a pool of request records.  Each WinUSB transfer
 * takes a record from the pool, is one WINUSB_IOCTL_ISOCH_SUBMIT, and goes
 * through async.c's request model like any other transfer (OVERLAPPED,
 * events, the reaper thread, CancelIo, WinUsb_AbortPipe, WinUsb_Free,
 * unplug); the record returns to the pool when the transfer is done.  The
 * pool grows (rarely) when more transfers are in flight than ever before,
 * so streaming allocates nothing.
 *
 * The driver writes an IN transfer's packet results (offset, length,
 * errno) straight into the caller's USBD_ISO_PACKET_DESCRIPTOR array when
 * the reaper takes the completion record (the two layouts are the same);
 * the reaper then turns each errno into a USBD status before it publishes
 * the result, and reports 0 bytes, as WinUSB does for isochronous
 * transfers.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "libwinusb.h"

/* Records allocated with a buffer handle, and per later growth. */
#define WU_ISOCH_POOL_INITIAL	64
#define WU_ISOCH_POOL_GROW	32

struct wu_isoch_buf;

/**
 * struct wu_isoch_req - one isochronous transfer's request record.
 * @req: the async.c request (first: async.c hands it back).
 * @buf: the buffer handle it belongs to.
 * @next_free: in @buf's free list while unused.
 * @x: the driver submission.
 * @npackets: packets of the transfer (Length / bytes per packet).
 * @packets: IN: the caller's descriptors; NULL for OUT.
 * @next_frame: where the submit stores the frame after the transfer
 *              (the caller's stack, valid during the submit only).
 */
struct wu_isoch_req {
	struct wu_request req;
	struct wu_isoch_buf *buf;
	struct wu_isoch_req *next_free;
	struct wu_k_isoch_xfer x;
	uint32_t npackets;
	USBD_ISO_PACKET_DESCRIPTOR *packets;
	uint32_t *next_frame;
};

/* A block of records; blocks live as long as their buffer handle. */
struct wu_isoch_chunk {
	struct wu_isoch_chunk *next;
	struct wu_isoch_req reqs[];
};

/**
 * struct wu_isoch_buf - a WINUSB_ISOCH_BUFFER_HANDLE.
 * @obj: header; references: the handle table's, and users'.
 * @intf: the interface it was registered on (a reference).
 * @endpoint: the pipe (bEndpointAddress).
 * @in: an IN pipe.
 * @buffer: the caller's buffer.
 * @length: its length.
 * @reg: what the driver reported at registration.
 * @lock: protects @free_list, @chunks and @outstanding.
 * @idle: signalled when @outstanding drops to 0.
 * @free_list: unused records.
 * @chunks: every block of records.
 * @outstanding: records taken and not yet given back; the buffer object
 *               stays alive while any is (WinUsb_UnregisterIsochBuffer
 *               waits for them, see there).
 */
struct wu_isoch_buf {
	struct wu_object obj;
	struct wu_interface *intf;
	uint8_t endpoint;
	bool in;
	PUCHAR buffer;
	ULONG length;
	struct wu_k_isoch_reg reg;
	pthread_mutex_t lock;
	pthread_cond_t idle;
	struct wu_isoch_req *free_list;
	struct wu_isoch_chunk *chunks;
	unsigned int outstanding;
};

/* ---- USBD status ------------------------------------------------------- */

/*
 * The USBD status of a packet from the errno the driver reports
 * (<linux/winusb.h>, struct winusb_iso_packet; the host controller errors
 * are those of the kernel's Documentation/driver-api/usb/error-codes.rst).
 * @xfer_status is the transfer's: a packet the controller did not transfer
 * in a transfer that was cancelled or whose device went away says so.
 */
static USBD_STATUS wu_usbd_status(int32_t err, int xfer_status)
{
	switch (err) {
	case 0:
		return USBD_STATUS_SUCCESS;
	case -EXDEV:		/* not transferred in its slot */
	case -EINPROGRESS:	/* never touched by the controller */
		if (xfer_status == -ENODEV || xfer_status == -ESHUTDOWN)
			return USBD_STATUS_DEVICE_GONE;
		if (xfer_status == -ECANCELED || xfer_status == -ECONNRESET)
			return USBD_STATUS_CANCELED;
		return USBD_STATUS_ISO_NOT_ACCESSED_BY_HW;
	case -ETIME:		/* its frame had passed: never queued */
		return USBD_STATUS_ISO_NA_LATE_USBPORT;
	case -ECANCELED:
	case -ECONNRESET:
	case -ENOENT:
		return USBD_STATUS_CANCELED;
	case -ENODEV:
	case -ESHUTDOWN:
		return USBD_STATUS_DEVICE_GONE;
	case -EPROTO:		/* bitstuff, no response, transaction error */
		return USBD_STATUS_XACT_ERROR;
	case -EILSEQ:
		return USBD_STATUS_CRC;
	case -EOVERFLOW:	/* babble */
		return USBD_STATUS_BABBLE_DETECTED;
	case -ECOMM:		/* IN data faster than memory took it */
		return USBD_STATUS_BUFFER_OVERRUN;
	case -ENOSR:		/* OUT data not fetched from memory in time */
		return USBD_STATUS_BUFFER_UNDERRUN;
	case -EREMOTEIO:
		return USBD_STATUS_DATA_UNDERRUN;
	case -EPIPE:
		return USBD_STATUS_STALL_PID;
	case -ETIMEDOUT:
		return USBD_STATUS_TIMEOUT;
	case -EFAULT:
		return USBD_STATUS_DATA_BUFFER_ERROR;
	default:
		return USBD_STATUS_ISO_TD_ERROR;
	}
}

/* ---- the request record's operations (see struct wu_request_ops) -------- */

static int wu_isoch_op_submit(struct wu_file *f, struct wu_request *req,
			      uint64_t cookie, uint64_t *id)
{
	struct wu_isoch_req *ir = wu_container_of(req, struct wu_isoch_req,
						  req);
	int ret;

	ir->x.cookie = cookie;
	ret = wu_k_isoch_submit(f->fd, &ir->x, id);
	/* Still in the submitting thread, before the record can be reused. */
	if (ret == 0)
		*ir->next_frame = ir->x.out_next_frame;
	return ret;
}

/*
 * In the reaper, before the result is published: packet errnos become
 * USBD statuses, the byte count 0 (as WinUSB reports isochronous
 * transfers), and a transfer none of whose packets went through fails, as
 * Windows' USBD_STATUS_ISOCH_REQUEST_FAILED does.
 */
static void wu_isoch_op_finish(struct wu_request *req,
			       const struct wu_k_completion *c, int *status,
			       uint32_t *actual)
{
	struct wu_isoch_req *ir = wu_container_of(req, struct wu_isoch_req,
						  req);
	USBD_ISO_PACKET_DESCRIPTOR *pk = ir->packets;
	uint32_t pb = ir->buf->reg.packet_bytes, i;

	*actual = 0;
	if (pk && !c) {
		/* Device gone and no record: nothing was written. */
		for (i = 0; i < ir->npackets; i++) {
			pk[i].Offset = i * pb;
			pk[i].Length = 0;
			pk[i].Status = USBD_STATUS_DEVICE_GONE;
		}
	} else if (pk && c->status != -EFAULT) {
		for (i = 0; i < ir->npackets; i++)
			pk[i].Status = wu_usbd_status(pk[i].Status,
						      c->status);
	}
	if (c && *status == 0 && ir->npackets &&
	    c->error_count >= ir->npackets)
		*status = -EIO;		/* ERROR_GEN_FAILURE */
}

static void wu_isoch_put_req(struct wu_isoch_req *ir)
{
	struct wu_isoch_buf *buf = ir->buf;

	pthread_mutex_lock(&buf->lock);
	ir->next_free = buf->free_list;
	buf->free_list = ir;
	if (!--buf->outstanding)
		pthread_cond_broadcast(&buf->idle);
	/* @buf may be freed once this is unlocked (outstanding 0). */
	pthread_mutex_unlock(&buf->lock);
}

static void wu_isoch_op_release(struct wu_request *req)
{
	wu_isoch_put_req(wu_container_of(req, struct wu_isoch_req, req));
}

static const struct wu_request_ops wu_isoch_ops = {
	.submit = wu_isoch_op_submit,
	.finish = wu_isoch_op_finish,
	.release = wu_isoch_op_release,
};

/* ---- the record pool ---------------------------------------------------- */

/* Add @n records to the free list (buf->lock held). */
static int wu_isoch_grow(struct wu_isoch_buf *buf, unsigned int n)
{
	struct wu_isoch_chunk *ch;
	unsigned int i;

	ch = calloc(1, sizeof(*ch) + n * sizeof(ch->reqs[0]));
	if (!ch)
		return -ENOMEM;
	ch->next = buf->chunks;
	buf->chunks = ch;
	for (i = 0; i < n; i++) {
		ch->reqs[i].buf = buf;
		ch->reqs[i].next_free = buf->free_list;
		buf->free_list = &ch->reqs[i];
	}
	return 0;
}

/* A record, with its request part cleared; NULL if out of memory. */
static struct wu_isoch_req *wu_isoch_get_req(struct wu_isoch_buf *buf)
{
	struct wu_isoch_req *ir = NULL;

	pthread_mutex_lock(&buf->lock);
	if (buf->free_list || wu_isoch_grow(buf, WU_ISOCH_POOL_GROW) == 0) {
		ir = buf->free_list;
		buf->free_list = ir->next_free;
		buf->outstanding++;
	}
	pthread_mutex_unlock(&buf->lock);
	if (ir)
		memset(&ir->req, 0, sizeof(ir->req));
	return ir;
}

/* ---- buffer handles ----------------------------------------------------- */

static void wu_isoch_buf_release(struct wu_object *obj)
{
	struct wu_isoch_buf *buf = wu_container_of(obj, struct wu_isoch_buf,
						   obj);
	struct wu_isoch_chunk *ch, *next;

	for (ch = buf->chunks; ch; ch = next) {
		next = ch->next;
		free(ch);
	}
	pthread_cond_destroy(&buf->idle);
	pthread_mutex_destroy(&buf->lock);
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
	pthread_mutex_init(&buf->lock, NULL);
	pthread_cond_init(&buf->idle, NULL);
	wu_object_init(&buf->obj, WU_TYPE_ISOCH_BUFFER, wu_isoch_buf_release);

	if (wu_isoch_grow(buf, WU_ISOCH_POOL_INITIAL) < 0) {
		wu_isoch_buf_put(buf);
		return wu_fail(ERROR_NOT_ENOUGH_MEMORY);
	}

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
	pthread_mutex_lock(&buf->lock);
	while (buf->outstanding)
		pthread_cond_wait(&buf->idle, &buf->lock);
	pthread_mutex_unlock(&buf->lock);
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
	struct wu_isoch_buf *buf;
	struct wu_isoch_req *ir;
	uint32_t next_frame, actual;
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

	/* Set by the submit when it succeeds; unchanged otherwise. */
	next_frame = asap ? 0 : *frame;
	ir = wu_isoch_get_req(buf);
	if (!ir) {
		wu_isoch_buf_put(buf);
		return wu_fail(ERROR_NOT_ENOUGH_MEMORY);
	}
	ir->req.owner = buf->intf;
	ir->req.endpoint = buf->endpoint;
	ir->req.ops = &wu_isoch_ops;
	ir->npackets = length / buf->reg.packet_bytes;
	ir->packets = in ? packets : NULL;
	ir->next_frame = &next_frame;
	memset(&ir->x, 0, sizeof(ir->x));
	ir->x.handle = buf->reg.handle;
	ir->x.asap = asap;
	ir->x.cont = asap && cont;
	ir->x.offset = offset;
	ir->x.length = length;
	ir->x.start_frame = asap ? 0 : *frame;
	ir->x.num_packets = in ? npackets : 0;
	ir->x.packets = ir->packets;

	if (ov) {
		/* From here the record belongs to async.c. */
		ret = wu_async_submit_overlapped_req(buf->intf->file, &ir->req,
						     NULL, ov);
		error = GetLastError();
	} else {
		error = wu_async_transfer_req(buf->intf->file, &ir->req, NULL,
					      &actual);
		wu_isoch_put_req(ir);
		ret = error == ERROR_SUCCESS;
	}
	if (!asap)
		*frame = next_frame;
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
	Info->BytesPerPacket = buf->reg.packet_bytes;
	Info->BytesPerFrame = buf->reg.frame_bytes;
	Info->PacketsPerUrb = buf->reg.urb_packets;
	Info->NumberOfUrbs = buf->reg.num_urbs;
	wu_isoch_buf_put(buf);
	return TRUE;
}
