/* SPDX-License-Identifier: GPL-2.0 */
/*
 * winusb - private definitions shared by the module's files
 *
 * Objects
 * -------
 * struct winusb_dev	one per bound interface; refcounted (kref).  The
 *			binding holds one reference, every open file one.
 * struct winusb_file	one per open file: its request lists and its
 *			completion queue.
 * struct winusb_pipe	one per endpoint address of the interface (and one
 *			for the control pipe): policies, request queue,
 *			leftover bytes of partial reads, URB anchor.
 * struct winusb_request one per submitted transfer; lives from SUBMIT until
 *			its completion record is reaped (or the file closed).
 *			Two kinds behind struct winusb_request_ops: control,
 *			bulk and interrupt (transfer.c) and isochronous
 *			(isoch.c); request.c is the core both share.
 * struct winusb_isoch_buf one per registered isochronous buffer
 *			(isoch_buf.c): pinned pages, URB pool, request
 *			pool; refcounted (registration + every request).
 * struct winusb_frame_clock one per USB bus in use (frame.c): the extended
 *			frame counter; refcounted by the interfaces.
 *
 * Lock order (outermost first)
 * ----------------------------
 *	winusb_dev.io_mutex  >  winusb_frame_clocks_lock (frame.c)
 *	winusb_dev.io_mutex  >  winusb_isoch_list_lock (isoch_buf.c)  >
 *	winusb_dev.lock  >  winusb_frame_clock.lock (frame.c)
 *	winusb_pipe.halt_mutex  >  winusb_dev.lock
 *
 * winusb_minor_lock (main.c) is taken alone.  halt_mutex is never taken
 * with io_mutex held (RESET_PIPE drops io_mutex first; the clear_work
 * runs on its own).
 *
 * io_mutex serialises what changes the interface's state (submit,
 * alternate setting, abort, policies, power policies, registration,
 * disconnect, reset) and is held across usb_kill_*() waits, which
 * completion handlers never need.  It is not held while talking to the
 * device synchronously (GET_DESCRIPTOR, SET_ALTSETTING, RESET_PIPE), as
 * usbfs drops its lock around synchronous transfers: disconnect, cancel
 * and abort never wait for a device.  lock is a spinlock taken from URB
 * completion handlers and timers; it protects every list and the
 * per-request state.
 */
#ifndef WINUSB_PRIV_H
#define WINUSB_PRIV_H

#include <linux/cdev.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/refcount.h>
#include <linux/scatterlist.h>
#include <linux/sizes.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/usb.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

#include <linux/winusb.h>
#include "msos.h"

#define WINUSB_NAME		"winusb"

/* Pipe slots: 0 = control, 1..15 = OUT 1..15, 17..31 = IN 1..15. */
#define WINUSB_NUM_PIPES	32

/*
 * Largest value reported for MAXIMUM_TRANSFER_SIZE, and the bound of a
 * RAW_IO transfer.  Larger normal transfers are split; this only limits
 * what RAW_IO promises to send as one request.
 */
#define WINUSB_MAX_TRANSFER_SIZE	SZ_1M

/*
 * Scatter-gather URBs carry at most this many page entries (1 MiB + a
 * partial page); the bus may allow fewer (vhci: 32).
 */
#define WINUSB_MAX_SG_ENTRIES	257

/*
 * A bulk transfer larger than one URB goes to the host controller as at
 * most this many URBs at once (vhci: 9 for 1 MiB); more go one at a time.
 */
#define WINUSB_MAX_PIECES	16

/*
 * Kernel buffers (WINUSB_DATA_COPY) are at most this large; bigger copied
 * transfers are sent as several URBs one after the other.  64 KiB is an order-4
 * allocation, which rarely fails.
 */
#define WINUSB_KBUF_SIZE	SZ_64K

/* Largest max packet size of a bulk or interrupt endpoint (SuperSpeed). */
#define WINUSB_MAX_PACKET	1024

/*
 * Alignment of every URB's transfer_buffer and transfer_dma on host
 * controllers that do DMA: dwc2 copies an unaligned buffer into one of
 * its own, which cannot work with URB_NO_TRANSFER_DMA_MAP.
 */
#define WINUSB_URB_ALIGN	4

/*
 * Requests (pending and unreaped) one open file may hold; a bound on
 * completion records besides the memory limits (request.c).
 */
#define WINUSB_MAX_REQUESTS	16384

struct winusb_dev;
struct winusb_file;
struct winusb_frame_clock;

/**
 * struct winusb_pipe - one endpoint of the interface, or the control pipe
 * @wdev: owner
 * @address: bEndpointAddress (0 for the control pipe)
 * @ep: endpoint in the current alternate setting, NULL when the current
 *	setting has no such endpoint.  Written under io_mutex and lock.
 * @maxp: max packet size of @ep (wMaxPacketSize bits 10..0)
 * @anchor: URBs of this pipe in flight (re-anchored on every submit)
 * @queue: requests of this pipe not yet finished, in submission order.
 *	Protected by winusb_dev.lock.
 * @halted: holders of the pipe while a halt is cleared: requests queue
 *	but do not start.  Protected by winusb_dev.lock.
 * @stall_pending: @clear_work is scheduled for a stall and holds the pipe.
 *	Protected by winusb_dev.lock.
 * @halt_mutex: serialises clearing the halt (RESET_PIPE, @clear_work)
 * @barrier: a started request that must finish (or send its last URB)
 *	before any later request starts; see winusb_pipe_kick().  Protected
 *	by winusb_dev.lock.
 * @leftover: bytes received beyond a partial read, kept for the next read
 *	(AUTO_FLUSH off); allocated with @maxp bytes when first needed,
 *	freed with the device.  Contents protected by winusb_dev.lock.
 * @leftover_off: first unread byte in @leftover
 * @leftover_len: unread bytes in @leftover
 * @clear_work: clears the halt, then finishes the requests of @queue in
 *	state WINUSB_REQ_STALLED (AUTO_CLEAR_STALL); see pipe.c
 * @short_packet_terminate: policy 0x01.  Policies are written under
 *	io_mutex and lock and read under either.
 * @auto_clear_stall: policy 0x02
 * @timeout_ms: policy 0x03
 * @ignore_short_packets: policy 0x04
 * @allow_partial_reads: policy 0x05
 * @auto_flush: policy 0x06
 * @raw_io: policy 0x07
 * @reset_pipe_on_resume: policy 0x09
 */
struct winusb_pipe {
	struct winusb_dev *wdev;
	u8 address;
	struct usb_host_endpoint *ep;
	u16 maxp;
	struct usb_anchor anchor;

	struct list_head queue;
	unsigned int halted;
	bool stall_pending;
	struct mutex halt_mutex;	/* see the kernel-doc above */
	struct winusb_request *barrier;
	u8 *leftover;
	u16 leftover_off;
	u16 leftover_len;
	struct work_struct clear_work;

	u8 short_packet_terminate;
	u8 auto_clear_stall;
	u32 timeout_ms;
	u8 ignore_short_packets;
	u8 allow_partial_reads;
	u8 auto_flush;
	u8 raw_io;
	u8 reset_pipe_on_resume;
};

/* Microsoft OS descriptors (msos.c; struct winusb_msos_ids in msos.h) */
struct winusb_msos_dev;

/**
 * struct winusb_msos - the interface's view of the MS OS descriptors
 * @dev: the device's descriptors, shared by its bound interfaces (a
 *	reference is held); NULL if they could not be read
 * @version: 2 (MS OS 2.0), 1 (MS OS 1.0) or 0 (none found)
 * @ids: what they say about this interface
 *
 * Filled by winusb_msos_learn() before the character device exists;
 * constant until the interface is freed.
 */
struct winusb_msos {
	struct winusb_msos_dev *dev;
	u8 version;
	struct winusb_msos_ids ids;
};

/**
 * struct winusb_dev - state of one bound interface
 * @kref: the binding holds one reference, every open file one;
 *	winusb_dev_free() runs when the last is dropped
 * @udev: the device (reference held)
 * @intf: the interface (reference held)
 * @ifnum: bInterfaceNumber
 * @minor: minor number of the character device, -1 once released
 * @cdev: the character device (separately allocated: open files may
 *	hold it after this struct is gone)
 * @chardev: the class device, /dev/winusb/<interface>
 * @io_mutex: serialises submit, alternate setting changes, pipe and power
 *	operations against disconnect and reset (skeleton's io_mutex)
 * @io_key: @io_mutex's lockdep class, one per interface: a reset of the
 *	device holds the io_mutex of each of its interfaces bound to winusb
 *	from pre_reset to post_reset, taken in interface order by the USB
 *	core, and nothing else takes two
 * @disconnected: set under io_mutex and lock by disconnect; read under
 *	either
 * @shut_down: disconnect has released everything (set under io_mutex and
 *	lock after @disconnected; read under lock): REAP answers -ENODEV
 * @changing_alt: SET_ALTSETTING is talking to the device without
 *	io_mutex: submits and registrations are refused (-EBUSY).  Written
 *	under io_mutex and lock.
 * @lock: protects @files, @pending, the pipes' queues and every
 *	request's state; taken in completion handlers (irqsave)
 * @files: open files (struct winusb_file.node); changed under io_mutex
 *	and lock, walked under either
 * @pending: requests submitted on this interface and not yet finished,
 *	all files together (SET_ALTSETTING refuses while non-zero)
 * @idle_wait: woken when a pipe's queue empties (abort, altsetting)
 * @pipes: pipe slots, see winusb_pipe_index()
 * @pm_held: files whose AUTO_SUSPEND is off (each holds a runtime-PM
 *	reference until it turns it back on or closes).  Under io_mutex.
 * @delay_files: open files that set SUSPEND_DELAY
 * @saved_delay: the device's autosuspend delay before the first of them
 *	set it, restored when the last closes.  Both under io_mutex.
 * @info: speed and identity, kept for GET_INFO after disconnect
 * @msos: what the MS OS descriptors say about the interface (msos.c)
 * @isoch_bufs: registered isochronous buffers of every file, by handle.
 *	Changed under io_mutex; looked up under io_mutex.
 * @isoch_next: next handle to try (xa_alloc_cyclic())
 * @frame_clock: the bus's extended frame counter, attached at the first
 *	GET_FRAME or registration (io_mutex) and kept until the interface is
 *	freed; read without a lock once set
 */
struct winusb_dev {
	struct kref kref;
	struct usb_device *udev;
	struct usb_interface *intf;
	u8 ifnum;
	int minor;
	struct cdev *cdev;
	struct device *chardev;

	struct mutex io_mutex;		/* see the kernel-doc above */
	struct lock_class_key io_key;
	bool disconnected;
	bool shut_down;
	bool changing_alt;

	spinlock_t lock;		/* see the kernel-doc above */
	struct list_head files;
	unsigned int pending;
	wait_queue_head_t idle_wait;

	struct winusb_pipe pipes[WINUSB_NUM_PIPES];

	unsigned int pm_held;
	unsigned int delay_files;
	int saved_delay;

	struct winusb_info info;
	struct winusb_msos msos;

	struct xarray isoch_bufs;
	u32 isoch_next;
	struct winusb_frame_clock *frame_clock;
};

/**
 * struct winusb_file - one open file
 * @wdev: the interface (a kref is held)
 * @node: in winusb_dev.files
 * @pending: requests submitted and not finished (struct
 *	winusb_request.file_node).  Protected by winusb_dev.lock.
 * @completed: finished requests not yet reaped.  Protected by
 *	winusb_dev.lock.
 * @wait: woken when a request finishes and on disconnect
 * @next_id: id of the next request.  Protected by winusb_dev.lock.
 * @mem_usage: kernel memory and pinned pages held by this file's
 *	requests (pending or unreaped) and registered buffers.  Protected by
 *	winusb_dev.lock.
 * @nrequests: requests of this file, pending or unreaped.  Protected by
 *	winusb_dev.lock.
 * @pm_held: AUTO_SUSPEND is off for this file (io_mutex)
 * @delay_set: this file set SUSPEND_DELAY (io_mutex)
 */
struct winusb_file {
	struct winusb_dev *wdev;
	struct list_head node;
	struct list_head pending;
	struct list_head completed;
	wait_queue_head_t wait;
	u64 next_id;
	size_t mem_usage;
	unsigned int nrequests;
	bool pm_held;
	bool delay_set;
};

/* Where a request's data lives while the URB runs. */
enum winusb_data_mode {
	WINUSB_DATA_NONE,	/* zero length */
	WINUSB_DATA_SG,		/* the pinned pages, scatter-gather */
	WINUSB_DATA_COPY,	/* a kernel buffer; copied to/from the pages */
};

/* Request states (struct winusb_request.state), under winusb_dev.lock. */
enum winusb_req_state {
	WINUSB_REQ_QUEUED,	/* on the pipe's queue, not started */
	WINUSB_REQ_ACTIVE,	/* an URB of it is at the host controller */
	WINUSB_REQ_STALLED,	/* waiting for the halt to be cleared */
	WINUSB_REQ_DONE,	/* on the file's completed list */
};

struct winusb_request;

/**
 * struct winusb_request_ops - what a kind of request does its own way
 * @start: start a queued request, or leave it queued (return false to
 *	keep later requests of the pipe waiting too).  Context:
 *	winusb_dev.lock held; any context.
 * @unlink: stop an active request asynchronously (its timeout expired);
 *	the completion finishes it.  Context: any, no lock held.  Optional.
 * @kill: stop an active request and wait until its URBs are back.
 *	Context: process, no lock held.
 * @fill_record: add the kind's part of a completion record.  Context:
 *	process, the reaping task, no lock held.  Optional.
 * @free: free a request nobody references.  Context: process.
 */
struct winusb_request_ops {
	bool (*start)(struct winusb_request *req);
	void (*unlink)(struct winusb_request *req);
	void (*kill)(struct winusb_request *req);
	void (*fill_record)(struct winusb_request *req,
			    struct winusb_completion *rec);
	void (*free)(struct winusb_request *req);
};

/**
 * struct winusb_request - one transfer
 * @file_node: in winusb_file.pending, then winusb_file.completed
 * @pipe_node: in winusb_pipe.queue while not finished
 * @ref: references: the file's lists hold one, a canceller one
 * @ops: its kind
 * @file: submitting file
 * @pipe: pipe (the control pipe for control transfers)
 * @urb: the URB, reused for each piece of a split transfer
 * @timer: PIPE_TRANSFER_TIMEOUT
 * @state: an &enum winusb_req_state
 * @id: kernel id
 * @cookie: user cookie
 * @type: &enum winusb_transfer_type
 * @endpoint: endpoint address (0 for control)
 * @dir_in: device to host
 * @mode: &enum winusb_data_mode
 * @cancel_status: non-zero once cancelled: the status to report
 * @halt_clearing: STALLED, and the halt being cleared is its stall
 * @status: final status
 * @cflags: &enum winusb_completion_flags
 * @pm_ref: a runtime-PM reference is held
 * @auto_clear_stall: AUTO_CLEAR_STALL was on at submit (IN pipes only)
 * @ignore_short: IGNORE_SHORT_PACKETS was on at submit
 * @allow_partial: ALLOW_PARTIAL_READS was on at submit
 * @auto_flush: AUTO_FLUSH was on at submit
 * @zlp: send a zero-length packet after the data (SHORT_PACKET_TERMINATE)
 * @timeout_ms: timeout of this request, 0 for none
 * @piece_max: largest piece (one URB) in the current mode
 * @length: bytes requested
 * @actual: bytes transferred so far
 * @piece: bytes of the URB in flight that belong to the caller's buffer
 * @ubuf: the caller's buffer (user address)
 * @npages: pinned pages in @pages
 * @page_off: offset of @ubuf in its first page
 * @pages: the pinned pages of @ubuf
 * @kbuf: kernel buffer the data is copied through (WINUSB_DATA_COPY,
 *	control transfers); not to be confused with an isochronous buffer's
 *	bounce memory (struct winusb_bounce)
 * @kbuf_size: size of @kbuf
 * @mem: bytes charged to the file (winusb_file_charge())
 * @setup: control setup packet
 * @nsg: entries of @sg per piece
 * @sg: scatterlist of the piece in flight (SG mode); @npieces times @nsg
 *	entries for a request whose pieces go together
 * @npieces: pieces of a bulk request that go to the host controller
 *	together, one URB each (0: one piece at a time, in @urb)
 * @urbs: those pieces' URBs; [0] is @urb
 * @pieces_busy: pieces not back yet, plus one while the completion of a
 *	piece unlinks the later ones
 * @pieces_stopped: a piece came back short or failed: what later pieces
 *	bring is not the caller's
 */
struct winusb_request {
	struct list_head file_node;
	struct list_head pipe_node;
	refcount_t ref;
	const struct winusb_request_ops *ops;
	struct winusb_file *file;
	struct winusb_pipe *pipe;
	struct urb *urb;
	struct timer_list timer;
	enum winusb_req_state state;

	u64 id;
	u64 cookie;
	u8 type;
	u8 endpoint;
	bool dir_in;
	enum winusb_data_mode mode;
	int cancel_status;
	bool halt_clearing;
	int status;
	u32 cflags;
	bool pm_ref;
	bool auto_clear_stall;
	bool ignore_short;
	bool allow_partial;
	bool auto_flush;
	bool zlp;
	u32 timeout_ms;
	u32 piece_max;

	u32 length;
	u32 actual;
	u32 piece;
	unsigned long ubuf;
	unsigned int npages;
	unsigned int page_off;
	struct page **pages;
	void *kbuf;
	u32 kbuf_size;
	size_t mem;
	struct usb_ctrlrequest setup;
	unsigned int nsg;
	struct scatterlist *sg;
	unsigned int npieces;
	struct urb **urbs;
	unsigned int pieces_busy;
	bool pieces_stopped;
};

/* main.c */
struct winusb_dev *winusb_dev_get_by_minor(int minor);
void winusb_dev_put(struct winusb_dev *wdev);
void winusb_fill_info(struct winusb_dev *wdev, struct winusb_info *info);
bool winusb_shut_down(struct winusb_dev *wdev);

/* file.c */
extern const struct file_operations winusb_fops;
int winusb_copy_arg_in(void *karg, size_t ksize, size_t minsize,
		       const void __user *uarg);
int winusb_copy_arg_out(void __user *uarg, const void *karg, size_t ksize);

/* pipe.c */
static inline unsigned int winusb_pipe_index(u8 address)
{
	return (address & USB_ENDPOINT_NUMBER_MASK) |
	       ((address & USB_DIR_IN) ? 16 : 0);
}

/**
 * struct winusb_pipe_shape - an endpoint's timing and sizes, as WinUSB
 *	reports them (QUERY_PIPE) and isochronous transfers are laid out
 * @max_bytes_per_interval: MaximumBytesPerInterval, bounded by what the
 *	speed allows (a device claiming more is not believed: 0)
 * @interval_uf: service interval in microframes (0 for bulk, control)
 * @interval_us: service interval in microseconds (0 for bulk, control)
 * @urb_interval: urb->interval (frames at full speed, else microframes)
 */
struct winusb_pipe_shape {
	u32 max_bytes_per_interval;
	u32 interval_uf;
	u32 interval_us;
	u32 urb_interval;
};

void winusb_pipe_shape(struct usb_device *udev, struct usb_host_endpoint *ep,
		       struct winusb_pipe_shape *sh);
void winusb_pipes_init(struct winusb_dev *wdev);
void winusb_pipes_cleanup(struct winusb_dev *wdev);
void winusb_pipes_update(struct winusb_dev *wdev);
struct winusb_pipe *winusb_pipe_get(struct winusb_dev *wdev, u8 address);
void winusb_pipe_kick(struct winusb_pipe *pipe);
int winusb_pipe_abort(struct winusb_dev *wdev, struct winusb_pipe *pipe,
		      int status);
void winusb_abort_all(struct winusb_dev *wdev, int status);
int winusb_ioctl_abort_pipe(struct winusb_file *wf, void __user *uarg);
int winusb_ioctl_reset_pipe(struct winusb_file *wf, void __user *uarg);
int winusb_ioctl_flush_pipe(struct winusb_file *wf, void __user *uarg);
void winusb_pipes_resume(struct winusb_dev *wdev);
void winusb_pipe_stalled(struct winusb_request *req);

/* policy.c */
void winusb_policy_defaults(struct winusb_pipe *pipe);
int winusb_ioctl_get_pipe_policy(struct winusb_file *wf, void __user *uarg);
int winusb_ioctl_set_pipe_policy(struct winusb_file *wf, void __user *uarg);
int winusb_ioctl_get_power_policy(struct winusb_file *wf, void __user *uarg);
int winusb_ioctl_set_power_policy(struct winusb_file *wf, void __user *uarg);
void winusb_power_release(struct winusb_dev *wdev);
void winusb_power_file_release(struct winusb_file *wf);

/* request.c */
void winusb_request_init(struct winusb_request *req, struct winusb_file *wf,
			 struct winusb_pipe *pipe,
			 const struct winusb_request_ops *ops);
int winusb_file_charge_locked(struct winusb_file *wf, size_t mem,
			      bool request);
void winusb_file_uncharge_locked(struct winusb_file *wf, size_t mem,
				 bool request);
int winusb_file_charge(struct winusb_file *wf, size_t mem, bool request);
void winusb_file_uncharge(struct winusb_file *wf, size_t mem, bool request);
long winusb_mem_charged(void);
bool winusb_request_start(struct winusb_request *req);
void winusb_request_arm_timeout(struct winusb_request *req, u32 ms);
int winusb_urb_status(struct winusb_request *req, int status);
void winusb_request_enqueue(struct winusb_request *req);
void winusb_request_finish(struct winusb_request *req, int status);
void winusb_request_put(struct winusb_request *req);
int winusb_ioctl_reap(struct winusb_file *wf, void __user *uarg);
int winusb_ioctl_cancel(struct winusb_file *wf, void __user *uarg);
void winusb_file_release_requests(struct winusb_file *wf);

/* transfer.c */
int winusb_ioctl_submit(struct winusb_file *wf, void __user *uarg);

/**
 * struct winusb_pin - a registered user buffer, pinned and mapped (pin.c)
 * @uaddr: user address of the buffer
 * @length: its length in bytes
 * @page_off: offset of @uaddr in its first page
 * @npages: pages pinned
 * @pages: the pinned pages
 * @vaddr: kernel mapping (vmap) of @pages; the buffer is at
 *	@vaddr + @page_off
 * @writable: pinned for the device to write (IN): dirtied on unpin
 * @acct_pages: pages charged; exactly this is uncharged
 * @user: user charged in locked_vm, NULL under CAP_IPC_LOCK
 * @mm: mm charged in pinned_vm (mmgrab()'ed)
 * @dma_dev: device the pages are mapped for, NULL if not mapped
 * @sgt: the scatterlist of the DMA mapping
 * @dma: DMA address of the buffer's first byte, when mapped
 */
struct winusb_pin {
	unsigned long uaddr;
	u32 length;
	unsigned int page_off;
	unsigned int npages;
	struct page **pages;
	void *vaddr;
	bool writable;
	unsigned long acct_pages;
	struct user_struct *user;
	struct mm_struct *mm;
	struct device *dma_dev;
	struct sg_table sgt;
	dma_addr_t dma;
};

/**
 * struct winusb_bounce_chunk - one physically contiguous piece of bounce
 *	memory
 * @cpu: kernel address
 * @dma: DMA address
 * @size: bytes
 */
struct winusb_bounce_chunk {
	void *cpu;
	dma_addr_t dma;
	u32 size;
};

/**
 * struct winusb_bounce - DMA-coherent shadow of a registered buffer (pin.c)
 * @udev: device the memory was allocated for (usb_alloc_coherent())
 * @slot: bytes per packet slot: the packet size rounded up to
 *	WINUSB_URB_ALIGN, so that every packet starts aligned
 * @per_chunk: packet slots per chunk; packet p is slot p % @per_chunk of
 *	chunk p / @per_chunk
 * @nchunks: number of chunks
 * @chunks: the chunks
 */
struct winusb_bounce {
	struct usb_device *udev;
	u32 slot;
	u32 per_chunk;
	u32 nchunks;
	struct winusb_bounce_chunk *chunks;
};

/* pin.c */
int winusb_pin_short(unsigned long uaddr, unsigned int npages, bool writable,
		     struct page **pages);
void winusb_unpin_short(struct page **pages, unsigned int npages, bool dirty);
int winusb_pin_longterm(struct winusb_pin *pin, u64 uaddr, u64 length,
			bool writable);
void winusb_unpin_longterm(struct winusb_pin *pin);
bool winusb_pin_map_dma(struct winusb_pin *pin, struct device *dev);
void winusb_pin_sync_for_device(struct winusb_pin *pin, u32 off, u32 len);
void winusb_pin_sync_for_cpu(struct winusb_pin *pin, u32 off, u32 len);
int winusb_bounce_alloc(struct winusb_bounce *b, struct usb_device *udev,
			u32 npackets, u32 packet_bytes);
void winusb_bounce_free(struct winusb_bounce *b);
size_t winusb_bounce_bytes(const struct winusb_bounce *b);
void *winusb_bounce_packet(const struct winusb_bounce *b, u32 p,
			   dma_addr_t *dma);
u32 winusb_bounce_run(const struct winusb_bounce *b, u32 p);

/* frame.c */
int winusb_frame_clock_attach(struct winusb_dev *wdev);
void winusb_frame_clock_detach(struct winusb_dev *wdev);
u32 winusb_frame_now(struct winusb_dev *wdev);
ktime_t winusb_frame_time(struct winusb_dev *wdev, u32 frame);
u32 winusb_frame_lead(struct winusb_dev *wdev);
void winusb_frame_learn_lead(struct winusb_dev *wdev, u32 submitted,
			     int hcd_frame);
int winusb_ioctl_get_frame(struct winusb_file *wf, void __user *uarg);

/* msos.c */
extern const struct attribute_group *winusb_msos_groups[];
void winusb_msos_learn(struct winusb_dev *wdev);
void winusb_msos_release(struct winusb_dev *wdev);
void winusb_msos_class_init(struct class *class);

/* isoch_buf.c */
int winusb_ioctl_isoch_register(struct winusb_file *wf, void __user *uarg);
int winusb_ioctl_isoch_unregister(struct winusb_file *wf, void __user *uarg);
void winusb_isoch_file_release(struct winusb_file *wf);
void winusb_isoch_disconnect(struct winusb_dev *wdev);
void winusb_isoch_dev_init(struct winusb_dev *wdev);
void winusb_isoch_dev_free(struct winusb_dev *wdev);

/* isoch.c */
int winusb_ioctl_isoch_submit(struct winusb_file *wf, void __user *uarg);

/* debugfs.c */
void winusb_debugfs_init(void);
void winusb_debugfs_exit(void);

#endif /* WINUSB_PRIV_H */
