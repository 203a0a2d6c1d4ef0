// SPDX-License-Identifier: GPL-2.0
/*
 * winusb-list: the USB interfaces that are WinUSB's, as lsusb lists USB
 * devices (Documentation/driver.rst, "Listing WinUSB interfaces").
 *
 * Everything comes from sysfs and udev's database, nothing from the
 * devices, so any user may run it: the driver's attributes for interfaces
 * bound to winusb.ko, and for the others the properties that
 * 65-winusb-autobind.rules (winusb-msos) and the user's own rules left.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ME		"winusb-list"
#define MAX_GUIDS	16
#define GUID_LEN	38	/* {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX} */
#define STR_MAX		256

static const char usage_text[] =
"Usage: " ME " [-a] [-v | --json] [-d VID[:PID]] [-s INTERFACE]\n"
"\n"
"List the USB interfaces that are WinUSB's: bound to winusb.ko, or whose\n"
"Microsoft OS descriptors give their function the compatible ID WINUSB, or\n"
"declared for WinUSB by a udev rule (WINUSB_DEVICE_INTERFACE_GUIDS or\n"
"WINUSB_AUTOBIND=1).  One line per interface: its sysfs name (bus-port\n"
"path:configuration.interface), VID:PID, speed in Mb/s, the driver bound\n"
"(- for none), the MS OS descriptor version and compatible ID (- for\n"
"none), the device node, and the device interface GUIDs.\n"
"\n"
"Options:\n"
"  -a, --all          every USB interface, WinUSB's or not\n"
"  -d, --device VID[:PID]\n"
"                     only interfaces of devices with these ids (hex)\n"
"  -s, --interface NAME\n"
"                     only this interface (e.g. 1-1:1.0)\n"
"  -v, --verbose      a block per interface, adding the device's strings,\n"
"                     the interface's class and string, and the Windows\n"
"                     device paths (\\\\?\\usb#vid_..., what SetupDi returns)\n"
"      --json         a JSON array of objects with every field of -v\n"
"  -h, --help         this text\n"
"\n"
"The compatible ID and GUIDs of an interface that is not bound are known\n"
"only if udev asked the device when it was plugged in (winusb-msos, run by\n"
"65-winusb-autobind.rules for vendor- and application-specific interfaces).\n"
"\n"
"Exit status: 0; 1 if -d or -s matched nothing or sysfs cannot be read;\n"
"2 on bad usage.\n";

struct intf {
	char name[NAME_MAX + 1];	/* 1-1:1.0 */
	char dev[NAME_MAX + 1];		/* 1-1 */
	unsigned int vid, pid, ifnum, cls, subcls, proto, ninterfaces;
	char speed[16];
	char driver[NAME_MAX + 1];
	char manufacturer[STR_MAX], product[STR_MAX], serial[STR_MAX];
	char string[STR_MAX];		/* iInterface */
	char msos_version[8], compat_id[16];
	char node[PATH_MAX];
	bool declared;			/* by a rule: GUIDs or AUTOBIND=1 */
	bool autobind_off;
	int nguids;
	char guids[MAX_GUIDS][GUID_LEN + 1];
};

static const char *sysfs_usb = "/sys/bus/usb/devices";
static const char *udev_data = "/run/udev/data";

/* The first line of a sysfs attribute, "" if there is none. */
static void attr(const char *dir, const char *name, char *buf, size_t size)
{
	char path[PATH_MAX];
	FILE *f;

	buf[0] = '\0';
	snprintf(path, sizeof(path), "%s/%s/%s", sysfs_usb, dir, name);
	f = fopen(path, "re");
	if (!f)
		return;
	if (!fgets(buf, (int)size, f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
}

static unsigned int attr_hex(const char *dir, const char *name)
{
	char buf[32];

	attr(dir, name, buf, sizeof(buf));
	return (unsigned int)strtoul(buf, NULL, 16);
}

static void add_guid(struct intf *in, const char *g, size_t n)
{
	int i;

	if (n != GUID_LEN || g[0] != '{' || in->nguids == MAX_GUIDS)
		return;
	for (i = 0; i < in->nguids; i++)
		if (!strncasecmp(in->guids[i], g, n))
			return;
	memcpy(in->guids[in->nguids], g, n);
	in->guids[in->nguids++][n] = '\0';
}

/* GUIDs separated by blanks or newlines. */
static void add_guids(struct intf *in, const char *s)
{
	size_t n;

	for (;;) {
		s += strspn(s, " \t\n");
		n = strcspn(s, " \t\n");
		if (!n)
			return;
		add_guid(in, s, n);
		s += n;
	}
}

/*
 * udev's database entry of a usb device or interface ("E:KEY=value"
 * lines): c189:<minor> for a device, which has a node, +usb:<name> for an
 * interface.
 */
static void udev_props(struct intf *in, const char *name, bool interface)
{
	char path[PATH_MAX], line[1024], devt[32];
	FILE *f;

	attr(name, "dev", devt, sizeof(devt));
	if (devt[0])
		snprintf(path, sizeof(path), "%s/c%s", udev_data, devt);
	else
		snprintf(path, sizeof(path), "%s/+usb:%s", udev_data, name);
	f = fopen(path, "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		const char *v = strchr(line, '=');

		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "E:WINUSB_", 9) || !v++)
			continue;
		if (!strncmp(line, "E:WINUSB_DEVICE_INTERFACE_GUIDS=", 32)) {
			add_guids(in, v);
			in->declared = true;
		} else if (!strncmp(line, "E:WINUSB_AUTOBIND=", 18)) {
			if (!strcmp(v, "1"))
				in->declared = true;
			if (!strcmp(v, "0"))
				in->autobind_off = true;
		} else if (interface && !strncmp(line, "E:WINUSB_MSOS_VERSION=", 22)) {
			snprintf(in->msos_version, sizeof(in->msos_version), "%s", v);
		} else if (interface && !strncmp(line, "E:WINUSB_MSOS_COMPATIBLE_ID=", 28)) {
			snprintf(in->compat_id, sizeof(in->compat_id), "%s", v);
		} else if (interface && !strncmp(line, "E:WINUSB_MSOS_GUIDS=", 20)) {
			add_guids(in, v);
		}
	}
	fclose(f);
}

static bool is_winusbs(const struct intf *in)
{
	return !strcmp(in->driver, "winusb") ||
	       !strcmp(in->compat_id, "WINUSB") || in->declared;
}

/* winusb_interface_guids: one GUID a line */
static void read_guids(struct intf *in, const char *name)
{
	char path[PATH_MAX], buf[1024];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/winusb_interface_guids", sysfs_usb,
		 name);
	f = fopen(path, "re");
	if (!f)
		return;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	add_guids(in, buf);
}

static void load(struct intf *in, const char *name)
{
	char path[PATH_MAX], link[PATH_MAX], guids[1024];
	const char *slash;
	ssize_t n;

	memset(in, 0, sizeof(*in));
	snprintf(in->name, sizeof(in->name), "%s", name);
	snprintf(in->dev, sizeof(in->dev), "%.*s",
		 (int)strcspn(name, ":"), name);
	in->vid = attr_hex(in->dev, "idVendor");
	in->pid = attr_hex(in->dev, "idProduct");
	in->ninterfaces = (unsigned int)strtoul(
		(attr(in->dev, "bNumInterfaces", guids, sizeof(guids)), guids),
		NULL, 10);
	attr(in->dev, "speed", in->speed, sizeof(in->speed));
	attr(in->dev, "manufacturer", in->manufacturer, sizeof(in->manufacturer));
	attr(in->dev, "product", in->product, sizeof(in->product));
	attr(in->dev, "serial", in->serial, sizeof(in->serial));
	in->ifnum = attr_hex(name, "bInterfaceNumber");
	in->cls = attr_hex(name, "bInterfaceClass");
	in->subcls = attr_hex(name, "bInterfaceSubClass");
	in->proto = attr_hex(name, "bInterfaceProtocol");
	attr(name, "interface", in->string, sizeof(in->string));

	snprintf(path, sizeof(path), "%s/%s/driver", sysfs_usb, name);
	n = readlink(path, link, sizeof(link) - 1);
	if (n > 0) {
		link[n] = '\0';
		slash = strrchr(link, '/');
		slash = slash ? slash + 1 : link;
		if (strlen(slash) < sizeof(in->driver))
			strcpy(in->driver, slash);
	}

	if (!strcmp(in->driver, "winusb")) {
		/* bound: what the driver read when it bound the interface */
		attr(name, "winusb_msos_version", in->msos_version,
		     sizeof(in->msos_version));
		attr(name, "winusb_compatible_id", in->compat_id,
		     sizeof(in->compat_id));
		read_guids(in, name);
		snprintf(path, sizeof(path), "%s/%s/winusb/%s", sysfs_usb,
			 name, name);
		if (access(path, F_OK) == 0)
			snprintf(in->node, sizeof(in->node), "/dev/winusb/%s",
				 name);
		udev_props(in, name, false);
	} else {
		udev_props(in, name, true);
	}
	udev_props(in, in->dev, false);
}

/* "\\?\usb#vid_1209&pid_0001&mi_00#1-1:1.0#{guid}", as libwinusb's SetupDi */
static void devpath(const struct intf *in, int i, char *buf, size_t size)
{
	char mi[8] = "", g[GUID_LEN + 1];
	int k;

	if (in->ninterfaces > 1)
		snprintf(mi, sizeof(mi), "&mi_%02x", in->ifnum & 0xff);
	for (k = 0; k <= GUID_LEN; k++)
		g[k] = (char)(in->guids[i][k] >= 'A' && in->guids[i][k] <= 'F' ?
			      in->guids[i][k] + 32 : in->guids[i][k]);
	snprintf(buf, size, "\\\\?\\usb#vid_%04x&pid_%04x%s#%s#%s", in->vid,
		 in->pid, mi, in->name, g);
}

static const char *dash(const char *s)
{
	return *s ? s : "-";
}

static void print_line(const struct intf *in)
{
	int i;

	printf("%-12s %04x:%04x %5s %-8s %-3s %-8s %s", in->name, in->vid,
	       in->pid, dash(in->speed), dash(in->driver),
	       dash(in->msos_version), dash(in->compat_id), dash(in->node));
	for (i = 0; i < in->nguids; i++)
		printf(" %s", in->guids[i]);
	printf("\n");
}

static void print_block(const struct intf *in)
{
	char path[512];
	int i;

	printf("%s\n", in->name);
	printf("  device:         %04x:%04x %s %s\n", in->vid, in->pid,
	       dash(in->manufacturer), dash(in->product));
	printf("  serial:         %s\n", dash(in->serial));
	printf("  speed:          %s Mb/s\n", dash(in->speed));
	printf("  interface:      %u, class %02x/%02x/%02x %s\n", in->ifnum,
	       in->cls, in->subcls, in->proto, in->string);
	printf("  driver:         %s\n", dash(in->driver));
	printf("  MS OS:          %s%s%s\n", dash(in->msos_version),
	       in->compat_id[0] ? ", compatible ID " : "", in->compat_id);
	printf("  declared:       %s\n", in->autobind_off ?
	       "opted out (WINUSB_AUTOBIND=0)" : in->declared ?
	       "by a udev rule" : "-");
	printf("  node:           %s\n", dash(in->node));
	for (i = 0; i < in->nguids; i++) {
		printf("  GUID:           %s\n", in->guids[i]);
		if (in->node[0]) {
			devpath(in, i, path, sizeof(path));
			printf("  DevicePath:     %s\n", path);
		}
	}
	printf("\n");
}

/* A JSON string; with @key, a member. */
static void json_str(const char *key, const char *s, bool comma)
{
	if (key)
		printf("\"%s\": ", key);
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	printf("\"%s", comma ? ", " : "");
}

static void print_json(const struct intf *in, bool first)
{
	char path[512], num[16];
	int i;

	printf("%s\n  {", first ? "" : ",");
	json_str("interface", in->name, true);
	json_str("device", in->dev, true);
	snprintf(num, sizeof(num), "%04x", in->vid);
	json_str("vid", num, true);
	snprintf(num, sizeof(num), "%04x", in->pid);
	json_str("pid", num, true);
	json_str("manufacturer", in->manufacturer, true);
	json_str("product", in->product, true);
	json_str("serial", in->serial, true);
	json_str("speed", in->speed, true);
	printf("\"interface_number\": %u, \"class\": %u, \"subclass\": %u, \"protocol\": %u, ",
	       in->ifnum, in->cls, in->subcls, in->proto);
	json_str("interface_string", in->string, true);
	json_str("driver", in->driver, true);
	json_str("msos_version", in->msos_version, true);
	json_str("compatible_id", in->compat_id, true);
	printf("\"declared\": %s, \"autobind_off\": %s, ",
	       in->declared ? "true" : "false",
	       in->autobind_off ? "true" : "false");
	json_str("node", in->node, true);
	printf("\"guids\": [");
	for (i = 0; i < in->nguids; i++) {
		printf("%s", i ? ", " : "");
		printf("\"%s\"", in->guids[i]);
	}
	printf("], \"device_paths\": [");
	for (i = 0; in->node[0] && i < in->nguids; i++) {
		devpath(in, i, path, sizeof(path));
		printf("%s", i ? ", " : "");
		json_str(NULL, path, false);
	}
	printf("]}");
}

static int by_name(const void *a, const void *b)
{
	return strverscmp(*(char *const *)a, *(char *const *)b);
}

static void usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, ME ": ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, " (see " ME " --help)\n");
	exit(2);
}

int main(int argc, char **argv)
{
	enum { O_JSON = 256 };
	static const struct option longopts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "device", required_argument, NULL, 'd' },
		{ "interface", required_argument, NULL, 's' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "json", no_argument, NULL, O_JSON },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool all = false, verbose = false, json = false, filtered = false;
	long vid = -1, pid = -1;
	const char *only = NULL;
	char **names = NULL;
	size_t n = 0, i, listed = 0;
	struct dirent *e;
	struct intf in;
	DIR *d;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":ad:s:vh", longopts, NULL)) != -1) {
		char *end;

		switch (c) {
		case 'a':
			all = true;
			break;
		case 'd':
			vid = strtol(optarg, &end, 16);
			if (*end == ':')
				pid = strtol(end + 1, &end, 16);
			if (*end || vid < 0 || vid > 0xffff || pid > 0xffff ||
			    end == optarg)
				usage_error("-d: '%s' is not VID[:PID] in hex",
					    optarg);
			filtered = true;
			break;
		case 's':
			only = optarg;
			filtered = true;
			break;
		case 'v':
			verbose = true;
			break;
		case O_JSON:
			json = true;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		case ':':
			usage_error("option '%s' needs a value", argv[optind - 1]);
			break;
		default:
			usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		usage_error("unexpected argument '%s'", argv[optind]);
	if (json && verbose)
		usage_error("%s", "--json and -v exclude each other");

	d = opendir(sysfs_usb);
	if (!d) {
		fprintf(stderr, ME ": cannot read %s: %s\n", sysfs_usb,
			strerror(errno));
		return 1;
	}
	while ((e = readdir(d))) {
		if (!strchr(e->d_name, ':'))
			continue;
		names = realloc(names, (n + 1) * sizeof(*names));
		if (!names || !(names[n] = strdup(e->d_name))) {
			fprintf(stderr, ME ": out of memory\n");
			return 1;
		}
		n++;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), by_name);

	if (json)
		printf("[");
	else if (!verbose)
		printf("%-12s %-9s %5s %-8s %-3s %-8s %s\n", "INTERFACE", "ID",
		       "SPEED", "DRIVER", "MS", "COMPAT", "NODE GUIDS");
	for (i = 0; i < n; i++) {
		if (only && strcmp(names[i], only))
			continue;
		load(&in, names[i]);
		if (vid >= 0 && (in.vid != vid || (pid >= 0 && in.pid != pid)))
			continue;
		if (!all && !only && !is_winusbs(&in))
			continue;
		if (json)
			print_json(&in, !listed);
		else if (verbose)
			print_block(&in);
		else
			print_line(&in);
		listed++;
	}
	if (json)
		printf("%s]\n", listed ? "\n" : "");
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (filtered && !listed) {
		fprintf(stderr, ME ": no %s\n", only ? "such interface" :
			"interface of a device with these ids");
		return 1;
	}
	return 0;
}
