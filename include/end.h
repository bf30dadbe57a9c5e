/* The end: what is left gets TERM and CONT, a grace, then KILL; the
 * account and the report; and, as the machine's init, the power-off. */
#ifndef SEXTON_END_H
#define SEXTON_END_H

#include "options.h"
#include "reap.h"
#include "sexton.h"

/* Sets what the end needs: the command's own group, signalled when
 * /proc cannot be walked (0 if it shares sexton's), and the files
 * written at the end (-1: none). */
void end_init(const struct config *c, const struct role *r, pid_t group,
    int report, int termlog);
/* The command has been reaped: an OOM kill is said at once, and the end
 * begins with code, its status after -e. */
void end_command(const struct reaped *command, int code);
/* The end begins: everything left gets TERM and CONT, and the grace
 * starts. As PID 1, that is every process of the namespace. */
void end_begin(int code);
/* 1 once the end has begun. */
int end_begun(void);
/* When the end's next step is due (ms, CLOCK_MONOTONIC), or 0. */
long long end_due(void);
/* Takes the step due at now: KILL to what is left when the grace is
 * over; when the KILLed have had their time, the end is over. */
void end_step(long long now);
/* 1 once the end is done: it is over, or no child is left, and as a
 * container's PID 1 no other process either. Those others' ends raise
 * no SIGCHLD: while some live, it sets the next look, due in 100 ms
 * (end_due()). The loop asks after each wake-up. */
int end_done(void);
/* The account, for -v and --report; then, as the machine's own init,
 * the power-off. Returns the exit code: the command's. The zombie
 * watch's most and the signals forwarded go into the account. */
int end_finish(unsigned long zombies, unsigned long forwarded);

#endif
