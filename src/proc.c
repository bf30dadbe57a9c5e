/* Reading /proc. No stdio and no malloc: open, read and getdents, and
 * lists in memory of their own that grows with what is found. */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "parse.h"
#include "proc.h"
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

/* 1 if the error of a look at a process says it is gone, and only
 * that: else what was read is not the whole. */
static int gone(void)
{
	return errno == ENOENT || errno == ESRCH;
}

/* Entries are at most this big. */
#define ENTRY_MAX 64

static size_t entry_size(const struct proclist *l)
{
	return l->size != 0 ? l->size : sizeof(struct procstat);
}

struct procstat *proc_at(const struct proclist *l, size_t i)
{
	return (struct procstat *)(void *)((char *)l->p + i * entry_size(l));
}

/* Doubles the room, from one page; every caller checks for -1, and a
 * list cut short is never taken for the whole. A new mapping and a
 * copy, rather than mremap(), which costs the static binary more than
 * the copy does. */
static int grow(struct proclist *l)
{
	size_t n = l->n, size = entry_size(l);
	size_t cap = l->cap != 0 ? l->cap * 2 : 4096 / size;
	void *m;

	if (n >= PROC_PID_MAX || size > ENTRY_MAX)
		return -1;
	if ((m = sys_map(cap * size)) == NULL)
		return -1;
	if (l->p != NULL)
		memcpy(m, l->p, n * size);
	proc_list_free(l);
	l->p = m;
	l->n = n;
	l->cap = cap;
	return 0;
}

int proc_list_add(struct proclist *l, const struct procstat *ps)
{
	struct procstat *e;

	if (l->n == l->cap && grow(l) < 0)
		return -1;
	e = proc_at(l, l->n++);
	memset(e, 0, entry_size(l));
	*e = *ps;
	return 0;
}

void proc_list_free(struct proclist *l)
{
	if (l->p != NULL)
		sys_unmap(l->p, l->cap * entry_size(l));
	l->p = NULL;
	l->n = l->cap = 0;
}

/* The number a record names, up to max, or 0. */
static int dent_num(const char *buf, long off, int max)
{
	const struct dirent *d = (const void *)(buf + off);
	long long n = parse_number(d->d_name, (unsigned)max);

	return n > 0 ? (int)n : 0;
}

/* 4194303 is a pid, 4194304 is not. */
static pid_t dent_pid(const char *buf, long off)
{
	return dent_num(buf, off, PROC_PID_MAX - 1);
}

static unsigned short dent_len(const char *buf, long off)
{
	return ((const struct dirent *)(const void *)(buf + off))->d_reclen;
}

int proc_close_fds(int from, int to)
{
	_Alignas(8) char buf[512];
	int dir = sys_open("/proc/self/fd", O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC, 0);
	long n;

	if (dir < 0)
		return -1;
	/* The listing goes by fd number: closing what it showed changes
	 * nothing ahead. */
	while ((n = sys_getdents(dir, buf, sizeof buf)) > 0)
		for (long off = 0; off < n; off += dent_len(buf, off)) {
			int fd = dent_num(buf, off, INT_MAX);

			if (fd >= from && fd <= to && fd != dir)
				sys_close(fd);
		}
	sys_close(dir);
	return n < 0 ? -1 : 0;
}

/* One getdents of /proc: about 30 processes, which take well under a
 * millisecond to read even among 16,000. */
static int step_all(struct procscan *sc, struct proclist *l)
{
	_Alignas(8) char buf[768];	/* records are 8-aligned */
	struct procstat ps;
	long n = sys_getdents(sc->fd, buf, sizeof buf);

	for (long off = 0; off < n; off += dent_len(buf, off)) {
		pid_t pid = dent_pid(buf, off);

		if (pid <= 0)
			continue;
		if (proc_stat(pid, &ps) < 0 ? !gone() :
		    proc_list_add(l, &ps) < 0)
			return -1;
	}
	return n < 0 ? -1 : n > 0;
}

pid_t proc_next_pid(const char *buf, size_t len, size_t *at)
{
	unsigned long long pid;

	while (*at < len && (buf[*at] < '0' || buf[*at] > '9'))
		++*at;
	*at = (size_t)(str_dec(buf + *at, buf + len, PROC_PID_MAX - 1, &pid) -
	    buf);
	return pid < PROC_PID_MAX ? (pid_t)pid : 0;
}

/* Adds to l those of the pids in buf, of len bytes, whose parent is
 * still parent. */
static int add_pids(struct proclist *l, pid_t parent, const char *buf,
    size_t len)
{
	struct procstat ps;
	size_t at = 0;
	pid_t pid;

	while ((pid = proc_next_pid(buf, len, &at)) > 0) {
		if (proc_stat(pid, &ps) < 0) {
			if (!gone())
				return -1;	/* not gone: unseen */
			continue;
		}
		if (ps.ppid == parent && proc_list_add(l, &ps) < 0)
			return -1;
	}
	return 0;
}

/* The children of pid's thread tid, from its children file, read in
 * pieces: a number cut at the end of a piece waits for the next. */
static int add_children_of(struct proclist *l, pid_t pid, const char *tid)
{
	char path[64], buf[4096];
	size_t len = 0, end;
	ssize_t r;
	int fd, err = 0;

	fmt(path, sizeof path, "/proc/%d/task/%s/children", (int)pid, tid);
	fd = sys_open(path, O_RDONLY | O_CLOEXEC, 0);
	if (fd < 0)	/* the thread is gone, or sexton cannot look */
		return gone() ? 0 : -1;
	while (err == 0 && (r = sys_read(fd, buf + len, sizeof buf - len)) >
	    0) {
		len += (size_t)r;
		for (end = len; end > 0 && buf[end - 1] != ' '; end--)
			;
		err = add_pids(l, pid, buf, end);
		memmove(buf, buf + end, len - end);
		len -= end;
	}
	if (r < 0 && !gone())
		err = -1;
	sys_close(fd);
	return err != 0 ? err : add_pids(l, pid, buf, len);
}

/* Adds to l the children of every thread of pid. If pid is not the
 * process that was found (start differs), what was read was another's. */
static int add_children(struct proclist *l, pid_t pid,
    unsigned long long start)
{
	_Alignas(8) char buf[2048];
	char path[32];
	struct procstat ps;
	size_t from = l->n;
	long n;
	int fd, err = 0;

	fmt(path, sizeof path, "/proc/%d/task", (int)pid);
	fd = sys_open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
	if (fd < 0)	/* gone, or sexton cannot look: out of fds */
		return gone() ? 0 : -1;
	while (err == 0 && (n = sys_getdents(fd, buf, sizeof buf)) > 0)
		for (long off = 0; err == 0 && off < n;
		    off += dent_len(buf, off))
			if (dent_pid(buf, off) > 0)
				err = add_children_of(l, pid, ((const struct
				    dirent *)(const void *)(buf + off))->d_name);
	if (n < 0 && !gone())
		err = -1;
	sys_close(fd);
	if (err == 0 && start != 0 && (proc_stat(pid, &ps) < 0 ||
	    ps.start != start))
		l->n = from;
	return err;
}

/* The children of the next few processes of the queue, which is the
 * list itself: breadth first. A zombie has no children. */
#define WALK_STEP 8
static int step_walk(struct procscan *sc, struct proclist *l)
{
	for (int i = 0; i < WALK_STEP && sc->at < l->n; i++, sc->at++) {
		const struct procstat *p = proc_at(l, sc->at);

		if (!proc_dead(p) && add_children(l, p->pid, p->start) < 0)
			return -1;
	}
	return sc->at < l->n;
}

/* 0 if /proc is this namespace's; -1 with errno if not, or if it
 * cannot be read. */
static int check_ours(void)
{
	switch (proc_is_ours()) {
	case 1:
		return 0;
	case 0:
		errno = PROC_FOREIGN;
	}
	return -1;
}

int proc_children(struct proclist *l, pid_t pid)
{
	l->n = 0;
	return check_ours() < 0 ? -1 : add_children(l, pid, 0);
}

int proc_scan_begin(struct procscan *sc, struct proclist *l, pid_t root)
{
	*sc = (struct procscan){ .root = root, .fd = -1 };
	l->n = 0;
	if (check_ours() < 0)
		return -1;
	/* The walk's queue is the list itself. */
	if (root != 0)
		return add_children(l, root, 0);
	sc->fd = sys_open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
	return sc->fd < 0 ? -1 : 0;
}

int proc_scan_step(struct procscan *sc, struct proclist *l)
{
	int r = sc->root != 0 ? step_walk(sc, l) : step_all(sc, l);

	if (r <= 0) {
		if (sc->fd >= 0)
			sys_close(sc->fd);
		sc->fd = -1;
		/* /proc lists by increasing pid already: one pass. */
		proc_sort(l);
	}
	return r;
}

int proc_scan(struct proclist *l, pid_t root)
{
	struct procscan sc;
	int r;

	if (proc_scan_begin(&sc, l, root) < 0)
		return -1;
	while ((r = proc_scan_step(&sc, l)) > 0)
		;
	return r;
}

static void swap(const struct proclist *l, size_t a, size_t b)
{
	char t[ENTRY_MAX];
	size_t size = entry_size(l);

	memcpy(t, proc_at(l, a), size);
	memcpy(proc_at(l, a), proc_at(l, b), size);
	memcpy(proc_at(l, b), t, size);
}

static pid_t pid_at(const struct proclist *l, size_t i)
{
	return proc_at(l, i)->pid;
}

static void sift(const struct proclist *l, size_t at, size_t n)
{
	for (size_t c; (c = 2 * at + 1) < n; at = c) {
		if (c + 1 < n && pid_at(l, c + 1) > pid_at(l, c))
			c++;
		if (pid_at(l, at) >= pid_at(l, c))
			return;
		swap(l, at, c);
	}
}

void proc_sort(struct proclist *l)
{
	size_t i, n = l->n;

	for (i = 1; i < n && pid_at(l, i - 1) < pid_at(l, i); i++)
		;
	if (i >= n)
		return;		/* sorted already, as /proc lists */
	/* Heapsort: n log n whatever the order, and no memory. */
	for (i = n / 2; i-- > 0;)
		sift(l, i, n);
	while (--n > 0) {
		swap(l, 0, n);
		sift(l, 0, n);
	}
}

struct procstat *proc_find(const struct proclist *l, pid_t pid)
{
	size_t lo = 0, hi = l->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (pid_at(l, mid) == pid)
			return proc_at(l, mid);
		if (pid_at(l, mid) < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
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
