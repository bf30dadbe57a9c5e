/* One process in /proc: its stat line; whether /proc is this PID
 * namespace's own; a signal that reaches only the process that was
 * seen. No stdio: open and read. list.c holds the lists, walk.c the
 * walks. */
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "parse.h"
#include "proc.h"
#include "str.h"
#include "sys.h"

static const char *skip_field(const char *p, const char *end)
{
	while (p < end && *p != ' ')
		p++;
	return p < end ? p + 1 : end;
}

/* A field's number; /proc's fit below the parser's limit. */
static unsigned long long field_num(const char *p, const char *end)
{
	unsigned long long n;

	str_dec(p, end, ULLONG_MAX / 10 - 1, &n);
	return n;
}

/* "PID (COMM) S PPID ... field 22 is starttime". COMM may hold spaces
 * and parentheses, so it ends at the last ')'. */
int proc_parse_stat(const char *buf, size_t len, struct procstat *ps)
{
	const char *end = buf + len, *open = mem_chr(buf, '(', len);
	const char *close = NULL, *p;
	size_t n;

	for (p = buf; p < end; p++)
		if (*p == ')')
			close = p;
	if (open == NULL || close == NULL || close < open || close + 4 > end)
		return -1;
	ps->pid = (pid_t)field_num(buf, open);
	n = (size_t)(close - open - 1);
	if (n > sizeof ps->comm - 1)
		n = sizeof ps->comm - 1;
	memcpy(ps->comm, open + 1, n);
	ps->comm[n] = '\0';
	ps->state = close[2];
	p = skip_field(close + 2, end);
	ps->ppid = (pid_t)field_num(p, end);
	/* num_threads is field 20, starttime 22; p stands at ppid, 4. */
	for (int i = 4; i < 22; i++) {
		p = skip_field(p, end);
		if (i == 19)
			ps->threads = (int)field_num(p, end);
	}
	ps->start = field_num(p, end);
	return 0;
}

int proc_dead(const struct procstat *p)
{
	return p->state == 'Z' && p->threads <= 1;
}

int proc_stat(pid_t pid, struct procstat *ps)
{
	char path[32], buf[512];
	ssize_t n;
	int fd;

	fmt(path, sizeof path, "/proc/%d/stat", (int)pid);
	fd = sys_open(path, O_RDONLY | O_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	n = sys_read(fd, buf, sizeof buf);
	sys_close(fd);
	/* Read as nothing, it is gone; what reads as no stat is garbage. */
	if (n == 0)
		errno = ESRCH;
	if (n <= 0)
		return -1;
	if (proc_parse_stat(buf, (size_t)n, ps) < 0) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

/* The pid on the line "NSpid:\tN[\tN...]" at line, or 0 if the line
 * is not that, or lists more than one pid. */
static pid_t nspid(const char *line, const char *end)
{
	if (end - line < 7 || !str_same(line, "NSpid:\t", 7) ||
	    mem_chr(line + 7, '\t', (size_t)(end - line - 7)) != NULL)
		return 0;
	return (pid_t)field_num(line + 7, end);
}

/* /proc/self/status lists sexton's pid in the namespace of this /proc
 * and in each below it: one NSpid only if this /proc is sexton's own.
 * The file is read line by line in pieces: a long Groups line can push
 * NSpid past any buffer. A line longer than the buffer is not NSpid's,
 * and is skipped. */
int proc_is_ours(void)
{
	char buf[512];
	size_t len = 0;
	int fd = sys_open("/proc/self/status", O_RDONLY | O_CLOEXEC, 0);
	int long_line = 0;
	long r;

	if (fd < 0)
		return -1;
	while ((r = sys_read(fd, buf + len, sizeof buf - len)) > 0) {
		const char *p = buf, *end = buf + len + r, *nl;

		while ((nl = mem_chr(p, '\n', (size_t)(end - p))) != NULL) {
			pid_t pid = long_line ? 0 : nspid(p, nl);

			if (pid != 0) {
				sys_close(fd);
				return pid == getpid();
			}
			long_line = 0;
			p = nl + 1;
		}
		len = (size_t)(end - p);
		long_line |= len == sizeof buf;
		if (long_line)
			len = 0;
		else
			memmove(buf, p, len);
	}
	sys_close(fd);
	/* Without NSpid (Linux before 4.1), sexton cannot tell. */
	return r < 0 ? -1 : 0;
}

const char *proc_why(int err, char buf[ERRTEXT])
{
	return err == PROC_FOREIGN ? "not this PID namespace's" :
	    errtext(err, buf);
}

/* Sends sig through fd, a pidfd, or without one, by pid. */
static int send_to(int fd, pid_t pid, int sig)
{
	if (fd >= 0) {
		if (sys_pidfd_signal(fd, sig) == 0)
			return 0;
		/* A filter may refuse the send alone. */
		if (errno == ESRCH)
			return -1;
	}
	return sys_kill(pid, sig);
}

int proc_signal(const struct procstat *p, int sig)
{
	int fd = sys_pidfd_open(p->pid);
	struct procstat now;
	int r = -1;

	/* Gone is gone. Without pidfds (before Linux 5.3, or refused by
	 * a sandbox's filter) the start time alone guards, with a window
	 * of one system call. */
	if (fd < 0 && errno == ESRCH)
		return -1;
	if (proc_stat(p->pid, &now) == 0 && now.start == p->start &&
	    (r = send_to(fd, p->pid, sig)) == 0 && sig_wants_cont(sig))
		send_to(fd, p->pid, SIGCONT);
	if (fd >= 0)
		sys_close(fd);
	return r;
}
