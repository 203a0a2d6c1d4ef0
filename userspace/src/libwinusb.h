/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libwinusb.h - libwinusb's internal interfaces.
 *
 * Files and what they own:
 *   errors.c      thread-local last error; the one errno -> Windows table
 *   handles.c     the handle table (HANDLE / WINUSB_INTERFACE_HANDLE values)
 *   events.c      event objects and the waits
 *   time.c        Sleep, QueryPerformanceCounter, GetTickCount
 *   file.c        CreateFileA, device file objects, CancelIo, Win32
 *                 GetOverlappedResult
 *   async.c       requests, the per-file reaper thread, OVERLAPPED completion
 *   kernel.c      the ioctls of <linux/winusb.h> (the only file that knows them)
 *   sysfs.c       reading sysfs: the interface behind a file, attributes
 *   device.c      WinUsb_Initialize/Free/GetAssociatedInterface, descriptors,
 *                 device information, alternate settings, power policy
 *   pipe.c        pipes: query, policies, read, write, reset, abort, flush
 *   control.c     WinUsb_ControlTransfer
 *   descriptors.c descriptor walking and the two Parse functions
 *   frame.c       frame numbers and time synchronisation
 *   isoch.c       isochronous buffers and transfers
 *   lookup.c      WinUsbLinux_* device lookup
 *
 * Lock order (outer first):
 *   wu_interface.lock  ->  wu_async.lock  ->  wu_ov_lock (async.c)  ->
 *   events lock (events.c)
 *   handle table lock (handles.c) is a leaf: nothing is called under it.
 *   wu_request_pool.lock (async.c) is a leaf, taken under wu_async.lock.
 *
 * Internal functions return 0 or a negative errno unless they say otherwise;
 * the public entry points turn that into FALSE + SetLastError().
 */
#ifndef LIBWINUSB_INTERNAL_H
#define LIBWINUSB_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "winusb.h"

#define WU_HIDDEN __attribute__((visibility("hidden")))

#define WU_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------------ */
/* errors.c                                                                 */
/* ------------------------------------------------------------------------ */

/**
 * enum wu_err_ctx - where an errno came from; the same errno means different
 * things to a Windows program depending on it.
 * @WU_CTX_CALL:       a synchronous ioctl that is not a transfer (policies,
 *                     alternate settings, descriptors, pipe operations).
 * @WU_CTX_SUBMIT:     submitting a transfer.
 * @WU_CTX_COMPLETION: the status of a completed transfer.
 * @WU_CTX_OPEN:       opening a device node (CreateFile).
 */
enum wu_err_ctx {
	WU_CTX_CALL,
	WU_CTX_SUBMIT,
	WU_CTX_COMPLETION,
	WU_CTX_OPEN,
	WU_CTX_COUNT
};

WU_HIDDEN DWORD wu_error_from_errno(int err, enum wu_err_ctx ctx);
/*
 * The USBD status of an isochronous packet from the errno the driver
 * reports for it (@err) and the transfer's status (@transfer_status).
 */
WU_HIDDEN USBD_STATUS wu_usbd_status_from_errno(int32_t err,
						int transfer_status);
WU_HIDDEN NTSTATUS wu_ntstatus_from_error(DWORD error);
WU_HIDDEN DWORD wu_error_from_ntstatus(NTSTATUS status);

/* SetLastError(error) and return FALSE. */
static inline BOOL wu_fail(DWORD error)
{
	SetLastError(error);
	return FALSE;
}

/* SetLastError(mapped -err) and return FALSE; @err is a negative errno. */
static inline BOOL wu_fail_errno(int err, enum wu_err_ctx ctx)
{
	return wu_fail(wu_error_from_errno(err < 0 ? -err : err, ctx));
}

/* ------------------------------------------------------------------------ */
/* handles.c                                                                */
/* ------------------------------------------------------------------------ */

enum wu_type {
	WU_TYPE_EVENT = 1,
	WU_TYPE_FILE = 2,
	WU_TYPE_INTERFACE = 3,
	WU_TYPE_ISOCH_BUFFER = 4,
	WU_TYPE_TIME_TRACKING = 5,	/* WinUsb_StartTrackingForTimeSync() */
	WU_TYPE_DEVINFO = 6,		/* an HDEVINFO (setupapi.c) */
};

#define WU_TYPE_BIT(t) (1u << (t))

/* "WUSB": every live object starts with it; cleared when freed. */
#define WU_OBJECT_MAGIC 0x42535557u

/**
 * struct wu_object - the header of every object a handle can name.
 * @magic: WU_OBJECT_MAGIC while alive.
 * @type: what the object is.
 * @refs: references: one held by the handle table while the handle is
 *        open, one by each user between wu_handle_get() and wu_object_put(),
 *        plus any the object's owner documents.
 * @release: frees the object when @refs drops to zero.
 */
struct wu_object {
	uint32_t magic;
	enum wu_type type;
	atomic_uint refs;
	void (*release)(struct wu_object *obj);
};

WU_HIDDEN void wu_object_init(struct wu_object *obj, enum wu_type type,
			      void (*release)(struct wu_object *obj));
WU_HIDDEN void wu_object_get(struct wu_object *obj);
WU_HIDDEN void wu_object_put(struct wu_object *obj);

/* Give @obj a handle (takes its own reference); NULL if out of memory. */
WU_HIDDEN HANDLE wu_handle_open(struct wu_object *obj);
/* The object @h names if its type is in @type_mask, with a reference. */
WU_HIDDEN struct wu_object *wu_handle_get(HANDLE h, unsigned int type_mask);
/* Remove @h; returns the table's reference for the caller to drop. */
WU_HIDDEN struct wu_object *wu_handle_close(HANDLE h, unsigned int type_mask);

#define wu_container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

/* ------------------------------------------------------------------------ */
/* events.c                                                                 */
/* ------------------------------------------------------------------------ */

/* OVERLAPPED.hEvent with the "no completion port" low bit masked off. */
static inline HANDLE wu_event_handle(HANDLE h)
{
	return (HANDLE)((uintptr_t)h & ~(uintptr_t)1);
}

WU_HIDDEN BOOL wu_event_set(HANDLE h);
/* Threads blocked in WaitFor*Object(s) now (for tests). */
WU_HIDDEN unsigned int wu_event_waiters(void);
WU_HIDDEN BOOL wu_event_reset(HANDLE h);

/* ------------------------------------------------------------------------ */
/* time.c                                                                   */
/* ------------------------------------------------------------------------ */

/* QueryPerformanceFrequency(): 100 ns units of CLOCK_MONOTONIC. */
#define WU_QPC_FREQUENCY 10000000LL

WU_HIDDEN int64_t wu_monotonic_ns(void);
static inline int64_t wu_qpc_from_ns(int64_t ns)
{
	return ns / (1000000000LL / WU_QPC_FREQUENCY);
}

/* ------------------------------------------------------------------------ */
/* kernel.c: the driver's ABI, as small typed calls                         */
/* ------------------------------------------------------------------------ */

/* What the library needs from WINUSB_IOCTL_GET_INFO. */
struct wu_k_info {
	uint64_t capabilities;
	uint32_t abi_version;
	uint32_t speed;			/* enum usb_device_speed */
	uint8_t interface_number;
	uint8_t num_altsettings;
	uint8_t cur_altsetting;
	bool disconnected;
	uint16_t vendor_id;
	uint16_t product_id;
	uint32_t busnum;
	uint32_t devnum;
	uint32_t max_transfer_size;
};

struct wu_k_pipe {
	uint8_t endpoint;
	uint8_t type;			/* USBD_PIPE_TYPE value */
	uint16_t max_packet_size;
	uint8_t interval;
	uint32_t max_bytes_per_interval;
};

/* A transfer to submit. */
struct wu_k_transfer {
	uint8_t type;			/* USBD_PIPE_TYPE value */
	uint8_t endpoint;
	uint32_t length;
	void *data;
	uint64_t cookie;
	uint8_t setup[8];		/* control only */
};

/* A completion record. */
struct wu_k_completion {
	uint64_t id;
	uint64_t cookie;
	int32_t status;			/* 0 or -errno */
	uint32_t actual_length;
	uint32_t start_frame;		/* isochronous: first packet's frame */
	uint32_t error_count;		/* isochronous: packets that failed */
};

/* WINUSB_IOCTL_ISOCH_REGISTER's results. */
struct wu_k_isoch_reg {
	uint32_t handle;
	uint32_t path;			/* enum winusb_isoch_path */
	uint32_t packet_bytes;
	uint32_t frame_bytes;
	uint32_t urb_packets;
	uint32_t num_urbs;
};

/*
 * One packet's result as the driver writes it at REAP time (the ABI's
 * struct winusb_isoch_packet): never the caller's USBD_ISO_PACKET_DESCRIPTOR,
 * whose Status is a USBD_STATUS, not an errno.
 */
struct wu_k_isoch_packet {
	uint32_t offset;
	uint32_t length;
	int32_t status;			/* 0 or -errno */
};

/* An isochronous transfer to submit (WINUSB_IOCTL_ISOCH_SUBMIT). */
struct wu_k_isoch_transfer {
	uint32_t handle;
	bool asap;
	bool cont;			/* ASAP + CONTINUE (ContinueStream) */
	uint32_t offset;
	uint32_t length;
	uint32_t start_frame;		/* without @asap */
	uint32_t num_packets;		/* 0 or the packet count */
	struct wu_k_isoch_packet *results; /* [num_packets], or NULL */
	uint64_t cookie;
	uint32_t out_start_frame;	/* written by wu_k_isoch_submit() */
	uint32_t out_next_frame;	/* on success only */
};

/* WINUSB_IOCTL_GET_FRAME's results. */
struct wu_k_frame {
	uint32_t frame;
	uint32_t microframe;
	uint64_t time_ns;		/* CLOCK_MONOTONIC */
	bool synthetic;			/* no bus counter: CLOCK_MONOTONIC in ms */
};

/* Minimum ABI version the library works with. */
#define WU_K_MIN_ABI 2

WU_HIDDEN int wu_k_get_info(int fd, struct wu_k_info *info);
WU_HIDDEN int wu_k_get_descriptor(int fd, uint8_t type, uint8_t index,
				  uint16_t lang, void *buf, uint32_t len,
				  uint32_t *out_len, uint32_t *out_total);
WU_HIDDEN int wu_k_query_pipe(int fd, uint8_t alt, uint8_t index,
			      struct wu_k_pipe *pipe);
WU_HIDDEN int wu_k_get_altsetting(int fd, uint8_t *alt);
WU_HIDDEN int wu_k_set_altsetting(int fd, uint8_t alt);
WU_HIDDEN int wu_k_submit(int fd, const struct wu_k_transfer *x, uint64_t *id);
/*
 * Reap up to @count records; @timeout_ms < 0: do not wait (-EAGAIN if none).
 * Returns the number of records (>= 1) or -errno.
 */
WU_HIDDEN int wu_k_reap(int fd, struct wu_k_completion *c, unsigned int count,
			int timeout_ms);
WU_HIDDEN int wu_k_cancel(int fd, uint64_t id);
WU_HIDDEN int wu_k_abort_pipe(int fd, uint8_t ep);
WU_HIDDEN int wu_k_reset_pipe(int fd, uint8_t ep);
WU_HIDDEN int wu_k_flush_pipe(int fd, uint8_t ep);
WU_HIDDEN int wu_k_get_pipe_policy(int fd, uint8_t ep, uint32_t policy,
				   uint64_t *value, uint32_t *size);
WU_HIDDEN int wu_k_set_pipe_policy(int fd, uint8_t ep, uint32_t policy,
				   uint64_t value, uint32_t size);
/*
 * Set @ep's policies to the ABI's WINUSB_DEFAULT_* (the control pipe, 0:
 * its PIPE_TRANSFER_TIMEOUT only); best effort, errors are ignored.
 */
WU_HIDDEN void wu_k_default_pipe_policies(int fd, uint8_t ep);
WU_HIDDEN int wu_k_get_power_policy(int fd, uint32_t policy,
				    uint64_t *value, uint32_t *size);
WU_HIDDEN int wu_k_set_power_policy(int fd, uint32_t policy,
				    uint64_t value, uint32_t size);
WU_HIDDEN int wu_k_get_frame(int fd, uint32_t *frame, uint64_t *time_ns);
WU_HIDDEN int wu_k_get_frame_ex(int fd, struct wu_k_frame *fr);
WU_HIDDEN int wu_k_isoch_register(int fd, uint8_t ep, void *buf, uint32_t len,
				  struct wu_k_isoch_reg *reg);
WU_HIDDEN int wu_k_isoch_unregister(int fd, uint32_t handle);
/* One WINUSB_IOCTL_ISOCH_SUBMIT; returns 0 (*@id set) or -errno. */
WU_HIDDEN int wu_k_isoch_submit(int fd, struct wu_k_isoch_transfer *x,
				uint64_t *id);

/* ------------------------------------------------------------------------ */
/* async.c                                                                  */
/* ------------------------------------------------------------------------ */

struct wu_file;
struct wu_request;

struct wu_request_pool;

/**
 * struct wu_request_isoch - what an isochronous request adds.
 * @npackets: packets of the transfer (Length / bytes per packet); 0 for
 *            a request that is not isochronous.
 * @packet_bytes: bytes per packet.
 * @results: reads: where the driver writes the packet results (the
 *           buffer handle's table, at the transfer's position); NULL for
 *           writes.
 * @packets: reads: the caller's descriptors, written once, by the reaper,
 *           when the request completes; NULL for writes.
 */
struct wu_request_isoch {
	uint32_t npackets;
	uint32_t packet_bytes;
	const struct wu_k_isoch_packet *results;
	USBD_ISO_PACKET_DESCRIPTOR *packets;
};

/**
 * struct wu_request - one transfer in flight, from submit to completion.
 * The kernel gives the request's address back as its cookie.
 *
 * @prev, @next: in wu_async.pending (under wu_async.lock).
 * @kernel_id: the kernel's id, for CANCEL (0 until submit returned).
 * @owner: the interface that submitted it (WinUsb_Free waits for these).
 * @endpoint: its endpoint (AbortPipe waits for these).
 * @tid: the submitting thread (CancelIo).
 * @ov: the caller's OVERLAPPED, or NULL for a synchronous request.
 * @event: @ov's hEvent (low bit masked) as it was at submit time.
 * @submitting: the submit ioctl has not returned yet; the reaper leaves
 *        freeing an OVERLAPPED request to the submitter (@orphaned).
 * @orphaned: completed while @submitting; the submitter frees it.
 * @cancel_requested: cancelled while @submitting (no kernel id yet); the
 *        submitter cancels it as soon as it has the id.
 * @done, @status, @actual: synchronous requests: the result, set by the
 *        reaper under wu_async.lock.
 * @pool: the pool it was taken from and goes back to; NULL for a request
 *        on the caller's stack (synchronous) or from malloc() (OVERLAPPED,
 *        free()d when done).
 * @isoch: isochronous requests only (see there).
 */
struct wu_request {
	struct wu_request *prev, *next;
	uint64_t kernel_id;
	const void *owner;
	uint8_t endpoint;
	pid_t tid;
	OVERLAPPED *ov;
	HANDLE event;
	bool submitting;
	bool orphaned;
	bool cancel_requested;
	bool done;
	int status;
	uint32_t actual;
	struct wu_request_pool *pool;
	struct wu_request_isoch isoch;
};

/**
 * struct wu_request_pool - requests made ahead of time, so that a stream
 * of transfers allocates nothing (one per isochronous buffer handle).
 * @lock: protects every member; taken under wu_async.lock (a leaf).
 * @idle: broadcast when @outstanding drops to 0.
 * @free_list: unused requests, linked through wu_request.next.
 * @blocks: every block of requests, freed with the pool.
 * @grow: requests added when @free_list is empty.
 * @outstanding: requests taken and not yet given back.
 */
struct wu_request_pool {
	pthread_mutex_t lock;
	pthread_cond_t idle;
	struct wu_request *free_list;
	struct wu_request_block *blocks;
	unsigned int grow;
	unsigned int outstanding;
};

/* @n requests now, @grow more whenever the pool runs dry; 0 or -ENOMEM. */
WU_HIDDEN int wu_request_pool_init(struct wu_request_pool *pool,
				   unsigned int n, unsigned int grow);
/* A zeroed request of @pool; NULL if out of memory. */
WU_HIDDEN struct wu_request *wu_request_pool_get(struct wu_request_pool *pool);
/* Wait until every request taken from @pool is back. */
WU_HIDDEN void wu_request_pool_wait_idle(struct wu_request_pool *pool);
/* Free the pool; every request must be back. */
WU_HIDDEN void wu_request_pool_destroy(struct wu_request_pool *pool);

/**
 * struct wu_async - a device file's requests and its reaper thread.
 * @lock: protects every member below and wu_request list fields.
 * @cond: broadcast whenever a request leaves @pending.
 * @pending: requests submitted and not yet completed (a list).
 * @npending: number of requests in @pending.
 * @reaper: the reaper thread, valid while @reaper_running.
 * @reaper_running: the thread was started and not yet joined.
 * @stop_fd: eventfd; written to stop the reaper.
 * @gone: the device was disconnected and everything reaped.
 */
struct wu_async {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct wu_request *pending;
	unsigned int npending;
	pthread_t reaper;
	bool reaper_running;
	int stop_fd;
	bool gone;
};

WU_HIDDEN int wu_async_init(struct wu_async *a);
/* Stop the reaper; pending requests must already be gone (fd closed). */
WU_HIDDEN void wu_async_cleanup(struct wu_async *a);

/*
 * Submit synchronously and wait; returns ERROR_SUCCESS or the Windows error
 * (of the submit or of the completion), *@actual = bytes transferred.
 */
WU_HIDDEN DWORD wu_async_transfer(struct wu_file *f, const void *owner,
				  struct wu_k_transfer *x, uint32_t *actual);
/* Submit with an OVERLAPPED; FALSE + ERROR_IO_PENDING or the error. */
WU_HIDDEN BOOL wu_async_submit_overlapped(struct wu_file *f,
					  const void *owner,
					  struct wu_k_transfer *x,
					  OVERLAPPED *ov);
/*
 * The same two for an isochronous transfer, with a request the caller took
 * from its buffer handle's pool and filled (owner, endpoint, isoch).  The
 * request belongs to async.c from the call on and goes back to its pool
 * when done or failed.  @x stays the caller's: on success
 * wu_k_isoch_submit() has written its out_ members when these return.
 */
WU_HIDDEN DWORD wu_async_isoch_transfer(struct wu_file *f,
					struct wu_request *req,
					struct wu_k_isoch_transfer *x);
WU_HIDDEN BOOL wu_async_isoch_submit_overlapped(struct wu_file *f,
						struct wu_request *req,
						struct wu_k_isoch_transfer *x,
						OVERLAPPED *ov);

/* Which requests wu_async_cancel() cancels (all set criteria must match). */
struct wu_cancel_match {
	const void *owner;		/* NULL: any */
	const OVERLAPPED *ov;		/* NULL: any */
	pid_t tid;			/* 0: any */
};

/* Cancel matching requests; returns how many were found. */
WU_HIDDEN unsigned int wu_async_cancel(struct wu_file *f,
				       const struct wu_cancel_match *m);
/* Wait until no pending request matches (owner and/or endpoint). */
WU_HIDDEN void wu_async_wait_idle(struct wu_file *f, const void *owner,
				  int endpoint);
/* TRUE if any request of @owner is pending. */
WU_HIDDEN bool wu_async_busy(struct wu_file *f, const void *owner);

/* The Win32 GetOverlappedResult() logic, shared by both entry points. */
WU_HIDDEN BOOL wu_overlapped_result(OVERLAPPED *ov, DWORD *bytes, BOOL wait);
/* Mark @ov complete and signal @event (used by the reaper and tests). */
WU_HIDDEN void wu_overlapped_complete(OVERLAPPED *ov, HANDLE event,
				      DWORD error, uint32_t bytes);

/* ------------------------------------------------------------------------ */
/* file.c                                                                   */
/* ------------------------------------------------------------------------ */

/**
 * struct wu_file - an open device node (a CreateFile() HANDLE, or a sibling
 * node opened by WinUsb_GetAssociatedInterface()).
 * @obj: header; references: the handle table's (CreateFile handles only)
 *       and one per interface object using the file.
 * @fd: the node, O_RDWR | O_CLOEXEC.
 * @flags: dwFlagsAndAttributes of CreateFile().
 * @async: its requests and reaper.
 */
struct wu_file {
	struct wu_object obj;
	int fd;
	DWORD flags;
	struct wu_async async;
};

/* Open @path as CreateFileA() would; returns the object (one reference). */
WU_HIDDEN struct wu_file *wu_file_open(const char *path, DWORD flags,
				       DWORD *error);
static inline void wu_file_put(struct wu_file *f)
{
	wu_object_put(&f->obj);
}

/* ------------------------------------------------------------------------ */
/* descriptors.c                                                            */
/* ------------------------------------------------------------------------ */

/*
 * The next descriptor after @d inside [@buf, @buf + @len), or NULL if @d
 * is the last or a descriptor is malformed (bLength < 2 or past the end).
 */
WU_HIDDEN const USB_COMMON_DESCRIPTOR *
wu_desc_next(const void *buf, size_t len, const USB_COMMON_DESCRIPTOR *d);

/*
 * The @n-th alternate setting (descriptor order) of interface @ifnum in the
 * configuration @cfg of @len bytes, or NULL.
 */
WU_HIDDEN const USB_INTERFACE_DESCRIPTOR *
wu_desc_find_altsetting(const void *cfg, size_t len, uint8_t ifnum,
			unsigned int n);

/*
 * Interface numbers of the configuration in descriptor order (alternate
 * setting 0 of each), at most @max; returns how many.
 */
WU_HIDDEN unsigned int wu_desc_list_interfaces(const void *cfg, size_t len,
					       uint8_t *ifnums,
					       unsigned int max);

/*
 * The endpoint descriptor of address @ep in alternate setting @alt
 * (bAlternateSetting) of interface @ifnum, or NULL.
 */
WU_HIDDEN const USB_ENDPOINT_DESCRIPTOR *
wu_desc_find_endpoint(const void *cfg, size_t len, uint8_t ifnum, uint8_t alt,
		      uint8_t ep);

/* The interface association descriptor covering @ifnum, or NULL. */
WU_HIDDEN const USB_INTERFACE_ASSOCIATION_DESCRIPTOR *
wu_desc_find_iad(const void *cfg, size_t len, uint8_t ifnum);

/* ------------------------------------------------------------------------ */
/* sysfs.c                                                                  */
/* ------------------------------------------------------------------------ */

/* Roots of sysfs and /dev; tests point them at a fake tree. */
extern WU_HIDDEN const char *wu_sysfs_root;
extern WU_HIDDEN const char *wu_dev_root;

/* Read a sysfs attribute into @buf (NUL-terminated, newline stripped). */
WU_HIDDEN int wu_sysfs_read(const char *path, char *buf, size_t size);
WU_HIDDEN int wu_sysfs_read_hex(const char *path, unsigned long *value);
WU_HIDDEN int wu_sysfs_read_dec(const char *path, unsigned long *value);
/*
 * The sysfs name of the USB interface behind the winusb node @fd
 * ("1-1:1.0") and the node's directory under /dev ("winusb").
 */
WU_HIDDEN int wu_sysfs_interface_of_fd(int fd, char *name, size_t name_size,
				       char *devdir, size_t devdir_size);
/*
 * The names in the sysfs directory @dir of USB interfaces (@interfaces:
 * "1-1:1.0") or USB devices ("1-1"), shorter than WU_SYSFS_NAME_MAX,
 * sorted.  *@out is malloc'ed, as each name.  Returns the count, 0 if
 * @dir does not exist, or -errno.
 */
#define WU_SYSFS_NAME_MAX 64
WU_HIDDEN int wu_sysfs_list_names(const char *dir, bool interfaces,
				  char ***out);

/* ------------------------------------------------------------------------ */
/* lookup.c                                                                 */
/* ------------------------------------------------------------------------ */

/*
 * Parse a GUID in registry form, "{33C1508B-8D50-4159-B913-A814C4797149}"
 * (braces optional, any case).  Returns false if @s is anything else.
 */
WU_HIDDEN bool wu_parse_guid(const char *s, GUID *g);

/* ------------------------------------------------------------------------ */
/* device.c                                                                 */
/* ------------------------------------------------------------------------ */

/**
 * struct wu_interface - a WINUSB_INTERFACE_HANDLE.
 * @obj: header; references: the handle table's, one per associated
 *       interface handle opened from it (@parent), and users.
 * @file: the device file (a reference).
 * @parent: for an associated handle: the WinUsb_Initialize() handle it
 *          came from (a reference); NULL for an Initialize handle.
 * @lock: protects @open_siblings.
 * @open_siblings: Initialize handles: bit n set while an associated handle
 *                 for interface number n is open.
 * @info: GET_INFO at initialisation.
 * @cur_alt: the current alternate setting as last seen (atomic): set by
 *           WinUsb_SetCurrentAlternateSetting(), refreshed from the driver
 *           when a pipe is not found in it.
 * @name: sysfs name of the interface ("1-1:1.0"), "" if unknown.
 * @devdir: directory of the device nodes under /dev ("winusb").
 * @device_desc: the device descriptor.
 * @config: the active configuration descriptor (@config_len bytes).
 */
struct wu_interface {
	struct wu_object obj;
	struct wu_file *file;
	struct wu_interface *parent;
	pthread_mutex_t lock;
	uint64_t open_siblings[4];
	struct wu_k_info info;
	uint8_t cur_alt;
	char name[64];
	char devdir[64];
	USB_DEVICE_DESCRIPTOR device_desc;
	uint8_t *config;
	size_t config_len;
};

/*
 * The interface @h names, with a reference, or NULL with
 * ERROR_INVALID_HANDLE set.
 */
WU_HIDDEN struct wu_interface *wu_interface_get(WINUSB_INTERFACE_HANDLE h);
static inline void wu_interface_put(struct wu_interface *intf)
{
	wu_object_put(&intf->obj);
}

/*
 * Policy values travel as a u64 holding a UCHAR (1 byte) or a ULONG
 * (4 bytes).  Returns false for any other length.
 */
static inline bool wu_policy_load(ULONG len, const void *value, uint64_t *v)
{
	if (len == sizeof(UCHAR))
		*v = *(const UCHAR *)value;
	else if (len == sizeof(ULONG))
		*v = *(const ULONG *)value;
	else
		return false;
	return true;
}

/* Store a policy value of @size bytes into the caller's buffer. */
static inline void wu_policy_store(uint32_t size, uint64_t v, void *value)
{
	if (size == sizeof(UCHAR))
		*(UCHAR *)value = (UCHAR)v;
	else
		*(ULONG *)value = (ULONG)v;
}

/* Reset the pipe policies of the current alternate setting to defaults. */
WU_HIDDEN void wu_pipe_reset_policies(struct wu_interface *intf);

#endif /* LIBWINUSB_INTERNAL_H */
