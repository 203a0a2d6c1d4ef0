// SPDX-License-Identifier: GPL-2.0
/*
 * winusb - Microsoft OS descriptors: what the device tells Windows
 *
 * Windows binds WinUSB by itself to a device, or to one function of a
 * composite device, whose Microsoft OS descriptors carry the compatible ID
 * "WINUSB", and it registers the DeviceInterfaceGUIDs found next to it, by
 * which applications find the device.  Linux binds nothing by itself.  When
 * an interface is bound to winusb.ko, this file reads those descriptors
 * (once per device: the interfaces of a device share what was read) and
 * keeps, per interface, the compatible ID and the GUIDs.  They are shown as
 * attributes of the interface and as variables of the character device's
 * uevent, so that applications and udev rules can find the device as a
 * Windows application would.
 *
 * MS OS 2.0 first: a platform capability of the BOS (which the USB core
 * keeps in udev->bos) names a vendor request that returns the descriptor
 * set.  Without one, or when that request fails: MS OS 1.0, string 0xEE
 * ("MSFT100" and a vendor code), then the extended compat ID (wIndex 4) and
 * the extended properties of the interface's function (wIndex 5).
 *
 * The bytes are parsed by msos_parse.c, which trusts none of them.  Reads
 * are capped, each request times out after WINUSB_MSOS_TIMEOUT ms, and a
 * failure only means "no descriptors": binding goes on.
 */
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/minmax.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/pm_runtime.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <linux/usb.h>

#include "compat.h"
#include "winusb.h"

/* Per request; a device that does not answer costs at most this much. */
#define WINUSB_MSOS_TIMEOUT		500

/* Largest MS OS 2.0 set read (a longer set is read up to this much). */
#define WINUSB_MSOS20_MAX		SZ_16K
/* Largest MS OS 1.0 extended compat ID or extended properties read. */
#define WINUSB_MSOS10_MAX		SZ_4K

static int winusb_msos_mode = 2;
module_param_named(msos, winusb_msos_mode, int, 0644);
MODULE_PARM_DESC(msos,
		 "Microsoft OS descriptors read at bind: 2 = 2.0, else 1.0 (default); 1 = 1.0 only; 0 = none");

/**
 * struct winusb_msos_dev - the MS OS descriptors of one device
 * @node: in winusb_msos_devs
 * @kref: every bound interface of the device (struct winusb_msos.dev)
 *	holds one; protected by winusb_msos_lock
 * @udev: the device (reference held)
 * @version: 2 (MS OS 2.0), 1 (MS OS 1.0) or 0 (none)
 * @vendor_code: bMS_VendorCode
 * @data: MS OS 2.0: the descriptor set; MS OS 1.0: the extended compat ID,
 *	NULL if the device did not return one
 * @len: bytes received in @data
 *
 * Written before it is published on winusb_msos_devs, constant afterwards.
 */
struct winusb_msos_dev {
	struct list_head node;
	struct kref kref;
	struct usb_device *udev;
	u8 version;
	u8 vendor_code;
	u8 *data;
	size_t len;
};

/* Protects winusb_msos_devs and the krefs; taken with no other lock of ours. */
static DEFINE_MUTEX(winusb_msos_lock);
static LIST_HEAD(winusb_msos_devs);

static int winusb_msos_read(struct usb_device *udev, u8 request, u8 type,
			    u16 value, u16 index, void *buf, u16 len)
{
	return usb_control_msg(udev, usb_rcvctrlpipe(udev, 0), request,
			       USB_DIR_IN | type, value, index, buf, len,
			       WINUSB_MSOS_TIMEOUT);
}

/* Where @intf sits, for the parsers. */
static void winusb_msos_where(struct usb_interface *intf,
			      struct winusb_msos_where *where)
{
	struct usb_device *udev = interface_to_usbdev(intf);
	struct usb_host_config *config = udev->actconfig;
	unsigned int i;

	where->ifnum = intf->cur_altsetting->desc.bInterfaceNumber;
	where->assoc_first = intf->intf_assoc ?
			     intf->intf_assoc->bFirstInterface : -1;
	where->first = true;
	for (i = 0; i < config->desc.bNumInterfaces; i++) {
		struct usb_interface *other = config->interface[i];

		if (other &&
		    other->cur_altsetting->desc.bInterfaceNumber < where->ifnum)
			where->first = false;
	}
	where->config_index = config - udev->config;
	where->config_value = config->desc.bConfigurationValue;
}

/* The MS OS 2.0 set the BOS points to; 0 if it starts with a set header. */
static int winusb_msos20_read(struct winusb_msos_dev *md)
{
	struct usb_device *udev = md->udev;
	u16 set_len;
	u8 code;
	u8 *buf;
	int ret;

	if (!udev->bos || !udev->bos->desc ||
	    !winusb_msos20_find((const u8 *)udev->bos->desc,
				le16_to_cpu(udev->bos->desc->wTotalLength),
				&code, &set_len))
		return -ENOENT;
	set_len = min_t(u16, set_len, WINUSB_MSOS20_MAX);
	buf = kmalloc(set_len, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	ret = winusb_msos_read(udev, code, USB_TYPE_VENDOR | USB_RECIP_DEVICE,
			       0, WINUSB_MSOS20_DESCRIPTOR_INDEX, buf, set_len);
	if (ret < 0 || !winusb_msos20_set_ok(buf, ret)) {
		dev_dbg(&udev->dev, "MS OS 2.0 descriptor set: %d\n", ret);
		kfree(buf);
		return ret < 0 ? ret : -EINVAL;
	}
	md->vendor_code = code;
	md->data = buf;
	md->len = ret;
	return 0;
}

/* String 0xEE, then the extended compat ID; 0 if the string is right. */
static int winusb_msos10_read(struct winusb_msos_dev *md)
{
	struct usb_device *udev = md->udev;
	u8 *buf;
	int ret;

	buf = kmalloc(WINUSB_MSOS10_MAX, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	ret = winusb_msos_read(udev, USB_REQ_GET_DESCRIPTOR,
			       USB_TYPE_STANDARD | USB_RECIP_DEVICE,
			       USB_DT_STRING << 8 | WINUSB_MSOS10_STRING_INDEX,
			       0, buf, WINUSB_MSOS10_STRING_SIZE);
	if (ret < 0 || !winusb_msos10_string_ok(buf, ret, &md->vendor_code)) {
		kfree(buf);
		return ret < 0 ? ret : -ENOENT;
	}

	ret = winusb_msos_read(udev, md->vendor_code,
			       USB_TYPE_VENDOR | USB_RECIP_DEVICE, 0,
			       WINUSB_MSOS10_COMPAT_INDEX, buf,
			       WINUSB_MSOS10_MAX);
	if (ret < 0 || !winusb_msos10_compat_ok(buf, ret)) {
		dev_dbg(&udev->dev, "MS OS 1.0 extended compat ID: %d\n", ret);
		kfree(buf);
		return 0;
	}
	md->data = buf;
	md->len = ret;
	return 0;
}

/*
 * The extended properties of the function that starts at @intf: asked of
 * the interface (wValue: interface number in the high byte, page 0), then,
 * if that stalls, of the device, as some firmware only answers that.
 */
static void winusb_msos10_props(struct winusb_msos_dev *md,
				struct usb_interface *intf,
				struct winusb_msos_ids *ids)
{
	u16 value = intf->cur_altsetting->desc.bInterfaceNumber << 8;
	u8 *buf;
	int ret;

	buf = kmalloc(WINUSB_MSOS10_MAX, GFP_KERNEL);
	if (!buf)
		return;
	ret = winusb_msos_read(md->udev, md->vendor_code,
			       USB_TYPE_VENDOR | USB_RECIP_INTERFACE, value,
			       WINUSB_MSOS10_PROPS_INDEX, buf, WINUSB_MSOS10_MAX);
	if (ret == -EPIPE)
		ret = winusb_msos_read(md->udev, md->vendor_code,
				       USB_TYPE_VENDOR | USB_RECIP_DEVICE,
				       value, WINUSB_MSOS10_PROPS_INDEX, buf,
				       WINUSB_MSOS10_MAX);
	if (ret >= 0 && winusb_msos10_props_ok(buf, ret))
		winusb_msos10_parse_props(buf, ret, ids);
	else
		dev_dbg(&intf->dev, "MS OS 1.0 extended properties: %d\n", ret);
	kfree(buf);
}

/* ---- the per-device object ---------------------------------------------- */

static void winusb_msos_dev_free(struct winusb_msos_dev *md)
{
	usb_put_dev(md->udev);
	kfree(md->data);
	kfree(md);
}

/* kref release; called with winusb_msos_lock held, drops it. */
static void winusb_msos_dev_release(struct kref *kref)
{
	struct winusb_msos_dev *md =
		container_of(kref, struct winusb_msos_dev, kref);

	list_del(&md->node);
	mutex_unlock(&winusb_msos_lock);
	winusb_msos_dev_free(md);
}

static struct winusb_msos_dev *winusb_msos_dev_find(struct usb_device *udev)
{
	struct winusb_msos_dev *md;

	list_for_each_entry(md, &winusb_msos_devs, node) {
		if (md->udev == udev) {
			kref_get(&md->kref);
			return md;
		}
	}
	return NULL;
}

/* Read what the device has, following the msos parameter. */
static struct winusb_msos_dev *winusb_msos_dev_read(struct usb_device *udev)
{
	int mode = READ_ONCE(winusb_msos_mode);
	struct winusb_msos_dev *md;

	md = kzalloc(sizeof(*md), GFP_KERNEL);
	if (!md)
		return NULL;
	kref_init(&md->kref);
	md->udev = usb_get_dev(udev);
	if (mode >= 2 && !winusb_msos20_read(md))
		md->version = 2;
	else if (mode >= 1 && !winusb_msos10_read(md))
		md->version = 1;
	return md;
}

/*
 * The device's descriptors: those another interface of the device already
 * read, else read now.  The caller holds the device lock (probe, or
 * bind_interface), so two interfaces of one device do not read at once;
 * the second lookup only guards against a reader we do not know of.
 */
static struct winusb_msos_dev *winusb_msos_dev_get(struct usb_device *udev)
{
	struct winusb_msos_dev *md, *other;

	mutex_lock(&winusb_msos_lock);
	md = winusb_msos_dev_find(udev);
	mutex_unlock(&winusb_msos_lock);
	if (md)
		return md;

	md = winusb_msos_dev_read(udev);
	if (!md)
		return NULL;
	mutex_lock(&winusb_msos_lock);
	other = winusb_msos_dev_find(udev);
	if (!other)
		list_add(&md->node, &winusb_msos_devs);
	mutex_unlock(&winusb_msos_lock);
	if (other) {
		winusb_msos_dev_free(md);
		md = other;
	}
	return md;
}

/**
 * winusb_msos_learn() - find what the MS OS descriptors say about an interface
 * @wdev: the interface being bound, before its character device exists
 *
 * Reads the device's descriptors if no other bound interface of the device
 * has (MS OS 2.0, else 1.0, as the msos parameter allows; MS OS 1.0
 * extended properties are read per interface), then fills @wdev->msos.
 * Any failure leaves it empty; the bind goes on.
 *
 * Context: process; the caller holds the device lock of the interface's
 * parent (probe, bind_interface).  Sleeps: up to WINUSB_MSOS_TIMEOUT ms per
 * request; at most five requests (the MS OS 2.0 set; string 0xEE, compat
 * ID, properties asked of the interface, then of the device).
 */
void winusb_msos_learn(struct winusb_dev *wdev)
{
	struct usb_device *udev = wdev->udev;
	struct winusb_msos *msos = &wdev->msos;
	struct winusb_msos_where where;
	struct winusb_msos_dev *md;

	/* probe() runs with the device resumed; bind_interface may not. */
	if (pm_runtime_resume_and_get(&udev->dev) < 0)
		return;
	md = winusb_msos_dev_get(udev);
	if (!md)
		goto out_put;
	msos->dev = md;
	msos->version = md->version;
	winusb_msos_where(wdev->intf, &where);
	if (md->version == 2)
		winusb_msos20_parse(md->data, md->len, &where, &msos->ids);
	else if (md->version == 1 &&
		 winusb_msos10_parse_compat(md->data, md->len, &where,
					    &msos->ids))
		winusb_msos10_props(md, wdev->intf, &msos->ids);
	dev_dbg(&wdev->intf->dev,
		"MS OS descriptors %u.0: compatible ID \"%s\", %u GUID(s)\n",
		msos->version, msos->ids.compatible_id, msos->ids.nguids);
out_put:
	pm_runtime_mark_last_busy(&udev->dev);
	pm_runtime_put_autosuspend(&udev->dev);
}

/**
 * winusb_msos_release() - drop the interface's share of the device's descriptors
 * @wdev: the interface, being freed
 *
 * Context: process; takes winusb_msos_lock.
 */
void winusb_msos_release(struct winusb_dev *wdev)
{
	struct winusb_msos_dev *md = wdev->msos.dev;

	wdev->msos.dev = NULL;
	if (md)
		kref_put_mutex(&md->kref, winusb_msos_dev_release,
			       &winusb_msos_lock);
}

/* ---- sysfs and uevent --------------------------------------------------- */

/*
 * The attributes exist only while the interface is bound to us (the driver
 * core removes them before disconnect), and wdev->msos is constant then.
 */
static const struct winusb_msos *winusb_msos_of(struct device *dev)
{
	struct winusb_dev *wdev = usb_get_intfdata(to_usb_interface(dev));

	return wdev ? &wdev->msos : NULL;
}

static ssize_t winusb_compatible_id_show(struct device *dev,
					 struct device_attribute *attr,
					 char *buf)
{
	const struct winusb_msos *msos = winusb_msos_of(dev);

	if (!msos || !msos->ids.compatible_id[0])
		return 0;
	return sysfs_emit(buf, "%s\n", msos->ids.compatible_id);
}
static DEVICE_ATTR_RO(winusb_compatible_id);

static ssize_t winusb_interface_guids_show(struct device *dev,
					   struct device_attribute *attr,
					   char *buf)
{
	const struct winusb_msos *msos = winusb_msos_of(dev);
	unsigned int i;
	int len = 0;

	for (i = 0; msos && i < msos->ids.nguids; i++)
		len += sysfs_emit_at(buf, len, "%s\n", msos->ids.guids[i]);
	return len;
}
static DEVICE_ATTR_RO(winusb_interface_guids);

static ssize_t winusb_msos_version_show(struct device *dev,
					struct device_attribute *attr,
					char *buf)
{
	const struct winusb_msos *msos = winusb_msos_of(dev);

	if (!msos || !msos->version)
		return 0;
	return sysfs_emit(buf, "%u.0\n", msos->version);
}
static DEVICE_ATTR_RO(winusb_msos_version);

static struct attribute *winusb_msos_attrs[] = {
	&dev_attr_winusb_compatible_id.attr,
	&dev_attr_winusb_interface_guids.attr,
	&dev_attr_winusb_msos_version.attr,
	NULL
};

static const struct attribute_group winusb_msos_group = {
	.attrs = winusb_msos_attrs,
};

/* usb_driver.dev_groups: attributes of every bound interface */
const struct attribute_group *winusb_msos_groups[] = {
	&winusb_msos_group,
	NULL
};

/*
 * Variables of the character device's uevents: WINUSB_COMPATIBLE_ID, and
 * WINUSB_GUID (the first GUID) and WINUSB_GUIDS (all, separated by
 * spaces).  drvdata is set before the device is added and the device is
 * removed before the interface is freed.
 */
static int winusb_msos_uevent(WINUSB_UEVENT_CONST struct device *dev,
			      struct kobj_uevent_env *env)
{
	const struct winusb_dev *wdev = dev_get_drvdata(dev);
	const struct winusb_msos_ids *ids;
	char all[WINUSB_MSOS_MAX_GUIDS * (WINUSB_GUID_STR_LEN + 1)];
	unsigned int i;
	size_t len = 0;
	int ret;

	if (!wdev)
		return 0;
	ids = &wdev->msos.ids;
	if (ids->compatible_id[0]) {
		ret = add_uevent_var(env, "WINUSB_COMPATIBLE_ID=%s",
				     ids->compatible_id);
		if (ret)
			return ret;
	}
	if (!ids->nguids)
		return 0;
	for (i = 0; i < ids->nguids; i++)
		len += scnprintf(all + len, sizeof(all) - len, "%s%s",
				 i ? " " : "", ids->guids[i]);
	ret = add_uevent_var(env, "WINUSB_GUID=%s", ids->guids[0]);
	if (!ret)
		ret = add_uevent_var(env, "WINUSB_GUIDS=%s", all);
	return ret;
}

/**
 * winusb_msos_class_init() - add the MS OS variables to the class's uevents
 * @class: the winusb class, before any device is created in it
 */
void winusb_msos_class_init(struct class *class)
{
	class->dev_uevent = winusb_msos_uevent;
}
