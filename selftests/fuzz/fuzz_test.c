// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_test - random and structure-aware calls of every winusb ioctl on
 * both interfaces of winusb-testdev, from several processes and threads at
 * once, interleaved with open, close, dup, fork, exit, SIGKILL, signals,
 * alternate setting changes, unbind/rebind and unplug/replug of the device.
 *
 * Arguments are built per ioctl from valid and invalid values: sizes below,
 * at and above the structure (zero and non-zero tails, above a page),
 * flags, reserved members, endpoints, lengths, request ids and buffer
 * handles of this file, of other files and made up; the argument itself and
 * every buffer it names may be valid memory, NULL, unmapped, read-only,
 * misaligned, straddling into an inaccessible page, a shared or private
 * mapping of a regular file, shmem, a huge page, or a kernel address.
 * Every writable buffer is followed by an inaccessible page, so whatever
 * the kernel writes lands in scratch memory or fails.
 *
 * Each failed call must return an errno the ABI documents (or one of the
 * USB core's); a kernel-internal errno (ERESTARTSYS, ENOIOCTLCMD, ...) or
 * any other is a failure.  Afterwards: no worker hung (stacks are dumped
 * when one does), the device is replugged and works, the module holds no
 * pinned page and no handle, the pages pinned system-wide and the memory
 * charged to files (debugfs winusb/memory) are back to their baseline.  The
 * runner fails the run on any kernel report, run.sh checks that the module
 * unloads.
 *
 *   $WINUSB_NODE, $WINUSB_NODE1  interface 0 and 1 (found again after a
 *                                replug under /dev/winusb/)
 *   $FUZZ_SEED      the seed (printed; default from the clock)
 *   $FUZZ_CALLS     calls to make, all processes together (10000)
 *   $FUZZ_PROCS     worker processes (3), $FUZZ_THREADS threads each (3)
 *   $FUZZ_CHAOS     mean ms between unbind/replug/kill events (500; 0 off)
 *   $FUZZ_UNPLUG    0: no unplug among them (1): see vm-tests
 *   $FUZZ_HELPER    run.sh, for --helper bind|unbind|replug|ensure
 *
 * FUZZ_PROCS=1 FUZZ_THREADS=1 FUZZ_CHAOS=0 makes the sequence of calls a
 * function of the seed alone; otherwise each thread's sequence is (its
 * seed is derived from the seed), their interleaving is not.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include <linux/winusb.h>
#include "winusb_util.h"
#include "fuzz_common.h"

#define PAGE		4096ul
#define MAX_PROCS	8
#define MAX_THREADS	8
#define MAX_FDS		12
#define MAX_IDS		64
#define MAX_HANDLES	16
#define ERRNO_MAX	160

enum fz_op {
	OP_GET_INFO, OP_GET_DESCRIPTOR, OP_QUERY_PIPE, OP_GET_ALT, OP_SET_ALT,
	OP_SUBMIT, OP_REAP, OP_CANCEL, OP_ABORT, OP_RESET, OP_FLUSH,
	OP_GET_PIPE_POLICY, OP_SET_PIPE_POLICY, OP_GET_POWER, OP_SET_POWER,
	OP_ISOCH_REGISTER, OP_ISOCH_UNREGISTER, OP_ISOCH_SUBMIT, OP_GET_FRAME,
	OP_BOGUS_IOCTL, OP_OPEN, OP_CLOSE, OP_DUP, OP_FORK, OP_POLL, OP_RW,
	OP_MMAP, OP_EXIT, NR_OPS
};

static const struct {
	const char *name;
	unsigned long cmd;
	unsigned int size;
	unsigned int weight;
} ops[NR_OPS] = {
#define IOC(op, c, s, w) \
	[op] = { #c, WINUSB_IOCTL_##c, sizeof(struct s), w }
	IOC(OP_GET_INFO, GET_INFO, winusb_info, 20),
	IOC(OP_GET_DESCRIPTOR, GET_DESCRIPTOR, winusb_get_descriptor, 30),
	IOC(OP_QUERY_PIPE, QUERY_PIPE, winusb_query_pipe, 20),
	IOC(OP_GET_ALT, GET_ALTSETTING, winusb_altsetting, 10),
	IOC(OP_SET_ALT, SET_ALTSETTING, winusb_altsetting, 15),
	IOC(OP_SUBMIT, SUBMIT, winusb_submit, 150),
	IOC(OP_REAP, REAP, winusb_reap, 120),
	IOC(OP_CANCEL, CANCEL, winusb_cancel, 40),
	IOC(OP_ABORT, ABORT_PIPE, winusb_pipe_cmd, 25),
	IOC(OP_RESET, RESET_PIPE, winusb_pipe_cmd, 15),
	IOC(OP_FLUSH, FLUSH_PIPE, winusb_pipe_cmd, 10),
	IOC(OP_GET_PIPE_POLICY, GET_PIPE_POLICY, winusb_pipe_policy, 15),
	IOC(OP_SET_PIPE_POLICY, SET_PIPE_POLICY, winusb_pipe_policy, 30),
	IOC(OP_GET_POWER, GET_POWER_POLICY, winusb_power_policy, 10),
	IOC(OP_SET_POWER, SET_POWER_POLICY, winusb_power_policy, 15),
	IOC(OP_ISOCH_REGISTER, ISOCH_REGISTER, winusb_isoch_register, 60),
	IOC(OP_ISOCH_UNREGISTER, ISOCH_UNREGISTER, winusb_isoch_unregister, 25),
	IOC(OP_ISOCH_SUBMIT, ISOCH_SUBMIT, winusb_isoch_submit, 120),
	IOC(OP_GET_FRAME, GET_FRAME, winusb_frame, 15),
#undef IOC
	[OP_BOGUS_IOCTL] = { "bogus ioctl", 0, 0, 20 },
	[OP_OPEN] = { "open", 0, 0, 30 },
	[OP_CLOSE] = { "close", 0, 0, 20 },
	[OP_DUP] = { "dup", 0, 0, 8 },
	[OP_FORK] = { "fork", 0, 0, 3 },
	[OP_POLL] = { "poll", 0, 0, 8 },
	[OP_RW] = { "read/write", 0, 0, 4 },
	[OP_MMAP] = { "mmap", 0, 0, 2 },
	[OP_EXIT] = { "exit", 0, 0, 1 },
};

/* Shared by every process (MAP_SHARED). */
struct fz_shared {
	atomic_ulong calls;
	atomic_ulong budget_done;
	atomic_ulong n[NR_OPS];
	atomic_ulong ok[NR_OPS];
	atomic_ulong usec[NR_OPS];	/* time spent in the calls */
	atomic_ulong err[NR_OPS][ERRNO_MAX];
	atomic_ulong bad;
	atomic_ulong forks, kills, exits, unbinds, replugs, ensures, signals;
	char bad_msg[8][160];
};

/* One worker process' view: its files, request ids and buffer handles. */
struct fz_handle {
	int fd;
	uint32_t handle, length, packet_bytes, frame_bytes;
	uint8_t endpoint;
};

struct fz_proc {
	pthread_mutex_t lock;
	int fds[MAX_FDS];
	uint8_t intf[MAX_FDS];	/* interface of each file */
	int nfds;
	struct { int fd; uint64_t id; } ids[MAX_IDS];
	unsigned int next_id;
	struct fz_handle handles[MAX_HANDLES];
	unsigned int next_handle;
};

/* Memory the pointers are chosen from; every writable area has a guard. */
struct fz_mem {
	uint8_t *data;		/* DATA_SIZE, private anonymous */
	uint8_t *ro;		/* 2 pages, read-only */
	uint8_t *unmapped;	/* 64 KiB, unmapped */
	uint8_t *file_shared;	/* a page: shared, read-only, regular file */
	uint8_t *file_private;	/* a page: private writable file mapping */
	uint8_t *memfd;		/* 64 KiB shmem, shared */
	uint8_t *huge;		/* 2 MiB hugetlbfs page, or NULL */
	uint8_t *thp;		/* 4 MiB private, MADV_HUGEPAGE */
};

#define DATA_SIZE	(4ul << 20)
#define ARG_AREA	(3 * PAGE)	/* 2 pages + guard, per thread */

static struct fz_shared *sh;
static struct fz_mem mem;
static struct fz_proc *proc;
static uint64_t seed;
static int in_child;		/* a forked child: nobody signals it */
static unsigned long budget;
static unsigned int nprocs, nthreads, chaos_ms, unplug;
static const int fuzz_errnos[] = {
	/* uapi/linux/winusb.h, "Errors" */
	ENOTTY, EFAULT, EINVAL, E2BIG, EPERM, ENODEV, ENOENT, ERANGE, EMSGSIZE,
	ENOPROTOOPT, EACCES, EBUSY, ENOMEM, EAGAIN, ETIMEDOUT, EINTR, EXDEV,
	EOVERFLOW, EOPNOTSUPP,
	/* the USB core's, from synchronous control requests of the driver */
	EPIPE, EPROTO, EILSEQ, ETIME, ECOMM, ENOSR, EREMOTEIO, ESHUTDOWN,
	ECONNRESET,
	/* a descriptor another thread closed */
	EBADF,
};

static int errno_allowed(int op, int e)
{
	if (op == OP_OPEN && (e == ENOENT || e == ENODEV || e == ENXIO ||
			      e == EMFILE))
		return 1;
	if ((op == OP_RW || op == OP_MMAP || op == OP_POLL) && e < 512)
		return 1;
	if (op == OP_FORK && (e == EAGAIN || e == ENOMEM))
		return 1;
	for (unsigned int i = 0; i < sizeof(fuzz_errnos) / sizeof(int); i++)
		if (fuzz_errnos[i] == e)
			return 1;
	return 0;
}

static void note_bad(const char *fmt, ...)
{
	unsigned long n = atomic_fetch_add(&sh->bad, 1);
	va_list ap;

	if (n >= 8)
		return;
	va_start(ap, fmt);
	vsnprintf(sh->bad_msg[n], sizeof(sh->bad_msg[n]), fmt, ap);
	va_end(ap);
}

/* Count a call; false once the budget is spent. */
static int take_call(void)
{
	if (atomic_fetch_add(&sh->calls, 1) >= budget) {
		atomic_store(&sh->budget_done, 1);
		return 0;
	}
	return 1;
}

static void result_e(int op, long ret, int e)
{
	atomic_fetch_add(&sh->n[op], 1);
	if (ret >= 0) {
		atomic_fetch_add(&sh->ok[op], 1);
		return;
	}
	atomic_fetch_add(&sh->err[op][e < ERRNO_MAX ? e : ERRNO_MAX - 1], 1);
	if (!errno_allowed(op, e))
		note_bad("%s: errno %d (%s)", ops[op].name, e, strerror(e));
}

/* One of the values, at random. */
#define PICK(r, ...) ({						\
	static const uint64_t __v[] = { __VA_ARGS__ };			\
	__v[fz_below(r, ARRAY_SIZE(__v))];				\
})

/* Count the result of a call that just returned (errno still its own). */
#define result(op, ret) do {						\
	long __ret = (ret);						\
	result_e(op, __ret, __ret < 0 ? errno : 0);			\
} while (0)

/* ---- values ---- */

static uint8_t pick_ep(uint64_t *r)
{
	static const uint8_t eps[] = {
		0, TD_EP_BULK_IN, TD_EP_BULK_OUT, TD_EP_INT_IN, TD_EP_ISOCH_IN,
		TD_EP_ISOCH_OUT, 0x01, 0x80, 0x82, 0x85, 0x04, 0x8f, 0xff,
	};

	if (fz_pct(r, 5))
		return (uint8_t)fz_next(r);
	return eps[fz_below(r, sizeof(eps))];
}

static uint32_t pick_len(uint64_t *r)
{
	static const uint32_t lens[] = {
		0, 1, 2, 7, 8, 63, 64, 65, 511, 512, 513, 1023, 1024, 1025,
		3072, 4095, 4096, 4097, 8192, 65535, 65536, 131072, 1u << 20,
		(1u << 20) + 1, 4u << 20, 0x7fffffff, 0x80000000, 0xffffffff,
	};

	switch (fz_below(r, 4)) {
	case 0:
		return (uint32_t)fz_next(r) >> fz_below(r, 32);
	case 1:
		return 1 + fz_below(r, 16384);
	default:
		return lens[fz_below(r, ARRAY_SIZE(lens))];
	}
}

/*
 * A user pointer for a buffer of about @len bytes the kernel may read or
 * write: mostly scratch memory, else every kind of bad or odd memory.
 */
static uint64_t pick_ptr(uint64_t *r, uint64_t len)
{
	uint64_t off;

	switch (fz_below(r, 40)) {
	case 0:
		return 0;
	case 1:
		return (uintptr_t)mem.unmapped + fz_below(r, 60000);
	case 2:
		return (uintptr_t)mem.ro + fz_below(r, 2 * PAGE);
	case 3:	/* straddling into the guard page after the data */
		return (uintptr_t)mem.data + DATA_SIZE - 1 - fz_below(r, 4096);
	case 4:
		return (uintptr_t)mem.file_shared + fz_below(r, PAGE);
	case 5:
		return (uintptr_t)mem.file_private + fz_below(r, PAGE);
	case 6:
		return (uintptr_t)mem.memfd + fz_below(r, 65536);
	case 7:
		if (mem.huge)
			return (uintptr_t)mem.huge + (fz_pct(r, 50) ? 0 :
						      fz_below(r, 2u << 20));
		return (uintptr_t)mem.thp;
	case 8:
		return (uintptr_t)mem.thp + fz_below(r, 4u << 20);
	case 9:
		switch (fz_below(r, 5)) {
		case 0:
			return 0xffffffff81000000ull;	/* kernel text */
		case 1:
			return 0xffff888000000000ull;	/* direct map */
		case 2:
			return ~0ull - fz_below(r, 4096);
		case 3:
			return 0x00007ffffffff000ull;	/* last user page */
		default:
			return fz_next(r);
		}
	default:
		/* Fits in the data area when it can, aligned or not. */
		if (len < DATA_SIZE && fz_pct(r, 90))
			off = fz_below(r, (uint32_t)(DATA_SIZE - len) + 1);
		else
			off = fz_below(r, DATA_SIZE);
		if (fz_pct(r, 60))
			off &= ~(uint64_t)(fz_pct(r, 50) ? 4095 : 511);
		return (uintptr_t)mem.data + off;
	}
}

/* A file, of interface @intf mostly if @intf >= 0. */
static int pick_fd_of(uint64_t *r, int intf)
{
	int fd = -1;

	pthread_mutex_lock(&proc->lock);
	if (proc->nfds) {
		unsigned int i = fz_below(r, proc->nfds);

		for (unsigned int k = 0; intf >= 0 && fz_pct(r, 85) &&
		     k < proc->nfds; k++, i = (i + 1) % proc->nfds)
			if (proc->intf[i] == intf)
				break;
		fd = proc->fds[i];
	}
	pthread_mutex_unlock(&proc->lock);
	return fd;
}

static int pick_fd(uint64_t *r)
{
	return pick_fd_of(r, -1);
}

static void add_fd(int fd, int intf)
{
	pthread_mutex_lock(&proc->lock);
	if (proc->nfds < MAX_FDS) {
		proc->intf[proc->nfds] = (uint8_t)intf;
		proc->fds[proc->nfds++] = fd;
		fd = -1;
	}
	pthread_mutex_unlock(&proc->lock);
	if (fd >= 0)
		close(fd);
}

static uint64_t pick_id(uint64_t *r, int fd)
{
	uint64_t id = 0;

	if (fz_pct(r, 15))
		return fz_pct(r, 50) ? fz_next(r) : fz_below(r, 64);
	pthread_mutex_lock(&proc->lock);
	for (unsigned int i = 0, j = fz_below(r, MAX_IDS); i < MAX_IDS;
	     i++, j = (j + 1) % MAX_IDS)
		if (proc->ids[j].id && (proc->ids[j].fd == fd || fz_pct(r, 20))) {
			id = proc->ids[j].id;
			break;
		}
	pthread_mutex_unlock(&proc->lock);
	return id;
}

static void add_id(int fd, uint64_t id)
{
	pthread_mutex_lock(&proc->lock);
	proc->ids[proc->next_id].fd = fd;
	proc->ids[proc->next_id].id = id;
	proc->next_id = (proc->next_id + 1) % MAX_IDS;
	pthread_mutex_unlock(&proc->lock);
}

/* A registered handle, preferably of @fd; false when none. */
static int pick_handle(uint64_t *r, int fd, struct fz_handle *h)
{
	int found = 0;

	pthread_mutex_lock(&proc->lock);
	for (unsigned int i = 0, j = fz_below(r, MAX_HANDLES); i < MAX_HANDLES;
	     i++, j = (j + 1) % MAX_HANDLES)
		if (proc->handles[j].handle &&
		    (proc->handles[j].fd == fd || fz_pct(r, 10))) {
			*h = proc->handles[j];
			found = 1;
			break;
		}
	pthread_mutex_unlock(&proc->lock);
	return found;
}

static void add_handle(const struct fz_handle *h)
{
	pthread_mutex_lock(&proc->lock);
	proc->handles[proc->next_handle] = *h;
	proc->next_handle = (proc->next_handle + 1) % MAX_HANDLES;
	pthread_mutex_unlock(&proc->lock);
}

/* ---- arguments ---- */

static void fill_control(uint64_t *r, struct winusb_submit *s)
{
	uint16_t len = (uint16_t)fz_below(r, 4097), val = 0, idx = 0;
	uint8_t rt = 0xc0, req = TD_REQ_GET_COUNTERS;

	switch (fz_below(r, 15)) {
	case 0:
		rt = 0x40;
		req = TD_REQ_ECHO_OUT;
		break;
	case 1:
		req = TD_REQ_ECHO_IN;
		break;
	case 2:
		rt = 0xc1;
		break;
	case 3:
		rt = 0x40;
		req = TD_REQ_FORCE_STALL;
		idx = pick_ep(r);
		len = 0;
		break;
	case 4:
		rt = 0x40;
		req = TD_REQ_SET_DELAY;
		val = fz_below(r, 8);
		len = 0;
		break;
	case 5:
		rt = 0x40;
		req = TD_REQ_SET_FAULT;
		idx = pick_ep(r);
		/* never NAK forever: isochronous unregister would wait */
		val = PICK(r, TD_FAULT_NONE, TD_FAULT_STALL, TD_FAULT_SHORT,
			   TD_FAULT_BABBLE, TD_FAULT_XDEV);
		len = 0;
		break;
	case 6:		/* GET_DESCRIPTOR */
		rt = 0x80;
		req = 6;
		val = (uint16_t)(fz_below(r, 4) << 8 | fz_below(r, 8));
		break;
	case 7:		/* GET_STATUS */
		rt = 0x80;
		req = 0;
		len = 2;
		break;
	case 8:		/* SET_FEATURE, CLEAR_FEATURE(ENDPOINT_HALT) */
		rt = 0x02;
		req = fz_pct(r, 50) ? 1 : 3;
		idx = pick_ep(r);
		len = 0;
		break;
	case 9:		/* SET_ADDRESS, SET_CONFIGURATION, SET_FEATURE */
		rt = 0x00;
		req = PICK(r, 5, 9, 3);
		len = 0;
		break;
	case 10:	/* SET_INTERFACE */
		rt = 0x01;
		req = 11;
		val = fz_below(r, 3);
		len = 0;
		break;
	case 11:	/* GET_STATUS of an endpoint */
		rt = 0xc2;
		req = 0;
		idx = pick_ep(r);
		break;
	case 13:	/* IN without a data stage */
		len = 0;
		break;
	case 12:
		rt = 0x40;
		req = TD_REQ_SET_PACED;
		val = fz_below(r, 2);
		len = 0;
		break;
	default:
		rt = (uint8_t)fz_next(r);
		req = (uint8_t)fz_next(r);
		val = (uint16_t)fz_next(r);
		idx = (uint16_t)fz_next(r);
		/* no long device delays, no endless NAKs */
		if ((rt & 0x60) == 0x40 && (req == TD_REQ_SET_DELAY ||
					   req == TD_REQ_SET_FAULT))
			req = TD_REQ_GET_COUNTERS;
		break;
	}
	wu_setup(s->setup, rt, req, val, idx, len);
	s->length = fz_pct(r, 90) ? len : pick_len(r);
}

/* Build the argument of @op in @a (room for a page); returns its size. */
static size_t fill_arg(uint64_t *r, int op, int fd, uint8_t *a)
{
	struct fz_handle h;

	switch (op) {
	case OP_GET_INFO:
		break;
	case OP_GET_DESCRIPTOR: {
		struct winusb_get_descriptor *g = (void *)a;

		g->type = PICK(r, 1, 2, 3, 4, 5, 6, 0xf, 0x21, 0x30);
		if (fz_pct(r, 5))
			g->type = (uint8_t)fz_next(r);
		g->index = fz_pct(r, 80) ? fz_below(r, 8) : (uint8_t)fz_next(r);
		g->language_id = fz_pct(r, 50) ? 0 : 0x409;
		g->length = fz_pct(r, 70) ? fz_below(r, 300) : pick_len(r);
		g->data_uptr = pick_ptr(r, g->length);
		break;
	}
	case OP_QUERY_PIPE: {
		struct winusb_query_pipe *q = (void *)a;

		q->alt_setting = fz_pct(r, 90) ? fz_below(r, 3) : 0xff;
		q->pipe_index = fz_pct(r, 90) ? fz_below(r, 5) : 0xff;
		break;
	}
	case OP_GET_ALT:
		break;
	case OP_SET_ALT: {
		struct winusb_altsetting *s = (void *)a;

		s->alt_setting = fz_pct(r, 70) ? 1 : fz_pct(r, 90) ?
				 fz_below(r, 3) : (uint8_t)fz_next(r);
		if (fz_pct(r, 3))	/* the padding after the byte */
			s->__reserved[fz_below(r, sizeof(s->__reserved))] =
				(uint8_t)(1 + fz_below(r, 255));
		break;
	}
	case OP_SUBMIT: {
		struct winusb_submit *s = (void *)a;

		switch (fz_below(r, 20)) {
		case 0 ... 5:
			s->type = WINUSB_XFER_CONTROL;
			s->endpoint = fz_pct(r, 95) ? 0 : pick_ep(r);
			fill_control(r, s);
			break;
		case 6 ... 16:
			s->type = WINUSB_XFER_BULK;
			s->endpoint = fz_pct(r, 50) ? TD_EP_BULK_IN :
						      TD_EP_BULK_OUT;
			if (fz_pct(r, 10))
				s->endpoint = pick_ep(r);
			s->length = fz_pct(r, 70) ? fz_below(r, 70000) :
						    pick_len(r);
			break;
		case 17 ... 18:
			s->type = WINUSB_XFER_INTERRUPT;
			s->endpoint = fz_pct(r, 90) ? TD_EP_INT_IN : pick_ep(r);
			s->length = fz_pct(r, 70) ? fz_below(r, 64) : pick_len(r);
			break;
		default:
			s->type = (uint8_t)(fz_pct(r, 50) ? WINUSB_XFER_ISOCH :
						 fz_next(r));
			s->endpoint = pick_ep(r);
			s->length = pick_len(r);
			break;
		}
		s->data_uptr = pick_ptr(r, s->length);
		s->cookie = fz_next(r);
		if (fz_pct(r, 30)) {
			s->flags = WINUSB_SUBMIT_TIMEOUT;
			s->timeout_ms = PICK(r, 0, 1, 5, 50, 500, 2000);
		}
		break;
	}
	case OP_REAP: {
		struct winusb_reap *p = (void *)a;
		uint32_t count = PICK(r, 1, 1, 2, 8, 64, 0, 1000, 0xffffffff);

		p->count = count;
		p->record_size = fz_pct(r, 85) ? sizeof(struct winusb_completion) :
			PICK(r, 0, 39, 48, 64, 4096, 65536, 0xffffffff);
		p->records_uptr = pick_ptr(r, (uint64_t)(count < 64 ? count : 64) *
					      sizeof(struct winusb_completion));
		p->flags = PICK(r, 0, WINUSB_REAP_NONBLOCK, WINUSB_REAP_MATCH_ID,
				WINUSB_REAP_MATCH_ID | WINUSB_REAP_NONBLOCK,
				WINUSB_REAP_NONBLOCK);
		if (p->flags & WINUSB_REAP_MATCH_ID)
			p->id = pick_id(r, fd);
		/* Waits are bounded; the signal thread breaks the long ones. */
		p->timeout_ms = fz_pct(r, 1) && !in_child ? WINUSB_INFINITE :
			PICK(r, 0, 1, 10, 50);
		break;
	}
	case OP_CANCEL: {
		struct winusb_cancel *c = (void *)a;

		c->id = pick_id(r, fd);
		break;
	}
	case OP_ABORT:
	case OP_RESET:
	case OP_FLUSH: {
		struct winusb_pipe_cmd *p = (void *)a;

		p->endpoint = pick_ep(r);
		if (fz_pct(r, 3))	/* the padding after the byte */
			p->__reserved[fz_below(r, sizeof(p->__reserved))] =
				(uint8_t)(1 + fz_below(r, 255));
		break;
	}
	case OP_GET_PIPE_POLICY:
	case OP_SET_PIPE_POLICY: {
		struct winusb_pipe_policy *p = (void *)a;

		p->endpoint = pick_ep(r);
		p->policy = fz_pct(r, 90) ? 1 + fz_below(r, 9) :
			PICK(r, 0, 10, 0x81, 0xffffffff);
		p->value_size = (p->policy == WINUSB_POLICY_PIPE_TRANSFER_TIMEOUT ||
				 p->policy == WINUSB_POLICY_MAXIMUM_TRANSFER_SIZE) ?
				4 : 1;
		if (fz_pct(r, 10))
			p->value_size = PICK(r, 0, 1, 2, 4, 8, 0xffffffff);
		p->value = fz_pct(r, 80) ? fz_below(r, 2) :
			PICK(r, 5, 100, 5000, 0x100, 0xffffffff, 1ull << 40);
		/* a short control timeout keeps a dead device from stalling */
		if (p->endpoint == 0 &&
		    p->policy == WINUSB_POLICY_PIPE_TRANSFER_TIMEOUT &&
		    p->value == 0)
			p->value = 1000;
		break;
	}
	case OP_GET_POWER:
	case OP_SET_POWER: {
		struct winusb_power_policy *p = (void *)a;

		p->policy = fz_pct(r, 90) ? (fz_pct(r, 50) ?
			WINUSB_POWER_AUTO_SUSPEND : WINUSB_POWER_SUSPEND_DELAY) :
			(uint32_t)fz_below(r, 0x100);
		p->value_size = p->policy == WINUSB_POWER_SUSPEND_DELAY ? 4 : 1;
		if (fz_pct(r, 10))
			p->value_size = fz_below(r, 9);
		p->value = fz_pct(r, 80) ? fz_below(r, 2) :
			PICK(r, 10, 2000, 0xffffffff, 1ull << 33);
		break;
	}
	case OP_ISOCH_REGISTER: {
		struct winusb_isoch_register *g = (void *)a;

		g->endpoint = fz_pct(r, 90) ? (fz_pct(r, 50) ? TD_EP_ISOCH_IN :
							       TD_EP_ISOCH_OUT) :
					      pick_ep(r);
		g->length = fz_pct(r, 80) ? 1 + fz_below(r, 256 * 1024) :
			PICK(r, 0, 1, 4096, 1u << 20, 0xffffffffull, 1ull << 32, ~0ull);
		g->buffer_uptr = pick_ptr(r, g->length);
		break;
	}
	case OP_ISOCH_UNREGISTER: {
		struct winusb_isoch_unregister *u = (void *)a;

		if (fz_pct(r, 85) && pick_handle(r, fd, &h))
			u->handle = h.handle;
		else
			u->handle = fz_pct(r, 20) ? (uint32_t)fz_next(r) :
				    PICK(r, 0, 1, 2, 0xffffffff);
		break;
	}
	case OP_ISOCH_SUBMIT: {
		struct winusb_isoch_submit *s = (void *)a;
		uint32_t frames;

		if (!fz_pct(r, 90) || !pick_handle(r, fd, &h)) {
			memset(&h, 0, sizeof(h));
			h.handle = (uint32_t)fz_next(r) % 8;
			h.packet_bytes = h.frame_bytes = 1024;
			h.length = 65536;
		}
		s->handle = h.handle;
		frames = h.frame_bytes ? h.length / h.frame_bytes : 0;
		if (frames && fz_pct(r, 85)) {
			uint32_t k = 1 + fz_below(r, frames < 16 ? frames : 16);
			uint32_t room = h.length - k * h.frame_bytes;

			s->length = k * h.frame_bytes;
			s->offset = room ? fz_below(r, room + 1) : 0;
			if (fz_pct(r, 50))
				s->offset -= s->offset % h.frame_bytes;
		} else {
			s->length = pick_len(r);
			s->offset = fz_pct(r, 50) ? 0 : (uint32_t)fz_next(r);
		}
		if (h.packet_bytes && (h.endpoint & 0x80 || fz_pct(r, 50)))
			s->num_packets = s->length / h.packet_bytes;
		if (fz_pct(r, 5))
			s->num_packets = (uint32_t)fz_next(r) >> fz_below(r, 32);
		s->packets_uptr = pick_ptr(r, (uint64_t)s->num_packets * 12);
		s->cookie = fz_next(r);
		switch (fz_below(r, 20)) {
		case 0 ... 10:
			s->flags = WINUSB_ISOCH_ASAP;
			break;
		case 11 ... 15:
			s->flags = WINUSB_ISOCH_ASAP | WINUSB_ISOCH_CONTINUE;
			break;
		case 16 ... 18: {
			struct winusb_frame f = { .size = sizeof(f) };

			/* a frame ahead, or one that is not allowed */
			if (!ioctl(fd, WINUSB_IOCTL_GET_FRAME, &f))
				s->start_frame = f.out_frame +
					PICK(r, 0, 3, 5, 20, 100, 1025, -5u);
			break;
		}
		default:
			s->flags = (uint32_t)fz_next(r) & 7;
			s->start_frame = (uint32_t)fz_next(r);
			break;
		}
		break;
	}
	case OP_GET_FRAME:
		break;
	}
	return ops[op].size;
}

/* Read back what a call returned and remember its ids and handles. */
static void after_ok(int op, int fd, const uint8_t *a, long ret)
{
	switch (op) {
	case OP_GET_INFO: {
		const struct winusb_info *i = (const void *)a;

		if (i->size >= sizeof(*i) &&
		    i->out_abi_version != WINUSB_ABI_VERSION)
			note_bad("GET_INFO: abi version %u", i->out_abi_version);
		break;
	}
	case OP_SUBMIT:
	case OP_ISOCH_SUBMIT: {
		uint64_t id = op == OP_SUBMIT ?
			((const struct winusb_submit *)a)->out_id :
			((const struct winusb_isoch_submit *)a)->out_id;

		if (((const struct winusb_submit *)a)->size >=
		    ops[op].size && !id)
			note_bad("%s: request id 0", ops[op].name);
		add_id(fd, id);
		break;
	}
	case OP_REAP: {
		const struct winusb_reap *p = (const void *)a;
		const struct winusb_completion *c;

		if (ret < 1 || ret > p->count) {
			note_bad("REAP: %ld records for count %u", ret, p->count);
			break;
		}
		if (p->record_size < sizeof(*c) ||
		    p->records_uptr < (uintptr_t)mem.data ||
		    p->records_uptr + (uint64_t)ret * p->record_size >
		    (uintptr_t)mem.data + DATA_SIZE)
			break;
		for (long i = 0; i < ret; i++) {
			c = (const void *)(uintptr_t)(p->records_uptr +
						      i * p->record_size);
			if (c->status > 0 || c->status < -511 || c->type > 3 ||
			    !c->id)
				note_bad("REAP: record id %llu status %d type %u",
					 (unsigned long long)c->id, c->status,
					 c->type);
		}
		break;
	}
	case OP_ISOCH_REGISTER: {
		const struct winusb_isoch_register *g = (const void *)a;
		struct fz_handle h = {
			.fd = fd, .handle = g->out_handle,
			.length = (uint32_t)g->length,
			.packet_bytes = g->out_packet_bytes,
			.frame_bytes = g->out_frame_bytes,
			.endpoint = (uint8_t)g->endpoint,
		};

		if (g->size < sizeof(*g))
			break;
		if (!h.handle || h.handle == 0xffffffff || !h.frame_bytes ||
		    !h.packet_bytes || h.frame_bytes % h.packet_bytes)
			note_bad("ISOCH_REGISTER: handle %u packet %u frame %u",
				 h.handle, h.packet_bytes, h.frame_bytes);
		else
			add_handle(&h);
		break;
	}
	}
}

/*
 * One ioctl: the argument, its size member and where it lies in memory
 * are all chosen here.
 */
static void do_ioctl(uint64_t *r, int op, uint8_t *area)
{
	int isoch = op == OP_ISOCH_REGISTER || op == OP_ISOCH_UNREGISTER ||
		  op == OP_ISOCH_SUBMIT || op == OP_SET_ALT;
	int fd = pick_fd_of(r, isoch);
	unsigned long cmd = ops[op].cmd;
	uint8_t a[PAGE + 64];
	size_t size;
	uint8_t *where;
	double t;
	long ret;
	int e = 0;

	if (fd < 0)
		return;
	memset(a, 0, sizeof(a));
	if (op == OP_BOGUS_IOCTL) {
		switch (fz_below(r, 4)) {
		case 0:	/* our type, numbers around ours */
			cmd = _IOC(fz_below(r, 4), WINUSB_IOCTL_TYPE,
				   0x70 + fz_below(r, 0x40), fz_below(r, 256));
			break;
		case 1:	/* a real number with another size and direction */
			cmd = _IOC(fz_below(r, 4), WINUSB_IOCTL_TYPE,
				   0x80 + fz_below(r, 0x13), fz_below(r, 0x4000));
			break;
		case 2: {	/* usbfs' and other drivers' ioctls */
			static const uint8_t types[] = { 'U', 'T', 'V', 0 };

			cmd = _IOC(fz_below(r, 4), types[fz_below(r, 4)],
				   fz_below(r, 64), 8);
			break;
		}
		default:
			cmd = (uint32_t)fz_next(r);
			break;
		}
		size = fz_below(r, 128);
		for (size_t i = 0; i < size; i++)
			a[i] = fz_pct(r, 70) ? 0 : (uint8_t)fz_next(r);
		*(uint32_t *)a = (uint32_t)size;
	} else {
		size = fill_arg(r, op, fd, a);
		/* flags, reserved members and stray bytes */
		if (fz_pct(r, 5))
			((uint32_t *)a)[1] = (uint32_t)fz_next(r);
		if (fz_pct(r, 4))
			a[8 + fz_below(r, (uint32_t)size - 8)] ^=
				(uint8_t)(1u << fz_below(r, 8));
		switch (fz_below(r, 40)) {
		case 0 ... 1:	/* too small */
			*(uint32_t *)a = fz_below(r, (uint32_t)size);
			break;
		case 2 ... 4:	/* larger, zero tail */
			*(uint32_t *)a = (uint32_t)size + fz_below(r, PAGE -
							size + 1);
			break;
		case 5 ... 6:	/* larger, non-zero tail */
			*(uint32_t *)a = (uint32_t)size + 1 +
					 fz_below(r, 64);
			a[size + fz_below(r, *(uint32_t *)a - size)] = 1;
			break;
		case 7:
			*(uint32_t *)a = PICK(r, PAGE + 1, 0xffffffff, 0x80000000);
			break;
		default:
			*(uint32_t *)a = (uint32_t)size;
			break;
		}
		/* usbfs-style wrong size or direction in the command */
		if (fz_pct(r, 2))
			cmd = _IOC(fz_below(r, 4), WINUSB_IOCTL_TYPE,
				   _IOC_NR(cmd), fz_below(r, 0x4000));
	}

	/* Where the argument lies: the area is 2 pages and a guard page. */
	switch (fz_below(r, 50)) {
	case 0:
		where = NULL;
		break;
	case 1:
		where = mem.unmapped + fz_below(r, 4096);
		break;
	case 2:
		where = (uint8_t *)0xffffffff81000000ull;
		break;
	case 3 ... 4:	/* read-only copy: the kernel cannot write back */
		where = NULL;
		if (!mprotect(area, 2 * PAGE, PROT_READ | PROT_WRITE)) {
			memcpy(area, a, PAGE);
			mprotect(area, 2 * PAGE, PROT_READ);
			where = area;
		}
		break;
	case 5 ... 7: {	/* straddling into the guard page */
		size_t cut = fz_below(r, (uint32_t)size + 8);

		where = area + 2 * PAGE - cut;
		memcpy(where, a, cut);
		break;
	}
	case 8 ... 10:
		where = area + 1 + fz_below(r, 7);
		memcpy(where, a, PAGE);
		break;
	default:
		where = area;
		memcpy(where, a, PAGE);
		break;
	}
	if (!take_call())
		goto out;
	t = wu_now();
	ret = ioctl(fd, cmd, where);
	if (ret < 0)
		e = errno;
	atomic_fetch_add(&sh->usec[op], (unsigned long)((wu_now() - t) * 1e6));
	if (op == OP_BOGUS_IOCTL) {
		result_e(op, ret, e);
		if (ret >= 0 && _IOC_TYPE(cmd) != WINUSB_IOCTL_TYPE)
			note_bad("bogus ioctl %#lx succeeded", cmd);
	} else {
		result_e(op, ret, e);
		if (ret >= 0 && where >= area && where < area + 2 * PAGE &&
		    where + size <= area + 2 * PAGE)
			after_ok(op, fd, where, ret);
		if (ret > 0 && op != OP_REAP)
			note_bad("%s returned %ld", ops[op].name, ret);
	}
out:
	mprotect(area, 2 * PAGE, PROT_READ | PROT_WRITE);
}

static void do_open(uint64_t *r)
{
	static const int modes[] = { O_RDWR, O_RDWR, O_RDWR, O_RDWR, O_RDWR,
				     O_RDWR, O_RDWR, O_RDWR, O_RDONLY,
				     O_WRONLY };
	int intf = fz_below(r, 2), fd;
	char node[64];

	if (fz_node(intf, node, sizeof(node)))
		return;
	if (!take_call())
		return;
	fd = open(node, modes[fz_below(r, 10)] | O_CLOEXEC |
		  (fz_pct(r, 20) ? O_NONBLOCK : 0));
	result(OP_OPEN, fd);
	if (fd >= 0)
		add_fd(fd, intf);
}

static void do_close(uint64_t *r)
{
	int fd = -1;

	pthread_mutex_lock(&proc->lock);
	if (proc->nfds) {
		unsigned int i = fz_below(r, proc->nfds);

		fd = proc->fds[i];
		proc->nfds--;
		proc->fds[i] = proc->fds[proc->nfds];
		proc->intf[i] = proc->intf[proc->nfds];
	}
	pthread_mutex_unlock(&proc->lock);
	if (fd < 0 || !take_call())
		return;
	result(OP_CLOSE, close(fd));
}

static void do_dup(uint64_t *r)
{
	int fd = pick_fd(r), nfd, intf = -1;

	if (fd < 0 || !take_call())
		return;
	nfd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	result(OP_DUP, nfd);
	pthread_mutex_lock(&proc->lock);
	for (int i = 0; i < proc->nfds; i++)
		if (proc->fds[i] == fd)
			intf = proc->intf[i];
	pthread_mutex_unlock(&proc->lock);
	if (nfd >= 0)
		add_fd(nfd, intf < 0 ? 0 : intf);
}

static void do_poll(uint64_t *r)
{
	struct pollfd p = { .fd = pick_fd(r), .events = POLLIN | POLLOUT };

	if (p.fd < 0 || !take_call())
		return;
	result(OP_POLL, poll(&p, 1, fz_below(r, 20)));
}

static void do_rw(uint64_t *r)
{
	int fd = pick_fd(r);
	uint64_t p = pick_ptr(r, 64);
	long ret;

	if (fd < 0 || !take_call())
		return;
	if (fz_pct(r, 50))
		ret = read(fd, (void *)(uintptr_t)p, fz_below(r, 128));
	else
		ret = write(fd, (void *)(uintptr_t)p, fz_below(r, 128));
	result_e(OP_RW, ret, errno);
}

static void do_mmap(uint64_t *r)
{
	int fd = pick_fd(r);
	void *m;

	if (fd < 0 || !take_call())
		return;
	m = mmap(NULL, PAGE, PROT_READ | (fz_pct(r, 50) ? PROT_WRITE : 0),
		 MAP_SHARED, fd, 0);
	result_e(OP_MMAP, m == MAP_FAILED ? -1 : 0, errno);
	if (m != MAP_FAILED)
		munmap(m, PAGE);
}

static int pick_op(uint64_t *r)
{
	static unsigned int total;
	unsigned int x;
	int op;

	if (!total)
		for (op = 0; op < NR_OPS; op++)
			total += ops[op].weight;
	x = fz_below(r, total);
	for (op = 0; op < NR_OPS - 1; op++) {
		if (x < ops[op].weight)
			break;
		x -= ops[op].weight;
	}
	return op;
}

static void run_ops(uint64_t *r, uint8_t *area, unsigned long n, int forked);

/*
 * A child that shares the process' files: a few calls, then it exits, with
 * whatever it left pending, or is killed.
 */
static void do_fork(uint64_t *r, uint8_t *area)
{
	uint64_t cseed = fz_next(r);
	int kill_it = fz_pct(r, 50), st, e;
	pid_t pid;

	if (!take_call())
		return;
	pthread_mutex_lock(&proc->lock);
	pid = fork();
	if (!pid) {
		/* dies with its parent, SIGKILLed workers included */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		pthread_mutex_init(&proc->lock, NULL);
		in_child = 1;
		run_ops(&cseed, area, 5 + fz_below(&cseed, 40), 1);
		_exit(0);
	}
	e = errno;
	pthread_mutex_unlock(&proc->lock);
	result_e(OP_FORK, pid, e);
	if (pid < 0)
		return;
	atomic_fetch_add(&sh->forks, 1);
	if (kill_it) {
		usleep(fz_below(r, 20000));
		kill(pid, SIGKILL);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return;
	if (WIFSIGNALED(st) && WTERMSIG(st) != SIGKILL)
		note_bad("forked child died of signal %d", WTERMSIG(st));
}

static void run_ops(uint64_t *r, uint8_t *area, unsigned long n, int forked)
{
	for (unsigned long i = 0; i < n && !atomic_load(&sh->budget_done); i++) {
		int op = pick_op(r);

		switch (op) {
		case OP_OPEN:
			do_open(r);
			break;
		case OP_CLOSE:
			do_close(r);
			break;
		case OP_DUP:
			do_dup(r);
			break;
		case OP_FORK:
			if (!forked)
				do_fork(r, area);
			break;
		case OP_POLL:
			do_poll(r);
			break;
		case OP_RW:
			do_rw(r);
			break;
		case OP_MMAP:
			do_mmap(r);
			break;
		case OP_EXIT:
			/* The whole process, every thread, files open. */
			if (!forked && take_call()) {
				atomic_fetch_add(&sh->exits, 1);
				_exit(0);
			}
			break;
		default:
			do_ioctl(r, op, area);
			break;
		}
	}
}

struct fz_thread {
	pthread_t tid;
	atomic_int task;
	atomic_int done;
	uint64_t rng;
};

static void *worker(void *arg)
{
	struct fz_thread *t = arg;
	uint8_t *area = mmap(NULL, ARG_AREA, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	t->task = (pid_t)syscall(SYS_gettid);
	if (area != MAP_FAILED) {
		mprotect(area + 2 * PAGE, PAGE, PROT_NONE);
		run_ops(&t->rng, area, ~0ul, 0);
	}
	atomic_store(&t->done, 1);
	return NULL;
}

static void on_signal(int sig)
{
	(void)sig;
}

/* One worker process: @nthreads threads; this thread sends signals. */
static void worker_process(unsigned int gen)
{
	struct fz_thread t[MAX_THREADS];
	struct sigaction sa = { .sa_handler = on_signal };
	uint64_t r = seed ^ (0x5151ull * (gen + 1));

	sigaction(SIGUSR1, &sa, NULL);	/* no SA_RESTART: waits see EINTR */
	proc = mmap(NULL, sizeof(*proc), PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (proc == MAP_FAILED)
		_exit(1);
	pthread_mutex_init(&proc->lock, NULL);
	for (unsigned int i = 0; i < nthreads; i++) {
		t[i].rng = seed + 0x1000003ull * gen + i;
		fz_next(&t[i].rng);
		t[i].task = 0;
		t[i].done = 0;
		pthread_create(&t[i].tid, NULL, worker, &t[i]);
	}
	/* Signals until every thread is done: they break infinite waits. */
	for (unsigned int busy = nthreads; busy;) {
		usleep(20000 + fz_below(&r, 80000));
		busy = 0;
		for (unsigned int i = 0; i < nthreads; i++)
			busy += !atomic_load(&t[i].done);
		for (unsigned int i = 0; i < nthreads; i++)
			if (t[i].task && !t[i].done && fz_pct(&r, 50)) {
				syscall(SYS_tgkill, getpid(), t[i].task, SIGUSR1);
				atomic_fetch_add(&sh->signals, 1);
			}
	}
	for (unsigned int i = 0; i < nthreads; i++)
		pthread_join(t[i].tid, NULL);
	_exit(0);
}

/* Print every task's kernel stack of @pid (a hung worker). */
static void dump_stacks(pid_t pid)
{
	char path[320], buf[4096];
	struct dirent *d;
	DIR *dir;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	dir = opendir(path);
	if (!dir)
		return;
	while ((d = readdir(dir))) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/%d/task/%s/stack", pid,
			 d->d_name);
		if (wu_read_file(path, buf, sizeof(buf)))
			continue;
		fprintf(stderr, "# task %d/%s:\n%s\n", pid, d->d_name, buf);
	}
	closedir(dir);
}

/* A process running this program other than this one and its parent. */
static pid_t other_instance(void)
{
	char self[256], path[64], exe[256];
	struct dirent *d;
	pid_t pid = 0;
	ssize_t n;
	DIR *dir;

	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	dir = opendir("/proc");
	if (n <= 0 || !dir) {
		if (dir)
			closedir(dir);
		return 0;
	}
	self[n] = '\0';
	while (!pid && (d = readdir(dir))) {
		pid_t p = (pid_t)atoi(d->d_name);

		if (p <= 0 || p == getpid() || p == getppid())
			continue;
		snprintf(path, sizeof(path), "/proc/%d/exe", p);
		n = readlink(path, exe, sizeof(exe) - 1);
		if (n <= 0)
			continue;
		exe[n] = '\0';
		if (!strcmp(exe, self))
			pid = p;
	}
	closedir(dir);
	return pid;
}

static void *map_guarded(size_t size)
{
	uint8_t *m = mmap(NULL, size + PAGE, PROT_NONE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (m == MAP_FAILED)
		return NULL;
	if (mprotect(m, size, PROT_READ | PROT_WRITE))
		return NULL;
	memset(m, 0x5a, size);
	return m;
}

/* Map every kind of memory pick_ptr() hands out; inherited by workers. */
static int setup_memory(void)
{
	int fd;

	mem.data = map_guarded(DATA_SIZE);
	mem.ro = map_guarded(2 * PAGE);
	mem.thp = map_guarded(4u << 20);
	if (!mem.data || !mem.ro || !mem.thp)
		return -ENOMEM;
	madvise(mem.thp, 4u << 20, MADV_HUGEPAGE);
	mprotect(mem.ro, 2 * PAGE, PROT_READ);
	/* below vm.mmap_min_addr (64 KiB): never mapped */
	mem.unmapped = (uint8_t *)0x1000;

	/* The checkout is on 9p, which maps files shared only read-only. */
	fd = open("build/fuzz-file-map", O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || ftruncate(fd, PAGE))
		return -errno;
	/* each in the first page of a guarded pair */
	mem.file_private = map_guarded(PAGE);
	mem.file_shared = map_guarded(PAGE);
	if (!mem.file_private || !mem.file_shared)
		return -ENOMEM;
	mem.file_private = mmap(mem.file_private, PAGE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_FIXED, fd, 0);
	close(fd);
	fd = open("build/fuzz-file-map", O_RDONLY);
	mem.file_shared = mmap(mem.file_shared, PAGE, PROT_READ,
			       MAP_SHARED | MAP_FIXED, fd, 0);
	close(fd);
	if (mem.file_private == MAP_FAILED || mem.file_shared == MAP_FAILED)
		return -EIO;

	fd = memfd_create("fuzz", 0);
	if (fd < 0 || ftruncate(fd, 65536 + PAGE))
		return -errno;
	mem.memfd = mmap(NULL, 65536 + PAGE, PROT_READ | PROT_WRITE, MAP_SHARED,
			 fd, 0);
	close(fd);
	if (mem.memfd == MAP_FAILED)
		return -EIO;
	mprotect(mem.memfd + 65536, PAGE, PROT_NONE);

	mem.huge = mmap(NULL, 4u << 20, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
	if (mem.huge == MAP_FAILED) {
		mem.huge = NULL;
	} else {
		/* one huge page, then an inaccessible one */
		memset(mem.huge, 0x5a, 2u << 20);
		mprotect(mem.huge + (2u << 20), 2u << 20, PROT_NONE);
	}
	return 0;
}

/* The device is plugged, both interfaces bound, and it moves data. */
static int device_works(struct __test_metadata *_metadata)
{
	static uint8_t out[512], in[512];
	struct winusb_isoch_register g = { .size = sizeof(g) };
	struct winusb_isoch_packet pk[64];
	struct winusb_completion rec;
	struct winusb_altsetting alt = { .size = sizeof(alt), .alt_setting = 1 };
	struct winusb_isoch_submit s = { .size = sizeof(s) };
	static uint8_t isoch[65536];
	uint32_t actual = 0;
	char node[64];
	int fd, ret;

	if (fz_node(0, node, sizeof(node)))
		return -ENOENT;
	fd = open(node, O_RDWR);
	if (fd < 0)
		return -errno;
	for (unsigned int i = 0; i < sizeof(out); i++)
		out[i] = (uint8_t)(i * 7);
	ret = wu_control(fd, 0x40, TD_REQ_ECHO_OUT, 0, 0, out, sizeof(out),
			 &actual);
	if (!ret)
		ret = wu_control(fd, 0xc0, TD_REQ_ECHO_IN, 0, 0, in, sizeof(in),
				 &actual);
	if (!ret && (actual != sizeof(in) || memcmp(in, out, sizeof(in))))
		ret = -EIO;
	EXPECT_EQ(0, ret);
	if (!ret) {
		ret = wu_bulk(fd, TD_EP_BULK_OUT, out, sizeof(out), &actual);
		if (!ret)
			ret = wu_bulk(fd, TD_EP_BULK_IN, in, sizeof(in), &actual);
		if (!ret && memcmp(in, out, sizeof(in)))
			ret = -EIO;
		EXPECT_EQ(0, ret);
	}
	close(fd);
	if (ret)
		return ret;

	/* interface 1: alternate setting 1, one isochronous IN transfer */
	if (fz_node(1, node, sizeof(node)))
		return -ENOENT;
	fd = open(node, O_RDWR);
	if (fd < 0)
		return -errno;
	ret = ioctl(fd, WINUSB_IOCTL_SET_ALTSETTING, &alt) ? -errno : 0;
	g.endpoint = TD_EP_ISOCH_IN;
	g.buffer_uptr = (uintptr_t)isoch;
	g.length = sizeof(isoch);
	if (!ret && ioctl(fd, WINUSB_IOCTL_ISOCH_REGISTER, &g))
		ret = -errno;
	if (!ret) {
		s.flags = WINUSB_ISOCH_ASAP;
		s.handle = g.out_handle;
		s.length = g.out_frame_bytes * 4;
		s.num_packets = s.length / g.out_packet_bytes;
		s.packets_uptr = (uintptr_t)pk;
		if (s.num_packets > 64 || ioctl(fd, WINUSB_IOCTL_ISOCH_SUBMIT, &s))
			ret = -errno;
	}
	if (!ret) {
		ret = wu_reap_id(fd, s.out_id, 10000, &rec);
		ret = ret == 1 ? rec.status : ret < 0 ? ret : -EIO;
	}
	EXPECT_EQ(0, ret);
	close(fd);
	return ret;
}

FIXTURE(fuzz) {
	int dummy;
};

FIXTURE_SETUP(fuzz)
{
	self->dummy = 0;
}

FIXTURE_TEARDOWN(fuzz)
{
}

TEST_F_TIMEOUT(fuzz, ioctls, 36000)
{
	pid_t pids[MAX_PROCS] = { 0 };
	unsigned int gens = 0, live = 0;
	unsigned long last_calls = 0;
	double t0 = wu_now(), last_progress = t0, next_chaos;
	long long pins0, pins1;
	long charge0, charge1;
	uint64_t cr;
	char node[64];
	int hung = 0, st;

	(void)self;
	if (fz_node(0, node, sizeof(node)) || fz_node(1, node, sizeof(node)))
		SKIP(return, "test device not bound (run through run.sh)");
	seed = fz_seed("FUZZ_SEED");
	budget = fz_env_u64("FUZZ_CALLS", 10000);
	nprocs = fz_env_u64("FUZZ_PROCS", 3);
	nthreads = fz_env_u64("FUZZ_THREADS", 3);
	chaos_ms = fz_env_u64("FUZZ_CHAOS", 500);
	unplug = fz_env_u64("FUZZ_UNPLUG", 1);
	if (!getenv("FUZZ_HELPER"))
		chaos_ms = 0;
	nprocs = nprocs < 1 ? 1 : nprocs > MAX_PROCS ? MAX_PROCS : nprocs;
	nthreads = nthreads < 1 ? 1 : nthreads > MAX_THREADS ? MAX_THREADS :
							       nthreads;
	cr = seed ^ 0xc4a05ull;
	TH_LOG("seed %llu (FUZZ_SEED), %lu calls, %u processes x %u threads, chaos every ~%u ms",
	       (unsigned long long)seed, budget, nprocs, nthreads, chaos_ms);

	ASSERT_EQ(0, setup_memory());
	if (!mem.huge)
		TH_LOG("no huge page (vm.nr_hugepages): THP region only");
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, sh);

	pins0 = wu_foll_pins();
	charge0 = wu_charged();
	ASSERT_LE(0, charge0) TH_LOG("no debugfs memory file: %ld", charge0);
	{
		/* The count sees a request of 1 byte left unreaped. */
		uint8_t setup[8], byte = 0;
		int fd = open(node, O_RDWR);

		ASSERT_GE(fd, 0);
		wu_setup(setup, 0x40, TD_REQ_ECHO_OUT, 0, 0, 1);
		ASSERT_EQ(0, wu_submit(fd, WINUSB_XFER_CONTROL, 0, &byte, 1,
				       setup, 0, 0, NULL));
		EXPECT_LT(charge0, wu_charged());
		close(fd);
		ASSERT_EQ(charge0, wu_charged());
	}
	ASSERT_EQ(0, fz_debugfs_value("pinned pages"));

	next_chaos = t0 + (chaos_ms ? fz_below(&cr, 2 * chaos_ms) / 1000.0 : 1e9);
	for (;;) {
		unsigned long calls = atomic_load(&sh->calls);
		double now = wu_now();

		/* Keep nprocs workers while there is budget. */
		for (unsigned int i = 0; i < nprocs; i++) {
			if (pids[i] > 0 &&
			    waitpid(pids[i], &st, WNOHANG) == pids[i]) {
				if (WIFSIGNALED(st) && WTERMSIG(st) != SIGKILL)
					note_bad("worker died of signal %d",
						 WTERMSIG(st));
				pids[i] = 0;
				live--;
			}
			if (!pids[i] && !atomic_load(&sh->budget_done)) {
				unsigned int gen = gens++;

				pids[i] = fork();
				if (!pids[i])
					worker_process(gen);
				if (pids[i] > 0)
					live++;
			}
		}
		if (!live && atomic_load(&sh->budget_done))
			break;
		if (calls / (budget / 10 + 1) != last_calls / (budget / 10 + 1))
			fprintf(stderr, "# %lu calls, %.0f s\n", calls, now - t0);
		if (calls != last_calls) {
			last_calls = calls;
			last_progress = now;
		} else if (now - last_progress > 90) {
			TH_LOG("no progress for 90 s at %lu calls: hung workers",
			       calls);
			for (unsigned int i = 0; i < nprocs; i++)
				if (pids[i] > 0)
					dump_stacks(pids[i]);
			hung = 1;
			break;
		}
		if (chaos_ms && now >= next_chaos &&
		    !atomic_load(&sh->budget_done)) {
			unsigned int what = fz_below(&cr, 10);

			if (what < 3) {		/* unbind, a pause, bind */
				fz_helper("unbind");
				usleep(fz_below(&cr, 300000));
				fz_helper("bind");
				atomic_fetch_add(&sh->unbinds, 1);
			} else if (what < 5 && unplug) {  /* unplug, pause, plug */
				fz_helper("unplug");
				usleep(fz_below(&cr, 300000));
				fz_helper("plug");
				atomic_fetch_add(&sh->replugs, 1);
			} else if (what < 8) {	/* SIGKILL a worker */
				unsigned int i = fz_below(&cr, nprocs);

				if (pids[i] > 0) {
					kill(pids[i], SIGKILL);
					atomic_fetch_add(&sh->kills, 1);
				}
			} else {
				fz_helper("ensure");
				atomic_fetch_add(&sh->ensures, 1);
			}
			next_chaos = wu_now() + fz_below(&cr, 2 * chaos_ms) /
						1000.0;
		}
		usleep(20000);
	}
	if (hung) {
		for (unsigned int i = 0; i < nprocs; i++)
			if (pids[i] > 0)
				kill(pids[i], SIGKILL);
		for (unsigned int i = 0; i < nprocs; i++)
			if (pids[i] > 0)
				waitpid(pids[i], &st, 0);
	}
	/* Every other process of this program gone, within a minute. */
	for (double t1 = wu_now(); !hung;) {
		pid_t other = other_instance();

		if (!other)
			break;
		if (wu_now() - t1 > 60) {
			TH_LOG("process %d still alive after a minute", other);
			dump_stacks(other);
			hung = 1;
			break;
		}
		usleep(50000);
	}
	TH_LOG("%lu calls in %.1f s: %lu forks, %lu exits, %lu kills, %lu signals, %lu unbinds, %lu replugs, %lu ensures",
	       (unsigned long)atomic_load(&sh->calls) > budget ? budget :
	       (unsigned long)atomic_load(&sh->calls), wu_now() - t0,
	       (unsigned long)sh->forks, (unsigned long)sh->exits,
	       (unsigned long)sh->kills, (unsigned long)sh->signals,
	       (unsigned long)sh->unbinds, (unsigned long)sh->replugs,
	       (unsigned long)sh->ensures);
	for (int op = 0; op < NR_OPS; op++) {
		char line[512];
		int n = 0;

		if (!sh->n[op])
			continue;
		n += snprintf(line + n, sizeof(line) - n,
			      "%-16s %6lu ok %6lu %5.1f ms", ops[op].name,
			      (unsigned long)sh->n[op], (unsigned long)sh->ok[op],
			      sh->usec[op] / 1000.0 / sh->n[op]);
		for (int e = 1; e < ERRNO_MAX && n < (int)sizeof(line) - 24; e++)
			if (sh->err[op][e])
				n += snprintf(line + n, sizeof(line) - n,
					      " %s %lu", strerrorname_np(e) ?
					      strerrorname_np(e) : "?",
					      (unsigned long)sh->err[op][e]);
		TH_LOG("%s", line);
	}
	EXPECT_EQ(0, hung);
	for (unsigned long i = 0; i < atomic_load(&sh->bad) && i < 8; i++)
		TH_LOG("bad: %s", sh->bad_msg[i]);
	EXPECT_EQ(0, atomic_load(&sh->bad));

	/* A fresh device (undoing the fuzzer's faults and delays) works. */
	if (getenv("FUZZ_HELPER"))
		EXPECT_EQ(0, fz_helper("replug"));
	EXPECT_EQ(0, device_works(_metadata));
	EXPECT_EQ(0, fz_debugfs_value("pinned pages"));
	EXPECT_EQ(0, fz_debugfs_live());
	charge1 = wu_charged();
	EXPECT_EQ(charge0, charge1)
		TH_LOG("memory charged to files changed: %ld -> %ld bytes",
		       charge0, charge1);
	pins1 = wu_foll_pins();
	EXPECT_EQ(pins0, pins1);
	unlink("build/fuzz-file-map");
}

TEST_HARNESS_MAIN
