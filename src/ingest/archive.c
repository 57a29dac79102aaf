/*
 * archive.c - the members of an archive input become jobs (see ingest.h)
 *
 * The archive's bytes were copied once into the "source" of a holding
 * job (ARC) by ingest_fd().  libarchive reads that copy; every regular
 * member whose first bytes are an image or a PDF is written into the
 * "source" of a new job, by content only: a member's name goes into the
 * meta and into messages, never into a path.  Each member job gets a hard
 * link of the archive copy as its "container".  The member jobs are held
 * in our worker dir until the whole archive was read: an archive that is
 * corrupt, truncated or over a limit is quarantined whole (as ARC) and
 * none of its members is queued.  Archives inside the archive are read in
 * turn, down to ARCHIVE_MAX_DEPTH; their members are named
 * "INNER:MEMBER" and their container is the outermost archive (the file
 * that was dropped in the inbox), whose bytes hold them.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "image.h"
#include "ingest.h"
#include "job.h"
#include "msg.h"
#include "sha256.h"
#include "spool.h"
#include "strbuf.h"
#include "textnorm.h"
#include "xalloc.h"

#define ARCHIVE_MAX_DEPTH	3	/* archives in archives, outer = 1 */
#define ARCHIVE_MAX_ENTRIES	10000	/* entries of all levels together */
#define ARCHIVE_MAX_RATIO	200	/* expanded bytes per archive byte */
#define ARCHIVE_RATIO_FLOOR	(16UL * 1024 * 1024)	/* no ratio below */
#define CHUNK			65536
#define HEAD			4096	/* first bytes that tell a type */

/* a member job built and held until the archive was read whole */
struct member {
	struct job job;
	char	*shown;			/* "ARCHIVE:MEMBER", for messages */
	char	 sha[SHA256_HEX_LEN + 1];
	int	 pages;
	char	*err;			/* why it is unusable, or NULL */
};

struct arcread {
	struct ingest *ing;
	struct job *arc;		/* holding job: "source" = archive */
	const char *path;		/* the archive, for messages */
	const char *rel;		/* and as source_file names it */
	const char *sha;		/* its digest */
	size_t	 size;			/* its size */
	char	 container[PATH_MAX];	/* ARC's "source" */
	char	 chain[ARCHIVE_MAX_DEPTH][SHA256_HEX_LEN + 1];	/* enclosing */
	struct member *m;		/* member jobs held */
	size_t	 nm, am;
	long	 entries;		/* entries seen, every level */
	unsigned long long expanded;	/* member bytes written, every level */
	unsigned long long skipbytes;	/* bytes unpacked of skipped members */
	long	 skipped;		/* members that are no image or PDF */
	long	 dups;			/* members already ingested */
	char	 note[256];		/* the first skip's reason */
	char	 why[512];		/* ARC is unusable: the reason */
	int	 limit;			/* ... because it is over a limit */
	unsigned char buf[CHUNK];
};

static const unsigned short cp437[128] = {
	0xc7, 0xfc, 0xe9, 0xe2, 0xe4, 0xe0, 0xe5, 0xe7,
	0xea, 0xeb, 0xe8, 0xef, 0xee, 0xec, 0xc4, 0xc5,
	0xc9, 0xe6, 0xc6, 0xf4, 0xf6, 0xf2, 0xfb, 0xf9,
	0xff, 0xd6, 0xdc, 0xa2, 0xa3, 0xa5, 0x20a7, 0x192,
	0xe1, 0xed, 0xf3, 0xfa, 0xf1, 0xd1, 0xaa, 0xba,
	0xbf, 0x2310, 0xac, 0xbd, 0xbc, 0xa1, 0xab, 0xbb,
	0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556,
	0x2555, 0x2563, 0x2551, 0x2557, 0x255d, 0x255c, 0x255b, 0x2510,
	0x2514, 0x2534, 0x252c, 0x251c, 0x2500, 0x253c, 0x255e, 0x255f,
	0x255a, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256c, 0x2567,
	0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256b,
	0x256a, 0x2518, 0x250c, 0x2588, 0x2584, 0x258c, 0x2590, 0x2580,
	0x3b1, 0xdf, 0x393, 0x3c0, 0x3a3, 0x3c3, 0xb5, 0x3c4,
	0x3a6, 0x398, 0x3a9, 0x3b4, 0x221e, 0x3c6, 0x3b5, 0x2229,
	0x2261, 0xb1, 0x2265, 0x2264, 0x2320, 0x2321, 0xf7, 0x2248,
	0xb0, 0x2219, 0xb7, 0x221a, 0x207f, 0xb2, 0x25a0, 0xa0,
};

/*
 * office_zip - 1 if the N bytes at B start a zip that is a document of
 * its own (OOXML, OpenDocument, EPUB: their first member says so), not an
 * archive of documents
 */
static int
office_zip(const unsigned char *b, size_t n)
{
	static const char *const first[] = {
		"[Content_Types].xml", "mimetype", "_rels/", "META-INF/",
	};
	size_t i, len;

	if (n < 30 || memcmp(b, "PK\003\004", 4) != 0)
		return 0;
	len = (size_t)b[26] | (size_t)b[27] << 8;
	for (i = 0; i < sizeof(first) / sizeof(first[0]); i++)
		if (len >= strlen(first[i]) && n >= 30 + strlen(first[i]) &&
		    memcmp(b + 30, first[i], strlen(first[i])) == 0)
			return 1;
	return 0;
}

/*
 * archive_magic - 1 if the N bytes at B start an archive we read (a zip
 * that is an office document is not one)
 */
static int
archive_magic(const unsigned char *b, size_t n)
{
	static const struct {
		const char *magic;
		size_t	 len;
	} m[] = {
		{ "PK\003\004", 4 },		/* zip */
		{ "PK\005\006", 4 },		/* empty zip */
		{ "PK\007\010", 4 },		/* spanned zip */
		{ "7z\274\257\047\034", 6 },	/* 7z */
		{ "Rar!\032\007", 6 },		/* rar */
		{ "\037\213", 2 },		/* gzip */
		{ "BZh", 3 },			/* bzip2 */
		{ "\3757zXZ\0", 6 },		/* xz */
	};
	size_t i;

	for (i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		if (n >= m[i].len && memcmp(b, m[i].magic, m[i].len) == 0)
			return !office_zip(b, n);
	/* tar: ustar (POSIX "ustar\0", GNU "ustar ") at 257 */
	return n >= 263 && memcmp(b + 257, "ustar", 5) == 0 &&
	    (b[262] == '\0' || b[262] == ' ');
}

int
ingest_archive_file(const char *path)
{
	unsigned char b[512];
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	n = read(fd, b, sizeof(b));
	close(fd);
	return n > 0 && archive_magic(b, (size_t)n);
}

/* put_cp - code point CP as UTF-8 into SB */
static void
put_cp(struct strbuf *sb, unsigned cp)
{
	if (cp < 0x80)
		strbuf_addc(sb, (char)cp);
	else if (cp < 0x800) {
		strbuf_addc(sb, (char)(0xc0 | cp >> 6));
		strbuf_addc(sb, (char)(0x80 | (cp & 0x3f)));
	} else {
		strbuf_addc(sb, (char)(0xe0 | cp >> 12));
		strbuf_addc(sb, (char)(0x80 | (cp >> 6 & 0x3f)));
		strbuf_addc(sb, (char)(0x80 | (cp & 0x3f)));
	}
}

/*
 * member_name - the entry's path as valid UTF-8 into SB: as libarchive
 * gives it in UTF-8, else its raw bytes if they are UTF-8, else those
 * bytes read as CP437 (ZIP, the encoding of zips without the UTF-8 flag)
 * or ISO 8859-1 (the others); control characters (C0 and C1) become
 * '?'.  N numbers
 * a nameless entry, PREFIX goes first.
 */
static void
member_name(struct archive *a, struct archive_entry *e, long n,
    const char *prefix, struct strbuf *sb)
{
	const unsigned char *s;
	const char *u;
	unsigned char c;
	int zip;
	size_t i, j;

	strbuf_reset(sb);
	strbuf_adds(sb, prefix);
	zip = (archive_format(a) & ARCHIVE_FORMAT_BASE_MASK) ==
	    ARCHIVE_FORMAT_ZIP;
	if ((u = archive_entry_pathname_utf8(e)) == NULL ||
	    !textnorm_utf8_valid(u, strlen(u)))
		u = archive_entry_pathname(e);
	if (u == NULL || *u == '\0') {
		strbuf_addf(sb, "entry-%ld", n);
		return;
	}
	if (textnorm_utf8_valid(u, strlen(u)))
		strbuf_add(sb, u, strlen(u));
	else
		for (s = (const unsigned char *)u; *s != '\0'; s++)
			put_cp(sb, *s < 0x80 ? *s : zip ? cp437[*s - 0x80] :
			    *s);
	for (i = j = strlen(prefix); i < sb->len; i++, j++) {
		c = (unsigned char)sb->buf[i];
		/* C1 controls too (U+0080-U+009F): U+009B is a CSI */
		if (c == 0xc2 && i + 1 < sb->len &&
		    (unsigned char)sb->buf[i + 1] >= 0x80 &&
		    (unsigned char)sb->buf[i + 1] <= 0x9f) {
			sb->buf[j] = '?';
			i++;
		} else
			sb->buf[j] = c < 0x20 || c == 0x7f ? '?' : (char)c;
	}
	sb->len = j;
	sb->buf[j] = '\0';
}

/* the skipped members of one archive named in warnings: a hostile one
   holds thousands, and the log must not drown in them */
#define SKIP_WARN_MAX	10

/* skip - note that member SHOWN is not taken, and why */
static void
skip(struct arcread *r, const char *shown, const char *why)
{
	if (r->skipped < SKIP_WARN_MAX)
		msg_warn("'%s:%s': %s, skipped", r->path, shown, why);
	else if (r->skipped == SKIP_WARN_MAX)
		msg_warn("'%s': more members skipped, not named one by one",
		    r->path);
	if (r->skipped++ == 0)
		snprintf(r->note, sizeof(r->note), "'%s': %s", shown, why);
}

/*
 * over_limit - -1 with the reason in R->why if N bytes expanded from the
 * archive are over the size or ratio limit, else 0
 */
static int
over_limit(struct arcread *r, unsigned long long n)
{
	if (n > r->ing->max_size) {
		r->limit = 1;
		snprintf(r->why, sizeof(r->why), "expands to more than %zu "
		    "bytes (the size limit)", r->ing->max_size);
		return -1;
	}
	if (n > ARCHIVE_RATIO_FLOOR && n / ARCHIVE_MAX_RATIO > r->size) {
		r->limit = 1;
		snprintf(r->why, sizeof(r->why), "expands to more than %d "
		    "times its size (an archive bomb)", ARCHIVE_MAX_RATIO);
		return -1;
	}
	return 0;
}

/* expand - count N more bytes written from the archive; as over_limit */
static int
expand(struct arcread *r, size_t n)
{
	r->expanded += n;
	return over_limit(r, r->expanded);
}

/*
 * unpacked - as over_limit for the bytes a compressed archive A has been
 * unpacked to so far, the members skipped included (a tar.gz bomb of text
 * members costs time, not space)
 */
static int
unpacked(struct arcread *r, struct archive *a)
{
	la_int64_t n = archive_filter_bytes(a, 0);

	if (archive_filter_count(a) < 2 || n <= 0)
		return 0;
	return over_limit(r, (unsigned long long)n);
}

/*
 * copy_out - write the HEADLEN bytes read already and the rest of the
 * current entry of A into the new file DST, hashing them into SHA.
 * 0; -1 archive trouble or a limit (R->why); -2 the file could not be
 * written (errno).
 */
static int
copy_out(struct arcread *r, struct archive *a, size_t headlen,
    const char *dst, const char *shown, char *sha)
{
	struct sha256_stream h;
	la_ssize_t n = (la_ssize_t)headlen;
	int fd, rc = 0;

	if ((fd = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) < 0)
		return -2;
	sha256_begin(&h);
	while (n > 0) {
		sha256_update(&h, r->buf, (size_t)n);
		if (write(fd, r->buf, (size_t)n) != n) {
			rc = -2;
			break;
		}
		n = archive_read_data(a, r->buf, sizeof(r->buf));
		if (n < 0) {
			snprintf(r->why, sizeof(r->why), "corrupt or "
			    "truncated archive: member '%s': %s", shown,
			    archive_error_string(a));
			rc = -1;
		} else if (expand(r, (size_t)n) < 0)
			rc = -1;
		if (rc < 0)
			break;
	}
	sha256_end_hex(&h, sha);
	if (rc == 0 && fsync(fd) < 0)
		rc = -2;
	if (close(fd) < 0 && rc == 0)
		rc = -2;
	return rc;
}

/*
 * drain - read the rest of the current entry of A, which is not taken,
 * where skipping it would unpack it anyway (a compressed tar, a 7z or RAR
 * solid block; a zip or a plain tar member is skipped by a seek): its
 * bytes count in R->skipbytes and the limits are checked as it is
 * unpacked.  0, or -1 (R->why).
 */
static int
drain(struct arcread *r, struct archive *a, const char *shown)
{
	int fmt = archive_format(a) & ARCHIVE_FORMAT_BASE_MASK;
	la_ssize_t n;

	if (archive_filter_count(a) < 2 && fmt != ARCHIVE_FORMAT_7ZIP &&
	    fmt != ARCHIVE_FORMAT_RAR && fmt != ARCHIVE_FORMAT_RAR_V5)
		return 0;
	while ((n = archive_read_data(a, r->buf, sizeof(r->buf))) > 0) {
		r->skipbytes += (unsigned long long)n;
		if (over_limit(r, r->expanded + r->skipbytes) < 0 ||
		    unpacked(r, a) < 0)
			return -1;
	}
	if (n < 0) {
		snprintf(r->why, sizeof(r->why), "corrupt or truncated "
		    "archive: member '%s': %s", shown,
		    archive_error_string(a));
		return -1;
	}
	return 0;
}

static int read_archive(struct arcread *, const char *, const char *, int);

/*
 * held_dup - the member held already whose content is SHA, or NULL: the
 * same bytes twice in one archive are a duplicate too
 */
static struct member *
held_dup(struct arcread *r, const char *sha)
{
	size_t i;

	for (i = 0; i < r->nm; i++)
		if (strcmp(r->m[i].sha, sha) == 0)
			return &r->m[i];
	return NULL;
}

/*
 * drop_members - discard the member jobs held from the FROMth on: their
 * archive failed
 */
static void
drop_members(struct arcread *r, size_t from)
{
	size_t i;

	for (i = from; i < r->nm; i++) {
		(void)spool_job_discard(&r->ing->w, &r->m[i].job);
		job_free(&r->m[i].job);
		free(r->m[i].shown);
		free(r->m[i].err);
	}
	r->nm = from;
}

/*
 * take_member - the current entry of A, whose HEADLEN first bytes are in
 * R->buf and are those of an image or a PDF, into a new member job named
 * NAME (its path in the outermost archive).  0; -1 the archive is
 * unusable (R->why); -2 the spool failed.
 */
static int
take_member(struct arcread *r, struct archive *a, size_t headlen,
    const char *name)
{
	struct ingest *ing = r->ing;
	struct member *m;
	char src[PATH_MAX], link_to[PATH_MAX], where[512], at[32], *shown;
	const char *mt;
	struct stat st;
	int rc;

	r->m = xreallocarray(r->m, r->nm + 1, sizeof(*r->m));
	m = &r->m[r->nm];
	memset(m, 0, sizeof(*m));
	if (spool_job_create(&ing->w, &m->job) < 0) {
		msg_error("%s", ing->sp->err);
		return -2;
	}
	r->nm++;
	shown = xasprintf("%s:%s", r->path, name);
	m->shown = shown;
	if (job_path(&m->job, "source", src, sizeof(src)) < 0 ||
	    job_path(&m->job, "container", link_to, sizeof(link_to)) < 0) {
		msg_error("cannot write in '%s': %s", m->job.dir,
		    strerror(ENAMETOOLONG));
		return -2;
	}
	if ((rc = copy_out(r, a, headlen, src, name, m->sha)) != 0) {
		if (rc == -2)
			msg_error("cannot write '%s': %s", src,
			    strerror(errno));
		return rc;
	}
	if ((rc = ingest_seen(ing, m->sha, where, sizeof(where))) < 0) {
		msg_error("cannot check for duplicates of '%s': %s", shown,
		    strerror(errno));
		return -2;
	}
	if (rc == 0 && held_dup(r, m->sha) != m) {
		snprintf(where, sizeof(where), "member '%s'",
		    held_dup(r, m->sha)->shown + strlen(r->path) + 1);
		rc = 1;
	}
	if (rc == 1) {
		msg_warn("'%s': duplicate: same content as %s, not ingested "
		    "again", shown, where);
		r->dups++;
		free(m->shown);
		(void)spool_job_discard(&ing->w, &m->job);
		job_free(&m->job);
		r->nm--;
		return 0;
	}
	if (link(r->container, link_to) < 0) {
		msg_error("cannot link '%s' to '%s': %s", r->container,
		    link_to, strerror(errno));
		return -2;
	}
	spool_timestamp(at, sizeof(at));
	job_set(&m->job, "id", m->job.id);
	job_set(&m->job, "batch", ing->batch);
	job_setf(&m->job, "source_file", "%s:%s", r->rel, name);
	job_set(&m->job, "ingested_at", at);
	job_set(&m->job, "source_sha256", m->sha);
	if (stat(src, &st) == 0)
		job_setf(&m->job, "size", "%lld", (long long)st.st_size);
	job_set(&m->job, "container_sha256", r->sha);
	job_set(&m->job, "container_file", r->rel);
	job_setf(&m->job, "container_size", "%zu", r->size);
	job_set(&m->job, "member", name);
	if (ingest_probe(src, ing->max_pixels, &mt, &m->pages, where,
	    sizeof(where)) < 0)
		m->err = xstrdup(where);
	if (mt != NULL)
		job_set(&m->job, "media_type", mt);
	return 0;
}

/*
 * take_nested - the current entry of A, an archive named NAME, read in
 * turn from a copy in the holding job.  0, -1 or -2 as take_member.
 */
static int
take_nested(struct arcread *r, struct archive *a, size_t headlen,
    const char *name, int depth)
{
	char tmp[PATH_MAX], file[64], sha[SHA256_HEX_LEN + 1], *prefix;
	size_t first;
	int i, rc;

	if (depth >= ARCHIVE_MAX_DEPTH) {
		snprintf(file, sizeof(file), "an archive nested more than %d "
		    "deep", ARCHIVE_MAX_DEPTH);
		skip(r, name, file);
		return drain(r, a, name);
	}
	snprintf(file, sizeof(file), "nested.%d", depth);
	if (job_path(r->arc, file, tmp, sizeof(tmp)) < 0) {
		msg_error("cannot write in '%s': %s", r->arc->dir,
		    strerror(ENAMETOOLONG));
		return -2;
	}
	if ((rc = copy_out(r, a, headlen, tmp, name, sha)) != 0) {
		if (rc == -2)
			msg_error("cannot write '%s': %s", tmp,
			    strerror(errno));
		(void)unlink(tmp);
		return rc;
	}
	for (i = 0; i < depth; i++)
		if (strcmp(r->chain[i], sha) == 0)
			break;
	if (i < depth) {
		skip(r, name, "the archive holds itself");
		(void)unlink(tmp);
		return 0;
	}
	memcpy(r->chain[depth], sha, sizeof(sha));
	prefix = xasprintf("%s:", name);
	first = r->nm;
	rc = read_archive(r, tmp, prefix, depth + 1);
	free(prefix);
	(void)unlink(tmp);
	/*
	 * A corrupt or truncated archive inside a sound one (a copy of
	 * itself that a tool made while writing it) is one bad member:
	 * skipped, with what it yielded; a limit stops the whole.
	 */
	if (rc == -1 && !r->limit) {
		drop_members(r, first);
		skip(r, name, r->why);
		r->why[0] = '\0';
		rc = 0;
	}
	return rc;
}

/*
 * read_archive - every entry of the archive FILE, at nesting DEPTH (the
 * outermost is 1), member names after PREFIX.  0; -1 the archive is
 * unusable (R->why); -2 the spool failed.
 */
static int
read_archive(struct arcread *r, const char *file, const char *prefix,
    int depth)
{
	struct archive *a;
	struct archive_entry *e;
	struct strbuf name;
	la_ssize_t n = 0;
	size_t headlen;
	int rc = 0, hr;

	strbuf_init(&name);
	a = archive_read_new();
	archive_read_support_filter_all(a);
	archive_read_support_format_all(a);
	if (archive_read_open_filename(a, file, CHUNK) != ARCHIVE_OK) {
		snprintf(r->why, sizeof(r->why), "unreadable archive: %s",
		    archive_error_string(a));
		archive_read_free(a);
		return -1;
	}
	while (rc == 0) {
		hr = archive_read_next_header(a, &e);
		if (unpacked(r, a) < 0) {
			rc = -1;
			break;
		}
		if (hr == ARCHIVE_EOF)
			break;
		if (hr < ARCHIVE_WARN) {
			snprintf(r->why, sizeof(r->why), "corrupt or truncated "
			    "archive after %ld entr%s: %s", r->entries,
			    r->entries == 1 ? "y" : "ies",
			    archive_error_string(a));
			rc = -1;
			break;
		}
		if (++r->entries > ARCHIVE_MAX_ENTRIES) {
			r->limit = 1;
			snprintf(r->why, sizeof(r->why), "more than %d "
			    "entries", ARCHIVE_MAX_ENTRIES);
			rc = -1;
			break;
		}
		member_name(a, e, r->entries, prefix, &name);
		if (archive_entry_filetype(e) == AE_IFDIR)
			continue;
		if (archive_entry_filetype(e) == AE_IFLNK) {
			skip(r, name.buf, "symbolic link, not followed");
			continue;
		}
		if (archive_entry_hardlink(e) != NULL) {
			skip(r, name.buf, "hard link, not followed");
			continue;
		}
		if (archive_entry_filetype(e) != AE_IFREG) {
			skip(r, name.buf, "not a regular file");
			continue;
		}
		if (archive_entry_is_encrypted(e)) {
			skip(r, name.buf, "password-protected");
			continue;
		}
		/* the first bytes tell what it is */
		headlen = 0;
		while (headlen < HEAD && (n = archive_read_data(a,
		    r->buf + headlen, sizeof(r->buf) - headlen)) > 0)
			headlen += (size_t)n;
		if (headlen < HEAD && n < 0) {
			snprintf(r->why, sizeof(r->why), "corrupt or truncated "
			    "archive: member '%s': %s", name.buf,
			    archive_error_string(a));
			rc = -1;
			break;
		}
		if (expand(r, headlen) < 0) {
			rc = -1;
			break;
		}
		if (headlen == 0)
			skip(r, name.buf, "empty");
		else if (image_media_type(r->buf, headlen) != NULL)
			rc = take_member(r, a, headlen, name.buf);
		else if (archive_magic(r->buf, headlen))
			rc = take_nested(r, a, headlen, name.buf, depth);
		else {
			skip(r, name.buf, office_zip(r->buf, headlen) ?
			    "an office document, not a scan" :
			    "not an image or a PDF");
			rc = drain(r, a, name.buf);
		}
	}
	archive_read_free(a);
	strbuf_release(&name);
	return rc;
}

/*
 * queue_members - finish every member job held, in archive order; then
 * record the archive's digest as taken by its first good member (by the
 * first if none is good: dropped again, it is taken again, as a
 * quarantined file is).  Recorded last, so that a run that dies half-way
 * leaves the archive to be taken again, its queued members then being
 * duplicates.
 */
static int
queue_members(struct arcread *r)
{
	const char *first = NULL;
	size_t i;
	int rc = 0;

	for (i = 0; i < r->nm; i++) {
		if (rc < 0) {
			(void)spool_job_discard(&r->ing->w, &r->m[i].job);
			job_free(&r->m[i].job);
			continue;
		}
		rc = ingest_job_finish(r->ing, &r->m[i].job, r->m[i].pages,
		    r->m[i].err, r->m[i].shown);
		if (rc == 0 && first == NULL && r->m[i].err == NULL)
			first = r->m[i].job.id;
	}
	if (rc == 0 && r->nm > 0)
		ingest_mark_seen(r->ing, r->sha, first != NULL ? first :
		    r->m[0].job.id);
	return rc;
}

int
ingest_archive(struct ingest *ing, struct job *arc, const char *path)
{
	struct arcread *r;
	locale_t utf8, old = (locale_t)0;
	size_t i;
	int rc;

	r = xcalloc(1, sizeof(*r));
	r->ing = ing;
	r->arc = arc;
	r->path = path;
	r->rel = job_get(arc, "source_file");
	r->sha = job_get(arc, "source_sha256");
	r->size = (size_t)job_get_long(arc, "size", 0);
	if (job_path(arc, "source", r->container, sizeof(r->container)) < 0) {
		free(r);
		errno = ENAMETOOLONG;
		msg_error("cannot read '%s': %s", arc->dir, strerror(errno));
		return ingest_give_up(ing, arc);
	}
	memcpy(r->chain[0], r->sha, SHA256_HEX_LEN + 1);
	/* member names in UTF-8, whatever the locale of the run */
	if ((utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0)) !=
	    (locale_t)0)
		old = uselocale(utf8);
	rc = read_archive(r, r->container, "", 1);
	if (utf8 != (locale_t)0) {
		uselocale(old);
		freelocale(utf8);
	}
	if (rc == 0 && r->nm == 0 && r->dups == 0) {
		if (r->skipped > 0)
			snprintf(r->why, sizeof(r->why), "no image or PDF "
			    "among its members (%ld skipped, first %s)",
			    r->skipped, r->note);
		else
			snprintf(r->why, sizeof(r->why), "an empty archive");
		rc = -1;
	}
	if (rc == -2)
		drop_members(r, 0);
	else if (rc == -1) {
		drop_members(r, 0);
		rc = ingest_job_finish(ing, arc, 0, r->why, path);
		arc = NULL;
	} else {
		msg_info("'%s': archive: %zu member job%s, %ld duplicate%s, "
		    "%ld skipped", path, r->nm, r->nm == 1 ? "" : "s",
		    r->dups, r->dups == 1 ? "" : "s", r->skipped);
		ing->duplicates += r->dups;
		rc = queue_members(r);
		/* every member a duplicate: the archive was taken before */
		if (rc == 0 && r->nm == 0)
			ingest_mark_seen(ing, r->sha, arc->id);
	}
	for (i = 0; i < r->nm; i++) {
		free(r->m[i].shown);
		free(r->m[i].err);
	}
	free(r->m);
	free(r);
	if (arc == NULL)
		return rc;
	if (rc == -2)
		return ingest_give_up(ing, arc);
	(void)spool_job_discard(&ing->w, arc);
	job_free(arc);
	return rc;
}
