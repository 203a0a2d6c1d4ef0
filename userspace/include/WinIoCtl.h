/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* WinIoCtl.h - the spelling Windows programs use for <winioctl.h>. */
#include "winioctl.h"
