/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * winusb_linux.h - libwinusb's Linux-only additions: finding devices, and
 * how the driver set up a registered isochronous buffer.
 *
 * On Windows a program finds its device with SetupDiGetClassDevs() on its
 * DeviceInterfaceGUID and opens the path SetupDiGetDeviceInterfaceDetail()
 * returns.  On Linux every USB interface bound to the winusb driver is a
 * character device, /dev/winusb/<busid>:<config>.<ifnum> (for example
 * /dev/winusb/1-1:1.0, named after the interface in /sys/bus/usb/devices),
 * and these functions find them.  They replace only the device-opening lines
 * of a Windows program:
 *
 *     CHAR path[WINUSB_LINUX_PATH_MAX];
 *     if (!WinUsbLinux_FindDevicePath(0x1234, 0x5678, -1, 0, path, sizeof(path)))
 *             return GetLastError();
 *     HANDLE h = CreateFileA(path, GENERIC_READ | GENERIC_WRITE,
 *                            FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
 *                            OPEN_EXISTING,
 *                            FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OVERLAPPED, NULL);
 *
 * They read sysfs only (/sys/bus/usb/drivers/winusb), need no privileges and
 * do no USB I/O.  Since version 0.1.
 */
#ifndef WINUSB_LINUX_H
#define WINUSB_LINUX_H

#include "winusb_win32.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef WINUSBAPI
#if defined(__GNUC__)
#define WINUSBAPI __attribute__((visibility("default")))
#else
#define WINUSBAPI
#endif
#endif

/** Size of a buffer that holds any device path libwinusb returns. */
#define WINUSB_LINUX_PATH_MAX 256
/** Most DeviceInterfaceGUIDs reported per interface. */
#define WINUSB_LINUX_MAX_GUIDS 4

/**
 * WINUSB_LINUX_INTERFACE_INFO - one interface bound to the winusb driver.
 * All fields are filled by WinUsbLinux_EnumerateInterfaces(); strings are
 * NUL-terminated.
 * @DevicePath: the node to pass to CreateFileA(), "/dev/winusb/1-1:1.0".
 * @SysfsName: the interface's name in /sys/bus/usb/devices, "1-1:1.0".
 * @VendorId: idVendor of the device.
 * @ProductId: idProduct of the device.
 * @bcdDevice: bcdDevice of the device.
 * @BusNumber: USB bus number.
 * @DeviceAddress: device address on the bus.
 * @ConfigurationValue: bConfigurationValue of the active configuration.
 * @InterfaceNumber: bInterfaceNumber.
 * @InterfaceClass: bInterfaceClass of the current alternate setting.
 * @InterfaceSubClass: bInterfaceSubClass of the current alternate setting.
 * @InterfaceProtocol: bInterfaceProtocol of the current alternate setting.
 * @Reserved: zero.
 * @NumGuids: DeviceInterfaceGUIDs in @InterfaceGuids: those the device
 *            declares for the interface in its Microsoft OS descriptors, as
 *            the driver reports them (0 if it declares none, or with a
 *            driver that does not read them).
 * @InterfaceGuids: the DeviceInterfaceGUIDs.
 * @SerialNumber: the device's serial number string, or "".
 */
typedef struct _WINUSB_LINUX_INTERFACE_INFO {
	CHAR DevicePath[WINUSB_LINUX_PATH_MAX];
	CHAR SysfsName[64];
	USHORT VendorId;
	USHORT ProductId;
	USHORT bcdDevice;
	UCHAR BusNumber;
	UCHAR DeviceAddress;
	UCHAR ConfigurationValue;
	UCHAR InterfaceNumber;
	UCHAR InterfaceClass;
	UCHAR InterfaceSubClass;
	UCHAR InterfaceProtocol;
	UCHAR Reserved[3];
	ULONG NumGuids;
	GUID InterfaceGuids[WINUSB_LINUX_MAX_GUIDS];
	CHAR SerialNumber[128];
} WINUSB_LINUX_INTERFACE_INFO, *PWINUSB_LINUX_INTERFACE_INFO;

/**
 * WinUsbLinux_EnumerateInterfaces() - list the interfaces bound to winusb.
 * @Interfaces: out: up to *@Count entries, sorted by SysfsName; may be NULL
 *              when *@Count is 0.
 * @Count: in: entries in @Interfaces; out: interfaces found.
 *
 * Return: TRUE if all were stored; FALSE with ERROR_INSUFFICIENT_BUFFER
 * (*@Count set to the number needed, the first entries stored),
 * ERROR_INVALID_PARAMETER (NULL @Count, or NULL @Interfaces with a non-zero
 * count) or ERROR_NOT_ENOUGH_MEMORY.  With the driver not loaded, TRUE
 * and *@Count = 0.
 */
WINUSBAPI BOOL WINAPI
WinUsbLinux_EnumerateInterfaces(PWINUSB_LINUX_INTERFACE_INFO Interfaces,
				PULONG Count);

/**
 * WinUsbLinux_FindDevicePath() - the device path of a bound interface,
 * chosen by vendor and product ID.
 * @VendorId: idVendor.
 * @ProductId: idProduct.
 * @InterfaceNumber: bInterfaceNumber, or -1 for any.
 * @MemberIndex: 0 for the first match (in SysfsName order), 1 for the
 *               second, ... like SetupDiEnumDeviceInterfaces().
 * @DevicePath: out: the path.
 * @DevicePathLength: size of @DevicePath (WINUSB_LINUX_PATH_MAX is enough).
 *
 * Return: TRUE; FALSE with ERROR_NO_MORE_ITEMS (no such match),
 * ERROR_INSUFFICIENT_BUFFER, ERROR_INVALID_PARAMETER or
 * ERROR_NOT_ENOUGH_MEMORY.
 */
WINUSBAPI BOOL WINAPI WinUsbLinux_FindDevicePath(USHORT VendorId,
						 USHORT ProductId,
						 LONG InterfaceNumber,
						 DWORD MemberIndex,
						 LPSTR DevicePath,
						 DWORD DevicePathLength);

/**
 * WinUsbLinux_FindDevicePathByGuid() - the device path of a bound interface
 * that declares a DeviceInterfaceGUID in its MS OS descriptors.
 * @InterfaceGuid: the GUID a Windows program passes to SetupDiGetClassDevs().
 * @MemberIndex: 0 for the first match, 1 for the second, ...
 * @DevicePath: out: the path.
 * @DevicePathLength: size of @DevicePath.
 *
 * Return: as WinUsbLinux_FindDevicePath(); ERROR_NOT_SUPPORTED when
 * interfaces are bound but the driver does not report GUIDs (a winusb.ko
 * without Microsoft OS descriptor support).  Since version 0.1; GUIDs are
 * matched since the driver reports them (winusb_interface_guids).
 */
WINUSBAPI BOOL WINAPI WinUsbLinux_FindDevicePathByGuid(LPCGUID InterfaceGuid,
						       DWORD MemberIndex,
						       LPSTR DevicePath,
						       DWORD DevicePathLength);

/**
 * WINUSB_LINUX_ISOCH_PATH - how a registered isochronous buffer reaches the
 * host controller (chosen by the driver at WinUsb_RegisterIsochBuffer()).
 * @WinUsbLinuxIsochPathVmap: the controller does no DMA (vhci_hcd,
 *                            dummy_hcd): transfers use the buffer in place,
 *                            zero copy.
 * @WinUsbLinuxIsochPathBounce: the driver copies through DMA-coherent
 *                              memory allocated at registration (OUT just
 *                              before each URB goes out, IN packet by packet
 *                              as it completes).
 * @WinUsbLinuxIsochPathDma: the buffer is mapped for DMA as one range (an
 *                           IOMMU, or physically contiguous pages such as
 *                           hugepages): zero copy.
 */
typedef enum _WINUSB_LINUX_ISOCH_PATH {
	WinUsbLinuxIsochPathVmap = 1,
	WinUsbLinuxIsochPathBounce = 2,
	WinUsbLinuxIsochPathDma = 3,
} WINUSB_LINUX_ISOCH_PATH;

/**
 * WINUSB_LINUX_ISOCH_BUFFER_INFO - what WinUsbLinux_GetIsochBufferInfo()
 * reports about a registered isochronous buffer.
 * @Path: a WINUSB_LINUX_ISOCH_PATH value.
 * @PipeId: the pipe the buffer is registered for (bEndpointAddress).
 * @Reserved: zero.
 * @BufferLength: the registered length.
 * @PacketBytes: bytes of one isochronous packet: the pipe's
 *               MaximumBytesPerInterval (the driver's packet_bytes).
 *               Before ABI version 2 this was called BytesPerPacket.
 * @FrameBytes: transfer lengths must be multiples of this: the bytes
 *              per 1 ms frame (PacketBytes x packets per frame); before
 *              ABI version 2 called BytesPerFrame.
 * @PacketsPerUrb: packets the driver puts in one URB (at most 255 at full
 *                 speed, 1024 above, as Windows).
 * @NumberOfUrbs: URBs the driver built for the buffer at registration.
 */
typedef struct _WINUSB_LINUX_ISOCH_BUFFER_INFO {
	ULONG Path;
	UCHAR PipeId;
	UCHAR Reserved[3];
	ULONG BufferLength;
	ULONG PacketBytes;
	ULONG FrameBytes;
	ULONG PacketsPerUrb;
	ULONG NumberOfUrbs;
} WINUSB_LINUX_ISOCH_BUFFER_INFO, *PWINUSB_LINUX_ISOCH_BUFFER_INFO;

/**
 * WinUsbLinux_GetIsochBufferInfo() - how the driver set up a registered
 * isochronous buffer (no I/O).
 * @IsochBufferHandle: a WINUSB_ISOCH_BUFFER_HANDLE from
 *                     WinUsb_RegisterIsochBuffer().
 * @Info: out: the information.
 *
 * Return: TRUE; FALSE with ERROR_INVALID_HANDLE or ERROR_INVALID_PARAMETER
 * (NULL @Info).  Since version 0.1.
 */
WINUSBAPI BOOL WINAPI
WinUsbLinux_GetIsochBufferInfo(PVOID IsochBufferHandle,
			       PWINUSB_LINUX_ISOCH_BUFFER_INFO Info);

#ifdef __cplusplus
}
#endif

#endif /* WINUSB_LINUX_H */
