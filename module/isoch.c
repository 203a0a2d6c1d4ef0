// SPDX-License-Identifier: GPL-2.0
/*
 * winusb - isochronous transfers: registered buffers, URB pools, streams.
 *
 * WinUsb_RegisterIsochBuffer registers a buffer once; every later
 * Read/WriteIsochPipe[Asap] moves a window of it.  Here registration pins
 * and maps the buffer (pin.c), chooses how the host controller reaches it
 * (the data path), and builds everything a transfer needs: a pool of URBs
 * with room for the largest URB, a pool of request slots, and a table of
 * per-packet results.  Submitting takes from the pools and fills in URBs;
 * nothing is allocated or pinned.
 *
 * Data paths (enum winusb_isoch_path):
 *  VMAP    the controller does no DMA (vhci_hcd): URBs point into the vmap
 *          of the pinned pages;
 *  DMA     the pinned pages map to one DMA range (IOMMU, contiguous pages):
 *          URBs carry the DMA address, URB_NO_TRANSFER_DMA_MAP;
 *  BOUNCE  otherwise: URBs point into DMA-coherent chunks shadowing the
 *          buffer (pin.c); OUT data is copied into them just before an URB
 *          is submitted, IN data out of them packet by packet (the bytes
 *          received, at the packet's place) when it completes.
 *
 * Streams.  A request is a struct winusb_isoch_xfer (a struct
 * winusb_request plus isochronous state) on its pipe's queue, so the
 * request model of request.c carries it: ids, completion queue, reap,
 * cancel, abort, disconnect, runtime PM.  Each transfer has a scheduled
 * start frame (extended, frame.c).  Linux host controllers, unlike
 * Windows', choose where a stream starts: an URB submitted while the
 * endpoint has URBs queued goes right after them, otherwise as soon as
 * possible.  So a transfer that continues the stream (its start frame is
 * the end of the transfer before it) is submitted at once, and one that
 * starts a new stream, or leaves a gap, waits (state QUEUED, an hrtimer
 * armed) until the stream before it has drained and its start frame is
 * the controller's lead away; packets whose frames have passed by then are
 * not sent (-ETIME).  Transfers of a pipe start in order (winusb_pipe_kick()
 * calls winusb_isoch_start()).
 *
 * Packet results are written by the completion handler into the handle's
 * result table, indexed by buffer position (transfers that do not overlap
 * never share an entry), and copied to the caller's packet array when the
 * record is reaped.
 *
 * Locking: io_mutex serialises register, unregister, submit, release and
 * disconnect; winusb_dev.lock protects the pools, the result table,
 * transfer state and statistics, and is held while URBs are filled and
 * submitted.  A handle's memory goes away only when no transfer of it is
 * pending (teardown), its structure when the last record is reaped.
 */
#include <linux/debugfs.h>
#include <linux/hrtimer.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/usb.h>
#include <linux/usb/hcd.h>

#include "winusb.h"

/* Packets per URB, as Windows allows (USBD: 255 full speed, 1024 high). */
#define WINUSB_ISOCH_FS_PACKETS		255
#define WINUSB_ISOCH_HS_PACKETS		1024

/*
 * Largest payload per service interval the USB core accepts for an
 * isochronous packet (SuperSpeedPlus, 96 KiB).  A device that claims more
 * in dwBytesPerInterval, which nothing else checks, is refused: a frame of
 * its packets would overflow the 32-bit sizes below.
 */
#define WINUSB_ISOCH_MAX_PACKET_BYTES	(96 * 1024)

/*
 * Non-overlapping transfers in flight that a handle's URB pool always
 * serves (fewer when the buffer holds fewer frames).  Arbitrary: 64 ms of
 * 1 ms transfers; larger transfers leave more room.
 */
#define WINUSB_ISOCH_MAX_TRANSFERS	64

/* Request slots beyond the URBs, for records not yet reaped. */
#define WINUSB_ISOCH_EXTRA_SLOTS	64

/* USBD_ISO_START_FRAME_RANGE: how far ahead a start frame may be. */
#define WINUSB_ISOCH_WINDOW		1024

/* Packet status before the host controller writes one. */
#define WINUSB_ISOCH_UNTOUCHED		(-EINPROGRESS)

static bool isoch_zero_copy = true;
module_param(isoch_zero_copy, bool, 0644);
MODULE_PARM_DESC(isoch_zero_copy,
		 "Use isochronous buffers in place where possible (N: always through bounce buffers, also on host controllers without DMA, for testing)");

struct winusb_isoch_buf;
struct winusb_isoch_xfer;

/**
 * struct winusb_isoch_urb - one URB of a handle's pool
 * @urb: the URB, with room for the handle's packets per URB
 * @buf: owner
 * @xfer: the transfer it is reserved for, NULL when free
 * @node: in the handle's free list or the transfer's list
 * @first: its first packet's index in the transfer
 * @npackets: packets submitted (the controller may report fewer: vhci_hcd
 *	takes the device's count)
 * @buf_off: buffer offset of its first packet
 * @at_hcd: submitted and not yet given back
 *
 * All but @urb's contents are protected by winusb_dev.lock.
 */
struct winusb_isoch_urb {
	struct urb *urb;
	struct winusb_isoch_buf *buf;
	struct winusb_isoch_xfer *xfer;
	struct list_head node;
	u32 first;
	u32 npackets;
	u32 buf_off;
	bool at_hcd;
};

/**
 * struct winusb_isoch_xfer - one isochronous transfer (a request slot)
 * @req: the request; its state follows request.c (QUEUED: waiting for its
 *	start, ACTIVE: URBs at the controller, DONE: record queued)
 * @buf: the handle
 * @node: in the handle's free slots while unused
 * @urbs: URBs reserved for it (struct winusb_isoch_urb.node)
 * @in_use: taken from the pool, until the record is freed
 * @offset: buffer offset of the transfer
 * @npackets: packets
 * @nframes: frames it spans
 * @start: scheduled extended frame of packet 0
 * @submit_frame: frame when its first URB was submitted (new streams)
 * @at_hcd: its URBs at the controller
 * @errors: packets with a non-zero status
 * @packets_uptr: the caller's packet array, 0 for none
 * @urb_error: first error of an URB as a whole (submit or completion)
 * @first_sent: index of the first packet submitted (after late ones)
 * @explicit: submitted with a start frame (not ASAP): it waits for its
 *	frame, and its late packets are not sent
 * @asap: continues a stream that is running late: URB_ISO_ASAP
 * @new_stream: started a new stream (the controller chose its frame)
 * @started: its packet results are in the handle's result table
 *
 * Protected by winusb_dev.lock once queued.
 */
struct winusb_isoch_xfer {
	struct winusb_request req;
	struct winusb_isoch_buf *buf;
	struct list_head node;
	struct list_head urbs;
	bool in_use;
	u32 offset;
	u32 npackets;
	u32 nframes;
	u32 start;
	u32 submit_frame;
	u32 at_hcd;
	u32 errors;
	u64 packets_uptr;
	int urb_error;
	u32 first_sent;
	bool explicit;
	bool asap;
	bool new_stream;
	bool started;
};

/**
 * struct winusb_isoch_buf - a registered isochronous buffer
 * @kref: the handle table holds one reference, every request one
 * @list: in winusb_isoch_bufs (debugfs)
 * @wdev: the interface
 * @file: the file that registered it
 * @handle: its handle
 * @endpoint: bEndpointAddress
 * @dir_in: IN endpoint
 * @dead: unregistered or disconnected: no new transfers (io_mutex)
 * @released: @pin, @bounce and the URBs are gone (io_mutex)
 * @path: &enum winusb_isoch_path
 * @packet_bytes: bytes per packet (service interval)
 * @period_uf: service interval in microframes
 * @frame_bytes: transfer length granularity
 * @urb_packets: packets per URB
 * @pin: the pinned buffer
 * @bounce: bounce memory (BOUNCE path)
 * @urbs: the URB pool
 * @nurbs: its size
 * @free_urbs: free URBs (winusb_dev.lock)
 * @xfers: the request slots
 * @nxfers: their number
 * @free_xfers: free slots (winusb_dev.lock)
 * @results: per-packet results, by buffer position (winusb_dev.lock)
 * @nresults: entries of @results
 * @timer: starts a waiting transfer when its frame is near
 * @stat_transfers: transfers completed (statistics under winusb_dev.lock)
 * @stat_packets: packets completed
 * @stat_errors: packets with an error
 * @stat_late: packets not sent because their frame had passed
 * @stat_bounced: bytes copied to or from bounce memory
 */
struct winusb_isoch_buf {
	struct kref kref;
	struct list_head list;
	struct winusb_dev *wdev;
	struct winusb_file *file;
	u32 handle;
	u8 endpoint;
	bool dir_in;
	bool dead;
	bool released;
	enum winusb_isoch_path path;
	u32 packet_bytes;
	u32 period_uf;
	u32 frame_bytes;
	u32 urb_packets;
	struct winusb_pin pin;
	struct winusb_bounce bounce;
	struct winusb_isoch_urb *urbs;
	u32 nurbs;
	struct list_head free_urbs;
	struct winusb_isoch_xfer *xfers;
	u32 nxfers;
	struct list_head free_xfers;
	struct winusb_iso_packet *results;
	u32 nresults;
	struct hrtimer timer;
	u64 stat_transfers;
	u64 stat_packets;
	u64 stat_errors;
	u64 stat_late;
	u64 stat_bounced;
};

/* Every registered buffer, for debugfs; and registrations per path. */
static LIST_HEAD(winusb_isoch_bufs);
static DEFINE_MUTEX(winusb_isoch_list_lock);
static u64 winusb_isoch_path_count[WINUSB_ISOCH_PATH_DMA + 1];
static atomic_long_t winusb_isoch_pinned;	/* pages, all handles */
static struct dentry *winusb_debugfs;

static inline struct winusb_isoch_xfer *to_xfer(struct winusb_request *req)
{
	return container_of(req, struct winusb_isoch_xfer, req);
}

/**
 * struct winusb_isoch_shape - what the layout of transfers depends on
 * @packet_bytes: bytes per service interval (MaximumBytesPerInterval)
 * @period_uf: service interval in microframes
 * @frame_bytes: bytes per 1 ms frame, or per interval if that is longer
 * @urb_interval: urb->interval (frames at full speed, else microframes)
 * @max_urb_packets: packets per URB at this speed
 */
struct winusb_isoch_shape {
	u32 packet_bytes;
	u32 period_uf;
	u32 frame_bytes;
	u32 urb_interval;
	u32 max_urb_packets;
};

static void winusb_isoch_get_shape(struct usb_device *udev,
				   struct usb_host_endpoint *ep,
				   struct winusb_isoch_shape *sh)
{
	const struct usb_endpoint_descriptor *desc = &ep->desc;
	unsigned int exp = clamp_t(unsigned int, desc->bInterval, 1, 16) - 1;
	u32 maxp = usb_endpoint_maxp(desc);

	if (udev->speed >= USB_SPEED_SUPER) {
		if (USB_SS_SSP_ISOC_COMP(ep->ss_ep_comp.bmAttributes))
			sh->packet_bytes =
				le32_to_cpu(ep->ssp_isoc_ep_comp.dwBytesPerInterval);
		else
			sh->packet_bytes =
				le16_to_cpu(ep->ss_ep_comp.wBytesPerInterval);
	} else if (udev->speed == USB_SPEED_HIGH) {
		sh->packet_bytes = maxp * usb_endpoint_maxp_mult(desc);
	} else {
		sh->packet_bytes = maxp;
	}
	if (udev->speed >= USB_SPEED_HIGH) {
		sh->period_uf = 1U << exp;
		sh->max_urb_packets = WINUSB_ISOCH_HS_PACKETS;
	} else {
		sh->period_uf = 8U << exp;
		sh->max_urb_packets = WINUSB_ISOCH_FS_PACKETS;
	}
	sh->urb_interval = 1U << exp;
	sh->frame_bytes = sh->period_uf < 8 ?
			  sh->packet_bytes * (8 / sh->period_uf) :
			  sh->packet_bytes;
}

/* Is the pipe the isochronous endpoint the handle was built for? */
static bool winusb_isoch_pipe_ok(struct winusb_isoch_buf *buf,
				 struct winusb_ep *pipe)
{
	struct winusb_isoch_shape sh;

	if (!pipe || !pipe->ep || !usb_endpoint_xfer_isoc(&pipe->ep->desc))
		return false;
	winusb_isoch_get_shape(buf->wdev->udev, pipe->ep, &sh);
	return sh.packet_bytes == buf->packet_bytes &&
	       sh.period_uf == buf->period_uf;
}

static struct winusb_ep *winusb_isoch_pipe(struct winusb_isoch_buf *buf)
{
	return &buf->wdev->pipes[winusb_pipe_index(buf->endpoint)];
}

/* Frames from packet 0 to the start of packet @j. */
static u32 winusb_isoch_frames(struct winusb_isoch_buf *buf, u64 j)
{
	return div_u64(j * buf->period_uf + 7, 8);
}

/* Packets of the URB that starts with packet @j of a transfer at @off. */
static u32 winusb_isoch_piece(struct winusb_isoch_buf *buf, u32 off, u32 j,
			      u32 npackets)
{
	u32 n = min(npackets - j, buf->urb_packets);
	u64 pos = (u64)off + (u64)j * buf->packet_bytes;
	u32 k, end;

	if (buf->path != WINUSB_ISOCH_PATH_BOUNCE)
		return n;
	/* Every packet of an URB must start within one chunk's stride. */
	k = winusb_bounce_chunk_of(&buf->bounce, pos);
	if (k == buf->bounce.nchunks - 1)
		return n;
	end = (k + 1) * buf->bounce.stride;
	return min_t(u32, n, DIV_ROUND_UP(end - pos, buf->packet_bytes));
}

static u32 winusb_isoch_count_urbs(struct winusb_isoch_buf *buf, u32 off,
				   u32 npackets)
{
	u32 j = 0, n = 0;

	while (j < npackets) {
		j += winusb_isoch_piece(buf, off, j, npackets);
		n++;
	}
	return n;
}

static struct winusb_iso_packet *
winusb_isoch_result(struct winusb_isoch_xfer *xfer, u32 j)
{
	struct winusb_isoch_buf *buf = xfer->buf;

	return &buf->results[xfer->offset / buf->packet_bytes + j];
}

/* Set the results of packets [@from, @to) that were never sent. */
static void winusb_isoch_unsent(struct winusb_isoch_xfer *xfer, u32 from,
				u32 to, int status)
{
	u32 j;

	for (j = from; j < to; j++) {
		struct winusb_iso_packet *res = winusb_isoch_result(xfer, j);

		res->offset = j * xfer->buf->packet_bytes;
		res->length = 0;
		res->status = status;
	}
	xfer->errors += to - from;
}

/* Give an URB back to the pool.  Context: winusb_dev.lock held. */
static void winusb_isoch_urb_put(struct winusb_isoch_urb *iu)
{
	iu->xfer = NULL;
	iu->at_hcd = false;
	list_move(&iu->node, &iu->buf->free_urbs);
}

/*
 * The transfer is over: queue its record and start what may follow.
 * Context: winusb_dev.lock held.
 */
static void winusb_isoch_finish(struct winusb_isoch_xfer *xfer, int status)
{
	struct winusb_isoch_buf *buf = xfer->buf;
	struct winusb_isoch_urb *iu, *tmp;

	list_for_each_entry_safe(iu, tmp, &xfer->urbs, node)
		if (!iu->at_hcd)
			winusb_isoch_urb_put(iu);
	buf->stat_transfers++;
	winusb_request_finish(&xfer->req, status);
}

/* Fill one URB for packets [@first, @first + @n) of @xfer. */
static void winusb_isoch_fill_urb(struct winusb_isoch_xfer *xfer,
				  struct winusb_isoch_urb *iu, u32 first,
				  u32 n, bool asap)
{
	struct winusb_isoch_buf *buf = xfer->buf;
	u32 pb = buf->packet_bytes;
	u32 boff = xfer->offset + first * pb;
	void *data = buf->pin.vaddr + buf->pin.page_off + boff;
	struct urb *urb = iu->urb;
	u32 i;

	iu->first = first;
	iu->npackets = n;
	iu->buf_off = boff;
	urb->number_of_packets = n;
	urb->transfer_buffer_length = n * pb;
	urb->actual_length = 0;
	urb->start_frame = 0;
	urb->error_count = 0;
	urb->status = 0;
	urb->transfer_flags = asap ? URB_ISO_ASAP : 0;
	for (i = 0; i < n; i++) {
		urb->iso_frame_desc[i].offset = i * pb;
		urb->iso_frame_desc[i].length = pb;
		urb->iso_frame_desc[i].actual_length = 0;
		urb->iso_frame_desc[i].status = WINUSB_ISOCH_UNTOUCHED;
	}

	switch (buf->path) {
	case WINUSB_ISOCH_PATH_VMAP:
		urb->transfer_buffer = data;
		break;
	case WINUSB_ISOCH_PATH_DMA:
		urb->transfer_buffer = data;
		urb->transfer_dma = buf->pin.dma + boff;
		urb->transfer_flags |= URB_NO_TRANSFER_DMA_MAP;
		break;
	case WINUSB_ISOCH_PATH_BOUNCE: {
		u32 k = winusb_bounce_chunk_of(&buf->bounce, boff);
		struct winusb_bounce_chunk *c = &buf->bounce.chunks[k];
		u32 rel = boff - k * buf->bounce.stride;

		urb->transfer_buffer = c->cpu + rel;
		urb->transfer_dma = c->dma + rel;
		urb->transfer_flags |= URB_NO_TRANSFER_DMA_MAP;
		if (!buf->dir_in) {
			memcpy(c->cpu + rel, data, n * pb);
			buf->stat_bounced += n * pb;
		}
		break;
	}
	}
}

/*
 * Fill and submit the URBs of @xfer from packet @first on; @asap lets the
 * controller place the first one (a new stream).
 *
 * Context: winusb_dev.lock held; any context.
 */
static void winusb_isoch_submit_urbs(struct winusb_isoch_xfer *xfer,
				     u32 first, bool asap)
{
	struct winusb_isoch_buf *buf = xfer->buf;
	struct winusb_ep *pipe = xfer->req.pipe;
	struct winusb_isoch_urb *iu, *tmp;
	u32 j = first;
	int ret;

	if (buf->path == WINUSB_ISOCH_PATH_DMA && !buf->dir_in)
		winusb_pin_sync_for_device(&buf->pin);

	list_for_each_entry_safe(iu, tmp, &xfer->urbs, node) {
		u32 n;

		if (j == xfer->npackets) {
			winusb_isoch_urb_put(iu);	/* skipped packets */
			continue;
		}
		n = winusb_isoch_piece(buf, xfer->offset, j, xfer->npackets);
		winusb_isoch_fill_urb(xfer, iu, j, n, asap && j == first);
		usb_anchor_urb(iu->urb, &pipe->anchor);
		iu->at_hcd = true;
		xfer->at_hcd++;
		ret = usb_submit_urb(iu->urb, GFP_ATOMIC);
		if (ret) {
			usb_unanchor_urb(iu->urb);
			iu->at_hcd = false;
			xfer->at_hcd--;
			xfer->urb_error = ret == -ENOENT || ret == -ENODEV ||
					  ret == -ESHUTDOWN ? -ENODEV : ret;
			winusb_isoch_unsent(xfer, j, xfer->npackets,
					    xfer->urb_error);
			j = xfer->npackets;
			winusb_isoch_urb_put(iu);
			continue;
		}
		j += n;
	}
}

/*
 * Arm the handle's timer for when @xfer must be submitted: its start frame
 * minus the controller's lead.
 */
static void winusb_isoch_arm(struct winusb_isoch_xfer *xfer, u32 lead)
{
	struct winusb_isoch_buf *buf = xfer->buf;
	ktime_t t = winusb_frame_time(buf->wdev, xfer->start - lead);

	hrtimer_start_range_ns(&buf->timer, t, 50 * NSEC_PER_USEC,
			       HRTIMER_MODE_ABS_SOFT);
}

/**
 * winusb_isoch_start() - start a queued isochronous transfer, if it is time
 * @req: the first queued request of its pipe
 *
 * A transfer that continues the transfer before it (still at the host
 * controller) is submitted at once.  One with a gap before it waits until
 * that one is done.  One that starts a new stream is submitted when its
 * start frame is the controller's lead away (the timer brings it back);
 * if that moment has passed, its late packets are not sent.
 *
 * Context: winusb_dev.lock held; any context (called by winusb_pipe_kick()).
 * Return: true if later requests of the pipe may start too.
 */
bool winusb_isoch_start(struct winusb_request *req)
{
	struct winusb_isoch_xfer *xfer = to_xfer(req);
	struct winusb_isoch_buf *buf = xfer->buf;
	struct winusb_dev *wdev = buf->wdev;
	struct winusb_ep *pipe = req->pipe;
	u32 first = 0, now, lead;
	bool asap = xfer->asap;
	s32 ahead;

	lockdep_assert_held(&wdev->lock);

	if (req->cancel_status || wdev->disconnected ||
	    !winusb_isoch_pipe_ok(buf, pipe)) {
		int status = req->cancel_status;

		if (!status)
			status = wdev->disconnected ? -ENODEV : -ENOENT;
		winusb_isoch_finish(xfer, status);
		return true;
	}

	if (!list_is_first(&req->pipe_node, &pipe->queue)) {
		struct winusb_isoch_xfer *prev =
			to_xfer(list_prev_entry(req, pipe_node));

		/* Queued behind a running stream: continue it, or wait. */
		if (prev->start + prev->nframes != xfer->start)
			return false;
	} else if (xfer->explicit) {
		/* A new stream at a given frame: wait for it, or skip. */
		now = winusb_frame_now(wdev);
		lead = winusb_frame_lead(wdev);
		ahead = xfer->start - now;
		if (ahead > (s32)lead) {
			winusb_isoch_arm(xfer, lead);
			return false;
		}
		if (ahead < (s32)lead) {
			/* Frames the controller can no longer reach. */
			u32 late = lead - ahead;
			u64 skip = div_u64((u64)late * 8 + buf->period_uf - 1,
					   buf->period_uf);

			first = min_t(u64, skip, xfer->npackets);
			winusb_isoch_unsent(xfer, 0, first, -ETIME);
			buf->stat_late += first;
		}
		asap = true;
		xfer->new_stream = true;
		xfer->submit_frame = now;
	} else {
		/* ASAP: a new stream wherever the controller puts it. */
		asap = true;
		xfer->new_stream = true;
		xfer->submit_frame = winusb_frame_now(wdev);
	}

	xfer->first_sent = first;
	xfer->started = true;
	req->state = WINUSB_REQ_ACTIVE;
	if (first < xfer->npackets)
		winusb_isoch_submit_urbs(xfer, first, asap);
	if (!xfer->at_hcd)
		winusb_isoch_finish(xfer, req->cancel_status ?:
					  xfer->urb_error);
	return true;
}

/* Deliver the received bytes of one packet (BOUNCE path, IN). */
static void winusb_isoch_copy_in(struct winusb_isoch_urb *iu, u32 i, u32 len)
{
	struct winusb_isoch_buf *buf = iu->buf;
	u32 off = i * buf->packet_bytes;

	memcpy(buf->pin.vaddr + buf->pin.page_off + iu->buf_off + off,
	       iu->urb->transfer_buffer + off, len);
	buf->stat_bounced += len;
}

static void winusb_isoch_urb_complete(struct urb *urb)
{
	struct winusb_isoch_urb *iu = urb->context;
	struct winusb_isoch_buf *buf = iu->buf;
	struct winusb_isoch_xfer *xfer = iu->xfer;
	struct winusb_request *req = &xfer->req;
	struct winusb_dev *wdev = buf->wdev;
	int status = urb->status;
	unsigned long flags;
	u32 i;

	spin_lock_irqsave(&wdev->lock, flags);

	if (buf->path == WINUSB_ISOCH_PATH_DMA && buf->dir_in)
		winusb_pin_sync_for_cpu(&buf->pin);

	for (i = 0; i < iu->npackets; i++) {
		struct usb_iso_packet_descriptor *d = &urb->iso_frame_desc[i];
		struct winusb_iso_packet *res =
			winusb_isoch_result(xfer, iu->first + i);
		u32 len = min(d->actual_length, d->length);
		int st = d->status;

		/* Packets the controller never reached: killed, or missed. */
		if (st == WINUSB_ISOCH_UNTOUCHED)
			st = status ? winusb_urb_status(req, status) :
				      -EXDEV;
		if (len && buf->dir_in && buf->path == WINUSB_ISOCH_PATH_BOUNCE)
			winusb_isoch_copy_in(iu, i, len);
		res->offset = (iu->first + i) * buf->packet_bytes;
		res->length = len;
		res->status = st;
		req->actual += len;
		if (st)
			xfer->errors++;
	}
	buf->stat_packets += iu->npackets;

	if (status && !xfer->urb_error)
		xfer->urb_error = winusb_urb_status(req, status);
	if (!status && xfer->new_stream && iu->first == xfer->first_sent)
		winusb_frame_learn_lead(wdev, xfer->submit_frame,
					wdev->udev->speed >= USB_SPEED_HIGH ?
					urb->start_frame >> 3 :
					urb->start_frame);

	winusb_isoch_urb_put(iu);
	if (!--xfer->at_hcd) {
		int ret = req->cancel_status;

		/*
		 * An aborted or cancelled transfer reports that, also when
		 * its URBs finished by themselves; packet errors leave the
		 * transfer's status at 0 (error_count tells), and so does an
		 * URB only partly done (-EXDEV).
		 */
		if (!ret && xfer->urb_error != -EXDEV)
			ret = xfer->urb_error;
		buf->stat_errors += xfer->errors;
		winusb_isoch_finish(xfer, ret);
		winusb_pipe_kick(req->pipe);
	}
	spin_unlock_irqrestore(&wdev->lock, flags);
}

static enum hrtimer_restart winusb_isoch_timer(struct hrtimer *timer)
{
	struct winusb_isoch_buf *buf = container_of(timer,
						    struct winusb_isoch_buf,
						    timer);
	struct winusb_dev *wdev = buf->wdev;
	unsigned long flags;

	spin_lock_irqsave(&wdev->lock, flags);
	winusb_pipe_kick(winusb_isoch_pipe(buf));
	spin_unlock_irqrestore(&wdev->lock, flags);
	return HRTIMER_NORESTART;
}

/**
 * winusb_isoch_kill() - cancel an active isochronous transfer's URBs
 * @req: the transfer, ACTIVE, cancel_status set; the caller holds a
 *	reference
 *
 * Kills its URBs one by one; the last completion finishes the transfer.
 * Other transfers of the stream go on.
 *
 * Context: process; winusb_dev.lock not held.
 */
void winusb_isoch_kill(struct winusb_request *req)
{
	struct winusb_isoch_xfer *xfer = to_xfer(req);
	struct winusb_dev *wdev = xfer->buf->wdev;
	struct winusb_isoch_urb *iu;
	struct urb *urb;

	for (;;) {
		urb = NULL;
		spin_lock_irq(&wdev->lock);
		list_for_each_entry(iu, &xfer->urbs, node) {
			if (iu->at_hcd) {
				urb = usb_get_urb(iu->urb);
				break;
			}
		}
		spin_unlock_irq(&wdev->lock);
		if (!urb)
			return;
		usb_kill_urb(urb);
		usb_put_urb(urb);
	}
}

/**
 * winusb_isoch_fill_record() - the isochronous part of a completion record
 * @req: a finished isochronous request being reaped
 * @rec: its record, filled in by the reaper
 *
 * Copies the packet results to the caller's array, from the result table
 * if the transfer started, else as never sent.  A failed copy turns a
 * successful record's status into -EFAULT rather than keeping the record
 * from being reaped.
 *
 * Context: process, the reaping task; no lock held.
 */
void winusb_isoch_fill_record(struct winusb_request *req,
			      struct winusb_completion *rec)
{
	struct winusb_isoch_xfer *xfer = to_xfer(req);
	struct winusb_isoch_buf *buf = xfer->buf;
	struct winusb_iso_packet __user *dst =
		u64_to_user_ptr(xfer->packets_uptr);
	struct winusb_iso_packet tmp[16];
	u32 j, n;
	int st;

	rec->start_frame = xfer->start;
	rec->error_count = xfer->started ? xfer->errors : xfer->npackets;
	if (!xfer->packets_uptr)
		return;

	if (xfer->started) {
		if (copy_to_user(dst, winusb_isoch_result(xfer, 0),
				 sizeof(*dst) * xfer->npackets))
			goto out_fault;
		return;
	}
	st = req->status ?: -ECANCELED;
	for (j = 0; j < xfer->npackets; j += n) {
		u32 i;

		n = min_t(u32, xfer->npackets - j, ARRAY_SIZE(tmp));
		for (i = 0; i < n; i++) {
			tmp[i].offset = (j + i) * buf->packet_bytes;
			tmp[i].length = 0;
			tmp[i].status = st;
		}
		if (copy_to_user(dst + j, tmp, sizeof(*dst) * n))
			goto out_fault;
	}
	return;

out_fault:
	if (!rec->status)
		rec->status = -EFAULT;
}

static void winusb_isoch_buf_free(struct kref *kref)
{
	struct winusb_isoch_buf *buf = container_of(kref,
						    struct winusb_isoch_buf,
						    kref);

	mutex_lock(&winusb_isoch_list_lock);
	list_del(&buf->list);
	mutex_unlock(&winusb_isoch_list_lock);
	kvfree(buf->results);
	kvfree(buf->xfers);
	kvfree(buf->urbs);
	kfree(buf);
}

/**
 * winusb_isoch_request_free() - a transfer's record was reaped or dropped
 * @req: the request, no longer referenced
 *
 * The slot (and URBs reserved by a transfer that never started) go back
 * to the handle, which loses the request's reference.
 *
 * Context: process.
 */
void winusb_isoch_request_free(struct winusb_request *req)
{
	struct winusb_isoch_xfer *xfer = to_xfer(req);
	struct winusb_isoch_buf *buf = xfer->buf;
	struct winusb_dev *wdev = buf->wdev;
	struct winusb_isoch_urb *iu, *tmp;

	spin_lock_irq(&wdev->lock);
	list_for_each_entry_safe(iu, tmp, &xfer->urbs, node)
		winusb_isoch_urb_put(iu);
	xfer->in_use = false;
	list_add(&xfer->node, &buf->free_xfers);
	spin_unlock_irq(&wdev->lock);
	kref_put(&buf->kref, winusb_isoch_buf_free);
}

/* Does a transfer of the handle still run or wait?  Takes the lock. */
static bool winusb_isoch_busy(struct winusb_isoch_buf *buf)
{
	struct winusb_dev *wdev = buf->wdev;
	bool busy = false;
	u32 i;

	spin_lock_irq(&wdev->lock);
	for (i = 0; i < buf->nxfers && !busy; i++)
		busy = buf->xfers[i].in_use &&
		       buf->xfers[i].req.state != WINUSB_REQ_DONE;
	spin_unlock_irq(&wdev->lock);
	return busy;
}

/*
 * Free what the handle holds of the system: URBs, bounce memory, DMA
 * mapping, pins and charges.  The structure, its result table and its
 * slots stay until the last record is gone.
 *
 * Context: process, io_mutex held, no transfer of the handle pending.
 */
static void winusb_isoch_release(struct winusb_isoch_buf *buf)
{
	u32 i;

	lockdep_assert_held(&buf->wdev->io_mutex);
	if (buf->released)
		return;
	buf->released = true;
	buf->dead = true;
	hrtimer_cancel(&buf->timer);
	for (i = 0; buf->urbs && i < buf->nurbs; i++) {
		usb_free_urb(buf->urbs[i].urb);
		buf->urbs[i].urb = NULL;
	}
	winusb_bounce_free(&buf->bounce);
	atomic_long_sub(buf->pin.npages, &winusb_isoch_pinned);
	winusb_unpin_user(&buf->pin);
}

/* Take the handle out of the table and drop the table's reference. */
static void winusb_isoch_remove(struct winusb_isoch_buf *buf)
{
	lockdep_assert_held(&buf->wdev->io_mutex);
	winusb_isoch_release(buf);
	if (xa_erase(&buf->wdev->isoch_bufs, buf->handle) == buf)
		kref_put(&buf->kref, winusb_isoch_buf_free);
}

/* Choose the data path and set up its memory.  Context: process. */
static int winusb_isoch_setup_path(struct winusb_isoch_buf *buf)
{
	struct usb_device *udev = buf->wdev->udev;
	struct usb_hcd *hcd = bus_to_hcd(udev->bus);

	if (READ_ONCE(isoch_zero_copy)) {
		/* No DMA (vhci_hcd), or local memory the core bounces through. */
		if (!hcd_uses_dma(hcd) || hcd->localmem_pool) {
			buf->path = WINUSB_ISOCH_PATH_VMAP;
			return 0;
		}
		if (winusb_pin_map_dma(&buf->pin, hcd->self.sysdev)) {
			buf->path = WINUSB_ISOCH_PATH_DMA;
			return 0;
		}
	}
	/* Without DMA, usb_alloc_coherent() gives plain kernel memory. */
	buf->path = WINUSB_ISOCH_PATH_BOUNCE;
	return winusb_bounce_alloc(&buf->bounce, udev, buf->pin.length,
				   buf->packet_bytes);
}

/* Build the URB pool, the request slots and the result table. */
static int winusb_isoch_setup_pools(struct winusb_isoch_buf *buf,
				    const struct winusb_isoch_shape *sh)
{
	struct winusb_dev *wdev = buf->wdev;
	struct usb_device *udev = wdev->udev;
	u32 buf_packets = buf->pin.length / buf->packet_bytes;
	u32 buf_frames = buf->pin.length / buf->frame_bytes;
	unsigned int epnum = usb_endpoint_num(&winusb_isoch_pipe(buf)->ep->desc);
	unsigned int upipe = buf->dir_in ? usb_rcvisocpipe(udev, epnum) :
					   usb_sndisocpipe(udev, epnum);
	u32 i;

	buf->urb_packets = clamp_t(u32, buf_packets, 1, sh->max_urb_packets);
	buf->nurbs = DIV_ROUND_UP(buf_packets, buf->urb_packets) +
		     clamp_t(u32, buf_frames, 1, WINUSB_ISOCH_MAX_TRANSFERS);
	if (buf->path == WINUSB_ISOCH_PATH_BOUNCE)
		buf->nurbs += buf->bounce.nchunks - 1;
	buf->nxfers = buf->nurbs + WINUSB_ISOCH_EXTRA_SLOTS;
	buf->nresults = max_t(u32, buf_packets, 1);

	buf->urbs = kvcalloc(buf->nurbs, sizeof(*buf->urbs), GFP_KERNEL);
	buf->xfers = kvcalloc(buf->nxfers, sizeof(*buf->xfers), GFP_KERNEL);
	buf->results = kvcalloc(buf->nresults, sizeof(*buf->results),
				GFP_KERNEL);
	if (!buf->urbs || !buf->xfers || !buf->results)
		return -ENOMEM;

	for (i = 0; i < buf->nurbs; i++) {
		struct winusb_isoch_urb *iu = &buf->urbs[i];
		struct urb *urb = usb_alloc_urb(buf->urb_packets, GFP_KERNEL);

		if (!urb)
			return -ENOMEM;
		iu->urb = urb;
		iu->buf = buf;
		list_add_tail(&iu->node, &buf->free_urbs);
		urb->dev = udev;
		urb->pipe = upipe;
		urb->interval = sh->urb_interval;
		urb->complete = winusb_isoch_urb_complete;
		urb->context = iu;
		cond_resched();
	}
	for (i = 0; i < buf->nxfers; i++) {
		struct winusb_isoch_xfer *xfer = &buf->xfers[i];

		xfer->buf = buf;
		INIT_LIST_HEAD(&xfer->urbs);
		list_add_tail(&xfer->node, &buf->free_xfers);
	}
	return 0;
}

/**
 * winusb_ioctl_isoch_register() - WINUSB_IOCTL_ISOCH_REGISTER
 * @wf: the file
 * @uarg: struct winusb_isoch_register
 *
 * Context: process, io_mutex held, interface connected.
 * Return: 0 or a negative errno (see the uapi header).
 */
int winusb_ioctl_isoch_register(struct winusb_file *wf, void __user *uarg)
{
	struct winusb_dev *wdev = wf->wdev;
	struct winusb_isoch_register reg;
	struct winusb_isoch_shape sh;
	struct winusb_isoch_buf *buf;
	struct winusb_ep *pipe;
	u32 handle;
	int ret;

	ret = winusb_copy_arg_in(&reg, sizeof(reg), sizeof(reg), uarg);
	if (ret)
		return ret;
	if (reg.flags || reg.__reserved)
		return -EINVAL;
	pipe = winusb_pipe_get(wdev, reg.endpoint);
	if (!pipe)
		return -ENOENT;
	if (!usb_endpoint_xfer_isoc(&pipe->ep->desc))
		return -EINVAL;
	winusb_isoch_get_shape(wdev->udev, pipe->ep, &sh);
	if (!reg.length || reg.length > U32_MAX || !sh.packet_bytes ||
	    sh.packet_bytes > WINUSB_ISOCH_MAX_PACKET_BYTES)
		return -EINVAL;
	/* Fail now rather than after pinning if the outputs are not writable. */
	reg.out_handle = 0;
	reg.out_path = 0;
	reg.out_packet_bytes = 0;
	reg.out_frame_bytes = 0;
	reg.out_urb_packets = 0;
	reg.out_num_urbs = 0;
	ret = winusb_copy_arg_out(uarg, &reg, sizeof(reg));
	if (ret)
		return ret;
	ret = winusb_frame_clock_attach(wdev);
	if (ret)
		return ret;

	buf = kzalloc(sizeof(*buf), GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	kref_init(&buf->kref);
	INIT_LIST_HEAD(&buf->list);
	INIT_LIST_HEAD(&buf->free_urbs);
	INIT_LIST_HEAD(&buf->free_xfers);
	hrtimer_init(&buf->timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS_SOFT);
	buf->timer.function = winusb_isoch_timer;
	buf->wdev = wdev;
	buf->file = wf;
	buf->endpoint = reg.endpoint;
	buf->dir_in = usb_endpoint_dir_in(&pipe->ep->desc);
	buf->packet_bytes = sh.packet_bytes;
	buf->period_uf = sh.period_uf;
	buf->frame_bytes = sh.frame_bytes;

	ret = winusb_pin_user(&buf->pin, reg.buffer_uptr, reg.length,
			      buf->dir_in);
	if (ret)
		goto out_free;
	atomic_long_add(buf->pin.npages, &winusb_isoch_pinned);
	ret = winusb_isoch_setup_path(buf);
	if (ret)
		goto out_release;
	ret = winusb_isoch_setup_pools(buf, &sh);
	if (ret)
		goto out_release;

	ret = xa_alloc_cyclic(&wdev->isoch_bufs, &handle, buf,
			      XA_LIMIT(1, 0xfffffffe), &wdev->isoch_next,
			      GFP_KERNEL);
	if (ret < 0)
		goto out_release;
	buf->handle = handle;

	mutex_lock(&winusb_isoch_list_lock);
	list_add_tail(&buf->list, &winusb_isoch_bufs);
	winusb_isoch_path_count[buf->path]++;
	mutex_unlock(&winusb_isoch_list_lock);

	reg.out_handle = handle;
	reg.out_path = buf->path;
	reg.out_packet_bytes = buf->packet_bytes;
	reg.out_frame_bytes = buf->frame_bytes;
	reg.out_urb_packets = buf->urb_packets;
	reg.out_num_urbs = buf->nurbs;
	ret = winusb_copy_arg_out(uarg, &reg, sizeof(reg));
	if (ret)
		winusb_isoch_remove(buf);
	return ret;

out_release:
	winusb_isoch_release(buf);
out_free:
	kvfree(buf->results);
	kvfree(buf->xfers);
	kvfree(buf->urbs);
	kfree(buf);
	return ret;
}

/* The handle @handle of this file, if it takes transfers. */
static struct winusb_isoch_buf *winusb_isoch_lookup(struct winusb_file *wf,
						    u32 handle)
{
	struct winusb_isoch_buf *buf = xa_load(&wf->wdev->isoch_bufs, handle);

	if (!buf || buf->file != wf || buf->dead)
		return NULL;
	return buf;
}

/**
 * winusb_ioctl_isoch_unregister() - WINUSB_IOCTL_ISOCH_UNREGISTER
 * @wf: the file
 * @uarg: struct winusb_isoch_unregister
 *
 * Waits without io_mutex for the handle's transfers, as WinUSB does.
 *
 * Context: process, no lock held (the dispatcher leaves locking to us).
 * Return: 0 or a negative errno.
 */
int winusb_ioctl_isoch_unregister(struct winusb_file *wf, void __user *uarg)
{
	struct winusb_dev *wdev = wf->wdev;
	struct winusb_isoch_unregister ur;
	struct winusb_isoch_buf *buf;
	int ret;

	ret = winusb_copy_arg_in(&ur, sizeof(ur), sizeof(ur), uarg);
	if (ret)
		return ret;
	if (ur.flags || ur.__reserved)
		return -EINVAL;

	if (mutex_lock_interruptible(&wdev->io_mutex))
		return -EINTR;
	if (wdev->disconnected) {
		mutex_unlock(&wdev->io_mutex);
		return -ENODEV;
	}
	buf = winusb_isoch_lookup(wf, ur.handle);
	if (!buf) {
		mutex_unlock(&wdev->io_mutex);
		return -ENOENT;
	}
	buf->dead = true;
	kref_get(&buf->kref);
	mutex_unlock(&wdev->io_mutex);

	ret = wait_event_killable(wdev->idle_wait, !winusb_isoch_busy(buf));

	mutex_lock(&wdev->io_mutex);
	if (!ret)
		winusb_isoch_remove(buf);
	mutex_unlock(&wdev->io_mutex);
	kref_put(&buf->kref, winusb_isoch_buf_free);
	return ret ? -EINTR : 0;
}

/*
 * Where the transfer goes: its start frame, or an errno.  @last is the
 * last transfer queued on the pipe, if any.
 */
static int winusb_isoch_schedule(struct winusb_isoch_xfer *xfer,
				 const struct winusb_isoch_submit *sub,
				 struct winusb_isoch_xfer *last, u32 now,
				 u32 lead)
{
	u32 next = last ? last->start + last->nframes : 0;
	s32 ahead;

	if (sub->flags & WINUSB_ISOCH_ASAP) {
		if (last && (s32)(next - now) >= (s32)lead) {
			xfer->start = next;
			return 0;
		}
		if (sub->flags & WINUSB_ISOCH_CONTINUE)
			return -EXDEV;
		if (last) {
			/* The stream underruns: let the controller catch up. */
			xfer->start = next;
			xfer->asap = true;
			return 0;
		}
		xfer->start = now + lead;
		return 0;
	}

	ahead = sub->start_frame - now;
	if (ahead <= 0 || ahead > WINUSB_ISOCH_WINDOW)
		return -ERANGE;
	if (last && (s32)(sub->start_frame - next) < 0)
		return -ERANGE;
	xfer->start = sub->start_frame;
	return 0;
}

/* Take a slot and the URBs of a transfer.  Context: winusb_dev.lock held. */
static struct winusb_isoch_xfer *winusb_isoch_take(struct winusb_isoch_buf *buf,
						   u32 nurbs)
{
	struct winusb_isoch_xfer *xfer;
	struct winusb_isoch_urb *iu;
	u32 i = 0;

	xfer = list_first_entry_or_null(&buf->free_xfers,
					struct winusb_isoch_xfer, node);
	if (!xfer)
		return NULL;
	list_for_each_entry(iu, &buf->free_urbs, node)
		if (++i == nurbs)
			break;
	if (i < nurbs)
		return NULL;
	list_del(&xfer->node);
	for (i = 0; i < nurbs; i++) {
		iu = list_first_entry(&buf->free_urbs, struct winusb_isoch_urb,
				      node);
		iu->xfer = xfer;
		list_move_tail(&iu->node, &xfer->urbs);
	}
	xfer->in_use = true;
	return xfer;
}

/**
 * winusb_ioctl_isoch_submit() - WINUSB_IOCTL_ISOCH_SUBMIT
 * @wf: the file
 * @uarg: struct winusb_isoch_submit
 *
 * Context: process, io_mutex held, interface connected.
 * Return: 0 or a negative errno (see the uapi header).
 */
int winusb_ioctl_isoch_submit(struct winusb_file *wf, void __user *uarg)
{
	struct winusb_dev *wdev = wf->wdev;
	struct winusb_isoch_xfer *xfer, *last = NULL;
	struct winusb_isoch_submit sub;
	struct winusb_isoch_buf *buf;
	struct winusb_request *req;
	struct winusb_ep *pipe;
	u32 npackets, nurbs, now, lead;
	int ret;

	ret = winusb_copy_arg_in(&sub, sizeof(sub), sizeof(sub), uarg);
	if (ret)
		return ret;
	if (sub.flags & ~(WINUSB_ISOCH_ASAP | WINUSB_ISOCH_CONTINUE) ||
	    sub.__reserved)
		return -EINVAL;
	if ((sub.flags & WINUSB_ISOCH_CONTINUE) &&
	    !(sub.flags & WINUSB_ISOCH_ASAP))
		return -EINVAL;
	if ((sub.flags & WINUSB_ISOCH_ASAP) && sub.start_frame)
		return -EINVAL;
	/* Fail now rather than after queueing if the outputs are not writable. */
	sub.out_id = 0;
	sub.out_start_frame = 0;
	sub.out_next_frame = 0;
	ret = winusb_copy_arg_out(uarg, &sub, sizeof(sub));
	if (ret)
		return ret;

	buf = winusb_isoch_lookup(wf, sub.handle);
	if (!buf)
		return -ENOENT;
	pipe = winusb_pipe_get(wdev, buf->endpoint);
	if (!winusb_isoch_pipe_ok(buf, pipe))
		return -ENOENT;
	if (!sub.length || sub.length % buf->frame_bytes ||
	    (u64)sub.offset + sub.length > buf->pin.length)
		return -EINVAL;
	npackets = sub.length / buf->packet_bytes;
	if (sub.num_packets && sub.num_packets != npackets)
		return -EINVAL;
	if (buf->dir_in && !sub.num_packets)
		return -EINVAL;
	if (sub.num_packets &&
	    (!sub.packets_uptr || sub.packets_uptr != (unsigned long)sub.packets_uptr ||
	     !access_ok(u64_to_user_ptr(sub.packets_uptr),
			sizeof(struct winusb_iso_packet) * (size_t)npackets)))
		return -EFAULT;
	nurbs = winusb_isoch_count_urbs(buf, sub.offset, npackets);

	ret = usb_autopm_get_interface(wdev->intf);
	if (ret)
		return ret;
	now = winusb_frame_now(wdev);
	lead = winusb_frame_lead(wdev);

	spin_lock_irq(&wdev->lock);
	if (!list_empty(&pipe->queue)) {
		req = list_last_entry(&pipe->queue, struct winusb_request,
				      pipe_node);
		if (req->type == WINUSB_XFER_ISOCH)
			last = to_xfer(req);
	}
	xfer = winusb_isoch_take(buf, nurbs);
	if (!xfer) {
		ret = -EBUSY;
		goto out_unlock;
	}
	xfer->explicit = !(sub.flags & WINUSB_ISOCH_ASAP);
	xfer->asap = false;
	xfer->new_stream = false;
	xfer->started = false;
	xfer->first_sent = 0;
	xfer->offset = sub.offset;
	xfer->npackets = npackets;
	xfer->nframes = winusb_isoch_frames(buf, npackets);
	xfer->submit_frame = now;
	xfer->at_hcd = 0;
	xfer->errors = 0;
	xfer->urb_error = 0;
	xfer->packets_uptr = sub.num_packets ? sub.packets_uptr : 0;
	ret = winusb_isoch_schedule(xfer, &sub, last, now, lead);
	if (ret) {
		struct winusb_isoch_urb *iu, *tmp;

		list_for_each_entry_safe(iu, tmp, &xfer->urbs, node)
			winusb_isoch_urb_put(iu);
		xfer->in_use = false;
		list_add(&xfer->node, &buf->free_xfers);
		goto out_unlock;
	}

	req = &xfer->req;
	memset(req, 0, sizeof(*req));
	INIT_LIST_HEAD(&req->file_node);
	INIT_LIST_HEAD(&req->pipe_node);
	refcount_set(&req->ref, 1);
	timer_setup(&req->timer, NULL, 0);
	req->file = wf;
	req->pipe = pipe;
	req->cookie = sub.cookie;
	req->type = WINUSB_XFER_ISOCH;
	req->endpoint = buf->endpoint;
	req->dir_in = buf->dir_in;
	req->length = sub.length;
	req->pm_ref = true;
	kref_get(&buf->kref);

	winusb_request_enqueue(req);
	sub.out_id = req->id;
	sub.out_start_frame = xfer->start;
	sub.out_next_frame = xfer->start + xfer->nframes;
	winusb_pipe_kick(pipe);
	spin_unlock_irq(&wdev->lock);

	/* Checked writable above; the transfer runs whatever happens here. */
	return winusb_copy_arg_out(uarg, &sub, sizeof(sub));

out_unlock:
	spin_unlock_irq(&wdev->lock);
	usb_autopm_put_interface(wdev->intf);
	return ret;
}

/**
 * winusb_isoch_file_release() - unregister every handle of a closing file
 * @wf: the file; its requests are already cancelled and freed
 *
 * Context: process.
 */
void winusb_isoch_file_release(struct winusb_file *wf)
{
	struct winusb_dev *wdev = wf->wdev;
	struct winusb_isoch_buf *buf;
	unsigned long index;

	mutex_lock(&wdev->io_mutex);
	xa_for_each(&wdev->isoch_bufs, index, buf)
		if (buf->file == wf)
			winusb_isoch_remove(buf);
	mutex_unlock(&wdev->io_mutex);
}

/**
 * winusb_isoch_disconnect() - release every handle's memory at disconnect
 * @wdev: the interface, disconnected, every request aborted
 *
 * The handles stay (answering ENODEV) until unregistered or closed; their
 * pages, URBs and DMA memory go now, while the host controller is there.
 *
 * Context: process, io_mutex held.
 */
void winusb_isoch_disconnect(struct winusb_dev *wdev)
{
	struct winusb_isoch_buf *buf;
	unsigned long index;

	xa_for_each(&wdev->isoch_bufs, index, buf)
		winusb_isoch_release(buf);
}

/**
 * winusb_isoch_dev_init() - isochronous state of a new interface
 * @wdev: the interface, not yet visible
 */
void winusb_isoch_dev_init(struct winusb_dev *wdev)
{
	xa_init_flags(&wdev->isoch_bufs, XA_FLAGS_ALLOC1);
	wdev->isoch_next = 1;
}

/**
 * winusb_isoch_dev_free() - the interface is being freed
 * @wdev: the interface; no file is open, so no handle is left
 *
 * Context: process.
 */
void winusb_isoch_dev_free(struct winusb_dev *wdev)
{
	WARN_ON(!xa_empty(&wdev->isoch_bufs));
	xa_destroy(&wdev->isoch_bufs);
	winusb_frame_clock_detach(wdev);
}

static const char * const winusb_isoch_path_names[] = {
	[WINUSB_ISOCH_PATH_VMAP] = "vmap",
	[WINUSB_ISOCH_PATH_BOUNCE] = "bounce",
	[WINUSB_ISOCH_PATH_DMA] = "dma",
};

/*
 * /sys/kernel/debug/winusb/isoch: pages pinned now, registrations per path
 * since load and live now, then one line per handle.
 */
static int winusb_isoch_show(struct seq_file *m, void *unused)
{
	struct winusb_isoch_buf *buf;
	u32 live[ARRAY_SIZE(winusb_isoch_path_names)] = { 0 };
	unsigned int i;

	mutex_lock(&winusb_isoch_list_lock);
	seq_printf(m, "pinned pages: %ld\n",
		   atomic_long_read(&winusb_isoch_pinned));
	list_for_each_entry(buf, &winusb_isoch_bufs, list)
		if (!buf->released)
			live[buf->path]++;
	for (i = WINUSB_ISOCH_PATH_VMAP; i < ARRAY_SIZE(live); i++)
		seq_printf(m, "%s: registered %llu live %u\n",
			   winusb_isoch_path_names[i],
			   winusb_isoch_path_count[i], live[i]);
	list_for_each_entry(buf, &winusb_isoch_bufs, list) {
		struct winusb_dev *wdev = buf->wdev;

		spin_lock_irq(&wdev->lock);
		seq_printf(m, "%s ep 0x%02x handle %u path %s length %u pages %u urbs %ux%u transfers %llu packets %llu errors %llu late %llu bounced %llu%s\n",
			   dev_name(&wdev->intf->dev), buf->endpoint,
			   buf->handle, winusb_isoch_path_names[buf->path],
			   buf->pin.length, buf->pin.npages, buf->nurbs,
			   buf->urb_packets, buf->stat_transfers,
			   buf->stat_packets, buf->stat_errors, buf->stat_late,
			   buf->stat_bounced,
			   buf->released ? " released" : "");
		spin_unlock_irq(&wdev->lock);
	}
	mutex_unlock(&winusb_isoch_list_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(winusb_isoch);

/** winusb_isoch_init() - module load: the debugfs file */
void winusb_isoch_init(void)
{
	winusb_debugfs = debugfs_create_dir(WINUSB_NAME, NULL);
	debugfs_create_file("isoch", 0444, winusb_debugfs, NULL,
			    &winusb_isoch_fops);
}

/** winusb_isoch_exit() - module unload */
void winusb_isoch_exit(void)
{
	debugfs_remove_recursive(winusb_debugfs);
}
