/*
 * image_int.h - what image.c and imagemem.c share
 */
#ifndef DOSSIER_IMAGE_INT_H
#define DOSSIER_IMAGE_INT_H

/* the last error libtiff reported, once image_quiet() has run */
extern char image_tiff_err[256];

/*
 * 1 once the page image_read_page is reading comes smaller than it would
 * without IMAGE_READ_REDUCED (read_jpeg, pdf.c's reduction); 0 at the
 * start of each read
 */
extern int image_reduced_last;

struct Pix;

/*
 * image_jpeg_at - the JPEG of LEN bytes at BUF, of W x H pixels, decoded
 * as a JPEG file is (IMAGE_READ_GREY in FLAGS: a colour JPEG's luminance
 * alone), reduced F times (1, 2, 4 or 8) by libjpeg as it decodes;
 * libjpeg's messages silenced.  NULL if its header says another size, or
 * it cannot be decoded or shows bad data.  For a PDF page that is a
 * scanner's JPEG (pdf.c), W x H what the PDF says
 */
struct Pix *image_jpeg_at(const unsigned char *buf, size_t len, int w,
    int h, int flags, int f);

/*
 * image_png_error, image_png_warning - libpng's error and warning
 * handlers for image.c's reader and imagemem.c's writer: an error jumps
 * back to the png_jmpbuf of the PNG at hand; neither says anything (a
 * page that does not decode is the stage's to report)
 */
struct png_struct_def;
void	image_png_error(struct png_struct_def *png, const char *msg);
void	image_png_warning(struct png_struct_def *png, const char *msg);

#endif
