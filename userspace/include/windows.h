/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * windows.h - libwinusb's stand-in for the Windows SDK header: the Win32
 * types, error codes, HRESULTs, OVERLAPPED, events, threads, memory,
 * FormatMessage, CreateFile and timing functions that WinUSB programs use
 * (see <winusb_win32.h> and <winusb_win32_more.h>), and the version macros
 * of <SDKDDKVer.h>.  Nothing else of the Win32 API is provided; see
 * Documentation/userspace-porting.rst.
 */
#ifndef WINUSB_FWD_WINDOWS_H
#define WINUSB_FWD_WINDOWS_H
#include "SDKDDKVer.h"
#include "winusb_win32.h"
#include "winioctl.h"
#endif
