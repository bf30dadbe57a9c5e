/* The signalfd: sexton keeps every signal from 1 to 64 blocked and
 * reads them all, SIGCHLD included, from one signalfd. No handler runs
 * at an unknown point, and an idle sexton sleeps in one read(). */
#ifndef SEXTON_SIGNALS_H
#define SEXTON_SIGNALS_H

#include <sys/types.h>

#include "sys.h"

/* What the caller gave sexton, to be given back to the child. */
struct sigsave {
	ksigset mask;
	int chld_ignored;	/* the only disposition sexton changes */
};

/* Blocks every signal and opens a signalfd for all of them. A fault
 * the CPU raises in sexton itself still kills it: the kernel unblocks a
 * fault it forces. self is sexton's pid: signals it sends itself are
 * not forwarded. A child that stops raises SIGCHLD too. Returns the
 * signalfd, or -1 with errno if it cannot be made. */
int signals_catch(struct sigsave *saved, pid_t self);
/* In the child, before exec: the caller's mask and SIGCHLD action.
 * Returns 0, or -1 if the kernel refused them. */
int signals_restore(const struct sigsave *saved);
/* Sleeps in the kernel until a signal arrives or timeout_ms passes (-1:
 * no timeout; then the wait is the read of what arrives). */
void signals_wait(long long timeout_ms);
/* 1 if a signal is queued and not yet read. */
int signals_pending(void);
/* The next signal received, or 0, with *kernel set if the kernel sent
 * it: a child's SIGCHLD, or a terminal's Ctrl-C to its foreground. */
int signals_next(int *kernel);

#endif
