// SPDX-License-Identifier: GPL-2.0
/*
 * winusb - pipes: endpoint shapes and lookup, request ordering, abort,
 * reset, flush, AUTO_CLEAR_STALL and RESET_PIPE_ON_RESUME.
 *
 * Clearing a halt.  A halt may only be cleared on an idle endpoint: EHCI
 * refuses CLEAR_FEATURE on a busy one ("clear_halt for a busy endpoint")
 * and leaves its queue stopped, xHCI refuses to reset it and the data
 * toggles part ways.  So whoever clears a halt (RESET_PIPE, or the
 * clear_work after a stall with AUTO_CLEAR_STALL) first holds the pipe
 * (@halted: queued requests wait), stops what is at the host controller,
 * clears, and lets the queue go on.  RESET_PIPE cancels the pipe's
 * requests first, as WinUsb_ResetPipe does; after a stall, the other
 * requests that were at the host controller finish with -EPIPE, as the
 * halted endpoint would have made them.
 */
#include <linux/slab.h>
#include <linux/usb.h>

#include "trace.h"
#include "winusb.h"

/*
 * Largest MaximumBytesPerInterval believed (SuperSpeedPlus isochronous);
 * nothing else checks dwBytesPerInterval.
 */
#define WINUSB_MAX_BYTES_PER_INTERVAL	(96 * 1024)

/**
 * winusb_pipe_shape() - an endpoint's timing and sizes
 * @udev: the device
 * @ep: one of its endpoints
 * @sh: filled in
 *
 * The descriptor fields were bounded by the USB core when it parsed the
 * configuration (wMaxPacketSize, mult, bMaxBurst, wBytesPerInterval),
 * except bInterval and SuperSpeedPlus' dwBytesPerInterval, which are
 * clamped here.
 */
void winusb_pipe_shape(struct usb_device *udev, struct usb_host_endpoint *ep,
		       struct winusb_pipe_shape *sh)
{
	const struct usb_endpoint_descriptor *desc = &ep->desc;
	unsigned int exp = clamp_t(unsigned int, desc->bInterval, 1, 16) - 1;
	bool periodic = usb_endpoint_xfer_isoc(desc) ||
			usb_endpoint_xfer_int(desc);
	u32 maxp = usb_endpoint_maxp(desc);
	u32 bytes;

	if (udev->speed >= USB_SPEED_SUPER) {
		if (!periodic)
			bytes = maxp * (ep->ss_ep_comp.bMaxBurst + 1);
		else if (usb_endpoint_xfer_isoc(desc) &&
			 USB_SS_SSP_ISOC_COMP(ep->ss_ep_comp.bmAttributes))
			bytes = le32_to_cpu(ep->ssp_isoc_ep_comp.dwBytesPerInterval);
		else
			bytes = le16_to_cpu(ep->ss_ep_comp.wBytesPerInterval);
	} else if (udev->speed == USB_SPEED_HIGH && periodic) {
		bytes = maxp * usb_endpoint_maxp_mult(desc);
	} else {
		bytes = maxp;
	}
	sh->max_bytes_per_interval = bytes > WINUSB_MAX_BYTES_PER_INTERVAL ? 0 :
				 bytes;

	sh->interval_uf = 0;
	sh->interval_us = 0;
	sh->urb_interval = 1U << exp;
	if (!periodic)
		return;
	if (udev->speed >= USB_SPEED_HIGH) {
		sh->interval_uf = 1U << exp;
	} else if (usb_endpoint_xfer_isoc(desc)) {
		sh->interval_uf = 8U << exp;
	} else {
		sh->urb_interval = max_t(u32, desc->bInterval, 1);
		sh->interval_uf = 8 * sh->urb_interval;
	}
	sh->interval_us = sh->interval_uf * 125;
}

/* The USB core's pipe handle for an endpoint (direction and number). */
static unsigned int winusb_usb_pipe(struct winusb_pipe *pipe)
{
	struct usb_device *udev = pipe->wdev->udev;
	unsigned int ep = pipe->address & USB_ENDPOINT_NUMBER_MASK;

	return pipe->address & USB_DIR_IN ? usb_rcvbulkpipe(udev, ep) :
					    usb_sndbulkpipe(udev, ep);
}

/**
 * winusb_pipe_stalled() - a request of the pipe met a stall (AUTO_CLEAR_STALL)
 * @req: the request; its URB is back
 *
 * The request waits, and the pipe holds its queue, until the clear_work
 * has cleared the halt.
 *
 * Context: winusb_dev.lock held; any context.
 */
void winusb_pipe_stalled(struct winusb_request *req)
{
	struct winusb_pipe *pipe = req->pipe;

	lockdep_assert_held(&pipe->wdev->lock);
	req->state = WINUSB_REQ_STALLED;
	if (!pipe->stall_pending) {
		pipe->stall_pending = true;
		pipe->halted++;
		schedule_work(&pipe->clear_work);
	}
}

/*
 * Stop the pipe's requests that are at the host controller, reporting
 * @status unless they have a status already.
 *
 * Context: process, the pipe held (@halted), no lock held.
 */
static void winusb_pipe_quiesce(struct winusb_pipe *pipe, int status)
{
	struct winusb_dev *wdev = pipe->wdev;
	struct winusb_request *req;

	spin_lock_irq(&wdev->lock);
	list_for_each_entry(req, &pipe->queue, pipe_node)
		if (req->state == WINUSB_REQ_ACTIVE && !req->cancel_status)
			req->cancel_status = status;
	spin_unlock_irq(&wdev->lock);
	usb_kill_anchored_urbs(&pipe->anchor);
}

/* Let the pipe's queue go on after a halt was cleared.  Lock held. */
static void winusb_pipe_release(struct winusb_pipe *pipe)
{
	lockdep_assert_held(&pipe->wdev->lock);
	if (!--pipe->halted)
		winusb_pipe_kick(pipe);
}

/*
 * AUTO_CLEAR_STALL: clear the halt, then finish the reads that stalled,
 * so the caller sees the failed read only once the pipe works again.  A
 * read cancelled, aborted or timed out meanwhile reports that instead.
 */
static void winusb_pipe_clear_work(struct work_struct *work)
{
	struct winusb_pipe *pipe = container_of(work, struct winusb_pipe,
						clear_work);
	struct winusb_dev *wdev = pipe->wdev;
	struct winusb_request *req, *tmp;
	int ret = -ENODEV;

	mutex_lock(&pipe->halt_mutex);
	spin_lock_irq(&wdev->lock);
	pipe->stall_pending = false;
	list_for_each_entry(req, &pipe->queue, pipe_node)
		if (req->state == WINUSB_REQ_STALLED)
			req->halt_clearing = true;
	spin_unlock_irq(&wdev->lock);

	winusb_pipe_quiesce(pipe, -EPIPE);
	if (!READ_ONCE(wdev->disconnected))
		ret = usb_clear_halt(wdev->udev, winusb_usb_pipe(pipe));

	spin_lock_irq(&wdev->lock);
	list_for_each_entry_safe(req, tmp, &pipe->queue, pipe_node) {
		int status = req->cancel_status;

		if (!req->halt_clearing)
			continue;
		req->halt_clearing = false;
		if (!status && !ret)
			req->cflags |= WINUSB_COMPLETION_STALL_CLEARED;
		if (!status)
			status = wdev->disconnected ? -ENODEV : -EPIPE;
		winusb_request_finish(req, status);
	}
	winusb_pipe_release(pipe);
	spin_unlock_irq(&wdev->lock);
	mutex_unlock(&pipe->halt_mutex);
}

/**
 * winusb_pipes_init() - set up every pipe slot with default policies
 * @wdev: the interface, not yet visible
 */
void winusb_pipes_init(struct winusb_dev *wdev)
{
	unsigned int i;

	for (i = 0; i < WINUSB_NUM_PIPES; i++) {
		struct winusb_pipe *pipe = &wdev->pipes[i];

		pipe->wdev = wdev;
		pipe->address = (i & USB_ENDPOINT_NUMBER_MASK) |
				(i & 16 ? USB_DIR_IN : 0);
		pipe->maxp = 1;
		init_usb_anchor(&pipe->anchor);
		INIT_LIST_HEAD(&pipe->queue);
		mutex_init(&pipe->halt_mutex);
		INIT_WORK(&pipe->clear_work, winusb_pipe_clear_work);
		winusb_policy_defaults(pipe);
	}
	winusb_pipes_update(wdev);
}

/**
 * winusb_pipes_cleanup() - free what the pipes allocated
 * @wdev: the interface; nothing uses it any more
 */
void winusb_pipes_cleanup(struct winusb_dev *wdev)
{
	unsigned int i;

	for (i = 0; i < WINUSB_NUM_PIPES; i++)
		kfree(wdev->pipes[i].leftover);
}

/**
 * winusb_pipes_update() - follow the interface's current alternate setting
 * @wdev: the interface
 *
 * Pipes of endpoints not in the setting lose their endpoint; data kept
 * from partial reads is dropped.  Policies stay with the address.
 *
 * Context: winusb_dev.lock held (or the interface not yet visible), no
 * request pending.
 */
void winusb_pipes_update(struct winusb_dev *wdev)
{
	struct usb_host_interface *alt = wdev->intf->cur_altsetting;
	unsigned int i;

	for (i = 0; i < WINUSB_NUM_PIPES; i++) {
		wdev->pipes[i].ep = NULL;
		wdev->pipes[i].leftover_len = 0;
	}
	for (i = 0; i < alt->desc.bNumEndpoints; i++) {
		struct usb_host_endpoint *ep = &alt->endpoint[i];
		struct winusb_pipe *pipe;

		pipe = &wdev->pipes[winusb_pipe_index(ep->desc.bEndpointAddress)];
		pipe->ep = ep;
		pipe->maxp = max_t(u16, usb_endpoint_maxp(&ep->desc), 1);
	}
	wdev->pipes[0].ep = &wdev->udev->ep0;
	wdev->pipes[0].maxp = max_t(u16, usb_endpoint_maxp(&wdev->udev->ep0.desc),
				    1);
}

/**
 * winusb_pipe_get() - the pipe of an endpoint in the current setting
 * @wdev: the interface
 * @address: bEndpointAddress, or 0 for the control pipe
 *
 * Return: the pipe, or NULL if the current alternate setting has no such
 * endpoint.
 */
struct winusb_pipe *winusb_pipe_get(struct winusb_dev *wdev, u8 address)
{
	struct winusb_pipe *pipe;

	if (address & ~(USB_DIR_IN | USB_ENDPOINT_NUMBER_MASK) ||
	    address == USB_DIR_IN)
		return NULL;
	pipe = &wdev->pipes[winusb_pipe_index(address)];
	return pipe->ep ? pipe : NULL;
}

/**
 * winusb_pipe_kick() - start the queued requests that may start
 * @pipe: the pipe
 *
 * Requests start in submission order.  Most run side by side, each in its
 * own URB; a request that is sent in several pieces, or whose end decides
 * where the next read's data comes from (partial reads, IGNORE_SHORT_PACKETS)
 * is a barrier: nothing after it starts until it finishes.  Nothing starts
 * while a halt is being cleared.
 *
 * Context: winusb_dev.lock held; any context.
 */
void winusb_pipe_kick(struct winusb_pipe *pipe)
{
	struct winusb_request *req, *tmp;

	lockdep_assert_held(&pipe->wdev->lock);

	if (pipe->halted)
		return;
	list_for_each_entry_safe(req, tmp, &pipe->queue, pipe_node) {
		if (pipe->barrier)
			return;
		if (req->state != WINUSB_REQ_QUEUED)
			continue;
		if (!winusb_request_start(req))
			return;
	}
}

static bool winusb_pipe_idle(struct winusb_pipe *pipe)
{
	struct winusb_dev *wdev = pipe->wdev;
	bool idle;

	spin_lock_irq(&wdev->lock);
	idle = list_empty(&pipe->queue);
	spin_unlock_irq(&wdev->lock);
	return idle;
}

/**
 * winusb_pipe_abort() - cancel every request of a pipe and wait for them
 * @wdev: the interface
 * @pipe: the pipe
 * @status: status of the cancelled requests (-ECANCELED, -ENODEV)
 *
 * Context: process, no spinlock held; new submits must be kept out by the
 * caller (io_mutex) for the wait to end.
 * Return: 0.
 */
int winusb_pipe_abort(struct winusb_dev *wdev, struct winusb_pipe *pipe,
		      int status)
{
	struct winusb_request *req, *tmp;

	spin_lock_irq(&wdev->lock);
	list_for_each_entry_safe(req, tmp, &pipe->queue, pipe_node) {
		if (!req->cancel_status)
			req->cancel_status = status;
		trace_winusb_cancel(req, req->cancel_status);
		if (req->state == WINUSB_REQ_QUEUED)
			winusb_request_finish(req, req->cancel_status);
	}
	spin_unlock_irq(&wdev->lock);

	/* Completions see cancel_status and neither resubmit nor start more. */
	usb_kill_anchored_urbs(&pipe->anchor);
	flush_work(&pipe->clear_work);
	wait_event(wdev->idle_wait, winusb_pipe_idle(pipe));
	return 0;
}

/**
 * winusb_abort_all() - cancel every request on the interface
 * @wdev: the interface
 * @status: status of the cancelled requests
 *
 * Context: process; see winusb_pipe_abort().
 */
void winusb_abort_all(struct winusb_dev *wdev, int status)
{
	unsigned int i;

	for (i = 0; i < WINUSB_NUM_PIPES; i++)
		winusb_pipe_abort(wdev, &wdev->pipes[i], status);
}

/*
 * Read a struct winusb_pipe_cmd argument and find its pipe.  The control pipe
 * (0) is accepted only if @control_ok.
 */
static int winusb_pipe_arg(struct winusb_file *wf, void __user *uarg,
			   bool control_ok, struct winusb_pipe **pipep)
{
	struct winusb_pipe_cmd arg;
	int ret;

	ret = winusb_copy_arg_in(&arg, sizeof(arg), sizeof(arg), uarg);
	if (ret)
		return ret;
	if (arg.flags || memchr_inv(arg.__reserved, 0, sizeof(arg.__reserved)))
		return -EINVAL;
	if (!arg.endpoint && !control_ok)
		return -ENOENT;
	*pipep = winusb_pipe_get(wf->wdev, arg.endpoint);
	return *pipep ? 0 : -ENOENT;
}

/**
 * winusb_ioctl_abort_pipe() - WINUSB_IOCTL_ABORT_PIPE (WinUsb_AbortPipe)
 * @wf: the file
 * @uarg: struct winusb_pipe_cmd
 *
 * Context: process, io_mutex held, interface connected.
 * Return: 0 or a negative errno.
 */
int winusb_ioctl_abort_pipe(struct winusb_file *wf, void __user *uarg)
{
	struct winusb_pipe *pipe;
	int ret;

	ret = winusb_pipe_arg(wf, uarg, true, &pipe);
	if (ret)
		return ret;
	return winusb_pipe_abort(wf->wdev, pipe, -ECANCELED);
}

/**
 * winusb_ioctl_reset_pipe() - WINUSB_IOCTL_RESET_PIPE (WinUsb_ResetPipe)
 * @wf: the file
 * @uarg: struct winusb_pipe_cmd
 *
 * Cancels the pipe's requests (-ECANCELED), then sends
 * CLEAR_FEATURE(ENDPOINT_HALT) on the idle endpoint; the USB core resets
 * the toggle.  Requests submitted meanwhile wait for it.  io_mutex is
 * dropped while the device answers, so that disconnect, cancel and abort
 * never wait for it.
 *
 * Context: process, no lock held (an unlocked ioctl).
 * Return: 0 or a negative errno.
 */
int winusb_ioctl_reset_pipe(struct winusb_file *wf, void __user *uarg)
{
	struct winusb_dev *wdev = wf->wdev;
	struct winusb_pipe *pipe;
	int ret;

	if (mutex_lock_interruptible(&wdev->io_mutex))
		return -EINTR;
	ret = wdev->disconnected ? -ENODEV :
				   winusb_pipe_arg(wf, uarg, false, &pipe);
	if (!ret)
		ret = usb_autopm_get_interface(wdev->intf);
	if (ret) {
		mutex_unlock(&wdev->io_mutex);
		return ret;
	}
	spin_lock_irq(&wdev->lock);
	pipe->halted++;
	spin_unlock_irq(&wdev->lock);
	winusb_pipe_abort(wdev, pipe, -ECANCELED);
	mutex_unlock(&wdev->io_mutex);

	mutex_lock(&pipe->halt_mutex);
	ret = usb_clear_halt(wdev->udev, winusb_usb_pipe(pipe));
	mutex_unlock(&pipe->halt_mutex);
	usb_autopm_put_interface(wdev->intf);

	spin_lock_irq(&wdev->lock);
	winusb_pipe_release(pipe);
	spin_unlock_irq(&wdev->lock);
	return ret;
}

/**
 * winusb_ioctl_flush_pipe() - WINUSB_IOCTL_FLUSH_PIPE (WinUsb_FlushPipe)
 * @wf: the file
 * @uarg: struct winusb_pipe_cmd
 *
 * Drops the bytes kept from partial reads.
 *
 * Context: process, io_mutex held, interface connected.
 * Return: 0 or a negative errno.
 */
int winusb_ioctl_flush_pipe(struct winusb_file *wf, void __user *uarg)
{
	struct winusb_pipe *pipe;
	int ret;

	ret = winusb_pipe_arg(wf, uarg, false, &pipe);
	if (ret)
		return ret;
	spin_lock_irq(&wf->wdev->lock);
	pipe->leftover_len = 0;
	spin_unlock_irq(&wf->wdev->lock);
	return 0;
}

/**
 * winusb_pipes_resume() - RESET_PIPE_ON_RESUME
 * @wdev: the interface, just resumed
 *
 * Context: process (the interface's resume callback).
 */
void winusb_pipes_resume(struct winusb_dev *wdev)
{
	unsigned int i;

	for (i = 1; i < WINUSB_NUM_PIPES; i++) {
		struct winusb_pipe *pipe = &wdev->pipes[i];

		if (pipe->ep && pipe->reset_pipe_on_resume)
			usb_clear_halt(wdev->udev, winusb_usb_pipe(pipe));
	}
}
