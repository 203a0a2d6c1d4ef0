// SPDX-License-Identifier: GPL-2.0
/*
 * winusb - isochronous transfers: WINUSB_IOCTL_ISOCH_SUBMIT, scheduling,
 * completion.
 *
 * A transfer moves a window of a registered buffer (isoch_buf.c).  It is
 * a struct winusb_isoch_request (a struct winusb_request plus isochronous
 * state) taken from the handle's request pool, on its pipe's queue, so the
 * request core (request.c) carries it: ids, completion queue, reap,
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
 * Trust: a packet's offset, length, actual length and count come back
 * from the host controller, and vhci_hcd copies them from the USB/IP peer
 * (only their sum is checked there).  Only the layout the driver
 * submitted is used: a packet whose descriptor came back changed reports
 * -EPROTO, one with more bytes than its length -EOVERFLOW, both with
 * length 0, and nothing is copied for them.
 *
 * Locking: io_mutex serialises submit against register, unregister,
 * release and disconnect; winusb_dev.lock protects the pools, the result
 * table, transfer state and statistics, and is held while URBs are filled
 * and submitted.
 */
#include <linux/hrtimer.h>
#include <linux/pagemap.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/usb.h>

#include "isoch.h"
#include "trace.h"

/* USBD_ISO_START_FRAME_RANGE: how far ahead a start frame may be. */
#define WINUSB_ISOCH_WINDOW		1024

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

	if (buf->path != WINUSB_ISOCH_PATH_BOUNCE)
		return n;
	/* An URB's packets must lie in one chunk of bounce memory. */
	return min(n, winusb_bounce_run(&buf->bounce,
					off / buf->packet_bytes + j));
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

static struct winusb_isoch_packet *
winusb_isoch_result(struct winusb_isoch_request *ireq, u32 j)
{
	struct winusb_isoch_buf *buf = ireq->buf;

	return &buf->results[ireq->offset / buf->packet_bytes + j];
}

/* Set the results of packets [@from, @to) that were never sent. */
static void winusb_isoch_unsent(struct winusb_isoch_request *ireq, u32 from,
				u32 to, int status)
{
	u32 j;

	for (j = from; j < to; j++) {
		struct winusb_isoch_packet *res = winusb_isoch_result(ireq, j);

		res->offset = j * ireq->buf->packet_bytes;
		res->length = 0;
		res->status = status;
	}
	ireq->errors += to - from;
}

/* Give an URB back to the pool.  Context: winusb_dev.lock held. */
static void winusb_isoch_urb_put(struct winusb_isoch_urb *iu)
{
	iu->ireq = NULL;
	iu->at_hcd = false;
	list_move(&iu->node, &iu->buf->free_urbs);
}

/*
 * The transfer is over: queue its record and start what may follow.
 * Context: winusb_dev.lock held.
 */
static void winusb_isoch_finish(struct winusb_isoch_request *ireq, int status)
{
	struct winusb_isoch_buf *buf = ireq->buf;
	struct winusb_isoch_urb *iu, *tmp;

	list_for_each_entry_safe(iu, tmp, &ireq->urbs, node)
		if (!iu->at_hcd)
			winusb_isoch_urb_put(iu);
	buf->stat_transfers++;
	winusb_request_finish(&ireq->req, status);
}

/* Fill one URB for packets [@first, @first + @n) of @ireq. */
static void winusb_isoch_fill_urb(struct winusb_isoch_request *ireq,
				  struct winusb_isoch_urb *iu, u32 first,
				  u32 n, bool urb_asap)
{
	struct winusb_isoch_buf *buf = ireq->buf;
	u32 pb = buf->packet_bytes;
	u32 slot = buf->slot_bytes;
	u32 boff = ireq->offset + first * pb;
	void *data = buf->pin.vaddr + buf->pin.page_off + boff;
	struct urb *urb = iu->urb;
	u32 i;

	iu->first = first;
	iu->npackets = n;
	iu->buf_off = boff;
	urb->number_of_packets = n;
	urb->transfer_buffer_length = n * slot;
	urb->actual_length = 0;
	urb->start_frame = 0;
	urb->error_count = 0;
	urb->status = 0;
	urb->transfer_flags = urb_asap ? URB_ISO_ASAP : 0;
	for (i = 0; i < n; i++) {
		urb->iso_frame_desc[i].offset = i * slot;
		urb->iso_frame_desc[i].length = pb;
		urb->iso_frame_desc[i].actual_length = 0;
		urb->iso_frame_desc[i].status = 0;
	}

	switch (buf->path) {
	case WINUSB_ISOCH_PATH_VMAP:
		urb->transfer_buffer = data;
		return;
	case WINUSB_ISOCH_PATH_DMA:
		urb->transfer_buffer = data;
		urb->transfer_dma = buf->pin.dma + boff;
		urb->transfer_flags |= URB_NO_TRANSFER_DMA_MAP;
		winusb_pin_sync_for_device(&buf->pin, boff, n * pb);
		break;
	case WINUSB_ISOCH_PATH_BOUNCE:
		urb->transfer_buffer = winusb_bounce_packet(&buf->bounce,
							    boff / pb,
							    &urb->transfer_dma);
		urb->transfer_flags |= URB_NO_TRANSFER_DMA_MAP;
		if (buf->dir_in)
			break;
		if (slot == pb)
			memcpy(urb->transfer_buffer, data, n * pb);
		else
			for (i = 0; i < n; i++)
				memcpy(urb->transfer_buffer + i * slot,
				       data + i * pb, pb);
		buf->stat_bounced += n * pb;
		break;
	}
	/* Without DMA, usb_alloc_coherent() returns no DMA address. */
	if (!IS_ALIGNED((unsigned long)urb->transfer_buffer, WINUSB_URB_ALIGN) ||
	    (buf->hcd_dma && !IS_ALIGNED(urb->transfer_dma, WINUSB_URB_ALIGN))) {
		buf->stat_unaligned++;
		atomic64_inc(&winusb_isoch_unaligned);
	}
}

/*
 * Fill and submit the URBs of @ireq from packet @first on; @urb_asap lets the
 * controller place the first one (a new stream).
 *
 * Context: winusb_dev.lock held; any context.
 */
static void winusb_isoch_submit_urbs(struct winusb_isoch_request *ireq,
				     u32 first, bool urb_asap)
{
	struct winusb_isoch_buf *buf = ireq->buf;
	struct winusb_pipe *pipe = ireq->req.pipe;
	struct winusb_isoch_urb *iu, *tmp;
	u32 j = first;
	int ret;

	list_for_each_entry_safe(iu, tmp, &ireq->urbs, node) {
		u32 n;

		if (j == ireq->npackets) {
			winusb_isoch_urb_put(iu);	/* skipped packets */
			continue;
		}
		n = winusb_isoch_piece(buf, ireq->offset, j, ireq->npackets);
		winusb_isoch_fill_urb(ireq, iu, j, n, urb_asap && j == first);
		usb_anchor_urb(iu->urb, &pipe->anchor);
		iu->at_hcd = true;
		ireq->at_hcd++;
		ret = usb_submit_urb(iu->urb, GFP_ATOMIC);
		trace_winusb_urb_submit(&ireq->req, iu->urb, ret);
		if (ret) {
			usb_unanchor_urb(iu->urb);
			iu->at_hcd = false;
			ireq->at_hcd--;
			ireq->urb_error = ret == -ENOENT || ret == -ENODEV ||
					  ret == -ESHUTDOWN ? -ENODEV : ret;
			winusb_isoch_unsent(ireq, j, ireq->npackets,
					    ireq->urb_error);
			j = ireq->npackets;
			winusb_isoch_urb_put(iu);
			continue;
		}
		j += n;
	}
}

/*
 * Arm the handle's timer for when @ireq must be submitted: its start frame
 * minus the controller's lead.
 */
static void winusb_isoch_arm(struct winusb_isoch_request *ireq, u32 lead)
{
	struct winusb_isoch_buf *buf = ireq->buf;
	ktime_t t = winusb_frame_time(buf->wdev, ireq->start - lead);

	hrtimer_start_range_ns(&buf->timer, t, 50 * NSEC_PER_USEC,
			       HRTIMER_MODE_ABS_SOFT);
}

/*
 * winusb_isoch_start() - start a queued isochronous transfer, if it is time
 * (the ops' start)
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
static bool winusb_isoch_start(struct winusb_request *req)
{
	struct winusb_isoch_request *ireq = to_isoch_request(req);
	struct winusb_isoch_buf *buf = ireq->buf;
	struct winusb_dev *wdev = buf->wdev;
	struct winusb_pipe *pipe = req->pipe;
	u32 first = 0, now, lead;
	bool urb_asap = ireq->catch_up;
	s32 ahead;

	lockdep_assert_held(&wdev->lock);

	if (req->cancel_status || wdev->disconnected ||
	    !winusb_isoch_pipe_ok(buf, pipe)) {
		int status = req->cancel_status;

		if (!status)
			status = wdev->disconnected ? -ENODEV : -ENOENT;
		winusb_isoch_finish(ireq, status);
		return true;
	}

	if (!list_is_first(&req->pipe_node, &pipe->queue)) {
		struct winusb_isoch_request *prev =
			to_isoch_request(list_prev_entry(req, pipe_node));

		/* Queued behind a running stream: continue it, or wait. */
		if (prev->start + prev->nframes != ireq->start)
			return false;
	} else if (ireq->explicit) {
		/* A new stream at a given frame: wait for it, or skip. */
		now = winusb_frame_now(wdev);
		lead = winusb_frame_lead(wdev);
		ahead = ireq->start - now;
		if (ahead > (s32)lead) {
			winusb_isoch_arm(ireq, lead);
			return false;
		}
		if (ahead < (s32)lead) {
			/* Frames the controller can no longer reach. */
			u32 late = lead - ahead;
			u64 skip = div_u64((u64)late * 8 + buf->period_uf - 1,
					   buf->period_uf);

			first = min_t(u64, skip, ireq->npackets);
			winusb_isoch_unsent(ireq, 0, first, -ETIME);
			buf->stat_late += first;
		}
		urb_asap = true;
		ireq->new_stream = true;
		ireq->submit_frame = now;
	} else {
		/* ASAP: a new stream wherever the controller puts it. */
		urb_asap = true;
		ireq->new_stream = true;
		ireq->submit_frame = winusb_frame_now(wdev);
	}

	ireq->first_sent = first;
	ireq->started = true;
	req->state = WINUSB_REQ_ACTIVE;
	if (first < ireq->npackets)
		winusb_isoch_submit_urbs(ireq, first, urb_asap);
	if (!ireq->at_hcd)
		winusb_isoch_finish(ireq, req->cancel_status ?:
					  ireq->urb_error);
	return true;
}

/*
 * What the host controller says of packet @i of @iu: its status and the
 * length to believe, checked against the layout that was submitted.
 */
static int winusb_isoch_packet(struct winusb_isoch_urb *iu, u32 i,
			       int urb_status, u32 *len)
{
	struct winusb_isoch_buf *buf = iu->buf;
	struct urb *urb = iu->urb;
	struct usb_iso_packet_descriptor *d = &urb->iso_frame_desc[i];
	struct winusb_request *req = &iu->ireq->req;

	*len = 0;
	/* Packets the controller never reached: killed, or missed. */
	if (i >= urb->number_of_packets)
		return urb_status ? winusb_urb_status(req, urb_status) : -EXDEV;
	if (d->offset != i * buf->slot_bytes || d->length != buf->packet_bytes) {
		buf->stat_bad++;
		atomic64_inc(&winusb_isoch_bad);
		return -EPROTO;
	}
	if (d->actual_length > d->length) {
		buf->stat_bad++;
		atomic64_inc(&winusb_isoch_bad);
		return -EOVERFLOW;
	}
	/*
	 * usb_submit_urb() marks every packet -EXDEV; one the controller
	 * never reached before a kill or unlink keeps it and reports why
	 * the URB was stopped.
	 */
	if (d->status == -EXDEV && urb_status && urb_status != -EXDEV)
		return winusb_urb_status(req, urb_status);
	*len = d->actual_length;
	return d->status;
}

/**
 * winusb_isoch_urb_complete() - an URB of a handle's pool is back
 * @urb: the URB
 *
 * Context: any (the host controller's completion).
 */
void winusb_isoch_urb_complete(struct urb *urb)
{
	struct winusb_isoch_urb *iu = urb->context;
	struct winusb_isoch_buf *buf = iu->buf;
	struct winusb_isoch_request *ireq = iu->ireq;
	struct winusb_request *req = &ireq->req;
	struct winusb_dev *wdev = buf->wdev;
	u32 pb = buf->packet_bytes;
	int status = urb->status;
	unsigned long flags;
	u32 i;

	/* This URB's range only, back to the CPU (swiotlb copies it). */
	if (buf->path == WINUSB_ISOCH_PATH_DMA && buf->dir_in)
		winusb_pin_sync_for_cpu(&buf->pin, iu->buf_off,
					iu->npackets * pb);

	trace_winusb_urb_complete(req, urb);
	spin_lock_irqsave(&wdev->lock, flags);

	for (i = 0; i < iu->npackets; i++) {
		struct winusb_isoch_packet *res =
			winusb_isoch_result(ireq, iu->first + i);
		u32 len;
		int st = winusb_isoch_packet(iu, i, status, &len);

		if (len && buf->dir_in && buf->path == WINUSB_ISOCH_PATH_BOUNCE) {
			memcpy(buf->pin.vaddr + buf->pin.page_off + iu->buf_off +
			       i * pb,
			       urb->transfer_buffer + i * buf->slot_bytes, len);
			buf->stat_bounced += len;
		}
		res->offset = (iu->first + i) * pb;
		res->length = len;
		res->status = st;
		req->actual += len;
		if (st)
			ireq->errors++;
	}
	buf->stat_packets += iu->npackets;

	if (status && !ireq->urb_error)
		ireq->urb_error = winusb_urb_status(req, status);
	if (!status && ireq->new_stream && iu->first == ireq->first_sent)
		winusb_frame_learn_lead(wdev, ireq->submit_frame,
					wdev->udev->speed >= USB_SPEED_HIGH ?
					urb->start_frame >> 3 :
					urb->start_frame);

	winusb_isoch_urb_put(iu);
	if (!--ireq->at_hcd) {
		int ret = req->cancel_status;

		/*
		 * An aborted or cancelled transfer reports that, also when
		 * its URBs finished by themselves; packet errors leave the
		 * transfer's status at 0 (error_count tells), and so does an
		 * URB only partly done (-EXDEV).
		 */
		if (!ret && ireq->urb_error != -EXDEV)
			ret = ireq->urb_error;
		buf->stat_errors += ireq->errors;
		winusb_isoch_finish(ireq, ret);
		winusb_pipe_kick(req->pipe);
	}
	spin_unlock_irqrestore(&wdev->lock, flags);
}

/**
 * winusb_isoch_timer() - a waiting transfer's start frame is near
 * @timer: the handle's timer
 *
 * Context: softirq.
 * Return: HRTIMER_NORESTART.
 */
enum hrtimer_restart winusb_isoch_timer(struct hrtimer *timer)
{
	struct winusb_isoch_buf *buf = container_of(timer,
						    struct winusb_isoch_buf,
						    timer);
	struct winusb_dev *wdev = buf->wdev;
	unsigned long flags;

	spin_lock_irqsave(&wdev->lock, flags);
	winusb_pipe_kick(&wdev->pipes[winusb_pipe_index(buf->endpoint)]);
	spin_unlock_irqrestore(&wdev->lock, flags);
	return HRTIMER_NORESTART;
}

/*
 * winusb_isoch_kill() - cancel an active isochronous transfer's URBs (the
 * ops' kill); the caller holds a reference
 *
 * Kills its URBs one by one; the last completion finishes the transfer.
 * Other transfers of the stream go on.
 *
 * Context: process; winusb_dev.lock not held.
 */
static void winusb_isoch_kill(struct winusb_request *req)
{
	struct winusb_isoch_request *ireq = to_isoch_request(req);
	struct winusb_dev *wdev = ireq->buf->wdev;
	struct winusb_isoch_urb *iu;
	struct urb *urb;

	for (;;) {
		urb = NULL;
		spin_lock_irq(&wdev->lock);
		list_for_each_entry(iu, &ireq->urbs, node) {
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

/*
 * winusb_isoch_fill_record() - the isochronous part of a completion record
 * (the ops' fill_record)
 *
 * Copies the packet results to the caller's array, from the result table
 * if the transfer started, else as never sent.  A failed copy turns a
 * successful record's status into -EFAULT rather than keeping the record
 * from being reaped.
 *
 * Context: process, the reaping task; no lock held.
 */
static void winusb_isoch_fill_record(struct winusb_request *req,
				     struct winusb_completion *rec)
{
	struct winusb_isoch_request *ireq = to_isoch_request(req);
	struct winusb_isoch_buf *buf = ireq->buf;
	struct winusb_isoch_packet __user *dst =
		u64_to_user_ptr(ireq->packets_uptr);
	struct winusb_isoch_packet tmp[16];
	u32 j, n;
	int st;

	rec->start_frame = ireq->start;
	rec->error_count = ireq->started ? ireq->errors : ireq->npackets;
	if (!ireq->packets_uptr)
		return;

	if (ireq->started) {
		if (copy_to_user(dst, winusb_isoch_result(ireq, 0),
				 sizeof(*dst) * ireq->npackets))
			goto out_fault;
		return;
	}
	st = req->status ?: -ECANCELED;
	for (j = 0; j < ireq->npackets; j += n) {
		u32 i;

		n = min_t(u32, ireq->npackets - j, ARRAY_SIZE(tmp));
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

/*
 * winusb_isoch_request_free() - a transfer's record was reaped or dropped
 * (the ops' free)
 *
 * The request (and URBs reserved by a transfer that never started) go back
 * to the handle, which loses the request's reference.
 *
 * Context: process.
 */
static void winusb_isoch_request_free(struct winusb_request *req)
{
	struct winusb_isoch_request *ireq = to_isoch_request(req);
	struct winusb_isoch_buf *buf = ireq->buf;
	struct winusb_dev *wdev = buf->wdev;
	struct winusb_isoch_urb *iu, *tmp;

	spin_lock_irq(&wdev->lock);
	list_for_each_entry_safe(iu, tmp, &ireq->urbs, node)
		winusb_isoch_urb_put(iu);
	ireq->in_use = false;
	list_add(&ireq->node, &buf->free_requests);
	spin_unlock_irq(&wdev->lock);
	kref_put(&buf->kref, winusb_isoch_buf_free);
}

const struct winusb_request_ops winusb_isoch_ops = {
	.start = winusb_isoch_start,
	.kill = winusb_isoch_kill,
	.fill_record = winusb_isoch_fill_record,
	.free = winusb_isoch_request_free,
};

/*
 * Where the transfer goes: its start frame, or an errno.  @last is the
 * last transfer queued on the pipe, if any.
 */
static int winusb_isoch_schedule(struct winusb_isoch_request *ireq,
				 const struct winusb_isoch_submit *sub,
				 struct winusb_isoch_request *last, u32 now,
				 u32 lead)
{
	u32 next = last ? last->start + last->nframes : 0;
	s32 ahead;

	if (sub->flags & WINUSB_ISOCH_ASAP) {
		if (last && (s32)(next - now) >= (s32)lead) {
			ireq->start = next;
			return 0;
		}
		if (sub->flags & WINUSB_ISOCH_CONTINUE)
			return -EXDEV;
		if (last) {
			/* The stream underruns: let the controller catch up. */
			ireq->start = next;
			ireq->catch_up = true;
			return 0;
		}
		ireq->start = now + lead;
		return 0;
	}

	ahead = sub->start_frame - now;
	if (ahead <= 0 || ahead > WINUSB_ISOCH_WINDOW)
		return -ERANGE;
	if (last && (s32)(sub->start_frame - next) < 0)
		return -ERANGE;
	ireq->start = sub->start_frame;
	return 0;
}

/* Take a pool request and the URBs of a transfer (winusb_dev.lock held). */
static struct winusb_isoch_request *
winusb_isoch_take(struct winusb_isoch_buf *buf, u32 nurbs)
{
	struct winusb_isoch_request *ireq;
	struct winusb_isoch_urb *iu;
	u32 i = 0;

	ireq = list_first_entry_or_null(&buf->free_requests,
					struct winusb_isoch_request, node);
	if (!ireq)
		return NULL;
	list_for_each_entry(iu, &buf->free_urbs, node)
		if (++i == nurbs)
			break;
	if (i < nurbs)
		return NULL;
	list_del(&ireq->node);
	for (i = 0; i < nurbs; i++) {
		iu = list_first_entry(&buf->free_urbs, struct winusb_isoch_urb,
				      node);
		iu->ireq = ireq;
		list_move_tail(&iu->node, &ireq->urbs);
	}
	ireq->in_use = true;
	return ireq;
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
	struct winusb_isoch_request *ireq, *last = NULL;
	struct winusb_isoch_submit sub;
	struct winusb_isoch_buf *buf;
	struct winusb_request *req;
	struct winusb_pipe *pipe;
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
	/* The results go there at reap: it must be writable now. */
	if (sub.num_packets &&
	    (!sub.packets_uptr || sub.packets_uptr != (unsigned long)sub.packets_uptr ||
	     fault_in_safe_writeable(u64_to_user_ptr(sub.packets_uptr),
				     sizeof(struct winusb_isoch_packet) *
				     (size_t)npackets)))
		return -EFAULT;
	nurbs = winusb_isoch_count_urbs(buf, sub.offset, npackets);

	if (wdev->changing_alt)
		return -EBUSY;
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
			last = to_isoch_request(req);
	}
	ireq = winusb_isoch_take(buf, nurbs);
	if (!ireq) {
		ret = -EBUSY;
		goto out_unlock;
	}
	ireq->explicit = !(sub.flags & WINUSB_ISOCH_ASAP);
	ireq->catch_up = false;
	ireq->new_stream = false;
	ireq->started = false;
	ireq->first_sent = 0;
	ireq->offset = sub.offset;
	ireq->npackets = npackets;
	ireq->nframes = winusb_isoch_frames(buf, npackets);
	ireq->submit_frame = now;
	ireq->at_hcd = 0;
	ireq->errors = 0;
	ireq->urb_error = 0;
	ireq->packets_uptr = sub.num_packets ? sub.packets_uptr : 0;
	ret = winusb_isoch_schedule(ireq, &sub, last, now, lead);
	if (ret) {
		struct winusb_isoch_urb *iu, *tmp;

		list_for_each_entry_safe(iu, tmp, &ireq->urbs, node)
			winusb_isoch_urb_put(iu);
		ireq->in_use = false;
		list_add(&ireq->node, &buf->free_requests);
		goto out_unlock;
	}

	req = &ireq->req;
	memset(req, 0, sizeof(*req));
	winusb_request_init(req, wf, pipe, &winusb_isoch_ops);
	req->cookie = sub.cookie;
	req->type = WINUSB_XFER_ISOCH;
	req->endpoint = buf->endpoint;
	req->dir_in = buf->dir_in;
	req->length = sub.length;
	req->pm_ref = true;
	kref_get(&buf->kref);

	winusb_request_enqueue(req);
	sub.out_id = req->id;
	trace_winusb_submit(req);
	sub.out_start_frame = ireq->start;
	sub.out_next_frame = ireq->start + ireq->nframes;
	winusb_pipe_kick(pipe);
	spin_unlock_irq(&wdev->lock);

	/* Checked writable above; the transfer runs whatever happens here. */
	return winusb_copy_arg_out(uarg, &sub, sizeof(sub));

out_unlock:
	spin_unlock_irq(&wdev->lock);
	usb_autopm_put_interface(wdev->intf);
	return ret;
}

