/*
 * deskew.c - page cleanup with leptonica (see deskew.h)
 *
 * Input: colour maps and alpha are resolved over white, 16-bit samples
 * cut to 8, colour turned to luminance (a colour JPEG comes decoded to its
 * Y channel alone: see deskew_one).  Resolution: a DPI tag outside
 * 50..2400, or one that would make the page larger than 17 inches, is not
 * believed (300 is assumed and the page says so); unequal x and y DPI
 * (fax "standard" 204x98) are made square; pages under 200 dpi (faxes)
 * are scaled to 300 dpi, which tesseract reads much better.
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
 * Orientation: leptonica's text-orientation detector (pixOrientDetect,
 * a morphological count of ascenders and descenders, run at about 150
 * dpi) gives an "up" and a "left" confidence; makeOrientDecision with its
 * default thresholds says up/left/down/right or unknown.  Unknown is kept
 * as scanned (orientation 0, uncertain), never turned on a guess.
 * Checked on tesseract's phototest variants: text turned 90° counter-
 * clockwise reads LEFT, and SPEC §8 records the clockwise turn the page
 * had as scanned, so LEFT = 270, RIGHT = 90, DOWN = 180.
 *
 * Skew: pixFindSkewSweepAndSearch on the upright binary page, swept over
 * ±SEARCH_RANGE (beyond the ±15° promised, so that 15° is not at the edge
 * of the sweep).  Leptonica's angle is the rotation that deskews,
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
 * DESKEW_PHOTO_MIN of the page, a bilevel page would lose the picture:
 * the normalised grey page is kept (PNG) instead.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <leptonica/allheaders.h>

#include "clean.h"
#include "deskew.h"
#include "image.h"
#include "job.h"
#include "msg.h"

#define SEARCH_RANGE	17.0f		/* degrees swept either way */
#define THRESH_MIN	100		/* Otsu split kept in this range */
#define THRESH_MAX	215
#define MAX_INCHES	17.0		/* a page larger than A3: bad DPI */
#define MAX_SCALED	(120L * 1000 * 1000)	/* pixels after scaling */

/* resolution - fill R's dpi fields for PIX; *SX, *SY: scale factors */
static void
resolution(PIX *pix, struct deskew_result *r, double *sx, double *sy)
{
	l_int32 xres, yres, w, h;

	pixGetDimensions(pix, &w, &h, NULL);
	pixGetResolution(pix, &xres, &yres);
	r->dpi_source = xres;
	r->dpi_source_y = yres;
	*sx = *sy = 1.0;
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
	if (abs(xres - yres) * 10 > xres)	/* fax: 204x98 */
		*sy = (double)xres / yres;
	if (xres < DESKEW_LOW_DPI) {
		*sx *= 300.0 / xres;
		*sy *= 300.0 / xres;
		r->dpi = 300;
	}
	if (*sx * *sy * w * h > (double)MAX_SCALED) {
		*sx = *sy = 1.0;
		r->dpi = xres;
	}
}

/*
 * to_grey - PIX as 8 bpp grey: colour maps and alpha resolved over white,
 * 16 bits cut to 8, colour to luminance; NULL if it cannot
 */
static PIX *
to_grey(PIX *pix)
{
	PIX *t, *u;

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

static int split_between(PIX *, int, int);

/* otsu - the Otsu split of NORM's histogram, kept within the range */
static int
otsu(PIX *norm)
{
	return split_between(norm, THRESH_MIN, THRESH_MAX);
}

/* split_between - the Otsu split of GREY's histogram, kept in LO..HI */
static int
split_between(PIX *grey, int lo, int hi)
{
	NUMA *na;
	l_int32 split = 128;

	if ((na = pixGetGrayHistogram(grey, 4)) == NULL)
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

/*
 * ocr_paper_white - make white in NORM what is lighter than the page's
 * THRESHOLD (paper, show-through), and EDGE, the bits at the edge that
 * the cleaned binary page (aligned with NORM) keeps (clean_edge_bits, or
 * NULL), with their grey fringe (EDGE is dilated in place); ink keeps its
 * grey.  Specks stay: in faint typewriting they are as often dots,
 * accents and broken strokes.
 */
static void
ocr_paper_white(PIX *norm, int threshold, PIX *edge)
{
	pixThresholdToValue(norm, norm, threshold, 255);
	if (edge != NULL) {
		pixDilateBrick(edge, edge, 3, 3);
		pixSetMasked(norm, edge, 255);
	}
}

/*
 * orient - detect how the page is turned: sets R->orientation (SPEC §8)
 * and R->orientation_conf, R->orientation_uncertain; returns the number
 * of clockwise quarter turns that make the page upright
 */
static int
orient(PIX *bin, int dpi, struct deskew_result *r)
{
	l_float32 up = 0, left = 0;
	static const l_int32 decision[4] = { L_TEXT_ORIENT_UP,
	    L_TEXT_ORIENT_LEFT, L_TEXT_ORIENT_DOWN, L_TEXT_ORIENT_RIGHT };
	l_int32 o = L_TEXT_ORIENT_UNKNOWN;
	int rc, q;
	PIX *small;

	r->orientation = 0;
	r->orientation_uncertain = 1;
	/*
	 * the detector works at 150-300 dpi: run it at about 150 (fast),
	 * and again at full resolution if that does not decide
	 */
	small = dpi >= 250 ? pixReduceRankBinaryCascade(bin, 1, 0, 0, 0) :
	    pixClone(bin);
	if (small == NULL)
		return 0;
	rc = pixOrientDetect(small, &up, &left, 0, 0);
	pixDestroy(&small);
	if (rc == 0)
		rc = makeOrientDecision(up, left, 0.0f, 0.0f, &o, 0);
	if (rc == 0 && o == L_TEXT_ORIENT_UNKNOWN && dpi >= 250) {
		rc = pixOrientDetect(bin, &up, &left, 0, 0);
		if (rc == 0)
			rc = makeOrientDecision(up, left, 0.0f, 0.0f, &o, 0);
	}
	if (rc != 0)
		return 0;
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

/*
 * deskew_rotate_grey - GREY (8 bpp, no colour map) turned by ANGLE
 * radians about its centre, clockwise for a positive angle (leptonica's
 * convention), same size, white brought in, bilinear interpolation.
 *
 * It computes what pixRotateAMGray does, but steps through the source in
 * fixed point (16.16) along each row, so that a pixel costs two additions
 * and four loads instead of four float products and two conversions; the
 * weights have 1/256 steps where leptonica's have 1/16.  On a 300 dpi
 * A4 page it takes a third of leptonica's time (tests/unit/test_deskew.c
 * compares both).
 */
struct Pix *
deskew_rotate_grey(struct Pix *grey, double angle)
{
	PIX *out;
	const l_uint8 *src, *s0, *s1;
	l_uint8 *dst;
	l_int32 w, h, d, wpls, wpld, i, j, lo, hi;
	int64_t x0, y0, x, y, dx, dy;
	double xcen, ycen, c, sn;
	size_t rowb;
	unsigned xf, yf, top, bot;

	pixGetDimensions(grey, &w, &h, &d);
	if (d != 8 || pixGetColormap(grey) != NULL || w < 2 || h < 2)
		return NULL;
	if ((out = pixCreateTemplateNoInit(grey)) == NULL)
		return NULL;
	src = (const l_uint8 *)pixGetData(grey);
	wpls = pixGetWpl(grey);
	wpld = pixGetWpl(out);
	rowb = (size_t)wpls * 4;
	xcen = w / 2;
	ycen = h / 2;
	c = cos(angle);
	sn = sin(angle);
	dx = llround(c * 65536.0);
	dy = llround(-sn * 65536.0);
#define INSIDE(x, y) ((x) >= 0 && (y) >= 0 && ((x) >> 16) < w - 1 && \
	((y) >> 16) < h - 1)
	for (i = 0; i < h; i++) {
		/* the source of (0, i), then a step of (cos, -sin) per x */
		x0 = llround((xcen - xcen * c + (i - ycen) * sn) * 65536.0);
		y0 = llround((ycen + xcen * sn + (i - ycen) * c) * 65536.0);
		dst = (l_uint8 *)(pixGetData(out) + (size_t)i * wpld);
		/*
		 * a row crosses the source rectangle once: white before
		 * and after, then the pixels between with no bounds checks
		 */
		for (lo = 0; lo < w && !INSIDE(x0 + lo * dx, y0 + lo * dy);
		    lo++)
			SET_DATA_BYTE(dst, lo, 255);
		for (hi = w; hi > lo && !INSIDE(x0 + (hi - 1) * dx,
		    y0 + (hi - 1) * dy); hi--)
			SET_DATA_BYTE(dst, hi - 1, 255);
		x = x0 + lo * dx;
		y = y0 + lo * dy;
		for (j = lo; j < hi; j++, x += dx, y += dy) {
			xf = (unsigned)(x >> 8) & 0xff;
			yf = (unsigned)(y >> 8) & 0xff;
			s0 = src + (size_t)(y >> 16) * rowb;
			s1 = s0 + rowb;
			/* leptonica's bytes are in 32-bit words
			 * (GET_DATA_BYTE: index ^ 3 on little-endian) */
			top = GET_DATA_BYTE(s0, x >> 16) * (256 - xf) +
			    GET_DATA_BYTE(s0, (x >> 16) + 1) * xf;
			bot = GET_DATA_BYTE(s1, x >> 16) * (256 - xf) +
			    GET_DATA_BYTE(s1, (x >> 16) + 1) * xf;
			SET_DATA_BYTE(dst, j,
			    (top * (256 - yf) + bot * yf + 32768) >> 16);
		}
	}
#undef INSIDE
	return out;
}

/* replace - *P = NEW unless NEW is NULL (then 0 with *P destroyed) */
static int
replace(PIX **p, PIX *new)
{
	pixDestroy(p);
	*p = new;
	return new != NULL;
}

struct Pix *
deskew_page(struct Pix *pix, struct deskew_result *r, struct Pix **ocrpix,
    char *err, size_t errlen)
{
	PIX *norm = NULL, *bin = NULL, *out, *edge;
	l_float32 angle = 0, conf = 0;
	double sx, sy;
	int quads, w, h;

	memset(r, 0, sizeof(*r));
	*ocrpix = NULL;
	r->scale = r->scale_y = 1.0;
	r->image_type = "tiff-g4";
	w = pixGetWidth(pix);
	h = pixGetHeight(pix);
	if (w < 16 || h < 16) {
		snprintf(err, errlen, "page is too small (%dx%d pixels)", w, h);
		return NULL;
	}
	resolution(pix, r, &sx, &sy);
	if (pixGetDepth(pix) == 1 && pixGetColormap(pix) == NULL &&
	    sx == 1.0 && sy == 1.0) {
		bin = pixClone(pix);
		r->method = "bilevel input";
		r->border_share = clean_border_comps(bin, r->dpi);
	} else {
		if ((norm = to_grey(pix)) == NULL) {
			snprintf(err, errlen, "cannot convert a %d bpp page "
			    "to grey", pixGetDepth(pix));
			return NULL;
		}
		if ((sx != 1.0 || sy != 1.0) && !replace(&norm,
		    pixScaleGrayLI(norm, (float)sx, (float)sy))) {
			snprintf(err, errlen, "cannot scale the page");
			return NULL;
		}
		r->scale = sx;
		r->scale_y = sy;
		/*
		 * background tiles of 1/8 inch; a pixel is
		 * ink, not background, under the page's own Otsu split
		 * (faint typewriter ink on cream paper is lighter than
		 * leptonica's default of 100)
		 */
		out = pixBackgroundNorm(norm, NULL, NULL,
		    r->dpi / 8 > 4 ? r->dpi / 8 : 4,
		    r->dpi / 8 > 4 ? r->dpi / 8 : 4,
		    split_between(norm, 100, 200), 50, 255, 2, 2);
		if (out != NULL)	/* NULL: tiny page, kept as it is */
			replace(&norm, out);
		r->border_share = clean_dark_border(norm, r->dpi);
		r->threshold = otsu(norm);
		r->method = "background-normalised Otsu";
		bin = pixThresholdToBinary(norm, r->threshold);
	}
	if (bin == NULL) {
		snprintf(err, errlen, "cannot binarise the page");
		pixDestroy(&norm);
		return NULL;
	}
	if ((quads = orient(bin, r->dpi, r)) != 0) {
		if (!replace(&bin, pixRotateOrth(bin, quads)) ||
		    (norm != NULL && !replace(&norm,
		    pixRotateOrth(norm, quads)))) {
			snprintf(err, errlen, "cannot turn the page upright");
			pixDestroy(&bin);
			pixDestroy(&norm);
			return NULL;
		}
	}
	if (pixFindSkewSweepAndSearch(bin, &angle, &conf, 4, 2, SEARCH_RANGE,
	    1.0f, 0.01f) != 0)
		angle = conf = 0;
	r->skew_conf = conf;
	if (conf >= DESKEW_MIN_CONF)
		r->skew_deg = -angle;
	if (conf >= DESKEW_MIN_CONF && fabs(angle) >= 0.05) {
		float rad = angle * (float)M_PI / 180.0f;

		if (norm != NULL) {
			if (replace(&norm, deskew_rotate_grey(norm, rad)))
				replace(&bin, pixThresholdToBinary(norm,
				    r->threshold));
		} else
			replace(&bin, pixRotate(bin, rad, L_ROTATE_SAMPLING,
			    L_BRING_IN_WHITE, 0, 0));
		if (bin == NULL) {
			snprintf(err, errlen, "cannot rotate the page");
			pixDestroy(&norm);
			return NULL;
		}
	}
	r->border_share += clean_border_comps(bin, r->dpi);
	r->holes = clean_holes(bin, r->dpi);
	bin = clean_specks(bin, r->dpi);
	edge = clean_edge_bits(bin, r->dpi);
	r->blank_score = clean_ink_share(bin, r->dpi, edge);
	r->blank = r->blank_score < DESKEW_BLANK_MAX;
	if (norm != NULL && !r->blank)
		r->photo_share = clean_photo_share(bin, norm);
	if (r->photo_share > DESKEW_PHOTO_MIN) {
		out = norm;
		pixDestroy(&bin);
		pixSetZlibCompression(out, 3);	/* fast, still compact */
		r->image_type = "png";
		r->method = "grey kept (photo regions)";
	} else {
		out = bin;
		/*
		 * tesseract reads the upright, straight, normalised grey page
		 * better than our binary one (tapuscorpus: CER 0.163 against
		 * 0.178, and 0.177 for the raw scan): hand it that, with what
		 * the binary page takes for paper made white.  Left grey,
		 * show-through from the back of thin paper and paper noise
		 * made tesseract's layout analysis merge the two columns of
		 * some pages, or not, on the least change to the page
		 * (tapuscorpus 0.157 with, 0.165-0.198 without)
		 */
		if (norm != NULL && !r->blank) {
			ocr_paper_white(norm, r->threshold, edge);
			pixSetResolution(norm, r->dpi, r->dpi);
			*ocrpix = norm;
		} else
			pixDestroy(&norm);
	}
	pixDestroy(&edge);
	pixSetResolution(out, r->dpi, r->dpi);
	r->width = pixGetWidth(out);
	r->height = pixGetHeight(out);
	return out;
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
	if (pixWriteMem(&data, &size, pix, format) != 0 || data == NULL) {
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
#undef SET
}

/*
 * deskew_one - clean page K (page SRCPAGE of the source M) into the job;
 * the verdict, with the reason in ERR
 */
static enum verdict
deskew_one(struct job *job, const struct mapped *m, const char *media,
    long k, long srcpage, char *err, size_t errlen)
{
	struct deskew_result r;
	char key[64], name[32], oname[32], why[256];
	const char *decoder;
	PIX *pix, *clean, *ocrpix;
	enum verdict v;
	int grey, e;

	errno = 0;
	pix = image_read_page(m->data, m->size, media, (int)srcpage,
	    IMAGE_MAX_PIXELS, IMAGE_READ_GREY, why, sizeof(why));
	if (pix == NULL)
		return verdict_set(verdict_decode(errno), err, errlen,
		    "page %ld: %s", srcpage, why);
	if ((decoder = image_decoder(m->data, m->size, media)) != NULL)
		job_set(job, job_pagekey(key, sizeof(key), (int)k, "decoder"),
		    decoder);
	errno = 0;
	clean = deskew_page(pix, &r, &ocrpix, why, sizeof(why));
	e = errno;
	pixDestroy(&pix);
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
		 * serialisation, which costs 1 ms to write where PNG costs
		 * 100-200 ms a page (measured on tapuscorpus)
		 */
		snprintf(oname, sizeof(oname), "p%04ld.ocr.spix", k);
		v = put_pix(job, oname, ocrpix, IFF_SPIX, err, errlen);
		if (v == VERDICT_OK)
			job_set(job, job_pagekey(key, sizeof(key), (int)k,
			    "ocr_image"), oname);
	}
	pixDestroy(&ocrpix);
	if (v != VERDICT_OK)
		return v;
	set_results(job, k, name, &r);
	msg_info("page %ld: skew %.2f deg (conf %.1f), %s%s", k, r.skew_deg,
	    r.skew_conf, r.blank ? "blank, " : "", r.method);
	return VERDICT_OK;
}

enum verdict
deskew_job(struct job *job, char *err, size_t errlen)
{
	struct mapped m;
	char path[PATH_MAX], key[64];
	const char *media = job_get(job, "media_type");
	long pages = job_get_long(job, "pages", 0), k, srcpage;
	enum verdict v = VERDICT_OK;

	if (pages < 1 || pages > IMAGE_MAX_PAGES)
		return verdict_set(VERDICT_PERM, err, errlen,
		    "job meta: bad page count");
	if (job_path(job, "source", path, sizeof(path)) < 0 ||
	    image_map(path, DESKEW_SOURCE_MAX, &m) < 0)
		return verdict_set(verdict_errno(errno), err, errlen,
		    "cannot read the job's source file: %s", strerror(errno));
	for (k = 1; k <= pages && v == VERDICT_OK; k++) {
		srcpage = job_get_long(job, job_pagekey(key, sizeof(key),
		    (int)k, "source_page"), k);
		v = deskew_one(job, &m, media, k, srcpage, err, errlen);
	}
	image_unmap(&m);
	return v;
}
