/*
 * stage - the common main loop of the five queue stages
 *
 * A stage program fills a struct stage_def with its name, its own options
 * (a table of struct stage_option) and callbacks, and returns what
 * stage_main() returns.  stage_main parses the common options and the
 * stage's own, opens the spool, recovers the jobs of dead workers, forks
 * up to -j N workers (one more whenever the jobs waiting outnumber them)
 * that claim jobs from STAGE/new/, calls process() on each, and by its
 * verdict (verdict.h) hands the job on to the next stage (or,
 * for the last stage, removes it), quarantines it, or gives it back and
 * stops.  When stdin is a pipe, the job ids read from it wake the workers
 * until end of input.  The ids handed on are printed on stdout, one per
 * line.  Nothing here exits: every failure becomes the exit status that
 * stage_main returns to main().
 */
#ifndef DOSSIER_STAGE_H
#define DOSSIER_STAGE_H

#include <getopt.h>
#include <stddef.h>

#include "job.h"
#include "spool.h"
#include "strbuf.h"
#include "verdict.h"

/* the common options, as parsed */
struct stage_opts {
	const char *spool;	/* -s, $DOSSIER_SPOOL, ./spool */
	const char *archive;	/* -a, $DOSSIER_ARCHIVE, ./dossier.db */
	int	 jobs;		/* -j N workers */
	int	 check;		/* -n: check configuration and exit */
	const char *one_job;	/* --job ID: process this job only */
};

extern struct stage_opts stage_opt;

/* the types of value a stage's own option sets */
enum stage_opt_type {
	STAGE_OPT_STRING,	/* const char *: the argument as given */
	STAGE_OPT_LONG,		/* long, a decimal integer in [min, max] */
	STAGE_OPT_DOUBLE	/* double, a decimal number in [min, max] */
};

/*
 * stage_option - one option of a stage's own, which takes an argument:
 * stage_main() parses it into *VAR and shows it in usage as "[-c arg]",
 * or "[--name arg]" when it has no letter
 */
struct stage_option {
	int	 ch;			/* the option letter, or 0 */
	const char *name;		/* the long option, or NULL */
	const char *arg;		/* the argument's name in usage */
	enum stage_opt_type type;
	void	*var;			/* const char **, long * or double * */
	double	 min, max;		/* numbers: the range allowed */
	const char *chars;		/* strings: the bytes allowed (not
					   empty), or NULL: any */
	const char *why;		/* the message for a refused value,
					   or NULL: the usage alone */
};

struct stage_def {
	const char *name;		/* stage name, e.g. "ocr" */
	const struct stage_option *opts; /* its own options, ending with
					   a zero entry; or NULL */
	const char *synopsis;		/* with no OPTS: the stage's own
					   options for usage */
	const char *const *usage_more;	/* other forms of the command, NULL-
					   terminated, e.g. "--train [...]" */
	/* with no OPTS, the stage's own options by hand: */
	const char *optstring;		/* its extra short options */
	const struct option *longopts;	/* its extra long options, or NULL */
	/* option - one stage option; 0 ok, -1 usage error */
	int	(*option)(int ch, const char *arg);
	/* setup - in the parent after option parsing; returns an exit code */
	int	(*setup)(void);
	/* check - for -n: report the configuration; returns an exit code */
	int	(*check)(void);
	/* worker_init - per worker process (e.g. start the OCR engine) */
	int	(*worker_init)(void **ctx, char *err, size_t errlen);
	/* process - one claimed job; may set meta keys, saved on OK */
	enum verdict (*process)(void *ctx, struct job *job, char *err,
		    size_t errlen);
	void	(*worker_fini)(void *ctx);
	/*
	 * settings - append the stage's own settings to SB as db_kv()
	 * words (engine and model versions, digests, the options that
	 * change the output), for the job's settings.STAGE key after
	 * "version=V" (dossier-spool(5)); or NULL: the version alone
	 */
	void	(*settings)(void *ctx, struct strbuf *sb);
	/* after - in the parent when all workers are done; an exit code */
	int	(*after)(struct spool *sp, int status);
};

/*
 * stage_main - run the stage: parse the common options and the stage's
 * own, then setup(), then -n's check() or the job loop.  Returns the
 * process exit status; never exits (main() returns what it returns).
 */
int	stage_main(const struct stage_def *, int argc, char **argv);

/*
 * stage_opt_set - parse ARG into O->var by O's type and range; 0, or -1
 * if ARG is refused (*O->var is then unspecified)
 */
int	stage_opt_set(const struct stage_option *o, const char *arg);

/*
 * stage_command - the prologue of a command that is not a stage
 * (dossier-registry, dossier-report, dossier-coversheet): umask 077,
 * descriptors 0-2 open, default paths into stage_opt, then the options
 * -a archive, -q, -v, -h/--help and --version, and the command's own:
 * the letters of MORE (getopt syntax; a letter of MORE replaces the
 * common one) and the long options MORELONG (NULL or ending with a zero
 * entry), each passed to OPT(ch, optarg, ARG), which returns 0, or -1
 * for a usage error.  USAGE is the text after the program's name in
 * "usage: PROG USAGE" (NULL: the caller prints its usage itself).
 * Returns -1 to go on with ARGV[optind...], or the exit status the
 * command must end with now (usage error, --help, --version).
 */
int	stage_command(int argc, char **argv, const char *usage,
	    const char *more, const struct option *morelong,
	    int (*opt)(int ch, const char *arg, void *varg), void *arg);
/*
 * stage_page_fn - the work on page K of JOB (ARG: the stage's own), which
 * sets page K's meta keys and writes page K's files; its verdict, with
 * the reason in ERR
 */
typedef enum verdict stage_page_fn(void *arg, struct job *job, long k,
    char *err, size_t errlen);
/*
 * stage_pages - FN on pages 1..PAGES of JOB, for a stage whose pages are
 * worked on each on its own (deskew, OCR): in turn, or, when the stage
 * runs with -j 2 or more, no other job waits and slots are free, by the
 * worker and helpers at once (pages.c), the meta then merged as the pages
 * in turn would have set it.  The verdict of the first page that failed
 * (no page after it is begun), or VERDICT_OK.
 */
enum verdict stage_pages(struct job *job, long pages, stage_page_fn *fn,
	    void *arg, char *err, size_t errlen);
/* stage_pages_in_turn - stage_pages, one page after the other */
enum verdict stage_pages_in_turn(struct job *job, long pages,
	    stage_page_fn *fn, void *arg, char *err, size_t errlen);
/* stage_default_paths - fill spool/archive defaults from the environment */
void	stage_default_paths(const char **spool, const char **archive);
/* stage_parse_jobs - parse -j N (1..64); -1 if invalid */
int	stage_parse_jobs(const char *arg);
/* stage_fds_open - make sure descriptors 0, 1 and 2 are open */
void	stage_fds_open(void);
/* stage_version - print "PROG (dossier) VERSION" */
void	stage_version(void);
/*
 * stage_progress - "\rPROG: DONE/TOTAL pages, RATE/s, ETA" on a tty;
 * PARTIAL: the pages of DONE that are of jobs still in the stage
 */
void	stage_progress(long done, long partial, long total, double started,
	    int final);
/*
 * stage_max_attempts - how many times in a row a job may fail the same
 * way at a stage (the stage dies while working on it, or gives it back
 * with the same TEMP reason) before it is quarantined as a poison job:
 * $DOSSIER_MAX_ATTEMPTS (1 to 1000), else 3
 */
int	stage_max_attempts(void);
/* stage_now - seconds since the epoch, as a double */
double	stage_now(void);

#define DOSSIER_VERSION "0.1.0"

#endif
