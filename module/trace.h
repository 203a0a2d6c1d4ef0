/* SPDX-License-Identifier: GPL-2.0 */
/*
 * winusb - tracepoints of the request lifecycle (events/winusb/ in tracefs;
 * perf and trace-cmd name them winusb:winusb_*).  Documentation/driver.rst
 * lists them; `make bench` counts them and selftests/trace checks them.
 *
 * Every request event names the interface (bus, device, interface number)
 * and the request's kernel id, the id REAP reports, so one request can be
 * followed from submit to reap.  Not an ABI: fields may change.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM winusb

#if !defined(WINUSB_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define WINUSB_TRACE_H

#include <linux/tracepoint.h>
#include <linux/usb.h>

#include "isoch.h"

#define winusb_show_type(t)						\
	__print_symbolic(t, { WINUSB_XFER_CONTROL, "control" },		\
			 { WINUSB_XFER_ISOCH, "isoch" },		\
			 { WINUSB_XFER_BULK, "bulk" },			\
			 { WINUSB_XFER_INTERRUPT, "interrupt" })

/* Every request event names its interface and the request's id. */
#define WINUSB_TRACE_REQ_ASSIGN(req)					\
	do {								\
		const struct winusb_dev *w = (req)->pipe->wdev;		\
									\
		__entry->bus = w->udev->bus->busnum;			\
		__entry->dev = w->udev->devnum;				\
		__entry->ifnum = w->ifnum;				\
		__entry->type = (req)->type;				\
		__entry->endpoint = (req)->endpoint;			\
		__entry->id = (req)->id;				\
	} while (0)

#define WINUSB_TRACE_REQ_FMT "%u-%u:%u id %llu %s ep 0x%02x"
#define WINUSB_TRACE_REQ_ARGS						\
	__entry->bus, __entry->dev, __entry->ifnum,			\
	(unsigned long long)__entry->id, winusb_show_type(__entry->type), \
	__entry->endpoint

/* A request queued by SUBMIT or ISOCH_SUBMIT: @length bytes asked for. */
TRACE_EVENT(winusb_submit,
	TP_PROTO(const struct winusb_request *req),
	TP_ARGS(req),
	TP_STRUCT__entry(
		__field(u16, bus)
		__field(u8, dev)
		__field(u8, ifnum)
		__field(u8, type)
		__field(u8, endpoint)
		__field(u64, id)
		__field(u32, length)
	),
	TP_fast_assign(
		WINUSB_TRACE_REQ_ASSIGN(req);
		__entry->length = req->length;
	),
	TP_printk(WINUSB_TRACE_REQ_FMT " length %u", WINUSB_TRACE_REQ_ARGS,
		  __entry->length)
);

/*
 * How a control, bulk or interrupt request's data moves (enum
 * winusb_data_mode), decided at submit and again when a piece no longer
 * fits scatter-gather: @piece_max bytes per URB at most.
 */
TRACE_EVENT(winusb_path,
	TP_PROTO(const struct winusb_request *req),
	TP_ARGS(req),
	TP_STRUCT__entry(
		__field(u16, bus)
		__field(u8, dev)
		__field(u8, ifnum)
		__field(u8, type)
		__field(u8, endpoint)
		__field(u64, id)
		__field(u8, mode)
		__field(u32, piece_max)
	),
	TP_fast_assign(
		WINUSB_TRACE_REQ_ASSIGN(req);
		__entry->mode = req->mode;
		__entry->piece_max = req->piece_max;
	),
	TP_printk(WINUSB_TRACE_REQ_FMT " mode %s piece_max %u",
		  WINUSB_TRACE_REQ_ARGS,
		  __print_symbolic(__entry->mode, { WINUSB_DATA_NONE, "none" },
				   { WINUSB_DATA_SG, "sg" },
				   { WINUSB_DATA_COPY, "copy" }),
		  __entry->piece_max)
);

/* An URB of a request given to the host controller; @ret its answer. */
TRACE_EVENT(winusb_urb_submit,
	TP_PROTO(const struct winusb_request *req, const struct urb *urb,
		 int ret),
	TP_ARGS(req, urb, ret),
	TP_STRUCT__entry(
		__field(u16, bus)
		__field(u8, dev)
		__field(u8, ifnum)
		__field(u8, type)
		__field(u8, endpoint)
		__field(u64, id)
		__field(u32, length)
		__field(u32, num_sgs)
		__field(u32, packets)
		__field(int, ret)
	),
	TP_fast_assign(
		WINUSB_TRACE_REQ_ASSIGN(req);
		__entry->length = urb->transfer_buffer_length;
		__entry->num_sgs = urb->num_sgs;
		__entry->packets = urb->number_of_packets;
		__entry->ret = ret;
	),
	TP_printk(WINUSB_TRACE_REQ_FMT " length %u sgs %u packets %u ret %d",
		  WINUSB_TRACE_REQ_ARGS, __entry->length, __entry->num_sgs,
		  __entry->packets, __entry->ret)
);

/* An URB of a request is back from the host controller. */
TRACE_EVENT(winusb_urb_complete,
	TP_PROTO(const struct winusb_request *req, const struct urb *urb),
	TP_ARGS(req, urb),
	TP_STRUCT__entry(
		__field(u16, bus)
		__field(u8, dev)
		__field(u8, ifnum)
		__field(u8, type)
		__field(u8, endpoint)
		__field(u64, id)
		__field(int, status)
		__field(u32, actual)
	),
	TP_fast_assign(
		WINUSB_TRACE_REQ_ASSIGN(req);
		__entry->status = urb->status;
		__entry->actual = urb->actual_length;
	),
	TP_printk(WINUSB_TRACE_REQ_FMT " status %d actual %u",
		  WINUSB_TRACE_REQ_ARGS, __entry->status, __entry->actual)
);

DECLARE_EVENT_CLASS(winusb_request_result,
	TP_PROTO(const struct winusb_request *req),
	TP_ARGS(req),
	TP_STRUCT__entry(
		__field(u16, bus)
		__field(u8, dev)
		__field(u8, ifnum)
		__field(u8, type)
		__field(u8, endpoint)
		__field(u64, id)
		__field(int, status)
		__field(u32, actual)
	),
	TP_fast_assign(
		WINUSB_TRACE_REQ_ASSIGN(req);
		__entry->status = req->status;
		__entry->actual = req->actual;
	),
	TP_printk(WINUSB_TRACE_REQ_FMT " status %d actual %u",
		  WINUSB_TRACE_REQ_ARGS, __entry->status, __entry->actual)
);

/* The request is done; its record waits on the file's completed list. */
DEFINE_EVENT(winusb_request_result, winusb_finish,
	TP_PROTO(const struct winusb_request *req),
	TP_ARGS(req)
);

/* REAP copied the request's record out (before it is freed). */
DEFINE_EVENT(winusb_request_result, winusb_reap,
	TP_PROTO(const struct winusb_request *req),
	TP_ARGS(req)
);

/*
 * A pending request is being cancelled with @status: CANCEL, a pipe abort,
 * a timeout, a closing file.
 */
TRACE_EVENT(winusb_cancel,
	TP_PROTO(const struct winusb_request *req, int status),
	TP_ARGS(req, status),
	TP_STRUCT__entry(
		__field(u16, bus)
		__field(u8, dev)
		__field(u8, ifnum)
		__field(u8, type)
		__field(u8, endpoint)
		__field(u64, id)
		__field(int, status)
	),
	TP_fast_assign(
		WINUSB_TRACE_REQ_ASSIGN(req);
		__entry->status = status;
	),
	TP_printk(WINUSB_TRACE_REQ_FMT " status %d", WINUSB_TRACE_REQ_ARGS,
		  __entry->status)
);

#define WINUSB_TRACE_BUF_ASSIGN(buf)					\
	do {								\
		__entry->bus = (buf)->wdev->udev->bus->busnum;		\
		__entry->dev = (buf)->wdev->udev->devnum;		\
		__entry->ifnum = (buf)->wdev->ifnum;			\
		__entry->endpoint = (buf)->endpoint;			\
		__entry->path = (buf)->path;				\
		__entry->handle = (buf)->handle;			\
		__entry->length = (buf)->pin.length;			\
	} while (0)

#define winusb_show_isoch_path(p)					\
	__print_symbolic(p, { WINUSB_ISOCH_PATH_VMAP, "vmap" },		\
			 { WINUSB_ISOCH_PATH_BOUNCE, "bounce" },	\
			 { WINUSB_ISOCH_PATH_DMA, "dma" })

/* An isochronous buffer registered; @path is the data path chosen. */
TRACE_EVENT(winusb_isoch_register,
	TP_PROTO(const struct winusb_isoch_buf *buf),
	TP_ARGS(buf),
	TP_STRUCT__entry(
		__field(u16, bus)
		__field(u8, dev)
		__field(u8, ifnum)
		__field(u8, endpoint)
		__field(u8, path)
		__field(u32, handle)
		__field(u32, length)
		__field(u32, npages)
		__field(u32, nurbs)
		__field(u32, urb_packets)
	),
	TP_fast_assign(
		WINUSB_TRACE_BUF_ASSIGN(buf);
		__entry->npages = buf->pin.npages;
		__entry->nurbs = buf->nurbs;
		__entry->urb_packets = buf->urb_packets;
	),
	TP_printk("%u-%u:%u handle %u ep 0x%02x length %u pages %u path %s urbs %ux%u",
		  __entry->bus, __entry->dev, __entry->ifnum, __entry->handle,
		  __entry->endpoint, __entry->length, __entry->npages,
		  winusb_show_isoch_path(__entry->path), __entry->nurbs,
		  __entry->urb_packets)
);

/* An isochronous buffer unregistered: @transfers it carried. */
TRACE_EVENT(winusb_isoch_unregister,
	TP_PROTO(const struct winusb_isoch_buf *buf),
	TP_ARGS(buf),
	TP_STRUCT__entry(
		__field(u16, bus)
		__field(u8, dev)
		__field(u8, ifnum)
		__field(u8, endpoint)
		__field(u8, path)
		__field(u32, handle)
		__field(u32, length)
		__field(u64, transfers)
	),
	TP_fast_assign(
		WINUSB_TRACE_BUF_ASSIGN(buf);
		__entry->transfers = buf->stat_transfers;
	),
	TP_printk("%u-%u:%u handle %u ep 0x%02x length %u path %s transfers %llu",
		  __entry->bus, __entry->dev, __entry->ifnum, __entry->handle,
		  __entry->endpoint, __entry->length,
		  winusb_show_isoch_path(__entry->path),
		  (unsigned long long)__entry->transfers)
);

#endif /* WINUSB_TRACE_H */

/* This header again, found through -I$(src) (Kbuild). */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
