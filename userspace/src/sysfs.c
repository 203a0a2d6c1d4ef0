// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sysfs.c - reading sysfs: attributes, and which USB interface a winusb
 * node belongs to.
 *
 * The roots are variables so that the unit tests can run the lookups on a
 * fake tree; the library itself never changes them.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "libwinusb.h"

const char *wu_sysfs_root = "/sys";
const char *wu_dev_root = "/dev";

int wu_sysfs_read(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd;

	if (size == 0)
		return -EINVAL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	do {
		n = read(fd, buf, size - 1);
	} while (n < 0 && errno == EINTR);
	if (n < 0) {
		n = -errno;
		close(fd);
		return (int)n;
	}
	close(fd);
	buf[n] = '\0';
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	return 0;
}

static int wu_sysfs_read_ul(const char *path, unsigned long *value, int base)
{
	char buf[32], *end;
	int ret;

	ret = wu_sysfs_read(path, buf, sizeof(buf));
	if (ret < 0)
		return ret;
	errno = 0;
	*value = strtoul(buf, &end, base);
	if (errno || end == buf || *end)
		return -EINVAL;
	return 0;
}

int wu_sysfs_read_hex(const char *path, unsigned long *value)
{
	return wu_sysfs_read_ul(path, value, 16);
}

int wu_sysfs_read_dec(const char *path, unsigned long *value)
{
	return wu_sysfs_read_ul(path, value, 10);
}

/**
 * wu_sysfs_interface_of_fd() - the USB interface behind a winusb node.
 * @fd: the open node.
 * @name: out: the interface's sysfs name, "1-1:1.0".
 * @name_size: size of @name.
 * @devdir: out: the nodes' directory relative to /dev, "winusb".
 * @devdir_size: size of @devdir.
 *
 * The driver names each node after its interface (DEVNAME=winusb/<name> in
 * the node's uevent), so the node's device number leads to the interface
 * name, and from it to every sibling interface's node.
 *
 * Return: 0, -ENOTTY (not a character device), -ENOENT (no uevent or no
 * DEVNAME), -ENAMETOOLONG.
 */
int wu_sysfs_interface_of_fd(int fd, char *name, size_t name_size,
			     char *devdir, size_t devdir_size)
{
	char path[256], uevent[1024];
	const char *devname = NULL, *slash;
	struct stat st;
	char *line, *save;
	size_t dirlen;
	int ret;

	if (fstat(fd, &st) < 0)
		return -errno;
	if (!S_ISCHR(st.st_mode))
		return -ENOTTY;
	snprintf(path, sizeof(path), "%s/dev/char/%u:%u/uevent", wu_sysfs_root,
		 major(st.st_rdev), minor(st.st_rdev));
	ret = wu_sysfs_read(path, uevent, sizeof(uevent));
	if (ret < 0)
		return ret;
	for (line = strtok_r(uevent, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "DEVNAME=", 8)) {
			devname = line + 8;
			break;
		}
	}
	if (!devname)
		return -ENOENT;

	slash = strrchr(devname, '/');
	dirlen = slash ? (size_t)(slash - devname) : 0;
	if (strlen(slash ? slash + 1 : devname) >= name_size ||
	    dirlen >= devdir_size)
		return -ENAMETOOLONG;
	strcpy(name, slash ? slash + 1 : devname);
	memcpy(devdir, devname, dirlen);
	devdir[dirlen] = '\0';
	return 0;
}

static int wu_name_cmp(const void *a, const void *b)
{
	return strverscmp(*(char *const *)a, *(char *const *)b);
}

int wu_sysfs_list_names(const char *dir, bool interfaces, char ***out)
{
	char **v = NULL, **nv;
	struct dirent *de;
	int n = 0, cap = 0;
	DIR *d;

	*out = NULL;
	d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(d))) {
		/* Interfaces are "<busid>:<config>.<ifnum>", devices "<busid>". */
		bool has_colon = strchr(de->d_name, ':') != NULL;

		if (has_colon != interfaces ||
		    !isdigit((unsigned char)de->d_name[0]) ||
		    strlen(de->d_name) >= WU_SYSFS_NAME_MAX)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			nv = realloc(v, (size_t)cap * sizeof(*v));
			if (!nv)
				goto out_nomem;
			v = nv;
		}
		v[n] = strdup(de->d_name);
		if (!v[n])
			goto out_nomem;
		n++;
	}
	closedir(d);
	if (n)
		qsort(v, (size_t)n, sizeof(*v), wu_name_cmp);
	*out = v;
	return n;

out_nomem:
	closedir(d);
	while (n--)
		free(v[n]);
	free(v);
	return -ENOMEM;
}
