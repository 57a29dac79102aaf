/*
 * bigmem - a page's big images on transparent huge pages
 *
 * A page's images are tens of megabytes, each touched first in 4 KiB
 * page faults: on a 400-dpi colour page, 12,100 faults and 0.35 s of
 * deskew's CPU, 35,700 and 0.90 s of the OCR stage's.  Where the kernel
 * gives huge pages only to memory that asks for them (transparent_hugepage
 * "madvise", Debian's default), an allocation of BIGMEM_MIN or more is
 * its own mapping of whole huge pages, aligned to 2 MiB and marked
 * MADV_HUGEPAGE, and a mapping given back is kept (up to 128 MiB) for
 * the next of about its size; a smaller allocation is malloc's.  Either
 * kind is given back with bigmem_free, and bigmem_free of a pointer
 * malloc gave is free():
 * leptonica frees with the pixel allocator data that some of its
 * functions took from malloc.
 *
 * glibc's tunable glibc.malloc.hugetlb=1 does the same for all of malloc,
 * but is read only when a program starts: the stages started themselves
 * a second time to set it, some 20 ms for deskew and 60 ms for OCR (its
 * libraries loaded twice) on every run, a tenth of the time of a short
 * page (issue 10).
 */
#ifndef DOSSIER_BIGMEM_H
#define DOSSIER_BIGMEM_H

#include <stddef.h>

#define BIGMEM_MIN	(2UL << 20)	/* bytes: one huge page */

/* bigmem_alloc - N bytes (not cleared), NULL if out of memory */
void	*bigmem_alloc(size_t n);
/*
 * bigmem_mapped - the bytes bigmem_alloc maps for N: whole huge pages,
 * with room for a page a few rows larger; 0 under BIGMEM_MIN (malloc's)
 */
size_t	 bigmem_mapped(size_t n);
/* bigmem_free - give back P from bigmem_alloc, or from malloc */
void	 bigmem_free(void *p);
/*
 * bigmem_off - 1 if huge pages are turned off: $DOSSIER_HUGEPAGES is "0",
 * or glibc's own setting for malloc (GLIBC_TUNABLES) has
 * glibc.malloc.hugetlb=0, what turned them off when they were glibc's
 */
int	 bigmem_off(void);
/*
 * bigmem_pix - leptonica's pixel data through bigmem, unless
 * $DOSSIER_HUGEPAGES is "0" (or GLIBC_TUNABLES has glibc.malloc.hugetlb=0);
 * called by main() of the stages that work on
 * page images before any image is made
 */
void	 bigmem_pix(void);
/*
 * bigmem_heap - malloc's heap on huge pages too (unless
 * turned off as for bigmem_pix): tesseract's own buffers, which no pixel
 * allocator sees.  The heap grows by 256 MiB at a time (address space,
 * not memory, until touched), is marked MADV_HUGEPAGE once from its
 * first huge page on (the head before it held, never given out), and is
 * never given back; allocations under 32 MiB come from it.  For the OCR
 * stage: its CPU on a 400-dpi colour page 0.70 s with bigmem_pix alone,
 * 0.55 s with its heap so too.
 */
void	 bigmem_heap(void);

#endif
