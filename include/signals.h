/* Catching and forwarding signals.
 *
 * sexton keeps every signal blocked. The SIGCHLD handler runs only
 * inside signals_wait(), at one known point of the main loop; the other
 * signals are read from a signalfd. */
#ifndef SEXTON_SIGNALS_H
#define SEXTON_SIGNALS_H

#include <signal.h>
#include <sys/types.h>

#include "options.h"

/* What the caller gave sexton, to be given back to the child. */
struct sigsave {
	sigset_t mask;
	int chld_ignored;	/* the only disposition sexton changes */
};

/* Blocks every signal, catches SIGCHLD, and opens a signalfd for every
 * other one that is not a fault. self is sexton's pid: signals it sends
 * itself (a SIGPIPE from a write to a closed stderr) are not forwarded.
 * Returns 0, or -1 with errno if the signalfd cannot be made. */
int signals_catch(struct sigsave *saved, pid_t self);
/* In the child, before exec: the caller's mask and SIGCHLD action. */
void signals_restore(const struct sigsave *saved);
/* Sleeps in the kernel until a signal arrives or timeout_ms passes
 * (-1: no timeout). */
void signals_wait(long long timeout_ms);
/* The next signal received and not yet handled, or 0. */
int signals_next(void);
/* Sends sig where the config says: group, child or everyone. */
void signals_forward(int sig, pid_t child, enum target target);

#endif
