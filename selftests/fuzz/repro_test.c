// SPDX-License-Identifier: GPL-2.0
/*
 * repro_test - minimal reproducers of the kernel problems the stress tests
 * of selftests/fuzz/ found.  Each passes in user space; the kernel's
 * report (which the VM runner turns into a failure) is the bug.
 *
 *   selftests/vm/run -- selftests/fuzz/run.sh --repro
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include <linux/winusb.h>
#include "winusb_util.h"
#include "fuzz_common.h"

/*
 * A control request with bmRequestType IN and wLength 0 has no data stage:
 * the USB core wants an OUT pipe for it (the status stage is IN) and warns
 * "BOGUS control dir, pipe 80000680 doesn't match bRequestType c0"
 * (drivers/usb/core/urb.c, usb_submit_urb()) when the driver picks the
 * pipe from bit 7 alone.  Any user who may open the node triggers the
 * WARN (a panic with panic_on_warn).
 */
TEST(control_in_without_data)
{
	struct winusb_completion rec;
	uint8_t setup[8];
	char node[64];
	uint64_t id = 0;
	int fd, ret;

	if (fz_node(0, node, sizeof(node)))
		SKIP(return, "test device not bound (run through run.sh)");
	fd = open(node, O_RDWR);
	ASSERT_GE(fd, 0);
	wu_setup(setup, 0xc0, TD_REQ_GET_COUNTERS, 0, 0, 0);
	ASSERT_EQ(0, wu_submit(fd, WINUSB_XFER_CONTROL, 0, NULL, 0, setup, 0,
			       0, &id));
	ret = wu_reap_id(fd, id, 10000, &rec);
	EXPECT_EQ(1, ret);
	close(fd);
}

TEST_HARNESS_MAIN
