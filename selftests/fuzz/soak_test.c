// SPDX-License-Identifier: GPL-2.0
/*
 * soak_test - cycles of plug, bind, stream, then an end at a random moment:
 * the device unplugged (winusb-testdev killed with SIGTERM or SIGKILL, or
 * its vhci_hcd port detached as "usbip detach" does),
 * the interfaces unbound, the module removed (refused while files are
 * open, then done once the clients are killed), or the clients killed
 * with SIGKILL.
 *
 * Each cycle runs four clients: isochronous IN and OUT on interface 1
 * (registered buffers, several transfers in flight), bulk loopback on
 * interface 0 (reads and writes in flight), interrupt reads on interface 0,
 * and reads on both pipes of interface 0 aborted over and over.
 * On an unplug or unbind every client must see ENODEV (from a call or a
 * completion record) and exit within 10 s: a client that hangs has its
 * kernel stack printed and fails the test.  Every 100 cycles and at the
 * end, nothing stays pinned (the module's count and the system's).
 *
 *   $SOAK_CYCLES  cycles (20)      $SOAK_SEED  the seed (printed)
 *   $SOAK_CLIENTS bit mask of the clients to run: 1 isochronous, 2 bulk,
 *                 4 interrupt, 8 abort (default 7: the abort client hangs
 *                 Debian 6.1's vhci_hcd, see below)
 *   $SOAK_ENDS    bit mask of the ends to use, in the order of enum end
 *                 (default all)
 *   $WINUSB_KO    the module insmod loads again after an rmmod
 *
 * Reproducer of an URB that vhci_hcd never gives back (usb_kill_urb()
 * waits for ever in ABORT_PIPE and in the hub's disconnect):
 *
 *   selftests/vm/run -- env SOAK_CLIENTS=8 SOAK_ENDS=7 \
 *	selftests/fuzz/run.sh --soak 100
 *
 * run.sh --soak N attaches the device and binds it first.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include <linux/winusb.h>
#include "winusb_util.h"
#include "fuzz_common.h"

#define DRV		"/sys/bus/usb/drivers/winusb"
#define PIDFILE		"/tmp/testdev.pid"
#define NCLIENTS	4

enum end { END_UNPLUG_TERM, END_UNPLUG_KILL, END_DETACH, END_UNBIND,
	   END_RMMOD, END_SIGKILL, NR_ENDS };
static const char * const end_names[] = {
	"unplug (SIGTERM)", "unplug (SIGKILL)", "vhci detach", "unbind",
	"rmmod", "SIGKILL of the clients",
};

/* Client exit codes. */
#define SAW_ENODEV	0
#define BAD_ERRNO	2
#define BAD_SETUP	3

static char busid[32];
static int ready_fd = -1;	/* a client writes a byte once streaming */

static void ready(void)
{
	if (ready_fd >= 0 && write(ready_fd, "r", 1) == 1)
		ready_fd = -1;
}

static int find_busid(void)
{
	char path[300], v[16];
	glob_t g;
	int ret = -ENOENT;

	if (glob("/sys/bus/usb/devices/*/idVendor", 0, NULL, &g))
		return -ENOENT;
	for (size_t i = 0; i < g.gl_pathc && ret; i++) {
		if (wu_read_file(g.gl_pathv[i], v, sizeof(v)) || strcmp(v, "1209"))
			continue;
		snprintf(path, sizeof(path), "%s", g.gl_pathv[i]);
		*strrchr(path, '/') = '\0';
		snprintf(busid, sizeof(busid), "%s", strrchr(path, '/') + 1);
		snprintf(path, sizeof(path), "/sys/bus/usb/devices/%s/%s:1.1",
			 busid, busid);
		if (!access(path, F_OK))
			ret = 0;
	}
	globfree(&g);
	return ret;
}

static int module_loaded(void)
{
	return !access("/sys/module/winusb", F_OK);
}

static int bind_both(void)
{
	char name[64], path[128];
	int ret = 0;

	for (int i = 0; i < 2; i++) {
		snprintf(name, sizeof(name), "%s:1.%d", busid, i);
		snprintf(path, sizeof(path), "%s/%s", DRV, name);
		if (access(path, F_OK) && wu_write_file(DRV "/bind_interface", name))
			ret = -EIO;
	}
	return ret;
}

static void unbind_both(void)
{
	char name[64];

	for (int i = 0; i < 2; i++) {
		snprintf(name, sizeof(name), "%s:1.%d", busid, i);
		wu_write_file(DRV "/unbind", name);
	}
}

/*
 * Detach the device's vhci_hcd port, as "usbip detach" does: the port is
 * the line of status, status.1, ... whose last column is our bus id.
 */
static int vhci_detach(void)
{
	char path[128], line[256], id[32];
	unsigned int port, sta, spd, dev, sock;
	char hub[4];
	int ret = -ENOENT;

	for (int i = 0; ret == -ENOENT; i++) {
		FILE *f;

		if (i)
			snprintf(path, sizeof(path),
				 "/sys/devices/platform/vhci_hcd.0/status.%d", i);
		else
			snprintf(path, sizeof(path),
				 "/sys/devices/platform/vhci_hcd.0/status");
		f = fopen(path, "r");
		if (!f)
			break;
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "%3s %u %u %u %x %u %31s", hub, &port,
				   &sta, &spd, &dev, &sock, id) == 7 &&
			    !strcmp(id, busid)) {
				snprintf(line, sizeof(line), "%u", port);
				ret = wu_write_file("/sys/devices/platform/vhci_hcd.0/detach",
						    line);
				break;
			}
		fclose(f);
	}
	return ret;
}

/* @pid runs (a zombie does not). */
static int alive(pid_t pid)
{
	char path[64], buf[256], *p;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if (pid <= 0 || wu_read_file(path, buf, sizeof(buf)))
		return 0;
	p = strrchr(buf, ')');
	return p && p[1] == ' ' && p[2] != 'Z' && p[2] != 'X';
}

static pid_t testdev_pid(void)
{
	char b[32];

	return wu_read_file(PIDFILE, b, sizeof(b)) ? 0 : (pid_t)atoi(b);
}

/* Plugged, module loaded, both interfaces bound. */
static int setup_device(void)
{
	if (!module_loaded()) {
		const char *ko = getenv("WINUSB_KO");
		char cmd[512];

		snprintf(cmd, sizeof(cmd), "insmod %s", ko && *ko ? ko :
			 "module/winusb.ko");
		if (system(cmd))
			return -EIO;
	}
	if (find_busid()) {
		char speed[16] = "high";
		int st;
		pid_t pid;

		wu_read_file("/tmp/fuzz-speed", speed, sizeof(speed));
		pid = fork();
		if (!pid) {
			execl("build/testdev/winusb-testdev", "winusb-testdev",
			      "--attach", "--background", "--pidfile", PIDFILE,
			      "--log", "/tmp/testdev.log", "--speed", speed,
			      (char *)NULL);
			_exit(127);
		}
		if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) ||
		    WEXITSTATUS(st))
			return -EIO;
		for (int i = 0; i < 100 && find_busid(); i++)
			usleep(50000);
		if (find_busid())
			return -ENODEV;
	}
	return bind_both();
}

static int node_of(int intf, char *buf, size_t size)
{
	snprintf(buf, size, "/dev/winusb/%s:1.%d", busid, intf);
	for (int i = 0; i < 100 && access(buf, F_OK); i++)
		usleep(20000);
	return access(buf, F_OK) ? -ENOENT : 0;
}

/* A call failed with @e: ENODEV ends the client, others are wrong. */
static void failed(const char *what, int e)
{
	if (e == ENODEV)
		_exit(SAW_ENODEV);
	fprintf(stderr, "# client %d: %s: %s\n", getpid(), what, strerror(e));
	_exit(BAD_ERRNO);
}

/* Reap one record, waiting up to 1 s: 1, 0 on a timeout; else exits. */
static int client_reap(int fd, struct winusb_completion *rec)
{
	struct winusb_reap r = {
		.size = sizeof(r), .count = 1, .record_size = sizeof(*rec),
		.records_uptr = (uintptr_t)rec, .timeout_ms = 1000,
	};
	int ret = ioctl(fd, WINUSB_IOCTL_REAP, &r);

	if (ret < 0 && errno == ETIMEDOUT)
		return 0;
	if (ret < 0)
		failed("reap", errno);
	return 1;
}

/* Isochronous IN and OUT, 4 transfers in flight each. */
static void client_isoch(void)
{
	static struct winusb_isoch_packet pk[8][256];
	struct winusb_isoch_register g[2];
	struct winusb_altsetting alt = { .size = sizeof(alt), .alt_setting = 1 };
	struct winusb_completion rec;
	uint8_t *buf = mmap(NULL, 1u << 20, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned int inflight = 0, next = 0;
	char node[64];
	int fd;

	if (node_of(1, node, sizeof(node)) || buf == MAP_FAILED)
		_exit(BAD_SETUP);
	fd = open(node, O_RDWR);
	if (fd < 0)
		failed("open", errno);
	if (ioctl(fd, WINUSB_IOCTL_SET_ALTSETTING, &alt))
		failed("set altsetting", errno);
	for (int i = 0; i < 2; i++) {
		memset(&g[i], 0, sizeof(g[i]));
		g[i].size = sizeof(g[i]);
		g[i].endpoint = i ? TD_EP_ISOCH_OUT : TD_EP_ISOCH_IN;
		g[i].buffer_uptr = (uintptr_t)buf + i * (512u << 10);
		g[i].length = 512u << 10;
		if (ioctl(fd, WINUSB_IOCTL_ISOCH_REGISTER, &g[i]))
			failed("register", errno);
	}
	for (;;) {
		while (inflight < 8) {
			unsigned int dir = next & 1, slot = next % 8;
			struct winusb_isoch_submit s = {
				.size = sizeof(s), .flags = WINUSB_ISOCH_ASAP,
				.handle = g[dir].out_handle,
				.offset = slot * 8 * g[dir].out_frame_bytes,
				.length = 8 * g[dir].out_frame_bytes,
				.packets_uptr = (uintptr_t)pk[slot],
			};

			s.num_packets = s.length / g[dir].out_packet_bytes;
			if (s.num_packets > 256 ||
			    s.offset + s.length > g[dir].length)
				_exit(BAD_SETUP);
			if (ioctl(fd, WINUSB_IOCTL_ISOCH_SUBMIT, &s)) {
				if (errno == EBUSY)
					break;
				failed("isoch submit", errno);
			}
			inflight++;
			next++;
		}
		ready();
		if (client_reap(fd, &rec)) {
			inflight--;
			if (rec.status == -ENODEV)
				_exit(SAW_ENODEV);
		}
	}
}

/* Bulk loopback: writes and reads of 4 KiB, 8 in flight. */
static void client_bulk(void)
{
	static uint8_t buf[16][4096];
	struct winusb_completion rec;
	unsigned int inflight = 0, n = 0;
	char node[64];
	int fd;

	if (node_of(0, node, sizeof(node)))
		_exit(BAD_SETUP);
	fd = open(node, O_RDWR);
	if (fd < 0)
		failed("open", errno);
	for (;;) {
		while (inflight < 8) {
			uint8_t ep = n & 1 ? TD_EP_BULK_IN : TD_EP_BULK_OUT;
			int ret = wu_submit(fd, WINUSB_XFER_BULK, ep,
					    buf[n % 16], 4096, NULL, n, 0, NULL);

			if (ret)
				failed("bulk submit", -ret);
			inflight++;
			n++;
		}
		ready();
		if (client_reap(fd, &rec)) {
			inflight--;
			if (rec.status == -ENODEV)
				_exit(SAW_ENODEV);
		}
	}
}

/* Interrupt reads, 4 in flight. */
static void client_interrupt(void)
{
	static uint8_t buf[4][64];
	struct winusb_completion rec;
	unsigned int inflight = 0, n = 0;
	char node[64];
	int fd;

	if (node_of(0, node, sizeof(node)))
		_exit(BAD_SETUP);
	fd = open(node, O_RDWR);
	if (fd < 0)
		failed("open", errno);
	for (;;) {
		while (inflight < 4) {
			int ret = wu_submit(fd, WINUSB_XFER_INTERRUPT,
					    TD_EP_INT_IN, buf[n++ % 4],
					    TD_INT_MAXP, NULL, 0, 0, NULL);

			if (ret)
				failed("interrupt submit", -ret);
			inflight++;
		}
		ready();
		if (client_reap(fd, &rec)) {
			inflight--;
			if (rec.status == -ENODEV)
				_exit(SAW_ENODEV);
		}
	}
}

/*
 * Reads pending on bulk IN and the interrupt pipe, aborted over and over:
 * URBs killed while the device goes away.
 */
static void client_abort(void)
{
	static uint8_t buf[16][512];
	struct winusb_completion rec;
	unsigned int n = 0;
	char node[64];
	int fd;

	if (node_of(0, node, sizeof(node)))
		_exit(BAD_SETUP);
	fd = open(node, O_RDWR);
	if (fd < 0)
		failed("open", errno);
	for (;;) {
		uint8_t ep = n & 1 ? TD_EP_INT_IN : TD_EP_BULK_IN;
		int ret;

		for (int i = 0; i < 8; i++) {
			ret = wu_submit(fd, n & 1 ? WINUSB_XFER_INTERRUPT :
					WINUSB_XFER_BULK, ep, buf[i + 8 * (n & 1)],
					n & 1 ? TD_INT_MAXP : 512, NULL, 0, 0,
					NULL);
			if (ret)
				failed("submit", -ret);
		}
		ready();
		ret = wu_pipe_op(fd, WINUSB_IOCTL_ABORT_PIPE, ep);
		if (ret)
			failed("abort", -ret);
		/* every aborted read comes back */
		for (int i = 0; i < 8;) {
			struct winusb_reap r = {
				.size = sizeof(r), .count = 1,
				.record_size = sizeof(rec),
				.records_uptr = (uintptr_t)&rec,
				.timeout_ms = 5000,
			};

			ret = ioctl(fd, WINUSB_IOCTL_REAP, &r);
			if (ret < 0)
				failed("reap after abort", errno);
			if (rec.status == -ENODEV)
				_exit(SAW_ENODEV);
			i++;
		}
		n++;
	}
}

static void dump_stack(pid_t pid)
{
	char path[64], buf[4096];

	snprintf(path, sizeof(path), "/proc/%d/stack", pid);
	if (!wu_read_file(path, buf, sizeof(buf)))
		fprintf(stderr, "# client %d hangs in:\n%s\n", pid, buf);
}

/* Wait for @pid up to @ms: its status, or -1 (still running). */
static int wait_for(pid_t pid, int ms)
{
	int st;

	for (int i = 0; i < ms / 10; i++) {
		if (waitpid(pid, &st, WNOHANG) == pid)
			return st;
		usleep(10000);
	}
	return -1;
}

static int rmmod(int nonblock)
{
	return syscall(SYS_delete_module, "winusb",
		       O_NONBLOCK * !!nonblock) ? -errno : 0;
}

static unsigned long client_mask = 7, end_mask = (1u << NR_ENDS) - 1;

static void (*const clients[NCLIENTS])(void) = {
	client_isoch, client_bulk, client_interrupt, client_abort,
};

FIXTURE(soak) {
	int dummy;
};

FIXTURE_SETUP(soak)
{
	self->dummy = 0;
}

FIXTURE_TEARDOWN(soak)
{
}

TEST_F_TIMEOUT(soak, cycles, 36000)
{
	unsigned long cycles = fz_env_u64("SOAK_CYCLES", 20);
	uint64_t seed = fz_seed("SOAK_SEED"), r;
	unsigned int ends[NR_ENDS] = { 0 };
	int order[NR_ENDS];
	double t0 = wu_now();
	long long pins0;
	unsigned long c;

	(void)self;
	if (find_busid() || !module_loaded())
		SKIP(return, "test device not attached (run through run.sh)");
	r = seed;
	client_mask = fz_env_u64("SOAK_CLIENTS", client_mask);
	end_mask = fz_env_u64("SOAK_ENDS", end_mask);
	if (!client_mask || !(end_mask & ((1u << NR_ENDS) - 1)))
		SKIP(return, "no client or no end chosen");
	TH_LOG("seed %llu (SOAK_SEED), %lu cycles, clients %#lx, ends %#lx",
	       (unsigned long long)seed, cycles, client_mask, end_mask);
	for (int i = 0; i < NR_ENDS; i++)
		order[i] = i;
	pins0 = wu_foll_pins();
	for (c = 1; c <= cycles; c++) {
		pid_t pids[NCLIENTS];
		enum end end;
		int pfd[2], st, hung = 0;
		char b[NCLIENTS];
		size_t got = 0, nclients;

		/* every end equally often, in a random order per round */
		if ((c - 1) % NR_ENDS == 0)
			for (int i = NR_ENDS - 1; i > 0; i--) {
				int j = fz_below(&r, i + 1), t = order[i];

				order[i] = order[j];
				order[j] = t;
			}
		end = order[(c - 1) % NR_ENDS];
		while (!(end_mask & (1u << end)))
			end = (end + 1) % NR_ENDS;
		ASSERT_EQ(0, setup_device()) TH_LOG("cycle %lu: setup", c);
		ASSERT_EQ(0, pipe(pfd));
		nclients = 0;
		for (int i = 0; i < NCLIENTS; i++) {
			pids[i] = 0;
			if (!(client_mask & (1u << i)))
				continue;
			nclients++;
			pids[i] = fork();
			if (!pids[i]) {
				close(pfd[0]);
				ready_fd = pfd[1];
				clients[i]();
				_exit(BAD_SETUP);
			}
			ASSERT_GT(pids[i], 0);
		}
		close(pfd[1]);
		/* every client streaming, transfers in flight */
		for (double t1 = wu_now(); got < nclients && wu_now() - t1 < 20;) {
			ssize_t n = read(pfd[0], b, sizeof(b));

			if (n <= 0)
				break;
			got += n;
		}
		close(pfd[0]);
		EXPECT_EQ(nclients, got) TH_LOG("cycle %lu: clients not streaming", c);
		usleep(fz_below(&r, 1000) * 1000);

		ends[end]++;
		if (cycles <= 100 || c % 10 == 0)
			fprintf(stderr, "# cycle %lu: %s\n", c, end_names[end]);
		switch (end) {
		case END_UNPLUG_TERM:
		case END_UNPLUG_KILL:
			kill(testdev_pid(), end == END_UNPLUG_KILL ? SIGKILL :
								       SIGTERM);
			break;
		case END_DETACH:
			EXPECT_EQ(0, vhci_detach());
			break;
		case END_UNBIND:
			unbind_both();
			break;
		case END_RMMOD:
			/* refused while the clients hold files */
			EXPECT_NE(0, rmmod(1));
			/* fall through */
		case END_SIGKILL:
			for (int i = 0; i < NCLIENTS; i++)
				if (pids[i] > 0)
					kill(pids[i], SIGKILL);
			break;
		default:
			break;
		}
		for (int i = 0; i < NCLIENTS; i++) {
			if (pids[i] <= 0)
				continue;
			st = wait_for(pids[i], 10000);
			if (st == -1) {
				dump_stack(pids[i]);
				hung = 1;
				kill(pids[i], SIGKILL);
				waitpid(pids[i], &st, 0);
				continue;
			}
			if (end == END_RMMOD || end == END_SIGKILL) {
				EXPECT_TRUE(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL)
					TH_LOG("cycle %lu: client %d status %#x", c, i, st);
			} else {
				EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == SAW_ENODEV)
					TH_LOG("cycle %lu (%s): client %d status %#x",
					       c, end_names[end], i, st);
			}
		}
		EXPECT_EQ(0, hung) TH_LOG("cycle %lu (%s): a client hung", c,
					  end_names[end]);
		if (end == END_RMMOD) {
			int ret = -EBUSY;

			for (int i = 0; i < 50 && ret; i++) {
				ret = rmmod(1);
				if (ret)
					usleep(100000);
			}
			EXPECT_EQ(0, ret) TH_LOG("cycle %lu: rmmod: %d", c, ret);
		}
		if (end == END_UNPLUG_TERM || end == END_UNPLUG_KILL ||
		    end == END_DETACH)
			for (int i = 0; i < 100 && !find_busid(); i++)
				usleep(50000);
		if (end == END_DETACH) {
			/* the device's emulator sees its link close and exits */
			pid_t old = testdev_pid();

			for (int i = 0; i < 100 && alive(old); i++)
				usleep(50000);
			EXPECT_FALSE(alive(old))
				TH_LOG("cycle %lu: winusb-testdev survived the detach", c);
		}
		if (c % 100 == 0 || c == cycles) {
			if (module_loaded())
				EXPECT_EQ(0, fz_debugfs_value("pinned pages"));
			EXPECT_EQ(pins0, wu_foll_pins())
				TH_LOG("cycle %lu: pages left pinned", c);
			TH_LOG("%lu cycles in %.0f s", c, wu_now() - t0);
		}
		if (_metadata->passed == 0 || hung)
			break;
	}
	for (int i = 0; i < NR_ENDS; i++)
		TH_LOG("%-24s %u", end_names[i], ends[i]);
	EXPECT_EQ(0, setup_device());
}

TEST_HARNESS_MAIN
