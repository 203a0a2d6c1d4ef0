// SPDX-License-Identifier: GPL-2.0
/*
 * open_later.c - a Windows program that finds winusb-testdev interface 0
 * by its DeviceInterfaceGUID, prints the DevicePath, waits for a line on
 * standard input, then opens the path.  run.sh unplugs the device in
 * between: CreateFile must fail with ERROR_FILE_NOT_FOUND, as on Windows
 * for a device removed after enumeration, and the properties of the
 * enumerated device must answer ERROR_NO_SUCH_DEVINST.  Exit status 0
 * when they do.  No Linux-specific line.
 */
#include <Windows.h>
#include <tchar.h>
#include <SetupAPI.h>
#include <stdio.h>
#include <stdlib.h>

#include <initguid.h>
DEFINE_GUID(GUID_DEVINTERFACE_TestDevice,
	    0x33c1508b, 0x8d50, 0x4159, 0xb9, 0x13, 0xa8, 0x14, 0xc4, 0x79,
	    0x71, 0x49);

int _tmain(int argc, _TCHAR *argv[])
{
	SP_DEVICE_INTERFACE_DATA ifd;
	SP_DEVINFO_DATA dev;
	PSP_DEVICE_INTERFACE_DETAIL_DATA detail;
	HDEVINFO info;
	DWORD need = 0, error;
	HANDLE h;
	BYTE prop[256];
	char line[16];

	UNREFERENCED_PARAMETER(argc);
	UNREFERENCED_PARAMETER(argv);

	info = SetupDiGetClassDevs(&GUID_DEVINTERFACE_TestDevice, NULL, NULL,
				   DIGCF_PRESENT | DIGCF_DEVICEINTERFACE);
	if (info == INVALID_HANDLE_VALUE)
		return 2;
	ifd.cbSize = sizeof(ifd);
	if (!SetupDiEnumDeviceInterfaces(info, NULL,
					 &GUID_DEVINTERFACE_TestDevice, 0, &ifd))
		return 2;
	SetupDiGetDeviceInterfaceDetail(info, &ifd, NULL, 0, &need, NULL);
	detail = (PSP_DEVICE_INTERFACE_DETAIL_DATA)malloc(need);
	if (!detail)
		return 2;
	detail->cbSize = sizeof(*detail);
	dev.cbSize = sizeof(dev);
	if (!SetupDiGetDeviceInterfaceDetail(info, &ifd, detail, need, NULL,
					     &dev))
		return 2;
	_tprintf(_T("Device path: %s\n"), detail->DevicePath);
	fflush(stdout);

	if (!fgets(line, sizeof(line), stdin))
		return 2;

	h = CreateFile(detail->DevicePath, GENERIC_READ | GENERIC_WRITE,
		       FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
		       FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OVERLAPPED, NULL);
	error = GetLastError();
	_tprintf(_T("CreateFile after the unplug: %s, error %u\n"),
		 h == INVALID_HANDLE_VALUE ? _T("failed") : _T("succeeded"),
		 error);
	if (h != INVALID_HANDLE_VALUE || error != ERROR_FILE_NOT_FOUND)
		return 1;
	if (SetupDiGetDeviceRegistryProperty(info, &dev, SPDRP_HARDWAREID, NULL,
					     prop, sizeof(prop), NULL) ||
	    GetLastError() != ERROR_NO_SUCH_DEVINST) {
		_tprintf(_T("property of the removed device: error %u\n"),
			 GetLastError());
		return 1;
	}
	free(detail);
	SetupDiDestroyDeviceInfoList(info);
	_tprintf(_T("OK\n"));
	return 0;
}
