/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* USB.h - the spelling Windows programs use for <usb.h>. */
#include "usb.h"
