/*
 * fileio.c - careful file and directory primitives (see fileio.h)
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"
#include "strbuf.h"

int
file_read_fd(int fd, size_t max, struct strbuf *sb)
{
	ssize_t n;

	for (;;) {
		strbuf_grow(sb, 65536);
		n = read(fd, sb->buf + sb->len, 65536);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			break;
		sb->len += (size_t)n;
		sb->buf[sb->len] = '\0';
		if (sb->len > max) {
			errno = EFBIG;
			return -1;
		}
	}
	return 0;
}

int
file_check_private(int fd)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return -1;
	if (!S_ISREG(st.st_mode)) {
		errno = EINVAL;
		return -1;
	}
	if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
		errno = EPERM;
		return -1;
	}
	return 0;
}

int
file_open_regular(const char *path, size_t max, struct stat *st)
{
	int fd, saved;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -1;
	if (fstat(fd, st) < 0) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	if (!S_ISREG(st->st_mode) || (size_t)st->st_size > max) {
		close(fd);
		errno = S_ISREG(st->st_mode) ? EFBIG : EINVAL;
		return -1;
	}
	return fd;
}

/* read_whole - file_read(), and refuse a file others may write if PRIVATE */
static int
read_whole(const char *path, size_t max, struct strbuf *sb, int private)
{
	struct stat st;
	int fd, rc, saved;

	if ((fd = file_open_regular(path, max, &st)) < 0)
		return -1;
	if (private && (st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
		close(fd);
		errno = EPERM;
		return -1;
	}
	strbuf_grow(sb, (size_t)st.st_size);
	rc = file_read_fd(fd, max, sb);
	saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

int
file_read(const char *path, size_t max, struct strbuf *sb)
{
	return read_whole(path, max, sb, 0);
}

int
file_read_private(const char *path, size_t max, struct strbuf *sb)
{
	return read_whole(path, max, sb, 1);
}

int
file_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int
file_write_durable(const char *path, const void *buf, size_t len)
{
	int fd, saved;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd < 0)
		return -1;
	if (file_write_all(fd, buf, len) < 0 || fsync(fd) < 0) {
		saved = errno;
		close(fd);
		unlink(path);
		errno = saved;
		return -1;
	}
	if (close(fd) < 0) {
		saved = errno;
		unlink(path);
		errno = saved;
		return -1;
	}
	return 0;
}

int
dir_fsync(const char *path)
{
	int fd, rc, saved;

	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	rc = fsync(fd);
	saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

static int
replace(const char *dir, const char *name, const void *buf, size_t len,
    int sync_dir)
{
	char tmp[PATH_MAX], dst[PATH_MAX];
	int saved;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s/.%s.tmp", dir, name) >=
	    sizeof(tmp) ||
	    (size_t)snprintf(dst, sizeof(dst), "%s/%s", dir, name) >=
	    sizeof(dst)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	(void)unlink(tmp);	/* left over by a crashed writer */
	if (file_write_durable(tmp, buf, len) < 0)
		return -1;
	if (rename(tmp, dst) < 0) {
		saved = errno;
		unlink(tmp);
		errno = saved;
		return -1;
	}
	return sync_dir ? dir_fsync(dir) : 0;
}

int
file_replace(const char *dir, const char *name, const void *buf, size_t len)
{
	return replace(dir, name, buf, len, 1);
}

int
file_replace_nosync_dir(const char *dir, const char *name, const void *buf,
    size_t len)
{
	return replace(dir, name, buf, len, 0);
}

int
dir_make(const char *path)
{
	struct stat st;

	if (mkdir(path, 0700) == 0)
		return 0;
	if (errno != EEXIST)
		return -1;
	if (lstat(path, &st) < 0)
		return -1;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	return 0;
}

int
dir_make_parents(const char *path)
{
	char buf[PATH_MAX];
	char *p;

	if ((size_t)snprintf(buf, sizeof(buf), "%s", path) >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (p = buf + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (dir_make(buf) < 0) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return dir_make(buf);
}

static int
remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		return rmdir(path);
	return unlink(path);
}

int
dir_remove_tree(const char *path)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	return nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}

void
path_dirname(const char *path, char *buf, size_t size)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		snprintf(buf, size, ".");
	else if (slash == path)
		snprintf(buf, size, "/");
	else
		snprintf(buf, size, "%.*s", (int)(slash - path), path);
}

int
rename_noreplace(const char *from, const char *to)
{
#ifdef RENAME_NOREPLACE
	if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
#endif
	/* XXX: not atomic against a racing creator of TO; IDs are unique */
	if (access(to, F_OK) == 0) {
		errno = EEXIST;
		return -1;
	}
	return rename(from, to);
}

int
rename_durable(const char *from, const char *to)
{
	char d1[PATH_MAX], d2[PATH_MAX];

	if (rename_noreplace(from, to) < 0)
		return -1;
	path_dirname(from, d1, sizeof(d1));
	path_dirname(to, d2, sizeof(d2));
	if (dir_fsync(d2) < 0)
		return -1;
	if (strcmp(d1, d2) != 0 && dir_fsync(d1) < 0)
		return -1;
	return 0;
}

int
path_is_dir(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int
file_name_plain(const char *name)
{
	size_t n = strlen(name);

	return n > 0 && n < 256 && name[0] != '.' && strchr(name, '/') == NULL;
}
