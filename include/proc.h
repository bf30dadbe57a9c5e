/* Reading /proc: what the kernel says of other processes (proc.c), the
 * lists of them that grow with what is found (list.c), and the walks
 * that find them (walk.c). */
#ifndef SEXTON_PROC_H
#define SEXTON_PROC_H

#include <errno.h>
#include <stddef.h>
#include <sys/types.h>

#include "log.h"

struct procstat {
	pid_t pid;
	pid_t ppid;
	char state;			/* R, S, D, Z, T... */
	int threads;			/* Z with more than 1: alive */
	char comm[16];
	unsigned long long start;	/* clock ticks after boot */
};

/* A zombie: state Z and no thread left but the dead leader. A process
 * whose main thread exited shows Z too, but lives on. Pure. */
int proc_dead(const struct procstat *p);
/* Parses the text of /proc/PID/stat. Pure. Returns 0 or -1. */
int proc_parse_stat(const char *buf, size_t len, struct procstat *ps);
/* Reads /proc/PID/stat. Returns 0 or -1. */
int proc_stat(pid_t pid, struct procstat *ps);

/* 1 if /proc is this PID namespace's own: its "self" is our pid; 0 if
 * it is another's; -1 with errno if it cannot be read. A /proc from
 * another namespace numbers processes differently: its pids must never
 * reach kill(), nor its names a log. */
int proc_is_ours(void);
/* errno for a /proc that is another PID namespace's. */
#define PROC_FOREIGN EXDEV
/* Why /proc could not be read, for err: its errno. */
const char *proc_why(int err, char buf[ERRTEXT]);

/* Sends sig to p->pid if that is still the process p describes (the
 * same start time), through a pidfd, so that a pid reused since the
 * scan is never signalled; SIGCONT after a TERM or HUP, as kill_cont()
 * does. Returns 0, or -1. */
int proc_signal(const struct procstat *p, int sig);

/* list.c: a list of processes by increasing pid, in memory of its own.
 * Each entry is size bytes (0: a struct procstat), a struct procstat
 * first: whoever keeps the list adds its own fields after it, zeroed by
 * proc_list_add(). */
#define PROC_PID_MAX 4194304	/* the kernel's largest pid_max */
struct proclist {
	void *p;
	size_t n, cap, size;
};
/* Entry i of l. */
struct procstat *proc_at(const struct proclist *l, size_t i);
/* Appends a copy of ps. Returns 0, or -1 if no memory is left. */
int proc_list_add(struct proclist *l, const struct procstat *ps);
void proc_list_free(struct proclist *l);
/* The entry for pid in l, or NULL. Pure. */
struct procstat *proc_find(const struct proclist *l, pid_t pid);
/* Sorts by increasing pid. Pure. */
void proc_sort(struct proclist *l);

/* walk.c: a scan of /proc in steps, so that the main loop can serve
 * signals between them. With root 0: every process this namespace's
 * /proc lists. Otherwise every descendant of root, living or zombie,
 * found by walking the children files of /proc/PID/task/TID down from
 * root. */
struct procscan {
	pid_t root;
	int fd;		/* /proc, while listing it */
	size_t at;	/* the walk's place in its queue, the list */
};
/* Starts a scan into l. Returns 0, or -1 with errno if /proc cannot be
 * read, PROC_FOREIGN if it is not this namespace's. */
int proc_scan_begin(struct procscan *sc, struct proclist *l, pid_t root);
/* A step of about a millisecond's work: 1 while more is to come, 0 once
 * l holds the whole scan by increasing pid, -1 if memory ran out. */
int proc_scan_step(struct procscan *sc, struct proclist *l);
/* The children of pid alone, into l, by increasing pid. Returns 0, or
 * -1 with errno as proc_scan_begin(). */
int proc_children(struct proclist *l, pid_t pid);
/* The whole scan at once. Returns 0, or -1. */
int proc_scan(struct proclist *l, pid_t root);
/* Parses a children file's "12 34 56 " text from *at on, and returns
 * the next pid, or 0 at the end. Pure. */
pid_t proc_next_pid(const char *buf, size_t len, size_t *at);

/* Closes the open fds from from to to that /proc/self/fd lists, for
 * when close_range(2) cannot. Returns 0, or -1 without /proc. */
int proc_close_fds(int from, int to);

#endif
