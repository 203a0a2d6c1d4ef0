// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * file.c - CreateFileA() and the device file object behind a device HANDLE;
 * CancelIo(), CancelIoEx() and the Win32 GetOverlappedResult().
 *
 * A device file is an open winusb node (/dev/winusb/<busid>:<cfg>.<ifnum>)
 * plus its request tracking (async.c).  CreateFileA() gives it a HANDLE;
 * WinUsb_Initialize() takes a reference, so the program may CloseHandle()
 * the device before or after WinUsb_Free(), and the node stays open until
 * both are done.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libwinusb.h"
#include "win32_internal.h"

static void wu_file_release(struct wu_object *obj)
{
	struct wu_file *f = wu_container_of(obj, struct wu_file, obj);

	wu_async_cleanup(&f->async);	/* stops the reaper, which uses fd */
	close(f->fd);
	free(f);
}

/* Is @path under /dev (where device nodes and their directories live)? */
static bool wu_is_dev_path(const char *path)
{
	size_t n = strlen(wu_dev_root);

	return !strncmp(path, wu_dev_root, n) && path[n] == '/';
}

/* Does the directory part of @path exist? */
static bool wu_parent_exists(const char *path)
{
	const char *slash = strrchr(path, '/');
	char dir[PATH_MAX];
	struct stat st;

	if (!slash || slash == path)
		return true;
	if ((size_t)(slash - path) >= sizeof(dir))
		return false;
	memcpy(dir, path, (size_t)(slash - path));
	dir[slash - path] = '\0';
	return stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
}

/**
 * wu_file_open() - open a device node.
 * @path: the node.
 * @flags: O_RDWR or O_RDONLY.
 * @error: out: the Windows error on failure.
 *
 * Return: the file with one reference, or NULL.
 */
struct wu_file *wu_file_open(const char *path, DWORD flags, DWORD *error)
{
	struct wu_file *f;
	int ret;

	f = calloc(1, sizeof(*f));
	if (!f) {
		*error = ERROR_NOT_ENOUGH_MEMORY;
		return NULL;
	}
	f->fd = open(path, (int)flags | O_CLOEXEC | O_NOCTTY);
	if (f->fd < 0) {
		*error = wu_error_from_errno(errno, WU_CTX_OPEN);
		/*
		 * Windows tells a missing directory from a missing file; but a
		 * device that is gone is ERROR_FILE_NOT_FOUND even when its
		 * /dev/winusb directory went with it.
		 */
		if (errno == ENOENT && !wu_is_dev_path(path) &&
		    !wu_parent_exists(path))
			*error = ERROR_PATH_NOT_FOUND;
		goto out_free;
	}
	ret = wu_async_init(&f->async);
	if (ret < 0) {
		*error = wu_error_from_errno(-ret, WU_CTX_OPEN);
		goto out_close;
	}
	wu_object_init(&f->obj, WU_TYPE_FILE, wu_file_release);
	return f;

out_close:
	close(f->fd);
out_free:
	free(f);
	return NULL;
}

HANDLE WINAPI CreateFileA(LPCSTR lpFileName, DWORD dwDesiredAccess,
			  DWORD dwShareMode,
			  LPSECURITY_ATTRIBUTES lpSecurityAttributes,
			  DWORD dwCreationDisposition,
			  DWORD dwFlagsAndAttributes, HANDLE hTemplateFile)
{
	bool want_write = dwDesiredAccess & (GENERIC_WRITE | GENERIC_ALL);
	bool want_any = dwDesiredAccess != 0;
	char node[PATH_MAX];
	struct wu_file *f;
	DWORD error;
	HANDLE h;
	int ret;

	(void)dwShareMode;	/* device nodes are not share-locked */

	if (!lpFileName || hTemplateFile ||
	    (lpSecurityAttributes &&
	     lpSecurityAttributes->nLength != sizeof(SECURITY_ATTRIBUTES))) {
		SetLastError(ERROR_INVALID_PARAMETER);
		return INVALID_HANDLE_VALUE;
	}
	/* Devices are opened, never created or truncated. */
	if (dwCreationDisposition != OPEN_EXISTING &&
	    dwCreationDisposition != OPEN_ALWAYS) {
		SetLastError(ERROR_INVALID_PARAMETER);
		return INVALID_HANDLE_VALUE;
	}
	if (!lpFileName[0]) {
		SetLastError(ERROR_PATH_NOT_FOUND);
		return INVALID_HANDLE_VALUE;
	}
	/* A Windows device path from SetupDi or CM_*: open its node. */
	ret = wu_devpath_to_node(lpFileName, node, sizeof(node));
	if (ret == 0) {
		lpFileName = node;
	} else if (ret != -EINVAL) {
		SetLastError(ret == -EACCES ? ERROR_ACCESS_DENIED :
			     ret == -ENOMEM ? ERROR_NOT_ENOUGH_MEMORY :
					      ERROR_FILE_NOT_FOUND);
		return INVALID_HANDLE_VALUE;
	}

	/*
	 * WinUSB's ioctls need no particular access right on Windows, so any
	 * requested access opens the node read-write (the driver refuses
	 * transfers on read-only files).  A GENERIC_READ-only request falls
	 * back to read-only when writing is not permitted.
	 */
	f = wu_file_open(lpFileName, want_any ? O_RDWR : O_RDONLY, &error);
	if (!f && want_any && !want_write && error == ERROR_ACCESS_DENIED)
		f = wu_file_open(lpFileName, O_RDONLY, &error);
	if (!f) {
		SetLastError(error);
		return INVALID_HANDLE_VALUE;
	}
	f->flags = dwFlagsAndAttributes;

	h = wu_handle_open(&f->obj);
	wu_file_put(f);		/* the table holds it now */
	if (!h) {
		SetLastError(ERROR_NOT_ENOUGH_MEMORY);
		return INVALID_HANDLE_VALUE;
	}
	/* As on Windows: OPEN_ALWAYS on something that exists says so. */
	SetLastError(dwCreationDisposition == OPEN_ALWAYS ?
			     ERROR_ALREADY_EXISTS : ERROR_SUCCESS);
	return h;
}

static struct wu_file *wu_file_get(HANDLE h)
{
	struct wu_object *obj = wu_handle_get(h, WU_TYPE_BIT(WU_TYPE_FILE));

	return obj ? wu_container_of(obj, struct wu_file, obj) : NULL;
}

BOOL WINAPI CancelIo(HANDLE hFile)
{
	struct wu_cancel_match m = { .tid = gettid() };
	struct wu_file *f = wu_file_get(hFile);

	if (!f)
		return wu_fail(ERROR_INVALID_HANDLE);
	wu_async_cancel(f, &m);
	wu_file_put(f);
	return TRUE;
}

BOOL WINAPI CancelIoEx(HANDLE hFile, LPOVERLAPPED lpOverlapped)
{
	struct wu_cancel_match m = { .ov = lpOverlapped };
	struct wu_file *f = wu_file_get(hFile);
	unsigned int found;

	if (!f)
		return wu_fail(ERROR_INVALID_HANDLE);
	found = wu_async_cancel(f, &m);
	wu_file_put(f);
	if (!found)
		return wu_fail(ERROR_NOT_FOUND);
	return TRUE;
}

BOOL WINAPI GetOverlappedResult(HANDLE hFile, LPOVERLAPPED lpOverlapped,
				LPDWORD lpNumberOfBytesTransferred, BOOL bWait)
{
	struct wu_file *f = wu_file_get(hFile);
	struct wu_object *obj;
	BOOL ret;

	if (!f) {
		/*
		 * Windows waits on hEvent when there is one and never looks
		 * at hFile then, so programs that pass their WinUSB
		 * interface handle work there: accept it here too.
		 */
		obj = wu_handle_get(hFile, WU_TYPE_BIT(WU_TYPE_INTERFACE));
		if (!obj)
			return wu_fail(ERROR_INVALID_HANDLE);
		wu_object_put(obj);
		if (!lpOverlapped || !wu_event_handle(lpOverlapped->hEvent))
			return wu_fail(ERROR_INVALID_HANDLE);
		return wu_overlapped_result(lpOverlapped,
					    lpNumberOfBytesTransferred, bWait);
	}
	ret = wu_overlapped_result(lpOverlapped, lpNumberOfBytesTransferred,
				   bWait);
	wu_file_put(f);
	return ret;
}
