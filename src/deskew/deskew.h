/*
 * deskew.h - dossier-deskew's transform: one scanned page to a clean,
 * straight, bilevel page, with the measurements that explain it
 */
#ifndef DOSSIER_DESKEW_H
#define DOSSIER_DESKEW_H

#include <stddef.h>

struct Pix;

struct deskew_result {
	int	 width, height;		/* of the cleaned page */
	int	 dpi;			/* resolution used */
	int	 dpi_assumed;		/* 1 if the file had no usable DPI */
	double	 skew_deg;		/* SPEC §8: + when content turned cw */
	double	 skew_conf;		/* leptonica's confidence */
	int	 orientation;		/* SPEC §8: cw turn as scanned */
	double	 orientation_conf;	/* leptonica's up/left confidence */
	int	 orientation_uncertain;	/* 1: too little text to decide */
	int	 threshold;		/* global threshold after normalisation */
	const char *method;		/* how it was binarised */
	double	 blank_score;		/* share of ink after cleanup */
	int	 blank;			/* 1 if the page is blank */
};

/* deskew_defaults */
#define DESKEW_SWEEP_RANGE	15.0	/* degrees searched either way */
#define DESKEW_MIN_CONF		2.0	/* below: not corrected */
#define DESKEW_BLANK_MAX	0.0002	/* ink share under which blank */

/*
 * deskew_page - clean the page PIX (any depth): binarise, find and
 * correct the skew, detect a blank page.  Returns the cleaned 1 bpp page
 * (caller destroys it) and fills R, or NULL with a reason in ERR.
 */
struct Pix *deskew_page(struct Pix *pix, struct deskew_result *r, char *err,
	    size_t errlen);

#endif
