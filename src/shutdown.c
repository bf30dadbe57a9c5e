/* The end of the line. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/reboot.h>
#include <unistd.h>

#include "errtext.h"
#include "log.h"
#include "proc.h"
#include "shutdown.h"
#include "sys.h"

static unsigned long signal_all(int sig)
{
	if (sys_kill(-1, sig) < 0)
		return 0;
	if (sig == SIGTERM)
		sys_kill(-1, SIGCONT);
	return 1;
}

/* A subreaper must never touch a process outside its own subtree, nor
 * one that took the pid of a process found. Returns how many were
 * signalled, or -1 if the subtree cannot be read from /proc. */
static long signal_descendants(pid_t self, int sig)
{
	struct proclist l = { 0 };
	long n = 0;

	if (proc_list_descendants(&l, self) < 0) {
		proc_list_free(&l);
		return -1;
	}
	for (size_t i = 0; i < l.n; i++) {
		const struct procstat *p = &l.p[i];

		if (proc_dead(p) || proc_signal(p, sig) < 0)
			continue;
		n++;
		if (sig == SIGTERM)
			proc_signal(p, SIGCONT);
	}
	proc_list_free(&l);
	return n;
}

/* Without its descendants from /proc, sexton knows only the command's
 * group. Only the TERM, sent as the command is reaped: by the KILL, a
 * grace later, the group may be empty and its number another's. */
static unsigned long signal_group(struct ender *e, int sig)
{
	if (!e->said) {
		log_msg(LOG_WARN, "cannot walk the descendants in /proc (not "
		    "ours, or out of memory or fds): TERM to the command's "
		    "group only");
		e->said = 1;
	}
	if (sig != SIGTERM || e->pgid <= 0 || sys_kill(-e->pgid, sig) < 0)
		return 0;
	if (sig == SIGTERM)
		sys_kill(-e->pgid, SIGCONT);
	return 1;
}

unsigned long shutdown_signal(struct ender *e, int sig)
{
	unsigned long total = 0;

	if (e->self == 1)
		return signal_all(sig);
	/* What SIGKILL orphans becomes ours and shows up in the next
	 * walk; a fork bomb cannot keep this going for long. */
	for (int round = 0; round < 64; round++) {
		long n = signal_descendants(e->self, sig);

		if (n < 0)
			return total + signal_group(e, sig);
		total += (unsigned long)n;
		if (n == 0 || sig != SIGKILL)
			break;
	}
	return total;
}

int shutdown_outsiders(struct outsiders *o)
{
	struct proclist l = { 0 };
	int alive = 0;

	while (o->n > 0)
		sys_close(o->fd[--o->n]);
	o->blind = 0;
	/* One call says whether anyone but sexton is left at all. */
	if (sys_kill(-1, 0) < 0 && errno == ESRCH)
		return 0;
	if (proc_list_descendants(&l, 0) < 0) {
		o->blind = 1;
		return 1;
	}
	for (size_t i = 0; i < l.n; i++) {
		const struct procstat *p = &l.p[i];
		int fd;

		/* A zombie is its parent's to reap, outside. */
		if (p->pid == 1 || proc_dead(p))
			continue;
		alive++;
		fd = o->n < OUTSIDERS_MAX ? (int)sys_call(SYS_pidfd_open,
		    p->pid, 0, 0, 0, 0, 0) : -1;
		if (fd >= 0)
			o->fd[o->n++] = fd;
		else
			o->blind = 1;
	}
	proc_list_free(&l);
	return alive;
}

void shutdown_machine(enum onexit how)
{
	static const int cmd[] = {
		[ONEXIT_POWEROFF] = RB_POWER_OFF,
		[ONEXIT_REBOOT] = RB_AUTOBOOT,
		[ONEXIT_HALT] = RB_HALT_SYSTEM,
	};
	char buf[24];

	sync();
	reboot(cmd[how]);
	log_msg(LOG_ERROR, "reboot: %s", errtext(errno, buf));
}

int shutdown_is_machine_init(void)
{
	return reboot(RB_DISABLE_CAD) == 0;
}
