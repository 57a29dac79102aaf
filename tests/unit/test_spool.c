/*
 * test_spool.c - the spool handoff protocol and job metadata
 */
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/spool/spoolq.h"
#include "fileio.h"
#include "job.h"
#include "sha256.h"
#include "spool.h"
#include "strbuf.h"
#include "unit.h"

/* make_job - a valid job ID in SPOOL/REL with PAGES pages */
static void
make_job(struct spool *sp, const char *rel, const char *id, int pages)
{
	char dir[PATH_MAX * 2];
	struct job job;

	snprintf(dir, sizeof(dir), "%s/%s/%s", sp->root, rel, id);
	assert_int(mkdir(dir, 0700), ==, 0);
	job_init(&job, dir, id);
	job_set(&job, "id", id);
	job_setf(&job, "pages", "%d", pages);
	assert_int(job_save(&job), ==, 0);
	job_free(&job);
}

/* where - the one place job ID is, "" if none; asserts it is only one */
static const char *
where(struct spool *sp, const char *id)
{
	static char buf[PATH_MAX];

	if (spool_locate(sp, id, buf, sizeof(buf)) < 0)
		return "";
	return buf;
}

DEFINE_TEST(test_spool_layout_owner_only)
{
	struct spool sp;
	struct stat st;

	assert_int(spool_open(&sp, "sp", 1), ==, 0);
	assert_int(stat("sp", &st), ==, 0);
	assert_int(st.st_mode & 077, ==, 0);
	assert_true(path_is_dir("sp/deskew/new"));
	assert_true(path_is_dir("sp/load/cur"));
	assert_true(path_is_dir("sp/quarantine"));
	/* reopening an existing spool is fine; a missing one without create is not */
	assert_int(spool_open(&sp, "sp", 0), ==, 0);
	assert_int(spool_open(&sp, "nope", 0), ==, -1);
	assert_true(strstr(sp.err, "nope") != NULL);
}

DEFINE_TEST(test_job_meta_roundtrip)
{
	struct strbuf sb = STRBUF_INIT;
	struct job job, back;
	char err[256];

	assert_int(mkdir("j", 0700), ==, 0);
	job_init(&job, "j", "J1");
	job_set(&job, "source_file", "a b/c\\d\nline two\r");
	job_set(&job, "pages", "3");
	job_set(&job, "pages", "4");	/* replaces */
	assert_int(job_save(&job), ==, 0);
	assert_int(job_load(&back, "j", "J1", err, sizeof(err)), ==, 0);
	assert_str(job_get(&back, "source_file"), "a b/c\\d\nline two\r");
	assert_int(job_get_long(&back, "pages", 0), ==, 4);
	assert_int(job_get_long(&back, "missing", -7), ==, -7);
	assert_int((long long)back.nkv, ==, 2);
	job_free(&back);
	/* a meta without its end line is truncated: refused */
	job_serialize(&job, &sb);
	sb.len -= 4;
	assert_int(file_replace("j", "meta", sb.buf, sb.len), ==, 0);
	assert_int(job_load(&back, "j", "J1", err, sizeof(err)), ==, -1);
	assert_true(strstr(err, "truncated") != NULL);
	/* cut in the middle of a line */
	assert_int(file_replace("j", "meta", "pages=3\nsour", 12), ==, 0);
	assert_int(job_load(&back, "j", "J1", err, sizeof(err)), ==, -1);
	/* garbage keys */
	assert_int(file_replace("j", "meta", "../x=1\nend\n", 11), ==, 0);
	assert_int(job_load(&back, "j", "J1", err, sizeof(err)), ==, -1);
	assert_true(strstr(err, "malformed") != NULL);
	job_free(&job);
	strbuf_release(&sb);
}

DEFINE_TEST(test_job_id_syntax)
{
	char id[JOB_ID_MAX], id2[JOB_ID_MAX];

	job_id_new(id, sizeof(id));
	job_id_new(id2, sizeof(id2));
	assert_true(job_id_valid(id));
	assert_true(strcmp(id, id2) != 0);
	assert_true(!job_id_valid(".."));
	assert_true(!job_id_valid("../etc"));
	assert_true(!job_id_valid("a/b"));
	assert_true(!job_id_valid(".hidden"));
	assert_true(!job_id_valid(""));
	assert_true(!job_id_valid("x..y"));
	assert_true(job_id_valid("20261122T081500Z-1-0001-abcdef"));
}

DEFINE_TEST(test_spool_claim_handoff_quarantine)
{
	struct spool sp;
	struct spool_worker w1, w2;
	struct job job, job2;
	char **ids;
	size_t n;

	assert_int(spool_open(&sp, "sp", 1), ==, 0);
	make_job(&sp, "deskew/new", "J1", 2);
	make_job(&sp, "deskew/new", "J2", 1);
	/* junk in a queue is never taken: not an id, a file, a symlink */
	assert_int(mkdir("sp/deskew/new/.tmp", 0700), ==, 0);
	assert_int(file_write_durable("sp/deskew/new/J3", "x", 1), ==, 0);
	assert_int(symlink("/etc", "sp/deskew/new/J4"), ==, 0);
	assert_int(spool_list(&sp, "deskew/new", &ids, &n), ==, 0);
	assert_int((long long)n, ==, 2);
	spool_list_free(ids, n);

	assert_int(spool_worker_start(&sp, "deskew", &w1), ==, 0);
	assert_int(spool_worker_start(&sp, "deskew", &w2), ==, 0);
	assert_int(spool_claim(&w1, "J1", &job), ==, 1);
	assert_int(job_get_long(&job, "pages", 0), ==, 2);
	/* the second worker loses the race for the same job */
	assert_int(spool_claim(&w2, "J1", &job2), ==, 0);
	assert_true(strncmp(where(&sp, "J1"), "deskew/cur/", 11) == 0);
	/* the owner is alive: recovery leaves the claim alone */
	assert_int(spool_recover(&sp, "deskew"), ==, 0);
	assert_true(strncmp(where(&sp, "J1"), "deskew/cur/", 11) == 0);

	assert_int(spool_handoff(&w1, &job, "ocr"), ==, 0);
	assert_str(where(&sp, "J1"), "ocr/new");
	assert_true(path_is_dir("sp/ocr/new/J1"));
	job_free(&job);

	assert_int(spool_claim(&w2, "J2", &job2), ==, 1);
	assert_int(spool_quarantine(&sp, job2.dir, "J2", "deskew",
	    "corrupt image"), ==, 0);
	assert_str(where(&sp, "J2"), "quarantine");
	{
		struct strbuf sb = STRBUF_INIT;

		assert_int(file_read("sp/quarantine/J2/error", 4096, &sb), ==,
		    0);
		assert_true(strstr(sb.buf, "stage=deskew\n") != NULL);
		assert_true(strstr(sb.buf, "reason=corrupt image\n") != NULL);
		strbuf_release(&sb);
	}
	job_free(&job2);
	spool_worker_stop(&w1);
	spool_worker_stop(&w2);
}

DEFINE_TEST(test_spool_truncated_meta_quarantined_at_claim)
{
	struct spool sp;
	struct spool_worker w;
	struct job job;

	assert_int(spool_open(&sp, "sp", 1), ==, 0);
	assert_int(mkdir("sp/ocr/new/J9", 0700), ==, 0);
	assert_int(file_write_durable("sp/ocr/new/J9/meta", "pages=1\n", 8),
	    ==, 0);
	assert_int(spool_worker_start(&sp, "ocr", &w), ==, 0);
	assert_int(spool_claim(&w, "J9", &job), ==, 0);
	assert_str(where(&sp, "J9"), "quarantine");
	spool_worker_stop(&w);
}

DEFINE_TEST(test_spool_recover_dead_worker)
{
	struct spool sp;
	struct spool_worker w;
	struct job job;
	pid_t pid;
	int st;

	assert_int(spool_open(&sp, "sp", 1), ==, 0);
	make_job(&sp, "tag/new", "J5", 1);
	make_job(&sp, "tag/new", "J6", 1);
	pid = fork();
	if (pid == 0) {
		/* a worker that claims a job and dies without a word */
		if (spool_worker_start(&sp, "tag", &w) < 0 ||
		    spool_claim(&w, "J5", &job) != 1)
			_exit(1);
		_exit(0);
	}
	assert_int(waitpid(pid, &st, 0), ==, pid);
	assert_int(WEXITSTATUS(st), ==, 0);
	assert_true(strncmp(where(&sp, "J5"), "tag/cur/", 8) == 0);
	assert_int(spool_recover(&sp, "tag"), ==, 1);
	assert_str(where(&sp, "J5"), "tag/new");
	assert_str(where(&sp, "J6"), "tag/new");
	/* no worker dir is left behind */
	{
		char **ids;
		size_t n;

		assert_int(spool_list(&sp, "tag/cur", &ids, &n), ==, 0);
		assert_int((long long)n, ==, 0);
		spool_list_free(ids, n);
	}
}

DEFINE_TEST(test_spool_concurrent_claims_exactly_once)
{
	struct spool sp;
	char id[32];
	int i, k, st, total = 0;
	pid_t pids[4];
	int pfd[2];

	assert_int(spool_open(&sp, "sp", 1), ==, 0);
	for (i = 0; i < 200; i++) {
		snprintf(id, sizeof(id), "J%03d", i);
		make_job(&sp, "classify/new", id, 1);
	}
	assert_int(pipe(pfd), ==, 0);
	for (k = 0; k < 4; k++) {
		pids[k] = fork();
		if (pids[k] == 0) {
			struct spool_worker w;
			struct job job;
			int mine = 0;

			close(pfd[0]);
			if (spool_worker_start(&sp, "classify", &w) < 0)
				_exit(1);
			for (i = 0; i < 200; i++) {
				snprintf(id, sizeof(id), "J%03d", i);
				if (spool_claim(&w, id, &job) == 1) {
					if (spool_handoff(&w, &job, "tag") < 0)
						_exit(1);
					job_free(&job);
					mine++;
				}
			}
			spool_worker_stop(&w);
			(void)!write(pfd[1], &mine, sizeof(mine));
			_exit(0);
		}
	}
	close(pfd[1]);
	for (k = 0; k < 4; k++) {
		int mine = 0;

		assert_int(read(pfd[0], &mine, sizeof(mine)), ==,
		    (long)sizeof(mine));
		total += mine;
		waitpid(pids[k], &st, 0);
		assert_int(WEXITSTATUS(st), ==, 0);
	}
	close(pfd[0]);
	assert_int(total, ==, 200);
	for (i = 0; i < 200; i++) {
		snprintf(id, sizeof(id), "J%03d", i);
		assert_str(where(&sp, id), "tag/new");
	}
}

DEFINE_TEST(test_spool_finish_interrupted_is_not_requeued)
{
	struct spool sp;
	struct spool_worker w;
	struct job job;
	char gone[PATH_MAX * 2], meta[PATH_MAX * 3];
	char **ids;
	size_t n;
	pid_t pid;
	int st;

	assert_int(spool_open(&sp, "sp", 1), ==, 0);
	make_job(&sp, "load/new", "J7", 1);
	pid = fork();
	if (pid == 0) {
		/* a load worker dies half-way through removing a done job */
		if (spool_worker_start(&sp, "load", &w) < 0 ||
		    spool_claim(&w, "J7", &job) != 1)
			_exit(1);
		snprintf(gone, sizeof(gone), "%s/.%s", w.dir, job.id);
		if (rename(job.dir, gone) < 0)
			_exit(1);
		snprintf(meta, sizeof(meta), "%s/meta", gone);
		_exit(unlink(meta) < 0);
	}
	assert_int(waitpid(pid, &st, 0), ==, pid);
	assert_int(WEXITSTATUS(st), ==, 0);
	/* recovery removes the remains instead of queueing them again */
	assert_int(spool_recover(&sp, "load"), ==, 0);
	assert_int(spool_list(&sp, "load/new", &ids, &n), ==, 0);
	assert_int((long long)n, ==, 0);
	spool_list_free(ids, n);
	assert_int(spool_list(&sp, "load/cur", &ids, &n), ==, 0);
	assert_int((long long)n, ==, 0);
	spool_list_free(ids, n);
	assert_int(spool_list(&sp, "quarantine", &ids, &n), ==, 0);
	assert_int((long long)n, ==, 0);
	spool_list_free(ids, n);
}

/* age PATH by SECONDS: set its times that far in the past */
static void
age(const char *path, int seconds)
{
	struct timeval tv[2];

	gettimeofday(&tv[0], NULL);
	tv[0].tv_sec -= seconds;
	tv[1] = tv[0];
	assert_int(utimes(path, tv), ==, 0);
}

DEFINE_TEST(test_spool_recover_removes_stale_starting_dirs)
{
	struct spool sp;
	int fd;

	assert_int(spool_open(&sp, "sp", 1), ==, 0);
	/* died between mkdir and lock: no lock file, an hour old */
	assert_int(mkdir("sp/ocr/cur/.20261122T000000Z-1-0001-aaaaaa", 0700),
	    ==, 0);
	age("sp/ocr/cur/.20261122T000000Z-1-0001-aaaaaa", 3600);
	/* died between lock and rename: a lock nobody holds */
	assert_int(mkdir("sp/ocr/cur/.20261122T000000Z-1-0002-bbbbbb", 0700),
	    ==, 0);
	fd = open("sp/ocr/cur/.20261122T000000Z-1-0002-bbbbbb/.lock",
	    O_RDWR | O_CREAT, 0600);
	assert_true(fd >= 0);
	close(fd);
	age("sp/ocr/cur/.20261122T000000Z-1-0002-bbbbbb", 3600);
	/* being built now: fresh, or locked by its (here: our) worker */
	assert_int(mkdir("sp/ocr/cur/.20261122T000000Z-1-0003-cccccc", 0700),
	    ==, 0);
	assert_int(mkdir("sp/ocr/cur/.20261122T000000Z-1-0004-dddddd", 0700),
	    ==, 0);
	fd = open("sp/ocr/cur/.20261122T000000Z-1-0004-dddddd/.lock",
	    O_RDWR | O_CREAT, 0600);
	assert_true(fd >= 0);
	assert_int(flock(fd, LOCK_EX | LOCK_NB), ==, 0);
	age("sp/ocr/cur/.20261122T000000Z-1-0004-dddddd", 3600);

	assert_int(spool_recover(&sp, "ocr"), ==, 0);
	assert_true(!path_is_dir("sp/ocr/cur/.20261122T000000Z-1-0001-aaaaaa"));
	assert_true(!path_is_dir("sp/ocr/cur/.20261122T000000Z-1-0002-bbbbbb"));
	assert_true(path_is_dir("sp/ocr/cur/.20261122T000000Z-1-0003-cccccc"));
	assert_true(path_is_dir("sp/ocr/cur/.20261122T000000Z-1-0004-dddddd"));
	close(fd);
}

DEFINE_TEST(test_spool_job_create_commit_discard)
{
	struct spool sp;
	struct spool_worker w;
	struct job a, b, c;
	char ida[JOB_ID_MAX];

	assert_int(spool_open(&sp, "sp", 1), ==, 0);
	assert_int(spool_worker_start(&sp, "ingest", &w), ==, 0);
	/* one input, three jobs: each with its own fresh id */
	assert_int(spool_job_create(&w, &a), ==, 0);
	assert_int(spool_job_create(&w, &b), ==, 0);
	assert_int(spool_job_create(&w, &c), ==, 0);
	assert_true(strcmp(a.id, b.id) != 0 && strcmp(b.id, c.id) != 0);
	assert_true(strncmp(a.dir, w.dir, strlen(w.dir)) == 0);
	assert_true(strncmp(where(&sp, a.id), "ingest/cur/", 11) == 0);
	job_set(&a, "id", a.id);
	assert_int(job_save(&a), ==, 0);
	assert_int(job_write(&a, "source", "x", 1), ==, 0);
	/* NULL: the stage after the worker's */
	assert_int(spool_job_commit(&w, &a, NULL), ==, 0);
	assert_str(where(&sp, a.id), "deskew/new");
	assert_true(strstr(a.dir, "/deskew/new/") != NULL);
	snprintf(ida, sizeof(ida), "%s", a.id);
	job_free(&a);
	job_set(&b, "id", b.id);
	assert_int(job_save(&b), ==, 0);
	assert_int(spool_job_commit(&w, &b, "ocr"), ==, 0);
	assert_str(where(&sp, b.id), "ocr/new");
	/* a name that is not a stage with a queue is refused */
	assert_int(spool_job_commit(&w, &c, "nowhere"), ==, -1);
	assert_int(spool_job_discard(&w, &c), ==, 0);
	assert_str(where(&sp, c.id), "");
	assert_str(where(&sp, ida), "deskew/new");
	job_free(&b);
	job_free(&c);
	spool_worker_stop(&w);
}

struct seen_jobs {
	struct strbuf sb;
	int	 stop_after;
	int	 n;
};

static int
collect(void *arg, const char *state, const char *id, const char *path)
{
	struct seen_jobs *s = arg;

	assert_true(path_is_dir(path));
	strbuf_addf(&s->sb, "%s %s\n", state, id);
	return ++s->n == s->stop_after ? 42 : 0;
}

DEFINE_TEST(test_spool_walk_every_state_in_order)
{
	struct seen_jobs s = { STRBUF_INIT, 0, 0 };
	struct spool sp;
	struct spool_worker wi, wo;
	struct job job, half;
	char want[1024], loc[PATH_MAX];

	assert_int(spool_open(&sp, "sp", 1), ==, 0);
	make_job(&sp, "quarantine", "Q1", 1);
	make_job(&sp, "load/new", "L1", 1);
	make_job(&sp, "deskew/new", "D2", 1);
	make_job(&sp, "deskew/new", "D1", 1);
	make_job(&sp, "ocr/new", "O1", 1);
	assert_int(spool_worker_start(&sp, "ingest", &wi), ==, 0);
	assert_int(spool_job_create(&wi, &half), ==, 0);
	assert_int(spool_worker_start(&sp, "ocr", &wo), ==, 0);
	assert_int(spool_claim(&wo, "O1", &job), ==, 1);
	job_free(&job);
	assert_int(spool_walk(&sp, collect, &s), ==, 0);
	snprintf(want, sizeof(want), "%s %s\ndeskew/new D1\ndeskew/new D2\n"
	    "%s O1\nload/new L1\nquarantine Q1\n", wi.dir + 3,
	    half.id, wo.dir + 3);
	/* wi.dir is "sp/ingest/cur/W": the state is relative to the root */
	assert_str(s.sb.buf, want);
	assert_int(spool_locate(&sp, "O1", loc, sizeof(loc)), ==, 0);
	assert_str(loc, wo.dir + 3);
	assert_int(spool_locate(&sp, "Q1", loc, sizeof(loc)), ==, 0);
	assert_str(loc, "quarantine");
	assert_int(spool_locate(&sp, "nope", loc, sizeof(loc)), ==, -1);
	/* a callback that says stop stops the walk, with its value */
	strbuf_release(&s.sb);
	s.n = 0;
	s.stop_after = 2;
	assert_int(spool_walk(&sp, collect, &s), ==, 42);
	assert_int(s.n, ==, 2);
	strbuf_release(&s.sb);
	assert_int(spool_job_discard(&wi, &half), ==, 0);
	job_free(&half);
	spool_worker_stop(&wi);
	spool_worker_stop(&wo);
}

DEFINE_TEST(test_spool_waiting_counts_a_queue)
{
	struct spool sp;
	char **ids;
	size_t n;

	assert_int(spool_open(&sp, "sp", 1), ==, 0);
	assert_int(spool_waiting(&sp, "ocr"), ==, 0);
	make_job(&sp, "ocr/new", "A1", 1);
	make_job(&sp, "ocr/new", "A2", 1);
	assert_int(file_write_durable("sp/ocr/new/A3", "x", 1), ==, 0);
	assert_int(spool_waiting(&sp, "ocr"), ==, 2);
	assert_int(spool_waiting(&sp, spool_next_stage("deskew")), ==, 2);
	assert_int(spool_queue_list(&sp, "ocr", &ids, &n), ==, 0);
	assert_int((long long)n, ==, 2);
	assert_str(ids[0], "A1");
	spool_list_free(ids, n);
	{
		struct seen_jobs s = { STRBUF_INIT, 0, 0 };

		assert_int(spool_walk_queue(&sp, "ocr", collect, &s), ==, 0);
		assert_str(s.sb.buf, "ocr/new A1\nocr/new A2\n");
		strbuf_release(&s.sb);
		assert_int(spool_walk_queue(&sp, "ingest", collect, &s), ==,
		    -1);
	}
	/* ingest has no queue, and names are not paths */
	assert_int(spool_waiting(&sp, "ingest"), ==, -1);
	assert_int(spool_waiting(&sp, "../ocr"), ==, -1);
}

DEFINE_TEST(test_spool_queue_oldest_is_bounded)
{
	static const char *const names[] = {
		"B7", "A3", "C1", "A1", "B2", "A9", "C5", "A2", NULL
	};
	struct spool sp;
	char **ids;
	size_t n;
	int i, more;

	assert_int(spool_open(&sp, "sp", 1), ==, 0);
	for (i = 0; names[i] != NULL; i++)
		make_job(&sp, "ocr/new", names[i], 1);
	/* a file named like a job is no job, and never "more" */
	assert_int(file_write_durable("sp/ocr/new/A0", "x", 1), ==, 0);
	assert_int(spool_queue_oldest(&sp, "ocr", 3, &ids, &n, &more), ==, 0);
	assert_int((long long)n, ==, 3);
	assert_int(more, ==, 1);
	assert_str(ids[0], "A1");
	assert_str(ids[1], "A2");
	assert_str(ids[2], "A3");
	spool_list_free(ids, n);
	assert_int(spool_queue_oldest(&sp, "ocr", 8, &ids, &n, &more), ==, 0);
	assert_int((long long)n, ==, 8);
	assert_int(more, ==, 0);
	assert_str(ids[7], "C5");
	spool_list_free(ids, n);
	assert_int(spool_queue_oldest(&sp, "ingest", 8, &ids, &n, &more), ==,
	    -1);
}

DEFINE_TEST(test_spool_batch_records)
{
	struct spool sp;
	struct job b, back;
	char err[256];
	char **ids;
	size_t n;

	assert_int(spool_open(&sp, "sp", 1), ==, 0);
	assert_int(spool_batch_load(&sp, "B1", &back, err, sizeof(err)), ==,
	    -1);
	assert_int(errno, ==, ENOENT);
	job_free(&back);
	job_init(&b, "", "B1");
	job_set(&b, "pages_in", "7");
	assert_int(spool_batch_save(&sp, &b), ==, 0);
	assert_true(path_is_dir("sp/batch/B1"));
	job_set(&b, "pages_in", "8");
	assert_int(spool_batch_save(&sp, &b), ==, 0);
	job_free(&b);
	assert_int(spool_batch_load(&sp, "B1", &back, err, sizeof(err)), ==,
	    0);
	assert_int(job_get_long(&back, "pages_in", 0), ==, 8);
	job_free(&back);
	/* a batch dir without meta is no batch; a bad name is refused */
	assert_int(mkdir("sp/batch/B0", 0700), ==, 0);
	assert_int(spool_batch_list(&sp, &ids, &n), ==, 0);
	assert_int((long long)n, ==, 1);
	assert_str(ids[0], "B1");
	spool_list_free(ids, n);
	assert_int(spool_batch_load(&sp, "../B1", &back, err, sizeof(err)),
	    ==, -1);
	assert_int(errno, ==, EINVAL);
	job_free(&back);
	/* a truncated meta is an error, not "no batch" */
	assert_int(file_replace("sp/batch/B1", "meta", "pages_in=1\n", 11),
	    ==, 0);
	assert_int(spool_batch_load(&sp, "B1", &back, err, sizeof(err)), ==,
	    -1);
	assert_true(errno != ENOENT);
	job_free(&back);
}

DEFINE_TEST(test_spool_seen_records)
{
	struct spool sp;
	char sha[SHA256_HEX_LEN + 1], id[JOB_ID_MAX];

	assert_int(spool_open(&sp, "sp", 1), ==, 0);
	sha256_hex("abc", 3, sha);
	assert_int(spool_seen_get(&sp, sha, id, sizeof(id)), ==, 0);
	assert_int(spool_seen_put(&sp, sha, "J1"), ==, 0);
	assert_int(spool_seen_get(&sp, sha, id, sizeof(id)), ==, 1);
	assert_str(id, "J1");
	/* the first record stands */
	assert_int(spool_seen_put(&sp, sha, "J2"), ==, -1);
	assert_int(errno, ==, EEXIST);
	assert_int(spool_seen_get(&sp, sha, id, sizeof(id)), ==, 1);
	assert_str(id, "J1");
	/* a digest is never a path */
	assert_int(spool_seen_get(&sp, "../batch", id, sizeof(id)), ==, -1);
	assert_int(errno, ==, EINVAL);
	sha[0] = 'A';
	assert_int(spool_seen_put(&sp, sha, "J3"), ==, -1);
}

/* quarantine_from - claim ID from STAGE/new and quarantine it for WHY */
static void
quarantine_from(struct spool *sp, const char *stage, const char *id,
    const char *why)
{
	struct spool_worker w;
	struct job job;

	assert_int(spool_worker_start(sp, stage, &w), ==, 0);
	assert_int(spool_claim(&w, id, &job), ==, 1);
	assert_int(spool_quarantine(sp, job.dir, id, stage, why), ==, 0);
	job_free(&job);
	spool_worker_stop(&w);
}

DEFINE_TEST(test_spool_retry_keeps_every_earlier_reason)
{
	struct strbuf sb = STRBUF_INIT;
	struct spool_qinfo q;
	struct spool sp;
	char *e1, *e2;

	assert_int(spool_open(&sp, "sp", 1), ==, 0);
	make_job(&sp, "deskew/new", "R1", 1);
	quarantine_from(&sp, "deskew", "R1", "first\nreason");
	assert_int(spool_quarantine_info(&sp, "R1", &q), ==, 0);
	assert_str(q.stage, "deskew");
	assert_str(q.reason, "first reason");
	assert_int(q.tries, ==, 1);
	assert_str(q.earlier, "");
	assert_true(q.at[0] == '2');

	assert_int(spool_quarantine_retry(&sp, "R1", q.stage), ==, 0);
	assert_str(where(&sp, "R1"), "deskew/new");
	assert_true(!path_is_dir("sp/deskew/new/R1/error"));
	assert_int(spool_quarantine_info(&sp, "R1", &q), ==, -1);
	assert_int(errno, ==, ENOENT);
	quarantine_from(&sp, "deskew", "R1", "second reason");
	assert_int(spool_quarantine_retry(&sp, "R1", "deskew"), ==, 0);
	/* it gets through deskew this time, and OCR refuses it */
	rename("sp/deskew/new/R1", "sp/ocr/new/R1");
	quarantine_from(&sp, "ocr", "R1", "third reason");

	assert_int(spool_quarantine_info(&sp, "R1", &q), ==, 0);
	assert_str(q.stage, "ocr");
	assert_str(q.reason, "third reason");
	assert_int(q.tries, ==, 3);
	/* newest first: "AT STAGE REASON" */
	e1 = strstr(q.earlier, " deskew second reason\n");
	e2 = strstr(q.earlier, " deskew first reason\n");
	assert_true(e1 != NULL && e2 != NULL && e1 < e2);
	assert_int(file_read("sp/quarantine/R1/error", 65536, &sb), ==, 0);
	assert_true(strncmp(sb.buf, "stage=ocr\n", 10) == 0);
	assert_true(strstr(sb.buf, "\ntries=3\n") != NULL);
	assert_true(strstr(sb.buf, "\nearlier=") != NULL);
	assert_true(!path_is_dir("sp/quarantine/R1/error.retried") &&
	    access("sp/quarantine/R1/error.retried", F_OK) < 0);
	strbuf_release(&sb);

	/* a retry that died before moving the job: the verdict is still read */
	assert_int(rename("sp/quarantine/R1/error",
	    "sp/quarantine/R1/error.retried"), ==, 0);
	assert_int(spool_quarantine_info(&sp, "R1", &q), ==, 0);
	assert_int(q.retried, ==, 1);
	assert_str(q.stage, "ocr");
	assert_int(spool_quarantine_retry(&sp, "R1", q.stage), ==, 0);
	assert_str(where(&sp, "R1"), "ocr/new");

	/* no error file at all; not a job id; not quarantined */
	make_job(&sp, "quarantine", "R2", 1);
	assert_int(spool_quarantine_info(&sp, "R2", &q), ==, -1);
	assert_int(errno, ==, ENODATA);
	assert_int(spool_quarantine_info(&sp, "../R2", &q), ==, -1);
	assert_int(errno, ==, EINVAL);
	assert_int(spool_quarantine_retry(&sp, "R2", "ingest"), ==, -1);
	assert_str(where(&sp, "R2"), "quarantine");
}

/* quarantined_with_source - job ID in quarantine holding SOURCE bytes */
static void
quarantined_with_source(struct spool *sp, const char *id, const char *data)
{
	char dir[PATH_MAX], sha[SHA256_HEX_LEN + 1];
	struct job job;

	snprintf(dir, sizeof(dir), "%s/quarantine/%s", sp->root, id);
	assert_int(mkdir(dir, 0700), ==, 0);
	job_init(&job, dir, id);
	job_set(&job, "source_file", "in/scan 1.png");
	sha256_hex(data, strlen(data), sha);
	job_set(&job, "source_sha256", sha);
	assert_int(job_save(&job), ==, 0);
	assert_int(job_write(&job, "source", data, strlen(data)), ==, 0);
	job_free(&job);
}

DEFINE_TEST(test_spoolq_release_never_loses_the_evidence)
{
	struct strbuf sb = STRBUF_INIT;
	struct spool sp;
	char err[512];
	FILE *saved;

	assert_int(spool_open(&sp, "sp", 1), ==, 0);
	assert_int(mkdir("out", 0700), ==, 0);
	saved = stdout;
	stdout = fopen("/dev/null", "w");
	/* the source replaced by a directory, by a fifo: job kept */
	quarantined_with_source(&sp, "Q1", "pixels");
	assert_int(unlink("sp/quarantine/Q1/source"), ==, 0);
	assert_int(mkdir("sp/quarantine/Q1/source", 0700), ==, 0);
	assert_int(spoolq_release(&sp, "Q1", "out", err, sizeof(err)), ==, -1);
	assert_true(strstr(err, "not a regular file") != NULL);
	assert_true(strstr(err, "kept in quarantine") != NULL);
	assert_true(path_is_dir("sp/quarantine/Q1"));
	quarantined_with_source(&sp, "Q2", "pixels");
	assert_int(unlink("sp/quarantine/Q2/source"), ==, 0);
	assert_int(mkfifo("sp/quarantine/Q2/source", 0600), ==, 0);
	assert_int(spoolq_release(&sp, "Q2", "out", err, sizeof(err)), ==, -1);
	assert_true(path_is_dir("sp/quarantine/Q2"));
	/* a source that is not what was ingested: kept, no copy left */
	quarantined_with_source(&sp, "Q3", "pixels");
	assert_int(file_replace("sp/quarantine/Q3", "source", "pixelz", 6),
	    ==, 0);
	assert_int(spoolq_release(&sp, "Q3", "out", err, sizeof(err)), ==, -1);
	assert_true(strstr(err, "does not match") != NULL);
	assert_true(path_is_dir("sp/quarantine/Q3"));
	assert_true(access("out/Q3.scan 1.png", F_OK) < 0);
	/* a good one: copied under its base name, then removed */
	quarantined_with_source(&sp, "Q4", "pixels");
	assert_int(spoolq_release(&sp, "Q4", "out", err, sizeof(err)), ==, 0);
	assert_int(file_read("out/Q4.scan 1.png", 100, &sb), ==, 0);
	assert_str(sb.buf, "pixels");
	assert_true(!path_is_dir("sp/quarantine/Q4"));
	/* never overwriting: the same name again keeps the job */
	quarantined_with_source(&sp, "Q4", "pixels");
	assert_int(spoolq_release(&sp, "Q4", "out", err, sizeof(err)), ==, -1);
	assert_true(path_is_dir("sp/quarantine/Q4"));
	/* without -o, release is the person's decision to drop it */
	assert_int(spoolq_release(&sp, "Q4", NULL, err, sizeof(err)), ==, 0);
	assert_true(!path_is_dir("sp/quarantine/Q4"));
	fclose(stdout);
	stdout = saved;
	strbuf_release(&sb);
}

/* FIPS 180-2's examples, whole and streamed in uneven pieces */
DEFINE_TEST(test_sha256_known_digests)
{
	static const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklm"
	    "klmnlmnomnopnopq";
	struct sha256_stream s;
	char hex[SHA256_HEX_LEN + 1], *a;
	size_t i, n;

	sha256_hex("abc", 3, hex);
	assert_str(hex, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	sha256_hex(two, strlen(two), hex);
	assert_str(hex, "248d6a61d20638b8e5c026930c3e6039"
	    "a33ce45964ff2167f6ecedd419db06c1");
	sha256_hex("", 0, hex);
	assert_str(hex, "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855");
	/* a million "a", in pieces of 1, 2, ... bytes */
	a = malloc(1000000);
	assert_true(a != NULL);
	memset(a, 'a', 1000000);
	sha256_begin(&s);
	for (i = 0, n = 1; i < 1000000; i += n, n++)
		sha256_update(&s, a + i, i + n > 1000000 ? 1000000 - i : n);
	sha256_end_hex(&s, hex);
	assert_str(hex, "cdc76e5c9914fb9281a1c7e284d73e67"
	    "f1809a48a497200e046d39ccc7112cd0");
	sha256_hex(a, 1000000, hex);
	assert_str(hex, "cdc76e5c9914fb9281a1c7e284d73e67"
	    "f1809a48a497200e046d39ccc7112cd0");
	free(a);
}
