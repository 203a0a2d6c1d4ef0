// SPDX-License-Identifier: GPL-2.0
/*
 * winusb - Microsoft OS descriptor parsers
 *
 * Everything here reads bytes a device returned, which are untrusted.  Every
 * length and offset is checked against the bytes actually received: a
 * declared length larger than its container is cut to the container, a
 * descriptor that does not fit is not parsed, and every walk moves forward
 * by at least 4 bytes, so a walk ends after at most len / 4 steps.  Nothing
 * here allocates or sleeps.
 *
 * No kernel header but the USB chapter 9 constants when built in userspace
 * (selftests/msos/parse_test.c provides the rest).
 */
#ifdef __KERNEL__
#include <linux/ctype.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <linux/uuid.h>
#endif
#include <linux/usb/ch9.h>

#include "msos.h"

/* BOS platform capability (not in Linux 6.1's ch9.h). */
#define WINUSB_CAP_TYPE_PLATFORM	0x05
/* bLength, bDescriptorType, bDevCapabilityType, bReserved, UUID */
#define WINUSB_PLATFORM_CAP_HDR		20
/* dwWindowsVersion, wMSOSDescriptorSetTotalLength, bMS_VendorCode, bAltEnumCode */
#define WINUSB_MSOS20_INFO_SIZE		8
/* Windows 8.1, the first version that reads MS OS 2.0 descriptors */
#define WINUSB_MSOS20_MIN_WINDOWS	0x06030000

/* MS OS 2.0 descriptor types (wDescriptorType) and sizes */
#define WINUSB_MSOS20_SET_HEADER	0x00
#define WINUSB_MSOS20_SUBSET_CONFIG	0x01
#define WINUSB_MSOS20_SUBSET_FUNCTION	0x02
#define WINUSB_MSOS20_COMPATIBLE_ID	0x03
#define WINUSB_MSOS20_REG_PROPERTY	0x04
#define WINUSB_MSOS20_SUBSET_SIZE	8
#define WINUSB_MSOS20_COMPAT_SIZE	20
/* wLength, wDescriptorType, wPropertyDataType, wPropertyNameLength, wPropertyDataLength */
#define WINUSB_MSOS20_PROPERTY_MIN	10

/* MS OS 1.0 sizes */
#define WINUSB_MSOS10_COMPAT_HDR	16
#define WINUSB_MSOS10_COMPAT_FUNC	24
#define WINUSB_MSOS10_PROPS_HDR		10
/* dwSize, dwPropertyDataType, wPropertyNameLength, dwPropertyDataLength */
#define WINUSB_MSOS10_PROPERTY_MIN	14

/* Registry value types of the GUID properties */
#define WINUSB_REG_SZ			1
#define WINUSB_REG_MULTI_SZ		7

/* "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" */
#define WINUSB_UUID_TEXT_LEN		36

/* {D8DD60DF-4589-4CC7-9CD2-659D9E648A9F}, in its byte order on the wire */
static const u8 winusb_msos20_uuid[16] = {
	0xdf, 0x60, 0xdd, 0xd8, 0x89, 0x45, 0xc7, 0x4c,
	0x9c, 0xd2, 0x65, 0x9d, 0x9e, 0x64, 0x8a, 0x9f,
};

/* "MSFT100" in UTF-16LE: the signature of string 0xEE */
static const u8 winusb_msos10_signature[14] = {
	'M', 0, 'S', 0, 'F', 0, 'T', 0, '1', 0, '0', 0, '0', 0
};

static u16 winusb_msos_le16(const u8 *p)
{
	return p[0] | p[1] << 8;
}

static u32 winusb_msos_le32(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

/* Does the function that starts at interface @first contain @where? */
static bool winusb_msos_in_function(const struct winusb_msos_where *where,
				    u8 first)
{
	return where->ifnum == first || where->assoc_first == first;
}

/*
 * A compatible ID: 8 bytes, NUL-padded.  Only the characters Windows uses
 * in compatible IDs are accepted; the first one found in a scope wins.
 */
static void winusb_msos_set_compat(struct winusb_msos_ids *ids, const u8 *id)
{
	size_t n = strnlen((const char *)id, WINUSB_MSOS_ID_LEN), i;

	if (!n || ids->compatible_id[0])
		return;
	for (i = 0; i < n; i++)
		if (!isalnum(id[i]) && id[i] != '_')
			return;
	memcpy(ids->compatible_id, id, n);
	ids->compatible_id[n] = '\0';
}

/* One GUID string, "{...}" or bare; kept in upper case with braces. */
static void winusb_msos_add_guid(struct winusb_msos_ids *ids,
				 const char *text, size_t n)
{
	char guid[WINUSB_GUID_STR_LEN + 1];
	unsigned int i;

	if (n == WINUSB_GUID_STR_LEN && text[0] == '{' && text[n - 1] == '}') {
		text++;
		n -= 2;
	}
	if (n != WINUSB_UUID_TEXT_LEN)
		return;
	memcpy(guid + 1, text, n);
	guid[WINUSB_UUID_TEXT_LEN + 1] = '\0';
	if (!uuid_is_valid(guid + 1))
		return;
	guid[0] = '{';
	for (i = 1; i <= WINUSB_UUID_TEXT_LEN; i++)
		guid[i] = toupper(guid[i]);
	guid[WINUSB_UUID_TEXT_LEN + 1] = '}';
	guid[WINUSB_GUID_STR_LEN] = '\0';

	for (i = 0; i < ids->nguids; i++)
		if (!strcmp(ids->guids[i], guid))
			return;
	if (ids->nguids < WINUSB_MSOS_MAX_GUIDS) {
		memcpy(ids->guids[ids->nguids], guid, sizeof(guid));
		ids->nguids++;
	}
}

/*
 * Is the UTF-16LE property name @name (@len bytes, trailing NULs allowed)
 * the ASCII @want?  Registry value names ignore case.
 */
static bool winusb_msos_name_is(const u8 *name, size_t len, const char *want)
{
	size_t n = len / 2, i;

	while (n && !name[2 * n - 2] && !name[2 * n - 1])
		n--;
	if (n != strlen(want))
		return false;
	for (i = 0; i < n; i++)
		if (name[2 * i + 1] || tolower(name[2 * i]) != tolower(want[i]))
			return false;
	return true;
}

/*
 * A registry property: keep DeviceInterfaceGUID (REG_SZ) and
 * DeviceInterfaceGUIDs (REG_MULTI_SZ); either name is taken with either
 * type.  @data holds UTF-16LE strings, each ended by a NUL; an empty string
 * ends a REG_MULTI_SZ.  Strings that are not GUIDs are skipped.
 */
static void winusb_msos_property(struct winusb_msos_ids *ids, u32 type,
				 const u8 *name, size_t name_len,
				 const u8 *data, size_t len)
{
	char text[WINUSB_GUID_STR_LEN + 1];
	size_t pos = 0;

	if (type != WINUSB_REG_SZ && type != WINUSB_REG_MULTI_SZ)
		return;
	if (!winusb_msos_name_is(name, name_len, "DeviceInterfaceGUIDs") &&
	    !winusb_msos_name_is(name, name_len, "DeviceInterfaceGUID"))
		return;

	while (pos + 2 <= len) {
		bool ascii = true;
		size_t n = 0;
		u16 c;

		for (; pos + 2 <= len; pos += 2) {
			c = winusb_msos_le16(data + pos);
			if (!c)
				break;
			if (c >= 0x80 || n >= WINUSB_GUID_STR_LEN)
				ascii = false;
			else
				text[n] = c;
			n++;
		}
		pos += 2;		/* the NUL */
		if (!n)
			break;
		if (ascii)
			winusb_msos_add_guid(ids, text, n);
		if (type == WINUSB_REG_SZ)
			break;
	}
}

/* ---- MS OS 2.0 ---------------------------------------------------------- */

/**
 * winusb_msos20_find() - find the MS OS 2.0 platform capability in a BOS
 * @bos: the BOS descriptor and its capabilities
 * @len: bytes at @bos
 * @vendor_code: set to bMS_VendorCode
 * @set_len: set to wMSOSDescriptorSetTotalLength
 *
 * Of the capability's descriptor set information blocks, the one for the
 * newest Windows (8.1 or later) is taken.
 *
 * Return: whether one was found.
 */
bool winusb_msos20_find(const u8 *bos, size_t len, u8 *vendor_code,
			u16 *set_len)
{
	const u8 *p = bos, *end = bos + len;
	u32 best = 0;

	if (len < USB_DT_BOS_SIZE || p[0] < USB_DT_BOS_SIZE || p[0] > len)
		return false;

	for (p += p[0]; end - p >= 3 && p[0] >= 3 && p[0] <= end - p;
	     p += p[0]) {
		unsigned int off;

		if (p[1] != USB_DT_DEVICE_CAPABILITY ||
		    p[2] != WINUSB_CAP_TYPE_PLATFORM ||
		    p[0] < WINUSB_PLATFORM_CAP_HDR ||
		    memcmp(p + 4, winusb_msos20_uuid, sizeof(winusb_msos20_uuid)))
			continue;
		for (off = WINUSB_PLATFORM_CAP_HDR;
		     off + WINUSB_MSOS20_INFO_SIZE <= p[0];
		     off += WINUSB_MSOS20_INFO_SIZE) {
			u32 windows = winusb_msos_le32(p + off);
			u16 size = winusb_msos_le16(p + off + 4);

			if (windows < WINUSB_MSOS20_MIN_WINDOWS ||
			    windows <= best ||
			    size < WINUSB_MSOS20_SET_HEADER_SIZE)
				continue;
			best = windows;
			*set_len = size;
			*vendor_code = p[off + 6];
		}
	}
	return best != 0;
}

/**
 * winusb_msos20_set_ok() - does a buffer start with an MS OS 2.0 set header?
 * @set: the bytes received
 * @len: their number
 *
 * Return: true if the set header is whole and plausible.
 */
bool winusb_msos20_set_ok(const u8 *set, size_t len)
{
	return len >= WINUSB_MSOS20_SET_HEADER_SIZE &&
	       winusb_msos_le16(set) == WINUSB_MSOS20_SET_HEADER_SIZE &&
	       winusb_msos_le16(set + 2) == WINUSB_MSOS20_SET_HEADER &&
	       winusb_msos_le16(set + 8) >= WINUSB_MSOS20_SET_HEADER_SIZE;
}

/**
 * struct winusb_msos20_walk - state of one walk of an MS OS 2.0 set
 * @where: the interface asked about
 * @config: configuration subset to descend into (bConfigurationValue field)
 * @has_configs: the set has configuration subsets
 * @config_found: a configuration subset matched @config
 * @has_functions: a function subset was seen where the walk descended
 * @function_found: a function subset contains the interface
 * @device: what was found outside function subsets
 * @function: what the function subset of the interface holds
 */
struct winusb_msos20_walk {
	const struct winusb_msos_where *where;
	u8 config;
	bool has_configs;
	bool config_found;
	bool has_functions;
	bool function_found;
	struct winusb_msos_ids device;
	struct winusb_msos_ids function;
};

/*
 * The descriptor at @pos of [@pos, @end): its length, or 0 at the end or if
 * it does not fit.  A length below 4 is refused, so every walk advances.
 */
static size_t winusb_msos20_next(const u8 *set, size_t pos, size_t end,
				 u16 *type)
{
	size_t len;

	if (pos > end || end - pos < 4)
		return 0;
	len = winusb_msos_le16(set + pos);
	if (len < 4 || len > end - pos)
		return 0;
	*type = winusb_msos_le16(set + pos + 2);
	return len;
}

/* A compatible ID or registry property descriptor @d of @len bytes. */
static void winusb_msos20_feature(struct winusb_msos_ids *ids, const u8 *d,
				  size_t len, u16 type)
{
	size_t name_len, data_len;

	if (type == WINUSB_MSOS20_COMPATIBLE_ID &&
	    len >= WINUSB_MSOS20_COMPAT_SIZE) {
		winusb_msos_set_compat(ids, d + 4);
		return;
	}
	if (type != WINUSB_MSOS20_REG_PROPERTY ||
	    len < WINUSB_MSOS20_PROPERTY_MIN)
		return;
	name_len = winusb_msos_le16(d + 6);
	if (!name_len || name_len % 2 ||
	    name_len > len - WINUSB_MSOS20_PROPERTY_MIN)
		return;
	data_len = winusb_msos_le16(d + 8 + name_len);
	if (data_len > len - WINUSB_MSOS20_PROPERTY_MIN - name_len)
		return;
	winusb_msos_property(ids, winusb_msos_le16(d + 4), d + 8, name_len,
			     d + 10 + name_len, data_len);
}

/* The descriptors of a function subset, [@pos, @end), into @ids. */
static void winusb_msos20_function(struct winusb_msos_ids *ids, const u8 *set,
				   size_t pos, size_t end)
{
	size_t len;
	u16 type;

	while ((len = winusb_msos20_next(set, pos, end, &type))) {
		if (type <= WINUSB_MSOS20_SUBSET_FUNCTION)
			return;		/* a header inside a function */
		winusb_msos20_feature(ids, set + pos, len, type);
		pos += len;
	}
}

/*
 * Walk [@pos, @end) of the set: the descriptors after the set header
 * (@in_config false) or those of a configuration subset (@in_config true).
 * Subset headers bound their subsets (wTotalLength/wSubsetLength, cut to
 * the container); a header where none may be ends the walk.
 */
static void winusb_msos20_walk(struct winusb_msos20_walk *w, const u8 *set,
			       size_t pos, size_t end, bool in_config)
{
	size_t len, sub_end;
	u16 type;

	while ((len = winusb_msos20_next(set, pos, end, &type))) {
		const u8 *d = set + pos;

		if (type == WINUSB_MSOS20_SET_HEADER)
			return;
		if (type != WINUSB_MSOS20_SUBSET_CONFIG &&
		    type != WINUSB_MSOS20_SUBSET_FUNCTION) {
			winusb_msos20_feature(&w->device, d, len, type);
			pos += len;
			continue;
		}

		if (len < WINUSB_MSOS20_SUBSET_SIZE ||
		    winusb_msos_le16(d + 6) < len)
			return;
		sub_end = pos + min_t(size_t, winusb_msos_le16(d + 6),
				      end - pos);
		if (type == WINUSB_MSOS20_SUBSET_CONFIG) {
			if (in_config)
				return;
			w->has_configs = true;
			if (!w->config_found && d[4] == w->config) {
				w->config_found = true;
				winusb_msos20_walk(w, set, pos + len, sub_end,
						   true);
			}
		} else {
			w->has_functions = true;
			if (!w->function_found &&
			    winusb_msos_in_function(w->where, d[4])) {
				w->function_found = true;
				winusb_msos20_function(&w->function, set,
						       pos + len, sub_end);
			}
		}
		pos = sub_end;
	}
}

/**
 * winusb_msos20_parse() - what an MS OS 2.0 descriptor set says of an interface
 * @set: the set, as received; winusb_msos20_set_ok() must hold
 * @len: bytes received
 * @where: the interface
 * @ids: filled in (zeroed by the caller)
 *
 * The set ends at its wTotalLength or at @len, whichever comes first.
 * Windows reads a configuration subset's bConfigurationValue as a
 * configuration index (firmware writes 0 for the only configuration); if no
 * subset matches the index, the value is tried as a bConfigurationValue.
 * A function subset that contains the interface (bFirstInterface, or the
 * first interface of its association) gives its compatible ID and GUIDs.
 * A set without function subsets describes the whole device: its
 * compatible ID applies to every interface, its GUIDs to the first one
 * (the interface WinUsb_Initialize() opens on Windows).
 */
void winusb_msos20_parse(const u8 *set, size_t len,
			 const struct winusb_msos_where *where,
			 struct winusb_msos_ids *ids)
{
	struct winusb_msos20_walk w;
	size_t end;
	int pass;

	if (len < WINUSB_MSOS20_SET_HEADER_SIZE)
		return;
	end = min_t(size_t, len, winusb_msos_le16(set + 8));
	for (pass = 0; pass < 2; pass++) {
		memset(&w, 0, sizeof(w));
		w.where = where;
		w.config = pass ? where->config_value : where->config_index;
		winusb_msos20_walk(&w, set, WINUSB_MSOS20_SET_HEADER_SIZE, end,
				   false);
		if (w.config_found || !w.has_configs)
			break;
	}

	if (w.function_found) {
		*ids = w.function;
	} else if (!w.has_functions) {
		memcpy(ids->compatible_id, w.device.compatible_id,
		       sizeof(ids->compatible_id));
		if (where->first) {
			ids->nguids = w.device.nguids;
			memcpy(ids->guids, w.device.guids, sizeof(ids->guids));
		}
	}
}

/* ---- MS OS 1.0 ---------------------------------------------------------- */

/**
 * winusb_msos10_string_ok() - is this string 0xEE of MS OS 1.0?
 * @desc: the string descriptor received
 * @len: bytes received
 * @vendor_code: set to bMS_VendorCode when it is
 *
 * Return: true for an 18-byte (or longer) string descriptor with "MSFT100".
 */
bool winusb_msos10_string_ok(const u8 *desc, size_t len, u8 *vendor_code)
{
	if (len < WINUSB_MSOS10_STRING_SIZE ||
	    desc[0] < WINUSB_MSOS10_STRING_SIZE || desc[1] != USB_DT_STRING ||
	    memcmp(desc + 2, winusb_msos10_signature,
		   sizeof(winusb_msos10_signature)))
		return false;
	*vendor_code = desc[16];
	return true;
}

/**
 * winusb_msos10_compat_ok() - is this an extended compat ID descriptor?
 * @compat: the bytes received
 * @len: their number
 *
 * Return: true if the 16-byte header is whole and says wIndex 4.
 */
bool winusb_msos10_compat_ok(const u8 *compat, size_t len)
{
	return len >= WINUSB_MSOS10_COMPAT_HDR &&
	       winusb_msos_le16(compat + 6) == WINUSB_MSOS10_COMPAT_INDEX;
}

/**
 * winusb_msos10_parse_compat() - the compatible ID of an interface's function
 * @compat: the extended compat ID, or NULL if the device gave none
 * @len: bytes received
 * @where: the interface
 * @ids: gets the compatible ID of the section whose function contains the
 *	interface
 *
 * The descriptor ends at its dwLength or at @len, whichever comes first;
 * bCount is cut to the sections that are whole.
 *
 * Return: whether the extended properties of the interface should be
 * read: it is the first interface of a listed function (or, without a
 * compat ID, the first interface of the configuration).
 */
bool winusb_msos10_parse_compat(const u8 *compat, size_t len,
				const struct winusb_msos_where *where,
				struct winusb_msos_ids *ids)
{
	size_t end, count, i;

	if (!compat)
		return where->first;
	end = min_t(size_t, len, winusb_msos_le32(compat));
	if (end < WINUSB_MSOS10_COMPAT_HDR)
		return false;
	count = min_t(size_t, compat[8],
		      (end - WINUSB_MSOS10_COMPAT_HDR) / WINUSB_MSOS10_COMPAT_FUNC);
	for (i = 0; i < count; i++) {
		const u8 *f = compat + WINUSB_MSOS10_COMPAT_HDR +
			      i * WINUSB_MSOS10_COMPAT_FUNC;

		if (!winusb_msos_in_function(where, f[0]))
			continue;
		winusb_msos_set_compat(ids, f + 2);
		return f[0] == where->ifnum;
	}
	return false;
}

/**
 * winusb_msos10_props_ok() - is this an extended properties descriptor?
 * @props: the bytes received
 * @len: their number
 *
 * Return: true if the 10-byte header is whole and says wIndex 5.
 */
bool winusb_msos10_props_ok(const u8 *props, size_t len)
{
	return len >= WINUSB_MSOS10_PROPS_HDR &&
	       winusb_msos_le16(props + 6) == WINUSB_MSOS10_PROPS_INDEX;
}

/**
 * winusb_msos10_parse_props() - the GUIDs in an extended properties descriptor
 * @props: the descriptor; winusb_msos10_props_ok() must hold
 * @len: bytes received
 * @ids: gets the GUIDs
 *
 * The descriptor ends at its dwLength or at @len, whichever comes first;
 * the walk stops at wCount sections or at the first that does not fit.
 */
void winusb_msos10_parse_props(const u8 *props, size_t len,
			       struct winusb_msos_ids *ids)
{
	size_t end, pos, size, name_len, data_len;
	unsigned int count;

	end = min_t(size_t, len, winusb_msos_le32(props));
	count = winusb_msos_le16(props + 8);
	for (pos = WINUSB_MSOS10_PROPS_HDR; count; count--, pos += size) {
		const u8 *p = props + pos;

		if (end < pos || end - pos < WINUSB_MSOS10_PROPERTY_MIN)
			break;
		size = winusb_msos_le32(p);
		if (size < WINUSB_MSOS10_PROPERTY_MIN || size > end - pos)
			break;
		name_len = winusb_msos_le16(p + 8);
		if (!name_len || name_len % 2 ||
		    name_len > size - WINUSB_MSOS10_PROPERTY_MIN)
			continue;
		data_len = winusb_msos_le32(p + 10 + name_len);
		if (data_len > size - WINUSB_MSOS10_PROPERTY_MIN - name_len)
			continue;
		winusb_msos_property(ids, winusb_msos_le32(p + 4), p + 10,
				     name_len, p + 14 + name_len, data_len);
	}
}
