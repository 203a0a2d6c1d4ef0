/* SPDX-License-Identifier: GPL-2.0 */
/*
 * winusb - the few kernel API differences between the kernels we build on
 * (Debian 12's 6.1 and 6.12).  Nothing else in the module tests versions.
 */
#ifndef WINUSB_COMPAT_H
#define WINUSB_COMPAT_H

#include <linux/device.h>
#include <linux/mm.h>
#include <linux/version.h>

/* 6.4 dropped class_create()'s owner argument. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 4, 0)
#define winusb_class_create(name)	class_create(THIS_MODULE, name)
#else
#define winusb_class_create(name)	class_create(name)
#endif

/* 6.2 made the device argument of class.devnode const. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 2, 0)
#define WINUSB_DEVNODE_CONST
#else
#define WINUSB_DEVNODE_CONST const
#endif

/* 6.3 made the device argument of class.dev_uevent const. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 3, 0)
#define WINUSB_UEVENT_CONST
#else
#define WINUSB_UEVENT_CONST const
#endif

/* 6.5 dropped pin_user_pages()'s vmas argument. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 5, 0)
#define winusb_pin_user_pages(start, n, flags, pages) \
	pin_user_pages(start, n, flags, pages, NULL)
#else
#define winusb_pin_user_pages(start, n, flags, pages) \
	pin_user_pages(start, n, flags, pages)
#endif

#endif /* WINUSB_COMPAT_H */
