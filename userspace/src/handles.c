// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * handles.c - the process's handle table.
 *
 * A HANDLE (or WINUSB_INTERFACE_HANDLE, WINUSB_ISOCH_BUFFER_HANDLE) is not
 * a pointer: it encodes a slot of this table and the slot's generation, so
 * that a NULL, closed, stale or made-up value is recognised without being
 * dereferenced and the call fails with ERROR_INVALID_HANDLE instead of
 * crashing.  Encoding (64-bit):
 *
 *     bits 62..32  generation of the slot (1 .. 2^31-1, bumped on reuse)
 *     bits 31..4   slot index + 1
 *     bits  3..0   zero (bit 0 is free for the OVERLAPPED.hEvent trick)
 *
 * so no handle is ever NULL, INVALID_HANDLE_VALUE ((void *)-1) or another
 * negative pseudo-handle, nor a small integer such as a file descriptor.
 * Each object also carries a magic number and its type, checked on every
 * lookup.
 *
 * Objects are reference counted: the table holds one reference while the
 * handle is open, every lookup takes one for the caller, so an object closed
 * by one thread while another uses it lives until the user is done.
 */
#include <errno.h>
#include <stdlib.h>

#include "libwinusb.h"

#if UINTPTR_MAX > 0xffffffffu
#define WU_GEN_SHIFT 32
#define WU_GEN_MASK 0x7fffffffu
#define WU_SLOT_MAX (1u << 27)
#else
#define WU_GEN_SHIFT 24
#define WU_GEN_MASK 0x7fu
#define WU_SLOT_MAX ((1u << 20) - 1)
#endif
#define WU_SLOT_SHIFT 4

/**
 * struct wu_slot - one table entry.
 * @obj: the object, or NULL if the slot is free.
 * @gen: generation; part of the handle value.
 * @next_free: next free slot index + 1 (0: end), while free.
 */
struct wu_slot {
	struct wu_object *obj;
	uint32_t gen;
	uint32_t next_free;
};

/* wu_table_lock protects the table; nothing else is taken under it. */
static pthread_mutex_t wu_table_lock = PTHREAD_MUTEX_INITIALIZER;
static struct wu_slot *wu_slots;
static uint32_t wu_nslots;
static uint32_t wu_free_head;	/* index + 1 of the first free slot, 0: none */

void wu_object_init(struct wu_object *obj, enum wu_type type,
		    void (*release)(struct wu_object *obj))
{
	obj->magic = WU_OBJECT_MAGIC;
	obj->type = type;
	atomic_init(&obj->refs, 1);
	obj->release = release;
}

void wu_object_get(struct wu_object *obj)
{
	atomic_fetch_add_explicit(&obj->refs, 1, memory_order_relaxed);
}

void wu_object_put(struct wu_object *obj)
{
	if (!obj)
		return;
	if (atomic_fetch_sub_explicit(&obj->refs, 1, memory_order_acq_rel) != 1)
		return;
	obj->magic = 0;
	obj->release(obj);
}

static HANDLE wu_handle_encode(uint32_t index, uint32_t gen)
{
	uintptr_t v = ((uintptr_t)gen << WU_GEN_SHIFT) |
		      ((uintptr_t)(index + 1) << WU_SLOT_SHIFT);

	return (HANDLE)v;
}

/* Decode @h; returns the slot index or -1 (caller holds wu_table_lock). */
static long wu_handle_decode(HANDLE h)
{
	uintptr_t v = (uintptr_t)h;
	uint32_t gen, index;

	if (v & ((1u << WU_SLOT_SHIFT) - 1))
		return -1;
	gen = (uint32_t)(v >> WU_GEN_SHIFT);
	index = (uint32_t)((v & (((uintptr_t)1 << WU_GEN_SHIFT) - 1)) >>
			   WU_SLOT_SHIFT);
	if (index == 0 || index > wu_nslots)
		return -1;
	index--;
	if (!wu_slots[index].obj || wu_slots[index].gen != gen)
		return -1;
	return index;
}

static int wu_table_grow(void)
{
	uint32_t n = wu_nslots ? wu_nslots * 2 : 64;
	struct wu_slot *slots;
	uint32_t i;

	if (n > WU_SLOT_MAX)
		n = WU_SLOT_MAX;
	if (n <= wu_nslots)
		return -EMFILE;
	slots = realloc(wu_slots, n * sizeof(*slots));
	if (!slots)
		return -ENOMEM;
	for (i = wu_nslots; i < n; i++) {
		slots[i].obj = NULL;
		slots[i].gen = 1;
		slots[i].next_free = (i + 1 < n) ? i + 2 : wu_free_head;
	}
	wu_free_head = wu_nslots + 1;
	wu_slots = slots;
	wu_nslots = n;
	return 0;
}

/**
 * wu_handle_open() - give an object a handle.
 * @obj: the object; the table takes its own reference.
 *
 * Return: the handle, or NULL (out of memory or slots; errno-free: the
 * caller reports ERROR_NOT_ENOUGH_MEMORY).
 */
HANDLE wu_handle_open(struct wu_object *obj)
{
	struct wu_slot *slot;
	uint32_t index;
	HANDLE h;

	pthread_mutex_lock(&wu_table_lock);
	if (!wu_free_head && wu_table_grow() < 0) {
		pthread_mutex_unlock(&wu_table_lock);
		return NULL;
	}
	index = wu_free_head - 1;
	slot = &wu_slots[index];
	wu_free_head = slot->next_free;
	slot->obj = obj;
	wu_object_get(obj);
	h = wu_handle_encode(index, slot->gen);
	pthread_mutex_unlock(&wu_table_lock);
	return h;
}

/**
 * wu_handle_get() - look up a handle.
 * @h: the handle value, as the program passed it.
 * @type_mask: WU_TYPE_BIT() of each acceptable type.
 *
 * Return: the object with a new reference (drop it with wu_object_put()),
 * or NULL if @h is not an open handle of an acceptable type.
 */
struct wu_object *wu_handle_get(HANDLE h, unsigned int type_mask)
{
	struct wu_object *obj = NULL;
	long index;

	pthread_mutex_lock(&wu_table_lock);
	index = wu_handle_decode(h);
	if (index >= 0) {
		obj = wu_slots[index].obj;
		if (obj->magic != WU_OBJECT_MAGIC ||
		    !(type_mask & WU_TYPE_BIT(obj->type)))
			obj = NULL;
		else
			wu_object_get(obj);
	}
	pthread_mutex_unlock(&wu_table_lock);
	return obj;
}

/**
 * wu_handle_close() - close a handle.
 * @h: the handle.
 * @type_mask: acceptable types.
 *
 * The handle value becomes invalid at once; the object lives on while
 * references remain.
 *
 * Return: the object, carrying the table's reference, which the caller
 * drops after any type-specific closing work; NULL if @h is not open.
 */
struct wu_object *wu_handle_close(HANDLE h, unsigned int type_mask)
{
	struct wu_object *obj = NULL;
	struct wu_slot *slot;
	long index;

	pthread_mutex_lock(&wu_table_lock);
	index = wu_handle_decode(h);
	if (index >= 0) {
		slot = &wu_slots[index];
		if (slot->obj->magic == WU_OBJECT_MAGIC &&
		    (type_mask & WU_TYPE_BIT(slot->obj->type))) {
			obj = slot->obj;
			slot->obj = NULL;
			slot->gen = (slot->gen & WU_GEN_MASK) + 1;
			if (slot->gen > WU_GEN_MASK)
				slot->gen = 1;
			slot->next_free = wu_free_head;
			wu_free_head = (uint32_t)index + 1;
		}
	}
	pthread_mutex_unlock(&wu_table_lock);
	return obj;
}

/* CloseHandle(): events and device files; see winusb_win32.h. */
BOOL WINAPI CloseHandle(HANDLE hObject)
{
	struct wu_object *obj;

	obj = wu_handle_close(hObject, WU_TYPE_BIT(WU_TYPE_EVENT) |
					       WU_TYPE_BIT(WU_TYPE_FILE));
	if (!obj)
		return wu_fail(ERROR_INVALID_HANDLE);
	wu_object_put(obj);
	return TRUE;
}
