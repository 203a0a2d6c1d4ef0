// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lookup_test.c - WinUsbLinux_* device lookup and the sysfs helpers, on a
 * fake sysfs tree shaped like /sys/bus/usb/drivers/winusb.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wu_test.h"
#include "libwinusb.h"

static void bind_link(const char *root, const char *name, const char *target)
{
	char link[512];

	snprintf(link, sizeof(link), "%s/bus/usb/drivers/winusb/%s", root, name);
	if (symlink(target, link))
		perror(link);
}

static void make_device(const char *root, const char *dev, const char *vid,
			const char *pid, const char *serial)
{
	char rel[256];

	snprintf(rel, sizeof(rel), "devices/%s/idVendor", dev);
	wu_test_put(root, rel, vid);
	snprintf(rel, sizeof(rel), "devices/%s/idProduct", dev);
	wu_test_put(root, rel, pid);
	snprintf(rel, sizeof(rel), "devices/%s/bcdDevice", dev);
	wu_test_put(root, rel, "0102\n");
	snprintf(rel, sizeof(rel), "devices/%s/busnum", dev);
	wu_test_put(root, rel, dev[3] == '1' ? "1\n" : "2\n");
	snprintf(rel, sizeof(rel), "devices/%s/devnum", dev);
	wu_test_put(root, rel, "7\n");
	snprintf(rel, sizeof(rel), "devices/%s/bConfigurationValue", dev);
	wu_test_put(root, rel, "1\n");
	if (serial) {
		snprintf(rel, sizeof(rel), "devices/%s/serial", dev);
		wu_test_put(root, rel, serial);
	}
}

static void make_interface(const char *root, const char *dev, const char *name,
			   const char *num, const char *cls)
{
	char rel[256], target[256];

	snprintf(rel, sizeof(rel), "devices/%s/%s/bInterfaceNumber", dev, name);
	wu_test_put(root, rel, num);
	snprintf(rel, sizeof(rel), "devices/%s/%s/bInterfaceClass", dev, name);
	wu_test_put(root, rel, cls);
	snprintf(rel, sizeof(rel), "devices/%s/%s/bInterfaceSubClass", dev, name);
	wu_test_put(root, rel, "00\n");
	snprintf(rel, sizeof(rel), "devices/%s/%s/bInterfaceProtocol", dev, name);
	wu_test_put(root, rel, "01\n");
	snprintf(target, sizeof(target), "../../../../devices/%s/%s", dev, name);
	bind_link(root, name, target);
}

FIXTURE(sysfs) {
	char dir[64];
	char root[96];
};

FIXTURE_SETUP(sysfs)
{
	strcpy(self->dir, "/tmp/wu-lookup-XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
	snprintf(self->root, sizeof(self->root), "%s/sys", self->dir);
	ASSERT_EQ(0, mkdir(self->root, 0755));
	wu_test_put(self->root, "bus/usb/drivers/winusb/bind", "");
	wu_test_put(self->root, "bus/usb/drivers/winusb/new_id", "");
	wu_test_put(self->root, "bus/usb/drivers/winusb/uevent", "");
	make_device(self->root, "usb1/1-1", "1234\n", "5678\n", "SN123\n");
	make_device(self->root, "usb1/1-10", "1234\n", "5678\n", NULL);
	make_device(self->root, "usb2/2-1.4", "abcd\n", "0001\n", NULL);
	make_interface(self->root, "usb1/1-1", "1-1:1.0", "00\n", "ff\n");
	make_interface(self->root, "usb1/1-1", "1-1:1.2", "02\n", "0a\n");
	make_interface(self->root, "usb1/1-10", "1-10:1.0", "00\n", "ff\n");
	make_interface(self->root, "usb2/2-1.4", "2-1.4:1.0", "00\n", "ff\n");
	wu_test_put(self->root, "dev/char/1:3/uevent",
	    "MAJOR=1\nMINOR=3\nDEVNAME=winusb/1-1:1.0\n");
	wu_sysfs_root = self->root;
}

FIXTURE_TEARDOWN(sysfs)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", self->dir);
	if (system(cmd))
		perror(cmd);
}

TEST_F(sysfs, enumerate_counts_and_sorts)
{
	WINUSB_LINUX_INTERFACE_INFO info[4];
	ULONG n = 0;

	EXPECT_WIN_FAIL(WinUsbLinux_EnumerateInterfaces(NULL, &n),
			ERROR_INSUFFICIENT_BUFFER);
	EXPECT_EQ(4u, n);
	n = 2;
	EXPECT_WIN_FAIL(WinUsbLinux_EnumerateInterfaces(info, &n),
			ERROR_INSUFFICIENT_BUFFER);
	EXPECT_EQ(4u, n);
	EXPECT_STREQ("1-1:1.0", info[0].SysfsName);
	ASSERT_WIN_OK(WinUsbLinux_EnumerateInterfaces(info, &n));
	ASSERT_EQ(4u, n);
	EXPECT_STREQ("1-1:1.0", info[0].SysfsName);
	EXPECT_STREQ("1-1:1.2", info[1].SysfsName);
	EXPECT_STREQ("1-10:1.0", info[2].SysfsName);
	EXPECT_STREQ("2-1.4:1.0", info[3].SysfsName);
}

TEST_F(sysfs, enumerate_fields)
{
	WINUSB_LINUX_INTERFACE_INFO info[4];
	ULONG n = 4;

	ASSERT_WIN_OK(WinUsbLinux_EnumerateInterfaces(info, &n));
	EXPECT_STREQ("/dev/winusb/1-1:1.2", info[1].DevicePath);
	EXPECT_EQ(0x1234, info[1].VendorId);
	EXPECT_EQ(0x5678, info[1].ProductId);
	EXPECT_EQ(0x0102, info[1].bcdDevice);
	EXPECT_EQ(1, info[1].BusNumber);
	EXPECT_EQ(7, info[1].DeviceAddress);
	EXPECT_EQ(1, info[1].ConfigurationValue);
	EXPECT_EQ(2, info[1].InterfaceNumber);
	EXPECT_EQ(0x0a, info[1].InterfaceClass);
	EXPECT_EQ(1, info[1].InterfaceProtocol);
	EXPECT_STREQ("SN123", info[1].SerialNumber);
	EXPECT_EQ(0u, info[1].NumGuids);
	EXPECT_EQ(0xabcd, info[3].VendorId);
	EXPECT_EQ(2, info[3].BusNumber);
	EXPECT_STREQ("", info[3].SerialNumber);
}

TEST_F(sysfs, find_device_path)
{
	CHAR path[WINUSB_LINUX_PATH_MAX], tiny[8];

	ASSERT_WIN_OK(WinUsbLinux_FindDevicePath(0x1234, 0x5678, -1, 0, path,
						 sizeof(path)));
	EXPECT_STREQ("/dev/winusb/1-1:1.0", path);
	ASSERT_WIN_OK(WinUsbLinux_FindDevicePath(0x1234, 0x5678, -1, 2, path,
						 sizeof(path)));
	EXPECT_STREQ("/dev/winusb/1-10:1.0", path);
	ASSERT_WIN_OK(WinUsbLinux_FindDevicePath(0x1234, 0x5678, 2, 0, path,
						 sizeof(path)));
	EXPECT_STREQ("/dev/winusb/1-1:1.2", path);
	ASSERT_WIN_OK(WinUsbLinux_FindDevicePath(0xabcd, 0x0001, 0, 0, path,
						 sizeof(path)));
	EXPECT_STREQ("/dev/winusb/2-1.4:1.0", path);
	EXPECT_WIN_FAIL(WinUsbLinux_FindDevicePath(0x1234, 0x5678, -1, 3, path,
						   sizeof(path)),
			ERROR_NO_MORE_ITEMS);
	EXPECT_WIN_FAIL(WinUsbLinux_FindDevicePath(0x1234, 0x5678, 1, 0, path,
						   sizeof(path)),
			ERROR_NO_MORE_ITEMS);
	EXPECT_WIN_FAIL(WinUsbLinux_FindDevicePath(0x1234, 0x5678, -1, 0, tiny,
						   sizeof(tiny)),
			ERROR_INSUFFICIENT_BUFFER);
	EXPECT_WIN_FAIL(WinUsbLinux_FindDevicePath(0x1234, 0x5678, -1, 0, NULL,
						   10),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsbLinux_FindDevicePath(0x1234, 0x5678, 256, 0, path,
						   sizeof(path)),
			ERROR_INVALID_PARAMETER);
}

TEST_F(sysfs, driver_not_loaded)
{
	CHAR path[WINUSB_LINUX_PATH_MAX];
	char other[128];
	ULONG n = 0;

	snprintf(other, sizeof(other), "%s/nothing", self->dir);
	wu_sysfs_root = other;
	EXPECT_WIN_OK(WinUsbLinux_EnumerateInterfaces(NULL, &n));
	EXPECT_EQ(0u, n);
	EXPECT_WIN_FAIL(WinUsbLinux_FindDevicePath(0x1234, 0x5678, -1, 0, path,
						   sizeof(path)),
			ERROR_NO_MORE_ITEMS);
	EXPECT_WIN_FAIL(WinUsbLinux_EnumerateInterfaces(NULL, NULL),
			ERROR_INVALID_PARAMETER);
	n = 1;
	EXPECT_WIN_FAIL(WinUsbLinux_EnumerateInterfaces(NULL, &n),
			ERROR_INVALID_PARAMETER);
}

#include <initguid.h>

/* As winusb.ko shows them: one GUID per line, braces, upper case. */
DEFINE_GUID(guid_a, 0x33c1508b, 0x8d50, 0x4159, 0xb9, 0x13, 0xa8, 0x14, 0xc4,
	    0x79, 0x71, 0x49);
DEFINE_GUID(guid_b, 0xb0493a1d, 0x92a7, 0x485f, 0x82, 0xe2, 0x19, 0xa1, 0x75,
	    0xb7, 0x3f, 0x4a);

TEST_F(sysfs, find_by_guid)
{
	WINUSB_LINUX_INTERFACE_INFO info[4];
	CHAR path[WINUSB_LINUX_PATH_MAX], tiny[8];
	ULONG n = 4;

	wu_test_put(self->root, "devices/usb1/1-1/1-1:1.0/winusb_interface_guids",
	    "{33C1508B-8D50-4159-B913-A814C4797149}\n"
	    "{B0493A1D-92A7-485F-82E2-19A175B73F4A}\n");
	/* Lower case, no braces, and garbage that is skipped. */
	wu_test_put(self->root, "devices/usb1/1-10/1-10:1.0/winusb_interface_guids",
	    "not-a-guid\n{33C1508B-8D50-4159-B913}\n"
	    "33c1508b-8d50-4159-b913-a814c4797149\n");
	/* A device without MS OS descriptors: the attribute is empty. */
	wu_test_put(self->root, "devices/usb1/1-1/1-1:1.2/winusb_interface_guids", "");

	ASSERT_WIN_OK(WinUsbLinux_EnumerateInterfaces(info, &n));
	EXPECT_EQ(2u, info[0].NumGuids);
	EXPECT_TRUE(IsEqualGUID(&info[0].InterfaceGuids[0], &guid_a));
	EXPECT_TRUE(IsEqualGUID(&info[0].InterfaceGuids[1], &guid_b));
	EXPECT_EQ(0u, info[1].NumGuids);
	EXPECT_EQ(1u, info[2].NumGuids);
	EXPECT_TRUE(IsEqualGUID(&info[2].InterfaceGuids[0], &guid_a));
	EXPECT_EQ(0u, info[3].NumGuids);

	ASSERT_WIN_OK(WinUsbLinux_FindDevicePathByGuid(&guid_a, 0, path,
						       sizeof(path)));
	EXPECT_STREQ("/dev/winusb/1-1:1.0", path);
	ASSERT_WIN_OK(WinUsbLinux_FindDevicePathByGuid(&guid_a, 1, path,
						       sizeof(path)));
	EXPECT_STREQ("/dev/winusb/1-10:1.0", path);
	EXPECT_WIN_FAIL(WinUsbLinux_FindDevicePathByGuid(&guid_a, 2, path,
							 sizeof(path)),
			ERROR_NO_MORE_ITEMS);
	ASSERT_WIN_OK(WinUsbLinux_FindDevicePathByGuid(&guid_b, 0, path,
						       sizeof(path)));
	EXPECT_STREQ("/dev/winusb/1-1:1.0", path);
	EXPECT_WIN_FAIL(WinUsbLinux_FindDevicePathByGuid(&WinUSB_TestGuid, 0,
							 path, sizeof(path)),
			ERROR_NO_MORE_ITEMS);
	EXPECT_WIN_FAIL(WinUsbLinux_FindDevicePathByGuid(&guid_a, 0, tiny,
							 sizeof(tiny)),
			ERROR_INSUFFICIENT_BUFFER);
	EXPECT_WIN_FAIL(WinUsbLinux_FindDevicePathByGuid(NULL, 0, path,
							 sizeof(path)),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsbLinux_FindDevicePathByGuid(&guid_a, 0, NULL, 8),
			ERROR_INVALID_PARAMETER);
}

TEST_F(sysfs, find_by_guid_unsupported)
{
	CHAR path[WINUSB_LINUX_PATH_MAX];
	char other[128];

	/* A driver without the attribute cannot answer. */
	EXPECT_WIN_FAIL(WinUsbLinux_FindDevicePathByGuid(&guid_a, 0, path,
							 sizeof(path)),
			ERROR_NOT_SUPPORTED);
	/* Nothing bound at all: nothing to find. */
	snprintf(other, sizeof(other), "%s/nothing", self->dir);
	wu_sysfs_root = other;
	EXPECT_WIN_FAIL(WinUsbLinux_FindDevicePathByGuid(&guid_a, 0, path,
							 sizeof(path)),
			ERROR_NO_MORE_ITEMS);
}

TEST_F(sysfs, interface_of_node)
{
	char name[64], devdir[64];
	int fd = open("/dev/null", O_RDONLY);

	ASSERT_GE(fd, 0);
	/* /dev/null is char 1:3, described as winusb/1-1:1.0 above. */
	ASSERT_EQ(0, wu_sysfs_interface_of_fd(fd, name, sizeof(name), devdir,
					      sizeof(devdir)));
	EXPECT_STREQ("1-1:1.0", name);
	EXPECT_STREQ("winusb", devdir);
	EXPECT_EQ(-ENAMETOOLONG, wu_sysfs_interface_of_fd(fd, name, 4, devdir,
							  sizeof(devdir)));
	close(fd);
	fd = open(self->root, O_RDONLY);	/* not a character device */
	EXPECT_EQ(-ENOTTY, wu_sysfs_interface_of_fd(fd, name, sizeof(name),
						    devdir, sizeof(devdir)));
	close(fd);
}

TEST_F(sysfs, attribute_readers)
{
	char path[256], buf[8];
	unsigned long v;

	snprintf(path, sizeof(path), "%s/devices/usb1/1-1/idVendor", self->root);
	EXPECT_EQ(0, wu_sysfs_read_hex(path, &v));
	EXPECT_EQ(0x1234ul, v);
	snprintf(path, sizeof(path), "%s/devices/usb1/1-1/serial", self->root);
	EXPECT_EQ(-EINVAL, wu_sysfs_read_dec(path, &v));
	EXPECT_EQ(0, wu_sysfs_read(path, buf, 4));
	EXPECT_STREQ("SN1", buf);
	EXPECT_EQ(-ENOENT, wu_sysfs_read("/nonexistent/attr", buf, sizeof(buf)));
}

TEST_HARNESS_MAIN
