// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * descriptors_test.c - WinUsb_ParseConfigurationDescriptor (-1 = not a
 * criterion, as usbdlib's USBD_ParseConfigurationDescriptorEx),
 * WinUsb_ParseDescriptors and the internal walkers, on a sample composite
 * configuration and on malformed ones.
 */
#include "wu_test.h"
#include "libwinusb.h"

/*
 * Configuration 1: an IAD over interfaces 0-1; interface 0 with two
 * alternate settings (bulk pair; bulk pair + interrupt IN + a class
 * descriptor), interface 1 (class 0x0A, one bulk IN), interface 2 outside
 * the IAD with no endpoints.
 */
static const UCHAR cfg[] = {
	0x09, 0x02, 0x00, 0x00, 0x03, 0x01, 0x00, 0x80, 0x32,	/* config */
	0x08, 0x0B, 0x00, 0x02, 0xFF, 0x00, 0x00, 0x00,		/* IAD 0-1 */
	0x09, 0x04, 0x00, 0x00, 0x02, 0xFF, 0x01, 0x02, 0x00,	/* if 0 alt 0 */
	0x07, 0x05, 0x81, 0x02, 0x00, 0x02, 0x00,
	0x07, 0x05, 0x02, 0x02, 0x00, 0x02, 0x00,
	0x09, 0x04, 0x00, 0x01, 0x03, 0xFF, 0x01, 0x03, 0x00,	/* if 0 alt 1 */
	0x07, 0x05, 0x81, 0x02, 0x00, 0x02, 0x00,
	0x07, 0x05, 0x02, 0x02, 0x00, 0x02, 0x00,
	0x07, 0x05, 0x83, 0x03, 0x40, 0x00, 0x04,
	0x05, 0x24, 0x01, 0x02, 0x03,				/* class */
	0x09, 0x04, 0x01, 0x00, 0x01, 0x0A, 0x00, 0x00, 0x00,	/* if 1 */
	0x07, 0x05, 0x84, 0x02, 0x40, 0x00, 0x00,
	0x09, 0x04, 0x02, 0x00, 0x00, 0xFE, 0x01, 0x01, 0x00,	/* if 2 */
};

FIXTURE(config) {
	UCHAR buf[sizeof(cfg)];
	PUSB_CONFIGURATION_DESCRIPTOR c;
};

FIXTURE_SETUP(config)
{
	memcpy(self->buf, cfg, sizeof(cfg));
	self->c = (PUSB_CONFIGURATION_DESCRIPTOR)self->buf;
	self->c->wTotalLength = sizeof(cfg);
}

FIXTURE_TEARDOWN(config)
{
}

TEST_F(config, parse_any_interface)
{
	PUSB_INTERFACE_DESCRIPTOR id;

	id = WinUsb_ParseConfigurationDescriptor(self->c, self->c, -1, -1, -1,
						 -1, -1);
	ASSERT_NE(NULL, id);
	EXPECT_EQ(0, id->bInterfaceNumber);
	EXPECT_EQ(0, id->bAlternateSetting);
	EXPECT_EQ(2, id->bNumEndpoints);
	EXPECT_EQ(self->buf + 17, (UCHAR *)id);
}

TEST_F(config, parse_by_each_criterion)
{
	PUSB_INTERFACE_DESCRIPTOR id;

	id = WinUsb_ParseConfigurationDescriptor(self->c, self->c, 0, 1, -1,
						 -1, -1);
	ASSERT_NE(NULL, id);
	EXPECT_EQ(3, id->bNumEndpoints);
	id = WinUsb_ParseConfigurationDescriptor(self->c, self->c, -1, -1, 0x0A,
						 -1, -1);
	ASSERT_NE(NULL, id);
	EXPECT_EQ(1, id->bInterfaceNumber);
	id = WinUsb_ParseConfigurationDescriptor(self->c, self->c, -1, -1, -1,
						 -1, 0x03);
	ASSERT_NE(NULL, id);
	EXPECT_EQ(1, id->bAlternateSetting);
	id = WinUsb_ParseConfigurationDescriptor(self->c, self->c, -1, -1, 0xFE,
						 0x01, 0x01);
	ASSERT_NE(NULL, id);
	EXPECT_EQ(2, id->bInterfaceNumber);
	/* All criteria must hold. */
	EXPECT_EQ(NULL, WinUsb_ParseConfigurationDescriptor(self->c, self->c, 1,
							    -1, 0xFF, -1, -1));
	EXPECT_EQ(NULL, WinUsb_ParseConfigurationDescriptor(self->c, self->c, 5,
							    -1, -1, -1, -1));
}

TEST_F(config, iterate_with_start_position)
{
	PUSB_INTERFACE_DESCRIPTOR id;
	UCHAR *start = self->buf;
	int n = 0;

	while ((id = WinUsb_ParseConfigurationDescriptor(self->c, start, -1,
							 -1, -1, -1, -1))) {
		n++;
		start = (UCHAR *)id + id->bLength;
	}
	EXPECT_EQ(4, n);
	/* Starting at a match returns it. */
	id = WinUsb_ParseConfigurationDescriptor(self->c, self->buf + 17, 0, 0,
						 -1, -1, -1);
	EXPECT_EQ(self->buf + 17, (UCHAR *)id);
}

TEST_F(config, parse_bad_arguments)
{
	EXPECT_EQ(NULL, WinUsb_ParseConfigurationDescriptor(NULL, NULL, -1, -1,
							    -1, -1, -1));
	EXPECT_EQ(NULL, WinUsb_ParseConfigurationDescriptor(self->c,
							    self->buf + sizeof(cfg),
							    -1, -1, -1, -1, -1));
	EXPECT_EQ(NULL, WinUsb_ParseConfigurationDescriptor(self->c,
							    (PVOID)((uintptr_t)self->buf - 1),
							    -1, -1, -1, -1, -1));
	/* A NULL start means the beginning. */
	EXPECT_NE(NULL, WinUsb_ParseConfigurationDescriptor(self->c, NULL, -1,
							    -1, -1, -1, -1));
}

TEST_F(config, malformed_descriptors_stop_the_walk)
{
	/* wTotalLength cuts interface 2 off. */
	self->c->wTotalLength = sizeof(cfg) - 1;
	EXPECT_EQ(NULL, WinUsb_ParseConfigurationDescriptor(self->c, self->c, 2,
							    -1, -1, -1, -1));
	/* bLength 0 in the middle: no loop, nothing beyond it. */
	self->c->wTotalLength = sizeof(cfg);
	self->buf[26] = 0;	/* first endpoint of interface 0 */
	EXPECT_NE(NULL, WinUsb_ParseConfigurationDescriptor(self->c, self->c, 0,
							    0, -1, -1, -1));
	EXPECT_EQ(NULL, WinUsb_ParseConfigurationDescriptor(self->c, self->c, 1,
							    -1, -1, -1, -1));
	EXPECT_EQ(NULL, WinUsb_ParseDescriptors(self->buf, sizeof(cfg),
						self->buf, USB_ENDPOINT_DESCRIPTOR_TYPE));
	/* A short interface descriptor is not an interface descriptor. */
	self->buf[26] = 7;
	self->buf[17] = 5;
	EXPECT_EQ(NULL, WinUsb_ParseDescriptors(self->buf, 17 + 4, self->buf + 17,
						-1));
}

TEST_F(config, parse_descriptors_by_type)
{
	PUSB_COMMON_DESCRIPTOR d;
	UCHAR *start = self->buf;
	int n = 0;

	while ((d = WinUsb_ParseDescriptors(self->buf, sizeof(cfg), start,
					    USB_ENDPOINT_DESCRIPTOR_TYPE))) {
		n++;
		start = (UCHAR *)d + d->bLength;
	}
	EXPECT_EQ(6, n);
	d = WinUsb_ParseDescriptors(self->buf, sizeof(cfg), self->buf, -1);
	EXPECT_EQ((PUSB_COMMON_DESCRIPTOR)self->buf, d);
	d = WinUsb_ParseDescriptors(self->buf, sizeof(cfg), self->buf, 0x24);
	ASSERT_NE(NULL, d);
	EXPECT_EQ(5, d->bLength);
	d = WinUsb_ParseDescriptors(self->buf, sizeof(cfg), self->buf,
				    USB_INTERFACE_ASSOCIATION_DESCRIPTOR_TYPE);
	ASSERT_NE(NULL, d);
	EXPECT_EQ(2, ((PUSB_INTERFACE_ASSOCIATION_DESCRIPTOR)d)->bInterfaceCount);
	EXPECT_EQ(NULL, WinUsb_ParseDescriptors(self->buf, sizeof(cfg),
						self->buf, 0x30));
	EXPECT_EQ(NULL, WinUsb_ParseDescriptors(NULL, 10, NULL, -1));
	/* A descriptor running past TotalLength is not returned. */
	EXPECT_EQ(NULL, WinUsb_ParseDescriptors(self->buf, 8, self->buf, -1));
}

TEST_F(config, internal_walkers)
{
	const USB_INTERFACE_DESCRIPTOR *id;
	const USB_ENDPOINT_DESCRIPTOR *ed;
	uint8_t ifnums[8];

	id = wu_desc_find_altsetting(self->buf, sizeof(cfg), 0, 1);
	ASSERT_NE(NULL, id);
	EXPECT_EQ(1, id->bAlternateSetting);
	EXPECT_EQ(NULL, wu_desc_find_altsetting(self->buf, sizeof(cfg), 0, 2));
	EXPECT_EQ(NULL, wu_desc_find_altsetting(self->buf, sizeof(cfg), 7, 0));

	EXPECT_EQ(3u, wu_desc_list_interfaces(self->buf, sizeof(cfg), ifnums, 8));
	EXPECT_EQ(0, ifnums[0]);
	EXPECT_EQ(1, ifnums[1]);
	EXPECT_EQ(2, ifnums[2]);
	EXPECT_EQ(2u, wu_desc_list_interfaces(self->buf, sizeof(cfg), ifnums, 2));

	EXPECT_NE(NULL, wu_desc_find_iad(self->buf, sizeof(cfg), 1));
	EXPECT_EQ(NULL, wu_desc_find_iad(self->buf, sizeof(cfg), 2));

	ed = wu_desc_find_endpoint(self->buf, sizeof(cfg), 0, 1, 0x83);
	ASSERT_NE(NULL, ed);
	EXPECT_EQ(USB_ENDPOINT_TYPE_INTERRUPT,
		  ed->bmAttributes & USB_ENDPOINT_TYPE_MASK);
	EXPECT_EQ(64, ed->wMaxPacketSize);
	EXPECT_EQ(NULL, wu_desc_find_endpoint(self->buf, sizeof(cfg), 0, 0, 0x83));
	EXPECT_EQ(NULL, wu_desc_find_endpoint(self->buf, sizeof(cfg), 1, 0, 0x81));
	EXPECT_NE(NULL, wu_desc_find_endpoint(self->buf, sizeof(cfg), 1, 0, 0x84));
}

TEST_HARNESS_MAIN
