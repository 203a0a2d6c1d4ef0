// SPDX-License-Identifier: GPL-2.0
/*
 * winusb - isochronous transfers and frame numbers.
 *
 * The ABI is fixed (uapi/linux/winusb.h); the implementation comes with
 * the isochronous work.  Until then these ioctls fail with -EOPNOTSUPP and
 * GET_INFO does not report WINUSB_CAP_ISOCH or WINUSB_CAP_GET_FRAME.
 */
#include "winusb.h"

int winusb_ioctl_isoch_register(struct winusb_file *wf, void __user *uarg)
{
	return -EOPNOTSUPP;
}

int winusb_ioctl_isoch_unregister(struct winusb_file *wf, void __user *uarg)
{
	return -EOPNOTSUPP;
}

int winusb_ioctl_isoch_submit(struct winusb_file *wf, void __user *uarg)
{
	return -EOPNOTSUPP;
}

int winusb_ioctl_get_frame(struct winusb_file *wf, void __user *uarg)
{
	return -EOPNOTSUPP;
}
