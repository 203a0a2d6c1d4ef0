/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * winusbio.h - forwarding header: libwinusb declares everything Microsoft's
 * winusbio.h holds in <winusb.h>, so Windows #include lines compile unchanged.
 */
#ifndef WINUSB_FWD_WINUSBIO_H
#define WINUSB_FWD_WINUSBIO_H
#include "winusb.h"
#include "usb.h"
#endif
