/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tracefs from a test or benchmark program (root, in the test guest): a
 * tracing instance of its own, so that nothing else's tracing is touched,
 * and the counts the benchmark reports, taken with hist triggers:
 *
 *  - kernel allocations, each attributed by its call chain (hist keyed on
 *    the stack trace of kmem:kmalloc and kmem:kmem_cache_alloc): made by
 *    the driver (a frame of winusb.ko or of usbfs, and no host-controller
 *    submit in between, so usb_alloc_urb() and kvmalloc() called by the
 *    driver count, the host controller's own per-URB memory does not), or
 *    by the host controller (under usb_hcd_submit_urb()) for either;
 *  - system calls of a set of threads (hist of raw_syscalls:sys_enter
 *    keyed on the thread id).
 *
 * Every function returns 0 (or a count) or a negative errno.
 */
#ifndef WINUSB_TRACEFS_H
#define WINUSB_TRACEFS_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#define TFS_ROOT "/sys/kernel/tracing"

struct tfs {
	char dir[256];		/* the instance */
};

static inline int tfs_write(const struct tfs *t, const char *rel,
			    const char *val)
{
	char path[512];
	int fd, ret = 0;

	snprintf(path, sizeof(path), "%s/%s", t->dir, rel);
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, val, strlen(val)) != (ssize_t)strlen(val))
		ret = -errno ? -errno : -EIO;
	close(fd);
	return ret;
}

/* Read @rel whole into a malloc()ed string (*@out); returns its length. */
static inline long tfs_read(const struct tfs *t, const char *rel, char **out)
{
	char path[512];
	size_t cap = 65536, len = 0;
	char *buf = malloc(cap);
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", t->dir, rel);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || !buf) {
		free(buf);
		if (fd >= 0)
			close(fd);
		return -errno;
	}
	while ((n = read(fd, buf + len, cap - len - 1)) > 0) {
		len += n;
		if (cap - len < 4096) {
			char *b = realloc(buf, cap * 2);

			if (!b)
				break;
			buf = b;
			cap *= 2;
		}
	}
	close(fd);
	buf[len] = 0;
	*out = buf;
	return len;
}

static inline bool tfs_exists(const struct tfs *t, const char *rel)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", t->dir, rel);
	return access(path, F_OK) == 0;
}

/* A fresh instance @name (an old one of that name is removed first). */
static inline int tfs_open(struct tfs *t, const char *name)
{
	if (access(TFS_ROOT "/instances", F_OK) &&
	    mount("tracefs", TFS_ROOT, "tracefs", 0, NULL) && errno != EBUSY)
		return -errno;
	snprintf(t->dir, sizeof(t->dir), TFS_ROOT "/instances/%s", name);
	rmdir(t->dir);
	if (mkdir(t->dir, 0700))
		return -errno;
	return 0;
}

static inline void tfs_close(struct tfs *t)
{
	tfs_write(t, "events/enable", "0");
	rmdir(t->dir);
}

/* The kmem events that carry a call site, as this kernel names them. */
static const char *const tfs_alloc_events[] = {
	"events/kmem/kmalloc", "events/kmem/kmem_cache_alloc",
	"events/kmem/kmalloc_node", "events/kmem/kmem_cache_alloc_node",
};

#define TFS_ALLOC_HIST "hist:keys=stacktrace:vals=hitcount:size=16384"

/* Start counting allocations (again from 0). */
static inline int tfs_alloc_start(struct tfs *t)
{
	char rel[128];
	unsigned int i, n = 0;

	for (i = 0; i < sizeof(tfs_alloc_events) / sizeof(tfs_alloc_events[0]); i++) {
		snprintf(rel, sizeof(rel), "%s/trigger", tfs_alloc_events[i]);
		if (!tfs_exists(t, rel))
			continue;
		tfs_write(t, rel, "!" TFS_ALLOC_HIST);
		if (tfs_write(t, rel, TFS_ALLOC_HIST))
			return -EIO;
		n++;
	}
	return n ? 0 : -ENOENT;
}

struct tfs_allocs {
	unsigned long long driver;	/* winusb.ko or usbfs, see above */
	unsigned long long hcd;		/* the host controller's, under submit */
	unsigned long long total;
};

/*
 * Is this stack the driver's?  winusb: a frame in [winusb]; usbfs: the
 * usbdev ioctl or its async completion in [usbcore].
 */
static inline bool tfs_stack_is_driver(const char *stack)
{
	return strstr(stack, "[winusb]") || strstr(stack, "usbdev_ioctl") ||
	       strstr(stack, "usbdev_do_ioctl") || strstr(stack, "proc_do_submiturb") ||
	       strstr(stack, "async_completed");
}

/* Sum the allocations counted since tfs_alloc_start(), and stop. */
static inline int tfs_alloc_stop(struct tfs *t, struct tfs_allocs *a)
{
	char rel[128];
	unsigned int i;

	memset(a, 0, sizeof(*a));
	for (i = 0; i < sizeof(tfs_alloc_events) / sizeof(tfs_alloc_events[0]); i++) {
		char *hist = NULL, *p, *end;

		snprintf(rel, sizeof(rel), "%s/hist", tfs_alloc_events[i]);
		if (!tfs_exists(t, rel) || tfs_read(t, rel, &hist) < 0)
			continue;
		/* "{ stacktrace:\n frames...\n} hitcount: N" per entry */
		for (p = hist; (p = strstr(p, "{ stacktrace:")); p = end) {
			unsigned long long hits;

			end = strstr(p, "} hitcount:");
			if (!end)
				break;
			*end = 0;
			hits = strtoull(end + strlen("} hitcount:"), NULL, 10);
			a->total += hits;
			if (strstr(p, "usb_hcd_submit_urb"))
				a->hcd += hits;
			else if (tfs_stack_is_driver(p))
				a->driver += hits;
			end++;
		}
		free(hist);
		snprintf(rel, sizeof(rel), "%s/trigger", tfs_alloc_events[i]);
		tfs_write(t, rel, "!" TFS_ALLOC_HIST);
	}
	return 0;
}

#define TFS_SYSCALL_HIST "hist:keys=common_pid:vals=hitcount:size=4096"

static inline int tfs_syscalls_start(struct tfs *t)
{
	tfs_write(t, "events/raw_syscalls/sys_enter/trigger",
		  "!" TFS_SYSCALL_HIST);
	return tfs_write(t, "events/raw_syscalls/sys_enter/trigger",
			 TFS_SYSCALL_HIST);
}

/*
 * System calls since tfs_syscalls_start() of the threads of process @pid
 * alive now (call it before threads end); stops counting.
 */
static inline long long tfs_syscalls_stop(struct tfs *t, pid_t pid)
{
	char path[64], *hist = NULL;
	long long sum = 0;
	struct dirent *d;
	DIR *dir;

	if (tfs_read(t, "events/raw_syscalls/sys_enter/hist", &hist) < 0)
		return -EIO;
	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	dir = opendir(path);
	while (dir && (d = readdir(dir))) {
		char key[300], *p;

		if (d->d_name[0] == '.')
			continue;
		/* "{ common_pid:       1234 } hitcount:         56" */
		for (p = hist; (p = strstr(p, "common_pid:")); p++) {
			char *q = p + strlen("common_pid:");

			while (*q == ' ')
				q++;
			snprintf(key, sizeof(key), "%s ", d->d_name);
			if (strncmp(q, key, strlen(key)))
				continue;
			q = strstr(q, "hitcount:");
			if (q)
				sum += strtoll(q + strlen("hitcount:"), NULL, 10);
			break;
		}
	}
	if (dir)
		closedir(dir);
	free(hist);
	tfs_write(t, "events/raw_syscalls/sys_enter/trigger",
		  "!" TFS_SYSCALL_HIST);
	return sum;
}

#endif /* WINUSB_TRACEFS_H */
