// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * wprintf.c - printf with UTF-16 formats, behind <tchar.h>'s _tprintf &
 * co. under _UNICODE and <strsafe.h>'s StringCch*PrintfW, plus the UTF-16
 * main of _tmain.
 *
 * Conversions follow Microsoft's wide printf: %s and %c take WCHAR
 * strings and characters, %hs/%hc narrow ones, %S/%C the other width;
 * %ls/%lc are WCHAR too.  I64/I32/I are accepted as size prefixes.  Each
 * conversion is formatted by the C library's snprintf and the result
 * converted, so numbers come out exactly as printf prints them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "win32_internal.h"

/*
 * Format @format into a malloc()ed UTF-8 string.  Returns its length or
 * -1 (errno set).
 */
static int wu_vformat16(char **out, const WCHAR *format, va_list ap)
{
	char *buf = NULL, *nb, spec[64], piece[512];
	size_t len = 0, cap = 0;
	const WCHAR *p = format;

	while (*p) {
		const char *add = piece;
		char *owned = NULL;
		size_t addlen;

		if (*p != '%') {
			const WCHAR *q = p;
			long n;

			while (*q && *q != '%')
				q++;
			n = wu_utf16_to_utf8(p, q - p, NULL, 0);
			if (n < 0)
				goto out_ilseq;
			owned = malloc((size_t)n + 1);
			if (!owned)
				goto out_nomem;
			wu_utf16_to_utf8(p, q - p, owned, (size_t)n);
			owned[n] = '\0';
			add = owned;
			addlen = (size_t)n;
			p = q;
		} else {
			size_t s = 0;
			int width_star = 0, prec_star = 0;
			enum { L_NONE, L_H, L_HH, L_L, L_LL, L_Z, L_J, L_T,
			       L_BIGL } lm = L_NONE;
			bool wide_str = true;
			WCHAR conv;

			spec[s++] = '%';
			p++;
			while (*p && strchr("-+ #0", (int)*p) && s < 40)
				spec[s++] = (char)*p++;
			if (*p == '*') {
				width_star = 1;
				spec[s++] = '*';
				p++;
			}
			while (*p >= '0' && *p <= '9' && s < 40)
				spec[s++] = (char)*p++;
			if (*p == '.') {
				spec[s++] = '.';
				p++;
				if (*p == '*') {
					prec_star = 1;
					spec[s++] = '*';
					p++;
				}
				while (*p >= '0' && *p <= '9' && s < 40)
					spec[s++] = (char)*p++;
			}
			if (p[0] == 'h' && p[1] == 'h') {
				lm = L_HH;
				p += 2;
			} else if (p[0] == 'h') {
				lm = L_H;
				p++;
			} else if (p[0] == 'l' && p[1] == 'l') {
				lm = L_LL;
				p += 2;
			} else if (p[0] == 'l') {
				lm = L_L;
				p++;
			} else if (p[0] == 'I' && p[1] == '6' && p[2] == '4') {
				lm = L_LL;
				p += 3;
			} else if (p[0] == 'I' && p[1] == '3' && p[2] == '2') {
				p += 3;
			} else if (p[0] == 'I' || p[0] == 'z') {
				lm = L_Z;
				p++;
			} else if (p[0] == 'j') {
				lm = L_J;
				p++;
			} else if (p[0] == 't') {
				lm = L_T;
				p++;
			} else if (p[0] == 'L') {
				lm = L_BIGL;
				p++;
			}
			conv = *p;
			if (!conv)
				break;
			p++;
			{
				int w = width_star ? va_arg(ap, int) : 0;
				int pr = prec_star ? va_arg(ap, int) : 0;

#define WU_PIECE(...)							\
	do {								\
		if (width_star && prec_star)				\
			snprintf(piece, sizeof(piece), spec, w, pr, __VA_ARGS__); \
		else if (width_star)					\
			snprintf(piece, sizeof(piece), spec, w, __VA_ARGS__); \
		else if (prec_star)					\
			snprintf(piece, sizeof(piece), spec, pr, __VA_ARGS__); \
		else							\
			snprintf(piece, sizeof(piece), spec, __VA_ARGS__); \
	} while (0)

				switch (conv) {
				case '%':
					strcpy(piece, "%");
					break;
				case 'd': case 'i': case 'u': case 'o':
				case 'x': case 'X': {
					bool sgn = conv == 'd' || conv == 'i';
					static const char *const mods[] = {
						"", "h", "hh", "l", "ll", "z",
						"j", "t", "" };

					spec[s] = '\0';
					strcat(spec, mods[lm]);
					s = strlen(spec);
					spec[s++] = (char)conv;
					spec[s] = '\0';
					if (lm == L_LL || lm == L_J || lm == L_L) {
						if (sgn)
							WU_PIECE(va_arg(ap, long long));
						else
							WU_PIECE(va_arg(ap, unsigned long long));
					} else if (lm == L_Z || lm == L_T) {
						WU_PIECE(va_arg(ap, size_t));
					} else {
						if (sgn)
							WU_PIECE(va_arg(ap, int));
						else
							WU_PIECE(va_arg(ap, unsigned int));
					}
					break;
				}
				case 'f': case 'F': case 'e': case 'E':
				case 'g': case 'G': case 'a': case 'A':
					spec[s] = '\0';
					if (lm == L_BIGL)
						strcat(spec, "L");
					s = strlen(spec);
					spec[s++] = (char)conv;
					spec[s] = '\0';
					if (lm == L_BIGL)
						WU_PIECE(va_arg(ap, long double));
					else
						WU_PIECE(va_arg(ap, double));
					break;
				case 'p':
					spec[s++] = 'p';
					spec[s] = '\0';
					WU_PIECE(va_arg(ap, void *));
					break;
				case 'c': case 'C': {
					WCHAR wc[2] = { 0, 0 };
					char u[8];

					wide_str = conv == 'c' ? lm != L_H : lm == L_L;
					wc[0] = (WCHAR)va_arg(ap, int);
					if (!wide_str) {
						u[0] = (char)wc[0];
						u[1] = '\0';
					} else if (wu_utf16_to_utf8(wc, 1, u, sizeof(u) - 1) < 0) {
						strcpy(u, "?");
					} else {
						u[wu_utf16_to_utf8(wc, 1, NULL, 0)] = '\0';
					}
					spec[s++] = 's';
					spec[s] = '\0';
					WU_PIECE(u);
					break;
				}
				case 's': case 'S': {
					const void *arg = va_arg(ap, const void *);
					const char *str;

					wide_str = conv == 's' ? lm != L_H : lm == L_L;
					if (!arg) {
						str = "(null)";
					} else if (wide_str) {
						owned = wu_utf16_dup_utf8(arg);
						if (!owned)
							goto out_ilseq;
						str = owned;
					} else {
						str = arg;
					}
					spec[s++] = 's';
					spec[s] = '\0';
					/* Long strings: no fixed piece size. */
					if (!width_star && !prec_star &&
					    !strcmp(spec, "%s")) {
						if (str != owned) {
							add = str;
							addlen = strlen(str);
							goto append;
						}
						add = owned;
						addlen = strlen(owned);
						goto append;
					}
					WU_PIECE(str);
					break;
				}
				default:
					errno = EINVAL;
					goto out_fail;
				}
#undef WU_PIECE
			}
			add = piece;
		}
		addlen = strlen(add);
append:
		if (len + addlen + 1 > cap) {
			cap = (len + addlen + 1) * 2;
			nb = realloc(buf, cap);
			if (!nb) {
				free(owned);
				goto out_nomem;
			}
			buf = nb;
		}
		memcpy(buf + len, add, addlen);
		len += addlen;
		free(owned);
	}
	if (!buf) {
		buf = malloc(1);
		if (!buf)
			goto out_nomem;
	}
	buf[len] = '\0';
	*out = buf;
	return (int)len;

out_ilseq:
	errno = EILSEQ;
	goto out_fail;
out_nomem:
	errno = ENOMEM;
out_fail:
	free(buf);
	return -1;
}

int WINAPI WinUsbLinux_vfwprintf16(void *stream, const WCHAR *format,
				   va_list ap)
{
	char *s;
	int n;

	if (!stream || !format) {
		errno = EINVAL;
		return -1;
	}
	n = wu_vformat16(&s, format, ap);
	if (n < 0)
		return -1;
	if (fwrite(s, 1, (size_t)n, stream) != (size_t)n)
		n = -1;
	free(s);
	return n;
}

int WINAPI WinUsbLinux_vswprintf16(WCHAR *buf, size_t count,
				   const WCHAR *format, va_list ap)
{
	long units;
	char *s;
	int n;

	if (!format || (count && !buf)) {
		errno = EINVAL;
		return -1;
	}
	n = wu_vformat16(&s, format, ap);
	if (n < 0)
		return -1;
	units = wu_utf8_to_utf16(s, n, NULL, 0);
	if (units < 0) {
		free(s);
		errno = EILSEQ;
		return -1;
	}
	if (count) {
		size_t keep = (size_t)units < count ? (size_t)units : count - 1;
		WCHAR *all = malloc(((size_t)units + 1) * sizeof(WCHAR));

		if (!all) {
			free(s);
			errno = ENOMEM;
			return -1;
		}
		wu_utf8_to_utf16(s, n, all, (size_t)units);
		memcpy(buf, all, keep * sizeof(WCHAR));
		buf[keep] = 0;
		free(all);
	}
	free(s);
	return (int)units;
}

int WINAPI WinUsbLinux_RunWmain(int argc, char **argv,
				int (*wmain_fn)(int, WCHAR **))
{
	WCHAR **wargv = calloc((size_t)argc + 1, sizeof(*wargv));
	int i, ret;

	if (!wargv) {
		fputs("out of memory\n", stderr);
		return 1;
	}
	for (i = 0; i < argc; i++) {
		long n = wu_utf8_to_utf16(argv[i], -1, NULL, 0);

		if (n < 0) {	/* not UTF-8: take bytes as Latin-1 */
			size_t l = strlen(argv[i]), j;

			wargv[i] = calloc(l + 1, sizeof(WCHAR));
			if (wargv[i])
				for (j = 0; j < l; j++)
					wargv[i][j] = (unsigned char)argv[i][j];
		} else {
			wargv[i] = calloc((size_t)n, sizeof(WCHAR));
			if (wargv[i])
				wu_utf8_to_utf16(argv[i], -1, wargv[i],
						 (size_t)n);
		}
		if (!wargv[i]) {
			fputs("out of memory\n", stderr);
			return 1;
		}
	}
	ret = wmain_fn(argc, wargv);
	for (i = 0; i < argc; i++)
		free(wargv[i]);
	free(wargv);
	return ret;
}
