/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * strsafe.h - Windows' bounded string functions: StringCch* (sizes in
 * characters) and StringCb* (sizes in bytes), A and W, with the generic
 * names following UNICODE.  Header-only, as on Windows.
 *
 * Each returns S_OK, STRSAFE_E_INSUFFICIENT_BUFFER (the result was
 * truncated and NUL-terminated) or STRSAFE_E_INVALID_PARAMETER (a size of
 * 0 or above STRSAFE_MAX_CCH; nothing written).  W strings are UTF-16.
 * The Ex variants are not provided.
 */
#ifndef WINUSB_STRSAFE_H
#define WINUSB_STRSAFE_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "winusb_win32.h"
#include "winusb_wstr.h"

#define STRSAFE_MAX_CCH 2147483647
#define STRSAFE_E_INSUFFICIENT_BUFFER ((HRESULT)0x8007007AL)
#define STRSAFE_E_INVALID_PARAMETER ((HRESULT)0x80070057L)
#define STRSAFE_E_END_OF_FILE ((HRESULT)0x80070026L)

typedef char *STRSAFE_LPSTR;
typedef const char *STRSAFE_LPCSTR;
typedef WCHAR *STRSAFE_LPWSTR;
typedef const WCHAR *STRSAFE_LPCWSTR;

static inline size_t wu_strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

#define WU_STRSAFE_CHECK(cch) \
	((cch) == 0 || (cch) > STRSAFE_MAX_CCH)

/* Copy at most @n characters of @src (and a NUL) into @dst of @cch. */
static inline HRESULT wu_sscopy_a(char *dst, size_t cch, const char *src,
				  size_t n)
{
	size_t i;

	if (WU_STRSAFE_CHECK(cch))
		return STRSAFE_E_INVALID_PARAMETER;
	for (i = 0; i < n && src[i]; i++) {
		if (i + 1 == cch) {
			dst[i] = '\0';
			return STRSAFE_E_INSUFFICIENT_BUFFER;
		}
		dst[i] = src[i];
	}
	dst[i] = '\0';
	return S_OK;
}

static inline HRESULT wu_sscopy_w(WCHAR *dst, size_t cch, const WCHAR *src,
				  size_t n)
{
	size_t i;

	if (WU_STRSAFE_CHECK(cch))
		return STRSAFE_E_INVALID_PARAMETER;
	for (i = 0; i < n && src[i]; i++) {
		if (i + 1 == cch) {
			dst[i] = 0;
			return STRSAFE_E_INSUFFICIENT_BUFFER;
		}
		dst[i] = src[i];
	}
	dst[i] = 0;
	return S_OK;
}

static inline HRESULT wu_sscat_a(char *dst, size_t cch, const char *src,
				 size_t n)
{
	size_t l;

	if (WU_STRSAFE_CHECK(cch))
		return STRSAFE_E_INVALID_PARAMETER;
	l = wu_strnlen(dst, cch);
	if (l == cch)	/* dst is not terminated within its size */
		return STRSAFE_E_INVALID_PARAMETER;
	return wu_sscopy_a(dst + l, cch - l, src, n);
}

static inline HRESULT wu_sscat_w(WCHAR *dst, size_t cch, const WCHAR *src,
				 size_t n)
{
	size_t l;

	if (WU_STRSAFE_CHECK(cch))
		return STRSAFE_E_INVALID_PARAMETER;
	l = wu_wcsnlen(dst, cch);
	if (l == cch)
		return STRSAFE_E_INVALID_PARAMETER;
	return wu_sscopy_w(dst + l, cch - l, src, n);
}

static inline HRESULT wu_ssvprintf_a(char *dst, size_t cch, const char *fmt,
				     va_list ap)
{
	int n;

	if (WU_STRSAFE_CHECK(cch))
		return STRSAFE_E_INVALID_PARAMETER;
	n = vsnprintf(dst, cch, fmt, ap);
	if (n < 0) {
		dst[0] = '\0';
		return STRSAFE_E_INVALID_PARAMETER;
	}
	return (size_t)n >= cch ? STRSAFE_E_INSUFFICIENT_BUFFER : S_OK;
}

static inline HRESULT wu_ssvprintf_w(WCHAR *dst, size_t cch,
				     const WCHAR *fmt, va_list ap)
{
	int n;

	if (WU_STRSAFE_CHECK(cch))
		return STRSAFE_E_INVALID_PARAMETER;
	n = WinUsbLinux_vswprintf16(dst, cch, fmt, ap);
	if (n < 0) {
		dst[0] = 0;
		return STRSAFE_E_INVALID_PARAMETER;
	}
	return (size_t)n >= cch ? STRSAFE_E_INSUFFICIENT_BUFFER : S_OK;
}

static inline HRESULT StringCchCopyA(STRSAFE_LPSTR d, size_t cch,
				     STRSAFE_LPCSTR s)
{
	return wu_sscopy_a(d, cch, s, (size_t)-1);
}

static inline HRESULT StringCchCopyW(STRSAFE_LPWSTR d, size_t cch,
				     STRSAFE_LPCWSTR s)
{
	return wu_sscopy_w(d, cch, s, (size_t)-1);
}

static inline HRESULT StringCbCopyA(STRSAFE_LPSTR d, size_t cb,
				    STRSAFE_LPCSTR s)
{
	return wu_sscopy_a(d, cb, s, (size_t)-1);
}

static inline HRESULT StringCbCopyW(STRSAFE_LPWSTR d, size_t cb,
				    STRSAFE_LPCWSTR s)
{
	return wu_sscopy_w(d, cb / sizeof(WCHAR), s, (size_t)-1);
}

static inline HRESULT StringCchCopyNA(STRSAFE_LPSTR d, size_t cch,
				      STRSAFE_LPCSTR s, size_t n)
{
	return wu_sscopy_a(d, cch, s, n);
}

static inline HRESULT StringCchCopyNW(STRSAFE_LPWSTR d, size_t cch,
				      STRSAFE_LPCWSTR s, size_t n)
{
	return wu_sscopy_w(d, cch, s, n);
}

static inline HRESULT StringCbCopyNA(STRSAFE_LPSTR d, size_t cb,
				     STRSAFE_LPCSTR s, size_t cbsrc)
{
	return wu_sscopy_a(d, cb, s, cbsrc);
}

static inline HRESULT StringCbCopyNW(STRSAFE_LPWSTR d, size_t cb,
				     STRSAFE_LPCWSTR s, size_t cbsrc)
{
	return wu_sscopy_w(d, cb / sizeof(WCHAR), s, cbsrc / sizeof(WCHAR));
}

static inline HRESULT StringCchCatA(STRSAFE_LPSTR d, size_t cch,
				    STRSAFE_LPCSTR s)
{
	return wu_sscat_a(d, cch, s, (size_t)-1);
}

static inline HRESULT StringCchCatW(STRSAFE_LPWSTR d, size_t cch,
				    STRSAFE_LPCWSTR s)
{
	return wu_sscat_w(d, cch, s, (size_t)-1);
}

static inline HRESULT StringCbCatA(STRSAFE_LPSTR d, size_t cb,
				   STRSAFE_LPCSTR s)
{
	return wu_sscat_a(d, cb, s, (size_t)-1);
}

static inline HRESULT StringCbCatW(STRSAFE_LPWSTR d, size_t cb,
				   STRSAFE_LPCWSTR s)
{
	return wu_sscat_w(d, cb / sizeof(WCHAR), s, (size_t)-1);
}

static inline HRESULT StringCchCatNA(STRSAFE_LPSTR d, size_t cch,
				     STRSAFE_LPCSTR s, size_t n)
{
	return wu_sscat_a(d, cch, s, n);
}

static inline HRESULT StringCchCatNW(STRSAFE_LPWSTR d, size_t cch,
				     STRSAFE_LPCWSTR s, size_t n)
{
	return wu_sscat_w(d, cch, s, n);
}

static inline HRESULT StringCbCatNA(STRSAFE_LPSTR d, size_t cb,
				    STRSAFE_LPCSTR s, size_t cbsrc)
{
	return wu_sscat_a(d, cb, s, cbsrc);
}

static inline HRESULT StringCbCatNW(STRSAFE_LPWSTR d, size_t cb,
				    STRSAFE_LPCWSTR s, size_t cbsrc)
{
	return wu_sscat_w(d, cb / sizeof(WCHAR), s, cbsrc / sizeof(WCHAR));
}

static inline HRESULT StringCchVPrintfA(STRSAFE_LPSTR d, size_t cch,
					STRSAFE_LPCSTR fmt, va_list ap)
{
	return wu_ssvprintf_a(d, cch, fmt, ap);
}

static inline HRESULT StringCchVPrintfW(STRSAFE_LPWSTR d, size_t cch,
					STRSAFE_LPCWSTR fmt, va_list ap)
{
	return wu_ssvprintf_w(d, cch, fmt, ap);
}

static inline HRESULT StringCbVPrintfA(STRSAFE_LPSTR d, size_t cb,
				       STRSAFE_LPCSTR fmt, va_list ap)
{
	return wu_ssvprintf_a(d, cb, fmt, ap);
}

static inline HRESULT StringCbVPrintfW(STRSAFE_LPWSTR d, size_t cb,
				       STRSAFE_LPCWSTR fmt, va_list ap)
{
	return wu_ssvprintf_w(d, cb / sizeof(WCHAR), fmt, ap);
}

static inline HRESULT StringCchPrintfA(STRSAFE_LPSTR d, size_t cch,
				       STRSAFE_LPCSTR fmt, ...)
	__attribute__((format(printf, 3, 4)));
static inline HRESULT StringCchPrintfA(STRSAFE_LPSTR d, size_t cch,
				       STRSAFE_LPCSTR fmt, ...)
{
	va_list ap;
	HRESULT hr;

	va_start(ap, fmt);
	hr = wu_ssvprintf_a(d, cch, fmt, ap);
	va_end(ap);
	return hr;
}

static inline HRESULT StringCchPrintfW(STRSAFE_LPWSTR d, size_t cch,
				       STRSAFE_LPCWSTR fmt, ...)
{
	va_list ap;
	HRESULT hr;

	va_start(ap, fmt);
	hr = wu_ssvprintf_w(d, cch, fmt, ap);
	va_end(ap);
	return hr;
}

static inline HRESULT StringCbPrintfA(STRSAFE_LPSTR d, size_t cb,
				      STRSAFE_LPCSTR fmt, ...)
	__attribute__((format(printf, 3, 4)));
static inline HRESULT StringCbPrintfA(STRSAFE_LPSTR d, size_t cb,
				      STRSAFE_LPCSTR fmt, ...)
{
	va_list ap;
	HRESULT hr;

	va_start(ap, fmt);
	hr = wu_ssvprintf_a(d, cb, fmt, ap);
	va_end(ap);
	return hr;
}

static inline HRESULT StringCbPrintfW(STRSAFE_LPWSTR d, size_t cb,
				      STRSAFE_LPCWSTR fmt, ...)
{
	va_list ap;
	HRESULT hr;

	va_start(ap, fmt);
	hr = wu_ssvprintf_w(d, cb / sizeof(WCHAR), fmt, ap);
	va_end(ap);
	return hr;
}

/* *@pcch = length if @s is NUL-terminated within @max characters. */
static inline HRESULT StringCchLengthA(STRSAFE_LPCSTR s, size_t max,
				       size_t *pcch)
{
	size_t n;

	if (!s || max > STRSAFE_MAX_CCH || (n = wu_strnlen(s, max)) == max) {
		if (pcch)
			*pcch = 0;
		return STRSAFE_E_INVALID_PARAMETER;
	}
	if (pcch)
		*pcch = n;
	return S_OK;
}

static inline HRESULT StringCchLengthW(STRSAFE_LPCWSTR s, size_t max,
				       size_t *pcch)
{
	size_t n;

	if (!s || max > STRSAFE_MAX_CCH || (n = wu_wcsnlen(s, max)) == max) {
		if (pcch)
			*pcch = 0;
		return STRSAFE_E_INVALID_PARAMETER;
	}
	if (pcch)
		*pcch = n;
	return S_OK;
}

static inline HRESULT StringCbLengthA(STRSAFE_LPCSTR s, size_t maxcb,
				      size_t *pcb)
{
	return StringCchLengthA(s, maxcb, pcb);
}

static inline HRESULT StringCbLengthW(STRSAFE_LPCWSTR s, size_t maxcb,
				      size_t *pcb)
{
	size_t n = 0;
	HRESULT hr = StringCchLengthW(s, maxcb / sizeof(WCHAR), &n);

	if (pcb)
		*pcb = n * sizeof(WCHAR);
	return hr;
}

#ifdef UNICODE
#define StringCchCopy StringCchCopyW
#define StringCbCopy StringCbCopyW
#define StringCchCopyN StringCchCopyNW
#define StringCbCopyN StringCbCopyNW
#define StringCchCat StringCchCatW
#define StringCbCat StringCbCatW
#define StringCchCatN StringCchCatNW
#define StringCbCatN StringCbCatNW
#define StringCchPrintf StringCchPrintfW
#define StringCbPrintf StringCbPrintfW
#define StringCchVPrintf StringCchVPrintfW
#define StringCbVPrintf StringCbVPrintfW
#define StringCchLength StringCchLengthW
#define StringCbLength StringCbLengthW
#else
#define StringCchCopy StringCchCopyA
#define StringCbCopy StringCbCopyA
#define StringCchCopyN StringCchCopyNA
#define StringCbCopyN StringCbCopyNA
#define StringCchCat StringCchCatA
#define StringCbCat StringCbCatA
#define StringCchCatN StringCchCatNA
#define StringCbCatN StringCbCatNA
#define StringCchPrintf StringCchPrintfA
#define StringCbPrintf StringCbPrintfA
#define StringCchVPrintf StringCchVPrintfA
#define StringCbVPrintf StringCbVPrintfA
#define StringCchLength StringCchLengthA
#define StringCbLength StringCbLengthA
#endif

#endif /* WINUSB_STRSAFE_H */
