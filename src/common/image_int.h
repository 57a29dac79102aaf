/*
 * image_int.h - what image.c and imagemem.c share
 */
#ifndef DOSSIER_IMAGE_INT_H
#define DOSSIER_IMAGE_INT_H

/* the last error libtiff reported, once image_quiet() has run */
extern char image_tiff_err[256];

#endif
