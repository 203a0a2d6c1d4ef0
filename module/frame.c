// SPDX-License-Identifier: GPL-2.0
/*
 * winusb - USB frame numbers: the extended per-bus frame counter.
 *
 * WinUSB frame numbers are a 32-bit count of 1 ms frames that wraps only
 * after 2^32.  Linux host controllers report a short counter
 * (usb_get_current_frame_number()): xHCI wraps after 2048 frames, EHCI
 * after its schedule size (256 to 1024), OHCI after 65536, and vhci_hcd
 * has none.  Every wrap length is a power of two of at least 256, so the
 * counter is extended from an anchor (extended value, controller value,
 * CLOCK_MONOTONIC time) taken at the previous reading: the clock says
 * roughly how many frames went by, the controller's value modulo 256 says
 * exactly where in that neighbourhood we are.  A reading only has to
 * come within 128 ms of the truth by the clock, which holds between
 * readings hours apart (USB clocks are within 500 ppm).  The anchor is
 * per bus, so every interface on the bus sees the same numbers.
 *
 * Where the controller has no counter (vhci_hcd; dummy_hcd's wraps at
 * 1000), the frame number is CLOCK_MONOTONIC in milliseconds.
 */
#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/usb.h>
#include <linux/usb/hcd.h>

#include "winusb.h"

/* Frames a new stream starts after its submission, until measured. */
#define WINUSB_FRAME_LEAD_REAL		2
#define WINUSB_FRAME_LEAD_SYNTHETIC	1
#define WINUSB_FRAME_LEAD_MAX		16

/**
 * struct winusb_frame_clock - the extended frame counter of one bus
 * @node: in winusb_frame_clocks
 * @bus: the bus (alive while an interface on it holds this clock)
 * @users: interfaces holding it; under winusb_frame_clocks_lock
 * @synthetic: no usable controller counter; frames come from the clock
 * @lock: protects the anchor and @lead
 * @anchored: @ext, @hw and @t_ns are valid
 * @ext: extended frame number at the anchor
 * @hw: controller frame number at the anchor
 * @t_ns: CLOCK_MONOTONIC at the anchor
 * @lead: frames between submitting the first URB of a new stream and
 *	its first packet, as last measured
 */
struct winusb_frame_clock {
	struct list_head node;
	struct usb_bus *bus;
	unsigned int users;
	bool synthetic;
	spinlock_t lock;		/* see the kernel-doc above */
	bool anchored;
	u32 ext;
	int hw;
	u64 t_ns;
	u32 lead;
};

static LIST_HEAD(winusb_frame_clocks);
static DEFINE_MUTEX(winusb_frame_clocks_lock);

static bool winusb_frame_hcd_synthetic(struct usb_device *udev)
{
	struct usb_hcd *hcd = bus_to_hcd(udev->bus);
	const char *name = hcd->driver->description;

	if (!hcd->driver->get_frame_number)
		return true;
	/* vhci_hcd logs an error on every call and returns 0. */
	return !strcmp(name, "vhci_hcd") || !strcmp(name, "dummy_hcd");
}

/**
 * winusb_frame_clock_attach() - give the interface its bus's frame clock
 * @wdev: the interface
 *
 * Context: process, io_mutex held.
 * Return: 0 or -ENOMEM.
 */
int winusb_frame_clock_attach(struct winusb_dev *wdev)
{
	struct usb_bus *bus = wdev->udev->bus;
	struct winusb_frame_clock *fc;

	if (wdev->frame_clock)
		return 0;
	mutex_lock(&winusb_frame_clocks_lock);
	list_for_each_entry(fc, &winusb_frame_clocks, node)
		if (fc->bus == bus)
			goto found;
	fc = kzalloc(sizeof(*fc), GFP_KERNEL);
	if (!fc) {
		mutex_unlock(&winusb_frame_clocks_lock);
		return -ENOMEM;
	}
	fc->bus = bus;
	spin_lock_init(&fc->lock);
	fc->synthetic = winusb_frame_hcd_synthetic(wdev->udev);
	fc->lead = fc->synthetic ? WINUSB_FRAME_LEAD_SYNTHETIC :
				   WINUSB_FRAME_LEAD_REAL;
	list_add(&fc->node, &winusb_frame_clocks);
found:
	fc->users++;
	mutex_unlock(&winusb_frame_clocks_lock);
	wdev->frame_clock = fc;
	return 0;
}

/**
 * winusb_frame_clock_detach() - drop the interface's frame clock
 * @wdev: the interface, being freed
 *
 * Context: process.
 */
void winusb_frame_clock_detach(struct winusb_dev *wdev)
{
	struct winusb_frame_clock *fc = wdev->frame_clock;

	if (!fc)
		return;
	wdev->frame_clock = NULL;
	mutex_lock(&winusb_frame_clocks_lock);
	if (!--fc->users) {
		list_del(&fc->node);
		kfree(fc);
	}
	mutex_unlock(&winusb_frame_clocks_lock);
}

/* Extended frame number and its time.  Context: any. */
static u32 winusb_frame_read(struct winusb_dev *wdev, u64 *t_out)
{
	struct winusb_frame_clock *fc = wdev->frame_clock;
	u64 t = ktime_get_ns();
	unsigned long flags;
	s64 elapsed;
	u32 ext;
	int hw;

	if (t_out)
		*t_out = t;
	if (fc->synthetic)
		return (u32)div_u64(t, NSEC_PER_MSEC);

	hw = usb_get_current_frame_number(wdev->udev);
	spin_lock_irqsave(&fc->lock, flags);
	if (!fc->anchored) {
		if (hw < 0) {
			ext = (u32)div_u64(t, NSEC_PER_MSEC);
			goto out_unlock;
		}
		fc->anchored = true;
		ext = hw;
	} else {
		elapsed = div_s64((s64)(t - fc->t_ns), NSEC_PER_MSEC);
		ext = fc->ext + (u32)elapsed;
		if (hw < 0)
			goto out_unlock;	/* stopped: keep the anchor */
		/* The controller's count, modulo 256, corrects the clock's. */
		ext += (s8)(u8)(hw - fc->hw - (u32)elapsed);
		if ((s32)(ext - fc->ext) < 0) {
			/* Never backwards; keep the anchor in step with hw. */
			ext = fc->ext;
			goto out_unlock;
		}
	}
	fc->ext = ext;
	fc->hw = hw;
	fc->t_ns = t;
out_unlock:
	spin_unlock_irqrestore(&fc->lock, flags);
	return ext;
}

/**
 * winusb_frame_now() - the bus's current extended frame number
 * @wdev: an interface with a frame clock attached
 *
 * Context: any.
 * Return: the frame number.
 */
u32 winusb_frame_now(struct winusb_dev *wdev)
{
	return winusb_frame_read(wdev, NULL);
}

/**
 * winusb_frame_time() - when a frame starts, approximately
 * @wdev: an interface with a frame clock attached
 * @frame: an extended frame number within 2^31 frames of now
 *
 * Context: any.
 * Return: its CLOCK_MONOTONIC time (within a frame).
 */
ktime_t winusb_frame_time(struct winusb_dev *wdev, u32 frame)
{
	u32 now, rem;
	u64 t;

	now = winusb_frame_read(wdev, &t);
	/*
	 * Synthetic frames start on whole milliseconds; a controller's
	 * frame boundaries are unknown, so aim half a frame early.
	 */
	if (wdev->frame_clock->synthetic) {
		div_u64_rem(t, NSEC_PER_MSEC, &rem);
		t -= rem;
	} else {
		t -= NSEC_PER_MSEC / 2;
	}
	return ns_to_ktime(t + (s64)(s32)(frame - now) * NSEC_PER_MSEC);
}

/**
 * winusb_frame_lead() - frames a new stream needs before its first packet
 * @wdev: an interface with a frame clock attached
 *
 * Context: any.
 * Return: the lead, at least 1.
 */
u32 winusb_frame_lead(struct winusb_dev *wdev)
{
	return READ_ONCE(wdev->frame_clock->lead);
}

/**
 * winusb_frame_learn_lead() - record where the controller started a stream
 * @wdev: an interface with a frame clock attached
 * @submitted: extended frame number when the stream's first URB was
 *	submitted
 * @hcd_frame: the URB's start_frame once completed, in frames (the
 *	controller's counter)
 *
 * Context: any.
 */
void winusb_frame_learn_lead(struct winusb_dev *wdev, u32 submitted,
			     int hcd_frame)
{
	struct winusb_frame_clock *fc = wdev->frame_clock;
	s32 lead;

	if (fc->synthetic || hcd_frame < 0)
		return;
	lead = (s8)(u8)((u32)hcd_frame - submitted);
	if (lead >= 1 && lead <= WINUSB_FRAME_LEAD_MAX)
		WRITE_ONCE(fc->lead, lead);
}

/**
 * winusb_ioctl_get_frame() - WINUSB_IOCTL_GET_FRAME
 * @wf: the file
 * @uarg: struct winusb_frame
 *
 * Context: process, io_mutex held, interface connected.
 * Return: 0 or a negative errno.
 */
int winusb_ioctl_get_frame(struct winusb_file *wf, void __user *uarg)
{
	struct winusb_dev *wdev = wf->wdev;
	struct winusb_frame fr;
	u64 t;
	int ret;

	ret = winusb_copy_arg_in(&fr, sizeof(fr), sizeof(fr), uarg);
	if (ret)
		return ret;
	if (fr.flags || fr.__reserved)
		return -EINVAL;
	ret = winusb_frame_clock_attach(wdev);
	if (ret)
		return ret;

	fr.out_frame = winusb_frame_read(wdev, &t);
	fr.out_time_ns = t;
	fr.out_microframe = 0;
	if (wdev->udev->speed >= USB_SPEED_HIGH)
		fr.out_microframe = div_u64(t, NSEC_PER_USEC * 125) % 8;
	fr.out_flags = wdev->frame_clock->synthetic ? WINUSB_FRAME_SYNTHETIC : 0;
	return winusb_copy_arg_out(uarg, &fr, sizeof(fr));
}
