/* Reading /proc. No stdio and no malloc: open, read and getdents, so
 * that the same code serves in a signal handler and in the main loop. */
#include <dirent.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fmt.h"
#include "proc.h"

static const char *skip_field(const char *p, const char *end)
{
	while (p < end && *p != ' ')
		p++;
	return p < end ? p + 1 : end;
}

static unsigned long long field_num(const char *p, const char *end)
{
	unsigned long long n = 0;

	for (; p < end && *p >= '0' && *p <= '9'; p++)
		n = n * 10 + (unsigned long long)(*p - '0');
	return n;
}

/* "PID (COMM) S PPID ... field 22 is starttime". COMM may hold spaces
 * and parentheses, so it ends at the last ')'. */
int proc_parse_stat(const char *buf, size_t len, struct procstat *ps)
{
	const char *end = buf + len, *open = memchr(buf, '(', len);
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
	/* starttime is field 22; ppid, where p stands, is field 4. */
	for (int i = 4; i < 22; i++)
		p = skip_field(p, end);
	ps->start = field_num(p, end);
	return 0;
}

int proc_stat(pid_t pid, struct procstat *ps)
{
	char path[32], buf[512];
	ssize_t n;
	int fd;

	fmt(path, sizeof path, "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof buf);
	close(fd);
	if (n <= 0)
		return -1;
	return proc_parse_stat(buf, (size_t)n, ps);
}

int proc_comm(pid_t pid, char comm[16])
{
	struct procstat ps;

	if (proc_stat(pid, &ps) < 0)
		return -1;
	memcpy(comm, ps.comm, sizeof ps.comm);
	return 0;
}

/* One mapping holds the list and the marks. Only pages written are
 * ever backed by memory, so the size is nearly free. */
#define LIST_BYTES (PROC_PID_MAX * sizeof(struct procstat))
#define MAP_BYTES (LIST_BYTES + PROC_PID_MAX / 8)

static pid_t name_pid(const char *s)
{
	pid_t pid = 0;

	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9' || pid >= PROC_PID_MAX / 10)
			return 0;
		pid = pid * 10 + (*s - '0');
	}
	return pid < PROC_PID_MAX ? pid : 0;
}

static void read_entries(struct proclist *l, const char *buf, long n)
{
	for (long off = 0; off < n;) {
		/* With 64-bit offsets, struct dirent is getdents64's record
		 * in glibc and musl alike. */
		const struct dirent *d = (const void *)(buf + off);
		pid_t pid = name_pid(d->d_name);

		off += d->d_reclen;
		if (pid > 0 && l->n < PROC_PID_MAX &&
		    proc_stat(pid, &l->p[l->n]) == 0)
			l->n++;
	}
}

int proc_list(struct proclist *l)
{
	_Alignas(8) char buf[4096];	/* records are 8-aligned */
	long n;
	int fd;
	void *m;

	l->n = 0;
	m = mmap(NULL, MAP_BYTES, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (m == MAP_FAILED)
		return -1;
	l->p = m;
	l->mark = (unsigned char *)m + LIST_BYTES;
	fd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		proc_list_free(l);
		return -1;
	}
	while ((n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0)
		read_entries(l, buf, n);
	close(fd);
	return 0;
}

void proc_list_free(struct proclist *l)
{
	if (l->p != NULL)
		munmap(l->p, MAP_BYTES);
	l->p = NULL;
	l->n = 0;
}

int proc_marked(const struct proclist *l, pid_t pid)
{
	if (pid <= 0 || pid >= PROC_PID_MAX)
		return 0;
	return l->mark[pid >> 3] >> (pid & 7) & 1;
}

void proc_mark(struct proclist *l, pid_t pid)
{
	l->mark[pid >> 3] |= (unsigned char)(1u << (pid & 7));
}

size_t proc_descendants(struct proclist *l, pid_t root)
{
	size_t count = 0;
	int grew = 1;

	/* Trees are shallow: one pass per generation. */
	while (grew) {
		grew = 0;
		for (size_t i = 0; i < l->n; i++) {
			const struct procstat *p = &l->p[i];

			if (p->pid == root || proc_marked(l, p->pid))
				continue;
			if (p->ppid == root || proc_marked(l, p->ppid)) {
				proc_mark(l, p->pid);
				grew = 1;
				count++;
			}
		}
	}
	return count;
}
