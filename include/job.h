/* The terminal and job control: the command reads the terminal as it
 * would without sexton, and Ctrl-Z, fg and bg work from a shell. */
#ifndef SEXTON_JOB_H
#define SEXTON_JOB_H

#include <sys/types.h>

/* job_terminal()'s answer when the kernel would not say. */
#define JOB_UNKNOWN (-2)

/* The fd of 0 to last that is sexton's controlling terminal, with *fg
 * set to the group in its foreground; -1 if none is, JOB_UNKNOWN if a
 * filter refused to say. */
int job_terminal(int last, pid_t *fg);
/* Puts group pgid in the foreground of the terminal on fd. */
void job_give_terminal(int fd, pid_t pgid);
/* If group from has the terminal on fd, group to gets it back. */
void job_give_back(int fd, pid_t from, pid_t to);
/* The signal that stopped child (TSTP, TTIN, TTOU, or STOP as bash's
 * suspend sends), taking the report; 0 if it is not stopped. */
int job_stopped(pid_t child);

#endif
