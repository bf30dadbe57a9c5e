/* Signal names and numbers. */
#include <signal.h>
#include <string.h>

#include "signame.h"
#include "str.h"

/* Linux's names, without "SIG", for signals 1 to 31 in order: one
 * string, which costs the static binary less than a table. */
static const char names[] =
	"HUP\0INT\0QUIT\0ILL\0TRAP\0ABRT\0BUS\0FPE\0KILL\0USR1\0SEGV\0"
	"USR2\0PIPE\0ALRM\0TERM\0STKFLT\0CHLD\0CONT\0STOP\0TSTP\0TTIN\0"
	"TTOU\0URG\0XCPU\0XFSZ\0VTALRM\0PROF\0WINCH\0IO\0PWR\0SYS\0";

static const char *next_name(const char *p)
{
	return p + str_len(p) + 1;
}

/* Decimal digits only; -1 on anything else or above 999. */
static int parse_small(const char *s)
{
	int n = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9' || n > 99)
			return -1;
		n = n * 10 + (*s - '0');
	}
	return n;
}

static int parse_rt(const char *s)
{
	int base, off;

	if (strncmp(s, "RTMIN", 5) == 0)
		base = SEXTON_RTMIN;
	else if (strncmp(s, "RTMAX", 5) == 0)
		base = SEXTON_RTMAX;
	else
		return -1;
	s += 5;
	if (*s == '\0')
		return base;
	if ((*s != '+' || base != SEXTON_RTMIN) && (*s != '-' || base != SEXTON_RTMAX))
		return -1;
	off = parse_small(s + 1);
	if (off < 0 || off > SEXTON_RTMAX - SEXTON_RTMIN)
		return -1;
	return base == SEXTON_RTMIN ? base + off : base - off;
}

int sig_parse(const char *s)
{
	int n;

	if (*s >= '0' && *s <= '9') {
		n = parse_small(s);
		return n >= 1 && n < SEXTON_NSIG ? n : -1;
	}
	if (strncmp(s, "SIG", 3) == 0)
		s += 3;
	if (strcmp(s, "IOT") == 0)
		return SIGABRT;
	if (strcmp(s, "POLL") == 0)
		return SIGIO;
	n = 1;
	for (const char *p = names; *p != '\0'; p = next_name(p), n++)
		if (strcmp(s, p) == 0)
			return n;
	return parse_rt(s);
}

static char *put_num(char *p, int n)
{
	if (n >= 10)
		*p++ = (char)('0' + n / 10);
	*p++ = (char)('0' + n % 10);
	return p;
}

void sig_name(int sig, char *buf)
{
	char *p = buf;

	if (sig >= 1 && sig < 32) {
		const char *q = names;

		while (--sig > 0)
			q = next_name(q);
		memcpy(buf, q, str_len(q) + 1);
		return;
	}
	if (sig >= SEXTON_RTMIN && sig <= SEXTON_RTMAX) {
		memcpy(p, "RTMIN", 5);
		p += 5;
		if (sig > SEXTON_RTMIN) {
			*p++ = '+';
			p = put_num(p, sig - SEXTON_RTMIN);
		}
	} else {
		p = put_num(p, sig >= 0 && sig < 100 ? sig : 0);
	}
	*p = '\0';
}
