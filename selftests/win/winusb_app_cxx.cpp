// SPDX-License-Identifier: GPL-2.0
/*
 * winusb_app_cxx.cpp - a C++ Windows WinUSB program in the shape of the
 * newer Visual Studio "WinUSB Application" template: the device path from
 * CM_Get_Device_Interface_List by DeviceInterfaceGUID, a device class with
 * RAII, overlapped bulk transfers with an event and
 * GetOverlappedResultEx, a worker thread, errors through FormatMessage.
 *
 * No line here knows about Linux: it builds with Microsoft's SDK, and on
 * Linux against libwinusb, ANSI or UNICODE, static or shared.  Written for
 * winusb-testdev interface 0.  Exit status 0 on success.
 */
#include <Windows.h>
#include <tchar.h>
#include <strsafe.h>
#include <cfgmgr32.h>
#include <winusb.h>
#include <usb.h>
#include <cstdio>
#include <cstring>
#include <vector>

#include <initguid.h>
// {33C1508B-8D50-4159-B913-A814C4797149}
DEFINE_GUID(GUID_DEVINTERFACE_TestDevice,
	    0x33c1508b, 0x8d50, 0x4159, 0xb9, 0x13, 0xa8, 0x14, 0xc4, 0x79,
	    0x71, 0x49);

namespace {

void PrintError(LPCTSTR what, DWORD error)
{
	TCHAR text[256];

	if (!FormatMessage(FORMAT_MESSAGE_FROM_SYSTEM |
				   FORMAT_MESSAGE_IGNORE_INSERTS,
			   nullptr, error, 0, text, ARRAYSIZE(text), nullptr))
		StringCchCopy(text, ARRAYSIZE(text), _T("(no message)\n"));
	_tprintf(_T("%s: error %u: %s"), what, error, text);
}

HRESULT RetrieveDevicePath(LPTSTR devicePath, ULONG bufLen, bool &notFound)
{
	CONFIGRET cr;
	ULONG listLength = 0;
	std::vector<TCHAR> list;

	notFound = false;
	do {
		cr = CM_Get_Device_Interface_List_Size(
			&listLength, (LPGUID)&GUID_DEVINTERFACE_TestDevice,
			nullptr, CM_GET_DEVICE_INTERFACE_LIST_PRESENT);
		if (cr != CR_SUCCESS)
			break;
		list.assign(listLength, 0);
		cr = CM_Get_Device_Interface_List(
			(LPGUID)&GUID_DEVINTERFACE_TestDevice, nullptr,
			list.data(), listLength,
			CM_GET_DEVICE_INTERFACE_LIST_PRESENT);
	} while (cr == CR_BUFFER_SMALL);

	if (cr != CR_SUCCESS)
		return HRESULT_FROM_WIN32(CM_MapCrToWin32Err(cr,
							     ERROR_INVALID_DATA));
	if (list[0] == TEXT('\0')) {
		notFound = true;
		return HRESULT_FROM_WIN32(ERROR_NOT_FOUND);
	}
	return StringCbCopy(devicePath, bufLen, list.data());
}

class Device {
public:
	Device() = default;
	Device(const Device &) = delete;
	Device &operator=(const Device &) = delete;
	~Device()
	{
		if (winusb_)
			WinUsb_Free(winusb_);
		if (file_ != INVALID_HANDLE_VALUE)
			CloseHandle(file_);
	}

	HRESULT Open(bool &notFound)
	{
		HRESULT hr = RetrieveDevicePath(path_, sizeof(path_), notFound);

		if (FAILED(hr))
			return hr;
		file_ = CreateFile(path_, GENERIC_READ | GENERIC_WRITE,
				   FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr,
				   OPEN_EXISTING,
				   FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OVERLAPPED,
				   nullptr);
		if (file_ == INVALID_HANDLE_VALUE)
			return HRESULT_FROM_WIN32(GetLastError());
		if (!WinUsb_Initialize(file_, &winusb_)) {
			winusb_ = nullptr;
			return HRESULT_FROM_WIN32(GetLastError());
		}
		return S_OK;
	}

	bool FindBulkPipes()
	{
		USB_INTERFACE_DESCRIPTOR ifd;

		if (!WinUsb_QueryInterfaceSettings(winusb_, 0, &ifd))
			return false;
		for (UCHAR i = 0; i < ifd.bNumEndpoints; i++) {
			WINUSB_PIPE_INFORMATION pipe;

			if (!WinUsb_QueryPipe(winusb_, 0, i, &pipe))
				return false;
			if (pipe.PipeType != UsbdPipeTypeBulk)
				continue;
			if (USB_ENDPOINT_DIRECTION_IN(pipe.PipeId))
				in_ = pipe.PipeId;
			else
				out_ = pipe.PipeId;
		}
		return in_ && out_;
	}

	LPCTSTR Path() const { return path_; }
	WINUSB_INTERFACE_HANDLE Handle() const { return winusb_; }
	HANDLE File() const { return file_; }
	UCHAR In() const { return in_; }
	UCHAR Out() const { return out_; }

private:
	TCHAR path_[MAX_PATH] = {};
	HANDLE file_ = INVALID_HANDLE_VALUE;
	WINUSB_INTERFACE_HANDLE winusb_ = nullptr;
	UCHAR in_ = 0, out_ = 0;
};

struct WriterArgs {
	Device *dev;
	std::vector<UCHAR> *data;
	BOOL ok;
	DWORD error;
};

DWORD WINAPI Writer(LPVOID param)
{
	WriterArgs *a = static_cast<WriterArgs *>(param);
	ULONG written = 0;

	a->ok = WinUsb_WritePipe(a->dev->Handle(), a->dev->Out(),
				 a->data->data(), (ULONG)a->data->size(),
				 &written, nullptr) &&
		written == a->data->size();
	a->error = a->ok ? ERROR_SUCCESS : GetLastError();
	return a->ok ? 0 : 1;
}

} // namespace

int _tmain(int argc, _TCHAR *argv[])
{
	UNREFERENCED_PARAMETER(argc);
	UNREFERENCED_PARAMETER(argv);

	Device dev;
	bool notFound = false;
	HRESULT hr = dev.Open(notFound);

	if (FAILED(hr)) {
		_tprintf(notFound ? _T("Device not connected\n") :
				    _T("Open failed, HRESULT 0x%08x\n"),
			 (unsigned int)hr);
		return 1;
	}
	_tprintf(_T("Device path: %s\n"), dev.Path());
	if (!dev.FindBulkPipes()) {
		PrintError(_T("FindBulkPipes"), GetLastError());
		return 1;
	}

	// A read posted first, overlapped, then the data written by a thread.
	std::vector<UCHAR> out(4096), in(4096);
	for (size_t i = 0; i < out.size(); i++)
		out[i] = (UCHAR)(i ^ 0x5A);

	OVERLAPPED ov;
	ZeroMemory(&ov, sizeof(ov));
	ov.hEvent = CreateEvent(nullptr, TRUE, FALSE, nullptr);
	if (!ov.hEvent) {
		PrintError(_T("CreateEvent"), GetLastError());
		return 1;
	}
	if (!WinUsb_ReadPipe(dev.Handle(), dev.In(), in.data(),
			     (ULONG)in.size(), nullptr, &ov) &&
	    GetLastError() != ERROR_IO_PENDING) {
		PrintError(_T("WinUsb_ReadPipe"), GetLastError());
		return 1;
	}

	// Nothing written yet: a short wait times out.
	DWORD got = 0;
	if (GetOverlappedResultEx(dev.File(), &ov, &got, 20, FALSE) ||
	    GetLastError() != WAIT_TIMEOUT) {
		_tprintf(_T("GetOverlappedResultEx did not time out: %u\n"),
			 GetLastError());
		return 1;
	}

	WriterArgs args = { &dev, &out, FALSE, 0 };
	HANDLE thread = CreateThread(nullptr, 0, Writer, &args, 0, nullptr);
	if (!thread) {
		PrintError(_T("CreateThread"), GetLastError());
		return 1;
	}
	HANDLE waits[2] = { thread, ov.hEvent };
	if (WaitForMultipleObjects(2, waits, TRUE, 10000) != WAIT_OBJECT_0) {
		PrintError(_T("WaitForMultipleObjects"), GetLastError());
		return 1;
	}
	DWORD exitCode = 1;
	GetExitCodeThread(thread, &exitCode);
	CloseHandle(thread);
	if (exitCode != 0 || !args.ok) {
		PrintError(_T("WinUsb_WritePipe"), args.error);
		return 1;
	}
	if (!WinUsb_GetOverlappedResult(dev.Handle(), &ov, &got, TRUE) ||
	    got != in.size() || in != out) {
		PrintError(_T("WinUsb_GetOverlappedResult"), GetLastError());
		return 1;
	}
	// Programs also pass the WinUSB handle to Win32's GetOverlappedResult:
	// with an hEvent, Windows waits on the event and ignores the handle.
	DWORD again = 0;
	if (!GetOverlappedResult(dev.Handle(), &ov, &again, TRUE) ||
	    again != got) {
		PrintError(_T("GetOverlappedResult(WinUSB handle)"),
			   GetLastError());
		return 1;
	}
	CloseHandle(ov.hEvent);
	_tprintf(_T("Overlapped loopback of %u bytes: OK\n"), got);
	return 0;
}
