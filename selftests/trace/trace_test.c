// SPDX-License-Identifier: GPL-2.0
/*
 * What `make bench` relies on, checked against the real module: the
 * tracepoints of module/trace.h fire in order with the right fields for
 * bulk, cancelled and isochronous requests and for buffer registration,
 * and the counts of selftests/lib/tracefs.h are right (allocations made
 * by the module per transfer, system calls of a process).  Never a speed.
 *
 * WINUSB_NODE: winusb-testdev's interface 0 (bulk loopback);
 * WINUSB_NODE1: its interface 1 (isochronous).
 */
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "kselftest_harness.h"
#include "winusb_util.h"
#include "tracefs.h"
#include "../isoch/isoch_util.h"

#define LEN 4096

/* One event of the trace: its name and its line. */
struct ev {
	char name[32];
	const char *line;
};

/* The winusb events of request @id in the order they fired; returns count. */
static int events_of(char *trace, unsigned long long id, struct ev *evs,
		     int max)
{
	char want[40];
	char *line, *save;
	int n = 0;

	snprintf(want, sizeof(want), " id %llu ", id);
	for (line = strtok_r(trace, "\n", &save); line && n < max;
	     line = strtok_r(NULL, "\n", &save)) {
		char *p = strstr(line, " winusb_");
		char *colon;

		if (!p || !strstr(line, want))
			continue;
		colon = strchr(p + 1, ':');
		if (!colon || colon - p - 1 >= (long)sizeof(evs[n].name))
			continue;
		memcpy(evs[n].name, p + 1, colon - p - 1);
		evs[n].name[colon - p - 1] = 0;
		evs[n].line = colon + 1;
		n++;
	}
	return n;
}

/* Index of event @name in @evs from @from on, or -1. */
static int find_ev(const struct ev *evs, int n, int from, const char *name)
{
	for (; from < n; from++)
		if (!strcmp(evs[from].name, name))
			return from;
	return -1;
}

/* The "B-D:I" the events name for the interface of @fd. */
static void intf_name(int fd, char *out, size_t size)
{
	char path[128], buf[32];
	struct stat st;
	int busnum = 0, devnum = 0, ifnum = 0;

	fstat(fd, &st);
	snprintf(path, sizeof(path), "/sys/dev/char/%u:%u/device/../busnum",
		 major(st.st_rdev), minor(st.st_rdev));
	if (!wu_read_file(path, buf, sizeof(buf)))
		busnum = atoi(buf);
	snprintf(path, sizeof(path), "/sys/dev/char/%u:%u/device/../devnum",
		 major(st.st_rdev), minor(st.st_rdev));
	if (!wu_read_file(path, buf, sizeof(buf)))
		devnum = atoi(buf);
	snprintf(path, sizeof(path),
		 "/sys/dev/char/%u:%u/device/bInterfaceNumber",
		 major(st.st_rdev), minor(st.st_rdev));
	if (!wu_read_file(path, buf, sizeof(buf)))
		ifnum = strtol(buf, NULL, 16);
	snprintf(out, size, " %d-%d:%d id ", busnum, devnum, ifnum);
}

FIXTURE(trace)
{
	int fd;
	struct tfs t;
	char intf[32];
};

FIXTURE_SETUP(trace)
{
	self->fd = wu_open_env("WINUSB_NODE");
	if (self->fd < 0)
		SKIP(return, "no $WINUSB_NODE");
	ASSERT_EQ(0, tfs_open(&self->t, "winusb_trace_test"));
	ASSERT_EQ(0, tfs_write(&self->t, "buffer_size_kb", "4096"));
	ASSERT_EQ(0, tfs_write(&self->t, "events/winusb/enable", "1"));
	intf_name(self->fd, self->intf, sizeof(self->intf));
	wu_drain(self->fd);
}

FIXTURE_TEARDOWN(trace)
{
	if (self->fd < 0)
		return;
	tfs_close(&self->t);
	close(self->fd);
}

/* Write then read back LEN bytes: every event of both, in order. */
TEST_F(trace, bulk_lifecycle)
{
	static const char *const order[] = {
		"winusb_submit", "winusb_path", "winusb_urb_submit",
		"winusb_urb_complete", "winusb_finish", "winusb_reap",
	};
	struct winusb_completion rec;
	static char out[LEN], in[LEN];
	uint64_t wid = 0, rid = 0;
	struct ev evs[32];
	char *trace = NULL;
	int n, i, at;

	memset(out, 0x5a, sizeof(out));
	ASSERT_EQ(0, tfs_write(&self->t, "trace", ""));
	ASSERT_EQ(0, wu_submit(self->fd, WINUSB_XFER_BULK, TD_EP_BULK_OUT, out,
			       LEN, NULL, 1, 5000, &wid));
	ASSERT_EQ(1, wu_reap_id(self->fd, wid, 5000, &rec));
	ASSERT_EQ(0, rec.status);
	ASSERT_EQ(0, wu_submit(self->fd, WINUSB_XFER_BULK, TD_EP_BULK_IN, in,
			       LEN, NULL, 2, 5000, &rid));
	ASSERT_EQ(1, wu_reap_id(self->fd, rid, 5000, &rec));
	ASSERT_EQ(0, rec.status);
	ASSERT_EQ(LEN, rec.actual_length);

	ASSERT_LT(0, tfs_read(&self->t, "trace", &trace));
	n = events_of(trace, wid, evs, 32);
	for (i = 0, at = 0; i < 6; i++) {
		at = find_ev(evs, n, at, order[i]);
		ASSERT_LE(0, at) TH_LOG("write: no %s after the earlier events",
					order[i]);
		ASSERT_NE(NULL, strstr(evs[at].line, self->intf))
			TH_LOG("%s names another interface: %s (want%s)",
			       order[i], evs[at].line, self->intf);
		EXPECT_NE(NULL, strstr(evs[at].line, " bulk ep 0x02"))
			TH_LOG("%s", evs[at].line);
	}
	at = find_ev(evs, n, 0, "winusb_submit");
	EXPECT_NE(NULL, strstr(evs[at].line, " length 4096"));
	at = find_ev(evs, n, 0, "winusb_urb_submit");
	EXPECT_NE(NULL, strstr(evs[at].line, " ret 0"));
	at = find_ev(evs, n, 0, "winusb_urb_complete");
	EXPECT_NE(NULL, strstr(evs[at].line, " status 0 actual 4096"));
	at = find_ev(evs, n, 0, "winusb_reap");
	EXPECT_NE(NULL, strstr(evs[at].line, " status 0 actual 4096"));
	EXPECT_EQ(-1, find_ev(evs, n, 0, "winusb_cancel"));
	free(trace);

	/* The read: its own id, its own endpoint. */
	ASSERT_LT(0, tfs_read(&self->t, "trace", &trace));
	n = events_of(trace, rid, evs, 32);
	at = find_ev(evs, n, 0, "winusb_submit");
	ASSERT_LE(0, at);
	EXPECT_NE(NULL, strstr(evs[at].line, " bulk ep 0x81 length 4096"));
	at = find_ev(evs, n, 0, "winusb_finish");
	ASSERT_LE(0, at);
	EXPECT_NE(NULL, strstr(evs[at].line, " status 0 actual 4096"));
	free(trace);
}

/* A read nothing answers, cancelled: cancel, then finish with ECANCELED. */
TEST_F(trace, cancel)
{
	struct winusb_cancel cn = { .size = sizeof(cn) };
	struct winusb_completion rec;
	static char in[LEN];
	struct ev evs[32];
	char *trace = NULL, want[32];
	uint64_t id = 0;
	int n, c, f;

	ASSERT_EQ(0, tfs_write(&self->t, "trace", ""));
	ASSERT_EQ(0, wu_submit(self->fd, WINUSB_XFER_BULK, TD_EP_BULK_IN, in,
			       LEN, NULL, 3, 0, &id));
	usleep(100000);
	cn.id = id;
	ASSERT_EQ(0, ioctl(self->fd, WINUSB_IOCTL_CANCEL, &cn));
	ASSERT_EQ(1, wu_reap_id(self->fd, id, 5000, &rec));
	ASSERT_EQ(-ECANCELED, rec.status);

	ASSERT_LT(0, tfs_read(&self->t, "trace", &trace));
	n = events_of(trace, id, evs, 32);
	snprintf(want, sizeof(want), " status %d", -ECANCELED);
	c = find_ev(evs, n, 0, "winusb_cancel");
	ASSERT_LE(0, c);
	EXPECT_NE(NULL, strstr(evs[c].line, want));
	f = find_ev(evs, n, c, "winusb_finish");
	ASSERT_LE(0, f) TH_LOG("no finish after the cancel");
	EXPECT_NE(NULL, strstr(evs[f].line, want));
	EXPECT_LE(0, find_ev(evs, n, f, "winusb_reap"));
	free(trace);
}

/*
 * The allocation count: bulk transfers allocate in the module (request,
 * URB, tables: at least two each), and the count sees them; isochronous
 * transfers on a registered buffer allocate nothing there.
 */
TEST_F(trace, alloc_counts)
{
	struct winusb_completion rec;
	static char out[LEN], in[LEN];
	struct tfs_allocs a;
	uint64_t id = 0;
	int i;

	ASSERT_EQ(0, tfs_alloc_start(&self->t));
	for (i = 0; i < 8; i++) {
		ASSERT_EQ(0, wu_submit(self->fd, WINUSB_XFER_BULK,
				       TD_EP_BULK_OUT, out, LEN, NULL, 1, 5000,
				       &id));
		ASSERT_EQ(1, wu_reap_id(self->fd, id, 5000, &rec));
		ASSERT_EQ(0, wu_submit(self->fd, WINUSB_XFER_BULK,
				       TD_EP_BULK_IN, in, LEN, NULL, 1, 5000,
				       &id));
		ASSERT_EQ(1, wu_reap_id(self->fd, id, 5000, &rec));
	}
	ASSERT_EQ(0, tfs_alloc_stop(&self->t, &a));
	TH_LOG("16 bulk transfers: %llu allocations by the module, %llu by the host controller, %llu in all",
	       a.driver, a.hcd, a.total);
	EXPECT_LE(32, a.driver);
	EXPECT_LE(a.driver + a.hcd, a.total);
}

/* The system-call count: K ioctls of this process, and a handful more. */
TEST_F(trace, syscall_counts)
{
	struct winusb_info info;
	long long n;
	int i;

	ASSERT_EQ(0, tfs_syscalls_start(&self->t));
	for (i = 0; i < 100; i++)
		ASSERT_EQ(0, wu_get_info(self->fd, &info));
	n = tfs_syscalls_stop(&self->t, getpid());
	TH_LOG("100 ioctls counted as %lld system calls", n);
	EXPECT_LE(100, n);
	EXPECT_GE(110, n);
}

/* Register, one ASAP transfer, unregister: every event, path and count. */
TEST_F(trace, isoch)
{
	static const char *const order[] = {
		"winusb_submit", "winusb_urb_submit", "winusb_urb_complete",
		"winusb_finish", "winusb_reap",
	};
	struct winusb_isoch_packet pk[64];
	struct winusb_isoch_register r;
	struct winusb_completion rec;
	struct winusb_isoch_submit s;
	struct tfs_allocs a;
	struct ev evs[64];
	char *trace = NULL, want[64];
	size_t len = 1 << 20;
	int fd1, n, i, at;
	void *buf;

	fd1 = wu_open_env("WINUSB_NODE1");
	if (fd1 < 0)
		SKIP(return, "no $WINUSB_NODE1");
	buf = mmap(NULL, len, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	ASSERT_NE(MAP_FAILED, buf);
	ASSERT_EQ(0, isoch_set_alt(fd1, 1));
	ASSERT_EQ(0, tfs_write(&self->t, "trace", ""));
	ASSERT_EQ(0, isoch_register(fd1, TD_EP_ISOCH_IN, buf, len, &r));
	ASSERT_EQ(0, tfs_alloc_start(&self->t));
	for (i = 0; i < 8; i++) {
		ASSERT_EQ(0, isoch_submit(fd1, r.out_handle, WINUSB_ISOCH_ASAP,
					  0, 64 * r.out_packet_bytes, 0, pk,
					  64, 7, &s));
		ASSERT_EQ(1, isoch_reap(fd1, &rec, 1, 5000));
	}
	ASSERT_EQ(0, tfs_alloc_stop(&self->t, &a));
	TH_LOG("8 isochronous transfers: %llu allocations by the module, %llu by the host controller",
	       a.driver, a.hcd);
	EXPECT_EQ(0, a.driver);
	ASSERT_EQ(0, isoch_unregister(fd1, r.out_handle));

	ASSERT_LT(0, tfs_read(&self->t, "trace", &trace));
	snprintf(want, sizeof(want), "winusb_isoch_register: ");
	EXPECT_NE(NULL, strstr(trace, want));
	snprintf(want, sizeof(want), " handle %u ep 0x84 length %zu pages 256 path vmap",
		 r.out_handle, len);
	EXPECT_NE(NULL, strstr(trace, want)) TH_LOG("no '%s'", want);
	snprintf(want, sizeof(want), "handle %u ep 0x84 length %zu path vmap transfers 8",
		 r.out_handle, len);
	EXPECT_NE(NULL, strstr(trace, want)) TH_LOG("no '%s'", want);
	n = events_of(trace, s.out_id, evs, 64);
	for (i = 0, at = 0; i < 5; i++) {
		at = find_ev(evs, n, at, order[i]);
		ASSERT_LE(0, at) TH_LOG("isoch: no %s after the earlier events",
					order[i]);
		EXPECT_NE(NULL, strstr(evs[at].line, " isoch ep 0x84"));
	}
	at = find_ev(evs, n, 0, "winusb_urb_submit");
	EXPECT_NE(NULL, strstr(evs[at].line, " ret 0"));
	EXPECT_EQ(NULL, strstr(evs[at].line, " packets 0 "));
	free(trace);
	isoch_set_alt(fd1, 0);
	close(fd1);
	munmap(buf, len);
}

TEST_HARNESS_MAIN
