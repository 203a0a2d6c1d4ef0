/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Usb100.h - the spelling Windows programs use for <usb100.h>. */
#include "usb100.h"
