// SPDX-License-Identifier: GPL-2.0
/*
 * isoch_app_cxx.cpp - a C++ Windows program in the shape of Microsoft's
 * "Send USB isochronous transfers from a WinUSB desktop app" how-to: find
 * the device by its DeviceInterfaceGUID with SetupDi, select the alternate
 * setting that has the isochronous pipes, find them with
 * WinUsb_QueryPipeEx, size transfers from MaximumBytesPerInterval and
 * Interval, register one buffer per pipe for several transfers, then
 *
 *   - write and read with WinUsb_Write/ReadIsochPipeAsap, ContinueStream
 *     FALSE for the first transfer and TRUE for the next ones, each with
 *     its own OVERLAPPED and manual-reset event, all waited for with
 *     WaitForMultipleObjects and collected with WinUsb_GetOverlappedResult;
 *   - read once more at an explicit frame: WinUsb_GetCurrentFrameNumber,
 *     WinUsb_GetAdjustedFrameNumber, start a little later, and check that
 *     the frame number comes back advanced by the transfer's frames.
 *
 * IN packets are checked through their USBD_ISO_PACKET_DESCRIPTORs (the
 * device's source numbers them), OUT ones by the device's sink counters.
 * No line here knows about Linux: it builds with Microsoft's SDK, and on
 * Linux against libwinusb, ANSI or UNICODE, static or shared.  Written for
 * winusb-testdev interface 1.  Exit status 0 on success.
 */
#include <Windows.h>
#include <tchar.h>
#include <SetupAPI.h>
#include <winusb.h>
#include <usb.h>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include <initguid.h>
// {B0493A1D-92A7-485F-82E2-19A175B73F4A}: interface 1 of winusb-testdev
DEFINE_GUID(GUID_DEVINTERFACE_IsochDevice,
	    0xb0493a1d, 0x92a7, 0x485f, 0x82, 0xe2, 0x19, 0xa1, 0x75, 0xb7,
	    0x3f, 0x4a);

namespace {

const UCHAR IsochAltSetting = 1;
const ULONG TransferFrames = 4;		// 1 ms frames per transfer
const ULONG TransferCount = 3;		// transfers in flight per pipe
const ULONG Rounds = 4;			// times each transfer slot is used
// The how-to starts 5 frames ahead.  A loaded virtual machine needs more,
// and may still be late (packets USBD_STATUS_ISO_NA_LATE_USBPORT): then
// try again, a few times.
const ULONG StartDelayFrames = 200;
const ULONG StartTries = 5;
const ULONG AnyPacket = 0xFFFFFFFF;	// no packet number expected yet

// winusb-testdev's vendor requests: reset and read the sink's counters.
const UCHAR ReqGetCounters = 0x03, ReqResetCounters = 0x04;
const ULONG CountersSize = 160, SinkPackets = 144, SinkErrors = 148,
	    SinkGaps = 152;

ULONG Le32(const UCHAR *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (ULONG)p[3] << 24;
}

bool Failed(LPCTSTR what)
{
	_tprintf(_T("%s failed: error %u\n"), what, GetLastError());
	return false;
}

// HDEVINFO in a std::unique_ptr, as C++ programs keep it; the calls are
// written ::Name(), as such programs write them.
struct DevInfoDeleter {
	void operator()(HDEVINFO set) const
	{
		::SetupDiDestroyDeviceInfoList(set);
	}
};
typedef std::unique_ptr<void, DevInfoDeleter> DevInfoPtr;

// The device path of the first interface with the GUID.
bool FindDevice(std::vector<TCHAR> &path)
{
	HDEVINFO set = ::SetupDiGetClassDevs(&GUID_DEVINTERFACE_IsochDevice,
					     NULL, NULL,
					     DIGCF_PRESENT | DIGCF_DEVICEINTERFACE);
	SP_DEVICE_INTERFACE_DATA ifd;
	DWORD size = 0;

	if (set == INVALID_HANDLE_VALUE)
		return Failed(_T("SetupDiGetClassDevs"));
	DevInfoPtr owner(set);
	HDEVINFO info = owner.get();
	ifd.cbSize = sizeof(ifd);
	if (!SetupDiEnumDeviceInterfaces(info, NULL,
					 &GUID_DEVINTERFACE_IsochDevice, 0,
					 &ifd)) {
		_tprintf(_T("Device not connected or driver not installed\n"));
	} else if (!SetupDiGetDeviceInterfaceDetail(info, &ifd, NULL, 0,
						    &size, NULL) &&
		   GetLastError() == ERROR_INSUFFICIENT_BUFFER) {
		std::vector<BYTE> buf(size);
		PSP_DEVICE_INTERFACE_DETAIL_DATA detail =
			reinterpret_cast<PSP_DEVICE_INTERFACE_DETAIL_DATA>(buf.data());

		detail->cbSize = sizeof(*detail);
		if (SetupDiGetDeviceInterfaceDetail(info, &ifd, detail, size,
						    NULL, NULL)) {
			path.assign(detail->DevicePath,
				    detail->DevicePath +
				    _tcslen(detail->DevicePath) + 1);
			return true;
		}
		Failed(_T("SetupDiGetDeviceInterfaceDetail"));
	} else {
		Failed(_T("SetupDiGetDeviceInterfaceDetail (size)"));
	}
	return false;
}

// One pipe: its buffer, registered once, holding TransferCount transfers.
class IsochPipe {
public:
	IsochPipe()
		: buffer_(NULL), packets_(0), transferSize_(0), restarts_(0)
	{
		ZeroMemory(&pipe_, sizeof(pipe_));
		ZeroMemory(overlapped_, sizeof(overlapped_));
	}

	~IsochPipe()
	{
		if (buffer_)
			WinUsb_UnregisterIsochBuffer(buffer_);
		for (ULONG i = 0; i < TransferCount; i++)
			if (overlapped_[i].hEvent)
				CloseHandle(overlapped_[i].hEvent);
	}

	bool In() const { return USB_ENDPOINT_DIRECTION_IN(pipe_.PipeId); }

	// Sizes as the how-to computes them: packets per 1 ms frame are 1 at
	// full speed, 8 >> (Interval - 1) above (Interval is bInterval).
	bool SetUp(WINUSB_INTERFACE_HANDLE usb, UCHAR speed,
		   const WINUSB_PIPE_INFORMATION_EX &pipe)
	{
		ULONG perFrame = 1;

		pipe_ = pipe;
		if (speed == HighSpeed && pipe.Interval >= 1 && pipe.Interval <= 4)
			perFrame = 8 >> (pipe.Interval - 1);
		packets_ = TransferFrames * perFrame;
		transferSize_ = packets_ * pipe.MaximumBytesPerInterval;
		data_.assign(TransferSize() * TransferCount, 0);
		descriptors_.assign(packets_ * TransferCount,
				    USBD_ISO_PACKET_DESCRIPTOR());
		for (ULONG i = 0; i < TransferCount; i++) {
			overlapped_[i].hEvent = CreateEvent(NULL, TRUE, FALSE,
							    NULL);
			if (!overlapped_[i].hEvent)
				return Failed(_T("CreateEvent"));
		}
		if (!WinUsb_RegisterIsochBuffer(usb, pipe.PipeId, data_.data(),
						(ULONG)data_.size(), &buffer_))
			return Failed(_T("WinUsb_RegisterIsochBuffer"));
		_tprintf(_T("Pipe 0x%02x: %s, %u bytes per interval, interval "
			    "%u, %u packets of a transfer\n"),
			 pipe.PipeId, In() ? _T("IN") : _T("OUT"),
			 pipe.MaximumBytesPerInterval, pipe.Interval, packets_);
		return true;
	}

	ULONG TransferSize() const { return transferSize_; }
	ULONG Packets() const { return packets_; }
	ULONG Restarts() const { return restarts_; }
	HANDLE Event(ULONG i) const { return overlapped_[i].hEvent; }

	// OUT: packet p of the stream is numbered p, the rest is a ramp.
	void Fill(ULONG i, ULONG firstPacket)
	{
		ULONG mbpi = pipe_.MaximumBytesPerInterval;

		for (ULONG p = 0; p < packets_; p++) {
			UCHAR *pkt = &data_[i * transferSize_ + p * mbpi];
			ULONG seq = firstPacket + p;

			for (ULONG b = 0; b < mbpi; b++)
				pkt[b] = (UCHAR)(seq + b);
			for (ULONG b = 0; b < 4 && b < mbpi; b++)
				pkt[b] = (UCHAR)(seq >> (8 * b));
		}
	}

	// Queue transfer i as soon as possible.  ContinueStream fails with
	// ERROR_GEN_FAILURE once the stream has run dry (we were too slow to
	// queue the next transfer in time): then start a new stream.
	bool StartAsap(ULONG i, BOOL continueStream)
	{
		BOOL ok;

		ResetEvent(overlapped_[i].hEvent);
	again:
		if (In())
			ok = WinUsb_ReadIsochPipeAsap(buffer_, i * transferSize_,
						      transferSize_,
						      continueStream, packets_,
						      &descriptors_[i * packets_],
						      &overlapped_[i]);
		else
			ok = WinUsb_WriteIsochPipeAsap(buffer_, i * transferSize_,
						       transferSize_,
						       continueStream,
						       &overlapped_[i]);
		if (!ok && GetLastError() == ERROR_GEN_FAILURE &&
		    continueStream) {
			restarts_++;
			continueStream = FALSE;
			goto again;
		}
		if (!ok && GetLastError() != ERROR_IO_PENDING)
			return Failed(In() ? _T("WinUsb_ReadIsochPipeAsap") :
					     _T("WinUsb_WriteIsochPipeAsap"));
		return true;
	}

	// Queue read i at *frame; *frame comes back as the frame after it.
	bool StartAt(ULONG i, ULONG *frame)
	{
		ResetEvent(overlapped_[i].hEvent);
		if (!WinUsb_ReadIsochPipe(buffer_, i * transferSize_,
					  transferSize_, frame, packets_,
					  &descriptors_[i * packets_],
					  &overlapped_[i]) &&
		    GetLastError() != ERROR_IO_PENDING)
			return Failed(_T("WinUsb_ReadIsochPipe"));
		return true;
	}

	// Collect transfer i; for reads, check every packet: all received,
	// and numbered one after the other from *next on (*next is the next
	// number expected, AnyPacket if any will do).  Returns the packets
	// received.  With @late, packets whose frame had passed when the
	// transfer got to the bus are counted there instead of being bad.
	ULONG Finish(WINUSB_INTERFACE_HANDLE usb, ULONG i, ULONG *next,
		     bool *bad, ULONG *late = NULL)
	{
		ULONG bytes = 0, got = 0;

		// Isochronous transfers report 0 bytes here, as the how-to says.
		bool done = WinUsb_GetOverlappedResult(usb, &overlapped_[i],
						       &bytes, TRUE) != FALSE;

		if (!done && (!late || GetLastError() != ERROR_GEN_FAILURE)) {
			*bad = true;
			Failed(_T("WinUsb_GetOverlappedResult"));
			return 0;
		}
		if (!In())
			return packets_;
		// A transfer whose every packet failed fails; if they were all
		// late, that is still only lateness.
		for (ULONG p = 0; p < packets_; p++) {
			const USBD_ISO_PACKET_DESCRIPTOR &d =
				descriptors_[i * packets_ + p];
			const UCHAR *pkt = &data_[i * transferSize_ + d.Offset];

			if (late && (d.Status == USBD_STATUS_ISO_NA_LATE_USBPORT ||
				     d.Status == USBD_STATUS_ISO_NOT_ACCESSED_LATE)) {
				(*late)++;
				continue;
			}
			if (!USBD_SUCCESS(d.Status) || d.Length < 4 ||
			    d.Offset != p * pipe_.MaximumBytesPerInterval) {
				_tprintf(_T("IN packet %u: status 0x%08x, "
					    "offset %u, length %u\n"), p,
					 (unsigned)d.Status, d.Offset,
					 d.Length);
				*bad = true;
				continue;
			}
			if (*next != AnyPacket && Le32(pkt) != *next) {
				_tprintf(_T("IN packet %u: number %u, expected "
					    "%u\n"), p, Le32(pkt), *next);
				*bad = true;
			}
			*next = Le32(pkt) + 1;
			got++;
		}
		if (!done && got) {
			_tprintf(_T("Transfer failed with %u packets received\n"),
				 got);
			*bad = true;
		}
		return got;
	}

private:
	WINUSB_PIPE_INFORMATION_EX pipe_;
	WINUSB_ISOCH_BUFFER_HANDLE buffer_;
	ULONG packets_, transferSize_, restarts_;
	std::vector<UCHAR> data_;
	std::vector<USBD_ISO_PACKET_DESCRIPTOR> descriptors_;
	OVERLAPPED overlapped_[TransferCount];
};

bool VendorRequest(WINUSB_INTERFACE_HANDLE usb, UCHAR request, UCHAR *reply,
		   ULONG size)
{
	WINUSB_SETUP_PACKET setup;
	ULONG done = 0;

	setup.RequestType = reply ? 0xC0 : 0x40;
	setup.Request = request;
	setup.Value = 0;
	setup.Index = 0;
	setup.Length = (USHORT)size;
	return WinUsb_ControlTransfer(usb, setup, reply, size, &done, NULL) &&
	       done == size;
}

// Rounds of TransferCount transfers on both pipes at once.  Each round
// waits for all of its transfers, so the next one starts a new stream
// (ContinueStream FALSE) and continues it (TRUE) with the rest.
bool Stream(WINUSB_INTERFACE_HANDLE usb, IsochPipe &in, IsochPipe &out,
	    ULONG *received, ULONG *sent)
{
	ULONG next, outPacket = 0;
	bool bad = false;

	for (ULONG round = 0; round < Rounds && !bad; round++) {
		HANDLE events[2 * TransferCount];

		next = AnyPacket;
		for (ULONG i = 0; i < TransferCount; i++) {
			BOOL cont = i > 0;

			out.Fill(i, outPacket);
			outPacket += out.Packets();
			if (!out.StartAsap(i, cont) || !in.StartAsap(i, cont))
				return false;
			events[2 * i] = in.Event(i);
			events[2 * i + 1] = out.Event(i);
		}
		if (WaitForMultipleObjects(2 * TransferCount, events, TRUE,
					   30000) >= WAIT_OBJECT_0 +
					   2 * TransferCount)
			return Failed(_T("WaitForMultipleObjects"));
		for (ULONG i = 0; i < TransferCount; i++) {
			*received += in.Finish(usb, i, &next, &bad);
			*sent += out.Finish(usb, i, &next, &bad);
		}
	}
	return !bad;
}

}  // namespace

int _tmain(int argc, _TCHAR **argv)
{
	std::vector<TCHAR> path;
	WINUSB_INTERFACE_HANDLE usb = NULL;
	USB_INTERFACE_DESCRIPTOR ifd;
	IsochPipe in, out;
	UCHAR speed = 0, counters[CountersSize];
	ULONG len = sizeof(speed), received = 0, sent = 0, frame, start, next;
	ULONG late, got;
	LARGE_INTEGER stamp;
	bool ok = false, bad = false;
	HANDLE dev;

	UNREFERENCED_PARAMETER(argc);
	UNREFERENCED_PARAMETER(argv);
	if (!FindDevice(path))
		return 1;
	_tprintf(_T("Device path: %s\n"), path.data());
	dev = CreateFile(path.data(), GENERIC_READ | GENERIC_WRITE,
			 FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
			 OPEN_EXISTING,
			 FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OVERLAPPED, NULL);
	if (dev == INVALID_HANDLE_VALUE)
		return Failed(_T("CreateFile")), 1;
	if (!WinUsb_Initialize(dev, &usb)) {
		Failed(_T("WinUsb_Initialize"));
		CloseHandle(dev);
		return 1;
	}
	WinUsb_QueryDeviceInformation(usb, DEVICE_SPEED, &len, &speed);

	if (!WinUsb_SetCurrentAlternateSetting(usb, IsochAltSetting) ||
	    !WinUsb_QueryInterfaceSettings(usb, IsochAltSetting, &ifd)) {
		Failed(_T("alternate setting 1"));
		goto out_free;
	}
	for (UCHAR p = 0; p < ifd.bNumEndpoints; p++) {
		WINUSB_PIPE_INFORMATION_EX pipe;

		if (!WinUsb_QueryPipeEx(usb, IsochAltSetting, p, &pipe) ||
		    pipe.PipeType != UsbdPipeTypeIsochronous)
			continue;
		if (USB_ENDPOINT_DIRECTION_IN(pipe.PipeId) ? !in.SetUp(usb, speed, pipe)
							   : !out.SetUp(usb, speed, pipe))
			goto out_alt;
	}
	if (!in.TransferSize() || !out.TransferSize()) {
		_tprintf(_T("No isochronous IN and OUT pipes\n"));
		goto out_alt;
	}
	if (!VendorRequest(usb, ReqResetCounters, NULL, 0)) {
		Failed(_T("reset counters"));
		goto out_alt;
	}

	// 1. Streams: ContinueStream FALSE, then TRUE.
	if (!Stream(usb, in, out, &received, &sent))
		goto out_alt;
	_tprintf(_T("Streamed: %u IN packets received, %u OUT packets sent; "
		    "streams restarted %u times\n"), received, sent,
		 in.Restarts() + out.Restarts());

	// 2. A read at a frame of our choosing.
	for (ULONG t = 1; ; t++) {
		if (!WinUsb_GetCurrentFrameNumber(usb, &frame, &stamp) ||
		    !WinUsb_GetAdjustedFrameNumber(&frame, stamp)) {
			Failed(_T("frame number"));
			goto out_alt;
		}
		start = frame + StartDelayFrames;
		frame = start;
		if (!in.StartAt(0, &frame))
			goto out_alt;
		if (frame != start + TransferFrames) {
			_tprintf(_T("Frame after the read: %u, expected %u\n"),
				 frame, start + TransferFrames);
			goto out_alt;
		}
		next = AnyPacket;
		late = 0;
		got = in.Finish(usb, 0, &next, &bad, &late);
		if (bad)
			goto out_alt;
		if (!late)
			break;
		// Late packets are a result, not an error: the rest came.
		_tprintf(_T("Frame %u: %u packets late, %u received\n"), start,
			 late, got);
		if (t == StartTries)
			break;
	}
	_tprintf(_T("Read at frame %u; the next transfer goes at %u\n"), start,
		 frame);

	// 3. What the device's sink saw of the OUT stream.
	if (!VendorRequest(usb, ReqGetCounters, counters, sizeof(counters))) {
		Failed(_T("get counters"));
		goto out_alt;
	}
	_tprintf(_T("Sink: %u packets, %u out of sequence, %u corrupted\n"),
		 Le32(counters + SinkPackets), Le32(counters + SinkGaps),
		 Le32(counters + SinkErrors));
	ok = Le32(counters + SinkPackets) == sent &&
	     !Le32(counters + SinkGaps) && !Le32(counters + SinkErrors) &&
	     received > 0;

out_alt:
	WinUsb_SetCurrentAlternateSetting(usb, 0);
out_free:
	WinUsb_Free(usb);
	CloseHandle(dev);
	_tprintf(_T("%s\n"), ok ? _T("OK") : _T("FAILED"));
	return ok ? 0 : 1;
}
