// SPDX-License-Identifier: GPL-2.0
/*
 * hostile_test - winusb.ko against a device that lies, hangs, stalls and
 * hangs up: winusb-testdev's hostile --fault kinds (see
 * Documentation/testdev.rst, "Hostile devices").
 *
 * Every test needs a freshly attached device with its own fault, so
 * selftests/hostile/run.sh attaches one per test and names the tests to run
 * on the command line:
 *
 *	hostile_test TEST...
 *
 * Environment: $WINUSB_NODE (interface 0: bulk 0x81/0x02, interrupt
 * 0x83), $WINUSB_NODE1 (interface 1: isoch 0x84/0x05),
 * $WINUSB_TESTDEV_PIDFILE, $WINUSB_INTF (sysfs name of the interface the
 * descriptor tests look at).
 *
 * Each test asserts that the application gets a clear error (a precise
 * errno, or the set of errnos a clean failure may have, as observed and
 * written down in Documentation/testdev.rst), and that no page stays
 * pinned once its file is closed; the VM runner fails the run on any
 * oops, WARN or BUG in the guest's log.
 *
 * The isochronous tests assert the kernel contract for packets that lie
 * (Documentation/testdev.rst): every packet reports offset = index x
 * out_packet_bytes and length <= out_packet_bytes; a packet whose
 * descriptor came back with another offset or length reports -EPROTO and
 * length 0; one whose actual_length exceeds its length reports -EOVERFLOW
 * and length 0; actual_length is the sum of the packet lengths; honest
 * packets keep their data and status.  Each runs on the vmap and on the
 * bounce path (module parameter isoch_zero_copy).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/usbdevice_fs.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "../isoch/isoch_util.h"

#define ZERO_COPY_PARAM	"/sys/module/winusb/parameters/isoch_zero_copy"
#define DEBUGFS_ISOCH	"/sys/kernel/debug/winusb/isoch"

/* Is @v one of the @n values at @set? */
static bool one_of(int v, const int *set, int n)
{
	for (int i = 0; i < n; i++)
		if (v == set[i])
			return true;
	return false;
}

#define ONE_OF(v, ...) ({						\
	const int __set[] = { __VA_ARGS__ };				\
	one_of((v), __set, ARRAY_SIZE(__set));				\
})

/*
 * What a request may end with when the device went away under it (the
 * "-EPROTO, -ENODEV, -ESHUTDOWN" of the checks below): the host
 * controller's -EPROTO (vhci_hcd's verdict on a message it refused), the
 * USB core's -ENODEV/-ESHUTDOWN, or the driver's -ENODEV.
 */

/* Wait up to @ms for the node named by $@var to disappear. */
static bool node_gone(const char *var, int ms)
{
	const char *node = getenv(var);

	for (int i = 0; node && i < ms / 10; i++) {
		if (access(node, F_OK))
			return true;
		usleep(10000);
	}
	return node && access(node, F_OK);
}

static double elapsed_since(double t0)
{
	return wu_now() - t0;
}

/* Submit and reap one transfer with a per-request @tmo (0: pipe policy). */
static int transfer(int fd, uint8_t type, uint8_t ep, void *buf, uint32_t len,
		const uint8_t *setup, uint32_t tmo, uint32_t *actual,
		uint32_t *flags)
{
	struct winusb_completion rec;
	uint64_t id = 0;
	int ret;

	ret = wu_submit(fd, type, ep, buf, len, setup, 0, tmo, &id);
	if (ret)
		return ret;
	ret = wu_reap_id(fd, id, 20000, &rec);
	if (ret != 1)
		return ret < 0 ? ret : -EIO;
	if (actual)
		*actual = rec.actual_length;
	if (flags)
		*flags = rec.flags;
	return rec.status;
}

static int echo_in(int fd, void *buf, uint16_t len, uint32_t tmo)
{
	uint8_t s[8];

	wu_setup(s, 0xc0, TD_REQ_ECHO_IN, 0, 0, len);
	return transfer(fd, WINUSB_XFER_CONTROL, 0, buf, len, s, tmo, NULL, NULL);
}

static int set_fault(int fd, int kind, uint8_t ep)
{
	return td_out(fd, TD_REQ_SET_FAULT, (uint16_t)kind, ep);
}

/* The device still answers, and the loopback moves bytes again. */
static void device_alive(struct __test_metadata *_metadata, int fd)
{
	static uint8_t fifo[TD_LOOPBACK_FIFO_SIZE];
	uint8_t out[10] = "alive!!!!", in[512];
	struct td_counters c;
	uint32_t got = 0;

	ASSERT_EQ(0, td_counters(fd, &c));
	ASSERT_EQ(0, wu_pipe_op(fd, WINUSB_IOCTL_FLUSH_PIPE, TD_EP_BULK_IN));
	/* empty the loopback of what the test left there */
	if (c.fifo_level)
		ASSERT_EQ(0, transfer(fd, WINUSB_XFER_BULK, TD_EP_BULK_IN, fifo,
				  c.fifo_level, NULL, 5000, NULL, NULL));
	ASSERT_EQ(0, transfer(fd, WINUSB_XFER_BULK, TD_EP_BULK_OUT, out,
			  sizeof(out), NULL, 5000, NULL, NULL));
	ASSERT_EQ(0, transfer(fd, WINUSB_XFER_BULK, TD_EP_BULK_IN, in, sizeof(in),
			  NULL, 5000, &got, NULL));
	EXPECT_EQ(sizeof(out), got);
	EXPECT_EQ(0, memcmp(in, out, sizeof(out)));
}

/*
 * The device is gone: the node disappears, new requests fail with ENODEV,
 * nothing is left to reap.
 */
static void device_gone(struct __test_metadata *_metadata, int fd,
			const char *var)
{
	struct winusb_completion rec;
	uint8_t b[8];
	int ret, n;

	EXPECT_TRUE(node_gone(var, 10000));
	/*
	 * The node goes before the driver marks the device gone
	 * (winusb_shutdown()): a submit in between is accepted and must
	 * then end with -ENODEV.  Within 2 s, ENODEV for good.
	 */
	for (n = 0; n < 200; n++) {
		ret = wu_submit(fd, WINUSB_XFER_BULK, TD_EP_BULK_IN, b,
				sizeof(b), NULL, 0, 0, NULL);
		if (ret)
			break;
		TH_LOG("submit accepted after the node went");
		EXPECT_EQ(1, isoch_reap(fd, &rec, 1, 5000));
		EXPECT_EQ(-ENODEV, rec.status);
		usleep(10000);
	}
	EXPECT_EQ(-ENODEV, ret);
	while ((ret = isoch_reap(fd, &rec, 1, 0)) == 1)
		EXPECT_TRUE(ONE_OF(rec.status, -EPROTO, -ENODEV, -ESHUTDOWN));
	EXPECT_EQ(-ENODEV, ret);
}

/* Open $@var and note the pinned-page baseline. */
static int open_node(struct __test_metadata *_metadata, const char *var,
		     long long *pins0)
{
	int fd = wu_open_env(var);

	if (fd < 0 && !getenv(var))
		SKIP(return -1, "no $%s", var);
	ASSERT_LE(0, fd) TH_LOG("open $%s: %s", var, strerror(errno));
	*pins0 = wu_foll_pins();
	return fd;
}

/* Close and check that nothing the test did stays pinned. */
static void close_node(struct __test_metadata *_metadata, int fd,
		       long long pins0)
{
	close(fd);
	EXPECT_EQ(pins0, wu_foll_pins());
}

/* ---- more bytes than asked: vhci_hcd refuses them and drops the link ---- */

static void overrun(struct __test_metadata *_metadata, uint8_t type,
		    uint8_t ep, uint32_t len)
{
	uint8_t buf[4096], s[8];
	long long pins0;
	int fd, ret;

	fd = open_node(_metadata, "WINUSB_NODE", &pins0);
	if (fd < 0)
		return;
	if (type == WINUSB_XFER_CONTROL)
		wu_setup(s, 0xc0, TD_REQ_ECHO_IN, 0, 0, (uint16_t)len);
	ret = transfer(fd, type, ep, buf, len, type ? NULL : s, 10000, NULL, NULL);
	TH_LOG("overrun on 0x%02x: request status %d", ep, ret);
	EXPECT_TRUE(ONE_OF(ret, -EPROTO, -ENODEV, -ESHUTDOWN, -EOVERFLOW));
	device_gone(_metadata, fd, "WINUSB_NODE");
	close_node(_metadata, fd, pins0);
}

TEST(overrun_bulk)
{
	overrun(_metadata, WINUSB_XFER_BULK, TD_EP_BULK_IN, 512);
}

TEST(overrun_interrupt)
{
	overrun(_metadata, WINUSB_XFER_INTERRUPT, TD_EP_INT_IN, 8);
}

TEST(overrun_control)
{
	overrun(_metadata, WINUSB_XFER_CONTROL, 0, 64);
}

/* ---- NAK forever: timeouts, cancel, abort ---- */

TEST(nak_forever)
{
	struct winusb_completion recs[4];
	struct winusb_cancel c = { .size = sizeof(c) };
	uint8_t buf[4][512];
	uint64_t id[4] = { 0 };
	long long pins0;
	double t0;
	int fd, ret, got;

	fd = open_node(_metadata, "WINUSB_NODE", &pins0);
	if (fd < 0)
		return;
	/* the pipe's timeout policy */
	ASSERT_EQ(0, wu_set_policy(fd, TD_EP_BULK_IN,
				   WINUSB_POLICY_PIPE_TRANSFER_TIMEOUT, 4, 300));
	t0 = wu_now();
	EXPECT_EQ(-ETIMEDOUT, transfer(fd, WINUSB_XFER_BULK, TD_EP_BULK_IN, buf[0],
				   512, NULL, 0, NULL, NULL));
	EXPECT_GE(elapsed_since(t0), 0.29);
	EXPECT_LT(elapsed_since(t0), 5.0);
	ASSERT_EQ(0, wu_set_policy(fd, TD_EP_BULK_IN,
				   WINUSB_POLICY_PIPE_TRANSFER_TIMEOUT, 4, 0));
	/* the request's own timeout, on the interrupt pipe */
	t0 = wu_now();
	EXPECT_EQ(-ETIMEDOUT, transfer(fd, WINUSB_XFER_INTERRUPT, TD_EP_INT_IN,
				   buf[0], 8, NULL, 200, NULL, NULL));
	EXPECT_LT(elapsed_since(t0), 5.0);

	/* cancel one */
	ASSERT_EQ(0, wu_submit(fd, WINUSB_XFER_BULK, TD_EP_BULK_IN, buf[0],
			       512, NULL, 1, 0, &id[0]));
	EXPECT_EQ(-ETIMEDOUT, wu_reap_id(fd, id[0], 100, recs));
	c.id = id[0];
	EXPECT_EQ(0, ioctl(fd, WINUSB_IOCTL_CANCEL, &c));
	ASSERT_EQ(1, wu_reap_id(fd, id[0], 5000, recs));
	EXPECT_EQ(-ECANCELED, recs[0].status);
	EXPECT_EQ(0, recs[0].actual_length);

	/* abort four on two pipes */
	for (int i = 0; i < 4; i++)
		ASSERT_EQ(0, wu_submit(fd, i & 1 ? WINUSB_XFER_INTERRUPT :
				       WINUSB_XFER_BULK, i & 1 ? TD_EP_INT_IN :
				       TD_EP_BULK_IN, buf[i], i & 1 ? 8 : 512,
				       NULL, i, 0, &id[i]));
	t0 = wu_now();
	EXPECT_EQ(0, wu_pipe_op(fd, WINUSB_IOCTL_ABORT_PIPE, TD_EP_BULK_IN));
	EXPECT_EQ(0, wu_pipe_op(fd, WINUSB_IOCTL_ABORT_PIPE, TD_EP_INT_IN));
	EXPECT_LT(elapsed_since(t0), 5.0);
	for (got = 0; got < 4; got += ret) {
		ret = isoch_reap(fd, recs + got, 4 - got, 5000);
		ASSERT_LT(0, ret);
	}
	for (int i = 0; i < 4; i++)
		EXPECT_EQ(-ECANCELED, recs[i].status);
	/* the control pipe still works; the device stops NAKing */
	ASSERT_EQ(0, set_fault(fd, TD_FAULT_NONE, TD_EP_BULK_IN));
	ASSERT_EQ(0, set_fault(fd, TD_FAULT_NONE, TD_EP_INT_IN));
	device_alive(_metadata, fd);
	close_node(_metadata, fd, pins0);
}

/* ---- stall on every transfer ---- */

TEST(stall_always)
{
	const uint8_t eps[3] = { TD_EP_BULK_IN, TD_EP_BULK_OUT, TD_EP_INT_IN };
	uint8_t buf[512] = { 0 };
	uint32_t flags = 0;
	long long pins0;
	int fd;

	fd = open_node(_metadata, "WINUSB_NODE", &pins0);
	if (fd < 0)
		return;
	for (int clear = 0; clear < 2; clear++) {
		for (int i = 0; i < 3; i++) {
			uint8_t type = eps[i] == TD_EP_INT_IN ?
				       WINUSB_XFER_INTERRUPT : WINUSB_XFER_BULK;

			ASSERT_EQ(0, wu_set_policy(fd, eps[i],
					WINUSB_POLICY_AUTO_CLEAR_STALL, 1,
					clear));
			for (int n = 0; n < 3; n++) {
				flags = 0;
				EXPECT_EQ(-EPIPE, transfer(fd, type, eps[i], buf,
						       eps[i] & 0x80 ? 512 : 16,
						       NULL, 5000, NULL,
						       &flags));
				/* AUTO_CLEAR_STALL is for IN pipes */
				if (clear && (eps[i] & 0x80)) {
					EXPECT_TRUE(flags &
						WINUSB_COMPLETION_STALL_CLEARED)
						TH_LOG("0x%02x transfer %d: flags 0x%x",
						       eps[i], n, flags);
				} else {
					EXPECT_FALSE(flags &
						WINUSB_COMPLETION_STALL_CLEARED);
				}
			}
			EXPECT_EQ(0, wu_pipe_op(fd, WINUSB_IOCTL_RESET_PIPE,
						eps[i]));
		}
	}
	/* still stalls after all that; then the device is let off */
	EXPECT_EQ(-EPIPE, transfer(fd, WINUSB_XFER_BULK, TD_EP_BULK_IN, buf, 512,
			       NULL, 5000, NULL, NULL));
	for (int i = 0; i < 3; i++)
		set_fault(fd, TD_FAULT_NONE, eps[i]);
	device_alive(_metadata, fd);
	close_node(_metadata, fd, pins0);
}

/* ---- hang up in the middle of a transfer ---- */

static void hangup(struct __test_metadata *_metadata, uint8_t type,
		   uint8_t ep)
{
	uint8_t buf[512] = { 1 }, s[8];
	long long pins0;
	int fd, ret;

	fd = open_node(_metadata, "WINUSB_NODE", &pins0);
	if (fd < 0)
		return;
	if (type == WINUSB_XFER_CONTROL)
		wu_setup(s, 0xc0, TD_REQ_ECHO_IN, 0, 0, 64);
	ret = transfer(fd, type, ep, buf, ep & 0x80 || !ep ? 64 : 16,
		   type ? NULL : s, 0, NULL, NULL);
	TH_LOG("hang-up on 0x%02x: request status %d", ep, ret);
	EXPECT_TRUE(ONE_OF(ret, -EPROTO, -ENODEV, -ESHUTDOWN));
	device_gone(_metadata, fd, "WINUSB_NODE");
	close_node(_metadata, fd, pins0);
}

TEST(hangup_bulk_in)
{
	hangup(_metadata, WINUSB_XFER_BULK, TD_EP_BULK_IN);
}

TEST(hangup_bulk_out)
{
	hangup(_metadata, WINUSB_XFER_BULK, TD_EP_BULK_OUT);
}

TEST(hangup_interrupt)
{
	hangup(_metadata, WINUSB_XFER_INTERRUPT, TD_EP_INT_IN);
}

TEST(hangup_control)
{
	hangup(_metadata, WINUSB_XFER_CONTROL, 0);
}

/* ---- USB/IP seqnum games ---- */

/* A RET_SUBMIT vhci_hcd never asked for (or got twice): it drops the link. */
static void seq_game(struct __test_metadata *_metadata, bool twice)
{
	uint8_t buf[8];
	uint32_t got = 0;
	long long pins0;
	int fd, ret;

	fd = open_node(_metadata, "WINUSB_NODE", &pins0);
	if (fd < 0)
		return;
	ret = transfer(fd, WINUSB_XFER_INTERRUPT, TD_EP_INT_IN, buf, 8, NULL,
		   10000, &got, NULL);
	TH_LOG("interrupt read: status %d, %u bytes", ret, got);
	/* twice: the first copy completes the request */
	if (twice) {
		EXPECT_TRUE(ONE_OF(ret, 0, -EPROTO, -ENODEV, -ESHUTDOWN));
	} else {
		EXPECT_TRUE(ONE_OF(ret, -EPROTO, -ENODEV, -ESHUTDOWN));
	}
	device_gone(_metadata, fd, "WINUSB_NODE");
	close_node(_metadata, fd, pins0);
}

TEST(ret_unknown)
{
	seq_game(_metadata, false);
}

TEST(ret_twice)
{
	seq_game(_metadata, true);
}

/* The device completes an URB that is being unlinked, then says unlinked. */
TEST(unlink_late)
{
	struct winusb_cancel c = { .size = sizeof(c) };
	struct winusb_completion rec;
	uint8_t buf[512];
	long long pins0;
	uint64_t id = 0;
	int fd;

	fd = open_node(_metadata, "WINUSB_NODE", &pins0);
	if (fd < 0)
		return;
	for (int i = 0; i < 3; i++) {
		ASSERT_EQ(0, wu_submit(fd, WINUSB_XFER_BULK, TD_EP_BULK_IN,
				       buf, sizeof(buf), NULL, i, 0, &id));
		usleep(50000);
		c.id = id;
		EXPECT_EQ(0, ioctl(fd, WINUSB_IOCTL_CANCEL, &c));
		ASSERT_EQ(1, wu_reap_id(fd, id, 5000, &rec));
		EXPECT_EQ(-ECANCELED, rec.status);
	}
	/* and through the timeout */
	EXPECT_EQ(-ETIMEDOUT, transfer(fd, WINUSB_XFER_BULK, TD_EP_BULK_IN, buf,
				   sizeof(buf), NULL, 200, NULL, NULL));
	ASSERT_EQ(0, set_fault(fd, TD_FAULT_NONE, TD_EP_BULK_IN));
	device_alive(_metadata, fd);
	close_node(_metadata, fd, pins0);
}

/* ---- answers after the timeout (late:EP:800) ---- */

TEST(late_bulk)
{
	uint8_t out[10] = "late data", in[512];
	uint32_t got = 0;
	long long pins0;
	int fd;

	fd = open_node(_metadata, "WINUSB_NODE", &pins0);
	if (fd < 0)
		return;
	ASSERT_EQ(0, wu_pipe_op(fd, WINUSB_IOCTL_FLUSH_PIPE, TD_EP_BULK_IN));
	ASSERT_EQ(0, transfer(fd, WINUSB_XFER_BULK, TD_EP_BULK_OUT, out,
			  sizeof(out), NULL, 5000, NULL, NULL));
	EXPECT_EQ(-ETIMEDOUT, transfer(fd, WINUSB_XFER_BULK, TD_EP_BULK_IN, in,
				   sizeof(in), NULL, 300, &got, NULL));
	TH_LOG("timed-out read reported %u bytes", got);
	EXPECT_LE(got, sizeof(out));
	/* the late answer and the late unlink answer arrive meanwhile */
	usleep(1000000);
	ASSERT_EQ(0, set_fault(fd, TD_FAULT_NONE, TD_EP_BULK_IN));
	device_alive(_metadata, fd);
	close_node(_metadata, fd, pins0);
}

TEST(late_control)
{
	struct winusb_get_descriptor gd = { .size = sizeof(gd) };
	uint8_t in[64], out[4] = "abc";
	long long pins0;
	double t0;
	int fd, ret;

	fd = open_node(_metadata, "WINUSB_NODE", &pins0);
	if (fd < 0)
		return;
	ASSERT_EQ(0, wu_set_policy(fd, 0, WINUSB_POLICY_PIPE_TRANSFER_TIMEOUT,
				   4, 300));
	EXPECT_EQ(-ETIMEDOUT, echo_in(fd, in, sizeof(in), 0));
	/* a synchronous request of the driver itself: GET_DESCRIPTOR */
	gd.type = 3;
	gd.index = TD_STR_MANUFACTURER;
	gd.language_id = 0x0409;
	gd.length = sizeof(in);
	gd.data_uptr = (uintptr_t)in;
	t0 = wu_now();
	ret = ioctl(fd, WINUSB_IOCTL_GET_DESCRIPTOR, &gd) ? -errno : 0;
	TH_LOG("GET_DESCRIPTOR answered late: %d after %.2f s", ret,
	       elapsed_since(t0));
	EXPECT_EQ(-ETIMEDOUT, ret);
	EXPECT_LT(elapsed_since(t0), 5.0);
	usleep(1000000);
	ASSERT_EQ(0, wu_set_policy(fd, 0, WINUSB_POLICY_PIPE_TRANSFER_TIMEOUT,
				   4, WINUSB_DEFAULT_CONTROL_TIMEOUT));
	ASSERT_EQ(0, set_fault(fd, TD_FAULT_NONE, TD_FAULT_EP0));
	EXPECT_EQ(0, wu_control(fd, 0x40, TD_REQ_ECHO_OUT, 0, 0, out, 4, NULL));
	EXPECT_EQ(0, echo_in(fd, in, 4, 0));
	EXPECT_EQ(0, memcmp(in, out, 4));
	device_alive(_metadata, fd);
	close_node(_metadata, fd, pins0);
}

/*
 * A device that takes seconds to answer a control request (here: the
 * manufacturer string, and CLEAR_FEATURE(ENDPOINT_HALT)) holds up nothing
 * else: a bulk read is submitted, cancelled and reaped while
 * GET_DESCRIPTOR waits, and a read that met a stall, cancelled while its
 * halt is being cleared, reports the cancel rather than the stall.
 */
struct late_desc {
	int fd;
	int ret;
	double t_end;
};

static void *late_desc_thread(void *arg)
{
	struct late_desc *ld = arg;
	struct winusb_get_descriptor gd = { .size = sizeof(gd) };
	uint8_t buf[64];

	gd.type = 3;
	gd.index = TD_STR_MANUFACTURER;
	gd.language_id = 0x0409;
	gd.length = sizeof(buf);
	gd.data_uptr = (uintptr_t)buf;
	ld->ret = ioctl(ld->fd, WINUSB_IOCTL_GET_DESCRIPTOR, &gd) ? -errno : 0;
	ld->t_end = wu_now();
	return NULL;
}

TEST(late_clear)
{
	struct winusb_cancel c = { .size = sizeof(c) };
	struct late_desc ld = { .ret = 1 };
	struct winusb_completion rec;
	uint8_t in[64];
	long long pins0;
	double t_cancelled;
	pthread_t th;
	int fd;

	fd = open_node(_metadata, "WINUSB_NODE", &pins0);
	if (fd < 0)
		return;

	/* GET_DESCRIPTOR answered 3 s late (the control timeout is 5 s). */
	ld.fd = fd;
	ASSERT_EQ(0, pthread_create(&th, NULL, late_desc_thread, &ld));
	usleep(200000);
	ASSERT_EQ(0, wu_submit(fd, WINUSB_XFER_BULK, TD_EP_BULK_IN, in,
			       sizeof(in), NULL, 1, 0, (uint64_t *)&c.id));
	EXPECT_EQ(0, ioctl(fd, WINUSB_IOCTL_CANCEL, &c));
	ASSERT_EQ(1, wu_reap_id(fd, c.id, 5000, &rec));
	t_cancelled = wu_now();
	EXPECT_EQ(-ECANCELED, rec.status);
	ASSERT_EQ(0, pthread_join(th, NULL));
	EXPECT_EQ(0, ld.ret);
	EXPECT_LT(t_cancelled, ld.t_end)
		TH_LOG("the read was held up by GET_DESCRIPTOR");

	/* A stalled read whose halt takes 3 s to clear, cancelled meanwhile. */
	ASSERT_EQ(0, wu_set_policy(fd, TD_EP_BULK_IN,
				   WINUSB_POLICY_AUTO_CLEAR_STALL, 1, 1));
	ASSERT_EQ(0, td_out(fd, TD_REQ_FORCE_STALL, 0, TD_EP_BULK_IN));
	ASSERT_EQ(0, wu_submit(fd, WINUSB_XFER_BULK, TD_EP_BULK_IN, in,
			       sizeof(in), NULL, 2, 0, (uint64_t *)&c.id));
	usleep(300000);
	EXPECT_EQ(0, ioctl(fd, WINUSB_IOCTL_CANCEL, &c));
	ASSERT_EQ(1, wu_reap_id(fd, c.id, 10000, &rec));
	EXPECT_EQ(-ECANCELED, rec.status);
	EXPECT_FALSE(rec.flags & WINUSB_COMPLETION_STALL_CLEARED);
	EXPECT_EQ(0, wu_set_policy(fd, TD_EP_BULK_IN,
				   WINUSB_POLICY_AUTO_CLEAR_STALL, 1, 0));

	ASSERT_EQ(0, set_fault(fd, TD_FAULT_NONE, TD_FAULT_EP0));
	device_alive(_metadata, fd);
	close_node(_metadata, fd, pins0);
}

/* ---- isochronous IN packets that lie ---- */

#define ISOCH_BUF_FRAMES	4

static int isoch_open(struct __test_metadata *_metadata, long long *pins0)
{
	int fd = open_node(_metadata, "WINUSB_NODE1", pins0);

	if (fd < 0)
		return -1;
	EXPECT_EQ(0, isoch_set_alt(fd, 1));
	return fd;
}

/* bad N of the handle's debugfs line, -1 if the field is not there. */
static long debugfs_bad(uint32_t handle)
{
	char line[512], key[32];
	long bad = -1;
	FILE *f = fopen(DEBUGFS_ISOCH, "r");

	if (!f)
		return -1;
	snprintf(key, sizeof(key), " handle %u ", handle);
	while (fgets(line, sizeof(line), f)) {
		char *p = strstr(line, key) ? strstr(line, " bad ") : NULL;

		if (p)
			bad = strtol(p + 5, NULL, 10);
	}
	fclose(f);
	return bad;
}

/* The packets' verdicts a lie leads to: 1 = honest with data. */
struct isoch_expect {
	int status[8];		/* 0, or the errno expected */
	int alt_status[8];	/* another acceptable errno, or 0 */
	int len[8];		/* -1: honest length (packet bytes) */
	bool data[8];		/* check the source's pattern */
	int bad;		/* packets the driver should count as bad */
};

static void isoch_expect_for(int kind, uint32_t pb, struct isoch_expect *e)
{
	memset(e, 0, sizeof(*e));
	for (int i = 0; i < 8; i++) {
		e->len[i] = (int)pb;
		e->data[i] = true;
	}
	switch (kind) {
	case TD_FAULT_ISOCH_PILE:
		for (int i = 0; i < 7; i++) {
			e->len[i] = 0;
			e->data[i] = false;
		}
		e->status[7] = -EOVERFLOW;
		e->bad = 1;
		break;
	case TD_FAULT_ISOCH_PILE_LENGTH:
		for (int i = 0; i < 7; i++) {
			e->len[i] = 0;
			e->data[i] = false;
		}
		/* length changed and actual above the submitted length */
		e->status[7] = -EPROTO;
		e->alt_status[7] = -EOVERFLOW;
		e->bad = 1;
		break;
	case TD_FAULT_ISOCH_OVERLONG:
		e->status[1] = -EOVERFLOW;
		e->len[2] = (int)pb / 2;	/* looks honest: short */
		e->data[2] = false;
		e->bad = 1;
		break;
	case TD_FAULT_ISOCH_LENGTH:
		e->status[1] = -EPROTO;
		e->bad = 1;
		break;
	case TD_FAULT_ISOCH_OFFSET:
		e->status[1] = e->status[2] = -EPROTO;
		e->bad = 2;
		break;
	case TD_FAULT_ISOCH_FEWER:
		/* never returned: any error, no data */
		e->status[7] = -EXDEV;
		e->alt_status[7] = -EPROTO;
		e->bad = -1;
		break;
	}
	for (int i = 0; i < 8; i++)
		if (e->status[i]) {
			e->len[i] = 0;
			e->data[i] = false;
		}
}

static void isoch_lie(struct __test_metadata *_metadata, int fd, int kind,
		    uint32_t path)
{
	struct winusb_isoch_packet pk[8];
	struct winusb_isoch_register r;
	struct winusb_completion rec;
	struct isoch_expect e;
	const char *pname = path == WINUSB_ISOCH_PATH_VMAP ? "vmap" : "bounce";
	uint32_t pb, fb, sum = 0, errors = 0, seq0 = 0;
	bool have_seq = false;
	size_t len;
	uint8_t *buf;
	long bad;

	ASSERT_EQ(0, wu_write_file(ZERO_COPY_PARAM,
				   path == WINUSB_ISOCH_PATH_VMAP ? "Y" : "N"));
	/* the buffer's size is only known after a registration */
	buf = mmap(NULL, 1 << 16, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	ASSERT_NE(MAP_FAILED, buf);
	ASSERT_EQ(0, isoch_register(fd, TD_EP_ISOCH_IN, buf, 4096, &r));
	pb = r.out_packet_bytes;
	fb = r.out_frame_bytes;
	ASSERT_EQ(0, isoch_unregister(fd, r.out_handle));
	ASSERT_EQ(8, fb / pb) TH_LOG("run.sh attaches at high speed");
	len = (size_t)ISOCH_BUF_FRAMES * fb;
	ASSERT_LE(len, 1 << 16);
	memset(buf, 0xee, len);
	ASSERT_EQ(0, isoch_register(fd, TD_EP_ISOCH_IN, buf, len, &r));
	EXPECT_EQ(path, r.out_path);
	memset(pk, 0x55, sizeof(pk));
	ASSERT_EQ(0, isoch_submit(fd, r.out_handle, WINUSB_ISOCH_ASAP, 0, fb, 0,
				pk, 8, 7, NULL));
	ASSERT_EQ(1, isoch_reap(fd, &rec, 1, 5000));
	bad = debugfs_bad(r.out_handle);

	isoch_expect_for(kind, pb, &e);
	EXPECT_EQ(0, rec.status);
	for (int i = 0; i < 8; i++) {
		if (pk[i].offset != i * pb || pk[i].length != e.len[i] ||
		    (pk[i].status != e.status[i] &&
		     (!e.alt_status[i] || pk[i].status != e.alt_status[i])))
			TH_LOG("%s: packet %d: offset %u length %u status %d",
			       pname, i, pk[i].offset, pk[i].length,
			       pk[i].status);
		/* the contract for every packet */
		EXPECT_EQ(i * pb, pk[i].offset);
		EXPECT_LE(pk[i].length, pb);
		sum += pk[i].length;
		errors += !!pk[i].status;
		/* the verdict on this one */
		if (e.alt_status[i]) {
			EXPECT_TRUE(pk[i].status == e.status[i] ||
				    pk[i].status == e.alt_status[i]);
		} else {
			EXPECT_EQ(e.status[i], pk[i].status);
		}
		EXPECT_EQ(e.len[i], (int)pk[i].length);
		if (!e.data[i] || pk[i].length != pb)
			continue;
		/* sequence numbers count packets from the alternate setting */
		if (!have_seq) {
			seq0 = td_isoch_seq(buf + (size_t)i * pb) - i;
			have_seq = true;
		}
		EXPECT_TRUE(isoch_check_in(buf + (size_t)i * pb, pb, seq0 + i, 1))
			TH_LOG("%s: packet %d does not hold the source's data",
			       pname, i);
	}
	EXPECT_EQ(sum, rec.actual_length);
	EXPECT_EQ(errors, rec.error_count);
	/* nothing written outside the transfer's bytes */
	for (size_t i = fb; i < len; i++)
		if (buf[i] != 0xee) {
			EXPECT_EQ(0xee, buf[i])
				TH_LOG("%s: byte %zu after the transfer written",
				       pname, i);
			break;
		}
	if (bad < 0)
		TH_LOG("%s: debugfs has no bad count yet", pname);
	else if (e.bad >= 0)
		EXPECT_EQ(e.bad, bad);
	EXPECT_EQ(0, isoch_unregister(fd, r.out_handle));
	munmap(buf, 1 << 16);
}

static void isoch_lie_both(struct __test_metadata *_metadata, int kind)
{
	long long pins0;
	int fd = isoch_open(_metadata, &pins0);

	if (fd < 0)
		return;
	isoch_lie(_metadata, fd, kind, WINUSB_ISOCH_PATH_VMAP);
	isoch_lie(_metadata, fd, kind, WINUSB_ISOCH_PATH_BOUNCE);
	wu_write_file(ZERO_COPY_PARAM, "Y");
	EXPECT_EQ(0, isoch_set_alt(fd, 0));
	close_node(_metadata, fd, pins0);
	EXPECT_EQ(0, isoch_winusb_pins());
}

TEST(isoch_pile)
{
	isoch_lie_both(_metadata, TD_FAULT_ISOCH_PILE);
}

TEST(isoch_pile_length)
{
	isoch_lie_both(_metadata, TD_FAULT_ISOCH_PILE_LENGTH);
}

TEST(isoch_overlong)
{
	isoch_lie_both(_metadata, TD_FAULT_ISOCH_OVERLONG);
}

TEST(isoch_length)
{
	isoch_lie_both(_metadata, TD_FAULT_ISOCH_LENGTH);
}

TEST(isoch_offset)
{
	isoch_lie_both(_metadata, TD_FAULT_ISOCH_OFFSET);
}

TEST(isoch_fewer)
{
	isoch_lie_both(_metadata, TD_FAULT_ISOCH_FEWER);
}

/* Hang up in the middle of a stream (hangup:0x84:2). */
TEST(hangup_isoch_stream)
{
	struct winusb_isoch_register r;
	struct winusb_completion recs[16];
	struct winusb_isoch_packet pk[8][64];
	long long pins0;
	uint8_t *buf;
	int fd, ret, got = 0, submitted = 0;

	fd = isoch_open(_metadata, &pins0);
	if (fd < 0)
		return;
	buf = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	ASSERT_NE(MAP_FAILED, buf);
	ASSERT_EQ(0, isoch_register(fd, TD_EP_ISOCH_IN, buf, 1 << 20, &r));
	for (int i = 0; i < 8; i++) {
		uint32_t n = 8 * r.out_frame_bytes / r.out_packet_bytes;

		ret = isoch_submit(fd, r.out_handle, WINUSB_ISOCH_ASAP,
				 i * 8 * r.out_frame_bytes,
				 8 * r.out_frame_bytes, 0, pk[i], n, i, NULL);
		if (ret) {
			EXPECT_EQ(-ENODEV, ret);
			break;
		}
		submitted++;
	}
	while (got < submitted) {
		ret = isoch_reap(fd, recs, 16, 10000);
		if (ret < 0) {
			EXPECT_EQ(-ENODEV, ret);
			break;
		}
		for (int i = 0; i < ret; i++) {
			TH_LOG("transfer %llu: status %d, %u bytes",
			       (unsigned long long)recs[i].cookie,
			       recs[i].status, recs[i].actual_length);
			EXPECT_TRUE(ONE_OF(recs[i].status, 0, -EPROTO, -ENODEV, -ESHUTDOWN));
		}
		got += ret;
	}
	EXPECT_EQ(submitted, got);
	EXPECT_TRUE(node_gone("WINUSB_NODE1", 10000));
	EXPECT_EQ(-ENODEV, isoch_unregister(fd, r.out_handle));
	EXPECT_EQ(-ENODEV, isoch_register(fd, TD_EP_ISOCH_IN, buf, 4096, NULL));
	close_node(_metadata, fd, pins0);
	munmap(buf, 1 << 20);
	EXPECT_EQ(0, isoch_winusb_pins());
}

/* Unplug while another thread registers and unregisters (no fault). */
struct reg_loop {
	int fd;
	uint8_t *buf;
	int stop;		/* __atomic */
	int ok, gone, other, last_other;
};

static void *reg_thread(void *arg)
{
	struct reg_loop *l = arg;
	struct winusb_isoch_register r;

	while (!__atomic_load_n(&l->stop, __ATOMIC_RELAXED)) {
		int ret = isoch_register(l->fd, TD_EP_ISOCH_IN, l->buf, 1 << 20, &r);

		if (!ret) {
			l->ok++;
			ret = isoch_unregister(l->fd, r.out_handle);
		}
		if (ret == -ENODEV) {
			l->gone++;
			if (l->gone > 3)
				break;
		} else if (ret) {
			l->other++;
			l->last_other = ret;
		}
	}
	return NULL;
}

TEST(unplug_registering)
{
	const char *pidfile = getenv("WINUSB_TESTDEV_PIDFILE");
	struct reg_loop l = { 0 };
	long long pins0;
	pthread_t th;
	FILE *f;
	int pid = 0;

	if (!pidfile)
		SKIP(return, "no $WINUSB_TESTDEV_PIDFILE");
	l.fd = isoch_open(_metadata, &pins0);
	if (l.fd < 0)
		return;
	l.buf = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	ASSERT_NE(MAP_FAILED, l.buf);
	ASSERT_EQ(0, pthread_create(&th, NULL, reg_thread, &l));
	usleep(300000);
	f = fopen(pidfile, "r");
	ASSERT_NE(NULL, f);
	ASSERT_EQ(1, fscanf(f, "%d", &pid));
	fclose(f);
	ASSERT_EQ(0, kill(pid, SIGTERM));
	EXPECT_TRUE(node_gone("WINUSB_NODE1", 10000));
	usleep(200000);
	__atomic_store_n(&l.stop, 1, __ATOMIC_RELAXED);
	pthread_join(th, NULL);
	TH_LOG("%d registrations, %d ENODEV, %d other (last %d)", l.ok, l.gone,
	       l.other, l.last_other);
	EXPECT_LT(0, l.ok);
	EXPECT_LT(0, l.gone);
	EXPECT_EQ(0, l.other);
	close_node(_metadata, l.fd, pins0);
	munmap(l.buf, 1 << 20);
	EXPECT_EQ(0, isoch_winusb_pins());
}

/* ---- descriptors that lie: what the USB core kept, used pipe by pipe ---- */

/* A decimal or hex sysfs attribute of endpoint @ep of $WINUSB_INTF. */
static long ep_attr(uint8_t ep, const char *attr)
{
	const char *intf = getenv("WINUSB_INTF");
	char path[256], val[64];

	snprintf(path, sizeof(path), "/sys/bus/usb/devices/%s/ep_%02x/%s",
		 intf ? intf : "?", ep, attr);
	if (wu_read_file(path, val, sizeof(val)))
		return -1;
	return strtol(val, NULL, 16);
}

/*
 * Every pipe of every alternate setting: QUERY_PIPE agrees with what the
 * USB core kept (sysfs), and a transfer on it ends within its timeout with
 * success or a clean error.
 */
TEST(descriptor_pipes)
{
	static uint8_t isochbuf[1 << 16];
	struct winusb_query_pipe bq = { .size = sizeof(bq) };
	struct winusb_info info;
	struct td_counters c;
	long long pins0;
	int fd, used = 0;

	fd = open_node(_metadata, "WINUSB_NODE", &pins0);
	if (fd < 0)
		return;
	ASSERT_EQ(0, wu_get_info(fd, &info));
	for (int alt = info.out_num_altsettings - 1; alt >= 0; alt--) {
		struct winusb_query_pipe q = { .size = sizeof(q) };

		if (info.out_num_altsettings > 1)
			ASSERT_EQ(0, isoch_set_alt(fd, alt));
		q.alt_setting = (uint8_t)alt;
		for (q.pipe_index = 0;
		     !ioctl(fd, WINUSB_IOCTL_QUERY_PIPE, &q); q.pipe_index++) {
			uint8_t ep = q.out_endpoint, buf[4096] = { 0 };
			uint32_t len = q.out_max_packet_size ?
				       q.out_max_packet_size : 8;
			struct winusb_isoch_register r;
			struct winusb_completion rec;
			struct winusb_isoch_packet pk[64];
			int ret;

			TH_LOG("alt %d pipe %d: ep 0x%02x type %u maxp %u interval %u bytes/interval %u",
			       alt, q.pipe_index, ep, q.out_type,
			       q.out_max_packet_size, q.out_interval,
			       q.out_max_bytes_per_interval);
			if (ep_attr(ep, "wMaxPacketSize") >= 0) {
				EXPECT_EQ(ep_attr(ep, "wMaxPacketSize") & 0x7ff,
					  q.out_max_packet_size);
				EXPECT_EQ(ep_attr(ep, "bInterval"),
					  q.out_interval);
			}
			if (len > sizeof(buf))
				len = sizeof(buf);
			if (q.out_type == WINUSB_XFER_ISOCH) {
				ret = isoch_register(fd, ep, isochbuf,
						   sizeof(isochbuf), &r);
				TH_LOG("  register: %d", ret);
				EXPECT_TRUE(ONE_OF(ret, 0, -EINVAL));
				if (ret)
					continue;
				ret = isoch_submit(fd, r.out_handle,
						 WINUSB_ISOCH_ASAP, 0,
						 r.out_frame_bytes, 0, pk,
						 ep & 0x80 ? r.out_frame_bytes /
						 r.out_packet_bytes : 0,
						 0, NULL);
				TH_LOG("  submit: %d", ret);
				EXPECT_EQ(0, ret);
				if (!ret) {
					EXPECT_EQ(1, isoch_reap(fd, &rec, 1, 5000));
					TH_LOG("  status %d", rec.status);
					EXPECT_TRUE(ONE_OF(rec.status, 0,
							   -EPROTO, -EMSGSIZE));
				}
				EXPECT_EQ(0, isoch_unregister(fd, r.out_handle));
				used++;
				continue;
			}
			if (ep == TD_EP_BULK_IN) {
				/* something to read on the loopback */
				transfer(fd, WINUSB_XFER_BULK, TD_EP_BULK_OUT, buf,
				     len, NULL, 1000, NULL, NULL);
			}
			ret = transfer(fd, q.out_type, ep, buf, len, NULL, 1000,
				   NULL, NULL);
			TH_LOG("  transfer of %u: %d", len, ret);
			/*
			 * -EMSGSIZE: the USB core refuses an endpoint with
			 * max packet 0; -EPIPE: the device has no such
			 * endpoint where the descriptor put it.
			 */
			EXPECT_TRUE(ONE_OF(ret, 0, -ETIMEDOUT, -EPIPE,
					   -EMSGSIZE, -EOVERFLOW, -EPROTO,
					   -EINVAL));
			used++;
		}
	}
	EXPECT_LT(0, used);
	/* the control pipe works; so does the loopback, if it is usable */
	EXPECT_EQ(0, td_counters(fd, &c));
	for (bq.pipe_index = 0; !ioctl(fd, WINUSB_IOCTL_QUERY_PIPE, &bq);
	     bq.pipe_index++)
		if (bq.out_endpoint == TD_EP_BULK_IN &&
		    bq.out_type == WINUSB_XFER_BULK && bq.out_max_packet_size)
			device_alive(_metadata, fd);
	close_node(_metadata, fd, pins0);
}

/* String descriptors of odd length, through the driver's GET_DESCRIPTOR. */
TEST(string_odd)
{
	struct winusb_get_descriptor gd = { .size = sizeof(gd) };
	uint8_t buf[256];
	long long pins0;
	int fd;

	fd = open_node(_metadata, "WINUSB_NODE", &pins0);
	if (fd < 0)
		return;
	for (int i = 1; i <= TD_STR_IFACE_ISOCH; i++) {
		memset(buf, 0, sizeof(buf));
		gd.type = 3;
		gd.index = (uint8_t)i;
		gd.language_id = 0x0409;
		gd.length = sizeof(buf);
		gd.data_uptr = (uintptr_t)buf;
		ASSERT_EQ(0, ioctl(fd, WINUSB_IOCTL_GET_DESCRIPTOR, &gd));
		EXPECT_EQ(1, gd.out_length & 1);
		EXPECT_EQ(buf[0], gd.out_length);
		/* a buffer one byte short of it */
		gd.length = gd.out_length - 1;
		ASSERT_EQ(0, ioctl(fd, WINUSB_IOCTL_GET_DESCRIPTOR, &gd));
		EXPECT_EQ(gd.length, gd.out_length);
	}
	device_alive(_metadata, fd);
	close_node(_metadata, fd, pins0);
}

/* usbfs node of the device of interface $WINUSB_INTF, or "" */
static void usbfs_path(char *path, size_t size)
{
	const char *intf = getenv("WINUSB_INTF");
	char dev[64], attr[128], bus[16] = "", num[16] = "";

	path[0] = '\0';
	if (!intf || strlen(intf) >= sizeof(dev))
		return;
	strcpy(dev, intf);
	if (strchr(dev, ':'))
		*strchr(dev, ':') = '\0';
	snprintf(attr, sizeof(attr), "/sys/bus/usb/devices/%s/busnum", dev);
	wu_read_file(attr, bus, sizeof(bus));
	snprintf(attr, sizeof(attr), "/sys/bus/usb/devices/%s/devnum", dev);
	wu_read_file(attr, num, sizeof(num));
	if (*bus && *num)
		snprintf(path, size, "/dev/bus/usb/%03d/%03d", atoi(bus),
			 atoi(num));
}

/*
 * A reset storm: USBDEVFS_RESET again and again with a read pending on the
 * winusb node (with desc-change, the device's descriptors differ after
 * every reset, so the USB core re-enumerates it).
 */
TEST(reset_storm)
{
	struct winusb_completion rec;
	char path[64];
	uint8_t buf[512];
	long long pins0;
	uint64_t id = 0;
	int fd, ret, resets = 0, pending;

	fd = open_node(_metadata, "WINUSB_NODE", &pins0);
	if (fd < 0)
		return;
	/* the FIFO is empty: this read stays pending */
	ASSERT_EQ(0, wu_submit(fd, WINUSB_XFER_BULK, TD_EP_BULK_IN, buf,
			       sizeof(buf), NULL, 1, 0, &id));
	pending = 1;
	for (int i = 0; i < 6; i++) {
		int ufd;

		usbfs_path(path, sizeof(path));
		ufd = *path ? open(path, O_RDWR) : -1;
		if (ufd < 0) {
			TH_LOG("reset %d: no usbfs node (%s)", i, path);
			usleep(300000);
			continue;
		}
		ret = ioctl(ufd, USBDEVFS_RESET, 0) ? -errno : 0;
		close(ufd);
		TH_LOG("reset %d of %s: %d", i, path, ret);
		/* -ENODEV: re-enumerated, -ENOENT: gone meanwhile */
		EXPECT_TRUE(ONE_OF(ret, 0, -ENODEV, -ENOENT, -EBUSY));
		resets += !ret || ret == -ENODEV;
		if (pending && wu_reap_id(fd, id, 0, &rec) == 1) {
			TH_LOG("pending read: status %d", rec.status);
			EXPECT_TRUE(ONE_OF(rec.status, -ECANCELED, -EPROTO, -ENODEV, -ESHUTDOWN,
					   -ECONNRESET, -EPIPE));
			pending = 0;
		}
		usleep(100000);
	}
	if (pending) {
		struct winusb_cancel c = { .size = sizeof(c), .id = id };

		ret = ioctl(fd, WINUSB_IOCTL_CANCEL, &c) ? -errno : 0;
		EXPECT_TRUE(ONE_OF(ret, 0, -ENODEV, -ENOENT));
		ASSERT_EQ(1, wu_reap_id(fd, id, 10000, &rec));
		TH_LOG("read after the storm: status %d", rec.status);
		EXPECT_TRUE(ONE_OF(rec.status, -ECANCELED, -EPROTO, -ENODEV, -ESHUTDOWN));
	}
	TH_LOG("%d resets done", resets);
	EXPECT_LT(0, resets);
	close_node(_metadata, fd, pins0);
}

/*
 * Run only the tests named on the command line (every one without
 * arguments): each needs a device with its own fault.
 */
int main(int argc, char **argv)
{
	struct __fixture_metadata *f;

	for (f = __fixture_list; f && argc > 1; f = f->next) {
		struct __test_metadata *t, *next, *keep = NULL, *tail = NULL;

		for (t = f->tests; t; t = next) {
			bool want = false;

			next = t->next;
			for (int i = 1; i < argc; i++)
				want |= !strcmp(argv[i], t->name);
			if (!want)
				continue;
			t->prev = tail ? tail : t;
			t->next = NULL;
			if (tail)
				tail->next = t;
			else
				keep = t;
			tail = t;
		}
		if (keep)
			keep->prev = tail;
		f->tests = keep;
	}
	return test_harness_run(argc, argv);
}
