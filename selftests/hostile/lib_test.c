// SPDX-License-Identifier: GPL-2.0
/*
 * lib_test - the lying-isochronous-packet contract as a WinUSB program
 * sees it (libwinusb's USBD_ISO_PACKET_DESCRIPTOR), on a device with
 * --fault isoch-overlong:0x84 (packet 1 of every URB claims 1.5 times its
 * length, packet 2 the half left) or --fault isoch-offset:0x84 (packets 1
 * and 2 swap offsets).  $HOSTILE_LIE names the fault; run.sh runs it
 * after hostile_test on the same device.
 *
 * Expected: every Offset is index x MaximumBytesPerInterval, every Length
 * at most that; the lying packet(s) have an error status
 * (USBD_STATUS_BABBLE_DETECTED for -EOVERFLOW, USBD_STATUS_XACT_ERROR for
 * -EPROTO) and Length 0; the honest packets are whole.
 */
#include "kselftest_harness.h"
#include "../winusb-isoch/isochtest.h"

TEST(read_isoch_pipe_lies)
{
	static UCHAR buf[1 << 16];
	const char *lie = getenv("HOSTILE_LIE");
	bool offset = lie && !strcmp(lie, "isoch-offset");
	USBD_ISO_PACKET_DESCRIPTOR pk[8];
	WINUSB_ISOCH_BUFFER_HANDLE h;
	struct isoch_dev d;
	ULONG pb, fb, sum = 0, i;

	if (!lie)
		SKIP(return, "no $HOSTILE_LIE");
	ASSERT_TRUE(isoch_open(&d));
	pb = d.in.MaximumBytesPerInterval;
	fb = isoch_frame_bytes(&d, &d.in);
	ASSERT_EQ(8, fb / pb);
	ASSERT_WIN_OK(WinUsb_RegisterIsochBuffer(d.usb, TD_EP_ISOCH_IN, buf,
						 4 * fb, &h));
	isoch_mark(pk, 8);
	ASSERT_WIN_OK(WinUsb_ReadIsochPipeAsap(h, 0, fb, FALSE, 8, pk, NULL));
	for (i = 0; i < 8; i++) {
		bool liar = i == 1 || (offset && i == 2);

		TH_LOG("packet %lu: Offset %lu Length %lu Status 0x%lx",
		       (unsigned long)i, (unsigned long)pk[i].Offset,
		       (unsigned long)pk[i].Length,
		       (unsigned long)pk[i].Status);
		EXPECT_EQ(i * pb, pk[i].Offset);
		EXPECT_LE(pk[i].Length, pb);
		sum += pk[i].Length;
		if (liar) {
			EXPECT_EQ(offset ? USBD_STATUS_XACT_ERROR :
				  USBD_STATUS_BABBLE_DETECTED, pk[i].Status);
			EXPECT_EQ(0, pk[i].Length);
		} else if (!offset && i == 2) {
			EXPECT_EQ(USBD_STATUS_SUCCESS, pk[i].Status);
			EXPECT_EQ(pb / 2, pk[i].Length);
		} else {
			EXPECT_EQ(USBD_STATUS_SUCCESS, pk[i].Status);
			EXPECT_EQ(pb, pk[i].Length);
		}
	}
	EXPECT_WIN_OK(WinUsb_UnregisterIsochBuffer(h));
	isoch_close(&d);
	TH_LOG("%lu bytes in the packets", (unsigned long)sum);
}

TEST_HARNESS_MAIN
