// SPDX-License-Identifier: GPL-2.0
/*
 * ss_lb_test - winusb.ko against devices nobody here wrote: the kernel's own
 * SourceSink and Loopback USB functions (usb_f_ss_lb, configfs gadgets) on
 * dummy_hcd.  run.sh builds the gadgets and binds them; it passes
 *
 *	WINUSB_SS_NODE	 /dev/winusb/<SourceSink interface>
 *	WINUSB_LB_NODE	 /dev/winusb/<Loopback interface>
 *	WINUSB_LB_USBDEV /sys/bus/usb/devices/<Loopback device> (power/)
 *	WINUSB_BUFLEN	 bulk_buflen of both functions (default 4096)
 *
 * What the functions do (drivers/usb/gadget/function/f_*.c, Linux 6.1):
 * Loopback queues bulk_buflen-byte OUT requests and sends each one's data
 * back as one IN request, ending it with a zero-length packet when the OUT
 * request was short; an OUT request ends when full or at a short (or
 * zero-length) packet.  SourceSink pattern 1 ("mod63") sources byte i of
 * every packet as (i % 63) and halts its OUT endpoint on the first byte it
 * receives that breaks that rule; vendor requests 0x5b/0x5c write and read
 * back the ep0 buffer (up to 4096 bytes, device recipient only).
 * dummy_hcd keeps the scatter-gather constraint (sg_tablesize ~0, no
 * no_sg_constraint): only transfers whose page offsets are multiples of
 * the max packet size go zero-copy, the others bounce.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include <linux/winusb.h>
#include "winusb_util.h"

#define LONG_MS		60000

/*
 * Linux 6.1's harness runs the test body even when the fixture setup
 * skipped; every body starts with this.
 */
#define NEED_DEV() do { \
	if (self->d.fd < 0) \
		SKIP(return, "no device node"); \
} while (0)

/* dummy_hcd's SuperSpeed root hub stalls SetPortFeature(LINK_STATE U3). */
#define NEED_SUSPEND() do { \
	if (self->d.speed >= 5) \
		SKIP(return, "dummy_hcd cannot suspend a SuperSpeed port"); \
} while (0)

struct dev {
	int fd;
	uint8_t in, out;
	uint32_t maxp;
	uint32_t buflen;
	unsigned int speed;
};

static uint32_t env_buflen(void)
{
	const char *s = getenv("WINUSB_BUFLEN");

	return s ? (uint32_t)strtoul(s, NULL, 0) : 4096;
}

/*
 * Open a node, find its bulk pipes and put every policy of them back to
 * Microsoft's default, clear halts and kept bytes: a failed test must not
 * spoil the next one.
 */
static int dev_open(struct dev *d, const char *var)
{
	struct winusb_info info;
	uint8_t eps[2];
	int ret;

	d->fd = wu_open_env(var);
	if (d->fd < 0)
		return -ENODEV;
	ret = wu_find_bulk(d->fd, &d->in, &d->out, &d->maxp);
	if (ret)
		return ret;
	ret = wu_get_info(d->fd, &info);
	if (ret)
		return ret;
	d->speed = info.out_speed;
	d->buflen = env_buflen();
	eps[0] = d->in;
	eps[1] = d->out;
	for (int i = 0; i < 2; i++) {
		ret = wu_set_policy(d->fd, eps[i],
				    WINUSB_POLICY_PIPE_TRANSFER_TIMEOUT, 4, 0) ||
		      wu_set_policy(d->fd, eps[i],
				    WINUSB_POLICY_RESET_PIPE_ON_RESUME, 1, 0) ||
		      wu_pipe_op(d->fd, WINUSB_IOCTL_RESET_PIPE, eps[i]);
		if (ret)
			return -EIO;
	}
	ret = wu_set_policy(d->fd, d->out,
			    WINUSB_POLICY_SHORT_PACKET_TERMINATE, 1, 0) ||
	      wu_set_policy(d->fd, d->in, WINUSB_POLICY_AUTO_FLUSH, 1, 0) ||
	      wu_set_policy(d->fd, d->in,
			    WINUSB_POLICY_ALLOW_PARTIAL_READS, 1, 1) ||
	      wu_set_policy(d->fd, d->in,
			    WINUSB_POLICY_IGNORE_SHORT_PACKETS, 1, 0) ||
	      wu_set_policy(d->fd, d->in, WINUSB_POLICY_AUTO_CLEAR_STALL, 1,
			    0) ||
	      wu_set_power(d->fd, WINUSB_POWER_AUTO_SUSPEND, 1, 1) ||
	      wu_pipe_op(d->fd, WINUSB_IOCTL_FLUSH_PIPE, d->in);
	return ret ? -EIO : 0;
}

/*
 * Empty the loopback: a zero-length packet ends any OUT request the gadget
 * holds half full, then read until nothing comes for 100 ms.
 */
static void lb_drain(struct dev *d)
{
	static uint8_t buf[1 << 16];
	uint32_t actual;

	wu_transfer_tmo(d->fd, WINUSB_XFER_BULK, d->out, NULL, 0, NULL, 1000,
		    NULL);
	for (int i = 0; i < 1000; i++)
		if (wu_transfer_tmo(d->fd, WINUSB_XFER_BULK, d->in, buf,
				sizeof(buf), NULL, 100, &actual))
			break;
	wu_pipe_op(d->fd, WINUSB_IOCTL_FLUSH_PIPE, d->in);
}

/* Pseudo-random bytes: shifted, repeated or dropped data shows. */
static void fill_random(uint8_t *b, size_t n, uint32_t seed)
{
	uint32_t x = seed * 2654435761u + 1;

	for (size_t i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		b[i] = (uint8_t)x;
	}
}

/* SourceSink pattern 1: byte i of every packet is i % 63. */
static uint8_t mod63(size_t k, uint32_t maxp)
{
	return (uint8_t)((k % maxp) % 63);
}

static void fill_mod63(uint8_t *b, size_t n, uint32_t maxp)
{
	for (size_t i = 0; i < n; i++)
		b[i] = mod63(i, maxp);
}

/* Offset of the first byte that breaks mod63, or -1. */
static long check_mod63(const uint8_t *b, size_t n, uint32_t maxp)
{
	for (size_t i = 0; i < n; i++)
		if (b[i] != mod63(i, maxp))
			return (long)i;
	return -1;
}

/* A buffer at @offset from a page boundary. */
static uint8_t *buf_at(void **base, size_t len, size_t offset)
{
	if (posix_memalign(base, 4096, len + offset + 4096))
		return NULL;
	return (uint8_t *)*base + offset;
}

/* Transfers that fill a few seconds of the bus at most. */
static size_t large_size(const struct dev *d, size_t high)
{
	return d->speed <= 2 ? high / 16 : high;	/* full/low speed: 1 MB/s */
}

/* ---- Loopback ---------------------------------------------------------- */

FIXTURE(lb) {
	struct dev d;
};

FIXTURE_SETUP(lb)
{
	int ret = dev_open(&self->d, "WINUSB_LB_NODE");

	if (ret == -ENODEV)
		SKIP(return, "no $WINUSB_LB_NODE");
	ASSERT_EQ(0, ret);
	lb_drain(&self->d);
}

FIXTURE_TEARDOWN(lb)
{
	if (self->d.fd >= 0)
		close(self->d.fd);
}

/* Write then read back, sizes around packet and request boundaries. */
TEST_F(lb, roundtrip)
{
	static const uint32_t sizes[] = {
		1, 100, 511, 1000, 4095, 4096, 5000, 8192, 12345, 65536,
		100000,
	};
	struct dev *d = &self->d;
	static uint8_t out[100000], in[100000];

	NEED_DEV();

	for (unsigned int i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		uint32_t len = sizes[i], actual = 0;

		/* Multiples of maxp shorter than a request need a ZLP. */
		if (len % d->buflen && !(len % d->maxp))
			continue;
		fill_random(out, len, i);
		memset(in, 0, len);
		ASSERT_EQ(0, wu_bulk(d->fd, d->out, out, len, &actual));
		ASSERT_EQ(len, actual);
		ASSERT_EQ(0, wu_transfer_tmo(d->fd, WINUSB_XFER_BULK, d->in, in,
					 len, NULL, 5000, &actual))
			TH_LOG("read of %u", len);
		ASSERT_EQ(len, actual);
		ASSERT_EQ(0, memcmp(in, out, len)) TH_LOG("size %u", len);
	}
}

/*
 * SHORT_PACKET_TERMINATE: a write of a multiple of maxp leaves the
 * gadget's OUT request waiting for more, unless a zero-length packet ends
 * it; so the looped-back data can be read if and only if the ZLP was sent.
 */
TEST_F(lb, short_packet_terminate)
{
	struct dev *d = &self->d;
	uint32_t m = d->maxp, actual = 0, len;
	size_t big = 1536 << 10;
	struct winusb_completion rec;
	uint8_t out[4096], in[4096];
	uint64_t id = 0;
	void *base_out, *base_in;
	uint8_t *bout, *bin;

	NEED_DEV();

	ASSERT_LT(m, d->buflen);
	fill_random(out, sizeof(out), 77);

	/* Off (the default): no ZLP, nothing comes back until one is sent. */
	ASSERT_EQ(0, wu_bulk(d->fd, d->out, out, m, &actual));
	EXPECT_EQ(-ETIMEDOUT, wu_transfer_tmo(d->fd, WINUSB_XFER_BULK, d->in, in,
					  d->buflen, NULL, 300, &actual));
	ASSERT_EQ(0, wu_bulk(d->fd, d->out, NULL, 0, NULL));
	ASSERT_EQ(0, wu_transfer_tmo(d->fd, WINUSB_XFER_BULK, d->in, in,
				 d->buflen, NULL, 2000, &actual));
	EXPECT_EQ(m, actual);
	EXPECT_EQ(0, memcmp(in, out, m));

	/* On: the ZLP ends the gadget's request at once. */
	ASSERT_EQ(0, wu_set_policy(d->fd, d->out,
				   WINUSB_POLICY_SHORT_PACKET_TERMINATE, 1, 1));
	for (len = m; len < d->buflen; len += 2 * m) {
		ASSERT_EQ(0, wu_bulk(d->fd, d->out, out, len, &actual));
		ASSERT_EQ(0, wu_transfer_tmo(d->fd, WINUSB_XFER_BULK, d->in, in,
					 d->buflen, NULL, 2000, &actual))
			TH_LOG("no ZLP after %u bytes", len);
		EXPECT_EQ(len, actual);
		EXPECT_EQ(0, memcmp(in, out, len));
	}

	/* Not a multiple of maxp: no ZLP (one would loop back empty). */
	ASSERT_EQ(0, wu_bulk(d->fd, d->out, out, m + 10, &actual));
	ASSERT_EQ(0, wu_transfer_tmo(d->fd, WINUSB_XFER_BULK, d->in, in,
				 d->buflen, NULL, 2000, &actual));
	EXPECT_EQ(m + 10, actual);
	EXPECT_EQ(-ETIMEDOUT, wu_transfer_tmo(d->fd, WINUSB_XFER_BULK, d->in, in,
					  d->buflen, NULL, 300, &actual));

	/*
	 * Sent in several URBs (1 MiB scatter-gather pieces from an aligned
	 * buffer, 64 KiB bounce pieces from an unaligned one): one ZLP, after
	 * the last piece only.  The data fills whole requests, so the ZLP
	 * ends an empty one and loops back as one empty read.
	 */
	ASSERT_EQ(0, big % d->buflen);
	for (size_t off = 0; off < 2; off++) {
		bout = buf_at(&base_out, big, off);
		bin = buf_at(&base_in, big, off);
		ASSERT_NE(NULL, bout);
		ASSERT_NE(NULL, bin);
		fill_random(bout, big, 78 + off);
		/* More than the Loopback holds: read while writing. */
		ASSERT_EQ(0, wu_submit(d->fd, WINUSB_XFER_BULK, d->in, bin, big,
				       NULL, 1, 10000, &id));
		ASSERT_EQ(0, wu_bulk(d->fd, d->out, bout, big, &actual));
		ASSERT_EQ(big, actual);
		ASSERT_EQ(1, wu_reap_id(d->fd, id, 15000, &rec));
		EXPECT_EQ(0, rec.status);
		EXPECT_EQ(big, rec.actual_length);
		EXPECT_EQ(0, memcmp(bin, bout, big)) TH_LOG("offset %zu", off);
		EXPECT_EQ(0, wu_transfer_tmo(d->fd, WINUSB_XFER_BULK, d->in, in,
					 d->buflen, NULL, 2000, &actual))
			TH_LOG("no ZLP at the end, offset %zu", off);
		EXPECT_EQ(0, actual);
		EXPECT_EQ(-ETIMEDOUT, wu_transfer_tmo(d->fd, WINUSB_XFER_BULK,
						  d->in, in, d->buflen, NULL,
						  300, &actual))
			TH_LOG("more than one ZLP, offset %zu", off);
		free(base_out);
		free(base_in);
	}
	EXPECT_EQ(0, wu_set_policy(d->fd, d->out,
				   WINUSB_POLICY_SHORT_PACKET_TERMINATE, 1, 0));
}

/* 64 reads and 64 writes in flight at once; each pipe completes in order. */
TEST_F(lb, many_in_flight)
{
	enum { N = 64 };
	struct dev *d = &self->d;
	uint32_t len = d->buflen;
	uint8_t *out = malloc((size_t)N * len), *in = calloc(N, len);
	struct winusb_completion recs[2 * N];
	struct winusb_reap r = {
		.size = sizeof(r), .count = 2 * N,
		.record_size = sizeof(recs[0]),
		.records_uptr = (uintptr_t)recs, .timeout_ms = 10000,
	};
	int got = 0, next_in = 0, next_out = 0, ret;

	NEED_DEV();

	ASSERT_NE(NULL, out);
	ASSERT_NE(NULL, in);
	fill_random(out, (size_t)N * len, 5);
	for (int i = 0; i < N; i++)
		ASSERT_EQ(0, wu_submit(d->fd, WINUSB_XFER_BULK, d->in,
				       in + (size_t)i * len, len, NULL,
				       1000 + i, 0, NULL));
	for (int i = 0; i < N; i++)
		ASSERT_EQ(0, wu_submit(d->fd, WINUSB_XFER_BULK, d->out,
				       out + (size_t)i * len, len, NULL, i, 0,
				       NULL));
	while (got < 2 * N) {
		ret = ioctl(d->fd, WINUSB_IOCTL_REAP, &r);
		ASSERT_GT(ret, 0) TH_LOG("reap: errno %d after %d", errno, got);
		for (int i = 0; i < ret; i++) {
			EXPECT_EQ(0, recs[i].status);
			EXPECT_EQ(len, recs[i].actual_length);
			if (recs[i].endpoint == d->in) {
				EXPECT_EQ(1000 + next_in, recs[i].cookie);
				next_in++;
			} else {
				EXPECT_EQ(next_out, recs[i].cookie);
				next_out++;
			}
		}
		got += ret;
	}
	EXPECT_EQ(0, memcmp(in, out, (size_t)N * len));
	free(out);
	free(in);
}

/*
 * Several MiB each way at once (the Loopback only holds qlen requests),
 * with buffers at various page offsets: a multiple of maxp goes through
 * scatter-gather URBs, anything else through kernel buffers, both split
 * into several URBs.  The size ends in a short packet.
 */
FIXTURE(lb_large) {
	struct dev d;
};

FIXTURE_VARIANT(lb_large) {
	size_t offset;
};

FIXTURE_VARIANT_ADD(lb_large, sg_aligned) { .offset = 0 };
FIXTURE_VARIANT_ADD(lb_large, sg_offset_1024) { .offset = 1024 };
FIXTURE_VARIANT_ADD(lb_large, bounce_offset_1) { .offset = 1 };
FIXTURE_VARIANT_ADD(lb_large, bounce_offset_4095) { .offset = 4095 };

FIXTURE_SETUP(lb_large)
{
	int ret = dev_open(&self->d, "WINUSB_LB_NODE");

	if (ret == -ENODEV)
		SKIP(return, "no $WINUSB_LB_NODE");
	ASSERT_EQ(0, ret);
	lb_drain(&self->d);
}

FIXTURE_TEARDOWN(lb_large)
{
	if (self->d.fd >= 0)
		close(self->d.fd);
}

TEST_F_TIMEOUT(lb_large, roundtrip, 120)
{
	struct dev *d = &self->d;
	size_t len = large_size(d, (size_t)6 << 20) + 904;
	struct winusb_completion rec;
	void *base_out, *base_in;
	uint64_t id_in = 0, id_out = 0;
	uint8_t *out, *in;
	double t0, t;

	NEED_DEV();

	out = buf_at(&base_out, len, variant->offset);
	in = buf_at(&base_in, len, variant->offset);
	ASSERT_NE(NULL, out);
	ASSERT_NE(NULL, in);
	fill_random(out, len, (uint32_t)variant->offset + 1);
	memset(in, 0, len);

	t0 = wu_now();
	ASSERT_EQ(0, wu_submit(d->fd, WINUSB_XFER_BULK, d->in, in, len, NULL,
			       1, 0, &id_in));
	ASSERT_EQ(0, wu_submit(d->fd, WINUSB_XFER_BULK, d->out, out, len,
			       NULL, 2, 0, &id_out));
	ASSERT_EQ(1, wu_reap_id(d->fd, id_out, LONG_MS, &rec));
	EXPECT_EQ(0, rec.status);
	EXPECT_EQ(len, rec.actual_length);
	ASSERT_EQ(1, wu_reap_id(d->fd, id_in, LONG_MS, &rec));
	t = wu_now() - t0;
	EXPECT_EQ(0, rec.status);
	ASSERT_EQ(len, rec.actual_length);
	EXPECT_EQ(0, memcmp(in, out, len));
	TH_LOG("%zu bytes each way at page offset %zu: %.2f s, %.1f MB/s",
	       len, variant->offset, t, 2 * len / t / 1e6);
	free(base_out);
	free(base_in);
}

/* ---- SourceSink -------------------------------------------------------- */

FIXTURE(ss) {
	struct dev d;
};

FIXTURE_SETUP(ss)
{
	int ret = dev_open(&self->d, "WINUSB_SS_NODE");

	if (ret == -ENODEV)
		SKIP(return, "no $WINUSB_SS_NODE");
	ASSERT_EQ(0, ret);
}

FIXTURE_TEARDOWN(ss)
{
	if (self->d.fd >= 0)
		close(self->d.fd);
}

/*
 * Reads that do not end on a packet boundary: the driver reads the whole
 * packet and keeps the rest (ALLOW_PARTIAL_READS), so the stream of pattern
 * bytes goes on unbroken across reads of odd lengths.
 */
TEST_F(ss, source_partial_reads)
{
	static const uint32_t sizes[] = { 1, 62, 63, 100, 511, 1000, 3000, 7 };
	struct dev *d = &self->d;
	static uint8_t buf[16384];
	uint32_t pos = 0, actual = 0;

	NEED_DEV();

	for (unsigned int i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		ASSERT_EQ(0, wu_bulk(d->fd, d->in, buf + pos, sizes[i],
				     &actual));
		ASSERT_EQ(sizes[i], actual);
		pos += actual;
	}
	EXPECT_EQ(-1, check_mod63(buf, pos, d->maxp))
		TH_LOG("byte %ld is %u", check_mod63(buf, pos, d->maxp),
		       buf[check_mod63(buf, pos, d->maxp)]);
}

/* Vendor requests 0x5b/0x5c: the ep0 buffer written and read back. */
TEST_F(ss, control_write_read)
{
	static const uint16_t sizes[] = { 1, 8, 63, 64, 65, 512, 1000, 4095,
					  4096 };
	struct dev *d = &self->d;
	uint8_t out[4096], in[4096];
	uint32_t actual;

	NEED_DEV();

	for (unsigned int i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		uint16_t len = sizes[i];

		fill_random(out, len, 100 + i);
		memset(in, 0, sizeof(in));
		actual = 0;
		ASSERT_EQ(0, wu_control(d->fd, 0x40, 0x5b, 0, 0, out, len,
					&actual)) TH_LOG("0x5b, %u bytes", len);
		EXPECT_EQ(len, actual);
		actual = 0;
		ASSERT_EQ(0, wu_control(d->fd, 0xc0, 0x5c, 0, 0, in, len,
					&actual)) TH_LOG("0x5c, %u bytes", len);
		EXPECT_EQ(len, actual);
		EXPECT_EQ(0, memcmp(in, out, len)) TH_LOG("%u bytes", len);
	}
}

/* A request the function refuses stalls ep0: -EPIPE, then ep0 works. */
TEST_F(ss, control_stall)
{
	struct dev *d = &self->d;
	uint8_t buf[64];
	uint32_t actual = 0;

	NEED_DEV();

	EXPECT_EQ(-EPIPE, wu_control(d->fd, 0xc0, 0x5c, 1, 0, buf, 8,
				     &actual));
	EXPECT_EQ(-EPIPE, wu_control(d->fd, 0xc0, 0x42, 0, 0, buf, 8,
				     &actual));
	EXPECT_EQ(0, wu_control(d->fd, 0xc0, 0x5c, 0, 0, buf, 8, &actual));
	EXPECT_EQ(8, actual);
}

/* The sink halts on a wrong byte: proof that the sink tests check data. */
TEST_F(ss, sink_detects_corruption)
{
	struct dev *d = &self->d;
	uint8_t buf[8192];
	int ret = 0;

	NEED_DEV();

	fill_mod63(buf, sizeof(buf), d->maxp);
	ASSERT_EQ(0, wu_bulk(d->fd, d->out, buf, sizeof(buf), NULL));
	buf[3000] ^= 0x40;
	ret = wu_bulk(d->fd, d->out, buf, sizeof(buf), NULL);
	buf[3000] ^= 0x40;
	for (int i = 0; i < 3 && ret != -EPIPE; i++)
		ret = wu_bulk(d->fd, d->out, buf, 100, NULL);
	EXPECT_EQ(-EPIPE, ret);
	ASSERT_EQ(0, wu_pipe_op(d->fd, WINUSB_IOCTL_RESET_PIPE, d->out));
	EXPECT_EQ(0, wu_bulk(d->fd, d->out, buf, 100, NULL));
	EXPECT_EQ(0, wu_bulk(d->fd, d->out, buf, 100, NULL));
}

/*
 * Large source reads and sink writes at various page offsets (zero copy
 * where the SG constraint allows, bounce elsewhere).  The sink judges every
 * byte written: a halt (-EPIPE) on the writes that follow means it saw a
 * wrong one.
 */
FIXTURE(ss_large) {
	struct dev d;
};

FIXTURE_VARIANT(ss_large) {
	size_t offset;
	size_t extra;
};

FIXTURE_VARIANT_ADD(ss_large, sg_aligned) { .offset = 0, .extra = 0 };
FIXTURE_VARIANT_ADD(ss_large, sg_offset_2048) { .offset = 2048, .extra = 100 };
FIXTURE_VARIANT_ADD(ss_large, bounce_offset_1) { .offset = 1, .extra = 904 };
FIXTURE_VARIANT_ADD(ss_large, bounce_offset_100) { .offset = 100, .extra = 1 };

FIXTURE_SETUP(ss_large)
{
	int ret = dev_open(&self->d, "WINUSB_SS_NODE");

	if (ret == -ENODEV)
		SKIP(return, "no $WINUSB_SS_NODE");
	ASSERT_EQ(0, ret);
}

FIXTURE_TEARDOWN(ss_large)
{
	if (self->d.fd >= 0)
		close(self->d.fd);
}

TEST_F_TIMEOUT(ss_large, source, 120)
{
	struct dev *d = &self->d;
	size_t len = large_size(d, (size_t)5 << 20) + variant->extra;
	uint32_t actual = 0;
	void *base;
	uint8_t *buf;
	double t;
	long bad;

	NEED_DEV();

	buf = buf_at(&base, len, variant->offset);
	ASSERT_NE(NULL, buf);
	memset(buf, 0xaa, len);
	t = wu_now();
	ASSERT_EQ(0, wu_transfer_tmo(d->fd, WINUSB_XFER_BULK, d->in, buf, len,
				 NULL, LONG_MS, &actual));
	t = wu_now() - t;
	EXPECT_EQ(len, actual);
	bad = check_mod63(buf, len, d->maxp);
	EXPECT_EQ(-1, bad) TH_LOG("byte %ld of %zu is %u", bad, len,
				  bad >= 0 ? buf[bad] : 0);
	TH_LOG("read %zu bytes at page offset %zu: %.2f s, %.1f MB/s", len,
	       variant->offset, t, len / t / 1e6);
	free(base);
}

TEST_F_TIMEOUT(ss_large, sink, 120)
{
	struct dev *d = &self->d;
	size_t len = large_size(d, (size_t)5 << 20) + variant->extra;
	uint32_t actual = 0;
	uint8_t tail[100];
	void *base;
	uint8_t *buf;
	double t;

	NEED_DEV();

	buf = buf_at(&base, len, variant->offset);
	ASSERT_NE(NULL, buf);
	fill_mod63(buf, len, d->maxp);
	fill_mod63(tail, sizeof(tail), d->maxp);
	t = wu_now();
	ASSERT_EQ(0, wu_transfer_tmo(d->fd, WINUSB_XFER_BULK, d->out, buf, len,
				 NULL, LONG_MS, &actual));
	t = wu_now() - t;
	EXPECT_EQ(len, actual);
	/* A short write ends the sink's request; the next sees any halt. */
	EXPECT_EQ(0, wu_bulk(d->fd, d->out, tail, sizeof(tail), NULL));
	EXPECT_EQ(0, wu_bulk(d->fd, d->out, tail, sizeof(tail), NULL));
	TH_LOG("wrote %zu bytes at page offset %zu: %.2f s, %.1f MB/s", len,
	       variant->offset, t, len / t / 1e6);
	free(base);
}

/* ---- Runtime PM (the Loopback device) ---------------------------------- */

FIXTURE(pm) {
	struct dev d;
	char power[256];
};

static int pm_path(char *buf, size_t size, const char *power, const char *f)
{
	return snprintf(buf, size, "%s/%s", power, f) < (int)size ? 0 : -1;
}

static int pm_write(const char *power, const char *file, const char *val)
{
	char path[320];

	if (pm_path(path, sizeof(path), power, file))
		return -ENAMETOOLONG;
	return wu_write_file(path, val);
}

static int pm_read(const char *power, const char *file, char *val,
		   size_t size)
{
	char path[320];

	if (pm_path(path, sizeof(path), power, file))
		return -ENAMETOOLONG;
	return wu_read_file(path, val, size);
}

/* Wait up to @ms for power/runtime_status to read @want. */
static bool pm_wait(const char *power, const char *want, int ms)
{
	char st[32] = "";

	for (int t = 0; t <= ms; t += 20) {
		if (!pm_read(power, "runtime_status", st, sizeof(st)) &&
		    !strcmp(st, want))
			return true;
		usleep(20000);
	}
	return false;
}

/* Stays @want for @ms (never anything else at a 10 ms poll). */
static bool pm_stays(const char *power, const char *want, int ms)
{
	char st[32] = "";

	for (int t = 0; t <= ms; t += 10) {
		if (pm_read(power, "runtime_status", st, sizeof(st)) ||
		    strcmp(st, want))
			return false;
		usleep(10000);
	}
	return true;
}

static void pm_common_setup(struct __test_metadata *_metadata, struct dev *d,
		     char *power, size_t size)
{
	const char *usbdev = getenv("WINUSB_LB_USBDEV");
	int ret = dev_open(d, "WINUSB_LB_NODE");

	if (ret == -ENODEV || !usbdev)
		SKIP(return, "no $WINUSB_LB_NODE / $WINUSB_LB_USBDEV");
	ASSERT_EQ(0, ret);
	snprintf(power, size, "%s/power", usbdev);
	lb_drain(d);
	ASSERT_EQ(0, wu_set_power(d->fd, WINUSB_POWER_SUSPEND_DELAY, 4, 100));
}

static void pm_common_teardown(struct dev *d, const char *power)
{
	if (d->fd < 0)
		return;
	pm_write(power, "control", "on");
	wu_set_power(d->fd, WINUSB_POWER_AUTO_SUSPEND, 1, 1);
	wu_set_power(d->fd, WINUSB_POWER_SUSPEND_DELAY, 4, 2000);
	close(d->fd);
}

FIXTURE_SETUP(pm)
{
	self->d.fd = -1;
	pm_common_setup(_metadata, &self->d, self->power, sizeof(self->power));
}

FIXTURE_TEARDOWN(pm)
{
	pm_common_teardown(&self->d, self->power);
}

/* SUSPEND_DELAY is the device's autosuspend delay. */
TEST_F(pm, suspend_delay)
{
	uint64_t v = 0;
	char val[32];

	NEED_DEV();

	ASSERT_EQ(0, wu_set_power(self->d.fd, WINUSB_POWER_SUSPEND_DELAY, 4,
				  250));
	ASSERT_EQ(0, pm_read(self->power, "autosuspend_delay_ms", val,
			     sizeof(val)));
	EXPECT_STREQ("250", val);
	ASSERT_EQ(0, wu_get_power(self->d.fd, WINUSB_POWER_SUSPEND_DELAY, &v));
	EXPECT_EQ(250, v);
	ASSERT_EQ(0, pm_write(self->power, "autosuspend_delay_ms", "300"));
	ASSERT_EQ(0, wu_get_power(self->d.fd, WINUSB_POWER_SUSPEND_DELAY, &v));
	EXPECT_EQ(300, v);
}

/*
 * AUTO_SUSPEND on (the default): the idle device suspends after the delay;
 * a pending request keeps it awake; a request resumes it.
 */
TEST_F(pm, autosuspend)
{
	struct dev *d = &self->d;
	struct winusb_completion rec;
	uint8_t buf[512], st[2];
	uint64_t id = 0;
	uint32_t actual = 0;

	NEED_DEV();
	NEED_SUSPEND();

	ASSERT_EQ(0, pm_write(self->power, "control", "auto"));
	ASSERT_TRUE(pm_wait(self->power, "suspended", 3000));

	/* A read that waits for data: resumed, and kept awake. */
	ASSERT_EQ(0, wu_submit(d->fd, WINUSB_XFER_BULK, d->in, buf,
			       sizeof(buf), NULL, 1, 0, &id));
	EXPECT_TRUE(pm_stays(self->power, "active", 500));
	ASSERT_EQ(0, wu_pipe_op(d->fd, WINUSB_IOCTL_ABORT_PIPE, d->in));
	ASSERT_EQ(1, wu_reap_id(d->fd, id, 1000, &rec));
	EXPECT_EQ(-ECANCELED, rec.status);
	EXPECT_TRUE(pm_wait(self->power, "suspended", 3000));

	/* A control request wakes it and completes. */
	EXPECT_EQ(0, wu_control(d->fd, 0x80, 0 /* GET_STATUS */, 0, 0, st,
				2, &actual));
	EXPECT_EQ(2, actual);
	EXPECT_TRUE(pm_wait(self->power, "suspended", 3000));
}

/* AUTO_SUSPEND off holds the device awake until it is on again. */
TEST_F(pm, auto_suspend_off)
{
	NEED_DEV();
	NEED_SUSPEND();
	ASSERT_EQ(0, pm_write(self->power, "control", "auto"));
	ASSERT_TRUE(pm_wait(self->power, "suspended", 3000));
	ASSERT_EQ(0, wu_set_power(self->d.fd, WINUSB_POWER_AUTO_SUSPEND, 1,
				  0));
	EXPECT_TRUE(pm_stays(self->power, "active", 600));
	ASSERT_EQ(0, wu_set_power(self->d.fd, WINUSB_POWER_AUTO_SUSPEND, 1,
				  1));
	EXPECT_TRUE(pm_wait(self->power, "suspended", 3000));
}

/*
 * Power policies end with the file that set them: its AUTO_SUSPEND=0
 * reference is dropped and the device's autosuspend delay goes back to
 * what it was once no open file has set one.
 */
TEST_F(pm, power_policies_end_with_the_file)
{
	struct dev d2 = { .fd = -1 };
	char orig[32], val[32];

	NEED_DEV();
	NEED_SUSPEND();
	/* The fixture's file set 100 ms; a second file sets its own. */
	ASSERT_EQ(0, pm_read(self->power, "autosuspend_delay_ms", orig,
			     sizeof(orig)));
	ASSERT_EQ(0, dev_open(&d2, "WINUSB_LB_NODE"));
	ASSERT_EQ(0, wu_set_power(d2.fd, WINUSB_POWER_SUSPEND_DELAY, 4, 150));
	ASSERT_EQ(0, wu_set_power(d2.fd, WINUSB_POWER_AUTO_SUSPEND, 1, 0));
	ASSERT_EQ(0, pm_read(self->power, "autosuspend_delay_ms", val,
			     sizeof(val)));
	EXPECT_STREQ("150", val);
	ASSERT_EQ(0, pm_write(self->power, "control", "auto"));
	EXPECT_TRUE(pm_stays(self->power, "active", 600));

	/* Closing it drops its reference: the device may suspend again. */
	close(d2.fd);
	EXPECT_TRUE(pm_wait(self->power, "suspended", 3000));
	/* The fixture's file still holds a delay of its own. */
	ASSERT_EQ(0, pm_read(self->power, "autosuspend_delay_ms", val,
			     sizeof(val)));
	EXPECT_STREQ("150", val);

	/* The last file that set one closes: the delay before them is back. */
	ASSERT_EQ(0, pm_write(self->power, "control", "on"));
	close(self->d.fd);
	self->d.fd = -1;
	ASSERT_EQ(0, pm_read(self->power, "autosuspend_delay_ms", val,
			     sizeof(val)));
	EXPECT_STRNE("150", val);
	EXPECT_STRNE("100", val);
}

/*
 * RESET_PIPE_ON_RESUME: halt the OUT endpoint (SET_FEATURE), let the device
 * suspend, then ask the endpoint's status: the request resumes the device
 * first, and on resume the driver clears the halt only if the policy is on.
 */
FIXTURE(pm_resume) {
	struct dev d;
	char power[256];
};

FIXTURE_VARIANT(pm_resume) {
	int reset_on_resume;
};

FIXTURE_VARIANT_ADD(pm_resume, policy_off) { .reset_on_resume = 0 };
FIXTURE_VARIANT_ADD(pm_resume, policy_on) { .reset_on_resume = 1 };

FIXTURE_SETUP(pm_resume)
{
	self->d.fd = -1;
	pm_common_setup(_metadata, &self->d, self->power, sizeof(self->power));
}

FIXTURE_TEARDOWN(pm_resume)
{
	pm_common_teardown(&self->d, self->power);
}

static int ep_halted(int fd, uint8_t ep)
{
	uint8_t st[2] = { 0xff, 0xff };
	uint32_t actual = 0;
	int ret;

	ret = wu_control(fd, 0x82, 0 /* GET_STATUS */, 0, ep, st, 2, &actual);
	if (ret)
		return ret;
	return actual == 2 ? st[0] & 1 : -EIO;
}

TEST_F(pm_resume, reset_pipe_on_resume)
{
	struct dev *d = &self->d;
	uint8_t out[100], in[100];
	uint32_t actual = 0;

	NEED_DEV();
	NEED_SUSPEND();

	ASSERT_EQ(0, wu_control(d->fd, 0x02, 3 /* SET_FEATURE */, 0, d->out,
				NULL, 0, NULL));
	ASSERT_EQ(1, ep_halted(d->fd, d->out));
	ASSERT_EQ(0, wu_set_policy(d->fd, d->out,
				   WINUSB_POLICY_RESET_PIPE_ON_RESUME, 1,
				   variant->reset_on_resume));
	ASSERT_EQ(0, pm_write(self->power, "control", "auto"));
	ASSERT_TRUE(pm_wait(self->power, "suspended", 3000));

	EXPECT_EQ(!variant->reset_on_resume, ep_halted(d->fd, d->out));
	ASSERT_EQ(0, pm_write(self->power, "control", "on"));

	/* Either way the pipe works after RESET_PIPE. */
	ASSERT_EQ(0, wu_pipe_op(d->fd, WINUSB_IOCTL_RESET_PIPE, d->out));
	EXPECT_EQ(0, ep_halted(d->fd, d->out));
	fill_random(out, sizeof(out), 9);
	ASSERT_EQ(0, wu_bulk(d->fd, d->out, out, sizeof(out), &actual));
	ASSERT_EQ(0, wu_transfer_tmo(d->fd, WINUSB_XFER_BULK, d->in, in,
				 sizeof(in), NULL, 2000, &actual));
	EXPECT_EQ(sizeof(in), actual);
	EXPECT_EQ(0, memcmp(in, out, sizeof(in)));
	EXPECT_EQ(0, wu_set_policy(d->fd, d->out,
				   WINUSB_POLICY_RESET_PIPE_ON_RESUME, 1, 0));
}

TEST_HARNESS_MAIN
