/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * winioctl.h - the I/O control code macros of Windows' winioctl.h
 * (CTL_CODE and its parts), for programs that build WinUSB-adjacent
 * control codes.  DeviceIoControl() is not provided: WinUSB devices are
 * driven through WinUsb_* on Linux.
 */
#ifndef WINUSB_WINIOCTL_H
#define WINUSB_WINIOCTL_H

#include "winusb_win32.h"

#define CTL_CODE(DeviceType, Function, Method, Access) \
	(((DeviceType) << 16) | ((Access) << 14) | ((Function) << 2) | (Method))
#define DEVICE_TYPE_FROM_CTL_CODE(ctrlCode) (((DWORD)((ctrlCode) & 0xffff0000)) >> 16)
#define METHOD_FROM_CTL_CODE(ctrlCode) ((DWORD)((ctrlCode) & 3))

#define METHOD_BUFFERED 0
#define METHOD_IN_DIRECT 1
#define METHOD_OUT_DIRECT 2
#define METHOD_NEITHER 3
#define METHOD_DIRECT_TO_HARDWARE METHOD_IN_DIRECT
#define METHOD_DIRECT_FROM_HARDWARE METHOD_OUT_DIRECT

#define FILE_ANY_ACCESS 0
#define FILE_SPECIAL_ACCESS FILE_ANY_ACCESS
#define FILE_READ_ACCESS 0x0001
#define FILE_WRITE_ACCESS 0x0002

typedef DWORD DEVICE_TYPE;
#define FILE_DEVICE_CONTROLLER 0x00000004
#define FILE_DEVICE_UNKNOWN 0x00000022
#define FILE_DEVICE_SERIAL_PORT 0x0000001b
#define FILE_DEVICE_BUS_EXTENDER 0x0000002a

#endif /* WINUSB_WINIOCTL_H */
