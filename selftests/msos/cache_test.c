// SPDX-License-Identifier: GPL-2.0
/*
 * How many requests winusb.ko sends for the Microsoft OS descriptors: the
 * device's are read once, when the first of its interfaces is bound, shared
 * by the others, and forgotten when the last is unbound.  The test device
 * counts every control URB (td_counters.urbs_received); counters are read
 * through usbfs, with no interface claimed, so that only winusb.ko's own
 * requests land between two reads.
 *
 * WINUSB_MSOS_MODE is the module's msos parameter in force (2, 1 or 0);
 * every interface of the test device must be unbound at start, and is at
 * the end.  selftests/msos/run.sh runs it.
 *
 *	WINUSB_MSOS_MODE=2 build/selftests/msos/cache_test
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libusb.h>

#include "kselftest_harness.h"
#include "testdev_proto.h"
#include "winusb_util.h"

#define CTRL_TIMEOUT	2000
#define DRV		"/sys/bus/usb/drivers/winusb/"

FIXTURE(dev) {
	libusb_context *ctx;
	libusb_device_handle *h;
	char intf[2][64];	/* "2-1:1.0", "2-1:1.1" */
	int mode;
	int overhead;		/* URBs one counter read adds by itself */
};

static int urbs_received(libusb_device_handle *h)
{
	uint8_t b[TD_COUNTERS_SIZE];
	struct td_counters c;

	if (libusb_control_transfer(h, 0xc0, TD_REQ_GET_COUNTERS, 0, 0, b,
				    sizeof(b), CTRL_TIMEOUT) != sizeof(b))
		return -1;
	td_counters_decode(&c, b);
	return (int)c.urbs_received;
}

static void unbind_all(FIXTURE_DATA(dev) *self)
{
	wu_write_file(DRV "unbind", self->intf[0]);
	wu_write_file(DRV "unbind", self->intf[1]);
}

/* Control URBs winusb.ko sent while binding interface @i. */
static int bind_cost(struct __test_metadata *_metadata,
		     FIXTURE_DATA(dev) *self, int i)
{
	int before, after;

	before = urbs_received(self->h);
	EXPECT_EQ(0, wu_write_file(DRV "bind_interface", self->intf[i]));
	after = urbs_received(self->h);
	if (before < 0 || after < 0)
		return -1;
	return after - before - self->overhead;
}

FIXTURE_SETUP(dev)
{
	const char *mode = getenv("WINUSB_MSOS_MODE");
	libusb_device *d;
	uint8_t ports[8];
	char name[48];
	int n, i, a, b;

	ASSERT_NE(NULL, mode) TH_LOG("WINUSB_MSOS_MODE unset");
	self->mode = atoi(mode);
	ASSERT_TRUE(self->mode >= 0 && self->mode <= 2);
	ASSERT_EQ(0, libusb_init(&self->ctx));
	self->h = libusb_open_device_with_vid_pid(self->ctx, TD_VID, TD_PID);
	ASSERT_NE(NULL, self->h) TH_LOG("no 1209:0001 device");

	d = libusb_get_device(self->h);
	n = libusb_get_port_numbers(d, ports, sizeof(ports));
	ASSERT_GT(n, 0);
	i = snprintf(name, sizeof(name), "%u-%u", libusb_get_bus_number(d),
		     ports[0]);
	for (a = 1; a < n; a++)
		i += snprintf(name + i, sizeof(name) - i, ".%u", ports[a]);
	for (a = 0; a < 2; a++)
		snprintf(self->intf[a], sizeof(self->intf[a]), "%s:1.%d",
			 name, a);
	unbind_all(self);

	a = urbs_received(self->h);
	b = urbs_received(self->h);
	ASSERT_GE(a, 0);
	ASSERT_GE(b, a);
	self->overhead = b - a;
}

FIXTURE_TEARDOWN(dev)
{
	unbind_all(self);
	if (self->h)
		libusb_close(self->h);
	libusb_exit(self->ctx);
}

/*
 * The first interface bound reads the device: MS OS 2.0 one request (the
 * set); MS OS 1.0 three (string 0xEE, compat ID, the interface's
 * properties); none with msos=0.
 */
TEST_F(dev, first_interface_reads_device)
{
	static const int want[] = { 0, 3, 1 };

	EXPECT_EQ(want[self->mode], bind_cost(_metadata, self, 0));
}

/* The second shares what was read: MS OS 1.0 asks its properties only. */
TEST_F(dev, second_interface_shares)
{
	static const int want[] = { 0, 1, 0 };

	bind_cost(_metadata, self, 0);
	EXPECT_EQ(want[self->mode], bind_cost(_metadata, self, 1));
}

/* Either interface can come first; interface 1 alone reads the device. */
TEST_F(dev, last_unbind_forgets)
{
	static const int want[] = { 0, 3, 1 };

	bind_cost(_metadata, self, 0);
	unbind_all(self);
	EXPECT_EQ(want[self->mode], bind_cost(_metadata, self, 1));
}

TEST_HARNESS_MAIN
