// SPDX-License-Identifier: GPL-2.0
/*
 * device_test - libwinusb against winusb.ko and winusb-testdev: interface
 * handles, descriptors, interface settings, device information, alternate
 * settings, pipe information and power policies, each with its success and
 * its documented failures (the Windows error codes of
 * Documentation/userspace-transfers.rst).
 *
 * run.sh attaches the test device with these options, which the expected
 * values below follow ($WINUSB_TEST_SPEED):
 *
 *   high:  --speed high --isoch-mult 2     (isoch MaximumBytesPerInterval 2048)
 *   full:  --speed full                  (isoch 192)
 *   super: --speed super --isoch-burst 1 --isoch-mult 2   (isoch 4096)
 */
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "wintest.h"

FIXTURE(dev) {
	CHAR path[WINUSB_LINUX_PATH_MAX];
	HANDLE file;
	WINUSB_INTERFACE_HANDLE usb;
};

FIXTURE_SETUP(dev)
{
	self->usb = NULL;
	self->file = wt_open(TD_IFACE_LOOPBACK, self->path, sizeof(self->path));
	ASSERT_NE(INVALID_HANDLE_VALUE, self->file)
		TH_LOG("no test device: GetLastError() = %u", GetLastError());
	ASSERT_WIN_OK(WinUsb_Initialize(self->file, &self->usb));
	ASSERT_WIN_OK(td_reset(self->usb));
}

FIXTURE_TEARDOWN(dev)
{
	if (self->usb)
		WinUsb_Free(self->usb);
	if (self->file)
		CloseHandle(self->file);
}

TEST(device_lookup)
{
	WINUSB_LINUX_INTERFACE_INFO info[16];
	CHAR path[WINUSB_LINUX_PATH_MAX], path1[WINUSB_LINUX_PATH_MAX];
	ULONG count = 16, i, found = 0;

	ASSERT_WIN_OK(WinUsbLinux_FindDevicePath(TD_VID, TD_PID, 0, 0, path,
						 sizeof(path)));
	EXPECT_EQ(0, strncmp(path, "/dev/winusb/", 12));
	EXPECT_EQ(0, strcmp(path + strlen(path) - 4, ":1.0"));
	ASSERT_WIN_OK(WinUsbLinux_FindDevicePath(TD_VID, TD_PID, 1, 0, path1,
						 sizeof(path1)));
	EXPECT_EQ(0, strcmp(path1 + strlen(path1) - 4, ":1.1"));
	/* -1: any interface; member 1 is the second one. */
	ASSERT_WIN_OK(WinUsbLinux_FindDevicePath(TD_VID, TD_PID, -1, 1, path,
						 sizeof(path)));
	EXPECT_EQ(0, strcmp(path, path1));
	EXPECT_WIN_FAIL(WinUsbLinux_FindDevicePath(TD_VID, TD_PID, -1, 2, path,
						   sizeof(path)),
			ERROR_NO_MORE_ITEMS);
	EXPECT_WIN_FAIL(WinUsbLinux_FindDevicePath(TD_VID, 0x9999, -1, 0, path,
						   sizeof(path)),
			ERROR_NO_MORE_ITEMS);
	EXPECT_WIN_FAIL(WinUsbLinux_FindDevicePath(TD_VID, TD_PID, 0, 0, path,
						   8),
			ERROR_INSUFFICIENT_BUFFER);

	ASSERT_WIN_OK(WinUsbLinux_EnumerateInterfaces(info, &count));
	for (i = 0; i < count; i++) {
		if (info[i].VendorId != TD_VID || info[i].ProductId != TD_PID)
			continue;
		EXPECT_EQ(found, info[i].InterfaceNumber);
		EXPECT_EQ(0xff, info[i].InterfaceClass);
		EXPECT_EQ(TD_BCD_DEVICE, info[i].bcdDevice);
		EXPECT_EQ(TD_CONFIG_VALUE, info[i].ConfigurationValue);
		EXPECT_STREQ(TD_SERIAL_DEFAULT, info[i].SerialNumber);
		found++;
	}
	EXPECT_EQ(2u, found);
}

/* The Windows way: by the DeviceInterfaceGUID of the MS OS descriptors. */
TEST(device_lookup_by_guid)
{
	static const GUID g0 = TD_GUID_IFACE0, g1 = TD_GUID_IFACE1;
	WINUSB_LINUX_INTERFACE_INFO info[16];
	CHAR path[WINUSB_LINUX_PATH_MAX];
	ULONG count = 16, i;

	SetLastError(0);
	if (!WinUsbLinux_FindDevicePathByGuid(&g0, 0, path, sizeof(path)) &&
	    GetLastError() == ERROR_NOT_SUPPORTED)
		SKIP(return, "winusb.ko does not report DeviceInterfaceGUIDs");
	ASSERT_WIN_OK(WinUsbLinux_FindDevicePathByGuid(&g0, 0, path,
						       sizeof(path)));
	EXPECT_EQ(0, strcmp(path + strlen(path) - 4, ":1.0"));
	ASSERT_WIN_OK(WinUsbLinux_FindDevicePathByGuid(&g1, 0, path,
						       sizeof(path)));
	EXPECT_EQ(0, strcmp(path + strlen(path) - 4, ":1.1"));
	EXPECT_WIN_FAIL(WinUsbLinux_FindDevicePathByGuid(&g0, 1, path,
							 sizeof(path)),
			ERROR_NO_MORE_ITEMS);
	EXPECT_WIN_FAIL(WinUsbLinux_FindDevicePathByGuid(&WinUSB_TestGuid, 0,
							 path, sizeof(path)),
			ERROR_NO_MORE_ITEMS);
	ASSERT_WIN_OK(WinUsbLinux_EnumerateInterfaces(info, &count));
	for (i = 0; i < count; i++) {
		if (info[i].VendorId != TD_VID || info[i].ProductId != TD_PID)
			continue;
		EXPECT_EQ(1u, info[i].NumGuids);
		EXPECT_TRUE(IsEqualGUID(&info[i].InterfaceGuids[0],
					info[i].InterfaceNumber ? &g1 : &g0));
	}
}

TEST_F(dev, initialize_errors)
{
	WINUSB_INTERFACE_HANDLE h;
	HANDLE f;

	EXPECT_WIN_FAIL(WinUsb_Initialize(NULL, &h), ERROR_INVALID_HANDLE);
	EXPECT_WIN_FAIL(WinUsb_Initialize(INVALID_HANDLE_VALUE, &h),
			ERROR_INVALID_HANDLE);
	EXPECT_WIN_FAIL(WinUsb_Initialize(self->file, NULL),
			ERROR_INVALID_PARAMETER);
	/* An event is not a device handle. */
	f = CreateEvent(NULL, TRUE, FALSE, NULL);
	EXPECT_WIN_FAIL(WinUsb_Initialize(f, &h), ERROR_INVALID_HANDLE);
	CloseHandle(f);

	/* WinUSB needs FILE_FLAG_OVERLAPPED, and says so this way. */
	f = CreateFile(self->path, GENERIC_READ | GENERIC_WRITE,
		       FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
		       FILE_ATTRIBUTE_NORMAL, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, f);
	EXPECT_WIN_FAIL(WinUsb_Initialize(f, &h), ERROR_INVALID_HANDLE);
	EXPECT_WIN_OK(CloseHandle(f));

	/* A file that is not a winusb node. */
	f = CreateFile("/dev/null", GENERIC_READ | GENERIC_WRITE, 0, NULL,
		       OPEN_EXISTING, FILE_FLAG_OVERLAPPED, NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, f);
	EXPECT_WIN_FAIL(WinUsb_Initialize(f, &h), ERROR_INVALID_HANDLE);
	EXPECT_WIN_OK(CloseHandle(f));

	/* No such device node. */
	f = CreateFile("/dev/winusb/9-9:1.0", GENERIC_READ | GENERIC_WRITE, 0,
		       NULL, OPEN_EXISTING, FILE_FLAG_OVERLAPPED, NULL);
	EXPECT_EQ(INVALID_HANDLE_VALUE, f);
	EXPECT_EQ((DWORD)ERROR_FILE_NOT_FOUND, GetLastError());
}

/* In a child that is not root, with read access to the node only. */
static int read_only_child(const char *path)
{
	WINUSB_INTERFACE_HANDLE h;
	USB_INTERFACE_DESCRIPTOR id;
	WINUSB_PIPE_INFORMATION pi;
	UCHAR b[64], v = 1;
	ULONG n, len = 1;
	HANDLE f;

	if (setgid(65534) || setuid(65534))
		return 100;
	f = CreateFile(path, GENERIC_READ | GENERIC_WRITE, 0, NULL,
		       OPEN_EXISTING, FILE_FLAG_OVERLAPPED, NULL);
	if (f != INVALID_HANDLE_VALUE || GetLastError() != ERROR_ACCESS_DENIED)
		return 1;
	f = CreateFile(path, GENERIC_READ, FILE_SHARE_READ, NULL,
		       OPEN_EXISTING, FILE_FLAG_OVERLAPPED, NULL);
	if (f == INVALID_HANDLE_VALUE)
		return 2;
	/* Queries work... */
	if (!WinUsb_Initialize(f, &h))
		return 3;
	if (!WinUsb_QueryInterfaceSettings(h, 0, &id) ||
	    !WinUsb_QueryPipe(h, 0, 0, &pi) ||
	    !WinUsb_GetPipePolicy(h, TD_EP_BULK_IN, RAW_IO, &len, &v) ||
	    !WinUsb_GetDescriptor(h, USB_DEVICE_DESCRIPTOR_TYPE, 0, 0, b,
				  sizeof(b), &n))
		return 4;
	/* ...what talks to the device or changes the interface does not. */
	if (WinUsb_ReadPipe(h, TD_EP_BULK_IN, b, sizeof(b), &n, NULL) ||
	    GetLastError() != ERROR_ACCESS_DENIED)
		return 5;
	if (WinUsb_SetPipePolicy(h, TD_EP_BULK_IN, RAW_IO, 1, &v) ||
	    GetLastError() != ERROR_ACCESS_DENIED)
		return 6;
	if (WinUsb_GetDescriptor(h, USB_STRING_DESCRIPTOR_TYPE, 1, 0x0409, b,
				 sizeof(b), &n) ||
	    GetLastError() != ERROR_ACCESS_DENIED)
		return 7;
	if (!WinUsb_Free(h) || !CloseHandle(f))
		return 8;
	return 0;
}

TEST(read_only_access)
{
	CHAR path[WINUSB_LINUX_PATH_MAX];
	int status;
	pid_t pid;

	ASSERT_WIN_OK(WinUsbLinux_FindDevicePath(TD_VID, TD_PID, 0, 0, path,
						 sizeof(path)));
	/* What a udev rule granting read access only would do. */
	ASSERT_EQ(0, chmod(path, 0604));
	pid = fork();
	ASSERT_GE(pid, 0);
	if (!pid)
		_exit(read_only_child(path));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, chmod(path, 0600));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

TEST_F(dev, initialize_twice_and_free)
{
	WINUSB_INTERFACE_HANDLE h2;
	UCHAR out[16], in[16], v = 0;
	ULONG n = 0, len = 1;

	/* Two interface handles on one device handle are independent. */
	ASSERT_WIN_OK(WinUsb_Initialize(self->file, &h2));
	EXPECT_NE(self->usb, h2);
	wt_fill(out, sizeof(out), 1);
	ASSERT_WIN_OK(WinUsb_WritePipe(self->usb, TD_EP_BULK_OUT, out,
				       sizeof(out), &n, NULL));
	ASSERT_WIN_OK(WinUsb_ReadPipe(h2, TD_EP_BULK_IN, in, sizeof(in), &n,
				      NULL));
	EXPECT_EQ(sizeof(in), n);
	EXPECT_EQ(0, memcmp(in, out, sizeof(in)));
	ASSERT_WIN_OK(WinUsb_Free(h2));
	/* Linux: a freed handle is refused (Windows returns TRUE). */
	EXPECT_WIN_FAIL(WinUsb_Free(h2), ERROR_INVALID_HANDLE);
	EXPECT_WIN_FAIL(WinUsb_GetPipePolicy(h2, TD_EP_BULK_IN, RAW_IO, &len,
					     &v),
			ERROR_INVALID_HANDLE);
	EXPECT_WIN_FAIL(WinUsb_Free(NULL), ERROR_INVALID_HANDLE);
	/* The first handle still works. */
	EXPECT_WIN_OK(WinUsb_GetPipePolicy(self->usb, TD_EP_BULK_IN, RAW_IO,
					   &len, &v));

	/* The device handle may be closed before WinUsb_Free. */
	ASSERT_WIN_OK(CloseHandle(self->file));
	self->file = NULL;
	EXPECT_WIN_OK(WinUsb_WritePipe(self->usb, TD_EP_BULK_OUT, out, 5, &n,
				       NULL));
	EXPECT_WIN_OK(WinUsb_ReadPipe(self->usb, TD_EP_BULK_IN, in, 5, &n,
				      NULL));
	EXPECT_EQ(5u, n);
}

TEST_F(dev, initialize_restores_default_policies)
{
	WINUSB_INTERFACE_HANDLE h2;
	UCHAR on = TRUE, v = 9;
	ULONG ms = 100, len;

	ASSERT_WIN_OK(WinUsb_SetPipePolicy(self->usb, TD_EP_BULK_IN,
					   AUTO_CLEAR_STALL, 1, &on));
	ASSERT_WIN_OK(WinUsb_SetPipePolicy(self->usb, TD_EP_BULK_OUT,
					   SHORT_PACKET_TERMINATE, 1, &on));
	ASSERT_WIN_OK(WinUsb_SetPipePolicy(self->usb, 0, PIPE_TRANSFER_TIMEOUT,
					   sizeof(ms), &ms));
	ASSERT_WIN_OK(WinUsb_Initialize(self->file, &h2));
	len = 1;
	ASSERT_WIN_OK(WinUsb_GetPipePolicy(self->usb, TD_EP_BULK_IN,
					   AUTO_CLEAR_STALL, &len, &v));
	EXPECT_EQ(FALSE, v);
	len = 1;
	ASSERT_WIN_OK(WinUsb_GetPipePolicy(h2, TD_EP_BULK_OUT,
					   SHORT_PACKET_TERMINATE, &len, &v));
	EXPECT_EQ(FALSE, v);
	len = sizeof(ms);
	ASSERT_WIN_OK(WinUsb_GetPipePolicy(h2, 0, PIPE_TRANSFER_TIMEOUT, &len,
					   &ms));
	EXPECT_EQ(5000u, ms);
	EXPECT_WIN_OK(WinUsb_Free(h2));
}

struct blocked_read {
	WINUSB_INTERFACE_HANDLE usb;
	BOOL ok;
	DWORD error;
};

static void *blocked_read(void *arg)
{
	struct blocked_read *r = arg;
	UCHAR b[64];
	ULONG n;

	r->ok = WinUsb_ReadPipe(r->usb, TD_EP_BULK_IN, b, sizeof(b), &n, NULL);
	r->error = GetLastError();
	return NULL;
}

TEST_F(dev, free_cancels_pending_requests)
{
	struct blocked_read r = { 0 };
	WINUSB_INTERFACE_HANDLE h2;
	OVERLAPPED ov[4];
	UCHAR in[4][TD_BULK_MAXP_SUPER];	/* whole packets: side by side */
	pthread_t t;
	DWORD n;
	int i;

	ASSERT_WIN_OK(WinUsb_Initialize(self->file, &h2));
	for (i = 0; i < 4; i++) {
		wt_ov(&ov[i], TRUE);
		EXPECT_PENDING(WinUsb_ReadPipe(h2, TD_EP_BULK_IN, in[i],
					       wt_bulk_maxp(), NULL, &ov[i]));
	}
	/* Another thread is blocked in a synchronous read on the handle. */
	r.usb = h2;
	pthread_create(&t, NULL, blocked_read, &r);
	ASSERT_TRUE(td_wait_received(self->usb, 4 + 1, 5000));
	ASSERT_WIN_OK(WinUsb_Free(h2));
	pthread_join(t, NULL);
	EXPECT_FALSE(r.ok);
	EXPECT_EQ((DWORD)ERROR_OPERATION_ABORTED, r.error);
	/* Final when WinUsb_Free returns: events set, results in place. */
	for (i = 0; i < 4; i++) {
		EXPECT_TRUE(HasOverlappedIoCompleted(&ov[i]));
		EXPECT_EQ(WAIT_OBJECT_0, WaitForSingleObject(ov[i].hEvent, 0));
		EXPECT_WIN_FAIL(GetOverlappedResult(self->file, &ov[i], &n,
						    FALSE),
				ERROR_OPERATION_ABORTED);
		CloseHandle(ov[i].hEvent);
	}
}

TEST_F(dev, associated_interface)
{
	WINUSB_INTERFACE_HANDLE h1, other;
	USB_INTERFACE_DESCRIPTOR id;
	UCHAR alt = 9;

	ASSERT_WIN_OK(WinUsb_GetAssociatedInterface(self->usb, 0, &h1));
	ASSERT_WIN_OK(WinUsb_QueryInterfaceSettings(h1, 0, &id));
	EXPECT_EQ(TD_IFACE_ISOCH, id.bInterfaceNumber);
	EXPECT_WIN_OK(WinUsb_GetCurrentAlternateSetting(h1, &alt));
	EXPECT_EQ(TD_ISOCH_ALT_OFF, alt);

	/* One handle per interface. */
	EXPECT_WIN_FAIL(WinUsb_GetAssociatedInterface(self->usb, 0, &other),
			ERROR_ALREADY_EXISTS);
	/* Interface 1 is the last one. */
	EXPECT_WIN_FAIL(WinUsb_GetAssociatedInterface(self->usb, 1, &other),
			ERROR_NO_MORE_ITEMS);
	EXPECT_WIN_FAIL(WinUsb_GetAssociatedInterface(self->usb, 0xff, &other),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_GetAssociatedInterface(self->usb, 0, NULL),
			ERROR_INVALID_PARAMETER);
	/* Only the WinUsb_Initialize handle has associated interfaces. */
	EXPECT_WIN_FAIL(WinUsb_GetAssociatedInterface(h1, 0, &other),
			ERROR_INVALID_HANDLE);
	EXPECT_WIN_FAIL(WinUsb_GetAssociatedInterface(NULL, 0, &other),
			ERROR_INVALID_HANDLE);
	/* Released with WinUsb_Free, not CloseHandle. */
	EXPECT_WIN_FAIL(CloseHandle(h1), ERROR_INVALID_HANDLE);
	ASSERT_WIN_OK(WinUsb_Free(h1));

	/* Free makes room for a new one; it outlives the Initialize handle. */
	ASSERT_WIN_OK(WinUsb_GetAssociatedInterface(self->usb, 0, &h1));
	ASSERT_WIN_OK(WinUsb_Free(self->usb));
	self->usb = NULL;
	EXPECT_WIN_OK(WinUsb_SetCurrentAlternateSetting(h1, TD_ISOCH_ALT_ON));
	EXPECT_WIN_OK(WinUsb_GetCurrentAlternateSetting(h1, &alt));
	EXPECT_EQ(TD_ISOCH_ALT_ON, alt);
	EXPECT_WIN_OK(WinUsb_SetCurrentAlternateSetting(h1, TD_ISOCH_ALT_OFF));
	EXPECT_WIN_OK(WinUsb_Free(h1));
}

TEST_F(dev, associated_interface_not_bound)
{
	char name[64], unbind[] = "/sys/bus/usb/drivers/winusb/unbind";
	char bind[] = "/sys/bus/usb/drivers/winusb/bind_interface";
	CHAR path1[WINUSB_LINUX_PATH_MAX];
	WINUSB_INTERFACE_HANDLE h1;
	const char *slash;

	/* Linux: each interface is its own node; unbound, it has none. */
	ASSERT_WIN_OK(WinUsbLinux_FindDevicePath(TD_VID, TD_PID, TD_IFACE_ISOCH,
						 0, path1, sizeof(path1)));
	slash = strrchr(path1, '/');
	snprintf(name, sizeof(name), "%s", slash + 1);
	ASSERT_EQ(0, wt_write_sysfs(unbind, name));
	EXPECT_WIN_FAIL(WinUsb_GetAssociatedInterface(self->usb, 0, &h1),
			ERROR_FILE_NOT_FOUND);
	EXPECT_WIN_FAIL(WinUsbLinux_FindDevicePath(TD_VID, TD_PID, TD_IFACE_ISOCH,
						   0, path1, sizeof(path1)),
			ERROR_NO_MORE_ITEMS);
	ASSERT_EQ(0, wt_write_sysfs(bind, name));
	ASSERT_WIN_OK(WinUsb_GetAssociatedInterface(self->usb, 0, &h1));
	EXPECT_WIN_OK(WinUsb_Free(h1));
}

/* A string descriptor equals @s (UTF-16LE). */
static int string_is(const UCHAR *d, ULONG n, const char *s)
{
	size_t i, len = strlen(s);

	if (n != 2 + 2 * len || d[0] != n || d[1] != USB_STRING_DESCRIPTOR_TYPE)
		return 0;
	for (i = 0; i < len; i++)
		if (d[2 + 2 * i] != (UCHAR)s[i] || d[3 + 2 * i])
			return 0;
	return 1;
}

TEST_F(dev, get_descriptor)
{
	USB_DEVICE_DESCRIPTOR dd;
	USB_CONFIGURATION_DESCRIPTOR cd;
	PUSB_INTERFACE_DESCRIPTOR id;
	PUSB_ENDPOINT_DESCRIPTOR ed;
	static UCHAR cfg[4096];
	UCHAR buf[256];
	ULONG n = 0;

	ASSERT_WIN_OK(WinUsb_GetDescriptor(self->usb, USB_DEVICE_DESCRIPTOR_TYPE,
					   0, 0, (PUCHAR)&dd, sizeof(dd), &n));
	EXPECT_EQ(sizeof(dd), n);
	EXPECT_EQ(18, dd.bLength);
	EXPECT_EQ(USB_DEVICE_DESCRIPTOR_TYPE, dd.bDescriptorType);
	EXPECT_EQ(wt_speed() == WT_SUPER ? TD_BCD_USB_3 : TD_BCD_USB_2,
		  dd.bcdUSB);
	EXPECT_EQ(TD_VID, dd.idVendor);
	EXPECT_EQ(TD_PID, dd.idProduct);
	EXPECT_EQ(TD_BCD_DEVICE, dd.bcdDevice);
	EXPECT_EQ(1, dd.bNumConfigurations);

	/* The usual two steps: the header, then wTotalLength bytes. */
	ASSERT_WIN_OK(WinUsb_GetDescriptor(self->usb,
					   USB_CONFIGURATION_DESCRIPTOR_TYPE, 0,
					   0, (PUCHAR)&cd, sizeof(cd), &n));
	EXPECT_EQ(sizeof(cd), n);
	EXPECT_EQ(TD_NUM_IFACES, cd.bNumInterfaces);
	EXPECT_EQ(TD_CONFIG_VALUE, cd.bConfigurationValue);
	ASSERT_LE(cd.wTotalLength, sizeof(cfg));
	ASSERT_WIN_OK(WinUsb_GetDescriptor(self->usb,
					   USB_CONFIGURATION_DESCRIPTOR_TYPE, 0,
					   0, cfg, sizeof(cfg), &n));
	EXPECT_EQ(cd.wTotalLength, n);
	EXPECT_EQ(0, memcmp(cfg, &cd, sizeof(cd)));
	id = WinUsb_ParseConfigurationDescriptor(
		(PUSB_CONFIGURATION_DESCRIPTOR)cfg, cfg, TD_IFACE_LOOPBACK, 0,
		-1, -1, -1);
	ASSERT_NE(NULL, id);
	EXPECT_EQ(3, id->bNumEndpoints);
	ed = (PUSB_ENDPOINT_DESCRIPTOR)WinUsb_ParseDescriptors(
		cfg, n, id, USB_ENDPOINT_DESCRIPTOR_TYPE);
	ASSERT_NE(NULL, ed);
	EXPECT_EQ(TD_EP_BULK_IN, ed->bEndpointAddress);
	EXPECT_EQ(wt_bulk_maxp(), ed->wMaxPacketSize);
	id = WinUsb_ParseConfigurationDescriptor(
		(PUSB_CONFIGURATION_DESCRIPTOR)cfg, cfg, TD_IFACE_ISOCH,
		TD_ISOCH_ALT_ON, 0xff, -1, -1);
	ASSERT_NE(NULL, id);
	EXPECT_EQ(2, id->bNumEndpoints);

	/* A short buffer gets the first bytes (Linux: no error). */
	ASSERT_WIN_OK(WinUsb_GetDescriptor(self->usb,
					   USB_CONFIGURATION_DESCRIPTOR_TYPE, 0,
					   0, buf, 4, &n));
	EXPECT_EQ(4u, n);
	EXPECT_EQ(0, memcmp(buf, cfg, 4));

	/* Strings come from the device. */
	ASSERT_WIN_OK(WinUsb_GetDescriptor(self->usb, USB_STRING_DESCRIPTOR_TYPE,
					   0, 0, buf, sizeof(buf), &n));
	EXPECT_EQ(4u, n);
	EXPECT_EQ(0x09, buf[2]);
	EXPECT_EQ(0x04, buf[3]);
	ASSERT_WIN_OK(WinUsb_GetDescriptor(self->usb, USB_STRING_DESCRIPTOR_TYPE,
					   dd.iManufacturer, 0x0409, buf,
					   sizeof(buf), &n));
	EXPECT_TRUE(string_is(buf, n, TD_MANUFACTURER));
	ASSERT_WIN_OK(WinUsb_GetDescriptor(self->usb, USB_STRING_DESCRIPTOR_TYPE,
					   dd.iProduct, 0x0409, buf,
					   sizeof(buf), &n));
	EXPECT_TRUE(string_is(buf, n, TD_PRODUCT));
	ASSERT_WIN_OK(WinUsb_GetDescriptor(self->usb, USB_STRING_DESCRIPTOR_TYPE,
					   dd.iSerialNumber, 0x0409, buf,
					   sizeof(buf), &n));
	EXPECT_TRUE(string_is(buf, n, TD_SERIAL_DEFAULT));
	/* ...also cut to a short buffer. */
	ASSERT_WIN_OK(WinUsb_GetDescriptor(self->usb, USB_STRING_DESCRIPTOR_TYPE,
					   dd.iProduct, 0x0409, buf, 6, &n));
	EXPECT_EQ(6u, n);
	EXPECT_EQ('w', buf[2]);
	/* A descriptor the device does not have: it stalls. */
	EXPECT_WIN_FAIL(WinUsb_GetDescriptor(self->usb,
					     USB_STRING_DESCRIPTOR_TYPE, 0x42,
					     0x0409, buf, sizeof(buf), &n),
			ERROR_GEN_FAILURE);
	/* The BOS, and the device qualifier (high speed only). */
	ASSERT_WIN_OK(WinUsb_GetDescriptor(self->usb, USB_BOS_DESCRIPTOR_TYPE, 0,
					   0, buf, sizeof(buf), &n));
	EXPECT_EQ(td_get_le16(buf + 2), n);
	if (wt_speed() == WT_HIGH) {
		ASSERT_WIN_OK(WinUsb_GetDescriptor(
			self->usb, USB_DEVICE_QUALIFIER_DESCRIPTOR_TYPE, 0, 0,
			buf, sizeof(buf), &n));
		EXPECT_EQ(10u, n);
	} else {
		EXPECT_WIN_FAIL(WinUsb_GetDescriptor(
			self->usb, USB_DEVICE_QUALIFIER_DESCRIPTOR_TYPE, 0, 0,
			buf, sizeof(buf), &n),
			ERROR_GEN_FAILURE);
	}

	EXPECT_WIN_FAIL(WinUsb_GetDescriptor(self->usb,
					     USB_DEVICE_DESCRIPTOR_TYPE, 0, 0,
					     buf, sizeof(buf), NULL),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_GetDescriptor(NULL, USB_DEVICE_DESCRIPTOR_TYPE,
					     0, 0, buf, sizeof(buf), &n),
			ERROR_INVALID_HANDLE);
}

TEST_F(dev, query_interface_settings)
{
	WINUSB_INTERFACE_HANDLE h1;
	USB_INTERFACE_DESCRIPTOR id;

	ASSERT_WIN_OK(WinUsb_QueryInterfaceSettings(self->usb, 0, &id));
	EXPECT_EQ(sizeof(id), id.bLength);
	EXPECT_EQ(USB_INTERFACE_DESCRIPTOR_TYPE, id.bDescriptorType);
	EXPECT_EQ(TD_IFACE_LOOPBACK, id.bInterfaceNumber);
	EXPECT_EQ(0, id.bAlternateSetting);
	EXPECT_EQ(3, id.bNumEndpoints);
	EXPECT_EQ(0xff, id.bInterfaceClass);
	EXPECT_EQ(TD_STR_IFACE_LOOPBACK, id.iInterface);
	EXPECT_WIN_FAIL(WinUsb_QueryInterfaceSettings(self->usb, 1, &id),
			ERROR_NO_MORE_ITEMS);
	EXPECT_WIN_FAIL(WinUsb_QueryInterfaceSettings(self->usb, 0, NULL),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_QueryInterfaceSettings(NULL, 0, &id),
			ERROR_INVALID_HANDLE);

	ASSERT_WIN_OK(WinUsb_GetAssociatedInterface(self->usb, 0, &h1));
	ASSERT_WIN_OK(WinUsb_QueryInterfaceSettings(h1, 0, &id));
	EXPECT_EQ(TD_IFACE_ISOCH, id.bInterfaceNumber);
	EXPECT_EQ(TD_ISOCH_ALT_OFF, id.bAlternateSetting);
	EXPECT_EQ(0, id.bNumEndpoints);
	ASSERT_WIN_OK(WinUsb_QueryInterfaceSettings(h1, 1, &id));
	EXPECT_EQ(TD_ISOCH_ALT_ON, id.bAlternateSetting);
	EXPECT_EQ(2, id.bNumEndpoints);
	EXPECT_WIN_FAIL(WinUsb_QueryInterfaceSettings(h1, 2, &id),
			ERROR_NO_MORE_ITEMS);
	WinUsb_Free(h1);
}

TEST_F(dev, query_device_information)
{
	UCHAR speed[4] = { 0 };
	ULONG len = sizeof(speed);

	ASSERT_WIN_OK(WinUsb_QueryDeviceInformation(self->usb, DEVICE_SPEED,
						    &len, speed));
	EXPECT_EQ(1u, len);
	/* Windows: HighSpeed (3) for high and SuperSpeed, else LowSpeed (1). */
	EXPECT_EQ(wt_speed() == WT_FULL ? LowSpeed : HighSpeed, speed[0]);
	len = 0;
	EXPECT_WIN_FAIL(WinUsb_QueryDeviceInformation(self->usb, DEVICE_SPEED,
						      &len, speed),
			ERROR_INSUFFICIENT_BUFFER);
	EXPECT_EQ(1u, len);
	len = 1;
	EXPECT_WIN_FAIL(WinUsb_QueryDeviceInformation(self->usb, 2, &len,
						      speed),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_QueryDeviceInformation(self->usb, DEVICE_SPEED,
						      NULL, speed),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_QueryDeviceInformation(NULL, DEVICE_SPEED, &len,
						      speed),
			ERROR_INVALID_HANDLE);
}

TEST_F(dev, alternate_setting)
{
	WINUSB_INTERFACE_HANDLE h1, h2;
	WINUSB_PIPE_INFORMATION pi;
	OVERLAPPED ov;
	UCHAR alt = 9, in[64], b[1];
	ULONG n;

	ASSERT_WIN_OK(WinUsb_GetCurrentAlternateSetting(self->usb, &alt));
	EXPECT_EQ(0, alt);
	EXPECT_WIN_OK(WinUsb_SetCurrentAlternateSetting(self->usb, 0));
	EXPECT_WIN_FAIL(WinUsb_SetCurrentAlternateSetting(self->usb, 1),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_GetCurrentAlternateSetting(self->usb, NULL),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_SetCurrentAlternateSetting(NULL, 0),
			ERROR_INVALID_HANDLE);
	EXPECT_WIN_FAIL(WinUsb_GetCurrentAlternateSetting(NULL, &alt),
			ERROR_INVALID_HANDLE);

	/* Interface 1: the isochronous pipes exist in setting 1 only. */
	ASSERT_WIN_OK(WinUsb_GetAssociatedInterface(self->usb, 0, &h1));
	ASSERT_WIN_OK(WinUsb_SetCurrentAlternateSetting(h1, TD_ISOCH_ALT_ON));
	ASSERT_WIN_OK(WinUsb_GetCurrentAlternateSetting(h1, &alt));
	EXPECT_EQ(TD_ISOCH_ALT_ON, alt);
	/* The device agrees: standard GET_INTERFACE. */
	ASSERT_WIN_OK(WinUsb_ControlTransfer(
		h1, wt_setup(0x81, USB_REQUEST_GET_INTERFACE, 0, TD_IFACE_ISOCH, 1),
		b, 1, &n, NULL));
	EXPECT_EQ(TD_ISOCH_ALT_ON, b[0]);
	ASSERT_WIN_OK(WinUsb_QueryPipe(h1, TD_ISOCH_ALT_ON, 0, &pi));
	EXPECT_EQ(TD_EP_ISOCH_IN, pi.PipeId);
	EXPECT_WIN_OK(WinUsb_ResetPipe(h1, TD_EP_ISOCH_IN));
	EXPECT_WIN_OK(WinUsb_SetCurrentAlternateSetting(h1, TD_ISOCH_ALT_OFF));
	/* Gone with the setting. */
	EXPECT_WIN_FAIL(WinUsb_ResetPipe(h1, TD_EP_ISOCH_IN),
			ERROR_INVALID_PARAMETER);
	ASSERT_WIN_OK(WinUsb_ControlTransfer(
		h1, wt_setup(0x81, USB_REQUEST_GET_INTERFACE, 0, TD_IFACE_ISOCH, 1),
		b, 1, &n, NULL));
	EXPECT_EQ(TD_ISOCH_ALT_OFF, b[0]);

	/* Refused while I/O is outstanding on the interface, any handle. */
	ASSERT_WIN_OK(WinUsb_Initialize(self->file, &h2));
	wt_ov(&ov, TRUE);
	ASSERT_PENDING(WinUsb_ReadPipe(self->usb, TD_EP_BULK_IN, in, sizeof(in),
				       NULL, &ov));
	EXPECT_WIN_FAIL(WinUsb_SetCurrentAlternateSetting(self->usb, 0),
			ERROR_BUSY);
	EXPECT_WIN_FAIL(WinUsb_SetCurrentAlternateSetting(h2, 0), ERROR_BUSY);
	/* ...but not on another interface. */
	EXPECT_WIN_OK(WinUsb_SetCurrentAlternateSetting(h1, TD_ISOCH_ALT_ON));
	EXPECT_WIN_OK(WinUsb_SetCurrentAlternateSetting(h1, TD_ISOCH_ALT_OFF));
	EXPECT_FALSE(HasOverlappedIoCompleted(&ov));
	ASSERT_WIN_OK(WinUsb_AbortPipe(self->usb, TD_EP_BULK_IN));
	EXPECT_WIN_FAIL(WinUsb_GetOverlappedResult(self->usb, &ov, &n, FALSE),
			ERROR_OPERATION_ABORTED);
	EXPECT_WIN_OK(WinUsb_SetCurrentAlternateSetting(h2, 0));
	CloseHandle(ov.hEvent);
	WinUsb_Free(h2);
	WinUsb_Free(h1);
}

TEST_F(dev, query_pipe)
{
	static const ULONG isoch_mbpi[] = { 192, 2048, 4096 };
	static const USHORT isoch_maxp[] = { 192, 1024, 1024 };
	WINUSB_INTERFACE_HANDLE h1;
	WINUSB_PIPE_INFORMATION pi;
	WINUSB_PIPE_INFORMATION_EX px;
	USB_INTERFACE_DESCRIPTOR id;
	USHORT maxp = wt_bulk_maxp();
	enum wt_speed speed = wt_speed();
	UCHAR i;

	/* The Windows sample's loop: every pipe of the setting. */
	ASSERT_WIN_OK(WinUsb_QueryInterfaceSettings(self->usb, 0, &id));
	for (i = 0; i < id.bNumEndpoints; i++) {
		ASSERT_WIN_OK(WinUsb_QueryPipe(self->usb, 0, i, &pi));
		ASSERT_WIN_OK(WinUsb_QueryPipeEx(self->usb, 0, i, &px));
		EXPECT_EQ(pi.PipeId, px.PipeId);
		EXPECT_EQ((int)pi.PipeType, (int)px.PipeType);
		EXPECT_EQ(pi.MaximumPacketSize, px.MaximumPacketSize);
		EXPECT_EQ(pi.Interval, px.Interval);
		switch (i) {
		case 0:
		case 1:
			EXPECT_EQ(i ? TD_EP_BULK_OUT : TD_EP_BULK_IN, pi.PipeId);
			EXPECT_EQ((int)UsbdPipeTypeBulk, (int)pi.PipeType);
			EXPECT_EQ(maxp, pi.MaximumPacketSize);
			EXPECT_EQ(0, pi.Interval);
			EXPECT_EQ(maxp, px.MaximumBytesPerInterval);
			break;
		default:
			EXPECT_EQ(TD_EP_INT_IN, pi.PipeId);
			EXPECT_EQ((int)UsbdPipeTypeInterrupt, (int)pi.PipeType);
			EXPECT_EQ(TD_INT_MAXP, pi.MaximumPacketSize);
			EXPECT_EQ(speed == WT_FULL ? 1 : 4, pi.Interval);
			EXPECT_EQ(TD_INT_MAXP, px.MaximumBytesPerInterval);
			break;
		}
	}
	EXPECT_WIN_FAIL(WinUsb_QueryPipe(self->usb, 0, i, &pi),
			ERROR_NO_MORE_ITEMS);
	EXPECT_WIN_FAIL(WinUsb_QueryPipeEx(self->usb, 0, i, &px),
			ERROR_NO_MORE_ITEMS);
	EXPECT_WIN_FAIL(WinUsb_QueryPipe(self->usb, 1, 0, &pi),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_QueryPipeEx(self->usb, 1, 0, &px),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_QueryPipe(self->usb, 0, 0, NULL),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_QueryPipeEx(self->usb, 0, 0, NULL),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_QueryPipe(NULL, 0, 0, &pi),
			ERROR_INVALID_HANDLE);

	/*
	 * Any setting can be queried, not only the current one.  The
	 * high-bandwidth (high speed, 2 transactions per microframe) and
	 * SuperSpeed (burst 2, mult 2) isochronous endpoints move more per
	 * interval than one packet.
	 */
	ASSERT_WIN_OK(WinUsb_GetAssociatedInterface(self->usb, 0, &h1));
	EXPECT_WIN_FAIL(WinUsb_QueryPipeEx(h1, TD_ISOCH_ALT_OFF, 0, &px),
			ERROR_NO_MORE_ITEMS);
	for (i = 0; i < 2; i++) {
		ASSERT_WIN_OK(WinUsb_QueryPipeEx(h1, TD_ISOCH_ALT_ON, i, &px));
		EXPECT_EQ(i ? TD_EP_ISOCH_OUT : TD_EP_ISOCH_IN, px.PipeId);
		EXPECT_EQ((int)UsbdPipeTypeIsochronous, (int)px.PipeType);
		EXPECT_EQ(isoch_maxp[speed], px.MaximumPacketSize);
		EXPECT_EQ(1, px.Interval);
		EXPECT_EQ(isoch_mbpi[speed], px.MaximumBytesPerInterval);
	}
	EXPECT_WIN_FAIL(WinUsb_QueryPipeEx(h1, TD_ISOCH_ALT_ON, 2, &px),
			ERROR_NO_MORE_ITEMS);
	EXPECT_WIN_FAIL(WinUsb_QueryPipeEx(h1, 2, 0, &px),
			ERROR_INVALID_PARAMETER);
	WinUsb_Free(h1);
}

/* Wait up to @ms for the device's runtime PM status to become @want. */
static int wait_runtime_status(const char *file, const char *want, int ms)
{
	char buf[64] = "";
	long long end = wt_now_ms() + ms;

	do {
		if (wt_read_sysfs(file, buf, sizeof(buf)) == 0 &&
		    !strcmp(buf, want))
			return 1;
		Sleep(20);
	} while (wt_now_ms() < end);
	return 0;
}

TEST_F(dev, power_policy)
{
	char control[256], delay_file[256], status[256], buf[64];
	UCHAR v = 9;
	ULONG len, delay = 0, n;
	UCHAR out[8] = { 0 };

	wt_usbdev_attr(self->path, "power/control", control, sizeof(control));
	wt_usbdev_attr(self->path, "power/autosuspend_delay_ms", delay_file,
		       sizeof(delay_file));
	wt_usbdev_attr(self->path, "power/runtime_status", status,
		       sizeof(status));

	/* Defaults: AUTO_SUSPEND on; the device's own delay. */
	len = 1;
	ASSERT_WIN_OK(WinUsb_GetPowerPolicy(self->usb, AUTO_SUSPEND, &len, &v));
	EXPECT_EQ(1u, len);
	EXPECT_EQ(TRUE, v);
	len = sizeof(delay);
	ASSERT_WIN_OK(WinUsb_GetPowerPolicy(self->usb, SUSPEND_DELAY, &len,
					    &delay));
	EXPECT_EQ(4u, len);
	ASSERT_EQ(0, wt_read_sysfs(delay_file, buf, sizeof(buf)));
	EXPECT_EQ(strtoul(buf, NULL, 10), delay);

	/* SUSPEND_DELAY is the device's autosuspend delay. */
	delay = 100;
	ASSERT_WIN_OK(WinUsb_SetPowerPolicy(self->usb, SUSPEND_DELAY,
					    sizeof(delay), &delay));
	ASSERT_EQ(0, wt_read_sysfs(delay_file, buf, sizeof(buf)));
	EXPECT_STREQ("100", buf);
	delay = 0;
	len = sizeof(delay);
	ASSERT_WIN_OK(WinUsb_GetPowerPolicy(self->usb, SUSPEND_DELAY, &len,
					    &delay));
	EXPECT_EQ(100u, delay);

	/*
	 * With runtime PM allowed for the device, it suspends when idle
	 * unless AUTO_SUSPEND is off, and a transfer wakes it.
	 */
	ASSERT_EQ(0, wt_write_sysfs(control, "auto"));
	v = FALSE;
	ASSERT_WIN_OK(WinUsb_SetPowerPolicy(self->usb, AUTO_SUSPEND, 1, &v));
	len = 1;
	v = 9;
	ASSERT_WIN_OK(WinUsb_GetPowerPolicy(self->usb, AUTO_SUSPEND, &len, &v));
	EXPECT_EQ(FALSE, v);
	Sleep(400);
	EXPECT_TRUE(wait_runtime_status(status, "active", 0));
	v = TRUE;
	ASSERT_WIN_OK(WinUsb_SetPowerPolicy(self->usb, AUTO_SUSPEND, 1, &v));
	EXPECT_TRUE(wait_runtime_status(status, "suspended", 3000))
		TH_LOG("%s did not autosuspend", status);
	EXPECT_WIN_OK(WinUsb_WritePipe(self->usb, TD_EP_BULK_OUT, out,
				       sizeof(out), &n, NULL));
	EXPECT_WIN_OK(WinUsb_ReadPipe(self->usb, TD_EP_BULK_IN, out,
				      sizeof(out), &n, NULL));
	EXPECT_EQ(sizeof(out), n);
	EXPECT_TRUE(wait_runtime_status(status, "suspended", 3000));
	v = FALSE;
	ASSERT_WIN_OK(WinUsb_SetPowerPolicy(self->usb, AUTO_SUSPEND, 1, &v));
	EXPECT_TRUE(wait_runtime_status(status, "active", 0));
	EXPECT_EQ(0, wt_write_sysfs(control, "on"));
	delay = 2000;
	EXPECT_WIN_OK(WinUsb_SetPowerPolicy(self->usb, SUSPEND_DELAY,
					    sizeof(delay), &delay));
	v = TRUE;
	EXPECT_WIN_OK(WinUsb_SetPowerPolicy(self->usb, AUTO_SUSPEND, 1, &v));

	/* Errors. */
	EXPECT_WIN_FAIL(WinUsb_SetPowerPolicy(self->usb, SUSPEND_DELAY, 1, &v),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_SetPowerPolicy(self->usb, AUTO_SUSPEND,
					      sizeof(delay), &delay),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_SetPowerPolicy(self->usb, AUTO_SUSPEND, 1, NULL),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_SetPowerPolicy(self->usb, 0x82, 1, &v),
			ERROR_NOT_SUPPORTED);
	len = 1;
	EXPECT_WIN_FAIL(WinUsb_GetPowerPolicy(self->usb, 0x84, &len, &v),
			ERROR_NOT_SUPPORTED);
	len = 1;
	EXPECT_WIN_FAIL(WinUsb_GetPowerPolicy(self->usb, SUSPEND_DELAY, &len,
					      &delay),
			ERROR_INSUFFICIENT_BUFFER);
	EXPECT_EQ(4u, len);
	EXPECT_WIN_FAIL(WinUsb_GetPowerPolicy(self->usb, AUTO_SUSPEND, NULL,
					      &v),
			ERROR_INVALID_PARAMETER);
	EXPECT_WIN_FAIL(WinUsb_SetPowerPolicy(NULL, AUTO_SUSPEND, 1, &v),
			ERROR_INVALID_HANDLE);
	len = 1;
	EXPECT_WIN_FAIL(WinUsb_GetPowerPolicy(NULL, AUTO_SUSPEND, &len, &v),
			ERROR_INVALID_HANDLE);
}

TEST_F(dev, reset_pipe_on_resume)
{
	char control[256], status[256];
	ULONG delay = 100;
	UCHAR on = TRUE;

	wt_usbdev_attr(self->path, "power/control", control, sizeof(control));
	wt_usbdev_attr(self->path, "power/runtime_status", status,
		       sizeof(status));
	ASSERT_WIN_OK(WinUsb_SetPowerPolicy(self->usb, SUSPEND_DELAY,
					    sizeof(delay), &delay));
	ASSERT_EQ(0, wt_write_sysfs(control, "auto"));

	/* Off (default): a halt survives suspend and resume. */
	ASSERT_WIN_OK(td_request(self->usb, TD_REQ_FORCE_STALL, 0,
				 TD_EP_BULK_IN));
	ASSERT_TRUE(wait_runtime_status(status, "suspended", 3000));
	EXPECT_EQ(1, td_halted(self->usb, TD_EP_BULK_IN));

	/* On: resuming clears the halt (before the request that woke it). */
	ASSERT_WIN_OK(WinUsb_SetPipePolicy(self->usb, TD_EP_BULK_IN,
					   RESET_PIPE_ON_RESUME, 1, &on));
	ASSERT_TRUE(wait_runtime_status(status, "suspended", 3000));
	EXPECT_EQ(0, td_halted(self->usb, TD_EP_BULK_IN));

	EXPECT_EQ(0, wt_write_sysfs(control, "on"));
	delay = 2000;
	EXPECT_WIN_OK(WinUsb_SetPowerPolicy(self->usb, SUSPEND_DELAY,
					    sizeof(delay), &delay));
}

TEST_HARNESS_MAIN
