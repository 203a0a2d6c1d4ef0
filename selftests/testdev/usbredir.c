// SPDX-License-Identifier: GPL-2.0
/*
 * The usbredir transport: the device side ("usb-host") of the usbredir
 * protocol, as QEMU's usb-redir device (the "usb-guest") expects it, over
 * Debian's libusbredirparser
 *
 * QEMU plugs the device into whatever controller it is given (xHCI, EHCI,
 * UHCI, OHCI) and turns the guest's transfers into messages:
 *
 *  control_packet, bulk_packet   one URB each, answered with the same id
 *  set_configuration,            SET_CONFIGURATION / SET_INTERFACE, run
 *  set_alt_setting               through the device's endpoint 0 code
 *  start_iso_stream (IN)         we keep no_urbs URBs of pkts_per_urb
 *                                packets in flight and send every packet
 *                                as an iso_packet; QEMU buffers them
 *  iso_packet (OUT)              one packet, judged by the sink on arrival
 *  start_interrupt_receiving     one URB in flight, each report sent as an
 *                                interrupt_packet; QEMU buffers them
 *  cancel_data_packet            unlink; a pending URB is answered with
 *                                status "cancelled"
 *
 * USB/IP's unlink and seqnum games have no counterpart here.  Isochronous
 * IN goes through QEMU's buffer, which starts empty (QEMU answers empty
 * packets until it holds 60 ms), runs dry when the guest's controller gets
 * ahead of our bus clock (empty packets again) and drops packets when it
 * holds more than 120 ms; GET_INFO tells tests so (TD_TRANSPORT_USBREDIR).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "testdev.h"

#ifdef TD_HAVE_USBREDIR

#include <usbredirparser.h>

#define EP2I(addr)	((((addr) & 0x80) >> 3) | ((addr) & 0x0f))

/* What an URB stands for, in urb->kind. */
enum {
	RK_CONTROL,
	RK_SET_CONFIG,
	RK_SET_ALT,
	RK_BULK,
	RK_ISO_STREAM,		/* ours: an isochronous IN stream's URB */
	RK_ISO_OUT,		/* one isochronous OUT packet */
	RK_INT_STREAM,		/* ours: an interrupt receiving URB */
};

/* A stream QEMU started on an IN endpoint (isochronous or interrupt). */
struct redir_stream {
	bool on;
	unsigned int pkts;	/* packets per URB (isochronous) */
	unsigned int urbs;	/* URBs to keep in flight */
};

struct td_redir {
	struct usbredirparser *parser;
	struct td_conn *c;
	struct td_device *dev;
	size_t in_off;			/* bytes of c->in the parser took */
	uint32_t next_seq;
	bool connected;
	struct redir_stream stream[32];	/* by EP2I() */
};

/* Output the streams may leave unsent before they wait. */
#define MAX_QUEUED	(4u << 20)

/* Our tag for the URBs of our streams: never one of QEMU's ids. */
#define STREAM_TAG	UINT64_MAX

static int redir_status(int status)
{
	switch (status) {
	case 0:
	case -EREMOTEIO:	/* short, which usbredir does not tell */
		return usb_redir_success;
	case -EPIPE:
		return usb_redir_stall;
	case -EOVERFLOW:
		return usb_redir_babble;
	case -ECONNRESET:
	case -ENOENT:
		return usb_redir_cancelled;
	case -ETIMEDOUT:
		return usb_redir_timeout;
	}
	return usb_redir_ioerror;
}

static void redir_log(void *priv, int level, const char *msg)
{
	(void)priv;
	if (level <= usbredirparser_warning || td_verbose)
		td_log("usbredir: %s", msg);
}

static int redir_read(void *priv, uint8_t *data, int count)
{
	struct td_redir *r = priv;
	size_t n = r->c->in_len - r->in_off;

	if (n > (size_t)count)
		n = (size_t)count;
	memcpy(data, r->c->in + r->in_off, n);
	r->in_off += n;
	return (int)n;
}

static int redir_write(void *priv, uint8_t *data, int count)
{
	struct td_redir *r = priv;

	return td_conn_queue(r->c, data, (size_t)count) ? -1 : count;
}

static struct td_urb *redir_urb(struct td_redir *r, int kind, uint64_t tag,
				uint8_t ep, int32_t length)
{
	struct td_urb *urb = calloc(1, sizeof(*urb));

	if (!urb) {
		td_log("out of memory; dropping the link");
		r->dev->want_disconnect = true;
		return NULL;
	}
	urb->seqnum = r->next_seq++;
	urb->kind = kind;
	urb->tag = tag;
	urb->epnum = ep & 0x0f;
	urb->dir = ep & 0x80 ? USBIP_DIR_IN : USBIP_DIR_OUT;
	urb->length = length;
	return urb;
}

/* A control URB from a setup packet; @data (OUT) is copied. */
static void submit_control(struct td_redir *r, int kind, uint64_t id,
			   uint8_t type, uint8_t req, uint16_t value,
			   uint16_t index, uint16_t length, const uint8_t *data,
			   int data_len)
{
	struct td_urb *urb = redir_urb(r, kind, id, type & 0x80, length);

	if (!urb)
		return;
	/*
	 * Isochronous OUT packets that came before this request reach the
	 * sink first: GET_COUNTERS must count them.
	 */
	td_device_run(r->dev);
	urb->setup[0] = type;
	urb->setup[1] = req;
	td_put_le16(urb->setup + 2, value);
	td_put_le16(urb->setup + 4, index);
	td_put_le16(urb->setup + 6, length);
	if (!(type & 0x80)) {
		urb->buf = malloc(length ? length : 1);
		if (!urb->buf) {
			td_urb_free(urb);
			r->dev->want_disconnect = true;
			return;
		}
		memset(urb->buf, 0, length);
		memcpy(urb->buf, data, data_len < length ? (size_t)data_len : length);
	}
	td_device_submit(r->dev, urb);
}

/*
 * What QEMU must know before it attaches the device: the interfaces and
 * endpoints of the configuration (every alternate setting's endpoints, so
 * the isochronous ones are known before SET_INTERFACE), then the device.
 */
static void send_connect(struct td_redir *r)
{
	const struct td_descs *d = &r->dev->desc;
	const uint8_t *p = d->config.data, *end = p + d->config.len;
	struct usb_redir_interface_info_header ii;
	struct usb_redir_device_connect_header dc;
	struct usb_redir_ep_info_header ei;
	const uint8_t *dd = d->device.data;
	int iface = 0, i, last_ep = -1;

	memset(&ii, 0, sizeof(ii));
	memset(&ei, 0, sizeof(ei));
	for (i = 0; i < 32; i++)
		ei.type[i] = usb_redir_type_invalid;
	ei.type[0] = ei.type[16] = usb_redir_type_control;
	ei.max_packet_size[0] = ei.max_packet_size[16] = dd[7];
	while (p + 2 <= end && p[0] >= 2 && p + p[0] <= end) {
		if (p[1] == 4 && p[0] >= 9) {		/* interface */
			iface = p[2];
			if (p[3] == 0 && ii.interface_count < 32) {
				i = (int)ii.interface_count++;
				ii.interface[i] = p[2];
				ii.interface_class[i] = p[5];
				ii.interface_subclass[i] = p[6];
				ii.interface_protocol[i] = p[7];
			}
		} else if (p[1] == 5 && p[0] >= 7) {	/* endpoint */
			uint16_t w = td_get_le16(p + 4);

			i = EP2I(p[2]);
			last_ep = i;
			ei.type[i] = p[3] & 3;
			ei.interval[i] = p[6];
			ei.interface[i] = (uint8_t)iface;
			/* bytes per service interval, as usbredirhost says */
			ei.max_packet_size[i] = (uint16_t)((w & 0x7ff) *
							   (((w >> 11) & 3) + 1));
		} else if (p[1] == 0x30 && p[0] >= 6 && last_ep >= 0) {
			/* SuperSpeed companion: bursts and Mult */
			uint32_t n = (uint32_t)ei.max_packet_size[last_ep] *
				     (p[2] + 1u);

			if ((ei.type[last_ep]) == usb_redir_type_iso)
				n *= (p[3] & 3) + 1u;
			ei.max_packet_size[last_ep] = n > 0xffff ? 0xffff : (uint16_t)n;
		}
		p += p[0];
	}
	usbredirparser_send_interface_info(r->parser, &ii);
	usbredirparser_send_ep_info(r->parser, &ei);

	memset(&dc, 0, sizeof(dc));
	switch (r->dev->opt->speed) {
	case TD_SPEED_FULL:
		dc.speed = usb_redir_speed_full;
		break;
	case TD_SPEED_SUPER:
		dc.speed = usb_redir_speed_super;
		break;
	default:
		dc.speed = usb_redir_speed_high;
	}
	dc.device_class = dd[4];
	dc.device_subclass = dd[5];
	dc.device_protocol = dd[6];
	dc.vendor_id = td_get_le16(dd + 8);
	dc.product_id = td_get_le16(dd + 10);
	dc.device_version_bcd = td_get_le16(dd + 12);
	usbredirparser_send_device_connect(r->parser, &dc);
	r->connected = true;
	td_log("device connected over usbredir");
}

static void on_hello(void *priv, struct usb_redir_hello_header *h)
{
	struct td_redir *r = priv;

	td_log("usbredir peer: %.64s", h->version);
	if (!r->connected)
		send_connect(r);
}

static void on_reset(void *priv)
{
	struct td_redir *r = priv;

	if (td_verbose)
		td_log("usbredir: reset");
	memset(r->stream, 0, sizeof(r->stream));
	td_device_reset(r->dev);
}

static void on_set_configuration(void *priv, uint64_t id,
				 struct usb_redir_set_configuration_header *h)
{
	submit_control(priv, RK_SET_CONFIG, id, 0x00, 0x09, h->configuration,
		       0, 0, NULL, 0);
}

static void on_get_configuration(void *priv, uint64_t id)
{
	struct td_redir *r = priv;
	struct usb_redir_configuration_status_header s = {
		.status = usb_redir_success,
		.configuration = r->dev->config,
	};

	usbredirparser_send_configuration_status(r->parser, id, &s);
}

static void on_set_alt_setting(void *priv, uint64_t id,
			       struct usb_redir_set_alt_setting_header *h)
{
	submit_control(priv, RK_SET_ALT, id, 0x01, 0x0b, h->alt, h->interface,
		       0, NULL, 0);
}

static void on_get_alt_setting(void *priv, uint64_t id,
			       struct usb_redir_get_alt_setting_header *h)
{
	struct td_redir *r = priv;
	struct usb_redir_alt_setting_status_header s = {
		.status = usb_redir_success,
		.interface = h->interface,
		.alt = h->interface == TD_IFACE_ISOCH ? r->dev->isoch_alt : 0,
	};

	usbredirparser_send_alt_setting_status(r->parser, id, &s);
}

/* Keep the stream on @ep at its count of URBs in flight; true if it added. */
static bool stream_fill(struct td_redir *r, uint8_t ep)
{
	struct redir_stream *s = &r->stream[EP2I(ep)];
	struct td_ep *e = td_device_ep(r->dev, ep);
	unsigned int n = 0, i;
	struct td_urb *urb;
	bool added = false;

	/* unpaced (SET_PACED 0), a stream would outrun the socket */
	if (!s->on || !e || r->c->out_len > MAX_QUEUED)
		return false;
	for (urb = e->head; urb; urb = urb->next)
		if (urb->kind == RK_ISO_STREAM || urb->kind == RK_INT_STREAM)
			n++;
	for (; n < s->urbs && s->on && !r->dev->want_disconnect; n++) {
		if (e->type == 1) {
			uint32_t len = r->dev->desc.isoch_bytes;

			urb = redir_urb(r, RK_ISO_STREAM, STREAM_TAG, ep,
					(int32_t)(len * s->pkts));
			if (!urb)
				return added;
			urb->isoch = calloc(s->pkts, sizeof(*urb->isoch));
			if (!urb->isoch) {
				td_urb_free(urb);
				r->dev->want_disconnect = true;
				return added;
			}
			urb->np = (int32_t)s->pkts;
			for (i = 0; i < s->pkts; i++) {
				urb->isoch[i].offset = i * len;
				urb->isoch[i].length = len;
			}
		} else {
			urb = redir_urb(r, RK_INT_STREAM, STREAM_TAG, ep, e->maxp);
			if (!urb)
				return added;
		}
		td_device_submit(r->dev, urb);
		added = true;
	}
	return added;
}

/* Unlink the URBs of the stream on @ep (none of them is answered). */
static void stream_stop(struct td_redir *r, uint8_t ep)
{
	struct td_ep *e = td_device_ep(r->dev, ep);
	struct td_urb *urb;

	r->stream[EP2I(ep)].on = false;
	while (e) {
		for (urb = e->head; urb; urb = urb->next)
			if (urb->kind == RK_ISO_STREAM || urb->kind == RK_INT_STREAM)
				break;
		if (!urb)
			break;
		td_device_unlink(r->dev, 0, urb->seqnum);
	}
}

static void on_start_iso_stream(void *priv, uint64_t id,
				struct usb_redir_start_iso_stream_header *h)
{
	struct td_redir *r = priv;
	struct redir_stream *s = &r->stream[EP2I(h->endpoint)];

	(void)id;
	if (td_verbose)
		td_log("usbredir: iso stream 0x%02x: %u URBs of %u packets",
		       h->endpoint, h->no_urbs, h->pkts_per_urb);
	if (!(h->endpoint & 0x80))
		return;		/* OUT: packets come one by one */
	s->on = true;
	s->pkts = h->pkts_per_urb ? h->pkts_per_urb : 1;
	s->urbs = h->no_urbs ? h->no_urbs : 1;
	if (s->urbs > 64)
		s->urbs = 64;
	stream_fill(r, h->endpoint);
}

static void on_stop_iso_stream(void *priv, uint64_t id,
			       struct usb_redir_stop_iso_stream_header *h)
{
	(void)id;
	stream_stop(priv, h->endpoint);
}

static void on_start_interrupt_receiving(void *priv, uint64_t id,
	struct usb_redir_start_interrupt_receiving_header *h)
{
	struct td_redir *r = priv;
	struct usb_redir_interrupt_receiving_status_header st = {
		.status = usb_redir_success,
		.endpoint = h->endpoint,
	};
	struct redir_stream *s = &r->stream[EP2I(h->endpoint)];

	s->on = true;
	s->urbs = 1;
	usbredirparser_send_interrupt_receiving_status(r->parser, id, &st);
	stream_fill(r, h->endpoint);
}

static void on_stop_interrupt_receiving(void *priv, uint64_t id,
	struct usb_redir_stop_interrupt_receiving_header *h)
{
	(void)id;
	stream_stop(priv, h->endpoint);
}

static void on_cancel_data_packet(void *priv, uint64_t id)
{
	struct td_redir *r = priv;
	struct td_urb *urb = td_device_find_tag(r->dev, id);

	if (urb && urb->tag != STREAM_TAG)
		td_device_unlink(r->dev, 0, urb->seqnum);
}

static void on_control_packet(void *priv, uint64_t id,
			      struct usb_redir_control_packet_header *h,
			      uint8_t *data, int data_len)
{
	struct td_redir *r = priv;

	submit_control(r, RK_CONTROL, id, h->requesttype, h->request, h->value,
		       h->index, h->length, data, data_len);
	usbredirparser_free_packet_data(r->parser, data);
}

static void on_bulk_packet(void *priv, uint64_t id,
			   struct usb_redir_bulk_packet_header *h,
			   uint8_t *data, int data_len)
{
	struct td_redir *r = priv;
	uint32_t len = h->length | (uint32_t)h->length_high << 16;
	struct td_urb *urb;

	if (len > TD_MAX_URB_LEN || (!(h->endpoint & 0x80) &&
				     (uint32_t)data_len != len)) {
		td_log("usbredir: bad bulk packet (%u bytes, %d sent) on 0x%02x",
		       len, data_len, h->endpoint);
		r->c->dead = true;
		usbredirparser_free_packet_data(r->parser, data);
		return;
	}
	urb = redir_urb(r, RK_BULK, id, h->endpoint, (int32_t)len);
	if (urb && !(h->endpoint & 0x80)) {
		urb->buf = malloc(len ? len : 1);
		if (urb->buf) {
			memcpy(urb->buf, data, len);
		} else {
			td_urb_free(urb);
			urb = NULL;
			r->dev->want_disconnect = true;
		}
	}
	usbredirparser_free_packet_data(r->parser, data);
	if (urb)
		td_device_submit(r->dev, urb);
}

/* An isochronous OUT packet: the guest's controller sent it just now. */
static void on_iso_packet(void *priv, uint64_t id,
			  struct usb_redir_iso_packet_header *h,
			  uint8_t *data, int data_len)
{
	struct td_redir *r = priv;
	struct td_urb *urb = NULL;

	if (!(h->endpoint & 0x80) && data_len >= 0)
		urb = redir_urb(r, RK_ISO_OUT, id, h->endpoint, data_len);
	if (urb) {
		urb->buf = malloc(data_len ? (size_t)data_len : 1);
		urb->isoch = calloc(1, sizeof(*urb->isoch));
		if (!urb->buf || !urb->isoch) {
			td_urb_free(urb);
			urb = NULL;
			r->dev->want_disconnect = true;
		} else {
			memcpy(urb->buf, data, (size_t)data_len);
			urb->isoch[0].length = (uint32_t)data_len;
			urb->np = 1;
			urb->immediate = true;
		}
	}
	usbredirparser_free_packet_data(r->parser, data);
	if (urb)
		td_device_submit(r->dev, urb);
}

static void on_interrupt_packet(void *priv, uint64_t id,
				struct usb_redir_interrupt_packet_header *h,
				uint8_t *data, int data_len)
{
	struct td_redir *r = priv;

	(void)id;
	td_log("usbredir: interrupt OUT on 0x%02x (%d bytes): no such endpoint",
	       h->endpoint, data_len);
	usbredirparser_free_packet_data(r->parser, data);
}

/* Packets of an isochronous IN URB, one iso_packet each, packed data. */
static void send_iso_in(struct td_redir *r, struct td_urb *urb, int status,
			const uint8_t *data, uint32_t actual)
{
	uint8_t ep = (uint8_t)(urb->epnum | 0x80);
	struct usb_redir_iso_packet_header h = { .endpoint = ep };
	uint32_t off = 0;
	int i;

	if (status) {
		struct usb_redir_iso_stream_status_header s = {
			.status = (uint8_t)redir_status(status),
			.endpoint = ep,
		};

		r->stream[EP2I(ep)].on = false;
		usbredirparser_send_iso_stream_status(r->parser, 0, &s);
		return;
	}
	for (i = 0; i < urb->np; i++) {
		uint32_t len = urb->isoch[i].actual;

		if (len > actual - off)
			len = actual - off;
		h.status = (uint8_t)redir_status(urb->isoch[i].status);
		h.length = (uint16_t)len;
		usbredirparser_send_iso_packet(r->parser, 0, &h,
					       (uint8_t *)data + off, (int)len);
		off += len;
	}
}

static void send_int_in(struct td_redir *r, struct td_urb *urb, int status,
			const uint8_t *data, uint32_t actual)
{
	uint8_t ep = (uint8_t)(urb->epnum | 0x80);
	struct usb_redir_interrupt_packet_header h = {
		.endpoint = ep,
		.status = (uint8_t)redir_status(status),
		.length = (uint16_t)actual,
	};

	if (status == -EPIPE) {
		/* QEMU restarts receiving after the guest clears the halt */
		struct usb_redir_interrupt_receiving_status_header s = {
			.status = usb_redir_stall,
			.endpoint = ep,
		};

		r->stream[EP2I(ep)].on = false;
		usbredirparser_send_interrupt_receiving_status(r->parser, 0, &s);
		return;
	}
	usbredirparser_send_interrupt_packet(r->parser, 0, &h, (uint8_t *)data,
					     (int)actual);
}

/* Answer a control or bulk URB QEMU sent. */
static void send_answer(struct td_redir *r, struct td_urb *urb, int status,
			const uint8_t *data, uint32_t actual)
{
	uint8_t st = (uint8_t)redir_status(status);
	bool in = urb->dir == USBIP_DIR_IN;

	if (urb->kind == RK_SET_CONFIG) {
		struct usb_redir_configuration_status_header s = {
			.status = st,
			.configuration = r->dev->config,
		};

		usbredirparser_send_configuration_status(r->parser, urb->tag, &s);
	} else if (urb->kind == RK_SET_ALT) {
		struct usb_redir_alt_setting_status_header s = {
			.status = st,
			.interface = urb->setup[4],
			.alt = urb->setup[4] == TD_IFACE_ISOCH ?
			       r->dev->isoch_alt : 0,
		};

		usbredirparser_send_alt_setting_status(r->parser, urb->tag, &s);
	} else if (urb->kind == RK_CONTROL) {
		struct usb_redir_control_packet_header h = {
			.endpoint = urb->setup[0] & 0x80,
			.request = urb->setup[1],
			.requesttype = urb->setup[0],
			.status = st,
			.value = td_get_le16(urb->setup + 2),
			.index = td_get_le16(urb->setup + 4),
			.length = (uint16_t)actual,
		};

		usbredirparser_send_control_packet(r->parser, urb->tag, &h,
						   in ? (uint8_t *)data : NULL,
						   in ? (int)actual : 0);
	} else if (urb->kind == RK_BULK) {
		struct usb_redir_bulk_packet_header h = {
			.endpoint = (uint8_t)(urb->epnum | (in ? 0x80 : 0)),
			.status = st,
			.length = (uint16_t)actual,
			.length_high = (uint16_t)(actual >> 16),
		};

		usbredirparser_send_bulk_packet(r->parser, urb->tag, &h,
						in ? (uint8_t *)data : NULL,
						in ? (int)actual : 0);
	}
}

static void redir_complete(struct td_device *dev, struct td_urb *urb,
			   int status, const uint8_t *data, uint32_t actual,
			   int32_t start_frame, int error_count)
{
	struct td_redir *r = dev->conn->redir;

	(void)start_frame;
	(void)error_count;
	switch (urb->kind) {
	case RK_ISO_STREAM:
		send_iso_in(r, urb, status, data, actual);
		break;
	case RK_INT_STREAM:
		send_int_in(r, urb, status, data, actual);
		break;
	case RK_ISO_OUT:
		break;		/* QEMU has told the guest already */
	default:
		send_answer(r, urb, status, data, actual);
	}
}

static void redir_unlinked(struct td_device *dev, uint32_t seqnum,
			   struct td_urb *urb, int status)
{
	(void)seqnum;
	/* a cancelled packet of QEMU's is answered "cancelled" */
	if (urb && urb->tag != STREAM_TAG && urb->kind != RK_ISO_OUT)
		send_answer(dev->conn->redir, urb, status, NULL, 0);
}

const struct td_transport td_usbredir_transport = {
	.name = "usbredir",
	.complete = redir_complete,
	.unlinked = redir_unlinked,
};

int td_redir_listen(const struct td_options *opt)
{
	struct sockaddr_un sa;
	int fd;

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (strlen(opt->redir_path) >= sizeof(sa.sun_path)) {
		td_log("--usbredir: socket path '%s' too long", opt->redir_path);
		return -1;
	}
	strcpy(sa.sun_path, opt->redir_path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		td_log("socket: %s", strerror(errno));
		return -1;
	}
	unlink(opt->redir_path);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(fd, 1) < 0) {
		td_log("cannot listen on %s: %s", opt->redir_path,
		       strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

int td_redir_start(struct td_conn *c, struct td_device *dev)
{
	uint32_t caps[USB_REDIR_CAPS_SIZE] = { 0 };
	struct td_redir *r = calloc(1, sizeof(*r));

	if (!r)
		return -ENOMEM;
	r->parser = usbredirparser_create();
	if (!r->parser) {
		free(r);
		return -ENOMEM;
	}
	r->c = c;
	r->dev = dev;
	r->next_seq = 1;
	c->redir = r;
	c->dev = dev;
	dev->conn = c;
	td_device_reset(dev);

	r->parser->priv = r;
	r->parser->log_func = redir_log;
	r->parser->read_func = redir_read;
	r->parser->write_func = redir_write;
	r->parser->hello_func = on_hello;
	r->parser->reset_func = on_reset;
	r->parser->set_configuration_func = on_set_configuration;
	r->parser->get_configuration_func = on_get_configuration;
	r->parser->set_alt_setting_func = on_set_alt_setting;
	r->parser->get_alt_setting_func = on_get_alt_setting;
	r->parser->start_iso_stream_func = on_start_iso_stream;
	r->parser->stop_iso_stream_func = on_stop_iso_stream;
	r->parser->start_interrupt_receiving_func = on_start_interrupt_receiving;
	r->parser->stop_interrupt_receiving_func = on_stop_interrupt_receiving;
	r->parser->cancel_data_packet_func = on_cancel_data_packet;
	r->parser->control_packet_func = on_control_packet;
	r->parser->bulk_packet_func = on_bulk_packet;
	r->parser->iso_packet_func = on_iso_packet;
	r->parser->interrupt_packet_func = on_interrupt_packet;

	/* what QEMU needs to attach to xHCI (see usbredir_do_attach()) */
	usbredirparser_caps_set_cap(caps, usb_redir_cap_connect_device_version);
	usbredirparser_caps_set_cap(caps, usb_redir_cap_ep_info_max_packet_size);
	usbredirparser_caps_set_cap(caps, usb_redir_cap_64bits_ids);
	usbredirparser_caps_set_cap(caps, usb_redir_cap_32bits_bulk_length);
	usbredirparser_init(r->parser, TD_NAME, caps, USB_REDIR_CAPS_SIZE,
			    usbredirparser_fl_usb_host);
	return 0;
}

void td_redir_input(struct td_conn *c)
{
	struct td_redir *r = c->redir;
	int ret;

	if (td_conn_read(c) <= 0)
		return;
	r->in_off = 0;
	ret = usbredirparser_do_read(r->parser);
	td_conn_consume(c, r->in_off);
	if (ret == usbredirparser_read_parse_error) {
		td_log("usbredir: malformed input; dropping the link");
		c->dead = true;
	}
}

/*
 * Keep every stream at its URBs in flight (some completed).  Return: true
 * if URBs were added, whose times the next td_device_run() must learn.
 */
bool td_redir_refill(struct td_conn *c)
{
	struct td_redir *r = c->redir;
	bool added = false;
	int i;

	for (i = 0; i < 32; i++)
		if (r->stream[i].on &&
		    stream_fill(r, (uint8_t)((i & 0x10) << 3 | (i & 0x0f))))
			added = true;
	return added;
}

/* Move what the parser queued to the connection's output queue. */
void td_redir_output(struct td_conn *c)
{
	struct td_redir *r = c->redir;

	while (!c->dead && usbredirparser_has_data_to_write(r->parser))
		if (usbredirparser_do_write(r->parser))
			break;
}

void td_redir_free(struct td_conn *c)
{
	struct td_redir *r = c->redir;

	usbredirparser_destroy(r->parser);
	free(r);
	c->redir = NULL;
}

#else /* !TD_HAVE_USBREDIR */

static void none_complete(struct td_device *dev, struct td_urb *urb,
			  int status, const uint8_t *data, uint32_t actual,
			  int32_t start_frame, int error_count)
{
	(void)dev; (void)urb; (void)status; (void)data; (void)actual;
	(void)start_frame; (void)error_count;
}

static void none_unlinked(struct td_device *dev, uint32_t seqnum,
			  struct td_urb *urb, int status)
{
	(void)dev; (void)seqnum; (void)urb; (void)status;
}

const struct td_transport td_usbredir_transport = {
	.name = "usbredir (not built)",
	.complete = none_complete,
	.unlinked = none_unlinked,
};

int td_redir_listen(const struct td_options *opt)
{
	(void)opt;
	td_log("built without usbredir: install libusbredirparser-dev "
	       "(scripts/deps --test) and rebuild");
	return -1;
}

int td_redir_start(struct td_conn *c, struct td_device *dev)
{
	(void)c; (void)dev;
	return -ENOSYS;
}

void td_redir_input(struct td_conn *c)
{
	(void)c;
}

bool td_redir_refill(struct td_conn *c)
{
	(void)c;
	return false;
}

void td_redir_output(struct td_conn *c)
{
	(void)c;
}

void td_redir_free(struct td_conn *c)
{
	(void)c;
}

#endif /* TD_HAVE_USBREDIR */
