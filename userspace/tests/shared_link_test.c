// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * shared_link_test.c - a program built the way users build theirs: only the
 * public headers (<windows.h>, <winusb.h>) and -lwinusb (the shared
 * library, libwinusb.so.0).  Written as a Windows program would be.
 */
#include <windows.h>
#include <winusb.h>

#include "kselftest_harness.h"

TEST(windows_program_shape)
{
	HANDLE hDevice, hEvent;
	OVERLAPPED ov;
	WINUSB_INTERFACE_HANDLE hWinUsb = NULL;

	hDevice = CreateFile("/dev/winusb/0-0:0.0-not-there",
			     GENERIC_READ | GENERIC_WRITE,
			     FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
			     OPEN_EXISTING,
			     FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OVERLAPPED, NULL);
	EXPECT_EQ(INVALID_HANDLE_VALUE, hDevice);
	EXPECT_EQ((DWORD)ERROR_FILE_NOT_FOUND, GetLastError());
	EXPECT_FALSE(WinUsb_Initialize(hDevice, &hWinUsb));
	EXPECT_EQ((DWORD)ERROR_INVALID_HANDLE, GetLastError());

	ZeroMemory(&ov, sizeof(ov));
	hEvent = CreateEvent(NULL, TRUE, FALSE, NULL);
	ASSERT_NE(NULL, hEvent);
	ov.hEvent = hEvent;
	SetEvent(ov.hEvent);
	EXPECT_EQ(WAIT_OBJECT_0, WaitForSingleObject(ov.hEvent, INFINITE));
	EXPECT_TRUE(CloseHandle(hEvent));
}

TEST(parse_through_the_shared_library)
{
	static UCHAR cfg[] = {
		9, 2, 25, 0, 1, 1, 0, 0x80, 50,
		9, 4, 0, 0, 1, 0xff, 0, 0, 0,
		7, 5, 0x81, 2, 0x00, 0x02, 0,
	};
	PUSB_INTERFACE_DESCRIPTOR id;
	PUSB_COMMON_DESCRIPTOR ep;

	id = WinUsb_ParseConfigurationDescriptor(
		(PUSB_CONFIGURATION_DESCRIPTOR)cfg, cfg, -1, -1, 0xff, -1, -1);
	ASSERT_NE(NULL, id);
	ep = WinUsb_ParseDescriptors(cfg, sizeof(cfg), id,
				     USB_ENDPOINT_DESCRIPTOR_TYPE);
	ASSERT_NE(NULL, ep);
	EXPECT_EQ(0x81, ((PUSB_ENDPOINT_DESCRIPTOR)ep)->bEndpointAddress);
}

TEST_HARNESS_MAIN
