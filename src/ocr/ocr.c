/*
 * ocr.c - dossier-ocr's transform: the tesseract C API, one engine per
 * language and worker, and the job's pages through it (see ocr.h)
 *
 * An engine is started once and reused for every page: loading a
 * language's traineddata costs far more than one page.  One language per
 * run, not "fra+nld+eng": with several loaded, tesseract tries the others
 * on every word it doubts, which was the chain's main cost beside bare
 * `tesseract -l fra` (issue 10); read in the wrong language, a page still
 * shows its own by its stop words, and is read once more in it.
 *
 * Every run is bounded (issue 14): the pixels handed to the engine (a
 * larger page is reduced), and the processor time, by tesseract's cancel
 * callback, which it calls between words.  Processor time, not wall
 * time, so that a loaded machine does not cut pages short.
 *
 * A page deskew could not orient (too few letters) is turned here from
 * its reading (turn_tries): on its side, as tesseract read it; upside
 * down, when turned it reads far better than the garbage it read.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <leptonica/allheaders.h>
#include <tesseract/capi.h>

#include "cover.h"
#include "db.h"
#include "fileio.h"
#include "image.h"
#include "msg.h"
#include "ocr.h"
#include "sha256.h"
#include "stage.h"
#include "strbuf.h"
#include "textnorm.h"
#include "xalloc.h"

#define OCR_IMAGE_MAX	(256UL * 1024 * 1024)	/* grey OCR pages are large */
#define INK_MIN		200	/* components: a page with some text */
#define INK_PER_CHAR	4	/* more components per character read than
				   this: the text is implausible for the ink */
#define CONF_LOW	40	/* mean confidence below: garbage read */
#define CONF_CHARS	100	/* ...over at least this many characters */
#define PROBE_CHARS	250	/* characters a probe reads at most: some
				   40 words, a dozen of them stop words */
#define PROBE_FIRST	50	/* ...the first this many, about 9 words */
#define PROBE_CHARS_MIN	80	/* fewer tell no language: read the page */
#define CONF_TURN	60	/* a page deskew could not orient read
				   with a mean confidence under this may
				   be upside down: a card's copy with a
				   photo read so at 45 (upright 91) */
#define TURN_GAIN	20	/* confidence a page read upside down
				   gains turned, at least */
#define SIDE_WORDS	6	/* words of 4 letters or more that tell a
				   page read on its side, at least */
#define SIDE_SLACK	5	/* confidence a page read on its side may
				   lose turned upright */
#define CHARS_FEW	20	/* fewer on a page deskew did not find blank:
				   its text was lost (faint ink)... */
#define SHORT_CHARS	4	/* ...unless the reading holds this many, */
#define SHORT_CONF	70	/* read with this confidence, and as many
				   as the text spots deskew saw */
#define SOLID_HIGH	0.08	/* inch: a solid dark area this high... */
#define SOLID_WIDE	0.15	/* ...and this wide may hold reverse text */
#define SOLID_FILL	0.5	/* share of its box that is solid ink */
#define INVERT_TRY	"0.7"	/* tesseract's default invert_threshold */
#define LOST_SHARE	4	/* 1 in this many letters outside every word
				   read... */
#define LOST_MIN	50	/* ...and this many at least: lines lost */
#define LOST_ALL	10	/* or every one of this many at least */
#define COVER_DOUBT	"reads like a cover sheet whose QR code was not read"
#define DOT_SIZE	40	/* a printer's dot: at most 1/40 inch wide
				   and high (0.6 mm)... */
#define DOT_FINE	150	/* ...and at least 1/150 inch wide or high,
				   2 pixels at 200 and 300 dpi: no speck */
#define DOT_WORDS	60	/* words sampled for dots, at most... */
#define DOT_LETTERS	40	/* ...and letters in them, at least */
#define DOT_MIN		400	/* dots on a page read as nothing, at
				   least */
#define DOT_SHARE	4	/* dots per letter read in them, at least:
				   letters of dots (dot_joined) */
#define DOT_PITCH	60	/* the dots of a line: 1/60 inch apart at
				   most (9 and 24 pins, draft) */
#define DOT_GAIN	5	/* confidence the joined reading gains, at
				   least, to be kept */
#define RESCUE_LETTERS	8	/* letters in a row outside every word
				   read, at least: a line the reading lost */
#define RESCUE_ROWS	16	/* such rows read alone, at most */
#define RESCUE_CONF	60	/* mean confidence of a row's reading, at
				   least, to be kept */
#define UP_LOW		50	/* blocks of text read under this mean
				   confidence may be upside down... */
#define UP_GOOD		75	/* ...on a page with a block read at this
				   or over (the page itself upright) */
#define UP_CHARS	20	/* letters and digits in such blocks, at
				   least, and in a block read well */
#define UP_NEAR		2	/* 1/this inch apart at most: one part */
#define UP_BLOCKS	256	/* blocks of a page kept, at most */
#define UP_REGIONS	8	/* regions read again turned, at most */
#define UP_GAIN		20	/* confidence a region read upside down
				   gains turned, at least... */
#define UP_KEEP		60	/* ...to this at least */

struct ocr_lang {
	char	 name[32];		/* traineddata name, e.g. "fra" */
	TessBaseAPI *api;		/* NULL until a page needs it */
};

struct ocr_engine {
	char	*datapath;
	struct strbuf settings;		/* ocr_engine_settings, once made */
	struct ocr_lang lang[OCR_LANGS_MAX];
	int	 nlang;
	int	 last;			/* the language last found (or
					   guessed at start); -1: none */
	int	 first;			/* the engine started first */
	int	 probe;			/* 1: a job's first page is probed */
	int	 told;			/* the resolution the engine is told
					   of the page under way, or 0 */
	int	 dotted;		/* 1: deskew found the page under way
					   a dot-matrix print (page.K.dotted) */
	int	 block;			/* 1: the job's pages read as one block
					   of text (an earlier attempt never
					   ended: ocr_job), its settings psm=6 */
	int	 trial;			/* 1: the reading under way only tells
					   whether a turn or a mirror reads
					   better: no tables looked for
					   (recognize) */
	struct ocr_limits lim;
	ETEXT_DESC *monitor;
	struct textnorm tn;		/* a page's text, normalised */
};

/* a block of text of a reading (text_blocks, upturn) */
struct ocr_block {
	l_int32	 x, y, w, h;		/* in the engine's pixels */
	int	 conf;			/* its words' mean confidence */
	long	 chars;			/* letters and digits in it */
	char	*text;			/* its text, as in the page's */
};

/* the budget of the run under way, for the cancel callback */
struct ocr_clock {
	double	 end;			/* processor seconds */
	int	 over;
};

/* the buffers one job's pages reuse */
struct ocr_bufs {
	struct strbuf img;
	struct strbuf raw;		/* img decompressed */
	struct ocr_result r;
};

/*
 * libgomp's, when tesseract was built with OpenMP: weak, so that a
 * tesseract without it links and runs (one thread, then, by itself)
 */
extern void omp_set_max_active_levels(int) __attribute__((weak));
extern int omp_get_max_active_levels(void) __attribute__((weak));
extern int omp_get_thread_limit(void) __attribute__((weak));

void
ocr_one_thread(void)
{
	if (omp_set_max_active_levels != NULL)
		omp_set_max_active_levels(0);
}

int
ocr_omp_threads(void)
{
	if (omp_get_max_active_levels == NULL ||
	    omp_get_thread_limit == NULL)
		return 1;
	return omp_get_max_active_levels() == 0 ? 1 : omp_get_thread_limit();
}

/* cpu_now - the processor time of this process, in seconds */
static double
cpu_now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) != 0)
		return (double)clock() / CLOCKS_PER_SEC;
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ocr_cancel - tesseract's cancel callback: past the budget? */
static bool
ocr_cancel(void *arg, int words)
{
	struct ocr_clock *c = arg;

	(void)words;
	if (cpu_now() > c->end)
		c->over = 1;
	return c->over != 0;
}

/*
 * engine_init - API started for language L: its LSTM alone without the
 * universal ambiguities (ambigs.c), an engine with tesseract's legacy
 * one (traineddata that has it) with them, as tesseract starts it; 0, or
 * -1 if it does not start
 */
static int
engine_init(TessBaseAPI *api, const struct ocr_engine *e,
    const struct ocr_lang *l)
{
	int rc, oem = -1;

	ocr_ambigs_skip(1);
	rc = TessBaseAPIInit3(api, e->datapath, l->name);
	ocr_ambigs_skip(0);
	if (rc != 0)
		return -1;
	if (TessBaseAPIGetIntVariable(api, "tessedit_ocr_engine_mode",
	    &oem) && oem == OEM_LSTM_ONLY)
		return 0;
	/* the legacy engine reads the table: started again, with it */
	TessBaseAPIEnd(api);
	TessBaseAPISetVariable(api, "debug_file", "/dev/null");
	return TessBaseAPIInit3(api, e->datapath, l->name) != 0 ? -1 : 0;
}

/* lang_start - start language I's engine if it is not; 0 or -1, ERR */
static int
lang_start(struct ocr_engine *e, int i, char *err, size_t errlen)
{
	struct ocr_lang *l = &e->lang[i];

	if (l->api != NULL)
		return 0;
	if ((l->api = TessBaseAPICreate()) == NULL) {
		snprintf(err, errlen, "cannot create the tesseract engine");
		return -1;
	}
	/* tesseract prints "Estimating resolution..." and friends: no */
	TessBaseAPISetVariable(l->api, "debug_file", "/dev/null");
	if (engine_init(l->api, e, l) != 0) {
		snprintf(err, errlen, "cannot start tesseract for language "
		    "'%s'%s%s: is the traineddata installed?", l->name,
		    e->datapath ? " from " : "", e->datapath ? e->datapath :
		    "");
		TessBaseAPIDelete(l->api);
		l->api = NULL;
		return -1;
	}
	TessBaseAPISetVariable(l->api, "debug_file", "/dev/null");
	TessBaseAPISetPageSegMode(l->api, PSM_AUTO);
	return 0;
}

/* lang_find - the index of language NAME, or -1 */
static int
lang_find(const struct ocr_engine *e, const char *name)
{
	int i;

	for (i = 0; name != NULL && i < e->nlang; i++)
		if (strcmp(e->lang[i].name, name) == 0)
			return i;
	return -1;
}

/*
 * model_path - the traineddata file of language I into PATH, in the
 * directory where the engine started first found its own; 0, or -1 when
 * the engine does not say
 */
static int
model_path(const struct ocr_engine *e, int i, char *path, size_t size)
{
	const char *dir;

	if ((dir = ocr_engine_datapath(e)) == NULL)
		return -1;
	snprintf(path, size, "%s%s%s.traineddata", dir,
	    *dir != '\0' && dir[strlen(dir) - 1] != '/' ? "/" : "",
	    e->lang[i].name);
	return 0;
}

struct ocr_engine *
ocr_engine_new(const char *datapath, const char *langs, const char *guess,
    const struct ocr_limits *lim, char *err, size_t errlen)
{
	struct ocr_engine *e;
	struct stat st;
	const char *p, *q;
	char path[4096];
	size_t n;
	int i;

	e = xcalloc(1, sizeof(*e));
	e->datapath = datapath != NULL ? xstrdup(datapath) : NULL;
	e->lim = *lim;
	e->last = -1;
	e->probe = 1;			/* nothing known yet */
	strbuf_init(&e->settings);
	textnorm_init(&e->tn);
	for (p = langs; *p != '\0'; p = *q != '\0' ? q + 1 : q) {
		q = p + strcspn(p, "+");
		n = (size_t)(q - p);
		if (n == 0)
			continue;
		if (e->nlang == OCR_LANGS_MAX || n >= sizeof(e->lang[0].name)) {
			snprintf(err, errlen, "languages '%s': at most %d, of "
			    "at most %zu letters", langs, OCR_LANGS_MAX,
			    sizeof(e->lang[0].name) - 1);
			goto fail;
		}
		memcpy(e->lang[e->nlang].name, p, n);
		e->lang[e->nlang].name[n] = '\0';
		if (lang_find(e, e->lang[e->nlang].name) < 0)
			e->nlang++;
	}
	if (e->nlang == 0) {
		snprintf(err, errlen, "no language in '%s'", langs);
		goto fail;
	}
	/*
	 * the language guessed (the spool's last, dossier-ocr(1)) is the
	 * first read, as if this worker had found it: its engine starts
	 * now, and the first language's only if a page needs it
	 */
	if ((e->first = lang_find(e, guess)) >= 0)
		e->last = e->first;
	else
		e->first = 0;
	if (lang_start(e, e->first, err, errlen) < 0)
		goto fail;
	/* the others start when a page needs them: their files exist now */
	for (i = 0; i < e->nlang; i++) {
		if (i == e->first)
			continue;
		if (model_path(e, i, path, sizeof(path)) < 0)
			break;
		if (stat(path, &st) != 0) {
			snprintf(err, errlen, "cannot start tesseract for "
			    "language '%s': '%s': %s", e->lang[i].name, path,
			    strerror(errno));
			goto fail;
		}
	}
	if ((e->monitor = TessMonitorCreate()) == NULL) {
		snprintf(err, errlen, "cannot create a tesseract monitor");
		goto fail;
	}
	TessMonitorSetCancelFunc(e->monitor, ocr_cancel);
	return e;
fail:
	ocr_engine_free(e);
	return NULL;
}

const char *
ocr_engine_datapath(const struct ocr_engine *e)
{
	if (e->lang[e->first].api == NULL)
		return NULL;
	return TessBaseAPIGetDatapath(e->lang[e->first].api);
}

const char *
ocr_engine_last(const struct ocr_engine *e)
{
	return e->last >= 0 ? e->lang[e->last].name : NULL;
}

int
ocr_engine_load(struct ocr_engine *e, char *err, size_t errlen)
{
	int i;

	for (i = 0; i < e->nlang; i++)
		if (lang_start(e, i, err, errlen) < 0)
			return -1;
	return 0;
}

void
ocr_engine_free(struct ocr_engine *e)
{
	int i;

	if (e == NULL)
		return;
	for (i = 0; i < e->nlang; i++)
		if (e->lang[i].api != NULL) {
			TessBaseAPIEnd(e->lang[i].api);
			TessBaseAPIDelete(e->lang[i].api);
		}
	if (e->monitor != NULL)
		TessMonitorDelete(e->monitor);
	textnorm_release(&e->tn);
	strbuf_release(&e->settings);
	free(e->datapath);
	free(e);
}

void
ocr_engine_settings(struct ocr_engine *e, struct strbuf *sb)
{
	struct strbuf file = STRBUF_INIT, *w = &e->settings;
	char path[4096], key[48], sha[SHA256_HEX_LEN + 1];
	int i;

	if (w->len == 0) {
		db_kv(w, "tesseract", TessVersion());
		strbuf_addf(w, " langs=");
		for (i = 0; i < e->nlang; i++)
			strbuf_addf(w, "%s%s", i ? "+" : "", e->lang[i].name);
		/* what each model file was: its bytes, read once a worker */
		for (i = 0; i < e->nlang; i++) {
			snprintf(key, sizeof(key), "model.%s", e->lang[i].name);
			strbuf_reset(&file);
			if (model_path(e, i, path, sizeof(path)) < 0 ||
			    file_read(path, OCR_MODEL_MAX, &file) < 0) {
				db_kv(w, key, NULL);
				continue;
			}
			sha256_hex(file.buf, file.len, sha);
			db_kv(w, key, sha);
		}
		strbuf_release(&file);
	}
	if (sb->len > 0)
		strbuf_addc(sb, ' ');
	strbuf_add(sb, w->buf, w->len);
	/* the layout mode of the job just read: one block after a watchdog */
	strbuf_addf(sb, " psm=%d max_mpx=%g budget=%g dpi_max=%d dpi=%d"
	    " invert=dark resplit=lost dots=joined rescue=rows upturn=parts"
	    " omp_threads=%d",
	    (int)(e->block ? PSM_SINGLE_BLOCK : PSM_AUTO),
	    e->lim.max_mpx, e->lim.budget, OCR_DPI_MAX, OCR_DPI,
	    ocr_omp_threads());
}

void
ocr_result_init(struct ocr_result *r)
{
	memset(r, 0, sizeof(*r));
	strbuf_init(&r->text);
	strbuf_init(&r->words);
}

/* blocks_free - R's blocks of text (text_blocks), none after */
static void
blocks_free(struct ocr_result *r)
{
	int k;

	for (k = 0; k < r->nblocks; k++)
		free(r->blocks[k].text);
	free(r->blocks);
	r->blocks = NULL;
	r->nblocks = 0;
	r->good = 0;
}

void
ocr_result_release(struct ocr_result *r)
{
	strbuf_release(&r->text);
	strbuf_release(&r->words);
	boxaDestroy(&r->figs);
	blocks_free(r);
}

/* result_reset - R empty for a new run */
static void
result_reset(struct ocr_result *r)
{
	strbuf_reset(&r->text);
	strbuf_reset(&r->words);
	r->conf = 0;
	r->lang = r->model = NULL;
	r->over = 0;
	r->chars = 0;
	r->doubt[0] = '\0';
	boxaDestroy(&r->figs);
	blocks_free(r);
}

/*
 * boxes_of - the boxes of the components of the binary page B, which it
 * consumes (NULL: none); NULL if leptonica failed
 */
static BOXA *
boxes_of(PIX *b)
{
	BOXA *boxa;

	if (b == NULL)
		return NULL;
	boxa = pixConnCompBB(b, 8);
	pixDestroy(&b);
	return boxa;
}

/*
 * char_sized - whether a mark of W by H pixels at DPI is of a character's
 * size: 0.04 to 0.5 inch high, at most 0.6 inch wide
 */
static int
char_sized(l_int32 w, l_int32 h, int dpi)
{
	return h * 25 >= dpi && h * 2 <= dpi && w * 5 <= dpi * 3;
}

/*
 * ink - the connected components of character size (0.04 to 0.5 inch
 * high, at most 0.6 inch wide) of the engine's binary page at DPI
 */
static long
ink(TessBaseAPI *api, int dpi)
{
	BOXA *boxa;
	l_int32 i, n, w, h;
	long count = 0;

	if ((boxa = boxes_of(TessBaseAPIGetThresholdedImage(api))) == NULL)
		return 0;
	n = boxaGetCount(boxa);
	for (i = 0; i < n; i++) {
		if (boxaGetBoxGeometry(boxa, i, NULL, NULL, &w, &h) != 0)
			continue;
		if (char_sized(w, h, dpi))
			count++;
	}
	boxaDestroy(&boxa);
	return count;
}

/*
 * solid - whether the engine's binary page BIN at DPI has a solid dark
 * area (SOLID_HIGH by SOLID_WIDE inch or more, SOLID_FILL of its box
 * solid) that may hold white text on black: a banner, a table's dark
 * header, a photo.  Solid: each 4x4 block of it all ink (two AND
 * reductions), which keeps no stroke of text, bold headings included.
 */
static int
solid(PIX *bin, int dpi)
{
	PIX *r;
	BOXA *boxa;
	BOX *box;
	l_int32 i, n, w, h, count;
	int found = 0;

	if (pixGetWidth(bin) < 8 || pixGetHeight(bin) < 8 ||
	    (r = pixReduceRankBinaryCascade(bin, 4, 4, 0, 0)) == NULL)
		return 1;		/* unknown: as tesseract does */
	if ((boxa = pixConnCompBB(r, 8)) == NULL) {
		pixDestroy(&r);
		return 1;
	}
	n = boxaGetCount(boxa);
	for (i = 0; i < n && !found; i++) {
		if (boxaGetBoxGeometry(boxa, i, NULL, NULL, &w, &h) != 0 ||
		    h * 4 < SOLID_HIGH * dpi || w * 4 < SOLID_WIDE * dpi)
			continue;
		box = boxaGetBox(boxa, i, L_CLONE);
		if (pixCountPixelsInRect(r, box, &count, NULL) == 0 &&
		    count >= SOLID_FILL * w * h)
			found = 1;
		boxDestroy(&box);
	}
	boxaDestroy(&boxa);
	pixDestroy(&r);
	return found;
}

/*
 * invert - let the engine try a line inverted, white on black, only if
 * the page it was given (API, at DPI, at least 1: ocr_page clamps it)
 * has a solid dark area for it.
 * Tesseract reads every line of low confidence once more inverted and
 * keeps the reading of higher confidence: on a page with no dark area
 * that is noise read as text.  On 46 tapuscorpus typescripts CER 0.1626
 * without the retries against 0.1680 with them (FRAN_0011_11088: 0.369
 * against 0.417), while a banner of white text read as garbage without.
 * 1: the retries are on for this page, 0: off.
 */
static int
invert(TessBaseAPI *api, int dpi)
{
	PIX *bin = TessBaseAPIGetThresholdedImage(api);
	int on = bin == NULL || solid(bin, dpi);

	pixDestroy(&bin);
	TessBaseAPISetVariable(api, "invert_threshold", on ? INVERT_TRY :
	    "0");
	return on;
}

/* int_cmp - qsort's order of ints */
static int
int_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* chars - the letters and digits of the UTF-8 text S */
static long
chars(const char *s, size_t len)
{
	unsigned char c;
	long n = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' &&
		    (c | 0x20) <= 'z') || c >= 0xc0)
			n++;
	}
	return n;
}

/*
 * words - the words of the last run into R->words (dossier-archive(5),
 * page.words): line, box in the archived page's pixels (the engine's
 * box, moved by OX, OY when it read a piece of the page cut out there,
 * times SX, SY; a piece of FW x FH pixels read turned 180 degrees when
 * FW > 0), confidence, text; and where their tops point into R->side
 */
static void
words(TessBaseAPI *api, double sx, double sy, int ox, int oy, int fw,
    int fh, struct ocr_result *r)
{
	TessResultIterator *it = TessBaseAPIGetIterator(api);
	TessPageIterator *pi;
	int line = 0, left, top, right, bottom;
	char *w, *p;
	float conf;
	int blank, prev_line = 0, prev_top = 0;
	long longw = 0, tall = 0, down = 0, upw = 0;

	r->side = 0;
	r->longw = r->tall = 0;
	if (it == NULL)
		return;
	pi = TessResultIteratorGetPageIterator(it);
	do {
		if (TessPageIteratorIsAtBeginningOf(pi, RIL_TEXTLINE))
			line++;
		if ((w = TessResultIteratorGetUTF8Text(it, RIL_WORD)) == NULL)
			continue;
		for (p = w, blank = 1; *p != '\0'; p++)
			if (*p == '\t' || *p == '\n' || *p == '\r' ||
			    *p == ' ')
				*p = ' ';
			else
				blank = 0;
		/* a word of white space only is no word of the text */
		if (!blank && TessPageIteratorBoundingBox(pi, RIL_WORD,
		    &left, &top, &right, &bottom)) {
			if (fw > 0) {
				/* back from the piece turned */
				int l = fw - right, t = fh - bottom;

				right = fw - left;
				bottom = fh - top;
				left = l;
				top = t;
			}
			conf = TessResultIteratorConfidence(it, RIL_WORD);
			strbuf_addf(&r->words, "%d\t%ld\t%ld\t%ld\t%ld\t%d\t%s\n",
			    line < 1 ? 1 : line, lround((left + ox) * sx),
			    lround((top + oy) * sy), lround((right - left) * sx),
			    lround((bottom - top) * sy),
			    (int)lround(conf < 0 ? 0 : conf > 100 ? 100 : conf),
			    w);
			/*
			 * a word of 4 letters or more is wider than high
			 * upright; read on its side (the engine turns lines
			 * it finds vertical), higher, and the next word of
			 * its line lies below it or above it
			 */
			if (strlen(w) >= 4) {
				longw++;
				if (bottom - top > right - left) {
					tall++;
					if (line == prev_line)
						top > prev_top ? down++ :
						    upw++;
				}
			}
			prev_line = line;
			prev_top = top;
		}
		TessDeleteText(w);
	} while (TessResultIteratorNext(it, RIL_WORD));
	TessResultIteratorDelete(it);
	r->longw = longw;
	r->tall = tall;
	if (longw >= SIDE_WORDS && tall * 3 >= longw * 2 &&
	    down + upw >= SIDE_WORDS / 2)
		r->side = down * 3 >= (down + upw) * 2 ? 1 :
		    upw * 3 >= (down + upw) * 2 ? 3 : 0;
}

/* a word's line, its box in the page's pixels, the letters read in it */
struct wbox {
	long	 line;
	long	 x, y, w, h;
	long	 letters;
};

static int
wbox_cmp(const void *a, const void *b)
{
	const struct wbox *p = a, *q = b;

	return p->y < q->y ? -1 : p->y > q->y;
}

/*
 * word_boxes - the lines and boxes of the words of R (R->words), *NP of
 * them, in their order, with the letters read in each (its text: after
 * the sixth tab of its line)
 */
static struct wbox *
word_boxes(const struct ocr_result *r, size_t *np)
{
	struct wbox *wb = NULL;
	const char *p, *t, *s, *end = r->words.buf + r->words.len;
	size_t nw = 0, cap = 0;
	long line, x, y, w, h;
	int i;

	for (p = r->words.buf; p < end; ) {
		if ((t = memchr(p, '\n', (size_t)(end - p))) == NULL)
			t = end;
		if (sscanf(p, "%ld\t%ld\t%ld\t%ld\t%ld", &line, &x, &y, &w,
		    &h) == 5) {
			if (nw == cap)
				wb = xreallocarray(wb, cap = cap ? 2 * cap : 64,
				    sizeof(*wb));
			wb[nw].line = line;
			wb[nw].x = x;
			wb[nw].y = y;
			wb[nw].w = w;
			wb[nw].h = h;
			for (i = 0, s = p; i < 6 && s != NULL; i++)
				if ((s = memchr(s, '\t', (size_t)(t - s))) !=
				    NULL)
					s++;
			wb[nw++].letters = s != NULL ?
			    chars(s, (size_t)(t - s)) : 0;
		}
		p = t + 1;
	}
	*np = nw;
	return wb;
}

/* picture - 1 if the engine took a block of type T for a picture */
static int
picture(TessPolyBlockType t)
{
	return t == PT_FLOWING_IMAGE || t == PT_HEADING_IMAGE ||
	    t == PT_PULLOUT_IMAGE;
}

/*
 * figures - the boxes of the blocks of the last run that the engine took
 * for pictures (a photograph, a drawing) into R->figs, in its pixels (SX,
 * SY of them a pixel of the page, R->words'), those that hold a word of
 * R left out: on a typescript on a dark frame, the engine took the whole
 * page for a picture and its text blocks lay inside it (tapuscorpus-faint
 * DSN113_00027).
 */
static void
figures(TessBaseAPI *api, double sx, double sy, struct ocr_result *r)
{
	TessPageIterator *pi;
	TessResultIterator *it = TessBaseAPIGetIterator(api);
	TessPolyBlockType t;
	struct wbox *wb = NULL;
	BOX *box;
	double cx, cy;
	size_t nw = 0, j;
	int left, top, right, bottom;

	if (it == NULL)
		return;
	pi = TessResultIteratorGetPageIterator(it);
	do {
		t = TessPageIteratorBlockType(pi);
		if (!picture(t) ||
		    !TessPageIteratorBoundingBox(pi, RIL_BLOCK, &left, &top,
		    &right, &bottom) || right <= left || bottom <= top)
			continue;
		if (wb == NULL)
			wb = word_boxes(r, &nw);
		for (j = 0; j < nw; j++) {
			cx = (wb[j].x + wb[j].w / 2.0) / sx;
			cy = (wb[j].y + wb[j].h / 2.0) / sy;
			if (cx >= left && cx < right && cy >= top &&
			    cy < bottom)
				break;
		}
		if (j == nw &&
		    (r->figs != NULL || (r->figs = boxaCreate(4)) != NULL) &&
		    (box = boxCreate(left, top, right - left,
		    bottom - top)) != NULL)
			boxaAddBox(r->figs, box, L_INSERT);
	} while (TessPageIteratorNext(pi, RIL_BLOCK));
	TessResultIteratorDelete(it);
	free(wb);
}

/*
 * recognize - PIX (DPI) set in API and read until CLK's end: tesseract's
 * status; in *INV (if not NULL), whether lines of low confidence were
 * also tried inverted (invert).  Tables are looked for but in a trial
 * (E->trial, turn_page), as -vv says of each reading.
 */
static int
recognize(struct ocr_engine *e, TessBaseAPI *api, PIX *pix, int dpi,
    struct ocr_clock *clk, int *inv)
{
	BOOL tables;
	int rc, v;

	TessBaseAPISetImage2(api, pix);
	v = invert(api, dpi);
	TessBaseAPISetVariable(api, "textord_tabfind_find_tables",
	    e->trial ? "0" : "1");
	if (msg_verbose >= 2 && TessBaseAPIGetBoolVariable(api,
	    "textord_tabfind_find_tables", &tables))
		msg_debug("a reading of %dx%d pixels, tables %slooked for",
		    (int)pixGetWidth(pix), (int)pixGetHeight(pix),
		    tables ? "" : "not ");
	if (inv != NULL)
		*inv = v;
	TessMonitorSetCancelThis(e->monitor, clk);
	/* its lines' PNGs, made and read back in memory: stored (linepng.c) */
	ocr_lines_stored(1);
	rc = TessBaseAPIRecognize(api, e->monitor);
	ocr_lines_stored(0);
	TessMonitorSetCancelThis(e->monitor, NULL);
	return rc;
}

/*
 * text_block - 1 if the block at PI is one whose text the engine puts in
 * the page's (GetUTF8Text: no picture, rule or noise), with a box, into
 * LEFT, TOP, RIGHT, BOTTOM
 */
static int
text_block(TessPageIterator *pi, int *left, int *top, int *right,
    int *bottom)
{
	TessPolyBlockType t = TessPageIteratorBlockType(pi);

	return !picture(t) && t != PT_HORZ_LINE && t != PT_VERT_LINE &&
	    t != PT_NOISE && TessPageIteratorBoundingBox(pi, RIL_BLOCK, left,
	    top, right, bottom) && *right > *left && *bottom > *top;
}

/*
 * text_blocks - the blocks of text of the last run into R->blocks (at most
 * UP_BLOCKS, in the order of the text), and whether one of UP_CHARS
 * letters and digits or more read at UP_GOOD or over into R->good: what
 * upturn looks at for a part read upside down.  Their texts only where
 * upturn may use them, a block read under UP_LOW beside one read at
 * UP_GOOD or over: the engine makes a block's text from the page's start
 * (4 in 5 of the samples of this function on 121 corpus pages, 1% of
 * their reading, when every page's were taken)
 */
static void
text_blocks(TessBaseAPI *api, struct ocr_result *r)
{
	TessResultIterator *it = TessBaseAPIGetIterator(api);
	TessPageIterator *pi;
	struct ocr_block *b;
	int left, top, right, bottom, cap = 0, n = 0, k, low = 0, high = 0;
	float conf;
	char *s;

	if (it == NULL)
		return;
	pi = TessResultIteratorGetPageIterator(it);
	/* those GetUTF8Text puts in the page's text: their boxes first */
	do {
		if (!text_block(pi, &left, &top, &right, &bottom))
			continue;
		conf = TessResultIteratorConfidence(it, RIL_BLOCK);
		if (n == cap)
			r->blocks = xreallocarray(r->blocks, (size_t)(cap =
			    cap ? 2 * cap : 16), sizeof(*r->blocks));
		b = &r->blocks[n++];
		b->x = left;
		b->y = top;
		b->w = right - left;
		b->h = bottom - top;
		b->conf = (int)lround(conf < 0 ? 0 : conf > 100 ? 100 : conf);
		b->chars = 0;
		b->text = NULL;
		low |= b->conf < UP_LOW;
		high |= b->conf >= UP_GOOD;
	} while (TessPageIteratorNext(pi, RIL_BLOCK));
	/* then their texts, those of none left out */
	TessPageIteratorBegin(pi);
	k = 0;
	if (low && high)
		do {
			if (!text_block(pi, &left, &top, &right, &bottom))
				continue;
			if ((s = TessResultIteratorGetUTF8Text(it,
			    RIL_BLOCK)) != NULL && *s != '\0' &&
			    r->nblocks < UP_BLOCKS) {
				b = &r->blocks[r->nblocks++];
				*b = r->blocks[k];
				b->chars = chars(s, strlen(s));
				b->text = xstrdup(s);
				if (b->chars >= UP_CHARS && b->conf >= UP_GOOD)
					r->good = 1;
			}
			if (s != NULL)
				TessDeleteText(s);
			k++;
		} while (k < n && TessPageIteratorNext(pi, RIL_BLOCK));
	TessResultIteratorDelete(it);
	if (r->nblocks == 0) {
		free(r->blocks);
		r->blocks = NULL;
	}
}

/*
 * run - read PIX (DPI) with language I until processor time END into R;
 * SX, SY: PIX's pixels to the archived page's.  0, or -1 with ERR.
 */
static int
run(struct ocr_engine *e, int i, PIX *pix, int dpi, double end, double sx,
    double sy, int want_ink, struct ocr_result *r, char *err,
    size_t errlen)
{
	struct ocr_clock clk = { end, 0 };
	TessBaseAPI *api;
	char *s;
	int rc;

	result_reset(r);
	if (lang_start(e, i, err, errlen) < 0)
		return -1;
	api = e->lang[i].api;
	pixSetResolution(pix, e->told, e->told);
	TessBaseAPISetPageSegMode(api, e->block ? PSM_SINGLE_BLOCK :
	    PSM_AUTO);
	rc = recognize(e, api, pix, dpi, &clk, &r->invert);
	r->runs++;
	r->model = e->lang[i].name;
	if (rc != 0 && !clk.over) {
		snprintf(err, errlen, "tesseract could not recognise the "
		    "page");
		TessBaseAPIClear(api);
		return -1;
	}
	r->over = clk.over;
	/* a cancelled run keeps the words read before the budget ran out */
	if ((s = TessBaseAPIGetUTF8Text(api)) != NULL) {
		strbuf_adds(&r->text, s);
		TessDeleteText(s);
	}
	words(api, sx, sy, 0, 0, 0, 0, r);
	figures(api, sx, sy, r);
	if (!e->block)
		text_blocks(api, r);
	r->conf = TessBaseAPIMeanTextConf(api);
	if (want_ink)
		r->ink = ink(api, dpi);
	r->chars = chars(r->text.buf, r->text.len);
	TessBaseAPIClear(api);
	TessBaseAPISetPageSegMode(api, PSM_AUTO);
	return 0;
}

/*
 * detect - the language of the LEN bytes of text S (textnorm_lang), or
 * NULL for no text
 */
static const char *
detect(struct textnorm *tn, const char *s, size_t len)
{
	if (textnorm_run(tn, s, len, 0) != 0 || tn->out.len == 0)
		return NULL;
	return textnorm_lang(tn->out.buf, tn->out.len);
}

/*
 * letters - the boxes of the components of character size of PIX (DPI),
 * in its pixels, its ink what is darker than LEVEL on a grey page: found
 * on a copy at half size for a page of over 1000 pixels wide.  NULL if
 * leptonica failed.
 */
static BOXA *
letters(PIX *pix, int dpi, int level)
{
	PIX *g, *b;
	BOXA *boxa, *out;
	BOX *box;
	l_int32 i, n, bx, by, bw, bh, f;

	f = pixGetWidth(pix) > 1000 ? 2 : 1;
	if (pixGetDepth(pix) == 1)
		b = f == 2 ? pixReduceRankBinary2(pix, 1, NULL) : pixClone(pix);
	else {
		g = pixConvertTo8(pix, 0);
		if (g != NULL && f == 2) {
			PIX *t = pixScaleAreaMap2(g);
			pixDestroy(&g);
			g = t;
		}
		b = g != NULL ? pixThresholdToBinary(g, level) : NULL;
		pixDestroy(&g);
	}
	if ((boxa = boxes_of(b)) == NULL)
		return NULL;
	n = boxaGetCount(boxa);
	if ((out = boxaCreate(n > 0 ? n : 1)) == NULL) {
		boxaDestroy(&boxa);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		if (boxaGetBoxGeometry(boxa, i, &bx, &by, &bw, &bh) != 0)
			continue;
		bx *= f;
		by *= f;
		bw *= f;
		bh *= f;
		if (bh * 25 >= dpi && bh * 4 <= dpi && bw * 5 <= dpi * 3 &&
		    (box = boxCreate(bx, by, bw, bh)) != NULL)
			boxaAddBox(out, box, L_INSERT);
	}
	boxaDestroy(&boxa);
	return out;
}

/* the components of character size of a page, from top to bottom */
struct comps {
	int	*mid;			/* their middle rows, sorted */
	int	 n;
	int	 ch;			/* a character's mean height */
	BOXA	*boxa;			/* their boxes, in no order */
};

/*
 * text_comps - the middle rows of the components of character size of
 * PIX (DPI) into C (C->mid and C->boxa to free: comps_free).  0, or -1.
 */
static int
text_comps(PIX *pix, int dpi, struct comps *c)
{
	l_int32 i, n, by, bh;
	long ch = 0;

	memset(c, 0, sizeof(*c));
	if ((c->boxa = letters(pix, dpi, 160)) == NULL)
		return -1;
	n = boxaGetCount(c->boxa);
	c->mid = xcalloc(n > 0 ? (size_t)n : 1, sizeof(*c->mid));
	for (i = 0; i < n; i++) {
		if (boxaGetBoxGeometry(c->boxa, i, NULL, &by, NULL, &bh) != 0)
			continue;
		c->mid[c->n++] = by + bh / 2;
		ch += bh;
	}
	qsort(c->mid, (size_t)c->n, sizeof(*c->mid), int_cmp);
	c->ch = c->n > 0 ? (int)(ch / c->n) : 0;
	return 0;
}

/* comps_free - release what text_comps put in C */
static void
comps_free(struct comps *c)
{
	free(c->mid);
	boxaDestroy(&c->boxa);
}

/*
 * band_width - how much of the rows Y to BOTTOM-1 of a page of width W,
 * from its left, holds the first K of C's components whose middles lie
 * in them (from the left, by their right edges), and a character more:
 * a band of two lines across a page is some 280 characters, where 100
 * tell the language; the word cut at its end is a word among 17
 */
static int
band_width(const struct comps *c, int y, int bottom, int k, int w)
{
	l_int32 i, n = boxaGetCount(c->boxa), bx, by, bw, bh;
	int *right, m = 0, x;

	if (k <= 0 || n <= 0)
		return w;
	right = xcalloc((size_t)n, sizeof(*right));
	for (i = 0; i < n; i++)
		if (boxaGetBoxGeometry(c->boxa, i, &bx, &by, &bw, &bh) == 0 &&
		    by + bh / 2 >= y && by + bh / 2 < bottom)
			right[m++] = bx + bw;
	if (m <= k) {
		free(right);
		return w;
	}
	qsort(right, (size_t)m, sizeof(*right), int_cmp);
	x = right[k - 1] + c->ch;
	free(right);
	return x < w ? x : w;
}

/*
 * read_band - the text of rows Y to Y+H-1 of PIX, of their first W
 * pixels, cut out, read by API until CLK's end, appended to OUT.  0, or
 * -1.
 *
 * Cut out, not TessBaseAPISetRectangle: on a page of four columns and a
 * photo (8071_093.3B) a rectangle read "D D D" where the same rows cut
 * out read their text.
 */
static int
read_band(struct ocr_engine *e, TessBaseAPI *api, PIX *pix, int dpi, int y,
    int h, int w, struct ocr_clock *clk, struct strbuf *out)
{
	BOX *box;
	PIX *band;
	char *s;
	int rc = -1, status;

	if (h <= 0 || w <= 0 || (box = boxCreate(0, y, w, h)) == NULL)
		return -1;
	band = pixClipRectangle(pix, box, NULL);
	boxDestroy(&box);
	if (band == NULL)
		return -1;
	pixSetResolution(band, e->told, e->told);
	TessBaseAPISetPageSegMode(api, e->block ? PSM_SINGLE_BLOCK :
	    PSM_AUTO);
	status = recognize(e, api, band, dpi, clk, NULL);
	pixDestroy(&band);
	if (status == 0 && (s = TessBaseAPIGetUTF8Text(api)) != NULL) {
		strbuf_adds(out, s);
		strbuf_addc(out, '\n');
		TessDeleteText(s);
		rc = 0;
	}
	TessBaseAPIClear(api);
	TessBaseAPISetPageSegMode(api, PSM_AUTO);
	return rc;
}

/*
 * probe - the language of a few lines of PIX (DPI), read with language I
 * until processor time END: its index, -1 if it shows none of E's, or -2
 * if the page has too little text for a sample.
 *
 * The lines: those of PROBE_CHARS components of character size around
 * the page's middle one, or of a third of a page with less text (a probe
 * then costs a third of a reading where a wrong guess costs a whole
 * one).  The middle one from the top: the body of the page rather than
 * its letterhead or a table of figures; not the densest run, which was
 * the dots of a photo on 8071_093.3B.  Read in two steps: the first
 * PROBE_FIRST, and the rest only if those show no language
 * (textnorm_lang): most pages tell it in a few lines, and a short letter
 * is then not read a third over.  Asking more of the first lines
 * (textnorm_lang_clear) only read more: over the 137 probed first pages
 * of the corpus's 245 jobs, guessed French and guessed English, every
 * language the first lines showed was the one the rest confirmed, and
 * 25 and 18 of them read the rest for it.  A wrong language would still
 * show another clearly once the page is read (ocr_page).  The first 50
 * rather than 100: the 199 jobs of the quality sets and the field
 * corpus (393 pages), each read by an OCR process of its own with French
 * guessed, so that each first page with text enough was probed (61 of
 * them English), gave the same languages, text and words with either;
 * the OCR stage ran 3% fewer instructions on linn and on the camera
 * letter (callgrind: 21.76 against 21.11, 6.79 against 6.56 thousand
 * million).
 */
static int
probe(struct ocr_engine *e, int i, PIX *pix, int dpi, double end,
    char *err, size_t errlen)
{
	struct ocr_clock clk = { end, 0 };
	struct strbuf text = STRBUF_INIT;
	struct comps c;
	const char *lang = NULL;
	int k, first, s, y, bottom, j = -2, ph = pixGetHeight(pix);

	if (text_comps(pix, dpi, &c) < 0)
		return -2;
	k = c.n / 3 < PROBE_CHARS ? c.n / 3 : PROBE_CHARS;
	if (k < PROBE_CHARS_MIN)
		goto out;
	j = -1;
	if (lang_start(e, i, err, errlen) < 0)
		goto out;
	first = k * 2 <= PROBE_FIRST * 3 ? k : PROBE_FIRST;
	s = (c.n - first) / 2;
	y = c.mid[s] - c.ch;
	if (y < 0)
		y = 0;
	bottom = c.mid[s + first - 1] + c.ch;
	if (bottom > ph)
		bottom = ph;
	if (read_band(e, e->lang[i].api, pix, dpi, y, bottom - y,
	    band_width(&c, y, bottom, first, pixGetWidth(pix)), &clk,
	    &text) == 0)
		lang = detect(&e->tn, text.buf, text.len);
	if (first < k && !clk.over && lang_find(e, lang) < 0) {
		/* the next lines, to the probe's whole sample */
		y = bottom;
		bottom = c.mid[s + k - 1] + c.ch;
		if (bottom > ph)
			bottom = ph;
		if (read_band(e, e->lang[i].api, pix, dpi, y, bottom - y,
		    pixGetWidth(pix), &clk, &text) == 0)
			lang = detect(&e->tn, text.buf, text.len);
	}
	j = lang_find(e, lang);
out:
	strbuf_release(&text);
	comps_free(&c);
	return j;
}

/* result_swap - exchange A and B */
static void
result_swap(struct ocr_result *a, struct ocr_result *b)
{
	struct ocr_result t = *a;

	*a = *b;
	*b = t;
}

/*
 * lost - how many of the letters BOXA (in the engine's pixels) lie
 * outside every word of R (R->words, in the page's pixels: SX, SY of
 * them an engine pixel), a letter by its centre, a word grown by half a
 * letter's height all round; MISSED (if not NULL, one a letter) marks
 * them.  The words sorted by their tops, a letter
 * is matched only with those whose top lies within the tallest word's
 * height of it: a page of tens of thousands of both is not compared
 * pair by pair.
 */
static long
lost(BOXA *boxa, const struct ocr_result *r, double sx, double sy,
    char *missed)
{
	struct wbox *wb;
	size_t nw, lo, hi, mid, j;
	l_int32 i, n = boxaGetCount(boxa), bx, by, bw, bh;
	double cx, cy, m;
	long miss = 0, tall = 0;

	wb = word_boxes(r, &nw);
	for (j = 0; j < nw; j++)
		if (wb[j].h > tall)
			tall = wb[j].h;
	if (nw > 0)
		qsort(wb, nw, sizeof(*wb), wbox_cmp);
	for (i = 0; i < n; i++) {
		if (boxaGetBoxGeometry(boxa, i, &bx, &by, &bw, &bh) != 0)
			continue;
		cx = (bx + bw / 2.0) * sx;
		cy = (by + bh / 2.0) * sy;
		m = bh * sy / 2;
		/* the first word whose top is at cy - tall - m or below */
		for (lo = 0, hi = nw; lo < hi; ) {
			mid = lo + (hi - lo) / 2;
			if (wb[mid].y < cy - tall - m)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (j = lo; j < nw && wb[j].y - m <= cy; j++)
			if (cx >= wb[j].x - m && cx <= wb[j].x + wb[j].w + m &&
			    cy <= wb[j].y + wb[j].h + m)
				break;
		if (j == nw || wb[j].y - m > cy) {
			miss++;
			if (missed != NULL)
				missed[i] = 1;
		}
	}
	free(wb);
	return miss;
}

/*
 * outside - the letters BOXA less those whose centre lies in one of the
 * pictures FIGS (both in the engine's pixels): the marks of a photograph
 * are no text that a reading lost.  A new BOXA, or NULL.
 */
static BOXA *
outside(BOXA *boxa, BOXA *figs)
{
	BOXA *out;
	BOX *box;
	l_int32 i, j, n = boxaGetCount(boxa), nf, bx, by, bw, bh, fx, fy, fw,
	    fh, cx, cy;

	nf = figs != NULL ? boxaGetCount(figs) : 0;
	if ((out = boxaCreate(n > 0 ? n : 1)) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		if (boxaGetBoxGeometry(boxa, i, &bx, &by, &bw, &bh) != 0)
			continue;
		cx = bx + bw / 2;
		cy = by + bh / 2;
		for (j = 0; j < nf; j++)
			if (boxaGetBoxGeometry(figs, j, &fx, &fy, &fw,
			    &fh) == 0 && cx >= fx && cx < fx + fw &&
			    cy >= fy && cy < fy + fh)
				break;
		if (j == nf && (box = boxCreate(bx, by, bw, bh)) != NULL)
			boxaAddBox(out, box, L_INSERT);
	}
	return out;
}

/*
 * sheet - the box of the ink of the grey page PIX (what is darker than
 * LEVEL) into *BOX, the ink that touches the page's edge left out: what
 * lies outside it is the dark surround of a sheet scanned on a dark lid.
 * *HEAVY: 1 if the surround holds more ink than the sheet.  0, or -1 if
 * the page shows no such box or leptonica failed.
 */
static int
sheet(PIX *pix, int level, BOX **box, int *heavy)
{
	PIX *b;
	BOXA *boxa;
	l_int32 i, n, bx, by, bw, bh, w = pixGetWidth(pix),
	    h = pixGetHeight(pix), x0 = w, y0 = h, x1 = 0, y1 = 0, all, in;

	*box = NULL;
	*heavy = 0;
	if ((b = pixThresholdToBinary(pix, level)) == NULL)
		return -1;
	if ((boxa = boxes_of(pixClone(b))) == NULL) {
		pixDestroy(&b);
		return -1;
	}
	n = boxaGetCount(boxa);
	for (i = 0; i < n; i++) {
		if (boxaGetBoxGeometry(boxa, i, &bx, &by, &bw, &bh) != 0 ||
		    bx == 0 || by == 0 || bx + bw == w || by + bh == h)
			continue;
		x0 = bx < x0 ? bx : x0;
		y0 = by < y0 ? by : y0;
		x1 = bx + bw > x1 ? bx + bw : x1;
		y1 = by + bh > y1 ? by + bh : y1;
	}
	boxaDestroy(&boxa);
	if (x1 > x0 && y1 > y0 &&
	    (*box = boxCreate(x0, y0, x1 - x0, y1 - y0)) != NULL &&
	    pixCountPixels(b, &all, NULL) == 0 &&
	    pixCountPixelsInRect(b, *box, &in, NULL) == 0)
		*heavy = all - in > in;
	pixDestroy(&b);
	return *box != NULL ? 0 : -1;
}

/* surround_white - PIX with what lies outside BOX made white: a new page */
static PIX *
surround_white(PIX *pix, BOX *box)
{
	PIX *out;
	l_int32 x, y, w, h;

	if (boxGetGeometry(box, &x, &y, &w, &h) != 0 ||
	    (out = pixCreateTemplate(pix)) == NULL)
		return NULL;
	pixSetAll(out);
	pixRasterop(out, x, y, w, h, PIX_SRC, pix, x, y);
	return out;
}

/*
 * lines_lost - whether MISS of the N letters outside every word read say
 * that lines were lost: LOST_SHARE of them, and LOST_MIN at least; or
 * every one of them, LOST_ALL at least.  A page of a few words (a title
 * page, a short note) has fewer letters than LOST_MIN, and a dark
 * surround can make the engine take it all for a picture: a typescript's
 * title page in a black frame, 38 letters, read as nothing.
 */
static int
lines_lost(long miss, long n)
{
	return (miss >= LOST_MIN && miss * LOST_SHARE >= n) ||
	    (n >= LOST_ALL && miss == n);
}

/*
 * adopt - make SECOND, of language LANG, the reading of the page in R
 * (R's budget, scale and probe kept), R's in SECOND
 */
static void
adopt(struct ocr_result *r, struct ocr_result *second, const char *lang)
{
	second->lang = lang;
	second->budget = r->budget;
	second->scale = r->scale;
	second->mpx = r->mpx;
	second->probed = r->probed;
	result_swap(r, second);
}

/*
 * reread - read PIX with language I (else as run) into SECOND, a new
 * result whose count of runs goes on from R's: the caller adopts it, or
 * takes that count back into R (R->runs = SECOND->runs).  0, or -1 with
 * ERR.
 */
static int
reread(struct ocr_engine *e, int i, PIX *pix, int dpi, double end,
    double sx, double sy, const struct ocr_result *r,
    struct ocr_result *second, char *err, size_t errlen)
{
	ocr_result_init(second);
	second->ink = r->ink;
	second->runs = r->runs;
	return run(e, i, pix, dpi, end, sx, sy, 0, second, err, errlen);
}

/*
 * again - read PIX (else as in resplit) into a new result, made R's (its
 * resplit HOW) if fewer of the letters BOXA lie outside its words than
 * *MISS (which it then becomes); a reading that fails or runs out of
 * budget leaves R's
 */
static void
again(struct ocr_engine *e, int i, PIX *pix, int how, int dpi, double end,
    double sx, double sy, BOXA *boxa, long *miss, struct ocr_result *r)
{
	struct ocr_result second;
	long m;
	char err[256];

	if (reread(e, i, pix, dpi, end, sx, sy, r, &second, err,
	    sizeof(err)) == 0 && !second.over &&
	    (m = lost(boxa, &second, sx, sy, NULL)) < *miss) {
		*miss = m;
		second.resplit = how;
		adopt(r, &second, detect(&e->tn, second.text.buf,
		    second.text.len));
	} else
		r->runs = second.runs;
	ocr_result_release(&second);
}

/*
 * split_mid - the grey word C split halfway between its darkest and its
 * lightest pixel (a new binary image, NULL if leptonica failed): the
 * page's own split keeps faint ink, the blur between a print's dots with
 * it
 */
static PIX *
split_mid(PIX *c)
{
	l_int32 lo, hi;

	if (pixGetDepth(c) != 8 || pixGetColormap(c) != NULL ||
	    pixGetExtremeValue(c, 1, L_SELECT_MIN, NULL, NULL, NULL,
	    &lo) != 0 || pixGetExtremeValue(c, 1, L_SELECT_MAX, NULL, NULL,
	    NULL, &hi) != 0)
		return NULL;
	return pixThresholdToBinary(c, (lo + hi + 1) / 2);
}

/* dot_sized - whether a mark of W by H pixels at DPI is a printer's dot */
static int
dot_sized(l_int32 w, l_int32 h, int dpi)
{
	return w * DOT_SIZE <= dpi && h * DOT_SIZE <= dpi &&
	    (w > h ? w : h) * DOT_FINE >= dpi;
}

/*
 * page_dots - the marks of a printer's dot's size of the whole of P (at
 * DPI; a grey page's ink what is darker than mid-grey: deskew made its
 * paper white) into R->dots, and those of character size (as ink()'s)
 * into R->dot_letters: for a page read as nothing, which has no words to
 * sample
 */
static void
page_dots(PIX *p, int dpi, struct ocr_result *r)
{
	BOXA *boxa;
	l_int32 i, n, w, h;

	r->dots = r->dot_letters = 0;
	if ((boxa = boxes_of(pixGetDepth(p) == 1 ? pixClone(p) :
	    pixThresholdToBinary(p, 128))) == NULL)
		return;
	n = boxaGetCount(boxa);
	for (i = 0; i < n; i++) {
		if (boxaGetBoxGeometry(boxa, i, NULL, NULL, &w, &h) != 0)
			continue;
		if (dot_sized(w, h, dpi))
			r->dots++;
		else if (char_sized(w, h, dpi))
			r->dot_letters++;
	}
	boxaDestroy(&boxa);
}

/*
 * dots - the marks of a printer's dot's size (at most DOT_SIZE of an inch
 * wide and high, at least DOT_FINE wide or high) in up to DOT_WORDS words
 * of 3 letters or more of R (the reading of P, at DPI; SX, SY: the page's
 * pixels per P's pixel),
 * each split halfway between its ink and its paper, into R->dots, and
 * the letters read in those words into R->dot_letters
 */
static void
dots(PIX *p, int dpi, double sx, double sy, struct ocr_result *r)
{
	struct wbox *wb;
	size_t nw, j;
	l_int32 i, m, bw, bh, words = 0;
	BOXA *boxa;
	BOX *box;
	PIX *c, *b;

	r->dots = r->dot_letters = 0;
	wb = word_boxes(r, &nw);
	for (j = 0; j < nw && words < DOT_WORDS; j++) {
		if (wb[j].letters < 3 || (box = boxCreate((l_int32)(wb[j].x /
		    sx), (l_int32)(wb[j].y / sy), (l_int32)(wb[j].w / sx + 1),
		    (l_int32)(wb[j].h / sy + 1))) == NULL)
			continue;
		c = pixClipRectangle(p, box, NULL);
		boxDestroy(&box);
		b = c == NULL ? NULL : pixGetDepth(c) == 1 ? pixClone(c) :
		    split_mid(c);
		pixDestroy(&c);
		if ((boxa = boxes_of(b)) == NULL)
			continue;
		words++;
		r->dot_letters += wb[j].letters;
		m = boxaGetCount(boxa);
		for (i = 0; i < m; i++)
			if (boxaGetBoxGeometry(boxa, i, NULL, NULL, &bw,
			    &bh) == 0 && dot_sized(bw, bh, dpi))
				r->dots++;
		boxaDestroy(&boxa);
	}
	free(wb);
}

/*
 * dot_joined - R, the reading of P (the engine's page, at DPI, in
 * language I, until END; SX, SY: the page's pixels per P's pixel), read
 * again with its ink spread by 1/DOT_PITCH inch where its words are made
 * of a printer's dots, DOT_SHARE a letter or more (the whole page, DOT_MIN
 * dots at least, if it read as nothing; any page deskew found a
 * dot-matrix print, e->dotted): the letters of a dot-matrix print whose
 * dots stand apart.  Tesseract reads such letters as broken strokes: on
 * pages printed so (draft, 300 and 200 dpi, faded ribbon) a character
 * error rate of 0.11 to 0.19, where the dots joined read at 0.008 to
 * 0.015.  The words of a page of letters hold about one mark a letter,
 * and specks of noise are smaller than a dot (DOT_FINE).  The reading of
 * the joined page is kept only if it is surer by DOT_GAIN, with no more
 * than a tenth of the letters lost; of a page read as nothing, if it
 * reads something (CHARS_FEW letters) with the confidence of a page read
 * well (CONF_TURN): there is no confidence to beat, tesseract says 95 for
 * no word, and as much for no word again.
 */
static void
dot_joined(struct ocr_engine *e, int i, PIX *p, int dpi, double end,
    double sx, double sy, struct ocr_result *r)
{
	struct ocr_result second;
	char err[256];
	PIX *t;
	int k, whole;

	if (i < 0 || r->over || pixGetColormap(p) != NULL ||
	    (pixGetDepth(p) != 1 && pixGetDepth(p) != 8))
		return;
	/*
	 * the words read, or the whole page if it read as nothing (letters
	 * of dots read as noise); deskew's word for a page it would have
	 * found blank for its dots
	 */
	if ((whole = r->chars < CHARS_FEW))
		page_dots(p, dpi, r);
	else
		dots(p, dpi, sx, sy, r);
	if (!e->dotted && (r->dots < DOT_SHARE * r->dot_letters ||
	    (whole ? r->dots < DOT_MIN : r->dot_letters < DOT_LETTERS)))
		return;
	/* an odd size of filter: 3 pixels at 200 dpi, 5 at 300 */
	k = (int)lround((double)dpi / DOT_PITCH) | 1;
	if (k < 3)
		k = 3;
	if (pixGetDepth(p) == 1)
		t = pixDilateBrick(NULL, p, k, k);
	else
		t = pixErodeGray(p, k, k);	/* the darkest of k x k */
	if (t == NULL)
		return;
	r->joined = 1;
	if (reread(e, i, t, dpi, end, sx, sy, r, &second, err,
	    sizeof(err)) == 0 && !second.over && (whole ?
	    second.chars >= CHARS_FEW && second.conf >= CONF_TURN :
	    second.conf >= r->conf + DOT_GAIN &&
	    second.chars * 10 >= r->chars * 9)) {
		second.joined = 2;
		second.dots = r->dots;
		second.dot_letters = r->dot_letters;
		adopt(r, &second, detect(&e->tn, second.text.buf,
		    second.text.len));
	} else
		r->runs = second.runs;
	ocr_result_release(&second);
	pixDestroy(&t);
}

/*
 * resplit - R, the reading of P (the engine's page, at DPI, in language
 * I, until END; SX, SY: the page's pixels per engine pixel), read again
 * where the engine's own split lost lines: where LOST_SHARE of the
 * letters that SPLIT (deskew's split between this page's ink and paper)
 * shows lie outside every word read, and outside the blocks the first
 * reading took for pictures (R->figs: 8 photographs of the 35 naps2 pages
 * were read twice for nothing without them).
 *
 * Tesseract splits the grey page at the Otsu level of all its pixels.
 * - Where the dark surround of the sheet holds more ink than the sheet
 *   (sheet), it pulls that level down: the page is read first with its
 *   surround white, split by the engine (tapuscorpus-faint DSN113_00027,
 *   whose frame made the engine split off the first word of every line:
 *   138 edits against the truth's 403 characters, 65 so).
 * - On a blurred typescript on grey paper, that level fattens the
 *   letters, and the engine's layout dropped whole stanzas
 *   (tapuscorpus-faint with its frame cut off: CER 0.48 where the page
 *   split at SPLIT reads 0.17): where lines are still lost, the page is
 *   read with its ink split at SPLIT, and its surround white.
 * The reading with the fewest letters outside its words is kept.
 */
static void
resplit(struct ocr_engine *e, int i, PIX *p, int dpi, int split, double end,
    double sx, double sy, BOXA *all, struct ocr_result *r)
{
	BOXA *boxa;
	BOX *box = NULL;
	PIX *cut, *t;
	long miss, n;
	int heavy = 0;

	/*
	 * a page read as nothing: its letters all count, those in a
	 * picture too (a title page in a black frame: the engine took the
	 * whole page for one photograph)
	 */
	if (all == NULL || i < 0 || r->over || (boxa = r->chars > 0 ?
	    outside(all, r->figs) : boxaCopy(all, L_CLONE)) == NULL)
		return;
	n = boxaGetCount(boxa);
	miss = lost(boxa, r, sx, sy, NULL);
	if (!lines_lost(miss, n))
		goto out;
	r->resplit = 1;
	/*
	 * the box of the sheet's ink, the same at SPLIT on P and on P with
	 * its paper made white at SPLIT
	 */
	sheet(p, split + 1, &box, &heavy);
	/* a heavy surround white, the engine's own split */
	if (heavy && (t = surround_white(p, box)) != NULL) {
		again(e, i, t, 2, dpi, end, sx, sy, boxa, &miss, r);
		pixDestroy(&t);
	}
	if (!lines_lost(miss, n))
		goto out;
	/* the paper white: the engine's split is then SPLIT's */
	if ((cut = pixThresholdToValue(NULL, p, split + 1, 255)) == NULL)
		goto out;
	if (box != NULL && (t = surround_white(cut, box)) != NULL) {
		pixDestroy(&cut);
		cut = t;
	}
	again(e, i, cut, 3, dpi, end, sx, sy, boxa, &miss, r);
	pixDestroy(&cut);
out:
	boxDestroy(&box);
	boxaDestroy(&boxa);
}

/*
 * page_letters - the letters of P (the engine's page, at DPI), for
 * resplit and rescue to find the lines a reading lost: of a grey page,
 * those that SPLIT, deskew's split between its ink and its paper, shows;
 * of a bilevel page, its own.  NULL for a grey page with no split.
 */
static BOXA *
page_letters(PIX *p, int dpi, int split)
{
	if (pixGetDepth(p) == 1)
		return letters(p, dpi, 0);
	if (split <= 0 || split >= 255 || pixGetDepth(p) != 8 ||
	    pixGetColormap(p) != NULL)
		return NULL;
	return letters(p, dpi, split + 1);
}

/* a row of letters outside every word read (rescue) */
struct row {
	l_int32	 x0, y0, x1, y1;	/* the box of its letters */
	double	 cy, h;			/* their centre and height, mean */
	int	 n;			/* letters */
	int	 at;			/* the line of the words it goes
					   before (the last one's + 1: at
					   the end)... */
	int	 at_text;		/* ...and of the text's non-empty
					   lines (their count + 1: at the
					   end) */
	int	 lines;			/* the lines its words take */
	struct ocr_result read;		/* its reading */
};

static int
row_cmp(const void *a, const void *b)
{
	const struct row *p = a, *q = b;

	if (p->at != q->at)
		return p->at < q->at ? -1 : 1;
	return p->cy < q->cy ? -1 : p->cy > q->cy;
}

/* a letter outside every word read: its centre row and its box */
struct mark {
	double	 cy;
	l_int32	 x0, y0, x1, y1;
};

static int
mark_cmp(const void *a, const void *b)
{
	const struct mark *p = a, *q = b;

	return p->cy < q->cy ? -1 : p->cy > q->cy;
}

/* row_add - ROW with the letter M in it: its box and means grown */
static void
row_add(struct row *row, const struct mark *m)
{
	double h = m->y1 - m->y0;

	if (row->n == 0) {
		row->x0 = m->x0;
		row->y0 = m->y0;
		row->x1 = m->x1;
		row->y1 = m->y1;
	} else {
		row->x0 = m->x0 < row->x0 ? m->x0 : row->x0;
		row->y0 = m->y0 < row->y0 ? m->y0 : row->y0;
		row->x1 = m->x1 > row->x1 ? m->x1 : row->x1;
		row->y1 = m->y1 > row->y1 ? m->y1 : row->y1;
	}
	row->cy = (row->cy * row->n + m->cy) / (row->n + 1);
	row->h = (row->h * row->n + h) / (row->n + 1);
	row->n++;
}

/*
 * rows_of - the letters of BOXA that MISSED marks, in rows (a letter
 * joins the row above when its centre lies within half a letter's
 * height of that row's): those of RESCUE_LETTERS letters or more, at
 * most RESCUE_ROWS, from the top, into ROWS.  Their count.
 */
static int
rows_of(BOXA *boxa, const char *missed, struct row *rows)
{
	l_int32 i, n = boxaGetCount(boxa), bx, by, bw, bh;
	struct mark *m;
	struct row cur;
	double h;
	int nm = 0, k, nr = 0;

	m = xcalloc(n > 0 ? (size_t)n : 1, sizeof(*m));
	for (i = 0; i < n; i++)
		if (missed[i] && boxaGetBoxGeometry(boxa, i, &bx, &by, &bw,
		    &bh) == 0) {
			m[nm].cy = by + bh / 2.0;
			m[nm].x0 = bx;
			m[nm].y0 = by;
			m[nm].x1 = bx + bw;
			m[nm++].y1 = by + bh;
		}
	qsort(m, (size_t)nm, sizeof(*m), mark_cmp);
	memset(&cur, 0, sizeof(cur));
	for (k = 0; k < nm && nr < RESCUE_ROWS; k++) {
		h = m[k].y1 - m[k].y0;
		if (cur.n > 0 && fabs(m[k].cy - cur.cy) * 2 >
		    (h > cur.h ? h : cur.h)) {
			/* a new row: the one above ends */
			if (cur.n >= RESCUE_LETTERS)
				rows[nr++] = cur;
			memset(&cur, 0, sizeof(cur));
		}
		row_add(&cur, &m[k]);
	}
	if (nr < RESCUE_ROWS && cur.n >= RESCUE_LETTERS)
		rows[nr++] = cur;
	free(m);
	return nr;
}

/*
 * read_row - ROW of P read alone, in language I until END, into
 * ROW->read (a single block: the engine's layout, which lost it, is not
 * asked again): the row's letters grown by half a letter's height above
 * and below and by one at either end, cut out, the words R read already
 * made paper in it, so that none is read twice.  1 if the reading is
 * kept: as many letters and digits as half its letters at least, at a
 * mean confidence of RESCUE_CONF.
 */
static int
read_row(struct ocr_engine *e, int i, PIX *p, int dpi, double end,
    double sx, double sy, const struct ocr_result *r, struct row *row)
{
	struct ocr_clock clk = { end, 0 };
	TessBaseAPI *api = e->lang[i].api;
	struct wbox *wb;
	size_t nw, j;
	BOX *box;
	PIX *cut;
	l_int32 x0, y0, x1, y1, v = (l_int32)(row->h / 2 + 1);
	long wx0, wy0, wx1, wy1;
	char *s;
	int rc, ok = 0;

	x0 = row->x0 - 2 * v > 0 ? row->x0 - 2 * v : 0;
	y0 = row->y0 - v > 0 ? row->y0 - v : 0;
	x1 = row->x1 + 2 * v < pixGetWidth(p) ? row->x1 + 2 * v :
	    pixGetWidth(p);
	y1 = row->y1 + v < pixGetHeight(p) ? row->y1 + v : pixGetHeight(p);
	if (api == NULL || x1 <= x0 || y1 <= y0 ||
	    (box = boxCreate(x0, y0, x1 - x0, y1 - y0)) == NULL)
		return 0;
	cut = pixClipRectangle(p, box, NULL);
	boxDestroy(&box);
	if (cut == NULL)
		return 0;
	wb = word_boxes(r, &nw);
	for (j = 0; j < nw; j++) {
		wx0 = lround(wb[j].x / sx) - x0;
		wy0 = lround(wb[j].y / sy) - y0;
		wx1 = lround((wb[j].x + wb[j].w) / sx) - x0;
		wy1 = lround((wb[j].y + wb[j].h) / sy) - y0;
		if (wx1 <= 0 || wy1 <= 0 || wx0 >= x1 - x0 || wy0 >= y1 - y0)
			continue;
		if ((box = boxCreate((l_int32)wx0, (l_int32)wy0,
		    (l_int32)(wx1 - wx0), (l_int32)(wy1 - wy0))) != NULL) {
			pixSetInRectArbitrary(cut, box,
			    pixGetDepth(cut) == 1 ? 0 : 255);
			boxDestroy(&box);
		}
	}
	free(wb);
	ocr_result_init(&row->read);
	pixSetResolution(cut, e->told, e->told);
	TessBaseAPISetPageSegMode(api, PSM_SINGLE_BLOCK);
	rc = recognize(e, api, cut, dpi, &clk, NULL);
	pixDestroy(&cut);
	if (rc == 0 && !clk.over && (s = TessBaseAPIGetUTF8Text(api)) !=
	    NULL) {
		strbuf_adds(&row->read.text, s);
		TessDeleteText(s);
		row->read.conf = TessBaseAPIMeanTextConf(api);
		row->read.chars = chars(row->read.text.buf,
		    row->read.text.len);
		words(api, sx, sy, x0, y0, 0, 0, &row->read);
		ok = row->read.chars * 2 >= row->n &&
		    row->read.conf >= RESCUE_CONF;
	}
	TessBaseAPIClear(api);
	TessBaseAPISetPageSegMode(api, PSM_AUTO);
	return ok;
}

/* a line of page.words: its number, its top and its ends (page pixels) */
struct lineat {
	long	 line, top, x0, x1;
};

/*
 * line_tops - the lines of the words of R (R->words), in their order,
 * *N of them (a new array, or NULL for none)
 */
static struct lineat *
line_tops(const struct ocr_result *r, int *n)
{
	struct wbox *wb;
	struct lineat *l = NULL, *c;
	size_t nw, j;
	int cap = 0;

	*n = 0;
	wb = word_boxes(r, &nw);
	for (j = 0; j < nw; j++) {
		c = *n > 0 ? &l[*n - 1] : NULL;
		if (c != NULL && c->line == wb[j].line) {
			if (wb[j].y < c->top)
				c->top = wb[j].y;
			if (wb[j].x < c->x0)
				c->x0 = wb[j].x;
			if (wb[j].x + wb[j].w > c->x1)
				c->x1 = wb[j].x + wb[j].w;
			continue;
		}
		if (*n == cap)
			l = xreallocarray(l, (size_t)(cap = cap ? 2 * cap : 64),
			    sizeof(*l));
		c = &l[(*n)++];
		c->line = wb[j].line;
		c->top = wb[j].y;
		c->x0 = wb[j].x;
		c->x1 = wb[j].x + wb[j].w;
	}
	free(wb);
	return l;
}

/*
 * place_row - the line of LINES (N, in reading order) that ROW (in the
 * engine's pixels: SX, SY of them a page pixel) goes before, N for the
 * end: the first line below it that shares some of its width (the next
 * line of its column); else after the last line above it that does (a
 * column's last line lost); else the first line below it
 */
static int
place_row(const struct lineat *lines, int n, const struct row *row,
    double sx, double sy)
{
	double cy = row->cy * sy, x0 = row->x0 * sx, x1 = row->x1 * sx;
	int j, above = -1, below = -1;

	for (j = 0; j < n; j++) {
		if (lines[j].top > cy) {
			if (lines[j].x0 < x1 && lines[j].x1 > x0)
				return j;
			if (below < 0)
				below = j;
		} else if (lines[j].x0 < x1 && lines[j].x1 > x0)
			above = j;
	}
	return above >= 0 ? above + 1 : below >= 0 ? below : n;
}

/*
 * renumber - the words W (page.words) appended to OUT, the line of each
 * moved by SHIFT where it is SHIFT_FROM or more
 */
static void
renumber(const struct strbuf *w, long shift_from, long shift,
    struct strbuf *out)
{
	const char *p = w->buf, *end = p + w->len, *t, *tab;
	long line;

	for (; p < end; p = t + 1) {
		if ((t = memchr(p, '\n', (size_t)(end - p))) == NULL)
			t = end;
		if ((tab = memchr(p, '\t', (size_t)(t - p))) == NULL ||
		    sscanf(p, "%ld", &line) != 1)
			continue;
		strbuf_addf(out, "%ld", line >= shift_from ? line + shift :
		    line);
		strbuf_add(out, tab, (size_t)(t - tab));
		strbuf_addc(out, '\n');
	}
}

/* a word of page.words: its line, where it starts and ends, its order */
struct wline {
	long	 line;
	size_t	 off, len, seq;
};

static int
wline_cmp(const void *a, const void *b)
{
	const struct wline *p = a, *q = b;

	if (p->line != q->line)
		return p->line < q->line ? -1 : 1;
	return p->seq < q->seq ? -1 : p->seq > q->seq;
}

/* by_line - the words W appended to OUT in the order of their lines */
static void
by_line(const struct strbuf *w, struct strbuf *out)
{
	const char *p = w->buf, *end = p + w->len, *t;
	struct wline *l = NULL;
	size_t n = 0, cap = 0, k;

	for (; p < end; p = t + 1) {
		if ((t = memchr(p, '\n', (size_t)(end - p))) == NULL)
			t = end;
		if (n == cap)
			l = xreallocarray(l, cap = cap ? 2 * cap : 64,
			    sizeof(*l));
		if (sscanf(p, "%ld", &l[n].line) != 1)
			continue;
		l[n].off = (size_t)(p - w->buf);
		l[n].len = (size_t)(t - p);
		l[n].seq = n;
		n++;
	}
	if (n > 0)
		qsort(l, n, sizeof(*l), wline_cmp);
	for (k = 0; k < n; k++) {
		strbuf_add(out, w->buf + l[k].off, l[k].len);
		strbuf_addc(out, '\n');
	}
	free(l);
}

/*
 * rescue - the lines of P that the reading R lost (its letters ALL,
 * page_letters, outside every word read and every picture), read one
 * row at a time (read_row) and put into R's text and words where they
 * lie: before the next line of their column (place_row; where the text
 * and the words R->words do not have the same lines, at the end).
 *
 * The engine's layout drops a line now and then, whatever the split: on
 * a screenshot of 72 dpi scaled to 216 (mayan-edms multi_page.tiff) the
 * dotted underline of a line's links made a block of its own over the
 * next line, which was lost, 1 line of 7, where resplit (a whole page
 * read again) waits for a quarter of the letters.  A row is a line's
 * worth of letters (RESCUE_LETTERS) in a row; specks, a stamp's few
 * marks, a signature do not make one, and what reads as garbage (under
 * RESCUE_CONF, or fewer letters read than half the marks) is left out.
 */
static void
rescue(struct ocr_engine *e, int i, PIX *p, int dpi, double end,
    double sx, double sy, BOXA *all, struct ocr_result *r)
{
	struct row rows[RESCUE_ROWS];
	struct strbuf text = STRBUF_INIT, w = STRBUF_INIT;
	BOXA *boxa;
	char *missed;
	const char *q, *t, *tend;
	struct lineat *lines, *rl;
	long shift;
	int nr, nk = 0, k, j, n, nlines, ntext = 0, line;

	if (all == NULL || i < 0 || r->over || e->lang[i].api == NULL ||
	    (boxa = outside(all, r->figs)) == NULL)
		return;
	missed = xcalloc((size_t)boxaGetCount(boxa) + 1, 1);
	if (lost(boxa, r, sx, sy, missed) >= RESCUE_LETTERS)
		nr = rows_of(boxa, missed, rows);
	else
		nr = 0;
	free(missed);
	boxaDestroy(&boxa);
	for (k = 0; k < nr && cpu_now() < end; k++) {
		if (read_row(e, i, p, dpi, end, sx, sy, r, &rows[k]))
			rows[nk++] = rows[k];
		else
			ocr_result_release(&rows[k].read);
	}
	if (nk == 0)
		return;
	/*
	 * where each row goes: before the first line below it, the lines
	 * of the words one to one with those of the text that are not
	 * empty (a line the engine found with no word in it has neither)
	 */
	lines = line_tops(r, &nlines);
	for (q = r->text.buf, tend = q + r->text.len; q < tend; q = t + 1) {
		if ((t = memchr(q, '\n', (size_t)(tend - q))) == NULL)
			t = tend;
		if (t > q)
			ntext++;
	}
	for (k = 0; k < nk; k++) {
		j = ntext == nlines ? place_row(lines, nlines, &rows[k], sx,
		    sy) : nlines;
		rows[k].at = j < nlines ? (int)lines[j].line : nlines > 0 ?
		    (int)lines[nlines - 1].line + 1 : 1;
		rows[k].at_text = j + 1;
		/* the lines its words take: to the last one's number */
		rl = line_tops(&rows[k].read, &n);
		rows[k].lines = n > 0 ? (int)rl[n - 1].line : 0;
		free(rl);
	}
	free(lines);
	qsort(rows, (size_t)nk, sizeof(*rows), row_cmp);
	/* the text: each row's before its line */
	for (q = r->text.buf, line = 0, j = 0; ; q = t + 1) {
		if ((t = memchr(q, '\n', (size_t)(tend - q))) == NULL)
			t = tend;
		if (t > q)
			line++;
		for (; j < nk && (t > q ? rows[j].at_text <= line :
		    t == tend); j++) {
			strbuf_add(&text, rows[j].read.text.buf,
			    rows[j].read.text.len);
			if (text.len > 0 && text.buf[text.len - 1] != '\n')
				strbuf_addc(&text, '\n');
		}
		strbuf_add(&text, q, (size_t)(t - q));
		if (t == tend)
			break;
		strbuf_addc(&text, '\n');
	}
	/* after a last line with no end of line */
	for (; j < nk; j++) {
		if (text.len > 0 && text.buf[text.len - 1] != '\n')
			strbuf_addc(&text, '\n');
		strbuf_add(&text, rows[j].read.text.buf, rows[j].read.text.len);
	}
	/* the words: the page's lines moved past the rows put before them */
	strbuf_add(&w, r->words.buf, r->words.len);
	for (k = 0, shift = 0; k < nk; k++) {
		struct strbuf moved = STRBUF_INIT;

		renumber(&w, rows[k].at + shift, rows[k].lines, &moved);
		renumber(&rows[k].read.words, 1, rows[k].at + shift - 1,
		    &moved);
		strbuf_reset(&w);
		strbuf_add(&w, moved.buf, moved.len);
		strbuf_release(&moved);
		shift += rows[k].lines;
		ocr_result_release(&rows[k].read);
	}
	strbuf_reset(&r->text);
	strbuf_add(&r->text, text.buf, text.len);
	strbuf_reset(&r->words);
	by_line(&w, &r->words);
	strbuf_release(&text);
	strbuf_release(&w);
	r->chars = chars(r->text.buf, r->text.len);
	r->rescued = nk;
}

/*
 * words_conf - the mean confidence of the words W (page.words), 0 for
 * none
 */
static int
words_conf(const struct strbuf *w)
{
	const char *p = w->buf, *end = p + w->len, *t;
	long line, x, y, ww, h, sum = 0, n = 0;
	int c;

	for (; p < end; p = t + 1) {
		if ((t = memchr(p, '\n', (size_t)(end - p))) == NULL)
			t = end;
		if (sscanf(p, "%ld\t%ld\t%ld\t%ld\t%ld\t%d", &line, &x, &y,
		    &ww, &h, &c) == 6) {
			sum += c;
			n++;
		}
	}
	return n > 0 ? (int)(sum / n) : 0;
}

/*
 * turned_read - the part BOX of P (DPI) turned 180 degrees, read with
 * language I until END into T (its words in the page's pixels, SX, SY of
 * them an engine pixel); 1 if it reads well: at UP_KEEP and UP_GAIN over
 * CONF (the confidence it was read with upside down), with half its
 * CHARS letters at least; else 0
 */
static int
turned_read(struct ocr_engine *e, int i, PIX *p, int dpi, double end,
    double sx, double sy, BOX *box, int conf, long chars_was,
    struct ocr_result *t)
{
	struct ocr_clock clk = { end, 0 };
	TessBaseAPI *api = e->lang[i].api;
	l_int32 x0, y0, w, h;
	PIX *cut, *turned;
	char *s;
	int rc, ok = 0;

	if ((cut = pixClipRectangle(p, box, NULL)) == NULL)
		return 0;
	boxGetGeometry(box, &x0, &y0, &w, &h);
	w = pixGetWidth(cut);
	h = pixGetHeight(cut);
	turned = pixRotate180(NULL, cut);
	pixDestroy(&cut);
	if (turned == NULL)
		return 0;
	pixSetResolution(turned, e->told, e->told);
	TessBaseAPISetPageSegMode(api, PSM_AUTO);
	/*
	 * a part over an inch high: its first inch turned first, which
	 * must gain UP_GAIN too, to UP_LOW at least (a line cut at its
	 * foot reads badly): a photograph's or a scribble's garbage read
	 * turned is garbage still, and a whole page of it costs a page
	 */
	if (h > dpi && (box = boxCreate(0, 0, w, dpi)) != NULL) {
		cut = pixClipRectangle(turned, box, NULL);
		boxDestroy(&box);
		if (cut == NULL) {
			pixDestroy(&turned);
			return 0;
		}
		rc = recognize(e, api, cut, dpi, &clk, NULL);
		pixDestroy(&cut);
		t->runs++;
		ok = TessBaseAPIMeanTextConf(api);
		msg_debug("upside down? its first inch turned reads at %d", ok);
		TessBaseAPIClear(api);
		if (rc != 0 || clk.over || ok < UP_LOW || ok < conf +
		    UP_GAIN) {
			pixDestroy(&turned);
			return 0;
		}
		ok = 0;
	}
	rc = recognize(e, api, turned, dpi, &clk, NULL);
	pixDestroy(&turned);
	t->runs++;
	if (rc == 0 && !clk.over && (s = TessBaseAPIGetUTF8Text(api)) !=
	    NULL) {
		strbuf_adds(&t->text, s);
		TessDeleteText(s);
		if (t->text.len > 0 && t->text.buf[t->text.len - 1] != '\n')
			strbuf_addc(&t->text, '\n');
		words(api, sx, sy, x0, y0, w, h, t);
		t->conf = words_conf(&t->words);
		t->chars = chars(t->text.buf, t->text.len);
		ok = t->conf >= UP_KEEP && t->conf >= conf + UP_GAIN &&
		    t->chars * 2 >= chars_was;
	}
	TessBaseAPIClear(api);
	return ok;
}

/* a part of a page read upside down (upturn) */
struct upart {
	int	 first;			/* its first block (R->blocks) */
	long	 line;			/* the first line of its words */
	struct ocr_result t;		/* its reading turned */
};

/* centre_in - 1 if the centre of block B lies in BOX */
static int
centre_in(const struct ocr_block *b, const BOX *box)
{
	l_int32 x, y, w, h;
	long cx = b->x + b->w / 2, cy = b->y + b->h / 2;

	boxGetGeometry((BOX *)box, &x, &y, &w, &h);
	return cx >= x && cx < x + w && cy >= y && cy < y + h;
}

/*
 * in_part - 1 if the centre of the word WB (in the page's pixels: SX, SY
 * of them an engine pixel) lies in a block of R marked PART in OF
 */
static int
in_part(const struct ocr_result *r, const struct wbox *wb, const int *of,
    int part, double sx, double sy)
{
	long cx = lround((wb->x + wb->w / 2.0) / sx);
	long cy = lround((wb->y + wb->h / 2.0) / sy);
	int k;

	for (k = 0; k < r->nblocks; k++)
		if (of[k] == part && cx >= r->blocks[k].x &&
		    cx < r->blocks[k].x + r->blocks[k].w &&
		    cy >= r->blocks[k].y && cy < r->blocks[k].y + r->blocks[k].h)
			return 1;
	return 0;
}

/*
 * part_lines - the lines of R's words (WB, NW of them) that lie in the
 * blocks of R marked PART in OF (in_part), marked in LINES (1 + the last
 * line of them); their first line, or 0 if a line of them also holds a
 * word of no such block (the part is then not whole lines)
 */
static long
part_lines(const struct ocr_result *r, const struct wbox *wb, size_t nw,
    const int *of, int part, double sx, double sy, char *lines)
{
	size_t j;
	long first = 0;

	for (j = 0; j < nw; j++)
		if (in_part(r, &wb[j], of, part, sx, sy)) {
			lines[wb[j].line] = 1;
			if (first == 0 || wb[j].line < first)
				first = wb[j].line;
		}
	for (j = 0; first > 0 && j < nw; j++)
		if (lines[wb[j].line] && !in_part(r, &wb[j], of, part, sx, sy))
			first = 0;
	return first;
}

/*
 * remapped - the words W (page.words) appended to OUT, those of the
 * lines marked in DROP left out, the line of each other one L made
 * MAP[L] (lines 1 to MAXL)
 */
static void
remapped(const struct strbuf *w, const char *drop, const long *map,
    long maxl, struct strbuf *out)
{
	const char *p = w->buf, *end = p + w->len, *t, *tab;
	long line;

	for (; p < end; p = t + 1) {
		if ((t = memchr(p, '\n', (size_t)(end - p))) == NULL)
			t = end;
		if (sscanf(p, "%ld", &line) != 1 || line < 1 || line > maxl ||
		    drop[line] || (tab = memchr(p, '\t', (size_t)(t - p))) ==
		    NULL)
			continue;
		strbuf_addf(out, "%ld", map[line]);
		strbuf_add(out, tab, (size_t)(t - tab));
		strbuf_addc(out, '\n');
	}
}

/*
 * upturn - the parts of R read upside down on a page read upright, read
 * again turned 180 degrees (turned_read) and put in R's text and words in
 * their place: a card copied front and back on one page, the back turned
 * on the glass; two receipts laid head to foot.  The engine reads such a
 * part as garbage of a low confidence in many small blocks (the lower
 * half of a typescript turned under the upper half of another: 20 blocks
 * read at 18 to 72, 41 for the largest, where the upright ones read at
 * 91 to 95), and deskew turns the page by its most text.
 *
 * A part: the blocks read under UP_GOOD less than 1/UP_NEAR inch apart,
 * with the blocks whose centres lie among them, on a page where a block
 * read at UP_GOOD or over (else the page is read badly as a whole, and
 * ocr_one tries it turned); it is read turned when its blocks hold
 * UP_CHARS letters read under UP_LOW, at a mean under UP_LOW.  Half an
 * inch keeps a card's back one part (its lines and its machine-readable
 * zone a third of an inch apart), and so in the order of its reading.
 * It is put in where its words are whole lines of the page's words and
 * every block's text is found in the page's text, in order.
 */
static void
upturn(struct ocr_engine *e, int i, PIX *p, int dpi, double end,
    double sx, double sy, struct ocr_result *r)
{
	struct upart part[UP_REGIONS];
	struct strbuf text = STRBUF_INIT, w = STRBUF_INIT;
	struct wbox *wb = NULL;
	BOXA *grown = NULL, *regions = NULL;
	BOX *box, *rbox;
	size_t *off = NULL, nw = 0, j, at, len;
	const char *q;
	char *lines = NULL;
	long maxl = 0, line, cur, *map = NULL, low, sum, n;
	int *of = NULL, np = 0, k, g, m, conf, pi, ok, tconf;
	l_int32 x, y, bw, bh;

	/* (no blocks are kept of a page read as one block: run) */
	if (i < 0 || e->lang[i].api == NULL || r->over || !r->good)
		goto out;
	/* where each block's text is in the page's */
	off = xcalloc((size_t)r->nblocks + 1, sizeof(*off));
	for (k = 0, at = 0; k < r->nblocks; k++) {
		len = strlen(r->blocks[k].text);
		if ((q = memmem(r->text.buf + at, r->text.len - at,
		    r->blocks[k].text, len)) == NULL)
			goto out;
		off[k] = (size_t)(q - r->text.buf);
		at = off[k] + len;
	}
	/* the parts: blocks not read well, near each other */
	g = dpi / UP_NEAR / 2;
	if ((grown = boxaCreate(8)) == NULL)
		goto out;
	for (k = 0; k < r->nblocks; k++)
		if (r->blocks[k].conf < UP_GOOD && (box = boxCreate(
		    r->blocks[k].x - g, r->blocks[k].y - g, r->blocks[k].w +
		    2 * g, r->blocks[k].h + 2 * g)) != NULL)
			boxaAddBox(grown, box, L_INSERT);
	if (boxaGetCount(grown) == 0 ||
	    (regions = boxaCombineOverlaps(grown, NULL)) == NULL)
		goto out;
	of = xcalloc((size_t)r->nblocks + 1, sizeof(*of));
	wb = word_boxes(r, &nw);
	for (j = 0; j < nw; j++)
		if (wb[j].line > maxl)
			maxl = wb[j].line;
	lines = xcalloc((size_t)maxl + 2, 1);
	for (m = 0; m < boxaGetCount(regions) && np < UP_REGIONS &&
	    cpu_now() < end; m++) {
		if ((rbox = boxaGetBox(regions, m, L_CLONE)) == NULL)
			continue;
		/* its blocks (-1 in OF), their letters and confidence */
		for (k = 0, low = 0, sum = 0, n = 0; k < r->nblocks; k++) {
			if (of[k] != 0 || !centre_in(&r->blocks[k], rbox))
				continue;
			of[k] = -1;
			if (r->blocks[k].conf < UP_LOW)
				low += r->blocks[k].chars;
			sum += (long)r->blocks[k].conf * r->blocks[k].chars;
			n += r->blocks[k].chars;
		}
		boxDestroy(&rbox);
		conf = n > 0 ? (int)(sum / n) : 100;
		/* the part's box: its blocks', and a margin */
		x = y = INT_MAX;
		bw = bh = 0;
		for (k = 0; k < r->nblocks; k++) {
			if (of[k] != -1)
				continue;
			x = r->blocks[k].x < x ? r->blocks[k].x : x;
			y = r->blocks[k].y < y ? r->blocks[k].y : y;
			bw = r->blocks[k].x + r->blocks[k].w > bw ?
			    r->blocks[k].x + r->blocks[k].w : bw;
			bh = r->blocks[k].y + r->blocks[k].h > bh ?
			    r->blocks[k].y + r->blocks[k].h : bh;
		}
		memset(lines, 0, (size_t)maxl + 2);
		line = low >= UP_CHARS && conf < UP_LOW ? part_lines(r, wb,
		    nw, of, -1, sx, sy, lines) : 0;
		g = dpi / 10;
		x = x - g > 0 ? x - g : 0;
		y = y - g > 0 ? y - g : 0;
		ok = tconf = 0;
		if (line > 0 && (box = boxCreate(x, y, bw + g - x, bh + g -
		    y)) != NULL) {
			if ((rbox = boxClipToRectangle(box, pixGetWidth(p),
			    pixGetHeight(p))) != NULL) {
				ocr_result_init(&part[np].t);
				part[np].t.runs = r->runs;
				ok = turned_read(e, i, p, dpi, end, sx, sy,
				    rbox, conf, n, &part[np].t);
				r->runs = part[np].t.runs;
				tconf = part[np].t.conf;
				if (!ok)
					ocr_result_release(&part[np].t);
				boxDestroy(&rbox);
			}
			boxDestroy(&box);
		}
		msg_debug("upside down? %dx%d+%d+%d: %ld letters at %d, %ld of "
		    "them under %d, first line %ld: %s (%d)", bw - x, bh - y, x,
		    y, n, conf, low, UP_LOW, line, ok ? "turned" : "left",
		    tconf);
		if (ok) {
			for (k = 0; of[k] != -1; k++)
				;
			part[np].first = k;
			part[np++].line = line;
		}
		/* its blocks: of part np (1 + its index), else seen */
		for (k = 0; k < r->nblocks; k++)
			if (of[k] == -1)
				of[k] = ok ? np : -2;
	}
	if (np == 0)
		goto out;
	/* the text: each part's in place of its blocks' */
	for (k = 0, at = 0; k < r->nblocks; k++) {
		strbuf_add(&text, r->text.buf + at, off[k] - at);
		pi = of[k] - 1;
		if (pi < 0)
			strbuf_adds(&text, r->blocks[k].text);
		else if (part[pi].first == k)
			strbuf_add(&text, part[pi].t.text.buf,
			    part[pi].t.text.len);
		at = off[k] + strlen(r->blocks[k].text);
	}
	strbuf_add(&text, r->text.buf + at, r->text.len - at);
	/* the words: each part's lines in place of its blocks' lines */
	memset(lines, 0, (size_t)maxl + 2);
	for (pi = 0; pi < np; pi++)
		part_lines(r, wb, nw, of, pi + 1, sx, sy, lines);
	map = xcalloc((size_t)maxl + 2, sizeof(*map));
	for (line = 1, cur = 0; line <= maxl; line++) {
		for (pi = 0; pi < np; pi++)
			if (part[pi].line == line) {
				struct wbox *tb;
				size_t ntw;

				renumber(&part[pi].t.words, 1, cur, &w);
				tb = word_boxes(&part[pi].t, &ntw);
				cur += ntw > 0 ? tb[ntw - 1].line : 0;
				free(tb);
			}
		if (!lines[line])
			map[line] = ++cur;
	}
	remapped(&r->words, lines, map, maxl, &w);
	strbuf_reset(&r->text);
	strbuf_add(&r->text, text.buf, text.len);
	strbuf_reset(&r->words);
	by_line(&w, &r->words);
	r->conf = words_conf(&r->words);
	r->chars = chars(r->text.buf, r->text.len);
	r->upturned = np;
out:
	for (pi = 0; pi < np; pi++)
		ocr_result_release(&part[pi].t);
	strbuf_release(&text);
	strbuf_release(&w);
	boxaDestroy(&grown);
	boxaDestroy(&regions);
	free(wb);
	free(off);
	free(of);
	free(lines);
	free(map);
	/* the page's text has moved on from them */
	blocks_free(r);
}

/* reduce - PIX at SCALE for the engine (a new reference) */
static PIX *
reduce(PIX *pix, double scale)
{
	if (scale >= 0.999)
		return pixClone(pix);
	if (pixGetDepth(pix) == 1)
		return pixScaleToGray(pix, (l_float32)scale);
	return pixScale(pix, (l_float32)scale, (l_float32)scale);
}

int
ocr_page(struct ocr_engine *e, struct Pix *pix, int width, int height,
    int dpi, int tell, int split, const char *hint, struct ocr_result *r,
    char *err, size_t errlen)
{
	struct ocr_result second;
	const char *lang2;
	double start = cpu_now(), mpx, scale = 1.0, sx, sy, end;
	int w = pixGetWidth(pix), h = pixGetHeight(pix), pdpi, i, j, rc;
	int before;
	BOXA *all;
	PIX *p;

	r->runs = 0;
	r->rescued = 0;
	r->upturned = 0;
	r->ink = r->dots = r->dot_letters = 0;
	r->probed = 0;
	r->unshown = 0;
	r->resplit = 0;
	r->joined = 0;
	if (width <= 0 || height <= 0) {
		width = w;
		height = h;
	}
	/* the resolution of PIX, then the size the engine gets */
	pdpi = dpi > 0 ? (int)lround((double)dpi * w / width) : OCR_DPI;
	if (pdpi < 1)
		pdpi = 1;
	if (pdpi > OCR_DPI_MAX)
		scale = (double)OCR_DPI / pdpi;
	mpx = (double)w * h * scale * scale / 1e6;
	if (mpx > e->lim.max_mpx) {
		scale *= sqrt(e->lim.max_mpx / mpx);
		mpx = e->lim.max_mpx;
	}
	errno = 0;
	if ((p = reduce(pix, scale)) == NULL) {
		snprintf(err, errlen, "cannot reduce the page for OCR");
		return -1;
	}
	sx = (double)width / pixGetWidth(p);
	sy = (double)height / pixGetHeight(p);
	pdpi = (int)lround(pdpi * scale);
	if (pdpi < 1)
		pdpi = 1;
	/*
	 * else no resolution: tesseract then measures it on the text (its
	 * lines' spacing), which read better than a resolution assumed:
	 * 3894 against 5307 edits over funsd-lowdpi's 8 forms of about 100
	 * dpi taken for 300.  Against a resolution merely declared it is a
	 * wash (ocr_one).  But a page that deskew scaled up for its small
	 * text reads better told the resolution deskew measured:
	 * tesseract measured 501 dpi on a screenshot of 72 dpi
	 * scaled to 216 (mayan-edms multi_page.tiff) and lost its first
	 * paragraph; funsd-lowdpi, 8 forms scaled by 2: CER 0.2159
	 * against 0.2846.  So does one whose file's tag deskew did not
	 * believe (ocr_one): 4 of those forms scaled by 2 and tagged 600,
	 * 1268 edits told, 1851 not.
	 */
	e->told = tell ? pdpi : 0;
	/* as if the page had at least 3 million pixels */
	r->budget = e->lim.budget * (mpx > 3 ? mpx : 3);
	r->scale = scale;
	r->mpx = mpx;
	end = start + r->budget;
	before = e->last;
	if ((i = lang_find(e, hint)) < 0) {
		i = e->last >= 0 ? e->last : 0;
		/*
		 * a job's first page, at start or while the language changes
		 * from job to job: a few lines tell it for a tenth of a
		 * reading or less, where a wrong guess costs a whole one
		 */
		if (e->probe && e->nlang > 1) {
			j = probe(e, i, p, pdpi, end, err, errlen);
			r->probed = j != -2;
			if (j >= 0)
				i = j;
		}
	}
	if ((rc = run(e, i, p, pdpi, end, sx, sy, 1, r, err, errlen)) < 0)
		goto out;
	r->lang = detect(&e->tn, r->text.buf, r->text.len);
	/*
	 * read once more only where the text shows another language
	 * clearly, with twice the stop words that name it: text with few
	 * of them (Latin, a page of figures, a form of two languages)
	 * flipped from model to model, read twice for the same text
	 */
	j = r->lang == NULL ? -1 : lang_find(e,
	    textnorm_lang_clear(e->tn.out.buf, e->tn.out.len));
	if (j >= 0 && j != i && !r->over) {
		/* read in the wrong language: once more in the one it shows */
		rc = reread(e, j, p, pdpi, end, sx, sy, r, &second, err,
		    errlen);
		if (rc == 0) {
			lang2 = detect(&e->tn, second.text.buf,
			    second.text.len);
			if ((lang2 != NULL && strcmp(lang2, r->lang) == 0) ||
			    second.conf >= r->conf)
				adopt(r, &second, lang2);
			else
				r->runs = second.runs;
		}
		ocr_result_release(&second);
		if (rc < 0)
			goto out;
	} else if (r->lang != NULL && lang_find(e, r->lang) < 0 &&
	    lang_find(e, hint) < 0 && i != 0 && !r->over) {
		/*
		 * words that show no language ("und"), read in the one this
		 * worker happened to find last (or that a probe of a few
		 * lines found), are read in the first of the languages, the
		 * office's own: their text would otherwise change with the
		 * pages read before them (a typescript's title page: "LE
		 * JARDIN DES GARES" read after a French page, "CARE S" after
		 * a Dutch one, "UVARES" after a German one).  Not when the
		 * job's previous page gave its language (HINT): the model
		 * then follows the job, not the worker's history
		 */
		rc = reread(e, 0, p, pdpi, end, sx, sy, r, &second, err,
		    errlen);
		if (rc == 0) {
			adopt(r, &second, detect(&e->tn, second.text.buf,
			    second.text.len));
			r->unshown = 1;
		}
		ocr_result_release(&second);
		if (rc < 0)
			goto out;
	}
	dot_joined(e, lang_find(e, r->model), p, pdpi, end, sx, sy, r);
	/* a page out of budget is not read again */
	all = r->over ? NULL : page_letters(p, pdpi, split);
	/* a bilevel page has no other split to be read at */
	if (r->joined != 2 && pixGetDepth(p) == 8)
		resplit(e, lang_find(e, r->model), p, pdpi, split, end, sx,
		    sy, all, r);
	upturn(e, lang_find(e, r->model), p, pdpi, end, sx, sy, r);
	rescue(e, lang_find(e, r->model), p, pdpi, end, sx, sy, all, r);
	boxaDestroy(&all);
	if ((j = lang_find(e, r->lang)) >= 0 && strcmp(r->lang,
	    r->model) == 0) {
		/*
		 * probe while the language changes from job to job; the
		 * first language found is no change from the guess at start
		 */
		if (hint == NULL)
			e->probe = before >= 0 && j != before;
		e->last = j;
	}
out:
	pixDestroy(&p);
	r->cpu = cpu_now() - start;
	return rc;
}

/*
 * counted - what the log says of N things (WHAT, ", N whats REST"), in
 * BUF; "" for none
 */
static const char *
counted(char *buf, size_t size, int n, const char *what, const char *rest)
{
	if (n <= 0)
		return "";
	snprintf(buf, size, ", %d %s%s%s", n, what, n == 1 ? "" : "s", rest);
	return buf;
}

/*
 * short_read - 1 if a reading of under CHARS_FEW letters and digits
 * accounts for what page K of JOB shows: a sure one (SHORT_CONF) of a
 * word or more, with a character at least for each text-size spot
 * (letter or word) deskew found on the grey page.  A page of one line
 * ("This is a test document.": 19 characters, 2-17 spots, confidence
 * 94-96) is then no doubt, where a page whose faint text the engine lost
 * shows spots it did not read, and a drawing or a photograph reads no
 * word it is sure of.  0 when deskew recorded no spots (an older job)
 */
static int
short_read(const struct ocr_result *r, const struct job *job, long k)
{
	char key[64];
	long spots = job_get_long(job, job_pagekey(key, sizeof(key), (int)k,
	    "text_spots"), -1);

	return spots >= 0 && r->chars >= SHORT_CHARS && r->chars >= spots &&
	    r->conf >= SHORT_CONF;
}

/*
 * doubt - why a person should look at page K of R (of JOB), a page that
 * deskew did not find blank, into R->doubt
 */
static void
doubt(struct ocr_result *r, const struct job *job, long k)
{
	char key[64], what[64] = "";
	double share;

	/*
	 * the photo regions deskew found (page.K.photo_share), 1% or more:
	 * a page that reads next to nothing is then likely a picture (a
	 * card's copy, a photograph), which a clerk learns before opening it
	 */
	share = job_get_double(job, job_pagekey(key, sizeof(key), (int)k,
	    "photo_share"), 0);
	if (share >= 0.01 && share <= 1)
		snprintf(what, sizeof(what), ", photo regions over %.0f%% of "
		    "it", floor(100 * share));
	r->cover = cover_title_read(r->text.buf, r->text.len);
	if (r->cover)
		snprintf(r->doubt, sizeof(r->doubt), "ocr: page %ld "
		    COVER_DOUBT ": the pages after it may be another "
		    "household's", k);
	else if (r->over)
		snprintf(r->doubt, sizeof(r->doubt), "ocr: page %ld stopped "
		    "at its budget of %.1f s for %.1f Mpx: text incomplete",
		    k, r->budget, r->mpx);
	else if (r->ink >= INK_MIN && r->chars * INK_PER_CHAR < r->ink)
		snprintf(r->doubt, sizeof(r->doubt), "ocr: page %ld reads %ld "
		    "characters for ink of about %ld", k, r->chars, r->ink);
	else if (r->chars < CHARS_FEW && !short_read(r, job, k))
		snprintf(r->doubt, sizeof(r->doubt), "ocr: page %ld reads %ld "
		    "characters on a page that is not blank%s", k, r->chars,
		    what);
	else if (r->chars >= CONF_CHARS && r->conf < CONF_LOW)
		snprintf(r->doubt, sizeof(r->doubt), "ocr: page %ld read with "
		    "confidence %d", k, r->conf);
	else
		r->doubt[0] = '\0';
}

/*
 * turn_image - turn the image of page K of JOB that the archive keeps
 * (page.K.image, G4 TIFF or PNG) clockwise by QUADS right angles, in its
 * own format, with BUF for its bytes, into a file of its own that
 * page.K.image then names: 0, or -1.
 *
 * Not over the file deskew wrote: the meta that says the page was turned
 * is saved with the job, after this, and a job that fails or stops
 * before then is read again from deskew's image, not turned twice.
 */
static int
turn_image(struct job *job, long k, int quads, struct strbuf *buf)
{
	char key[64], name[32];
	const char *image = job_get(job, job_pagekey(key, sizeof(key), (int)k,
	    "image"));
	PIX *p, *t;
	l_uint8 *data = NULL;
	size_t size = 0;
	int rc = -1, bilevel;

	if (image == NULL || !job_id_valid(image))
		return -1;
	strbuf_reset(buf);
	if (job_read(job, image, OCR_IMAGE_MAX, buf) < 0 ||
	    (p = pixReadMem((const l_uint8 *)buf->buf, buf->len)) == NULL)
		return -1;
	bilevel = pixGetDepth(p) == 1;
	snprintf(name, sizeof(name), "p%04ld.turned.%s", k,
	    bilevel ? "tif" : "png");
	if ((t = pixRotateOrth(p, quads)) != NULL &&
	    (bilevel ? pixWriteMem(&data, &size, t, IFF_TIFF_G4) :
	    image_png(t, (void **)&data, &size)) == 0 && data != NULL &&
	    job_write(job, name, data, size) == 0) {
		job_set(job, key, name);
		rc = 0;
	}
	lept_free(data);
	pixDestroy(&t);
	pixDestroy(&p);
	return rc;
}

/*
 * turn_page - page K of JOB, whose orientation deskew could not tell
 * (too few letters: a copy of an identity card, a short note), read by R
 * from PIX (as ocr_page, of WIDTH x HEIGHT archived pixels) with its words
 * on their side or upside down: read again turned clockwise by QUADS right
 * angles.  Where that reading is upright and good (most of its words of
 * 4 letters or more wider than high: the engine reads a line it finds
 * running down the page by turning it, and an upright page turned on its
 * side read a title of two words, "Document Splitter", or a barcode's
 * "*PATCHT*" so, at a confidence its QR codes or bars read upright did
 * not reach; SHORT_CHARS letters and digits at least, "Sit" read in a
 * barcode's bars upside down telling nothing; a confidence of
 * CONF_LOW at least, and at least the first reading's less SLACK; past a
 * good first reading, 4/5 of its letters and digits at least: a turn
 * that loses text is no better; past a first reading of garbage, SLACK
 * negative, CONF_TURN or a language shown: turned, the garbage beside a
 * photograph read at 45, and half its letters and digits at least: a
 * page read upside down or on its side reads as many letters as there
 * are, if wrong ones, where a turn that reads a tenth of them read a
 * line of the other direction, not the page's text), the page
 * was scanned so: its image is turned, page.K.orientation
 * gains 90 * (4 - QUADS) degrees (the turn it had as scanned), its size
 * is the turned one's, and R is the turned reading, read again as any
 * page is.  1 if turned, else 0.
 *
 * The trial reading looks for no tables (E->trial): the engine's table
 * finder, which its cancel callback cannot stop, ran 22 s on a nearly
 * empty bilevel page (a faded letter thresholded, 14 letters and 736
 * specks) turned a quarter or upside down, where it read the page as it
 * came in 0.8 s, and without tables in 0.4 s: the three turns tried took
 * 44 s of the page's 49 (bare tesseract: 1.2 s).  A turn taken is read
 * again with them (forms read worse without: funsd-lowdpi's 8 forms,
 * the engine alone, CER 0.234 with, 0.294 without).
 */
static int
turn_page(struct ocr_engine *e, struct job *job, long k, PIX *pix,
    int quads, int width, int height, int dpi, int up, int split,
    const char *hint, int slack, struct ocr_result *r, struct ocr_bufs *b)
{
	struct ocr_result second, third;
	char key[64], why[256];
	PIX *t;
	long o;
	int rc = 0, odd = quads % 2, ok;
	int tw = odd ? height : width, th = odd ? width : height;

	if ((t = pixRotateOrth(pix, quads)) == NULL)
		return 0;
	ocr_result_init(&second);
	e->trial = 1;
	ok = ocr_page(e, t, tw, th, dpi, up, split, hint, &second, why,
	    sizeof(why)) == 0;
	e->trial = 0;
	if (ok && second.side == 0 && (second.longw == 0 ||
	    second.tall * 2 < second.longw) &&
	    second.chars >= SHORT_CHARS && second.conf >= CONF_LOW &&
	    second.conf + slack >= r->conf && (slack >= 0 ?
	    second.chars * 5 >= r->chars * 4 :
	    (second.conf >= CONF_TURN || second.lang != NULL) &&
	    second.chars * 2 >= r->chars) &&
	    turn_image(job, k, quads, &b->img) == 0) {
		/* the turn taken: the page read again, tables looked for */
		ocr_result_init(&third);
		if (ocr_page(e, t, tw, th, dpi, up, split, hint, &third, why,
		    sizeof(why)) == 0 && !third.over) {
			third.runs += second.runs;
			third.cpu += second.cpu;
			result_swap(&second, &third);
		}
		ocr_result_release(&third);
		o = job_get_long(job, job_pagekey(key, sizeof(key), (int)k,
		    "orientation"), 0);
		job_setf(job, key, "%ld", (o + 90L * (4 - quads)) % 360);
		if (odd) {
			job_setf(job, job_pagekey(key, sizeof(key), (int)k,
			    "width"), "%d", height);
			job_setf(job, job_pagekey(key, sizeof(key), (int)k,
			    "height"), "%d", width);
		}
		second.runs += r->runs;
		second.cpu += r->cpu;
		result_swap(r, &second);
		rc = 1;
	}
	pixDestroy(&t);
	ocr_result_release(&second);
	return rc;
}

/* read_badly - R reads as garbage, or as next to nothing */
static int
read_badly(const struct ocr_result *r)
{
	return r->conf < CONF_TURN || r->chars < CHARS_FEW;
}

/*
 * turn_tries - the clockwise turns, in right angles, that may make page K
 * of JOB upright, read as R, to try in turn into TRIES: how many (none
 * where deskew could tell its orientation, but the turn back to the page
 * as scanned where deskew turned it and it reads as garbage).
 *
 * Tesseract reads a page turned clockwise on its side by itself (it
 * turns lines it finds vertical) and R->side says so, but the archive
 * should keep it upright.  Upside down, or turned the other way, it reads
 * garbage of low confidence (a card's copy: 32 upside down, 22 turned
 * anticlockwise, against 77 upright; with a photo, 45 upside down
 * against 91), where R->side, if any, is a guess: then each other turn
 * is tried.
 */
static int
turn_tries(struct job *job, long k, const struct ocr_result *r,
    int tries[3])
{
	char key[64];
	long o;
	int n = 0;

	/* a page stopped at its budget is not read again */
	if (r->over)
		return 0;
	if (job_get_long(job, job_pagekey(key, sizeof(key), (int)k,
	    "orientation_uncertain"), 0) != 1) {
		/*
		 * deskew turned the page from its letters' ascenders and
		 * descenders, which a table of figures does not have
		 * (leptonica's table.15: upright, turned a quarter at a
		 * confidence of 10.7, read at 34): read as garbage, it is
		 * read again as it was scanned
		 */
		o = job_get_long(job, job_pagekey(key, sizeof(key), (int)k,
		    "orientation"), 0);
		if (o % 90 == 0 && o % 360 != 0 && read_badly(r))
			tries[n++] = (int)(o / 90 % 4);
		return n;
	}
	if (r->side != 0)
		tries[n++] = 4 - r->side;	/* its words' tops up */
	else if (r->tall * 2 > r->longw && !read_badly(r)) {
		/*
		 * most of its long words higher than wide, too few of them
		 * in lines to tell which way they run (a table of dates
		 * fed sideways, each date a line of its own): a quarter
		 * turn either way, kept only where it reads as well
		 */
		tries[n++] = 1;
		tries[n++] = 3;
	}
	if (read_badly(r)) {
		tries[n++] = 2;
		if (r->side != 0)
			tries[n++] = r->side;
		else {
			tries[n++] = 1;
			tries[n++] = 3;
		}
	}
	return n;
}

/*
 * show_through - 1 if PIX, whose reading R is garbage, reads far better
 * mirrored (as ocr_page reads it, the other arguments its own, a trial
 * as turn_page's: no tables looked for): the text of the sheet's back,
 * showing through, is what deskew found on it
 */
static int
show_through(struct ocr_engine *e, PIX *pix, int width, int height, int dpi,
    int up, int split, const char *hint, const struct ocr_result *r)
{
	struct ocr_result m;
	char why[256];
	PIX *flop;
	int yes = 0;

	if ((flop = pixFlipLR(NULL, pix)) == NULL)
		return 0;
	ocr_result_init(&m);
	e->trial = 1;
	if (ocr_page(e, flop, width, height, dpi, up, split, hint, &m, why,
	    sizeof(why)) == 0)
		yes = !m.over && !read_badly(&m) && m.conf >= r->conf +
		    TURN_GAIN;
	e->trial = 0;
	ocr_result_release(&m);
	pixDestroy(&flop);
	return yes;
}

/*
 * The watchdog: tesseract's cancel callback bounds the reading of words
 * (the page's budget), but not what comes before it, the layout of the
 * page, which the engine cannot be stopped in: on a page of a fax's
 * speckle scaled to 36 million pixels, its table finder ran for over 17
 * minutes, and the night's batch with it.  Each page is given
 * OCR_WATCHDOG times its budget of processor time (and OCR_WATCHDOG_MIN
 * seconds at least) for all its readings; past it, the worker says so,
 * leaves the file WATCH_FILE in the job (durably: written and synced,
 * all async-signal-safe calls) and dies by SIGPROF.  The job is then
 * left with its attempt running (dossier-spool(5)), and the next run
 * that claims it finds the file and reads its pages as one block of
 * text (PSM 6: no columns, no tables found), which the layout cannot
 * get lost in, and sends the document to review; a job that still
 * never ends is quarantined as a poison job.  A job whose attempt ended
 * otherwise (the machine stopped, the run was killed) is read as any
 * other: nothing was wrong with it.
 */
#define WATCH_FILE		"ocr-watchdog"
#define OCR_WATCHDOG		3
#define OCR_BLOCK_DOUBT		"ocr: an earlier reading never ended (the " \
				"engine lost in the page's layout): read as " \
				"one block of text, columns and tables not " \
				"found"
#define OCR_WATCHDOG_MIN	120.0

/* what the watchdog says when it fires, and where: made when armed */
static char watch_line[200];
static size_t watch_len;
static char watch_path[PATH_MAX];

/*
 * watchdog_fired - SIGPROF: say which page and how long, on standard
 * error and into the job's WATCH_FILE, durably; and die by it
 */
static void
watchdog_fired(int sig)
{
	int fd;

	(void)!write(2, watch_line, watch_len);
	if ((fd = open(watch_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600)) >= 0) {
		(void)!write(fd, watch_line, watch_len);
		(void)fsync(fd);
		(void)close(fd);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

/*
 * watchdog - arm the watchdog for page K of JOB, of W x H pixels, with
 * E's limits ($DOSSIER_OCR_WATCHDOG seconds instead, for tests); K 0
 * disarms it
 */
static void
watchdog(const struct ocr_engine *e, const struct job *job, long k, int w,
    int h)
{
	struct itimerval it;
	const char *env = getenv("DOSSIER_OCR_WATCHDOG");
	double mpx = (double)w * h / 1e6, s;
	int n;

	memset(&it, 0, sizeof(it));
	if (k > 0) {
		if (mpx > e->lim.max_mpx)
			mpx = e->lim.max_mpx;
		s = OCR_WATCHDOG * e->lim.budget * (mpx > 3 ? mpx : 3);
		if (s < OCR_WATCHDOG_MIN)
			s = OCR_WATCHDOG_MIN;
		if (env != NULL && strtod(env, NULL) > 0)
			s = strtod(env, NULL);
		n = snprintf(watch_line, sizeof(watch_line), "dossier-ocr: "
		    "page %ld: the engine ran over %g s of processor time: "
		    "stopped; the job is read as one block of text at its "
		    "next attempt\n", k, s);
		watch_len = n < 0 ? 0 : (size_t)n < sizeof(watch_line) ?
		    (size_t)n : sizeof(watch_line) - 1;
		if (job_path(job, WATCH_FILE, watch_path,
		    sizeof(watch_path)) < 0)
			watch_path[0] = '\0';
		it.it_value.tv_sec = (time_t)s;
		it.it_value.tv_usec = (suseconds_t)((s - floor(s)) * 1e6);
		if (it.it_value.tv_sec == 0 && it.it_value.tv_usec == 0)
			it.it_value.tv_usec = 1;
		signal(SIGPROF, watchdog_fired);
	}
	(void)setitimer(ITIMER_PROF, &it, NULL);
}

/*
 * ocr_one - recognise page K of JOB from its image file IMAGE into
 * pK.txt and pK.tsv; the verdict, with the reason in ERR
 */
static enum verdict
ocr_one(struct ocr_engine *e, struct job *job, long k, const char *image,
    const char *hint, struct ocr_bufs *b, char *err, size_t errlen)
{
	struct ocr_result *r = &b->r;
	char key[64], name[32], why[256], rows[64], blocks[64], told[32];
	int dpi, width, height, up, split, e2, quads, tries[3], n, i, slack;
	long src_dpi;
	double f;
	PIX *pix;

	strbuf_reset(&b->img);
	if (job_read(job, image, OCR_IMAGE_MAX, &b->img) < 0)
		return verdict_set(verdict_errno(errno), err, errlen,
		    "page %ld: cannot read '%s': %s", k, image,
		    strerror(errno));
	errno = 0;
	pix = image_read_mem(b->img.buf, b->img.len, OCR_IMAGE_MAX, &b->raw);
	if (pix == NULL)
		return verdict_set(verdict_decode(errno), err, errlen,
		    "page %ld: cannot decode '%s'", k, image);
	dpi = (int)job_get_long(job, job_pagekey(key, sizeof(key), (int)k,
	    "dpi"), 300);
	width = (int)job_get_long(job, job_pagekey(key, sizeof(key), (int)k,
	    "width"), 0);
	height = (int)job_get_long(job, job_pagekey(key, sizeof(key), (int)k,
	    "height"), 0);
	/*
	 * a resolution deskew measured on the text: the page scaled up for
	 * its small text, or its file's tag not believed (a form of some
	 * 200 dpi tagged 600: told 230, tesseract read 480 letters of it,
	 * left to measure it, 180, and lost the table and the header).  A
	 * tag deskew believed is not told: told it, tesseract's rule and
	 * picture finders work at that resolution, not at its floor of 70
	 * dpi, and that was a wash.  A typescript of 300 dpi in two columns
	 * with two fold shadows across them read at CER 0.163 told, 0.724
	 * not (tesseract found 393 dpi and ran the columns' lines into one
	 * another), and 46 tapuscorpus pages at 0.1580 against 0.1594; but
	 * the field corpus lost 380 of 74,801 letters, among them a
	 * heading in large thin letters and a line set sideways (paperless
	 * patch-code-t.pdf), and scan400 went from 0.1104 to 0.1123.
	 */
	f = job_get_double(job, job_pagekey(key, sizeof(key), (int)k,
	    "scale"), 1.0);
	src_dpi = job_get_long(job, job_pagekey(key, sizeof(key), (int)k,
	    "dpi_source"), 0);
	up = f > 1.0 || (src_dpi > 0 && labs(lround(src_dpi * f) - dpi) > 1);
	/*
	 * and a page in columns, which deskew parted by a rule down each
	 * gutter (deskew.c, columns): left to measure the resolution, the
	 * engine finds columns as at its floor of 70 dpi, and read two
	 * pages scanned side by side line across line, rule or none (an
	 * open booklet's spread: CER 0.64; told, with the rule, 0.10)
	 */
	if (job_get_long(job, job_pagekey(key, sizeof(key), (int)k,
	    "columns"), 1) > 1)
		up = 1;
	/* where deskew split this page's ink from its paper */
	split = (int)job_get_long(job, job_pagekey(key, sizeof(key), (int)k,
	    "threshold"), 0);
	/* a dot-matrix print deskew would have found blank */
	e->dotted = job_get_long(job, job_pagekey(key, sizeof(key), (int)k,
	    "dotted"), 0) == 1;
	/* the page's readings, whatever they are, under its watchdog */
	watchdog(e, job, k, width, height);
	errno = 0;
	if (ocr_page(e, pix, width, height, dpi, up, split, hint, r, why,
	    sizeof(why)) < 0) {
		e2 = errno;
		pixDestroy(&pix);
		return verdict_set(verdict_decode(e2), err, errlen,
		    "page %ld: %s", k, why);
	}
	/*
	 * a page read well on its side: the turned reading need only be as
	 * good; a page read as garbage: far better
	 */
	n = turn_tries(job, k, r, tries);
	slack = read_badly(r) ? -TURN_GAIN : SIDE_SLACK;
	for (i = 0, quads = 0; i < n && quads == 0; i++)
		if (turn_page(e, job, k, pix, tries[i], width, height, dpi, up,
		    split, hint, slack, r, b) == 1)
			quads = tries[i];
	/*
	 * marks deskew found only as faint ink, read as garbage: the back
	 * of the sheet, showing through, mirrored?  Then this side holds
	 * no text: blank, as deskew finds blurred show-through
	 */
	if (quads == 0 && !r->over && read_badly(r) &&
	    job_get_long(job, job_pagekey(key, sizeof(key), (int)k,
	    "text_faint"), 0) == 1 && show_through(e, pix, width, height,
	    dpi, up, split, hint, r)) {
		pixDestroy(&pix);
		job_set(job, job_pagekey(key, sizeof(key), (int)k, "blank"),
		    "1");
		msg_info("page %ld: the text of the sheet's back showing "
		    "through (read mirrored): blank", k);
		return VERDICT_OK;
	}
	pixDestroy(&pix);
	snprintf(name, sizeof(name), "p%04ld.txt", k);
	if (job_write(job, name, r->text.buf, r->text.len) < 0)
		goto temp;
	job_set(job, job_pagekey(key, sizeof(key), (int)k, "text"), name);
	snprintf(name, sizeof(name), "p%04ld.tsv", k);
	if (job_write(job, name, r->words.buf, r->words.len) < 0)
		goto temp;
	job_set(job, job_pagekey(key, sizeof(key), (int)k, "words"), name);
	job_setf(job, job_pagekey(key, sizeof(key), (int)k, "ocr_conf"), "%d",
	    r->conf);
	/*
	 * the page's language by the rule that gives the document's
	 * (textnorm_lang), not tesseract's: read in one language, a page
	 * still shows its own by its stop words
	 */
	if (r->lang != NULL)
		job_set(job, job_pagekey(key, sizeof(key), (int)k, "lang"),
		    r->lang);
	doubt(r, job, k);
	if (r->doubt[0] != '\0') {
		msg_warn("%s", r->doubt);
		job_set(job, job_pagekey(key, sizeof(key), (int)k,
		    "ocr_doubt"), r->doubt);
	}
	if (e->told > 0)
		snprintf(told, sizeof(told), "told %d dpi", e->told);
	else
		snprintf(told, sizeof(told), "dpi measured by the engine");
	msg_info("page %ld: %zu bytes of text, confidence %d, language %s "
	    "(read as %s, %s%s%s%d run%s%s%s%s%s%s, %.1f s of %.0f s, scale %.2f, "
	    "%s, ink %ld, dots %ld in %ld letters, %ld characters)", k,
	    r->text.len, r->conf,
	    r->lang != NULL ? r->lang : "none", r->model, quads == 0 ? "" :
	    quads == 2 ? "upside down: turned, " : "on its side: turned, ",
	    r->probed ?
	    "probed, " : "", r->unshown ? "no language shown: read in the "
	    "first, " : "", r->runs, r->runs == 1 ? "" : "s", r->invert ?
	    ", dark area: lines tried inverted" : "", r->resplit == 3 ?
	    ", lines lost: read again split at the text's level" :
	    r->resplit == 2 ? ", lines lost: read again with the sheet's "
	    "surround white" : r->resplit == 1 ? ", lines lost: read again, "
	    "first reading kept" : "", r->joined == 2 ? ", dot-matrix "
	    "print: read with its dots joined" : r->joined == 1 ? ", dots "
	    "joined: first reading kept" : "", counted(rows, sizeof(rows),
	    r->rescued, "row", " of letters lost: read alone"),
	    counted(blocks, sizeof(blocks), r->upturned, "block",
	    " read upside down: turned"), r->cpu,
	    r->budget, r->scale, told, r->ink, r->dots, r->dot_letters,
	    r->chars);
	return VERDICT_OK;
temp:
	return verdict_set(VERDICT_TEMP, err, errlen, "cannot write '%s': %s",
	    name, strerror(errno));
}

/* what ocr_page_fn needs besides the job: the job's reading so far */
struct reading {
	struct ocr_engine *e;
	struct ocr_bufs b;
	const char *hint;		/* the language of the page before */
	int	 block;			/* read as one block of text */
};

/* ocr_page_fn - stage_pages' work: page K of JOB read by ARG's engine */
static enum verdict
ocr_page_fn(void *arg, struct job *job, long k, char *err, size_t errlen)
{
	struct reading *pg = arg;
	char key[64];
	const char *image;
	enum verdict v;

	if (job_get_long(job, job_pagekey(key, sizeof(key), (int)k,
	    "blank"), 0) == 1)
		return VERDICT_OK;	/* kept for the audit trail, not read */
	/* deskew's grey page for OCR if it left one, else the clean one */
	image = job_get(job, job_pagekey(key, sizeof(key), (int)k,
	    "ocr_image"));
	if (image == NULL || *image == '\0')
		image = job_get(job, job_pagekey(key, sizeof(key), (int)k,
		    "image"));
	if (image == NULL || !job_id_valid(image))
		return verdict_set(VERDICT_PERM, err, errlen, "page %ld: "
		    "no cleaned image in the job", k);
	v = ocr_one(pg->e, job, k, image, pg->hint, &pg->b, err, errlen);
	watchdog(NULL, job, 0, 0, 0);
	if (v == VERDICT_OK && pg->block && job_get_long(job,
	    job_pagekey(key, sizeof(key), (int)k, "blank"), 0) != 1 &&
	    job_get(job, job_pagekey(key, sizeof(key), (int)k,
	    "ocr_doubt")) == NULL)
		job_set(job, key, OCR_BLOCK_DOUBT);
	/* the next page is first read in this one's language */
	if (v == VERDICT_OK && pg->b.r.lang != NULL)
		pg->hint = pg->b.r.lang;
	return v;
}

/*
 * review_reason - the job's review_reason from its pages' doubts (as
 * they were read in turn, wherever they were read): the first, but an
 * unread cover sheet's over any other (a page read badly is a person's
 * work either way, pages filed to the wrong household are the worst
 * harm); a reason an earlier stage gave stays unless a cover sheet's
 */
static void
review_reason(struct job *job, long pages)
{
	char key[64];
	const char *d, *prev = job_get(job, "review_reason");
	long k;

	for (k = 1; k <= pages; k++) {
		d = job_get(job, job_pagekey(key, sizeof(key), (int)k,
		    "ocr_doubt"));
		if (d == NULL || *d == '\0')
			continue;
		if (prev == NULL || (strstr(d, COVER_DOUBT) != NULL &&
		    strstr(prev, COVER_DOUBT) == NULL)) {
			job_set(job, "review_reason", d);
			prev = job_get(job, "review_reason");
		}
	}
}

enum verdict
ocr_job(struct ocr_engine *e, struct job *job, char *err, size_t errlen)
{
	struct reading pg;
	char path[PATH_MAX];
	long pages = job_get_long(job, "pages", 0);
	enum verdict v;

	if (pages < 1 || pages > IMAGE_MAX_PAGES)
		return verdict_set(VERDICT_PERM, err, errlen,
		    "job meta: bad page count");
	memset(&pg, 0, sizeof(pg));
	pg.e = e;
	strbuf_init(&pg.b.img);
	strbuf_init(&pg.b.raw);
	ocr_result_init(&pg.b.r);
	/* an earlier reading was stopped by the watchdog: one block a page */
	path[0] = '\0';
	if (job_path(job, WATCH_FILE, path, sizeof(path)) == 0 &&
	    access(path, F_OK) == 0) {
		pg.block = 1;
		msg_warn("an earlier reading of this job never ended: its "
		    "pages are read as one block of text");
	}
	if (e != NULL)		/* NULL: no engine (unit tests' failing jobs) */
		e->block = pg.block;
	v = stage_pages(job, pages, ocr_page_fn, &pg, err, errlen);
	if (v == VERDICT_OK)
		review_reason(job, pages);
	/* read: the mark of the stopped reading goes (the meta says it) */
	if (v == VERDICT_OK && pg.block && unlink(path) < 0 &&
	    errno != ENOENT)
		msg_warn("cannot remove '%s': %s", path, strerror(errno));
	strbuf_release(&pg.b.img);
	strbuf_release(&pg.b.raw);
	ocr_result_release(&pg.b.r);
	return v;
}
