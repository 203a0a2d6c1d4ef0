// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * time.c - Sleep, QueryPerformanceCounter/Frequency and GetTickCount.
 *
 * Everything is CLOCK_MONOTONIC, the clock the winusb driver stamps frame
 * numbers with.  QueryPerformanceCounter() counts 100 ns units, so its
 * frequency is a fixed 10 MHz on every machine (Windows 10 and later report
 * 10 MHz on most machines too); it never goes backwards and does not count
 * time the system spends suspended.
 */
#include <errno.h>
#include <time.h>
#include <unistd.h>

#include "libwinusb.h"

int64_t wu_monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void WINAPI Sleep(DWORD dwMilliseconds)
{
	struct timespec until;

	if (dwMilliseconds == INFINITE) {
		for (;;)
			pause();
	}
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += dwMilliseconds / 1000;
	until.tv_nsec += (long)(dwMilliseconds % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL) ==
	       EINTR)
		;
}

BOOL WINAPI QueryPerformanceCounter(LARGE_INTEGER *lpPerformanceCount)
{
	if (!lpPerformanceCount)
		return wu_fail(ERROR_NOACCESS);
	lpPerformanceCount->QuadPart = wu_qpc_from_ns(wu_monotonic_ns());
	return TRUE;
}

BOOL WINAPI QueryPerformanceFrequency(LARGE_INTEGER *lpFrequency)
{
	if (!lpFrequency)
		return wu_fail(ERROR_NOACCESS);
	lpFrequency->QuadPart = WU_QPC_FREQUENCY;
	return TRUE;
}

ULONGLONG WINAPI GetTickCount64(void)
{
	return (ULONGLONG)(wu_monotonic_ns() / 1000000LL);
}

DWORD WINAPI GetTickCount(void)
{
	return (DWORD)GetTickCount64();
}
