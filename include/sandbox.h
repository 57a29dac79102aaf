/*
 * sandbox - confine a process that decodes untrusted files
 *
 * dossier-ingest, dossier-deskew and dossier-ocr hand bytes from scanners,
 * mail and strangers to large decoders (libtiff, libpng, libjpeg,
 * leptonica, MuPDF, libarchive, zbar, tesseract).  A bug in one of them
 * must not let a crafted file read or write anything but the spool, nor
 * reach the network.  Once a process has opened what it needs (engines,
 * the archive), it calls sandbox_enter(), which cannot be undone:
 *
 *   Landlock (Linux 5.19 and later, ABI 2 or more): the file system is
 *   denied but for read and write beneath the spool, read beneath the
 *   paths the caller names (the inputs, the tessdata folder) and a few
 *   the C library needs (/dev/null, the process's own /proc entry,
 *   glibc's gconv modules); TCP bind and connect (ABI 4), abstract unix
 *   sockets and signals to processes outside the sandbox (ABI 6) too.
 *   ABI 1 cannot allow a rename from one folder to another, which is how
 *   a job moves through the spool: it is not used.
 *
 *   seccomp (libseccomp): socket(2) and its kin fail with EACCES;
 *   execve, ptrace (but in a sanitizer build, whose leak checker
 *   ptraces its own threads), process_vm_readv/writev and the calls
 *   that load kernel code, mount, change namespaces or keys fail with
 *   EPERM.  fork stays allowed: a stage's workers are its own.
 *
 * Descriptors opened before are not affected.  Where the kernel has no
 * Landlock (or a container refuses its calls) the process goes on with
 * seccomp alone, and says so; without seccomp filters, with Landlock
 * alone; sandbox_state() says which.
 * DOSSIER_SANDBOX=0 in the environment turns the sandbox off (for a
 * debugger or strace).  Nothing here exits.
 */
#ifndef DOSSIER_SANDBOX_H
#define DOSSIER_SANDBOX_H

#include <stddef.h>

/* what a process may reach once in the sandbox */
struct sandbox_paths {
	const char *const *rw;	/* read and write beneath these (the spool);
				   NULL-terminated, or NULL */
	const char *const *ro;	/* read beneath these folders, or these
				   files; NULL-terminated, or NULL */
};

/*
 * sandbox_enter - confine this process and every process it forks from
 * now on to PATHS (a path to read that does not exist or may not be
 * reached now is left out: it stays out of reach; a path to write must
 * open); must be called before the process starts a thread.  Returns 0
 * when confined as far as this kernel allows, or turned off by
 * DOSSIER_SANDBOX=0 (see sandbox_state()); -1 with the reason in ERR
 * when a path to write cannot be opened or a step the kernel supports
 * failed (the process may then be partly confined: it should stop).
 */
int	sandbox_enter(const struct sandbox_paths *paths, char *err,
	    size_t errlen);

/*
 * sandbox_state - what sandbox_enter() gave this process, for the
 * stages' settings: "landlock+seccomp", "seccomp" (no Landlock here),
 * "landlock" (no seccomp filters here: a container may refuse them),
 * "none" (neither, or before sandbox_enter) or "off" (DOSSIER_SANDBOX=0)
 */
const char *sandbox_state(void);

/*
 * sandbox_wanted - 0 if DOSSIER_SANDBOX turns the sandbox off ("0",
 * "no", "off"), else 1
 */
int	sandbox_wanted(void);

/*
 * sandbox_note - at -v, say once (per process) what sandbox_enter()
 * will give on this kernel: the Landlock ABI, or why there is none
 */
void	sandbox_note(void);

#endif
