// SPDX-License-Identifier: GPL-2.0
/*
 * winusb - driver registration, binding, probe and disconnect
 *
 * Binding: the driver has no static ids.  An interface is bound either
 * through the USB core's dynamic ids (new_id), or by writing its sysfs name
 * to the driver's bind_interface attribute, which claims that interface
 * alone (see Documentation/driver.rst).
 */
#include <linux/idr.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/usb.h>
#include <linux/string.h>
#include <linux/usb/hcd.h>

#include "compat.h"
#include "winusb.h"

/* Minors are ours: no 256-minor limit as with usb_register_dev(). */
#define WINUSB_MAX_MINORS	4096

static dev_t winusb_devt;
static struct class *winusb_class;

/* Protects winusb_minors; outermost lock (see winusb.h). */
static DEFINE_MUTEX(winusb_minor_lock);
static DEFINE_IDR(winusb_minors);

static struct usb_driver winusb_driver;

static void winusb_dev_free(struct kref *kref)
{
	struct winusb_dev *wdev = container_of(kref, struct winusb_dev, kref);

	winusb_pipes_cleanup(wdev);
	winusb_msos_release(wdev);
	winusb_isoch_dev_free(wdev);
	usb_put_intf(wdev->intf);
	usb_put_dev(wdev->udev);
	mutex_destroy(&wdev->io_mutex);
	lockdep_unregister_key(&wdev->io_key);
	kfree(wdev);
}

void winusb_dev_put(struct winusb_dev *wdev)
{
	kref_put(&wdev->kref, winusb_dev_free);
}

/**
 * winusb_dev_get_by_minor() - find a bound interface by minor, for open()
 * @minor: minor number of the opened node
 *
 * Context: process; takes winusb_minor_lock.
 * Return: the interface with a reference held, or NULL if it is gone.
 */
struct winusb_dev *winusb_dev_get_by_minor(int minor)
{
	struct winusb_dev *wdev;

	mutex_lock(&winusb_minor_lock);
	wdev = idr_find(&winusb_minors, minor);
	if (wdev)
		kref_get(&wdev->kref);
	mutex_unlock(&winusb_minor_lock);
	return wdev;
}

static enum winusb_dma_mode winusb_dma_mode(struct usb_device *udev)
{
	struct usb_hcd *hcd = bus_to_hcd(udev->bus);

	if (!hcd_uses_dma(hcd))
		return WINUSB_DMA_NONE;
	if (device_iommu_mapped(hcd->self.sysdev))
		return WINUSB_DMA_IOMMU;
	return WINUSB_DMA_DIRECT;
}

/**
 * winusb_fill_info() - fill the GET_INFO answer
 * @wdev: the interface
 * @info: the answer; size and flags are left alone
 *
 * Context: io_mutex held.  After a disconnect, the values saved at that
 * time are returned.
 */
void winusb_fill_info(struct winusb_dev *wdev, struct winusb_info *info)
{
	struct usb_bus *bus = wdev->udev->bus;
	u64 caps = WINUSB_CAP_REAP_AFTER_DISCONNECT | WINUSB_CAP_ISOCH |
		   WINUSB_CAP_GET_FRAME;

	if (!wdev->disconnected) {
		if (bus->sg_tablesize)
			caps |= WINUSB_CAP_BULK_SG;
		if (bus->sg_tablesize && bus->no_sg_constraint)
			caps |= WINUSB_CAP_BULK_SG_ANY;
		if (IS_ENABLED(CONFIG_PM))
			caps |= WINUSB_CAP_RUNTIME_PM;
		wdev->info.out_capabilities = caps;
		wdev->info.out_cur_altsetting =
			wdev->intf->cur_altsetting->desc.bAlternateSetting;
	}
	info->out_capabilities = wdev->info.out_capabilities;
	info->out_abi_version = WINUSB_ABI_VERSION;
	info->out_speed = wdev->info.out_speed;
	info->out_interface_number = wdev->info.out_interface_number;
	info->out_num_altsettings = wdev->info.out_num_altsettings;
	info->out_cur_altsetting = wdev->info.out_cur_altsetting;
	info->out_dma_mode = wdev->info.out_dma_mode;
	info->out_vendor_id = wdev->info.out_vendor_id;
	info->out_product_id = wdev->info.out_product_id;
	info->out_busnum = wdev->info.out_busnum;
	info->out_devnum = wdev->info.out_devnum;
	info->out_max_transfer_size = WINUSB_MAX_TRANSFER_SIZE;
	info->out_disconnected = wdev->disconnected;
}

static char *winusb_devnode(WINUSB_DEVNODE_CONST struct device *dev,
			    umode_t *mode)
{
	if (mode)
		*mode = 0600;
	return kasprintf(GFP_KERNEL, WINUSB_NAME "/%s", dev_name(dev));
}

/*
 * Create /dev/winusb/<interface>.  drvdata is set before the node exists,
 * so that an open racing with probe finds a complete interface.
 */
static int winusb_register_chardev(struct winusb_dev *wdev)
{
	struct device *parent = &wdev->intf->dev;
	dev_t devt;
	int minor;
	int ret;

	mutex_lock(&winusb_minor_lock);
	minor = idr_alloc(&winusb_minors, wdev, 0, WINUSB_MAX_MINORS,
			  GFP_KERNEL);
	mutex_unlock(&winusb_minor_lock);
	if (minor < 0)
		return minor == -ENOSPC ? -EXFULL : minor;
	wdev->minor = minor;
	devt = MKDEV(MAJOR(winusb_devt), minor);

	wdev->cdev = cdev_alloc();
	if (!wdev->cdev) {
		ret = -ENOMEM;
		goto out_remove_minor;
	}
	wdev->cdev->owner = THIS_MODULE;
	wdev->cdev->ops = &winusb_fops;
	ret = cdev_add(wdev->cdev, devt, 1);
	if (ret)
		goto out_put_cdev;

	wdev->chardev = device_create(winusb_class, parent, devt, wdev, "%s",
				      dev_name(parent));
	if (IS_ERR(wdev->chardev)) {
		ret = PTR_ERR(wdev->chardev);
		wdev->chardev = NULL;
		goto out_del_cdev;
	}
	return 0;

out_del_cdev:
	cdev_del(wdev->cdev);
	wdev->cdev = NULL;
	goto out_remove_minor;
out_put_cdev:
	kobject_put(&wdev->cdev->kobj);
	wdev->cdev = NULL;
out_remove_minor:
	mutex_lock(&winusb_minor_lock);
	idr_remove(&winusb_minors, minor);
	mutex_unlock(&winusb_minor_lock);
	wdev->minor = -1;
	return ret;
}

/* Undo winusb_register_chardev(): no new opens once this returns. */
static void winusb_unregister_chardev(struct winusb_dev *wdev)
{
	if (wdev->minor < 0)
		return;
	mutex_lock(&winusb_minor_lock);
	idr_remove(&winusb_minors, wdev->minor);
	mutex_unlock(&winusb_minor_lock);
	if (wdev->chardev)
		device_destroy(winusb_class,
			       MKDEV(MAJOR(winusb_devt), wdev->minor));
	if (wdev->cdev)
		cdev_del(wdev->cdev);
	wdev->chardev = NULL;
	wdev->cdev = NULL;
	wdev->minor = -1;
}

static struct winusb_dev *winusb_dev_alloc(struct usb_interface *intf)
{
	struct usb_device *udev = interface_to_usbdev(intf);
	struct winusb_dev *wdev;

	wdev = kzalloc(sizeof(*wdev), GFP_KERNEL);
	if (!wdev)
		return NULL;
	kref_init(&wdev->kref);
	wdev->udev = usb_get_dev(udev);
	wdev->intf = usb_get_intf(intf);
	wdev->ifnum = intf->cur_altsetting->desc.bInterfaceNumber;
	wdev->minor = -1;
	lockdep_register_key(&wdev->io_key);
	mutex_init(&wdev->io_mutex);
	lockdep_set_class(&wdev->io_mutex, &wdev->io_key);
	spin_lock_init(&wdev->lock);
	INIT_LIST_HEAD(&wdev->files);
	init_waitqueue_head(&wdev->idle_wait);

	wdev->info.out_speed = udev->speed;
	wdev->info.out_interface_number = wdev->ifnum;
	wdev->info.out_num_altsettings = intf->num_altsetting;
	wdev->info.out_dma_mode = winusb_dma_mode(udev);
	wdev->info.out_vendor_id = le16_to_cpu(udev->descriptor.idVendor);
	wdev->info.out_product_id = le16_to_cpu(udev->descriptor.idProduct);
	wdev->info.out_busnum = udev->bus->busnum;
	wdev->info.out_devnum = udev->devnum;

	winusb_pipes_init(wdev);
	winusb_isoch_dev_init(wdev);
	return wdev;
}

/*
 * Everything probe() does, shared with bind_interface: the caller makes
 * the interface ours (probe's return, or usb_driver_claim_interface()).
 */
static struct winusb_dev *winusb_setup(struct usb_interface *intf)
{
	struct winusb_dev *wdev;
	int ret;

	wdev = winusb_dev_alloc(intf);
	if (!wdev)
		return ERR_PTR(-ENOMEM);
	winusb_msos_learn(wdev);	/* before the node's uevent */
	usb_set_intfdata(intf, wdev);
	ret = winusb_register_chardev(wdev);
	if (ret) {
		usb_set_intfdata(intf, NULL);
		winusb_dev_put(wdev);
		return ERR_PTR(ret);
	}
	return wdev;
}

static int winusb_probe(struct usb_interface *intf,
			const struct usb_device_id *id)
{
	struct winusb_dev *wdev = winusb_setup(intf);

	if (IS_ERR(wdev))
		return PTR_ERR(wdev);
	dev_dbg(&intf->dev, "bound, /dev/" WINUSB_NAME "/%s\n",
		dev_name(&intf->dev));
	return 0;
}

/*
 * Teardown, in this order:
 * 1. under io_mutex, mark the interface disconnected: every entry point
 *    fails with -ENODEV from now on, and nothing new is submitted;
 * 2. remove the node: no new opens;
 * 3. abort every request of every file (-ENODEV) and wait for the URBs;
 *    then unpin every registered isochronous buffer and free its URBs and
 *    DMA memory while the host controller is still there;
 * 4. undo every file's power policies;
 * 5. mark it shut down and wake every file: REAP answers -ENODEV once
 *    the records are gone (everything is released by then);
 * 6. drop the binding's reference; the last file's release frees.
 *
 * winusb_shutdown() is steps 1-5.  A failed bind by name runs them too:
 * the node existed for a moment, so a file may be open already.
 */
static void winusb_shutdown(struct winusb_dev *wdev)
{
	struct winusb_file *wf;

	mutex_lock(&wdev->io_mutex);
	spin_lock_irq(&wdev->lock);
	wdev->disconnected = true;
	spin_unlock_irq(&wdev->lock);
	mutex_unlock(&wdev->io_mutex);

	winusb_unregister_chardev(wdev);

	mutex_lock(&wdev->io_mutex);
	winusb_abort_all(wdev, -ENODEV);
	winusb_isoch_disconnect(wdev);
	winusb_power_release(wdev);

	spin_lock_irq(&wdev->lock);
	wdev->shut_down = true;
	list_for_each_entry(wf, &wdev->files, node)
		wake_up_all(&wf->wait);
	spin_unlock_irq(&wdev->lock);
	mutex_unlock(&wdev->io_mutex);
}

/**
 * winusb_shut_down() - has disconnect released everything?
 * @wdev: the interface
 *
 * Context: any; takes winusb_dev.lock.
 * Return: true once winusb_shutdown() is done (wf->wait is woken then).
 */
bool winusb_shut_down(struct winusb_dev *wdev)
{
	bool done;

	spin_lock_irq(&wdev->lock);
	done = wdev->shut_down;
	spin_unlock_irq(&wdev->lock);
	return done;
}

static void winusb_disconnect(struct usb_interface *intf)
{
	struct winusb_dev *wdev = usb_get_intfdata(intf);

	winusb_shutdown(wdev);
	usb_set_intfdata(intf, NULL);
	dev_dbg(&intf->dev, "unbound\n");
	winusb_dev_put(wdev);
}

static int winusb_suspend(struct usb_interface *intf, pm_message_t message)
{
	struct winusb_dev *wdev = usb_get_intfdata(intf);
	unsigned long flags;
	unsigned int pending;

	spin_lock_irqsave(&wdev->lock, flags);
	pending = wdev->pending;
	spin_unlock_irqrestore(&wdev->lock, flags);

	/* Requests hold a PM reference, so only system sleep gets here. */
	if (pending && PMSG_IS_AUTO(message))
		return -EBUSY;
	if (pending)
		winusb_abort_all(wdev, -ECANCELED);
	return 0;
}

static int winusb_resume(struct usb_interface *intf)
{
	struct winusb_dev *wdev = usb_get_intfdata(intf);

	winusb_pipes_resume(wdev);
	return 0;
}

/*
 * A reset (ours or another driver's) cancels what is in flight, as a
 * Windows device reset does; io_mutex stays held until post_reset so
 * nothing is submitted meanwhile.  With several interfaces bound, the
 * USB core holds all their io_mutexes at once (each its own lockdep
 * class, winusb_dev.io_key).
 */
static int winusb_pre_reset(struct usb_interface *intf)
{
	struct winusb_dev *wdev = usb_get_intfdata(intf);

	mutex_lock(&wdev->io_mutex);
	winusb_abort_all(wdev, -ECANCELED);
	return 0;
}

static int winusb_post_reset(struct usb_interface *intf)
{
	struct winusb_dev *wdev = usb_get_intfdata(intf);

	spin_lock_irq(&wdev->lock);
	winusb_pipes_update(wdev);
	spin_unlock_irq(&wdev->lock);
	mutex_unlock(&wdev->io_mutex);
	return 0;
}

static int winusb_reset_resume(struct usb_interface *intf)
{
	return winusb_resume(intf);
}

/* No static ids: interfaces are bound only on request. */
static const struct usb_device_id winusb_ids[] = {
	{ }
};
MODULE_DEVICE_TABLE(usb, winusb_ids);

static struct usb_driver winusb_driver = {
	.name = WINUSB_NAME,
	.probe = winusb_probe,
	.disconnect = winusb_disconnect,
	.suspend = winusb_suspend,
	.resume = winusb_resume,
	.reset_resume = winusb_reset_resume,
	.pre_reset = winusb_pre_reset,
	.post_reset = winusb_post_reset,
	.id_table = winusb_ids,
	.dev_groups = winusb_msos_groups,
	.supports_autosuspend = 1,
};

/*
 * Bind one interface, named as in sysfs ("1-1:1.0"), whatever its ids.
 * Only that interface is touched.  The caller holds the device lock of
 * the interface's parent, as usb_driver_claim_interface() requires.
 */
static int winusb_bind_one(struct usb_interface *intf)
{
	struct winusb_dev *wdev;
	int ret;

	if (intf->dev.driver)
		return -EBUSY;
	if (!intf->authorized)
		return -EACCES;

	wdev = winusb_setup(intf);
	if (IS_ERR(wdev))
		return PTR_ERR(wdev);

	/* The driver core adds dev_groups after probe() only; unbind removes them. */
	ret = device_add_groups(&intf->dev, winusb_driver.dev_groups);
	if (!ret) {
		ret = usb_driver_claim_interface(&winusb_driver, intf, wdev);
		if (ret)
			device_remove_groups(&intf->dev, winusb_driver.dev_groups);
	}
	if (ret) {
		winusb_shutdown(wdev);
		usb_set_intfdata(intf, NULL);
		winusb_dev_put(wdev);
		return ret;
	}
	dev_dbg(&intf->dev, "claimed, /dev/" WINUSB_NAME "/%s\n",
		dev_name(&intf->dev));
	return 0;
}

struct winusb_bind_ctx {
	const char *name;	/* interface name, "1-1:1.0" */
	size_t devlen;		/* length of its device part, "1-1" */
	int ret;
};

/* usb_for_each_dev() callback: bind the named interface of this device. */
static int winusb_bind_match(struct usb_device *udev, void *data)
{
	struct winusb_bind_ctx *ctx = data;
	const char *devname = dev_name(&udev->dev);
	struct usb_host_config *config;
	unsigned int i;

	if (strlen(devname) != ctx->devlen ||
	    strncmp(devname, ctx->name, ctx->devlen))
		return 0;

	usb_lock_device(udev);
	config = udev->actconfig;
	if (config && udev->state != USB_STATE_NOTATTACHED) {
		for (i = 0; i < config->desc.bNumInterfaces; i++) {
			struct usb_interface *intf = config->interface[i];

			if (intf && !strcmp(dev_name(&intf->dev), ctx->name)) {
				ctx->ret = winusb_bind_one(intf);
				break;
			}
		}
	}
	usb_unlock_device(udev);
	return 1;
}

static ssize_t bind_interface_store(struct device_driver *drv,
				    const char *buf, size_t count)
{
	struct winusb_bind_ctx ctx = { .ret = -ENODEV };
	char name[64];
	char *colon;

	if (count >= sizeof(name))
		return -EINVAL;
	memcpy(name, buf, count);
	name[count] = '\0';
	ctx.name = strim(name);
	colon = strchr(ctx.name, ':');
	if (!colon || colon == ctx.name)
		return -EINVAL;
	ctx.devlen = colon - ctx.name;

	usb_for_each_dev(&ctx, winusb_bind_match);
	return ctx.ret ? ctx.ret : count;
}
static DRIVER_ATTR_WO(bind_interface);

static int __init winusb_init(void)
{
	int ret;

	ret = alloc_chrdev_region(&winusb_devt, 0, WINUSB_MAX_MINORS,
				  WINUSB_NAME);
	if (ret)
		return ret;

	winusb_class = winusb_class_create(WINUSB_NAME);
	if (IS_ERR(winusb_class)) {
		ret = PTR_ERR(winusb_class);
		goto out_unregister_region;
	}
	winusb_class->devnode = winusb_devnode;
	winusb_msos_class_init(winusb_class);
	winusb_debugfs_init();

	ret = usb_register(&winusb_driver);
	if (ret)
		goto out_destroy_class;

	ret = driver_create_file(&winusb_driver.driver,
				 &driver_attr_bind_interface);
	if (ret)
		goto out_deregister;
	return 0;

out_deregister:
	usb_deregister(&winusb_driver);
out_destroy_class:
	winusb_debugfs_exit();
	class_destroy(winusb_class);
out_unregister_region:
	unregister_chrdev_region(winusb_devt, WINUSB_MAX_MINORS);
	return ret;
}

static void __exit winusb_exit(void)
{
	driver_remove_file(&winusb_driver.driver, &driver_attr_bind_interface);
	usb_deregister(&winusb_driver);
	winusb_debugfs_exit();
	class_destroy(winusb_class);
	unregister_chrdev_region(winusb_devt, WINUSB_MAX_MINORS);
	idr_destroy(&winusb_minors);
}

module_init(winusb_init);
module_exit(winusb_exit);

MODULE_AUTHOR("The winusb for Linux authors");
MODULE_DESCRIPTION("WinUSB-compatible character device for USB interfaces");
MODULE_LICENSE("GPL");
MODULE_VERSION(WINUSB_VERSION);
