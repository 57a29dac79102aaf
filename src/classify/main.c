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
#include <string.h>

#include "classify.h"
#include "stage.h"

static const char *const classify_usage_more[] = {
	"-n [-m model] tagset",
	"--train [-qv] [-a archive] [-k folds] [-o model] [-t tagset]",
	NULL
};

int
main(int argc, char **argv)
{
	static const struct stage_def def = {
		.name = "classify",
		.synopsis = "[-m model] [-r score] [-t tagset]",
		.usage_more = classify_usage_more,
		.optstring = "m:r:t:",
		.option = classify_option,
		.setup = classify_setup,
		.check = classify_check,
		.process = classify_process,
	};
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--train") == 0)
			return classify_train_main(argc, argv);
	argv = classify_argv_fix(&argc, argv);
	return stage_main(&def, argc, argv);
}
