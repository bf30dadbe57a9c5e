/* A small printf: log lines are short, and stdio would cost more bytes
 * than all of sexton's own code. */
#include "fmt.h"

/* %ld and %lld are read alike: sexton is built for LP64 only. */
_Static_assert(sizeof(long) == sizeof(long long), "LP64 only");

struct out {
	char *p;
	char *end;
};

static void put(struct out *o, char c)
{
	if (o->p < o->end)
		*o->p++ = c;
}

static void put_str(struct out *o, const char *s)
{
	if (s == NULL)
		s = "(null)";
	while (*s != '\0')
		put(o, *s++);
}

static void put_unsigned(struct out *o, unsigned long long n)
{
	char tmp[20];
	int i = 0;

	do
		tmp[i++] = (char)('0' + n % 10);
	while ((n /= 10) != 0);
	while (i > 0)
		put(o, tmp[--i]);
}

static void put_signed(struct out *o, long long n)
{
	if (n < 0) {
		put(o, '-');
		put_unsigned(o, 0ULL - (unsigned long long)n);
		return;
	}
	put_unsigned(o, (unsigned long long)n);
}

/* Reads the length modifiers of a conversion: how many 'l's. */
static const char *count_longs(const char *f, int *longs)
{
	for (*longs = 0; *f == 'l'; f++)
		++*longs;
	return f;
}

size_t fmt_v(char *dst, size_t len, const char *f, va_list ap)
{
	struct out o = { dst, dst + (len > 0 ? len - 1 : 0) };
	int longs;

	if (len == 0)
		return 0;
	for (; *f != '\0'; f++) {
		if (*f != '%') {
			put(&o, *f);
			continue;
		}
		f = count_longs(f + 1, &longs);
		if (*f == 's')
			put_str(&o, va_arg(ap, const char *));
		else if (*f == 'c')
			put(&o, (char)va_arg(ap, int));
		else if (*f == 'd')
			put_signed(&o, longs == 0 ? va_arg(ap, int) :
			    va_arg(ap, long long));
		else if (*f == 'u')
			put_unsigned(&o, longs == 0 ? va_arg(ap, unsigned) :
			    va_arg(ap, unsigned long long));
		else if (*f == '\0')
			break;
		else
			put(&o, *f);
	}
	*o.p = '\0';
	return (size_t)(o.p - dst);
}

size_t fmt(char *dst, size_t len, const char *f, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, f);
	n = fmt_v(dst, len, f, ap);
	va_end(ap);
	return n;
}

void fmt_clean(char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < ' ' || (unsigned char)*s == 0x7f ||
		    ((unsigned char)*s >= 0x80 && (unsigned char)*s < 0xa0))
			*s = '?';
}
