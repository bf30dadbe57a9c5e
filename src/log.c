/* Logging. The verbosity and pid are set once, at start, and only read
 * after that.
 *
 * A log line must never stop sexton: a reader of stderr that stalls (a
 * log driver in blocking mode, a full disk behind the runtime's copier,
 * "2>&1 | slow-reader") would hold it in write(), with nothing reaped or
 * forwarded. The command shares stderr and must keep it as it is, so
 * sexton writes to a handle of its own on the same pipe or terminal,
 * opened non-blocking; a socket takes each line with MSG_DONTWAIT. A
 * line that would block is dropped and counted. */
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fmt.h"
#include "log.h"
#include "sys.h"

static struct {
	int verbosity;
	int pid;
	int fd;			/* sexton's own handle on stderr, or 2 */
	int how;		/* how a line goes to fd; 0: not known yet */
	unsigned long dropped;	/* lines that would have blocked */
} conf = { LOG_WARN, 0, 2, 0, 0 };

/* conf.how: */
enum { UNKNOWN, PLAIN, SOCKET, POLL_FIRST };

void log_init(int verbosity, int pid)
{
	conf.verbosity = verbosity;
	conf.pid = pid;
}

/* Finds how to write to stderr without waiting, before the first line:
 * a command that ends well never logs, and never pays for this. */
static void open_stderr(void)
{
	struct stat st;
	int fd;

	conf.how = PLAIN;
	if (sys_call(SYS_fstat, 2, (long)&st, 0, 0, 0, 0) < 0)
		return;
	if (S_ISSOCK(st.st_mode))
		conf.how = SOCKET;
	/* A file never stalls for long. */
	if (!S_ISFIFO(st.st_mode) && !S_ISCHR(st.st_mode))
		return;
	/* Through /proc, a pipe or a terminal is opened anew: the flags
	 * are this handle's alone. Without /proc, a look comes first,
	 * which the command could fill the pipe behind. */
	fd = sys_open("/proc/self/fd/2", O_WRONLY | O_NONBLOCK | O_NOCTTY |
	    O_CLOEXEC, 0);
	/* With fds 0 and 1 closed, open() hands one of them out. */
	if (fd >= 0 && fd < 3) {
		int up = sys_dup_above(fd, 3);

		sys_close(fd);
		fd = up;
	}
	if (fd < 0)
		conf.how = POLL_FIRST;
	else
		conf.fd = fd;
}

int log_fd(void)
{
	return conf.fd != 2 ? conf.fd : -1;
}

int log_enabled(int level)
{
	return level <= conf.verbosity || level == LOG_ERROR;
}

/* 1 if the line went out whole. */
static int put(const char *line, size_t n)
{
	struct pollfd p = { .fd = 2, .events = POLLOUT };

	if (conf.how == UNKNOWN)
		open_stderr();
	if (conf.how == SOCKET)
		return sys_call(SYS_sendto, 2, (long)line, (long)n,
		    MSG_DONTWAIT | MSG_NOSIGNAL, 0, 0) == (long)n;
	if (conf.how == POLL_FIRST && poll(&p, 1, 0) != 1)
		return 0;
	/* A pipe takes up to PIPE_BUF bytes whole, or none. */
	return write(conf.fd, line, n) == (ssize_t)n;
}

/* Says how many lines were dropped, if any, when stderr takes lines
 * again: 0 if it still does not. */
static int put_dropped(void)
{
	char line[80];
	size_t n;

	if (conf.dropped == 0)
		return 1;
	n = fmt(line, sizeof line, "sexton[%d]: %lu log lines dropped: "
	    "stderr did not take them\n", conf.pid, conf.dropped);
	if (!put(line, n))
		return 0;
	conf.dropped = 0;
	return 1;
}

void log_flush(void)
{
	(void)put_dropped();
}

/* Writes one line. A line that waits for no one waits for stderr too:
 * one before anything starts, or in the child before exec. Others
 * are dropped rather than wait, and counted. */
static void emit(int wait, const char *prefix, const char *f, va_list ap)
{
	char line[512];
	size_t n = fmt(line, sizeof line - 1, prefix, conf.pid);

	n += fmt_v(line + n, sizeof line - 1 - n, f, ap);
	fmt_clean(line);
	line[n++] = '\n';
	if (wait)
		(void)!write(2, line, n);
	else if (!put_dropped() || !put(line, n))
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

void log_plain(const char *f, ...)
{
	va_list ap;

	va_start(ap, f);
	emit(1, "sexton: ", f, ap);
	va_end(ap);
}
