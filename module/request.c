// SPDX-License-Identifier: GPL-2.0
/*
 * winusb - the request core: queue, finish, reap, cancel, and what a file's
 * requests may hold.
 *
 * A request is submitted by the ioctl of its kind (transfer.c for control,
 * bulk and interrupt, isoch.c for isochronous), which fills it in and
 * calls winusb_request_enqueue().  From there the core carries it the same
 * way whatever its kind: the pipe starts it in order (winusb_pipe_kick()
 * calls the kind's start), its completion handler calls
 * winusb_request_finish(), which moves it to the file's completed list,
 * and WINUSB_IOCTL_REAP copies its record out and frees it.  The core
 * never looks at the kind; struct winusb_request_ops is the whole contract.
 *
 * Memory.  Everything a caller can make the module hold is charged to the
 * open file when it is allocated and given back when it is freed: each
 * request's structure, URB, tables, kernel buffer and pinned pages, and
 * each registered buffer's pools.  A file may hold max_file_mb and
 * WINUSB_MAX_REQUESTS requests, all files together max_total_mb (usbfs's
 * usbfs_memory_mb), and the allocations are charged to the caller's
 * memory cgroup (GFP_KERNEL_ACCOUNT).  Over a limit the ioctl fails with
 * -ENOMEM and nothing changes.
 */
#include <linux/atomic.h>
#include <linux/module.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/usb.h>

#include "trace.h"
#include "winusb.h"

static unsigned int max_file_mb = 128;
module_param(max_file_mb, uint, 0644);
MODULE_PARM_DESC(max_file_mb,
		 "Memory (MiB) one open file may hold in requests, their pinned buffers and registered isochronous buffers' pools (0 = no limit)");

static unsigned int max_total_mb = 256;
module_param(max_total_mb, uint, 0644);
MODULE_PARM_DESC(max_total_mb,
		 "Memory (MiB) all open files together may hold (0 = no limit)");

static atomic_long_t winusb_mem_total;

/**
 * winusb_mem_charged() - what every open file together holds now
 *
 * For debugfs: tests check that it comes back to its value after a run.
 *
 * Return: bytes charged, module-wide.
 */
long winusb_mem_charged(void)
{
	return atomic_long_read(&winusb_mem_total);
}

/**
 * winusb_file_charge_locked() - account memory a caller makes the module hold
 * @wf: the file it is charged to
 * @mem: bytes
 * @request: it belongs to a new request (counted against
 *	WINUSB_MAX_REQUESTS)
 *
 * Context: winusb_dev.lock held; any context.
 * Return: 0, or -ENOMEM over a limit (nothing charged).
 */
int winusb_file_charge_locked(struct winusb_file *wf, size_t mem,
			      bool request)
{
	size_t file_limit = (size_t)READ_ONCE(max_file_mb) << 20;
	long total_limit = (long)READ_ONCE(max_total_mb) << 20;

	lockdep_assert_held(&wf->wdev->lock);
	if (mem > LONG_MAX / 2)
		return -ENOMEM;
	if (file_limit && (mem > file_limit ||
			   wf->mem_usage > file_limit - mem))
		return -ENOMEM;
	if (request && wf->nrequests >= WINUSB_MAX_REQUESTS)
		return -ENOMEM;
	if (atomic_long_add_return(mem, &winusb_mem_total) > total_limit &&
	    total_limit) {
		atomic_long_sub(mem, &winusb_mem_total);
		return -ENOMEM;
	}
	wf->mem_usage += mem;
	wf->nrequests += request;
	return 0;
}

/**
 * winusb_file_uncharge_locked() - give back what was charged
 * @wf: the file
 * @mem: bytes, exactly as charged
 * @request: as charged
 *
 * Context: winusb_dev.lock held; any context.
 */
void winusb_file_uncharge_locked(struct winusb_file *wf, size_t mem,
				 bool request)
{
	lockdep_assert_held(&wf->wdev->lock);
	wf->mem_usage -= mem;
	wf->nrequests -= request;
	atomic_long_sub(mem, &winusb_mem_total);
}

/**
 * winusb_file_charge() - winusb_file_charge_locked() taking the lock
 * @wf: the file
 * @mem: bytes
 * @request: it belongs to a new request
 *
 * Context: any, winusb_dev.lock not held.
 * Return: 0 or -ENOMEM.
 */
int winusb_file_charge(struct winusb_file *wf, size_t mem, bool request)
{
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&wf->wdev->lock, flags);
	ret = winusb_file_charge_locked(wf, mem, request);
	spin_unlock_irqrestore(&wf->wdev->lock, flags);
	return ret;
}

/**
 * winusb_file_uncharge() - winusb_file_uncharge_locked() taking the lock
 * @wf: the file
 * @mem: bytes, exactly as charged
 * @request: as charged
 *
 * Context: any, winusb_dev.lock not held.
 */
void winusb_file_uncharge(struct winusb_file *wf, size_t mem, bool request)
{
	unsigned long flags;

	spin_lock_irqsave(&wf->wdev->lock, flags);
	winusb_file_uncharge_locked(wf, mem, request);
	spin_unlock_irqrestore(&wf->wdev->lock, flags);
}

/* PIPE_TRANSFER_TIMEOUT expired: unlink; the completion reports it. */
static void winusb_request_timeout(struct timer_list *t)
{
	struct winusb_request *req = from_timer(req, t, timer);
	struct winusb_dev *wdev = req->pipe->wdev;
	unsigned long flags;

	spin_lock_irqsave(&wdev->lock, flags);
	if (req->state != WINUSB_REQ_ACTIVE || req->cancel_status) {
		spin_unlock_irqrestore(&wdev->lock, flags);
		return;
	}
	req->cancel_status = -ETIMEDOUT;
	trace_winusb_cancel(req, req->cancel_status);
	spin_unlock_irqrestore(&wdev->lock, flags);

	/*
	 * The completion may run inside the unlink: no lock held.  The
	 * request outlives this handler: winusb_request_put() waits for it.
	 */
	req->ops->unlink(req);
}

/**
 * winusb_request_arm_timeout() - start a request's PIPE_TRANSFER_TIMEOUT
 * @req: an active request whose kind implements @unlink
 * @ms: milliseconds, 0 for none
 *
 * Context: winusb_dev.lock held.
 */
void winusb_request_arm_timeout(struct winusb_request *req, u32 ms)
{
	if (ms)
		mod_timer(&req->timer, jiffies + msecs_to_jiffies(ms));
}

/**
 * winusb_request_init() - set up the common part of a new request
 * @req: zeroed, or a reused request of an isochronous request pool
 * @wf: the submitting file
 * @pipe: its pipe
 * @ops: its kind
 *
 * Context: any.
 */
void winusb_request_init(struct winusb_request *req, struct winusb_file *wf,
			 struct winusb_pipe *pipe,
			 const struct winusb_request_ops *ops)
{
	INIT_LIST_HEAD(&req->file_node);
	INIT_LIST_HEAD(&req->pipe_node);
	refcount_set(&req->ref, 1);
	timer_setup(&req->timer, winusb_request_timeout, 0);
	req->ops = ops;
	req->file = wf;
	req->pipe = pipe;
}

/**
 * winusb_request_enqueue() - give a new request its id and queue it
 * @req: a request with its file and pipe set, in no list yet
 *
 * Queues @req on its file's pending list and its pipe's queue; the caller
 * then starts the pipe with winusb_pipe_kick().
 *
 * Context: holds winusb_dev.lock.
 */
void winusb_request_enqueue(struct winusb_request *req)
{
	struct winusb_file *wf = req->file;
	struct winusb_pipe *pipe = req->pipe;

	lockdep_assert_held(&pipe->wdev->lock);
	req->id = wf->next_id++;
	req->state = WINUSB_REQ_QUEUED;
	list_add_tail(&req->file_node, &wf->pending);
	list_add_tail(&req->pipe_node, &pipe->queue);
	pipe->wdev->pending++;
}

/**
 * winusb_request_start() - start a queued request
 * @req: the first startable request of its pipe
 *
 * Context: winusb_dev.lock held; any context.
 * Return: true if later requests of the pipe may start too.
 */
bool winusb_request_start(struct winusb_request *req)
{
	return req->ops->start(req);
}

/**
 * winusb_request_finish() - end a request and queue its completion record
 * @req: the request, queued or active
 * @status: 0 or a negative errno
 *
 * The caller kicks the pipe afterwards (a barrier may have gone).
 *
 * Context: winusb_dev.lock held; any context.
 */
void winusb_request_finish(struct winusb_request *req, int status)
{
	struct winusb_dev *wdev = req->pipe->wdev;
	struct winusb_pipe *pipe = req->pipe;
	struct winusb_file *wf = req->file;

	lockdep_assert_held(&wdev->lock);

	del_timer(&req->timer);
	req->status = status;
	req->state = WINUSB_REQ_DONE;
	trace_winusb_finish(req);
	list_del_init(&req->pipe_node);
	if (pipe->barrier == req)
		pipe->barrier = NULL;
	list_move_tail(&req->file_node, &wf->completed);
	wdev->pending--;
	if (req->pm_ref) {
		usb_autopm_put_interface_async(wdev->intf);
		req->pm_ref = false;
	}
	wake_up_all(&wf->wait);
	wake_up_all(&wdev->idle_wait);
}

/**
 * winusb_urb_status() - an URB's status as the request reports it
 * @req: the request the URB belongs to
 * @status: the URB's status
 *
 * A killed or unlinked URB reports why the request was cancelled; a gone
 * device is -ENODEV whichever way the host controller says it.
 *
 * Context: any.
 * Return: 0 or a negative errno for the completion record.
 */
int winusb_urb_status(struct winusb_request *req, int status)
{
	switch (status) {
	case -ENOENT:
	case -ECONNRESET:
		return req->cancel_status ? req->cancel_status : -ECANCELED;
	case -ESHUTDOWN:
	case -ENODEV:
		return -ENODEV;
	default:
		return status;
	}
}

/**
 * winusb_request_put() - drop a reference to a request
 * @req: the request
 *
 * Context: process (the last put frees, which may unpin pages).
 */
void winusb_request_put(struct winusb_request *req)
{
	if (refcount_dec_and_test(&req->ref)) {
		del_timer_sync(&req->timer);
		req->ops->free(req);
	}
}

static struct winusb_request *winusb_find_pending(struct winusb_file *wf,
						  u64 id)
{
	struct winusb_request *req;

	list_for_each_entry(req, &wf->pending, file_node)
		if (req->id == id)
			return req;
	return NULL;
}

/* Move up to @count finished requests (only @id if non-zero) to @batch. */
static unsigned int winusb_take_completed(struct winusb_file *wf,
					  struct list_head *batch,
					  unsigned int count, u64 id)
{
	struct winusb_request *req, *tmp;
	unsigned int n = 0;

	list_for_each_entry_safe(req, tmp, &wf->completed, file_node) {
		if (n == count)
			break;
		if (id && req->id != id)
			continue;
		list_move_tail(&req->file_node, batch);
		n++;
	}
	return n;
}

static bool winusb_reap_ready(struct winusb_file *wf, u64 id)
{
	struct winusb_dev *wdev = wf->wdev;
	struct winusb_request *req;
	bool ready = false;

	spin_lock_irq(&wdev->lock);
	if (wdev->shut_down && list_empty(&wf->pending))
		ready = true;
	else if (id && !winusb_find_pending(wf, id))
		ready = true;
	else if (!id)
		ready = !list_empty(&wf->completed);
	spin_unlock_irq(&wdev->lock);
	if (ready || !id)
		return ready;

	/* Still pending; any record of it on the completed list? */
	spin_lock_irq(&wdev->lock);
	list_for_each_entry(req, &wf->completed, file_node)
		if (req->id == id)
			ready = true;
	spin_unlock_irq(&wdev->lock);
	return ready;
}

/*
 * Copy the records of @batch out.  Records that could not be written go
 * back to the head of the completed list, in order; the written ones stay
 * in @batch for the caller to free.
 *
 * Return: the number of records written.
 */
static unsigned int winusb_reap_copy(struct winusb_file *wf,
				     struct list_head *batch,
				     const struct winusb_reap *rp)
{
	struct winusb_dev *wdev = wf->wdev;
	void __user *base = u64_to_user_ptr(rp->records_uptr);
	size_t extra = rp->record_size - sizeof(struct winusb_completion);
	struct winusb_request *req, *tmp;
	unsigned int n = 0, i = 0;
	LIST_HEAD(back);

	list_for_each_entry(req, batch, file_node) {
		struct winusb_completion rec = {
			.id = req->id,
			.cookie = req->cookie,
			.status = req->status,
			.actual_length = req->actual,
			.type = req->type,
			.endpoint = req->endpoint,
			.flags = req->cflags,
		};
		void __user *dst = base + (size_t)n * rp->record_size;

		if (req->ops->fill_record)
			req->ops->fill_record(req, &rec);
		if (copy_to_user(dst, &rec, sizeof(rec)) ||
		    (extra && clear_user(dst + sizeof(rec), extra)))
			break;
		trace_winusb_reap(req);
		n++;
	}

	spin_lock_irq(&wdev->lock);
	list_for_each_entry_safe(req, tmp, batch, file_node)
		if (i++ >= n)
			list_move_tail(&req->file_node, &back);
	list_splice(&back, &wf->completed);
	spin_unlock_irq(&wdev->lock);
	return n;
}

/**
 * winusb_ioctl_reap() - WINUSB_IOCTL_REAP
 * @wf: the file
 * @uarg: struct winusb_reap
 *
 * Works after a disconnect too (usbfs's reap-after-disconnect).
 *
 * Context: process, no lock held.
 * Return: the number of records written, or a negative errno.
 */
int winusb_ioctl_reap(struct winusb_file *wf, void __user *uarg)
{
	struct winusb_dev *wdev = wf->wdev;
	struct winusb_request *req, *tmp;
	struct winusb_reap rp;
	LIST_HEAD(batch);
	long timeout;
	unsigned int n;
	u64 id = 0;
	int ret;

	ret = winusb_copy_arg_in(&rp, sizeof(rp), sizeof(rp), uarg);
	if (ret)
		return ret;
	if (rp.flags & ~(WINUSB_REAP_NONBLOCK | WINUSB_REAP_MATCH_ID) ||
	    rp.__reserved || !rp.count ||
	    rp.record_size < sizeof(struct winusb_completion) ||
	    rp.record_size > PAGE_SIZE)
		return -EINVAL;
	if (rp.flags & WINUSB_REAP_MATCH_ID) {
		if (!rp.id)
			return -ENOENT;
		id = rp.id;
	} else if (rp.id) {
		return -EINVAL;
	}
	if (rp.count > 1024)
		rp.count = 1024;
	if (rp.timeout_ms == WINUSB_INFINITE)
		timeout = MAX_SCHEDULE_TIMEOUT;
	else
		timeout = msecs_to_jiffies(rp.timeout_ms);

	for (;;) {
		ret = 0;
		spin_lock_irq(&wdev->lock);
		n = winusb_take_completed(wf, &batch, rp.count, id);
		if (!n) {
			if (id && !winusb_find_pending(wf, id))
				ret = -ENOENT;
			else if (wdev->shut_down && list_empty(&wf->pending))
				ret = -ENODEV;
		}
		spin_unlock_irq(&wdev->lock);
		if (n)
			break;
		if (ret)
			return ret;
		if (rp.flags & WINUSB_REAP_NONBLOCK)
			return -EAGAIN;
		if (!timeout)
			return -ETIMEDOUT;
		timeout = wait_event_interruptible_timeout
				(wf->wait, winusb_reap_ready(wf, id), timeout);
		if (timeout < 0)
			return rp.timeout_ms == WINUSB_INFINITE ? -ERESTARTSYS :
								  -EINTR;
		if (!timeout && !winusb_reap_ready(wf, id))
			return -ETIMEDOUT;
		if (!timeout)
			timeout = 1;
	}

	n = winusb_reap_copy(wf, &batch, &rp);
	list_for_each_entry_safe(req, tmp, &batch, file_node) {
		list_del_init(&req->file_node);
		winusb_request_put(req);
	}
	return n ? n : -EFAULT;
}

/* Wait until @req is on its file's completed list. */
static bool winusb_request_done(struct winusb_request *req)
{
	struct winusb_dev *wdev = req->pipe->wdev;
	bool done;

	spin_lock_irq(&wdev->lock);
	done = req->state == WINUSB_REQ_DONE;
	spin_unlock_irq(&wdev->lock);
	return done;
}

/**
 * winusb_request_cancel_sync() - cancel a request and wait for it to finish
 * @req: the request; the caller holds a reference
 * @status: status to report unless the request finishes by itself first
 *
 * A queued request finishes at once; an active one is killed by its kind;
 * a stalled one finishes when the pipe's halt is cleared (pipe.c).
 *
 * Context: process; winusb_dev.lock not held.
 */
static void winusb_request_cancel_sync(struct winusb_request *req, int status)
{
	struct winusb_dev *wdev = req->pipe->wdev;
	bool active = false;

	spin_lock_irq(&wdev->lock);
	if (req->state == WINUSB_REQ_DONE) {
		spin_unlock_irq(&wdev->lock);
		return;
	}
	if (!req->cancel_status)
		req->cancel_status = status;
	trace_winusb_cancel(req, req->cancel_status);
	if (req->state == WINUSB_REQ_QUEUED) {
		winusb_request_finish(req, req->cancel_status);
		winusb_pipe_kick(req->pipe);
	} else if (req->state == WINUSB_REQ_ACTIVE) {
		active = true;
	}
	spin_unlock_irq(&wdev->lock);

	if (active)
		req->ops->kill(req);
	wait_event(req->file->wait, winusb_request_done(req));
}

/**
 * winusb_ioctl_cancel() - WINUSB_IOCTL_CANCEL
 * @wf: the file
 * @uarg: struct winusb_cancel
 *
 * Takes no io_mutex: a cancel never waits behind another ioctl.
 *
 * Context: process, no lock held; also after a disconnect.
 * Return: 0, or -ENOENT if no such request is pending.
 */
int winusb_ioctl_cancel(struct winusb_file *wf, void __user *uarg)
{
	struct winusb_dev *wdev = wf->wdev;
	struct winusb_request *req;
	struct winusb_cancel cn;
	int ret;

	ret = winusb_copy_arg_in(&cn, sizeof(cn), sizeof(cn), uarg);
	if (ret)
		return ret;
	if (cn.flags)
		return -EINVAL;

	spin_lock_irq(&wdev->lock);
	req = winusb_find_pending(wf, cn.id);
	if (req)
		refcount_inc(&req->ref);
	spin_unlock_irq(&wdev->lock);
	if (!req)
		return -ENOENT;

	winusb_request_cancel_sync(req, -ECANCELED);
	winusb_request_put(req);
	return 0;
}

/*
 * Ask every active request of a closing file to stop at once, as usbfs's
 * destroy_all_async() does, so that the one-by-one cancel that follows
 * waits for one round of unlinks rather than one per request (an unlink
 * goes to the USB/IP peer and back on vhci_hcd).  Best effort: without
 * memory for the list, the cancel below does it all.
 *
 * Context: process, no lock held.
 */
static void winusb_file_unlink_all(struct winusb_file *wf)
{
	struct winusb_dev *wdev = wf->wdev;
	struct winusb_request *req, **reqs;
	unsigned int cap, n = 0, i;

	spin_lock_irq(&wdev->lock);
	cap = wf->nrequests;
	spin_unlock_irq(&wdev->lock);
	reqs = cap ? kvmalloc_array(cap, sizeof(*reqs), GFP_KERNEL) : NULL;
	if (!reqs)
		return;

	spin_lock_irq(&wdev->lock);
	list_for_each_entry(req, &wf->pending, file_node) {
		if (req->state != WINUSB_REQ_ACTIVE || !req->ops->unlink ||
		    n == cap)
			continue;
		if (!req->cancel_status)
			req->cancel_status = -ECANCELED;
		trace_winusb_cancel(req, req->cancel_status);
		refcount_inc(&req->ref);
		reqs[n++] = req;
	}
	spin_unlock_irq(&wdev->lock);

	for (i = 0; i < n; i++)
		reqs[i]->ops->unlink(reqs[i]);
	for (i = 0; i < n; i++)
		winusb_request_put(reqs[i]);
	kvfree(reqs);
}

/**
 * winusb_file_release_requests() - cancel and free every request of a file
 * @wf: the file being released
 *
 * Context: process, no lock held; nobody else uses @wf any more.
 */
void winusb_file_release_requests(struct winusb_file *wf)
{
	struct winusb_dev *wdev = wf->wdev;
	struct winusb_request *req, *tmp;
	LIST_HEAD(done);

	winusb_file_unlink_all(wf);
	spin_lock_irq(&wdev->lock);
	while ((req = list_first_entry_or_null(&wf->pending,
					       struct winusb_request,
					       file_node))) {
		refcount_inc(&req->ref);
		spin_unlock_irq(&wdev->lock);
		winusb_request_cancel_sync(req, -ECANCELED);
		winusb_request_put(req);
		spin_lock_irq(&wdev->lock);
	}
	list_splice_init(&wf->completed, &done);
	spin_unlock_irq(&wdev->lock);

	list_for_each_entry_safe(req, tmp, &done, file_node) {
		list_del_init(&req->file_node);
		winusb_request_put(req);
	}
}
