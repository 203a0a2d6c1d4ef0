/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * winusb_win32_more.h - the rest of the Win32 that WinUSB programs use
 * around WinUSB: windef/winnt/winerror/winbase pieces (types, HRESULT,
 * error codes, SAL), FormatMessage, Local/Heap memory, critical sections,
 * Interlocked*, threads, GetOverlappedResultEx, and the UNICODE mapping.
 *
 * Included by <winusb_win32.h> (inside its extern "C"); programs get it
 * through <windows.h>.  Microsoft's names and values; Linux differences are
 * in Documentation/userspace-porting.rst.  Every function here is exported
 * by libwinusb as "libwinusb_<name>" (WINUSB_W32_NAME), never under its
 * Windows name.
 */
#ifndef WINUSB_WIN32_MORE_H
#define WINUSB_WIN32_MORE_H

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* Keywords, calling conventions, SAL                                       */
/* ------------------------------------------------------------------------ */

/* Calling conventions mean nothing on x86-64 Linux (as on Windows x64). */
#ifndef __cdecl
#define __cdecl
#endif
#ifndef __stdcall
#define __stdcall
#endif
#ifndef __fastcall
#define __fastcall
#endif
#ifndef _cdecl
#define _cdecl
#endif
#ifndef WINAPIV
#define WINAPIV
#endif
#ifndef NTAPI
#define NTAPI
#endif
#ifndef STDMETHODCALLTYPE
#define STDMETHODCALLTYPE
#endif
#ifndef FAR
#define FAR
#endif
#ifndef NEAR
#define NEAR
#endif
#ifndef far
#define far
#endif
#ifndef near
#define near
#endif
#ifndef CONST
#define CONST const
#endif
#ifndef IN
#define IN
#endif
#ifndef OUT
#define OUT
#endif
#ifndef OPTIONAL
#define OPTIONAL
#endif
#ifndef __declspec
#define __declspec(x)
#endif
#ifndef __forceinline
#define __forceinline static inline __attribute__((always_inline))
#endif
#ifndef FORCEINLINE
#define FORCEINLINE __forceinline
#endif
#ifndef DECLSPEC_NOINLINE
#define DECLSPEC_NOINLINE __attribute__((noinline))
#endif
#ifndef DECLSPEC_ALIGN
#define DECLSPEC_ALIGN(x) __attribute__((aligned(x)))
#endif
#ifndef DECLSPEC_NORETURN
#define DECLSPEC_NORETURN __attribute__((noreturn))
#endif
#ifndef WINUSB_NO_SAL
/* SAL 2 and SAL 1 annotations of the SDK: documentation only. */
#define _In_reads_(s)
#define _In_reads_opt_(s)
#define _In_reads_bytes_(s)
#define _In_reads_bytes_opt_(s)
#define _In_z_
#define _In_opt_z_
#define _In_range_(l, h)
#define _Inout_opt_
#define _Inout_z_
#define _Inout_updates_(s)
#define _Inout_updates_opt_(s)
#define _Inout_updates_bytes_(s)
#define _Inout_updates_bytes_opt_(s)
#define _Out_writes_(s)
#define _Out_writes_opt_(s)
#define _Out_writes_z_(s)
#define _Out_writes_bytes_(s)
#define _Out_writes_bytes_opt_(s)
#define _Out_writes_bytes_to_(s, c)
#define _Out_writes_bytes_to_opt_(s, c)
#define _Out_writes_to_(s, c)
#define _Out_writes_to_opt_(s, c)
#define _Out_bytecap_(s)
#define _Out_cap_(s)
#define _Outptr_
#define _Outptr_opt_
#define _Outptr_result_maybenull_
#define _Outptr_result_buffer_(s)
#define _Ret_maybenull_
#define _Ret_notnull_
#define _Ret_z_
#define _Success_(e)
#define _Check_return_
#define _Must_inspect_result_
#define _Use_decl_annotations_
#define _Null_terminated_
#define _NullNull_terminated_
#define _Printf_format_string_
#define _Field_size_(s)
#define _Field_size_bytes_(s)
#define _Field_size_opt_(s)
#define _Field_range_(l, h)
#define _Frees_ptr_
#define _Frees_ptr_opt_
#define _Post_invalid_
#define _Post_z_
#define _Pre_notnull_
#define _Reserved_
#define _Analysis_assume_(e)
#define _Acquires_lock_(l)
#define _Releases_lock_(l)
#define _Requires_lock_held_(l)
#define _Guarded_by_(l)
#define _When_(c, a)
#define _At_(t, a)
#define _IRQL_requires_(x)
#define _IRQL_requires_max_(x)
#endif /* WINUSB_NO_SAL */
/*
 * SAL 1 (__in, __out...): libstdc++ uses these names for its own
 * parameters, so C++ gets them only when asked, with WINUSB_SAL1 defined
 * (include the C++ library headers first).
 */
#if !defined(WINUSB_NO_SAL) && (!defined(__cplusplus) || defined(WINUSB_SAL1))
#define __in
#define __out
#define __inout
#define __in_opt
#define __out_opt
#define __inout_opt
#define __in_ecount(s)
#define __out_ecount(s)
#define __in_bcount(s)
#define __out_bcount(s)
#define __out_bcount_opt(s)
#define __out_ecount_opt(s)
#define __in_bcount_opt(s)
#define __deref_out
#define __deref_out_opt
#define __reserved
#define __nullterminated
#define __success(e)
#define __checkReturn
#endif /* WINUSB_NO_SAL */

/* ------------------------------------------------------------------------ */
/* Types (winnt.h, basetsd.h, windef.h)                                     */
/* ------------------------------------------------------------------------ */

typedef int8_t INT8, *PINT8;
typedef int16_t INT16, *PINT16;
typedef int32_t INT32, *PINT32;
typedef int64_t INT64, *PINT64;
typedef uint8_t UINT8, *PUINT8;
typedef uint16_t UINT16, *PUINT16;
typedef uint32_t UINT32, *PUINT32;
typedef uint64_t UINT64, *PUINT64;
typedef int32_t LONG32, *PLONG32;
typedef uint32_t ULONG32, *PULONG32, DWORD32, *PDWORD32;
typedef int64_t LONG64, *PLONG64;
typedef uint64_t ULONG64, *PULONG64;
typedef int64_t __int64;
typedef int32_t __int32;
typedef int16_t __int16;
typedef int8_t __int8;
typedef intptr_t *PINT_PTR, *PLONG_PTR;
typedef uintptr_t *PUINT_PTR, *PDWORD_PTR;
typedef intptr_t SSIZE_T, *PSSIZE_T;
typedef ULONG_PTR KAFFINITY;
typedef char CCHAR;
typedef short CSHORT;
typedef float FLOAT, *PFLOAT;
typedef int *LPINT;
typedef LONG *LPLONG;
typedef char *PSZ;
typedef const char *PCSZ;
typedef CHAR *LPCH, *PCH, *NPSTR;
typedef const CHAR *LPCCH, *PCCH;
typedef WORD ATOM;
typedef WORD LANGID;
typedef DWORD LCID, *PLCID;
typedef LONG HRESULT;
typedef ULONG_PTR WPARAM;
typedef LONG_PTR LPARAM;
typedef LONG_PTR LRESULT;
typedef HANDLE HMODULE, HINSTANCE, HWND, HKEY, HGLOBAL, HLOCAL, HDC, HICON,
	HMENU, HBRUSH, HFONT, HBITMAP, HCURSOR, HRSRC, HDESK, HHOOK, HGDIOBJ;
typedef HKEY *PHKEY;
typedef int HFILE;
typedef void *PVOID64;
typedef DWORD ACCESS_MASK, *PACCESS_MASK;
typedef DWORD COLORREF;
typedef DWORD (WINAPI *PTHREAD_START_ROUTINE)(LPVOID lpThreadParameter);
typedef PTHREAD_START_ROUTINE LPTHREAD_START_ROUTINE;
typedef int (WINAPI *FARPROC)(void);

#ifndef ANYSIZE_ARRAY
#define ANYSIZE_ARRAY 1
#endif
#ifndef MAX_PATH
#define MAX_PATH 260
#endif
#define MAXCHAR 0x7f
#define MAXBYTE 0xff
#define MAXWORD 0xffff
#define MAXDWORD 0xffffffffu
#define MAXSHORT 0x7fff
#define MAXLONG 0x7fffffff
#define MAXULONG 0xffffffffu
#define MAXLONGLONG ((LONGLONG)0x7fffffffffffffffLL)
#define MAXULONG_PTR (~(ULONG_PTR)0)
#define MAXLONG_PTR ((LONG_PTR)(MAXULONG_PTR >> 1))
#define MAXSIZE_T (~(SIZE_T)0)
#define MINCHAR 0x80
#define MINSHORT 0x8000
#define MINLONG 0x80000000

#define UNREFERENCED_PARAMETER(P) ((void)(P))
#define DBG_UNREFERENCED_PARAMETER(P) ((void)(P))

#ifdef __cplusplus
#define C_ASSERT(e) static_assert(e, #e)
#else
#define C_ASSERT(e) _Static_assert(e, #e)
#endif
#define FIELD_OFFSET(type, field) ((LONG)offsetof(type, field))
#define RTL_FIELD_SIZE(type, field) (sizeof(((type *)0)->field))
#define RTL_NUMBER_OF(a) (sizeof(a) / sizeof((a)[0]))
#define RTL_NUMBER_OF_V1 RTL_NUMBER_OF
#define ARRAYSIZE(a) RTL_NUMBER_OF(a)
#ifndef _countof
#define _countof(a) (sizeof(a) / sizeof((a)[0]))
#endif
#define CONTAINING_RECORD(address, type, field) \
	((type *)((PCHAR)(address) - (ULONG_PTR)(&((type *)0)->field)))
#define MAKELONG(lo, hi) \
	((LONG)(((WORD)((DWORD_PTR)(lo) & 0xffff)) | \
		((DWORD)((WORD)((DWORD_PTR)(hi) & 0xffff))) << 16))

/*
 * min and max unless NOMINMAX, as <windef.h>.  C gets Windows' macros.  In
 * C++ they are function templates instead: macros would break libstdc++'s
 * headers included after this one (MSVC's STL is written to survive them,
 * libstdc++ is not); min(a, b) and max(a, b) work the same, and a
 * "using namespace std" call picks std::min for equal types.
 */
#ifndef NOMINMAX
#ifdef __cplusplus
} /* extern "C" */
template <typename WuA, typename WuB>
static inline auto min(const WuA &a, const WuB &b) -> decltype(a < b ? a : b)
{
	return a < b ? a : b;
}
template <typename WuA, typename WuB>
static inline auto max(const WuA &a, const WuB &b) -> decltype(a > b ? a : b)
{
	return a > b ? a : b;
}
extern "C" {
#else
#ifndef max
#define max(a, b) (((a) > (b)) ? (a) : (b))
#endif
#ifndef min
#define min(a, b) (((a) < (b)) ? (a) : (b))
#endif
#endif
#endif

#define SecureZeroMemory(dst, len) \
	(explicit_bzero((dst), (len)), (PVOID)(dst))
#define RtlCopyMemory(dst, src, len) memcpy((dst), (src), (len))
#define RtlMoveMemory(dst, src, len) memmove((dst), (src), (len))
#define RtlFillMemory(dst, len, fill) memset((dst), (fill), (len))
#define RtlEqualMemory(a, b, len) (!memcmp((a), (b), (len)))
#define EqualMemory(a, b, len) (!memcmp((a), (b), (len)))

/* Languages (winnt.h), for FormatMessage's dwLanguageId. */
#define MAKELANGID(p, s) ((((WORD)(s)) << 10) | (WORD)(p))
#define PRIMARYLANGID(lgid) ((WORD)(lgid) & 0x3ff)
#define SUBLANGID(lgid) ((WORD)(lgid) >> 10)
#define LANG_NEUTRAL 0x00
#define LANG_INVARIANT 0x7f
#define LANG_ENGLISH 0x09
#define LANG_SYSTEM_DEFAULT MAKELANGID(LANG_NEUTRAL, SUBLANG_SYS_DEFAULT)
#define LANG_USER_DEFAULT MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT)
#define SUBLANG_NEUTRAL 0x00
#define SUBLANG_DEFAULT 0x01
#define SUBLANG_SYS_DEFAULT 0x02
#define SUBLANG_ENGLISH_US 0x01
#define SUBLANG_ENGLISH_UK 0x02

/* ------------------------------------------------------------------------ */
/* Error codes (winerror.h) beyond those of <winusb_win32.h>                */
/* ------------------------------------------------------------------------ */

#define NO_ERROR 0L
#define ERROR_BAD_ENVIRONMENT         10
#define ERROR_BAD_FORMAT              11
#define ERROR_INVALID_ACCESS          12
#define ERROR_INVALID_DRIVE           15
#define ERROR_NO_MORE_FILES           18
#define ERROR_WRITE_PROTECT           19
#define ERROR_BAD_UNIT                20
#define ERROR_WRITE_FAULT             29
#define ERROR_READ_FAULT              30
#define ERROR_LOCK_VIOLATION          33
#define ERROR_HANDLE_EOF              38
#define ERROR_HANDLE_DISK_FULL        39
#define ERROR_FILE_EXISTS             80
#define ERROR_CANNOT_MAKE             82
#define ERROR_NO_PROC_SLOTS           89
#define ERROR_DISK_FULL               112
#define ERROR_CALL_NOT_IMPLEMENTED    120
#define ERROR_INVALID_LEVEL           124
#define ERROR_MOD_NOT_FOUND           126
#define ERROR_PROC_NOT_FOUND          127
#define ERROR_NEGATIVE_SEEK           131
#define ERROR_BAD_ARGUMENTS           160
#define ERROR_BAD_PATHNAME            161
#define ERROR_LOCK_FAILED             167
#define ERROR_ENVVAR_NOT_FOUND        203
#define ERROR_FILENAME_EXCED_RANGE    206
#define ERROR_BAD_PIPE                230
#define ERROR_PIPE_BUSY               231
#define ERROR_NO_DATA                 232
#define ERROR_PIPE_NOT_CONNECTED      233
#define ERROR_DIRECTORY               267
#define ERROR_NOT_OWNER               288
#define ERROR_PARTIAL_COPY            299
#define ERROR_MR_MID_NOT_FOUND        317
#define ERROR_DEVICE_HARDWARE_ERROR   483
#define ERROR_INVALID_ADDRESS         487
#define ERROR_ARITHMETIC_OVERFLOW     534
#define ERROR_PIPE_CONNECTED          535
#define ERROR_ABANDONED_WAIT_0        735
#define ERROR_CAN_NOT_COMPLETE        1003
#define ERROR_SERVICE_DOES_NOT_EXIST  1060
#define ERROR_SERVICE_DISABLED        1058
#define ERROR_IO_DEVICE               1117
#define ERROR_SERIAL_NO_DEVICE        1118
#define ERROR_NO_MEDIA_IN_DRIVE       1112
#define ERROR_NOT_CONNECTED           2250
#define ERROR_CONNECTION_ABORTED      1236
#define ERROR_CANCELLED               1223
#define ERROR_RETRY                   1237
#define ERROR_REVISION_MISMATCH       1306
#define ERROR_INVALID_OWNER           1307
#define ERROR_PRIVILEGE_NOT_HELD      1314
#define ERROR_INVALID_ACL             1336
#define ERROR_BAD_IMPERSONATION_LEVEL 1346
#define ERROR_INVALID_WINDOW_HANDLE   1400
#define ERROR_NONPAGED_SYSTEM_RESOURCES 1451
#define ERROR_PAGED_SYSTEM_RESOURCES  1452
#define ERROR_WORKING_SET_QUOTA       1453
#define ERROR_PAGEFILE_QUOTA          1454
#define ERROR_COMMITMENT_LIMIT        1455
#define ERROR_DEVICE_REMOVED          1617
#define ERROR_INVALID_USER_BUFFER     1784
#define ERROR_RESOURCE_LANG_NOT_FOUND 1815
#define ERROR_NOT_ENOUGH_QUOTA        1816
#define ERROR_DEVICE_NOT_AVAILABLE    4319
#define ERROR_DEVICE_IN_USE           2404
#define ERROR_INVALID_STATE           5023
#define ERROR_DEVICE_ALREADY_ATTACHED 548
#define ERROR_DEVICE_REINITIALIZATION_NEEDED 1164
#define ERROR_DEVICE_UNREACHABLE      321
#define ERROR_DEVICE_FEATURE_NOT_SUPPORTED 316
#define ERROR_UNRECOGNIZED_MEDIA      1785

/* SetupAPI errors (setupapi.h): application bit and error severity. */
#define APPLICATION_ERROR_MASK 0x20000000
#define ERROR_SEVERITY_SUCCESS 0x00000000
#define ERROR_SEVERITY_INFORMATIONAL 0x40000000
#define ERROR_SEVERITY_WARNING 0x80000000
#define ERROR_SEVERITY_ERROR 0xC0000000
#define ERROR_INVALID_DEVINST_NAME \
	(APPLICATION_ERROR_MASK | ERROR_SEVERITY_ERROR | 0x205)
#define ERROR_INVALID_CLASS \
	(APPLICATION_ERROR_MASK | ERROR_SEVERITY_ERROR | 0x206)
#define ERROR_DEVINFO_NOT_REGISTERED \
	(APPLICATION_ERROR_MASK | ERROR_SEVERITY_ERROR | 0x208)
#define ERROR_INVALID_REG_PROPERTY \
	(APPLICATION_ERROR_MASK | ERROR_SEVERITY_ERROR | 0x209)
#define ERROR_NO_SUCH_DEVINST \
	(APPLICATION_ERROR_MASK | ERROR_SEVERITY_ERROR | 0x20B)
#define ERROR_INVALID_HWPROFILE \
	(APPLICATION_ERROR_MASK | ERROR_SEVERITY_ERROR | 0x210)
#define ERROR_NO_DEVICE_SELECTED \
	(APPLICATION_ERROR_MASK | ERROR_SEVERITY_ERROR | 0x211)
#define ERROR_DEVICE_INTERFACE_REMOVED \
	(APPLICATION_ERROR_MASK | ERROR_SEVERITY_ERROR | 0x21C)
#define ERROR_INVALID_MACHINENAME \
	(APPLICATION_ERROR_MASK | ERROR_SEVERITY_ERROR | 0x220)
#define ERROR_NO_SUCH_DEVICE_INTERFACE \
	(APPLICATION_ERROR_MASK | ERROR_SEVERITY_ERROR | 0x225)
#define ERROR_NOT_INSTALLED \
	(APPLICATION_ERROR_MASK | ERROR_SEVERITY_ERROR | 0x1000)

/* Waits (winbase.h). */
#define WAIT_ABANDONED ((DWORD)0x00000080L)
#define WAIT_IO_COMPLETION ((DWORD)0x000000C0L)
#define STATUS_TIMEOUT ((DWORD)0x00000102L)
#define STILL_ACTIVE ((DWORD)0x00000103L)
#define STATUS_ABANDONED_WAIT_0 ((DWORD)0x00000080L)

/* ------------------------------------------------------------------------ */
/* HRESULT (winerror.h)                                                     */
/* ------------------------------------------------------------------------ */

#define _HRESULT_TYPEDEF_(sc) ((HRESULT)(sc))
#define SEVERITY_SUCCESS 0
#define SEVERITY_ERROR 1
#define FACILITY_NULL 0
#define FACILITY_RPC 1
#define FACILITY_DISPATCH 2
#define FACILITY_STORAGE 3
#define FACILITY_ITF 4
#define FACILITY_WIN32 7
#define FACILITY_WINDOWS 8
#define FACILITY_SETUPAPI 15
#define FACILITY_NT_BIT 0x10000000
#define SUCCEEDED(hr) (((HRESULT)(hr)) >= 0)
#define FAILED(hr) (((HRESULT)(hr)) < 0)
#define IS_ERROR(Status) (((uint32_t)(Status)) >> 31 == SEVERITY_ERROR)
#define HRESULT_CODE(hr) ((hr) & 0xFFFF)
#define SCODE_CODE(sc) ((sc) & 0xFFFF)
#define HRESULT_FACILITY(hr) (((hr) >> 16) & 0x1fff)
#define HRESULT_SEVERITY(hr) (((hr) >> 31) & 0x1)
#define MAKE_HRESULT(sev, fac, code) \
	((HRESULT)(((unsigned long)(sev) << 31) | \
		   ((unsigned long)(fac) << 16) | ((unsigned long)(code))))
#define MAKE_SCODE(sev, fac, code) MAKE_HRESULT(sev, fac, code)
#define __HRESULT_FROM_WIN32(x) \
	((HRESULT)(x) <= 0 ? ((HRESULT)(x)) : \
	 ((HRESULT)(((x) & 0x0000FFFF) | (FACILITY_WIN32 << 16) | 0x80000000)))
/** HRESULT_FROM_WIN32() - an ERROR_* code as an HRESULT (0x8007xxxx). */
static inline HRESULT HRESULT_FROM_WIN32(unsigned long x)
{
	return (HRESULT)x <= 0 ? (HRESULT)x :
		(HRESULT)((x & 0x0000FFFF) | (FACILITY_WIN32 << 16) |
			  0x80000000);
}
/*
 * HRESULT_FROM_SETUPAPI() - a SetupAPI error (0xE0000xxx) as an HRESULT,
 * as Windows' setupapi.h: FACILITY_SETUPAPI for application errors.
 */
#define HRESULT_FROM_SETUPAPI(x) \
	((((x) & (APPLICATION_ERROR_MASK | ERROR_SEVERITY_ERROR)) == \
	  (APPLICATION_ERROR_MASK | ERROR_SEVERITY_ERROR)) ? \
	 ((HRESULT)(((x) & 0x0000FFFF) | (FACILITY_SETUPAPI << 16) | \
		    0x80000000)) : HRESULT_FROM_WIN32(x))
#define HRESULT_FROM_NT(x) ((HRESULT)((x) | FACILITY_NT_BIT))

#define S_OK ((HRESULT)0L)
#define S_FALSE ((HRESULT)1L)
#define E_UNEXPECTED _HRESULT_TYPEDEF_(0x8000FFFFL)
#define E_NOTIMPL _HRESULT_TYPEDEF_(0x80004001L)
#define E_OUTOFMEMORY _HRESULT_TYPEDEF_(0x8007000EL)
#define E_INVALIDARG _HRESULT_TYPEDEF_(0x80070057L)
#define E_NOINTERFACE _HRESULT_TYPEDEF_(0x80004002L)
#define E_POINTER _HRESULT_TYPEDEF_(0x80004003L)
#define E_HANDLE _HRESULT_TYPEDEF_(0x80070006L)
#define E_ABORT _HRESULT_TYPEDEF_(0x80004004L)
#define E_FAIL _HRESULT_TYPEDEF_(0x80004005L)
#define E_ACCESSDENIED _HRESULT_TYPEDEF_(0x80070005L)
#define E_PENDING _HRESULT_TYPEDEF_(0x8000000AL)
#define E_BOUNDS _HRESULT_TYPEDEF_(0x8000000BL)
#define E_NOT_SET _HRESULT_TYPEDEF_(0x80070490L)
#define E_NOT_VALID_STATE _HRESULT_TYPEDEF_(0x8007139FL)
#define E_NOT_SUFFICIENT_BUFFER _HRESULT_TYPEDEF_(0x8007007AL)
#define E_ILLEGAL_METHOD_CALL _HRESULT_TYPEDEF_(0x8000000EL)

/* ------------------------------------------------------------------------ */
/* Generic text (winnt.h): TCHAR and the UNICODE mapping                    */
/* ------------------------------------------------------------------------ */

/*
 * UNICODE selects the W functions (UTF-16 strings, WCHAR) for the generic
 * names, as on Windows.  WCHAR is 16 bits; Linux wchar_t is 32 bits, so
 * L"..." literals are not WCHAR strings: use TEXT()/_T(), which give u"..."
 * literals under UNICODE.  C++ rejects an L"..." argument for a WCHAR
 * parameter; C only warns, so under UNICODE this header makes that
 * warning an error (a silently wrong string width is never accepted).
 */
#if defined(UNICODE) && !defined(_UNICODE) && defined(WINUSB_REQUIRE_BOTH_UNICODE)
#error "libwinusb: define _UNICODE together with UNICODE"
#endif

#ifdef UNICODE
typedef WCHAR TCHAR_W32_;
#define __TEXT(quote) u##quote
#if !defined(__cplusplus) && defined(__GNUC__)
#pragma GCC diagnostic error "-Wincompatible-pointer-types"
#endif
#else
typedef char TCHAR_W32_;
#define __TEXT(quote) quote
#endif
#define TEXT(quote) __TEXT(quote)

#ifndef _TCHAR_DEFINED
#define _TCHAR_DEFINED
typedef TCHAR_W32_ TCHAR, *PTCHAR;
typedef TCHAR_W32_ TBYTE, *PTBYTE;
#endif
typedef TCHAR *LPTSTR, *PTSTR, *LPTCH, *PTCH;
typedef const TCHAR *LPCTSTR, *PCTSTR, *LPCTCH, *PCTCH;

/* ------------------------------------------------------------------------ */
/* FormatMessage                                                            */
/* ------------------------------------------------------------------------ */

#define FORMAT_MESSAGE_IGNORE_INSERTS  0x00000200
#define FORMAT_MESSAGE_FROM_STRING     0x00000400
#define FORMAT_MESSAGE_FROM_HMODULE    0x00000800
#define FORMAT_MESSAGE_FROM_SYSTEM     0x00001000
#define FORMAT_MESSAGE_ARGUMENT_ARRAY  0x00002000
#define FORMAT_MESSAGE_MAX_WIDTH_MASK  0x000000FF
#define FORMAT_MESSAGE_ALLOCATE_BUFFER 0x00000100

/**
 * FormatMessageA() - the text of an error code (or a formatted string).
 * @dwFlags: FORMAT_MESSAGE_FROM_SYSTEM (or FROM_HMODULE with a NULL
 *           module, which is the same) to look @dwMessageId up, or
 *           FORMAT_MESSAGE_FROM_STRING to format @lpSource;
 *           FORMAT_MESSAGE_ALLOCATE_BUFFER: @lpBuffer is really a char **
 *           that receives a LocalAlloc()ed buffer (free it with
 *           LocalFree()); FORMAT_MESSAGE_IGNORE_INSERTS: leave %1...
 *           as they are; FORMAT_MESSAGE_ARGUMENT_ARRAY: @Arguments is a
 *           DWORD_PTR array rather than a va_list *; the low byte is the
 *           maximum line width (0 = lines as they are, 0xFF = no line
 *           breaks at all).
 * @lpSource: the format string for FORMAT_MESSAGE_FROM_STRING; else NULL.
 * @dwMessageId: an ERROR_* code; an HRESULT of FACILITY_WIN32 or
 *               FACILITY_SETUPAPI is looked up by its code.
 * @dwLanguageId: 0, or a neutral or English MAKELANGID().
 * @lpBuffer: out: the text, NUL-terminated.
 * @nSize: size of @lpBuffer in characters, or with ALLOCATE_BUFFER the
 *         minimum to allocate.
 * @Arguments: the insert values (%1 ... %99, each with an optional
 *             !printf-format!, default !s!).
 *
 * System messages end in "\r\n" as on Windows.  Every code libwinusb sets
 * has a message, and so have the other codes of <windows.h> that device
 * programs meet.
 *
 * Return: characters stored, not counting the NUL; 0 with
 * ERROR_MR_MID_NOT_FOUND (no message for the code),
 * ERROR_RESOURCE_LANG_NOT_FOUND (another language),
 * ERROR_INSUFFICIENT_BUFFER, ERROR_INVALID_PARAMETER or
 * ERROR_NOT_ENOUGH_MEMORY.
 */
WINBASEAPI DWORD WINAPI FormatMessageA(DWORD dwFlags, LPCVOID lpSource,
				       DWORD dwMessageId, DWORD dwLanguageId,
				       LPSTR lpBuffer, DWORD nSize,
				       va_list *Arguments)
	WINUSB_W32_NAME(FormatMessageA);
/** FormatMessageW() - FormatMessageA() with UTF-16 strings. */
WINBASEAPI DWORD WINAPI FormatMessageW(DWORD dwFlags, LPCVOID lpSource,
				       DWORD dwMessageId, DWORD dwLanguageId,
				       LPWSTR lpBuffer, DWORD nSize,
				       va_list *Arguments)
	WINUSB_W32_NAME(FormatMessageW);

/* ------------------------------------------------------------------------ */
/* Memory                                                                   */
/* ------------------------------------------------------------------------ */

#define LMEM_FIXED 0x0000
#define LMEM_MOVEABLE 0x0002
#define LMEM_ZEROINIT 0x0040
#define LPTR (LMEM_FIXED | LMEM_ZEROINIT)
#define LHND (LMEM_MOVEABLE | LMEM_ZEROINIT)
#define GMEM_FIXED 0x0000
#define GMEM_MOVEABLE 0x0002
#define GMEM_ZEROINIT 0x0040
#define GPTR (GMEM_FIXED | GMEM_ZEROINIT)
#define GHND (GMEM_MOVEABLE | GMEM_ZEROINIT)
#define HEAP_NO_SERIALIZE 0x00000001
#define HEAP_GENERATE_EXCEPTIONS 0x00000004
#define HEAP_ZERO_MEMORY 0x00000008
#define HEAP_REALLOC_IN_PLACE_ONLY 0x00000010

/**
 * LocalAlloc() - allocate memory (malloc; LMEM_ZEROINIT zeroes it).
 * LMEM_MOVEABLE memory is fixed too: its HLOCAL is the address, and
 * LocalLock() returns it.
 * Return: the memory, or NULL with ERROR_NOT_ENOUGH_MEMORY.
 */
WINBASEAPI HLOCAL WINAPI LocalAlloc(UINT uFlags, SIZE_T uBytes)
	WINUSB_W32_NAME(LocalAlloc);
/** LocalReAlloc() - resize; LMEM_ZEROINIT zeroes what is added. */
WINBASEAPI HLOCAL WINAPI LocalReAlloc(HLOCAL hMem, SIZE_T uBytes, UINT uFlags)
	WINUSB_W32_NAME(LocalReAlloc);
/** LocalFree() - free; NULL for success (as Windows), else @hMem. */
WINBASEAPI HLOCAL WINAPI LocalFree(HLOCAL hMem) WINUSB_W32_NAME(LocalFree);
/** LocalSize() - the usable size of the block. */
WINBASEAPI SIZE_T WINAPI LocalSize(HLOCAL hMem) WINUSB_W32_NAME(LocalSize);
#define LocalLock(h) ((LPVOID)(h))
#define LocalUnlock(h) ((void)(h), TRUE)
/** GlobalAlloc(), GlobalFree(): the same as the Local functions. */
WINBASEAPI HGLOBAL WINAPI GlobalAlloc(UINT uFlags, SIZE_T dwBytes)
	WINUSB_W32_NAME(GlobalAlloc);
WINBASEAPI HGLOBAL WINAPI GlobalFree(HGLOBAL hMem)
	WINUSB_W32_NAME(GlobalFree);
#define GlobalLock(h) ((LPVOID)(h))
#define GlobalUnlock(h) ((void)(h), TRUE)

/**
 * GetProcessHeap() - the process heap: a constant, non-NULL handle that
 * the Heap functions accept (they use malloc).
 */
WINBASEAPI HANDLE WINAPI GetProcessHeap(void) WINUSB_W32_NAME(GetProcessHeap);
/**
 * HeapAlloc() - allocate from @hHeap (the process heap).
 * Return: the memory (zeroed with HEAP_ZERO_MEMORY), or NULL with
 * ERROR_NOT_ENOUGH_MEMORY, or ERROR_INVALID_HANDLE for another heap.
 */
WINBASEAPI LPVOID WINAPI HeapAlloc(HANDLE hHeap, DWORD dwFlags,
				   SIZE_T dwBytes) WINUSB_W32_NAME(HeapAlloc);
/** HeapReAlloc() - resize; HEAP_ZERO_MEMORY zeroes what is added. */
WINBASEAPI LPVOID WINAPI HeapReAlloc(HANDLE hHeap, DWORD dwFlags,
				     LPVOID lpMem, SIZE_T dwBytes)
	WINUSB_W32_NAME(HeapReAlloc);
/** HeapFree() - free (NULL is accepted); TRUE. */
WINBASEAPI BOOL WINAPI HeapFree(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem)
	WINUSB_W32_NAME(HeapFree);
/** HeapSize() - the usable size of the block. */
WINBASEAPI SIZE_T WINAPI HeapSize(HANDLE hHeap, DWORD dwFlags, LPCVOID lpMem)
	WINUSB_W32_NAME(HeapSize);

/* ------------------------------------------------------------------------ */
/* Critical sections                                                        */
/* ------------------------------------------------------------------------ */

/**
 * CRITICAL_SECTION - a recursive in-process lock, Microsoft's size on
 * x86-64 (40 bytes).  The fields are libwinusb's own: do not touch them.
 * @Impl: a pthread mutex allocated by InitializeCriticalSection().
 */
typedef struct _RTL_CRITICAL_SECTION {
	void *DebugInfo;
	LONG LockCount;
	LONG RecursionCount;
	HANDLE OwningThread;
	HANDLE LockSemaphore;
	ULONG_PTR SpinCount;
} RTL_CRITICAL_SECTION, *PRTL_CRITICAL_SECTION, CRITICAL_SECTION,
	*PCRITICAL_SECTION, *LPCRITICAL_SECTION;

/** InitializeCriticalSection() - prepare @cs; DeleteCriticalSection() it. */
WINBASEAPI void WINAPI InitializeCriticalSection(LPCRITICAL_SECTION cs)
	WINUSB_W32_NAME(InitializeCriticalSection);
/** InitializeCriticalSectionAndSpinCount() - the same; always TRUE. */
WINBASEAPI BOOL WINAPI
InitializeCriticalSectionAndSpinCount(LPCRITICAL_SECTION cs, DWORD spin)
	WINUSB_W32_NAME(InitializeCriticalSectionAndSpinCount);
/** InitializeCriticalSectionEx() - the same; always TRUE. */
WINBASEAPI BOOL WINAPI InitializeCriticalSectionEx(LPCRITICAL_SECTION cs,
						   DWORD spin, DWORD flags)
	WINUSB_W32_NAME(InitializeCriticalSectionEx);
/** EnterCriticalSection() - lock (recursively). */
WINBASEAPI void WINAPI EnterCriticalSection(LPCRITICAL_SECTION cs)
	WINUSB_W32_NAME(EnterCriticalSection);
/** TryEnterCriticalSection() - lock if free or already ours; TRUE if so. */
WINBASEAPI BOOL WINAPI TryEnterCriticalSection(LPCRITICAL_SECTION cs)
	WINUSB_W32_NAME(TryEnterCriticalSection);
/** LeaveCriticalSection() - unlock once. */
WINBASEAPI void WINAPI LeaveCriticalSection(LPCRITICAL_SECTION cs)
	WINUSB_W32_NAME(LeaveCriticalSection);
/** DeleteCriticalSection() - free what Initialize allocated. */
WINBASEAPI void WINAPI DeleteCriticalSection(LPCRITICAL_SECTION cs)
	WINUSB_W32_NAME(DeleteCriticalSection);

/* ------------------------------------------------------------------------ */
/* Interlocked* (full barriers, as on Windows)                              */
/* ------------------------------------------------------------------------ */

#define InterlockedIncrement(p) __atomic_add_fetch((p), 1, __ATOMIC_SEQ_CST)
#define InterlockedDecrement(p) __atomic_sub_fetch((p), 1, __ATOMIC_SEQ_CST)
#define InterlockedExchange(p, v) \
	__atomic_exchange_n((p), (v), __ATOMIC_SEQ_CST)
#define InterlockedExchangeAdd(p, v) \
	__atomic_fetch_add((p), (v), __ATOMIC_SEQ_CST)
#define InterlockedAdd(p, v) __atomic_add_fetch((p), (v), __ATOMIC_SEQ_CST)
#define InterlockedOr(p, v) __atomic_fetch_or((p), (v), __ATOMIC_SEQ_CST)
#define InterlockedAnd(p, v) __atomic_fetch_and((p), (v), __ATOMIC_SEQ_CST)
#define InterlockedXor(p, v) __atomic_fetch_xor((p), (v), __ATOMIC_SEQ_CST)
/* Returns the initial value of *p, whether or not it was replaced. */
#define InterlockedCompareExchange(p, exch, comp) \
	__sync_val_compare_and_swap((p), (comp), (exch))
#define InterlockedIncrement64 InterlockedIncrement
#define InterlockedDecrement64 InterlockedDecrement
#define InterlockedExchange64 InterlockedExchange
#define InterlockedExchangeAdd64 InterlockedExchangeAdd
#define InterlockedAdd64 InterlockedAdd
#define InterlockedOr64 InterlockedOr
#define InterlockedAnd64 InterlockedAnd
#define InterlockedXor64 InterlockedXor
#define InterlockedCompareExchange64 InterlockedCompareExchange
#define InterlockedExchangePointer(p, v) \
	((PVOID)__atomic_exchange_n((PVOID *)(p), (PVOID)(v), __ATOMIC_SEQ_CST))
#define InterlockedCompareExchangePointer(p, exch, comp) \
	((PVOID)__sync_val_compare_and_swap((PVOID *)(p), (PVOID)(comp), \
					    (PVOID)(exch)))
#define MemoryBarrier() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define YieldProcessor() __builtin_ia32_pause()

/* ------------------------------------------------------------------------ */
/* Threads and processes                                                    */
/* ------------------------------------------------------------------------ */

#define CREATE_SUSPENDED 0x00000004
#define STACK_SIZE_PARAM_IS_A_RESERVATION 0x00010000

/**
 * CreateThread() - start a thread running @lpStartAddress(@lpParameter).
 * @lpThreadAttributes: NULL, or attributes with a valid nLength.
 * @dwStackSize: 0 for the default, else the stack size.
 * @lpStartAddress: the thread function; its return value is the exit code.
 * @lpParameter: its argument.
 * @dwCreationFlags: 0 or STACK_SIZE_PARAM_IS_A_RESERVATION
 *                   (CREATE_SUSPENDED gives ERROR_NOT_SUPPORTED).
 * @lpThreadId: out (optional): the thread's id (Linux TID).
 *
 * The handle is waitable (WaitForSingleObject/WaitForMultipleObjects are
 * satisfied when the thread returns) and stays valid for
 * GetExitCodeThread() until CloseHandle().  The thread is detached.
 *
 * Return: the handle, or NULL with ERROR_NOT_ENOUGH_MEMORY,
 * ERROR_NOT_SUPPORTED or ERROR_INVALID_PARAMETER.
 */
WINBASEAPI HANDLE WINAPI CreateThread(LPSECURITY_ATTRIBUTES lpThreadAttributes,
				      SIZE_T dwStackSize,
				      LPTHREAD_START_ROUTINE lpStartAddress,
				      LPVOID lpParameter, DWORD dwCreationFlags,
				      LPDWORD lpThreadId)
	WINUSB_W32_NAME(CreateThread);
/**
 * GetExitCodeThread() - STILL_ACTIVE while the thread runs, then its
 * return value.  Return: TRUE, or FALSE with ERROR_INVALID_HANDLE.
 */
WINBASEAPI BOOL WINAPI GetExitCodeThread(HANDLE hThread, LPDWORD lpExitCode)
	WINUSB_W32_NAME(GetExitCodeThread);
/** GetCurrentThreadId() - the calling thread's id (Linux TID). */
WINBASEAPI DWORD WINAPI GetCurrentThreadId(void)
	WINUSB_W32_NAME(GetCurrentThreadId);
/** GetCurrentProcessId() - getpid(). */
WINBASEAPI DWORD WINAPI GetCurrentProcessId(void)
	WINUSB_W32_NAME(GetCurrentProcessId);
/** SwitchToThread() - yield the processor; TRUE if another thread ran. */
WINBASEAPI BOOL WINAPI SwitchToThread(void) WINUSB_W32_NAME(SwitchToThread);

/**
 * GetOverlappedResultEx() - GetOverlappedResult() waiting at most
 * @dwMilliseconds (0: do not wait, INFINITE: as bWait TRUE).
 * @hFile: the device handle the request was issued through.
 * @lpOverlapped: the request.
 * @lpNumberOfBytesTransferred: out: bytes transferred.
 * @dwMilliseconds: time-out.
 * @bAlertable: ignored (there are no APCs).
 *
 * Return: TRUE if the request succeeded; FALSE with ERROR_IO_INCOMPLETE
 * (still pending, @dwMilliseconds 0), WAIT_TIMEOUT (258, still pending
 * after the time-out), or the request's error.
 */
WINBASEAPI BOOL WINAPI GetOverlappedResultEx(HANDLE hFile,
					     LPOVERLAPPED lpOverlapped,
					     LPDWORD lpNumberOfBytesTransferred,
					     DWORD dwMilliseconds,
					     BOOL bAlertable)
	WINUSB_W32_NAME(GetOverlappedResultEx);

/**
 * CreateFileW() - CreateFileA() with a UTF-16 path.
 */
WINBASEAPI HANDLE WINAPI CreateFileW(LPCWSTR lpFileName, DWORD dwDesiredAccess,
				     DWORD dwShareMode,
				     LPSECURITY_ATTRIBUTES lpSecurityAttributes,
				     DWORD dwCreationDisposition,
				     DWORD dwFlagsAndAttributes,
				     HANDLE hTemplateFile)
	WINUSB_W32_NAME(CreateFileW);

/** OutputDebugStringA()/W() - write the string to standard error. */
WINBASEAPI void WINAPI OutputDebugStringA(LPCSTR lpOutputString)
	WINUSB_W32_NAME(OutputDebugStringA);
WINBASEAPI void WINAPI OutputDebugStringW(LPCWSTR lpOutputString)
	WINUSB_W32_NAME(OutputDebugStringW);

/* ------------------------------------------------------------------------ */
/* UTF-16 strings (lstr*W) and conversion                                   */
/* ------------------------------------------------------------------------ */

/** lstrlenW() - length of a UTF-16 string in WCHARs (0 for NULL). */
static inline int lstrlenW(LPCWSTR s)
{
	int n = 0;

	if (!s)
		return 0;
	while (s[n])
		n++;
	return n;
}

static inline int lstrlenA(LPCSTR s)
{
	return s ? (int)strlen(s) : 0;
}

#define CP_ACP 0
#define CP_OEMCP 1
#define CP_UTF8 65001
#define MB_ERR_INVALID_CHARS 0x00000008
#define WC_ERR_INVALID_CHARS 0x00000080

/**
 * MultiByteToWideChar() - UTF-8 to UTF-16 (every code page is UTF-8 on
 * Linux).  @cbMultiByte -1: the string and its NUL.  @cchWideChar 0:
 * return the size needed.
 * Return: WCHARs written (or needed), or 0 with ERROR_INSUFFICIENT_BUFFER,
 * ERROR_INVALID_PARAMETER or ERROR_NO_UNICODE_TRANSLATION.
 */
WINBASEAPI int WINAPI MultiByteToWideChar(UINT CodePage, DWORD dwFlags,
					  LPCSTR lpMultiByteStr,
					  int cbMultiByte,
					  LPWSTR lpWideCharStr,
					  int cchWideChar)
	WINUSB_W32_NAME(MultiByteToWideChar);
/** WideCharToMultiByte() - UTF-16 to UTF-8; the same conventions. */
WINBASEAPI int WINAPI WideCharToMultiByte(UINT CodePage, DWORD dwFlags,
					  LPCWSTR lpWideCharStr,
					  int cchWideChar,
					  LPSTR lpMultiByteStr,
					  int cbMultiByte,
					  LPCSTR lpDefaultChar,
					  LPBOOL lpUsedDefaultChar)
	WINUSB_W32_NAME(WideCharToMultiByte);
#define ERROR_NO_UNICODE_TRANSLATION 1113

/*
 * The UTF-16 printf family behind _tprintf & co. under _UNICODE and the
 * StringCch*PrintfW functions: the format and %s/%c arguments are UTF-16
 * (%hs/%hc narrow, %S the other width, as Microsoft's wide printf); output
 * is UTF-8 (to streams) or UTF-16 (to buffers).  Return as vsnprintf()
 * and vfprintf() (characters, or -1 with errno); @stream is a FILE *.
 */
WINBASEAPI int WINAPI WinUsbLinux_vswprintf16(WCHAR *buf, size_t count,
					     const WCHAR *format,
					     va_list ap);
WINBASEAPI int WINAPI WinUsbLinux_vfwprintf16(void *stream,
					     const WCHAR *format, va_list ap);
/*
 * WinUsbLinux_RunWmain() - call a UTF-16 main (_tmain under _UNICODE)
 * with the command line converted from UTF-8.  <tchar.h> uses it.
 */
WINBASEAPI int WINAPI WinUsbLinux_RunWmain(int argc, char **argv,
					   int (*wmain_fn)(int, WCHAR **));

/* ------------------------------------------------------------------------ */
/* Generic names                                                            */
/* ------------------------------------------------------------------------ */

#ifdef UNICODE
#define CreateFile CreateFileW
#define CreateEvent CreateEventW
#define FormatMessage FormatMessageW
#define OutputDebugString OutputDebugStringW
#define lstrlen lstrlenW
#else
#define CreateFile CreateFileA
#define CreateEvent CreateEventA
#define FormatMessage FormatMessageA
#define OutputDebugString OutputDebugStringA
#define lstrlen lstrlenA
#endif

#endif /* WINUSB_WIN32_MORE_H */
