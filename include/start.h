/* Everything before the loop that prepares and starts the command. */
#ifndef SEXTON_START_H
#define SEXTON_START_H

#include "options.h"
#include "sexton.h"
#include "signals.h"
#include "terminal.h"

/* Tries the calls the loop cannot do without, before anything starts:
 * a filter recorded from a run that never needed one would refuse it
 * mid-run, where sexton could only hang or spin. Returns 0, or the
 * name of one refused, with errno. */
const char *start_check_calls(int sigfd, pid_t self);
/* Finds sexton's role. As PID 1, whether it is the machine's own init.
 * Not PID 1, it becomes a subreaper unless c says not to, or says why
 * it cannot. */
void start_role(const struct config *c, struct role *r, pid_t self,
    pid_t parent);
/* Asks for c's parent-death signal. Returns 1 if the parent is gone
 * already, and the kernel will never send it. */
int start_pdeathsig(const struct config *c, const struct role *r);
/* Opens the files written at the end, before anything starts: a bad
 * path is bad usage, and a relative one is the caller's, not that of
 * "/", where sexton goes. Exits EXIT_USAGE if one cannot be opened;
 * *report and *termlog are -1 where there is none. */
void start_files(const struct config *c, int *report, int *termlog);
/* Starts the command in g, in the caller's directory, which sexton
 * leaves for "/", with the caller's signal mask. Returns its pid (0
 * with --pause, which only leaves the directory); exits EXIT_OWN if it
 * cannot fork. In the child, an exec that fails exits
 * EXIT_NOT_FOUND or EXIT_CANNOT_RUN, and a refused setup EXIT_OWN. */
pid_t start_command(const struct config *c, const struct sigsave *saved,
    enum group g);
/* Closes every fd from 3 up but n (up to 7) of sexton's own, own[]
 * (-1: none): all the others are the command's. */
void start_drop_fds(const int *own, int n);

#endif
