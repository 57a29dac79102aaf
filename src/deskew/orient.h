/*
 * orient.h - leptonica's text orientation confidences for
 * dossier-deskew (in orient.c, private to it)
 */
#ifndef DOSSIER_DESKEW_ORIENT_H
#define DOSSIER_DESKEW_ORIENT_H

struct Pix;

/*
 * orient_detect - what pixOrientDetect(TEXT, UP, LEFT, 0, 0) gives for
 * the binary page TEXT: *UP, the confidence that its text is upright,
 * *LEFT, that it is turned a quarter counter-clockwise; 0, or 1 if
 * leptonica failed
 */
int	orient_detect(struct Pix *text, float *up, float *left);

#endif
