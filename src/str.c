/* String searches, written out byte by byte. */
#include "str.h"

char *str_chr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (*s == '\0')
			return NULL;
	}
}

void *mem_chr(const void *p, int c, size_t n)
{
	for (const unsigned char *s = p; n > 0; s++, n--)
		if (*s == (unsigned char)c)
			return (void *)s;
	return NULL;
}

size_t str_len(const char *s)
{
	const char *e = s;

	while (*e != '\0')
		e++;
	return (size_t)(e - s);
}
