// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * descriptors.c - walking descriptor buffers: WinUsb_ParseConfigurationDescriptor,
 * WinUsb_ParseDescriptors, and the lookups device.c needs.
 *
 * Pure functions: no I/O, no state.  Every walk stops at the first
 * malformed descriptor (bLength below 2, or running past the buffer), so a
 * broken or hostile device cannot make them loop or read out of bounds.
 */
#include "libwinusb.h"

/* Bytes from @p to @end, 0 if @p is not before @end. */
static size_t wu_remaining(const uint8_t *p, const uint8_t *end)
{
	return p < end ? (size_t)(end - p) : 0;
}

/* @p is a whole descriptor inside [.., @end)? */
static bool wu_desc_fits(const uint8_t *p, const uint8_t *end)
{
	size_t left = wu_remaining(p, end);

	return left >= 2 && p[0] >= 2 && p[0] <= left;
}

const USB_COMMON_DESCRIPTOR *wu_desc_next(const void *buf, size_t len,
					  const USB_COMMON_DESCRIPTOR *d)
{
	const uint8_t *end = (const uint8_t *)buf + len;
	const uint8_t *p = (const uint8_t *)d;

	if (!wu_desc_fits(p, end))
		return NULL;
	p += p[0];
	return wu_desc_fits(p, end) ? (const USB_COMMON_DESCRIPTOR *)p : NULL;
}

/* The first descriptor at @buf, if it is whole. */
static const USB_COMMON_DESCRIPTOR *wu_desc_first(const void *buf, size_t len)
{
	const uint8_t *p = buf;

	return wu_desc_fits(p, p + len) ? (const USB_COMMON_DESCRIPTOR *)p :
					  NULL;
}

static bool wu_is_interface(const USB_COMMON_DESCRIPTOR *d)
{
	return d->bDescriptorType == USB_INTERFACE_DESCRIPTOR_TYPE &&
	       d->bLength >= sizeof(USB_INTERFACE_DESCRIPTOR);
}

const USB_INTERFACE_DESCRIPTOR *wu_desc_find_altsetting(const void *cfg,
							size_t len,
							uint8_t ifnum,
							unsigned int n)
{
	const USB_COMMON_DESCRIPTOR *d;

	for (d = wu_desc_first(cfg, len); d; d = wu_desc_next(cfg, len, d)) {
		const USB_INTERFACE_DESCRIPTOR *id = (const void *)d;

		if (!wu_is_interface(d) || id->bInterfaceNumber != ifnum)
			continue;
		if (n-- == 0)
			return id;
	}
	return NULL;
}

unsigned int wu_desc_list_interfaces(const void *cfg, size_t len,
				     uint8_t *ifnums, unsigned int max)
{
	const USB_COMMON_DESCRIPTOR *d;
	unsigned int n = 0, i;

	for (d = wu_desc_first(cfg, len); d; d = wu_desc_next(cfg, len, d)) {
		const USB_INTERFACE_DESCRIPTOR *id = (const void *)d;

		if (!wu_is_interface(d))
			continue;
		for (i = 0; i < n; i++)
			if (ifnums[i] == id->bInterfaceNumber)
				break;
		if (i < n)
			continue;
		if (n == max)
			break;
		ifnums[n++] = id->bInterfaceNumber;
	}
	return n;
}

const USB_ENDPOINT_DESCRIPTOR *wu_desc_find_endpoint(const void *cfg,
						    size_t len, uint8_t ifnum,
						    uint8_t alt, uint8_t ep)
{
	const USB_COMMON_DESCRIPTOR *d;
	bool inside = false;

	for (d = wu_desc_first(cfg, len); d; d = wu_desc_next(cfg, len, d)) {
		const USB_INTERFACE_DESCRIPTOR *id = (const void *)d;
		const USB_ENDPOINT_DESCRIPTOR *ed = (const void *)d;

		if (wu_is_interface(d)) {
			inside = id->bInterfaceNumber == ifnum &&
				 id->bAlternateSetting == alt;
			continue;
		}
		if (inside && d->bDescriptorType == USB_ENDPOINT_DESCRIPTOR_TYPE &&
		    d->bLength >= sizeof(*ed) && ed->bEndpointAddress == ep)
			return ed;
	}
	return NULL;
}

const USB_INTERFACE_ASSOCIATION_DESCRIPTOR *
wu_desc_find_iad(const void *cfg, size_t len, uint8_t ifnum)
{
	const USB_COMMON_DESCRIPTOR *d;

	for (d = wu_desc_first(cfg, len); d; d = wu_desc_next(cfg, len, d)) {
		const USB_INTERFACE_ASSOCIATION_DESCRIPTOR *iad = (const void *)d;

		if (d->bDescriptorType != USB_INTERFACE_ASSOCIATION_DESCRIPTOR_TYPE ||
		    d->bLength < sizeof(*iad))
			continue;
		if (ifnum >= iad->bFirstInterface &&
		    ifnum - iad->bFirstInterface < iad->bInterfaceCount)
			return iad;
	}
	return NULL;
}

/* -1 matches anything; otherwise the byte must be equal. */
static bool wu_criterion(LONG want, UCHAR have)
{
	return want == -1 || want == (LONG)have;
}

PUSB_INTERFACE_DESCRIPTOR WINAPI
WinUsb_ParseConfigurationDescriptor(PUSB_CONFIGURATION_DESCRIPTOR ConfigurationDescriptor,
				    PVOID StartPosition, LONG InterfaceNumber,
				    LONG AlternateSetting, LONG InterfaceClass,
				    LONG InterfaceSubClass,
				    LONG InterfaceProtocol)
{
	const uint8_t *cfg = (const uint8_t *)ConfigurationDescriptor;
	const uint8_t *p = StartPosition;
	const uint8_t *end;

	if (!cfg)
		return NULL;
	end = cfg + ConfigurationDescriptor->wTotalLength;
	if (!p)
		p = cfg;
	if (p < cfg || p >= end)
		return NULL;

	for (; wu_desc_fits(p, end); p += p[0]) {
		const USB_COMMON_DESCRIPTOR *d = (const void *)p;
		USB_INTERFACE_DESCRIPTOR *id = (void *)p;

		if (!wu_is_interface(d))
			continue;
		if (wu_criterion(InterfaceNumber, id->bInterfaceNumber) &&
		    wu_criterion(AlternateSetting, id->bAlternateSetting) &&
		    wu_criterion(InterfaceClass, id->bInterfaceClass) &&
		    wu_criterion(InterfaceSubClass, id->bInterfaceSubClass) &&
		    wu_criterion(InterfaceProtocol, id->bInterfaceProtocol))
			return id;
	}
	return NULL;
}

PUSB_COMMON_DESCRIPTOR WINAPI WinUsb_ParseDescriptors(PVOID DescriptorBuffer,
						      ULONG TotalLength,
						      PVOID StartPosition,
						      LONG DescriptorType)
{
	const uint8_t *buf = DescriptorBuffer;
	const uint8_t *p = StartPosition;
	const uint8_t *end;

	if (!buf)
		return NULL;
	end = buf + TotalLength;
	if (!p)
		p = buf;
	if (p < buf || p >= end)
		return NULL;

	for (; wu_desc_fits(p, end); p += p[0]) {
		if (DescriptorType == -1 || (LONG)p[1] == DescriptorType)
			return (PUSB_COMMON_DESCRIPTOR)p;
	}
	return NULL;
}
