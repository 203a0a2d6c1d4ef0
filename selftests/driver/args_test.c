// SPDX-License-Identifier: GPL-2.0
/*
 * args_test - bad input from callers, for every ioctl of winusb.ko
 *
 * Table driven, in the style of the kernel's iommufd selftests: every
 * FIXTURE_VARIANT_ADD(args, ...) row takes a valid argument of one ioctl
 * (its "base"), changes one thing -- the size and the bytes beyond the
 * structure, a flag bit, a reserved member, a member at or past its
 * bounds, a pointer, a handle or request id, the file's access mode -- and
 * names the errno that uapi/linux/winusb.h promises.  After a failing call
 * nothing may have changed: GET_INFO, GET_ALTSETTING, QUERY_PIPE and the
 * pipe and power policies answer as before, no record is queued, the pages
 * pinned system-wide are those of before, and aborting every pipe brings
 * back no request the call would have queued.  After every row the valid
 * argument works, and once everything is cleaned up the state is that of
 * the test's start.
 *
 * Then the bounds on what a caller can make the kernel hold: zero-length
 * requests that never complete (the device NAKs) or completions never
 * reaped, from one file and from many files, must be refused at a bound
 * well before 100 000 per file and 1 000 000 in all, and everything comes
 * back on close; an isochronous registration over RLIMIT_MEMLOCK is
 * refused.
 *
 * $WINUSB_NODE is winusb-testdev's interface 0 (bulk loopback 0x81/0x02,
 * interrupt IN 0x83), $WINUSB_NODE1 its interface 1 (alternate setting 1:
 * isochronous IN 0x84, OUT 0x05); run.sh binds both.  Members are written
 * as little-endian bytes: the test runs on x86-64.  $ARGS_ROWS, if set,
 * runs only the rows whose name contains it ("bound": only the bounds).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include <linux/winusb.h>
#include "testdev_proto.h"
#include "winusb_util.h"

#define PAGE		4096
#define ISOCH_FRAMES	4		/* frames in each registered isoch buffer */
#define MAX_PK		(ISOCH_FRAMES * 8)
#define ARG_MAX		64		/* every argument structure fits */
#define NEVER_HANDLE	0x7ffffffeu	/* a handle no file was given */
#define NEVER_ID	0x7fffffffffffffffull
#define KERNEL_PTR	0xffffffff81000000ull
#define NONCANON_PTR	0x8000000000000000ull
#define WRAP_PTR	0xfffffffffffff000ull
#define HUGE_LEN	(4ull << 30)
#define OK		(-1)		/* row errno: what the valid call gives */

/* The valid arguments rows start from. */
enum base {
	B_GET_INFO, B_GET_DESC, B_QUERY_PIPE, B_GET_ALT, B_SET_ALT, B_SET_ALT1,
	B_SUBMIT_IN, B_SUBMIT_OUT, B_SUBMIT_INT, B_SUBMIT_CTL_IN,
	B_SUBMIT_CTL_OUT, B_REAP, B_REAP_REC, B_CANCEL, B_ABORT, B_RESET,
	B_FLUSH, B_GET_POLICY, B_SET_POLICY_U8, B_SET_POLICY_U32, B_GET_POWER,
	B_SET_POWER_AUTO, B_SET_POWER_DELAY, B_ISOCH_REG_IN, B_ISOCH_REG_OUT,
	B_ISOCH_UNREG, B_ISOCH_SUB_IN, B_ISOCH_SUB_OUT, B_GET_FRAME,
};

/* What a row does to its base. */
enum kind {
	K_VALID,	/* nothing */
	K_FIELD,	/* set up to three members */
	K_FLAGS,	/* each undefined flag bit in turn */
	K_SIZE_BELOW,	/* each size from 0 to the structure's size - 1 */
	K_SIZE,		/* another size, with or without a non-zero tail */
	K_ARG,		/* the argument pointer itself (member 0's symbol) */
	K_CMD,		/* another ioctl number (member 0's value) */
};

/* Values that exist only at run time. */
enum sym {
	S_LIT,		/* the value itself */
	S_NULL,
	S_UNMAPPED,	/* a hole in the address space */
	S_NOACCESS,	/* a PROT_NONE page */
	S_RDONLY,	/* a read-only page */
	S_KERNEL,
	S_NONCANON,
	S_AREA_END,	/* value bytes from the end of readable memory */
	S_WRAP,
	S_HUGE,		/* a 4 GiB mapping, never touched */
	S_H_TMP,	/* the handle registered for the row */
	S_H_OTHER,	/* a handle of another file of the interface */
	S_H_DEAD,	/* a handle already unregistered */
	S_ID_PEND,	/* + value: the pending request of the row */
	S_ID_OTHER,	/* a pending request of another file */
	S_ID_DONE,	/* a request completed and reaped */
	S_ID_REC,	/* a request completed, its record queued */
	S_FRAME,	/* the current frame + value */
	S_FB,		/* value + mul frames' bytes */
	S_NPK,		/* value + mul frames' packets */
	S_ISOCHLEN,	/* the registered buffer's length + value + mul frames */
	S_MAXXFER,	/* MAXIMUM_TRANSFER_SIZE + value + mul max packets */
	S_MAXP,		/* value + mul bulk max packets */
	S_DELAY,	/* the autosuspend delay at the start */
};

/* Which file the row's call goes to. */
enum fdsel { F_BASE, F_RO, F_INTF0, F_INTF1 };

/* State a call needs (bit mask). */
enum prep {
	P_PENDING = 1 << 0,	/* a bulk read pending on 0x81: pend_id */
	P_RECORD = 1 << 1,	/* a completed record queued: rec_id */
	P_HANDLE = 1 << 2,	/* an isochronous registration: h_tmp */
	P_RAW_IO = 1 << 3,	/* RAW_IO on 0x81 */
	P_OTHER = 1 << 4,	/* a read pending on another file: other_id */
	P_DONE = 1 << 5,	/* a request completed and reaped: done_id */
};

/* Tail positions for K_SIZE, else a byte offset in the argument. */
#define TAIL_NONE	(-1)
#define TAIL_FIRST	(-2)	/* the first byte past the structure */
#define TAIL_LAST	(-3)	/* the last byte of @size */

struct member {
	uint16_t off;
	uint8_t width;
	uint8_t sym;
	int32_t mul;
	int64_t value;
};

FIXTURE_VARIANT(args) {
	const char *name;
	uint8_t base;
	uint8_t kind;
	uint8_t fd;
	uint8_t prep;
	struct member m[3];
	uint32_t size;		/* K_SIZE: the size; 0: the structure's + 8 */
	int32_t tail;		/* K_SIZE: TAIL_* or an offset */
	int err;		/* expected errno, 0, or OK */
};

struct base_desc {
	const char *name;
	unsigned long cmd;
	uint16_t size;
	uint8_t intf;		/* 0 or 1 */
	uint8_t prep;		/* what the valid call needs */
	uint32_t flags_ok;	/* defined flag bits */
	int ok;			/* errno of the valid call (REAP: EAGAIN) */
	bool writes;		/* the kernel writes the argument back */
	bool register_new;	/* success leaves a handle to unregister */
};

#define BASE(b, c, t, i, p, f, o, w) \
	[b] = { .name = #c, .cmd = WINUSB_IOCTL_##c, .size = sizeof(t), \
		.intf = i, .prep = p, .flags_ok = f, .ok = o, .writes = w, \
		.register_new = b == B_ISOCH_REG_IN || b == B_ISOCH_REG_OUT }

static const struct base_desc bases[] = {
	BASE(B_GET_INFO, GET_INFO, struct winusb_info, 0, 0, 0, 0, true),
	BASE(B_GET_DESC, GET_DESCRIPTOR, struct winusb_get_descriptor, 0, 0,
	     0, 0, true),
	BASE(B_QUERY_PIPE, QUERY_PIPE, struct winusb_query_pipe, 0, 0, 0, 0,
	     true),
	BASE(B_GET_ALT, GET_ALTSETTING, struct winusb_altsetting, 0, 0, 0, 0,
	     true),
	BASE(B_SET_ALT, SET_ALTSETTING, struct winusb_altsetting, 0, 0, 0, 0,
	     false),
	BASE(B_SET_ALT1, SET_ALTSETTING, struct winusb_altsetting, 1, 0, 0, 0,
	     false),
	BASE(B_SUBMIT_IN, SUBMIT, struct winusb_submit, 0, 0,
	     WINUSB_SUBMIT_TIMEOUT, 0, true),
	BASE(B_SUBMIT_OUT, SUBMIT, struct winusb_submit, 0, 0,
	     WINUSB_SUBMIT_TIMEOUT, 0, true),
	BASE(B_SUBMIT_INT, SUBMIT, struct winusb_submit, 0, 0,
	     WINUSB_SUBMIT_TIMEOUT, 0, true),
	BASE(B_SUBMIT_CTL_IN, SUBMIT, struct winusb_submit, 0, 0,
	     WINUSB_SUBMIT_TIMEOUT, 0, true),
	BASE(B_SUBMIT_CTL_OUT, SUBMIT, struct winusb_submit, 0, 0,
	     WINUSB_SUBMIT_TIMEOUT, 0, true),
	BASE(B_REAP, REAP, struct winusb_reap, 0, 0,
	     WINUSB_REAP_NONBLOCK | WINUSB_REAP_MATCH_ID, EAGAIN, false),
	BASE(B_REAP_REC, REAP, struct winusb_reap, 0, P_RECORD,
	     WINUSB_REAP_NONBLOCK | WINUSB_REAP_MATCH_ID, 0, false),
	BASE(B_CANCEL, CANCEL, struct winusb_cancel, 0, P_PENDING, 0, 0,
	     false),
	BASE(B_ABORT, ABORT_PIPE, struct winusb_pipe_cmd, 0, 0, 0, 0, false),
	BASE(B_RESET, RESET_PIPE, struct winusb_pipe_cmd, 0, 0, 0, 0, false),
	BASE(B_FLUSH, FLUSH_PIPE, struct winusb_pipe_cmd, 0, 0, 0, 0, false),
	BASE(B_GET_POLICY, GET_PIPE_POLICY, struct winusb_pipe_policy, 0, 0,
	     0, 0, true),
	BASE(B_SET_POLICY_U8, SET_PIPE_POLICY, struct winusb_pipe_policy, 0,
	     0, 0, 0, false),
	BASE(B_SET_POLICY_U32, SET_PIPE_POLICY, struct winusb_pipe_policy, 0,
	     0, 0, 0, false),
	BASE(B_GET_POWER, GET_POWER_POLICY, struct winusb_power_policy, 0, 0,
	     0, 0, true),
	BASE(B_SET_POWER_AUTO, SET_POWER_POLICY, struct winusb_power_policy,
	     0, 0, 0, 0, false),
	BASE(B_SET_POWER_DELAY, SET_POWER_POLICY, struct winusb_power_policy,
	     0, 0, 0, 0, false),
	BASE(B_ISOCH_REG_IN, ISOCH_REGISTER, struct winusb_isoch_register, 1, 0,
	     0, 0, true),
	BASE(B_ISOCH_REG_OUT, ISOCH_REGISTER, struct winusb_isoch_register, 1,
	     0, 0, 0, true),
	BASE(B_ISOCH_UNREG, ISOCH_UNREGISTER, struct winusb_isoch_unregister, 1,
	     P_HANDLE, 0, 0, false),
	BASE(B_ISOCH_SUB_IN, ISOCH_SUBMIT, struct winusb_isoch_submit, 1, 0,
	     WINUSB_ISOCH_ASAP | WINUSB_ISOCH_CONTINUE, 0, true),
	BASE(B_ISOCH_SUB_OUT, ISOCH_SUBMIT, struct winusb_isoch_submit, 1, 0,
	     WINUSB_ISOCH_ASAP | WINUSB_ISOCH_CONTINUE, 0, true),
	BASE(B_GET_FRAME, GET_FRAME, struct winusb_frame, 1, 0, 0, 0, true),
};

/* Everything the rows compare before and after a call. */
#define NQ	9
#define NPOL_EP	7
#define NPOL	(NPOL_EP * 9)

static const struct { uint8_t intf, alt, idx; } qlist[NQ] = {
	{ 0, 0, 0 }, { 0, 0, 1 }, { 0, 0, 2 }, { 0, 0, 3 }, { 0, 1, 0 },
	{ 1, 0, 0 }, { 1, 1, 0 }, { 1, 1, 1 }, { 1, 1, 2 },
};

static const struct { uint8_t intf, ep; } plist[NPOL_EP] = {
	{ 0, 0 }, { 0, TD_EP_BULK_IN }, { 0, TD_EP_BULK_OUT },
	{ 0, TD_EP_INT_IN }, { 1, 0 }, { 1, TD_EP_ISOCH_IN },
	{ 1, TD_EP_ISOCH_OUT },
};

struct snap {
	struct winusb_info info[2];
	struct winusb_altsetting alt[2];
	struct winusb_query_pipe q[NQ];
	int qerr[NQ];
	uint64_t pval[NPOL];
	uint32_t psize[NPOL];
	int perr[NPOL];
	uint64_t power[2];
	int readable[2];
	long long pins;
};

FIXTURE(args) {
	int fd[2];		/* interfaces 0 and 1, read-write */
	int fdb[2];		/* a second file of each */
	int rofd;		/* the row's read-only file, or -1 */
	uint8_t *area;		/* 3 pages, zero, then the guard page */
	uint8_t *guard;		/* PROT_NONE */
	uint8_t *hole;		/* nothing mapped */
	uint8_t *rdonly;	/* a read-only page of data */
	uint8_t *rdarg;		/* a page made read-only after each use */
	uint8_t *buf;		/* 64 KiB of data buffer */
	uint8_t *huge;
	uint8_t *isoch_in, *isoch_out, *isoch2;
	struct winusb_isoch_packet pk[MAX_PK];
	uint32_t pb, fb, ppf, isochlen;
	uint32_t h_in, h_out, h_other, h_dead, h_tmp, h_new;
	uint64_t pend_id, other_id, done_id, rec_id;
	uint32_t maxtransfer, maxp;
	bool restore_policies, restore_power;
	bool pins;		/* the row may pin: count pinned pages */
	bool isoch;		/* the row may leave isochronous transfers */
	int isoch_soon;		/* transfers submitted that end in a few frames */
	int soon;		/* the same for interface 0 */
	struct snap s0;
};

static int xioctl(int fd, unsigned long cmd, void *arg)
{
	int ret = ioctl(fd, cmd, arg);

	return ret < 0 ? errno : 0;
}

static int set_alt(int fd, uint8_t alt)
{
	struct winusb_altsetting a = { .size = sizeof(a), .alt_setting = alt };

	return xioctl(fd, WINUSB_IOCTL_SET_ALTSETTING, &a);
}

static int isoch_reg(int fd, uint8_t ep, void *buf, uint64_t len,
		   struct winusb_isoch_register *r)
{
	memset(r, 0, sizeof(*r));
	r->size = sizeof(*r);
	r->endpoint = ep;
	r->buffer_uptr = (uintptr_t)buf;
	r->length = len;
	return xioctl(fd, WINUSB_IOCTL_ISOCH_REGISTER, r);
}

static int isoch_unreg(int fd, uint32_t handle)
{
	struct winusb_isoch_unregister u = { .size = sizeof(u), .handle = handle };

	return xioctl(fd, WINUSB_IOCTL_ISOCH_UNREGISTER, &u);
}

static uint32_t frame_now(int fd)
{
	struct winusb_frame f = { .size = sizeof(f) };

	return ioctl(fd, WINUSB_IOCTL_GET_FRAME, &f) ? 0 : f.out_frame;
}

/*
 * Take every queued record of @fd: the number taken not among the @ok
 * ids; *@taken (if given) gets the number taken.
 */
static int reap_all_n(int fd, const uint64_t *ok, int nok, int *taken)
{
	struct winusb_completion rec[16];
	struct winusb_reap r = {
		.size = sizeof(r), .flags = WINUSB_REAP_NONBLOCK, .count = 16,
		.record_size = sizeof(rec[0]), .records_uptr = (uintptr_t)rec,
	};
	int n, bad = 0;

	if (taken)
		*taken = 0;
	while ((n = ioctl(fd, WINUSB_IOCTL_REAP, &r)) > 0)
		for (int i = 0; i < n; i++) {
			int j = 0;

			while (j < nok && ok[j] != rec[i].id)
				j++;
			bad += j == nok;
			if (taken)
				(*taken)++;
		}
	return bad;
}

static int reap_all(int fd, const uint64_t *ok, int nok)
{
	return reap_all_n(fd, ok, nok, NULL);
}

/* REAP of request @id without waiting: 0 (taken) or the errno. */
static int reap_nonblock_id(int fd, uint64_t id)
{
	struct winusb_completion rec;
	struct winusb_reap r = {
		.size = sizeof(r),
		.flags = WINUSB_REAP_NONBLOCK | WINUSB_REAP_MATCH_ID,
		.count = 1, .record_size = sizeof(rec),
		.records_uptr = (uintptr_t)&rec, .id = id,
	};

	return ioctl(fd, WINUSB_IOCTL_REAP, &r) < 0 ? errno : 0;
}

static void take_snap(FIXTURE_DATA(args) *self, struct snap *s)
{
	memset(s, 0, sizeof(*s));
	for (int i = 0; i < 2; i++) {
		struct pollfd p = { .fd = self->fd[i], .events = POLLIN };

		wu_get_info(self->fd[i], &s->info[i]);
		s->alt[i].size = sizeof(s->alt[i]);
		ioctl(self->fd[i], WINUSB_IOCTL_GET_ALTSETTING, &s->alt[i]);
		s->readable[i] = poll(&p, 1, 0);
	}
	for (int i = 0; i < NQ; i++) {
		s->q[i].size = sizeof(s->q[i]);
		s->q[i].alt_setting = qlist[i].alt;
		s->q[i].pipe_index = qlist[i].idx;
		s->qerr[i] = xioctl(self->fd[qlist[i].intf],
				    WINUSB_IOCTL_QUERY_PIPE, &s->q[i]);
	}
	for (int i = 0; i < NPOL; i++)
		s->perr[i] = -wu_get_policy(self->fd[plist[i / 9].intf],
					    plist[i / 9].ep, i % 9 + 1,
					    &s->pval[i], &s->psize[i]);
	wu_get_power(self->fd[0], WINUSB_POWER_AUTO_SUSPEND, &s->power[0]);
	wu_get_power(self->fd[0], WINUSB_POWER_SUSPEND_DELAY, &s->power[1]);
	/* Folding the per-CPU counts is slow: only where pages get pinned. */
	s->pins = self->pins ? wu_foll_pins() : 0;
}

/* The state now must be @want's; @when names the moment in the log. */
static void check_snap(struct __test_metadata *_metadata,
		       FIXTURE_DATA(args) *self, const struct snap *want,
		       const char *when)
{
	struct snap now;

	take_snap(self, &now);
	for (int i = 0; i < 2; i++) {
		EXPECT_EQ(0, memcmp(&want->info[i], &now.info[i],
				    sizeof(now.info[i])))
			TH_LOG("%s: GET_INFO of interface %d changed", when, i);
		EXPECT_EQ(want->alt[i].alt_setting, now.alt[i].alt_setting)
			TH_LOG("%s: interface %d's setting changed", when, i);
		EXPECT_EQ(want->readable[i], now.readable[i])
			TH_LOG("%s: interface %d: a record %s", when, i,
			       now.readable[i] ? "appeared" : "vanished");
	}
	for (int i = 0; i < NQ; i++) {
		EXPECT_EQ(want->qerr[i], now.qerr[i])
			TH_LOG("%s: QUERY_PIPE %d", when, i);
		EXPECT_EQ(0, memcmp(&want->q[i], &now.q[i], sizeof(now.q[i])))
			TH_LOG("%s: QUERY_PIPE %d changed", when, i);
	}
	for (int i = 0; i < NPOL; i++) {
		EXPECT_EQ(want->perr[i], now.perr[i]);
		EXPECT_EQ(want->pval[i], now.pval[i])
			TH_LOG("%s: policy %d of endpoint %#x changed", when,
			       i % 9 + 1, plist[i / 9].ep);
		EXPECT_EQ(want->psize[i], now.psize[i]);
	}
	EXPECT_EQ(want->power[0], now.power[0])
		TH_LOG("%s: AUTO_SUSPEND changed", when);
	EXPECT_EQ(want->power[1], now.power[1])
		TH_LOG("%s: SUSPEND_DELAY changed", when);
	EXPECT_EQ(want->pins, now.pins)
		TH_LOG("%s: %lld pages pinned, %lld before", when, now.pins,
		       want->pins);
}

static void *map(size_t len, int prot)
{
	void *p = mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS |
		       MAP_NORESERVE, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/*
 * The isochronous rows' handles: one of each direction, one of another
 * file, one already unregistered; the endpoint's packet and frame bytes.
 */
static void isoch_setup(struct __test_metadata *_metadata,
		      FIXTURE_DATA(args) *self)
{
	struct winusb_isoch_register r;

	ASSERT_EQ(0, isoch_reg(self->fd[1], TD_EP_ISOCH_IN, self->isoch2, PAGE, &r));
	self->h_dead = r.out_handle;
	ASSERT_EQ(0, isoch_unreg(self->fd[1], self->h_dead));
	self->pb = r.out_packet_bytes;
	self->fb = r.out_frame_bytes;
	ASSERT_GT(self->pb, 0);
	self->ppf = self->fb / self->pb;
	ASSERT_LE(self->ppf, 8);
	self->isochlen = ISOCH_FRAMES * self->fb;
	self->isoch_in = map(self->isochlen, PROT_READ | PROT_WRITE);
	self->isoch_out = map(self->isochlen, PROT_READ | PROT_WRITE);
	ASSERT_NE(NULL, self->isoch_in);
	ASSERT_NE(NULL, self->isoch_out);
	ASSERT_EQ(0, isoch_reg(self->fd[1], TD_EP_ISOCH_IN, self->isoch_in,
			     self->isochlen, &r));
	self->h_in = r.out_handle;
	ASSERT_EQ(0, isoch_reg(self->fd[1], TD_EP_ISOCH_OUT, self->isoch_out,
			     self->isochlen, &r));
	self->h_out = r.out_handle;
	ASSERT_EQ(0, isoch_reg(self->fdb[1], TD_EP_ISOCH_IN, self->isoch_in,
			     self->isochlen, &r));
	self->h_other = r.out_handle;
}

/* Rows whose reads on 0x81 must stay pending. */
static bool needs_empty_fifo(const FIXTURE_VARIANT(args) *v)
{
	unsigned int prep = bases[v->base].prep | v->prep;

	return v->base == B_SUBMIT_IN || v->base == B_SET_ALT ||
	       (prep & (P_PENDING | P_OTHER));
}

FIXTURE_SETUP(args)
{
	struct winusb_query_pipe q = { .size = sizeof(q) };
	struct winusb_info info;
	uint64_t v = 0;
	uint32_t sz = 0;

	const char *only = getenv("ARGS_ROWS");

	self->fd[0] = self->fd[1] = self->fdb[0] = self->fdb[1] = -1;
	self->rofd = -1;
	if (only && !strstr(variant->name, only))
		SKIP(return, "not in $ARGS_ROWS");
	self->fd[0] = wu_open_env("WINUSB_NODE");
	self->fd[1] = wu_open_env("WINUSB_NODE1");
	if (self->fd[0] < 0 || self->fd[1] < 0)
		SKIP(return, "no $WINUSB_NODE and $WINUSB_NODE1");
	self->fdb[0] = wu_open_env("WINUSB_NODE");
	self->fdb[1] = wu_open_env("WINUSB_NODE1");
	ASSERT_GE(self->fdb[0], 0);
	ASSERT_GE(self->fdb[1], 0);
	/* Reads must stay pending: nothing in the loopback FIFO. */
	if (needs_empty_fifo(variant))
		ASSERT_EQ(0, -wu_drain(self->fd[0]));
	if (wu_get_info(self->fd[1], &info) ||
	    info.out_cur_altsetting != TD_ISOCH_ALT_ON)
		ASSERT_EQ(0, set_alt(self->fd[1], TD_ISOCH_ALT_ON));

	/* Memory of every kind the pointer rows need. */
	self->area = map(4 * PAGE, PROT_READ | PROT_WRITE);
	ASSERT_NE(NULL, self->area);
	self->guard = self->area + 3 * PAGE;
	ASSERT_EQ(0, mprotect(self->guard, PAGE, PROT_NONE));
	self->rdonly = map(PAGE, PROT_READ | PROT_WRITE);
	ASSERT_NE(NULL, self->rdonly);
	memset(self->rdonly, 0x5a, PAGE);
	ASSERT_EQ(0, mprotect(self->rdonly, PAGE, PROT_READ));
	self->rdarg = map(PAGE, PROT_READ);
	ASSERT_NE(NULL, self->rdarg);
	self->buf = map(64 << 10, PROT_READ | PROT_WRITE);
	ASSERT_NE(NULL, self->buf);
	self->huge = map(HUGE_LEN, PROT_READ | PROT_WRITE);
	ASSERT_NE(NULL, self->huge);
	self->isoch2 = map(PAGE, PROT_READ | PROT_WRITE);
	ASSERT_NE(NULL, self->isoch2);

	self->isoch = bases[variant->base].intf &&
		    variant->base != B_GET_FRAME && variant->base != B_SET_ALT1;
	self->pins = self->isoch || variant->base == B_GET_DESC ||
		     bases[variant->base].cmd == WINUSB_IOCTL_SUBMIT ||
		     bases[variant->base].cmd == WINUSB_IOCTL_REAP ||
		     ((bases[variant->base].prep | variant->prep) &
		      (P_PENDING | P_OTHER));
	if (self->isoch)
		isoch_setup(_metadata, self);
	ASSERT_EQ(0, -wu_get_policy(self->fd[0], TD_EP_BULK_IN,
				    WINUSB_POLICY_MAXIMUM_TRANSFER_SIZE, &v,
				    &sz));
	self->maxtransfer = (uint32_t)v;
	for (q.pipe_index = 0; !ioctl(self->fd[0], WINUSB_IOCTL_QUERY_PIPE, &q);
	     q.pipe_index++)
		if (q.out_endpoint == TD_EP_BULK_IN)
			self->maxp = q.out_max_packet_size;
	ASSERT_GT(self->maxp, 0);
	/* Last, so that no later mapping fills it. */
	self->hole = map(3 * PAGE, PROT_NONE);
	ASSERT_NE(NULL, self->hole);
	ASSERT_EQ(0, munmap(self->hole, 3 * PAGE));
	self->hole += PAGE;
	take_snap(self, &self->s0);
	ASSERT_EQ(0, self->s0.readable[0]) TH_LOG("records left over");
	ASSERT_EQ(0, self->s0.readable[1]) TH_LOG("records left over");
}

FIXTURE_TEARDOWN(args)
{
	/* Take back what OUT rows left in the loopback FIFO. */
	if (self->fd[0] >= 0 && variant->base == B_SUBMIT_OUT)
		wu_drain(self->fd[0]);
	for (int i = 0; i < 2; i++) {
		if (self->fdb[i] >= 0)
			close(self->fdb[i]);
		if (self->fd[i] >= 0)
			close(self->fd[i]);
	}
	if (self->rofd >= 0)
		close(self->rofd);
}

/* The valid argument of @b in @a (ARG_MAX bytes). */
static void fill_base(FIXTURE_DATA(args) *self, enum base b, void *a)
{
	memset(a, 0, ARG_MAX);
	*(uint32_t *)a = bases[b].size;

	switch (b) {
	case B_GET_INFO:
	case B_GET_ALT:
	case B_GET_FRAME:
		break;
	case B_GET_DESC: {
		struct winusb_get_descriptor *p = a;

		p->type = 1;
		p->length = 18;
		p->data_uptr = (uintptr_t)self->buf;
		break;
	}
	case B_QUERY_PIPE:
		break;
	case B_SET_ALT:
		break;
	case B_SET_ALT1:
		((struct winusb_altsetting *)a)->alt_setting = TD_ISOCH_ALT_ON;
		break;
	case B_SUBMIT_IN:
	case B_SUBMIT_OUT:
	case B_SUBMIT_INT:
	case B_SUBMIT_CTL_IN:
	case B_SUBMIT_CTL_OUT: {
		struct winusb_submit *p = a;

		p->type = WINUSB_XFER_BULK;
		p->endpoint = b == B_SUBMIT_IN ? TD_EP_BULK_IN : TD_EP_BULK_OUT;
		p->length = 64;
		p->data_uptr = (uintptr_t)self->buf;
		if (b == B_SUBMIT_INT) {
			p->type = WINUSB_XFER_INTERRUPT;
			p->endpoint = TD_EP_INT_IN;
			p->length = TD_INT_MAXP;
		} else if (b == B_SUBMIT_CTL_IN) {
			p->type = WINUSB_XFER_CONTROL;
			p->endpoint = 0;
			wu_setup(p->setup, 0xc0, TD_REQ_ECHO_IN, 0, 0, 64);
		} else if (b == B_SUBMIT_CTL_OUT) {
			p->type = WINUSB_XFER_CONTROL;
			p->endpoint = 0;
			p->length = 0;
			p->data_uptr = 0;
			wu_setup(p->setup, 0x40, TD_REQ_ECHO_OUT, 0, 0, 0);
		}
		break;
	}
	case B_REAP:
	case B_REAP_REC: {
		struct winusb_reap *p = a;

		p->flags = WINUSB_REAP_NONBLOCK;
		p->count = 1;
		p->record_size = sizeof(struct winusb_completion);
		p->records_uptr = (uintptr_t)self->buf;
		break;
	}
	case B_CANCEL:
		((struct winusb_cancel *)a)->id = self->pend_id;
		break;
	case B_ABORT:
	case B_RESET:
	case B_FLUSH:
		((struct winusb_pipe_cmd *)a)->endpoint = TD_EP_BULK_IN;
		break;
	case B_GET_POLICY:
	case B_SET_POLICY_U8:
	case B_SET_POLICY_U32: {
		struct winusb_pipe_policy *p = a;

		p->endpoint = TD_EP_BULK_IN;
		p->policy = WINUSB_POLICY_ALLOW_PARTIAL_READS;
		if (b == B_SET_POLICY_U8) {
			p->policy = WINUSB_POLICY_AUTO_FLUSH;
			p->value_size = 1;
		} else if (b == B_SET_POLICY_U32) {
			p->policy = WINUSB_POLICY_PIPE_TRANSFER_TIMEOUT;
			p->value_size = 4;
		}
		break;
	}
	case B_GET_POWER:
	case B_SET_POWER_AUTO:
	case B_SET_POWER_DELAY: {
		struct winusb_power_policy *p = a;

		p->policy = WINUSB_POWER_AUTO_SUSPEND;
		if (b == B_SET_POWER_AUTO) {
			p->value_size = 1;
			p->value = self->s0.power[0];
		} else if (b == B_SET_POWER_DELAY) {
			p->policy = WINUSB_POWER_SUSPEND_DELAY;
			p->value_size = 4;
			p->value = self->s0.power[1];
		}
		break;
	}
	case B_ISOCH_REG_IN:
	case B_ISOCH_REG_OUT: {
		struct winusb_isoch_register *p = a;

		p->endpoint = b == B_ISOCH_REG_IN ? TD_EP_ISOCH_IN : TD_EP_ISOCH_OUT;
		p->buffer_uptr = (uintptr_t)self->isoch2;
		p->length = PAGE;
		break;
	}
	case B_ISOCH_UNREG:
		((struct winusb_isoch_unregister *)a)->handle = self->h_tmp;
		break;
	case B_ISOCH_SUB_IN:
	case B_ISOCH_SUB_OUT: {
		struct winusb_isoch_submit *p = a;

		p->flags = WINUSB_ISOCH_ASAP;
		p->handle = b == B_ISOCH_SUB_IN ? self->h_in : self->h_out;
		p->length = self->fb;
		if (b == B_ISOCH_SUB_IN) {
			p->num_packets = self->ppf;
			p->packets_uptr = (uintptr_t)self->pk;
		}
		break;
	}
	}
}

static uint64_t sym_value(FIXTURE_DATA(args) *self, int intf,
			  const struct member *m)
{
	uint64_t v = (uint64_t)m->value;
	int64_t mul = m->mul;

	switch (m->sym) {
	case S_LIT:
		return v;
	case S_NULL:
		return 0;
	case S_UNMAPPED:
		return (uintptr_t)self->hole;
	case S_NOACCESS:
		return (uintptr_t)self->guard;
	case S_RDONLY:
		return (uintptr_t)self->rdonly;
	case S_KERNEL:
		return KERNEL_PTR;
	case S_NONCANON:
		return NONCANON_PTR;
	case S_AREA_END:
		return (uintptr_t)self->guard + v;
	case S_WRAP:
		return v ? v : WRAP_PTR;
	case S_HUGE:
		return (uintptr_t)self->huge;
	case S_H_TMP:
		return self->h_tmp;
	case S_H_OTHER:
		return self->h_other;
	case S_H_DEAD:
		return self->h_dead;
	case S_ID_PEND:
		return self->pend_id + v;
	case S_ID_OTHER:
		return self->other_id;
	case S_ID_DONE:
		return self->done_id;
	case S_ID_REC:
		return self->rec_id;
	case S_FRAME:
		return (uint32_t)(frame_now(self->fd[intf]) + (int64_t)v);
	case S_FB:
		return v + mul * self->fb;
	case S_NPK:
		return v + mul * self->ppf;
	case S_ISOCHLEN:
		return self->isochlen + v + mul * self->fb;
	case S_MAXXFER:
		return self->maxtransfer + v + mul * self->maxp;
	case S_MAXP:
		return v + mul * self->maxp;
	case S_DELAY:
		return self->s0.power[1];
	}
	return v;
}

static void set_member(void *a, const struct member *m, uint64_t v)
{
	memcpy((uint8_t *)a + m->off, &v, m->width);	/* little-endian */
}

/* Create the state @prep asks for: 0 or an errno. */
static int prepare(FIXTURE_DATA(args) *self, unsigned int prep)
{
	struct winusb_isoch_register r;
	struct winusb_completion rec;
	struct pollfd p = { .fd = self->fd[0], .events = POLLIN };
	int ret;

	self->pend_id = self->other_id = self->done_id = self->rec_id = 0;
	self->h_tmp = 0;
	if (prep & P_PENDING) {
		ret = -wu_submit(self->fd[0], WINUSB_XFER_BULK, TD_EP_BULK_IN,
				 self->buf + 32768, 64, NULL, 1, 0,
				 &self->pend_id);
		if (ret)
			return ret;
	}
	if (prep & P_OTHER) {
		ret = -wu_submit(self->fdb[0], WINUSB_XFER_BULK, TD_EP_BULK_IN,
				 self->buf + 40960, 64, NULL, 2, 0,
				 &self->other_id);
		if (ret)
			return ret;
	}
	if (prep & P_DONE) {
		ret = -wu_submit(self->fd[0], WINUSB_XFER_BULK, TD_EP_BULK_OUT,
				 NULL, 0, NULL, 3, 0, &self->done_id);
		if (ret)
			return ret;
		if (wu_reap_id(self->fd[0], self->done_id, 5000, &rec) != 1)
			return EIO;
	}
	if (prep & P_RECORD) {
		ret = -wu_submit(self->fd[0], WINUSB_XFER_BULK, TD_EP_BULK_OUT,
				 NULL, 0, NULL, 4, 0, &self->rec_id);
		if (ret)
			return ret;
		if (poll(&p, 1, 5000) != 1)
			return EIO;
	}
	if (prep & P_HANDLE) {
		ret = isoch_reg(self->fd[1], TD_EP_ISOCH_IN, self->isoch2, PAGE, &r);
		if (ret)
			return ret;
		self->h_tmp = r.out_handle;
	}
	if (prep & P_RAW_IO) {
		self->restore_policies = true;
		return -wu_set_policy(self->fd[0], TD_EP_BULK_IN,
				      WINUSB_POLICY_RAW_IO, 1, 1);
	}
	return 0;
}

/*
 * Undo what a call and its preparation left: abort every pipe, take every
 * record, unregister, restore policies.  Return: the records of requests
 * that were not prepared (a failed call must leave none).
 */
static int cleanup(FIXTURE_DATA(args) *self)
{
	static const uint8_t eps0[] = { 0, TD_EP_BULK_IN, TD_EP_BULK_OUT,
					TD_EP_INT_IN };
	uint64_t ok[2] = { self->pend_id, self->rec_id };
	int bad = 0;

	/*
	 * Isochronous transfers end by themselves within a few frames; let
	 * them, rather than unlink URBs that may be completing (vhci_hcd
	 * drops the device when the test device answers both).  Those that
	 * wait in the kernel for a later frame are aborted below.
	 */
	while (self->isoch_soon > 0) {
		struct pollfd p = { .fd = self->fd[1], .events = POLLIN };
		int n;

		if (poll(&p, 1, 2000) != 1)
			break;
		n = reap_all(self->fd[1], NULL, 0);
		bad += n;
		self->isoch_soon -= n;
	}
	self->isoch_soon = 0;
	/* The same for control, OUT and interrupt transfers. */
	while (self->soon > 0) {
		struct pollfd p = { .fd = self->fd[0], .events = POLLIN };
		int n;

		if (poll(&p, 1, 2000) != 1)
			break;
		bad += reap_all_n(self->fd[0], ok, 2, &n);
		self->soon -= n;
	}
	self->soon = 0;
	for (size_t i = 0; i < sizeof(eps0); i++)
		wu_pipe_op(self->fd[0], WINUSB_IOCTL_ABORT_PIPE, eps0[i]);
	wu_pipe_op(self->fd[1], WINUSB_IOCTL_ABORT_PIPE, TD_EP_ISOCH_IN);
	wu_pipe_op(self->fd[1], WINUSB_IOCTL_ABORT_PIPE, TD_EP_ISOCH_OUT);
	bad += reap_all(self->fd[0], ok, 2);
	bad += reap_all(self->fd[1], NULL, 0);
	reap_all(self->fdb[0], NULL, 0);
	reap_all(self->fdb[1], NULL, 0);
	if (self->rofd >= 0) {
		bad += reap_all(self->rofd, NULL, 0);
		close(self->rofd);
		self->rofd = -1;
	}
	if (self->h_tmp)
		isoch_unreg(self->fd[1], self->h_tmp);
	if (self->h_new)
		isoch_unreg(self->fd[1], self->h_new);
	self->h_tmp = self->h_new = 0;
	if (self->restore_policies)
		for (int i = 0; i < NPOL; i++)
			if (!self->s0.perr[i] &&
			    i % 9 + 1 != WINUSB_POLICY_MAXIMUM_TRANSFER_SIZE)
				wu_set_policy(self->fd[plist[i / 9].intf],
					      plist[i / 9].ep, i % 9 + 1,
					      self->s0.psize[i],
					      self->s0.pval[i]);
	if (self->restore_power) {
		wu_set_power(self->fd[0], WINUSB_POWER_AUTO_SUSPEND, 1,
			     self->s0.power[0]);
		wu_set_power(self->fd[0], WINUSB_POWER_SUSPEND_DELAY, 4,
			     self->s0.power[1]);
	}
	self->restore_policies = self->restore_power = false;
	self->pend_id = self->rec_id = 0;
	return bad;
}

static int pick_fd(FIXTURE_DATA(args) *self, const struct base_desc *b,
		   enum fdsel sel)
{
	switch (sel) {
	case F_RO:
		self->rofd = open(getenv(b->intf ? "WINUSB_NODE1" :
					 "WINUSB_NODE"), O_RDONLY | O_CLOEXEC);
		return self->rofd;
	case F_INTF0:
		return self->fd[0];
	case F_INTF1:
		return self->fd[1];
	default:
		return self->fd[b->intf];
	}
}

/* One call with @a: 0 or the errno; a handle it registered is noted. */
static int call(FIXTURE_DATA(args) *self, const struct base_desc *b, int fd,
		unsigned long cmd, void *a)
{
	int ret = xioctl(fd, cmd, a);

	if (!ret && b->register_new && cmd == b->cmd)
		self->h_new = ((struct winusb_isoch_register *)a)->out_handle;
	/* Only reads of the empty loopback wait for ever. */
	if (!ret && cmd == WINUSB_IOCTL_SUBMIT && fd == self->fd[0]) {
		struct winusb_submit *p = a;

		if (p->type != WINUSB_XFER_BULK ||
		    p->endpoint != TD_EP_BULK_IN || !p->length)
			self->soon++;
	}
	if (!ret && cmd == WINUSB_IOCTL_ISOCH_SUBMIT) {
		struct winusb_isoch_submit *p = a;

		if (p->flags & WINUSB_ISOCH_ASAP ||
		    (int32_t)(p->start_frame - frame_now(self->fd[1])) < 100)
			self->isoch_soon++;
	}
	return ret;
}

static const char *err_name(int e)
{
	return e ? strerror(e) : "success";
}

/*
 * Run the row's call(s).  Loops (each flag bit, each small size) stop at
 * the first call that does not give @want.  Return: the errno seen.
 */
static int run_row(struct __test_metadata *_metadata,
		   FIXTURE_DATA(args) *self, const FIXTURE_VARIANT(args) *v,
		   int want)
{
	const struct base_desc *b = &bases[v->base];
	int fd = pick_fd(self, b, v->fd);
	uint8_t a[ARG_MAX];
	uint32_t size;
	int ret;

	ASSERT_GE(fd, 0);
	fill_base(self, v->base, a);
	for (int i = 0; i < 3 && v->m[i].width; i++)
		set_member(a, &v->m[i], sym_value(self, b->intf, &v->m[i]));

	switch (v->kind) {
	case K_FLAGS:
		for (int bit = 0; bit < 32; bit++) {
			uint32_t f = 1u << bit;

			if (b->flags_ok & f)
				continue;
			fill_base(self, v->base, a);
			((uint32_t *)a)[1] |= f;
			ret = call(self, b, fd, b->cmd, a);
			if (ret != want) {
				TH_LOG("flag bit %d", bit);
				return ret;
			}
		}
		return want;
	case K_SIZE_BELOW:
		for (size = 0; size < b->size; size++) {
			*(uint32_t *)a = size;
			ret = call(self, b, fd, b->cmd, a);
			if (ret != want) {
				TH_LOG("size %u", size);
				return ret;
			}
		}
		return want;
	case K_SIZE: {
		size_t room = 3 * PAGE;
		int64_t tail = v->tail;

		size = v->size ? v->size : b->size + 8;
		memset(self->area, 0, room);
		memcpy(self->area, a, b->size);
		*(uint32_t *)self->area = size;
		if (tail == TAIL_FIRST)
			tail = b->size;
		else if (tail == TAIL_LAST)
			tail = size - 1;
		if (tail >= 0)
			self->area[tail] = 1;
		ret = call(self, b, fd, b->cmd, self->area);
		if (!ret && tail == TAIL_NONE)
			for (size_t i = b->size; i < size && i < room; i++)
				if (self->area[i]) {
					TH_LOG("byte %zu past the structure written",
					       i);
					return -1;
				}
		return ret;
	}
	case K_ARG: {
		void *p;

		switch (v->m[0].sym) {
		case S_RDONLY:
			mprotect(self->rdarg, PAGE, PROT_READ | PROT_WRITE);
			memcpy(self->rdarg, a, b->size);
			mprotect(self->rdarg, PAGE, PROT_READ);
			p = self->rdarg;
			break;
		case S_AREA_END:
			/* The first bytes readable, the rest not. */
			p = self->guard + v->m[0].value;
			memcpy(p, a, -v->m[0].value);
			break;
		default:
			fill_base(self, v->base, a);
			p = (void *)(uintptr_t)sym_value(self, b->intf,
							 &v->m[0]);
		}
		return call(self, b, fd, b->cmd, p);
	}
	case K_CMD:
		fill_base(self, v->base, a);
		return call(self, b, fd, (unsigned long)v->m[0].value, a);
	default:
		return call(self, b, fd, b->cmd, a);
	}
}

TEST_F(args, call)
{
	const struct base_desc *b = &bases[variant->base];
	unsigned int prep = b->prep | variant->prep;
	int want = variant->err == OK ? b->ok : variant->err;
	uint8_t a[ARG_MAX];
	struct snap s1;
	int got, ret;

	if (self->fd[0] < 0 || self->fd[1] < 0)
		SKIP(return, "no $WINUSB_NODE and $WINUSB_NODE1");
	self->restore_policies = variant->base == B_SET_POLICY_U8 ||
				 variant->base == B_SET_POLICY_U32;
	self->restore_power = variant->base == B_SET_POWER_AUTO ||
			      variant->base == B_SET_POWER_DELAY;
	ASSERT_EQ(0, prepare(self, prep));
	if (prep)
		take_snap(self, &s1);
	else
		s1 = self->s0;

	got = run_row(_metadata, self, variant, want);
	EXPECT_EQ(want, got)
		TH_LOG("%s: %s, expected %s", b->name, err_name(got),
		       err_name(want));

	if (want) {
		/* Nothing changed: the state, the prepared requests. */
		check_snap(_metadata, self, &s1, "after the failed call");
		if (prep & P_PENDING)
			EXPECT_EQ(EAGAIN, reap_nonblock_id(self->fd[0],
							   self->pend_id))
				TH_LOG("the pending request is not pending");
		if (prep & P_RECORD) {
			struct winusb_completion rec;

			EXPECT_EQ(1, wu_reap_id(self->fd[0], self->rec_id, 0,
						&rec))
				TH_LOG("the queued record is gone");
		}
		if (prep & P_HANDLE)
			EXPECT_EQ(0, isoch_unreg(self->fd[1], self->h_tmp))
				TH_LOG("the registered handle is gone");
		EXPECT_EQ(0, cleanup(self))
			TH_LOG("the failed call queued a request");
	} else {
		cleanup(self);
	}

	/* The valid argument works right after. */
	self->restore_policies = variant->base == B_SET_POLICY_U8 ||
				 variant->base == B_SET_POLICY_U32;
	self->restore_power = variant->base == B_SET_POWER_AUTO ||
			      variant->base == B_SET_POWER_DELAY;
	ASSERT_EQ(0, prepare(self, b->prep));
	fill_base(self, variant->base, a);
	ret = call(self, b, self->fd[b->intf], b->cmd, a);
	EXPECT_EQ(b->ok, ret)
		TH_LOG("the valid %s after the row: %s", b->name,
		       err_name(ret));
	cleanup(self);
	check_snap(_metadata, self, &self->s0, "after cleaning up");
}

/* Row helpers. */
#define ROW(_name, ...) \
	FIXTURE_VARIANT_ADD(args, _name) { .name = #_name, __VA_ARGS__ }
#define M(T, f, v) \
	{ .off = offsetof(T, f), .width = sizeof(((T *)0)->f), \
	  .value = (int64_t)(v) }
#define MS(T, f, s, v) \
	{ .off = offsetof(T, f), .width = sizeof(((T *)0)->f), .sym = s, \
	  .value = (int64_t)(v) }
#define MSM(T, f, s, v, k) \
	{ .off = offsetof(T, f), .width = sizeof(((T *)0)->f), .sym = s, \
	  .value = (int64_t)(v), .mul = k }
#define MB(T, f, o, w, v) \
	{ .off = offsetof(T, f) + (o), .width = w, .value = (int64_t)(v) }
#define SET(_name, B, e, ...) \
	ROW(_name, .base = B, .kind = K_FIELD, .m = { __VA_ARGS__ }, .err = e)
#define SETP(_name, B, p, e, ...) \
	ROW(_name, .base = B, .kind = K_FIELD, .prep = p, \
	    .m = { __VA_ARGS__ }, .err = e)
#define SETF(_name, B, fd_, e, ...) \
	ROW(_name, .base = B, .kind = K_FIELD, .fd = fd_, \
	    .m = { __VA_ARGS__ }, .err = e)

/*
 * What every ioctl gets: the valid call; every size below the first
 * version's; larger with a zero tail (accepted, nothing written past the
 * structure), with a non-zero first or last tail byte (E2BIG); a page
 * (the largest size accepted) with a zero tail and with a non-zero last
 * byte; above a page (E2BIG, whatever the tail); every undefined flag bit;
 * an argument pointer that is NULL, unmapped, inaccessible, in the kernel,
 * cut short by an inaccessible page, or read-only (@ro_arg: EFAULT when
 * the kernel writes it back); a read-only file (@ro_file).
 */
#define GENERIC(p, B, ro_arg, ro_file) \
	ROW(p##_valid, .base = B, .kind = K_VALID, .err = OK); \
	ROW(p##_size_below_first_version, .base = B, .kind = K_SIZE_BELOW, \
	    .err = EINVAL); \
	ROW(p##_size_larger_zero_tail, .base = B, .kind = K_SIZE, \
	    .tail = TAIL_NONE, .err = OK); \
	ROW(p##_size_larger_tail_first_byte, .base = B, .kind = K_SIZE, \
	    .tail = TAIL_FIRST, .err = E2BIG); \
	ROW(p##_size_larger_tail_last_byte, .base = B, .kind = K_SIZE, \
	    .tail = TAIL_LAST, .err = E2BIG); \
	ROW(p##_size_page_zero_tail, .base = B, .kind = K_SIZE, \
	    .size = PAGE, .tail = TAIL_NONE, .err = OK); \
	ROW(p##_size_page_tail_last_byte, .base = B, .kind = K_SIZE, \
	    .size = PAGE, .tail = TAIL_LAST, .err = E2BIG); \
	ROW(p##_size_page_plus_1_zero_tail, .base = B, .kind = K_SIZE, \
	    .size = PAGE + 1, .tail = TAIL_NONE, .err = E2BIG); \
	ROW(p##_size_2_pages_zero_tail, .base = B, .kind = K_SIZE, \
	    .size = 2 * PAGE, .tail = TAIL_NONE, .err = E2BIG); \
	ROW(p##_size_u32_max, .base = B, .kind = K_SIZE, \
	    .size = 0xffffffffu, .tail = TAIL_NONE, .err = E2BIG); \
	ROW(p##_flags_each_undefined_bit, .base = B, .kind = K_FLAGS, \
	    .err = EINVAL); \
	ROW(p##_arg_null, .base = B, .kind = K_ARG, \
	    .m = { { .sym = S_NULL } }, .err = EFAULT); \
	ROW(p##_arg_unmapped, .base = B, .kind = K_ARG, \
	    .m = { { .sym = S_UNMAPPED } }, .err = EFAULT); \
	ROW(p##_arg_no_access, .base = B, .kind = K_ARG, \
	    .m = { { .sym = S_NOACCESS } }, .err = EFAULT); \
	ROW(p##_arg_kernel, .base = B, .kind = K_ARG, \
	    .m = { { .sym = S_KERNEL } }, .err = EFAULT); \
	ROW(p##_arg_cut_short, .base = B, .kind = K_ARG, \
	    .m = { { .sym = S_AREA_END, .value = -8 } }, .err = EFAULT); \
	ROW(p##_arg_read_only, .base = B, .kind = K_ARG, \
	    .m = { { .sym = S_RDONLY } }, .err = ro_arg); \
	ROW(p##_read_only_file, .base = B, .kind = K_VALID, .fd = F_RO, \
	    .err = ro_file)

/* Pointer members: every way a user pointer can be bad. */
#define BAD_PTRS(p, B, T, f, rd) \
	SET(p##_null, B, EFAULT, MS(T, f, S_NULL, 0)); \
	SET(p##_unmapped, B, EFAULT, MS(T, f, S_UNMAPPED, 0)); \
	SET(p##_no_access, B, EFAULT, MS(T, f, S_NOACCESS, 0)); \
	SET(p##_kernel, B, EFAULT, MS(T, f, S_KERNEL, 0)); \
	SET(p##_noncanonical, B, EFAULT, MS(T, f, S_NONCANON, 0)); \
	SET(p##_cut_short, B, EFAULT, MS(T, f, S_AREA_END, -8)); \
	SET(p##_read_only, B, rd, MS(T, f, S_RDONLY, 0))

/* Endpoint members (__u32 or __u8) that name no endpoint here. */
#define NO_EPS(p, B, T, f, other) \
	SET(p##_0x80, B, ENOENT, M(T, f, 0x80)); \
	SET(p##_0x8f, B, ENOENT, M(T, f, 0x8f)); \
	SET(p##_0x90, B, ENOENT, M(T, f, 0x90)); \
	SET(p##_0xff, B, ENOENT, M(T, f, 0xff)); \
	SET(p##_0x7f, B, ENOENT, M(T, f, 0x7f)); \
	SET(p##_other_interface, B, ENOENT, M(T, f, other))

/*
 * Endpoints and alternate settings are one byte followed by reserved
 * bytes (ABI version 2): a value written as the __u32 of version 1 that
 * does not fit in the byte lands in the reserved bytes (EINVAL).
 */
#define NOT_A_BYTE(p, B, T, f) \
	SET(p##_as_u32_0x181, B, EINVAL, MB(T, f, 0, 4, 0x181)); \
	SET(p##_as_u32_0x100, B, EINVAL, MB(T, f, 0, 4, 0x100)); \
	SET(p##_as_u32_max, B, EINVAL, MB(T, f, 0, 4, 0xffffffffu))

#define NO_EPS8(p, B, T, f, other) \
	NO_EPS(p, B, T, f, other); \
	NOT_A_BYTE(p, B, T, f)

#define RSV(p, B, T, f, top) \
	SET(p##_1, B, EINVAL, M(T, f, 1)); \
	SET(p##_top_bit, B, EINVAL, M(T, f, top))

/* Reserved byte arrays: their first and their last byte. */
#define RSVA(p, B, T, f) \
	SET(p##_first_byte, B, EINVAL, M(T, f[0], 1)); \
	SET(p##_last_byte, B, EINVAL, \
	    M(T, f[sizeof(((T *)0)->f) - 1], 0x80))

/* Unknown ioctl numbers; the size in the number does not matter. */
#define T_INFO struct winusb_info
ROW(ioctl_nr_0x93, .base = B_GET_INFO, .kind = K_CMD,
    .m = { { .value = _IOWR('W', 0x93, T_INFO) } }, .err = ENOTTY);
ROW(ioctl_nr_0x9f, .base = B_GET_INFO, .kind = K_CMD,
    .m = { { .value = _IOWR('W', 0x9f, T_INFO) } }, .err = ENOTTY);
ROW(ioctl_nr_0x7f, .base = B_GET_INFO, .kind = K_CMD,
    .m = { { .value = _IOWR('W', 0x7f, T_INFO) } }, .err = ENOTTY);
ROW(ioctl_type_X, .base = B_GET_INFO, .kind = K_CMD,
    .m = { { .value = _IOWR('X', 0x80, T_INFO) } }, .err = ENOTTY);
ROW(ioctl_get_info_no_size_no_dir, .base = B_GET_INFO, .kind = K_CMD,
    .m = { { .value = _IO('W', 0x80) } }, .err = 0);
ROW(ioctl_get_info_other_size, .base = B_GET_INFO, .kind = K_CMD,
    .m = { { .value = _IOWR('W', 0x80, uint64_t) } }, .err = 0);

/* GET_INFO */
GENERIC(get_info, B_GET_INFO, EFAULT, 0);
SET(get_info_reserved0, B_GET_INFO, EINVAL, M(T_INFO, __reserved[0], 1));
SET(get_info_reserved1, B_GET_INFO, EINVAL, M(T_INFO, __reserved[1], 1));
SET(get_info_reserved2_top_bit, B_GET_INFO, EINVAL,
    M(T_INFO, __reserved[2], 0x80));
SET(get_info_outputs_ignored, B_GET_INFO, OK,
    M(T_INFO, out_capabilities, -1), M(T_INFO, out_abi_version, -1),
    M(T_INFO, out_disconnected, 1));
SETF(get_info_interface1, B_GET_INFO, F_INTF1, OK);

/* GET_DESCRIPTOR */
#define T_GD struct winusb_get_descriptor
GENERIC(get_desc, B_GET_DESC, EFAULT, 0);
SET(get_desc_length_0, B_GET_DESC, OK, M(T_GD, length, 0));
SET(get_desc_length_1, B_GET_DESC, OK, M(T_GD, length, 1));
SET(get_desc_length_u32_max, B_GET_DESC, OK,
    M(T_GD, length, 0xffffffffu));
SET(get_desc_length_0_data_null, B_GET_DESC, OK, M(T_GD, length, 0),
    MS(T_GD, data_uptr, S_NULL, 0));
BAD_PTRS(get_desc_data, B_GET_DESC, T_GD, data_uptr, EFAULT);
SET(get_desc_config, B_GET_DESC, OK, M(T_GD, type, 2),
    M(T_GD, length, 9));
SET(get_desc_config_index_past_last, B_GET_DESC, EPIPE, M(T_GD, type, 2),
    M(T_GD, index, 1));
SET(get_desc_type_0, B_GET_DESC, EPIPE, M(T_GD, type, 0));
SET(get_desc_string_languages, B_GET_DESC, OK, M(T_GD, type, 3),
    M(T_GD, length, 255));
SET(get_desc_string_length_4097, B_GET_DESC, OK, M(T_GD, type, 3),
    M(T_GD, index, TD_STR_PRODUCT), M(T_GD, length, 4097));
ROW(get_desc_string_read_only_file, .base = B_GET_DESC, .kind = K_FIELD,
    .fd = F_RO, .m = { M(T_GD, type, 3) }, .err = EPERM);
ROW(get_desc_config_read_only_file, .base = B_GET_DESC, .kind = K_FIELD,
    .fd = F_RO, .m = { M(T_GD, type, 2) }, .err = 0);
SET(get_desc_outputs_ignored, B_GET_DESC, OK, M(T_GD, out_length, -1),
    M(T_GD, out_total_length, -1));

/* QUERY_PIPE */
#define T_QP struct winusb_query_pipe
GENERIC(query_pipe, B_QUERY_PIPE, EFAULT, 0);
RSV(query_pipe_reserved, B_QUERY_PIPE, T_QP, __reserved, 0x8000);
RSV(query_pipe_reserved2, B_QUERY_PIPE, T_QP, __reserved2, 0x8000);
RSV(query_pipe_reserved3, B_QUERY_PIPE, T_QP, __reserved3, 0x80000000u);
SET(query_pipe_alt_1, B_QUERY_PIPE, ENOENT, M(T_QP, alt_setting, 1));
SET(query_pipe_alt_255, B_QUERY_PIPE, ENOENT, M(T_QP, alt_setting, 255));
SET(query_pipe_index_last, B_QUERY_PIPE, OK, M(T_QP, pipe_index, 2));
SET(query_pipe_index_past_last, B_QUERY_PIPE, ERANGE,
    M(T_QP, pipe_index, 3));
SET(query_pipe_index_255, B_QUERY_PIPE, ERANGE, M(T_QP, pipe_index, 255));
SETF(query_pipe_intf1_alt1_last, B_QUERY_PIPE, F_INTF1, OK,
     M(T_QP, alt_setting, 1), M(T_QP, pipe_index, 1));
SETF(query_pipe_intf1_alt1_past_last, B_QUERY_PIPE, F_INTF1, ERANGE,
     M(T_QP, alt_setting, 1), M(T_QP, pipe_index, 2));
SETF(query_pipe_intf1_alt0_no_endpoints, B_QUERY_PIPE, F_INTF1, ERANGE,
     M(T_QP, alt_setting, 0), M(T_QP, pipe_index, 0));
SETF(query_pipe_intf1_alt2, B_QUERY_PIPE, F_INTF1, ENOENT,
     M(T_QP, alt_setting, 2));
SET(query_pipe_outputs_ignored, B_QUERY_PIPE, OK,
    M(T_QP, out_endpoint, 0xff), M(T_QP, out_max_bytes_per_interval, -1),
    M(T_QP, out_interval_us, -1));

/* GET_ALTSETTING, SET_ALTSETTING */
#define T_ALT struct winusb_altsetting
GENERIC(get_alt, B_GET_ALT, EFAULT, 0);
RSVA(get_alt_reserved, B_GET_ALT, T_ALT, __reserved);
SET(get_alt_output_ignored, B_GET_ALT, OK, M(T_ALT, alt_setting, 0xff));
GENERIC(set_alt, B_SET_ALT, 0, EPERM);
RSVA(set_alt_reserved, B_SET_ALT, T_ALT, __reserved);
SET(set_alt_1_absent, B_SET_ALT, ENOENT, M(T_ALT, alt_setting, 1));
SET(set_alt_255, B_SET_ALT, ENOENT, M(T_ALT, alt_setting, 255));
SET(set_alt_as_u32_256, B_SET_ALT, EINVAL,
    MB(T_ALT, alt_setting, 0, 4, 256));
SET(set_alt_as_u32_max, B_SET_ALT, EINVAL,
    MB(T_ALT, alt_setting, 0, 4, 0xffffffffu));
SETP(set_alt_request_pending, B_SET_ALT, P_PENDING, EBUSY,
     M(T_ALT, alt_setting, 0));
SET(set_alt_intf1_current, B_SET_ALT1, OK);
SET(set_alt_intf1_2_absent, B_SET_ALT1, ENOENT, M(T_ALT, alt_setting, 2));
SET(set_alt_intf1_as_u32_0x101, B_SET_ALT1, EINVAL,
    MB(T_ALT, alt_setting, 0, 4, 0x101));

/* SUBMIT */
#define T_SUB struct winusb_submit
GENERIC(submit, B_SUBMIT_IN, EFAULT, EPERM);
RSV(submit_reserved, B_SUBMIT_IN, T_SUB, __reserved, 0x8000);
RSV(submit_reserved2, B_SUBMIT_IN, T_SUB, __reserved2, 0x80000000u);
SET(submit_timeout_without_flag, B_SUBMIT_IN, EINVAL,
    M(T_SUB, timeout_ms, 1));
SET(submit_timeout_flag_0, B_SUBMIT_IN, OK,
    M(T_SUB, flags, WINUSB_SUBMIT_TIMEOUT));
SET(submit_timeout_flag_u32_max, B_SUBMIT_IN, OK,
    M(T_SUB, flags, WINUSB_SUBMIT_TIMEOUT), M(T_SUB, timeout_ms, -1));
SET(submit_type_isoch, B_SUBMIT_IN, EINVAL,
    M(T_SUB, type, WINUSB_XFER_ISOCH));
SET(submit_type_4, B_SUBMIT_IN, EINVAL, M(T_SUB, type, 4));
SET(submit_type_255, B_SUBMIT_IN, EINVAL, M(T_SUB, type, 255));
SET(submit_type_interrupt_on_bulk, B_SUBMIT_IN, EINVAL,
    M(T_SUB, type, WINUSB_XFER_INTERRUPT));
SET(submit_type_bulk_on_interrupt, B_SUBMIT_INT, EINVAL,
    M(T_SUB, type, WINUSB_XFER_BULK));
SET(submit_interrupt, B_SUBMIT_INT, OK);
SET(submit_ep_0_bulk, B_SUBMIT_IN, ENOENT, M(T_SUB, endpoint, 0));
NO_EPS(submit_ep, B_SUBMIT_IN, T_SUB, endpoint, TD_EP_ISOCH_IN);
SET(submit_ep_in_direction_of_out, B_SUBMIT_IN, ENOENT,
    M(T_SUB, endpoint, 0x80 | TD_EP_BULK_OUT));
SET(submit_ep_out_direction_of_in, B_SUBMIT_IN, ENOENT,
    M(T_SUB, endpoint, TD_EP_BULK_IN & 0x7f));
SET(submit_ep_out_direction_of_interrupt, B_SUBMIT_INT, ENOENT,
    M(T_SUB, endpoint, TD_EP_INT_IN & 0x7f));
SET(submit_setup_first_byte_bulk, B_SUBMIT_IN, EINVAL,
    M(T_SUB, setup[0], 1));
SET(submit_setup_last_byte_bulk, B_SUBMIT_IN, EINVAL,
    M(T_SUB, setup[7], 0x80));
SET(submit_length_0, B_SUBMIT_IN, OK, M(T_SUB, length, 0));
SET(submit_length_0_data_null, B_SUBMIT_IN, OK, M(T_SUB, length, 0),
    MS(T_SUB, data_uptr, S_NULL, 0));
SET(submit_length_u32_max, B_SUBMIT_OUT, ENOMEM, M(T_SUB, length, -1),
    MS(T_SUB, data_uptr, S_HUGE, 0));
BAD_PTRS(submit_data, B_SUBMIT_IN, T_SUB, data_uptr, EFAULT);
SET(submit_data_wraps, B_SUBMIT_IN, EFAULT, MS(T_SUB, data_uptr, S_WRAP, 0),
    M(T_SUB, length, 2 * PAGE));
SET(submit_out, B_SUBMIT_OUT, OK);
SET(submit_out_data_null, B_SUBMIT_OUT, EFAULT,
    MS(T_SUB, data_uptr, S_NULL, 0));
SET(submit_out_data_unmapped, B_SUBMIT_OUT, EFAULT,
    MS(T_SUB, data_uptr, S_UNMAPPED, 0));
SET(submit_out_data_cut_short, B_SUBMIT_OUT, EFAULT,
    MS(T_SUB, data_uptr, S_AREA_END, -8));
SET(submit_out_data_read_only, B_SUBMIT_OUT, OK,
    MS(T_SUB, data_uptr, S_RDONLY, 0));
SETP(submit_raw_io_not_max_packet_multiple, B_SUBMIT_IN, P_RAW_IO, EINVAL,
     MSM(T_SUB, length, S_MAXP, 1, 1));
SETP(submit_raw_io_max_packet, B_SUBMIT_IN, P_RAW_IO, OK,
     MSM(T_SUB, length, S_MAXP, 0, 1));
SETP(submit_raw_io_maximum_transfer_size, B_SUBMIT_IN, P_RAW_IO, OK,
     MS(T_SUB, length, S_MAXXFER, 0), MS(T_SUB, data_uptr, S_HUGE, 0));
SETP(submit_raw_io_above_maximum_transfer_size, B_SUBMIT_IN, P_RAW_IO,
     EMSGSIZE, MSM(T_SUB, length, S_MAXXFER, 0, 1),
     MS(T_SUB, data_uptr, S_HUGE, 0));
/* Control transfers. */
SET(submit_ctl_in, B_SUBMIT_CTL_IN, OK);
SET(submit_ctl_length_below_wlength, B_SUBMIT_CTL_IN, EINVAL,
    M(T_SUB, length, 63));
SET(submit_ctl_length_above_wlength, B_SUBMIT_CTL_IN, EINVAL,
    M(T_SUB, length, 65));
SET(submit_ctl_length_4096, B_SUBMIT_CTL_IN, OK, M(T_SUB, length, 4096),
    MB(T_SUB, setup, 6, 2, 4096));
SET(submit_ctl_length_4097, B_SUBMIT_CTL_IN, EMSGSIZE,
    M(T_SUB, length, 4097), MB(T_SUB, setup, 6, 2, 4097));
SET(submit_ctl_length_0xffff, B_SUBMIT_CTL_IN, EMSGSIZE,
    M(T_SUB, length, 0xffff), MB(T_SUB, setup, 6, 2, 0xffff));
SET(submit_ctl_endpoint_1, B_SUBMIT_CTL_IN, EINVAL, M(T_SUB, endpoint, 1));
SET(submit_ctl_endpoint_0x80, B_SUBMIT_CTL_IN, EINVAL,
    M(T_SUB, endpoint, 0x80));
BAD_PTRS(submit_ctl_data, B_SUBMIT_CTL_IN, T_SUB, data_uptr, EFAULT);
SET(submit_ctl_out, B_SUBMIT_CTL_OUT, OK);
SET(submit_ctl_set_address, B_SUBMIT_CTL_OUT, EPERM,
    MB(T_SUB, setup, 0, 2, 0x0500));
SET(submit_ctl_set_configuration, B_SUBMIT_CTL_OUT, EPERM,
    MB(T_SUB, setup, 0, 2, 0x0900));
SET(submit_ctl_set_interface, B_SUBMIT_CTL_OUT, EPERM,
    MB(T_SUB, setup, 0, 2, 0x0b01));
SET(submit_ctl_endpoint_recipient_other_interface, B_SUBMIT_CTL_OUT,
    ENOENT, M(T_SUB, setup[0], 0x42), M(T_SUB, setup[4], TD_EP_ISOCH_IN));
SET(submit_ctl_endpoint_recipient_0x8f, B_SUBMIT_CTL_OUT, ENOENT,
    M(T_SUB, setup[0], 0x42), M(T_SUB, setup[4], 0x8f));
SET(submit_ctl_endpoint_recipient_own, B_SUBMIT_CTL_OUT, OK,
    M(T_SUB, setup[0], 0x42), M(T_SUB, setup[4], TD_EP_BULK_OUT));
SET(submit_ctl_out_data_unmapped, B_SUBMIT_CTL_OUT, EFAULT,
    M(T_SUB, length, 64), MB(T_SUB, setup, 6, 2, 64),
    MS(T_SUB, data_uptr, S_UNMAPPED, 0));
SET(submit_ctl_out_data_read_only, B_SUBMIT_CTL_OUT, OK,
    M(T_SUB, length, 64), MB(T_SUB, setup, 6, 2, 64),
    MS(T_SUB, data_uptr, S_RDONLY, 0));
SET(submit_outputs_ignored, B_SUBMIT_IN, OK, M(T_SUB, out_id, -1));

/* REAP */
#define T_REAP struct winusb_reap
GENERIC(reap, B_REAP, OK, EPERM);
RSV(reap_reserved, B_REAP, T_REAP, __reserved, 0x80000000u);
SET(reap_count_0, B_REAP, EINVAL, M(T_REAP, count, 0));
SET(reap_count_u32_max, B_REAP, OK, M(T_REAP, count, 0xffffffffu));
SET(reap_record_size_0, B_REAP, EINVAL, M(T_REAP, record_size, 0));
SET(reap_record_size_39, B_REAP, EINVAL, M(T_REAP, record_size, 39));
SET(reap_record_size_page, B_REAP, OK, M(T_REAP, record_size, PAGE));
SET(reap_record_size_page_plus_1, B_REAP, EINVAL,
    M(T_REAP, record_size, PAGE + 1));
SET(reap_record_size_u32_max, B_REAP, EINVAL,
    M(T_REAP, record_size, 0xffffffffu));
SET(reap_id_without_match, B_REAP, EINVAL, M(T_REAP, id, 1));
SET(reap_match_id_0, B_REAP, ENOENT,
    M(T_REAP, flags, WINUSB_REAP_NONBLOCK | WINUSB_REAP_MATCH_ID));
SET(reap_match_id_never_issued, B_REAP, ENOENT,
    M(T_REAP, flags, WINUSB_REAP_NONBLOCK | WINUSB_REAP_MATCH_ID),
    M(T_REAP, id, NEVER_ID));
SETP(reap_match_id_other_file, B_REAP, P_OTHER, ENOENT,
     M(T_REAP, flags, WINUSB_REAP_NONBLOCK | WINUSB_REAP_MATCH_ID),
     MS(T_REAP, id, S_ID_OTHER, 0));
SETP(reap_match_id_reaped, B_REAP, P_DONE, ENOENT,
     M(T_REAP, flags, WINUSB_REAP_NONBLOCK | WINUSB_REAP_MATCH_ID),
     MS(T_REAP, id, S_ID_DONE, 0));
SETP(reap_match_id_pending, B_REAP, P_PENDING, EAGAIN,
     M(T_REAP, flags, WINUSB_REAP_NONBLOCK | WINUSB_REAP_MATCH_ID),
     MS(T_REAP, id, S_ID_PEND, 0));
SET(reap_timeout_0, B_REAP, ETIMEDOUT, M(T_REAP, flags, 0));
SET(reap_timeout_1, B_REAP, ETIMEDOUT, M(T_REAP, flags, 0),
    M(T_REAP, timeout_ms, 1));
SET(reap_record, B_REAP_REC, OK);
BAD_PTRS(reap_records, B_REAP_REC, T_REAP, records_uptr, EFAULT);
SET(reap_record_size_page_record, B_REAP_REC, OK,
    M(T_REAP, record_size, PAGE), MS(T_REAP, records_uptr, S_AREA_END, -PAGE));
SET(reap_record_size_page_plus_1_record, B_REAP_REC, EINVAL,
    M(T_REAP, record_size, PAGE + 1),
    MS(T_REAP, records_uptr, S_AREA_END, -2 * PAGE));
/* (Records at the end of memory: a kernel that zeroes 4 GiB stops there.) */
SET(reap_record_size_u32_max_record, B_REAP_REC, EINVAL,
    M(T_REAP, record_size, 0xffffffffu),
    MS(T_REAP, records_uptr, S_AREA_END,
       -(int)sizeof(struct winusb_completion)));
SET(reap_record_size_48_record, B_REAP_REC, OK,
    M(T_REAP, record_size, 48));
SET(reap_count_u32_max_one_record_room, B_REAP_REC, OK,
    M(T_REAP, count, 0xffffffffu),
    MS(T_REAP, records_uptr, S_AREA_END,
       -(int)sizeof(struct winusb_completion)));
SET(reap_match_id_record, B_REAP_REC, OK,
    M(T_REAP, flags, WINUSB_REAP_NONBLOCK | WINUSB_REAP_MATCH_ID),
    MS(T_REAP, id, S_ID_REC, 0));
SET(reap_match_id_never_issued_record, B_REAP_REC, ENOENT,
    M(T_REAP, flags, WINUSB_REAP_NONBLOCK | WINUSB_REAP_MATCH_ID),
    M(T_REAP, id, NEVER_ID));

/* CANCEL */
#define T_CAN struct winusb_cancel
GENERIC(cancel, B_CANCEL, OK, EPERM);
SET(cancel_id_0, B_CANCEL, ENOENT, M(T_CAN, id, 0));
SET(cancel_id_never_issued, B_CANCEL, ENOENT, M(T_CAN, id, NEVER_ID));
SET(cancel_id_high_bits, B_CANCEL, ENOENT,
    MS(T_CAN, id, S_ID_PEND, 1ll << 32));
SETP(cancel_id_other_file, B_CANCEL, P_OTHER, ENOENT,
     MS(T_CAN, id, S_ID_OTHER, 0));
SETP(cancel_id_reaped, B_CANCEL, P_DONE, ENOENT,
     MS(T_CAN, id, S_ID_DONE, 0));
SETP(cancel_id_completed_queued, B_CANCEL, P_RECORD, ENOENT,
     MS(T_CAN, id, S_ID_REC, 0));

/* ABORT_PIPE, RESET_PIPE, FLUSH_PIPE */
#define T_PIPE struct winusb_pipe_cmd
#define PIPE_ROWS(p, B, ep0) \
	GENERIC(p, B, OK, EPERM); \
	RSVA(p##_reserved, B, T_PIPE, __reserved); \
	SET(p##_ep_0, B, ep0, M(T_PIPE, endpoint, 0)); \
	SET(p##_ep_bulk_out, B, OK, M(T_PIPE, endpoint, TD_EP_BULK_OUT)); \
	SET(p##_ep_interrupt, B, OK, M(T_PIPE, endpoint, TD_EP_INT_IN)); \
	SET(p##_ep_wrong_direction, B, ENOENT, \
	    M(T_PIPE, endpoint, TD_EP_BULK_IN & 0x7f)); \
	NO_EPS8(p##_ep, B, T_PIPE, endpoint, TD_EP_ISOCH_IN)
PIPE_ROWS(abort, B_ABORT, OK);
PIPE_ROWS(reset, B_RESET, ENOENT);
PIPE_ROWS(flush, B_FLUSH, ENOENT);

/* GET_PIPE_POLICY, SET_PIPE_POLICY */
#define T_POL struct winusb_pipe_policy
GENERIC(get_policy, B_GET_POLICY, EFAULT, 0);
RSVA(get_policy_reserved, B_GET_POLICY, T_POL, __reserved);
RSV(get_policy_reserved2, B_GET_POLICY, T_POL, __reserved2, 0x80000000u);
SET(get_policy_control_pipe, B_GET_POLICY, OK, M(T_POL, endpoint, 0));
SET(get_policy_ep_wrong_direction, B_GET_POLICY, ENOENT,
    M(T_POL, endpoint, TD_EP_BULK_IN & 0x7f));
NO_EPS8(get_policy_ep, B_GET_POLICY, T_POL, endpoint, TD_EP_ISOCH_IN);
SET(get_policy_0, B_GET_POLICY, ENOPROTOOPT, M(T_POL, policy, 0));
SET(get_policy_first, B_GET_POLICY, OK,
    M(T_POL, policy, WINUSB_POLICY_SHORT_PACKET_TERMINATE));
SET(get_policy_last, B_GET_POLICY, OK,
    M(T_POL, policy, WINUSB_POLICY_RESET_PIPE_ON_RESUME));
SET(get_policy_past_last, B_GET_POLICY, ENOPROTOOPT,
    M(T_POL, policy, WINUSB_POLICY_RESET_PIPE_ON_RESUME + 1));
SET(get_policy_power_number, B_GET_POLICY, ENOPROTOOPT,
    M(T_POL, policy, WINUSB_POWER_AUTO_SUSPEND));
SET(get_policy_0x101, B_GET_POLICY, ENOPROTOOPT, M(T_POL, policy, 0x101));
SET(get_policy_u32_max, B_GET_POLICY, ENOPROTOOPT,
    M(T_POL, policy, 0xffffffffu));
SET(get_policy_outputs_ignored, B_GET_POLICY, OK, M(T_POL, value_size, 7),
    M(T_POL, value, -1));
GENERIC(set_policy, B_SET_POLICY_U8, OK, EPERM);
RSVA(set_policy_reserved, B_SET_POLICY_U8, T_POL, __reserved);
RSV(set_policy_reserved2, B_SET_POLICY_U8, T_POL, __reserved2, 0x80000000u);
SET(set_policy_control_pipe_ignored, B_SET_POLICY_U8, OK,
    M(T_POL, endpoint, 0));
SET(set_policy_control_pipe_timeout, B_SET_POLICY_U32, OK,
    M(T_POL, endpoint, 0), M(T_POL, value, WINUSB_DEFAULT_CONTROL_TIMEOUT));
SET(set_policy_ep_wrong_direction, B_SET_POLICY_U8, ENOENT,
    M(T_POL, endpoint, TD_EP_BULK_IN & 0x7f));
NO_EPS8(set_policy_ep, B_SET_POLICY_U8, T_POL, endpoint, TD_EP_ISOCH_IN);
SET(set_policy_0, B_SET_POLICY_U8, ENOPROTOOPT, M(T_POL, policy, 0));
SET(set_policy_past_last, B_SET_POLICY_U8, ENOPROTOOPT,
    M(T_POL, policy, WINUSB_POLICY_RESET_PIPE_ON_RESUME + 1));
SET(set_policy_u32_max, B_SET_POLICY_U8, ENOPROTOOPT,
    M(T_POL, policy, 0xffffffffu));
SET(set_policy_maximum_transfer_size, B_SET_POLICY_U8, EACCES,
    M(T_POL, policy, WINUSB_POLICY_MAXIMUM_TRANSFER_SIZE),
    M(T_POL, value_size, 4), M(T_POL, value, 1 << 20));
SET(set_policy_u8_size_0, B_SET_POLICY_U8, EINVAL, M(T_POL, value_size, 0));
SET(set_policy_u8_size_2, B_SET_POLICY_U8, EINVAL, M(T_POL, value_size, 2));
SET(set_policy_u8_size_4, B_SET_POLICY_U8, EINVAL, M(T_POL, value_size, 4));
SET(set_policy_u8_size_8, B_SET_POLICY_U8, EINVAL, M(T_POL, value_size, 8));
SET(set_policy_u8_size_u32_max, B_SET_POLICY_U8, EINVAL,
    M(T_POL, value_size, 0xffffffffu));
SET(set_policy_u8_value_1, B_SET_POLICY_U8, OK, M(T_POL, value, 1));
SET(set_policy_u8_value_0xff, B_SET_POLICY_U8, OK, M(T_POL, value, 0xff));
SET(set_policy_u8_value_0x100, B_SET_POLICY_U8, EINVAL,
    M(T_POL, value, 0x100));
SET(set_policy_u8_value_top_bit, B_SET_POLICY_U8, EINVAL,
    M(T_POL, value, 1ull << 63));
SET(set_policy_u32, B_SET_POLICY_U32, OK);
SET(set_policy_u32_size_1, B_SET_POLICY_U32, EINVAL,
    M(T_POL, value_size, 1));
SET(set_policy_u32_size_2, B_SET_POLICY_U32, EINVAL,
    M(T_POL, value_size, 2));
SET(set_policy_u32_size_8, B_SET_POLICY_U32, EINVAL,
    M(T_POL, value_size, 8));
SET(set_policy_u32_value_max, B_SET_POLICY_U32, OK,
    M(T_POL, value, 0xffffffffu));
SET(set_policy_u32_value_2_32, B_SET_POLICY_U32, EINVAL,
    M(T_POL, value, 1ull << 32));

/* GET_POWER_POLICY, SET_POWER_POLICY */
#define T_PWR struct winusb_power_policy
GENERIC(get_power, B_GET_POWER, EFAULT, 0);
SET(get_power_suspend_delay, B_GET_POWER, OK,
    M(T_PWR, policy, WINUSB_POWER_SUSPEND_DELAY));
SET(get_power_0, B_GET_POWER, ENOPROTOOPT, M(T_PWR, policy, 0));
SET(get_power_pipe_policy_number, B_GET_POWER, ENOPROTOOPT,
    M(T_PWR, policy, 1));
SET(get_power_0x80, B_GET_POWER, ENOPROTOOPT, M(T_PWR, policy, 0x80));
SET(get_power_0x82, B_GET_POWER, ENOPROTOOPT, M(T_PWR, policy, 0x82));
SET(get_power_0x84, B_GET_POWER, ENOPROTOOPT, M(T_PWR, policy, 0x84));
SET(get_power_0x181, B_GET_POWER, ENOPROTOOPT, M(T_PWR, policy, 0x181));
SET(get_power_u32_max, B_GET_POWER, ENOPROTOOPT,
    M(T_PWR, policy, 0xffffffffu));
SET(get_power_outputs_ignored, B_GET_POWER, OK, M(T_PWR, value_size, 7),
    M(T_PWR, value, -1));
GENERIC(set_power, B_SET_POWER_AUTO, OK, EPERM);
SET(set_power_0, B_SET_POWER_AUTO, ENOPROTOOPT, M(T_PWR, policy, 0));
SET(set_power_0x82, B_SET_POWER_AUTO, ENOPROTOOPT, M(T_PWR, policy, 0x82));
SET(set_power_u32_max, B_SET_POWER_AUTO, ENOPROTOOPT,
    M(T_PWR, policy, 0xffffffffu));
SET(set_power_auto_size_0, B_SET_POWER_AUTO, EINVAL,
    M(T_PWR, value_size, 0));
SET(set_power_auto_size_2, B_SET_POWER_AUTO, EINVAL,
    M(T_PWR, value_size, 2));
SET(set_power_auto_size_4, B_SET_POWER_AUTO, EINVAL,
    M(T_PWR, value_size, 4));
SET(set_power_auto_size_8, B_SET_POWER_AUTO, EINVAL,
    M(T_PWR, value_size, 8));
SET(set_power_auto_value_0, B_SET_POWER_AUTO, OK, M(T_PWR, value, 0));
SET(set_power_auto_value_0xff, B_SET_POWER_AUTO, OK, M(T_PWR, value, 0xff));
SET(set_power_auto_value_0x100, B_SET_POWER_AUTO, EINVAL,
    M(T_PWR, value, 0x100));
SET(set_power_delay, B_SET_POWER_DELAY, OK);
SET(set_power_delay_size_1, B_SET_POWER_DELAY, EINVAL,
    M(T_PWR, value_size, 1));
SET(set_power_delay_size_8, B_SET_POWER_DELAY, EINVAL,
    M(T_PWR, value_size, 8));
SET(set_power_delay_0, B_SET_POWER_DELAY, OK, M(T_PWR, value, 0));
SET(set_power_delay_int_max, B_SET_POWER_DELAY, OK,
    M(T_PWR, value, 0x7fffffff));
SET(set_power_delay_above_int_max, B_SET_POWER_DELAY, EINVAL,
    M(T_PWR, value, 0x80000000u));
SET(set_power_delay_2_32, B_SET_POWER_DELAY, EINVAL,
    M(T_PWR, value, 1ull << 32));

/* ISOCH_REGISTER */
#define T_REG struct winusb_isoch_register
GENERIC(isoch_reg, B_ISOCH_REG_IN, EFAULT, EPERM);
RSVA(isoch_reg_reserved, B_ISOCH_REG_IN, T_REG, __reserved);
SET(isoch_reg_ep_0, B_ISOCH_REG_IN, EINVAL, M(T_REG, endpoint, 0));
SET(isoch_reg_ep_wrong_direction, B_ISOCH_REG_IN, ENOENT,
    M(T_REG, endpoint, TD_EP_ISOCH_IN & 0x7f));
SET(isoch_reg_ep_out_wrong_direction, B_ISOCH_REG_IN, ENOENT,
    M(T_REG, endpoint, TD_EP_ISOCH_OUT | 0x80));
NO_EPS8(isoch_reg_ep, B_ISOCH_REG_IN, T_REG, endpoint, TD_EP_BULK_IN);
SET(isoch_reg_ep_as_u32_0x184, B_ISOCH_REG_IN, EINVAL,
    MB(T_REG, endpoint, 0, 4, 0x184));
SETF(isoch_reg_ep_bulk, B_ISOCH_REG_IN, F_INTF0, EINVAL,
     M(T_REG, endpoint, TD_EP_BULK_IN));
SET(isoch_reg_length_0, B_ISOCH_REG_IN, EINVAL, M(T_REG, length, 0));
SET(isoch_reg_length_1, B_ISOCH_REG_IN, OK, M(T_REG, length, 1));
SET(isoch_reg_length_2_32, B_ISOCH_REG_IN, EINVAL,
    M(T_REG, length, 1ull << 32), MS(T_REG, buffer_uptr, S_HUGE, 0));
BAD_PTRS(isoch_reg_buffer, B_ISOCH_REG_IN, T_REG, buffer_uptr, EFAULT);
SET(isoch_reg_buffer_wraps, B_ISOCH_REG_IN, EOVERFLOW,
    MS(T_REG, buffer_uptr, S_WRAP, 0), M(T_REG, length, 2 * PAGE));
SET(isoch_reg_out, B_ISOCH_REG_OUT, OK);
SET(isoch_reg_out_buffer_read_only, B_ISOCH_REG_OUT, OK,
    MS(T_REG, buffer_uptr, S_RDONLY, 0));
SET(isoch_reg_out_buffer_unmapped, B_ISOCH_REG_OUT, EFAULT,
    MS(T_REG, buffer_uptr, S_UNMAPPED, 0));
SET(isoch_reg_outputs_ignored, B_ISOCH_REG_IN, OK, M(T_REG, out_handle, -1),
    M(T_REG, out_num_urbs, -1));

/* ISOCH_UNREGISTER */
#define T_UNR struct winusb_isoch_unregister
GENERIC(isoch_unreg, B_ISOCH_UNREG, OK, EPERM);
RSV(isoch_unreg_reserved, B_ISOCH_UNREG, T_UNR, __reserved, 0x80000000u);
SET(isoch_unreg_handle_0, B_ISOCH_UNREG, ENOENT, M(T_UNR, handle, 0));
SET(isoch_unreg_handle_u32_max, B_ISOCH_UNREG, ENOENT,
    M(T_UNR, handle, 0xffffffffu));
SET(isoch_unreg_handle_never_issued, B_ISOCH_UNREG, ENOENT,
    M(T_UNR, handle, NEVER_HANDLE));
SET(isoch_unreg_handle_other_file, B_ISOCH_UNREG, ENOENT,
    MS(T_UNR, handle, S_H_OTHER, 0));
SET(isoch_unreg_handle_unregistered, B_ISOCH_UNREG, ENOENT,
    MS(T_UNR, handle, S_H_DEAD, 0));
SETF(isoch_unreg_other_interface_file, B_ISOCH_UNREG, F_INTF0, ENOENT);

/* ISOCH_SUBMIT */
#define T_ISUB struct winusb_isoch_submit
GENERIC(isoch_submit, B_ISOCH_SUB_IN, EFAULT, EPERM);
RSV(isoch_submit_reserved, B_ISOCH_SUB_IN, T_ISUB, __reserved, 0x80000000u);
SET(isoch_submit_continue_without_asap, B_ISOCH_SUB_IN, EINVAL,
    M(T_ISUB, flags, WINUSB_ISOCH_CONTINUE));
SET(isoch_submit_continue_nothing_pending, B_ISOCH_SUB_IN, EXDEV,
    M(T_ISUB, flags, WINUSB_ISOCH_ASAP | WINUSB_ISOCH_CONTINUE));
SET(isoch_submit_asap_with_start_frame, B_ISOCH_SUB_IN, EINVAL,
    M(T_ISUB, start_frame, 1));
SET(isoch_submit_handle_0, B_ISOCH_SUB_IN, ENOENT, M(T_ISUB, handle, 0));
SET(isoch_submit_handle_u32_max, B_ISOCH_SUB_IN, ENOENT,
    M(T_ISUB, handle, 0xffffffffu));
SET(isoch_submit_handle_never_issued, B_ISOCH_SUB_IN, ENOENT,
    M(T_ISUB, handle, NEVER_HANDLE));
SET(isoch_submit_handle_other_file, B_ISOCH_SUB_IN, ENOENT,
    MS(T_ISUB, handle, S_H_OTHER, 0));
SET(isoch_submit_handle_unregistered, B_ISOCH_SUB_IN, ENOENT,
    MS(T_ISUB, handle, S_H_DEAD, 0));
SETF(isoch_submit_other_interface_file, B_ISOCH_SUB_IN, F_INTF0, ENOENT);
SET(isoch_submit_offset_1, B_ISOCH_SUB_IN, OK, M(T_ISUB, offset, 1));
SET(isoch_submit_offset_last, B_ISOCH_SUB_IN, OK,
    MSM(T_ISUB, offset, S_ISOCHLEN, 0, -1));
SET(isoch_submit_offset_past_last, B_ISOCH_SUB_IN, EINVAL,
    MSM(T_ISUB, offset, S_ISOCHLEN, 1, -1));
SET(isoch_submit_offset_length, B_ISOCH_SUB_IN, EINVAL,
    MS(T_ISUB, offset, S_ISOCHLEN, 0));
SET(isoch_submit_offset_u32_max, B_ISOCH_SUB_IN, EINVAL,
    M(T_ISUB, offset, 0xffffffffu));
SET(isoch_submit_offset_plus_length_2_32, B_ISOCH_SUB_IN, EINVAL,
    MSM(T_ISUB, offset, S_FB, 1ll << 32, -1));
SET(isoch_submit_length_0, B_ISOCH_SUB_IN, EINVAL, M(T_ISUB, length, 0),
    M(T_ISUB, num_packets, 0));
SET(isoch_submit_length_frame_minus_1, B_ISOCH_SUB_IN, EINVAL,
    MSM(T_ISUB, length, S_FB, -1, 1));
SET(isoch_submit_length_frame_plus_1, B_ISOCH_SUB_IN, EINVAL,
    MSM(T_ISUB, length, S_FB, 1, 1));
SET(isoch_submit_length_buffer, B_ISOCH_SUB_IN, OK,
    MS(T_ISUB, length, S_ISOCHLEN, 0),
    MSM(T_ISUB, num_packets, S_NPK, 0, ISOCH_FRAMES));
SET(isoch_submit_length_buffer_plus_frame, B_ISOCH_SUB_IN, EINVAL,
    MSM(T_ISUB, length, S_ISOCHLEN, 0, 1),
    MSM(T_ISUB, num_packets, S_NPK, 0, ISOCH_FRAMES + 1));
SET(isoch_submit_length_u32_max, B_ISOCH_SUB_IN, EINVAL,
    M(T_ISUB, length, 0xffffffffu));
SET(isoch_submit_packets_0_in, B_ISOCH_SUB_IN, EINVAL,
    M(T_ISUB, num_packets, 0));
SET(isoch_submit_packets_one_less, B_ISOCH_SUB_IN, EINVAL,
    MSM(T_ISUB, length, S_FB, 0, 2), MSM(T_ISUB, num_packets, S_NPK, -1, 2));
SET(isoch_submit_packets_one_more, B_ISOCH_SUB_IN, EINVAL,
    MSM(T_ISUB, num_packets, S_NPK, 1, 1));
SET(isoch_submit_packets_times_size_wraps_32, B_ISOCH_SUB_IN, EINVAL,
    M(T_ISUB, num_packets, 0x15555556));
SET(isoch_submit_packets_u32_max, B_ISOCH_SUB_IN, EINVAL,
    M(T_ISUB, num_packets, 0xffffffffu));
BAD_PTRS(isoch_submit_packets, B_ISOCH_SUB_IN, T_ISUB, packets_uptr, EFAULT);
SET(isoch_submit_packets_wrap, B_ISOCH_SUB_IN, EFAULT,
    MS(T_ISUB, packets_uptr, S_WRAP, 0xfffffffffffffff0ull));
SET(isoch_submit_out, B_ISOCH_SUB_OUT, OK);
SET(isoch_submit_out_packets, B_ISOCH_SUB_OUT, OK,
    MSM(T_ISUB, num_packets, S_NPK, 0, 1),
    MS(T_ISUB, packets_uptr, S_AREA_END, -(int)(8 * 12)));
SET(isoch_submit_out_packets_one_more, B_ISOCH_SUB_OUT, EINVAL,
    MSM(T_ISUB, num_packets, S_NPK, 1, 1),
    MS(T_ISUB, packets_uptr, S_AREA_END, -PAGE));
SET(isoch_submit_out_packets_null, B_ISOCH_SUB_OUT, EFAULT,
    MSM(T_ISUB, num_packets, S_NPK, 0, 1));
SET(isoch_submit_out_packets_unmapped, B_ISOCH_SUB_OUT, EFAULT,
    MSM(T_ISUB, num_packets, S_NPK, 0, 1),
    MS(T_ISUB, packets_uptr, S_UNMAPPED, 0));
SET(isoch_submit_out_packets_read_only, B_ISOCH_SUB_OUT, EFAULT,
    MSM(T_ISUB, num_packets, S_NPK, 0, 1),
    MS(T_ISUB, packets_uptr, S_RDONLY, 0));
/* Explicit start frames: later than now, at most 1024 ahead. */
#define FRAME(d) M(T_ISUB, flags, 0), MS(T_ISUB, start_frame, S_FRAME, d)
SET(isoch_submit_frame_now, B_ISOCH_SUB_IN, ERANGE, FRAME(0));
SET(isoch_submit_frame_past, B_ISOCH_SUB_IN, ERANGE, FRAME(-1));
SET(isoch_submit_frame_long_past, B_ISOCH_SUB_IN, ERANGE, FRAME(-1000));
SET(isoch_submit_frame_soon, B_ISOCH_SUB_IN, OK, FRAME(20));
SET(isoch_submit_frame_1024_ahead, B_ISOCH_SUB_IN, OK, FRAME(1024));
SET(isoch_submit_frame_too_far, B_ISOCH_SUB_IN, ERANGE, FRAME(1030));
SET(isoch_submit_frame_2_31_ahead, B_ISOCH_SUB_IN, ERANGE, FRAME(0x7fffffff));
SET(isoch_submit_frame_2_31, B_ISOCH_SUB_IN, ERANGE, FRAME(0x80000000ll));
SET(isoch_submit_frame_0, B_ISOCH_SUB_IN, ERANGE, M(T_ISUB, flags, 0));
SET(isoch_submit_outputs_ignored, B_ISOCH_SUB_IN, OK, M(T_ISUB, out_id, -1),
    M(T_ISUB, out_next_frame, -1));

/* GET_FRAME */
#define T_FR struct winusb_frame
GENERIC(get_frame, B_GET_FRAME, EFAULT, 0);
RSV(get_frame_reserved, B_GET_FRAME, T_FR, __reserved, 0x80000000u);
SET(get_frame_outputs_ignored, B_GET_FRAME, OK, M(T_FR, out_frame, -1),
    M(T_FR, out_time_ns, -1), M(T_FR, out_flags, -1));
SETF(get_frame_interface0, B_GET_FRAME, F_INTF0, OK);

/*
 * Bounds on what a caller can make the kernel hold.  A zero-length request
 * pins nothing yet costs a request, an URB and a timer, and a completion
 * record stays until it is reaped: one file, and all files together, must
 * be refused at a bound (ENOMEM; EAGAIN or EBUSY would do) well before
 * 100 000 requests per file and 1 000 000 in all, and closing the files
 * gives everything back.  Time limits keep a module without bounds from
 * running the guest out of memory: reaching one is a failure too.
 *
 * Requests the device NAKs go through vhci_hcd to the test device, about
 * a thousand a second in a TCG guest: too slow to reach a default limit,
 * so those runs lower the per-file limit (module parameter max_file_mb,
 * formerly max_pending_mb) to 1 MiB, which every request must be charged
 * against: 4096 requests
 * would be 256 bytes each, less than a request and its URB.  Completions
 * nobody reaps come some 20 000 a second (2 000 on the debug kernel): one
 * file runs with the defaults; many files run with the bound across files
 * (max_total_mb) lowered to 12 MiB, below what one file may hold, so that
 * the second file is refused at once however slow the machine (at the
 * default 256 MiB the debug kernel took over a minute to get there).
 *
 * What closing gives back is measured twice: the module's own count of
 * charged bytes (debugfs) must come back exactly, and the kernel's
 * unreclaimable slab within a tenth (except under KASAN, whose quarantine
 * keeps freed objects; kmemleak looks for leaks there).
 */
#define FLOOD_PER_FILE	100000
#define FLOOD_TOTAL	1000000
#define FLOOD_NAK_CAP	4096		/* 256 bytes each in 1 MiB */
#define FLOOD_SECONDS	8.0
#define FILES_SECONDS	15.0
#define PARAMS		"/sys/module/winusb/parameters/"
#define FILES_MAX	4096
#define FILES_TOTAL_MB	"12"

/* $ARGS_ROWS, when set, selects rows of the table; "bound" these tests. */
static bool bound_skipped(void)
{
	const char *only = getenv("ARGS_ROWS");

	return only && *only && strcmp(only, "bound");
}

static bool bound_errno(int err)
{
	return err == ENOMEM || err == EAGAIN || err == EBUSY;
}

/* SUnreclaim of /proc/meminfo in kB (where requests and URBs live). */
static long slab_kb(void)
{
	char line[128];
	long v = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "SUnreclaim: %ld kB", &v) == 1)
			break;
	fclose(f);
	return v;
}

/*
 * Submit zero-length bulk transfers on @ep until one is refused, @cap are
 * accepted or @deadline passes.  Return: the number accepted; *@err the
 * refusal's errno or 0, *@first the first request's id.
 */
static long flood(int fd, uint8_t ep, long cap, double deadline, int *err,
		  uint64_t *first)
{
	struct winusb_submit s = {
		.size = sizeof(s), .type = WINUSB_XFER_BULK, .endpoint = ep,
	};
	long n;

	*err = 0;
	for (n = 0; n < cap; n++) {
		if (ioctl(fd, WINUSB_IOCTL_SUBMIT, &s)) {
			*err = errno;
			break;
		}
		if (!n && first)
			*first = s.out_id;
		if (!(n & 1023) && wu_now() > deadline)
			break;
	}
	return n;
}

/*
 * After the flooding files are closed, every charge comes back (@charge0
 * is the module's charged bytes before), kernel memory comes back (within
 * a tenth of what the files took, or 4 MiB) and no page stays pinned.
 */
static void check_released(struct __test_metadata *_metadata, long slab0,
			   long grown_kb, long long pins0, long charge0)
{
	long tolerance = grown_kb / 10 > 4096 ? grown_kb / 10 : 4096;
	long now = slab_kb(), charged = wu_charged();

	for (int i = 0; i < 30 && charged != charge0; i++) {
		usleep(100000);
		charged = wu_charged();
	}
	EXPECT_EQ(charge0, charged)
		TH_LOG("%ld bytes still charged after close", charged - charge0);
	for (int i = 0; i < 30 && now - slab0 > tolerance && !wu_kasan(); i++) {
		usleep(100000);
		now = slab_kb();
	}
	if (wu_kasan())
		TH_LOG("KASAN: %ld kB of slab in quarantine or in use after close",
		       now - slab0);
	else
		EXPECT_LE(now - slab0, tolerance)
			TH_LOG("%ld kB of slab still held after close (%ld kB at the peak)",
			       now - slab0, grown_kb);
	EXPECT_EQ(pins0, wu_foll_pins());
}

/*
 * End @n zero-length writes the device NAKs on @ep without unlinking each
 * (an unlink through vhci_hcd takes milliseconds): let the device take
 * them, take the records, NAK again.  Reads are left to close: the empty
 * loopback has nothing to complete them with.  @ctl is a file for the
 * vendor requests.
 */
static void end_naked(int ctl, int fd, uint8_t ep, long n)
{
	struct winusb_completion rec[64];
	struct winusb_reap r = {
		.size = sizeof(r), .count = 64, .record_size = sizeof(rec[0]),
		.records_uptr = (uintptr_t)rec, .timeout_ms = 5000,
	};
	int got;

	if (ep & 0x80)
		return;
	wu_td_out(ctl, TD_REQ_SET_FAULT, TD_FAULT_NONE, ep);
	while (n > 0 && (got = ioctl(fd, WINUSB_IOCTL_REAP, &r)) > 0)
		n -= got;
	wu_td_out(ctl, TD_REQ_SET_FAULT, TD_FAULT_NAK, ep);
}

FIXTURE(bound) {
	int fd;			/* for the device's vendor requests */
	long slab0, charge0;
	long long pins0;
	const char *param;	/* the per-file limit's parameter, or NULL */
	char max_file[32];	/* its value to restore */
};

FIXTURE_VARIANT(bound) {
	uint8_t ep;
	bool nak;		/* the device NAKs: requests never complete */
	bool partial;		/* zero-length reads complete at once */
};

/* Reads that never complete (ALLOW_PARTIAL_READS off: they go out). */
FIXTURE_VARIANT_ADD(bound, reads_nak) {
	.ep = TD_EP_BULK_IN, .nak = true, .partial = false,
};

/* Writes that never complete. */
FIXTURE_VARIANT_ADD(bound, writes_nak) {
	.ep = TD_EP_BULK_OUT, .nak = true, .partial = true,
};

/* Reads that complete at once, never reaped: the records pile up. */
FIXTURE_VARIANT_ADD(bound, reads_unreaped) {
	.ep = TD_EP_BULK_IN, .nak = false, .partial = true,
};

static void flood_setup(struct __test_metadata *_metadata, int fd,
			uint8_t ep, bool nak, bool partial)
{
	ASSERT_EQ(0, -wu_drain(fd));
	ASSERT_EQ(0, -wu_set_policy(fd, TD_EP_BULK_IN,
				    WINUSB_POLICY_ALLOW_PARTIAL_READS, 1,
				    partial));
	if (nak)
		ASSERT_EQ(0, -wu_td_out(fd, TD_REQ_SET_FAULT, TD_FAULT_NAK,
					ep));
}

static void flood_teardown(int fd)
{
	if (fd < 0)
		return;
	wu_td_out(fd, TD_REQ_SET_FAULT, TD_FAULT_NONE, TD_EP_BULK_IN);
	wu_td_out(fd, TD_REQ_SET_FAULT, TD_FAULT_NONE, TD_EP_BULK_OUT);
	wu_set_policy(fd, TD_EP_BULK_IN, WINUSB_POLICY_ALLOW_PARTIAL_READS, 1,
		      1);
	close(fd);
}

FIXTURE_SETUP(bound)
{
	self->fd = bound_skipped() ? -1 : wu_open_env("WINUSB_NODE");
	if (self->fd < 0)
		SKIP(return, "no $WINUSB_NODE");
	flood_setup(_metadata, self->fd, variant->ep, variant->nak,
		    variant->partial);
	if (variant->nak) {
		self->param = PARAMS "max_file_mb";
		if (wu_read_file(self->param, self->max_file,
				 sizeof(self->max_file))) {
			self->param = PARAMS "max_pending_mb";
			if (wu_read_file(self->param, self->max_file,
					 sizeof(self->max_file)))
				self->param = NULL;
		}
		ASSERT_NE(NULL, self->param)
			TH_LOG("no per-file limit parameter");
		ASSERT_EQ(0, wu_write_file(self->param, "1"));
	}
	self->slab0 = slab_kb();
	self->pins0 = wu_foll_pins();
	self->charge0 = wu_charged();
	ASSERT_LE(0, self->charge0) TH_LOG("no debugfs memory file");
}

FIXTURE_TEARDOWN(bound)
{
	if (self->param)
		wu_write_file(self->param, self->max_file);
	flood_teardown(self->fd);
}

TEST_F_TIMEOUT(bound, one_file, 120)
{
	struct winusb_cancel c = { .size = sizeof(c) };
	struct winusb_completion rec;
	double t0 = wu_now(), t;
	uint64_t first = 0;
	long cap = variant->nak ? FLOOD_NAK_CAP : FLOOD_PER_FILE;
	long n, n2, grown;
	int fd, err, err2;

	if (self->fd < 0)
		SKIP(return, "no $WINUSB_NODE");
	fd = wu_open_env("WINUSB_NODE");
	ASSERT_GE(fd, 0);
	n = flood(fd, variant->ep, cap, t0 + FLOOD_SECONDS, &err, &first);
	t = wu_now() - t0;
	grown = slab_kb() - self->slab0;
	TH_LOG("%ld requests in %.1f s, then %s; slab +%ld kB, %ld bytes each",
	       n, t, err ? strerror(err) : "no refusal", grown,
	       n ? grown * 1024 / n : 0);
	EXPECT_NE(0, err)
		TH_LOG("no bound: %ld requests accepted", n);
	if (err) {
		EXPECT_TRUE(bound_errno(err)) TH_LOG("%s", strerror(err));
		/* Once one request is gone, one more fits. */
		if (variant->nak) {
			c.id = first;
			EXPECT_EQ(0, xioctl(fd, WINUSB_IOCTL_CANCEL, &c));
		}
		EXPECT_EQ(1, wu_reap_id(fd, first, 5000, &rec));
		EXPECT_EQ(1, flood(fd, variant->ep, 1, t0 + 1e6, &err2, NULL))
			TH_LOG("still refused after one request went: %s",
			       strerror(err2));
	}
	EXPECT_LT(n, cap);
	t = wu_now();
	if (variant->nak)
		end_naked(self->fd, fd, variant->ep, n);
	close(fd);
	check_released(_metadata, self->slab0, grown, self->pins0,
		       self->charge0);
	TH_LOG("released in %.1f s", wu_now() - t);

	/*
	 * The charges came back: a new file gets as far again (only where
	 * that is quick: the device's requests would take long to unlink).
	 */
	if (err && bound_errno(err) && !variant->nak) {
		fd = wu_open_env("WINUSB_NODE");
		ASSERT_GE(fd, 0);
		n2 = flood(fd, variant->ep, n, wu_now() + FLOOD_SECONDS, &err2,
			   NULL);
		EXPECT_GE(n2, n - n / 10)
			TH_LOG("a new file: %ld requests, then %s", n2,
			       err2 ? strerror(err2) : "no refusal");
		close(fd);
	}
}

FIXTURE(files) {
	int fd;
	long slab0, charge0;
	long long pins0;
	char max_total[32];	/* max_total_mb to restore */
};

FIXTURE_SETUP(files)
{
	struct rlimit rl = { FILES_MAX + 64, FILES_MAX + 64 };

	self->fd = bound_skipped() ? -1 : wu_open_env("WINUSB_NODE");
	if (self->fd < 0)
		SKIP(return, "no $WINUSB_NODE");
	ASSERT_EQ(0, setrlimit(RLIMIT_NOFILE, &rl));
	flood_setup(_metadata, self->fd, TD_EP_BULK_IN, false, true);
	ASSERT_EQ(0, wu_read_file(PARAMS "max_total_mb", self->max_total,
				  sizeof(self->max_total)));
	ASSERT_EQ(0, wu_write_file(PARAMS "max_total_mb", FILES_TOTAL_MB));
	self->slab0 = slab_kb();
	self->pins0 = wu_foll_pins();
	self->charge0 = wu_charged();
	ASSERT_LE(0, self->charge0) TH_LOG("no debugfs memory file");
}

FIXTURE_TEARDOWN(files)
{
	if (self->max_total[0])
		wu_write_file(PARAMS "max_total_mb", self->max_total);
	flood_teardown(self->fd);
}

/*
 * Many files, each filled with zero-length reads nobody reaps until
 * refused: a bound across files (a new file refused at once, or far
 * earlier than the first) must come before 1 000 000 requests in all.
 */
TEST_F_TIMEOUT(files, unreaped_reads, 150)
{
	static int fds[FILES_MAX];
	static long n[FILES_MAX];
	double t0 = wu_now(), deadline = t0 + FILES_SECONDS;
	long total = 0, grown, again;
	int nf = 0, err = 0, err2;
	bool global = false;

	if (self->fd < 0)
		SKIP(return, "no $WINUSB_NODE");
	while (total < FLOOD_TOTAL && nf < FILES_MAX && wu_now() < deadline) {
		fds[nf] = wu_open_env("WINUSB_NODE");
		if (fds[nf] < 0) {
			err = errno;
			TH_LOG("open: %s", strerror(err));
			break;
		}
		n[nf] = flood(fds[nf], TD_EP_BULK_IN, FLOOD_PER_FILE,
			      deadline, &err, NULL);
		total += n[nf++];
		if (err && !bound_errno(err))
			break;
		if (err && nf > 1 && n[nf - 1] < n[0] / 2) {
			global = true;
			break;
		}
	}
	grown = slab_kb() - self->slab0;
	TH_LOG("%d files, %ld requests in %.1f s (first file %ld), last %s;"
	       " slab +%ld kB", nf, total, wu_now() - t0, nf ? n[0] : 0,
	       err ? strerror(err) : "no refusal", grown);
	EXPECT_TRUE(global) TH_LOG("no bound across files");
	if (err)
		EXPECT_TRUE(bound_errno(err)) TH_LOG("%s", strerror(err));
	EXPECT_LT(total, FLOOD_TOTAL);
	t0 = wu_now();
	for (int i = 0; i < nf; i++)
		close(fds[i]);
	check_released(_metadata, self->slab0, grown, self->pins0,
		       self->charge0);
	TH_LOG("released in %.1f s", wu_now() - t0);

	/* All charges came back: a new file gets as far as the first. */
	if (global) {
		fds[0] = wu_open_env("WINUSB_NODE");
		ASSERT_GE(fds[0], 0);
		again = flood(fds[0], TD_EP_BULK_IN, n[0],
			      wu_now() + FLOOD_SECONDS, &err2, NULL);
		EXPECT_GE(again, n[0] - n[0] / 10)
			TH_LOG("a new file: %ld requests, then %s", again,
			       err2 ? strerror(err2) : "no refusal");
		close(fds[0]);
	}
}

/*
 * An isochronous registration is charged to RLIMIT_MEMLOCK without
 * CAP_IPC_LOCK: one larger than the limit is refused, page-sized ones are
 * refused once the limit is used up, and unregistering gives it back.
 */
TEST(isoch_memlock_limit)
{
	enum { LIMIT = 64 << 10, NPAGES = LIMIT / PAGE };
	struct winusb_isoch_register r;
	uint8_t *big = map(1 << 20, PROT_READ | PROT_WRITE);
	uint8_t *small = map((NPAGES + 1) * PAGE, PROT_READ | PROT_WRITE);
	int fd = bound_skipped() ? -1 : wu_open_env("WINUSB_NODE1"), st;
	long long pins0 = wu_foll_pins();
	pid_t pid;

	if (fd < 0)
		SKIP(return, "no $WINUSB_NODE1");
	ASSERT_NE(NULL, big);
	ASSERT_NE(NULL, small);
	memset(big, 1, 1 << 20);
	memset(small, 1, (NPAGES + 1) * PAGE);
	ASSERT_EQ(0, set_alt(fd, TD_ISOCH_ALT_ON));
	pid = fork();
	ASSERT_GE(pid, 0);
	if (!pid) {
		struct rlimit rl = { LIMIT, LIMIT };
		uint32_t h[NPAGES + 1];
		int i, ret = 0;

		if (wu_drop_ipc_lock() || setrlimit(RLIMIT_MEMLOCK, &rl))
			_exit(10);
		if (isoch_reg(fd, TD_EP_ISOCH_IN, big, 1 << 20, &r) != ENOMEM)
			_exit(11);
		for (i = 0; i <= NPAGES; i++) {
			ret = isoch_reg(fd, TD_EP_ISOCH_IN, small + i * PAGE, PAGE,
				      &r);
			if (ret)
				break;
			h[i] = r.out_handle;
		}
		if (ret != ENOMEM)
			_exit(12);
		if (!i)
			_exit(13);
		while (i--)
			if (isoch_unreg(fd, h[i]))
				_exit(14);
		if (isoch_reg(fd, TD_EP_ISOCH_IN, small, PAGE, &r) ||
		    isoch_unreg(fd, r.out_handle))
			_exit(15);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_TRUE(WIFEXITED(st));
	EXPECT_EQ(0, WEXITSTATUS(st))
		TH_LOG("%s", (const char *[]){
			"", "", "", "", "", "", "", "", "", "",
			"cannot drop CAP_IPC_LOCK or set RLIMIT_MEMLOCK",
			"1 MiB over a 64 KiB limit not refused with ENOMEM",
			"page-sized registrations not refused with ENOMEM at the limit",
			"not even one page fits the limit",
			"unregister failed",
			"the limit did not come back after unregistering",
		}[WEXITSTATUS(st) < 16 ? WEXITSTATUS(st) : 0]);
	close(fd);
	EXPECT_EQ(pins0, wu_foll_pins());
	munmap(big, 1 << 20);
	munmap(small, (NPAGES + 1) * PAGE);
}

TEST_HARNESS_MAIN
