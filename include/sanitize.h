/*
 * sanitize.h - DOSSIER_ASAN: 1 in a sanitizer build (make SAN=1, gcc or
 * clang), else 0; for the few places where such a build must act
 * otherwise (its workers' leak check, its sandbox's ptrace)
 */
#ifndef DOSSIER_SANITIZE_H
#define DOSSIER_SANITIZE_H

#if defined(__SANITIZE_ADDRESS__)
#define DOSSIER_ASAN	1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DOSSIER_ASAN	1
#endif
#endif
#ifndef DOSSIER_ASAN
#define DOSSIER_ASAN	0
#endif

#endif
