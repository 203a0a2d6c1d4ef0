// SPDX-License-Identifier: GPL-2.0
/*
 * winusb-testdev: options, daemonizing, the event loop
 *
 * One thread, one ppoll() loop: the listening socket (USB/IP server or
 * usbredir), the connections, and the device's timers (delays, pacing, the interrupt
 * endpoint) as the poll timeout.  SIGTERM/SIGINT/SIGHUP are blocked except
 * inside ppoll(), so they are noticed between iterations; the sockets are
 * then closed (vhci sees EOF and unplugs the device) and we exit 0.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testdev.h"

#define MAX_CONNS		8
#define READY_TIMEOUT_NS	(10 * 1000000000ull)

static volatile sig_atomic_t got_signal;
static int ready_fd = -1;		/* --background: tell the parent */
static const char *pidfile;

static void usage(FILE *f)
{
	fprintf(f,
"usage: " TD_NAME " [--listen [ADDR:]PORT | --attach [--vhci-port N] | --fd N |\n"
"                       --usbredir SOCKET] [options]\n"
"A USB/IP and usbredir test device (VID:PID 1209:0001) for the winusb tests.\n"
"\n"
"Attaching:\n"
"  --listen [ADDR:]PORT  serve usbip list/attach (default 127.0.0.1:3240)\n"
"  --busid ID            bus id offered to usbip (default 1-1)\n"
"  --once                exit after the first import ends\n"
"  --attach              attach through /sys/devices/platform/vhci_hcd.0\n"
"  --vhci-port N         vhci port to use (default: first free one)\n"
"  --fd N                serve the URB stream on inherited socket N\n"
"  --usbredir SOCKET     serve one usbredir peer (QEMU's usb-redir) on the\n"
"                        Unix socket SOCKET; exit when it hangs up\n"
"  --background          fork; the parent exits 0 once attached/listening\n"
"  --pidfile FILE        write the serving process id to FILE\n"
"  --log FILE            with --background: append messages to FILE\n"
"Device:\n"
"  --speed full|high|super  (default high)\n"
"  --serial STRING       serial number (default " TD_SERIAL_DEFAULT ")\n"
"  --isoch-maxp N        isoch wMaxPacketSize (default 192 full, 1024 else)\n"
"  --isoch-mult N        isoch transactions per microframe, 1-3 (default 1)\n"
"  --isoch-burst N       SuperSpeed isoch bMaxBurst, 0-15 (default 0)\n"
"  --isoch-interval N    isoch bInterval, 1-16 (default 1)\n"
"  --delay MS            delay every non-control URB (SET_DELAY)\n"
"  --msos none|1|2|both  Microsoft OS descriptors offered (default both)\n"
"  --compat-id N:ID      compatible ID of interface N's function in them\n"
"                        (default WINUSB; - for none)\n"
"  --paced               complete isoch URBs on the bus clock\n"
"  --fault KIND[:EP[:N]] stall, nak, short, babble, xdev, disconnect,\n"
"                        bad-descriptors and the hostile catalogue:\n"
"                        isoch-pile, isoch-pile-length, isoch-overlong,\n"
"                        isoch-length, isoch-offset, isoch-fewer, overrun,\n"
"                        stall-always, hangup, ret-unknown, ret-twice,\n"
"                        unlink-late, late, maxp-zero, maxp-big,\n"
"                        interval-zero, interval-max, num-eps-more,\n"
"                        num-eps-fewer, dup-ep, total-short, total-long,\n"
"                        ss-burst, ss-mult, msos-lie, string-odd,\n"
"                        desc-change (repeatable)\n"
"  --verbose             log every URB to stderr\n"
"  --help\n");
}

static void die_usage(const char *fmt, const char *arg)
{
	fprintf(stderr, TD_NAME ": ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, " (see --help)\n");
	exit(2);
}

static unsigned long parse_uint(const char *opt, const char *s,
				unsigned long min, unsigned long max)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || !*s || *end || *s == '-' || v < min || v > max) {
		fprintf(stderr, TD_NAME ": %s: '%s' is not a number in %lu-%lu"
			" (see --help)\n", opt, s, min, max);
		exit(2);
	}
	return v;
}

static void parse_listen(struct td_options *opt, char *arg)
{
	char *colon = strrchr(arg, ':');
	char *port = arg;

	opt->mode = TD_MODE_LISTEN;
	if (colon) {
		*colon = '\0';
		port = colon + 1;
		opt->listen_addr = arg;
		if (arg[0] == '[' && colon[-1] == ']') {
			colon[-1] = '\0';
			opt->listen_addr = arg + 1;
		}
		if (!*opt->listen_addr)
			die_usage("--listen: empty address in '%s'", arg);
	}
	opt->listen_port = (int)parse_uint("--listen", port, 1, 65535);
}

static void parse_fault(struct td_options *opt, char *arg)
{
	struct td_fault_spec *f;
	char *ep_s, *n_s = NULL;

	if (opt->nfaults == TD_MAX_FAULT_SPECS)
		die_usage("--fault: more than %s faults", "16");
	f = &opt->faults[opt->nfaults];
	memset(f, 0, sizeof(*f));
	ep_s = strchr(arg, ':');
	if (ep_s) {
		*ep_s++ = '\0';
		n_s = strchr(ep_s, ':');
		if (n_s)
			*n_s++ = '\0';
	}
	f->kind = td_fault_kind(arg);
	if (f->kind < 0)
		die_usage("--fault: unknown kind '%s'", arg);
	if (ep_s && *ep_s)
		f->ep = (uint8_t)parse_uint("--fault endpoint", ep_s, 0, 0xff);
	if (n_s && *n_s)
		f->arg = (uint32_t)parse_uint("--fault N", n_s, 0, UINT32_MAX);

	switch (f->kind) {
	case TD_FAULT_DISCONNECT:
		break;
	case TD_FAULT_BAD_DESCRIPTORS:
		if (!f->arg)
			f->arg = 1;
		if (f->arg > 2)
			die_usage("--fault bad-descriptors: variant %s is not 1 or 2",
				  n_s);
		opt->bad_descriptors = (int)f->arg;
		break;
	case TD_FAULT_MSOS_LIE:
		if (!f->arg)
			f->arg = 1;
		if (f->arg > 4)
			die_usage("--fault msos-lie: variant %s is not 1-4", n_s);
		opt->msos_lie = (int)f->arg;
		break;
	default:
		if (td_fault_is_descriptor(f->kind)) {
			if (f->ep && td_ep_index(f->ep) < 0)
				die_usage("--fault %s: not an endpoint of the device",
					  arg);
			break;
		}
		if (td_fault_check_ep(f->kind, f->ep))
			die_usage("--fault %s: not for this endpoint (see "
				  "Documentation/testdev.rst)", arg);
	}
	opt->nfaults++;
}

/* The rules of the USB 2.0 and 3.x specifications for isoch endpoints. */
static void check_isoch(struct td_options *opt, bool maxp_set)
{
	char msg[160];

	if (!maxp_set)
		opt->isoch_maxp = opt->speed == TD_SPEED_FULL ? TD_ISOCH_MAXP_FULL :
							      TD_ISOCH_MAXP_HIGH;
	msg[0] = '\0';
	switch (opt->speed) {
	case TD_SPEED_FULL:
		if (opt->isoch_maxp > 1023)
			snprintf(msg, sizeof(msg), "--isoch-maxp %u: full speed allows at most 1023",
				 opt->isoch_maxp);
		else if (opt->isoch_mult != 1 || opt->isoch_burst)
			snprintf(msg, sizeof(msg), "--isoch-mult/--isoch-burst: not at full speed");
		break;
	case TD_SPEED_HIGH:
		if (opt->isoch_burst)
			snprintf(msg, sizeof(msg), "--isoch-burst: SuperSpeed only");
		else if ((opt->isoch_mult == 2 && opt->isoch_maxp < 513) ||
			 (opt->isoch_mult == 3 && opt->isoch_maxp < 683))
			snprintf(msg, sizeof(msg), "--isoch-mult %u needs --isoch-maxp of at least %u",
				 opt->isoch_mult, opt->isoch_mult == 2 ? 513 : 683);
		break;
	case TD_SPEED_SUPER:
		if (opt->isoch_burst && opt->isoch_maxp != 1024)
			snprintf(msg, sizeof(msg), "--isoch-burst %u needs --isoch-maxp 1024",
				 opt->isoch_burst);
		break;
	}
	if (msg[0])
		die_usage("%s", msg);
}

static void parse_msos(struct td_options *opt, const char *arg)
{
	if (!strcmp(arg, "none"))
		opt->msos = 0;
	else if (!strcmp(arg, "1"))
		opt->msos = TD_MSOS_10;
	else if (!strcmp(arg, "2"))
		opt->msos = TD_MSOS_20;
	else if (!strcmp(arg, "both"))
		opt->msos = TD_MSOS_10 | TD_MSOS_20;
	else
		die_usage("--msos: '%s' is not none, 1, 2 or both", arg);
}

/* N:ID, ID being up to 8 of A-Z, 0-9 and _ as Windows allows; "-": none */
static void parse_compat_id(struct td_options *opt, const char *arg)
{
	const char *id = strchr(arg, ':');
	char num[4];
	size_t i;

	if (!id || id == arg || (size_t)(id - arg) >= sizeof(num))
		die_usage("--compat-id: '%s' is not N:ID", arg);
	memcpy(num, arg, (size_t)(id - arg));
	num[id - arg] = '\0';
	i = parse_uint("--compat-id interface", num, 0, TD_NUM_IFACES - 1);
	id++;
	if (!strcmp(id, "-")) {
		opt->compat_id[i][0] = '\0';
		return;
	}
	if (!*id || strlen(id) > 8 || strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != strlen(id))
		die_usage("--compat-id: '%s' is not 1-8 of A-Z, 0-9, _", id);
	strcpy(opt->compat_id[i], id);
}

static void parse_options(struct td_options *opt, int argc, char **argv,
			  const char **logfile)
{
	enum {
		O_LISTEN = 256, O_ATTACH, O_VHCI_PORT, O_FD, O_BUSID, O_ONCE,
		O_SPEED, O_SERIAL, O_ISOCH_MAXP, O_ISOCH_MULT, O_ISOCH_BURST,
		O_ISOCH_INTERVAL, O_DELAY, O_PACED, O_FAULT, O_BACKGROUND,
		O_PIDFILE, O_LOG, O_VERBOSE, O_HELP, O_MSOS, O_COMPAT_ID,
		O_USBREDIR,
	};
	static const struct option longopts[] = {
		{ "listen", required_argument, NULL, O_LISTEN },
		{ "attach", no_argument, NULL, O_ATTACH },
		{ "vhci-port", required_argument, NULL, O_VHCI_PORT },
		{ "fd", required_argument, NULL, O_FD },
		{ "usbredir", required_argument, NULL, O_USBREDIR },
		{ "busid", required_argument, NULL, O_BUSID },
		{ "once", no_argument, NULL, O_ONCE },
		{ "speed", required_argument, NULL, O_SPEED },
		{ "serial", required_argument, NULL, O_SERIAL },
		{ "isoch-maxp", required_argument, NULL, O_ISOCH_MAXP },
		{ "isoch-mult", required_argument, NULL, O_ISOCH_MULT },
		{ "isoch-burst", required_argument, NULL, O_ISOCH_BURST },
		{ "isoch-interval", required_argument, NULL, O_ISOCH_INTERVAL },
		{ "delay", required_argument, NULL, O_DELAY },
		{ "msos", required_argument, NULL, O_MSOS },
		{ "compat-id", required_argument, NULL, O_COMPAT_ID },
		{ "paced", no_argument, NULL, O_PACED },
		{ "fault", required_argument, NULL, O_FAULT },
		{ "background", no_argument, NULL, O_BACKGROUND },
		{ "pidfile", required_argument, NULL, O_PIDFILE },
		{ "log", required_argument, NULL, O_LOG },
		{ "verbose", no_argument, NULL, O_VERBOSE },
		{ "help", no_argument, NULL, O_HELP },
		{ NULL, 0, NULL, 0 },
	};
	bool maxp_set = false, mode_set = false;
	const char *p;
	int c;

	memset(opt, 0, sizeof(*opt));
	opt->mode = TD_MODE_LISTEN;
	opt->listen_addr = "127.0.0.1";
	opt->listen_port = 3240;
	opt->busid = "1-1";
	opt->speed = TD_SPEED_HIGH;
	opt->serial = TD_SERIAL_DEFAULT;
	opt->isoch_mult = 1;
	opt->isoch_interval = 1;
	opt->vhci_port = -1;
	opt->fd = -1;
	opt->msos = TD_MSOS_10 | TD_MSOS_20;
	for (c = 0; c < TD_NUM_IFACES; c++)
		strcpy(opt->compat_id[c], "WINUSB");

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (mode_set && (c == O_LISTEN || c == O_ATTACH || c == O_FD ||
				 c == O_USBREDIR) &&
		    opt->mode != (c == O_LISTEN ? TD_MODE_LISTEN :
				  c == O_ATTACH ? TD_MODE_ATTACH :
				  c == O_FD ? TD_MODE_FD : TD_MODE_USBREDIR))
			die_usage("%s", "--listen, --attach, --fd and --usbredir exclude each other");
		switch (c) {
		case O_LISTEN:
			parse_listen(opt, optarg);
			mode_set = true;
			break;
		case O_ATTACH:
			opt->mode = TD_MODE_ATTACH;
			mode_set = true;
			break;
		case O_FD:
			opt->mode = TD_MODE_FD;
			opt->fd = (int)parse_uint("--fd", optarg, 0, INT_MAX);
			mode_set = true;
			break;
		case O_USBREDIR:
			if (!*optarg)
				die_usage("%s", "--usbredir: empty socket path");
			opt->mode = TD_MODE_USBREDIR;
			opt->redir_path = optarg;
			mode_set = true;
			break;
		case O_VHCI_PORT:
			opt->vhci_port = (int)parse_uint("--vhci-port", optarg,
							 0, 65535);
			break;
		case O_BUSID:
			if (!*optarg || strlen(optarg) >= USBIP_BUSID_LEN)
				die_usage("--busid: '%s' is empty or too long",
					  optarg);
			opt->busid = optarg;
			break;
		case O_ONCE:
			opt->once = true;
			break;
		case O_SPEED:
			if (!strcmp(optarg, "full"))
				opt->speed = TD_SPEED_FULL;
			else if (!strcmp(optarg, "high"))
				opt->speed = TD_SPEED_HIGH;
			else if (!strcmp(optarg, "super"))
				opt->speed = TD_SPEED_SUPER;
			else
				die_usage("--speed: '%s' is not full, high or super",
					  optarg);
			break;
		case O_SERIAL:
			for (p = optarg; *p; p++)
				if (*p < 0x20 || *p > 0x7e)
					break;
			if (!*optarg || *p || strlen(optarg) > 126)
				die_usage("--serial: '%s' must be 1-126 printable ASCII characters",
					  optarg);
			opt->serial = optarg;
			break;
		case O_ISOCH_MAXP:
			opt->isoch_maxp = (unsigned int)parse_uint("--isoch-maxp",
								 optarg, 1, 1024);
			maxp_set = true;
			break;
		case O_ISOCH_MULT:
			opt->isoch_mult = (unsigned int)parse_uint("--isoch-mult",
								 optarg, 1, 3);
			break;
		case O_ISOCH_BURST:
			opt->isoch_burst = (unsigned int)parse_uint("--isoch-burst",
								  optarg, 0, 15);
			break;
		case O_ISOCH_INTERVAL:
			opt->isoch_interval = (unsigned int)parse_uint(
				"--isoch-interval", optarg, 1, 16);
			break;
		case O_DELAY:
			opt->delay_ms = (unsigned int)parse_uint("--delay",
								 optarg, 0, 65535);
			break;
		case O_PACED:
			opt->paced = true;
			break;
		case O_MSOS:
			parse_msos(opt, optarg);
			break;
		case O_COMPAT_ID:
			parse_compat_id(opt, optarg);
			break;
		case O_FAULT:
			parse_fault(opt, optarg);
			break;
		case O_BACKGROUND:
			opt->background = true;
			break;
		case O_PIDFILE:
			opt->pidfile = optarg;
			break;
		case O_LOG:
			*logfile = optarg;
			break;
		case O_VERBOSE:
			opt->verbose = true;
			break;
		case O_HELP:
			usage(stdout);
			exit(0);
		case ':':
			die_usage("option '%s' needs a value", argv[optind - 1]);
			break;
		default:
			die_usage("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		die_usage("unexpected argument '%s'", argv[optind]);
	if (opt->vhci_port >= 0 && opt->mode != TD_MODE_ATTACH)
		die_usage("%s", "--vhci-port needs --attach");
	if (opt->once && opt->mode != TD_MODE_LISTEN)
		die_usage("%s", "--once needs --listen");
	check_isoch(opt, maxp_set);
}

static void on_signal(int sig)
{
	got_signal = sig;
}

static void write_pidfile(void)
{
	FILE *f;

	if (!pidfile)
		return;
	f = fopen(pidfile, "w");
	if (!f || fprintf(f, "%ld\n", (long)getpid()) < 0 || fclose(f)) {
		td_log("cannot write pid file %s: %s", pidfile, strerror(errno));
		exit(1);
	}
}

static void remove_pidfile(void)
{
	if (pidfile)
		unlink(pidfile);
}

static void signal_ready(void)
{
	if (ready_fd < 0)
		return;
	if (write(ready_fd, "", 1) != 1)
		td_log("cannot tell the parent we are ready");
	close(ready_fd);
	ready_fd = -1;
}

/*
 * --background: the parent waits on a pipe until the child says it is ready
 * (one byte) or dies (EOF), and exits 0 or 1 accordingly.
 */
static void daemonize(const char *logfile)
{
	int pfd[2], fd;
	ssize_t n;
	pid_t pid;
	char c;

	if (pipe(pfd)) {
		td_log("pipe: %s", strerror(errno));
		exit(1);
	}
	pid = fork();
	if (pid < 0) {
		td_log("fork: %s", strerror(errno));
		exit(1);
	}
	if (pid) {
		close(pfd[1]);
		do {
			n = read(pfd[0], &c, 1);
		} while (n < 0 && errno == EINTR);
		exit(n == 1 ? 0 : 1);
	}
	close(pfd[0]);
	ready_fd = pfd[1];
	setsid();
	fd = open("/dev/null", O_RDWR);
	if (fd >= 0) {
		dup2(fd, STDIN_FILENO);
		dup2(fd, STDOUT_FILENO);
		close(fd);
	}
	if (logfile) {
		fd = open(logfile, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
		if (fd < 0) {
			td_log("cannot open log %s: %s", logfile, strerror(errno));
			exit(1);
		}
		dup2(fd, STDERR_FILENO);
		close(fd);
	}
}

struct loop {
	const struct td_options *opt;
	struct td_device *dev;
	int lfd;
	struct td_conn *conns[MAX_CONNS];
	int nconns;
	struct td_conn *urb_conn;	/* the one carrying the device */
	uint64_t attached_at;
};

static void loop_add(struct loop *l, struct td_conn *c)
{
	l->conns[l->nconns++] = c;
}

/*
 * Close finished connections.  Return: true when the device went away and
 * the program should end.
 */
static bool loop_reap(struct loop *l)
{
	bool ended = false;
	int i;

	for (i = 0; i < l->nconns; i++) {
		struct td_conn *c = l->conns[i];

		if (!c->dead && !(c->phase == TD_PHASE_CLOSING && !c->out_len))
			continue;
		if (c == l->urb_conn) {
			/* dropped on purpose: attached as far as asked */
			if (l->dev->want_disconnect)
				signal_ready();
			td_device_drop_urbs(l->dev);
			l->dev->conn = NULL;
			l->urb_conn = NULL;
			td_log("device detached");
			if (l->opt->mode != TD_MODE_LISTEN || l->opt->once)
				ended = true;
		}
		td_conn_free(c);
		l->conns[i--] = l->conns[--l->nconns];
	}
	return ended;
}

static void loop_accept(struct loop *l)
{
	struct td_conn *c;
	int fd;

	fd = accept4(l->lfd, NULL, NULL, SOCK_CLOEXEC);
	if (fd < 0)
		return;
	if (l->nconns == MAX_CONNS) {
		td_log("too many connections; refusing one");
		close(fd);
		return;
	}
	if (l->opt->mode == TD_MODE_USBREDIR && l->urb_conn) {
		td_log("usbredir: one peer at a time; refusing another");
		close(fd);
		return;
	}
	c = td_conn_new(fd, l->opt->mode == TD_MODE_USBREDIR ? TD_PHASE_URB :
							      TD_PHASE_OP);
	if (!c) {
		close(fd);
		return;
	}
	loop_add(l, c);
	if (l->opt->mode == TD_MODE_USBREDIR) {
		if (td_redir_start(c, l->dev)) {
			td_log("usbredir: out of memory");
			c->dead = true;
			return;
		}
		l->urb_conn = c;
		l->attached_at = td_now();
		td_log("usbredir peer connected");
	}
}

static void loop_input(struct loop *l, struct td_conn *c)
{
	if (c->redir) {
		if (c->phase != TD_PHASE_CLOSING)
			td_redir_input(c);
		return;
	}
	if (c->phase == TD_PHASE_CLOSING || td_conn_read(c) < 0)
		return;
	while (c->phase == TD_PHASE_OP &&
	       td_server_op(c, l->dev, l->urb_conn != NULL, l->opt))
		;
	if (c->phase == TD_PHASE_URB && !l->urb_conn) {
		l->urb_conn = c;	/* just imported */
		l->attached_at = td_now();
	}
	if (c->phase == TD_PHASE_URB)
		td_conn_process_urbs(c);
}

static int loop_run(struct loop *l, const sigset_t *waitmask)
{
	struct pollfd pfd[MAX_CONNS + 1];
	struct td_conn *polled[MAX_CONNS + 1];

	for (;;) {
		uint64_t deadline = UINT64_MAX, now;
		struct timespec ts, *tsp = NULL;
		int i, n = 0;

		if (l->urb_conn) {
			deadline = td_device_run(l->dev);
			/* usbredir streams: new URBs, whose times count too */
			while (l->urb_conn->redir &&
			       td_redir_refill(l->urb_conn) &&
			       !l->dev->want_disconnect)
				deadline = td_device_run(l->dev);
			if (l->dev->want_disconnect)
				l->urb_conn->phase = TD_PHASE_CLOSING;
		}
		for (i = 0; i < l->nconns; i++) {
			if (l->conns[i]->redir)
				td_redir_output(l->conns[i]);
			td_conn_flush(l->conns[i]);
		}
		if (loop_reap(l))
			return 0;

		now = td_now();
		if (ready_fd >= 0 && l->opt->mode == TD_MODE_ATTACH) {
			if (l->dev->configured_once ||
			    now - l->attached_at > READY_TIMEOUT_NS)
				signal_ready();
			else if (l->attached_at + READY_TIMEOUT_NS < deadline)
				deadline = l->attached_at + READY_TIMEOUT_NS;
		}

		if (l->lfd >= 0) {
			pfd[n].fd = l->lfd;
			pfd[n].events = POLLIN;
			polled[n++] = NULL;
		}
		for (i = 0; i < l->nconns; i++) {
			struct td_conn *c = l->conns[i];

			pfd[n].fd = c->fd;
			pfd[n].events = c->phase == TD_PHASE_CLOSING ? 0 : POLLIN;
			if (c->out_len)
				pfd[n].events |= POLLOUT;
			polled[n++] = c;
		}
		if (deadline != UINT64_MAX) {
			uint64_t wait = deadline > now ? deadline - now : 0;

			ts.tv_sec = (time_t)(wait / 1000000000u);
			ts.tv_nsec = (long)(wait % 1000000000u);
			tsp = &ts;
		}
		if (ppoll(pfd, (nfds_t)n, tsp, waitmask) < 0 && errno != EINTR) {
			td_log("ppoll: %s", strerror(errno));
			return 1;
		}
		if (got_signal) {
			if (l->opt->verbose)
				td_log("signal %d: closing", (int)got_signal);
			return 0;
		}
		for (i = 0; i < n; i++) {
			short re = pfd[i].revents;

			if (!re)
				continue;
			if (!polled[i]) {
				loop_accept(l);
				continue;
			}
			if (re & (POLLIN | POLLHUP | POLLERR))
				loop_input(l, polled[i]);
			if (re & POLLOUT)
				td_conn_flush(polled[i]);
			if ((re & (POLLHUP | POLLERR)) &&
			    polled[i]->phase == TD_PHASE_CLOSING)
				polled[i]->dead = true;
		}
	}
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	const char *logfile = NULL;
	struct td_options opt;
	struct td_device dev;
	sigset_t block, waitmask;
	struct loop l;
	struct td_conn *c;
	int fd, port, ret, i;

	parse_options(&opt, argc, argv, &logfile);
	td_verbose = opt.verbose;
	pidfile = opt.pidfile;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &waitmask);
	sigdelset(&waitmask, SIGTERM);
	sigdelset(&waitmask, SIGINT);
	sigdelset(&waitmask, SIGHUP);

	ret = td_device_init(&dev, &opt);
	if (ret) {
		td_log("cannot build the device: %s", strerror(-ret));
		return 1;
	}
	if (opt.background)
		daemonize(logfile);

	memset(&l, 0, sizeof(l));
	l.opt = &opt;
	l.dev = &dev;
	l.lfd = -1;

	switch (opt.mode) {
	case TD_MODE_LISTEN:
		l.lfd = td_server_listen(&opt);
		if (l.lfd < 0)
			return 1;
		write_pidfile();
		td_log("listening on %s port %d, bus id %s", opt.listen_addr,
		       opt.listen_port, opt.busid);
		signal_ready();
		break;
	case TD_MODE_USBREDIR:
		l.lfd = td_redir_listen(&opt);
		if (l.lfd < 0)
			return 1;
		write_pidfile();
		td_log("usbredir: listening on %s", opt.redir_path);
		signal_ready();
		break;
	case TD_MODE_ATTACH:
	case TD_MODE_FD:
		if (opt.mode == TD_MODE_ATTACH) {
			fd = td_vhci_attach(&opt, &port);
			if (fd < 0)
				return 1;
			td_log("attached to vhci port %d", port);
		} else {
			fd = opt.fd;
		}
		c = td_conn_new(fd, TD_PHASE_URB);
		if (!c) {
			td_log("cannot use fd %d: %s", fd, strerror(errno));
			return 1;
		}
		write_pidfile();
		dev.conn = c;
		c->dev = &dev;
		loop_add(&l, c);
		l.urb_conn = c;
		l.attached_at = td_now();
		if (opt.mode == TD_MODE_FD)
			signal_ready();
		break;
	}

	ret = loop_run(&l, &waitmask);

	for (i = 0; i < l.nconns; i++)
		td_conn_free(l.conns[i]);
	if (l.lfd >= 0)
		close(l.lfd);
	if (opt.mode == TD_MODE_USBREDIR)
		unlink(opt.redir_path);
	td_device_cleanup(&dev);
	remove_pidfile();
	return ret;
}
