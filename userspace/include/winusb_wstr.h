/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * winusb_wstr.h - UTF-16 (WCHAR) string helpers for <tchar.h> and
 * <strsafe.h>: the wcs* functions of Windows' C library, which glibc's
 * 32-bit wchar_t versions cannot replace.  Header-only (static inline).
 */
#ifndef WINUSB_WSTR_H
#define WINUSB_WSTR_H

#include <stdlib.h>
#include <string.h>
#include "winusb_win32.h"

static inline size_t wu_wcslen(const WCHAR *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static inline size_t wu_wcsnlen(const WCHAR *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

static inline WCHAR *wu_wcscpy(WCHAR *d, const WCHAR *s)
{
	size_t i = 0;

	do
		d[i] = s[i];
	while (s[i++]);
	return d;
}

static inline WCHAR *wu_wcsncpy(WCHAR *d, const WCHAR *s, size_t n)
{
	size_t i = 0;

	for (; i < n && s[i]; i++)
		d[i] = s[i];
	for (; i < n; i++)
		d[i] = 0;
	return d;
}

static inline WCHAR *wu_wcscat(WCHAR *d, const WCHAR *s)
{
	wu_wcscpy(d + wu_wcslen(d), s);
	return d;
}

static inline WCHAR *wu_wcsncat(WCHAR *d, const WCHAR *s, size_t n)
{
	size_t l = wu_wcslen(d), i;

	for (i = 0; i < n && s[i]; i++)
		d[l + i] = s[i];
	d[l + i] = 0;
	return d;
}

static inline WCHAR wu_wlower(WCHAR c)
{
	return (WCHAR)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
}

static inline WCHAR wu_wupper(WCHAR c)
{
	return (WCHAR)(c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c);
}

static inline int wu_wcsncmp_(const WCHAR *a, const WCHAR *b, size_t n,
			      int fold)
{
	size_t i;

	for (i = 0; i < n; i++) {
		WCHAR x = fold ? wu_wlower(a[i]) : a[i];
		WCHAR y = fold ? wu_wlower(b[i]) : b[i];

		if (x != y)
			return x < y ? -1 : 1;
		if (!x)
			break;
	}
	return 0;
}

static inline int wu_wcscmp(const WCHAR *a, const WCHAR *b)
{
	return wu_wcsncmp_(a, b, (size_t)-1, 0);
}

static inline int wu_wcsncmp(const WCHAR *a, const WCHAR *b, size_t n)
{
	return wu_wcsncmp_(a, b, n, 0);
}

/* Case-insensitive in ASCII, as the C locale of Windows' _wcsicmp. */
static inline int wu_wcsicmp(const WCHAR *a, const WCHAR *b)
{
	return wu_wcsncmp_(a, b, (size_t)-1, 1);
}

static inline int wu_wcsnicmp(const WCHAR *a, const WCHAR *b, size_t n)
{
	return wu_wcsncmp_(a, b, n, 1);
}

static inline WCHAR *wu_wcschr(const WCHAR *s, WCHAR c)
{
	for (;; s++) {
		if (*s == c)
			return (WCHAR *)s;
		if (!*s)
			return NULL;
	}
}

static inline WCHAR *wu_wcsrchr(const WCHAR *s, WCHAR c)
{
	const WCHAR *r = NULL;

	for (;; s++) {
		if (*s == c)
			r = s;
		if (!*s)
			return (WCHAR *)r;
	}
}

static inline WCHAR *wu_wcsstr(const WCHAR *h, const WCHAR *n)
{
	size_t nl = wu_wcslen(n);

	for (; *h; h++)
		if (!wu_wcsncmp(h, n, nl))
			return (WCHAR *)h;
	return nl ? NULL : (WCHAR *)h;
}

static inline WCHAR *wu_wcsdup(const WCHAR *s)
{
	size_t n = (wu_wcslen(s) + 1) * sizeof(WCHAR);
	WCHAR *d = (WCHAR *)malloc(n);

	if (d)
		memcpy(d, s, n);
	return d;
}

static inline WCHAR *wu_wcsupr(WCHAR *s)
{
	WCHAR *p;

	for (p = s; *p; p++)
		*p = wu_wupper(*p);
	return s;
}

static inline WCHAR *wu_wcslwr(WCHAR *s)
{
	WCHAR *p;

	for (p = s; *p; p++)
		*p = wu_wlower(*p);
	return s;
}

/* Numbers: only ASCII digits matter, so narrow and use strtol/strtoul. */
static inline long wu_wcstol_(const WCHAR *s, WCHAR **end, int base,
			      int is_unsigned)
{
	char buf[80];
	char *e;
	size_t i;
	long v;

	for (i = 0; i + 1 < sizeof(buf) && s[i] && s[i] < 0x80; i++)
		buf[i] = (char)s[i];
	buf[i] = '\0';
	v = is_unsigned ? (long)strtoul(buf, &e, base) : strtol(buf, &e, base);
	if (end)
		*end = (WCHAR *)s + (e - buf);
	return v;
}

static inline long wu_wcstol(const WCHAR *s, WCHAR **end, int base)
{
	return wu_wcstol_(s, end, base, 0);
}

static inline unsigned long wu_wcstoul(const WCHAR *s, WCHAR **end, int base)
{
	return (unsigned long)wu_wcstol_(s, end, base, 1);
}

static inline int wu_wtoi(const WCHAR *s)
{
	return (int)wu_wcstol(s, NULL, 10);
}

#endif /* WINUSB_WSTR_H */
