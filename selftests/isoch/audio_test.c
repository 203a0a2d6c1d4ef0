// SPDX-License-Identifier: GPL-2.0
/*
 * audio_test - isochronous OUT through a host controller that does DMA:
 * QEMU's usb-audio (46f4:0002, full speed, interface 1 alt 1, EP 0x01 OUT,
 * 192-byte packets of 48 kHz stereo S16) on qemu-xhci, bound to winusb.
 * vhci_hcd does no DMA and hides every DMA mapping bug; this is the bed
 * that catches them.
 *
 * Every packet's 96 samples carry one value, the packet's sequence number
 * plus a base per phase; QEMU's wav audiodev writes what the device plays
 * to $ISOCH_WAV (a host file this guest sees through the shared checkout),
 * and the last test checks that the values there step by exactly 1: nothing
 * lost, reordered or replayed.  Phases: the bounce path (multi-page buffer,
 * isoch_zero_copy=N), the DMA path (a buffer inside one page maps
 * contiguously even without an IOMMU), a multi-page buffer through the
 * IOMMU when there is one (and one starting at an odd address, which must
 * bounce: URBs start aligned), and explicit start frames on the controller's
 * real frame counter.  Also checks the extended frame counter across the
 * xHCI's 2048-frame wrap.
 *
 *   WINUSB_NODE=/dev/winusb/<usb-audio>:1.1 \
 *   WINUSB_AC_NODE=/dev/winusb/<usb-audio>:1.0 ISOCH_WAV=build/x.wav audio_test
 *
 * The device plays at its volume, 240 of 255 by default; the AudioControl
 * interface's node sets it to 255 (unity gain) so samples pass unchanged.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "isoch_util.h"

#define AUDIO_EP	0x01
#define AUDIO_PKT	192		/* 1 ms of 48 kHz stereo S16 */
#define AUDIO_SAMPLES	(AUDIO_PKT / 2)
/*
 * Transfers of 10 ms in flight in a stream: 320 ms of slack for a TCG
 * guest on a loaded host (with 16, ContinueStream found the stream
 * drained while other guests kept both cores busy).
 */
#define AUDIO_NX	32

/* What each phase sent: values base .. base + count - 1. */
struct phase {
	const char *name;
	int base;
	int count;
};

/* Shared with the harness' forked tests, so the last one sees them all. */
static struct {
	struct phase p[8];
	int n;
} *played;
#define phases	(played->p)
#define nphases	(played->n)

static void __attribute__((constructor)) played_init(void)
{
	played = mmap(NULL, sizeof(*played), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (played == MAP_FAILED)
		abort();
}

static int set_zero_copy(bool on)
{
	int fd = open("/sys/module/winusb/parameters/isoch_zero_copy", O_WRONLY);
	int ret;

	if (fd < 0)
		return -errno;
	ret = write(fd, on ? "Y" : "N", 1) == 1 ? 0 : -errno;
	close(fd);
	return ret;
}

static void fill(uint8_t *p, int value)
{
	int16_t *s = (int16_t *)p;

	for (int i = 0; i < AUDIO_SAMPLES; i++)
		s[i] = (int16_t)value;
}

/*
 * Stream @ms packets of OUT from a buffer of @nx transfers of @xf frames at
 * @buf (already registered as @handle), values from @base on.  With
 * @explicit, the first transfer starts 100 frames ahead and the rest chain
 * through *FrameNumber; otherwise ASAP, with ContinueStream if @cont.
 * Returns the number of packets that did not go out whole (-1 on a call
 * failure, with @why set), except that *@late gets the packets at the very
 * start that were not sent because a loaded guest started the stream after
 * its first frame (-ETIME): the device never played those values.
 */
static int stream(int fd, uint32_t handle, uint8_t *buf, int nx, int xf,
		  int ms, int base, bool explicit, bool cont, char *why,
		  int *late)
{
	int total = ms / xf, submitted = 0, done = 0, bad = 0, value = base;
	struct winusb_isoch_packet *pk = calloc((size_t)nx * xf, sizeof(*pk));
	struct winusb_completion recs[16];
	uint32_t frame = 0, expect = 0;

	if (!pk) {
		strcpy(why, "calloc");
		return -1;
	}
	while (done < total) {
		while (submitted < total && submitted - done < nx) {
			int slot = submitted % nx;
			uint8_t *p = buf + (size_t)slot * xf * AUDIO_PKT;
			struct winusb_isoch_submit s;
			uint32_t flags = WINUSB_ISOCH_ASAP;
			int ret;

			for (int i = 0; i < xf; i++)
				fill(p + i * AUDIO_PKT, value++);
			if (explicit) {
				if (!submitted)
					frame = isoch_frame_now(fd) + 100;
				flags = 0;
			} else if (submitted && cont) {
				flags |= WINUSB_ISOCH_CONTINUE;
			}
			ret = isoch_submit(fd, handle, flags, slot * xf * AUDIO_PKT,
					 xf * AUDIO_PKT, explicit ? frame : 0,
					 pk + slot * xf, xf, slot, &s);
			if (ret) {
				sprintf(why, "submit %d failed: %s", submitted,
					strerror(-ret));
				free(pk);
				return -1;
			}
			if (explicit && s.out_start_frame != frame) {
				strcpy(why, "explicit start frame not kept");
				free(pk);
				return -1;
			}
			if (!submitted)
				expect = s.out_start_frame;
			frame = s.out_next_frame;
			submitted++;
		}
		int n = isoch_reap(fd, recs, 16, 5000);

		if (n <= 0) {
			strcpy(why, "reap failed");
			free(pk);
			return -1;
		}
		for (int k = 0; k < n; k++) {
			int slot = (int)recs[k].cookie;

			if (recs[k].status ||
			    (cont && recs[k].start_frame != expect)) {
				sprintf(why, "transfer %d: status %d, frame %u, expected %u",
					done, recs[k].status,
					recs[k].start_frame, expect);
				free(pk);
				return -1;
			}
			expect = recs[k].start_frame + xf;
			for (int i = 0; i < xf; i++) {
				struct winusb_isoch_packet *q = &pk[slot * xf + i];

				if (q->status == -ETIME && *late == done * xf + i)
					(*late)++;
				else if (q->status || q->length != AUDIO_PKT)
					bad++;
			}
			done++;
		}
	}
	free(pk);
	return bad;
}

FIXTURE(audio)
{
	int fd;
	struct winusb_info info;
};

/*
 * UAC1 SET_CUR of the feature unit's (2) volume, both channels, to
 * +8 dB, which QEMU clamps to its maximum, unity gain.
 */
static int unity_gain(void)
{
	uint8_t vol[2] = { 0x00, 0x08 };
	int fd = wu_open_env("WINUSB_AC_NODE"), ret = -ENOENT;

	if (fd < 0)
		return -errno;
	for (int ch = 1; ch <= 2; ch++) {
		ret = wu_control(fd, 0x21, 0x01, 0x0200 | ch, 0x0200, vol, 2,
				 NULL);
		if (ret)
			break;
	}
	close(fd);
	return ret;
}

FIXTURE_SETUP(audio)
{
	self->fd = wu_open_env("WINUSB_NODE");
	if (self->fd < 0)
		SKIP(return, "no $WINUSB_NODE");
	ASSERT_EQ(0, unity_gain());
	ASSERT_EQ(0, wu_get_info(self->fd, &self->info));
	ASSERT_EQ(0x46f4, self->info.out_vendor_id);
	ASSERT_EQ(0, isoch_set_alt(self->fd, 1));
}

FIXTURE_TEARDOWN(audio)
{
	if (self->fd >= 0)
		close(self->fd);
	set_zero_copy(true);
	EXPECT_EQ(0, isoch_winusb_pins());
}

/* xHCI counts 2048 frames; the extended count runs on with the clock. */
TEST_F(audio, frame_counter)
{
	struct winusb_frame f0, f, prev;

	ASSERT_EQ(0, isoch_get_frame(self->fd, &f0));
	EXPECT_FALSE(f0.out_flags & WINUSB_FRAME_SYNTHETIC);
	EXPECT_EQ(0, f0.out_microframe);	/* full speed */
	prev = f0;
	for (int i = 0; i < 50; i++) {
		usleep(50000);
		ASSERT_EQ(0, isoch_get_frame(self->fd, &f));
		EXPECT_GE((int32_t)(f.out_frame - prev.out_frame), 0);
		prev = f;
	}
	/* 2.5 s: past at least one wrap of the controller's counter. */
	int64_t df = (int32_t)(f.out_frame - f0.out_frame);
	int64_t dt = (f.out_time_ns - f0.out_time_ns) / 1000000;

	EXPECT_GE(df, dt - 3) TH_LOG("%lld frames in %lld ms", (long long)df,
				     (long long)dt);
	EXPECT_LE(df, dt + 3) TH_LOG("%lld frames in %lld ms", (long long)df,
				     (long long)dt);
}

/* Run one phase: register, check the path, stream, unregister. */
static void phase(struct __test_metadata *_metadata, int fd,
		  const char *name, size_t len, size_t align, bool zero_copy,
		  uint32_t want_path, int nx, int xf, int ms, int base,
		  bool explicit, bool cont, int mflags)
{
	struct winusb_isoch_register r;
	char why[128] = "";
	uint8_t *mem, *buf;
	int bad, late = 0;

	ASSERT_EQ(0, set_zero_copy(zero_copy));
	mem = mmap(NULL, len + align, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | mflags, -1, 0);
	if (mem == MAP_FAILED && mflags)
		SKIP(return, "%s: no huge page (/proc/sys/vm/nr_hugepages)", name);
	ASSERT_NE(MAP_FAILED, mem);
	buf = mem + align;
	ASSERT_LE((size_t)nx * xf * AUDIO_PKT, len);
	ASSERT_EQ(0, isoch_register(fd, AUDIO_EP, buf, len, &r));
	EXPECT_EQ(AUDIO_PKT, r.out_packet_bytes);
	EXPECT_EQ(AUDIO_PKT, r.out_frame_bytes);
	EXPECT_EQ(want_path, r.out_path) TH_LOG("%s: path %u", name, r.out_path);
	EXPECT_GT(isoch_winusb_pins(), 0);
	bad = stream(fd, r.out_handle, buf, nx, xf, ms, base, explicit, cont,
		     why, &late);
	EXPECT_EQ(0, bad) TH_LOG("%s: %s", name, bad < 0 ? why : "packets not sent whole");
	/* A late start (load) may cost the first frame or two, no more. */
	EXPECT_LE(late, 3) TH_LOG("%s: %d packets late", name, late);
	if (late)
		TH_LOG("%s: started %d frames late", name, late);
	phases[nphases].name = name;
	phases[nphases].base = base + late;
	phases[nphases].count = ms / xf * xf - late;
	nphases++;
	EXPECT_EQ(0, isoch_unregister(fd, r.out_handle));
	munmap(mem, len + align);
	usleep(300000);		/* silence between the phases */
}

/* Copied into DMA-coherent bounce memory (a multi-page buffer). */
TEST_F(audio, bounce_path)
{
	EXPECT_NE(WINUSB_DMA_NONE, self->info.out_dma_mode);
	phase(_metadata, self->fd, "bounce", AUDIO_NX * 10 * AUDIO_PKT, 100,
	      false, WINUSB_ISOCH_PATH_BOUNCE, AUDIO_NX, 10, 3000, 1000, false,
	      true, 0);
}

/*
 * Mapped for DMA: a buffer inside one page is always contiguous.  A page
 * holds 21 ms, too little to keep a stream going in a loaded guest, so
 * without ContinueStream: the values must still step by one.
 */
TEST_F(audio, dma_path_one_page)
{
	phase(_metadata, self->fd, "dma (one page)", 4 * 5 * AUDIO_PKT, 0,
	      true, WINUSB_ISOCH_PATH_DMA, 4, 5, 1000, 5000, false, false, 0);
}

/* Mapped for DMA: a huge page is physically contiguous. */
/* Booted with swiotlb=force: every mapping goes through its slots. */
static bool swiotlb_forced(void)
{
	char line[1024] = "";
	FILE *f = fopen("/proc/cmdline", "r");

	if (f) {
		if (!fgets(line, sizeof(line), f))
			line[0] = '\0';
		fclose(f);
	}
	return strstr(line, "swiotlb=force") != NULL;
}

/*
 * A huge page is one DMA range, unless swiotlb bounces it: its slots hold
 * at most 256 KiB in one piece, so the buffer gets the bounce path.
 */
TEST_F(audio, dma_path_huge_page)
{
	phase(_metadata, self->fd, "dma (huge page)", 2 << 20, 0, true,
	      swiotlb_forced() ? WINUSB_ISOCH_PATH_BOUNCE :
				 WINUSB_ISOCH_PATH_DMA,
	      AUDIO_NX, 10, 2000, 7000, false, true, MAP_HUGETLB);
}

/* Through an IOMMU, any buffer maps contiguously. */
TEST_F(audio, dma_path_iommu)
{
	if (self->info.out_dma_mode != WINUSB_DMA_IOMMU)
		SKIP(return, "no IOMMU in front of the host controller");
	struct winusb_isoch_register r;
	uint8_t *mem;

	/* Not page aligned, several pages: the IOMMU makes it one range. */
	phase(_metadata, self->fd, "dma (iommu)",
	      AUDIO_NX * 10 * AUDIO_PKT + 4000, 4000, true,
	      WINUSB_ISOCH_PATH_DMA, AUDIO_NX, 10, 2000, 10000, false, true, 0);
	/*
	 * An odd start would make odd URB starts, which some controllers
	 * (dwc2) cannot take with a DMA address of their own: it bounces.
	 */
	mem = mmap(NULL, 8 * 4096, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, mem);
	ASSERT_EQ(0, isoch_register(self->fd, AUDIO_EP, mem + 4001, 4 * 4096,
				  &r));
	EXPECT_EQ(WINUSB_ISOCH_PATH_BOUNCE, r.out_path);
	EXPECT_EQ(0, isoch_unregister(self->fd, r.out_handle));
	munmap(mem, 8 * 4096);
}

/* Explicit start frames on the controller's own counter. */
TEST_F(audio, explicit_frames)
{
	phase(_metadata, self->fd, "explicit frames",
	      AUDIO_NX * 10 * AUDIO_PKT, 0, false, WINUSB_ISOCH_PATH_BOUNCE,
	      AUDIO_NX, 10, 1000, 13000, true, true, 0);
}

static int16_t le16s(const uint8_t *p)
{
	return (int16_t)(p[0] | p[1] << 8);
}

/* What QEMU played, checked against what the phases sent. */
TEST_F(audio, wav_steps_by_one)
{
	const char *path = getenv("ISOCH_WAV");
	int ph = -1, expect = 0, values = 0, runs = 0, tail = 0;
	size_t len = 0, cap = 1 << 22, off = 12, data = 0, dlen = 0;
	uint8_t *wav = malloc(cap);
	int16_t last = 0;
	ssize_t n;
	int fd;

	if (!path)
		SKIP(return, "no $ISOCH_WAV");
	if (!nphases)
		SKIP(return, "no phase streamed");
	ASSERT_NE(NULL, wav);
	sleep(1);	/* let QEMU write out what it played */
	fd = open(path, O_RDONLY);
	ASSERT_GE(fd, 0) TH_LOG("%s: %s", path, strerror(errno));
	while ((n = read(fd, wav + len, cap - len)) > 0) {
		len += n;
		if (len == cap) {
			cap *= 2;
			wav = realloc(wav, cap);
			ASSERT_NE(NULL, wav);
		}
	}
	close(fd);
	ASSERT_GE(len, 44);
	ASSERT_EQ(0, memcmp(wav, "RIFF", 4));
	ASSERT_EQ(0, memcmp(wav + 8, "WAVE", 4));
	while (off + 8 <= len) {	/* find the data chunk */
		uint32_t sz = wav[off + 4] | wav[off + 5] << 8 |
			      wav[off + 6] << 16 | (uint32_t)wav[off + 7] << 24;

		if (!memcmp(wav + off, "fmt ", 4)) {
			EXPECT_EQ(1, wav[off + 8]);		/* PCM */
			EXPECT_EQ(2, wav[off + 10]);		/* stereo */
			EXPECT_EQ(48000, wav[off + 12] | wav[off + 13] << 8 |
					 wav[off + 14] << 16);
			EXPECT_EQ(16, wav[off + 22]);		/* bits */
		}
		if (!memcmp(wav + off, "data", 4)) {
			data = off + 8;
			break;
		}
		off += 8 + sz;
	}
	ASSERT_NE(0, data);
	/* Until QEMU closes the file, the header's length is not final. */
	dlen = (len - data) & ~(size_t)3;

	/*
	 * Collapse the frames into runs of one value: outside the phases
	 * only silence (0), inside each phase base, base + 1, ... in order.
	 */
	for (size_t i = data; i + 4 <= data + dlen; i += 4) {
		int16_t l = le16s(wav + i), r = le16s(wav + i + 2);

		values++;
		if (l != r) {
			ASSERT_EQ(l, r) TH_LOG("frame %zu: left %d right %d",
					       (i - data) / 4, l, r);
		}
		if (l == last)
			continue;
		last = l;
		runs++;
		if (!l)
			continue;
		if (ph >= 0 && l == expect) {
			expect++;
			continue;
		}
		/* The first value of the next phase, or a step that is wrong. */
		if (ph >= 0) {
			ASSERT_EQ(phases[ph].base + phases[ph].count, expect)
				TH_LOG("%s: value %d after %d (%d of %d played)",
				       phases[ph].name, l, expect - 1,
				       expect - phases[ph].base,
				       phases[ph].count);
		}
		ph++;
		ASSERT_LT(ph, nphases) TH_LOG("value %d after the last phase", l);
		ASSERT_EQ(phases[ph].base, l)
			TH_LOG("%s starts with %d", phases[ph].name, l);
		expect = l + 1;
	}
	ASSERT_EQ(nphases - 1, ph) TH_LOG("only %d phases played", ph + 1);
	/* The last phase may lose its unflushed tail, not more. */
	tail = phases[ph].base + phases[ph].count - expect;
	EXPECT_LE(tail, 300) TH_LOG("%s: %d values not played", phases[ph].name,
				    tail);
	TH_LOG("%d frames, %d runs, %d phases of %d..%d values, tail %d ms missing",
	       values, runs, nphases, phases[0].count, phases[nphases - 1].count,
	       tail);
	free(wav);
}

TEST_HARNESS_MAIN
