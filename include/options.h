/* The command line and environment, parsed into a config; --help and
 * --version. Pure but for printing those: reads only argv and the
 * environment array it is given. */
#ifndef SEXTON_OPTIONS_H
#define SEXTON_OPTIONS_H

#include <sys/types.h>

#include "parse.h"

enum target { TARGET_PGROUP, TARGET_CHILD, TARGET_ALL };
enum action { ACTION_RUN, ACTION_HELP, ACTION_VERSION };

struct config {
	enum action action;
	char **argv;		/* the command; NULL with --pause */
	enum target target;
	int verbosity;		/* 0 quiet, 1 warnings, 2 information */
	int subreaper;		/* when not PID 1; on unless turned off */
	int pdeathsig;		/* 0: none */
	int warn_reap;
	int pause;
	int system;		/* --system: act as the machine's init */
	enum onexit on_exit;
	long long grace_ms;
	int watch_zombies;	/* 0: no watchdog */
	long long watch_interval_ms;
	int zombie_action;	/* 0: report only */
	long long stop_delay_ms;	/* the first TERM or INT waits this */
	int orphan_sig;		/* for adopted orphans: 0 reaps only */
	long long orphan_age_ms;	/* ... once alive this long */
	const char *report;	/* the account's file, or NULL */
	const char *termlog;	/* the OOM line's file, or NULL */
	const char *path;	/* PATH, found in the same pass, or NULL */
	struct rewrite rewrite;
	struct exitmap remap;
};

#define DEFAULT_GRACE_MS 5000
#define DEFAULT_WATCH_MS 10000

/* Fills c, which must be zeroed (as a static is: every PID 1 would pay
 * for zeroing it again), from argv and envp, for a sexton whose pid is
 * self (some options need PID 1). Returns 0, or -1 with one line naming
 * the problem in err. */
int options_parse(struct config *c, int argc, char **argv, char **envp,
    pid_t self, char *err, unsigned errlen);
/* Prints the help or the version on stdout; returns the exit code. */
int options_print(enum action action);

#endif
