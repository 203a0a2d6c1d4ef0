// SPDX-License-Identifier: GPL-2.0
/*
 * winusb - file operations: open, release, poll and the ioctl dispatcher,
 * with the ioctls that only read or change interface state.
 */
#include <linux/fs.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/usb.h>

#include "winusb.h"

/**
 * winusb_copy_arg_in() - read an ioctl argument that starts with its size
 * @karg: kernel copy, @ksize bytes
 * @ksize: size of the kernel's structure
 * @minsize: smallest size accepted (end of the first version's last member)
 * @uarg: user pointer
 *
 * Bytes the caller did not pass are zeroed; bytes beyond @ksize must be
 * zero.  The caller's size is left in the first member for
 * winusb_copy_arg_out().
 *
 * Return: 0, -EFAULT, -EINVAL (size below @minsize) or -E2BIG.
 */
int winusb_copy_arg_in(void *karg, size_t ksize, size_t minsize,
		       const void __user *uarg)
{
	u32 usize;
	int ret;

	if (get_user(usize, (const u32 __user *)uarg))
		return -EFAULT;
	if (usize < minsize)
		return -EINVAL;
	ret = copy_struct_from_user(karg, ksize, uarg, usize);
	if (ret)
		return ret;
	*(u32 *)karg = usize;
	return 0;
}

/**
 * winusb_copy_arg_out() - write an ioctl argument back
 * @uarg: user pointer
 * @karg: kernel copy; its first member holds the caller's size
 * @ksize: size of the kernel's structure
 *
 * Return: 0 or -EFAULT.
 */
int winusb_copy_arg_out(void __user *uarg, const void *karg, size_t ksize)
{
	u32 usize = *(const u32 *)karg;
	u32 size = min_t(u32, usize, ksize);

	/* Report the caller's own size back unchanged. */
	if (copy_to_user(uarg, karg, size))
		return -EFAULT;
	return 0;
}

static int winusb_open(struct inode *inode, struct file *file)
{
	struct winusb_dev *wdev;
	struct winusb_file *wf;

	wdev = winusb_dev_get_by_minor(iminor(inode));
	if (!wdev)
		return -ENODEV;

	wf = kzalloc(sizeof(*wf), GFP_KERNEL);
	if (!wf) {
		winusb_dev_put(wdev);
		return -ENOMEM;
	}
	wf->wdev = wdev;
	INIT_LIST_HEAD(&wf->pending);
	INIT_LIST_HEAD(&wf->completed);
	init_waitqueue_head(&wf->wait);
	wf->next_id = 1;

	spin_lock_irq(&wdev->lock);
	if (wdev->disconnected) {
		spin_unlock_irq(&wdev->lock);
		kfree(wf);
		winusb_dev_put(wdev);
		return -ENODEV;
	}
	list_add_tail(&wf->node, &wdev->files);
	spin_unlock_irq(&wdev->lock);

	file->private_data = wf;
	return stream_open(inode, file);
}

/*
 * Cancel and free everything the file owns, also after a disconnect; then
 * drop its reference to the interface (possibly the last).
 */
static int winusb_release(struct inode *inode, struct file *file)
{
	struct winusb_file *wf = file->private_data;
	struct winusb_dev *wdev = wf->wdev;

	winusb_file_release_requests(wf);
	winusb_isoch_file_release(wf);

	spin_lock_irq(&wdev->lock);
	list_del(&wf->node);
	spin_unlock_irq(&wdev->lock);

	kfree(wf);
	winusb_dev_put(wdev);
	return 0;
}

static __poll_t winusb_poll(struct file *file, poll_table *wait)
{
	struct winusb_file *wf = file->private_data;
	struct winusb_dev *wdev = wf->wdev;
	__poll_t mask = 0;

	poll_wait(file, &wf->wait, wait);

	spin_lock_irq(&wdev->lock);
	if (!list_empty(&wf->completed))
		mask |= EPOLLIN | EPOLLRDNORM;
	if (wdev->disconnected)
		mask |= EPOLLHUP | EPOLLERR;
	spin_unlock_irq(&wdev->lock);
	return mask;
}

static int winusb_ioctl_get_info(struct winusb_file *wf, void __user *uarg)
{
	struct winusb_dev *wdev = wf->wdev;
	struct winusb_info info;
	int ret;

	ret = winusb_copy_arg_in(&info, sizeof(info), sizeof(info), uarg);
	if (ret)
		return ret;
	if (info.flags)
		return -EINVAL;

	mutex_lock(&wdev->io_mutex);
	winusb_fill_info(wdev, &info);
	mutex_unlock(&wdev->io_mutex);
	return winusb_copy_arg_out(uarg, &info, sizeof(info));
}

/* Read a descriptor from the device: GET_DESCRIPTOR to the device. */
static int winusb_read_descriptor(struct winusb_dev *wdev,
				  struct winusb_get_descriptor *gd, void *buf,
				  u32 len)
{
	int ret;

	ret = usb_autopm_get_interface(wdev->intf);
	if (ret)
		return ret;
	ret = usb_control_msg(wdev->udev, usb_rcvctrlpipe(wdev->udev, 0),
			      USB_REQ_GET_DESCRIPTOR, USB_DIR_IN,
			      gd->type << 8 | gd->index, gd->language_id,
			      buf, len, wdev->pipes[0].timeout_ms);
	usb_autopm_put_interface(wdev->intf);
	return ret;
}

static int winusb_ioctl_get_descriptor(struct winusb_file *wf,
				       void __user *uarg, bool writable)
{
	struct winusb_dev *wdev = wf->wdev;
	struct usb_device *udev = wdev->udev;
	struct winusb_get_descriptor gd;
	const void *src = NULL;
	void *buf = NULL;
	u32 total = 0;
	u32 len;
	int ret;

	ret = winusb_copy_arg_in(&gd, sizeof(gd), sizeof(gd), uarg);
	if (ret)
		return ret;
	if (gd.flags)
		return -EINVAL;

	if (gd.type == USB_DT_DEVICE && gd.index == 0) {
		src = &udev->descriptor;
		total = sizeof(udev->descriptor);
	} else if (gd.type == USB_DT_CONFIG &&
		   gd.index < udev->descriptor.bNumConfigurations &&
		   udev->rawdescriptors && udev->rawdescriptors[gd.index]) {
		src = udev->rawdescriptors[gd.index];
		total = le16_to_cpu(udev->config[gd.index].desc.wTotalLength);
	}

	if (src) {
		len = min(gd.length, total);
	} else {
		/* Talking to the device needs a writable file. */
		if (!writable)
			return -EPERM;
		len = min_t(u32, gd.length, WINUSB_MAX_CONTROL_LENGTH);
		if (len) {
			buf = kmalloc(len, GFP_KERNEL);
			if (!buf)
				return -ENOMEM;
			ret = winusb_read_descriptor(wdev, &gd, buf, len);
			if (ret < 0)
				goto out_free;
			len = ret;
		}
		total = len;
		src = buf;
	}

	ret = -EFAULT;
	if (len && copy_to_user(u64_to_user_ptr(gd.data_uptr), src, len))
		goto out_free;
	gd.out_length = len;
	gd.out_total_length = total;
	ret = winusb_copy_arg_out(uarg, &gd, sizeof(gd));
out_free:
	kfree(buf);
	return ret;
}

/* Bytes per service interval: WinUSB's MaximumBytesPerInterval. */
static u32 winusb_bytes_per_interval(struct usb_device *udev,
				     struct usb_host_endpoint *ep)
{
	const struct usb_endpoint_descriptor *desc = &ep->desc;
	u32 maxp = usb_endpoint_maxp(desc);

	if (udev->speed >= USB_SPEED_SUPER) {
		if (usb_endpoint_xfer_bulk(desc) || usb_endpoint_xfer_control(desc))
			return maxp * (ep->ss_ep_comp.bMaxBurst + 1);
		if (usb_endpoint_xfer_isoc(desc) &&
		    USB_SS_SSP_ISOC_COMP(ep->ss_ep_comp.bmAttributes))
			return le32_to_cpu(ep->ssp_isoc_ep_comp.dwBytesPerInterval);
		return le16_to_cpu(ep->ss_ep_comp.wBytesPerInterval);
	}
	if (udev->speed == USB_SPEED_HIGH &&
	    (usb_endpoint_xfer_isoc(desc) || usb_endpoint_xfer_int(desc)))
		return maxp * usb_endpoint_maxp_mult(desc);
	return maxp;
}

/* Service interval in microseconds of a periodic endpoint, else 0. */
static u32 winusb_interval_us(struct usb_device *udev,
			      const struct usb_endpoint_descriptor *desc)
{
	unsigned int exp = clamp_t(unsigned int, desc->bInterval, 1, 16) - 1;

	if (!usb_endpoint_xfer_isoc(desc) && !usb_endpoint_xfer_int(desc))
		return 0;
	if (udev->speed >= USB_SPEED_HIGH)
		return 125U << exp;
	if (usb_endpoint_xfer_isoc(desc))
		return 1000U << exp;
	return 1000U * max_t(u32, desc->bInterval, 1);
}

static int winusb_ioctl_query_pipe(struct winusb_file *wf, void __user *uarg)
{
	struct winusb_dev *wdev = wf->wdev;
	struct usb_host_interface *alt;
	struct usb_host_endpoint *ep;
	struct winusb_query_pipe qp;
	int ret;

	ret = winusb_copy_arg_in(&qp, sizeof(qp), sizeof(qp), uarg);
	if (ret)
		return ret;
	if (qp.flags || qp.__reserved || qp.__reserved2 || qp.__reserved3)
		return -EINVAL;

	alt = usb_altnum_to_altsetting(wdev->intf, qp.alt_setting);
	if (!alt)
		return -ENOENT;
	if (qp.pipe_index >= alt->desc.bNumEndpoints)
		return -ERANGE;
	ep = &alt->endpoint[qp.pipe_index];

	qp.out_endpoint = ep->desc.bEndpointAddress;
	qp.out_type = usb_endpoint_type(&ep->desc);
	qp.out_max_packet_size = usb_endpoint_maxp(&ep->desc);
	qp.out_interval = ep->desc.bInterval;
	if (wdev->udev->speed >= USB_SPEED_SUPER)
		qp.out_mult = ep->ss_ep_comp.bMaxBurst;
	else if (wdev->udev->speed == USB_SPEED_HIGH &&
		 (usb_endpoint_xfer_isoc(&ep->desc) ||
		  usb_endpoint_xfer_int(&ep->desc)))
		qp.out_mult = usb_endpoint_maxp_mult(&ep->desc) - 1;
	else
		qp.out_mult = 0;
	qp.out_max_bytes_per_interval =
		winusb_bytes_per_interval(wdev->udev, ep);
	qp.out_interval_us = winusb_interval_us(wdev->udev, &ep->desc);
	return winusb_copy_arg_out(uarg, &qp, sizeof(qp));
}

static int winusb_ioctl_get_altsetting(struct winusb_file *wf,
				       void __user *uarg)
{
	struct winusb_altsetting as;
	int ret;

	ret = winusb_copy_arg_in(&as, sizeof(as), sizeof(as), uarg);
	if (ret)
		return ret;
	if (as.flags || as.__reserved)
		return -EINVAL;
	as.alt_setting = wf->wdev->intf->cur_altsetting->desc.bAlternateSetting;
	return winusb_copy_arg_out(uarg, &as, sizeof(as));
}

/*
 * WinUSB refuses to change the setting with I/O outstanding; we do the
 * same for every file of the interface (io_mutex keeps new submits out).
 */
static int winusb_ioctl_set_altsetting(struct winusb_file *wf,
				       void __user *uarg)
{
	struct winusb_dev *wdev = wf->wdev;
	struct winusb_altsetting as;
	unsigned int pending;
	int ret;

	ret = winusb_copy_arg_in(&as, sizeof(as), sizeof(as), uarg);
	if (ret)
		return ret;
	if (as.flags || as.__reserved)
		return -EINVAL;
	if (as.alt_setting > 255 ||
	    !usb_altnum_to_altsetting(wdev->intf, as.alt_setting))
		return -ENOENT;

	spin_lock_irq(&wdev->lock);
	pending = wdev->pending;
	spin_unlock_irq(&wdev->lock);
	if (pending)
		return -EBUSY;

	ret = usb_autopm_get_interface(wdev->intf);
	if (ret)
		return ret;
	ret = usb_set_interface(wdev->udev, wdev->ifnum, as.alt_setting);
	usb_autopm_put_interface(wdev->intf);

	/* Even a failed request may have changed the core's endpoints. */
	spin_lock_irq(&wdev->lock);
	winusb_pipes_update(wdev);
	spin_unlock_irq(&wdev->lock);
	return ret;
}

typedef int (*winusb_ioctl_fn)(struct winusb_file *wf, void __user *uarg);

/**
 * struct winusb_ioctl_desc - one entry of the dispatch table
 * @fn: handler; called with io_mutex held and the interface connected,
 *	unless @unlocked
 * @write: needs a file opened for writing
 * @unlocked: the handler does its own locking and also runs after a
 *	disconnect
 */
struct winusb_ioctl_desc {
	winusb_ioctl_fn fn;
	bool write;
	bool unlocked;
};

#define WINUSB_IOCTL(nr, _fn, _write, _unlocked) \
	[(nr) - WINUSB_IOCTL_BASE] = { .fn = _fn, .write = _write, \
				       .unlocked = _unlocked }

static const struct winusb_ioctl_desc winusb_ioctls[] = {
	WINUSB_IOCTL(0x80, winusb_ioctl_get_info, false, true),
	/* 0x81, GET_DESCRIPTOR, is special-cased: read-only for the cache. */
	WINUSB_IOCTL(0x82, winusb_ioctl_query_pipe, false, false),
	WINUSB_IOCTL(0x83, winusb_ioctl_get_altsetting, false, false),
	WINUSB_IOCTL(0x84, winusb_ioctl_set_altsetting, true, false),
	WINUSB_IOCTL(0x85, winusb_ioctl_submit, true, false),
	WINUSB_IOCTL(0x86, winusb_ioctl_reap, true, true),
	WINUSB_IOCTL(0x87, winusb_ioctl_cancel, true, false),
	WINUSB_IOCTL(0x88, winusb_ioctl_abort_pipe, true, false),
	WINUSB_IOCTL(0x89, winusb_ioctl_reset_pipe, true, false),
	WINUSB_IOCTL(0x8a, winusb_ioctl_flush_pipe, true, false),
	WINUSB_IOCTL(0x8b, winusb_ioctl_get_pipe_policy, false, false),
	WINUSB_IOCTL(0x8c, winusb_ioctl_set_pipe_policy, true, false),
	WINUSB_IOCTL(0x8d, winusb_ioctl_get_power_policy, false, false),
	WINUSB_IOCTL(0x8e, winusb_ioctl_set_power_policy, true, false),
	WINUSB_IOCTL(0x8f, winusb_ioctl_isoch_register, true, false),
	/* Waits for the handle's transfers without holding io_mutex. */
	WINUSB_IOCTL(0x90, winusb_ioctl_isoch_unregister, true, true),
	WINUSB_IOCTL(0x91, winusb_ioctl_isoch_submit, true, false),
	WINUSB_IOCTL(0x92, winusb_ioctl_get_frame, false, false),
};

/*
 * Dispatch on type and number only: the size encoded in @cmd is that of the
 * structure when the caller was built; the structure's own size member is
 * what counts (see the header's "General ioctl format").
 */
static long winusb_ioctl(struct file *file, unsigned int cmd,
			 unsigned long arg)
{
	struct winusb_file *wf = file->private_data;
	struct winusb_dev *wdev = wf->wdev;
	const struct winusb_ioctl_desc *desc;
	bool writable = file->f_mode & FMODE_WRITE;
	void __user *uarg = (void __user *)arg;
	unsigned int nr = _IOC_NR(cmd);
	long ret;

	if (_IOC_TYPE(cmd) != WINUSB_IOCTL_TYPE || nr < WINUSB_IOCTL_BASE ||
	    nr >= WINUSB_IOCTL_BASE + ARRAY_SIZE(winusb_ioctls))
		return -ENOTTY;

	if (nr == _IOC_NR(WINUSB_IOCTL_GET_DESCRIPTOR)) {
		if (mutex_lock_interruptible(&wdev->io_mutex))
			return -EINTR;
		if (wdev->disconnected)
			ret = -ENODEV;
		else
			ret = winusb_ioctl_get_descriptor(wf, uarg, writable);
		mutex_unlock(&wdev->io_mutex);
		return ret;
	}

	desc = &winusb_ioctls[nr - WINUSB_IOCTL_BASE];
	if (!desc->fn)
		return -ENOTTY;
	if (desc->write && !writable)
		return -EPERM;
	if (desc->unlocked)
		return desc->fn(wf, uarg);

	if (mutex_lock_interruptible(&wdev->io_mutex))
		return -EINTR;
	if (wdev->disconnected)
		ret = -ENODEV;
	else
		ret = desc->fn(wf, uarg);
	mutex_unlock(&wdev->io_mutex);
	return ret;
}

const struct file_operations winusb_fops = {
	.owner = THIS_MODULE,
	.open = winusb_open,
	.release = winusb_release,
	.poll = winusb_poll,
	.unlocked_ioctl = winusb_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = no_llseek,
};
