/* Signal names and numbers: pure, no system calls. */
#ifndef SEXTON_SIGNAME_H
#define SEXTON_SIGNAME_H

#include <signal.h>

/* Signals are numbered 1..SEXTON_NSIG-1 on Linux (64 of them). */
#define SEXTON_NSIG 65

/* "TERM", "SIGTERM", "15", "RTMIN+3", "SIGRTMAX-1" -> number; -1 if bad. */
int sig_parse(const char *s);
/* Writes "TERM" or "RTMIN+3" into buf (at least 12 bytes). */
void sig_name(int sig, char *buf);
/* Faults are raised by the CPU for the process itself: never forwarded.
 * Takes them out of set. */
void sig_del_faults(sigset_t *set);

#endif
