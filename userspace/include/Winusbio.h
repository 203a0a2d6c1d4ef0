/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Winusbio.h - the spelling Windows programs use for <winusbio.h>. */
#include "winusbio.h"
