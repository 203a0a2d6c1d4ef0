/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * windows.h - libwinusb's minimal stand-in for the Windows SDK header:
 * the Win32 types, error codes, OVERLAPPED, events, CreateFile and timing
 * functions that WinUSB programs use (see <winusb_win32.h>).  Nothing else
 * of the Win32 API is provided.
 */
#ifndef WINUSB_FWD_WINDOWS_H
#define WINUSB_FWD_WINDOWS_H
#include "winusb_win32.h"
#endif
