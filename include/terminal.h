/* The terminal: the command reads it as it would without sexton, and
 * Ctrl-Z, fg and bg work from a shell. */
#ifndef SEXTON_TERMINAL_H
#define SEXTON_TERMINAL_H

#include <sys/types.h>

/* Where the command runs, as terminal_choose() says. */
enum group {
	GROUP_OWN,		/* a process group of its own */
	GROUP_OWN_TERMINAL,	/* that, with the terminal's foreground */
	GROUP_SHARED,		/* sexton's: the shell's job */
};

/* Chooses, before the command starts: as PID 1 in the foreground of its
 * controlling terminal (docker run -it), the command's own group gets
 * the terminal. Not PID 1 on a terminal, or where a filter hides
 * whether there is one, the command stays in sexton's group. */
enum group terminal_choose(int pid1);
/* 1 if sexton has a controlling terminal on one of fds 0 to 2. */
int terminal_found(void);
/* Puts group pgid in the foreground of the terminal. */
void terminal_give(pid_t pgid);
/* The command has ended: if its group has the terminal, the group that
 * had it before it started gets it back. */
void terminal_give_back(pid_t command);

#endif
