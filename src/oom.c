/* Naming OOM kills. The counter file stays open: after a death by
 * SIGKILL, one pread() tells whether the OOM killer struck. */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "fmt.h"
#include "oom.h"
#include "sys.h"

static struct {
	int fd;			/* the counter file, or -1 */
	long long seen;		/* the count when last read */
} st = { -1, 0 };

/* Ends the line at p, and returns its start. */
static char *line_at(char *p, char *end)
{
	char *q = memchr(p, '\n', (size_t)(end - p));

	if (q != NULL)
		*q = '\0';
	return p;
}

int oom_path(char *cg, size_t len, int whole, char *out, size_t outlen)
{
	char *end = cg + len, *v1 = NULL, *v2 = NULL;

	/* Lines of "ID:CONTROLLERS:PATH": v1's memory controller may share
	 * its line with others, as in "4:cpu,memory:/x". */
	for (char *p = cg; p < end; p++) {
		size_t left = (size_t)(end - p);

		if ((p == cg || p[-1] == '\n') && left >= 3 &&
		    memcmp(p, "0::", 3) == 0)
			v2 = p + 3;
		if (p > cg && left > 7 && memcmp(p, "memory", 6) == 0 &&
		    (p[-1] == ':' || p[-1] == ',') && (p[6] == ':' ||
		    p[6] == ',') && (v1 = memchr(p, ':', left)) != NULL)
			v1++;
	}
	if (v1 == NULL && v2 == NULL)
		return -1;
	line_at(v1 != NULL ? v1 : v2, end);
	fmt(out, outlen, "/sys/fs/cgroup%s%s/memory.%s", v1 != NULL ?
	    "/memory" : "", whole ? (v1 != NULL ? v1 : v2) : "", v1 != NULL ?
	    "oom_control" : "events");
	return 0;
}

long long oom_count(const char *buf, size_t len)
{
	const char *end = buf + len;

	for (const char *p = buf; p + 9 < end; p++) {
		if ((p == buf || p[-1] == '\n') && memcmp(p, "oom_kill ", 9) == 0) {
			long long n = 0;

			for (p += 9; p < end && *p >= '0' && *p <= '9'; p++)
				n = n * 10 + (*p - '0');
			return n;
		}
	}
	return -1;
}

static long long read_count(void)
{
	char buf[512];
	ssize_t n = pread(st.fd, buf, sizeof buf, 0);

	return n > 0 ? oom_count(buf, (size_t)n) : -1;
}

void oom_init(void)
{
	char cg[2048], path[512];
	int fd = sys_open("/proc/self/cgroup", O_RDONLY | O_CLOEXEC, 0);
	ssize_t n = fd >= 0 ? read(fd, cg, sizeof cg) : -1;

	if (fd >= 0)
		close(fd);
	for (int whole = 1; n > 0 && whole >= 0 && st.fd < 0; whole--)
		if (oom_path(cg, (size_t)n, whole, path, sizeof path) == 0)
			st.fd = sys_open(path, O_RDONLY | O_CLOEXEC, 0);
	if (st.fd >= 0 && (st.seen = read_count()) < 0) {
		close(st.fd);
		st.fd = -1;
	}
}

int oom_killed(void)
{
	long long n;

	if (st.fd < 0 || (n = read_count()) <= st.seen)
		return 0;
	st.seen = n;
	return 1;
}
