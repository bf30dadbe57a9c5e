/* sexton: a PID 1 that reaps every zombie, forwards signals and ends
 * cleanly.
 *
 * main() is the setup, one step a line; loop() is the whole run: wait
 * for a signal or the earliest deadline; SIGCHLD reaps; any other
 * signal is handled; what is due runs; then, once nothing is left, the
 * end. */
#include <errno.h>
#include <signal.h>
#include <unistd.h>

#include "end.h"
#include "forward.h"
#include "log.h"
#include "oom.h"
#include "options.h"
#include "orphans.h"
#include "reap.h"
#include "signals.h"
#include "start.h"
#include "sys.h"
#include "watch.h"

/* sexton's own fds: the signalfd, the report, the termination log, the
 * OOM counter, and its handle on stderr. */
#define NOWN 5

static struct config cfg;
static struct role role;
static pid_t command;		/* 0 with --pause */

/* The command's end, once a pass reaped it, begins the end: no signal
 * read after may reach its pid, which wait4() freed for reuse. Where a
 * signal began the end (the machine's), its status is still sexton's. */
static void note_command(void)
{
	static int noted;
	int status;

	if (noted || command == 0 || !reap_command(&status))
		return;
	noted = 1;
	terminal_give_back(command);
	end_command(&reap_stats()->command, exitmap_apply(&cfg.remap,
	    status_code(status)));
}

/* A signal ends the run with the command still there: a fresh pass
 * first, as orphans handed over alive raise no SIGCHLD. */
static void end_on_signal(void)
{
	reap_all();
	end_begin(0);
	note_command();
}

/* One signal read: SIGCHLD reaps; the kernel's own goes no further. */
static void handle(int sig, int kernel)
{
	if (sig == SIGCHLD) {
		reap_all();
		note_command();
		if (kernel)
			return;
	}
	if (!end_begun() && forward_signal(sig, kernel))
		end_on_signal();
}

/* The earliest deadline (ms, CLOCK_MONOTONIC), or 0 for none: while
 * the command runs, the held signal, the next look for orphans and the
 * zombie watch's next step; then the end's. */
static long long next_due(void)
{
	long long due = end_due();

	if (!end_begun()) {
		due = earliest(due, forward_due());
		due = earliest(due, orphans_due());
		due = earliest(due, watch_due());
	}
	return due;
}

/* Runs what is due, and returns the time (ms, CLOCK_MONOTONIC), or 0
 * when there is no deadline at all: then no clock is read. */
static long long run_due(void)
{
	long long now;

	if (next_due() == 0)
		return 0;
	now = clock_ms(CLOCK_MONOTONIC);
	if (!end_begun()) {
		if (due_now(forward_due(), now) && forward_release())
			end_on_signal();
		if (due_now(orphans_due(), now))
			orphans_check(now);
		if (due_now(watch_due(), now))
			watch_step(now);
	}
	if (due_now(end_due(), now))
		end_step(now);
	return now;
}

/* Sleeps until a signal or the earliest deadline. */
static void wait_for_work(long long now)
{
	long long due = next_due();

	signals_wait(due == 0 ? -1 : due > now ? due - now : 0);
}

static int loop(void)
{
	long long now = run_due();

	for (;;) {
		int sig, kernel, chld = 0;

		wait_for_work(now);
		while ((sig = signals_next(&kernel)) != 0) {
			chld |= sig == SIGCHLD;
			handle(sig, kernel);
		}
		if (chld && !end_begun())
			forward_note_stop();
		forward_stop_self(!end_begun());
		now = run_due();
		/* A fresh pass at the end: orphans handed over alive raise no
		 * SIGCHLD, so the last pass's count may be stale. Once a pass
		 * found no child, none can come but from an outsider. */
		if (end_begun() && reap_children_left()) {
			reap_all();
			note_command();
		}
		reap_log();
		if (end_begun() && end_done())
			return end_finish(watch_most(), forward_count());
	}
}

int main(int argc, char **argv, char **envp)
{
	/* The parent first: the sooner it is seen, the smaller the window
	 * in which its death goes unseen (-p). */
	pid_t parent = getppid(), self = getpid();
	struct sigsave saved;
	const char *refused;
	char err[256];
	int own[NOWN], report, termlog, orphaned;
	enum group group;

	/* getpid() cannot fail, and sets no errno: a filter's refusal
	 * reads as a negative pid. */
	if (self <= 0) {
		log_plain("getpid refused");
		return EXIT_REFUSED;
	}
	if (options_parse(&cfg, argc, argv, envp, self, err, sizeof err) < 0) {
		log_plain("%s. Try 'sexton --help'.", err);
		return EXIT_USAGE;
	}
	if (cfg.action != ACTION_RUN)
		return options_print(cfg.action);
	log_init(cfg.verbosity, self);
	/* The fds sexton needs come first, those it can do without last:
	 * a limit of a handful of fds must leave room for the signalfd. */
	if ((own[0] = signals_catch(&saved, self)) < 0) {
		log_plain("cannot read signals: %s", errtext(errno, err));
		return EXIT_REFUSED;
	}
	if ((refused = start_check_calls(own[0], self)) != NULL)
		return log_refused(refused);
	/* What died before sexton: the first pass, and the try of wait4. */
	if ((errno = reap_all()) != 0)
		return log_refused("wait4");
	start_files(&cfg, &report, &termlog);
	own[1] = report;
	own[2] = termlog;
	own[3] = oom_init();
	start_role(&cfg, &role, self, parent);
	orphaned = start_pdeathsig(&cfg, &role);
	group = terminal_choose(role.pid1);
	orphans_note(&cfg, &role);
	command = start_command(&cfg, &saved, group);
	/* Hold no file either: the inherited are the command's. */
	own[4] = log_fd();
	start_drop_fds(own, NOWN);
	forward_init(&cfg, &role, command, group == GROUP_SHARED,
	    terminal_found());
	end_init(&cfg, &role, group == GROUP_SHARED ? 0 : command, report,
	    termlog);
	reap_init(command, cfg.warn_reap);
	/* /proc counts a start in clock ticks of 10 ms after boot. */
	orphans_start(command);
	watch_init(&cfg, &role);
	if (orphaned) {
		log_msg(LOG_INFO, "parent gone before the parent-death signal "
		    "was set");
		handle(cfg.pdeathsig, 0);
	}
	/* Nothing is buffered and nothing is registered to run at exit:
	 * libc's exit() would only look. */
	_exit(loop());
}
