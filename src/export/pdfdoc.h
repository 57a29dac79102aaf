/*
 * pdfdoc.h - a searchable PDF of archived pages, private to dossier-export
 *
 * Each page is the archived cleaned image, drawn to its size at its
 * resolution, under an invisible text layer (rendering mode 3): every
 * OCR word at its box when the page has word boxes, else the page's text
 * line by line.  The text is in Helvetica, WinAnsi encoded (characters it
 * has no code for become '?'); a PDF reader finds and copies it.
 */
#ifndef DOSSIER_PDFDOC_H
#define DOSSIER_PDFDOC_H

#include <stddef.h>

#include "strbuf.h"

struct pdfdoc;

/* one page to add */
struct pdfdoc_page {
	const void *image;		/* PNG or TIFF bytes, NULL: none */
	size_t	 image_len;
	long	 width, height, dpi;	/* pixels; 0 if unknown */
	const char *words;		/* page.words TSV, or NULL */
	const char *text;		/* the page text, or NULL */
};

/* pdfdoc_new - a new, empty PDF; NULL with the reason in ERR */
struct pdfdoc *pdfdoc_new(char *err, size_t errlen);
/* pdfdoc_add - add page PG at the end; 0, or -1 with the reason in ERR */
int	pdfdoc_add(struct pdfdoc *, const struct pdfdoc_page *pg, char *err,
	    size_t errlen);
/*
 * pdfdoc_finish - the PDF's bytes into OUT (appended); 0, or -1 with the
 * reason in ERR
 */
int	pdfdoc_finish(struct pdfdoc *, struct strbuf *out, char *err,
	    size_t errlen);
/* pdfdoc_free - release everything; harmless on NULL */
void	pdfdoc_free(struct pdfdoc *);

#endif
