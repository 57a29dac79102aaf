/*
 * omp.c - the engine's OpenMP parallel regions run by the thread that
 * meets them, without libgomp's team (see ocr.h)
 *
 * Debian's tesseract is built with OpenMP: its LSTM runs the gates of
 * each time step of each line in a parallel region (LSTM::Forward), its
 * networks' parallel layers and its word recognition in parallel
 * sections.  This program gives every region one thread (ocr_one_thread,
 * the workers being the stage's parallelism), but libgomp still starts a
 * team for it and ends it at a barrier whose last thread wakes the
 * others with a futex system call, here the only thread: on a funsd form
 * 50,000 system calls a page for bare tesseract, 620,000 for the OCR
 * stage on eight (strace -c), and with libgomp's own bookkeeping 15-20%
 * of the stage's processor time (perf: libgomp 6.7% of the samples, the
 * kernel 8.4%).  A region of one thread is a call of its body, so this
 * program defines the entry points that libtesseract calls (nm -D
 * --undefined-only: GOMP_parallel, GOMP_parallel_sections,
 * GOMP_sections_next, GOMP_sections_end_nowait, omp_get_num_threads,
 * omp_get_thread_num) as just that: its definitions come first in the
 * dynamic linker's search order, as png_set_compression_level does in
 * linepng.c, and the engine reads the same text (the same TSV, byte for
 * byte, over the funsd set) in 15-24% less processor time (quality-bench,
 * four sets).  t3000 checks that every OpenMP entry point libtesseract
 * uses is one defined here.
 *
 * The protocol is GCC's (libgomp's ABI, which clang's -fopenmp=libgomp
 * follows too): GOMP_parallel(FN, DATA, ...) runs FN(DATA) on each
 * thread of the team; GOMP_parallel_sections(FN, DATA, N, COUNT, ...)
 * does too, after starting a work share of COUNT sections that FN takes
 * one at a time with GOMP_sections_next (1 to COUNT, then 0) and leaves
 * with GOMP_sections_end(_nowait).  A work share is kept per thread, in
 * a stack for sections inside sections; the standalone GOMP_sections_start
 * and GOMP_sections_end, which libtesseract does not use today, are here
 * so that a build that does use them finds the same stack.
 */
#include <stdio.h>
#include <stdlib.h>

#include "ocr.h"

#define SECTIONS_DEPTH	32	/* work shares one inside another */

struct sections {
	unsigned next, count;
};

static __thread struct sections shares[SECTIONS_DEPTH];
static __thread int depth;
static long regions;

/* the functions libgomp exports: prototypes for -Wmissing-prototypes */
void	 GOMP_parallel(void (*)(void *), void *, unsigned, unsigned);
void	 GOMP_parallel_sections(void (*)(void *), void *, unsigned,
	    unsigned, unsigned);
unsigned GOMP_sections_start(unsigned);
unsigned GOMP_sections_next(void);
void	 GOMP_sections_end(void);
void	 GOMP_sections_end_nowait(void);
int	 omp_get_num_threads(void);
int	 omp_get_thread_num(void);

long
ocr_omp_regions(void)
{
	return regions;
}

void
GOMP_parallel(void (*fn)(void *), void *data, unsigned nthreads,
    unsigned flags)
{
	(void)nthreads;
	(void)flags;
	regions++;
	fn(data);
}

/* push - a work share of COUNT sections, none taken yet */
static void
push(unsigned count)
{
	if (depth == SECTIONS_DEPTH) {
		/* no program nests sections so deep; libgomp would not fail */
		fprintf(stderr, "dossier-ocr: OpenMP sections nested over "
		    "%d deep\n", SECTIONS_DEPTH);
		abort();
	}
	shares[depth].next = 1;
	shares[depth].count = count;
	depth++;
}

unsigned
GOMP_sections_start(unsigned count)
{
	push(count);
	return GOMP_sections_next();
}

unsigned
GOMP_sections_next(void)
{
	struct sections *s;

	if (depth == 0)
		return 0;
	s = &shares[depth - 1];
	return s->next <= s->count ? s->next++ : 0;
}

void
GOMP_sections_end_nowait(void)
{
	if (depth > 0)
		depth--;
}

void
GOMP_sections_end(void)
{
	GOMP_sections_end_nowait();
}

void
GOMP_parallel_sections(void (*fn)(void *), void *data, unsigned nthreads,
    unsigned count, unsigned flags)
{
	int d;

	(void)nthreads;
	(void)flags;
	regions++;
	push(count);
	d = depth;
	fn(data);
	/* FN left its work share with GOMP_sections_end_nowait: if not */
	if (depth == d)
		depth--;
}

int
omp_get_num_threads(void)
{
	return 1;
}

int
omp_get_thread_num(void)
{
	return 0;
}
