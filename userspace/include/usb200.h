/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * usb200.h - forwarding header: libwinusb declares everything Microsoft's
 * usb200.h holds in <winusb.h>, so Windows #include lines compile unchanged.
 */
#ifndef WINUSB_FWD_USB200_H
#define WINUSB_FWD_USB200_H
#include "winusb.h"
#include "usb.h"
#endif
