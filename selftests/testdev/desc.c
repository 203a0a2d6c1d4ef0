// SPDX-License-Identifier: GPL-2.0
/*
 * The descriptors of the test device
 *
 * All descriptors are built once at start from the options, as byte blobs
 * that ctrl.c hands out.  They follow the rules for the chosen speed:
 * bulk wMaxPacketSize 64/512/1024; high-speed isochronous wMaxPacketSize
 * bits 12:11 carry the extra transactions; SuperSpeed endpoints are each
 * followed by an endpoint companion; bcdUSB is 2.1 (or 3.2 at SuperSpeed),
 * so the kernel reads the BOS, which carries the Microsoft OS 2.0 platform
 * capability.  The Microsoft OS 1.0 descriptors (string 0xEE, extended
 * compat ID, extended properties) are there too.
 *
 * --fault bad-descriptors[:0:N] breaks some of them on purpose, see
 * Documentation/testdev.rst.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "testdev.h"

#define DT_DEVICE		0x01
#define DT_CONFIG		0x02
#define DT_STRING		0x03
#define DT_INTERFACE		0x04
#define DT_ENDPOINT		0x05
#define DT_QUALIFIER		0x06
#define DT_BOS			0x0f
#define DT_DEVICE_CAP		0x10
#define DT_SS_EP_COMP		0x30

#define CAP_USB20_EXT		0x02
#define CAP_SS_USB		0x03
#define CAP_PLATFORM		0x05

#define XFER_ISOC		1
#define XFER_BULK		2
#define XFER_INT		3

/* MS OS 2.0 descriptor types. */
#define MS20_SET_HEADER		0x00
#define MS20_SUBSET_CONFIG	0x01
#define MS20_SUBSET_FUNCTION	0x02
#define MS20_COMPAT_ID		0x03
#define MS20_REG_PROPERTY	0x04

#define REG_MULTI_SZ		7

/* {D8DD60DF-4589-4CC7-9CD2-659D9E648A9F}, in wire (mixed-endian) order. */
static const uint8_t ms_os_20_uuid[16] = {
	0xdf, 0x60, 0xdd, 0xd8, 0x89, 0x45, 0xc7, 0x4c,
	0x9c, 0xd2, 0x65, 0x9d, 0x9e, 0x64, 0x8a, 0x9f,
};

static const char *const guid_str[TD_NUM_IFACES] = {
	TD_GUID_IFACE0_STR, TD_GUID_IFACE1_STR,
};

/* A small append-only byte writer over a fixed buffer. */
struct wr {
	uint8_t b[2048];
	size_t len;
};

static uint8_t *wr_u8(struct wr *w, uint8_t v)
{
	uint8_t *p = w->b + w->len;

	if (w->len < sizeof(w->b))
		w->b[w->len++] = v;
	return p;
}

static uint8_t *wr_le16(struct wr *w, uint16_t v)
{
	uint8_t *p = w->b + w->len;

	wr_u8(w, (uint8_t)v);
	wr_u8(w, (uint8_t)(v >> 8));
	return p;
}

static uint8_t *wr_le32(struct wr *w, uint32_t v)
{
	uint8_t *p = w->b + w->len;

	wr_le16(w, (uint16_t)v);
	wr_le16(w, (uint16_t)(v >> 16));
	return p;
}

static void wr_bytes(struct wr *w, const void *data, size_t len)
{
	const uint8_t *d = data;
	size_t i;

	for (i = 0; i < len; i++)
		wr_u8(w, d[i]);
}

/* ASCII to UTF-16LE, with @nuls terminating NUL characters. */
static void wr_utf16(struct wr *w, const char *s, int nuls)
{
	while (*s)
		wr_le16(w, (uint8_t)*s++);
	while (nuls--)
		wr_le16(w, 0);
}

static int blob_set(struct td_blob *blob, const struct wr *w)
{
	if (w->len >= sizeof(w->b))
		return -E2BIG;
	blob->data = malloc(w->len ? w->len : 1);
	if (!blob->data)
		return -ENOMEM;
	memcpy(blob->data, w->b, w->len);
	blob->len = w->len;
	return 0;
}

/* The descriptor fault of @kind given on the command line, or NULL. */
const struct td_fault_spec *td_desc_fault(const struct td_options *opt,
					  int kind)
{
	int i;

	for (i = 0; i < opt->nfaults; i++)
		if (opt->faults[i].kind == kind)
			return &opt->faults[i];
	return NULL;
}

/* Does descriptor fault @kind apply to endpoint @addr (default @def)? */
static const struct td_fault_spec *ep_fault(const struct td_options *opt,
					    int kind, uint8_t addr,
					    uint8_t def)
{
	const struct td_fault_spec *f = td_desc_fault(opt, kind);

	if (!f || (f->ep ? f->ep : def) != addr)
		return NULL;
	return f;
}

/* N of descriptor fault @f, or @def when not given. */
static uint32_t fault_n(const struct td_fault_spec *f, uint32_t def)
{
	return f && f->arg ? f->arg : def;
}

/* string-odd: one stray byte after the UTF-16 text, bLength odd. */
static int build_string(struct td_blob *blob, const char *s, bool odd)
{
	struct wr w = { .len = 0 };

	wr_u8(&w, (uint8_t)(2 + 2 * strlen(s) + odd));
	wr_u8(&w, DT_STRING);
	wr_utf16(&w, s, 0);
	if (odd)
		wr_u8(&w, 'X');
	return blob_set(blob, &w);
}

/*
 * An endpoint descriptor, bent by the descriptor faults aimed at it:
 * maxp-zero and maxp-big (default 0x81), interval-zero and interval-max
 * (default 0x83), dup-ep (0x83 takes EP's address, default 0x81).
 */
static void wr_endpoint_opt(struct wr *w, const struct td_options *opt,
			    uint8_t addr, uint8_t attr, uint16_t wmaxp,
			    uint8_t interval)
{
	const struct td_fault_spec *f;
	const uint8_t real = addr;

	if (ep_fault(opt, TD_FAULT_MAXP_ZERO, real, TD_EP_BULK_IN))
		wmaxp = 0;
	if (ep_fault(opt, TD_FAULT_MAXP_BIG, real, TD_EP_BULK_IN))
		wmaxp = (uint16_t)((wmaxp & ~0x7ffu) | 0x7ff);
	if (ep_fault(opt, TD_FAULT_INTERVAL_ZERO, real, TD_EP_INT_IN))
		interval = 0;
	if (ep_fault(opt, TD_FAULT_INTERVAL_MAX, real, TD_EP_INT_IN))
		interval = 255;
	f = td_desc_fault(opt, TD_FAULT_DUP_EP);
	if (f && real == TD_EP_INT_IN)
		addr = f->ep ? f->ep : TD_EP_BULK_IN;
	wr_u8(w, 7);
	wr_u8(w, DT_ENDPOINT);
	wr_u8(w, addr);
	wr_u8(w, attr);
	wr_le16(w, wmaxp);
	wr_u8(w, interval);
}

static void wr_ss_companion(struct wr *w, uint8_t burst, uint8_t attr,
			    uint16_t bytes_per_interval)
{
	wr_u8(w, 6);
	wr_u8(w, DT_SS_EP_COMP);
	wr_u8(w, burst);
	wr_u8(w, attr);
	wr_le16(w, bytes_per_interval);
}

static void wr_interface(struct wr *w, uint8_t num, uint8_t alt,
			 uint8_t neps, uint8_t istr)
{
	wr_u8(w, 9);
	wr_u8(w, DT_INTERFACE);
	wr_u8(w, num);
	wr_u8(w, alt);
	wr_u8(w, neps);
	wr_u8(w, 0xff);		/* vendor specific */
	wr_u8(w, 0x00);
	wr_u8(w, 0x00);
	wr_u8(w, istr);
}

static int build_device(struct td_descs *d, const struct td_options *opt,
			bool alt)
{
	bool super = opt->speed == TD_SPEED_SUPER;
	struct wr w = { .len = 0 };

	wr_u8(&w, 18);
	wr_u8(&w, DT_DEVICE);
	wr_le16(&w, super ? TD_BCD_USB_3 : TD_BCD_USB_2);
	wr_u8(&w, 0x00);	/* class per interface */
	wr_u8(&w, 0x00);
	wr_u8(&w, 0x00);
	wr_u8(&w, super ? 9 : 64);	/* SuperSpeed: 2^9 */
	wr_le16(&w, TD_VID);
	wr_le16(&w, TD_PID);
	wr_le16(&w, TD_BCD_DEVICE + alt);	/* desc-change: "new firmware" */
	wr_u8(&w, TD_STR_MANUFACTURER);
	wr_u8(&w, TD_STR_PRODUCT);
	wr_u8(&w, TD_STR_SERIAL);
	wr_u8(&w, 1);
	return blob_set(alt ? &d->device_alt : &d->device, &w);
}

static int build_qualifier(struct td_descs *d, const struct td_options *opt)
{
	struct wr w = { .len = 0 };

	if (opt->speed != TD_SPEED_HIGH)
		return blob_set(&d->qualifier, &w);
	wr_u8(&w, 10);
	wr_u8(&w, DT_QUALIFIER);
	wr_le16(&w, TD_BCD_USB_2);
	wr_u8(&w, 0x00);
	wr_u8(&w, 0x00);
	wr_u8(&w, 0x00);
	wr_u8(&w, 64);
	wr_u8(&w, 1);
	wr_u8(&w, 0);
	return blob_set(&d->qualifier, &w);
}

/*
 * The configuration descriptor; @alt: the variant desc-change hands out on
 * every other read (interrupt endpoint with another bInterval and max
 * packet, isochronous max packet halved; same wTotalLength).
 */
static int build_config(struct td_descs *d, const struct td_options *opt,
			bool alt)
{
	bool super = opt->speed == TD_SPEED_SUPER;
	bool full = opt->speed == TD_SPEED_FULL;
	const struct td_fault_spec *f;
	struct wr w = { .len = 0 };
	uint16_t isoch_wmaxp, int_maxp = alt ? 2 * TD_INT_MAXP : TD_INT_MAXP;
	uint8_t int_interval, burst, mult, neps = 3, *total;

	if (full)
		d->bulk_maxp = TD_BULK_MAXP_FULL;
	else if (super)
		d->bulk_maxp = TD_BULK_MAXP_SUPER;
	else
		d->bulk_maxp = TD_BULK_MAXP_HIGH;
	/* 1 ms: one frame at full speed, 2^(4-1) microframes otherwise */
	d->int_binterval = full ? 1 : 4;
	d->isoch_wmaxp = (uint16_t)opt->isoch_maxp;
	if (opt->speed == TD_SPEED_HIGH)
		d->isoch_wmaxp |= (uint16_t)((opt->isoch_mult - 1) << 11);
	d->isoch_bytes = opt->isoch_maxp * opt->isoch_mult;
	if (super)
		d->isoch_bytes *= opt->isoch_burst + 1;
	isoch_wmaxp = alt ? (uint16_t)((d->isoch_wmaxp & ~0x7ffu) |
				     ((d->isoch_wmaxp & 0x7ff) / 2 ? : 1)) :
			  d->isoch_wmaxp;
	int_interval = (uint8_t)(d->int_binterval + alt);
	burst = (uint8_t)opt->isoch_burst;
	mult = (uint8_t)(opt->isoch_mult - 1);
	f = td_desc_fault(opt, TD_FAULT_SS_BURST);
	if (f)
		burst = (uint8_t)fault_n(f, 16);
	f = td_desc_fault(opt, TD_FAULT_SS_MULT);
	if (f)
		mult = (uint8_t)fault_n(f, 3);
	f = td_desc_fault(opt, TD_FAULT_NUM_EPS_MORE);
	if (f)
		neps = (uint8_t)(neps + fault_n(f, 1));
	f = td_desc_fault(opt, TD_FAULT_NUM_EPS_FEWER);
	if (f)
		neps = (uint8_t)(neps - fault_n(f, 1));

	wr_u8(&w, 9);
	wr_u8(&w, DT_CONFIG);
	total = wr_le16(&w, 0);
	wr_u8(&w, TD_NUM_IFACES);
	wr_u8(&w, TD_CONFIG_VALUE);
	wr_u8(&w, TD_STR_CONFIG);
	wr_u8(&w, 0xc0);	/* bit 7 is reserved as 1; bit 6: self-powered */
	wr_u8(&w, 1);		/* bMaxPower: the smallest non-zero value */

	wr_interface(&w, TD_IFACE_LOOPBACK, 0, neps, TD_STR_IFACE_LOOPBACK);
	if (opt->bad_descriptors == 2) {
		/* an unknown class-specific descriptor the kernel keeps as extra */
		wr_u8(&w, 5);
		wr_u8(&w, 0x24);
		wr_u8(&w, 0xde);
		wr_u8(&w, 0xad);
		wr_u8(&w, 0x00);
	}
	wr_endpoint_opt(&w, opt, TD_EP_BULK_IN, XFER_BULK, d->bulk_maxp, 0);
	if (super)
		wr_ss_companion(&w, 0, 0, 0);
	wr_endpoint_opt(&w, opt, TD_EP_BULK_OUT, XFER_BULK, d->bulk_maxp, 0);
	if (super)
		wr_ss_companion(&w, 0, 0, 0);
	wr_endpoint_opt(&w, opt, TD_EP_INT_IN, XFER_INT, int_maxp,
			int_interval);
	if (super)
		wr_ss_companion(&w, 0, 0, int_maxp);

	wr_interface(&w, TD_IFACE_ISOCH, TD_ISOCH_ALT_OFF, 0, TD_STR_IFACE_ISOCH);
	wr_interface(&w, TD_IFACE_ISOCH, TD_ISOCH_ALT_ON, 2, TD_STR_IFACE_ISOCH);
	/* asynchronous, data endpoints */
	wr_endpoint_opt(&w, opt, TD_EP_ISOCH_IN, XFER_ISOC | 0x04, isoch_wmaxp,
			(uint8_t)opt->isoch_interval);
	if (super)
		wr_ss_companion(&w, burst, mult, (uint16_t)d->isoch_bytes);
	wr_endpoint_opt(&w, opt, TD_EP_ISOCH_OUT, XFER_ISOC | 0x04, isoch_wmaxp,
			(uint8_t)opt->isoch_interval);
	if (super)
		wr_ss_companion(&w, burst, mult, (uint16_t)d->isoch_bytes);
	if (opt->bad_descriptors == 2) {
		/* a truncated descriptor at the very end */
		wr_u8(&w, 9);
		wr_u8(&w, DT_INTERFACE);
	}
	td_put_le16(total, (uint16_t)w.len);
	f = td_desc_fault(opt, TD_FAULT_TOTAL_SHORT);
	if (f)
		td_put_le16(total, (uint16_t)(w.len - fault_n(f, 7)));
	f = td_desc_fault(opt, TD_FAULT_TOTAL_LONG);
	if (f)
		td_put_le16(total, (uint16_t)(w.len + fault_n(f, 64)));
	return blob_set(alt ? &d->config_alt : &d->config, &w);
}

/* A compatible ID, NUL-padded to 8 bytes ("" is all zeros: none). */
static void wr_compat_id(struct wr *w, const char *id)
{
	char b[8] = { 0 };

	memcpy(b, id, strnlen(id, sizeof(b)));
	wr_bytes(w, b, sizeof(b));
}

/*
 * One function subset of the MS OS 2.0 set: header, compatible ID
 * "WINUSB", registry property DeviceInterfaceGUIDs (REG_MULTI_SZ).
 */
static void wr_ms20_function(struct wr *w, uint8_t iface, int bad, int lie,
			     const char *compat_id)
{
	uint8_t *subset_len;
	size_t start = w->len;

	wr_le16(w, 8);
	wr_le16(w, MS20_SUBSET_FUNCTION);
	wr_u8(w, iface);
	wr_u8(w, 0);
	subset_len = wr_le16(w, 0);

	if (lie == 1) {
		/*
		 * nesting: a configuration subset and a function subset of
		 * the other interface inside this function subset
		 */
		wr_le16(w, 8);
		wr_le16(w, MS20_SUBSET_CONFIG);
		wr_u8(w, 0);
		wr_u8(w, 0);
		wr_le16(w, 0xffff);
		wr_le16(w, 8);
		wr_le16(w, MS20_SUBSET_FUNCTION);
		wr_u8(w, (uint8_t)!iface);
		wr_u8(w, 0);
		wr_le16(w, 8 + 20);
		wr_le16(w, 20);
		wr_le16(w, MS20_COMPAT_ID);
		wr_bytes(w, "EVIL\0\0\0\0\0\0\0\0\0\0\0\0", 16);
	} else if (lie == 2) {
		/*
		 * unterminated: name without NUL, data without NULs, and a
		 * data length that runs past the descriptor
		 */
		wr_le16(w, 10 + 40 + 76);
		wr_le16(w, MS20_REG_PROPERTY);
		wr_le16(w, REG_MULTI_SZ);
		wr_le16(w, 40);
		wr_utf16(w, "DeviceInterfaceGUIDs", 0);
		wr_le16(w, 76);
		wr_utf16(w, guid_str[iface], 0);
		wr_le16(w, 10 + 42 + 8);
		wr_le16(w, MS20_REG_PROPERTY);
		wr_le16(w, REG_MULTI_SZ);
		wr_le16(w, 42);
		wr_utf16(w, "DeviceInterfaceGUIDs", 1);
		wr_le16(w, 0xfff0);
		wr_bytes(w, "{\0A\0B\0C\0", 8);
	} else if (lie == 3) {
		/* descriptors that do not advance: wLength 0, then 3 */
		wr_le16(w, iface ? 0 : 3);
		wr_le16(w, MS20_COMPAT_ID);
	}

	if (*compat_id) {
		wr_le16(w, 20);
		wr_le16(w, MS20_COMPAT_ID);
		wr_compat_id(w, compat_id);
		wr_bytes(w, "\0\0\0\0\0\0\0\0", 8);
	}

	/* 10 + name (21 UTF-16 chars) + data (38 chars + 2 NULs) */
	wr_le16(w, 10 + 42 + 80);
	wr_le16(w, MS20_REG_PROPERTY);
	wr_le16(w, REG_MULTI_SZ);
	wr_le16(w, bad ? 41 : 42);
	wr_utf16(w, "DeviceInterfaceGUIDs", 1);
	wr_le16(w, 80);
	wr_utf16(w, guid_str[iface], 2);

	if (lie == 1) {
		td_put_le16(subset_len, 8);	/* claims it holds nothing */
		return;
	}
	td_put_le16(subset_len, (uint16_t)(bad && iface == 1 ?
					   0xffff : w->len - start));
}

static int build_ms20(struct td_descs *d, const struct td_options *opt)
{
	int bad = opt->bad_descriptors == 1;
	struct wr w = { .len = 0 };
	uint8_t *set_len, *cfg_len;
	size_t cfg_start;
	uint8_t i;

	wr_le16(&w, 10);
	wr_le16(&w, MS20_SET_HEADER);
	wr_le32(&w, TD_MS_OS_20_WIN_VERSION);
	set_len = wr_le16(&w, 0);

	cfg_start = w.len;
	wr_le16(&w, 8);
	wr_le16(&w, MS20_SUBSET_CONFIG);
	wr_u8(&w, 0);		/* configuration index, as Windows reads it */
	wr_u8(&w, 0);
	cfg_len = wr_le16(&w, 0);
	for (i = 0; i < TD_NUM_IFACES; i++)
		wr_ms20_function(&w, i, bad, opt->msos_lie, opt->compat_id[i]);
	td_put_le16(cfg_len, (uint16_t)(w.len - cfg_start));
	td_put_le16(set_len, (uint16_t)(w.len + (bad ? 16 : 0)));
	return blob_set(&d->ms20_set, &w);
}

static int build_bos(struct td_descs *d, const struct td_options *opt)
{
	bool super = opt->speed == TD_SPEED_SUPER;
	struct wr w = { .len = 0 };
	uint8_t *total;

	wr_u8(&w, 5);
	wr_u8(&w, DT_BOS);
	total = wr_le16(&w, 0);
	wr_u8(&w, (super ? 2 : 1) + !!(opt->msos & TD_MSOS_20));

	wr_u8(&w, 7);
	wr_u8(&w, DT_DEVICE_CAP);
	wr_u8(&w, CAP_USB20_EXT);
	wr_le32(&w, 0x02);	/* LPM: USB 2.1 devices must set it */

	if (super) {
		wr_u8(&w, 10);
		wr_u8(&w, DT_DEVICE_CAP);
		wr_u8(&w, CAP_SS_USB);
		wr_u8(&w, 0);		/* no LTM */
		wr_le16(&w, 0x000e);	/* full, high, super */
		wr_u8(&w, 1);		/* fully functional from full speed */
		wr_u8(&w, 0x0a);	/* U1 exit latency, us */
		wr_le16(&w, 0x0020);	/* U2 exit latency, us */
	}

	if (opt->msos & TD_MSOS_20) {
		wr_u8(&w, 28);
		wr_u8(&w, DT_DEVICE_CAP);
		wr_u8(&w, CAP_PLATFORM);
		wr_u8(&w, 0);
		wr_bytes(&w, ms_os_20_uuid, sizeof(ms_os_20_uuid));
		wr_le32(&w, TD_MS_OS_20_WIN_VERSION);
		wr_le16(&w, (uint16_t)d->ms20_set.len);
		wr_u8(&w, TD_MS_VENDOR_CODE);
		wr_u8(&w, 0);	/* no alternate enumeration */
	}

	td_put_le16(total, (uint16_t)w.len);
	return blob_set(&d->bos, &w);
}

/* MS OS 1.0: string 0xEE, extended compat ID, extended properties. */
static int build_ms10(struct td_descs *d, const struct td_options *opt)
{
	int bad = opt->bad_descriptors == 1;
	struct wr w = { .len = 0 };
	uint8_t i;
	int ret;

	wr_u8(&w, 18);
	wr_u8(&w, DT_STRING);
	wr_utf16(&w, "MSFT100", 0);
	wr_u8(&w, TD_MS_VENDOR_CODE);
	wr_u8(&w, 0);
	ret = blob_set(&d->ms_os_string, &w);
	if (ret)
		return ret;

	w.len = 0;
	if (opt->msos_lie == 4) {
		/* 255 functions claimed, the length of one */
		wr_le32(&w, 16 + 24);
		wr_le16(&w, 0x0100);
		wr_le16(&w, TD_MS_OS_10_COMPAT_ID);
		wr_u8(&w, 255);
	} else {
		wr_le32(&w, 16 + 24 * TD_NUM_IFACES + (bad ? 8 : 0));
		wr_le16(&w, 0x0100);
		wr_le16(&w, TD_MS_OS_10_COMPAT_ID);
		wr_u8(&w, bad ? TD_NUM_IFACES + 1 : TD_NUM_IFACES);
	}
	wr_bytes(&w, "\0\0\0\0\0\0\0", 7);
	for (i = 0; i < TD_NUM_IFACES; i++) {
		wr_u8(&w, i);
		wr_u8(&w, 0x01);
		wr_compat_id(&w, opt->compat_id[i]);
		wr_bytes(&w, "\0\0\0\0\0\0\0\0", 8);
		wr_bytes(&w, "\0\0\0\0\0\0", 6);
	}
	ret = blob_set(&d->ms10_compat, &w);
	if (ret)
		return ret;

	for (i = 0; i < TD_NUM_IFACES && opt->msos_lie == 4; i++) {
		/*
		 * 5 properties claimed, one there: its dwSize below its own
		 * fields, a name length past the end, data length ~4 GiB,
		 * the name unterminated.
		 */
		w.len = 0;
		wr_le32(&w, 10 + 14 + 40 + 76);
		wr_le16(&w, 0x0100);
		wr_le16(&w, TD_MS_OS_10_PROPERTIES);
		wr_le16(&w, 5);
		wr_le32(&w, i ? 8 : 14 + 40 + 76);
		wr_le32(&w, REG_MULTI_SZ);
		wr_le16(&w, i ? 0xffff : 40);
		wr_utf16(&w, "DeviceInterfaceGUIDs", 0);
		wr_le32(&w, 0xffffffffu);
		wr_utf16(&w, guid_str[i], 0);
		ret = blob_set(&d->ms10_props[i], &w);
		if (ret)
			return ret;
	}
	for (i = 0; i < TD_NUM_IFACES && opt->msos_lie != 4; i++) {
		w.len = 0;
		wr_le32(&w, 10 + 14 + 42 + 80);
		wr_le16(&w, 0x0100);
		wr_le16(&w, TD_MS_OS_10_PROPERTIES);
		wr_le16(&w, 1);
		wr_le32(&w, 14 + 42 + 80);
		wr_le32(&w, REG_MULTI_SZ);
		wr_le16(&w, bad ? 41 : 42);
		wr_utf16(&w, "DeviceInterfaceGUIDs", 1);
		wr_le32(&w, 80);
		wr_utf16(&w, guid_str[i], 2);
		ret = blob_set(&d->ms10_props[i], &w);
		if (ret)
			return ret;
	}
	return 0;
}

int td_descs_build(struct td_descs *d, const struct td_options *opt)
{
	static const char *const fixed[] = {
		[TD_STR_MANUFACTURER] = TD_MANUFACTURER,
		[TD_STR_PRODUCT] = TD_PRODUCT,
		[TD_STR_CONFIG] = "loopback and isochronous source/sink",
		[TD_STR_IFACE_LOOPBACK] = "bulk loopback, interrupt counter",
		[TD_STR_IFACE_ISOCH] = "isochronous source/sink",
	};
	struct wr w = { .len = 0 };
	int ret, i;

	memset(d, 0, sizeof(*d));
	ret = build_device(d, opt, false);
	if (!ret)
		ret = build_qualifier(d, opt);
	if (!ret)
		ret = build_config(d, opt, false);
	if (!ret && td_desc_fault(opt, TD_FAULT_DESC_CHANGE)) {
		ret = build_device(d, opt, true);
		if (!ret)
			ret = build_config(d, opt, true);
	}
	if (!ret)
		ret = build_ms20(d, opt);
	if (!ret)
		ret = build_bos(d, opt);
	if (!ret)
		ret = build_ms10(d, opt);
	if (ret)
		goto out_free;

	/* string 0: the list of LANGIDs, US English only */
	wr_u8(&w, 4);
	wr_u8(&w, DT_STRING);
	wr_le16(&w, 0x0409);
	ret = blob_set(&d->strings[0], &w);
	for (i = 1; !ret && i <= TD_STR_IFACE_ISOCH; i++)
		ret = build_string(&d->strings[i],
				   i == TD_STR_SERIAL ? opt->serial : fixed[i],
				   td_desc_fault(opt, TD_FAULT_STRING_ODD));
	if (ret)
		goto out_free;
	return 0;

out_free:
	td_descs_free(d);
	return ret;
}

void td_descs_free(struct td_descs *d)
{
	int i;

	free(d->device.data);
	free(d->config.data);
	free(d->bos.data);
	free(d->qualifier.data);
	for (i = 0; i <= TD_STR_IFACE_ISOCH; i++)
		free(d->strings[i].data);
	free(d->ms_os_string.data);
	free(d->ms20_set.data);
	free(d->ms10_compat.data);
	for (i = 0; i < TD_NUM_IFACES; i++)
		free(d->ms10_props[i].data);
	free(d->device_alt.data);
	free(d->config_alt.data);
	memset(d, 0, sizeof(*d));
}
