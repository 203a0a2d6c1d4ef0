/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Raw-ABI helpers shared by the kselftests of winusb.ko: each returns 0 (or
 * a count) on success and a negative errno on failure, so tests can assert
 * the errno.  Transfer helpers return the request's completion status.
 * Header-only; include after kselftest_harness.h and <linux/winusb.h>.
 * The wu_td_*() helpers and wu_drain() talk to winusb-testdev.
 */
#ifndef WINUSB_UTIL_H
#define WINUSB_UTIL_H

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <linux/capability.h>
#include <linux/winusb.h>
#include <sys/syscall.h>
#include "foll_pins.h"
#include "testdev_proto.h"

/* Open the node named by environment variable @var; -1 if unset. */
static inline int wu_open_env(const char *var)
{
	const char *node = getenv(var);

	if (!node || !*node)
		return -1;
	return open(node, O_RDWR | O_CLOEXEC);
}

/*
 * Submit one transfer.  @timeout_ms of 0 uses the pipe's policy.  *@id
 * gets the request id.
 */
static inline int wu_submit(int fd, uint8_t type, uint8_t ep, void *buf,
			    uint32_t len, const uint8_t *setup, uint64_t cookie,
			    uint32_t timeout_ms, uint64_t *id)
{
	struct winusb_submit s = {
		.size = sizeof(s),
		.flags = timeout_ms ? WINUSB_SUBMIT_TIMEOUT : 0,
		.type = type,
		.endpoint = ep,
		.length = len,
		.data_uptr = (uintptr_t)buf,
		.cookie = cookie,
		.timeout_ms = timeout_ms,
	};

	if (setup)
		memcpy(s.setup, setup, 8);
	if (ioctl(fd, WINUSB_IOCTL_SUBMIT, &s))
		return -errno;
	if (id)
		*id = s.out_id;
	return 0;
}

/* Reap the record of request @id, waiting up to @ms: 1 or -errno. */
static inline int wu_reap_id(int fd, uint64_t id, uint32_t ms,
			     struct winusb_completion *rec)
{
	struct winusb_reap r = {
		.size = sizeof(r),
		.flags = WINUSB_REAP_MATCH_ID,
		.count = 1,
		.record_size = sizeof(*rec),
		.records_uptr = (uintptr_t)rec,
		.id = id,
		.timeout_ms = ms,
	};
	int ret = ioctl(fd, WINUSB_IOCTL_REAP, &r);

	return ret < 0 ? -errno : ret;
}

/*
 * Synchronous transfer with an optional request timeout: the request's
 * status, or the errno of a failed submit or reap (-EIO if the record did
 * not come within 30 s).  *@actual gets the bytes moved.
 */
static inline int wu_transfer_tmo(int fd, uint8_t type, uint8_t ep, void *buf,
			      uint32_t len, const uint8_t *setup,
			      uint32_t timeout_ms, uint32_t *actual)
{
	struct winusb_completion rec;
	uint64_t id = 0;
	int ret;

	ret = wu_submit(fd, type, ep, buf, len, setup, 0, timeout_ms, &id);
	if (ret)
		return ret;
	ret = wu_reap_id(fd, id, 30000, &rec);
	if (ret != 1)
		return ret < 0 ? ret : -EIO;
	if (actual)
		*actual = rec.actual_length;
	return rec.status;
}

static inline int wu_bulk(int fd, uint8_t ep, void *buf, uint32_t len,
			  uint32_t *actual)
{
	return wu_transfer_tmo(fd, WINUSB_XFER_BULK, ep, buf, len, NULL, 0,
			   actual);
}

static inline void wu_setup(uint8_t *s, uint8_t rt, uint8_t req, uint16_t val,
			    uint16_t idx, uint16_t len)
{
	s[0] = rt;
	s[1] = req;
	s[2] = (uint8_t)val;
	s[3] = (uint8_t)(val >> 8);
	s[4] = (uint8_t)idx;
	s[5] = (uint8_t)(idx >> 8);
	s[6] = (uint8_t)len;
	s[7] = (uint8_t)(len >> 8);
}

/* Control transfer; the direction comes from @rt. */
static inline int wu_control(int fd, uint8_t rt, uint8_t req, uint16_t val,
			     uint16_t idx, void *buf, uint16_t len,
			     uint32_t *actual)
{
	uint8_t s[8];

	wu_setup(s, rt, req, val, idx, len);
	return wu_transfer_tmo(fd, WINUSB_XFER_CONTROL, 0, buf, len, s, 0, actual);
}

static inline int wu_set_policy(int fd, uint8_t ep, uint32_t policy,
				uint32_t size, uint64_t value)
{
	struct winusb_pipe_policy p = {
		.size = sizeof(p), .endpoint = ep, .policy = policy,
		.value_size = size, .value = value,
	};

	return ioctl(fd, WINUSB_IOCTL_SET_PIPE_POLICY, &p) ? -errno : 0;
}

/* GET_PIPE_POLICY: the value and its size in *@value and *@size. */
static inline int wu_get_policy(int fd, uint8_t ep, uint32_t policy,
				uint64_t *value, uint32_t *size)
{
	struct winusb_pipe_policy p = {
		.size = sizeof(p), .endpoint = ep, .policy = policy,
	};

	if (ioctl(fd, WINUSB_IOCTL_GET_PIPE_POLICY, &p))
		return -errno;
	*value = p.value;
	*size = p.value_size;
	return 0;
}

static inline int wu_set_power(int fd, uint32_t policy, uint32_t size,
			       uint64_t value)
{
	struct winusb_power_policy p = {
		.size = sizeof(p), .policy = policy, .value_size = size,
		.value = value,
	};

	return ioctl(fd, WINUSB_IOCTL_SET_POWER_POLICY, &p) ? -errno : 0;
}

static inline int wu_get_power(int fd, uint32_t policy, uint64_t *value)
{
	struct winusb_power_policy p = { .size = sizeof(p), .policy = policy };

	if (ioctl(fd, WINUSB_IOCTL_GET_POWER_POLICY, &p))
		return -errno;
	*value = p.value;
	return 0;
}

/* ABORT_PIPE, RESET_PIPE or FLUSH_PIPE. */
static inline int wu_pipe_op(int fd, unsigned long cmd, uint8_t ep)
{
	struct winusb_pipe_cmd p = { .size = sizeof(p), .endpoint = ep };

	return ioctl(fd, cmd, &p) ? -errno : 0;
}

static inline int wu_get_info(int fd, struct winusb_info *info)
{
	memset(info, 0, sizeof(*info));
	info->size = sizeof(*info);
	return ioctl(fd, WINUSB_IOCTL_GET_INFO, info) ? -errno : 0;
}

/*
 * Find the first bulk IN and bulk OUT endpoint of the current alternate
 * setting and the bulk max packet size: 0 or -errno.
 */
static inline int wu_find_bulk(int fd, uint8_t *in, uint8_t *out,
			       uint32_t *maxp)
{
	struct winusb_info info;
	struct winusb_query_pipe q = { .size = sizeof(q) };
	int ret;

	ret = wu_get_info(fd, &info);
	if (ret)
		return ret;
	*in = *out = 0;
	q.alt_setting = info.out_cur_altsetting;
	for (q.pipe_index = 0; !ioctl(fd, WINUSB_IOCTL_QUERY_PIPE, &q);
	     q.pipe_index++) {
		if (q.out_type != WINUSB_XFER_BULK)
			continue;
		if ((q.out_endpoint & 0x80) && !*in)
			*in = (uint8_t)q.out_endpoint;
		else if (!(q.out_endpoint & 0x80) && !*out)
			*out = (uint8_t)q.out_endpoint;
		*maxp = q.out_max_packet_size;
	}
	return *in && *out ? 0 : -ENOENT;
}

/* A winusb-testdev vendor request without data stage (SET_FAULT, ...). */
static inline int wu_td_out(int fd, uint8_t req, uint16_t val, uint16_t idx)
{
	return wu_control(fd, 0x40, req, val, idx, NULL, 0, NULL);
}

/* winusb-testdev's counters (GET_COUNTERS). */
static inline int wu_td_counters(int fd, struct td_counters *c)
{
	uint8_t buf[TD_COUNTERS_SIZE];
	uint32_t actual = 0;
	int ret;

	ret = wu_control(fd, 0xc0, TD_REQ_GET_COUNTERS, 0, 0, buf, sizeof(buf),
			 &actual);
	if (ret)
		return ret;
	if (actual != sizeof(buf))
		return -EIO;
	td_counters_decode(c, buf);
	return 0;
}

/* winusb-testdev's GET_INFO.transport: TD_TRANSPORT_*, or -errno. */
static inline int wu_td_transport(int fd)
{
	uint8_t buf[TD_INFO_SIZE];
	uint32_t actual = 0;
	struct td_info ti;
	int ret;

	ret = wu_control(fd, 0xc0, TD_REQ_GET_INFO, 0, 0, buf, sizeof(buf),
			 &actual);
	if (ret)
		return ret;
	if (actual != sizeof(buf))
		return -EIO;
	td_info_decode(&ti, buf);
	return ti.transport;
}

/*
 * Empty winusb-testdev's loopback FIFO through the interface-0 file @fd, so
 * that a test starts from nothing (and bulk reads stay pending): drop the
 * bytes the driver kept from a partial read, then read exactly the bytes
 * the device says it holds (GET_COUNTERS.fifo_level).  Such a read never
 * waits; a read that ends on a timeout could not tell "empty" from "slow"
 * (under load a 1 MiB read outlasts any short timeout) and left bytes
 * behind for the next test.
 * Return: 0 once the FIFO is empty, or a negative errno.
 */
static inline int wu_drain(int fd)
{
	static uint8_t buf[TD_LOOPBACK_FIFO_SIZE];
	struct td_counters c;
	uint32_t actual;
	int ret;

	for (int i = 0; i < 8; i++) {
		ret = wu_pipe_op(fd, WINUSB_IOCTL_FLUSH_PIPE, TD_EP_BULK_IN);
		if (ret)
			return ret;
		ret = wu_td_counters(fd, &c);
		if (ret)
			return ret;
		if (!c.fifo_level)
			return 0;
		ret = wu_transfer_tmo(fd, WINUSB_XFER_BULK, TD_EP_BULK_IN, buf,
				  c.fifo_level < sizeof(buf) ? c.fifo_level :
							       sizeof(buf),
				  NULL, 10000, &actual);
		if (ret)
			return ret;
	}
	return -EBUSY;
}

/*
 * Drop CAP_IPC_LOCK from the effective set, so that RLIMIT_MEMLOCK
 * applies to this process: 0 or -errno.
 */
static inline int wu_drop_ipc_lock(void)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d))
		return -errno;
	d[0].effective &= ~(1u << CAP_IPC_LOCK);
	return syscall(SYS_capset, &h, d) ? -errno : 0;
}

static inline double wu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Read a small sysfs or procfs file into @buf (trailing newline cut). */
static inline int wu_read_file(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	while (n && (buf[n - 1] == '\n'))
		buf[--n] = '\0';
	return 0;
}

static inline int wu_write_file(const char *path, const char *val)
{
	ssize_t n, len = (ssize_t)strlen(val);
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	n = write(fd, val, len);
	close(fd);
	return n == len ? 0 : -errno;
}

/*
 * Bytes the module holds charged to open files, all files together
 * (/sys/kernel/debug/winusb/memory).  Return: -errno when not there.
 */
static inline long wu_charged(void)
{
	char buf[64];
	long v;
	int ret = wu_read_file("/sys/kernel/debug/winusb/memory", buf,
			       sizeof(buf));

	if (ret)
		return ret;
	return sscanf(buf, "charged: %ld", &v) == 1 ? v : -EINVAL;
}

/*
 * Generic KASAN keeps freed slab objects in a quarantine of up to 1/32 of
 * memory before they go back, so the slab counters of /proc/meminfo tell
 * nothing about what a test released.  Its functions are in kallsyms.
 */
static inline bool wu_kasan(void)
{
	static int kasan = -1;
	char line[256];
	FILE *f;

	if (kasan >= 0)
		return kasan;
	kasan = 0;
	f = fopen("/proc/kallsyms", "r");
	if (!f)
		return false;
	while (!kasan && fgets(line, sizeof(line), f))
		kasan = strstr(line, " kasan_quarantine_reduce\n") != NULL;
	fclose(f);
	return kasan;
}

#endif /* WINUSB_UTIL_H */
