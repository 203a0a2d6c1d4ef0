// SPDX-License-Identifier: GPL-2.0
/*
 * winusb - pipe policies and power policies, with WinUSB's numbers, value
 * sizes and defaults.  The policies' effects live where the bytes move
 * (transfer.c, pipe.c); this file only stores them.
 *
 * Power policies change the device, which several files (and other
 * interfaces' drivers) share, so what one file sets is undone when it
 * closes: its AUTO_SUSPEND=0 reference is dropped, and once no open file
 * has set an autosuspend delay, the device's delay goes back to what it
 * was before the first did.  On Windows they apply to the handle's device
 * until the handle is closed, too.
 */
#include <linux/pm_runtime.h>
#include <linux/usb.h>

#include "winusb.h"

/**
 * winusb_policy_defaults() - Microsoft's default policies
 * @pipe: the pipe
 *
 * The values are the uapi's WINUSB_DEFAULT_*, which libwinusb restores
 * too.  AUTO_SUSPEND has no per-pipe state: a file starts without holding
 * the interface awake (%WINUSB_DEFAULT_AUTO_SUSPEND).
 */
void winusb_policy_defaults(struct winusb_pipe *pipe)
{
	pipe->short_packet_terminate = WINUSB_DEFAULT_SHORT_PACKET_TERMINATE;
	pipe->auto_clear_stall = WINUSB_DEFAULT_AUTO_CLEAR_STALL;
	pipe->timeout_ms = pipe->address ? WINUSB_DEFAULT_PIPE_TIMEOUT :
					   WINUSB_DEFAULT_CONTROL_TIMEOUT;
	pipe->ignore_short_packets = WINUSB_DEFAULT_IGNORE_SHORT_PACKETS;
	pipe->allow_partial_reads = WINUSB_DEFAULT_ALLOW_PARTIAL_READS;
	pipe->auto_flush = WINUSB_DEFAULT_AUTO_FLUSH;
	pipe->raw_io = WINUSB_DEFAULT_RAW_IO;
	pipe->reset_pipe_on_resume = WINUSB_DEFAULT_RESET_PIPE_ON_RESUME;
}

/* Value size of each pipe policy (0: no such policy). */
static const u8 winusb_pipe_policy_size[] = {
	[WINUSB_POLICY_SHORT_PACKET_TERMINATE] = 1,
	[WINUSB_POLICY_AUTO_CLEAR_STALL] = 1,
	[WINUSB_POLICY_PIPE_TRANSFER_TIMEOUT] = 4,
	[WINUSB_POLICY_IGNORE_SHORT_PACKETS] = 1,
	[WINUSB_POLICY_ALLOW_PARTIAL_READS] = 1,
	[WINUSB_POLICY_AUTO_FLUSH] = 1,
	[WINUSB_POLICY_RAW_IO] = 1,
	[WINUSB_POLICY_MAXIMUM_TRANSFER_SIZE] = 4,
	[WINUSB_POLICY_RESET_PIPE_ON_RESUME] = 1,
};

static u8 *winusb_policy_u8(struct winusb_pipe *pipe, u32 policy)
{
	switch (policy) {
	case WINUSB_POLICY_SHORT_PACKET_TERMINATE:
		return &pipe->short_packet_terminate;
	case WINUSB_POLICY_AUTO_CLEAR_STALL:
		return &pipe->auto_clear_stall;
	case WINUSB_POLICY_IGNORE_SHORT_PACKETS:
		return &pipe->ignore_short_packets;
	case WINUSB_POLICY_ALLOW_PARTIAL_READS:
		return &pipe->allow_partial_reads;
	case WINUSB_POLICY_AUTO_FLUSH:
		return &pipe->auto_flush;
	case WINUSB_POLICY_RAW_IO:
		return &pipe->raw_io;
	case WINUSB_POLICY_RESET_PIPE_ON_RESUME:
		return &pipe->reset_pipe_on_resume;
	default:
		return NULL;
	}
}

/*
 * Read a policy argument and check what GET and SET share: flags,
 * reserved member, the endpoint and the policy number.
 */
static int winusb_pipe_policy_arg(struct winusb_file *wf, void __user *uarg,
				  struct winusb_pipe_policy *pp,
				  struct winusb_pipe **pipep)
{
	int ret;

	ret = winusb_copy_arg_in(pp, sizeof(*pp), sizeof(*pp), uarg);
	if (ret)
		return ret;
	if (pp->flags || memchr_inv(pp->__reserved, 0, sizeof(pp->__reserved)) ||
	    pp->__reserved2)
		return -EINVAL;
	*pipep = winusb_pipe_get(wf->wdev, pp->endpoint);
	if (!*pipep)
		return -ENOENT;
	if (pp->policy >= ARRAY_SIZE(winusb_pipe_policy_size) ||
	    !winusb_pipe_policy_size[pp->policy])
		return -ENOPROTOOPT;
	return 0;
}

/**
 * winusb_ioctl_get_pipe_policy() - WINUSB_IOCTL_GET_PIPE_POLICY
 * @wf: the file
 * @uarg: struct winusb_pipe_policy
 *
 * Context: process, io_mutex held, interface connected.
 * Return: 0 or a negative errno.
 */
int winusb_ioctl_get_pipe_policy(struct winusb_file *wf, void __user *uarg)
{
	struct winusb_pipe_policy pp;
	struct winusb_pipe *pipe;
	u8 *val;
	int ret;

	ret = winusb_pipe_policy_arg(wf, uarg, &pp, &pipe);
	if (ret)
		return ret;

	pp.value_size = winusb_pipe_policy_size[pp.policy];
	val = winusb_policy_u8(pipe, pp.policy);
	if (val)
		pp.value = *val;
	else if (pp.policy == WINUSB_POLICY_PIPE_TRANSFER_TIMEOUT)
		pp.value = pipe->timeout_ms;
	else
		pp.value = WINUSB_MAX_TRANSFER_SIZE;
	return winusb_copy_arg_out(uarg, &pp, sizeof(pp));
}

/**
 * winusb_ioctl_set_pipe_policy() - WINUSB_IOCTL_SET_PIPE_POLICY
 * @wf: the file
 * @uarg: struct winusb_pipe_policy
 *
 * A request takes the policies in force when it is submitted.
 *
 * Context: process, io_mutex held, interface connected.
 * Return: 0 or a negative errno.
 */
int winusb_ioctl_set_pipe_policy(struct winusb_file *wf, void __user *uarg)
{
	struct winusb_dev *wdev = wf->wdev;
	struct winusb_pipe_policy pp;
	struct winusb_pipe *pipe;
	u8 size;
	u8 *val;
	int ret;

	ret = winusb_pipe_policy_arg(wf, uarg, &pp, &pipe);
	if (ret)
		return ret;
	if (pp.policy == WINUSB_POLICY_MAXIMUM_TRANSFER_SIZE)
		return -EACCES;
	size = winusb_pipe_policy_size[pp.policy];
	if (pp.value_size != size || pp.value >> (size * 8))
		return -EINVAL;

	val = winusb_policy_u8(pipe, pp.policy);
	spin_lock_irq(&wdev->lock);
	if (val)
		*val = !!pp.value;
	else
		pipe->timeout_ms = pp.value;
	spin_unlock_irq(&wdev->lock);
	return 0;
}

static int winusb_power_policy_arg(void __user *uarg,
				   struct winusb_power_policy *pw)
{
	int ret;

	ret = winusb_copy_arg_in(pw, sizeof(*pw), sizeof(*pw), uarg);
	if (ret)
		return ret;
	if (pw->flags)
		return -EINVAL;
	if (pw->policy != WINUSB_POWER_AUTO_SUSPEND &&
	    pw->policy != WINUSB_POWER_SUSPEND_DELAY)
		return -ENOPROTOOPT;
	return 0;
}

static u32 winusb_suspend_delay(struct winusb_dev *wdev)
{
#ifdef CONFIG_PM
	int delay = READ_ONCE(wdev->udev->dev.power.autosuspend_delay);

	return delay < 0 ? 0 : delay;
#else
	return 0;
#endif
}

/**
 * winusb_ioctl_get_power_policy() - WINUSB_IOCTL_GET_POWER_POLICY
 * @wf: the file
 * @uarg: struct winusb_power_policy
 *
 * Context: process, io_mutex held, interface connected.
 * Return: 0 or a negative errno.
 */
int winusb_ioctl_get_power_policy(struct winusb_file *wf, void __user *uarg)
{
	struct winusb_dev *wdev = wf->wdev;
	struct winusb_power_policy pw;
	int ret;

	ret = winusb_power_policy_arg(uarg, &pw);
	if (ret)
		return ret;
	if (pw.policy == WINUSB_POWER_AUTO_SUSPEND) {
		pw.value_size = 1;
		pw.value = !wf->pm_held;
	} else {
		pw.value_size = 4;
		pw.value = winusb_suspend_delay(wdev);
	}
	return winusb_copy_arg_out(uarg, &pw, sizeof(pw));
}

/**
 * winusb_ioctl_set_power_policy() - WINUSB_IOCTL_SET_POWER_POLICY
 * @wf: the file
 * @uarg: struct winusb_power_policy
 *
 * AUTO_SUSPEND off holds a runtime-PM reference on the interface for the
 * file; SUSPEND_DELAY sets the device's autosuspend delay until the last
 * file that set one closes.
 *
 * Context: process, io_mutex held, interface connected.
 * Return: 0 or a negative errno.
 */
int winusb_ioctl_set_power_policy(struct winusb_file *wf, void __user *uarg)
{
	struct winusb_dev *wdev = wf->wdev;
	struct winusb_power_policy pw;
	int ret;

	ret = winusb_power_policy_arg(uarg, &pw);
	if (ret)
		return ret;

	if (pw.policy == WINUSB_POWER_SUSPEND_DELAY) {
		if (pw.value_size != 4 || pw.value > INT_MAX)
			return -EINVAL;
		if (!wf->delay_set && !wdev->delay_files++)
			wdev->saved_delay = winusb_suspend_delay(wdev);
		wf->delay_set = true;
		pm_runtime_set_autosuspend_delay(&wdev->udev->dev, pw.value);
		return 0;
	}

	if (pw.value_size != 1 || pw.value > U8_MAX)
		return -EINVAL;
	if (!pw.value && !wf->pm_held) {
		ret = usb_autopm_get_interface(wdev->intf);
		if (ret)
			return ret;
		wf->pm_held = true;
		wdev->pm_held++;
	} else if (pw.value && wf->pm_held) {
		usb_autopm_put_interface(wdev->intf);
		wf->pm_held = false;
		wdev->pm_held--;
	}
	return 0;
}

/* Undo what @wf set.  Context: io_mutex held, interface connected. */
static void winusb_power_undo(struct winusb_file *wf)
{
	struct winusb_dev *wdev = wf->wdev;

	if (wf->pm_held) {
		usb_autopm_put_interface(wdev->intf);
		wf->pm_held = false;
		wdev->pm_held--;
	}
	if (wf->delay_set) {
		wf->delay_set = false;
		if (!--wdev->delay_files)
			pm_runtime_set_autosuspend_delay(&wdev->udev->dev,
							 wdev->saved_delay);
	}
}

/**
 * winusb_power_file_release() - a file closes: undo its power policies
 * @wf: the file
 *
 * Context: process, no lock held.
 */
void winusb_power_file_release(struct winusb_file *wf)
{
	struct winusb_dev *wdev = wf->wdev;

	mutex_lock(&wdev->io_mutex);
	if (!wdev->disconnected)
		winusb_power_undo(wf);
	mutex_unlock(&wdev->io_mutex);
}

/**
 * winusb_power_release() - undo every file's power policies
 * @wdev: the interface, being disconnected
 *
 * Context: process, io_mutex held.
 */
void winusb_power_release(struct winusb_dev *wdev)
{
	struct winusb_file *wf;

	/* The file list changes only under io_mutex too (open, release). */
	list_for_each_entry(wf, &wdev->files, node)
		winusb_power_undo(wf);
	WARN_ON(wdev->pm_held);
}
