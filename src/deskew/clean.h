/*
 * clean.h - the cleanup steps of deskew_page() on a page at DPI dots per
 * inch, in clean.c (private to dossier-deskew).  Each works on leptonica
 * images; a leptonica failure makes a step do nothing (share 0, count 0,
 * the page as it was).
 */
#ifndef DOSSIER_DESKEW_CLEAN_H
#define DOSSIER_DESKEW_CLEAN_H

struct Pix;

/*
 * a line, to the border rule (clean.c) and to deskew's long lines down the
 * page: under 1/CLEAN_LINE_THICK inch thick on average along its length
 */
#define CLEAN_LINE_THICK	15

/*
 * clean_threshold - what pixThresholdToBinary(GREY, LEVEL) gives (1 for
 * a pixel under LEVEL), 32 pixels at a time: leptonica's loop, a pixel
 * at a time, took 8% of the stage's work on a page thresholded 4 times
 */
struct Pix *clean_threshold(struct Pix *grey, int level);

/*
 * clean_reduce2 - GREY (8 bpp) reduced by 2, each pixel the mean of 4
 * (rounded down): pixScaleAreaMap2(GREY), 8 pixels at a time
 */
struct Pix *clean_reduce2(struct Pix *grey);

/*
 * clean_min_reduce2 - GREY (8 bpp, no colour map) reduced by 2, each
 * pixel the darkest of its 4: pixScaleGrayMinMax(GREY, 2, 2,
 * L_CHOOSE_MIN), 16 pixels at a time (leptonica's, a pixel at a time,
 * took half the work of deskew's search for pale marks); NULL if
 * leptonica cannot
 */
struct Pix *clean_min_reduce2(struct Pix *grey);

/*
 * clean_reduce2_hist - clean_reduce2, and in HIST (256 counts) what
 * pixGetGrayHistogram(GREY, 4) counts (every 4th pixel of every 4th
 * row), from the rows as the reduction reads them; NULL, HIST untouched,
 * if GREY is not 8 bpp grey of 2x2 pixels at least
 */
struct Pix *clean_reduce2_hist(struct Pix *grey, unsigned int *hist);

/*
 * clean_area_map - what pixScaleAreaMap(GREY, SCALEX, SCALEY) gives, but
 * for an 8 bpp grey page at scales under 0.7 summed by rows, then by
 * columns: each source pixel read once where leptonica reads it once per
 * dest pixel it touches (12% of the stage's work on a 400 dpi page)
 */
struct Pix *clean_area_map(struct Pix *grey, float scalex, float scaley);

/*
 * clean_dilate - what pixDilateBrick(NULL, BIN, SX, SY) gives for a 1 bpp
 * BIN, by ORs of segments of 1, 2, 4... pixels: log SX + log SY passes
 * over the page where leptonica makes SX + SY
 */
struct Pix *clean_dilate(struct Pix *bin, int sx, int sy);

/*
 * clean_white_from - make white (255) the pixels of GREY (8 bpp) at LEVEL
 * or lighter: pixThresholdToValue(GREY, GREY, LEVEL, 255), 16 pixels at a
 * time
 */
void	clean_white_from(struct Pix *grey, int level);

/*
 * clean_set_white - make white (255) the pixels of GREY (8 bpp) where MASK
 * (1 bpp, the same size) is set: pixSetMasked(GREY, MASK, 255), but a
 * word of the mask at a time, and 32 pixels at once where it is full
 */
void	clean_set_white(struct Pix *grey, struct Pix *mask);

/*
 * clean_dark_border - paint white, in the normalised grey page NORM, the
 * solid dark regions over 1/3 inch that touch its edge (and a fringe of
 * 1/50 inch); returns the share of the page cleared (0 for a dark page:
 * over 3/4 of it is no border)
 */
double	clean_dark_border(struct Pix *norm, int dpi);

/*
 * clean_border_comps - clear from the binary page BIN the solid
 * components touching its edge that are larger than a letter, a dark
 * frame all round the sheet included (clean_dark_border keeps one);
 * returns the share of the page cleared
 */
double	clean_border_comps(struct Pix *bin, int dpi);

/*
 * clean_holes - clear punch holes from BIN: solid, round components of
 * 4-10 mm within an inch of an edge (a disc fills pi/4 of its box, a
 * solid square more than 9/10: not a hole); returns how many
 */
int	clean_holes(struct Pix *bin, int dpi);

/*
 * clean_specks_ink - clear from BIN its specks, the components of at most
 * DPI/100 either way; *EDGE: the components left that touch its edge and
 * are no larger than a letter (kept in the page, but not its content), or
 * NULL if none (the caller destroys it); returns the share of BIN covered
 * by the other components over DPI/60 one way (its ink).  One look at
 * the components does all three, where leptonica's selections by size
 * took one each (7% of the stage's time on faint field scans).
 */
double	clean_specks_ink(struct Pix *bin, int dpi, struct Pix **edge);

/* a dot-matrix print: its dots 1/CLEAN_DOT_PITCH inch apart at most */
#define CLEAN_DOT_PITCH	60

/* the marks of a page of a dot's size at most (clean_specks_dots) */
struct clean_dots {
	struct clean_dot {
		int	 x0, y0, x1, y1;	/* its box */
		int	 area;		/* its pixels */
	}	*dot;
	int	 n;
};

/*
 * clean_specks_dots - clean_specks_ink, and (DOTS not NULL) into DOTS the
 * boxes of BIN's marks of at most DPI/25 either way (the specks among
 * them), in the order of their first rows; free them with
 * clean_dots_free
 */
double	clean_specks_dots(struct Pix *bin, int dpi, struct Pix **edge,
	    struct clean_dots *dots);
void	clean_dots_free(struct clean_dots *dots);

/*
 * clean_dot_join - the side of the square that joins a dot-matrix print's
 * dots at DPI by a dilation, 1/CLEAN_DOT_PITCH inch and a pixel (6 at 300
 * dpi, 4 at 200): it bridges the gap between two dots a pitch apart on
 * the diagonal (1.4 pitch less a dot), not the two pitches between
 * letters
 */
int	clean_dot_join(int dpi);

/*
 * clean_dot_rows - the rows of a dot-matrix print whose dots stand apart
 * (each a speck, or under the size of a stroke) on PAGE, a page whose
 * other marks are print in strokes: a form filled in by such a printer.
 * The marks DOTS (clean_specks_dots of PAGE) less than clean_dot_join
 * apart either way join into letters: 1/25 to 1/2 inch high (grown by
 * that join), of 5 marks at least, each under a third of its height
 * (three in four of them).  Letters whose heights meet, 1/DOT_GAP inch
 * apart at most, join into rows; a row counts when it is one line high
 * (1.5 times its tallest letter at most), DOT_ROW letters at least stand
 * on one line (their feet within the join of one another: a speckled
 * band's blots of a letter's size do not), and half its ink on PAGE is
 * its letters' dots (a halftone photograph's edge has them beside its
 * solid dark).  Over all the rows, each grown by half its height along it
 * and a quarter across (a comma under the line, an accent over it), their
 * dots must be DOT_CONTRAST times denser than the other marks of DOTS over
 * the rest of the page (a fax's speckle makes letters too, as dense all
 * over).  Returns the rows so grown (a 1 bpp mask, PAGE's size) and their
 * letters into *LETTERS; NULL, and 0, if none
 */
struct Pix *clean_dot_rows(struct Pix *page, const struct clean_dots *dots,
	    int dpi, int *letters);

/*
 * clean_specks_near - of the specks clean_specks_dots cleared from BIN
 * (SPECKED: BIN as it was; DOTS: its marks of a dot's size), those that
 * lie by its text, within 1/SPECK_ALONG inch along a line of another mark
 * and 1/SPECK_ACROSS inch across it: a period, a colon, a decimal point,
 * an i's dot of small print (7 points at 200 dpi: 2 pixels) - when they
 * lie there SPECK_CONTRAST times denser than elsewhere (a speckled fax's
 * are as dense by the text as in its margins).  Looked for on the page
 * reduced by 4 (a mark where any of its 16 pixels is one): a sixteenth
 * of the pixels to grow.  Returns them (a new 1 bpp page) and how many
 * into *N; NULL, 0, if none
 */
struct Pix *clean_specks_near(struct Pix *bin, struct Pix *specked,
	    const struct clean_dots *dots, int dpi, int *n);

/*
 * clean_ink_share - the share of BIN covered by components over DPI/60,
 * but for EDGE (of clean_specks_ink, or NULL)
 */
double	clean_ink_share(struct Pix *bin, int dpi, struct Pix *edge);

/*
 * clean_ink_share_inside - clean_ink_share of BIN over the page but a
 * band of half an inch along its edges (what a blank sheet shows there:
 * the scanner's marks, the paper's edge, a staple's holes)
 */
double	clean_ink_share_inside(struct Pix *bin, int dpi, struct Pix *edge);

/*
 * clean_halftone_mask - what pixGenerateHalftoneMask(BIN, NULL, FOUND,
 * NULL) gives, but NULL (*FOUND 0) at once when BIN has no halftone seed
 * (solid 5x5 at a quarter of the size), where leptonica makes an empty
 * mask by closing and filling the whole page (4% of the stage's time on
 * a text page, twice); NULL on error too
 */
struct Pix *clean_halftone_mask(struct Pix *bin, int *found);

/*
 * clean_background_map - the map pixGetBackgroundGrayMap(GREY, NULL, SX,
 * SY, THRESH, MINCOUNT, &map) makes (the mean of each tile away from the
 * ink, holes filled), or NULL: its threshold and dilation are clean.c's,
 * and its tiles summed with no test in the loop (4% of the stage's time)
 */
struct Pix *clean_background_map(struct Pix *grey, int sx, int sy,
	    int thresh, int mincount);

/*
 * clean_comp_boxes - what pixConnCompBB(BIN, 8) gives: the boxes of the
 * 8-connected components, in the order of their first pixels, from the
 * runs of the rows
 */
struct Boxa *clean_comp_boxes(struct Pix *bin);

/*
 * clean_keep_small - what pixSelectBySize(BIN, MAXW, MAXH, 8,
 * L_SELECT_IF_BOTH, L_SELECT_IF_LTE, NULL) gives (the 8-connected
 * components no larger than MAXW by MAXH), the components found by runs
 */
struct Pix *clean_keep_small(struct Pix *bin, int maxw, int maxh);

/*
 * clean_photo_share - the share of BIN that leptonica takes for halftone
 * and that is continuous tone in NORM (aligned with BIN); a flat tint is
 * not a photo.  SIDE (unless NULL): the largest of the photo regions'
 * shorter sides, in pixels (0 with no photo); while it is under SIDE_MIN
 * (pixels; 0: not looked for), also that of the middle tones of NORM
 * within SIDE_MIN of each spot of the mask (a pale photograph, of which
 * the binary page keeps only the darkest spots).
 */
double	clean_photo_share(struct Pix *bin, struct Pix *norm, int side_min,
	    int *side);

/*
 * clean_rotate_orth - PIX turned clockwise by QUADS right angles (0 to 3),
 * as pixRotateOrth turns it (the same pixels, resolution and text); a
 * grey page (8 bpp, no colour map) 16 x 16 pixels at a time, any other
 * by leptonica.  NULL if out of memory.
 */
struct Pix *clean_rotate_orth(struct Pix *pix, int quads);

/*
 * clean_row_in, clean_row_out - a row of N leptonica grey pixels (32-bit
 * words, the first pixel the most significant byte) to pixel order at
 * DST, and back from SRC
 */
void	clean_row_in(unsigned char *dst, const unsigned int *line, int n);
void	clean_row_out(unsigned int *line, const unsigned char *src, int n);

#endif
