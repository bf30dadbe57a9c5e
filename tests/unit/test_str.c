/* The string searches and compares, against libc or a byte-by-byte
 * reference. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "parse.h"
#include "str.h"

/* What mem_chr() must answer, one byte at a time. */
static const void *reference(const unsigned char *p, int c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] == (unsigned char)c)
			return p + i;
	return NULL;
}

/* Every length up to 40, every start offset up to 8, c at every place
 * or nowhere, among bytes chosen to upset a word-at-a-time search: c
 * plus or minus one, 0x80, 0xff, 0 and c XOR 1. */
static void mem_chr_matches(void **state)
{
	static const int cs[] = { '\n', 'y', ':', 0, 0x80, 0xff, 0x01, 0x7f };
	unsigned char buf[64];

	(void)state;
	for (size_t k = 0; k < sizeof cs / sizeof cs[0]; k++) {
		int c = cs[k];
		const unsigned char fill[] = { (unsigned char)(c + 1),
		    (unsigned char)(c - 1), 0x80, 0xff, 0, (unsigned char)(c ^ 1),
		    (unsigned char)(c ^ 0x80) };

		for (size_t f = 0; f < sizeof fill; f++)
			for (size_t off = 0; off < 8; off++)
				for (size_t n = 0; n <= 40; n++)
					for (size_t at = 0; at <= n; at++) {
						memset(buf, fill[f] == (unsigned char)c ?
						    c + 2 : fill[f], sizeof buf);
						if (at < n)
							buf[off + at] = (unsigned char)c;
						assert_ptr_equal(mem_chr(buf + off, c, n),
						    reference(buf + off, c, n));
					}
	}
}

/* Two of c: the first is found, wherever the second is. */
static void mem_chr_first(void **state)
{
	unsigned char buf[32];

	(void)state;
	for (size_t a = 0; a < 24; a++)
		for (size_t b = a + 1; b < 24; b++) {
			memset(buf, 'x', sizeof buf);
			buf[a] = buf[b] = '\n';
			assert_ptr_equal(mem_chr(buf, '\n', 24), buf + a);
		}
}

static void str_chr_and_len(void **state)
{
	const char *s = "a:b:c";

	(void)state;
	assert_ptr_equal(str_chr(s, ':'), s + 1);
	assert_ptr_equal(str_chr(s, '\0'), s + 5);
	assert_null(str_chr(s, 'z'));
	assert_int_equal(str_len(""), 0);
	assert_int_equal(str_len(s), 5);
}

/* As strncmp() == 0 and strcmp() == 0 answer, where one string may
 * end before the other: the end is a difference, never read past. */
static void str_same_and_eq(void **state)
{
	static const char *const words[] = { "", "S", "SI", "SIG", "SIGX",
	    "RTMIN", "RTMIN+3", "NSpid:\t", "none", "0" };
	size_t nw = sizeof words / sizeof words[0];

	(void)state;
	for (size_t i = 0; i < nw; i++)
		for (size_t j = 0; j < nw; j++) {
			size_t n = strlen(words[j]);

			assert_int_equal(str_same(words[i], words[j], n),
			    strncmp(words[i], words[j], n) == 0);
			assert_int_equal(str_eq(words[i], words[j]),
			    strcmp(words[i], words[j]) == 0);
		}
	assert_true(str_same("abc", "abd", 2));
	assert_false(str_same("abc", "abd", 3));
	assert_true(str_same("x", "y", 0));
}

/* Whole strings of digits, up to a bound; what is past it reads as
 * the bound plus one, never wraps. */
static void numbers(void **state)
{
	unsigned long long n = 7;
	const char *s = "123abc", *big = "18446744073709551617";

	(void)state;
	assert_int_equal(parse_number("0", 99), 0);
	assert_int_equal(parse_number("99", 99), 99);
	assert_int_equal(parse_number("100", 99), -1);
	assert_int_equal(parse_number("", 99), -1);
	assert_int_equal(parse_number("1x", 99), -1);
	assert_int_equal(parse_number("-1", 99), -1);
	assert_int_equal(parse_number(" 1", 99), -1);
	assert_int_equal(parse_number("99999999999999999999999999", 99), -1);
	assert_ptr_equal(str_dec(s, NULL, 1000, &n), s + 3);
	assert_int_equal(n, 123);
	assert_ptr_equal(str_dec(s, s + 2, 1000, &n), s + 2);
	assert_int_equal(n, 12);
	assert_ptr_equal(str_dec(s + 3, NULL, 1000, &n), s + 3);
	assert_int_equal(n, 0);
	/* Past ULLONG_MAX, all digits read. */
	assert_ptr_equal(str_dec(big, NULL, 1000, &n), big + 20);
	assert_int_equal(n, 1001);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mem_chr_matches),
		cmocka_unit_test(mem_chr_first),
		cmocka_unit_test(str_chr_and_len),
		cmocka_unit_test(str_same_and_eq),
		cmocka_unit_test(numbers),
	};
	return cmocka_run_group_tests_name("str", tests, NULL, NULL);
}
