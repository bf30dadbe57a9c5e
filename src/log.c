/* Logging: lines formatted with a small printf, errno values as text,
 * and a writer that never waits for stderr.
 *
 * A reader of stderr that stalls (a log driver in blocking mode, a full
 * disk behind the runtime's copier, "2>&1 | slow-reader") would hold
 * sexton in write(), with nothing reaped or forwarded. The command
 * shares stderr and must keep it as it is, so sexton writes to a handle
 * of its own on the same pipe or terminal, opened non-blocking; on a
 * socket, or without /proc, it looks whether a line would block first.
 * A line that would block is dropped and counted. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "sexton.h"
#include "str.h"
#include "sys.h"

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
		for (longs = 0; *++f == 'l';)
			longs++;
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

/* The errors of execve(2), fork(2), open(2) and reboot(2): each text
 * follows its errno as one byte, in one string, which costs the static
 * binary less than a table. */
static const char errtexts[] =
	"\x02" "No such file or directory\0"	/* ENOENT */
	"\x0d" "Permission denied\0"		/* EACCES */
	"\x08" "Exec format error\0"		/* ENOEXEC */
	"\x14" "Not a directory\0"		/* ENOTDIR */
	"\x28" "Too many levels of symbolic links\0" /* ELOOP */
	"\x24" "File name too long\0"		/* ENAMETOOLONG */
	"\x07" "Argument list too long\0"	/* E2BIG */
	"\x0c" "Cannot allocate memory\0"	/* ENOMEM */
	"\x1a" "Text file busy\0"		/* ETXTBSY */
	"\x01" "Operation not permitted\0"	/* EPERM */
	"\x0b" "Resource temporarily unavailable\0" /* EAGAIN */
	"\x16" "Invalid argument\0"		/* EINVAL */
	"\x18" "Too many open files\0"	/* EMFILE */
	"\x26" "Function not implemented\0";	/* ENOSYS */
_Static_assert(ENOENT == 2 && EACCES == 13 && ENOEXEC == 8 &&
    ENOTDIR == 20 && ELOOP == 40 && ENAMETOOLONG == 36 && E2BIG == 7 &&
    ENOMEM == 12 && ETXTBSY == 26 && EPERM == 1 && EAGAIN == 11 &&
    EINVAL == 22 && EMFILE == 24 && ENOSYS == 38, "Linux's errnos");

const char *errtext(int err, char buf[ERRTEXT])
{
	for (const char *p = errtexts; *p != '\0'; p += str_len(p) + 1)
		if ((unsigned char)*p == err)
			return p + 1;
	fmt(buf, ERRTEXT, "error %d", err);
	return buf;
}

static struct {
	int verbosity;
	int pid;
	int fd;			/* sexton's own handle on stderr, or 2 */
	int how;		/* how a line goes to fd; 0: not known yet */
	unsigned long dropped;	/* lines that would have blocked */
} conf = { LOG_WARN, 0, 2, 0, 0 };

/* conf.how: */
enum { UNKNOWN, PLAIN, POLL_FIRST };

void log_init(int verbosity, int pid)
{
	conf.verbosity = verbosity;
	conf.pid = pid;
}

int log_enabled(int level)
{
	return level <= conf.verbosity || level == LOG_ERROR;
}

int log_fd(void)
{
	return conf.fd != 2 ? conf.fd : -1;
}

/* Finds how to write to stderr without waiting, before the first line:
 * a command that ends well never logs, and never pays for this. */
static void open_stderr(void)
{
	struct stat st;
	int fd;

	conf.how = PLAIN;
	if (sys_fstat(2, &st) < 0)
		return;
	/* A file never stalls for long. */
	if (!S_ISFIFO(st.st_mode) && !S_ISCHR(st.st_mode) &&
	    !S_ISSOCK(st.st_mode))
		return;
	/* Through /proc, a pipe or a terminal is opened anew: the flags
	 * are this handle's alone. A socket cannot be, nor anything
	 * without /proc: a look comes first, which the command could fill
	 * the pipe behind. */
	fd = sys_open_above("/proc/self/fd/2", O_WRONLY | O_NONBLOCK |
	    O_NOCTTY | O_CLOEXEC, 0);
	if (fd < 0)
		conf.how = POLL_FIRST;
	else
		conf.fd = fd;
}

/* 1 if the line went out whole. */
static int send_line(const char *line, size_t n)
{
	struct pollfd p = { .fd = 2, .events = POLLOUT };

	if (conf.how == UNKNOWN)
		open_stderr();
	if (conf.how == POLL_FIRST && sys_poll(&p, 1, 0) != 1)
		return 0;
	/* A pipe takes up to PIPE_BUF bytes whole, or none. */
	return write(conf.fd, line, n) == (ssize_t)n;
}

/* Says how many lines were dropped, if any, when stderr takes lines
 * again: 0 if it still does not. */
static int send_dropped(void)
{
	char line[80];
	size_t n;

	if (conf.dropped == 0)
		return 1;
	n = fmt(line, sizeof line, "sexton[%d]: %lu log lines dropped: "
	    "stderr did not take them\n", conf.pid, conf.dropped);
	if (!send_line(line, n))
		return 0;
	conf.dropped = 0;
	return 1;
}

void log_flush(void)
{
	(void)send_dropped();
}

/* Writes one line. One that waits for no one waits for stderr too:
 * before anything starts, or in the child before exec. Others are
 * dropped rather than wait, and counted. */
static void emit(int wait, const char *prefix, const char *f, va_list ap)
{
	char line[512];
	size_t n = fmt(line, sizeof line - 1, prefix, conf.pid);

	n += fmt_v(line + n, sizeof line - 1 - n, f, ap);
	fmt_clean(line);
	line[n++] = '\n';
	if (wait)
		(void)!write(2, line, n);
	else if (!send_dropped() || !send_line(line, n))
		conf.dropped++;
}

void log_msg(int level, const char *f, ...)
{
	va_list ap;

	if (!log_enabled(level))
		return;
	va_start(ap, f);
	emit(0, "sexton[%d]: ", f, ap);
	va_end(ap);
}

void log_once(int *said, int level, const char *f, ...)
{
	va_list ap;

	if (*said || !log_enabled(level))
		return;
	*said = 1;
	va_start(ap, f);
	emit(0, "sexton[%d]: ", f, ap);
	va_end(ap);
}

void log_plain(const char *f, ...)
{
	va_list ap;

	va_start(ap, f);
	emit(1, "sexton: ", f, ap);
	va_end(ap);
}

int log_refused(const char *call)
{
	char buf[ERRTEXT];

	log_plain("%s refused: %s", call, errtext(errno, buf));
	return EXIT_REFUSED;
}
