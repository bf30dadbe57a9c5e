/* --orphans: what becomes of a process sexton adopted while the
 * command runs. */
#ifndef SEXTON_ORPHANS_H
#define SEXTON_ORPHANS_H

#include "proc.h"

struct orphans {
	pid_t self;
	pid_t command;		/* never acted on; 0 with --pause */
	int sig;		/* TERM or KILL */
	long long age_ms;
	int log;		/* -w: log each one acted on */
	int said;		/* that /proc cannot be read */
	/* sexton's children, by pid, as last seen and as seen now. For
	 * each: when first seen, in oldest (ms, CLOCK_MONOTONIC), and in
	 * zombies whether it was acted on. */
	struct proclist seen, now;
};

/* Reads sexton's own children, no more, and sends sig once to each
 * adopted one that has been alive age_ms since it was first seen. Safe
 * from pid reuse: a child's pid is not freed until sexton reaps it.
 * Returns when the next one falls due (ms, CLOCK_MONOTONIC), or -1. */
long long orphans_check(struct orphans *o, long long now);

#endif
