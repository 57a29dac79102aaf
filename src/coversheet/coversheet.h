/*
 * coversheet - drawing and writing cover sheets (dossier-coversheet(1))
 *
 * A sheet is a 1-bit A4 page at 300 dpi: a title, the QR code of
 * "DOSSIER:<ref>" (libqrencode, error correction level H, modules of
 * about 2.5 mm), the reference in large type and, when known, the
 * household's address.  Text is drawn with leptonica's built-in bitmap
 * fonts (no font files needed), in ASCII: accented letters lose their
 * accents.
 */
#ifndef DOSSIER_COVERSHEET_H
#define DOSSIER_COVERSHEET_H

#include <stddef.h>

#include <leptonica/allheaders.h>

#include "db.h"

#define SHEET_DPI	300
#define SHEET_W		2480		/* A4 at 300 dpi */
#define SHEET_H		3508
#define SHEET_ADDR_LINES 3		/* address lines drawn */
#define SHEET_ADDR_CHARS 60		/* characters per address line */

enum sheet_format {
	SHEET_PDF,
	SHEET_PNG,
	SHEET_TIFF
};

/*
 * sheet_render - a new sheet for REF (a valid reference, cover.h) and
 * the address ADDRESS (NULL: none); NULL with the reason in ERR
 */
PIX	*sheet_render(const char *ref, const char *address, char *err,
	    size_t errlen);

/*
 * sheet_format_name - the format named NAME ("pdf", "png", "tiff" or
 * "tif", any case), or -1
 */
int	sheet_format_name(const char *name);

/*
 * sheet_format_path - the format that the extension of PATH names, or -1
 */
int	sheet_format_path(const char *path);

/*
 * sheet_address - the address of household REF in DB: 1 and *ADDRESS (a
 * new string, NULL if the household has none), 0 if DB has no household
 * REF, -1 with the reason in ERR
 */
int	sheet_address(struct db *, const char *ref, char **address,
	    char *err, size_t errlen);

/*
 * sheet_all - the references and addresses of every household of DB, by
 * reference: two new arrays of *N strings (an address may be NULL);
 * 0, or -1 with the reason in ERR.  sheet_all_free frees them.
 */
int	sheet_all(struct db *, char ***refs, char ***addresses, size_t *n,
	    char *err, size_t errlen);
void	sheet_all_free(char **refs, char **addresses, size_t n);

/*
 * struct sheet_out - sheets being written to one file (PDF, TIFF), or to
 * one numbered file per sheet (PNG): sheet_out_open, sheet_out_add for
 * each sheet, sheet_out_close.  PATH NULL is standard output.
 */
struct sheet_out {
	enum sheet_format format;
	const char *path;		/* NULL: standard output */
	int	 count;			/* sheets to come (PNG names) */
	int	 done;			/* sheets added */
	PIXAC	*pages;			/* PDF: the sheets, G4-compressed */
	FILE	*tiff;			/* TIFF: a temporary file */
};

/* sheet_out_open - get ready for COUNT sheets; 0, or -1 with ERR */
int	sheet_out_open(struct sheet_out *, enum sheet_format format,
	    const char *path, int count, char *err, size_t errlen);
/* sheet_out_add - add the sheet PIX; 0, or -1 with ERR */
int	sheet_out_add(struct sheet_out *, PIX *pix, char *err, size_t errlen);
/*
 * sheet_out_close - write what was added (PDF, TIFF) and release
 * everything; with FAILED, only release.  0, or -1 with ERR
 */
int	sheet_out_close(struct sheet_out *, int failed, char *err,
	    size_t errlen);

/*
 * sheet_png_name - the name of sheet I (from 1) of COUNT for PATH into
 * BUF: PATH itself when COUNT is 1, else "NAME-I.png" with I zero-padded
 * to the width of COUNT; -1 if it does not fit
 */
int	sheet_png_name(const char *path, int i, int count, char *buf,
	    size_t size);

#endif
