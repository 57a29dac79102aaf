/*
 * deskew.c - page cleanup with leptonica (see deskew.h)
 *
 * Grey and colour pages are normalised for uneven background and
 * binarised with Otsu on the normalised image; the skew is measured on the
 * binary page (sweep and binary search, ±15°), the grey page is rotated
 * (area mapping, white brought in) and binarised again, so the text is
 * not sheared twice.  Bilevel input is rotated directly.
 *
 * Orientation: leptonica's text-orientation detector (pixOrientDetect,
 * a morphological count of ascenders and descenders on the binary page)
 * gives an "up" and a "left" confidence; makeOrientDecision with its
 * default thresholds says up/left/down/right or unknown.  Unknown is
 * kept as scanned (orientation 0, uncertain), never turned on a guess.
 * Checked on tesseract's phototest variants: text turned 90° counter-
 * clockwise reads LEFT, and SPEC §8 records the clockwise turn the page
 * had as scanned, so LEFT = 270, RIGHT = 90, DOWN = 180.
 *
 * Sign conventions: leptonica's pixFindSkew angle is the rotation that
 * deskews, positive clockwise; a page whose content was turned clockwise
 * by s degrees is reported as -s (checked on feyn.tif turned +3°).  SPEC
 * §8 wants +s, hence skew_deg = -angle.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <leptonica/allheaders.h>

#include "deskew.h"

/* binarise - GREY (8 bpp) to 1 bpp, background-normalised Otsu */
static PIX *
binarise(PIX *grey, int *thresh)
{
	PIX *b;

	*thresh = 0;
	b = pixOtsuThreshOnBackgroundNorm(grey, NULL, 10, 15, 100, 50, 255,
	    2, 2, 0.1f, thresh);
	if (b == NULL)		/* tiny pages: a plain global threshold */
		b = pixThresholdToBinary(grey, *thresh = 128);
	return b;
}

/*
 * ink_share - the share of the page covered by ink that is not speckle
 * and does not touch the border (scanner edges, punch holes at the edge)
 */
static double
ink_share(PIX *bin, int dpi)
{
	PIX *noborder, *clean;
	l_int32 count = 0, w, h, minsz;
	double share;

	w = pixGetWidth(bin);
	h = pixGetHeight(bin);
	noborder = pixRemoveBorderConnComps(bin, 8);
	if (noborder == NULL)
		return 0.0;
	/* specks: anything under about 1/60 inch on both sides */
	minsz = dpi / 60 > 2 ? dpi / 60 : 2;
	clean = pixSelectBySize(noborder, minsz, minsz, 8, L_SELECT_IF_EITHER,
	    L_SELECT_IF_GTE, NULL);
	pixDestroy(&noborder);
	if (clean == NULL)
		return 0.0;
	pixCountPixels(clean, &count, NULL);
	pixDestroy(&clean);
	share = (double)count / ((double)w * h);
	return share;
}

/*
 * orient - detect how the page is turned: sets R->orientation (SPEC §8)
 * and R->orientation_conf, R->orientation_uncertain; returns the number
 * of clockwise quarter turns that make the page upright
 */
static int
orient(PIX *bin, struct deskew_result *r)
{
	l_float32 up = 0, left = 0;
	l_int32 o = L_TEXT_ORIENT_UNKNOWN;

	r->orientation = 0;
	r->orientation_uncertain = 1;
	if (pixOrientDetect(bin, &up, &left, 0, 0) != 0 ||
	    makeOrientDecision(up, left, 0.0f, 0.0f, &o, 0) != 0)
		return 0;
	r->orientation_conf = fabs(up) > fabs(left) ? fabs(up) : fabs(left);
	switch (o) {
	case L_TEXT_ORIENT_UP:
		r->orientation_uncertain = 0;
		return 0;
	case L_TEXT_ORIENT_LEFT:
		r->orientation_uncertain = 0;
		r->orientation = 270;
		return 1;
	case L_TEXT_ORIENT_DOWN:
		r->orientation_uncertain = 0;
		r->orientation = 180;
		return 2;
	case L_TEXT_ORIENT_RIGHT:
		r->orientation_uncertain = 0;
		r->orientation = 90;
		return 3;
	}
	return 0;
}

struct Pix *
deskew_page(struct Pix *pix, struct deskew_result *r, char *err,
    size_t errlen)
{
	PIX *grey = NULL, *bin = NULL, *rot = NULL, *out = NULL;
	l_float32 angle = 0, conf = 0;
	l_int32 xres, yres;
	int d, quads;

	memset(r, 0, sizeof(*r));
	pixGetResolution(pix, &xres, &yres);
	if (xres < 50 || xres > 2400) {
		/* none, or absurd: scanners write 200-600 */
		r->dpi = 300;
		r->dpi_assumed = 1;
	} else
		r->dpi = xres;
	d = pixGetDepth(pix);
	if (pixGetWidth(pix) < 16 || pixGetHeight(pix) < 16) {
		snprintf(err, errlen, "page is too small (%dx%d pixels)",
		    pixGetWidth(pix), pixGetHeight(pix));
		return NULL;
	}
	if (d == 1 && pixGetColormap(pix) == NULL) {
		bin = pixClone(pix);
		r->method = "bilevel input";
	} else {
		grey = pixConvertTo8(pix, 0);
		if (grey == NULL) {
			snprintf(err, errlen, "cannot convert a %d bpp page "
			    "to grey", d);
			return NULL;
		}
		bin = binarise(grey, &r->threshold);
		r->method = "background-normalised Otsu";
	}
	if (bin == NULL) {
		snprintf(err, errlen, "cannot binarise the page");
		pixDestroy(&grey);
		return NULL;
	}
	if ((quads = orient(bin, r)) != 0) {
		PIX *t = pixRotateOrth(bin, quads);
		int had_grey = grey != NULL;

		pixDestroy(&bin);
		bin = t;
		if (grey != NULL) {
			t = pixRotateOrth(grey, quads);
			pixDestroy(&grey);
			grey = t;
		}
		if (bin == NULL || (had_grey && grey == NULL)) {
			snprintf(err, errlen, "cannot turn the page upright");
			pixDestroy(&bin);
			pixDestroy(&grey);
			return NULL;
		}
	}
	if (pixFindSkewSweepAndSearch(bin, &angle, &conf, 4, 2,
	    (l_float32)DESKEW_SWEEP_RANGE, 1.0f, 0.01f) != 0)
		angle = conf = 0;
	r->skew_conf = conf;
	if (conf >= DESKEW_MIN_CONF && fabs(angle) >= 0.05) {
		r->skew_deg = -angle;
		if (grey != NULL) {
			rot = pixRotate(grey, angle * (float)M_PI / 180.0f,
			    L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0);
			if (rot != NULL) {
				pixDestroy(&bin);
				bin = binarise(rot, &r->threshold);
				pixDestroy(&rot);
			}
		} else {
			rot = pixRotate(bin, angle * (float)M_PI / 180.0f,
			    L_ROTATE_SAMPLING, L_BRING_IN_WHITE, 0, 0);
			if (rot != NULL) {
				pixDestroy(&bin);
				bin = rot;
			}
		}
		if (bin == NULL) {
			snprintf(err, errlen, "cannot rotate the page");
			pixDestroy(&grey);
			return NULL;
		}
	} else if (conf >= DESKEW_MIN_CONF)
		r->skew_deg = -angle;	/* measured, too small to correct */
	pixDestroy(&grey);
	out = bin;
	pixSetResolution(out, r->dpi, r->dpi);
	r->width = pixGetWidth(out);
	r->height = pixGetHeight(out);
	r->blank_score = ink_share(out, r->dpi);
	r->blank = r->blank_score < DESKEW_BLANK_MAX;
	return out;
}
