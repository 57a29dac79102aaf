/*
 * msg.c - one-line diagnostics on stderr (see msg.h)
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "msg.h"

const char *msg_progname = "dossier";
int msg_verbose;

static char msg_job[96];
static void (*msg_cleanup_hook)(void);

void
msg_set_job(const char *id)
{
	if (id == NULL)
		msg_job[0] = '\0';
	else
		snprintf(msg_job, sizeof(msg_job), "%s", id);
}

void
msg_cleanup(void (*fn)(void))
{
	msg_cleanup_hook = fn;
}

void
msg_flatten(char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			s[i] = '?';
}

/*
 * msg_vprint - format one whole line and write it with one write(2), so
 * that lines from concurrent workers do not interleave
 */
static void
msg_vprint(const char *sev, const char *fmt, va_list ap)
{
	char line[2048];
	int n, m;
	int saved = errno;

	if (msg_job[0] != '\0')
		n = snprintf(line, sizeof(line), "%s: %s: %s%s", msg_progname,
		    msg_job, sev, *sev ? ": " : "");
	else
		n = snprintf(line, sizeof(line), "%s: %s%s", msg_progname,
		    sev, *sev ? ": " : "");
	if (n < 0 || (size_t)n >= sizeof(line))
		n = 0;
	m = vsnprintf(line + n, sizeof(line) - n - 1, fmt, ap);
	if (m < 0)
		m = 0;
	if ((size_t)(n + m) > sizeof(line) - 2)
		m = n < (int)sizeof(line) - 2 ? (int)sizeof(line) - 2 - n : 0;
	/*
	 * one message, one line: a control character a file's name brought
	 * in (an inbox file named "a<LF>dossier-load: ...") would start a
	 * line of its own in the log, one no program wrote
	 */
	msg_flatten(line + n, (size_t)m);
	n += m;
	if ((size_t)n > sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	(void)!write(2, line, n);
	errno = saved;
}

/* MSG_PRINT - print the caller's FMT and arguments at severity SEV */
#define MSG_PRINT(sev) do {						\
	va_list ap;							\
									\
	va_start(ap, fmt);						\
	msg_vprint((sev), fmt, ap);					\
	va_end(ap);							\
} while (0)

void
msg_info(const char *fmt, ...)
{
	if (msg_verbose >= 1)
		MSG_PRINT("");
}

void
msg_debug(const char *fmt, ...)
{
	if (msg_verbose >= 2)
		MSG_PRINT("debug");
}

void
msg_warn(const char *fmt, ...)
{
	if (msg_verbose >= 0)
		MSG_PRINT("warning");
}

void
msg_error(const char *fmt, ...)
{
	MSG_PRINT("error");
}

void
msg_fatal(int code, const char *fmt, ...)
{
	MSG_PRINT("fatal");
	if (msg_cleanup_hook != NULL) {
		void (*fn)(void) = msg_cleanup_hook;

		msg_cleanup_hook = NULL;
		fn();
	}
	exit(code);
}

void
msg_panic(const char *fmt, ...)
{
	MSG_PRINT("panic");
	abort();
}
