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

static unsigned long signal_all(int sig)
{
	if (kill(-1, sig) < 0)
		return 0;
	if (sig == SIGTERM)
		kill(-1, SIGCONT);
	return 1;
}

/* A subreaper must never touch a process outside its own subtree. */
static unsigned long signal_descendants(pid_t self, int sig)
{
	struct proclist l;
	unsigned long n = 0;

	if (proc_list(&l) < 0) {
		log_msg(LOG_WARN, "cannot read /proc to find descendants");
		return 0;
	}
	proc_descendants(&l, self);
	for (size_t i = 0; i < l.n; i++) {
		const struct procstat *p = &l.p[i];

		if (!proc_marked(&l, p->pid) || p->state == 'Z')
			continue;
		if (kill(p->pid, sig) == 0)
			n++;
		if (sig == SIGTERM)
			kill(p->pid, SIGCONT);
	}
	proc_list_free(&l);
	return n;
}

unsigned long shutdown_signal(pid_t self, int sig)
{
	unsigned long total = 0;

	if (self == 1)
		return signal_all(sig);
	/* What SIGKILL orphans becomes ours and shows up in the next
	 * scan; a fork bomb cannot keep this going for long. */
	for (int round = 0; round < 64; round++) {
		unsigned long n = signal_descendants(self, sig);
		total += n;
		if (n == 0 || sig != SIGKILL)
			break;
	}
	return total;
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
