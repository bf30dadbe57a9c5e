/* Signal names and numbers: pure, no system calls. */
#ifndef SEXTON_SIGNAME_H
#define SEXTON_SIGNAME_H

/* Signals are numbered 1..SEXTON_NSIG-1 on Linux (64 of them). */
#define SEXTON_NSIG 65
/* RTMIN and RTMAX as the kernel and glibc-built tools (bash's kill -l)
 * number them, whichever libc sexton is built with: musl's SIGRTMIN is
 * 35, glibc's 34, and RTMIN+3 must mean one signal. 32 and 33 have no
 * name, only their numbers. */
#define SEXTON_RTMIN 34
#define SEXTON_RTMAX 64

/* "TERM", "SIGTERM", "15", "RTMIN+3", "SIGRTMAX-1" -> number; -1 if bad. */
int sig_parse(const char *s);
/* Writes "TERM" or "RTMIN+3" into buf (at least 12 bytes). */
void sig_name(int sig, char *buf);

#endif
