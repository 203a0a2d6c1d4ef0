/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * winusb_win32.h - the part of the Win32 API that WinUSB programs use,
 * as provided by libwinusb on Linux.
 *
 * Microsoft's names, values and layouts, written for LP64 Linux: Windows is
 * LLP64, so every Windows integer type here is a fixed-width type (ULONG and
 * DWORD are 32 bits even though a Linux "long" is 64), WCHAR is 16 bits, and
 * pointers and handles are 64 bits on x86-64 as on Windows x64.
 *
 * Programs normally get this file through <windows.h> or <winusb.h>.
 *
 * Linux differences (all of them are listed in
 * Documentation/userspace-win32.rst):
 *  - only the functions declared here and in <winusb_win32_more.h> exist;
 *    the generic names (CreateFile, CreateEvent...) map to the A functions,
 *    or to the W functions under UNICODE;
 *  - every function is exported as "libwinusb_<name>" (WINUSB_W32_NAME);
 *  - HANDLE values come from a per-process table: they are never
 *    INVALID_HANDLE_VALUE, never NULL, and a stale or foreign value yields
 *    ERROR_INVALID_HANDLE rather than a crash;
 *  - events cannot be named (a name gives ERROR_NOT_SUPPORTED) and cannot be
 *    shared between processes;
 *  - QueryPerformanceFrequency() is fixed at 10 MHz on CLOCK_MONOTONIC.
 */
#ifndef WINUSB_WIN32_H
#define WINUSB_WIN32_H

#include <stdint.h>
#include <stddef.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Calling convention and linkage                                           */
/* ------------------------------------------------------------------------ */

/*
 * WINAPI is __stdcall on 32-bit Windows and has no meaning on x86-64 or on
 * Linux; it stays so that Windows prototypes compile unchanged.
 */
#ifndef WINAPI
#define WINAPI
#endif
#ifndef APIENTRY
#define APIENTRY
#endif
#ifndef CALLBACK
#define CALLBACK
#endif

/*
 * WINBASEAPI marks the Win32 functions exported by libwinusb.  Only names
 * declared with it (or WINUSBAPI) leave the shared library.
 */
/*
 * WINUSB_W32_NAME(name) - the symbol a Win32 function of libwinusb has in
 * the library: "libwinusb_<name>".  Programs call CreateFileA() & co. by
 * their Windows names; the asm label makes the compiler emit the prefixed
 * symbol, so no unprefixed Win32 name enters the process's namespace (a
 * program may link another Win32 compatibility library beside libwinusb).
 * Since version 0.1.
 */
#define WINUSB_W32_NAME(name) __asm__("libwinusb_" #name)

#ifndef WINBASEAPI
#if defined(__GNUC__)
#define WINBASEAPI __attribute__((visibility("default")))
#else
#define WINBASEAPI
#endif
#endif

/* SAL annotations used in Microsoft prototypes: documentation only. */
#ifndef _In_
#define _In_
#endif
#ifndef _Out_
#define _Out_
#endif
#ifndef _Inout_
#define _Inout_
#endif
#ifndef _In_opt_
#define _In_opt_
#endif
#ifndef _Out_opt_
#define _Out_opt_
#endif

/* ------------------------------------------------------------------------ */
/* Base types (Windows LLP64 widths)                                        */
/* ------------------------------------------------------------------------ */

#ifndef VOID
#define VOID void
#endif
typedef void *PVOID, *LPVOID;
typedef const void *LPCVOID;

typedef char CHAR, *PCHAR, *LPSTR, *PSTR;
typedef const char *LPCSTR, *PCSTR;
typedef unsigned char UCHAR, *PUCHAR;
typedef unsigned char BYTE, *PBYTE, *LPBYTE;
/** BOOLEAN: one byte, TRUE or FALSE (kernel-mode and USB structures). */
typedef unsigned char BOOLEAN, *PBOOLEAN;

typedef int16_t SHORT, *PSHORT;
typedef uint16_t USHORT, *PUSHORT;
typedef uint16_t WORD, *PWORD, *LPWORD;
/** WCHAR: a UTF-16 code unit (16 bits, unlike Linux wchar_t). */
#ifdef __cplusplus
typedef char16_t WCHAR;		/* u"" literals are UTF-16 */
#else
typedef uint16_t WCHAR;		/* = char16_t of <uchar.h> */
#endif
typedef WCHAR *PWCHAR, *LPWSTR, *PWSTR, *LPWCH, *PWCH, *NWPSTR;
typedef const WCHAR *LPCWSTR, *PCWSTR, *LPCWCH, *PCWCH;

typedef int32_t INT, *PINT;
typedef uint32_t UINT, *PUINT;
/** LONG and ULONG are 32 bits, as on Windows (not Linux "long"). */
typedef int32_t LONG, *PLONG;
typedef uint32_t ULONG, *PULONG;
typedef uint32_t DWORD, *PDWORD, *LPDWORD;
/** BOOL: a 32-bit int; any non-zero value is true. */
typedef int BOOL, *PBOOL, *LPBOOL;

typedef int64_t LONGLONG, *PLONGLONG;
typedef uint64_t ULONGLONG, *PULONGLONG;
typedef uint64_t DWORD64, *PDWORD64;

/* Pointer-sized integers. */
typedef intptr_t INT_PTR, LONG_PTR;
typedef uintptr_t UINT_PTR, ULONG_PTR, DWORD_PTR, *PULONG_PTR;
typedef uintptr_t SIZE_T, *PSIZE_T;

/** HANDLE: an opaque object reference (see CloseHandle()). */
typedef void *HANDLE;
typedef HANDLE *PHANDLE, *LPHANDLE;

/** NTSTATUS as stored in OVERLAPPED.Internal. */
typedef LONG NTSTATUS;

#ifndef FALSE
#define FALSE 0
#endif
#ifndef TRUE
#define TRUE 1
#endif

/** INVALID_HANDLE_VALUE: what CreateFile() returns on failure. */
#define INVALID_HANDLE_VALUE ((HANDLE)(LONG_PTR)-1)

/**
 * LARGE_INTEGER - a signed 64-bit value also reachable as two 32-bit halves
 * (LowPart, HighPart), as in winnt.h.  Used for QueryPerformanceCounter()
 * and WinUSB frame timestamps.
 */
typedef union _LARGE_INTEGER {
	struct {
		DWORD LowPart;
		LONG HighPart;
	};
	struct {
		DWORD LowPart;
		LONG HighPart;
	} u;
	LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

/** ULARGE_INTEGER - the unsigned twin of LARGE_INTEGER. */
typedef union _ULARGE_INTEGER {
	struct {
		DWORD LowPart;
		DWORD HighPart;
	};
	struct {
		DWORD LowPart;
		DWORD HighPart;
	} u;
	ULONGLONG QuadPart;
} ULARGE_INTEGER, *PULARGE_INTEGER;

#include "guiddef.h"

/* Small helpers from minwindef.h / winbase.h that WinUSB samples use. */
#define MAKEWORD(lo, hi) ((WORD)(((BYTE)(lo)) | ((WORD)((BYTE)(hi))) << 8))
#define LOBYTE(w) ((BYTE)((w) & 0xff))
#define HIBYTE(w) ((BYTE)(((w) >> 8) & 0xff))
#define LOWORD(l) ((WORD)((l) & 0xffff))
#define HIWORD(l) ((WORD)(((l) >> 16) & 0xffff))
#define ZeroMemory(dst, len) memset((dst), 0, (len))
#define RtlZeroMemory(dst, len) memset((dst), 0, (len))
#define FillMemory(dst, len, fill) memset((dst), (fill), (len))
#define CopyMemory(dst, src, len) memcpy((dst), (src), (len))
#define MoveMemory(dst, src, len) memmove((dst), (src), (len))

/* ------------------------------------------------------------------------ */
/* Error codes (winerror.h values)                                          */
/* ------------------------------------------------------------------------ */

/*
 * The codes libwinusb sets with SetLastError().  Where each one comes from on
 * Linux is listed in Documentation/userspace-errors.rst; the errno mapping
 * lives in one table in userspace/src/errors.c.
 */
/** The operation completed successfully. */
#define ERROR_SUCCESS                 0
/** The function is not supported for this handle (unknown ioctl). */
#define ERROR_INVALID_FUNCTION        1
/** CreateFile(): the device path does not exist; also an unplugged device. */
#define ERROR_FILE_NOT_FOUND          2
/** CreateFile(): a directory in the path does not exist. */
#define ERROR_PATH_NOT_FOUND          3
/** Out of file descriptors (EMFILE, ENFILE). */
#define ERROR_TOO_MANY_OPEN_FILES     4
/** No permission to open the device node, or it is open elsewhere. */
#define ERROR_ACCESS_DENIED           5
/** NULL, stale, closed or wrong-type handle; non-overlapped device handle. */
#define ERROR_INVALID_HANDLE          6
/** A memory allocation failed. */
#define ERROR_NOT_ENOUGH_MEMORY       8
/** The data is invalid (malformed descriptor from the device). */
#define ERROR_INVALID_DATA            13
/** Out of memory (reserved; libwinusb reports ERROR_NOT_ENOUGH_MEMORY). */
#define ERROR_OUTOFMEMORY             14
/** The device is not ready. */
#define ERROR_NOT_READY               21
/** A new request was submitted to a device that has been unplugged. */
#define ERROR_BAD_COMMAND             22
/** A CRC or bit-stuffing error on the bus. */
#define ERROR_CRC                     23
/** The length is invalid. */
#define ERROR_BAD_LENGTH              24
/** The device failed the request: stall, protocol error, babble. */
#define ERROR_GEN_FAILURE             31
/** The device node is open exclusively elsewhere (not used by default). */
#define ERROR_SHARING_VIOLATION       32
/** The request is not supported (unknown policy, unimplemented function). */
#define ERROR_NOT_SUPPORTED           50
/** The device no longer exists. */
#define ERROR_DEV_NOT_EXIST           55
/** A parameter is wrong: bad length, pipe, flags, NULL output pointer. */
#define ERROR_INVALID_PARAMETER       87
/** The pipe is broken. */
#define ERROR_BROKEN_PIPE             109
/** A transfer timed out (PIPE_TRANSFER_TIMEOUT or the control timeout). */
#define ERROR_SEM_TIMEOUT             121
/** The caller's buffer is too small. */
#define ERROR_INSUFFICIENT_BUFFER     122
/** The path name is malformed. */
#define ERROR_INVALID_NAME            123
/** The resource is busy (alternate setting change with I/O outstanding). */
#define ERROR_BUSY                    170
/** An interface handle for this interface already exists. */
#define ERROR_ALREADY_EXISTS          183
/** More data is available than the buffer holds. */
#define ERROR_MORE_DATA               234
/** No more items: alternate setting, pipe index or interface beyond the end. */
#define ERROR_NO_MORE_ITEMS           259
/** The device does not exist. */
#define ERROR_NO_SUCH_DEVICE          433
/** The request was cancelled (AbortPipe, CancelIo, CancelIoEx). */
#define ERROR_OPERATION_ABORTED       995
/** GetOverlappedResult(bWait = FALSE) on a request still in progress. */
#define ERROR_IO_INCOMPLETE           996
/** An OVERLAPPED request was queued and completes later. */
#define ERROR_IO_PENDING              997
/** A buffer address is not accessible (EFAULT). */
#define ERROR_NOACCESS                998
/** The operation is not valid for the object's state. */
#define ERROR_INVALID_FLAGS           1004
/** A request completed because the device was unplugged or unbound. */
#define ERROR_DEVICE_NOT_CONNECTED    1167
/** Element not found (CancelIoEx found no matching request). */
#define ERROR_NOT_FOUND               1168
/** The device has no usable interface descriptor. */
#define ERROR_BAD_DEVICE              1200
/** System resources exhausted (bandwidth, URBs, locked memory). */
#define ERROR_NO_SYSTEM_RESOURCES     1450
/** A wait timed out (generic). */
#define ERROR_TIMEOUT                 1460

/* ------------------------------------------------------------------------ */
/* Last error                                                               */
/* ------------------------------------------------------------------------ */

/**
 * GetLastError() - the calling thread's last error code.
 *
 * Each thread has its own value.  libwinusb functions set it when they fail;
 * like Windows, a successful call may or may not reset it to ERROR_SUCCESS.
 *
 * Return: an ERROR_* code.
 */
WINBASEAPI DWORD WINAPI GetLastError(void)
	WINUSB_W32_NAME(GetLastError);

/**
 * SetLastError() - set the calling thread's last error code.
 * @dwErrCode: the code GetLastError() will return next.
 */
WINBASEAPI void WINAPI SetLastError(DWORD dwErrCode)
	WINUSB_W32_NAME(SetLastError);

/* ------------------------------------------------------------------------ */
/* OVERLAPPED                                                               */
/* ------------------------------------------------------------------------ */

/** STATUS_PENDING: OVERLAPPED.Internal while the request is in progress. */
#define STATUS_PENDING ((DWORD)0x00000103L)
/** STATUS_WAIT_0: the NTSTATUS of a successful wait. */
#define STATUS_WAIT_0 ((DWORD)0x00000000L)

/**
 * OVERLAPPED - an asynchronous request's state, Microsoft layout (32 bytes
 * on x86-64: Internal @0, InternalHigh @8, Offset @16, OffsetHigh @20,
 * Pointer @16, hEvent @24).
 *
 * The caller owns the structure and must keep it (and the data buffer)
 * valid and untouched until the request completes.  Zero it before use.
 *
 * @Internal:     Owned by the library while pending.  STATUS_PENDING while
 *                the request is in progress, then the NTSTATUS of the result
 *                (0 = success).  Read it through HasOverlappedIoCompleted()
 *                or GetOverlappedResult().
 * @InternalHigh: Owned by the library while pending; the number of bytes
 *                transferred once Internal is no longer STATUS_PENDING.
 * @Offset:       File offset (low half).  Ignored by WinUSB; set to 0.
 * @OffsetHigh:   File offset (high half).  Ignored by WinUSB; set to 0.
 * @Pointer:      Alias of Offset/OffsetHigh.  Ignored by WinUSB.
 * @hEvent:       An event from CreateEvent() (manual-reset is recommended),
 *                or NULL.  The library resets it when the request is
 *                submitted and sets it when the request completes.  Its low
 *                bit is ignored, as on Windows.
 */
typedef struct _OVERLAPPED {
	ULONG_PTR Internal;
	ULONG_PTR InternalHigh;
	union {
		struct {
			DWORD Offset;
			DWORD OffsetHigh;
		};
		PVOID Pointer;
	};
	HANDLE hEvent;
} OVERLAPPED, *LPOVERLAPPED;

/** HasOverlappedIoCompleted() - TRUE once the request is no longer pending. */
#define HasOverlappedIoCompleted(lpOverlapped) \
	(((DWORD)__atomic_load_n(&(lpOverlapped)->Internal, __ATOMIC_ACQUIRE)) \
	 != STATUS_PENDING)

/**
 * SECURITY_ATTRIBUTES - accepted for source compatibility; only
 * @nLength is checked (it must be sizeof(SECURITY_ATTRIBUTES)).
 * @nLength: sizeof(SECURITY_ATTRIBUTES).
 * @lpSecurityDescriptor: ignored (Linux uses file modes and udev rules).
 * @bInheritHandle: ignored (libwinusb descriptors are close-on-exec).
 */
typedef struct _SECURITY_ATTRIBUTES {
	DWORD nLength;
	LPVOID lpSecurityDescriptor;
	BOOL bInheritHandle;
} SECURITY_ATTRIBUTES, *PSECURITY_ATTRIBUTES, *LPSECURITY_ATTRIBUTES;

/* ------------------------------------------------------------------------ */
/* Handles                                                                  */
/* ------------------------------------------------------------------------ */

/**
 * CloseHandle() - close an event or a device handle.
 * @hObject: a handle from CreateEvent() or CreateFile().
 *
 * A device handle may be closed before WinUsb_Free(): the interface handle
 * keeps the device open until it is freed.  Threads waiting on an event
 * keep waiting on it after it is closed, as on Windows.
 *
 * Return: TRUE, or FALSE with ERROR_INVALID_HANDLE (NULL, closed, unknown
 * handle, or a WINUSB_INTERFACE_HANDLE, which WinUsb_Free() releases).
 */
WINBASEAPI BOOL WINAPI CloseHandle(HANDLE hObject)
	WINUSB_W32_NAME(CloseHandle);

/* ------------------------------------------------------------------------ */
/* Events and waits                                                         */
/* ------------------------------------------------------------------------ */

/** INFINITE: wait with no time-out. */
#define INFINITE 0xFFFFFFFFu
/** WAIT_OBJECT_0: the first (or only) object was signalled. */
#define WAIT_OBJECT_0 ((DWORD)0x00000000L)
/** WAIT_ABANDONED_0: never returned (no mutexes in libwinusb). */
#define WAIT_ABANDONED_0 ((DWORD)0x00000080L)
/** WAIT_TIMEOUT: the time-out elapsed. */
#define WAIT_TIMEOUT ((DWORD)0x00000102L)
/** WAIT_FAILED: the wait failed; see GetLastError(). */
#define WAIT_FAILED ((DWORD)0xFFFFFFFFu)
/** MAXIMUM_WAIT_OBJECTS: the most handles WaitForMultipleObjects() takes. */
#define MAXIMUM_WAIT_OBJECTS 64

/**
 * CreateEventA() - create an event object.
 * @lpEventAttributes: NULL, or a SECURITY_ATTRIBUTES with a valid nLength.
 * @bManualReset: TRUE: stays signalled until ResetEvent(), every waiter is
 *                released; FALSE (auto-reset): each SetEvent() releases
 *                exactly one waiter (or the next one to wait), and the
 *                event is reset by that release.
 * @bInitialState: TRUE to create it signalled.
 * @lpName: must be NULL: named events are not supported on Linux.
 *
 * Return: the event handle, or NULL with ERROR_NOT_SUPPORTED (a name),
 * ERROR_INVALID_PARAMETER (bad attributes) or ERROR_NOT_ENOUGH_MEMORY.
 */
WINBASEAPI HANDLE WINAPI CreateEventA(LPSECURITY_ATTRIBUTES lpEventAttributes,
				      BOOL bManualReset, BOOL bInitialState,
				      LPCSTR lpName)
	WINUSB_W32_NAME(CreateEventA);

/** CreateEventW() - CreateEventA() with a UTF-16 name (which must be NULL). */
WINBASEAPI HANDLE WINAPI CreateEventW(LPSECURITY_ATTRIBUTES lpEventAttributes,
				      BOOL bManualReset, BOOL bInitialState,
				      LPCWSTR lpName)
	WINUSB_W32_NAME(CreateEventW);

/**
 * SetEvent() - signal an event.
 * @hEvent: the event.
 *
 * Waiters are released at once: a manual-reset event releases them all and
 * stays signalled; an auto-reset event releases the longest waiter whose
 * wait it satisfies and becomes non-signalled again, or stays signalled
 * until a thread waits on it.
 *
 * Return: TRUE, or FALSE with ERROR_INVALID_HANDLE.
 */
WINBASEAPI BOOL WINAPI SetEvent(HANDLE hEvent)
	WINUSB_W32_NAME(SetEvent);

/**
 * ResetEvent() - set an event to non-signalled.
 * @hEvent: the event.
 * Return: TRUE, or FALSE with ERROR_INVALID_HANDLE.
 */
WINBASEAPI BOOL WINAPI ResetEvent(HANDLE hEvent)
	WINUSB_W32_NAME(ResetEvent);

/**
 * WaitForSingleObject() - wait until an event is signalled.
 * @hHandle: an event (the low bit is ignored, as for OVERLAPPED.hEvent).
 * @dwMilliseconds: time-out in ms, 0 to test, or INFINITE.
 *
 * Waiting on an auto-reset event consumes its signal.
 *
 * Return: WAIT_OBJECT_0, WAIT_TIMEOUT, or WAIT_FAILED with
 * ERROR_INVALID_HANDLE (not an event: device handles cannot be waited on).
 */
WINBASEAPI DWORD WINAPI WaitForSingleObject(HANDLE hHandle,
					    DWORD dwMilliseconds)
	WINUSB_W32_NAME(WaitForSingleObject);

/**
 * WaitForMultipleObjects() - wait for one or all of several events.
 * @nCount: 1..MAXIMUM_WAIT_OBJECTS.
 * @lpHandles: the events.
 * @bWaitAll: FALSE: return when any is signalled (the lowest index wins);
 *            TRUE: return when all are signalled at the same time, and only
 *            then consume the auto-reset ones (all or none).
 * @dwMilliseconds: time-out in ms, 0 to test, or INFINITE.
 *
 * Return: WAIT_OBJECT_0 + index (any) or WAIT_OBJECT_0 (all), WAIT_TIMEOUT,
 * or WAIT_FAILED with ERROR_INVALID_PARAMETER (bad count, NULL array, the
 * same event twice with @bWaitAll) or ERROR_INVALID_HANDLE.
 */
WINBASEAPI DWORD WINAPI WaitForMultipleObjects(DWORD nCount,
					       const HANDLE *lpHandles,
					       BOOL bWaitAll,
					       DWORD dwMilliseconds)
	WINUSB_W32_NAME(WaitForMultipleObjects);

/* ------------------------------------------------------------------------ */
/* Files                                                                    */
/* ------------------------------------------------------------------------ */

/* dwDesiredAccess */
#define GENERIC_READ    0x80000000u
#define GENERIC_WRITE   0x40000000u
#define GENERIC_EXECUTE 0x20000000u
#define GENERIC_ALL     0x10000000u
/* dwShareMode: accepted and ignored (device nodes are not locked). */
#define FILE_SHARE_READ   0x00000001u
#define FILE_SHARE_WRITE  0x00000002u
#define FILE_SHARE_DELETE 0x00000004u
/* dwCreationDisposition: devices accept only OPEN_EXISTING. */
#define CREATE_NEW        1
#define CREATE_ALWAYS     2
#define OPEN_EXISTING     3
#define OPEN_ALWAYS       4
#define TRUNCATE_EXISTING 5
/* dwFlagsAndAttributes */
#define FILE_ATTRIBUTE_READONLY   0x00000001u
#define FILE_ATTRIBUTE_HIDDEN     0x00000002u
#define FILE_ATTRIBUTE_SYSTEM     0x00000004u
#define FILE_ATTRIBUTE_NORMAL     0x00000080u
#define FILE_FLAG_WRITE_THROUGH   0x80000000u
#define FILE_FLAG_OVERLAPPED      0x40000000u
#define FILE_FLAG_NO_BUFFERING    0x20000000u
#define FILE_FLAG_RANDOM_ACCESS   0x10000000u
#define FILE_FLAG_SEQUENTIAL_SCAN 0x08000000u

/**
 * CreateFileA() - open a WinUSB device node.
 * @lpFileName: the device node, e.g. "/dev/winusb/1-1:1.0", or a Windows
 *              device path from SetupDi or CM_* ("\\\\?\\usb#vid_...#<sysfs
 *              name>#{guid}"), which names the same node (a device gone
 *              since: ERROR_FILE_NOT_FOUND).
 * @dwDesiredAccess: GENERIC_READ and/or GENERIC_WRITE (either opens the node
 *              read-write, as WinUSB needs both).
 * @dwShareMode: FILE_SHARE_* (ignored).
 * @lpSecurityAttributes: NULL, or attributes with a valid nLength.
 * @dwCreationDisposition: must be OPEN_EXISTING.
 * @dwFlagsAndAttributes: FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OVERLAPPED; the
 *              handle is only usable by WinUsb_Initialize() with
 *              FILE_FLAG_OVERLAPPED, as on Windows.
 * @hTemplateFile: must be NULL.
 *
 * Return: a device handle for WinUsb_Initialize() and CloseHandle(), or
 * INVALID_HANDLE_VALUE with ERROR_FILE_NOT_FOUND (no such device, or
 * unplugged), ERROR_PATH_NOT_FOUND, ERROR_ACCESS_DENIED (permissions; see
 * the udev rule), ERROR_INVALID_PARAMETER (disposition, template, a path
 * that is not a character device), ERROR_INVALID_NAME, ERROR_NOT_ENOUGH_MEMORY
 * or ERROR_TOO_MANY_OPEN_FILES.
 */
WINBASEAPI HANDLE WINAPI CreateFileA(LPCSTR lpFileName, DWORD dwDesiredAccess,
				     DWORD dwShareMode,
				     LPSECURITY_ATTRIBUTES lpSecurityAttributes,
				     DWORD dwCreationDisposition,
				     DWORD dwFlagsAndAttributes,
				     HANDLE hTemplateFile)
	WINUSB_W32_NAME(CreateFileA);

/**
 * CancelIo() - cancel the requests this thread issued on a device handle.
 * @hFile: the device handle given to WinUsb_Initialize().
 *
 * Each cancelled request completes with ERROR_OPERATION_ABORTED.  CancelIo()
 * does not wait for the completions.
 *
 * Return: TRUE, or FALSE with ERROR_INVALID_HANDLE.
 */
WINBASEAPI BOOL WINAPI CancelIo(HANDLE hFile)
	WINUSB_W32_NAME(CancelIo);

/**
 * CancelIoEx() - cancel one request, or every request, on a device handle.
 * @hFile: the device handle given to WinUsb_Initialize().
 * @lpOverlapped: the request to cancel, or NULL for all requests of every
 *                thread.
 *
 * Return: TRUE, or FALSE with ERROR_NOT_FOUND (nothing to cancel) or
 * ERROR_INVALID_HANDLE.
 */
WINBASEAPI BOOL WINAPI CancelIoEx(HANDLE hFile, LPOVERLAPPED lpOverlapped)
	WINUSB_W32_NAME(CancelIoEx);

/**
 * GetOverlappedResult() - the result of an OVERLAPPED request on a device
 * handle (same as WinUsb_GetOverlappedResult()).
 * @hFile: the device handle the request was issued through; or, when
 *         @lpOverlapped has an hEvent, the WinUSB interface handle (Windows
 *         waits on the event and ignores @hFile then).
 * @lpOverlapped: the request.
 * @lpNumberOfBytesTransferred: receives InternalHigh.
 * @bWait: TRUE to wait for completion.
 *
 * Return: TRUE if the request succeeded; FALSE with ERROR_IO_INCOMPLETE
 * (pending and @bWait FALSE) or the request's own error.
 */
WINBASEAPI BOOL WINAPI GetOverlappedResult(HANDLE hFile,
					   LPOVERLAPPED lpOverlapped,
					   LPDWORD lpNumberOfBytesTransferred,
					   BOOL bWait)
	WINUSB_W32_NAME(GetOverlappedResult);

/* ------------------------------------------------------------------------ */
/* Time                                                                     */
/* ------------------------------------------------------------------------ */

/** Sleep() - suspend the calling thread for at least @dwMilliseconds ms. */
WINBASEAPI void WINAPI Sleep(DWORD dwMilliseconds)
	WINUSB_W32_NAME(Sleep);

/**
 * QueryPerformanceCounter() - a monotonic timestamp.
 * @lpPerformanceCount: receives CLOCK_MONOTONIC in 100 ns units.
 *
 * The same clock the winusb driver uses for frame timestamps, so frame
 * numbers and QPC values can be compared directly.
 *
 * Return: TRUE, or FALSE with ERROR_NOACCESS if the pointer is NULL.
 */
WINBASEAPI BOOL WINAPI
QueryPerformanceCounter(LARGE_INTEGER *lpPerformanceCount)
	WINUSB_W32_NAME(QueryPerformanceCounter);

/**
 * QueryPerformanceFrequency() - the QueryPerformanceCounter() rate.
 * @lpFrequency: receives 10000000 (10 MHz) - always, on every machine.
 *
 * Return: TRUE, or FALSE with ERROR_NOACCESS if the pointer is NULL.
 */
WINBASEAPI BOOL WINAPI QueryPerformanceFrequency(LARGE_INTEGER *lpFrequency)
	WINUSB_W32_NAME(QueryPerformanceFrequency);

/** GetTickCount() - milliseconds of CLOCK_MONOTONIC, wrapping at 2^32. */
WINBASEAPI DWORD WINAPI GetTickCount(void)
	WINUSB_W32_NAME(GetTickCount);

/** GetTickCount64() - milliseconds of CLOCK_MONOTONIC. */
WINBASEAPI ULONGLONG WINAPI GetTickCount64(void)
	WINUSB_W32_NAME(GetTickCount64);

#include "winusb_win32_more.h"

#ifdef __cplusplus
}
#endif

#endif /* WINUSB_WIN32_H */
