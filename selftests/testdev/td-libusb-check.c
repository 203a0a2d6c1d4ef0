// SPDX-License-Identifier: GPL-2.0
/*
 * Smoke test of an attached winusb-testdev through the
 * kernel (usbfs) with libusb-1.0
 *
 * Not a replacement for the project's tests: it checks that the emulator and
 * vhci_hcd agree on every kind of transfer, and that cancelling works.
 * Usage: td-libusb-check [--paced].  Prints TAP; exits 1 on any failure.
 */
#include <errno.h>
#include <libusb-1.0/libusb.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "testdev_proto.h"

static int tests, failures;
static libusb_device_handle *h;

static void check(bool ok, const char *fmt, ...)
{
	va_list ap;

	tests++;
	printf("%s %d - ", ok ? "ok" : "not ok", tests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	if (!ok)
		failures++;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int vendor(uint8_t type, uint8_t req, uint16_t value, uint16_t index,
		  uint8_t *data, uint16_t len)
{
	return libusb_control_transfer(h, type, req, value, index, data, len,
				       1000);
}

static void counters(struct td_counters *c)
{
	uint8_t b[TD_COUNTERS_SIZE];
	int n = vendor(0xc0, TD_REQ_GET_COUNTERS, 0, 0, b, sizeof(b));

	memset(c, 0, sizeof(*c));
	if (n == TD_COUNTERS_SIZE)
		td_counters_decode(c, b);
}

static void test_ms_os(void)
{
	uint8_t bos[256], set[512];
	int n, setlen = 0, i;

	n = libusb_get_descriptor(h, LIBUSB_DT_BOS, 0, bos, sizeof(bos));
	for (i = 5; i + 28 <= n; i += bos[i])
		if (bos[i + 2] == 5 && bos[i + 4] == 0xdf && bos[i + 5] == 0x60)
			setlen = td_get_le16(bos + i + 24);
	check(setlen > 0, "BOS through the kernel has MS OS 2.0 (%d bytes)", setlen);
	n = vendor(0xc0, TD_MS_VENDOR_CODE, 0, TD_MS_OS_20_DESCRIPTOR, set,
		   (uint16_t)setlen);
	check(n == setlen && td_get_le16(set + 8) == setlen,
	      "MS OS 2.0 set fetched (%d)", n);
}

static void test_bulk(void)
{
	static uint8_t out[256 * 1024], in[256 * 1024];
	int i, got = 0, n, ret, total = 0;
	libusb_device_handle *hh = h;

	for (i = 0; i < (int)sizeof(out); i++)
		out[i] = (uint8_t)(i * 13 + (i >> 8));
	ret = libusb_bulk_transfer(hh, TD_EP_BULK_OUT, out, sizeof(out), &n, 2000);
	check(!ret && n == (int)sizeof(out), "bulk OUT 256 KiB (%d, %d)", ret, n);
	while (total < (int)sizeof(in)) {
		ret = libusb_bulk_transfer(hh, TD_EP_BULK_IN, in + total,
					   sizeof(in) - total, &got, 2000);
		if (ret || !got)
			break;
		total += got;
	}
	check(total == (int)sizeof(in) && !memcmp(in, out, sizeof(in)),
	      "bulk IN returns the same 256 KiB (%d)", total);
	ret = libusb_bulk_transfer(hh, TD_EP_BULK_IN, in, 512, &got, 200);
	check(ret == LIBUSB_ERROR_TIMEOUT, "empty FIFO: IN times out and is cancelled (%s)",
	      libusb_error_name(ret));

	ret = vendor(0x40, TD_REQ_FORCE_STALL, 0, TD_EP_BULK_IN, NULL, 0);
	check(ret == 0, "FORCE_STALL 0x81");
	ret = libusb_bulk_transfer(hh, TD_EP_BULK_IN, in, 512, &got, 1000);
	check(ret == LIBUSB_ERROR_PIPE, "stalled endpoint: %s", libusb_error_name(ret));
	ret = libusb_clear_halt(hh, TD_EP_BULK_IN);
	check(ret == 0, "clear halt");
	libusb_bulk_transfer(hh, TD_EP_BULK_OUT, out, 100, &n, 1000);
	ret = libusb_bulk_transfer(hh, TD_EP_BULK_IN, in, 512, &got, 1000);
	check(!ret && got == 100, "loopback after clear halt (%d)", got);
}

static void test_interrupt(void)
{
	uint8_t rep[8];
	uint32_t first = 0, last = 0;
	double t0 = now_ms();
	int i, n, ret = 0;

	for (i = 0; i < 20 && !ret; i++) {
		ret = libusb_interrupt_transfer(h, TD_EP_INT_IN, rep, 8, &n, 1000);
		if (!i)
			first = td_int_report_count(rep);
		last = td_int_report_count(rep);
	}
	check(!ret && last == first + 19, "20 interrupt reports %u..%u in %.1f ms",
	      first, last, now_ms() - t0);
}

struct iso_ctx {
	int done;
	int bad;
	uint32_t next_seq;
	int packets;
	int frames[64];
};

static void LIBUSB_CALL iso_in_cb(struct libusb_transfer *t)
{
	struct iso_ctx *c = t->user_data;
	int i;

	if (t->status != LIBUSB_TRANSFER_COMPLETED)
		c->bad++;
	for (i = 0; i < t->num_iso_packets; i++) {
		struct libusb_iso_packet_descriptor *d = &t->iso_packet_desc[i];
		uint8_t *p = libusb_get_iso_packet_buffer(t, (unsigned int)i);

		if (d->status || d->actual_length != d->length ||
		    td_iso_seq(p) != c->next_seq ||
		    td_iso_check(p, d->actual_length) >= 0)
			c->bad++;
		c->next_seq++;
		c->packets++;
	}
	c->done++;
}

static void LIBUSB_CALL done_cb(struct libusb_transfer *t)
{
	struct iso_ctx *c = t->user_data;

	if (t->status != LIBUSB_TRANSFER_COMPLETED &&
	    t->status != LIBUSB_TRANSFER_CANCELLED)
		c->bad++;
	c->done++;
}

static void run_until(struct iso_ctx *c, int n)
{
	double t0 = now_ms();

	while (c->done < n && now_ms() - t0 < 5000) {
		struct timeval tv = { 0, 100000 };

		libusb_handle_events_timeout(NULL, &tv);
	}
}

static void test_iso(bool paced)
{
	enum { NT = 8, NP = 32, PL = 1024 };
	struct libusb_transfer *t[NT];
	struct iso_ctx c = { 0 };
	struct td_counters ctr;
	double t0;
	int i, j, ret;

	ret = libusb_set_interface_alt_setting(h, TD_IFACE_ISO, TD_ISO_ALT_ON);
	check(ret == 0, "alt setting 1");
	t0 = now_ms();
	for (i = 0; i < NT; i++) {
		t[i] = libusb_alloc_transfer(NP);
		libusb_fill_iso_transfer(t[i], h, TD_EP_ISO_IN, malloc(NP * PL),
					 NP * PL, NP, iso_in_cb, &c, 2000);
		libusb_set_iso_packet_lengths(t[i], PL);
		ret |= libusb_submit_transfer(t[i]);
	}
	check(!ret, "8 iso IN transfers of 32 x 1024 submitted");
	run_until(&c, NT);
	check(c.done == NT && !c.bad, "iso IN: %d packets, %d bad, %.1f ms",
	      c.packets, c.bad, now_ms() - t0);
	if (paced)
		check(now_ms() - t0 >= NT * NP / 8.0 - 1,
		      "paced: 256 microframes took at least 32 ms");
	for (i = 0; i < NT; i++) {
		free(t[i]->buffer);
		libusb_free_transfer(t[i]);
	}

	vendor(0x40, TD_REQ_RESET_COUNTERS, 0, 0, NULL, 0);
	memset(&c, 0, sizeof(c));
	for (i = 0; i < NT; i++) {
		uint8_t *buf = malloc(NP * PL);

		for (j = 0; j < NP; j++)
			td_iso_fill(buf + j * PL, PL, (uint32_t)(i * NP + j), 0);
		t[i] = libusb_alloc_transfer(NP);
		libusb_fill_iso_transfer(t[i], h, TD_EP_ISO_OUT, buf, NP * PL,
					 NP, done_cb, &c, 2000);
		libusb_set_iso_packet_lengths(t[i], PL);
		libusb_submit_transfer(t[i]);
	}
	run_until(&c, NT);
	counters(&ctr);
	check(c.done == NT && !c.bad && ctr.sink_packets == NT * NP &&
	      !ctr.sink_errors && !ctr.sink_gaps,
	      "iso OUT: sink saw %u packets, %u errors, %u gaps",
	      ctr.sink_packets, ctr.sink_errors, ctr.sink_gaps);
	for (i = 0; i < NT; i++) {
		free(t[i]->buffer);
		libusb_free_transfer(t[i]);
	}

	/* cancel iso URBs in flight: the kernel unlinks them */
	vendor(0x40, TD_REQ_SET_FAULT, TD_FAULT_NAK, TD_EP_ISO_IN, NULL, 0);
	memset(&c, 0, sizeof(c));
	for (i = 0; i < 4; i++) {
		t[i] = libusb_alloc_transfer(NP);
		libusb_fill_iso_transfer(t[i], h, TD_EP_ISO_IN, malloc(NP * PL),
					 NP * PL, NP, done_cb, &c, 0);
		libusb_set_iso_packet_lengths(t[i], PL);
		libusb_submit_transfer(t[i]);
	}
	for (i = 0; i < 4; i++)
		libusb_cancel_transfer(t[i]);
	run_until(&c, 4);
	counters(&ctr);
	check(c.done == 4 && !c.bad && ctr.unlinks_pending >= 4,
	      "4 pending iso URBs cancelled (%u unlinks answered -ECONNRESET)",
	      ctr.unlinks_pending);
	for (i = 0; i < 4; i++) {
		free(t[i]->buffer);
		libusb_free_transfer(t[i]);
	}
	vendor(0x40, TD_REQ_SET_FAULT, TD_FAULT_NONE, TD_EP_ISO_IN, NULL, 0);
	ret = libusb_set_interface_alt_setting(h, TD_IFACE_ISO, TD_ISO_ALT_OFF);
	check(ret == 0, "alt setting 0");
}

int main(int argc, char **argv)
{
	bool paced = argc > 1 && !strcmp(argv[1], "--paced");
	uint8_t info[TD_INFO_SIZE];
	struct td_info inf;
	int ret;

	printf("TAP version 13\n");
	if (libusb_init(NULL))
		return 1;
	h = libusb_open_device_with_vid_pid(NULL, TD_VID, TD_PID);
	check(h != NULL, "open 1209:0001");
	if (!h)
		return 1;
	libusb_set_auto_detach_kernel_driver(h, 1);
	ret = libusb_claim_interface(h, 0) | libusb_claim_interface(h, 1);
	check(ret == 0, "claim interfaces 0 and 1");
	ret = vendor(0xc0, TD_REQ_GET_INFO, 0, 0, info, sizeof(info));
	td_info_decode(&inf, info);
	check(ret == TD_INFO_SIZE, "GET_INFO: speed %u, iso maxp %u, frame %u",
	      inf.speed, inf.iso_maxp, inf.frame);
	if (paced)
		vendor(0x40, TD_REQ_SET_PACED, 1, 0, NULL, 0);
	test_ms_os();
	test_bulk();
	test_interrupt();
	test_iso(paced);
	libusb_release_interface(h, 0);
	libusb_release_interface(h, 1);
	libusb_close(h);
	libusb_exit(NULL);
	printf("1..%d\n", tests);
	return failures ? 1 : 0;
}
