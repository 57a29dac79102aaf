/*
 * ocr.h - dossier-ocr's transform: the text of a cleaned page
 *
 * One tesseract engine per language, started when a page first needs it
 * (so a worker of a French office never loads Dutch).  A page is read in
 * the language of its job's previous page; a job's first page in the
 * language the worker last found, or, while the language changes from
 * job to job, in the one a band of the page shows.  It is read again in
 * the language its text then shows, if that is another configured one:
 * the language costs nothing while it stays the same.
 */
#ifndef DOSSIER_OCR_H
#define DOSSIER_OCR_H

#include <stddef.h>

#include "job.h"
#include "strbuf.h"
#include "verdict.h"

struct Pix;
struct Boxa;
struct ocr_engine;
struct ocr_block;

#define OCR_LANGS_MAX	8	/* languages in -l */
#define OCR_MAX_MPX	36.0	/* default --max-mpx: A3 at 500 dpi */
#define OCR_BUDGET	10.0	/* default --budget: s per million pixels */
#define OCR_BUDGET_MIN	30.0	/* a page's budget is never less, but for
				   a budget option below 1 s (tests) */
#define OCR_DPI_MAX	400	/* a page of more dots per inch is read... */
#define OCR_DPI		300	/* ...at this resolution */
#define OCR_MODEL_MAX	(512UL * 1024 * 1024)	/* a traineddata file */

/* the limits of one page's work */
struct ocr_limits {
	double	 max_mpx;	/* pixels handed to the engine, millions */
	double	 budget;	/* processor seconds per million pixels */
};

/* what ocr_page() found on one page */
struct ocr_result {
	struct strbuf text;	/* UTF-8 text */
	struct strbuf words;	/* the words, dossier-archive(5) page.words */
	int	 conf;		/* mean word confidence 0..100 */
	const char *lang;	/* textnorm_lang() of the text, or NULL: none */
	const char *model;	/* the language model that read it */
	int	 runs;		/* engine runs (2: read again in the
				   language found) */
	int	 probed;	/* 1: a band was read first for the language */
	int	 unshown;	/* 1: the text showed no language, read
				   again in the first of the languages */
	int	 over;		/* 1: stopped at the budget, text partial */
	int	 invert;	/* 1: lines of low confidence were also tried
				   inverted (a solid dark area on the page) */
	int	 resplit;	/* 1: lines lost, read again, the first
				   reading kept; 2: the reading with the
				   sheet's surround white kept; 3: the one
				   split at deskew's level */
	double	 budget;	/* the page's budget, processor seconds */
	double	 cpu;		/* processor seconds spent */
	double	 scale;		/* the image handed to the engine / PIX */
	double	 mpx;		/* its millions of pixels */
	long	 ink;		/* connected components of character size */
	long	 dots;		/* marks of a printer's dot's size in the
				   words sampled (dot_joined)... */
	long	 dot_letters;	/* ...and the letters read in them */
	int	 rescued;	/* rows of letters the reading lost, read
				   alone and put in (rescue) */
	int	 joined;	/* 1: dots of a dot-matrix print joined and
				   read again, the first reading kept; 2:
				   the joined reading kept */
	long	 chars;		/* letters and digits read */
	int	 side;		/* where the top of the words points, read
				   on their side: 1 right, 3 left (2/3 of
				   the words of 4 letters or more higher
				   than wide, in lines running down or up
				   the page); else 0 */
	long	 longw;		/* words of 4 letters or more read... */
	long	 tall;		/* ...and of those, higher than wide */
	struct Boxa *figs;	/* the blocks the engine took for pictures,
				   in its pixels (NULL: none) */
	struct ocr_block *blocks; /* the blocks of text read, in the
				   order of the text (NULL: none)... */
	int	 nblocks;	/* ...how many */
	int	 good;		/* 1: some block of text read well */
	int	 upturned;	/* parts read upside down, read again
				   turned and put in (upturn) */
	char	 doubt[160];	/* why a person should look, or "" */
	int	 cover;		/* 1: the doubt is a cover sheet unread */
};

void	ocr_result_init(struct ocr_result *);
void	ocr_result_release(struct ocr_result *);

/*
 * ocr_engine_new - the engines for LANGS, a '+' separated list of
 * traineddata names (e.g. "fra+nld+eng+deu") from DATAPATH (NULL: the
 * default), within the limits LIM.  The first page is read first in
 * GUESS, if it is one of LANGS (the language a worker found last, kept
 * in the spool), else in the first of LANGS.  Starts that language's
 * engine and checks that the others' traineddata exist; NULL with the
 * reason in ERR.
 */
struct ocr_engine *ocr_engine_new(const char *datapath, const char *langs,
	    const char *guess, const struct ocr_limits *lim, char *err,
	    size_t errlen);
/*
 * ocr_engine_last - the language the engine found last (the one a job's
 * first page is read in next), the guess it was started with before any,
 * or NULL; the string belongs to the engine
 */
const char *ocr_engine_last(const struct ocr_engine *);
void	ocr_engine_free(struct ocr_engine *);

/*
 * ocr_engine_settings - append to SB the engine's settings as db_kv()
 * words, for settings.ocr (dossier-spool(5)): tesseract=VERSION,
 * langs=L1+L2..., model.L=SHA256 of each language's traineddata ("-":
 * unreadable), psm, max_mpx, budget, dpi_max, dpi, invert (dark: lines
 * tried inverted on pages with a dark area only), resplit (lost: a grey
 * page read again where lines were lost, with its dark surround white or
 * split at deskew's level) and omp_threads (the OMP_THREAD_LIMIT it runs
 * with).  The model files are read the first time only.
 */
void	ocr_engine_settings(struct ocr_engine *, struct strbuf *sb);
/*
 * ocr_one_thread - one OpenMP thread in each of tesseract's parallel
 * regions: on two cores its own threads made it some 5 times slower than
 * one thread per worker, the workers being the stage's parallelism.
 * Called by main() before any engine starts; libgomp's thread limit
 * (OMP_THREAD_LIMIT) is read only when it is loaded, but its maximum of
 * active parallel levels, set to 0 here, makes every region one thread
 * (the regions libtesseract starts run by omp.c's entry points, not
 * libgomp's: this holds for any it might start by others).
 */
void	ocr_one_thread(void);
/* ocr_omp_threads - the most threads a parallel region of tesseract gets */
int	ocr_omp_threads(void);
/*
 * The engine's parallel regions (omp.c): this program defines the
 * OpenMP entry points libtesseract calls, so that a region is a call of
 * its body by the thread that meets it, without libgomp's team and the
 * futex system call that ends each; ocr_omp_regions, how many ran so.
 */
long	ocr_omp_regions(void);

/*
 * The engine's line images (linepng.c): tesseract makes a PNG in memory of
 * each line it reads and decodes it at once.  ocr_lines_init finds
 * libpng's own png_set_compression_level, which this program's replaces
 * (0, or -1 where it cannot: the PNGs are then as libpng makes them);
 * while ocr_lines_stored(1), a PNG leptonica writes is stored, its rows
 * unfiltered and not compressed; ocr_lines_count, how many were so far.
 */
int	ocr_lines_init(void);
void	ocr_lines_stored(int on);
long	ocr_lines_count(void);

/*
 * The universal ambiguities of an engine (ambigs.c): tesseract loads a
 * table of them into every engine it starts, which only its legacy
 * engine reads.  While ocr_ambigs_skip(1), an engine starts without it;
 * ocr_ambigs_skipped, how many tables were left out so far (0 where this
 * program's function is not the one tesseract calls).
 */
void	ocr_ambigs_skip(int on);
long	ocr_ambigs_skipped(void);

/*
 * ocr_engine_datapath - the folder the engine reads its traineddata from
 * (as tesseract resolved it for the language started first), or NULL;
 * the string belongs to the engine
 */
const char *ocr_engine_datapath(const struct ocr_engine *);

/*
 * ocr_engine_load - start every language's engine now (for -n); 0, or -1
 * with the reason in ERR
 */
int	ocr_engine_load(struct ocr_engine *, char *err, size_t errlen);

/*
 * ocr_page - recognise PIX, a page WIDTH x HEIGHT pixels in the archive
 * (word boxes are given in those pixels; 0: PIX's own) at DPI dots per
 * inch (told to the engine if TELL, else it measures the text; DPI
 * decides the reduction and the size of a character's ink), first in the
 * language HINT (NULL or not configured: the one the
 * engine last found) within the budget, into R (reset first).  SPLIT:
 * the grey level deskew split this page's ink from its paper at (0:
 * none), where a grey page is read again if the engine's own split lost
 * lines (R->resplit).  0, or -1 with the reason in ERR (errno as the
 * engine left it).  A page over its budget is no failure: R->over is set
 * and R->doubt says so.
 */
int	ocr_page(struct ocr_engine *, struct Pix *pix, int width, int height,
	    int dpi, int tell, int split, const char *hint,
	    struct ocr_result *r, char *err, size_t errlen);

/*
 * ocr_job - recognise every page of JOB that is not blank (its
 * page.K.ocr_image, else page.K.image) with the engine E: writes pK.txt
 * and pK.tsv and sets page.K.text, page.K.words, page.K.ocr_conf and,
 * for a page with words, page.K.lang: the language of its text by textnorm_lang() ("fra", "nld",
 * "eng", "deu", "und"), the rule that classify applies to the whole
 * document.  A page over its budget, or whose text is implausible for
 * its ink, sets review_reason: the document goes to a person.
 * VERDICT_PERM for a page that cannot be read or recognised,
 * VERDICT_TEMP for an environment failure (verdict_errno,
 * verdict_decode), with the reason in ERR.
 */
enum verdict ocr_job(struct ocr_engine *e, struct job *job, char *err,
	    size_t errlen);

#endif
