/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cfgmgr32.h - the Configuration Manager calls WinUSB programs use to find
 * their device: CM_Get_Device_Interface_List(_Size) by interface GUID (the
 * way Visual Studio's WinUSB application template does it), and
 * CM_MapCrToWin32Err.  The device paths are the same as SetupAPI's (see
 * <setupapi.h>).  Every function is exported as "libwinusb_<name>".
 */
#ifndef WINUSB_CFGMGR32_H
#define WINUSB_CFGMGR32_H

#include "winusb_win32.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef DWORD RETURN_TYPE;
typedef RETURN_TYPE CONFIGRET;
typedef DWORD DEVNODE, DEVINST;
typedef DEVNODE *PDEVNODE, *PDEVINST;
typedef CHAR *DEVNODEID_A, *DEVINSTID_A;
typedef WCHAR *DEVNODEID_W, *DEVINSTID_W;

#define MAX_DEVICE_ID_LEN 200
#define MAX_DEVNODE_ID_LEN MAX_DEVICE_ID_LEN

#define CR_SUCCESS                  0x00000000
#define CR_DEFAULT                  0x00000001
#define CR_OUT_OF_MEMORY            0x00000002
#define CR_INVALID_POINTER          0x00000003
#define CR_INVALID_FLAG             0x00000004
#define CR_INVALID_DEVNODE          0x00000005
#define CR_INVALID_DEVINST          CR_INVALID_DEVNODE
#define CR_NO_SUCH_DEVNODE          0x0000000D
#define CR_NO_SUCH_DEVINST          CR_NO_SUCH_DEVNODE
#define CR_FAILURE                  0x00000013
#define CR_BUFFER_SMALL             0x0000001A
#define CR_REGISTRY_ERROR           0x0000001D
#define CR_INVALID_DATA             0x0000001F
#define CR_NO_SUCH_VALUE            0x00000025
#define CR_CALL_NOT_IMPLEMENTED     0x00000034
#define CR_NO_SUCH_DEVICE_INTERFACE 0x00000037

#define CM_GET_DEVICE_INTERFACE_LIST_PRESENT     0x00000000
#define CM_GET_DEVICE_INTERFACE_LIST_ALL_DEVICES 0x00000001
#define CM_GET_DEVICE_INTERFACE_LIST_BITS        0x00000001

/**
 * CM_Get_Device_Interface_List_SizeA() - the size, in characters, of the
 * list CM_Get_Device_Interface_ListA() returns for @InterfaceClassGuid.
 * @pulLen: out: characters needed, final NUL included (1 for no device).
 * @InterfaceClassGuid: the DeviceInterfaceGUID.
 * @pDeviceID: NULL (all devices); a device instance ID limits the list to
 *             that device.
 * @ulFlags: CM_GET_DEVICE_INTERFACE_LIST_PRESENT or _ALL_DEVICES (the same
 *           on Linux: only present devices exist).
 * Return: CR_SUCCESS, CR_INVALID_POINTER, CR_INVALID_FLAG, CR_OUT_OF_MEMORY.
 */
WINBASEAPI CONFIGRET WINAPI
CM_Get_Device_Interface_List_SizeA(PULONG pulLen, LPGUID InterfaceClassGuid,
				   DEVINSTID_A pDeviceID, ULONG ulFlags)
	WINUSB_W32_NAME(CM_Get_Device_Interface_List_SizeA);
WINBASEAPI CONFIGRET WINAPI
CM_Get_Device_Interface_List_SizeW(PULONG pulLen, LPGUID InterfaceClassGuid,
				   DEVINSTID_W pDeviceID, ULONG ulFlags)
	WINUSB_W32_NAME(CM_Get_Device_Interface_List_SizeW);

/**
 * CM_Get_Device_Interface_ListA() - the device paths of the interfaces of
 * class @InterfaceClassGuid, as a multi-string (each path NUL-terminated,
 * one more NUL at the end; just the NUL for none).
 * @BufferLen: size of @Buffer in characters.
 * Return: CR_SUCCESS, CR_BUFFER_SMALL (a device appeared since the size
 * was asked: ask again), CR_INVALID_POINTER, CR_INVALID_FLAG,
 * CR_OUT_OF_MEMORY.
 */
WINBASEAPI CONFIGRET WINAPI
CM_Get_Device_Interface_ListA(LPGUID InterfaceClassGuid, DEVINSTID_A pDeviceID,
			      PCHAR Buffer, ULONG BufferLen, ULONG ulFlags)
	WINUSB_W32_NAME(CM_Get_Device_Interface_ListA);
WINBASEAPI CONFIGRET WINAPI
CM_Get_Device_Interface_ListW(LPGUID InterfaceClassGuid, DEVINSTID_W pDeviceID,
			      PWCHAR Buffer, ULONG BufferLen, ULONG ulFlags)
	WINUSB_W32_NAME(CM_Get_Device_Interface_ListW);

/**
 * CM_MapCrToWin32Err() - the ERROR_* code for a CONFIGRET, or
 * @DefaultErr when there is none.
 */
WINBASEAPI DWORD WINAPI CM_MapCrToWin32Err(CONFIGRET CmReturnCode,
					   DWORD DefaultErr)
	WINUSB_W32_NAME(CM_MapCrToWin32Err);

#ifdef UNICODE
#define CM_Get_Device_Interface_List_Size CM_Get_Device_Interface_List_SizeW
#define CM_Get_Device_Interface_List CM_Get_Device_Interface_ListW
#else
#define CM_Get_Device_Interface_List_Size CM_Get_Device_Interface_List_SizeA
#define CM_Get_Device_Interface_List CM_Get_Device_Interface_ListA
#endif

#ifdef __cplusplus
}
#endif

#endif /* WINUSB_CFGMGR32_H */
