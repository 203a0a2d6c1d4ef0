/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * winusb.h - Microsoft's WinUSB user-mode API for Linux (libwinusb).
 *
 * Everything a program written against Microsoft's winusb.h, winusbio.h,
 * usb.h, usb100.h and usb200.h uses: the WinUsb_* functions, their handle
 * types, the pipe and power policies, the pipe-information and setup-packet
 * structures, the USB descriptor structures and the USBD status codes, with
 * Microsoft's names, values and byte layouts on LP64 Linux.  The Win32
 * pieces (HANDLE, BOOL, OVERLAPPED, events, GetLastError, CreateFile) come
 * from <winusb_win32.h>, included here and by <windows.h>.
 *
 * Build with `pkg-config --cflags --libs libwinusb`; the include directory
 * also holds forwarding <windows.h>, <winusbio.h>, <usb100.h> and <usb200.h>
 * so Windows #include lines need no change.
 *
 * Every function returns TRUE on success and FALSE on failure with the
 * reason in GetLastError(), except the two parsers, which return a pointer
 * or NULL.  Linux differences are spelled out per function below and in
 * Documentation/userspace.rst.
 *
 * Linux-only additions (device lookup) are in <winusb_linux.h>, included at
 * the end of this file.
 */
#ifndef WINUSB_H
#define WINUSB_H

#include "winusb_win32.h"

/*
 * Version of this header and of the library it declares.  Additions to the
 * API say "Since version x.y" next to them; a program can test
 * LIBWINUSB_API_VERSION (0xMMmmpppp, major/minor/patch) with #if.
 */
#define LIBWINUSB_VERSION_MAJOR 0
#define LIBWINUSB_VERSION_MINOR 1
#define LIBWINUSB_VERSION_PATCH 0
#define LIBWINUSB_API_VERSION						\
	((LIBWINUSB_VERSION_MAJOR << 24) | (LIBWINUSB_VERSION_MINOR << 16) | \
	 LIBWINUSB_VERSION_PATCH)

/** WINUSBAPI marks the WinUsb_* functions exported by libwinusb. */
#ifndef WINUSBAPI
#if defined(__GNUC__)
#define WINUSBAPI __attribute__((visibility("default")))
#else
#define WINUSBAPI
#endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ======================================================================== */
/* usb100.h / usb200.h: USB 2.0 chapter 9 descriptors and requests           */
/* ======================================================================== */

/* bDescriptorType values */
#define USB_DEVICE_DESCRIPTOR_TYPE                          0x01
#define USB_CONFIGURATION_DESCRIPTOR_TYPE                   0x02
#define USB_STRING_DESCRIPTOR_TYPE                          0x03
#define USB_INTERFACE_DESCRIPTOR_TYPE                       0x04
#define USB_ENDPOINT_DESCRIPTOR_TYPE                        0x05
#define USB_DEVICE_QUALIFIER_DESCRIPTOR_TYPE                0x06
#define USB_OTHER_SPEED_CONFIGURATION_DESCRIPTOR_TYPE       0x07
#define USB_INTERFACE_POWER_DESCRIPTOR_TYPE                 0x08
#define USB_INTERFACE_ASSOCIATION_DESCRIPTOR_TYPE           0x0B
#define USB_BOS_DESCRIPTOR_TYPE                             0x0F
#define USB_DEVICE_CAPABILITY_DESCRIPTOR_TYPE               0x10
#define USB_SUPERSPEED_ENDPOINT_COMPANION_DESCRIPTOR_TYPE   0x30

/** USB_DESCRIPTOR_MAKE_TYPE_AND_INDEX() - wValue of GET_DESCRIPTOR. */
#define USB_DESCRIPTOR_MAKE_TYPE_AND_INDEX(d, i) \
	((USHORT)((USHORT)(d) << 8 | (i)))

/* bEndpointAddress and bmAttributes */
#define USB_ENDPOINT_DIRECTION_MASK     0x80
#define USB_ENDPOINT_DIRECTION_OUT(addr) (!((addr) & USB_ENDPOINT_DIRECTION_MASK))
#define USB_ENDPOINT_DIRECTION_IN(addr)  ((addr) & USB_ENDPOINT_DIRECTION_MASK)
#define USB_ENDPOINT_ADDRESS_MASK       0x0F
#define USB_ENDPOINT_TYPE_MASK          0x03
#define USB_ENDPOINT_TYPE_CONTROL       0x00
#define USB_ENDPOINT_TYPE_ISOCHRONOUS   0x01
#define USB_ENDPOINT_TYPE_BULK          0x02
#define USB_ENDPOINT_TYPE_INTERRUPT     0x03

/* Configuration bmAttributes */
#define USB_CONFIG_POWERED_MASK         0xC0
#define USB_CONFIG_BUS_POWERED          0x80
#define USB_CONFIG_SELF_POWERED         0x40
#define USB_CONFIG_REMOTE_WAKEUP        0x20

/* Standard bRequest values */
#define USB_REQUEST_GET_STATUS          0x00
#define USB_REQUEST_CLEAR_FEATURE       0x01
#define USB_REQUEST_SET_FEATURE         0x03
#define USB_REQUEST_SET_ADDRESS         0x05
#define USB_REQUEST_GET_DESCRIPTOR      0x06
#define USB_REQUEST_SET_DESCRIPTOR      0x07
#define USB_REQUEST_GET_CONFIGURATION   0x08
#define USB_REQUEST_SET_CONFIGURATION   0x09
#define USB_REQUEST_GET_INTERFACE       0x0A
#define USB_REQUEST_SET_INTERFACE       0x0B
#define USB_REQUEST_SYNC_FRAME          0x0C

/* Standard feature selectors */
#define USB_FEATURE_ENDPOINT_STALL      0x0000
#define USB_FEATURE_REMOTE_WAKEUP       0x0001

/* bmRequestType fields (BM_REQUEST_TYPE bit-fields) */
#define BMREQUEST_HOST_TO_DEVICE        0
#define BMREQUEST_DEVICE_TO_HOST        1
#define BMREQUEST_STANDARD              0
#define BMREQUEST_CLASS                 1
#define BMREQUEST_VENDOR                2
#define BMREQUEST_TO_DEVICE             0
#define BMREQUEST_TO_INTERFACE          1
#define BMREQUEST_TO_ENDPOINT           2
#define BMREQUEST_TO_OTHER              3

#pragma pack(push, 1)

/**
 * BM_REQUEST_TYPE - bmRequestType as bit-fields or as a byte (1 byte).
 * @s.Recipient: BMREQUEST_TO_*.
 * @s.Reserved:  zero.
 * @s.Type:      BMREQUEST_STANDARD/CLASS/VENDOR.
 * @s.Dir:       BMREQUEST_HOST_TO_DEVICE or BMREQUEST_DEVICE_TO_HOST.
 * @B:           the whole byte.
 */
typedef union _BM_REQUEST_TYPE {
#ifdef __cplusplus
	struct _BM {		/* named in C++ only, as Microsoft's */
#else
	struct {
#endif
		UCHAR Recipient : 2;
		UCHAR Reserved : 3;
		UCHAR Type : 2;
		UCHAR Dir : 1;
	} s;
	UCHAR B;
} BM_REQUEST_TYPE, *PBM_REQUEST_TYPE;

/**
 * USB_COMMON_DESCRIPTOR - the header every descriptor starts with (2 bytes).
 * @bLength: size of the whole descriptor in bytes.
 * @bDescriptorType: USB_*_DESCRIPTOR_TYPE.
 */
typedef struct _USB_COMMON_DESCRIPTOR {
	UCHAR bLength;
	UCHAR bDescriptorType;
} USB_COMMON_DESCRIPTOR, *PUSB_COMMON_DESCRIPTOR;

/**
 * USB_DEVICE_DESCRIPTOR - the device descriptor (18 bytes, packed).
 * Multi-byte fields are little-endian, as on the bus (x86 and arm64 Linux
 * are little-endian, so they read directly).
 * @bLength: 18.
 * @bDescriptorType: USB_DEVICE_DESCRIPTOR_TYPE.
 * @bcdUSB: USB release in BCD (0x0200 = 2.0).
 * @bDeviceClass: class code (0 = per interface).
 * @bDeviceSubClass: subclass code.
 * @bDeviceProtocol: protocol code.
 * @bMaxPacketSize0: max packet size of endpoint 0 (exponent at SuperSpeed).
 * @idVendor: vendor ID.
 * @idProduct: product ID.
 * @bcdDevice: device release in BCD.
 * @iManufacturer: string index, or 0.
 * @iProduct: string index, or 0.
 * @iSerialNumber: string index, or 0.
 * @bNumConfigurations: number of configurations.
 */
typedef struct _USB_DEVICE_DESCRIPTOR {
	UCHAR bLength;
	UCHAR bDescriptorType;
	USHORT bcdUSB;
	UCHAR bDeviceClass;
	UCHAR bDeviceSubClass;
	UCHAR bDeviceProtocol;
	UCHAR bMaxPacketSize0;
	USHORT idVendor;
	USHORT idProduct;
	USHORT bcdDevice;
	UCHAR iManufacturer;
	UCHAR iProduct;
	UCHAR iSerialNumber;
	UCHAR bNumConfigurations;
} USB_DEVICE_DESCRIPTOR, *PUSB_DEVICE_DESCRIPTOR;

/**
 * USB_CONFIGURATION_DESCRIPTOR - configuration descriptor header (9 bytes,
 * packed); wTotalLength bytes of interface, endpoint and class descriptors
 * follow it.
 * @bLength: 9.
 * @bDescriptorType: USB_CONFIGURATION_DESCRIPTOR_TYPE.
 * @wTotalLength: size of the whole configuration, this header included.
 * @bNumInterfaces: number of interfaces.
 * @bConfigurationValue: value for SET_CONFIGURATION.
 * @iConfiguration: string index, or 0.
 * @bmAttributes: USB_CONFIG_* bits.
 * @MaxPower: maximum power in 2 mA units (8 mA at SuperSpeed).
 */
typedef struct _USB_CONFIGURATION_DESCRIPTOR {
	UCHAR bLength;
	UCHAR bDescriptorType;
	USHORT wTotalLength;
	UCHAR bNumInterfaces;
	UCHAR bConfigurationValue;
	UCHAR iConfiguration;
	UCHAR bmAttributes;
	UCHAR MaxPower;
} USB_CONFIGURATION_DESCRIPTOR, *PUSB_CONFIGURATION_DESCRIPTOR;

/**
 * USB_INTERFACE_ASSOCIATION_DESCRIPTOR - groups interfaces into a function
 * (8 bytes, packed).
 * @bLength: 8.
 * @bDescriptorType: USB_INTERFACE_ASSOCIATION_DESCRIPTOR_TYPE.
 * @bFirstInterface: first interface number of the function.
 * @bInterfaceCount: number of contiguous interfaces.
 * @bFunctionClass: class code.
 * @bFunctionSubClass: subclass code.
 * @bFunctionProtocol: protocol code.
 * @iFunction: string index, or 0.
 */
typedef struct _USB_INTERFACE_ASSOCIATION_DESCRIPTOR {
	UCHAR bLength;
	UCHAR bDescriptorType;
	UCHAR bFirstInterface;
	UCHAR bInterfaceCount;
	UCHAR bFunctionClass;
	UCHAR bFunctionSubClass;
	UCHAR bFunctionProtocol;
	UCHAR iFunction;
} USB_INTERFACE_ASSOCIATION_DESCRIPTOR, *PUSB_INTERFACE_ASSOCIATION_DESCRIPTOR;

/**
 * USB_INTERFACE_DESCRIPTOR - one alternate setting of an interface (9
 * bytes, packed).
 * @bLength: 9.
 * @bDescriptorType: USB_INTERFACE_DESCRIPTOR_TYPE.
 * @bInterfaceNumber: interface number.
 * @bAlternateSetting: alternate setting number.
 * @bNumEndpoints: endpoints in this setting, endpoint 0 excluded.
 * @bInterfaceClass: class code.
 * @bInterfaceSubClass: subclass code.
 * @bInterfaceProtocol: protocol code.
 * @iInterface: string index, or 0.
 */
typedef struct _USB_INTERFACE_DESCRIPTOR {
	UCHAR bLength;
	UCHAR bDescriptorType;
	UCHAR bInterfaceNumber;
	UCHAR bAlternateSetting;
	UCHAR bNumEndpoints;
	UCHAR bInterfaceClass;
	UCHAR bInterfaceSubClass;
	UCHAR bInterfaceProtocol;
	UCHAR iInterface;
} USB_INTERFACE_DESCRIPTOR, *PUSB_INTERFACE_DESCRIPTOR;

/**
 * USB_ENDPOINT_DESCRIPTOR - an endpoint (7 bytes, packed).
 * @bLength: 7 (9 for audio-class endpoints, which add two bytes).
 * @bDescriptorType: USB_ENDPOINT_DESCRIPTOR_TYPE.
 * @bEndpointAddress: number in bits 3..0, direction in bit 7 (1 = IN).
 * @bmAttributes: transfer type in bits 1..0 (USB_ENDPOINT_TYPE_*).
 * @wMaxPacketSize: max packet size in bits 10..0, extra transactions per
 *                  microframe in bits 12..11 (high-speed periodic).
 * @bInterval: polling interval (encoding depends on speed and type).
 */
typedef struct _USB_ENDPOINT_DESCRIPTOR {
	UCHAR bLength;
	UCHAR bDescriptorType;
	UCHAR bEndpointAddress;
	UCHAR bmAttributes;
	USHORT wMaxPacketSize;
	UCHAR bInterval;
} USB_ENDPOINT_DESCRIPTOR, *PUSB_ENDPOINT_DESCRIPTOR;

/**
 * USB_STRING_DESCRIPTOR - a string descriptor (4 bytes declared, packed;
 * bLength bytes in reality).
 * @bLength: 2 + 2 x number of characters.
 * @bDescriptorType: USB_STRING_DESCRIPTOR_TYPE.
 * @bString: UTF-16LE characters, not NUL-terminated (index 0: language IDs).
 */
typedef struct _USB_STRING_DESCRIPTOR {
	UCHAR bLength;
	UCHAR bDescriptorType;
	WCHAR bString[1];
} USB_STRING_DESCRIPTOR, *PUSB_STRING_DESCRIPTOR;

/**
 * USB_DEVICE_QUALIFIER_DESCRIPTOR - the device at its other speed (10
 * bytes, packed).
 * @bLength: 10.
 * @bDescriptorType: USB_DEVICE_QUALIFIER_DESCRIPTOR_TYPE.
 * @bcdUSB: USB release in BCD.
 * @bDeviceClass: class code.
 * @bDeviceSubClass: subclass code.
 * @bDeviceProtocol: protocol code.
 * @bMaxPacketSize0: max packet size of endpoint 0.
 * @bNumConfigurations: number of other-speed configurations.
 * @bReserved: zero.
 */
typedef struct _USB_DEVICE_QUALIFIER_DESCRIPTOR {
	UCHAR bLength;
	UCHAR bDescriptorType;
	USHORT bcdUSB;
	UCHAR bDeviceClass;
	UCHAR bDeviceSubClass;
	UCHAR bDeviceProtocol;
	UCHAR bMaxPacketSize0;
	UCHAR bNumConfigurations;
	UCHAR bReserved;
} USB_DEVICE_QUALIFIER_DESCRIPTOR, *PUSB_DEVICE_QUALIFIER_DESCRIPTOR;

/**
 * USB_SUPERSPEED_ENDPOINT_COMPANION_DESCRIPTOR - follows each SuperSpeed
 * endpoint descriptor (6 bytes, packed).
 * @bLength: 6.
 * @bDescriptorType: USB_SUPERSPEED_ENDPOINT_COMPANION_DESCRIPTOR_TYPE.
 * @bMaxBurst: packets per burst minus one (0..15).
 * @bmAttributes: as a byte (AsUchar), or per endpoint type: bulk MaxStreams
 *                (log2 of the stream count), isochronous Mult (packets per
 *                burst multiplier minus one) and SspCompanion.
 * @wBytesPerInterval: bytes per service interval (periodic endpoints).
 */
typedef struct _USB_SUPERSPEED_ENDPOINT_COMPANION_DESCRIPTOR {
	UCHAR bLength;
	UCHAR bDescriptorType;
	UCHAR bMaxBurst;
	union {
		UCHAR AsUchar;
		struct {
			UCHAR MaxStreams : 5;
			UCHAR Reserved1 : 3;
		} Bulk;
		struct {
			UCHAR Mult : 2;
			UCHAR Reserved2 : 5;
			UCHAR SspCompanion : 1;
		} Isochronous;
	} bmAttributes;
	USHORT wBytesPerInterval;
} USB_SUPERSPEED_ENDPOINT_COMPANION_DESCRIPTOR,
	*PUSB_SUPERSPEED_ENDPOINT_COMPANION_DESCRIPTOR;

#pragma pack(pop)

/* ======================================================================== */
/* usb.h: pipe types and USBD status codes                                  */
/* ======================================================================== */

/**
 * enum _USBD_PIPE_TYPE - a pipe's transfer type (bmAttributes & 3).
 * @UsbdPipeTypeControl: control pipe (never reported by QueryPipe).
 * @UsbdPipeTypeIsochronous: isochronous.
 * @UsbdPipeTypeBulk: bulk.
 * @UsbdPipeTypeInterrupt: interrupt.
 */
typedef enum _USBD_PIPE_TYPE {
	UsbdPipeTypeControl,
	UsbdPipeTypeIsochronous,
	UsbdPipeTypeBulk,
	UsbdPipeTypeInterrupt
} USBD_PIPE_TYPE;

/**
 * USBD_STATUS - a per-packet USB status: >= 0 success, < 0 error.
 * Bits 31..30 are the state (00 success, 01 pending, 1x error).
 */
typedef LONG USBD_STATUS;

#define USBD_SUCCESS(Status) ((USBD_STATUS)(Status) >= 0)
#define USBD_PENDING(Status) ((ULONG)(Status) >> 30 == 1)
#define USBD_ERROR(Status)   ((USBD_STATUS)(Status) < 0)

#define USBD_STATUS_SUCCESS                  ((USBD_STATUS)0x00000000L)
#define USBD_STATUS_PENDING                  ((USBD_STATUS)0x40000000L)
#define USBD_STATUS_CRC                      ((USBD_STATUS)0xC0000001L)
#define USBD_STATUS_BTSTUFF                  ((USBD_STATUS)0xC0000002L)
#define USBD_STATUS_DATA_TOGGLE_MISMATCH     ((USBD_STATUS)0xC0000003L)
#define USBD_STATUS_STALL_PID                ((USBD_STATUS)0xC0000004L)
#define USBD_STATUS_DEV_NOT_RESPONDING       ((USBD_STATUS)0xC0000005L)
#define USBD_STATUS_PID_CHECK_FAILURE        ((USBD_STATUS)0xC0000006L)
#define USBD_STATUS_UNEXPECTED_PID           ((USBD_STATUS)0xC0000007L)
#define USBD_STATUS_DATA_OVERRUN             ((USBD_STATUS)0xC0000008L)
#define USBD_STATUS_DATA_UNDERRUN            ((USBD_STATUS)0xC0000009L)
#define USBD_STATUS_BUFFER_OVERRUN           ((USBD_STATUS)0xC000000CL)
#define USBD_STATUS_BUFFER_UNDERRUN          ((USBD_STATUS)0xC000000DL)
#define USBD_STATUS_NOT_ACCESSED             ((USBD_STATUS)0xC000000FL)
#define USBD_STATUS_FIFO                     ((USBD_STATUS)0xC0000010L)
#define USBD_STATUS_XACT_ERROR               ((USBD_STATUS)0xC0000011L)
#define USBD_STATUS_BABBLE_DETECTED          ((USBD_STATUS)0xC0000012L)
#define USBD_STATUS_DATA_BUFFER_ERROR        ((USBD_STATUS)0xC0000013L)
#define USBD_STATUS_ENDPOINT_HALTED          ((USBD_STATUS)0xC0000030L)
#define USBD_STATUS_INVALID_PARAMETER        ((USBD_STATUS)0x80000300L)
#define USBD_STATUS_NO_BANDWIDTH             ((USBD_STATUS)0x80000700L)
#define USBD_STATUS_BAD_START_FRAME          ((USBD_STATUS)0xC0000A00L)
#define USBD_STATUS_ISOCH_REQUEST_FAILED     ((USBD_STATUS)0xC0000B00L)
#define USBD_STATUS_NOT_SUPPORTED            ((USBD_STATUS)0xC0000E00L)
#define USBD_STATUS_INSUFFICIENT_RESOURCES   ((USBD_STATUS)0xC0001000L)
#define USBD_STATUS_TIMEOUT                  ((USBD_STATUS)0xC0006000L)
#define USBD_STATUS_DEVICE_GONE              ((USBD_STATUS)0xC0007000L)
#define USBD_STATUS_CANCELED                 ((USBD_STATUS)0xC0010000L)
#define USBD_STATUS_ISO_NOT_ACCESSED_BY_HW   ((USBD_STATUS)0xC0020000L)
#define USBD_STATUS_ISO_TD_ERROR             ((USBD_STATUS)0xC0030000L)
#define USBD_STATUS_ISO_NA_LATE_USBPORT      ((USBD_STATUS)0xC0040000L)
#define USBD_STATUS_ISO_NOT_ACCESSED_LATE    ((USBD_STATUS)0xC0050000L)

/** Frames ahead of the current one an isochronous start may be. */
#define USBD_ISO_START_FRAME_RANGE 1024
/** Transfer flag: start the isochronous transfer as soon as possible. */
#define USBD_START_ISO_TRANSFER_ASAP 0x00000004

/**
 * USBD_ISO_PACKET_DESCRIPTOR - one isochronous packet of a read (12 bytes,
 * natural alignment).
 * @Offset: set by the library: the packet's byte offset within the transfer.
 * @Length: set on completion: bytes received in this packet (unused for
 *          writes).
 * @Status: set on completion: the packet's USBD_STATUS.
 */
typedef struct _USBD_ISO_PACKET_DESCRIPTOR {
	ULONG Offset;
	ULONG Length;
	USBD_STATUS Status;
} USBD_ISO_PACKET_DESCRIPTOR, *PUSBD_ISO_PACKET_DESCRIPTOR;

/* ======================================================================== */
/* winusbio.h: policies, pipe information, setup packet                      */
/* ======================================================================== */

/* WinUsb_QueryDeviceInformation() InformationType and its values. */
#define DEVICE_SPEED ((ULONG)0x00000001)
#define LowSpeed     0x01
#define FullSpeed    0x02	/* never returned: see QueryDeviceInformation */
#define HighSpeed    0x03

/*
 * Pipe policies (WinUsb_SetPipePolicy / WinUsb_GetPipePolicy).  Value type
 * and default in brackets; the winusb driver applies them, see
 * Documentation/userspace-transfers.rst for what each one does on Linux.
 */
/** [UCHAR, FALSE] OUT: send a zero-length packet after a write that is a
 *  multiple of the max packet size. */
#define SHORT_PACKET_TERMINATE  0x01
/** [UCHAR, FALSE] IN: clear a stall automatically on a failed read. */
#define AUTO_CLEAR_STALL        0x02
/** [ULONG ms, 0 = none; 5000 for control] time-out per transfer. */
#define PIPE_TRANSFER_TIMEOUT   0x03
/** [UCHAR, FALSE] IN: complete reads only when full, not on short packets. */
#define IGNORE_SHORT_PACKETS    0x04
/** [UCHAR, TRUE] IN: allow reads shorter than what the device sends. */
#define ALLOW_PARTIAL_READS     0x05
/** [UCHAR, FALSE] IN: drop (TRUE) or keep (FALSE) the excess of a read. */
#define AUTO_FLUSH              0x06
/** [UCHAR, FALSE] IN: raw I/O, no queueing or splitting by the driver. */
#define RAW_IO                  0x07
/** [ULONG, read-only] the largest transfer the driver accepts. */
#define MAXIMUM_TRANSFER_SIZE   0x08
/** [UCHAR, FALSE] reset the pipe when the device resumes. */
#define RESET_PIPE_ON_RESUME    0x09

/* Power policies (0x80 keeps them apart from pipe policies). */
/** [UCHAR, TRUE] suspend the device when idle (runtime PM autosuspend). */
#define AUTO_SUSPEND            0x81
/** [ULONG ms, 5000] idle time before suspend (autosuspend delay). */
#define SUSPEND_DELAY           0x83

/**
 * WINUSB_PIPE_INFORMATION - an endpoint as WinUsb_QueryPipe() reports it
 * (12 bytes, natural alignment: PipeType @0, PipeId @4,
 * MaximumPacketSize @6, Interval @8).
 * @PipeType: UsbdPipeType* (never Control).
 * @PipeId: bEndpointAddress: the value to pass as PipeID.
 * @MaximumPacketSize: wMaxPacketSize bits 10..0.
 * @Interval: bInterval as in the descriptor.
 */
typedef struct _WINUSB_PIPE_INFORMATION {
	USBD_PIPE_TYPE PipeType;
	UCHAR PipeId;
	USHORT MaximumPacketSize;
	UCHAR Interval;
} WINUSB_PIPE_INFORMATION, *PWINUSB_PIPE_INFORMATION;

/**
 * WINUSB_PIPE_INFORMATION_EX - WINUSB_PIPE_INFORMATION plus the periodic
 * bandwidth (16 bytes, natural alignment; MaximumBytesPerInterval @12).
 * @PipeType: UsbdPipeType* (never Control).
 * @PipeId: bEndpointAddress.
 * @MaximumPacketSize: wMaxPacketSize bits 10..0.
 * @Interval: bInterval as in the descriptor.
 * @MaximumBytesPerInterval: bytes per service interval: the SuperSpeed
 *     companion's wBytesPerInterval, or MaximumPacketSize x (1 + bits 12..11
 *     of wMaxPacketSize) on high speed; may exceed MaximumPacketSize.
 */
typedef struct _WINUSB_PIPE_INFORMATION_EX {
	USBD_PIPE_TYPE PipeType;
	UCHAR PipeId;
	USHORT MaximumPacketSize;
	UCHAR Interval;
	ULONG MaximumBytesPerInterval;
} WINUSB_PIPE_INFORMATION_EX, *PWINUSB_PIPE_INFORMATION_EX;

#pragma pack(push, 1)
/**
 * WINUSB_SETUP_PACKET - a control request's setup stage (8 bytes, packed).
 * @RequestType: bmRequestType (direction, type, recipient).
 * @Request: bRequest.
 * @Value: wValue.
 * @Index: wIndex.  For an interface recipient the driver replaces the low
 *         byte with the handle's interface number, as WinUSB does.
 * @Length: wLength: bytes in the data stage.
 */
typedef struct _WINUSB_SETUP_PACKET {
	UCHAR RequestType;
	UCHAR Request;
	USHORT Value;
	USHORT Index;
	USHORT Length;
} WINUSB_SETUP_PACKET, *PWINUSB_SETUP_PACKET;
#pragma pack(pop)

/** WinUSB_TestGuid - the interface GUID Microsoft's samples use. */
WINUSB_HEADER_GUID(WinUSB_TestGuid, 0xda812bff, 0x12c3, 0x46a2,
		   0x8e, 0x2b, 0xdb, 0xd3, 0xb7, 0x83, 0x4c, 0x43);

/* ======================================================================== */
/* winusb.h: handles, time-sync structures, functions                       */
/* ======================================================================== */

/** An interface handle: from WinUsb_Initialize() or
 *  WinUsb_GetAssociatedInterface(); released with WinUsb_Free(). */
typedef PVOID WINUSB_INTERFACE_HANDLE, *PWINUSB_INTERFACE_HANDLE;
/** A registered isochronous buffer: from WinUsb_RegisterIsochBuffer(). */
typedef PVOID WINUSB_ISOCH_BUFFER_HANDLE, *PWINUSB_ISOCH_BUFFER_HANDLE;

#pragma pack(push, 1)
/**
 * USB_START_TRACKING_FOR_TIME_SYNC_INFORMATION - WinUsb_StartTrackingForTimeSync()
 * argument (9 bytes, packed).
 * @TimeTrackingHandle: in: INVALID_HANDLE_VALUE; out: the tracking handle.
 * @IsStartupDelayTolerable: in: TRUE if up to 2.048 s of start-up latency
 *                           is acceptable.
 */
typedef struct _USB_START_TRACKING_FOR_TIME_SYNC_INFORMATION {
	HANDLE TimeTrackingHandle;
	BOOLEAN IsStartupDelayTolerable;
} USB_START_TRACKING_FOR_TIME_SYNC_INFORMATION,
	*PUSB_START_TRACKING_FOR_TIME_SYNC_INFORMATION;

/**
 * USB_STOP_TRACKING_FOR_TIME_SYNC_INFORMATION - WinUsb_StopTrackingForTimeSync()
 * argument (8 bytes, packed).
 * @TimeTrackingHandle: the handle from WinUsb_StartTrackingForTimeSync().
 */
typedef struct _USB_STOP_TRACKING_FOR_TIME_SYNC_INFORMATION {
	HANDLE TimeTrackingHandle;
} USB_STOP_TRACKING_FOR_TIME_SYNC_INFORMATION,
	*PUSB_STOP_TRACKING_FOR_TIME_SYNC_INFORMATION;

/**
 * USB_FRAME_NUMBER_AND_QPC_FOR_TIME_SYNC_INFORMATION - frame/QPC
 * correlation (60 bytes, packed).
 * @TimeTrackingHandle: in: the tracking handle.
 * @InputFrameNumber: in: a frame to convert, or 0.
 * @InputMicroFrameNumber: in: a microframe (0..7) within it.
 * @QueryPerformanceCounterAtInputFrameOrMicroFrame: out: QPC at that point.
 * @QueryPerformanceCounterFrequency: out: QPC frequency (10 MHz).
 * @PredictedAccuracyInMicroSeconds: out: accuracy of the correlation.
 * @CurrentGenerationID: out: changes when the frame counter is re-based.
 * @CurrentQueryPerformanceCounter: out: QPC now.
 * @CurrentHardwareFrameNumber: out: the controller's frame counter now.
 * @CurrentHardwareMicroFrameNumber: out: its microframe.
 * @CurrentUSBFrameNumber: out: the 32-bit frame number now.
 */
typedef struct _USB_FRAME_NUMBER_AND_QPC_FOR_TIME_SYNC_INFORMATION {
	HANDLE TimeTrackingHandle;
	ULONG InputFrameNumber;
	ULONG InputMicroFrameNumber;
	LARGE_INTEGER QueryPerformanceCounterAtInputFrameOrMicroFrame;
	LARGE_INTEGER QueryPerformanceCounterFrequency;
	ULONG PredictedAccuracyInMicroSeconds;
	ULONG CurrentGenerationID;
	LARGE_INTEGER CurrentQueryPerformanceCounter;
	ULONG CurrentHardwareFrameNumber;
	ULONG CurrentHardwareMicroFrameNumber;
	ULONG CurrentUSBFrameNumber;
} USB_FRAME_NUMBER_AND_QPC_FOR_TIME_SYNC_INFORMATION,
	*PUSB_FRAME_NUMBER_AND_QPC_FOR_TIME_SYNC_INFORMATION;
#pragma pack(pop)

/* ---- Interface handles ------------------------------------------------- */

/**
 * WinUsb_Initialize() - get the interface handle of an opened device.
 * @DeviceHandle: from CreateFile() with FILE_FLAG_OVERLAPPED.
 * @InterfaceHandle: out: the handle of the device node's interface.
 *
 * Reads and caches the device and active configuration descriptors and
 * resets the pipe policies to their defaults.  On Linux every bound
 * interface is its own device node (/dev/winusb/<busid>:<config>.<ifnum>),
 * so "interface 0" of the handle is the node's interface; further
 * interfaces come from WinUsb_GetAssociatedInterface().
 *
 * Errors: ERROR_INVALID_HANDLE (NULL, INVALID_HANDLE_VALUE, not a device
 * handle, or not opened with FILE_FLAG_OVERLAPPED), ERROR_INVALID_PARAMETER
 * (@InterfaceHandle NULL), ERROR_NOT_ENOUGH_MEMORY, ERROR_BAD_DEVICE (no
 * interface descriptor), ERROR_BAD_COMMAND (unplugged), ERROR_NOT_SUPPORTED
 * (the driver's ABI is too old).
 */
WINUSBAPI BOOL WINAPI WinUsb_Initialize(HANDLE DeviceHandle,
					PWINUSB_INTERFACE_HANDLE InterfaceHandle);

/**
 * WinUsb_Free() - release an interface handle.
 * @InterfaceHandle: from WinUsb_Initialize() or
 *                   WinUsb_GetAssociatedInterface().
 *
 * Requests still pending on the handle are cancelled and waited for.
 * Freeing the Initialize handle does not free its associated handles.
 *
 * Return: TRUE; FALSE with ERROR_INVALID_HANDLE for a handle that is not an
 * interface handle (Windows returns TRUE; libwinusb reports the bug).
 */
WINUSBAPI BOOL WINAPI WinUsb_Free(WINUSB_INTERFACE_HANDLE InterfaceHandle);

/**
 * WinUsb_GetAssociatedInterface() - get the handle of another interface of
 * the same function.
 * @InterfaceHandle: the handle from WinUsb_Initialize().
 * @AssociatedInterfaceIndex: 0 = the interface after this one in the
 *     configuration (or in its interface association), 1 = the next, ...
 * @AssociatedInterfaceHandle: out: the new handle; free with WinUsb_Free().
 *
 * Linux: the other interface must also be bound to the winusb driver; its
 * device node is opened by the library.
 *
 * Errors: ERROR_INVALID_HANDLE, ERROR_INVALID_PARAMETER (index 0xFF, NULL
 * output), ERROR_NO_MORE_ITEMS (no such interface), ERROR_ALREADY_EXISTS
 * (a handle for it is already open), ERROR_NOT_ENOUGH_MEMORY, and
 * CreateFile()'s errors when the sibling node cannot be opened
 * (ERROR_FILE_NOT_FOUND: not bound to winusb; ERROR_ACCESS_DENIED).
 */
WINUSBAPI BOOL WINAPI
WinUsb_GetAssociatedInterface(WINUSB_INTERFACE_HANDLE InterfaceHandle,
			      UCHAR AssociatedInterfaceIndex,
			      PWINUSB_INTERFACE_HANDLE AssociatedInterfaceHandle);

/* ---- Descriptors and device information -------------------------------- */

/**
 * WinUsb_GetDescriptor() - read a descriptor.
 * @InterfaceHandle: an interface handle.
 * @DescriptorType: USB_DEVICE_DESCRIPTOR_TYPE, USB_CONFIGURATION_DESCRIPTOR_TYPE,
 *                  USB_STRING_DESCRIPTOR_TYPE, or any other type (read from
 *                  the device with a standard GET_DESCRIPTOR request).
 * @Index: descriptor index (configuration index, string index).
 * @LanguageID: language for strings (0x0409 = US English), else 0.
 * @Buffer: out: the descriptor.
 * @BufferLength: size of @Buffer.
 * @LengthTransferred: out: bytes copied.
 *
 * The device and configuration descriptors come from the cache, strings from
 * the device.  A buffer shorter than the descriptor receives its first
 * @BufferLength bytes (enough to read wTotalLength and ask again).
 *
 * Errors: ERROR_INVALID_HANDLE, ERROR_INVALID_PARAMETER (NULL pointers),
 * ERROR_GEN_FAILURE (the device stalled: no such descriptor),
 * ERROR_SEM_TIMEOUT, ERROR_BAD_COMMAND (unplugged).
 */
WINUSBAPI BOOL WINAPI WinUsb_GetDescriptor(WINUSB_INTERFACE_HANDLE InterfaceHandle,
					   UCHAR DescriptorType, UCHAR Index,
					   USHORT LanguageID, PUCHAR Buffer,
					   ULONG BufferLength,
					   PULONG LengthTransferred);

/**
 * WinUsb_QueryInterfaceSettings() - the interface descriptor of one
 * alternate setting of this handle's interface.
 * @InterfaceHandle: an interface handle.
 * @AlternateInterfaceNumber: the n-th alternate setting (0, 1, ...), in
 *                            descriptor order.
 * @UsbAltInterfaceDescriptor: out: its interface descriptor.
 *
 * Errors: ERROR_INVALID_HANDLE, ERROR_INVALID_PARAMETER (NULL output),
 * ERROR_NO_MORE_ITEMS (no such alternate setting).
 */
WINUSBAPI BOOL WINAPI
WinUsb_QueryInterfaceSettings(WINUSB_INTERFACE_HANDLE InterfaceHandle,
			      UCHAR AlternateInterfaceNumber,
			      PUSB_INTERFACE_DESCRIPTOR UsbAltInterfaceDescriptor);

/**
 * WinUsb_QueryDeviceInformation() - device information.
 * @InterfaceHandle: an interface handle.
 * @InformationType: DEVICE_SPEED (the only type).
 * @BufferLength: in: size of @Buffer (at least 1); out: bytes written.
 * @Buffer: out: one UCHAR: HighSpeed (3) for high speed and faster,
 *          LowSpeed (1) for full and low speed, as Windows reports.
 *
 * Errors: ERROR_INVALID_HANDLE, ERROR_INVALID_PARAMETER (unknown type, NULL
 * pointers), ERROR_INSUFFICIENT_BUFFER (*@BufferLength is 0).
 */
WINUSBAPI BOOL WINAPI
WinUsb_QueryDeviceInformation(WINUSB_INTERFACE_HANDLE InterfaceHandle,
			      ULONG InformationType, PULONG BufferLength,
			      PVOID Buffer);

/**
 * WinUsb_SetCurrentAlternateSetting() - select an alternate setting.
 * @InterfaceHandle: an interface handle.
 * @SettingNumber: bAlternateSetting to select.
 *
 * Errors: ERROR_INVALID_HANDLE, ERROR_INVALID_PARAMETER (no such setting),
 * ERROR_BUSY (requests are pending on the interface; Windows fails too but
 * does not document the code), ERROR_GEN_FAILURE (device refused),
 * ERROR_BAD_COMMAND (unplugged).
 */
WINUSBAPI BOOL WINAPI
WinUsb_SetCurrentAlternateSetting(WINUSB_INTERFACE_HANDLE InterfaceHandle,
				  UCHAR SettingNumber);

/**
 * WinUsb_GetCurrentAlternateSetting() - the selected alternate setting.
 * @InterfaceHandle: an interface handle.
 * @SettingNumber: out: bAlternateSetting.
 *
 * Errors: ERROR_INVALID_HANDLE, ERROR_INVALID_PARAMETER (NULL output).
 */
WINUSBAPI BOOL WINAPI
WinUsb_GetCurrentAlternateSetting(WINUSB_INTERFACE_HANDLE InterfaceHandle,
				  PUCHAR SettingNumber);

/* ---- Pipes -------------------------------------------------------------- */

/**
 * WinUsb_QueryPipe() - describe an endpoint of an alternate setting.
 * @InterfaceHandle: an interface handle.
 * @AlternateInterfaceNumber: bAlternateSetting of the setting to look in.
 * @PipeIndex: 0 .. bNumEndpoints-1 (endpoint 0 is never listed).
 * @PipeInformation: out: the pipe.
 *
 * Errors: ERROR_INVALID_HANDLE, ERROR_INVALID_PARAMETER (NULL output, no
 * such alternate setting), ERROR_NO_MORE_ITEMS (index too big).
 */
WINUSBAPI BOOL WINAPI WinUsb_QueryPipe(WINUSB_INTERFACE_HANDLE InterfaceHandle,
				       UCHAR AlternateInterfaceNumber,
				       UCHAR PipeIndex,
				       PWINUSB_PIPE_INFORMATION PipeInformation);

/**
 * WinUsb_QueryPipeEx() - WinUsb_QueryPipe() with MaximumBytesPerInterval.
 * @InterfaceHandle: an interface handle.
 * @AlternateSettingNumber: bAlternateSetting of the setting to look in.
 * @PipeIndex: 0 .. bNumEndpoints-1.
 * @PipeInformationEx: out: the pipe.
 *
 * Errors: as WinUsb_QueryPipe().
 */
WINUSBAPI BOOL WINAPI
WinUsb_QueryPipeEx(WINUSB_INTERFACE_HANDLE InterfaceHandle,
		   UCHAR AlternateSettingNumber, UCHAR PipeIndex,
		   PWINUSB_PIPE_INFORMATION_EX PipeInformationEx);

/**
 * WinUsb_SetPipePolicy() - set a pipe policy.
 * @InterfaceHandle: an interface handle.
 * @PipeID: bEndpointAddress of a pipe of the current alternate setting
 *          (0x00 for the control pipe: PIPE_TRANSFER_TIMEOUT only).
 * @PolicyType: SHORT_PACKET_TERMINATE .. RESET_PIPE_ON_RESUME.
 * @ValueLength: sizeof(UCHAR) or sizeof(ULONG), as listed with the policy.
 * @Value: the value.
 *
 * Policies that do not apply to the pipe's direction or type are accepted
 * and have no effect, as on Windows.
 *
 * Errors: ERROR_INVALID_HANDLE, ERROR_INVALID_PARAMETER (wrong ValueLength,
 * NULL value, no such pipe, MAXIMUM_TRANSFER_SIZE is read-only),
 * ERROR_NOT_SUPPORTED (unknown policy), ERROR_NOT_ENOUGH_MEMORY.
 */
WINUSBAPI BOOL WINAPI WinUsb_SetPipePolicy(WINUSB_INTERFACE_HANDLE InterfaceHandle,
					   UCHAR PipeID, ULONG PolicyType,
					   ULONG ValueLength, PVOID Value);

/**
 * WinUsb_GetPipePolicy() - read a pipe policy.
 * @InterfaceHandle: an interface handle.
 * @PipeID: bEndpointAddress (0x00: the control pipe).
 * @PolicyType: the policy.
 * @ValueLength: in: size of @Value; out: bytes written.
 * @Value: out: the value.
 *
 * Errors: ERROR_INVALID_HANDLE, ERROR_INVALID_PARAMETER (NULL pointers, no
 * such pipe), ERROR_INSUFFICIENT_BUFFER (*@ValueLength too small; it is
 * set to the size needed), ERROR_NOT_SUPPORTED (unknown policy).
 */
WINUSBAPI BOOL WINAPI WinUsb_GetPipePolicy(WINUSB_INTERFACE_HANDLE InterfaceHandle,
					   UCHAR PipeID, ULONG PolicyType,
					   PULONG ValueLength, PVOID Value);

/**
 * WinUsb_ReadPipe() - read from a bulk or interrupt IN pipe.
 * @InterfaceHandle: an interface handle.
 * @PipeID: bEndpointAddress of an IN pipe of the current setting.
 * @Buffer: out: the data; must stay valid until completion.
 * @BufferLength: bytes to read (any size; the driver splits).
 * @LengthTransferred: out: bytes read (synchronous calls); may be NULL.
 * @Overlapped: NULL for a synchronous call; otherwise a zeroed OVERLAPPED
 *              whose hEvent is signalled on completion.
 *
 * Overlapped: returns FALSE with ERROR_IO_PENDING at once; finish with
 * WinUsb_GetOverlappedResult().  Synchronous: waits with no time-out other
 * than PIPE_TRANSFER_TIMEOUT.
 *
 * Errors (returned, or from WinUsb_GetOverlappedResult()): ERROR_IO_PENDING,
 * ERROR_INVALID_HANDLE, ERROR_INVALID_PARAMETER (not an IN pipe of this
 * setting, NULL buffer, RAW_IO size rules), ERROR_NOT_ENOUGH_MEMORY,
 * ERROR_SEM_TIMEOUT, ERROR_GEN_FAILURE (stall, babble, or more data than
 * asked with ALLOW_PARTIAL_READS off), ERROR_OPERATION_ABORTED
 * (AbortPipe, CancelIo), ERROR_DEVICE_NOT_CONNECTED (unplugged while
 * pending), ERROR_BAD_COMMAND (submitted after unplug).
 */
WINUSBAPI BOOL WINAPI WinUsb_ReadPipe(WINUSB_INTERFACE_HANDLE InterfaceHandle,
				      UCHAR PipeID, PUCHAR Buffer,
				      ULONG BufferLength,
				      PULONG LengthTransferred,
				      LPOVERLAPPED Overlapped);

/**
 * WinUsb_WritePipe() - write to a bulk or interrupt OUT pipe.
 * @InterfaceHandle: an interface handle.
 * @PipeID: bEndpointAddress of an OUT pipe of the current setting.
 * @Buffer: the data; must stay valid until completion.
 * @BufferLength: bytes to write; 0 sends a zero-length packet.
 * @LengthTransferred: out: bytes written (synchronous calls); may be NULL.
 * @Overlapped: as for WinUsb_ReadPipe().
 *
 * Errors: as WinUsb_ReadPipe().
 */
WINUSBAPI BOOL WINAPI WinUsb_WritePipe(WINUSB_INTERFACE_HANDLE InterfaceHandle,
				       UCHAR PipeID, PUCHAR Buffer,
				       ULONG BufferLength,
				       PULONG LengthTransferred,
				       LPOVERLAPPED Overlapped);

/**
 * WinUsb_ControlTransfer() - a control transfer on endpoint 0.
 * @InterfaceHandle: an interface handle (the recipient rules use its
 *                   interface number).
 * @SetupPacket: the setup packet, by value.  Index low byte is replaced by
 *               the interface number for an interface recipient.
 * @Buffer: the data stage (SetupPacket.Length bytes), or NULL if none.
 * @BufferLength: size of @Buffer: at least SetupPacket.Length, at most
 *                4096.
 * @LengthTransferred: out: bytes of the data stage (may be NULL).
 * @Overlapped: as for WinUsb_ReadPipe().
 *
 * Default time-out 5 s (PIPE_TRANSFER_TIMEOUT on PipeID 0).
 *
 * Errors: as WinUsb_ReadPipe(); ERROR_INVALID_PARAMETER also for a buffer
 * over 4 KiB, shorter than SetupPacket.Length, or an endpoint recipient
 * that is not an endpoint of this interface.
 */
WINUSBAPI BOOL WINAPI WinUsb_ControlTransfer(WINUSB_INTERFACE_HANDLE InterfaceHandle,
					     WINUSB_SETUP_PACKET SetupPacket,
					     PUCHAR Buffer, ULONG BufferLength,
					     PULONG LengthTransferred,
					     LPOVERLAPPED Overlapped);

/**
 * WinUsb_ResetPipe() - clear a stall and reset the data toggle.
 * @InterfaceHandle: an interface handle.
 * @PipeID: bEndpointAddress.
 *
 * Errors: ERROR_INVALID_HANDLE, ERROR_INVALID_PARAMETER (no such pipe),
 * ERROR_GEN_FAILURE, ERROR_BAD_COMMAND (unplugged).
 */
WINUSBAPI BOOL WINAPI WinUsb_ResetPipe(WINUSB_INTERFACE_HANDLE InterfaceHandle,
				       UCHAR PipeID);

/**
 * WinUsb_AbortPipe() - cancel every pending request on a pipe and wait for
 * them; they complete with ERROR_OPERATION_ABORTED.
 * @InterfaceHandle: an interface handle.
 * @PipeID: bEndpointAddress.
 *
 * Errors: ERROR_INVALID_HANDLE, ERROR_INVALID_PARAMETER (no such pipe),
 * ERROR_BAD_COMMAND (unplugged).
 */
WINUSBAPI BOOL WINAPI WinUsb_AbortPipe(WINUSB_INTERFACE_HANDLE InterfaceHandle,
				       UCHAR PipeID);

/**
 * WinUsb_FlushPipe() - drop data kept from a partial read (AUTO_FLUSH off).
 * @InterfaceHandle: an interface handle.
 * @PipeID: bEndpointAddress.
 *
 * Errors: ERROR_INVALID_HANDLE, ERROR_INVALID_PARAMETER (no such pipe),
 * ERROR_BAD_COMMAND (unplugged).
 */
WINUSBAPI BOOL WINAPI WinUsb_FlushPipe(WINUSB_INTERFACE_HANDLE InterfaceHandle,
				       UCHAR PipeID);

/* ---- Power policy ------------------------------------------------------- */

/**
 * WinUsb_SetPowerPolicy() - set AUTO_SUSPEND or SUSPEND_DELAY.
 * @InterfaceHandle: an interface handle.
 * @PolicyType: AUTO_SUSPEND (UCHAR) or SUSPEND_DELAY (ULONG ms).
 * @ValueLength: sizeof the value type.
 * @Value: the value.
 *
 * Linux: mapped onto the device's runtime PM (power/control "auto"/"on" and
 * power/autosuspend_delay_ms), which the whole device shares.
 *
 * Errors: ERROR_INVALID_HANDLE, ERROR_INVALID_PARAMETER (wrong length, NULL
 * value), ERROR_NOT_SUPPORTED (unknown policy), ERROR_NOT_ENOUGH_MEMORY.
 */
WINUSBAPI BOOL WINAPI WinUsb_SetPowerPolicy(WINUSB_INTERFACE_HANDLE InterfaceHandle,
					    ULONG PolicyType, ULONG ValueLength,
					    PVOID Value);

/**
 * WinUsb_GetPowerPolicy() - read a power policy.
 * @InterfaceHandle: an interface handle.
 * @PolicyType: AUTO_SUSPEND or SUSPEND_DELAY.
 * @ValueLength: in: size of @Value; out: bytes written.
 * @Value: out: the value.
 *
 * Errors: as WinUsb_GetPipePolicy().
 */
WINUSBAPI BOOL WINAPI WinUsb_GetPowerPolicy(WINUSB_INTERFACE_HANDLE InterfaceHandle,
					    ULONG PolicyType, PULONG ValueLength,
					    PVOID Value);

/* ---- Overlapped results ------------------------------------------------- */

/**
 * WinUsb_GetOverlappedResult() - the result of an OVERLAPPED request.
 * @InterfaceHandle: the handle the request was issued on.
 * @lpOverlapped: the request's OVERLAPPED.
 * @lpNumberOfBytesTransferred: out: bytes transferred (0 for isochronous).
 * @bWait: TRUE: wait until the request completes; FALSE: return at once.
 *
 * Return: TRUE if the request succeeded; FALSE with ERROR_IO_INCOMPLETE
 * (still pending and @bWait is FALSE), ERROR_INVALID_HANDLE,
 * ERROR_INVALID_PARAMETER (NULL pointers), or the request's own error
 * (see WinUsb_ReadPipe()).
 */
WINUSBAPI BOOL WINAPI
WinUsb_GetOverlappedResult(WINUSB_INTERFACE_HANDLE InterfaceHandle,
			   LPOVERLAPPED lpOverlapped,
			   LPDWORD lpNumberOfBytesTransferred, BOOL bWait);

/* ---- Descriptor parsing (no I/O) ---------------------------------------- */

/**
 * WinUsb_ParseConfigurationDescriptor() - find an interface descriptor in a
 * configuration descriptor.
 * @ConfigurationDescriptor: the whole configuration (wTotalLength bytes).
 * @StartPosition: where to start searching, inside the configuration
 *                 (usually @ConfigurationDescriptor itself).
 * @InterfaceNumber: bInterfaceNumber to match, or -1 for any.
 * @AlternateSetting: bAlternateSetting to match, or -1 for any.
 * @InterfaceClass: bInterfaceClass to match, or -1 for any.
 * @InterfaceSubClass: bInterfaceSubClass to match, or -1 for any.
 * @InterfaceProtocol: bInterfaceProtocol to match, or -1 for any.
 *
 * Return: the first matching interface descriptor at or after
 * @StartPosition, or NULL (also for NULL or malformed input).
 */
WINUSBAPI PUSB_INTERFACE_DESCRIPTOR WINAPI
WinUsb_ParseConfigurationDescriptor(PUSB_CONFIGURATION_DESCRIPTOR ConfigurationDescriptor,
				    PVOID StartPosition, LONG InterfaceNumber,
				    LONG AlternateSetting, LONG InterfaceClass,
				    LONG InterfaceSubClass,
				    LONG InterfaceProtocol);

/**
 * WinUsb_ParseDescriptors() - find a descriptor by type in a buffer of
 * descriptors.
 * @DescriptorBuffer: the descriptors (e.g. a configuration).
 * @TotalLength: size of @DescriptorBuffer.
 * @StartPosition: where to start searching, inside the buffer.
 * @DescriptorType: bDescriptorType to find, or -1 for any.
 *
 * Return: the first matching descriptor at or after @StartPosition that
 * lies wholly inside the buffer, or NULL.
 */
WINUSBAPI PUSB_COMMON_DESCRIPTOR WINAPI
WinUsb_ParseDescriptors(PVOID DescriptorBuffer, ULONG TotalLength,
			PVOID StartPosition, LONG DescriptorType);

/* ---- Isochronous transfers and frame numbers (Windows 8.1) --------------- */

/*
 * Documentation/userspace-isoch.rst describes the isochronous functions,
 * their errors and the USBD statuses of packets in detail.
 */

/**
 * WinUsb_GetCurrentFrameNumber() - the current 1 ms USB frame number.
 * @InterfaceHandle: an interface handle.
 * @CurrentFrameNumber: out: the 32-bit frame number (1 ms frames at every
 *                      speed; wraps only after 2^32 frames).
 * @TimeStamp: out: QueryPerformanceCounter() when it was read.
 *
 * Errors: ERROR_INVALID_HANDLE, ERROR_INVALID_PARAMETER (NULL output),
 * ERROR_NOT_SUPPORTED (a driver without frame numbers).
 */
WINUSBAPI BOOL WINAPI
WinUsb_GetCurrentFrameNumber(WINUSB_INTERFACE_HANDLE InterfaceHandle,
			     PULONG CurrentFrameNumber,
			     LARGE_INTEGER *TimeStamp);

/**
 * WinUsb_GetAdjustedFrameNumber() - advance a frame number read earlier to
 * now, from the time elapsed since its timestamp (no I/O).
 * @CurrentFrameNumber: in: a frame number; out: the frame number now.
 * @TimeStamp: the QueryPerformanceCounter() value that goes with it.
 *
 * Errors: ERROR_INVALID_PARAMETER (NULL pointer).
 */
WINUSBAPI BOOL WINAPI WinUsb_GetAdjustedFrameNumber(PULONG CurrentFrameNumber,
						    LARGE_INTEGER TimeStamp);

/**
 * WinUsb_RegisterIsochBuffer() - register (pin) a buffer for isochronous
 * transfers on one pipe.
 * @InterfaceHandle: an interface handle.
 * @PipeID: bEndpointAddress of an isochronous pipe of the current setting
 *          (a bare endpoint number works too).
 * @Buffer: the buffer: any address in the heap (malloc, new), the stack,
 *          a static array, a private mapping, shmem, memfd or hugetlbfs;
 *          not a shared mapping of an ordinary file.
 * @BufferLength: its size.
 * @IsochBufferHandle: out: the buffer handle (never NULL nor
 *                     INVALID_HANDLE_VALUE).
 *
 * Errors: ERROR_INVALID_HANDLE; ERROR_INVALID_PARAMETER (NULL or zero
 * arguments, no such isochronous pipe in the current setting);
 * ERROR_NOT_ENOUGH_MEMORY (over RLIMIT_MEMLOCK); ERROR_NOACCESS (memory
 * that cannot be pinned); ERROR_NOT_SUPPORTED (a file mapping).
 */
WINUSBAPI BOOL WINAPI
WinUsb_RegisterIsochBuffer(WINUSB_INTERFACE_HANDLE InterfaceHandle,
			   UCHAR PipeID, PUCHAR Buffer, ULONG BufferLength,
			   PWINUSB_ISOCH_BUFFER_HANDLE IsochBufferHandle);

/**
 * WinUsb_UnregisterIsochBuffer() - release a registered buffer, waiting for
 * its pending transfers (they are not cancelled).
 * @IsochBufferHandle: from WinUsb_RegisterIsochBuffer().
 *
 * Errors: ERROR_INVALID_HANDLE.
 */
WINUSBAPI BOOL WINAPI
WinUsb_UnregisterIsochBuffer(WINUSB_ISOCH_BUFFER_HANDLE IsochBufferHandle);

/**
 * WinUsb_WriteIsochPipe() - write part of a registered buffer at a given
 * frame.
 * @BufferHandle: the registered buffer (of an OUT pipe).
 * @Offset: start within the buffer.
 * @Length: bytes to write: a non-zero multiple of the bytes per 1 ms frame
 *          (MaximumBytesPerInterval x packets per frame), inside the buffer.
 * @FrameNumber: in: the start frame (later than now, at most 1024 ahead);
 *               out: the frame after the last one used.
 * @Overlapped: NULL or an OVERLAPPED (GetOverlappedResult reports 0 bytes).
 *
 * Errors: ERROR_IO_PENDING (queued), ERROR_INVALID_HANDLE,
 * ERROR_INVALID_PARAMETER (a rule above broken, wrong direction), and on
 * completion ERROR_OPERATION_ABORTED, ERROR_DEVICE_NOT_CONNECTED,
 * ERROR_GEN_FAILURE (no packet went through).
 */
WINUSBAPI BOOL WINAPI WinUsb_WriteIsochPipe(WINUSB_ISOCH_BUFFER_HANDLE BufferHandle,
					    ULONG Offset, ULONG Length,
					    PULONG FrameNumber,
					    LPOVERLAPPED Overlapped);

/**
 * WinUsb_ReadIsochPipe() - read into part of a registered buffer at a given
 * frame.
 * @BufferHandle: the registered buffer (of an IN pipe).
 * @Offset: start within the buffer.
 * @Length: bytes to read, as for WinUsb_WriteIsochPipe().
 * @FrameNumber: in: the start frame; out: the frame after the last one used.
 * @NumberOfPackets: entries in @IsoPacketDescriptors (Length / bytes per
 *                   interval).
 * @IsoPacketDescriptors: out, on completion: per-packet offset (within the
 *                        transfer), length received and USBD status.
 * @Overlapped: NULL or an OVERLAPPED (GetOverlappedResult reports 0 bytes).
 *
 * Errors: as WinUsb_WriteIsochPipe().
 */
WINUSBAPI BOOL WINAPI WinUsb_ReadIsochPipe(WINUSB_ISOCH_BUFFER_HANDLE BufferHandle,
					   ULONG Offset, ULONG Length,
					   PULONG FrameNumber,
					   ULONG NumberOfPackets,
					   PUSBD_ISO_PACKET_DESCRIPTOR IsoPacketDescriptors,
					   LPOVERLAPPED Overlapped);

/**
 * WinUsb_WriteIsochPipeAsap() - write part of a registered buffer as soon as
 * possible.
 * @BufferHandle: the registered buffer.
 * @Offset: start within the buffer.
 * @Length: bytes to write.
 * @ContinueStream: TRUE: continue the pending stream without a gap or fail
 *                  (ERROR_GEN_FAILURE); FALSE: right after the pending
 *                  transfers if possible, else a new stream.
 * @Overlapped: NULL or an OVERLAPPED.
 *
 * Errors: as WinUsb_WriteIsochPipe().
 */
WINUSBAPI BOOL WINAPI
WinUsb_WriteIsochPipeAsap(WINUSB_ISOCH_BUFFER_HANDLE BufferHandle,
			  ULONG Offset, ULONG Length, BOOL ContinueStream,
			  LPOVERLAPPED Overlapped);

/**
 * WinUsb_ReadIsochPipeAsap() - read into part of a registered buffer as soon
 * as possible.
 * @BufferHandle: the registered buffer.
 * @Offset: start within the buffer.
 * @Length: bytes to read.
 * @ContinueStream: as for WinUsb_WriteIsochPipeAsap().
 * @NumberOfPackets: entries in @IsoPacketDescriptors.
 * @IsoPacketDescriptors: out: per-packet offset, length and status.
 * @Overlapped: NULL or an OVERLAPPED.
 */
WINUSBAPI BOOL WINAPI
WinUsb_ReadIsochPipeAsap(WINUSB_ISOCH_BUFFER_HANDLE BufferHandle,
			 ULONG Offset, ULONG Length, BOOL ContinueStream,
			 ULONG NumberOfPackets,
			 PUSBD_ISO_PACKET_DESCRIPTOR IsoPacketDescriptors,
			 LPOVERLAPPED Overlapped);

/* ---- Time synchronisation (Windows 10) ---------------------------------- */

/**
 * WinUsb_StartTrackingForTimeSync() - start frame/QPC correlation.
 * @InterfaceHandle: an interface handle.
 * @StartTrackingInfo: in/out, see the structure.
 *
 * Errors: ERROR_INVALID_HANDLE (NULL handle or NULL info),
 * ERROR_NOT_SUPPORTED (a driver without frame numbers).
 */
WINUSBAPI BOOL WINAPI
WinUsb_StartTrackingForTimeSync(WINUSB_INTERFACE_HANDLE InterfaceHandle,
				PUSB_START_TRACKING_FOR_TIME_SYNC_INFORMATION StartTrackingInfo);

/**
 * WinUsb_GetCurrentFrameNumberAndQpc() - correlate a frame with QPC.
 * @InterfaceHandle: an interface handle.
 * @FrameQpcInfo: in/out, see the structure.
 *
 * Errors: as WinUsb_StartTrackingForTimeSync(); ERROR_INVALID_PARAMETER
 * (a tracking handle not started on @InterfaceHandle, a microframe above 7).
 */
WINUSBAPI BOOL WINAPI
WinUsb_GetCurrentFrameNumberAndQpc(WINUSB_INTERFACE_HANDLE InterfaceHandle,
				   PUSB_FRAME_NUMBER_AND_QPC_FOR_TIME_SYNC_INFORMATION FrameQpcInfo);

/**
 * WinUsb_StopTrackingForTimeSync() - stop frame/QPC correlation.
 * @InterfaceHandle: an interface handle.
 * @StopTrackingInfo: the tracking handle.
 *
 * Errors: ERROR_INVALID_HANDLE (NULL handle or NULL info),
 * ERROR_INVALID_PARAMETER (not a tracking handle of @InterfaceHandle).
 */
WINUSBAPI BOOL WINAPI
WinUsb_StopTrackingForTimeSync(WINUSB_INTERFACE_HANDLE InterfaceHandle,
			       PUSB_STOP_TRACKING_FOR_TIME_SYNC_INFORMATION StopTrackingInfo);

#ifdef __cplusplus
}
#endif

#include "usb.h"
#include "winusb_linux.h"

#endif /* WINUSB_H */
