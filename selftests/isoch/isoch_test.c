// SPDX-License-Identifier: GPL-2.0
/*
 * isoch_test - isochronous transfers of winusb.ko on the raw ABI, against
 * winusb-testdev's interface 1 (isoch IN 0x84 source, isoch OUT 0x05 sink),
 * paced at real bus timing.  $WINUSB_NODE names the interface's node;
 * run.sh attaches the device and binds the interface.
 *
 * Registration (every error, any alignment, pinned-page accounting, the
 * memlock limit), submission (every error, the pools' limits), frame
 * numbers, explicit and ASAP starts, late packets, cancel, abort,
 * unregister with transfers pending, alternate settings, close and kill
 * with transfers in flight, and a short IN + OUT stream.
 *
 * A test that depends on the guest keeping bus time (a start frame met, a
 * stream not drained) gets up to $ISOCH_TRIES runs (default 3) when the
 * guest was measurably too slow (a loaded host can stop it for longer than
 * any lead); wrong data or records fail at once.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/usbdevice_fs.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "isoch_stream.h"

#define PAGE 4096

FIXTURE(isoch)
{
	int fd;
	struct winusb_info info;
	uint32_t pb;		/* packet bytes */
	uint32_t fb;		/* frame bytes */
	uint32_t ppf;		/* packets per frame */
	long long pins0;	/* pinned pages system-wide at setup */
	long vmpin0;
};

/* Runs allowed to a test that needs the guest to keep bus time. */
static int isoch_tries(void)
{
	const char *v = getenv("ISOCH_TRIES");
	int n = v && *v ? atoi(v) : 3;

	return n > 0 ? n : 1;
}

/* Restart the device's source and sink: alt 0, alt 1, counters, pacing. */
static int isoch_restart(int fd, bool paced)
{
	int ret = isoch_set_alt(fd, 0);

	if (!ret)
		ret = isoch_set_alt(fd, 1);
	if (!ret)
		ret = td_out(fd, TD_REQ_RESET_COUNTERS, 0, 0);
	if (!ret)
		ret = td_out(fd, TD_REQ_SET_PACED, paced, 0);
	if (!ret)
		ret = td_out(fd, TD_REQ_SET_DELAY, 0, 0);
	return ret;
}

FIXTURE_SETUP(isoch)
{
	struct winusb_isoch_register r;
	void *page;

	self->fd = wu_open_env("WINUSB_NODE");
	if (self->fd < 0)
		SKIP(return, "no $WINUSB_NODE");
	ASSERT_EQ(0, wu_get_info(self->fd, &self->info));
	ASSERT_EQ(0, isoch_restart(self->fd, true));
	page = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, page);
	ASSERT_EQ(0, isoch_register(self->fd, TD_EP_ISOCH_IN, page, PAGE, &r));
	ASSERT_EQ(0, isoch_unregister(self->fd, r.out_handle));
	munmap(page, PAGE);
	self->pb = r.out_packet_bytes;
	self->fb = r.out_frame_bytes;
	self->ppf = self->fb / self->pb;
	self->pins0 = wu_foll_pins();
	self->vmpin0 = isoch_status_kb("VmPin");
}

FIXTURE_TEARDOWN(isoch)
{
	struct winusb_completion recs[32];

	if (self->fd < 0)
		return;
	wu_pipe_op(self->fd, WINUSB_IOCTL_ABORT_PIPE, TD_EP_ISOCH_IN);
	wu_pipe_op(self->fd, WINUSB_IOCTL_ABORT_PIPE, TD_EP_ISOCH_OUT);
	while (isoch_reap(self->fd, recs, 32, 0) > 0)
		;
	td_out(self->fd, TD_REQ_SET_DELAY, 0, 0);
	close(self->fd);
	/* Nothing of the test may stay pinned. */
	EXPECT_EQ(self->vmpin0, isoch_status_kb("VmPin"));
	EXPECT_EQ(0, isoch_winusb_pins());
	EXPECT_EQ(self->pins0, wu_foll_pins());
}

static void *isoch_alloc(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/* Wait for exactly @n records; 0 or the reap's errno. */
static int isoch_reap_n(int fd, struct winusb_completion *recs, int n,
		      uint32_t ms)
{
	int got = 0;

	while (got < n) {
		int ret = isoch_reap(fd, recs + got, n - got, ms);

		if (ret < 0)
			return ret;
		got += ret;
	}
	return 0;
}

TEST_F(isoch, capabilities)
{
	EXPECT_TRUE(self->info.out_capabilities & WINUSB_CAP_ISOCH);
	EXPECT_TRUE(self->info.out_capabilities & WINUSB_CAP_GET_FRAME);
	EXPECT_EQ(self->info.out_speed >= 3 ? 8 : 1, self->ppf);
}

TEST_F(isoch, frame_numbers)
{
	struct winusb_frame f1, f2, bad;
	uint64_t t0 = isoch_now_ns();

	ASSERT_EQ(0, isoch_get_frame(self->fd, &f1));
	EXPECT_GE(f1.out_time_ns, t0);
	EXPECT_LE(f1.out_time_ns, isoch_now_ns());
	if (self->info.out_speed >= 3) {
		EXPECT_LT(f1.out_microframe, 8);
	} else {
		EXPECT_EQ(0, f1.out_microframe);
	}
	/* vhci_hcd has no frame counter: the clock's milliseconds. */
	EXPECT_TRUE(f1.out_flags & WINUSB_FRAME_SYNTHETIC);
	usleep(50000);
	ASSERT_EQ(0, isoch_get_frame(self->fd, &f2));
	/* 1 ms frames: the count advances with the clock. */
	int64_t df = (int32_t)(f2.out_frame - f1.out_frame);
	int64_t dt = (f2.out_time_ns - f1.out_time_ns) / 1000000;

	EXPECT_GE(df, dt - 2);
	EXPECT_LE(df, dt + 2);

	memset(&bad, 0, sizeof(bad));
	bad.size = sizeof(bad);
	bad.flags = 1;
	EXPECT_EQ(-1, ioctl(self->fd, WINUSB_IOCTL_GET_FRAME, &bad));
	EXPECT_EQ(EINVAL, errno);
	bad.flags = 0;
	bad.size = 8;
	EXPECT_EQ(-1, ioctl(self->fd, WINUSB_IOCTL_GET_FRAME, &bad));
	EXPECT_EQ(EINVAL, errno);
}

/* Initialised, so in .data: a private mapping of the executable. */
static uint8_t static_buffer[3 * 4096] = { 1 };

TEST_F(isoch, register_errors)
{
	uint8_t *buf = isoch_alloc(4 * PAGE);
	struct winusb_isoch_register r;
	uint8_t big[sizeof(r) + 8];
	int mfd, ffd, rofd;
	void *m;

	ASSERT_NE(NULL, buf);
	/* Not an endpoint of the current setting; not isochronous. */
	EXPECT_EQ(-ENOENT, isoch_register(self->fd, 0x86, buf, PAGE, NULL));
	EXPECT_EQ(-EINVAL, isoch_register(self->fd, 0, buf, PAGE, NULL));
	/* 0x184 as version 1's __u32: the 1 lands in the reserved bytes. */
	memset(&r, 0, sizeof(r));
	r.size = sizeof(r);
	r.endpoint = 0x84;
	r.__reserved[0] = 0x01;
	r.buffer_uptr = (uintptr_t)buf;
	r.length = PAGE;
	EXPECT_EQ(-1, ioctl(self->fd, WINUSB_IOCTL_ISOCH_REGISTER, &r));
	EXPECT_EQ(EINVAL, errno);
	/* Length 0 or beyond 32 bits. */
	EXPECT_EQ(-EINVAL, isoch_register(self->fd, TD_EP_ISOCH_IN, buf, 0, NULL));
	EXPECT_EQ(-EINVAL, isoch_register(self->fd, TD_EP_ISOCH_IN, buf,
					1ull << 32, NULL));
	/* A range that wraps; memory that is not there. */
	EXPECT_EQ(-EOVERFLOW, isoch_register(self->fd, TD_EP_ISOCH_IN,
					   (void *)-4096L, 8192, NULL));
	m = mmap(NULL, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, m);
	EXPECT_EQ(-EFAULT, isoch_register(self->fd, TD_EP_ISOCH_IN, m, PAGE, NULL));
	munmap(m, PAGE);
	/* IN needs writable memory; OUT takes read-only memory. */
	m = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, m);
	EXPECT_EQ(-EFAULT, isoch_register(self->fd, TD_EP_ISOCH_IN, m, PAGE, NULL));
	ASSERT_EQ(0, isoch_register(self->fd, TD_EP_ISOCH_OUT, m, PAGE, &r));
	EXPECT_EQ(0, isoch_unregister(self->fd, r.out_handle));
	munmap(m, PAGE);
	/*
	 * A shared mapping of a regular file is refused; a private one (where
	 * a program's static arrays live) is fine; so is shmem (memfd).
	 */
	ffd = open("build/isoch-file-map", O_RDWR | O_CREAT | O_TRUNC, 0600);
	ASSERT_GE(ffd, 0);
	ASSERT_EQ(0, ftruncate(ffd, PAGE));
	/*
	 * (Read-only, through a read-only descriptor: the checkout is on 9p,
	 * which maps files shared only that way.)
	 */
	rofd = open("build/isoch-file-map", O_RDONLY);
	ASSERT_GE(rofd, 0);
	m = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, rofd, 0);
	ASSERT_NE(MAP_FAILED, m);
	close(rofd);
	EXPECT_EQ(-EOPNOTSUPP, isoch_register(self->fd, TD_EP_ISOCH_OUT, m, PAGE,
					    NULL));
	munmap(m, PAGE);
	m = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, ffd, 0);
	ASSERT_NE(MAP_FAILED, m);
	EXPECT_EQ(-EOPNOTSUPP, isoch_register(self->fd, TD_EP_ISOCH_OUT, m, PAGE,
					    NULL));
	munmap(m, PAGE);
	m = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, ffd, 0);
	ASSERT_NE(MAP_FAILED, m);
	ASSERT_EQ(0, isoch_register(self->fd, TD_EP_ISOCH_IN, m, PAGE, &r));
	EXPECT_EQ(0, isoch_unregister(self->fd, r.out_handle));
	munmap(m, PAGE);
	close(ffd);
	ASSERT_EQ(0, isoch_register(self->fd, TD_EP_ISOCH_IN, static_buffer,
				  sizeof(static_buffer), &r));
	EXPECT_EQ(0, isoch_unregister(self->fd, r.out_handle));
	ASSERT_EQ(0, isoch_register(self->fd, TD_EP_ISOCH_OUT, static_buffer,
				  sizeof(static_buffer), &r));
	EXPECT_EQ(0, isoch_unregister(self->fd, r.out_handle));
	unlink("build/isoch-file-map");
	mfd = memfd_create("isoch", 0);
	ASSERT_GE(mfd, 0);
	ASSERT_EQ(0, ftruncate(mfd, PAGE));
	m = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, mfd, 0);
	ASSERT_NE(MAP_FAILED, m);
	ASSERT_EQ(0, isoch_register(self->fd, TD_EP_ISOCH_IN, m, PAGE, &r));
	EXPECT_EQ(0, isoch_unregister(self->fd, r.out_handle));
	munmap(m, PAGE);
	close(mfd);

	/* Argument format: flags, reserved, size. */
	memset(&r, 0, sizeof(r));
	r.size = sizeof(r);
	r.endpoint = TD_EP_ISOCH_IN;
	r.buffer_uptr = (uintptr_t)buf;
	r.length = PAGE;
	r.flags = 1;
	EXPECT_EQ(-1, ioctl(self->fd, WINUSB_IOCTL_ISOCH_REGISTER, &r));
	EXPECT_EQ(EINVAL, errno);
	r.flags = 0;
	r.__reserved[6] = 1;
	EXPECT_EQ(-1, ioctl(self->fd, WINUSB_IOCTL_ISOCH_REGISTER, &r));
	EXPECT_EQ(EINVAL, errno);
	r.__reserved[6] = 0;
	r.size = 40;
	EXPECT_EQ(-1, ioctl(self->fd, WINUSB_IOCTL_ISOCH_REGISTER, &r));
	EXPECT_EQ(EINVAL, errno);
	r.size = sizeof(big);
	memset(big, 0, sizeof(big));
	memcpy(big, &r, sizeof(r));
	big[sizeof(r) + 3] = 1;
	EXPECT_EQ(-1, ioctl(self->fd, WINUSB_IOCTL_ISOCH_REGISTER, big));
	EXPECT_EQ(E2BIG, errno);
	big[sizeof(r) + 3] = 0;
	ASSERT_EQ(0, ioctl(self->fd, WINUSB_IOCTL_ISOCH_REGISTER, big));
	memcpy(&r, big, sizeof(r));
	EXPECT_NE(0, r.out_handle);
	EXPECT_NE(0xffffffff, r.out_handle);
	EXPECT_EQ(WINUSB_ISOCH_PATH_VMAP, r.out_path);
	EXPECT_EQ(0, isoch_unregister(self->fd, r.out_handle));

	/* Unregister: unknown, twice, bad arguments. */
	EXPECT_EQ(-ENOENT, isoch_unregister(self->fd, r.out_handle));
	EXPECT_EQ(-ENOENT, isoch_unregister(self->fd, 0));
	EXPECT_EQ(-ENOENT, isoch_unregister(self->fd, 0xffffffff));
	munmap(buf, 4 * PAGE);
}

/* Any address and length; pages charged exactly and given back. */
TEST_F(isoch, register_any_alignment)
{
	static const struct { size_t off, len; } cases[] = {
		{ 0, 1 }, { 1, 1 }, { 4095, 2 }, { 100, PAGE },
		{ 17, 3 * PAGE + 5 }, { 0, 8 * PAGE }, { 4000, 5 * PAGE },
	};
	uint8_t *buf = isoch_alloc(16 * PAGE);

	ASSERT_NE(NULL, buf);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct winusb_isoch_register r;
		size_t off = cases[i].off, len = cases[i].len;
		long pages = (off + len + PAGE - 1) / PAGE - off / PAGE;

		ASSERT_EQ(0, isoch_register(self->fd, TD_EP_ISOCH_IN, buf + off,
					  len, &r));
		EXPECT_EQ(self->vmpin0 + pages * 4, isoch_status_kb("VmPin"))
			TH_LOG("offset %zu length %zu", off, len);
		EXPECT_EQ(self->pins0 + pages, wu_foll_pins());
		EXPECT_EQ(self->pb, r.out_packet_bytes);
		EXPECT_GE(r.out_num_urbs, 1);
		EXPECT_EQ(0, isoch_unregister(self->fd, r.out_handle));
		EXPECT_EQ(self->vmpin0, isoch_status_kb("VmPin"));
		EXPECT_EQ(self->pins0, wu_foll_pins());
	}
	munmap(buf, 16 * PAGE);
}

/* RLIMIT_MEMLOCK applies without CAP_IPC_LOCK, and charges come back. */
TEST_F(isoch, memlock_limit)
{
	struct rlimit rl = { 1 << 20, 1 << 20 };
	uint8_t *small = isoch_alloc(64 << 10), *big = isoch_alloc(2 << 20);
	struct winusb_isoch_register r;
	pid_t pid;
	int st;

	ASSERT_NE(NULL, small);
	ASSERT_NE(NULL, big);
	/* CAP_IPC_LOCK (root) is exempt. */
	ASSERT_EQ(0, setrlimit(RLIMIT_MEMLOCK, &rl));
	ASSERT_EQ(0, isoch_register(self->fd, TD_EP_ISOCH_IN, big, 2 << 20, &r));
	EXPECT_EQ(0, isoch_unregister(self->fd, r.out_handle));

	pid = fork();
	ASSERT_GE(pid, 0);
	if (!pid) {
		int bad = 0;

		if (wu_drop_ipc_lock())
			_exit(10);
		if (isoch_register(self->fd, TD_EP_ISOCH_IN, big, 2 << 20, NULL) !=
		    -ENOMEM)
			_exit(11);
		/* Repeated within the limit: a leaked charge would fail. */
		for (int i = 0; i < 100 && !bad; i++) {
			if (isoch_register(self->fd, TD_EP_ISOCH_IN, small,
					 64 << 10, &r))
				bad = 12;
			else if (isoch_unregister(self->fd, r.out_handle))
				bad = 13;
		}
		_exit(bad);
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	EXPECT_TRUE(WIFEXITED(st));
	EXPECT_EQ(0, WEXITSTATUS(st));
	rl.rlim_cur = rl.rlim_max = RLIM_INFINITY;
	setrlimit(RLIMIT_MEMLOCK, &rl);
	munmap(small, 64 << 10);
	munmap(big, 2 << 20);
}

TEST_F(isoch, submit_errors)
{
	uint32_t len = 4 * self->fb, npk = len / self->pb;
	uint8_t *buf = isoch_alloc(len);
	struct winusb_isoch_packet *pk = calloc(npk, sizeof(*pk));
	struct winusb_isoch_register rin, rout;
	struct winusb_isoch_submit s;
	uint32_t now;
	int fd2;

	ASSERT_NE(NULL, buf);
	ASSERT_EQ(0, isoch_register(self->fd, TD_EP_ISOCH_IN, buf, len, &rin));
	ASSERT_EQ(0, isoch_register(self->fd, TD_EP_ISOCH_OUT, buf, len, &rout));
	EXPECT_NE(rin.out_handle, rout.out_handle);

	/* Handles: unknown, another file's. */
	EXPECT_EQ(-ENOENT, isoch_submit(self->fd, 0, WINUSB_ISOCH_ASAP, 0,
				      self->fb, 0, pk, self->ppf, 0, NULL));
	EXPECT_EQ(-ENOENT, isoch_submit(self->fd, 12345, WINUSB_ISOCH_ASAP, 0,
				      self->fb, 0, pk, self->ppf, 0, NULL));
	fd2 = open(getenv("WINUSB_NODE"), O_RDWR);
	ASSERT_GE(fd2, 0);
	EXPECT_EQ(-ENOENT, isoch_submit(fd2, rin.out_handle, WINUSB_ISOCH_ASAP,
				      0, self->fb, 0, pk, self->ppf, 0, NULL));
	EXPECT_EQ(-ENOENT, isoch_unregister(fd2, rin.out_handle));
	close(fd2);

	/* Length: 0, not a frame multiple, outside the buffer. */
	EXPECT_EQ(-EINVAL, isoch_submit(self->fd, rin.out_handle,
				      WINUSB_ISOCH_ASAP, 0, 0, 0, pk, 0, 0,
				      NULL));
	EXPECT_EQ(-EINVAL, isoch_submit(self->fd, rin.out_handle,
				      WINUSB_ISOCH_ASAP, 0, self->pb * (self->ppf + 1),
				      0, pk, self->ppf + 1, 0, NULL));
	EXPECT_EQ(-EINVAL, isoch_submit(self->fd, rin.out_handle,
				      WINUSB_ISOCH_ASAP, 1, len, 0, pk, npk,
				      0, NULL));
	EXPECT_EQ(-EINVAL, isoch_submit(self->fd, rin.out_handle,
				      WINUSB_ISOCH_ASAP, len, self->fb, 0, pk,
				      self->ppf, 0, NULL));
	EXPECT_EQ(-EINVAL, isoch_submit(self->fd, rin.out_handle,
				      WINUSB_ISOCH_ASAP, 0xffffff00u, self->fb,
				      0, pk, self->ppf, 0, NULL));
	/* Packet array: IN needs one of the right size, writable. */
	EXPECT_EQ(-EINVAL, isoch_submit(self->fd, rin.out_handle,
				      WINUSB_ISOCH_ASAP, 0, self->fb, 0, pk, 0,
				      0, NULL));
	EXPECT_EQ(-EINVAL, isoch_submit(self->fd, rin.out_handle,
				      WINUSB_ISOCH_ASAP, 0, self->fb, 0, pk,
				      self->ppf + 1, 0, NULL));
	EXPECT_EQ(-EFAULT, isoch_submit(self->fd, rin.out_handle,
				      WINUSB_ISOCH_ASAP, 0, self->fb, 0, NULL,
				      self->ppf, 0, NULL));
	EXPECT_EQ(-EINVAL, isoch_submit(self->fd, rout.out_handle,
				      WINUSB_ISOCH_ASAP, 0, self->fb, 0, pk,
				      self->ppf - 1 ?: 2, 0, NULL));
	/* Flags and frames. */
	EXPECT_EQ(-EINVAL, isoch_submit(self->fd, rin.out_handle, 4, 0, self->fb,
				      0, pk, self->ppf, 0, NULL));
	EXPECT_EQ(-EINVAL, isoch_submit(self->fd, rin.out_handle,
				      WINUSB_ISOCH_CONTINUE, 0, self->fb,
				      isoch_frame_now(self->fd) + 10, pk,
				      self->ppf, 0, NULL));
	EXPECT_EQ(-EINVAL, isoch_submit(self->fd, rin.out_handle,
				      WINUSB_ISOCH_ASAP, 0, self->fb, 5, pk,
				      self->ppf, 0, NULL));
	now = isoch_frame_now(self->fd);
	EXPECT_EQ(-ERANGE, isoch_submit(self->fd, rin.out_handle, 0, 0, self->fb,
				      now, pk, self->ppf, 0, NULL));
	EXPECT_EQ(-ERANGE, isoch_submit(self->fd, rin.out_handle, 0, 0, self->fb,
				      now - 100, pk, self->ppf, 0, NULL));
	EXPECT_EQ(-ERANGE, isoch_submit(self->fd, rin.out_handle, 0, 0, self->fb,
				      now + 1100, pk, self->ppf, 0, NULL));
	/* Nothing to continue. */
	EXPECT_EQ(-EXDEV, isoch_submit(self->fd, rin.out_handle,
				     WINUSB_ISOCH_ASAP | WINUSB_ISOCH_CONTINUE,
				     0, self->fb, 0, pk, self->ppf, 0, NULL));
	/* Overlapping the stream that runs. */
	ASSERT_EQ(0, isoch_submit(self->fd, rin.out_handle, WINUSB_ISOCH_ASAP, 0,
				len, 0, pk, npk, 1, &s));
	EXPECT_EQ(s.out_next_frame, s.out_start_frame + 4);
	EXPECT_EQ(-ERANGE, isoch_submit(self->fd, rin.out_handle, 0, 0, self->fb,
				      s.out_next_frame - 1, pk, self->ppf, 0,
				      NULL));

	/* A failed call changed nothing: the stream still continues. */
	{
		struct winusb_completion rec;
		struct winusb_isoch_submit s2;

		ASSERT_EQ(0, isoch_submit(self->fd, rout.out_handle,
					WINUSB_ISOCH_ASAP, 0, len, 0, NULL, 0,
					2, &s2));
		ASSERT_EQ(0, isoch_reap_n(self->fd, &rec, 1, 5000));
		ASSERT_EQ(0, isoch_reap_n(self->fd, &rec, 1, 5000));
	}
	EXPECT_EQ(0, isoch_unregister(self->fd, rin.out_handle));
	EXPECT_EQ(0, isoch_unregister(self->fd, rout.out_handle));
	/* A freed handle. */
	EXPECT_EQ(-ENOENT, isoch_submit(self->fd, rin.out_handle,
				      WINUSB_ISOCH_ASAP, 0, self->fb, 0, pk,
				      self->ppf, 0, NULL));
	free(pk);
	munmap(buf, len);
}

/* The URB pool serves what it promises; beyond it EBUSY, then recovery. */
TEST_F(isoch, pool_limits)
{
	uint32_t len = 8 * self->fb;
	uint8_t *buf = isoch_alloc(len);
	struct winusb_isoch_packet *pk = calloc(8 * self->ppf, sizeof(*pk));
	struct winusb_completion recs[64];
	struct winusb_isoch_register r;
	uint32_t i, ok = 0;
	int ret = 0;

	ASSERT_NE(NULL, buf);
	ASSERT_EQ(0, isoch_register(self->fd, TD_EP_ISOCH_IN, buf, len, &r));
	/* The device holds every URB 500 ms: nothing comes back meanwhile. */
	ASSERT_EQ(0, td_out(self->fd, TD_REQ_SET_DELAY, 500, 0));
	/* Eight non-overlapping 1-frame transfers always fit... */
	for (i = 0; i < 8; i++)
		ASSERT_EQ(0, isoch_submit(self->fd, r.out_handle,
					WINUSB_ISOCH_ASAP, i * self->fb,
					self->fb, 0, pk + i * self->ppf,
					self->ppf, i, NULL));
	ok = 8;
	/* ...and overlapping ones run out of URBs. */
	while (ok < r.out_num_urbs + 1) {
		ret = isoch_submit(self->fd, r.out_handle, WINUSB_ISOCH_ASAP, 0,
				 self->fb, 0, pk, self->ppf, ok, NULL);
		if (ret)
			break;
		ok++;
	}
	EXPECT_EQ(-EBUSY, ret);
	EXPECT_EQ(r.out_num_urbs, ok);
	ASSERT_EQ(0, isoch_reap_n(self->fd, recs, ok, 5000));
	ASSERT_EQ(0, td_out(self->fd, TD_REQ_SET_DELAY, 0, 0));
	/* All back: the whole pool again. */
	for (i = 0; i < r.out_num_urbs; i++)
		ASSERT_EQ(0, isoch_submit(self->fd, r.out_handle,
					WINUSB_ISOCH_ASAP, 0, self->fb, 0, pk,
					self->ppf, i, NULL));
	ASSERT_EQ(0, isoch_reap_n(self->fd, recs, r.out_num_urbs, 5000));
	EXPECT_EQ(0, isoch_unregister(self->fd, r.out_handle));
	free(pk);
	munmap(buf, len);
}

/*
 * Three IN transfers at explicit start frames, 100 frames ahead, chained
 * through *FrameNumber; check the records and the data.  Returns 0, or 1
 * when the guest was too slow to tell (more than a frame's packets missed
 * their start, or the device saw a gap between transfers: an URB reaching
 * it late), with the reason in @why.
 */
static int explicit_run(struct __test_metadata *_metadata,
			FIXTURE_DATA(isoch) *self, char *why)
{
	uint32_t transfer = 16 * self->fb, npk = transfer / self->pb;
	uint8_t *buf = isoch_alloc(3 * transfer);
	struct winusb_isoch_packet *pk = calloc(3 * npk, sizeof(*pk));
	struct winusb_completion recs[3];
	struct winusb_isoch_register r;
	struct winusb_isoch_submit s;
	uint32_t start, frame, seq = 0, slot = 0, j, late;
	int gap = 0;
	uint64_t t0;

	ASSERT_NE(NULL, buf);
	ASSERT_EQ(0, isoch_register(self->fd, TD_EP_ISOCH_IN, buf, 3 * transfer, &r));
	t0 = isoch_now_ns();
	start = frame = isoch_frame_now(self->fd) + 100;
	for (int i = 0; i < 3; i++) {
		ASSERT_EQ(0, isoch_submit(self->fd, r.out_handle, 0, i * transfer,
					transfer, frame, pk + i * npk, npk, i, &s));
		EXPECT_EQ(frame, s.out_start_frame);
		EXPECT_EQ(frame + 16, s.out_next_frame);
		frame = s.out_next_frame;	/* WinUSB's *FrameNumber */
	}
	ASSERT_EQ(0, isoch_reap_n(self->fd, recs, 3, 5000));
	/* It waited for its frame (100 ms), minus the controller's lead. */
	EXPECT_GE(isoch_now_ns() - t0, 90000000ull);
	for (int i = 0; i < 3; i++) {
		EXPECT_EQ(i, recs[i].cookie);
		EXPECT_EQ(0, recs[i].status);
		EXPECT_EQ(start + 16 * i, recs[i].start_frame);
		EXPECT_EQ(WINUSB_XFER_ISOCH, recs[i].type);
		EXPECT_EQ(TD_EP_ISOCH_IN, recs[i].endpoint);
	}
	/*
	 * A start delayed past its frame (a timer late under load) leaves
	 * its first packets unsent (-ETIME); then one stream: consecutive
	 * sequence numbers and device slots.
	 */
	for (j = 0; j < 3 * npk && pk[j].status == -ETIME; j++)
		EXPECT_EQ(0, pk[j].length);
	late = j;
	if (late > self->ppf) {
		sprintf(why, "%u packets late: the URB reached the device after its frame",
			late);
		gap = 1;
	}
	for (int i = 0; i < 3; i++) {
		uint32_t missed = late > i * npk ? late - i * npk : 0;

		missed = missed < npk ? missed : npk;
		EXPECT_EQ(missed, recs[i].error_count);
		EXPECT_EQ(transfer - missed * self->pb, recs[i].actual_length);
	}
	for (j = late; j < 3 * npk; j++) {
		const uint8_t *p = buf + (size_t)j * self->pb;

		EXPECT_EQ(0, pk[j].status);
		EXPECT_EQ(self->pb, pk[j].length);
		EXPECT_EQ((j % npk) * self->pb, pk[j].offset);
		if (j > late) {
			EXPECT_EQ(seq + 1, td_isoch_seq(p));
			if (td_isoch_slot(p) != slot + 1 && !gap) {
				sprintf(why, "packet %u: device slot %u after %u",
					j, td_isoch_slot(p), slot);
				gap = 1;
			}
		}
		seq = td_isoch_seq(p);
		slot = td_isoch_slot(p);
		EXPECT_EQ(-1, td_isoch_check(p, self->pb));
	}
	EXPECT_EQ(0, isoch_unregister(self->fd, r.out_handle));
	free(pk);
	munmap(buf, 3 * transfer);
	return gap;
}

/* Explicit start frames: the first waits for its frame, the rest chain. */
TEST_F(isoch, explicit_frames)
{
	char why[96] = "";
	int tries = isoch_tries();

	while (explicit_run(_metadata, self, why)) {
		ASSERT_LT(0, --tries) TH_LOG("%s", why);
		TH_LOG("%s; one more try", why);
		ASSERT_EQ(0, isoch_restart(self->fd, true));
	}
}

/*
 * A transfer whose start frame has passed by the time the stream before
 * it drains: its late packets are not sent (-ETIME), the rest are.
 * Returns 0, or 1 when the guest was too slow to tell (every packet late),
 * with the reason in @why.
 */
static int late_run(struct __test_metadata *_metadata,
		    FIXTURE_DATA(isoch) *self, char *why)
{
	uint32_t x1 = 20 * self->fb, n1 = x1 / self->pb;
	uint32_t x2 = 200 * self->fb, n2 = x2 / self->pb;
	uint8_t *buf = isoch_alloc(x1 + x2);
	struct winusb_isoch_packet *pk = calloc(n1 + n2, sizeof(*pk));
	struct winusb_completion recs[2];
	struct winusb_isoch_register r;
	struct winusb_isoch_submit s;
	uint32_t late = 0, good = 0;
	uint64_t t0;

	ASSERT_NE(NULL, buf);
	ASSERT_EQ(0, isoch_register(self->fd, TD_EP_ISOCH_IN, buf, x1 + x2, &r));
	/* The device completes URBs 30 ms late, so the stream drains late. */
	ASSERT_EQ(0, td_out(self->fd, TD_REQ_SET_DELAY, 30, 0));
	t0 = isoch_now_ns();
	ASSERT_EQ(0, isoch_submit(self->fd, r.out_handle, WINUSB_ISOCH_ASAP, 0,
				x1, 0, pk, n1, 0, &s));
	/* After a 2-frame gap: waits for the drain, some 10 frames late. */
	ASSERT_EQ(0, isoch_submit(self->fd, r.out_handle, 0, x1, x2,
				s.out_next_frame + 2, pk + n1, n2, 1, NULL));
	ASSERT_EQ(0, isoch_reap_n(self->fd, recs, 2, 5000));
	EXPECT_EQ(0, recs[0].status);
	EXPECT_EQ(0, recs[0].error_count);
	EXPECT_EQ(0, recs[1].status);
	for (uint32_t j = n1; j < n1 + n2; j++) {
		if (pk[j].status == -ETIME) {
			EXPECT_EQ(0, pk[j].length);
			EXPECT_EQ(0, good) TH_LOG("late packet %u after a sent one", j);
			late++;
		} else {
			EXPECT_EQ(0, pk[j].status);
			good++;
		}
	}
	EXPECT_GT(late, 0);
	EXPECT_EQ(late, recs[1].error_count);
	EXPECT_EQ(good * self->pb, recs[1].actual_length);
	/* The packets sent are the source's next ones, in their places. */
	for (uint32_t j = n1 + late + 1; j < n1 + n2; j++)
		EXPECT_EQ(td_isoch_seq(buf + (size_t)(j - 1) * self->pb) + 1,
			  td_isoch_seq(buf + (size_t)j * self->pb));
	if (!good)
		sprintf(why, "all %u packets late, %.1f ms after the submits",
			late, (isoch_now_ns() - t0) / 1e6);
	EXPECT_EQ(0, isoch_unregister(self->fd, r.out_handle));
	free(pk);
	munmap(buf, x1 + x2);
	return !good;
}

TEST_F(isoch, late_packets)
{
	char why[96] = "";
	int tries = isoch_tries();

	while (late_run(_metadata, self, why)) {
		ASSERT_LT(0, --tries) TH_LOG("%s", why);
		TH_LOG("%s; one more try", why);
		ASSERT_EQ(0, isoch_restart(self->fd, true));
	}
}

/* Unregister waits for the pending transfers, then unpins. */
TEST_F(isoch, unregister_pending)
{
	uint32_t transfer = 25 * self->fb, npk = transfer / self->pb;
	uint8_t *buf = isoch_alloc(4 * transfer);
	struct winusb_isoch_packet *pk = calloc(4 * npk, sizeof(*pk));
	struct winusb_completion recs[4];
	struct winusb_isoch_register r;
	uint64_t t0;

	ASSERT_NE(NULL, buf);
	ASSERT_EQ(0, isoch_register(self->fd, TD_EP_ISOCH_IN, buf, 4 * transfer, &r));
	for (int i = 0; i < 4; i++)
		ASSERT_EQ(0, isoch_submit(self->fd, r.out_handle,
					WINUSB_ISOCH_ASAP | (i ? WINUSB_ISOCH_CONTINUE : 0),
					i * transfer, transfer, 0, pk + i * npk, npk,
					i, NULL));
	t0 = isoch_now_ns();
	EXPECT_EQ(0, isoch_unregister(self->fd, r.out_handle));
	/* 100 ms of bus time were pending. */
	EXPECT_GE(isoch_now_ns() - t0, 60000000ull);
	EXPECT_EQ(self->vmpin0, isoch_status_kb("VmPin"));
	EXPECT_EQ(self->pins0, wu_foll_pins());
	/* The records stay, with their packets. */
	ASSERT_EQ(0, isoch_reap_n(self->fd, recs, 4, 0));
	for (int i = 0; i < 4; i++) {
		EXPECT_EQ(0, recs[i].status);
		EXPECT_EQ(transfer, recs[i].actual_length);
	}
	for (uint32_t j = 0; j < 4 * npk; j++)
		EXPECT_EQ(self->pb, pk[j].length);
	EXPECT_EQ(-ENOENT, isoch_unregister(self->fd, r.out_handle));
	free(pk);
	munmap(buf, 4 * transfer);
}

/* Cancel one transfer, abort the rest; the handle keeps working. */
TEST_F(isoch, cancel_and_abort)
{
	uint32_t transfer = 25 * self->fb, npk = transfer / self->pb;
	uint8_t *buf = isoch_alloc(4 * transfer);
	struct winusb_isoch_packet *pk = calloc(4 * npk, sizeof(*pk));
	struct winusb_completion recs[4];
	struct winusb_isoch_register r;
	struct winusb_isoch_submit s[4];
	struct winusb_cancel c = { .size = sizeof(c) };
	int cancelled = 0;

	ASSERT_NE(NULL, buf);
	ASSERT_EQ(0, isoch_register(self->fd, TD_EP_ISOCH_IN, buf, 4 * transfer, &r));
	for (int i = 0; i < 4; i++)
		ASSERT_EQ(0, isoch_submit(self->fd, r.out_handle,
					WINUSB_ISOCH_ASAP, i * transfer, transfer, 0,
					pk + i * npk, npk, i, &s[i]));
	c.id = s[3].out_id;
	EXPECT_EQ(0, ioctl(self->fd, WINUSB_IOCTL_CANCEL, &c));
	EXPECT_EQ(0, wu_pipe_op(self->fd, WINUSB_IOCTL_ABORT_PIPE,
				TD_EP_ISOCH_IN));
	ASSERT_EQ(0, isoch_reap_n(self->fd, recs, 4, 0));
	for (int i = 0; i < 4; i++) {
		if (recs[i].status == -ECANCELED)
			cancelled++;
		else
			EXPECT_EQ(0, recs[i].status);
	}
	EXPECT_GE(cancelled, 2);
	for (uint32_t j = 3 * npk; j < 4 * npk; j++)
		EXPECT_NE(0, pk[j].status);
	/* A transfer waiting for its frame, half a second ahead: aborted now. */
	{
		uint64_t t0;

		ASSERT_EQ(0, isoch_submit(self->fd, r.out_handle, 0, 0, transfer,
					isoch_frame_now(self->fd) + 500, pk, npk, 8,
					NULL));
		t0 = isoch_now_ns();
		EXPECT_EQ(0, wu_pipe_op(self->fd, WINUSB_IOCTL_ABORT_PIPE,
					TD_EP_ISOCH_IN));
		EXPECT_LT(isoch_now_ns() - t0, 300000000ull);
		ASSERT_EQ(0, isoch_reap_n(self->fd, recs, 1, 0));
		EXPECT_EQ(-ECANCELED, recs[0].status);
		EXPECT_EQ(npk, recs[0].error_count);
		EXPECT_EQ(0, recs[0].actual_length);
		for (uint32_t j = 0; j < npk; j++) {
			EXPECT_EQ(-ECANCELED, pk[j].status);
			EXPECT_EQ(j * self->pb, pk[j].offset);
		}
	}
	/* A new stream on the same handle. */
	ASSERT_EQ(0, isoch_submit(self->fd, r.out_handle, WINUSB_ISOCH_ASAP, 0,
				self->fb, 0, pk, self->ppf, 9, NULL));
	ASSERT_EQ(0, isoch_reap_n(self->fd, recs, 1, 5000));
	EXPECT_EQ(0, recs[0].status);
	EXPECT_EQ(9, recs[0].cookie);
	EXPECT_EQ(0, isoch_unregister(self->fd, r.out_handle));
	free(pk);
	munmap(buf, 4 * transfer);
}

/*
 * Packets of a cancelled transfer that the controller never reached report
 * the cancel, not the -EXDEV usb_submit_urb() marks them with.
 */
TEST_F(isoch, cancel_reports_cancel)
{
	uint32_t transfer = 100 * self->fb, npk = transfer / self->pb;
	uint8_t *buf = isoch_alloc(transfer);
	struct winusb_isoch_packet *pk = calloc(npk, sizeof(*pk));
	struct winusb_cancel c = { .size = sizeof(c) };
	struct winusb_completion rec;
	struct winusb_isoch_register r;
	struct winusb_isoch_submit s;
	uint32_t cancelled = 0;

	ASSERT_NE(NULL, buf);
	ASSERT_EQ(0, isoch_register(self->fd, TD_EP_ISOCH_IN, buf, transfer, &r));
	ASSERT_EQ(0, isoch_submit(self->fd, r.out_handle, WINUSB_ISOCH_ASAP, 0,
				transfer, 0, pk, npk, 1, &s));
	usleep(20000);
	c.id = s.out_id;
	EXPECT_EQ(0, ioctl(self->fd, WINUSB_IOCTL_CANCEL, &c));
	ASSERT_EQ(1, isoch_reap(self->fd, &rec, 1, 5000));
	EXPECT_EQ(-ECANCELED, rec.status);
	for (uint32_t j = 0; j < npk; j++) {
		EXPECT_NE(-EXDEV, pk[j].status);
		if (pk[j].status == -ECANCELED) {
			EXPECT_EQ(0, pk[j].length);
			cancelled++;
		}
	}
	/* 100 ms of packets, cancelled after 20 ms: most never went. */
	EXPECT_GE(cancelled, npk / 2);
	EXPECT_EQ(0, isoch_unregister(self->fd, r.out_handle));
	free(pk);
	munmap(buf, transfer);
}

/*
 * An unregister whose wait a fatal signal ended leaves the handle taking no
 * transfers; another unregister through the same file (here from the
 * parent of the killed child) finishes the job and unpins.
 */
TEST_F(isoch, unregister_after_killed_unregister)
{
	uint32_t transfer = 25 * self->fb, npk = transfer / self->pb;
	uint8_t *buf = isoch_alloc(transfer);
	struct winusb_isoch_packet *pk = calloc(npk, sizeof(*pk));
	struct winusb_completion rec;
	struct winusb_isoch_register r;
	int status;
	pid_t pid;

	ASSERT_NE(NULL, buf);
	ASSERT_EQ(0, isoch_register(self->fd, TD_EP_ISOCH_IN, buf, transfer, &r));
	/* Waits for its frame, most of a second ahead. */
	ASSERT_EQ(0, isoch_submit(self->fd, r.out_handle, 0, 0, transfer,
				isoch_frame_now(self->fd) + 900, pk, npk, 1,
				NULL));
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0)
		_exit(isoch_unregister(self->fd, r.out_handle) ? 1 : 0);
	usleep(200000);
	ASSERT_EQ(0, kill(pid, SIGKILL));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFSIGNALED(status));

	EXPECT_EQ(-ENOENT, isoch_submit(self->fd, r.out_handle, WINUSB_ISOCH_ASAP,
				      0, transfer, 0, pk, npk, 2, NULL));
	EXPECT_EQ(0, isoch_unregister(self->fd, r.out_handle));
	EXPECT_EQ(self->vmpin0, isoch_status_kb("VmPin"));
	EXPECT_EQ(self->pins0, wu_foll_pins());
	ASSERT_EQ(1, isoch_reap(self->fd, &rec, 1, 0));
	EXPECT_EQ(1, rec.cookie);
	EXPECT_EQ(-ENOENT, isoch_unregister(self->fd, r.out_handle));
	free(pk);
	munmap(buf, transfer);
}

/* SET_ALTSETTING refuses while streaming; the handle outlives alt 0. */
TEST_F(isoch, altsetting)
{
	uint32_t transfer = 10 * self->fb, npk = transfer / self->pb;
	uint8_t *buf = isoch_alloc(transfer);
	struct winusb_isoch_packet *pk = calloc(npk, sizeof(*pk));
	struct winusb_completion rec;
	struct winusb_isoch_register r;

	ASSERT_NE(NULL, buf);
	ASSERT_EQ(0, isoch_register(self->fd, TD_EP_ISOCH_IN, buf, transfer, &r));
	ASSERT_EQ(0, isoch_submit(self->fd, r.out_handle, WINUSB_ISOCH_ASAP, 0,
				transfer, 0, pk, npk, 0, NULL));
	EXPECT_EQ(-EBUSY, isoch_set_alt(self->fd, 0));
	ASSERT_EQ(0, isoch_reap_n(self->fd, &rec, 1, 5000));
	ASSERT_EQ(0, isoch_set_alt(self->fd, 0));
	EXPECT_EQ(-ENOENT, isoch_submit(self->fd, r.out_handle,
				      WINUSB_ISOCH_ASAP, 0, transfer, 0, pk, npk, 0,
				      NULL));
	EXPECT_EQ(-ENOENT, isoch_register(self->fd, TD_EP_ISOCH_IN, buf, transfer,
					NULL));
	ASSERT_EQ(0, isoch_set_alt(self->fd, 1));
	ASSERT_EQ(0, isoch_submit(self->fd, r.out_handle, WINUSB_ISOCH_ASAP, 0,
				transfer, 0, pk, npk, 1, NULL));
	ASSERT_EQ(0, isoch_reap_n(self->fd, &rec, 1, 5000));
	EXPECT_EQ(0, rec.status);
	EXPECT_EQ(0, td_isoch_seq(buf));	/* a fresh stream after SET_INTERFACE */
	EXPECT_EQ(0, isoch_unregister(self->fd, r.out_handle));
	free(pk);
	munmap(buf, transfer);
}

/* A USB reset mid-stream cancels the transfers; the handles survive. */
TEST_F(isoch, reset_midstream)
{
	uint32_t transfer = 25 * self->fb, npk = transfer / self->pb;
	uint8_t *buf = isoch_alloc(4 * transfer);
	struct winusb_isoch_packet *pk = calloc(4 * npk, sizeof(*pk));
	struct winusb_completion recs[4];
	struct winusb_isoch_register r;
	char path[64];
	int ufd, cancelled = 0;

	ASSERT_NE(NULL, buf);
	snprintf(path, sizeof(path), "/dev/bus/usb/%03u/%03u",
		 self->info.out_busnum, self->info.out_devnum);
	ufd = open(path, O_RDWR);
	ASSERT_GE(ufd, 0) TH_LOG("%s", path);
	ASSERT_EQ(0, isoch_register(self->fd, TD_EP_ISOCH_IN, buf, 4 * transfer, &r));
	for (int i = 0; i < 4; i++)
		ASSERT_EQ(0, isoch_submit(self->fd, r.out_handle,
					WINUSB_ISOCH_ASAP | (i ? WINUSB_ISOCH_CONTINUE : 0),
					i * transfer, transfer, 0, pk + i * npk, npk,
					i, NULL));
	usleep(10000);
	EXPECT_EQ(0, ioctl(ufd, USBDEVFS_RESET, 0));
	close(ufd);
	ASSERT_EQ(0, isoch_reap_n(self->fd, recs, 4, 5000));
	for (int i = 0; i < 4; i++) {
		if (recs[i].status == -ECANCELED)
			cancelled++;
		else
			EXPECT_EQ(0, recs[i].status);
	}
	EXPECT_GE(cancelled, 1);
	/* The alternate setting is back after the reset: stream again. */
	ASSERT_EQ(0, isoch_submit(self->fd, r.out_handle, WINUSB_ISOCH_ASAP, 0,
				transfer, 0, pk, npk, 9, NULL));
	ASSERT_EQ(0, isoch_reap_n(self->fd, recs, 1, 5000));
	EXPECT_EQ(0, recs[0].status);
	EXPECT_EQ(0, recs[0].error_count);
	EXPECT_EQ(0, isoch_unregister(self->fd, r.out_handle));
	free(pk);
	munmap(buf, 4 * transfer);
}

/* Stream in a child, then end it by @how: close, exit or SIGKILL. */
static int child_stream(const char *node, int how, int ready)
{
	uint32_t len = 1 << 20;
	uint8_t *in = isoch_alloc(len), *out = isoch_alloc(len);
	struct winusb_isoch_register ri, ro;
	struct winusb_isoch_packet *pk = calloc(len / 512, sizeof(*pk));
	int fd = open(node, O_RDWR);
	uint32_t fb;

	if (fd < 0 || !in || !out || !pk ||
	    isoch_register(fd, TD_EP_ISOCH_IN, in, len, &ri) ||
	    isoch_register(fd, TD_EP_ISOCH_OUT, out, len, &ro))
		return 1;
	fb = ri.out_frame_bytes;
	/*
	 * Plain ASAP, not ContinueStream: a guest stopped for 16 ms by a
	 * loaded host would drain the stream and refuse the next submit.
	 */
	for (uint32_t i = 0; i < 8; i++) {
		uint32_t n = 16 * fb / ri.out_packet_bytes;

		if (isoch_submit(fd, ri.out_handle, WINUSB_ISOCH_ASAP,
				 i * 16 * fb, 16 * fb, 0, pk + i * n, n, i, NULL) ||
		    isoch_submit(fd, ro.out_handle, WINUSB_ISOCH_ASAP,
				 i * 16 * fb, 16 * fb, 0, NULL, 0, i, NULL))
			return 2;
	}
	if (write(ready, "x", 1) != 1)
		return 3;
	if (how == 0)
		close(fd);
	if (how == 2)
		pause();
	return 0;	/* exit with the file (or only the pages) still held */
}

TEST_F(isoch, close_exit_kill_midstream)
{
	for (int how = 0; how < 3; how++) {
		int p[2], st;
		char c;
		pid_t pid;

		ASSERT_EQ(0, pipe(p));
		pid = fork();
		ASSERT_GE(pid, 0);
		if (!pid) {
			close(p[0]);
			_exit(child_stream(getenv("WINUSB_NODE"), how, p[1]));
		}
		close(p[1]);
		ASSERT_EQ(1, read(p[0], &c, 1)) TH_LOG("child %d failed", how);
		close(p[0]);
		if (how == 2) {
			usleep(30000);
			kill(pid, SIGKILL);
		}
		ASSERT_EQ(pid, waitpid(pid, &st, 0));
		if (how < 2)
			EXPECT_EQ(0, WEXITSTATUS(st));
		/* Everything released by the time the process is gone. */
		EXPECT_EQ(0, isoch_winusb_pins()) TH_LOG("how %d", how);
		EXPECT_EQ(self->pins0, wu_foll_pins()) TH_LOG("how %d", how);
	}
	/* The device still streams for the next user. */
	{
		uint8_t *buf = isoch_alloc(self->fb);
		struct winusb_isoch_packet pk[8];
		struct winusb_isoch_register r;
		struct winusb_completion rec;

		ASSERT_EQ(0, isoch_register(self->fd, TD_EP_ISOCH_IN, buf, self->fb,
					  &r));
		ASSERT_EQ(0, isoch_submit(self->fd, r.out_handle,
					WINUSB_ISOCH_ASAP, 0, self->fb, 0, pk,
					self->ppf, 0, NULL));
		ASSERT_EQ(0, isoch_reap_n(self->fd, &rec, 1, 5000));
		EXPECT_EQ(0, rec.status);
		EXPECT_EQ(0, isoch_unregister(self->fd, r.out_handle));
		munmap(buf, self->fb);
	}
}

/*
 * A short IN + OUT stream with ContinueStream chains, at bus timing.  A
 * guest too slow to keep time (an underrun, which the driver reports rather
 * than leaving a silent gap) gets up to $ISOCH_TRIES runs; wrong data never does.
 */
TEST_F(isoch, stream_short)
{
	struct isoch_stream_cfg cfg = {
		.seconds = 2, .transfer_frames = 32, .inflight = 16,
		.in = true, .out = true,
	};
	struct isoch_stream_result res;
	int ret, tries = 0;

	do {
		if (tries)
			TH_LOG("underrun (%s); one more try", res.why);
		ASSERT_EQ(0, isoch_restart(self->fd, true));
		ret = isoch_stream_run(self->fd, &cfg, &res);
	} while (ret && res.underrun && ++tries < isoch_tries());
	TH_LOG("%.2f s: IN %llu packets %.1f MB/s (%s), OUT %llu packets (%s)",
	       res.seconds, (unsigned long long)res.in_packets,
	       res.seconds ? res.in_bytes / res.seconds / 1e6 : 0,
	       isoch_path_name(res.in_path),
	       (unsigned long long)res.out_packets,
	       isoch_path_name(res.out_path));
	EXPECT_EQ(0, ret) TH_LOG("%s", res.why);
}

TEST_HARNESS_MAIN
