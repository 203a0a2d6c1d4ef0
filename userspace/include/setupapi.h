/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * setupapi.h - device discovery as Windows' SetupAPI does it, for the
 * interfaces bound to the winusb driver (and, with
 * GUID_DEVINTERFACE_USB_DEVICE, every USB device).
 *
 * A device interface is a USB interface bound to winusb; its interface
 * class GUIDs are the DeviceInterfaceGUIDs of the device's Microsoft OS
 * descriptors (sysfs winusb_interface_guids) or, for a device without
 * them, the udev property WINUSB_DEVICE_INTERFACE_GUIDS a rule gives the
 * interface (Documentation/userspace-porting.rst).  Its DevicePath is
 * Windows-shaped, "\\?\usb#vid_1209&pid_0001&mi_00#<instance>#{guid}"
 * (lower case, &mi_xx only for composite devices, <instance> the
 * interface's sysfs name), and CreateFile() opens it.
 *
 * Structure sizes and cbSize checks are those of 64-bit Windows.  Every
 * function is exported as "libwinusb_<name>".
 */
#ifndef WINUSB_SETUPAPI_H
#define WINUSB_SETUPAPI_H

#include "winusb_win32.h"

#ifdef __cplusplus
extern "C" {
#endif

/** HDEVINFO - a device information set (a libwinusb handle). */
typedef PVOID HDEVINFO;
typedef DWORD DEVINST, *PDEVINST;

/* SetupDiGetClassDevs() flags. */
#define DIGCF_DEFAULT         0x00000001
#define DIGCF_PRESENT         0x00000002
#define DIGCF_ALLCLASSES      0x00000004
#define DIGCF_PROFILE         0x00000008
#define DIGCF_DEVICEINTERFACE 0x00000010
#define DIGCF_INTERFACEDEVICE DIGCF_DEVICEINTERFACE

/* SP_DEVICE_INTERFACE_DATA.Flags */
#define SPINT_ACTIVE  0x00000001
#define SPINT_DEFAULT 0x00000002
#define SPINT_REMOVED 0x00000004

/**
 * SP_DEVINFO_DATA - a device of a set (32 bytes on x86-64).
 * @cbSize: sizeof(SP_DEVINFO_DATA), set by the caller.
 * @ClassGuid: the device's setup class (USBDevice class for WinUSB
 *             devices, {88BAE032-5A81-49F0-BC3D-A4FF138216D6}).
 * @DevInst: a device instance handle (for CM_* functions).
 * @Reserved: libwinusb's.
 */
typedef struct _SP_DEVINFO_DATA {
	DWORD cbSize;
	GUID ClassGuid;
	DWORD DevInst;
	ULONG_PTR Reserved;
} SP_DEVINFO_DATA, *PSP_DEVINFO_DATA;

/**
 * SP_DEVICE_INTERFACE_DATA - a device interface of a set (32 bytes).
 * @cbSize: sizeof(SP_DEVICE_INTERFACE_DATA), set by the caller.
 * @InterfaceClassGuid: the interface class GUID it was found by.
 * @Flags: SPINT_ACTIVE.
 * @Reserved: libwinusb's.
 */
typedef struct _SP_DEVICE_INTERFACE_DATA {
	DWORD cbSize;
	GUID InterfaceClassGuid;
	DWORD Flags;
	ULONG_PTR Reserved;
} SP_DEVICE_INTERFACE_DATA, *PSP_DEVICE_INTERFACE_DATA;
typedef SP_DEVICE_INTERFACE_DATA SP_INTERFACE_DEVICE_DATA,
	*PSP_INTERFACE_DEVICE_DATA;

/**
 * SP_DEVICE_INTERFACE_DETAIL_DATA_A/W - the device path, a variable-length
 * structure.  @cbSize must be sizeof() of the structure (8 on x86-64 for
 * both A and W), not the size of the whole buffer.
 */
typedef struct _SP_DEVICE_INTERFACE_DETAIL_DATA_A {
	DWORD cbSize;
	CHAR DevicePath[ANYSIZE_ARRAY];
} SP_DEVICE_INTERFACE_DETAIL_DATA_A, *PSP_DEVICE_INTERFACE_DETAIL_DATA_A;

typedef struct _SP_DEVICE_INTERFACE_DETAIL_DATA_W {
	DWORD cbSize;
	WCHAR DevicePath[ANYSIZE_ARRAY];
} SP_DEVICE_INTERFACE_DETAIL_DATA_W, *PSP_DEVICE_INTERFACE_DETAIL_DATA_W;

/* Registry properties (SPDRP_*) for SetupDiGetDeviceRegistryProperty(). */
#define SPDRP_DEVICEDESC                  0x00000000
#define SPDRP_HARDWAREID                  0x00000001
#define SPDRP_COMPATIBLEIDS               0x00000002
#define SPDRP_UNUSED0                     0x00000003
#define SPDRP_SERVICE                     0x00000004
#define SPDRP_UNUSED1                     0x00000005
#define SPDRP_UNUSED2                     0x00000006
#define SPDRP_CLASS                       0x00000007
#define SPDRP_CLASSGUID                   0x00000008
#define SPDRP_DRIVER                      0x00000009
#define SPDRP_CONFIGFLAGS                 0x0000000A
#define SPDRP_MFG                         0x0000000B
#define SPDRP_FRIENDLYNAME                0x0000000C
#define SPDRP_LOCATION_INFORMATION        0x0000000D
#define SPDRP_PHYSICAL_DEVICE_OBJECT_NAME 0x0000000E
#define SPDRP_CAPABILITIES                0x0000000F
#define SPDRP_UI_NUMBER                   0x00000010
#define SPDRP_UPPERFILTERS                0x00000011
#define SPDRP_LOWERFILTERS                0x00000012
#define SPDRP_BUSTYPEGUID                 0x00000013
#define SPDRP_LEGACYBUSTYPE               0x00000014
#define SPDRP_BUSNUMBER                   0x00000015
#define SPDRP_ENUMERATOR_NAME             0x00000016
#define SPDRP_SECURITY                    0x00000017
#define SPDRP_SECURITY_SDS                0x00000018
#define SPDRP_DEVTYPE                     0x00000019
#define SPDRP_EXCLUSIVE                   0x0000001A
#define SPDRP_CHARACTERISTICS             0x0000001B
#define SPDRP_ADDRESS                     0x0000001C
#define SPDRP_UI_NUMBER_DESC_FORMAT       0x0000001D
#define SPDRP_DEVICE_POWER_DATA           0x0000001E
#define SPDRP_REMOVAL_POLICY              0x0000001F
#define SPDRP_REMOVAL_POLICY_HW_DEFAULT   0x00000020
#define SPDRP_REMOVAL_POLICY_OVERRIDE     0x00000021
#define SPDRP_INSTALL_STATE               0x00000022
#define SPDRP_LOCATION_PATHS              0x00000023
#define SPDRP_BASE_CONTAINERID            0x00000024
#define SPDRP_MAXIMUM_PROPERTY            0x00000025

/* Registry value types (winnt.h) reported in *PropertyRegDataType. */
#define REG_NONE      0
#define REG_SZ        1
#define REG_EXPAND_SZ 2
#define REG_BINARY    3
#define REG_DWORD     4
#define REG_MULTI_SZ  7

/**
 * SetupDiGetClassDevsA() - a device information set.
 * @ClassGuid: with DIGCF_DEVICEINTERFACE, the interface class GUID to list
 *             (a DeviceInterfaceGUID, or GUID_DEVINTERFACE_USB_DEVICE for
 *             every USB device); ignored with DIGCF_ALLCLASSES.
 * @Enumerator: NULL or "USB" (anything else gives an empty set).
 * @hwndParent: ignored.
 * @Flags: DIGCF_PRESENT (implied: only present devices exist on Linux),
 *         DIGCF_DEVICEINTERFACE, DIGCF_ALLCLASSES, DIGCF_PROFILE.
 *
 * The set is a snapshot: devices plugged in later are not in it.
 *
 * Return: the set (free it with SetupDiDestroyDeviceInfoList()), or
 * INVALID_HANDLE_VALUE with ERROR_INVALID_PARAMETER (NULL @ClassGuid
 * without DIGCF_ALLCLASSES), ERROR_INVALID_FLAGS or
 * ERROR_NOT_ENOUGH_MEMORY.
 */
WINBASEAPI HDEVINFO WINAPI SetupDiGetClassDevsA(const GUID *ClassGuid,
						PCSTR Enumerator,
						HWND hwndParent, DWORD Flags)
	WINUSB_W32_NAME(SetupDiGetClassDevsA);
/** SetupDiGetClassDevsW() - SetupDiGetClassDevsA() with a UTF-16 enumerator. */
WINBASEAPI HDEVINFO WINAPI SetupDiGetClassDevsW(const GUID *ClassGuid,
						PCWSTR Enumerator,
						HWND hwndParent, DWORD Flags)
	WINUSB_W32_NAME(SetupDiGetClassDevsW);

/**
 * SetupDiDestroyDeviceInfoList() - free a set.
 * Return: TRUE, or FALSE with ERROR_INVALID_HANDLE.
 */
WINBASEAPI BOOL WINAPI SetupDiDestroyDeviceInfoList(HDEVINFO DeviceInfoSet)
	WINUSB_W32_NAME(SetupDiDestroyDeviceInfoList);

/**
 * SetupDiEnumDeviceInterfaces() - the @MemberIndex-th interface of class
 * @InterfaceClassGuid in the set (of @DeviceInfoData's device only, if
 * given).
 * Return: TRUE; FALSE with ERROR_NO_MORE_ITEMS (past the end),
 * ERROR_INVALID_USER_BUFFER (wrong cbSize), ERROR_INVALID_PARAMETER,
 * ERROR_INVALID_HANDLE.
 */
WINBASEAPI BOOL WINAPI
SetupDiEnumDeviceInterfaces(HDEVINFO DeviceInfoSet,
			    PSP_DEVINFO_DATA DeviceInfoData,
			    const GUID *InterfaceClassGuid, DWORD MemberIndex,
			    PSP_DEVICE_INTERFACE_DATA DeviceInterfaceData)
	WINUSB_W32_NAME(SetupDiEnumDeviceInterfaces);

/**
 * SetupDiGetDeviceInterfaceDetailA() - an interface's device path.
 * @DeviceInfoSet: the set.
 * @DeviceInterfaceData: from SetupDiEnumDeviceInterfaces().
 * @DeviceInterfaceDetailData: out (NULL to ask for the size): cbSize must
 *             be sizeof(SP_DEVICE_INTERFACE_DETAIL_DATA_A).
 * @DeviceInterfaceDetailDataSize: its size in bytes (0 with NULL).
 * @RequiredSize: out (optional): the size needed.
 * @DeviceInfoData: out (optional): the interface's device.
 *
 * Return: TRUE; FALSE with ERROR_INSUFFICIENT_BUFFER (NULL or too small a
 * buffer: *@RequiredSize tells the size), ERROR_INVALID_USER_BUFFER (wrong
 * cbSize in either structure), ERROR_INVALID_PARAMETER,
 * ERROR_INVALID_HANDLE.
 */
WINBASEAPI BOOL WINAPI SetupDiGetDeviceInterfaceDetailA(
	HDEVINFO DeviceInfoSet, PSP_DEVICE_INTERFACE_DATA DeviceInterfaceData,
	PSP_DEVICE_INTERFACE_DETAIL_DATA_A DeviceInterfaceDetailData,
	DWORD DeviceInterfaceDetailDataSize, PDWORD RequiredSize,
	PSP_DEVINFO_DATA DeviceInfoData)
	WINUSB_W32_NAME(SetupDiGetDeviceInterfaceDetailA);
/** SetupDiGetDeviceInterfaceDetailW() - the same with a UTF-16 path. */
WINBASEAPI BOOL WINAPI SetupDiGetDeviceInterfaceDetailW(
	HDEVINFO DeviceInfoSet, PSP_DEVICE_INTERFACE_DATA DeviceInterfaceData,
	PSP_DEVICE_INTERFACE_DETAIL_DATA_W DeviceInterfaceDetailData,
	DWORD DeviceInterfaceDetailDataSize, PDWORD RequiredSize,
	PSP_DEVINFO_DATA DeviceInfoData)
	WINUSB_W32_NAME(SetupDiGetDeviceInterfaceDetailW);

/**
 * SetupDiEnumDeviceInfo() - the @MemberIndex-th device of the set.
 * Return: TRUE; FALSE with ERROR_NO_MORE_ITEMS, ERROR_INVALID_USER_BUFFER
 * (wrong cbSize), ERROR_INVALID_PARAMETER, ERROR_INVALID_HANDLE.
 */
WINBASEAPI BOOL WINAPI SetupDiEnumDeviceInfo(HDEVINFO DeviceInfoSet,
					     DWORD MemberIndex,
					     PSP_DEVINFO_DATA DeviceInfoData)
	WINUSB_W32_NAME(SetupDiEnumDeviceInfo);

/**
 * SetupDiGetDeviceRegistryPropertyA() - a property of a device.
 * @Property: SPDRP_DEVICEDESC (the interface string, else the product
 *            string, else "WinUsb Device"), SPDRP_HARDWAREID (REG_MULTI_SZ:
 *            "USB\VID_1209&PID_0001&REV_0100&MI_00", then without REV),
 *            SPDRP_COMPATIBLEIDS ("USB\Class_ff&SubClass_00&Prot_00"...),
 *            SPDRP_FRIENDLYNAME (the product string), SPDRP_MFG (the
 *            manufacturer string), SPDRP_LOCATION_INFORMATION
 *            ("Port_#0001.Hub_#0001"), SPDRP_SERVICE ("WinUSB"),
 *            SPDRP_CLASS ("USBDevice"), SPDRP_CLASSGUID, SPDRP_ENUMERATOR_NAME
 *            ("USB"), SPDRP_BUSNUMBER, SPDRP_ADDRESS (REG_DWORD),
 *            SPDRP_LOCATION_PATHS, SPDRP_PHYSICAL_DEVICE_OBJECT_NAME.
 * @PropertyRegDataType: out (optional): REG_SZ, REG_MULTI_SZ or REG_DWORD.
 * @PropertyBuffer: out (NULL to ask for the size).
 * @PropertyBufferSize: its size in bytes.
 * @RequiredSize: out (optional): the size needed in bytes.
 *
 * Return: TRUE; FALSE with ERROR_INSUFFICIENT_BUFFER, ERROR_INVALID_DATA
 * (the device has no such property, e.g. no product string),
 * ERROR_INVALID_REG_PROPERTY, ERROR_INVALID_USER_BUFFER (cbSize),
 * ERROR_INVALID_PARAMETER, ERROR_NO_SUCH_DEVINST (unplugged meanwhile),
 * ERROR_INVALID_HANDLE.
 */
WINBASEAPI BOOL WINAPI SetupDiGetDeviceRegistryPropertyA(
	HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData,
	DWORD Property, PDWORD PropertyRegDataType, PBYTE PropertyBuffer,
	DWORD PropertyBufferSize, PDWORD RequiredSize)
	WINUSB_W32_NAME(SetupDiGetDeviceRegistryPropertyA);
/** SetupDiGetDeviceRegistryPropertyW() - the same with UTF-16 strings. */
WINBASEAPI BOOL WINAPI SetupDiGetDeviceRegistryPropertyW(
	HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData,
	DWORD Property, PDWORD PropertyRegDataType, PBYTE PropertyBuffer,
	DWORD PropertyBufferSize, PDWORD RequiredSize)
	WINUSB_W32_NAME(SetupDiGetDeviceRegistryPropertyW);

/**
 * SetupDiGetDeviceInstanceIdA() - "USB\VID_1209&PID_0001&MI_00\<instance>".
 * Return: TRUE; FALSE with ERROR_INSUFFICIENT_BUFFER (*@RequiredSize in
 * characters with the NUL), ERROR_INVALID_USER_BUFFER,
 * ERROR_INVALID_PARAMETER, ERROR_INVALID_HANDLE.
 */
WINBASEAPI BOOL WINAPI SetupDiGetDeviceInstanceIdA(
	HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData,
	PSTR DeviceInstanceId, DWORD DeviceInstanceIdSize, PDWORD RequiredSize)
	WINUSB_W32_NAME(SetupDiGetDeviceInstanceIdA);
WINBASEAPI BOOL WINAPI SetupDiGetDeviceInstanceIdW(
	HDEVINFO DeviceInfoSet, PSP_DEVINFO_DATA DeviceInfoData,
	PWSTR DeviceInstanceId, DWORD DeviceInstanceIdSize,
	PDWORD RequiredSize)
	WINUSB_W32_NAME(SetupDiGetDeviceInstanceIdW);

#ifdef UNICODE
#define SetupDiGetClassDevs SetupDiGetClassDevsW
#define SetupDiGetDeviceInterfaceDetail SetupDiGetDeviceInterfaceDetailW
#define SetupDiGetDeviceRegistryProperty SetupDiGetDeviceRegistryPropertyW
#define SetupDiGetDeviceInstanceId SetupDiGetDeviceInstanceIdW
#define SP_DEVICE_INTERFACE_DETAIL_DATA SP_DEVICE_INTERFACE_DETAIL_DATA_W
#define PSP_DEVICE_INTERFACE_DETAIL_DATA PSP_DEVICE_INTERFACE_DETAIL_DATA_W
#else
#define SetupDiGetClassDevs SetupDiGetClassDevsA
#define SetupDiGetDeviceInterfaceDetail SetupDiGetDeviceInterfaceDetailA
#define SetupDiGetDeviceRegistryProperty SetupDiGetDeviceRegistryPropertyA
#define SetupDiGetDeviceInstanceId SetupDiGetDeviceInstanceIdA
#define SP_DEVICE_INTERFACE_DETAIL_DATA SP_DEVICE_INTERFACE_DETAIL_DATA_A
#define PSP_DEVICE_INTERFACE_DETAIL_DATA PSP_DEVICE_INTERFACE_DETAIL_DATA_A
#endif
#define SetupDiEnumInterfaceDevice SetupDiEnumDeviceInterfaces
#define SetupDiGetInterfaceDeviceDetail SetupDiGetDeviceInterfaceDetail

#ifdef __cplusplus
}
#endif

#endif /* WINUSB_SETUPAPI_H */
