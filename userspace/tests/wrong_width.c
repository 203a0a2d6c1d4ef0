// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * wrong_width.c - must NOT compile under UNICODE, in C or C++: an L"..."
 * literal (32-bit wchar_t on Linux) given to a W function that takes
 * UTF-16.  Built by "make check" (wrong-width-check), which fails if it
 * compiles.  WU_RIGHT_WIDTH builds the correct form, which must compile.
 */
#include <windows.h>
#include <tchar.h>

int main(void)
{
#ifdef WU_RIGHT_WIDTH
	HANDLE h = CreateFile(_T("\\\\?\\usb#vid_1209&pid_0001"), GENERIC_READ,
			      0, NULL, OPEN_EXISTING, 0, NULL);
#else
	HANDLE h = CreateFile(L"\\\\?\\usb#vid_1209&pid_0001", GENERIC_READ,
			      0, NULL, OPEN_EXISTING, 0, NULL);
#endif
	return h == INVALID_HANDLE_VALUE;
}
