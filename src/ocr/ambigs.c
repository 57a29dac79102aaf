/*
 * ambigs.c - an engine started without tesseract's universal character
 * ambiguities, which only its legacy engine reads (see ocr.h)
 *
 * TessBaseAPI::Init loads, for every language it starts, a table of
 * "universal" ambiguities built into libtesseract ("rn" read for "m",
 * "l" for "1", ...), each entry inserted in a sorted list: on the camera
 * letter of docspell, 65 of the 80 ms of an engine's start (perf: 80% of
 * TessBaseAPI::Init's samples in UnicharAmbigs::LoadUniversal), 14% of a
 * one-page run's OCR stage, which starts two engines.  Bare tesseract
 * pays it too.  The table serves the legacy engine alone: its adaptive
 * classifier and its dictionary's "dangerous ambiguities" in the chopper
 * and stopper.  An engine whose traineddata holds only the LSTM model
 * (Debian's, tessdata_fast) runs with tessedit_ocr_engine_mode 1, LSTM
 * only, and never looks at the table.
 *
 * UnicharAmbigs::LoadUniversal is called through libtesseract's PLT, and
 * this program's definition of it comes first in the dynamic linker's
 * search order, as png_set_compression_level does in linepng.c.  While
 * ocr_ambigs_skip is on (ocr.c: only while an engine starts), the table
 * is left empty; off, libtesseract's own function loads it.  ocr.c asks
 * each engine started with it on which engines it runs, and starts one
 * with its legacy engine (traineddata of the tessdata repository) again
 * with the table.
 */
#include <dlfcn.h>

#include "ocr.h"

/* void tesseract::UnicharAmbigs::LoadUniversal(const UNICHARSET &,
 * UNICHARSET *), a member function: THIS first */
#define LOAD_UNIVERSAL \
	"_ZN9tesseract13UnicharAmbigs13LoadUniversalERKNS_10UNICHARSETEPS1_"

typedef void (*universal_fn)(void *, const void *, void *);

static universal_fn real_universal;
static int skip_on;
static long skipped;

void	load_universal(void *, const void *, void *) __asm__(LOAD_UNIVERSAL);

void
load_universal(void *self, const void *encoder_set, void *unicharset)
{
	void *f;

	if (skip_on) {
		skipped++;
		return;
	}
	if (real_universal == NULL) {
		/* none: no libtesseract, nothing calls this */
		if ((f = dlsym(RTLD_NEXT, LOAD_UNIVERSAL)) == NULL)
			return;
		/* POSIX: a function's address as dlsym gives it */
		*(void **)&real_universal = f;
	}
	real_universal(self, encoder_set, unicharset);
}

void
ocr_ambigs_skip(int on)
{
	skip_on = on;
}

long
ocr_ambigs_skipped(void)
{
	return skipped;
}
