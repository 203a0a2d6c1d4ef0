// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * handles_test.c - handle values and validation: a wrong handle gives
 * ERROR_INVALID_HANDLE, never a crash, in every function that takes one.
 */
#include "wu_test.h"

/* Values a buggy program might pass, none of them a live handle. */
static HANDLE bogus_handles(int i)
{
	static int on_stack;

	switch (i) {
	case 0: return NULL;
	case 1: return INVALID_HANDLE_VALUE;
	case 2: return (HANDLE)(uintptr_t)3;		/* an fd */
	case 3: return &on_stack;			/* a pointer */
	case 4: return (HANDLE)(uintptr_t)0xdeadbeef0ull;
	case 5: return (HANDLE)(uintptr_t)-2;		/* GetCurrentThread() */
	default: return (HANDLE)(uintptr_t)0x100000010ull; /* slot 0, gen 1 */
	}
}
#define NBOGUS 7

TEST(handle_values_are_never_special)
{
	HANDLE h[256];
	int i, j;

	for (i = 0; i < 256; i++) {
		h[i] = CreateEventA(NULL, TRUE, FALSE, NULL);
		ASSERT_NE(NULL, h[i]);
		EXPECT_NE(INVALID_HANDLE_VALUE, h[i]);
		EXPECT_EQ(0u, (unsigned int)((uintptr_t)h[i] & 0xf));
		EXPECT_GT((uintptr_t)h[i], (uintptr_t)0xffff);
		for (j = 0; j < i; j++)
			ASSERT_NE(h[j], h[i]);
	}
	for (i = 0; i < 256; i++)
		EXPECT_WIN_OK(CloseHandle(h[i]));
}

TEST(stale_handle_after_slot_reuse)
{
	HANDLE a = CreateEventA(NULL, TRUE, TRUE, NULL);
	HANDLE b;

	ASSERT_WIN_OK(CloseHandle(a));
	b = CreateEventA(NULL, TRUE, TRUE, NULL);	/* reuses a's slot */
	EXPECT_NE(a, b);
	EXPECT_WIN_FAIL(SetEvent(a), ERROR_INVALID_HANDLE);
	EXPECT_EQ(WAIT_OBJECT_0, WaitForSingleObject(b, 0));
	CloseHandle(b);
}

TEST(bogus_handles_everywhere)
{
	USB_INTERFACE_DESCRIPTOR id;
	WINUSB_PIPE_INFORMATION pi;
	WINUSB_PIPE_INFORMATION_EX pix;
	WINUSB_SETUP_PACKET sp = { 0 };
	WINUSB_INTERFACE_HANDLE ih;
	WINUSB_ISOCH_BUFFER_HANDLE bh;
	USB_START_TRACKING_FOR_TIME_SYNC_INFORMATION st = { 0 };
	USB_STOP_TRACKING_FOR_TIME_SYNC_INFORMATION sp2 = { 0 };
	USB_FRAME_NUMBER_AND_QPC_FOR_TIME_SYNC_INFORMATION fq = { 0 };
	USBD_ISO_PACKET_DESCRIPTOR isoch[1];
	OVERLAPPED ov = { 0 };
	UCHAR buf[64], v = 0;
	ULONG len = sizeof(buf), frame = 0, n = 0;
	LARGE_INTEGER ts;
	int i;

	for (i = 0; i < NBOGUS; i++) {
		HANDLE h = bogus_handles(i);

		EXPECT_WIN_FAIL(CloseHandle(h), ERROR_INVALID_HANDLE);
		EXPECT_WIN_FAIL(SetEvent(h), ERROR_INVALID_HANDLE);
		EXPECT_WIN_FAIL(CancelIo(h), ERROR_INVALID_HANDLE);
		EXPECT_WIN_FAIL(CancelIoEx(h, NULL), ERROR_INVALID_HANDLE);
		EXPECT_WIN_FAIL(GetOverlappedResult(h, &ov, &n, FALSE),
				ERROR_INVALID_HANDLE);
		EXPECT_WIN_FAIL(WinUsb_Initialize(h, &ih), ERROR_INVALID_HANDLE);
		EXPECT_WIN_FAIL(WinUsb_Free(h), ERROR_INVALID_HANDLE);
		EXPECT_WIN_FAIL(WinUsb_GetAssociatedInterface(h, 0, &ih),
				ERROR_INVALID_HANDLE);
		EXPECT_WIN_FAIL(WinUsb_GetDescriptor(h, 1, 0, 0, buf, 18, &len),
				ERROR_INVALID_HANDLE);
		EXPECT_WIN_FAIL(WinUsb_QueryInterfaceSettings(h, 0, &id),
				ERROR_INVALID_HANDLE);
		EXPECT_WIN_FAIL(WinUsb_QueryDeviceInformation(h, DEVICE_SPEED,
							      &len, buf),
				ERROR_INVALID_HANDLE);
		EXPECT_WIN_FAIL(WinUsb_SetCurrentAlternateSetting(h, 0),
				ERROR_INVALID_HANDLE);
		EXPECT_WIN_FAIL(WinUsb_GetCurrentAlternateSetting(h, &v),
				ERROR_INVALID_HANDLE);
		EXPECT_WIN_FAIL(WinUsb_QueryPipe(h, 0, 0, &pi),
				ERROR_INVALID_HANDLE);
		EXPECT_WIN_FAIL(WinUsb_QueryPipeEx(h, 0, 0, &pix),
				ERROR_INVALID_HANDLE);
		EXPECT_WIN_FAIL(WinUsb_SetPipePolicy(h, 0x81, RAW_IO, 1, &v),
				ERROR_INVALID_HANDLE);
		len = 1;
		EXPECT_WIN_FAIL(WinUsb_GetPipePolicy(h, 0x81, RAW_IO, &len, &v),
				ERROR_INVALID_HANDLE);
		EXPECT_WIN_FAIL(WinUsb_SetPowerPolicy(h, AUTO_SUSPEND, 1, &v),
				ERROR_INVALID_HANDLE);
		EXPECT_WIN_FAIL(WinUsb_GetPowerPolicy(h, AUTO_SUSPEND, &len, &v),
				ERROR_INVALID_HANDLE);
		EXPECT_WIN_FAIL(WinUsb_ReadPipe(h, 0x81, buf, 64, &len, NULL),
				ERROR_INVALID_HANDLE);
		EXPECT_WIN_FAIL(WinUsb_WritePipe(h, 0x02, buf, 64, &len, &ov),
				ERROR_INVALID_HANDLE);
		EXPECT_WIN_FAIL(WinUsb_ControlTransfer(h, sp, NULL, 0, NULL, NULL),
				ERROR_INVALID_HANDLE);
		EXPECT_WIN_FAIL(WinUsb_ResetPipe(h, 0x81), ERROR_INVALID_HANDLE);
		EXPECT_WIN_FAIL(WinUsb_AbortPipe(h, 0x81), ERROR_INVALID_HANDLE);
		EXPECT_WIN_FAIL(WinUsb_FlushPipe(h, 0x81), ERROR_INVALID_HANDLE);
		EXPECT_WIN_FAIL(WinUsb_GetOverlappedResult(h, &ov, &n, TRUE),
				ERROR_INVALID_HANDLE);
		EXPECT_WIN_FAIL(WinUsb_GetCurrentFrameNumber(h, &frame, &ts),
				ERROR_INVALID_HANDLE);
		EXPECT_WIN_FAIL(WinUsb_RegisterIsochBuffer(h, 0x81, buf, 64, &bh),
				ERROR_INVALID_HANDLE);
		EXPECT_WIN_FAIL(WinUsb_UnregisterIsochBuffer(h),
				ERROR_INVALID_HANDLE);
		EXPECT_WIN_FAIL(WinUsb_WriteIsochPipe(h, 0, 64, &frame, NULL),
				ERROR_INVALID_HANDLE);
		EXPECT_WIN_FAIL(WinUsb_ReadIsochPipe(h, 0, 64, &frame, 1, isoch, NULL),
				ERROR_INVALID_HANDLE);
		EXPECT_WIN_FAIL(WinUsb_WriteIsochPipeAsap(h, 0, 64, FALSE, NULL),
				ERROR_INVALID_HANDLE);
		EXPECT_WIN_FAIL(WinUsb_ReadIsochPipeAsap(h, 0, 64, FALSE, 1, isoch,
							 NULL),
				ERROR_INVALID_HANDLE);
		EXPECT_WIN_FAIL(WinUsb_StartTrackingForTimeSync(h, &st),
				ERROR_INVALID_HANDLE);
		EXPECT_WIN_FAIL(WinUsb_StopTrackingForTimeSync(h, &sp2),
				ERROR_INVALID_HANDLE);
		EXPECT_WIN_FAIL(WinUsb_GetCurrentFrameNumberAndQpc(h, &fq),
				ERROR_INVALID_HANDLE);
		EXPECT_EQ(WAIT_FAILED, WaitForSingleObject(h, 0));
	}
}

TEST(wrong_type_is_an_invalid_handle)
{
	HANDLE ev = CreateEventA(NULL, TRUE, TRUE, NULL);
	HANDLE dev = CreateFileA("/dev/null", GENERIC_READ | GENERIC_WRITE, 0,
				 NULL, OPEN_EXISTING, FILE_FLAG_OVERLAPPED, NULL);
	UCHAR alt;

	ASSERT_NE(INVALID_HANDLE_VALUE, dev);
	/* An event is not a device, a device is not an interface or event. */
	EXPECT_WIN_FAIL(WinUsb_Initialize(ev, (PWINUSB_INTERFACE_HANDLE)&alt),
			ERROR_INVALID_HANDLE);
	EXPECT_WIN_FAIL(WinUsb_GetCurrentAlternateSetting(dev, &alt),
			ERROR_INVALID_HANDLE);
	EXPECT_WIN_FAIL(WinUsb_Free(ev), ERROR_INVALID_HANDLE);
	EXPECT_WIN_FAIL(SetEvent(dev), ERROR_INVALID_HANDLE);
	EXPECT_EQ(WAIT_FAILED, WaitForSingleObject(dev, 0));
	EXPECT_WIN_FAIL(CancelIo(ev), ERROR_INVALID_HANDLE);
	EXPECT_WIN_FAIL(WinUsb_UnregisterIsochBuffer(ev), ERROR_INVALID_HANDLE);
	EXPECT_WIN_OK(CloseHandle(dev));
	EXPECT_WIN_OK(CloseHandle(ev));
}

TEST(time_sync_null_info)
{
	EXPECT_WIN_FAIL(WinUsb_StartTrackingForTimeSync(NULL, NULL),
			ERROR_INVALID_HANDLE);
	EXPECT_WIN_FAIL(WinUsb_GetCurrentFrameNumberAndQpc(NULL, NULL),
			ERROR_INVALID_HANDLE);
}

TEST_HARNESS_MAIN
