/*
 * sha256.c - SHA-256 through libcrypto's SHA256 functions
 *
 * Not its EVP interface: OpenSSL 3 loads its configuration and starts
 * its default provider on a process's first EVP digest, 3.6-4.1 ms of
 * processor time measured, against 0.1-0.4 ms for a first SHA256_Update
 * (the same assembly code) - paid by each of the six processes of the
 * chain for each of its runs.  The SHA256 functions are deprecated in
 * OpenSSL 3.0 but kept: OPENSSL_API_COMPAT asks for the 1.1.1 API.
 */
#define OPENSSL_API_COMPAT 0x10101000L
#include <openssl/sha.h>

#include "msg.h"
#include "sha256.h"
#include "xalloc.h"

#include <stdlib.h>

void
sha256_raw(const void *buf, size_t len, unsigned char *out)
{
	SHA256_CTX c;

	if (SHA256_Init(&c) != 1 || SHA256_Update(&c, buf, len) != 1 ||
	    SHA256_Final(out, &c) != 1)
		msg_panic("SHA256 failed");
}

void
sha256_tohex(const unsigned char *md, char *out)
{
	static const char hex[] = "0123456789abcdef";
	int i;

	for (i = 0; i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[SHA256_HEX_LEN] = '\0';
}

void
sha256_hex(const void *buf, size_t len, char *out)
{
	unsigned char md[32];

	sha256_raw(buf, len, md);
	sha256_tohex(md, out);
}

void
sha256_begin(struct sha256_stream *s)
{
	SHA256_CTX *ctx = xmalloc(sizeof(*ctx));

	if (SHA256_Init(ctx) != 1)
		msg_panic("SHA256_Init failed");
	s->ctx = ctx;
}

void
sha256_update(struct sha256_stream *s, const void *buf, size_t len)
{
	if (SHA256_Update(s->ctx, buf, len) != 1)
		msg_panic("SHA256_Update failed");
}

void
sha256_end_hex(struct sha256_stream *s, char *out)
{
	unsigned char md[32];

	if (SHA256_Final(md, s->ctx) != 1)
		msg_panic("SHA256_Final failed");
	free(s->ctx);
	s->ctx = NULL;
	sha256_tohex(md, out);
}
