// SPDX-License-Identifier: GPL-2.0
/*
 * Device state, URB queues, unlink, faults, counters
 *
 * Each endpoint keeps its URBs in arrival order and completes them in that
 * order (ep.c decides when the head may complete).  Control URBs complete as
 * soon as they arrive.  An URB leaves its queue either by completing (one
 * RET_SUBMIT) or by being unlinked (one RET_UNLINK with -ECONNRESET and no
 * RET_SUBMIT ever), never both: vhci relies on that.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "testdev.h"

bool td_verbose;

static const struct {
	uint8_t addr;
	uint8_t type;
	uint8_t iface;
} ep_table[TD_EPI_COUNT] = {
	[TD_EPI_BULK_IN]  = { TD_EP_BULK_IN,  2, TD_IFACE_LOOPBACK },
	[TD_EPI_BULK_OUT] = { TD_EP_BULK_OUT, 2, TD_IFACE_LOOPBACK },
	[TD_EPI_INT_IN]   = { TD_EP_INT_IN,   3, TD_IFACE_LOOPBACK },
	[TD_EPI_ISOCH_IN]   = { TD_EP_ISOCH_IN,   1, TD_IFACE_ISOCH },
	[TD_EPI_ISOCH_OUT]  = { TD_EP_ISOCH_OUT,  1, TD_IFACE_ISOCH },
};

uint64_t td_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void td_log(const char *fmt, ...)
{
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	fprintf(stderr, TD_NAME ": %s\n", line);
}

static uint64_t slot_ns(const struct td_device *dev)
{
	return dev->opt->speed == TD_SPEED_FULL ? 1000000 : 125000;
}

uint32_t td_device_slot(const struct td_device *dev, uint64_t now)
{
	return (uint32_t)((now - dev->clock_base) / slot_ns(dev));
}

uint32_t td_device_frame(const struct td_device *dev, uint64_t now)
{
	return (uint32_t)((now - dev->clock_base) / 1000000);
}

struct td_ep *td_device_ep(struct td_device *dev, uint8_t addr)
{
	int i = td_ep_index(addr);

	return i < 0 ? NULL : &dev->ep[i];
}

bool td_ep_active(const struct td_device *dev, const struct td_ep *ep)
{
	if (dev->config != TD_CONFIG_VALUE)
		return false;
	return ep->iface == TD_IFACE_LOOPBACK || dev->isoch_alt == TD_ISOCH_ALT_ON;
}

void td_urb_free(struct td_urb *urb)
{
	free(urb->reply);
	free(urb->buf);
	free(urb->isoch);
	free(urb);
}

static void ep_drop_urbs(struct td_ep *ep)
{
	struct td_urb *urb, *next;

	for (urb = ep->head; urb; urb = next) {
		next = urb->next;
		td_urb_free(urb);
	}
	ep->head = NULL;
	ep->tail = NULL;
}

/* Forget every pending URB without answering: the link is gone. */
void td_device_drop_urbs(struct td_device *dev)
{
	int i;

	for (i = 0; i < TD_EPI_COUNT; i++)
		ep_drop_urbs(&dev->ep[i]);
	while (dev->late_head) {
		struct td_urb *urb = dev->late_head;

		dev->late_head = urb->next;
		td_urb_free(urb);
	}
}

int td_device_set_fault(struct td_device *dev, int kind, uint8_t addr,
			uint32_t arg)
{
	struct td_ep *ep;

	if (kind == TD_FAULT_DISCONNECT) {
		dev->disconnect_after = arg;
		return 0;
	}
	if (td_fault_is_descriptor(kind))
		return -EINVAL;
	if (addr == TD_FAULT_EP0 && kind == TD_FAULT_NONE) {
		dev->ep0_fault = TD_FAULT_NONE;
		return 0;
	}
	if (td_fault_check_ep(kind, addr))
		return -EINVAL;
	if (addr == TD_FAULT_EP0) {
		dev->ep0_fault = kind;
		dev->ep0_fault_arg = arg;
		dev->ep0_fault_count = 0;
		return 0;
	}
	ep = td_device_ep(dev, addr);
	if (!ep)
		return -EINVAL;
	ep->fault = kind;
	ep->fault_arg = arg;
	ep->fault_count = 0;
	return 0;
}

static void ep_reset_stream(struct td_device *dev, struct td_ep *ep)
{
	ep->halted = false;
	ep->slot_valid = false;
	ep->seq = 0;
	ep->next_tick = td_now();
	ep->reports = 0;
	(void)dev;
}

void td_device_set_config(struct td_device *dev, uint8_t value)
{
	int i;

	dev->config = value;
	dev->isoch_alt = TD_ISOCH_ALT_OFF;
	dev->sink_synced = false;
	dev->fifo.head = 0;
	dev->fifo.len = 0;
	for (i = 0; i < TD_EPI_COUNT; i++)
		ep_reset_stream(dev, &dev->ep[i]);
	if (value)
		dev->configured_once = true;
}

void td_device_set_isoch_alt(struct td_device *dev, uint8_t alt)
{
	dev->isoch_alt = alt;
	dev->sink_synced = false;
	ep_reset_stream(dev, &dev->ep[TD_EPI_ISOCH_IN]);
	ep_reset_stream(dev, &dev->ep[TD_EPI_ISOCH_OUT]);
}

/* Back to the state of a freshly plugged device; called on every attach. */
void td_device_reset(struct td_device *dev)
{
	const struct td_options *opt = dev->opt;
	int i;

	td_device_drop_urbs(dev);
	for (i = 0; i < TD_EPI_COUNT; i++) {
		struct td_ep *ep = &dev->ep[i];

		memset(ep, 0, sizeof(*ep));
		ep->addr = ep_table[i].addr;
		ep->type = ep_table[i].type;
		ep->iface = ep_table[i].iface;
		if (ep->type == 2)
			ep->maxp = dev->desc.bulk_maxp;
		else if (ep->type == 3)
			ep->maxp = TD_INT_MAXP;
		else
			ep->maxp = (uint16_t)dev->desc.isoch_bytes;
	}
	memset(&dev->ctr, 0, sizeof(dev->ctr));
	dev->echo_len = 0;
	dev->delay_ms = opt->delay_ms;
	dev->paced = opt->paced;
	dev->remote_wakeup = false;
	dev->clock_base = td_now();
	dev->disconnect_after = -1;
	dev->want_disconnect = false;
	dev->configured_once = false;
	dev->ep0_fault = TD_FAULT_NONE;
	dev->config_reads = 0;
	dev->device_reads = 0;
	td_device_set_config(dev, 0);
	for (i = 0; i < opt->nfaults; i++) {
		const struct td_fault_spec *f = &opt->faults[i];

		if (!td_fault_is_descriptor(f->kind))
			td_device_set_fault(dev, f->kind, f->ep, f->arg);
	}
}

int td_device_init(struct td_device *dev, const struct td_options *opt)
{
	int ret;

	memset(dev, 0, sizeof(*dev));
	dev->opt = opt;
	dev->xport = opt->mode == TD_MODE_USBREDIR ? &td_usbredir_transport :
						    &td_usbip_transport;
	ret = td_descs_build(&dev->desc, opt);
	if (ret)
		return ret;
	dev->fifo.cap = TD_LOOPBACK_FIFO_SIZE;
	dev->fifo.buf = malloc(dev->fifo.cap);
	if (!dev->fifo.buf) {
		td_descs_free(&dev->desc);
		return -ENOMEM;
	}
	td_device_reset(dev);
	return 0;
}

void td_device_cleanup(struct td_device *dev)
{
	td_device_drop_urbs(dev);
	free(dev->fifo.buf);
	td_descs_free(&dev->desc);
}

static void count_completion(struct td_device *dev, const struct td_urb *urb,
			     int status, uint32_t actual, int error_count)
{
	uint8_t addr = (uint8_t)(urb->epnum | (urb->dir ? 0x80 : 0));
	struct td_ep_counters *c;
	struct td_ep *ep;
	int i = td_ep_index(addr);

	if (!urb->epnum || i < 0)
		return;
	ep = &dev->ep[i];
	c = &dev->ctr.ep[i];
	c->urbs++;
	c->bytes += actual;
	if (status)
		c->errors++;
	if (ep->type == 1) {
		c->errors += (uint32_t)error_count;
		if (!status)
			c->packets += (uint32_t)(urb->np - error_count);
	} else if (!status) {
		c->packets += actual ? (actual + ep->maxp - 1) / ep->maxp : 1;
		/* OUT with URB_ZERO_PACKET: a ZLP follows a full last packet. */
		if (urb->dir == USBIP_DIR_OUT && actual && !(actual % ep->maxp) &&
		    (urb->flags & USBIP_URB_ZERO_PACKET))
			c->packets++;
	}
	if (!status && ep->fault == TD_FAULT_STALL && ep->fault_arg)
		ep->fault_arg--;
}

/*
 * The seqnum games (ret-unknown, ret-twice): which one this completion
 * plays, counting completions of the endpoint (or of the EP 0 target
 * requests, which ctrl.c marks as targets).
 */
int td_seq_game(struct td_device *dev, const struct td_urb *urb)
{
	uint8_t addr = (uint8_t)(urb->epnum | (urb->dir ? 0x80 : 0));
	uint32_t *count, arg;
	int kind;

	if (!urb->epnum) {
		if (!urb->target)
			return 0;
		kind = dev->ep0_fault;
		count = &dev->ep0_fault_count;
		arg = dev->ep0_fault_arg;
	} else {
		struct td_ep *ep = td_device_ep(dev, addr);

		if (!ep)
			return 0;
		kind = ep->fault;
		count = &ep->fault_count;
		arg = ep->fault_arg;
	}
	if (kind != TD_FAULT_RET_UNKNOWN && kind != TD_FAULT_RET_TWICE)
		return 0;
	return (*count)++ == arg ? kind : 0;
}

/*
 * Answer @urb through the transport and free it.  @data holds @actual bytes
 * for IN transfers (packed packet data for isochronous ones); urb->isoch, if
 * any, holds the packets' results.
 */
void td_complete(struct td_device *dev, struct td_urb *urb, int status,
		 const uint8_t *data, uint32_t actual, int32_t start_frame,
		 int error_count)
{
	if (td_verbose)
		td_log("ret   seq %u ep %u%s status %d actual %u np %d errors %d frame %d",
		       urb->seqnum, urb->epnum, urb->dir ? "in" : "out", status,
		       actual, urb->isoch ? urb->np : 0, error_count, start_frame);
	count_completion(dev, urb, status, actual, error_count);
	dev->xport->complete(dev, urb, status, data, actual, start_frame,
			     error_count);
	if (urb->unlink_held)
		dev->xport->unlinked(dev, urb->unlink_seq, NULL, 0);
	td_urb_free(urb);
}

/*
 * Take in one URB, filled in by the transport (seqnum, dir, epnum, flags,
 * length, np, interval, setup, buf, isoch, tag); it now belongs to the
 * device.
 */
void td_device_submit(struct td_device *dev, struct td_urb *urb)
{
	uint64_t now = td_now();
	struct td_ep *ep;
	uint8_t addr;

	dev->ctr.urbs_received++;
	if (dev->disconnect_after >= 0 && dev->disconnect_after-- == 0) {
		td_log("fault: disconnecting at URB seq %u", urb->seqnum);
		dev->want_disconnect = true;
		td_urb_free(urb);
		return;
	}
	if (!urb->isoch)
		urb->np = 0;

	if (td_verbose)
		td_log("submit seq %u ep %u%s len %d np %d flags 0x%x",
		       urb->seqnum, urb->epnum, urb->dir ? "in" : "out",
		       urb->length, urb->np, urb->flags);

	if (urb->epnum == 0) {
		td_ctrl_handle(dev, urb);
		return;
	}

	addr = (uint8_t)(urb->epnum | (urb->dir == USBIP_DIR_IN ? 0x80 : 0));
	ep = td_device_ep(dev, addr);
	if (ep && ep->fault == TD_FAULT_HANGUP &&
	    ep->fault_count++ >= ep->fault_arg) {
		td_log("fault: hanging up at URB seq %u on 0x%02x", urb->seqnum,
		       addr);
		dev->want_disconnect = true;
		td_urb_free(urb);
		return;
	}
	if (!ep || !td_ep_active(dev, ep) || (ep->type == 1) != !!urb->isoch) {
		td_log("URB seq %u for endpoint 0x%02x, which is not active",
		       urb->seqnum, addr);
		td_complete(dev, urb, -EPIPE, NULL, 0, 0, 0);
		return;
	}
	urb->not_before = now + (uint64_t)dev->delay_ms * 1000000;
	if (urb->immediate)
		urb->not_before = now;
	if (ep->fault == TD_FAULT_LATE)
		urb->not_before = now + (uint64_t)(ep->fault_arg ?
						   ep->fault_arg : 2000) * 1000000;
	if (ep->type == 1)
		td_ep_schedule(dev, ep, urb, now);
	if (ep->tail)
		ep->tail->next = urb;
	else
		ep->head = urb;
	ep->tail = urb;
}

/* Take the URB @seqnum out of @ep's queue; NULL if it is not there. */
static struct td_urb *ep_take(struct td_ep *ep, uint32_t seqnum)
{
	struct td_urb **pp, *prev = NULL;

	for (pp = &ep->head; *pp; prev = *pp, pp = &(*pp)->next) {
		struct td_urb *urb = *pp;

		if (urb->seqnum != seqnum)
			continue;
		*pp = urb->next;
		if (ep->tail == urb)
			ep->tail = prev;
		urb->next = NULL;
		return urb;
	}
	return NULL;
}

/*
 * The late fault: an unlink of an URB that will be answered late is itself
 * answered only after that URB's RET_SUBMIT (status 0: "already done").
 */
static bool hold_unlink(struct td_device *dev, uint32_t seqnum, uint32_t target)
{
	struct td_urb *urb;
	int i;

	for (urb = dev->late_head; urb; urb = urb->next)
		if (urb->seqnum == target)
			goto hold;
	for (i = 0; i < TD_EPI_COUNT; i++) {
		if (dev->ep[i].fault != TD_FAULT_LATE)
			continue;
		for (urb = dev->ep[i].head; urb; urb = urb->next)
			if (urb->seqnum == target)
				goto hold;
	}
	return false;
hold:
	td_log("fault: unlink of seq %u held until it is answered",
	       urb->seqnum);
	urb->unlink_held = true;
	urb->unlink_seq = seqnum;
	return true;
}

/* Unlink request @seqnum for the URB @target. */
void td_device_unlink(struct td_device *dev, uint32_t seqnum, uint32_t target)
{
	int i;

	dev->ctr.unlinks_received++;
	if (hold_unlink(dev, seqnum, target))
		return;
	for (i = 0; i < TD_EPI_COUNT; i++) {
		struct td_urb *urb = ep_take(&dev->ep[i], target);

		if (urb && dev->ep[i].fault == TD_FAULT_UNLINK_LATE) {
			/* complete it anyway, then say it was unlinked */
			td_log("fault: seq %u completed although unlinked",
			       urb->seqnum);
			if (urb->isoch)
				for (int j = 0; j < urb->np; j++) {
					urb->isoch[j].actual = 0;
					urb->isoch[j].status = 0;
				}
			td_complete(dev, urb, 0, NULL, 0, 0, 0);
			dev->xport->unlinked(dev, seqnum, NULL, -ECONNRESET);
			return;
		}
		if (urb) {
			dev->ctr.unlinks_pending++;
			if (td_verbose)
				td_log("unlink seq %u (of %u): was pending",
				       seqnum, target);
			dev->xport->unlinked(dev, seqnum, urb, -ECONNRESET);
			td_urb_free(urb);
			return;
		}
	}
	if (td_verbose)
		td_log("unlink seq %u (of %u): already done", seqnum, target);
	dev->xport->unlinked(dev, seqnum, NULL, 0);
}

/* The pending URB the transport tagged @tag, or NULL. */
struct td_urb *td_device_find_tag(struct td_device *dev, uint64_t tag)
{
	struct td_urb *urb;
	int i;

	for (i = 0; i < TD_EPI_COUNT; i++)
		for (urb = dev->ep[i].head; urb; urb = urb->next)
			if (urb->tag == tag)
				return urb;
	for (urb = dev->late_head; urb; urb = urb->next)
		if (urb->tag == tag)
			return urb;
	return NULL;
}

/*
 * Complete whatever can complete now.  Return: the CLOCK_MONOTONIC time at
 * which something might next be able to, or UINT64_MAX.
 */
uint64_t td_device_run(struct td_device *dev)
{
	uint64_t now = td_now(), deadline = UINT64_MAX;
	bool progress;
	int i;

	do {
		progress = false;
		for (i = 0; i < TD_EPI_COUNT; i++)
			while (dev->ep[i].head &&
			       td_ep_service(dev, &dev->ep[i], now, &deadline))
				progress = true;
		if (td_ctrl_run_late(dev, now, &deadline))
			progress = true;
	} while (progress && !dev->want_disconnect);
	return deadline;
}
