// SPDX-License-Identifier: GPL-2.0
/*
 * winusb - registered isochronous buffers: pin, account, map, bounce.
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

	mmap_read_lock(mm);
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
	mmap_read_unlock(mm);
	return ret;
}

static void winusb_pin_release_pages(struct winusb_pin *pin, unsigned int n)
{
	if (pin->writable)
		unpin_user_pages_dirty_lock(pin->pages, n, true);
	else
		unpin_user_pages(pin->pages, n);
}

/**
 * winusb_pin_user() - pin, charge and map a user buffer
 * @pin: zeroed; filled in
 * @uaddr: user address, any alignment
 * @length: 1 to U32_MAX bytes
 * @writable: the device writes into the buffer (IN endpoint)
 *
 * Context: process, the caller's mm.
 * Return: 0; -EINVAL for a bad length, -EOVERFLOW for a range that wraps,
 * -ENOMEM over RLIMIT_MEMLOCK or out of memory, -EOPNOTSUPP for a file
 * mapping other than shmem or hugetlbfs, -EFAULT for memory that cannot be
 * pinned.
 */
int winusb_pin_user(struct winusb_pin *pin, u64 uaddr, u64 length,
		    bool writable)
{
	/*
	 * Pin for writing also what the device only reads, as io_uring
	 * does: a read-only pin of anonymous memory never written yet would
	 * pin the shared zero page, and the caller's later writes would go
	 * to a copy the device never sees.  Read-only mappings can only be
	 * OUT buffers of constant data; they are pinned read-only.
	 */
	unsigned int gup_flags = FOLL_LONGTERM | FOLL_WRITE;
	unsigned long start, end, npages, done = 0;
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

	ret = winusb_pin_check_vmas(start, end);
	if (ret)
		return ret;
	ret = winusb_pin_charge(pin, npages);
	if (ret)
		return ret;

	pin->pages = kvmalloc_array(npages, sizeof(*pin->pages), GFP_KERNEL);
	if (!pin->pages) {
		ret = -ENOMEM;
		goto out_uncharge;
	}
	while (done < npages) {
		unsigned long addr = start + (done << PAGE_SHIFT);
		unsigned long n = min_t(unsigned long, npages - done,
					WINUSB_PIN_BATCH);
		int pinned;

		pinned = pin_user_pages_fast(addr, n, gup_flags,
					     pin->pages + done);
		if (pinned == -EFAULT && !writable)
			pinned = pin_user_pages_fast(addr, n,
						     gup_flags & ~FOLL_WRITE,
						     pin->pages + done);
		if (pinned <= 0) {
			ret = pinned ? pinned : -EFAULT;
			goto out_unpin;
		}
		done += pinned;		/* a short count goes round again */
		cond_resched();
	}
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
 * winusb_unpin_user() - undo winusb_pin_user() and winusb_pin_map_dma()
 * @pin: the buffer; nothing may use it any more.  Safe on a zeroed or
 *	already released @pin.
 *
 * Unmaps, unpins (marking the pages dirty if the device wrote them) and
 * uncharges exactly what was charged, from any task.
 *
 * Context: process.
 */
void winusb_unpin_user(struct winusb_pin *pin)
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
 * huge page).  Otherwise it is undone.
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
	if (pin->sgt.nents != 1 || sg_dma_len(pin->sgt.sgl) < pin->length) {
		winusb_pin_unmap_dma(pin);
		return false;
	}
	pin->dma = sg_dma_address(pin->sgt.sgl);
	return true;
}

/**
 * winusb_pin_sync_for_device() - give the buffer to the device (OUT)
 * @pin: a buffer mapped by winusb_pin_map_dma()
 *
 * The whole mapping is synced: a no-op on cache-coherent machines without
 * swiotlb, and the DMA API offers no sub-range sync for scatterlists.
 *
 * Context: any.
 */
void winusb_pin_sync_for_device(struct winusb_pin *pin)
{
	dma_sync_sgtable_for_device(pin->dma_dev, &pin->sgt, DMA_TO_DEVICE);
}

/**
 * winusb_pin_sync_for_cpu() - take the buffer back from the device (IN)
 * @pin: a buffer mapped by winusb_pin_map_dma()
 *
 * Context: any.
 */
void winusb_pin_sync_for_cpu(struct winusb_pin *pin)
{
	dma_sync_sgtable_for_cpu(pin->dma_dev, &pin->sgt, DMA_FROM_DEVICE);
}

/**
 * winusb_bounce_alloc() - allocate the DMA-coherent shadow of a buffer
 * @b: zeroed; filled in
 * @udev: the device (its host controller allocates)
 * @length: buffer length
 * @packet_bytes: largest packet
 *
 * Chunks are at most 256 KiB (more only for packets above 128 KiB) and
 * overlap by one packet, so that any run of packets starting in one
 * chunk's stride is contiguous in that chunk.
 *
 * Context: process.
 * Return: 0 or -ENOMEM.
 */
int winusb_bounce_alloc(struct winusb_bounce *b, struct usb_device *udev,
			u32 length, u32 packet_bytes)
{
	u32 chunk = max_t(u32, WINUSB_BOUNCE_CHUNK, 2 * packet_bytes);
	u32 i;

	b->udev = udev;
	if (length <= chunk) {
		b->stride = length;
		b->nchunks = 1;
	} else {
		b->stride = chunk - packet_bytes;
		b->nchunks = 1 + DIV_ROUND_UP(length - chunk, b->stride);
	}
	b->chunks = kcalloc(b->nchunks, sizeof(*b->chunks), GFP_KERNEL);
	if (!b->chunks)
		return -ENOMEM;
	for (i = 0; i < b->nchunks; i++) {
		struct winusb_bounce_chunk *c = &b->chunks[i];
		u64 start = (u64)i * b->stride;

		c->size = min_t(u64, chunk, length - start);
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
 * winusb_bounce_chunk_of() - the chunk that holds a packet
 * @b: the bounce memory
 * @off: buffer offset of the packet's first byte
 *
 * Return: the chunk index.
 */
u32 winusb_bounce_chunk_of(const struct winusb_bounce *b, u32 off)
{
	return min_t(u32, off / b->stride, b->nchunks - 1);
}
