/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* InitGuid.h - the spelling Windows programs use for <initguid.h>. */
#include "initguid.h"
