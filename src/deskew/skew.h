/*
 * skew.h - leptonica's skew sweep and search for dossier-deskew (in
 * skew.c, private to it)
 */
#ifndef DOSSIER_DESKEW_SKEW_H
#define DOSSIER_DESKEW_SKEW_H

struct Pix;

/*
 * skew_find - what pixFindSkewSweepAndSearch(PIX, ANGLE, CONF, REDSWEEP,
 * REDSEARCH, RANGE, DELTA, MINBSDELTA) gives for the binary page PIX:
 * 0, or 1 if leptonica's would fail (*ANGLE and *CONF then 0)
 */
int	skew_find(struct Pix *pix, float *angle, float *conf, int redsweep,
	    int redsearch, float range, float delta, float minbsdelta);

#endif
