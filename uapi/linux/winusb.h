/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * winusb - a WinUSB-compatible character device for USB interfaces
 *
 * This header is the whole user/kernel interface of winusb.ko.  The
 * userspace library libwinusb wraps it in Microsoft's WinUsb_* names;
 * programs may also use it directly.
 */
#ifndef _UAPI_LINUX_WINUSB_H
#define _UAPI_LINUX_WINUSB_H

#include <linux/ioctl.h>
#include <linux/types.h>

/**
 * DOC: General ioctl format
 *
 * Device nodes
 * ------------
 * Every USB interface bound to winusb gets its own character device,
 * ``/dev/winusb/<interface>``, where ``<interface>`` is the interface's
 * name in sysfs, ``<bus>-<port path>:<configuration>.<interface number>``
 * (for example ``/dev/winusb/1-1:1.0``).  The node is created with mode
 * 0600 (root only); a udev rule may grant access to a group.  Opening the
 * node is the equivalent of WinUsb_Initialize() (one node per interface,
 * so the "associated interfaces" of WinUSB are separate nodes).  Every
 * open file has its own request and completion queues and its own
 * registered isochronous buffers.
 *
 * Ioctl numbers
 * -------------
 * All ioctls use the type ``'W'`` (:c:macro:`WINUSB_IOCTL_TYPE`) with
 * numbers 0x80 to 0x9f, a range not used by the other ``'W'`` users
 * (watchdog, ALSA, switchtec, watch_queue).  Every ioctl argument is a
 * struct that starts with ``__u32 size`` followed by ``__u32 flags``.
 * The kernel dispatches on the type and number only: the size encoded in
 * the command is that of the structure when this header was written,
 * while @size tells the kernel how large the caller's structure really
 * is.  This is how structures grow without new ioctl numbers:
 *
 * - @size smaller than the end of the last member of the first version of
 *   the structure fails with ``EINVAL``;
 * - @size larger than the kernel's structure is accepted if every extra
 *   byte is zero, otherwise the call fails with ``E2BIG``;
 * - output members are written back only up to the smaller of @size and
 *   the kernel's size.
 *
 * Members named ``__reserved`` must be zero.  Flag bits not defined here
 * must be zero.  Members whose names start with ``out_`` are written by
 * the kernel; their input values are ignored.  Pointers, cookies and other
 * 64-bit values are ``__aligned_u64``, so that 32-bit and 64-bit
 * processes share one layout and one set of ioctl numbers.
 *
 * Endpoints and alternate settings
 * --------------------------------
 * Every ``endpoint`` (a bEndpointAddress) and every ``alt_setting`` (a
 * bAlternateSetting) is a ``__u8``, as in the USB descriptors, so a value
 * the bus cannot carry cannot be written at all.  Where the next member
 * needs alignment, the byte is followed by ``__reserved`` bytes that must
 * be zero (``EINVAL``), so that every structure has explicit padding, the
 * same size and layout on 32-bit and 64-bit, and room for a later member.
 * (ABI version 1 had ``__u32`` for some of them; on little-endian machines
 * a version 1 caller that stored a value below 256 there is served
 * unchanged.)
 *
 * Requests
 * --------
 * Control, bulk and interrupt transfers are submitted with
 * %WINUSB_IOCTL_SUBMIT, isochronous transfers with
 * %WINUSB_IOCTL_ISOCH_SUBMIT.  Either returns at once with a kernel
 * request id; the caller's 64-bit cookie travels with the request.  When
 * the transfer ends, its completion record (struct winusb_completion)
 * is queued on the file it was submitted on, and the file becomes
 * readable for poll(): ``EPOLLIN | EPOLLRDNORM``.  %WINUSB_IOCTL_REAP
 * takes records off that queue.  Requests are cancelled one by one with
 * %WINUSB_IOCTL_CANCEL or per pipe with %WINUSB_IOCTL_ABORT_PIPE; they
 * still produce a completion record, with status ``-ECANCELED``.
 * Closing the file cancels and frees everything it owns.
 *
 * Disconnect
 * ----------
 * Once the device is unplugged or the driver unbound, every ioctl fails
 * with ``ENODEV``, except that %WINUSB_IOCTL_REAP keeps returning the
 * completion records already queued (every pending request completes
 * with status ``-ENODEV``) and %WINUSB_IOCTL_GET_INFO keeps working.
 * poll() reports ``EPOLLHUP | EPOLLERR`` (plus ``EPOLLIN`` while records
 * remain).
 *
 * Errors
 * ------
 * Each ioctl returns 0 (%WINUSB_IOCTL_REAP: the number of records) or
 * -1 with errno set.  The classes of failure are:
 *
 * - ``ENOTTY``: unknown ioctl number.
 * - ``EFAULT``: the argument, or memory named by one of its ``*_uptr``
 *   members, cannot be read or written.
 * - ``EINVAL``: @size below the minimum, an undefined flag bit, a non-zero
 *   ``__reserved`` member, or a member with a value that is never valid
 *   (bad transfer type, length not allowed by the pipe's policies,
 *   mismatching setup packet, ...).
 * - ``E2BIG``: @size larger than the kernel's structure with non-zero
 *   bytes beyond it.
 * - ``EPERM``: the file is not open for writing (only %WINUSB_IOCTL_GET_INFO,
 *   %WINUSB_IOCTL_GET_DESCRIPTOR for cached descriptors,
 *   %WINUSB_IOCTL_QUERY_PIPE and the GET ioctls work on read-only files),
 *   or a control request that would change the device's configuration,
 *   address or interface settings behind the USB core's back.
 * - ``ENODEV``: the device was disconnected or the driver unbound.
 * - ``ENOENT``: no such endpoint in the current alternate setting of this
 *   interface, no such alternate setting, no pending request with that id,
 *   no registered isochronous buffer of this file with that handle (or its
 *   endpoint is not in the current alternate setting with the shape it had
 *   at registration).
 * - ``ERANGE``: an index past the last item (%WINUSB_IOCTL_QUERY_PIPE), or
 *   an isochronous start frame outside the allowed window.
 * - ``EMSGSIZE``: a length larger than the transfer type allows (4096 for
 *   control, %WINUSB_POLICY_MAXIMUM_TRANSFER_SIZE under RAW_IO).
 * - ``ENOPROTOOPT``: unknown pipe or power policy number.
 * - ``EACCES``: setting a read-only policy (MAXIMUM_TRANSFER_SIZE).
 * - ``EBUSY``: changing the alternate setting while requests are pending
 *   on the interface, or an isochronous submit that finds every URB or
 *   pool request of its buffer handle in use (see
 *   :c:type:`struct winusb_isoch_register <winusb_isoch_register>`).
 * - ``ENOMEM``: out of memory, over the per-file limit of memory held by
 *   pending requests, or over ``RLIMIT_MEMLOCK`` when registering an
 *   isochronous buffer.
 * - ``EAGAIN``: %WINUSB_IOCTL_REAP with %WINUSB_REAP_NONBLOCK and nothing
 *   completed.
 * - ``ETIMEDOUT``: %WINUSB_IOCTL_REAP waited @timeout_ms and nothing
 *   completed.
 * - ``EINTR``: a signal interrupted a wait.
 * - ``EXDEV``: an isochronous submit with %WINUSB_ISOCH_CONTINUE that
 *   cannot continue the stream without a gap.
 * - ``EOVERFLOW``: an isochronous buffer whose address range wraps.
 * - ``EOPNOTSUPP``: the operation is not supported by this kernel, host
 *   controller or endpoint (see :c:type:`struct winusb_info
 *   <winusb_info>` ``out_capabilities``), or an isochronous buffer in a
 *   file mapping other than shmem or hugetlbfs.
 * - Any other errno comes from the USB core (for example ``EPIPE`` when a
 *   synchronous control request of the driver itself stalls).
 *
 * Completion status
 * -----------------
 * &struct winusb_completion.status is 0 or a negative errno:
 *
 * - ``0``: success (including a short read);
 * - ``-ECANCELED``: cancelled by %WINUSB_IOCTL_CANCEL,
 *   %WINUSB_IOCTL_ABORT_PIPE, %WINUSB_IOCTL_SET_ALTSETTING or a reset;
 * - ``-ETIMEDOUT``: %WINUSB_POLICY_PIPE_TRANSFER_TIMEOUT (or the submit's
 *   own timeout) expired;
 * - ``-EPIPE``: the endpoint stalled;
 * - ``-EOVERFLOW``: the device sent more data than the request (and its
 *   policies) could hold;
 * - ``-ENODEV``: the device went away or the driver was unbound;
 * - ``-EPROTO``, ``-EILSEQ``, ``-ETIME``, ``-ECOMM``, ``-ENOSR``,
 *   ``-EREMOTEIO``, ``-EXDEV``: host controller errors, as documented in
 *   the kernel's Documentation/driver-api/usb/error-codes.rst.
 */

/* Type of every winusb ioctl: 'W', numbers 0x80 to 0x9f. */
#define WINUSB_IOCTL_TYPE		'W'
#define WINUSB_IOCTL_BASE		0x80

/*
 * Version of this ABI, reported by WINUSB_IOCTL_GET_INFO.  Version 2 made
 * every endpoint address and alternate setting a __u8 followed by reserved
 * bytes (see "Endpoints and alternate settings" above).
 */
#define WINUSB_ABI_VERSION		2

/* Largest data stage of a control transfer, as in WinUSB. */
#define WINUSB_MAX_CONTROL_LENGTH	4096

/**
 * DOC: Policy defaults
 *
 * Microsoft's defaults, which the kernel sets when an interface is bound
 * and libwinusb restores in WinUsb_Initialize().  Both take them from here:
 * there is no other copy.  Timeouts are in ms:
 * %WINUSB_DEFAULT_CONTROL_TIMEOUT is the control pipe's
 * %WINUSB_POLICY_PIPE_TRANSFER_TIMEOUT, %WINUSB_DEFAULT_PIPE_TIMEOUT
 * (0: none) that of every other pipe.  The others are the values of the
 * policies of the same names (1 on, 0 off).
 */
#define WINUSB_DEFAULT_CONTROL_TIMEOUT		5000
#define WINUSB_DEFAULT_PIPE_TIMEOUT		0
#define WINUSB_DEFAULT_SHORT_PACKET_TERMINATE	0
#define WINUSB_DEFAULT_AUTO_CLEAR_STALL		0
#define WINUSB_DEFAULT_IGNORE_SHORT_PACKETS	0
#define WINUSB_DEFAULT_ALLOW_PARTIAL_READS	1
#define WINUSB_DEFAULT_AUTO_FLUSH		0
#define WINUSB_DEFAULT_RAW_IO			0
#define WINUSB_DEFAULT_RESET_PIPE_ON_RESUME	0
#define WINUSB_DEFAULT_AUTO_SUSPEND		1

/* "Wait forever" for struct winusb_reap.timeout_ms. */
#define WINUSB_INFINITE			0xffffffffU

/**
 * enum winusb_transfer_type - transfer types
 * @WINUSB_XFER_CONTROL: control transfer on endpoint 0
 * @WINUSB_XFER_ISOCH: isochronous; only through %WINUSB_IOCTL_ISOCH_SUBMIT
 * @WINUSB_XFER_BULK: bulk transfer
 * @WINUSB_XFER_INTERRUPT: interrupt transfer
 *
 * The values are those of USBD_PIPE_TYPE and of the endpoint descriptor's
 * bmAttributes bits 1..0.
 */
enum winusb_transfer_type {
	WINUSB_XFER_CONTROL = 0,
	WINUSB_XFER_ISOCH = 1,
	WINUSB_XFER_BULK = 2,
	WINUSB_XFER_INTERRUPT = 3,
};

/**
 * enum winusb_capability - bits of &struct winusb_info.out_capabilities
 * @WINUSB_CAP_ISOCH: %WINUSB_IOCTL_ISOCH_REGISTER,
 *	%WINUSB_IOCTL_ISOCH_UNREGISTER and %WINUSB_IOCTL_ISOCH_SUBMIT are
 *	implemented (otherwise they fail with ``EOPNOTSUPP``).
 * @WINUSB_CAP_GET_FRAME: %WINUSB_IOCTL_GET_FRAME is implemented.
 * @WINUSB_CAP_BULK_SG: the host controller takes scatter-gather URBs, so
 *	bulk and interrupt transfers whose buffers meet its constraints are
 *	done from the caller's pinned pages without a copy.
 * @WINUSB_CAP_BULK_SG_ANY: the host controller has no alignment
 *	constraint on scatter-gather elements (any buffer address works
 *	without a copy).
 * @WINUSB_CAP_RUNTIME_PM: the kernel has runtime power management; the
 *	power policies take effect.
 * @WINUSB_CAP_REAP_AFTER_DISCONNECT: completion records can be reaped
 *	after the device is gone (always set).
 */
enum winusb_capability {
	WINUSB_CAP_ISOCH = 1 << 0,
	WINUSB_CAP_GET_FRAME = 1 << 1,
	WINUSB_CAP_BULK_SG = 1 << 2,
	WINUSB_CAP_BULK_SG_ANY = 1 << 3,
	WINUSB_CAP_RUNTIME_PM = 1 << 4,
	WINUSB_CAP_REAP_AFTER_DISCONNECT = 1 << 5,
};

/**
 * enum winusb_dma_mode - how the host controller reaches memory
 * @WINUSB_DMA_NONE: the host controller does no DMA (vhci_hcd,
 *	dummy_hcd); isochronous buffers are used in place (zero copy).
 * @WINUSB_DMA_DIRECT: the host controller does DMA without an IOMMU;
 *	isochronous buffers go through DMA-coherent bounce memory unless the
 *	pinned pages are physically contiguous.
 * @WINUSB_DMA_IOMMU: the host controller does DMA through an IOMMU;
 *	isochronous buffers are mapped contiguously when the IOMMU allows.
 */
enum winusb_dma_mode {
	WINUSB_DMA_NONE = 0,
	WINUSB_DMA_DIRECT = 1,
	WINUSB_DMA_IOMMU = 2,
};

/**
 * struct winusb_info - WINUSB_IOCTL_GET_INFO argument
 * @size: sizeof(struct winusb_info)
 * @flags: must be 0
 * @out_capabilities: bit mask of &enum winusb_capability
 * @out_abi_version: %WINUSB_ABI_VERSION of the running module
 * @out_speed: device speed, a value of the USB core's
 *	``enum usb_device_speed`` (<linux/usb/ch9.h>): 1 low, 2 full,
 *	3 high, 5 super, 6 super-plus
 * @out_interface_number: bInterfaceNumber of this interface
 * @out_num_altsettings: number of alternate settings of this interface
 * @out_cur_altsetting: bAlternateSetting of the current setting
 * @out_dma_mode: an &enum winusb_dma_mode value
 * @out_vendor_id: idVendor of the device
 * @out_product_id: idProduct of the device
 * @out_busnum: USB bus number of the device
 * @out_devnum: USB device address on that bus
 * @out_max_transfer_size: value of %WINUSB_POLICY_MAXIMUM_TRANSFER_SIZE
 * @out_disconnected: 1 once the device is gone or the driver unbound
 * @__reserved: must be 0
 *
 * This ioctl works on every open file, also after a disconnect (the
 * values are then those of the time of the disconnect).
 */
struct winusb_info {
	__u32 size;
	__u32 flags;
	__aligned_u64 out_capabilities;
	__u32 out_abi_version;
	__u32 out_speed;
	__u8 out_interface_number;
	__u8 out_num_altsettings;
	__u8 out_cur_altsetting;
	__u8 out_dma_mode;
	__u16 out_vendor_id;
	__u16 out_product_id;
	__u32 out_busnum;
	__u32 out_devnum;
	__u32 out_max_transfer_size;
	__u8 out_disconnected;
	__u8 __reserved[3];
};

/**
 * struct winusb_get_descriptor - WINUSB_IOCTL_GET_DESCRIPTOR argument
 * @size: sizeof(struct winusb_get_descriptor)
 * @flags: must be 0
 * @type: bDescriptorType (1 device, 2 configuration, 3 string, ...)
 * @index: descriptor index (configuration index, string index, ...)
 * @language_id: LANGID for string descriptors, else usually 0
 * @length: size of the buffer at @data_uptr
 * @data_uptr: user buffer receiving the descriptor
 * @out_length: bytes copied to @data_uptr
 * @out_total_length: full length of the descriptor (wTotalLength for a
 *	configuration, bLength for a device descriptor, bytes received for
 *	others); larger than @out_length when the buffer was too small
 *
 * Device and configuration descriptors come from the copies the USB core
 * read at enumeration and never touch the device (also allowed on
 * read-only files).  Any other type is read from the device with a
 * standard GET_DESCRIPTOR request to the device recipient (wValue =
 * @type << 8 | @index, wIndex = @language_id, wLength = min(@length,
 * 4096)) with the control pipe's timeout.  A buffer smaller than the
 * descriptor receives its first @length bytes.
 */
struct winusb_get_descriptor {
	__u32 size;
	__u32 flags;
	__u8 type;
	__u8 index;
	__u16 language_id;
	__u32 length;
	__aligned_u64 data_uptr;
	__u32 out_length;
	__u32 out_total_length;
};

/**
 * struct winusb_query_pipe - WINUSB_IOCTL_QUERY_PIPE argument
 * @size: sizeof(struct winusb_query_pipe)
 * @flags: must be 0
 * @alt_setting: bAlternateSetting of the setting to look in (need not be
 *	the current one)
 * @pipe_index: 0 .. bNumEndpoints - 1; the control pipe is never reported
 * @__reserved: must be 0
 * @out_endpoint: bEndpointAddress (WinUSB's PipeId)
 * @out_type: an &enum winusb_transfer_type value (WinUSB's PipeType)
 * @out_max_packet_size: wMaxPacketSize bits 10..0 (MaximumPacketSize)
 * @out_interval: bInterval, unconverted (Interval)
 * @__reserved2: 0
 * @out_mult: additional transactions per microframe (high speed, bits
 *	12..11 of wMaxPacketSize) or bMaxBurst (SuperSpeed), else 0
 * @out_max_bytes_per_interval: bytes per service interval
 *	(MaximumBytesPerInterval): wMaxPacketSize for low and full speed,
 *	max packet times (1 + mult) at high speed, wBytesPerInterval of the
 *	SuperSpeed(Plus) companion descriptors for periodic endpoints and
 *	max packet times (1 + bMaxBurst) for bulk at SuperSpeed
 * @out_interval_us: service interval in microseconds for periodic
 *	endpoints (0 for bulk)
 * @__reserved3: 0
 *
 * Fails with ``ENOENT`` if this interface has no such alternate setting
 * and with ``ERANGE`` if @pipe_index is not below its bNumEndpoints.
 */
struct winusb_query_pipe {
	__u32 size;
	__u32 flags;
	__u8 alt_setting;
	__u8 pipe_index;
	__u16 __reserved;
	__u8 out_endpoint;
	__u8 out_type;
	__u16 out_max_packet_size;
	__u8 out_interval;
	__u8 out_mult;
	__u16 __reserved2;
	__u32 out_max_bytes_per_interval;
	__u32 out_interval_us;
	__u32 __reserved3;
};

/**
 * struct winusb_altsetting - WINUSB_IOCTL_GET_ALTSETTING and
 *	WINUSB_IOCTL_SET_ALTSETTING argument
 * @size: sizeof(struct winusb_altsetting)
 * @flags: must be 0
 * @alt_setting: SET: bAlternateSetting to select; GET: written by the
 *	kernel (the current setting)
 * @__reserved: must be 0 (``EINVAL``)
 *
 * SET fails with ``EBUSY`` while any request (of any file) is pending on
 * the interface, as WinUSB refuses to change the setting with I/O
 * outstanding, and with ``ENOENT`` if the setting does not exist.
 * Selecting the current setting again sends the request too (it resets
 * the endpoints' data toggles).  Leftover data held for partial reads is
 * dropped; pipe policies are kept per endpoint address.
 */
struct winusb_altsetting {
	__u32 size;
	__u32 flags;
	__u8 alt_setting;
	__u8 __reserved[7];
};

/**
 * enum winusb_submit_flags - &struct winusb_submit.flags bits
 * @WINUSB_SUBMIT_TIMEOUT: use &struct winusb_submit.timeout_ms instead of
 *	the pipe's %WINUSB_POLICY_PIPE_TRANSFER_TIMEOUT
 */
enum winusb_submit_flags {
	WINUSB_SUBMIT_TIMEOUT = 1 << 0,
};

/**
 * struct winusb_submit - WINUSB_IOCTL_SUBMIT argument
 * @size: sizeof(struct winusb_submit)
 * @flags: bit mask of &enum winusb_submit_flags
 * @type: %WINUSB_XFER_CONTROL, %WINUSB_XFER_BULK or
 *	%WINUSB_XFER_INTERRUPT; bulk and interrupt must match the
 *	endpoint's type (``EINVAL`` otherwise), isochronous is refused
 *	(``EINVAL``: use %WINUSB_IOCTL_ISOCH_SUBMIT)
 * @endpoint: bEndpointAddress of a bulk or interrupt endpoint in the
 *	current alternate setting (``ENOENT`` otherwise); 0 for control.
 *	Bit 7 gives the direction.
 * @__reserved: must be 0
 * @length: bytes to transfer.  Control: must equal wLength of @setup and
 *	be at most %WINUSB_MAX_CONTROL_LENGTH.  Bulk and interrupt: any
 *	length up to 2^32 - 1 (bounded by the per-file memory limit), split
 *	into several URBs in order where needed; with %WINUSB_POLICY_RAW_IO a
 *	multiple of the maximum packet size and at most
 *	%WINUSB_POLICY_MAXIMUM_TRANSFER_SIZE.
 * @data_uptr: user buffer of @length bytes; it must stay valid until the
 *	completion is reaped (the kernel pins or copies it at submit time
 *	and writes IN data into it before queueing the completion)
 * @cookie: any value, returned in the completion record
 * @setup: control only: the 8-byte setup packet as sent on the wire
 *	(wValue, wIndex and wLength little-endian); ignored (must be 0) for
 *	bulk and interrupt.  bmRequestType bit 7 gives the direction.
 *	Recipient rules, as in WinUSB: interface recipient: the kernel
 *	replaces the low byte of wIndex with this interface's number;
 *	endpoint recipient: the low byte of wIndex must be an endpoint of
 *	one of this interface's alternate settings (``ENOENT``); device and
 *	other recipients pass unchanged.  Standard SET_ADDRESS,
 *	SET_CONFIGURATION and SET_INTERFACE requests are refused with
 *	``EPERM`` (use %WINUSB_IOCTL_SET_ALTSETTING).
 * @timeout_ms: with %WINUSB_SUBMIT_TIMEOUT: the timeout of this request
 *	in ms, 0 for none; otherwise must be 0
 * @__reserved2: must be 0
 * @out_id: the kernel's id of the request, unique per file, never 0
 *
 * Returns at once.  The request's completion record is queued when the
 * transfer ends (or at once for a read served entirely from data left
 * over by an earlier partial read, or a zero-length read with
 * %WINUSB_POLICY_ALLOW_PARTIAL_READS set).  Requests on one pipe complete
 * in submission order.
 */
struct winusb_submit {
	__u32 size;
	__u32 flags;
	__u8 type;
	__u8 endpoint;
	__u16 __reserved;
	__u32 length;
	__aligned_u64 data_uptr;
	__aligned_u64 cookie;
	__u8 setup[8];
	__u32 timeout_ms;
	__u32 __reserved2;
	__aligned_u64 out_id;
};

/**
 * enum winusb_completion_flags - &struct winusb_completion.flags bits
 * @WINUSB_COMPLETION_STALL_CLEARED: the endpoint stalled and
 *	%WINUSB_POLICY_AUTO_CLEAR_STALL cleared the halt before completing
 * @WINUSB_COMPLETION_DATA_KEPT: the device sent more than the request
 *	could hold; the excess was kept for the next read
 *	(%WINUSB_POLICY_AUTO_FLUSH off)
 * @WINUSB_COMPLETION_DATA_DROPPED: the device sent more than the request
 *	could hold; the excess was dropped (%WINUSB_POLICY_AUTO_FLUSH on)
 * @WINUSB_COMPLETION_FROM_LEFTOVER: some or all data came from bytes kept
 *	by an earlier read
 */
enum winusb_completion_flags {
	WINUSB_COMPLETION_STALL_CLEARED = 1 << 0,
	WINUSB_COMPLETION_DATA_KEPT = 1 << 1,
	WINUSB_COMPLETION_DATA_DROPPED = 1 << 2,
	WINUSB_COMPLETION_FROM_LEFTOVER = 1 << 3,
};

/**
 * struct winusb_completion - one completion record, filled by
 *	WINUSB_IOCTL_REAP
 * @id: the request id returned by the submit
 * @cookie: the submit's cookie
 * @status: 0 or a negative errno (see "Completion status" above)
 * @actual_length: bytes transferred; for isochronous requests the sum
 *	of the packets' lengths
 * @type: &enum winusb_transfer_type of the request
 * @endpoint: the request's endpoint address (0 for control)
 * @__reserved: 0
 * @flags: bit mask of &enum winusb_completion_flags
 * @start_frame: isochronous: extended frame number of the first packet;
 *	else 0
 * @error_count: isochronous: number of packets with a non-zero status;
 *	else 0
 *
 * Records are arrays elements, not ioctl arguments, so they do not start
 * with a size; &struct winusb_reap.record_size gives the stride instead.
 */
struct winusb_completion {
	__aligned_u64 id;
	__aligned_u64 cookie;
	__s32 status;
	__u32 actual_length;
	__u8 type;
	__u8 endpoint;
	__u16 __reserved;
	__u32 flags;
	__u32 start_frame;
	__u32 error_count;
};

/**
 * enum winusb_reap_flags - &struct winusb_reap.flags bits
 * @WINUSB_REAP_NONBLOCK: do not wait; fail with ``EAGAIN`` if no record
 *	is queued
 * @WINUSB_REAP_MATCH_ID: take only the record of request
 *	&struct winusb_reap.id (other records stay queued)
 */
enum winusb_reap_flags {
	WINUSB_REAP_NONBLOCK = 1 << 0,
	WINUSB_REAP_MATCH_ID = 1 << 1,
};

/**
 * struct winusb_reap - WINUSB_IOCTL_REAP argument
 * @size: sizeof(struct winusb_reap)
 * @flags: bit mask of &enum winusb_reap_flags
 * @count: capacity of the array at @records_uptr, at least 1
 * @record_size: sizeof(struct winusb_completion) as the caller knows it:
 *	the array's stride; at least 40 and at most 4096 (``EINVAL``); a
 *	larger record gets zeroes beyond the kernel's record
 * @records_uptr: array of @count records
 * @id: with %WINUSB_REAP_MATCH_ID: the request id to reap; otherwise must
 *	be 0
 * @timeout_ms: without %WINUSB_REAP_NONBLOCK: how long to wait for a
 *	first record, %WINUSB_INFINITE for ever; 0 means do not wait but
 *	fail with ``ETIMEDOUT`` rather than ``EAGAIN``
 * @__reserved: must be 0
 *
 * Returns the number of records written (1 to @count), oldest first.
 * With nothing queued it waits (interruptibly) unless
 * %WINUSB_REAP_NONBLOCK is set.  Once the device is gone and no request
 * is pending or queued, it fails with ``ENODEV`` instead of waiting; with
 * %WINUSB_REAP_MATCH_ID and no such request pending or queued it fails
 * with ``ENOENT``.  A record that cannot be written (``EFAULT``) is put
 * back on the queue.
 */
struct winusb_reap {
	__u32 size;
	__u32 flags;
	__u32 count;
	__u32 record_size;
	__aligned_u64 records_uptr;
	__aligned_u64 id;
	__u32 timeout_ms;
	__u32 __reserved;
};

/**
 * struct winusb_cancel - WINUSB_IOCTL_CANCEL argument
 * @size: sizeof(struct winusb_cancel)
 * @flags: must be 0
 * @id: the request to cancel
 *
 * Cancels a pending request of this file and waits until its completion
 * record is queued.  The record has status ``-ECANCELED``, or the
 * request's real result if it finished first; data transferred before the
 * cancel is reported in actual_length.  Fails with ``ENOENT`` if no
 * request with that id is pending (it may already be on the completion
 * queue).
 */
struct winusb_cancel {
	__u32 size;
	__u32 flags;
	__aligned_u64 id;
};

/**
 * struct winusb_pipe_cmd - a command on one pipe: the argument of
 *	WINUSB_IOCTL_ABORT_PIPE, WINUSB_IOCTL_RESET_PIPE and
 *	WINUSB_IOCTL_FLUSH_PIPE
 * @size: sizeof(struct winusb_pipe_cmd)
 * @flags: must be 0
 * @endpoint: bEndpointAddress of an endpoint in the current alternate
 *	setting (``ENOENT`` otherwise); ABORT also takes 0 (the control pipe)
 * @__reserved: must be 0 (``EINVAL``)
 *
 * ABORT_PIPE (WinUsb_AbortPipe) cancels every pending request of every
 * file on the pipe and returns when all of them are completed.
 * RESET_PIPE (WinUsb_ResetPipe) sends CLEAR_FEATURE(ENDPOINT_HALT) and
 * resets the data toggle; it does not cancel anything.  FLUSH_PIPE
 * (WinUsb_FlushPipe) drops the bytes kept from partial reads.
 */
struct winusb_pipe_cmd {
	__u32 size;
	__u32 flags;
	__u8 endpoint;
	__u8 __reserved[7];
};

/*
 * Pipe policies, numbered as in Microsoft's winusbio.h.  Value sizes are
 * WinUSB's: 1 byte for UCHAR (boolean) policies, 4 bytes for ULONG ones.
 * Their defaults are the WINUSB_DEFAULT_* values above.
 */
#define WINUSB_POLICY_SHORT_PACKET_TERMINATE	0x01	/* u8 */
#define WINUSB_POLICY_AUTO_CLEAR_STALL		0x02	/* u8 */
#define WINUSB_POLICY_PIPE_TRANSFER_TIMEOUT	0x03	/* u32 ms */
#define WINUSB_POLICY_IGNORE_SHORT_PACKETS	0x04	/* u8 */
#define WINUSB_POLICY_ALLOW_PARTIAL_READS	0x05	/* u8 */
#define WINUSB_POLICY_AUTO_FLUSH		0x06	/* u8 */
#define WINUSB_POLICY_RAW_IO			0x07	/* u8 */
#define WINUSB_POLICY_MAXIMUM_TRANSFER_SIZE	0x08	/* u32, read-only */
#define WINUSB_POLICY_RESET_PIPE_ON_RESUME	0x09	/* u8 */

/**
 * struct winusb_pipe_policy - WINUSB_IOCTL_GET_PIPE_POLICY and
 *	WINUSB_IOCTL_SET_PIPE_POLICY argument
 * @size: sizeof(struct winusb_pipe_policy)
 * @flags: must be 0
 * @endpoint: bEndpointAddress of an endpoint in the current alternate
 *	setting, or 0 for the control pipe (``ENOENT`` otherwise)
 * @__reserved: must be 0 (``EINVAL``)
 * @policy: a ``WINUSB_POLICY_*`` number (``ENOPROTOOPT`` otherwise)
 * @value_size: SET: size of the caller's value, which must be the
 *	policy's size (1 or 4; ``EINVAL`` otherwise); GET: written by the
 *	kernel (the policy's size)
 * @__reserved2: must be 0 (``EINVAL``)
 * @value: SET: the new value (a 1-byte policy is true when non-zero and
 *	is stored as 0 or 1; bits above @value_size bytes must be 0); GET:
 *	written by the kernel
 *
 * Policies are kept per endpoint address for the life of the binding and
 * shared by every open file, as in WinUSB, where they belong to the
 * device's interface.  A policy that does not apply to an endpoint (for
 * example SHORT_PACKET_TERMINATE on an IN endpoint) is stored and has no
 * effect.  Only PIPE_TRANSFER_TIMEOUT applies to the control pipe
 * (default %WINUSB_DEFAULT_CONTROL_TIMEOUT ms); its default is
 * %WINUSB_DEFAULT_PIPE_TIMEOUT (no timeout) for other pipes.
 * MAXIMUM_TRANSFER_SIZE is read-only (``EACCES``).
 */
struct winusb_pipe_policy {
	__u32 size;
	__u32 flags;
	__u8 endpoint;
	__u8 __reserved[3];
	__u32 policy;
	__u32 value_size;
	__u32 __reserved2;
	__aligned_u64 value;
};

/* Power policies, numbered as in Microsoft's winusbio.h (defaults above). */
#define WINUSB_POWER_AUTO_SUSPEND		0x81	/* u8 */
#define WINUSB_POWER_SUSPEND_DELAY		0x83	/* u32 ms */

/**
 * struct winusb_power_policy - WINUSB_IOCTL_GET_POWER_POLICY and
 *	WINUSB_IOCTL_SET_POWER_POLICY argument
 * @size: sizeof(struct winusb_power_policy)
 * @flags: must be 0
 * @policy: %WINUSB_POWER_AUTO_SUSPEND or %WINUSB_POWER_SUSPEND_DELAY
 *	(``ENOPROTOOPT`` otherwise)
 * @value_size: as in &struct winusb_pipe_policy (1 for AUTO_SUSPEND,
 *	4 for SUSPEND_DELAY)
 * @value: as in &struct winusb_pipe_policy
 *
 * AUTO_SUSPEND off makes the driver hold a runtime-PM reference on the
 * interface, so the device never autosuspends; on (the default) lets the
 * device suspend whenever no request is pending on the interface and the
 * device's ``power/control`` is ``auto``.  SUSPEND_DELAY sets the
 * device's autosuspend delay (``power/autosuspend_delay_ms``), which is
 * shared by all interfaces of the device.
 */
struct winusb_power_policy {
	__u32 size;
	__u32 flags;
	__u32 policy;
	__u32 value_size;
	__aligned_u64 value;
};

/**
 * enum winusb_isoch_path - how a registered isochronous buffer reaches
 *	the host controller
 * @WINUSB_ISOCH_PATH_VMAP: the URBs point into a kernel mapping of the
 *	pinned pages (host controllers without DMA, such as vhci_hcd): zero
 *	copy
 * @WINUSB_ISOCH_PATH_BOUNCE: the URBs point into DMA-coherent bounce
 *	memory allocated at registration (a shadow of the buffer, in chunks of
 *	at most 256 KiB); OUT data is copied from the pinned pages just before
 *	each URB is submitted, IN data is copied into them packet by packet
 *	(only the bytes received) when the URB completes
 * @WINUSB_ISOCH_PATH_DMA: the pinned pages are mapped for DMA as one
 *	contiguous range (through an IOMMU, or pages that are physically
 *	contiguous): zero copy
 */
enum winusb_isoch_path {
	WINUSB_ISOCH_PATH_VMAP = 1,
	WINUSB_ISOCH_PATH_BOUNCE = 2,
	WINUSB_ISOCH_PATH_DMA = 3,
};

/**
 * struct winusb_isoch_register - WINUSB_IOCTL_ISOCH_REGISTER argument
 * @size: sizeof(struct winusb_isoch_register)
 * @flags: must be 0
 * @endpoint: bEndpointAddress of an isochronous endpoint in the current
 *	alternate setting (``ENOENT`` if absent, ``EINVAL`` if not
 *	isochronous)
 * @__reserved: must be 0 (``EINVAL``)
 * @buffer_uptr: start of the buffer; any alignment
 * @length: length of the buffer in bytes, 1 to 2^32 - 1 (``EINVAL``)
 * @out_handle: the buffer handle, unique per interface (so per file),
 *	never 0 nor 0xffffffff
 * @out_path: an &enum winusb_isoch_path value
 * @out_packet_bytes: bytes of one packet: the endpoint's bytes per
 *	service interval (WinUSB's MaximumBytesPerInterval)
 * @out_frame_bytes: transfer lengths must be multiples of this: the
 *	bytes per 1 ms frame (@out_packet_bytes times the packets per
 *	frame), or @out_packet_bytes when the service interval is longer
 *	than 1 ms
 * @out_urb_packets: packets per URB: at most 255 at full speed and 1024
 *	at high speed and above, as in Windows, and no more than the buffer
 *	holds
 * @out_num_urbs: URBs built for the handle; a transfer takes
 *	ceil(packets / @out_urb_packets) of them (one more where it crosses
 *	a bounce chunk), from submission until the host controller gives
 *	them back.  The pool always suffices for transfers that do not
 *	overlap, up to 64 at a time (fewer if the buffer holds fewer
 *	frames); beyond that ``ISOCH_SUBMIT`` fails with ``EBUSY``.
 *
 * Pins the buffer (FOLL_LONGTERM, writable for IN endpoints), charges its
 * pages to the caller's user ``locked_vm`` against ``RLIMIT_MEMLOCK``
 * (unless the caller has CAP_IPC_LOCK; ``ENOMEM`` over the limit) and to
 * the process' ``pinned_vm`` (``VmPin`` in /proc/<pid>/status), maps it,
 * and builds the URBs used by every later transfer on the handle; nothing
 * is allocated or pinned when transfers are submitted.  A shared mapping
 * of a file other than shmem or hugetlbfs is refused (``EOPNOTSUPP``);
 * private writable ones, such as a program's static arrays, are fine;
 * an address range that wraps gives ``EOVERFLOW``, memory that cannot be
 * pinned ``EFAULT``.
 *
 * The handle belongs to the file and to the endpoint address; it
 * survives alternate setting changes and works again once the endpoint
 * is back (with the same packet size and interval).  Closing the file
 * unregisters every handle it still has; so does a disconnect (the
 * handle then only answers ``ENODEV``).
 */
struct winusb_isoch_register {
	__u32 size;
	__u32 flags;
	__u8 endpoint;
	__u8 __reserved[7];
	__aligned_u64 buffer_uptr;
	__aligned_u64 length;
	__u32 out_handle;
	__u32 out_path;
	__u32 out_packet_bytes;
	__u32 out_frame_bytes;
	__u32 out_urb_packets;
	__u32 out_num_urbs;
};

/**
 * struct winusb_isoch_unregister - WINUSB_IOCTL_ISOCH_UNREGISTER argument
 * @size: sizeof(struct winusb_isoch_unregister)
 * @flags: must be 0
 * @handle: a handle returned by %WINUSB_IOCTL_ISOCH_REGISTER on this file
 *	(``ENOENT`` otherwise)
 * @__reserved: must be 0
 *
 * Waits until the handle's pending transfers have completed (as
 * WinUsb_UnregisterIsochBuffer does; new submits on the handle fail with
 * ``ENOENT`` from the start of the call), then frees the URBs and bounce
 * memory, unmaps, unpins (marking the pages of IN buffers dirty) and
 * uncharges the buffer.  The wait does not hold the interface's lock,
 * so other threads may abort the pipe meanwhile; a fatal signal ends it
 * (``EINTR``, the handle stays unusable until the file is closed).  The
 * transfers' completion records stay queued.  After the device is gone
 * it fails with ``ENODEV``, once the disconnect has unpinned and freed
 * every buffer of the interface.
 */
struct winusb_isoch_unregister {
	__u32 size;
	__u32 flags;
	__u32 handle;
	__u32 __reserved;
};

/**
 * enum winusb_isoch_flags - &struct winusb_isoch_submit.flags bits
 * @WINUSB_ISOCH_ASAP: start as soon as possible (Read/WriteIsochPipeAsap)
 *	instead of at &struct winusb_isoch_submit.start_frame: right after
 *	the last transfer pending on the endpoint (of any handle or file) if
 *	that frame is still ahead, else a new stream a few frames from now
 * @WINUSB_ISOCH_CONTINUE: with %WINUSB_ISOCH_ASAP only (``EINVAL``
 *	otherwise): continue right after the last transfer pending on the
 *	endpoint, or fail with ``EXDEV`` if there is none or its end is too
 *	close to the current frame for the host controller to keep the
 *	stream going (WinUSB's ContinueStream = TRUE): never a silent gap
 */
enum winusb_isoch_flags {
	WINUSB_ISOCH_ASAP = 1 << 0,
	WINUSB_ISOCH_CONTINUE = 1 << 1,
};

/**
 * struct winusb_isoch_packet - per-packet result of an isochronous transfer
 * @offset: offset of the packet in the transfer (packet index times
 *	&struct winusb_isoch_register.out_packet_bytes)
 * @length: bytes received (IN) or sent (OUT)
 * @status: 0 or a negative errno: ``-EXDEV``: the host controller did not
 *	transfer it in its slot (USBD_STATUS_ISO_NOT_ACCESSED_BY_HW);
 *	``-ETIME``: its frame had passed before it could be queued, so it was
 *	never sent (USBD_STATUS_ISO_NA_LATE_USBPORT); ``-ECANCELED``: the
 *	transfer was cancelled, aborted or the device went away before the
 *	packet was queued (``-ENODEV`` for the latter); ``-EPROTO``,
 *	``-EILSEQ``, ``-EOVERFLOW``, ``-ENOSR``, ``-ECOMM``: host controller
 *	errors
 *
 * Same size and layout as Microsoft's USBD_ISO_PACKET_DESCRIPTOR (12
 * bytes), with a Linux errno in place of the USBD status.
 */
struct winusb_isoch_packet {
	__u32 offset;
	__u32 length;
	__s32 status;
};

/**
 * struct winusb_isoch_submit - WINUSB_IOCTL_ISOCH_SUBMIT argument
 * @size: sizeof(struct winusb_isoch_submit)
 * @flags: bit mask of &enum winusb_isoch_flags
 * @handle: a registered buffer handle of this file (``ENOENT``)
 * @offset: start of the transfer in the registered buffer, any byte
 * @length: bytes to transfer; non-zero, a multiple of
 *	&struct winusb_isoch_register.out_frame_bytes, and @offset + @length
 *	must lie inside the buffer (``EINVAL``)
 * @start_frame: without %WINUSB_ISOCH_ASAP: the extended frame number
 *	(1 ms frames, as %WINUSB_IOCTL_GET_FRAME reports) of the first
 *	packet; it must be later than the current frame, at most 1024 frames
 *	ahead, and not before the end of the transfers pending on the
 *	endpoint (``ERANGE``).  Must be 0 with %WINUSB_ISOCH_ASAP
 *	(``EINVAL``).
 * @num_packets: IN: number of entries at @packets_uptr, which must equal
 *	@length / &struct winusb_isoch_register.out_packet_bytes
 *	(``EINVAL``); OUT: 0 or that same number
 * @__reserved: must be 0
 * @packets_uptr: with @num_packets: array of @num_packets &struct
 *	winusb_isoch_packet (``EFAULT`` if not writable), written by
 *	%WINUSB_IOCTL_REAP, in the address space of the reaping process,
 *	when it takes the completion record; it must stay valid until then
 * @cookie: any value, returned in the completion record
 * @out_id: the kernel's id of the request
 * @out_start_frame: extended frame number of the first packet
 * @out_next_frame: the frame after the last one the transfer uses
 *	(WinUSB's updated FrameNumber), so that passing it as the next
 *	@start_frame continues the stream without a gap
 *
 * Nothing is allocated or pinned: the transfer takes URBs and a request
 * from its handle's pools (``EBUSY`` when they are all in use) and
 * returns.  A transfer that continues the endpoint's stream goes to the
 * host controller at once.  One with a later start frame waits in the
 * kernel until the stream before it has drained and its first frame is
 * near (the host controller chooses where a new stream starts, so the
 * kernel submits a new stream a few frames ahead of its start frame);
 * packets whose frames have passed by then are not sent and report
 * ``-ETIME``.  Packets are laid out back to back, one per service
 * interval, each &struct winusb_isoch_register.out_packet_bytes long.
 * Transfers on one endpoint complete in order.
 *
 * The completion record has status 0 (even if packets failed: see
 * error_count and the packet array), ``-ECANCELED`` (cancel, abort, a
 * reset or system suspend), ``-ENODEV`` (disconnect) or the host
 * controller's refusal of an URB; actual_length is the sum of the packet
 * lengths, start_frame the extended frame of the first packet, as
 * scheduled.  If the packet array can no longer be written, the record
 * is still delivered, with status ``-EFAULT``.  Packet results live in
 * a per-handle table indexed by buffer position until they are reaped:
 * reap a transfer before a later transfer over the same bytes of the
 * buffer completes.
 */
struct winusb_isoch_submit {
	__u32 size;
	__u32 flags;
	__u32 handle;
	__u32 offset;
	__u32 length;
	__u32 start_frame;
	__u32 num_packets;
	__u32 __reserved;
	__aligned_u64 packets_uptr;
	__aligned_u64 cookie;
	__aligned_u64 out_id;
	__u32 out_start_frame;
	__u32 out_next_frame;
};

/**
 * enum winusb_frame_flags - &struct winusb_frame.out_flags bits
 * @WINUSB_FRAME_SYNTHETIC: the host controller reports no usable frame
 *	number (vhci_hcd); the count is derived from CLOCK_MONOTONIC
 */
enum winusb_frame_flags {
	WINUSB_FRAME_SYNTHETIC = 1 << 0,
};

/**
 * struct winusb_frame - WINUSB_IOCTL_GET_FRAME argument
 * @size: sizeof(struct winusb_frame)
 * @flags: must be 0
 * @out_frame: the bus's extended frame number: a 32-bit count of 1 ms
 *	frames that does not wrap before 2^32 (WinUSB's frame number)
 * @out_microframe: 0..7 at high speed and above, else 0; estimated
 *	from CLOCK_MONOTONIC (host controllers report whole frames)
 * @out_time_ns: CLOCK_MONOTONIC time in ns at which the frame number was
 *	read
 * @out_flags: bit mask of &enum winusb_frame_flags
 * @__reserved: 0
 *
 * The count is kept per USB bus, so every interface on the bus reports
 * the same numbers.  The host controller's own counter wraps early (xHCI
 * after 2048 frames, EHCI after its schedule size); the kernel extends
 * it from every reading and from the clock, so it wraps only after
 * 2^32 frames.  Where the controller has no usable counter (vhci_hcd),
 * the frame number is CLOCK_MONOTONIC in milliseconds and
 * %WINUSB_FRAME_SYNTHETIC is set.  Works on read-only files.
 */
struct winusb_frame {
	__u32 size;
	__u32 flags;
	__u32 out_frame;
	__u32 out_microframe;
	__aligned_u64 out_time_ns;
	__u32 out_flags;
	__u32 __reserved;
};

/**
 * DOC: Ioctls
 *
 * - %WINUSB_IOCTL_GET_INFO: &struct winusb_info; ABI version, speed,
 *   capabilities (WinUsb_QueryDeviceInformation).
 * - %WINUSB_IOCTL_GET_DESCRIPTOR: &struct winusb_get_descriptor
 *   (WinUsb_GetDescriptor).
 * - %WINUSB_IOCTL_QUERY_PIPE: &struct winusb_query_pipe
 *   (WinUsb_QueryPipe, WinUsb_QueryPipeEx).
 * - %WINUSB_IOCTL_GET_ALTSETTING, %WINUSB_IOCTL_SET_ALTSETTING:
 *   &struct winusb_altsetting (WinUsb_Get/SetCurrentAlternateSetting).
 * - %WINUSB_IOCTL_SUBMIT: &struct winusb_submit (WinUsb_ReadPipe,
 *   WinUsb_WritePipe, WinUsb_ControlTransfer).
 * - %WINUSB_IOCTL_REAP: &struct winusb_reap, &struct winusb_completion
 *   (GetOverlappedResult and the synchronous calls).
 * - %WINUSB_IOCTL_CANCEL: &struct winusb_cancel (CancelIo, CancelIoEx).
 * - %WINUSB_IOCTL_ABORT_PIPE, %WINUSB_IOCTL_RESET_PIPE,
 *   %WINUSB_IOCTL_FLUSH_PIPE: &struct winusb_pipe_cmd.
 * - %WINUSB_IOCTL_GET_PIPE_POLICY, %WINUSB_IOCTL_SET_PIPE_POLICY:
 *   &struct winusb_pipe_policy.
 * - %WINUSB_IOCTL_GET_POWER_POLICY, %WINUSB_IOCTL_SET_POWER_POLICY:
 *   &struct winusb_power_policy.
 * - %WINUSB_IOCTL_ISOCH_REGISTER: &struct winusb_isoch_register
 *   (WinUsb_RegisterIsochBuffer).
 * - %WINUSB_IOCTL_ISOCH_UNREGISTER: &struct winusb_isoch_unregister
 *   (WinUsb_UnregisterIsochBuffer).
 * - %WINUSB_IOCTL_ISOCH_SUBMIT: &struct winusb_isoch_submit
 *   (WinUsb_Read/WriteIsochPipe[Asap]).
 * - %WINUSB_IOCTL_GET_FRAME: &struct winusb_frame
 *   (WinUsb_GetCurrentFrameNumber).
 */
#define WINUSB_IOCTL_GET_INFO \
	_IOWR(WINUSB_IOCTL_TYPE, 0x80, struct winusb_info)
#define WINUSB_IOCTL_GET_DESCRIPTOR \
	_IOWR(WINUSB_IOCTL_TYPE, 0x81, struct winusb_get_descriptor)
#define WINUSB_IOCTL_QUERY_PIPE \
	_IOWR(WINUSB_IOCTL_TYPE, 0x82, struct winusb_query_pipe)
#define WINUSB_IOCTL_GET_ALTSETTING \
	_IOWR(WINUSB_IOCTL_TYPE, 0x83, struct winusb_altsetting)
#define WINUSB_IOCTL_SET_ALTSETTING \
	_IOW(WINUSB_IOCTL_TYPE, 0x84, struct winusb_altsetting)
#define WINUSB_IOCTL_SUBMIT \
	_IOWR(WINUSB_IOCTL_TYPE, 0x85, struct winusb_submit)
#define WINUSB_IOCTL_REAP \
	_IOW(WINUSB_IOCTL_TYPE, 0x86, struct winusb_reap)
#define WINUSB_IOCTL_CANCEL \
	_IOW(WINUSB_IOCTL_TYPE, 0x87, struct winusb_cancel)
#define WINUSB_IOCTL_ABORT_PIPE \
	_IOW(WINUSB_IOCTL_TYPE, 0x88, struct winusb_pipe_cmd)
#define WINUSB_IOCTL_RESET_PIPE \
	_IOW(WINUSB_IOCTL_TYPE, 0x89, struct winusb_pipe_cmd)
#define WINUSB_IOCTL_FLUSH_PIPE \
	_IOW(WINUSB_IOCTL_TYPE, 0x8a, struct winusb_pipe_cmd)
#define WINUSB_IOCTL_GET_PIPE_POLICY \
	_IOWR(WINUSB_IOCTL_TYPE, 0x8b, struct winusb_pipe_policy)
#define WINUSB_IOCTL_SET_PIPE_POLICY \
	_IOW(WINUSB_IOCTL_TYPE, 0x8c, struct winusb_pipe_policy)
#define WINUSB_IOCTL_GET_POWER_POLICY \
	_IOWR(WINUSB_IOCTL_TYPE, 0x8d, struct winusb_power_policy)
#define WINUSB_IOCTL_SET_POWER_POLICY \
	_IOW(WINUSB_IOCTL_TYPE, 0x8e, struct winusb_power_policy)
#define WINUSB_IOCTL_ISOCH_REGISTER \
	_IOWR(WINUSB_IOCTL_TYPE, 0x8f, struct winusb_isoch_register)
#define WINUSB_IOCTL_ISOCH_UNREGISTER \
	_IOW(WINUSB_IOCTL_TYPE, 0x90, struct winusb_isoch_unregister)
#define WINUSB_IOCTL_ISOCH_SUBMIT \
	_IOWR(WINUSB_IOCTL_TYPE, 0x91, struct winusb_isoch_submit)
#define WINUSB_IOCTL_GET_FRAME \
	_IOWR(WINUSB_IOCTL_TYPE, 0x92, struct winusb_frame)

#endif /* _UAPI_LINUX_WINUSB_H */
