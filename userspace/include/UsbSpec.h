/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* UsbSpec.h - the spelling Windows programs use for <usbspec.h>. */
#include "usbspec.h"
