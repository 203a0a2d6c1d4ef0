// SPDX-License-Identifier: GPL-2.0
/*
 * unplug_test - the device goes away in the middle of isochronous IN and
 * OUT streams: every pending transfer completes with
 * ERROR_DEVICE_NOT_CONNECTED (or had completed normally), the packet
 * descriptors of reads say USBD_STATUS_DEVICE_GONE where nothing came,
 * new transfers fail at once with ERROR_BAD_COMMAND, and the buffers can
 * still be unregistered (nothing stays pinned), the handles freed.
 *
 * The device is unplugged by stopping winusb-testdev, whose pid is in
 * $WINUSB_TESTDEV_PIDFILE (run.sh attaches a new device afterwards).
 */
#include <signal.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "isochtest.h"

#define NXFER 16

static int testdev_pid(void)
{
	const char *file = getenv("WINUSB_TESTDEV_PIDFILE");
	FILE *f;
	int pid = -1;

	if (!file)
		return -1;
	f = fopen(file, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%d", &pid) != 1)
		pid = -1;
	fclose(f);
	return pid;
}

TEST(unplug_mid_stream)
{
	struct isoch_dev d;
	ULONG fbi, fbo, pbi, ilen, olen, npk, i;
	WINUSB_ISOCH_BUFFER_HANDLE hi, ho;
	USBD_ISO_PACKET_DESCRIPTOR *pk;
	OVERLAPPED ovi[NXFER], ovo[NXFER];
	ULONG gone = 0, fine = 0, gone_packets = 0;
	UCHAR *bi, *bo;
	long pin0;
	int pid = testdev_pid();

	if (pid <= 0)
		SKIP(return, "no $WINUSB_TESTDEV_PIDFILE");
	ASSERT_TRUE(isoch_open(&d));
	pin0 = isoch_vm_pin_kb();
	fbi = isoch_frame_bytes(&d, &d.in);
	fbo = isoch_frame_bytes(&d, &d.out);
	pbi = d.in.MaximumBytesPerInterval;
	ilen = 8 * fbi;
	olen = 8 * fbo;
	npk = ilen / pbi;
	bi = malloc((size_t)NXFER * ilen);
	bo = calloc(NXFER, olen);
	pk = calloc((size_t)NXFER * npk, sizeof(*pk));
	ASSERT_TRUE(bi && bo && pk);
	ASSERT_WIN_OK(WinUsb_RegisterIsochBuffer(d.usb, TD_EP_ISOCH_IN, bi,
						 NXFER * ilen, &hi));
	ASSERT_WIN_OK(WinUsb_RegisterIsochBuffer(d.usb, TD_EP_ISOCH_OUT, bo,
						 NXFER * olen, &ho));
	isoch_mark(pk, NXFER * npk);
	for (i = 0; i < NXFER; i++) {
		wt_ov(&ovi[i], TRUE);
		wt_ov(&ovo[i], TRUE);
		EXPECT_WIN_FAIL(WinUsb_ReadIsochPipeAsap(hi, i * ilen, ilen,
							 FALSE, npk,
							 pk + i * npk, &ovi[i]),
				ERROR_IO_PENDING);
		EXPECT_WIN_FAIL(WinUsb_WriteIsochPipeAsap(ho, i * olen, olen,
							  FALSE, &ovo[i]),
				ERROR_IO_PENDING);
	}
	/* 128 ms of transfers queued: pull the plug after 20. */
	Sleep(20);
	ASSERT_EQ(0, kill(pid, SIGTERM));

	for (i = 0; i < NXFER; i++) {
		ASSERT_EQ(WAIT_OBJECT_0, WaitForSingleObject(ovi[i].hEvent, 10000));
		ASSERT_EQ(WAIT_OBJECT_0, WaitForSingleObject(ovo[i].hEvent, 10000));
		if (WinUsb_GetOverlappedResult(d.usb, &ovi[i], NULL, FALSE)) {
			fine++;
		} else {
			EXPECT_EQ((DWORD)ERROR_DEVICE_NOT_CONNECTED,
				  GetLastError());
			gone++;
		}
		if (!WinUsb_GetOverlappedResult(d.usb, &ovo[i], NULL, FALSE))
			EXPECT_EQ((DWORD)ERROR_DEVICE_NOT_CONNECTED,
				  GetLastError());
	}
	EXPECT_LE(1u, gone);
	/* The last read never ran: nothing came, the device is gone. */
	for (i = 0; i < npk; i++)
		if (pk[(NXFER - 1) * npk + i].Status == USBD_STATUS_DEVICE_GONE)
			gone_packets++;
	EXPECT_LE(1u, gone_packets)
		TH_LOG("last read's first packet: status 0x%08x",
		       (unsigned int)pk[(NXFER - 1) * npk].Status);
	printf("# %u reads completed, %u failed with the device gone\n", fine,
	       gone);

	/*
	 * URBs end with the device before the driver hears of the unplug:
	 * wait for the driver's disconnect (the node goes away).
	 */
	for (i = 0; i < 100 && access(d.path, F_OK) == 0; i++)
		Sleep(50);
	EXPECT_NE(0, access(d.path, F_OK));
	/* After the unplug: new calls fail at once, as WinUSB's do. */
	EXPECT_WIN_FAIL(WinUsb_ReadIsochPipeAsap(hi, 0, ilen, FALSE, npk, pk,
						 &ovi[0]),
			ERROR_BAD_COMMAND);
	EXPECT_WIN_FAIL(WinUsb_WriteIsochPipeAsap(ho, 0, olen, FALSE, NULL),
			ERROR_BAD_COMMAND);
	EXPECT_WIN_OK(WinUsb_UnregisterIsochBuffer(hi));
	EXPECT_WIN_OK(WinUsb_UnregisterIsochBuffer(ho));
	EXPECT_EQ(pin0, isoch_vm_pin_kb());
	EXPECT_WIN_OK(WinUsb_Free(d.usb));
	EXPECT_WIN_OK(CloseHandle(d.file));
	for (i = 0; i < NXFER; i++) {
		CloseHandle(ovi[i].hEvent);
		CloseHandle(ovo[i].hEvent);
	}
	free(bi);
	free(bo);
	free(pk);
}

TEST_HARNESS_MAIN
