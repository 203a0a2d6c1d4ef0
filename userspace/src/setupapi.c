// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * setupapi.c - SetupDi* and CM_Get_Device_Interface_List*: finding WinUSB
 * devices by device interface GUID, as Windows programs do.
 *
 * A device information set is a snapshot taken by SetupDiGetClassDevs():
 *
 *  - one "device" (a devnode, SP_DEVINFO_DATA) per USB interface bound to
 *    winusb (/sys/bus/usb/drivers/winusb/<name>), with one device interface
 *    per interface class GUID it has.  The GUIDs come from the interface's
 *    winusb_interface_guids attribute (the DeviceInterfaceGUIDs of its
 *    Microsoft OS descriptors) and from the udev property
 *    WINUSB_DEVICE_INTERFACE_GUIDS that a rule sets on the interface (or,
 *    for every interface of a device, on the device) - the Linux
 *    counterpart of the INF that gives a GUID on Windows;
 *  - with GUID_DEVINTERFACE_USB_DEVICE (or DIGCF_ALLCLASSES), one devnode
 *    per USB device (root hubs excepted) with that interface.
 *
 * Device paths are Windows-shaped and lower case,
 * "\\?\usb#vid_1209&pid_0001&mi_00#1-1:1.0#{33c1508b-...}", the instance
 * part being the sysfs name, which is how CreateFile() maps one back to
 * /dev/winusb/<name> (wu_devpath_to_node()).
 *
 * Registry properties are read from sysfs when asked, so a device unplugged
 * since the snapshot answers ERROR_NO_SUCH_DEVINST.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "win32_internal.h"

const char *wu_udev_root = "/run/udev";

/* The USBDevice setup class, which WinUSB devices install under. */
static const GUID wu_class_usbdevice = {
	0x88BAE032, 0x5A81, 0x49F0,
	{ 0xBC, 0x3D, 0xA4, 0xFF, 0x13, 0x82, 0x16, 0xD6 }
};
static const GUID wu_guid_usb_device = {
	0xA5DCBF10, 0x6530, 0x11D2,
	{ 0x90, 0x1F, 0x00, 0xC0, 0x4F, 0xB9, 0x51, 0xED }
};

#define WU_SET_MAX_GUIDS 8
#define WU_NAME_MAX WU_SYSFS_NAME_MAX

/**
 * struct wu_devnode - one device of a set.
 * @name: sysfs name: "1-1:1.0" (an interface bound to winusb) or "1-1"
 *        (a USB device, for GUID_DEVINTERFACE_USB_DEVICE).
 * @is_interface: which of the two.
 * @vid, @pid, @bcd: the device's IDs.
 * @ifnum: bInterfaceNumber (interfaces).
 * @composite: the device has more than one interface (&MI_xx in IDs).
 * @nguids, @guids: its device interface classes.
 */
struct wu_devnode {
	char name[WU_NAME_MAX];
	bool is_interface;
	unsigned int vid, pid, bcd, ifnum;
	bool composite;
	unsigned int nguids;
	GUID guids[WU_SET_MAX_GUIDS];
};

/**
 * struct wu_devset - an HDEVINFO.
 * @obj: handle-table header.
 * @ndev, @dev: the devnodes, sorted by name.
 */
struct wu_devset {
	struct wu_object obj;
	unsigned int ndev;
	struct wu_devnode *dev;
};

/* ---- small helpers ------------------------------------------------------ */

static unsigned long wu_attr_ul(const char *dir, const char *attr, int base)
{
	char path[PATH_MAX + 64];
	unsigned long v = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, attr);
	if ((base == 16 ? wu_sysfs_read_hex(path, &v) :
			  wu_sysfs_read_dec(path, &v)) < 0)
		return 0;
	return v;
}

static bool wu_attr_str(const char *dir, const char *attr, char *buf,
			size_t size)
{
	char path[PATH_MAX + 64];

	snprintf(path, sizeof(path), "%s/%s", dir, attr);
	return wu_sysfs_read(path, buf, size) == 0 && buf[0];
}

static void wu_guid_format(const GUID *g, char *buf, size_t size, bool upper)
{
	snprintf(buf, size,
		 upper ? "{%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}" :
			 "{%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x}",
		 g->Data1, g->Data2, g->Data3, g->Data4[0], g->Data4[1],
		 g->Data4[2], g->Data4[3], g->Data4[4], g->Data4[5],
		 g->Data4[6], g->Data4[7]);
}

static void wu_node_add_guid(struct wu_devnode *d, const GUID *g)
{
	unsigned int i;

	for (i = 0; i < d->nguids; i++)
		if (IsEqualGUID(&d->guids[i], g))
			return;
	if (d->nguids < WU_SET_MAX_GUIDS)
		d->guids[d->nguids++] = *g;
}

/* Add every GUID found in @text, separated by blanks, commas or ';'. */
static void wu_node_add_guid_list(struct wu_devnode *d, char *text)
{
	char *tok, *save;
	GUID g;

	for (tok = strtok_r(text, " \t\n,;", &save); tok;
	     tok = strtok_r(NULL, " \t\n,;", &save))
		if (wu_parse_guid(tok, &g))
			wu_node_add_guid(d, &g);
}

/*
 * The udev property WINUSB_DEVICE_INTERFACE_GUIDS of the usb device or
 * interface @name (sysfs directory @dir), from udev's database, the file
 * libudev reads ("E:KEY=VALUE" lines): /run/udev/data/c189:<minor> for a
 * device, which has a node (its "dev" attribute), +usb:<name> for an
 * interface.
 */
static void wu_node_add_udev_guids(struct wu_devnode *d, const char *dir,
				   const char *name)
{
	static const char key[] = "E:WINUSB_DEVICE_INTERFACE_GUIDS=";
	char path[PATH_MAX + 64], line[1024], devt[32];
	FILE *f;

	if (wu_attr_str(dir, "dev", devt, sizeof(devt)))
		snprintf(path, sizeof(path), "%s/data/c%s", wu_udev_root,
			 devt);
	else
		snprintf(path, sizeof(path), "%s/data/+usb:%s", wu_udev_root,
			 name);
	f = fopen(path, "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, sizeof(key) - 1))
			wu_node_add_guid_list(d, line + sizeof(key) - 1);
	fclose(f);
}

/* The interface's directory and its device's; false if it is gone. */
static bool wu_node_dirs(const struct wu_devnode *d, char *ifdir,
			 char *devdir)
{
	char link[PATH_MAX + 64], *slash;

	if (d->is_interface) {
		snprintf(link, sizeof(link), "%s/bus/usb/drivers/winusb/%s",
			 wu_sysfs_root, d->name);
		if (!realpath(link, ifdir))
			return false;
		strcpy(devdir, ifdir);
		slash = strrchr(devdir, '/');
		if (!slash)
			return false;
		*slash = '\0';
		return true;
	}
	snprintf(link, sizeof(link), "%s/bus/usb/devices/%s", wu_sysfs_root,
		 d->name);
	if (!realpath(link, devdir))
		return false;
	strcpy(ifdir, devdir);
	return true;
}

/* The device's sysfs name ("1-1.2") of an interface name ("1-1.2:1.0"). */
static void wu_device_name(const char *name, char *out, size_t size)
{
	size_t n = strcspn(name, ":");

	if (n >= size)
		n = size - 1;
	memcpy(out, name, n);
	out[n] = '\0';
}

static bool wu_node_fill(struct wu_devnode *d, const char *name,
			 bool is_interface)
{
	char ifdir[PATH_MAX], devdir[PATH_MAX], text[1024], path[PATH_MAX + 64];
	char devname[WU_NAME_MAX];

	memset(d, 0, sizeof(*d));
	snprintf(d->name, sizeof(d->name), "%s", name);
	d->is_interface = is_interface;
	if (!wu_node_dirs(d, ifdir, devdir))
		return false;
	d->vid = (unsigned int)wu_attr_ul(devdir, "idVendor", 16);
	d->pid = (unsigned int)wu_attr_ul(devdir, "idProduct", 16);
	d->bcd = (unsigned int)wu_attr_ul(devdir, "bcdDevice", 16);
	d->composite = wu_attr_ul(devdir, "bNumInterfaces", 10) > 1;
	if (!is_interface) {
		wu_node_add_guid(d, &wu_guid_usb_device);
		return true;
	}
	d->ifnum = (unsigned int)wu_attr_ul(ifdir, "bInterfaceNumber", 16);
	snprintf(path, sizeof(path), "%s/winusb_interface_guids", ifdir);
	if (wu_sysfs_read(path, text, sizeof(text)) == 0)
		wu_node_add_guid_list(d, text);
	wu_node_add_udev_guids(d, ifdir, name);
	wu_device_name(name, devname, sizeof(devname));
	wu_node_add_udev_guids(d, devdir, devname);
	return true;
}

static int wu_node_cmp(const void *a, const void *b)
{
	const struct wu_devnode *x = a, *y = b;

	return strverscmp(x->name, y->name);
}

static bool wu_node_has_guid(const struct wu_devnode *d, const GUID *g)
{
	unsigned int i;

	for (i = 0; i < d->nguids; i++)
		if (IsEqualGUID(&d->guids[i], g))
			return true;
	return false;
}

/*
 * Build the snapshot: winusb interfaces, and USB devices when @usb_devices.
 * Only devnodes with @guid (NULL: any) are kept.  Returns 0 or -errno.
 */
static int wu_devset_scan(struct wu_devset *set, const GUID *guid,
			  bool usb_devices, bool need_guid)
{
	char dir[PATH_MAX], **names;
	struct wu_devnode *nd;
	int pass, n, i, ret = 0;

	for (pass = 0; pass < 2; pass++) {
		if (pass == 1 && !usb_devices)
			break;
		snprintf(dir, sizeof(dir), pass ? "%s/bus/usb/devices" :
			 "%s/bus/usb/drivers/winusb", wu_sysfs_root);
		n = wu_sysfs_list_names(dir, pass == 0, &names);
		if (n < 0)
			return n;
		for (i = 0; i < n; i++) {
			struct wu_devnode node;

			if (ret || !wu_node_fill(&node, names[i], pass == 0))
				continue;
			if ((guid && !wu_node_has_guid(&node, guid)) ||
			    (need_guid && !node.nguids))
				continue;
			nd = realloc(set->dev, (set->ndev + 1) * sizeof(*nd));
			if (!nd) {
				ret = -ENOMEM;
				continue;
			}
			set->dev = nd;
			set->dev[set->ndev++] = node;
		}
		for (i = 0; i < n; i++)
			free(names[i]);
		free(names);
		if (ret)
			return ret;
	}
	if (set->ndev)
		qsort(set->dev, set->ndev, sizeof(*set->dev), wu_node_cmp);
	return 0;
}

/* ---- device paths and IDs ----------------------------------------------- */

/* "\\?\usb#vid_1209&pid_0001&mi_00#1-1:1.0#{guid}" */
static void wu_node_devpath(const struct wu_devnode *d, const GUID *g,
			    char *buf, size_t size)
{
	char gs[40], mi[8] = "";

	wu_guid_format(g, gs, sizeof(gs), false);
	if (d->is_interface && d->composite)
		snprintf(mi, sizeof(mi), "&mi_%02x", d->ifnum & 0xff);
	snprintf(buf, size, "\\\\?\\usb#vid_%04x&pid_%04x%s#%s#%s",
		 d->vid & 0xffff, d->pid & 0xffff, mi, d->name, gs);
}

/* "USB\VID_1209&PID_0001&MI_00" (@rev adds "&REV_0100" before MI). */
static void wu_node_hwid(const struct wu_devnode *d, bool rev, char *buf,
			 size_t size)
{
	char r[16] = "", mi[8] = "";

	if (rev)
		snprintf(r, sizeof(r), "&REV_%04X", d->bcd & 0xffff);
	if (d->is_interface && d->composite)
		snprintf(mi, sizeof(mi), "&MI_%02X", d->ifnum & 0xff);
	snprintf(buf, size, "USB\\VID_%04X&PID_%04X%s%s", d->vid & 0xffff,
		 d->pid & 0xffff, r, mi);
}

int wu_devpath_to_node(const char *path, char *node, size_t size)
{
	char copy[512], *field[4], *save, *p, ifdir[PATH_MAX];
	char link[PATH_MAX + 64], **names;
	unsigned int vid, pid, i;
	int n, nf = 0, found = -1, count = 0;
	struct stat st;

	if (strlen(path) < 5 || path[0] != '\\' || path[1] != '\\' ||
	    (path[2] != '?' && path[2] != '.') || path[3] != '\\')
		return -EINVAL;
	if (strlen(path + 4) >= sizeof(copy))
		return -ENOENT;
	strcpy(copy, path + 4);
	for (p = strtok_r(copy, "#", &save); p && nf < 4;
	     p = strtok_r(NULL, "#", &save))
		field[nf++] = p;
	if (nf < 3 || strcasecmp(field[0], "usb") ||
	    sscanf(field[1], "%*[vV]%*[iI]%*[dD]_%4x&%*[pP]%*[iI]%*[dD]_%4x",
		   &vid, &pid) != 2 ||
	    strchr(field[2], '/') || !strcmp(field[2], "..") ||
	    strlen(field[2]) >= WU_NAME_MAX)
		return -ENOENT;

	if (strchr(field[2], ':')) {
		struct wu_devnode d;

		if (!wu_node_fill(&d, field[2], true) || d.vid != vid ||
		    d.pid != pid)
			return -ENOENT;
		snprintf(node, size, "%s/winusb/%s", wu_dev_root, field[2]);
		return stat(node, &st) == 0 ? 0 : -ENOENT;
	}

	/* A USB device path: its one interface bound to winusb. */
	snprintf(link, sizeof(link), "%s/bus/usb/devices/%s", wu_sysfs_root,
		 field[2]);
	if (!realpath(link, ifdir))
		return -ENOENT;
	snprintf(link, sizeof(link), "%s/bus/usb/drivers/winusb",
		 wu_sysfs_root);
	n = wu_sysfs_list_names(link, true, &names);
	if (n < 0)
		return n;
	for (i = 0; i < (unsigned int)n; i++) {
		char dev[WU_NAME_MAX];

		wu_device_name(names[i], dev, sizeof(dev));
		if (!strcmp(dev, field[2])) {
			count++;
			found = (int)i;
		}
	}
	if (count == 1)
		snprintf(node, size, "%s/winusb/%s", wu_dev_root,
			 names[found]);
	for (i = 0; i < (unsigned int)n; i++)
		free(names[i]);
	free(names);
	return count == 1 ? 0 : -EACCES;
}

/* ---- the set handle ----------------------------------------------------- */

static void wu_devset_release(struct wu_object *obj)
{
	struct wu_devset *set = wu_container_of(obj, struct wu_devset, obj);

	free(set->dev);
	free(set);
}

static struct wu_devset *wu_devset_get(HDEVINFO h)
{
	struct wu_object *obj;

	if (h == INVALID_HANDLE_VALUE || !h)
		return NULL;
	obj = wu_handle_get(h, WU_TYPE_BIT(WU_TYPE_DEVINFO));
	return obj ? wu_container_of(obj, struct wu_devset, obj) : NULL;
}

static HDEVINFO wu_get_class_devs(const GUID *ClassGuid, bool enum_ok,
				  DWORD Flags)
{
	const DWORD known = DIGCF_DEFAULT | DIGCF_PRESENT | DIGCF_ALLCLASSES |
			    DIGCF_PROFILE | DIGCF_DEVICEINTERFACE;
	bool all = Flags & DIGCF_ALLCLASSES;
	bool ifaces = Flags & DIGCF_DEVICEINTERFACE;
	struct wu_devset *set;
	const GUID *filter = NULL;
	bool usb_devices, need_guid = false;
	HANDLE h;
	int ret;

	if (Flags & ~known) {
		SetLastError(ERROR_INVALID_FLAGS);
		return INVALID_HANDLE_VALUE;
	}
	if (!ClassGuid && !all) {
		SetLastError(ERROR_INVALID_PARAMETER);
		return INVALID_HANDLE_VALUE;
	}
	set = calloc(1, sizeof(*set));
	if (!set) {
		SetLastError(ERROR_NOT_ENOUGH_MEMORY);
		return INVALID_HANDLE_VALUE;
	}
	wu_object_init(&set->obj, WU_TYPE_DEVINFO, wu_devset_release);

	if (!enum_ok) {
		usb_devices = false;	/* an enumerator other than USB */
		goto out_open;
	}
	if (ifaces) {
		/* Interface classes: GUIDs of interfaces, or every USB device. */
		if (!all)
			filter = ClassGuid;
		usb_devices = all || IsEqualGUID(ClassGuid, &wu_guid_usb_device);
		need_guid = true;
	} else {
		/* Setup classes: WinUSB devices are in the USBDevice class. */
		usb_devices = false;
		if (!all && !IsEqualGUID(ClassGuid, &wu_class_usbdevice))
			goto out_open;
	}
	ret = wu_devset_scan(set, filter, usb_devices, need_guid);
	if (ret < 0) {
		wu_object_put(&set->obj);
		SetLastError(wu_error_from_errno(-ret, WU_CTX_CALL));
		return INVALID_HANDLE_VALUE;
	}
out_open:
	h = wu_handle_open(&set->obj);
	wu_object_put(&set->obj);
	if (!h) {
		SetLastError(ERROR_NOT_ENOUGH_MEMORY);
		return INVALID_HANDLE_VALUE;
	}
	SetLastError(ERROR_SUCCESS);
	return h;
}

HDEVINFO WINAPI SetupDiGetClassDevsA(const GUID *ClassGuid, PCSTR Enumerator,
				     HWND hwndParent, DWORD Flags)
{
	(void)hwndParent;
	return wu_get_class_devs(ClassGuid,
				 !Enumerator || !strcasecmp(Enumerator, "USB"),
				 Flags);
}

HDEVINFO WINAPI SetupDiGetClassDevsW(const GUID *ClassGuid,
				     PCWSTR Enumerator, HWND hwndParent,
				     DWORD Flags)
{
	char *e = NULL;
	HDEVINFO h;

	(void)hwndParent;
	if (Enumerator) {
		e = wu_utf16_dup_utf8(Enumerator);
		if (!e) {
			SetLastError(ERROR_NOT_ENOUGH_MEMORY);
			return INVALID_HANDLE_VALUE;
		}
	}
	h = wu_get_class_devs(ClassGuid, !e || !strcasecmp(e, "USB"), Flags);
	free(e);
	return h;
}

BOOL WINAPI SetupDiDestroyDeviceInfoList(HDEVINFO DeviceInfoSet)
{
	struct wu_object *obj;

	if (DeviceInfoSet == INVALID_HANDLE_VALUE || !DeviceInfoSet)
		return wu_fail(ERROR_INVALID_HANDLE);
	obj = wu_handle_close(DeviceInfoSet, WU_TYPE_BIT(WU_TYPE_DEVINFO));
	if (!obj)
		return wu_fail(ERROR_INVALID_HANDLE);
	wu_object_put(obj);
	return TRUE;
}

static void wu_fill_devinfo(const struct wu_devset *set, unsigned int i,
			    SP_DEVINFO_DATA *di)
{
	(void)set;
	di->ClassGuid = wu_class_usbdevice;
	di->DevInst = i + 1;
	di->Reserved = i + 1;
}

BOOL WINAPI SetupDiEnumDeviceInfo(HDEVINFO DeviceInfoSet, DWORD MemberIndex,
				  PSP_DEVINFO_DATA DeviceInfoData)
{
	struct wu_devset *set = wu_devset_get(DeviceInfoSet);
	BOOL ok = FALSE;

	if (!set)
		return wu_fail(ERROR_INVALID_HANDLE);
	if (!DeviceInfoData || DeviceInfoData->cbSize != sizeof(SP_DEVINFO_DATA))
		SetLastError(ERROR_INVALID_PARAMETER);
	else if (MemberIndex >= set->ndev)
		SetLastError(ERROR_NO_MORE_ITEMS);
	else {
		wu_fill_devinfo(set, MemberIndex, DeviceInfoData);
		ok = TRUE;
	}
	wu_object_put(&set->obj);
	return ok;
}

/*
 * The devnode @di names in @set: -1 with the error set if it is not one
 * of the set's.
 */
static int wu_devinfo_index(const struct wu_devset *set,
			    const SP_DEVINFO_DATA *di, DWORD bad_size_error)
{
	if (!di) {
		SetLastError(ERROR_INVALID_PARAMETER);
		return -1;
	}
	if (di->cbSize != sizeof(SP_DEVINFO_DATA)) {
		SetLastError(bad_size_error);
		return -1;
	}
	if (di->Reserved == 0 || di->Reserved > set->ndev) {
		SetLastError(ERROR_INVALID_PARAMETER);
		return -1;
	}
	return (int)(di->Reserved - 1);
}

BOOL WINAPI SetupDiEnumDeviceInterfaces(HDEVINFO DeviceInfoSet,
					PSP_DEVINFO_DATA DeviceInfoData,
					const GUID *InterfaceClassGuid,
					DWORD MemberIndex,
					PSP_DEVICE_INTERFACE_DATA DeviceInterfaceData)
{
	struct wu_devset *set = wu_devset_get(DeviceInfoSet);
	unsigned int i, first = 0, last;
	DWORD error = ERROR_NO_MORE_ITEMS;

	if (!set)
		return wu_fail(ERROR_INVALID_HANDLE);
	last = set->ndev;
	if (!DeviceInterfaceData || !InterfaceClassGuid) {
		error = ERROR_INVALID_PARAMETER;
		goto out;
	}
	if (DeviceInterfaceData->cbSize != sizeof(SP_DEVICE_INTERFACE_DATA)) {
		error = ERROR_INVALID_USER_BUFFER;
		goto out;
	}
	if (DeviceInfoData) {
		int idx = wu_devinfo_index(set, DeviceInfoData,
					   ERROR_INVALID_PARAMETER);

		if (idx < 0) {
			error = GetLastError();
			goto out;
		}
		first = (unsigned int)idx;
		last = first + 1;
	}
	for (i = first; i < last; i++) {
		if (!wu_node_has_guid(&set->dev[i], InterfaceClassGuid))
			continue;
		if (MemberIndex-- > 0)
			continue;
		DeviceInterfaceData->InterfaceClassGuid = *InterfaceClassGuid;
		DeviceInterfaceData->Flags = SPINT_ACTIVE;
		DeviceInterfaceData->Reserved = i + 1;
		error = ERROR_SUCCESS;
		break;
	}
out:
	wu_object_put(&set->obj);
	if (error != ERROR_SUCCESS)
		return wu_fail(error);
	return TRUE;
}

/*
 * The device path of @ifd in UTF-8 (@path), after the checks every
 * SetupDiGetDeviceInterfaceDetail variant makes.  Returns the devnode
 * index, or -1 with the error set.
 */
static int wu_interface_path(struct wu_devset *set,
			     const SP_DEVICE_INTERFACE_DATA *ifd,
			     PSP_DEVINFO_DATA di, char *path, size_t size)
{
	unsigned int i;

	if (!ifd) {
		SetLastError(ERROR_INVALID_PARAMETER);
		return -1;
	}
	if (ifd->cbSize != sizeof(SP_DEVICE_INTERFACE_DATA)) {
		SetLastError(ERROR_INVALID_USER_BUFFER);
		return -1;
	}
	if (di && di->cbSize != sizeof(SP_DEVINFO_DATA)) {
		SetLastError(ERROR_INVALID_USER_BUFFER);
		return -1;
	}
	if (ifd->Reserved == 0 || ifd->Reserved > set->ndev) {
		SetLastError(ERROR_INVALID_PARAMETER);
		return -1;
	}
	i = (unsigned int)(ifd->Reserved - 1);
	wu_node_devpath(&set->dev[i], &ifd->InterfaceClassGuid, path, size);
	return (int)i;
}

BOOL WINAPI SetupDiGetDeviceInterfaceDetailA(
	HDEVINFO DeviceInfoSet, PSP_DEVICE_INTERFACE_DATA DeviceInterfaceData,
	PSP_DEVICE_INTERFACE_DETAIL_DATA_A DeviceInterfaceDetailData,
	DWORD DeviceInterfaceDetailDataSize, PDWORD RequiredSize,
	PSP_DEVINFO_DATA DeviceInfoData)
{
	struct wu_devset *set = wu_devset_get(DeviceInfoSet);
	const size_t hdr = offsetof(SP_DEVICE_INTERFACE_DETAIL_DATA_A,
				    DevicePath);
	char path[512];
	DWORD need;
	BOOL ok = FALSE;
	int i;

	if (!set)
		return wu_fail(ERROR_INVALID_HANDLE);
	i = wu_interface_path(set, DeviceInterfaceData, DeviceInfoData, path,
			      sizeof(path));
	if (i < 0)
		goto out;
	if (DeviceInterfaceDetailData ?
		    DeviceInterfaceDetailDataSize < sizeof(*DeviceInterfaceDetailData) :
		    DeviceInterfaceDetailDataSize != 0) {
		SetLastError(ERROR_INVALID_USER_BUFFER);
		goto out;
	}
	if (DeviceInterfaceDetailData &&
	    DeviceInterfaceDetailData->cbSize != sizeof(*DeviceInterfaceDetailData)) {
		SetLastError(ERROR_INVALID_USER_BUFFER);
		goto out;
	}
	need = (DWORD)(hdr + strlen(path) + 1);
	if (RequiredSize)
		*RequiredSize = need;
	if (DeviceInfoData)
		wu_fill_devinfo(set, (unsigned int)i, DeviceInfoData);
	if (!DeviceInterfaceDetailData || DeviceInterfaceDetailDataSize < need) {
		SetLastError(ERROR_INSUFFICIENT_BUFFER);
		goto out;
	}
	strcpy(DeviceInterfaceDetailData->DevicePath, path);
	ok = TRUE;
out:
	wu_object_put(&set->obj);
	return ok;
}

BOOL WINAPI SetupDiGetDeviceInterfaceDetailW(
	HDEVINFO DeviceInfoSet, PSP_DEVICE_INTERFACE_DATA DeviceInterfaceData,
	PSP_DEVICE_INTERFACE_DETAIL_DATA_W DeviceInterfaceDetailData,
	DWORD DeviceInterfaceDetailDataSize, PDWORD RequiredSize,
	PSP_DEVINFO_DATA DeviceInfoData)
{
	struct wu_devset *set = wu_devset_get(DeviceInfoSet);
	const size_t hdr = offsetof(SP_DEVICE_INTERFACE_DETAIL_DATA_W,
				    DevicePath);
	char path[512];
	long units;
	DWORD need;
	BOOL ok = FALSE;
	int i;

	if (!set)
		return wu_fail(ERROR_INVALID_HANDLE);
	i = wu_interface_path(set, DeviceInterfaceData, DeviceInfoData, path,
			      sizeof(path));
	if (i < 0)
		goto out;
	if (DeviceInterfaceDetailData ?
		    DeviceInterfaceDetailDataSize < sizeof(*DeviceInterfaceDetailData) :
		    DeviceInterfaceDetailDataSize != 0) {
		SetLastError(ERROR_INVALID_USER_BUFFER);
		goto out;
	}
	if (DeviceInterfaceDetailData &&
	    DeviceInterfaceDetailData->cbSize != sizeof(*DeviceInterfaceDetailData)) {
		SetLastError(ERROR_INVALID_USER_BUFFER);
		goto out;
	}
	units = wu_utf8_to_utf16(path, -1, NULL, 0);
	need = (DWORD)(hdr + (size_t)units * sizeof(WCHAR));
	if (RequiredSize)
		*RequiredSize = need;
	if (DeviceInfoData)
		wu_fill_devinfo(set, (unsigned int)i, DeviceInfoData);
	if (!DeviceInterfaceDetailData || DeviceInterfaceDetailDataSize < need) {
		SetLastError(ERROR_INSUFFICIENT_BUFFER);
		goto out;
	}
	wu_utf8_to_utf16(path, -1, DeviceInterfaceDetailData->DevicePath,
			 (size_t)units);
	ok = TRUE;
out:
	wu_object_put(&set->obj);
	return ok;
}

/* ---- properties --------------------------------------------------------- */

/* Append @s and its NUL to a multi-string being built in @buf. */
static void wu_msz_add(char *buf, size_t size, size_t *len, const char *s)
{
	size_t n = strlen(s) + 1;

	if (*len + n < size) {
		memcpy(buf + *len, s, n);
		*len += n;
	}
}

/* "USBROOT(0)#USB(1)#USB(3)" path parts and the port of the device. */
static void wu_node_location(const struct wu_devnode *d, char *paths,
			     size_t size, unsigned int *port,
			     unsigned int *hub)
{
	char dev[WU_NAME_MAX], *p, *save;
	unsigned int bus = 0, level = 0, v;
	size_t len;

	wu_device_name(d->name, dev, sizeof(dev));
	sscanf(dev, "%u", &bus);
	len = (size_t)snprintf(paths, size, "USBROOT(%u)", bus ? bus - 1 : 0);
	*port = 0;
	*hub = bus;
	p = strchr(dev, '-');
	for (p = p ? strtok_r(p + 1, ".", &save) : NULL; p;
	     p = strtok_r(NULL, ".", &save)) {
		v = (unsigned int)strtoul(p, NULL, 10);
		if (level++)
			*hub = *port;
		*port = v;
		if (len < size)
			len += (size_t)snprintf(paths + len, size - len,
						"#USB(%u)", v);
	}
	if (d->is_interface && d->composite && len < size)
		snprintf(paths + len, size - len, "#USBMI(%u)", d->ifnum);
}

/*
 * A property as UTF-8 (strings, multi-strings ending in an extra NUL) or
 * as a DWORD.  Returns its type, or 0 with *@error set.
 */
static DWORD wu_node_property(const struct wu_devnode *d, DWORD prop,
			      char *buf, size_t size, size_t *len,
			      DWORD *dword, DWORD *error)
{
	char ifdir[PATH_MAX], devdir[PATH_MAX], s[512];
	unsigned int port, hub;

	*len = 0;
	if (!wu_node_dirs(d, ifdir, devdir)) {
		*error = ERROR_NO_SUCH_DEVINST;
		return 0;
	}
	switch (prop) {
	case SPDRP_DEVICEDESC:
		if (!(d->is_interface && wu_attr_str(ifdir, "interface", s, sizeof(s))) &&
		    !wu_attr_str(devdir, "product", s, sizeof(s)))
			snprintf(s, sizeof(s), "%s", d->is_interface ?
				 "WinUsb Device" : "USB Composite Device");
		wu_msz_add(buf, size, len, s);
		return REG_SZ;
	case SPDRP_FRIENDLYNAME:
		if (!wu_attr_str(devdir, "product", s, sizeof(s)))
			break;
		wu_msz_add(buf, size, len, s);
		return REG_SZ;
	case SPDRP_MFG:
		if (!wu_attr_str(devdir, "manufacturer", s, sizeof(s)))
			break;
		wu_msz_add(buf, size, len, s);
		return REG_SZ;
	case SPDRP_HARDWAREID:
		wu_node_hwid(d, true, s, sizeof(s));
		wu_msz_add(buf, size, len, s);
		wu_node_hwid(d, false, s, sizeof(s));
		wu_msz_add(buf, size, len, s);
		wu_msz_add(buf, size, len, "");
		return REG_MULTI_SZ;
	case SPDRP_COMPATIBLEIDS: {
		const char *dir = d->is_interface ? ifdir : devdir;
		const char *pre = d->is_interface ? "bInterface" : "bDevice";
		char a[32];
		unsigned long c, sc, pr;

		snprintf(a, sizeof(a), "%sClass", pre);
		c = wu_attr_ul(dir, a, 16);
		snprintf(a, sizeof(a), "%sSubClass", pre);
		sc = wu_attr_ul(dir, a, 16);
		snprintf(a, sizeof(a), "%sProtocol", pre);
		pr = wu_attr_ul(dir, a, 16);
		snprintf(s, sizeof(s), "USB\\Class_%02lx&SubClass_%02lx&Prot_%02lx",
			 c, sc, pr);
		wu_msz_add(buf, size, len, s);
		snprintf(s, sizeof(s), "USB\\Class_%02lx&SubClass_%02lx", c, sc);
		wu_msz_add(buf, size, len, s);
		snprintf(s, sizeof(s), "USB\\Class_%02lx", c);
		wu_msz_add(buf, size, len, s);
		wu_msz_add(buf, size, len, "");
		return REG_MULTI_SZ;
	}
	case SPDRP_SERVICE:
		if (!d->is_interface)
			break;
		wu_msz_add(buf, size, len, "WinUSB");
		return REG_SZ;
	case SPDRP_CLASS:
		wu_msz_add(buf, size, len, "USBDevice");
		return REG_SZ;
	case SPDRP_CLASSGUID:
		wu_guid_format(&wu_class_usbdevice, s, sizeof(s), false);
		wu_msz_add(buf, size, len, s);
		return REG_SZ;
	case SPDRP_ENUMERATOR_NAME:
		wu_msz_add(buf, size, len, "USB");
		return REG_SZ;
	case SPDRP_LOCATION_INFORMATION:
		wu_node_location(d, s, sizeof(s), &port, &hub);
		snprintf(s, sizeof(s), "Port_#%04u.Hub_#%04u", port, hub);
		wu_msz_add(buf, size, len, s);
		return REG_SZ;
	case SPDRP_LOCATION_PATHS:
		wu_node_location(d, s, sizeof(s), &port, &hub);
		wu_msz_add(buf, size, len, s);
		wu_msz_add(buf, size, len, "");
		return REG_MULTI_SZ;
	case SPDRP_BUSNUMBER:
		*dword = (DWORD)wu_attr_ul(devdir, "busnum", 10);
		*len = sizeof(DWORD);
		return REG_DWORD;
	case SPDRP_ADDRESS:
		wu_node_location(d, s, sizeof(s), &port, &hub);
		*dword = port;
		*len = sizeof(DWORD);
		return REG_DWORD;
	default:
		if (prop >= SPDRP_MAXIMUM_PROPERTY || prop == SPDRP_UNUSED0 ||
		    prop == SPDRP_UNUSED1 || prop == SPDRP_UNUSED2) {
			*error = ERROR_INVALID_REG_PROPERTY;
			return 0;
		}
		break;
	}
	*error = ERROR_INVALID_DATA;	/* Windows: no such value */
	return 0;
}

static BOOL wu_get_property(HDEVINFO DeviceInfoSet,
			    PSP_DEVINFO_DATA DeviceInfoData, DWORD Property,
			    PDWORD PropertyRegDataType, PBYTE PropertyBuffer,
			    DWORD PropertyBufferSize, PDWORD RequiredSize,
			    bool wide)
{
	struct wu_devset *set = wu_devset_get(DeviceInfoSet);
	char text[1024];
	size_t len = 0;
	DWORD type, dword = 0, error = ERROR_SUCCESS, need;
	WCHAR *wtext = NULL;
	const void *src;
	int idx;

	if (!set)
		return wu_fail(ERROR_INVALID_HANDLE);
	idx = wu_devinfo_index(set, DeviceInfoData, ERROR_INVALID_PARAMETER);
	if (idx < 0) {
		error = GetLastError();
		goto out;
	}
	if (!PropertyBuffer && PropertyBufferSize) {
		error = ERROR_INVALID_PARAMETER;
		goto out;
	}
	type = wu_node_property(&set->dev[idx], Property, text, sizeof(text),
				&len, &dword, &error);
	if (!type)
		goto out;
	src = text;
	if (type == REG_DWORD) {
		src = &dword;
	} else if (wide) {
		long units = wu_utf8_to_utf16(text, (long)len, NULL, 0);

		wtext = malloc((size_t)units * sizeof(WCHAR) + 1);
		if (!wtext) {
			error = ERROR_NOT_ENOUGH_MEMORY;
			goto out;
		}
		wu_utf8_to_utf16(text, (long)len, wtext, (size_t)units);
		src = wtext;
		len = (size_t)units * sizeof(WCHAR);
	}
	need = (DWORD)len;
	if (PropertyRegDataType)
		*PropertyRegDataType = type;
	if (RequiredSize)
		*RequiredSize = need;
	if (PropertyBufferSize < need) {
		error = ERROR_INSUFFICIENT_BUFFER;
		goto out;
	}
	memcpy(PropertyBuffer, src, need);
out:
	free(wtext);
	wu_object_put(&set->obj);
	if (error != ERROR_SUCCESS)
		return wu_fail(error);
	return TRUE;
}

BOOL WINAPI SetupDiGetDeviceRegistryPropertyA(
	HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData,
	DWORD Property, PDWORD PropertyRegDataType, PBYTE PropertyBuffer,
	DWORD PropertyBufferSize, PDWORD RequiredSize)
{
	return wu_get_property(DeviceInfoSet, DeviceInfoData, Property,
			       PropertyRegDataType, PropertyBuffer,
			       PropertyBufferSize, RequiredSize, false);
}

BOOL WINAPI SetupDiGetDeviceRegistryPropertyW(
	HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData,
	DWORD Property, PDWORD PropertyRegDataType, PBYTE PropertyBuffer,
	DWORD PropertyBufferSize, PDWORD RequiredSize)
{
	return wu_get_property(DeviceInfoSet, DeviceInfoData, Property,
			       PropertyRegDataType, PropertyBuffer,
			       PropertyBufferSize, RequiredSize, true);
}

/* "USB\VID_1209&PID_0001&MI_00\1-1:1.0" */
static int wu_instance_id(HDEVINFO h, PSP_DEVINFO_DATA di, char *buf,
			  size_t size)
{
	struct wu_devset *set = wu_devset_get(h);
	char hw[128];
	int idx;

	if (!set) {
		SetLastError(ERROR_INVALID_HANDLE);
		return -1;
	}
	idx = wu_devinfo_index(set, di, ERROR_INVALID_USER_BUFFER);
	if (idx >= 0) {
		wu_node_hwid(&set->dev[idx], false, hw, sizeof(hw));
		snprintf(buf, size, "%s\\%s", hw, set->dev[idx].name);
	}
	wu_object_put(&set->obj);
	return idx;
}

BOOL WINAPI SetupDiGetDeviceInstanceIdA(HDEVINFO DeviceInfoSet,
					PSP_DEVINFO_DATA DeviceInfoData,
					PSTR DeviceInstanceId,
					DWORD DeviceInstanceIdSize,
					PDWORD RequiredSize)
{
	char id[MAX_DEVICE_ID_LEN + 64];
	DWORD need;

	if (wu_instance_id(DeviceInfoSet, DeviceInfoData, id, sizeof(id)) < 0)
		return FALSE;
	if (!DeviceInstanceId && DeviceInstanceIdSize)
		return wu_fail(ERROR_INVALID_PARAMETER);
	need = (DWORD)strlen(id) + 1;
	if (RequiredSize)
		*RequiredSize = need;
	if (DeviceInstanceIdSize < need)
		return wu_fail(ERROR_INSUFFICIENT_BUFFER);
	memcpy(DeviceInstanceId, id, need);
	return TRUE;
}

BOOL WINAPI SetupDiGetDeviceInstanceIdW(HDEVINFO DeviceInfoSet,
					PSP_DEVINFO_DATA DeviceInfoData,
					PWSTR DeviceInstanceId,
					DWORD DeviceInstanceIdSize,
					PDWORD RequiredSize)
{
	char id[MAX_DEVICE_ID_LEN + 64];
	DWORD need;

	if (wu_instance_id(DeviceInfoSet, DeviceInfoData, id, sizeof(id)) < 0)
		return FALSE;
	if (!DeviceInstanceId && DeviceInstanceIdSize)
		return wu_fail(ERROR_INVALID_PARAMETER);
	need = (DWORD)wu_utf8_to_utf16(id, -1, NULL, 0);
	if (RequiredSize)
		*RequiredSize = need;
	if (DeviceInstanceIdSize < need)
		return wu_fail(ERROR_INSUFFICIENT_BUFFER);
	wu_utf8_to_utf16(id, -1, DeviceInstanceId, need);
	return TRUE;
}

/* ---- cfgmgr32 ----------------------------------------------------------- */

/*
 * The device paths of class @guid (of the device with instance ID @devid
 * only, if not NULL) as a UTF-8 multi-string in a malloc()ed buffer;
 * *@len its length with the final NUL.  Returns a CONFIGRET.
 */
static CONFIGRET wu_cm_list(const GUID *guid, const char *devid,
			    ULONG flags, char **list, size_t *len)
{
	struct wu_devset set = { 0 };
	char path[512], id[MAX_DEVICE_ID_LEN + 64], hw[128];
	size_t cap = 1, n = 0, l;
	unsigned int i;
	char *buf, *nb;

	if (!guid)
		return CR_INVALID_POINTER;
	if (flags & ~(ULONG)CM_GET_DEVICE_INTERFACE_LIST_BITS)
		return CR_INVALID_FLAG;
	if (wu_devset_scan(&set, guid,
			   IsEqualGUID(guid, &wu_guid_usb_device), true) < 0)
		return CR_OUT_OF_MEMORY;
	buf = malloc(cap);
	if (!buf) {
		free(set.dev);
		return CR_OUT_OF_MEMORY;
	}
	for (i = 0; i < set.ndev; i++) {
		if (devid) {
			wu_node_hwid(&set.dev[i], false, hw, sizeof(hw));
			snprintf(id, sizeof(id), "%s\\%s", hw, set.dev[i].name);
			if (strcasecmp(id, devid))
				continue;
		}
		wu_node_devpath(&set.dev[i], guid, path, sizeof(path));
		l = strlen(path) + 1;
		nb = realloc(buf, cap + l);
		if (!nb) {
			free(buf);
			free(set.dev);
			return CR_OUT_OF_MEMORY;
		}
		buf = nb;
		cap += l;
		memcpy(buf + n, path, l);
		n += l;
	}
	buf[n++] = '\0';
	free(set.dev);
	*list = buf;
	*len = n;
	return CR_SUCCESS;
}

CONFIGRET WINAPI CM_Get_Device_Interface_List_SizeA(PULONG pulLen,
						    LPGUID InterfaceClassGuid,
						    DEVINSTID_A pDeviceID,
						    ULONG ulFlags)
{
	CONFIGRET cr;
	char *list;
	size_t len;

	if (!pulLen)
		return CR_INVALID_POINTER;
	*pulLen = 0;
	cr = wu_cm_list(InterfaceClassGuid, pDeviceID, ulFlags, &list, &len);
	if (cr != CR_SUCCESS)
		return cr;
	*pulLen = (ULONG)len;
	free(list);
	return CR_SUCCESS;
}

CONFIGRET WINAPI CM_Get_Device_Interface_ListA(LPGUID InterfaceClassGuid,
					       DEVINSTID_A pDeviceID,
					       PCHAR Buffer, ULONG BufferLen,
					       ULONG ulFlags)
{
	CONFIGRET cr;
	char *list;
	size_t len;

	if (!Buffer || !BufferLen)
		return CR_INVALID_POINTER;
	cr = wu_cm_list(InterfaceClassGuid, pDeviceID, ulFlags, &list, &len);
	if (cr != CR_SUCCESS)
		return cr;
	if (len > BufferLen) {
		free(list);
		return CR_BUFFER_SMALL;
	}
	memcpy(Buffer, list, len);
	free(list);
	return CR_SUCCESS;
}

/* The W variants: the same list, each UTF-8 unit count converted. */
static CONFIGRET wu_cm_list_w(LPGUID guid, DEVINSTID_W devid, ULONG flags,
			      char **list, size_t *len, long *units)
{
	char *id = NULL;
	CONFIGRET cr;

	if (devid && !(id = wu_utf16_dup_utf8(devid)))
		return CR_OUT_OF_MEMORY;
	cr = wu_cm_list(guid, id, flags, list, len);
	free(id);
	if (cr == CR_SUCCESS)
		*units = wu_utf8_to_utf16(*list, (long)*len, NULL, 0);
	return cr;
}

CONFIGRET WINAPI CM_Get_Device_Interface_List_SizeW(PULONG pulLen,
						    LPGUID InterfaceClassGuid,
						    DEVINSTID_W pDeviceID,
						    ULONG ulFlags)
{
	CONFIGRET cr;
	char *list;
	size_t len;
	long units;

	if (!pulLen)
		return CR_INVALID_POINTER;
	*pulLen = 0;
	cr = wu_cm_list_w(InterfaceClassGuid, pDeviceID, ulFlags, &list, &len,
			  &units);
	if (cr != CR_SUCCESS)
		return cr;
	*pulLen = (ULONG)units;
	free(list);
	return CR_SUCCESS;
}

CONFIGRET WINAPI CM_Get_Device_Interface_ListW(LPGUID InterfaceClassGuid,
					       DEVINSTID_W pDeviceID,
					       PWCHAR Buffer, ULONG BufferLen,
					       ULONG ulFlags)
{
	CONFIGRET cr;
	char *list;
	size_t len;
	long units;

	if (!Buffer || !BufferLen)
		return CR_INVALID_POINTER;
	cr = wu_cm_list_w(InterfaceClassGuid, pDeviceID, ulFlags, &list, &len,
			  &units);
	if (cr != CR_SUCCESS)
		return cr;
	if ((ULONG)units > BufferLen) {
		free(list);
		return CR_BUFFER_SMALL;
	}
	wu_utf8_to_utf16(list, (long)len, Buffer, (size_t)units);
	free(list);
	return CR_SUCCESS;
}

DWORD WINAPI CM_MapCrToWin32Err(CONFIGRET CmReturnCode, DWORD DefaultErr)
{
	switch (CmReturnCode) {
	case CR_SUCCESS:
		return ERROR_SUCCESS;
	case CR_OUT_OF_MEMORY:
		return ERROR_NOT_ENOUGH_MEMORY;
	case CR_INVALID_POINTER:
		return ERROR_INVALID_USER_BUFFER;
	case CR_INVALID_FLAG:
		return ERROR_INVALID_FLAGS;
	case CR_INVALID_DEVNODE:
	case CR_INVALID_DATA:
		return ERROR_INVALID_DATA;
	case CR_NO_SUCH_DEVNODE:
		return ERROR_FILE_NOT_FOUND;
	case CR_BUFFER_SMALL:
		return ERROR_INSUFFICIENT_BUFFER;
	case CR_NO_SUCH_VALUE:
		return ERROR_NOT_FOUND;
	case CR_CALL_NOT_IMPLEMENTED:
		return ERROR_CALL_NOT_IMPLEMENTED;
	case CR_NO_SUCH_DEVICE_INTERFACE:
		return ERROR_FILE_NOT_FOUND;
	default:
		return DefaultErr;
	}
}
