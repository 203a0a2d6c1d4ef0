// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * headers_test.c - libwinusb's Windows headers against Microsoft's values,
 * layouts and prototypes, at compile time; built as C (headers_test) and
 * as C++ (headers_cxx_test).  Every header is included under the spelling
 * Windows programs use.  Prints KTAP.
 */
#include <Windows.h>
#include <tchar.h>
#include <strsafe.h>
#include <SetupAPI.h>
#include <cfgmgr32.h>
#include <initguid.h>
#include <usbiodef.h>
#include <winusb.h>
#include <Usb100.h>
#include <usb200.h>
#include <usb.h>
#include <usbspec.h>
#include <winusbio.h>
#include <SDKDDKVer.h>
#include <wtypesbase.h>
#include <winioctl.h>
#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
#define SA(c, m) static_assert(c, m)
#define LANG "C++"
#else
#define SA(c, m) _Static_assert(c, m)
#define LANG "C"
#endif

/* Every value (mod 2^32) as Windows' headers have it. */
#define V(name, value) SA((uint32_t)(name) == (uint32_t)(value), #name);
#include "headers_values.h"
#undef V
/* Newer SDKs than mingw-w64 10 know these. */
SA(SPDRP_BASE_CONTAINERID == 0x24, "SPDRP_BASE_CONTAINERID");
SA(ERROR_NO_SUCH_DEVICE == 433, "ERROR_NO_SUCH_DEVICE");

/* Microsoft's layouts on x86-64. */
#define SZ(t, n) SA(sizeof(t) == (n), "sizeof " #t);
#define OFF(t, f, n) SA(offsetof(t, f) == (n), "offsetof " #t "." #f);
SZ(GUID, 16)
SZ(SP_DEVINFO_DATA, 32)
OFF(SP_DEVINFO_DATA, ClassGuid, 4)
OFF(SP_DEVINFO_DATA, DevInst, 20)
OFF(SP_DEVINFO_DATA, Reserved, 24)
SZ(SP_DEVICE_INTERFACE_DATA, 32)
OFF(SP_DEVICE_INTERFACE_DATA, InterfaceClassGuid, 4)
OFF(SP_DEVICE_INTERFACE_DATA, Flags, 20)
OFF(SP_DEVICE_INTERFACE_DATA, Reserved, 24)
SZ(SP_DEVICE_INTERFACE_DETAIL_DATA_A, 8)
SZ(SP_DEVICE_INTERFACE_DETAIL_DATA_W, 8)
OFF(SP_DEVICE_INTERFACE_DETAIL_DATA_A, DevicePath, 4)
OFF(SP_DEVICE_INTERFACE_DETAIL_DATA_W, DevicePath, 4)
SZ(CRITICAL_SECTION, 40)
SZ(BM_REQUEST_TYPE, 1)
SZ(USB_DEFAULT_PIPE_SETUP_PACKET, 8)
OFF(USB_DEFAULT_PIPE_SETUP_PACKET, bRequest, 1)
OFF(USB_DEFAULT_PIPE_SETUP_PACKET, wValue, 2)
OFF(USB_DEFAULT_PIPE_SETUP_PACKET, wIndex, 4)
OFF(USB_DEFAULT_PIPE_SETUP_PACKET, wLength, 6)
SZ(USB_DEVICE_STATUS, 2)
SZ(USB_INTERFACE_STATUS, 2)
SZ(USB_ENDPOINT_STATUS, 2)
SZ(USB_HIGH_SPEED_MAXPACKET, 2)
SZ(USB_BOS_DESCRIPTOR, 5)
SZ(USB_DEVICE_CAPABILITY_DESCRIPTOR, 3)
SZ(USB_DEVICE_CAPABILITY_USB20_EXTENSION_DESCRIPTOR, 7)
SZ(USB_DEVICE_CAPABILITY_SUPERSPEED_USB_DESCRIPTOR, 10)
OFF(USB_DEVICE_CAPABILITY_SUPERSPEED_USB_DESCRIPTOR, wU2DevExitLat, 8)
SZ(USB_DEVICE_CAPABILITY_SUPERSPEEDPLUS_SPEED, 4)
SZ(USB_DEVICE_CAPABILITY_SUPERSPEEDPLUS_USB_DESCRIPTOR, 16)
OFF(USB_DEVICE_CAPABILITY_SUPERSPEEDPLUS_USB_DESCRIPTOR, bmSublinkSpeedAttr, 12)
SZ(USB_DEVICE_CAPABILITY_CONTAINER_ID_DESCRIPTOR, 20)
SZ(USB_DEVICE_CAPABILITY_PLATFORM_DESCRIPTOR, 21)
OFF(USB_DEVICE_CAPABILITY_PLATFORM_DESCRIPTOR, PlatformCapabilityUuid, 4)
OFF(USB_DEVICE_CAPABILITY_PLATFORM_DESCRIPTOR, CapabililityData, 20)
SZ(USB_DEVICE_CAPABILITY_POWER_DELIVERY_DESCRIPTOR, 18)
SZ(USB_DEVICE_CAPABILITY_PD_CONSUMER_PORT_DESCRIPTOR, 24)
SZ(USB_DEVICE_CAPABILITY_BILLBOARD_DESCRIPTOR, 48)
SZ(USB_SUPERSPEEDPLUS_ISOCH_ENDPOINT_COMPANION_DESCRIPTOR, 8)
SZ(USB_SUPERSPEED_ENDPOINT_COMPANION_DESCRIPTOR, 6)
SZ(USB_STRING_DESCRIPTOR, 4)
SZ(USB_DEVICE_DESCRIPTOR, 18)
SZ(USB_CONFIGURATION_DESCRIPTOR, 9)
SZ(USB_INTERFACE_DESCRIPTOR, 9)
SZ(USB_ENDPOINT_DESCRIPTOR, 7)
SZ(USB_INTERFACE_ASSOCIATION_DESCRIPTOR, 8)
SZ(USB_DEVICE_QUALIFIER_DESCRIPTOR, 10)
SZ(WINUSB_SETUP_PACKET, 8)
SZ(WINUSB_PIPE_INFORMATION, 12)
SZ(WINUSB_PIPE_INFORMATION_EX, 16)
SZ(USBD_ISO_PACKET_DESCRIPTOR, 12)
SZ(OVERLAPPED, 32)
SZ(SECURITY_ATTRIBUTES, 24)
SZ(LARGE_INTEGER, 8)
/* Windows integer widths (LLP64). */
SZ(INT8, 1) SZ(UINT16, 2) SZ(INT32, 4) SZ(UINT64, 8) SZ(LONG64, 8)
SZ(ULONG64, 8) SZ(DWORD64, 8) SZ(LONG32, 4) SZ(ULONG32, 4) SZ(DWORD32, 4)
SZ(ULONG_PTR, 8) SZ(DWORD_PTR, 8) SZ(LONG_PTR, 8) SZ(SIZE_T, 8) SZ(SSIZE_T, 8)
SZ(HMODULE, 8) SZ(HRESULT, 4) SZ(WCHAR, 2) SZ(LANGID, 2) SZ(LCID, 4)
SZ(CONFIGRET, 4) SZ(DEVINST, 4) SZ(BOOL, 4) SZ(BOOLEAN, 1) SZ(LPARAM, 8)

/* Prototypes: each function as Microsoft declares it. */
#define PROTO(fn, ret, args) \
	static ret (WINAPI *const p_##fn) args __attribute__((unused)) = fn;
PROTO(SetupDiGetClassDevsA, HDEVINFO, (const GUID *, PCSTR, HWND, DWORD))
PROTO(SetupDiGetClassDevsW, HDEVINFO, (const GUID *, PCWSTR, HWND, DWORD))
PROTO(SetupDiEnumDeviceInterfaces, BOOL, (HDEVINFO, PSP_DEVINFO_DATA,
	const GUID *, DWORD, PSP_DEVICE_INTERFACE_DATA))
PROTO(SetupDiGetDeviceInterfaceDetailA, BOOL, (HDEVINFO,
	PSP_DEVICE_INTERFACE_DATA, PSP_DEVICE_INTERFACE_DETAIL_DATA_A, DWORD,
	PDWORD, PSP_DEVINFO_DATA))
PROTO(SetupDiGetDeviceInterfaceDetailW, BOOL, (HDEVINFO,
	PSP_DEVICE_INTERFACE_DATA, PSP_DEVICE_INTERFACE_DETAIL_DATA_W, DWORD,
	PDWORD, PSP_DEVINFO_DATA))
PROTO(SetupDiEnumDeviceInfo, BOOL, (HDEVINFO, DWORD, PSP_DEVINFO_DATA))
PROTO(SetupDiGetDeviceRegistryPropertyA, BOOL, (HDEVINFO, PSP_DEVINFO_DATA,
	DWORD, PDWORD, PBYTE, DWORD, PDWORD))
PROTO(SetupDiGetDeviceRegistryPropertyW, BOOL, (HDEVINFO, PSP_DEVINFO_DATA,
	DWORD, PDWORD, PBYTE, DWORD, PDWORD))
PROTO(SetupDiGetDeviceInstanceIdA, BOOL, (HDEVINFO, PSP_DEVINFO_DATA, PSTR,
	DWORD, PDWORD))
PROTO(SetupDiDestroyDeviceInfoList, BOOL, (HDEVINFO))
PROTO(CM_Get_Device_Interface_List_SizeA, CONFIGRET, (PULONG, LPGUID,
	DEVINSTID_A, ULONG))
PROTO(CM_Get_Device_Interface_ListW, CONFIGRET, (LPGUID, DEVINSTID_W, PWCHAR,
	ULONG, ULONG))
PROTO(CM_MapCrToWin32Err, DWORD, (CONFIGRET, DWORD))
PROTO(FormatMessageA, DWORD, (DWORD, LPCVOID, DWORD, DWORD, LPSTR, DWORD,
	va_list *))
PROTO(FormatMessageW, DWORD, (DWORD, LPCVOID, DWORD, DWORD, LPWSTR, DWORD,
	va_list *))
PROTO(LocalAlloc, HLOCAL, (UINT, SIZE_T))
PROTO(LocalFree, HLOCAL, (HLOCAL))
PROTO(HeapAlloc, LPVOID, (HANDLE, DWORD, SIZE_T))
PROTO(HeapFree, BOOL, (HANDLE, DWORD, LPVOID))
PROTO(GetProcessHeap, HANDLE, (void))
PROTO(InitializeCriticalSection, void, (LPCRITICAL_SECTION))
PROTO(EnterCriticalSection, void, (LPCRITICAL_SECTION))
PROTO(LeaveCriticalSection, void, (LPCRITICAL_SECTION))
PROTO(DeleteCriticalSection, void, (LPCRITICAL_SECTION))
PROTO(CreateThread, HANDLE, (LPSECURITY_ATTRIBUTES, SIZE_T,
	LPTHREAD_START_ROUTINE, LPVOID, DWORD, LPDWORD))
PROTO(WaitForMultipleObjects, DWORD, (DWORD, const HANDLE *, BOOL, DWORD))
PROTO(GetOverlappedResultEx, BOOL, (HANDLE, LPOVERLAPPED, LPDWORD, DWORD,
	BOOL))
PROTO(CancelIoEx, BOOL, (HANDLE, LPOVERLAPPED))
PROTO(Sleep, void, (DWORD))
PROTO(GetTickCount64, ULONGLONG, (void))
PROTO(QueryPerformanceCounter, BOOL, (LARGE_INTEGER *))
PROTO(CreateFileA, HANDLE, (LPCSTR, DWORD, DWORD, LPSECURITY_ATTRIBUTES,
	DWORD, DWORD, HANDLE))
PROTO(CreateFileW, HANDLE, (LPCWSTR, DWORD, DWORD, LPSECURITY_ATTRIBUTES,
	DWORD, DWORD, HANDLE))
PROTO(WinUsb_Initialize, BOOL, (HANDLE, PWINUSB_INTERFACE_HANDLE))
PROTO(WinUsb_QueryPipe, BOOL, (WINUSB_INTERFACE_HANDLE, UCHAR, UCHAR,
	PWINUSB_PIPE_INFORMATION))

/* Generic names follow UNICODE. */
SA(sizeof(TCHAR) == 1, "ANSI TCHAR");
SA(sizeof(_T("ab")) == 3, "ANSI _T");

static int failures;

static void check(int ok, const char *what)
{
	static int n;

	printf("%s %d %s (%s)\n", ok ? "ok" : "not ok", ++n, what, LANG);
	failures += !ok;
}

int main(void)
{
	USB_DEFAULT_PIPE_SETUP_PACKET sp;
	BM_REQUEST_TYPE rt;
	USB_HIGH_SPEED_MAXPACKET mp;

	printf("TAP version 13\n1..6\n");
	/* Bit-field layouts: Microsoft's, low bit first. */
	rt.B = 0xC1;
	check(rt.s.Recipient == BMREQUEST_TO_INTERFACE &&
	      rt.s.Type == BMREQUEST_VENDOR &&
	      rt.s.Dir == BMREQUEST_DEVICE_TO_HOST, "BM_REQUEST_TYPE bits");
	memset(&sp, 0, sizeof(sp));
	sp.wValue.W = 0x0302;
	sp.wIndex.W = 0x0409;
	check(sp.wValue.LowByte == 2 && sp.wValue.HiByte == 3 &&
	      sp.wIndex.LowByte == 9, "USB_DEFAULT_PIPE_SETUP_PACKET halves");
	mp.us = 0x1400 | 1024;
	check(mp.MaxPacket == 1024 && mp.HSmux == 2,
	      "USB_HIGH_SPEED_MAXPACKET fields");
	/* The GUIDs: defined here by <initguid.h>, the same as libwinusb's. */
	check(GUID_DEVINTERFACE_USB_DEVICE.Data1 == 0xA5DCBF10 &&
	      GUID_DEVINTERFACE_USB_DEVICE.Data4[7] == 0xED &&
	      GUID_USB_MSOS20_PLATFORM_CAPABILITY_ID.Data1 == 0xD8DD60DF,
	      "usbiodef.h and usbspec.h GUIDs");
	check(p_CM_MapCrToWin32Err(CR_BUFFER_SMALL, 0) ==
	      ERROR_INSUFFICIENT_BUFFER, "prototypes, called through them");
	check(HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND) == (HRESULT)0x80070002 &&
	      FAILED(E_POINTER) && SUCCEEDED(S_FALSE), "HRESULT macros");
	printf("# Totals: pass:%d fail:%d xfail:0 xpass:0 skip:0 error:0\n",
	       6 - failures, failures);
	return failures ? 1 : 0;
}
