/* Reaping: every SIGCHLD read collects every dead child. */
#ifndef SEXTON_REAP_H
#define SEXTON_REAP_H

#include <sys/types.h>

/* An orphan reaped, kept for --warn-reap until the main loop logs it. */
struct reaped {
	pid_t pid;
	int status;
	long utime_ms;
	long stime_ms;
	long maxrss_kb;
	int oom;		/* killed by the kernel's OOM killer */
	char comm[16];
};

/* Tells the reaper which pid is the main child (0: none), and whether
 * to keep a record of each orphan. */
void reap_init(pid_t main_pid, int record);
/* Collects every dead child, however many exits one SIGCHLD stood for:
 * wait4(WNOHANG) until it finds no more. */
void reap_all(void);
/* 1, with the wait status, once the main child has been reaped. */
int reap_main_status(int *status);
/* 0 once sexton has no child left at all. */
int reap_children_left(void);
/* Takes the oldest record not yet taken; 0 if none. */
int reap_take(struct reaped *r);
/* How many orphans were reaped with no room left to record them, since
 * the last call. */
unsigned long reap_unlogged(void);

struct reap_stats {
	unsigned long orphans;	/* reaped, main child not counted */
	unsigned long peak;	/* most reaped in one pass */
	struct reaped main;	/* the main child, once reaped */
};
/* Read where they are kept: no copy. */
const struct reap_stats *reap_stats(void);

#endif
