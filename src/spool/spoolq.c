/*
 * spoolq.c - inspect and repair the spool (see spoolq.h)
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"
#include "job.h"
#include "msg.h"
#include "spool.h"
#include "spoolq.h"
#include "strbuf.h"
#include "xalloc.h"

/* show - one line for job ID in spool dir REL */
static void
show(struct spool *sp, const char *rel, const char *state, const char *id,
    FILE *out)
{
	char dir[PATH_MAX * 2], err[256];
	struct strbuf e = STRBUF_INIT;
	struct job job;
	const char *src = "-", *reason;
	long pages = 0;
	int loaded;

	snprintf(dir, sizeof(dir), "%s/%s/%s", sp->root, rel, id);
	loaded = job_load(&job, dir, id, err, sizeof(err)) == 0;
	if (loaded) {
		pages = job_get_long(&job, "pages", 0);
		src = job_get(&job, "source_file");
		if (src == NULL)
			src = "-";
	}
	fprintf(out, "%s\t%s\t%ld\t%s", id, state, pages, src);
	if (strcmp(state, "quarantine") == 0) {
		strbuf_adds(&e, dir);
		strbuf_adds(&e, "/error");
		reason = NULL;
		{
			struct strbuf t = STRBUF_INIT;

			if (file_read(e.buf, 65536, &t) == 0) {
				char *r = strstr(t.buf, "reason=");
				char *s = strstr(t.buf, "stage=");

				if (s != NULL)
					fprintf(out, "\t%.*s", (int)strcspn(s +
					    6, "\n"), s + 6);
				if (r != NULL)
					fprintf(out, "\t%.*s", (int)strcspn(r +
					    7, "\n"), r + 7);
				reason = "";
			}
			strbuf_release(&t);
		}
		if (reason == NULL)
			fprintf(out, "\t?\t(no error file)");
	} else if (!loaded)
		fprintf(out, "\t%s", err);
	fputc('\n', out);
	strbuf_release(&e);
	if (loaded)
		job_free(&job);
}

/* each_state - call FN for every state directory of the spool */
static long
each_state(struct spool *sp, const char *only, FILE *out, int counts)
{
	char rel[PATH_MAX], state[PATH_MAX], cur[PATH_MAX * 2];
	char **ids, **ws;
	size_t n, nw, i, j;
	long total = 0;
	int s;

	for (s = -1; s < 0 || spool_stages[s] != NULL; s++) {
		const char *st = s < 0 ? "ingest" : spool_stages[s];

		if (s >= 0) {
			snprintf(rel, sizeof(rel), "%s/new", st);
			if ((only == NULL || strcmp(only, rel) == 0 ||
			    strcmp(only, st) == 0) &&
			    spool_list(sp, rel, &ids, &n) == 0) {
				if (counts)
					fprintf(out, "%s\t%zu\n", rel, n);
				else
					for (i = 0; i < n; i++)
						show(sp, rel, rel, ids[i], out);
				total += (long)n;
				spool_list_free(ids, n);
			}
		}
		snprintf(rel, sizeof(rel), "%s/cur", st);
		snprintf(cur, sizeof(cur), "%s/%s", sp->root, rel);
		if (only != NULL && strcmp(only, rel) != 0 &&
		    strcmp(only, st) != 0)
			continue;
		if (spool_list(sp, rel, &ws, &nw) < 0)
			continue;
		n = 0;
		for (j = 0; j < nw; j++) {
			snprintf(state, sizeof(state), "%s/%s", rel, ws[j]);
			if (spool_list(sp, state, &ids, &i) < 0)
				continue;
			n += i;
			if (!counts) {
				size_t k;

				for (k = 0; k < i; k++)
					show(sp, state, rel, ids[k], out);
			}
			spool_list_free(ids, i);
		}
		if (counts)
			fprintf(out, "%s\t%zu\n", rel, n);
		total += (long)n;
		spool_list_free(ws, nw);
	}
	if (only == NULL || strcmp(only, "quarantine") == 0) {
		if (spool_list(sp, "quarantine", &ids, &n) == 0) {
			if (counts)
				fprintf(out, "quarantine\t%zu\n", n);
			else
				for (i = 0; i < n; i++)
					show(sp, "quarantine", "quarantine",
					    ids[i], out);
			total += (long)n;
			spool_list_free(ids, n);
		}
	}
	return total;
}

long
spoolq_list(struct spool *sp, const char *only, FILE *out)
{
	return each_state(sp, only, out, 0);
}

long
spoolq_counts(struct spool *sp, FILE *out)
{
	return each_state(sp, NULL, out, 1);
}

int
spoolq_retry(struct spool *sp, const char *id, char *err, size_t errlen)
{
	char dir[PATH_MAX], to[PATH_MAX], path[PATH_MAX + 16], stage[16];
	struct strbuf e = STRBUF_INIT;
	char *s;

	if (!job_id_valid(id)) {
		snprintf(err, errlen, "invalid job id '%s'", id);
		return -1;
	}
	snprintf(dir, sizeof(dir), "%s/quarantine/%s", sp->root, id);
	if (!path_is_dir(dir)) {
		snprintf(err, errlen, "job %s is not in quarantine", id);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/error", dir);
	stage[0] = '\0';
	if (file_read(path, 65536, &e) == 0 &&
	    (s = strstr(e.buf, "stage=")) != NULL)
		snprintf(stage, sizeof(stage), "%.*s", (int)strcspn(s + 6,
		    "\n"), s + 6);
	strbuf_release(&e);
	if (strcmp(stage, "ingest") == 0) {
		/* nothing in the spool can make a bad input file good */
		snprintf(err, errlen, "job %s was refused at ingest: the "
		    "input file itself is unusable; ingest a good copy, then "
		    "release this job", id);
		return -1;
	}
	if (!spool_stage_valid(stage) || strcmp(stage, "ingest") == 0) {
		snprintf(err, errlen, "job %s: unknown failed stage '%s'", id,
		    stage);
		return -1;
	}
	/* the old verdict goes with the retry: keep it as error.N */
	snprintf(path, sizeof(path), "%s/error", dir);
	snprintf(to, sizeof(to), "%s/error.retried", dir);
	(void)rename(path, to);
	snprintf(to, sizeof(to), "%s/%s/new/%s", sp->root, stage, id);
	if (rename_durable(dir, to) < 0) {
		snprintf(err, errlen, "cannot move job %s to %s/new: %s", id,
		    stage, strerror(errno));
		return -1;
	}
	return 0;
}

int
spoolq_release(struct spool *sp, const char *id, const char *outdir,
    char *err, size_t errlen)
{
	char dir[PATH_MAX], src[PATH_MAX + 8], dst[PATH_MAX * 2], why[256];
	struct strbuf data = STRBUF_INIT;
	struct job job;
	const char *name, *base;

	if (!job_id_valid(id)) {
		snprintf(err, errlen, "invalid job id '%s'", id);
		return -1;
	}
	snprintf(dir, sizeof(dir), "%s/quarantine/%s", sp->root, id);
	if (!path_is_dir(dir)) {
		snprintf(err, errlen, "job %s is not in quarantine", id);
		return -1;
	}
	if (outdir != NULL) {
		snprintf(src, sizeof(src), "%s/source", dir);
		if (file_read(src, (size_t)-1 / 2, &data) == 0) {
			name = NULL;
			if (job_load(&job, dir, id, why, sizeof(why)) == 0)
				name = job_get(&job, "source_file");
			base = name != NULL ? strrchr(name, '/') : NULL;
			base = base != NULL ? base + 1 : name;
			/* never trust a stored name as a path: base name */
			if (base == NULL || *base == '\0' || *base == '.')
				base = "source";
			snprintf(dst, sizeof(dst), "%s/%s.%s", outdir, id,
			    base);
			if (name != NULL)
				job_free(&job);
			if (file_write_durable(dst, data.buf, data.len) < 0) {
				snprintf(err, errlen, "cannot write '%s': %s",
				    dst, strerror(errno));
				strbuf_release(&data);
				return -1;
			}
			printf("%s\n", dst);
		}
		strbuf_release(&data);
	}
	if (dir_remove_tree(dir) < 0) {
		snprintf(err, errlen, "cannot remove '%s': %s", dir,
		    strerror(errno));
		return -1;
	}
	snprintf(dir, sizeof(dir), "%s/quarantine", sp->root);
	return dir_fsync(dir);
}

int
spoolq_recover(struct spool *sp)
{
	int s, n, total = 0;

	if ((n = spool_recover(sp, "ingest")) < 0)
		return -1;
	total += n;
	for (s = 0; spool_stages[s] != NULL; s++) {
		if ((n = spool_recover(sp, spool_stages[s])) < 0)
			return -1;
		total += n;
	}
	return total;
}
