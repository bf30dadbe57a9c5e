/* Reaping. Everything here runs in the main loop, when a SIGCHLD is
 * read or the loop asks for a fresh pass: no handler shares this
 * state. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "oom.h"
#include "proc.h"
#include "reap.h"
#include "sys.h"

#define RING 64

static struct {
	pid_t main_pid;
	int record;
	int ours;		/* /proc is this namespace's: names are */
	int main_done;
	int children_left;
	struct reap_stats stats;
	/* Records for --warn-reap. Reaping never waits for logging: when
	 * the ring is full, the reaps past it are only counted. */
	struct reaped ring[RING];
	unsigned head, tail;
	unsigned long unlogged;
} st;

void reap_init(pid_t main_pid, int record)
{
	st.main_pid = main_pid;
	st.record = record;
	st.children_left = 1;
}

static long to_ms(const struct timeval *tv)
{
	return (long)tv->tv_sec * 1000 + (long)tv->tv_usec / 1000;
}

static void fill(struct reaped *r, pid_t pid, int status,
    const struct rusage *ru)
{
	r->pid = pid;
	r->status = status;
	r->utime_ms = to_ms(&ru->ru_utime);
	r->stime_ms = to_ms(&ru->ru_stime);
	r->maxrss_kb = ru->ru_maxrss;
	/* Every death by SIGKILL asks, recorded or not: each uses up one
	 * OOM kill of the count. */
	r->oom = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL &&
	    oom_killed();
}

/* Peeks at the next dead child without reaping it, so that its name
 * can still be read from /proc, if that is this namespace's: another's
 * would name a stranger. Returns its pid, or 0 or -1. */
static pid_t peek(char *comm)
{
	siginfo_t si;

	si.si_pid = 0;
	comm[0] = '\0';
	if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) < 0)
		return -1;
	if (si.si_pid > 0 && st.ours && proc_comm(si.si_pid, comm) < 0)
		comm[0] = '\0';
	return si.si_pid;
}

/* Reaps one dead child; returns its pid, or 0 or -1 as wait4 does. */
static pid_t reap_one(void)
{
	char comm[16];		/* set by peek() where there is room */
	struct rusage ru;
	int room = st.record && st.head - st.tail < RING;
	struct reaped lost;
	pid_t pid = -1;
	int status;

	/* A peek refused by a filter only costs the name. */
	if (room && (pid = peek(comm)) <= 0 && (pid == 0 || errno == ECHILD))
		return pid;
	pid = sys_wait4(pid > 0 ? pid : -1, &status, WNOHANG, &ru);
	if (pid <= 0)
		return pid;
	if (pid == st.main_pid) {
		fill(&st.stats.main, pid, status, &ru);
		st.main_done = 1;
		return pid;
	}
	st.stats.orphans++;
	if (st.record && !room)
		st.unlogged++;
	if (!room) {
		fill(&lost, pid, status, &ru);
		return pid;
	}
	fill(&st.ring[st.head % RING], pid, status, &ru);
	memcpy(st.ring[st.head++ % RING].comm, comm, sizeof comm);
	return pid;
}

void reap_all(void)
{
	int saved_errno = errno;
	unsigned long n = 0;
	pid_t pid;

	if (st.record && !st.ours)
		st.ours = proc_is_ours() == 1;
	for (;;) {
		pid = reap_one();
		if (pid <= 0) {
			st.children_left = pid == 0;
			break;
		}
		n++;
	}
	if (n > st.stats.peak)
		st.stats.peak = n;
	errno = saved_errno;
}

int reap_main_status(int *status)
{
	*status = st.stats.main.status;
	return st.main_done;
}

int reap_children_left(void)
{
	return st.children_left;
}

unsigned long reap_unlogged(void)
{
	unsigned long n = st.unlogged;

	st.unlogged = 0;
	return n;
}

int reap_take(struct reaped *r)
{
	if (st.head == st.tail)
		return 0;
	*r = st.ring[st.tail++ % RING];
	return 1;
}

const struct reap_stats *reap_stats(void)
{
	return &st.stats;
}
