// SPDX-License-Identifier: GPL-2.0
/*
 * Endpoint 0: standard, vendor and Microsoft OS requests
 *
 * Control URBs complete at once (SET_DELAY and faults do not apply to
 * them).  A request the device does not know, or knows but finds invalid,
 * is answered with a protocol stall: -EPIPE and no data.  An IN data stage
 * is cut to wLength and to the URB's buffer.  vhci_hcd answers SET_ADDRESS
 * itself, so it never arrives here (it is acknowledged if it does).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "testdev.h"

#define REQ_GET_STATUS		0x00
#define REQ_CLEAR_FEATURE	0x01
#define REQ_SET_FEATURE		0x03
#define REQ_SET_ADDRESS		0x05
#define REQ_GET_DESCRIPTOR	0x06
#define REQ_GET_CONFIGURATION	0x08
#define REQ_SET_CONFIGURATION	0x09
#define REQ_GET_INTERFACE	0x0a
#define REQ_SET_INTERFACE	0x0b
#define REQ_SET_SEL		0x30
#define REQ_SET_ISOCH_DELAY	0x31

#define RECIP_DEVICE		0
#define RECIP_INTERFACE		1
#define RECIP_ENDPOINT		2

#define FEAT_ENDPOINT_HALT	0
#define FEAT_REMOTE_WAKEUP	1

#define TYPE_STANDARD		0
#define TYPE_VENDOR		2

struct ctrl_req {
	uint8_t type;		/* bmRequestType */
	uint8_t req;
	uint16_t value;
	uint16_t index;
	uint16_t length;
	bool in;
	const uint8_t *out;	/* OUT data stage */
	uint32_t out_len;
	const uint8_t *reply;	/* IN data stage */
	uint32_t reply_len;
	uint8_t scratch[64];
};

static void reply_blob(struct ctrl_req *r, const struct td_blob *b)
{
	r->reply = b->data;
	r->reply_len = (uint32_t)b->len;
}

static void reply_scratch(struct ctrl_req *r, uint32_t len)
{
	r->reply = r->scratch;
	r->reply_len = len;
}

static int get_descriptor(struct td_device *dev, struct ctrl_req *r)
{
	struct td_descs *d = &dev->desc;
	uint8_t type = r->value >> 8, index = r->value & 0xff;

	switch (type) {
	case 0x01:
		/* desc-change: every other read differs */
		if (d->device_alt.len && dev->device_reads++ % 2)
			reply_blob(r, &d->device_alt);
		else
			reply_blob(r, &d->device);
		return 0;
	case 0x02:
		if (index)
			return -EPIPE;
		if (d->config_alt.len && dev->config_reads++ % 2)
			reply_blob(r, &d->config_alt);
		else
			reply_blob(r, &d->config);
		return 0;
	case 0x03:
		if (index == TD_STR_MS_OS && (dev->opt->msos & TD_MSOS_10))
			reply_blob(r, &d->ms_os_string);
		else if (index <= TD_STR_IFACE_ISOCH)
			reply_blob(r, &d->strings[index]);
		else
			return -EPIPE;
		return 0;
	case 0x06:
		if (!d->qualifier.len)
			return -EPIPE;
		reply_blob(r, &d->qualifier);
		return 0;
	case 0x0f:
		reply_blob(r, &d->bos);
		return 0;
	}
	return -EPIPE;		/* other-speed configuration, unknown types */
}

static struct td_ep *request_ep(struct td_device *dev, uint16_t index)
{
	struct td_ep *ep = td_device_ep(dev, (uint8_t)index);

	return ep && td_ep_active(dev, ep) ? ep : NULL;
}

static int feature(struct td_device *dev, struct ctrl_req *r, bool set)
{
	uint8_t recip = r->type & 0x1f;
	struct td_ep *ep;

	switch (recip) {
	case RECIP_DEVICE:
		/* remote wakeup, test mode, U1/U2 enable, LTM enable */
		if (r->value == FEAT_REMOTE_WAKEUP)
			dev->remote_wakeup = set;
		return 0;
	case RECIP_INTERFACE:
		/* function suspend (SuperSpeed) */
		return (r->index & 0xff) < TD_NUM_IFACES ? 0 : -EPIPE;
	case RECIP_ENDPOINT:
		if (r->value != FEAT_ENDPOINT_HALT)
			return -EPIPE;
		if ((r->index & 0x7f) == 0)
			return 0;
		ep = request_ep(dev, r->index);
		if (!ep)
			return -EPIPE;
		ep->halted = set;
		if (!set && ep->fault == TD_FAULT_STALL)
			ep->fault = TD_FAULT_NONE;
		return 0;
	}
	return -EPIPE;
}

static int get_status(struct td_device *dev, struct ctrl_req *r)
{
	uint16_t status = 0;
	struct td_ep *ep;

	switch (r->type & 0x1f) {
	case RECIP_DEVICE:
		status = 0x0001 | (dev->remote_wakeup ? 0x0002 : 0);
		break;
	case RECIP_INTERFACE:
		if ((r->index & 0xff) >= TD_NUM_IFACES)
			return -EPIPE;
		break;
	case RECIP_ENDPOINT:
		if ((r->index & 0x7f) == 0)
			break;
		ep = request_ep(dev, r->index);
		if (!ep)
			return -EPIPE;
		status = ep->halted ? 1 : 0;
		break;
	default:
		return -EPIPE;
	}
	td_put_le16(r->scratch, status);
	reply_scratch(r, 2);
	return 0;
}

static int standard_request(struct td_device *dev, struct ctrl_req *r)
{
	uint8_t iface = r->index & 0xff;

	switch (r->req) {
	case REQ_GET_STATUS:
		return r->in ? get_status(dev, r) : -EPIPE;
	case REQ_CLEAR_FEATURE:
		return r->in ? -EPIPE : feature(dev, r, false);
	case REQ_SET_FEATURE:
		return r->in ? -EPIPE : feature(dev, r, true);
	case REQ_SET_ADDRESS:
	case REQ_SET_SEL:
	case REQ_SET_ISOCH_DELAY:
		return r->in ? -EPIPE : 0;
	case REQ_GET_DESCRIPTOR:
		return r->in ? get_descriptor(dev, r) : -EPIPE;
	case REQ_GET_CONFIGURATION:
		if (!r->in)
			return -EPIPE;
		r->scratch[0] = dev->config;
		reply_scratch(r, 1);
		return 0;
	case REQ_SET_CONFIGURATION:
		if (r->in || (r->value != 0 && r->value != TD_CONFIG_VALUE))
			return -EPIPE;
		td_device_set_config(dev, (uint8_t)r->value);
		return 0;
	case REQ_GET_INTERFACE:
		if (!r->in || !dev->config || iface >= TD_NUM_IFACES)
			return -EPIPE;
		r->scratch[0] = iface == TD_IFACE_ISOCH ? dev->isoch_alt : 0;
		reply_scratch(r, 1);
		return 0;
	case REQ_SET_INTERFACE:
		if (r->in || !dev->config)
			return -EPIPE;
		if (iface == TD_IFACE_LOOPBACK && r->value == 0)
			return 0;
		if (iface != TD_IFACE_ISOCH || r->value > TD_ISOCH_ALT_ON)
			return -EPIPE;
		td_device_set_isoch_alt(dev, (uint8_t)r->value);
		return 0;
	}
	return -EPIPE;
}

static int ms_os_request(struct td_device *dev, struct ctrl_req *r)
{
	uint8_t iface;

	if (!r->in)
		return -EPIPE;
	/* what --msos leaves out stalls, as on a device without it */
	if (!(dev->opt->msos & (r->index == TD_MS_OS_20_DESCRIPTOR ?
				TD_MSOS_20 : TD_MSOS_10)))
		return -EPIPE;
	switch (r->index) {
	case TD_MS_OS_20_DESCRIPTOR:
		reply_blob(r, &dev->desc.ms20_set);
		return 0;
	case TD_MS_OS_10_COMPAT_ID:
		reply_blob(r, &dev->desc.ms10_compat);
		return 0;
	case TD_MS_OS_10_PROPERTIES:
		/* interface in the low byte, or in the high byte as some send */
		iface = r->value & 0xff ? r->value & 0xff : r->value >> 8;
		if (iface >= TD_NUM_IFACES)
			return -EPIPE;
		reply_blob(r, &dev->desc.ms10_props[iface]);
		return 0;
	}
	return -EPIPE;
}

static void get_info(struct td_device *dev, struct ctrl_req *r)
{
	const struct td_options *opt = dev->opt;
	uint64_t now = td_now();
	uint8_t *b = r->scratch;

	memset(b, 0, TD_INFO_SIZE);
	td_put_le32(b, TD_INFO_SIZE);
	td_put_le32(b + 4, TD_PROTO_VERSION);
	b[8] = (uint8_t)opt->speed;
	b[9] = dev->paced;
	b[10] = dev->config;
	b[11] = dev->isoch_alt;
	td_put_le16(b + 12, (uint16_t)opt->isoch_maxp);
	b[14] = (uint8_t)opt->isoch_mult;
	b[15] = (uint8_t)opt->isoch_burst;
	b[16] = (uint8_t)opt->isoch_interval;
	b[17] = opt->mode == TD_MODE_USBREDIR ? TD_TRANSPORT_USBREDIR :
						TD_TRANSPORT_USBIP;
	td_put_le32(b + 20, dev->delay_ms);
	td_put_le32(b + 24, td_device_frame(dev, now));
	td_put_le32(b + 28, td_device_slot(dev, now));
	td_put_le64(b + 32, now);
	reply_scratch(r, TD_INFO_SIZE);
}

static int vendor_request(struct td_device *dev, struct ctrl_req *r)
{
	static uint8_t counters[TD_COUNTERS_SIZE];
	uint8_t recip = r->type & 0x1f;
	struct td_ep *ep;
	uint32_t arg = 0;

	if (recip != RECIP_DEVICE && recip != RECIP_INTERFACE)
		return -EPIPE;
	if (r->req == TD_MS_VENDOR_CODE)
		return ms_os_request(dev, r);

	switch (r->req) {
	case TD_REQ_ECHO_OUT:
		if (r->in || r->out_len > TD_ECHO_MAX)
			return -EPIPE;
		memcpy(dev->echo, r->out, r->out_len);
		dev->echo_len = r->out_len;
		return 0;
	case TD_REQ_ECHO_IN:
		if (!r->in)
			return -EPIPE;
		r->reply = dev->echo;
		r->reply_len = (uint32_t)dev->echo_len;
		return 0;
	case TD_REQ_GET_COUNTERS:
		if (!r->in)
			return -EPIPE;
		dev->ctr.fifo_level = (uint32_t)dev->fifo.len;
		td_counters_encode(counters, &dev->ctr);
		r->reply = counters;
		r->reply_len = sizeof(counters);
		return 0;
	case TD_REQ_RESET_COUNTERS:
		if (r->in)
			return -EPIPE;
		memset(&dev->ctr, 0, sizeof(dev->ctr));
		dev->sink_synced = false;
		return 0;
	case TD_REQ_FORCE_STALL:
		ep = td_device_ep(dev, (uint8_t)r->index);
		if (r->in || !ep)
			return -EPIPE;
		ep->halted = true;
		return 0;
	case TD_REQ_SET_DELAY:
		if (r->in)
			return -EPIPE;
		dev->delay_ms = r->value;
		return 0;
	case TD_REQ_SET_FAULT:
		if (r->in || (r->out_len != 0 && r->out_len != 4))
			return -EPIPE;
		if (r->out_len == 4)
			arg = td_get_le32(r->out);
		if (r->value == TD_FAULT_BAD_DESCRIPTORS)
			return -EPIPE;
		return td_device_set_fault(dev, r->value, (uint8_t)r->index,
					   arg) ? -EPIPE : 0;
	case TD_REQ_SET_PACED:
		if (r->in || r->value > 1)
			return -EPIPE;
		dev->paced = r->value;
		return 0;
	case TD_REQ_GET_INFO:
		if (!r->in)
			return -EPIPE;
		get_info(dev, r);
		return 0;
	}
	return -EPIPE;
}

/* Is @r one of the requests the EP 0 faults apply to? */
static bool fault_target(const struct td_device *dev, const struct ctrl_req *r)
{
	if (((r->type >> 5) & 3) == TYPE_VENDOR)
		return r->req == TD_REQ_ECHO_OUT || r->req == TD_REQ_ECHO_IN;
	/* A late device is also slow to clear a halt. */
	if (dev->ep0_fault == TD_FAULT_LATE && dev->configured_once &&
	    r->type == 0x02 && r->req == REQ_CLEAR_FEATURE && r->value == 0)
		return true;
	return ((r->type >> 5) & 3) == TYPE_STANDARD && r->in &&
	       r->req == REQ_GET_DESCRIPTOR &&
	       r->value == (0x0300 | TD_STR_MANUFACTURER) &&
	       dev->configured_once;
}

/*
 * The late fault on EP 0: keep the answer and send it N ms (default 2000)
 * from now, whatever the host does meanwhile.  Return: false if it could
 * not be kept (the answer then goes now).
 */
static bool answer_late(struct td_device *dev, struct td_urb *urb, int status,
			const uint8_t *data, uint32_t actual)
{
	uint32_t ms = dev->ep0_fault_arg ? dev->ep0_fault_arg : 2000;
	struct td_urb **pp;

	urb->reply = malloc(actual ? actual : 1);
	if (!urb->reply)
		return false;
	if (actual)
		memcpy(urb->reply, data, actual);
	urb->reply_len = actual;
	urb->reply_status = status;
	urb->not_before = td_now() + (uint64_t)ms * 1000000;
	for (pp = &dev->late_head; *pp; pp = &(*pp)->next)
		;
	*pp = urb;
	urb->next = NULL;
	td_log("fault: control seq %u answered in %u ms", urb->seqnum, ms);
	return true;
}

/* Send the late control answers that are due. */
bool td_ctrl_run_late(struct td_device *dev, uint64_t now, uint64_t *deadline)
{
	struct td_urb *urb = dev->late_head;

	if (!urb)
		return false;
	if (urb->not_before > now) {
		if (urb->not_before < *deadline)
			*deadline = urb->not_before;
		return false;
	}
	dev->late_head = urb->next;
	urb->next = NULL;
	td_complete(dev, urb, urb->reply_status, urb->reply, urb->reply_len,
		    0, 0);
	return true;
}

void td_ctrl_handle(struct td_device *dev, struct td_urb *urb)
{
	struct ctrl_req r;
	uint32_t actual = 0;
	int status, fault;

	memset(&r, 0, sizeof(r));
	r.type = urb->setup[0];
	r.req = urb->setup[1];
	r.value = td_get_le16(urb->setup + 2);
	r.index = td_get_le16(urb->setup + 4);
	r.length = td_get_le16(urb->setup + 6);
	r.in = r.type & 0x80;
	if (!r.in) {
		r.out = urb->buf;
		r.out_len = (uint32_t)urb->length;
		if (r.out_len > r.length)
			r.out_len = r.length;
	}
	if (td_verbose)
		td_log("setup %02x %02x %04x %04x %04x", r.type, r.req,
		       r.value, r.index, r.length);

	urb->target = fault_target(dev, &r);
	fault = urb->target ? dev->ep0_fault : TD_FAULT_NONE;
	if (fault == TD_FAULT_HANGUP &&
	    dev->ep0_fault_count++ >= dev->ep0_fault_arg) {
		td_log("fault: hanging up at control seq %u", urb->seqnum);
		dev->want_disconnect = true;
		td_urb_free(urb);
		return;
	}
	if (fault == TD_FAULT_STALL_ALWAYS) {
		td_complete(dev, urb, -EPIPE, NULL, 0, 0, 0);
		return;
	}

	switch ((r.type >> 5) & 3) {
	case TYPE_STANDARD:
		status = standard_request(dev, &r);
		break;
	case TYPE_VENDOR:
		status = vendor_request(dev, &r);
		break;
	default:
		status = -EPIPE;
	}

	if (!status && r.in) {
		actual = r.reply_len;
		if (actual > r.length)
			actual = r.length;
		if (actual > (uint32_t)urb->length)
			actual = (uint32_t)urb->length;
	} else if (!status) {
		actual = r.out_len;
	}
	if (status && td_verbose)
		td_log("setup %02x %02x: stall", r.type, r.req);
	if (fault == TD_FAULT_OVERRUN && r.in && !status) {
		uint8_t more[TD_ECHO_MAX + 512];
		uint32_t n = (uint32_t)urb->length +
			     (dev->ep0_fault_arg ? dev->ep0_fault_arg : 1);

		if (n > sizeof(more))
			n = sizeof(more);
		memset(more, 0xa5, n);
		if (actual)
			memcpy(more, r.reply, actual);
		td_log("fault: %u bytes for a control URB of %d", n,
		       urb->length);
		td_complete(dev, urb, 0, more, n, 0, 0);
		return;
	}
	if (fault == TD_FAULT_LATE && answer_late(dev, urb, status, r.reply,
						  actual))
		return;
	td_complete(dev, urb, status, r.reply, actual, 0, 0);
}
