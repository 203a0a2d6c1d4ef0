/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Usbiodef.h - the spelling Windows programs use for <usbiodef.h>. */
#include "usbiodef.h"
