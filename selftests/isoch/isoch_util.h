/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the isochronous kselftests of winusb.ko: raw ioctls that
 * return 0 (or a count) or a negative errno, the pinned-page counters, and
 * the test device's vendor requests.  Include after kselftest_harness.h.
 */
#ifndef ISOCH_UTIL_H
#define ISOCH_UTIL_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>

#include <linux/winusb.h>
#include "testdev_proto.h"
#include "winusb_util.h"

static inline int isoch_register(int fd, uint8_t ep, const void *buf,
			       uint64_t len,
			       struct winusb_isoch_register *out)
{
	struct winusb_isoch_register r = {
		.size = sizeof(r), .endpoint = ep,
		.buffer_uptr = (uintptr_t)buf, .length = len,
	};

	int ret = ioctl(fd, WINUSB_IOCTL_ISOCH_REGISTER, &r) ? -errno : 0;

	if (out)
		*out = r;
	return ret;
}

static inline int isoch_unregister(int fd, uint32_t handle)
{
	struct winusb_isoch_unregister u = { .size = sizeof(u), .handle = handle };

	return ioctl(fd, WINUSB_IOCTL_ISOCH_UNREGISTER, &u) ? -errno : 0;
}

static inline int isoch_submit(int fd, uint32_t handle, uint32_t flags,
			     uint32_t offset, uint32_t length, uint32_t frame,
			     struct winusb_isoch_packet *pk, uint32_t npk,
			     uint64_t cookie, struct winusb_isoch_submit *out)
{
	struct winusb_isoch_submit s = {
		.size = sizeof(s), .flags = flags, .handle = handle,
		.offset = offset, .length = length, .start_frame = frame,
		.num_packets = npk, .packets_uptr = (uintptr_t)pk,
		.cookie = cookie,
	};

	int ret = ioctl(fd, WINUSB_IOCTL_ISOCH_SUBMIT, &s) ? -errno : 0;

	if (out)
		*out = s;
	return ret;
}

/* Reap up to @n records, waiting up to @ms for the first: count or -errno. */
static inline int isoch_reap(int fd, struct winusb_completion *recs,
			   unsigned int n, uint32_t ms)
{
	struct winusb_reap r = {
		.size = sizeof(r), .count = n, .record_size = sizeof(*recs),
		.records_uptr = (uintptr_t)recs, .timeout_ms = ms,
	};
	int ret = ioctl(fd, WINUSB_IOCTL_REAP, &r);

	return ret < 0 ? -errno : ret;
}

static inline int isoch_get_frame(int fd, struct winusb_frame *f)
{
	memset(f, 0, sizeof(*f));
	f->size = sizeof(*f);
	return ioctl(fd, WINUSB_IOCTL_GET_FRAME, f) ? -errno : 0;
}

static inline uint32_t isoch_frame_now(int fd)
{
	struct winusb_frame f;

	return isoch_get_frame(fd, &f) ? 0 : f.out_frame;
}

static inline int isoch_set_alt(int fd, uint8_t alt)
{
	struct winusb_altsetting a = { .size = sizeof(a), .alt_setting = alt };

	return ioctl(fd, WINUSB_IOCTL_SET_ALTSETTING, &a) ? -errno : 0;
}

static inline uint64_t isoch_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* A "Key: N kB" line of /proc/self/status, -1 if absent. */
static inline long isoch_status_kb(const char *key)
{
	char line[256];
	size_t klen = strlen(key);
	long v = -1;
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, klen) && line[klen] == ':')
			v = strtol(line + klen + 1, NULL, 10);
	fclose(f);
	return v;
}

/* Test device vendor requests (device recipient). */
static inline int td_out(int fd, uint8_t req, uint16_t val, uint16_t idx)
{
	return wu_control(fd, 0x40, req, val, idx, NULL, 0, NULL);
}

static inline int td_counters(int fd, struct td_counters *c)
{
	uint8_t b[TD_COUNTERS_SIZE];
	uint32_t got = 0;
	int ret = wu_control(fd, 0xc0, TD_REQ_GET_COUNTERS, 0, 0, b, sizeof(b),
			     &got);

	if (ret)
		return ret;
	if (got != sizeof(b))
		return -EIO;
	td_counters_decode(c, b);
	return 0;
}

static inline int td_info(int fd, struct td_info *inf)
{
	uint8_t b[TD_INFO_SIZE];
	uint32_t got = 0;
	int ret = wu_control(fd, 0xc0, TD_REQ_GET_INFO, 0, 0, b, sizeof(b),
			     &got);

	if (ret)
		return ret;
	if (got != sizeof(b))
		return -EIO;
	td_info_decode(inf, b);
	return 0;
}

/* Fill @n OUT packets of @pb bytes with the sink's pattern from @seq on. */
static inline void isoch_fill_out(uint8_t *p, uint32_t pb, uint32_t n,
				uint32_t seq)
{
	for (uint32_t i = 0; i < n; i++)
		td_isoch_fill(p + (size_t)i * pb, pb, seq + i, 0);
}

/*
 * Quick check of an IN packet of the source's pattern: header and a few
 * payload bytes (start, middle, end), enough to catch a packet in the
 * wrong place or shifted; every @full-th packet is checked in full.
 */
static inline int isoch_check_in(const uint8_t *p, uint32_t len, uint32_t seq,
			       int full)
{
	uint32_t probe[3] = { TD_ISOCH_HDR_LEN, len / 2, len - 1 };

	if (len < TD_ISOCH_HDR_LEN || td_isoch_seq(p) != seq)
		return 0;
	if (full)
		return td_isoch_check(p, len) == -1;
	for (int i = 0; i < 3; i++)
		if (probe[i] >= TD_ISOCH_HDR_LEN && probe[i] < len &&
		    p[probe[i]] != td_isoch_byte(seq, probe[i]))
			return 0;
	return 1;
}

/* Pages winusb.ko holds pinned for isochronous buffers (debugfs), or -1. */
static inline long isoch_winusb_pins(void)
{
	long v = -1;
	FILE *f = fopen("/sys/kernel/debug/winusb/isoch", "r");

	if (!f)
		return -1;
	if (fscanf(f, "pinned pages: %ld", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

#endif /* ISOCH_UTIL_H */
