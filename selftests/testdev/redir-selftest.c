// SPDX-License-Identifier: GPL-2.0
/*
 * Check winusb-testdev's usbredir transport without QEMU
 *
 * Starts "winusb-testdev --usbredir SOCKET --paced" and plays QEMU's
 * usb-redir on it with libusbredirparser's guest side: the device's
 * interfaces, endpoints and connect; GET_DESCRIPTOR, SET_CONFIGURATION,
 * SET_INTERFACE, GET_INFO; bulk loopback and a cancelled bulk IN; an
 * isochronous IN stream (intact pattern, consecutive sequence numbers) and
 * OUT packets the sink must count; the device's exit when we hang up.
 * Usage: redir-selftest PATH-TO-winusb-testdev.  Prints TAP.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <usbredirparser.h>

#include "testdev_proto.h"

#define EP2I(addr)	((((addr) & 0x80) >> 3) | ((addr) & 0x0f))
#define ISO_PACKETS	200

static int sock = -1, failures, tests;
static struct usbredirparser *parser;

/* What came from the device. */
static struct {
	bool connected;
	struct usb_redir_device_connect_header dc;
	struct usb_redir_ep_info_header ei;
	uint32_t interfaces;
	uint64_t id;			/* of the last answer */
	int status;
	uint8_t data[4096];
	int len;
	int config, alt;
	unsigned int iso, iso_bad;	/* IN packets, bad ones */
	uint32_t iso_seq;
} got;

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

static void on_log(void *priv, int level, const char *msg)
{
	(void)priv;
	if (level <= usbredirparser_error)
		printf("# usbredirparser: %s\n", msg);
}

static int on_read(void *priv, uint8_t *data, int count)
{
	ssize_t n = recv(sock, data, (size_t)count, MSG_DONTWAIT);

	(void)priv;
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	return n > 0 ? (int)n : -1;
}

static int on_write(void *priv, uint8_t *data, int count)
{
	(void)priv;
	return (int)write(sock, data, (size_t)count);
}

static void on_connect(void *priv, struct usb_redir_device_connect_header *h)
{
	(void)priv;
	got.dc = *h;
	got.connected = true;
}

static void on_interface_info(void *priv,
			      struct usb_redir_interface_info_header *h)
{
	(void)priv;
	got.interfaces = h->interface_count;
}

static void on_ep_info(void *priv, struct usb_redir_ep_info_header *h)
{
	(void)priv;
	got.ei = *h;
}

static void answer(uint64_t id, int status, const uint8_t *data, int len)
{
	got.id = id;
	got.status = status;
	got.len = len;
	if (data && len > 0)
		memcpy(got.data, data, len < 4096 ? (size_t)len : 4096);
}

static void on_config(void *priv, uint64_t id,
		      struct usb_redir_configuration_status_header *h)
{
	(void)priv;
	got.config = h->configuration;
	answer(id, h->status, NULL, 0);
}

static void on_alt(void *priv, uint64_t id,
		   struct usb_redir_alt_setting_status_header *h)
{
	(void)priv;
	got.alt = h->alt;
	answer(id, h->status, NULL, 0);
}

static void on_control(void *priv, uint64_t id,
		       struct usb_redir_control_packet_header *h,
		       uint8_t *data, int len)
{
	(void)priv;
	answer(id, h->status, data, len);
	usbredirparser_free_packet_data(parser, data);
}

static void on_bulk(void *priv, uint64_t id,
		    struct usb_redir_bulk_packet_header *h,
		    uint8_t *data, int len)
{
	(void)priv;
	answer(id, h->status, data, len);
	usbredirparser_free_packet_data(parser, data);
}

static void on_iso(void *priv, uint64_t id,
		   struct usb_redir_iso_packet_header *h, uint8_t *data,
		   int len)
{
	(void)priv;
	(void)id;
	if (h->status || len != TD_ISOCH_MAXP_HIGH ||
	    td_isoch_check(data, (uint32_t)len) != -1 ||
	    td_isoch_seq(data) != got.iso_seq)
		got.iso_bad++;
	got.iso_seq = len >= TD_ISOCH_HDR_LEN ? td_isoch_seq(data) + 1 : 0;
	got.iso++;
	usbredirparser_free_packet_data(parser, data);
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Exchange messages until @done() or 5 s have passed. */
static bool pump(bool (*done)(uint64_t), uint64_t arg)
{
	uint64_t end = now_ms() + 5000;
	struct pollfd p = { .fd = sock, .events = POLLIN };

	while (!done(arg) && now_ms() < end) {
		usbredirparser_do_write(parser);
		if (poll(&p, 1, 100) > 0 && usbredirparser_do_read(parser) ==
					    usbredirparser_read_io_error) {
			printf("# read error: %s\n", strerror(errno));
			return false;
		}
	}
	return done(arg);
}

static bool is_connected(uint64_t unused)
{
	(void)unused;
	return got.connected;
}

static bool answered(uint64_t id)
{
	return got.id == id;
}

static bool iso_done(uint64_t n)
{
	return got.iso >= n;
}

static void control(uint64_t id, uint8_t type, uint8_t req, uint16_t value,
		    uint16_t index, uint16_t length, uint8_t *data)
{
	struct usb_redir_control_packet_header h = {
		.endpoint = type & 0x80, .request = req, .requesttype = type,
		.value = value, .index = index, .length = length,
	};

	usbredirparser_send_control_packet(parser, id, &h,
					   type & 0x80 ? NULL : data,
					   type & 0x80 ? 0 : length);
}

static void bulk(uint64_t id, uint8_t ep, uint8_t *data, uint32_t len)
{
	struct usb_redir_bulk_packet_header h = {
		.endpoint = ep, .length = (uint16_t)len,
		.length_high = (uint16_t)(len >> 16),
	};

	usbredirparser_send_bulk_packet(parser, id, &h, ep & 0x80 ? NULL : data,
					ep & 0x80 ? 0 : (int)len);
}

static void test_control(void)
{
	struct usb_redir_set_configuration_header sc = { .configuration = 1 };
	struct usb_redir_set_alt_setting_header sa = { .interface = 1, .alt = 1 };
	struct td_info ti;

	control(1, 0x80, 6, 0x0100, 0, 18, NULL);
	check(pump(answered, 1) && got.status == usb_redir_success &&
	      got.len == 18 && got.data[1] == 1 &&
	      td_get_le16(got.data + 8) == TD_VID,
	      "GET_DESCRIPTOR(device) through control_packet");
	usbredirparser_send_set_configuration(parser, 2, &sc);
	check(pump(answered, 2) && got.status == usb_redir_success &&
	      got.config == 1, "set_configuration 1");
	usbredirparser_send_set_alt_setting(parser, 3, &sa);
	check(pump(answered, 3) && got.status == usb_redir_success &&
	      got.alt == 1, "set_alt_setting 1 on interface 1");
	control(4, 0xc0, TD_REQ_GET_INFO, 0, 0, TD_INFO_SIZE, NULL);
	check(pump(answered, 4) && got.len == TD_INFO_SIZE,
	      "GET_INFO answered");
	td_info_decode(&ti, got.data);
	check(ti.transport == TD_TRANSPORT_USBREDIR && ti.configuration == 1 &&
	      ti.isoch_alt == 1, "GET_INFO: transport usbredir, configured");
}

static void test_bulk(void)
{
	uint8_t out[100];
	int i;

	for (i = 0; i < 100; i++)
		out[i] = (uint8_t)(i * 7 + 1);
	bulk(10, TD_EP_BULK_OUT, out, sizeof(out));
	check(pump(answered, 10) && got.status == usb_redir_success &&
	      got.len == 0, "bulk OUT of 100 bytes");
	bulk(11, TD_EP_BULK_IN, NULL, 512);
	check(pump(answered, 11) && got.status == usb_redir_success &&
	      got.len == 100 && !memcmp(got.data, out, 100),
	      "bulk IN gives the 100 bytes back");
	bulk(12, TD_EP_BULK_IN, NULL, 512);
	usbredirparser_send_cancel_data_packet(parser, 12);
	check(pump(answered, 12) && got.status == usb_redir_cancelled,
	      "a pending bulk IN cancelled is answered \"cancelled\"");
}

static void test_isoch(void)
{
	struct usb_redir_start_iso_stream_header in = {
		.endpoint = TD_EP_ISOCH_IN, .pkts_per_urb = 8, .no_urbs = 4,
	}, out = { .endpoint = TD_EP_ISOCH_OUT, .pkts_per_urb = 8, .no_urbs = 4 };
	struct usb_redir_stop_iso_stream_header stop = {
		.endpoint = TD_EP_ISOCH_IN,
	};
	struct usb_redir_iso_packet_header h = {
		.endpoint = TD_EP_ISOCH_OUT, .length = 512,
	};
	uint8_t pkt[512];
	struct td_counters c;
	uint32_t i;

	usbredirparser_send_start_iso_stream(parser, 0, &in);
	check(pump(iso_done, ISO_PACKETS) && !got.iso_bad,
	      "isochronous IN: %u packets, %u bad", got.iso, got.iso_bad);
	usbredirparser_send_stop_iso_stream(parser, 0, &stop);

	control(20, 0x40, TD_REQ_RESET_COUNTERS, 0, 0, 0, NULL);
	check(pump(answered, 20), "RESET_COUNTERS");
	usbredirparser_send_start_iso_stream(parser, 0, &out);
	for (i = 0; i < 50; i++) {
		td_isoch_fill(pkt, sizeof(pkt), i, 0);
		usbredirparser_send_iso_packet(parser, 0, &h, pkt, sizeof(pkt));
	}
	/* right behind the packets: the sink must have them all */
	control(21, 0xc0, TD_REQ_GET_COUNTERS, 0, 0, TD_COUNTERS_SIZE, NULL);
	check(pump(answered, 21) && got.len == TD_COUNTERS_SIZE,
	      "GET_COUNTERS answered");
	td_counters_decode(&c, got.data);
	check(c.sink_packets == 50 && !c.sink_gaps && !c.sink_errors,
	      "isochronous OUT: sink %u packets, %u gaps, %u errors",
	      c.sink_packets, c.sink_gaps, c.sink_errors);
}

int main(int argc, char **argv)
{
	uint32_t caps[USB_REDIR_CAPS_SIZE] = { 0 };
	char dir[] = "/tmp/redir-selftest.XXXXXX", path[64];
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int status = -1, i;
	pid_t pid;

	if (argc != 2) {
		fprintf(stderr, "usage: %s PATH-TO-winusb-testdev\n", argv[0]);
		return 2;
	}
	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof(path), "%s/sock", dir);
	pid = fork();
	if (!pid) {
		execl(argv[1], argv[1], "--usbredir", path, "--paced",
		      (char *)NULL);
		_exit(127);
	}
	printf("TAP version 13\n1..15\n");
	strcpy(sa.sun_path, path);
	sock = socket(AF_UNIX, SOCK_STREAM, 0);
	for (i = 0; i < 100; i++) {
		if (!connect(sock, (struct sockaddr *)&sa, sizeof(sa)))
			break;
		usleep(50000);
	}
	parser = usbredirparser_create();
	parser->log_func = on_log;
	parser->read_func = on_read;
	parser->write_func = on_write;
	parser->device_connect_func = on_connect;
	parser->interface_info_func = on_interface_info;
	parser->ep_info_func = on_ep_info;
	parser->configuration_status_func = on_config;
	parser->alt_setting_status_func = on_alt;
	parser->control_packet_func = on_control;
	parser->bulk_packet_func = on_bulk;
	parser->iso_packet_func = on_iso;
	usbredirparser_caps_set_cap(caps, usb_redir_cap_connect_device_version);
	usbredirparser_caps_set_cap(caps, usb_redir_cap_ep_info_max_packet_size);
	usbredirparser_caps_set_cap(caps, usb_redir_cap_64bits_ids);
	usbredirparser_caps_set_cap(caps, usb_redir_cap_32bits_bulk_length);
	usbredirparser_init(parser, "redir-selftest", caps, USB_REDIR_CAPS_SIZE,
			    0);

	check(pump(is_connected, 0) && got.dc.speed == usb_redir_speed_high &&
	      got.dc.vendor_id == TD_VID && got.dc.product_id == TD_PID,
	      "device_connect: high speed, %04x:%04x", got.dc.vendor_id,
	      got.dc.product_id);
	check(got.interfaces == 2 &&
	      got.ei.type[EP2I(TD_EP_ISOCH_IN)] == usb_redir_type_iso &&
	      got.ei.type[EP2I(TD_EP_ISOCH_OUT)] == usb_redir_type_iso &&
	      got.ei.type[EP2I(TD_EP_INT_IN)] == usb_redir_type_interrupt &&
	      got.ei.type[EP2I(TD_EP_BULK_IN)] == usb_redir_type_bulk &&
	      got.ei.max_packet_size[EP2I(TD_EP_ISOCH_IN)] == TD_ISOCH_MAXP_HIGH,
	      "interface and endpoint info");
	test_control();
	test_bulk();
	test_isoch();

	usbredirparser_destroy(parser);
	close(sock);
	for (i = 0; i < 100 && waitpid(pid, &status, WNOHANG) != pid; i++)
		usleep(50000);
	check(WIFEXITED(status) && !WEXITSTATUS(status),
	      "the device exits 0 when the peer hangs up");
	if (i == 100)
		kill(pid, SIGKILL);
	rmdir(dir);
	printf("# Totals: pass:%d fail:%d xfail:0 xpass:0 skip:0 error:0\n",
	       tests - failures, failures);
	return failures ? 1 : 0;
}
