/* strchr, memchr and strlen for the short strings sexton handles:
 * musl's cost the static binary 600 bytes. Only mem_chr() reads a
 * word at a time. Pure. */
#ifndef SEXTON_STR_H
#define SEXTON_STR_H

#include <stddef.h>

char *str_chr(const char *s, int c);
void *mem_chr(const void *p, int c, size_t n);
size_t str_len(const char *s);

#endif
