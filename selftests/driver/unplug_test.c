// SPDX-License-Identifier: GPL-2.0
/*
 * winusb_unplug - what a file sees when its device goes away: pending
 * requests complete with -ENODEV and can still be reaped, every other call
 * fails with ENODEV, poll() reports EPOLLHUP.  The device is unplugged by
 * killing winusb-testdev ($WINUSB_TESTDEV_PIDFILE); run.sh sets it up.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include <linux/winusb.h>
#include "testdev_proto.h"
#include "winusb_util.h"

TEST(unplug_with_pending)
{
	const char *node = getenv("WINUSB_NODE");
	const char *pidfile = getenv("WINUSB_TESTDEV_PIDFILE");
	static uint8_t buf[4][512];
	struct winusb_completion recs[8];
	struct winusb_reap r = {
		.size = sizeof(r), .count = 8, .record_size = sizeof(recs[0]),
		.records_uptr = (uintptr_t)recs, .timeout_ms = 10000,
	};
	struct winusb_info info = { .size = sizeof(info) };
	struct winusb_submit s = {
		.size = sizeof(s), .type = WINUSB_XFER_BULK,
		.endpoint = TD_EP_BULK_IN, .length = 512,
	};
	struct pollfd p = { .events = POLLIN };
	int fd, got = 0, ret;
	FILE *f;
	int pid;

	if (!node || !pidfile)
		SKIP(return, "no $WINUSB_NODE / $WINUSB_TESTDEV_PIDFILE");
	fd = open(node, O_RDWR);
	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, wu_drain(fd)) TH_LOG("the loopback FIFO does not empty");
	for (int i = 0; i < 4; i++) {
		s.data_uptr = (uintptr_t)buf[i];
		s.cookie = i;
		ASSERT_EQ(0, ioctl(fd, WINUSB_IOCTL_SUBMIT, &s));
	}

	f = fopen(pidfile, "r");
	ASSERT_NE(NULL, f);
	ASSERT_EQ(1, fscanf(f, "%d", &pid));
	fclose(f);
	ASSERT_EQ(0, kill(pid, SIGTERM));

	while (got < 4) {
		ret = ioctl(fd, WINUSB_IOCTL_REAP, &r);
		ASSERT_GT(ret, 0) TH_LOG("reap: %d errno %d", ret, errno);
		for (int i = 0; i < ret; i++) {
			struct winusb_completion *rec = &recs[i];

			EXPECT_EQ(-ENODEV, rec->status)
				TH_LOG("read %llu: %u bytes",
				       (unsigned long long)rec->cookie,
				       rec->actual_length);
		}
		got += ret;
	}
	EXPECT_EQ(-1, ioctl(fd, WINUSB_IOCTL_REAP, &r));
	EXPECT_EQ(ENODEV, errno);
	s.data_uptr = (uintptr_t)buf[0];
	EXPECT_EQ(-1, ioctl(fd, WINUSB_IOCTL_SUBMIT, &s));
	EXPECT_EQ(ENODEV, errno);
	EXPECT_EQ(0, ioctl(fd, WINUSB_IOCTL_GET_INFO, &info));
	EXPECT_EQ(1, info.out_disconnected);
	p.fd = fd;
	EXPECT_EQ(1, poll(&p, 1, 0));
	EXPECT_TRUE(p.revents & POLLHUP);
	EXPECT_EQ(0, close(fd));
	EXPECT_EQ(-1, open(node, O_RDWR));
}

TEST_HARNESS_MAIN
