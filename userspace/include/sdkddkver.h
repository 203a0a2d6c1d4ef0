/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sdkddkver.h - the spelling Windows programs use for <SDKDDKVer.h>. */
#include "SDKDDKVer.h"
