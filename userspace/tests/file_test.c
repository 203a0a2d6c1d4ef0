// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * file_test.c - CreateFileA's errors as Windows reports them, device
 * handles that are not WinUSB devices, CancelIo(Ex) and the Win32
 * GetOverlappedResult on a device handle.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wu_test.h"

#define OPEN_ARGS GENERIC_READ | GENERIC_WRITE, \
	FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, \
	FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OVERLAPPED, NULL

static void expect_open_error(struct __test_metadata *_metadata,
			      const char *path, DWORD error)
{
	SetLastError(0xdeadbeef);
	EXPECT_EQ(INVALID_HANDLE_VALUE, CreateFileA(path, OPEN_ARGS))
		TH_LOG("%s opened", path);
	EXPECT_EQ(error, GetLastError()) TH_LOG("%s", path);
}

TEST(missing_device_is_file_not_found)
{
	/* Gone with its directory (devtmpfs removes empty ones): a file. */
	expect_open_error(_metadata, "/dev/no-such-dir-wu/9-9:1.0",
			  ERROR_FILE_NOT_FOUND);
	expect_open_error(_metadata, "/dev/no-such-winusb-node",
			  ERROR_FILE_NOT_FOUND);
	/* Elsewhere a missing directory is a missing path, as on Windows. */
	expect_open_error(_metadata, "/no-such-dir-wu/node",
			  ERROR_PATH_NOT_FOUND);
	/* A Windows path does not exist on Linux. */
	expect_open_error(_metadata,
			  "\\\\?\\usb#vid_1234&pid_5678#0001#{da812bff-12c3-46a2-8e2b-dbd3b7834c43}",
			  ERROR_FILE_NOT_FOUND);
	expect_open_error(_metadata, "", ERROR_PATH_NOT_FOUND);
}

TEST(path_errors)
{
	char dir[] = "/tmp/wu-file-test-XXXXXX", path[256];
	int fd;

	ASSERT_NE(NULL, mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/regular", dir);
	fd = open(path, O_CREAT | O_WRONLY, 0600);
	ASSERT_GE(fd, 0);
	close(fd);
	/* A file used as a directory; a directory as a device. */
	snprintf(path, sizeof(path), "%s/regular/x", dir);
	expect_open_error(_metadata, path, ERROR_PATH_NOT_FOUND);
	expect_open_error(_metadata, dir, ERROR_ACCESS_DENIED);
	snprintf(path, sizeof(path), "%s/regular", dir);
	unlink(path);
	rmdir(dir);
}

TEST(permission_denied)
{
	/* kernfs refuses writing a read-only attribute even to root. */
	const char *ro = "/sys/kernel/uevent_seqnum";
	HANDLE h;

	if (access(ro, R_OK))
		SKIP(return, "no %s", ro);
	expect_open_error(_metadata, ro, ERROR_ACCESS_DENIED);
	/* GENERIC_READ alone falls back to a read-only open. */
	h = CreateFileA(ro, GENERIC_READ, 0, NULL, OPEN_EXISTING,
			FILE_FLAG_OVERLAPPED, NULL);
	EXPECT_NE(INVALID_HANDLE_VALUE, h);
	CloseHandle(h);
}

TEST(argument_errors)
{
	SECURITY_ATTRIBUTES bad = { 1, NULL, FALSE };
	HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);

	SetLastError(0);
	EXPECT_EQ(INVALID_HANDLE_VALUE,
		  CreateFileA(NULL, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL));
	EXPECT_EQ((DWORD)ERROR_INVALID_PARAMETER, GetLastError());
	EXPECT_EQ(INVALID_HANDLE_VALUE,
		  CreateFileA("/dev/null", GENERIC_READ, 0, NULL, CREATE_NEW, 0,
			      NULL));
	EXPECT_EQ((DWORD)ERROR_INVALID_PARAMETER, GetLastError());
	EXPECT_EQ(INVALID_HANDLE_VALUE,
		  CreateFileA("/dev/null", GENERIC_READ, 0, NULL,
			      TRUNCATE_EXISTING, 0, NULL));
	EXPECT_EQ((DWORD)ERROR_INVALID_PARAMETER, GetLastError());
	EXPECT_EQ(INVALID_HANDLE_VALUE,
		  CreateFileA("/dev/null", GENERIC_READ, 0, &bad, OPEN_EXISTING,
			      0, NULL));
	EXPECT_EQ((DWORD)ERROR_INVALID_PARAMETER, GetLastError());
	EXPECT_EQ(INVALID_HANDLE_VALUE,
		  CreateFileA("/dev/null", GENERIC_READ, 0, NULL, OPEN_EXISTING,
			      0, ev));
	EXPECT_EQ((DWORD)ERROR_INVALID_PARAMETER, GetLastError());
	CloseHandle(ev);
}

TEST(open_succeeds_and_closes)
{
	HANDLE h = CreateFile("/dev/null", OPEN_ARGS);

	ASSERT_NE(INVALID_HANDLE_VALUE, h);
	EXPECT_NE(NULL, h);
	EXPECT_EQ((DWORD)ERROR_SUCCESS, GetLastError());
	EXPECT_WIN_OK(CloseHandle(h));
	EXPECT_WIN_FAIL(CloseHandle(h), ERROR_INVALID_HANDLE);
	/* OPEN_ALWAYS on an existing node says it existed. */
	h = CreateFileA("/dev/null", GENERIC_READ, 0, NULL, OPEN_ALWAYS, 0,
			NULL);
	ASSERT_NE(INVALID_HANDLE_VALUE, h);
	EXPECT_EQ((DWORD)ERROR_ALREADY_EXISTS, GetLastError());
	CloseHandle(h);
}

TEST(initialize_needs_a_winusb_overlapped_handle)
{
	WINUSB_INTERFACE_HANDLE ih = NULL;
	HANDLE plain, ov;

	plain = CreateFileA("/dev/null", GENERIC_READ | GENERIC_WRITE, 0, NULL,
			    OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
	ov = CreateFileA("/dev/null", OPEN_ARGS);
	ASSERT_NE(INVALID_HANDLE_VALUE, plain);
	ASSERT_NE(INVALID_HANDLE_VALUE, ov);
	/* No FILE_FLAG_OVERLAPPED: WinUSB says the handle is invalid. */
	EXPECT_WIN_FAIL(WinUsb_Initialize(plain, &ih), ERROR_INVALID_HANDLE);
	EXPECT_WIN_FAIL(WinUsb_Initialize(ov, NULL), ERROR_INVALID_PARAMETER);
	/* Not a winusb node. */
	EXPECT_WIN_FAIL(WinUsb_Initialize(ov, &ih), ERROR_INVALID_HANDLE);
	EXPECT_EQ(NULL, ih);
	CloseHandle(plain);
	CloseHandle(ov);
}

TEST(cancel_and_result_on_idle_device_handle)
{
	HANDLE h = CreateFileA("/dev/null", OPEN_ARGS);
	OVERLAPPED ov = { 0 };
	DWORD n = 1234;

	ASSERT_NE(INVALID_HANDLE_VALUE, h);
	EXPECT_WIN_OK(CancelIo(h));
	EXPECT_WIN_FAIL(CancelIoEx(h, NULL), ERROR_NOT_FOUND);
	EXPECT_WIN_FAIL(CancelIoEx(h, &ov), ERROR_NOT_FOUND);
	/* A zeroed OVERLAPPED reads as a finished, successful request. */
	EXPECT_WIN_OK(GetOverlappedResult(h, &ov, &n, FALSE));
	EXPECT_EQ(0u, n);
	ov.Internal = STATUS_PENDING;
	EXPECT_WIN_FAIL(GetOverlappedResult(h, &ov, &n, FALSE),
			ERROR_IO_INCOMPLETE);
	EXPECT_TRUE(!HasOverlappedIoCompleted(&ov));
	EXPECT_WIN_FAIL(GetOverlappedResult(h, NULL, &n, FALSE),
			ERROR_INVALID_PARAMETER);
	CloseHandle(h);
}

TEST_HARNESS_MAIN
