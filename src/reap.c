/* Reaping. Everything here runs in the main loop, when a SIGCHLD is
 * read or the loop asks for a fresh pass: no handler shares this
 * state. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "log.h"
#include "oom.h"
#include "parse.h"
#include "proc.h"
#include "reap.h"
#include "sys.h"

#define RING 64

static struct {
	pid_t command;
	int record;
	int ours;		/* /proc is this namespace's: names are */
	int said;		/* that a name could not be read */
	int command_done;
	int children_left;
	struct reap_stats stats;
	/* Records for -w. Reaping never waits for logging: when the ring
	 * is full, the reaps past it are only counted. */
	struct reaped ring[RING];
	unsigned head, tail;
	unsigned long unlogged;
} st;

void reap_init(pid_t command, int record)
{
	st.command = command;
	st.record = record;
	st.children_left = 1;
}

static long to_ms(const struct timeval *tv)
{
	return (long)tv->tv_sec * 1000 + (long)tv->tv_usec / 1000;
}

/* Peeks at the next dead child without reaping it, so that its name
 * can still be read from /proc, if that is this namespace's: another's
 * would name a stranger. Returns its pid, or 0 or -1. */
static pid_t peek(char comm[16])
{
	siginfo_t si;
	struct procstat ps;

	si.si_pid = 0;
	comm[0] = '\0';
	if (sys_waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) < 0)
		return -1;
	if (si.si_pid <= 0 || !st.ours)
		return si.si_pid;
	if (proc_stat(si.si_pid, &ps) == 0) {
		memcpy(comm, ps.comm, sizeof ps.comm);
	} else {
		char buf[ERRTEXT];

		log_once(&st.said, LOG_WARN, "cannot read the names of the "
		    "reaped in /proc: %s", errtext(errno, buf));
	}
	return si.si_pid;
}

/* Reaps one dead child; returns its pid, 0 if none is dead yet, or
 * -errno (-ECHILD: no child is left). */
static pid_t reap_one(void)
{
	int room = st.record && st.head - st.tail < RING;
	struct reaped r;
	struct rusage ru;

	r.comm[0] = '\0';
	r.pid = room ? peek(r.comm) : -1;
	/* A peek refused by a filter only costs the name. */
	if (r.pid == 0 || (r.pid < 0 && room && errno == ECHILD))
		return r.pid == 0 ? 0 : -ECHILD;
	r.pid = sys_wait4(r.pid > 0 ? r.pid : -1, &r.status, WNOHANG, &ru);
	if (r.pid <= 0)
		return r.pid;
	r.utime_ms = to_ms(&ru.ru_utime);
	r.stime_ms = to_ms(&ru.ru_stime);
	r.maxrss_kb = ru.ru_maxrss;
	/* Every death by SIGKILL asks, recorded or not: each uses up one
	 * OOM kill of the cgroup's count. */
	r.oom = WIFSIGNALED(r.status) && WTERMSIG(r.status) == SIGKILL &&
	    oom_killed();
	if (r.pid == st.command) {
		st.stats.command = r;
		st.command_done = 1;
		return r.pid;
	}
	st.stats.orphans++;
	if (room)
		st.ring[st.head++ % RING] = r;
	else if (st.record)
		st.unlogged++;
	return r.pid;
}

int reap_all(void)
{
	unsigned long n = 0;
	pid_t pid;

	if (st.record && !st.ours && (st.ours = proc_is_ours()) < 0) {
		char buf[ERRTEXT];

		log_once(&st.said, LOG_WARN, "cannot read the names of the "
		    "reaped in /proc: %s", errtext(errno, buf));
		st.ours = 0;
	}
	while ((pid = reap_one()) > 0)
		n++;
	st.children_left = pid == 0;
	if (n > st.stats.peak)
		st.stats.peak = n;
	return pid < 0 && pid != -ECHILD ? -pid : 0;
}

int reap_command(int *status)
{
	*status = st.stats.command.status;
	return st.command_done;
}

int reap_children_left(void)
{
	return st.children_left;
}

void reap_log(void)
{
	while (st.head != st.tail) {
		const struct reaped *r = &st.ring[st.tail++ % RING];
		int killed = WIFSIGNALED(r->status);

		log_msg(LOG_WARN, "reaped pid %d (%s): %s %d%s, cpu %ldms user "
		    "%ldms sys, maxrss %ldKiB", r->pid, r->comm, killed ?
		    "killed by signal" : "exited", killed ? WTERMSIG(r->status) :
		    WEXITSTATUS(r->status), r->oom ? " (out of memory)" : "",
		    r->utime_ms, r->stime_ms, r->maxrss_kb);
	}
	if (st.unlogged > 0)
		log_msg(LOG_WARN, "%lu reaps not logged: too many at once",
		    st.unlogged);
	st.unlogged = 0;
}

const struct reap_stats *reap_stats(void)
{
	return &st.stats;
}
