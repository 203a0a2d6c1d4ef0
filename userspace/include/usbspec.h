/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * usbspec.h - USB specification definitions, as Windows' usbspec.h: the
 * descriptors of <winusb.h> plus device classes, feature selectors,
 * GET_STATUS bits, BOS and device-capability descriptors, endpoint
 * attribute masks, USB_DEFAULT_PIPE_SETUP_PACKET.  Microsoft's names,
 * values and packed layouts; multi-byte fields are little-endian.
 */
#ifndef WINUSB_USBSPEC_H
#define WINUSB_USBSPEC_H

#include "winusb.h"

#ifdef __cplusplus
extern "C" {
#endif

/** USB_DEVICE_SPEED - bus speeds, as Windows' usbspec.h. */
typedef enum _USB_DEVICE_SPEED {
	UsbLowSpeed = 0,
	UsbFullSpeed,
	UsbHighSpeed,
	UsbSuperSpeed
} USB_DEVICE_SPEED;

typedef enum _USB_DEVICE_TYPE {
	Usb11Device = 0,
	Usb20Device
} USB_DEVICE_TYPE;

/* Requests beyond those of <winusb.h>. */
#define USB_REQUEST_GET_FIRMWARE_STATUS 0x1A
#define USB_REQUEST_SET_FIRMWARE_STATUS 0x1B
#define USB_REQUEST_SET_SEL             0x30
#define USB_REQUEST_ISOCH_DELAY         0x31

/* Descriptor types beyond those of <winusb.h>. */
#define USB_OTG_DESCRIPTOR_TYPE                                   0x09
#define USB_DEBUG_DESCRIPTOR_TYPE                                 0x0A
#define USB_SUPERSPEEDPLUS_ISOCH_ENDPOINT_COMPANION_DESCRIPTOR_TYPE 0x31
#define USB_RESERVED_DESCRIPTOR_TYPE                              0x06
#define USB_CONFIG_POWER_DESCRIPTOR_TYPE                          0x07

/* Feature selectors (SET_FEATURE/CLEAR_FEATURE wValue). */
#define USB_FEATURE_TEST_MODE           0x02
#define USB_FEATURE_FUNCTION_SUSPEND    0x00
#define USB_FEATURE_U1_ENABLE           0x30
#define USB_FEATURE_U2_ENABLE           0x31
#define USB_FEATURE_LTM_ENABLE          0x32
#define USB_FEATURE_LDM_ENABLE          0x35
#define USB_FEATURE_BATTERY_WAKE_MASK   0x28
#define USB_FEATURE_OS_IS_PD_AWARE      0x29
#define USB_FEATURE_POLICY_MODE         0x2A
#define USB_FEATURE_CHARGING_POLICY     0x36
#define USB_FEATURE_INTERFACE_POWER_D0  0x0002
#define USB_FEATURE_INTERFACE_POWER_D1  0x0003
#define USB_FEATURE_INTERFACE_POWER_D2  0x0004
#define USB_FEATURE_INTERFACE_POWER_D3  0x0005

#define USB_CHARGING_POLICY_DEFAULT     0x00
#define USB_CHARGING_POLICY_ICCHPF      0x01
#define USB_CHARGING_POLICY_ICCLPF      0x02
#define USB_CHARGING_POLICY_NO_POWER    0x03

#define USB_STATUS_PORT_STATUS          0x00
#define USB_STATUS_PD_STATUS            0x01
#define USB_STATUS_EXT_PORT_STATUS      0x02

/* GET_STATUS(device) bits. */
#define USB_GETSTATUS_SELF_POWERED             0x01
#define USB_GETSTATUS_REMOTE_WAKEUP_ENABLED    0x02
#define USB_GETSTATUS_U1_ENABLE                0x04
#define USB_GETSTATUS_U2_ENABLE                0x08
#define USB_GETSTATUS_LTM_ENABLE               0x10

#pragma pack(push, 1)

/**
 * USB_DEFAULT_PIPE_SETUP_PACKET - a setup packet with named halves
 * (8 bytes, packed).
 */
typedef struct _USB_DEFAULT_PIPE_SETUP_PACKET {
	BM_REQUEST_TYPE bmRequestType;
	UCHAR bRequest;
	union _wValue {
		struct {
			UCHAR LowByte;
			UCHAR HiByte;
		};
		USHORT W;
	} wValue;
	union _wIndex {
		struct {
			UCHAR LowByte;
			UCHAR HiByte;
		};
		USHORT W;
	} wIndex;
	USHORT wLength;
} USB_DEFAULT_PIPE_SETUP_PACKET, *PUSB_DEFAULT_PIPE_SETUP_PACKET;

typedef union _USB_DEVICE_STATUS {
	USHORT AsUshort16;
	struct {
		USHORT SelfPowered : 1;
		USHORT RemoteWakeup : 1;
		USHORT U1Enable : 1;
		USHORT U2Enable : 1;
		USHORT LtmEnable : 1;
		USHORT Reserved : 11;
	};
} USB_DEVICE_STATUS, *PUSB_DEVICE_STATUS;

typedef union _USB_INTERFACE_STATUS {
	USHORT AsUshort16;
	struct {
		USHORT RemoteWakeupCapable : 1;
		USHORT RemoteWakeupEnabled : 1;
		USHORT Reserved : 14;
	};
} USB_INTERFACE_STATUS, *PUSB_INTERFACE_STATUS;

typedef union _USB_ENDPOINT_STATUS {
	USHORT AsUshort16;
	struct {
		USHORT Halt : 1;
		USHORT Reserved : 15;
	};
} USB_ENDPOINT_STATUS, *PUSB_ENDPOINT_STATUS;

/* Device classes (bDeviceClass, bInterfaceClass). */
#define USB_DEVICE_CLASS_RESERVED             0x00
#define USB_DEVICE_CLASS_AUDIO                0x01
#define USB_DEVICE_CLASS_COMMUNICATIONS       0x02
#define USB_DEVICE_CLASS_HUMAN_INTERFACE      0x03
#define USB_DEVICE_CLASS_MONITOR              0x04
#define USB_DEVICE_CLASS_PHYSICAL_INTERFACE   0x05
#define USB_DEVICE_CLASS_POWER                0x06
#define USB_DEVICE_CLASS_IMAGE                0x06
#define USB_DEVICE_CLASS_PRINTER              0x07
#define USB_DEVICE_CLASS_STORAGE              0x08
#define USB_DEVICE_CLASS_HUB                  0x09
#define USB_DEVICE_CLASS_CDC_DATA             0x0A
#define USB_DEVICE_CLASS_SMART_CARD           0x0B
#define USB_DEVICE_CLASS_CONTENT_SECURITY     0x0D
#define USB_DEVICE_CLASS_VIDEO                0x0E
#define USB_DEVICE_CLASS_PERSONAL_HEALTHCARE  0x0F
#define USB_DEVICE_CLASS_AUDIO_VIDEO          0x10
#define USB_DEVICE_CLASS_BILLBOARD            0x11
#define USB_DEVICE_CLASS_DIAGNOSTIC_DEVICE    0xDC
#define USB_DEVICE_CLASS_WIRELESS_CONTROLLER  0xE0
#define USB_DEVICE_CLASS_MISCELLANEOUS        0xEF
#define USB_DEVICE_CLASS_APPLICATION_SPECIFIC 0xFE
#define USB_DEVICE_CLASS_VENDOR_SPECIFIC      0xFF

/** USB_BOS_DESCRIPTOR - Binary Object Store header (5 bytes). */
typedef struct _USB_BOS_DESCRIPTOR {
	UCHAR bLength;
	UCHAR bDescriptorType;
	USHORT wTotalLength;
	UCHAR bNumDeviceCaps;
} USB_BOS_DESCRIPTOR, *PUSB_BOS_DESCRIPTOR;

/* bDevCapabilityType */
#define USB_DEVICE_CAPABILITY_WIRELESS_USB               0x01
#define USB_DEVICE_CAPABILITY_USB20_EXTENSION            0x02
#define USB_DEVICE_CAPABILITY_SUPERSPEED_USB             0x03
#define USB_DEVICE_CAPABILITY_CONTAINER_ID               0x04
#define USB_DEVICE_CAPABILITY_PLATFORM                   0x05
#define USB_DEVICE_CAPABILITY_POWER_DELIVERY             0x06
#define USB_DEVICE_CAPABILITY_BATTERY_INFO               0x07
#define USB_DEVICE_CAPABILITY_PD_CONSUMER_PORT           0x08
#define USB_DEVICE_CAPABILITY_PD_PROVIDER_PORT           0x09
#define USB_DEVICE_CAPABILITY_SUPERSPEEDPLUS_USB         0x0A
#define USB_DEVICE_CAPABILITY_PRECISION_TIME_MEASUREMENT 0x0B
#define USB_DEVICE_CAPABILITY_WIRELESS_USB_EXT           0x0C
#define USB_DEVICE_CAPABILITY_BILLBOARD                  0x0D
#define USB_DEVICE_CAPABILITY_CONFIGURATION_SUMMARY      0x10
#define USB_DEVICE_CAPABILITY_FWSTATUS                   0x11

/** USB_DEVICE_CAPABILITY_DESCRIPTOR - the common header (3 bytes). */
typedef struct _USB_DEVICE_CAPABILITY_DESCRIPTOR {
	UCHAR bLength;
	UCHAR bDescriptorType;
	UCHAR bDevCapabilityType;
} USB_DEVICE_CAPABILITY_DESCRIPTOR, *PUSB_DEVICE_CAPABILITY_DESCRIPTOR;

/** USB 2.0 extension (7 bytes): LPM and BESL. */
typedef struct _USB_DEVICE_CAPABILITY_USB20_EXTENSION_DESCRIPTOR {
	UCHAR bLength;
	UCHAR bDescriptorType;
	UCHAR bDevCapabilityType;
	union {
		ULONG AsUlong;
		struct {
			ULONG Reserved : 1;
			ULONG LPMCapable : 1;
			ULONG BESLAndAlternateHIRDSupported : 1;
			ULONG BaselineBESLValid : 1;
			ULONG DeepBESLValid : 1;
			ULONG Reserved1 : 3;
			ULONG BaselineBESL : 4;
			ULONG DeepBESL : 4;
			ULONG Reserved2 : 16;
		};
	} bmAttributes;
} USB_DEVICE_CAPABILITY_USB20_EXTENSION_DESCRIPTOR,
	*PUSB_DEVICE_CAPABILITY_USB20_EXTENSION_DESCRIPTOR;
#define USB_DEVICE_CAPABILITY_USB20_EXTENSION_BMATTRIBUTES_RESERVED_MASK \
	0xFFFF00E1

/** SuperSpeed USB device capability (10 bytes). */
typedef struct _USB_DEVICE_CAPABILITY_SUPERSPEED_USB_DESCRIPTOR {
	UCHAR bLength;
	UCHAR bDescriptorType;
	UCHAR bDevCapabilityType;
	UCHAR bmAttributes;
	USHORT wSpeedsSupported;
	UCHAR bFunctionalitySupport;
	UCHAR bU1DevExitLat;
	USHORT wU2DevExitLat;
} USB_DEVICE_CAPABILITY_SUPERSPEED_USB_DESCRIPTOR,
	*PUSB_DEVICE_CAPABILITY_SUPERSPEED_USB_DESCRIPTOR;
#define USB_DEVICE_CAPABILITY_SUPERSPEED_BMATTRIBUTES_RESERVED_MASK 0xFD
#define USB_DEVICE_CAPABILITY_SUPERSPEED_BMATTRIBUTES_LTM_CAPABLE 0x02
#define USB_DEVICE_CAPABILITY_SUPERSPEED_SPEEDS_SUPPORTED_RESERVED_MASK 0xFFF0
#define USB_DEVICE_CAPABILITY_SUPERSPEED_SPEEDS_SUPPORTED_LOW 0x0001
#define USB_DEVICE_CAPABILITY_SUPERSPEED_SPEEDS_SUPPORTED_FULL 0x0002
#define USB_DEVICE_CAPABILITY_SUPERSPEED_SPEEDS_SUPPORTED_HIGH 0x0004
#define USB_DEVICE_CAPABILITY_SUPERSPEED_SPEEDS_SUPPORTED_SUPER 0x0008
#define USB_DEVICE_CAPABILITY_SUPERSPEED_U1_DEVICE_EXIT_MAX_VALUE 0x0A
#define USB_DEVICE_CAPABILITY_SUPERSPEED_U2_DEVICE_EXIT_MAX_VALUE 0x07FF
#define USB_DEVICE_CAPABILITY_MAX_U1_LATENCY 0x0A
#define USB_DEVICE_CAPABILITY_MAX_U2_LATENCY 0x07FF

#define USB_DEVICE_CAPABILITY_SUPERSPEEDPLUS_SPEED_LSE_BPS 0
#define USB_DEVICE_CAPABILITY_SUPERSPEEDPLUS_SPEED_LSE_KBPS 1
#define USB_DEVICE_CAPABILITY_SUPERSPEEDPLUS_SPEED_LSE_MBPS 2
#define USB_DEVICE_CAPABILITY_SUPERSPEEDPLUS_SPEED_LSE_GBPS 3
#define USB_DEVICE_CAPABILITY_SUPERSPEEDPLUS_SPEED_MODE_SYMMETRIC 0
#define USB_DEVICE_CAPABILITY_SUPERSPEEDPLUS_SPEED_MODE_ASYMMETRIC 1
#define USB_DEVICE_CAPABILITY_SUPERSPEEDPLUS_SPEED_DIR_RX 0
#define USB_DEVICE_CAPABILITY_SUPERSPEEDPLUS_SPEED_DIR_TX 1
#define USB_DEVICE_CAPABILITY_SUPERSPEEDPLUS_SPEED_PROTOCOL_SS 0
#define USB_DEVICE_CAPABILITY_SUPERSPEEDPLUS_SPEED_PROTOCOL_SSP 1

typedef union _USB_DEVICE_CAPABILITY_SUPERSPEEDPLUS_SPEED {
	ULONG AsUlong32;
	struct {
		ULONG SublinkSpeedAttrID : 4;
		ULONG LaneSpeedExponent : 2;
		ULONG SublinkTypeMode : 1;
		ULONG SublinkTypeDir : 1;
		ULONG Reserved : 6;
		ULONG LinkProtocol : 2;
		ULONG LaneSpeedMantissa : 16;
	};
} USB_DEVICE_CAPABILITY_SUPERSPEEDPLUS_SPEED,
	*PUSB_DEVICE_CAPABILITY_SUPERSPEEDPLUS_SPEED;

/** SuperSpeedPlus device capability (12 bytes + 4 per sublink speed). */
typedef struct _USB_DEVICE_CAPABILITY_SUPERSPEEDPLUS_USB_DESCRIPTOR {
	UCHAR bLength;
	UCHAR bDescriptorType;
	UCHAR bDevCapabilityType;
	UCHAR bReserved;
	union {
		ULONG AsUlong;
		struct {
			ULONG SublinkSpeedAttrCount : 5;
			ULONG SublinkSpeedIDCount : 4;
			ULONG Reserved : 23;
		};
	} bmAttributes;
	union {
		USHORT AsUshort;
		struct {
			USHORT SublinkSpeedAttrID : 4;
			USHORT Reserved : 4;
			USHORT MinRxLaneCount : 4;
			USHORT MinTxLaneCount : 4;
		};
	} wFunctionalitySupport;
	USHORT wReserved;
	USB_DEVICE_CAPABILITY_SUPERSPEEDPLUS_SPEED bmSublinkSpeedAttr[1];
} USB_DEVICE_CAPABILITY_SUPERSPEEDPLUS_USB_DESCRIPTOR,
	*PUSB_DEVICE_CAPABILITY_SUPERSPEEDPLUS_USB_DESCRIPTOR;

/** Container ID capability (20 bytes). */
typedef struct _USB_DEVICE_CAPABILITY_CONTAINER_ID_DESCRIPTOR {
	UCHAR bLength;
	UCHAR bDescriptorType;
	UCHAR bDevCapabilityType;
	UCHAR bReserved;
	UCHAR ContainerID[16];
} USB_DEVICE_CAPABILITY_CONTAINER_ID_DESCRIPTOR,
	*PUSB_DEVICE_CAPABILITY_CONTAINER_ID_DESCRIPTOR;

/**
 * Platform capability (20 bytes + data): MS OS 2.0 descriptors are found
 * through one with GUID_USB_MSOS20_PLATFORM_CAPABILITY_ID.  The misspelt
 * member name is Microsoft's.
 */
typedef struct _USB_DEVICE_CAPABILITY_PLATFORM_DESCRIPTOR {
	UCHAR bLength;
	UCHAR bDescriptorType;
	UCHAR bDevCapabilityType;
	UCHAR bReserved;
	GUID PlatformCapabilityUuid;
	UCHAR CapabililityData[1];
} USB_DEVICE_CAPABILITY_PLATFORM_DESCRIPTOR,
	*PUSB_DEVICE_CAPABILITY_PLATFORM_DESCRIPTOR;

/** USB Power Delivery capability (18 bytes). */
typedef struct _USB_DEVICE_CAPABILITY_POWER_DELIVERY_DESCRIPTOR {
	UCHAR bLength;
	UCHAR bDescriptorType;
	UCHAR bDevCapabilityType;
	UCHAR bReserved;
	union {
		ULONG AsUlong;
		struct {
			ULONG Reserved1 : 1;
			ULONG BatteryCharging : 1;
			ULONG USBPowerDelivery : 1;
			ULONG Provider : 1;
			ULONG Consumer : 1;
			ULONG ChargingPolicy : 1;
			ULONG TypeCCurrent : 1;
			ULONG Reserved2 : 1;
			ULONG ACSupply : 1;
			ULONG Battery : 1;
			ULONG Other : 1;
			ULONG NumBatteries : 3;
			ULONG UsesVbus : 1;
			ULONG Reserved3 : 17;
		};
	} bmAttributes;
	USHORT bmProviderPorts;
	USHORT bmConsumerPorts;
	USHORT bcdBCVersion;
	USHORT bcdPDVersion;
	USHORT bcdUSBTypeCVersion;
} USB_DEVICE_CAPABILITY_POWER_DELIVERY_DESCRIPTOR,
	*PUSB_DEVICE_CAPABILITY_POWER_DELIVERY_DESCRIPTOR;

/** PD consumer port capability (24 bytes). */
typedef struct _USB_DEVICE_CAPABILITY_PD_CONSUMER_PORT_DESCRIPTOR {
	UCHAR bLength;
	UCHAR bDescriptorType;
	UCHAR bDevCapabilityType;
	UCHAR bReserved;
	union {
		USHORT AsUshort;
		struct {
			USHORT BatteryCharging : 1;
			USHORT USBPowerDelivery : 1;
			USHORT USBTypeCCurrent : 1;
			USHORT Reserved : 13;
		};
	} bmCapabilities;
	USHORT wMinVoltage;
	USHORT wMaxVoltage;
	USHORT wReserved;
	ULONG dwMaxOperatingPower;
	ULONG dwMaxPeakPower;
	ULONG dwMaxPeakPowerTime;
} USB_DEVICE_CAPABILITY_PD_CONSUMER_PORT_DESCRIPTOR,
	*PUSB_DEVICE_CAPABILITY_PD_CONSUMER_PORT_DESCRIPTOR;

/** Billboard capability (48 bytes with one alternate mode). */
typedef struct _USB_DEVICE_CAPABILITY_BILLBOARD_DESCRIPTOR {
	UCHAR bLength;
	UCHAR bDescriptorType;
	UCHAR bDevCapabilityType;
	UCHAR iAddtionalInfoURL;
	UCHAR bNumberOfAlternateModes;
	UCHAR bPreferredAlternateMode;
	union {
		USHORT AsUshort;
		struct {
			USHORT VConnPowerNeededForFullFunctionality : 3;
			USHORT Reserved : 12;
			USHORT NoVconnPowerRequired : 1;
		};
	} VconnPower;
	UCHAR bmConfigured[32];
	ULONG bReserved;
	struct {
		USHORT wSVID;
		UCHAR bAlternateMode;
		UCHAR iAlternateModeSetting;
	} AlternateMode[1];
} USB_DEVICE_CAPABILITY_BILLBOARD_DESCRIPTOR,
	*PUSB_DEVICE_CAPABILITY_BILLBOARD_DESCRIPTOR;

/** SuperSpeedPlus isochronous endpoint companion (8 bytes). */
typedef struct _USB_SUPERSPEEDPLUS_ISOCH_ENDPOINT_COMPANION_DESCRIPTOR {
	UCHAR bLength;
	UCHAR bDescriptorType;
	USHORT wReserved;
	ULONG dwBytesPerInterval;
} USB_SUPERSPEEDPLUS_ISOCH_ENDPOINT_COMPANION_DESCRIPTOR,
	*PUSB_SUPERSPEEDPLUS_ISOCH_ENDPOINT_COMPANION_DESCRIPTOR;

/** wMaxPacketSize of a high-speed endpoint, split in its fields. */
typedef union _USB_HIGH_SPEED_MAXPACKET {
	struct {		/* Microsoft: "struct _MP", an MSVC extension */
		USHORT MaxPacket : 11;
		USHORT HSmux : 2;
		USHORT Reserved : 3;
	};
	USHORT us;
} USB_HIGH_SPEED_MAXPACKET, *PUSB_HIGH_SPEED_MAXPACKET;

#pragma pack(pop)

#define USB_SUPERSPEED_ISOCHRONOUS_MAX_MULTIPLIER 2
#define USB_SUPERSPEEDPLUS_ISOCHRONOUS_MIN_BYTESPERINTERVAL 0xC001
#define USB_SUPERSPEEDPLUS_ISOCHRONOUS_MAX_BYTESPERINTERVAL 0xFFFFFF

#define USB_CONFIG_RESERVED 0x1F

/* Endpoint bmAttributes masks. */
#define USB_ENDPOINT_TYPE_BULK_RESERVED_MASK         0xFC
#define USB_ENDPOINT_TYPE_CONTROL_RESERVED_MASK      0xFC
#define USB_20_ENDPOINT_TYPE_INTERRUPT_RESERVED_MASK 0xFC
#define USB_30_ENDPOINT_TYPE_INTERRUPT_RESERVED_MASK 0xCC
#define USB_ENDPOINT_TYPE_ISOCHRONOUS_RESERVED_MASK  0xC0
#define USB_30_ENDPOINT_TYPE_INTERRUPT_USAGE_MASK          0x30
#define USB_30_ENDPOINT_TYPE_INTERRUPT_USAGE_PERIODIC      0x00
#define USB_30_ENDPOINT_TYPE_INTERRUPT_USAGE_NOTIFICATION  0x10
#define USB_30_ENDPOINT_TYPE_INTERRUPT_USAGE_RESERVED10    0x20
#define USB_30_ENDPOINT_TYPE_INTERRUPT_USAGE_RESERVED11    0x30
#define USB_30_ENDPOINT_TYPE_INTERRUPT_USAGE(bmAttr) \
	((bmAttr) & USB_30_ENDPOINT_TYPE_INTERRUPT_USAGE_MASK)
#define USB_ENDPOINT_TYPE_ISOCHRONOUS_SYNCHRONIZATION_MASK              0x0C
#define USB_ENDPOINT_TYPE_ISOCHRONOUS_SYNCHRONIZATION_NO_SYNCHRONIZATION 0x00
#define USB_ENDPOINT_TYPE_ISOCHRONOUS_SYNCHRONIZATION_ASYNCHRONOUS      0x04
#define USB_ENDPOINT_TYPE_ISOCHRONOUS_SYNCHRONIZATION_ADAPTIVE          0x08
#define USB_ENDPOINT_TYPE_ISOCHRONOUS_SYNCHRONIZATION_SYNCHRONOUS       0x0C
#define USB_ENDPOINT_TYPE_ISOCHRONOUS_SYNCHRONIZATION(bmAttr) \
	((bmAttr) & USB_ENDPOINT_TYPE_ISOCHRONOUS_SYNCHRONIZATION_MASK)
/* "ENDOINT" is Microsoft's spelling. */
#define USB_ENDPOINT_TYPE_ISOCHRONOUS_USAGE_MASK                         0x30
#define USB_ENDPOINT_TYPE_ISOCHRONOUS_USAGE_DATA_ENDOINT                 0x00
#define USB_ENDPOINT_TYPE_ISOCHRONOUS_USAGE_FEEDBACK_ENDPOINT            0x10
#define USB_ENDPOINT_TYPE_ISOCHRONOUS_USAGE_IMPLICIT_FEEDBACK_DATA_ENDPOINT 0x20
#define USB_ENDPOINT_TYPE_ISOCHRONOUS_USAGE_RESERVED                     0x30
#define USB_ENDPOINT_TYPE_ISOCHRONOUS_USAGE(bmAttr) \
	((bmAttr) & USB_ENDPOINT_TYPE_ISOCHRONOUS_USAGE_MASK)

#define USB_ENDPOINT_SUPERSPEED_BULK_MAX_PACKET_SIZE      1024
#define USB_ENDPOINT_SUPERSPEED_CONTROL_MAX_PACKET_SIZE   512
#define USB_ENDPOINT_SUPERSPEED_ISO_MAX_PACKET_SIZE       1024
#define USB_ENDPOINT_SUPERSPEED_INTERRUPT_MAX_PACKET_SIZE 1024

/** Longest string descriptor in bytes (bLength is one byte). */
#define MAXIMUM_USB_STRING_LENGTH 255

/** The platform capability UUID of Microsoft OS 2.0 descriptors. */
WINUSB_HEADER_GUID(GUID_USB_MSOS20_PLATFORM_CAPABILITY_ID, 0xD8DD60DF,
		   0x4589, 0x4CC7, 0x9C, 0xD2, 0x65, 0x9D, 0x9E, 0x64, 0x8A,
		   0x9F);

#ifdef __cplusplus
}
#endif

#endif /* WINUSB_USBSPEC_H */
