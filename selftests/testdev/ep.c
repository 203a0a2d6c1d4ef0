// SPDX-License-Identifier: GPL-2.0
/*
 * What each endpoint does, and when
 *
 *  TD_EP_BULK_OUT  writes into the loopback FIFO; waits (NAKs) while full
 *  TD_EP_BULK_IN   reads min(length, available) bytes; waits while empty
 *  TD_EP_INT_IN    one 8-byte report per TD_INT_PERIOD_US, real time
 *  TD_EP_ISOCH_IN    pattern source, one packet per service interval
 *  TD_EP_ISOCH_OUT   pattern sink
 *
 * The bus clock: slot n starts n slot lengths after attach, a slot being a
 * 1 ms frame at full speed and a 125 us microframe at high and SuperSpeed.
 * An isochronous URB is scheduled when it arrives: right after the previous
 * URB of its endpoint, or in the current slot when that one is already past
 * (it came late, or it is the first: "ASAP").  Its packets take one slot
 * every 2^(bInterval-1).  When paced, it completes once its last slot has
 * elapsed; otherwise at once.  RET_SUBMIT.start_frame is its first slot in
 * 1 ms frames.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "testdev.h"

static struct td_urb *ep_pop(struct td_ep *ep)
{
	struct td_urb *urb = ep->head;

	ep->head = urb->next;
	if (!ep->head)
		ep->tail = NULL;
	urb->next = NULL;
	return urb;
}

/* Does the endpoint's "every N-th" fault @kind hit this transfer/packet? */
static bool fault_hits(struct td_ep *ep, int kind)
{
	uint32_t n;

	if (ep->fault != kind)
		return false;
	n = ep->fault_arg > 1 ? ep->fault_arg : 1;
	return ep->fault_count++ % n == n - 1;
}

static uint32_t interval_slots(const struct td_device *dev)
{
	return 1u << (dev->opt->isoch_interval - 1);
}

static int32_t slot_to_frame(const struct td_device *dev, uint32_t slot)
{
	if (dev->opt->speed == TD_SPEED_FULL)
		return (int32_t)slot;
	return (int32_t)(slot >> 3);
}

static uint64_t slot_time(const struct td_device *dev, uint32_t slot)
{
	uint64_t len = dev->opt->speed == TD_SPEED_FULL ? 1000000 : 125000;

	return dev->clock_base + (uint64_t)slot * len;
}

void td_ep_schedule(struct td_device *dev, struct td_ep *ep,
		    struct td_urb *urb, uint64_t now)
{
	uint32_t cur = td_device_slot(dev, now), step = interval_slots(dev);
	uint32_t start, np = urb->np > 0 ? (uint32_t)urb->np : 1;

	if (!ep->slot_valid || (int32_t)(ep->next_slot - cur) < 0)
		start = cur;
	else
		start = ep->next_slot;
	urb->slot = start;
	ep->next_slot = start + np * step;
	ep->slot_valid = true;
	if (dev->paced && !urb->immediate) {
		uint64_t end = slot_time(dev, start + (np - 1) * step + 1);

		if (end > urb->not_before)
			urb->not_before = end;
	}
}

static size_t fifo_read(struct td_fifo *f, uint8_t *dst, size_t n)
{
	size_t first;

	if (n > f->len)
		n = f->len;
	first = f->cap - f->head;
	if (first > n)
		first = n;
	memcpy(dst, f->buf + f->head, first);
	memcpy(dst + first, f->buf, n - first);
	f->head = (f->head + n) % f->cap;
	f->len -= n;
	return n;
}

static size_t fifo_write(struct td_fifo *f, const uint8_t *src, size_t n)
{
	size_t tail = (f->head + f->len) % f->cap, first;

	if (n > f->cap - f->len)
		n = f->cap - f->len;
	first = f->cap - tail;
	if (first > n)
		first = n;
	memcpy(f->buf + tail, src, first);
	memcpy(f->buf, src + first, n - first);
	f->len += n;
	return n;
}

/* Common end of bulk and interrupt IN: short-packet and babble faults. */
static void complete_in(struct td_device *dev, struct td_ep *ep,
			const uint8_t *data, uint32_t n)
{
	struct td_urb *urb = ep_pop(ep);
	int status = 0;

	if ((urb->flags & USBIP_URB_SHORT_NOT_OK) && n < (uint32_t)urb->length)
		status = -EREMOTEIO;
	td_complete(dev, urb, status, data, n, 0, 0);
}

/*
 * overrun: complete at once with N (default 1) bytes more than the URB
 * asked for.  vhci_hcd refuses an actual_length above the buffer and drops
 * the link; the bytes are there in case a host takes them.
 */
static bool overrun_in(struct td_device *dev, struct td_ep *ep)
{
	uint32_t n = (uint32_t)ep->head->length +
		     (ep->fault_arg ? ep->fault_arg : 1);
	uint8_t *data = malloc(n);
	struct td_urb *urb;

	if (!data) {
		dev->want_disconnect = true;
		return false;
	}
	urb = ep_pop(ep);
	memset(data, 0xa5, n);
	td_log("fault: %u bytes for an URB of %d on 0x%02x", n, urb->length,
	       ep->addr);
	td_complete(dev, urb, 0, data, n, 0, 0);
	free(data);
	return true;
}

static bool bulk_in(struct td_device *dev, struct td_ep *ep)
{
	struct td_urb *urb = ep->head;
	uint32_t len = (uint32_t)urb->length, n;
	uint8_t *data;

	if (len && !dev->fifo.len)
		return false;	/* NAK until BULK_OUT brings data */
	if (fault_hits(ep, TD_FAULT_BABBLE)) {
		td_complete(dev, ep_pop(ep), -EOVERFLOW, NULL, 0, 0, 0);
		return true;
	}
	n = len < dev->fifo.len ? len : (uint32_t)dev->fifo.len;
	if (fault_hits(ep, TD_FAULT_SHORT)) {
		uint32_t limit = ep->maxp / 2;

		if (len && limit > len - 1)
			limit = len - 1;
		if (n > limit)
			n = limit;
	}
	data = malloc(n ? n : 1);
	if (!data) {
		dev->want_disconnect = true;
		return false;
	}
	fifo_read(&dev->fifo, data, n);
	complete_in(dev, ep, data, n);
	free(data);
	return true;
}

static bool bulk_out(struct td_device *dev, struct td_ep *ep)
{
	struct td_urb *urb = ep->head;
	uint32_t len = (uint32_t)urb->length, n;

	if (urb->done < len) {
		n = (uint32_t)fifo_write(&dev->fifo, urb->buf + urb->done,
					 len - urb->done);
		urb->done += n;
		if (urb->done < len)
			return n > 0;	/* the rest waits for room */
	}
	td_complete(dev, ep_pop(ep), 0, NULL, len, 0, 0);
	return true;
}

static bool int_in(struct td_device *dev, struct td_ep *ep, uint64_t now,
		   uint64_t *deadline)
{
	uint32_t len = (uint32_t)ep->head->length, n;
	uint8_t report[TD_INT_REPORT_LEN];

	if (now < ep->next_tick) {
		if (ep->next_tick < *deadline)
			*deadline = ep->next_tick;
		return false;
	}
	ep->next_tick += TD_INT_PERIOD_US * 1000ull;
	if (ep->next_tick < now)
		ep->next_tick = now;
	if (fault_hits(ep, TD_FAULT_BABBLE)) {
		td_complete(dev, ep_pop(ep), -EOVERFLOW, NULL, 0, 0, 0);
		return true;
	}
	td_put_le32(report, ep->reports++);
	td_put_le32(report + 4, 0);
	n = len < sizeof(report) ? len : sizeof(report);
	if (fault_hits(ep, TD_FAULT_SHORT) && n > TD_INT_REPORT_LEN / 2)
		n = TD_INT_REPORT_LEN / 2;
	complete_in(dev, ep, report, n);
	return true;
}

/*
 * The isochronous IN lies.  The packets were filled honestly and packed
 * back to back (@total bytes); now their descriptors lie, always so that
 * the actual lengths still add up to the URB's total (vhci_hcd checks
 * that) and every offset stays inside the URB's buffer.  When the packets
 * fill the buffer, vhci_hcd's usbip_pad_iso() moves nothing; when it
 * does move packets, it trusts these offsets (see Documentation/testdev.rst
 * about offsets outside the buffer, which we never send).  Return the new
 * total.
 */
static uint32_t isoch_lie(struct td_ep *ep, struct td_urb *urb, uint32_t total)
{
	struct usbip_iso_desc *d = urb->isoch;
	uint32_t np = (uint32_t)urb->np, p = ep->fault_arg ? ep->fault_arg : 1;
	uint32_t i, tmp;

	if (!np)
		return total;
	/* the lying packet, and a neighbour after it where one is needed */
	if (p + 1 >= np)
		p = np >= 2 ? np - 2 : 0;
	switch (ep->fault) {
	case TD_FAULT_ISOCH_PILE:
	case TD_FAULT_ISOCH_PILE_LENGTH:
		for (i = 0; i + 1 < np; i++)
			d[i].actual = 0;
		d[np - 1].actual = total;
		if (ep->fault == TD_FAULT_ISOCH_PILE_LENGTH)
			d[np - 1].length = total;
		break;
	case TD_FAULT_ISOCH_OVERLONG:
		if (np < 2)
			break;
		/* half of packet p+1's bytes move to packet p */
		tmp = d[p + 1].actual / 2;
		d[p].actual += tmp;
		d[p + 1].actual -= tmp;
		break;
	case TD_FAULT_ISOCH_LENGTH:
		d[p].length *= 2;
		break;
	case TD_FAULT_ISOCH_OFFSET:
		if (np < 2)
			break;
		tmp = d[p].offset;
		d[p].offset = d[p + 1].offset;
		d[p + 1].offset = tmp;
		break;
	case TD_FAULT_ISOCH_FEWER:
		tmp = ep->fault_arg ? ep->fault_arg : 1;
		if (tmp > np)
			tmp = np;
		for (i = np - tmp; i < np; i++)
			total -= d[i].actual;
		urb->np = (int32_t)(np - tmp);
		break;
	}
	return total;
}

static bool isoch_in(struct td_device *dev, struct td_ep *ep)
{
	struct td_urb *urb = ep->head;
	uint32_t step = interval_slots(dev), total = 0, i;
	int errors = 0;
	uint8_t *data;

	for (i = 0; i < (uint32_t)urb->np; i++)
		total += urb->isoch[i].length;
	data = malloc(total ? total : 1);
	if (!data) {
		dev->want_disconnect = true;
		return false;
	}
	total = 0;
	for (i = 0; i < (uint32_t)urb->np; i++) {
		struct usbip_iso_desc *d = &urb->isoch[i];
		uint32_t len = d->length, seq = ep->seq++;

		d->status = 0;
		if (fault_hits(ep, TD_FAULT_XDEV))
			d->status = -EXDEV;
		else if (fault_hits(ep, TD_FAULT_BABBLE))
			d->status = -EOVERFLOW;
		else if (fault_hits(ep, TD_FAULT_SHORT))
			len /= 2;
		if (d->status) {
			errors++;
			len = 0;
		}
		td_isoch_fill(data + total, len, seq, urb->slot + i * step);
		d->actual = len;
		total += len;
	}
	if (ep->fault >= TD_FAULT_ISOCH_PILE && ep->fault <= TD_FAULT_ISOCH_FEWER) {
		int32_t np = urb->np;

		total = isoch_lie(ep, urb, total);
		for (i = (uint32_t)urb->np; i < (uint32_t)np; i++)
			if (urb->isoch[i].status)
				errors--;
	}
	td_complete(dev, ep_pop(ep), 0, data, total,
		    slot_to_frame(dev, urb->slot), errors);
	free(data);
	return true;
}

/* The sink's verdict on one packet it received. */
static void sink_check(struct td_device *dev, const uint8_t *pkt, uint32_t len)
{
	struct td_counters *c = &dev->ctr;
	uint32_t seq;

	if (!len) {
		c->sink_zlps++;
		return;
	}
	c->sink_packets++;
	if (len < TD_ISOCH_HDR_LEN) {
		c->sink_errors++;
		return;
	}
	seq = td_isoch_seq(pkt);
	if (dev->sink_synced && seq != dev->sink_expect)
		c->sink_gaps++;
	dev->sink_synced = true;
	dev->sink_expect = seq + 1;
	if (td_isoch_check(pkt, len) >= 0)
		c->sink_errors++;
}

static bool isoch_out(struct td_device *dev, struct td_ep *ep)
{
	struct td_urb *urb = ep->head;
	uint32_t total = 0, i;
	int errors = 0;

	for (i = 0; i < (uint32_t)urb->np; i++) {
		struct usbip_iso_desc *d = &urb->isoch[i];

		d->status = 0;
		d->actual = 0;
		if (fault_hits(ep, TD_FAULT_XDEV)) {
			d->status = -EXDEV;
			errors++;
			continue;
		}
		sink_check(dev, urb->buf + d->offset, d->length);
		d->actual = d->length;
		total += d->length;
	}
	td_complete(dev, ep_pop(ep), 0, NULL, total,
		    slot_to_frame(dev, urb->slot), errors);
	return true;
}

/*
 * Try to complete the URB at the head of @ep.  Return: true when something
 * moved (the caller tries again), false when the head must wait; then
 * *@deadline is lowered to when waiting may end, if that is known.
 */
bool td_ep_service(struct td_device *dev, struct td_ep *ep, uint64_t now,
		   uint64_t *deadline)
{
	struct td_urb *urb = ep->head;

	if (ep->halted) {
		td_complete(dev, ep_pop(ep), -EPIPE, NULL, 0, 0, 0);
		return true;
	}
	if (ep->fault == TD_FAULT_NAK || ep->fault == TD_FAULT_UNLINK_LATE)
		return false;
	if (ep->fault == TD_FAULT_STALL_ALWAYS) {
		td_complete(dev, ep_pop(ep), -EPIPE, NULL, 0, 0, 0);
		return true;
	}
	if (urb->not_before > now) {
		if (urb->not_before < *deadline)
			*deadline = urb->not_before;
		return false;
	}
	if (ep->fault == TD_FAULT_STALL && !ep->fault_arg) {
		ep->halted = true;
		ep->fault = TD_FAULT_NONE;
		td_complete(dev, ep_pop(ep), -EPIPE, NULL, 0, 0, 0);
		return true;
	}
	if (ep->fault == TD_FAULT_OVERRUN)
		return overrun_in(dev, ep);
	switch (ep->addr) {
	case TD_EP_BULK_IN:
		return bulk_in(dev, ep);
	case TD_EP_BULK_OUT:
		return bulk_out(dev, ep);
	case TD_EP_INT_IN:
		return int_in(dev, ep, now, deadline);
	case TD_EP_ISOCH_IN:
		return isoch_in(dev, ep);
	case TD_EP_ISOCH_OUT:
		return isoch_out(dev, ep);
	}
	return false;
}
