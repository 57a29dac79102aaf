/*
 * fuzz_coverpage - the search for a cover sheet's QR code on a page's
 * pixels (cover_find), on pages drawn as fuzz_page.h reads them, with a
 * QR code of the input's text drawn on top (qrencode, as
 * dossier-coversheet prints one) at the input's size, place and slant.
 * A cover sheet's reference decides the household a stack of pages is
 * filed to, so what must hold is: a reference is read only from a code
 * drawn on the page, and it is the reference that code holds (a page of
 * noise, a damaged code, another code's text never give one).
 *
 * The input: a byte of flags (bit 0: a code is drawn; bit 1: its text is
 * "DOSSIER:" and the text that follows), the module size (1 + n % 8
 * pixels), its place (x, y in 256ths of the page), its slant ((n - 128)
 * / 32 degrees), the text's length (n % 72), the text; then the page.
 */
#include <qrencode.h>

#include "cover.h"
#include "fuzz.h"
#include "fuzz_page.h"
#include "image.h"

#define QR_HEAD	6

static struct {
	int	 on;
	int	 module, x, y;
	float	 slant;
	char	 text[COVER_REF_MAX + 16];
	size_t	 len;
	int	 drawn;			/* 1 once it is on the page */
} qr;

/* qr_draw - the code of qr.text on the 8-bit page G, if it fits */
static void
qr_draw(PIX *g)
{
	QRcode *code;
	PIX *c, *t;
	BOX *b;
	int n, side, i, j, m = qr.module, x, y;

	qr.drawn = 0;
	if (!qr.on || (code = QRcode_encodeData((int)qr.len,
	    (const unsigned char *)qr.text, 0, QR_ECLEVEL_M)) == NULL)
		return;
	n = code->width;
	side = (n + 8) * m;		/* with its quiet zone of 4 */
	if (side > pixGetWidth(g) || side > pixGetHeight(g) ||
	    (c = pixCreate(side, side, 8)) == NULL) {
		QRcode_free(code);
		return;
	}
	pixSetAllArbitrary(c, 255);
	for (j = 0; j < n; j++)
		for (i = 0; i < n; i++)
			if (code->data[j * n + i] & 1) {
				b = boxCreate((i + 4) * m, (j + 4) * m, m, m);
				pixSetInRectArbitrary(c, b, 0);
				boxDestroy(&b);
			}
	QRcode_free(code);
	if (qr.slant != 0 && (t = pixRotate(c, qr.slant * 3.14159265f /
	    180, L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0)) != NULL) {
		pixDestroy(&c);
		c = t;
	}
	x = qr.x * (pixGetWidth(g) - pixGetWidth(c)) / 255;
	y = qr.y * (pixGetHeight(g) - pixGetHeight(c)) / 255;
	if (x < 0)
		x = 0;
	if (y < 0)
		y = 0;
	pixRasterop(g, x, y, pixGetWidth(c), pixGetHeight(c), PIX_SRC, c, 0,
	    0);
	pixDestroy(&c);
	qr.drawn = 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int quiet;
	char ref[COVER_REF_MAX + 1], want[COVER_REF_MAX + 1], err[256];
	PIX *pix;
	size_t n;
	int rc, valid;

	if (!quiet) {
		image_quiet();
		quiet = 1;
	}
	if (size < QR_HEAD)
		return 0;
	memset(&qr, 0, sizeof(qr));
	qr.on = data[0] & 1;
	qr.module = 1 + data[1] % 8;
	qr.x = data[2];
	qr.y = data[3];
	qr.slant = ((float)data[4] - 128) / 32;
	n = data[5] % 72;
	if (n > size - QR_HEAD)
		n = size - QR_HEAD;
	if (data[0] & 2)
		memcpy(qr.text, COVER_PREFIX, strlen(COVER_PREFIX));
	qr.len = data[0] & 2 ? strlen(COVER_PREFIX) : 0;
	memcpy(qr.text + qr.len, data + QR_HEAD, n);
	qr.len += n;
	/* an empty text is no code */
	qr.on = qr.on && qr.len > 0;
	if ((pix = fuzz_page(data + QR_HEAD + n, size - QR_HEAD - n,
	    qr_draw)) == NULL)
		return 0;
	rc = cover_find(pix, ref, sizeof(ref), err, sizeof(err));
	if (rc < -1 || rc > 1)
		abort();
	if (rc == 1) {
		/* read only from the code drawn, and what it holds */
		valid = qr.drawn ? cover_text_ref(qr.text, qr.len, want,
		    sizeof(want)) : 0;
		if (valid != 1 || strcmp(ref, want) != 0 ||
		    !cover_ref_valid(ref))
			abort();
	}
	pixDestroy(&pix);
	return 0;
}
