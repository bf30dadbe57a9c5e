/* Signals, durations, deadlines, numbers and exit codes: their names
 * and what they mean. Pure. */
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "parse.h"
#include "str.h"

long long parse_number(const char *s, unsigned long long max)
{
	unsigned long long n;
	const char *end = str_dec(s, NULL, max, &n);

	return end == s || *end != '\0' || n > max ? -1 : (long long)n;
}

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

static int parse_rt(const char *s)
{
	int base;
	long long off;

	if (str_same(s, "RTMIN", 5))
		base = SEXTON_RTMIN;
	else if (str_same(s, "RTMAX", 5))
		base = SEXTON_RTMAX;
	else
		return -1;
	s += 5;
	if (*s == '\0')
		return base;
	if ((*s != '+' || base != SEXTON_RTMIN) &&
	    (*s != '-' || base != SEXTON_RTMAX))
		return -1;
	off = parse_number(s + 1, SEXTON_RTMAX - SEXTON_RTMIN);
	if (off < 0)
		return -1;
	return base == SEXTON_RTMIN ? base + (int)off : base - (int)off;
}

int sig_parse(const char *s)
{
	int n;

	if (*s >= '0' && *s <= '9') {
		n = (int)parse_number(s, SEXTON_NSIG - 1);
		return n >= 1 ? n : -1;
	}
	if (str_same(s, "SIG", 3))
		s += 3;
	if (str_eq(s, "IOT"))
		return SIGABRT;
	if (str_eq(s, "POLL"))
		return SIGIO;
	n = 1;
	for (const char *p = names; *p != '\0'; p = next_name(p), n++)
		if (str_eq(s, p))
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

void sig_name(int sig, char buf[SIGNAME])
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

int sig_is_stop(int sig)
{
	return sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU ||
	    sig == SIGSTOP;
}

int sig_wants_cont(int sig)
{
	return sig == SIGTERM || sig == SIGHUP;
}

/* busybox init's meanings, then systemd's, which container managers
 * and shutdown tools send. */
static const struct {
	unsigned char sig;
	unsigned char how;
} machine_ends[] = {
	{ SIGINT, ONEXIT_REBOOT },	/* Ctrl-Alt-Del */
	{ SIGTERM, ONEXIT_REBOOT },
	{ SIGUSR1, ONEXIT_HALT },
	{ SIGUSR2, ONEXIT_POWEROFF },
	{ SIGPWR, ONEXIT_POWEROFF },
	{ SEXTON_RTMIN + 3, ONEXIT_HALT },
	{ SEXTON_RTMIN + 4, ONEXIT_POWEROFF },
	{ SEXTON_RTMIN + 5, ONEXIT_REBOOT },
};

int sig_machine_end(int sig, enum onexit *how)
{
	for (size_t i = 0; i < sizeof machine_ends / sizeof machine_ends[0];
	    i++)
		if (machine_ends[i].sig == sig) {
			*how = (enum onexit)machine_ends[i].how;
			return 1;
		}
	return 0;
}

/* A slot of the rewrite table holds 0 for "unchanged", DROP for "send
 * nothing", or the signal to send instead. */
#define DROP 255

void rewrite_set(struct rewrite *r, int from, int to)
{
	r->to[from] = (unsigned char)(to == 0 ? DROP : to);
}

int rewrite_apply(const struct rewrite *r, int sig)
{
	if (sig <= 0 || sig >= SEXTON_NSIG || r->to[sig] == 0)
		return sig;
	return r->to[sig] == DROP ? 0 : r->to[sig];
}

int sig_is_halt(int sig)
{
	return sig == SIGPWR || sig == SEXTON_RTMIN + 3 ||
	    sig == SEXTON_RTMIN + 4;
}

int rewrite_out(const struct rewrite *r, int sig, int group, int halts)
{
	if (sig > 0 && sig < SEXTON_NSIG && r->to[sig] != 0)
		return rewrite_apply(r, sig);
	if (group && sig_is_stop(sig))
		return SIGSTOP;
	if (halts && sig_is_halt(sig))
		return rewrite_apply(r, SIGTERM);
	return sig;
}

int duration_parse(const char *s, long long *ms)
{
	/* Each unit, and what it scales by; no unit is seconds. */
	static const char units[][3] = { "ms", "", "s", "m", "h" };
	static const long scales[] = { 1, 1000, 1000, 60000, 3600000 };
	unsigned long long n;
	const char *unit = str_dec(s, NULL, DURATION_MAX_MS, &n);

	if (unit == s || n > DURATION_MAX_MS)
		return -1;
	for (unsigned i = 0; i < sizeof scales / sizeof scales[0]; i++) {
		if (!str_eq(unit, units[i]))
			continue;
		if (n > (unsigned long long)(DURATION_MAX_MS / scales[i]))
			return -1;
		*ms = (long long)n * scales[i];
		return 0;
	}
	return -1;
}

int status_code(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	/* Stopped or continued: not an end; callers never pass these. */
	return 125;
}

void exitmap_add(struct exitmap *m, int code)
{
	m->bits[(code & 255) >> 3] |= (unsigned char)(1u << (code & 7));
}

int exitmap_apply(const struct exitmap *m, int code)
{
	if (code < 0 || code > 255)
		return code;
	return (m->bits[code >> 3] & (1u << (code & 7))) != 0 ? 0 : code;
}
