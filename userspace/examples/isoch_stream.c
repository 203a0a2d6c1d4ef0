// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * isoch_stream - stream isochronous IN and OUT with the WinUSB API, the way
 * Microsoft's "Send USB isochronous transfers from a WinUSB desktop app"
 * does it: select the alternate setting with the isochronous pipes, find
 * them with QueryPipeEx, register one buffer per pipe once, then keep
 * several transfers in flight per pipe with Read/WriteIsochPipeAsap,
 * OVERLAPPED and events, ContinueStream FALSE for the first transfer and
 * TRUE for every later one, so that the stream never has a gap.
 *
 * Written for winusb-testdev (1209:0001), whose interface 1, alternate
 * setting 1, has an isochronous source (every packet starts with a
 * little-endian sequence number, +1 per packet) and an isochronous sink
 * that checks the same pattern and counts what it got (vendor request
 * GET_COUNTERS, Documentation/testdev.rst).
 *
 * Everything below compiles unchanged with Microsoft's headers except the
 * two Linux lines: WinUsbLinux_FindDevicePath() finds the device (SetupDi*
 * on Windows) and WinUsbLinux_GetIsochBufferInfo() tells which data path
 * the driver chose for each buffer.
 *
 *	isoch_stream [SECONDS [MS_PER_TRANSFER [TRANSFERS]]]
 *
 * streams for SECONDS (default 5) with transfers of MS_PER_TRANSFER 1 ms
 * frames (default 8), TRANSFERS of them in flight on each pipe (default
 * 32).
 *
 * Prints a progress line, then throughput, packets, lost and late
 * packets; exit status 0 only if nothing was lost, late or wrong in
 * either direction and no stream had to restart.
 */
#include <windows.h>
#include <winusb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEST_VID 0x1209
#define TEST_PID 0x0001
#define ISOCH_INTERFACE 1	/* interface number */
#define ISOCH_ALT_SETTING 1	/* the setting with the isochronous pipes */

#define MAX_TRANSFERS 64

static ULONG TransferMs = 8;	/* 1 ms frames per transfer */
static ULONG Transfers = 32;	/* transfers in flight per pipe */

/* winusb-testdev's vendor requests, and the sink's counters. */
#define REQ_GET_COUNTERS 0x03
#define REQ_RESET_COUNTERS 0x04
#define COUNTERS_SIZE 160
#define SINK_PACKETS 144	/* LE u32 offsets in the reply */
#define SINK_ERRORS 148
#define SINK_GAPS 152

static ULONG le32(const UCHAR *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (ULONG)p[3] << 24;
}

/* The sink's pattern: sequence number, 4 unchecked bytes, then seq + i. */
static void FillPacket(UCHAR *p, ULONG len, ULONG seq)
{
	static UCHAR ramp[512];
	ULONG i;

	if (!ramp[1])
		for (i = 0; i < sizeof(ramp); i++)
			ramp[i] = (UCHAR)i;
	/* Byte i is (seq + i) & 0xff: the ramp from seq, every 256 bytes. */
	for (i = 0; i < len; i += 256)
		memcpy(p + i, ramp + (seq & 0xff), len - i < 256 ? len - i : 256);
	for (i = 0; i < 4 && i < len; i++)
		p[i] = (UCHAR)(seq >> (8 * i));
}

/* One direction: its pipe, buffer, transfers and counts. */
struct STREAM {
	WINUSB_PIPE_INFORMATION_EX Pipe;
	WINUSB_ISOCH_BUFFER_HANDLE Buffer;
	UCHAR *Data;
	ULONG TransferSize;		/* bytes per transfer */
	ULONG Packets;			/* packets per transfer */
	OVERLAPPED Overlapped[MAX_TRANSFERS];
	USBD_ISO_PACKET_DESCRIPTOR *Descriptors;	/* IN only */
	ULONG Next;			/* the transfer that completes next */
	ULONG Pending;
	ULONGLONG Bytes, PacketsDone;
	ULONG Seq;			/* IN: next expected, OUT: next to send */
	BOOL Started;			/* IN: Seq is known */
	ULONG Lost, Late, Errors;
	ULONG Breaks;			/* times the stream had to restart */
	BOOL Failed;			/* a transfer could not be queued */
};

/* OUT: the data of transfer i, the next packets of the sequence. */
static void Fill(struct STREAM *s, ULONG i)
{
	ULONG p, pb = s->Pipe.MaximumBytesPerInterval;

	for (p = 0; p < s->Packets; p++)
		FillPacket(s->Data + i * s->TransferSize + p * pb, pb, s->Seq++);
}

static BOOL Submit(struct STREAM *s, ULONG i, BOOL continueStream)
{
	ULONG offset = i * s->TransferSize;
	BOOL ok;

again:
	if (USB_ENDPOINT_DIRECTION_IN(s->Pipe.PipeId))
		ok = WinUsb_ReadIsochPipeAsap(s->Buffer, offset, s->TransferSize,
					      continueStream, s->Packets,
					      &s->Descriptors[i * s->Packets],
					      &s->Overlapped[i]);
	else
		ok = WinUsb_WriteIsochPipeAsap(s->Buffer, offset, s->TransferSize,
					       continueStream, &s->Overlapped[i]);
	if (!ok && GetLastError() == ERROR_GEN_FAILURE && continueStream) {
		/*
		 * ContinueStream fails rather than leave a silent gap: we fell
		 * behind and the stream ran dry.  Count it, start a new one.
		 */
		s->Breaks++;
		continueStream = FALSE;
		goto again;
	}
	if (!ok && GetLastError() != ERROR_IO_PENDING) {
		printf("\nTransfer on pipe 0x%02x failed at once: error %u.\n",
		       s->Pipe.PipeId, GetLastError());
		s->Failed = TRUE;
		return FALSE;
	}
	s->Pending++;
	return TRUE;
}

/* Account for transfer i: IN packets are checked by sequence number. */
static void Completed(WINUSB_INTERFACE_HANDLE usb, struct STREAM *s, ULONG i)
{
	USBD_ISO_PACKET_DESCRIPTOR *d = &s->Descriptors[i * s->Packets];
	ULONG bytes, p;
	BOOL ok;

	s->Pending--;
	/* Isochronous transfers always report 0 bytes here, as on Windows. */
	ok = WinUsb_GetOverlappedResult(usb, &s->Overlapped[i], &bytes, TRUE);
	if (!USB_ENDPOINT_DIRECTION_IN(s->Pipe.PipeId)) {
		if (ok) {
			s->PacketsDone += s->Packets;
			s->Bytes += s->TransferSize;
		} else {
			s->Errors += s->Packets;
		}
		return;
	}
	/* Reads: the descriptors say what became of every packet. */
	for (p = 0; p < s->Packets; p++) {
		const UCHAR *pkt = s->Data + i * s->TransferSize + d[p].Offset;

		if (d[p].Status == USBD_STATUS_ISO_NA_LATE_USBPORT ||
		    d[p].Status == USBD_STATUS_ISO_NOT_ACCESSED_LATE) {
			s->Late++;
			continue;
		}
		if (!USBD_SUCCESS(d[p].Status) || d[p].Length < 4) {
			s->Errors++;
			continue;
		}
		if (s->Started && le32(pkt) != s->Seq)
			s->Lost += le32(pkt) - s->Seq;
		s->Seq = le32(pkt) + 1;
		s->Started = TRUE;
		s->PacketsDone++;
		s->Bytes += d[p].Length;
	}
}

static BOOL SetUpStream(WINUSB_INTERFACE_HANDLE usb, struct STREAM *s,
			UCHAR deviceSpeed)
{
	WINUSB_LINUX_ISOCH_BUFFER_INFO info;
	static const char *paths[] = { "?", "zero copy (vmap)",
				       "bounce buffer", "zero copy (DMA)" };
	ULONG perMs, i;

	/* Packets per 1 ms: one per frame at full speed, 8 >> (bInterval - 1) above. */
	perMs = deviceSpeed == HighSpeed && s->Pipe.Interval <= 4 ?
		8 >> (s->Pipe.Interval - 1) : 1;
	s->Packets = perMs * TransferMs;
	s->TransferSize = s->Packets * s->Pipe.MaximumBytesPerInterval;
	s->Data = calloc(Transfers, s->TransferSize);
	s->Descriptors = calloc(Transfers * s->Packets, sizeof(*s->Descriptors));
	if (!s->Data || !s->Descriptors)
		return FALSE;
	if (!WinUsb_RegisterIsochBuffer(usb, s->Pipe.PipeId, s->Data,
					Transfers * s->TransferSize, &s->Buffer)) {
		printf("WinUsb_RegisterIsochBuffer 0x%02x: error %u.\n",
		       s->Pipe.PipeId, GetLastError());
		return FALSE;
	}
	for (i = 0; i < Transfers; i++)
		s->Overlapped[i].hEvent = CreateEvent(NULL, TRUE, FALSE, NULL);

	/* Linux only: which path the driver chose for the buffer. */
	if (WinUsbLinux_GetIsochBufferInfo(s->Buffer, &info) && info.Path <= 3)
		printf("Pipe 0x%02x: %s, %u bytes per packet, %u transfers of "
		       "%u bytes in flight; data path: %s.\n",
		       s->Pipe.PipeId,
		       USB_ENDPOINT_DIRECTION_IN(s->Pipe.PipeId) ? "IN " : "OUT",
		       s->Pipe.MaximumBytesPerInterval, Transfers,
		       s->TransferSize, paths[info.Path]);
	return TRUE;
}

/* A vendor request without data to the device. */
static BOOL VendorRequest(WINUSB_INTERFACE_HANDLE usb, UCHAR request)
{
	WINUSB_SETUP_PACKET setup = { 0x40, request, 0, 0, 0 };
	ULONG n;

	return WinUsb_ControlTransfer(usb, setup, NULL, 0, &n, NULL);
}

/* The sink's verdict on what we sent. */
static BOOL GetSinkCounters(WINUSB_INTERFACE_HANDLE usb, ULONG *packets,
			    ULONG *errors, ULONG *gaps)
{
	WINUSB_SETUP_PACKET setup = { 0xC0, REQ_GET_COUNTERS, 0, 0,
				      COUNTERS_SIZE };
	UCHAR reply[COUNTERS_SIZE];
	ULONG n;

	if (!WinUsb_ControlTransfer(usb, setup, reply, sizeof(reply), &n, NULL) ||
	    n < COUNTERS_SIZE)
		return FALSE;
	*packets = le32(reply + SINK_PACKETS);
	*errors = le32(reply + SINK_ERRORS);
	*gaps = le32(reply + SINK_GAPS);
	return TRUE;
}

int main(int argc, char **argv)
{
	CHAR path[WINUSB_LINUX_PATH_MAX];
	USB_INTERFACE_DESCRIPTOR ifd;
	WINUSB_INTERFACE_HANDLE usb;
	struct STREAM in = { 0 }, out = { 0 };
	struct STREAM *s[2] = { &in, &out };
	ULONG seconds = argc > 1 ? strtoul(argv[1], NULL, 0) : 5;
	ULONG sinkPackets = 0, sinkErrors = 0, sinkGaps = 0, len, i;
	LARGE_INTEGER freq, t0, now;
	double elapsed = 0, shown = 0;
	UCHAR speed = 0, p;
	BOOL ok, stopping = FALSE;
	HANDLE dev;

	if (argc > 2)
		TransferMs = strtoul(argv[2], NULL, 0);
	if (argc > 3)
		Transfers = strtoul(argv[3], NULL, 0);
	if (!TransferMs || !Transfers || Transfers > MAX_TRANSFERS) {
		printf("usage: isoch_stream [SECONDS [MS_PER_TRANSFER [TRANSFERS (1-%d)]]]\n",
		       MAX_TRANSFERS);
		return 2;
	}
	/* The one Linux line: SetupDiGetClassDevs() and friends on Windows. */
	if (!WinUsbLinux_FindDevicePath(TEST_VID, TEST_PID, ISOCH_INTERFACE, 0,
					path, sizeof(path))) {
		printf("No %04x:%04x interface %d bound to winusb: error %u.\n",
		       TEST_VID, TEST_PID, ISOCH_INTERFACE, GetLastError());
		return 2;
	}
	dev = CreateFile(path, GENERIC_READ | GENERIC_WRITE,
			 FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
			 FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OVERLAPPED, NULL);
	if (dev == INVALID_HANDLE_VALUE || !WinUsb_Initialize(dev, &usb)) {
		printf("Opening %s: error %u.\n", path, GetLastError());
		return 2;
	}
	len = sizeof(speed);
	WinUsb_QueryDeviceInformation(usb, DEVICE_SPEED, &len, &speed);

	/* The isochronous pipes live in alternate setting 1. */
	if (!WinUsb_SetCurrentAlternateSetting(usb, ISOCH_ALT_SETTING) ||
	    !WinUsb_QueryInterfaceSettings(usb, ISOCH_ALT_SETTING, &ifd)) {
		printf("Alternate setting %d: error %u.\n", ISOCH_ALT_SETTING,
		       GetLastError());
		return 2;
	}
	for (p = 0; p < ifd.bNumEndpoints; p++) {
		WINUSB_PIPE_INFORMATION_EX pipe;

		if (!WinUsb_QueryPipeEx(usb, ISOCH_ALT_SETTING, p, &pipe) ||
		    pipe.PipeType != UsbdPipeTypeIsochronous)
			continue;
		if (USB_ENDPOINT_DIRECTION_IN(pipe.PipeId))
			in.Pipe = pipe;
		else
			out.Pipe = pipe;
	}
	printf("Device %s, %s speed; streaming for %u s.\n", path,
	       speed == HighSpeed ? "high (or Super)" : "full", seconds);
	if (!in.Pipe.PipeId || !out.Pipe.PipeId ||
	    !SetUpStream(usb, &in, speed) || !SetUpStream(usb, &out, speed) ||
	    !VendorRequest(usb, REQ_RESET_COUNTERS))
		return 2;

	/* Fill each pipeline: a new stream first, then continue it. */
	for (i = 0; i < Transfers; i++)
		Fill(&out, i);
	QueryPerformanceFrequency(&freq);
	QueryPerformanceCounter(&t0);
	for (i = 0; i < Transfers && !stopping; i++)
		stopping = !Submit(&out, i, i > 0);
	for (i = 0; i < Transfers && !stopping; i++)
		stopping = !Submit(&in, i, i > 0);

	/* Each pipe completes in order: wait for either pipe's next one. */
	while (in.Pending || out.Pending) {
		struct STREAM *waiting[2], *done;
		HANDLE events[2];
		DWORD n = 0, w;

		for (i = 0; i < 2; i++) {
			if (!s[i]->Pending)
				continue;
			waiting[n] = s[i];
			events[n++] = s[i]->Overlapped[s[i]->Next].hEvent;
		}
		w = WaitForMultipleObjects(n, events, FALSE, 1000);
		if (w >= WAIT_OBJECT_0 + n) {
			printf("\nNo completion for a second (%u).\n", w);
			return 1;
		}
		done = waiting[w - WAIT_OBJECT_0];
		Completed(usb, done, done->Next);

		QueryPerformanceCounter(&now);
		elapsed = (double)(now.QuadPart - t0.QuadPart) / freq.QuadPart;
		if (elapsed >= seconds)
			stopping = TRUE;
		/* Reuse the slot: the transfer continues the stream. */
		if (!stopping && done == &out)
			Fill(&out, out.Next);
		if (!stopping && !Submit(done, done->Next, TRUE))
			stopping = TRUE;
		done->Next = (done->Next + 1) % Transfers;

		if (elapsed - shown >= 0.5) {
			shown = elapsed;
			printf("\r%5.1f s  IN %7.2f MB/s %9llu packets  OUT %7.2f MB/s "
			       "%9llu packets  lost %u  late %u  restarts %u ",
			       elapsed, in.Bytes / elapsed / 1e6,
			       (unsigned long long)in.PacketsDone,
			       out.Bytes / elapsed / 1e6,
			       (unsigned long long)out.PacketsDone,
			       in.Lost, in.Late, in.Breaks + out.Breaks);
			fflush(stdout);
		}
	}
	printf("\n");

	ok = GetSinkCounters(usb, &sinkPackets, &sinkErrors, &sinkGaps);
	printf("IN:  %llu packets, %llu bytes, %.2f MB/s; lost %u, late %u, "
	       "errors %u, stream restarts %u\n",
	       (unsigned long long)in.PacketsDone,
	       (unsigned long long)in.Bytes, in.Bytes / elapsed / 1e6,
	       in.Lost, in.Late, in.Errors, in.Breaks);
	printf("OUT: %llu packets, %llu bytes, %.2f MB/s; errors %u, stream "
	       "restarts %u; the device received %u packets, %u out of "
	       "sequence, %u corrupted\n",
	       (unsigned long long)out.PacketsDone,
	       (unsigned long long)out.Bytes, out.Bytes / elapsed / 1e6,
	       out.Errors, out.Breaks, sinkPackets, sinkGaps, sinkErrors);
	ok = ok && !in.Failed && !out.Failed && in.PacketsDone && !in.Lost &&
	     !in.Late && !in.Errors && !in.Breaks && out.PacketsDone &&
	     !out.Errors && !out.Breaks && !sinkGaps && !sinkErrors &&
	     sinkPackets == out.PacketsDone;
	printf("%s\n", ok ? "No packet lost." : "PACKETS LOST OR DAMAGED.");

	WinUsb_UnregisterIsochBuffer(in.Buffer);
	WinUsb_UnregisterIsochBuffer(out.Buffer);
	WinUsb_SetCurrentAlternateSetting(usb, 0);
	for (i = 0; i < Transfers; i++) {
		CloseHandle(in.Overlapped[i].hEvent);
		CloseHandle(out.Overlapped[i].hEvent);
	}
	WinUsb_Free(usb);
	CloseHandle(dev);
	free(in.Data);
	free(in.Descriptors);
	free(out.Data);
	free(out.Descriptors);
	return ok ? 0 : 1;
}
