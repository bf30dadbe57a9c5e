/* --orphans: what becomes of a process sexton adopted while the
 * command runs. */
#ifndef SEXTON_ORPHANS_H
#define SEXTON_ORPHANS_H

#include "options.h"
#include "sexton.h"

/* Before the command starts, with the policy that c asks for, if any:
 * takes note of the children sexton has, which were never adopted, so
 * that they are spared. */
void orphans_note(const struct config *c, const struct role *r);
/* Once the command has started and the inherited fds are closed, the
 * policy starts. If the note could not be taken before, it is taken
 * now; failing that too, every child that started no later than the
 * command is spared. */
void orphans_start(pid_t command);
/* When the next look is due (ms, CLOCK_MONOTONIC), or 0: off. The
 * kernel says nothing when it hands sexton a live orphan, so only a
 * look finds one. */
long long orphans_due(void);
/* Reads sexton's own children, no more, and sends the policy's signal
 * (and CONT) once to each adopted one seen for its AGE. Safe from pid
 * reuse: a child's pid is not freed until sexton reaps it. */
void orphans_check(long long now);

#endif
