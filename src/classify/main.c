/*
 * dossier-classify - give each document a class from the tagset
 *
 * Loads the tagset once, then lets stage_main() run the job loop: each
 * job of classify/new gets the meta keys class, class_score, class_rules
 * and lang and goes on to tag.  See dossier-classify(1).
 */
#include "classify.h"
#include "stage.h"

int
main(int argc, char **argv)
{
	static const struct stage_def def = {
		.name = "classify",
		.synopsis = "[-t tagset]",
		.optstring = "t:",
		.option = classify_option,
		.setup = classify_setup,
		.check = classify_check,
		.process = classify_process,
	};

	return stage_main(&def, argc, argv);
}
