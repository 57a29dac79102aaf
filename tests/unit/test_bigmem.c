/*
 * test_bigmem.c - big images on huge pages: mappings and malloc's
 * blocks given back the same way, whatever the table holds
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <leptonica/allheaders.h>

#include "bigmem.h"
#include "unit.h"

DEFINE_TEST(test_bigmem_big_is_aligned_and_usable)
{
	size_t n = 3 * BIGMEM_MIN + 12345;
	unsigned char *p = bigmem_alloc(n);

	assert_true(p != NULL);
	/* its own mapping, on a huge page's boundary */
	assert_int((uintptr_t)p % BIGMEM_MIN, ==, 0);
	memset(p, 0xa5, n);
	assert_int(p[0], ==, 0xa5);
	assert_int(p[n - 1], ==, 0xa5);
	bigmem_free(p);
}

DEFINE_TEST(test_bigmem_mapping_is_whole_huge_pages)
{
	/* the camera letter's grey page, 1696 x 2378 bytes, among others */
	static const size_t n[] = { BIGMEM_MIN, BIGMEM_MIN + 1,
	    (size_t)1696 * 2378, 3 * BIGMEM_MIN + 12345, (size_t)33 << 20,
	    (size_t)4000 * 3000 * 4 };
	size_t i, len;

	for (i = 0; i < sizeof(n) / sizeof(n[0]); i++) {
		len = bigmem_mapped(n[i]);
		/*
		 * the kernel gives a huge page only to 2 MiB of a mapping:
		 * the rest of a 3.9 MiB one was 4 KiB pages, faulted in one
		 * by one
		 */
		assert_int(len % BIGMEM_MIN, ==, 0);
		assert_true(len >= n[i]);
		/* and room for a page a few rows larger, no more */
		assert_true(len - n[i] < BIGMEM_MIN || len - n[i] <= n[i] / 8);
	}
	assert_int(bigmem_mapped((size_t)1696 * 2378), ==, 2 * BIGMEM_MIN);
	assert_int(bigmem_mapped(BIGMEM_MIN - 1), ==, 0);
}

DEFINE_TEST(test_bigmem_small_and_foreign_blocks_are_malloc_s)
{
	unsigned char *p = bigmem_alloc(100), *q = malloc(BIGMEM_MIN * 2);

	assert_true(p != NULL && q != NULL);
	memset(p, 1, 100);
	memset(q, 2, BIGMEM_MIN * 2);
	/* what malloc gave goes back to free() */
	bigmem_free(p);
	bigmem_free(q);
	bigmem_free(NULL);
}

DEFINE_TEST(test_bigmem_more_than_the_table_holds)
{
	enum { N = 80 };	/* more than its 64 mappings */
	unsigned char *p[N];
	int i;

	for (i = 0; i < N; i++) {
		p[i] = bigmem_alloc(BIGMEM_MIN + (size_t)i);
		assert_true(p[i] != NULL);
		p[i][0] = (unsigned char)i;
		p[i][BIGMEM_MIN + (size_t)i - 1] = (unsigned char)i;
	}
	for (i = 0; i < N; i++)
		assert_int(p[i][0] + p[i][BIGMEM_MIN + (size_t)i - 1], ==,
		    2 * i);
	/* freed in another order than made */
	for (i = N - 1; i >= 0; i -= 2)
		bigmem_free(p[i]);
	for (i = 0; i < N; i += 2)
		bigmem_free(p[i]);
}

DEFINE_TEST(test_bigmem_kept_mapping_fits_a_slightly_larger_image)
{
	size_t n = 8 * BIGMEM_MIN + 100000;
	unsigned char *p = bigmem_alloc(n), *q;

	assert_true(p != NULL);
	memset(p, 3, n);
	bigmem_free(p);
	/* the next page, a few rows larger: the same mapping again */
	q = bigmem_alloc(n + 3 * 4096);
	/* the same pages, not new ones the kernel cleared */
	assert_true(q == p);
	assert_int(q[n - 1], ==, 3);
	memset(q, 4, n + 3 * 4096);
	bigmem_free(q);
}

DEFINE_TEST(test_bigmem_the_newest_mappings_are_kept)
{
	enum { N = 12 };	/* more than are kept, more bytes too */
	unsigned char *p[N], *q;
	int i;

	for (i = 0; i < N; i++) {
		p[i] = bigmem_alloc((size_t)(i + 2) * BIGMEM_MIN + 4096);
		assert_true(p[i] != NULL);
		p[i][0] = 1;
	}
	for (i = 0; i < N; i++)
		bigmem_free(p[i]);
	/* the last given back is there for the next page of its size */
	q = bigmem_alloc((size_t)(N + 1) * BIGMEM_MIN + 4096);
	assert_true(q == p[N - 1]);
	assert_int(q[0], ==, 1);
	bigmem_free(q);
}

DEFINE_TEST(test_bigmem_leptonica_images)
{
	PIX *pix, *copy;

	bigmem_pix();
	/* 4000 x 3000 grey: 12 MB of pixels, a mapping */
	pix = pixCreate(4000, 3000, 8);
	assert_true(pix != NULL);
	pixSetAllArbitrary(pix, 77);
	copy = pixCopy(NULL, pix);
	assert_true(copy != NULL);
	assert_int(GET_DATA_BYTE(pixGetData(copy) + 1000 * pixGetWpl(copy),
	    17), ==, 77);
	pixDestroy(&copy);
	pixDestroy(&pix);
	setPixMemoryManager(malloc, free);
}
