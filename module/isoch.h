/* SPDX-License-Identifier: GPL-2.0 */
/*
 * winusb - what the isochronous files share: registered buffers
 * (isoch_buf.c), their transfers (isoch.c) and the debugfs view of both
 * (debugfs.c).
 */
#ifndef WINUSB_ISOCH_H
#define WINUSB_ISOCH_H

#include <linux/hrtimer.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>

#include "winusb.h"

struct winusb_isoch_buf;
struct winusb_isoch_request;

/**
 * struct winusb_isoch_urb - one URB of a handle's pool
 * @urb: the URB, with room for the handle's packets per URB
 * @buf: owner
 * @ireq: the transfer it is reserved for, NULL when free
 * @node: in the handle's free list or the transfer's list
 * @first: its first packet's index in the transfer
 * @npackets: packets submitted (the controller may report fewer: vhci_hcd
 *	takes the peer's count; only this one is trusted)
 * @buf_off: buffer offset of its first packet
 * @at_hcd: submitted and not yet given back
 *
 * All but @urb's contents are protected by winusb_dev.lock.
 */
struct winusb_isoch_urb {
	struct urb *urb;
	struct winusb_isoch_buf *buf;
	struct winusb_isoch_request *ireq;
	struct list_head node;
	u32 first;
	u32 npackets;
	u32 buf_off;
	bool at_hcd;
};

/**
 * struct winusb_isoch_request - the request of one isochronous transfer,
 *	from its buffer handle's pool
 * @req: the request; its state follows request.c (QUEUED: waiting for its
 *	start, ACTIVE: URBs at the controller, DONE: record queued)
 * @buf: the handle
 * @node: in the handle's free requests while unused
 * @urbs: URBs reserved for it (struct winusb_isoch_urb.node)
 * @in_use: taken from the pool, until the record is freed
 * @offset: buffer offset of the transfer
 * @npackets: packets
 * @nframes: frames it spans
 * @start: scheduled extended frame of packet 0
 * @submit_frame: frame when its first URB was submitted (new streams)
 * @at_hcd: its URBs at the controller
 * @errors: packets with a non-zero status
 * @packets_uptr: the caller's packet array, 0 for none
 * @urb_error: first error of an URB as a whole (submit or completion)
 * @first_sent: index of the first packet submitted (after late ones)
 * @explicit: submitted with a start frame (not ASAP): it waits for its
 *	frame, and its late packets are not sent
 * @catch_up: continues a stream that has underrun (its end was too close
 *	to the current frame): its first URB goes with URB_ISO_ASAP so the
 *	controller catches up rather than failing it
 * @new_stream: started a new stream (the controller chose its frame)
 * @started: its packet results are in the handle's result table
 *
 * Protected by winusb_dev.lock once queued.
 */
struct winusb_isoch_request {
	struct winusb_request req;
	struct winusb_isoch_buf *buf;
	struct list_head node;
	struct list_head urbs;
	bool in_use;
	u32 offset;
	u32 npackets;
	u32 nframes;
	u32 start;
	u32 submit_frame;
	u32 at_hcd;
	u32 errors;
	u64 packets_uptr;
	int urb_error;
	u32 first_sent;
	bool explicit;
	bool catch_up;
	bool new_stream;
	bool started;
};

/**
 * struct winusb_isoch_buf - a registered isochronous buffer
 * @kref: the handle table holds one reference, every request one
 * @list: in winusb_isoch_bufs (debugfs.c)
 * @wdev: the interface
 * @file: the file that registered it
 * @handle: its handle
 * @endpoint: bEndpointAddress
 * @dir_in: IN endpoint
 * @hcd_dma: the host controller does DMA
 * @dead: unregistered or disconnected: no new transfers (io_mutex)
 * @released: @pin, @bounce and the URBs are gone (io_mutex)
 * @path: &enum winusb_isoch_path
 * @packet_bytes: bytes per packet (service interval)
 * @slot_bytes: distance between two packets in an URB's memory:
 *	@packet_bytes, or the bounce memory's aligned slot
 * @period_uf: service interval in microframes
 * @frame_bytes: transfer length granularity
 * @urb_packets: packets per URB
 * @pin: the pinned buffer
 * @bounce: bounce memory (BOUNCE path)
 * @urbs: the URB pool
 * @nurbs: its size
 * @free_urbs: free URBs (winusb_dev.lock)
 * @requests: the request pool
 * @nrequests: their number
 * @free_requests: free requests (winusb_dev.lock)
 * @results: per-packet results, by buffer position (winusb_dev.lock)
 * @nresults: entries of @results
 * @timer: starts a waiting transfer when its frame is near
 * @stat_transfers: transfers completed (statistics under winusb_dev.lock)
 * @stat_packets: packets completed
 * @stat_errors: packets with an error
 * @stat_late: packets not sent because their frame had passed
 * @stat_bounced: bytes copied to or from bounce memory
 * @stat_bad: packets the host controller returned with an offset, length
 *	or actual length that does not fit what was submitted
 * @stat_unaligned: URBs submitted with an unaligned buffer on a DMA
 *	path (the rule of WINUSB_URB_ALIGN says none)
 * @mem: bytes charged to @file for the pools and bounce memory
 */
struct winusb_isoch_buf {
	struct kref kref;
	struct list_head list;
	struct winusb_dev *wdev;
	struct winusb_file *file;
	u32 handle;
	u8 endpoint;
	bool dir_in;
	bool hcd_dma;
	bool dead;
	bool released;
	enum winusb_isoch_path path;
	u32 packet_bytes;
	u32 slot_bytes;
	u32 period_uf;
	u32 frame_bytes;
	u32 urb_packets;
	struct winusb_pin pin;
	struct winusb_bounce bounce;
	struct winusb_isoch_urb *urbs;
	u32 nurbs;
	struct list_head free_urbs;
	struct winusb_isoch_request *requests;
	u32 nrequests;
	struct list_head free_requests;
	struct winusb_isoch_packet *results;
	u32 nresults;
	struct hrtimer timer;
	u64 stat_transfers;
	u64 stat_packets;
	u64 stat_errors;
	u64 stat_late;
	u64 stat_bounced;
	u64 stat_bad;
	u64 stat_unaligned;
	size_t mem;
};

static inline struct winusb_isoch_request *
to_isoch_request(struct winusb_request *req)
{
	return container_of(req, struct winusb_isoch_request, req);
}

/* isoch_buf.c: every registered buffer, for debugfs */
extern struct list_head winusb_isoch_bufs;
extern struct mutex winusb_isoch_list_lock;
extern u64 winusb_isoch_path_count[WINUSB_ISOCH_PATH_DMA + 1];
extern atomic_long_t winusb_isoch_pinned;
extern atomic64_t winusb_isoch_bad;
extern atomic64_t winusb_isoch_unaligned;

struct winusb_isoch_buf *winusb_isoch_lookup(struct winusb_file *wf,
					     u32 handle);
bool winusb_isoch_pipe_ok(struct winusb_isoch_buf *buf,
			  struct winusb_pipe *pipe);
void winusb_isoch_buf_free(struct kref *kref);

/* isoch.c */
extern const struct winusb_request_ops winusb_isoch_ops;
void winusb_isoch_urb_complete(struct urb *urb);
enum hrtimer_restart winusb_isoch_timer(struct hrtimer *timer);

#endif /* WINUSB_ISOCH_H */
