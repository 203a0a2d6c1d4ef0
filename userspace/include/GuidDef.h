/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* GuidDef.h - the spelling Windows programs use for <guiddef.h>. */
#include "guiddef.h"
