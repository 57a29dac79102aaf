/*
 * deskew.h - dossier-deskew's transform: one scanned page to a clean,
 * upright, straight page, with the measurements that explain it
 */
#ifndef DOSSIER_DESKEW_H
#define DOSSIER_DESKEW_H

#include <stddef.h>

#include "job.h"
#include "verdict.h"

struct Pix;

struct deskew_result {
	int	 width, height;		/* of the cleaned page */
	int	 dpi;			/* resolution of the cleaned page */
	int	 dpi_assumed;		/* 1 if the file had no usable DPI */
	int	 dpi_source;		/* x DPI in the file (0 if none) */
	int	 dpi_source_y;		/* y DPI in the file (0 if none) */
	double	 scale, scale_y;	/* factors applied (low res, fax) */
	double	 skew_deg;		/* SPEC §8: + when content turned cw */
	double	 skew_conf;		/* leptonica's confidence */
	int	 orientation;		/* SPEC §8: cw turn as scanned */
	double	 orientation_conf;	/* leptonica's up/left confidence */
	int	 orientation_uncertain;	/* 1: too little text to decide */
	int	 threshold;		/* global threshold after normalisation */
	const char *method;		/* how it was binarised */
	const char *image_type;		/* "tiff-g4" (1 bpp) or "png" (grey) */
	double	 photo_share;		/* share of the page in photo regions */
	double	 border_share;		/* share of the page cleared as border */
	int	 holes;			/* punch holes cleared */
	double	 blank_score;		/* share of ink after cleanup */
	int	 blank;			/* 1 if the page is blank */
	int	 dotted;		/* 1: not blank, a dot-matrix print
					   whose dots stand apart */
	int	 dot_letters;		/* letters of such a print's rows on
					   a page of other print (0: none) */
	int	 specks_kept;		/* specks by the text put back (a
					   period of small print), 0: none */
	int	 stains;		/* stains over text lifted off OCR's
					   page (unstain), 0: none */
	int	 dithered;		/* 1: a bilevel page of dots (halftone
					   mode), smoothed to grey first */
	int	 negative;		/* 1: light text on a dark ground,
					   inverted first */
	int	 exposed;		/* the light level the page was
					   stretched from to white (under
					   EXPOSE_BELOW), 0 if it was not */
	int	 dpi_estimate;		/* the text's resolution (0: none) */
	int	 text_spots;		/* text spots on the grey page */
	int	 text_faint;		/* 1: found as faint ink only */
	int	 spots_lost;		/* of them, none on the binary page */
	int	 spots_split;		/* of those, split on their own */
	int	 marks;			/* pale marks the binary page lost,
					   put back (pale_marks) */
	int	 lines;			/* 1: long lines from edge to edge kept
					   out of OCR's page (lines_out) */
	int	 ruled;			/* 1: blank but for long lines from
					   edge to edge (ruled_blank) */
	int	 columns;		/* columns of text side by side, parted
					   by a gutter no spot crosses (1: one,
					   or none found) */
	const char *fallback;		/* why grey was kept, or NULL */
	char	 fallback_buf[128];
};

#define DESKEW_SOURCE_MAX	(512UL * 1024 * 1024)	/* bytes of a source */

/* deskew_defaults */
#define DESKEW_SWEEP_RANGE	15.0	/* degrees promised either way */
#define DESKEW_MIN_CONF		2.0	/* below: not corrected */
/*
 * the orientation detector's stronger confidence over its weaker: not
 * leptonica's default 2.5, which left a phone photo of a letter upside
 * down (up -21.5 against left 9.9); over 381 pages, upright and turned
 * (tapuscorpus, funsd, faint, camera, tesseract's, leptonica's, naps2),
 * 2 decides 8 more and none wrong, nor does 1.5
 */
#define DESKEW_ORIENT_RATIO	2.0
#define DESKEW_BLANK_MAX	0.0001	/* ink share under which blank */
#define DESKEW_BLANK_MARGIN	0.001	/* ...inside, with this at the edge */
#define DESKEW_PHOTO_MIN	0.04	/* photo share above which grey */
#define DESKEW_PHOTO_SIDE	0.5	/* inch: a photo region this wide and
					   high is kept grey, whatever its share */
#define DESKEW_LOW_DPI		200	/* below: scaled to 300 for OCR */

/*
 * deskew_page - clean the page PIX (any depth): turn it upright, find and
 * correct the skew, binarise, clear dark borders, punch holes and specks,
 * detect a blank page.  Returns the cleaned page, 1 bpp, or 8 bpp grey
 * when binarising would lose photo-like content (R->image_type says
 * which; caller destroys it), and fills R; or NULL with a reason in ERR.
 * *OCRPIX is set to the upright, straight, normalised grey page that OCR
 * should read instead (caller destroys it), or NULL when the cleaned page
 * itself is the best input (bilevel scans, blank pages, kept grey).
 */
struct Pix *deskew_page(struct Pix *pix, struct deskew_result *r,
	    struct Pix **ocrpix, char *err, size_t errlen);

/*
 * deskew_rotate_grey - GREY (8 bpp) turned by ANGLE radians about its
 * centre, clockwise when positive, white brought in, bilinear; NULL if
 * GREY is not 8 bpp grey
 */
struct Pix *deskew_rotate_grey(struct Pix *grey, double angle);

/*
 * deskew_job - clean every page of JOB (its source file, meta pages,
 * media_type and page.K.source_page): writes pK.tif or pK.png (and
 * pK.ocr.spix when OCR should read a grey page instead) and sets the
 * page.K.* keys of dossier-spool(5).  VERDICT_PERM for a page that cannot
 * be read or cleaned, VERDICT_TEMP for an environment failure (by
 * verdict_errno and verdict_decode), with the reason in ERR.
 */
enum verdict deskew_job(struct job *job, char *err, size_t errlen);

#endif
