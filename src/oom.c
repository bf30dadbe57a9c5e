/* Naming OOM kills. The counter file stays open: after a death by
 * SIGKILL, one pread() tells whether the OOM killer struck. */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "oom.h"
#include "str.h"
#include "sys.h"

static struct {
	int fd;			/* the counter file, or -1 */
	long long seen;		/* the count when last read */
} st = { -1, 0 };

/* Appends n bytes of s to out at *at, cut to fit. */
static void add(char *out, size_t outlen, size_t *at, const char *s,
    size_t n)
{
	if (n > outlen - 1 - *at)
		n = outlen - 1 - *at;
	memcpy(out + *at, s, n);
	*at += n;
	out[*at] = '\0';
}

/* Lines of "ID:CONTROLLERS:PATH", in one pass that every PID 1 pays
 * for at start: past the first ':' of a line, only its end is looked
 * for. The path may hold ':' and "memory". v1 mounts the memory
 * controller alone: its line is "N:memory:PATH". */
int oom_path(const char *cg, size_t len, int whole, char *out,
    size_t outlen)
{
	const char *end = cg + len, *v1 = NULL, *v2 = NULL, *v, *e, *p;
	size_t at = 0;

	for (const char *l = cg; l < end; l = p + 1) {
		for (p = l; p < end && *p != ':' && *p != '\n'; p++)
			;
		if (p + 1 < end && *p == ':') {
			if (p == l + 1 && *l == '0' && p[1] == ':')
				v2 = p + 2;
			else if (end - p > 8 && memcmp(p + 1, "memory:", 7) == 0) {
				v1 = p + 8;
				break;	/* v1's line wins: no need to read on */
			}
		}
		while (p < end && *p != '\n')
			p++;
	}
	if ((v = v1 != NULL ? v1 : v2) == NULL)
		return -1;
	if ((e = mem_chr(v, '\n', (size_t)(end - v))) == NULL)
		e = end;
	add(out, outlen, &at, "/sys/fs/cgroup/memory", v == v2 ? 14 : 21);
	add(out, outlen, &at, v, whole ? (size_t)(e - v) : 0);
	if (v == v2)
		add(out, outlen, &at, "/memory.events", 14);
	else
		add(out, outlen, &at, "/memory.oom_control", 19);
	return 0;
}

long long oom_count(const char *buf, size_t len)
{
	const char *end = buf + len, *p = buf;

	while (end - p > 9 && memcmp(p, "oom_kill ", 9) != 0) {
		if ((p = mem_chr(p, '\n', (size_t)(end - p))) == NULL)
			return -1;
		p++;
	}
	if (end - p <= 9)
		return -1;
	long long n = 0;

	for (p += 9; p < end && *p >= '0' && *p <= '9'; p++)
		n = n * 10 + (*p - '0');
	return n;
}

static long long read_count(void)
{
	char buf[512];
	ssize_t n = sys_pread(st.fd, buf, sizeof buf, 0);

	return n > 0 ? oom_count(buf, (size_t)n) : -1;
}

int oom_init(void)
{
	char cg[2048], path[512];
	int fd = sys_open("/proc/self/cgroup", O_RDONLY | O_CLOEXEC, 0);
	ssize_t n = fd >= 0 ? sys_read(fd, cg, sizeof cg) : -1;

	if (fd >= 0)
		sys_close(fd);
	for (int whole = 1; n > 0 && whole >= 0 && st.fd < 0; whole--)
		if (oom_path(cg, (size_t)n, whole, path, sizeof path) == 0)
			st.fd = sys_open(path, O_RDONLY | O_CLOEXEC, 0);
	if (st.fd >= 0 && (st.seen = read_count()) < 0) {
		sys_close(st.fd);
		st.fd = -1;
	}
	return st.fd;
}

int oom_killed(void)
{
	long long n;

	if (st.fd < 0 || (n = read_count()) <= st.seen)
		return 0;
	st.seen = n;
	return 1;
}
