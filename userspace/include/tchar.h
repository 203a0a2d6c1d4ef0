/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tchar.h - generic-text mappings, as Windows' <tchar.h>.
 *
 * Without _UNICODE every _t name is the C library's char function
 * (_tprintf = printf, _tcslen = strlen...).  With _UNICODE (Visual Studio's
 * default) _TCHAR is WCHAR (UTF-16), _T("x") is u"x", and the _t names are
 * libwinusb's UTF-16 functions; printing converts to UTF-8.  _tmain under
 * _UNICODE must have the (int, _TCHAR **) form: the macro supplies main()
 * and converts the command line.  The _t names not listed here do not
 * exist under _UNICODE and fail to compile (never a wrong string width).
 */
#ifndef WINUSB_TCHAR_H
#define WINUSB_TCHAR_H

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "winusb_win32.h"

#if defined(_UNICODE) && !defined(UNICODE)
#error "libwinusb: define UNICODE together with _UNICODE (or neither)"
#endif

#ifdef _UNICODE

#include "winusb_wstr.h"

typedef WCHAR _TCHAR, _TSCHAR, _TUCHAR, _TXCHAR;
typedef int _TINT;
#define __T(x) u##x
#define _TEOF (-1)

/* main() that converts argv and calls the program's UTF-16 _tmain. */
#define _tmain							\
	WinUsbLinux_tmain(int, _TCHAR **);				\
	int main(int argc, char **argv)					\
	{								\
		return WinUsbLinux_RunWmain(argc, argv,			\
					    WinUsbLinux_tmain);		\
	}								\
	int WinUsbLinux_tmain

static inline int wu_tprintf(const WCHAR *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = WinUsbLinux_vfwprintf16(stdout, fmt, ap);
	va_end(ap);
	return n;
}

static inline int wu_ftprintf(FILE *f, const WCHAR *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = WinUsbLinux_vfwprintf16(f, fmt, ap);
	va_end(ap);
	return n;
}

static inline int wu_sntprintf(WCHAR *buf, size_t count, const WCHAR *fmt,
			       ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = WinUsbLinux_vswprintf16(buf, count, fmt, ap);
	va_end(ap);
	return n;
}

static inline int wu_vtprintf(const WCHAR *fmt, va_list ap)
{
	return WinUsbLinux_vfwprintf16(stdout, fmt, ap);
}

static inline int wu_fputts(const WCHAR *s, FILE *f)
{
	return wu_ftprintf(f, u"%s", s) < 0 ? EOF : 0;
}

static inline int wu_putts(const WCHAR *s)
{
	return wu_ftprintf(stdout, u"%s\n", s) < 0 ? EOF : 0;
}

#define _tprintf wu_tprintf
#define _tprintf_s wu_tprintf
#define _ftprintf wu_ftprintf
#define _ftprintf_s wu_ftprintf
#define _vtprintf wu_vtprintf
#define _vftprintf(f, fmt, ap) WinUsbLinux_vfwprintf16((f), (fmt), (ap))
#define _sntprintf wu_sntprintf
#define _sntprintf_s(buf, size, count, ...) wu_sntprintf((buf), (size), __VA_ARGS__)
#define _stprintf_s wu_sntprintf
#define _vsntprintf(buf, count, fmt, ap) \
	WinUsbLinux_vswprintf16((buf), (count), (fmt), (ap))
#define _fputts wu_fputts
#define _putts wu_putts
#define _tcslen wu_wcslen
#define _tcsnlen wu_wcsnlen
#define _tcscpy wu_wcscpy
#define _tcsncpy wu_wcsncpy
#define _tcscat wu_wcscat
#define _tcsncat wu_wcsncat
#define _tcscmp wu_wcscmp
#define _tcsncmp wu_wcsncmp
#define _tcsicmp wu_wcsicmp
#define _tcsnicmp wu_wcsnicmp
#define _tcschr wu_wcschr
#define _tcsrchr wu_wcsrchr
#define _tcsstr wu_wcsstr
#define _tcsdup wu_wcsdup
#define _tcsupr wu_wcsupr
#define _tcslwr wu_wcslwr
#define _tcstol wu_wcstol
#define _tcstoul wu_wcstoul
#define _ttoi wu_wtoi
#define _tstoi wu_wtoi
#define _ttol(s) wu_wcstol((s), NULL, 10)
#define _totupper wu_wupper
#define _totlower wu_wlower
#define _istdigit(c) ((c) >= '0' && (c) <= '9')
#define _istxdigit(c) ((c) < 0x80 && isxdigit((int)(c)))
#define _istspace(c) ((c) < 0x80 && isspace((int)(c)))
#define _istalpha(c) ((c) < 0x80 && isalpha((int)(c)))
#define _istalnum(c) ((c) < 0x80 && isalnum((int)(c)))
#define _istupper(c) ((c) >= 'A' && (c) <= 'Z')
#define _istlower(c) ((c) >= 'a' && (c) <= 'z')

#else /* !_UNICODE */

typedef char _TCHAR, _TSCHAR;
typedef unsigned char _TUCHAR;
typedef char _TXCHAR;
typedef int _TINT;
#define __T(x) x
#define _TEOF EOF

#define _tmain main
#define _tprintf printf
#define _tprintf_s printf
#define _ftprintf fprintf
#define _ftprintf_s fprintf
#define _vtprintf vprintf
#define _vftprintf vfprintf
#define _stprintf sprintf
#define _stprintf_s snprintf
#define _sntprintf snprintf
#define _sntprintf_s(buf, size, count, ...) snprintf((buf), (size), __VA_ARGS__)
#define _vsntprintf vsnprintf
#define _vstprintf vsprintf
#define _tscanf scanf
#define _stscanf sscanf
#define _ftscanf fscanf
#define _fputts fputs
#define _putts puts
#define _fgetts fgets
#define _puttc putc
#define _puttchar putchar
#define _gettchar getchar
#define _gettc getc
#define _tfopen fopen
#define _tgetenv getenv
#define _tsystem system
#define _tremove remove
#define _trename rename
#define _tcslen strlen
#define _tcsnlen strnlen
#define _tcscpy strcpy
#define _tcsncpy strncpy
#define _tcscat strcat
#define _tcsncat strncat
#define _tcscmp strcmp
#define _tcsncmp strncmp
#define _tcsicmp strcasecmp
#define _tcsnicmp strncasecmp
#define _tcschr strchr
#define _tcsrchr strrchr
#define _tcsstr strstr
#define _tcsdup strdup
#define _tcstok strtok
#define _tcstok_s strtok_r
#define _tcsspn strspn
#define _tcscspn strcspn
#define _tcspbrk strpbrk
#define _tcstol strtol
#define _tcstoul strtoul
#define _tcstoll strtoll
#define _tcstoull strtoull
#define _tcstod strtod
#define _ttoi atoi
#define _tstoi atoi
#define _ttol atol
#define _tstol atol
#define _ttoi64 atoll
#define _totupper toupper
#define _totlower tolower
#define _istdigit isdigit
#define _istxdigit isxdigit
#define _istspace isspace
#define _istalpha isalpha
#define _istalnum isalnum
#define _istupper isupper
#define _istlower islower
#define _istprint isprint

static inline char *wu_strupr(char *s)
{
	char *p;

	for (p = s; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	return s;
}

static inline char *wu_strlwr(char *s)
{
	char *p;

	for (p = s; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return s;
}
#define _tcsupr wu_strupr
#define _tcslwr wu_strlwr

#endif /* _UNICODE */

#define _T(x) __T(x)
#define _TEXT(x) __T(x)

#endif /* WINUSB_TCHAR_H */
