// SPDX-License-Identifier: GPL-2.0
/*
 * The MS OS descriptor parsers of winusb.ko (module/msos_parse.c), run in
 * userspace: known answers for well-formed descriptors and their variants,
 * then hostile input.  Every buffer handed to a parser ends right before an
 * inaccessible page, so a read past the bytes "received" kills the test;
 * the harness' timeout catches a walk that does not end.  Mutations come
 * from a fixed seed (PARSE_SEED in the environment picks another) and are
 * reported with it on failure.
 *
 *	build/selftests/msos/parse_test
 */
#include <ctype.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../../tools/msos_user.h"
#include "../../module/msos_parse.c"

#include "kselftest_harness.h"
#include "testdev_proto.h"

#define MAX_BUF		8192
#define FUZZ_ROUNDS	20000

/* ---- guarded buffers ------------------------------------------------------ */

static u8 *guard_base;
static size_t page;

/* Copy @len bytes so that they end where an inaccessible page starts. */
static const u8 *guarded(const u8 *data, size_t len)
{
	size_t span;
	u8 *end;

	if (!page)
		page = (size_t)sysconf(_SC_PAGESIZE);
	span = (MAX_BUF + page - 1) / page * page;
	if (!guard_base) {
		guard_base = mmap(NULL, span + page, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (guard_base == MAP_FAILED)
			abort();
		if (mprotect(guard_base + span, page, PROT_NONE))
			abort();
	}
	if (len > MAX_BUF)
		abort();
	end = guard_base + span;
	memcpy(end - len, data, len);
	return end - len;
}

/* ---- descriptor builders (independent of the test device's) ------------ */

struct buf {
	u8 b[MAX_BUF];
	size_t n;
};

static void put8(struct buf *w, u8 v)
{
	w->b[w->n++] = v;
}

static void put16(struct buf *w, u16 v)
{
	put8(w, v & 0xff);
	put8(w, v >> 8);
}

static void put32(struct buf *w, u32 v)
{
	put16(w, v & 0xffff);
	put16(w, v >> 16);
}

static void put_bytes(struct buf *w, const void *p, size_t n)
{
	memcpy(w->b + w->n, p, n);
	w->n += n;
}

/* ASCII @s as UTF-16LE, then @nuls NUL characters */
static void put_utf16(struct buf *w, const char *s, int nuls)
{
	while (*s)
		put16(w, (u8)*s++);
	while (nuls--)
		put16(w, 0);
}

static void set16(struct buf *w, size_t at, u16 v)
{
	w->b[at] = v & 0xff;
	w->b[at + 1] = v >> 8;
}

static void set32(struct buf *w, size_t at, u32 v)
{
	set16(w, at, v & 0xffff);
	set16(w, at + 2, v >> 16);
}

static size_t utf16_len(const char *s, int nuls)
{
	return 2 * (strlen(s) + nuls);
}

/* MS OS 2.0 compatible ID descriptor */
static void v2_compat(struct buf *w, const char *id)
{
	char pad[16] = { 0 };

	put16(w, 20);
	put16(w, 0x03);
	memcpy(pad, id, strlen(id));
	put_bytes(w, pad, 16);
}

/* MS OS 2.0 registry property with a list of strings */
static void v2_property(struct buf *w, u16 type, const char *name,
			const char *const *strs, int nstrs)
{
	size_t start = w->n, data_len = 0;
	int i;

	for (i = 0; i < nstrs; i++)
		data_len += utf16_len(strs[i], 1);
	if (type == 7)
		data_len += 2;
	put16(w, 0);
	put16(w, 0x04);
	put16(w, type);
	put16(w, utf16_len(name, 1));
	put_utf16(w, name, 1);
	put16(w, data_len);
	for (i = 0; i < nstrs; i++)
		put_utf16(w, strs[i], 1);
	if (type == 7)
		put16(w, 0);
	set16(w, start, w->n - start);
}

/* A function subset with WINUSB and DeviceInterfaceGUIDs = { guid } */
static void v2_function(struct buf *w, u8 first, const char *guid)
{
	size_t start = w->n;

	put16(w, 8);
	put16(w, 0x02);
	put8(w, first);
	put8(w, 0);
	put16(w, 0);
	v2_compat(w, "WINUSB");
	v2_property(w, 7, "DeviceInterfaceGUIDs", &guid, 1);
	set16(w, start + 6, w->n - start);
}

static size_t v2_header(struct buf *w)
{
	put16(w, 10);
	put16(w, 0x00);
	put32(w, 0x06030000);
	put16(w, 0);
	return 0;
}

static size_t v2_config(struct buf *w, u8 value)
{
	size_t start = w->n;

	put16(w, 8);
	put16(w, 0x01);
	put8(w, value);
	put8(w, 0);
	put16(w, 0);
	return start;
}

static void v2_end_config(struct buf *w, size_t start)
{
	set16(w, start + 6, w->n - start);
}

static void v2_end(struct buf *w)
{
	set16(w, 8, w->n);
}

/* The composite set of the test device's layout: config 0, two functions. */
static void v2_composite(struct buf *w)
{
	size_t cfg;

	w->n = 0;
	v2_header(w);
	cfg = v2_config(w, 0);
	v2_function(w, 0, TD_GUID_IFACE0_STR);
	v2_function(w, 1, TD_GUID_IFACE1_STR);
	v2_end_config(w, cfg);
	v2_end(w);
}

/* A BOS with a USB 2.0 extension and the MS OS 2.0 platform capability */
static void bos(struct buf *w, u16 set_len, u8 code)
{
	static const u8 uuid[16] = {
		0xdf, 0x60, 0xdd, 0xd8, 0x89, 0x45, 0xc7, 0x4c,
		0x9c, 0xd2, 0x65, 0x9d, 0x9e, 0x64, 0x8a, 0x9f,
	};

	w->n = 0;
	put8(w, 5);
	put8(w, 0x0f);
	put16(w, 0);
	put8(w, 2);
	put8(w, 7);
	put8(w, 0x10);
	put8(w, 0x02);
	put32(w, 0x02);
	put8(w, 28);
	put8(w, 0x10);
	put8(w, 0x05);
	put8(w, 0);
	put_bytes(w, uuid, 16);
	put32(w, 0x06030000);
	put16(w, set_len);
	put8(w, code);
	put8(w, 0);
	set16(w, 2, w->n);
}

/* MS OS 1.0 extended compat ID: WINUSB for each first interface given */
static void v1_compat(struct buf *w, const u8 *firsts, int n)
{
	char pad[20] = "WINUSB";
	int i;

	w->n = 0;
	put32(w, 16 + 24 * n);
	put16(w, 0x0100);
	put16(w, 4);
	put8(w, n);
	put_bytes(w, "\0\0\0\0\0\0\0", 7);
	for (i = 0; i < n; i++) {
		put8(w, firsts[i]);
		put8(w, 1);
		put_bytes(w, pad, 8);
		memset(pad + 8, 0, 8);
		put_bytes(w, pad + 8, 8);
		put_bytes(w, "\0\0\0\0\0\0", 6);
	}
}

/* MS OS 1.0 extended properties with one string property */
static void v1_props(struct buf *w, u32 type, const char *name,
		     const char *const *strs, int nstrs)
{
	size_t sect, data_len = 0;
	int i;

	for (i = 0; i < nstrs; i++)
		data_len += utf16_len(strs[i], 1);
	if (type == 7)
		data_len += 2;
	w->n = 0;
	put32(w, 0);
	put16(w, 0x0100);
	put16(w, 5);
	put16(w, 1);
	sect = w->n;
	put32(w, 0);
	put32(w, type);
	put16(w, utf16_len(name, 1));
	put_utf16(w, name, 1);
	put32(w, data_len);
	for (i = 0; i < nstrs; i++)
		put_utf16(w, strs[i], 1);
	if (type == 7)
		put16(w, 0);
	set32(w, sect, w->n - sect);
	set32(w, 0, w->n);
}

/* ---- helpers -------------------------------------------------------------- */

static const struct winusb_msos_where if0 = {
	.ifnum = 0, .assoc_first = -1, .first = true,
	.config_index = 0, .config_value = 1,
};
static const struct winusb_msos_where if1 = {
	.ifnum = 1, .assoc_first = -1, .first = false,
	.config_index = 0, .config_value = 1,
};

static void parse2(const struct buf *w, const struct winusb_msos_where *where,
		   struct winusb_msos_ids *ids)
{
	const u8 *p = guarded(w->b, w->n);

	memset(ids, 0, sizeof(*ids));
	if (winusb_msos20_set_ok(p, w->n))
		winusb_msos20_parse(p, w->n, where, ids);
}

static bool ids_sane(const struct winusb_msos_ids *ids)
{
	size_t i, j, n = strnlen(ids->compatible_id, sizeof(ids->compatible_id));

	if (n > WINUSB_MSOS_ID_LEN || ids->nguids > WINUSB_MSOS_MAX_GUIDS)
		return false;
	for (j = 0; j < n; j++)
		if (!isalnum((unsigned char)ids->compatible_id[j]) &&
		    ids->compatible_id[j] != '_')
			return false;
	for (i = 0; i < ids->nguids; i++) {
		const char *g = ids->guids[i];

		if (strnlen(g, WINUSB_GUID_STR_LEN + 1) != WINUSB_GUID_STR_LEN ||
		    g[0] != '{' || g[37] != '}' || !uuid_is_valid(g + 1))
			return false;
		for (j = 1; j < 37; j++)
			if (islower((unsigned char)g[j]))
				return false;
	}
	return true;
}

/* ---- known answers: MS OS 2.0 ---------------------------------------------- */

TEST(v2_composite_per_function)
{
	struct winusb_msos_ids ids;
	struct buf w;

	v2_composite(&w);
	parse2(&w, &if0, &ids);
	EXPECT_STREQ("WINUSB", ids.compatible_id);
	ASSERT_EQ(1, ids.nguids);
	EXPECT_STREQ(TD_GUID_IFACE0_STR, ids.guids[0]);
	parse2(&w, &if1, &ids);
	EXPECT_STREQ("WINUSB", ids.compatible_id);
	ASSERT_EQ(1, ids.nguids);
	EXPECT_STREQ(TD_GUID_IFACE1_STR, ids.guids[0]);
}

TEST(v2_interface_without_function_gets_nothing)
{
	struct winusb_msos_where if2 = if1;
	struct winusb_msos_ids ids;
	struct buf w;

	if2.ifnum = 2;
	v2_composite(&w);
	parse2(&w, &if2, &ids);
	EXPECT_STREQ("", ids.compatible_id);
	EXPECT_EQ(0, ids.nguids);
}

TEST(v2_association_member_gets_its_function)
{
	struct winusb_msos_where if2 = if1;
	struct winusb_msos_ids ids;
	struct buf w;

	if2.ifnum = 2;
	if2.assoc_first = 1;
	v2_composite(&w);
	parse2(&w, &if2, &ids);
	EXPECT_STREQ("WINUSB", ids.compatible_id);
	ASSERT_EQ(1, ids.nguids);
	EXPECT_STREQ(TD_GUID_IFACE1_STR, ids.guids[0]);
}

/* No function subsets: compatible ID for all, GUIDs for the first. */
TEST(v2_whole_device)
{
	const char *guid = TD_GUID_IFACE0_STR;
	struct winusb_msos_ids ids;
	struct buf w = { .n = 0 };
	size_t cfg;

	v2_header(&w);
	cfg = v2_config(&w, 0);
	v2_compat(&w, "WINUSB");
	v2_property(&w, 7, "DeviceInterfaceGUIDs", &guid, 1);
	v2_end_config(&w, cfg);
	v2_end(&w);
	parse2(&w, &if0, &ids);
	EXPECT_STREQ("WINUSB", ids.compatible_id);
	ASSERT_EQ(1, ids.nguids);
	EXPECT_STREQ(guid, ids.guids[0]);
	parse2(&w, &if1, &ids);
	EXPECT_STREQ("WINUSB", ids.compatible_id);
	EXPECT_EQ(0, ids.nguids);
}

/* No configuration subset at all (single-configuration shorthand). */
TEST(v2_without_config_subset)
{
	const char *guid = TD_GUID_IFACE1_STR;
	struct winusb_msos_ids ids;
	struct buf w = { .n = 0 };

	v2_header(&w);
	v2_compat(&w, "WINUSB");
	v2_property(&w, 1, "DeviceInterfaceGUID", &guid, 1);
	v2_end(&w);
	parse2(&w, &if0, &ids);
	EXPECT_STREQ("WINUSB", ids.compatible_id);
	ASSERT_EQ(1, ids.nguids);
	EXPECT_STREQ(guid, ids.guids[0]);
}

/* Configuration subsets: index first (Windows), then bConfigurationValue. */
TEST(v2_config_index_then_value)
{
	struct winusb_msos_where where = if0;
	struct winusb_msos_ids ids;
	struct buf w = { .n = 0 };
	size_t cfg;

	v2_header(&w);
	cfg = v2_config(&w, 0);
	v2_function(&w, 0, TD_GUID_IFACE0_STR);
	v2_end_config(&w, cfg);
	cfg = v2_config(&w, 1);
	v2_function(&w, 0, TD_GUID_IFACE1_STR);
	v2_end_config(&w, cfg);
	v2_end(&w);

	parse2(&w, &where, &ids);		/* index 0 */
	ASSERT_EQ(1, ids.nguids);
	EXPECT_STREQ(TD_GUID_IFACE0_STR, ids.guids[0]);

	where.config_index = 1;
	where.config_value = 2;
	parse2(&w, &where, &ids);		/* index 1 */
	ASSERT_EQ(1, ids.nguids);
	EXPECT_STREQ(TD_GUID_IFACE1_STR, ids.guids[0]);

	where.config_index = 5;
	where.config_value = 1;
	parse2(&w, &where, &ids);		/* no index 5: value 1 */
	ASSERT_EQ(1, ids.nguids);
	EXPECT_STREQ(TD_GUID_IFACE1_STR, ids.guids[0]);

	where.config_index = 5;
	where.config_value = 9;
	parse2(&w, &where, &ids);		/* neither */
	EXPECT_EQ(0, ids.nguids);
	EXPECT_STREQ("", ids.compatible_id);
}

/* GUID text: case, braces, junk, duplicates, the cap of 8. */
TEST(v2_guid_strings)
{
	static const char *const strs[] = {
		"{33c1508b-8d50-4159-b913-a814c4797149}",	/* lower case */
		"B0493A1D-92A7-485F-82E2-19A175B73F4A",		/* no braces */
		"{33C1508B-8D50-4159-B913-A814C4797149}",	/* duplicate */
		"not a guid",
		"{33C1508B-8D50-4159-B913-A814C479714}",	/* short */
		"{33C1508B-8D50-4159-B913-A814C47971490}",	/* long */
		"{33C1508B+8D50-4159-B913-A814C4797149}",	/* bad dash */
		"{G3C1508B-8D50-4159-B913-A814C4797149}",	/* bad digit */
		"{00000000-0000-0000-0000-000000000001}",
		"{00000000-0000-0000-0000-000000000002}",
		"{00000000-0000-0000-0000-000000000003}",
		"{00000000-0000-0000-0000-000000000004}",
		"{00000000-0000-0000-0000-000000000005}",
		"{00000000-0000-0000-0000-000000000006}",
		"{00000000-0000-0000-0000-000000000007}",	/* ninth */
	};
	struct winusb_msos_ids ids;
	struct buf w = { .n = 0 };

	v2_header(&w);
	v2_property(&w, 7, "deviceinterfaceguids", strs,
		    sizeof(strs) / sizeof(strs[0]));
	v2_end(&w);
	parse2(&w, &if0, &ids);
	ASSERT_EQ(8, ids.nguids);
	EXPECT_STREQ(TD_GUID_IFACE0_STR, ids.guids[0]);
	EXPECT_STREQ(TD_GUID_IFACE1_STR, ids.guids[1]);
	EXPECT_STREQ("{00000000-0000-0000-0000-000000000006}", ids.guids[7]);
	EXPECT_TRUE(ids_sane(&ids));
}

/* REG_SZ keeps the first string only; other names and types are ignored. */
TEST(v2_property_names_and_types)
{
	static const char *const two[] = {
		TD_GUID_IFACE0_STR, TD_GUID_IFACE1_STR,
	};
	struct winusb_msos_ids ids;
	struct buf w = { .n = 0 };

	v2_header(&w);
	v2_property(&w, 1, "DeviceInterfaceGUID", two, 2);
	v2_property(&w, 4, "DeviceInterfaceGUIDs", two + 1, 1);	/* DWORD */
	v2_property(&w, 7, "DeviceInterfaceGUIDsX", two + 1, 1);
	v2_property(&w, 7, "Label", two + 1, 1);
	v2_end(&w);
	parse2(&w, &if0, &ids);
	ASSERT_EQ(1, ids.nguids);
	EXPECT_STREQ(TD_GUID_IFACE0_STR, ids.guids[0]);
}

TEST(v2_compatible_id_charset)
{
	struct winusb_msos_ids ids;
	struct buf w = { .n = 0 };

	v2_header(&w);
	v2_compat(&w, "WIN USB");	/* refused: space */
	v2_compat(&w, "LIBUSB_0");
	v2_end(&w);
	parse2(&w, &if0, &ids);
	EXPECT_STREQ("LIBUSB_0", ids.compatible_id);
}

/* The test device's bad-descriptors:0:1 lies, and what is left of them. */
TEST(v2_lying_lengths)
{
	struct winusb_msos_ids ids;
	struct buf w;
	size_t at;

	v2_composite(&w);
	set16(&w, 8, w.n + 16);			/* set longer than sent */
	at = 10 + 8 + 160;			/* function subset 1 */
	set16(&w, at + 6, 0xffff);
	parse2(&w, &if1, &ids);
	EXPECT_STREQ("WINUSB", ids.compatible_id);
	EXPECT_EQ(1, ids.nguids);
	set16(&w, 10 + 8 + 8 + 20 + 6, 41);	/* odd property name */
	set16(&w, at + 8 + 20 + 6, 41);
	parse2(&w, &if0, &ids);
	EXPECT_STREQ("WINUSB", ids.compatible_id);
	EXPECT_EQ(0, ids.nguids);
	parse2(&w, &if1, &ids);
	EXPECT_EQ(0, ids.nguids);
}

TEST(v2_set_header_checks)
{
	struct buf w;

	v2_composite(&w);
	EXPECT_TRUE(winusb_msos20_set_ok(guarded(w.b, w.n), w.n));
	EXPECT_FALSE(winusb_msos20_set_ok(guarded(w.b, 9), 9));
	set16(&w, 0, 11);
	EXPECT_FALSE(winusb_msos20_set_ok(guarded(w.b, w.n), w.n));
	set16(&w, 0, 10);
	set16(&w, 2, 1);
	EXPECT_FALSE(winusb_msos20_set_ok(guarded(w.b, w.n), w.n));
	set16(&w, 2, 0);
	set16(&w, 8, 9);
	EXPECT_FALSE(winusb_msos20_set_ok(guarded(w.b, w.n), w.n));
}

TEST(bos_platform_capability)
{
	struct buf w;
	u16 len = 0;
	u8 code = 0;

	bos(&w, 338, 0x57);
	ASSERT_TRUE(winusb_msos20_find(guarded(w.b, w.n), w.n, &code, &len));
	EXPECT_EQ(0x57, code);
	EXPECT_EQ(338, len);

	/* a second information block for a newer Windows wins */
	w.b[12] = 36;			/* platform capability bLength */
	put32(&w, 0x0a000000);
	put16(&w, 100);
	put8(&w, 0x22);
	put8(&w, 0);
	set16(&w, 2, w.n);
	ASSERT_TRUE(winusb_msos20_find(guarded(w.b, w.n), w.n, &code, &len));
	EXPECT_EQ(0x22, code);
	EXPECT_EQ(100, len);

	/* another UUID, or Windows 8 (before 8.1): not ours */
	bos(&w, 338, 0x57);
	w.b[16] ^= 1;
	EXPECT_FALSE(winusb_msos20_find(guarded(w.b, w.n), w.n, &code, &len));
	bos(&w, 338, 0x57);
	set32(&w, 32, 0x06020000);
	EXPECT_FALSE(winusb_msos20_find(guarded(w.b, w.n), w.n, &code, &len));
	/* a capability of length 0 ends the walk */
	bos(&w, 338, 0x57);
	w.b[5] = 0;
	EXPECT_FALSE(winusb_msos20_find(guarded(w.b, w.n), w.n, &code, &len));
}

/* ---- known answers: MS OS 1.0 ---------------------------------------------- */

TEST(v1_string)
{
	u8 s[18] = { 18, 3 }, code = 0;
	int i;

	for (i = 0; i < 7; i++)
		s[2 + 2 * i] = "MSFT100"[i];
	s[16] = 0x57;
	EXPECT_TRUE(winusb_msos10_string_ok(guarded(s, 18), 18, &code));
	EXPECT_EQ(0x57, code);
	EXPECT_FALSE(winusb_msos10_string_ok(guarded(s, 17), 17, &code));
	s[2] = 'N';
	EXPECT_FALSE(winusb_msos10_string_ok(guarded(s, 18), 18, &code));
}

TEST(v1_compat_sections)
{
	static const u8 firsts[] = { 0, 2 };
	struct winusb_msos_where where = if1;
	struct winusb_msos_ids ids;
	const u8 *p;
	struct buf w;

	v1_compat(&w, firsts, 2);
	p = guarded(w.b, w.n);
	ASSERT_TRUE(winusb_msos10_compat_ok(p, w.n));

	memset(&ids, 0, sizeof(ids));
	EXPECT_TRUE(winusb_msos10_parse_compat(p, w.n, &if0, &ids));
	EXPECT_STREQ("WINUSB", ids.compatible_id);

	memset(&ids, 0, sizeof(ids));		/* interface 1: not listed */
	EXPECT_FALSE(winusb_msos10_parse_compat(p, w.n, &if1, &ids));
	EXPECT_STREQ("", ids.compatible_id);

	memset(&ids, 0, sizeof(ids));		/* 3 in the function at 2 */
	where.ifnum = 3;
	where.assoc_first = 2;
	EXPECT_FALSE(winusb_msos10_parse_compat(p, w.n, &where, &ids));
	EXPECT_STREQ("WINUSB", ids.compatible_id);

	/* bCount and dwLength that lie: only whole sections count */
	w.b[8] = 200;
	set32(&w, 0, 0xffffffff);
	memset(&ids, 0, sizeof(ids));
	where.ifnum = 2;
	where.assoc_first = -1;
	EXPECT_TRUE(winusb_msos10_parse_compat(guarded(w.b, w.n - 1), w.n - 1,
					       &if0, &ids));
	EXPECT_FALSE(winusb_msos10_parse_compat(guarded(w.b, w.n - 1), w.n - 1,
						&where, &ids));

	/* without a compat ID, the first interface asks for properties */
	EXPECT_TRUE(winusb_msos10_parse_compat(NULL, 0, &if0, &ids));
	EXPECT_FALSE(winusb_msos10_parse_compat(NULL, 0, &if1, &ids));
}

TEST(v1_properties)
{
	const char *guid = TD_GUID_IFACE1_STR;
	struct winusb_msos_ids ids;
	const u8 *p;
	struct buf w;

	v1_props(&w, 7, "DeviceInterfaceGUIDs", &guid, 1);
	p = guarded(w.b, w.n);
	ASSERT_TRUE(winusb_msos10_props_ok(p, w.n));
	memset(&ids, 0, sizeof(ids));
	winusb_msos10_parse_props(p, w.n, &ids);
	ASSERT_EQ(1, ids.nguids);
	EXPECT_STREQ(guid, ids.guids[0]);

	v1_props(&w, 1, "DeviceInterfaceGUID", &guid, 1);
	memset(&ids, 0, sizeof(ids));
	winusb_msos10_parse_props(guarded(w.b, w.n), w.n, &ids);
	EXPECT_EQ(1, ids.nguids);

	/* odd name length (the test device's lie): refused */
	v1_props(&w, 7, "DeviceInterfaceGUIDs", &guid, 1);
	set16(&w, 10 + 8, 41);
	memset(&ids, 0, sizeof(ids));
	winusb_msos10_parse_props(guarded(w.b, w.n), w.n, &ids);
	EXPECT_EQ(0, ids.nguids);

	/* truncated: the section does not fit, nothing is read */
	v1_props(&w, 7, "DeviceInterfaceGUIDs", &guid, 1);
	memset(&ids, 0, sizeof(ids));
	winusb_msos10_parse_props(guarded(w.b, w.n - 3), w.n - 3, &ids);
	EXPECT_EQ(0, ids.nguids);
}

/* ---- hostile input ---------------------------------------------------------- */

static u32 rng_state;

static u32 rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

static void seed(void)
{
	const char *s = getenv("PARSE_SEED");

	rng_state = s ? (u32)strtoul(s, NULL, 0) : 0x5eed1234;
	if (!rng_state)
		rng_state = 1;
}

/* Mutate: flip bytes, plant extreme 16/32-bit values, cut the end. */
static void mutate(struct buf *w)
{
	static const u32 extremes[] = {
		0, 1, 2, 3, 4, 7, 8, 9, 10, 0x7f, 0x80, 0xff, 0x100,
		0x7fff, 0xfffe, 0xffff, 0x10000, 0x7fffffff, 0xffffffff,
	};
	int i, n = 1 + rnd() % 6;

	for (i = 0; i < n && w->n; i++) {
		size_t at = rnd() % w->n;

		switch (rnd() % 4) {
		case 0:
			w->b[at] ^= 1 << (rnd() % 8);
			break;
		case 1:
			w->b[at] = rnd();
			break;
		case 2:
			if (at + 2 <= w->n)
				set16(w, at, extremes[rnd() % 19]);
			break;
		default:
			if (at + 4 <= w->n)
				set32(w, at, extremes[rnd() % 19]);
			break;
		}
	}
	if (rnd() % 4 == 0)
		w->n = rnd() % (w->n + 1);
}

static void random_where(struct winusb_msos_where *where)
{
	where->ifnum = rnd() % 4;
	where->assoc_first = (int)(rnd() % 5) - 1;
	where->first = rnd() % 2;
	where->config_index = rnd() % 3;
	where->config_value = rnd() % 3;
}

TEST(fuzz_v2_set)
{
	struct winusb_msos_where where;
	struct winusb_msos_ids ids;
	struct buf w;
	int i;

	seed();
	for (i = 0; i < FUZZ_ROUNDS; i++) {
		v2_composite(&w);
		if (i % 2) {		/* force the header through */
			mutate(&w);
			if (w.n >= 10) {
				set16(&w, 0, 10);
				set16(&w, 2, 0);
				if (rnd() % 2)
					set16(&w, 8, 10 + rnd() % 0x10000);
			}
		} else {
			mutate(&w);
		}
		random_where(&where);
		parse2(&w, &where, &ids);
		ASSERT_TRUE(ids_sane(&ids)) TH_LOG("round %d, seed %s", i,
						    getenv("PARSE_SEED") ?: "default");
	}
}

TEST(fuzz_bos)
{
	struct buf w;
	u16 len;
	u8 code;
	int i;

	seed();
	for (i = 0; i < FUZZ_ROUNDS; i++) {
		bos(&w, 338, 0x57);
		mutate(&w);
		len = 0;
		if (winusb_msos20_find(guarded(w.b, w.n), w.n, &code, &len))
			ASSERT_GE(len, 10) TH_LOG("round %d", i);
	}
}

TEST(fuzz_v1)
{
	static const u8 firsts[] = { 0, 1, 2 };
	const char *guid = TD_GUID_IFACE0_STR;
	struct winusb_msos_where where;
	struct winusb_msos_ids ids;
	const u8 *p;
	struct buf w;
	u8 code;
	int i;

	seed();
	for (i = 0; i < FUZZ_ROUNDS; i++) {
		random_where(&where);
		memset(&ids, 0, sizeof(ids));
		v1_compat(&w, firsts, 3);
		mutate(&w);
		p = guarded(w.b, w.n);
		if (winusb_msos10_compat_ok(p, w.n))
			winusb_msos10_parse_compat(p, w.n, &where, &ids);

		v1_props(&w, 7, "DeviceInterfaceGUIDs", &guid, 1);
		mutate(&w);
		p = guarded(w.b, w.n);
		if (winusb_msos10_props_ok(p, w.n))
			winusb_msos10_parse_props(p, w.n, &ids);
		ASSERT_TRUE(ids_sane(&ids)) TH_LOG("round %d", i);

		w.n = rnd() % 24;
		memset(w.b, 0, 24);
		w.b[0] = rnd();
		w.b[1] = 3;
		winusb_msos10_string_ok(guarded(w.b, w.n), w.n, &code);
	}
}

/* Pure noise of every length, into every parser. */
TEST(fuzz_noise)
{
	struct winusb_msos_where where;
	struct winusb_msos_ids ids;
	const u8 *p;
	struct buf w;
	size_t j;
	u16 len;
	u8 code;
	int i;

	seed();
	for (i = 0; i < FUZZ_ROUNDS; i++) {
		w.n = rnd() % 600;
		for (j = 0; j < w.n; j++)
			w.b[j] = rnd() % 8 ? rnd() % 16 : rnd();
		random_where(&where);
		p = guarded(w.b, w.n);
		memset(&ids, 0, sizeof(ids));
		if (w.n >= 10)		/* past set_ok's header check */
			winusb_msos20_parse(p, w.n, &where, &ids);
		winusb_msos20_find(p, w.n, &code, &len);
		if (winusb_msos10_compat_ok(p, w.n))
			winusb_msos10_parse_compat(p, w.n, &where, &ids);
		if (winusb_msos10_props_ok(p, w.n))
			winusb_msos10_parse_props(p, w.n, &ids);
		ASSERT_TRUE(ids_sane(&ids)) TH_LOG("round %d", i);
	}
}

TEST_HARNESS_MAIN
