/* Sweeps: sexton run many times, in each of its roles, under something
 * taken away (a system call refused, a limit), and judged each time
 * against what must hold whatever was taken. test_refusals and
 * test_limits use it.
 *
 * A run's processes all descend from "outer", a subreaper of the
 * test's, so that what sexton leaves behind comes there:
 *
 *	test ── outer ─┬─ sentinel	(first; in outer's process group)
 *	               └─ sexton ── COMMAND evidence MARKER 41 MS ── ...
 *
 * The roles: PID 1 of a new PID namespace, plain and with the options
 * that make more calls (-w, --watch-zombies=1,100ms, --orphans=term
 * with an AGE of 100ms so that it acts within the run, --report=FILE,
 * -p TERM, --stop-delay=100ms, and a TERM sent while the command runs);
 * not PID 1 (a subreaper), the same; --system as PID 1 of a namespace;
 * --pause as PID 1 and not. The grace is always GRACE.
 *
 * The command is probe's "evidence": it writes to the marker file what
 * it got and what it chose, holds a zombie of its own and leaves an
 * orphan that ignores TERM, so that the end sends TERM, waits out the
 * grace and sends KILL.
 *
 * judge() checks, after every run:
 * - sexton ends within grace + 1 s of the command's end (of the TERM,
 *   for --pause), plus MEASURE_MS for the test's own measuring; a run
 *   still going later is ended, and is a hang;
 * - its status is the command's; or the command never ran, stderr is
 *   exactly one line "sexton: ...", and the code is 125;
 * - no child of sexton stays a zombie for ZOMBIE_MS; not PID 1, nothing
 *   of the run is left once sexton is gone;
 * - the sentinel, sexton's sibling in its process group and so outside
 *   its subtree, gets no signal;
 * - sexton never dies by a signal, uses at most CPU_MS of CPU, and does
 *   not make a refused call SWEEP_SPIN times;
 * - every line on stderr is sexton's ("sexton[N]: " or "sexton: "),
 *   with no control character and no error given as a bare number;
 * - the command gets exactly the fds, the directory, the signal mask
 *   and the ignored signals sexton was given, in a process group of its
 *   own; --report's status is the
 *   command's. */
#ifndef SEXTON_RUNNER_H
#define SEXTON_RUNNER_H

#include <stddef.h>
#include <sys/types.h>

#define SWEEP_DIR ".build/sweep"
#define PROBE_STATIC ".build/test/probe-static"
#define SEXTON_STATIC "./sexton-static"

#define GRACE "100ms"
#define GRACE_MS 100
#define END_MS (GRACE_MS + 1000)	/* the invariant: grace + 1 s */
#define MEASURE_MS 200		/* for outer to see it end, loaded */
#define CMD_CODE 41		/* the command's code; 42 after a TERM */

struct role {
	const char *name;
	int ns;			/* PID 1 of a new PID namespace */
	int pause;
	int opts;		/* -w, the zombie watch, --orphans, --report,
				 * -p TERM, --stop-delay, and a TERM */
	int system;
	const char *cmd_ms;	/* how long the command runs */
	int term_ms;		/* TERM to sexton this long after it is
				 * ready, or -1 */
};

extern const struct role roles[];
#define NROLES 7

/* What a run starts with. 0: as the test has it. */
struct limits {
	int nofile;		/* RLIMIT_NOFILE */
	int inherit;		/* fds from 3 up left open for sexton */
	int nproc;		/* RLIMIT_NPROC, as an unprivileged user */
	long as;		/* RLIMIT_AS, bytes */
	int closed;		/* stdin, stdout and stderr closed */
	int groups;		/* supplementary groups, which make
				 * /proc/PID/status long */
	int chld_ignored;	/* SIGCHLD ignored, as some parents leave it */
};

struct spec {
	int role;
	const char *bin;	/* sexton's binary */
	const char *cmd;	/* probe's */
	int nr, err;		/* the call refused, and how; nr -1: none */
	struct limits lim;
	const char *name;	/* the command's processes' name, or NULL */
	int id;			/* names its files */
};

struct result {
	int hung;		/* ended by the test: 1, or -1 if the test
				 * could not run it */
	int spin;		/* ended at SWEEP_SPIN refusals, after ms */
	int ended;
	int wstatus;
	long cpu_ticks;		/* sexton's own, USER_HZ */
	long long t_start, t_ready, t_cmd_exit, t_term, t_end;
	unsigned refused;	/* calls refused */
	pid_t zombie;		/* a child of sexton dead for ZOMBIE_MS */
	char out[4096], err[8192];
	size_t outlen, errlen;
	char marker[1024], report[512];
	char left[512];		/* what was left once sexton was gone */
	int nsig, sig[4], sigpid[4];	/* what the sentinel got */
};

struct verdict {
	char text[4096];
	size_t len;
};

/* Runs sp, start to end. */
void run_case(const struct spec *sp, struct result *rr);
/* What must hold whatever was taken away; broken, into v. */
void judge(const struct spec *sp, const struct result *rr,
    struct verdict *v);
void failf(struct verdict *v, const char *f, ...)
    __attribute__((format(printf, 2, 3)));
/* Whether a line of err names what (or what2) and strerror(e). */
int warned(const char *err, const char *what, const char *what2, int e);
/* The command's code from the marker, or -1 if it never wrote one. */
int marker_code(const struct result *rr);

typedef void judge_fn(const struct spec *sp, const struct result *rr,
    struct verdict *v);

struct job {
	struct spec sp;
	struct verdict v;
	unsigned refused;
	int done;
	int started;		/* the command ran, or --pause ended 0 */
};

/* Runs and judges n jobs, workers at a time; each job's v says what
 * broke, with sexton's stderr. */
void run_jobs(struct job *jobs, int n, int workers, judge_fn *j);

/* Writes what job i of a sweep is into buf, for report_jobs, with ctx
 * as report_jobs was given it: "RLIMIT_AS 3 MiB, PID 1, ./sexton". */
typedef void label_fn(const struct job *jb, int i, const void *ctx,
    char *buf, size_t size);
/* After run_jobs: each job that broke an invariant, or whose worker
 * died, on stderr, headed "[LABEL]", whole: cmocka's own print
 * functions cut at 1 KiB. How many there were; *started, unless
 * started is NULL, counts the jobs whose command ran (or whose --pause
 * ended 0). */
int report_jobs(struct job *jobs, int n, label_fn *label, const void *ctx,
    int *started);

/* A cmocka group setup for a sweep: musl-tools, the static builds of
 * sexton and the probe, and SWEEP_DIR, where an unprivileged user
 * writes too (RLIMIT_NPROC binds only such a user). 0, or -1. */
int sweep_setup(void **state);

#endif
