// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lookup.c - WinUsbLinux_*: finding the interfaces bound to winusb, the
 * Linux replacement for SetupDiGetClassDevs() & co.
 *
 * Source: /sys/bus/usb/drivers/winusb/ has one link per bound interface,
 * named after it ("1-1:1.0"), to the interface's directory; the device's
 * attributes (idVendor, busnum, ...) are in the parent directory.  The node
 * is /dev/winusb/<name> (<linux/winusb.h>, "Device nodes").  The driver
 * adds winusb_interface_guids to the interface's directory: the
 * DeviceInterfaceGUIDs of the device's Microsoft OS descriptors, one
 * "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}" per line (none if the device
 * declares none); a driver without Microsoft OS descriptor support has no
 * such attribute.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libwinusb.h"

/* Read a hex or decimal attribute of directory @dir; 0 if unreadable. */
static unsigned long wu_attr(const char *dir, const char *attr, bool hex)
{
	char path[PATH_MAX];
	unsigned long v = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, attr);
	if ((hex ? wu_sysfs_read_hex(path, &v) : wu_sysfs_read_dec(path, &v)) < 0)
		return 0;
	return v;
}

/* A GUID in registry form (libwinusb.h). */
bool wu_parse_guid(const char *s, GUID *g)
{
	unsigned int d1, d2, d3, b[8];
	size_t n = strlen(s), i;

	if (n == 38 && s[0] == '{' && s[37] == '}') {
		s++;
		n = 36;
	}
	if (n != 36)
		return false;
	for (i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
			return false;
	}
	if (sscanf(s, "%8x-%4x-%4x-%2x%2x-%2x%2x%2x%2x%2x%2x", &d1, &d2, &d3,
		   &b[0], &b[1], &b[2], &b[3], &b[4], &b[5], &b[6], &b[7]) != 11)
		return false;
	g->Data1 = d1;
	g->Data2 = (USHORT)d2;
	g->Data3 = (USHORT)d3;
	for (i = 0; i < 8; i++)
		g->Data4[i] = (UCHAR)b[i];
	return true;
}

/*
 * The DeviceInterfaceGUIDs the driver reports for the interface directory
 * @ifdir.  Returns false if the driver does not report any (no attribute).
 */
static bool wu_lookup_guids(const char *ifdir,
			    WINUSB_LINUX_INTERFACE_INFO *info)
{
	char path[PATH_MAX + 32], text[1024], *line, *save;

	snprintf(path, sizeof(path), "%s/winusb_interface_guids", ifdir);
	if (wu_sysfs_read(path, text, sizeof(text)) < 0)
		return false;
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		while (*line == ' ' || *line == '\t')
			line++;
		if (info->NumGuids < WINUSB_LINUX_MAX_GUIDS &&
		    wu_parse_guid(line, &info->InterfaceGuids[info->NumGuids]))
			info->NumGuids++;
	}
	return true;
}

/*
 * Fill @info for the bound interface @name; -errno if it vanished.
 * *@has_guids (optional) tells whether the driver reports the interface's
 * DeviceInterfaceGUIDs.
 */
static int wu_lookup_fill(const char *name, WINUSB_LINUX_INTERFACE_INFO *info,
			  bool *has_guids)
{
	char link[PATH_MAX], ifdir[PATH_MAX], devdir[PATH_MAX], path[PATH_MAX];
	char *slash;
	bool guids;

	memset(info, 0, sizeof(*info));
	snprintf(link, sizeof(link), "%s/bus/usb/drivers/winusb/%s",
		 wu_sysfs_root, name);
	if (!realpath(link, ifdir))
		return -errno;
	strcpy(devdir, ifdir);
	slash = strrchr(devdir, '/');
	if (!slash || slash == devdir)
		return -ENOENT;
	*slash = '\0';

	snprintf(info->SysfsName, sizeof(info->SysfsName), "%s", name);
	snprintf(info->DevicePath, sizeof(info->DevicePath), "%s/winusb/%s",
		 wu_dev_root, name);
	info->InterfaceNumber = (UCHAR)wu_attr(ifdir, "bInterfaceNumber", true);
	info->InterfaceClass = (UCHAR)wu_attr(ifdir, "bInterfaceClass", true);
	info->InterfaceSubClass = (UCHAR)wu_attr(ifdir, "bInterfaceSubClass", true);
	info->InterfaceProtocol = (UCHAR)wu_attr(ifdir, "bInterfaceProtocol", true);
	info->VendorId = (USHORT)wu_attr(devdir, "idVendor", true);
	info->ProductId = (USHORT)wu_attr(devdir, "idProduct", true);
	info->bcdDevice = (USHORT)wu_attr(devdir, "bcdDevice", true);
	info->BusNumber = (UCHAR)wu_attr(devdir, "busnum", false);
	info->DeviceAddress = (UCHAR)wu_attr(devdir, "devnum", false);
	info->ConfigurationValue = (UCHAR)wu_attr(devdir, "bConfigurationValue",
						  false);
	snprintf(path, sizeof(path), "%s/serial", devdir);
	if (wu_sysfs_read(path, info->SerialNumber,
			  sizeof(info->SerialNumber)) < 0)
		info->SerialNumber[0] = '\0';
	info->NumGuids = 0;
	guids = wu_lookup_guids(ifdir, info);
	if (has_guids)
		*has_guids = guids;
	return 0;
}

/*
 * Names of the bound interfaces, sorted; *@names is malloc'ed (free it and
 * each name).  Returns the count or -errno; 0 if the driver is not loaded.
 */
static int wu_lookup_names(char ***names)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/bus/usb/drivers/winusb", wu_sysfs_root);
	return wu_sysfs_list_names(path, true, names);
}

static void wu_lookup_free(char **names, int n)
{
	while (n-- > 0)
		free(names[n]);
	free(names);
}

BOOL WINAPI WinUsbLinux_EnumerateInterfaces(PWINUSB_LINUX_INTERFACE_INFO Interfaces,
					    PULONG Count)
{
	WINUSB_LINUX_INTERFACE_INFO info;
	ULONG found = 0;
	char **names;
	int n, i;

	if (!Count || (!Interfaces && *Count))
		return wu_fail(ERROR_INVALID_PARAMETER);
	n = wu_lookup_names(&names);
	if (n < 0)
		return wu_fail_errno(n, WU_CTX_CALL);
	for (i = 0; i < n; i++) {
		if (wu_lookup_fill(names[i], &info, NULL) < 0)
			continue;	/* unbound meanwhile */
		if (found < *Count)
			Interfaces[found] = info;
		found++;
	}
	wu_lookup_free(names, n);
	if (found > *Count) {
		*Count = found;
		return wu_fail(ERROR_INSUFFICIENT_BUFFER);
	}
	*Count = found;
	return TRUE;
}

BOOL WINAPI WinUsbLinux_FindDevicePath(USHORT VendorId, USHORT ProductId,
				       LONG InterfaceNumber, DWORD MemberIndex,
				       LPSTR DevicePath, DWORD DevicePathLength)
{
	WINUSB_LINUX_INTERFACE_INFO info;
	DWORD error = ERROR_NO_MORE_ITEMS;
	char **names;
	int n, i;

	if (!DevicePath || !DevicePathLength || InterfaceNumber < -1 ||
	    InterfaceNumber > 255)
		return wu_fail(ERROR_INVALID_PARAMETER);
	n = wu_lookup_names(&names);
	if (n < 0)
		return wu_fail_errno(n, WU_CTX_CALL);
	for (i = 0; i < n; i++) {
		if (wu_lookup_fill(names[i], &info, NULL) < 0 ||
		    info.VendorId != VendorId || info.ProductId != ProductId ||
		    (InterfaceNumber != -1 &&
		     info.InterfaceNumber != InterfaceNumber))
			continue;
		if (MemberIndex-- > 0)
			continue;
		if (strlen(info.DevicePath) >= DevicePathLength) {
			error = ERROR_INSUFFICIENT_BUFFER;
		} else {
			strcpy(DevicePath, info.DevicePath);
			error = ERROR_SUCCESS;
		}
		break;
	}
	wu_lookup_free(names, n);
	if (error != ERROR_SUCCESS)
		return wu_fail(error);
	return TRUE;
}

BOOL WINAPI WinUsbLinux_FindDevicePathByGuid(LPCGUID InterfaceGuid,
					     DWORD MemberIndex,
					     LPSTR DevicePath,
					     DWORD DevicePathLength)
{
	WINUSB_LINUX_INTERFACE_INFO info;
	DWORD error = ERROR_NO_MORE_ITEMS;
	bool reported = false, has_guids;
	char **names;
	ULONG j;
	int n, i;

	if (!InterfaceGuid || !DevicePath || !DevicePathLength)
		return wu_fail(ERROR_INVALID_PARAMETER);
	n = wu_lookup_names(&names);
	if (n < 0)
		return wu_fail_errno(n, WU_CTX_CALL);
	for (i = 0; i < n && error == ERROR_NO_MORE_ITEMS; i++) {
		if (wu_lookup_fill(names[i], &info, &has_guids) < 0)
			continue;
		reported |= has_guids;
		for (j = 0; j < info.NumGuids; j++)
			if (IsEqualGUID(&info.InterfaceGuids[j], InterfaceGuid))
				break;
		if (j == info.NumGuids || MemberIndex-- > 0)
			continue;
		if (strlen(info.DevicePath) >= DevicePathLength) {
			error = ERROR_INSUFFICIENT_BUFFER;
		} else {
			strcpy(DevicePath, info.DevicePath);
			error = ERROR_SUCCESS;
		}
	}
	wu_lookup_free(names, n);
	/* Bound interfaces, but a driver that does not report GUIDs. */
	if (error == ERROR_NO_MORE_ITEMS && n > 0 && !reported)
		error = ERROR_NOT_SUPPORTED;
	if (error != ERROR_SUCCESS)
		return wu_fail(error);
	return TRUE;
}
