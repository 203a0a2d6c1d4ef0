// SPDX-License-Identifier: GPL-2.0
/*
 * unplug_test - the device goes away in the middle of an isochronous
 * stream ($WINUSB_NODE, winusb-testdev killed through
 * $WINUSB_TESTDEV_PIDFILE), or the driver is unbound from the interface
 * ($WINUSB_UNBIND names it): pending transfers complete with -ENODEV and
 * can be reaped, the buffers are unpinned at once although the file stays
 * open, every other call fails with ENODEV.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "isoch_util.h"

TEST(unplug_mid_stream)
{
	const char *pidfile = getenv("WINUSB_TESTDEV_PIDFILE");
	const char *unbind = getenv("WINUSB_UNBIND");
	uint32_t len = 1 << 20, transfer, npk, fb;
	long vmpin0 = isoch_status_kb("VmPin");
	long long pins0 = wu_foll_pins();
	struct winusb_isoch_register ri, ro;
	struct winusb_completion recs[32];
	struct winusb_isoch_packet *pk;
	uint8_t *in, *out;
	int fd, pid, got = 0, nodev = 0;
	FILE *f;

	fd = wu_open_env("WINUSB_NODE");
	if (fd < 0 || (!pidfile && !unbind))
		SKIP(return, "no $WINUSB_NODE / $WINUSB_TESTDEV_PIDFILE / $WINUSB_UNBIND");
	ASSERT_EQ(0, isoch_set_alt(fd, 1));
	ASSERT_EQ(0, td_out(fd, TD_REQ_SET_PACED, 1, 0));
	in = mmap(NULL, len, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	out = mmap(NULL, len, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, in);
	ASSERT_NE(MAP_FAILED, out);
	ASSERT_EQ(0, isoch_register(fd, TD_EP_ISOCH_IN, in, len, &ri));
	ASSERT_EQ(0, isoch_register(fd, TD_EP_ISOCH_OUT, out, len, &ro));
	EXPECT_GT(isoch_status_kb("VmPin"), vmpin0);
	fb = ri.out_frame_bytes;
	transfer = 16 * fb;
	npk = transfer / ri.out_packet_bytes;
	pk = calloc(8 * npk, sizeof(*pk));
	ASSERT_NE(NULL, pk);
	/*
	 * ASAP without ContinueStream: a loaded guest may take longer than
	 * a transfer to submit the next, and the test needs a stream in
	 * flight, not an unbroken one.
	 */
	for (int i = 0; i < 8; i++) {
		uint32_t fl = WINUSB_ISOCH_ASAP;

		ASSERT_EQ(0, isoch_submit(fd, ri.out_handle, fl, i * transfer, transfer,
					0, pk + i * npk, npk, i, NULL));
		ASSERT_EQ(0, isoch_submit(fd, ro.out_handle, fl, i * transfer, transfer,
					0, NULL, 0, 100 + i, NULL));
	}
	usleep(20000);

	if (unbind) {
		f = fopen("/sys/bus/usb/drivers/winusb/unbind", "w");
		ASSERT_NE(NULL, f);
		ASSERT_GT(fputs(unbind, f), 0);
		ASSERT_EQ(0, fclose(f));
	} else {
		f = fopen(pidfile, "r");
		ASSERT_NE(NULL, f);
		ASSERT_EQ(1, fscanf(f, "%d", &pid));
		fclose(f);
		ASSERT_EQ(0, kill(pid, SIGTERM));
	}

	while (got < 16) {
		int n = isoch_reap(fd, recs, 32, 10000);

		ASSERT_GT(n, 0) TH_LOG("reap: %d", n);
		for (int i = 0; i < n; i++) {
			EXPECT_TRUE(recs[i].status == 0 ||
				    recs[i].status == -ENODEV)
				TH_LOG("status %d", recs[i].status);
			nodev += recs[i].status == -ENODEV;
		}
		got += n;
	}
	EXPECT_GT(nodev, 0);
	EXPECT_EQ(-ENODEV, isoch_reap(fd, recs, 32, 1000));
	/* Released at the disconnect, with the file still open. */
	EXPECT_EQ(vmpin0, isoch_status_kb("VmPin"));
	EXPECT_EQ(pins0, wu_foll_pins());
	EXPECT_EQ(-ENODEV, isoch_submit(fd, ri.out_handle, WINUSB_ISOCH_ASAP, 0,
				      transfer, 0, pk, npk, 0, NULL));
	EXPECT_EQ(-ENODEV, isoch_unregister(fd, ri.out_handle));
	EXPECT_EQ(-ENODEV, isoch_register(fd, TD_EP_ISOCH_IN, in, len, NULL));
	{
		struct winusb_frame fr;

		EXPECT_EQ(-ENODEV, isoch_get_frame(fd, &fr));
	}
	EXPECT_EQ(0, close(fd));
	free(pk);
}

TEST_HARNESS_MAIN
