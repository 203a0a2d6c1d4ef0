// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * layout_cxx_test.cc - the public headers compile as C++ (extern "C",
 * no C-only constructs) with the same layout as in C.  Prints KTAP.
 */
#include <cstddef>
#include <cstdio>
#include <type_traits>

#include <windows.h>
#include <initguid.h>
#include <winusb.h>
#include <winusbio.h>
#include <usb100.h>
#include <usb200.h>

static_assert(sizeof(OVERLAPPED) == 32, "OVERLAPPED");
static_assert(offsetof(OVERLAPPED, hEvent) == 24, "hEvent");
static_assert(sizeof(WINUSB_PIPE_INFORMATION) == 12, "pipe info");
static_assert(sizeof(WINUSB_PIPE_INFORMATION_EX) == 16, "pipe info ex");
static_assert(sizeof(WINUSB_SETUP_PACKET) == 8, "setup");
static_assert(sizeof(USB_DEVICE_DESCRIPTOR) == 18, "device");
static_assert(sizeof(USB_CONFIGURATION_DESCRIPTOR) == 9, "config");
static_assert(sizeof(USBD_ISO_PACKET_DESCRIPTOR) == 12, "isoch");
static_assert(sizeof(USB_FRAME_NUMBER_AND_QPC_FOR_TIME_SYNC_INFORMATION) == 60,
	      "qpc");

/* The prototypes are seen with their Microsoft signatures. */
typedef BOOL (WINAPI *read_pipe_fn)(WINUSB_INTERFACE_HANDLE, UCHAR, PUCHAR,
				    ULONG, PULONG, LPOVERLAPPED);
static_assert(std::is_same<decltype(&WinUsb_ReadPipe), read_pipe_fn>::value,
	      "WinUsb_ReadPipe");

/* C++: IsEqualGUID takes references, as in guiddef.h. */
static bool guid_refs_work()
{
	GUID a = WinUSB_TestGuid, b = {};

	return IsEqualGUID(a, WinUSB_TestGuid) && !IsEqualGUID(a, b);
}

int main()
{
	if (!guid_refs_work()) {
		std::printf("TAP version 13\n1..1\nnot ok 1 IsEqualGUID\n");
		std::printf("# Totals: pass:0 fail:1 xfail:0 xpass:0 skip:0 error:0\n");
		return 1;
	}
	std::printf("TAP version 13\n1..1\n");
	std::printf("ok 1 headers compile as C++ with Microsoft's layout\n");
	std::printf("# Totals: pass:1 fail:0 xfail:0 xpass:0 skip:0 error:0\n");
	return 0;
}
