/*
 * fuzz_meta - the job meta file: job_load() of DIR/meta, then the reads
 * every stage makes and the meta written back (job_serialize)
 */
#include "fuzz.h"
#include "job.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf sb = STRBUF_INIT;
	struct job job;
	char err[512];
	size_t i;

	if (size > JOB_META_MAX + 16)
		return 0;
	(void)fuzz_file("meta", data, size);
	if (job_load(&job, fuzz_dir(), "fuzzjob", err, sizeof(err)) == 0) {
		(void)job_get(&job, "pages");
		(void)job_get_long(&job, "pages", 0);
		(void)job_get_double(&job, "page.1.skew", 0);
		for (i = 0; i < job.nkv && i < 8; i++)
			(void)job_get(&job, job.kv[i].key);
		job_serialize(&job, &sb);
		job_free(&job);
	}
	strbuf_release(&sb);
	return 0;
}
