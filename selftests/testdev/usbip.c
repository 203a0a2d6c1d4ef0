// SPDX-License-Identifier: GPL-2.0
/*
 * The USB/IP 1.1.1 wire format, device side
 *
 * Everything on the wire is big-endian.  The URB stream is made of 48-byte
 * headers (20 bytes common to all four commands, then 28 bytes that depend
 * on the command), each followed by data and, for isochronous URBs, 16-byte
 * packet descriptors.  The op phase of the TCP server uses an 8-byte common
 * header and the 312-byte device record.
 */
#include <stdio.h>
#include <string.h>

#include "testdev.h"

uint32_t usbip_get_be32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	       (uint32_t)b[2] << 8 | b[3];
}

uint16_t usbip_get_be16(const uint8_t *b)
{
	return (uint16_t)(b[0] << 8 | b[1]);
}

static void put_be32(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)(v >> 24);
	b[1] = (uint8_t)(v >> 16);
	b[2] = (uint8_t)(v >> 8);
	b[3] = (uint8_t)v;
}

static void put_be16(uint8_t *b, uint16_t v)
{
	b[0] = (uint8_t)(v >> 8);
	b[1] = (uint8_t)v;
}

void usbip_hdr_decode(struct usbip_hdr *h, const uint8_t *b)
{
	memset(h, 0, sizeof(*h));
	h->cmd = usbip_get_be32(b);
	h->seqnum = usbip_get_be32(b + 4);
	h->devid = usbip_get_be32(b + 8);
	h->dir = usbip_get_be32(b + 12);
	h->ep = usbip_get_be32(b + 16);
	b += 20;
	switch (h->cmd) {
	case USBIP_CMD_SUBMIT:
		h->u.submit.flags = usbip_get_be32(b);
		h->u.submit.length = (int32_t)usbip_get_be32(b + 4);
		h->u.submit.start_frame = (int32_t)usbip_get_be32(b + 8);
		h->u.submit.np = (int32_t)usbip_get_be32(b + 12);
		h->u.submit.interval = (int32_t)usbip_get_be32(b + 16);
		memcpy(h->u.submit.setup, b + 20, 8);
		break;
	case USBIP_RET_SUBMIT:
		h->u.ret_submit.status = (int32_t)usbip_get_be32(b);
		h->u.ret_submit.actual = (int32_t)usbip_get_be32(b + 4);
		h->u.ret_submit.start_frame = (int32_t)usbip_get_be32(b + 8);
		h->u.ret_submit.np = (int32_t)usbip_get_be32(b + 12);
		h->u.ret_submit.error_count = (int32_t)usbip_get_be32(b + 16);
		break;
	case USBIP_CMD_UNLINK:
		h->u.unlink.seqnum = usbip_get_be32(b);
		break;
	case USBIP_RET_UNLINK:
		h->u.ret_unlink.status = (int32_t)usbip_get_be32(b);
		break;
	}
}

void usbip_hdr_encode(uint8_t *b, const struct usbip_hdr *h)
{
	memset(b, 0, USBIP_HDR_LEN);
	put_be32(b, h->cmd);
	put_be32(b + 4, h->seqnum);
	put_be32(b + 8, h->devid);
	put_be32(b + 12, h->dir);
	put_be32(b + 16, h->ep);
	b += 20;
	switch (h->cmd) {
	case USBIP_CMD_SUBMIT:
		put_be32(b, h->u.submit.flags);
		put_be32(b + 4, (uint32_t)h->u.submit.length);
		put_be32(b + 8, (uint32_t)h->u.submit.start_frame);
		put_be32(b + 12, (uint32_t)h->u.submit.np);
		put_be32(b + 16, (uint32_t)h->u.submit.interval);
		memcpy(b + 20, h->u.submit.setup, 8);
		break;
	case USBIP_RET_SUBMIT:
		put_be32(b, (uint32_t)h->u.ret_submit.status);
		put_be32(b + 4, (uint32_t)h->u.ret_submit.actual);
		put_be32(b + 8, (uint32_t)h->u.ret_submit.start_frame);
		put_be32(b + 12, (uint32_t)h->u.ret_submit.np);
		put_be32(b + 16, (uint32_t)h->u.ret_submit.error_count);
		break;
	case USBIP_CMD_UNLINK:
		put_be32(b, h->u.unlink.seqnum);
		break;
	case USBIP_RET_UNLINK:
		put_be32(b, (uint32_t)h->u.ret_unlink.status);
		break;
	}
}

void usbip_iso_decode(struct usbip_iso_desc *d, const uint8_t *b)
{
	d->offset = usbip_get_be32(b);
	d->length = usbip_get_be32(b + 4);
	d->actual = usbip_get_be32(b + 8);
	d->status = (int32_t)usbip_get_be32(b + 12);
}

void usbip_iso_encode(uint8_t *b, const struct usbip_iso_desc *d)
{
	put_be32(b, d->offset);
	put_be32(b + 4, d->length);
	put_be32(b + 8, d->actual);
	put_be32(b + 12, (uint32_t)d->status);
}

void usbip_op_encode(uint8_t *b, uint16_t code, uint32_t status)
{
	put_be16(b, USBIP_VERSION);
	put_be16(b + 2, code);
	put_be32(b + 4, status);
}

/*
 * The 312-byte usbip_usb_device record: path[256], busid[32], busnum,
 * devnum, speed (u32 each), idVendor, idProduct, bcdDevice (u16 each), then
 * six u8: bDeviceClass, bDeviceSubClass, bDeviceProtocol,
 * bConfigurationValue, bNumConfigurations, bNumInterfaces.
 *
 * busnum and devnum come from the bus id "B-P"; devnum is fixed at 2.  The
 * usbip tool turns them into the devid it writes to vhci.
 */
void usbip_udev_encode(uint8_t *b, const char *busid, int speed,
		       const uint8_t *dev_desc)
{
	unsigned long busnum = 0;
	const char *p;

	memset(b, 0, USBIP_UDEV_LEN);
	for (p = busid; *p >= '0' && *p <= '9'; p++)
		busnum = busnum * 10 + (unsigned long)(*p - '0');
	if (!busnum || busnum > 0xffff)
		busnum = 1;
	snprintf((char *)b, 256, "/sys/devices/platform/" TD_NAME "/usb%lu/%s",
		 busnum, busid);
	strncpy((char *)b + 256, busid, USBIP_BUSID_LEN - 1);
	put_be32(b + 288, (uint32_t)busnum);
	put_be32(b + 292, 2);
	put_be32(b + 296, (uint32_t)speed);
	put_be16(b + 300, td_get_le16(dev_desc + 8));
	put_be16(b + 302, td_get_le16(dev_desc + 10));
	put_be16(b + 304, td_get_le16(dev_desc + 12));
	b[306] = dev_desc[4];
	b[307] = dev_desc[5];
	b[308] = dev_desc[6];
	b[309] = TD_CONFIG_VALUE;
	b[310] = dev_desc[17];
	b[311] = TD_NUM_IFACES;
}

const char *usbip_cmd_name(uint32_t cmd)
{
	switch (cmd) {
	case USBIP_CMD_SUBMIT:	return "CMD_SUBMIT";
	case USBIP_CMD_UNLINK:	return "CMD_UNLINK";
	case USBIP_RET_SUBMIT:	return "RET_SUBMIT";
	case USBIP_RET_UNLINK:	return "RET_UNLINK";
	}
	return "?";
}
