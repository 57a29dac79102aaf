/*
 * dossier-tag - tags, identifiers and fields for each document
 *
 * Loads the tagset once, then lets stage_main() run the job loop: each
 * job of tag/new gets the files tags and fields and the meta keys tags
 * and fields, and goes on to load.  See dossier-tag(1).
 */
#include "stage.h"
#include "tag.h"

int
main(int argc, char **argv)
{
	static const struct stage_def def = {
		.name = "tag",
		.synopsis = "[-t tagset]",
		.optstring = "t:",
		.option = tag_option,
		.setup = tag_setup,
		.check = tag_check,
		.process = tag_process,
	};

	return stage_main(&def, argc, argv);
}
