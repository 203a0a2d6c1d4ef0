// SPDX-License-Identifier: GPL-2.0
/*
 * Plug the device straight into vhci_hcd, without TCP
 *
 * vhci_hcd takes "<port> <sockfd> <devid> <speed>" written to its attach
 * file and keeps a reference to the socket; it only wants a SOCK_STREAM
 * socket, so one end of an AF_UNIX socketpair will do.  Ports are listed in
 * status, status.1, ...: "hs" lines belong to the USB 2 root hub and "ss"
 * lines to the USB 3 one, and the hub is picked by the speed, so the port we
 * write must be a free one of the hub that matches the speed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "testdev.h"

#define VHCI_DIR	"/sys/devices/platform/vhci_hcd.0"
#define VDEV_ST_NULL	4	/* free port */

/*
 * Find port @want (or, if it is -1, the first free port) of the root hub for
 * @speed.  Return: the port, -ENOENT if there is none, -EBUSY if @want is
 * taken, -EINVAL if @want is on the other hub or does not exist.
 */
static int find_port(int speed, int want)
{
	const char *hub = speed == TD_SPEED_SUPER ? "ss" : "hs";
	bool seen_other = false;
	char path[128], line[256];
	int i;

	for (i = 0; ; i++) {
		FILE *f;

		if (i)
			snprintf(path, sizeof(path), VHCI_DIR "/status.%d", i);
		else
			snprintf(path, sizeof(path), VHCI_DIR "/status");
		f = fopen(path, "r");
		if (!f)
			break;
		while (fgets(line, sizeof(line), f)) {
			unsigned int port, sta;
			char h[4];

			if (sscanf(line, "%3s %u %u", h, &port, &sta) != 3)
				continue;
			if (want >= 0 && port != (unsigned int)want)
				continue;
			if (strcmp(h, hub)) {
				seen_other = true;
				continue;
			}
			fclose(f);
			if (sta == VDEV_ST_NULL)
				return (int)port;
			if (want >= 0)
				return -EBUSY;
		}
		fclose(f);
	}
	return want >= 0 && seen_other ? -EINVAL : -ENOENT;
}

/*
 * Attach through sysfs.  Return: our end of the socket pair, or -1 after
 * logging why not.  *@port_out gets the vhci port.
 */
int td_vhci_attach(const struct td_options *opt, int *port_out)
{
	unsigned int devid = 1u << 16 | 2;	/* bus 1, device 2 */
	int sv[2], fd, port, tries;
	char cmd[64];
	ssize_t n;

	if (access(VHCI_DIR "/attach", W_OK)) {
		td_log("cannot use " VHCI_DIR "/attach: %s (is vhci-hcd loaded? "
		       "modprobe vhci-hcd; are you root?)", strerror(errno));
		return -1;
	}
	for (tries = 0; tries < 8; tries++) {
		port = find_port(opt->speed, opt->vhci_port);
		if (port == -EBUSY) {
			td_log("vhci port %d is in use", opt->vhci_port);
			return -1;
		}
		if (port == -EINVAL) {
			td_log("vhci port %d is not a %s port", opt->vhci_port,
			       opt->speed == TD_SPEED_SUPER ? "SuperSpeed" :
			       "USB 2.0");
			return -1;
		}
		if (port < 0) {
			if (opt->vhci_port >= 0)
				td_log("vhci port %d does not exist", opt->vhci_port);
			else
				td_log("no free vhci port for this speed");
			return -1;
		}
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv)) {
			td_log("socketpair: %s", strerror(errno));
			return -1;
		}
		snprintf(cmd, sizeof(cmd), "%d %d %u %d", port, sv[1], devid,
			 opt->speed);
		fd = open(VHCI_DIR "/attach", O_WRONLY | O_CLOEXEC);
		if (fd < 0) {
			td_log("open " VHCI_DIR "/attach: %s", strerror(errno));
			goto out_close;
		}
		n = write(fd, cmd, strlen(cmd));
		if (n < 0 && errno == EBUSY && opt->vhci_port < 0) {
			/* someone took it between status and attach */
			close(fd);
			close(sv[0]);
			close(sv[1]);
			continue;
		}
		close(fd);
		if (n < 0) {
			td_log("attach \"%s\": %s", cmd, strerror(errno));
			goto out_close;
		}
		/* the kernel holds its own reference to its end */
		close(sv[1]);
		*port_out = port;
		return sv[0];
	}
	td_log("no free vhci port after %d tries", tries);
	return -1;

out_close:
	close(sv[0]);
	close(sv[1]);
	return -1;
}
