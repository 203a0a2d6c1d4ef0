// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * transfer_sim_test.c - every non-isochronous WinUsb_* call, synchronous and
 * OVERLAPPED, on the simulated driver (sim_kernel.h): the request model,
 * the reaper, events, cancellation, unplug, associated interfaces, and the
 * Windows errors each failure gives.
 */
#include <pthread.h>
#include <stdio.h>

#include "wu_test.h"
#include "libwinusb.h"
#include "sim_kernel.h"

#define OPEN_ARGS GENERIC_READ | GENERIC_WRITE, \
	FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, \
	FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OVERLAPPED, NULL

FIXTURE(dev) {
	char node0[256], node1[256];
	HANDLE file;
	WINUSB_INTERFACE_HANDLE wu;
};

FIXTURE_SETUP(dev)
{
	ASSERT_EQ(0, sim_start(self->node0, sizeof(self->node0), self->node1,
			       sizeof(self->node1)));
	self->file = CreateFileA(self->node0, OPEN_ARGS);
	ASSERT_NE(INVALID_HANDLE_VALUE, self->file);
	ASSERT_WIN_OK(WinUsb_Initialize(self->file, &self->wu));
}

FIXTURE_TEARDOWN(dev)
{
	WinUsb_Free(self->wu);
	CloseHandle(self->file);
	sim_stop();
}

/* A zeroed OVERLAPPED with a fresh manual-reset event. */
static void ov_init(OVERLAPPED *ov, BOOL manual)
{
	memset(ov, 0, sizeof(*ov));
	ov->hEvent = CreateEventA(NULL, manual, FALSE, NULL);
}

TEST_F(dev, device_information_and_descriptors)
{
	USB_DEVICE_DESCRIPTOR dd;
	USB_CONFIGURATION_DESCRIPTOR cd;
	UCHAR buf[256], speed = 0;
	ULONG len = 0, n = 0;

	len = sizeof(speed);
	ASSERT_WIN_OK(WinUsb_QueryDeviceInformation(self->wu, DEVICE_SPEED,
						    &len, &speed));
	EXPECT_EQ(HighSpeed, speed);
	EXPECT_EQ(1u, len);
	len = 0;
	EXPECT_WIN_FAIL(WinUsb_QueryDeviceInformation(self->wu, DEVICE_SPEED,
						      &len, &speed),
			ERROR_INSUFFICIENT_BUFFER);
	EXPECT_EQ(1u, len);
	EXPECT_WIN_FAIL(WinUsb_QueryDeviceInformation(self->wu, 2, &len, &speed),
			ERROR_INVALID_PARAMETER);

	ASSERT_WIN_OK(WinUsb_GetDescriptor(self->wu, USB_DEVICE_DESCRIPTOR_TYPE,
					   0, 0, (PUCHAR)&dd, sizeof(dd), &n));
	EXPECT_EQ(18u, n);
	EXPECT_EQ(0x1234, dd.idVendor);
	/* The usual two-step configuration read. */
	ASSERT_WIN_OK(WinUsb_GetDescriptor(self->wu,
					   USB_CONFIGURATION_DESCRIPTOR_TYPE, 0,
					   0, (PUCHAR)&cd, sizeof(cd), &n));
	EXPECT_EQ(9u, n);
	ASSERT_LE(cd.wTotalLength, sizeof(buf));
	ASSERT_WIN_OK(WinUsb_GetDescriptor(self->wu,
					   USB_CONFIGURATION_DESCRIPTOR_TYPE, 0,
					   0, buf, cd.wTotalLength, &n));
	EXPECT_EQ(cd.wTotalLength, n);
	EXPECT_NE(NULL, WinUsb_ParseConfigurationDescriptor(
				(PUSB_CONFIGURATION_DESCRIPTOR)buf, buf, 1, 0,
				-1, -1, -1));
	ASSERT_WIN_OK(WinUsb_GetDescriptor(self->wu, USB_STRING_DESCRIPTOR_TYPE,
					   2, 0x0409, buf, sizeof(buf), &n));
	EXPECT_EQ(8u, n);
	EXPECT_EQ('S', ((PUSB_STRING_DESCRIPTOR)buf)->bString[0]);
	/* The device stalls a descriptor it does not have. */
	EXPECT_WIN_FAIL(WinUsb_GetDescriptor(self->wu, USB_STRING_DESCRIPTOR_TYPE,
					     9, 0x0409, buf, sizeof(buf), &n),
			ERROR_GEN_FAILURE);
	EXPECT_WIN_FAIL(WinUsb_GetDescriptor(self->wu, 1, 0, 0, buf, 18, NULL),
			ERROR_INVALID_PARAMETER);
}

TEST_F(dev, initialize_resets_pipe_policies)
{
	WINUSB_INTERFACE_HANDLE again;
	UCHAR v = 1;
	ULONG len = sizeof(v), ms = 0;

	/* Left over from an earlier program. */
	sim_set_policy(0, 0x81, AUTO_CLEAR_STALL, 1);
	sim_set_policy(0, 0x81, ALLOW_PARTIAL_READS, 0);
	sim_set_policy(0, 0, PIPE_TRANSFER_TIMEOUT, 100);
	ASSERT_WIN_OK(WinUsb_Initialize(self->file, &again));
	ASSERT_WIN_OK(WinUsb_GetPipePolicy(again, 0x81, AUTO_CLEAR_STALL, &len,
					   &v));
	EXPECT_EQ(0, v);
	ASSERT_WIN_OK(WinUsb_GetPipePolicy(again, 0x81, ALLOW_PARTIAL_READS,
					   &len, &v));
	EXPECT_EQ(1, v);
	len = sizeof(ms);
	ASSERT_WIN_OK(WinUsb_GetPipePolicy(again, 0, PIPE_TRANSFER_TIMEOUT, &len,
					   &ms));
	EXPECT_EQ(5000u, ms);
	EXPECT_WIN_OK(WinUsb_Free(again));
	EXPECT_WIN_FAIL(WinUsb_Free(again), ERROR_INVALID_HANDLE);
}

TEST_F(dev, interface_settings_and_pipes)
{
	USB_INTERFACE_DESCRIPTOR id;
	WINUSB_PIPE_INFORMATION pi;
	WINUSB_PIPE_INFORMATION_EX px;

	ASSERT_WIN_OK(WinUsb_QueryInterfaceSettings(self->wu, 0, &id));
	EXPECT_EQ(0, id.bInterfaceNumber);
	EXPECT_EQ(2, id.bNumEndpoints);
	ASSERT_WIN_OK(WinUsb_QueryInterfaceSettings(self->wu, 1, &id));
	EXPECT_EQ(1, id.bAlternateSetting);
	EXPECT_EQ(3, id.bNumEndpoints);
	EXPECT_WIN_FAIL(WinUsb_QueryInterfaceSettings(self->wu, 2, &id),
			ERROR_NO_MORE_ITEMS);
	EXPECT_WIN_FAIL(WinUsb_QueryInterfaceSettings(self->wu, 0, NULL),
			ERROR_INVALID_PARAMETER);

	ASSERT_WIN_OK(WinUsb_QueryPipe(self->wu, 0, 0, &pi));
	EXPECT_EQ((int)UsbdPipeTypeBulk, (int)pi.PipeType);
	EXPECT_EQ(0x81, pi.PipeId);
	EXPECT_EQ(512, pi.MaximumPacketSize);
	ASSERT_WIN_OK(WinUsb_QueryPipe(self->wu, 1, 2, &pi));
	EXPECT_EQ((int)UsbdPipeTypeInterrupt, (int)pi.PipeType);
	EXPECT_EQ(0x83, pi.PipeId);
	EXPECT_EQ(4, pi.Interval);
	ASSERT_WIN_OK(WinUsb_QueryPipeEx(self->wu, 1, 2, &px));
	EXPECT_EQ(64u, px.MaximumBytesPerInterval);
	EXPECT_WIN_FAIL(WinUsb_QueryPipe(self->wu, 0, 2, &pi),
			ERROR_NO_MORE_ITEMS);
	EXPECT_WIN_FAIL(WinUsb_QueryPipe(self->wu, 5, 0, &pi),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_QueryPipe(self->wu, 0, 0, NULL),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_QueryPipeEx(self->wu, 0, 0, NULL),
			ERROR_INVALID_PARAMETER);
}

TEST_F(dev, pipe_policies)
{
	UCHAR v = TRUE;
	ULONG ms = 250, len;

	EXPECT_WIN_OK(WinUsb_SetPipePolicy(self->wu, 0x02,
					   SHORT_PACKET_TERMINATE, sizeof(v), &v));
	EXPECT_EQ(1, sim_policy(0, 0x02, SHORT_PACKET_TERMINATE));
	EXPECT_WIN_OK(WinUsb_SetPipePolicy(self->wu, 0x81, PIPE_TRANSFER_TIMEOUT,
					   sizeof(ms), &ms));
	EXPECT_EQ(250, sim_policy(0, 0x81, PIPE_TRANSFER_TIMEOUT));
	ms = 0;
	len = sizeof(ms);
	ASSERT_WIN_OK(WinUsb_GetPipePolicy(self->wu, 0x81, PIPE_TRANSFER_TIMEOUT,
					   &len, &ms));
	EXPECT_EQ(250u, ms);
	EXPECT_EQ(4u, len);
	len = sizeof(ms);
	ASSERT_WIN_OK(WinUsb_GetPipePolicy(self->wu, 0x81, MAXIMUM_TRANSFER_SIZE,
					   &len, &ms));
	EXPECT_EQ(1u << 20, ms);

	/* Errors. */
	EXPECT_WIN_FAIL(WinUsb_SetPipePolicy(self->wu, 0x81, RAW_IO, sizeof(ms),
					     &ms),
			ERROR_INVALID_PARAMETER);	/* UCHAR policy */
	EXPECT_WIN_FAIL(WinUsb_SetPipePolicy(self->wu, 0x81, RAW_IO, 2, &ms),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_SetPipePolicy(self->wu, 0x81, RAW_IO, 1, NULL),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_SetPipePolicy(self->wu, 0x81,
					     MAXIMUM_TRANSFER_SIZE, sizeof(ms),
					     &ms),
			ERROR_INVALID_PARAMETER);	/* read-only */
	EXPECT_WIN_FAIL(WinUsb_SetPipePolicy(self->wu, 0x81, 0x42, 1, &v),
			ERROR_NOT_SUPPORTED);
	EXPECT_WIN_FAIL(WinUsb_SetPipePolicy(self->wu, 0x83, RAW_IO, 1, &v),
			ERROR_INVALID_PARAMETER);	/* not in alt 0 */
	len = 1;
	EXPECT_WIN_FAIL(WinUsb_GetPipePolicy(self->wu, 0x81,
					     PIPE_TRANSFER_TIMEOUT, &len, &ms),
			ERROR_INSUFFICIENT_BUFFER);
	EXPECT_EQ(4u, len);
	EXPECT_WIN_FAIL(WinUsb_GetPipePolicy(self->wu, 0x81, RAW_IO, NULL, &v),
			ERROR_INVALID_PARAMETER);
}

TEST_F(dev, power_policies)
{
	UCHAR on = FALSE;
	ULONG delay = 1500, len;

	EXPECT_WIN_OK(WinUsb_SetPowerPolicy(self->wu, AUTO_SUSPEND, sizeof(on),
					    &on));
	EXPECT_WIN_OK(WinUsb_SetPowerPolicy(self->wu, SUSPEND_DELAY,
					    sizeof(delay), &delay));
	on = 7;
	len = sizeof(on);
	ASSERT_WIN_OK(WinUsb_GetPowerPolicy(self->wu, AUTO_SUSPEND, &len, &on));
	EXPECT_EQ(0, on);
	delay = 0;
	len = sizeof(delay);
	ASSERT_WIN_OK(WinUsb_GetPowerPolicy(self->wu, SUSPEND_DELAY, &len,
					    &delay));
	EXPECT_EQ(1500u, delay);
	EXPECT_WIN_FAIL(WinUsb_SetPowerPolicy(self->wu, SUSPEND_DELAY, 1, &on),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_SetPowerPolicy(self->wu, 0x82, 1, &on),
			ERROR_NOT_SUPPORTED);
	len = 1;
	EXPECT_WIN_FAIL(WinUsb_GetPowerPolicy(self->wu, SUSPEND_DELAY, &len,
					      &delay),
			ERROR_INSUFFICIENT_BUFFER);
	EXPECT_EQ(4u, len);
}

TEST_F(dev, alternate_settings)
{
	OVERLAPPED ov;
	UCHAR alt = 9, buf[64];

	ASSERT_WIN_OK(WinUsb_GetCurrentAlternateSetting(self->wu, &alt));
	EXPECT_EQ(0, alt);
	/* 0x83 exists only in setting 1. */
	EXPECT_WIN_FAIL(WinUsb_ReadPipe(self->wu, 0x83, buf, 64, NULL, NULL),
			ERROR_INVALID_PARAMETER);
	ASSERT_WIN_OK(WinUsb_SetCurrentAlternateSetting(self->wu, 1));
	ASSERT_WIN_OK(WinUsb_GetCurrentAlternateSetting(self->wu, &alt));
	EXPECT_EQ(1, alt);
	EXPECT_WIN_FAIL(WinUsb_SetCurrentAlternateSetting(self->wu, 7),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_GetCurrentAlternateSetting(self->wu, NULL),
			ERROR_INVALID_PARAMETER);

	/* Refused while a request is pending, as WinUSB does. */
	ov_init(&ov, TRUE);
	EXPECT_WIN_FAIL(WinUsb_ReadPipe(self->wu, 0x83, buf, 64, NULL, &ov),
			ERROR_IO_PENDING);
	EXPECT_WIN_FAIL(WinUsb_SetCurrentAlternateSetting(self->wu, 0),
			ERROR_BUSY);
	EXPECT_WIN_OK(WinUsb_AbortPipe(self->wu, 0x83));
	EXPECT_WIN_OK(WinUsb_SetCurrentAlternateSetting(self->wu, 0));
	CloseHandle(ov.hEvent);
}

TEST_F(dev, synchronous_loopback)
{
	UCHAR out[100], in[512];
	ULONG n = 0;
	int i;

	for (i = 0; i < 100; i++)
		out[i] = (UCHAR)(i * 7);
	ASSERT_WIN_OK(WinUsb_WritePipe(self->wu, 0x02, out, sizeof(out), &n,
				       NULL));
	EXPECT_EQ(100u, n);
	ASSERT_WIN_OK(WinUsb_ReadPipe(self->wu, 0x81, in, sizeof(in), &n, NULL));
	EXPECT_EQ(100u, n);
	EXPECT_EQ(0, memcmp(out, in, 100));
	/* Zero-length write; NULL LengthTransferred is accepted. */
	EXPECT_WIN_OK(WinUsb_WritePipe(self->wu, 0x02, NULL, 0, NULL, NULL));
}

TEST_F(dev, pipe_argument_errors)
{
	UCHAR buf[8];
	ULONG n;
	unsigned int before = sim_submits();

	EXPECT_WIN_FAIL(WinUsb_ReadPipe(self->wu, 0x02, buf, 8, &n, NULL),
			ERROR_INVALID_PARAMETER);	/* OUT pipe */
	EXPECT_WIN_FAIL(WinUsb_WritePipe(self->wu, 0x81, buf, 8, &n, NULL),
			ERROR_INVALID_PARAMETER);	/* IN pipe */
	EXPECT_WIN_FAIL(WinUsb_ReadPipe(self->wu, 0x8f, buf, 8, &n, NULL),
			ERROR_INVALID_PARAMETER);	/* no such pipe */
	EXPECT_WIN_FAIL(WinUsb_ReadPipe(self->wu, 0x84, buf, 8, &n, NULL),
			ERROR_INVALID_PARAMETER);	/* other interface */
	EXPECT_WIN_FAIL(WinUsb_ReadPipe(self->wu, 0x81, NULL, 8, &n, NULL),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_ResetPipe(self->wu, 0x84), ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_FlushPipe(self->wu, 0x8f), ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_AbortPipe(self->wu, 0x05), ERROR_INVALID_PARAMETER);
	EXPECT_WIN_OK(WinUsb_ResetPipe(self->wu, 0x81));
	EXPECT_WIN_OK(WinUsb_FlushPipe(self->wu, 0x81));
	/* None of these reached the driver's submit. */
	EXPECT_EQ(before, sim_submits());
}

TEST_F(dev, overlapped_read_completes_through_its_event)
{
	OVERLAPPED ov;
	UCHAR in[64], out[10] = "0123456789";
	DWORD n = 99;

	ov_init(&ov, TRUE);
	EXPECT_WIN_FAIL(WinUsb_ReadPipe(self->wu, 0x81, in, sizeof(in), NULL,
					&ov),
			ERROR_IO_PENDING);
	EXPECT_FALSE(HasOverlappedIoCompleted(&ov));
	EXPECT_EQ(STATUS_PENDING, (DWORD)ov.Internal);
	EXPECT_EQ(WAIT_TIMEOUT, WaitForSingleObject(ov.hEvent, 20));
	EXPECT_WIN_FAIL(WinUsb_GetOverlappedResult(self->wu, &ov, &n, FALSE),
			ERROR_IO_INCOMPLETE);

	ASSERT_WIN_OK(WinUsb_WritePipe(self->wu, 0x02, out, 10, NULL, NULL));
	/* Nothing but the event: the reaper completes the OVERLAPPED. */
	ASSERT_EQ(WAIT_OBJECT_0, WaitForSingleObject(ov.hEvent, 5000));
	EXPECT_TRUE(HasOverlappedIoCompleted(&ov));
	EXPECT_EQ(0u, (DWORD)ov.Internal);
	EXPECT_EQ(10u, (DWORD)ov.InternalHigh);
	ASSERT_WIN_OK(WinUsb_GetOverlappedResult(self->wu, &ov, &n, FALSE));
	EXPECT_EQ(10u, n);
	EXPECT_EQ(0, memcmp(in, out, 10));
	/* kernel32's GetOverlappedResult on the device handle agrees. */
	n = 0;
	ASSERT_WIN_OK(GetOverlappedResult(self->file, &ov, &n, TRUE));
	EXPECT_EQ(10u, n);
	CloseHandle(ov.hEvent);
}

TEST_F(dev, has_overlapped_io_completed_without_event)
{
	OVERLAPPED ov = { 0 };
	UCHAR in[8], out[3] = { 1, 2, 3 };
	long long t0 = wu_test_now_ms();

	EXPECT_WIN_FAIL(WinUsb_ReadPipe(self->wu, 0x81, in, sizeof(in), NULL,
					&ov),
			ERROR_IO_PENDING);
	ASSERT_WIN_OK(WinUsb_WritePipe(self->wu, 0x02, out, 3, NULL, NULL));
	while (!HasOverlappedIoCompleted(&ov) && wu_test_now_ms() - t0 < 5000)
		Sleep(1);
	EXPECT_TRUE(HasOverlappedIoCompleted(&ov));
	EXPECT_EQ(3u, (DWORD)ov.InternalHigh);
}

#define INFLIGHT 64

TEST_F(dev, sixty_four_reads_in_flight)
{
	static OVERLAPPED ov[INFLIGHT];
	static UCHAR in[INFLIGHT][16];
	HANDLE ev[INFLIGHT];
	UCHAR chunk[16];
	DWORD n;
	int i;

	for (i = 0; i < INFLIGHT; i++) {
		ov_init(&ov[i], TRUE);
		ev[i] = ov[i].hEvent;
		EXPECT_WIN_FAIL(WinUsb_ReadPipe(self->wu, 0x81, in[i], 16, NULL,
						&ov[i]),
				ERROR_IO_PENDING);
	}
	EXPECT_EQ((unsigned int)INFLIGHT, sim_pending(0, 0x81));
	EXPECT_EQ(WAIT_TIMEOUT, WaitForMultipleObjects(INFLIGHT, ev, FALSE, 0));
	for (i = 0; i < INFLIGHT; i++) {
		memset(chunk, i, sizeof(chunk));
		ASSERT_WIN_OK(WinUsb_WritePipe(self->wu, 0x02, chunk, 16, NULL,
					       NULL));
	}
	ASSERT_EQ(WAIT_OBJECT_0,
		  WaitForMultipleObjects(INFLIGHT, ev, TRUE, 10000));
	/* Completed in submission order. */
	for (i = 0; i < INFLIGHT; i++) {
		ASSERT_WIN_OK(WinUsb_GetOverlappedResult(self->wu, &ov[i], &n,
							 FALSE));
		EXPECT_EQ(16u, n);
		EXPECT_EQ(i, in[i][0]);
		EXPECT_EQ(i, in[i][15]);
		CloseHandle(ev[i]);
	}
}

TEST_F(dev, get_overlapped_result_waits)
{
	WINUSB_INTERFACE_HANDLE wu1;
	OVERLAPPED ov;
	UCHAR in[8];
	DWORD n = 0;

	/* An auto-reset event a program already consumed cannot hang it. */
	ASSERT_WIN_OK(WinUsb_GetAssociatedInterface(self->wu, 0, &wu1));
	ov_init(&ov, FALSE);
	EXPECT_WIN_FAIL(WinUsb_ReadPipe(wu1, 0x84, in, sizeof(in), NULL, &ov),
			ERROR_IO_PENDING);
	sim_feed("abcd", 4);
	ASSERT_EQ(WAIT_OBJECT_0, WaitForSingleObject(ov.hEvent, 5000));
	ASSERT_WIN_OK(WinUsb_GetOverlappedResult(wu1, &ov, &n, TRUE));
	EXPECT_EQ(4u, n);
	CloseHandle(ov.hEvent);
	WinUsb_Free(wu1);
}

static void *feed_later(void *arg)
{
	Sleep(50);
	sim_feed(arg, 5);
	return NULL;
}

TEST_F(dev, get_overlapped_result_blocks_until_done)
{
	WINUSB_INTERFACE_HANDLE wu1;
	OVERLAPPED ov = { 0 };		/* no event at all */
	UCHAR in[8];
	DWORD n = 0;
	pthread_t t;

	ASSERT_WIN_OK(WinUsb_GetAssociatedInterface(self->wu, 0, &wu1));
	EXPECT_WIN_FAIL(WinUsb_ReadPipe(wu1, 0x84, in, sizeof(in), NULL, &ov),
			ERROR_IO_PENDING);
	pthread_create(&t, NULL, feed_later, "hello");
	ASSERT_WIN_OK(WinUsb_GetOverlappedResult(wu1, &ov, &n, TRUE));
	EXPECT_EQ(5u, n);
	EXPECT_EQ(0, memcmp(in, "hello", 5));
	pthread_join(t, NULL);
	WinUsb_Free(wu1);
}

TEST_F(dev, abort_pipe_completes_everything_before_returning)
{
	WINUSB_INTERFACE_HANDLE wu1;
	OVERLAPPED ov[8];
	UCHAR in[8][8];
	DWORD n;
	int i;

	ASSERT_WIN_OK(WinUsb_GetAssociatedInterface(self->wu, 0, &wu1));
	for (i = 0; i < 8; i++) {
		ov_init(&ov[i], TRUE);
		EXPECT_WIN_FAIL(WinUsb_ReadPipe(wu1, 0x84, in[i], 8, NULL,
						&ov[i]),
				ERROR_IO_PENDING);
	}
	ASSERT_WIN_OK(WinUsb_AbortPipe(wu1, 0x84));
	for (i = 0; i < 8; i++) {
		/* Final at once: no wait needed after AbortPipe. */
		EXPECT_TRUE(HasOverlappedIoCompleted(&ov[i]));
		EXPECT_EQ(WAIT_OBJECT_0, WaitForSingleObject(ov[i].hEvent, 0));
		EXPECT_WIN_FAIL(WinUsb_GetOverlappedResult(wu1, &ov[i], &n,
							   FALSE),
				ERROR_OPERATION_ABORTED);
		CloseHandle(ov[i].hEvent);
	}
	EXPECT_EQ(0u, sim_pending(1, 0x84));
	WinUsb_Free(wu1);
}

TEST_F(dev, cancel_io_ex_one_then_all)
{
	OVERLAPPED a, b, c;
	UCHAR in[3][8];
	DWORD n;

	ov_init(&a, TRUE);
	ov_init(&b, TRUE);
	ov_init(&c, TRUE);
	EXPECT_WIN_FAIL(WinUsb_ReadPipe(self->wu, 0x81, in[0], 8, NULL, &a),
			ERROR_IO_PENDING);
	EXPECT_WIN_FAIL(WinUsb_ReadPipe(self->wu, 0x81, in[1], 8, NULL, &b),
			ERROR_IO_PENDING);
	EXPECT_WIN_FAIL(WinUsb_ReadPipe(self->wu, 0x81, in[2], 8, NULL, &c),
			ERROR_IO_PENDING);
	ASSERT_WIN_OK(CancelIoEx(self->file, &b));
	ASSERT_EQ(WAIT_OBJECT_0, WaitForSingleObject(b.hEvent, 5000));
	EXPECT_WIN_FAIL(WinUsb_GetOverlappedResult(self->wu, &b, &n, TRUE),
			ERROR_OPERATION_ABORTED);
	EXPECT_WIN_FAIL(WinUsb_GetOverlappedResult(self->wu, &a, &n, FALSE),
			ERROR_IO_INCOMPLETE);
	/* CancelIo: the requests this thread issued. */
	ASSERT_WIN_OK(CancelIo(self->file));
	EXPECT_WIN_FAIL(WinUsb_GetOverlappedResult(self->wu, &a, &n, TRUE),
			ERROR_OPERATION_ABORTED);
	EXPECT_WIN_FAIL(WinUsb_GetOverlappedResult(self->wu, &c, &n, TRUE),
			ERROR_OPERATION_ABORTED);
	EXPECT_WIN_FAIL(CancelIoEx(self->file, NULL), ERROR_NOT_FOUND);
	CloseHandle(a.hEvent);
	CloseHandle(b.hEvent);
	CloseHandle(c.hEvent);
}

TEST_F(dev, free_cancels_and_waits)
{
	WINUSB_INTERFACE_HANDLE wu2;
	OVERLAPPED ov[4];
	UCHAR in[4][8];
	int i;

	ASSERT_WIN_OK(WinUsb_Initialize(self->file, &wu2));
	for (i = 0; i < 4; i++) {
		ov_init(&ov[i], TRUE);
		EXPECT_WIN_FAIL(WinUsb_ReadPipe(wu2, 0x81, in[i], 8, NULL,
						&ov[i]),
				ERROR_IO_PENDING);
	}
	ASSERT_WIN_OK(WinUsb_Free(wu2));
	for (i = 0; i < 4; i++) {
		EXPECT_TRUE(HasOverlappedIoCompleted(&ov[i]));
		EXPECT_EQ((DWORD)ERROR_OPERATION_ABORTED,
			  (DWORD)wu_error_from_ntstatus((NTSTATUS)ov[i].Internal));
		CloseHandle(ov[i].hEvent);
	}
	EXPECT_EQ(0u, sim_pending(0, -1));
}

TEST_F(dev, completion_errors)
{
	WINUSB_INTERFACE_HANDLE wu1;
	WINUSB_SETUP_PACKET stall = { 0x40, 0xff, 0, 0, 0 };
	OVERLAPPED ov;
	ULONG ms = 100;
	UCHAR in[8];
	DWORD n;

	EXPECT_WIN_FAIL(WinUsb_ControlTransfer(self->wu, stall, NULL, 0, &n,
					       NULL),
			ERROR_GEN_FAILURE);
	ov_init(&ov, TRUE);
	EXPECT_WIN_FAIL(WinUsb_ControlTransfer(self->wu, stall, NULL, 0, NULL,
					       &ov),
			ERROR_IO_PENDING);
	EXPECT_WIN_FAIL(WinUsb_GetOverlappedResult(self->wu, &ov, &n, TRUE),
			ERROR_GEN_FAILURE);

	ASSERT_WIN_OK(WinUsb_GetAssociatedInterface(self->wu, 0, &wu1));
	ASSERT_WIN_OK(WinUsb_SetPipePolicy(wu1, 0x84, PIPE_TRANSFER_TIMEOUT,
					   sizeof(ms), &ms));
	EXPECT_WIN_FAIL(WinUsb_ReadPipe(wu1, 0x84, in, 8, &n, NULL),
			ERROR_SEM_TIMEOUT);
	ms = 0;
	ASSERT_WIN_OK(WinUsb_SetPipePolicy(wu1, 0x84, PIPE_TRANSFER_TIMEOUT,
					   sizeof(ms), &ms));
	sim_stall(0x84);
	EXPECT_WIN_FAIL(WinUsb_ReadPipe(wu1, 0x84, in, 8, &n, NULL),
			ERROR_GEN_FAILURE);
	CloseHandle(ov.hEvent);
	WinUsb_Free(wu1);
}

TEST_F(dev, control_transfers)
{
	WINUSB_SETUP_PACKET in = { 0xc0, 0x01, 0x1234, 0x5678, 16 };
	WINUSB_SETUP_PACKET out = { 0x41, 0x02, 0x0001, 0x0005, 4 };
	WINUSB_SETUP_PACKET setif = { 0x01, USB_REQUEST_SET_INTERFACE, 1, 0, 0 };
	UCHAR buf[32] = { 0 }, setup[8];
	UCHAR want[8] = { 0xc0, 0x01, 0x34, 0x12, 0x78, 0x56, 16, 0 };
	OVERLAPPED ov;
	ULONG n = 0;
	int i;

	ASSERT_WIN_OK(WinUsb_ControlTransfer(self->wu, in, buf, sizeof(buf), &n,
					     NULL));
	EXPECT_EQ(16u, n);
	for (i = 0; i < 16; i++)
		EXPECT_EQ(i, buf[i]);
	sim_last_setup(setup);
	EXPECT_EQ(0, memcmp(setup, want, 8));	/* little-endian wire form */

	ov_init(&ov, TRUE);
	EXPECT_WIN_FAIL(WinUsb_ControlTransfer(self->wu, out, buf, 4, NULL, &ov),
			ERROR_IO_PENDING);
	ASSERT_EQ(WAIT_OBJECT_0, WaitForSingleObject(ov.hEvent, 5000));
	ASSERT_WIN_OK(WinUsb_GetOverlappedResult(self->wu, &ov, &n, FALSE));
	EXPECT_EQ(4u, n);
	sim_last_setup(setup);
	EXPECT_EQ(0, setup[4]);		/* interface recipient: our number */

	/* Buffer shorter than wLength, or missing. */
	EXPECT_WIN_FAIL(WinUsb_ControlTransfer(self->wu, in, buf, 8, &n, NULL),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_ControlTransfer(self->wu, in, NULL, 16, &n, NULL),
			ERROR_INVALID_PARAMETER);
	/* SET_CONFIGURATION is the USB core's business. */
	in.RequestType = 0x00;
	in.Request = USB_REQUEST_SET_CONFIGURATION;
	in.Length = 0;
	EXPECT_WIN_FAIL(WinUsb_ControlTransfer(self->wu, in, NULL, 0, &n, NULL),
			ERROR_ACCESS_DENIED);
	/* SET_INTERFACE becomes WinUsb_SetCurrentAlternateSetting. */
	EXPECT_WIN_OK(WinUsb_ControlTransfer(self->wu, setif, NULL, 0, &n, NULL));
	EXPECT_EQ(1, sim_altsetting(0));
	setif.Value = 0;
	EXPECT_WIN_FAIL(WinUsb_ControlTransfer(self->wu, setif, NULL, 0, NULL,
					       &ov),
			ERROR_IO_PENDING);
	EXPECT_WIN_OK(WinUsb_GetOverlappedResult(self->wu, &ov, &n, TRUE));
	EXPECT_EQ(0, sim_altsetting(0));
	CloseHandle(ov.hEvent);
}

TEST_F(dev, overlapped_submit_errors)
{
	OVERLAPPED ov;
	UCHAR in[8];
	HANDLE ev;

	/* Fails at once: FALSE with the error, not ERROR_IO_PENDING. */
	ov_init(&ov, TRUE);
	EXPECT_WIN_FAIL(WinUsb_ReadPipe(self->wu, 0x8f, in, 8, NULL, &ov),
			ERROR_INVALID_PARAMETER);
	EXPECT_EQ(WAIT_TIMEOUT, WaitForSingleObject(ov.hEvent, 0));
	ev = ov.hEvent;
	/* A bogus hEvent is refused before anything is queued. */
	ov.hEvent = (HANDLE)(uintptr_t)0x12345670;
	EXPECT_WIN_FAIL(WinUsb_ReadPipe(self->wu, 0x81, in, 8, NULL, &ov),
			ERROR_INVALID_HANDLE);
	EXPECT_EQ(0u, sim_pending(0, -1));
	/* Its low bit is the "no completion port" flag, and ignored. */
	ov.hEvent = (HANDLE)((uintptr_t)ev | 1);
	EXPECT_WIN_FAIL(WinUsb_WritePipe(self->wu, 0x02, in, 8, NULL, &ov),
			ERROR_IO_PENDING);
	EXPECT_EQ(WAIT_OBJECT_0, WaitForSingleObject(ev, 5000));
	CloseHandle(ev);
}

struct sync_read {
	WINUSB_INTERFACE_HANDLE wu;
	BOOL ok;
	DWORD error;
};

static void *sync_read_thread(void *p)
{
	struct sync_read *r = p;
	UCHAR in[8];
	ULONG n;

	r->ok = WinUsb_ReadPipe(r->wu, 0x81, in, sizeof(in), &n, NULL);
	r->error = GetLastError();
	return NULL;
}

TEST_F(dev, unplug_with_requests_in_flight)
{
	struct sync_read r = { .wu = self->wu };
	WINUSB_INTERFACE_HANDLE again;
	OVERLAPPED ov[4];
	UCHAR in[4][8];
	pthread_t t;
	DWORD n;
	UCHAR v = 1;
	int i;

	for (i = 0; i < 4; i++) {
		ov_init(&ov[i], TRUE);
		EXPECT_WIN_FAIL(WinUsb_ReadPipe(self->wu, 0x81, in[i], 8, NULL,
						&ov[i]),
				ERROR_IO_PENDING);
	}
	pthread_create(&t, NULL, sync_read_thread, &r);
	while (sim_pending(0, 0x81) < 5)
		Sleep(1);
	sim_unplug();
	/* Pending requests complete with DEVICE_NOT_CONNECTED... */
	for (i = 0; i < 4; i++) {
		ASSERT_EQ(WAIT_OBJECT_0, WaitForSingleObject(ov[i].hEvent, 5000));
		EXPECT_WIN_FAIL(WinUsb_GetOverlappedResult(self->wu, &ov[i], &n,
							   FALSE),
				ERROR_DEVICE_NOT_CONNECTED);
		CloseHandle(ov[i].hEvent);
	}
	pthread_join(t, NULL);
	EXPECT_FALSE(r.ok);
	EXPECT_EQ((DWORD)ERROR_DEVICE_NOT_CONNECTED, r.error);
	/* ...new ones fail at once with BAD_COMMAND. */
	EXPECT_WIN_FAIL(WinUsb_ReadPipe(self->wu, 0x81, in[0], 8, &n, NULL),
			ERROR_BAD_COMMAND);
	ov_init(&ov[0], TRUE);
	EXPECT_WIN_FAIL(WinUsb_WritePipe(self->wu, 0x02, in[0], 8, NULL, &ov[0]),
			ERROR_BAD_COMMAND);
	EXPECT_TRUE(HasOverlappedIoCompleted(&ov[0]));
	CloseHandle(ov[0].hEvent);
	EXPECT_WIN_FAIL(WinUsb_SetPipePolicy(self->wu, 0x81, RAW_IO, 1, &v),
			ERROR_BAD_COMMAND);
	EXPECT_WIN_FAIL(WinUsb_Initialize(self->file, &again), ERROR_BAD_COMMAND);
	/* Cached information still answers. */
	EXPECT_WIN_OK(WinUsb_QueryInterfaceSettings(self->wu, 0,
					(PUSB_INTERFACE_DESCRIPTOR)in[0]));
}

TEST_F(dev, associated_interfaces)
{
	WINUSB_INTERFACE_HANDLE wu1, other;
	USB_INTERFACE_DESCRIPTOR id;
	UCHAR buf[8] = { 0 };
	ULONG n;

	ASSERT_WIN_OK(WinUsb_GetAssociatedInterface(self->wu, 0, &wu1));
	ASSERT_WIN_OK(WinUsb_QueryInterfaceSettings(wu1, 0, &id));
	EXPECT_EQ(1, id.bInterfaceNumber);
	EXPECT_WIN_OK(WinUsb_WritePipe(wu1, 0x05, buf, 8, &n, NULL));
	EXPECT_EQ(8u, n);
	/* One handle per interface; nothing after interface 1. */
	EXPECT_WIN_FAIL(WinUsb_GetAssociatedInterface(self->wu, 0, &other),
			ERROR_ALREADY_EXISTS);
	EXPECT_WIN_FAIL(WinUsb_GetAssociatedInterface(self->wu, 1, &other),
			ERROR_NO_MORE_ITEMS);
	EXPECT_WIN_FAIL(WinUsb_GetAssociatedInterface(self->wu, 0xff, &other),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_GetAssociatedInterface(self->wu, 0, NULL),
			ERROR_INVALID_PARAMETER);
	/* Only the Initialize handle has associated interfaces. */
	EXPECT_WIN_FAIL(WinUsb_GetAssociatedInterface(wu1, 0, &other),
			ERROR_INVALID_HANDLE);
	/* CloseHandle on it is refused: WinUsb_Free releases it. */
	EXPECT_WIN_FAIL(CloseHandle(wu1), ERROR_INVALID_HANDLE);
	ASSERT_WIN_OK(WinUsb_Free(wu1));
	ASSERT_WIN_OK(WinUsb_GetAssociatedInterface(self->wu, 0, &wu1));
	/* The parent may go first; the child keeps working. */
	ASSERT_WIN_OK(WinUsb_Free(self->wu));
	self->wu = NULL;
	EXPECT_WIN_OK(WinUsb_WritePipe(wu1, 0x05, buf, 8, &n, NULL));
	EXPECT_WIN_OK(WinUsb_Free(wu1));
}

TEST_F(dev, device_handle_closed_before_free)
{
	UCHAR out[4] = { 9, 8, 7, 6 }, in[4];
	ULONG n;

	ASSERT_WIN_OK(CloseHandle(self->file));
	self->file = NULL;
	EXPECT_WIN_OK(WinUsb_WritePipe(self->wu, 0x02, out, 4, &n, NULL));
	EXPECT_WIN_OK(WinUsb_ReadPipe(self->wu, 0x81, in, 4, &n, NULL));
	EXPECT_EQ(0, memcmp(in, out, 4));
}

TEST_F(dev, isochronous_not_yet)
{
	WINUSB_ISOCH_BUFFER_HANDLE bh = INVALID_HANDLE_VALUE;
	ULONG frame;
	LARGE_INTEGER ts;
	UCHAR buf[64];
	USB_START_TRACKING_FOR_TIME_SYNC_INFORMATION st = { 0 };

	EXPECT_WIN_FAIL(WinUsb_RegisterIsochBuffer(self->wu, 0x81, buf,
						   sizeof(buf), &bh),
			ERROR_NOT_SUPPORTED);
	EXPECT_EQ(INVALID_HANDLE_VALUE, bh);
	EXPECT_WIN_FAIL(WinUsb_RegisterIsochBuffer(self->wu, 0x81, buf,
						   sizeof(buf), NULL),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_GetCurrentFrameNumber(self->wu, &frame, &ts),
			ERROR_NOT_SUPPORTED);
	EXPECT_WIN_FAIL(WinUsb_GetCurrentFrameNumber(self->wu, NULL, &ts),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_StartTrackingForTimeSync(self->wu, &st),
			ERROR_NOT_SUPPORTED);
}

TEST_HARNESS_MAIN
