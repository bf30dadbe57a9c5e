/* What happens to a signal while the command runs: the hold, the
 * rewrite, forwarding with CONT, job-control stops, and what a signal
 * means to the machine's init. */
#ifndef SEXTON_FORWARD_H
#define SEXTON_FORWARD_H

#include "options.h"
#include "sexton.h"

/* Sets who gets what: the command, in sexton's own group if shared;
 * tty if sexton has a controlling terminal. What sexton rewrites unless
 * -r says otherwise (stops as STOP for a group; as a container's PID 1,
 * halt requests as TERM) is rewrite_out()'s. */
void forward_init(const struct config *c, struct role *r, pid_t command,
    int shared, int tty);
/* Acts on a signal read while the command runs, sent by the kernel if
 * kernel: holds it, forwards it, or says what it asks of the machine's
 * init (in the role's how) or of --pause. Returns 1 if it ends the
 * run, as the command's end would, with code 0. */
int forward_signal(int sig, int kernel);
/* When the held signal is due (ms, CLOCK_MONOTONIC), or 0. */
long long forward_due(void);
/* Acts on the held signal now; returns as forward_signal(). */
int forward_release(void);
/* After a SIGCHLD: if the command stopped, sexton is to stop with it,
 * the shell's job; as PID 1, which no shell continues, a stop from the
 * terminal is undone at once. */
void forward_note_stop(void);
/* Stops sexton if it is to stop, once no signal is queued: a stop
 * discards a queued SIGCONT. Never as PID 1, nor once the command has
 * ended. */
void forward_stop_self(int running);
/* How many signals went to the command. */
unsigned long forward_count(void);

#endif
