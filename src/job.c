/* The terminal and job control.
 *
 * As PID 1 in the terminal's foreground (docker run -it), the command
 * gets the terminal, in a group of its own, and its end gives the
 * terminal back. Not PID 1, the command stays in sexton's group, the
 * shell's job, as if sexton were not there: the shell's Ctrl-Z, fg and
 * bg, the other members of a pipeline, and a script that reads the
 * terminal afterwards all see what they would see without sexton.
 * sexton stops when the command does, so that the shell sees its job
 * stop. SIGTTOU stays blocked, so none of this stops sexton by itself. */
#include <errno.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "job.h"
#include "sys.h"

int job_terminal(int last, pid_t *fg)
{
	int refused = 0;

	/* TIOCGPGRP answers only on sexton's controlling terminal. */
	for (int fd = 0; fd <= last; fd++) {
		if (sys_ioctl(fd, TIOCGPGRP, fg) == 0)
			return fd;
		if (errno != ENOTTY && errno != EBADF)
			refused = 1;
	}
	return refused ? JOB_UNKNOWN : -1;
}

void job_give_terminal(int fd, pid_t pgid)
{
	sys_ioctl(fd, TIOCSPGRP, &pgid);
}

void job_give_back(int fd, pid_t from, pid_t to)
{
	pid_t fg;

	if (to > 0 && sys_ioctl(fd, TIOCGPGRP, &fg) == 0 && fg == from)
		job_give_terminal(fd, to);
}

int job_stopped(pid_t child)
{
	siginfo_t si;
	int sig;

	si.si_pid = 0;
	if (waitid(P_PID, (id_t)child, &si, WSTOPPED | WNOHANG) < 0 ||
	    si.si_pid != child)
		return 0;
	sig = si.si_status;
	/* bash's suspend stops itself with SIGSTOP: a stop all the same. */
	return sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU ||
	    sig == SIGSTOP ? sig : 0;
}
