/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Tchar.h - the spelling Windows programs use for <tchar.h>. */
#include "tchar.h"
