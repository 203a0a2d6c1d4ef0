/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fuzz_common.h - helpers shared by the stress tests of selftests/fuzz/: a
 * seeded generator, the module's debugfs counters, the nodes of the test
 * device, the guest-side helper (run.sh --helper) and a probe of the
 * memory the module has charged to open files.  Include after
 * kselftest_harness.h and winusb_util.h.
 */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include <dirent.h>
#include <glob.h>
#include <stdarg.h>
#include <sys/wait.h>

#include "testdev_proto.h"

/* splitmix64: small, fast, and every seed gives a good sequence. */
static inline uint64_t fz_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Uniform in 0 .. n - 1 (n > 0). */
static inline uint32_t fz_below(uint64_t *s, uint32_t n)
{
	return (uint32_t)(fz_next(s) % n);
}

/* True with probability pct / 100. */
static inline int fz_pct(uint64_t *s, unsigned int pct)
{
	return fz_below(s, 100) < pct;
}

static inline uint64_t fz_env_u64(const char *name, uint64_t def)
{
	const char *v = getenv(name);

	return v && *v ? strtoull(v, NULL, 0) : def;
}

/* The seed: $name if set, else from the clock; printed by the caller. */
static inline uint64_t fz_seed(const char *name)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return fz_env_u64(name, ((uint64_t)ts.tv_sec << 20) ^
				(uint64_t)ts.tv_nsec ^ (uint64_t)getpid());
}

/* A number from /sys/kernel/debug/winusb/isoch ("pinned pages: N"), or -1. */
static inline long fz_debugfs_value(const char *key)
{
	char line[512];
	size_t klen = strlen(key);
	long v = -1;
	FILE *f = fopen("/sys/kernel/debug/winusb/isoch", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, klen) && line[klen] == ':') {
			v = strtol(line + klen + 1, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

/* Handles not yet released, all paths ("vmap: registered N live M"). */
static inline long fz_debugfs_live(void)
{
	char line[512], path[32];
	unsigned long long reg;
	unsigned int live;
	long n = 0;
	FILE *f = fopen("/sys/kernel/debug/winusb/isoch", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%31[a-z]: registered %llu live %u", path,
			   &reg, &live) == 3)
			n += live;
	fclose(f);
	return n;
}

/*
 * The node of interface @intf (0 or 1) of the test device, whatever its
 * bus id: 0 and the path in @buf, or -ENOENT.
 */
static inline int fz_node(int intf, char *buf, size_t size)
{
	char pat[32];
	glob_t g;
	int ret = -ENOENT;

	snprintf(pat, sizeof(pat), "/dev/winusb/*:1.%d", intf);
	if (glob(pat, 0, NULL, &g))
		return -ENOENT;
	if (g.gl_pathc) {
		snprintf(buf, size, "%s", g.gl_pathv[0]);
		ret = 0;
	}
	globfree(&g);
	return ret;
}

/*
 * Run the guest helper ($FUZZ_HELPER --helper ACTION, i.e. run.sh): bind,
 * unbind, unplug, plug, replug, ensure.  Return: its exit status, or -1.
 */
static inline int fz_helper(const char *action)
{
	const char *helper = getenv("FUZZ_HELPER");
	char cmd[512];
	int st;

	if (!helper || !*helper)
		return -1;
	snprintf(cmd, sizeof(cmd), "%s --helper %s >/dev/null 2>&1", helper,
		 action);
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static inline int fz_write_param(const char *name, const char *val)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/module/winusb/parameters/%s", name);
	return wu_write_file(path, val);
}

/*
 * The module's charged memory, seen from outside.  The module keeps a
 * module-wide total of what open files hold (request.c, winusb_mem_total)
 * and refuses a charge that would take it over max_total_mb; it does not
 * export the total.  With max_total_mb at 1 and no per-file limit, fill
 * the 1 MiB with unreaped 4096-byte control writes (each charges its
 * structure, its URB and a 4096-byte kernel buffer), then find the longest
 * control write that still fits (the kernel buffer is the length, so this
 * is exact to the byte).  The pair (count, longest) depends only on how
 * much was charged before: equal pairs before and after a test mean equal
 * totals.  Needs every other file of the module closed (their charges
 * would count) and the test device's ECHO_OUT request.
 *
 * Return: count * 8192 + longest + 1 (a number that changes with the
 * total), or a negative errno.
 */
static inline long fz_charge_probe(void)
{
	static uint8_t buf[4096];
	char node[64], old_total[32] = "1024", old_file[32] = "256";
	uint8_t setup[8];
	uint64_t id = 0;
	long count = 0, lo = -1, hi = 4096, ret;
	int fd;

	if (fz_node(0, node, sizeof(node)))
		return -ENOENT;
	wu_read_file("/sys/module/winusb/parameters/max_total_mb", old_total,
		     sizeof(old_total));
	wu_read_file("/sys/module/winusb/parameters/max_file_mb", old_file,
		     sizeof(old_file));
	fd = open(node, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	fz_write_param("max_file_mb", "0");
	fz_write_param("max_total_mb", "1");
	wu_setup(setup, 0x40, TD_REQ_ECHO_OUT, 0, 0, sizeof(buf));
	for (;;) {
		ret = wu_submit(fd, WINUSB_XFER_CONTROL, 0, buf, sizeof(buf),
				setup, 0, 0, NULL);
		if (ret)
			break;
		if (++count > 4096)
			break;
	}
	if (ret != -ENOMEM) {
		ret = ret ? ret : -EIO;
		goto out;
	}
	/* Largest length in [0, 4096) that fits: lo fits, hi does not. */
	while (hi - lo > 1) {
		long mid = (lo + hi) / 2;
		struct winusb_completion rec;

		wu_setup(setup, 0x40, TD_REQ_ECHO_OUT, 0, 0, (uint16_t)mid);
		ret = wu_submit(fd, WINUSB_XFER_CONTROL, 0, buf, (uint32_t)mid,
				setup, 0, 0, &id);
		if (ret == -ENOMEM) {
			hi = mid;
			continue;
		}
		if (ret)
			goto out;
		lo = mid;
		/* Reaping gives the charge back. */
		ret = wu_reap_id(fd, id, 10000, &rec);
		if (ret != 1) {
			ret = ret < 0 ? ret : -EIO;
			goto out;
		}
	}
	ret = count * 8192 + lo + 1;
out:
	close(fd);
	fz_write_param("max_total_mb", old_total);
	fz_write_param("max_file_mb", old_file);
	return ret;
}

#endif /* FUZZ_COMMON_H */
