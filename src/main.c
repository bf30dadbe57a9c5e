/* sexton: a PID 1 that reaps every zombie, forwards signals and ends
 * cleanly.
 *
 * The main loop: every signal stays blocked. Inside signals_wait() the
 * SIGCHLD handler reaps children, and other signals wait in a signalfd.
 * After each wake-up the loop forwards what came, and once the main
 * child is gone it runs the shutdown sequence: TERM and CONT to what is
 * left, a grace period that ends as soon as nothing is left, then KILL. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clock.h"
#include "errtext.h"
#include "log.h"
#include "options.h"
#include "reap.h"
#include "shutdown.h"
#include "signals.h"
#include "spawn.h"
#include "usage.h"
#include "watch.h"

#define EXIT_USAGE 125
/* How long the SIGKILLed may take to be reaped before sexton goes on:
 * only a process stuck in the kernel (state D) takes longer. */
#define KILL_WAIT_MS 1000

enum phase { RUNNING, GRACE, KILLED };

struct state {
	const struct config *cfg;
	pid_t self;
	pid_t child;		/* 0 with --pause */
	int machine;		/* the machine's own init: never exits */
	enum onexit how;	/* what the machine does at the end */
	enum phase phase;
	long long deadline;	/* ms, CLOCK_MONOTONIC */
	int code;		/* sexton's exit code */
	struct watch watch;
	long long next_scan;	/* ms, CLOCK_MONOTONIC; 0: at once */
};

static void usage_error(const char *msg)
{
	log_plain("%s. Try 'sexton --help'.", msg);
	_exit(EXIT_USAGE);
}

/* The account at the end, for -v: how the command ended and what it
 * cost, and how many orphans were reaped. */
static void log_summary(const struct state *s)
{
	struct reap_stats st;

	reap_stats(&st);
	log_msg(LOG_INFO, "command: status %d, cpu %ldms user %ldms sys, "
	    "maxrss %ldKiB; orphans reaped: %lu, %lu at most at once",
	    s->child > 0 ? status_code(st.main.status) : 0, st.main.utime_ms,
	    st.main.stime_ms, st.main.maxrss_kb, st.orphans, st.peak);
}

static void log_reaped(void);

/* Called right after a reap pass of the loop. */
static int finish(struct state *s)
{
	if (s->cfg->warn_reap)
		log_reaped();
	if (log_enabled(LOG_INFO))
		log_summary(s);
	if (!s->machine) {
		log_msg(LOG_INFO, "exiting with %d", s->code);
		return s->code;
	}
	log_msg(LOG_INFO, "shutting the machine down");
	shutdown_machine(s->how);
	for (;;) {
		signals_wait(-1);
		while (signals_next() != 0)
			;
	}
}

/* Everything still running gets SIGTERM and SIGCONT, and the grace
 * period starts. With no grace, a container's sexton exits at once. */
static void begin_shutdown(struct state *s, int code)
{
	long long grace = s->cfg->grace_ms;

	s->code = code;
	s->phase = GRACE;
	s->deadline = clock_ms(CLOCK_MONOTONIC) + grace;
	if (grace == 0 && !s->machine)
		return;
	if (grace > 0 && shutdown_signal(s->self, SIGTERM) > 0)
		log_msg(LOG_INFO, "TERM sent to the rest; grace %lldms", grace);
}

static void kill_rest(struct state *s, long long now)
{
	if (shutdown_signal(s->self, SIGKILL) > 0)
		log_msg(LOG_WARN, "grace over: KILL sent to the rest");
	s->phase = KILLED;
	s->deadline = now + KILL_WAIT_MS;
}

static int machine_action(int sig, enum onexit *how)
{
	switch (sig) {
	case SIGINT:	/* Ctrl-Alt-Del */
	case SIGTERM:
		*how = ONEXIT_REBOOT;
		return 1;
	case SIGUSR1:
		*how = ONEXIT_HALT;
		return 1;
	case SIGUSR2:
		*how = ONEXIT_POWEROFF;
		return 1;
	}
	return 0;
}

static int is_job_control(int sig)
{
	return sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

static void handle_signal(struct state *s, int sig)
{
	const struct config *c = s->cfg;
	int to;

	if (s->phase != RUNNING)
		return;
	if (s->machine && machine_action(sig, &s->how)) {
		begin_shutdown(s, 0);
		return;
	}
	if (c->pause) {
		if (sig == SIGTERM || sig == SIGINT)
			begin_shutdown(s, 0);
		return;
	}
	to = rewrite_apply(&c->rewrite, sig);
	if (to != 0)
		signals_forward(to, s->child, c->target);
	/* As dumb-init does: the group stops, and so does sexton, until
	 * SIGCONT. PID 1 cannot stop itself, and need not. */
	if (is_job_control(sig) && c->target == TARGET_PGROUP && s->self != 1)
		kill(s->self, SIGSTOP);
}

static void log_reaped(void)
{
	struct reaped r;
	int n = 0;

	while (reap_take(&r)) {
		n++;
		if (WIFSIGNALED(r.status))
			log_msg(LOG_WARN, "reaped pid %d (%s): killed by signal "
			    "%d, cpu %ldms user %ldms sys, maxrss %ldKiB", r.pid,
			    r.comm, WTERMSIG(r.status), r.utime_ms, r.stime_ms,
			    r.maxrss_kb);
		else
			log_msg(LOG_WARN, "reaped pid %d (%s): exited %d, cpu "
			    "%ldms user %ldms sys, maxrss %ldKiB", r.pid, r.comm,
			    WEXITSTATUS(r.status), r.utime_ms, r.stime_ms,
			    r.maxrss_kb);
	}
	/* A full record ring pauses reaping: go on now there is room. */
	if (n > 0)
		reap_all();
}

/* How long to wait for a signal: for ever, or with the zombie watch
 * on, until its next scan, which runs first if it is due. */
static long long until_scan(struct state *s)
{
	long long now;

	if (s->cfg->watch_zombies == 0)
		return -1;
	now = clock_ms(CLOCK_MONOTONIC);
	if (now >= s->next_scan) {
		watch_scan(&s->watch);
		s->next_scan = now + s->cfg->watch_interval_ms;
	}
	return s->next_scan - now;
}

static int loop(struct state *s)
{
	for (;;) {
		long long now;
		int sig, status;

		while ((sig = signals_next()) != 0)
			handle_signal(s, sig);
		if (s->cfg->warn_reap)
			log_reaped();
		if (s->phase == RUNNING && s->child > 0 &&
		    reap_main_status(&status))
			begin_shutdown(s, exitmap_apply(&s->cfg->remap,
			    status_code(status)));
		if (s->phase == RUNNING) {
			signals_wait(until_scan(s));
			continue;
		}
		/* A fresh pass: orphans handed over alive raise no SIGCHLD,
		 * so the count from the last one may be stale. */
		reap_all();
		now = clock_ms(CLOCK_MONOTONIC);
		if (!reap_children_left() ||
		    (s->phase == KILLED && now >= s->deadline))
			return finish(s);
		if (s->phase == GRACE && now >= s->deadline)
			kill_rest(s, now);
		else
			signals_wait(s->deadline - now);
	}
}

/* Where orphans go: to PID 1 anyway; to sexton, if not PID 1, only as
 * a subreaper. */
static void take_role(struct state *s)
{
	if (s->self == 1) {
		s->machine = s->cfg->system || shutdown_is_machine_init();
		if (s->machine)
			log_msg(LOG_INFO, "running as the machine's init");
		return;
	}
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0)
		log_msg(LOG_WARN, "cannot become a subreaper: orphans will "
		    "not be reaped");
}

static void check_config(const struct config *c, pid_t self)
{
	if (c->target == TARGET_ALL && self != 1)
		usage_error("--all needs sexton to be PID 1");
	if (c->system && self != 1)
		usage_error("--system needs sexton to be PID 1");
	if (c->zombie_action != 0 && c->watch_zombies == 0)
		usage_error("--zombie-action needs --watch-zombies");
}

int main(int argc, char **argv, char **envp)
{
	struct config cfg = { 0 };
	struct state s;
	struct sigsave saved;
	char err[256];

	if (options_parse(&cfg, argc, argv, envp, err, sizeof err) < 0)
		usage_error(err);
	if (cfg.action != ACTION_RUN)
		return usage_print(cfg.action);
	memset(&s, 0, sizeof s);
	s.cfg = &cfg;
	s.self = getpid();
	s.how = cfg.on_exit;
	check_config(&cfg, s.self);
	log_init(cfg.verbosity, s.self);
	if (signals_catch(&saved, s.self) < 0) {
		char buf[24];

		log_plain("signalfd: %s", errtext(errno, buf));
		return EXIT_USAGE;
	}
	take_role(&s);
	if (cfg.pdeathsig != 0)
		prctl(PR_SET_PDEATHSIG, cfg.pdeathsig);
	if (!cfg.pause) {
		s.child = spawn(cfg.argv, &saved);
		if (s.child < 0) {
			char buf[24];

			log_plain("fork: %s", errtext(errno, buf));
			return EXIT_USAGE;
		}
		log_msg(LOG_INFO, "started %s as pid %d", cfg.argv[0], s.child);
	}
	s.watch.self = s.self;
	s.watch.threshold = (unsigned)cfg.watch_zombies;
	s.watch.action = cfg.zombie_action;
	reap_init(s.child, cfg.warn_reap);
	/* Anything that died before the first wait. */
	reap_all();
	return loop(&s);
}
