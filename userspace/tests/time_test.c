// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * time_test.c - QueryPerformanceCounter/Frequency (10 MHz CLOCK_MONOTONIC),
 * GetTickCount, Sleep, WinUsb_GetAdjustedFrameNumber.
 */
#include "wu_test.h"

TEST(qpc_frequency_is_10mhz)
{
	LARGE_INTEGER f;

	EXPECT_WIN_OK(QueryPerformanceFrequency(&f));
	EXPECT_EQ(10000000LL, f.QuadPart);
	EXPECT_WIN_FAIL(QueryPerformanceFrequency(NULL), ERROR_NOACCESS);
	EXPECT_WIN_FAIL(QueryPerformanceCounter(NULL), ERROR_NOACCESS);
}

TEST(qpc_is_clock_monotonic_in_100ns)
{
	struct timespec ts;
	LARGE_INTEGER a, b;
	long long mono;

	EXPECT_WIN_OK(QueryPerformanceCounter(&a));
	clock_gettime(CLOCK_MONOTONIC, &ts);
	EXPECT_WIN_OK(QueryPerformanceCounter(&b));
	mono = ts.tv_sec * 10000000LL + ts.tv_nsec / 100;
	EXPECT_LE(a.QuadPart, mono);
	EXPECT_GE(b.QuadPart, mono);
	EXPECT_LE(a.QuadPart, b.QuadPart);
}

TEST(sleep_and_tick_count)
{
	LARGE_INTEGER a, b;
	ULONGLONG t0 = GetTickCount64();
	DWORD d0 = GetTickCount();

	QueryPerformanceCounter(&a);
	Sleep(50);
	QueryPerformanceCounter(&b);
	EXPECT_GE(b.QuadPart - a.QuadPart, 500000LL);	/* >= 50 ms */
	EXPECT_LT(b.QuadPart - a.QuadPart, 10000000LL);	/* < 1 s */
	EXPECT_GE(GetTickCount64() - t0, 50ull);
	EXPECT_GE((DWORD)(GetTickCount() - d0), 49u);
	EXPECT_EQ((DWORD)GetTickCount64(), GetTickCount());
}

TEST(adjusted_frame_number_adds_elapsed_ms)
{
	LARGE_INTEGER now;
	ULONG frame = 1000;

	QueryPerformanceCounter(&now);
	now.QuadPart -= 25 * 10000;		/* stamped 25 ms ago */
	EXPECT_WIN_OK(WinUsb_GetAdjustedFrameNumber(&frame, now));
	EXPECT_GE(frame, 1025u);
	EXPECT_LE(frame, 1100u);	/* generous for loaded machines */
}

TEST(adjusted_frame_number_edges)
{
	LARGE_INTEGER now;
	ULONG frame = 0xfffffffeu;

	QueryPerformanceCounter(&now);
	now.QuadPart -= 5 * 10000;
	EXPECT_WIN_OK(WinUsb_GetAdjustedFrameNumber(&frame, now));
	EXPECT_GE(frame, 3u);			/* wrapped like the bus counter */
	EXPECT_LE(frame, 100u);

	frame = 77;
	QueryPerformanceCounter(&now);
	now.QuadPart += 10000000;		/* a second in the future */
	EXPECT_WIN_OK(WinUsb_GetAdjustedFrameNumber(&frame, now));
	EXPECT_EQ(77u, frame);

	EXPECT_WIN_FAIL(WinUsb_GetAdjustedFrameNumber(NULL, now),
			ERROR_INVALID_PARAMETER);
}

TEST_HARNESS_MAIN
