/* Strings written out, for the short strings sexton handles: libc's
 * cost the static binary more than they do here. All pure. */
#ifndef SEXTON_STR_H
#define SEXTON_STR_H

#include <stddef.h>

/* strchr, memchr and strlen for the short strings sexton handles:
 * musl's cost the static binary 600 bytes. Pure. */
char *str_chr(const char *s, int c);
void *mem_chr(const void *p, int c, size_t n);
size_t str_len(const char *s);
/* 1 if the first n bytes of a and b are the same, as strncmp(a, b, n)
 * == 0 where at most one of them ends within n bytes: it stops at the
 * first difference. musl's strncmp costs 118 bytes. Pure. */
int str_same(const char *a, const char *b, size_t n);
/* 1 if a and b are the same string, as strcmp(a, b) == 0. Pure. */
int str_eq(const char *a, const char *b);
/* The one decimal parser: reads the digits at s, up to end (NULL: up
 * to the first non-digit), into *n, and returns where they stop (s
 * itself if there are none). A number past max, which must be below
 * ULLONG_MAX / 10, reads as max + 1, and the digits are read on. Pure. */
const char *str_dec(const char *s, const char *end, unsigned long long max,
    unsigned long long *n);

#endif
