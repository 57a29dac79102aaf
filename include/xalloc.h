/*
 * xalloc - allocation that never returns NULL
 *
 * Out of memory is an environment failure: these report and abort, as
 * Postfix's mymalloc does, so that callers stay linear.
 */
#ifndef DOSSIER_XALLOC_H
#define DOSSIER_XALLOC_H

#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
/* xreallocarray - resize to N * SIZE elements, refusing overflow */
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
/* xasprintf - allocate and format */
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));

#endif
