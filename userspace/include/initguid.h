/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * initguid.h - make DEFINE_GUID define its GUIDs in this translation unit
 * (see <guiddef.h>).  Include it before the headers whose GUIDs the
 * program should define, as on Windows.
 */
#ifndef INITGUID
#define INITGUID
#endif
#include "guiddef.h"
