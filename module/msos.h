/* SPDX-License-Identifier: GPL-2.0 */
/*
 * winusb - Microsoft OS descriptor parsers (msos_parse.c)
 *
 * The parsers take the bytes a device returned and nothing else of the
 * kernel, so that selftests/msos/parse_test.c can run them in userspace on
 * hostile input.  The requests, the per-device cache, sysfs and uevents are
 * in msos.c.
 */
#ifndef WINUSB_MSOS_H
#define WINUSB_MSOS_H

#include <linux/types.h>

#define WINUSB_MSOS_ID_LEN	8	/* compatible ID: 8 ASCII bytes */
#define WINUSB_MSOS_MAX_GUIDS	8	/* GUIDs kept per interface */
#define WINUSB_GUID_STR_LEN	38	/* "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}" */

/* MS OS 2.0 (descriptor set request wIndex) and 1.0 (string, wIndex) */
#define WINUSB_MSOS20_DESCRIPTOR_INDEX	0x07
#define WINUSB_MSOS20_SET_HEADER_SIZE	10
#define WINUSB_MSOS10_STRING_INDEX	0xee
#define WINUSB_MSOS10_STRING_SIZE	18
#define WINUSB_MSOS10_COMPAT_INDEX	0x04
#define WINUSB_MSOS10_PROPS_INDEX	0x05

/**
 * struct winusb_msos_ids - what MS OS descriptors say about one interface
 * @compatible_id: compatible ID ("WINUSB"), "" if none
 * @nguids: entries of @guids
 * @guids: DeviceInterfaceGUID(s), registry text in upper case with braces
 */
struct winusb_msos_ids {
	char compatible_id[WINUSB_MSOS_ID_LEN + 1];
	u8 nguids;
	char guids[WINUSB_MSOS_MAX_GUIDS][WINUSB_GUID_STR_LEN + 1];
};

/**
 * struct winusb_msos_where - the interface a parser is asked about
 * @ifnum: its bInterfaceNumber
 * @assoc_first: bFirstInterface of its interface association, -1 if none
 * @first: it has the lowest interface number of the configuration
 * @config_index: index of the active configuration among the device's
 * @config_value: bConfigurationValue of the active configuration
 */
struct winusb_msos_where {
	u8 ifnum;
	int assoc_first;
	bool first;
	u8 config_index;
	u8 config_value;
};

bool winusb_msos20_find(const u8 *bos, size_t len, u8 *vendor_code,
			u16 *set_len);
bool winusb_msos20_set_ok(const u8 *set, size_t len);
void winusb_msos20_parse(const u8 *set, size_t len,
			 const struct winusb_msos_where *where,
			 struct winusb_msos_ids *ids);
bool winusb_msos10_string_ok(const u8 *desc, size_t len, u8 *vendor_code);
bool winusb_msos10_compat_ok(const u8 *compat, size_t len);
bool winusb_msos10_parse_compat(const u8 *compat, size_t len,
				const struct winusb_msos_where *where,
				struct winusb_msos_ids *ids);
bool winusb_msos10_props_ok(const u8 *props, size_t len);
void winusb_msos10_parse_props(const u8 *props, size_t len,
			       struct winusb_msos_ids *ids);

#endif /* WINUSB_MSOS_H */
