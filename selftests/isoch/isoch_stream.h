/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An isochronous IN and OUT stream against winusb-testdev on the raw ABI,
 * as a WinUSB program does it: buffers registered once, a ring of
 * transfers per direction chained with ASAP + CONTINUE (ContinueStream),
 * each completed transfer checked and resubmitted.
 *
 * IN: every packet must carry the next sequence number and the next bus
 * slot of the source, full length, status 0; the payload is spot-checked
 * (fully every 16th packet); each transfer's start frame must be the
 * previous transfer's next frame, and the device's slot of its first
 * packet must keep a constant offset from it (no gap, no drift).
 * OUT: every packet carries the sink's pattern; the device's counters
 * must show every packet received, no gap, no error.
 *
 * Lossy IN (the device behind QEMU's usb-redir, whose buffer answers
 * empty packets when it runs dry and drops packets when it overflows):
 * every packet is empty or full length at its own offset, status 0; every
 * full one carries an intact pattern whose sequence number and slot are
 * above the last one's; the transfer's actual length is the sum of its
 * packets'; at least half of the packets carry data.  Start frames are
 * checked as above.
 */
#ifndef ISOCH_STREAM_H
#define ISOCH_STREAM_H

#include <sys/mman.h>

#include "isoch_util.h"

struct isoch_stream_cfg {
	unsigned int seconds;		/* bus time to stream */
	unsigned int transfer_frames;	/* 1 ms frames per transfer */
	unsigned int inflight;		/* transfers per direction */
	bool in, out;
	bool lossy;			/* IN may have empty and dropped packets */
	bool huge;			/* buffers in a huge page (MAP_HUGETLB) */
};

struct isoch_stream_result {
	uint64_t in_packets, out_packets, in_bytes, out_bytes;
	uint64_t in_transfers, out_transfers;
	uint64_t in_empty, in_dropped;	/* lossy IN */
	uint32_t in_path, out_path;
	double seconds;
	bool underrun;			/* the stream could not keep time */
	char why[256];			/* first failure, "" if none */
};

struct isoch_dir {
	uint32_t ep, handle, pb, npk, transfer_bytes, path;
	uint8_t *mem;
	size_t len;
	struct winusb_isoch_packet *pk;	/* inflight x npk */
	uint64_t done;			/* transfers completed */
	uint64_t submitted;
	uint32_t next_start;		/* expected start frame */
	uint32_t seq;			/* IN: next expected; OUT: next to send */
	uint32_t slot;			/* IN: next expected device slot */
	int64_t slot_offset;		/* IN: slot of packet 0 - frame * upf */
	bool have_offset;
};

#define ISOCH_FAIL(res, ...) do { \
	if (!(res)->why[0]) \
		snprintf((res)->why, sizeof((res)->why), __VA_ARGS__); \
} while (0)

static inline int isoch_dir_setup(int fd, struct isoch_dir *d, uint32_t ep,
				const struct isoch_stream_cfg *cfg,
				struct isoch_stream_result *res)
{
	struct winusb_isoch_register r;
	uint32_t frame_bytes;
	int ret;

	memset(d, 0, sizeof(*d));
	d->ep = ep;
	/* Register a page first to learn the sizes, then the real buffer. */
	d->len = 4096;
	d->mem = mmap(NULL, d->len, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ret = isoch_register(fd, ep, d->mem, d->len, &r);
	if (ret) {
		ISOCH_FAIL(res, "register 0x%02x: %d", ep, ret);
		return ret;
	}
	isoch_unregister(fd, r.out_handle);
	munmap(d->mem, d->len);
	d->pb = r.out_packet_bytes;
	frame_bytes = r.out_frame_bytes;
	d->transfer_bytes = frame_bytes * cfg->transfer_frames;
	d->npk = d->transfer_bytes / d->pb;
	d->len = (size_t)d->transfer_bytes * cfg->inflight;
	/* a huge page is one DMA segment: all of the buffer in one */
	if (cfg->huge && d->len > (2u << 20)) {
		ISOCH_FAIL(res, "%zu bytes do not fit a huge page", d->len);
		return -EINVAL;
	}
	d->mem = mmap(NULL, cfg->huge ? 2u << 20 : d->len,
		      PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS |
		      (cfg->huge ? MAP_HUGETLB : 0), -1, 0);
	d->pk = calloc((size_t)d->npk * cfg->inflight, sizeof(*d->pk));
	if (d->mem == MAP_FAILED || !d->pk) {
		ISOCH_FAIL(res, "out of memory%s",
			   cfg->huge ? " (no huge page: vm.nr_hugepages)" : "");
		return -ENOMEM;
	}
	ret = isoch_register(fd, ep, d->mem, d->len, &r);
	if (ret) {
		ISOCH_FAIL(res, "register 0x%02x (%zu bytes): %d", ep, d->len, ret);
		return ret;
	}
	d->handle = r.out_handle;
	d->path = r.out_path;
	return 0;
}

/* Fill an OUT transfer with the sink's next packets. */
static inline void isoch_dir_fill(struct isoch_dir *d, unsigned int slot)
{
	isoch_fill_out(d->mem + (size_t)slot * d->transfer_bytes, d->pb, d->npk,
		     d->seq);
	d->seq += d->npk;
}

static inline int isoch_dir_submit(int fd, struct isoch_dir *d, unsigned int slot,
				 bool in, bool fill,
				 struct isoch_stream_result *res)
{
	struct winusb_isoch_submit s;
	uint32_t flags = WINUSB_ISOCH_ASAP;
	uint32_t off = slot * d->transfer_bytes;
	int ret;

	if (d->submitted)
		flags |= WINUSB_ISOCH_CONTINUE;
	if (!in && fill)
		isoch_dir_fill(d, slot);
	ret = isoch_submit(fd, d->handle, flags, off, d->transfer_bytes, 0,
			 in ? d->pk + (size_t)slot * d->npk : NULL,
			 in ? d->npk : 0, (uint64_t)in << 32 | slot, &s);
	if (ret) {
		if (ret == -EXDEV && !res->why[0])
			res->underrun = true;
		ISOCH_FAIL(res, "%s submit #%llu: %d%s", in ? "IN" : "OUT",
			 (unsigned long long)d->submitted, ret,
			 ret == -EXDEV ? " (stream underrun)" : "");
		return ret;
	}
	if (d->submitted && s.out_start_frame != d->next_start)
		ISOCH_FAIL(res, "%s submit #%llu starts at frame %u, not %u",
			 in ? "IN" : "OUT", (unsigned long long)d->submitted,
			 s.out_start_frame, d->next_start);
	d->next_start = s.out_next_frame;
	d->submitted++;
	return 0;
}

/* Check one completed IN transfer of a lossy source (see the top). */
static inline void isoch_check_lossy_in(struct isoch_dir *d, unsigned int slot,
					const struct winusb_completion *rec,
					uint32_t period,
					struct isoch_stream_result *res)
{
	const struct winusb_isoch_packet *pk = d->pk + (size_t)slot * d->npk;
	const uint8_t *mem = d->mem + (size_t)slot * d->transfer_bytes;
	uint64_t sum = 0;

	if (rec->status || rec->error_count)
		ISOCH_FAIL(res, "IN transfer %llu: status %d, %u bad packets",
			   (unsigned long long)d->done, rec->status,
			   rec->error_count);
	for (uint32_t i = 0; i < d->npk; i++) {
		const uint8_t *p = mem + (size_t)i * d->pb;
		uint32_t seq;

		if (pk[i].status || pk[i].offset != i * d->pb ||
		    (pk[i].length && pk[i].length != d->pb)) {
			ISOCH_FAIL(res, "IN transfer %llu packet %u: offset %u length %u status %d",
				   (unsigned long long)d->done, i,
				   pk[i].offset, pk[i].length, pk[i].status);
			continue;
		}
		sum += pk[i].length;
		if (!pk[i].length) {
			res->in_empty++;
			continue;
		}
		seq = td_isoch_seq(p);
		if (td_isoch_check(p, pk[i].length) != -1)
			ISOCH_FAIL(res, "IN transfer %llu packet %u (seq %u): corrupt payload",
				   (unsigned long long)d->done, i, seq);
		else if ((int32_t)(seq - d->seq) < 0 ||
			 (d->have_offset && (int32_t)(td_isoch_slot(p) - d->slot) < 0))
			ISOCH_FAIL(res, "IN transfer %llu packet %u: seq %u slot %u after seq %u slot %u (reordered or replayed)",
				   (unsigned long long)d->done, i, seq,
				   td_isoch_slot(p), d->seq - 1,
				   d->slot - period);
		res->in_dropped += seq - d->seq;
		d->seq = seq + 1;
		d->slot = td_isoch_slot(p) + period;
		d->have_offset = true;
	}
	if (rec->actual_length != sum)
		ISOCH_FAIL(res, "IN transfer actual_length %u, packets sum %llu",
			   rec->actual_length, (unsigned long long)sum);
}

/* Check one completed IN transfer. */
static inline void isoch_check_in_transfer(struct isoch_dir *d, unsigned int slot,
				     const struct winusb_completion *rec,
				     uint32_t upf, uint32_t period,
				     struct isoch_stream_result *res)
{
	const struct winusb_isoch_packet *pk = d->pk + (size_t)slot * d->npk;
	const uint8_t *mem = d->mem + (size_t)slot * d->transfer_bytes;
	uint64_t sum = 0;

	if (rec->status || rec->error_count)
		ISOCH_FAIL(res, "IN transfer %llu: status %d, %u bad packets",
			 (unsigned long long)d->done, rec->status,
			 rec->error_count);
	for (uint32_t i = 0; i < d->npk; i++) {
		const uint8_t *p = mem + (size_t)i * d->pb;

		if (pk[i].status || pk[i].length != d->pb ||
		    pk[i].offset != i * d->pb) {
			ISOCH_FAIL(res, "IN packet seq %u: offset %u length %u status %d",
				 d->seq, pk[i].offset, pk[i].length,
				 pk[i].status);
			d->seq++;
			continue;
		}
		sum += pk[i].length;
		if (!isoch_check_in(p, d->pb, d->seq, !(d->seq % 16)))
			ISOCH_FAIL(res, "IN packet %u: got seq %u, want %u (lost, reordered or corrupt)",
				 i, td_isoch_seq(p), d->seq);
		if (d->have_offset && td_isoch_slot(p) != d->slot) {
			/* The device got the URB late: it restarted the stream. */
			if (!res->why[0])
				res->underrun = true;
			ISOCH_FAIL(res, "IN seq %u: device slot %u, want %u (gap: the URB reached the device late)",
				 d->seq, td_isoch_slot(p), d->slot);
		}
		if (i == 0) {
			int64_t off = (int64_t)td_isoch_slot(p) -
				      (int64_t)rec->start_frame * upf;

			if (d->have_offset && off != d->slot_offset)
				ISOCH_FAIL(res, "IN transfer %llu: frame %u at device slot %u, offset %lld != %lld",
					 (unsigned long long)d->done,
					 rec->start_frame, td_isoch_slot(p),
					 (long long)off,
					 (long long)d->slot_offset);
			d->slot_offset = off;
			d->have_offset = true;
		}
		d->slot = td_isoch_slot(p) + period;
		d->seq++;
	}
	if (rec->actual_length != sum)
		ISOCH_FAIL(res, "IN transfer actual_length %u, packets sum %llu",
			 rec->actual_length, (unsigned long long)sum);
}

/*
 * Run the stream.  The interface must be in alternate setting 1 with a
 * freshly restarted source and sink (SET_INTERFACE, RESET_COUNTERS).
 * Returns 0 when every check passed (res->why empty).
 */
static inline int isoch_stream_run(int fd, const struct isoch_stream_cfg *cfg,
				 struct isoch_stream_result *res)
{
	struct isoch_dir din, dout;
	struct winusb_completion recs[32];
	struct winusb_info info;
	struct td_counters c;
	struct td_info ti;
	uint32_t upf, period, in_frame = 0, out_frame = 0;
	uint64_t t0, total_transfers;
	bool in_first = true, out_first = true;
	int ret;

	memset(res, 0, sizeof(*res));
	memset(&din, 0, sizeof(din));
	memset(&dout, 0, sizeof(dout));
	if (wu_get_info(fd, &info) || td_info(fd, &ti))
		return -EIO;
	/* Device slots per frame, and per packet (2^(bInterval - 1)). */
	upf = info.out_speed >= 3 ? 8 : 1;
	period = 1u << (ti.isoch_interval - 1);
	total_transfers = (uint64_t)cfg->seconds * 1000 / cfg->transfer_frames;

	if (cfg->in && isoch_dir_setup(fd, &din, TD_EP_ISOCH_IN, cfg, res))
		goto out;
	if (cfg->out && isoch_dir_setup(fd, &dout, TD_EP_ISOCH_OUT, cfg, res))
		goto out;
	res->in_path = din.path;
	res->out_path = dout.path;

	/* Everything ready before the first submit: no gap at the start. */
	for (unsigned int i = 0; cfg->out && i < cfg->inflight; i++)
		isoch_dir_fill(&dout, i);
	t0 = isoch_now_ns();
	for (unsigned int i = 0; i < cfg->inflight; i++) {
		if (cfg->out && isoch_dir_submit(fd, &dout, i, false, false, res))
			goto out_drain;
		if (cfg->in && isoch_dir_submit(fd, &din, i, true, false, res))
			goto out_drain;
	}

	while ((cfg->in && din.done < din.submitted) ||
	       (cfg->out && dout.done < dout.submitted)) {
		int n = isoch_reap(fd, recs, 32, 10000);

		if (n < 0) {
			ISOCH_FAIL(res, "reap: %d", n);
			break;
		}
		for (int k = 0; k < n; k++) {
			bool in = recs[k].cookie >> 32;
			unsigned int slot = (uint32_t)recs[k].cookie;
			struct isoch_dir *d = in ? &din : &dout;
			uint32_t *frame = in ? &in_frame : &out_frame;
			bool *first = in ? &in_first : &out_first;

			if (!*first && recs[k].start_frame != *frame)
				ISOCH_FAIL(res, "%s transfer %llu started at frame %u, not %u",
					 in ? "IN" : "OUT",
					 (unsigned long long)d->done,
					 recs[k].start_frame, *frame);
			*first = false;
			*frame = recs[k].start_frame + cfg->transfer_frames;
			if (in && cfg->lossy) {
				isoch_check_lossy_in(d, slot, &recs[k], period,
						     res);
				res->in_packets += d->npk;
				res->in_bytes += recs[k].actual_length;
			} else if (in) {
				isoch_check_in_transfer(d, slot, &recs[k], upf, period,
						  res);
				res->in_packets += d->npk;
				res->in_bytes += recs[k].actual_length;
			} else {
				if (recs[k].status || recs[k].error_count)
					ISOCH_FAIL(res, "OUT transfer %llu: status %d, %u bad packets",
						 (unsigned long long)d->done,
						 recs[k].status,
						 recs[k].error_count);
				res->out_packets += d->npk;
				res->out_bytes += recs[k].actual_length;
			}
			d->done++;
			if (!res->why[0] && d->submitted < total_transfers &&
			    isoch_dir_submit(fd, d, slot, in, true, res))
				goto out_drain;
		}
	}
	res->seconds = (isoch_now_ns() - t0) / 1e9;
	res->in_transfers = din.done;
	res->out_transfers = dout.done;

	if (cfg->in && cfg->lossy && res->in_empty * 2 > res->in_packets)
		ISOCH_FAIL(res, "IN: %llu of %llu packets empty",
			   (unsigned long long)res->in_empty,
			   (unsigned long long)res->in_packets);
	if (cfg->out) {
		ret = td_counters(fd, &c);
		if (ret)
			ISOCH_FAIL(res, "GET_COUNTERS: %d", ret);
		else if (c.sink_packets != dout.seq || c.sink_gaps ||
			 c.sink_errors)
			ISOCH_FAIL(res, "sink: %u packets of %u sent, %u gaps, %u errors",
				 c.sink_packets, dout.seq, c.sink_gaps,
				 c.sink_errors);
	}
	goto out;

out_drain:
	/* A failure mid-stream: cancel the rest and take the records. */
	res->seconds = (isoch_now_ns() - t0) / 1e9;
	wu_pipe_op(fd, WINUSB_IOCTL_ABORT_PIPE, TD_EP_ISOCH_IN);
	wu_pipe_op(fd, WINUSB_IOCTL_ABORT_PIPE, TD_EP_ISOCH_OUT);
	while (isoch_reap(fd, recs, 32, 0) > 0)
		;
out:
	if (din.handle)
		isoch_unregister(fd, din.handle);
	if (dout.handle)
		isoch_unregister(fd, dout.handle);
	if (din.mem && din.mem != MAP_FAILED)
		munmap(din.mem, cfg->huge ? 2u << 20 : din.len);
	if (dout.mem && dout.mem != MAP_FAILED)
		munmap(dout.mem, cfg->huge ? 2u << 20 : dout.len);
	free(din.pk);
	free(dout.pk);
	return res->why[0] ? -1 : 0;
}

static inline const char *isoch_path_name(uint32_t p)
{
	switch (p) {
	case WINUSB_ISOCH_PATH_VMAP: return "vmap";
	case WINUSB_ISOCH_PATH_BOUNCE: return "bounce";
	case WINUSB_ISOCH_PATH_DMA: return "dma";
	default: return "-";
	}
}

#endif /* ISOCH_STREAM_H */
