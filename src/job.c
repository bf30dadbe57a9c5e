/* Job control on a terminal. The shell sees sexton as the job: when the
 * command stops from the terminal, sexton stops too, and the shell gets
 * its prompt back; fg continues sexton, which passes the terminal and
 * the SIGCONT on. SIGTTOU stays blocked, so none of this stops sexton
 * by itself. */
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "job.h"
#include "sys.h"

/* As isatty() asks. */
int job_terminal(void)
{
	struct winsize ws;

	return sys_ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0;
}

int job_foreground(void)
{
	pid_t pg;

	return sys_ioctl(STDIN_FILENO, TIOCGPGRP, &pg) == 0 && pg == getpgrp();
}

void job_give_terminal(pid_t pgid)
{
	sys_ioctl(STDIN_FILENO, TIOCSPGRP, &pgid);
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

void job_resume(pid_t child)
{
	if (job_foreground())
		job_give_terminal(child);
}
