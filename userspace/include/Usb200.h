/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Usb200.h - the spelling Windows programs use for <usb200.h>. */
#include "usb200.h"
