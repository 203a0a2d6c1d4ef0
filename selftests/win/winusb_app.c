// SPDX-License-Identifier: GPL-2.0
/*
 * winusb_app.c - a Windows WinUSB program, shaped like Visual Studio's
 * "WinUSB Application" template (device.h / device.c / main.c in one
 * file): find the device by its DeviceInterfaceGUID with SetupDi*,
 * CreateFile the DevicePath, WinUsb_Initialize, QueryDeviceInformation,
 * QueryInterfaceSettings, QueryPipe, then a bulk write and read back.
 *
 * No line here knows about Linux: it builds with Microsoft's SDK as it is,
 * and on Linux against libwinusb, ANSI or UNICODE, static or shared.
 * Written for winusb-testdev interface 0 (GUID below), whose bulk pipes
 * are a loopback.  Also checks what Windows answers to bad SetupDi input.
 *
 * Exit status 0 on success.
 */
#include <Windows.h>
#include <tchar.h>
#include <strsafe.h>
#include <SetupAPI.h>
#include <winusb.h>
#include <usb.h>
#include <stdio.h>

/* ---- device.h ----------------------------------------------------------- */

#include <initguid.h>

//
// Device Interface GUID: must match the DeviceInterfaceGUIDs the device
// reports (MS OS descriptors) or that its INF (udev rule) gives it.
// {33C1508B-8D50-4159-B913-A814C4797149}
//
DEFINE_GUID(GUID_DEVINTERFACE_WinUsbTestApp,
	    0x33c1508b, 0x8d50, 0x4159, 0xb9, 0x13, 0xa8, 0x14, 0xc4, 0x79,
	    0x71, 0x49);

// A GUID no device has.
DEFINE_GUID(GUID_DEVINTERFACE_Nobody,
	    0x6f1d3e2a, 0x0b7c, 0x4e1f, 0x9a, 0x55, 0x11, 0x22, 0x33, 0x44,
	    0x55, 0x66);

typedef struct _DEVICE_DATA {
	BOOL HandlesOpen;
	WINUSB_INTERFACE_HANDLE WinusbHandle;
	HANDLE DeviceHandle;
	TCHAR DevicePath[MAX_PATH];
} DEVICE_DATA, *PDEVICE_DATA;

/* ---- device.c ----------------------------------------------------------- */

static void PrintError(LPCTSTR What, DWORD Error)
{
	LPTSTR text = NULL;

	FormatMessage(FORMAT_MESSAGE_ALLOCATE_BUFFER |
			      FORMAT_MESSAGE_FROM_SYSTEM |
			      FORMAT_MESSAGE_IGNORE_INSERTS,
		      NULL, Error, MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT),
		      (LPTSTR)&text, 0, NULL);
	_tprintf(_T("%s failed: %u: %s"), What, Error,
		 text ? text : _T("(no message)\n"));
	LocalFree(text);
}

static HRESULT RetrieveDevicePath(_Out_bytecap_(BufLen) LPTSTR DevicePath,
				  _In_ ULONG BufLen,
				  _Out_opt_ PBOOL FailureDeviceNotFound)
{
	BOOL bResult = FALSE;
	HDEVINFO deviceInfo;
	SP_DEVICE_INTERFACE_DATA interfaceData;
	PSP_DEVICE_INTERFACE_DETAIL_DATA detailData = NULL;
	ULONG length;
	ULONG requiredLength = 0;
	HRESULT hr;

	if (NULL != FailureDeviceNotFound)
		*FailureDeviceNotFound = FALSE;

	deviceInfo = SetupDiGetClassDevs(&GUID_DEVINTERFACE_WinUsbTestApp,
					 NULL, NULL,
					 DIGCF_PRESENT | DIGCF_DEVICEINTERFACE);
	if (deviceInfo == INVALID_HANDLE_VALUE)
		return HRESULT_FROM_WIN32(GetLastError());

	interfaceData.cbSize = sizeof(SP_DEVICE_INTERFACE_DATA);
	bResult = SetupDiEnumDeviceInterfaces(deviceInfo, NULL,
					      &GUID_DEVINTERFACE_WinUsbTestApp,
					      0, &interfaceData);
	if (FALSE == bResult) {
		if (ERROR_NO_MORE_ITEMS == GetLastError() &&
		    NULL != FailureDeviceNotFound)
			*FailureDeviceNotFound = TRUE;
		hr = HRESULT_FROM_WIN32(GetLastError());
		SetupDiDestroyDeviceInfoList(deviceInfo);
		return hr;
	}

	bResult = SetupDiGetDeviceInterfaceDetail(deviceInfo, &interfaceData,
						  NULL, 0, &requiredLength,
						  NULL);
	if (FALSE == bResult && ERROR_INSUFFICIENT_BUFFER != GetLastError()) {
		hr = HRESULT_FROM_WIN32(GetLastError());
		SetupDiDestroyDeviceInfoList(deviceInfo);
		return hr;
	}

	detailData = (PSP_DEVICE_INTERFACE_DETAIL_DATA)
		LocalAlloc(LMEM_FIXED, requiredLength);
	if (NULL == detailData) {
		SetupDiDestroyDeviceInfoList(deviceInfo);
		return E_OUTOFMEMORY;
	}
	detailData->cbSize = sizeof(SP_DEVICE_INTERFACE_DETAIL_DATA);
	length = requiredLength;

	bResult = SetupDiGetDeviceInterfaceDetail(deviceInfo, &interfaceData,
						  detailData, length,
						  &requiredLength, NULL);
	if (FALSE == bResult) {
		hr = HRESULT_FROM_WIN32(GetLastError());
		LocalFree(detailData);
		SetupDiDestroyDeviceInfoList(deviceInfo);
		return hr;
	}

	hr = StringCbCopy(DevicePath, BufLen, detailData->DevicePath);

	LocalFree(detailData);
	SetupDiDestroyDeviceInfoList(deviceInfo);
	return hr;
}

static HRESULT OpenDevice(_Out_ PDEVICE_DATA DeviceData,
			  _Out_opt_ PBOOL FailureDeviceNotFound)
{
	HRESULT hr = S_OK;
	BOOL bResult;

	DeviceData->HandlesOpen = FALSE;

	hr = RetrieveDevicePath(DeviceData->DevicePath,
				sizeof(DeviceData->DevicePath),
				FailureDeviceNotFound);
	if (FAILED(hr))
		return hr;

	DeviceData->DeviceHandle = CreateFile(DeviceData->DevicePath,
					      GENERIC_WRITE | GENERIC_READ,
					      FILE_SHARE_WRITE | FILE_SHARE_READ,
					      NULL, OPEN_EXISTING,
					      FILE_ATTRIBUTE_NORMAL |
						      FILE_FLAG_OVERLAPPED,
					      NULL);
	if (INVALID_HANDLE_VALUE == DeviceData->DeviceHandle) {
		hr = HRESULT_FROM_WIN32(GetLastError());
		return hr;
	}

	bResult = WinUsb_Initialize(DeviceData->DeviceHandle,
				    &DeviceData->WinusbHandle);
	if (FALSE == bResult) {
		hr = HRESULT_FROM_WIN32(GetLastError());
		CloseHandle(DeviceData->DeviceHandle);
		return hr;
	}

	DeviceData->HandlesOpen = TRUE;
	return hr;
}

static VOID CloseDevice(_Inout_ PDEVICE_DATA DeviceData)
{
	if (FALSE == DeviceData->HandlesOpen)
		return;
	WinUsb_Free(DeviceData->WinusbHandle);
	CloseHandle(DeviceData->DeviceHandle);
	DeviceData->HandlesOpen = FALSE;
}

/* ---- what Windows answers to bad input ---------------------------------- */

static int CheckBadInput(void)
{
	SP_DEVICE_INTERFACE_DATA ifd;
	SP_DEVICE_INTERFACE_DETAIL_DATA detail;
	HDEVINFO info;
	DWORD need = 0;
	int bad = 0;

	// A GUID nobody has: an empty set, then ERROR_NO_MORE_ITEMS.
	info = SetupDiGetClassDevs(&GUID_DEVINTERFACE_Nobody, NULL, NULL,
				   DIGCF_PRESENT | DIGCF_DEVICEINTERFACE);
	ZeroMemory(&ifd, sizeof(ifd));
	ifd.cbSize = sizeof(ifd);
	if (info == INVALID_HANDLE_VALUE ||
	    SetupDiEnumDeviceInterfaces(info, NULL, &GUID_DEVINTERFACE_Nobody,
					0, &ifd) ||
	    GetLastError() != ERROR_NO_MORE_ITEMS) {
		_tprintf(_T("unknown GUID: error %u\n"), GetLastError());
		bad++;
	}
	SetupDiDestroyDeviceInfoList(info);

	info = SetupDiGetClassDevs(&GUID_DEVINTERFACE_WinUsbTestApp, NULL,
				   NULL, DIGCF_PRESENT | DIGCF_DEVICEINTERFACE);
	// cbSize must be sizeof(SP_DEVICE_INTERFACE_DATA).
	ifd.cbSize = sizeof(ifd) + 1;
	if (SetupDiEnumDeviceInterfaces(info, NULL,
					&GUID_DEVINTERFACE_WinUsbTestApp, 0,
					&ifd) ||
	    GetLastError() != ERROR_INVALID_USER_BUFFER) {
		_tprintf(_T("interface cbSize: error %u\n"), GetLastError());
		bad++;
	}
	ifd.cbSize = sizeof(ifd);
	if (!SetupDiEnumDeviceInterfaces(info, NULL,
					 &GUID_DEVINTERFACE_WinUsbTestApp, 0,
					 &ifd)) {
		PrintError(_T("SetupDiEnumDeviceInterfaces"), GetLastError());
		bad++;
	}
	// The detail's cbSize is the fixed part, on 64-bit Windows 8.
	detail.cbSize = 6;
	if (SetupDiGetDeviceInterfaceDetail(info, &ifd, &detail,
					    sizeof(detail), &need, NULL) ||
	    GetLastError() != ERROR_INVALID_USER_BUFFER) {
		_tprintf(_T("detail cbSize: error %u\n"), GetLastError());
		bad++;
	}
	// A buffer too short for the path: ERROR_INSUFFICIENT_BUFFER.
	detail.cbSize = sizeof(detail);
	if (SetupDiGetDeviceInterfaceDetail(info, &ifd, &detail,
					    sizeof(detail), &need, NULL) ||
	    GetLastError() != ERROR_INSUFFICIENT_BUFFER ||
	    need <= sizeof(detail)) {
		_tprintf(_T("short buffer: error %u, size %u\n"),
			 GetLastError(), need);
		bad++;
	}
	SetupDiDestroyDeviceInfoList(info);
	return bad;
}

/* ---- main.c ------------------------------------------------------------- */

static BOOL QueryPipes(WINUSB_INTERFACE_HANDLE h, PUCHAR PipeIn,
		       PUCHAR PipeOut)
{
	USB_INTERFACE_DESCRIPTOR ifd;
	WINUSB_PIPE_INFORMATION pipe;
	UCHAR i;

	if (!WinUsb_QueryInterfaceSettings(h, 0, &ifd)) {
		PrintError(_T("WinUsb_QueryInterfaceSettings"), GetLastError());
		return FALSE;
	}
	_tprintf(_T("Interface %d: %d endpoints, class %02x\n"),
		 ifd.bInterfaceNumber, ifd.bNumEndpoints, ifd.bInterfaceClass);
	for (i = 0; i < ifd.bNumEndpoints; i++) {
		if (!WinUsb_QueryPipe(h, 0, i, &pipe)) {
			PrintError(_T("WinUsb_QueryPipe"), GetLastError());
			return FALSE;
		}
		if (pipe.PipeType == UsbdPipeTypeBulk &&
		    USB_ENDPOINT_DIRECTION_IN(pipe.PipeId))
			*PipeIn = pipe.PipeId;
		else if (pipe.PipeType == UsbdPipeTypeBulk)
			*PipeOut = pipe.PipeId;
		_tprintf(_T("  pipe %d: type %d, id 0x%02x, max packet %d\n"),
			 i, pipe.PipeType, pipe.PipeId, pipe.MaximumPacketSize);
	}
	return *PipeIn && *PipeOut;
}

int _tmain(int argc, _TCHAR *argv[])
{
	DEVICE_DATA deviceData;
	HRESULT hr;
	USB_DEVICE_DESCRIPTOR deviceDesc;
	BOOL bResult;
	BOOL noDevice;
	ULONG lengthReceived;
	UCHAR speed = 0;
	ULONG length = sizeof(speed);
	UCHAR pipeIn = 0, pipeOut = 0;
	UCHAR out[512], in[512];
	ULONG written = 0, read = 0;
	ULONG timeout = 5000;
	int i;

	UNREFERENCED_PARAMETER(argc);
	UNREFERENCED_PARAMETER(argv);

	hr = OpenDevice(&deviceData, &noDevice);
	if (FAILED(hr)) {
		if (noDevice)
			_tprintf(_T("Device not connected or driver not installed\n"));
		else
			_tprintf(_T("Failed looking for device, HRESULT 0x%x\n"),
				 (unsigned int)hr);
		return 1;
	}
	_tprintf(_T("Device path: %s\n"), deviceData.DevicePath);
	// Programs look for their VID/PID in the path.
	if (!_tcsstr(deviceData.DevicePath, _T("vid_1209&pid_0001"))) {
		_tprintf(_T("unexpected device path\n"));
		CloseDevice(&deviceData);
		return 1;
	}

	bResult = WinUsb_GetDescriptor(deviceData.WinusbHandle,
				       USB_DEVICE_DESCRIPTOR_TYPE, 0, 0,
				       (PBYTE)&deviceDesc, sizeof(deviceDesc),
				       &lengthReceived);
	if (FALSE == bResult || lengthReceived != sizeof(deviceDesc)) {
		PrintError(_T("WinUsb_GetDescriptor"), GetLastError());
		CloseDevice(&deviceData);
		return 1;
	}
	_tprintf(_T("Device found: VID_%04X&PID_%04X; bcdUsb %04X\n"),
		 deviceDesc.idVendor, deviceDesc.idProduct, deviceDesc.bcdUSB);

	if (!WinUsb_QueryDeviceInformation(deviceData.WinusbHandle,
					   DEVICE_SPEED, &length, &speed)) {
		PrintError(_T("WinUsb_QueryDeviceInformation"), GetLastError());
		CloseDevice(&deviceData);
		return 1;
	}
	_tprintf(_T("Device speed: %d (%s)\n"), speed,
		 speed == HighSpeed ? _T("high or super") : _T("full or low"));

	if (!QueryPipes(deviceData.WinusbHandle, &pipeIn, &pipeOut)) {
		CloseDevice(&deviceData);
		return 1;
	}
	WinUsb_SetPipePolicy(deviceData.WinusbHandle, pipeIn,
			     PIPE_TRANSFER_TIMEOUT, sizeof(timeout), &timeout);

	for (i = 0; i < (int)sizeof(out); i++)
		out[i] = (UCHAR)(i * 7 + 3);
	if (!WinUsb_WritePipe(deviceData.WinusbHandle, pipeOut, out,
			      sizeof(out), &written, NULL) ||
	    written != sizeof(out)) {
		PrintError(_T("WinUsb_WritePipe"), GetLastError());
		CloseDevice(&deviceData);
		return 1;
	}
	ZeroMemory(in, sizeof(in));
	if (!WinUsb_ReadPipe(deviceData.WinusbHandle, pipeIn, in, sizeof(in),
			     &read, NULL) ||
	    read != sizeof(in) || memcmp(in, out, sizeof(in)) != 0) {
		PrintError(_T("WinUsb_ReadPipe"), GetLastError());
		CloseDevice(&deviceData);
		return 1;
	}
	_tprintf(_T("Bulk loopback: wrote %u, read %u bytes back\n"), written,
		 read);
	CloseDevice(&deviceData);

	if (CheckBadInput()) {
		_tprintf(_T("SetupDi bad-input checks failed\n"));
		return 1;
	}
	_tprintf(_T("OK\n"));
	return 0;
}
