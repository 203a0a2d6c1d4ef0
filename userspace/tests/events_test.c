// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * events_test.c - CreateEvent, SetEvent, ResetEvent, WaitForSingleObject
 * and WaitForMultipleObjects: manual and auto reset, hand-off to several
 * waiters, wait-all, time-outs and argument errors.
 */
#include <pthread.h>
#include <stdatomic.h>

#include "wu_test.h"
#include "libwinusb.h"

/* Wait (up to 5 s) until @n threads are blocked in a wait. */
static void wait_for_waiters(unsigned int n)
{
	long long t0 = wu_test_now_ms();

	while (wu_event_waiters() < n && wu_test_now_ms() - t0 < 5000)
		Sleep(1);
}

TEST(manual_reset_releases_all_and_stays_set)
{
	HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);

	ASSERT_NE(NULL, ev);
	EXPECT_EQ(WAIT_TIMEOUT, WaitForSingleObject(ev, 0));
	EXPECT_WIN_OK(SetEvent(ev));
	EXPECT_EQ(WAIT_OBJECT_0, WaitForSingleObject(ev, 0));
	EXPECT_EQ(WAIT_OBJECT_0, WaitForSingleObject(ev, INFINITE));
	EXPECT_WIN_OK(ResetEvent(ev));
	EXPECT_EQ(WAIT_TIMEOUT, WaitForSingleObject(ev, 10));
	EXPECT_WIN_OK(CloseHandle(ev));
}

TEST(auto_reset_releases_one)
{
	HANDLE ev = CreateEvent(NULL, FALSE, TRUE, NULL);

	ASSERT_NE(NULL, ev);
	EXPECT_EQ(WAIT_OBJECT_0, WaitForSingleObject(ev, 0));
	EXPECT_EQ(WAIT_TIMEOUT, WaitForSingleObject(ev, 0));
	EXPECT_WIN_OK(SetEvent(ev));
	EXPECT_WIN_OK(SetEvent(ev));	/* no count: still one release */
	EXPECT_EQ(WAIT_OBJECT_0, WaitForSingleObject(ev, 0));
	EXPECT_EQ(WAIT_TIMEOUT, WaitForSingleObject(ev, 0));
	CloseHandle(ev);
}

TEST(wait_timeout_is_honoured)
{
	HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
	long long t0 = wu_test_now_ms(), dt;

	EXPECT_EQ(WAIT_TIMEOUT, WaitForSingleObject(ev, 60));
	dt = wu_test_now_ms() - t0;
	EXPECT_GE(dt, 60);
	EXPECT_LT(dt, 1000);
	CloseHandle(ev);
}

struct waiter_arg {
	HANDLE ev;
	atomic_int *released;
	DWORD timeout;
};

static void *waiter_thread(void *p)
{
	struct waiter_arg *a = p;

	if (WaitForSingleObject(a->ev, a->timeout) == WAIT_OBJECT_0)
		atomic_fetch_add(a->released, 1);
	return NULL;
}

#define NWAITERS 8

/* Wait (up to 5 s, for loaded machines) until *@n reaches @want. */
static int wait_count(atomic_int *n, int want)
{
	long long t0 = wu_test_now_ms();

	while (atomic_load(n) < want && wu_test_now_ms() - t0 < 5000)
		Sleep(1);
	Sleep(20);	/* and give any extra release time to show */
	return atomic_load(n);
}

static void start_waiters(pthread_t *t, struct waiter_arg *a)
{
	int i;

	for (i = 0; i < NWAITERS; i++)
		pthread_create(&t[i], NULL, waiter_thread, a);
	wait_for_waiters(NWAITERS);
}

TEST(auto_reset_with_several_waiters)
{
	atomic_int released = 0;
	struct waiter_arg a = { CreateEventA(NULL, FALSE, FALSE, NULL),
				&released, 2000 };
	pthread_t t[NWAITERS];
	int i;

	start_waiters(t, &a);
	/* Each SetEvent releases exactly one waiter. */
	for (i = 1; i <= 3; i++) {
		SetEvent(a.ev);
		EXPECT_EQ(i, wait_count(&released, i));
	}
	/* Hand-off: a ResetEvent right after SetEvent cannot undo the release. */
	SetEvent(a.ev);
	ResetEvent(a.ev);
	EXPECT_EQ(4, wait_count(&released, 4));
	/* The signal was consumed by the release, not left pending. */
	EXPECT_EQ(WAIT_TIMEOUT, WaitForSingleObject(a.ev, 0));
	for (i = 0; i < 4; i++)
		SetEvent(a.ev);
	for (i = 0; i < NWAITERS; i++)
		pthread_join(t[i], NULL);
	EXPECT_EQ(NWAITERS, atomic_load(&released));
	CloseHandle(a.ev);
}

TEST(manual_reset_with_several_waiters)
{
	atomic_int released = 0;
	struct waiter_arg a = { CreateEventA(NULL, TRUE, FALSE, NULL),
				&released, 2000 };
	pthread_t t[NWAITERS];
	int i;

	start_waiters(t, &a);
	SetEvent(a.ev);
	ResetEvent(a.ev);	/* everyone waiting was released already */
	for (i = 0; i < NWAITERS; i++)
		pthread_join(t[i], NULL);
	EXPECT_EQ(NWAITERS, atomic_load(&released));
	CloseHandle(a.ev);
}

TEST(wait_any_returns_lowest_signalled)
{
	HANDLE ev[3];
	int i;

	for (i = 0; i < 3; i++)
		ev[i] = CreateEventA(NULL, FALSE, FALSE, NULL);
	EXPECT_EQ(WAIT_TIMEOUT, WaitForMultipleObjects(3, ev, FALSE, 0));
	SetEvent(ev[2]);
	SetEvent(ev[1]);
	EXPECT_EQ(WAIT_OBJECT_0 + 1, WaitForMultipleObjects(3, ev, FALSE, 0));
	EXPECT_EQ(WAIT_OBJECT_0 + 2, WaitForMultipleObjects(3, ev, FALSE, 0));
	EXPECT_EQ(WAIT_TIMEOUT, WaitForMultipleObjects(3, ev, FALSE, 0));
	for (i = 0; i < 3; i++)
		CloseHandle(ev[i]);
}

TEST(wait_all_takes_all_or_nothing)
{
	HANDLE ev[3];
	int i;

	ev[0] = CreateEventA(NULL, FALSE, FALSE, NULL);
	ev[1] = CreateEventA(NULL, TRUE, FALSE, NULL);
	ev[2] = CreateEventA(NULL, FALSE, FALSE, NULL);
	SetEvent(ev[0]);
	SetEvent(ev[1]);
	EXPECT_EQ(WAIT_TIMEOUT, WaitForMultipleObjects(3, ev, TRUE, 20));
	/* Not satisfied, so nothing was consumed. */
	EXPECT_EQ(WAIT_OBJECT_0, WaitForSingleObject(ev[0], 0));
	SetEvent(ev[0]);
	SetEvent(ev[2]);
	EXPECT_EQ(WAIT_OBJECT_0, WaitForMultipleObjects(3, ev, TRUE, 0));
	/* The auto-reset ones were consumed, the manual one stays set. */
	EXPECT_EQ(WAIT_TIMEOUT, WaitForSingleObject(ev[0], 0));
	EXPECT_EQ(WAIT_TIMEOUT, WaitForSingleObject(ev[2], 0));
	EXPECT_EQ(WAIT_OBJECT_0, WaitForSingleObject(ev[1], 0));
	for (i = 0; i < 3; i++)
		CloseHandle(ev[i]);
}

struct setter_arg {
	HANDLE *ev;
	int n;
};

static void *setter_thread(void *p)
{
	struct setter_arg *a = p;
	int i;

	for (i = 0; i < a->n; i++) {
		Sleep(10);
		SetEvent(a->ev[i]);
	}
	return NULL;
}

TEST(wait_all_across_threads)
{
	HANDLE ev[MAXIMUM_WAIT_OBJECTS];
	struct setter_arg a = { ev, MAXIMUM_WAIT_OBJECTS };
	long long t0;
	pthread_t t;
	int i;

	for (i = 0; i < MAXIMUM_WAIT_OBJECTS; i++)
		ev[i] = CreateEventA(NULL, i & 1, FALSE, NULL);
	t0 = wu_test_now_ms();
	pthread_create(&t, NULL, setter_thread, &a);
	EXPECT_EQ(WAIT_OBJECT_0,
		  WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS, ev, TRUE, 10000));
	/* Only once the last one was set. */
	EXPECT_GE(wu_test_now_ms() - t0, 10 * MAXIMUM_WAIT_OBJECTS - 20);
	pthread_join(t, NULL);
	for (i = 0; i < MAXIMUM_WAIT_OBJECTS; i++)
		CloseHandle(ev[i]);
}

TEST(wait_any_across_threads)
{
	HANDLE ev[4];
	struct setter_arg a = { &ev[3], 1 };
	pthread_t t;
	int i;

	for (i = 0; i < 4; i++)
		ev[i] = CreateEventA(NULL, FALSE, FALSE, NULL);
	pthread_create(&t, NULL, setter_thread, &a);
	EXPECT_EQ(WAIT_OBJECT_0 + 3, WaitForMultipleObjects(4, ev, FALSE, 5000));
	pthread_join(t, NULL);
	for (i = 0; i < 4; i++)
		CloseHandle(ev[i]);
}

TEST(wait_all_competes_with_wait_any)
{
	/* An auto-reset event goes to the older waiter that it satisfies. */
	HANDLE ev[2] = { CreateEventA(NULL, FALSE, FALSE, NULL),
			 CreateEventA(NULL, FALSE, FALSE, NULL) };
	atomic_int released = 0;
	struct waiter_arg a = { ev[0], &released, 3000 };
	pthread_t t;

	pthread_create(&t, NULL, waiter_thread, &a);
	wait_for_waiters(1);
	SetEvent(ev[1]);
	/* ev[1] is set and stays set: nobody waits on it. */
	SetEvent(ev[0]);	/* goes to the older single waiter */
	pthread_join(t, NULL);
	EXPECT_EQ(1, atomic_load(&released));
	EXPECT_EQ(WAIT_TIMEOUT, WaitForMultipleObjects(2, ev, TRUE, 10));
	SetEvent(ev[0]);
	EXPECT_EQ(WAIT_OBJECT_0, WaitForMultipleObjects(2, ev, TRUE, 0));
	CloseHandle(ev[0]);
	CloseHandle(ev[1]);
}

TEST(low_bit_of_event_handle_is_ignored)
{
	HANDLE ev = CreateEventA(NULL, TRUE, TRUE, NULL);

	EXPECT_EQ(WAIT_OBJECT_0,
		  WaitForSingleObject((HANDLE)((uintptr_t)ev | 1), 0));
	CloseHandle(ev);
}

TEST(wait_argument_errors)
{
	HANDLE ev = CreateEventA(NULL, TRUE, TRUE, NULL);
	HANDLE two[2] = { ev, ev };
	HANDLE bad[2] = { ev, NULL };

	SetLastError(0);
	EXPECT_EQ(WAIT_FAILED, WaitForMultipleObjects(0, two, FALSE, 0));
	EXPECT_EQ((DWORD)ERROR_INVALID_PARAMETER, GetLastError());
	EXPECT_EQ(WAIT_FAILED,
		  WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS + 1, two, FALSE, 0));
	EXPECT_EQ((DWORD)ERROR_INVALID_PARAMETER, GetLastError());
	EXPECT_EQ(WAIT_FAILED, WaitForMultipleObjects(1, NULL, FALSE, 0));
	EXPECT_EQ((DWORD)ERROR_INVALID_PARAMETER, GetLastError());
	/* The same event twice: refused for wait-all, fine for wait-any. */
	EXPECT_EQ(WAIT_FAILED, WaitForMultipleObjects(2, two, TRUE, 0));
	EXPECT_EQ((DWORD)ERROR_INVALID_PARAMETER, GetLastError());
	EXPECT_EQ(WAIT_OBJECT_0, WaitForMultipleObjects(2, two, FALSE, 0));
	SetLastError(0);
	EXPECT_EQ(WAIT_FAILED, WaitForMultipleObjects(2, bad, FALSE, 0));
	EXPECT_EQ((DWORD)ERROR_INVALID_HANDLE, GetLastError());
	EXPECT_EQ(WAIT_FAILED, WaitForSingleObject(INVALID_HANDLE_VALUE, 0));
	EXPECT_EQ((DWORD)ERROR_INVALID_HANDLE, GetLastError());
	CloseHandle(ev);
	/* Closed: every use is an invalid handle. */
	EXPECT_EQ(WAIT_FAILED, WaitForSingleObject(ev, 0));
	EXPECT_WIN_FAIL(SetEvent(ev), ERROR_INVALID_HANDLE);
	EXPECT_WIN_FAIL(ResetEvent(ev), ERROR_INVALID_HANDLE);
	EXPECT_WIN_FAIL(CloseHandle(ev), ERROR_INVALID_HANDLE);
}

TEST(create_event_arguments)
{
	SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, FALSE };
	SECURITY_ATTRIBUTES bad = { 3, NULL, FALSE };
	HANDLE ev;
	WCHAR wname[] = { 'x', 0 };

	ev = CreateEventA(&sa, TRUE, FALSE, NULL);
	EXPECT_NE(NULL, ev);
	CloseHandle(ev);
	SetLastError(0);
	EXPECT_EQ(NULL, CreateEventA(&bad, TRUE, FALSE, NULL));
	EXPECT_EQ((DWORD)ERROR_INVALID_PARAMETER, GetLastError());
	EXPECT_EQ(NULL, CreateEventA(NULL, TRUE, FALSE, "named"));
	EXPECT_EQ((DWORD)ERROR_NOT_SUPPORTED, GetLastError());
	EXPECT_EQ(NULL, CreateEventW(NULL, TRUE, FALSE, wname));
	EXPECT_EQ((DWORD)ERROR_NOT_SUPPORTED, GetLastError());
	ev = CreateEventW(NULL, FALSE, TRUE, NULL);
	EXPECT_EQ(WAIT_OBJECT_0, WaitForSingleObject(ev, 0));
	CloseHandle(ev);
}

static void *close_while_waiting_thread(void *p)
{
	HANDLE ev = p;

	return (void *)(uintptr_t)WaitForSingleObject(ev, 150);
}

TEST(close_while_waiting)
{
	HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
	pthread_t t;
	void *ret;

	pthread_create(&t, NULL, close_while_waiting_thread, ev);
	wait_for_waiters(1);
	/* As on Windows: the waiter keeps waiting on the object. */
	EXPECT_WIN_OK(CloseHandle(ev));
	pthread_join(t, &ret);
	EXPECT_EQ(WAIT_TIMEOUT, (DWORD)(uintptr_t)ret);
}

TEST_HARNESS_MAIN
