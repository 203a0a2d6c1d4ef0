// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * device.c - interface handles and what belongs to the interface as a
 * whole: WinUsb_Initialize, WinUsb_Free, WinUsb_GetAssociatedInterface,
 * WinUsb_GetDescriptor, WinUsb_QueryInterfaceSettings,
 * WinUsb_QueryDeviceInformation, the alternate setting and the power
 * policies.
 *
 * On Windows one WinUSB handle covers every interface of a function and
 * WinUsb_GetAssociatedInterface() hands out the others.  On Linux each
 * interface bound to winusb is its own node, so an associated handle is a
 * second node, /dev/winusb/<busid>:<config>.<ifnum>, opened here, found from
 * the first node's name.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libwinusb.h"

static void wu_interface_release(struct wu_object *obj)
{
	struct wu_interface *intf = wu_container_of(obj, struct wu_interface,
						    obj);
	struct wu_interface *parent = intf->parent;

	if (parent) {
		uint8_t n = intf->info.interface_number;

		pthread_mutex_lock(&parent->lock);
		parent->open_siblings[n / 64] &= ~(1ull << (n % 64));
		pthread_mutex_unlock(&parent->lock);
		wu_interface_put(parent);
	}
	wu_file_put(intf->file);
	pthread_mutex_destroy(&intf->lock);
	free(intf->config);
	free(intf);
}

struct wu_interface *wu_interface_get(WINUSB_INTERFACE_HANDLE h)
{
	struct wu_object *obj;

	obj = wu_handle_get(h, WU_TYPE_BIT(WU_TYPE_INTERFACE));
	if (!obj) {
		SetLastError(ERROR_INVALID_HANDLE);
		return NULL;
	}
	return wu_container_of(obj, struct wu_interface, obj);
}

/* bConfigurationValue from an interface name "1-1.2:1.0", or -1. */
static int wu_config_value_of(const char *name)
{
	const char *colon = strrchr(name, ':');
	char *end;
	long v;

	if (!colon)
		return -1;
	v = strtol(colon + 1, &end, 10);
	if (end == colon + 1 || *end != '.' || v < 0 || v > 255)
		return -1;
	return (int)v;
}

/*
 * Read the device descriptor and the active configuration into @intf.
 * Returns ERROR_SUCCESS or the Windows error.
 */
static DWORD wu_interface_read_descriptors(struct wu_interface *intf)
{
	int fd = intf->file->fd, want = wu_config_value_of(intf->name);
	USB_CONFIGURATION_DESCRIPTOR hdr;
	uint32_t len, total;
	unsigned int i;
	int ret;

	ret = wu_k_get_descriptor(fd, USB_DEVICE_DESCRIPTOR_TYPE, 0, 0,
				  &intf->device_desc,
				  sizeof(intf->device_desc), &len, NULL);
	if (ret < 0)
		return wu_error_from_errno(-ret, WU_CTX_CALL);
	if (len < sizeof(intf->device_desc))
		return ERROR_BAD_DEVICE;

	for (i = 0; i < intf->device_desc.bNumConfigurations; i++) {
		ret = wu_k_get_descriptor(fd, USB_CONFIGURATION_DESCRIPTOR_TYPE,
					  (uint8_t)i, 0, &hdr, sizeof(hdr),
					  &len, &total);
		if (ret < 0)
			return wu_error_from_errno(-ret, WU_CTX_CALL);
		if (len < sizeof(hdr) || total < sizeof(hdr))
			continue;
		/* Unknown name: take the first configuration with our interface. */
		if (want >= 0 && hdr.bConfigurationValue != want)
			continue;

		intf->config = malloc(total);
		if (!intf->config)
			return ERROR_NOT_ENOUGH_MEMORY;
		ret = wu_k_get_descriptor(fd, USB_CONFIGURATION_DESCRIPTOR_TYPE,
					  (uint8_t)i, 0, intf->config, total,
					  &len, NULL);
		if (ret < 0)
			return wu_error_from_errno(-ret, WU_CTX_CALL);
		intf->config_len = len;
		if (wu_desc_find_altsetting(intf->config, len,
					    intf->info.interface_number, 0))
			return ERROR_SUCCESS;
		free(intf->config);
		intf->config = NULL;
		intf->config_len = 0;
	}
	/* No interface descriptor for us: WinUSB's ERROR_BAD_DEVICE. */
	return ERROR_BAD_DEVICE;
}

/*
 * Make an interface object on an open device file (@file: a reference the
 * object takes over on success).  Returns NULL with *@error set.
 */
static struct wu_interface *wu_interface_create(struct wu_file *file,
						DWORD *error)
{
	struct wu_interface *intf;
	int ret;

	intf = calloc(1, sizeof(*intf));
	if (!intf) {
		*error = ERROR_NOT_ENOUGH_MEMORY;
		return NULL;
	}
	pthread_mutex_init(&intf->lock, NULL);
	intf->file = file;

	ret = wu_k_get_info(file->fd, &intf->info);
	if (ret < 0) {
		/* Not a winusb node (ENOTTY, EINVAL...): not a WinUSB handle. */
		*error = ret == -ENOMEM ? ERROR_NOT_ENOUGH_MEMORY :
					  ERROR_INVALID_HANDLE;
		goto out_free;
	}
	if (intf->info.abi_version < WU_K_MIN_ABI) {
		*error = ERROR_NOT_SUPPORTED;
		goto out_free;
	}
	if (intf->info.disconnected) {
		*error = ERROR_BAD_COMMAND;
		goto out_free;
	}
	/* Without the name, GetAssociatedInterface is unavailable. */
	if (wu_sysfs_interface_of_fd(file->fd, intf->name, sizeof(intf->name),
				     intf->devdir, sizeof(intf->devdir)) < 0)
		intf->name[0] = intf->devdir[0] = '\0';

	intf->cur_alt = intf->info.cur_altsetting;
	*error = wu_interface_read_descriptors(intf);
	if (*error != ERROR_SUCCESS)
		goto out_free;

	wu_object_init(&intf->obj, WU_TYPE_INTERFACE, wu_interface_release);
	/* WinUsb_Initialize resets the pipe policies to their defaults. */
	wu_pipe_reset_policies(intf);
	return intf;

out_free:
	pthread_mutex_destroy(&intf->lock);
	free(intf->config);
	free(intf);
	return NULL;
}

/* Give @intf a handle; drops the creation reference either way. */
static BOOL wu_interface_publish(struct wu_interface *intf,
				 PWINUSB_INTERFACE_HANDLE out)
{
	HANDLE h = wu_handle_open(&intf->obj);

	wu_interface_put(intf);
	if (!h)
		return wu_fail(ERROR_NOT_ENOUGH_MEMORY);
	*out = h;
	return TRUE;
}

BOOL WINAPI WinUsb_Initialize(HANDLE DeviceHandle,
			      PWINUSB_INTERFACE_HANDLE InterfaceHandle)
{
	struct wu_interface *intf;
	struct wu_object *obj;
	struct wu_file *f;
	DWORD error;

	obj = wu_handle_get(DeviceHandle, WU_TYPE_BIT(WU_TYPE_FILE));
	if (!obj)
		return wu_fail(ERROR_INVALID_HANDLE);
	f = wu_container_of(obj, struct wu_file, obj);
	/* WinUSB needs an overlapped handle, and says so this way. */
	if (!(f->flags & FILE_FLAG_OVERLAPPED)) {
		wu_file_put(f);
		return wu_fail(ERROR_INVALID_HANDLE);
	}
	if (!InterfaceHandle) {
		wu_file_put(f);
		return wu_fail(ERROR_INVALID_PARAMETER);
	}

	intf = wu_interface_create(f, &error);	/* takes our reference */
	if (!intf) {
		wu_file_put(f);
		return wu_fail(error);
	}
	return wu_interface_publish(intf, InterfaceHandle);
}

BOOL WINAPI WinUsb_Free(WINUSB_INTERFACE_HANDLE InterfaceHandle)
{
	struct wu_cancel_match m = { 0 };
	struct wu_interface *intf;
	struct wu_object *obj;

	obj = wu_handle_close(InterfaceHandle, WU_TYPE_BIT(WU_TYPE_INTERFACE));
	if (!obj)
		return wu_fail(ERROR_INVALID_HANDLE);
	intf = wu_container_of(obj, struct wu_interface, obj);

	/* Cancel what is still pending and wait, so OVERLAPPEDs are final. */
	m.owner = intf;
	if (wu_async_cancel(intf->file, &m))
		wu_async_wait_idle(intf->file, intf, -1);
	wu_interface_put(intf);
	return TRUE;
}

/*
 * The interfaces an Initialize handle can reach with GetAssociatedInterface:
 * those of its interface association if it has one, else every interface of
 * the configuration, in descriptor order.
 */
static unsigned int wu_function_interfaces(const struct wu_interface *intf,
					   uint8_t *ifnums)
{
	const USB_INTERFACE_ASSOCIATION_DESCRIPTOR *iad;
	unsigned int n, i, k = 0;

	n = wu_desc_list_interfaces(intf->config, intf->config_len, ifnums, 256);
	iad = wu_desc_find_iad(intf->config, intf->config_len,
			       intf->info.interface_number);
	if (!iad)
		return n;
	for (i = 0; i < n; i++)
		if (ifnums[i] >= iad->bFirstInterface &&
		    ifnums[i] - iad->bFirstInterface < iad->bInterfaceCount)
			ifnums[k++] = ifnums[i];
	return k;
}

BOOL WINAPI
WinUsb_GetAssociatedInterface(WINUSB_INTERFACE_HANDLE InterfaceHandle,
			      UCHAR AssociatedInterfaceIndex,
			      PWINUSB_INTERFACE_HANDLE AssociatedInterfaceHandle)
{
	char path[WINUSB_LINUX_PATH_MAX], sibling[64];
	struct wu_interface *intf, *child = NULL;
	uint8_t ifnums[256], ifnum;
	unsigned int n, pos;
	struct wu_file *f;
	const char *dot;
	DWORD error;
	bool taken;

	intf = wu_interface_get(InterfaceHandle);
	if (!intf)
		return FALSE;
	/* Only the WinUsb_Initialize handle has associated interfaces. */
	if (intf->parent) {
		error = ERROR_INVALID_HANDLE;
		goto out_put;
	}
	if (!AssociatedInterfaceHandle || AssociatedInterfaceIndex == 0xff) {
		error = ERROR_INVALID_PARAMETER;
		goto out_put;
	}

	n = wu_function_interfaces(intf, ifnums);
	for (pos = 0; pos < n; pos++)
		if (ifnums[pos] == intf->info.interface_number)
			break;
	if (pos + 1u + AssociatedInterfaceIndex >= n) {
		error = ERROR_NO_MORE_ITEMS;
		goto out_put;
	}
	ifnum = ifnums[pos + 1 + AssociatedInterfaceIndex];

	pthread_mutex_lock(&intf->lock);
	taken = intf->open_siblings[ifnum / 64] & (1ull << (ifnum % 64));
	pthread_mutex_unlock(&intf->lock);
	if (taken) {
		error = ERROR_ALREADY_EXISTS;
		goto out_put;
	}

	/* "1-1:1.0" -> "1-1:1.<ifnum>", in the same /dev directory. */
	dot = strrchr(intf->name, '.');
	if (!intf->name[0] || !dot) {
		error = ERROR_NOT_SUPPORTED;
		goto out_put;
	}
	snprintf(sibling, sizeof(sibling), "%.*s.%u", (int)(dot - intf->name),
		 intf->name, ifnum);
	if (intf->devdir[0])
		snprintf(path, sizeof(path), "%s/%s/%s", wu_dev_root,
			 intf->devdir, sibling);
	else
		snprintf(path, sizeof(path), "%s/%s", wu_dev_root, sibling);

	f = wu_file_open(path, O_RDWR, &error);
	if (!f)
		goto out_put;
	f->flags = FILE_FLAG_OVERLAPPED;
	child = wu_interface_create(f, &error);
	if (!child) {
		wu_file_put(f);
		goto out_put;
	}
	if (child->info.interface_number != ifnum) {
		error = ERROR_BAD_DEVICE;
		goto out_put_child;
	}

	pthread_mutex_lock(&intf->lock);
	taken = intf->open_siblings[ifnum / 64] & (1ull << (ifnum % 64));
	if (!taken) {
		intf->open_siblings[ifnum / 64] |= 1ull << (ifnum % 64);
		child->parent = intf;	/* takes our reference */
	}
	pthread_mutex_unlock(&intf->lock);
	if (taken) {
		error = ERROR_ALREADY_EXISTS;
		goto out_put_child;
	}
	return wu_interface_publish(child, AssociatedInterfaceHandle);

out_put_child:
	wu_interface_put(child);
out_put:
	wu_interface_put(intf);
	return wu_fail(error);
}

BOOL WINAPI WinUsb_GetDescriptor(WINUSB_INTERFACE_HANDLE InterfaceHandle,
				 UCHAR DescriptorType, UCHAR Index,
				 USHORT LanguageID, PUCHAR Buffer,
				 ULONG BufferLength, PULONG LengthTransferred)
{
	struct wu_interface *intf;
	uint32_t len = 0;
	int ret;

	intf = wu_interface_get(InterfaceHandle);
	if (!intf)
		return FALSE;
	if (!LengthTransferred || (!Buffer && BufferLength)) {
		wu_interface_put(intf);
		return wu_fail(ERROR_INVALID_PARAMETER);
	}
	ret = wu_k_get_descriptor(intf->file->fd, DescriptorType, Index,
				  LanguageID, Buffer, BufferLength, &len, NULL);
	wu_interface_put(intf);
	if (ret < 0)
		return wu_fail_errno(ret, WU_CTX_CALL);
	*LengthTransferred = len;
	return TRUE;
}

BOOL WINAPI
WinUsb_QueryInterfaceSettings(WINUSB_INTERFACE_HANDLE InterfaceHandle,
			      UCHAR AlternateInterfaceNumber,
			      PUSB_INTERFACE_DESCRIPTOR UsbAltInterfaceDescriptor)
{
	const USB_INTERFACE_DESCRIPTOR *id;
	struct wu_interface *intf;

	intf = wu_interface_get(InterfaceHandle);
	if (!intf)
		return FALSE;
	if (!UsbAltInterfaceDescriptor) {
		wu_interface_put(intf);
		return wu_fail(ERROR_INVALID_PARAMETER);
	}
	id = wu_desc_find_altsetting(intf->config, intf->config_len,
				     intf->info.interface_number,
				     AlternateInterfaceNumber);
	if (id)
		memcpy(UsbAltInterfaceDescriptor, id, sizeof(*id));
	wu_interface_put(intf);
	if (!id)
		return wu_fail(ERROR_NO_MORE_ITEMS);
	return TRUE;
}

/* USB core speeds (enum usb_device_speed) at and above high speed. */
#define WU_USB_SPEED_HIGH 3

BOOL WINAPI
WinUsb_QueryDeviceInformation(WINUSB_INTERFACE_HANDLE InterfaceHandle,
			      ULONG InformationType, PULONG BufferLength,
			      PVOID Buffer)
{
	struct wu_interface *intf;
	DWORD error = ERROR_SUCCESS;

	intf = wu_interface_get(InterfaceHandle);
	if (!intf)
		return FALSE;
	if (InformationType != DEVICE_SPEED || !BufferLength || !Buffer) {
		error = ERROR_INVALID_PARAMETER;
	} else if (*BufferLength < sizeof(UCHAR)) {
		*BufferLength = sizeof(UCHAR);
		error = ERROR_INSUFFICIENT_BUFFER;
	} else {
		/* Windows: HighSpeed for high speed and faster, else LowSpeed. */
		*(UCHAR *)Buffer = intf->info.speed >= WU_USB_SPEED_HIGH ?
					   HighSpeed : LowSpeed;
		*BufferLength = sizeof(UCHAR);
	}
	wu_interface_put(intf);
	if (error != ERROR_SUCCESS)
		return wu_fail(error);
	return TRUE;
}

BOOL WINAPI
WinUsb_SetCurrentAlternateSetting(WINUSB_INTERFACE_HANDLE InterfaceHandle,
				  UCHAR SettingNumber)
{
	struct wu_interface *intf;
	int ret;

	intf = wu_interface_get(InterfaceHandle);
	if (!intf)
		return FALSE;
	ret = wu_k_set_altsetting(intf->file->fd, SettingNumber);
	if (ret == 0)
		__atomic_store_n(&intf->cur_alt, SettingNumber, __ATOMIC_RELAXED);
	wu_interface_put(intf);
	if (ret < 0)
		return wu_fail_errno(ret, WU_CTX_CALL);
	return TRUE;
}

BOOL WINAPI
WinUsb_GetCurrentAlternateSetting(WINUSB_INTERFACE_HANDLE InterfaceHandle,
				  PUCHAR SettingNumber)
{
	struct wu_interface *intf;
	uint8_t alt = 0;
	int ret;

	intf = wu_interface_get(InterfaceHandle);
	if (!intf)
		return FALSE;
	if (!SettingNumber) {
		wu_interface_put(intf);
		return wu_fail(ERROR_INVALID_PARAMETER);
	}
	ret = wu_k_get_altsetting(intf->file->fd, &alt);
	if (ret == 0)
		__atomic_store_n(&intf->cur_alt, alt, __ATOMIC_RELAXED);
	wu_interface_put(intf);
	if (ret < 0)
		return wu_fail_errno(ret, WU_CTX_CALL);
	*SettingNumber = alt;
	return TRUE;
}

BOOL WINAPI WinUsb_SetPowerPolicy(WINUSB_INTERFACE_HANDLE InterfaceHandle,
				  ULONG PolicyType, ULONG ValueLength,
				  PVOID Value)
{
	struct wu_interface *intf;
	uint64_t v;
	int ret;

	intf = wu_interface_get(InterfaceHandle);
	if (!intf)
		return FALSE;
	if (!Value || !wu_policy_load(ValueLength, Value, &v)) {
		wu_interface_put(intf);
		return wu_fail(ERROR_INVALID_PARAMETER);
	}
	ret = wu_k_set_power_policy(intf->file->fd, PolicyType, v, ValueLength);
	wu_interface_put(intf);
	if (ret < 0)
		return wu_fail_errno(ret, WU_CTX_CALL);
	return TRUE;
}

BOOL WINAPI WinUsb_GetPowerPolicy(WINUSB_INTERFACE_HANDLE InterfaceHandle,
				  ULONG PolicyType, PULONG ValueLength,
				  PVOID Value)
{
	struct wu_interface *intf;
	uint32_t size = 0;
	uint64_t v = 0;
	int ret;

	intf = wu_interface_get(InterfaceHandle);
	if (!intf)
		return FALSE;
	if (!ValueLength || !Value) {
		wu_interface_put(intf);
		return wu_fail(ERROR_INVALID_PARAMETER);
	}
	ret = wu_k_get_power_policy(intf->file->fd, PolicyType, &v, &size);
	wu_interface_put(intf);
	if (ret < 0)
		return wu_fail_errno(ret, WU_CTX_CALL);
	if (size != sizeof(UCHAR) && size != sizeof(ULONG))
		return wu_fail(ERROR_GEN_FAILURE);
	if (*ValueLength < size) {
		*ValueLength = size;
		return wu_fail(ERROR_INSUFFICIENT_BUFFER);
	}
	wu_policy_store(size, v, Value);
	*ValueLength = size;
	return TRUE;
}
