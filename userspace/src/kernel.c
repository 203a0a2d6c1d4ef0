// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kernel.c - the winusb driver's ioctls (<linux/winusb.h>), one small typed
 * function each.  This is the only file that includes the ABI header: every
 * structure is zeroed (reserved members and unknown flags must be 0), its
 * size set, and the call retried if a signal interrupts it.
 *
 * Each function returns 0 (wu_k_reap: a record count) or a
 * negative errno.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/ioctl.h>

#include <linux/winusb.h>

#include "libwinusb.h"

/* The library's pipe-type values are the ABI's (and USBD_PIPE_TYPE's). */
_Static_assert((int)WINUSB_XFER_CONTROL == (int)UsbdPipeTypeControl, "pipe type");
_Static_assert((int)WINUSB_XFER_ISOCH == (int)UsbdPipeTypeIsochronous, "pipe type");
_Static_assert((int)WINUSB_XFER_BULK == (int)UsbdPipeTypeBulk, "pipe type");
_Static_assert((int)WINUSB_XFER_INTERRUPT == (int)UsbdPipeTypeInterrupt, "pipe type");
/* Policy numbers are Microsoft's on both sides. */
_Static_assert(WINUSB_POLICY_SHORT_PACKET_TERMINATE == SHORT_PACKET_TERMINATE, "policy");
_Static_assert(WINUSB_POLICY_AUTO_CLEAR_STALL == AUTO_CLEAR_STALL, "policy");
_Static_assert(WINUSB_POLICY_PIPE_TRANSFER_TIMEOUT == PIPE_TRANSFER_TIMEOUT, "policy");
_Static_assert(WINUSB_POLICY_IGNORE_SHORT_PACKETS == IGNORE_SHORT_PACKETS, "policy");
_Static_assert(WINUSB_POLICY_ALLOW_PARTIAL_READS == ALLOW_PARTIAL_READS, "policy");
_Static_assert(WINUSB_POLICY_AUTO_FLUSH == AUTO_FLUSH, "policy");
_Static_assert(WINUSB_POLICY_RAW_IO == RAW_IO, "policy");
_Static_assert(WINUSB_POLICY_MAXIMUM_TRANSFER_SIZE == MAXIMUM_TRANSFER_SIZE, "policy");
_Static_assert(WINUSB_POLICY_RESET_PIPE_ON_RESUME == RESET_PIPE_ON_RESUME, "policy");
_Static_assert(WINUSB_POWER_AUTO_SUSPEND == AUTO_SUSPEND, "policy");
_Static_assert(WINUSB_POWER_SUSPEND_DELAY == SUSPEND_DELAY, "policy");
_Static_assert((int)WINUSB_ISOCH_PATH_VMAP == (int)WinUsbLinuxIsochPathVmap, "path");
_Static_assert((int)WINUSB_ISOCH_PATH_BOUNCE == (int)WinUsbLinuxIsochPathBounce, "path");
_Static_assert((int)WINUSB_ISOCH_PATH_DMA == (int)WinUsbLinuxIsochPathDma, "path");

static int wu_ioctl(int fd, unsigned long cmd, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, cmd, arg);
	} while (ret < 0 && errno == EINTR);
	return ret < 0 ? -errno : ret;
}

int wu_k_get_info(int fd, struct wu_k_info *info)
{
	struct winusb_info k = { .size = sizeof(k) };
	int ret;

	ret = wu_ioctl(fd, WINUSB_IOCTL_GET_INFO, &k);
	if (ret < 0)
		return ret;
	info->capabilities = k.out_capabilities;
	info->abi_version = k.out_abi_version;
	info->speed = k.out_speed;
	info->interface_number = k.out_interface_number;
	info->num_altsettings = k.out_num_altsettings;
	info->cur_altsetting = k.out_cur_altsetting;
	info->disconnected = k.out_disconnected != 0;
	info->vendor_id = k.out_vendor_id;
	info->product_id = k.out_product_id;
	info->busnum = k.out_busnum;
	info->devnum = k.out_devnum;
	info->max_transfer_size = k.out_max_transfer_size;
	return 0;
}

int wu_k_get_descriptor(int fd, uint8_t type, uint8_t index, uint16_t lang,
			void *buf, uint32_t len, uint32_t *out_len,
			uint32_t *out_total)
{
	struct winusb_get_descriptor k = {
		.size = sizeof(k),
		.type = type,
		.index = index,
		.language_id = lang,
		.length = len,
		.data_uptr = (uintptr_t)buf,
	};
	int ret;

	ret = wu_ioctl(fd, WINUSB_IOCTL_GET_DESCRIPTOR, &k);
	if (ret < 0)
		return ret;
	if (out_len)
		*out_len = k.out_length;
	if (out_total)
		*out_total = k.out_total_length;
	return 0;
}

int wu_k_query_pipe(int fd, uint8_t alt, uint8_t index, struct wu_k_pipe *pipe)
{
	struct winusb_query_pipe k = {
		.size = sizeof(k),
		.alt_setting = alt,
		.pipe_index = index,
	};
	int ret;

	ret = wu_ioctl(fd, WINUSB_IOCTL_QUERY_PIPE, &k);
	if (ret < 0)
		return ret;
	pipe->endpoint = k.out_endpoint;
	pipe->type = k.out_type;
	pipe->max_packet_size = k.out_max_packet_size;
	pipe->interval = k.out_interval;
	pipe->max_bytes_per_interval = k.out_max_bytes_per_interval;
	return 0;
}

int wu_k_get_altsetting(int fd, uint8_t *alt)
{
	struct winusb_altsetting k = { .size = sizeof(k) };
	int ret;

	ret = wu_ioctl(fd, WINUSB_IOCTL_GET_ALTSETTING, &k);
	if (ret < 0)
		return ret;
	*alt = (uint8_t)k.alt_setting;
	return 0;
}

int wu_k_set_altsetting(int fd, uint8_t alt)
{
	struct winusb_altsetting k = { .size = sizeof(k), .alt_setting = alt };

	return wu_ioctl(fd, WINUSB_IOCTL_SET_ALTSETTING, &k);
}

int wu_k_submit(int fd, const struct wu_k_transfer *x, uint64_t *id)
{
	struct winusb_submit k = {
		.size = sizeof(k),
		.type = x->type,
		.endpoint = x->endpoint,
		.length = x->length,
		.data_uptr = (uintptr_t)x->data,
		.cookie = x->cookie,
	};
	int ret;

	if (x->type == WINUSB_XFER_CONTROL)
		memcpy(k.setup, x->setup, sizeof(k.setup));
	ret = wu_ioctl(fd, WINUSB_IOCTL_SUBMIT, &k);
	if (ret < 0)
		return ret;
	*id = k.out_id;
	return 0;
}

#define WU_REAP_BATCH 64

int wu_k_reap(int fd, struct wu_k_completion *c, unsigned int count,
	      int timeout_ms)
{
	struct winusb_completion rec[WU_REAP_BATCH];
	struct winusb_reap k = {
		.size = sizeof(k),
		.record_size = sizeof(rec[0]),
		.records_uptr = (uintptr_t)rec,
	};
	int ret, i;

	if (timeout_ms < 0)
		k.flags = WINUSB_REAP_NONBLOCK;
	else
		k.timeout_ms = (uint32_t)timeout_ms;
	if (count > WU_REAP_BATCH)
		count = WU_REAP_BATCH;
	k.count = count;
	ret = wu_ioctl(fd, WINUSB_IOCTL_REAP, &k);
	if (ret < 0)
		return ret;
	for (i = 0; i < ret; i++) {
		c[i].id = rec[i].id;
		c[i].cookie = rec[i].cookie;
		c[i].status = rec[i].status;
		c[i].actual_length = rec[i].actual_length;
		c[i].start_frame = rec[i].start_frame;
		c[i].error_count = rec[i].error_count;
	}
	return ret;
}

int wu_k_cancel(int fd, uint64_t id)
{
	struct winusb_cancel k = { .size = sizeof(k), .id = id };

	return wu_ioctl(fd, WINUSB_IOCTL_CANCEL, &k);
}

static int wu_k_pipe_op(int fd, unsigned long cmd, uint8_t ep)
{
	struct winusb_pipe_cmd k = { .size = sizeof(k), .endpoint = ep };

	return wu_ioctl(fd, cmd, &k);
}

int wu_k_abort_pipe(int fd, uint8_t ep)
{
	return wu_k_pipe_op(fd, WINUSB_IOCTL_ABORT_PIPE, ep);
}

int wu_k_reset_pipe(int fd, uint8_t ep)
{
	return wu_k_pipe_op(fd, WINUSB_IOCTL_RESET_PIPE, ep);
}

int wu_k_flush_pipe(int fd, uint8_t ep)
{
	return wu_k_pipe_op(fd, WINUSB_IOCTL_FLUSH_PIPE, ep);
}

int wu_k_get_pipe_policy(int fd, uint8_t ep, uint32_t policy, uint64_t *value,
			 uint32_t *size)
{
	struct winusb_pipe_policy k = {
		.size = sizeof(k),
		.endpoint = ep,
		.policy = policy,
	};
	int ret;

	ret = wu_ioctl(fd, WINUSB_IOCTL_GET_PIPE_POLICY, &k);
	if (ret < 0)
		return ret;
	*value = k.value;
	*size = k.value_size;
	return 0;
}

int wu_k_set_pipe_policy(int fd, uint8_t ep, uint32_t policy, uint64_t value,
			 uint32_t size)
{
	struct winusb_pipe_policy k = {
		.size = sizeof(k),
		.endpoint = ep,
		.policy = policy,
		.value_size = size,
		.value = value,
	};

	return wu_ioctl(fd, WINUSB_IOCTL_SET_PIPE_POLICY, &k);
}

/* Microsoft's defaults, from the one place the driver takes them from. */
static const struct {
	uint32_t policy;
	uint32_t size;
	uint64_t value;
} wu_k_pipe_defaults[] = {
	{ WINUSB_POLICY_SHORT_PACKET_TERMINATE, 1,
	  WINUSB_DEFAULT_SHORT_PACKET_TERMINATE },
	{ WINUSB_POLICY_AUTO_CLEAR_STALL, 1, WINUSB_DEFAULT_AUTO_CLEAR_STALL },
	{ WINUSB_POLICY_PIPE_TRANSFER_TIMEOUT, 4, WINUSB_DEFAULT_PIPE_TIMEOUT },
	{ WINUSB_POLICY_IGNORE_SHORT_PACKETS, 1,
	  WINUSB_DEFAULT_IGNORE_SHORT_PACKETS },
	{ WINUSB_POLICY_ALLOW_PARTIAL_READS, 1,
	  WINUSB_DEFAULT_ALLOW_PARTIAL_READS },
	{ WINUSB_POLICY_AUTO_FLUSH, 1, WINUSB_DEFAULT_AUTO_FLUSH },
	{ WINUSB_POLICY_RAW_IO, 1, WINUSB_DEFAULT_RAW_IO },
	{ WINUSB_POLICY_RESET_PIPE_ON_RESUME, 1,
	  WINUSB_DEFAULT_RESET_PIPE_ON_RESUME },
};

void wu_k_default_pipe_policies(int fd, uint8_t ep)
{
	unsigned int i;

	if (!ep) {
		wu_k_set_pipe_policy(fd, 0, WINUSB_POLICY_PIPE_TRANSFER_TIMEOUT,
				     WINUSB_DEFAULT_CONTROL_TIMEOUT, 4);
		return;
	}
	for (i = 0; i < WU_ARRAY_SIZE(wu_k_pipe_defaults); i++)
		wu_k_set_pipe_policy(fd, ep, wu_k_pipe_defaults[i].policy,
				     wu_k_pipe_defaults[i].value,
				     wu_k_pipe_defaults[i].size);
}

int wu_k_get_power_policy(int fd, uint32_t policy, uint64_t *value,
			  uint32_t *size)
{
	struct winusb_power_policy k = { .size = sizeof(k), .policy = policy };
	int ret;

	ret = wu_ioctl(fd, WINUSB_IOCTL_GET_POWER_POLICY, &k);
	if (ret < 0)
		return ret;
	*value = k.value;
	*size = k.value_size;
	return 0;
}

int wu_k_set_power_policy(int fd, uint32_t policy, uint64_t value,
			  uint32_t size)
{
	struct winusb_power_policy k = {
		.size = sizeof(k),
		.policy = policy,
		.value_size = size,
		.value = value,
	};

	return wu_ioctl(fd, WINUSB_IOCTL_SET_POWER_POLICY, &k);
}

int wu_k_get_frame(int fd, uint32_t *frame, uint64_t *time_ns)
{
	struct wu_k_frame fr;
	int ret;

	ret = wu_k_get_frame_ex(fd, &fr);
	if (ret < 0)
		return ret;
	*frame = fr.frame;
	*time_ns = fr.time_ns;
	return 0;
}

int wu_k_get_frame_ex(int fd, struct wu_k_frame *fr)
{
	struct winusb_frame k = { .size = sizeof(k) };
	int ret;

	ret = wu_ioctl(fd, WINUSB_IOCTL_GET_FRAME, &k);
	if (ret < 0)
		return ret;
	fr->frame = k.out_frame;
	fr->microframe = k.out_microframe;
	fr->time_ns = k.out_time_ns;
	fr->synthetic = (k.out_flags & WINUSB_FRAME_SYNTHETIC) != 0;
	return 0;
}

/* The driver writes packet results straight into struct wu_k_isoch_packet. */
_Static_assert(sizeof(struct winusb_isoch_packet) ==
	       sizeof(struct wu_k_isoch_packet), "isoch packet");
_Static_assert(offsetof(struct winusb_isoch_packet, offset) ==
	       offsetof(struct wu_k_isoch_packet, offset), "isoch packet");
_Static_assert(offsetof(struct winusb_isoch_packet, length) ==
	       offsetof(struct wu_k_isoch_packet, length), "isoch packet");
_Static_assert(offsetof(struct winusb_isoch_packet, status) ==
	       offsetof(struct wu_k_isoch_packet, status), "isoch packet");

int wu_k_isoch_register(int fd, uint8_t ep, void *buf, uint32_t len,
			struct wu_k_isoch_reg *reg)
{
	struct winusb_isoch_register k = {
		.size = sizeof(k),
		.endpoint = ep,
		.buffer_uptr = (uintptr_t)buf,
		.length = len,
	};
	int ret;

	ret = wu_ioctl(fd, WINUSB_IOCTL_ISOCH_REGISTER, &k);
	if (ret < 0)
		return ret;
	reg->handle = k.out_handle;
	reg->path = k.out_path;
	reg->packet_bytes = k.out_packet_bytes;
	reg->frame_bytes = k.out_frame_bytes;
	reg->urb_packets = k.out_urb_packets;
	reg->num_urbs = k.out_num_urbs;
	return 0;
}

int wu_k_isoch_unregister(int fd, uint32_t handle)
{
	struct winusb_isoch_unregister k = {
		.size = sizeof(k),
		.handle = handle,
	};

	return wu_ioctl(fd, WINUSB_IOCTL_ISOCH_UNREGISTER, &k);
}

int wu_k_isoch_submit(int fd, struct wu_k_isoch_transfer *x, uint64_t *id)
{
	struct winusb_isoch_submit k = {
		.size = sizeof(k),
		.handle = x->handle,
		.offset = x->offset,
		.length = x->length,
		.start_frame = x->asap ? 0 : x->start_frame,
		.num_packets = x->num_packets,
		.packets_uptr = (uintptr_t)x->results,
		.cookie = x->cookie,
	};
	int ret;

	if (x->asap)
		k.flags = WINUSB_ISOCH_ASAP |
			  (x->cont ? WINUSB_ISOCH_CONTINUE : 0);
	ret = wu_ioctl(fd, WINUSB_IOCTL_ISOCH_SUBMIT, &k);
	if (ret < 0)
		return ret;
	*id = k.out_id;
	x->out_start_frame = k.out_start_frame;
	x->out_next_frame = k.out_next_frame;
	return 0;
}
