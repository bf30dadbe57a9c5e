/* The terminal.
 *
 * As PID 1 in the terminal's foreground (docker run -it), the command
 * gets the terminal, in a group of its own, and its end gives the
 * terminal back. Not PID 1, or PID 1 of a namespace that a shell's job
 * made, the command stays in sexton's group, the shell's job, as if
 * sexton were not there: the shell's Ctrl-Z, fg and
 * bg, the other members of a pipeline, and a script that reads the
 * terminal afterwards all see what they would see without sexton.
 * SIGTTOU stays blocked, so none of this stops sexton by itself. */
#include <errno.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "sys.h"
#include "terminal.h"

static struct {
	int found;		/* fd is the controlling terminal */
	int fd;
	pid_t fg;		/* the group in its foreground at start */
} tty;

enum group terminal_choose(int pid1)
{
	/* A runtime gives PID 1 the terminal on all of 0 to 2, or none; a
	 * shell may give a job a pipe on some. */
	int last = pid1 ? 0 : 2, refused = 0;

	/* TIOCGPGRP answers only on sexton's controlling terminal. */
	for (int fd = 0; fd <= last && !tty.found; fd++)
		if (sys_ioctl(fd, TIOCGPGRP, &tty.fg) == 0)
			tty.found = 1, tty.fd = fd;
		else if (errno != ENOTTY && errno != EBADF)
			refused = 1;
	/* A PID 1 whose group is outside its namespace (getpgrp() says 0)
	 * is a shell's job, as with unshare --pid: it could not name that
	 * group to give the terminal back, so it stays in it too. */
	if (refused || (tty.found && (!pid1 || getpgrp() == 0)))
		return GROUP_SHARED;
	return tty.found && tty.fg == getpgrp() ? GROUP_OWN_TERMINAL :
	    GROUP_OWN;
}

int terminal_found(void)
{
	return tty.found;
}

void terminal_give(pid_t pgid)
{
	sys_ioctl(tty.fd, TIOCSPGRP, &pgid);
}

void terminal_give_back(pid_t command)
{
	pid_t fg;

	if (tty.found && tty.fg > 0 &&
	    sys_ioctl(tty.fd, TIOCGPGRP, &fg) == 0 && fg == command)
		terminal_give(tty.fg);
}
