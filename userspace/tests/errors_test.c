// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * errors_test.c - GetLastError/SetLastError and the errno -> Windows error
 * table (src/errors.c), context by context, and the NTSTATUS round trip
 * OVERLAPPED.Internal relies on.
 */
#include <errno.h>
#include <pthread.h>

#include "wu_test.h"
#include "libwinusb.h"

static void *set_error_thread(void *arg)
{
	SetLastError(ERROR_GEN_FAILURE);
	*(DWORD *)arg = GetLastError();
	return NULL;
}

TEST(last_error_is_per_thread)
{
	pthread_t t;
	DWORD seen = 0;

	SetLastError(ERROR_IO_PENDING);
	ASSERT_EQ(0, pthread_create(&t, NULL, set_error_thread, &seen));
	pthread_join(t, NULL);
	EXPECT_EQ((DWORD)ERROR_GEN_FAILURE, seen);
	EXPECT_EQ((DWORD)ERROR_IO_PENDING, GetLastError());
}

struct errno_case {
	int err;
	enum wu_err_ctx ctx;
	DWORD win;
};

/* What WinUSB reports (Documentation/userspace-errors.rst). */
static const struct errno_case cases[] = {
	/* Completions, as libusb decodes WinUSB results. */
	{ ETIMEDOUT, WU_CTX_COMPLETION, ERROR_SEM_TIMEOUT },
	{ EPIPE, WU_CTX_COMPLETION, ERROR_GEN_FAILURE },
	{ ECANCELED, WU_CTX_COMPLETION, ERROR_OPERATION_ABORTED },
	{ ECONNRESET, WU_CTX_COMPLETION, ERROR_OPERATION_ABORTED },
	{ ENOENT, WU_CTX_COMPLETION, ERROR_OPERATION_ABORTED },
	{ ENODEV, WU_CTX_COMPLETION, ERROR_DEVICE_NOT_CONNECTED },
	{ ESHUTDOWN, WU_CTX_COMPLETION, ERROR_DEVICE_NOT_CONNECTED },
	{ EOVERFLOW, WU_CTX_COMPLETION, ERROR_GEN_FAILURE },
	{ EPROTO, WU_CTX_COMPLETION, ERROR_GEN_FAILURE },
	{ EILSEQ, WU_CTX_COMPLETION, ERROR_GEN_FAILURE },
	{ EREMOTEIO, WU_CTX_COMPLETION, ERROR_GEN_FAILURE },
	/* A new request after unplug: ERROR_BAD_COMMAND (libusb #297). */
	{ ENODEV, WU_CTX_SUBMIT, ERROR_BAD_COMMAND },
	{ ESHUTDOWN, WU_CTX_SUBMIT, ERROR_BAD_COMMAND },
	{ ENODEV, WU_CTX_CALL, ERROR_BAD_COMMAND },
	/* Arguments. */
	{ EINVAL, WU_CTX_SUBMIT, ERROR_INVALID_PARAMETER },
	{ ENOENT, WU_CTX_SUBMIT, ERROR_INVALID_PARAMETER },
	{ EMSGSIZE, WU_CTX_SUBMIT, ERROR_INVALID_PARAMETER },
	{ E2BIG, WU_CTX_CALL, ERROR_INVALID_PARAMETER },
	{ ERANGE, WU_CTX_CALL, ERROR_NO_MORE_ITEMS },
	{ ENOPROTOOPT, WU_CTX_CALL, ERROR_NOT_SUPPORTED },
	{ EOPNOTSUPP, WU_CTX_CALL, ERROR_NOT_SUPPORTED },
	{ EACCES, WU_CTX_CALL, ERROR_INVALID_PARAMETER },
	{ EBUSY, WU_CTX_CALL, ERROR_BUSY },
	{ EFAULT, WU_CTX_SUBMIT, ERROR_NOACCESS },
	{ EPERM, WU_CTX_SUBMIT, ERROR_ACCESS_DENIED },
	{ ENOMEM, WU_CTX_SUBMIT, ERROR_NOT_ENOUGH_MEMORY },
	{ ENOMEM, WU_CTX_COMPLETION, ERROR_NOT_ENOUGH_MEMORY },
	{ ENOSPC, WU_CTX_SUBMIT, ERROR_NO_SYSTEM_RESOURCES },
	/* EAGAIN / EINPROGRESS: "not yet" in the contexts that have one. */
	{ EAGAIN, WU_CTX_CALL, ERROR_IO_INCOMPLETE },
	{ EAGAIN, WU_CTX_SUBMIT, ERROR_NO_SYSTEM_RESOURCES },
	{ EINPROGRESS, WU_CTX_CALL, ERROR_IO_PENDING },
	/* CreateFile. */
	{ ENOENT, WU_CTX_OPEN, ERROR_FILE_NOT_FOUND },
	{ ENODEV, WU_CTX_OPEN, ERROR_FILE_NOT_FOUND },
	{ ENXIO, WU_CTX_OPEN, ERROR_FILE_NOT_FOUND },
	{ ENOTDIR, WU_CTX_OPEN, ERROR_PATH_NOT_FOUND },
	{ EACCES, WU_CTX_OPEN, ERROR_ACCESS_DENIED },
	{ EPERM, WU_CTX_OPEN, ERROR_ACCESS_DENIED },
	{ EBUSY, WU_CTX_OPEN, ERROR_ACCESS_DENIED },
	{ EISDIR, WU_CTX_OPEN, ERROR_ACCESS_DENIED },
	{ EMFILE, WU_CTX_OPEN, ERROR_TOO_MANY_OPEN_FILES },
	{ ENAMETOOLONG, WU_CTX_OPEN, ERROR_INVALID_NAME },
};

TEST(errno_table)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		DWORD got = wu_error_from_errno(cases[i].err, cases[i].ctx);

		EXPECT_EQ(cases[i].win, got)
			TH_LOG("errno %d (%s) in context %d", cases[i].err,
			       strerror(cases[i].err), cases[i].ctx);
	}
}

TEST(errno_sign_and_unknown)
{
	EXPECT_EQ((DWORD)ERROR_SUCCESS, wu_error_from_errno(0, WU_CTX_CALL));
	EXPECT_EQ((DWORD)ERROR_SEM_TIMEOUT,
		  wu_error_from_errno(-ETIMEDOUT, WU_CTX_COMPLETION));
	EXPECT_EQ((DWORD)ERROR_GEN_FAILURE, wu_error_from_errno(EDOM, WU_CTX_CALL));
	/* An out-of-range context falls back to the CALL column. */
	EXPECT_EQ((DWORD)ERROR_BAD_COMMAND,
		  wu_error_from_errno(ENODEV, (enum wu_err_ctx)99));
}

TEST(wu_fail_sets_error)
{
	SetLastError(0);
	EXPECT_FALSE(wu_fail_errno(-EPIPE, WU_CTX_COMPLETION));
	EXPECT_EQ((DWORD)ERROR_GEN_FAILURE, GetLastError());
}

TEST(ntstatus_round_trip)
{
	static const DWORD errors[] = {
		ERROR_SUCCESS, ERROR_GEN_FAILURE, ERROR_SEM_TIMEOUT,
		ERROR_OPERATION_ABORTED, ERROR_DEVICE_NOT_CONNECTED,
		ERROR_BAD_COMMAND, ERROR_INVALID_PARAMETER,
		ERROR_NOT_ENOUGH_MEMORY, ERROR_NO_SYSTEM_RESOURCES,
		ERROR_NOT_SUPPORTED, ERROR_ACCESS_DENIED, ERROR_BUSY,
		ERROR_NOACCESS, ERROR_MORE_DATA, ERROR_INVALID_HANDLE,
		ERROR_IO_PENDING,
	};
	size_t i;

	for (i = 0; i < sizeof(errors) / sizeof(errors[0]); i++)
		EXPECT_EQ(errors[i],
			  wu_error_from_ntstatus(wu_ntstatus_from_error(errors[i])));
	/* Windows' own NTSTATUS values for the common results. */
	EXPECT_EQ(0, wu_ntstatus_from_error(ERROR_SUCCESS));
	EXPECT_EQ((NTSTATUS)0xC0000120, wu_ntstatus_from_error(ERROR_OPERATION_ABORTED));
	EXPECT_EQ((NTSTATUS)0xC00000B5, wu_ntstatus_from_error(ERROR_SEM_TIMEOUT));
	EXPECT_EQ((NTSTATUS)0xC0000001, wu_ntstatus_from_error(ERROR_GEN_FAILURE));
	/* Others use FACILITY_NTWIN32, never STATUS_PENDING. */
	EXPECT_EQ((NTSTATUS)(0xC0070000 | ERROR_DEVICE_NOT_CONNECTED),
		  wu_ntstatus_from_error(ERROR_DEVICE_NOT_CONNECTED));
	EXPECT_NE((DWORD)STATUS_PENDING,
		  (DWORD)wu_ntstatus_from_error(ERROR_BAD_COMMAND));
	/* An NTSTATUS nobody produces reads as a generic failure. */
	EXPECT_EQ((DWORD)ERROR_GEN_FAILURE,
		  wu_error_from_ntstatus((NTSTATUS)0xC0001234));
}

TEST_HARNESS_MAIN
