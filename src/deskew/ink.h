/*
 * ink.h - the text a grey page shows, for dossier-deskew (in ink.c,
 * private to it): how the cleanup chooses its threshold, estimates the
 * resolution, and checks that the binary page keeps the text
 */
#ifndef DOSSIER_DESKEW_INK_H
#define DOSSIER_DESKEW_INK_H

struct Pix;
struct Numa;
struct Boxa;

struct ink_text {
	int	 scale;		/* the reduction it was measured at */
	int	 noise;		/* median gradient: the paper's noise */
	int	 edge;		/* gradient taken for an edge of text */
	int	 paper;		/* median level of the paper */
	int	 ink;		/* mean level of the text's ink */
	int	 threshold;	/* Otsu split of ink and paper by the text */
	int	 middle;	/* the level halfway between the paper and
				   the ink of the typical spot (the median
				   spot's), 0 or under for none */
	int	 spots;		/* text-size spots (letters, words) */
	int	 faint;		/* 1: found only as faint ink, the second
				   look (its marks might be show-through) */
	double	 height;	/* their median height, in page pixels: of
				   the text, their width where its lines run
				   down the page (across) */
	int	 across;	/* 1: the lines run down the page (a page on
				   its side) */
	struct Boxa *boxa;	/* the spots, in page pixels */
};

/*
 * ink_measure - measure the text of the grey page GREY (8 bpp) into T:
 * 0, or -1 if leptonica failed (T then says no text); ink_free(T) after
 */
int	ink_measure(struct Pix *grey, struct ink_text *t);
/*
 * ink_measure_at - ink_measure on GREY reduced by R (1: as it is, however
 * large), with no second look
 */
int	ink_measure_at(struct Pix *grey, struct ink_text *t, int r);

/*
 * ink_lost - how many of T's spots the binary page BIN (aligned with the
 * grey page T was measured on) leaves without ink; *AREA: their share of
 * the spots' area.  Spots where CLEARED (aligned too; NULL: none) has
 * ink, what the cleanup removed on purpose (punch holes), are not
 * counted at all.  The boxes of the spots lost are added to LOST (NULL:
 * not wanted).
 */
int	ink_lost(const struct ink_text *t, struct Pix *bin, struct Pix *cleared,
	    double *area, struct Boxa *lost);

/*
 * ink_lined - how many of the boxes BOXA stand in lines of text: each
 * with two neighbours in its line, of about its height (within a factor
 * 2), level with it and at most twice that height apart; across the page
 * or down it, the way more of them do.  Letters and words, not scattered
 * specks, smudges or holes.
 */
int	ink_lined(struct Boxa *boxa);
/*
 * ink_thinned - whether the binary page of GREY (the page T was measured
 * on) cut at LEVEL keeps only the cores of T's letters: the median spot
 * keeps under THIN_KEPT of the pixels that a cut at T's middle keeps
 * (soft strokes: a hard-edged letter keeps them all at any level
 * between its ink and the paper)
 */
int	ink_thinned(const struct ink_text *t, struct Pix *grey, int level);
/* ink_hist_rank - the level under which a share RANK of histogram NA lies */
int	ink_hist_rank(struct Numa *na, double rank);
/* ink_free - free what ink_measure gave T */
void	ink_free(struct ink_text *t);

#endif
