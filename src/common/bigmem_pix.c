/*
 * bigmem_pix.c - leptonica's pixel data through bigmem (see bigmem.h);
 * in a file of its own, so that only the stages that make page images
 * are linked with leptonica
 */
#include <leptonica/allheaders.h>

#include "bigmem.h"

void
bigmem_pix(void)
{
	if (bigmem_off())
		return;
	setPixMemoryManager(bigmem_alloc, bigmem_free);
}
