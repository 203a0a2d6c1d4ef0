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
 * zero.  Sizes above a page are refused, as openat2() and clone3() do: an
 * argument struct will never be that large, and the zero check of the
 * tail must stay cheap.  The caller's size is left in the first member for
 * winusb_copy_arg_out().
 *
 * Return: 0, -EFAULT, -EINVAL (size below @minsize) or -E2BIG (size above
 * a page, or a non-zero byte beyond @ksize).
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
	if (usize > PAGE_SIZE)
		return -E2BIG;
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

	/* The file list changes under both locks: see winusb_power_release(). */
	mutex_lock(&wdev->io_mutex);
	spin_lock_irq(&wdev->lock);
	if (wdev->disconnected) {
		spin_unlock_irq(&wdev->lock);
		mutex_unlock(&wdev->io_mutex);
		kfree(wf);
		winusb_dev_put(wdev);
		return -ENODEV;
	}
	list_add_tail(&wf->node, &wdev->files);
	spin_unlock_irq(&wdev->lock);
	mutex_unlock(&wdev->io_mutex);

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
	winusb_power_file_release(wf);

	mutex_lock(&wdev->io_mutex);
	spin_lock_irq(&wdev->lock);
	list_del(&wf->node);
	spin_unlock_irq(&wdev->lock);
	mutex_unlock(&wdev->io_mutex);

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
	if (info.flags || memchr_inv(info.__reserved, 0, sizeof(info.__reserved)))
		return -EINVAL;

	mutex_lock(&wdev->io_mutex);
	winusb_fill_info(wdev, &info);
	mutex_unlock(&wdev->io_mutex);
	return winusb_copy_arg_out(uarg, &info, sizeof(info));
}

/*
 * Read a descriptor from the device: GET_DESCRIPTOR to the device.
 * io_mutex is dropped while the device answers (up to the control pipe's
 * timeout), so that disconnect, cancel and abort never wait for it; the
 * references the file holds keep the device's structures alive.
 *
 * Context: process, io_mutex held on entry and on return.
 */
static int winusb_read_descriptor(struct winusb_dev *wdev,
				  struct winusb_get_descriptor *gd, void *buf,
				  u32 len)
{
	u32 timeout = wdev->pipes[0].timeout_ms;
	int ret;

	ret = usb_autopm_get_interface(wdev->intf);
	if (ret)
		return ret;
	mutex_unlock(&wdev->io_mutex);
	ret = usb_control_msg(wdev->udev, usb_rcvctrlpipe(wdev->udev, 0),
			      USB_REQ_GET_DESCRIPTOR, USB_DIR_IN,
			      gd->type << 8 | gd->index, gd->language_id,
			      buf, len, timeout);
	usb_autopm_put_interface(wdev->intf);
	mutex_lock(&wdev->io_mutex);
	if (wdev->disconnected)
		ret = -ENODEV;
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
			buf = kmalloc(len, GFP_KERNEL_ACCOUNT);
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

/* The dispatcher's entry: the cached descriptors need no writable file. */
static int winusb_ioctl_get_descriptor_ro(struct winusb_file *wf,
					  void __user *uarg)
{
	return winusb_ioctl_get_descriptor(wf, uarg, false);
}

static int winusb_ioctl_get_descriptor_rw(struct winusb_file *wf,
					  void __user *uarg)
{
	return winusb_ioctl_get_descriptor(wf, uarg, true);
}

static int winusb_ioctl_query_pipe(struct winusb_file *wf, void __user *uarg)
{
	struct winusb_dev *wdev = wf->wdev;
	struct usb_host_interface *alt;
	struct usb_host_endpoint *ep;
	struct winusb_pipe_shape sh;
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
	winusb_pipe_shape(wdev->udev, ep, &sh);
	qp.out_max_bytes_per_interval = sh.max_bytes_per_interval;
	qp.out_interval_us = sh.interval_us;
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
	if (as.flags || memchr_inv(as.__reserved, 0, sizeof(as.__reserved)))
		return -EINVAL;
	as.alt_setting = wf->wdev->intf->cur_altsetting->desc.bAlternateSetting;
	return winusb_copy_arg_out(uarg, &as, sizeof(as));
}

/*
 * WinUSB refuses to change the setting with I/O outstanding; we do the
 * same for every file of the interface.  While the device answers,
 * io_mutex is dropped (disconnect, cancel and abort never wait for a
 * device) and changing_alt keeps submits and registrations out.
 *
 * Context: process, no lock held (an unlocked ioctl).
 */
static int winusb_ioctl_set_altsetting(struct winusb_file *wf,
				       void __user *uarg)
{
	struct winusb_dev *wdev = wf->wdev;
	struct winusb_altsetting as;
	int ret;

	ret = winusb_copy_arg_in(&as, sizeof(as), sizeof(as), uarg);
	if (ret)
		return ret;
	if (as.flags || memchr_inv(as.__reserved, 0, sizeof(as.__reserved)))
		return -EINVAL;

	if (mutex_lock_interruptible(&wdev->io_mutex))
		return -EINTR;
	if (wdev->disconnected) {
		ret = -ENODEV;
		goto out_unlock;
	}
	if (!usb_altnum_to_altsetting(wdev->intf, as.alt_setting)) {
		ret = -ENOENT;
		goto out_unlock;
	}
	spin_lock_irq(&wdev->lock);
	if (wdev->pending || wdev->changing_alt)
		ret = -EBUSY;
	else
		wdev->changing_alt = true;
	spin_unlock_irq(&wdev->lock);
	if (ret)
		goto out_unlock;
	ret = usb_autopm_get_interface(wdev->intf);
	if (ret)
		goto out_done;

	mutex_unlock(&wdev->io_mutex);
	ret = usb_set_interface(wdev->udev, wdev->ifnum, as.alt_setting);
	usb_autopm_put_interface(wdev->intf);
	mutex_lock(&wdev->io_mutex);

	/* Even a failed request may have changed the core's endpoints. */
out_done:
	spin_lock_irq(&wdev->lock);
	if (!wdev->disconnected)
		winusb_pipes_update(wdev);
	else
		ret = -ENODEV;
	wdev->changing_alt = false;
	spin_unlock_irq(&wdev->lock);
out_unlock:
	mutex_unlock(&wdev->io_mutex);
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

#define WINUSB_IOCTL(cmd, _fn, _write, _unlocked)			\
	[_IOC_NR(cmd) - WINUSB_IOCTL_BASE] = { .fn = _fn, .write = _write, \
					       .unlocked = _unlocked }

/*
 * The unlocked ones: REAP and GET_INFO also answer after a disconnect;
 * CANCEL never waits behind another ioctl; the others drop io_mutex while
 * they wait for the device or for transfers.
 */
static const struct winusb_ioctl_desc winusb_ioctls[] = {
	WINUSB_IOCTL(WINUSB_IOCTL_GET_INFO, winusb_ioctl_get_info, false, true),
	/* Read-only files get the cached descriptors (see the dispatcher). */
	WINUSB_IOCTL(WINUSB_IOCTL_GET_DESCRIPTOR, winusb_ioctl_get_descriptor_rw,
		     false, false),
	WINUSB_IOCTL(WINUSB_IOCTL_QUERY_PIPE, winusb_ioctl_query_pipe,
		     false, false),
	WINUSB_IOCTL(WINUSB_IOCTL_GET_ALTSETTING, winusb_ioctl_get_altsetting,
		     false, false),
	WINUSB_IOCTL(WINUSB_IOCTL_SET_ALTSETTING, winusb_ioctl_set_altsetting,
		     true, true),
	WINUSB_IOCTL(WINUSB_IOCTL_SUBMIT, winusb_ioctl_submit, true, false),
	WINUSB_IOCTL(WINUSB_IOCTL_REAP, winusb_ioctl_reap, true, true),
	WINUSB_IOCTL(WINUSB_IOCTL_CANCEL, winusb_ioctl_cancel, true, true),
	WINUSB_IOCTL(WINUSB_IOCTL_ABORT_PIPE, winusb_ioctl_abort_pipe,
		     true, false),
	WINUSB_IOCTL(WINUSB_IOCTL_RESET_PIPE, winusb_ioctl_reset_pipe,
		     true, true),
	WINUSB_IOCTL(WINUSB_IOCTL_FLUSH_PIPE, winusb_ioctl_flush_pipe,
		     true, false),
	WINUSB_IOCTL(WINUSB_IOCTL_GET_PIPE_POLICY, winusb_ioctl_get_pipe_policy,
		     false, false),
	WINUSB_IOCTL(WINUSB_IOCTL_SET_PIPE_POLICY, winusb_ioctl_set_pipe_policy,
		     true, false),
	WINUSB_IOCTL(WINUSB_IOCTL_GET_POWER_POLICY,
		     winusb_ioctl_get_power_policy, false, false),
	WINUSB_IOCTL(WINUSB_IOCTL_SET_POWER_POLICY,
		     winusb_ioctl_set_power_policy, true, false),
	WINUSB_IOCTL(WINUSB_IOCTL_ISOCH_REGISTER, winusb_ioctl_isoch_register,
		     true, false),
	WINUSB_IOCTL(WINUSB_IOCTL_ISOCH_UNREGISTER,
		     winusb_ioctl_isoch_unregister, true, true),
	WINUSB_IOCTL(WINUSB_IOCTL_ISOCH_SUBMIT, winusb_ioctl_isoch_submit,
		     true, false),
	WINUSB_IOCTL(WINUSB_IOCTL_GET_FRAME, winusb_ioctl_get_frame,
		     false, false),
};

static const struct winusb_ioctl_desc winusb_ioctl_get_descriptor_ro_desc = {
	.fn = winusb_ioctl_get_descriptor_ro,
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

	desc = &winusb_ioctls[nr - WINUSB_IOCTL_BASE];
	if (!desc->fn)
		return -ENOTTY;
	if (nr == _IOC_NR(WINUSB_IOCTL_GET_DESCRIPTOR) && !writable)
		desc = &winusb_ioctl_get_descriptor_ro_desc;
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
	/* No .llseek: stream_open() makes lseek() fail with -ESPIPE. */
};
