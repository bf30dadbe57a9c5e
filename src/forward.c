/* What happens to a signal while the command runs: held by
 * --stop-delay, rewritten by -r, forwarded with CONT after a TERM or
 * HUP, or taken as a stop, a machine's end, or the end of --pause. */
#include <signal.h>

#include "forward.h"
#include "log.h"
#include "signals.h"
#include "sys.h"

static struct {
	const struct config *cfg;
	struct role *role;
	pid_t command;		/* 0 with --pause */
	int shared;		/* the command is in sexton's group */
	int tty;		/* sexton has a controlling terminal */
	int group;		/* signals go to a group: stops go as STOP */
	int halts;		/* a manager's halt request means stop */
	int held;		/* --stop-delay: the signal held, or 0 */
	int hold_used;		/* only the first TERM or INT is held */
	long long hold_until;	/* ms, CLOCK_MONOTONIC */
	int stop;		/* to stop once the signals read are handled */
	int stop_sent;		/* a stop went out: wait for the command's */
	unsigned long forwarded;
} fw;

void forward_init(const struct config *c, struct role *r, pid_t command,
    int shared, int tty)
{
	fw.group = c->target != TARGET_CHILD;
	/* In a container, a halt request is the manager's docker stop. */
	fw.halts = r->pid1 && !r->machine;
	fw.cfg = c;
	fw.role = r;
	fw.command = command;
	fw.shared = shared;
	fw.tty = tty;
}

/* Sends sig where the config says: group, command or everyone. A group
 * the command shares with sexton is the shell's job, and may hold the
 * other members of a pipeline: the command alone gets it then. */
static void send(int sig)
{
	enum target t = fw.cfg->target;

	if (t == TARGET_ALL) {
		kill_cont(-1, sig);
		return;
	}
	/* The group may be gone, or the command may have left it. */
	if (t == TARGET_CHILD || fw.shared || kill_cont(-fw.command, sig) < 0)
		kill_cont(fw.command, sig);
}

/* The signal that sig goes out as, or 0: -r first, then the defaults
 * (see rewrite_out()). */
static int out_as(int sig)
{
	return rewrite_out(&fw.cfg->rewrite, sig, fw.group, fw.halts);
}

static void forward(int sig)
{
	int to = out_as(sig);

	if (sig == SIGCONT)
		fw.stop = fw.stop_sent = 0;
	if (to == 0)
		return;
	send(to);
	fw.forwarded++;
	/* A group sent STOP stops, unless it is dying: sexton waits to
	 * hear which, or it could stop for good beside a dead command.
	 * Whether a TSTP is caught cannot be heard: as dumb-init does,
	 * sexton stops at once, and a wait could outlast the stop. */
	if (to == SIGSTOP && fw.cfg->target != TARGET_CHILD)
		fw.stop_sent = 1;
	else if (sig_is_stop(to))
		fw.stop = 1;
}

/* 1 if sig asks the command to stop: TERM or INT (docker stop, the
 * kubelet, Ctrl-C), or, as a container's PID 1, a manager's halt
 * request; unless -r drops it. */
static int stop_request(int sig)
{
	return (sig == SIGTERM || sig == SIGINT ||
	    (fw.halts && sig_is_halt(sig))) && out_as(sig)
	    != 0;
}

/* What a signal does, by role. Returns 1 if it ends the run. */
static int act(int sig)
{
	if (fw.role->machine && sig_machine_end(sig, &fw.role->how))
		return 1;
	if (fw.cfg->pause) {
		/* Or what -r made TERM. */
		if (sig == SIGTERM || sig == SIGINT || stop_request(sig) ||
		    out_as(sig) == SIGTERM)
			return 1;
		/* A shell's job, it stops when told to, as sleep would. */
		if (sig_is_stop(sig) && !fw.role->pid1)
			fw.stop = 1;
		return 0;
	}
	forward(sig);
	return 0;
}

int forward_release(void)
{
	int sig = fw.held;

	fw.held = 0;
	return act(sig);
}

/* --stop-delay: the first request to stop waits, so that a load
 * balancer can stop sending work first. A second one ends the wait:
 * both go on at once, in order. Returns 1 if sig is held. */
static int hold(int sig)
{
	char name[SIGNAME];

	if (!stop_request(sig))
		return 0;
	if (fw.held != 0 || fw.cfg->stop_delay_ms == 0 || fw.hold_used)
		return 0;
	fw.hold_used = 1;
	fw.held = sig;
	fw.hold_until = clock_ms(CLOCK_MONOTONIC) + fw.cfg->stop_delay_ms;
	sig_name(sig, name);
	log_msg(LOG_INFO, "holding %s for %lldms", name, fw.cfg->stop_delay_ms);
	return 1;
}

int forward_signal(int sig, int kernel)
{
	/* The terminal's Ctrl-C, Ctrl-Z or resize went to the whole group,
	 * which the command shares: it has its own already. */
	if (kernel && fw.shared && !fw.cfg->pause)
		return 0;
	if (hold(sig))
		return 0;
	/* A second one ends the hold: the held one goes first. */
	if (fw.held != 0 && stop_request(sig) && forward_release())
		return 1;
	return act(sig);
}

long long forward_due(void)
{
	return fw.held != 0 ? fw.hold_until : 0;
}

/* The signal that stopped the command (TSTP, TTIN, TTOU, or STOP as
 * bash's suspend sends), taking the kernel's report of the stop; 0 if
 * it has not stopped. */
static int stop_signal(void)
{
	siginfo_t si;

	si.si_pid = 0;
	if (sys_waitid(P_PID, (id_t)fw.command, &si, WSTOPPED | WNOHANG) < 0 ||
	    si.si_pid != fw.command || !sig_is_stop(si.si_status))
		return 0;
	return si.si_status;
}

void forward_note_stop(void)
{
	int sig;

	/* Only where a stop matters: each look is a system call. */
	if (fw.command <= 0 || !(fw.shared || fw.stop_sent ||
	    (fw.role->pid1 && fw.tty)) || (sig = stop_signal()) == 0)
		return;
	/* As PID 1 on a terminal, no shell will continue it: a Ctrl-Z is
	 * undone, as a PID 1 with no init in front ignores it. In a shell's
	 * job, the shell's fg will. */
	if (sig == SIGTSTP && fw.role->pid1 && !fw.shared && !fw.stop) {
		send(SIGCONT);
		return;
	}
	fw.stop = 1;
	fw.stop_sent = 0;
}

/* As dumb-init does: once the command stopped, from the terminal or by
 * a stop sent to its group, or once a stop went to the command alone,
 * sexton stops too, so that the shell that started it sees the job
 * stop. Only after every signal already queued is handled: a CONT sent
 * after the stop must not find sexton running and leave it stopped. */
void forward_stop_self(int running)
{
	if (!fw.stop || signals_pending())
		return;
	if (!fw.role->pid1 && running)
		sys_kill(fw.role->self, SIGSTOP);
	fw.stop = 0;
}

unsigned long forward_count(void)
{
	return fw.forwarded;
}
