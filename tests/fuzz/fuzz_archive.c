/*
 * fuzz_archive - an archive through dossier-ingest's own code path: the
 * input is written to a file and, when ingest_archive_file() tells an
 * archive by its magic, taken by ingest_arg() as dossier-ingest takes a
 * file named on its command line: copied into a job, looked up as a
 * duplicate, then ingest_archive() of src/ingest/archive.c reads every
 * entry (every filter and format, nested archives, names, links, the
 * entry, size and ratio limits), writes each image or PDF member into a
 * member job, probes it (ingest_probe) and queues or quarantines the
 * members or the whole archive.  The spool is a private temporary one,
 * made once per process; after each input its jobs, seen records and
 * batch records are removed, so that every input is read afresh (a
 * duplicate is not one because an earlier input had the same bytes).
 * Limits as the other targets': 64 MiB a file, 4 Mpx a page.
 */
#include <dirent.h>

#include "fuzz.h"
#include "../../src/ingest/ingest.h"
#include "msg.h"
#include "spool.h"

#define FUZZ_MAX_SIZE	(64UL * 1024 * 1024)
#define FUZZ_MAX_PIXELS	(4L * 1000 * 1000)

static struct spool sp;
static struct ingest ing;

/* clear - remove what is in the spool folder REL, not REL itself */
static void
clear(const char *rel)
{
	char dir[PATH_MAX], path[PATH_MAX + 256];
	struct dirent *de;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/%s", sp.root, rel);
	if ((d = opendir(dir)) == NULL)
		abort();
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (dir_remove_tree(path) < 0 && unlink(path) < 0)
			abort();
	}
	closedir(d);
}

/* setup - the spool and the ingest of this process, once */
static void
setup(void)
{
	char root[512];

	snprintf(root, sizeof(root), "%s/spool", fuzz_dir());
	msg_progname = "fuzz_archive";
	msg_verbose = -1;
	/* the ids of the jobs queued go to stdout: not the fuzzer's */
	if (freopen("/dev/null", "w", stdout) == NULL)
		abort();
	if (spool_open(&sp, root, 1) < 0) {
		fprintf(stderr, "%s\n", sp.err);
		abort();
	}
	memset(&ing, 0, sizeof(ing));
	strbuf_init(&ing.waiting);
	ing.sp = &sp;
	ing.lockfd = -1;
	ing.settle = 0;
	ing.max_size = FUZZ_MAX_SIZE;
	ing.max_pixels = FUZZ_MAX_PIXELS;
	snprintf(ing.batch, sizeof(ing.batch), "fuzz");
	if (spool_worker_start(&sp, "ingest", &ing.w) < 0) {
		fprintf(stderr, "%s\n", sp.err);
		abort();
	}
}

/* batch - the batch record that the jobs of an input are counted in */
static void
batch(void)
{
	if (ingest_batch_write(&ing, "2026-12-01T00:00:00Z", 0) < 0) {
		fprintf(stderr, "%s\n", sp.err);
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char queue[64];
	const char *path;

	if (sp.root[0] == '\0') {
		setup();
		batch();
	}
	path = fuzz_file("input", data, size);
	if (!ingest_archive_file(path))
		return 0;
	(void)ingest_arg(&ing, path);
	ingest_covers_end(&ing);
	/* the spool failed (a full disk): no finding of the archive code */
	ing.env_failure = 0;
	snprintf(queue, sizeof(queue), "%s/new", spool_next_stage("ingest"));
	clear(queue);
	clear("quarantine");
	clear("seen");
	clear("batch");
	batch();
	return 0;
}
