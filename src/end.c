/* The end. When the command has ended, or a signal ends the run, what
 * is left gets TERM and CONT; a grace period that ends as soon as
 * nothing is left; then KILL. The account and the report follow, and,
 * as the machine's own init, the power-off. */
#include <errno.h>
#include <signal.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <unistd.h>

#include "end.h"
#include "log.h"
#include "proc.h"
#include "signals.h"
#include "sys.h"

/* How long after the grace the KILLed may take to be reaped before
 * sexton goes on: only a process stuck in the kernel (state D) takes
 * longer. Counted from the grace's end, not from the KILL, so that the
 * walks of /proc among thousands do not add to it: the end comes
 * within grace + 1 s. */
#define KILL_WAIT_MS 900
/* How often a PID 1 looks again for processes that are not its
 * descendants: their ends raise no SIGCHLD. */
#define LOOK_MS 100

enum phase { RUNNING, GRACE, KILLED, OVER };

static struct {
	const struct config *cfg;
	const struct role *role;
	pid_t group;		/* the command's own group, or 0 */
	int report, termlog;	/* files, or -1 */
	enum phase phase;
	int code;		/* sexton's exit code */
	long long deadline;	/* of the phase: ms, CLOCK_MONOTONIC */
	long long look;		/* the next look for outsiders, or 0 */
	int said;		/* that /proc cannot be walked */
	int by_group;		/* the walk failed: signals reach the group */
} e;

void end_init(const struct config *c, const struct role *r, pid_t group,
    int report, int termlog)
{
	e.cfg = c;
	e.role = r;
	e.group = group;
	e.report = report;
	e.termlog = termlog;
}

/* A subreaper must never touch a process outside its own subtree, nor
 * one that took the pid of a process found. Returns how many were
 * signalled, or -1 if the subtree cannot be read from /proc. */
static long signal_descendants(int sig)
{
	struct proclist l = { 0 };
	long n = 0;

	if (proc_scan(&l, e.role->self) < 0) {
		proc_list_free(&l);
		return -1;
	}
	for (size_t i = 0; i < l.n; i++) {
		const struct procstat *p = proc_at(&l, i);

		if (!proc_dead(p) && proc_signal(p, sig) == 0)
			n++;
	}
	proc_list_free(&l);
	return n;
}

/* Without its descendants from /proc, sexton knows only the command's
 * group. The kernel keeps a group's number while any member lives: it
 * could be another group's at the KILL only if every member was gone
 * and the pid counter came round within the grace. */
static unsigned long signal_group(int sig)
{
	char buf[ERRTEXT];

	log_once(&e.said, LOG_WARN, "cannot walk the descendants in /proc: "
	    "%s; %s", proc_why(errno, buf), e.group > 0 ? "the command's "
	    "group is signalled instead" : "none can be signalled");
	e.by_group = 1;
	if (e.group <= 0)
		return 0;
	return kill_cont(-e.group, sig) == 0;
}

/* Sends sig to every process sexton answers for: as PID 1, everyone in
 * the namespace; otherwise its own descendants, walked down from it in
 * /proc, or without /proc the command's group. Returns how many were
 * signalled (as PID 1 or by group: 1 if any was). */
static unsigned long signal_rest(int sig)
{
	unsigned long total = 0;

	if (e.role->pid1)
		return kill_cont(-1, sig) == 0;
	/* What SIGKILL orphans becomes ours and shows up in the next
	 * walk; a fork bomb cannot keep this going for long. */
	for (int round = 0; round < 64; round++) {
		long n = signal_descendants(sig);

		if (n < 0)
			return total + signal_group(sig);
		total += (unsigned long)n;
		if (n == 0 || sig != SIGKILL)
			break;
	}
	return total;
}

/* Counts the living processes that are not sexton's descendants, as a
 * container's PID 1 sees them: entered with docker exec, kubectl exec
 * or nsenter. -1 if /proc cannot say. Not for the machine's own init,
 * which would count the kernel's threads. */
static int count_outsiders(void)
{
	struct proclist l = { 0 };
	int alive = 0;

	/* One call says whether anyone but sexton is left at all. */
	if (sys_kill_answer(-1, 0) == -ESRCH)
		return 0;
	if (proc_scan(&l, 0) < 0) {
		proc_list_free(&l);
		return -1;
	}
	/* A zombie is its parent's to reap, outside. */
	for (size_t i = 0; i < l.n; i++)
		alive += proc_at(&l, i)->pid != 1 && !proc_dead(proc_at(&l, i));
	proc_list_free(&l);
	return alive;
}

/* Whether a child is left that the end still waits for. The grace is
 * for all of them. After a KILL that went to the command's group alone
 * (the walk failed), only the group's: a child outside it got none,
 * and waiting for it would only hold the end. */
static int children_to_wait_for(void)
{
	siginfo_t si;

	if (!reap_children_left())
		return 0;
	if (e.phase != KILLED || !e.by_group)
		return 1;
	return sys_waitid(P_PGID, (id_t)e.group, &si,
	    WEXITED | WNOHANG | WNOWAIT) == 0;
}

int end_done(void)
{
	int outsiders;

	if (e.phase == OVER)
		return 1;
	if (children_to_wait_for())
		return 0;
	if (!e.role->pid1 || e.role->real_init)
		return 1;
	/* No child wakes sexton when an outsider dies: while one lives, or
	 * /proc cannot say, the loop comes back in LOOK_MS (end_due()). */
	outsiders = count_outsiders();
	e.look = outsiders != 0 ? clock_ms(CLOCK_MONOTONIC) + LOOK_MS : 0;
	return outsiders == 0;
}

int end_begun(void)
{
	return e.phase != RUNNING;
}

void end_begin(int code)
{
	long long grace = e.cfg->grace_ms;

	e.code = code;
	e.phase = GRACE;
	/* As tini does, with no grace: no signal, no wait; the kernel ends
	 * the namespace. Nothing left, nothing to signal. */
	if ((grace == 0 && !e.role->machine) || end_done()) {
		e.phase = OVER;
		return;
	}
	e.deadline = clock_ms(CLOCK_MONOTONIC) + grace;
	if (grace > 0 && signal_rest(SIGTERM) > 0)
		log_msg(LOG_INFO, "TERM sent to the rest; grace %lldms", grace);
}

/* The command killed by the OOM killer is said at once, and written
 * where Kubernetes takes the container's termination message from. */
void end_command(const struct reaped *command, int code)
{
	if (command->oom) {
		char line[256];
		size_t n = fmt(line, sizeof line - 1, "%s (pid %d) was killed by the "
		    "kernel's OOM killer", e.cfg->argv[0], command->pid);
		fmt_clean(line);
		log_msg(LOG_WARN, "%s", line);
		line[n++] = '\n';
		if (e.termlog >= 0)
			(void)!write(e.termlog, line, n);
	}
	if (e.phase != RUNNING)
		e.code = code;
	else
		end_begin(code);
}

long long end_due(void)
{
	if (e.phase != GRACE && e.phase != KILLED)
		return 0;
	return earliest(e.deadline, e.look);
}

void end_step(long long now)
{
	/* Only a look for outsiders was due: the loop's end_done() takes
	 * it. */
	if (now < e.deadline)
		return;
	if (e.phase == KILLED) {
		e.phase = OVER;
		return;
	}
	e.phase = KILLED;
	/* Only what was sent a KILL is waited for. */
	if (signal_rest(SIGKILL) > 0) {
		log_msg(LOG_WARN, "grace over: KILL sent to the rest");
		e.deadline += KILL_WAIT_MS;
	}
}

/* The account at the end: for -v, and for --report as one line of
 * key=value pairs that a script can read. */
static void account(unsigned long zombies, unsigned long forwarded)
{
	const struct reap_stats *st = reap_stats();
	char line[320];
	size_t n;

	if (!log_enabled(LOG_INFO) && e.report < 0)
		return;
	n = fmt(line, sizeof line - 1, "status=%d exit=%d user_ms=%ld "
	    "sys_ms=%ld maxrss_kb=%ld oom=%d orphans=%lu at_once=%lu "
	    "zombies=%lu forwarded=%lu", e.cfg->pause ? 0 :
	    status_code(st->command.status), e.code, st->command.utime_ms,
	    st->command.stime_ms, st->command.maxrss_kb, st->command.oom,
	    st->orphans, st->peak, zombies, forwarded);
	log_msg(LOG_INFO, "account: %s", line);
	line[n++] = '\n';
	/* A file gets the line from its start, alone: a sexton run by a
	 * sexton reads the same SEXTON_REPORT, and the outer one, which
	 * ends last, has the last word. A pipe or a terminal just gets it. */
	if (e.report >= 0 && (ftruncate(e.report, 0) == 0 ?
	    pwrite(e.report, line, n, 0) : write(e.report, line, n)) !=
	    (ssize_t)n) {
		char buf[ERRTEXT];

		log_msg(LOG_WARN, "cannot write the report: %s",
		    errtext(errno, buf));
	}
}

/* A container's sexton exits; the machine's own init reboots, and
 * exits only if it cannot. Where reboot(2) would not reach the machine
 * (in a PID namespace it ends sexton by a signal, and the command's
 * status would be lost), sexton never calls it. */
int end_finish(unsigned long zombies, unsigned long forwarded)
{
	static const char *const what[] = {
		[ONEXIT_POWEROFF] = "power-off",
		[ONEXIT_REBOOT] = "reboot",
		[ONEXIT_HALT] = "halt",
	};
	static const int cmd[] = {
		[ONEXIT_POWEROFF] = RB_POWER_OFF,
		[ONEXIT_REBOOT] = RB_AUTOBOOT,
		[ONEXIT_HALT] = RB_HALT_SYSTEM,
	};

	account(zombies, forwarded);
	log_flush();
	if (e.role->machine)
		log_msg(LOG_INFO, "%s of the machine", what[e.role->how]);
	if (e.role->real_init) {
		char buf[ERRTEXT];

		sync();
		log_msg(LOG_ERROR, "reboot: %s",
		    errtext(-sys_reboot_answer(cmd[e.role->how]), buf));
	} else if (e.role->machine) {
		log_msg(LOG_WARN, "not the machine's own init: exiting with "
		    "%d instead", e.code);
	}
	log_msg(LOG_INFO, "exiting with %d", e.code);
	return e.code;
}
