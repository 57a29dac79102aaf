/*
 * ocr.h - dossier-ocr's transform: the text of a cleaned page
 */
#ifndef DOSSIER_OCR_H
#define DOSSIER_OCR_H

#include <stddef.h>

struct Pix;
struct strbuf;
struct ocr_engine;

/*
 * ocr_engine_new - start one tesseract engine for LANGS (e.g.
 * "fra+nld+eng") with traineddata from DATAPATH (NULL: the default);
 * NULL with the reason in ERR
 */
struct ocr_engine *ocr_engine_new(const char *datapath, const char *langs,
	    char *err, size_t errlen);
void	ocr_engine_free(struct ocr_engine *);

/*
 * ocr_page - recognise PIX (resolution DPI): its UTF-8 text into TEXT,
 * the words with boxes and confidences (tesseract TSV) into WORDS, the
 * mean word confidence into *CONF.  0, or -1 with the reason in ERR.
 */
int	ocr_page(struct ocr_engine *, struct Pix *pix, int dpi,
	    struct strbuf *text, struct strbuf *words, int *conf, char *err,
	    size_t errlen);

#endif
