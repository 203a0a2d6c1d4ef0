// SPDX-License-Identifier: GPL-2.0
/*
 * The USB/IP TCP server side, as `usbip list -r` and
 * `usbip attach -r` expect it
 *
 * Each message starts with op_common: u16 version, u16 code, u32 status.
 * OP_REQ_DEVLIST gets one device (the 312-byte record and one 4-byte entry
 * per interface) and the connection is closed.  OP_REQ_IMPORT with our bus
 * id gets status 0 and the record (without interface entries); the same
 * connection then carries the URB stream.  One import at a time: another
 * import while one is live is answered "busy".
 */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "testdev.h"

int td_server_listen(const struct td_options *opt)
{
	struct addrinfo hints, *ai;
	char port[16];
	int fd, one = 1, ret;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
	snprintf(port, sizeof(port), "%d", opt->listen_port);
	ret = getaddrinfo(opt->listen_addr, port, &hints, &ai);
	if (ret) {
		td_log("bad listen address '%s': %s", opt->listen_addr,
		       gai_strerror(ret));
		return -1;
	}
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		td_log("socket: %s", strerror(errno));
		goto out_free;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
		td_log("cannot listen on %s port %d: %s", opt->listen_addr,
		       opt->listen_port, strerror(errno));
		goto out_close;
	}
	if (listen(fd, 8) < 0) {
		td_log("listen: %s", strerror(errno));
		goto out_close;
	}
	freeaddrinfo(ai);
	return fd;

out_close:
	close(fd);
out_free:
	freeaddrinfo(ai);
	return -1;
}

static void reply_devlist(struct td_conn *c, struct td_device *dev,
			  const struct td_options *opt)
{
	uint8_t b[USBIP_OP_COMMON_LEN + 4 + USBIP_UDEV_LEN + 4 * TD_NUM_IFACES];
	uint8_t *p = b;
	int i;

	memset(b, 0, sizeof(b));
	usbip_op_encode(p, USBIP_OP_REP_DEVLIST, USBIP_ST_OK);
	p += USBIP_OP_COMMON_LEN;
	p[3] = 1;		/* u32 ndev = 1, big-endian */
	p += 4;
	usbip_udev_encode(p, opt->busid, opt->speed, dev->desc.device.data);
	p += USBIP_UDEV_LEN;
	for (i = 0; i < TD_NUM_IFACES; i++, p += 4)
		p[0] = 0xff;	/* class; subclass, protocol, pad are 0 */
	td_conn_queue(c, b, sizeof(b));
}

/*
 * Handle one buffered op-phase request on @c.  @busy: another connection
 * carries the device now.  Return: true if a request was handled (call
 * again), false if more input is needed or the connection is finished.
 */
bool td_server_op(struct td_conn *c, struct td_device *dev, bool busy,
		  const struct td_options *opt)
{
	uint8_t b[USBIP_OP_COMMON_LEN + USBIP_UDEV_LEN];
	char busid[USBIP_BUSID_LEN + 1];
	uint16_t version, code;
	int one = 1;

	if (c->phase != TD_PHASE_OP || c->in_len < USBIP_OP_COMMON_LEN)
		return false;
	version = usbip_get_be16(c->in);
	code = usbip_get_be16(c->in + 2);
	if (version != USBIP_VERSION && td_verbose)
		td_log("peer speaks USB/IP version %x.%x.%x", version >> 8,
		       (version >> 4) & 0xf, version & 0xf);

	switch (code) {
	case USBIP_OP_REQ_DEVLIST:
		td_conn_consume(c, USBIP_OP_COMMON_LEN);
		if (td_verbose)
			td_log("OP_REQ_DEVLIST");
		reply_devlist(c, dev, opt);
		c->phase = TD_PHASE_CLOSING;
		return false;
	case USBIP_OP_REQ_IMPORT:
		if (c->in_len < USBIP_OP_COMMON_LEN + USBIP_BUSID_LEN)
			return false;
		memcpy(busid, c->in + USBIP_OP_COMMON_LEN, USBIP_BUSID_LEN);
		busid[USBIP_BUSID_LEN] = '\0';
		td_conn_consume(c, USBIP_OP_COMMON_LEN + USBIP_BUSID_LEN);
		c->phase = TD_PHASE_CLOSING;
		if (strcmp(busid, opt->busid)) {
			td_log("import of unknown bus id '%s' refused", busid);
			usbip_op_encode(b, USBIP_OP_REP_IMPORT, USBIP_ST_NODEV);
			td_conn_queue(c, b, USBIP_OP_COMMON_LEN);
			return false;
		}
		if (busy) {
			td_log("import of %s refused: already imported", busid);
			usbip_op_encode(b, USBIP_OP_REP_IMPORT, USBIP_ST_BUSY);
			td_conn_queue(c, b, USBIP_OP_COMMON_LEN);
			return false;
		}
		usbip_op_encode(b, USBIP_OP_REP_IMPORT, USBIP_ST_OK);
		usbip_udev_encode(b + USBIP_OP_COMMON_LEN, opt->busid,
				  opt->speed, dev->desc.device.data);
		td_conn_queue(c, b, sizeof(b));
		setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		td_device_reset(dev);
		dev->conn = c;
		c->dev = dev;
		c->phase = TD_PHASE_URB;
		td_log("%s imported", busid);
		return false;
	}
	td_log("unknown USB/IP request 0x%04x; closing that connection", code);
	c->dead = true;
	return false;
}
