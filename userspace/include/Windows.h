/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Windows.h - the spelling Windows programs use for <windows.h>. */
#include "windows.h"
