// SPDX-License-Identifier: GPL-2.0
/*
 * stream_test - isochronous IN and OUT streams through libwinusb with
 * ContinueStream chains, against winusb-testdev paced at real bus timing:
 * Read/WriteIsochPipeAsap with OVERLAPPED and events, many transfers in
 * flight per pipe, each completed transfer resubmitted with ContinueStream
 * TRUE.  Nothing may be lost, reordered, late or corrupted:
 *
 *  IN   every packet: Offset = index x bytes per packet, Length full,
 *       USBD_STATUS_SUCCESS, the next sequence number of the source and
 *       the next bus slot of the device (no gap in the device's schedule
 *       either); the payload checked in full every 16th packet;
 *  OUT  the device's sink counts every packet sent, no gap, no error;
 *  both GetOverlappedResult reports 0 bytes; and once streaming, the
 *       library allocates nothing (malloc is counted).
 *
 *   WINUSB_ISOCH_SECONDS   streaming time (default 3)
 *   WINUSB_ISOCH_MS        1 ms frames per transfer (default 8)
 *   WINUSB_ISOCH_INFLIGHT  transfers in flight per pipe (default 32)
 *   WINUSB_ISOCH_TRIES     runs allowed when the guest cannot keep time:
 *                        a ContinueStream submission refused because the
 *                        stream had drained (default 2); wrong data fails
 *                        at once
 */
#include <stdatomic.h>
#include <sys/resource.h>

#include "kselftest_harness.h"
#include "isochtest.h"

/* Every allocation of the process, the library's included. */
extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t size);
extern void __libc_free(void *p);
static atomic_ulong allocations;

void *malloc(size_t size)
{
	atomic_fetch_add(&allocations, 1);
	return __libc_malloc(size);
}

void *calloc(size_t n, size_t size)
{
	atomic_fetch_add(&allocations, 1);
	return __libc_calloc(n, size);
}

void *realloc(void *p, size_t size)
{
	atomic_fetch_add(&allocations, 1);
	return __libc_realloc(p, size);
}

void free(void *p)
{
	__libc_free(p);
}

#define MAX_INFLIGHT 64

static ULONG env_ulong(const char *name, ULONG def)
{
	const char *v = getenv(name);

	return v && *v ? strtoul(v, NULL, 0) : def;
}

struct dir {
	WINUSB_PIPE_INFORMATION_EX pipe;
	WINUSB_ISOCH_BUFFER_HANDLE h;
	UCHAR *buf;
	USBD_ISO_PACKET_DESCRIPTOR *pk;
	OVERLAPPED ov[MAX_INFLIGHT];
	ULONG len, npk, pb, slot_step;
	ULONG next, pending;
	ULONG seq;			/* IN: expected; OUT: next to send */
	ULONG slot;			/* IN: expected device slot */
	bool have_seq;
	unsigned long long packets, bytes;
};

struct run {
	ULONG seconds, ms, inflight;
	bool underrun;
	char why[256];
	double elapsed, cpu;
	unsigned long long steady_allocs;
};

#define FAIL_RUN(r, ...) do { \
	if (!(r)->why[0]) \
		snprintf((r)->why, sizeof((r)->why), __VA_ARGS__); \
} while (0)

/* Fill @n packets from @seq: the sink's pattern, fast (a 256-byte ramp). */
static void fill_out(UCHAR *p, ULONG pb, ULONG n, ULONG seq)
{
	static UCHAR ramp[512];
	ULONG i, j;

	if (!ramp[1])
		for (i = 0; i < sizeof(ramp); i++)
			ramp[i] = (UCHAR)i;
	for (i = 0; i < n; i++, seq++, p += pb) {
		for (j = 0; j < pb; j += 256)
			memcpy(p + j, ramp + (seq & 0xff),
			       pb - j < 256 ? pb - j : 256);
		td_put_le32(p, seq);
		if (pb >= TD_ISOCH_HDR_LEN)
			td_put_le32(p + 4, 0);
	}
}

/* OUT: the data of transfer @i, the next packets of the sink's sequence. */
static void fill(struct dir *d, ULONG i)
{
	fill_out(d->buf + (size_t)i * d->len, d->pb, d->npk, d->seq);
	d->seq += d->npk;
}

static bool submit(struct dir *d, ULONG i, BOOL cont, struct run *r)
{
	ULONG off = i * d->len;
	BOOL ok;

	if (USB_ENDPOINT_DIRECTION_IN(d->pipe.PipeId))
		ok = WinUsb_ReadIsochPipeAsap(d->h, off, d->len, cont, d->npk,
					      d->pk + (size_t)i * d->npk,
					      &d->ov[i]);
	else
		ok = WinUsb_WriteIsochPipeAsap(d->h, off, d->len, cont,
					       &d->ov[i]);
	if (ok || GetLastError() != ERROR_IO_PENDING) {
		if (!ok && cont && GetLastError() == ERROR_GEN_FAILURE)
			r->underrun = true;
		FAIL_RUN(r, "submit on 0x%02x: %s, error %u", d->pipe.PipeId,
			 ok ? "not pending" : "failed", GetLastError());
		return false;
	}
	d->pending++;
	return true;
}

/* Transfer @i of @d is complete: check it. */
static bool completed(WINUSB_INTERFACE_HANDLE usb, struct dir *d, ULONG i,
		      struct run *r)
{
	const USBD_ISO_PACKET_DESCRIPTOR *pk = d->pk + (size_t)i * d->npk;
	const UCHAR *data = d->buf + (size_t)i * d->len;
	DWORD bytes = 12345;
	ULONG p;

	d->pending--;
	if (!WinUsb_GetOverlappedResult(usb, &d->ov[i], &bytes, FALSE)) {
		FAIL_RUN(r, "0x%02x transfer failed: error %u", d->pipe.PipeId,
			 GetLastError());
		return false;
	}
	if (bytes) {
		FAIL_RUN(r, "GetOverlappedResult reported %u bytes", bytes);
		return false;
	}
	if (!USB_ENDPOINT_DIRECTION_IN(d->pipe.PipeId)) {
		d->packets += d->npk;
		d->bytes += d->len;
		return true;
	}
	for (p = 0; p < d->npk; p++) {
		const UCHAR *pkt = data + pk[p].Offset;
		ULONG seq, slot;

		if (pk[p].Offset != p * d->pb || pk[p].Length != d->pb ||
		    pk[p].Status != USBD_STATUS_SUCCESS) {
			FAIL_RUN(r, "IN packet %llu: offset %u length %u status 0x%08x",
				 d->packets, pk[p].Offset, pk[p].Length,
				 (unsigned int)pk[p].Status);
			return false;
		}
		seq = td_isoch_seq(pkt);
		slot = td_isoch_slot(pkt);
		if (d->have_seq && seq != d->seq) {
			FAIL_RUN(r, "IN packet %llu: sequence %u, expected %u (lost or reordered)",
				 d->packets, seq, d->seq);
			return false;
		}
		if (d->have_seq && slot != d->slot) {
			/*
			 * The data is whole, but the device got the URB after
			 * its slot had passed and restarted its schedule: the
			 * guest did not keep up with the bus.
			 */
			r->underrun = !r->why[0];
			FAIL_RUN(r, "IN packet %llu: device slot %u, expected %u (the URB reached the device late)",
				 d->packets, slot, d->slot);
			return false;
		}
		if (d->packets % 16 == 0 && td_isoch_check(pkt, d->pb) != -1) {
			FAIL_RUN(r, "IN packet %llu (sequence %u): bad payload at %ld",
				 d->packets, seq, td_isoch_check(pkt, d->pb));
			return false;
		}
		d->have_seq = true;
		d->seq = seq + 1;
		d->slot = slot + d->slot_step;
		d->packets++;
		d->bytes += pk[p].Length;
	}
	return true;
}

static bool setup_dir(struct isoch_dev *dev, struct dir *d,
		      const WINUSB_PIPE_INFORMATION_EX *pipe, struct run *r)
{
	ULONG i;

	memset(d, 0, sizeof(*d));
	d->pipe = *pipe;
	d->pb = pipe->MaximumBytesPerInterval;
	d->len = r->ms * isoch_frame_bytes(dev, pipe);
	d->npk = d->len / d->pb;
	/* Device slots: 1 ms frames at full speed, else microframes. */
	d->slot_step = dev->speed == HighSpeed ? 1u << (pipe->Interval - 1) : 1;
	d->buf = malloc((size_t)d->len * r->inflight);
	d->pk = calloc((size_t)d->npk * r->inflight, sizeof(*d->pk));
	if (!d->buf || !d->pk)
		return false;
	for (i = 0; i < r->inflight; i++)
		wt_ov(&d->ov[i], TRUE);
	return WinUsb_RegisterIsochBuffer(dev->usb, pipe->PipeId, d->buf,
					  d->len * r->inflight, &d->h);
}

static void cleanup_dir(struct dir *d, ULONG inflight)
{
	ULONG i;

	if (d->h)
		WinUsb_UnregisterIsochBuffer(d->h);
	for (i = 0; i < inflight; i++)
		CloseHandle(d->ov[i].hEvent);
	free(d->buf);
	free(d->pk);
}

static double cpu_seconds(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
	       (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

/* One streaming run; false with r->why on any failure. */
static bool run_stream(struct isoch_dev *dev, struct dir *in, struct dir *out,
		   struct run *r)
{
	struct dir *dirs[2] = { in, out };
	LARGE_INTEGER freq, t0, now;
	unsigned long long allocs0 = 0;
	bool ok = true, stopping = false, warm = false;
	double cpu0 = cpu_seconds();
	ULONG i;

	/* Everything ready before the first submit: no gap at the start. */
	for (i = 0; i < r->inflight; i++)
		fill(out, i);
	QueryPerformanceFrequency(&freq);
	QueryPerformanceCounter(&t0);
	for (i = 0; i < r->inflight && ok; i++)
		ok = submit(out, i, i > 0, r);
	for (i = 0; i < r->inflight && ok; i++)
		ok = submit(in, i, i > 0, r);
	stopping = !ok;

	while (in->pending || out->pending) {
		struct dir *waiting[2], *d;
		HANDLE ev[2];
		DWORD n = 0, w;

		for (i = 0; i < 2; i++) {
			if (!dirs[i]->pending)
				continue;
			waiting[n] = dirs[i];
			ev[n++] = dirs[i]->ov[dirs[i]->next].hEvent;
		}
		w = WaitForMultipleObjects(n, ev, FALSE, 5000);
		if (w >= WAIT_OBJECT_0 + n) {
			FAIL_RUN(r, "no completion in 5 s (%u)", w);
			return false;
		}
		d = waiting[w - WAIT_OBJECT_0];
		if (!completed(dev->usb, d, d->next, r))
			stopping = true, ok = false;
		QueryPerformanceCounter(&now);
		r->elapsed = (double)(now.QuadPart - t0.QuadPart) / freq.QuadPart;
		if (!warm && r->elapsed >= 1.0) {
			warm = true;
			allocs0 = atomic_load(&allocations);
		}
		if (r->elapsed >= r->seconds)
			stopping = true;
		if (!stopping && d == out)
			fill(out, d->next);
		if (!stopping && !submit(d, d->next, TRUE, r))
			stopping = true, ok = false;
		d->next = (d->next + 1) % r->inflight;
	}
	r->cpu = cpu_seconds() - cpu0;
	r->steady_allocs = warm ? atomic_load(&allocations) - allocs0 : 0;
	return ok;
}

TEST(continue_stream_in_and_out)
{
	struct run r = {
		.seconds = env_ulong("WINUSB_ISOCH_SECONDS", 3),
		.ms = env_ulong("WINUSB_ISOCH_MS", 8),
		.inflight = env_ulong("WINUSB_ISOCH_INFLIGHT", 32),
	};
	ULONG tries = 0, max_tries = env_ulong("WINUSB_ISOCH_TRIES", 2);
	struct td_counters c;
	struct isoch_dev dev;
	struct dir in, out;
	bool ok;

	ASSERT_GE(MAX_INFLIGHT, r.inflight);
	ASSERT_TRUE(isoch_open(&dev))
		TH_LOG("interface 1 of the test device: GetLastError() = %u",
		       GetLastError());
	do {
		if (tries)
			printf("# underrun (%s): the guest did not keep up; one more try\n",
			       r.why);
		r.underrun = false;
		r.why[0] = '\0';
		/* A fresh start: the source counts from 0, the sink anew. */
		ASSERT_WIN_OK(WinUsb_SetCurrentAlternateSetting(dev.usb,
								TD_ISOCH_ALT_OFF));
		ASSERT_WIN_OK(WinUsb_SetCurrentAlternateSetting(dev.usb,
								TD_ISOCH_ALT_ON));
		ASSERT_WIN_OK(td_request(dev.usb, TD_REQ_SET_PACED, 1, 0));
		ASSERT_WIN_OK(td_request(dev.usb, TD_REQ_RESET_COUNTERS, 0, 0));
		ASSERT_TRUE(setup_dir(&dev, &in, &dev.in, &r) &&
			    setup_dir(&dev, &out, &dev.out, &r))
			TH_LOG("setting up: error %u", GetLastError());
		ok = run_stream(&dev, &in, &out, &r);
		ASSERT_WIN_OK(td_counters(dev.usb, &c));
		cleanup_dir(&in, r.inflight);
		cleanup_dir(&out, r.inflight);
	} while (!ok && r.underrun && ++tries < max_tries);

	printf("# %s speed, %u ms x %u in flight: %.2f s, CPU %.0f%% of one core\n",
	       dev.speed == HighSpeed ? "high" : "full", r.ms, r.inflight,
	       r.elapsed, r.elapsed ? 100 * r.cpu / r.elapsed : 0);
	printf("# IN  %llu packets of %u bytes, %.2f MB/s\n", in.packets, in.pb,
	       r.elapsed ? in.bytes / r.elapsed / 1e6 : 0);
	printf("# OUT %llu packets of %u bytes, %.2f MB/s; sink: %u packets, %u gaps, %u errors\n",
	       out.packets, out.pb, r.elapsed ? out.bytes / r.elapsed / 1e6 : 0,
	       c.sink_packets, c.sink_gaps, c.sink_errors);
	printf("# allocations while streaming: %llu\n", r.steady_allocs);
	EXPECT_TRUE(ok) TH_LOG("%s", r.why);
	EXPECT_LE(r.seconds * 1000u / 2 * isoch_packets_per_ms(&dev, &dev.in),
		  in.packets);
	EXPECT_EQ(out.packets, c.sink_packets);
	EXPECT_EQ(0u, c.sink_gaps);
	EXPECT_EQ(0u, c.sink_errors);
	EXPECT_EQ(0ull, r.steady_allocs);
	isoch_close(&dev);
}

TEST_HARNESS_MAIN
