/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* TChar.h - the spelling Windows programs use for <tchar.h>. */
#include "tchar.h"
