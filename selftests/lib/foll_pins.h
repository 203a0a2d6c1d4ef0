/* SPDX-License-Identifier: GPL-2.0 */
/*
 * foll_pins.h - count the pages pinned system-wide (libc only, so tests
 * built on <linux/winusb.h> and tests built on <winusb.h> can both use it).
 */
#ifndef FOLL_PINS_H
#define FOLL_PINS_H

#include <stdio.h>
#include <string.h>

/*
 * Pages pinned system-wide with FOLL_PIN and not yet unpinned
 * (nr_foll_pin_acquired - nr_foll_pin_released in /proc/vmstat), or -1.
 * The counters have per-CPU parts; writing vm.stat_refresh (root) folds
 * them in first, so that the difference is exact.
 */
static inline long long wu_foll_pins(void)
{
	long long acq = -1, rel = -1, v;
	char name[64];
	FILE *f = fopen("/proc/sys/vm/stat_refresh", "w");

	if (f) {
		fputs("1\n", f);
		fclose(f);
	}
	f = fopen("/proc/vmstat", "r");
	if (!f)
		return -1;
	while (fscanf(f, "%63s %lld", name, &v) == 2) {
		if (!strcmp(name, "nr_foll_pin_acquired"))
			acq = v;
		else if (!strcmp(name, "nr_foll_pin_released"))
			rel = v;
	}
	fclose(f);
	return acq < 0 || rel < 0 ? -1 : acq - rel;
}

#endif /* FOLL_PINS_H */
