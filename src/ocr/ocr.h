/*
 * ocr.h - dossier-ocr's transform: the text of a cleaned page
 */
#ifndef DOSSIER_OCR_H
#define DOSSIER_OCR_H

#include <stddef.h>

#include "job.h"
#include "verdict.h"

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

/*
 * ocr_job - recognise every page of JOB that is not blank (its
 * page.K.ocr_image, else page.K.image) with the engine E: writes pK.txt
 * and pK.tsv and sets page.K.text, page.K.words, page.K.ocr_conf and,
 * for a page with words, page.K.lang: the language of its text by
 * textnorm_lang() ("fra", "nld", "eng", "deu", "und"), the rule that
 * classify applies to the whole document.  VERDICT_PERM for a page that
 * cannot be read or recognised, VERDICT_TEMP for an environment failure
 * (verdict_errno, verdict_decode), with the reason in ERR.
 */
enum verdict ocr_job(struct ocr_engine *e, struct job *job, char *err,
	    size_t errlen);

#endif
