// SPDX-License-Identifier: GPL-2.0
/*
 * winusb - registered isochronous buffers: registration, data paths, URB
 * pools, unregistration.
 *
 * WinUsb_RegisterIsochBuffer registers a buffer once; every later
 * Read/WriteIsochPipe[Asap] moves a window of it (isoch.c).  Registration
 * pins and maps the buffer (pin.c), chooses how the host controller
 * reaches it (the data path), and builds everything a transfer needs: a
 * pool of URBs with room for the largest URB, a pool of requests,
 * and a table of per-packet results.  Submitting takes from the pools and
 * fills in URBs; nothing is allocated or pinned.  The pools are charged
 * to the file (request.c), the pinned pages to RLIMIT_MEMLOCK (pin.c).
 *
 * Data paths (enum winusb_isoch_path):
 *  VMAP    the controller does no DMA (vhci_hcd): URBs point into the vmap
 *          of the pinned pages;
 *  DMA     the pinned pages map to one DMA range (IOMMU, contiguous pages)
 *          that starts aligned, and packets are a multiple of
 *          WINUSB_URB_ALIGN: URBs carry the DMA address,
 *          URB_NO_TRANSFER_DMA_MAP, and every URB starts aligned;
 *  BOUNCE  otherwise: URBs point into DMA-coherent memory with an aligned
 *          slot per packet of the buffer (pin.c); OUT data is copied into
 *          it just before an URB is submitted, IN data out of it packet by
 *          packet (the bytes received, at the packet's place) when it
 *          completes.
 *
 * Locking: io_mutex serialises register, unregister, release and
 * disconnect.  A handle's memory goes away only when no transfer of it is
 * pending, its structure when the last record is reaped.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/usb.h>
#include <linux/usb/hcd.h>

#include "isoch.h"
#include "trace.h"

/* Packets per URB, as Windows allows (USBD: 255 full speed, 1024 high). */
#define WINUSB_ISOCH_FS_PACKETS		255
#define WINUSB_ISOCH_HS_PACKETS		1024

/*
 * Non-overlapping transfers in flight that a handle's URB pool always
 * serves (fewer when the buffer holds fewer frames).  Arbitrary: 64 ms of
 * 1 ms transfers; larger transfers leave more room.
 */
#define WINUSB_ISOCH_MAX_TRANSFERS	64

/* Request slots beyond the URBs, for records not yet reaped. */
#define WINUSB_ISOCH_EXTRA_REQUESTS	64

static bool isoch_zero_copy = true;
module_param(isoch_zero_copy, bool, 0644);
MODULE_PARM_DESC(isoch_zero_copy,
		 "Use isochronous buffers in place where possible (N: always through bounce buffers, also on host controllers without DMA, for testing)");

/* Every registered buffer, for debugfs; and registrations per path. */
LIST_HEAD(winusb_isoch_bufs);
DEFINE_MUTEX(winusb_isoch_list_lock);
u64 winusb_isoch_path_count[WINUSB_ISOCH_PATH_DMA + 1];
atomic_long_t winusb_isoch_pinned;	/* pages, all handles */
atomic64_t winusb_isoch_bad;		/* see stat_bad, since load */
atomic64_t winusb_isoch_unaligned;	/* see stat_unaligned, since load */

/**
 * winusb_isoch_pipe_ok() - is the pipe the endpoint the handle was built for?
 * @buf: the handle
 * @pipe: the pipe of its endpoint in the current setting, or NULL
 *
 * Return: true if it is still an isochronous endpoint of the same shape.
 */
bool winusb_isoch_pipe_ok(struct winusb_isoch_buf *buf,
			  struct winusb_pipe *pipe)
{
	struct winusb_pipe_shape sh;

	if (!pipe || !pipe->ep || !usb_endpoint_xfer_isoc(&pipe->ep->desc))
		return false;
	winusb_pipe_shape(buf->wdev->udev, pipe->ep, &sh);
	return sh.max_bytes_per_interval == buf->packet_bytes &&
	       sh.interval_uf == buf->period_uf;
}

static struct winusb_pipe *winusb_isoch_pipe(struct winusb_isoch_buf *buf)
{
	return &buf->wdev->pipes[winusb_pipe_index(buf->endpoint)];
}

/**
 * winusb_isoch_buf_free() - the last reference to a handle is gone
 * @kref: its kref
 *
 * Context: process; the file that registered it is still open.
 */
void winusb_isoch_buf_free(struct kref *kref)
{
	struct winusb_isoch_buf *buf = container_of(kref,
						    struct winusb_isoch_buf,
						    kref);

	mutex_lock(&winusb_isoch_list_lock);
	list_del(&buf->list);
	mutex_unlock(&winusb_isoch_list_lock);
	kvfree(buf->results);
	kvfree(buf->requests);
	kvfree(buf->urbs);
	if (buf->mem)
		winusb_file_uncharge(buf->file, buf->mem, false);
	kfree(buf);
}

/* Does a transfer of the handle still run or wait?  Takes the lock. */
static bool winusb_isoch_busy(struct winusb_isoch_buf *buf)
{
	struct winusb_dev *wdev = buf->wdev;
	bool busy = false;
	u32 i;

	spin_lock_irq(&wdev->lock);
	for (i = 0; i < buf->nrequests && !busy; i++)
		busy = buf->requests[i].in_use &&
		       buf->requests[i].req.state != WINUSB_REQ_DONE;
	spin_unlock_irq(&wdev->lock);
	return busy;
}

/*
 * Free what the handle holds of the system: URBs, bounce memory, DMA
 * mapping, pins and charges.  The structure, its result table and its
 * request pool stay until the last record is gone.
 *
 * Context: process, io_mutex held, no transfer of the handle pending.
 */
static void winusb_isoch_release(struct winusb_isoch_buf *buf)
{
	u32 i;

	lockdep_assert_held(&buf->wdev->io_mutex);
	if (buf->released)
		return;
	trace_winusb_isoch_unregister(buf);
	buf->released = true;
	buf->dead = true;
	hrtimer_cancel(&buf->timer);
	for (i = 0; buf->urbs && i < buf->nurbs; i++) {
		usb_free_urb(buf->urbs[i].urb);
		buf->urbs[i].urb = NULL;
	}
	winusb_bounce_free(&buf->bounce);
	atomic_long_sub(buf->pin.npages, &winusb_isoch_pinned);
	winusb_unpin_longterm(&buf->pin);
}

/* Take the handle out of the table and drop the table's reference. */
static void winusb_isoch_remove(struct winusb_isoch_buf *buf)
{
	lockdep_assert_held(&buf->wdev->io_mutex);
	winusb_isoch_release(buf);
	if (xa_erase(&buf->wdev->isoch_bufs, buf->handle) == buf)
		kref_put(&buf->kref, winusb_isoch_buf_free);
}

/*
 * Choose the data path and set up its memory.  DMA in place needs every
 * URB to start aligned: a DMA range that starts aligned and packets that
 * keep it so.
 *
 * Context: process.
 */
static int winusb_isoch_setup_path(struct winusb_isoch_buf *buf)
{
	struct usb_device *udev = buf->wdev->udev;
	struct usb_hcd *hcd = bus_to_hcd(udev->bus);

	buf->slot_bytes = buf->packet_bytes;
	buf->hcd_dma = hcd_uses_dma(hcd);
	if (READ_ONCE(isoch_zero_copy)) {
		/* No DMA (vhci_hcd), or local memory the core bounces through. */
		if (!hcd_uses_dma(hcd) || hcd->localmem_pool) {
			buf->path = WINUSB_ISOCH_PATH_VMAP;
			return 0;
		}
		if (IS_ALIGNED(buf->packet_bytes, WINUSB_URB_ALIGN) &&
		    winusb_pin_map_dma(&buf->pin, hcd->self.sysdev)) {
			buf->path = WINUSB_ISOCH_PATH_DMA;
			return 0;
		}
	}
	/* Without DMA, usb_alloc_coherent() gives plain kernel memory. */
	buf->path = WINUSB_ISOCH_PATH_BOUNCE;
	buf->slot_bytes = ALIGN(buf->packet_bytes, WINUSB_URB_ALIGN);
	return winusb_bounce_alloc(&buf->bounce, udev,
				   buf->pin.length / buf->packet_bytes,
				   buf->packet_bytes);
}

/*
 * Build the URB pool, the request pool and the result table, charged to
 * the file with the bounce memory.
 */
static int winusb_isoch_setup_pools(struct winusb_isoch_buf *buf,
				    u32 max_urb_packets, u32 urb_interval)
{
	struct winusb_dev *wdev = buf->wdev;
	struct usb_device *udev = wdev->udev;
	u32 buf_packets = buf->pin.length / buf->packet_bytes;
	u32 buf_frames = buf->pin.length / buf->frame_bytes;
	unsigned int epnum = usb_endpoint_num(&winusb_isoch_pipe(buf)->ep->desc);
	unsigned int upipe = buf->dir_in ? usb_rcvisocpipe(udev, epnum) :
					   usb_sndisocpipe(udev, epnum);
	size_t mem;
	u32 i;
	int ret;

	buf->urb_packets = clamp_t(u32, buf_packets, 1, max_urb_packets);
	buf->nurbs = DIV_ROUND_UP(buf_packets, buf->urb_packets) +
		     clamp_t(u32, buf_frames, 1, WINUSB_ISOCH_MAX_TRANSFERS);
	if (buf->path == WINUSB_ISOCH_PATH_BOUNCE)
		buf->nurbs += buf->bounce.nchunks - 1;
	buf->nrequests = buf->nurbs + WINUSB_ISOCH_EXTRA_REQUESTS;
	buf->nresults = max_t(u32, buf_packets, 1);

	mem = sizeof(*buf) +
	      (size_t)buf->nurbs * (sizeof(*buf->urbs) + sizeof(struct urb) +
				    buf->urb_packets *
				    sizeof(struct usb_iso_packet_descriptor)) +
	      (size_t)buf->nrequests * sizeof(*buf->requests) +
	      (size_t)buf->nresults * sizeof(*buf->results) +
	      (size_t)buf->pin.npages * sizeof(*buf->pin.pages) +
	      winusb_bounce_bytes(&buf->bounce);
	ret = winusb_file_charge(buf->file, mem, false);
	if (ret)
		return ret;
	buf->mem = mem;

	buf->urbs = kvcalloc(buf->nurbs, sizeof(*buf->urbs), GFP_KERNEL_ACCOUNT);
	buf->requests = kvcalloc(buf->nrequests, sizeof(*buf->requests),
			      GFP_KERNEL_ACCOUNT);
	buf->results = kvcalloc(buf->nresults, sizeof(*buf->results),
				GFP_KERNEL_ACCOUNT);
	if (!buf->urbs || !buf->requests || !buf->results)
		return -ENOMEM;

	for (i = 0; i < buf->nurbs; i++) {
		struct winusb_isoch_urb *iu = &buf->urbs[i];
		struct urb *urb = usb_alloc_urb(buf->urb_packets,
						GFP_KERNEL_ACCOUNT);

		if (!urb)
			return -ENOMEM;
		iu->urb = urb;
		iu->buf = buf;
		list_add_tail(&iu->node, &buf->free_urbs);
		urb->dev = udev;
		urb->pipe = upipe;
		urb->interval = urb_interval;
		urb->complete = winusb_isoch_urb_complete;
		urb->context = iu;
		cond_resched();
	}
	for (i = 0; i < buf->nrequests; i++) {
		struct winusb_isoch_request *ireq = &buf->requests[i];

		ireq->buf = buf;
		INIT_LIST_HEAD(&ireq->urbs);
		list_add_tail(&ireq->node, &buf->free_requests);
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
	struct winusb_isoch_buf *buf;
	struct winusb_pipe_shape sh;
	u32 max_urb_packets;
	struct winusb_pipe *pipe;
	u32 handle;
	int ret;

	ret = winusb_copy_arg_in(&reg, sizeof(reg), sizeof(reg), uarg);
	if (ret)
		return ret;
	if (reg.flags || memchr_inv(reg.__reserved, 0, sizeof(reg.__reserved)))
		return -EINVAL;
	pipe = winusb_pipe_get(wdev, reg.endpoint);
	if (!pipe)
		return -ENOENT;
	if (!usb_endpoint_xfer_isoc(&pipe->ep->desc))
		return -EINVAL;
	/* A device claiming more than the speed allows gives 0: refused. */
	winusb_pipe_shape(wdev->udev, pipe->ep, &sh);
	if (!reg.length || reg.length > U32_MAX || !sh.max_bytes_per_interval)
		return -EINVAL;
	if (wdev->changing_alt)
		return -EBUSY;
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

	buf = kzalloc(sizeof(*buf), GFP_KERNEL_ACCOUNT);
	if (!buf)
		return -ENOMEM;
	kref_init(&buf->kref);
	INIT_LIST_HEAD(&buf->list);
	INIT_LIST_HEAD(&buf->free_urbs);
	INIT_LIST_HEAD(&buf->free_requests);
	hrtimer_init(&buf->timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS_SOFT);
	buf->timer.function = winusb_isoch_timer;
	buf->wdev = wdev;
	buf->file = wf;
	buf->endpoint = reg.endpoint;
	buf->dir_in = usb_endpoint_dir_in(&pipe->ep->desc);
	buf->packet_bytes = sh.max_bytes_per_interval;
	buf->period_uf = sh.interval_uf;
	/* Bytes per 1 ms frame, or per interval if that is longer. */
	buf->frame_bytes = sh.interval_uf < 8 ?
			   sh.max_bytes_per_interval * (8 / sh.interval_uf) :
			   sh.max_bytes_per_interval;
	max_urb_packets = wdev->udev->speed >= USB_SPEED_HIGH ?
			  WINUSB_ISOCH_HS_PACKETS : WINUSB_ISOCH_FS_PACKETS;

	ret = winusb_pin_longterm(&buf->pin, reg.buffer_uptr, reg.length,
				  buf->dir_in);
	if (ret)
		goto out_free;
	atomic_long_add(buf->pin.npages, &winusb_isoch_pinned);
	ret = winusb_isoch_setup_path(buf);
	if (ret)
		goto out_release;
	ret = winusb_isoch_setup_pools(buf, max_urb_packets, sh.urb_interval);
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

	trace_winusb_isoch_register(buf);
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
	kvfree(buf->requests);
	kvfree(buf->urbs);
	if (buf->mem)
		winusb_file_uncharge(wf, buf->mem, false);
	kfree(buf);
	return ret;
}

/**
 * winusb_isoch_lookup() - the handle @handle of this file, if it takes
 *	transfers
 * @wf: the file
 * @handle: the handle
 *
 * Context: io_mutex held.
 * Return: the handle, or NULL.
 */
struct winusb_isoch_buf *winusb_isoch_lookup(struct winusb_file *wf,
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
 * Waits without io_mutex for the handle's transfers, as WinUSB does.  A
 * wait interrupted by a fatal signal leaves the handle taking no more
 * transfers but registered: another unregister (another process sharing
 * the file) finishes the job, and closing the file always does.
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
		/*
		 * Disconnect unpins every buffer (winusb_isoch_disconnect()),
		 * maybe not yet: answer once it has, so that nothing stays
		 * pinned after this call, as after WinUsb_UnregisterIsochBuffer.
		 */
		if (wait_event_killable(wf->wait, winusb_shut_down(wdev)))
			return -EINTR;
		return -ENODEV;
	}
	/* Also a handle an interrupted unregister left dead. */
	buf = xa_load(&wdev->isoch_bufs, ur.handle);
	if (!buf || buf->file != wf) {
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

