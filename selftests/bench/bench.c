// SPDX-License-Identifier: GPL-2.0
/*
 * bench - one case of `make bench`: the same transfers through winusb
 * (libwinusb, as a Windows program streams: OVERLAPPED requests with
 * events, registered isochronous buffers) and through libusb 1.0 async on
 * usbfs (its own buffers, and libusb_dev_mem_alloc(): usbfs mmap, zero
 * copy), on the same device, implementations alternating round by round.
 * Runs in the test guest as root (selftests/bench/run.sh sets devices up).
 *
 *	bench --case CASE --label TEXT --vid V --pid P --intf N [--alt N]
 *	      [--size BYTES] [--inflight N] [--packets N] [--seconds S]
 *	      [--rounds N] [--impls winusb,libusb,libusb-mmap]
 *	      [--emu-pid PID] [--out FILE] [--timing-out FILE]
 *
 * CASE: isoch-in, isoch-out (PACKETS packets per transfer), bulk-in,
 * bulk-out, bulk-loop (writes and reads of SIZE bytes, INFLIGHT of each in
 * flight; a loopback device: reads count), control (round trips of an
 * 8-byte vendor IN request), interrupt (8-byte interrupt IN reads, one at
 * a time).
 *
 * Each round measures every implementation for SECONDS: bytes, packets,
 * lost and late packets (isochronous IN: by the device's sequence
 * numbers), the client's CPU (getrusage: all its threads), the whole
 * guest's CPU (/proc/stat) and the device emulator's (/proc/PID/stat),
 * round-trip times (control, interrupt).  After the rounds, one shorter
 * counting pass per implementation counts system calls and kernel
 * allocations with hist triggers (selftests/lib/tracefs.h), so that the
 * counting costs no round anything.  Prints a progress line on stderr and
 * appends one tab-separated line per implementation to FILE: medians of
 * the rounds, and min and max of the main figure.  The counting pass also
 * traces winusb's requests (module/trace.h); --timing-out gets where their
 * time went: the share of the stream with no URB at the host controller,
 * URBs there on average, and the median microseconds from SUBMIT to the
 * URB, from finish to REAP, and from REAP to the program's next SUBMIT.
 */
#include <errno.h>
#include <getopt.h>
#include <libusb.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <windows.h>
#include <winusb.h>

#include "tracefs.h"

#define MAX_INFLIGHT	64
#define MAX_ROUNDS	15
#define TD_ISOCH_HDR	8	/* winusb-testdev: LE u32 sequence first */

enum kind { ISOCH_IN, ISOCH_OUT, BULK_IN, BULK_OUT, BULK_LOOP, CONTROL,
	    INTERRUPT };
static const char *const kind_names[] = {
	"isoch-in", "isoch-out", "bulk-in", "bulk-out", "bulk-loop",
	"control", "interrupt",
};

enum impl { WINUSB, LIBUSB, LIBUSB_MMAP, NIMPLS };
static const char *const impl_names[] = { "winusb", "libusb", "libusb-mmap" };

static struct {
	enum kind kind;
	const char *label;
	unsigned int vid, pid, intf, alt;
	unsigned int size, inflight, packets;
	double seconds;
	unsigned int rounds;
	bool impls[NIMPLS];
	pid_t emu_pid;
	const char *out;
	const char *timing_out;
	uint8_t ep_in, ep_out;		/* found in the descriptors */
	unsigned int packet_bytes;	/* isochronous bytes per interval */
	unsigned int per_ms;		/* isochronous packets per ms */
} cfg = {
	.size = 65536, .inflight = 8, .packets = 128, .seconds = 2,
	.rounds = 3,
};

/* What one measurement found. */
struct result {
	double secs;
	unsigned long long bytes, transfers, packets, lost, late, errors;
	double client_cpu, guest_cpu, emu_cpu;	/* seconds */
	double lat_us;				/* median round trip */
	long long syscalls;			/* counting pass only */
	struct tfs_allocs allocs;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu_self(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	       ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

/* Busy CPU time of the whole guest, all CPUs, in seconds. */
static double cpu_guest(void)
{
	unsigned long long v[8] = { 0 };
	FILE *f = fopen("/proc/stat", "r");

	if (!f)
		return 0;
	if (fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0],
		   &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]) != 8)
		v[0] = 0;
	fclose(f);
	/* user nice system [idle iowait] irq softirq steal */
	return (double)(v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) /
	       sysconf(_SC_CLK_TCK);
}

static double cpu_pid(pid_t pid)
{
	unsigned long long ut = 0, st = 0;
	char path[64], buf[1024], *p;
	FILE *f;

	if (!pid)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = 0;
	fclose(f);
	p = strrchr(buf, ')');
	/* ") S ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime" */
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
			 &ut, &st) != 2)
		return 0;
	return (double)(ut + st) / sysconf(_SC_CLK_TCK);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, unsigned int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The isochronous IN pattern: count lost packets by sequence number. */
struct seq {
	bool started;
	uint32_t next;
};

static void seq_packet(struct seq *s, const uint8_t *p, unsigned int len,
		       struct result *r)
{
	uint32_t v;

	if (len < 4)
		return;
	v = p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
	if (s->started && v != s->next)
		r->lost += v - s->next;
	s->next = v + 1;
	s->started = true;
}

/* ---- winusb ------------------------------------------------------------ */

struct wu {
	HANDLE dev;
	WINUSB_INTERFACE_HANDLE usb;
};

static bool wu_open(struct wu *w)
{
	CHAR path[WINUSB_LINUX_PATH_MAX];
	int tries;

	/* After libusb gave the interface back, winusb binds it again. */
	for (tries = 0; tries < 100; tries++) {
		if (WinUsbLinux_FindDevicePath(cfg.vid, cfg.pid, cfg.intf, 0,
					       path, sizeof(path))) {
			w->dev = CreateFileA(path, GENERIC_READ | GENERIC_WRITE,
					     FILE_SHARE_READ | FILE_SHARE_WRITE,
					     NULL, OPEN_EXISTING,
					     FILE_FLAG_OVERLAPPED, NULL);
			if (w->dev != INVALID_HANDLE_VALUE &&
			    WinUsb_Initialize(w->dev, &w->usb))
				break;
			if (w->dev != INVALID_HANDLE_VALUE)
				CloseHandle(w->dev);
		}
		usleep(50000);
	}
	if (tries == 100) {
		fprintf(stderr, "bench: no winusb interface %04x:%04x:%u (error %u)\n",
			cfg.vid, cfg.pid, cfg.intf, GetLastError());
		return false;
	}
	if (cfg.alt && !WinUsb_SetCurrentAlternateSetting(w->usb, cfg.alt)) {
		fprintf(stderr, "bench: alternate setting %u: error %u\n",
			cfg.alt, GetLastError());
		return false;
	}
	return true;
}

static void wu_close(struct wu *w)
{
	if (cfg.alt)
		WinUsb_SetCurrentAlternateSetting(w->usb, 0);
	WinUsb_Free(w->usb);
	CloseHandle(w->dev);
}

/* One direction of a winusb stream. */
struct wu_stream {
	UCHAR pipe;
	bool in, isoch;
	ULONG size;			/* bytes per transfer */
	UCHAR *data;			/* inflight transfers' buffers */
	WINUSB_ISOCH_BUFFER_HANDLE buf;
	USBD_ISO_PACKET_DESCRIPTOR *desc;
	OVERLAPPED ov[MAX_INFLIGHT];
	unsigned int next, pending;
	struct seq seq;
};

static bool wu_submit(struct wu *w, struct wu_stream *s, unsigned int i,
		      bool cont)
{
	ULONG off = i * s->size;
	BOOL ok;

	if (s->isoch && s->in)
		ok = WinUsb_ReadIsochPipeAsap(s->buf, off, s->size, cont,
					      cfg.packets,
					      &s->desc[i * cfg.packets],
					      &s->ov[i]);
	else if (s->isoch)
		ok = WinUsb_WriteIsochPipeAsap(s->buf, off, s->size, cont,
					       &s->ov[i]);
	else if (s->in)
		ok = WinUsb_ReadPipe(w->usb, s->pipe, s->data + off, s->size,
				     NULL, &s->ov[i]);
	else
		ok = WinUsb_WritePipe(w->usb, s->pipe, s->data + off, s->size,
				      NULL, &s->ov[i]);
	if (!ok && GetLastError() == ERROR_GEN_FAILURE && cont)
		return wu_submit(w, s, i, false);	/* stream ran dry */
	if (!ok && GetLastError() != ERROR_IO_PENDING) {
		fprintf(stderr, "bench: winusb submit on 0x%02x: error %u\n",
			s->pipe, GetLastError());
		return false;
	}
	s->pending++;
	return true;
}

static void wu_completed(struct wu *w, struct wu_stream *s, unsigned int i,
			 struct result *r)
{
	ULONG bytes = 0, p;

	s->pending--;
	if (!WinUsb_GetOverlappedResult(w->usb, &s->ov[i], &bytes, TRUE) &&
	    !s->isoch) {
		r->errors++;
		return;
	}
	r->transfers++;
	if (!s->isoch) {
		if (s->in || cfg.kind != BULK_LOOP)
			r->bytes += bytes;
		return;
	}
	for (p = 0; p < cfg.packets; p++) {
		USBD_ISO_PACKET_DESCRIPTOR *d = &s->desc[i * cfg.packets + p];

		r->packets++;
		if (!s->in) {
			r->bytes += cfg.packet_bytes;
			continue;
		}
		if (d->Status == USBD_STATUS_ISO_NA_LATE_USBPORT ||
		    d->Status == USBD_STATUS_ISO_NOT_ACCESSED_LATE) {
			r->late++;
			continue;
		}
		if (!USBD_SUCCESS(d->Status)) {
			r->errors++;
			continue;
		}
		r->bytes += d->Length;
		seq_packet(&s->seq, s->data + i * s->size + d->Offset,
			   d->Length, r);
	}
}

static bool wu_stream_setup(struct wu *w, struct wu_stream *s, UCHAR pipe,
			    bool isoch)
{
	s->pipe = pipe;
	s->in = pipe & 0x80;
	s->isoch = isoch;
	s->size = isoch ? cfg.packets * cfg.packet_bytes : cfg.size;
	s->data = aligned_alloc(4096, (size_t)cfg.inflight * s->size);
	if (!s->data)
		return false;
	memset(s->data, 0, (size_t)cfg.inflight * s->size);
	for (unsigned int i = 0; i < cfg.inflight; i++)
		s->ov[i].hEvent = CreateEvent(NULL, TRUE, FALSE, NULL);
	if (!isoch)
		return true;
	s->desc = calloc((size_t)cfg.inflight * cfg.packets, sizeof(*s->desc));
	if (!s->desc ||
	    !WinUsb_RegisterIsochBuffer(w->usb, pipe, s->data,
					cfg.inflight * s->size, &s->buf)) {
		fprintf(stderr, "bench: WinUsb_RegisterIsochBuffer: error %u\n",
			GetLastError());
		return false;
	}
	return true;
}

static void wu_stream_free(struct wu_stream *s)
{
	if (s->isoch)
		WinUsb_UnregisterIsochBuffer(s->buf);
	for (unsigned int i = 0; i < cfg.inflight; i++)
		CloseHandle(s->ov[i].hEvent);
	free(s->desc);
	free(s->data);
}

/* Stream for @secs: keep every stream full, complete in order. */
static bool wu_stream_run(struct wu *w, struct wu_stream *st, unsigned int n,
			  double secs, struct result *r)
{
	double t0 = now(), end = t0 + secs;
	bool stopping = false;
	unsigned int i, k;

	for (k = 0; k < n && !stopping; k++)
		for (i = 0; i < cfg.inflight && !stopping; i++)
			stopping = !wu_submit(w, &st[k], i, i > 0);
	for (;;) {
		struct wu_stream *which[2], *s;
		unsigned int m = 0;
		HANDLE ev[2];
		DWORD got;

		for (k = 0; k < n; k++) {
			if (!st[k].pending)
				continue;
			which[m] = &st[k];
			ev[m++] = st[k].ov[st[k].next].hEvent;
		}
		if (!m)
			break;
		got = WaitForMultipleObjects(m, ev, FALSE, 5000);
		if (got >= WAIT_OBJECT_0 + m) {
			fprintf(stderr, "bench: winusb: no completion for 5 s\n");
			return false;
		}
		s = which[got - WAIT_OBJECT_0];
		wu_completed(w, s, s->next, r);
		if (!stopping && now() >= end)
			stopping = true;
		if (!stopping && !wu_submit(w, s, s->next, true))
			stopping = true;
		s->next = (s->next + 1) % cfg.inflight;
	}
	r->secs = now() - t0;
	return true;
}

/* ---- libusb ------------------------------------------------------------ */

static libusb_context *lu_ctx;

struct lu {
	libusb_device_handle *h;
};

static bool lu_open(struct lu *l)
{
	int ret;

	l->h = libusb_open_device_with_vid_pid(lu_ctx, cfg.vid, cfg.pid);
	if (!l->h) {
		fprintf(stderr, "bench: libusb cannot open %04x:%04x\n",
			cfg.vid, cfg.pid);
		return false;
	}
	libusb_set_auto_detach_kernel_driver(l->h, 1);
	ret = libusb_claim_interface(l->h, cfg.intf);
	if (!ret && cfg.alt)
		ret = libusb_set_interface_alt_setting(l->h, cfg.intf, cfg.alt);
	if (ret) {
		fprintf(stderr, "bench: libusb claim: %s\n",
			libusb_error_name(ret));
		libusb_close(l->h);
		return false;
	}
	return true;
}

static void lu_close(struct lu *l)
{
	if (cfg.alt)
		libusb_set_interface_alt_setting(l->h, cfg.intf, 0);
	libusb_release_interface(l->h, cfg.intf);	/* winusb binds again */
	libusb_close(l->h);
}

struct lu_stream {
	struct lu *l;
	uint8_t ep;
	bool in, isoch, mmap;
	unsigned int size;
	struct libusb_transfer *xfer[MAX_INFLIGHT];
	unsigned char *data[MAX_INFLIGHT];
	unsigned int pending;
	bool stopping, failed;
	struct seq seq;
	struct result *r;
};

static void LIBUSB_CALL lu_cb(struct libusb_transfer *t)
{
	struct lu_stream *s = t->user_data;
	struct result *r = s->r;
	int i;

	s->pending--;
	if (t->status == LIBUSB_TRANSFER_COMPLETED) {
		r->transfers++;
	} else if (t->status != LIBUSB_TRANSFER_CANCELLED) {
		r->errors++;
	}
	if (!s->isoch) {
		if (s->in || cfg.kind != BULK_LOOP)
			r->bytes += t->actual_length;
	} else {
		for (i = 0; i < t->num_iso_packets; i++) {
			struct libusb_iso_packet_descriptor *d =
				&t->iso_packet_desc[i];

			r->packets++;
			if (!s->in) {
				if (d->status == LIBUSB_TRANSFER_COMPLETED)
					r->bytes += d->length;
				continue;
			}
			if (d->status != LIBUSB_TRANSFER_COMPLETED) {
				/* usbfs reports a missed interval as -EXDEV. */
				r->late++;
				continue;
			}
			r->bytes += d->actual_length;
			seq_packet(&s->seq,
				   libusb_get_iso_packet_buffer_simple(t, i),
				   d->actual_length, r);
		}
	}
	if (s->stopping || t->status == LIBUSB_TRANSFER_NO_DEVICE)
		return;
	if (libusb_submit_transfer(t)) {
		s->failed = true;
		return;
	}
	s->pending++;
}

static bool lu_stream_setup(struct lu *l, struct lu_stream *s, uint8_t ep,
			    bool isoch, bool use_mmap, struct result *r)
{
	unsigned int i;

	s->l = l;
	s->ep = ep;
	s->in = ep & 0x80;
	s->isoch = isoch;
	s->mmap = use_mmap;
	s->r = r;
	s->size = isoch ? cfg.packets * cfg.packet_bytes : cfg.size;
	for (i = 0; i < cfg.inflight; i++) {
		struct libusb_transfer *t;

		s->data[i] = use_mmap ? libusb_dev_mem_alloc(l->h, s->size) : NULL;
		if (!s->data[i]) {
			if (use_mmap)
				return false;	/* no usbfs mmap: no such case */
			s->data[i] = aligned_alloc(4096, s->size);
		}
		memset(s->data[i], 0, s->size);
		t = libusb_alloc_transfer(isoch ? cfg.packets : 0);
		if (!t)
			return false;
		if (isoch) {
			libusb_fill_iso_transfer(t, l->h, ep, s->data[i], s->size,
						 cfg.packets, lu_cb, s, 0);
			libusb_set_iso_packet_lengths(t, cfg.packet_bytes);
		} else {
			libusb_fill_bulk_transfer(t, l->h, ep, s->data[i],
						  s->size, lu_cb, s, 0);
		}
		s->xfer[i] = t;
	}
	return true;
}

static void lu_stream_free(struct lu_stream *s)
{
	for (unsigned int i = 0; i < cfg.inflight; i++) {
		if (s->xfer[i])
			libusb_free_transfer(s->xfer[i]);
		if (s->data[i] && s->mmap)
			libusb_dev_mem_free(s->l->h, s->data[i], s->size);
		else
			free(s->data[i]);
	}
}

static bool lu_stream_run(struct lu_stream *st, unsigned int n, double secs,
			  struct result *r)
{
	double t0 = now(), end = t0 + secs;
	unsigned int i, k;
	bool busy;

	for (k = 0; k < n; k++)
		for (i = 0; i < cfg.inflight; i++) {
			if (libusb_submit_transfer(st[k].xfer[i])) {
				st[k].failed = true;
				break;
			}
			st[k].pending++;
		}
	do {
		struct timeval tv = { 0, 100000 };

		libusb_handle_events_timeout_completed(lu_ctx, &tv, NULL);
		busy = false;
		for (k = 0; k < n; k++) {
			if (now() >= end || st[k].failed)
				st[k].stopping = true;
			busy |= st[k].pending > 0;
		}
	} while (busy);
	r->secs = now() - t0;
	return !st[0].failed && (n < 2 || !st[1].failed);
}

/* ---- one measurement ----------------------------------------------------- */

static bool is_isoch(void)
{
	return cfg.kind == ISOCH_IN || cfg.kind == ISOCH_OUT;
}

/* Round trips, one at a time: control or interrupt. */
static bool latency_run(enum impl impl, void *h, double secs,
			struct result *r)
{
	static double lat[200000];
	double t0 = now(), end = t0 + secs;
	unsigned char buf[64];
	unsigned int n = 0;

	while (now() < end && n < sizeof(lat) / sizeof(lat[0])) {
		double t = now();
		bool ok;

		if (impl == WINUSB) {
			struct wu *w = h;
			ULONG got;

			if (cfg.kind == CONTROL) {
				WINUSB_SETUP_PACKET sp = { 0xc0, 0x02, 0, 0, 8 };

				ok = WinUsb_ControlTransfer(w->usb, sp, buf, 8,
							    &got, NULL);
			} else {
				ok = WinUsb_ReadPipe(w->usb, cfg.ep_in, buf, 8,
						     &got, NULL);
			}
		} else {
			struct lu *l = h;
			int got = 0;

			if (cfg.kind == CONTROL)
				ok = libusb_control_transfer(l->h, 0xc0, 0x02,
							     0, 0, buf, 8,
							     5000) >= 0;
			else
				ok = !libusb_interrupt_transfer(l->h, cfg.ep_in,
								buf, 8, &got,
								5000);
		}
		if (!ok) {
			r->errors++;
			continue;
		}
		lat[n++] = (now() - t) * 1e6;
		r->bytes += 8;
	}
	r->transfers = n;
	r->secs = now() - t0;
	r->lat_us = n ? median(lat, n) : 0;
	return n > 0;
}

/* The measured window: CPU counters, and the counts when counting. */
struct window {
	bool counting;
	struct tfs *t;
	double c0, g0, e0;
};

static void window_open(struct window *win)
{
	if (win->counting) {
		tfs_write(win->t, "trace", "");
		tfs_write(win->t, "events/winusb/enable", "1");
		tfs_syscalls_start(win->t);
		tfs_alloc_start(win->t);
	}
	win->c0 = cpu_self();
	win->g0 = cpu_guest();
	win->e0 = cpu_pid(cfg.emu_pid);
}

static void window_close(struct window *win, struct result *r)
{
	r->client_cpu = cpu_self() - win->c0;
	r->guest_cpu = cpu_guest() - win->g0;
	r->emu_cpu = cpu_pid(cfg.emu_pid) - win->e0;
	if (win->counting) {
		r->syscalls = tfs_syscalls_stop(win->t, getpid());
		tfs_alloc_stop(win->t, &r->allocs);
		tfs_write(win->t, "events/winusb/enable", "0");
	}
}

/*
 * Measure @impl once for @secs; with @counting, count system calls and
 * allocations too (the counting pass).  Opening the device, registering
 * and allocating buffers stay outside the measured window.
 */
static bool measure(enum impl impl, double secs, bool counting,
		    struct tfs *t, struct result *r)
{
	struct window win = { .counting = counting, .t = t };
	unsigned int n = cfg.kind == BULK_LOOP ? 2 : 1, k;
	uint8_t ep = cfg.kind == ISOCH_IN || cfg.kind == BULK_IN ?
		     cfg.ep_in : cfg.ep_out;
	struct wu w;
	struct lu l;
	bool ok;

	memset(r, 0, sizeof(*r));
	if (impl == WINUSB ? !wu_open(&w) : !lu_open(&l))
		return false;

	if (cfg.kind == CONTROL || cfg.kind == INTERRUPT) {
		window_open(&win);
		ok = latency_run(impl, impl == WINUSB ? (void *)&w : (void *)&l,
				 secs, r);
		window_close(&win, r);
	} else if (impl == WINUSB) {
		struct wu_stream st[2] = { 0 };

		ok = wu_stream_setup(&w, &st[0], ep, is_isoch());
		if (ok && n == 2)
			ok = wu_stream_setup(&w, &st[1], cfg.ep_in, false);
		if (ok) {
			window_open(&win);
			ok = wu_stream_run(&w, st, n, secs, r);
			window_close(&win, r);
		}
		for (k = 0; k < n; k++)
			wu_stream_free(&st[k]);
	} else {
		struct lu_stream st[2] = { 0 };

		ok = lu_stream_setup(&l, &st[0], ep, is_isoch(),
				     impl == LIBUSB_MMAP, r);
		if (ok && n == 2)
			ok = lu_stream_setup(&l, &st[1], cfg.ep_in, false,
					     impl == LIBUSB_MMAP, r);
		if (ok) {
			window_open(&win);
			ok = lu_stream_run(st, n, secs, r);
			window_close(&win, r);
		}
		for (k = 0; k < n; k++)
			lu_stream_free(&st[k]);
	}

	if (impl == WINUSB)
		wu_close(&w);
	else
		lu_close(&l);
	return ok;
}

/* ---- where winusb's time goes (its tracepoints) ------------------------- */

struct timing {
	double idle;		/* share of the stream with no URB at the HCD */
	double submit_us;	/* SUBMIT to its first URB at the HCD */
	double finish_reap_us;	/* request finished to its record reaped */
	double reap_submit_us;	/* record reaped to the next SUBMIT */
	double urbs;		/* URBs at the HCD on average */
};

static double ts_of(const char *line, const char *ev)
{
	const char *p = strstr(line, ev);

	/* "...  1234.567890: winusb_x: ..." */
	while (p > line && p[-1] == ' ')
		p--;
	if (p > line && p[-1] == ':')
		p--;
	while (p > line && p[-1] != ' ')
		p--;
	return strtod(p, NULL);
}

/* Timings of the stream on @ep from the trace of the counting pass. */
static void trace_timing(struct tfs *t, uint8_t ep, struct timing *tm)
{
	static double sub_t[200000], fin_t[200000], d_sub[200000],
		      d_fr[200000], d_rs[200000], reaps[200000];
	unsigned int nsub = 0, nfin = 0, nds = 0, nfr = 0, nrs = 0;
	unsigned int reap_head = 0, reap_tail = 0;
	unsigned long long first_id = 0;
	double t0 = 0, last = 0, idle = 0, busy_area = 0, idle_since = 0;
	int inflight = 0;
	char want[16], *trace = NULL, *line, *save;

	memset(tm, 0, sizeof(*tm));
	if (tfs_read(t, "trace", &trace) < 0)
		return;
	snprintf(want, sizeof(want), " ep 0x%02x", ep);
	for (line = strtok_r(trace, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		const char *ev = strstr(line, " winusb_");
		unsigned long long id;
		const char *p;
		double ts;

		if (!ev || !strstr(line, want) || !(p = strstr(ev, " id ")))
			continue;
		id = strtoull(p + 4, NULL, 10);
		ts = ts_of(line, ev + 1);
		if (!first_id)
			first_id = id;
		if (id < first_id || id - first_id >= 200000)
			continue;
		if (!t0)
			t0 = idle_since = ts;
		busy_area += inflight * (ts - last > 0 && last ? ts - last : 0);
		last = ts;
		if (!strncmp(ev, " winusb_submit:", 15)) {
			sub_t[id - first_id] = ts;
			if (reap_head < reap_tail)
				d_rs[nrs++] = (ts - reaps[reap_head++]) * 1e6;
			nsub++;
		} else if (!strncmp(ev, " winusb_urb_submit:", 19) &&
			   strstr(ev, " ret 0")) {
			if (!inflight)
				idle += ts - idle_since;
			inflight++;
			if (sub_t[id - first_id] > 0) {
				d_sub[nds++] = (ts - sub_t[id - first_id]) * 1e6;
				sub_t[id - first_id] = -1;
			}
		} else if (!strncmp(ev, " winusb_urb_complete:", 21)) {
			if (inflight && !--inflight)
				idle_since = ts;
		} else if (!strncmp(ev, " winusb_finish:", 15)) {
			fin_t[id - first_id] = ts;
			nfin++;
		} else if (!strncmp(ev, " winusb_reap:", 13)) {
			if (fin_t[id - first_id] > 0)
				d_fr[nfr++] = (ts - fin_t[id - first_id]) * 1e6;
			if (reap_tail < 200000)
				reaps[reap_tail++] = ts;
		}
	}
	free(trace);
	if (last > t0) {
		tm->idle = idle / (last - t0);
		tm->urbs = busy_area / (last - t0);
	}
	tm->submit_us = nds ? median(d_sub, nds) : 0;
	tm->finish_reap_us = nfr ? median(d_fr, nfr) : 0;
	tm->reap_submit_us = nrs ? median(d_rs, nrs) : 0;
	(void)nsub;
	(void)nfin;
}

/* ---- descriptors --------------------------------------------------------- */

/* The endpoints of the interface's setting @alt, from the descriptors. */
static bool find_endpoints(void)
{
	libusb_device_handle *h;
	struct libusb_config_descriptor *c;
	bool isoch = is_isoch(), want_int = cfg.kind == INTERRUPT;
	int i;

	h = libusb_open_device_with_vid_pid(lu_ctx, cfg.vid, cfg.pid);
	if (!h || libusb_get_active_config_descriptor(libusb_get_device(h), &c))
		return false;
	for (i = 0; i < c->bNumInterfaces; i++) {
		const struct libusb_interface *in = &c->interface[i];

		for (int a = 0; a < in->num_altsetting; a++) {
			const struct libusb_interface_descriptor *d =
				&in->altsetting[a];

			if (d->bInterfaceNumber != cfg.intf ||
			    d->bAlternateSetting != cfg.alt)
				continue;
			for (int e = 0; e < d->bNumEndpoints; e++) {
				const struct libusb_endpoint_descriptor *ep =
					&d->endpoint[e];
				int type = ep->bmAttributes & 3;
				int mps = ep->wMaxPacketSize;

				if (type != (isoch ? LIBUSB_TRANSFER_TYPE_ISOCHRONOUS :
					     want_int ? LIBUSB_TRANSFER_TYPE_INTERRUPT :
					     LIBUSB_TRANSFER_TYPE_BULK))
					continue;
				if (ep->bEndpointAddress & 0x80) {
					if (!cfg.ep_in)
						cfg.ep_in = ep->bEndpointAddress;
				} else if (!cfg.ep_out) {
					cfg.ep_out = ep->bEndpointAddress;
				}
				if (isoch)
					cfg.packet_bytes = (mps & 0x7ff) *
							   (((mps >> 11) & 3) + 1);
			}
		}
	}
	cfg.per_ms = libusb_get_device_speed(libusb_get_device(h)) >=
		     LIBUSB_SPEED_HIGH ? 8 : 1;
	libusb_free_config_descriptor(c);
	libusb_close(h);
	return true;
}

/* ---- main ---------------------------------------------------------------- */

static void usage(void)
{
	fprintf(stderr, "usage: bench --case CASE --label TEXT --vid V --pid P --intf N [--alt N]\n"
		"             [--size BYTES] [--inflight N] [--packets N] [--seconds S]\n"
		"             [--rounds N] [--impls LIST] [--emu-pid PID] [--out FILE]\n");
	exit(2);
}

static void parse(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "case", 1, NULL, 'c' }, { "label", 1, NULL, 'L' },
		{ "vid", 1, NULL, 'v' }, { "pid", 1, NULL, 'p' },
		{ "intf", 1, NULL, 'i' }, { "alt", 1, NULL, 'a' },
		{ "size", 1, NULL, 's' }, { "inflight", 1, NULL, 'n' },
		{ "packets", 1, NULL, 'k' }, { "seconds", 1, NULL, 't' },
		{ "rounds", 1, NULL, 'r' }, { "impls", 1, NULL, 'I' },
		{ "emu-pid", 1, NULL, 'e' }, { "out", 1, NULL, 'o' },
		{ "timing-out", 1, NULL, 'T' },
		{ NULL, 0, NULL, 0 },
	};
	bool have_case = false;
	int c, k;

	cfg.impls[WINUSB] = cfg.impls[LIBUSB] = cfg.impls[LIBUSB_MMAP] = true;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			for (k = 0; k <= INTERRUPT; k++)
				if (!strcmp(optarg, kind_names[k]))
					break;
			if (k > INTERRUPT)
				usage();
			cfg.kind = k;
			have_case = true;
			break;
		case 'L': cfg.label = optarg; break;
		case 'v': cfg.vid = strtoul(optarg, NULL, 16); break;
		case 'p': cfg.pid = strtoul(optarg, NULL, 16); break;
		case 'i': cfg.intf = strtoul(optarg, NULL, 0); break;
		case 'a': cfg.alt = strtoul(optarg, NULL, 0); break;
		case 's': cfg.size = strtoul(optarg, NULL, 0); break;
		case 'n': cfg.inflight = strtoul(optarg, NULL, 0); break;
		case 'k': cfg.packets = strtoul(optarg, NULL, 0); break;
		case 't': cfg.seconds = strtod(optarg, NULL); break;
		case 'r': cfg.rounds = strtoul(optarg, NULL, 0); break;
		case 'I':
			for (k = 0; k < NIMPLS; k++) {
				const char *p = strstr(optarg, impl_names[k]);
				size_t l = strlen(impl_names[k]);

				cfg.impls[k] = false;
				while (p) {
					if ((p == optarg || p[-1] == ',') &&
					    (!p[l] || p[l] == ','))
						cfg.impls[k] = true;
					p = strstr(p + 1, impl_names[k]);
				}
			}
			break;
		case 'e': cfg.emu_pid = strtol(optarg, NULL, 0); break;
		case 'o': cfg.out = optarg; break;
		case 'T': cfg.timing_out = optarg; break;
		default: usage();
		}
	}
	if (!have_case || !cfg.label || !cfg.vid || !cfg.inflight ||
	    cfg.inflight > MAX_INFLIGHT || !cfg.rounds ||
	    cfg.rounds > MAX_ROUNDS || cfg.seconds <= 0)
		usage();
}

int main(int argc, char **argv)
{
	static struct result res[NIMPLS][MAX_ROUNDS];
	struct result cnt[NIMPLS];
	unsigned int r, k;
	struct tfs t;
	FILE *out;

	setvbuf(stdout, NULL, _IOLBF, 0);
	parse(argc, argv);
	if (libusb_init(&lu_ctx) || !find_endpoints() ||
	    (!cfg.ep_in && !cfg.ep_out)) {
		fprintf(stderr, "bench: no %s endpoint on %04x:%04x:%u.%u\n",
			kind_names[cfg.kind], cfg.vid, cfg.pid, cfg.intf, cfg.alt);
		return 1;
	}
	if (tfs_open(&t, "winusb_bench")) {
		fprintf(stderr, "bench: no tracefs\n");
		return 1;
	}

	/* Rounds: implementations alternate, the first one rotating. */
	for (r = 0; r < cfg.rounds; r++) {
		for (unsigned int j = 0; j < NIMPLS; j++) {
			k = (j + r) % NIMPLS;
			if (!cfg.impls[k])
				continue;
			fprintf(stderr, "\r  %-9s %-10s %8u B  round %u/%u  %-12s",
				cfg.label, kind_names[cfg.kind],
				is_isoch() ? cfg.packets * cfg.packet_bytes :
					     cfg.size,
				r + 1, cfg.rounds, impl_names[k]);
			if (!measure(k, cfg.seconds, false, NULL, &res[k][r])) {
				if (k == LIBUSB_MMAP && r == 0) {
					cfg.impls[k] = false;	/* no usbfs mmap */
					continue;
				}
				fprintf(stderr, "\nbench: %s failed\n",
					impl_names[k]);
				return 1;
			}
		}
	}
	/* The counting pass: a quarter of a round. */
	tfs_write(&t, "buffer_size_kb", "8192");
	for (k = 0; k < NIMPLS; k++) {
		if (!cfg.impls[k])
			continue;
		if (!measure(k, cfg.seconds / 4 > 0.3 ? cfg.seconds / 4 : 0.3,
			     true, &t, &cnt[k]))
			return 1;
		if (k == WINUSB && cfg.timing_out &&
		    cfg.kind != CONTROL && cfg.kind != INTERRUPT) {
			struct timing tm;
			FILE *f = fopen(cfg.timing_out, "a");

			trace_timing(&t, cfg.kind == ISOCH_OUT ||
					 cfg.kind == BULK_OUT ? cfg.ep_out :
								cfg.ep_in, &tm);
			if (f) {
				fprintf(f, "%s\t%s\t%u\t%.3f\t%.2f\t%.0f\t%.0f\t%.0f\n",
					cfg.label, kind_names[cfg.kind],
					is_isoch() ? cfg.packets * cfg.packet_bytes :
						     cfg.size,
					tm.idle, tm.urbs, tm.submit_us,
					tm.finish_reap_us, tm.reap_submit_us);
				fclose(f);
			}
		}
	}
	fprintf(stderr, "\r%70s\r", "");
	tfs_close(&t);

	out = cfg.out ? fopen(cfg.out, "a") : stdout;
	if (!out)
		return 1;
	for (k = 0; k < NIMPLS; k++) {
		double mbs[MAX_ROUNDS], lat[MAX_ROUNDS], ccpu[MAX_ROUNDS],
		       cpkt[MAX_ROUNDS], gcpu[MAX_ROUNDS], ecpu[MAX_ROUNDS],
		       lost[MAX_ROUNDS], late[MAX_ROUNDS], mn = 1e18, mx = 0;
		double units;

		if (!cfg.impls[k])
			continue;
		for (r = 0; r < cfg.rounds; r++) {
			struct result *x = &res[k][r];
			double mb = x->bytes / 1e6;

			units = is_isoch() ? x->packets : x->transfers;
			mbs[r] = x->secs ? mb / x->secs : 0;
			lat[r] = x->lat_us;
			ccpu[r] = mb ? x->client_cpu * 1e3 / mb : 0;
			cpkt[r] = units ? x->client_cpu * 1e6 / units : 0;
			gcpu[r] = mb ? x->guest_cpu * 1e3 / mb : 0;
			ecpu[r] = mb ? x->emu_cpu * 1e3 / mb : 0;
			lost[r] = x->lost;
			late[r] = x->late + x->errors;
			if (mbs[r] < mn)
				mn = mbs[r];
			if (mbs[r] > mx)
				mx = mbs[r];
		}
		units = is_isoch() ? cnt[k].packets : cnt[k].transfers;
		if (cfg.kind == CONTROL || cfg.kind == INTERRUPT) {
			mn = 1e18;
			mx = 0;
			for (r = 0; r < cfg.rounds; r++) {
				mn = lat[r] < mn ? lat[r] : mn;
				mx = lat[r] > mx ? lat[r] : mx;
			}
		}
		/*
		 * label case size impl rounds MB/s min max lat_us lost late
		 * client_us/unit client_ms/MB guest_ms/MB emu_ms/MB
		 * syscalls/transfer driver_allocs/transfer hcd_allocs/transfer
		 */
		fprintf(out, "%s\t%s\t%u\t%s\t%u\t%.2f\t%.2f\t%.2f\t%.1f\t%.0f\t%.0f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\n",
			cfg.label, kind_names[cfg.kind],
			is_isoch() ? cfg.packets * cfg.packet_bytes : cfg.size,
			impl_names[k], cfg.rounds, median(mbs, cfg.rounds),
			mn, mx, median(lat, cfg.rounds),
			median(lost, cfg.rounds), median(late, cfg.rounds),
			median(cpkt, cfg.rounds), median(ccpu, cfg.rounds),
			median(gcpu, cfg.rounds), median(ecpu, cfg.rounds),
			cnt[k].transfers ? (double)cnt[k].syscalls / cnt[k].transfers : 0,
			cnt[k].transfers ? (double)cnt[k].allocs.driver / cnt[k].transfers : 0,
			cnt[k].transfers ? (double)cnt[k].allocs.hcd / cnt[k].transfers : 0);
		(void)units;
	}
	if (out != stdout)
		fclose(out);
	libusb_exit(lu_ctx);
	return 0;
}
