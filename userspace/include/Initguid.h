/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Initguid.h - the spelling Windows programs use for <initguid.h>. */
#include "initguid.h"
