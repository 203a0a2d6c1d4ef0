/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal interfaces of winusb-testdev
 *
 * Files, one concern each:
 *  usbip.c     USB/IP wire format: headers, isoch descriptors, device records
 *  usbredir.c  the usbredir transport (QEMU's usb-redir), libusbredirparser
 *  desc.c      descriptors for the chosen speed and options
 *  ctrl.c      endpoint 0: standard, vendor and Microsoft OS requests
 *  ep.c        endpoint behaviours and their scheduling on the bus clock
 *  device.c    device state, URB queues, unlink, faults, counters
 *  conn.c      the USB/IP transport: input parsing, answers, output queue
 *  server.c    TCP server (OP_REQ_DEVLIST / OP_REQ_IMPORT)
 *  attach.c    direct attach through vhci_hcd's sysfs attach file
 *  main.c      options, daemonizing, the event loop
 *
 * Everything runs in one thread; nothing here locks.
 */
#ifndef TESTDEV_H
#define TESTDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "testdev_proto.h"

#define TD_NAME			"winusb-testdev"

/* Limits on what the kernel may send before we call the stream corrupt. */
#define TD_MAX_URB_LEN		(64u << 20)
#define TD_MAX_ISOCH_PACKETS	4096
#define TD_MAX_FAULT_SPECS	16

/* ---- usbip.c ---- */

#define USBIP_VERSION		0x0111
#define USBIP_HDR_LEN		48
#define USBIP_ISO_DESC_LEN	16
#define USBIP_UDEV_LEN		312
#define USBIP_OP_COMMON_LEN	8
#define USBIP_BUSID_LEN		32

#define USBIP_CMD_SUBMIT	1
#define USBIP_CMD_UNLINK	2
#define USBIP_RET_SUBMIT	3
#define USBIP_RET_UNLINK	4

#define USBIP_DIR_OUT		0
#define USBIP_DIR_IN		1

#define USBIP_OP_REQ_DEVLIST	0x8005
#define USBIP_OP_REP_DEVLIST	0x0005
#define USBIP_OP_REQ_IMPORT	0x8003
#define USBIP_OP_REP_IMPORT	0x0003

#define USBIP_ST_OK		0
#define USBIP_ST_BUSY		2
#define USBIP_ST_NODEV		4
#define USBIP_ST_ERROR		5

/* USBIP_URB_* transfer flags (uapi linux/usbip.h; stable values). */
#define USBIP_URB_SHORT_NOT_OK	0x0001
#define USBIP_URB_ISO_ASAP	0x0002
#define USBIP_URB_ZERO_PACKET	0x0040
#define USBIP_URB_DIR_IN	0x0200

/* A 48-byte header in host order; which union member is valid is cmd. */
struct usbip_hdr {
	uint32_t cmd;
	uint32_t seqnum;
	uint32_t devid;
	uint32_t dir;
	uint32_t ep;
	union {
		struct {
			uint32_t flags;
			int32_t length;
			int32_t start_frame;
			int32_t np;
			int32_t interval;
			uint8_t setup[8];
		} submit;
		struct {
			int32_t status;
			int32_t actual;
			int32_t start_frame;
			int32_t np;
			int32_t error_count;
		} ret_submit;
		struct {
			uint32_t seqnum;
		} unlink;
		struct {
			int32_t status;
		} ret_unlink;
	} u;
};

struct usbip_iso_desc {
	uint32_t offset;
	uint32_t length;
	uint32_t actual;
	int32_t status;
};

void usbip_hdr_decode(struct usbip_hdr *h, const uint8_t *b);
void usbip_hdr_encode(uint8_t *b, const struct usbip_hdr *h);
void usbip_iso_decode(struct usbip_iso_desc *d, const uint8_t *b);
void usbip_iso_encode(uint8_t *b, const struct usbip_iso_desc *d);
void usbip_op_encode(uint8_t *b, uint16_t code, uint32_t status);
void usbip_udev_encode(uint8_t *b, const char *busid, int speed,
		       const uint8_t *dev_desc);
uint32_t usbip_get_be32(const uint8_t *b);
uint16_t usbip_get_be16(const uint8_t *b);
const char *usbip_cmd_name(uint32_t cmd);

/* ---- options (main.c) ---- */

enum td_mode {
	TD_MODE_LISTEN,
	TD_MODE_ATTACH,
	TD_MODE_FD,
	TD_MODE_USBREDIR,
};

struct td_fault_spec {
	int kind;			/* enum td_fault */
	uint8_t ep;			/* endpoint address, 0 if none */
	uint32_t arg;			/* N */
};

#define TD_MSOS_10	1	/* string 0xEE, requests 4 and 5 */
#define TD_MSOS_20	2	/* BOS platform capability, request 7 */

struct td_options {
	enum td_mode mode;
	int speed;			/* TD_SPEED_* */
	const char *serial;
	const char *busid;
	const char *listen_addr;	/* numeric IPv4 or IPv6 */
	int listen_port;
	int vhci_port;			/* -1: first free */
	int fd;				/* TD_MODE_FD */
	const char *redir_path;		/* TD_MODE_USBREDIR: socket to listen on */
	unsigned int isoch_maxp;
	unsigned int isoch_mult;		/* 1-3 */
	unsigned int isoch_burst;		/* SuperSpeed bMaxBurst 0-15 */
	unsigned int isoch_interval;	/* bInterval 1-16 */
	unsigned int delay_ms;
	bool paced;
	bool verbose;
	bool background;
	bool once;
	const char *pidfile;
	int bad_descriptors;		/* 0 none, else the variant */
	int msos_lie;			/* 0 none, else the variant */
	int msos;			/* TD_MSOS_* offered */
	char compat_id[TD_NUM_IFACES][9];	/* per function, "" none */
	int nfaults;
	struct td_fault_spec faults[TD_MAX_FAULT_SPECS];
};

/* ---- desc.c ---- */

struct td_blob {
	uint8_t *data;
	size_t len;
};

struct td_descs {
	struct td_blob device;
	struct td_blob config;
	struct td_blob bos;
	struct td_blob qualifier;	/* len 0 unless high speed */
	struct td_blob strings[TD_STR_IFACE_ISOCH + 1];
	struct td_blob ms_os_string;	/* string 0xEE */
	struct td_blob ms20_set;
	struct td_blob ms10_compat;
	struct td_blob ms10_props[TD_NUM_IFACES];
	struct td_blob device_alt;	/* desc-change: every other read */
	struct td_blob config_alt;
	uint16_t bulk_maxp;
	uint16_t isoch_wmaxp;		/* wMaxPacketSize as in the descriptor */
	uint32_t isoch_bytes;		/* bytes per service interval */
	uint8_t int_binterval;
};

int td_descs_build(struct td_descs *d, const struct td_options *opt);
const struct td_fault_spec *td_desc_fault(const struct td_options *opt,
					  int kind);
bool td_fault_is_descriptor(int kind);
const char *td_fault_name(int kind);
int td_fault_kind(const char *name);
int td_fault_check_ep(int kind, uint8_t addr);
void td_descs_free(struct td_descs *d);

/* ---- device.c, ep.c, ctrl.c ---- */

struct td_conn;
struct td_device;

struct td_urb {
	struct td_urb *next;
	uint32_t seqnum;
	uint32_t dir;
	uint32_t epnum;
	uint32_t flags;
	int32_t length;
	int32_t np;
	int32_t interval;
	uint8_t setup[8];
	uint8_t *buf;			/* OUT data; NULL for IN */
	struct usbip_iso_desc *isoch;	/* np entries, or NULL */
	uint64_t not_before;		/* ns: delay and pacing */
	uint32_t slot;			/* isoch: first slot scheduled */
	uint32_t done;			/* bulk OUT: bytes accepted so far */
	bool target;			/* EP 0: a request the EP 0 faults hit */
	bool unlink_held;		/* late: answer this unlink after it */
	uint32_t unlink_seq;
	int reply_status;		/* late control: the answer, kept */
	uint8_t *reply;
	uint32_t reply_len;
	uint64_t tag;			/* the transport's own id */
	int kind;			/* the transport's own request kind */
	bool immediate;			/* already on time: no delay, no pacing */
};

/* Per-endpoint state; see ep.c for the behaviours. */
struct td_ep {
	uint8_t addr;
	uint8_t type;			/* USB_ENDPOINT_XFER_* */
	uint16_t maxp;
	uint8_t iface;
	struct td_urb *head;
	struct td_urb *tail;
	bool halted;
	int fault;			/* enum td_fault */
	uint32_t fault_arg;
	uint32_t fault_count;		/* transfers/packets seen by the fault */
	bool slot_valid;
	uint32_t next_slot;		/* isoch: first free slot */
	uint32_t seq;			/* isoch IN: next sequence number */
	uint64_t next_tick;		/* interrupt: next report due (ns) */
	uint32_t reports;		/* interrupt: reports sent */
};

struct td_fifo {
	uint8_t *buf;
	size_t cap;
	size_t head;			/* next byte to read */
	size_t len;			/* bytes stored */
};

/*
 * A transport carries URBs between a host and the device model: USB/IP
 * (conn.c, with usbip.c, server.c, attach.c) or usbredir (usbredir.c).
 */
struct td_transport {
	const char *name;
	/* Send @urb's answer; td_complete() counted it and frees it. */
	void (*complete)(struct td_device *dev, struct td_urb *urb, int status,
			 const uint8_t *data, uint32_t actual,
			 int32_t start_frame, int error_count);
	/*
	 * Answer the unlink request @seqnum: @status -ECONNRESET when it took
	 * @urb out of its queue (freed after this), 0 when that had completed
	 * (@urb NULL).
	 */
	void (*unlinked)(struct td_device *dev, uint32_t seqnum,
			 struct td_urb *urb, int status);
};

extern const struct td_transport td_usbip_transport;
extern const struct td_transport td_usbredir_transport;

struct td_device {
	const struct td_options *opt;
	const struct td_transport *xport;
	struct td_descs desc;
	struct td_conn *conn;		/* where replies go */
	uint8_t config;
	uint8_t isoch_alt;
	bool remote_wakeup;
	struct td_ep ep[TD_EPI_COUNT];
	struct td_fifo fifo;
	uint8_t echo[TD_ECHO_MAX];
	size_t echo_len;
	uint32_t delay_ms;
	bool paced;
	uint64_t clock_base;		/* ns at attach: slot 0 */
	struct td_counters ctr;
	bool sink_synced;
	uint32_t sink_expect;
	long disconnect_after;		/* URBs still accepted; -1 never */
	bool want_disconnect;
	bool configured_once;
	int ep0_fault;			/* enum td_fault on TD_FAULT_EP0 */
	uint32_t ep0_fault_arg;
	uint32_t ep0_fault_count;
	struct td_urb *late_head;	/* late control URBs, by due time */
	uint32_t config_reads;		/* desc-change */
	uint32_t device_reads;
};

uint64_t td_now(void);
__attribute__((format(printf, 1, 2)))
void td_log(const char *fmt, ...);
extern bool td_verbose;

int td_device_init(struct td_device *dev, const struct td_options *opt);
void td_device_reset(struct td_device *dev);
void td_device_cleanup(struct td_device *dev);
void td_device_submit(struct td_device *dev, struct td_urb *urb);
void td_device_unlink(struct td_device *dev, uint32_t seqnum, uint32_t target);
struct td_urb *td_device_find_tag(struct td_device *dev, uint64_t tag);
int td_seq_game(struct td_device *dev, const struct td_urb *urb);
uint64_t td_device_run(struct td_device *dev);
void td_device_drop_urbs(struct td_device *dev);
void td_urb_free(struct td_urb *urb);
struct td_ep *td_device_ep(struct td_device *dev, uint8_t addr);
bool td_ep_active(const struct td_device *dev, const struct td_ep *ep);
int td_device_set_fault(struct td_device *dev, int kind, uint8_t addr,
			uint32_t arg);
void td_device_set_config(struct td_device *dev, uint8_t value);
void td_device_set_isoch_alt(struct td_device *dev, uint8_t alt);
uint32_t td_device_slot(const struct td_device *dev, uint64_t now);
uint32_t td_device_frame(const struct td_device *dev, uint64_t now);
void td_complete(struct td_device *dev, struct td_urb *urb, int status,
		 const uint8_t *data, uint32_t actual, int32_t start_frame,
		 int error_count);

/* ep.c: try to complete the URB at the head of @ep; true if it did. */
bool td_ep_service(struct td_device *dev, struct td_ep *ep, uint64_t now,
		   uint64_t *deadline);
void td_ep_schedule(struct td_device *dev, struct td_ep *ep,
		    struct td_urb *urb, uint64_t now);

/* ctrl.c */
void td_ctrl_handle(struct td_device *dev, struct td_urb *urb);
bool td_ctrl_run_late(struct td_device *dev, uint64_t now,
		      uint64_t *deadline);

/* ---- conn.c ---- */

enum td_conn_phase {
	TD_PHASE_OP,			/* before OP_REQ_IMPORT */
	TD_PHASE_URB,			/* the URB stream */
	TD_PHASE_CLOSING,		/* flush the output, then close */
};

struct td_conn {
	int fd;
	enum td_conn_phase phase;
	uint8_t *in;
	size_t in_len;
	size_t in_cap;
	uint8_t *out;
	size_t out_head;
	size_t out_len;			/* bytes from out_head */
	size_t out_cap;
	struct td_device *dev;		/* set in the URB phase */
	struct td_redir *redir;		/* usbredir: the parser and streams */
	bool dead;			/* EOF, error or corrupt input */
};

struct td_conn *td_conn_new(int fd, enum td_conn_phase phase);
void td_conn_free(struct td_conn *c);
int td_conn_queue(struct td_conn *c, const void *data, size_t len);
int td_conn_flush(struct td_conn *c);
int td_conn_read(struct td_conn *c);
void td_conn_consume(struct td_conn *c, size_t n);
int td_conn_process_urbs(struct td_conn *c);

/* server.c: handle one buffered op-phase request; false: need more. */
bool td_server_op(struct td_conn *c, struct td_device *dev, bool busy,
		  const struct td_options *opt);
int td_server_listen(const struct td_options *opt);

/* usbredir.c */
struct td_redir;
int td_redir_listen(const struct td_options *opt);
int td_redir_start(struct td_conn *c, struct td_device *dev);
void td_redir_input(struct td_conn *c);
bool td_redir_refill(struct td_conn *c);
void td_redir_output(struct td_conn *c);
void td_redir_free(struct td_conn *c);

/* attach.c */
int td_vhci_attach(const struct td_options *opt, int *port_out);

#endif /* TESTDEV_H */
