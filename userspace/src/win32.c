// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * win32.c - the Win32 around WinUSB: FormatMessage, Local/Global/Heap
 * memory, critical sections, threads, GetOverlappedResultEx, CreateFileW,
 * UTF-8 <-> UTF-16 conversion.
 *
 * Every public name here is exported as "libwinusb_<name>" through the
 * asm labels of <winusb_win32_more.h>.
 */
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "win32_internal.h"

/* ---- UTF-8 <-> UTF-16 --------------------------------------------------- */

long wu_utf8_to_utf16(const char *s, long n, WCHAR *out, size_t cap)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = n < 0 ? NULL : p + n;
	size_t units = 0;

	for (;;) {
		uint32_t c;
		int more, i;

		if (end ? p >= end : false)
			break;
		c = *p++;
		if (c < 0x80) {
			more = 0;
		} else if ((c & 0xE0) == 0xC0) {
			more = 1;
			c &= 0x1F;
		} else if ((c & 0xF0) == 0xE0) {
			more = 2;
			c &= 0x0F;
		} else if ((c & 0xF8) == 0xF0) {
			more = 3;
			c &= 0x07;
		} else {
			return -EILSEQ;
		}
		for (i = 0; i < more; i++) {
			if ((end && p >= end) || (*p & 0xC0) != 0x80)
				return -EILSEQ;
			c = (c << 6) | (*p++ & 0x3F);
		}
		if ((more == 1 && c < 0x80) || (more == 2 && c < 0x800) ||
		    (more == 3 && (c < 0x10000 || c > 0x10FFFF)) ||
		    (c >= 0xD800 && c <= 0xDFFF))
			return -EILSEQ;
		if (c >= 0x10000) {
			if (out && units + 2 > cap)
				return -ERANGE;
			if (out) {
				out[units] = (WCHAR)(0xD800 + ((c - 0x10000) >> 10));
				out[units + 1] = (WCHAR)(0xDC00 + ((c - 0x10000) & 0x3FF));
			}
			units += 2;
		} else {
			if (out && units + 1 > cap)
				return -ERANGE;
			if (out)
				out[units] = (WCHAR)c;
			units++;
		}
		if (!end && c == 0)
			break;
	}
	return (long)units;
}

long wu_utf16_to_utf8(const WCHAR *s, long n, char *out, size_t cap)
{
	size_t len = 0;
	long i = 0;

	for (;;) {
		uint32_t c;
		unsigned char b[4];
		int k, nb;

		if (n >= 0 && i >= n)
			break;
		c = s[i++];
		if (c >= 0xD800 && c <= 0xDBFF) {
			if ((n >= 0 && i >= n) || s[i] < 0xDC00 || s[i] > 0xDFFF)
				return -EILSEQ;
			c = 0x10000 + ((c - 0xD800) << 10) + (s[i++] - 0xDC00u);
		} else if (c >= 0xDC00 && c <= 0xDFFF) {
			return -EILSEQ;
		}
		if (c < 0x80) {
			b[0] = (unsigned char)c;
			nb = 1;
		} else if (c < 0x800) {
			b[0] = (unsigned char)(0xC0 | (c >> 6));
			b[1] = (unsigned char)(0x80 | (c & 0x3F));
			nb = 2;
		} else if (c < 0x10000) {
			b[0] = (unsigned char)(0xE0 | (c >> 12));
			b[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
			b[2] = (unsigned char)(0x80 | (c & 0x3F));
			nb = 3;
		} else {
			b[0] = (unsigned char)(0xF0 | (c >> 18));
			b[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
			b[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
			b[3] = (unsigned char)(0x80 | (c & 0x3F));
			nb = 4;
		}
		if (out && len + (size_t)nb > cap)
			return -ERANGE;
		for (k = 0; k < nb; k++)
			if (out)
				out[len + (size_t)k] = (char)b[k];
		len += (size_t)nb;
		if (n < 0 && c == 0)
			break;
	}
	return (long)len;
}

char *wu_utf16_dup_utf8(const WCHAR *s)
{
	long n = wu_utf16_to_utf8(s, -1, NULL, 0);
	char *out;

	if (n < 0) {
		errno = EILSEQ;
		return NULL;
	}
	out = malloc((size_t)n);
	if (out)
		wu_utf16_to_utf8(s, -1, out, (size_t)n);
	return out;
}

int WINAPI MultiByteToWideChar(UINT CodePage, DWORD dwFlags,
			       LPCSTR lpMultiByteStr, int cbMultiByte,
			       LPWSTR lpWideCharStr, int cchWideChar)
{
	long n;

	(void)CodePage;	/* every code page is UTF-8 here */
	(void)dwFlags;
	if (!lpMultiByteStr || cbMultiByte == 0 || cchWideChar < 0 ||
	    (cchWideChar && !lpWideCharStr)) {
		SetLastError(ERROR_INVALID_PARAMETER);
		return 0;
	}
	n = wu_utf8_to_utf16(lpMultiByteStr, cbMultiByte < 0 ? -1 : cbMultiByte,
			     cchWideChar ? lpWideCharStr : NULL,
			     (size_t)cchWideChar);
	if (n < 0) {
		SetLastError(n == -ERANGE ? ERROR_INSUFFICIENT_BUFFER :
					    ERROR_NO_UNICODE_TRANSLATION);
		return 0;
	}
	return (int)n;
}

int WINAPI WideCharToMultiByte(UINT CodePage, DWORD dwFlags,
			       LPCWSTR lpWideCharStr, int cchWideChar,
			       LPSTR lpMultiByteStr, int cbMultiByte,
			       LPCSTR lpDefaultChar, LPBOOL lpUsedDefaultChar)
{
	long n;

	(void)CodePage;
	(void)dwFlags;
	(void)lpDefaultChar;
	if (lpUsedDefaultChar)
		*lpUsedDefaultChar = FALSE;
	if (!lpWideCharStr || cchWideChar == 0 || cbMultiByte < 0 ||
	    (cbMultiByte && !lpMultiByteStr)) {
		SetLastError(ERROR_INVALID_PARAMETER);
		return 0;
	}
	n = wu_utf16_to_utf8(lpWideCharStr, cchWideChar < 0 ? -1 : cchWideChar,
			     cbMultiByte ? lpMultiByteStr : NULL,
			     (size_t)cbMultiByte);
	if (n < 0) {
		SetLastError(n == -ERANGE ? ERROR_INSUFFICIENT_BUFFER :
					    ERROR_NO_UNICODE_TRANSLATION);
		return 0;
	}
	return (int)n;
}

/* ---- FormatMessage ------------------------------------------------------ */

/*
 * Messages for the codes libwinusb sets and for the others a device
 * program meets, in libwinusb's words.  Keep in step with the ERROR_*
 * lists of <winusb_win32.h> and <winusb_win32_more.h>.
 */
static const struct {
	DWORD code;
	const char *text;
} wu_messages[] = {
	{ ERROR_SUCCESS, "The operation completed successfully." },
	{ ERROR_INVALID_FUNCTION, "Incorrect function." },
	{ ERROR_FILE_NOT_FOUND, "The system cannot find the file specified." },
	{ ERROR_PATH_NOT_FOUND, "The system cannot find the path specified." },
	{ ERROR_TOO_MANY_OPEN_FILES, "The system cannot open the file: too many open files." },
	{ ERROR_ACCESS_DENIED, "Access is denied." },
	{ ERROR_INVALID_HANDLE, "The handle is invalid." },
	{ ERROR_NOT_ENOUGH_MEMORY, "Not enough memory resources are available to process this command." },
	{ ERROR_BAD_FORMAT, "The format is not valid." },
	{ ERROR_INVALID_ACCESS, "The access code is invalid." },
	{ ERROR_INVALID_DATA, "The data is invalid." },
	{ ERROR_OUTOFMEMORY, "Not enough memory resources are available to complete this operation." },
	{ ERROR_NOT_READY, "The device is not ready." },
	{ ERROR_BAD_COMMAND, "The device does not recognize the command." },
	{ ERROR_CRC, "Data error (cyclic redundancy check)." },
	{ ERROR_BAD_LENGTH, "The program issued a command but the command length is incorrect." },
	{ ERROR_WRITE_FAULT, "The device cannot write." },
	{ ERROR_READ_FAULT, "The device cannot read." },
	{ ERROR_GEN_FAILURE, "A device attached to the system is not functioning." },
	{ ERROR_SHARING_VIOLATION, "The file is being used by another process." },
	{ ERROR_HANDLE_EOF, "Reached the end of the file." },
	{ ERROR_NOT_SUPPORTED, "The request is not supported." },
	{ ERROR_DEV_NOT_EXIST, "The specified device no longer exists." },
	{ ERROR_FILE_EXISTS, "The file exists." },
	{ ERROR_INVALID_PARAMETER, "The parameter is incorrect." },
	{ ERROR_BROKEN_PIPE, "The pipe has been ended." },
	{ ERROR_CALL_NOT_IMPLEMENTED, "This function is not supported on this system." },
	{ ERROR_SEM_TIMEOUT, "The semaphore timeout period has expired." },
	{ ERROR_INSUFFICIENT_BUFFER, "The data area passed to a system call is too small." },
	{ ERROR_INVALID_NAME, "The filename, directory name, or volume label syntax is incorrect." },
	{ ERROR_MOD_NOT_FOUND, "The specified module could not be found." },
	{ ERROR_PROC_NOT_FOUND, "The specified procedure could not be found." },
	{ ERROR_BAD_ARGUMENTS, "One or more arguments are not correct." },
	{ ERROR_BUSY, "The requested resource is in use." },
	{ ERROR_ALREADY_EXISTS, "Cannot create a file when that file already exists." },
	{ ERROR_ENVVAR_NOT_FOUND, "The system could not find the environment option that was entered." },
	{ ERROR_NO_DATA, "The pipe is being closed." },
	{ ERROR_MORE_DATA, "More data is available." },
	{ ERROR_NO_MORE_ITEMS, "No more data is available." },
	{ ERROR_DIRECTORY, "The directory name is invalid." },
	{ ERROR_PARTIAL_COPY, "Only part of a memory read or write request was completed." },
	{ ERROR_MR_MID_NOT_FOUND, "The system cannot find message text for the message number." },
	{ ERROR_NO_SUCH_DEVICE, "A device which does not exist was specified." },
	{ ERROR_DEVICE_HARDWARE_ERROR, "The request failed due to a fatal device hardware error." },
	{ ERROR_INVALID_ADDRESS, "Attempt to access invalid address." },
	{ ERROR_ARITHMETIC_OVERFLOW, "Arithmetic result exceeded 32 bits." },
	{ ERROR_OPERATION_ABORTED, "The I/O operation has been aborted because of either a thread exit or an application request." },
	{ ERROR_IO_INCOMPLETE, "Overlapped I/O event is not in a signaled state." },
	{ ERROR_IO_PENDING, "Overlapped I/O operation is in progress." },
	{ ERROR_NOACCESS, "Invalid access to memory location." },
	{ ERROR_INVALID_FLAGS, "Invalid flags." },
	{ ERROR_NO_UNICODE_TRANSLATION, "No mapping for the Unicode character exists in the target multi-byte code page." },
	{ ERROR_IO_DEVICE, "The request could not be performed because of an I/O device error." },
	{ ERROR_DEVICE_NOT_CONNECTED, "The device is not connected." },
	{ ERROR_NOT_FOUND, "Element not found." },
	{ ERROR_BAD_DEVICE, "The specified device name is invalid." },
	{ ERROR_CANCELLED, "The operation was canceled by the user." },
	{ ERROR_NO_SYSTEM_RESOURCES, "Insufficient system resources exist to complete the requested service." },
	{ ERROR_TIMEOUT, "This operation returned because the timeout period expired." },
	{ ERROR_DEVICE_REMOVED, "The device has been removed." },
	{ ERROR_INVALID_USER_BUFFER, "The supplied user buffer is not valid for the requested operation." },
	{ ERROR_RESOURCE_LANG_NOT_FOUND, "The specified resource language ID cannot be found in the image file." },
	{ ERROR_DEVICE_NOT_AVAILABLE, "The device is not ready for use." },
	{ ERROR_NOT_INSTALLED, "The device or interface is not installed." },
	{ ERROR_INVALID_DEVINST_NAME, "The device instance name is invalid." },
	{ ERROR_INVALID_CLASS, "The class is invalid." },
	{ ERROR_INVALID_REG_PROPERTY, "The device registry property is invalid." },
	{ ERROR_NO_SUCH_DEVINST, "The device instance does not exist in the hardware tree." },
	{ ERROR_NO_DEVICE_SELECTED, "There is no device selected." },
	{ ERROR_DEVICE_INTERFACE_REMOVED, "The device interface has been removed." },
	{ ERROR_NO_SUCH_DEVICE_INTERFACE, "The device interface does not exist." },
	{ WAIT_TIMEOUT, "The wait operation timed out." },
};

/* Win32 code of @id: itself, or the code of a Win32/SetupAPI HRESULT. */
static DWORD wu_message_code(DWORD id)
{
	if ((id & 0xFFFF0000u) == 0x80070000u)
		return id & 0xFFFF;
	if ((id & 0xFFFF0000u) == 0x800F0000u)	/* HRESULT_FROM_SETUPAPI */
		return APPLICATION_ERROR_MASK | ERROR_SEVERITY_ERROR |
		       (id & 0xFFFF);
	return id;
}

/* A growable UTF-8 string. */
struct wu_str {
	char *s;
	size_t len, cap;
	bool oom;
};

static void wu_str_add(struct wu_str *b, const char *s, size_t n)
{
	char *ns;

	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->len + n + 1) * 2;

		ns = realloc(b->s, cap);
		if (!ns) {
			b->oom = true;
			return;
		}
		b->s = ns;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/*
 * Expand the inserts of @fmt (a FormatMessage format, UTF-8) into @b.
 * @args: DWORD_PTR array (ARGUMENT_ARRAY) or NULL; @ap: a va_list * or
 * NULL.  @wide: %s arguments are UTF-16.  Returns 0 or a Windows error.
 */
static DWORD wu_format_inserts(struct wu_str *b, const char *fmt,
			       DWORD flags, const DWORD_PTR *args,
			       va_list *ap, bool wide)
{
	DWORD_PTR vals[100];
	int nvals = 0, maxref = 0;
	const char *p;

	if (!(flags & FORMAT_MESSAGE_IGNORE_INSERTS) && !args && ap) {
		/* Read the va_list once, in order, up to the highest insert. */
		for (p = fmt; *p; p++) {
			if (*p == '%' && p[1] >= '1' && p[1] <= '9') {
				int k = p[1] - '0';

				if (p[2] >= '0' && p[2] <= '9')
					k = k * 10 + p[2] - '0';
				if (k > maxref)
					maxref = k;
			}
		}
		for (nvals = 0; nvals < maxref; nvals++)
			vals[nvals] = va_arg(*ap, DWORD_PTR);
		args = vals;
	}
	for (p = fmt; *p; p++) {
		char spec[32], out[512], *end;
		int k;

		if (*p != '%') {
			wu_str_add(b, p, 1);
			continue;
		}
		if (flags & FORMAT_MESSAGE_IGNORE_INSERTS) {
			wu_str_add(b, p, 1);
			continue;
		}
		p++;
		switch (*p) {
		case '\0':
			p--;
			continue;
		case '0':
			return ERROR_SUCCESS;	/* end, no newline */
		case 'n':
			wu_str_add(b, "\r\n", 2);
			continue;
		case 'r':
			wu_str_add(b, "\r", 1);
			continue;
		case 't':
			wu_str_add(b, "\t", 1);
			continue;
		case '%': case '.': case '!': case ' ':
			wu_str_add(b, p, 1);
			continue;
		}
		if (*p < '1' || *p > '9') {
			wu_str_add(b, p - 1, 2);
			continue;
		}
		k = (int)strtol(p, &end, 10);
		p = end - 1;
		if (!args)
			return ERROR_INVALID_PARAMETER;
		strcpy(spec, "%s");
		if (p[1] == '!') {
			const char *close = strchr(p + 2, '!');

			if (!close || (size_t)(close - p) > sizeof(spec) - 1)
				return ERROR_INVALID_PARAMETER;
			spec[0] = '%';
			memcpy(spec + 1, p + 2, (size_t)(close - p - 2));
			spec[close - p - 1] = '\0';
			p = close;
		}
		{
			DWORD_PTR v = args[k - 1];
			char conv = spec[strlen(spec) - 1];

			if (conv == 's' || conv == 'S') {
				char *u = NULL;
				const char *str;

				if (wide != (conv == 'S')) {
					u = v ? wu_utf16_dup_utf8((const WCHAR *)v) :
						NULL;
					str = u ? u : "(null)";
				} else {
					str = v ? (const char *)v : "(null)";
				}
				spec[strlen(spec) - 1] = 's';
				snprintf(out, sizeof(out), spec, str);
				free(u);
			} else if (strpbrk(spec, "fgeEG")) {
				return ERROR_INVALID_PARAMETER;
			} else if (strstr(spec, "I64") || strstr(spec, "ll") ||
				   strchr(spec, 'p')) {
				char *i64 = strstr(spec, "I64");

				if (i64) {	/* Microsoft's I64 is ll */
					i64[0] = 'l';
					i64[1] = 'l';
					memmove(i64 + 2, i64 + 3,
						strlen(i64 + 3) + 1);
				}
				snprintf(out, sizeof(out), spec, (unsigned long long)v);
			} else {
				snprintf(out, sizeof(out), spec, (unsigned int)v);
			}
			wu_str_add(b, out, strlen(out));
		}
	}
	return ERROR_SUCCESS;
}

/* Apply the FORMAT_MESSAGE_MAX_WIDTH_MASK rule to @b. */
static void wu_format_width(struct wu_str *b, DWORD width)
{
	size_t i, col = 0, last_space = 0;

	if (!width || !b->s)
		return;
	if (width == FORMAT_MESSAGE_MAX_WIDTH_MASK) {
		/* No line breaks: newlines become spaces. */
		size_t o = 0;

		for (i = 0; i < b->len; i++) {
			if (b->s[i] == '\r')
				continue;
			b->s[o++] = b->s[i] == '\n' ? ' ' : b->s[i];
		}
		b->len = o;
		b->s[o] = '\0';
		return;
	}
	for (i = 0; i < b->len; i++) {
		if (b->s[i] == '\n') {
			col = 0;
			continue;
		}
		if (b->s[i] == ' ')
			last_space = i;
		if (++col > width && last_space) {
			b->s[last_space] = '\n';
			col = i - last_space;
			last_space = 0;
		}
	}
}

/*
 * The formatted message in UTF-8, or 0 with the Windows error.  @wide:
 * the caller's strings (source, %s inserts) are UTF-16.
 */
static DWORD wu_format_message(DWORD flags, LPCVOID source, DWORD id,
			       DWORD lang, va_list *args, bool wide,
			       struct wu_str *b)
{
	const char *fmt = NULL;
	char *fmt_owned = NULL;
	DWORD err;
	size_t i;

	if (flags & FORMAT_MESSAGE_FROM_STRING) {
		if (!source)
			return ERROR_INVALID_PARAMETER;
		if (wide) {
			fmt = fmt_owned = wu_utf16_dup_utf8(source);
			if (!fmt)
				return ERROR_NOT_ENOUGH_MEMORY;
		} else {
			fmt = source;
		}
	} else if (flags & (FORMAT_MESSAGE_FROM_SYSTEM |
			    FORMAT_MESSAGE_FROM_HMODULE)) {
		DWORD code = wu_message_code(id);
		WORD primary = PRIMARYLANGID(lang);

		if (flags & FORMAT_MESSAGE_FROM_HMODULE && source &&
		    !(flags & FORMAT_MESSAGE_FROM_SYSTEM))
			return ERROR_RESOURCE_LANG_NOT_FOUND;
		if (lang && primary != LANG_NEUTRAL && primary != LANG_ENGLISH &&
		    primary != LANG_INVARIANT)
			return ERROR_RESOURCE_LANG_NOT_FOUND;
		for (i = 0; i < WU_ARRAY_SIZE(wu_messages); i++)
			if (wu_messages[i].code == code)
				break;
		if (i == WU_ARRAY_SIZE(wu_messages))
			return ERROR_MR_MID_NOT_FOUND;
		fmt = wu_messages[i].text;
	} else {
		return ERROR_INVALID_PARAMETER;
	}
	err = wu_format_inserts(b, fmt, flags,
				(flags & FORMAT_MESSAGE_ARGUMENT_ARRAY) ?
					(const DWORD_PTR *)args : NULL,
				(flags & FORMAT_MESSAGE_ARGUMENT_ARRAY) ?
					NULL : args, wide);
	free(fmt_owned);
	if (!err && !(flags & FORMAT_MESSAGE_FROM_STRING))
		wu_str_add(b, "\r\n", 2);	/* as Windows' message tables */
	wu_format_width(b, flags & FORMAT_MESSAGE_MAX_WIDTH_MASK);
	if (!err && b->oom)
		err = ERROR_NOT_ENOUGH_MEMORY;
	if (!err && !b->s)
		wu_str_add(b, "", 0);
	return err;
}

DWORD WINAPI FormatMessageA(DWORD dwFlags, LPCVOID lpSource, DWORD dwMessageId,
			    DWORD dwLanguageId, LPSTR lpBuffer, DWORD nSize,
			    va_list *Arguments)
{
	struct wu_str b = { 0 };
	DWORD err, n;

	if (!lpBuffer)
		return (SetLastError(ERROR_INVALID_PARAMETER), 0);
	err = wu_format_message(dwFlags, lpSource, dwMessageId, dwLanguageId,
				Arguments, false, &b);
	if (err) {
		free(b.s);
		SetLastError(err);
		return 0;
	}
	n = (DWORD)b.len;
	if (dwFlags & FORMAT_MESSAGE_ALLOCATE_BUFFER) {
		size_t sz = b.len + 1 > nSize ? b.len + 1 : nSize;
		char *out = LocalAlloc(LMEM_FIXED, sz);

		if (!out) {
			free(b.s);
			SetLastError(ERROR_NOT_ENOUGH_MEMORY);
			return 0;
		}
		memcpy(out, b.s, b.len + 1);
		*(char **)lpBuffer = out;
	} else if (b.len + 1 > nSize) {
		free(b.s);
		SetLastError(ERROR_INSUFFICIENT_BUFFER);
		return 0;
	} else {
		memcpy(lpBuffer, b.s, b.len + 1);
	}
	free(b.s);
	return n;
}

DWORD WINAPI FormatMessageW(DWORD dwFlags, LPCVOID lpSource, DWORD dwMessageId,
			    DWORD dwLanguageId, LPWSTR lpBuffer, DWORD nSize,
			    va_list *Arguments)
{
	struct wu_str b = { 0 };
	WCHAR *out;
	long units;
	DWORD err;

	if (!lpBuffer)
		return (SetLastError(ERROR_INVALID_PARAMETER), 0);
	err = wu_format_message(dwFlags, lpSource, dwMessageId, dwLanguageId,
				Arguments, true, &b);
	if (err) {
		free(b.s);
		SetLastError(err);
		return 0;
	}
	units = wu_utf8_to_utf16(b.s, -1, NULL, 0);	/* with the NUL */
	if (units < 0) {
		free(b.s);
		SetLastError(ERROR_NO_UNICODE_TRANSLATION);
		return 0;
	}
	if (dwFlags & FORMAT_MESSAGE_ALLOCATE_BUFFER) {
		size_t sz = (size_t)units > nSize ? (size_t)units : nSize;

		out = LocalAlloc(LMEM_FIXED, sz * sizeof(WCHAR));
		if (!out) {
			free(b.s);
			SetLastError(ERROR_NOT_ENOUGH_MEMORY);
			return 0;
		}
		*(WCHAR **)lpBuffer = out;
	} else if ((DWORD)units > nSize) {
		free(b.s);
		SetLastError(ERROR_INSUFFICIENT_BUFFER);
		return 0;
	} else {
		out = lpBuffer;
	}
	wu_utf8_to_utf16(b.s, -1, out, (size_t)units);
	free(b.s);
	return (DWORD)(units - 1);
}

/* ---- memory ------------------------------------------------------------- */

/* The process heap's handle: any constant that is not a valid pointer. */
#define WU_PROCESS_HEAP ((HANDLE)(uintptr_t)0x50484550)	/* "PHEP" */

HLOCAL WINAPI LocalAlloc(UINT uFlags, SIZE_T uBytes)
{
	void *p = (uFlags & LMEM_ZEROINIT) ? calloc(1, uBytes ? uBytes : 1) :
					     malloc(uBytes ? uBytes : 1);

	if (!p)
		SetLastError(ERROR_NOT_ENOUGH_MEMORY);
	return p;
}

HLOCAL WINAPI LocalReAlloc(HLOCAL hMem, SIZE_T uBytes, UINT uFlags)
{
	size_t old = hMem ? malloc_usable_size(hMem) : 0;
	char *p = realloc(hMem, uBytes ? uBytes : 1);

	if (!p) {
		SetLastError(ERROR_NOT_ENOUGH_MEMORY);
		return NULL;
	}
	if ((uFlags & LMEM_ZEROINIT) && uBytes > old)
		memset(p + old, 0, uBytes - old);
	return p;
}

HLOCAL WINAPI LocalFree(HLOCAL hMem)
{
	free(hMem);
	return NULL;
}

SIZE_T WINAPI LocalSize(HLOCAL hMem)
{
	return hMem ? malloc_usable_size(hMem) : 0;
}

HGLOBAL WINAPI GlobalAlloc(UINT uFlags, SIZE_T dwBytes)
{
	return LocalAlloc(uFlags, dwBytes);
}

HGLOBAL WINAPI GlobalFree(HGLOBAL hMem)
{
	return LocalFree(hMem);
}

HANDLE WINAPI GetProcessHeap(void)
{
	return WU_PROCESS_HEAP;
}

LPVOID WINAPI HeapAlloc(HANDLE hHeap, DWORD dwFlags, SIZE_T dwBytes)
{
	if (hHeap != WU_PROCESS_HEAP) {
		SetLastError(ERROR_INVALID_HANDLE);
		return NULL;
	}
	return LocalAlloc((dwFlags & HEAP_ZERO_MEMORY) ? LMEM_ZEROINIT : 0,
			  dwBytes);
}

LPVOID WINAPI HeapReAlloc(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem,
			  SIZE_T dwBytes)
{
	if (hHeap != WU_PROCESS_HEAP) {
		SetLastError(ERROR_INVALID_HANDLE);
		return NULL;
	}
	if (dwFlags & HEAP_REALLOC_IN_PLACE_ONLY) {
		if (!lpMem || malloc_usable_size(lpMem) < dwBytes) {
			SetLastError(ERROR_NOT_ENOUGH_MEMORY);
			return NULL;
		}
		return lpMem;
	}
	return LocalReAlloc(lpMem, dwBytes,
			    (dwFlags & HEAP_ZERO_MEMORY) ? LMEM_ZEROINIT : 0);
}

BOOL WINAPI HeapFree(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem)
{
	(void)dwFlags;
	if (hHeap != WU_PROCESS_HEAP)
		return wu_fail(ERROR_INVALID_HANDLE);
	free(lpMem);
	return TRUE;
}

SIZE_T WINAPI HeapSize(HANDLE hHeap, DWORD dwFlags, LPCVOID lpMem)
{
	(void)dwFlags;
	if (hHeap != WU_PROCESS_HEAP || !lpMem) {
		SetLastError(ERROR_INVALID_PARAMETER);
		return (SIZE_T)-1;
	}
	return malloc_usable_size((void *)lpMem);
}

/* ---- critical sections -------------------------------------------------- */

/*
 * The CRITICAL_SECTION keeps a malloc()ed recursive mutex in DebugInfo;
 * RecursionCount and OwningThread are kept up to date for programs that
 * peek (debug asserts).
 */
static pthread_mutex_t *wu_cs_mutex(LPCRITICAL_SECTION cs)
{
	return (pthread_mutex_t *)cs->DebugInfo;
}

BOOL WINAPI InitializeCriticalSectionEx(LPCRITICAL_SECTION cs, DWORD spin,
					DWORD flags)
{
	pthread_mutexattr_t attr;
	pthread_mutex_t *m;

	(void)flags;
	memset(cs, 0, sizeof(*cs));
	cs->LockCount = -1;
	cs->SpinCount = spin;
	m = malloc(sizeof(*m));
	if (!m)
		return wu_fail(ERROR_NOT_ENOUGH_MEMORY);
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(m, &attr);
	pthread_mutexattr_destroy(&attr);
	cs->DebugInfo = m;
	return TRUE;
}

BOOL WINAPI InitializeCriticalSectionAndSpinCount(LPCRITICAL_SECTION cs,
						  DWORD spin)
{
	return InitializeCriticalSectionEx(cs, spin, 0);
}

void WINAPI InitializeCriticalSection(LPCRITICAL_SECTION cs)
{
	if (!InitializeCriticalSectionEx(cs, 0, 0))
		abort();	/* Windows raises an exception here */
}

void WINAPI EnterCriticalSection(LPCRITICAL_SECTION cs)
{
	pthread_mutex_lock(wu_cs_mutex(cs));
	cs->RecursionCount++;
	cs->OwningThread = (HANDLE)(uintptr_t)gettid();
}

BOOL WINAPI TryEnterCriticalSection(LPCRITICAL_SECTION cs)
{
	if (pthread_mutex_trylock(wu_cs_mutex(cs)))
		return FALSE;
	cs->RecursionCount++;
	cs->OwningThread = (HANDLE)(uintptr_t)gettid();
	return TRUE;
}

void WINAPI LeaveCriticalSection(LPCRITICAL_SECTION cs)
{
	if (--cs->RecursionCount == 0)
		cs->OwningThread = NULL;
	pthread_mutex_unlock(wu_cs_mutex(cs));
}

void WINAPI DeleteCriticalSection(LPCRITICAL_SECTION cs)
{
	pthread_mutex_t *m = wu_cs_mutex(cs);

	if (m) {
		pthread_mutex_destroy(m);
		free(m);
	}
	cs->DebugInfo = NULL;
}

/* ---- threads ------------------------------------------------------------ */

/*
 * A thread's handle is a manual-reset event, set when the thread function
 * returns, so every wait function works on it.  The exit codes live in a
 * small list keyed by that handle; entries whose handle was closed are
 * dropped when the next thread starts.
 */
struct wu_thread {
	struct wu_thread *next;
	HANDLE event;
	LPTHREAD_START_ROUTINE fn;
	LPVOID arg;
	pid_t tid;		/* set by the thread before CreateThread returns */
	bool done;
	DWORD exit_code;
};

static pthread_cond_t wu_threads_started = PTHREAD_COND_INITIALIZER;

static pthread_mutex_t wu_threads_lock = PTHREAD_MUTEX_INITIALIZER;
static struct wu_thread *wu_threads;	/* under wu_threads_lock */

static void *wu_thread_main(void *p)
{
	struct wu_thread *t = p;
	DWORD code;

	pthread_mutex_lock(&wu_threads_lock);
	t->tid = gettid();
	pthread_cond_broadcast(&wu_threads_started);
	pthread_mutex_unlock(&wu_threads_lock);
	code = t->fn(t->arg);

	pthread_mutex_lock(&wu_threads_lock);
	t->exit_code = code;
	t->done = true;
	pthread_mutex_unlock(&wu_threads_lock);
	wu_event_set(t->event);
	return NULL;
}

/* Drop the finished threads whose handle is closed.  Under the lock. */
static void wu_threads_prune(void)
{
	struct wu_thread **pp = &wu_threads, *t;

	while ((t = *pp)) {
		struct wu_object *obj = NULL;

		if (t->done)
			obj = wu_handle_get(t->event, WU_TYPE_BIT(WU_TYPE_EVENT));
		if (t->done && !obj) {
			*pp = t->next;
			free(t);
			continue;
		}
		if (obj)
			wu_object_put(obj);
		pp = &t->next;
	}
}

HANDLE WINAPI CreateThread(LPSECURITY_ATTRIBUTES lpThreadAttributes,
			   SIZE_T dwStackSize,
			   LPTHREAD_START_ROUTINE lpStartAddress,
			   LPVOID lpParameter, DWORD dwCreationFlags,
			   LPDWORD lpThreadId)
{
	struct wu_thread *t;
	pthread_attr_t attr;
	pthread_t th;
	HANDLE ev;
	int ret;

	if (!lpStartAddress ||
	    (lpThreadAttributes &&
	     lpThreadAttributes->nLength != sizeof(SECURITY_ATTRIBUTES))) {
		SetLastError(ERROR_INVALID_PARAMETER);
		return NULL;
	}
	if (dwCreationFlags & CREATE_SUSPENDED) {
		SetLastError(ERROR_NOT_SUPPORTED);
		return NULL;
	}
	ev = CreateEventA(NULL, TRUE, FALSE, NULL);
	if (!ev)
		return NULL;
	t = calloc(1, sizeof(*t));
	if (!t) {
		CloseHandle(ev);
		SetLastError(ERROR_NOT_ENOUGH_MEMORY);
		return NULL;
	}
	t->event = ev;
	t->fn = lpStartAddress;
	t->arg = lpParameter;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (dwStackSize)
		pthread_attr_setstacksize(&attr, dwStackSize < 16384 ?
					  16384 : dwStackSize);
	pthread_mutex_lock(&wu_threads_lock);
	wu_threads_prune();
	t->next = wu_threads;
	wu_threads = t;
	ret = pthread_create(&th, &attr, wu_thread_main, t);
	if (ret) {
		wu_threads = t->next;
		pthread_mutex_unlock(&wu_threads_lock);
		pthread_attr_destroy(&attr);
		free(t);
		CloseHandle(ev);
		SetLastError(ret == EAGAIN ? ERROR_NOT_ENOUGH_MEMORY :
					     ERROR_INVALID_PARAMETER);
		return NULL;
	}
	/* Its id is GetCurrentThreadId() in the thread, as on Windows. */
	while (!t->tid)
		pthread_cond_wait(&wu_threads_started, &wu_threads_lock);
	if (lpThreadId)
		*lpThreadId = (DWORD)t->tid;
	pthread_mutex_unlock(&wu_threads_lock);
	pthread_attr_destroy(&attr);
	return ev;
}

BOOL WINAPI GetExitCodeThread(HANDLE hThread, LPDWORD lpExitCode)
{
	struct wu_thread *t;
	struct wu_object *obj;
	BOOL ok = FALSE;

	if (!lpExitCode)
		return wu_fail(ERROR_INVALID_PARAMETER);
	/* A closed handle is invalid even while its entry lingers. */
	obj = wu_handle_get(hThread, WU_TYPE_BIT(WU_TYPE_EVENT));
	if (!obj)
		return wu_fail(ERROR_INVALID_HANDLE);
	wu_object_put(obj);
	pthread_mutex_lock(&wu_threads_lock);
	for (t = wu_threads; t; t = t->next) {
		if (t->event == hThread) {
			*lpExitCode = t->done ? t->exit_code : STILL_ACTIVE;
			ok = TRUE;
			break;
		}
	}
	pthread_mutex_unlock(&wu_threads_lock);
	if (!ok)
		return wu_fail(ERROR_INVALID_HANDLE);
	return TRUE;
}

DWORD WINAPI GetCurrentThreadId(void)
{
	return (DWORD)gettid();
}

DWORD WINAPI GetCurrentProcessId(void)
{
	return (DWORD)getpid();
}

BOOL WINAPI SwitchToThread(void)
{
	sched_yield();
	return TRUE;
}

/* ---- files -------------------------------------------------------------- */

BOOL WINAPI GetOverlappedResultEx(HANDLE hFile, LPOVERLAPPED lpOverlapped,
				  LPDWORD lpNumberOfBytesTransferred,
				  DWORD dwMilliseconds, BOOL bAlertable)
{
	ULONGLONG deadline;

	(void)bAlertable;
	if (!lpOverlapped)
		return wu_fail(ERROR_INVALID_PARAMETER);
	if (dwMilliseconds == INFINITE)
		return GetOverlappedResult(hFile, lpOverlapped,
					   lpNumberOfBytesTransferred, TRUE);
	if (!HasOverlappedIoCompleted(lpOverlapped) && dwMilliseconds) {
		HANDLE ev = (HANDLE)((uintptr_t)lpOverlapped->hEvent & ~(uintptr_t)1);

		if (ev) {
			if (WaitForSingleObject(ev, dwMilliseconds) == WAIT_FAILED)
				return FALSE;
		} else {
			/* No event: poll, as a wait on the file would. */
			deadline = GetTickCount64() + dwMilliseconds;
			while (!HasOverlappedIoCompleted(lpOverlapped) &&
			       GetTickCount64() < deadline)
				Sleep(1);
		}
		if (!HasOverlappedIoCompleted(lpOverlapped))
			return wu_fail(WAIT_TIMEOUT);
	}
	return GetOverlappedResult(hFile, lpOverlapped,
				   lpNumberOfBytesTransferred, FALSE);
}

HANDLE WINAPI CreateFileW(LPCWSTR lpFileName, DWORD dwDesiredAccess,
			  DWORD dwShareMode,
			  LPSECURITY_ATTRIBUTES lpSecurityAttributes,
			  DWORD dwCreationDisposition,
			  DWORD dwFlagsAndAttributes, HANDLE hTemplateFile)
{
	char *name;
	HANDLE h;

	if (!lpFileName) {
		SetLastError(ERROR_INVALID_PARAMETER);
		return INVALID_HANDLE_VALUE;
	}
	name = wu_utf16_dup_utf8(lpFileName);
	if (!name) {
		SetLastError(errno == EILSEQ ? ERROR_INVALID_NAME :
					       ERROR_NOT_ENOUGH_MEMORY);
		return INVALID_HANDLE_VALUE;
	}
	h = CreateFileA(name, dwDesiredAccess, dwShareMode,
			lpSecurityAttributes, dwCreationDisposition,
			dwFlagsAndAttributes, hTemplateFile);
	free(name);
	return h;
}

void WINAPI OutputDebugStringA(LPCSTR lpOutputString)
{
	if (lpOutputString)
		fputs(lpOutputString, stderr);
}

void WINAPI OutputDebugStringW(LPCWSTR lpOutputString)
{
	char *s;

	if (!lpOutputString)
		return;
	s = wu_utf16_dup_utf8(lpOutputString);
	if (s)
		fputs(s, stderr);
	free(s);
}
