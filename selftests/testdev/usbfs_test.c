// SPDX-License-Identifier: GPL-2.0
/*
 * usbfs_test - winusb-testdev proves itself through plain usbfs (libusb),
 * before any of our driver is involved: descriptors (MS OS 1.0 and 2.0
 * too), control echo, bulk loopback, stall, interrupt, a long isochronous
 * IN stream with zero loss, isochronous OUT judged by the device's sink,
 * and the UNLINK of an URB in flight.
 *
 * Runs as root in the test guest with the device attached (run.sh).
 * TD_PACED=1 in the environment says the device runs on the bus clock.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libusb.h>

#include "kselftest_harness.h"
#include "testdev_proto.h"

#define CTRL_TIMEOUT	2000

/* The MS OS 2.0 platform capability UUID, as it appears on the wire. */
static const uint8_t ms_os_20_uuid[16] = {
	0xdf, 0x60, 0xdd, 0xd8, 0x89, 0x45, 0xc7, 0x4c,
	0x9c, 0xd2, 0x65, 0x9d, 0x9e, 0x64, 0x8a, 0x9f,
};

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Find @needle (ASCII) stored as UTF-16LE in @buf. */
static bool has_utf16(const uint8_t *buf, int len, const char *needle)
{
	int n = strlen(needle), i, j;

	for (i = 0; i + 2 * n <= len; i++) {
		for (j = 0; j < n; j++)
			if (buf[i + 2 * j] != (uint8_t)needle[j] || buf[i + 2 * j + 1])
				break;
		if (j == n)
			return true;
	}
	return false;
}

static bool has_bytes(const uint8_t *buf, int len, const char *needle)
{
	return memmem(buf, len, needle, strlen(needle)) != NULL;
}

FIXTURE(dev) {
	libusb_context *ctx;
	libusb_device_handle *h;
	struct td_info info;
};

FIXTURE_SETUP(dev)
{
	uint8_t b[TD_INFO_SIZE];
	int ret;

	ASSERT_EQ(0, libusb_init(&self->ctx));
	self->h = libusb_open_device_with_vid_pid(self->ctx, TD_VID, TD_PID);
	ASSERT_NE(NULL, self->h) TH_LOG("no 1209:0001 device: is winusb-testdev attached?");
	libusb_set_auto_detach_kernel_driver(self->h, 1);
	ASSERT_EQ(0, libusb_claim_interface(self->h, TD_IFACE_LOOPBACK));
	ASSERT_EQ(0, libusb_claim_interface(self->h, TD_IFACE_ISOCH));
	ret = libusb_control_transfer(self->h, 0xc0, TD_REQ_GET_INFO, 0, 0, b,
				      sizeof(b), CTRL_TIMEOUT);
	ASSERT_EQ(TD_INFO_SIZE, ret);
	td_info_decode(&self->info, b);
	ASSERT_EQ(0, libusb_control_transfer(self->h, 0x40, TD_REQ_RESET_COUNTERS,
					     0, 0, NULL, 0, CTRL_TIMEOUT));
}

FIXTURE_TEARDOWN(dev)
{
	if (self->h) {
		libusb_set_interface_alt_setting(self->h, TD_IFACE_ISOCH, TD_ISOCH_ALT_OFF);
		libusb_release_interface(self->h, TD_IFACE_ISOCH);
		libusb_release_interface(self->h, TD_IFACE_LOOPBACK);
		libusb_close(self->h);
	}
	libusb_exit(self->ctx);
}

static void get_counters(struct __test_metadata *_metadata,
			 libusb_device_handle *h, struct td_counters *c)
{
	uint8_t b[TD_COUNTERS_SIZE];

	ASSERT_EQ(TD_COUNTERS_SIZE,
		  libusb_control_transfer(h, 0xc0, TD_REQ_GET_COUNTERS, 0, 0, b,
					  sizeof(b), CTRL_TIMEOUT));
	td_counters_decode(c, b);
}

TEST_F(dev, device_and_config_descriptors)
{
	libusb_device *d = libusb_get_device(self->h);
	struct libusb_device_descriptor dd;
	struct libusb_config_descriptor *cfg;
	const struct libusb_interface_descriptor *alt;
	unsigned char s[128];
	bool isoch_in = false, isoch_out = false;
	int i;

	ASSERT_EQ(0, libusb_get_device_descriptor(d, &dd));
	EXPECT_EQ(TD_VID, dd.idVendor);
	EXPECT_EQ(TD_PID, dd.idProduct);
	EXPECT_EQ(TD_BCD_DEVICE, dd.bcdDevice);
	EXPECT_GE(dd.bcdUSB, 0x0201);	/* so the host asks for the BOS */
	ASSERT_EQ(0, libusb_get_active_config_descriptor(d, &cfg));
	ASSERT_EQ(TD_NUM_IFACES, cfg->bNumInterfaces);
	ASSERT_EQ(2, cfg->interface[TD_IFACE_ISOCH].num_altsetting);
	alt = &cfg->interface[TD_IFACE_LOOPBACK].altsetting[0];
	EXPECT_EQ(0xff, alt->bInterfaceClass);
	EXPECT_EQ(3, alt->bNumEndpoints);
	EXPECT_EQ(0, cfg->interface[TD_IFACE_ISOCH].altsetting[0].bNumEndpoints);
	alt = &cfg->interface[TD_IFACE_ISOCH].altsetting[1];
	for (i = 0; i < alt->bNumEndpoints; i++) {
		const struct libusb_endpoint_descriptor *ep = &alt->endpoint[i];

		if ((ep->bmAttributes & 3) != LIBUSB_TRANSFER_TYPE_ISOCHRONOUS)
			continue;
		isoch_in |= ep->bEndpointAddress == TD_EP_ISOCH_IN;
		isoch_out |= ep->bEndpointAddress == TD_EP_ISOCH_OUT;
	}
	EXPECT_TRUE(isoch_in);
	EXPECT_TRUE(isoch_out);
	libusb_free_config_descriptor(cfg);

	ASSERT_LT(0, libusb_get_string_descriptor_ascii(self->h, dd.iProduct, s, sizeof(s)));
	EXPECT_STREQ(TD_PRODUCT, (char *)s);
	ASSERT_LT(0, libusb_get_string_descriptor_ascii(self->h, dd.iManufacturer, s, sizeof(s)));
	EXPECT_STREQ(TD_MANUFACTURER, (char *)s);
}

TEST_F(dev, ms_os_20_descriptor_set)
{
	struct libusb_bos_descriptor *bos;
	uint8_t set[1024], vendor = 0;
	uint16_t total = 0;
	int i, n;

	ASSERT_EQ(0, libusb_get_bos_descriptor(self->h, &bos));
	for (i = 0; i < bos->bNumDeviceCaps; i++) {
		const uint8_t *cap = (const uint8_t *)bos->dev_capability[i];

		/* Platform capability: UUID at 4, then dwWindowsVersion,
		 * wMSOSDescriptorSetTotalLength, bMS_VendorCode.
		 */
		if (cap[2] != 0x05 || cap[0] < 28 || memcmp(cap + 4, ms_os_20_uuid, 16))
			continue;
		EXPECT_EQ(TD_MS_OS_20_WIN_VERSION, td_get_le32(cap + 20));
		total = td_get_le16(cap + 24);
		vendor = cap[26];
	}
	libusb_free_bos_descriptor(bos);
	ASSERT_EQ(TD_MS_VENDOR_CODE, vendor);
	ASSERT_LT(10, total);
	ASSERT_GE(sizeof(set), total);

	n = libusb_control_transfer(self->h, 0xc0, vendor, 0, TD_MS_OS_20_DESCRIPTOR,
				    set, total, CTRL_TIMEOUT);
	ASSERT_EQ(total, n);
	EXPECT_EQ(10, td_get_le16(set));		/* set header length */
	EXPECT_EQ(0, td_get_le16(set + 2));		/* MS_OS_20_SET_HEADER */
	EXPECT_EQ(total, td_get_le16(set + 8));
	EXPECT_TRUE(has_bytes(set, n, "WINUSB"));
	EXPECT_TRUE(has_utf16(set, n, "DeviceInterfaceGUIDs"));
	EXPECT_TRUE(has_utf16(set, n, TD_GUID_IFACE0_STR));
	EXPECT_TRUE(has_utf16(set, n, TD_GUID_IFACE1_STR));
}

TEST_F(dev, ms_os_10_descriptors)
{
	uint8_t b[512];
	int n;

	n = libusb_get_string_descriptor(self->h, TD_STR_MS_OS, 0, b, 18);
	ASSERT_EQ(18, n);
	EXPECT_TRUE(has_utf16(b, n, "MSFT100"));
	EXPECT_EQ(TD_MS_VENDOR_CODE, b[16]);

	n = libusb_control_transfer(self->h, 0xc0, TD_MS_VENDOR_CODE, 0,
				    TD_MS_OS_10_COMPAT_ID, b, sizeof(b), CTRL_TIMEOUT);
	ASSERT_LT(16, n);
	EXPECT_EQ(n, (int)td_get_le32(b));	/* dwLength */
	EXPECT_EQ(0x0100, td_get_le16(b + 4));	/* bcdVersion */
	EXPECT_EQ(TD_MS_OS_10_COMPAT_ID, td_get_le16(b + 6));
	EXPECT_TRUE(has_bytes(b, n, "WINUSB"));

	n = libusb_control_transfer(self->h, 0xc1, TD_MS_VENDOR_CODE, TD_IFACE_ISOCH,
				    TD_MS_OS_10_PROPERTIES, b, sizeof(b), CTRL_TIMEOUT);
	ASSERT_LT(10, n);
	EXPECT_TRUE(has_utf16(b, n, TD_GUID_IFACE1_STR));
}

TEST_F(dev, control_echo_4k)
{
	static uint8_t out[TD_ECHO_MAX], in[TD_ECHO_MAX];
	int i;

	for (i = 0; i < TD_ECHO_MAX; i++)
		out[i] = (uint8_t)(i * 7 + 3);
	ASSERT_EQ(TD_ECHO_MAX, libusb_control_transfer(self->h, 0x40, TD_REQ_ECHO_OUT,
						       0, 0, out, sizeof(out), CTRL_TIMEOUT));
	ASSERT_EQ(TD_ECHO_MAX, libusb_control_transfer(self->h, 0xc0, TD_REQ_ECHO_IN,
						       0, 0, in, sizeof(in), CTRL_TIMEOUT));
	EXPECT_EQ(0, memcmp(in, out, sizeof(in)));
}

TEST_F(dev, unknown_request_stalls)
{
	uint8_t b[8];

	EXPECT_EQ(LIBUSB_ERROR_PIPE,
		  libusb_control_transfer(self->h, 0xc0, 0x7f, 0, 0, b, sizeof(b),
					  CTRL_TIMEOUT));
}

TEST_F(dev, bulk_loopback_256k)
{
	enum { LEN = 256 * 1024 };
	uint8_t *out = malloc(LEN), *in = malloc(LEN);
	struct td_counters c;
	int i, n = 0, got, total = 0;

	ASSERT_NE(NULL, out);
	ASSERT_NE(NULL, in);
	for (i = 0; i < LEN; i++)
		out[i] = (uint8_t)(i ^ (i >> 8));
	ASSERT_EQ(0, libusb_bulk_transfer(self->h, TD_EP_BULK_OUT, out, LEN, &n, 5000));
	ASSERT_EQ(LEN, n);
	while (total < LEN) {
		ASSERT_EQ(0, libusb_bulk_transfer(self->h, TD_EP_BULK_IN, in + total,
						  LEN - total, &got, 5000));
		ASSERT_LT(0, got);
		total += got;
	}
	EXPECT_EQ(0, memcmp(in, out, LEN));
	get_counters(_metadata, self->h, &c);
	EXPECT_EQ(LEN, c.ep[TD_EPI_BULK_OUT].bytes);
	EXPECT_EQ(LEN, c.ep[TD_EPI_BULK_IN].bytes);
	EXPECT_EQ(0, c.fifo_level);
	free(out);
	free(in);
}

TEST_F(dev, bulk_stall_and_clear_halt)
{
	uint8_t b[64] = { 1, 2, 3 };
	int n;

	ASSERT_EQ(0, libusb_control_transfer(self->h, 0x40, TD_REQ_FORCE_STALL, 0,
					     TD_EP_BULK_IN, NULL, 0, CTRL_TIMEOUT));
	EXPECT_EQ(LIBUSB_ERROR_PIPE,
		  libusb_bulk_transfer(self->h, TD_EP_BULK_IN, b, sizeof(b), &n, 2000));
	ASSERT_EQ(0, libusb_clear_halt(self->h, TD_EP_BULK_IN));
	ASSERT_EQ(0, libusb_bulk_transfer(self->h, TD_EP_BULK_OUT, b, 3, &n, 2000));
	ASSERT_EQ(0, libusb_bulk_transfer(self->h, TD_EP_BULK_IN, b, sizeof(b), &n, 2000));
	EXPECT_EQ(3, n);
}

TEST_F(dev, interrupt_counter)
{
	uint8_t r[TD_INT_REPORT_LEN];
	uint32_t first = 0, prev = 0;
	int i, n;

	for (i = 0; i < 10; i++) {
		ASSERT_EQ(0, libusb_interrupt_transfer(self->h, TD_EP_INT_IN, r,
						       sizeof(r), &n, 2000));
		ASSERT_EQ(TD_INT_REPORT_LEN, n);
		if (i == 0)
			first = td_int_report_count(r);
		else
			EXPECT_EQ(prev + 1, td_int_report_count(r));
		prev = td_int_report_count(r);
	}
	EXPECT_EQ(first + 9, prev);
}

/* Isochronous streaming: NT transfers of NP packets kept in flight. */
enum { NT = 8, NP = 32 };

struct stream {
	struct libusb_transfer *t[NT];
	int target;		/* packets to move */
	int submitted;		/* packets submitted */
	int completed;		/* packets completed */
	int in_flight;		/* transfers in flight */
	int bad_status;		/* transfers or packets with a bad status */
	int bad_data;		/* IN packets breaking the pattern */
	int lost;		/* IN packets missing (sequence gaps) */
	uint32_t next_seq;	/* IN: expected; OUT: next to send */
	int len;		/* bytes per packet */
};

static void fill_out(struct stream *s, struct libusb_transfer *t)
{
	int i;

	for (i = 0; i < t->num_iso_packets; i++)
		td_isoch_fill(libusb_get_iso_packet_buffer(t, i), s->len, s->next_seq++, 0);
}

static void LIBUSB_CALL stream_cb(struct libusb_transfer *t)
{
	struct stream *s = t->user_data;
	bool in = t->endpoint & LIBUSB_ENDPOINT_IN;
	int i;

	s->in_flight--;
	if (t->status != LIBUSB_TRANSFER_COMPLETED) {
		s->bad_status++;
		return;
	}
	for (i = 0; i < t->num_iso_packets; i++) {
		struct libusb_iso_packet_descriptor *d = &t->iso_packet_desc[i];
		uint8_t *p = libusb_get_iso_packet_buffer(t, i);

		s->completed++;
		if (d->status || d->actual_length != d->length) {
			s->bad_status++;
			continue;
		}
		if (!in)
			continue;
		if (td_isoch_seq(p) != s->next_seq)
			s->lost += (int)(td_isoch_seq(p) - s->next_seq);
		s->next_seq = td_isoch_seq(p) + 1;
		if (td_isoch_check(p, d->actual_length) >= 0)
			s->bad_data++;
	}
	if (s->submitted < s->target) {
		if (!in)
			fill_out(s, t);
		if (libusb_submit_transfer(t) == 0) {
			s->submitted += t->num_iso_packets;
			s->in_flight++;
		} else {
			s->bad_status++;
		}
	}
}

static int stream_run(libusb_context *ctx, libusb_device_handle *h, uint8_t ep,
		      int len, int packets, struct stream *s)
{
	double deadline = now_ms() + 30000;
	int i;

	memset(s, 0, sizeof(*s));
	s->target = packets;
	s->len = len;
	for (i = 0; i < NT; i++) {
		struct libusb_transfer *t = libusb_alloc_transfer(NP);

		if (!t)
			return -1;
		libusb_fill_iso_transfer(t, h, ep, malloc(NP * len), NP * len, NP,
					 stream_cb, s, 5000);
		libusb_set_iso_packet_lengths(t, len);
		s->t[i] = t;
		if (!(ep & LIBUSB_ENDPOINT_IN))
			fill_out(s, t);
		if (libusb_submit_transfer(t))
			return -1;
		s->submitted += NP;
		s->in_flight++;
	}
	while (s->in_flight && now_ms() < deadline) {
		struct timeval tv = { 0, 100000 };

		libusb_handle_events_timeout(ctx, &tv);
	}
	for (i = 0; i < NT; i++) {
		free(s->t[i]->buffer);
		libusb_free_transfer(s->t[i]);
	}
	return s->in_flight ? -1 : 0;
}

/* Packet length the stream uses: one full packet per service slot. */
static int isoch_len(const struct td_info *info)
{
	return info->isoch_maxp * (info->isoch_mult ? info->isoch_mult : 1) *
	       (info->isoch_burst + 1);
}

TEST_F_TIMEOUT(dev, isoch_in_10000_packets_no_loss, 120)
{
	struct stream s;
	double t0;

	ASSERT_EQ(0, libusb_set_interface_alt_setting(self->h, TD_IFACE_ISOCH, TD_ISOCH_ALT_ON));
	t0 = now_ms();
	ASSERT_EQ(0, stream_run(self->ctx, self->h, TD_EP_ISOCH_IN, isoch_len(&self->info), 10000, &s));
	TH_LOG("%d packets of %d bytes in %.0f ms (%s)", s.completed,
	       isoch_len(&self->info), now_ms() - t0,
	       self->info.paced ? "paced" : "unpaced");
	EXPECT_LE(10000, s.completed);
	EXPECT_EQ(0, s.bad_status);
	EXPECT_EQ(0, s.bad_data);
	EXPECT_EQ(0, s.lost);
	EXPECT_EQ((uint32_t)s.completed, s.next_seq);	/* starts at 0 */
	/* On the bus clock, 10000 slots take their real time. */
	if (self->info.paced)
		EXPECT_LE(10000.0 * td_slot_uframes(self->info.speed) / 8 - 5,
			  now_ms() - t0);
}

TEST_F_TIMEOUT(dev, isoch_out_verified_by_sink, 120)
{
	struct td_counters c;
	struct stream s;

	ASSERT_EQ(0, libusb_set_interface_alt_setting(self->h, TD_IFACE_ISOCH, TD_ISOCH_ALT_ON));
	ASSERT_EQ(0, stream_run(self->ctx, self->h, TD_EP_ISOCH_OUT, isoch_len(&self->info), 4096, &s));
	EXPECT_EQ(0, s.bad_status);
	get_counters(_metadata, self->h, &c);
	EXPECT_EQ((uint32_t)s.completed, c.sink_packets);
	EXPECT_EQ(0, c.sink_errors);
	EXPECT_EQ(0, c.sink_gaps);
	EXPECT_EQ(0, c.ep[TD_EPI_ISOCH_OUT].errors);
}

TEST_F(dev, isoch_out_pattern_error_detected)
{
	struct td_counters c;
	struct libusb_transfer *t = libusb_alloc_transfer(2);
	struct stream s = { .len = 64 };
	uint8_t *buf = calloc(2, 64);

	/* The sink must notice a broken payload and a sequence gap. */
	ASSERT_EQ(0, libusb_set_interface_alt_setting(self->h, TD_IFACE_ISOCH, TD_ISOCH_ALT_ON));
	td_isoch_fill(buf, 64, 0, 0);
	td_isoch_fill(buf + 64, 64, 5, 0);	/* gap: 1..4 missing */
	buf[64 + 20] ^= 0xff;			/* and a bad byte */
	libusb_fill_iso_transfer(t, self->h, TD_EP_ISOCH_OUT, buf, 128, 2, stream_cb,
				 &s, 5000);
	libusb_set_iso_packet_lengths(t, 64);
	s.target = 2;
	s.submitted = 2;
	s.in_flight = 1;
	ASSERT_EQ(0, libusb_submit_transfer(t));
	while (s.in_flight)
		libusb_handle_events(self->ctx);
	get_counters(_metadata, self->h, &c);
	EXPECT_EQ(2, c.sink_packets);
	EXPECT_EQ(1, c.sink_gaps);
	EXPECT_EQ(1, c.sink_errors);
	libusb_free_transfer(t);
	free(buf);
}

static void LIBUSB_CALL count_cb(struct libusb_transfer *t)
{
	int *status = t->user_data;

	*status = t->status;
}

TEST_F(dev, unlink_urb_in_flight)
{
	struct libusb_transfer *t = libusb_alloc_transfer(0);
	struct td_counters c;
	uint8_t buf[512];
	int status = -1;
	double t0;

	/* An empty loopback FIFO leaves a bulk IN pending, like a NAK. */
	libusb_fill_bulk_transfer(t, self->h, TD_EP_BULK_IN, buf, sizeof(buf),
				  count_cb, &status, 0);
	ASSERT_EQ(0, libusb_submit_transfer(t));
	usleep(200 * 1000);
	get_counters(_metadata, self->h, &c);
	ASSERT_EQ(0, c.unlinks_received);
	ASSERT_EQ(0, libusb_cancel_transfer(t));
	t0 = now_ms();
	while (status == -1 && now_ms() - t0 < 5000) {
		struct timeval tv = { 0, 100000 };

		libusb_handle_events_timeout(self->ctx, &tv);
	}
	EXPECT_EQ(LIBUSB_TRANSFER_CANCELLED, status);
	get_counters(_metadata, self->h, &c);
	EXPECT_EQ(1, c.unlinks_received);
	EXPECT_EQ(1, c.unlinks_pending);	/* answered -ECONNRESET */
	libusb_free_transfer(t);
}

TEST_HARNESS_MAIN
