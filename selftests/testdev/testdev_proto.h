/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a test needs to know about winusb-testdev
 *
 * winusb-testdev is a USB/IP device emulator (see Documentation/testdev.rst).
 * This header is shared by the emulator and by the tests that drive it: the
 * identity of the device, its endpoints, the vendor control requests, the
 * layout of the structures those requests return, and the data patterns the
 * isochronous endpoints produce and expect.  libc only; safe to include from
 * C and C++.
 *
 * Every multi-byte value the device sends or expects in a data stage or in a
 * packet is little-endian.  The td_get_le*()/td_put_le*() helpers below are
 * the portable way to read and write them.
 */
#ifndef TESTDEV_PROTO_H
#define TESTDEV_PROTO_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Identity. */
#define TD_VID			0x1209	/* pid.codes */
#define TD_PID			0x0001	/* pid.codes test PID */
#define TD_BCD_DEVICE		0x0100
#define TD_BCD_USB_2		0x0210	/* full and high speed; >= 0x0201: BOS */
#define TD_BCD_USB_3		0x0320	/* SuperSpeed */
#define TD_MANUFACTURER		"winusb-linux"
#define TD_PRODUCT		"winusb test device"
#define TD_SERIAL_DEFAULT	"TD0001"
#define TD_CONFIG_VALUE		1

/* String descriptor indices. */
#define TD_STR_MANUFACTURER	1
#define TD_STR_PRODUCT		2
#define TD_STR_SERIAL		3
#define TD_STR_CONFIG		4
#define TD_STR_IFACE_LOOPBACK	5
#define TD_STR_IFACE_ISOCH	6
#define TD_STR_MS_OS		0xee

/* Interfaces and alternate settings. */
#define TD_IFACE_LOOPBACK	0	/* bulk loopback + interrupt counter */
#define TD_IFACE_ISOCH		1	/* isochronous source/sink */
#define TD_ISOCH_ALT_OFF		0	/* no endpoints */
#define TD_ISOCH_ALT_ON		1	/* TD_EP_ISOCH_IN + TD_EP_ISOCH_OUT */
#define TD_NUM_IFACES		2

/* Endpoint addresses. */
#define TD_EP_BULK_IN		0x81	/* loopback: returns what BULK_OUT got */
#define TD_EP_BULK_OUT		0x02
#define TD_EP_INT_IN		0x83	/* struct td_int_report, one per period */
#define TD_EP_ISOCH_IN		0x84	/* pattern source (td_isoch_fill()) */
#define TD_EP_ISOCH_OUT		0x05	/* pattern sink (td_isoch_check()) */

/*
 * Index of each endpoint in td_counters.ep[] (and the order the device keeps
 * them in); td_ep_index() maps an address to it.
 */
enum td_ep_index {
	TD_EPI_BULK_IN,
	TD_EPI_BULK_OUT,
	TD_EPI_INT_IN,
	TD_EPI_ISOCH_IN,
	TD_EPI_ISOCH_OUT,
	TD_EPI_COUNT
};

/* Bulk max packet size per speed; interrupt and isochronous defaults. */
#define TD_BULK_MAXP_FULL	64
#define TD_BULK_MAXP_HIGH	512
#define TD_BULK_MAXP_SUPER	1024
#define TD_INT_MAXP		8
#define TD_INT_PERIOD_US	1000	/* bInterval 1 (full) or 4 (high/super) */
#define TD_ISOCH_MAXP_FULL	192	/* --isoch-maxp default at full speed */
#define TD_ISOCH_MAXP_HIGH	1024	/* default at high and SuperSpeed */

/* The loopback FIFO: an OUT transfer waits (NAKs) while this is full. */
#define TD_LOOPBACK_FIFO_SIZE	(1u << 20)
/* ECHO_OUT keeps at most this many bytes. */
#define TD_ECHO_MAX		4096

/* Speeds, as USB/IP and the vhci attach file number them. */
#define TD_SPEED_FULL		2
#define TD_SPEED_HIGH		3
#define TD_SPEED_SUPER		5

/*
 * Vendor control requests.  bmRequestType: vendor type, recipient device
 * or interface (0x40/0x41 OUT, 0xc0/0xc1 IN); the device treats both the
 * same.  Where wIndex is an endpoint it is the full address (0x81, ...).
 * An invalid request (wrong direction, unknown endpoint, too much data)
 * stalls.
 *
 *  request            dir  wValue        wIndex    data stage
 *  ECHO_OUT           OUT  0             0         up to TD_ECHO_MAX bytes
 *  ECHO_IN            IN   0             0         the stored bytes
 *  GET_COUNTERS       IN   0             0         struct td_counters
 *  RESET_COUNTERS     OUT  0             0         none
 *  FORCE_STALL        OUT  0             endpoint  none
 *  SET_DELAY          OUT  milliseconds  0         none
 *  SET_FAULT          OUT  enum td_fault endpoint  none, or LE u32 N
 *  SET_PACED          OUT  0 off, 1 on   0         none
 *  GET_INFO           IN   0             0         struct td_info
 */
#define TD_REQ_ECHO_OUT		0x01
#define TD_REQ_ECHO_IN		0x02
#define TD_REQ_GET_COUNTERS	0x03
#define TD_REQ_RESET_COUNTERS	0x04
#define TD_REQ_FORCE_STALL	0x05
#define TD_REQ_SET_DELAY	0x06
#define TD_REQ_SET_FAULT	0x07
#define TD_REQ_SET_PACED	0x08
#define TD_REQ_GET_INFO		0x09

/*
 * Faults (SET_FAULT wValue, --fault KIND[:EP[:N]]).  N is the optional
 * argument; "every N-th" counts transfers on bulk/interrupt endpoints and
 * packets on isochronous ones, and N of 0 or 1 means every one.
 */
enum td_fault {
	TD_FAULT_NONE		= 0,	/* clear the endpoint's fault */
	TD_FAULT_STALL		= 1,	/* halt after N more good URBs */
	TD_FAULT_NAK		= 2,	/* URBs never complete until unlinked */
	TD_FAULT_SHORT		= 3,	/* IN only: every N-th is short */
	TD_FAULT_BABBLE		= 4,	/* IN only: every N-th -EOVERFLOW */
	TD_FAULT_DISCONNECT	= 5,	/* drop the link at the (N+1)-th URB */
	TD_FAULT_XDEV		= 6,	/* isoch only: every N-th packet -EXDEV */
	TD_FAULT_BAD_DESCRIPTORS = 7,	/* command line only, N = variant */
	/*
	 * The hostile-device catalogue (Documentation/testdev.rst, "Hostile
	 * devices").  Isochronous IN lies, on every URB of the endpoint; N is
	 * the index of the packet that lies (default 1) where one does.
	 */
	TD_FAULT_ISOCH_PILE	= 8,	/* every byte claimed by the last packet */
	TD_FAULT_ISOCH_PILE_LENGTH = 9,	/* ...and its length says so too */
	TD_FAULT_ISOCH_OVERLONG	= 10,	/* packet N: actual > length */
	TD_FAULT_ISOCH_LENGTH	= 11,	/* packet N: length field doubled */
	TD_FAULT_ISOCH_OFFSET	= 12,	/* packets N, N+1: offsets swapped */
	TD_FAULT_ISOCH_FEWER	= 13,	/* N (default 1) packets fewer returned */
	/* Any endpoint but the isoch ones; EP 0: the target requests below. */
	TD_FAULT_OVERRUN	= 14,	/* IN: N (default 1) bytes more than asked */
	TD_FAULT_STALL_ALWAYS	= 15,	/* every URB -EPIPE; clearing is ignored */
	TD_FAULT_HANGUP		= 16,	/* drop the link at the (N+1)-th URB */
	TD_FAULT_RET_UNKNOWN	= 17,	/* N-th completion: RET_SUBMIT of a
					   seqnum never sent goes first */
	TD_FAULT_RET_TWICE	= 18,	/* N-th completion is sent twice */
	TD_FAULT_UNLINK_LATE	= 19,	/* NAK; an unlinked URB gets RET_SUBMIT
					   and then RET_UNLINK -ECONNRESET */
	TD_FAULT_LATE		= 20,	/* answer after N ms (default 2000);
					   unlinks are answered after that */
	/* Descriptors: command line only (EP and N as documented). */
	TD_FAULT_MAXP_ZERO	= 21,	/* wMaxPacketSize 0 */
	TD_FAULT_MAXP_BIG	= 22,	/* wMaxPacketSize above the maximum */
	TD_FAULT_INTERVAL_ZERO	= 23,	/* bInterval 0 */
	TD_FAULT_INTERVAL_MAX	= 24,	/* bInterval 255 */
	TD_FAULT_NUM_EPS_MORE	= 25,	/* bNumEndpoints N more than present */
	TD_FAULT_NUM_EPS_FEWER	= 26,	/* bNumEndpoints N fewer */
	TD_FAULT_DUP_EP		= 27,	/* 0x83 takes the address EP (0x81) */
	TD_FAULT_TOTAL_SHORT	= 28,	/* wTotalLength N (7) bytes short */
	TD_FAULT_TOTAL_LONG	= 29,	/* wTotalLength N (64) bytes long */
	TD_FAULT_SS_BURST	= 30,	/* isoch companion bMaxBurst N (16) */
	TD_FAULT_SS_MULT	= 31,	/* isoch companion Mult N (3) */
	TD_FAULT_MSOS_LIE	= 32,	/* MS OS descriptors that lie, N 1-4 */
	TD_FAULT_STRING_ODD	= 33,	/* string descriptors of odd length */
	TD_FAULT_DESC_CHANGE	= 34,	/* descriptors change between reads */
	TD_FAULT_COUNT
};

/*
 * Control requests the EP 0 faults (overrun, stall-always, hangup, late)
 * apply to: ECHO_OUT, ECHO_IN, and, once the device is configured,
 * GET_DESCRIPTOR of the manufacturer string (the USB core reads it only
 * during enumeration, so later reads come from the driver under test).
 */
#define TD_FAULT_EP0		0x00

/* Microsoft OS descriptors. */
#define TD_MS_VENDOR_CODE	0x57	/* bMS_VendorCode, MS OS 1.0 and 2.0 */
#define TD_MS_OS_10_COMPAT_ID	0x0004	/* wIndex: extended compat ID */
#define TD_MS_OS_10_PROPERTIES	0x0005	/* wIndex: extended properties */
#define TD_MS_OS_20_DESCRIPTOR	0x0007	/* wIndex: MS OS 2.0 descriptor set */
#define TD_MS_OS_20_WIN_VERSION	0x06030000u	/* Windows 8.1 */

/* DeviceInterfaceGUIDs of each interface, as registry text and as fields. */
#define TD_GUID_IFACE0_STR	"{33C1508B-8D50-4159-B913-A814C4797149}"
#define TD_GUID_IFACE1_STR	"{B0493A1D-92A7-485F-82E2-19A175B73F4A}"

struct td_guid {
	uint32_t data1;
	uint16_t data2;
	uint16_t data3;
	uint8_t data4[8];
};

#define TD_GUID_IFACE0 { 0x33c1508b, 0x8d50, 0x4159, \
	{ 0xb9, 0x13, 0xa8, 0x14, 0xc4, 0x79, 0x71, 0x49 } }
#define TD_GUID_IFACE1 { 0xb0493a1d, 0x92a7, 0x485f, \
	{ 0x82, 0xe2, 0x19, 0xa1, 0x75, 0xb7, 0x3f, 0x4a } }

/* Little-endian access. */
static inline uint16_t td_get_le16(const void *p)
{
	const uint8_t *b = p;

	return (uint16_t)(b[0] | b[1] << 8);
}

static inline uint32_t td_get_le32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	       (uint32_t)b[3] << 24;
}

static inline uint64_t td_get_le64(const void *p)
{
	const uint8_t *b = p;

	return (uint64_t)td_get_le32(b) | (uint64_t)td_get_le32(b + 4) << 32;
}

static inline void td_put_le16(void *p, uint16_t v)
{
	uint8_t *b = p;

	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
}

static inline void td_put_le32(void *p, uint32_t v)
{
	uint8_t *b = p;

	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
	b[2] = (uint8_t)(v >> 16);
	b[3] = (uint8_t)(v >> 24);
}

static inline void td_put_le64(void *p, uint64_t v)
{
	td_put_le32(p, (uint32_t)v);
	td_put_le32((uint8_t *)p + 4, (uint32_t)(v >> 32));
}

static inline int td_ep_index(uint8_t addr)
{
	switch (addr) {
	case TD_EP_BULK_IN:	return TD_EPI_BULK_IN;
	case TD_EP_BULK_OUT:	return TD_EPI_BULK_OUT;
	case TD_EP_INT_IN:	return TD_EPI_INT_IN;
	case TD_EP_ISOCH_IN:	return TD_EPI_ISOCH_IN;
	case TD_EP_ISOCH_OUT:	return TD_EPI_ISOCH_OUT;
	}
	return -1;
}

/*
 * GET_COUNTERS reply: TD_COUNTERS_SIZE bytes, little-endian, no padding (the
 * struct below is that layout on a little-endian host; td_counters_decode()
 * reads it on any host).  Counters start at zero on every attach and on
 * RESET_COUNTERS.
 *
 * Per endpoint (td_ep_counters, index enum td_ep_index):
 *  bytes    data bytes moved by completed URBs (IN: sent, OUT: accepted)
 *  urbs     URBs completed (any status; unlinked ones are not counted)
 *  packets  bulk/interrupt: wire packets (ceil(bytes / maxp), 1 for a
 *           zero-length transfer, 1 more for the zero-length packet that
 *           URB_ZERO_PACKET adds to an OUT transfer of a non-zero multiple
 *           of maxp); isochronous: packets with status 0
 *  errors   URBs completed with a non-zero status plus isochronous packets
 *           completed with a non-zero status
 *
 * The isochronous sink (TD_EP_ISOCH_OUT) also judges what it receives:
 *  sink_packets  non-empty packets checked
 *  sink_errors   packets shorter than TD_ISOCH_HDR_LEN (and not empty) or
 *                with a payload byte that breaks the pattern
 *  sink_gaps     packets whose sequence number is not the previous + 1
 *  sink_zlps     zero-length packets (not errors)
 */
struct td_ep_counters {
	uint64_t bytes;
	uint32_t urbs;
	uint32_t packets;
	uint32_t errors;
	uint32_t reserved;		/* 0 */
};

struct td_counters {
	uint32_t size;			/* TD_COUNTERS_SIZE */
	uint32_t version;		/* TD_PROTO_VERSION */
	uint32_t urbs_received;		/* CMD_SUBMIT, all endpoints incl. 0 */
	uint32_t unlinks_received;	/* CMD_UNLINK */
	uint32_t unlinks_pending;	/* ...answered -ECONNRESET */
	uint32_t fifo_level;		/* bytes waiting in the loopback FIFO */
	struct td_ep_counters ep[TD_EPI_COUNT];
	uint32_t sink_packets;
	uint32_t sink_errors;
	uint32_t sink_gaps;
	uint32_t sink_zlps;
};

#define TD_PROTO_VERSION	1
#define TD_COUNTERS_SIZE	(24 + 24 * TD_EPI_COUNT + 16)

static inline void td_counters_decode(struct td_counters *c, const uint8_t *b)
{
	int i;

	c->size = td_get_le32(b);
	c->version = td_get_le32(b + 4);
	c->urbs_received = td_get_le32(b + 8);
	c->unlinks_received = td_get_le32(b + 12);
	c->unlinks_pending = td_get_le32(b + 16);
	c->fifo_level = td_get_le32(b + 20);
	for (i = 0; i < TD_EPI_COUNT; i++) {
		const uint8_t *e = b + 24 + 24 * i;

		c->ep[i].bytes = td_get_le64(e);
		c->ep[i].urbs = td_get_le32(e + 8);
		c->ep[i].packets = td_get_le32(e + 12);
		c->ep[i].errors = td_get_le32(e + 16);
		c->ep[i].reserved = td_get_le32(e + 20);
	}
	b += 24 + 24 * TD_EPI_COUNT;
	c->sink_packets = td_get_le32(b);
	c->sink_errors = td_get_le32(b + 4);
	c->sink_gaps = td_get_le32(b + 8);
	c->sink_zlps = td_get_le32(b + 12);
}

static inline void td_counters_encode(uint8_t *b, const struct td_counters *c)
{
	int i;

	td_put_le32(b, TD_COUNTERS_SIZE);
	td_put_le32(b + 4, TD_PROTO_VERSION);
	td_put_le32(b + 8, c->urbs_received);
	td_put_le32(b + 12, c->unlinks_received);
	td_put_le32(b + 16, c->unlinks_pending);
	td_put_le32(b + 20, c->fifo_level);
	for (i = 0; i < TD_EPI_COUNT; i++) {
		uint8_t *e = b + 24 + 24 * i;

		td_put_le64(e, c->ep[i].bytes);
		td_put_le32(e + 8, c->ep[i].urbs);
		td_put_le32(e + 12, c->ep[i].packets);
		td_put_le32(e + 16, c->ep[i].errors);
		td_put_le32(e + 20, 0);
	}
	b += 24 + 24 * TD_EPI_COUNT;
	td_put_le32(b, c->sink_packets);
	td_put_le32(b + 4, c->sink_errors);
	td_put_le32(b + 8, c->sink_gaps);
	td_put_le32(b + 12, c->sink_zlps);
}

/*
 * GET_INFO reply: TD_INFO_SIZE bytes, little-endian.
 *
 *  0  u32 size            TD_INFO_SIZE
 *  4  u32 version         TD_PROTO_VERSION
 *  8  u8  speed           TD_SPEED_*
 *  9  u8  paced           1 when isochronous URBs complete on the bus clock
 * 10  u8  configuration   0 or TD_CONFIG_VALUE
 * 11  u8  isoch_alt         current alternate setting of TD_IFACE_ISOCH
 * 12  u16 isoch_maxp        wMaxPacketSize bits 10:0 of both isoch endpoints
 * 14  u8  isoch_mult        1-3: transactions per (micro)frame (HS) or Mult+1 (SS)
 * 15  u8  isoch_burst       SuperSpeed bMaxBurst (0 otherwise)
 * 16  u8  isoch_interval    bInterval of both isoch endpoints
 * 17  u8  transport       TD_TRANSPORT_*: how the host reaches the device
 * 18  u8  reserved[2]
 * 20  u32 delay_ms        SET_DELAY value
 * 24  u32 frame           current bus frame (1 ms units) since attach
 * 28  u32 slot            current service slot: the frame at full speed,
 *                         the microframe (125 us) at high and SuperSpeed
 * 32  u64 clock_ns        CLOCK_MONOTONIC of the device at this reply
 */
#define TD_INFO_SIZE		40

/*
 * GET_INFO transport.  Over usbredir, isochronous IN passes through QEMU's
 * buffer, which answers empty packets when it runs dry and drops packets
 * when it overflows (Documentation/testdev.rst).
 */
#define TD_TRANSPORT_USBIP	0
#define TD_TRANSPORT_USBREDIR	1

struct td_info {
	uint32_t size;
	uint32_t version;
	uint8_t speed;
	uint8_t paced;
	uint8_t configuration;
	uint8_t isoch_alt;
	uint16_t isoch_maxp;
	uint8_t isoch_mult;
	uint8_t isoch_burst;
	uint8_t isoch_interval;
	uint8_t transport;
	uint8_t reserved[2];
	uint32_t delay_ms;
	uint32_t frame;
	uint32_t slot;
	uint64_t clock_ns;
};

static inline void td_info_decode(struct td_info *inf, const uint8_t *b)
{
	int i;

	inf->size = td_get_le32(b);
	inf->version = td_get_le32(b + 4);
	inf->speed = b[8];
	inf->paced = b[9];
	inf->configuration = b[10];
	inf->isoch_alt = b[11];
	inf->isoch_maxp = td_get_le16(b + 12);
	inf->isoch_mult = b[14];
	inf->isoch_burst = b[15];
	inf->isoch_interval = b[16];
	inf->transport = b[17];
	for (i = 0; i < 2; i++)
		inf->reserved[i] = b[18 + i];
	inf->delay_ms = td_get_le32(b + 20);
	inf->frame = td_get_le32(b + 24);
	inf->slot = td_get_le32(b + 28);
	inf->clock_ns = td_get_le64(b + 32);
}

/* Microframes (125 us) per slot at a speed: 8 at full speed, else 1. */
static inline unsigned int td_slot_uframes(int speed)
{
	return speed == TD_SPEED_FULL ? 8 : 1;
}

/* Interrupt IN report: LE u32 running count of reports sent, LE u32 0. */
#define TD_INT_REPORT_LEN	8

static inline uint32_t td_int_report_count(const uint8_t *report)
{
	return td_get_le32(report);
}

/*
 * Isochronous packet format (TD_EP_ISOCH_IN produces it, TD_EP_ISOCH_OUT
 * checks it):
 *
 *  bytes 0-3  LE u32 sequence number: 0 for the first packet after
 *             SET_INTERFACE(TD_IFACE_ISOCH, TD_ISOCH_ALT_ON), +1 per packet
 *  bytes 4-7  LE u32 slot the packet was scheduled in (IN only; the sink
 *             ignores it): frame at full speed, microframe at high and
 *             SuperSpeed, counted from attach (see td_info.slot)
 *  byte i>=8  (seq + i) & 0xff
 *
 * A packet shorter than TD_ISOCH_HDR_LEN carries the first bytes of that
 * layout.
 */
#define TD_ISOCH_HDR_LEN		8

static inline uint8_t td_isoch_byte(uint32_t seq, uint32_t i)
{
	return (uint8_t)(seq + i);
}

static inline uint32_t td_isoch_seq(const uint8_t *pkt)
{
	return td_get_le32(pkt);
}

static inline uint32_t td_isoch_slot(const uint8_t *pkt)
{
	return td_get_le32(pkt + 4);
}

/*
 * The payload bytes of a packet form a ramp: byte i is (seq + i) & 0xff.
 * td_isoch_ramp(v) points at TD_ISOCH_RAMP_LEN bytes counting up from v, so
 * that filling and checking are one memcpy() or memcmp() each: the test
 * device and the stream tests run under emulation, where a byte loop
 * costs more than the bus time it checks.
 */
#define TD_ISOCH_RAMP_LEN		(64u * 1024)

static inline const uint8_t *td_isoch_ramp(uint8_t v)
{
	static uint8_t ramp[TD_ISOCH_RAMP_LEN + 256];
	static int ready;
	uint32_t k;

	if (!ready) {
		for (k = 0; k < sizeof(ramp); k++)
			ramp[k] = (uint8_t)k;
		ready = 1;
	}
	return ramp + v;
}

/* Fill one packet of @len bytes at @pkt. */
static inline void td_isoch_fill(uint8_t *pkt, uint32_t len, uint32_t seq,
			       uint32_t slot)
{
	uint8_t hdr[TD_ISOCH_HDR_LEN];
	uint32_t i;

	td_put_le32(hdr, seq);
	td_put_le32(hdr + 4, slot);
	for (i = 0; i < len && i < TD_ISOCH_HDR_LEN; i++)
		pkt[i] = hdr[i];
	for (; i < len; ) {
		uint32_t n = len - i < TD_ISOCH_RAMP_LEN ? len - i : TD_ISOCH_RAMP_LEN;

		memcpy(pkt + i, td_isoch_ramp(td_isoch_byte(seq, i)), n);
		i += n;
	}
}

/*
 * Check the payload of a packet of @len >= TD_ISOCH_HDR_LEN bytes against its
 * own sequence number.  Return: -1 when it is good, else the offset of the
 * first wrong byte.
 */
static inline long td_isoch_check(const uint8_t *pkt, uint32_t len)
{
	uint32_t seq, i, n;

	if (len < TD_ISOCH_HDR_LEN)
		return len ? 0 : -1;
	seq = td_isoch_seq(pkt);
	for (i = TD_ISOCH_HDR_LEN; i < len; i += n) {
		n = len - i < TD_ISOCH_RAMP_LEN ? len - i : TD_ISOCH_RAMP_LEN;
		if (memcmp(pkt + i, td_isoch_ramp(td_isoch_byte(seq, i)), n))
			break;
	}
	if (i >= len)
		return -1;
	/* Slow path, only for a bad packet: find the first wrong byte. */
	for (; i < len; i++)
		if (pkt[i] != td_isoch_byte(seq, i))
			return (long)i;
	return -1;
}

#endif /* TESTDEV_PROTO_H */
