/* The end: signalling what is left, and powering off as the machine's
 * own init. */
#ifndef SEXTON_SHUTDOWN_H
#define SEXTON_SHUTDOWN_H

#include <sys/types.h>

#include "options.h"

/* Sends sig to every process sexton answers for: as PID 1, everyone in
 * the namespace; otherwise, its own descendants only, found in /proc.
 * With SIGTERM it also sends SIGCONT, so that stopped processes see it.
 * Returns how many processes were signalled (PID 1: 1 if any was). */
unsigned long shutdown_signal(pid_t self, int sig);
/* As the machine's init: sync, then reboot(2). Returns only if
 * reboot(2) failed. */
void shutdown_machine(enum onexit how);
/* Turns Ctrl-Alt-Del into SIGINT. Succeeds only for the init of the
 * whole machine, which is how sexton tells that it is one. */
int shutdown_is_machine_init(void);

#endif
