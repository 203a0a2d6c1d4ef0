/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * win32_internal.h - what win32.c, wprintf.c and setupapi.c share.
 *
 *   win32.c     FormatMessage, memory, critical sections, threads,
 *               GetOverlappedResultEx, CreateFileW, UTF-8 <-> UTF-16
 *   wprintf.c   the UTF-16 printf family, WinUsbLinux_RunWmain
 *   setupapi.c  SetupDi* and CM_* discovery, Windows device paths
 *   guids.c     the GUIDs libwinusb's headers name
 */
#ifndef LIBWINUSB_WIN32_INTERNAL_H
#define LIBWINUSB_WIN32_INTERNAL_H

#include <stddef.h>

#include "libwinusb.h"
#include "setupapi.h"
#include "cfgmgr32.h"

/*
 * UTF-8 (@n bytes, or up to its NUL with @n = -1 and the NUL converted
 * too) to UTF-16 in @out of @cap units (@out NULL: count only).  Returns
 * the units needed, or -ERANGE when @cap is short (nothing reliable in
 * @out), -EILSEQ for invalid UTF-8.
 */
WU_HIDDEN long wu_utf8_to_utf16(const char *s, long n, WCHAR *out, size_t cap);
/* The reverse: UTF-16 to UTF-8, same conventions (unpaired surrogates
 * are -EILSEQ). */
WU_HIDDEN long wu_utf16_to_utf8(const WCHAR *s, long n, char *out, size_t cap);
/* A malloc()ed UTF-8 copy of a NUL-terminated UTF-16 string, or NULL
 * (errno set). */
WU_HIDDEN char *wu_utf16_dup_utf8(const WCHAR *s);

/* udev's database root (/run/udev); tests point it at a fake tree. */
extern WU_HIDDEN const char *wu_udev_root;

/*
 * If @path is a Windows device path ("\\?\usb#...") store the winusb node
 * it names in @node and return 0; -EINVAL if @path is not one (open it as
 * it is); -ENOENT if the device is gone; -EACCES if it names a device
 * with no interface bound to winusb.
 */
WU_HIDDEN int wu_devpath_to_node(const char *path, char *node, size_t size);

#endif /* LIBWINUSB_WIN32_INTERNAL_H */
