// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sim_kernel.c - the simulated winusb driver (see sim_kernel.h).
 *
 * One mutex (sim_lock) protects everything.  Errors follow <linux/winusb.h>:
 * ENODEV after unplug (GET_INFO and REAP excepted), ENOENT for endpoints or
 * settings that do not exist, ERANGE for pipe indexes, ENOPROTOOPT for
 * unknown policies, EINVAL for wrong value sizes, EACCES for the read-only
 * policy, EBUSY for an alternate setting change with requests pending.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <unistd.h>

#include "libwinusb.h"
#include "sim_kernel.h"

#define SIM_NIF 2
#define SIM_MAX_TRANSFER (1u << 20)

static const uint8_t sim_device_desc[18] = {
	18, 1, 0x00, 0x02, 0x00, 0x00, 0x00, 64,
	0x34, 0x12, 0x78, 0x56, 0x00, 0x01, 1, 2, 0, 1,
};

static const uint8_t sim_config[] = {
	9, 2, 0, 0, 2, 1, 0, 0x80, 50,
	9, 4, 0, 0, 2, 0xff, 0, 0, 0,
	7, 5, 0x81, 2, 0x00, 0x02, 0,
	7, 5, 0x02, 2, 0x00, 0x02, 0,
	9, 4, 0, 1, 3, 0xff, 0, 0, 0,
	7, 5, 0x81, 2, 0x00, 0x02, 0,
	7, 5, 0x02, 2, 0x00, 0x02, 0,
	7, 5, 0x83, 3, 0x40, 0x00, 4,
	9, 4, 1, 0, 2, 0xff, 0, 0, 0,
	7, 5, 0x84, 2, 0x40, 0x00, 0,
	7, 5, 0x05, 2, 0x40, 0x00, 0,
};

struct sim_req {
	struct sim_req *next;
	uint64_t id;
	uint64_t cookie;
	uint8_t type;
	uint8_t ep;
	uint32_t length;
	uint8_t *data;
};

struct sim_compl {
	struct sim_compl *next;
	struct wu_k_completion c;
};

struct sim_if {
	int master;
	int slave;		/* kept open for the terminal settings */
	dev_t rdev;
	char pts[64];
	uint8_t alt;
	struct sim_req *pending;
	struct sim_compl *head, *tail;
	int64_t policy[256][10];
	uint64_t power[2];
};

static pthread_mutex_t sim_lock = PTHREAD_MUTEX_INITIALIZER;
static struct sim_if sim_ifs[SIM_NIF];
static bool sim_gone;
static uint64_t sim_next_id = 1;
static uint8_t sim_loop[65536];
static size_t sim_loop_len;
static uint8_t sim_feed_buf[65536];
static size_t sim_feed_len;
static uint8_t sim_stalled[256];
static uint8_t sim_setup[8];
static unsigned int sim_nsubmits;
static char sim_dir[64];

/* ------------------------------------------------------------------------ */
/* Test controls                                                            */
/* ------------------------------------------------------------------------ */

static void sim_write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

int sim_start(char *node0, size_t len0, char *node1, size_t len1)
{
	static char sysroot[128], devroot[128];
	char path[256], text[128];
	struct termios tio;
	struct stat st;
	int i;

	strcpy(sim_dir, "/tmp/wu-sim-XXXXXX");
	if (!mkdtemp(sim_dir))
		return -errno;
	snprintf(sysroot, sizeof(sysroot), "%s/sys", sim_dir);
	snprintf(devroot, sizeof(devroot), "%s/dev", sim_dir);
	mkdir(sysroot, 0755);
	snprintf(path, sizeof(path), "%s/dev", sysroot);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/dev/char", sysroot);
	mkdir(path, 0755);
	mkdir(devroot, 0755);
	snprintf(path, sizeof(path), "%s/winusb", devroot);
	mkdir(path, 0755);

	for (i = 0; i < SIM_NIF; i++) {
		struct sim_if *s = &sim_ifs[i];

		memset(s, 0, sizeof(*s));
		memset(s->policy, 0xff, sizeof(s->policy));	/* -1: unset */
		s->power[0] = 1;
		s->power[1] = 2000;
		s->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
		if (s->master < 0 || grantpt(s->master) || unlockpt(s->master))
			return -errno;
		snprintf(s->pts, sizeof(s->pts), "%s", ptsname(s->master));
		s->slave = open(s->pts, O_RDWR | O_NOCTTY | O_CLOEXEC);
		if (s->slave < 0 || tcgetattr(s->slave, &tio))
			return -errno;
		cfmakeraw(&tio);
		tcsetattr(s->slave, TCSANOW, &tio);
		fstat(s->slave, &st);
		s->rdev = st.st_rdev;

		snprintf(path, sizeof(path), "%s/dev/char/%u:%u", sysroot,
			 major(st.st_rdev), minor(st.st_rdev));
		mkdir(path, 0755);
		strcat(path, "/uevent");
		snprintf(text, sizeof(text),
			 "MAJOR=%u\nMINOR=%u\nDEVNAME=winusb/1-1:1.%d\n",
			 major(st.st_rdev), minor(st.st_rdev), i);
		sim_write_file(path, text);
		snprintf(path, sizeof(path), "%s/winusb/1-1:1.%d", devroot, i);
		if (symlink(s->pts, path))
			return -errno;
		snprintf(i ? node1 : node0, i ? len1 : len0, "%s", path);
	}
	sim_gone = false;
	wu_sysfs_root = sysroot;
	wu_dev_root = devroot;
	return 0;
}

void sim_stop(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", sim_dir);
	if (system(cmd))
		perror(cmd);
}

/* ------------------------------------------------------------------------ */
/* Internals (sim_lock held)                                                */
/* ------------------------------------------------------------------------ */

static struct sim_if *sim_if_of(int fd, int *ifnum)
{
	struct stat st;
	int i;

	if (fstat(fd, &st) < 0)
		return NULL;
	for (i = 0; i < SIM_NIF; i++) {
		if (sim_ifs[i].rdev == st.st_rdev) {
			if (ifnum)
				*ifnum = i;
			return &sim_ifs[i];
		}
	}
	return NULL;
}

/* Queue a completion record; keep one byte in the terminal while queued. */
static void sim_complete(struct sim_if *s, struct sim_req *r, int status,
			 uint32_t actual)
{
	struct sim_compl *c = calloc(1, sizeof(*c));
	char one = 1;

	c->c.id = r->id;
	c->c.cookie = r->cookie;
	c->c.status = status;
	c->c.actual_length = actual;
	if (!s->head) {
		s->head = s->tail = c;
		if (!sim_gone && write(s->master, &one, 1) != 1)
			perror("sim: write");
	} else {
		s->tail->next = c;
		s->tail = c;
	}
	free(r);
}

static void sim_unlink(struct sim_if *s, struct sim_req *r)
{
	struct sim_req **pp;

	for (pp = &s->pending; *pp; pp = &(*pp)->next) {
		if (*pp == r) {
			*pp = r->next;
			return;
		}
	}
}

/* The endpoint descriptor of @ep in @ifnum's setting @alt, or NULL. */
static const USB_ENDPOINT_DESCRIPTOR *sim_ep(int ifnum, uint8_t alt, uint8_t ep)
{
	return wu_desc_find_endpoint(sim_config, sizeof(sim_config),
				     (uint8_t)ifnum, alt, ep);
}

/* Satisfy pending loopback reads (0x81) and fed reads (0x84). */
static void sim_serve_reads(void)
{
	struct sim_req *r, *next;
	int i;

	for (i = 0; i < SIM_NIF; i++) {
		struct sim_if *s = &sim_ifs[i];

		for (r = s->pending; r; r = next) {
			uint8_t *src = r->ep == 0x81 ? sim_loop : sim_feed_buf;
			size_t *avail = r->ep == 0x81 ? &sim_loop_len :
							&sim_feed_len;
			uint32_t n;

			next = r->next;
			if ((r->ep != 0x81 && r->ep != 0x84) || !*avail)
				continue;
			n = *avail < r->length ? (uint32_t)*avail : r->length;
			memcpy(r->data, src, n);
			memmove(src, src + n, *avail - n);
			*avail -= n;
			sim_unlink(s, r);
			sim_complete(s, r, 0, n);
		}
	}
}

static int sim_policy_size(uint32_t policy)
{
	if (policy < 1 || policy > 9)
		return -ENOPROTOOPT;
	return policy == PIPE_TRANSFER_TIMEOUT ||
	       policy == MAXIMUM_TRANSFER_SIZE ? 4 : 1;
}

static int64_t sim_policy_default(uint8_t ep, uint32_t policy)
{
	if (policy == MAXIMUM_TRANSFER_SIZE)
		return SIM_MAX_TRANSFER;
	if (policy == PIPE_TRANSFER_TIMEOUT && ep == 0)
		return 5000;
	return policy == ALLOW_PARTIAL_READS;
}

/* ENOENT unless @ep is 0 (when @allow0) or in the current setting. */
static int sim_check_ep(int ifnum, struct sim_if *s, uint32_t ep, bool allow0)
{
	if (ep == 0 && allow0)
		return 0;
	if (ep > 0xff || !sim_ep(ifnum, s->alt, (uint8_t)ep))
		return -ENOENT;
	return 0;
}

/* ------------------------------------------------------------------------ */
/* Controls for the tests                                                   */
/* ------------------------------------------------------------------------ */

void sim_unplug(void)
{
	int i;

	pthread_mutex_lock(&sim_lock);
	for (i = 0; i < SIM_NIF; i++) {
		struct sim_if *s = &sim_ifs[i];

		while (s->pending) {
			struct sim_req *r = s->pending;

			s->pending = r->next;
			sim_complete(s, r, -ENODEV, 0);
		}
	}
	sim_gone = true;
	for (i = 0; i < SIM_NIF; i++) {
		close(sim_ifs[i].master);	/* the nodes hang up */
		sim_ifs[i].master = -1;
	}
	pthread_mutex_unlock(&sim_lock);
}

unsigned int sim_pending(int ifnum, int ep)
{
	struct sim_req *r;
	unsigned int n = 0;
	int i;

	pthread_mutex_lock(&sim_lock);
	for (i = 0; i < SIM_NIF; i++) {
		if (ifnum >= 0 && i != ifnum)
			continue;
		for (r = sim_ifs[i].pending; r; r = r->next)
			if (ep < 0 || r->ep == ep)
				n++;
	}
	pthread_mutex_unlock(&sim_lock);
	return n;
}

void sim_feed(const void *data, size_t len)
{
	pthread_mutex_lock(&sim_lock);
	if (len > sizeof(sim_feed_buf) - sim_feed_len)
		len = sizeof(sim_feed_buf) - sim_feed_len;
	memcpy(sim_feed_buf + sim_feed_len, data, len);
	sim_feed_len += len;
	sim_serve_reads();
	pthread_mutex_unlock(&sim_lock);
}

void sim_stall(uint8_t ep)
{
	pthread_mutex_lock(&sim_lock);
	sim_stalled[ep] = 1;
	pthread_mutex_unlock(&sim_lock);
}

int64_t sim_policy(int ifnum, uint8_t ep, uint32_t policy)
{
	int64_t v;

	pthread_mutex_lock(&sim_lock);
	v = sim_ifs[ifnum].policy[ep][policy];
	pthread_mutex_unlock(&sim_lock);
	return v;
}

void sim_set_policy(int ifnum, uint8_t ep, uint32_t policy, uint64_t value)
{
	pthread_mutex_lock(&sim_lock);
	sim_ifs[ifnum].policy[ep][policy] = (int64_t)value;
	pthread_mutex_unlock(&sim_lock);
}

void sim_last_setup(uint8_t setup[8])
{
	pthread_mutex_lock(&sim_lock);
	memcpy(setup, sim_setup, 8);
	pthread_mutex_unlock(&sim_lock);
}

int sim_altsetting(int ifnum)
{
	return sim_ifs[ifnum].alt;
}

unsigned int sim_submits(void)
{
	return sim_nsubmits;
}

/* ------------------------------------------------------------------------ */
/* The wu_k_* ABI                                                           */
/* ------------------------------------------------------------------------ */

int wu_k_get_info(int fd, struct wu_k_info *info)
{
	struct sim_if *s;
	int ifnum = 0;

	pthread_mutex_lock(&sim_lock);
	s = sim_if_of(fd, &ifnum);
	if (!s) {
		pthread_mutex_unlock(&sim_lock);
		return -ENOTTY;
	}
	memset(info, 0, sizeof(*info));
	info->abi_version = 1;
	info->speed = 3;
	info->interface_number = (uint8_t)ifnum;
	info->num_altsettings = ifnum == 0 ? 2 : 1;
	info->cur_altsetting = s->alt;
	info->disconnected = sim_gone;
	info->vendor_id = 0x1234;
	info->product_id = 0x5678;
	info->busnum = 1;
	info->devnum = 2;
	info->max_transfer_size = SIM_MAX_TRANSFER;
	pthread_mutex_unlock(&sim_lock);
	return 0;
}

int wu_k_get_descriptor(int fd, uint8_t type, uint8_t index, uint16_t lang,
			void *buf, uint32_t len, uint32_t *out_len,
			uint32_t *out_total)
{
	static const uint8_t langids[4] = { 4, 3, 0x09, 0x04 };
	static const uint8_t product[8] = { 8, 3, 'S', 0, 'i', 0, 'm', 0 };
	uint8_t config[sizeof(sim_config)];
	const uint8_t *src;
	uint32_t total, n;

	(void)lang;
	if (!sim_if_of(fd, NULL))
		return -ENOTTY;
	memcpy(config, sim_config, sizeof(config));
	config[2] = sizeof(config);
	if (type == 1 && index == 0) {
		src = sim_device_desc;
		total = sizeof(sim_device_desc);
	} else if (type == 2 && index == 0) {
		src = config;
		total = sizeof(config);
	} else if (sim_gone) {
		return -ENODEV;
	} else if (type == 3 && index == 0) {
		src = langids;
		total = sizeof(langids);
	} else if (type == 3 && index == 2) {
		src = product;
		total = sizeof(product);
	} else {
		return -EPIPE;
	}
	n = len < total ? len : total;
	if (n && !buf)
		return -EFAULT;
	memcpy(buf, src, n);
	if (out_len)
		*out_len = n;
	if (out_total)
		*out_total = total;
	return 0;
}

int wu_k_query_pipe(int fd, uint8_t alt, uint8_t index, struct wu_k_pipe *pipe)
{
	const USB_INTERFACE_DESCRIPTOR *id = NULL;
	const USB_COMMON_DESCRIPTOR *d;
	const USB_ENDPOINT_DESCRIPTOR *ed;
	unsigned int n;
	int ifnum;

	if (!sim_if_of(fd, &ifnum))
		return -ENOTTY;
	for (n = 0; (id = wu_desc_find_altsetting(sim_config, sizeof(sim_config),
						  (uint8_t)ifnum, n)); n++)
		if (id->bAlternateSetting == alt)
			break;
	if (!id)
		return -ENOENT;
	if (index >= id->bNumEndpoints)
		return -ERANGE;
	d = (const void *)id;
	for (n = 0; n <= index; n++)
		d = wu_desc_next(sim_config, sizeof(sim_config), d);
	ed = (const void *)d;
	pipe->endpoint = ed->bEndpointAddress;
	pipe->type = ed->bmAttributes & 3;
	pipe->max_packet_size = ed->wMaxPacketSize & 0x7ff;
	pipe->interval = ed->bInterval;
	pipe->max_bytes_per_interval = ed->wMaxPacketSize & 0x7ff;
	return 0;
}

int wu_k_get_altsetting(int fd, uint8_t *alt)
{
	struct sim_if *s = sim_if_of(fd, NULL);

	if (!s)
		return -ENOTTY;
	*alt = s->alt;
	return 0;
}

int wu_k_set_altsetting(int fd, uint8_t alt)
{
	struct sim_if *s;
	int ifnum, ret = 0;
	unsigned int n;
	const USB_INTERFACE_DESCRIPTOR *id;

	pthread_mutex_lock(&sim_lock);
	s = sim_if_of(fd, &ifnum);
	if (!s) {
		ret = -ENOTTY;
		goto out;
	}
	if (sim_gone) {
		ret = -ENODEV;
		goto out;
	}
	for (n = 0; (id = wu_desc_find_altsetting(sim_config, sizeof(sim_config),
						  (uint8_t)ifnum, n)); n++)
		if (id->bAlternateSetting == alt)
			break;
	if (!id)
		ret = -ENOENT;
	else if (s->pending)
		ret = -EBUSY;
	else
		s->alt = alt;
out:
	pthread_mutex_unlock(&sim_lock);
	return ret;
}

static int sim_submit_control(struct sim_if *s, int ifnum, struct sim_req *r,
			      const uint8_t *setup)
{
	uint16_t wlength = setup[6] | setup[7] << 8;

	if (wlength != r->length)
		return -EINVAL;
	if (r->length > 4096)
		return -EMSGSIZE;
	if ((setup[0] & 0x60) == 0 && setup[1] == USB_REQUEST_SET_CONFIGURATION)
		return -EPERM;
	memcpy(sim_setup, setup, 8);
	if ((setup[0] & 0x1f) == BMREQUEST_TO_INTERFACE)
		sim_setup[4] = (uint8_t)ifnum;	/* as the driver does */
	if (setup[1] == 0xff) {
		sim_complete(s, r, -EPIPE, 0);
	} else if (setup[0] & 0x80) {
		uint32_t i;

		for (i = 0; i < r->length; i++)
			r->data[i] = (uint8_t)i;
		sim_complete(s, r, 0, r->length);
	} else {
		sim_complete(s, r, 0, r->length);
	}
	return 0;
}

int wu_k_submit(int fd, const struct wu_k_xfer *x, uint64_t *id)
{
	const USB_ENDPOINT_DESCRIPTOR *ed;
	struct sim_req *r;
	struct sim_if *s;
	int ifnum, ret = 0;

	pthread_mutex_lock(&sim_lock);
	sim_nsubmits++;
	s = sim_if_of(fd, &ifnum);
	if (!s) {
		ret = -ENOTTY;
		goto out;
	}
	if (sim_gone) {
		ret = -ENODEV;
		goto out;
	}
	r = calloc(1, sizeof(*r));
	r->id = sim_next_id++;
	r->cookie = x->cookie;
	r->type = x->type;
	r->ep = x->endpoint;
	r->length = x->length;
	r->data = x->data;
	if (x->length && !x->data) {
		free(r);
		ret = -EFAULT;
		goto out;
	}
	*id = r->id;

	if (x->type == UsbdPipeTypeControl) {
		ret = sim_submit_control(s, ifnum, r, x->setup);
		if (ret < 0)
			free(r);
		goto out;
	}
	ed = sim_ep(ifnum, s->alt, x->endpoint);
	if (!ed) {
		free(r);
		ret = -ENOENT;
		goto out;
	}
	if ((ed->bmAttributes & 3) != x->type) {
		free(r);
		ret = -EINVAL;
		goto out;
	}
	if (!(x->endpoint & 0x80)) {
		if (x->endpoint == 0x02 && x->length) {
			size_t n = x->length;

			if (n > sizeof(sim_loop) - sim_loop_len)
				n = sizeof(sim_loop) - sim_loop_len;
			memcpy(sim_loop + sim_loop_len, x->data, n);
			sim_loop_len += n;
		}
		sim_complete(s, r, 0, x->length);
		sim_serve_reads();
		goto out;
	}
	if (sim_stalled[x->endpoint]) {
		sim_complete(s, r, -EPIPE, 0);
		goto out;
	}
	if (s->policy[x->endpoint][PIPE_TRANSFER_TIMEOUT] > 0) {
		sim_complete(s, r, -ETIMEDOUT, 0);
		goto out;
	}
	r->next = NULL;
	{
		struct sim_req **pp = &s->pending;

		while (*pp)
			pp = &(*pp)->next;
		*pp = r;	/* in submission order */
	}
	sim_serve_reads();
out:
	pthread_mutex_unlock(&sim_lock);
	return ret;
}

int wu_k_reap(int fd, struct wu_k_completion *c, unsigned int count,
	      int timeout_ms)
{
	struct sim_if *s;
	unsigned int n = 0;
	char one;
	int ret;

	pthread_mutex_lock(&sim_lock);
	s = sim_if_of(fd, NULL);
	if (!s) {
		pthread_mutex_unlock(&sim_lock);
		return -ENOTTY;
	}
	while (n < count && s->head) {
		struct sim_compl *q = s->head;

		s->head = q->next;
		if (!s->head)
			s->tail = NULL;
		c[n++] = q->c;
		free(q);
	}
	/* The queue emptied: take the readiness byte back. */
	if (n && !s->head && !sim_gone && read(fd, &one, 1) != 1)
		perror("sim: read");
	if (n)
		ret = (int)n;
	else if (sim_gone && !s->pending)
		ret = -ENODEV;
	else
		ret = timeout_ms < 0 ? -EAGAIN : -ETIMEDOUT;
	pthread_mutex_unlock(&sim_lock);
	return ret;
}

int wu_k_cancel(int fd, uint64_t id)
{
	struct sim_req *r;
	struct sim_if *s;
	int ret = -ENOENT;

	pthread_mutex_lock(&sim_lock);
	s = sim_if_of(fd, NULL);
	for (r = s ? s->pending : NULL; r; r = r->next) {
		if (r->id == id) {
			sim_unlink(s, r);
			sim_complete(s, r, -ECANCELED, 0);
			ret = 0;
			break;
		}
	}
	pthread_mutex_unlock(&sim_lock);
	return ret;
}

static int sim_pipe_op(int fd, uint8_t ep, bool abort)
{
	struct sim_req *r, *next;
	struct sim_if *s;
	int ifnum, ret;

	pthread_mutex_lock(&sim_lock);
	s = sim_if_of(fd, &ifnum);
	if (!s) {
		ret = -ENOTTY;
		goto out;
	}
	if (sim_gone) {
		ret = -ENODEV;
		goto out;
	}
	ret = sim_check_ep(ifnum, s, ep, abort);
	if (ret < 0 || !abort)
		goto out;
	for (r = s->pending; r; r = next) {
		next = r->next;
		if (r->ep == ep) {
			sim_unlink(s, r);
			sim_complete(s, r, -ECANCELED, 0);
		}
	}
out:
	pthread_mutex_unlock(&sim_lock);
	return ret;
}

int wu_k_abort_pipe(int fd, uint8_t ep)
{
	return sim_pipe_op(fd, ep, true);
}

int wu_k_reset_pipe(int fd, uint8_t ep)
{
	int ret = sim_pipe_op(fd, ep, false);

	if (ret == 0)
		sim_stalled[ep] = 0;
	return ret;
}

int wu_k_flush_pipe(int fd, uint8_t ep)
{
	return sim_pipe_op(fd, ep, false);
}

int wu_k_get_pipe_policy(int fd, uint8_t ep, uint32_t policy, uint64_t *value,
			 uint32_t *size)
{
	struct sim_if *s;
	int ifnum, ret;

	pthread_mutex_lock(&sim_lock);
	s = sim_if_of(fd, &ifnum);
	ret = s ? sim_check_ep(ifnum, s, ep, true) : -ENOTTY;
	if (ret == 0)
		ret = sim_policy_size(policy);
	if (ret > 0) {
		*size = (uint32_t)ret;
		*value = s->policy[ep][policy] >= 0 ?
				 (uint64_t)s->policy[ep][policy] :
				 (uint64_t)sim_policy_default(ep, policy);
		if (policy == MAXIMUM_TRANSFER_SIZE)
			*value = SIM_MAX_TRANSFER;
		ret = 0;
	}
	pthread_mutex_unlock(&sim_lock);
	return ret;
}

int wu_k_set_pipe_policy(int fd, uint8_t ep, uint32_t policy, uint64_t value,
			 uint32_t size)
{
	struct sim_if *s;
	int ifnum, ret;

	pthread_mutex_lock(&sim_lock);
	s = sim_if_of(fd, &ifnum);
	ret = s ? (sim_gone ? -ENODEV : sim_check_ep(ifnum, s, ep, true)) :
		  -ENOTTY;
	if (ret == 0)
		ret = sim_policy_size(policy);
	if (ret > 0) {
		if ((uint32_t)ret != size)
			ret = -EINVAL;
		else if (policy == MAXIMUM_TRANSFER_SIZE)
			ret = -EACCES;
		else
			ret = 0;
	}
	if (ret == 0)
		s->policy[ep][policy] = size == 1 ? (value != 0) : (int64_t)value;
	pthread_mutex_unlock(&sim_lock);
	return ret;
}

int wu_k_get_power_policy(int fd, uint32_t policy, uint64_t *value,
			  uint32_t *size)
{
	struct sim_if *s = sim_if_of(fd, NULL);

	if (!s)
		return -ENOTTY;
	if (policy != AUTO_SUSPEND && policy != SUSPEND_DELAY)
		return -ENOPROTOOPT;
	*size = policy == AUTO_SUSPEND ? 1 : 4;
	*value = s->power[policy == SUSPEND_DELAY];
	return 0;
}

int wu_k_set_power_policy(int fd, uint32_t policy, uint64_t value,
			  uint32_t size)
{
	struct sim_if *s = sim_if_of(fd, NULL);

	if (!s)
		return -ENOTTY;
	if (sim_gone)
		return -ENODEV;
	if (policy != AUTO_SUSPEND && policy != SUSPEND_DELAY)
		return -ENOPROTOOPT;
	if (size != (policy == AUTO_SUSPEND ? 1u : 4u))
		return -EINVAL;
	s->power[policy == SUSPEND_DELAY] = value;
	return 0;
}

int wu_k_get_frame(int fd, uint32_t *frame, uint64_t *time_ns)
{
	(void)fd;
	(void)frame;
	(void)time_ns;
	return -EOPNOTSUPP;
}
