// SPDX-License-Identifier: GPL-2.0
/*
 * winusb-msos: what a USB interface's Microsoft OS descriptors say, as
 * udev properties (udev/65-winusb-autobind.rules, Documentation/driver.rst
 * "Automatic binding").
 *
 * On Windows the USB hub driver reads these descriptors when a device is
 * plugged in, and an interface whose function has the compatible ID
 * "WINUSB" gets WinUSB.  On Linux this program does the reading for udev
 * (IMPORT{program}), so that a rule can bind winusb.ko from userspace: the
 * driver itself matches nothing, it never talks to a device it is not
 * asked to drive.  The requests and the order are winusb.ko's
 * (module/msos.c): the MS OS 2.0 descriptor set that the BOS points to,
 * else string 0xEE, the extended compat ID and the interface's extended
 * properties; the bytes are parsed by the module's own parsers
 * (module/msos_parse.c), which trust nothing.  Only requests with a device
 * or interface as recipient are sent, through usbfs, with no interface
 * claimed.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/usbdevice_fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "msos_user.h"
#include "../module/msos_parse.c"

#define ME		"winusb-msos"
#define TIMEOUT_MS	500		/* per request, as winusb.ko */
#define MSOS20_MAX	16384		/* as winusb.ko */
#define MSOS10_MAX	4096
#define DESC_MAX	65536

static const char usage_text[] =
"usage: " ME " [--sysfs DIR] INTERFACE\n"
"\n"
"Read the Microsoft OS descriptors of the USB device that INTERFACE belongs\n"
"to and print, as udev properties, what they say about INTERFACE's function:\n"
"\n"
"  WINUSB_MSOS_VERSION=2.0|1.0        which descriptors the device has\n"
"  WINUSB_MSOS_COMPATIBLE_ID=WINUSB   its compatible ID, if any\n"
"  WINUSB_MSOS_GUIDS={...} {...}      its DeviceInterfaceGUID(s), if any\n"
"\n"
"Nothing is printed for a device without them.  INTERFACE is a sysfs path\n"
"(/sys/bus/usb/devices/1-1:1.0, or /devices/... as udev's %p) or a name\n"
"(1-1:1.0).  Needs read-write access to /dev/bus/usb (root).  Meant for\n"
"udev rules:  IMPORT{program}=\"" ME " %p\"\n"
"\n"
"  --sysfs DIR   sysfs mount point (default /sys)\n"
"\n"
"Exit status: 0 when the device was asked (whatever it answered), 1 on an\n"
"error (no such interface, device node not accessible), 2 on bad usage.\n";

static const char *sysfs = "/sys";

static void die(const char *fmt, const char *arg)
{
	fprintf(stderr, ME ": ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	exit(1);
}

/* A whole sysfs file; NULL if it cannot be read. */
static u8 *read_file(const char *dir, const char *name, size_t max,
		     size_t *len)
{
	char path[PATH_MAX];
	ssize_t n;
	u8 *buf;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	buf = malloc(max + 1);
	*len = 0;
	while (buf && *len < max &&
	       (n = read(fd, buf + *len, max - *len)) > 0)
		*len += (size_t)n;
	close(fd);
	if (buf)
		buf[*len] = '\0';
	return buf;
}

static long read_num(const char *dir, const char *name, int base)
{
	size_t len;
	char *s = (char *)read_file(dir, name, 64, &len);
	char *end;
	long v;

	if (!s)
		return -1;
	errno = 0;
	v = strtol(s, &end, base);
	if (errno || end == s)
		v = -1;
	free(s);
	return v;
}

/* One control IN transfer: bytes received, or -errno. */
static int control_in(int fd, u8 type, u8 request, u16 value, u16 index,
		      void *buf, u16 len)
{
	struct usbdevfs_ctrltransfer ct = {
		.bRequestType = 0x80 | type,
		.bRequest = request,
		.wValue = value,
		.wIndex = index,
		.wLength = len,
		.timeout = TIMEOUT_MS,
		.data = buf,
	};
	int ret = ioctl(fd, USBDEVFS_CONTROL, &ct);

	return ret < 0 ? -errno : ret;
}

#define TYPE_STANDARD_DEVICE	0x00
#define TYPE_VENDOR_DEVICE	0x40
#define TYPE_VENDOR_INTERFACE	0x41

/*
 * Where the interface sits in the active configuration (the raw
 * descriptors of every configuration follow the device descriptor in
 * sysfs' "descriptors"): its function's first interface if an interface
 * association holds it, and whether it is the lowest interface number.
 */
static void find_where(const u8 *d, size_t len, long config_value,
		       struct winusb_msos_where *w)
{
	size_t off = 18, end, i;
	u8 index = 0;

	w->assoc_first = -1;
	w->first = true;
	for (; off + 9 <= len; off = end, index++) {
		end = off + winusb_msos_le16(d + off + 2);
		if (end > len || end < off + 9)
			end = len;
		if (d[off + 5] != config_value)
			continue;
		w->config_index = index;
		w->config_value = (u8)config_value;
		for (i = off + d[off]; d[off] && i + 2 <= end; i += d[i]) {
			if (!d[i] || i + d[i] > end)
				break;
			if (d[i + 1] == USB_DT_INTERFACE_ASSOCIATION &&
			    d[i] >= 4 && w->ifnum >= d[i + 2] &&
			    w->ifnum < d[i + 2] + d[i + 3])
				w->assoc_first = d[i + 2];
			if (d[i + 1] == USB_DT_INTERFACE && d[i] >= 3 &&
			    d[i + 2] < w->ifnum)
				w->first = false;
		}
		return;
	}
}

/* The BOS: sysfs' copy (Linux 6.9 and later), else asked of the device. */
static u8 *read_bos(const char *devdir, int fd, u16 bcd_usb, size_t *len)
{
	u8 head[5], *bos;
	int n;

	bos = read_file(devdir, "bos_descriptors", DESC_MAX, len);
	if (bos || bcd_usb < 0x0201)
		return bos;
	n = control_in(fd, TYPE_STANDARD_DEVICE, USB_REQ_GET_DESCRIPTOR,
		       USB_DT_BOS << 8, 0, head, sizeof(head));
	if (n < 5 || head[1] != USB_DT_BOS)
		return NULL;
	*len = winusb_msos_le16(head + 2);
	bos = *len >= 5 ? malloc(*len) : NULL;
	if (!bos)
		return NULL;
	n = control_in(fd, TYPE_STANDARD_DEVICE, USB_REQ_GET_DESCRIPTOR,
		       USB_DT_BOS << 8, 0, bos, (u16)*len);
	if (n < 5) {
		free(bos);
		return NULL;
	}
	*len = (size_t)n;
	return bos;
}

/* MS OS 2.0: the set the BOS points to.  Returns 2, or 0 if none. */
static int read_msos20(int fd, const u8 *bos, size_t bos_len,
		       const struct winusb_msos_where *w,
		       struct winusb_msos_ids *ids)
{
	u16 set_len;
	u8 code, *set;
	int n;

	if (!bos || !winusb_msos20_find(bos, bos_len, &code, &set_len))
		return 0;
	set_len = min_t(u16, set_len, MSOS20_MAX);
	set = malloc(set_len);
	if (!set)
		return 0;
	n = control_in(fd, TYPE_VENDOR_DEVICE, code, 0,
		       WINUSB_MSOS20_DESCRIPTOR_INDEX, set, set_len);
	if (n < 0 || !winusb_msos20_set_ok(set, (size_t)n)) {
		free(set);
		return 0;
	}
	winusb_msos20_parse(set, (size_t)n, w, ids);
	free(set);
	return 2;
}

/* MS OS 1.0: string 0xEE, compat ID, properties.  Returns 1, or 0. */
static int read_msos10(int fd, const struct winusb_msos_where *w,
		       struct winusb_msos_ids *ids)
{
	u8 *buf = malloc(MSOS10_MAX);
	u16 value = (u16)(w->ifnum << 8);
	u8 code;
	int n;

	if (!buf)
		return 0;
	n = control_in(fd, TYPE_STANDARD_DEVICE, USB_REQ_GET_DESCRIPTOR,
		       USB_DT_STRING << 8 | WINUSB_MSOS10_STRING_INDEX, 0, buf,
		       WINUSB_MSOS10_STRING_SIZE);
	if (n < 0 || !winusb_msos10_string_ok(buf, (size_t)n, &code)) {
		free(buf);
		return 0;
	}
	n = control_in(fd, TYPE_VENDOR_DEVICE, code, 0,
		       WINUSB_MSOS10_COMPAT_INDEX, buf, MSOS10_MAX);
	if (n >= 0 && winusb_msos10_compat_ok(buf, (size_t)n) &&
	    winusb_msos10_parse_compat(buf, (size_t)n, w, ids)) {
		n = control_in(fd, TYPE_VENDOR_INTERFACE, code, value,
			       WINUSB_MSOS10_PROPS_INDEX, buf, MSOS10_MAX);
		if (n == -EPIPE)
			n = control_in(fd, TYPE_VENDOR_DEVICE, code, value,
				       WINUSB_MSOS10_PROPS_INDEX, buf,
				       MSOS10_MAX);
		if (n >= 0 && winusb_msos10_props_ok(buf, (size_t)n))
			winusb_msos10_parse_props(buf, (size_t)n, ids);
	}
	free(buf);
	return 1;
}

int main(int argc, char **argv)
{
	char intfdir[PATH_MAX], devdir[PATH_MAX], node[64];
	struct winusb_msos_where w = { 0 };
	struct winusb_msos_ids ids = { 0 };
	const char *arg;
	size_t desc_len, bos_len = 0;
	u8 *desc, *bos;
	long busnum, devnum, ifnum, config;
	int fd, mode, version = 0;
	unsigned int i;
	char *slash;

	while (argc > 1 && argv[1][0] == '-') {
		if (!strcmp(argv[1], "--sysfs") && argc > 2) {
			sysfs = argv[2];
			argc -= 2;
			argv += 2;
		} else if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
			fputs(usage_text, stdout);
			return 0;
		} else {
			fputs(usage_text, stderr);
			return 2;
		}
	}
	if (argc != 2) {
		fputs(usage_text, stderr);
		return 2;
	}
	arg = argv[1];

	/* /sys/..., /devices/... (udev's %p) or a bare name */
	if (!strncmp(arg, sysfs, strlen(sysfs)) && arg[strlen(sysfs)] == '/')
		snprintf(intfdir, sizeof(intfdir), "%s", arg);
	else if (arg[0] == '/')
		snprintf(intfdir, sizeof(intfdir), "%s%s", sysfs, arg);
	else if (!strchr(arg, '/'))
		snprintf(intfdir, sizeof(intfdir), "%s/bus/usb/devices/%s",
			 sysfs, arg);
	else
		die("'%s' is not a USB interface", arg);
	ifnum = read_num(intfdir, "bInterfaceNumber", 16);
	if (ifnum < 0)
		die("'%s' is not a USB interface", arg);
	if (!realpath(intfdir, devdir))
		die("'%s': cannot resolve it", arg);
	slash = strrchr(devdir, '/');
	*slash = '\0';
	busnum = read_num(devdir, "busnum", 10);
	devnum = read_num(devdir, "devnum", 10);
	config = read_num(devdir, "bConfigurationValue", 10);
	desc = read_file(devdir, "descriptors", DESC_MAX, &desc_len);
	if (busnum < 0 || devnum < 0 || config < 0 || !desc || desc_len < 18)
		die("'%s': its USB device is gone", arg);
	w.ifnum = (u8)ifnum;
	find_where(desc, desc_len, config, &w);

	snprintf(node, sizeof(node), "/dev/bus/usb/%03ld/%03ld", busnum, devnum);
	fd = open(node, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		die("cannot open %s", node);

	/* winusb.ko's msos parameter, if it is loaded: 2 (default), 1, 0 */
	mode = (int)read_num("/sys/module/winusb/parameters", "msos", 10);
	if (mode < 0)
		mode = 2;
	bos = mode >= 2 ? read_bos(devdir, fd, winusb_msos_le16(desc + 2),
				   &bos_len) : NULL;
	if (mode >= 2)
		version = read_msos20(fd, bos, bos_len, &w, &ids);
	if (!version && mode >= 1)
		version = read_msos10(fd, &w, &ids);
	close(fd);
	free(bos);
	free(desc);

	if (version)
		printf("WINUSB_MSOS_VERSION=%d.0\n", version);
	if (ids.compatible_id[0])
		printf("WINUSB_MSOS_COMPATIBLE_ID=%s\n", ids.compatible_id);
	if (ids.nguids) {
		printf("WINUSB_MSOS_GUIDS=");
		for (i = 0; i < ids.nguids; i++)
			printf("%s%s", i ? " " : "", ids.guids[i]);
		printf("\n");
	}
	return 0;
}
