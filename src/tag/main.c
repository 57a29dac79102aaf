/*
 * dossier-tag - tags, identifiers and fields for each document
 *
 * Loads the tagset once, then lets stage_main() run the job loop: each
 * job of tag/new gets the files tags and fields and the meta keys tags
 * and fields (tag_job), and goes on to load.  See dossier-tag(1).
 */
#include <stdio.h>

#include "exitcode.h"
#include "stage.h"
#include "tag.h"
#include "tagset.h"

static struct tagset ts;		/* loaded in the parent, shared */
static const char *topt;		/* -t */

static int
tag_setup(void)
{
	return tagset_load_report(&ts, topt) < 0 ? EXIT_ENV : EXIT_DONE;
}

static int
tag_check(void)
{
	tagset_summary(&ts, stdout);
	return fflush(stdout) == 0 ? EXIT_DONE : EXIT_ENV;
}

static enum verdict
tag_process(void *ctx, struct job *job, char *err, size_t errlen)
{
	return tag_job(&ts, job, err, errlen);
}

static void
tag_settings(void *ctx, struct strbuf *sb)
{
	tagset_settings(&ts, sb);
}

int
main(int argc, char **argv)
{
	static const struct stage_option opts[] = {
		{ 't', NULL, "tagset", STAGE_OPT_STRING, &topt, 0, 0, NULL,
		    NULL },
		{ 0 }
	};
	static const struct stage_def def = {
		.name = "tag",
		.opts = opts,
		.setup = tag_setup,
		.check = tag_check,
		.process = tag_process,
		.settings = tag_settings,
	};

	return stage_main(&def, argc, argv);
}
