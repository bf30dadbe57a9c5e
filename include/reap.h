/* Reaping: every SIGCHLD read collects every dead child. */
#ifndef SEXTON_REAP_H
#define SEXTON_REAP_H

#include <sys/types.h>

/* A child reaped: the command, or an orphan recorded for -w. */
struct reaped {
	pid_t pid;
	int status;
	long utime_ms;
	long stime_ms;
	long maxrss_kb;
	int oom;		/* killed by the kernel's OOM killer */
	char comm[16];		/* its name, or "" */
};

/* Tells the reaper which pid is the command (0: none), and whether to
 * record each orphan for -w. */
void reap_init(pid_t command, int record);
/* Collects every dead child, however many exits one SIGCHLD stood for:
 * wait4(WNOHANG) until it finds no more. Returns 0, or the error with
 * which a filter refused wait4. */
int reap_all(void);
/* 1, with the wait status, once the command has been reaped. */
int reap_command(int *status);
/* 0 once a pass found no child left at all. */
int reap_children_left(void);
/* Logs the orphans recorded since the last call, for -w: reaping never
 * waits for the log, and those past its room are only counted. */
void reap_log(void);

struct reap_stats {
	unsigned long orphans;	/* reaped, the command not counted */
	unsigned long peak;	/* most reaped in one pass */
	struct reaped command;	/* once reaped */
};
const struct reap_stats *reap_stats(void);

#endif
