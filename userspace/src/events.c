// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * events.c - Win32 event objects and WaitForSingleObject/MultipleObjects.
 *
 * Windows releases waiters at the moment an event is set ("hand-off"): an
 * auto-reset event set while threads wait releases exactly one of them and
 * is reset by that release, even if another thread calls ResetEvent() right
 * after SetEvent().  A condition variable alone cannot give that, so each
 * waiting thread queues a wait block (struct wu_waiter) on one list, and
 * SetEvent() walks the list in arrival order, satisfies the waits it can,
 * consumes the auto-reset events those waits took, and wakes exactly those
 * threads.  bWaitAll waits are satisfied only when every one of their events
 * is signalled at once, and then take them all together.
 *
 * One mutex (wu_event_lock) protects every event's state and the wait list.
 * It is a leaf lock: nothing else is locked or called under it.
 */
#include <errno.h>
#include <stdlib.h>
#include <time.h>

#include "libwinusb.h"

/**
 * struct wu_event - an event object.
 * @obj: header.
 * @manual: manual-reset (TRUE) or auto-reset (FALSE).
 * @signaled: the state, under wu_event_lock.
 */
struct wu_event {
	struct wu_object obj;
	bool manual;
	bool signaled;
};

/**
 * struct wu_waiter - a thread blocked in WaitFor*Object(s).
 * @prev, @next: in the wait list, oldest first.
 * @events: the events waited on (references held by the waiting thread).
 * @count: number of @events.
 * @all: bWaitAll.
 * @cond: signalled when @result is set.
 * @result: -1 while waiting, else the index that satisfied the wait (0
 *          for bWaitAll).
 */
struct wu_waiter {
	struct wu_waiter *prev, *next;
	struct wu_event **events;
	DWORD count;
	bool all;
	pthread_cond_t cond;
	long result;
};

static pthread_mutex_t wu_event_lock = PTHREAD_MUTEX_INITIALIZER;
static struct wu_waiter *wu_wait_head, *wu_wait_tail;

static void wu_event_release(struct wu_object *obj)
{
	free(wu_container_of(obj, struct wu_event, obj));
}

/* Take a signalled event's state for a satisfied wait (lock held). */
static void wu_event_consume(struct wu_event *ev)
{
	if (!ev->manual)
		ev->signaled = false;
}

/* Satisfy @w from the current states if possible (lock held). */
static bool wu_waiter_try(struct wu_waiter *w)
{
	DWORD i;

	if (!w->all) {
		for (i = 0; i < w->count; i++) {
			if (w->events[i]->signaled) {
				wu_event_consume(w->events[i]);
				w->result = (long)i;
				return true;
			}
		}
		return false;
	}
	for (i = 0; i < w->count; i++)
		if (!w->events[i]->signaled)
			return false;
	for (i = 0; i < w->count; i++)
		wu_event_consume(w->events[i]);
	w->result = 0;
	return true;
}

static bool wu_waiter_uses(const struct wu_waiter *w,
			   const struct wu_event *ev)
{
	DWORD i;

	for (i = 0; i < w->count; i++)
		if (w->events[i] == ev)
			return true;
	return false;
}

static void wu_waiter_unlink(struct wu_waiter *w)
{
	if (w->prev)
		w->prev->next = w->next;
	else
		wu_wait_head = w->next;
	if (w->next)
		w->next->prev = w->prev;
	else
		wu_wait_tail = w->prev;
	w->prev = w->next = NULL;
}

/* Set @ev and release the waits it completes, oldest first (lock held). */
static void __wu_event_set(struct wu_event *ev)
{
	struct wu_waiter *w, *next;

	ev->signaled = true;
	for (w = wu_wait_head; w && ev->signaled; w = next) {
		next = w->next;
		if (!wu_waiter_uses(w, ev) || !wu_waiter_try(w))
			continue;
		wu_waiter_unlink(w);
		pthread_cond_signal(&w->cond);
	}
}

unsigned int wu_event_waiters(void)
{
	struct wu_waiter *w;
	unsigned int n = 0;

	pthread_mutex_lock(&wu_event_lock);
	for (w = wu_wait_head; w; w = w->next)
		n++;
	pthread_mutex_unlock(&wu_event_lock);
	return n;
}

static struct wu_event *wu_event_get(HANDLE h)
{
	struct wu_object *obj;

	obj = wu_handle_get(wu_event_handle(h), WU_TYPE_BIT(WU_TYPE_EVENT));
	return obj ? wu_container_of(obj, struct wu_event, obj) : NULL;
}

HANDLE WINAPI CreateEventA(LPSECURITY_ATTRIBUTES lpEventAttributes,
			   BOOL bManualReset, BOOL bInitialState,
			   LPCSTR lpName)
{
	struct wu_event *ev;
	HANDLE h;

	if (lpName) {
		SetLastError(ERROR_NOT_SUPPORTED);
		return NULL;
	}
	if (lpEventAttributes &&
	    lpEventAttributes->nLength != sizeof(SECURITY_ATTRIBUTES)) {
		SetLastError(ERROR_INVALID_PARAMETER);
		return NULL;
	}
	ev = calloc(1, sizeof(*ev));
	if (!ev) {
		SetLastError(ERROR_NOT_ENOUGH_MEMORY);
		return NULL;
	}
	wu_object_init(&ev->obj, WU_TYPE_EVENT, wu_event_release);
	ev->manual = bManualReset != FALSE;
	ev->signaled = bInitialState != FALSE;

	h = wu_handle_open(&ev->obj);
	wu_object_put(&ev->obj);	/* the table holds it now */
	if (!h) {
		SetLastError(ERROR_NOT_ENOUGH_MEMORY);
		return NULL;
	}
	return h;
}

HANDLE WINAPI CreateEventW(LPSECURITY_ATTRIBUTES lpEventAttributes,
			   BOOL bManualReset, BOOL bInitialState,
			   LPCWSTR lpName)
{
	if (lpName) {
		SetLastError(ERROR_NOT_SUPPORTED);
		return NULL;
	}
	return CreateEventA(lpEventAttributes, bManualReset, bInitialState,
			    NULL);
}

/* SetEvent() without touching the last error unless it fails. */
BOOL wu_event_set(HANDLE h)
{
	struct wu_event *ev = wu_event_get(h);

	if (!ev)
		return FALSE;
	pthread_mutex_lock(&wu_event_lock);
	__wu_event_set(ev);
	pthread_mutex_unlock(&wu_event_lock);
	wu_object_put(&ev->obj);
	return TRUE;
}

BOOL wu_event_reset(HANDLE h)
{
	struct wu_event *ev = wu_event_get(h);

	if (!ev)
		return FALSE;
	pthread_mutex_lock(&wu_event_lock);
	ev->signaled = false;
	pthread_mutex_unlock(&wu_event_lock);
	wu_object_put(&ev->obj);
	return TRUE;
}

BOOL WINAPI SetEvent(HANDLE hEvent)
{
	if (!wu_event_set(hEvent))
		return wu_fail(ERROR_INVALID_HANDLE);
	return TRUE;
}

BOOL WINAPI ResetEvent(HANDLE hEvent)
{
	if (!wu_event_reset(hEvent))
		return wu_fail(ERROR_INVALID_HANDLE);
	return TRUE;
}

/* The absolute CLOCK_MONOTONIC time @ms from now. */
static struct timespec wu_deadline(DWORD ms)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	return ts;
}

/*
 * Block until @w is satisfied or the time-out passes; @w holds its events'
 * references.  Returns WAIT_OBJECT_0 + index or WAIT_TIMEOUT.
 */
static DWORD wu_wait(struct wu_waiter *w, DWORD ms)
{
	pthread_condattr_t attr;
	struct timespec deadline;
	DWORD ret;
	int err = 0;

	if (ms != INFINITE)
		deadline = wu_deadline(ms);

	pthread_mutex_lock(&wu_event_lock);
	if (wu_waiter_try(w)) {
		pthread_mutex_unlock(&wu_event_lock);
		return WAIT_OBJECT_0 + (DWORD)w->result;
	}
	if (ms == 0) {
		pthread_mutex_unlock(&wu_event_lock);
		return WAIT_TIMEOUT;
	}

	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&w->cond, &attr);
	pthread_condattr_destroy(&attr);

	w->result = -1;
	w->next = NULL;
	w->prev = wu_wait_tail;
	if (wu_wait_tail)
		wu_wait_tail->next = w;
	else
		wu_wait_head = w;
	wu_wait_tail = w;

	while (w->result < 0 && err != ETIMEDOUT) {
		if (ms == INFINITE)
			err = pthread_cond_wait(&w->cond, &wu_event_lock);
		else
			err = pthread_cond_timedwait(&w->cond, &wu_event_lock,
						     &deadline);
	}
	if (w->result < 0) {
		wu_waiter_unlink(w);
		ret = WAIT_TIMEOUT;
	} else {
		ret = WAIT_OBJECT_0 + (DWORD)w->result;
	}
	pthread_mutex_unlock(&wu_event_lock);
	pthread_cond_destroy(&w->cond);
	return ret;
}

DWORD WINAPI WaitForMultipleObjects(DWORD nCount, const HANDLE *lpHandles,
				    BOOL bWaitAll, DWORD dwMilliseconds)
{
	struct wu_event *events[MAXIMUM_WAIT_OBJECTS];
	struct wu_waiter w = { 0 };
	DWORD i, j, ret;

	if (nCount == 0 || nCount > MAXIMUM_WAIT_OBJECTS || !lpHandles) {
		SetLastError(ERROR_INVALID_PARAMETER);
		return WAIT_FAILED;
	}
	for (i = 0; i < nCount; i++) {
		events[i] = wu_event_get(lpHandles[i]);
		if (!events[i]) {
			ret = ERROR_INVALID_HANDLE;
			goto out_put;
		}
		for (j = 0; bWaitAll && j < i; j++) {
			if (events[j] == events[i]) {
				/* Windows refuses duplicates in a wait-all. */
				wu_object_put(&events[i]->obj);
				ret = ERROR_INVALID_PARAMETER;
				goto out_put;
			}
		}
	}

	w.events = events;
	w.count = nCount;
	w.all = bWaitAll != FALSE;
	ret = wu_wait(&w, dwMilliseconds);

	for (j = 0; j < nCount; j++)
		wu_object_put(&events[j]->obj);
	return ret;

out_put:
	for (j = 0; j < i; j++)
		wu_object_put(&events[j]->obj);
	SetLastError(ret);
	return WAIT_FAILED;
}

DWORD WINAPI WaitForSingleObject(HANDLE hHandle, DWORD dwMilliseconds)
{
	return WaitForMultipleObjects(1, &hHandle, FALSE, dwMilliseconds);
}
