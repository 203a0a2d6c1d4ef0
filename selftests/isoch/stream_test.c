// SPDX-License-Identifier: GPL-2.0
/*
 * stream_test - an isochronous IN and OUT stream on winusb-testdev's
 * interface 1 ($WINUSB_NODE), paced at real bus timing, with ContinueStream
 * chains; zero lost, reordered, corrupted or late packets (see
 * isoch_stream.h for the checks).
 *
 *   ISOCH_SECONDS      bus time (default 3)
 *   ISOCH_XFER_FRAMES  1 ms frames per transfer (default 32)
 *   ISOCH_INFLIGHT     transfers in flight per direction (default 16)
 *   ISOCH_DIRS         "in", "out" or "both" (default)
 *   ISOCH_TRIES        runs allowed when the guest cannot keep time (an
 *                      underrun the driver reports, or the device getting an
 *                      URB late; default 3); wrong data fails at once
 *   ISOCH_HUGE         1: buffers in a huge page (the single-segment DMA
 *                      path on a DMA controller)
 *   ISOCH_PATH         vmap, bounce or dma: the path both buffers must get
 *
 * Behind usbredir (GET_INFO says so) IN is checked as a lossy source.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "isoch_stream.h"

static unsigned int env_uint(const char *name, unsigned int def)
{
	const char *v = getenv(name);

	return v && *v ? (unsigned int)strtoul(v, NULL, 0) : def;
}

FIXTURE(stream)
{
	int unused;
};

FIXTURE_SETUP(stream)
{
}

FIXTURE_TEARDOWN(stream)
{
}

/* Up to 60 s of bus time, twice: well beyond the default 30 s. */
TEST_F_TIMEOUT(stream, run, 600)
{
	const char *dirs = getenv("ISOCH_DIRS");
	struct isoch_stream_cfg cfg = {
		.seconds = env_uint("ISOCH_SECONDS", 3),
		.transfer_frames = env_uint("ISOCH_XFER_FRAMES", 32),
		.inflight = env_uint("ISOCH_INFLIGHT", 16),
		.in = !dirs || strcmp(dirs, "out"),
		.out = !dirs || strcmp(dirs, "in"),
		.huge = env_uint("ISOCH_HUGE", 0),
	};
	const char *want_path = getenv("ISOCH_PATH");
	struct isoch_stream_result res;
	struct winusb_info info;
	struct td_info ti;
	unsigned int tries = 0, max_tries = env_uint("ISOCH_TRIES", 3);
	int fd, ret;

	fd = wu_open_env("WINUSB_NODE");
	if (fd < 0)
		SKIP(return, "no $WINUSB_NODE");
	ASSERT_EQ(0, wu_get_info(fd, &info));
	do {
		if (tries)
			printf("# underrun (%s); one more try\n", res.why);
		ASSERT_EQ(0, isoch_set_alt(fd, 0));
		ASSERT_EQ(0, isoch_set_alt(fd, 1));
		ASSERT_EQ(0, td_out(fd, TD_REQ_RESET_COUNTERS, 0, 0));
		ASSERT_EQ(0, td_out(fd, TD_REQ_SET_PACED, 1, 0));
		ASSERT_EQ(0, td_info(fd, &ti));
		cfg.lossy = ti.transport == TD_TRANSPORT_USBREDIR;
		ret = isoch_stream_run(fd, &cfg, &res);
	} while (ret && res.underrun && ++tries < max_tries);
	printf("# speed %u, isoch maxp %u x %u: %.2f s for %u s of bus time\n",
	       info.out_speed, ti.isoch_maxp, ti.isoch_mult, res.seconds,
	       cfg.seconds);
	printf("# IN  %llu transfers, %llu packets, %.2f MB/s, path %s\n",
	       (unsigned long long)res.in_transfers,
	       (unsigned long long)res.in_packets,
	       res.seconds ? res.in_bytes / res.seconds / 1e6 : 0.0,
	       isoch_path_name(res.in_path));
	printf("# OUT %llu transfers, %llu packets, %.2f MB/s, path %s\n",
	       (unsigned long long)res.out_transfers,
	       (unsigned long long)res.out_packets,
	       res.seconds ? res.out_bytes / res.seconds / 1e6 : 0.0,
	       isoch_path_name(res.out_path));
	if (cfg.lossy)
		printf("# IN through usbredir: %llu packets empty, %llu dropped\n",
		       (unsigned long long)res.in_empty,
		       (unsigned long long)res.in_dropped);
	EXPECT_EQ(0, ret) TH_LOG("%s", res.why);
	if (want_path && *want_path && cfg.in)
		EXPECT_STREQ(want_path, isoch_path_name(res.in_path));
	if (want_path && *want_path && cfg.out)
		EXPECT_STREQ(want_path, isoch_path_name(res.out_path));
	close(fd);
}

TEST_HARNESS_MAIN
