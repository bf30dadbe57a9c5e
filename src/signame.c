/* Signal names and numbers. */
#include <signal.h>
#include <string.h>

#include "signame.h"

/* Index = signal number; names are Linux's, without "SIG". */
static const char names[32][7] = {
	"", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS",
	"FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM",
	"STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG",
	"XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS",
};

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
	for (n = 1; n < 32; n++)
		if (strcmp(s, names[n]) == 0)
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
		memcpy(buf, names[sig], sizeof names[sig]);
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
