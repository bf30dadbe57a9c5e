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
	unsigned long long spare_until;	/* a child that started no later,
					 * in clock ticks after boot, is
					 * spared */
	/* sexton's children, by pid, as last seen and as seen now. */
	struct proclist seen, now;
};

/* Takes note of the children sexton had before it started the command,
 * which were never adopted, so that they are spared. If /proc cannot
 * tell, every child that started no later than started (clock ticks
 * after boot: the command's start) is spared. */
void orphans_begin(struct orphans *o, long long now,
    unsigned long long started);
/* Reads sexton's own children, no more, and sends sig (and CONT) once
 * to each adopted one seen for age_ms. Safe from pid reuse: a child's
 * pid is not freed until sexton reaps it. Returns when to look again
 * (ms, CLOCK_MONOTONIC): the kernel says nothing when it hands sexton
 * a live orphan, so only a look finds one. */
long long orphans_check(struct orphans *o, long long now);

#endif
