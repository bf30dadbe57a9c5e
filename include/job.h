/* Job control on a terminal: sexton between an interactive shell and
 * the command, so that Ctrl-Z, fg and bg work as without it. */
#ifndef SEXTON_JOB_H
#define SEXTON_JOB_H

#include <sys/types.h>

/* 1 if stdin is a terminal whose foreground is sexton's group: the
 * command may have the terminal. A background sexton leaves it alone. */
int job_foreground(void);
/* 1 if stdin is a terminal at all: stops are then a shell's business. */
int job_terminal(void);
/* Puts group pgid in the foreground of stdin's terminal. */
void job_give_terminal(pid_t pgid);
/* The signal that stopped child (TSTP, TTIN, TTOU, or STOP as bash's
 * suspend sends), taking the report; 0 if it is not stopped. */
int job_stopped(pid_t child);
/* Once continued: if the shell gave sexton the foreground, the
 * command's group gets it, before it runs again. */
void job_resume(pid_t child);

#endif
