/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * guiddef.h - GUID, IsEqualGUID and DEFINE_GUID, as Windows' guiddef.h.
 *
 * DEFINE_GUID(name, l, w1, w2, b1, ..., b8) declares or defines, as on
 * Windows: without INITGUID it only declares "extern const GUID name"; in a
 * translation unit that includes <initguid.h> first (which defines INITGUID
 * and includes this file again) it defines the GUID.  The definition is weak
 * (Windows' __declspec(selectany)), so several translation units may
 * include <initguid.h> and define the same GUID.
 *
 * The part below the include guard is read again at every inclusion, so
 * including <initguid.h> after this file still switches DEFINE_GUID to
 * defining, as Windows' headers do.
 */
#ifndef WINUSB_GUIDDEF_H
#define WINUSB_GUIDDEF_H

#include <string.h>

#ifndef EXTERN_C
#ifdef __cplusplus
#define EXTERN_C extern "C"
#else
#define EXTERN_C extern
#endif
#endif

/* See <winusb_win32.h>: the library symbol of a libwinusb name. */
#ifndef WINUSB_W32_NAME
#define WINUSB_W32_NAME(name) __asm__("libwinusb_" #name)
#endif

#ifndef DECLSPEC_SELECTANY
#define DECLSPEC_SELECTANY __attribute__((weak))
#endif

/**
 * GUID - a 128-bit identifier (DeviceInterfaceGUID), Microsoft layout:
 * Data1 32 bits, Data2 and Data3 16 bits, Data4 8 bytes; 16 bytes in all.
 */
#ifndef GUID_DEFINED
#define GUID_DEFINED
typedef struct _GUID {
	unsigned int Data1;
	unsigned short Data2;
	unsigned short Data3;
	unsigned char Data4[8];
} GUID;
#endif
typedef GUID *PGUID, *LPGUID;
typedef const GUID *LPCGUID;
typedef GUID IID, CLSID;
typedef GUID *LPIID, *LPCLSID;

/*
 * REFGUID and IsEqualGUID(a, b), as in guiddef.h: in C, pointers to the two
 * GUIDs (IsEqualGUID(&a, &b)); in C++, references (IsEqualGUID(a, b)).
 */
#ifdef __cplusplus
typedef const GUID &REFGUID;
typedef const GUID &REFIID;
typedef const GUID &REFCLSID;
static inline bool IsEqualGUID(REFGUID rguid1, REFGUID rguid2)
{
	return !memcmp(&rguid1, &rguid2, sizeof(GUID));
}
static inline bool operator==(REFGUID a, REFGUID b)
{
	return IsEqualGUID(a, b);
}
static inline bool operator!=(REFGUID a, REFGUID b)
{
	return !IsEqualGUID(a, b);
}
#else
typedef const GUID *REFGUID;
typedef const GUID *REFIID;
typedef const GUID *REFCLSID;
#define IsEqualGUID(rguid1, rguid2) \
	(!memcmp((rguid1), (rguid2), sizeof(GUID)))
#endif
#define InlineIsEqualGUID IsEqualGUID
#define IsEqualIID IsEqualGUID
#define IsEqualCLSID IsEqualGUID

#endif /* WINUSB_GUIDDEF_H */

/* Re-evaluated at every inclusion: <initguid.h> switches it to defining. */
#ifdef DEFINE_GUID
#undef DEFINE_GUID
#endif
#if defined(INITGUID) && defined(__cplusplus)
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8)	\
	EXTERN_C const GUID DECLSPEC_SELECTANY name =			\
		{ l, w1, w2, { b1, b2, b3, b4, b5, b6, b7, b8 } }
#elif defined(INITGUID)
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8)	\
	const GUID DECLSPEC_SELECTANY name =				\
		{ l, w1, w2, { b1, b2, b3, b4, b5, b6, b7, b8 } }
#else
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8)	\
	EXTERN_C const GUID name
#endif
#ifndef DEFINE_OLEGUID
#define DEFINE_OLEGUID(name, l, w1, w2) \
	DEFINE_GUID(name, l, w1, w2, 0xC0, 0, 0, 0, 0, 0, 0, 0x46)
#endif

/*
 * WINUSB_HEADER_GUID - a GUID that libwinusb's own headers name
 * (GUID_DEVINTERFACE_USB_DEVICE, WinUSB_TestGuid...): defined by
 * DEFINE_GUID under INITGUID as on Windows, otherwise declared and taken
 * from libwinusb (as "libwinusb_<name>"), so that a program that forgets
 * <initguid.h> still links.
 */
#ifdef WINUSB_HEADER_GUID
#undef WINUSB_HEADER_GUID
#endif
#ifdef INITGUID
#define WINUSB_HEADER_GUID DEFINE_GUID
#else
#define WINUSB_HEADER_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
	EXTERN_C const GUID name WINUSB_W32_NAME(name)
#endif
