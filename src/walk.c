/* Walking /proc: every process this namespace's /proc lists, or every
 * descendant of one, by the children files of its threads; in steps
 * of about a millisecond, so that the main loop serves signals between
 * them. Also the fds sexton holds, for when close_range(2) is refused. */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>

#include "log.h"
#include "parse.h"
#include "proc.h"
#include "str.h"
#include "sys.h"

/* 1 if the error of a look at a process says it is gone, and only
 * that: else what was read is not the whole. */
static int gone(void)
{
	return errno == ENOENT || errno == ESRCH;
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
