// SPDX-License-Identifier: GPL-2.0
/*
 * What winusb.ko shows of the Microsoft OS descriptors of the interface
 * behind WINUSB_NODE (/dev/winusb/<interface>), whatever the device sent:
 * the attributes are well formed, the character device's uevent says the
 * same, and the interface works.  selftests/msos/run.sh runs it against the
 * test device with good, absent and lying descriptors; it checks the
 * expected values itself.
 *
 *	WINUSB_NODE=/dev/winusb/1-1:1.0 build/selftests/msos/msos_test
 */
#include <ctype.h>
#include <libgen.h>
#include <sys/stat.h>

#include "kselftest_harness.h"
#include "testdev_proto.h"
#include "winusb_util.h"

#define GUID_LEN	38
#define MAX_GUIDS	8

FIXTURE(node) {
	int fd;
	char sys[512];		/* /sys/class/winusb/<interface> */
};

FIXTURE_SETUP(node)
{
	const char *node = getenv("WINUSB_NODE");
	char copy[256];

	self->fd = wu_open_env("WINUSB_NODE");
	if (self->fd < 0)
		SKIP(return, "WINUSB_NODE unset or not openable");
	snprintf(copy, sizeof(copy), "%s", node);
	snprintf(self->sys, sizeof(self->sys), "/sys/class/winusb/%s",
		 basename(copy));
}

FIXTURE_TEARDOWN(node)
{
	if (self->fd >= 0)
		close(self->fd);
}

static int read_attr(const char *sys, const char *name, char *buf,
		     size_t size)
{
	char path[640];

	snprintf(path, sizeof(path), "%s/device/%s", sys, name);
	return wu_read_file(path, buf, size);
}

/* "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}", upper case */
static int guid_ok(const char *s, size_t n)
{
	size_t i;

	if (n != GUID_LEN || s[0] != '{' || s[GUID_LEN - 1] != '}')
		return 0;
	for (i = 1; i < GUID_LEN - 1; i++) {
		if (i == 9 || i == 14 || i == 19 || i == 24) {
			if (s[i] != '-')
				return 0;
		} else if (!isxdigit((unsigned char)s[i]) ||
			   islower((unsigned char)s[i])) {
			return 0;
		}
	}
	return 1;
}

/* The value of VAR= in the char device's uevent file, or NULL. */
static char *uevent_var(const char *sys, const char *var, char *buf,
			size_t size)
{
	char path[640], line[1024];
	size_t n = strlen(var);
	char *found = NULL;
	FILE *f;

	snprintf(path, sizeof(path), "%s/uevent", sys);
	f = fopen(path, "r");
	if (!f)
		return NULL;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, var, n) && line[n] == '=') {
			snprintf(buf, size, "%s", line + n + 1);
			found = buf;
			break;
		}
	}
	fclose(f);
	return found;
}

TEST_F(node, guids_well_formed)
{
	char buf[1024], *line, *save = NULL;
	char seen[MAX_GUIDS][GUID_LEN + 1];
	int n = 0, i;

	ASSERT_EQ(0, read_attr(self->sys, "winusb_interface_guids", buf,
			       sizeof(buf)));
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		EXPECT_TRUE(guid_ok(line, strlen(line)))
			TH_LOG("bad GUID line '%s'", line);
		ASSERT_LT(n, MAX_GUIDS);
		for (i = 0; i < n; i++)
			EXPECT_STRNE(seen[i], line);
		snprintf(seen[n++], sizeof(seen[0]), "%s", line);
	}
}

TEST_F(node, compatible_id_well_formed)
{
	char buf[64];
	size_t i, n;

	ASSERT_EQ(0, read_attr(self->sys, "winusb_compatible_id", buf,
			       sizeof(buf)));
	n = strlen(buf);
	EXPECT_LE(n, 8);
	for (i = 0; i < n; i++)
		EXPECT_TRUE(isalnum((unsigned char)buf[i]) || buf[i] == '_');
}

TEST_F(node, version_well_formed)
{
	char buf[64];

	ASSERT_EQ(0, read_attr(self->sys, "winusb_msos_version", buf,
			       sizeof(buf)));
	EXPECT_TRUE(!strcmp(buf, "") || !strcmp(buf, "1.0") ||
		    !strcmp(buf, "2.0")) TH_LOG("version '%s'", buf);
}

/* The attributes are read-only, to everyone. */
TEST_F(node, attributes_read_only)
{
	static const char *const names[] = {
		"winusb_compatible_id", "winusb_interface_guids",
		"winusb_msos_version",
	};
	char path[640];
	struct stat st;
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/device/%s", self->sys,
			 names[i]);
		ASSERT_EQ(0, stat(path, &st));
		EXPECT_EQ(0444, st.st_mode & 0777) TH_LOG("%s", names[i]);
		EXPECT_NE(0, wu_write_file(path, "x"));
	}
}

/* WINUSB_GUIDS, WINUSB_GUID and WINUSB_COMPATIBLE_ID match the attributes. */
TEST_F(node, uevent_matches_attributes)
{
	char attr[1024], var[1024], first[GUID_LEN + 1] = "";
	char *p;

	ASSERT_EQ(0, read_attr(self->sys, "winusb_interface_guids", attr,
			       sizeof(attr)));
	for (p = attr; *p; p++)
		if (*p == '\n')
			*p = ' ';
	if (*attr) {
		ASSERT_NE(NULL, uevent_var(self->sys, "WINUSB_GUIDS", var,
					   sizeof(var)));
		EXPECT_STREQ(attr, var);
		snprintf(first, sizeof(first), "%.*s", GUID_LEN, attr);
		ASSERT_NE(NULL, uevent_var(self->sys, "WINUSB_GUID", var,
					   sizeof(var)));
		EXPECT_STREQ(first, var);
	} else {
		EXPECT_EQ(NULL, uevent_var(self->sys, "WINUSB_GUIDS", var,
					   sizeof(var)));
		EXPECT_EQ(NULL, uevent_var(self->sys, "WINUSB_GUID", var,
					   sizeof(var)));
	}

	ASSERT_EQ(0, read_attr(self->sys, "winusb_compatible_id", attr,
			       sizeof(attr)));
	if (*attr) {
		ASSERT_NE(NULL, uevent_var(self->sys, "WINUSB_COMPATIBLE_ID",
					   var, sizeof(var)));
		EXPECT_STREQ(attr, var);
	} else {
		EXPECT_EQ(NULL, uevent_var(self->sys, "WINUSB_COMPATIBLE_ID",
					   var, sizeof(var)));
	}
}

/* Whatever the descriptors said, the interface was bound and works. */
TEST_F(node, interface_works)
{
	uint8_t out[64], in[64];
	struct winusb_info info;
	uint32_t actual = 0;
	unsigned int i;

	ASSERT_EQ(0, wu_get_info(self->fd, &info));
	EXPECT_EQ(TD_VID, info.out_vendor_id);
	for (i = 0; i < sizeof(out); i++)
		out[i] = (uint8_t)(i * 7 + 1);
	ASSERT_EQ(0, wu_control(self->fd, 0x40, TD_REQ_ECHO_OUT, 0, 0, out,
				sizeof(out), &actual));
	EXPECT_EQ(sizeof(out), actual);
	memset(in, 0, sizeof(in));
	ASSERT_EQ(0, wu_control(self->fd, 0xc0, TD_REQ_ECHO_IN, 0, 0, in,
				sizeof(in), &actual));
	EXPECT_EQ(sizeof(in), actual);
	EXPECT_EQ(0, memcmp(out, in, sizeof(in)));
}

TEST_HARNESS_MAIN
