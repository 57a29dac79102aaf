/*
 * dossier-classify - give each document a class from the tagset's rules
 * and the model learnt from the archive
 *
 * Loads the tagset and the model once, then lets stage_main() run the job
 * loop: each job of classify/new gets the meta keys class, class_score,
 * class_rules and lang (class_model with a model, review_reason when the
 * score is low) and goes on to tag.  With --train it learns the model from
 * the archive instead.  See dossier-classify(1).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "exitcode.h"
#include "msg.h"
#include "stage.h"
#include "xalloc.h"

static const char *topt;			/* -t */
static const char *mopt;			/* -m */
static double review = CLASSIFY_REVIEW_BELOW;	/* -r */

static const char *const classify_usage_more[] = {
	"-n [-m model] tagset",
	"--train [-qv] [-a archive] [-k folds] [-o model] [-t tagset]",
	NULL
};

static int
setup(void)
{
	return classify_setup(topt, mopt, stage_opt.archive, review);
}

/*
 * argv_fix - ARGV with "-n ... FILE" (a tagset given as the last argument
 * with -n) rewritten as "-n ... -t FILE": a new array (never freed) with
 * *ARGC updated, or ARGV itself when there is nothing to do
 */
static char **
argv_fix(int *argc, char **argv)
{
	const char *last, *prev;
	char **nv;
	int i, n = *argc, check = 0;

	if (n < 3)
		return argv;
	for (i = 1; i < n - 1; i++) {
		if (strcmp(argv[i], "--") == 0)
			return argv;
		if (argv[i][0] == '-' && argv[i][1] != '-' &&
		    strchr(argv[i], 'n') != NULL &&
		    strspn(argv[i] + 1, "nqv") == strlen(argv[i] + 1))
			check = 1;
	}
	last = argv[n - 1];
	prev = argv[n - 2];
	if (!check || last[0] == '-' || last[0] == '\0')
		return argv;
	/* the previous word must not be an option that takes it */
	if (prev[0] == '-' && prev[1] != '-' && prev[1] != '\0' &&
	    strchr("ajmrst", prev[strlen(prev) - 1]) != NULL)
		return argv;
	if (strcmp(prev, "--job") == 0)
		return argv;
	nv = xcalloc((size_t)n + 2, sizeof(*nv));
	memcpy(nv, argv, (size_t)(n - 1) * sizeof(*nv));
	nv[n - 1] = xstrdup("-t");
	nv[n] = argv[n - 1];
	*argc = n + 1;
	return nv;
}

static int
train_usage(const char *why)
{
	if (why != NULL)
		fprintf(stderr, "%s: %s\n", msg_progname, why);
	fprintf(stderr, "usage: %s %s\n", msg_progname,
	    classify_usage_more[1]);
	return EXIT_USAGE;
}

/* train_main - dossier-classify --train [...]: its options, then the work */
static int
train_main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "train", no_argument, NULL, 'T' + 256 },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *spool, *archive, *out = NULL, *t = NULL;
	char *end;
	int ch, k = CLASSIFY_FOLDS;

	msg_progname = "dossier-classify";
	stage_default_paths(&spool, &archive);
	while ((ch = getopt_long(argc, argv, "+a:hk:o:qt:v", lo, NULL)) !=
	    -1) {
		switch (ch) {
		case 'a':
			archive = optarg;
			break;
		case 'k':
			k = (int)strtol(optarg, &end, 10);
			if (*end != '\0' || k < 2 || k > 20)
				return train_usage(
				    "-k wants a number from 2 to 20");
			break;
		case 'o':
			out = optarg;
			break;
		case 'q':
			msg_verbose = -1;
			break;
		case 't':
			t = optarg;
			break;
		case 'v':
			msg_verbose++;
			break;
		case 'T' + 256:
			break;
		default:
			return train_usage(NULL);
		}
	}
	if (optind != argc)
		return train_usage(NULL);
	if (out == NULL)
		out = classify_model_path(NULL, archive);
	if (out == NULL || *out == '\0' || strcmp(out, "none") == 0) {
		fprintf(stderr, "%s: no model file to write (-o)\n",
		    msg_progname);
		return EXIT_USAGE;
	}
	return classify_train(archive, t, out, k);
}

int
main(int argc, char **argv)
{
	static const struct stage_option opts[] = {
		{ 'm', NULL, "model", STAGE_OPT_STRING, &mopt, 0, 0, NULL,
		    NULL },
		{ 'r', NULL, "score", STAGE_OPT_DOUBLE, &review, 0, 1, NULL,
		    "-r wants a score from 0 to 1" },
		{ 't', NULL, "tagset", STAGE_OPT_STRING, &topt, 0, 0, NULL,
		    NULL },
		{ 0 }
	};
	static const struct stage_def def = {
		.name = "classify",
		.opts = opts,
		.usage_more = classify_usage_more,
		.setup = setup,
		.check = classify_check,
		.process = classify_process,
		.settings = classify_settings,
	};
	char **nv;
	int i, rc;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--train") == 0)
			return train_main(argc, argv);
	nv = argv_fix(&argc, argv);
	rc = stage_main(&def, argc, nv);
	if (nv != argv) {
		free(nv[argc - 2]);	/* the "-t" put before the file */
		free(nv);
	}
	return rc;
}
