// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * setupapi_test.c - SetupDi* and CM_Get_Device_Interface_List* on a fake
 * sysfs tree and udev database: discovery by GUID (MS OS descriptors and
 * the WINUSB_DEVICE_INTERFACE_GUIDS udev property), Windows device paths
 * and their mapping back to /dev/winusb nodes, registry properties, and
 * the Windows error codes of bad input (cbSize, short buffers, unknown
 * GUIDs, a device gone after enumeration).
 */
/* The harness compares int literals with DWORDs. */
#pragma GCC diagnostic ignored "-Wsign-compare"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wu_test.h"
#include "libwinusb.h"
#include "win32_internal.h"
#include <initguid.h>
#include <setupapi.h>
#include <cfgmgr32.h>
#include <usbiodef.h>

/* winusb-testdev's interface GUIDs, and one nobody has. */
DEFINE_GUID(guid_if0, 0x33c1508b, 0x8d50, 0x4159, 0xb9, 0x13, 0xa8, 0x14,
	    0xc4, 0x79, 0x71, 0x49);
DEFINE_GUID(guid_if1, 0xb0493a1d, 0x92a7, 0x485f, 0x82, 0xe2, 0x19, 0xa1,
	    0x75, 0xb7, 0x3f, 0x4a);
DEFINE_GUID(guid_udev, 0x0a0b0c0d, 0x1111, 0x2222, 0x33, 0x33, 0x44, 0x44,
	    0x55, 0x55, 0x66, 0x66);
DEFINE_GUID(guid_udev_dev, 0x0a0b0c0d, 0x1111, 0x2222, 0x33, 0x33, 0x77, 0x77,
	    0x88, 0x88, 0x99, 0x99);
DEFINE_GUID(guid_none, 0xdeadbeef, 0x0000, 0x1111, 0x22, 0x22, 0x33, 0x33,
	    0x44, 0x44, 0x55, 0x55);

static void attr(const char *root, const char *dir, const char *name,
		 const char *text)
{
	char rel[256];

	snprintf(rel, sizeof(rel), "%s/%s", dir, name);
	wu_test_put(root, rel, text);
}

static void link_to(const char *root, const char *from, const char *target)
{
	char link[512];

	snprintf(link, sizeof(link), "%s/%s", root, from);
	if (symlink(target, link))
		perror(link);
}

/* A device 1-1 (composite, testdev-like) and 1-2 (one interface, no GUID). */
FIXTURE(tree) {
	char dir[64];
	char sys[96], dev[96], udev[96];
};

FIXTURE_SETUP(tree)
{
	const char *d1 = "devices/usb1/1-1", *d2 = "devices/usb1/1-2";

	strcpy(self->dir, "/tmp/wu-setupapi-XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
	snprintf(self->sys, sizeof(self->sys), "%s/sys", self->dir);
	snprintf(self->dev, sizeof(self->dev), "%s/dev", self->dir);
	snprintf(self->udev, sizeof(self->udev), "%s/udev", self->dir);
	ASSERT_EQ(0, mkdir(self->sys, 0755));
	ASSERT_EQ(0, mkdir(self->dev, 0755));
	ASSERT_EQ(0, mkdir(self->udev, 0755));
	wu_test_put(self->sys, "bus/usb/drivers/winusb/bind", "");
	wu_test_put(self->sys, "bus/usb/devices/.keep", "");
	wu_test_put(self->sys, "devices/usb1/idVendor", "1d6b\n");

	attr(self->sys, d1, "idVendor", "1209\n");
	attr(self->sys, d1, "idProduct", "0001\n");
	attr(self->sys, d1, "bcdDevice", "0100\n");
	attr(self->sys, d1, "busnum", "1\n");
	attr(self->sys, d1, "devnum", "2\n");
	attr(self->sys, d1, "bNumInterfaces", " 2\n");
	attr(self->sys, d1, "bDeviceClass", "00\n");
	attr(self->sys, d1, "product", "winusb-testdev\n");
	attr(self->sys, d1, "manufacturer", "winusb for Linux\n");
	attr(self->sys, "devices/usb1/1-1/1-1:1.0", "bInterfaceNumber", "00\n");
	attr(self->sys, "devices/usb1/1-1/1-1:1.0", "bInterfaceClass", "ff\n");
	attr(self->sys, "devices/usb1/1-1/1-1:1.0", "bInterfaceSubClass", "00\n");
	attr(self->sys, "devices/usb1/1-1/1-1:1.0", "bInterfaceProtocol", "00\n");
	attr(self->sys, "devices/usb1/1-1/1-1:1.0", "winusb_interface_guids",
	     "{33C1508B-8D50-4159-B913-A814C4797149}\n");
	attr(self->sys, "devices/usb1/1-1/1-1:1.1", "bInterfaceNumber", "01\n");
	attr(self->sys, "devices/usb1/1-1/1-1:1.1", "bInterfaceClass", "ff\n");
	attr(self->sys, "devices/usb1/1-1/1-1:1.1", "interface", "Data\n");
	attr(self->sys, "devices/usb1/1-1/1-1:1.1", "winusb_interface_guids",
	     "{B0493A1D-92A7-485F-82E2-19A175B73F4A}\n");

	attr(self->sys, d2, "idVendor", "abcd\n");
	attr(self->sys, d2, "idProduct", "00ef\n");
	attr(self->sys, d2, "bcdDevice", "0200\n");
	attr(self->sys, d2, "busnum", "1\n");
	attr(self->sys, d2, "bNumInterfaces", " 1\n");
	attr(self->sys, "devices/usb1/1-2/1-2:1.0", "bInterfaceNumber", "00\n");
	attr(self->sys, "devices/usb1/1-2/1-2:1.0", "bInterfaceClass", "ff\n");
	attr(self->sys, "devices/usb1/1-2/1-2:1.0", "winusb_interface_guids", "");

	link_to(self->sys, "bus/usb/drivers/winusb/1-1:1.0",
		"../../../../devices/usb1/1-1/1-1:1.0");
	link_to(self->sys, "bus/usb/drivers/winusb/1-1:1.1",
		"../../../../devices/usb1/1-1/1-1:1.1");
	link_to(self->sys, "bus/usb/drivers/winusb/1-2:1.0",
		"../../../../devices/usb1/1-2/1-2:1.0");
	link_to(self->sys, "bus/usb/devices/1-1", "../../../devices/usb1/1-1");
	link_to(self->sys, "bus/usb/devices/1-2", "../../../devices/usb1/1-2");
	link_to(self->sys, "bus/usb/devices/usb1", "../../../devices/usb1");

	/* The user's rule gave 1-2 a GUID (udev database format). */
	wu_test_put(self->udev, "data/+usb:1-2:1.0",
	    "I:123\nE:DEVTYPE=usb_interface\n"
	    "E:WINUSB_DEVICE_INTERFACE_GUIDS={0A0B0C0D-1111-2222-3333-444455556666}\n");
	/* ... and one to its device, whose entry is named by its node. */
	attr(self->sys, d2, "dev", "189:3\n");
	wu_test_put(self->udev, "data/c189:3",
	    "I:124\nE:DEVTYPE=usb_device\n"
	    "E:WINUSB_DEVICE_INTERFACE_GUIDS={0A0B0C0D-1111-2222-3333-777788889999}\n");

	wu_test_put(self->dev, "winusb/1-1:1.0", "");
	wu_test_put(self->dev, "winusb/1-1:1.1", "");
	wu_test_put(self->dev, "winusb/1-2:1.0", "");
	wu_sysfs_root = self->sys;
	wu_dev_root = self->dev;
	wu_udev_root = self->udev;
}

FIXTURE_TEARDOWN(tree)
{
	char cmd[128];

	if (getenv("WU_TEST_KEEP"))	/* to look at the tree */
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", self->dir);
	if (system(cmd))
		perror(cmd);
}

/* The device path of the @index-th interface of @guid, or "" if none. */
static DWORD devpath(const GUID *guid, DWORD index, char *out, size_t size)
{
	SP_DEVICE_INTERFACE_DATA ifd = { .cbSize = sizeof(ifd) };
	PSP_DEVICE_INTERFACE_DETAIL_DATA_A det;
	HDEVINFO set;
	DWORD need = 0, err = 0;

	out[0] = '\0';
	set = SetupDiGetClassDevsA(guid, NULL, NULL,
				   DIGCF_PRESENT | DIGCF_DEVICEINTERFACE);
	if (set == INVALID_HANDLE_VALUE)
		return GetLastError();
	if (!SetupDiEnumDeviceInterfaces(set, NULL, guid, index, &ifd)) {
		err = GetLastError();
		goto out;
	}
	SetupDiGetDeviceInterfaceDetailA(set, &ifd, NULL, 0, &need, NULL);
	det = malloc(need);
	det->cbSize = sizeof(*det);
	if (SetupDiGetDeviceInterfaceDetailA(set, &ifd, det, need, NULL, NULL))
		snprintf(out, size, "%s", det->DevicePath);
	else
		err = GetLastError();
	free(det);
out:
	SetupDiDestroyDeviceInfoList(set);
	return err;
}

TEST_F(tree, find_by_msos_guid)
{
	char path[256];

	EXPECT_EQ(0, devpath(&guid_if0, 0, path, sizeof(path)));
	EXPECT_STREQ("\\\\?\\usb#vid_1209&pid_0001&mi_00#1-1:1.0#"
		     "{33c1508b-8d50-4159-b913-a814c4797149}", path);
	EXPECT_EQ(ERROR_NO_MORE_ITEMS, devpath(&guid_if0, 1, path, sizeof(path)));
	EXPECT_EQ(0, devpath(&guid_if1, 0, path, sizeof(path)));
	EXPECT_STREQ("\\\\?\\usb#vid_1209&pid_0001&mi_01#1-1:1.1#"
		     "{b0493a1d-92a7-485f-82e2-19a175b73f4a}", path);
}

TEST_F(tree, find_by_udev_guid_single_interface)
{
	char path[256];

	/* One interface: no &mi_xx, as Windows names a non-composite device. */
	EXPECT_EQ(0, devpath(&guid_udev, 0, path, sizeof(path)));
	EXPECT_STREQ("\\\\?\\usb#vid_abcd&pid_00ef#1-2:1.0#"
		     "{0a0b0c0d-1111-2222-3333-444455556666}", path);
}

TEST_F(tree, find_by_udev_guid_on_device)
{
	char path[256];

	EXPECT_EQ(0, devpath(&guid_udev_dev, 0, path, sizeof(path)));
	EXPECT_STREQ("\\\\?\\usb#vid_abcd&pid_00ef#1-2:1.0#"
		     "{0a0b0c0d-1111-2222-3333-777788889999}", path);
}

TEST_F(tree, unknown_guid_is_empty_set)
{
	SP_DEVICE_INTERFACE_DATA ifd = { .cbSize = sizeof(ifd) };
	SP_DEVINFO_DATA di = { .cbSize = sizeof(di) };
	HDEVINFO set;

	set = SetupDiGetClassDevsA(&guid_none, NULL, NULL,
				   DIGCF_PRESENT | DIGCF_DEVICEINTERFACE);
	ASSERT_NE(INVALID_HANDLE_VALUE, set);
	EXPECT_WIN_FAIL(SetupDiEnumDeviceInterfaces(set, NULL, &guid_none, 0,
						    &ifd), ERROR_NO_MORE_ITEMS);
	EXPECT_WIN_FAIL(SetupDiEnumDeviceInfo(set, 0, &di), ERROR_NO_MORE_ITEMS);
	EXPECT_WIN_OK(SetupDiDestroyDeviceInfoList(set));
	EXPECT_WIN_FAIL(SetupDiDestroyDeviceInfoList(set), ERROR_INVALID_HANDLE);
}

TEST_F(tree, bad_input)
{
	SP_DEVICE_INTERFACE_DATA ifd = { .cbSize = sizeof(ifd) };
	SP_DEVINFO_DATA di = { .cbSize = sizeof(di) };
	union {
		SP_DEVICE_INTERFACE_DETAIL_DATA_A a;
		char buf[512];
	} det;
	DWORD need = 0, need2 = 0;
	HDEVINFO set;

	/* 64-bit Windows sizes. */
	EXPECT_EQ(32, sizeof(SP_DEVICE_INTERFACE_DATA));
	EXPECT_EQ(32, sizeof(SP_DEVINFO_DATA));
	EXPECT_EQ(8, sizeof(SP_DEVICE_INTERFACE_DETAIL_DATA_A));
	EXPECT_EQ(8, sizeof(SP_DEVICE_INTERFACE_DETAIL_DATA_W));

	SetLastError(0);
	EXPECT_EQ(INVALID_HANDLE_VALUE,
		  SetupDiGetClassDevsA(NULL, NULL, NULL, DIGCF_PRESENT));
	EXPECT_EQ(ERROR_INVALID_PARAMETER, GetLastError());
	EXPECT_EQ(INVALID_HANDLE_VALUE,
		  SetupDiGetClassDevsA(&guid_if0, NULL, NULL, 0x8000));
	EXPECT_EQ(ERROR_INVALID_FLAGS, GetLastError());

	set = SetupDiGetClassDevsA(&guid_if0, NULL, NULL,
				   DIGCF_PRESENT | DIGCF_DEVICEINTERFACE);
	ASSERT_NE(INVALID_HANDLE_VALUE, set);

	/* Wrong cbSize in the interface data. */
	ifd.cbSize = sizeof(ifd) - 4;
	EXPECT_WIN_FAIL(SetupDiEnumDeviceInterfaces(set, NULL, &guid_if0, 0,
						    &ifd), ERROR_INVALID_USER_BUFFER);
	ifd.cbSize = sizeof(ifd);
	EXPECT_WIN_FAIL(SetupDiEnumDeviceInterfaces(set, NULL, NULL, 0, &ifd),
			ERROR_INVALID_PARAMETER);
	ASSERT_WIN_OK(SetupDiEnumDeviceInterfaces(set, NULL, &guid_if0, 0, &ifd));
	EXPECT_EQ(SPINT_ACTIVE, ifd.Flags);

	/* The size query first, as every Windows program does it. */
	EXPECT_WIN_FAIL(SetupDiGetDeviceInterfaceDetailA(set, &ifd, NULL, 0,
							 &need, NULL),
			ERROR_INSUFFICIENT_BUFFER);
	EXPECT_EQ(4 + strlen("\\\\?\\usb#vid_1209&pid_0001&mi_00#1-1:1.0#"
			     "{33c1508b-8d50-4159-b913-a814c4797149}") + 1, need);
	/* cbSize is the fixed part (8), not the buffer: 1 or the length fail. */
	det.a.cbSize = 5;
	EXPECT_WIN_FAIL(SetupDiGetDeviceInterfaceDetailA(set, &ifd, &det.a, need,
							 NULL, NULL),
			ERROR_INVALID_USER_BUFFER);
	det.a.cbSize = need;
	EXPECT_WIN_FAIL(SetupDiGetDeviceInterfaceDetailA(set, &ifd, &det.a, need,
							 NULL, NULL),
			ERROR_INVALID_USER_BUFFER);
	/* A buffer one byte short. */
	det.a.cbSize = sizeof(det.a);
	EXPECT_WIN_FAIL(SetupDiGetDeviceInterfaceDetailA(set, &ifd, &det.a,
							 need - 1, &need2, NULL),
			ERROR_INSUFFICIENT_BUFFER);
	EXPECT_EQ(need, need2);
	/* Smaller than the structure itself. */
	EXPECT_WIN_FAIL(SetupDiGetDeviceInterfaceDetailA(set, &ifd, &det.a, 4,
							 NULL, NULL),
			ERROR_INVALID_USER_BUFFER);
	/* Wrong cbSize of the optional SP_DEVINFO_DATA. */
	di.cbSize = 16;
	EXPECT_WIN_FAIL(SetupDiGetDeviceInterfaceDetailA(set, &ifd, &det.a, need,
							 NULL, &di),
			ERROR_INVALID_USER_BUFFER);
	di.cbSize = sizeof(di);
	EXPECT_WIN_OK(SetupDiGetDeviceInterfaceDetailA(set, &ifd, &det.a, need,
						       NULL, &di));
	EXPECT_EQ(0x88BAE032, di.ClassGuid.Data1);	/* USBDevice class */
	EXPECT_EQ(0xD6, di.ClassGuid.Data4[7]);

	di.cbSize = 31;
	EXPECT_WIN_FAIL(SetupDiEnumDeviceInfo(set, 0, &di), ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(SetupDiEnumDeviceInfo(NULL, 0, &di), ERROR_INVALID_HANDLE);
	EXPECT_WIN_FAIL(SetupDiEnumDeviceInterfaces(INVALID_HANDLE_VALUE, NULL,
						    &guid_if0, 0, &ifd),
			ERROR_INVALID_HANDLE);
	SetupDiDestroyDeviceInfoList(set);
}

TEST_F(tree, detail_w)
{
	SP_DEVICE_INTERFACE_DATA ifd = { .cbSize = sizeof(ifd) };
	PSP_DEVICE_INTERFACE_DETAIL_DATA_W det;
	char back[256];
	DWORD need = 0;
	HDEVINFO set;

	set = SetupDiGetClassDevsW(&guid_if1, u"USB", NULL,
				   DIGCF_PRESENT | DIGCF_DEVICEINTERFACE);
	ASSERT_NE(INVALID_HANDLE_VALUE, set);
	ASSERT_WIN_OK(SetupDiEnumDeviceInterfaces(set, NULL, &guid_if1, 0, &ifd));
	EXPECT_WIN_FAIL(SetupDiGetDeviceInterfaceDetailW(set, &ifd, NULL, 0,
							 &need, NULL),
			ERROR_INSUFFICIENT_BUFFER);
	det = malloc(need);
	det->cbSize = sizeof(*det);
	ASSERT_WIN_OK(SetupDiGetDeviceInterfaceDetailW(set, &ifd, det, need,
						       NULL, NULL));
	EXPECT_EQ(need, 4 + 2 * (lstrlenW(det->DevicePath) + 1));
	ASSERT_LT(0, WideCharToMultiByte(CP_UTF8, 0, det->DevicePath, -1, back,
					 sizeof(back), NULL, NULL));
	EXPECT_STREQ("\\\\?\\usb#vid_1209&pid_0001&mi_01#1-1:1.1#"
		     "{b0493a1d-92a7-485f-82e2-19a175b73f4a}", back);
	free(det);
	SetupDiDestroyDeviceInfoList(set);

	/* Another enumerator than USB: nothing. */
	set = SetupDiGetClassDevsW(&guid_if1, u"PCI", NULL,
				   DIGCF_PRESENT | DIGCF_DEVICEINTERFACE);
	EXPECT_WIN_FAIL(SetupDiEnumDeviceInterfaces(set, NULL, &guid_if1, 0, &ifd),
			ERROR_NO_MORE_ITEMS);
	SetupDiDestroyDeviceInfoList(set);
}

TEST_F(tree, allclasses_and_usb_device)
{
	SP_DEVICE_INTERFACE_DATA ifd = { .cbSize = sizeof(ifd) };
	SP_DEVINFO_DATA di = { .cbSize = sizeof(di) };
	char path[256];
	HDEVINFO set;
	DWORD n = 0;

	set = SetupDiGetClassDevsA(NULL, NULL, NULL, DIGCF_PRESENT |
				   DIGCF_ALLCLASSES | DIGCF_DEVICEINTERFACE);
	ASSERT_NE(INVALID_HANDLE_VALUE, set);
	while (SetupDiEnumDeviceInfo(set, n, &di))
		n++;
	EXPECT_EQ(ERROR_NO_MORE_ITEMS, GetLastError());
	/* Three winusb interfaces and two USB devices (no root hub). */
	EXPECT_EQ(5, n);
	EXPECT_WIN_OK(SetupDiEnumDeviceInterfaces(set, NULL, &guid_udev, 0, &ifd));
	EXPECT_WIN_OK(SetupDiEnumDeviceInterfaces(set, NULL,
						  &GUID_DEVINTERFACE_USB_DEVICE,
						  1, &ifd));
	EXPECT_WIN_FAIL(SetupDiEnumDeviceInterfaces(set, NULL,
						    &GUID_DEVINTERFACE_USB_DEVICE,
						    2, &ifd), ERROR_NO_MORE_ITEMS);
	SetupDiDestroyDeviceInfoList(set);

	EXPECT_EQ(0, devpath(&GUID_DEVINTERFACE_USB_DEVICE, 0, path,
			     sizeof(path)));
	EXPECT_STREQ("\\\\?\\usb#vid_1209&pid_0001#1-1#"
		     "{a5dcbf10-6530-11d2-901f-00c04fb951ed}", path);
}

TEST_F(tree, devpath_to_node)
{
	char path[256], node[256], want[256];

	ASSERT_EQ(0, devpath(&guid_if1, 0, path, sizeof(path)));
	ASSERT_EQ(0, wu_devpath_to_node(path, node, sizeof(node)));
	snprintf(want, sizeof(want), "%s/winusb/1-1:1.1", self->dev);
	EXPECT_STREQ(want, node);
	/* Case does not matter, and \\.\ works as well as \\?\. */
	EXPECT_EQ(0, wu_devpath_to_node("\\\\.\\USB#VID_1209&PID_0001&MI_01#"
					"1-1:1.1#{B0493A1D-92A7-485F-82E2-"
					"19A175B73F4A}", node, sizeof(node)));
	/* Not a device path: opened as it is. */
	EXPECT_EQ(-EINVAL, wu_devpath_to_node("/dev/winusb/1-1:1.0", node,
					      sizeof(node)));
	/* Another VID: not this device. */
	EXPECT_EQ(-ENOENT, wu_devpath_to_node("\\\\?\\usb#vid_1234&pid_0001#"
					      "1-1:1.1#{x}", node, sizeof(node)));
	EXPECT_EQ(-ENOENT, wu_devpath_to_node("\\\\?\\usb#vid_1209&pid_0001#"
					      "../1-1:1.1#{x}", node,
					      sizeof(node)));
	/* A USB device path of a single-interface device: its node. */
	EXPECT_EQ(0, wu_devpath_to_node("\\\\?\\usb#vid_abcd&pid_00ef#1-2#"
					"{a5dcbf10-6530-11d2-901f-00c04fb951ed}",
					node, sizeof(node)));
	/* Of a composite device: which interface? Access denied. */
	EXPECT_EQ(-EACCES, wu_devpath_to_node("\\\\?\\usb#vid_1209&pid_0001#"
					      "1-1#{a5dcbf10-6530-11d2-901f-"
					      "00c04fb951ed}", node,
					      sizeof(node)));

	/* CreateFile() on a path whose device is gone. */
	ASSERT_EQ(0, devpath(&guid_if0, 0, path, sizeof(path)));
	snprintf(node, sizeof(node), "%s/bus/usb/drivers/winusb/1-1:1.0",
		 self->sys);
	ASSERT_EQ(0, unlink(node));
	SetLastError(0);
	EXPECT_EQ(INVALID_HANDLE_VALUE,
		  CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL,
			      OPEN_EXISTING, FILE_FLAG_OVERLAPPED, NULL));
	EXPECT_EQ(ERROR_FILE_NOT_FOUND, GetLastError());
	SetLastError(0);
	EXPECT_EQ(INVALID_HANDLE_VALUE,
		  CreateFileW(u"\\\\?\\usb#vid_1209&pid_0001&mi_00#1-1:1.0#{x}",
			      GENERIC_READ, 0, NULL, OPEN_EXISTING,
			      FILE_FLAG_OVERLAPPED, NULL));
	EXPECT_EQ(ERROR_FILE_NOT_FOUND, GetLastError());
}

/* A string property through the A function, with the size query. */
static DWORD prop_a(HDEVINFO set, SP_DEVINFO_DATA *di, DWORD prop,
		    char *buf, DWORD size, DWORD *type)
{
	DWORD need = 0;

	if (SetupDiGetDeviceRegistryPropertyA(set, di, prop, type, NULL, 0,
					      &need))
		return 0xffffffff;	/* a size query never succeeds */
	if (GetLastError() != ERROR_INSUFFICIENT_BUFFER)
		return GetLastError();
	if (need > size)
		return 0xfffffffe;
	if (!SetupDiGetDeviceRegistryPropertyA(set, di, prop, type,
					       (PBYTE)buf, size, &need))
		return GetLastError();
	return 0;
}

TEST_F(tree, registry_properties)
{
	SP_DEVICE_INTERFACE_DATA ifd = { .cbSize = sizeof(ifd) };
	SP_DEVINFO_DATA di = { .cbSize = sizeof(di) };
	char buf[256];
	WCHAR wbuf[128];
	DWORD type = 0, need = 0, dw = 0;
	HDEVINFO set;

	set = SetupDiGetClassDevsA(&guid_if1, NULL, NULL,
				   DIGCF_PRESENT | DIGCF_DEVICEINTERFACE);
	ASSERT_NE(INVALID_HANDLE_VALUE, set);
	ASSERT_WIN_OK(SetupDiEnumDeviceInfo(set, 0, &di));

	ASSERT_EQ(0, prop_a(set, &di, SPDRP_HARDWAREID, buf, sizeof(buf), &type));
	EXPECT_EQ(REG_MULTI_SZ, type);
	EXPECT_STREQ("USB\\VID_1209&PID_0001&REV_0100&MI_01", buf);
	EXPECT_STREQ("USB\\VID_1209&PID_0001&MI_01", buf + strlen(buf) + 1);

	ASSERT_EQ(0, prop_a(set, &di, SPDRP_DEVICEDESC, buf, sizeof(buf), &type));
	EXPECT_EQ(REG_SZ, type);
	EXPECT_STREQ("Data", buf);	/* the interface string */
	ASSERT_EQ(0, prop_a(set, &di, SPDRP_FRIENDLYNAME, buf, sizeof(buf), NULL));
	EXPECT_STREQ("winusb-testdev", buf);
	ASSERT_EQ(0, prop_a(set, &di, SPDRP_MFG, buf, sizeof(buf), NULL));
	EXPECT_STREQ("winusb for Linux", buf);
	ASSERT_EQ(0, prop_a(set, &di, SPDRP_LOCATION_INFORMATION, buf,
			    sizeof(buf), NULL));
	EXPECT_STREQ("Port_#0001.Hub_#0001", buf);
	ASSERT_EQ(0, prop_a(set, &di, SPDRP_COMPATIBLEIDS, buf, sizeof(buf), NULL));
	EXPECT_STREQ("USB\\Class_ff&SubClass_00&Prot_00", buf);
	ASSERT_EQ(0, prop_a(set, &di, SPDRP_SERVICE, buf, sizeof(buf), NULL));
	EXPECT_STREQ("WinUSB", buf);

	EXPECT_WIN_OK(SetupDiGetDeviceRegistryPropertyA(set, &di,
		SPDRP_BUSNUMBER, &type, (PBYTE)&dw, sizeof(dw), &need));
	EXPECT_EQ(REG_DWORD, type);
	EXPECT_EQ(1, dw);
	EXPECT_EQ(4, need);

	/* W: UTF-16, sizes in bytes. */
	EXPECT_WIN_OK(SetupDiGetDeviceRegistryPropertyW(set, &di,
		SPDRP_FRIENDLYNAME, &type, (PBYTE)wbuf, sizeof(wbuf), &need));
	EXPECT_EQ(2 * (strlen("winusb-testdev") + 1), need);
	EXPECT_EQ('w', wbuf[0]);
	EXPECT_EQ(0, wbuf[14]);

	/* Short buffer, unknown property, a property the device lacks. */
	EXPECT_WIN_FAIL(SetupDiGetDeviceRegistryPropertyA(set, &di,
		SPDRP_FRIENDLYNAME, NULL, (PBYTE)buf, 3, &need),
		ERROR_INSUFFICIENT_BUFFER);
	EXPECT_EQ(strlen("winusb-testdev") + 1, need);
	EXPECT_WIN_FAIL(SetupDiGetDeviceRegistryPropertyA(set, &di,
		SPDRP_MAXIMUM_PROPERTY, NULL, (PBYTE)buf, sizeof(buf), NULL),
		ERROR_INVALID_REG_PROPERTY);
	EXPECT_WIN_FAIL(SetupDiGetDeviceRegistryPropertyA(set, &di,
		SPDRP_UPPERFILTERS, NULL, (PBYTE)buf, sizeof(buf), NULL),
		ERROR_INVALID_DATA);
	di.cbSize = 0;
	EXPECT_WIN_FAIL(SetupDiGetDeviceRegistryPropertyA(set, &di,
		SPDRP_HARDWAREID, NULL, (PBYTE)buf, sizeof(buf), NULL),
		ERROR_INVALID_PARAMETER);
	di.cbSize = sizeof(di);

	EXPECT_WIN_OK(SetupDiGetDeviceInstanceIdA(set, &di, buf, sizeof(buf),
						  NULL));
	EXPECT_STREQ("USB\\VID_1209&PID_0001&MI_01\\1-1:1.1", buf);

	/* Interfaces of one device only. */
	EXPECT_WIN_OK(SetupDiEnumDeviceInterfaces(set, &di, &guid_if1, 0, &ifd));
	EXPECT_WIN_FAIL(SetupDiEnumDeviceInterfaces(set, &di, &guid_if0, 0, &ifd),
			ERROR_NO_MORE_ITEMS);

	/* Unplugged after the snapshot. */
	snprintf(buf, sizeof(buf), "%s/bus/usb/drivers/winusb/1-1:1.1",
		 self->sys);
	ASSERT_EQ(0, unlink(buf));
	EXPECT_WIN_FAIL(SetupDiGetDeviceRegistryPropertyA(set, &di,
		SPDRP_HARDWAREID, NULL, (PBYTE)buf, sizeof(buf), NULL),
		ERROR_NO_SUCH_DEVINST);
	SetupDiDestroyDeviceInfoList(set);
}

TEST_F(tree, cm_device_interface_list)
{
	ULONG len = 0;
	char list[512];
	WCHAR wlist[512];

	ASSERT_EQ(CR_SUCCESS, CM_Get_Device_Interface_List_SizeA(&len,
		  (LPGUID)&guid_if0, NULL, CM_GET_DEVICE_INTERFACE_LIST_PRESENT));
	ASSERT_EQ(strlen("\\\\?\\usb#vid_1209&pid_0001&mi_00#1-1:1.0#"
			 "{33c1508b-8d50-4159-b913-a814c4797149}") + 2, len);
	EXPECT_EQ(CR_BUFFER_SMALL, CM_Get_Device_Interface_ListA(
		  (LPGUID)&guid_if0, NULL, list, len - 1, 0));
	ASSERT_EQ(CR_SUCCESS, CM_Get_Device_Interface_ListA((LPGUID)&guid_if0,
		  NULL, list, len, 0));
	EXPECT_EQ(0, strncmp(list, "\\\\?\\usb#vid_1209&pid_0001&mi_00#", 31));
	EXPECT_EQ(0, list[len - 1]);
	EXPECT_EQ(0, list[len - 2]);

	/* None: a lone NUL. */
	ASSERT_EQ(CR_SUCCESS, CM_Get_Device_Interface_List_SizeW(&len,
		  (LPGUID)&guid_none, NULL, 0));
	EXPECT_EQ(1, len);
	ASSERT_EQ(CR_SUCCESS, CM_Get_Device_Interface_ListW((LPGUID)&guid_none,
		  NULL, wlist, 512, 0));
	EXPECT_EQ(0, wlist[0]);
	ASSERT_EQ(CR_SUCCESS, CM_Get_Device_Interface_ListW((LPGUID)&guid_udev,
		  NULL, wlist, 512, 0));
	EXPECT_EQ('\\', wlist[0]);

	EXPECT_EQ(CR_INVALID_POINTER, CM_Get_Device_Interface_List_SizeA(NULL,
		  (LPGUID)&guid_if0, NULL, 0));
	EXPECT_EQ(CR_INVALID_FLAG, CM_Get_Device_Interface_List_SizeA(&len,
		  (LPGUID)&guid_if0, NULL, 2));
	EXPECT_EQ(ERROR_INSUFFICIENT_BUFFER,
		  CM_MapCrToWin32Err(CR_BUFFER_SMALL, ERROR_INVALID_DATA));
	EXPECT_EQ(ERROR_INVALID_DATA, CM_MapCrToWin32Err(0x7777, ERROR_INVALID_DATA));
}

TEST_HARNESS_MAIN
