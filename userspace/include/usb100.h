/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * usb100.h - forwarding header: libwinusb declares everything Microsoft's
 * usb100.h holds in <winusb.h>, so Windows #include lines compile unchanged.
 */
#ifndef WINUSB_FWD_USB100_H
#define WINUSB_FWD_USB100_H
#include "winusb.h"
#include "usb.h"
#endif
