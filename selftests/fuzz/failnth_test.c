// SPDX-License-Identifier: GPL-2.0
/*
 * failnth_test - every error path of winusb.ko reachable by fault
 * injection: for open, each ioctl, probe (bind_interface) and disconnect
 * (unbind), make the 1st, 2nd, 3rd, ... fault site the calling thread
 * reaches fail (/proc/thread-self/fail-nth: failslab, fail_page_alloc,
 * fail_usercopy), until the call completes without reaching the n-th site.
 *
 * After each injected failure: the call returned a clean errno (ENOMEM or
 * EFAULT; for probe and disconnect the sysfs write may fail only before
 * the driver runs), or it succeeded (a failure it absorbs, such as an URB
 * the host controller refused, shows in the completion record); the state
 * is what it was (no request queued, no handle live, alternate setting and
 * policies as before or as asked, the interface still bound or cleanly
 * unbound) and the next call works; nothing stays pinned (the module's
 * count and the system's).  kmemleak is scanned by the debug runner after
 * the test.  The number of failure sites reached is printed per call and
 * in total.
 *
 * Without fault injection (Debian's kernel) every test skips.  run.sh
 * --failnth sets the test device up: $WINUSB_NODE and $WINUSB_NODE1 are
 * found under /dev/winusb/.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include <linux/winusb.h>
#include "winusb_util.h"
#include "fuzz_common.h"

#define MAX_NTH		2000
#define NO_FAULT_INJECTION \
	"no fault injection (/proc/thread-self/fail-nth)"

struct ctx {
	int nth_fd;
	int fd0, fd1;		/* interfaces 0 and 1 (alternate setting 1) */
	char node0[64], node1[64], busid[32];
	uint8_t *buf;		/* 1 MiB scratch */
	uint32_t isoch_in;	/* a registered IN handle on fd1 */
	uint32_t frame_bytes, packet_bytes;
	struct winusb_isoch_packet pk[256];
	uint64_t id;		/* prepared request */
	uint32_t handle;	/* prepared handle */
	long pinned0;		/* the module's pinned pages, fd1's handle held */
	long long pins0;	/* pages pinned system-wide with no file open */
	unsigned int total;
};

/* Arm the n-th fault site of this thread. */
static int nth_arm(struct ctx *c, unsigned int n)
{
	char b[16];
	int len = snprintf(b, sizeof(b), "%u", n);

	if (c->nth_fd == -2)	/* dry run */
		return 0;
	return pwrite(c->nth_fd, b, len, 0) == len ? 0 : -errno;
}

/*
 * Disarm.  Return: 1 if the armed fault was injected (the counter reads
 * 0), 0 if the call finished without reaching it.  Reading the counter can
 * itself be the n-th site (its copy to user space): then the call did not
 * reach it either.
 */
static int nth_disarm(struct ctx *c)
{
	char b[16] = "";
	ssize_t r;
	int injected;

	if (c->nth_fd == -2)
		return 0;
	r = pread(c->nth_fd, b, sizeof(b) - 1, 0);
	injected = r > 0 && b[0] == '0';
	for (int i = 0; i < 3; i++)
		if (pwrite(c->nth_fd, "0", 1, 0) == 1)
			break;
	return injected;
}

static int clean_errno(int ret)
{
	return ret == -ENOMEM || ret == -EFAULT;
}

/* Nothing queued on @fd: REAP without waiting finds nothing. */
static int queue_empty(int fd)
{
	struct winusb_completion rec;
	struct winusb_reap r = {
		.size = sizeof(r), .flags = WINUSB_REAP_NONBLOCK, .count = 1,
		.record_size = sizeof(rec), .records_uptr = (uintptr_t)&rec,
	};

	return ioctl(fd, WINUSB_IOCTL_REAP, &r) == -1 && errno == EAGAIN;
}

static int reap_any(int fd, uint64_t id, struct winusb_completion *rec)
{
	int ret = wu_reap_id(fd, id, 10000, rec);

	return ret == 1 ? 0 : ret < 0 ? ret : -EIO;
}

static int cancel(int fd, uint64_t id)
{
	struct winusb_cancel cc = { .size = sizeof(cc), .id = id };

	return ioctl(fd, WINUSB_IOCTL_CANCEL, &cc) ? -errno : 0;
}

static int isoch_register(int fd, uint8_t ep, void *buf, uint32_t len,
			struct winusb_isoch_register *g)
{
	memset(g, 0, sizeof(*g));
	g->size = sizeof(*g);
	g->endpoint = ep;
	g->buffer_uptr = (uintptr_t)buf;
	g->length = len;
	return ioctl(fd, WINUSB_IOCTL_ISOCH_REGISTER, g) ? -errno : 0;
}

static int isoch_unregister(int fd, uint32_t handle)
{
	struct winusb_isoch_unregister u = { .size = sizeof(u),
					     .handle = handle };

	return ioctl(fd, WINUSB_IOCTL_ISOCH_UNREGISTER, &u) ? -errno : 0;
}

static int set_alt(int fd, uint8_t alt)
{
	struct winusb_altsetting a = { .size = sizeof(a), .alt_setting = alt };

	return ioctl(fd, WINUSB_IOCTL_SET_ALTSETTING, &a) ? -errno : 0;
}

static int get_alt(int fd)
{
	struct winusb_altsetting a = { .size = sizeof(a) };

	return ioctl(fd, WINUSB_IOCTL_GET_ALTSETTING, &a) ? -errno :
							    (int)a.alt_setting;
}

/*
 * One call under test: prepare() (not armed) sets the state up, call()
 * runs armed and returns 0 or -errno, undo() (not armed) checks the state
 * and takes back a success.  Each returns 0 when all is well.
 */
struct nth_call {
	const char *name;
	int (*prepare)(struct ctx *c);
	int (*call)(struct ctx *c);
	int (*undo)(struct ctx *c, int ret);
	int device;	/* may fail with what the USB core returns */
};

/* ---- open ---- */

static int c_open(struct ctx *c)
{
	int fd = open(c->node0, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	c->id = (uint64_t)fd;
	return 0;
}

static int u_open(struct ctx *c, int ret)
{
	struct winusb_info info;

	if (ret)
		return 0;
	ret = wu_get_info((int)c->id, &info);
	close((int)c->id);
	return ret;
}

/* ---- queries ---- */

static int c_get_info(struct ctx *c)
{
	struct winusb_info info;

	return wu_get_info(c->fd0, &info);
}

static int c_desc(struct ctx *c, uint8_t type, uint8_t index)
{
	struct winusb_get_descriptor g = {
		.size = sizeof(g), .type = type, .index = index,
		.language_id = type == 3 ? 0x409 : 0, .length = 255,
		.data_uptr = (uintptr_t)c->buf,
	};

	return ioctl(c->fd0, WINUSB_IOCTL_GET_DESCRIPTOR, &g) ? -errno : 0;
}

static int c_desc_config(struct ctx *c)
{
	return c_desc(c, 2, 0);
}

static int c_desc_string(struct ctx *c)
{
	return c_desc(c, 3, TD_STR_PRODUCT);
}

static int c_query_pipe(struct ctx *c)
{
	struct winusb_query_pipe q = { .size = sizeof(q), .alt_setting = 1 };

	return ioctl(c->fd1, WINUSB_IOCTL_QUERY_PIPE, &q) ? -errno : 0;
}

static int c_get_alt(struct ctx *c)
{
	int alt = get_alt(c->fd1);

	return alt < 0 ? alt : 0;
}

static int c_get_frame(struct ctx *c)
{
	struct winusb_frame f = { .size = sizeof(f) };

	return ioctl(c->fd1, WINUSB_IOCTL_GET_FRAME, &f) ? -errno : 0;
}

/* ---- alternate setting: 1 -> 0, back to 1 unarmed ---- */

static int c_set_alt(struct ctx *c)
{
	return set_alt(c->fd1, 0);
}

static int u_set_alt(struct ctx *c, int ret)
{
	int alt = get_alt(c->fd1);

	/* a failed change leaves the setting as it was */
	if (alt != (ret ? 1 : 0))
		return -EPROTO;
	return set_alt(c->fd1, 1);
}

/* ---- policies ---- */

static int c_set_pipe_policy(struct ctx *c)
{
	return wu_set_policy(c->fd0, TD_EP_BULK_IN,
			     WINUSB_POLICY_PIPE_TRANSFER_TIMEOUT, 4, 1234);
}

static int u_set_pipe_policy(struct ctx *c, int ret)
{
	struct winusb_pipe_policy p = {
		.size = sizeof(p), .endpoint = TD_EP_BULK_IN,
		.policy = WINUSB_POLICY_PIPE_TRANSFER_TIMEOUT,
	};

	if (ioctl(c->fd0, WINUSB_IOCTL_GET_PIPE_POLICY, &p))
		return -errno;
	if (p.value != (ret ? 0 : 1234))
		return -EPROTO;
	return wu_set_policy(c->fd0, TD_EP_BULK_IN,
			     WINUSB_POLICY_PIPE_TRANSFER_TIMEOUT, 4, 0);
}

static int c_get_pipe_policy(struct ctx *c)
{
	struct winusb_pipe_policy p = {
		.size = sizeof(p), .endpoint = TD_EP_BULK_IN,
		.policy = WINUSB_POLICY_RAW_IO,
	};

	return ioctl(c->fd0, WINUSB_IOCTL_GET_PIPE_POLICY, &p) ? -errno : 0;
}

static int c_set_power(struct ctx *c)
{
	return wu_set_power(c->fd0, WINUSB_POWER_AUTO_SUSPEND, 1, 0);
}

static int u_set_power(struct ctx *c, int ret)
{
	uint64_t v = 2;

	if (wu_get_power(c->fd0, WINUSB_POWER_AUTO_SUSPEND, &v) ||
	    v != (ret ? 1 : 0))
		return -EPROTO;
	return wu_set_power(c->fd0, WINUSB_POWER_AUTO_SUSPEND, 1, 1);
}

static int c_set_delay(struct ctx *c)
{
	return wu_set_power(c->fd0, WINUSB_POWER_SUSPEND_DELAY, 4, 3000);
}

static int c_get_power(struct ctx *c)
{
	uint64_t v;

	return wu_get_power(c->fd0, WINUSB_POWER_SUSPEND_DELAY, &v);
}

/* ---- transfers ---- */

static int u_transfer(struct ctx *c, int ret)
{
	struct winusb_completion rec;

	if (ret)
		return queue_empty(c->fd0) ? 0 : -EPROTO;
	/* Pending reads are cancelled; anything else is reaped. */
	cancel(c->fd0, c->id);
	ret = reap_any(c->fd0, c->id, &rec);
	if (ret)
		return ret;
	return queue_empty(c->fd0) ? 0 : -EPROTO;
}

static int submit0(struct ctx *c, uint8_t type, uint8_t ep, void *buf,
		   uint32_t len, const uint8_t *setup)
{
	return wu_submit(c->fd0, type, ep, buf, len, setup, 7, 0, &c->id);
}

static int c_control_in(struct ctx *c)
{
	uint8_t s[8];

	wu_setup(s, 0xc0, TD_REQ_GET_COUNTERS, 0, 0, TD_COUNTERS_SIZE);
	return submit0(c, WINUSB_XFER_CONTROL, 0, c->buf, TD_COUNTERS_SIZE, s);
}

static int c_control_out(struct ctx *c)
{
	uint8_t s[8];

	wu_setup(s, 0x40, TD_REQ_ECHO_OUT, 0, 0, 1000);
	return submit0(c, WINUSB_XFER_CONTROL, 0, c->buf, 1000, s);
}

static int c_bulk_out_sg(struct ctx *c)
{
	return submit0(c, WINUSB_XFER_BULK, TD_EP_BULK_OUT, c->buf, 3 * 4096,
		       NULL);
}

static int c_bulk_out_bounce(struct ctx *c)
{
	return submit0(c, WINUSB_XFER_BULK, TD_EP_BULK_OUT, c->buf + 3, 700,
		       NULL);
}

static int c_bulk_in(struct ctx *c)
{
	return submit0(c, WINUSB_XFER_BULK, TD_EP_BULK_IN, c->buf, 64 * 1024,
		       NULL);
}

static int c_bulk_in_big(struct ctx *c)
{
	/* several pieces: more than one URB's worth of pages */
	return submit0(c, WINUSB_XFER_BULK, TD_EP_BULK_IN, c->buf, 1u << 20,
		       NULL);
}

static int c_interrupt_in(struct ctx *c)
{
	return submit0(c, WINUSB_XFER_INTERRUPT, TD_EP_INT_IN, c->buf + 1, 8,
		       NULL);
}

/* ---- reap, cancel, pipes: a read prepared, pending ---- */

static int p_pending_read(struct ctx *c)
{
	/* empty the loopback so that the read stays pending */
	wu_pipe_op(c->fd0, WINUSB_IOCTL_FLUSH_PIPE, TD_EP_BULK_IN);
	return wu_submit(c->fd0, WINUSB_XFER_BULK, TD_EP_BULK_IN, c->buf, 512,
			 NULL, 0, 0, &c->id);
}

static int p_completed(struct ctx *c)
{
	struct pollfd p = { .fd = c->fd0, .events = POLLIN };
	int ret = c_control_in(c);

	if (ret)
		return ret;
	return poll(&p, 1, 10000) == 1 ? 0 : -ETIMEDOUT;
}

static int c_reap(struct ctx *c)
{
	struct winusb_completion rec;
	struct winusb_reap r = {
		.size = sizeof(r), .flags = WINUSB_REAP_NONBLOCK, .count = 1,
		.record_size = sizeof(rec), .records_uptr = (uintptr_t)&rec,
	};
	int ret = ioctl(c->fd0, WINUSB_IOCTL_REAP, &r);

	return ret < 0 ? -errno : ret == 1 ? 0 : -EPROTO;
}

static int u_reap(struct ctx *c, int ret)
{
	struct winusb_completion rec;

	/* a failed reap puts the record back */
	if (ret && reap_any(c->fd0, c->id, &rec))
		return -EPROTO;
	return queue_empty(c->fd0) ? 0 : -EPROTO;
}

static int c_cancel(struct ctx *c)
{
	return cancel(c->fd0, c->id);
}

static int u_pending_read(struct ctx *c, int ret)
{
	struct winusb_completion rec;

	(void)ret;
	cancel(c->fd0, c->id);
	/* 0: the read found bytes left in the device's loopback */
	if (reap_any(c->fd0, c->id, &rec) ||
	    (rec.status != -ECANCELED && rec.status))
		return -EPROTO;
	return queue_empty(c->fd0) ? 0 : -EPROTO;
}

static int c_abort(struct ctx *c)
{
	return wu_pipe_op(c->fd0, WINUSB_IOCTL_ABORT_PIPE, TD_EP_BULK_IN);
}

static int c_reset(struct ctx *c)
{
	return wu_pipe_op(c->fd0, WINUSB_IOCTL_RESET_PIPE, TD_EP_BULK_IN);
}

static int c_flush(struct ctx *c)
{
	return wu_pipe_op(c->fd0, WINUSB_IOCTL_FLUSH_PIPE, TD_EP_BULK_IN);
}

/* ---- isochronous ---- */

static int c_isoch_register(struct ctx *c, uint8_t ep)
{
	struct winusb_isoch_register g;
	int ret = isoch_register(c->fd1, ep, c->buf + 100, 200 * 1024, &g);

	c->handle = ret ? 0 : g.out_handle;
	return ret;
}

static int c_isoch_register_in(struct ctx *c)
{
	return c_isoch_register(c, TD_EP_ISOCH_IN);
}

static int c_isoch_register_out(struct ctx *c)
{
	return c_isoch_register(c, TD_EP_ISOCH_OUT);
}

static int u_isoch_register(struct ctx *c, int ret)
{
	if (!ret && isoch_unregister(c->fd1, c->handle))
		return -EPROTO;
	return 0;
}

static int p_isoch_registered(struct ctx *c)
{
	return c_isoch_register(c, TD_EP_ISOCH_OUT);
}

static int c_isoch_unregister(struct ctx *c)
{
	return isoch_unregister(c->fd1, c->handle);
}

static int u_isoch_unregister(struct ctx *c, int ret)
{
	/* still registered after a failure, and the next call works */
	if (ret && isoch_unregister(c->fd1, c->handle))
		return -EPROTO;
	if (!ret && isoch_unregister(c->fd1, c->handle) != -ENOENT)
		return -EPROTO;
	return 0;
}

static int isoch_submit(struct ctx *c, uint32_t flags, uint32_t frame)
{
	struct winusb_isoch_submit s = {
		.size = sizeof(s), .flags = flags, .handle = c->isoch_in,
		.length = 4 * c->frame_bytes, .start_frame = frame,
		.num_packets = 4 * c->frame_bytes / c->packet_bytes,
		.packets_uptr = (uintptr_t)c->pk,
	};

	if (ioctl(c->fd1, WINUSB_IOCTL_ISOCH_SUBMIT, &s))
		return -errno;
	c->id = s.out_id;
	return 0;
}

static int c_isoch_asap(struct ctx *c)
{
	return isoch_submit(c, WINUSB_ISOCH_ASAP, 0);
}

static int c_isoch_frame(struct ctx *c)
{
	struct winusb_frame f = { .size = sizeof(f) };

	/* read unarmed: only the submit is under test */
	if (ioctl(c->fd1, WINUSB_IOCTL_GET_FRAME, &f))
		return -EPROTO;
	return isoch_submit(c, 0, f.out_frame + 20);
}

static int u_isoch_submit(struct ctx *c, int ret)
{
	struct winusb_completion rec;

	if (ret)
		return queue_empty(c->fd1) ? 0 : -EPROTO;
	if (reap_any(c->fd1, c->id, &rec))
		return -EPROTO;
	return queue_empty(c->fd1) ? 0 : -EPROTO;
}

#define CALL(n, p, c, u, d) \
	{ .name = n, .prepare = p, .call = c, .undo = u, .device = d }

static const struct nth_call calls[] = {
	CALL("open", NULL, c_open, u_open, 0),
	CALL("GET_INFO", NULL, c_get_info, NULL, 0),
	CALL("GET_DESCRIPTOR config", NULL, c_desc_config, NULL, 0),
	CALL("GET_DESCRIPTOR string", NULL, c_desc_string, NULL, 1),
	CALL("QUERY_PIPE", NULL, c_query_pipe, NULL, 0),
	CALL("GET_ALTSETTING", NULL, c_get_alt, NULL, 0),
	CALL("SET_ALTSETTING", NULL, c_set_alt, u_set_alt, 1),
	CALL("GET_PIPE_POLICY", NULL, c_get_pipe_policy, NULL, 0),
	CALL("SET_PIPE_POLICY", NULL, c_set_pipe_policy, u_set_pipe_policy, 0),
	CALL("GET_POWER_POLICY", NULL, c_get_power, NULL, 0),
	CALL("SET_POWER_POLICY auto-suspend", NULL, c_set_power, u_set_power, 0),
	CALL("SET_POWER_POLICY delay", NULL, c_set_delay, NULL, 0),
	CALL("SUBMIT control in", NULL, c_control_in, u_transfer, 0),
	CALL("SUBMIT control out", NULL, c_control_out, u_transfer, 0),
	CALL("SUBMIT bulk out sg", NULL, c_bulk_out_sg, u_transfer, 0),
	CALL("SUBMIT bulk out bounce", NULL, c_bulk_out_bounce, u_transfer, 0),
	CALL("SUBMIT bulk in", NULL, c_bulk_in, u_transfer, 0),
	CALL("SUBMIT bulk in 1 MiB", NULL, c_bulk_in_big, u_transfer, 0),
	CALL("SUBMIT interrupt in", NULL, c_interrupt_in, u_transfer, 0),
	CALL("REAP", p_completed, c_reap, u_reap, 0),
	CALL("CANCEL", p_pending_read, c_cancel, u_pending_read, 0),
	CALL("ABORT_PIPE", p_pending_read, c_abort, u_pending_read, 0),
	CALL("RESET_PIPE", p_pending_read, c_reset, u_pending_read, 1),
	CALL("FLUSH_PIPE", NULL, c_flush, NULL, 0),
	CALL("ISOCH_REGISTER in", NULL, c_isoch_register_in, u_isoch_register, 0),
	CALL("ISOCH_REGISTER out", NULL, c_isoch_register_out, u_isoch_register, 0),
	CALL("ISOCH_UNREGISTER", p_isoch_registered, c_isoch_unregister, u_isoch_unregister, 0),
	CALL("ISOCH_SUBMIT asap", NULL, c_isoch_asap, u_isoch_submit, 0),
	CALL("ISOCH_SUBMIT start frame", NULL, c_isoch_frame, u_isoch_submit, 0),
	CALL("GET_FRAME", NULL, c_get_frame, NULL, 0),
};

static int open_nodes(struct ctx *c)
{
	struct winusb_isoch_register g;

	if (fz_node(0, c->node0, sizeof(c->node0)) ||
	    fz_node(1, c->node1, sizeof(c->node1)))
		return -ENOENT;
	c->fd0 = open(c->node0, O_RDWR | O_CLOEXEC);
	c->fd1 = open(c->node1, O_RDWR | O_CLOEXEC);
	if (c->fd0 < 0 || c->fd1 < 0 || set_alt(c->fd1, 1))
		return -EIO;
	if (isoch_register(c->fd1, TD_EP_ISOCH_IN, c->buf + 512 * 1024,
			 256 * 1024, &g))
		return -EIO;
	c->isoch_in = g.out_handle;
	c->frame_bytes = g.out_frame_bytes;
	c->packet_bytes = g.out_packet_bytes;
	return 4 * c->frame_bytes / c->packet_bytes > 256 ? -EINVAL : 0;
}

static void close_nodes(struct ctx *c)
{
	if (c->fd0 >= 0)
		close(c->fd0);
	if (c->fd1 >= 0)
		close(c->fd1);
	c->fd0 = c->fd1 = -1;
}

/* Turn fault injection on for every allocation, quietly. */
static void setup_fault_injection(void)
{
	static const char * const dirs[] = { "failslab", "fail_page_alloc",
					     "fail_usercopy" };
	char path[128];

	for (unsigned int i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "/sys/kernel/debug/%s/verbose",
			 dirs[i]);
		wu_write_file(path, "0");
	}
	wu_write_file("/sys/kernel/debug/failslab/ignore-gfp-wait", "N");
	wu_write_file("/sys/kernel/debug/fail_page_alloc/ignore-gfp-wait", "N");
	wu_write_file("/sys/kernel/debug/fail_page_alloc/ignore-gfp-highmem",
		      "N");
	wu_write_file("/sys/kernel/debug/fail_page_alloc/min-order", "0");
}

FIXTURE(failnth) {
	struct ctx c;
};

FIXTURE_SETUP(failnth)
{
	struct ctx *c = &self->c;

	memset(c, 0, sizeof(*c));
	c->fd0 = c->fd1 = c->nth_fd = -1;
	/*
	 * $FAILNTH_DRYRUN=1 runs every call once, nothing injected: a check
	 * of the test itself on a kernel without fault injection.
	 */
	if (access("/proc/thread-self/fail-nth", F_OK) &&
	    !getenv("FAILNTH_DRYRUN"))
		SKIP(return, NO_FAULT_INJECTION);
	setup_fault_injection();
	c->buf = mmap(NULL, 2u << 20, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	ASSERT_NE(MAP_FAILED, c->buf);
	memset(c->buf, 0x11, 2u << 20);
	c->pins0 = wu_foll_pins();
	ASSERT_EQ(0, open_nodes(c));
	snprintf(c->busid, sizeof(c->busid), "%s", c->node0 + strlen("/dev/winusb/"));
	*strchr(c->busid, ':') = '\0';
	if (getenv("FAILNTH_DRYRUN")) {
		c->nth_fd = -2;
	} else {
		c->nth_fd = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
		ASSERT_GE(c->nth_fd, 0);
	}
	c->pinned0 = fz_debugfs_value("pinned pages");
}

FIXTURE_TEARDOWN(failnth)
{
	struct ctx *c = &self->c;

	close_nodes(c);
	if (c->nth_fd >= 0)
		close(c->nth_fd);
}

/*
 * Fail the 1st, 2nd, ... site of @call until it completes without
 * reaching the armed one.  Return: the number of sites reached.
 */
static unsigned int fail_nth_loop(struct __test_metadata *_metadata,
				  struct ctx *c, const struct nth_call *call)
{
	unsigned int n;

	for (n = 1; n <= MAX_NTH; n++) {
		int ret, injected;

		if (call->prepare)
			ASSERT_EQ(0, call->prepare(c))
				TH_LOG("%s: prepare at nth %u", call->name, n);
		ASSERT_EQ(0, nth_arm(c, n));
		ret = call->call(c);
		injected = nth_disarm(c);
		if (!injected) {
			/* the last round: nothing failed, the call works */
			EXPECT_EQ(0, ret) TH_LOG("%s", call->name);
		} else if (ret) {
			EXPECT_TRUE(clean_errno(ret) ||
				    (call->device && ret > -512))
				TH_LOG("%s: nth %u: errno %d", call->name, n,
				       -ret);
		}
		if (call->undo)
			EXPECT_EQ(0, call->undo(c, ret))
				TH_LOG("%s: nth %u (call %d): state changed",
				       call->name, n, ret);
		EXPECT_EQ(c->pinned0, fz_debugfs_value("pinned pages"))
			TH_LOG("%s: nth %u: pages left pinned", call->name, n);
		if (!injected)
			break;
	}
	EXPECT_GE(MAX_NTH, n);
	return n - 1;
}

TEST_F_TIMEOUT(failnth, ioctls, 3600)
{
	struct ctx *c = &self->c;
	unsigned int total = 0, sites;

	/* the harness runs the test after a SKIP in the setup */
	if (c->nth_fd == -1)
		SKIP(return, NO_FAULT_INJECTION);

	for (unsigned int i = 0; i < ARRAY_SIZE(calls); i++) {
		sites = fail_nth_loop(_metadata, c, &calls[i]);
		TH_LOG("%-32s %4u failure sites", calls[i].name, sites);
		total += sites;
	}
	/* Everything still works: a loopback, an isochronous transfer. */
	EXPECT_EQ(0, c_bulk_out_bounce(c));
	EXPECT_EQ(0, u_transfer(c, 0));
	EXPECT_EQ(0, c_isoch_asap(c));
	EXPECT_EQ(0, u_isoch_submit(c, 0));
	close_nodes(c);
	EXPECT_EQ(0, fz_debugfs_value("pinned pages"));
	EXPECT_EQ(c->pins0, wu_foll_pins());
	TH_LOG("ioctls and open: %u failure sites reached", total);
}

/*
 * Probe: unbind interface 1, then bind it by name with the n-th site
 * failing.  A failed bind leaves it unbound, and binding again works.
 */
TEST_F_TIMEOUT(failnth, probe, 3600)
{
	struct ctx *c = &self->c;
	char name[64], node[80];
	unsigned int n;
	int ret, injected;

	/* the harness runs the test after a SKIP in the setup */
	if (c->nth_fd == -1)
		SKIP(return, NO_FAULT_INJECTION);

	close_nodes(c);
	snprintf(name, sizeof(name), "%s:1.1", c->busid);
	snprintf(node, sizeof(node), "/dev/winusb/%s", name);
	for (n = 1; n <= MAX_NTH; n++) {
		ASSERT_EQ(0, wu_write_file("/sys/bus/usb/drivers/winusb/unbind",
					   name));
		ASSERT_NE(0, access(node, F_OK));
		ASSERT_EQ(0, nth_arm(c, n));
		ret = wu_write_file("/sys/bus/usb/drivers/winusb/bind_interface",
				    name);
		injected = nth_disarm(c);
		if (ret) {
			EXPECT_TRUE(injected);
			EXPECT_TRUE(ret == -ENOMEM || ret == -EFAULT ||
				    ret == -EIO || ret == -EPIPE ||
				    ret == -ETIMEDOUT || ret == -EPROTO)
				TH_LOG("bind: nth %u: errno %d", n, -ret);
			EXPECT_NE(0, access(node, F_OK))
				TH_LOG("bind: nth %u: failed but bound", n);
			/* the next call works */
			EXPECT_EQ(0, wu_write_file(
				"/sys/bus/usb/drivers/winusb/bind_interface",
				name));
		}
		EXPECT_EQ(0, access(node, F_OK));
		if (!injected)
			break;
	}
	TH_LOG("probe (bind_interface): %u failure sites reached", n - 1);
	ASSERT_EQ(0, open_nodes(c));
	EXPECT_EQ(0, c_isoch_asap(c));
	EXPECT_EQ(0, u_isoch_submit(c, 0));
}

/*
 * Disconnect: unbind an interface with a file open, a read pending, a
 * buffer registered and an isochronous transfer in flight, with the n-th
 * site failing.  The sysfs write may fail before the driver runs (the
 * interface stays bound and works); once the driver runs, the unbind
 * completes: every request ends with -ENODEV, nothing stays pinned.
 */
TEST_F_TIMEOUT(failnth, disconnect, 3600)
{
	struct ctx *c = &self->c;
	struct winusb_completion rec;
	struct winusb_info info;
	char name[64];
	unsigned int n;
	int ret, injected;
	uint64_t rid;

	/* the harness runs the test after a SKIP in the setup */
	if (c->nth_fd == -1)
		SKIP(return, NO_FAULT_INJECTION);

	snprintf(name, sizeof(name), "%s:1.1", c->busid);
	for (n = 1; n <= MAX_NTH; n++) {
		close_nodes(c);
		if (access(c->node1, F_OK))
			ASSERT_EQ(0, wu_write_file(
				"/sys/bus/usb/drivers/winusb/bind_interface",
				name));
		ASSERT_EQ(0, open_nodes(c));
		ASSERT_EQ(0, p_pending_read(c));
		rid = c->id;
		ASSERT_EQ(0, c_isoch_asap(c));
		ASSERT_EQ(0, nth_arm(c, n));
		ret = wu_write_file("/sys/bus/usb/drivers/winusb/unbind", name);
		injected = nth_disarm(c);
		if (ret) {
			EXPECT_TRUE(ret == -ENOMEM || ret == -EFAULT)
				TH_LOG("unbind: nth %u: errno %d", n, -ret);
			EXPECT_EQ(0, access(c->node1, F_OK));
			EXPECT_EQ(0, u_isoch_submit(c, 0));
			EXPECT_EQ(0, u_pending_read(c, 0));
			continue;
		}
		EXPECT_NE(0, access(c->node1, F_OK));
		EXPECT_EQ(0, reap_any(c->fd1, c->id, &rec));
		EXPECT_TRUE(rec.status == -ENODEV || rec.status == 0)
			TH_LOG("unbind: nth %u: isochronous status %d", n,
			       rec.status);
		EXPECT_EQ(-ENODEV, set_alt(c->fd1, 1));
		EXPECT_EQ(0, wu_get_info(c->fd1, &info));
		EXPECT_EQ(1, info.out_disconnected);
		/* interface 0 is untouched */
		c->id = rid;
		EXPECT_EQ(0, u_pending_read(c, 0));
		EXPECT_EQ(0, fz_debugfs_value("pinned pages"))
			TH_LOG("unbind: nth %u: pages left pinned", n);
		if (!injected)
			break;
	}
	TH_LOG("disconnect (unbind): %u failure sites reached", n - 1);
	close_nodes(c);
	EXPECT_EQ(0, wu_write_file("/sys/bus/usb/drivers/winusb/bind_interface",
				   name));
	EXPECT_EQ(c->pins0, wu_foll_pins());
}

TEST_HARNESS_MAIN
