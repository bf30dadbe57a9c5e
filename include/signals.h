/* Catching and forwarding signals.
 *
 * sexton keeps every signal from 1 to 64 blocked and reads them all,
 * SIGCHLD included, from one signalfd. Reading a SIGCHLD reaps. */
#ifndef SEXTON_SIGNALS_H
#define SEXTON_SIGNALS_H

#include <signal.h>
#include <sys/types.h>

#include "options.h"

/* The kernel's own signal set: bit N-1 for signal N. libc's sigset_t
 * hides the signals it keeps for itself (32 and 33 in glibc, 32 to 34
 * in musl), and sexton must block and read those too. */
typedef unsigned long long ksigset;
#define KSIG(n) (1ULL << ((n) - 1))

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
/* In the child, before exec: the caller's mask and SIGCHLD action. */
void signals_restore(const struct sigsave *saved);
/* The most fds that signals_wait() watches besides the signals. */
#define SIGNALS_MAX_FDS 16
/* Sleeps in the kernel until a signal arrives, one of the nfds fds is
 * readable, or timeout_ms passes (-1: no timeout; with no fds, the wait
 * is then the read of what arrives). */
void signals_wait(long long timeout_ms, const int *fds, int nfds);
/* 1 if a signal is queued and not yet handled. */
int signals_pending(void);
/* 1 if a SIGCHLD came since the last call. */
int signals_chld_seen(void);
/* The next signal received and not yet handled, or 0, with
 * *from_kernel set if the kernel sent it, as a terminal sends its
 * Ctrl-C to its foreground group. A SIGCHLD reaps every dead child
 * first, and is returned only if a process sent it. */
int signals_next(int *from_kernel);
/* Sends sig where the config says: group, child or everyone. */
void signals_forward(int sig, pid_t child, enum target target);

#endif
