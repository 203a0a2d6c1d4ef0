// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * bulk_loopback - a WinUSB program in the shape of Microsoft's sample
 * ("How to access a USB device by using WinUSB functions"): open the
 * device, WinUsb_Initialize, ask for the speed, find the bulk pipes with
 * QueryInterfaceSettings and a QueryPipe loop, send a control transfer,
 * write to the bulk OUT pipe, read it back from the bulk IN pipe,
 * WinUsb_Free, CloseHandle.
 *
 * Everything below compiles unchanged with Microsoft's headers on Windows
 * except GetDevicePath(), the device-path lookup, which uses
 * WinUsbLinux_FindDevicePath() where Windows uses SetupDi* and a device
 * interface GUID.  Written for winusb-testdev (1209:0001), whose bulk
 * pipes are a loopback and whose vendor request 0x01 stores up to 4 KiB.
 *
 *	bulk_loopback [VID PID]		(hexadecimal; default 1209 0001)
 *
 * Exit status 0 when the bytes read back equal the bytes written.
 */
#include <windows.h>
#include <winusb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_VID 0x1209
#define DEFAULT_PID 0x0001

/* Vendor request of the test device that stores its data stage. */
#define VENDOR_REQUEST_ECHO_OUT 0x01

struct PIPE_ID {
	UCHAR PipeInId;
	UCHAR PipeOutId;
};

/* The Linux-specific part: find the path, as SetupDi* do on Windows. */
static BOOL GetDevicePath(USHORT vid, USHORT pid, LPSTR DevicePath,
			  DWORD BufLen)
{
	if (!WinUsbLinux_FindDevicePath(vid, pid, 0, 0, DevicePath, BufLen)) {
		printf("No device %04x:%04x bound to winusb: error %u.\n",
		       vid, pid, GetLastError());
		return FALSE;
	}
	return TRUE;
}

static BOOL GetDeviceHandle(USHORT vid, USHORT pid, PHANDLE hDeviceHandle)
{
	CHAR DevicePath[WINUSB_LINUX_PATH_MAX];

	if (!GetDevicePath(vid, pid, DevicePath, sizeof(DevicePath)))
		return FALSE;

	*hDeviceHandle = CreateFile(DevicePath,
				    GENERIC_WRITE | GENERIC_READ,
				    FILE_SHARE_WRITE | FILE_SHARE_READ,
				    NULL,
				    OPEN_EXISTING,
				    FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OVERLAPPED,
				    NULL);
	if (*hDeviceHandle == INVALID_HANDLE_VALUE) {
		printf("CreateFile %s: error %u.\n", DevicePath, GetLastError());
		return FALSE;
	}
	printf("Device path: %s\n", DevicePath);
	return TRUE;
}

static BOOL GetWinUSBHandle(HANDLE hDeviceHandle,
			    PWINUSB_INTERFACE_HANDLE phWinUSBHandle)
{
	if (hDeviceHandle == INVALID_HANDLE_VALUE)
		return FALSE;

	if (!WinUsb_Initialize(hDeviceHandle, phWinUSBHandle)) {
		printf("WinUsb_Initialize: error %u.\n", GetLastError());
		return FALSE;
	}
	return TRUE;
}

static BOOL GetUSBDeviceSpeed(WINUSB_INTERFACE_HANDLE hWinUSBHandle,
			      UCHAR *pDeviceSpeed)
{
	ULONG length = sizeof(UCHAR);

	if (!WinUsb_QueryDeviceInformation(hWinUSBHandle, DEVICE_SPEED,
					   &length, pDeviceSpeed)) {
		printf("Error getting device speed: %u.\n", GetLastError());
		return FALSE;
	}
	if (*pDeviceSpeed == LowSpeed)
		printf("Device speed: %d (Low speed or full speed).\n",
		       *pDeviceSpeed);
	else if (*pDeviceSpeed == FullSpeed)
		printf("Device speed: %d (Full speed).\n", *pDeviceSpeed);
	else if (*pDeviceSpeed == HighSpeed)
		printf("Device speed: %d (High speed or faster).\n",
		       *pDeviceSpeed);
	return TRUE;
}

static BOOL QueryDeviceEndpoints(WINUSB_INTERFACE_HANDLE hWinUSBHandle,
				 struct PIPE_ID *pipeid)
{
	USB_INTERFACE_DESCRIPTOR InterfaceDescriptor;
	WINUSB_PIPE_INFORMATION Pipe;
	UCHAR index;

	ZeroMemory(&InterfaceDescriptor, sizeof(USB_INTERFACE_DESCRIPTOR));
	ZeroMemory(&Pipe, sizeof(WINUSB_PIPE_INFORMATION));
	pipeid->PipeInId = pipeid->PipeOutId = 0;

	if (!WinUsb_QueryInterfaceSettings(hWinUSBHandle, 0,
					   &InterfaceDescriptor)) {
		printf("WinUsb_QueryInterfaceSettings: error %u.\n",
		       GetLastError());
		return FALSE;
	}

	for (index = 0; index < InterfaceDescriptor.bNumEndpoints; index++) {
		if (!WinUsb_QueryPipe(hWinUSBHandle, 0, index, &Pipe))
			continue;

		if (Pipe.PipeType == UsbdPipeTypeControl)
			printf("Endpoint index: %d Pipe type: Control Pipe ID: 0x%02x.\n",
			       index, Pipe.PipeId);
		if (Pipe.PipeType == UsbdPipeTypeIsochronous)
			printf("Endpoint index: %d Pipe type: Isochronous Pipe ID: 0x%02x.\n",
			       index, Pipe.PipeId);
		if (Pipe.PipeType == UsbdPipeTypeBulk) {
			if (USB_ENDPOINT_DIRECTION_IN(Pipe.PipeId)) {
				printf("Endpoint index: %d Pipe type: Bulk Pipe ID: 0x%02x (IN).\n",
				       index, Pipe.PipeId);
				pipeid->PipeInId = Pipe.PipeId;
			}
			if (USB_ENDPOINT_DIRECTION_OUT(Pipe.PipeId)) {
				printf("Endpoint index: %d Pipe type: Bulk Pipe ID: 0x%02x (OUT).\n",
				       index, Pipe.PipeId);
				pipeid->PipeOutId = Pipe.PipeId;
			}
		}
		if (Pipe.PipeType == UsbdPipeTypeInterrupt)
			printf("Endpoint index: %d Pipe type: Interrupt Pipe ID: 0x%02x.\n",
			       index, Pipe.PipeId);
	}
	return pipeid->PipeInId && pipeid->PipeOutId;
}

static BOOL SendDatatoDefaultEndpoint(WINUSB_INTERFACE_HANDLE hWinUSBHandle)
{
	WINUSB_SETUP_PACKET SetupPacket;
	UCHAR data[4] = { 0xde, 0xad, 0xbe, 0xef };
	ULONG cbSent = 0;

	ZeroMemory(&SetupPacket, sizeof(WINUSB_SETUP_PACKET));
	/* Vendor request, host to device, to the device. */
	SetupPacket.RequestType = 0x40;
	SetupPacket.Request = VENDOR_REQUEST_ECHO_OUT;
	SetupPacket.Value = 0;
	SetupPacket.Index = 0;
	SetupPacket.Length = sizeof(data);

	if (!WinUsb_ControlTransfer(hWinUSBHandle, SetupPacket, data,
				    sizeof(data), &cbSent, 0)) {
		printf("WinUsb_ControlTransfer: error %u.\n", GetLastError());
		return FALSE;
	}
	printf("Data sent: %u bytes to the default endpoint.\n", cbSent);
	return TRUE;
}

static BOOL WriteToBulkEndpoint(WINUSB_INTERFACE_HANDLE hWinUSBHandle,
				UCHAR *pID, UCHAR *buffer, ULONG *pcbWritten)
{
	ULONG cbSize = (ULONG)strlen((char *)buffer);
	ULONG cbSent = 0;

	if (!WinUsb_WritePipe(hWinUSBHandle, *pID, buffer, cbSize, &cbSent,
			      0)) {
		printf("WinUsb_WritePipe: error %u.\n", GetLastError());
		return FALSE;
	}
	printf("Wrote to pipe 0x%02x: %s\nActual data transferred: %u.\n",
	       *pID, buffer, cbSent);
	*pcbWritten = cbSent;
	return TRUE;
}

static BOOL ReadFromBulkEndpoint(WINUSB_INTERFACE_HANDLE hWinUSBHandle,
				 UCHAR *pID, ULONG cbSize, UCHAR *expected)
{
	UCHAR *szBuffer = calloc(1, cbSize + 1);
	ULONG cbRead = 0;
	BOOL bResult;

	if (!szBuffer)
		return FALSE;
	bResult = WinUsb_ReadPipe(hWinUSBHandle, *pID, szBuffer, cbSize,
				  &cbRead, 0);
	if (!bResult) {
		printf("WinUsb_ReadPipe: error %u.\n", GetLastError());
	} else {
		printf("Read from pipe 0x%02x: %s\nActual data read: %u.\n",
		       *pID, szBuffer, cbRead);
		bResult = cbRead == cbSize && !memcmp(szBuffer, expected, cbSize);
		if (!bResult)
			printf("The data read back differs.\n");
	}
	free(szBuffer);
	return bResult;
}

int main(int argc, char *argv[])
{
	WINUSB_INTERFACE_HANDLE hWinUSBHandle = NULL;
	HANDLE hDeviceHandle = INVALID_HANDLE_VALUE;
	UCHAR szBuffer[] = "Hello World";
	USHORT vid = DEFAULT_VID, pid = DEFAULT_PID;
	UCHAR DeviceSpeed = 0;
	struct PIPE_ID PipeID;
	ULONG cbSize = 0;
	BOOL bResult;

	if (argc == 3) {
		vid = (USHORT)strtoul(argv[1], NULL, 16);
		pid = (USHORT)strtoul(argv[2], NULL, 16);
	}

	bResult = GetDeviceHandle(vid, pid, &hDeviceHandle);
	if (!bResult)
		goto done;
	bResult = GetWinUSBHandle(hDeviceHandle, &hWinUSBHandle);
	if (!bResult)
		goto done;
	bResult = GetUSBDeviceSpeed(hWinUSBHandle, &DeviceSpeed);
	if (!bResult)
		goto done;
	bResult = QueryDeviceEndpoints(hWinUSBHandle, &PipeID);
	if (!bResult)
		goto done;
	bResult = SendDatatoDefaultEndpoint(hWinUSBHandle);
	if (!bResult)
		goto done;
	bResult = WriteToBulkEndpoint(hWinUSBHandle, &PipeID.PipeOutId,
				      szBuffer, &cbSize);
	if (!bResult)
		goto done;
	bResult = ReadFromBulkEndpoint(hWinUSBHandle, &PipeID.PipeInId, cbSize,
				       szBuffer);

done:
	if (hWinUSBHandle)
		WinUsb_Free(hWinUSBHandle);
	if (hDeviceHandle != INVALID_HANDLE_VALUE)
		CloseHandle(hDeviceHandle);
	return bResult ? 0 : 1;
}
