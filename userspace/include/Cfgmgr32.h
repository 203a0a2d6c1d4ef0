/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Cfgmgr32.h - the spelling Windows programs use for <cfgmgr32.h>. */
#include "cfgmgr32.h"
