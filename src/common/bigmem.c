/*
 * bigmem.c - a page's big images on transparent huge pages (see bigmem.h)
 *
 * bigmem_pix is in bigmem_pix.c, so that a stage that calls bigmem_heap
 * alone (load) is not linked with leptonica and the 17 libraries it
 * loads.
 *
 * The mappings are kept in a small table, not in a header before the
 * data: bigmem_free must also take what malloc gave, and a pointer not in
 * the table is malloc's.  A full table sends further big allocations to
 * malloc, slower but correct.
 */
#include <sys/mman.h>

#include <malloc.h>
#include <pthread.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bigmem.h"

#define HUGE_SIZE	(2UL << 20)
#define MAPS_MAX	64	/* a stage holds a few pages' images at once */

struct map {
	void	*addr;		/* the mapping */
	size_t	 len;
};

static struct map maps[MAPS_MAX];
static int nmaps;
/*
 * mappings given back, kept for the next image of about their size: a
 * stage makes and frees images of the same few sizes page after page,
 * and a new mapping is memory the kernel must clear and fault in again
 * (deskew over 20 typescript pages in one process: 13,700 faults and
 * 1.68-1.75 s with none kept, 8,800 and 1.38-1.54 s on malloc's reused
 * heap without huge pages)
 */
#define KEPT_MAX	8
#define KEPT_BYTES	(128UL << 20)
static struct map kept[KEPT_MAX];
static int nkept;
static size_t kept_bytes;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/*
 * take_kept - a kept mapping of LEN to twice LEN bytes, the least, its
 * length in *GOT; NULL if none
 */
static void *
take_kept(size_t len, size_t *got)
{
	int i, best = -1;
	void *p;

	for (i = 0; i < nkept; i++)
		if (kept[i].len >= len && kept[i].len / 2 <= len &&
		    (best < 0 || kept[i].len < kept[best].len))
			best = i;
	if (best < 0)
		return NULL;
	p = kept[best].addr;
	*got = kept[best].len;
	kept_bytes -= *got;
	memmove(kept + best, kept + best + 1, (size_t)(--nkept - best) *
	    sizeof(kept[0]));
	return p;
}

/*
 * round_len - the bytes mapped for N: N rounded up to a power of two
 * near a sixteenth of it, so that the next page's image, a few rows or
 * columns larger, fits a mapping kept (deskew of tapuscorpus's 46 pages,
 * of a few sizes a few kilobytes apart: 76 mappings made and 20,700 page
 * faults before, 8 and 2,400 after, with keep's order; 2.2 -> 2.0 s of
 * CPU, peak 99 -> 88 MB), and to whole huge pages: the kernel gives a
 * huge page only to 2 MiB of a mapping, and the rest of a 3.9 MiB image
 * (the camera letter's grey page) was faulted in 4 KiB at a time, 474
 * faults (deskew of that one page: 3,600 faults and 110 ms of CPU, 1,800
 * and 86 ms so, peak 1 MB more; its OCR stage 4,800 and 675 ms, 2,100
 * and 640 ms)
 */
static size_t
round_len(size_t n)
{
	size_t g = 4096;

	while (g < n / 16)
		g *= 2;
	if (g > n / 16 && g > 4096)
		g /= 2;
	if (g < HUGE_SIZE)
		g = HUGE_SIZE;
	return (n + g - 1) & ~(g - 1);
}

size_t
bigmem_mapped(size_t n)
{
	return n < BIGMEM_MIN || n > SIZE_MAX / 2 ? 0 : round_len(n);
}

/*
 * keep - MAP, given back, kept for a later image: the oldest kept given
 * back to the kernel where they are too many (the last page's images
 * are the likeliest of the next page's sizes); 0, or -1 if MAP is too
 * large to keep
 */
static int
keep(struct map m)
{
	if (m.len > KEPT_BYTES)
		return -1;
	while (nkept == KEPT_MAX || kept_bytes + m.len > KEPT_BYTES) {
		munmap(kept[0].addr, kept[0].len);
		kept_bytes -= kept[0].len;
		memmove(kept, kept + 1, (size_t)--nkept * sizeof(kept[0]));
	}
	kept[nkept++] = m;
	kept_bytes += m.len;
	return 0;
}

void *
bigmem_alloc(size_t n)
{
	uintptr_t base, start;
	size_t len, pad;
	void *p;

	if ((len = bigmem_mapped(n)) == 0)
		return malloc(n);
	pthread_mutex_lock(&lock);
	if (nmaps == MAPS_MAX) {
		pthread_mutex_unlock(&lock);
		return malloc(n);
	}
	if ((p = take_kept(len, &len)) != NULL)
		goto track;
	/* 2 MiB more than asked for, so that the data can start on one */
	p = mmap(NULL, len + HUGE_SIZE, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		pthread_mutex_unlock(&lock);
		return malloc(n);
	}
	base = (uintptr_t)p;
	start = (base + HUGE_SIZE - 1) & ~(uintptr_t)(HUGE_SIZE - 1);
	/* the slack on either side back to the kernel */
	if ((pad = start - base) > 0)
		munmap(p, pad);
	munmap((void *)(start + len), HUGE_SIZE - pad);	/* pad < HUGE_SIZE */
	p = (void *)start;
	/* a kernel without them says EINVAL: 4 KiB pages, as malloc's */
	(void)madvise(p, len, MADV_HUGEPAGE);
track:
	maps[nmaps].addr = p;
	maps[nmaps].len = len;
	nmaps++;
	pthread_mutex_unlock(&lock);
	return p;
}

void
bigmem_free(void *p)
{
	int i;

	if (p == NULL)
		return;
	pthread_mutex_lock(&lock);
	for (i = nmaps - 1; i >= 0; i--)
		if (maps[i].addr == p) {
			if (keep(maps[i]) < 0)
				munmap(p, maps[i].len);
			maps[i] = maps[--nmaps];
			pthread_mutex_unlock(&lock);
			return;
		}
	pthread_mutex_unlock(&lock);
	free(p);
}

int
bigmem_off(void)
{
	const char *v = getenv("DOSSIER_HUGEPAGES"), *t;

	if (v != NULL && strcmp(v, "0") == 0)
		return 1;
	t = getenv("GLIBC_TUNABLES");
	return t != NULL && (v = strstr(t, "glibc.malloc.hugetlb=0")) != NULL &&
	    (v == t || v[-1] == ':') && (v[22] == '\0' || v[22] == ':');
}

/* bytes: malloc's heap grows by this much at a time, one range marked */
#define HEAP_PAD	(256UL << 20)
/* bytes: a head of the heap worth holding, and what its chunk needs */
#define HEAD_MIN	4096
#define HEAD_SLACK	64
static void *volatile heap_head;	/* volatile: kept though never read */

void
bigmem_heap(void)
{
	uintptr_t start, end, first;
	void *p;

	if (bigmem_off())
		return;
	/*
	 * what malloc would map by itself (128 KiB and more, at first)
	 * comes from the heap, which is never given back: a stage's memory
	 * stays at its peak, as its next page needs it again
	 */
	if (mallopt(M_MMAP_THRESHOLD, 32 << 20) == 0 ||
	    mallopt(M_TRIM_THRESHOLD, INT_MAX) == 0 ||
	    mallopt(M_TOP_PAD, (int)HEAP_PAD) == 0)
		return;
	/* the heap grown now by HEAP_PAD, untouched, then marked */
	start = (uintptr_t)sbrk(0);
	if ((p = malloc(1 << 20)) == NULL)
		return;
	end = (uintptr_t)sbrk(0);
	first = (uintptr_t)p;
	start = (start + HUGE_SIZE - 1) & ~(uintptr_t)(HUGE_SIZE - 1);
	if (end > start + HUGE_SIZE)
		(void)madvise((void *)start, end - start, MADV_HUGEPAGE);
	/*
	 * the heap's head, before its first huge page, held for good (P
	 * made its size: in place, P being the heap's last chunk): else
	 * malloc gives it out first, to the page's first images, in 4 KiB
	 * pages faulted in one by one (deskew of the camera letter: a 1.9
	 * MB image, 474 faults); untouched but for its chunk's header
	 */
	if (end > start + HUGE_SIZE && start > first + HEAD_MIN &&
	    (heap_head = realloc(p, start - first - HEAD_SLACK)) != NULL)
		return;
	free(p);
}
