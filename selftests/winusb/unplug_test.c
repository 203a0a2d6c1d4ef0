// SPDX-License-Identifier: GPL-2.0
/*
 * unplug_test - the device goes away under a WinUSB program with transfers
 * in flight: every pending request completes (ERROR_DEVICE_NOT_CONNECTED),
 * threads blocked in synchronous calls and in waits return, new calls fail
 * at once with ERROR_BAD_COMMAND as WinUSB's do, the handles can still be
 * freed and closed, and nothing hangs.
 *
 * The device is unplugged by stopping winusb-testdev, whose pid is in
 * $WINUSB_TESTDEV_PIDFILE (run.sh sets it up and attaches a new device
 * afterwards).
 */
#include <signal.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "wintest.h"

#define NREAD 64
#define NWRITE 16

struct blocked {
	WINUSB_INTERFACE_HANDLE usb;
	HANDLE *events;
	BOOL ok;
	DWORD error, wait;
};

static void *sync_read(void *arg)
{
	struct blocked *b = arg;
	UCHAR buf[512];
	ULONG n;

	b->ok = WinUsb_ReadPipe(b->usb, TD_EP_BULK_IN, buf, sizeof(buf), &n,
				NULL);
	b->error = GetLastError();
	return NULL;
}

static void *wait_any(void *arg)
{
	struct blocked *b = arg;

	b->wait = WaitForMultipleObjects(NWRITE, b->events, FALSE, INFINITE);
	return NULL;
}

/* Control transfers on interface 1, back to back, until one fails. */
static void *busy_control(void *arg)
{
	struct blocked *b = arg;
	UCHAR buf[256];
	ULONG n;

	memset(buf, 0x3c, sizeof(buf));
	do {
		b->wait++;
		b->ok = WinUsb_ControlTransfer(
			b->usb, wt_setup(TD_VENDOR_OUT, TD_REQ_ECHO_OUT, 0, 0,
					 sizeof(buf)),
			buf, sizeof(buf), &n, NULL) &&
			WinUsb_ControlTransfer(
			b->usb, wt_setup(TD_VENDOR_IN, TD_REQ_ECHO_IN, 0, 0,
					 sizeof(buf)),
			buf, sizeof(buf), &n, NULL);
	} while (b->ok);
	b->error = GetLastError();
	return NULL;
}

static int testdev_pid(void)
{
	const char *file = getenv("WINUSB_TESTDEV_PIDFILE");
	FILE *f;
	int pid = -1;

	if (!file)
		return -1;
	f = fopen(file, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%d", &pid) != 1)
		pid = -1;
	fclose(f);
	return pid;
}

/* No shared state; a fixture only for TEST_F_TIMEOUT. */
FIXTURE(guest) {
	int unused;
};

FIXTURE_SETUP(guest)
{
	self->unused = 0;
}

FIXTURE_TEARDOWN(guest)
{
}

TEST_F_TIMEOUT(guest, unplug_with_transfers_in_flight, 60)
{
	static OVERLAPPED rov[NREAD], wov[NWRITE];
	static UCHAR in[NREAD][4096], out[NWRITE][4096];
	HANDLE rev[NREAD], wev[NWRITE];
	struct blocked reader = { 0 }, waiter = { 0 }, busy = { 0 };
	CHAR path[WINUSB_LINUX_PATH_MAX];
	WINUSB_INTERFACE_HANDLE usb, usb1, again;
	USB_INTERFACE_DESCRIPTOR id;
	WINUSB_PIPE_INFORMATION pi;
	WINUSB_SETUP_PACKET sp;
	UCHAR b[64], v = 1, speed;
	pthread_t t1, t2, t3;
	HANDLE file;
	ULONG n, len;
	long long t0;
	int pid, i;

	pid = testdev_pid();
	if (pid <= 0)
		SKIP(return, "no $WINUSB_TESTDEV_PIDFILE");
	file = wt_open(TD_IFACE_LOOPBACK, path, sizeof(path));
	ASSERT_NE(INVALID_HANDLE_VALUE, file);
	ASSERT_WIN_OK(WinUsb_Initialize(file, &usb));
	ASSERT_WIN_OK(WinUsb_GetAssociatedInterface(usb, 0, &usb1));
	ASSERT_WIN_OK(td_reset(usb));

	/* Reads wait on the empty FIFO, writes on the NAK fault. */
	ASSERT_WIN_OK(td_fault(usb, TD_FAULT_NAK, TD_EP_BULK_OUT));
	for (i = 0; i < NREAD; i++) {
		wt_ov(&rov[i], TRUE);
		rev[i] = rov[i].hEvent;
		ASSERT_PENDING(WinUsb_ReadPipe(usb, TD_EP_BULK_IN, in[i],
					       sizeof(in[i]), NULL, &rov[i]));
	}
	for (i = 0; i < NWRITE; i++) {
		wt_ov(&wov[i], FALSE);
		wev[i] = wov[i].hEvent;
		ASSERT_PENDING(WinUsb_WritePipe(usb, TD_EP_BULK_OUT, out[i],
						sizeof(out[i]), NULL, &wov[i]));
	}
	reader.usb = usb;
	waiter.events = wev;
	pthread_create(&t1, NULL, sync_read, &reader);
	pthread_create(&t2, NULL, wait_any, &waiter);
	/* SET_FAULT, the reads, the writes and the synchronous read. */
	ASSERT_TRUE(td_wait_received(usb, 1 + NREAD + NWRITE + 1, 5000));
	/* And data moving on the other interface's handle. */
	busy.usb = usb1;
	pthread_create(&t3, NULL, busy_control, &busy);
	Sleep(100);
	EXPECT_EQ(WAIT_TIMEOUT, WaitForMultipleObjects(NREAD / 2, rev, FALSE,
						       0));

	/* Unplug. */
	t0 = wt_now_ms();
	ASSERT_EQ(0, kill(pid, SIGTERM));

	/* Every pending request completes, none is lost. */
	ASSERT_EQ(WAIT_OBJECT_0, WaitForMultipleObjects(NREAD / 2, rev, TRUE,
							10000));
	ASSERT_EQ(WAIT_OBJECT_0, WaitForMultipleObjects(NREAD / 2,
							rev + NREAD / 2, TRUE,
							10000));
	for (i = 0; i < NREAD; i++) {
		EXPECT_WIN_FAIL(WinUsb_GetOverlappedResult(usb, &rov[i], &n,
							   FALSE),
				ERROR_DEVICE_NOT_CONNECTED);
		EXPECT_EQ(0u, n);
	}
	for (i = 0; i < NWRITE; i++)
		EXPECT_WIN_FAIL(WinUsb_GetOverlappedResult(usb, &wov[i], &n,
							   TRUE),
				ERROR_DEVICE_NOT_CONNECTED);
	/* Blocked threads come back. */
	pthread_join(t1, NULL);
	EXPECT_FALSE(reader.ok);
	EXPECT_EQ((DWORD)ERROR_DEVICE_NOT_CONNECTED, reader.error);
	pthread_join(t2, NULL);
	EXPECT_LT(waiter.wait, (DWORD)WAIT_OBJECT_0 + NWRITE);
	/* In flight, or made after the unplug. */
	pthread_join(t3, NULL);
	EXPECT_GT(busy.wait, 1u);
	EXPECT_TRUE(busy.error == ERROR_DEVICE_NOT_CONNECTED ||
		    busy.error == ERROR_BAD_COMMAND)
		TH_LOG("control transfers ended with %u", busy.error);
	EXPECT_LT(wt_now_ms() - t0, 10000);

	/* New requests fail at once, and are not pending. */
	EXPECT_WIN_FAIL(WinUsb_ReadPipe(usb, TD_EP_BULK_IN, b, sizeof(b), &n,
					NULL),
			ERROR_BAD_COMMAND);
	EXPECT_WIN_FAIL(WinUsb_WritePipe(usb, TD_EP_BULK_OUT, b, sizeof(b), &n,
					 NULL),
			ERROR_BAD_COMMAND);
	ResetEvent(rev[0]);
	EXPECT_WIN_FAIL(WinUsb_ReadPipe(usb, TD_EP_BULK_IN, b, sizeof(b), NULL,
					&rov[0]),
			ERROR_BAD_COMMAND);
	EXPECT_TRUE(HasOverlappedIoCompleted(&rov[0]));
	EXPECT_EQ(WAIT_TIMEOUT, WaitForSingleObject(rev[0], 0));
	sp = wt_setup(TD_VENDOR_IN, TD_REQ_GET_INFO, 0, 0, TD_INFO_SIZE);
	EXPECT_WIN_FAIL(WinUsb_ControlTransfer(usb, sp, b, TD_INFO_SIZE, &n,
					       NULL),
			ERROR_BAD_COMMAND);
	EXPECT_WIN_FAIL(WinUsb_ControlTransfer(usb, sp, b, TD_INFO_SIZE, NULL,
					       &rov[0]),
			ERROR_BAD_COMMAND);
	EXPECT_WIN_FAIL(WinUsb_SetPipePolicy(usb, TD_EP_BULK_IN, RAW_IO, 1, &v),
			ERROR_BAD_COMMAND);
	len = 1;
	EXPECT_WIN_FAIL(WinUsb_GetPipePolicy(usb, TD_EP_BULK_IN, RAW_IO, &len,
					     &v),
			ERROR_BAD_COMMAND);
	EXPECT_WIN_FAIL(WinUsb_ResetPipe(usb, TD_EP_BULK_IN), ERROR_BAD_COMMAND);
	EXPECT_WIN_FAIL(WinUsb_AbortPipe(usb, TD_EP_BULK_IN), ERROR_BAD_COMMAND);
	EXPECT_WIN_FAIL(WinUsb_FlushPipe(usb, TD_EP_BULK_IN), ERROR_BAD_COMMAND);
	EXPECT_WIN_FAIL(WinUsb_QueryPipe(usb, 0, 0, &pi), ERROR_BAD_COMMAND);
	EXPECT_WIN_FAIL(WinUsb_GetDescriptor(usb, USB_DEVICE_DESCRIPTOR_TYPE, 0,
					     0, b, sizeof(b), &n),
			ERROR_BAD_COMMAND);
	EXPECT_WIN_FAIL(WinUsb_SetCurrentAlternateSetting(usb1, TD_ISOCH_ALT_ON),
			ERROR_BAD_COMMAND);
	EXPECT_WIN_FAIL(WinUsb_SetPowerPolicy(usb, AUTO_SUSPEND, 1, &v),
			ERROR_BAD_COMMAND);
	EXPECT_WIN_FAIL(WinUsb_Initialize(file, &again), ERROR_BAD_COMMAND);
	/* What the library has cached still answers. */
	EXPECT_WIN_OK(WinUsb_QueryInterfaceSettings(usb, 0, &id));
	EXPECT_EQ(3, id.bNumEndpoints);
	len = 1;
	EXPECT_WIN_OK(WinUsb_QueryDeviceInformation(usb, DEVICE_SPEED, &len,
						    &speed));

	/* The device is gone from /dev and from the lookup. */
	for (i = 0; i < 50; i++) {
		HANDLE h = CreateFile(path, GENERIC_READ | GENERIC_WRITE, 0,
				      NULL, OPEN_EXISTING,
				      FILE_FLAG_OVERLAPPED, NULL);

		if (h == INVALID_HANDLE_VALUE)
			break;
		CloseHandle(h);
		Sleep(100);
	}
	EXPECT_EQ((DWORD)ERROR_FILE_NOT_FOUND, GetLastError());
	EXPECT_WIN_FAIL(WinUsbLinux_FindDevicePath(TD_VID, TD_PID, -1, 0, path,
						   sizeof(path)),
			ERROR_NO_MORE_ITEMS);

	EXPECT_WIN_OK(WinUsb_Free(usb1));
	EXPECT_WIN_OK(WinUsb_Free(usb));
	EXPECT_WIN_OK(CloseHandle(file));
	for (i = 0; i < NREAD; i++)
		CloseHandle(rev[i]);
	for (i = 0; i < NWRITE; i++)
		CloseHandle(wev[i]);
}

TEST_HARNESS_MAIN
