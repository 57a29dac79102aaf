/*
 * sandbox.c - Landlock and seccomp around the stages that decode
 * untrusted files (see sandbox.h)
 *
 * Landlock's system calls are made with syscall(2): glibc has no
 * wrappers, and the structures and flags newer than the installed
 * <linux/landlock.h> are defined here, by their kernel values (the
 * ruleset attribute grows at the end; the size passed says which
 * fields the kernel reads).
 */
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <linux/landlock.h>
#include <seccomp.h>

#include "msg.h"
#include "sandbox.h"
#include "sanitize.h"
#include "sha256.h"

/* the same numbers on every architecture (older libc headers lack them) */
#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset	444
#define SYS_landlock_add_rule		445
#define SYS_landlock_restrict_self	446
#endif
#ifndef LANDLOCK_ACCESS_FS_REFER
#define LANDLOCK_ACCESS_FS_REFER	(1ULL << 13)	/* ABI 2 */
#endif
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE	(1ULL << 14)	/* ABI 3 */
#endif
#ifndef LANDLOCK_ACCESS_FS_IOCTL_DEV
#define LANDLOCK_ACCESS_FS_IOCTL_DEV	(1ULL << 15)	/* ABI 5 */
#endif
#define SB_NET_BIND_TCP		(1ULL << 0)		/* ABI 4 */
#define SB_NET_CONNECT_TCP	(1ULL << 1)
#define SB_SCOPE_ABSTRACT_UNIX	(1ULL << 0)		/* ABI 6 */
#define SB_SCOPE_SIGNAL		(1ULL << 1)

/* struct landlock_ruleset_attr as of ABI 6 */
struct sb_ruleset_attr {
	uint64_t handled_access_fs;
	uint64_t handled_access_net;	/* ABI 4 */
	uint64_t scoped;		/* ABI 6 */
};

/* the rights of ABI 1: bits 0 (execute) to 12 (make_sym) */
#define FS_ABI1		((1ULL << 13) - 1)
#define FS_READ_DIR	(LANDLOCK_ACCESS_FS_READ_FILE | \
			 LANDLOCK_ACCESS_FS_READ_DIR)
/* beneath the spool: all but execute and making devices, fifos, sockets */
#define FS_SPOOL	(LANDLOCK_ACCESS_FS_READ_FILE | \
			 LANDLOCK_ACCESS_FS_READ_DIR | \
			 LANDLOCK_ACCESS_FS_WRITE_FILE | \
			 LANDLOCK_ACCESS_FS_REMOVE_DIR | \
			 LANDLOCK_ACCESS_FS_REMOVE_FILE | \
			 LANDLOCK_ACCESS_FS_MAKE_DIR | \
			 LANDLOCK_ACCESS_FS_MAKE_REG | \
			 LANDLOCK_ACCESS_FS_MAKE_SYM | \
			 LANDLOCK_ACCESS_FS_REFER | \
			 LANDLOCK_ACCESS_FS_TRUNCATE)
/* the rights that a rule on a file (not a folder) may carry */
#define FS_FILE		(LANDLOCK_ACCESS_FS_EXECUTE | \
			 LANDLOCK_ACCESS_FS_WRITE_FILE | \
			 LANDLOCK_ACCESS_FS_READ_FILE | \
			 LANDLOCK_ACCESS_FS_TRUNCATE | \
			 LANDLOCK_ACCESS_FS_IOCTL_DEV)

/*
 * In a sanitizer build (DOSSIER_ASAN), LeakSanitizer stops the world at
 * exit by ptrace from a thread of its own: ptrace stays allowed there
 * (Landlock still keeps it to the sandbox's own processes); and its
 * reports name the functions from the program's and the libraries'
 * files, which it may read there (allow_symbolizer).
 */
static const char *state = "none";

const char *
sandbox_state(void)
{
	return state;
}

int
sandbox_wanted(void)
{
	const char *e = getenv("DOSSIER_SANDBOX");

	return e == NULL || (strcmp(e, "0") != 0 && strcasecmp(e, "no") != 0 &&
	    strcasecmp(e, "off") != 0);
}

/* landlock_abi - the kernel's Landlock ABI, or -1 with errno */
static int
landlock_abi(void)
{
	return (int)syscall(SYS_landlock_create_ruleset, NULL, 0,
	    LANDLOCK_CREATE_RULESET_VERSION);
}

void
sandbox_note(void)
{
	static int said;
	int abi, e;

	if (said++ || msg_verbose < 1)
		return;
	if (!sandbox_wanted()) {
		msg_info("sandbox: off (DOSSIER_SANDBOX)");
		return;
	}
	abi = landlock_abi();
	e = errno;
	if (abi >= 2)
		msg_info("sandbox: Landlock ABI %d and seccomp", abi);
	else if (abi == 1)
		msg_info("sandbox: seccomp only: Landlock ABI 1 cannot allow "
		    "the spool's renames between folders");
	else
		msg_info("sandbox: seccomp only: no Landlock here: %s",
		    strerror(e));
}

/* fs_handled - the file system rights Landlock ABI ABI knows */
static uint64_t
fs_handled(int abi)
{
	uint64_t r = FS_ABI1;

	if (abi >= 2)
		r |= LANDLOCK_ACCESS_FS_REFER;
	if (abi >= 3)
		r |= LANDLOCK_ACCESS_FS_TRUNCATE;
	if (abi >= 5)
		r |= LANDLOCK_ACCESS_FS_IOCTL_DEV;
	return r;
}

/*
 * allow - add a rule to RULESET: RIGHTS (of HANDLED) beneath PATH, only
 * the file rights if it is not a folder; 0, also when PATH is OPTIONAL
 * and does not exist or may not be reached (it stays out of reach), or
 * -1 with ERR
 */
static int
allow(int ruleset, const char *path, uint64_t rights, uint64_t handled,
    int optional, char *err, size_t errlen)
{
	struct landlock_path_beneath_attr pb;
	struct stat st;
	int fd, rc;

	if ((fd = open(path, O_PATH | O_CLOEXEC)) < 0 || fstat(fd, &st) < 0) {
		rc = errno;
		if (fd >= 0)
			close(fd);
		if (optional && (rc == ENOENT || rc == ENOTDIR ||
		    rc == EACCES || rc == ELOOP || rc == ENAMETOOLONG))
			return 0;
		snprintf(err, errlen, "sandbox: cannot open '%s': %s", path,
		    strerror(rc));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		rights &= FS_FILE;
	memset(&pb, 0, sizeof(pb));
	pb.allowed_access = rights & handled;
	pb.parent_fd = fd;
	rc = pb.allowed_access == 0 ? 0 :
	    (int)syscall(SYS_landlock_add_rule, ruleset,
	    LANDLOCK_RULE_PATH_BENEATH, &pb, 0);
	if (rc < 0)
		snprintf(err, errlen, "sandbox: cannot allow '%s': "
		    "landlock_add_rule: %s", path, strerror(errno));
	close(fd);
	return rc < 0 ? -1 : 0;
}

/* allow_list - allow() each path of the NULL-terminated LIST */
static int
allow_list(int ruleset, const char *const *list, uint64_t rights,
    uint64_t handled, int optional, char *err, size_t errlen)
{
	size_t i;

	for (i = 0; list != NULL && list[i] != NULL; i++)
		if (allow(ruleset, list[i], rights, handled, optional, err,
		    errlen) < 0)
			return -1;
	return 0;
}

/* public data the C library loads when first asked (libarchive does) */
static const char *const sys_read[] = {
	"/usr/lib/gconv", "/usr/lib/locale", "/usr/share/locale",
	"/usr/share/locale/locale.alias",	/* Debian: a link to /etc */
};

/*
 * allow_symbolizer - in a sanitizer build, the program's folder and the
 * libraries, which the sanitizers read to name the functions of a report
 */
static int
allow_symbolizer(int ruleset, uint64_t handled, char *err, size_t errlen)
{
	static const char *const libs[] = {
		"/lib", "/lib64", "/usr/lib", "/usr/lib64", "/usr/local/lib",
	};
	char exe[PATH_MAX], *slash;
	ssize_t n;
	size_t i;
	int rc = 0;

	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL && slash != exe) {
			*slash = '\0';
			rc = allow(ruleset, exe, FS_READ_DIR, handled, 1, err,
			    errlen);
		}
	}
	for (i = 0; rc == 0 && i < sizeof(libs) / sizeof(libs[0]); i++)
		rc = allow(ruleset, libs[i], FS_READ_DIR, handled, 1, err,
		    errlen);
	return rc;
}

/*
 * allow_system - what the C library and the decoders open by themselves
 * after start: /dev/null (tesseract's debug_file), the process's own
 * /proc entry (its maps, its threads: the sanitizers, the allocators),
 * glibc's gconv modules and locales (iconv and newlocale, for the names
 * in archives)
 */
static int
allow_system(int ruleset, uint64_t handled, char *err, size_t errlen)
{
	glob_t g;
	size_t i;
	int rc = 0;

	if (allow(ruleset, "/dev/null", LANDLOCK_ACCESS_FS_READ_FILE |
	    LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_TRUNCATE |
	    LANDLOCK_ACCESS_FS_IOCTL_DEV, handled, 1, err, errlen) < 0 ||
	    allow(ruleset, "/proc/self", FS_READ_DIR, handled, 1, err,
	    errlen) < 0)
		return -1;
	if (glob("/usr/lib/*/gconv", GLOB_NOSORT, NULL, &g) == 0) {
		for (i = 0; rc == 0 && i < g.gl_pathc; i++)
			rc = allow(ruleset, g.gl_pathv[i], FS_READ_DIR,
			    handled, 1, err, errlen);
		globfree(&g);
	}
	for (i = 0; rc == 0 && i < sizeof(sys_read) / sizeof(sys_read[0]);
	    i++)
		rc = allow(ruleset, sys_read[i], FS_READ_DIR, handled, 1,
		    err, errlen);
	if (rc == 0 && DOSSIER_ASAN)
		rc = allow_symbolizer(ruleset, handled, err, errlen);
	return rc;
}

/*
 * landlock - restrict this thread to PATHS; 1 done, 0 not available on
 * this kernel (or ABI 1), -1 with ERR
 */
static int
landlock(const struct sandbox_paths *paths, char *err, size_t errlen)
{
	struct sb_ruleset_attr ra;
	size_t size;
	int abi, ruleset, rc;

	abi = landlock_abi();
	/* not built in, not enabled, or refused by a container's filter */
	if (abi < 0 && (errno == ENOSYS || errno == EOPNOTSUPP ||
	    errno == EPERM))
		return 0;
	if (abi < 0) {
		snprintf(err, errlen, "sandbox: landlock_create_ruleset: %s",
		    strerror(errno));
		return -1;
	}
	if (abi < 2)
		return 0;		/* no REFER: see sandbox.h */
	memset(&ra, 0, sizeof(ra));
	ra.handled_access_fs = fs_handled(abi);
	size = sizeof(ra.handled_access_fs);
	if (abi >= 4) {
		ra.handled_access_net = SB_NET_BIND_TCP | SB_NET_CONNECT_TCP;
		size = offsetof(struct sb_ruleset_attr, scoped);
	}
	if (abi >= 6) {
		ra.scoped = SB_SCOPE_ABSTRACT_UNIX | SB_SCOPE_SIGNAL;
		size = sizeof(ra);
	}
	ruleset = (int)syscall(SYS_landlock_create_ruleset, &ra, size, 0);
	if (ruleset < 0) {
		snprintf(err, errlen, "sandbox: landlock_create_ruleset: %s",
		    strerror(errno));
		return -1;
	}
	rc = allow_list(ruleset, paths->rw, FS_SPOOL, ra.handled_access_fs,
	    0, err, errlen);
	if (rc == 0)
		rc = allow_list(ruleset, paths->ro, FS_READ_DIR,
		    ra.handled_access_fs, 1, err, errlen);
	if (rc == 0)
		rc = allow_system(ruleset, ra.handled_access_fs, err, errlen);
	if (rc == 0 && syscall(SYS_landlock_restrict_self, ruleset, 0) < 0) {
		snprintf(err, errlen, "sandbox: landlock_restrict_self: %s",
		    strerror(errno));
		rc = -1;
	}
	close(ruleset);
	return rc < 0 ? -1 : 1;
}

/*
 * The system calls seccomp refuses, with the errno they fail with.  A
 * name this architecture does not have is skipped.
 */
static const struct {
	const char *name;
	int	 err;
} denied[] = {
	/* the network, and local sockets: a stage needs none */
	{ "socket", EACCES }, { "socketpair", EACCES },
	{ "connect", EACCES }, { "bind", EACCES }, { "listen", EACCES },
	{ "accept", EACCES }, { "accept4", EACCES },
	/* no program of another: a stage execs nothing once started */
	{ "execve", EPERM }, { "execveat", EPERM },
	/* other processes' memory */
	{ "process_vm_readv", EPERM }, { "process_vm_writev", EPERM },
	/* the kernel, mounts, namespaces, keys, handles, BPF, io_uring
	   (whose requests seccomp does not see) */
	{ "kexec_load", EPERM }, { "kexec_file_load", EPERM },
	{ "init_module", EPERM }, { "finit_module", EPERM },
	{ "delete_module", EPERM }, { "mount", EPERM }, { "umount2", EPERM },
	{ "pivot_root", EPERM }, { "chroot", EPERM }, { "unshare", EPERM },
	{ "setns", EPERM }, { "fsopen", EPERM }, { "fsmount", EPERM },
	{ "open_tree", EPERM }, { "move_mount", EPERM },
	{ "bpf", EPERM }, { "perf_event_open", EPERM },
	{ "userfaultfd", EPERM }, { "keyctl", EPERM }, { "add_key", EPERM },
	{ "request_key", EPERM }, { "name_to_handle_at", EPERM },
	{ "open_by_handle_at", EPERM }, { "io_uring_setup", EPERM },
};

/*
 * seccomp - load the filter of denied[]; 1 done, 0 not available (no
 * seccomp filters in this kernel, or a container's filter refuses
 * seccomp(2)), or -1 with ERR
 */
static int
seccomp(char *err, size_t errlen)
{
	scmp_filter_ctx ctx;
	size_t i;
	int nr, rc = 0;

	if ((ctx = seccomp_init(SCMP_ACT_ALLOW)) == NULL) {
		snprintf(err, errlen, "sandbox: seccomp_init failed");
		return -1;
	}
	/* every thread (there should be none), and no new privileges */
	(void)seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1);
	for (i = 0; rc == 0 && i < sizeof(denied) / sizeof(denied[0]); i++) {
		if ((nr = seccomp_syscall_resolve_name(denied[i].name)) ==
		    __NR_SCMP_ERROR)
			continue;
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(denied[i].err), nr,
		    0);
		if (rc < 0)
			snprintf(err, errlen, "sandbox: seccomp: cannot deny "
			    "%s: %s", denied[i].name, strerror(-rc));
	}
	if (rc == 0 && !DOSSIER_ASAN &&
	    (rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM),
	    SCMP_SYS(ptrace), 0)) < 0)
		snprintf(err, errlen, "sandbox: seccomp: cannot deny ptrace: "
		    "%s", strerror(-rc));
	if (rc == 0 && (rc = seccomp_load(ctx)) < 0 && (rc == -ENOSYS ||
	    rc == -EINVAL || rc == -EPERM || rc == -EACCES)) {
		seccomp_release(ctx);
		return 0;
	}
	if (rc < 0 && err[0] == '\0')
		snprintf(err, errlen, "sandbox: seccomp_load: %s",
		    strerror(-rc));
	seccomp_release(ctx);
	return rc < 0 ? -1 : 1;
}

int
sandbox_enter(const struct sandbox_paths *paths, char *err, size_t errlen)
{
	char hex[SHA256_HEX_LEN + 1];
	int ll, sc;

	if (errlen > 0)
		err[0] = '\0';
	if (!sandbox_wanted()) {
		state = "off";
		return 0;
	}
	/*
	 * what is read once when first needed is read now, while it may
	 * be: localtime's zone file, libcrypto's configuration
	 */
	tzset();
	sha256_hex("", 0, hex);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		snprintf(err, errlen, "sandbox: PR_SET_NO_NEW_PRIVS: %s",
		    strerror(errno));
		return -1;
	}
	if ((ll = landlock(paths, err, errlen)) < 0 ||
	    (sc = seccomp(err, errlen)) < 0)
		return -1;
	state = ll && sc ? "landlock+seccomp" : ll ? "landlock" : sc ?
	    "seccomp" : "none";
	return 0;
}
