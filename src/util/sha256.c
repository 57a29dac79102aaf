/*
 * sha256.c - SHA-256 through libcrypto's EVP interface
 */
#include <openssl/evp.h>

#include "msg.h"
#include "sha256.h"

void
sha256_raw(const void *buf, size_t len, unsigned char *out)
{
	unsigned int n = 32;

	if (EVP_Digest(buf, len, out, &n, EVP_sha256(), NULL) != 1 || n != 32)
		msg_panic("EVP_Digest(sha256) failed");
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
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();

	if (ctx == NULL || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1)
		msg_panic("EVP_DigestInit_ex(sha256) failed");
	s->ctx = ctx;
}

void
sha256_update(struct sha256_stream *s, const void *buf, size_t len)
{
	if (EVP_DigestUpdate(s->ctx, buf, len) != 1)
		msg_panic("EVP_DigestUpdate failed");
}

void
sha256_end_hex(struct sha256_stream *s, char *out)
{
	unsigned char md[32];
	unsigned int n = 32;

	if (EVP_DigestFinal_ex(s->ctx, md, &n) != 1 || n != 32)
		msg_panic("EVP_DigestFinal_ex failed");
	EVP_MD_CTX_free(s->ctx);
	s->ctx = NULL;
	sha256_tohex(md, out);
}
