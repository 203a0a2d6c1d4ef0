/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* StrSafe.h - the spelling Windows programs use for <strsafe.h>. */
#include "strsafe.h"
