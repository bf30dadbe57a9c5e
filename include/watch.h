/* The zombie watch: parents that are alive but never wait, whose
 * zombies are out of sexton's reach. */
#ifndef SEXTON_WATCH_H
#define SEXTON_WATCH_H

#include "options.h"
#include "proc.h"
#include "sexton.h"

/* An entry of the watch's lists: a process, and what it holds. */
struct watched {
	struct procstat p;
	unsigned zombies;		/* held */
	unsigned long long oldest;	/* their first start */
};

/* Fills in, for each process of l (of struct watched, by increasing
 * pid), how many zombies it holds and the start of the oldest. A
 * zombie's zombies are not held: they go to a reaper. Pure. */
void watch_count(struct proclist *l);
/* 1 if h may be reported and acted on, at threshold: a live process
 * holding at least threshold zombies, not sexton, not PID 1, not
 * sexton's parent. Pure. */
int watch_holds(const struct watched *h, unsigned threshold,
    const struct role *r);

/* Starts the watch that c asks for, if any. */
void watch_init(const struct config *c, const struct role *r);
/* When the next step is due (ms, CLOCK_MONOTONIC), or 0: off; now while
 * a scan is under way. */
long long watch_due(void);
/* Takes a step of a scan, a millisecond's work or so, so that signals
 * wait no longer than that behind it. A scan reads sexton's
 * descendants (as PID 1, its whole namespace); at its end it logs, and
 * sends the action to, each holder at the threshold in this scan and
 * the last. */
void watch_step(long long now);
/* The most zombies one scan reported. */
unsigned long watch_most(void);

#endif
