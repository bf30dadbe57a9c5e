/* Catching and forwarding signals.
 *
 * sexton keeps every signal blocked except while it waits, so handlers
 * run only inside signals_wait(), at one known point of the main loop. */
#ifndef SEXTON_SIGNALS_H
#define SEXTON_SIGNALS_H

#include <signal.h>
#include <sys/types.h>

#include "options.h"

/* What the caller gave sexton, to be given back to the child. */
struct sigsave {
	sigset_t mask;
	sigset_t ignored;
};

/* Blocks every signal, then catches every one that can be caught and
 * is not a fault. self is sexton's pid: signals it sends itself (a
 * SIGPIPE from a write to a closed stderr) are not forwarded. */
void signals_catch(struct sigsave *saved, pid_t self);
/* In the child, before exec: the caller's mask and SIG_IGN set. */
void signals_restore(const struct sigsave *saved);
/* Sleeps in the kernel until a signal arrives or timeout_ms passes
 * (-1: no timeout). */
void signals_wait(long long timeout_ms);
/* The next signal received and not yet handled, or 0. */
int signals_next(void);
/* Sends sig where the config says: group, child or everyone. */
void signals_forward(int sig, pid_t child, enum target target);

#endif
