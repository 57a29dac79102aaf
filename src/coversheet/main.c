/*
 * dossier-coversheet - print cover sheets, or read them back (SPEC §4)
 *
 * usage: dossier-coversheet [-qv] [-a archive] [-o file] [-T format] ref...
 *        dossier-coversheet [-qv] -a archive [-o file] [-T format] --all
 *        dossier-coversheet [-qv] -r file...
 *
 * One sheet per reference (with -a, the household's address on it; with
 * --all, one per household of the archive) as PDF, PNG or TIFF; with -r,
 * the references of the cover sheets found in image files.  See
 * dossier-coversheet(1).
 */
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <leptonica/allheaders.h>

#include "cover.h"
#include "coversheet.h"
#include "db.h"
#include "exitcode.h"
#include "image.h"
#include "msg.h"
#include "stage.h"
#include "xalloc.h"

#define PROG	"dossier-coversheet"

static const char *const usage_lines[] = {
	"[-qv] [-a archive] [-o file] [-T format] ref...",
	"[-qv] -a archive [-o file] [-T format] --all",
	"[-qv] -r file...",
	NULL
};

/* usage - the usage lines on stderr, with WHY first; returns EXIT_USAGE */
static int
usage(const char *why)
{
	int i;

	if (why != NULL)
		fprintf(stderr, "%s: %s\n", PROG, why);
	for (i = 0; usage_lines[i] != NULL; i++)
		fprintf(stderr, "%s %s %s\n", i == 0 ? "usage:" : "      ",
		    PROG, usage_lines[i]);
	return EXIT_USAGE;
}

/*
 * read_file - print "PATH<tab>PAGE<tab>REF" for each cover sheet among
 * the pages of the image file PATH; 0, or -1 (reported) if the file or
 * a page could not be read
 */
static int
read_file(const char *path)
{
	struct mapped m;
	const char *media;
	char err[512], ref[COVER_REF_MAX + 1];
	int pages, page, rc = 0, r;
	PIX *pix;

	if (image_map(path, (size_t)-1 / 2, &m) < 0) {
		msg_error("cannot read '%s': %s", path, strerror(errno));
		return -1;
	}
	if ((media = image_media_type(m.data, m.size)) == NULL) {
		msg_error("'%s': not an image file this program reads", path);
		image_unmap(&m);
		return -1;
	}
	if (image_probe(m.data, m.size, media, IMAGE_MAX_PIXELS, &pages, err,
	    sizeof(err)) < 0) {
		msg_error("'%s': %s", path, err);
		image_unmap(&m);
		return -1;
	}
	for (page = 1; page <= pages; page++) {
		pix = image_read_page(m.data, m.size, media, page,
		    IMAGE_MAX_PIXELS, IMAGE_READ_GREY, err, sizeof(err));
		r = pix != NULL ? cover_find(pix, ref, sizeof(ref), err,
		    sizeof(err)) : -1;
		pixDestroy(&pix);
		if (r < 0) {
			msg_error("'%s': page %d: %s", path, page, err);
			rc = -1;
		} else if (r > 0)
			printf("%s\t%d\t%s\n", path, page, ref);
		else
			msg_info("'%s': page %d: not a cover sheet", path,
			    page);
	}
	image_unmap(&m);
	return rc;
}

/* read_files - -r: read_file on each of FILES (N); the exit status */
static int
read_files(char **files, int n)
{
	int i, failed = 0;

	image_quiet();
	for (i = 0; i < n; i++)
		if (read_file(files[i]) < 0)
			failed++;
	if (fflush(stdout) != 0) {
		msg_error("cannot write the standard output");
		return EXIT_ENV;
	}
	return failed > 0 ? EXIT_QUARANTINE : EXIT_DONE;
}

/*
 * print_sheets - one sheet for each of REFS (N) with ADDRESSES (N, or
 * NULL) into OUT; the number of references refused, or -1 (reported)
 */
static int
print_sheets(struct sheet_out *out, char **refs, char **addresses, size_t n)
{
	char err[512];
	size_t i;
	int refused = 0;
	PIX *pix;

	for (i = 0; i < n; i++) {
		if (!cover_ref_valid(refs[i])) {
			msg_error("household '%s': not a valid cover-sheet "
			    "reference (1 to %d of A-Z a-z 0-9 . _ / -)",
			    refs[i], COVER_REF_MAX);
			refused++;
			continue;
		}
		pix = sheet_render(refs[i], addresses != NULL ?
		    addresses[i] : NULL, err, sizeof(err));
		if (pix == NULL || sheet_out_add(out, pix, err,
		    sizeof(err)) < 0) {
			pixDestroy(&pix);
			msg_error("%s", err);
			return -1;
		}
		pixDestroy(&pix);
		msg_info("sheet for '%s'", refs[i]);
	}
	return refused;
}

/*
 * lookup - the address of each of REFS (N) from DB into ADDRESSES; a
 * reference the registry does not know is reported, counted in *REFUSED
 * and freed (NULL in REFS).  0, or -1 (reported) if DB failed.
 */
static int
lookup(struct db *db, char **refs, char **addresses, size_t n,
    int *refused)
{
	char err[512];
	size_t i;
	int r;

	for (i = 0; i < n; i++) {
		if ((r = sheet_address(db, refs[i], &addresses[i], err,
		    sizeof(err))) < 0) {
			msg_error("%s", err);
			return -1;
		}
		if (r == 0) {
			msg_error("no household '%s' in the registry of '%s'",
			    refs[i], db->path);
			free(refs[i]);
			refs[i] = NULL;
			(*refused)++;
		}
	}
	return 0;
}

/* the command's own options, as stage_command() hands them */
struct cs_opts {
	const char *archive, *path, *type;
	int	 all, readback;
};

static int
cs_option(int ch, const char *arg, void *varg)
{
	struct cs_opts *o = varg;

	switch (ch) {
	case 'a':
		o->archive = arg;	/* only when given: no $DOSSIER_ARCHIVE */
		return 0;
	case 'A':
		o->all = 1;
		return 0;
	case 'o':
		o->path = arg;
		return 0;
	case 'r':
		o->readback = 1;
		return 0;
	case 'T':
		o->type = arg;
		return 0;
	}
	return -1;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "all", no_argument, NULL, 'A' },
		{ NULL, 0, NULL, 0 }
	};
	struct cs_opts o = { NULL, NULL, NULL, 0, 0 };
	const char *archive, *path, *type;
	char **refs = NULL, **addresses = NULL, err[512];
	int all, readback, format, refused = 0, rc;
	size_t n = 0, i, k;
	struct sheet_out out;
	struct db db;

	msg_progname = PROG;
	if ((rc = stage_command(argc, argv, NULL, "a:o:rT:",
	    longopts, cs_option, &o)) >= 0)
		return rc == EXIT_USAGE ? usage(NULL) : rc;
	archive = o.archive;
	path = o.path;
	type = o.type;
	all = o.all;
	readback = o.readback;
	argc -= optind;
	argv += optind;
	if (readback) {
		if (all || archive != NULL || path != NULL || type != NULL)
			return usage("-r takes only files");
		if (argc == 0)
			return usage("no file to read");
		return read_files(argv, argc);
	}
	if (all && archive == NULL)
		return usage("--all needs the archive: -a archive");
	if (all && argc > 0)
		return usage("--all or references, not both");
	if (!all && argc == 0)
		return usage("no reference");
	for (i = 0; i < (size_t)argc; i++)
		if (!cover_ref_valid(argv[i])) {
			msg_error("'%s' is not a valid reference (1 to %d of "
			    "A-Z a-z 0-9 . _ / -)", argv[i], COVER_REF_MAX);
			return usage(NULL);
		}
	format = type != NULL ? sheet_format_name(type) : path != NULL ?
	    sheet_format_path(path) : SHEET_PDF;
	if (format < 0 && type != NULL)
		return usage("-T: the format is pdf, png or tiff");
	if (format < 0)
		return usage("cannot tell the format by the name of the "
		    "file: give -T pdf, png or tiff");
	if (path == NULL && isatty(1))
		return usage("will not write an image to a terminal: give "
		    "-o file");

	if (archive != NULL && db_open(&db, archive, DB_READONLY, err,
	    sizeof(err)) < 0) {
		msg_error("%s", err);
		return EXIT_ENV;
	}
	if (all) {
		if (sheet_all(&db, &refs, &addresses, &n, err,
		    sizeof(err)) < 0) {
			msg_error("%s", err);
			db_close(&db);
			return EXIT_ENV;
		}
		if (n == 0)
			msg_warn("no household in the registry of '%s'",
			    archive);
	} else {
		n = (size_t)argc;
		refs = xcalloc(n, sizeof(*refs));
		addresses = xcalloc(n, sizeof(*addresses));
		for (i = 0; i < n; i++)
			refs[i] = xstrdup(argv[i]);
		if (archive != NULL &&
		    lookup(&db, refs, addresses, n, &refused) < 0) {
			db_close(&db);
			sheet_all_free(refs, addresses, n);
			return EXIT_ENV;
		}
		/* the references the registry refused go */
		for (i = k = 0; i < n; i++)
			if (refs[i] != NULL) {
				refs[k] = refs[i];
				addresses[k++] = addresses[i];
			} else
				free(addresses[i]);
		n = k;
	}
	if (archive != NULL)
		db_close(&db);
	if (format == SHEET_PNG && path == NULL && n > 1) {
		sheet_all_free(refs, addresses, n);
		return usage("several PNG sheets need -o file");
	}

	if (sheet_out_open(&out, format, path, (int)n, err,
	    sizeof(err)) < 0) {
		msg_error("%s", err);
		sheet_all_free(refs, addresses, n);
		return EXIT_ENV;
	}
	if ((rc = print_sheets(&out, refs, addresses, n)) < 0)
		sheet_out_close(&out, 1, err, sizeof(err));
	else if (sheet_out_close(&out, 0, err, sizeof(err)) < 0) {
		msg_error("%s", err);
		rc = -1;
	} else
		refused += rc;
	sheet_all_free(refs, addresses, n);
	if (rc < 0)
		return EXIT_ENV;
	return refused > 0 ? EXIT_QUARANTINE : EXIT_DONE;
}
