/*
 * fileio - careful file and directory primitives for the spool
 *
 * All functions return 0 on success and -1 with errno set on failure;
 * none follows a symbolic link in its last component, none exits.
 * "Durable" means: data fsync'ed, close() checked, and the containing
 * directory fsync'ed after any rename, so that a crash at any moment
 * leaves either the old state or the new one.
 */
#ifndef DOSSIER_FILEIO_H
#define DOSSIER_FILEIO_H

#include <stddef.h>
#include <sys/types.h>

struct strbuf;
struct stat;

/*
 * file_open_regular - open PATH read-only (not following a symbolic link,
 * O_NONBLOCK so that a fifo cannot hang us) and check that it is a regular
 * file of at most MAX bytes; the fd, its stat in *ST, or -1 with errno
 * (ELOOP a link, EINVAL not a regular file, EFBIG too large)
 */
int	file_open_regular(const char *path, size_t max, struct stat *st);
/*
 * file_check_private - 0 if the file open on FD is a regular file that
 * neither its group nor others may write (a tagset, a registry, an index:
 * whoever could write it could re-file documents); -1 with errno EINVAL
 * (not a regular file), EPERM (group- or world-writable) or fstat's
 */
int	file_check_private(int fd);
/* file_read - read a whole regular file of at most MAX bytes into SB */
int	file_read(const char *path, size_t max, struct strbuf *sb);
/*
 * file_read_private - file_read() of a file that steers filing (a
 * registry, a migration index): -1 with errno EPERM if its group or
 * others may write it (see file_check_private)
 */
int	file_read_private(const char *path, size_t max, struct strbuf *sb);
/* file_read_fd - read everything from FD (at most MAX bytes) into SB */
int	file_read_fd(int fd, size_t max, struct strbuf *sb);
/* file_write_all - all LEN bytes of BUF to FD (again on EINTR); 0 or -1 */
int	file_write_all(int fd, const void *buf, size_t len);
/* file_write_durable - create PATH (O_EXCL) with BUF, fsync and close it */
int	file_write_durable(const char *path, const void *buf, size_t len);
/*
 * file_replace - durably replace DIR/NAME with BUF: write DIR/.NAME.tmp,
 * fsync, rename over DIR/NAME, fsync DIR
 */
int	file_replace(const char *dir, const char *name, const void *buf,
	    size_t len);
/*
 * file_replace_nosync_dir - file_replace without the final fsync of DIR:
 * for files inside a job, whose directory the spool fsyncs once before
 * it hands the job on (the job is not durable before that anyway)
 */
int	file_replace_nosync_dir(const char *dir, const char *name,
	    const void *buf, size_t len);
/* dir_fsync - fsync a directory so that renames into it are durable */
int	dir_fsync(const char *path);
/* dir_make - mkdir PATH mode 0700 unless it is already a directory */
int	dir_make(const char *path);
/* dir_make_parents - dir_make on every component of PATH */
int	dir_make_parents(const char *path);
/* dir_remove_tree - remove PATH and everything below it, not following links */
int	dir_remove_tree(const char *path);
/* rename_durable - rename and fsync both parent directories */
int	rename_durable(const char *from, const char *to);
/* rename_noreplace - rename that fails with EEXIST instead of clobbering */
int	rename_noreplace(const char *from, const char *to);
/* path_is_dir - 1 if PATH is a directory (lstat), else 0 */
int	path_is_dir(const char *path);
/*
 * file_name_plain - 1 if NAME is a plain file name that stays in the
 * directory it is looked up in: 1 to 255 bytes, no '/', not starting
 * with '.' (so neither "." nor ".." nor a hidden temporary file)
 */
int	file_name_plain(const char *name);
/* path_dirname - the directory part of PATH into BUF */
void	path_dirname(const char *path, char *buf, size_t size);

#endif
