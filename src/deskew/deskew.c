/*
 * deskew.c - page cleanup with leptonica (see deskew.h)
 *
 * Input: colour maps and alpha are resolved over white, 16-bit samples
 * cut to 8, colour turned to luminance (a colour JPEG comes decoded to its
 * Y channel alone: see deskew_one).  Resolution: a DPI tag outside
 * 50..2400, or one that would make the page larger than 17 inches, is not
 * believed (300 is assumed and the page says so); unequal x and y DPI
 * (fax "standard" 204x98) are made square; pages under 200 dpi are
 * scaled up by the smallest whole factor that brings them to 200 or
 * more, which tesseract reads much better (text_scale).
 *
 * Binarisation (grey and colour): the background is normalised to white
 * (pixBackgroundNorm: uneven lighting, tinted paper), dark regions that
 * touch the page edge (scanner lid, black borders) are painted white, and
 * the page is thresholded at the Otsu split of the normalised histogram,
 * kept within [THRESH_MIN, THRESH_MAX] so that a page of paper noise
 * alone is not split into two classes, and the black of a border does not
 * pull the split down to where thin strokes are lost.  Bilevel input is
 * used as it is.
 *
 * Resolution and threshold from the text (ink.c): on a reduced copy of
 * the normalised page, the text spots (sharp edges well above the paper's
 * own noise, letter-sized, dark enough) give the median height of letters
 * and words, hence the resolution the text says (TEXT_HEIGHT inch), and
 * the Otsu split of the grey levels at their edges, a threshold between
 * this page's ink and its paper however faint the ink; cut at the
 * typical letter's middle instead where a few heavy marks pulled that
 * split down into the letters' cores (heavy_marks).  A page whose
 * text says under DESKEW_LOW_DPI is scaled to 300 (a file's DPI tag is
 * believed unless it is over TEXT_DPI_TRUST times off the text's).
 *
 * The binary page must keep the text: the spots of the final grey page
 * are compared with the final binary page, and when the binary page has
 * no ink in spots of over 1/LOST_SHARE of their area the grey page is
 * kept (PNG) and OCR reads it, with the reason in page.cleanup_fallback;
 * a page found blank while its grey page shows text is not blank.
 * Marks that are not text but pale (a pencil underline, a signature in
 * pale ballpoint, a form's light rules) are set on the binary page from
 * the grey one (pale_marks), not on the page OCR reads.
 *
 * Blank: besides the ink share, a sheet whose only ink lies within half
 * an inch of its edges (scanner marks, the paper's edge) and is small is
 * blank.
 *
 * Orientation: from the letters alone (components under half an inch,
 * not in photo regions: a sideways photo does not turn the page),
 * straightened first when skewed by 2° or more;
 * leptonica's text-orientation detector (pixOrientDetect, a
 * morphological count of ascenders and descenders, which orient.c makes
 * for the same numbers with a sixth of the work; run at about 150 dpi,
 * and at the page's own when that does not decide) gives an "up" and a
 * "left" confidence; makeOrientDecision with its default least
 * confidence (8) and a ratio of 2 (DESKEW_ORIENT_RATIO) between the
 * stronger and the weaker says up/left/down/right or unknown.  Unknown is
 * kept as scanned (orientation 0, uncertain), never turned on a guess.
 * Checked on tesseract's phototest variants: text turned 90° counter-
 * clockwise reads LEFT, and SPEC §8 records the clockwise turn the page
 * had as scanned, so LEFT = 270, RIGHT = 90, DOWN = 180.
 *
 * Skew: pixFindSkewSweepAndSearch (skew.c makes its numbers from the
 * row counts of each shear) on the binary page reduced by 2 (one
 * sweep, before orientation; again only for a page turned sideways), swept over
 * ±SEARCH_RANGE (well beyond the ±15° promised: leptonica gives no
 * confidence to an angle near the edge of its sweep, and a bilevel page
 * turned 16° then had skew 0).  Leptonica's angle is the rotation that deskews,
 * positive clockwise; a page whose content was turned clockwise by s
 * degrees is reported as -s (checked on feyn.tif turned +3°).  SPEC §8
 * wants +s, hence skew_deg = -angle.  The normalised grey page is rotated
 * (bilinear, white brought in: deskew_rotate_grey) and thresholded again,
 * so the text is not sheared twice; bilevel input is rotated by sampling.
 *
 * Cleanup of the binary page (the steps are in clean.c): solid components
 * touching the page edge and over 1/3 inch one way (border remains; a
 * letter cut by the edge of the scan is smaller, and kept), punch holes
 * (solid round blobs of 4-10 mm within an inch of an edge) and specks (at
 * most 1/100 inch either way) are cleared.
 *
 * Blank: the share of the page covered by components at least 1/60 inch
 * tall or wide, after cleanup and leaving out what is left at the edge,
 * under DESKEW_BLANK_MAX.
 *
 * Grey kept: where leptonica's halftone (photo) mask covers more than
 * DESKEW_PHOTO_MIN of the page, or holds a region DESKEW_PHOTO_SIDE inch
 * or more each way (the photo of an identity card's copy: 1% of an A4
 * page), a bilevel page would lose the picture: the normalised grey page
 * is kept (PNG) instead.  The largest region of the corpus's pages with
 * no photograph was 0.29 inch across (a library's stamp; a form's shaded
 * bars 0.16); the smallest photograph's 0.72.  A pale photograph leaves
 * the mask only its darkest spots (the eyes of a light face): around
 * each, its extent is that of the middle tones of the normalised page
 * (clean_photo_share); on none of the corpus's 447 pages does that find
 * a region the mask did not.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <leptonica/allheaders.h>

#include "clean.h"
#include "deskew.h"
#include "fileio.h"
#include "image.h"
#include "ink.h"
#include "orient.h"
#include "skew.h"
#include "job.h"
#include "msg.h"
#include "stage.h"
#include "strbuf.h"

#define SEARCH_RANGE	25.0f		/* degrees swept either way */
#define THRESH_MIN	100		/* Otsu split kept in this range */
#define THRESH_MAX	215
#define MAX_INCHES	17.0		/* a page larger than A3: bad DPI */
#define MAX_SCALED	(120L * 1000 * 1000)	/* pixels after scaling */
#define TEXT_HEIGHT	0.113		/* inch: median letter or word */
#define TEXT_SPOTS_MIN	30		/* spots to go by the text */
#define TEXT_DPI_TRUST	2		/* a file's DPI this far off: wrong */
#define PAGE_MAX_INCH	24		/* no scan or photo is wider */
#define SMALL_SIDE	1200		/* pixels: a page whose long side is
					   at most this, its text not found,
					   is looked at scaled up twice */
#define TEXT_THRESH_MAX	235		/* split by the text, at most */
#define HEAVY_DEPTH	0.3		/* a split within this share of the
					   letters' depth from their ink:
					   pulled down by heavy marks */
#define GRAIN_SIGMAS	4		/* a page without text: ink this many
					   standard deviations of its paper's
					   noise under the paper */
#define GRAIN_MARK	20		/* ...and grain no mark over 1/this
					   inch either way */
#define DOT_MARKS	400		/* a dot-matrix print found blank
					   (dotted): its page this many
					   marks... */
#define DOT_SHARE	4		/* ...as many times those joined */
#define DOT_LETTERS	40		/* ...and of these, letters */
#define BIG_PIXELS	(36.0 * 1000 * 1000)	/* a page of no DPI this large
					   is measured... */
#define BIG_DPI		400		/* ...and a page its text says finer
					   reduced (the text of a 300 dpi
					   page in large type says 390)... */
#define FILE_BIG_DPI	350		/* ...as one its file says finer */
#define BILEVEL_HALF_DPI 250		/* a bilevel one halved: no coarser */
#define LOST_MIN	3		/* grey kept: spots lost, at least */
#define EDGE_TEXT	5		/* letters in lines: text at an edge */
#define LOST_SHARE	10		/* and 1/this of their area */
#define PAPER_WHITE	224		/* normalised paper: this light */
#define PAPER_NEAR	0.05		/* inch: ink's own surround */
#define GUTTER		0.75		/* columns: a gutter this wide (inch)
					   at least, that no text spot
					   crosses... */
#define COLUMN_SHARE	0.2		/* ...between columns of this share of
					   the spots... */
#define COLUMN_SPOTS	30		/* ...and this many at least... */
#define COLUMN_TALL	0.33		/* ...running this share of the text's
					   height at least */
#define COLUMNS_MAX	8		/* columns told, at most */
#define RULE_RUN	4		/* a rule: a straight run of 1/this
					   inch of ink across or down... */
#define RULE_NEAR	0.1		/* ...and what lies this near it (inch,
					   a line of text's height) */
#define BAND_RUN	2		/* a pale band: a straight run of
					   1/this inch... */
#define BAND_INK	2		/* ...under 1/this of it ink... */
#define BAND_PAGE	3		/* ...1/this of the page across */
#define MARK_CONTRAST	40		/* a pale mark: this far under paper */
#define MARK_LONG	6		/* ...1/this inch long or more */
#define MARK_THIN	30		/* ...a stroke under 1/this inch wide */
#define MARK_PITCH	50		/* a dot screen's pitch: 1/this inch */
#define MARK_REDUCE	200		/* dpi: marks found at half of it */
#define MARK_EDGE	2		/* a line within 1/this inch of an edge,
					   along it, is the sheet's edge */
#define SPOT_CONTRAST	40		/* a lost spot split: this much ink */
#define SPOT_PRINT	(1.0 / 7)	/* and covering this much of its box */
#define DITHER_DOTS	5000		/* dots of 2x2 pixels or less a million
					   pixels: a grey page dithered */
#define DITHER_SIDE	1024		/* pixels: the middle they are counted in */
#define DITHER_SMOOTH	150		/* dpi: smoothed over 1/this inch round */
#define NEG_RATIO	2		/* a negative: this many times the text
					   inverted that it shows as it is */
#define STAIN_SIDE	4		/* inch: a solid area 1/this wide and
					   high on the binary page (a field
					   shaded for a line is 1/3 high)... */
#define STAIN_CONTRAST	40		/* ...holding ink this much darker than
					   its own middle... */
#define STAIN_SHARE	40		/* ...in 1/this of it: text under a stain */
#define STAIN_FILL	10		/* an area, filling 1/this of its box, */
#define STAIN_CORE	8		/* ...or its part 1/this inch thick */
#define FIELD_FILL	1.1		/* a solid area filling 1/this of its box
					   is a field (a rectangle)... */
#define FIELD_LETTERS	2		/* ...holding text if this many letters */
#define UNSTAIN_MARGIN	0.25		/* inch: OCR's page lifted this far around
					   a stain (unstain)... */
#define UNSTAIN_INK	15		/* ...over its background without what is
					   under 1/this inch thick */
#define TALL_MARKS	2		/* marks this many times the text's height... */
#define TALL_SHARE	0.1		/* ...holding this much of the ink... */
#define TALL_APART	1.0		/* degrees: ...skew without them this far off */
#define LINE_RUN	2		/* a long line: a run of 1/this inch... */
#define LINE_WHOLE	0.9		/* ...in a mark this share of the page
					   long, from edge to edge... */
#define FOLD_THIN	10		/* ...a fold's shadow, on a sheet judged
					   blank: under 1/this inch... */
#define LINE_THIN	30		/* ...under 1/this inch thick on average,
					   soft edges and all */
#define LINE_EDGE	4		/* ...over 1/this inch from the edges it
					   runs along */
#define RULING_LINES	5		/* a ruling: this many long lines one way */
#define LINE_GROW	100		/* ruled_blank: a line grown by 1/this
					   inch either side... */
#define LINE_GAP	25		/* ...its gaps of 1/this inch closed... */
#define RULED_STRICT	30		/* ...and blank under this many times
					   less ink than another page */
#define RULED_LETTERS	3		/* ...and fewer than this many marks
					   in a row left off the lines */
#define LINE_BIT	150		/* ...its bits under 1/this inch thick */
#define RULED_LEVEL	224		/* grey: ruled paper's lines are darker */
#define EXPOSE_SHARE	0.02		/* the light level: this share of the
					   page is lighter... */
#define EXPOSE_BELOW	200		/* ...and under this, stretched to white */
#define EXPOSE_MIN	48		/* ...unless under this: nothing shows */
#define PAPER_BAND	24		/* levels under the background's split... */
#define PAPER_BAND_SHARE 0.15		/* ...holding this much of the page: paper */

/*
 * unequal - whether a file's resolutions XRES across and YRES down differ,
 * over a tenth (a fax's 204 x 98), YRES believable
 */
static int
unequal(l_int32 xres, l_int32 yres)
{
	return yres >= 50 && yres <= 2400 && abs(xres - yres) * 10 > xres;
}

/*
 * resolution - fill R's dpi fields for PIX: the file's x DPI, or 300 when
 * it has none believable (R->dpi_assumed); *SY: the factor that makes its
 * pixels square (fax "standard" 204x98: unequal), else 1
 */
static void
resolution(PIX *pix, struct deskew_result *r, double *sy)
{
	l_int32 xres, yres, w, h;

	pixGetDimensions(pix, &w, &h, NULL);
	pixGetResolution(pix, &xres, &yres);
	r->dpi_source = xres;
	r->dpi_source_y = yres;
	*sy = 1.0;
	if (yres < 50 || yres > 2400)
		yres = xres;
	if (xres < 50 || xres > 2400 || w / (double)xres > MAX_INCHES ||
	    h / (double)yres > MAX_INCHES) {
		/* none, absurd, or a page larger than paper comes */
		r->dpi = 300;
		r->dpi_assumed = 1;
		return;
	}
	r->dpi = xres;
	if (unequal(xres, yres))
		*sy = (double)xres / yres;
}

/*
 * to_grey - PIX as 8 bpp grey: colour maps and alpha resolved over white,
 * 16 bits cut to 8, colour to luminance; NULL if it cannot
 */
static PIX *
to_grey(PIX *pix)
{
	PIX *t, *u;

	/* grey already, and ours alone: no copy (a large page held twice) */
	if (pixGetDepth(pix) == 8 && pixGetColormap(pix) == NULL &&
	    pixGetRefcount(pix) == 1)
		return pixClone(pix);
	if (pixGetColormap(pix) != NULL)
		t = pixRemoveColormap(pix, REMOVE_CMAP_WITH_ALPHA);
	else
		t = pixClone(pix);
	if (t == NULL)
		return NULL;
	if (pixGetDepth(t) == 32 && pixGetSpp(t) == 4) {
		u = pixRemoveAlpha(t);
		pixDestroy(&t);
		if ((t = u) == NULL)
			return NULL;
	}
	if (pixGetDepth(t) == 16) {
		u = pixConvert16To8(t, L_MS_BYTE);
		pixDestroy(&t);
		if ((t = u) == NULL)
			return NULL;
	}
	u = pixConvertTo8(t, 0);
	pixDestroy(&t);
	return u;
}

/*
 * exposed - an underexposed page (no paper lighter than EXPOSE_BELOW) made
 * as light as a scan's: its levels stretched so that its light level (the
 * one EXPOSE_SHARE of the page is lighter than) is white.  Every split of
 * the cleanup (ink_split's 100..200, the text's threshold, the stain
 * check) is made for paper near white, and the background map counts as
 * ink what lies under the split: a typescript scanned with its levels at
 * 45% (paper about 100, ink 20-40) had its paper taken for ink, a grey
 * page kept as "a stain over text" that tesseract read nothing from (bare
 * tesseract, which splits each page by Otsu, read it).  The order of the
 * levels is kept, and only the lightest EXPOSE_SHARE of the page can
 * reach white: no ink is lost.  A page darker still (under EXPOSE_MIN:
 * a black frame, a lens cap) is left alone.  The level stretched from,
 * 0 if none
 */
static int
exposed(PIX *grey)
{
	NUMA *na;
	int light;

	if ((na = pixGetGrayHistogram(grey, 4)) == NULL)
		return 0;
	light = ink_hist_rank(na, 1.0 - EXPOSE_SHARE);
	numaDestroy(&na);
	if (light >= EXPOSE_BELOW || light < EXPOSE_MIN ||
	    pixGammaTRC(grey, grey, 1.0f, 0, light) == NULL)
		return 0;
	return light;
}

static int split_between(PIX *, int, int);
static int ruled_level(int);
static int ruled_bands(PIX *, int, PIX **, PIX **, int *);

/* otsu - the Otsu split of NORM's histogram, kept within the range */
static int
otsu(PIX *norm)
{
	return split_between(norm, THRESH_MIN, THRESH_MAX);
}

/*
 * split_of - the Otsu split of the histogram NA (destroyed; NULL: 128),
 * kept in LO..HI
 */
static int
split_of(NUMA *na, int lo, int hi)
{
	l_int32 split = 128;

	if (na == NULL)
		return split;
	if (numaSplitDistribution(na, 0.1f, &split, NULL, NULL, NULL, NULL,
	    NULL) != 0)
		split = 128;
	numaDestroy(&na);
	if (split < lo)
		split = lo;
	if (split > hi)
		split = hi;
	return split;
}

/* split_between - the Otsu split of GREY's histogram, kept in LO..HI */
static int
split_between(PIX *grey, int lo, int hi)
{
	return split_of(pixGetGrayHistogram(grey, 4), lo, hi);
}

/* replace - *P = NEW unless NEW is NULL (then 0 with *P destroyed) */
static int
replace(PIX **p, PIX *new)
{
	pixDestroy(p);
	*p = new;
	return new != NULL;
}

/*
 * otsu_again - *BIN, NORM split at *LEVEL (its whole histogram's Otsu
 * split), split again without its punch holes (at DPI) and the lines of
 * its ruling, where it has any: *LEVEL and *BIN become that split's.  On
 * a page with too little text for its own split, they are the darkest
 * marks, and the whole page's split fell between them and the paper, at
 * 100 to 160, and left out the pale marks of a blank sheet or a short
 * note.  Black punch holes (a scanner's dark backing seen through them):
 * naps2 blank1 with two black holes lost its corner marks, the binary
 * page "blank" where the grey page showed marks, and the sheet kept
 * grey, not blank, read as garbage.  A Seyes ruling's violet lines: a
 * pencil note between them (grey 150) fell on the split of 152, and the
 * binary page kept it or lost it whole with the scanner's noise.  The
 * holes with a rim of 1/50 inch, and the lines from edge to edge
 * (ruled_bands, of what is darker than ruled_level), are left out of the
 * histogram.  A page with neither keeps its *BIN: it is not split twice.
 * Without a ruling's lines, the split is taken only if it keeps more
 * ink: the ruling also hides the text spots of a typed page on ruled
 * paper, and its split without the lines fell darker than with them on
 * some (degrade-bench's squared page 4, 197 to 171, a quarter more
 * words missed).
 */
static void
otsu_again(PIX *norm, PIX **bin, int *level, int dpi)
{
	PIX *c, *m = NULL, *t, *pale, *down = NULL, *across = NULL;
	NUMA *na = NULL;
	int k = (dpi / 50) | 1, split, band, ruled = 0;

	if ((c = pixCopy(NULL, *bin)) != NULL && clean_holes(c, dpi) > 0 &&
	    pixXor(c, c, *bin) != NULL)
		m = clean_dilate(c, k, k);
	pixDestroy(&c);
	if ((pale = clean_threshold(norm, ruled_level(*level))) != NULL &&
	    ruled_bands(pale, dpi, &down, &across, &band) &&
	    (m != NULL || (m = pixCreateTemplate(*bin)) != NULL)) {
		ruled = 1;
		if (down != NULL)
			pixOr(m, m, down);
		if (across != NULL)
			pixOr(m, m, across);
		/* their ends, where the sheet's edge cut them */
		pixSetOrClearBorder(m, band, band, band, band, PIX_SET);
	}
	pixDestroy(&pale);
	pixDestroy(&down);
	pixDestroy(&across);
	if (m != NULL && pixInvert(m, m) != NULL)
		na = pixGetGrayHistogramMasked(norm, m, 0, 0, 2);
	pixDestroy(&m);
	if (na == NULL)
		return;
	split = split_of(na, THRESH_MIN, THRESH_MAX);
	if ((ruled ? split > *level : split != *level) &&
	    (t = clean_threshold(norm, split)) != NULL) {
		replace(bin, t);
		*level = split;
	}
}

/*
 * white_away - make white (255) the pixels of NORM at THRESHOLD or
 * lighter where INK (1 bpp, aligned with NORM from its top left corner,
 * perhaps a few pixels larger or smaller) is not set: what subtracting
 * INK from NORM's light pixels and pixSetMasked do, in one pass that
 * takes 32 pixels at a time away from the ink
 */
static void
white_away(PIX *norm, PIX *ink, int threshold)
{
	l_uint32 *line, m;
	const l_uint32 *il;
	l_int32 w, h, iw, ih, wpl, wpli, i, k, j, x;

	pixGetDimensions(norm, &w, &h, NULL);
	pixGetDimensions(ink, &iw, &ih, NULL);
	wpl = pixGetWpl(norm);
	wpli = pixGetWpl(ink);
	for (i = 0; i < h; i++) {
		line = pixGetData(norm) + (size_t)i * wpl;
		il = pixGetData(ink) + (size_t)i * wpli;
		for (k = 0; k * 32 < w; k++) {
			m = 0;
			if (i < ih && k < wpli) {
				m = il[k];
				/* past the ink's width: no ink */
				if ((k + 1) * 32 > iw)
					m &= iw - k * 32 <= 0 ? 0 :
					    ~(0xffffffffu >> (iw - k * 32));
			}
			if (m == 0xffffffffu)
				continue;
#ifdef __SSE2__
			if ((k + 1) * 32 <= w) {
				/*
				 * byte b of 16 is pixel b ^ 3 of them: its
				 * bit of the mask's half word (as tile_cols)
				 */
				const __m128i lim = _mm_set1_epi8((char)(
				    threshold - 1)), pat = _mm_setr_epi8(0x10,
				    0x20, 0x40, (char)0x80, 0x01, 0x02, 0x04,
				    0x08, 0x10, 0x20, 0x40, (char)0x80, 0x01,
				    0x02, 0x04, 0x08);
				__m128i v, im, *q = (__m128i *)(line + k * 8);
				l_uint32 half;

				for (j = 0; j < 2; j++) {
					half = j ? m & 0xffff : m >> 16;
					im = _mm_setzero_si128();
					if (half != 0)
						im = _mm_cmpeq_epi8(
						    _mm_and_si128(_mm_set_epi64x(
						    (long long)((half & 0xff) *
						    0x0101010101010101ULL),
						    (long long)((half >> 8) *
						    0x0101010101010101ULL)),
						    pat), pat);
					/* light (not min(v, lim)), no ink */
					v = _mm_loadu_si128(q + j);
					_mm_storeu_si128(q + j, _mm_or_si128(v,
					    _mm_andnot_si128(_mm_or_si128(im,
					    _mm_cmpeq_epi8(_mm_min_epu8(v, lim),
					    v)), _mm_set1_epi8((char)0xff))));
				}
				continue;
			}
#endif
			for (j = 0; j < 32 && (x = k * 32 + j) < w; j++)
				if (!(m & 0x80000000u >> j) &&
				    (int)GET_DATA_BYTE(line, x) >= threshold)
					SET_DATA_BYTE(line, x, 255);
		}
	}
}

/*
 * two_levels - whether the grey page PIX (8 bpp, no colour map) holds two
 * levels at most, *LO the darker and *HI the lighter (-1 for none: one
 * level alone is *HI); the pass stops at a third level, which a grey page
 * shows within its first row
 */
static int
two_levels(PIX *pix, l_int32 *lo, l_int32 *hi)
{
	l_uint32 *line;
	l_int32 w, h, wpl, x, y, v, a = -1, b = -1;

	*lo = *hi = -1;
	if (pixGetDepth(pix) != 8 || pixGetColormap(pix) != NULL)
		return 0;
	pixGetDimensions(pix, &w, &h, NULL);
	wpl = pixGetWpl(pix);
	for (y = 0; y < h; y++) {
		line = pixGetData(pix) + (size_t)y * wpl;
		for (x = 0; x < w; x++) {
			v = GET_DATA_BYTE(line, x);
			if (v == a || v == b)
				continue;
			if (a < 0)
				a = v;
			else if (b < 0)
				b = v;
			else
				return 0;
		}
	}
	*lo = a < b ? a : b;
	*hi = a < b ? b : a;
	return 1;
}

/*
 * two_level - NORM as a 1 bpp page if it has no grey but black and
 * white (a bilevel scan that was neither turned nor scaled), else NORM:
 * consumed either way.  The engine reads it the same (linn, 2550x3300:
 * the same text), without thresholding 8 Mpx first (0.18 s of 2.5), and
 * the spool holds an eighth of the bytes.
 */
static PIX *
two_level(PIX *norm)
{
	PIX *b;
	l_int32 lo, hi;

	if (!two_levels(norm, &lo, &hi) || (lo != -1 && lo != 0) ||
	    (hi != 0 && hi != 255))
		return norm;
	if ((b = pixThresholdToBinary(norm, 128)) == NULL)
		return norm;
	pixCopyResolution(b, norm);
	pixDestroy(&norm);
	return b;
}

/*
 * spots_split - the text spots LOST (the grey page NORM shows them, the
 * binary page BIN has no ink in them: pale words beside darker print),
 * each grown by a fiftieth of an inch, split between their own ink and
 * paper: in NORM, a copy of each stretched so that its darkest ink is
 * black and its paper (its 90th percentile) white, kept in the PIXA
 * returned (NULL: none) for spots_paste to put back after paper_white;
 * into BIN, their pixels darker than the middle.  A spot whose ink is
 * under SPOT_CONTRAST levels darker than its paper, or that covers less
 * of its box than print does (SPOT_PRINT), is left as it is.
 * *NSPLIT: how many were split.
 */
static PIXA *
spots_split(PIX *norm, PIX *bin, BOXA *lost, int dpi, int *nsplit)
{
	l_int32 i, n, x, y, bw, bh, m = dpi / 50 > 1 ? dpi / 50 : 1;
	l_int32 j, k, w, h, wpl, v, mn, paper, hist[256], c90, tot, ink;
	l_uint32 *line;
	PIXA *pixa;
	BOX *g, *b;
	PIX *c, *t;

	*nsplit = 0;
	if (lost == NULL || (n = boxaGetCount(lost)) == 0 ||
	    (pixa = pixaCreate(n)) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		boxaGetBoxGeometry(lost, i, &x, &y, &bw, &bh);
		if ((g = boxCreate(x - m, y - m, bw + 2 * m, bh + 2 * m)) ==
		    NULL)
			continue;
		b = NULL;
		c = pixClipRectangle(norm, g, &b);
		boxDestroy(&g);
		if (c == NULL || b == NULL) {
			pixDestroy(&c);
			boxDestroy(&b);
			continue;
		}
		pixGetDimensions(c, &w, &h, NULL);
		wpl = pixGetWpl(c);
		memset(hist, 0, sizeof(hist));
		for (j = 0; j < h; j++) {
			line = pixGetData(c) + (size_t)j * wpl;
			for (k = 0; k < w; k++)
				hist[GET_DATA_BYTE(line, k)]++;
		}
		for (mn = 0; mn < 255 && hist[mn] == 0; mn++)
			;
		tot = 0;
		c90 = w * h * 9 / 10;
		for (paper = 0; paper < 255 && (tot += hist[paper]) < c90;
		    paper++)
			;
		if (paper - mn < SPOT_CONTRAST) {
			pixDestroy(&c);
			boxDestroy(&b);
			continue;
		}
		for (j = 0; j < h; j++) {
			line = pixGetData(c) + (size_t)j * wpl;
			for (k = 0; k < w; k++) {
				v = GET_DATA_BYTE(line, k);
				v = v >= paper ? 255 :
				    255 - (paper - v) * 255 / (paper - mn);
				SET_DATA_BYTE(line, k, v < 0 ? 0 : v);
			}
		}
		/*
		 * only where it covers its box as print does (a seventh or
		 * more): a pencil stroke under a line of typescript
		 * (tapuscorpus btv1b10581912k 20: 1% and 10% of their
		 * boxes) was read as two lines of garbage
		 */
		ink = 0;
		if ((t = pixThresholdToBinary(c, 128)) != NULL &&
		    (g = boxCreate(x - b->x, y - b->y, bw, bh)) != NULL) {
			pixCountPixelsInRect(t, g, &ink, NULL);
			boxDestroy(&g);
		}
		if (t == NULL || (double)ink < (double)bw * bh * SPOT_PRINT) {
			pixDestroy(&t);
			pixDestroy(&c);
			boxDestroy(&b);
			continue;
		}
		pixRasterop(bin, b->x, b->y, b->w, b->h, PIX_SRC | PIX_DST, t,
		    0, 0);
		pixDestroy(&t);
		pixaAddPix(pixa, c, L_INSERT);
		pixaAddBox(pixa, b, L_INSERT);
		(*nsplit)++;
	}
	return pixa;
}

/* spots_paste - put back into NORM the grey spots_split made, and free it */
static void
spots_paste(PIX *norm, PIXA **pkept)
{
	l_int32 i, n, x, y, bw, bh;
	PIXA *kept = *pkept;
	PIX *c;

	n = kept != NULL ? pixaGetCount(kept) : 0;
	for (i = 0; i < n; i++) {
		if (pixaGetBoxGeometry(kept, i, &x, &y, &bw, &bh) != 0 ||
		    (c = pixaGetPix(kept, i, L_CLONE)) == NULL)
			continue;
		pixRasterop(norm, x, y, bw, bh, PIX_SRC, c, 0, 0);
		pixDestroy(&c);
	}
	pixaDestroy(pkept);
}

/*
 * pale_bands - the long straight bands of NORM (the page OCR reads, at
 * DPI) darker than halfway from its THRESHOLD to white: a straight run of
 * 1/BAND_RUN inch or more across the page or down it, in a band that
 * spans 1/BAND_PAGE of the page that way or more, on the page reduced by
 * 2 (each pixel the mean of 4), grown by 2 pixels of it each way; a mask
 * as large as NORM, or NULL for none.  A fold's shadow across a letter
 * posted folded in three is such a band, lighter than the ink but for
 * the letters it crosses.  A line of text is not: a row through its
 * letters meets paper between them and in their counters well within
 * half an inch.  Nor is a form's pale line, an inch or two long (made
 * white near the ink, its pale edges changed the engine's layout of a
 * funsd form, whose header was lost: t3080).  A rule, an underline or a
 * scanner's streak is ink for the most part (over 1/BAND_INK of its runs
 * ink on the binary page BIN, reduced as the page, a pixel of ink in 4
 * ink): not a band, and its pale edges are left as a stroke's (the
 * streak is mended later, lines_out).
 */
static PIX *
pale_bands(PIX *norm, PIX *bin, int threshold, int dpi)
{
	PIX *small, *m, *ink, *h, *t, *c, *out = NULL;
	PIXA *pixa;
	BOXA *boxa;
	l_int32 i, n, bx, by, bw, bh, all, dark;
	int run = dpi / 2 / BAND_RUN, across;

	if (run < 4 || (small = clean_reduce2(norm)) == NULL)
		return NULL;
	m = pixThresholdToBinary(small, (threshold + 256) / 2);
	pixDestroy(&small);
	ink = pixReduceRankBinaryCascade(bin, 1, 0, 0, 0);
	/*
	 * the bands across the page and those down it each alone: a
	 * streak down it (ink) and the pale edges of the sheet across its
	 * top and foot (cleared from the binary page with the border) were
	 * one mark, mostly no ink, taken for a band and so for no line
	 * (lines_out): the streak was left on the page OCR reads, and the
	 * engine took it for a column's edge
	 */
	for (across = 1; across >= 0 && m != NULL && ink != NULL; across--) {
		if ((h = pixOpenCompBrickDwa(NULL, m, across ? run : 1,
		    across ? 1 : run)) == NULL)
			continue;
		pixa = NULL;
		boxa = pixConnComp(h, &pixa, 8);
		n = boxa != NULL ? boxaGetCount(boxa) : 0;
		for (i = 0; i < n; i++) {
			/* a fold crosses the sheet; a form's line does not */
			if (boxaGetBoxGeometry(boxa, i, &bx, &by, &bw, &bh) !=
			    0 || ((double)bw * BAND_PAGE < pixGetWidth(h) &&
			    (double)bh * BAND_PAGE < pixGetHeight(h)) ||
			    (c = pixaGetPix(pixa, i, L_COPY)) == NULL)
				continue;
			if (pixCountPixels(c, &all, NULL) == 0 && all > 0 &&
			    pixRasterop(c, 0, 0, bw, bh, PIX_MASK, ink, bx,
			    by) == 0 && pixCountPixels(c, &dark, NULL) == 0 &&
			    (double)dark * BAND_INK < all &&
			    (out != NULL || (out = pixCreateTemplate(h)) !=
			    NULL) &&
			    (t = pixaGetPix(pixa, i, L_CLONE)) != NULL) {
				pixRasterop(out, bx, by, bw, bh, PIX_PAINT, t,
				    0, 0);
				pixDestroy(&t);
			}
			pixDestroy(&c);
		}
		boxaDestroy(&boxa);
		pixaDestroy(&pixa);
		pixDestroy(&h);
	}
	pixDestroy(&m);
	pixDestroy(&ink);
	if (out == NULL)
		return NULL;
	/* grown, and back to the page's size */
	t = pixDilateBrick(NULL, out, 5, 5);
	pixDestroy(&out);
	if (t == NULL)
		return NULL;
	h = pixExpandBinaryPower2(t, 2);
	pixDestroy(&t);
	if (h != NULL && (out = pixCreate(pixGetWidth(norm),
	    pixGetHeight(norm), 1)) != NULL)
		pixRasterop(out, 0, 0, pixGetWidth(out), pixGetHeight(out),
		    PIX_SRC, h, 0, 0);
	pixDestroy(&h);
	return out;
}

/*
 * columns - how many columns the text spots of T stand in, side by side on
 * a page W pixels wide at DPI: parted by gutters GUTTER inch wide or more
 * that no spot crosses from the text's top to its foot, each column
 * holding COLUMN_SHARE of the spots and COLUMN_SPOTS at least, and
 * running COLUMN_TALL of the text's height (a page number, a note or a
 * column of figures written in the margin is no column: a title page's
 * five folio numbers in pencil beside its title made it two); 1 for one,
 * or too few spots to tell.  The gutters' middles into CUT (COLUMNS_MAX -
 * 1 at most), and the text's top and foot into *TOP and *FOOT.
 *
 * Two typescript pages scanned side by side (an open booklet on a
 * copier's glass), their edges cleared: the engine ran each line of the
 * left page into the line level with it on the right, read across both
 * (CER 0.64; bare tesseract 0.65 with the booklet's soft shadow down its
 * fold); told the page's resolution it read them apart, but another
 * pair it then ran together (0.69) that it had read apart untold, and a
 * rule down the gutter alone did not part the booklet.  A rule down the
 * gutter of OCR's page (gutter_rules) and the resolution told
 * (dossier-ocr) part all three (0.09, 0.11, 0.10).  A title across the
 * columns makes them one here.
 * A table's gutters are narrower (the corpus's catalogue tables and a
 * play's column of speakers: 0.25 to 0.49 inch; its spreads 1.4 to 2.7):
 * parted by rules and told, the three tables were read column by column
 * (28 edits worse; the play's three pages 12 better).
 */
static int
columns(const struct ink_text *t, l_int32 w, int dpi, int *cut, int *top,
    int *foot)
{
	l_int32 i, n, bx, by, bw, bh, x, lo = INT32_MAX, hi = 0;
	int *cover, c[COLUMNS_MAX], nc = 0, gutter = (int)(GUTTER * dpi), k,
	    spots, ctop, cfoot, nb = 0, from;

	*top = INT32_MAX;
	*foot = 0;
	n = t->boxa != NULL ? boxaGetCount(t->boxa) : 0;
	if (n < 2 * COLUMN_SPOTS || w <= 0 || gutter < 2 ||
	    (cover = calloc((size_t)w + 1, sizeof(*cover))) == NULL)
		return 1;
	/* how many spots cover each column of pixels: +1 where one starts */
	for (i = 0; i < n; i++) {
		if (boxaGetBoxGeometry(t->boxa, i, &bx, &by, &bw, &bh) != 0 ||
		    bw <= 0 || bh <= 0 || bx < 0 || bx + bw > w)
			continue;
		cover[bx]++;
		cover[bx + bw]--;
		lo = bx < lo ? bx : lo;
		hi = bx + bw > hi ? bx + bw : hi;
		*top = by < *top ? by : *top;
		*foot = by + bh > *foot ? by + bh : *foot;
	}
	/* the gutters' middles, where no spot is */
	for (x = lo, k = 0, from = -1; x < hi && nc < COLUMNS_MAX - 1; x++) {
		k += cover[x];
		if (k > 0) {
			if (from >= 0 && x - from >= gutter)
				c[nc++] = (from + x) / 2;
			from = -1;
		} else if (from < 0)
			from = x;
	}
	free(cover);
	/*
	 * a column from FROM to the next gutter holds enough text, else
	 * that gutter goes (its text joins the next column); the last
	 * column too small, it joins the one before (its gutter goes)
	 */
	for (k = 0, from = 0; k <= nc && nc > 0; k++) {
		spots = 0;
		ctop = INT32_MAX;
		cfoot = 0;
		for (i = 0; i < n; i++) {
			if (boxaGetBoxGeometry(t->boxa, i, &bx, &by, &bw,
			    &bh) != 0 || bx < from || (k < nc && bx >= c[k]))
				continue;
			spots++;
			ctop = by < ctop ? by : ctop;
			cfoot = by + bh > cfoot ? by + bh : cfoot;
		}
		if (spots >= COLUMN_SHARE * n && spots >= COLUMN_SPOTS &&
		    cfoot - ctop >= COLUMN_TALL * (*foot - *top)) {
			if (k < nc)
				cut[nb++] = from = c[k];
		} else if (k == nc && nb > 0)
			nb--;
	}
	return nb + 1;
}

/*
 * gutter_rules - down each of the N gutters X of OCR's page OCR (8 or 1
 * bpp, at DPI), from the text's TOP to its FOOT, a black rule 1/100 inch
 * wide: the engine finds such a rule and parts the columns at it (see
 * columns).  The archived page has none.
 */
static void
gutter_rules(PIX *ocr, const int *x, int n, int top, int foot, int dpi)
{
	int k, wide = dpi / 100 > 2 ? dpi / 100 : 2;

	for (k = 0; k < n && foot > top; k++)
		pixRasterop(ocr, x[k] - wide / 2, top, wide, foot - top,
		    pixGetDepth(ocr) == 1 ? PIX_SET : PIX_CLR, NULL, 0, 0);
}

/*
 * heavy_marks - whether the split THRESHOLD of the text T cuts its typical
 * letter (ink.c's middle: halfway between the paper and the median
 * spot's ink) within the darkest HEAVY_DEPTH of its depth: a few heavy
 * marks (a stamp, a logo, thick bold print) hold so many dark pixels
 * that the split of all the text's pixels fell far below the many
 * letters' soft edges.  A receipt stamp over a typescript's faint title
 * page (18 of its 88 spots) took the split from 185 to 125, a cut at 0.24
 * of its letters' depth (their middle 169), and the title was archived
 * with 38% of its ink, in broken strokes ("Fran. T O U S S A i i").  Over
 * the corpus's 62 grey pages of text the split cuts at 0.34 of the depth
 * or more.  Only a page whose letters it also thins (ink_thinned: the
 * typical letter keeping under 0.7 of its half-depth ink; the stamped
 * page 0.66, the corpus's pages 0.80 and more, hard-edged print 1.0, at
 * any level between its ink and the paper) is cut at the letters' middle.
 * In the field corpus, 13 of 318 pages: 4 Kodak patch-T sheets, whose
 * line of small grey print beside the heavy letters and bars was archived
 * in broken strokes at 100, and is whole at 163 to 176; and 9 pages that
 * are kept grey either way (photographs, a barcode, pages whose binary
 * form loses text at either split), 5 of them now for their photographs.
 */
static int
heavy_marks(const struct ink_text *t, int threshold)
{
	int core = 2 * t->middle - t->paper;

	return t->middle > 0 && t->paper - core > 0 &&
	    (double)(threshold - core) / (t->paper - core) < HEAVY_DEPTH;
}

/*
 * rule_zone - what lies within RULE_NEAR inch of the rules of BIN at DPI
 * (its straight runs of ink of 1/RULE_RUN inch across or down: a form's
 * lines, an underline, a table's; no letter has one), a mask as large as
 * BIN; NULL if none or leptonica failed.  Found on BIN reduced by 2 (a
 * pixel of it set where any of its four is: a rule one pixel thick stays
 * whole) and the zone made there: the page is one that was scaled up, 4
 * to 9 times the pixels of its scan, and with the openings and the
 * dilation at that size deskew took 0.48 s of CPU on six 150-dpi
 * typescript pages, 0.43 s so; the zone is a tenth of an inch wide either side, so
 * its edge a pixel out of place is of no matter (the same text read on
 * those pages and on funsd's forms).
 */
static PIX *
rule_zone(PIX *bin, int dpi)
{
	PIX *half, *across = NULL, *down, *zone = NULL, *t;
	int run = dpi / RULE_RUN / 2, d = (int)(RULE_NEAR * dpi / 2) * 2 + 1;
	l_int32 any = 0;

	if (run < 4 || (half = pixReduceRankBinary2(bin, 1, NULL)) == NULL)
		return NULL;
	if ((across = pixOpenCompBrickDwa(NULL, half, run, 1)) != NULL &&
	    (down = pixOpenCompBrickDwa(NULL, half, 1, run)) != NULL) {
		pixOr(across, across, down);
		pixDestroy(&down);
		if (pixZero(across, &any) == 0 && !any &&
		    (t = clean_dilate(across, d, d)) != NULL) {
			replace(&t, pixExpandBinaryPower2(t, 2));
			/* back to BIN's size: a last odd row or column */
			if (t != NULL && (zone = pixCreateTemplate(bin)) != NULL)
				pixRasterop(zone, 0, 0, pixGetWidth(zone),
				    pixGetHeight(zone), PIX_SRC, t, 0, 0);
			pixDestroy(&t);
		}
	}
	pixDestroy(&across);
	pixDestroy(&half);
	return zone;
}

/*
 * paper_white - make white in NORM what is lighter than the page's
 * THRESHOLD (paper, its noise), and EDGE, the bits at the edge that the
 * cleaned binary page BIN (aligned with NORM) keeps (clean_specks_ink, or
 * NULL), with their grey fringe; ink keeps its grey.  With NEAR
 * (inches), what lies that near the ink of BIN is left as it is: the
 * pale edges of strokes, faint ink beside darker; but not the pale bands
 * BANDS (pale_bands, or NULL): where a fold's shadow crossed the lines of
 * a typescript, what it left near the ink struck them through, dashes
 * between the letters, and the engine took a two-column page for 393 dpi
 * and read each line of the left column on into the right's (CER 0.724,
 * bare tesseract 0.180; 0.154 with the band made white).  With SCALED
 * (the page was scaled up), nor near a rule (rule_zone): scaling spreads
 * every edge over a few pixels of grey, and that surround joined the
 * letters to the lines they sit on; the engine took a form's underlined
 * text for a picture and read none of it (funsd-lowdpi 82251504, the
 * forms' 8 pages CER 0.177 so, 0.282 kept everywhere near the ink, 0.193
 * made white everywhere).
 */
static void
paper_white(PIX *norm, PIX *bin, int threshold, PIX *edge, double near,
    int dpi, PIX *bands, int scaled)
{
	PIX *ink = NULL, *t;
	int sz = (int)(near * dpi) * 2 + 1;

	if (near > 0) {
		/* the surround of the ink, grown on the page reduced by 2 */
		if (dpi >= 250 && (t = pixReduceRankBinaryCascade(bin, 1, 0,
		    0, 0)) != NULL) {
			replace(&t, clean_dilate(t, sz / 2 | 1, sz / 2 | 1));
			if (t != NULL)
				ink = pixExpandBinaryPower2(t, 2);
			pixDestroy(&t);
		} else
			ink = clean_dilate(bin, sz, sz);
		/* a fold's shadow is paper, however near the ink */
		if (ink != NULL && bands != NULL)
			pixRasterop(ink, 0, 0, pixGetWidth(bands),
			    pixGetHeight(bands), PIX_SUBTRACT, bands, 0, 0);
		/* nor, on a page scaled up, what lies near a rule */
		if (ink != NULL && scaled && (t = rule_zone(bin, dpi)) !=
		    NULL) {
			pixRasterop(ink, 0, 0, pixGetWidth(t),
			    pixGetHeight(t), PIX_SUBTRACT, t, 0, 0);
			pixDestroy(&t);
		}
		if (ink != NULL)
			white_away(norm, ink, threshold);
		pixDestroy(&ink);
	} else
		clean_white_from(norm, threshold);
	if (edge != NULL) {
		if ((t = clean_dilate(edge, 3, 3)) != NULL) {
			clean_set_white(norm, t);
			pixDestroy(&t);
		}
	}
}

/*
 * text_only - the components of BIN that can be letters: not in PHOTO
 * (the halftone mask, or NULL), and no larger than half an inch either
 * way (a picture, a drawing, a rule, a frame); the caller destroys it
 */
static PIX *
text_only(PIX *bin, PIX *photo, int dpi)
{
	PIX *t;

	if ((t = clean_keep_small(bin, dpi / 2, dpi / 2)) == NULL)
		return NULL;
	if (photo != NULL)
		pixRasterop(t, 0, 0, pixGetWidth(t), pixGetHeight(t),
		    PIX_SUBTRACT, photo, 0, 0);
	return t;
}

/*
 * clip_fg - what pixClipToForeground(PIX, OUT, NULL) gives (PIX cut to
 * the box of its set pixels, 1 bpp; *OUT NULL and 1 when none), the
 * columns found from the OR of the rows' words, where leptonica reads a
 * pixel of every row for each column of the margins (a seventh of the
 * orientation's work on tapuscorpus)
 */
static int
clip_fg(PIX *pix, PIX **out)
{
	const l_uint32 *line;
	l_uint32 *acc, last;
	l_int32 w, h, wpl, nw, i, k, x0, x1, y0, y1;
	BOX *box;

	*out = NULL;
	pixGetDimensions(pix, &w, &h, NULL);
	wpl = pixGetWpl(pix);
	nw = (w + 31) / 32;
	last = w % 32 ? ~(0xffffffffu >> w % 32) : 0xffffffffu;
	if (pixGetDepth(pix) != 1 || w < 1 || h < 1 || wpl < nw ||
	    (acc = calloc((size_t)nw, sizeof(*acc))) == NULL)
		return pixClipToForeground(pix, out, NULL);
	y0 = -1;
	y1 = -1;
	for (i = 0; i < h; i++) {
		line = pixGetData(pix) + (size_t)i * wpl;
		for (k = 0; k < nw - 1 && line[k] == 0; k++)
			;
		if (k == nw - 1 && (line[k] & last) == 0)
			continue;
		if (y0 < 0)
			y0 = i;
		y1 = i;
		for (k = 0; k < nw; k++)
			acc[k] |= line[k];
	}
	acc[nw - 1] &= last;
	if (y0 < 0) {
		free(acc);
		return 1;	/* no set pixel */
	}
	for (k = 0; acc[k] == 0; k++)
		;
	x0 = k * 32 + __builtin_clz(acc[k]);
	for (k = nw - 1; acc[k] == 0; k--)
		;
	x1 = k * 32 + 31 - __builtin_ctz(acc[k]);
	free(acc);
	if ((box = boxCreate(x0, y0, x1 - x0 + 1, y1 - y0 + 1)) == NULL)
		return 1;
	*out = pixClipRectangle(pix, box, NULL);
	boxDestroy(&box);
	return 0;
}

/*
 * sweep - leptonica's skew sweep and search on the binary page SMALL,
 * reduced by RED (1 or 2) from the page: its angle and confidence in
 * *ANGLE, *CONF (0, 0 if it fails).  The sweep reduces by 4 and the
 * search by 2, from the page: on a page reduced by 2 (rank 1, as
 * leptonica reduces) it finds what it finds on the page itself.
 */
static void
sweep(PIX *small, int red, l_float32 *angle, l_float32 *conf)
{
	if (skew_find(small, angle, conf, 4 / red, 2 / red, SEARCH_RANGE,
	    1.0f, 0.01f) != 0)
		*angle = *conf = 0;
}

/*
 * detect - leptonica's orientation decision on the letters of PAGE (its
 * resolution DPI; PHOTO its halftone mask, or NULL), straightened first by
 * ANGLE when the page is skewed by 2 degrees or more (CONF: the skew's
 * confidence; a page turned by 16 degrees reads sideways to it): an
 * L_TEXT_ORIENT_* value, *UP and *LEFT the detector's confidences
 */
static l_int32
detect(PIX *page, PIX *photo, int dpi, l_float32 angle, l_float32 conf,
    l_float32 *up, l_float32 *left)
{
	l_int32 o = L_TEXT_ORIENT_UNKNOWN;
	PIX *text, *t;

	if ((text = text_only(page, photo, dpi)) == NULL)
		return o;
	if (conf >= DESKEW_MIN_CONF && fabs(angle) >= 2.0 &&
	    (t = pixRotate(text, angle * (float)M_PI / 180.0f,
	    L_ROTATE_SAMPLING, L_BRING_IN_WHITE, 0, 0)) != NULL)
		replace(&text, t);
	/* the detector's work is by the area: the margins cost it alone */
	t = NULL;
	if (clip_fg(text, &t) != 0 || t == NULL) {
		pixDestroy(&text);
		return o;	/* no letters */
	}
	replace(&text, t);
	if (orient_detect(text, up, left) != 0 ||
	    makeOrientDecision(*up, *left, 0.0f, DESKEW_ORIENT_RATIO, &o,
	    0) != 0)
		o = L_TEXT_ORIENT_UNKNOWN;
	pixDestroy(&text);
	return o;
}

/*
 * detect_small_first - detect on the page reduced by RED (SMALL, PSMALL)
 * and, if that does not decide and RED is over 1, on the page itself
 * (BIN, PHOTO, at DPI): the detector works at 150-300 dpi, at about 150
 * first (a quarter of the work), at the page's own if that does not
 * decide
 */
static l_int32
detect_small_first(PIX *small, PIX *psmall, PIX *bin, PIX *photo, int dpi,
    int red, l_float32 angle, l_float32 conf, l_float32 *up,
    l_float32 *left)
{
	l_int32 o;

	o = detect(small, psmall, dpi / red, angle, conf, up, left);
	if (o == L_TEXT_ORIENT_UNKNOWN && red > 1)
		o = detect(bin, photo, dpi, angle, conf, up, left);
	return o;
}

/*
 * orient - detect how the page is turned, on SMALL (BIN reduced by RED,
 * PSMALL its halftone mask, or NULL) and, if that does not decide, on
 * BIN (PHOTO); ANGLE, CONF its skew: sets R->orientation (SPEC §8) and
 * R->orientation_conf, R->orientation_uncertain; returns the number of
 * clockwise quarter turns that make the page upright
 */
static int
orient(PIX *small, PIX *psmall, PIX *bin, PIX *photo, int dpi, int red,
    l_float32 angle, l_float32 conf, struct deskew_result *r)
{
	l_float32 up = 0, left = 0;
	static const l_int32 decision[4] = { L_TEXT_ORIENT_UP,
	    L_TEXT_ORIENT_LEFT, L_TEXT_ORIENT_DOWN, L_TEXT_ORIENT_RIGHT };
	l_int32 o;
	int q;

	r->orientation = 0;
	r->orientation_uncertain = 1;
	o = detect_small_first(small, psmall, bin, photo, dpi, red, angle,
	    conf, &up, &left);
	/*
	 * a sideways page's lines run across the sweep, which may find a
	 * slope in them that is none: undecided on the page straightened
	 * by it, the page is read as it is, and believed if it says
	 * sideways (its skew is then measured again, upright): a
	 * typescript turned a quarter either way, skewed by -16.9 degrees
	 * and not turned (tapuscorpus 24_3cb67)
	 */
	if (o == L_TEXT_ORIENT_UNKNOWN && conf >= DESKEW_MIN_CONF &&
	    fabs(angle) >= 2.0) {
		o = detect_small_first(small, psmall, bin, photo, dpi, red, 0,
		    0, &up, &left);
		if (o != L_TEXT_ORIENT_LEFT && o != L_TEXT_ORIENT_RIGHT)
			o = L_TEXT_ORIENT_UNKNOWN;
	}
	r->orientation_conf = fabs(up) > fabs(left) ? fabs(up) : fabs(left);
	/* leptonica's decision, indexed by the quarter turns that right it */
	for (q = 0; q < 4; q++)
		if (o == decision[q]) {
			r->orientation_uncertain = 0;
			r->orientation = (4 - q) % 4 * 90;
			return q;
		}
	return 0;
}

#ifdef __SSE2__
/*
 * bilinear8 - the 8 pixels at O of deskew_rotate_grey's row, for source
 * pixels S0[K], S0[K + 1] over S1[K], S1[K + 1], K = 0..7, at X + K DX,
 * Y + K DY (16.16; XSTEP, YSTEP: K DX and K DY, mod 65536): the same
 * sums, in 16 and 32 bits
 */
static void
bilinear8(l_uint8 *o, const l_uint8 *s0, const l_uint8 *s1, int64_t x,
    int64_t y, __m128i xstep, __m128i ystep)
{
	const __m128i z = _mm_setzero_si128(), all = _mm_set1_epi16(256),
	    half = _mm_set1_epi32(32768);
	__m128i wx, wy, wxi, wyi, top, bot, pl, ph, ql, qh, lo, hi;

	/*
	 * the weights, bits 8-15 of x + k dx: they depend on the low 16
	 * bits alone, which 16-bit sums give
	 */
	wx = _mm_srli_epi16(_mm_add_epi16(_mm_set1_epi16((short)(x &
	    0xffff)), xstep), 8);
	wy = _mm_srli_epi16(_mm_add_epi16(_mm_set1_epi16((short)(y &
	    0xffff)), ystep), 8);

#define LD(p) _mm_unpacklo_epi8(_mm_loadl_epi64((const __m128i *)(p)), z)
	wxi = _mm_sub_epi16(all, wx);
	wyi = _mm_sub_epi16(all, wy);
	/* 255 * 256 at most: the low 16 bits of each product suffice */
	top = _mm_add_epi16(_mm_mullo_epi16(LD(s0), wxi),
	    _mm_mullo_epi16(LD(s0 + 1), wx));
	bot = _mm_add_epi16(_mm_mullo_epi16(LD(s1), wxi),
	    _mm_mullo_epi16(LD(s1 + 1), wx));
#undef LD
	/* top (256 - yf) and bot yf in 32 bits: low and high halves */
	pl = _mm_mullo_epi16(top, wyi);
	ph = _mm_mulhi_epu16(top, wyi);
	ql = _mm_mullo_epi16(bot, wy);
	qh = _mm_mulhi_epu16(bot, wy);
	lo = _mm_add_epi32(_mm_add_epi32(_mm_unpacklo_epi16(pl, ph),
	    _mm_unpacklo_epi16(ql, qh)), half);
	hi = _mm_add_epi32(_mm_add_epi32(_mm_unpackhi_epi16(pl, ph),
	    _mm_unpackhi_epi16(ql, qh)), half);
	lo = _mm_srli_epi32(lo, 16);
	hi = _mm_srli_epi32(hi, 16);
	_mm_storel_epi64((__m128i *)o, _mm_packus_epi16(_mm_packs_epi32(lo,
	    hi), z));
}
#endif

/*
 * deskew_rotate_grey - GREY (8 bpp, no colour map) turned by ANGLE
 * radians about its centre, clockwise for a positive angle (leptonica's
 * convention), same size, white brought in, bilinear interpolation.
 *
 * It computes what pixRotateAMGray does, but steps through the source in
 * fixed point (16.16) along each row, so that a pixel costs two additions
 * and four loads instead of four float products and two conversions; the
 * weights have 1/256 steps where leptonica's have 1/16.  The source rows
 * are copied in pixel order first, so that where 8 pixels of a row read 9
 * neighbouring pixels of two source rows (all but a few of them at a
 * deskew's angles), they are interpolated together with SSE2, with the
 * same sums (a third of the scalar loop's instructions on tapuscorpus
 * pages, which took a third of leptonica's time; tests/unit/test_deskew.c
 * compares with both).  A row of the output reads the source rows its
 * slant crosses (w sin(angle) of them) and the next row nearly the same:
 * the rows are copied as the rows of the output come to them, into a ring
 * of those rows, which stays in the cache (a copy of the whole page did
 * not: its reads missed the cache, a third of the function's time).
 */
struct Pix *
deskew_rotate_grey(struct Pix *grey, double angle)
{
	PIX *out;
	l_uint8 *ring, *ob, **row;
	const l_uint8 *s0, *s1;
	l_int32 w, h, d, wpls, wpld, i, j, lo, hi, nr, done, need;
	int64_t x0, y0, x, y, dx, dy, ya, yb;
	double xcen, ycen, c, sn;
	size_t rowb;
	unsigned xf, yf, top, bot;
#ifdef __SSE2__
	__m128i xstep, ystep;
#endif

	pixGetDimensions(grey, &w, &h, &d);
	if (d != 8 || pixGetColormap(grey) != NULL || w < 2 || h < 2)
		return NULL;
	xcen = w / 2;
	ycen = h / 2;
	c = cos(angle);
	sn = sin(angle);
	dx = llround(c * 65536.0);
	dy = llround(-sn * 65536.0);
	/*
	 * the ring: the rows a row of the output reads, and a few more for
	 * the rounding; with the output's rows, those read only move down
	 * (cos > 0: under 90 degrees), else the whole page
	 */
	nr = h;
	if (dx > 0 && (((int64_t)w * (dy < 0 ? -dy : dy)) >> 16) + 4 < h)
		nr = (l_int32)(((int64_t)w * (dy < 0 ? -dy : dy)) >> 16) + 4;
	rowb = ((size_t)w + 15) & ~(size_t)15;
	ring = malloc(rowb * nr + rowb + 16);
	row = malloc((size_t)h * sizeof(*row));
	if (ring == NULL || row == NULL ||
	    (out = pixCreateTemplateNoInit(grey)) == NULL) {
		free(ring);
		free(row);
		return NULL;
	}
	ob = ring + rowb * nr;
	wpls = pixGetWpl(grey);
	wpld = pixGetWpl(out);
	done = 0;
#ifdef __SSE2__
	xstep = _mm_setr_epi16(0, (short)(dx & 0xffff), (short)(2 * dx &
	    0xffff), (short)(3 * dx & 0xffff), (short)(4 * dx & 0xffff),
	    (short)(5 * dx & 0xffff), (short)(6 * dx & 0xffff),
	    (short)(7 * dx & 0xffff));
	ystep = _mm_setr_epi16(0, (short)(dy & 0xffff), (short)(2 * dy &
	    0xffff), (short)(3 * dy & 0xffff), (short)(4 * dy & 0xffff),
	    (short)(5 * dy & 0xffff), (short)(6 * dy & 0xffff),
	    (short)(7 * dy & 0xffff));
#endif
#define INSIDE(x, y) ((x) >= 0 && (y) >= 0 && ((x) >> 16) < w - 1 && \
	((y) >> 16) < h - 1)
	for (i = 0; i < h; i++) {
		/* the source of (0, i), then a step of (cos, -sin) per x */
		x0 = llround((xcen - xcen * c + (i - ycen) * sn) * 65536.0);
		y0 = llround((ycen + xcen * sn + (i - ycen) * c) * 65536.0);
		/* the source rows this row may read, copied in */
		ya = y0;
		yb = y0 + (int64_t)(w - 1) * dy;
		need = nr == h ? h - 1 : (l_int32)(((ya > yb ? ya : yb) >> 16) +
		    1);
		for (; done <= need && done < h; done++) {
			row[done] = ring + rowb * (size_t)(done % nr);
			clean_row_in(row[done], pixGetData(grey) +
			    (size_t)done * wpls, w);
		}
		/*
		 * a row crosses the source rectangle once: white before
		 * and after, then the pixels between with no bounds checks
		 */
		for (lo = 0; lo < w && !INSIDE(x0 + lo * dx, y0 + lo * dy);
		    lo++)
			ob[lo] = 255;
		for (hi = w; hi > lo && !INSIDE(x0 + (hi - 1) * dx,
		    y0 + (hi - 1) * dy); hi--)
			ob[hi - 1] = 255;
		x = x0 + lo * dx;
		y = y0 + lo * dy;
		for (j = lo; j < hi; ) {
#ifdef __SSE2__
			/* 8 pixels from one pair of rows, 9 columns */
			if (j + 8 <= hi && (y + 7 * dy) >> 16 == y >> 16 &&
			    ((x + 7 * dx) >> 16) - (x >> 16) == 7) {
				bilinear8(ob + j, row[y >> 16] + (x >> 16),
				    row[(y >> 16) + 1] + (x >> 16), x, y,
				    xstep, ystep);
				j += 8;
				x += 8 * dx;
				y += 8 * dy;
				continue;
			}
#endif
			xf = (unsigned)(x >> 8) & 0xff;
			yf = (unsigned)(y >> 8) & 0xff;
			s0 = row[y >> 16] + (x >> 16);
			s1 = row[(y >> 16) + 1] + (x >> 16);
			top = s0[0] * (256 - xf) + s0[1] * xf;
			bot = s1[0] * (256 - xf) + s1[1] * xf;
			ob[j] = (l_uint8)((top * (256 - yf) + bot * yf +
			    32768) >> 16);
			j++;
			x += dx;
			y += dy;
		}
		clean_row_out(pixGetData(out) + (size_t)i * wpld, ob, w);
	}
#undef INSIDE
	free(row);
	free(ring);
	return out;
}

/*
 * apply_map - what pixApplyInvBackgroundGrayMap(GREY, INV, SX, SY) gives,
 * each pixel times its tile's factor in INV (16 bpp, 1/256 steps), at
 * most 255; 16 pixels at a time: leptonica's loop reads the factor for
 * every tile row through pixGetPixel and the pixels one at a time (8% of
 * the stage's time); into GREY itself (a clone returned) where no one
 * else holds it
 */
static PIX *
apply_map(PIX *grey, PIX *inv, int sx, int sy)
{
	PIX *out;
	l_uint16 *fac;
	const l_uint8 *src;
	l_uint8 *dst;
	const l_uint32 *ml;
	l_uint32 v;
	l_int32 w, h, wpl, wplm, mw, mh, i, j, b, n;

	pixGetDimensions(grey, &w, &h, NULL);
	pixGetDimensions(inv, &mw, &mh, NULL);
	wplm = pixGetWpl(inv);
	if (pixGetDepth(grey) != 8 || pixGetColormap(grey) != NULL ||
	    pixGetDepth(inv) != 16 || mw * sx < w || mh * sy < h)
		return pixApplyInvBackgroundGrayMap(grey, inv, sx, sy);
	wpl = pixGetWpl(grey);
	n = wpl * 4;
	if ((fac = calloc((size_t)n + 16, sizeof(*fac))) == NULL)
		return NULL;
	/* in place where the page is ours alone: no second page to fault in */
	if ((out = pixGetRefcount(grey) == 1 ? pixClone(grey) :
	    pixCreateTemplateNoInit(grey)) == NULL) {
		free(fac);
		return NULL;
	}
	for (i = 0; i < h; i++) {
		/* the factors of this row of tiles, in memory order */
		if (i % sy == 0) {
			ml = pixGetData(inv) + (size_t)(i / sy) * wplm;
			for (b = 0; b < w; b++)
				fac[b ^ 3] = (l_uint16)GET_DATA_TWO_BYTES(ml,
				    b / sx);
		}
		src = (const l_uint8 *)(pixGetData(grey) + (size_t)i * wpl);
		dst = (l_uint8 *)(pixGetData(out) + (size_t)i * wpl);
		j = 0;
#ifdef __SSE2__
		{
			const __m128i zero = _mm_setzero_si128(),
			    max = _mm_set1_epi16(255);
			__m128i s, lo, hi;

			/* (p f) / 256 = (256 p f) / 65536: the high half */
			for (; j + 16 <= n; j += 16) {
				s = _mm_loadu_si128((const __m128i *)(src + j));
				lo = _mm_mulhi_epu16(_mm_slli_epi16(
				    _mm_unpacklo_epi8(s, zero), 8),
				    _mm_loadu_si128((const __m128i *)(fac + j)));
				hi = _mm_mulhi_epu16(_mm_slli_epi16(
				    _mm_unpackhi_epi8(s, zero), 8),
				    _mm_loadu_si128((const __m128i *)(fac + j +
				    8)));
				/* min(x, 255): x less what is over 255 */
				lo = _mm_sub_epi16(lo, _mm_subs_epu16(lo, max));
				hi = _mm_sub_epi16(hi, _mm_subs_epu16(hi, max));
				_mm_storeu_si128((__m128i *)(dst + j),
				    _mm_packus_epi16(lo, hi));
			}
		}
#endif
		for (; j < n; j++) {
			v = (l_uint32)src[j] * fac[j] >> 8;
			dst[j] = (l_uint8)(v > 255 ? 255 : v);
		}
	}
	free(fac);
	return out;
}

/*
 * background_norm - what pixBackgroundNorm(GREY, NULL, NULL, TILE, TILE,
 * THRESH, 50, 255, 2, 2) gives, but the background (a level per tile,
 * ink under THRESH left out) is measured on a copy of GREY reduced by 2,
 * in tiles of TILE / 2: the map has the same tiles, at a quarter of the
 * work; NULL if leptonica cannot
 */
static PIX *
background_norm(PIX *grey, PIX *small, int tile, int thresh)
{
	PIX *map = NULL, *inv, *t, *out;
	l_int32 w, h, mw, mh;

	tile &= ~1;
	pixGetDimensions(grey, &w, &h, NULL);
	if (tile < 8 || w < 8 * tile || h < 8 * tile) {
		pixDestroy(&small);
		return pixBackgroundNorm(grey, NULL, NULL, tile, tile, thresh,
		    50, 255, 2, 2);
	}
	if (small == NULL && (small = clean_reduce2(grey)) == NULL)
		return NULL;
	map = clean_background_map(small, tile / 2, tile / 2, thresh, 50);
	pixDestroy(&small);
	if (map == NULL)
		return NULL;
	/* an odd last column or row of GREY: its tile is the one before */
	pixGetDimensions(map, &mw, &mh, NULL);
	if ((mw * tile < w || mh * tile < h) && (t = pixAddRepeatedBorder(map,
	    0, mw * tile < w, 0, mh * tile < h)) != NULL)
		replace(&map, t);
	inv = pixGetInvBackgroundMap(map, 255, 2, 2);
	pixDestroy(&map);
	if (inv == NULL)
		return NULL;
	out = apply_map(grey, inv, tile, tile);
	pixDestroy(&inv);
	return out;
}

/*
 * ink_split - the level under which a pixel is ink, not paper, in the
 * background's map, of the page's histogram NA (consumed; NULL: 128):
 * its Otsu split, kept in 100..200.  But where the PAPER_BAND levels
 * under that split hold PAPER_BAND_SHARE of the page or more, paper lies
 * there too, not ink (ink is spread thin over its levels: on every text
 * page of the corpus's 95 images, the 24 levels under its split hold
 * under 8% of it), and the split is taken again among the darker levels
 * alone.  A form's tinted box over a third of a typescript page drew the
 * split between its paper and the white paper: the box's paper was taken
 * for ink, its tiles given the white paper's level, and its lines, read
 * in grey halos, were lost (CER 0.504, 0.026 without the box).
 */
static int
ink_split(NUMA *na)
{
	NUMA *dark;
	l_float32 all = 0, band = 0;
	int s;

	if (na == NULL)
		return 128;
	s = split_of(numaCopy(na), 100, 200);
	if (numaGetSum(na, &all) != 0 || numaGetSumOnInterval(na,
	    s - PAPER_BAND, s - 1, &band) != 0)
		all = band = 0;
	if (all > 0 && band >= all * PAPER_BAND_SHARE &&
	    (dark = numaClipToInterval(na, 0, s - 1)) != NULL)
		s = split_of(dark, 100, s);
	numaDestroy(&na);
	return s;
}

/*
 * normalise - GREY with its background made white (uneven light, tinted
 * paper; tiles of 1/8 inch at DPI) and dark regions touching its edge
 * painted white (R->border_share); GREY is consumed.  A pixel is ink, not
 * background, under the page's own Otsu split: faint typewriter ink on
 * cream paper is lighter than leptonica's default of 100.
 */
static PIX *
normalise(PIX *grey, int dpi, struct deskew_result *r)
{
	PIX *out, *small = NULL;
	NUMA *na;
	l_uint32 hist[256];
	int tile = dpi / 8 > 4 ? dpi / 8 : 4, t = tile & ~1, split, i;

	/*
	 * the histogram of the split counted as background_norm's reduced
	 * copy is made, from the rows that reads (a pass of its own over
	 * the page missed the cache on every 4th row)
	 */
	if (t >= 8 && pixGetWidth(grey) >= 8 * t && pixGetHeight(grey) >=
	    8 * t && (small = clean_reduce2_hist(grey, hist)) != NULL &&
	    (na = numaCreate(256)) != NULL) {
		for (i = 0; i < 256; i++)
			numaAddNumber(na, (l_float32)hist[i]);
	} else
		na = pixGetGrayHistogram(grey, 4);
	split = ink_split(na);
	out = background_norm(grey, small, tile, split);
	if (out != NULL)	/* NULL: tiny page, kept as it is */
		replace(&grey, out);
	r->border_share = clean_dark_border(grey, dpi);
	return grey;
}

/*
 * text_resolution - the resolution the text of the page says (T, measured
 * on the page as it is): letters and words are about TEXT_HEIGHT inch
 * tall in most print and typescript (10-12 point), whatever the scan;
 * 0 when the page shows too little text to say, or when the resolution
 * would make PAGE's shorter side wider than PAGE_MAX_INCH: twice A3's
 * (11.7 inches), room for a desk about a photographed sheet, and no
 * scanner's bed; the shorter side, as a till receipt may be three feet
 * long.
 * Such "text" is something else (a fax's speckle on a blank sheet, made
 * 70 dpi by its clusters: the page, tagged 200, scaled 3 times to 75
 * million pixels, and the engine's table finder ran for over 17 minutes
 * on it).
 */
static int
text_resolution(const struct ink_text *t, PIX *page)
{
	int est, side;

	if (t->spots < TEXT_SPOTS_MIN || t->height <= 0)
		return 0;
	est = (int)(t->height / TEXT_HEIGHT / 10 + 0.5) * 10;
	side = pixGetWidth(page) < pixGetHeight(page) ? pixGetWidth(page) :
	    pixGetHeight(page);
	/* a sheet wider than any paper a scanner takes: not text */
	if (est <= 0 || side > PAGE_MAX_INCH * est)
		return 0;
	return est;
}

/*
 * plain_bilevel - a bilevel page PIX with a colour map of one dark and one
 * light opaque colour (a "1-bit colormap" PNG) as a plain one, its dark
 * colour black; NULL for any other page
 */
static PIX *
plain_bilevel(PIX *pix)
{
	PIXCMAP *cmap = pixGetColormap(pix);
	l_int32 rv, gv, bv, av, i, dark[2];
	PIX *t;

	if (pixGetDepth(pix) != 1 || cmap == NULL ||
	    pixcmapGetCount(cmap) != 2)
		return NULL;
	for (i = 0; i < 2; i++) {
		if (pixcmapGetRGBA(cmap, i, &rv, &gv, &bv, &av) != 0 ||
		    av != 255)
			return NULL;
		dark[i] = 299 * rv + 587 * gv + 114 * bv < 128 * 1000;
	}
	if (dark[0] == dark[1])
		return NULL;
	/* a plain bilevel page's 1 is black: index 1 must be the dark one */
	if ((t = dark[1] ? pixCopy(NULL, pix) : pixInvert(NULL, pix)) == NULL)
		return NULL;
	pixDestroyColormap(t);
	return t;
}

/*
 * negative - whether the grey page GREY is a negative, its text light on
 * a dark ground (a microfilm's print, a scanner's negative mode): a page
 * dark at its median, whose text spots (ink_measure, TEXT_SPOTS_MIN at
 * least, and as many in lines) are NEG_RATIO times as many inverted as
 * they are as it is.  The cleanup takes the ground for paper: six
 * negatives of tapuscorpus pages were normalised into pages of noise,
 * read at a character error rate of 0.876 where bare tesseract, which
 * inverts lines it reads badly, read 0.303.  The measure, on these six:
 * 0 spots as they are, 274 to 675 inverted; a camera's letter on a dark
 * desk, 192 and 0.
 */
static int
negative(PIX *grey)
{
	struct ink_text as, inv;
	l_uint32 med = 255;
	PIX *t;
	int yes;

	if (pixGetRankValue(grey, 4, 0.5, &med) != 0 || med >= 128 ||
	    (t = pixInvert(NULL, grey)) == NULL)
		return 0;
	if (ink_measure(grey, &as) != 0)
		memset(&as, 0, sizeof(as));
	if (ink_measure(t, &inv) != 0)
		memset(&inv, 0, sizeof(inv));
	/* spots in lines of text: a dark photograph's light specks are not */
	yes = inv.spots >= TEXT_SPOTS_MIN && inv.spots >= NEG_RATIO * as.spots &&
	    inv.boxa != NULL && ink_lined(inv.boxa) >= TEXT_SPOTS_MIN;
	ink_free(&as);
	ink_free(&inv);
	pixDestroy(&t);
	return yes;
}

/*
 * grey_bilevel - the grey page PIX as the bilevel page it is, when it
 * holds two levels only, one dark and one light (a bilevel scan saved as
 * 8-bit grey); its dark level ink.  NULL otherwise.
 */
static PIX *
grey_bilevel(PIX *pix)
{
	l_int32 lo, hi;

	if (!two_levels(pix, &lo, &hi) || lo < 0 || lo >= 128 || hi < 128)
		return NULL;
	return pixThresholdToBinary(pix, hi);
}

/*
 * dithered - whether the bilevel page BIN is a grey page dithered into
 * dots (a scanner's or a fax's halftone mode): in the middle of the page,
 * DITHER_SIDE pixels square at most, DITHER_DOTS dots of 2x2 pixels or
 * less a million pixels.  A scan's own specks are far fewer: 0 to 308 a
 * million on the bilevel pages of the corpus (tesseract's, ocrmypdf's,
 * naps2's) and 2,500 on a fax speckled by 5% of impulse noise (t2310),
 * against 11,700 to 146,000 on six typescripts of tapuscorpus dithered
 * by an ordered 4x4 matrix, whose grey paper and faint ink became dots
 * everywhere.  Dithered by error diffusion, the same pages show 0 to
 * 14,000: light paper gives few dots, and the three under DITHER_DOTS
 * stay bilevel, as they were (a speckle that dense would be taken too).
 */
static int
dithered(PIX *bin)
{
	PIX *mid;
	BOX *box;
	BOXA *boxa;
	l_int32 w = pixGetWidth(bin), h = pixGetHeight(bin), i, n, bw, bh;
	l_int32 cw = w < DITHER_SIDE ? w : DITHER_SIDE,
	    ch = h < DITHER_SIDE ? h : DITHER_SIDE;
	long dots = 0;

	if ((box = boxCreate((w - cw) / 2, (h - ch) / 2, cw, ch)) == NULL)
		return 0;
	mid = pixClipRectangle(bin, box, NULL);
	boxDestroy(&box);
	if (mid == NULL || (boxa = clean_comp_boxes(mid)) == NULL) {
		pixDestroy(&mid);
		return 0;
	}
	n = boxaGetCount(boxa);
	for (i = 0; i < n; i++)
		if (boxaGetBoxGeometry(boxa, i, NULL, NULL, &bw, &bh) == 0 &&
		    bw <= 2 && bh <= 2)
			dots++;
	boxaDestroy(&boxa);
	pixDestroy(&mid);
	return (double)dots * 1e6 >= (double)DITHER_DOTS * cw * ch;
}

/*
 * smoothed - the dithered bilevel page BIN (at DPI) made grey again: each
 * pixel the mean of those within 1/DITHER_SMOOTH inch (a box of 5x5 at
 * 300 dpi), the grey the dots stood for.  NULL if leptonica failed.
 */
static PIX *
smoothed(PIX *bin, int dpi)
{
	PIX *g, *out;
	int r = (dpi + DITHER_SMOOTH / 2) / DITHER_SMOOTH;

	if ((g = pixConvert1To8(NULL, bin, 255, 0)) == NULL)
		return NULL;
	if (r < 1)
		r = 1;
	out = pixBlockconvGray(g, NULL, r, r);
	pixDestroy(&g);
	if (out != NULL)
		pixCopyResolution(out, bin);
	return out;
}

/*
 * bilevel_text_resolution - the resolution the text of the bilevel page
 * BIN says (text_resolution), measured as on a grey page on a grey copy
 * of it reduced by a whole factor (2 to 16, to about 2000 pixels long);
 * 0 when it says none.  Its text spots into *SPOTS (0 if not measured).
 */
static int
bilevel_text_resolution(PIX *bin, int *spots)
{
	struct ink_text t;
	PIX *g;
	int k = 2, side = pixGetWidth(bin) > pixGetHeight(bin) ?
	    pixGetWidth(bin) : pixGetHeight(bin), est;

	*spots = 0;
	while (k < 16 && side / k > 2000)
		k *= 2;
	if ((g = pixScaleToGray(bin, 1.0f / k)) == NULL)
		return 0;
	if (ink_measure(g, &t) != 0) {
		pixDestroy(&g);
		return 0;
	}
	pixDestroy(&g);
	t.height *= k;
	*spots = t.spots;
	est = text_resolution(&t, bin);
	ink_free(&t);
	return est;
}

/*
 * paper_size - 1 if a page of W x H pixels at DPI is a sheet of paper of
 * a common size (A3, A4, A5, Letter, Legal), either way up, each side
 * within PAPER_SLACK: a file whose resolution gives its page the size of
 * a sheet says the truth, whatever the size of its letters (naps2's
 * word_p1.jpg, a Letter page at 300 dpi in large type, said 140 dpi by
 * its text, was scaled twice to 34 million pixels for OCR)
 */
#define PAPER_SLACK	0.04

static int
paper_size(long w, long h, int dpi)
{
	static const double sheet[][2] = {
		{ 11.69, 16.54 }, { 8.27, 11.69 }, { 5.83, 8.27 },
		{ 8.5, 11.0 }, { 8.5, 14.0 }
	};
	double a, b, t;
	size_t i;

	if (dpi <= 0)
		return 0;
	a = (double)w / dpi;
	b = (double)h / dpi;
	if (a > b) {
		t = a;
		a = b;
		b = t;
	}
	for (i = 0; i < sizeof(sheet) / sizeof(sheet[0]); i++)
		if (fabs(a / sheet[i][0] - 1) <= PAPER_SLACK &&
		    fabs(b / sheet[i][1] - 1) <= PAPER_SLACK)
			return 1;
	return 0;
}

/*
 * fax_mode - whether R's file declares one resolution across and another
 * down (unequal: 204 x 98, a fax's standard mode; 200 x 100), the pixels
 * made square by resolution: a machine's mode,
 * not a default an editor left, and believed over its text.  A fax of a
 * faint typescript, its letters broken into specks, said 90 dpi by its
 * text: the page was scaled 3 times to 36 million pixels and the engine
 * read nothing on it, in 13 s where the others took 0.1 to 0.9 s.
 */
static int
fax_mode(const struct deskew_result *r)
{
	return !r->dpi_assumed && unequal(r->dpi_source, r->dpi_source_y);
}

/*
 * text_scale - the scale factor that gives OCR text of the size it reads
 * best, from R's resolution and the resolution the text says (EST; 0 if
 * it says none); 1 when the page is fine as it is.  The text is believed
 * over the file when the file declares a resolution that differs from the
 * text's by over TEXT_DPI_TRUST times, and when it declares none and the
 * text says under DESKEW_LOW_DPI (else 300 stays assumed), but not a
 * fax's (fax_mode); pages that come out under DESKEW_LOW_DPI are scaled
 * up by a whole factor.
 */
static double
text_scale(struct deskew_result *r, int est, long w, long h)
{
	double f, pixels = (double)w * h;
	int dpi = r->dpi;

	if (est > 0 && (r->dpi_assumed ? est < DESKEW_LOW_DPI :
	    (est * TEXT_DPI_TRUST < dpi || est > dpi * TEXT_DPI_TRUST) &&
	    !paper_size(w, h, dpi) && !fax_mode(r)))
		dpi = est;
	if (dpi >= DESKEW_LOW_DPI) {
		r->dpi = dpi;
		return 1.0;
	}
	/*
	 * by the smallest whole factor that brings the page to
	 * DESKEW_LOW_DPI: a whole factor gives every source pixel the same
	 * number of pixels, so a stroke keeps one width all along, where a
	 * factor like 2.7 makes strokes alternately 2 and 3 pixels wide;
	 * and a page of 200-400 dpi is what the engine reads best, for
	 * less of its time than 300 dpi and over (funsd-lowdpi, 8 forms of
	 * about 100 dpi: word F1 0.685 by 2, 0.671 by 3, 0.642 by 2.5 and
	 * 0.638 by 300/dpi, 0.607 unscaled by bare tesseract)
	 */
	f = ceil((double)DESKEW_LOW_DPI / dpi);
	if (f * f * pixels > (double)MAX_SCALED)
		f = sqrt((double)MAX_SCALED / pixels);
	r->dpi = (int)(dpi * f + 0.5);
	return f;
}

/*
 * reduce_big - a page finer than FILE_BIG_DPI by its file, or than
 * BIG_DPI by its text, is reduced to 300 dpi in *GREY before anything
 * else (area mapping): OCR reads it as well at 300 dpi, and the work and
 * memory of the cleanup are those of a 300 dpi page (a 12247x12247 page
 * at 1200 dpi: 470 MB and 27 s before, see deskew(1); six typescript
 * pages in colour at 600 dpi: 1.8 s and 183 MB, 0.8 s and 128 MB after,
 * OCR 5.1 s and 225 MB, 4.6 s and 104 MB after, the same text within 4
 * characters a page; the same six at 400 dpi, quality-bench's scan400:
 * deskew 0.150 -> 0.133 s a page, OCR 0.625 -> 0.563, CER 0.1112 ->
 * 0.1094).  Finer by its file's resolution: the page as it came is then
 * kept in *ORIG, for the text measured on the reduced page to confirm,
 * or, small print, to be reduced less (deskew_take); by its text's,
 * measured on the whole page, where the file says none and the page is
 * over BIG_PIXELS (the measure costs a pass over the whole page).  0 if
 * leptonica failed (*GREY destroyed)
 */
static int
reduce_big(PIX **grey, PIX **orig, struct deskew_result *r)
{
	struct ink_text t;
	PIX *small;
	double f;
	int dpi = r->dpi, est;

	*orig = NULL;
	if (r->dpi_assumed) {
		if ((double)pixGetWidth(*grey) * pixGetHeight(*grey) <=
		    BIG_PIXELS)
			return 1;
		if (ink_measure(*grey, &t) != 0)
			memset(&t, 0, sizeof(t));
		est = text_resolution(&t, *grey);
		ink_free(&t);
		if (est <= 0)
			return 1;
		dpi = est;
	}
	if (dpi <= (r->dpi_assumed ? BIG_DPI : FILE_BIG_DPI))
		return 1;
	f = 300.0 / dpi;
	small = clean_area_map(*grey, (float)f, (float)f);
	if (r->dpi_assumed)
		pixDestroy(grey);
	else
		*orig = *grey;
	if ((*grey = small) == NULL) {
		pixDestroy(orig);
		return 0;
	}
	r->scale *= f;
	r->scale_y *= f;
	r->dpi = 300;
	r->dpi_assumed = 0;
	return 1;
}

/*
 * small_text - the resolution the text of the grey page GREY says where
 * the page is small (SMALL_SIDE) and its text was not found as it is: at
 * 60 dpi and under, a form's letters are 4 to 6 pixels tall and run into
 * its rules and into each other, too few spots for text (a FUNSD form at
 * 62 dpi: 29, no resolution, and the page read at 300 dpi as it was, 27
 * characters, 1,284 edits from its 1,307 of truth, bare tesseract 1,032);
 * scaled up twice (bilinear) they stand apart (80 dpi said, the page
 * scaled 3 times and read at 721 edits).  0 if none, or the page is
 * larger.
 */
static int
small_text(PIX *grey)
{
	struct ink_text t;
	l_int32 w, h;
	PIX *up;
	int est = 0;

	pixGetDimensions(grey, &w, &h, NULL);
	if (pixGetDepth(grey) != 8 || (w > h ? w : h) > SMALL_SIDE ||
	    (up = pixScaleGray2xLI(grey)) == NULL)
		return 0;
	if (ink_measure_at(up, &t, 1) == 0)
		est = text_resolution(&t, up);
	ink_free(&t);
	pixDestroy(&up);
	/* text_resolution's tens, of the page as it is */
	return (est / 2 + 5) / 10 * 10;
}

/*
 * measured - *GREY (at R's resolution) normalised (normalise), its text
 * measured into T (all zero if it could not be): the resolution the
 * text says (on a small page whose text T does not show, scaled up:
 * small_text), 0 if none
 */
static int
measured(PIX **grey, struct deskew_result *r, struct ink_text *t)
{
	int est;

	*grey = normalise(*grey, r->dpi, r);
	if (ink_measure(*grey, t) != 0)
		memset(t, 0, sizeof(*t));
	if ((est = text_resolution(t, *grey)) == 0)
		est = small_text(*grey);
	return est;
}

/*
 * tall_marks_out - SMALL without its marks over TALL_MARKS times LETTER
 * high (the text's median height there), when they hold TALL_SHARE of
 * its ink or more; else NULL (LETTER 0: not known).  A stamp's letters
 * and frame, turned 12 degrees over a short letter, made the page's skew
 * 12.02 (its text's -0.50): the skew is that of the text, and a wide
 * mark (a rule, a line of letters run together) stays.
 */
static PIX *
tall_marks_out(PIX *small, double letter)
{
	PIX *t;
	l_int32 all, kept;

	if (letter <= 0 || TALL_MARKS * letter >= pixGetHeight(small) ||
	    pixCountPixels(small, &all, NULL) != 0 || all == 0 ||
	    (t = clean_keep_small(small, pixGetWidth(small),
	    (int)(TALL_MARKS * letter))) == NULL)
		return NULL;
	if (pixCountPixels(t, &kept, NULL) != 0 ||
	    all - kept < all * TALL_SHARE)
		pixDestroy(&t);
	return t;
}

/*
 * upright - find how the binary page *BIN (at DPI; *NORM its grey page,
 * or NULL) is turned and skewed, on a copy reduced to about 150 dpi (one
 * sweep serves both): turn *BIN and *NORM upright (R->orientation...),
 * *QUADS the clockwise quarter turns made, *ANGLE and *CONF leptonica's
 * skew of the upright page, *PHOTO_FOUND 0 if the page (grey) shows no
 * halftone at all.  0, or -1 if leptonica failed.
 */
static int
upright(PIX **bin, PIX **norm, int dpi, double letter,
    struct deskew_result *r, l_float32 *angle, l_float32 *conf, int *quads,
    int *photo_found)
{
	PIX *small, *photo = NULL, *psmall = NULL, *t = NULL;
	l_float32 a, c;
	int red = dpi >= 250 ? 2 : 1;

	*angle = *conf = 0;
	*quads = 0;
	if ((small = red == 2 ? pixReduceRankBinaryCascade(*bin, 1, 0, 0,
	    0) : pixClone(*bin)) == NULL)
		return -1;
	sweep(small, red, angle, conf);
	/*
	 * the skew of the text alone, where marks far taller than its
	 * letters hold much of the ink: believed where the page's is not,
	 * or where the two differ by over TALL_APART (a stamp turned 12
	 * degrees on a short letter: its skew 12.02, the text's -0.50; 25
	 * degrees: none found, -0.50; over a typescript's title page, two
	 * lines of capitals, 11.95 at three times the text's height, the
	 * stamp's letters being under it, 0.38 at twice, as without the
	 * stamp); else the page's stands (the
	 * text's alone moved the skew of three faint typescripts by 0.08 to
	 * 0.19 degrees, one read at CER 0.302 for 0.209)
	 */
	if ((t = tall_marks_out(small, letter / red)) != NULL) {
		sweep(t, red, &a, &c);
		if (c >= DESKEW_MIN_CONF && (*conf < DESKEW_MIN_CONF ||
		    fabs(a - *angle) > TALL_APART)) {
			*angle = a;
			*conf = c;
		}
		pixDestroy(&t);
	}
	/*
	 * leptonica's halftone mask: photo regions, kept out of decisions;
	 * none on the page as found, none taken on the page cleaned, and
	 * the mask is not made again (turning and cleaning adds no photo;
	 * on 2 of 135 corpus images the turned page's mask found a speck,
	 * under 0.1% of the page, against DESKEW_PHOTO_MIN's 4%)
	 */
	*photo_found = *norm != NULL;
	if (*norm != NULL &&
	    (photo = clean_halftone_mask(*bin, photo_found)) != NULL)
		psmall = red == 2 ? pixReduceRankBinaryCascade(photo, 1, 0, 0,
		    0) : pixClone(photo);
	*quads = orient(small, psmall, *bin, photo, dpi, red, *angle, *conf,
	    r);
	pixDestroy(&psmall);
	pixDestroy(&photo);
	if (*quads != 0) {
		if (!replace(bin, pixRotateOrth(*bin, *quads)) ||
		    (*norm != NULL && !replace(norm, clean_rotate_orth(*norm,
		    *quads)))) {
			pixDestroy(&small);
			return -1;
		}
		/*
		 * sideways, its lines ran across the sweep: once more,
		 * upright; upside down, they have the same slope
		 */
		if (*quads % 2 == 1) {
			*angle = *conf = 0;
			if ((t = pixRotateOrth(small, *quads)) != NULL)
				sweep(t, red, angle, conf);
			pixDestroy(&t);
		}
	}
	pixDestroy(&small);
	return 0;
}

/*
 * edge_text - 1 if the binary page BIN (DPI) shows a line of text: at
 * least EDGE_TEXT marks of a letter's size (0.04 to 0.5 inch high, at
 * most 3 times as wide, filling at most 2/3 of their box as letters do)
 * that stand in lines (ink_lined).  The marks of a scanner and of a
 * sheet's edge are long lines; punch holes, staples and specks are few
 * or far apart; the holes of tractor-feed paper, in a row, are filled
 * discs (over 3/4 of their box) or rings further apart than letters.
 */
static int
edge_text(PIX *bin, int dpi)
{
	BOXA *all, *marks;
	PIXA *pixa = NULL;
	PIX *c;
	l_int32 i, n, x, y, w, h, count, lo = dpi / 25, hi = dpi / 2;
	int lined = 0;

	if ((all = pixConnComp(bin, &pixa, 8)) == NULL)
		return 0;
	n = boxaGetCount(all);
	if (n < EDGE_TEXT || (marks = boxaCreate(n)) == NULL) {
		pixaDestroy(&pixa);
		boxaDestroy(&all);
		return 0;
	}
	for (i = 0; i < n; i++) {
		if (boxaGetBoxGeometry(all, i, &x, &y, &w, &h) != 0 ||
		    h < lo || h > hi || w > 3 * h)
			continue;
		count = 0;
		if ((c = pixaGetPix(pixa, i, L_CLONE)) != NULL)
			pixCountPixels(c, &count, NULL);
		pixDestroy(&c);
		if (count > 0 && 3 * count <= 2 * w * h)
			boxaAddBox(marks, boxCreate(x, y, w, h), L_INSERT);
	}
	if (boxaGetCount(marks) >= EDGE_TEXT)
		lined = ink_lined(marks);
	boxaDestroy(&marks);
	pixaDestroy(&pixa);
	boxaDestroy(&all);
	return lined >= EDGE_TEXT;
}

/*
 * blank_by - whether the cleaned binary page BIN (DPI), whose ink share is
 * SCORE (clean_specks_ink, which left EDGE), is blank: under
 * DESKEW_BLANK_MAX, or under DESKEW_BLANK_MARGIN all of it at the edges;
 * and no line of text anywhere (edge_text): a header printed near the
 * sheet's top (paperless-ngx's mail/first.pdf, "first PDF to be
 * merged.", was blank), a short note in a small hand or type ("vu le 3
 * mars" in 7 points, bilevel, was blank: its ink 0.9 of the share)
 */
static int
blank_by(PIX *bin, int dpi, double score, PIX *edge)
{
	return (score < DESKEW_BLANK_MAX || (score < DESKEW_BLANK_MARGIN &&
	    clean_ink_share_inside(bin, dpi, edge) < DESKEW_BLANK_MAX)) &&
	    !edge_text(bin, dpi);
}

/*
 * dotted - whether the binary page BIN at DPI (before its specks were
 * cleared), blank by its marks, is a dot-matrix print whose dots stand
 * apart: each dot a speck, or under the size of a stroke that
 * clean_specks_ink weighs (1/60 inch), so that a legible page of them was
 * found blank.  Its marks joined by a closing of 1/CLEAN_DOT_PITCH inch
 * (the dots of a printed line are closer) must be DOT_SHARE times fewer
 * than its marks, a third of them at least of a letter's size (DOT_LETTERS),
 * and not blank by the rule that weighs any page: dust on a blank sheet
 * lies too far apart to join, and the paper's grain, joined, makes blots
 * of every size, not letters.
 */
static int
dotted(PIX *bin, int dpi)
{
	PIX *c, *e = NULL;
	BOXA *boxa;
	l_int32 marks, joined, letters = 0, i, w, h;
	double score;
	int k = (dpi / CLEAN_DOT_PITCH) | 1, is = 0;

	if (k < 3)
		k = 3;
	if (pixCountConnComp(bin, 8, &marks) != 0 || marks < DOT_MARKS ||
	    (c = pixCloseBrick(NULL, bin, k, k)) == NULL)
		return 0;
	if ((boxa = pixConnCompBB(c, 8)) != NULL) {
		joined = boxaGetCount(boxa);
		for (i = 0; i < joined; i++)
			if (boxaGetBoxGeometry(boxa, i, NULL, NULL, &w,
			    &h) == 0 && h * 25 >= dpi && h * 2 <= dpi &&
			    w * 5 <= dpi * 3)
				letters++;
		boxaDestroy(&boxa);
		if (marks >= DOT_SHARE * joined && letters >= DOT_LETTERS &&
		    letters * 3 >= joined) {
			score = clean_specks_ink(c, dpi, &e);
			is = !blank_by(c, dpi, score, e);
		}
	}
	pixDestroy(&e);
	pixDestroy(&c);
	return is;
}

/*
 * dot_rows - on BIN, a bilevel page found not blank whose specks were
 * cleared (SPECKED: as it was; DOTS: its marks of a dot's size), the rows
 * of a dot-matrix print whose dots stand apart (clean_dot_rows): a form
 * filled in by such a printer, whose filled-in text was cleared as specks
 * (a scan of dots 3 pixels wide at 300 dpi lost every word of it) or read
 * as nothing (4 pixels).  A bilevel page only: the dots are all its scan
 * has, where a grey page's split is checked against the text of the grey
 * page (keep_grey), and a grey page's thin print broken by the split is
 * no dot-matrix print (a Kodak patch sheet's small grey print was taken
 * for one, and its OCR page blotted).  Their specks go back onto BIN, the
 * page the archive keeps; returns those rows' marks joined
 * (clean_dot_join) for OCR's page (paint_joined), their letters into
 * R->dot_letters; NULL if none
 */
static PIX *
dot_rows(PIX *bin, PIX *specked, const struct clean_dots *dots,
    struct deskew_result *r)
{
	PIX *rows, *t, *j = NULL;
	int k = clean_dot_join(r->dpi);

	if ((rows = clean_dot_rows(specked, dots, r->dpi,
	    &r->dot_letters)) == NULL)
		return NULL;
	/*
	 * joined: grown by K (dots a pitch apart meet, on the diagonal too,
	 * where a closing leaves them apart), then thinned by K - 2 (strokes
	 * a dot and 2 pixels wide: grown only, 0 and 8 ran together)
	 */
	if ((t = pixAnd(NULL, specked, rows)) != NULL) {
		pixOr(bin, bin, t);
		if ((j = clean_dilate(t, k, k)) != NULL)
			pixErodeBrick(j, j, k - 2, k - 2);
		pixDestroy(&t);
	}
	pixDestroy(&rows);
	return j;
}

/*
 * ocr_own - OCR's own page *OCRPIX, made a copy of the archived page OUT
 * if it has none (it reads OUT then); NULL if leptonica cannot
 */
static PIX *
ocr_own(PIX **ocrpix, PIX *out)
{
	if (*ocrpix == NULL)
		*ocrpix = pixCopy(NULL, out);
	return *ocrpix;
}

/*
 * paint_joined - paint JOINED (dot_rows) onto OCR's page OCR: set on a
 * 1 bpp page, black on a grey one
 */
static void
paint_joined(PIX *ocr, PIX *joined)
{
	if (pixGetDepth(ocr) == 1)
		pixOr(ocr, ocr, joined);
	else if (pixGetDepth(ocr) == 8 && pixGetColormap(ocr) == NULL)
		pixPaintThroughMask(ocr, joined, 0, 0, 0);
}

/*
 * grain_level - the grey level GRAIN_SIGMAS standard deviations of its
 * paper's noise under the paper of NORM (normalised: its paper's mean is
 * 255, the noise over it clipped), for a page that is nearly all paper:
 * the noise from the level 3 pixels in 10 are under, 0.524 standard
 * deviation under the mean of a normal spread
 */
static int
grain_level(PIX *norm)
{
	NUMA *na = pixGetGrayHistogram(norm, 2);
	l_float32 v = 255;
	double sigma;

	if (na == NULL)
		return 0;
	if (numaHistogramGetValFromRank(na, 0.3f, &v) != 0)
		v = 255;
	numaDestroy(&na);
	sigma = (255 - v) / 0.524;
	return (int)(255 - GRAIN_SIGMAS * sigma);
}

/*
 * grain_blank - R's page, not blank at the Otsu split of its normalised
 * grey page NORM, shows no text: where the split fell into the paper's own
 * grain (a phone photo of a blank sheet, coarse recycled paper: its
 * darkest specks grow into marks of a letter's size), thresholded again
 * GRAIN_SIGMAS standard deviations of that grain under the paper, cleaned
 * the same way; blank so, it is blank, and *BIN and *EDGE become that
 * page's (R->threshold its level).  Only where every mark of *BIN is a
 * speck under 1/GRAIN_MARK inch: a faint pencil signature on a noisy
 * photo has strokes longer than that, and is not weighed by its level.
 */
static void
grain_blank(PIX *norm, PIX **bin, PIX **edge, struct deskew_result *r)
{
	PIX *b, *e = NULL;
	BOXA *boxa;
	double score;
	l_int32 i, n, bw, bh;
	int level = grain_level(norm), big = 0, most = r->dpi / GRAIN_MARK;

	if (level < THRESH_MIN || level >= r->threshold)
		return;
	/* any mark a stroke or a letter long is no grain */
	if ((boxa = pixConnCompBB(*bin, 8)) == NULL)
		return;
	n = boxaGetCount(boxa);
	for (i = 0; i < n && !big; i++)
		big = boxaGetBoxGeometry(boxa, i, NULL, NULL, &bw, &bh) != 0 ||
		    bw > most || bh > most;
	boxaDestroy(&boxa);
	if (big || (b = clean_threshold(norm, level)) == NULL)
		return;
	clean_border_comps(b, r->dpi);
	clean_holes(b, r->dpi);
	score = clean_specks_ink(b, r->dpi, &e);
	if (!blank_by(b, r->dpi, score, e)) {
		pixDestroy(&b);
		pixDestroy(&e);
		return;
	}
	pixDestroy(bin);
	pixDestroy(edge);
	*bin = b;
	*edge = e;
	r->blank = 1;
	r->blank_score = score;
	r->threshold = level;
	r->method = "background-normalised, split under the paper's grain";
}

/*
 * keep_grey - the binary page BIN loses text that the grey page shows
 * (T, its text spots, where they are on BIN), or is blank while the grey
 * page shows text: then the reason, in R->fallback; else NULL.  Spots
 * where the cleanup cleared punch holes (CLEARED; NULL: none) are not
 * text lost: a blank sheet with the four holes of a European punch had
 * its grey page kept and was not blank.
 * R->text_spots, R->spots_lost say what was compared.
 */
static const char *
keep_grey(const struct ink_text *t, PIX *bin, PIX *cleared,
    struct deskew_result *r, BOXA *lost)
{
	double area;

	r->text_spots = t->spots;
	r->text_faint = t->faint;
	r->spots_lost = ink_lost(t, bin, cleared, &area, lost);
	if (r->spots_lost < LOST_MIN || area * LOST_SHARE < 1)
		return NULL;
	snprintf(r->fallback_buf, sizeof(r->fallback_buf),
	    "%s: no ink in %d of the %d text spots of the grey page "
	    "(%.0f%% of their area)", r->blank ? "binary page blank" :
	    "binary page loses text", r->spots_lost, r->text_spots,
	    100 * area);
	return r->fallback = r->fallback_buf;
}

/*
 * stain_sized - whether a solid area W x H on the page reduced 4 times
 * (at DPI) is STAIN_SIDE inch wide and high or more
 */
static int
stain_sized(l_int32 w, l_int32 h, int dpi)
{
	return w * 4 * STAIN_SIDE >= dpi && h * 4 * STAIN_SIDE >= dpi;
}

/*
 * holds_text - whether the ink under LEVEL of the grey part G, within the
 * mask M (G's size), at DPI, is text: half of it at least in marks of a
 * letter's size and shape (1/50 to 1/3 inch high, under half an inch
 * wide, filling under 3/4 of their box: not a rule, not a square module),
 * and those covering 1/STAIN_SHARE of G at least, or, in a FIELD (a
 * rectangle), FIELD_LETTERS of them: a short word in a wide field
 * ("Oui", a date) is far under that share, and was a black bar.  A
 * photograph of warped graph paper held, in quarter-inch areas that the
 * binary page made solid, its darker main lines and clusters of its fine
 * grid's dots: under 2% of the area's box, where text under a stain or
 * in a shaded field covered 4% to 9% (letters ink), and taken for stains
 * its OCR page was lifted and read as 710 characters of junk; those
 * areas fill a tenth of their box, no field.
 */
static int
holds_text(PIX *g, PIX *m, int level, int dpi, int field)
{
	PIX *dark, *p;
	PIXA *pixa = NULL;
	BOXA *boxa;
	l_int32 i, n, w, h, count, nl = 0;
	long all = 0, letters = 0;

	/* (a level's pixels are counted dark: under LEVEL + 1) */
	if ((dark = pixThresholdToBinary(g, level + 1)) == NULL)
		return 0;
	pixAnd(dark, dark, m);
	boxa = pixConnComp(dark, &pixa, 8);
	pixDestroy(&dark);
	n = boxa != NULL && pixa != NULL ? boxaGetCount(boxa) : 0;
	for (i = 0; i < n; i++) {
		p = pixaGetPix(pixa, i, L_CLONE);
		if (p == NULL || boxaGetBoxGeometry(boxa, i, NULL, NULL, &w,
		    &h) != 0 || pixCountPixels(p, &count, NULL) != 0) {
			pixDestroy(&p);
			continue;
		}
		pixDestroy(&p);
		all += count;
		if (h * 50 >= dpi && h * 3 <= dpi && w * 2 < dpi &&
		    count * 4 < 3 * w * h) {
			letters += count;
			nl++;
		}
	}
	boxaDestroy(&boxa);
	pixaDestroy(&pixa);
	return all > 0 && letters * 2 >= all && (field ? nl >= FIELD_LETTERS :
	    letters * STAIN_SHARE >= (long)pixGetWidth(g) * pixGetHeight(g));
}

/*
 * stained_in - stained's look at the solid areas R (BIN reduced 4 times):
 * one STAIN_SIDE inch wide and high or more, filling 1/STAIN_FILL of its
 * box if FILL, under whose own pixels of NORM STAIN_SHARE at least are
 * STAIN_CONTRAST darker than their median (any, in a rectangle that
 * fills 1/FIELD_FILL of its box: a field), and that ink text
 * (holds_text); how many, each painted into *AREAS (made like R when the
 * first is found)
 */
static int
stained_in(PIX *norm, PIX *r, int dpi, int fill, PIX **areas)
{
	PIX *c, *m, *g;
	PIXA *pixa = NULL;
	BOXA *boxa;
	BOX *full;
	NUMA *na;
	l_float32 total, acc;
	l_int32 i, n, x, y, w, h, med, count;
	int found = 0, field;

	if ((boxa = pixConnComp(r, &pixa, 8)) == NULL || pixa == NULL) {
		boxaDestroy(&boxa);
		return 0;
	}
	n = boxaGetCount(boxa);
	for (i = 0; i < n; i++) {
		if (boxaGetBoxGeometry(boxa, i, &x, &y, &w, &h) != 0 ||
		    !stain_sized(w, h, dpi) ||
		    (c = pixaGetPix(pixa, i, L_CLONE)) == NULL)
			continue;
		if (pixCountPixels(c, &count, NULL) != 0 ||
		    (fill && (double)count * STAIN_FILL < (double)w * h)) {
			pixDestroy(&c);
			continue;
		}
		/* a rectangle: a shaded field, a line marked in highlighter */
		field = (double)count * FIELD_FILL >= (double)w * h;
		m = pixExpandReplicate(c, 4);
		full = boxCreate(4 * x, 4 * y, 4 * w, 4 * h);
		g = full != NULL ? pixClipRectangle(norm, full, NULL) : NULL;
		boxDestroy(&full);
		na = m != NULL && g != NULL && pixGetWidth(m) ==
		    pixGetWidth(g) && pixGetHeight(m) == pixGetHeight(g) ?
		    pixGetGrayHistogramMasked(g, m, 0, 0, 1) : NULL;
		/* the median under its pixels, then the share darker */
		if (na != NULL) {
			med = ink_hist_rank(na, 0.5);
			if (numaGetSum(na, &total) != 0 ||
			    med < STAIN_CONTRAST ||
			    numaGetSumOnInterval(na, 0, med - STAIN_CONTRAST,
			    &acc) != 0)
				total = acc = 0;
			if (total > 0 && (field ? acc > 0 :
			    acc * STAIN_SHARE >= total) &&
			    holds_text(g, m, med - STAIN_CONTRAST, dpi,
			    field)) {
				found++;
				if (*areas != NULL ||
				    (*areas = pixCreateTemplate(r)) != NULL)
					pixRasterop(*areas, x, y, w, h,
					    PIX_PAINT, c, 0, 0);
			}
			numaDestroy(&na);
		}
		pixDestroy(&m);
		pixDestroy(&g);
		pixDestroy(&c);
	}
	pixaDestroy(&pixa);
	boxaDestroy(&boxa);
	return found;
}

/*
 * stained - whether the binary page BIN (at DPI) made a solid area of
 * STAIN_SIDE inch or more of a dark stain over text on the normalised
 * grey page NORM: under that area's own pixels, STAIN_SHARE of them at
 * least are STAIN_CONTRAST darker than their median, the text the stain
 * covers.  A coffee or water stain of a mid grey (luminance about 130)
 * over a typescript was made one black ellipse and its lines erased,
 * the engine reading none of them (CER 0.272 against 0.043 without the
 * stain); under a darker stain (about 100) 4.1% of the black pixels were
 * the text's, a twentieth missed them.  A form's field shaded mid grey
 * (80 to 140) for one line of text, a third of an inch high, is one too:
 * when a stain had to be half an inch each way, its dossier and national
 * numbers were black bars on the archived page and lost to OCR.  A
 * black bar, a banner, a heading's dark band are one grey under their
 * black pixels.  Solid: each
 * 4x4 block black (two AND reductions), which no stroke of text is; an
 * area, not lines: it fills 1/STAIN_FILL of its box at least, or is
 * what of it is 1/STAIN_CORE inch thick.  The dark edges of a sheet
 * scanned on a larger bed (turned a little, or copied small onto a page)
 * are one thin frame whose box is the whole page: the text within that
 * box was taken for the frame's, the page kept grey (a PNG of 2.7 MB for
 * a G4 page of 10 KB) on 3 of 8 typescripts so placed; a grid of graph
 * paper, the same.  A stain that touches the frame is one area with it
 * that fills under a tenth of the page's box: found by its thick part
 * (a stain is inches across, a SAMPLE watermark's letters are found by
 * their fill, its strokes thinner than an eighth).  The areas found, in
 * *AREAS (BIN reduced 4 times; NULL if none), for unstain.
 */
static int
stained(PIX *norm, PIX *bin, int dpi, PIX **areas)
{
	PIX *r, *o;
	BOXA *boxa;
	l_int32 i, n, w, h;
	int found = 0, big = 0, k;

	if ((r = pixReduceRankBinaryCascade(bin, 4, 4, 0, 0)) == NULL)
		return 0;
	/* areas large enough by their boxes (most pages have none) */
	if ((boxa = clean_comp_boxes(r)) != NULL) {
		n = boxaGetCount(boxa);
		for (i = 0; i < n && !big; i++)
			big = boxaGetBoxGeometry(boxa, i, NULL, NULL, &w,
			    &h) == 0 && stain_sized(w, h, dpi);
		boxaDestroy(&boxa);
	}
	*areas = NULL;
	if (big)
		found = stained_in(norm, r, dpi, 1, areas);
	/*
	 * then what of them is thick, STAIN_CORE inch or more: a stain
	 * that touches the frame, its area a small share of the frame's box
	 */
	k = (dpi / (4 * STAIN_CORE)) | 1;
	if (big && !found && k >= 3 && (o = pixOpenBrick(NULL, r, k, k)) !=
	    NULL) {
		found = stained_in(norm, o, dpi, 0, areas);
		pixDestroy(&o);
	}
	pixDestroy(&r);
	return found;
}

/*
 * lifted - what pixBackgroundNormMorph(GREY, NULL, 4, SIZE, 255) gives,
 * but its background map (a grey closing of GREY reduced 4 times, made
 * of 4x4 blocks) taken a block further into the dark: at a stain's
 * sharp edge (a field shaded grey) the blocks astride it counted as
 * paper, and left a dark line along the edge that OCR read as a bar
 */
static PIX *
lifted(PIX *grey, int size)
{
	PIX *map = NULL, *t, *inv, *out;

	if (pixGetBackgroundGrayMapMorph(grey, NULL, 4, size, &map) != 0 ||
	    map == NULL)
		return NULL;
	if ((t = pixErodeGray(map, 3, 3)) != NULL)
		replace(&map, t);
	inv = pixGetInvBackgroundMap(map, 255, 0, 0);
	pixDestroy(&map);
	out = inv != NULL ? pixApplyInvBackgroundGrayMap(grey, inv, 4, 4) :
	    NULL;
	pixDestroy(&inv);
	return out;
}

/*
 * unstain - OCR's grey page PIX (at DPI) with the stains of AREAS (found
 * by stained, on the page reduced 4 times) lifted off the text: within
 * them and UNSTAIN_MARGIN inch around, each pixel is set over its own
 * background, the page's grey closing (its ink taken away: a maximum
 * then a minimum over 1/UNSTAIN_INK inch, wider than a stroke), made
 * white (leptonica's pixBackgroundNormMorph, at a quarter of the page's
 * resolution).  The archive keeps the grey page as scanned; tesseract,
 * which splits its page at one level (Otsu) for the whole page, made a
 * stain of mid grey black with the text in it: a coffee stain of about
 * 130 over a typescript, the lines under it read as nothing (CER 0.259,
 * bare tesseract 0.251, 0.036 unstained), a form's field shaded grey
 * (luminance 80 to 140) with the dossier and national numbers in black
 * on it, both lines lost.  Where the background is the text's own
 * (white letters on a dark band) the division would erase them: such a
 * band is one grey under its black pixels and is no stain (stained).
 */
static void
unstain(PIX *pix, PIX *areas, int dpi)
{
	PIX *grown, *mask, *clip, *flat, *m;
	BOX *box = NULL, *full;
	l_int32 bx, by, bw, bh;
	int k = (int)(dpi / 4.0 * UNSTAIN_MARGIN) * 2 + 1,
	    size = (dpi / 4 / UNSTAIN_INK) | 1;

	if (size < 3)
		size = 3;
	grown = pixDilateBrick(NULL, areas, k, k);
	if (grown == NULL || pixClipToForeground(grown, &mask, &box) != 0 ||
	    mask == NULL) {
		pixDestroy(&grown);
		boxDestroy(&box);
		return;
	}
	pixDestroy(&grown);
	boxGetGeometry(box, &bx, &by, &bw, &bh);
	boxDestroy(&box);
	full = boxCreate(4 * bx, 4 * by, 4 * bw, 4 * bh);
	clip = full != NULL ? pixClipRectangle(pix, full, &box) : NULL;
	boxDestroy(&full);
	flat = clip != NULL && pixGetWidth(clip) >= 4 * size &&
	    pixGetHeight(clip) >= 4 * size ? lifted(clip, size) : NULL;
	m = flat != NULL ? pixExpandReplicate(mask, 4) : NULL;
	if (m != NULL && pixCombineMasked(clip, flat, m) == 0 &&
	    boxGetGeometry(box, &bx, &by, &bw, &bh) == 0)
		pixRasterop(pix, bx, by, bw, bh, PIX_SRC, clip, 0, 0);
	pixDestroy(&m);
	pixDestroy(&flat);
	pixDestroy(&clip);
	pixDestroy(&mask);
	boxDestroy(&box);
}

/*
 * marks_found - pale_marks' strokes on GREY (the grey page, or its
 * reduction) at DPI, BIN (aligned with it) its ink: a mask of its pixels
 * under LEVEL that make them, NULL for none
 */
static PIX *
marks_found(PIX *grey, PIX *bin, int level, int dpi, double scale)
{
	PIX *low, *near, *seed, *thick, *closed, *marks = NULL;
	int c, k, m, s, empty = 1;

	if ((low = clean_threshold(grey, level)) == NULL)
		return NULL;
	/*
	 * the rim of BIN's strokes: its ink grown by 1/100 inch, and by
	 * as many times that as the page was scaled up (SCALE), whose blur
	 * grew with it (the feet of a serif font's letters at 3 times)
	 */
	k = (2 * (dpi / 100) + 1) * (scale > 1 ? (int)ceil(scale) : 1);
	if ((near = clean_dilate(bin, k, k)) != NULL) {
		pixSubtract(low, low, near);
		pixDestroy(&near);
	} else
		goto out;
	m = dpi / 4;
	pixSetOrClearBorder(low, m, m, m, m, PIX_CLR);
	/*
	 * what a brick of the narrow width fits in, once gaps of a dot
	 * screen's pitch are closed: not a stroke (a shaded box, its
	 * dots netted into one thin mesh around the text it shades, a
	 * stain, a highlighter's band)
	 */
	c = (dpi / MARK_PITCH) | 1;
	s = (dpi / MARK_THIN) | 1;
	if (c < 3)
		c = 3;
	if (s < 3)
		s = 3;
	/*
	 * closed (dilated by C, eroded by C), then eroded by S: dilated by
	 * C and eroded by C + S - 1 at once, an erosion made as the dilation
	 * of the paper (clean_dilate's few passes, where leptonica's brick
	 * makes one a pixel of the brick's side)
	 */
	if ((closed = clean_dilate(low, c, c)) == NULL)
		goto out;
	pixInvert(closed, closed);
	seed = clean_dilate(closed, c + s - 1, c + s - 1);
	pixInvert(closed, closed);
	if (seed == NULL) {
		pixDestroy(&closed);
		goto out;
	}
	pixInvert(seed, seed);
	thick = pixSeedfillBinary(NULL, seed, closed, 8);
	pixDestroy(&seed);
	pixDestroy(&closed);
	if (thick == NULL)
		goto out;
	pixSubtract(low, low, thick);
	pixDestroy(&thick);
	k = dpi / MARK_LONG;
	if ((marks = pixSelectBySize(low, k, k, 8, L_SELECT_IF_EITHER,
	    L_SELECT_IF_GTE, NULL)) != NULL && (pixZero(marks, &empty) != 0 ||
	    empty))
		pixDestroy(&marks);
out:
	pixDestroy(&low);
	return marks;
}

/*
 * pale_marks - the marks of NORM (the normalised grey page at DPI, its
 * paper at level PAPER, scaled up by SCALE) that the binary page BIN,
 * split at THRESHOLD, leaves out: strokes MARK_CONTRAST levels or more under the paper but
 * lighter than the split, away from the page's edge and from BIN's ink
 * (the pale rim of its strokes), narrower than 1/MARK_THIN inch and
 * 1/MARK_LONG inch long or more.  A signature or a note in pale ballpoint
 * or pencil, a stamp in a light colour: the split that the page's text
 * sets ("split by the text", ink.c) is darker than they are, and a binary
 * page without them would keep the typescript and lose the signature
 * under it.  Shaded boxes and stains are not strokes (a brick of the
 * narrow width fits in them); show-through and paper grain are not this
 * dark (ink.c's CONTRAST_MIN); a line along the page's edge within
 * 1/MARK_EDGE inch of it is the sheet's edge.  A 1 bpp mask of them,
 * NULL when there is none (*COUNT: how many).  Found on the page reduced
 * by 2 (each pixel the darkest of its 4, which keeps a thin stroke's
 * level; a page under MARK_REDUCE dpi as it is), then taken at the
 * page's own resolution within each one's box: 4% of the stage's time
 * on tapuscorpus's pages, where the same search on the whole page took
 * 10%.
 */
static PIX *
pale_marks(PIX *norm, PIX *bin, int paper, int threshold, int dpi,
    double scale, int *count)
{
	PIX *small, *sbin, *found, *marks = NULL, *g, *t, *e, *f;
	BOXA *boxa;
	BOX *box;
	l_int32 n = 0, i, x, y, w, h, pw, ph, band;
	int level = paper - MARK_CONTRAST, r;

	*count = 0;
	pixGetDimensions(norm, &pw, &ph, NULL);
	if (level <= threshold || dpi < 1 || pixGetDepth(norm) != 8 ||
	    pw < 16 || ph < 16)
		return NULL;
	/* a page too coarse to reduce is looked at as it is */
	r = dpi >= MARK_REDUCE ? 2 : 1;
	small = r == 2 ? clean_min_reduce2(norm) : pixClone(norm);
	/*
	 * the binary page's ink, reduced: a pixel of SMALL under the split
	 * is one of 4 that was (what the cleanup took, specks and the
	 * border, then counts as ink: no mark is looked for beside it)
	 */
	sbin = small != NULL ? clean_threshold(small, threshold) : NULL;
	found = small != NULL && sbin != NULL ? marks_found(small, sbin,
	    level, dpi / r, scale) : NULL;
	pixDestroy(&small);
	pixDestroy(&sbin);
	if (found == NULL || (boxa = pixConnCompBB(found, 8)) == NULL) {
		pixDestroy(&found);
		return NULL;
	}
	/* each at the page's own resolution: its pixels under LEVEL */
	marks = pixCreate(pw, ph, 1);
	band = dpi / MARK_EDGE / r;
	for (i = 0; marks != NULL && i < boxaGetCount(boxa); i++) {
		boxaGetBoxGeometry(boxa, i, &x, &y, &w, &h);
		/*
		 * a line along the page's edge, near it: the edge of the
		 * sheet or of the one under it, a fold, not a mark on it
		 */
		if ((w >= 4 * h && (y + h <= band || y >= ph / r - band)) ||
		    (h >= 4 * w && (x + w <= band || x >= pw / r - band)))
			continue;
		n++;
		box = boxCreate(r * x, r * y, r * w, r * h);
		g = box != NULL ? pixClipRectangle(norm, box, NULL) : NULL;
		boxDestroy(&box);
		box = boxCreate(x, y, w, h);
		f = box != NULL ? pixClipRectangle(found, box, NULL) : NULL;
		boxDestroy(&box);
		e = f != NULL ? pixExpandReplicate(f, r) : NULL;
		t = g != NULL ? clean_threshold(g, level) : NULL;
		if (t != NULL && e != NULL) {
			/* E is as large or larger, from its top left */
			pixRasterop(t, 0, 0, pixGetWidth(t), pixGetHeight(t),
			    PIX_SRC & PIX_DST, e, 0, 0);
			pixRasterop(marks, r * x, r * y, pixGetWidth(t),
			    pixGetHeight(t), PIX_PAINT, t, 0, 0);
		}
		pixDestroy(&g);
		pixDestroy(&f);
		pixDestroy(&e);
		pixDestroy(&t);
	}
	boxaDestroy(&boxa);
	pixDestroy(&found);
	if (n == 0)
		pixDestroy(&marks);
	*count = marks != NULL ? n : 0;
	return marks;
}

/*
 * ruled_level - the grey level under which the page normalised to white
 * paper shows a ruled paper's lines, with a page whose ink THRESHOLD is
 * that: halfway from the threshold to white, and RULED_LEVEL at least (a
 * squared paper's light blue lines, grey 185 or so, are lighter than the
 * ink threshold of a dark typescript's page, 150 to 180)
 */
static int
ruled_level(int threshold)
{
	int level = (threshold + 256) / 2;

	return level > RULED_LEVEL ? level : RULED_LEVEL;
}

/*
 * lines_in - how many marks of M hold a straight run of RUN pixels across
 * it (ACROSS) or down it, span LINE_WHOLE of it that way, are under THICK
 * pixels thick on average and over EDGE pixels from the edges they run
 * along (a sheet's own edge, or the scanner's lid beyond it, is no line
 * through the text); with MASKP, a mask of them into *MASKP (NULL if
 * none).  -1 if leptonica failed.
 */
static int
lines_in(PIX *m, int run, int across, double thick, int edge, PIX **maskp)
{
	PIX *open, *p;
	PIXA *pixa = NULL;
	BOXA *boxa;
	l_int32 i, n, bx, by, bw, bh, area, len, w, h;
	int found = 0;

	if (maskp != NULL)
		*maskp = NULL;
	pixGetDimensions(m, &w, &h, NULL);
	if (run < 4 || (across ? w : h) < 2 * run ||
	    (open = pixOpenCompBrickDwa(NULL, m, across ? run : 1,
	    across ? 1 : run)) == NULL)
		return -1;
	if ((boxa = pixConnComp(open, &pixa, 8)) == NULL) {
		pixDestroy(&open);
		return -1;
	}
	n = boxaGetCount(boxa);
	for (i = 0; i < n; i++) {
		if (boxaGetBoxGeometry(boxa, i, &bx, &by, &bw, &bh) != 0)
			continue;
		len = across ? bw : bh;
		if (len < LINE_WHOLE * (across ? w : h) ||
		    (across ? by < edge || by + bh > h - edge : bx < edge ||
		    bx + bw > w - edge) ||
		    (p = pixaGetPix(pixa, i, L_CLONE)) == NULL)
			continue;
		if (pixCountPixels(p, &area, NULL) == 0 &&
		    area < thick * len) {
			found++;
			if (maskp != NULL && (*maskp != NULL ||
			    (*maskp = pixCreateTemplate(open)) != NULL))
				pixRasterop(*maskp, bx, by, bw, bh, PIX_PAINT,
				    p, 0, 0);
		}
		pixDestroy(&p);
	}
	boxaDestroy(&boxa);
	pixaDestroy(&pixa);
	pixDestroy(&open);
	return found;
}

/*
 * quarter_lines - lines_in of SMALL, a page at DPI reduced by 4 (a pixel
 * marked if any of its 16 is): its lines that way (ACROSS), EDGE pixels of
 * the page from the edges they run along, counted
 */
static int
quarter_lines(PIX *small, int dpi, int across, int edge, int thin)
{
	return lines_in(small, dpi / LINE_RUN / 4, across, 2.0 * dpi / 4 /
	    thin + 2, edge / 4, NULL);
}

/*
 * long_lines - the long straight lines of the page in the mask M (what
 * the grey page shows darker than paper, ruled paper's pale lines with
 * its dark ones; or a bilevel page's ink) at DPI, down the page, or
 * across it if ACROSS: a mask as large as M, of the marks that hold a
 * straight run of 1/LINE_RUN inch that way, run from edge to edge
 * (LINE_WHOLE of the page), are under 1/LINE_THIN inch thick on average
 * and over EDGE pixels from the edges they run along (lines_in; lines_out
 * asks 1/LINE_EDGE inch);
 * grown by a pixel each side for their soft edges; NULL if none.  Found
 * at the page's own resolution, so that the mask is the line's pixels and
 * no more: the letters it crosses are mended across that width alone
 * (found at half the resolution, a line of 2 pixels was mended across 6
 * to 8, and the letters it crossed smeared).
 *
 * A scanner's streak (dirt on a feeder's glass) runs down the whole
 * page, slanted by the page's skew once that is corrected: a line 1/75
 * inch thick keeps a run of over half an inch up to a degree of it.  So
 * do the lines of ruled or squared paper (a letter written or typed on a
 * school exercise book's page, Seyes), from edge to edge of the sheet.
 * A letter has no straight run that long, a line of text meets paper
 * between its words well within it, and a fold's shadow is thicker (and
 * made paper before, pale_bands).  The rules a page was printed with (a
 * table's, a form's, one under a heading or at the foot of a page) stop
 * short of its edges, and are left: the engine's layout leans on them (a
 * catalogue's table, the rule at the foot of its page taken away, was
 * read column by column instead of row by row).
 */
static PIX *
long_lines(PIX *m, int dpi, int across, int edge, int thin)
{
	PIX *small, *mask = NULL;
	int run = dpi / LINE_RUN, found;

	/*
	 * looked for at a quarter of the resolution first (a pixel of it
	 * marked if any of its 16 is, so that a line a pixel thin is
	 * kept), for a tenth of the work: most pages have none
	 */
	if (dpi >= 200) {
		if ((small = pixReduceRankBinaryCascade(m, 1, 1, 0, 0)) ==
		    NULL)
			return NULL;
		found = quarter_lines(small, dpi, across, edge, thin);
		pixDestroy(&small);
		if (found <= 0)
			return NULL;
	}
	if (lines_in(m, run, across, (double)dpi / thin, edge, &mask) <= 0)
		return NULL;
	/* a pixel wider each side, for the line's soft edges */
	replace(&mask, across ? pixDilateBrick(NULL, mask, 1, 3) :
	    pixDilateBrick(NULL, mask, 3, 1));
	return mask;
}

/*
 * mend - the pixels of OCR under the mask M (the page's long lines down
 * it, or across it if ACROSS) drawn again from those either side of it,
 * in each row (across each column): a line between two of a letter's
 * pixels, ink; between paper, paper; so a letter the line crossed keeps
 * its strokes, where painting it white cut a gap down the page that the
 * engine took for a column's edge too.
 */
static void
mend(PIX *ocr, PIX *m, int across)
{
	BOXA *boxa;
	l_int32 i, n, bx, by, bw, bh, w, h, u, v, v0, k, ulen, vlen, x, y;
	l_uint32 bit, a, b, paper = pixGetDepth(ocr) == 8 ? 255 : 0;

	pixGetDimensions(ocr, &w, &h, NULL);
	if ((boxa = pixConnCompBB(m, 8)) == NULL)
		return;
	/*
	 * u runs along the line, v across it: x and y down the page, y and
	 * x across it; each run of the mask along v mended from its sides
	 */
#define AT(u, v, x, y)	((x) = across ? (u) : (v), (y) = across ? (v) : (u))
	ulen = across ? w : h;
	vlen = across ? h : w;
	n = boxaGetCount(boxa);
	for (i = 0; i < n; i++) {
		if (boxaGetBoxGeometry(boxa, i, &bx, &by, &bw, &bh) != 0)
			continue;
		for (u = across ? bx : by; u < (across ? bx + bw : by + bh) &&
		    u < ulen; u++) {
			for (v = across ? by : bx; v < (across ? by + bh :
			    bx + bw) && v < vlen; v++) {
				AT(u, v, x, y);
				if (pixGetPixel(m, x, y, &bit) != 0 || !bit)
					continue;
				for (v0 = v; v < vlen; v++) {
					AT(u, v, x, y);
					if (pixGetPixel(m, x, y, &bit) != 0 ||
					    !bit)
						break;
				}
				/* the run v0..v-1; its sides, or paper */
				a = b = paper;
				AT(u, v0 - 1, x, y);
				if (v0 > 0)
					pixGetPixel(ocr, x, y, &a);
				AT(u, v, x, y);
				if (v < vlen)
					pixGetPixel(ocr, x, y, &b);
				for (k = v0; k < v; k++) {
					AT(u, k, x, y);
					if (paper == 255)
						pixSetPixel(ocr, x, y, (l_uint32)
						    ((l_int32)a + ((l_int32)b -
						    (l_int32)a) * (k - v0 + 1) /
						    (v - v0 + 1)));
					else
						pixSetPixel(ocr, x, y, a && b);
				}
			}
		}
	}
#undef AT
	boxaDestroy(&boxa);
}

/*
 * ruling - whether the mask M (DPI) holds a ruling: RULING_LINES long
 * lines or more down it or across it (lines_in, at a quarter of the
 * resolution, as long_lines looks first), as ruled or squared paper has,
 * where a fold or a crease is one line or two.  Squared paper's light
 * lines are pale bands (pale_bands), made paper but near the letters,
 * where they were left: "Je vous quitte" read "ae vous quitte"; mended
 * as a ruling (degrade-bench squared: CER 0.253, 0.211 so; a page of it
 * 0.324 and 0.204, though two of its words lost a stroke that ran along
 * a line), where a fold's shadow, mended, smeared the letters it crossed.
 */
static int
ruling(PIX *m, int dpi)
{
	PIX *small;
	int down, across;

	if (dpi < 200 || (small = pixReduceRankBinaryCascade(m, 1, 1, 0,
	    0)) == NULL)
		return 0;
	down = quarter_lines(small, dpi, 0, dpi / LINE_EDGE, LINE_THIN);
	across = quarter_lines(small, dpi, 1, dpi / LINE_EDGE, LINE_THIN);
	pixDestroy(&small);
	return down >= RULING_LINES || across >= RULING_LINES;
}

/*
 * lines_out - the OCR page *OCR (8 or 1 bpp, aligned with the binary page
 * BIN at DPI; NULL: a copy of BIN, made if it has any) without the long
 * lines down the page and across it (long_lines) of the mask PALE (what
 * the grey page showed darker than ruled_level before its paper was made
 * white, or NULL: BIN's ink), mended across
 * them: a scanner's streaks down a typescript were taken by the engine
 * for columns' edges, each line read in parts (CER 0.446 on the page,
 * 0.026 without the streaks); the lines of ruled paper struck every line
 * of text through.  The archive's page keeps them.  1 if lines were
 * found.
 */
static int
lines_out(PIX **ocr, PIX *bin, PIX *pale, int dpi)
{
	PIX *down, *across;

	if (pale == NULL)
		pale = bin;
	down = long_lines(pale, dpi, 0, dpi / LINE_EDGE, LINE_THIN);
	across = long_lines(pale, dpi, 1, dpi / LINE_EDGE, LINE_THIN);
	if (down == NULL && across == NULL)
		return 0;
	/* a page kept bilevel: OCR's own copy */
	if (*ocr == NULL) {
		if ((*ocr = pixCopy(NULL, bin)) == NULL) {
			pixDestroy(&down);
			pixDestroy(&across);
			return 0;
		}
		pixSetResolution(*ocr, dpi, dpi);
	}
	if (down != NULL)
		mend(*ocr, down, 0);
	if (across != NULL)
		mend(*ocr, across, 1);
	pixDestroy(&down);
	pixDestroy(&across);
	return 1;
}

/*
 * gapped_lines - long_lines of the mask M (DPI) down it, or across it if
 * ACROSS, from edge to edge of it, once gaps of up to 1/LINE_GAP inch
 * along them are closed: a pale line thresholded on a bilevel scan comes
 * in bits.  Up to 1/FOLD_THIN inch thick: a fold's soft shadow from
 * edge to edge is such a line too, on a sheet judged blank but for its
 * lines (ruled_blank: the back of a letter posted folded in three, its
 * two shadows 6 pixels of 55% grey blurred by 4, was no blank page at
 * 1/LINE_THIN) and in the levels a page split as a whole is split by
 * again (otsu_again: degrade-bench's Seyes and squared typescripts moved
 * by 0.003 of CER, one each way)
 */
static PIX *
gapped_lines(PIX *m, int dpi, int across)
{
	PIX *c, *lines;
	int gap = dpi / LINE_GAP;

	if (gap < 2)
		return long_lines(m, dpi, across, 0, FOLD_THIN);
	if ((c = pixCloseBrick(NULL, m, across ? gap : 1, across ? 1 : gap)) ==
	    NULL)
		return NULL;
	lines = long_lines(c, dpi, across, 0, FOLD_THIN);
	pixDestroy(&c);
	return lines;
}

/*
 * cut_letters - how many marks of BIN (DPI), a page whose ruled lines were
 * taken out, stand in a row (ink_lined) as the bits of a line of letters
 * that the lines' bands cut do: over 1/60 inch one way (what
 * clean_specks_ink weighs), under half an inch, clear of the page's edges
 * (where a line taken out leaves its ends).  Dust, fibres and a punch
 * hole lie apart; the bits of one letter and of its neighbours, cut to
 * the gap between two lines, are of one height and side by side.
 */
static int
cut_letters(PIX *bin, int dpi)
{
	BOXA *all, *marks;
	l_int32 i, n, x, y, w, h, W, H, lo = dpi / 60, hi = dpi / 2;
	int lined = 0;

	pixGetDimensions(bin, &W, &H, NULL);
	if ((all = pixConnCompBB(bin, 8)) == NULL)
		return 0;
	n = boxaGetCount(all);
	if ((marks = boxaCreate(n > 0 ? n : 1)) == NULL) {
		boxaDestroy(&all);
		return 0;
	}
	for (i = 0; i < n; i++)
		if (boxaGetBoxGeometry(all, i, &x, &y, &w, &h) == 0 &&
		    (w >= lo || h >= lo) && w <= hi && h <= hi && x > 0 &&
		    y > 0 && x + w < W && y + h < H)
			boxaAddBox(marks, boxCreate(x, y, w, h), L_INSERT);
	if (boxaGetCount(marks) >= RULED_LETTERS)
		lined = ink_lined(marks);
	boxaDestroy(&marks);
	boxaDestroy(&all);
	return lined;
}

/*
 * ruled_bands - the bands of the long lines from edge to edge of the mask
 * M (DPI; gapped_lines), down the page into *DOWN and across it into
 * *ACROSS (each NULL if none), each grown by 1/LINE_GROW inch either side
 * for the soft edges that a threshold cuts in bits; the bands' width
 * into *BAND.  0 if M has none.
 */
static int
ruled_bands(PIX *m, int dpi, PIX **down, PIX **across, int *band)
{
	int g = dpi / LINE_GROW > 1 ? dpi / LINE_GROW : 1;

	*band = 2 * g + 1;
	*down = gapped_lines(m, dpi, 0);
	*across = gapped_lines(m, dpi, 1);
	if (*down != NULL)
		replace(down, pixDilateBrick(NULL, *down, *band, 1));
	if (*across != NULL)
		replace(across, pixDilateBrick(NULL, *across, 1, *band));
	return *down != NULL || *across != NULL;
}

/*
 * line_bits - the bits of ruled lines cleared from BIN (DPI), a page whose
 * lines were taken out: its marks no thicker than 1/LINE_BIT inch (a
 * pixel at least) that run along lines down the page (DOWN) or across it
 * (ACROSS).  A pale line that its threshold cut in dashes too far apart
 * to be found whole leaves them (a blurred light line of a Seyes ruling,
 * scanned crooked); a letter's strokes are thicker.
 */
static void
line_bits(PIX *bin, int dpi, int down, int across)
{
	BOXA *boxa;
	l_int32 i, n, x, y, w, h, t = dpi / LINE_BIT > 1 ? dpi / LINE_BIT : 1;

	if ((boxa = pixConnCompBB(bin, 8)) == NULL)
		return;
	n = boxaGetCount(boxa);
	for (i = 0; i < n; i++)
		if (boxaGetBoxGeometry(boxa, i, &x, &y, &w, &h) == 0 &&
		    ((across && h <= t && w > h) || (down && w <= t && h > w)))
			pixRasterop(bin, x, y, w, h, PIX_CLR, NULL, 0, 0);
	boxaDestroy(&boxa);
}

/*
 * off_lines - what the mask M (DPI) holds off the lines DOWN and ACROSS
 * (each NULL or a mask of the bands to take out), their bits (line_bits)
 * and a frame FRAME pixels wide at the page's edges: 0 if nothing but
 * specks, its share under DESKEW_BLANK_MAX / RULED_STRICT (into *SCORE)
 * and no line of text, whole (edge_text) or cut by the bands
 * (cut_letters); 1 if something; -1 if leptonica failed
 */
static int
off_lines(PIX *m, PIX *down, PIX *across, int dpi, int frame,
    double *score)
{
	PIX *b, *e = NULL;
	int off;

	if ((b = pixCopy(NULL, m)) == NULL)
		return -1;
	if (down != NULL)
		pixSubtract(b, b, down);
	if (across != NULL)
		pixSubtract(b, b, across);
	line_bits(b, dpi, down != NULL, across != NULL);
	/* the lines' ends, where the sheet's edge or a rotation cut them */
	pixSetOrClearBorder(b, frame, frame, frame, frame, PIX_CLR);
	*score = clean_specks_ink(b, dpi, &e);
	off = *score * RULED_STRICT >= DESKEW_BLANK_MAX ||
	    edge_text(b, dpi) || cut_letters(b, dpi) >= RULED_LETTERS;
	pixDestroy(&e);
	pixDestroy(&b);
	return off;
}

/*
 * ruled_blank - R's page, not blank with its marks (the cleaned binary
 * page BIN; NORM its normalised grey page, or NULL), is a blank sheet of
 * ruled or squared paper (the back of a letter written on a school
 * exercise book's page) or one crossed only by a scanner's streak: blank
 * once its long lines from edge to edge (gapped_lines, down the page and
 * across it, of what NORM shows darker than ruled_level, or of BIN) are
 * taken out, each grown by 1/LINE_GROW inch either side for the soft
 * edges that the threshold cut in bits, if nothing is left of BIN
 * (off_lines); then R is blank (R->ruled), its score that of what is
 * left.  BIN is split without the ruling's lines (otsu_again), so that
 * it keeps a pale note that the grey page shows (a line of pencil on
 * Seyes paper, whose text spots the ruling hides from ink_measure, was
 * thresholded away whole).  Not judged on that grey mask itself: its
 * level, lighter than the page's split, holds the writing on the front
 * that shows through (a blank sheet so was no longer blank, where the
 * same show-through on plain paper is).
 * Stricter than blank_by (RULED_STRICT): the lines' bands take a part of
 * any letter they cross, so a note in a small hand keeps only bits; a
 * blank sheet, its lines' ends at the page's edges and their dashes
 * taken out too, keeps nothing but specks.  BIN is not changed: the
 * archive keeps the sheet's lines.  Letters, written or typed, are not
 * long straight lines, and stay; a sheet whose lines stop short of its
 * edges (a form's, a table's) is not blank by them.  The grey page's
 * text spots are weighed after (keep_grey), as on any page found blank.
 */
static void
ruled_blank(PIX *bin, PIX *norm, struct deskew_result *r)
{
	PIX *down, *across, *pale = NULL;
	double score = 0;
	int band;

	if (norm != NULL && (pale = clean_threshold(norm,
	    ruled_level(r->threshold))) == NULL)
		return;
	if (ruled_bands(pale != NULL ? pale : bin, r->dpi, &down, &across,
	    &band) &&
	    off_lines(bin, down, across, r->dpi, band, &score) == 0) {
		r->blank = 1;
		r->ruled = 1;
		r->blank_score = score;
	}
	pixDestroy(&down);
	pixDestroy(&across);
	pixDestroy(&pale);
}

/*
 * deskew_take - deskew_page, but PIX is consumed (freed as soon as a grey
 * copy of it exists, so that a large page is not held twice)
 */
static struct Pix *
deskew_take(struct Pix *pix, struct deskew_result *r, struct Pix **ocrpix,
    char *err, size_t errlen)
{
	PIX *norm = NULL, *bin = NULL, *out, *edge, *t, *cleared, *orig;
	PIX *specked, *marks = NULL, *pale = NULL, *bands;
	PIX *joined = NULL, *by_text = NULL, *stains = NULL;
	struct clean_dots dots;
	PIXA *kept;
	BOXA *lost = NULL;
	l_float32 angle = 0, conf = 0;
	struct ink_text ink;
	BOXA *b;
	double sy, f, near;
	int quads, w, h, est, paper_level = 255, photo_found = 1, photo_side = 0;
	int bilevel = pixGetDepth(pix) == 1, keep, whole = 0, half, mid;
	int gx[COLUMNS_MAX], gtop = 0, gfoot = 0;	/* gutters (columns) */
	l_int32 dark;
	int looked = 0;			/* checked for a negative */
	int stain_count = 0;

	memset(r, 0, sizeof(*r));
	memset(&ink, 0, sizeof(ink));
	*ocrpix = NULL;
	r->scale = r->scale_y = 1.0;
	r->image_type = "tiff-g4";
	w = pixGetWidth(pix);
	h = pixGetHeight(pix);
	if (w < 16 || h < 16) {
		snprintf(err, errlen, "page is too small (%dx%d pixels)", w, h);
		pixDestroy(&pix);
		return NULL;
	}
	resolution(pix, r, &sy);
	/*
	 * a bilevel page's DPI tag is checked against its text too, as a
	 * grey page's is (text_scale), where it says the page finer than
	 * the text does: leptonica's witten.tif, a 300 dpi page tagged
	 * 1200, was read at a quarter of its size, 1510 letters where bare
	 * tesseract read 2492.  Not where it says it coarser: the page may
	 * lie on its side, its words' lengths then taken for their heights
	 * (a tag that low sends the page to the grey path below anyway).
	 * A tag under DESKEW_LOW_DPI sends it there already, where the text
	 * is measured and believed both ways (text_scale).
	 */
	if (bilevel && (t = plain_bilevel(pix)) != NULL)
		replace(&pix, t);
	else if (!bilevel && (t = grey_bilevel(pix)) != NULL) {
		replace(&pix, t);
		bilevel = 1;
	}
	/*
	 * a dithered page (halftone mode) made grey again: its dots threw
	 * skew, orientation and the text's resolution off (3 degrees of skew
	 * found on a straight typescript, a resolution of 160 dpi on one of
	 * 300 that was then read at twice its size), and the engine reads
	 * them as noise; the grey path cleans it as any grey scan
	 */
	if (bilevel && dithered(pix) && (t = smoothed(pix, r->dpi)) != NULL) {
		replace(&pix, t);
		bilevel = 0;
		r->dithered = 1;
	}
	/*
	 * a bilevel negative (most of it ink), inverted as a grey one is;
	 * looked at once (a page found not one is not measured again on
	 * the grey path)
	 */
	if (bilevel && pixCountPixels(pix, &dark, NULL) == 0 &&
	    dark > (double)pixGetWidth(pix) * pixGetHeight(pix) / 2 &&
	    (t = pixConvert1To8(NULL, pix, 255, 0)) != NULL) {
		looked = 1;
		if (negative(t)) {
			pixInvert(pix, pix);
			r->negative = 1;
		}
		pixDestroy(&t);
	}
	keep = bilevel && pixGetColormap(pix) == NULL && sy == 1.0 &&
	    r->dpi >= DESKEW_LOW_DPI;
	if (keep) {
		est = bilevel_text_resolution(pix, &ink.spots);
		r->dpi_estimate = est;
		/*
		 * no tag: the 300 assumed stands where the text says a
		 * resolution OCR reads well, as on the grey path (text_scale);
		 * a page of smaller or larger text, or none to measure, goes
		 * there to be scaled or judged (ocrmypdf's linn.png, untagged:
		 * 89 ms of deskew on the grey path, 69 ms kept bilevel, the
		 * same text read)
		 */
		if (r->dpi_assumed)
			keep = est >= DESKEW_LOW_DPI && est <= BIG_DPI;
		else if (est > 0 && est * TEXT_DPI_TRUST < r->dpi &&
		    !paper_size(pixGetWidth(pix), pixGetHeight(pix), r->dpi))
			r->dpi = est;
		keep = keep && r->dpi >= DESKEW_LOW_DPI;
	}
	/*
	 * bilevel finer than FILE_BIG_DPI (an office copier's black and
	 * white at 600 dpi), halved while that leaves it BILEVEL_HALF_DPI
	 * or finer and its text no smaller than that of a page of
	 * DESKEW_LOW_DPI (small print stays as it came, as on the grey
	 * path): a pixel black where two of its four were, so that strokes
	 * keep their weight.  A quarter of the pixels for the cleanup, and
	 * for OCR, which reduced such a page to 300 dpi itself but in grey
	 * (ocr_page), a bilevel page it need not split again; the text read
	 * as well (19 typescript pages made bilevel at 600 dpi: OCR 67-79
	 * -> 52-55 s of CPU, deskew 1.75-1.89 -> 1.20-1.25 s, CER 0.264 ->
	 * 0.254: 12 pages within 10 edits, 4 worse by 27-53, 3 better by
	 * 13-184)
	 */
	half = keep ? est : 0;
	while (keep && r->dpi > FILE_BIG_DPI && r->dpi / 2 >= BILEVEL_HALF_DPI &&
	    (half <= 0 || half / 2 >= DESKEW_LOW_DPI)) {
		if (!replace(&pix, pixReduceRankBinary2(pix, 2, NULL))) {
			snprintf(err, errlen, "cannot scale the page");
			return NULL;
		}
		r->scale /= 2;
		r->scale_y /= 2;
		r->dpi /= 2;
		half /= 2;
	}
	/* bilevel at a resolution OCR reads well: kept as it is */
	if (keep) {
		bin = pix;
		pix = NULL;
		r->method = "bilevel input";
		r->border_share = clean_border_comps(bin, r->dpi);
	} else {
		norm = to_grey(pix);
		pixDestroy(&pix);
		if (norm == NULL) {
			snprintf(err, errlen, "cannot convert the page to "
			    "grey");
			return NULL;
		}
		if (sy != 1.0 && !replace(&norm,
		    pixScaleGrayLI(norm, 1.0f, (float)sy))) {
			snprintf(err, errlen, "cannot scale the page");
			return NULL;
		}
		r->scale_y = sy;
		if (!reduce_big(&norm, &orig, r)) {
			snprintf(err, errlen, "cannot scale the page");
			return NULL;
		}
		/* a negative turned positive, as the page it shows */
		if (!looked && negative(norm)) {
			pixInvert(norm, norm);
			if (orig != NULL)
				pixInvert(orig, orig);
			r->negative = 1;
		}
		/*
		 * then an underexposed page made light; not before: a
		 * negative's dark ground, stretched, showed its grain as
		 * text, and one of six typescripts turned negative was no
		 * longer found one (read as nothing)
		 */
		if ((r->exposed = exposed(norm)) != 0 && orig != NULL)
			pixGammaTRC(orig, orig, 1.0f, 0, r->exposed);
		/* the resolution the text says, and the scale for OCR */
		est = measured(&norm, r, &ink);
		f = 0;
		if (orig != NULL && est > 0 && est * TEXT_DPI_TRUST < r->dpi &&
		    !paper_size(pixGetWidth(orig), pixGetHeight(orig),
		    r->dpi_source))
			/*
			 * reduced by a file that says the page finer than
			 * its text does (a 300 dpi page tagged 1200): the
			 * page as it came, its text to judge the file
			 * (text_scale)
			 */
			f = 1.0;
		else if (orig != NULL && est * TEXT_DPI_TRUST >=
		    DESKEW_LOW_DPI && est < DESKEW_LOW_DPI)
			/*
			 * small print, whose letters at 300 dpi would be
			 * those of a page under DESKEW_LOW_DPI, which OCR
			 * reads worse: reduced only as far as keeps them
			 * there, or not at all; not "text" smaller still,
			 * the specks of a paper-size page its file is
			 * believed of (the branch above), kept reduced
			 */
			f = fmin(1.0, r->scale * DESKEW_LOW_DPI / est);
		if (f > 0) {
			/* from the page as it came, measured again */
			ink_free(&ink);
			if (f < 1.0) {
				t = clean_area_map(orig, (float)f, (float)f);
				pixDestroy(&orig);
			} else {
				t = orig;
				orig = NULL;
			}
			if (!replace(&norm, t)) {
				snprintf(err, errlen, "cannot scale the page");
				return NULL;
			}
			r->dpi = (int)(r->dpi_source * f + 0.5);
			r->scale = f;
			r->scale_y = sy * f;
			est = measured(&norm, r, &ink);
		}
		pixDestroy(&orig);
		r->dpi_estimate = (int)(est / r->scale + 0.5);
		if ((f = text_scale(r, est, pixGetWidth(norm),
		    pixGetHeight(norm))) != 1.0) {
			/*
			 * scaled up (a low-resolution scan): normalised
			 * and measured again at the size OCR reads
			 */
			ink_free(&ink);
			t = pixScaleGrayLI(norm, (float)f, (float)f);
			if (t == NULL) {
				snprintf(err, errlen, "cannot scale the page");
				pixDestroy(&norm);
				return NULL;
			}
			replace(&norm, t);
			r->scale *= f;
			r->scale_y *= f;
			if (ink_measure(norm, &ink) != 0)
				memset(&ink, 0, sizeof(ink));
		}
		/*
		 * the split between this page's ink and paper where it
		 * shows text; the whole page's Otsu split where it shows
		 * too little
		 */
		paper_level = ink.paper;
		if (ink.spots >= TEXT_SPOTS_MIN && ink.threshold > 0) {
			r->threshold = ink.threshold;
			if (r->threshold < THRESH_MIN)
				r->threshold = THRESH_MIN;
			if (r->threshold > TEXT_THRESH_MAX)
				r->threshold = TEXT_THRESH_MAX;
			r->method = "background-normalised, split by the text";
			mid = ink.middle < TEXT_THRESH_MAX ? ink.middle :
			    TEXT_THRESH_MAX;
			if (mid > r->threshold &&
			    heavy_marks(&ink, r->threshold) &&
			    ink_thinned(&ink, norm, r->threshold)) {
				r->threshold = mid;
				r->method = "background-normalised, split at "
				    "the letters' middle (heavy marks)";
			}
		} else {
			r->threshold = otsu(norm);
			r->method = "background-normalised Otsu";
			whole = 1;
		}
		bin = clean_threshold(norm, r->threshold);
		if (bin != NULL && whole)
			otsu_again(norm, &bin, &r->threshold, r->dpi);
	}
	if (bin == NULL) {
		snprintf(err, errlen, "cannot binarise the page");
		pixDestroy(&norm);
		ink_free(&ink);
		return NULL;
	}
	if (upright(&bin, &norm, r->dpi, ink.across ? 0 : ink.height, r,
	    &angle, &conf, &quads, &photo_found) != 0) {
		snprintf(err, errlen, "cannot turn the page upright");
		pixDestroy(&bin);
		pixDestroy(&norm);
		ink_free(&ink);
		return NULL;
	}
	/* the text spots, where the page has turned them */
	if (quads != 0 && ink.boxa != NULL && (b = boxaRotateOrth(ink.boxa,
	    quads % 2 ? pixGetHeight(bin) : pixGetWidth(bin),
	    quads % 2 ? pixGetWidth(bin) : pixGetHeight(bin), quads)) != NULL) {
		boxaDestroy(&ink.boxa);
		ink.boxa = b;
	}
	r->skew_conf = conf;
	if (conf >= DESKEW_MIN_CONF)
		r->skew_deg = -angle;
	if (conf >= DESKEW_MIN_CONF && fabs(angle) >= 0.05) {
		float rad = angle * (float)M_PI / 180.0f;

		if (norm != NULL) {
			if (replace(&norm, deskew_rotate_grey(norm, rad)))
				replace(&bin, clean_threshold(norm,
				    r->threshold));
			/*
			 * the text spots turn with it; turned by over a
			 * degree, they are measured again (a word's box
			 * turned grows by its width times the angle)
			 */
			if (norm != NULL && fabs(angle) > 1.0) {
				ink_free(&ink);
				if (ink_measure(norm, &ink) != 0)
					memset(&ink, 0, sizeof(ink));
			} else if (ink.boxa != NULL &&
			    (b = boxaRotate(ink.boxa, pixGetWidth(norm) / 2,
			    pixGetHeight(norm) / 2, rad)) != NULL) {
				boxaDestroy(&ink.boxa);
				ink.boxa = b;
			}
		} else
			replace(&bin, pixRotate(bin, rad, L_ROTATE_SAMPLING,
			    L_BRING_IN_WHITE, 0, 0));
		if (bin == NULL) {
			snprintf(err, errlen, "cannot rotate the page");
			pixDestroy(&norm);
			ink_free(&ink);
			return NULL;
		}
	}
	r->border_share += clean_border_comps(bin, r->dpi);
	/*
	 * the punch holes cleared, for keep_grey; not the border, which
	 * may have taken letters that touched it
	 */
	cleared = norm != NULL ? pixCopy(NULL, bin) : NULL;
	r->holes = clean_holes(bin, r->dpi);
	if (cleared != NULL)
		pixXor(cleared, cleared, bin);
	specked = pixCopy(NULL, bin);
	r->blank_score = clean_specks_dots(bin, r->dpi, &edge, &dots);
	r->blank = blank_by(bin, r->dpi, r->blank_score, edge);
	/* its specks back where they were a dot-matrix print's dots */
	if (r->blank && specked != NULL && dotted(specked, r->dpi)) {
		r->blank = 0;
		r->dotted = 1;
		replace(&bin, specked);
		specked = NULL;
	} else if (!r->blank && specked != NULL) {
		if (bilevel)
			joined = dot_rows(bin, specked, &dots, r);
		/* a period, a colon, an i's dot of small print */
		by_text = clean_specks_near(bin, specked, &dots, r->dpi,
		    &r->specks_kept);
	}
	clean_dots_free(&dots);
	pixDestroy(&specked);
	if (norm != NULL && !r->blank && ink.spots < LOST_MIN)
		grain_blank(norm, &bin, &edge, r);
	/*
	 * a page of text spots, grey or bilevel (bilevel_text_resolution),
	 * is no blank ruled sheet: its lines were searched for on every
	 * bilevel page (linn.png: 151 of deskew's 856 M instructions)
	 */
	if (!r->blank && ink.spots < LOST_MIN)
		ruled_blank(bin, norm, r);
	if (norm != NULL && !r->blank && photo_found)
		r->photo_share = clean_photo_share(bin, norm,
		    (int)(DESKEW_PHOTO_SIDE * r->dpi), &photo_side);
	if (norm != NULL && (lost = boxaCreate(0)) != NULL &&
	    keep_grey(&ink, bin, cleared, r, lost) != NULL)
		r->blank = 0;
	/*
	 * (a page of photographs is kept grey below anyway, but its stains
	 * are lifted off OCR's page all the same: a form with a passport
	 * photograph lost its shaded field's dossier number to OCR)
	 */
	if (norm != NULL && r->fallback == NULL && !r->blank &&
	    (stain_count = stained(norm, bin, r->dpi, &stains)) > 0 &&
	    r->photo_share <= DESKEW_PHOTO_MIN &&
	    photo_side < DESKEW_PHOTO_SIDE * r->dpi)
		r->fallback = "binary page loses text: a solid dark area holds "
		    "darker ink (a stain over text)";
	pixDestroy(&cleared);
	r->columns = r->blank ? 1 : columns(&ink, pixGetWidth(bin), r->dpi,
	    gx, &gtop, &gfoot);
	ink_free(&ink);
	if (r->fallback != NULL || r->photo_share > DESKEW_PHOTO_MIN ||
	    photo_side >= DESKEW_PHOTO_SIDE * r->dpi) {
		out = norm;
		/*
		 * OCR's copy without ruled paper's lines (whose dense rows
		 * the binary page took for a stain over text)
		 */
		if (!r->blank && (pale = clean_threshold(norm,
		    ruled_level(r->threshold))) != NULL &&
		    (t = pixCopy(NULL, norm)) != NULL) {
			if ((r->lines = lines_out(&t, bin, pale, r->dpi)))
				*ocrpix = t;
			else
				pixDestroy(&t);
		}
		pixDestroy(&pale);
		/* and with the stains lifted off the text */
		if (stains != NULL && ocr_own(ocrpix, norm) != NULL) {
			unstain(*ocrpix, stains, r->dpi);
			r->stains = stain_count;
		}
		pixDestroy(&bin);
		r->image_type = "png";
		r->method = r->fallback != NULL ? "grey kept (binary page "
		    "lost text)" : "grey kept (photo regions)";
	} else {
		out = bin;
		/*
		 * tesseract reads the upright, straight, normalised grey page
		 * better than our binary one; its paper (what the binary page
		 * takes for paper) is made white, but at the page's own
		 * resolution only where no ink is within PAPER_NEAR inch.
		 * Paper noise, show-through and specks in the margins and
		 * between columns go, which made tesseract's layout analysis
		 * merge columns, or not, on the least change to the page;
		 * near the ink, a hard cut at the threshold clipped the pale
		 * edges of every stroke and faint letters beside darker ones,
		 * the very ink a binary page loses (tapuscorpus, 46 pages:
		 * CER 0.1636 and word F1 0.909 so, 0.1761 and 0.879 cut
		 * everywhere, 0.1744 and 0.911 left grey, 0.1801 and 0.866
		 * binary, 0.1744 and 0.904 the raw scan; the 4 faint field
		 * pages 0.2156, 0.2266 and 0.2397).  A page whose paper
		 * normalisation left grey (paper_level under PAPER_WHITE:
		 * grey paper under dense text, a camera's dark surround) is
		 * cut everywhere: its noise sits where tesseract's own
		 * threshold falls (a violet typescript on grey paper read
		 * nothing left grey).  A page scaled up keeps the surround
		 * but near its rules (paper_white): cut everywhere, a soft
		 * scan of 150 dpi lost the thin strokes of h, g and E,
		 * lighter than the split there (quality-bench's scan150, 6
		 * typescript pages made 150 dpi: CER 0.115 and F1 0.876 cut,
		 * 0.107 and 0.948 so, bare tesseract 0.108 and 0.938); kept
		 * near the rules too, a form's underlined text was lost
		 * (funsd-lowdpi, 8 forms of about 100 dpi: 0.282 and 0.716
		 * so, 0.193 and 0.736 cut, 0.177 and 0.748 so).
		 */
		if (norm != NULL && !r->blank) {
			marks = pale_marks(norm, bin, paper_level,
			    r->threshold, r->dpi, r->scale, &r->marks);
			kept = spots_split(norm, bin, lost, r->dpi,
			    &r->spots_split);
			near = paper_level < PAPER_WHITE ? 0 : PAPER_NEAR;
			bands = near > 0 ? pale_bands(norm, bin, r->threshold,
			    r->dpi) : NULL;
			/*
			 * ruled paper's pale lines, before they are paper;
			 * not a fold's shadow, paper (mended, its width
			 * smeared the letters it crossed), unless the bands
			 * are a ruling's
			 */
			pale = clean_threshold(norm,
			    ruled_level(r->threshold));
			if (pale != NULL && bands != NULL &&
			    !ruling(pale, r->dpi))
				pixRasterop(pale, 0, 0, pixGetWidth(bands),
				    pixGetHeight(bands), PIX_SUBTRACT, bands,
				    0, 0);
			paper_white(norm, bin, r->threshold, edge, near,
			    r->dpi, bands, r->scale > 1.0);
			pixDestroy(&bands);
			spots_paste(norm, &kept);
			pixSetResolution(norm, r->dpi, r->dpi);
			*ocrpix = bilevel ? two_level(norm) : norm;
		} else
			pixDestroy(&norm);
		if (!r->blank)
			r->lines = lines_out(ocrpix, bin, pale, r->dpi);
		pixDestroy(&pale);
		/* the archive's page keeps them; OCR reads text */
		if (marks != NULL)
			pixOr(bin, bin, marks);
		pixDestroy(&marks);
	}
	pixDestroy(&edge);
	boxaDestroy(&lost);
	pixSetResolution(out, r->dpi, r->dpi);
	/*
	 * the archived binary page (and OCR's, if it is that page) keeps the
	 * specks by the text: OCR's own page of a grey page has them grey
	 */
	if (by_text != NULL && out == bin && !r->blank)
		pixOr(bin, bin, by_text);
	else
		r->specks_kept = 0;
	pixDestroy(&by_text);
	/* a form's dot-matrix rows: on OCR's own page, their dots joined */
	if (joined != NULL && ocr_own(ocrpix, out) != NULL)
		paint_joined(*ocrpix, joined);
	pixDestroy(&joined);
	pixDestroy(&stains);
	/* a page in columns: OCR's own page, a rule down each gutter */
	if (r->columns > 1 && ocr_own(ocrpix, out) != NULL)
		gutter_rules(*ocrpix, gx, r->columns - 1, gtop, gfoot, r->dpi);
	r->width = pixGetWidth(out);
	r->height = pixGetHeight(out);
	return out;
}

struct Pix *
deskew_page(struct Pix *pix, struct deskew_result *r, struct Pix **ocrpix,
    char *err, size_t errlen)
{
	return deskew_take(pixClone(pix), r, ocrpix, err, errlen);
}

/*
 * put_pix - encode PIX as FORMAT into the job file NAME and return 0; or
 * the verdict of the failure (encoding: verdict_decode, writing: TEMP)
 * with the reason in ERR
 */
static enum verdict
put_pix(struct job *job, const char *name, PIX *pix, int format, char *err,
    size_t errlen)
{
	l_uint8 *data = NULL;
	size_t size;
	int rc, e;

	errno = 0;
	if ((format == IFF_SPIX ? image_spix_zst(pix, (void **)&data, &size) :
	    format == IFF_PNG ? image_png(pix, (void **)&data, &size) :
	    pixWriteMem(&data, &size, pix, format)) != 0 || data == NULL) {
		e = errno;
		lept_free(data);
		return verdict_set(verdict_decode(e), err, errlen,
		    "cannot encode '%s'", name);
	}
	rc = job_write(job, name, data, size);
	e = errno;
	lept_free(data);
	if (rc < 0)
		return verdict_set(VERDICT_TEMP, err, errlen,
		    "cannot write '%s': %s", name, strerror(e));
	return VERDICT_OK;
}

/* set_results - the page K meta keys of SPEC §8 from R */
static void
set_results(struct job *job, long k, const char *name,
    const struct deskew_result *r)
{
	char key[64];

#define SET(n, ...) job_setf(job, job_pagekey(key, sizeof(key), (int)k, n), \
	__VA_ARGS__)
	SET("image", "%s", name);
	SET("image_type", "%s", r->image_type);
	SET("width", "%d", r->width);
	SET("height", "%d", r->height);
	SET("dpi", "%d", r->dpi);
	SET("dpi_assumed", "%d", r->dpi_assumed);
	SET("dpi_source", "%d", r->dpi_source);
	SET("dpi_source_y", "%d", r->dpi_source_y);
	SET("scale", "%.3f", r->scale);
	SET("scale_y", "%.3f", r->scale_y);
	SET("skew_deg", "%.2f", r->skew_deg);
	SET("skew_conf", "%.2f", r->skew_conf);
	SET("orientation", "%d", r->orientation);
	SET("orientation_conf", "%.2f", r->orientation_conf);
	SET("orientation_uncertain", "%d", r->orientation_uncertain);
	SET("threshold", "%d", r->threshold);
	SET("binarisation", "%s", r->method);
	SET("border_share", "%.4f", r->border_share);
	SET("holes", "%d", r->holes);
	SET("photo_share", "%.4f", r->photo_share);
	SET("blank_score", "%.6f", r->blank_score);
	SET("blank", "%d", r->blank);
	SET("dpi_estimate", "%d", r->dpi_estimate);
	SET("text_spots", "%d", r->text_spots);
	if (r->text_faint)
		SET("text_faint", "%d", 1);
	if (r->dotted)
		SET("dotted", "%d", 1);
	if (r->dot_letters > 0)
		SET("dot_letters", "%d", r->dot_letters);
	if (r->specks_kept > 0)
		SET("specks_kept", "%d", r->specks_kept);
	if (r->stains > 0)
		SET("stains", "%d", r->stains);
	if (r->dithered)
		SET("dithered", "%d", 1);
	if (r->negative)
		SET("negative", "%d", 1);
	if (r->exposed)
		SET("exposed", "%d", r->exposed);
	if (r->lines)
		SET("lines_out", "%d", r->lines);
	if (r->columns > 1)
		SET("columns", "%d", r->columns);
	SET("spots_lost", "%d", r->spots_lost);
	SET("spots_split", "%d", r->spots_split);
	SET("marks", "%d", r->marks);
	if (r->fallback != NULL)
		SET("cleanup_fallback", "%s", r->fallback);
#undef SET
}

/*
 * decoded - page SRCPAGE of JOB's source as ingest decoded it
 * (IMAGE_DECODED), its path into PATH ("" if there is no such file);
 * NULL if ingest kept none, or one that does not read whole (the page is
 * then decoded from the source)
 */
static PIX *
decoded(struct job *job, long srcpage, char *path, size_t size)
{
	struct strbuf sb = STRBUF_INIT;
	PIX *pix = NULL;

	if (image_decoded_path(job, srcpage, path, size) < 0) {
		path[0] = '\0';
		return NULL;
	}
	if (file_read(path, IMAGE_DECODED_MAX, &sb) < 0) {
		if (errno == ENOENT)
			path[0] = '\0';	/* none kept: nothing to remove */
	} else if ((pix = image_page_unzst(sb.buf, sb.len,
	    IMAGE_MAX_PIXELS)) == NULL)
		msg_warn("page %ld: the page ingest decoded does not read "
		    "whole: decoded again", srcpage);
	strbuf_release(&sb);
	return pix;
}

/*
 * deskew_one - clean page K (page SRCPAGE of the source M, or the page
 * ingest decoded of it) into the job; the verdict, with the reason in
 * ERR
 */
static enum verdict
deskew_one(struct job *job, const struct mapped *m, const char *media,
    long k, long srcpage, char *err, size_t errlen)
{
	struct deskew_result r;
	char key[64], name[32], oname[32], why[256], kept[PATH_MAX];
	const char *decoder;
	PIX *pix, *clean, *ocrpix;
	enum verdict v;
	int grey, e;

	errno = 0;
	if ((pix = decoded(job, srcpage, kept, sizeof(kept))) != NULL)
		image_digest_given((int)srcpage, pix);
	else
		pix = image_read_page(m->data, m->size, media, (int)srcpage,
		    IMAGE_MAX_PIXELS, IMAGE_READ_GREY, why, sizeof(why));
	if (pix == NULL)
		return verdict_set(verdict_decode(errno), err, errlen,
		    "page %ld: %s", srcpage, why);
	if ((decoder = image_decoder(m->data, m->size, media)) != NULL)
		job_set(job, job_pagekey(key, sizeof(key), (int)k, "decoder"),
		    decoder);
	errno = 0;
	clean = deskew_take(pix, &r, &ocrpix, why, sizeof(why));
	e = errno;
	if (clean == NULL)
		return verdict_set(verdict_decode(e), err, errlen,
		    "page %ld: %s", srcpage, why);
	grey = pixGetDepth(clean) != 1;
	snprintf(name, sizeof(name), "p%04ld.%s", k, grey ? "png" : "tif");
	v = put_pix(job, name, clean, grey ? IFF_PNG : IFF_TIFF_G4, err,
	    errlen);
	pixDestroy(&clean);
	if (v == VERDICT_OK && ocrpix != NULL) {
		/*
		 * for OCR only, gone with the job: leptonica's raw
		 * serialisation compressed by zstd's fastest levels, 3 ms
		 * for 8 MB where PNG costs 100-200 ms a page (measured on
		 * tapuscorpus), and writing it raw 12-17 ms (image.h)
		 */
		snprintf(oname, sizeof(oname), "p%04ld.ocr.spix.zst", k);
		v = put_pix(job, oname, ocrpix, IFF_SPIX, err, errlen);
		if (v == VERDICT_OK)
			job_set(job, job_pagekey(key, sizeof(key), (int)k,
			    "ocr_image"), oname);
	}
	pixDestroy(&ocrpix);
	if (v != VERDICT_OK)
		return v;
	/* the page done: what ingest decoded of it is of no more use */
	if (kept[0] != '\0' && unlink(kept) < 0 && errno != ENOENT)
		msg_warn("cannot remove '%s': %s", kept, strerror(errno));
	set_results(job, k, name, &r);
	msg_info("page %ld: skew %.2f deg (conf %.1f), %s%s%s%s%s", k,
	    r.skew_deg, r.skew_conf, !r.blank ? "" : r.ruled ? "blank but for "
	    "its ruled lines, " : "blank, ", r.dithered ? "dithered "
	    "page smoothed, " : "", r.negative ? "negative turned positive, " :
	    "", r.exposed ? "dark page made light, " : "", r.method);
	return VERDICT_OK;
}

/* what deskew_page_fn needs of the job besides the job */
struct source {
	struct mapped m;		/* its source file */
	const char *media;		/* its media type */
};

/* deskew_page_fn - stage_pages' work: page K of JOB from ARG's source */
static enum verdict
deskew_page_fn(void *arg, struct job *job, long k, char *err, size_t errlen)
{
	const struct source *src = arg;
	char key[64];
	enum verdict v;
	long srcpage;

	srcpage = job_get_long(job, job_pagekey(key, sizeof(key), (int)k,
	    "source_page"), k);
	v = deskew_one(job, &src->m, src->media, k, srcpage, err, errlen);
	if (v == VERDICT_OK)
		image_digest_page(job, k);
	return v;
}

enum verdict
deskew_job(struct job *job, char *err, size_t errlen)
{
	struct source src;
	char path[PATH_MAX];
	long pages = job_get_long(job, "pages", 0);
	enum verdict v;

	if (pages < 1 || pages > IMAGE_MAX_PAGES)
		return verdict_set(VERDICT_PERM, err, errlen,
		    "job meta: bad page count");
	if (job_path(job, "source", path, sizeof(path)) < 0 ||
	    image_map(path, DESKEW_SOURCE_MAX, &src.m) < 0)
		return verdict_set(verdict_errno(errno), err, errlen,
		    "cannot read the job's source file: %s", strerror(errno));
	src.media = job_get(job, "media_type");
	v = stage_pages(job, pages, deskew_page_fn, &src, err, errlen);
	image_unmap(&src.m);
	return v;
}
