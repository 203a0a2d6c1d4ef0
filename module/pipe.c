// SPDX-License-Identifier: GPL-2.0
/*
 * winusb - pipes: endpoint lookup, request ordering, abort, reset, flush,
 * AUTO_CLEAR_STALL and RESET_PIPE_ON_RESUME.
 */
#include <linux/slab.h>
#include <linux/usb.h>

#include "winusb.h"

/* The USB core's pipe handle for an endpoint (direction and number). */
static unsigned int winusb_usb_pipe(struct winusb_ep *pipe)
{
	struct usb_device *udev = pipe->wdev->udev;
	unsigned int ep = pipe->address & USB_ENDPOINT_NUMBER_MASK;

	return pipe->address & USB_DIR_IN ? usb_rcvbulkpipe(udev, ep) :
					    usb_sndbulkpipe(udev, ep);
}

/*
 * AUTO_CLEAR_STALL: clear the halt, then finish the reads that stalled,
 * so the caller sees the failed read only once the pipe works again.
 */
static void winusb_pipe_clear_work(struct work_struct *work)
{
	struct winusb_ep *pipe = container_of(work, struct winusb_ep,
						clear_work);
	struct winusb_dev *wdev = pipe->wdev;
	struct winusb_request *req, *tmp;
	bool stalled = false;
	int ret = -ENODEV;

	spin_lock_irq(&wdev->lock);
	list_for_each_entry(req, &pipe->queue, pipe_node)
		if (req->state == WINUSB_REQ_STALLED)
			stalled = true;
	if (wdev->disconnected)
		stalled = false;
	spin_unlock_irq(&wdev->lock);

	if (stalled)
		ret = usb_clear_halt(wdev->udev, winusb_usb_pipe(pipe));

	spin_lock_irq(&wdev->lock);
	list_for_each_entry_safe(req, tmp, &pipe->queue, pipe_node) {
		if (req->state != WINUSB_REQ_STALLED)
			continue;
		if (!ret)
			req->cflags |= WINUSB_COMPLETION_STALL_CLEARED;
		winusb_request_finish(req, wdev->disconnected ? -ENODEV :
							      -EPIPE);
	}
	winusb_pipe_kick(pipe);
	spin_unlock_irq(&wdev->lock);
}

/**
 * winusb_pipes_init() - set up every pipe slot with default policies
 * @wdev: the interface, not yet visible
 */
void winusb_pipes_init(struct winusb_dev *wdev)
{
	unsigned int i;

	for (i = 0; i < WINUSB_NUM_PIPES; i++) {
		struct winusb_ep *pipe = &wdev->pipes[i];

		pipe->wdev = wdev;
		pipe->address = (i & USB_ENDPOINT_NUMBER_MASK) |
				(i & 16 ? USB_DIR_IN : 0);
		pipe->maxp = 1;
		init_usb_anchor(&pipe->anchor);
		INIT_LIST_HEAD(&pipe->queue);
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
		struct winusb_ep *pipe;

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
struct winusb_ep *winusb_pipe_get(struct winusb_dev *wdev, u32 address)
{
	struct winusb_ep *pipe;

	if (address & ~(u32)(USB_DIR_IN | USB_ENDPOINT_NUMBER_MASK) ||
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
 * is a barrier: nothing after it starts until it finishes.
 *
 * Context: winusb_dev.lock held; any context.
 */
void winusb_pipe_kick(struct winusb_ep *pipe)
{
	struct winusb_request *req, *tmp;

	lockdep_assert_held(&pipe->wdev->lock);

	list_for_each_entry_safe(req, tmp, &pipe->queue, pipe_node) {
		if (pipe->barrier)
			return;
		if (req->state != WINUSB_REQ_QUEUED)
			continue;
		if (!winusb_request_start(req))
			return;
	}
}

static bool winusb_pipe_idle(struct winusb_ep *pipe)
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
int winusb_pipe_abort(struct winusb_dev *wdev, struct winusb_ep *pipe,
		      int status)
{
	struct winusb_request *req, *tmp;

	spin_lock_irq(&wdev->lock);
	list_for_each_entry_safe(req, tmp, &pipe->queue, pipe_node) {
		if (!req->cancel_status)
			req->cancel_status = status;
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
 * Read a struct winusb_pipe argument and find its pipe.  The control pipe
 * (0) is accepted only if @control_ok.
 */
static int winusb_pipe_arg(struct winusb_file *wf, void __user *uarg,
			   bool control_ok, struct winusb_ep **pipep)
{
	struct winusb_pipe arg;
	int ret;

	ret = winusb_copy_arg_in(&arg, sizeof(arg), sizeof(arg), uarg);
	if (ret)
		return ret;
	if (arg.flags || arg.__reserved)
		return -EINVAL;
	if (!arg.endpoint && !control_ok)
		return -ENOENT;
	*pipep = winusb_pipe_get(wf->wdev, arg.endpoint);
	return *pipep ? 0 : -ENOENT;
}

/**
 * winusb_ioctl_abort_pipe() - WINUSB_IOCTL_ABORT_PIPE (WinUsb_AbortPipe)
 * @wf: the file
 * @uarg: struct winusb_pipe
 *
 * Context: process, io_mutex held, interface connected.
 * Return: 0 or a negative errno.
 */
int winusb_ioctl_abort_pipe(struct winusb_file *wf, void __user *uarg)
{
	struct winusb_ep *pipe;
	int ret;

	ret = winusb_pipe_arg(wf, uarg, true, &pipe);
	if (ret)
		return ret;
	return winusb_pipe_abort(wf->wdev, pipe, -ECANCELED);
}

/**
 * winusb_ioctl_reset_pipe() - WINUSB_IOCTL_RESET_PIPE (WinUsb_ResetPipe)
 * @wf: the file
 * @uarg: struct winusb_pipe
 *
 * Sends CLEAR_FEATURE(ENDPOINT_HALT); the USB core resets the toggle.
 *
 * Context: process, io_mutex held, interface connected.
 * Return: 0 or a negative errno.
 */
int winusb_ioctl_reset_pipe(struct winusb_file *wf, void __user *uarg)
{
	struct winusb_dev *wdev = wf->wdev;
	struct winusb_ep *pipe;
	int ret;

	ret = winusb_pipe_arg(wf, uarg, false, &pipe);
	if (ret)
		return ret;
	ret = usb_autopm_get_interface(wdev->intf);
	if (ret)
		return ret;
	ret = usb_clear_halt(wdev->udev, winusb_usb_pipe(pipe));
	usb_autopm_put_interface(wdev->intf);
	return ret;
}

/**
 * winusb_ioctl_flush_pipe() - WINUSB_IOCTL_FLUSH_PIPE (WinUsb_FlushPipe)
 * @wf: the file
 * @uarg: struct winusb_pipe
 *
 * Drops the bytes kept from partial reads.
 *
 * Context: process, io_mutex held, interface connected.
 * Return: 0 or a negative errno.
 */
int winusb_ioctl_flush_pipe(struct winusb_file *wf, void __user *uarg)
{
	struct winusb_ep *pipe;
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
		struct winusb_ep *pipe = &wdev->pipes[i];

		if (pipe->ep && pipe->reset_pipe_on_resume)
			usb_clear_halt(wdev->udev, winusb_usb_pipe(pipe));
	}
}
