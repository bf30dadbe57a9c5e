/* Strings written out: str.h says why. */
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
 * start, and the launch goal needs it (see oom.c). XORed with c, a byte
 * that was c is 0; (w - ONES) & ~w sets the high bit of the lowest 0
 * byte, and of no byte below it, as a borrow only runs upwards. */
void *mem_chr(const void *p, int c, size_t n)
{
	const unsigned char *s = p, *end = s + n;

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* Tested at the bottom: one compare a word. */
	if (n >= 8) {
		const unsigned char *last = end - 8;
		uint64_t w;

		do {
			memcpy(&w, s, 8);
			w ^= (unsigned char)c * ONES;
			if ((w = (w - ONES) & ~w & ONES << 7) != 0)
				return (void *)(s + __builtin_ctzll(w) / 8);
			s += 8;
		} while (s <= last);
	}
#endif
	for (; s < end; s++)
		if (*s == (unsigned char)c)
			return (void *)s;
	return NULL;
}

int str_same(const char *a, const char *b, size_t n)
{
	for (; n > 0 && *a == *b; n--) {
		a++;
		b++;
	}
	return n == 0;
}

int str_eq(const char *a, const char *b)
{
	return str_same(a, b, str_len(b) + 1);
}

size_t str_len(const char *s)
{
	const char *e = s;

	while (*e != '\0')
		e++;
	return (size_t)(e - s);
}

const char *str_dec(const char *s, const char *end, unsigned long long max,
    unsigned long long *n)
{
	*n = 0;
	for (; (end == NULL || s < end) && *s >= '0' && *s <= '9'; s++)
		*n = *n > max ? max + 1 : *n * 10 + (unsigned)(*s - '0');
	if (*n > max)
		*n = max + 1;
	return s;
}
