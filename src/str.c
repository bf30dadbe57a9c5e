/* String searches, written out. */
#include <stdint.h>
#include <string.h>

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

#define ONES 0x0101010101010101ULL

/* Eight bytes at a time: every PID 1 searches /proc/self/cgroup at
 * start. XORed with c, a byte that was c is 0; (w - ONES) & ~w sets
 * the high bit of the lowest 0 byte, and of no byte below it, as a
 * borrow only runs upwards. */
void *mem_chr(const void *p, int c, size_t n)
{
	const unsigned char *s = p;

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	for (uint64_t w; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		w ^= (unsigned char)c * ONES;
		if ((w = (w - ONES) & ~w & ONES << 7) != 0)
			return (void *)(s + __builtin_ctzll(w) / 8);
	}
#endif
	for (; n > 0; s++, n--)
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
