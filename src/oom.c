/* Naming OOM kills. The counter file stays open: after a death by
 * SIGKILL, one pread() tells whether the OOM killer struck. */
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "oom.h"
#include "str.h"
#include "sys.h"

static struct {
	int fd;			/* the counter file, or -1 */
	long long seen;		/* the count when last read, or -1 */
	ssize_t len;		/* of text, until it is read as seen */
} st = { -1, 0, 0 };
/* The counter file's text at start; apart, so that it stays in .bss
 * and out of the binary. */
static char text[256];

/* 1 if the eight bytes at p are those of w. */
static int is_word(const char *p, const char *w)
{
	uint64_t a, b;

	memcpy(&a, p, 8);
	memcpy(&b, w, 8);
	return a == b;
}

/* The start of the line after the one at p, or end. */
static const char *next_line(const char *p, const char *end)
{
	const char *nl = mem_chr(p, '\n', (size_t)(end - p));

	return nl != NULL ? nl + 1 : end;
}

/* 1 if the ':' at c ends the ID that starts a line of cg. */
static int ends_id(const char *cg, const char *c)
{
	const char *p = c;

	while (p > cg && p[-1] >= '0' && p[-1] <= '9')
		p--;
	return p < c && (p == cg || p[-1] == '\n');
}

/* The path on v1's memory line, "ID:memory:PATH", or NULL. v1 mounts
 * the memory controller alone. The line is found by its 'y', which
 * only "systemd" and some paths share, eight bytes at a time: every
 * PID 1 pays for this search at start. A path may hold ":memory:":
 * only the field after the ID counts. */
static char *v1_path(char *cg, const char *end)
{
	for (char *p = cg, *y; (y = mem_chr(p, 'y', (size_t)(end - p))) !=
	    NULL; p = y + 1)
		if (y - cg > 6 && end - y > 2 && is_word(y - 6, ":memory:") &&
		    ends_id(cg, y - 6))
			return y + 2;
	return NULL;
}

/* The path on v2's line, "0::PATH", or NULL: the only line of a pure
 * v2 layout, and the last of a hybrid one. */
static char *v2_path(char *cg, const char *end)
{
	for (char *l = cg; l < end; l = (char *)next_line(l, end))
		if (end - l >= 3 && l[0] == '0' && l[1] == ':' && l[2] == ':')
			return l + 3;
	return NULL;
}

const char *oom_file(int v1)
{
	return v1 ? "memory.oom_control" : "memory.events";
}

/* v1's memory line wins over v2's. The path is ended in place. */
int oom_path(char *cg, size_t len, char **dir)
{
	char *end = cg + len, *v, *e;
	int v1 = (v = v1_path(cg, end)) != NULL;

	if (!v1 && (v = v2_path(cg, end)) == NULL)
		return -1;
	if ((e = mem_chr(v, '\n', (size_t)(end - v))) == NULL)
		e = end;
	*e = '\0';
	*dir = v[0] == '/' && v[1] != '\0' ? v + 1 : ".";
	return v1;
}

long long oom_count(const char *buf, size_t len)
{
	const char *end = buf + len, *p = buf;
	long long n = 0;

	while (end - p > 9 && !(is_word(p, "oom_kill") && p[8] == ' '))
		p = next_line(p, end);
	if (end - p <= 9)
		return -1;
	for (p += 9; p < end && *p >= '0' && *p <= '9'; p++)
		n = n * 10 + (*p - '0');
	return n;
}

/* The counter file's text now, into buf: its length, or -1. */
static ssize_t read_counter(char *buf, size_t len)
{
	return sys_pread(st.fd, buf, len, 0);
}

size_t oom_whole_lines(const char *text, size_t len)
{
	while (len > 0 && text[len - 1] != '\n')
		len--;
	return len;
}

/* /proc/self/cgroup has a line for each v1 hierarchy, each with a path
 * of up to 4 KiB: it is read whole, into .bss, where only the pages it
 * fills cost memory; one byte after it ends the path. The kernel hands
 * it over in one read. A line cut short, by the end of the buffer or of a
 * fake file, could name another cgroup: only whole lines count. The
 * kernel ends every line. */
#define CGTEXT 65536UL
static char cgtext[CGTEXT + 1];

static size_t read_cgroup(int fd)
{
	long r = sys_read(fd, cgtext, CGTEXT);

	return oom_whole_lines(cgtext, r > 0 ? (size_t)r : 0);
}

/* The counter file of the cgroup at dir, under the mount: a cgroup's
 * path may be nearly PATH_MAX long itself, so the file is opened from
 * the cgroup's directory. Where that is not seen, the file at the top
 * of the mount: a container sees its own cgroup there. */
static int open_counter(int v1, const char *dir)
{
	int m = sys_open(v1 ? "/sys/fs/cgroup/memory" : "/sys/fs/cgroup",
	    O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
	int d = m < 0 ? -1 : sys_openat(m, dir, O_PATH | O_DIRECTORY |
	    O_CLOEXEC, 0);
	int fd = m < 0 ? -1 : sys_openat(d >= 0 ? d : m, oom_file(v1),
	    O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);

	if (d >= 0)
		sys_close(d);
	if (m >= 0)
		sys_close(m);
	return fd;
}

/* O_NONBLOCK: a FIFO in a fake /proc or cgroup mount must not hang
 * PID 1 before the command starts. The counter's text is only kept at
 * start: it is read as a number the first time a death by SIGKILL
 * asks, which a command that ends well never does. */
int oom_init(void)
{
	int fd = sys_open("/proc/self/cgroup", O_RDONLY | O_CLOEXEC |
	    O_NONBLOCK, 0);
	size_t n = fd >= 0 ? read_cgroup(fd) : 0;
	char *dir = NULL;
	int v1 = n > 0 ? oom_path(cgtext, n, &dir) : -1;

	if (fd >= 0)
		sys_close(fd);
	if (v1 >= 0)
		st.fd = open_counter(v1, dir);
	if (st.fd >= 0 && (st.len = read_counter(text, sizeof text)) <= 0) {
		sys_close(st.fd);
		st.fd = -1;
	}
	return st.fd;
}

int oom_killed(void)
{
	char buf[sizeof text];
	ssize_t len;
	long long n;

	if (st.fd < 0)
		return 0;
	if (st.len > 0) {
		st.seen = oom_count(text, (size_t)st.len);
		st.len = 0;
	}
	if ((len = read_counter(buf, sizeof buf)) <= 0 || st.seen < 0 ||
	    (n = oom_count(buf, (size_t)len)) <= st.seen)
		return 0;
	st.seen = n;
	return 1;
}
