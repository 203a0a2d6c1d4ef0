// SPDX-License-Identifier: GPL-2.0
/*
 * procs_test - processes and winusb.ko: a process killed with requests in
 * flight on both bulk pipes (nothing hangs, every pinned page comes back,
 * the device and the module are left clean), and two processes working on
 * two interfaces of one device at once.
 *
 * $WINUSB_NODE is the test device's interface 0 (bulk loopback),
 * $WINUSB_NODE1 its interface 1 (alternate settings 0 and 1); run.sh binds
 * both.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include <linux/winusb.h>
#include "testdev_proto.h"
#include "winusb_util.h"

static long module_refcnt(void)
{
	char buf[32];

	if (wu_read_file("/sys/module/winusb/refcnt", buf, sizeof(buf)))
		return -1;
	return strtol(buf, NULL, 10);
}

/* Wait up to @ms for @pid to end; its wait status, or -1. */
static int wait_pid_ms(pid_t pid, int ms)
{
	int status;

	for (int t = 0; t <= ms; t += 10) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid)
			return status;
		if (r < 0)
			return -1;
		usleep(10000);
	}
	return -1;
}

enum { NREQ = 16, REQ_LEN = 256 << 10 };

/*
 * The child: NREQ reads and NREQ writes of REQ_LEN each, page-aligned
 * (pinned for scatter-gather), on pipes that never answer; then it
 * reports and waits to be killed.
 */
static void child_submit_and_wait(const char *node, int ready)
{
	uint8_t *buf;
	int fd = open(node, O_RDWR);

	if (fd < 0 || posix_memalign((void **)&buf, 4096,
				     (size_t)2 * NREQ * REQ_LEN))
		_exit(2);
	memset(buf, 0x5a, (size_t)2 * NREQ * REQ_LEN);
	for (int i = 0; i < NREQ; i++) {
		if (wu_submit(fd, WINUSB_XFER_BULK, TD_EP_BULK_IN,
			      buf + (size_t)i * REQ_LEN, REQ_LEN, NULL, i, 0,
			      NULL) ||
		    wu_submit(fd, WINUSB_XFER_BULK, TD_EP_BULK_OUT,
			      buf + (size_t)(NREQ + i) * REQ_LEN, REQ_LEN,
			      NULL, 100 + i, 0, NULL))
			_exit(3);
	}
	if (write(ready, "r", 1) != 1)
		_exit(4);
	for (;;)
		pause();
}

TEST(sigkill_with_requests_in_flight)
{
	const char *node = getenv("WINUSB_NODE");
	long long pins0, pins1, pins2 = -1;
	struct td_counters c;
	uint8_t out[4096], in[4096];
	uint32_t actual = 0;
	long ref0, ref1;
	int p[2], fd, status;
	char r;
	pid_t pid;
	double t;

	if (!node)
		SKIP(return, "no $WINUSB_NODE");
	fd = wu_open_env("WINUSB_NODE");
	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, wu_drain(fd)) TH_LOG("the loopback FIFO does not empty");
	ASSERT_EQ(0, wu_td_out(fd, TD_REQ_RESET_COUNTERS, 0, 0));
	ASSERT_EQ(0, wu_td_out(fd, TD_REQ_SET_FAULT, TD_FAULT_NAK,
				TD_EP_BULK_IN));
	ASSERT_EQ(0, wu_td_out(fd, TD_REQ_SET_FAULT, TD_FAULT_NAK,
				TD_EP_BULK_OUT));
	pins0 = wu_foll_pins();
	ASSERT_GE(pins0, 0);
	ref0 = module_refcnt();

	ASSERT_EQ(0, pipe(p));
	pid = fork();
	ASSERT_GE(pid, 0);
	if (!pid) {
		close(p[0]);
		child_submit_and_wait(node, p[1]);
	}
	close(p[1]);
	ASSERT_EQ(1, read(p[0], &r, 1)) TH_LOG("child failed to submit");
	close(p[0]);
	usleep(100000);

	/* Every request's pages are pinned from submit on. */
	pins1 = wu_foll_pins();
	EXPECT_GE(pins1 - pins0, (long long)2 * NREQ * REQ_LEN / 4096);

	t = wu_now();
	ASSERT_EQ(0, kill(pid, SIGKILL));
	status = wait_pid_ms(pid, 10000);
	t = wu_now() - t;
	ASSERT_NE(-1, status) TH_LOG("killed process did not exit");
	EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	TH_LOG("%d requests pinning %lld pages; the killed process was gone in %.0f ms",
	       2 * NREQ, pins1 - pins0, t * 1000);

	/* The pins are dropped when the file is released, at exit. */
	for (int i = 0; i < 100; i++) {
		pins2 = wu_foll_pins();
		if (pins2 == pins0)
			break;
		usleep(20000);
	}
	EXPECT_EQ(pins0, pins2);
	ref1 = module_refcnt();
	EXPECT_EQ(ref0, ref1);

	/* The device saw the in-flight URBs unlinked, and works again. */
	ASSERT_EQ(0, wu_td_counters(fd, &c));
	EXPECT_GE(c.unlinks_received, 2);
	ASSERT_EQ(0, wu_td_out(fd, TD_REQ_SET_FAULT, TD_FAULT_NONE,
				TD_EP_BULK_IN));
	ASSERT_EQ(0, wu_td_out(fd, TD_REQ_SET_FAULT, TD_FAULT_NONE,
				TD_EP_BULK_OUT));
	for (unsigned int i = 0; i < sizeof(out); i++)
		out[i] = (uint8_t)(i * 3);
	ASSERT_EQ(0, wu_bulk(fd, TD_EP_BULK_OUT, out, sizeof(out), &actual));
	ASSERT_EQ(0, wu_transfer_tmo(fd, WINUSB_XFER_BULK, TD_EP_BULK_IN, in,
				 sizeof(in), NULL, 5000, &actual));
	EXPECT_EQ(sizeof(in), actual);
	EXPECT_EQ(0, memcmp(in, out, sizeof(in)));
	close(fd);
}

#define RUN_SECONDS	1.5

/* Interface 0: loopback rounds until time is up; the count, or -1. */
static int loopback_rounds(const char *node)
{
	static uint8_t out[65536], in[65536];
	uint32_t actual;
	int fd = open(node, O_RDWR), n = 0;
	double end = wu_now() + RUN_SECONDS;

	if (fd < 0)
		return -1;
	while (wu_now() < end) {
		for (unsigned int i = 0; i < sizeof(out); i++)
			out[i] = (uint8_t)(i * 7 + n);
		if (wu_bulk(fd, TD_EP_BULK_OUT, out, sizeof(out), &actual) ||
		    actual != sizeof(out) ||
		    wu_transfer_tmo(fd, WINUSB_XFER_BULK, TD_EP_BULK_IN, in,
				sizeof(in), NULL, 5000, &actual) ||
		    actual != sizeof(in) || memcmp(in, out, sizeof(in)))
			return -1;
		n++;
	}
	close(fd);
	return n;
}

/*
 * Interface 1: switch alternate settings and ask the device (through this
 * interface's control pipe) which one it has; the count, or -1.
 */
static int altsetting_rounds(const char *node)
{
	struct winusb_altsetting a = { .size = sizeof(a) };
	uint8_t buf[TD_INFO_SIZE];
	struct td_info info;
	uint32_t actual;
	int fd = open(node, O_RDWR), n = 0;
	double end = wu_now() + RUN_SECONDS;

	if (fd < 0)
		return -1;
	while (wu_now() < end) {
		uint32_t alt = (n + 1) & 1;

		a.alt_setting = alt;
		if (ioctl(fd, WINUSB_IOCTL_SET_ALTSETTING, &a))
			return -1;
		a.alt_setting = 9;
		if (ioctl(fd, WINUSB_IOCTL_GET_ALTSETTING, &a) ||
		    a.alt_setting != alt)
			return -1;
		if (wu_control(fd, 0xc0, TD_REQ_GET_INFO, 0, 0, buf,
			       sizeof(buf), &actual) || actual != sizeof(buf))
			return -1;
		td_info_decode(&info, buf);
		if (info.isoch_alt != alt)
			return -1;
		n++;
	}
	a.alt_setting = 0;
	ioctl(fd, WINUSB_IOCTL_SET_ALTSETTING, &a);
	close(fd);
	return n;
}

/* Report a child's count through its exit status (0-254, 255 = failed). */
static pid_t spawn(int (*fn)(const char *), const char *node)
{
	pid_t pid = fork();

	if (!pid) {
		int n = fn(node);

		_exit(n < 0 ? 255 : n > 254 ? 254 : n);
	}
	return pid;
}

TEST(two_processes_two_interfaces)
{
	const char *node0 = getenv("WINUSB_NODE");
	const char *node1 = getenv("WINUSB_NODE1");
	int st0, st1, fd;
	pid_t p0, p1;

	if (!node0 || !node1)
		SKIP(return, "no $WINUSB_NODE / $WINUSB_NODE1");
	fd = wu_open_env("WINUSB_NODE");
	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, wu_drain(fd)) TH_LOG("the loopback FIFO does not empty");
	close(fd);
	p0 = spawn(loopback_rounds, node0);
	ASSERT_GE(p0, 0);
	p1 = spawn(altsetting_rounds, node1);
	ASSERT_GE(p1, 0);
	st0 = wait_pid_ms(p0, 20000);
	st1 = wait_pid_ms(p1, 20000);
	ASSERT_TRUE(WIFEXITED(st0));
	ASSERT_TRUE(WIFEXITED(st1));
	TH_LOG("in %.1f s: %d loopback rounds of 64 KiB on interface 0, %d alternate setting switches on interface 1 (254: 254 or more; 255: failed)",
	       RUN_SECONDS, WEXITSTATUS(st0), WEXITSTATUS(st1));
	EXPECT_NE(255, WEXITSTATUS(st0));
	EXPECT_NE(255, WEXITSTATUS(st1));
	EXPECT_GE(WEXITSTATUS(st0), 5);
	EXPECT_GE(WEXITSTATUS(st1), 5);
}

TEST_HARNESS_MAIN
