/* SPDX-License-Identifier: GPL-2.0 */
/*
 * isochtest.h - helpers of the libwinusb isochronous guest tests
 * (selftests/winusb-isoch/), on top of selftests/winusb/wintest.h.
 *
 * The tests use interface 1 of winusb-testdev, alternate setting 1:
 * isochronous IN 0x84 (a source whose packets carry a sequence number and
 * the device's bus slot) and OUT 0x05 (a sink that checks the same
 * pattern), bound to winusb.ko with new_id; run.sh attaches the device
 * paced at real bus timing and says its speed in $WINUSB_TEST_SPEED.
 * Include after kselftest_harness.h.
 */
#ifndef ISOCHTEST_H
#define ISOCHTEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../winusb/wintest.h"

/* An open interface 1 in alternate setting 1, and its two pipes. */
struct isoch_dev {
	CHAR path[WINUSB_LINUX_PATH_MAX];
	HANDLE file;
	WINUSB_INTERFACE_HANDLE usb;
	WINUSB_PIPE_INFORMATION_EX in, out;
	UCHAR speed;			/* DEVICE_SPEED: HighSpeed or LowSpeed */
};

/* Packets per 1 ms frame of @p, as WinUSB programs compute it. */
static inline ULONG isoch_packets_per_ms(const struct isoch_dev *d,
				       const WINUSB_PIPE_INFORMATION_EX *p)
{
	if (d->speed != HighSpeed || p->Interval > 4)
		return 1;
	return 8u >> (p->Interval - 1);
}

/* Transfer lengths must be multiples of this. */
static inline ULONG isoch_frame_bytes(const struct isoch_dev *d,
				    const WINUSB_PIPE_INFORMATION_EX *p)
{
	return isoch_packets_per_ms(d, p) * p->MaximumBytesPerInterval;
}

/* Open, initialise, select alternate setting 1, find the pipes. */
static inline BOOL isoch_open(struct isoch_dev *d)
{
	USB_INTERFACE_DESCRIPTOR id;
	WINUSB_PIPE_INFORMATION_EX p;
	ULONG len = 1;
	UCHAR i;

	memset(d, 0, sizeof(*d));
	d->file = wt_open(TD_IFACE_ISOCH, d->path, sizeof(d->path));
	if (d->file == INVALID_HANDLE_VALUE) {
		d->file = NULL;
		return FALSE;
	}
	if (!WinUsb_Initialize(d->file, &d->usb) ||
	    !WinUsb_QueryDeviceInformation(d->usb, DEVICE_SPEED, &len,
					   &d->speed) ||
	    !WinUsb_SetCurrentAlternateSetting(d->usb, TD_ISOCH_ALT_ON) ||
	    !WinUsb_QueryInterfaceSettings(d->usb, TD_ISOCH_ALT_ON, &id))
		return FALSE;
	for (i = 0; i < id.bNumEndpoints; i++) {
		if (!WinUsb_QueryPipeEx(d->usb, TD_ISOCH_ALT_ON, i, &p))
			return FALSE;
		if (p.PipeType != UsbdPipeTypeIsochronous)
			continue;
		if (USB_ENDPOINT_DIRECTION_IN(p.PipeId))
			d->in = p;
		else
			d->out = p;
	}
	return d->in.PipeId == TD_EP_ISOCH_IN && d->out.PipeId == TD_EP_ISOCH_OUT;
}

static inline void isoch_close(struct isoch_dev *d)
{
	if (d->usb) {
		WinUsb_SetCurrentAlternateSetting(d->usb, TD_ISOCH_ALT_OFF);
		WinUsb_Free(d->usb);
	}
	if (d->file)
		CloseHandle(d->file);
	d->usb = NULL;
	d->file = NULL;
}

/* VmPin of this process in kB (pages pinned by registered buffers). */
static inline long isoch_vm_pin_kb(void)
{
	char line[256];
	long kb = -1;
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmPin: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

/* Fill @n packets of @pb bytes at @p with the sink's pattern from @seq. */
static inline void isoch_fill_out(UCHAR *p, ULONG pb, ULONG n, ULONG seq)
{
	ULONG i;

	for (i = 0; i < n; i++)
		td_isoch_fill(p + (size_t)i * pb, pb, seq + i, 0);
}

/* Zeroed descriptors with a marker, so that "filled in" can be checked. */
static inline void isoch_mark(USBD_ISO_PACKET_DESCRIPTOR *d, ULONG n)
{
	ULONG i;

	for (i = 0; i < n; i++) {
		d[i].Offset = 0xdeadbeef;
		d[i].Length = 0xdeadbeef;
		d[i].Status = (USBD_STATUS)0x12345678;
	}
}

/* The isochronous endpoints' URBs the device has seen since a reset. */
static inline ULONG isoch_dev_urbs(WINUSB_INTERFACE_HANDLE h)
{
	struct td_counters c;

	if (!td_counters(h, &c))
		return 0xffffffff;
	return c.ep[TD_EPI_ISOCH_IN].urbs + c.ep[TD_EPI_ISOCH_OUT].urbs;
}

#endif /* ISOCHTEST_H */
