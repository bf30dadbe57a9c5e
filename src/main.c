/* sexton: a PID 1 that reaps every zombie, forwards signals and ends
 * cleanly.
 *
 * The main loop: every signal stays blocked and waits in a signalfd.
 * After each wake-up the loop handles what came: a SIGCHLD reaps every
 * dead child, other signals are forwarded, but never once the main
 * child has been reaped. Once it is gone the loop runs the shutdown
 * sequence: TERM and CONT to what is left, a grace period that ends as
 * soon as nothing is left, then KILL. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clock.h"
#include "errtext.h"
#include "fmt.h"
#include "job.h"
#include "log.h"
#include "oom.h"
#include "options.h"
#include "orphans.h"
#include "proc.h"
#include "reap.h"
#include "shutdown.h"
#include "signals.h"
#include "signame.h"
#include "spawn.h"
#include "sys.h"
#include "usage.h"
#include "watch.h"

#define EXIT_USAGE 125
/* How long the SIGKILLed may take to be reaped before sexton goes on:
 * only a process stuck in the kernel (state D) takes longer. */
#define KILL_WAIT_MS 1000

/* DONE: nothing is left to wait for. */
enum phase { RUNNING, GRACE, KILLED, DONE };

struct state {
	const struct config *cfg;
	pid_t self;
	pid_t child;		/* 0 with --pause */
	int machine;		/* ends as a machine does: never by exit */
	int real_init;		/* the machine's own: reboot(2) will work */
	int share;		/* the command stays in sexton's group */
	int tty;		/* sexton's terminal (an fd 0 to 2), or -1 */
	pid_t tty_fg;		/* the group in its foreground at start */
	int tty_given;		/* the command's group got the terminal */
	int stop;		/* to stop once the signals read are handled */
	int stop_sent;		/* STOP went to the group: stop with it */
	enum onexit how;	/* what the machine does at the end */
	enum phase phase;
	long long deadline;	/* ms, CLOCK_MONOTONIC */
	int code;		/* sexton's exit code */
	struct ender end;
	struct outsiders outsiders;	/* as PID 1, at the end */
	struct watch watch;
	long long next_scan;	/* ms, CLOCK_MONOTONIC; 0: at once */
	int held;		/* --stop-delay: the signal held, or 0 */
	int hold_used;		/* only the first TERM or INT is held */
	long long hold_until;	/* ms, CLOCK_MONOTONIC */
	struct orphans orphans;
	long long orphan_due;	/* ms, CLOCK_MONOTONIC; -1: none */
	unsigned long forwarded;
	int report;		/* --report's file, or -1 */
	int termlog;		/* the termination message file, or -1 */
};

static void usage_error(const char *msg)
{
	log_plain("%s. Try 'sexton --help'.", msg);
	_exit(EXIT_USAGE);
}

/* The account at the end: for -v, and for --report as one line of
 * key=value pairs that a script can read. */
static void account(const struct state *s)
{
	const struct reap_stats *st = reap_stats();
	char line[320];
	size_t n;

	if (!log_enabled(LOG_INFO) && s->report < 0)
		return;
	n = fmt(line, sizeof line - 1, "status=%d exit=%d user_ms=%ld "
	    "sys_ms=%ld maxrss_kb=%ld oom=%d orphans=%lu at_once=%lu "
	    "zombies=%lu forwarded=%lu", s->child > 0 ?
	    status_code(st->main.status) : 0, s->code, st->main.utime_ms,
	    st->main.stime_ms, st->main.maxrss_kb, st->main.oom, st->orphans,
	    st->peak, s->watch.most, s->forwarded);
	log_msg(LOG_INFO, "account: %s", line);
	line[n++] = '\n';
	/* A file gets the line from its start, alone: a sexton run by a
	 * sexton reads the same SEXTON_REPORT, and the outer one, which
	 * ends last, has the last word. A pipe or a terminal just gets it. */
	if (s->report >= 0 && (ftruncate(s->report, 0) == 0 ?
	    pwrite(s->report, line, n, 0) : write(s->report, line, n)) !=
	    (ssize_t)n)
		log_msg(LOG_WARN, "cannot write the report: %s",
		    errtext(errno, line));
}

static void log_reaped(void)
{
	struct reaped r;
	unsigned long lost;

	while (reap_take(&r)) {
		int killed = WIFSIGNALED(r.status);

		log_msg(LOG_WARN, "reaped pid %d (%s): %s %d%s, cpu %ldms user "
		    "%ldms sys, maxrss %ldKiB", r.pid, r.comm, killed ?
		    "killed by signal" : "exited", killed ? WTERMSIG(r.status) :
		    WEXITSTATUS(r.status), r.oom ? " (out of memory)" : "",
		    r.utime_ms, r.stime_ms, r.maxrss_kb);
	}
	if ((lost = reap_unlogged()) > 0)
		log_msg(LOG_WARN, "%lu reaps not logged: too many at once",
		    lost);
}

/* Called right after a reap pass of the loop. A container's sexton
 * exits; the machine's own init reboots, and exits only if it cannot.
 * Where reboot(2) would not reach the machine (in a PID namespace it
 * ends sexton by a signal, and the command's status would be lost),
 * sexton never calls it. */
static int finish(struct state *s)
{
	static const char *const what[] = {
		[ONEXIT_POWEROFF] = "power-off",
		[ONEXIT_REBOOT] = "reboot",
		[ONEXIT_HALT] = "halt",
	};

	if (s->cfg->warn_reap)
		log_reaped();
	account(s);
	log_flush();
	if (s->machine)
		log_msg(LOG_INFO, "%s of the machine", what[s->how]);
	if (s->real_init)
		shutdown_machine(s->how);
	else if (s->machine)
		log_msg(LOG_WARN, "not the machine's own init: exiting with "
		    "%d instead", s->code);
	log_msg(LOG_INFO, "exiting with %d", s->code);
	return s->code;
}

/* How often a PID 1 looks again for processes it cannot watch. */
#define OUTSIDER_LOOK_MS 100

/* Nothing left to wait for: no child, and as a container's PID 1 no
 * other process of its namespace either, such as one docker exec
 * started, which the kernel would KILL mid-cleanup once sexton exits.
 * Counting those opens pidfds on them, for the wait. */
static int nothing_left(struct state *s)
{
	if (reap_children_left())
		return 0;
	if (s->self != 1 || s->real_init)
		return 1;
	return shutdown_outsiders(&s->outsiders) == 0;
}

/* Waits at the end, until deadline at the latest, for a signal, or for
 * an outsider to exit: through its pidfd, or by looking again. */
static void wait_end(struct state *s, long long now)
{
	long long wait = s->deadline - now;

	if (s->outsiders.blind && wait > OUTSIDER_LOOK_MS)
		wait = OUTSIDER_LOOK_MS;
	signals_wait(wait, s->outsiders.fd, s->outsiders.n);
}

/* Everything still running gets SIGTERM and SIGCONT, and the grace
 * period starts. What is left is what the last reap pass found, which
 * the caller has just made. */
static void begin_shutdown(struct state *s, int code)
{
	long long grace = s->cfg->grace_ms;

	s->code = code;
	s->phase = GRACE;
	/* Nothing left, nothing to signal. As tini does, with no grace:
	 * no signal, no wait; the kernel ends the namespace. */
	if ((grace == 0 && !s->machine) || nothing_left(s)) {
		s->phase = DONE;
		return;
	}
	s->deadline = clock_ms(CLOCK_MONOTONIC) + grace;
	if (grace > 0 && shutdown_signal(&s->end, SIGTERM) > 0)
		log_msg(LOG_INFO, "TERM sent to the rest; grace %lldms", grace);
}

static void kill_rest(struct state *s, long long now)
{
	if (shutdown_signal(&s->end, SIGKILL) > 0)
		log_msg(LOG_WARN, "grace over: KILL sent to the rest");
	s->phase = KILLED;
	s->deadline = now + KILL_WAIT_MS;
}

/* What a signal asks of the machine's init: busybox init's meanings,
 * and systemd's, which container managers and shutdown tools send. */
static const struct {
	unsigned char sig;
	unsigned char how;
} machine_signals[] = {
	{ SIGINT, ONEXIT_REBOOT },	/* Ctrl-Alt-Del */
	{ SIGTERM, ONEXIT_REBOOT },
	{ SIGUSR1, ONEXIT_HALT },
	{ SIGUSR2, ONEXIT_POWEROFF },
	{ SIGPWR, ONEXIT_POWEROFF },
	{ SEXTON_RTMIN + 3, ONEXIT_HALT },
	{ SEXTON_RTMIN + 4, ONEXIT_POWEROFF },
	{ SEXTON_RTMIN + 5, ONEXIT_REBOOT },
};

static int machine_action(int sig, enum onexit *how)
{
	for (size_t i = 0; i < sizeof machine_signals /
	    sizeof machine_signals[0]; i++)
		if (machine_signals[i].sig == sig) {
			*how = (enum onexit)machine_signals[i].how;
			return 1;
		}
	return 0;
}

static int is_stop(int sig)
{
	return sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU ||
	    sig == SIGSTOP;
}

/* As dumb-init does: once the command stopped, from the terminal or by
 * a stop sent to its group, or once a stop went to the command alone,
 * sexton stops too, so that the shell that started it sees the job
 * stop. Only after every signal already queued is handled: a CONT sent
 * after the stop must not find sexton running and leave it stopped.
 * PID 1 cannot stop itself, and need not. */
static void stop_self(struct state *s)
{
	/* A stop discards a SIGCONT still queued: one that came while
	 * sexton was reading would be lost, and sexton and the command
	 * would stay stopped. So sexton stops only with nothing queued;
	 * else it reads on and decides again. Once the command is dead,
	 * there is no job to stop. */
	if (!s->stop || signals_pending())
		return;
	if (s->self != 1 && s->phase == RUNNING)
		sys_kill(s->self, SIGSTOP);
	s->stop = 0;
}

/* Whom a signal goes to: a group that the command shares with sexton
 * is the shell's job, and may hold its other members. */
static enum target target(const struct state *s)
{
	return s->share && s->cfg->target == TARGET_PGROUP ? TARGET_CHILD :
	    s->cfg->target;
}

static void forward(struct state *s, int sig)
{
	const struct config *c = s->cfg;
	int to = rewrite_apply(&c->rewrite, sig);

	if (sig == SIGCONT)
		s->stop = s->stop_sent = 0;
	if (to == 0)
		return;
	signals_forward(to, s->child, target(s));
	s->forwarded++;
	/* As bash's kill does: a stopped command must see its TERM. */
	if (to == SIGTERM || to == SIGHUP)
		signals_forward(SIGCONT, s->child, target(s));
	/* A group sent STOP stops, unless it is dying: sexton waits to
	 * hear which, or it could stop for good beside a dead command.
	 * Whether a TSTP is caught cannot be heard: as dumb-init does,
	 * sexton stops at once, and a wait could outlast the stop. */
	if (to == SIGSTOP && c->target != TARGET_CHILD)
		s->stop_sent = 1;
	else if (is_stop(to))
		s->stop = 1;
}

/* The command killed by the OOM killer is said at once, and written
 * where Kubernetes takes the container's termination message from. */
static void tell_oom(const struct state *s)
{
	char line[256];
	size_t n;

	if (!reap_stats()->main.oom)
		return;
	n = fmt(line, sizeof line - 1, "%s (pid %d) was killed by the "
	    "kernel's OOM killer", s->cfg->argv[0], s->child);
	fmt_clean(line);
	log_msg(LOG_WARN, "%s", line);
	line[n++] = '\n';
	if (s->termlog >= 0)
		(void)!write(s->termlog, line, n);
}

/* The command's death comes first: no signal read after the SIGCHLD
 * that reaped it may reach its pid, which wait4() freed for reuse.
 * The pass that reaped it has just told what is left. */
static void note_main_exit(struct state *s)
{
	int status;

	if (s->phase != RUNNING || s->child <= 0 || !reap_main_status(&status))
		return;
	if (s->tty >= 0)
		job_give_back(s->tty, s->child, s->tty_fg);
	tell_oom(s);
	begin_shutdown(s, exitmap_apply(&s->cfg->remap, status_code(status)));
}

/* A signal that ends sexton with the command still running: a fresh
 * pass first, as orphans handed over alive raise no SIGCHLD. */
static void end_on_signal(struct state *s)
{
	reap_all();
	begin_shutdown(s, 0);
}

static void act(struct state *s, int sig)
{
	if (s->machine && machine_action(sig, &s->how)) {
		end_on_signal(s);
		return;
	}
	if (s->cfg->pause) {
		/* A halt request too, which -r may have made TERM. */
		if (sig == SIGTERM || sig == SIGINT ||
		    rewrite_apply(&s->cfg->rewrite, sig) == SIGTERM)
			end_on_signal(s);
		/* A shell's job, it stops when told to, as sleep would. */
		else if (is_stop(sig) && s->self != 1)
			s->stop = 1;
		return;
	}
	forward(s, sig);
}

/* The held signal is acted on now. */
static void release(struct state *s)
{
	int sig = s->held;

	s->held = 0;
	act(s, sig);
}

/* --stop-delay: the first TERM or INT waits, so that a load balancer
 * can stop sending work first. A second one ends the wait: both go on
 * at once, in order. Returns 1 if sig is not to be acted on now. */
static int hold(struct state *s, int sig)
{
	char name[12];

	/* One that -r drops is neither held nor ends a hold. */
	if ((sig != SIGTERM && sig != SIGINT) ||
	    rewrite_apply(&s->cfg->rewrite, sig) == 0)
		return 0;
	if (s->held != 0) {
		release(s);
		return s->phase != RUNNING;
	}
	if (s->cfg->stop_delay_ms == 0 || s->hold_used)
		return 0;
	s->hold_used = 1;
	s->held = sig;
	s->hold_until = clock_ms(CLOCK_MONOTONIC) + s->cfg->stop_delay_ms;
	sig_name(sig, name);
	log_msg(LOG_INFO, "holding %s for %lldms", name, s->cfg->stop_delay_ms);
	return 1;
}

static void handle_signal(struct state *s, int sig, int from_kernel)
{
	note_main_exit(s);
	/* The terminal's Ctrl-C, Ctrl-Z or resize went to the whole group,
	 * which the command shares: it has its own already. */
	if (from_kernel && s->share && !s->cfg->pause)
		return;
	if (s->phase == RUNNING && !hold(s, sig))
		act(s, sig);
}

/* The zombie watch's next step: 0 if a scan is due or under way, then
 * after one step of it; otherwise how long until the next. */
static long long until_scan(struct state *s, long long now)
{
	if (s->cfg->watch_zombies == 0)
		return -1;
	if (s->watch.scanning || now >= s->next_scan) {
		if (watch_step(&s->watch))
			return 0;
		s->next_scan = now + s->cfg->watch_interval_ms;
	}
	return s->next_scan - now;
}

/* The sooner of two waits, where -1 is for ever. */
static long long sooner(long long a, long long b)
{
	return a < 0 || (b >= 0 && b < a) ? b : a;
}

/* How long to wait for a signal: for ever, or until the first of the
 * held TERM, the next look for orphans and the zombie watch's next
 * scan. What falls due is done first. */
static long long next_wake(struct state *s)
{
	long long now, wake;

	if (s->held == 0 && s->orphan_due < 0 && s->cfg->watch_zombies == 0)
		return -1;
	now = clock_ms(CLOCK_MONOTONIC);
	if (s->held != 0 && now >= s->hold_until) {
		release(s);
		if (s->phase != RUNNING)
			return 0;
	}
	if (s->orphan_due >= 0 && now >= s->orphan_due)
		s->orphan_due = orphans_check(&s->orphans, now);
	wake = sooner(until_scan(s, now), s->held != 0 ? s->hold_until - now :
	    -1);
	return sooner(wake, s->orphan_due >= 0 ? s->orphan_due - now : -1);
}

/* The command stopped. A shell's job stops with it. As PID 1 there is
 * no shell to fg it: a Ctrl-Z would leave the container stopped for
 * good, where with no init at all PID 1 ignores it. So the command
 * goes on, and only a stop sent on purpose, forwarded as STOP, holds. */
static void note_stop(struct state *s)
{
	int sig = job_stopped(s->child);

	if (sig == SIGTSTP && s->tty_given && s->self == 1) {
		signals_forward(SIGCONT, s->child, target(s));
		return;
	}
	if (sig != 0) {
		s->stop = 1;
		s->stop_sent = 0;
	}
}

static int loop(struct state *s)
{
	for (;;) {
		long long now;
		int sig, from_kernel;

		while ((sig = signals_next(&from_kernel)) != 0)
			handle_signal(s, sig, from_kernel);
		note_main_exit(s);
		if ((s->share || s->stop_sent || s->tty_given) &&
		    signals_chld_seen() && s->phase == RUNNING)
			note_stop(s);
		stop_self(s);
		if (s->cfg->warn_reap)
			log_reaped();
		if (s->phase == RUNNING) {
			signals_wait(next_wake(s), NULL, 0);
			continue;
		}
		/* A fresh pass: orphans handed over alive raise no SIGCHLD,
		 * so the count from the last one may be stale. Once a pass
		 * found no child, none can come but from an outsider. */
		if (s->phase != DONE && reap_children_left())
			reap_all();
		if (s->phase == DONE || nothing_left(s))
			return finish(s);
		now = clock_ms(CLOCK_MONOTONIC);
		if (s->phase == KILLED && now >= s->deadline)
			return finish(s);
		if (s->phase == GRACE && now >= s->deadline)
			kill_rest(s, now);
		else
			wait_end(s, now);
	}
}

/* Not PID 1, on a terminal, or where a filter hides whether there is
 * one, the command stays in sexton's group; as PID 1 in the terminal's
 * foreground, its own group gets the terminal. */
static void find_terminal(struct state *s)
{
	/* A runtime gives PID 1 the terminal on all of 0 to 2, or none;
	 * a shell may give a job a pipe on some. */
	int fd = job_terminal(s->self == 1 ? 0 : 2, &s->tty_fg);

	s->tty = fd >= 0 ? fd : -1;
	if (s->self != 1 || fd == JOB_UNKNOWN) {
		s->share = fd != -1;
		return;
	}
	s->tty_given = fd >= 0 && s->tty_fg == getpgrp();
}

/* Where orphans go: to PID 1 anyway; to sexton, if not PID 1, as a
 * subreaper unless that is turned off. */
static void take_role(struct state *s)
{
	if (s->self == 1) {
		s->real_init = shutdown_is_machine_init();
		s->machine = s->cfg->system || s->real_init;
		if (s->real_init)
			log_msg(LOG_INFO, "running as the machine's init");
		return;
	}
	if (s->cfg->subreaper &&
	    sys_call(SYS_prctl, PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0, 0) < 0)
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

/* The parent-death signal is set after the parent was seen; if the
 * parent died in between, the kernel will never send it: do as if it
 * had. */
static int set_pdeathsig(int sig, pid_t parent)
{
	if (sig == 0)
		return 0;
	sys_call(SYS_prctl, PR_SET_PDEATHSIG, sig, 0, 0, 0, 0);
	return getppid() != parent;
}

/* Above stderr: with fds 0 to 2 closed, open() hands one of them out,
 * and log lines would go into the file. */
static int above_stderr(int fd)
{
	int up;

	if (fd < 0 || fd > 2)
		return fd;
	up = sys_dup_above(fd, 3);
	sys_close(fd);
	return up;
}

/* The files sexton writes at the end are opened before anything is
 * started: a bad path is bad usage, and a relative one is the caller's,
 * not that of "/", where sexton goes. Kubernetes' termination message
 * file is used where it is writable, and nothing is said otherwise. */
static void open_files(struct state *s)
{
	const struct config *c = s->cfg;
	const char *bad = NULL;

	/* O_NONBLOCK: a FIFO with no reader must not hang PID 1. */
	s->termlog = sys_open(c->termlog != NULL ? c->termlog :
	    "/dev/termination-log", O_WRONLY | O_APPEND | O_CLOEXEC |
	    O_NONBLOCK | (c->termlog != NULL ? O_CREAT : 0), 0644);
	s->termlog = above_stderr(s->termlog);
	if (s->termlog < 0 && c->termlog != NULL)
		bad = c->termlog;
	s->report = above_stderr(c->report == NULL ? -1 : sys_open(c->report,
	    O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NONBLOCK, 0644));
	if (s->report < 0 && c->report != NULL)
		bad = c->report;
	if (bad != NULL) {
		char buf[24];

		log_plain("cannot open '%s': %s", bad, errtext(errno, buf));
		_exit(EXIT_USAGE);
	}
}

/* --orphans: the children sexton has already were never adopted. The
 * look for them comes once the inherited fds are gone, which may have
 * left none to look with; the command, just started, is known. */
static void start_orphans(struct state *s)
{
	const struct config *c = s->cfg;
	long long now;

	s->orphan_due = -1;
	if (c->orphan_sig == 0)
		return;
	s->orphans = (struct orphans){ .self = s->self, .sig = c->orphan_sig,
	    .age_ms = c->orphan_age_ms, .log = c->warn_reap,
	    .command = s->child };
	now = clock_ms(CLOCK_MONOTONIC);
	/* /proc counts a start in clock ticks of 10 ms after boot. */
	orphans_begin(&s->orphans, now, (unsigned long long)clock_ms(
	    CLOCK_BOOTTIME) / 10);
	s->orphan_due = now;
}

/* sexton's own fds, kept when the inherited ones go. */
#define NOWN 5

/* What sexton was given to pass on is the command's alone: held open
 * by PID 1 too, a listening socket would go on taking connections,
 * and a file keep its mount busy, after the command closed them. All
 * fds from 3 up go but sexton's own (-1: none), which are sorted here
 * so that one pass closes the gaps between them. */
static void close_inherited(int own[NOWN])
{
	int from = 3;

	for (int i = 1; i < NOWN; i++)
		for (int j = i; j > 0 && own[j - 1] > own[j]; j--) {
			int t = own[j];

			own[j] = own[j - 1];
			own[j - 1] = t;
		}
	for (int i = 0; i <= NOWN; i++) {
		int next = i < NOWN ? own[i] : INT_MAX;

		if (next < from)
			continue;
		/* Without close_range(2), those /proc lists. */
		if (from < next && sys_close_range(from, next - 1) < 0)
			proc_close_fds(from, next - 1);
		if (i < NOWN)
			from = next + 1;
	}
}

static int start(struct state *s, const struct sigsave *saved, int here)
{
	const struct config *c = s->cfg;

	s->child = spawn(c->argv, c->path, here, saved, s->share ?
	    SPAWN_SHARE_GROUP : s->tty_given ? s->tty : -1);
	if (s->child < 0) {
		char buf[24];

		log_plain("fork: %s", errtext(errno, buf));
		return -1;
	}
	s->end.pgid = s->share ? 0 : s->child;
	log_msg(LOG_INFO, "started %s as pid %d", c->argv[0], s->child);
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	pid_t parent = getppid();
	struct config cfg;
	/* In .bss, zeroed by the loader: main runs once. */
	static struct state s;
	struct sigsave saved;
	char err[256];
	int orphaned, here, own[NOWN];

	if (options_parse(&cfg, argc, argv, envp, err, sizeof err) < 0)
		usage_error(err);
	if (cfg.action != ACTION_RUN)
		return usage_print(cfg.action);
	s.cfg = &cfg;
	s.self = getpid();
	s.how = cfg.on_exit;
	check_config(&cfg, s.self);
	log_init(cfg.verbosity, s.self);
	/* The fds sexton needs come first, those it can do without last:
	 * a limit of a handful of fds must leave room for the signalfd. */
	if ((own[0] = signals_catch(&saved, s.self)) < 0) {
		log_plain("signalfd: %s", errtext(errno, err));
		_exit(EXIT_USAGE);
	}
	open_files(&s);
	own[1] = s.report;
	own[2] = s.termlog;
	own[4] = oom_init();
	find_terminal(&s);
	take_role(&s);
	if (s.self == 1 && !s.machine)
		rewrite_halts(&cfg.rewrite);
	orphaned = set_pdeathsig(cfg.pdeathsig, parent);
	s.end.self = s.self;
	/* Pin no directory: sexton is in / before the command can look,
	 * and the command goes back to the caller's. Without a handle on
	 * that, sexton leaves it once the command has it. */
	here = sys_open(".", O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
	if (here >= 0)
		(void)!chdir("/");
	if (!cfg.pause && start(&s, &saved, here) < 0)
		_exit(EXIT_USAGE);
	if (here >= 0)
		sys_close(here);
	else
		(void)!chdir("/");
	/* Hold no file either. */
	own[3] = log_fd();
	close_inherited(own);
	start_orphans(&s);
	s.watch.self = s.self;
	s.watch.parent = parent;
	s.watch.threshold = (unsigned)cfg.watch_zombies;
	s.watch.action = cfg.zombie_action;
	reap_init(s.child, cfg.warn_reap);
	/* Anything that died before the first wait. */
	reap_all();
	if (orphaned) {
		log_msg(LOG_INFO, "parent gone before the parent-death signal "
		    "was set");
		handle_signal(&s, cfg.pdeathsig, 0);
	}
	/* Nothing is buffered and nothing is registered to run at exit:
	 * libc's exit() would only look. */
	_exit(loop(&s));
}
