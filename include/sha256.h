/*
 * sha256 - SHA-256 digests in lower-case hex (OpenSSL libcrypto)
 */
#ifndef DOSSIER_SHA256_H
#define DOSSIER_SHA256_H

#include <stddef.h>

#define SHA256_HEX_LEN 64

/* sha256_hex - digest of BUF into OUT (SHA256_HEX_LEN + 1 bytes) */
void	sha256_hex(const void *buf, size_t len, char *out);
/* sha256_raw - digest of BUF into OUT (32 bytes) */
void	sha256_raw(const void *buf, size_t len, unsigned char *out);

/* incremental digest of a stream */
struct sha256_stream {
	void	*ctx;		/* SHA256_CTX */
};

void	sha256_begin(struct sha256_stream *);
void	sha256_update(struct sha256_stream *, const void *, size_t);
/* sha256_end_hex - finish into OUT (SHA256_HEX_LEN + 1 bytes) and free */
void	sha256_end_hex(struct sha256_stream *, char *out);
/* sha256_tohex - 32 raw bytes to 64 hex digits and a NUL */
void	sha256_tohex(const unsigned char *md, char *out);

#endif
