// SPDX-License-Identifier: GPL-2.0
/*
 * winusb - the one place that pins user memory: short-term pins for
 * requests, long-term accounted pins, mappings and bounce memory for
 * registered isochronous buffers.
 *
 * A control, bulk or interrupt request holds its buffer only until it
 * finishes, like O_DIRECT I/O, so its pages get an ordinary (short-term)
 * pin: no accounting, no restriction on the kind of memory.
 *
 * A registered buffer lives for as long as its handle, possibly hours, so
 * its pages are pinned FOLL_LONGTERM (moved out of movable zones and CMA
 * first) and charged the way io_uring charges its registered buffers: to
 * the user's locked_vm against RLIMIT_MEMLOCK (unless CAP_IPC_LOCK) and to
 * the process' pinned_vm, keeping the exact charge and a reference to the
 * mm and the user, because the buffer may be released by another task
 * (disconnect) or from another process (a passed file).
 *
 * The CPU reaches the buffer through a vmap of the pinned pages.  A host
 * controller that does DMA cannot use that mapping (the DMA API rejects
 * vmalloc addresses) nor a scatterlist (isochronous URBs take none), so
 * for it the buffer is either mapped as one contiguous DMA range, which
 * works through an IOMMU or for physically contiguous pages, or shadowed
 * by DMA-coherent bounce memory.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/dma-mapping.h>
#include <linux/magic.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/user.h>
#include <linux/slab.h>
#include <linux/usb.h>
#include <linux/vmalloc.h>

#include "compat.h"
#include "winusb.h"

/* Pages pinned per call, with a reschedule in between (as ib_umem_get()). */
#define WINUSB_PIN_BATCH	1024

/*
 * Largest bounce chunk: 256 KiB is an order-6 allocation, contiguous
 * memory the page allocator usually finds even on a busy system.
 */
#define WINUSB_BOUNCE_CHUNK	SZ_256K

/*
 * Charge @npages to the caller: the user's locked_vm against
 * RLIMIT_MEMLOCK unless it has CAP_IPC_LOCK, and the mm's pinned_vm.
 */
static int winusb_pin_charge(struct winusb_pin *pin, unsigned long npages)
{
	struct user_struct *user = NULL;
	unsigned long limit, cur, new;

	if (!capable(CAP_IPC_LOCK)) {
		user = get_uid(current_user());
		limit = rlimit(RLIMIT_MEMLOCK) >> PAGE_SHIFT;
		cur = atomic_long_read(&user->locked_vm);
		do {
			if (check_add_overflow(cur, npages, &new) ||
			    new > limit) {
				free_uid(user);
				return -ENOMEM;
			}
		} while (!atomic_long_try_cmpxchg(&user->locked_vm, &cur, new));
	}

	pin->user = user;
	pin->mm = current->mm;
	mmgrab(pin->mm);
	atomic64_add(npages, &pin->mm->pinned_vm);
	pin->acct_pages = npages;
	return 0;
}

/* Give back exactly what winusb_pin_charge() took. */
static void winusb_pin_uncharge(struct winusb_pin *pin)
{
	if (!pin->mm)
		return;
	if (pin->user) {
		atomic_long_sub(pin->acct_pages, &pin->user->locked_vm);
		free_uid(pin->user);
		pin->user = NULL;
	}
	atomic64_sub(pin->acct_pages, &pin->mm->pinned_vm);
	mmdrop(pin->mm);
	pin->mm = NULL;
	pin->acct_pages = 0;
}

/*
 * Long-term pins of page-cache pages of ordinary files defeat writeback, so
 * a shared mapping of an ordinary file is refused (shmem, i.e. tmpfs, memfd
 * and SysV shm, and hugetlbfs are fine).  A private writable file mapping
 * is accepted: it is what a program's initialised static arrays live in,
 * and the FOLL_WRITE pin breaks copy-on-write first, so what gets pinned
 * are the process' own anonymous copies, never the page cache.
 */
static int winusb_pin_check_vmas(unsigned long start, unsigned long end)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	unsigned long addr = start;
	int ret = 0;

	mmap_assert_locked(mm);
	while (addr < end) {
		unsigned long magic;

		vma = find_vma(mm, addr);
		if (!vma || vma->vm_start > addr) {
			ret = -EFAULT;
			break;
		}
		if (vma->vm_file && !(vma->vm_flags & VM_HUGETLB) &&
		    (vma->vm_flags & (VM_SHARED | VM_WRITE)) != VM_WRITE) {
			magic = file_inode(vma->vm_file)->i_sb->s_magic;
			if (magic != TMPFS_MAGIC && magic != HUGETLBFS_MAGIC) {
				ret = -EOPNOTSUPP;
				break;
			}
		}
		addr = vma->vm_end;
	}
	return ret;
}

static void winusb_pin_release_pages(struct winusb_pin *pin, unsigned int n)
{
	if (pin->writable)
		unpin_user_pages_dirty_lock(pin->pages, n, true);
	else
		unpin_user_pages(pin->pages, n);
}

/*
 * Pin [@start, @start + @npages pages) long-term into @pages, checking the
 * mappings under the same mmap lock as the pin, so that what was checked
 * is what gets pinned (as io_uring's io_pin_pages() does).
 *
 * Return: pages pinned (all of them, or fewer with *@err set).
 */
static unsigned long winusb_pin_locked(unsigned long start,
				       unsigned long npages, bool writable,
				       struct page **pages, int *err)
{
	/*
	 * Pin for writing also what the device only reads, as io_uring
	 * does: a read-only pin of anonymous memory never written yet would
	 * pin the shared zero page, and the caller's later writes would go
	 * to a copy the device never sees.  Read-only mappings can only be
	 * OUT buffers of constant data; they are pinned read-only.
	 */
	unsigned int gup_flags = FOLL_LONGTERM | FOLL_WRITE;
	struct mm_struct *mm = current->mm;
	unsigned long done = 0;

	*err = 0;
	if (mmap_read_lock_killable(mm)) {
		*err = -EINTR;
		return 0;
	}
	*err = winusb_pin_check_vmas(start, start + (npages << PAGE_SHIFT));
	while (!*err && done < npages) {
		unsigned long addr = start + (done << PAGE_SHIFT);
		unsigned long n = min_t(unsigned long, npages - done,
					WINUSB_PIN_BATCH);
		long pinned;

		pinned = winusb_pin_user_pages(addr, n, gup_flags,
					       pages + done);
		if (pinned == -EFAULT && !writable)
			pinned = winusb_pin_user_pages(addr, n,
						       gup_flags & ~FOLL_WRITE,
						       pages + done);
		if (pinned <= 0) {
			*err = pinned ? pinned : -EFAULT;
			break;
		}
		done += pinned;		/* a short count goes round again */
		if (fatal_signal_pending(current))
			*err = -EINTR;
		cond_resched();
	}
	mmap_read_unlock(mm);
	return done;
}

/**
 * winusb_pin_longterm() - pin, charge and map a buffer to register
 * @pin: zeroed; filled in
 * @uaddr: user address, any alignment
 * @length: 1 to U32_MAX bytes
 * @writable: the device writes into the buffer (IN endpoint)
 *
 * Context: process, the caller's mm; takes its mmap lock.
 * Return: 0; -EINVAL for a bad length, -EOVERFLOW for a range that wraps,
 * -ENOMEM over RLIMIT_MEMLOCK or out of memory, -EOPNOTSUPP for a file
 * mapping other than shmem or hugetlbfs, -EFAULT for memory that cannot be
 * pinned, -EINTR on a fatal signal.
 */
int winusb_pin_longterm(struct winusb_pin *pin, u64 uaddr, u64 length,
			bool writable)
{
	unsigned long start, end, npages, done;
	int ret;

	if (!length || length > U32_MAX)
		return -EINVAL;
	if (uaddr != (unsigned long)uaddr ||
	    check_add_overflow((unsigned long)uaddr, (unsigned long)length,
			       &end) ||
	    check_add_overflow(end, PAGE_SIZE - 1, &end))
		return -EOVERFLOW;
	if (!access_ok(u64_to_user_ptr(uaddr), length))
		return -EFAULT;
	start = uaddr & PAGE_MASK;
	end &= PAGE_MASK;
	npages = (end - start) >> PAGE_SHIFT;

	pin->uaddr = uaddr;
	pin->length = length;
	pin->page_off = offset_in_page(uaddr);
	pin->npages = 0;
	pin->writable = writable;

	ret = winusb_pin_charge(pin, npages);
	if (ret)
		return ret;
	pin->pages = kvmalloc_array(npages, sizeof(*pin->pages),
				    GFP_KERNEL_ACCOUNT);
	if (!pin->pages) {
		ret = -ENOMEM;
		goto out_uncharge;
	}
	done = winusb_pin_locked(start, npages, writable, pin->pages, &ret);
	if (ret)
		goto out_unpin;
	pin->npages = npages;

	pin->vaddr = vmap(pin->pages, npages, VM_MAP, PAGE_KERNEL);
	if (!pin->vaddr) {
		ret = -ENOMEM;
		goto out_unpin;
	}
	return 0;

out_unpin:
	if (done)
		winusb_pin_release_pages(pin, done);
	pin->npages = 0;
	kvfree(pin->pages);
	pin->pages = NULL;
out_uncharge:
	winusb_pin_uncharge(pin);
	return ret;
}

static void winusb_pin_unmap_dma(struct winusb_pin *pin)
{
	if (!pin->dma_dev)
		return;
	dma_unmap_sgtable(pin->dma_dev, &pin->sgt,
			  pin->writable ? DMA_FROM_DEVICE : DMA_TO_DEVICE, 0);
	sg_free_table(&pin->sgt);
	pin->dma_dev = NULL;
}

/**
 * winusb_unpin_longterm() - undo winusb_pin_longterm(), winusb_pin_map_dma()
 * @pin: the buffer; nothing may use it any more.  Safe on a zeroed or
 *	already released @pin.
 *
 * Unmaps, unpins (marking the pages dirty if the device wrote them) and
 * uncharges exactly what was charged, from any task.
 *
 * Context: process.
 */
void winusb_unpin_longterm(struct winusb_pin *pin)
{
	winusb_pin_unmap_dma(pin);
	if (pin->vaddr)
		vunmap(pin->vaddr);
	pin->vaddr = NULL;
	if (pin->npages)
		winusb_pin_release_pages(pin, pin->npages);
	pin->npages = 0;
	kvfree(pin->pages);
	pin->pages = NULL;
	winusb_pin_uncharge(pin);
}

/**
 * winusb_pin_map_dma() - map the pinned pages as one contiguous DMA range
 * @pin: a pinned buffer
 * @dev: the host controller's DMA device (usb_bus.sysdev)
 *
 * Isochronous URBs take one DMA address, so the mapping is only useful if
 * it comes out as a single segment: through an IOMMU that merges the
 * pages, or for physically contiguous pages (a buffer inside one page, a
 * huge page), and only if it starts aligned to WINUSB_URB_ALIGN.
 * Otherwise it is undone.
 *
 * Context: process.
 * Return: true if @pin->dma now addresses the whole buffer.
 */
bool winusb_pin_map_dma(struct winusb_pin *pin, struct device *dev)
{
	enum dma_data_direction dir = pin->writable ? DMA_FROM_DEVICE :
						      DMA_TO_DEVICE;
	unsigned int max_seg = dma_get_max_seg_size(dev);

	if (max_seg < PAGE_SIZE)
		return false;
	if (sg_alloc_table_from_pages_segment(&pin->sgt, pin->pages,
					      pin->npages, pin->page_off,
					      pin->length, max_seg,
					      GFP_KERNEL))
		return false;
	if (dma_map_sgtable(dev, &pin->sgt, dir, 0)) {
		sg_free_table(&pin->sgt);
		return false;
	}
	pin->dma_dev = dev;
	if (pin->sgt.nents != 1 || sg_dma_len(pin->sgt.sgl) < pin->length ||
	    !IS_ALIGNED(sg_dma_address(pin->sgt.sgl), WINUSB_URB_ALIGN)) {
		winusb_pin_unmap_dma(pin);
		return false;
	}
	pin->dma = sg_dma_address(pin->sgt.sgl);
	return true;
}

/**
 * winusb_pin_sync_for_device() - give a range of the buffer to the device
 * @pin: a buffer mapped by winusb_pin_map_dma()
 * @off: buffer offset of the range
 * @len: its length
 *
 * Called before every URB over the range is submitted, in both
 * directions: OUT data reaches the device's view (swiotlb copies it), and
 * an IN range is handed back to the device after the CPU read it.
 *
 * Context: any.
 */
void winusb_pin_sync_for_device(struct winusb_pin *pin, u32 off, u32 len)
{
	dma_sync_single_range_for_device(pin->dma_dev, pin->dma, off, len,
					 pin->writable ? DMA_FROM_DEVICE :
							 DMA_TO_DEVICE);
}

/**
 * winusb_pin_sync_for_cpu() - take back a range the device wrote (IN)
 * @pin: a buffer mapped by winusb_pin_map_dma(), writable
 * @off: buffer offset of the range
 * @len: its length
 *
 * Context: any; called once per completed URB, for its range only.
 */
void winusb_pin_sync_for_cpu(struct winusb_pin *pin, u32 off, u32 len)
{
	dma_sync_single_range_for_cpu(pin->dma_dev, pin->dma, off, len,
				      DMA_FROM_DEVICE);
}

/**
 * winusb_pin_short() - pin a request's buffer until the request finishes
 * @uaddr: user address of the buffer
 * @npages: pages it spans from uaddr's page on
 * @writable: the device writes into it (IN)
 * @pages: @npages entries, filled in
 *
 * An ordinary pin, as O_DIRECT takes: the request finishes or is
 * cancelled, so nothing is accounted and any memory may be used.
 *
 * Context: process, the caller's mm.
 * Return: 0, or -EFAULT (nothing stays pinned).
 */
int winusb_pin_short(unsigned long uaddr, unsigned int npages, bool writable,
		     struct page **pages)
{
	int pinned;

	pinned = pin_user_pages_fast(uaddr & PAGE_MASK, npages,
				     writable ? FOLL_WRITE : 0, pages);
	if (pinned == npages)
		return 0;
	if (pinned > 0)
		unpin_user_pages(pages, pinned);
	return pinned < 0 ? pinned : -EFAULT;
}

/**
 * winusb_unpin_short() - undo winusb_pin_short()
 * @pages: the pinned pages
 * @npages: their number
 * @dirty: the device wrote into them
 *
 * Context: process.
 */
void winusb_unpin_short(struct page **pages, unsigned int npages, bool dirty)
{
	if (dirty)
		unpin_user_pages_dirty_lock(pages, npages, true);
	else
		unpin_user_pages(pages, npages);
}

/**
 * winusb_bounce_alloc() - allocate the DMA-coherent shadow of a buffer
 * @b: zeroed; filled in
 * @udev: the device (its host controller allocates)
 * @npackets: packets the buffer holds
 * @packet_bytes: bytes of one packet
 *
 * Packet p of the buffer lives in a slot of its own, @packet_bytes
 * rounded up to WINUSB_URB_ALIGN, so that an URB may start at any packet
 * with an aligned transfer_buffer (dwc2 and others copy an unaligned one
 * into a buffer of their own, which URB_NO_TRANSFER_DMA_MAP defeats).
 * Slots are grouped in chunks of at most 256 KiB (one slot if larger); an
 * URB never crosses a chunk (winusb_bounce_run()).
 *
 * Context: process.
 * Return: 0 or -ENOMEM.
 */
int winusb_bounce_alloc(struct winusb_bounce *b, struct usb_device *udev,
			u32 npackets, u32 packet_bytes)
{
	u32 i;

	b->udev = udev;
	b->slot = ALIGN(packet_bytes, WINUSB_URB_ALIGN);
	b->per_chunk = max_t(u32, WINUSB_BOUNCE_CHUNK / b->slot, 1);
	b->nchunks = DIV_ROUND_UP(max_t(u32, npackets, 1), b->per_chunk);
	b->chunks = kcalloc(b->nchunks, sizeof(*b->chunks),
			    GFP_KERNEL_ACCOUNT);
	if (!b->chunks)
		return -ENOMEM;
	for (i = 0; i < b->nchunks; i++) {
		struct winusb_bounce_chunk *c = &b->chunks[i];
		u32 n = min(npackets - i * b->per_chunk, b->per_chunk);

		c->size = max_t(u32, n, 1) * b->slot;
		c->cpu = usb_alloc_coherent(udev, c->size, GFP_KERNEL, &c->dma);
		if (!c->cpu) {
			winusb_bounce_free(b);
			return -ENOMEM;
		}
		cond_resched();
	}
	return 0;
}

/**
 * winusb_bounce_free() - free what winusb_bounce_alloc() allocated
 * @b: the bounce memory, unused; safe on a zeroed or freed @b
 *
 * Context: process.
 */
void winusb_bounce_free(struct winusb_bounce *b)
{
	u32 i;

	if (!b->chunks)
		return;
	for (i = 0; i < b->nchunks; i++)
		if (b->chunks[i].cpu)
			usb_free_coherent(b->udev, b->chunks[i].size,
					  b->chunks[i].cpu, b->chunks[i].dma);
	kfree(b->chunks);
	b->chunks = NULL;
	b->nchunks = 0;
}

/**
 * winusb_bounce_bytes() - bytes of bounce memory allocated
 * @b: the bounce memory
 *
 * Return: the sum of the chunks' sizes.
 */
size_t winusb_bounce_bytes(const struct winusb_bounce *b)
{
	size_t bytes = 0;
	u32 i;

	for (i = 0; i < b->nchunks; i++)
		bytes += b->chunks[i].size;
	return bytes;
}

/**
 * winusb_bounce_packet() - where a packet of the buffer lives
 * @b: the bounce memory
 * @p: the packet's index in the buffer
 * @dma: its DMA address, returned
 *
 * Return: its kernel address (aligned to WINUSB_URB_ALIGN).
 */
void *winusb_bounce_packet(const struct winusb_bounce *b, u32 p,
			   dma_addr_t *dma)
{
	const struct winusb_bounce_chunk *c = &b->chunks[p / b->per_chunk];
	u32 off = (p % b->per_chunk) * b->slot;

	*dma = c->dma + off;
	return c->cpu + off;
}

/**
 * winusb_bounce_run() - packets from @p to the end of its chunk
 * @b: the bounce memory
 * @p: a packet's index in the buffer
 *
 * Return: how many packets one URB starting at @p may take.
 */
u32 winusb_bounce_run(const struct winusb_bounce *b, u32 p)
{
	return b->per_chunk - p % b->per_chunk;
}
