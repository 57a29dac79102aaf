/*
 * test_omp.c - OpenMP regions run by the thread that meets them
 * (src/ocr/omp.c), as GCC compiles them: this file is built with
 * -fopenmp (Makefile), so that its pragmas call the entry points that
 * libtesseract calls, this program's; each section runs once, in order,
 * a loop whole, on the one thread, nested too; and tesseract's own
 * regions run here (test_ambigs.c reads a page with an engine)
 */
#include "../../src/ocr/ocr.h"
#include "unit.h"

#ifndef _OPENMP
#error "test_omp.c is built with -fopenmp"
#endif
#include <omp.h>

DEFINE_TEST(test_omp_parallel_sections_each_once_in_order)
{
	int order[8], n = 0, threads = 0, sum = 0, i;
	long r = ocr_omp_regions();

#pragma omp parallel sections num_threads(4)
	{
#pragma omp section
		{
			order[n++] = 1;
			threads = omp_get_num_threads();
		}
#pragma omp section
		{
			order[n++] = 2;
			/* a loop in a region in a section: all of it, here */
#pragma omp parallel for reduction(+:sum)
			for (i = 1; i <= 100; i++)
				sum += i;
		}
#pragma omp section
		order[n++] = 3;
	}
	assert_int(n, ==, 3);
	assert_int(order[0], ==, 1);
	assert_int(order[1], ==, 2);
	assert_int(order[2], ==, 3);
	assert_int(threads, ==, 1);
	assert_int(sum, ==, 5050);
	/* the sections and the loop: two regions, both run here */
	assert_int(ocr_omp_regions(), ==, r + 2);
}

DEFINE_TEST(test_omp_sections_inside_sections)
{
	int seen[3][3] = { { 0 } }, outer, inner, k = 0;

#pragma omp parallel sections private(inner)
	{
#pragma omp section
		{
			outer = 0;
#pragma omp parallel sections
			{
#pragma omp section
				seen[outer][0]++;
#pragma omp section
				seen[outer][1]++;
			}
		}
#pragma omp section
		{
			/* the outer share goes on where it was */
			outer = 1;
			for (inner = 0; inner < 3; inner++) {
#pragma omp parallel sections
				{
#pragma omp section
					seen[outer][inner]++;
#pragma omp section
					k++;
				}
			}
		}
	}
	assert_int(seen[0][0], ==, 1);
	assert_int(seen[0][1], ==, 1);
	assert_int(seen[0][2], ==, 0);
	assert_int(seen[1][0], ==, 1);
	assert_int(seen[1][1], ==, 1);
	assert_int(seen[1][2], ==, 1);
	assert_int(k, ==, 3);
}

DEFINE_TEST(test_omp_sections_in_a_parallel_region)
{
	int a = 0, b = 0, id = -1, nt = 0;
	long r = ocr_omp_regions();

	/* a region, and a work share of sections started inside it */
#pragma omp parallel num_threads(8)
	{
		id = omp_get_thread_num();
		nt = omp_get_num_threads();
#pragma omp sections
		{
#pragma omp section
			a++;
#pragma omp section
			b += 2;
		}
	}
	assert_int(a, ==, 1);
	assert_int(b, ==, 2);
	assert_int(id, ==, 0);
	assert_int(nt, ==, 1);
	assert_int(ocr_omp_regions(), ==, r + 1);
}
