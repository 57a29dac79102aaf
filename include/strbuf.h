/*
 * strbuf - a growable, always NUL-terminated byte buffer (git's strbuf)
 *
 * struct strbuf sb = STRBUF_INIT; strbuf_addf(&sb, ...); use sb.buf;
 * strbuf_release(&sb).  The buffer may hold NUL bytes; len counts them.
 */
#ifndef DOSSIER_STRBUF_H
#define DOSSIER_STRBUF_H

#include <stddef.h>

struct strbuf {
	char	*buf;		/* NUL-terminated; never NULL after init */
	size_t	 len;		/* bytes used, excluding the NUL */
	size_t	 alloc;		/* bytes allocated */
};

extern char strbuf_empty[];
#define STRBUF_INIT { strbuf_empty, 0, 0 }

void	strbuf_init(struct strbuf *);
void	strbuf_release(struct strbuf *);
void	strbuf_reset(struct strbuf *);
void	strbuf_grow(struct strbuf *, size_t);
void	strbuf_add(struct strbuf *, const void *, size_t);
void	strbuf_adds(struct strbuf *, const char *);
void	strbuf_addc(struct strbuf *, int);
void	strbuf_addf(struct strbuf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* strbuf_detach - hand the buffer to the caller (free it) and reset */
char	*strbuf_detach(struct strbuf *, size_t *);

#endif
