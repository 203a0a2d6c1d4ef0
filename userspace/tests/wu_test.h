/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * wu_test.h - shared helpers of the libwinusb unit tests (kselftest harness).
 */
#ifndef WU_TEST_H
#define WU_TEST_H

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "kselftest_harness.h"

#include <windows.h>
#include <winusb.h>

/*
 * EXPECT_WIN_FAIL(call, error) - @call returns FALSE (or another falsy
 * value) and GetLastError() is @error.
 */
#define EXPECT_WIN_FAIL(call, error)					\
	do {								\
		SetLastError(0xdeadbeef);				\
		EXPECT_FALSE(call);					\
		EXPECT_EQ((DWORD)(error), GetLastError());		\
	} while (0)

#define ASSERT_WIN_OK(call)						\
	do {								\
		SetLastError(0xdeadbeef);				\
		ASSERT_TRUE(call) TH_LOG("GetLastError() = %u",	\
					 GetLastError());		\
	} while (0)

#define EXPECT_WIN_OK(call)						\
	do {								\
		SetLastError(0xdeadbeef);				\
		EXPECT_TRUE(call) TH_LOG("GetLastError() = %u",	\
					 GetLastError());		\
	} while (0)

/* Milliseconds of CLOCK_MONOTONIC, for timing checks. */
static inline long long wu_test_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Write @text to @root/@rel, making the directories: fake sysfs trees. */
static inline void wu_test_put(const char *root, const char *rel,
			       const char *text)
{
	char path[512], *p;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (p = path + strlen(root) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
	f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

#endif /* WU_TEST_H */
