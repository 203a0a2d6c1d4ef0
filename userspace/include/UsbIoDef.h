/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* UsbIoDef.h - the spelling Windows programs use for <usbiodef.h>. */
#include "usbiodef.h"
