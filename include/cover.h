/*
 * cover - cover sheets: the QR code "DOSSIER:<ref>" that starts a new
 * document filed to household <ref> (SPEC §4, dossier-coversheet(1))
 *
 * Reading goes through zbar, QR codes only: other barcodes are ordinary
 * page content and are never looked at.  A cheap test comes first: the
 * page shrunk to about 100 dpi of grey is searched for three QR finder
 * patterns that make the corner of a code, with its timing patterns
 * between them; only such a square goes to zbar, at about 5 pixels a
 * module.  A plain page costs a few milliseconds and zbar never sees it.
 * Codes with modules of 0.6 mm or more are found (a sheet of
 * dossier-coversheet has 2.5 to 3 mm).
 */
#ifndef DOSSIER_COVER_H
#define DOSSIER_COVER_H

#include <stddef.h>

struct Pix;

#define COVER_PREFIX	"DOSSIER:"
#define COVER_REF_MAX	64		/* bytes in a reference */
#define COVER_TITLE	"COVER SHEET - PAGE DE GARDE - SCHUTBLAD"

/*
 * cover_ref_valid - 1 if REF is a household reference a cover sheet may
 * carry: 1 to COVER_REF_MAX bytes of [A-Za-z0-9._/-]; else 0
 */
int	cover_ref_valid(const char *ref);

/*
 * cover_text_ref - 1 if the QR text T (LEN bytes) is exactly
 * "DOSSIER:<ref>" with a valid ref, copied into REF (SIZE bytes, at
 * least COVER_REF_MAX + 1); 0 if T is another text; -1 if T starts with
 * "DOSSIER:" but the reference is not valid (a cover sheet that cannot
 * be used)
 */
int	cover_text_ref(const char *t, size_t len, char *ref, size_t size);

/*
 * cover_title_read - 1 if one line of the text T (LEN bytes, a page's
 * OCR) shows the title printed on every cover sheet (COVER_TITLE), two of
 * its three phrases at least, in any case and with any punctuation
 * between its words; else 0.  A page that reaches OCR with it is a cover
 * sheet whose code was not read: its pages may be another household's.
 */
int	cover_title_read(const char *t, size_t len);

/*
 * cover_find - look for a cover sheet's QR code on the page PIX (any
 * depth, colormap or not, any orientation, a few degrees of skew,
 * 200-300 dpi as its resolution says, or a page-sized image when it says
 * nothing).  Returns 1 if a QR code on the page reads "DOSSIER:<ref>"
 * with a valid ref, copied into REF (SIZE >= COVER_REF_MAX + 1); 0 if
 * the page carries no such code (no QR code, other barcodes, QR codes
 * with other texts); -1 with the reason in ERR: the page is too large
 * (IMAGE_MAX_PIXELS), a QR code starts with "DOSSIER:" but its reference
 * is not valid, two codes on the page name different references, or
 * memory ran out.  Never exits; PIX is not changed.
 */
int	cover_find(struct Pix *pix, char *ref, size_t size, char *err,
	    size_t errlen);

#endif
