// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * win32_test.c - the Win32 around WinUSB: HRESULTs, FormatMessage,
 * memory, critical sections, Interlocked*, threads, GetOverlappedResultEx,
 * strsafe.h, tchar.h and the UTF-16 printf.  Built twice: ANSI, and with
 * UNICODE/_UNICODE (win32u_test), where every generic name is the W one.
 */
#pragma GCC diagnostic ignored "-Wsign-compare"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "wu_test.h"
#include <tchar.h>
#include <strsafe.h>

#ifdef UNICODE
#define MODE "UNICODE"
/* Compare a TCHAR string with a plain ASCII one. */
static int tcs_eq(const TCHAR *t, const char *a)
{
	while (*a && *t == (TCHAR)*a)
		t++, a++;
	return *t == 0 && *a == 0;
}
#else
#define MODE "ANSI"
static int tcs_eq(const TCHAR *t, const char *a)
{
	return !strcmp(t, a);
}
#endif

TEST(hresult)
{
	EXPECT_TRUE(SUCCEEDED(S_OK));
	EXPECT_TRUE(SUCCEEDED(S_FALSE));
	EXPECT_TRUE(FAILED(E_FAIL));
	EXPECT_TRUE(IS_ERROR(E_FAIL));
	EXPECT_FALSE(IS_ERROR(S_FALSE));
	EXPECT_EQ((HRESULT)0x80070005, HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED));
	EXPECT_EQ(E_ACCESSDENIED, HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED));
	EXPECT_EQ(E_OUTOFMEMORY, HRESULT_FROM_WIN32(ERROR_OUTOFMEMORY));
	EXPECT_EQ(E_INVALIDARG, HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER));
	EXPECT_EQ(S_OK, HRESULT_FROM_WIN32(ERROR_SUCCESS));
	EXPECT_EQ((HRESULT)0x8007007A, HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER));
	EXPECT_EQ(ERROR_INSUFFICIENT_BUFFER, HRESULT_CODE(0x8007007A));
	EXPECT_EQ(FACILITY_WIN32, HRESULT_FACILITY(0x8007007A));
	EXPECT_EQ((HRESULT)0x800F020B, HRESULT_FROM_SETUPAPI(ERROR_NO_SUCH_DEVINST));
	EXPECT_EQ(0xE000020B, ERROR_NO_SUCH_DEVINST);
	EXPECT_EQ(0x80, WAIT_ABANDONED);
	EXPECT_EQ(0x409, MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US));
	EXPECT_EQ(0x400, MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT));
	EXPECT_EQ(3, min(3, 7));
	EXPECT_EQ(7, max(3, 7));
}

TEST(format_message_system)
{
	TCHAR buf[256];
	LPTSTR msg = NULL;
	DWORD n;
	static const DWORD codes[] = {
		ERROR_SUCCESS, ERROR_INVALID_FUNCTION, ERROR_FILE_NOT_FOUND,
		ERROR_PATH_NOT_FOUND, ERROR_TOO_MANY_OPEN_FILES,
		ERROR_ACCESS_DENIED, ERROR_INVALID_HANDLE,
		ERROR_NOT_ENOUGH_MEMORY, ERROR_INVALID_DATA, ERROR_OUTOFMEMORY,
		ERROR_NOT_READY, ERROR_BAD_COMMAND, ERROR_CRC, ERROR_BAD_LENGTH,
		ERROR_GEN_FAILURE, ERROR_SHARING_VIOLATION, ERROR_NOT_SUPPORTED,
		ERROR_DEV_NOT_EXIST, ERROR_INVALID_PARAMETER, ERROR_BROKEN_PIPE,
		ERROR_SEM_TIMEOUT, ERROR_INSUFFICIENT_BUFFER, ERROR_INVALID_NAME,
		ERROR_BUSY, ERROR_ALREADY_EXISTS, ERROR_MORE_DATA,
		ERROR_NO_MORE_ITEMS, ERROR_NO_SUCH_DEVICE,
		ERROR_OPERATION_ABORTED, ERROR_IO_INCOMPLETE, ERROR_IO_PENDING,
		ERROR_NOACCESS, ERROR_INVALID_FLAGS, ERROR_DEVICE_NOT_CONNECTED,
		ERROR_NOT_FOUND, ERROR_BAD_DEVICE, ERROR_NO_SYSTEM_RESOURCES,
		ERROR_TIMEOUT, ERROR_INVALID_USER_BUFFER, ERROR_NO_SUCH_DEVINST,
		ERROR_INVALID_REG_PROPERTY, ERROR_MR_MID_NOT_FOUND, WAIT_TIMEOUT,
	};
	size_t i;

	/* Every code the library sets has a message ending in CR LF. */
	for (i = 0; i < ARRAYSIZE(codes); i++) {
		n = FormatMessage(FORMAT_MESSAGE_FROM_SYSTEM |
				  FORMAT_MESSAGE_IGNORE_INSERTS, NULL, codes[i],
				  MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT),
				  buf, ARRAYSIZE(buf), NULL);
		EXPECT_LT(10, n) TH_LOG("code %u", codes[i]);
		if (n > 2) {
			EXPECT_EQ('\r', buf[n - 2]);
			EXPECT_EQ('\n', buf[n - 1]);
			EXPECT_EQ(0, buf[n]);
		}
	}
	n = FormatMessage(FORMAT_MESSAGE_FROM_SYSTEM, NULL,
			  ERROR_ACCESS_DENIED, 0, buf, ARRAYSIZE(buf), NULL);
	EXPECT_TRUE(tcs_eq(buf, "Access is denied.\r\n"));

	/* Allocated buffer, freed with LocalFree; HRESULTs of Win32 codes. */
	n = FormatMessage(FORMAT_MESSAGE_ALLOCATE_BUFFER |
			  FORMAT_MESSAGE_FROM_SYSTEM |
			  FORMAT_MESSAGE_IGNORE_INSERTS, NULL,
			  (DWORD)HRESULT_FROM_WIN32(ERROR_INVALID_HANDLE),
			  0, (LPTSTR)&msg, 0, NULL);
	ASSERT_NE(0, n);
	EXPECT_TRUE(tcs_eq(msg, "The handle is invalid.\r\n"));
	EXPECT_EQ(NULL, LocalFree(msg));

	/* Errors: unknown code, other language, short buffer. */
	SetLastError(0);
	EXPECT_EQ(0, FormatMessage(FORMAT_MESSAGE_FROM_SYSTEM, NULL, 0x1234567,
				   0, buf, ARRAYSIZE(buf), NULL));
	EXPECT_EQ(ERROR_MR_MID_NOT_FOUND, GetLastError());
	EXPECT_EQ(0, FormatMessage(FORMAT_MESSAGE_FROM_SYSTEM, NULL,
				   ERROR_ACCESS_DENIED, MAKELANGID(0x07, 1),
				   buf, ARRAYSIZE(buf), NULL));
	EXPECT_EQ(ERROR_RESOURCE_LANG_NOT_FOUND, GetLastError());
	EXPECT_EQ(0, FormatMessage(FORMAT_MESSAGE_FROM_SYSTEM, NULL,
				   ERROR_ACCESS_DENIED, 0, buf, 5, NULL));
	EXPECT_EQ(ERROR_INSUFFICIENT_BUFFER, GetLastError());

	/* No line breaks at all with the 0xFF width. */
	n = FormatMessage(FORMAT_MESSAGE_FROM_SYSTEM |
			  FORMAT_MESSAGE_MAX_WIDTH_MASK, NULL,
			  ERROR_ACCESS_DENIED, 0, buf, ARRAYSIZE(buf), NULL);
	EXPECT_TRUE(tcs_eq(buf, "Access is denied. "));
}

TEST(format_message_string)
{
	DWORD_PTR args[] = { (DWORD_PTR)_T("pipe"), 0x81, 7 };
	TCHAR buf[128];
	DWORD n;

	n = FormatMessage(FORMAT_MESSAGE_FROM_STRING |
			  FORMAT_MESSAGE_ARGUMENT_ARRAY,
			  _T("%1 %2!02X! took %3!u! ms%%%n"), 0, 0, buf,
			  ARRAYSIZE(buf), (va_list *)args);
	EXPECT_TRUE(tcs_eq(buf, "pipe 81 took 7 ms%\r\n"));
	EXPECT_EQ(20, n);
	n = FormatMessage(FORMAT_MESSAGE_FROM_STRING |
			  FORMAT_MESSAGE_IGNORE_INSERTS, _T("keep %1"), 0, 0,
			  buf, ARRAYSIZE(buf), NULL);
	EXPECT_TRUE(tcs_eq(buf, "keep %1"));
}

TEST(memory)
{
	HANDLE heap = GetProcessHeap();
	unsigned char *p;
	size_t i;

	ASSERT_NE(NULL, heap);
	p = HeapAlloc(heap, HEAP_ZERO_MEMORY, 100);
	ASSERT_NE(NULL, p);
	for (i = 0; i < 100; i++)
		ASSERT_EQ(0, p[i]);
	FillMemory(p, 100, 0xAB);
	p = HeapReAlloc(heap, HEAP_ZERO_MEMORY, p, 200);
	ASSERT_NE(NULL, p);
	EXPECT_EQ(0xAB, p[99]);
	EXPECT_EQ(0, p[150]);
	EXPECT_LE(200, HeapSize(heap, 0, p));
	EXPECT_TRUE(HeapFree(heap, 0, p));
	EXPECT_TRUE(HeapFree(heap, 0, NULL));
	SetLastError(0);
	EXPECT_EQ(NULL, HeapAlloc((HANDLE)0x1234, 0, 8));
	EXPECT_EQ(ERROR_INVALID_HANDLE, GetLastError());

	p = LocalAlloc(LPTR, 16);
	ASSERT_NE(NULL, p);
	EXPECT_EQ(0, p[15]);
	EXPECT_EQ(NULL, LocalFree(p));
	p = GlobalAlloc(GPTR, 16);
	ASSERT_NE(NULL, p);
	EXPECT_EQ(NULL, GlobalFree(p));
}

static CRITICAL_SECTION cs;
static LONG counter, plain;

static DWORD worker_ids[4];

static DWORD WINAPI worker(LPVOID arg)
{
	int i;

	if (arg)
		worker_ids[(uintptr_t)arg - 40] = GetCurrentThreadId();

	for (i = 0; i < 10000; i++) {
		InterlockedIncrement(&counter);
		EnterCriticalSection(&cs);
		EnterCriticalSection(&cs);	/* recursive */
		plain++;
		LeaveCriticalSection(&cs);
		LeaveCriticalSection(&cs);
	}
	return (DWORD)(uintptr_t)arg;
}

TEST(threads_and_locks)
{
	HANDLE th[4];
	DWORD code, id;
	LONG v = 5;
	int i;

	InitializeCriticalSection(&cs);
	DWORD ids[4];

	for (i = 0; i < 4; i++) {
		th[i] = CreateThread(NULL, 0, worker, (LPVOID)(uintptr_t)(40 + i),
				     0, &id);
		ASSERT_NE(NULL, th[i]);
		ids[i] = id;
	}
	EXPECT_EQ(WAIT_OBJECT_0, WaitForMultipleObjects(4, th, TRUE, 10000));
	EXPECT_EQ(40000, counter);
	EXPECT_EQ(40000, plain);
	for (i = 0; i < 4; i++) {
		EXPECT_TRUE(GetExitCodeThread(th[i], &code));
		EXPECT_EQ(40 + i, code);
		EXPECT_EQ(WAIT_OBJECT_0, WaitForSingleObject(th[i], 0));
		EXPECT_EQ(ids[i], worker_ids[i]);	/* GetCurrentThreadId */
		EXPECT_TRUE(CloseHandle(th[i]));
		EXPECT_WIN_FAIL(GetExitCodeThread(th[i], &code),
				ERROR_INVALID_HANDLE);
	}
	EXPECT_TRUE(TryEnterCriticalSection(&cs));
	LeaveCriticalSection(&cs);
	DeleteCriticalSection(&cs);
	SetLastError(0);
	EXPECT_EQ(NULL, CreateThread(NULL, 0, worker, NULL, CREATE_SUSPENDED,
				     NULL));
	EXPECT_EQ(ERROR_NOT_SUPPORTED, GetLastError());

	EXPECT_EQ(5, InterlockedCompareExchange(&v, 9, 5));
	EXPECT_EQ(9, v);
	EXPECT_EQ(9, InterlockedCompareExchange(&v, 1, 5));
	EXPECT_EQ(9, InterlockedExchange(&v, 3));
	EXPECT_EQ(3, InterlockedExchangeAdd(&v, 2));
	EXPECT_EQ(4, InterlockedDecrement(&v));
}

TEST(overlapped_result_ex_timeout)
{
	OVERLAPPED ov = { 0 };
	DWORD n = 0, t0;

	ov.hEvent = CreateEvent(NULL, TRUE, FALSE, NULL);
	ASSERT_NE(NULL, ov.hEvent);
	ov.Internal = STATUS_PENDING;
	t0 = GetTickCount();
	EXPECT_WIN_FAIL(GetOverlappedResultEx(NULL, &ov, &n, 50, FALSE),
			WAIT_TIMEOUT);
	EXPECT_LE(45, GetTickCount() - t0);
	EXPECT_WIN_FAIL(GetOverlappedResultEx(NULL, &ov, &n, 0, FALSE),
			ERROR_INVALID_HANDLE);
	CloseHandle(ov.hEvent);
}

TEST(strsafe)
{
	TCHAR buf[8];
	size_t len = 0;

	EXPECT_EQ(S_OK, StringCchCopy(buf, ARRAYSIZE(buf), _T("abc")));
	EXPECT_TRUE(tcs_eq(buf, "abc"));
	EXPECT_EQ(STRSAFE_E_INSUFFICIENT_BUFFER,
		  StringCchCat(buf, ARRAYSIZE(buf), _T("defghij")));
	EXPECT_TRUE(tcs_eq(buf, "abcdefg"));	/* truncated, terminated */
	EXPECT_EQ(S_OK, StringCbCopy(buf, sizeof(buf), _T("1234567")));
	EXPECT_EQ(STRSAFE_E_INSUFFICIENT_BUFFER,
		  StringCbCopy(buf, sizeof(buf), _T("12345678")));
	EXPECT_EQ(STRSAFE_E_INVALID_PARAMETER, StringCchCopy(buf, 0, _T("x")));
	EXPECT_EQ(S_OK, StringCchPrintf(buf, ARRAYSIZE(buf), _T("%d-%s"), 42,
					_T("ab")));
	EXPECT_TRUE(tcs_eq(buf, "42-ab"));
	EXPECT_EQ(STRSAFE_E_INSUFFICIENT_BUFFER,
		  StringCbPrintf(buf, sizeof(buf), _T("%08x!"), 0xbeef));
	EXPECT_TRUE(tcs_eq(buf, "0000bee"));
	EXPECT_EQ(S_OK, StringCchLength(_T("hello"), 8, &len));
	EXPECT_EQ(5, len);
	EXPECT_EQ(STRSAFE_E_INVALID_PARAMETER,
		  StringCchLength(_T("hello"), 5, &len));
	EXPECT_EQ(S_OK, StringCbLength(_T("hi"), 16, &len));
	EXPECT_EQ(2 * sizeof(TCHAR), len);
}

TEST(tchar)
{
	TCHAR s[32];
	TCHAR *end;

	_tcscpy(s, _T("Vid_1209"));
	EXPECT_EQ(8, _tcslen(s));
	EXPECT_EQ(0, _tcsnicmp(s, _T("VID_"), 4));
	EXPECT_NE(NULL, _tcsstr(s, _T("1209")));
	EXPECT_EQ(0x1209, _tcstoul(s + 4, &end, 16));
	EXPECT_EQ(0, *end);
	EXPECT_EQ(s + 3, _tcschr(s, _T('_')));
	EXPECT_EQ(1, sizeof(_T("")) / sizeof(TCHAR));
#ifdef UNICODE
	EXPECT_EQ(2, sizeof(TCHAR));
#else
	EXPECT_EQ(1, sizeof(TCHAR));
#endif
}

TEST(utf16_printf)
{
	WCHAR w[64];
	char a[64];
	int n;

	n = StringCchPrintfW(w, 64, u"%s|%hs|%5d|%-3c|%I64u|%lu|%.2f|%x", u"\u00e9t\u00e9",
			     "narrow", 42, u'Z', (unsigned long long)1 << 40,
			     123456ul, 2.5, 255u) == S_OK;
	EXPECT_EQ(1, n);
	ASSERT_LT(0, WideCharToMultiByte(CP_UTF8, 0, w, -1, a, sizeof(a), NULL,
					 NULL));
	EXPECT_STREQ("\xc3\xa9t\xc3\xa9|narrow|   42|Z  |1099511627776|123456|2.50|ff",
		     a);
	/* Truncation keeps a terminated prefix and reports the full length. */
	EXPECT_EQ(STRSAFE_E_INSUFFICIENT_BUFFER,
		  StringCchPrintfW(w, 4, u"%s", u"abcdef"));
	EXPECT_EQ(0, w[3]);
	EXPECT_EQ('c', w[2]);
	/* Surrogate pairs survive the round trip. */
	EXPECT_EQ(3, MultiByteToWideChar(CP_UTF8, 0, "\xf0\x9f\x98\x80", -1, w, 64));
	EXPECT_EQ(0xD83D, w[0]);
	EXPECT_EQ(0xDE00, w[1]);
	SetLastError(0);
	EXPECT_EQ(0, MultiByteToWideChar(CP_UTF8, 0, "\xff", -1, w, 64));
	EXPECT_EQ(ERROR_NO_UNICODE_TRANSLATION, GetLastError());
}

TEST(mode)
{
	TH_LOG("built as %s", MODE);
}

TEST_HARNESS_MAIN
