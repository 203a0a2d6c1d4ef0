// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * layout_test.c - Microsoft's sizes, offsets and values in winusb.h and
 * winusb_win32.h on LP64 Linux.  Checked at compile time (_Static_assert)
 * and again at run time so each group shows up in the KTAP report.
 */
#include <stddef.h>

#include "wu_test.h"
#include <initguid.h>

#define SA(cond) _Static_assert(cond, #cond)

/* Windows LLP64 widths. */
SA(sizeof(UCHAR) == 1 && sizeof(BOOLEAN) == 1 && sizeof(BYTE) == 1);
SA(sizeof(USHORT) == 2 && sizeof(WORD) == 2 && sizeof(WCHAR) == 2);
SA(sizeof(ULONG) == 4 && sizeof(LONG) == 4 && sizeof(DWORD) == 4);
SA(sizeof(BOOL) == 4 && sizeof(UINT) == 4 && sizeof(INT) == 4);
SA(sizeof(ULONGLONG) == 8 && sizeof(LONGLONG) == 8);
SA(sizeof(HANDLE) == sizeof(void *) && sizeof(ULONG_PTR) == sizeof(void *));
/* Pointer typedefs point at their base type (PHANDLE is HANDLE *). */
SA(__builtin_types_compatible_p(PHANDLE, HANDLE *));
SA(__builtin_types_compatible_p(LPHANDLE, HANDLE *));
SA(__builtin_types_compatible_p(PWINUSB_INTERFACE_HANDLE,
				WINUSB_INTERFACE_HANDLE *));
SA(__builtin_types_compatible_p(LPOVERLAPPED, OVERLAPPED *));
SA(__builtin_types_compatible_p(PULONG, ULONG *));
SA(sizeof(LARGE_INTEGER) == 8 && sizeof(ULARGE_INTEGER) == 8);
SA(offsetof(LARGE_INTEGER, HighPart) == 4);
SA(offsetof(LARGE_INTEGER, u.HighPart) == 4);
SA(sizeof(GUID) == 16 && offsetof(GUID, Data4) == 8);
SA((LONG)-1 < 0 && (ULONG)-1 == 0xffffffffu);

/* OVERLAPPED, x64 layout. */
SA(sizeof(OVERLAPPED) == 32);
SA(offsetof(OVERLAPPED, Internal) == 0);
SA(offsetof(OVERLAPPED, InternalHigh) == 8);
SA(offsetof(OVERLAPPED, Offset) == 16);
SA(offsetof(OVERLAPPED, OffsetHigh) == 20);
SA(offsetof(OVERLAPPED, Pointer) == 16);
SA(offsetof(OVERLAPPED, hEvent) == 24);
SA(sizeof(SECURITY_ATTRIBUTES) == 24);

/* USB descriptors: packed. */
SA(sizeof(USB_COMMON_DESCRIPTOR) == 2);
SA(sizeof(USB_DEVICE_DESCRIPTOR) == 18);
SA(offsetof(USB_DEVICE_DESCRIPTOR, bcdUSB) == 2);
SA(offsetof(USB_DEVICE_DESCRIPTOR, idVendor) == 8);
SA(offsetof(USB_DEVICE_DESCRIPTOR, idProduct) == 10);
SA(offsetof(USB_DEVICE_DESCRIPTOR, bcdDevice) == 12);
SA(offsetof(USB_DEVICE_DESCRIPTOR, bNumConfigurations) == 17);
SA(sizeof(USB_CONFIGURATION_DESCRIPTOR) == 9);
SA(offsetof(USB_CONFIGURATION_DESCRIPTOR, wTotalLength) == 2);
SA(offsetof(USB_CONFIGURATION_DESCRIPTOR, MaxPower) == 8);
SA(sizeof(USB_INTERFACE_DESCRIPTOR) == 9);
SA(offsetof(USB_INTERFACE_DESCRIPTOR, bInterfaceNumber) == 2);
SA(offsetof(USB_INTERFACE_DESCRIPTOR, iInterface) == 8);
SA(sizeof(USB_ENDPOINT_DESCRIPTOR) == 7);
SA(offsetof(USB_ENDPOINT_DESCRIPTOR, wMaxPacketSize) == 4);
SA(offsetof(USB_ENDPOINT_DESCRIPTOR, bInterval) == 6);
SA(sizeof(USB_STRING_DESCRIPTOR) == 4);
SA(offsetof(USB_STRING_DESCRIPTOR, bString) == 2);
SA(sizeof(USB_INTERFACE_ASSOCIATION_DESCRIPTOR) == 8);
SA(sizeof(USB_DEVICE_QUALIFIER_DESCRIPTOR) == 10);
SA(sizeof(USB_SUPERSPEED_ENDPOINT_COMPANION_DESCRIPTOR) == 6);
SA(offsetof(USB_SUPERSPEED_ENDPOINT_COMPANION_DESCRIPTOR, wBytesPerInterval) == 4);
SA(sizeof(BM_REQUEST_TYPE) == 1);

/* WinUSB structures. */
SA(sizeof(WINUSB_SETUP_PACKET) == 8);
SA(offsetof(WINUSB_SETUP_PACKET, Value) == 2);
SA(offsetof(WINUSB_SETUP_PACKET, Index) == 4);
SA(offsetof(WINUSB_SETUP_PACKET, Length) == 6);
SA(sizeof(USBD_PIPE_TYPE) == 4);
SA(sizeof(WINUSB_PIPE_INFORMATION) == 12);
SA(offsetof(WINUSB_PIPE_INFORMATION, PipeType) == 0);
SA(offsetof(WINUSB_PIPE_INFORMATION, PipeId) == 4);
SA(offsetof(WINUSB_PIPE_INFORMATION, MaximumPacketSize) == 6);
SA(offsetof(WINUSB_PIPE_INFORMATION, Interval) == 8);
SA(sizeof(WINUSB_PIPE_INFORMATION_EX) == 16);
SA(offsetof(WINUSB_PIPE_INFORMATION_EX, MaximumBytesPerInterval) == 12);
SA(sizeof(USBD_ISO_PACKET_DESCRIPTOR) == 12);
SA(offsetof(USBD_ISO_PACKET_DESCRIPTOR, Status) == 8);
SA(sizeof(USB_START_TRACKING_FOR_TIME_SYNC_INFORMATION) == 9);
SA(sizeof(USB_STOP_TRACKING_FOR_TIME_SYNC_INFORMATION) == 8);
SA(sizeof(USB_FRAME_NUMBER_AND_QPC_FOR_TIME_SYNC_INFORMATION) == 60);
SA(offsetof(USB_FRAME_NUMBER_AND_QPC_FOR_TIME_SYNC_INFORMATION,
	    QueryPerformanceCounterAtInputFrameOrMicroFrame) == 16);
SA(offsetof(USB_FRAME_NUMBER_AND_QPC_FOR_TIME_SYNC_INFORMATION,
	    CurrentQueryPerformanceCounter) == 40);
SA(offsetof(USB_FRAME_NUMBER_AND_QPC_FOR_TIME_SYNC_INFORMATION,
	    CurrentUSBFrameNumber) == 56);
SA(sizeof(WINUSB_INTERFACE_HANDLE) == sizeof(void *));
SA(sizeof(WINUSB_ISOCH_BUFFER_HANDLE) == sizeof(void *));

TEST(windows_types)
{
	LARGE_INTEGER li;

	li.QuadPart = 0x1122334455667788LL;
	EXPECT_EQ(0x55667788u, li.LowPart);
	EXPECT_EQ(0x11223344, li.HighPart);
	EXPECT_EQ(0x11223344, li.u.HighPart);
	EXPECT_EQ((uintptr_t)-1, (uintptr_t)INVALID_HANDLE_VALUE);
	EXPECT_EQ(8, (int)sizeof(LARGE_INTEGER));
	EXPECT_EQ(1, TRUE);
	EXPECT_EQ(0, FALSE);
}

TEST(overlapped_layout)
{
	EXPECT_EQ(32, (int)sizeof(OVERLAPPED));
	EXPECT_EQ(24, (int)offsetof(OVERLAPPED, hEvent));
	EXPECT_EQ(0x103u, STATUS_PENDING);
}

TEST(descriptor_layout)
{
	static const UCHAR raw[18] = {
		18, 1, 0x00, 0x02, 0xff, 0, 0, 64,
		0x34, 0x12, 0x78, 0x56, 0x01, 0x01, 1, 2, 3, 1,
	};
	const USB_DEVICE_DESCRIPTOR *d = (const void *)raw;

	EXPECT_EQ(0x0200, d->bcdUSB);
	EXPECT_EQ(0x1234, d->idVendor);
	EXPECT_EQ(0x5678, d->idProduct);
	EXPECT_EQ(0x0101, d->bcdDevice);
	EXPECT_EQ(1, d->bNumConfigurations);
	EXPECT_EQ(7, (int)sizeof(USB_ENDPOINT_DESCRIPTOR));
}

TEST(setup_packet_layout)
{
	WINUSB_SETUP_PACKET sp = {
		.RequestType = 0xc1, .Request = 0x02, .Value = 0x0304,
		.Index = 0x0506, .Length = 0x0708,
	};
	static const UCHAR wire[8] = { 0xc1, 0x02, 0x04, 0x03,
				       0x06, 0x05, 0x08, 0x07 };
	BM_REQUEST_TYPE bm;

	EXPECT_EQ(0, memcmp(&sp, wire, 8));
	bm.B = 0xc1;
	EXPECT_EQ(BMREQUEST_TO_INTERFACE, (int)bm.s.Recipient);
	EXPECT_EQ(BMREQUEST_VENDOR, (int)bm.s.Type);
	EXPECT_EQ(BMREQUEST_DEVICE_TO_HOST, (int)bm.s.Dir);
}

TEST(pipe_information_layout)
{
	WINUSB_PIPE_INFORMATION_EX pi;

	EXPECT_EQ(12, (int)sizeof(WINUSB_PIPE_INFORMATION));
	EXPECT_EQ(16, (int)sizeof(pi));
	EXPECT_EQ(4, (int)offsetof(WINUSB_PIPE_INFORMATION_EX, PipeId));
	EXPECT_EQ(12, (int)offsetof(WINUSB_PIPE_INFORMATION_EX,
				    MaximumBytesPerInterval));
	EXPECT_EQ(0, UsbdPipeTypeControl);
	EXPECT_EQ(1, UsbdPipeTypeIsochronous);
	EXPECT_EQ(2, UsbdPipeTypeBulk);
	EXPECT_EQ(3, UsbdPipeTypeInterrupt);
}

TEST(time_sync_layout)
{
	EXPECT_EQ(9, (int)sizeof(USB_START_TRACKING_FOR_TIME_SYNC_INFORMATION));
	EXPECT_EQ(8, (int)sizeof(USB_STOP_TRACKING_FOR_TIME_SYNC_INFORMATION));
	EXPECT_EQ(60, (int)sizeof(USB_FRAME_NUMBER_AND_QPC_FOR_TIME_SYNC_INFORMATION));
	EXPECT_EQ(12, (int)sizeof(USBD_ISO_PACKET_DESCRIPTOR));
}

TEST(policy_values)
{
	EXPECT_EQ(0x01, SHORT_PACKET_TERMINATE);
	EXPECT_EQ(0x02, AUTO_CLEAR_STALL);
	EXPECT_EQ(0x03, PIPE_TRANSFER_TIMEOUT);
	EXPECT_EQ(0x04, IGNORE_SHORT_PACKETS);
	EXPECT_EQ(0x05, ALLOW_PARTIAL_READS);
	EXPECT_EQ(0x06, AUTO_FLUSH);
	EXPECT_EQ(0x07, RAW_IO);
	EXPECT_EQ(0x08, MAXIMUM_TRANSFER_SIZE);
	EXPECT_EQ(0x09, RESET_PIPE_ON_RESUME);
	EXPECT_EQ(0x81, AUTO_SUSPEND);
	EXPECT_EQ(0x83, SUSPEND_DELAY);
	EXPECT_EQ(1u, DEVICE_SPEED);
	EXPECT_EQ(1, LowSpeed);
	EXPECT_EQ(2, FullSpeed);
	EXPECT_EQ(3, HighSpeed);
}

TEST(usb_constants)
{
	EXPECT_EQ(0x0B, USB_INTERFACE_ASSOCIATION_DESCRIPTOR_TYPE);
	EXPECT_EQ(0x0602, USB_DESCRIPTOR_MAKE_TYPE_AND_INDEX(6, 2));
	EXPECT_TRUE(USB_ENDPOINT_DIRECTION_IN(0x81));
	EXPECT_TRUE(USB_ENDPOINT_DIRECTION_OUT(0x02));
	EXPECT_FALSE(USB_ENDPOINT_DIRECTION_OUT(0x81));
	EXPECT_TRUE(USBD_ERROR(USBD_STATUS_STALL_PID));
	EXPECT_TRUE(USBD_SUCCESS(USBD_STATUS_SUCCESS));
	EXPECT_TRUE(USBD_PENDING(USBD_STATUS_PENDING));
	EXPECT_EQ((ULONG)0xC0000004u, (ULONG)USBD_STATUS_STALL_PID);
	EXPECT_EQ((ULONG)0xC0050000u, (ULONG)USBD_STATUS_ISO_NOT_ACCESSED_LATE);
	EXPECT_EQ(1024, USBD_ISO_START_FRAME_RANGE);
}

TEST(error_and_wait_values)
{
	EXPECT_EQ(2, ERROR_FILE_NOT_FOUND);
	EXPECT_EQ(6, ERROR_INVALID_HANDLE);
	EXPECT_EQ(8, ERROR_NOT_ENOUGH_MEMORY);
	EXPECT_EQ(22, ERROR_BAD_COMMAND);
	EXPECT_EQ(31, ERROR_GEN_FAILURE);
	EXPECT_EQ(50, ERROR_NOT_SUPPORTED);
	EXPECT_EQ(87, ERROR_INVALID_PARAMETER);
	EXPECT_EQ(121, ERROR_SEM_TIMEOUT);
	EXPECT_EQ(122, ERROR_INSUFFICIENT_BUFFER);
	EXPECT_EQ(183, ERROR_ALREADY_EXISTS);
	EXPECT_EQ(259, ERROR_NO_MORE_ITEMS);
	EXPECT_EQ(433, ERROR_NO_SUCH_DEVICE);
	EXPECT_EQ(995, ERROR_OPERATION_ABORTED);
	EXPECT_EQ(996, ERROR_IO_INCOMPLETE);
	EXPECT_EQ(997, ERROR_IO_PENDING);
	EXPECT_EQ(1167, ERROR_DEVICE_NOT_CONNECTED);
	EXPECT_EQ(1200, ERROR_BAD_DEVICE);
	EXPECT_EQ(0u, WAIT_OBJECT_0);
	EXPECT_EQ(0x102u, WAIT_TIMEOUT);
	EXPECT_EQ(0xffffffffu, WAIT_FAILED);
	EXPECT_EQ(0xffffffffu, INFINITE);
	EXPECT_EQ(64, MAXIMUM_WAIT_OBJECTS);
	EXPECT_EQ(0x40000000u, FILE_FLAG_OVERLAPPED);
	EXPECT_EQ(0x80000000u, GENERIC_READ);
	EXPECT_EQ(3, OPEN_EXISTING);
}

static const GUID GUID_NULL_FOR_TEST;

/* Defined here: <initguid.h> is included above. */
DEFINE_GUID(g, 0xda812bff, 0x12c3, 0x46a2, 0x8e, 0x2b, 0xdb, 0xd3,
	    0xb7, 0x83, 0x4c, 0x43);

TEST(guid_helpers)
{

	/* C: by pointer, as in guiddef.h. */
	EXPECT_TRUE(IsEqualGUID(&g, &WinUSB_TestGuid));
	EXPECT_FALSE(IsEqualGUID(&g, &GUID_NULL_FOR_TEST));
	EXPECT_EQ(0xda812bffu, WinUSB_TestGuid.Data1);
	EXPECT_EQ(0x43, WinUSB_TestGuid.Data4[7]);
}

TEST(version_macro)
{
	EXPECT_EQ((LIBWINUSB_VERSION_MAJOR << 24) |
			  (LIBWINUSB_VERSION_MINOR << 16) |
			  LIBWINUSB_VERSION_PATCH,
		  LIBWINUSB_API_VERSION);
}

TEST_HARNESS_MAIN
