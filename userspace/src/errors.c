// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * errors.c - the thread's last error, and the tables that turn Linux
 * errno values into the Windows error codes WinUSB reports (and, for
 * isochronous packets, into USBD statuses).
 *
 * The same errno means different things depending on where it came from:
 * ENODEV from a completion is a request that was pending when the device
 * went away (WinUSB: ERROR_DEVICE_NOT_CONNECTED), from a new submit it is a
 * request made after the unplug (WinUSB: ERROR_BAD_COMMAND, libusb #297),
 * and from open() it is a node that no longer exists (ERROR_FILE_NOT_FOUND).
 * Each row therefore has one column per context (enum wu_err_ctx).  What
 * the winusb driver returns is listed in <linux/winusb.h>; what WinUSB
 * reports is in Documentation/userspace-errors.rst.
 */
#include <errno.h>

#include "libwinusb.h"

static __thread DWORD wu_last_error;

DWORD WINAPI GetLastError(void)
{
	return wu_last_error;
}

void WINAPI SetLastError(DWORD dwErrCode)
{
	wu_last_error = dwErrCode;
}

/*
 * A row: errno, then the error for each context; 0 in a context column
 * means "as in the CALL column".
 */
struct wu_errno_row {
	int err;
	DWORD win[WU_CTX_COUNT];
};

#define ROW(e, call, submit, completion, open) \
	{ e, { [WU_CTX_CALL] = (call), [WU_CTX_SUBMIT] = (submit), \
	       [WU_CTX_COMPLETION] = (completion), [WU_CTX_OPEN] = (open) } }

static const struct wu_errno_row wu_errno_table[] = {
	/*       errno         CALL                         SUBMIT                       COMPLETION                   OPEN */
	/* Cancelled: AbortPipe, CancelIo(Ex), unlinked URBs. */
	ROW(ECANCELED,    ERROR_OPERATION_ABORTED,    0,                           0,                           0),
	ROW(ECONNRESET,   ERROR_OPERATION_ABORTED,    0,                           0,                           0),
	ROW(ENOENT,       ERROR_INVALID_PARAMETER,    ERROR_INVALID_PARAMETER,     ERROR_OPERATION_ABORTED,     ERROR_FILE_NOT_FOUND),
	ROW(EINTR,        ERROR_OPERATION_ABORTED,    0,                           0,                           0),
	/* Time-outs: PIPE_TRANSFER_TIMEOUT and the control default. */
	ROW(ETIMEDOUT,    ERROR_SEM_TIMEOUT,          0,                           0,                           0),
	/* Device errors: a stall, and what the host controller reports. */
	ROW(EPIPE,        ERROR_GEN_FAILURE,          0,                           0,                           0),
	ROW(EOVERFLOW,    ERROR_GEN_FAILURE,          0,                           0,                           0),
	ROW(EPROTO,       ERROR_GEN_FAILURE,          0,                           0,                           0),
	ROW(EILSEQ,       ERROR_GEN_FAILURE,          0,                           0,                           0),
	ROW(ETIME,        ERROR_GEN_FAILURE,          0,                           0,                           0),
	ROW(ECOMM,        ERROR_GEN_FAILURE,          0,                           0,                           0),
	ROW(ENOSR,        ERROR_GEN_FAILURE,          0,                           0,                           0),
	ROW(EREMOTEIO,    ERROR_GEN_FAILURE,          0,                           0,                           0),
	ROW(EXDEV,        ERROR_GEN_FAILURE,          0,                           0,                           0),
	ROW(EIO,          ERROR_GEN_FAILURE,          0,                           0,                           0),
	/* Unplugged or unbound. */
	ROW(ENODEV,       ERROR_BAD_COMMAND,          ERROR_BAD_COMMAND,           ERROR_DEVICE_NOT_CONNECTED,  ERROR_FILE_NOT_FOUND),
	ROW(ESHUTDOWN,    ERROR_BAD_COMMAND,          ERROR_BAD_COMMAND,           ERROR_DEVICE_NOT_CONNECTED,  ERROR_FILE_NOT_FOUND),
	ROW(ENXIO,        ERROR_BAD_COMMAND,          ERROR_BAD_COMMAND,           ERROR_DEVICE_NOT_CONNECTED,  ERROR_FILE_NOT_FOUND),
	/* Arguments. */
	ROW(EINVAL,       ERROR_INVALID_PARAMETER,    0,                           0,                           0),
	ROW(E2BIG,        ERROR_INVALID_PARAMETER,    0,                           0,                           0),
	ROW(EMSGSIZE,     ERROR_INVALID_PARAMETER,    0,                           0,                           0),
	ROW(ERANGE,       ERROR_NO_MORE_ITEMS,        ERROR_INVALID_PARAMETER,     ERROR_GEN_FAILURE,           0),
	ROW(EFAULT,       ERROR_NOACCESS,             0,                           0,                           0),
	ROW(EBADF,        ERROR_INVALID_HANDLE,       0,                           0,                           0),
	ROW(ENOTTY,       ERROR_INVALID_FUNCTION,     0,                           0,                           0),
	ROW(ENOPROTOOPT,  ERROR_NOT_SUPPORTED,        0,                           0,                           0),
	ROW(EOPNOTSUPP,   ERROR_NOT_SUPPORTED,        0,                           0,                           0),
	ROW(ENOSYS,       ERROR_NOT_SUPPORTED,        0,                           0,                           0),
	ROW(EEXIST,       ERROR_ALREADY_EXISTS,       0,                           0,                           0),
	/* Permissions and state. */
	ROW(EPERM,        ERROR_ACCESS_DENIED,        0,                           ERROR_GEN_FAILURE,           0),
	/* EACCES from an ioctl: writing the read-only MAXIMUM_TRANSFER_SIZE. */
	ROW(EACCES,       ERROR_INVALID_PARAMETER,    ERROR_ACCESS_DENIED,         ERROR_GEN_FAILURE,           ERROR_ACCESS_DENIED),
	ROW(EROFS,        ERROR_ACCESS_DENIED,        0,                           0,                           0),
	/* EBUSY: alternate setting with I/O pending; at open: in use. */
	ROW(EBUSY,        ERROR_BUSY,                 0,                           ERROR_GEN_FAILURE,           ERROR_ACCESS_DENIED),
	/* EAGAIN: "not yet" from a reap; a resource shortage on submit. */
	ROW(EAGAIN,       ERROR_IO_INCOMPLETE,        ERROR_NO_SYSTEM_RESOURCES,   ERROR_GEN_FAILURE,           ERROR_NOT_READY),
	ROW(EINPROGRESS,  ERROR_IO_PENDING,           0,                           0,                           0),
	/* Resources. */
	ROW(ENOMEM,       ERROR_NOT_ENOUGH_MEMORY,    0,                           0,                           0),
	ROW(ENOSPC,       ERROR_NO_SYSTEM_RESOURCES,  0,                           0,                           0),
	ROW(EMFILE,       ERROR_TOO_MANY_OPEN_FILES,  0,                           0,                           0),
	ROW(ENFILE,       ERROR_TOO_MANY_OPEN_FILES,  0,                           0,                           0),
	/* Paths (CreateFile). */
	ROW(ENOTDIR,      ERROR_INVALID_PARAMETER,    0,                           0,                           ERROR_PATH_NOT_FOUND),
	ROW(EISDIR,       ERROR_INVALID_PARAMETER,    0,                           0,                           ERROR_ACCESS_DENIED),
	ROW(ENAMETOOLONG, ERROR_INVALID_PARAMETER,    0,                           0,                           ERROR_INVALID_NAME),
	ROW(ELOOP,        ERROR_INVALID_PARAMETER,    0,                           0,                           ERROR_INVALID_NAME),
};

#undef ROW

/**
 * wu_error_from_errno() - the Windows error for an errno.
 * @err: a positive errno value (0 gives ERROR_SUCCESS).
 * @ctx: where it came from.
 *
 * Return: the error code; ERROR_GEN_FAILURE for an errno not in the table.
 */
DWORD wu_error_from_errno(int err, enum wu_err_ctx ctx)
{
	size_t i;

	if (err == 0)
		return ERROR_SUCCESS;
	if (err < 0)
		err = -err;
	if ((unsigned int)ctx >= WU_CTX_COUNT)
		ctx = WU_CTX_CALL;

	for (i = 0; i < WU_ARRAY_SIZE(wu_errno_table); i++) {
		const struct wu_errno_row *row = &wu_errno_table[i];

		if (row->err != err)
			continue;
		return row->win[ctx] ? row->win[ctx] : row->win[WU_CTX_CALL];
	}
	return ERROR_GEN_FAILURE;
}

/*
 * OVERLAPPED.Internal holds an NTSTATUS, as on Windows.  The common results
 * use the NTSTATUS Windows itself stores for them; any other error is stored
 * as FACILITY_NTWIN32 (0xC007xxxx), Windows' own encoding of a Win32 error
 * in an NTSTATUS, so it converts back exactly.
 */
#define WU_FACILITY_NTWIN32 0xC0070000u

static const struct {
	uint32_t status;
	DWORD error;
} wu_ntstatus_table[] = {
	{ 0x00000000u, ERROR_SUCCESS },			/* STATUS_SUCCESS */
	{ 0x00000103u, ERROR_IO_PENDING },		/* STATUS_PENDING */
	{ 0x80000005u, ERROR_MORE_DATA },		/* STATUS_BUFFER_OVERFLOW */
	{ 0x80000011u, ERROR_BUSY },			/* STATUS_DEVICE_BUSY */
	{ 0xC0000001u, ERROR_GEN_FAILURE },		/* STATUS_UNSUCCESSFUL */
	{ 0xC0000008u, ERROR_INVALID_HANDLE },		/* STATUS_INVALID_HANDLE */
	{ 0xC000000Du, ERROR_INVALID_PARAMETER },	/* STATUS_INVALID_PARAMETER */
	{ 0xC0000017u, ERROR_NOT_ENOUGH_MEMORY },	/* STATUS_NO_MEMORY */
	{ 0xC0000022u, ERROR_ACCESS_DENIED },		/* STATUS_ACCESS_DENIED */
	{ 0xC000009Au, ERROR_NO_SYSTEM_RESOURCES },	/* STATUS_INSUFFICIENT_RESOURCES */
	{ 0xC00000B5u, ERROR_SEM_TIMEOUT },		/* STATUS_IO_TIMEOUT */
	{ 0xC00000BBu, ERROR_NOT_SUPPORTED },		/* STATUS_NOT_SUPPORTED */
	{ 0xC0000120u, ERROR_OPERATION_ABORTED },	/* STATUS_CANCELLED */
};

NTSTATUS wu_ntstatus_from_error(DWORD error)
{
	size_t i;

	for (i = 0; i < WU_ARRAY_SIZE(wu_ntstatus_table); i++)
		if (wu_ntstatus_table[i].error == error)
			return (NTSTATUS)wu_ntstatus_table[i].status;
	return (NTSTATUS)(WU_FACILITY_NTWIN32 | (error & 0xffffu));
}

DWORD wu_error_from_ntstatus(NTSTATUS status)
{
	uint32_t s = (uint32_t)status;
	size_t i;

	for (i = 0; i < WU_ARRAY_SIZE(wu_ntstatus_table); i++)
		if (wu_ntstatus_table[i].status == s)
			return wu_ntstatus_table[i].error;
	if ((s & 0xffff0000u) == WU_FACILITY_NTWIN32)
		return s & 0xffffu;
	return ERROR_GEN_FAILURE;
}

/*
 * An isochronous packet's USBD status from the errno the driver reports
 * for it (<linux/winusb.h>, struct winusb_isoch_packet; the host
 * controller errors are those of the kernel's
 * Documentation/driver-api/usb/error-codes.rst).  @transfer_status is the
 * transfer's: a packet the controller did not transfer in a transfer that
 * was cancelled or whose device went away says so.  The reaper calls this
 * once per packet, writing straight into the caller's descriptors.
 */
USBD_STATUS wu_usbd_status_from_errno(int32_t err, int transfer_status)
{
	switch (err) {
	case 0:
		return USBD_STATUS_SUCCESS;
	case -EXDEV:		/* not transferred in its slot */
	case -EINPROGRESS:	/* never touched by the controller */
		if (transfer_status == -ENODEV || transfer_status == -ESHUTDOWN)
			return USBD_STATUS_DEVICE_GONE;
		if (transfer_status == -ECANCELED ||
		    transfer_status == -ECONNRESET)
			return USBD_STATUS_CANCELED;
		return USBD_STATUS_ISO_NOT_ACCESSED_BY_HW;
	case -ETIME:		/* its frame had passed: never queued */
		return USBD_STATUS_ISO_NA_LATE_USBPORT;
	case -ECANCELED:
	case -ECONNRESET:
	case -ENOENT:
		return USBD_STATUS_CANCELED;
	case -ENODEV:
	case -ESHUTDOWN:
		return USBD_STATUS_DEVICE_GONE;
	case -EPROTO:		/* bitstuff, no response, transaction error */
		return USBD_STATUS_XACT_ERROR;
	case -EILSEQ:
		return USBD_STATUS_CRC;
	case -EOVERFLOW:	/* babble */
		return USBD_STATUS_BABBLE_DETECTED;
	case -ECOMM:		/* IN data faster than memory took it */
		return USBD_STATUS_BUFFER_OVERRUN;
	case -ENOSR:		/* OUT data not fetched from memory in time */
		return USBD_STATUS_BUFFER_UNDERRUN;
	case -EREMOTEIO:
		return USBD_STATUS_DATA_UNDERRUN;
	case -EPIPE:
		return USBD_STATUS_STALL_PID;
	case -ETIMEDOUT:
		return USBD_STATUS_TIMEOUT;
	case -EFAULT:
		return USBD_STATUS_DATA_BUFFER_ERROR;
	default:
		return USBD_STATUS_ISO_TD_ERROR;
	}
}
