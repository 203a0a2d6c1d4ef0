// SPDX-License-Identifier: GPL-2.0
/*
 * process_test - WinUSB programs in several processes: two processes on
 * the two interfaces of one device at once, and a process killed with
 * requests in flight (the kernel cancels them, unpins every buffer, and
 * the device works for the next program; run.sh unloads the module after
 * the last test).
 *
 * The child processes are plain Windows-style programs: they report
 * failure through their exit status (the line of the first failed check).
 * The test process itself touches libwinusb only after its children are
 * forked.
 */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "wintest.h"
#include "foll_pins.h"

/* In a child: give up with the line number as exit status. */
#define CHILD_CHECK(cond)						\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "# child %d: line %d: %s, "	\
				"GetLastError() = %u\n", getpid(),	\
				__LINE__, #cond, GetLastError());	\
			_exit(__LINE__ & 0x7f ? __LINE__ & 0x7f : 1);	\
		}							\
	} while (0)

static void tell(int fd)
{
	char c = 1;

	if (write(fd, &c, 1) != 1)
		_exit(126);
}

static int hear(int fd, int ms)
{
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };
	fd_set set;
	char c;

	FD_ZERO(&set);
	FD_SET(fd, &set);
	if (select(fd + 1, &set, NULL, NULL, &tv) != 1)
		return -1;
	return read(fd, &c, 1) == 1 ? 0 : -1;
}

/* waitpid() with a deadline; the exit status, or -1 (killed on timeout). */
static int wait_child(pid_t pid, int ms)
{
	long long end = wt_now_ms() + ms;
	int status;

	while (waitpid(pid, &status, WNOHANG) == 0) {
		if (wt_now_ms() > end) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			return -1;
		}
		Sleep(10);
	}
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

/*
 * Interface 0: keep a read pending while the other process changes its
 * interface's setting, then run a loopback.
 */
static void child_loopback(int ready, int go)
{
	static UCHAR out[8192], in[8192];
	CHAR path[WINUSB_LINUX_PATH_MAX];
	WINUSB_INTERFACE_HANDLE usb;
	OVERLAPPED ov;
	HANDLE file;
	ULONG n;
	int i;

	file = wt_open(TD_IFACE_LOOPBACK, path, sizeof(path));
	CHILD_CHECK(file != INVALID_HANDLE_VALUE);
	CHILD_CHECK(WinUsb_Initialize(file, &usb));
	CHILD_CHECK(td_reset(usb));
	wt_ov(&ov, TRUE);
	CHILD_CHECK(!WinUsb_ReadPipe(usb, TD_EP_BULK_IN, in, sizeof(in), NULL,
				     &ov) && GetLastError() == ERROR_IO_PENDING);
	tell(ready);
	CHILD_CHECK(hear(go, 20000) == 0);
	/* The read was pending all along. */
	CHILD_CHECK(WaitForSingleObject(ov.hEvent, 0) == WAIT_TIMEOUT);
	for (i = 0; i < 50; i++) {
		wt_fill(out, sizeof(out), i);
		CHILD_CHECK(WinUsb_WritePipe(usb, TD_EP_BULK_OUT, out,
					     sizeof(out), &n, NULL));
		CHILD_CHECK(WaitForSingleObject(ov.hEvent, 10000) ==
			    WAIT_OBJECT_0);
		CHILD_CHECK(WinUsb_GetOverlappedResult(usb, &ov, &n, FALSE));
		CHILD_CHECK(n == sizeof(in) && !memcmp(in, out, n));
		if (i < 49)
			CHILD_CHECK(!WinUsb_ReadPipe(usb, TD_EP_BULK_IN, in,
						     sizeof(in), NULL, &ov) &&
				    GetLastError() == ERROR_IO_PENDING);
	}
	CHILD_CHECK(WinUsb_Free(usb));
	CHILD_CHECK(CloseHandle(file));
	_exit(0);
}

/* Interface 1: alternate settings and control transfers meanwhile. */
static void child_settings(int ready, int done)
{
	CHAR path[WINUSB_LINUX_PATH_MAX];
	WINUSB_INTERFACE_HANDLE usb;
	WINUSB_PIPE_INFORMATION_EX px;
	UCHAR alt, b[64], e[64];
	HANDLE file;
	ULONG n;
	int i;

	file = wt_open(TD_IFACE_ISOCH, path, sizeof(path));
	CHILD_CHECK(file != INVALID_HANDLE_VALUE);
	CHILD_CHECK(WinUsb_Initialize(file, &usb));
	CHILD_CHECK(hear(ready, 20000) == 0);
	for (i = 0; i < 20; i++) {
		/* Not refused: the I/O outstanding is on interface 0. */
		CHILD_CHECK(WinUsb_SetCurrentAlternateSetting(usb,
							      TD_ISOCH_ALT_ON));
		CHILD_CHECK(WinUsb_GetCurrentAlternateSetting(usb, &alt));
		CHILD_CHECK(alt == TD_ISOCH_ALT_ON);
		CHILD_CHECK(WinUsb_QueryPipeEx(usb, TD_ISOCH_ALT_ON, 0, &px));
		CHILD_CHECK(px.PipeId == TD_EP_ISOCH_IN);
		/* Interface recipient: wIndex becomes 1 whatever we say. */
		CHILD_CHECK(WinUsb_ControlTransfer(
			usb, wt_setup(0x81, USB_REQUEST_GET_INTERFACE, 0, 0, 1),
			b, 1, &n, NULL));
		CHILD_CHECK(n == 1 && b[0] == TD_ISOCH_ALT_ON);
		CHILD_CHECK(WinUsb_SetCurrentAlternateSetting(usb,
							      TD_ISOCH_ALT_OFF));
		wt_fill(e, sizeof(e), i);
		CHILD_CHECK(WinUsb_ControlTransfer(
			usb, wt_setup(0x41, TD_REQ_ECHO_OUT, 0, 0, sizeof(e)),
			e, sizeof(e), &n, NULL));
		CHILD_CHECK(WinUsb_ControlTransfer(
			usb, wt_setup(0xc1, TD_REQ_ECHO_IN, 0, 0, sizeof(b)),
			b, sizeof(b), &n, NULL));
		CHILD_CHECK(n == sizeof(e) && !memcmp(b, e, n));
	}
	tell(done);
	CHILD_CHECK(WinUsb_Free(usb));
	CHILD_CHECK(CloseHandle(file));
	_exit(0);
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

TEST_F_TIMEOUT(guest, two_processes_two_interfaces, 60)
{
	int ready[2], relay[2], go[2];
	pid_t a, b;

	ASSERT_EQ(0, pipe(ready));
	ASSERT_EQ(0, pipe(relay));
	ASSERT_EQ(0, pipe(go));
	a = fork();
	ASSERT_GE(a, 0);
	if (!a)
		child_loopback(ready[1], go[0]);
	b = fork();
	ASSERT_GE(b, 0);
	if (!b)
		child_settings(relay[0], go[1]);
	/* A's read is pending: let B work; B's end lets A go on. */
	EXPECT_EQ(0, hear(ready[0], 20000));
	tell(relay[1]);
	EXPECT_EQ(0, wait_child(b, 30000));
	EXPECT_EQ(0, wait_child(a, 30000));
}

#define KILL_REQS 64
#define KILL_LEN (64 * 1024)

/* Queue reads and writes that cannot finish, then wait to be killed. */
static void child_doomed(int ready)
{
	static OVERLAPPED rov[KILL_REQS], wov[KILL_REQS];
	CHAR path[WINUSB_LINUX_PATH_MAX];
	WINUSB_INTERFACE_HANDLE usb;
	UCHAR *buf;
	HANDLE file;
	int i;

	buf = aligned_alloc(4096, 2 * KILL_REQS * (size_t)KILL_LEN);
	CHILD_CHECK(buf);
	memset(buf, 0x5a, 2 * KILL_REQS * (size_t)KILL_LEN);
	file = wt_open(TD_IFACE_LOOPBACK, path, sizeof(path));
	CHILD_CHECK(file != INVALID_HANDLE_VALUE);
	CHILD_CHECK(WinUsb_Initialize(file, &usb));
	CHILD_CHECK(td_reset(usb));
	CHILD_CHECK(td_fault(usb, TD_FAULT_NAK, TD_EP_BULK_IN));
	CHILD_CHECK(td_fault(usb, TD_FAULT_NAK, TD_EP_BULK_OUT));
	for (i = 0; i < KILL_REQS; i++) {
		wt_ov(&rov[i], TRUE);
		wt_ov(&wov[i], TRUE);
		CHILD_CHECK(!WinUsb_ReadPipe(usb, TD_EP_BULK_IN,
					     buf + (size_t)i * KILL_LEN,
					     KILL_LEN, NULL, &rov[i]) &&
			    GetLastError() == ERROR_IO_PENDING);
		CHILD_CHECK(!WinUsb_WritePipe(usb, TD_EP_BULK_OUT,
					      buf + (size_t)(KILL_REQS + i) *
						    KILL_LEN,
					      KILL_LEN, NULL, &wov[i]) &&
			    GetLastError() == ERROR_IO_PENDING);
	}
	tell(ready);
	for (;;)
		pause();
}

TEST_F_TIMEOUT(guest, killed_with_requests_in_flight, 60)
{
	CHAR path[WINUSB_LINUX_PATH_MAX];
	WINUSB_INTERFACE_HANDLE usb;
	struct td_counters c;
	long long pins0, pins, t0;
	UCHAR b[100], r[100];
	int ready[2], status;
	HANDLE file;
	pid_t pid;
	ULONG n;

	pins0 = wu_foll_pins();
	ASSERT_EQ(0, pipe(ready));
	pid = fork();
	ASSERT_GE(pid, 0);
	if (!pid)
		child_doomed(ready[1]);
	ASSERT_EQ(0, hear(ready[0], 20000));
	/* 64 reads and 64 writes of 64 KiB hold their pages pinned. */
	pins = wu_foll_pins();
	if (pins0 >= 0)
		EXPECT_GE(pins - pins0, 2LL * KILL_REQS * KILL_LEN / 4096);

	t0 = wt_now_ms();
	ASSERT_EQ(0, kill(pid, SIGKILL));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFSIGNALED(status));
	EXPECT_LT(wt_now_ms() - t0, 10000);
	/* Every page is unpinned. */
	if (pins0 >= 0) {
		while ((pins = wu_foll_pins()) > pins0 && wt_now_ms() - t0 < 5000)
			Sleep(50);
		EXPECT_LE(pins, pins0);
	}

	/* The next program finds the device working. */
	file = wt_open(TD_IFACE_LOOPBACK, path, sizeof(path));
	ASSERT_NE(INVALID_HANDLE_VALUE, file);
	ASSERT_WIN_OK(WinUsb_Initialize(file, &usb));
	ASSERT_WIN_OK(td_counters(usb, &c));
	/* The kernel unlinked what the device still had. */
	EXPECT_GE(c.unlinks_pending, 2u * KILL_REQS);
	EXPECT_EQ(0u, c.ep[TD_EPI_BULK_OUT].urbs);
	ASSERT_WIN_OK(td_reset(usb));
	wt_fill(b, sizeof(b), 9);
	ASSERT_WIN_OK(WinUsb_WritePipe(usb, TD_EP_BULK_OUT, b, sizeof(b), &n,
				       NULL));
	ASSERT_WIN_OK(WinUsb_ReadPipe(usb, TD_EP_BULK_IN, r, sizeof(r), &n,
				      NULL));
	EXPECT_EQ(sizeof(r), n);
	EXPECT_EQ(0, memcmp(b, r, sizeof(r)));
	EXPECT_WIN_OK(WinUsb_Free(usb));
	EXPECT_WIN_OK(CloseHandle(file));
}

TEST_HARNESS_MAIN
