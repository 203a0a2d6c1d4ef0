// SPDX-License-Identifier: GPL-2.0
/*
 * Check winusb-testdev's URB stream without a kernel
 *
 * Starts "winusb-testdev --fd 3" on one end of a socketpair and plays
 * vhci_hcd on the other: hand-made CMD_SUBMIT/CMD_UNLINK in, RET_* out.
 * Usage: testdev-selftest PATH-TO-winusb-testdev.  Prints TAP.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testdev.h"

static int sock = -1;
static pid_t child;
static uint32_t next_seq = 1;
static int failures, tests;
static uint8_t seq_in[4096];	/* direction of each URB we sent */

struct ret {
	struct usbip_hdr h;
	uint8_t data[65536 * 4];
	struct usbip_iso_desc isoch[64];
};

static struct ret r;

static void check(bool ok, const char *fmt, ...)
{
	va_list ap;

	tests++;
	printf("%s %d - ", ok ? "ok" : "not ok", tests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!ok)
		failures++;
}

static void start(const char *prog, const char *const *extra)
{
	const char *argv[32] = { prog, "--fd", "3" };
	int sv[2], i = 3;

	while (extra && *extra)
		argv[i++] = *extra++;
	argv[i] = NULL;
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		exit(1);
	child = fork();
	if (!child) {
		dup2(sv[1], 3);
		execv(prog, (char *const *)argv);
		_exit(127);
	}
	close(sv[1]);
	sock = sv[0];
}

static int stop(void)
{
	int status;

	close(sock);
	waitpid(child, &status, 0);
	return status;
}

static void send_all(const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n) {
		ssize_t w = write(sock, b, n);

		if (w <= 0) {
			perror("write");
			exit(1);
		}
		b += w;
		n -= (size_t)w;
	}
}

/* Read exactly @n bytes within @ms.  Return: 0, -ETIMEDOUT, -EPIPE. */
static int recv_all(void *p, size_t n, int ms)
{
	uint8_t *b = p;

	while (n) {
		struct pollfd pfd = { .fd = sock, .events = POLLIN };
		ssize_t got;

		if (poll(&pfd, 1, ms) <= 0)
			return -ETIMEDOUT;
		got = read(sock, b, n);
		if (got <= 0)
			return -EPIPE;
		b += got;
		n -= (size_t)got;
	}
	return 0;
}

static uint32_t submit(uint32_t dir, uint32_t ep, const uint8_t *setup,
		       const void *data, int32_t len, int np,
		       const uint32_t *plen)
{
	uint8_t hdr[USBIP_HDR_LEN], d[USBIP_ISO_DESC_LEN];
	struct usbip_hdr h;
	uint32_t off = 0;
	int i;

	memset(&h, 0, sizeof(h));
	h.cmd = USBIP_CMD_SUBMIT;
	h.seqnum = next_seq++;
	seq_in[h.seqnum % 4096] = (uint8_t)dir;
	h.devid = 0x10002;
	h.dir = dir;
	h.ep = ep;
	h.u.submit.flags = dir ? USBIP_URB_DIR_IN : 0;
	h.u.submit.length = len;
	h.u.submit.np = np;
	if (np)
		h.u.submit.flags |= USBIP_URB_ISO_ASAP;
	if (setup)
		memcpy(h.u.submit.setup, setup, 8);
	usbip_hdr_encode(hdr, &h);
	send_all(hdr, sizeof(hdr));
	if (dir == USBIP_DIR_OUT && len)
		send_all(data, (size_t)len);
	for (i = 0; i < np; i++) {
		struct usbip_iso_desc id = { off, plen[i], 0, 0 };

		usbip_iso_encode(d, &id);
		send_all(d, sizeof(d));
		off += plen[i];
	}
	return h.seqnum;
}

static uint32_t unlink_urb(uint32_t seq)
{
	uint8_t hdr[USBIP_HDR_LEN];
	struct usbip_hdr h;

	memset(&h, 0, sizeof(h));
	h.cmd = USBIP_CMD_UNLINK;
	h.seqnum = next_seq++;
	h.u.unlink.seqnum = seq;
	usbip_hdr_encode(hdr, &h);
	send_all(hdr, sizeof(hdr));
	return h.seqnum;
}

/*
 * Receive one RET_*; whether it carries data depends on the URB it answers,
 * as in vhci (@in is only what the caller expects).  Return: 0 or -errno.
 */
static int receive(bool in, int ms)
{
	uint8_t hdr[USBIP_HDR_LEN], d[USBIP_ISO_DESC_LEN];
	int ret, i;

	ret = recv_all(hdr, sizeof(hdr), ms);
	if (ret)
		return ret;
	usbip_hdr_decode(&r.h, hdr);
	if (r.h.cmd == USBIP_RET_UNLINK)
		return 0;
	if (r.h.cmd != USBIP_RET_SUBMIT)
		return -EPROTO;
	(void)in;
	if (seq_in[r.h.seqnum % 4096] && r.h.u.ret_submit.actual > 0) {
		if ((size_t)r.h.u.ret_submit.actual > sizeof(r.data))
			return -E2BIG;
		ret = recv_all(r.data, (size_t)r.h.u.ret_submit.actual, ms);
		if (ret)
			return ret;
	}
	for (i = 0; i < r.h.u.ret_submit.np; i++) {
		ret = recv_all(d, sizeof(d), ms);
		if (ret)
			return ret;
		if (i < 64)
			usbip_iso_decode(&r.isoch[i], d);
	}
	return 0;
}

static int control(uint8_t type, uint8_t req, uint16_t value, uint16_t index,
		   uint16_t length, const void *out)
{
	uint8_t setup[8] = { type, req };
	bool in = type & 0x80;

	td_put_le16(setup + 2, value);
	td_put_le16(setup + 4, index);
	td_put_le16(setup + 6, length);
	submit(in, 0, setup, out, length, 0, NULL);
	if (receive(in, 2000))
		return -ETIMEDOUT;
	return r.h.u.ret_submit.status ? r.h.u.ret_submit.status :
					 r.h.u.ret_submit.actual;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void get_counters(struct td_counters *c)
{
	int n = control(0xc0, TD_REQ_GET_COUNTERS, 0, 0, 512, NULL);

	check(n == TD_COUNTERS_SIZE, "GET_COUNTERS returns %d bytes", n);
	td_counters_decode(c, r.data);
}

static void test_descriptors(void)
{
	static const uint8_t uuid[16] = {
		0xdf, 0x60, 0xdd, 0xd8, 0x89, 0x45, 0xc7, 0x4c,
		0x9c, 0xd2, 0x65, 0x9d, 0x9e, 0x64, 0x8a, 0x9f,
	};
	uint16_t total, setlen = 0;
	int n, i;

	n = control(0x80, 6, 0x0100, 0, 64, NULL);
	check(n == 18 && td_get_le16(r.data + 8) == TD_VID &&
	      td_get_le16(r.data + 10) == TD_PID &&
	      td_get_le16(r.data + 2) == TD_BCD_USB_2, "device descriptor");
	n = control(0x80, 6, 0x0200, 0, 9, NULL);
	total = td_get_le16(r.data + 2);
	check(n == 9 && r.data[4] == 2, "config header, wTotalLength %u", total);
	n = control(0x80, 6, 0x0200, 0, total, NULL);
	check(n == total, "whole config descriptor");
	n = control(0x80, 6, 0x0f00, 0, 255, NULL);
	check(n > 5 && td_get_le16(r.data + 2) == n, "BOS of %d bytes", n);
	for (i = 5; i + 3 <= n; i += r.data[i]) {
		if (!r.data[i])
			break;
		if (r.data[i + 2] == 5 && !memcmp(r.data + i + 4, uuid, 16)) {
			setlen = td_get_le16(r.data + i + 24);
			check(r.data[i + 26] == TD_MS_VENDOR_CODE,
			      "MS OS 2.0 platform capability, set %u bytes", setlen);
		}
	}
	check(setlen, "BOS has the MS OS 2.0 capability");
	n = control(0xc0, TD_MS_VENDOR_CODE, 0, 7, setlen, NULL);
	check(n == setlen && td_get_le16(r.data + 8) == setlen &&
	      td_get_le16(r.data + 2) == 0,
	      "MS OS 2.0 descriptor set, wTotalLength %u", td_get_le16(r.data + 8));
	check(n > 30 && !memcmp(r.data + 10 + 8 + 8 + 4, "WINUSB", 6),
	      "function 0 is WINUSB");
	n = control(0x80, 6, 0x03ee, 0, 255, NULL);
	check(n == 18 && r.data[16] == TD_MS_VENDOR_CODE, "string 0xEE");
	n = control(0xc0, TD_MS_VENDOR_CODE, 0, 4, 255, NULL);
	check(n == 64 && r.data[8] == 2 && !memcmp(r.data + 18, "WINUSB", 6),
	      "MS OS 1.0 extended compat ID");
	n = control(0xc1, TD_MS_VENDOR_CODE, 1, 5, 255, NULL);
	check(n == 146 && r.data[68] == 'B',
	      "MS OS 1.0 extended properties of interface 1");
	n = control(0x80, 6, 0x0302, 0x0409, 255, NULL);
	check(n == 2 + 2 * (int)strlen(TD_PRODUCT), "product string");
	n = control(0x80, 6, 0x0600, 0, 10, NULL);
	check(n == 10, "device qualifier at high speed");
	n = control(0x80, 0x42, 0, 0, 10, NULL);
	check(n == -EPIPE, "unknown request stalls");
}

static void test_loopback(void)
{
	uint8_t out[3000], setup[8] = { 0x02, 0x01, 0, 0, 0x81, 0, 0, 0 };
	uint32_t seq, useq, i;
	int n;

	for (i = 0; i < sizeof(out); i++)
		out[i] = (uint8_t)(i * 7);
	seq = submit(1, 1, NULL, NULL, 512, 0, NULL);
	check(receive(true, 200) == -ETIMEDOUT, "bulk IN waits on an empty FIFO");
	useq = submit(0, 2, NULL, out, 1000, 0, NULL);
	for (i = 0; i < 2; i++) {
		n = receive(true, 1000);
		if (r.h.seqnum == seq)
			check(!n && r.h.u.ret_submit.actual == 512 &&
			      !memcmp(r.data, out, 512),
			      "bulk IN gets the first 512 bytes");
		else
			check(!n && r.h.seqnum == useq &&
			      r.h.u.ret_submit.actual == 1000, "bulk OUT done");
	}
	submit(1, 1, NULL, NULL, 4096, 0, NULL);
	n = receive(true, 1000);
	check(!n && r.h.u.ret_submit.actual == 488 &&
	      !memcmp(r.data, out + 512, 488), "bulk IN returns what is left");

	seq = submit(1, 1, NULL, NULL, 512, 0, NULL);
	useq = unlink_urb(seq);
	n = receive(false, 1000);
	check(!n && r.h.cmd == USBIP_RET_UNLINK && r.h.seqnum == useq &&
	      r.h.u.ret_unlink.status == -ECONNRESET, "unlink of a pending URB");
	useq = unlink_urb(seq);
	n = receive(false, 1000);
	check(!n && r.h.u.ret_unlink.status == 0, "unlink of a finished URB");

	/* 64 in flight, then the data for all of them */
	for (i = 0; i < 64; i++)
		submit(1, 1, NULL, NULL, 512, 0, NULL);
	seq = next_seq;
	for (i = 0; i < 16; i++)
		submit(0, 2, NULL, out, 2048, 0, NULL);
	for (i = 0, n = 0; i < 80; i++)
		if (!receive(true, 1000) && !r.h.u.ret_submit.status &&
		    r.h.u.ret_submit.actual == (r.h.seqnum < seq ? 512 : 2048))
			n++;
	check(n == 80, "64 bulk IN + 16 OUT in flight all complete (%d)", n);

	n = control(0x40, TD_REQ_FORCE_STALL, 0, 0x81, 0, NULL);
	check(n == 0, "FORCE_STALL");
	submit(1, 1, NULL, NULL, 512, 0, NULL);
	n = receive(true, 1000);
	check(!n && r.h.u.ret_submit.status == -EPIPE, "stalled IN gets -EPIPE");
	n = control(0x82, 0, 0, 0x81, 2, NULL);
	check(n == 2 && r.data[0] == 1, "GET_STATUS shows the halt");
	submit(0, 0, setup, NULL, 0, 0, NULL);
	n = receive(false, 1000);
	check(!n && r.h.u.ret_submit.status == 0, "CLEAR_FEATURE(HALT)");
	submit(0, 2, NULL, out, 10, 0, NULL);
	receive(true, 1000);
	submit(1, 1, NULL, NULL, 512, 0, NULL);
	n = receive(true, 1000);
	check(!n && r.h.u.ret_submit.actual == 10, "loopback works again");

	n = control(0x40, TD_REQ_ECHO_OUT, 0, 0, 100, out);
	check(n == 100, "ECHO_OUT");
	n = control(0xc0, TD_REQ_ECHO_IN, 0, 0, 200, NULL);
	check(n == 100 && !memcmp(r.data, out, 100), "ECHO_IN");
}

static void test_interrupt(void)
{
	uint64_t t0 = now_ms();
	uint32_t i, count[5];
	int n = 0;

	for (i = 0; i < 5; i++)
		submit(1, 3, NULL, NULL, 8, 0, NULL);
	for (i = 0; i < 5; i++) {
		if (!receive(true, 1000) && r.h.u.ret_submit.actual == 8)
			n++;
		count[i] = td_int_report_count(r.data);
	}
	check(n == 5 && count[4] == count[0] + 4, "interrupt counter %u..%u",
	      count[0], count[4]);
	check(now_ms() - t0 >= 3, "interrupt reports paced (%llu ms)",
	      (unsigned long long)(now_ms() - t0));
}

static void test_isoch(void)
{
	uint32_t plen[8], i, off, total = 0, expect;
	uint8_t out[8 * 1024];
	struct td_counters c;
	uint64_t t0;
	int n, bad = 0;

	n = control(0x01, 0x0b, 1, 1, 0, NULL);
	check(n == 0, "SET_INTERFACE(1, 1)");
	for (i = 0; i < 8; i++) {
		plen[i] = i == 3 ? 100 : 1024;
		total += plen[i];
	}
	submit(1, 4, NULL, NULL, 8 * 1024, 8, plen);
	n = receive(true, 1000);
	check(!n && r.h.u.ret_submit.actual == (int32_t)total &&
	      r.h.u.ret_submit.np == 8, "isoch IN: %d bytes packed",
	      r.h.u.ret_submit.actual);
	for (i = 0, off = 0; i < 8; off += r.isoch[i].actual, i++) {
		if (r.isoch[i].actual != plen[i] || r.isoch[i].status ||
		    td_isoch_seq(r.data + off) != i ||
		    td_isoch_check(r.data + off, r.isoch[i].actual) >= 0)
			bad++;
	}
	check(!bad, "isoch IN packets follow the pattern, seq 0-7");

	for (i = 0; i < 8; i++) {
		plen[i] = 1024;
		td_isoch_fill(out + 1024 * i, 1024, 100 + i + (i >= 4), 0);
	}
	plen[6] = 0;
	submit(0, 5, NULL, out, sizeof(out), 8, plen);
	n = receive(false, 1000);
	check(!n && r.h.u.ret_submit.actual == 7 * 1024, "isoch OUT accepted");
	get_counters(&c);
	check(c.sink_packets == 7 && c.sink_gaps == 1 && c.sink_zlps == 1 &&
	      c.sink_errors == 0, "sink: %u packets %u gaps %u zlps %u errors",
	      c.sink_packets, c.sink_gaps, c.sink_zlps, c.sink_errors);
	check(c.ep[TD_EPI_ISOCH_IN].packets == 8 && c.ep[TD_EPI_BULK_IN].urbs > 64,
	      "endpoint counters");

	n = control(0x40, TD_REQ_SET_PACED, 1, 0, 0, NULL);
	check(n == 0, "SET_PACED");
	for (i = 0; i < 8; i++)
		plen[i] = 1024;
	t0 = now_ms();
	for (i = 0; i < 8; i++)
		submit(1, 4, NULL, NULL, 8 * 1024, 8, plen);
	expect = 0;
	for (i = 0, bad = 0; i < 8; i++) {
		if (receive(true, 1000)) {
			bad++;
			continue;
		}
		if (i && (uint32_t)r.h.u.ret_submit.start_frame != expect + 1)
			bad++;
		expect = (uint32_t)r.h.u.ret_submit.start_frame;
		if (td_isoch_slot(r.data + 1024) != td_isoch_slot(r.data) + 1)
			bad++;
	}
	check(!bad, "paced isoch URBs back to back, one frame each");
	check(now_ms() - t0 >= 7, "8 paced URBs of 1 ms took %llu ms",
	      (unsigned long long)(now_ms() - t0));
}

static void test_faults(void)
{
	uint32_t seq, fault_n = 0, plen[4] = { 64, 64, 64, 64 };
	uint8_t arg[4], junk[1000] = { 0 };
	uint64_t t0;
	int n;

	n = control(0x40, TD_REQ_SET_FAULT, TD_FAULT_NAK, 0x83, 0, NULL);
	check(n == 0, "SET_FAULT nak on 0x83");
	seq = submit(1, 3, NULL, NULL, 8, 0, NULL);
	check(receive(true, 100) == -ETIMEDOUT, "NAKed URB stays pending");
	unlink_urb(seq);
	n = receive(false, 1000);
	check(!n && r.h.u.ret_unlink.status == -ECONNRESET, "and can be unlinked");
	control(0x40, TD_REQ_SET_FAULT, TD_FAULT_NONE, 0x83, 0, NULL);

	control(0x40, TD_REQ_SET_FAULT, TD_FAULT_SHORT, 0x81, 0, NULL);
	submit(0, 2, NULL, junk, 1000, 0, NULL);
	receive(false, 1000);
	submit(1, 1, NULL, NULL, 512, 0, NULL);
	n = receive(true, 1000);
	check(!n && r.h.u.ret_submit.actual == 256, "short fault: %d bytes",
	      r.h.u.ret_submit.actual);
	control(0x40, TD_REQ_SET_FAULT, TD_FAULT_BABBLE, 0x81, 0, NULL);
	submit(1, 1, NULL, NULL, 512, 0, NULL);
	n = receive(true, 1000);
	check(!n && r.h.u.ret_submit.status == -EOVERFLOW, "babble fault");
	control(0x40, TD_REQ_SET_FAULT, TD_FAULT_NONE, 0x81, 0, NULL);
	submit(1, 1, NULL, NULL, 1024, 0, NULL);
	n = receive(true, 1000);
	check(!n && r.h.u.ret_submit.actual == 744, "FIFO kept the rest (%d)",
	      r.h.u.ret_submit.actual);

	td_put_le32(arg, 1);
	control(0x40, TD_REQ_SET_FAULT, TD_FAULT_STALL, 0x02, 4, arg);
	submit(0, 2, NULL, junk, 10, 0, NULL);
	n = receive(false, 1000);
	check(!n && r.h.u.ret_submit.status == 0, "stall:1 lets one URB pass");
	submit(0, 2, NULL, junk, 10, 0, NULL);
	n = receive(false, 1000);
	check(!n && r.h.u.ret_submit.status == -EPIPE, "then stalls");
	n = control(0x02, 1, 0, 0x02, 0, NULL);
	submit(0, 2, NULL, junk, 10, 0, NULL);
	n = receive(false, 1000);
	check(!n && r.h.u.ret_submit.status == 0, "until CLEAR_FEATURE(HALT)");
	submit(1, 1, NULL, NULL, 1024, 0, NULL);
	receive(true, 1000);

	td_put_le32(arg, 2);
	control(0x40, TD_REQ_SET_FAULT, TD_FAULT_XDEV, 0x84, 4, arg);
	control(0x01, 0x0b, 1, 1, 0, NULL);
	submit(1, 4, NULL, NULL, 4 * 64, 4, plen);
	n = receive(true, 1000);
	check(!n && r.h.u.ret_submit.error_count == 2 &&
	      r.isoch[1].status == -EXDEV && r.isoch[3].status == -EXDEV &&
	      r.isoch[1].actual == 0 && r.h.u.ret_submit.actual == 128 &&
	      td_isoch_seq(r.data + 64) == 2, "xdev:2 fails every 2nd packet");
	control(0x40, TD_REQ_SET_FAULT, TD_FAULT_NONE, 0x84, 0, NULL);

	control(0x40, TD_REQ_SET_DELAY, 50, 0, 0, NULL);
	t0 = now_ms();
	submit(0, 2, NULL, junk, 10, 0, NULL);
	n = receive(false, 1000);
	check(!n && now_ms() - t0 >= 50, "SET_DELAY 50: %llu ms",
	      (unsigned long long)(now_ms() - t0));
	control(0x40, TD_REQ_SET_DELAY, 0, 0, 0, NULL);
	submit(1, 1, NULL, NULL, 1024, 0, NULL);
	receive(true, 1000);

	td_put_le32(arg, fault_n);
	n = control(0x40, TD_REQ_SET_FAULT, TD_FAULT_DISCONNECT, 0, 4, arg);
	check(n == 4, "SET_FAULT disconnect after 0 URBs");
	submit(1, 3, NULL, NULL, 8, 0, NULL);
	check(receive(true, 1000) == -EPIPE, "the device drops the link");
}

static int set_fault(int kind, uint8_t ep, int has_arg, uint32_t n)
{
	uint8_t arg[4];

	td_put_le32(arg, n);
	return control(0x40, TD_REQ_SET_FAULT, (uint16_t)kind, ep,
		       has_arg ? 4 : 0, arg);
}

/* One isoch IN URB of four 64-byte packets under fault @kind (arg @n). */
static int isoch_lie(int kind, uint32_t n)
{
	uint32_t plen[4] = { 64, 64, 64, 64 };

	set_fault(kind, 0x84, 1, n);
	submit(1, 4, NULL, NULL, 256, 4, plen);
	return receive(true, 1000);
}

/* The hostile catalogue's runtime faults, armed with SET_FAULT. */
static void test_hostile_runtime(const char *prog)
{
	uint8_t out[16] = "0123456789";
	uint32_t seq, useq;
	uint64_t t0;
	int n;

	next_seq = 1;
	start(prog, NULL);
	control(0x00, 9, 1, 0, 0, NULL);
	control(0x01, 0x0b, 1, 1, 0, NULL);

	n = isoch_lie(TD_FAULT_ISOCH_PILE, 0);
	check(!n && r.h.u.ret_submit.actual == 256 && !r.isoch[0].actual &&
	      !r.isoch[2].actual && r.isoch[3].actual == 256 &&
	      r.isoch[3].length == 64, "isoch-pile: 256 bytes on packet 3");
	n = isoch_lie(TD_FAULT_ISOCH_PILE_LENGTH, 0);
	check(!n && r.isoch[3].actual == 256 && r.isoch[3].length == 256 &&
	      r.isoch[3].offset == 192, "isoch-pile-length: length 256 too");
	n = isoch_lie(TD_FAULT_ISOCH_OVERLONG, 1);
	check(!n && r.isoch[1].actual == 96 && r.isoch[1].length == 64 &&
	      r.isoch[2].actual == 32 && r.h.u.ret_submit.actual == 256,
	      "isoch-overlong: packet 1 has 96 of 64, packet 2 has 32");
	n = isoch_lie(TD_FAULT_ISOCH_LENGTH, 2);
	check(!n && r.isoch[2].length == 128 && r.isoch[2].actual == 64 &&
	      r.isoch[1].length == 64, "isoch-length: packet 2 length 128");
	n = isoch_lie(TD_FAULT_ISOCH_OFFSET, 1);
	check(!n && r.isoch[1].offset == 128 && r.isoch[2].offset == 64 &&
	      r.isoch[0].offset == 0 && r.isoch[3].offset == 192,
	      "isoch-offset: packets 1 and 2 swapped");
	n = isoch_lie(TD_FAULT_ISOCH_FEWER, 2);
	check(!n && r.h.u.ret_submit.np == 2 &&
	      r.h.u.ret_submit.actual == 128, "isoch-fewer: 2 of 4 packets");
	check(set_fault(TD_FAULT_ISOCH_PILE, 0x81, 0, 0) == -EPIPE &&
	      set_fault(TD_FAULT_MAXP_ZERO, 0x81, 0, 0) == -EPIPE &&
	      set_fault(TD_FAULT_OVERRUN, 0x02, 0, 0) == -EPIPE,
	      "SET_FAULT refuses wrong endpoints and descriptor kinds");
	set_fault(TD_FAULT_NONE, 0x84, 0, 0);

	set_fault(TD_FAULT_OVERRUN, 0x83, 1, 3);
	submit(1, 3, NULL, NULL, 8, 0, NULL);
	n = receive(true, 1000);
	check(!n && r.h.u.ret_submit.actual == 11, "overrun: 11 bytes for 8");
	set_fault(TD_FAULT_NONE, 0x83, 0, 0);
	set_fault(TD_FAULT_OVERRUN, TD_FAULT_EP0, 0, 0);
	control(0x40, TD_REQ_ECHO_OUT, 0, 0, 10, out);
	n = control(0xc0, TD_REQ_ECHO_IN, 0, 0, 10, NULL);
	check(n == 11 && !memcmp(r.data, out, 10), "overrun on EP 0: %d", n);
	set_fault(TD_FAULT_NONE, TD_FAULT_EP0, 0, 0);

	set_fault(TD_FAULT_STALL_ALWAYS, 0x81, 0, 0);
	submit(1, 1, NULL, NULL, 64, 0, NULL);
	n = receive(true, 1000) ?: r.h.u.ret_submit.status;
	control(0x02, 1, 0, 0x81, 0, NULL);
	submit(1, 1, NULL, NULL, 64, 0, NULL);
	check(n == -EPIPE && !receive(true, 1000) &&
	      r.h.u.ret_submit.status == -EPIPE,
	      "stall-always: -EPIPE after CLEAR_FEATURE(HALT) too");
	set_fault(TD_FAULT_NONE, 0x81, 0, 0);

	set_fault(TD_FAULT_RET_TWICE, 0x83, 0, 0);
	seq = submit(1, 3, NULL, NULL, 8, 0, NULL);
	n = receive(true, 1000);
	check(!n && r.h.seqnum == seq && !receive(true, 1000) &&
	      r.h.seqnum == seq, "ret-twice: two RET_SUBMIT for seq %u", seq);
	set_fault(TD_FAULT_RET_UNKNOWN, 0x83, 0, 0);
	seq = submit(1, 3, NULL, NULL, 8, 0, NULL);
	n = receive(true, 1000);
	check(!n && r.h.seqnum == (seq ^ 0x40000000u) && !receive(true, 1000) &&
	      r.h.seqnum == seq, "ret-unknown: seq %u first", seq ^ 0x40000000u);
	set_fault(TD_FAULT_NONE, 0x83, 0, 0);

	set_fault(TD_FAULT_UNLINK_LATE, 0x81, 0, 0);
	control(0x40, TD_REQ_ECHO_OUT, 0, 0, 0, NULL);
	seq = submit(1, 1, NULL, NULL, 64, 0, NULL);
	check(receive(true, 100) == -ETIMEDOUT, "unlink-late: NAKs");
	useq = unlink_urb(seq);
	n = receive(true, 1000);
	check(!n && r.h.cmd == USBIP_RET_SUBMIT && r.h.seqnum == seq &&
	      !receive(false, 1000) && r.h.cmd == USBIP_RET_UNLINK &&
	      r.h.seqnum == useq && r.h.u.ret_unlink.status == -ECONNRESET,
	      "unlink-late: RET_SUBMIT, then RET_UNLINK -ECONNRESET");
	set_fault(TD_FAULT_NONE, 0x81, 0, 0);

	set_fault(TD_FAULT_LATE, 0x81, 1, 200);
	submit(0, 2, NULL, out, 10, 0, NULL);
	receive(false, 1000);
	t0 = now_ms();
	seq = submit(1, 1, NULL, NULL, 64, 0, NULL);
	useq = unlink_urb(seq);
	check(receive(true, 100) == -ETIMEDOUT, "late: unlink not answered");
	n = receive(true, 1000);
	check(!n && r.h.cmd == USBIP_RET_SUBMIT && r.h.seqnum == seq &&
	      r.h.u.ret_submit.actual == 10 && now_ms() - t0 >= 200 &&
	      !receive(false, 1000) && r.h.cmd == USBIP_RET_UNLINK &&
	      r.h.seqnum == useq && r.h.u.ret_unlink.status == 0,
	      "late: answered after 200 ms, then the unlink with 0");
	set_fault(TD_FAULT_NONE, 0x81, 0, 0);
	set_fault(TD_FAULT_LATE, TD_FAULT_EP0, 1, 200);
	t0 = now_ms();
	n = control(0xc0, TD_REQ_ECHO_IN, 0, 0, 10, NULL);
	check(n == 0 && now_ms() - t0 >= 200,
	      "late on EP 0: ECHO_IN (%d) after %llu ms", n,
	      (unsigned long long)(now_ms() - t0));
	set_fault(TD_FAULT_NONE, TD_FAULT_EP0, 0, 0);

	set_fault(TD_FAULT_HANGUP, 0x02, 1, 1);
	submit(0, 2, NULL, out, 1, 0, NULL);
	n = receive(false, 1000);
	submit(0, 2, NULL, out, 1, 0, NULL);
	check(!n && receive(false, 1000) == -EPIPE,
	      "hangup:0x02:1: one URB passes, the link drops at the second");
	stop();
}

static bool exits_2(const char *prog, const char *fault)
{
	int status;
	pid_t pid = fork();

	if (!pid) {
		int fd = open("/dev/null", O_WRONLY);

		dup2(fd, 2);
		/* fd 1000 is not open: a good command line exits 1 */
		execl(prog, prog, "--fd", "1000", "--fault", fault,
		      (char *)NULL);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	return WIFEXITED(status) && WEXITSTATUS(status) == 2;
}

/* Find endpoint @addr in the config descriptor; return its wMaxPacketSize. */
static int config_maxp(uint8_t addr, bool *companion)
{
	uint16_t total;
	int n, i;

	control(0x80, 6, 0x0200, 0, 9, NULL);
	total = td_get_le16(r.data + 2);
	n = control(0x80, 6, 0x0200, 0, total, NULL);
	for (i = 0; i + 2 <= n && r.data[i]; i += r.data[i]) {
		if (r.data[i + 1] == 5 && r.data[i + 2] == addr) {
			*companion = i + 7 + 2 <= n && r.data[i + 8] == 0x30;
			return td_get_le16(r.data + i + 4);
		}
	}
	return -1;
}

static void test_speed(const char *prog, const char *speed)
{
	const char *const args[] = { "--speed", speed, "--paced", NULL };
	bool full = !strcmp(speed, "full"), comp = false;
	uint32_t plen[4] = { 100, 100, 100, 100 };
	int n, maxp, bulk;
	uint64_t t0;

	next_seq = 1;
	start(prog, args);
	n = control(0x80, 6, 0x0100, 0, 18, NULL);
	check(n == 18 && r.data[7] == (full ? 64 : 9) &&
	      td_get_le16(r.data + 2) == (full ? TD_BCD_USB_2 : TD_BCD_USB_3),
	      "%s: device descriptor", speed);
	bulk = config_maxp(TD_EP_BULK_IN, &comp);
	check(bulk == (full ? 64 : 1024) && comp == !full,
	      "%s: bulk maxp %d%s", speed, bulk, comp ? " + companion" : "");
	maxp = config_maxp(TD_EP_ISOCH_IN, &comp);
	check(maxp == (full ? 192 : 1024), "%s: isoch maxp %d", speed, maxp);
	n = control(0x80, 6, 0x0600, 0, 10, NULL);
	check(n == -EPIPE, "%s: no device qualifier", speed);
	control(0x00, 9, 1, 0, 0, NULL);
	control(0x01, 0x0b, 1, 1, 0, NULL);
	t0 = now_ms();
	submit(1, 4, NULL, NULL, 400, 4, plen);
	n = receive(true, 1000);
	check(!n && r.h.u.ret_submit.actual == 400 &&
	      td_isoch_slot(r.data + 100) == td_isoch_slot(r.data) + 1,
	      "%s: paced isoch IN, slots %u..", speed, td_isoch_slot(r.data));
	check(now_ms() - t0 >= (full ? 3 : 0), "%s: took %llu ms", speed,
	      (unsigned long long)(now_ms() - t0));
	stop();
}

/* Offset of the descriptor of @type (number @nth) in r.data[0, @n). */
static int find_desc(int n, uint8_t type, int nth)
{
	int i;

	for (i = 0; i + 2 <= n && r.data[i]; i += r.data[i])
		if (r.data[i + 1] == type && !nth--)
			return i;
	return -1;
}

static void test_hostile_descriptors(const char *prog)
{
	const char *const hs[] = {
		"--fault", "maxp-zero", "--fault", "interval-max",
		"--fault", "num-eps-more", "--fault", "dup-ep",
		"--fault", "total-long", "--fault", "string-odd",
		"--fault", "desc-change", NULL };
	const char *const ss[] = {
		"--speed", "super", "--fault", "ss-burst",
		"--fault", "ss-mult", "--fault", "total-short:0:6",
		"--fault", "maxp-big:0x84", "--fault", "interval-zero",
		"--fault", "num-eps-fewer", NULL };
	const char *const lie[] = { "--fault", "msos-lie:0:4", NULL };
	const char *const bad[] = {
		"isoch-pile:0x81", "overrun:0x02", "late:0x84", "msos-lie:0:9",
		"maxp-zero:0x07", "xdev:0x81", "melt" };
	const char *const good[] = {
		"isoch-fewer:0x84:3", "overrun:0", "late:0:100", "hangup:0x05",
		"ret-twice:0x83:2", "unlink-late:0x81", "msos-lie:0:3",
		"desc-change", "ss-mult:0:4", "stall-always:0x02" };
	uint16_t total, total2;
	int n, i, k, ep;

	for (k = 0; k < TD_FAULT_COUNT; k++)
		if (td_fault_kind(td_fault_name(k)) != k)
			break;
	check(k == TD_FAULT_COUNT && td_fault_kind("melt") < 0,
	      "%d fault names map to their kinds", k);
	for (i = 0, n = 0; i < (int)(sizeof(bad) / sizeof(bad[0])); i++)
		n += exits_2(prog, bad[i]);
	check(n == (int)(sizeof(bad) / sizeof(bad[0])),
	      "--fault: %d bad specs refused with exit 2", n);
	for (i = 0, n = 0; i < (int)(sizeof(good) / sizeof(good[0])); i++)
		n += !exits_2(prog, good[i]);
	check(n == (int)(sizeof(good) / sizeof(good[0])),
	      "--fault: %d good specs accepted", n);

	next_seq = 1;
	start(prog, hs);
	control(0x80, 6, 0x0200, 0, 9, NULL);
	total = td_get_le16(r.data + 2);
	n = control(0x80, 6, 0x0200, 0, 1024, NULL);
	total2 = td_get_le16(r.data + 2);
	check(total == n + 64 && total2 == total,
	      "total-long: wTotalLength %u, %d bytes sent", total, n);
	i = find_desc(n, 4, 0);
	check(i >= 0 && r.data[i + 4] == 4, "num-eps-more: bNumEndpoints 4");
	ep = find_desc(n, 5, 0);
	check(ep >= 0 && r.data[ep + 2] == 0x81 && !td_get_le16(r.data + ep + 4),
	      "maxp-zero: 0x81 has wMaxPacketSize 0");
	ep = find_desc(n, 5, 2);
	check(ep >= 0 && r.data[ep + 2] == 0x81 && r.data[ep + 3] == 3 &&
	      r.data[ep + 6] == 255, "dup-ep, interval-max: interrupt 0x81, "
	      "bInterval 255");
	/* desc-change: this was the second full read, the first header */
	k = r.data[ep + 6 - 2];
	n = control(0x80, 6, 0x0200, 0, 1024, NULL);
	ep = find_desc(n, 5, 2);
	check(ep >= 0 && r.data[ep + 4] != k, "desc-change: interrupt maxp "
	      "%d, then %d", k, ep >= 0 ? r.data[ep + 4] : -1);
	control(0x80, 6, 0x0100, 0, 18, NULL);
	k = td_get_le16(r.data + 12);
	control(0x80, 6, 0x0100, 0, 18, NULL);
	check(td_get_le16(r.data + 12) != k, "desc-change: bcdDevice %x, "
	      "then %x", k, td_get_le16(r.data + 12));
	n = control(0x80, 6, 0x0301, 0x0409, 255, NULL);
	check(n == 2 + 2 * (int)strlen(TD_MANUFACTURER) + 1 && r.data[0] == n,
	      "string-odd: %d bytes", n);
	stop();

	next_seq = 1;
	start(prog, ss);
	control(0x80, 6, 0x0200, 0, 9, NULL);
	total = td_get_le16(r.data + 2);
	n = control(0x80, 6, 0x0200, 0, total, NULL);
	check(n == total && find_desc(n, 0x30, 4) < 0 && find_desc(n, 5, 4) >= 0,
	      "total-short: the last companion is cut");
	i = find_desc(n, 4, 0);
	check(i >= 0 && r.data[i + 4] == 2, "num-eps-fewer: bNumEndpoints 2");
	ep = find_desc(n, 5, 2);
	check(ep >= 0 && r.data[ep + 6] == 0, "interval-zero on 0x83");
	ep = find_desc(n, 5, 3);
	i = find_desc(n, 0x30, 3);
	check(ep >= 0 && r.data[ep + 2] == 0x84 &&
	      (td_get_le16(r.data + ep + 4) & 0x7ff) == 0x7ff && i >= 0 &&
	      r.data[i + 2] == 16 && r.data[i + 3] == 3,
	      "maxp-big, ss-burst, ss-mult on 0x84");
	stop();

	next_seq = 1;
	start(prog, lie);
	n = control(0xc0, TD_MS_VENDOR_CODE, 0, 4, 255, NULL);
	check(n == 64 && td_get_le32(r.data) == 40 && r.data[8] == 255,
	      "msos-lie 4: compat ID claims 255 functions in 40 bytes");
	n = control(0xc1, TD_MS_VENDOR_CODE, 1, 5, 255, NULL);
	check(n > 24 && td_get_le16(r.data + 8) == 5 &&
	      td_get_le32(r.data + 10) == 8, "msos-lie 4: properties lie");
	stop();
}

int main(int argc, char **argv)
{
	const char *const bad_args[] = { NULL };
	uint8_t junk[USBIP_HDR_LEN];
	int status;

	if (argc != 2) {
		fprintf(stderr, "usage: %s PATH-TO-winusb-testdev\n", argv[0]);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	printf("TAP version 13\n");

	start(argv[1], NULL);
	test_descriptors();
	check(control(0x00, 9, 1, 0, 0, NULL) == 0, "SET_CONFIGURATION 1");
	test_loopback();
	test_interrupt();
	test_isoch();
	test_faults();
	status = stop();
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "exits 0 after the link drops");

	test_speed(argv[1], "full");
	test_speed(argv[1], "super");
	test_hostile_runtime(argv[1]);
	test_hostile_descriptors(argv[1]);

	start(argv[1], bad_args);
	memset(junk, 0xff, sizeof(junk));
	send_all(junk, sizeof(junk));
	check(receive(false, 1000) == -EPIPE, "garbage: link dropped");
	status = stop();
	check(WIFEXITED(status), "garbage: no crash (status 0x%x)", status);

	printf("1..%d\n", tests);
	printf("# Totals: pass:%d fail:%d xfail:0 xpass:0 skip:0 error:0\n",
	       tests - failures, failures);
	return failures ? 1 : 0;
}
