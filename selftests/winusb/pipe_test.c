// SPDX-License-Identifier: GPL-2.0
/*
 * pipe_test - libwinusb against winusb.ko and winusb-testdev: pipe
 * policies and their observable effects, WinUsb_ReadPipe/WritePipe
 * synchronous and OVERLAPPED (64 requests in flight on each bulk pipe),
 * WinUsb_ControlTransfer and WinUSB's recipient rules, ResetPipe,
 * AbortPipe, FlushPipe, CancelIo(Ex) and GetOverlappedResult, each with
 * the Windows error codes of its failures.
 *
 * Interface 0 of the test device is a loopback: what 0x02 receives, 0x81
 * returns, through a 1 MiB FIFO; an IN transfer completes with what the
 * FIFO holds (a short packet) and waits while it is empty.
 */
#include "kselftest_harness.h"
#include "wintest.h"

FIXTURE(dev) {
	CHAR path[WINUSB_LINUX_PATH_MAX];
	HANDLE file;
	WINUSB_INTERFACE_HANDLE usb;
	UCHAR in, out, intr;
	USHORT maxp;
};

FIXTURE_SETUP(dev)
{
	USB_INTERFACE_DESCRIPTOR id;
	WINUSB_PIPE_INFORMATION pi;
	UCHAR i;

	self->usb = NULL;
	self->file = wt_open(TD_IFACE_LOOPBACK, self->path, sizeof(self->path));
	ASSERT_NE(INVALID_HANDLE_VALUE, self->file)
		TH_LOG("no test device: GetLastError() = %u", GetLastError());
	ASSERT_WIN_OK(WinUsb_Initialize(self->file, &self->usb));

	/* Find the pipes as a Windows program does. */
	self->in = self->out = self->intr = 0;
	ASSERT_WIN_OK(WinUsb_QueryInterfaceSettings(self->usb, 0, &id));
	for (i = 0; i < id.bNumEndpoints; i++) {
		ASSERT_WIN_OK(WinUsb_QueryPipe(self->usb, 0, i, &pi));
		if (pi.PipeType == UsbdPipeTypeInterrupt)
			self->intr = pi.PipeId;
		else if (USB_ENDPOINT_DIRECTION_IN(pi.PipeId))
			self->in = pi.PipeId;
		else
			self->out = pi.PipeId;
		if (pi.PipeType == UsbdPipeTypeBulk)
			self->maxp = pi.MaximumPacketSize;
	}
	ASSERT_EQ(TD_EP_BULK_IN, self->in);
	ASSERT_EQ(TD_EP_BULK_OUT, self->out);
	ASSERT_EQ(TD_EP_INT_IN, self->intr);
	ASSERT_EQ(wt_bulk_maxp(), self->maxp);
	ASSERT_WIN_OK(td_reset(self->usb));
}

FIXTURE_TEARDOWN(dev)
{
	if (self->usb) {
		td_reset(self->usb);
		WinUsb_Free(self->usb);
	}
	if (self->file)
		CloseHandle(self->file);
}

static BOOL set_u8(WINUSB_INTERFACE_HANDLE h, UCHAR pipe, ULONG policy,
		   UCHAR value)
{
	return WinUsb_SetPipePolicy(h, pipe, policy, sizeof(value), &value);
}

static BOOL set_ulong(WINUSB_INTERFACE_HANDLE h, UCHAR pipe, ULONG policy,
		      ULONG value)
{
	return WinUsb_SetPipePolicy(h, pipe, policy, sizeof(value), &value);
}

/* Write @len bytes of pattern @seed synchronously. */
static BOOL write_pattern(WINUSB_INTERFACE_HANDLE h, UCHAR pipe, ULONG len,
			  unsigned int seed)
{
	UCHAR *b = malloc(len ? len : 1);
	ULONG n = 0;
	BOOL ok;

	wt_fill(b, len, seed);
	ok = WinUsb_WritePipe(h, pipe, b, len, &n, NULL) && n == len;
	free(b);
	return ok;
}

TEST_F(dev, policy_defaults)
{
	static const struct {
		ULONG policy, size, value;
	} defaults[] = {
		{ SHORT_PACKET_TERMINATE, 1, FALSE },
		{ AUTO_CLEAR_STALL, 1, FALSE },
		{ PIPE_TRANSFER_TIMEOUT, 4, 0 },
		{ IGNORE_SHORT_PACKETS, 1, FALSE },
		{ ALLOW_PARTIAL_READS, 1, TRUE },
		{ AUTO_FLUSH, 1, FALSE },
		{ RAW_IO, 1, FALSE },
		{ MAXIMUM_TRANSFER_SIZE, 4, 1 << 20 },
		{ RESET_PIPE_ON_RESUME, 1, FALSE },
	};
	UCHAR pipes[] = { self->in, self->out, self->intr };
	unsigned int i, j;
	ULONG v, len;

	for (i = 0; i < sizeof(pipes); i++) {
		for (j = 0; j < sizeof(defaults) / sizeof(defaults[0]); j++) {
			v = 0xdeadbeef;
			len = sizeof(v);
			ASSERT_WIN_OK(WinUsb_GetPipePolicy(self->usb, pipes[i],
							   defaults[j].policy,
							   &len, &v));
			EXPECT_EQ(defaults[j].size, len);
			if (len == 1)
				v &= 0xff;
			EXPECT_EQ(defaults[j].value, v)
				TH_LOG("pipe 0x%02x policy %u", pipes[i],
				       defaults[j].policy);
		}
	}
	/* The control pipe: 5 s time-out. */
	len = sizeof(v);
	ASSERT_WIN_OK(WinUsb_GetPipePolicy(self->usb, 0, PIPE_TRANSFER_TIMEOUT,
					   &len, &v));
	EXPECT_EQ(5000u, v);
}

TEST_F(dev, policy_set_get_and_errors)
{
	UCHAR v = TRUE, b = 9;
	ULONG ms = 1234, len;

	EXPECT_WIN_OK(set_u8(self->usb, self->out, SHORT_PACKET_TERMINATE, 1));
	EXPECT_WIN_OK(set_ulong(self->usb, self->in, PIPE_TRANSFER_TIMEOUT, ms));
	/* Any non-zero UCHAR is TRUE. */
	EXPECT_WIN_OK(set_u8(self->usb, self->in, RESET_PIPE_ON_RESUME, 7));
	len = 1;
	ASSERT_WIN_OK(WinUsb_GetPipePolicy(self->usb, self->out,
					   SHORT_PACKET_TERMINATE, &len, &b));
	EXPECT_EQ(TRUE, b);
	ms = 0;
	len = sizeof(ms);
	ASSERT_WIN_OK(WinUsb_GetPipePolicy(self->usb, self->in,
					   PIPE_TRANSFER_TIMEOUT, &len, &ms));
	EXPECT_EQ(1234u, ms);
	len = 1;
	ASSERT_WIN_OK(WinUsb_GetPipePolicy(self->usb, self->in,
					   RESET_PIPE_ON_RESUME, &len, &b));
	EXPECT_EQ(TRUE, b);
	/* Policies of a pipe they do not apply to are kept and harmless. */
	EXPECT_WIN_OK(set_u8(self->usb, self->out, AUTO_FLUSH, 1));
	EXPECT_WIN_OK(set_ulong(self->usb, 0, PIPE_TRANSFER_TIMEOUT, 3000));

	/* Wrong value sizes. */
	EXPECT_WIN_FAIL(WinUsb_SetPipePolicy(self->usb, self->in, RAW_IO,
					     sizeof(ms), &ms),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_SetPipePolicy(self->usb, self->in,
					     PIPE_TRANSFER_TIMEOUT, 1, &v),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_SetPipePolicy(self->usb, self->in, RAW_IO, 2,
					     &ms),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_SetPipePolicy(self->usb, self->in, RAW_IO, 1,
					     NULL),
			ERROR_INVALID_PARAMETER);
	/* MAXIMUM_TRANSFER_SIZE is read-only. */
	ms = 4096;
	EXPECT_WIN_FAIL(WinUsb_SetPipePolicy(self->usb, self->in,
					     MAXIMUM_TRANSFER_SIZE, sizeof(ms),
					     &ms),
			ERROR_INVALID_PARAMETER);
	len = sizeof(ms);
	ASSERT_WIN_OK(WinUsb_GetPipePolicy(self->usb, self->in,
					   MAXIMUM_TRANSFER_SIZE, &len, &ms));
	EXPECT_EQ(1u << 20, ms);
	/* Unknown policy; pipe not in the current setting. */
	EXPECT_WIN_FAIL(set_u8(self->usb, self->in, 0x42, 1),
			ERROR_NOT_SUPPORTED);
	len = 1;
	EXPECT_WIN_FAIL(WinUsb_GetPipePolicy(self->usb, self->in, 0x42, &len,
					     &b),
			ERROR_NOT_SUPPORTED);
	EXPECT_WIN_FAIL(set_u8(self->usb, TD_EP_ISOCH_IN, RAW_IO, 1),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(set_u8(self->usb, 0x8f, RAW_IO, 1),
			ERROR_INVALID_PARAMETER);
	len = 1;
	EXPECT_WIN_FAIL(WinUsb_GetPipePolicy(self->usb, 0x04, RAW_IO, &len, &b),
			ERROR_INVALID_PARAMETER);
	/* Get: buffer too small gives the size needed. */
	len = 1;
	EXPECT_WIN_FAIL(WinUsb_GetPipePolicy(self->usb, self->in,
					     PIPE_TRANSFER_TIMEOUT, &len, &ms),
			ERROR_INSUFFICIENT_BUFFER);
	EXPECT_EQ(4u, len);
	len = 0;
	EXPECT_WIN_FAIL(WinUsb_GetPipePolicy(self->usb, self->in, RAW_IO, &len,
					     &b),
			ERROR_INSUFFICIENT_BUFFER);
	EXPECT_EQ(1u, len);
	EXPECT_WIN_FAIL(WinUsb_GetPipePolicy(self->usb, self->in, RAW_IO, NULL,
					     &b),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_GetPipePolicy(NULL, self->in, RAW_IO, &len, &b),
			ERROR_INVALID_HANDLE);
	EXPECT_WIN_FAIL(set_u8(NULL, self->in, RAW_IO, 1), ERROR_INVALID_HANDLE);
}

TEST_F(dev, pipe_transfer_timeout)
{
	UCHAR buf[512];
	OVERLAPPED ov;
	long long t0, dt;
	ULONG n = 99;

	/* Reads: nothing in the FIFO, so the device NAKs. */
	ASSERT_WIN_OK(set_ulong(self->usb, self->in, PIPE_TRANSFER_TIMEOUT,
				300));
	t0 = wt_now_ms();
	EXPECT_WIN_FAIL(WinUsb_ReadPipe(self->usb, self->in, buf, sizeof(buf),
					&n, NULL),
			ERROR_SEM_TIMEOUT);
	dt = wt_now_ms() - t0;
	EXPECT_EQ(0u, n);
	EXPECT_GE(dt, 280);
	EXPECT_LT(dt, 3000);

	wt_ov(&ov, TRUE);
	ASSERT_PENDING(WinUsb_ReadPipe(self->usb, self->in, buf, sizeof(buf),
				       NULL, &ov));
	EXPECT_EQ(WAIT_TIMEOUT, WaitForSingleObject(ov.hEvent, 100));
	ASSERT_EQ(WAIT_OBJECT_0, WaitForSingleObject(ov.hEvent, 5000));
	EXPECT_WIN_FAIL(WinUsb_GetOverlappedResult(self->usb, &ov, &n, FALSE),
			ERROR_SEM_TIMEOUT);

	/* Writes: the NAK fault holds them. */
	ASSERT_WIN_OK(td_fault(self->usb, TD_FAULT_NAK, self->out));
	ASSERT_WIN_OK(set_ulong(self->usb, self->out, PIPE_TRANSFER_TIMEOUT,
				200));
	t0 = wt_now_ms();
	EXPECT_WIN_FAIL(WinUsb_WritePipe(self->usb, self->out, buf, 100, &n,
					 NULL),
			ERROR_SEM_TIMEOUT);
	EXPECT_GE(wt_now_ms() - t0, 180);
	ASSERT_WIN_OK(td_fault(self->usb, TD_FAULT_NONE, self->out));

	/* 0: no time-out; the read waits for data as long as it takes. */
	ASSERT_WIN_OK(set_ulong(self->usb, self->in, PIPE_TRANSFER_TIMEOUT, 0));
	ASSERT_PENDING(WinUsb_ReadPipe(self->usb, self->in, buf, sizeof(buf),
				       NULL, &ov));
	EXPECT_EQ(WAIT_TIMEOUT, WaitForSingleObject(ov.hEvent, 500));
	ASSERT_TRUE(write_pattern(self->usb, self->out, 10, 3));
	ASSERT_EQ(WAIT_OBJECT_0, WaitForSingleObject(ov.hEvent, 5000));
	EXPECT_WIN_OK(WinUsb_GetOverlappedResult(self->usb, &ov, &n, FALSE));
	EXPECT_EQ(10u, n);
	CloseHandle(ov.hEvent);
}

TEST_F(dev, short_packet_terminate)
{
	struct td_counters c;
	ULONG maxp = self->maxp;

	/* The device counts wire packets: a ZLP is one more. */
	ASSERT_TRUE(write_pattern(self->usb, self->out, maxp, 1));
	ASSERT_WIN_OK(td_counters(self->usb, &c));
	EXPECT_EQ(1u, c.ep[TD_EPI_BULK_OUT].packets);

	ASSERT_WIN_OK(set_u8(self->usb, self->out, SHORT_PACKET_TERMINATE, 1));
	ASSERT_TRUE(write_pattern(self->usb, self->out, 2 * maxp, 2));
	ASSERT_WIN_OK(td_counters(self->usb, &c));
	EXPECT_EQ(1u + 3, c.ep[TD_EPI_BULK_OUT].packets);
	/* Not a multiple of the packet size: already ends short. */
	ASSERT_TRUE(write_pattern(self->usb, self->out, maxp + 1, 3));
	ASSERT_WIN_OK(td_counters(self->usb, &c));
	EXPECT_EQ(4u + 2, c.ep[TD_EPI_BULK_OUT].packets);
	/* A zero-length write is one zero-length packet either way. */
	ASSERT_TRUE(write_pattern(self->usb, self->out, 0, 4));
	ASSERT_WIN_OK(td_counters(self->usb, &c));
	EXPECT_EQ(6u + 1, c.ep[TD_EPI_BULK_OUT].packets);
	EXPECT_EQ(4u, c.ep[TD_EPI_BULK_OUT].urbs);
	EXPECT_EQ(4u * maxp + 1, c.ep[TD_EPI_BULK_OUT].bytes);

	/*
	 * A write sent as several URBs (300 KiB) ends with one ZLP, after
	 * its last URB only.
	 */
	ASSERT_TRUE(write_pattern(self->usb, self->out, 300 * 1024, 6));
	ASSERT_WIN_OK(td_counters(self->usb, &c));
	EXPECT_GT(c.ep[TD_EPI_BULK_OUT].urbs, 4u + 1);
	EXPECT_EQ(7u + 300 * 1024 / maxp + 1, c.ep[TD_EPI_BULK_OUT].packets);

	ASSERT_WIN_OK(set_u8(self->usb, self->out, SHORT_PACKET_TERMINATE, 0));
	ASSERT_WIN_OK(td_request(self->usb, TD_REQ_RESET_COUNTERS, 0, 0));
	ASSERT_TRUE(write_pattern(self->usb, self->out, maxp, 5));
	ASSERT_WIN_OK(td_counters(self->usb, &c));
	EXPECT_EQ(1u, c.ep[TD_EPI_BULK_OUT].packets);
}

TEST_F(dev, auto_clear_stall)
{
	UCHAR buf[64], in[4][TD_BULK_MAXP_SUPER];
	OVERLAPPED ov[4];
	ULONG n;
	int i;

	/* Off (default): the pipe stays halted until WinUsb_ResetPipe. */
	ASSERT_WIN_OK(td_request(self->usb, TD_REQ_FORCE_STALL, 0, self->in));
	EXPECT_WIN_FAIL(WinUsb_ReadPipe(self->usb, self->in, buf, sizeof(buf),
					&n, NULL),
			ERROR_GEN_FAILURE);
	EXPECT_EQ(1, td_halted(self->usb, self->in));
	ASSERT_TRUE(write_pattern(self->usb, self->out, 10, 1));
	EXPECT_WIN_FAIL(WinUsb_ReadPipe(self->usb, self->in, buf, sizeof(buf),
					&n, NULL),
			ERROR_GEN_FAILURE);
	ASSERT_WIN_OK(WinUsb_ResetPipe(self->usb, self->in));
	EXPECT_EQ(0, td_halted(self->usb, self->in));
	EXPECT_WIN_OK(WinUsb_ReadPipe(self->usb, self->in, buf, sizeof(buf), &n,
				      NULL));
	EXPECT_EQ(10u, n);

	/* On: the read fails once, and the halt is cleared before it does. */
	ASSERT_WIN_OK(set_u8(self->usb, self->in, AUTO_CLEAR_STALL, 1));
	ASSERT_WIN_OK(td_request(self->usb, TD_REQ_FORCE_STALL, 0, self->in));
	EXPECT_WIN_FAIL(WinUsb_ReadPipe(self->usb, self->in, buf, sizeof(buf),
					&n, NULL),
			ERROR_GEN_FAILURE);
	EXPECT_EQ(0, td_halted(self->usb, self->in));
	ASSERT_TRUE(write_pattern(self->usb, self->out, 20, 2));
	EXPECT_WIN_OK(WinUsb_ReadPipe(self->usb, self->in, buf, sizeof(buf), &n,
				      NULL));
	EXPECT_EQ(20u, n);

	/*
	 * Several reads at the device when the endpoint halts (whole
	 * packets: the driver sends them side by side).
	 */
	for (i = 0; i < 4; i++) {
		wt_ov(&ov[i], TRUE);
		ASSERT_PENDING(WinUsb_ReadPipe(self->usb, self->in, in[i],
					       self->maxp, NULL, &ov[i]));
	}
	Sleep(100);
	ASSERT_WIN_OK(td_request(self->usb, TD_REQ_FORCE_STALL, 0, self->in));
	for (i = 0; i < 4; i++) {
		ASSERT_EQ(WAIT_OBJECT_0, WaitForSingleObject(ov[i].hEvent, 5000));
		EXPECT_WIN_FAIL(WinUsb_GetOverlappedResult(self->usb, &ov[i],
							   &n, FALSE),
				ERROR_GEN_FAILURE);
		CloseHandle(ov[i].hEvent);
	}
	EXPECT_EQ(0, td_halted(self->usb, self->in));
	ASSERT_TRUE(write_pattern(self->usb, self->out, 30, 3));
	EXPECT_WIN_OK(WinUsb_ReadPipe(self->usb, self->in, buf, sizeof(buf), &n,
				      NULL));
	EXPECT_EQ(30u, n);
}

TEST_F(dev, ignore_short_packets)
{
	ULONG len = 2 * self->maxp, n = 0;
	UCHAR *in = malloc(len), *out = malloc(len);
	OVERLAPPED ov;

	wt_fill(out, len, 7);
	/* Off: the short packet ends the read. */
	ASSERT_WIN_OK(WinUsb_WritePipe(self->usb, self->out, out, 100, &n,
				       NULL));
	ASSERT_WIN_OK(WinUsb_ReadPipe(self->usb, self->in, in, len, &n, NULL));
	EXPECT_EQ(100u, n);

	/* On: the read goes on until it is full. */
	ASSERT_WIN_OK(set_u8(self->usb, self->in, IGNORE_SHORT_PACKETS, 1));
	wt_ov(&ov, TRUE);
	ASSERT_WIN_OK(WinUsb_WritePipe(self->usb, self->out, out, 100, &n,
				       NULL));
	ASSERT_PENDING(WinUsb_ReadPipe(self->usb, self->in, in, len, NULL, &ov));
	EXPECT_EQ(WAIT_TIMEOUT, WaitForSingleObject(ov.hEvent, 300));
	ASSERT_WIN_OK(WinUsb_WritePipe(self->usb, self->out, out + 100,
				       len - 100 - 1, &n, NULL));
	EXPECT_EQ(WAIT_TIMEOUT, WaitForSingleObject(ov.hEvent, 300));
	ASSERT_WIN_OK(WinUsb_WritePipe(self->usb, self->out, out + len - 1, 1,
				       &n, NULL));
	ASSERT_EQ(WAIT_OBJECT_0, WaitForSingleObject(ov.hEvent, 5000));
	EXPECT_WIN_OK(WinUsb_GetOverlappedResult(self->usb, &ov, &n, FALSE));
	EXPECT_EQ(len, n);
	EXPECT_EQ(0, memcmp(in, out, len));

	/* Aborted half way: the bytes received so far are reported. */
	ASSERT_WIN_OK(WinUsb_WritePipe(self->usb, self->out, out, 100, &n,
				       NULL));
	ASSERT_PENDING(WinUsb_ReadPipe(self->usb, self->in, in, len, NULL, &ov));
	EXPECT_EQ(WAIT_TIMEOUT, WaitForSingleObject(ov.hEvent, 300));
	ASSERT_WIN_OK(WinUsb_AbortPipe(self->usb, self->in));
	EXPECT_WIN_FAIL(WinUsb_GetOverlappedResult(self->usb, &ov, &n, FALSE),
			ERROR_OPERATION_ABORTED);
	EXPECT_EQ(100u, n);
	EXPECT_EQ(0, memcmp(in, out, 100));
	CloseHandle(ov.hEvent);
	free(in);
	free(out);
}

TEST_F(dev, partial_reads_kept)
{
	UCHAR out[60], in[512];
	ULONG n = 0;

	/*
	 * ALLOW_PARTIAL_READS on, AUTO_FLUSH off (defaults): a read of 10
	 * bytes reads a whole packet and keeps the other 50 bytes for the
	 * next read.  (60 bytes: one packet even at full speed.)
	 */
	wt_fill(out, sizeof(out), 11);
	ASSERT_WIN_OK(WinUsb_WritePipe(self->usb, self->out, out, sizeof(out),
				       &n, NULL));
	ASSERT_WIN_OK(WinUsb_ReadPipe(self->usb, self->in, in, 10, &n, NULL));
	EXPECT_EQ(10u, n);
	EXPECT_EQ(0, memcmp(in, out, 10));
	ASSERT_WIN_OK(WinUsb_ReadPipe(self->usb, self->in, in, 30, &n, NULL));
	EXPECT_EQ(30u, n);
	EXPECT_EQ(0, memcmp(in, out + 10, 30));
	/* The kept bytes start the next read, which goes on at the device. */
	ASSERT_WIN_OK(WinUsb_WritePipe(self->usb, self->out, out, 50, &n,
				       NULL));
	ASSERT_WIN_OK(WinUsb_ReadPipe(self->usb, self->in, in, sizeof(in), &n,
				      NULL));
	EXPECT_EQ(20u + 50, n);
	EXPECT_EQ(0, memcmp(in, out + 40, 20));
	EXPECT_EQ(0, memcmp(in + 20, out, 50));

	/* A zero-length read completes at once. */
	ASSERT_WIN_OK(WinUsb_ReadPipe(self->usb, self->in, in, 0, &n, NULL));
	EXPECT_EQ(0u, n);

	/* WinUsb_FlushPipe drops what was kept. */
	ASSERT_WIN_OK(WinUsb_WritePipe(self->usb, self->out, out, sizeof(out),
				       &n, NULL));
	ASSERT_WIN_OK(WinUsb_ReadPipe(self->usb, self->in, in, 10, &n, NULL));
	ASSERT_WIN_OK(WinUsb_FlushPipe(self->usb, self->in));
	ASSERT_WIN_OK(set_ulong(self->usb, self->in, PIPE_TRANSFER_TIMEOUT,
				200));
	EXPECT_WIN_FAIL(WinUsb_ReadPipe(self->usb, self->in, in, sizeof(in), &n,
					NULL),
			ERROR_SEM_TIMEOUT);
	EXPECT_WIN_FAIL(WinUsb_FlushPipe(self->usb, self->out + 0x10),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_FlushPipe(NULL, self->in), ERROR_INVALID_HANDLE);
}

TEST_F(dev, partial_reads_flushed)
{
	UCHAR out[60], in[512];
	ULONG n = 0;

	/* AUTO_FLUSH on: the excess of a partial read is dropped. */
	wt_fill(out, sizeof(out), 12);
	ASSERT_WIN_OK(set_u8(self->usb, self->in, AUTO_FLUSH, 1));
	ASSERT_WIN_OK(set_ulong(self->usb, self->in, PIPE_TRANSFER_TIMEOUT,
				200));
	ASSERT_WIN_OK(WinUsb_WritePipe(self->usb, self->out, out, sizeof(out),
				       &n, NULL));
	ASSERT_WIN_OK(WinUsb_ReadPipe(self->usb, self->in, in, 10, &n, NULL));
	EXPECT_EQ(10u, n);
	EXPECT_EQ(0, memcmp(in, out, 10));
	EXPECT_WIN_FAIL(WinUsb_ReadPipe(self->usb, self->in, in, sizeof(in), &n,
					NULL),
			ERROR_SEM_TIMEOUT);
}

TEST_F(dev, partial_reads_refused)
{
	UCHAR out[60], in[512];
	ULONG n = 0;
	OVERLAPPED ov;

	/* ALLOW_PARTIAL_READS off: more data than asked fails the read. */
	wt_fill(out, sizeof(out), 13);
	ASSERT_WIN_OK(set_u8(self->usb, self->in, ALLOW_PARTIAL_READS, 0));
	ASSERT_WIN_OK(WinUsb_WritePipe(self->usb, self->out, out, sizeof(out),
				       &n, NULL));
	EXPECT_WIN_FAIL(WinUsb_ReadPipe(self->usb, self->in, in, 10, &n, NULL),
			ERROR_GEN_FAILURE);
	/* A read that fits is fine. */
	ASSERT_WIN_OK(WinUsb_WritePipe(self->usb, self->out, out, sizeof(out),
				       &n, NULL));
	ASSERT_WIN_OK(WinUsb_ReadPipe(self->usb, self->in, in, sizeof(in), &n,
				      NULL));
	EXPECT_EQ(sizeof(out), n);
	EXPECT_EQ(0, memcmp(in, out, sizeof(out)));
	/* A zero-length read now waits for a zero-length packet. */
	wt_ov(&ov, TRUE);
	ASSERT_PENDING(WinUsb_ReadPipe(self->usb, self->in, in, 0, NULL, &ov));
	EXPECT_EQ(WAIT_TIMEOUT, WaitForSingleObject(ov.hEvent, 300));
	EXPECT_WIN_OK(WinUsb_AbortPipe(self->usb, self->in));
	EXPECT_WIN_FAIL(WinUsb_GetOverlappedResult(self->usb, &ov, &n, FALSE),
			ERROR_OPERATION_ABORTED);
	CloseHandle(ov.hEvent);
}

TEST_F(dev, raw_io)
{
	ULONG maxp = self->maxp, n = 0, max = 0, len = sizeof(max);
	UCHAR *buf = malloc(2 << 20);

	ASSERT_WIN_OK(set_u8(self->usb, self->in, RAW_IO, 1));
	ASSERT_WIN_OK(set_u8(self->usb, self->out, RAW_IO, 1));
	ASSERT_WIN_OK(WinUsb_GetPipePolicy(self->usb, self->in,
					   MAXIMUM_TRANSFER_SIZE, &len, &max));
	/* Reads must be whole packets, at most MAXIMUM_TRANSFER_SIZE. */
	EXPECT_WIN_FAIL(WinUsb_ReadPipe(self->usb, self->in, buf, 100, &n,
					NULL),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_ReadPipe(self->usb, self->in, buf, max + maxp,
					&n, NULL),
			ERROR_INVALID_PARAMETER);
	/* On an OUT pipe RAW_IO does nothing, as every policy that does not
	 * apply to a pipe: any length goes. */
	wt_fill(buf, maxp + 1, 20);
	ASSERT_WIN_OK(WinUsb_WritePipe(self->usb, self->out, buf, maxp + 1, &n,
				       NULL));
	EXPECT_EQ(maxp + 1, n);
	ASSERT_WIN_OK(WinUsb_ReadPipe(self->usb, self->in, buf + (1 << 20),
				      2 * maxp, &n, NULL));
	EXPECT_EQ(maxp + 1, n);
	EXPECT_EQ(0, memcmp(buf, buf + (1 << 20), maxp + 1));
	wt_fill(buf, 3 * maxp, 21);
	ASSERT_WIN_OK(WinUsb_WritePipe(self->usb, self->out, buf, 3 * maxp, &n,
				       NULL));
	EXPECT_EQ(3 * maxp, n);
	memset(buf + (1 << 20), 0, 4 * maxp);
	ASSERT_WIN_OK(WinUsb_ReadPipe(self->usb, self->in, buf + (1 << 20),
				      4 * maxp, &n, NULL));
	EXPECT_EQ(3 * maxp, n);
	EXPECT_EQ(0, memcmp(buf, buf + (1 << 20), 3 * maxp));
	/* Off again: any length. */
	ASSERT_WIN_OK(set_u8(self->usb, self->in, RAW_IO, 0));
	ASSERT_WIN_OK(WinUsb_WritePipe(self->usb, self->out, buf, maxp, &n,
				       NULL));
	EXPECT_WIN_OK(WinUsb_ReadPipe(self->usb, self->in, buf, 10, &n, NULL));
	EXPECT_EQ(10u, n);
	free(buf);
}

struct big_read {
	WINUSB_INTERFACE_HANDLE usb;
	UCHAR pipe;
	UCHAR *buf;
	ULONG len, got;
	BOOL ok;
};

/* Read until @len bytes arrived: the device returns what its FIFO has. */
static void *read_all(void *arg)
{
	struct big_read *r = arg;
	ULONG n;

	r->ok = TRUE;
	while (r->got < r->len && r->ok) {
		r->ok = WinUsb_ReadPipe(r->usb, r->pipe, r->buf + r->got,
					r->len - r->got, &n, NULL);
		r->got += n;
	}
	return NULL;
}

TEST_F(dev, loopback_sizes)
{
	ULONG maxp = self->maxp;
	ULONG sizes[] = { 1, maxp - 1, maxp, maxp + 1, 4096, 65537,
			  (1 << 20) + 3, (3 << 20) + 5 };
	UCHAR *out = malloc(4 << 20), *in = malloc(4 << 20);
	unsigned int i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct big_read r = {
			.usb = self->usb, .pipe = self->in, .buf = in,
			.len = sizes[i],
		};
		pthread_t t;
		ULONG n = 0;

		wt_fill(out, sizes[i], i);
		memset(in, 0, sizes[i]);
		/* Larger than the device's FIFO: read while writing. */
		pthread_create(&t, NULL, read_all, &r);
		EXPECT_WIN_OK(WinUsb_WritePipe(self->usb, self->out, out,
					       sizes[i], &n, NULL));
		EXPECT_EQ(sizes[i], n);
		pthread_join(t, NULL);
		EXPECT_TRUE(r.ok);
		EXPECT_EQ(sizes[i], r.got);
		EXPECT_EQ(0, memcmp(in, out, sizes[i])) TH_LOG("size %u",
							       sizes[i]);
	}
	/* Zero-length write: a zero-length packet, nothing for the FIFO. */
	EXPECT_WIN_OK(WinUsb_WritePipe(self->usb, self->out, NULL, 0, NULL,
				       NULL));
	free(in);
	free(out);
}

TEST_F(dev, interrupt_pipe)
{
	UCHAR r1[8], r2[8];
	OVERLAPPED ov;
	ULONG n = 0;

	ASSERT_WIN_OK(WinUsb_ReadPipe(self->usb, self->intr, r1, sizeof(r1), &n,
				      NULL));
	EXPECT_EQ(TD_INT_REPORT_LEN, n);
	wt_ov(&ov, FALSE);
	ASSERT_PENDING(WinUsb_ReadPipe(self->usb, self->intr, r2, sizeof(r2),
				       NULL, &ov));
	ASSERT_EQ(WAIT_OBJECT_0, WaitForSingleObject(ov.hEvent, 5000));
	ASSERT_WIN_OK(WinUsb_GetOverlappedResult(self->usb, &ov, &n, FALSE));
	EXPECT_EQ(TD_INT_REPORT_LEN, n);
	EXPECT_GT(td_int_report_count(r2), td_int_report_count(r1));
	/* Interrupt IN only: no writing. */
	EXPECT_WIN_FAIL(WinUsb_WritePipe(self->usb, self->intr, r1, 8, &n,
					 NULL),
			ERROR_INVALID_PARAMETER);
	CloseHandle(ov.hEvent);
}

TEST_F(dev, transfer_argument_errors)
{
	struct td_counters c;
	UCHAR buf[64];
	OVERLAPPED ov;
	HANDLE ev;
	ULONG n;

	EXPECT_WIN_FAIL(WinUsb_ReadPipe(self->usb, self->out, buf, 8, &n, NULL),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_WritePipe(self->usb, self->in, buf, 8, &n, NULL),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_ReadPipe(self->usb, 0x8f, buf, 8, &n, NULL),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_ReadPipe(self->usb, TD_EP_ISOCH_IN, buf, 8, &n,
					NULL),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_ReadPipe(self->usb, 0x80, buf, 8, &n, NULL),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_ReadPipe(self->usb, self->in, NULL, 8, &n, NULL),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_ReadPipe(NULL, self->in, buf, 8, &n, NULL),
			ERROR_INVALID_HANDLE);
	EXPECT_WIN_FAIL(WinUsb_WritePipe(NULL, self->out, buf, 8, &n, NULL),
			ERROR_INVALID_HANDLE);
	/* A bad buffer is found by the driver. */
	EXPECT_WIN_FAIL(WinUsb_WritePipe(self->usb, self->out, (PUCHAR)8, 8, &n,
					 NULL),
			ERROR_NOACCESS);

	/* A bogus hEvent: refused, nothing queued, OVERLAPPED not pending. */
	wt_ov(&ov, TRUE);
	ev = ov.hEvent;
	ov.hEvent = (HANDLE)(uintptr_t)0x12345670;
	EXPECT_WIN_FAIL(WinUsb_WritePipe(self->usb, self->out, buf, 8, NULL,
					 &ov),
			ERROR_INVALID_HANDLE);
	/* An immediate failure with an OVERLAPPED is not pending either. */
	ov.hEvent = ev;
	EXPECT_WIN_FAIL(WinUsb_ReadPipe(self->usb, 0x8f, buf, 8, NULL, &ov),
			ERROR_INVALID_PARAMETER);
	EXPECT_TRUE(HasOverlappedIoCompleted(&ov));
	EXPECT_EQ(WAIT_TIMEOUT, WaitForSingleObject(ev, 0));
	ASSERT_WIN_OK(td_counters(self->usb, &c));
	EXPECT_EQ(0u, c.ep[TD_EPI_BULK_OUT].urbs);
	/* The low bit of hEvent (no completion port) is ignored. */
	ov.hEvent = (HANDLE)((uintptr_t)ev | 1);
	EXPECT_PENDING(WinUsb_WritePipe(self->usb, self->out, buf, 8, NULL,
					&ov));
	EXPECT_EQ(WAIT_OBJECT_0, WaitForSingleObject(ev, 5000));
	CloseHandle(ev);
}

#define INFLIGHT 64
#define CHUNK 4096

TEST_F(dev, sixty_four_in_flight_each_bulk_pipe)
{
	static OVERLAPPED rov[INFLIGHT], wov[INFLIGHT];
	static UCHAR in[INFLIGHT][CHUNK], out[INFLIGHT][CHUNK];
	HANDLE rev[INFLIGHT], wev[INFLIGHT];
	struct td_counters c;
	DWORD n;
	int i;

	/* 64 reads wait on the empty FIFO... */
	for (i = 0; i < INFLIGHT; i++) {
		wt_ov(&rov[i], TRUE);
		rev[i] = rov[i].hEvent;
		ASSERT_PENDING(WinUsb_ReadPipe(self->usb, self->in, in[i], CHUNK,
					       NULL, &rov[i]));
	}
	/* ...and 64 writes on the NAK fault. */
	ASSERT_WIN_OK(td_fault(self->usb, TD_FAULT_NAK, self->out));
	for (i = 0; i < INFLIGHT; i++) {
		wt_ov(&wov[i], FALSE);
		wev[i] = wov[i].hEvent;
		wt_fill(out[i], CHUNK, 100 + i);
		ASSERT_PENDING(WinUsb_WritePipe(self->usb, self->out, out[i],
						CHUNK, NULL, &wov[i]));
	}
	EXPECT_EQ(WAIT_TIMEOUT, WaitForMultipleObjects(INFLIGHT, rev, FALSE,
						       200));
	EXPECT_EQ(WAIT_TIMEOUT, WaitForMultipleObjects(INFLIGHT, wev, FALSE, 0));
	for (i = 0; i < INFLIGHT; i++) {
		EXPECT_FALSE(HasOverlappedIoCompleted(&rov[i]));
		EXPECT_WIN_FAIL(WinUsb_GetOverlappedResult(self->usb, &rov[i],
							   &n, FALSE),
				ERROR_IO_INCOMPLETE);
	}
	/* All 128 are at the device at once. */
	ASSERT_WIN_OK(td_counters(self->usb, &c));
	EXPECT_GE(c.urbs_received, 2u * INFLIGHT);

	ASSERT_WIN_OK(td_fault(self->usb, TD_FAULT_NONE, self->out));
	ASSERT_EQ(WAIT_OBJECT_0, WaitForMultipleObjects(INFLIGHT, wev, TRUE,
							20000));
	ASSERT_EQ(WAIT_OBJECT_0, WaitForMultipleObjects(INFLIGHT, rev, TRUE,
							20000));
	for (i = 0; i < INFLIGHT; i++) {
		ASSERT_WIN_OK(WinUsb_GetOverlappedResult(self->usb, &wov[i],
							 &n, FALSE));
		EXPECT_EQ((DWORD)CHUNK, n);
		ASSERT_WIN_OK(WinUsb_GetOverlappedResult(self->usb, &rov[i],
							 &n, TRUE));
		EXPECT_EQ((DWORD)CHUNK, n);
		/* Completed in submission order on both pipes. */
		EXPECT_EQ(0, memcmp(in[i], out[i], CHUNK)) TH_LOG("read %d", i);
		CloseHandle(rev[i]);
		CloseHandle(wev[i]);
	}
	ASSERT_WIN_OK(td_counters(self->usb, &c));
	EXPECT_EQ((uint32_t)INFLIGHT, c.ep[TD_EPI_BULK_IN].urbs);
	EXPECT_EQ((uint32_t)INFLIGHT, c.ep[TD_EPI_BULK_OUT].urbs);
}

static void *write_later(void *arg)
{
	WINUSB_INTERFACE_HANDLE usb = arg;
	UCHAR b[5] = "hello";
	ULONG n;

	Sleep(200);
	WinUsb_WritePipe(usb, TD_EP_BULK_OUT, b, 5, &n, NULL);
	return NULL;
}

TEST_F(dev, get_overlapped_result)
{
	OVERLAPPED ov;
	UCHAR in[64];
	pthread_t t;
	DWORD n = 99;

	/* bWait FALSE on a pending request. */
	wt_ov(&ov, FALSE);
	ASSERT_PENDING(WinUsb_ReadPipe(self->usb, self->in, in, sizeof(in),
				       NULL, &ov));
	EXPECT_EQ(STATUS_PENDING, (DWORD)ov.Internal);
	EXPECT_WIN_FAIL(WinUsb_GetOverlappedResult(self->usb, &ov, &n, FALSE),
			ERROR_IO_INCOMPLETE);
	EXPECT_WIN_FAIL(GetOverlappedResult(self->file, &ov, &n, FALSE),
			ERROR_IO_INCOMPLETE);
	/* bWait TRUE blocks until the data arrives. */
	pthread_create(&t, NULL, write_later, self->usb);
	ASSERT_WIN_OK(WinUsb_GetOverlappedResult(self->usb, &ov, &n, TRUE));
	EXPECT_EQ(5u, n);
	EXPECT_EQ(0, memcmp(in, "hello", 5));
	EXPECT_TRUE(HasOverlappedIoCompleted(&ov));
	EXPECT_EQ(5u, (DWORD)ov.InternalHigh);
	pthread_join(t, NULL);
	/* The result stays available. */
	n = 0;
	EXPECT_WIN_OK(GetOverlappedResult(self->file, &ov, &n, TRUE));
	EXPECT_EQ(5u, n);
	CloseHandle(ov.hEvent);

	/*
	 * The program consumed the auto-reset event itself: GetOverlappedResult
	 * (bWait TRUE) still returns, since it waits for the request.
	 */
	wt_ov(&ov, FALSE);
	ASSERT_PENDING(WinUsb_ReadPipe(self->usb, self->in, in, sizeof(in),
				       NULL, &ov));
	pthread_create(&t, NULL, write_later, self->usb);
	ASSERT_EQ(WAIT_OBJECT_0, WaitForSingleObject(ov.hEvent, 5000));
	EXPECT_WIN_OK(WinUsb_GetOverlappedResult(self->usb, &ov, &n, TRUE));
	EXPECT_EQ(5u, n);
	pthread_join(t, NULL);
	CloseHandle(ov.hEvent);

	/* No event at all: bWait TRUE blocks until the request is done. */
	memset(&ov, 0, sizeof(ov));
	ASSERT_PENDING(WinUsb_ReadPipe(self->usb, self->in, in, sizeof(in),
				       NULL, &ov));
	pthread_create(&t, NULL, write_later, self->usb);
	EXPECT_WIN_OK(WinUsb_GetOverlappedResult(self->usb, &ov, &n, TRUE));
	EXPECT_EQ(5u, n);
	pthread_join(t, NULL);

	/* ...or the program polls HasOverlappedIoCompleted. */
	memset(&ov, 0, sizeof(ov));
	ASSERT_PENDING(WinUsb_ReadPipe(self->usb, self->in, in, sizeof(in),
				       NULL, &ov));
	pthread_create(&t, NULL, write_later, self->usb);
	while (!HasOverlappedIoCompleted(&ov))
		Sleep(5);
	EXPECT_WIN_OK(WinUsb_GetOverlappedResult(self->usb, &ov, &n, FALSE));
	EXPECT_EQ(5u, n);
	pthread_join(t, NULL);

	EXPECT_WIN_FAIL(WinUsb_GetOverlappedResult(NULL, &ov, &n, FALSE),
			ERROR_INVALID_HANDLE);
}

/*
 * A Windows program reuses an OVERLAPPED as soon as GetOverlappedResult()
 * has given its result.  The completion of the old request must be over
 * by then: its event may not fire for the new one.
 */
TEST_F(dev, overlapped_reused_at_once)
{
	OVERLAPPED ov;
	UCHAR in[64], b = 1;
	int i, stale = 0;
	DWORD n;

	wt_ov(&ov, TRUE);
	for (i = 0; i < 200; i++) {
		ASSERT_PENDING(WinUsb_ReadPipe(self->usb, self->in, in,
					       sizeof(in), NULL, &ov));
		ASSERT_WIN_OK(WinUsb_WritePipe(self->usb, self->out, &b, 1, &n,
					       NULL));
		ASSERT_WIN_OK(WinUsb_GetOverlappedResult(self->usb, &ov, &n,
							 TRUE));
		ASSERT_EQ(1u, n);
		ASSERT_PENDING(WinUsb_ReadPipe(self->usb, self->in, in,
					       sizeof(in), NULL, &ov));
		if (WaitForSingleObject(ov.hEvent, 1) != WAIT_TIMEOUT)
			stale++;
		ASSERT_WIN_OK(CancelIoEx(self->file, &ov));
		ASSERT_WIN_FAIL(WinUsb_GetOverlappedResult(self->usb, &ov, &n,
							   TRUE),
				ERROR_OPERATION_ABORTED);
	}
	EXPECT_EQ(0, stale);
	CloseHandle(ov.hEvent);
}

TEST_F(dev, control_transfer)
{
	static UCHAR out[4096], in[4096 + 1];
	WINUSB_INTERFACE_HANDLE h1;
	WINUSB_SETUP_PACKET sp;
	USB_DEVICE_DESCRIPTOR dd;
	OVERLAPPED ov;
	ULONG n = 0;
	UCHAR b[2];

	/* Vendor echo of the largest data stage, 4 KiB. */
	wt_fill(out, sizeof(out), 31);
	sp = wt_setup(TD_VENDOR_OUT, TD_REQ_ECHO_OUT, 0, 0, sizeof(out));
	ASSERT_WIN_OK(WinUsb_ControlTransfer(self->usb, sp, out, sizeof(out),
					     &n, NULL));
	EXPECT_EQ(sizeof(out), n);
	sp = wt_setup(TD_VENDOR_IN, TD_REQ_ECHO_IN, 0, 0, sizeof(out));
	ASSERT_WIN_OK(WinUsb_ControlTransfer(self->usb, sp, in, sizeof(out), &n,
					     NULL));
	EXPECT_EQ(sizeof(out), n);
	EXPECT_EQ(0, memcmp(in, out, sizeof(out)));

	/* OVERLAPPED; a shorter answer than wLength. */
	wt_ov(&ov, TRUE);
	sp = wt_setup(TD_VENDOR_OUT, TD_REQ_ECHO_OUT, 0, 0, 10);
	ASSERT_PENDING(WinUsb_ControlTransfer(self->usb, sp, out + 100, 10, NULL,
					      &ov));
	ASSERT_EQ(WAIT_OBJECT_0, WaitForSingleObject(ov.hEvent, 5000));
	ASSERT_WIN_OK(WinUsb_GetOverlappedResult(self->usb, &ov, &n, FALSE));
	EXPECT_EQ(10u, n);
	sp = wt_setup(TD_VENDOR_IN, TD_REQ_ECHO_IN, 0, 0, sizeof(out));
	ASSERT_PENDING(WinUsb_ControlTransfer(self->usb, sp, in, sizeof(out),
					      NULL, &ov));
	ASSERT_WIN_OK(WinUsb_GetOverlappedResult(self->usb, &ov, &n, TRUE));
	EXPECT_EQ(10u, n);
	EXPECT_EQ(0, memcmp(in, out + 100, 10));

	/* A standard request goes through as it is. */
	sp = wt_setup(0x80, USB_REQUEST_GET_DESCRIPTOR,
		      USB_DEVICE_DESCRIPTOR_TYPE << 8, 0, sizeof(dd));
	ASSERT_WIN_OK(WinUsb_ControlTransfer(self->usb, sp, (PUCHAR)&dd,
					     sizeof(dd), &n, NULL));
	EXPECT_EQ(sizeof(dd), n);
	EXPECT_EQ(TD_VID, dd.idVendor);

	/* The device stalls a request it does not know. */
	sp = wt_setup(TD_VENDOR_OUT, 0x77, 0, 0, 0);
	EXPECT_WIN_FAIL(WinUsb_ControlTransfer(self->usb, sp, NULL, 0, NULL,
					       NULL),
			ERROR_GEN_FAILURE);
	ASSERT_PENDING(WinUsb_ControlTransfer(self->usb, sp, NULL, 0, NULL,
					      &ov));
	EXPECT_WIN_FAIL(WinUsb_GetOverlappedResult(self->usb, &ov, &n, TRUE),
			ERROR_GEN_FAILURE);
	CloseHandle(ov.hEvent);

	/* Interface recipient: WinUSB puts the handle's interface in wIndex. */
	ASSERT_WIN_OK(WinUsb_GetAssociatedInterface(self->usb, 0, &h1));
	ASSERT_WIN_OK(WinUsb_SetCurrentAlternateSetting(h1, TD_ISOCH_ALT_ON));
	sp = wt_setup(0x81, USB_REQUEST_GET_INTERFACE, 0, 0, 1);
	b[0] = 9;
	ASSERT_WIN_OK(WinUsb_ControlTransfer(h1, sp, b, 1, &n, NULL));
	EXPECT_EQ(TD_ISOCH_ALT_ON, b[0]);	/* interface 1's, not 0's */
	sp.Index = TD_IFACE_ISOCH;
	b[0] = 9;
	ASSERT_WIN_OK(WinUsb_ControlTransfer(self->usb, sp, b, 1, &n, NULL));
	EXPECT_EQ(0, b[0]);		/* interface 0's, not 1's */
	sp.Index = 0x7f00 | TD_IFACE_ISOCH;	/* high byte kept */
	EXPECT_WIN_OK(WinUsb_ControlTransfer(h1, sp, b, 1, &n, NULL));

	/* Endpoint recipient: an endpoint of this interface. */
	ASSERT_WIN_OK(td_request(self->usb, TD_REQ_FORCE_STALL, 0, self->in));
	EXPECT_EQ(1, td_halted(self->usb, self->in));
	EXPECT_EQ(0, td_halted(self->usb, self->out));
	EXPECT_EQ(0, td_halted(h1, TD_EP_ISOCH_IN));
	sp = wt_setup(0x82, USB_REQUEST_GET_STATUS, 0, TD_EP_ISOCH_IN, 2);
	EXPECT_WIN_FAIL(WinUsb_ControlTransfer(self->usb, sp, b, 2, &n, NULL),
			ERROR_INVALID_PARAMETER);
	sp.Index = self->in;
	EXPECT_WIN_FAIL(WinUsb_ControlTransfer(h1, sp, b, 2, &n, NULL),
			ERROR_INVALID_PARAMETER);
	/* CLEAR_FEATURE(ENDPOINT_HALT) as a control transfer. */
	sp = wt_setup(0x02, USB_REQUEST_CLEAR_FEATURE, USB_FEATURE_ENDPOINT_STALL,
		      self->in, 0);
	EXPECT_WIN_OK(WinUsb_ControlTransfer(self->usb, sp, NULL, 0, NULL,
					     NULL));
	EXPECT_EQ(0, td_halted(self->usb, self->in));

	/* Standard SET_INTERFACE is WinUsb_SetCurrentAlternateSetting. */
	sp = wt_setup(0x01, USB_REQUEST_SET_INTERFACE, TD_ISOCH_ALT_OFF,
		      TD_IFACE_ISOCH, 0);
	EXPECT_WIN_OK(WinUsb_ControlTransfer(h1, sp, NULL, 0, &n, NULL));
	EXPECT_WIN_OK(WinUsb_GetCurrentAlternateSetting(h1, b));
	EXPECT_EQ(TD_ISOCH_ALT_OFF, b[0]);
	WinUsb_Free(h1);

	/* What the USB core owns is refused. */
	sp = wt_setup(0x00, USB_REQUEST_SET_CONFIGURATION, 1, 0, 0);
	EXPECT_WIN_FAIL(WinUsb_ControlTransfer(self->usb, sp, NULL, 0, &n,
					       NULL),
			ERROR_ACCESS_DENIED);
	sp = wt_setup(0x00, USB_REQUEST_SET_ADDRESS, 5, 0, 0);
	EXPECT_WIN_FAIL(WinUsb_ControlTransfer(self->usb, sp, NULL, 0, &n,
					       NULL),
			ERROR_ACCESS_DENIED);

	/* At most 4 KiB; a buffer at least wLength long (Linux). */
	sp = wt_setup(TD_VENDOR_IN, TD_REQ_ECHO_IN, 0, 0, sizeof(in));
	EXPECT_WIN_FAIL(WinUsb_ControlTransfer(self->usb, sp, in, sizeof(in),
					       &n, NULL),
			ERROR_INVALID_PARAMETER);
	sp = wt_setup(TD_VENDOR_IN, TD_REQ_ECHO_IN, 0, 0, 64);
	EXPECT_WIN_FAIL(WinUsb_ControlTransfer(self->usb, sp, in, 32, &n, NULL),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_ControlTransfer(self->usb, sp, NULL, 64, &n,
					       NULL),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_ControlTransfer(NULL, sp, in, 64, &n, NULL),
			ERROR_INVALID_HANDLE);
}

TEST_F(dev, reset_pipe)
{
	UCHAR buf[64];
	ULONG n;

	/* A halted OUT pipe fails writes until it is reset. */
	ASSERT_WIN_OK(td_request(self->usb, TD_REQ_FORCE_STALL, 0, self->out));
	EXPECT_WIN_FAIL(WinUsb_WritePipe(self->usb, self->out, buf, 8, &n,
					 NULL),
			ERROR_GEN_FAILURE);
	EXPECT_WIN_FAIL(WinUsb_WritePipe(self->usb, self->out, buf, 8, &n,
					 NULL),
			ERROR_GEN_FAILURE);
	EXPECT_EQ(1, td_halted(self->usb, self->out));
	ASSERT_WIN_OK(WinUsb_ResetPipe(self->usb, self->out));
	EXPECT_EQ(0, td_halted(self->usb, self->out));
	EXPECT_WIN_OK(WinUsb_WritePipe(self->usb, self->out, buf, 8, &n, NULL));
	EXPECT_EQ(8u, n);
	/* Resetting a pipe that is not halted is harmless. */
	EXPECT_WIN_OK(WinUsb_ResetPipe(self->usb, self->in));
	EXPECT_WIN_OK(WinUsb_ReadPipe(self->usb, self->in, buf, sizeof(buf), &n,
				      NULL));
	EXPECT_EQ(8u, n);

	EXPECT_WIN_FAIL(WinUsb_ResetPipe(self->usb, TD_EP_ISOCH_IN),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_ResetPipe(self->usb, 0x8f),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_ResetPipe(NULL, self->in), ERROR_INVALID_HANDLE);
}

struct sync_io {
	WINUSB_INTERFACE_HANDLE usb;
	UCHAR pipe;
	BOOL ok;
	DWORD error;
};

static void *sync_read(void *arg)
{
	struct sync_io *s = arg;
	UCHAR b[64];
	ULONG n;

	s->ok = WinUsb_ReadPipe(s->usb, s->pipe, b, sizeof(b), &n, NULL);
	s->error = GetLastError();
	return NULL;
}

TEST_F(dev, abort_pipe)
{
	/* Whole packets at every speed: all requests at the device at once. */
	static OVERLAPPED rov[16], wov[16];
	static UCHAR in[16][1024], out[16][1024];
	struct sync_io s = { .usb = self->usb, .pipe = self->in };
	HANDLE wev[16];
	struct td_counters c;
	pthread_t t;
	DWORD n;
	int i;

	ASSERT_WIN_OK(td_fault(self->usb, TD_FAULT_NAK, self->out));
	for (i = 0; i < 16; i++) {
		wt_ov(&rov[i], TRUE);
		wt_ov(&wov[i], TRUE);
		wev[i] = wov[i].hEvent;
		ASSERT_PENDING(WinUsb_ReadPipe(self->usb, self->in, in[i], 1024,
					       NULL, &rov[i]));
		ASSERT_PENDING(WinUsb_WritePipe(self->usb, self->out, out[i],
						1024, NULL, &wov[i]));
	}
	pthread_create(&t, NULL, sync_read, &s);
	/* SET_FAULT, 16 reads, 16 writes and the synchronous read. */
	ASSERT_TRUE(td_wait_received(self->usb, 1 + 16 + 16 + 1, 5000));

	/* Every read ends, with its OVERLAPPED final when AbortPipe returns. */
	ASSERT_WIN_OK(WinUsb_AbortPipe(self->usb, self->in));
	for (i = 0; i < 16; i++) {
		EXPECT_TRUE(HasOverlappedIoCompleted(&rov[i]));
		EXPECT_EQ(WAIT_OBJECT_0, WaitForSingleObject(rov[i].hEvent, 0));
		EXPECT_WIN_FAIL(WinUsb_GetOverlappedResult(self->usb, &rov[i],
							   &n, FALSE),
				ERROR_OPERATION_ABORTED);
		EXPECT_EQ(0u, n);
		CloseHandle(rov[i].hEvent);
	}
	pthread_join(t, NULL);
	EXPECT_FALSE(s.ok);
	EXPECT_EQ((DWORD)ERROR_OPERATION_ABORTED, s.error);
	/* The other pipe's requests are untouched... */
	EXPECT_EQ(WAIT_TIMEOUT, WaitForMultipleObjects(16, wev, FALSE, 0));
	/* ...until it is aborted too. */
	ASSERT_WIN_OK(WinUsb_AbortPipe(self->usb, self->out));
	for (i = 0; i < 16; i++) {
		EXPECT_WIN_FAIL(WinUsb_GetOverlappedResult(self->usb, &wov[i],
							   &n, FALSE),
				ERROR_OPERATION_ABORTED);
		CloseHandle(wev[i]);
	}
	ASSERT_WIN_OK(td_counters(self->usb, &c));
	EXPECT_EQ(0u, c.ep[TD_EPI_BULK_OUT].urbs);
	EXPECT_GE(c.unlinks_pending, 33u);

	/* Nothing pending: fine; the control pipe too. */
	EXPECT_WIN_OK(WinUsb_AbortPipe(self->usb, self->in));
	EXPECT_WIN_OK(WinUsb_AbortPipe(self->usb, 0));
	EXPECT_WIN_FAIL(WinUsb_AbortPipe(self->usb, TD_EP_ISOCH_OUT),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_AbortPipe(NULL, self->in), ERROR_INVALID_HANDLE);

	/* The pipes work afterwards. */
	ASSERT_WIN_OK(td_fault(self->usb, TD_FAULT_NONE, self->out));
	ASSERT_TRUE(write_pattern(self->usb, self->out, 50, 1));
	EXPECT_WIN_OK(WinUsb_ReadPipe(self->usb, self->in, in[0], 1024, &n,
				      NULL));
	EXPECT_EQ(50u, n);
}

TEST_F(dev, cancel_io)
{
	OVERLAPPED a, b, c;
	UCHAR in[3][64];
	DWORD n;

	wt_ov(&a, TRUE);
	wt_ov(&b, TRUE);
	wt_ov(&c, TRUE);
	ASSERT_PENDING(WinUsb_ReadPipe(self->usb, self->in, in[0], 64, NULL,
				       &a));
	ASSERT_PENDING(WinUsb_ReadPipe(self->usb, self->in, in[1], 64, NULL,
				       &b));
	ASSERT_PENDING(WinUsb_ReadPipe(self->usb, self->in, in[2], 64, NULL,
				       &c));
	/* One request. */
	ASSERT_WIN_OK(CancelIoEx(self->file, &b));
	ASSERT_EQ(WAIT_OBJECT_0, WaitForSingleObject(b.hEvent, 5000));
	EXPECT_WIN_FAIL(WinUsb_GetOverlappedResult(self->usb, &b, &n, TRUE),
			ERROR_OPERATION_ABORTED);
	EXPECT_WIN_FAIL(WinUsb_GetOverlappedResult(self->usb, &a, &n, FALSE),
			ERROR_IO_INCOMPLETE);
	/* Those of this thread. */
	ASSERT_WIN_OK(CancelIo(self->file));
	EXPECT_WIN_FAIL(WinUsb_GetOverlappedResult(self->usb, &a, &n, TRUE),
			ERROR_OPERATION_ABORTED);
	EXPECT_WIN_FAIL(WinUsb_GetOverlappedResult(self->usb, &c, &n, TRUE),
			ERROR_OPERATION_ABORTED);
	EXPECT_WIN_FAIL(CancelIoEx(self->file, NULL), ERROR_NOT_FOUND);
	EXPECT_WIN_FAIL(CancelIoEx(self->file, &a), ERROR_NOT_FOUND);
	/* The pipe still works, in order. */
	ASSERT_TRUE(write_pattern(self->usb, self->out, 40, 2));
	EXPECT_WIN_OK(WinUsb_ReadPipe(self->usb, self->in, in[0], 64, &n,
				      NULL));
	EXPECT_EQ(40u, n);
	CloseHandle(a.hEvent);
	CloseHandle(b.hEvent);
	CloseHandle(c.hEvent);
}

TEST_F(dev, device_faults)
{
	UCHAR out[1000], in[1000];
	ULONG n;

	/* Babble: the host controller's overflow is a device failure. */
	ASSERT_WIN_OK(td_fault(self->usb, TD_FAULT_BABBLE, self->in));
	ASSERT_TRUE(write_pattern(self->usb, self->out, 100, 1));
	EXPECT_WIN_FAIL(WinUsb_ReadPipe(self->usb, self->in, in, sizeof(in),
					&n, NULL),
			ERROR_GEN_FAILURE);
	ASSERT_WIN_OK(td_fault(self->usb, TD_FAULT_NONE, self->in));
	EXPECT_WIN_OK(WinUsb_ReadPipe(self->usb, self->in, in, sizeof(in), &n,
				      NULL));
	EXPECT_EQ(100u, n);

	/* A short packet ends a read early; the rest comes next. */
	wt_fill(out, sizeof(out), 5);
	ASSERT_WIN_OK(td_fault(self->usb, TD_FAULT_SHORT, self->in));
	ASSERT_WIN_OK(WinUsb_WritePipe(self->usb, self->out, out, sizeof(out),
				       &n, NULL));
	ASSERT_WIN_OK(WinUsb_ReadPipe(self->usb, self->in, in, sizeof(in), &n,
				      NULL));
	EXPECT_LE(n, self->maxp / 2u);
	EXPECT_EQ(0, memcmp(in, out, n));
	ASSERT_WIN_OK(td_fault(self->usb, TD_FAULT_NONE, self->in));
	ASSERT_WIN_OK(WinUsb_ReadPipe(self->usb, self->in, in + n,
				      sizeof(in) - n, &n, NULL));
	EXPECT_EQ(0, memcmp(in, out, sizeof(out)));
}

TEST_HARNESS_MAIN
