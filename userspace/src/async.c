// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * async.c - every transfer is a kernel request; this file tracks them.
 *
 * Model:
 *  - Submitting (WinUsb_ReadPipe/WritePipe/ControlTransfer) sends one
 *    WINUSB_IOCTL_SUBMIT whose cookie is the address of a struct
 *    wu_request, and returns.  With an OVERLAPPED the call then fails with
 *    ERROR_IO_PENDING, as WinUSB always does; without one it waits for the
 *    request's completion (submit + wait).
 *  - Each device file has one reaper thread, started by the first submit.
 *    It poll()s the file, takes completion records with WINUSB_IOCTL_REAP
 *    and completes the requests: an OVERLAPPED gets Internal (an NTSTATUS)
 *    and InternalHigh (bytes), then its hEvent is set; a synchronous caller
 *    is woken.  So a Windows program that only waits on ov.hEvent, or polls
 *    HasOverlappedIoCompleted(), works: nothing has to call into the
 *    library for requests to complete.
 *  - An OVERLAPPED is completed before its request leaves the pending list,
 *    so once WinUsb_AbortPipe() or WinUsb_Free() has seen the list empty,
 *    every OVERLAPPED involved is final and may be reused or freed.
 *  - An isochronous read (isoch.c) is the same request with packets: the
 *    driver writes each packet's result (an errno) into the buffer
 *    handle's result table when the reaper takes the record; the reaper
 *    then writes the caller's USBD_ISO_PACKET_DESCRIPTORs once, with
 *    USBD statuses, before it completes the request.  Its requests come
 *    from the buffer handle's pool (struct wu_request_pool) and go back
 *    to it here, so a stream allocates nothing.
 *  - When the device goes away the driver completes every pending request
 *    with -ENODEV (ERROR_DEVICE_NOT_CONNECTED) and poll() reports a hang-up;
 *    the reaper drains the queue, fails anything the driver did not report,
 *    and exits.  New submits then fail at once with ERROR_BAD_COMMAND.
 *
 * Locks: wu_async.lock protects the request list of one file; wu_ov_lock
 * serialises OVERLAPPED completion (result and event together) against
 * GetOverlappedResult() waiters and against the reuse of the OVERLAPPED;
 * events.c's lock (a leaf) is taken under wu_ov_lock when an hEvent is set
 * or reset.  Order: wu_async.lock -> wu_ov_lock -> events lock.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "libwinusb.h"

/* OVERLAPPED completion: written under wu_ov_lock, waited on wu_ov_cond. */
static pthread_mutex_t wu_ov_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wu_ov_cond = PTHREAD_COND_INITIALIZER;

/* How long the reaper waits for the driver to report killed requests. */
#define WU_REAP_DISCONNECT_MS 100

static inline ULONG_PTR wu_ov_internal(const OVERLAPPED *ov)
{
	return __atomic_load_n(&ov->Internal, __ATOMIC_ACQUIRE);
}

/*
 * The result and the event are published together, under wu_ov_lock: a
 * program that sees the result (HasOverlappedIoCompleted(),
 * GetOverlappedResult()) may reuse the OVERLAPPED and its event for a new
 * request at once, as Windows programs do, and the new submission takes
 * wu_ov_lock before it resets the event (wu_overlapped_begin()), so this
 * completion can never set the event of the next request.  On Windows the
 * issuing thread cannot see the gap either: the kernel writes the result
 * and sets the event in one APC.
 */
void wu_overlapped_complete(OVERLAPPED *ov, HANDLE event, DWORD error,
			    uint32_t bytes)
{
	NTSTATUS status = wu_ntstatus_from_error(error);

	pthread_mutex_lock(&wu_ov_lock);
	ov->InternalHigh = bytes;
	__atomic_store_n(&ov->Internal, (ULONG_PTR)(uint32_t)status,
			 __ATOMIC_RELEASE);
	if (event)
		wu_event_set(event);
	pthread_cond_broadcast(&wu_ov_cond);
	pthread_mutex_unlock(&wu_ov_lock);
}

/*
 * Start a request on @ov: reset its event and mark it pending, after any
 * completion still running on it (see wu_overlapped_complete()).
 * Returns false if @event is not an event handle.
 */
static bool wu_overlapped_begin(OVERLAPPED *ov, HANDLE event)
{
	bool ok = true;

	pthread_mutex_lock(&wu_ov_lock);
	if (event && !wu_event_reset(event)) {
		ok = false;
	} else {
		ov->InternalHigh = 0;
		__atomic_store_n(&ov->Internal, (ULONG_PTR)STATUS_PENDING,
				 __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&wu_ov_lock);
	return ok;
}

/**
 * wu_overlapped_result() - GetOverlappedResult() on an OVERLAPPED.
 * @ov: the request.
 * @bytes: out, optional: InternalHigh.
 * @wait: wait for completion if pending.
 *
 * Waits on the completion itself rather than on hEvent, so an auto-reset
 * event that the program already consumed cannot make it hang.
 */
BOOL wu_overlapped_result(OVERLAPPED *ov, DWORD *bytes, BOOL wait)
{
	DWORD error;

	if (!ov)
		return wu_fail(ERROR_INVALID_PARAMETER);

	if ((DWORD)wu_ov_internal(ov) == STATUS_PENDING && !wait)
		return wu_fail(ERROR_IO_INCOMPLETE);
	/* Also waits for a completion in progress to have set the event. */
	pthread_mutex_lock(&wu_ov_lock);
	while ((DWORD)wu_ov_internal(ov) == STATUS_PENDING)
		pthread_cond_wait(&wu_ov_cond, &wu_ov_lock);
	pthread_mutex_unlock(&wu_ov_lock);
	if (bytes)
		*bytes = (DWORD)ov->InternalHigh;
	error = wu_error_from_ntstatus((NTSTATUS)(uint32_t)wu_ov_internal(ov));
	if (error != ERROR_SUCCESS)
		return wu_fail(error);
	return TRUE;
}

int wu_async_init(struct wu_async *a)
{
	a->stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (a->stop_fd < 0)
		return -errno;
	pthread_mutex_init(&a->lock, NULL);
	pthread_cond_init(&a->cond, NULL);
	a->pending = NULL;
	a->npending = 0;
	a->reaper_running = false;
	a->gone = false;
	return 0;
}

void wu_async_cleanup(struct wu_async *a)
{
	uint64_t one = 1;

	if (a->reaper_running) {
		if (write(a->stop_fd, &one, sizeof(one)) < 0) {
			/* An eventfd write only fails if the counter is full. */
		}
		pthread_join(a->reaper, NULL);
		a->reaper_running = false;
	}
	close(a->stop_fd);
	pthread_cond_destroy(&a->cond);
	pthread_mutex_destroy(&a->lock);
}

static void wu_request_link(struct wu_async *a, struct wu_request *req)
{
	req->prev = NULL;
	req->next = a->pending;
	if (a->pending)
		a->pending->prev = req;
	a->pending = req;
	a->npending++;
}

static void wu_request_unlink(struct wu_async *a, struct wu_request *req)
{
	if (req->prev)
		req->prev->next = req->next;
	else
		a->pending = req->next;
	if (req->next)
		req->next->prev = req->prev;
	req->prev = req->next = NULL;
	a->npending--;
}

/* ---- request pools ------------------------------------------------------ */

/* A block of requests; blocks live as long as their pool. */
struct wu_request_block {
	struct wu_request_block *next;
	struct wu_request reqs[];
};

/* Add @n requests to the free list (pool->lock held, or not yet shared). */
static int wu_request_pool_grow(struct wu_request_pool *pool, unsigned int n)
{
	struct wu_request_block *b;
	unsigned int i;

	b = calloc(1, sizeof(*b) + n * sizeof(b->reqs[0]));
	if (!b)
		return -ENOMEM;
	b->next = pool->blocks;
	pool->blocks = b;
	for (i = 0; i < n; i++) {
		b->reqs[i].next = pool->free_list;
		pool->free_list = &b->reqs[i];
	}
	return 0;
}

int wu_request_pool_init(struct wu_request_pool *pool, unsigned int n,
			 unsigned int grow)
{
	pool->free_list = NULL;
	pool->blocks = NULL;
	pool->grow = grow;
	pool->outstanding = 0;
	pthread_mutex_init(&pool->lock, NULL);
	pthread_cond_init(&pool->idle, NULL);
	if (wu_request_pool_grow(pool, n) < 0) {
		wu_request_pool_destroy(pool);
		return -ENOMEM;
	}
	return 0;
}

struct wu_request *wu_request_pool_get(struct wu_request_pool *pool)
{
	struct wu_request *req = NULL;

	pthread_mutex_lock(&pool->lock);
	if (pool->free_list || wu_request_pool_grow(pool, pool->grow) == 0) {
		req = pool->free_list;
		pool->free_list = req->next;
		pool->outstanding++;
	}
	pthread_mutex_unlock(&pool->lock);
	if (req) {
		memset(req, 0, sizeof(*req));
		req->pool = pool;
	}
	return req;
}

static void wu_request_pool_put(struct wu_request *req)
{
	struct wu_request_pool *pool = req->pool;

	pthread_mutex_lock(&pool->lock);
	req->next = pool->free_list;
	pool->free_list = req;
	if (!--pool->outstanding)
		pthread_cond_broadcast(&pool->idle);
	/* The pool may be freed once this is unlocked (outstanding 0). */
	pthread_mutex_unlock(&pool->lock);
}

void wu_request_pool_wait_idle(struct wu_request_pool *pool)
{
	pthread_mutex_lock(&pool->lock);
	while (pool->outstanding)
		pthread_cond_wait(&pool->idle, &pool->lock);
	pthread_mutex_unlock(&pool->lock);
}

void wu_request_pool_destroy(struct wu_request_pool *pool)
{
	struct wu_request_block *b, *next;

	for (b = pool->blocks; b; b = next) {
		next = b->next;
		free(b);
	}
	pool->blocks = NULL;
	pool->free_list = NULL;
	pthread_cond_destroy(&pool->idle);
	pthread_mutex_destroy(&pool->lock);
}

/* ---- completion --------------------------------------------------------- */

/* A request async.c owns is done: back to its pool, or freed. */
static void wu_request_free(struct wu_request *req)
{
	if (req->pool)
		wu_request_pool_put(req);
	else
		free(req);
}

/*
 * An isochronous request's result, written once: each packet of a read
 * goes from the driver's result (an errno) to the caller's descriptor (a
 * USBD status); the byte count is 0, as WinUSB reports for isochronous
 * transfers; and a transfer none of whose packets went through fails, as
 * Windows' USBD_STATUS_ISOCH_REQUEST_FAILED does (ERROR_GEN_FAILURE).
 * @c is NULL when the library fails the request itself (device gone and
 * no record): the driver wrote nothing, so every packet says so.
 */
static void wu_request_isoch_result(struct wu_request *req,
				    const struct wu_k_completion *c,
				    int *status, uint32_t *actual)
{
	const struct wu_request_isoch *ix = &req->isoch;
	USBD_ISO_PACKET_DESCRIPTOR *pk = ix->packets;
	uint32_t i;

	*actual = 0;
	for (i = 0; pk && i < ix->npackets; i++) {
		if (c && c->status != -EFAULT) {
			pk[i].Offset = ix->results[i].offset;
			pk[i].Length = ix->results[i].length;
			pk[i].Status = wu_usbd_status_from_errno(
					ix->results[i].status, c->status);
		} else {
			/*
			 * No result: the device is gone, or the driver could
			 * not write the table (-EFAULT).
			 */
			pk[i].Offset = i * ix->packet_bytes;
			pk[i].Length = 0;
			pk[i].Status = c ? USBD_STATUS_DATA_BUFFER_ERROR :
					   USBD_STATUS_DEVICE_GONE;
		}
	}
	if (c && *status == 0 && c->error_count >= ix->npackets)
		*status = -EIO;		/* ERROR_GEN_FAILURE */
}

/*
 * Complete @req with @status (0 or -errno) and @actual bytes; the caller
 * holds a->lock.  @c is the driver's record, NULL if the library fails the
 * request itself.  An OVERLAPPED request is freed here unless its
 * submitter still runs.
 */
static void __wu_request_complete(struct wu_async *a, struct wu_request *req,
				  const struct wu_k_completion *c,
				  int status, uint32_t actual)
{
	if (req->isoch.npackets)
		wu_request_isoch_result(req, c, &status, &actual);
	if (req->ov) {
		wu_overlapped_complete(req->ov, req->event,
				       wu_error_from_errno(-status,
							   WU_CTX_COMPLETION),
				       actual);
	} else {
		req->status = status;
		req->actual = actual;
		req->done = true;
	}
	wu_request_unlink(a, req);
	pthread_cond_broadcast(&a->cond);
	if (req->ov) {
		if (req->submitting)
			req->orphaned = true;
		else
			wu_request_free(req);
	}
}

static void wu_async_complete(struct wu_async *a,
			      const struct wu_k_completion *c)
{
	struct wu_request *req;

	pthread_mutex_lock(&a->lock);
	for (req = a->pending; req; req = req->next)
		if ((uintptr_t)req == c->cookie)
			break;
	if (req)
		__wu_request_complete(a, req, c, c->status, c->actual_length);
	pthread_mutex_unlock(&a->lock);
}

/* The device is gone and the queue drained: fail whatever is left. */
static void wu_async_fail_all(struct wu_async *a)
{
	pthread_mutex_lock(&a->lock);
	a->gone = true;
	while (a->pending)
		__wu_request_complete(a, a->pending, NULL, -ENODEV, 0);
	pthread_mutex_unlock(&a->lock);
}

/* Reap everything queued; returns the last wu_k_reap() result. */
static int wu_reaper_drain(struct wu_file *f, int timeout_ms)
{
	struct wu_k_completion c[64];
	int n, i;

	do {
		n = wu_k_reap(f->fd, c, WU_ARRAY_SIZE(c), timeout_ms);
		for (i = 0; i < n; i++)
			wu_async_complete(&f->async, &c[i]);
		timeout_ms = -1;
	} while (n == (int)WU_ARRAY_SIZE(c));
	return n;
}

static void *wu_reaper(void *arg)
{
	struct wu_file *f = arg;
	struct wu_async *a = &f->async;

	for (;;) {
		struct pollfd p[2] = {
			{ .fd = f->fd, .events = POLLIN },
			{ .fd = a->stop_fd, .events = POLLIN },
		};
		int n;

		n = poll(p, 2, -1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			wu_async_fail_all(a);
			break;
		}
		if (p[1].revents)
			break;
		if (!(p[0].revents & (POLLHUP | POLLERR | POLLNVAL))) {
			/* ENODEV: gone, and nothing pending or queued. */
			if (wu_reaper_drain(f, -1) != -ENODEV)
				continue;
			wu_async_fail_all(a);
			break;
		}
		/*
		 * Hung up: the driver is completing the pending requests
		 * with -ENODEV.  Wait for their records (a short timed
		 * REAP, since poll() now returns at once) until the driver
		 * says nothing is left (ENODEV).
		 */
		n = wu_reaper_drain(f, WU_REAP_DISCONNECT_MS);
		if (n >= 0 || n == -ETIMEDOUT || n == -EAGAIN || n == -EINTR)
			continue;
		wu_async_fail_all(a);
		break;
	}
	return NULL;
}

/* Start the reaper if it is not running (a->lock held). */
static int wu_reaper_start(struct wu_file *f)
{
	struct wu_async *a = &f->async;
	sigset_t all, old;
	int err;

	if (a->reaper_running)
		return 0;
	/* The reaper must not take the program's signals. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	err = pthread_create(&a->reaper, NULL, wu_reaper, f);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err)
		return -err;
	a->reaper_running = true;
	return 0;
}

/**
 * wu_async_submit() - submit a transfer.
 * @f: the device file.
 * @req: the request, owned by the caller until this returns (and after,
 *       for a synchronous request); OVERLAPPED requests are heap allocated
 *       or from a pool: the reaper frees them or gives them back.
 * @x: a plain transfer, or NULL; its cookie is set here.
 * @ix: an isochronous transfer if @x is NULL; its cookie is set here and
 *      its out_ members by the driver.
 *
 * Return: 0 (the request is pending or already complete) or -errno
 * (nothing was queued; @req is not linked).
 */
static int wu_async_submit(struct wu_file *f, struct wu_request *req,
			   struct wu_k_transfer *x, struct wu_k_isoch_transfer *ix)
{
	struct wu_async *a = &f->async;
	uint64_t id = 0;
	bool orphaned, cancel = false;
	int ret;

	req->submitting = true;
	req->orphaned = false;
	req->cancel_requested = false;
	req->done = false;
	req->kernel_id = 0;

	pthread_mutex_lock(&a->lock);
	if (!a->gone) {
		ret = wu_reaper_start(f);
		if (ret < 0) {
			pthread_mutex_unlock(&a->lock);
			return ret;
		}
	}
	wu_request_link(a, req);
	pthread_mutex_unlock(&a->lock);

	if (x) {
		x->cookie = (uintptr_t)req;
		ret = wu_k_submit(f->fd, x, &id);
	} else {
		ix->cookie = (uintptr_t)req;
		ret = wu_k_isoch_submit(f->fd, ix, &id);
	}

	pthread_mutex_lock(&a->lock);
	req->submitting = false;
	orphaned = req->orphaned;
	if (ret < 0) {
		wu_request_unlink(a, req);
		pthread_cond_broadcast(&a->cond);
	} else if (!orphaned) {
		req->kernel_id = id;
		cancel = req->cancel_requested;
	}
	pthread_mutex_unlock(&a->lock);

	if (orphaned)
		wu_request_free(req);	/* OVERLAPPED request, already completed */
	if (cancel)
		wu_k_cancel(f->fd, id);	/* @req may be gone: use the id only */
	return ret;
}

/*
 * Submit and wait.  A request from a pool goes back to it before this
 * returns; any other is the caller's (on its stack).
 */
static DWORD wu_async_wait_transfer(struct wu_file *f, struct wu_request *req,
				    struct wu_k_transfer *x,
				    struct wu_k_isoch_transfer *ix,
				    uint32_t *actual)
{
	struct wu_async *a = &f->async;
	DWORD error;
	int ret;

	*actual = 0;
	req->tid = gettid();
	req->ov = NULL;
	req->event = NULL;
	ret = wu_async_submit(f, req, x, ix);
	if (ret < 0) {
		error = wu_error_from_errno(-ret, WU_CTX_SUBMIT);
	} else {
		pthread_mutex_lock(&a->lock);
		while (!req->done)
			pthread_cond_wait(&a->cond, &a->lock);
		pthread_mutex_unlock(&a->lock);
		*actual = req->actual;
		error = wu_error_from_errno(-req->status, WU_CTX_COMPLETION);
	}
	if (req->pool)
		wu_request_pool_put(req);
	return error;
}

DWORD wu_async_transfer(struct wu_file *f, const void *owner,
			struct wu_k_transfer *x, uint32_t *actual)
{
	struct wu_request req = {
		.owner = owner,
		.endpoint = x->endpoint,
	};

	return wu_async_wait_transfer(f, &req, x, NULL, actual);
}

DWORD wu_async_isoch_transfer(struct wu_file *f, struct wu_request *req,
			      struct wu_k_isoch_transfer *x)
{
	uint32_t actual;

	return wu_async_wait_transfer(f, req, NULL, x, &actual);
}

/* Submit with an OVERLAPPED; @req belongs to async.c from here on. */
static BOOL wu_async_overlapped(struct wu_file *f, struct wu_request *req,
				struct wu_k_transfer *x, struct wu_k_isoch_transfer *ix,
				OVERLAPPED *ov)
{
	HANDLE event = wu_event_handle(ov->hEvent);
	int ret;

	req->tid = gettid();
	req->ov = ov;
	req->event = event;

	if (!wu_overlapped_begin(ov, event)) {
		wu_request_free(req);
		return wu_fail(ERROR_INVALID_HANDLE);
	}

	ret = wu_async_submit(f, req, x, ix);
	if (ret < 0) {
		DWORD error = wu_error_from_errno(-ret, WU_CTX_SUBMIT);

		wu_request_free(req);
		/* Failed at once: the OVERLAPPED is not pending. */
		__atomic_store_n(&ov->Internal,
				 (ULONG_PTR)(uint32_t)wu_ntstatus_from_error(error),
				 __ATOMIC_RELEASE);
		return wu_fail(error);
	}
	return wu_fail(ERROR_IO_PENDING);
}

BOOL wu_async_submit_overlapped(struct wu_file *f, const void *owner,
				struct wu_k_transfer *x, OVERLAPPED *ov)
{
	struct wu_request *req;

	req = calloc(1, sizeof(*req));
	if (!req)
		return wu_fail(ERROR_NOT_ENOUGH_MEMORY);
	req->owner = owner;
	req->endpoint = x->endpoint;
	return wu_async_overlapped(f, req, x, NULL, ov);
}

BOOL wu_async_isoch_submit_overlapped(struct wu_file *f,
				      struct wu_request *req,
				      struct wu_k_isoch_transfer *x,
				      OVERLAPPED *ov)
{
	return wu_async_overlapped(f, req, NULL, x, ov);
}

static bool wu_cancel_matches(const struct wu_request *req,
			      const struct wu_cancel_match *m)
{
	if (m->owner && req->owner != m->owner)
		return false;
	if (m->ov && req->ov != m->ov)
		return false;
	if (m->tid && req->tid != m->tid)
		return false;
	return true;
}

unsigned int wu_async_cancel(struct wu_file *f, const struct wu_cancel_match *m)
{
	struct wu_async *a = &f->async;
	struct wu_request *req;
	uint64_t *ids = NULL;
	unsigned int n = 0, found = 0, i;

	pthread_mutex_lock(&a->lock);
	if (a->npending)
		ids = malloc(a->npending * sizeof(*ids));
	for (req = a->pending; req; req = req->next) {
		if (!wu_cancel_matches(req, m))
			continue;
		found++;
		if (!req->kernel_id)
			req->cancel_requested = true;
		else if (ids)
			ids[n++] = req->kernel_id;
	}
	pthread_mutex_unlock(&a->lock);

	/* ENOENT: it completed meanwhile; nothing else can be done. */
	for (i = 0; i < n; i++)
		wu_k_cancel(f->fd, ids[i]);
	free(ids);
	return found;
}

static bool wu_async_has(struct wu_async *a, const void *owner, int endpoint)
{
	struct wu_request *req;

	for (req = a->pending; req; req = req->next) {
		if (owner && req->owner != owner)
			continue;
		if (endpoint >= 0 && req->endpoint != endpoint)
			continue;
		return true;
	}
	return false;
}

void wu_async_wait_idle(struct wu_file *f, const void *owner, int endpoint)
{
	struct wu_async *a = &f->async;

	pthread_mutex_lock(&a->lock);
	while (wu_async_has(a, owner, endpoint))
		pthread_cond_wait(&a->cond, &a->lock);
	pthread_mutex_unlock(&a->lock);
}

bool wu_async_busy(struct wu_file *f, const void *owner)
{
	struct wu_async *a = &f->async;
	bool busy;

	pthread_mutex_lock(&a->lock);
	busy = wu_async_has(a, owner, -1);
	pthread_mutex_unlock(&a->lock);
	return busy;
}

BOOL WINAPI WinUsb_GetOverlappedResult(WINUSB_INTERFACE_HANDLE InterfaceHandle,
				       LPOVERLAPPED lpOverlapped,
				       LPDWORD lpNumberOfBytesTransferred,
				       BOOL bWait)
{
	struct wu_interface *intf;
	BOOL ret;

	intf = wu_interface_get(InterfaceHandle);
	if (!intf)
		return FALSE;
	ret = wu_overlapped_result(lpOverlapped, lpNumberOfBytesTransferred,
				   bWait);
	wu_interface_put(intf);
	return ret;
}
