/*
 * covers.c - cover sheets in ingest: one input, many documents (SPEC §4)
 *
 * A page whose QR code reads "DOSSIER:<ref>" starts a new document filed
 * to household <ref>; the cover page is not a page of that document (its
 * job counts it in cover_pages, and load counts it in the batch).  The
 * pages before the first cover sheet of a file are a document of their
 * own, unless the file before it, in the same folder, ended with a cover
 * sheet: a cover sheet scanned as a file of its own starts the next file.
 * A cover sheet with no page after it, in its file or the next one of its
 * folder, is a cover sheet without a document: counted in the batch and
 * warned about.
 *
 * The jobs of one input share its bytes: the jobs after the first get
 * hard links to the first one's "source" (and "container"), made before
 * any of them is committed.  They are queued as one group
 * (ingest_jobs_queue): a run that dies while queueing them leaves the rest
 * to be queued by the next run, never an input queued in part.
 */
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <leptonica/allheaders.h>

#include "cover.h"
#include "fileio.h"
#include "image.h"
#include "ingest.h"
#include "job.h"
#include "msg.h"
#include "spool.h"
#include "xalloc.h"

/* the keys a document's job shares with the input's first job */
static const char *const shared_keys[] = {
	"batch", "source_file", "ingested_at", "source_sha256", "size",
	"media_type", "container_sha256", "container_file", "container_size",
	"member", NULL
};

/* the job's files an input's jobs share */
static const char *const shared_files[] = { "source", "container", NULL };

/* one document of an input */
struct segment {
	char	 ref[COVER_REF_MAX + 1];	/* its cover sheet, or "" */
	long	 cover_pages;		/* cover pages counted with it */
	int	*page;			/* its source pages */
	int	 n;
};

/*
 * keep_decoded - PIX, page K of JOB's source (of type MEDIA) as decoded to
 * look for a cover sheet, kept in the job for deskew (IMAGE_DECODED)
 * where deskew would decode it the same (not reduced), within the run's
 * bounds (ING->decoded, IMAGE_DECODED_MAX, IMAGE_DECODED_FREE): a PNG,
 * TIFF or HEIC page is then decoded once, not twice (8 grey PNG pages of
 * 300 dpi: deskew 0.77 -> 0.34 s of CPU, ingest 0.12 s more; 2 HEIC
 * photos: deskew 1.09 -> 0.29 s).  Not a JPEG's: libjpeg decodes it
 * about as fast as the page is kept (150-dpi pages: no gain, 1.2 MB of
 * spool a page).  Not synced: a file lost or torn in a crash fails its
 * checksum, and deskew decodes the page.
 */
static void
keep_decoded(struct ingest *ing, const struct job *job, const char *media,
    int k, PIX *pix)
{
	char path[PATH_MAX];
	struct statvfs fs;
	void *data;
	size_t size;
	int fd, ok;

	if (image_read_reduced() || media == NULL ||
	    strcmp(media, "image/jpeg") == 0 ||
	    pixGetColormap(pix) != NULL ||
	    image_page_zst(pix, &data, &size) < 0)
		return;
	if (ing->decoded + size <= (size_t)IMAGE_DECODED_MAX &&
	    image_decoded_path(job, k, path, sizeof(path)) == 0 &&
	    (fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600)) >= 0) {
		ok = fstatvfs(fd, &fs) == 0 && (double)fs.f_bavail *
		    fs.f_frsize >= (double)size + IMAGE_DECODED_FREE &&
		    file_write_all(fd, data, size) == 0;
		if (close(fd) < 0 || !ok)
			(void)unlink(path);
		else
			ing->decoded += size;
	}
	free(data);
}

/*
 * decoded_to - the pages of SEG, a document of the input whose first job
 * is FIRST, have their decoded pages (keep_decoded) moved to JOB, its
 * own (a cover sheet's page is not kept)
 */
static void
decoded_to(const struct job *first, const struct job *job,
    const struct segment *seg)
{
	char from[PATH_MAX], to[PATH_MAX];
	int i;

	for (i = 0; i < seg->n; i++)
		if (image_decoded_path(first, seg->page[i], from,
		    sizeof(from)) == 0 && image_decoded_path(job,
		    seg->page[i], to, sizeof(to)) == 0 &&
		    rename(from, to) < 0 && errno != ENOENT)
			(void)unlink(from);
}

/*
 * find_covers - the cover-sheet reference of each of the PAGES pages of
 * JOB's source into REF[k - 1] ("" for an ordinary page); the number of
 * cover sheets, or -1 with the reason in ERR (a cover sheet that cannot
 * be used: its reference is not valid, two on one page).  The pages are
 * kept decoded for deskew (keep_decoded).
 */
static int
find_covers(struct ingest *ing, const struct job *job, int pages,
    char (*ref)[COVER_REF_MAX + 1], char *err, size_t errlen)
{
	char path[PATH_MAX], why[256];
	const char *media = job_get(job, "media_type");
	struct mapped m;
	PIX *pix;
	int k, n = 0, rc;

	if (job_path(job, "source", path, sizeof(path)) < 0 ||
	    image_map(path, ing->max_size, &m) < 0) {
		snprintf(err, errlen, "cannot read the input: %s",
		    strerror(errno));
		return -1;
	}
	for (k = 1; k <= pages && n >= 0; k++) {
		ref[k - 1][0] = '\0';
		/* a page that does not decode is deskew's to judge */
		/* the cheap test wants 100 dpi: a page decoded smaller */
		pix = image_read_page(m.data, m.size, media, k,
		    ing->max_pixels, IMAGE_READ_GREY | IMAGE_READ_REDUCED, why,
		    sizeof(why));
		rc = pix != NULL ? cover_find(pix, ref[k - 1],
		    COVER_REF_MAX + 1, why, sizeof(why)) : 0;
		if (rc == 0 && pix != NULL)
			keep_decoded(ing, job, media, k, pix);
		pixDestroy(&pix);
		if (rc < 0) {
			snprintf(err, errlen, "page %d: %s", k, why);
			n = -1;
		} else
			n += rc;
	}
	image_unmap(&m);
	return n;
}

/* same_folder - 1 if the inputs A and B (relative names) share a folder */
static int
same_folder(const char *a, const char *b)
{
	const char *sa = strrchr(a, '/'), *sb = strrchr(b, '/');
	size_t la = sa != NULL ? (size_t)(sa - a) : 0;
	size_t lb = sb != NULL ? (size_t)(sb - b) : 0;

	return la == lb && strncmp(a, b, la) == 0;
}

/*
 * pending_used - the pending cover sheet was counted or went with a job:
 * the file of cover sheets only that held it is seen from now on (not
 * before: a run that dies meanwhile leaves it to be taken again)
 */
static void
pending_used(struct ingest *ing)
{
	if (ing->pending_sha[0] != '\0')
		ingest_mark_seen(ing, ing->pending_sha, ing->pending_id);
	ing->pending_sha[0] = '\0';
}

/* lone_cover - a cover sheet no page followed: counted, warned about */
static void
lone_cover(struct ingest *ing, const char *ref, long n)
{
	char id[JOB_ID_MAX];

	msg_warn("cover sheet '%s' with no page after it: counted, no "
	    "document", ref);
	job_id_new(id, sizeof(id));
	(void)ingest_count(ing, id, n, n, 0);
}

/*
 * plan - cut the PAGES pages into documents at the cover sheets REF, into
 * SEG (room for PAGES), their pages into PAGE (room for PAGES); returns
 * how many.  The cover sheet the file before left pending applies to the
 * first document; a cover sheet at the end of the file is left pending.
 */
static int
plan(struct ingest *ing, int pages, char (*ref)[COVER_REF_MAX + 1],
    struct segment *seg, int *page)
{
	char cref[COVER_REF_MAX + 1];
	long cpages = 0;
	int k, nseg = 0, np = 0, open = 0;

	cref[0] = '\0';
	if (ing->pending_pages > 0) {
		snprintf(cref, sizeof(cref), "%s", ing->pending_ref);
		cpages = ing->pending_pages;
		ing->pending_pages = 0;
	}
	for (k = 1; k <= pages; k++) {
		if (ref[k - 1][0] != '\0') {
			if (cpages > 0)
				lone_cover(ing, cref, cpages);
			snprintf(cref, sizeof(cref), "%s", ref[k - 1]);
			cpages = 1;
			open = 0;
			continue;
		}
		if (!open) {
			snprintf(seg[nseg].ref, sizeof(seg[nseg].ref), "%s",
			    cpages > 0 ? cref : "");
			seg[nseg].cover_pages = cpages;
			seg[nseg].page = page + np;
			seg[nseg].n = 0;
			nseg++;
			cpages = 0;
			open = 1;
		}
		seg[nseg - 1].page[seg[nseg - 1].n++] = k;
		np++;
	}
	if (cpages > 0) {
		snprintf(ing->pending_ref, sizeof(ing->pending_ref), "%s",
		    cref);
		ing->pending_pages = cpages;
	}
	return nseg;
}

/*
 * sibling - a new job for another document of the input whose first job
 * is FIRST (not committed yet): the shared keys copied, the shared files
 * hard-linked; 0, or -1 if the spool failed
 */
static int
sibling(struct ingest *ing, const struct job *first, struct job *job)
{
	char from[PATH_MAX], to[PATH_MAX];
	const char *v;
	int i;

	if (spool_job_create(&ing->w, job) < 0) {
		msg_error("%s", ing->sp->err);
		return -1;
	}
	job_set(job, "id", job->id);
	for (i = 0; shared_keys[i] != NULL; i++)
		if ((v = job_get(first, shared_keys[i])) != NULL)
			job_set(job, shared_keys[i], v);
	for (i = 0; shared_files[i] != NULL; i++) {
		if (job_path(first, shared_files[i], from, sizeof(from)) < 0 ||
		    job_path(job, shared_files[i], to, sizeof(to)) < 0 ||
		    (link(from, to) < 0 && errno != ENOENT)) {
			msg_error("cannot link '%s': %s", to, strerror(errno));
			(void)spool_job_discard(&ing->w, job);
			job_free(job);
			return -1;
		}
	}
	return 0;
}

int
ingest_covers(struct ingest *ing, struct job *job, int pages,
    const char *path)
{
	char (*ref)[COVER_REF_MAX + 1], err[512];
	const char *rel = job_get(job, "source_file");
	struct segment *seg;
	struct job *jobs;
	int *page, i, made, nseg, rc = 0;

	if (ing->pending_pages > 0 && (rel == NULL ||
	    !same_folder(ing->pending_file, rel))) {
		lone_cover(ing, ing->pending_ref, ing->pending_pages);
		ing->pending_pages = 0;
		pending_used(ing);
	}
	ref = xcalloc((size_t)pages, sizeof(*ref));
	if (find_covers(ing, job, pages, ref, err, sizeof(err)) < 0) {
		free(ref);
		return ingest_job_commit(ing, job, NULL, pages, err, path);
	}
	seg = xcalloc((size_t)pages, sizeof(*seg));
	page = xcalloc((size_t)pages, sizeof(*page));
	nseg = plan(ing, pages, ref, seg, page);
	if (ing->pending_pages > 0)
		snprintf(ing->pending_file, sizeof(ing->pending_file), "%s",
		    rel != NULL ? rel : "");
	if (nseg == 0) {
		/* only cover sheets: no document in this file */
		msg_info("'%s': cover sheet only", path);
		pending_used(ing);
		if (ing->pending_pages > 0 &&
		    job_get(job, "source_sha256") != NULL) {
			snprintf(ing->pending_sha, sizeof(ing->pending_sha),
			    "%s", job_get(job, "source_sha256"));
			snprintf(ing->pending_id, sizeof(ing->pending_id),
			    "%s", job->id);
		} else if (job_get(job, "source_sha256") != NULL)
			ingest_mark_seen(ing, job_get(job, "source_sha256"),
			    job->id);
		(void)spool_job_discard(&ing->w, job);
		job_free(job);
		goto out;
	}
	/* every job of the input exists before the first one is committed */
	jobs = xcalloc((size_t)nseg, sizeof(*jobs));
	jobs[0] = *job;
	for (made = 1; made < nseg; made++)
		if (sibling(ing, job, &jobs[made]) < 0)
			break;
	if (made < nseg) {
		for (i = 0; i < made; i++)
			(void)ingest_give_up(ing, &jobs[i]);
		rc = -1;
	} else {
		for (i = 1; i < nseg; i++)
			decoded_to(&jobs[0], &jobs[i], &seg[i]);
		for (i = 0; i < nseg && rc == 0; i++) {
			if (seg[i].cover_pages > 0) {
				job_set(&jobs[i], "cover_ref", seg[i].ref);
				job_setf(&jobs[i], "cover_pages", "%ld",
				    seg[i].cover_pages);
			}
			rc = ingest_job_prepare(ing, &jobs[i], seg[i].page,
			    seg[i].n);
		}
		if (rc < 0)
			for (i = 0; i < nseg; i++)
				(void)ingest_give_up(ing, &jobs[i]);
		else	/* queued all together, or none */
			rc = ingest_jobs_queue(ing, jobs, nseg, path);
	}
	free(jobs);
	if (rc == 0)
		pending_used(ing);	/* it went with the first job */
out:
	free(page);
	free(seg);
	free(ref);
	return rc;
}

void
ingest_covers_end(struct ingest *ing)
{
	if (ing->pending_pages > 0)
		lone_cover(ing, ing->pending_ref, ing->pending_pages);
	ing->pending_pages = 0;
	pending_used(ing);
}
