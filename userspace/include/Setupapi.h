/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Setupapi.h - the spelling Windows programs use for <setupapi.h>. */
#include "setupapi.h"
