/* What sexton is, and what it exits with besides the command's code. */
#ifndef SEXTON_SEXTON_H
#define SEXTON_SEXTON_H

#include <sys/types.h>

#include "parse.h"

/* sexton's own exit codes, before anything starts. 125 is docker run's
 * for its own errors: sexton's are bad usage, and a place it cannot
 * work in, where a call it needs is refused (a seccomp filter) or
 * fork(2) fails. */
enum {
	EXIT_USAGE = 125,
	EXIT_REFUSED = 125,
	EXIT_CANNOT_RUN = 126,	/* the command cannot be run */
	EXIT_NOT_FOUND = 127,	/* the command is not found */
};

/* Its role, found at start and read by all after. */
struct role {
	pid_t self;
	pid_t parent;		/* at start */
	int pid1;		/* PID 1 of its PID namespace */
	int real_init;		/* the machine's own init: reboot(2) works */
	int machine;		/* ends as a machine does, by power-off */
	enum onexit how;	/* what the machine does at the end */
};

#endif
