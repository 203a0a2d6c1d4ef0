/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * wtypesbase.h - the base types of Windows' wtypesbase.h: in libwinusb
 * they all come with <windows.h>.
 */
#ifndef WINUSB_WTYPESBASE_H
#define WINUSB_WTYPESBASE_H
#include "winusb_win32.h"
typedef WCHAR OLECHAR, *LPOLESTR;
typedef const WCHAR *LPCOLESTR;
typedef LONG SCODE;
typedef unsigned char byte;
typedef unsigned char boolean;
#endif
