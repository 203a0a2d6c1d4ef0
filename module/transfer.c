// SPDX-License-Identifier: GPL-2.0
/*
 * winusb - control, bulk and interrupt requests: WINUSB_IOCTL_SUBMIT, the
 * data path piece by piece, completion.
 *
 * A request keeps the caller's buffer pinned (pin.c, short-term) from
 * submit until its record is reaped, so that completion handlers can
 * write IN data into it (or the host controller can DMA into it) whatever
 * process context they run in.  Data moves either straight from/to the
 * pinned pages through a scatter-gather URB, or copied through a kernel
 * buffer (WINUSB_DATA_COPY) when the host controller cannot take the
 * pages as they are.  A transfer larger than one URB is sent as pieces:
 * a bulk transfer straight from the pages as all its pieces at once, one
 * URB each, so that the bus never waits for the next piece (vhci_hcd
 * takes 32 pages per URB); others one URB after the other, reusing the
 * URB.
 *
 * Trust: the host controller reports how many bytes came in; only the
 * bytes of the caller's own buffer (and, for a rounded-up read, one
 * packet beyond) are ever copied, whatever it says.
 */
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/usb.h>

#include "trace.h"
#include "winusb.h"

static const struct winusb_request_ops winusb_transfer_ops;

static bool bulk_in_at_once;
module_param(bulk_in_at_once, bool, 0644);
MODULE_PARM_DESC(bulk_in_at_once,
		 "Send every piece of a large bulk IN transfer at once (Y: faster, but needs a host controller that holds the queue after a short packet)");

/* Copy between the pinned user buffer (at @off) and a kernel buffer. */
static void winusb_copy_pages(struct winusb_request *req, u32 off, void *buf,
			      u32 len, bool to_pages)
{
	size_t pos = (size_t)req->page_off + off;

	while (len) {
		struct page *page = req->pages[pos >> PAGE_SHIFT];
		unsigned int poff = offset_in_page(pos);
		u32 n = min_t(u32, len, PAGE_SIZE - poff);

		if (to_pages)
			memcpy_to_page(page, poff, buf, n);
		else
			memcpy_from_page(buf, page, poff, n);
		buf += n;
		pos += n;
		len -= n;
	}
}

/* Largest kernel buffer for a pipe: a multiple of the max packet size. */
static u32 winusb_kbuf_max(u16 maxp)
{
	return rounddown(WINUSB_KBUF_SIZE, maxp);
}

/* Scatter-gather entries the bus takes in one URB, 0 if none. */
static unsigned int winusb_sg_entries(struct usb_device *udev)
{
	unsigned int n = min_t(unsigned int, udev->bus->sg_tablesize,
			       WINUSB_MAX_SG_ENTRIES);

	return n >= 2 ? n : 0;
}

/*
 * Can the rest of the request, starting at @off, go straight from the
 * pinned pages?  IN pieces that end inside a packet need room for the whole
 * packet, so they are copied; buses with the SG constraint need every element
 * but the last to be a multiple of the max packet size.
 */
static bool winusb_sg_ok(struct winusb_request *req, u32 off)
{
	struct usb_bus *bus = req->pipe->wdev->udev->bus;
	u16 maxp = req->pipe->maxp;
	u32 remaining = req->length - off;

	if (req->type == WINUSB_XFER_CONTROL || !remaining ||
	    !winusb_sg_entries(req->pipe->wdev->udev) || !req->nsg)
		return false;
	if (req->dir_in && !req->pipe->raw_io && remaining % maxp)
		return false;
	if (bus->no_sg_constraint)
		return true;
	return !(PAGE_SIZE % maxp) && !((req->page_off + off) % maxp);
}

static u32 winusb_kbuf_size(struct winusb_request *req, u32 remaining)
{
	u16 maxp = req->pipe->maxp;

	if (req->type == WINUSB_XFER_CONTROL)
		return remaining;
	return min_t(u32, roundup(max_t(u32, remaining, 1), maxp),
		     winusb_kbuf_max(maxp));
}

/*
 * Make the request's mode fit the piece starting at req->actual: switch to
 * a kernel buffer when scatter-gather no longer fits (data kept from a
 * partial read or a short packet moved the start).
 *
 * Context: winusb_dev.lock held.
 * Return: 0 or -ENOMEM (also over the file's memory limits).
 */
static int winusb_request_fit_mode(struct winusb_request *req)
{
	u32 remaining = req->length - req->actual;
	u32 size;

	if (req->mode != WINUSB_DATA_SG || winusb_sg_ok(req, req->actual))
		return 0;
	size = winusb_kbuf_size(req, remaining);
	if (winusb_file_charge_locked(req->file, size, false))
		return -ENOMEM;
	req->kbuf = kmalloc(size, GFP_ATOMIC | __GFP_ACCOUNT);
	if (!req->kbuf) {
		winusb_file_uncharge_locked(req->file, size, false);
		return -ENOMEM;
	}
	req->mem += size;
	req->kbuf_size = size;
	req->mode = WINUSB_DATA_COPY;
	req->piece_max = size;
	trace_winusb_path(req);
	return 0;
}

/* Point @urb at bytes [@off, @off + @len) of the pages through @sg. */
static void winusb_build_sg(struct winusb_request *req, struct urb *urb,
			    struct scatterlist *sg, u32 off, u32 len)
{
	size_t pos = (size_t)req->page_off + off;
	unsigned int count = DIV_ROUND_UP(offset_in_page(pos) + len, PAGE_SIZE);
	unsigned int n = 0;

	sg_init_table(sg, count);
	while (len) {
		unsigned int poff = offset_in_page(pos);
		u32 l = min_t(u32, len, PAGE_SIZE - poff);

		sg_set_page(&sg[n++], req->pages[pos >> PAGE_SHIFT], l, poff);
		pos += l;
		len -= l;
	}
	urb->sg = sg;
	urb->num_sgs = n;
}

static void winusb_urb_complete(struct urb *urb);

/*
 * Send the next piece: req->actual bytes are done, the URB covers the next
 * piece_max at most.  IN pieces that end inside a packet read the whole
 * packet into the kernel buffer.
 *
 * Context: winusb_dev.lock held; the URB is idle.
 * Return: 0 or the error of usb_submit_urb().
 */
static int winusb_submit_piece(struct winusb_request *req)
{
	struct winusb_pipe *pipe = req->pipe;
	struct usb_device *udev = pipe->wdev->udev;
	struct urb *urb = req->urb;
	u32 remaining = req->length - req->actual;
	u32 piece = min(remaining, req->piece_max);
	u32 urb_len = piece;
	unsigned int upipe;
	void *buf = NULL;
	int ret;

	ret = winusb_request_fit_mode(req);
	if (ret)
		return ret;
	piece = min(remaining, req->piece_max);
	urb_len = piece;

	if (req->mode == WINUSB_DATA_COPY) {
		buf = req->kbuf;
		if (req->dir_in && req->type != WINUSB_XFER_CONTROL &&
		    piece == remaining && !pipe->raw_io &&
		    (piece % pipe->maxp || (!piece && !req->allow_partial)))
			urb_len = roundup(max_t(u32, piece, 1), pipe->maxp);
		else if (!req->dir_in && req->type != WINUSB_XFER_CONTROL)
			winusb_copy_pages(req, req->actual, buf, piece, false);
	}

	switch (req->type) {
	case WINUSB_XFER_CONTROL:
		upipe = req->dir_in ? usb_rcvctrlpipe(udev, 0) :
				      usb_sndctrlpipe(udev, 0);
		usb_fill_control_urb(urb, udev, upipe,
				     (unsigned char *)&req->setup, buf, urb_len,
				     winusb_urb_complete, req);
		break;
	case WINUSB_XFER_INTERRUPT:
		upipe = req->dir_in ? usb_rcvintpipe(udev, req->endpoint) :
				      usb_sndintpipe(udev, req->endpoint);
		usb_fill_int_urb(urb, udev, upipe, buf, urb_len,
				 winusb_urb_complete, req,
				 pipe->ep->desc.bInterval);
		break;
	default:
		upipe = req->dir_in ? usb_rcvbulkpipe(udev, req->endpoint) :
				      usb_sndbulkpipe(udev, req->endpoint);
		usb_fill_bulk_urb(urb, udev, upipe, buf, urb_len,
				  winusb_urb_complete, req);
		break;
	}

	/*
	 * The URB may have carried a scatterlist last time: the core leaves
	 * num_mapped_sgs set, and EHCI and UHCI walk urb->sg by that count.
	 */
	urb->sg = NULL;
	urb->num_sgs = 0;
	urb->num_mapped_sgs = 0;
	if (req->mode == WINUSB_DATA_SG)
		winusb_build_sg(req, urb, req->sg, req->actual, piece);

	urb->transfer_flags = 0;
	if (req->zlp && piece == remaining)
		urb->transfer_flags |= URB_ZERO_PACKET;

	req->piece = piece;
	usb_anchor_urb(urb, &pipe->anchor);
	ret = usb_submit_urb(urb, GFP_ATOMIC);
	trace_winusb_urb_submit(req, urb, ret);
	if (ret)
		usb_unanchor_urb(urb);
	return ret;
}

static void winusb_piece_complete(struct urb *urb);

/*
 * Send every piece of a bulk request at once, in order.  IN pieces but the
 * last are URB_SHORT_NOT_OK: a short one stops the endpoint's queue until
 * its completion has unlinked the later pieces, so they take nothing that
 * belongs to the next transfer.
 *
 * Context: winusb_dev.lock held; nothing of the request is at the host
 * controller.
 * Return: 0 if a piece went (a later piece that failed to go stops the
 * request as a short piece does), or the first piece's error.
 */
static int winusb_submit_pieces(struct winusb_request *req)
{
	struct winusb_pipe *pipe = req->pipe;
	struct usb_device *udev = pipe->wdev->udev;
	unsigned int upipe = req->dir_in ?
			     usb_rcvbulkpipe(udev, req->endpoint) :
			     usb_sndbulkpipe(udev, req->endpoint);
	unsigned int i;
	u32 off = 0;
	int ret;

	req->pieces_busy = 0;
	req->pieces_stopped = false;
	for (i = 0; i < req->npieces; i++) {
		struct urb *urb = req->urbs[i];
		u32 len = min(req->length - off, req->piece_max);
		bool last = i == req->npieces - 1;

		usb_fill_bulk_urb(urb, udev, upipe, NULL, len,
				  winusb_piece_complete, req);
		winusb_build_sg(req, urb, req->sg + i * req->nsg, off, len);
		urb->transfer_flags = 0;
		if (req->dir_in && !last)
			urb->transfer_flags |= URB_SHORT_NOT_OK;
		if (req->zlp && last)
			urb->transfer_flags |= URB_ZERO_PACKET;
		usb_anchor_urb(urb, &pipe->anchor);
		ret = usb_submit_urb(urb, GFP_ATOMIC);
		trace_winusb_urb_submit(req, urb, ret);
		if (ret) {
			usb_unanchor_urb(urb);
			if (!i)
				return ret;
			/* What went is the request; it ends there. */
			req->pieces_stopped = true;
			req->status = winusb_urb_status(req, ret);
			break;
		}
		req->pieces_busy++;
		off += len;
	}
	return 0;
}

/*
 * A piece of a request sent all at once is back.  The bytes of the pieces
 * up to the first short or failed one are the transfer's; that one unlinks
 * the later pieces (the host controller holds the endpoint's queue until
 * it returns), and the last piece back finishes the request.
 */
static void winusb_piece_complete(struct urb *urb)
{
	struct winusb_request *req = urb->context;
	struct winusb_pipe *pipe = req->pipe;
	struct winusb_dev *wdev = pipe->wdev;
	u32 got = min(urb->actual_length, urb->transfer_buffer_length);
	int status = urb->status;
	unsigned long flags;
	unsigned int i, from = 0;

	trace_winusb_urb_complete(req, urb);
	spin_lock_irqsave(&wdev->lock, flags);
	if (!req->pieces_stopped) {
		req->actual += got;
		if (status == -EREMOTEIO)	/* short, URB_SHORT_NOT_OK */
			status = 0;
		if (status || got < urb->transfer_buffer_length) {
			req->pieces_stopped = true;
			req->status = winusb_urb_status(req, status);
			for (i = 0; i < req->npieces; i++)
				if (req->urbs[i] == urb)
					from = i + 1;
		}
	}
	if (from && from < req->npieces) {
		/* The unlinks may complete pieces here: no lock held. */
		req->pieces_busy++;
		spin_unlock_irqrestore(&wdev->lock, flags);
		for (i = from; i < req->npieces; i++)
			usb_unlink_urb(req->urbs[i]);
		spin_lock_irqsave(&wdev->lock, flags);
		req->pieces_busy--;
	}
	if (!--req->pieces_busy) {
		winusb_request_finish(req, req->status ? req->status :
					   req->cancel_status);
		winusb_pipe_kick(pipe);
	}
	spin_unlock_irqrestore(&wdev->lock, flags);
}

/* Does this request go as all its pieces at once (winusb_submit_pieces())? */
static bool winusb_request_in_pieces(struct winusb_request *req)
{
	return req->npieces && !req->actual && req->mode == WINUSB_DATA_SG;
}

/* Does this request have to run alone until it finishes? */
static bool winusb_request_is_barrier(struct winusb_request *req)
{
	if (winusb_request_in_pieces(req))
		return false;
	if (req->length - req->actual > req->piece_max)
		return true;
	if (!req->dir_in || req->type == WINUSB_XFER_CONTROL)
		return false;
	if (req->ignore_short)
		return true;
	/* It may keep bytes that the next read must get first. */
	return req->mode == WINUSB_DATA_COPY && req->allow_partial &&
	       !req->auto_flush;
}

/* Serve the start of an IN request from bytes kept by an earlier read. */
static void winusb_request_take_leftover(struct winusb_request *req)
{
	struct winusb_pipe *pipe = req->pipe;
	u32 n = min_t(u32, pipe->leftover_len, req->length);

	if (!n)
		return;
	winusb_copy_pages(req, 0, pipe->leftover + pipe->leftover_off, n, true);
	pipe->leftover_off += n;
	pipe->leftover_len -= n;
	req->actual = n;
	req->cflags |= WINUSB_COMPLETION_FROM_LEFTOVER;
}

/*
 * winusb_transfer_start() - start a queued request (the ops' start)
 *
 * Context: winusb_dev.lock held; any context.
 * Return: true if later requests of the pipe may start too.
 */
static bool winusb_transfer_start(struct winusb_request *req)
{
	struct winusb_pipe *pipe = req->pipe;
	int ret;

	if (req->cancel_status) {
		winusb_request_finish(req, req->cancel_status);
		return true;
	}
	if (pipe->wdev->disconnected) {
		winusb_request_finish(req, -ENODEV);
		return true;
	}
	if (!pipe->ep) {
		/* The alternate setting changed under a reset. */
		winusb_request_finish(req, -ENOENT);
		return true;
	}

	if (req->dir_in && req->type != WINUSB_XFER_CONTROL) {
		winusb_request_take_leftover(req);
		if (req->actual == req->length &&
		    (req->actual || req->allow_partial)) {
			winusb_request_finish(req, 0);
			return true;
		}
	}

	req->state = WINUSB_REQ_ACTIVE;
	if (winusb_request_in_pieces(req))
		ret = winusb_submit_pieces(req);
	else
		ret = winusb_submit_piece(req);
	if (ret) {
		winusb_request_finish(req, ret == -ENOENT ? -ENODEV : ret);
		return true;
	}
	winusb_request_arm_timeout(req, req->timeout_ms);
	if (winusb_request_is_barrier(req)) {
		pipe->barrier = req;
		return false;
	}
	return true;
}

/* Keep what a rounded-up read got beyond the caller's buffer. */
static void winusb_request_excess(struct winusb_request *req, u32 excess)
{
	struct winusb_pipe *pipe = req->pipe;

	if (!req->allow_partial) {
		req->status = -EOVERFLOW;
		return;
	}
	if (req->auto_flush || !pipe->leftover) {
		req->cflags |= WINUSB_COMPLETION_DATA_DROPPED;
		return;
	}
	memcpy(pipe->leftover, req->kbuf + req->piece, excess);
	pipe->leftover_off = 0;
	pipe->leftover_len = excess;
	req->cflags |= WINUSB_COMPLETION_DATA_KEPT;
}

/*
 * One piece is back: take its data, then send the next piece, or finish.
 * A stalled read with AUTO_CLEAR_STALL waits for the pipe's halt to be
 * cleared (pipe.c).
 */
static void winusb_urb_complete(struct urb *urb)
{
	struct winusb_request *req = urb->context;
	struct winusb_pipe *pipe = req->pipe;
	struct winusb_dev *wdev = pipe->wdev;
	/*
	 * Never more than the URB had room for: vhci_hcd stores the USB/IP
	 * peer's actual_length before it refuses an oversized answer.
	 */
	u32 got = min(urb->actual_length, urb->transfer_buffer_length);
	u32 useful = min(got, req->piece);
	int status = urb->status;
	unsigned long flags;
	bool is_short;
	int ret;

	trace_winusb_urb_complete(req, urb);
	spin_lock_irqsave(&wdev->lock, flags);

	if (req->dir_in && req->mode == WINUSB_DATA_COPY && useful)
		winusb_copy_pages(req, req->actual, req->kbuf, useful, true);
	req->actual += useful;
	req->status = 0;
	if (req->dir_in && got > req->piece)
		winusb_request_excess(req, got - req->piece);

	if (status) {
		/* A stall the device sent, not one a cancel reports. */
		if (status == -EPIPE && req->auto_clear_stall &&
		    !req->cancel_status) {
			winusb_pipe_stalled(req);
			goto out_unlock;
		}
		winusb_request_finish(req, winusb_urb_status(req, status));
		goto out_kick;
	}
	if (req->status || req->cancel_status) {
		winusb_request_finish(req, req->status ? req->status :
					   req->cancel_status);
		goto out_kick;
	}

	is_short = got < urb->transfer_buffer_length;
	if (req->actual < req->length && (!is_short || req->ignore_short)) {
		ret = winusb_submit_piece(req);
		if (!ret)
			goto out_unlock;
		winusb_request_finish(req, req->cancel_status ?
					   req->cancel_status :
					   winusb_urb_status(req, ret));
		goto out_kick;
	}
	winusb_request_finish(req, 0);

out_kick:
	winusb_pipe_kick(pipe);
out_unlock:
	spin_unlock_irqrestore(&wdev->lock, flags);
}

/*
 * Timeout: unlink the URB; its completion finishes the request.  Pieces
 * sent at once go first to last: the first one back unlinks the rest while
 * the endpoint's queue is held, so what came in before is kept, in order.
 */
static void winusb_transfer_unlink(struct winusb_request *req)
{
	unsigned int i;

	usb_unlink_urb(req->urb);
	for (i = 1; i < req->npieces; i++)
		usb_unlink_urb(req->urbs[i]);
}

/* Cancel: kill the URBs (first to last); that blocks resubmission. */
static void winusb_transfer_kill(struct winusb_request *req)
{
	unsigned int i;

	usb_kill_urb(req->urb);
	for (i = 1; i < req->npieces; i++)
		usb_kill_urb(req->urbs[i]);
}

/* Free a request nobody references any more.  Context: process. */
static void winusb_transfer_free(struct winusb_request *req)
{
	unsigned int i;

	if (req->npages)
		winusb_unpin_short(req->pages, req->npages, req->dir_in);
	kvfree(req->pages);
	kfree(req->sg);
	kfree(req->kbuf);
	for (i = 1; req->urbs && i < req->npieces; i++)
		usb_free_urb(req->urbs[i]);
	kfree(req->urbs);
	usb_free_urb(req->urb);
	if (req->mem)
		winusb_file_uncharge(req->file, req->mem, true);
	kfree(req);
}

static const struct winusb_request_ops winusb_transfer_ops = {
	.start = winusb_transfer_start,
	.unlink = winusb_transfer_unlink,
	.kill = winusb_transfer_kill,
	.free = winusb_transfer_free,
};

/* Is @address an endpoint of any alternate setting of the interface? */
static bool winusb_intf_has_endpoint(struct usb_interface *intf, u8 address)
{
	unsigned int i, j;

	for (i = 0; i < intf->num_altsetting; i++) {
		struct usb_host_interface *alt = &intf->altsetting[i];

		for (j = 0; j < alt->desc.bNumEndpoints; j++)
			if (alt->endpoint[j].desc.bEndpointAddress == address)
				return true;
	}
	return false;
}

/*
 * Control transfer: WinUSB's recipient rules.  The setup packet is kept
 * as the wire bytes; only wIndex may change.
 */
static int winusb_prepare_control(struct winusb_dev *wdev,
				  struct winusb_request *req,
				  const struct winusb_submit *sub)
{
	struct usb_ctrlrequest *setup = &req->setup;
	u16 windex;
	u16 wlength;

	if (sub->endpoint)
		return -EINVAL;
	memcpy(setup, sub->setup, sizeof(*setup));
	wlength = le16_to_cpu(setup->wLength);
	windex = le16_to_cpu(setup->wIndex);
	if (sub->length != wlength)
		return -EINVAL;
	if (wlength > WINUSB_MAX_CONTROL_LENGTH)
		return -EMSGSIZE;

	switch (setup->bRequestType & USB_RECIP_MASK) {
	case USB_RECIP_INTERFACE:
		windex = (windex & 0xff00) | wdev->ifnum;
		setup->wIndex = cpu_to_le16(windex);
		break;
	case USB_RECIP_ENDPOINT:
		if ((windex & 0xff) &&
		    !winusb_intf_has_endpoint(wdev->intf, windex & 0xff))
			return -ENOENT;
		break;
	}

	/* These would change the core's view of the device behind its back. */
	if ((setup->bRequestType & USB_TYPE_MASK) == USB_TYPE_STANDARD &&
	    (setup->bRequest == USB_REQ_SET_ADDRESS ||
	     setup->bRequest == USB_REQ_SET_CONFIGURATION ||
	     setup->bRequest == USB_REQ_SET_INTERFACE))
		return -EPERM;

	req->pipe = &wdev->pipes[0];
	/* Without a data stage the status stage is IN: an OUT pipe (usbfs too). */
	req->dir_in = (setup->bRequestType & USB_DIR_IN) && wlength;
	return 0;
}

static int winusb_prepare_pipe(struct winusb_dev *wdev,
			       struct winusb_request *req,
			       const struct winusb_submit *sub)
{
	struct winusb_pipe *pipe;

	if (memchr_inv(sub->setup, 0, sizeof(sub->setup)))
		return -EINVAL;
	pipe = sub->endpoint ? winusb_pipe_get(wdev, sub->endpoint) : NULL;
	if (!pipe)
		return -ENOENT;
	if (usb_endpoint_type(&pipe->ep->desc) != sub->type)
		return -EINVAL;
	req->pipe = pipe;
	req->dir_in = usb_endpoint_dir_in(&pipe->ep->desc);
	/*
	 * RAW_IO is a policy of IN pipes; as every policy on a pipe it does
	 * not apply to, Windows accepts it on an OUT pipe to no effect.
	 */
	if (req->dir_in && pipe->raw_io) {
		if (sub->length % pipe->maxp)
			return -EINVAL;
		if (sub->length > WINUSB_MAX_TRANSFER_SIZE)
			return -EMSGSIZE;
	}
	if (req->dir_in) {
		req->auto_clear_stall = pipe->auto_clear_stall;
		req->ignore_short = pipe->ignore_short_packets && !pipe->raw_io;
		req->allow_partial = pipe->allow_partial_reads || pipe->raw_io;
		req->auto_flush = pipe->auto_flush;
	} else {
		req->zlp = pipe->short_packet_terminate && sub->length &&
			   !(sub->length % pipe->maxp);
	}
	return 0;
}

/*
 * Choose how the data moves, charge the file, then pin or copy the buffer.
 * Context: process, io_mutex held.
 */
static int winusb_request_prepare_data(struct winusb_file *wf,
				       struct winusb_request *req)
{
	struct usb_device *udev = wf->wdev->udev;
	unsigned int sg_entries = winusb_sg_entries(udev);
	unsigned int npages = 0, pieces;
	size_t mem;
	int ret;

	req->page_off = offset_in_page(req->ubuf);
	if (req->length && !access_ok((void __user *)req->ubuf, req->length))
		return -EFAULT;

	if (req->type == WINUSB_XFER_CONTROL) {
		req->mode = req->length ? WINUSB_DATA_COPY : WINUSB_DATA_NONE;
		req->kbuf_size = req->length;
		if (req->dir_in && req->length)
			npages = DIV_ROUND_UP(req->page_off + req->length,
					      PAGE_SIZE);
	} else if (!req->length) {
		/* A zero-length read that must see over-long data: copied. */
		if (req->dir_in && !req->allow_partial) {
			req->mode = WINUSB_DATA_COPY;
			req->kbuf_size = req->pipe->maxp;
		} else {
			req->mode = WINUSB_DATA_NONE;
		}
	} else {
		npages = DIV_ROUND_UP((size_t)req->page_off + req->length,
				      PAGE_SIZE);
		req->nsg = sg_entries ? min(npages, sg_entries) : 0;
		req->mode = WINUSB_DATA_SG;
		if (!winusb_sg_ok(req, 0)) {
			req->mode = WINUSB_DATA_COPY;
			req->nsg = 0;
			req->kbuf_size = winusb_kbuf_size(req, req->length);
		}
	}
	if (req->mode == WINUSB_DATA_SG)
		req->piece_max = rounddown((sg_entries - 1) * PAGE_SIZE,
					   req->pipe->maxp);
	else
		req->piece_max = req->kbuf_size;
	/*
	 * A bulk transfer larger than one URB goes as all its pieces at once,
	 * unless the policies need to see each piece's end first (a stall to
	 * clear, short packets to ignore), or its scatterlists would make
	 * too large an allocation.  IN only with bulk_in_at_once: a short
	 * piece must stop the endpoint's queue until its completion has
	 * unlinked the rest, and behind UHCI (usbredir) a later piece took
	 * the next transfer's data.
	 */
	pieces = req->piece_max ? DIV_ROUND_UP(req->length, req->piece_max) : 0;
	if (req->mode == WINUSB_DATA_SG && req->type == WINUSB_XFER_BULK &&
	    (!req->dir_in || bulk_in_at_once) &&
	    pieces > 1 && pieces <= WINUSB_MAX_PIECES &&
	    pieces * req->nsg <= 2 * WINUSB_MAX_SG_ENTRIES &&
	    !req->ignore_short && !req->auto_clear_stall)
		req->npieces = pieces;

	/*
	 * Everything the request will hold, as the allocator hands it out,
	 * charged before it is taken.
	 */
	mem = kmalloc_size_roundup(sizeof(*req)) +
	      kmalloc_size_roundup(sizeof(struct urb)) *
	      max(req->npieces, 1U) +
	      (req->npieces ?
	       kmalloc_size_roundup(req->npieces * sizeof(*req->urbs)) : 0) +
	      kmalloc_size_roundup((size_t)req->nsg * max(req->npieces, 1U) *
				   sizeof(*req->sg)) +
	      kmalloc_size_roundup((size_t)npages * sizeof(*req->pages)) +
	      (size_t)npages * PAGE_SIZE +
	      kmalloc_size_roundup(req->kbuf_size);
	ret = winusb_file_charge(wf, mem, true);
	if (ret)
		return ret;
	req->mem = mem;

	if (req->nsg) {
		req->sg = kmalloc_array(req->nsg * max(req->npieces, 1U),
					sizeof(*req->sg), GFP_KERNEL_ACCOUNT);
		if (!req->sg)
			return -ENOMEM;
	}
	if (req->kbuf_size) {
		req->kbuf = kmalloc(req->kbuf_size, GFP_KERNEL_ACCOUNT);
		if (!req->kbuf)
			return -ENOMEM;
	}
	if (req->type == WINUSB_XFER_CONTROL && !req->dir_in && req->length &&
	    copy_from_user(req->kbuf, (void __user *)req->ubuf,
			   req->length))
		return -EFAULT;
	if (!npages)
		return 0;
	req->pages = kvmalloc_array(npages, sizeof(*req->pages),
				    GFP_KERNEL_ACCOUNT);
	if (!req->pages)
		return -ENOMEM;
	ret = winusb_pin_short(req->ubuf, npages, req->dir_in, req->pages);
	if (ret)
		return ret;
	req->npages = npages;
	return 0;
}

/* Allocate a leftover buffer if this read may keep bytes for the next. */
static int winusb_pipe_prepare_leftover(struct winusb_request *req)
{
	struct winusb_pipe *pipe = req->pipe;
	u8 *buf;

	if (!req->dir_in || req->type == WINUSB_XFER_CONTROL ||
	    !req->allow_partial || req->auto_flush || pipe->leftover)
		return 0;
	buf = kmalloc(WINUSB_MAX_PACKET, GFP_KERNEL_ACCOUNT);
	if (!buf)
		return -ENOMEM;
	spin_lock_irq(&pipe->wdev->lock);
	pipe->leftover = buf;
	spin_unlock_irq(&pipe->wdev->lock);
	return 0;
}

/* The URBs of a request whose pieces go at once; [0] is req->urb. */
static int winusb_alloc_piece_urbs(struct winusb_request *req)
{
	unsigned int i;

	if (!req->npieces)
		return 0;
	req->urbs = kcalloc(req->npieces, sizeof(*req->urbs),
			    GFP_KERNEL_ACCOUNT);
	if (!req->urbs)
		return -ENOMEM;
	req->urbs[0] = req->urb;
	for (i = 1; i < req->npieces; i++) {
		req->urbs[i] = usb_alloc_urb(0, GFP_KERNEL_ACCOUNT);
		if (!req->urbs[i])
			return -ENOMEM;
	}
	return 0;
}

/* Undo a request that never got queued. */
static void winusb_request_discard(struct winusb_file *wf,
				   struct winusb_request *req)
{
	if (req->pm_ref)
		usb_autopm_put_interface(wf->wdev->intf);
	winusb_transfer_free(req);
}

/**
 * winusb_ioctl_submit() - WINUSB_IOCTL_SUBMIT
 * @wf: the file
 * @uarg: struct winusb_submit
 *
 * Everything that can be checked is checked here; once the request is
 * queued, failures go to its completion record.
 *
 * Context: process, io_mutex held, interface connected.
 * Return: 0 or a negative errno (see the uapi header).
 */
int winusb_ioctl_submit(struct winusb_file *wf, void __user *uarg)
{
	struct winusb_dev *wdev = wf->wdev;
	struct winusb_request *req;
	struct winusb_submit sub;
	struct winusb_pipe *pipe;
	int ret;

	ret = winusb_copy_arg_in(&sub, sizeof(sub), sizeof(sub), uarg);
	if (ret)
		return ret;
	if (sub.flags & ~WINUSB_SUBMIT_TIMEOUT || sub.__reserved ||
	    sub.__reserved2)
		return -EINVAL;
	if (!(sub.flags & WINUSB_SUBMIT_TIMEOUT) && sub.timeout_ms)
		return -EINVAL;
	/* Isochronous transfers have their own ioctl. */
	if (sub.type != WINUSB_XFER_CONTROL && sub.type != WINUSB_XFER_BULK &&
	    sub.type != WINUSB_XFER_INTERRUPT)
		return -EINVAL;
	if (sub.data_uptr != (unsigned long)sub.data_uptr)
		return -EFAULT;
	/* Fail now rather than after queueing if out_id is not writable. */
	sub.out_id = 0;
	ret = winusb_copy_arg_out(uarg, &sub, sizeof(sub));
	if (ret)
		return ret;

	if (wdev->changing_alt)
		return -EBUSY;
	req = kzalloc(sizeof(*req), GFP_KERNEL_ACCOUNT);
	if (!req)
		return -ENOMEM;
	winusb_request_init(req, wf, NULL, &winusb_transfer_ops);
	req->cookie = sub.cookie;
	req->type = sub.type;
	req->endpoint = sub.endpoint;
	req->length = sub.length;
	req->ubuf = sub.data_uptr;
	req->allow_partial = true;

	switch (sub.type) {
	case WINUSB_XFER_CONTROL:
		ret = winusb_prepare_control(wdev, req, &sub);
		break;
	case WINUSB_XFER_BULK:
	case WINUSB_XFER_INTERRUPT:
		ret = winusb_prepare_pipe(wdev, req, &sub);
		break;
	default:
		ret = -EINVAL;
		break;
	}
	if (ret)
		goto out_discard;
	pipe = req->pipe;
	req->timeout_ms = sub.flags & WINUSB_SUBMIT_TIMEOUT ? sub.timeout_ms :
							      pipe->timeout_ms;

	ret = winusb_request_prepare_data(wf, req);
	if (ret)
		goto out_discard;
	ret = winusb_pipe_prepare_leftover(req);
	if (ret)
		goto out_discard;

	req->urb = usb_alloc_urb(0, GFP_KERNEL_ACCOUNT);
	if (!req->urb) {
		ret = -ENOMEM;
		goto out_discard;
	}
	ret = winusb_alloc_piece_urbs(req);
	if (ret)
		goto out_discard;
	ret = usb_autopm_get_interface(wdev->intf);
	if (ret)
		goto out_discard;
	req->pm_ref = true;

	spin_lock_irq(&wdev->lock);
	winusb_request_enqueue(req);
	sub.out_id = req->id;
	trace_winusb_submit(req);
	trace_winusb_path(req);
	winusb_pipe_kick(pipe);
	spin_unlock_irq(&wdev->lock);

	/* Checked writable above; the request runs whatever happens here. */
	return winusb_copy_arg_out(uarg, &sub, sizeof(sub));

out_discard:
	winusb_request_discard(wf, req);
	return ret;
}

