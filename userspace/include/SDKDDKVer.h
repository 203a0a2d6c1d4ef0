/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * SDKDDKVer.h - Windows version macros.  libwinusb provides the WinUSB
 * API of Windows 10 (isochronous and time-sync functions included), so
 * the defaults say Windows 10; a program may set its own _WIN32_WINNT.
 */
#ifndef WINUSB_SDKDDKVER_H
#define WINUSB_SDKDDKVER_H

#define _WIN32_WINNT_WIN7 0x0601
#define _WIN32_WINNT_WIN8 0x0602
#define _WIN32_WINNT_WINBLUE 0x0603
#define _WIN32_WINNT_WIN10 0x0A00
#define NTDDI_WIN7 0x06010000
#define NTDDI_WIN8 0x06020000
#define NTDDI_WINBLUE 0x06030000
#define NTDDI_WIN10 0x0A000000

#ifndef _WIN32_WINNT
#define _WIN32_WINNT _WIN32_WINNT_WIN10
#endif
#ifndef WINVER
#define WINVER _WIN32_WINNT
#endif
#ifndef NTDDI_VERSION
#define NTDDI_VERSION NTDDI_WIN10
#endif
#ifndef _WIN32_IE
#define _WIN32_IE 0x0A00
#endif

#endif /* WINUSB_SDKDDKVER_H */
