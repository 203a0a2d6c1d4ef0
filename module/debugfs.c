// SPDX-License-Identifier: GPL-2.0
/*
 * winusb - /sys/kernel/debug/winusb/: the module's state for people and
 * tests (memory: what open files hold; isoch: pinned pages, data paths,
 * per-handle statistics).  Not an ABI.
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include "isoch.h"

static struct dentry *winusb_debugfs;

static const char * const winusb_isoch_path_names[] = {
	[WINUSB_ISOCH_PATH_VMAP] = "vmap",
	[WINUSB_ISOCH_PATH_BOUNCE] = "bounce",
	[WINUSB_ISOCH_PATH_DMA] = "dma",
};

/*
 * /sys/kernel/debug/winusb/isoch: pages pinned now, packets found lying
 * and URBs submitted unaligned since load, registrations per path since
 * load and live now, then one line per handle.
 */
static int winusb_isoch_show(struct seq_file *m, void *unused)
{
	struct winusb_isoch_buf *buf;
	u32 live[ARRAY_SIZE(winusb_isoch_path_names)] = { 0 };
	unsigned int i;

	mutex_lock(&winusb_isoch_list_lock);
	seq_printf(m, "pinned pages: %ld\n",
		   atomic_long_read(&winusb_isoch_pinned));
	seq_printf(m, "bad packets: %lld\n",
		   (long long)atomic64_read(&winusb_isoch_bad));
	seq_printf(m, "unaligned urbs: %lld\n",
		   (long long)atomic64_read(&winusb_isoch_unaligned));
	list_for_each_entry(buf, &winusb_isoch_bufs, list)
		if (!buf->released)
			live[buf->path]++;
	for (i = WINUSB_ISOCH_PATH_VMAP; i < ARRAY_SIZE(live); i++)
		seq_printf(m, "%s: registered %llu live %u\n",
			   winusb_isoch_path_names[i],
			   winusb_isoch_path_count[i], live[i]);
	list_for_each_entry(buf, &winusb_isoch_bufs, list) {
		struct winusb_dev *wdev = buf->wdev;

		spin_lock_irq(&wdev->lock);
		seq_printf(m, "%s ep 0x%02x handle %u path %s length %u pages %u urbs %ux%u transfers %llu packets %llu errors %llu late %llu bounced %llu bad %llu unaligned %llu%s\n",
			   dev_name(&wdev->intf->dev), buf->endpoint,
			   buf->handle, winusb_isoch_path_names[buf->path],
			   buf->pin.length, buf->pin.npages, buf->nurbs,
			   buf->urb_packets, buf->stat_transfers,
			   buf->stat_packets, buf->stat_errors, buf->stat_late,
			   buf->stat_bounced, buf->stat_bad,
			   buf->stat_unaligned,
			   buf->released ? " released" : "");
		spin_unlock_irq(&wdev->lock);
	}
	mutex_unlock(&winusb_isoch_list_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(winusb_isoch);

/* /sys/kernel/debug/winusb/memory: bytes charged to open files, all together. */
static int winusb_memory_show(struct seq_file *m, void *unused)
{
	seq_printf(m, "charged: %ld\n", winusb_mem_charged());
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(winusb_memory);

/** winusb_debugfs_init() - module load: /sys/kernel/debug/winusb/ */
void winusb_debugfs_init(void)
{
	winusb_debugfs = debugfs_create_dir(WINUSB_NAME, NULL);
	debugfs_create_file("memory", 0444, winusb_debugfs, NULL,
			    &winusb_memory_fops);
	debugfs_create_file("isoch", 0444, winusb_debugfs, NULL,
			    &winusb_isoch_fops);
}

/** winusb_debugfs_exit() - module unload */
void winusb_debugfs_exit(void)
{
	debugfs_remove_recursive(winusb_debugfs);
}
