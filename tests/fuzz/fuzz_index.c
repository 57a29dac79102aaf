/*
 * fuzz_index - the migration index of dossier-ingest --index, read from a
 * file as ingest_index_open() reads it, then applied to one job
 */
#include "fuzz.h"
#include "../../src/ingest/index.h"
#include "job.h"
#include "msg.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ingest_index *ix;
	struct job job;
	char err[512];
	const char *path;

	path = fuzz_file("index.csv", data, size);
	if ((ix = ingest_index_open(path, err, sizeof(err))) == NULL)
		return 0;
	job_init(&job, fuzz_dir(), "fuzzjob");
	job_set(&job, "source_file", "scan_0001.tif");
	(void)ingest_index_apply(ix, &job);
	job_free(&job);
	ingest_index_waiting(ix, "a/b.pdf");
	(void)ingest_index_close(ix);
	return 0;
}
