/*
 * linepng.c - the engine's line images stored in their PNGs, not
 * compressed (see ocr.h)
 *
 * Tesseract 5.3 hands each line it reads to its LSTM as a PNG made in
 * memory (ImageData::SetPixInternal calls pixWriteMem with IFF_PNG) and
 * decodes it again at once.  Leptonica sets zlib's default level (6) on
 * each, and libpng then also tries its five row filters on every row: on
 * the camera letter of docspell, 4.6% of the instructions of a bare
 * tesseract run (callgrind: 3.2% writing, 1.5% reading), spent on a PNG
 * that never leaves the process.  Bare tesseract pays it too.
 *
 * Leptonica calls png_set_compression_level on each PNG it writes, and
 * this program's definition of it comes first in the dynamic linker's
 * search order (the executable is searched before the libraries, and ld
 * exports a definition that a library of the link refers to).  While
 * ocr_lines_stored is on (ocr.c: only while the engine reads), the level
 * is 0 and the rows unfiltered: zlib stores them as they are and reads
 * them back with a copy, the same pixels, so the same text.  Off, and for
 * every other PNG (a page image turned, ocr.c), libpng's own function
 * is called with the level asked.
 */
#include <dlfcn.h>
#include <png.h>

#include "ocr.h"

typedef void (*level_fn)(png_structrp, int);
typedef void (*filter_fn)(png_structrp, int, int);

static level_fn real_level;
static filter_fn real_filter;
static int stored_on;
static long stored;

/* resolve - libpng's own functions, after this program's; 0, or -1 */
static int
resolve(void)
{
	void *l, *f;

	if (real_level != NULL)
		return 0;
	l = dlsym(RTLD_NEXT, "png_set_compression_level");
	f = dlsym(RTLD_NEXT, "png_set_filter");
	if (l == NULL || f == NULL)
		return -1;
	/* POSIX: a function's address as dlsym gives it */
	*(void **)&real_level = l;
	*(void **)&real_filter = f;
	return 0;
}

int
ocr_lines_init(void)
{
	return resolve();
}

void
ocr_lines_stored(int on)
{
	stored_on = on;
}

long
ocr_lines_count(void)
{
	return stored;
}

void
png_set_compression_level(png_structrp png, int level)
{
	if (resolve() < 0)
		return;			/* no libpng: nothing calls this */
	if (stored_on) {
		real_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
		level = 0;
		stored++;
	}
	real_level(png, level);
}
