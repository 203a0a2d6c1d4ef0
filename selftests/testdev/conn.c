// SPDX-License-Identifier: GPL-2.0
/*
 * The USB/IP transport: one connection's buffered input, the URB stream
 * parser, the answers (RET_SUBMIT, RET_UNLINK), and an output queue
 *
 * The socket is non-blocking.  Input is read into a buffer that grows to
 * hold one whole message (header, OUT data, isoch descriptors); output is
 * appended to a queue that is written whenever the socket takes it, so a
 * slow reader never blocks the device.  Anything the parser does not like
 * marks the connection dead: it is logged and the link is dropped, which
 * vhci sees as a disconnect.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testdev.h"

#define READ_CHUNK	(256u << 10)

struct td_conn *td_conn_new(int fd, enum td_conn_phase phase)
{
	struct td_conn *c = calloc(1, sizeof(*c));
	int flags;

	if (!c)
		return NULL;
	flags = fcntl(fd, F_GETFL);
	if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
		free(c);
		return NULL;
	}
	c->fd = fd;
	c->phase = phase;
	return c;
}

void td_conn_free(struct td_conn *c)
{
	if (!c)
		return;
	if (c->redir)
		td_redir_free(c);
	if (c->fd >= 0)
		close(c->fd);
	free(c->in);
	free(c->out);
	free(c);
}

static int grow(uint8_t **buf, size_t *cap, size_t need)
{
	size_t n = *cap ? *cap : 4096;
	uint8_t *p;

	if (need <= *cap)
		return 0;
	while (n < need)
		n *= 2;
	p = realloc(*buf, n);
	if (!p)
		return -ENOMEM;
	*buf = p;
	*cap = n;
	return 0;
}

int td_conn_queue(struct td_conn *c, const void *data, size_t len)
{
	if (c->dead || !len)
		return c->dead ? -EPIPE : 0;
	if (c->out_head && c->out_head + c->out_len + len > c->out_cap) {
		memmove(c->out, c->out + c->out_head, c->out_len);
		c->out_head = 0;
	}
	if (grow(&c->out, &c->out_cap, c->out_head + c->out_len + len)) {
		td_log("out of memory for the output queue");
		c->dead = true;
		return -ENOMEM;
	}
	memcpy(c->out + c->out_head + c->out_len, data, len);
	c->out_len += len;
	return 0;
}

/* Write what the socket takes now.  Return: 0, or -1 when the link broke. */
int td_conn_flush(struct td_conn *c)
{
	while (c->out_len && !c->dead) {
		ssize_t n = write(c->fd, c->out + c->out_head, c->out_len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (n <= 0) {
			if (td_verbose)
				td_log("write: %s", n ? strerror(errno) : "EOF");
			c->dead = true;
			return -1;
		}
		c->out_head += (size_t)n;
		c->out_len -= (size_t)n;
	}
	if (!c->out_len)
		c->out_head = 0;
	return c->dead ? -1 : 0;
}

/* Read what is there.  Return: bytes read, 0 if none, -1 on EOF/error. */
int td_conn_read(struct td_conn *c)
{
	ssize_t n;

	if (grow(&c->in, &c->in_cap, c->in_len + READ_CHUNK)) {
		td_log("out of memory for the input buffer");
		c->dead = true;
		return -1;
	}
	do {
		n = read(c->fd, c->in + c->in_len, c->in_cap - c->in_len);
	} while (n < 0 && errno == EINTR);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return 0;
	if (n <= 0) {
		if (td_verbose || n < 0)
			td_log("connection %s", n ? strerror(errno) : "closed by peer");
		c->dead = true;
		return -1;
	}
	c->in_len += (size_t)n;
	return (int)n;
}

void td_conn_consume(struct td_conn *c, size_t n)
{
	memmove(c->in, c->in + n, c->in_len - n);
	c->in_len -= n;
}

static int bad_input(struct td_conn *c, const char *why, const struct usbip_hdr *h)
{
	td_log("malformed %s from the kernel (seq %u): %s; dropping the link",
	       usbip_cmd_name(h->cmd), h->seqnum, why);
	c->dead = true;
	return -1;
}

/*
 * Parse one CMD_SUBMIT whose header is at @msg, with @avail bytes buffered
 * from there.  Return: the bytes it took; 0 if it is not all there yet, and
 * then *@need is its size; -1 if the stream is corrupt.
 */
static long parse_submit(struct td_conn *c, const struct usbip_hdr *h,
			 const uint8_t *msg, size_t avail, size_t *need)
{
	int32_t len = h->u.submit.length, np = h->u.submit.np;
	struct td_urb *urb;
	const uint8_t *p;
	int32_t i;

	if (h->dir > USBIP_DIR_IN || h->ep > 15)
		return bad_input(c, "bad direction or endpoint", h);
	if (len < 0 || (uint32_t)len > TD_MAX_URB_LEN)
		return bad_input(c, "bad transfer_buffer_length", h);
	if (np == -1)
		np = 0;		/* what the protocol text says for non-isoch */
	if (np < 0 || np > TD_MAX_ISOCH_PACKETS)
		return bad_input(c, "bad number_of_packets", h);

	*need = USBIP_HDR_LEN + (size_t)np * USBIP_ISO_DESC_LEN;
	if (h->dir == USBIP_DIR_OUT)
		*need += (size_t)len;
	if (avail < *need)
		return 0;

	urb = calloc(1, sizeof(*urb));
	if (!urb)
		return bad_input(c, "out of memory", h);
	p = msg + USBIP_HDR_LEN;
	if (h->dir == USBIP_DIR_OUT) {
		urb->buf = malloc(len ? (size_t)len : 1);
		if (!urb->buf)
			goto out_of_memory;
		memcpy(urb->buf, p, (size_t)len);
		p += len;
	}
	if (np) {
		urb->isoch = calloc((size_t)np, sizeof(*urb->isoch));
		if (!urb->isoch)
			goto out_of_memory;
		for (i = 0; i < np; i++, p += USBIP_ISO_DESC_LEN) {
			usbip_iso_decode(&urb->isoch[i], p);
			if ((uint64_t)urb->isoch[i].offset + urb->isoch[i].length >
			    (uint64_t)len) {
				td_urb_free(urb);
				return bad_input(c, "isoch packet outside the buffer", h);
			}
		}
	}
	urb->seqnum = h->seqnum;
	urb->tag = h->seqnum;
	urb->dir = h->dir;
	urb->epnum = h->ep;
	urb->flags = h->u.submit.flags;
	urb->length = len;
	urb->np = np;
	urb->interval = h->u.submit.interval;
	memcpy(urb->setup, h->u.submit.setup, 8);
	td_device_submit(c->dev, urb);
	return (long)*need;

out_of_memory:
	td_urb_free(urb);
	return bad_input(c, "out of memory", h);
}

/*
 * Handle every complete message in the input buffer.  Return: 0, or -1 when
 * the stream is corrupt (the connection is then dead).
 */
int td_conn_process_urbs(struct td_conn *c)
{
	size_t off = 0, need = 0;
	int ret = 0;

	while (!c->dead && !c->dev->want_disconnect &&
	       c->in_len - off >= USBIP_HDR_LEN) {
		struct usbip_hdr h;
		long used;

		usbip_hdr_decode(&h, c->in + off);
		if (h.cmd == USBIP_CMD_SUBMIT) {
			used = parse_submit(c, &h, c->in + off,
					    c->in_len - off, &need);
			if (used <= 0) {
				ret = used < 0 ? -1 : 0;
				break;
			}
			need = 0;
		} else if (h.cmd == USBIP_CMD_UNLINK) {
			td_device_unlink(c->dev, h.seqnum, h.u.unlink.seqnum);
			used = USBIP_HDR_LEN;
		} else {
			ret = bad_input(c, "unknown command", &h);
			break;
		}
		off += (size_t)used;
	}
	if (off)
		td_conn_consume(c, off);
	/* room for the whole of a large message that is on its way */
	if (!ret && need && grow(&c->in, &c->in_cap, need + READ_CHUNK)) {
		td_log("out of memory for the input buffer");
		c->dead = true;
		ret = -1;
	}
	return ret;
}

/*
 * The USB/IP transport: one RET_SUBMIT per URB (header, IN data, packet
 * descriptors), with the seqnum games of the hostile catalogue.
 */
static void usbip_complete(struct td_device *dev, struct td_urb *urb,
			   int status, const uint8_t *data, uint32_t actual,
			   int32_t start_frame, int error_count)
{
	uint8_t hdr[USBIP_HDR_LEN], d[USBIP_ISO_DESC_LEN];
	int game = td_seq_game(dev, urb);
	struct usbip_hdr h;
	int i, copies;

	if (game == TD_FAULT_RET_UNKNOWN) {
		/* vhci's seqnums count up from 1; this one was never sent */
		memset(&h, 0, sizeof(h));
		h.cmd = USBIP_RET_SUBMIT;
		h.seqnum = urb->seqnum ^ 0x40000000u;
		usbip_hdr_encode(hdr, &h);
		td_log("fault: RET_SUBMIT for seq %u, never sent", h.seqnum);
		td_conn_queue(dev->conn, hdr, sizeof(hdr));
	}
	memset(&h, 0, sizeof(h));
	h.cmd = USBIP_RET_SUBMIT;
	h.seqnum = urb->seqnum;
	h.u.ret_submit.status = status;
	h.u.ret_submit.actual = (int32_t)actual;
	h.u.ret_submit.start_frame = start_frame;
	h.u.ret_submit.np = urb->isoch ? urb->np : 0;
	h.u.ret_submit.error_count = error_count;
	usbip_hdr_encode(hdr, &h);

	copies = game == TD_FAULT_RET_TWICE ? 2 : 1;
	if (copies == 2)
		td_log("fault: RET_SUBMIT for seq %u sent twice", urb->seqnum);
	while (copies--) {
		td_conn_queue(dev->conn, hdr, sizeof(hdr));
		if (urb->dir == USBIP_DIR_IN && actual)
			td_conn_queue(dev->conn, data, actual);
		for (i = 0; urb->isoch && i < h.u.ret_submit.np; i++) {
			usbip_iso_encode(d, &urb->isoch[i]);
			td_conn_queue(dev->conn, d, sizeof(d));
		}
	}
}

static void usbip_unlinked(struct td_device *dev, uint32_t seqnum,
			   struct td_urb *urb, int status)
{
	uint8_t hdr[USBIP_HDR_LEN];
	struct usbip_hdr r;

	(void)urb;
	memset(&r, 0, sizeof(r));
	r.cmd = USBIP_RET_UNLINK;
	r.seqnum = seqnum;
	r.u.ret_unlink.status = status;
	usbip_hdr_encode(hdr, &r);
	td_conn_queue(dev->conn, hdr, sizeof(hdr));
}

const struct td_transport td_usbip_transport = {
	.name = "USB/IP",
	.complete = usbip_complete,
	.unlinked = usbip_unlinked,
};
