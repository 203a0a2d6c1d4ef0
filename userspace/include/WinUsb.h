/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* WinUsb.h - the spelling Windows programs use for <winusb.h>. */
#include "winusb.h"
