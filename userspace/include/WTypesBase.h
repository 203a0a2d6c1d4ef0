/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* WTypesBase.h - the spelling Windows programs use for <wtypesbase.h>. */
#include "wtypesbase.h"
