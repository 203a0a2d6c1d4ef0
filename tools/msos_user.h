/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What module/msos_parse.c needs of the kernel, in userspace: the parsers
 * of winusb.ko also run in winusb-msos (the udev helper) and in
 * selftests/msos/parse_test.c, so that all three read the bytes alike.
 * Include this, then "../module/msos_parse.c".
 */
#ifndef WINUSB_MSOS_USER_H
#define WINUSB_MSOS_USER_H

#include <ctype.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;

#define min_t(type, a, b) ((type)(a) < (type)(b) ? (type)(a) : (type)(b))

/* The kernel's uuid_is_valid(): "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" */
static inline bool uuid_is_valid(const char *s)
{
	int i;

	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return false;
		} else if (!isxdigit((unsigned char)s[i])) {
			return false;
		}
	}
	return true;
}

#endif /* WINUSB_MSOS_USER_H */
