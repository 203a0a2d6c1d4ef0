/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wintest.h - helpers of the libwinusb guest tests (selftests/winusb/).
 *
 * The tests are written the way a Windows program uses WinUSB: find the
 * device path (the only Linux-specific line), CreateFile() with
 * FILE_FLAG_OVERLAPPED, WinUsb_Initialize(), OVERLAPPED + CreateEvent(),
 * WaitForSingleObject()/GetOverlappedResult(), and GetLastError() after
 * every failure.  They run as root in the test guest against winusb.ko
 * bound (by new_id) to both interfaces of winusb-testdev; run.sh sets that
 * up and tells the programs the device's speed in $WINUSB_TEST_SPEED
 * ("full", "high" or "super"; default "high").
 *
 * The test device is driven through its vendor requests (testdev_proto.h)
 * with WinUsb_ControlTransfer() itself.  Include after
 * kselftest_harness.h.
 */
#ifndef WINTEST_H
#define WINTEST_H

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <windows.h>
#include <winusb.h>

#include "testdev_proto.h"

/* The last call failed with @error (SetLastError cleared before it). */
#define EXPECT_WIN_FAIL(call, error)					\
	do {								\
		SetLastError(0xdeadbeef);				\
		EXPECT_FALSE(call);					\
		EXPECT_EQ((DWORD)(error), GetLastError());		\
	} while (0)

#define ASSERT_WIN_FAIL(call, error)					\
	do {								\
		SetLastError(0xdeadbeef);				\
		ASSERT_FALSE(call);					\
		ASSERT_EQ((DWORD)(error), GetLastError());		\
	} while (0)

#define ASSERT_WIN_OK(call)						\
	do {								\
		SetLastError(0xdeadbeef);				\
		ASSERT_TRUE(call) TH_LOG("GetLastError() = %u",	\
					 GetLastError());		\
	} while (0)

#define EXPECT_WIN_OK(call)						\
	do {								\
		SetLastError(0xdeadbeef);				\
		EXPECT_TRUE(call) TH_LOG("GetLastError() = %u",	\
					 GetLastError());		\
	} while (0)

/* An OVERLAPPED read or write that was queued. */
#define EXPECT_PENDING(call)	EXPECT_WIN_FAIL(call, ERROR_IO_PENDING)
#define ASSERT_PENDING(call)	ASSERT_WIN_FAIL(call, ERROR_IO_PENDING)

/* bmRequestType of the test device's vendor requests (device recipient). */
#define TD_VENDOR_OUT	0x40
#define TD_VENDOR_IN	0xc0

enum wt_speed { WT_FULL, WT_HIGH, WT_SUPER };

static inline enum wt_speed wt_speed(void)
{
	const char *s = getenv("WINUSB_TEST_SPEED");

	if (s && !strcmp(s, "full"))
		return WT_FULL;
	if (s && !strcmp(s, "super"))
		return WT_SUPER;
	return WT_HIGH;
}

/* Bulk wMaxPacketSize of the test device at the speed under test. */
static inline USHORT wt_bulk_maxp(void)
{
	static const USHORT maxp[] = {
		TD_BULK_MAXP_FULL, TD_BULK_MAXP_HIGH, TD_BULK_MAXP_SUPER
	};

	return maxp[wt_speed()];
}

static inline long long wt_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/*
 * The device-opening lines a Windows program has, with the one Linux
 * difference: the path comes from WinUsbLinux_FindDevicePath() instead of
 * SetupDiGetClassDevs().  INVALID_HANDLE_VALUE on failure.
 */
static inline HANDLE wt_open(LONG ifnum, LPSTR path, DWORD len)
{
	if (!WinUsbLinux_FindDevicePath(TD_VID, TD_PID, ifnum, 0, path, len))
		return INVALID_HANDLE_VALUE;
	return CreateFile(path, GENERIC_READ | GENERIC_WRITE,
			  FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
			  OPEN_EXISTING,
			  FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OVERLAPPED, NULL);
}

static inline WINUSB_SETUP_PACKET wt_setup(UCHAR type, UCHAR req, USHORT value,
					   USHORT index, USHORT length)
{
	WINUSB_SETUP_PACKET sp;

	sp.RequestType = type;
	sp.Request = req;
	sp.Value = value;
	sp.Index = index;
	sp.Length = length;
	return sp;
}

/* A vendor request without data to the test device. */
static inline BOOL td_request(WINUSB_INTERFACE_HANDLE h, UCHAR req,
			      USHORT value, USHORT index)
{
	ULONG n;

	return WinUsb_ControlTransfer(h, wt_setup(TD_VENDOR_OUT, req, value,
						  index, 0),
				      NULL, 0, &n, NULL);
}

/* Arm fault @kind on endpoint @ep (TD_FAULT_NONE clears it). */
static inline BOOL td_fault(WINUSB_INTERFACE_HANDLE h, int kind, UCHAR ep)
{
	return td_request(h, TD_REQ_SET_FAULT, (USHORT)kind, ep);
}

/* Arm fault @kind with argument @arg on endpoint @ep. */
static inline BOOL td_fault_n(WINUSB_INTERFACE_HANDLE h, int kind, UCHAR ep,
			      ULONG arg)
{
	UCHAR b[4];
	ULONG n;

	td_put_le32(b, arg);
	return WinUsb_ControlTransfer(h, wt_setup(TD_VENDOR_OUT,
						  TD_REQ_SET_FAULT,
						  (USHORT)kind, ep, 4),
				      b, 4, &n, NULL);
}

static inline BOOL td_counters(WINUSB_INTERFACE_HANDLE h, struct td_counters *c)
{
	UCHAR b[TD_COUNTERS_SIZE];
	ULONG n = 0;

	if (!WinUsb_ControlTransfer(h, wt_setup(TD_VENDOR_IN,
						TD_REQ_GET_COUNTERS, 0, 0,
						sizeof(b)),
				    b, sizeof(b), &n, NULL))
		return FALSE;
	if (n != TD_COUNTERS_SIZE)
		return FALSE;
	td_counters_decode(c, b);
	return TRUE;
}

/* The halt bit of endpoint @ep: standard GET_STATUS, endpoint recipient. */
static inline int td_halted(WINUSB_INTERFACE_HANDLE h, UCHAR ep)
{
	UCHAR b[2] = { 0xff, 0xff };
	ULONG n = 0;

	if (!WinUsb_ControlTransfer(h, wt_setup(0x82, USB_REQUEST_GET_STATUS,
						0, ep, 2),
				    b, 2, &n, NULL) || n != 2)
		return -1;
	return b[0] & 1;
}

/*
 * Put the test device and interface 0's pipes back in a known state:
 * faults and delay off, halts cleared, the loopback FIFO and the driver's
 * partial-read leftovers emptied, counters zeroed.
 */
static inline BOOL td_reset(WINUSB_INTERFACE_HANDLE h)
{
	static UCHAR buf[TD_LOOPBACK_FIFO_SIZE];
	struct td_counters c;
	ULONG n;

	if (!td_fault(h, TD_FAULT_NONE, TD_EP_BULK_IN) ||
	    !td_fault(h, TD_FAULT_NONE, TD_EP_BULK_OUT) ||
	    !td_fault(h, TD_FAULT_NONE, TD_EP_INT_IN) ||
	    !td_request(h, TD_REQ_SET_DELAY, 0, 0) ||
	    !WinUsb_ResetPipe(h, TD_EP_BULK_IN) ||
	    !WinUsb_ResetPipe(h, TD_EP_BULK_OUT) ||
	    !WinUsb_FlushPipe(h, TD_EP_BULK_IN))
		return FALSE;
	for (;;) {
		if (!td_counters(h, &c))
			return FALSE;
		if (!c.fifo_level)
			break;
		if (!WinUsb_ReadPipe(h, TD_EP_BULK_IN, buf, c.fifo_level, &n,
				     NULL))
			return FALSE;
	}
	return td_request(h, TD_REQ_RESET_COUNTERS, 0, 0);
}

/*
 * Wait up to @ms until the device has received @n URBs since td_reset(),
 * not counting the GET_COUNTERS requests of this wait: to know that a
 * request made by another thread has reached the device.
 */
static inline BOOL td_wait_received(WINUSB_INTERFACE_HANDLE h, ULONG n, int ms)
{
	long long end = wt_now_ms() + ms;
	struct td_counters c;
	ULONG polls = 0;

	do {
		if (!td_counters(h, &c))
			return FALSE;
		polls++;
		if (c.urbs_received >= n + polls)
			return TRUE;
		Sleep(10);
	} while (wt_now_ms() < end);
	return FALSE;
}

/* A zeroed OVERLAPPED with a new event (manual or auto reset). */
static inline void wt_ov(OVERLAPPED *ov, BOOL manual)
{
	memset(ov, 0, sizeof(*ov));
	ov->hEvent = CreateEvent(NULL, manual, FALSE, NULL);
}

static inline void wt_fill(UCHAR *b, ULONG len, unsigned int seed)
{
	ULONG i;

	for (i = 0; i < len; i++)
		b[i] = (UCHAR)(seed * 131 + i * 7 + (i >> 8));
}

/* Path of a sysfs attribute of the USB device of interface node @path. */
static inline void wt_usbdev_attr(const char *path, const char *attr,
				  char *out, size_t size)
{
	const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	const char *colon = strchr(name, ':');

	snprintf(out, size, "/sys/bus/usb/devices/%.*s/%s",
		 (int)(colon ? colon - name : (long)strlen(name)), name, attr);
}

static inline int wt_read_sysfs(const char *file, char *buf, size_t size)
{
	FILE *f = fopen(file, "r");
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, size - 1, f);
	fclose(f);
	buf[n] = '\0';
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	return 0;
}

static inline int wt_write_sysfs(const char *file, const char *val)
{
	FILE *f = fopen(file, "w");
	int ret;

	if (!f)
		return -1;
	ret = fputs(val, f) < 0 ? -1 : 0;
	if (fclose(f))
		ret = -1;
	return ret;
}

#endif /* WINTEST_H */
