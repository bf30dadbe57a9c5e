/* The zombie watchdog: parents that are alive but never wait, so that
 * their zombies are out of sexton's reach. */
#ifndef SEXTON_WATCH_H
#define SEXTON_WATCH_H

#include <sys/types.h>

#include "proc.h"

struct watch {
	pid_t self;
	pid_t parent;		/* sexton's parent: never reported */
	unsigned threshold;
	int action;		/* a signal for the holders, or 0 */
	int said;		/* that /proc cannot be read */
	unsigned long most;	/* the most zombies one scan reported */
	struct proclist kept;	/* holders at the threshold last scan */
	int scanning;		/* a scan is under way, in l */
	struct procscan sc;
	struct proclist l;
};

/* Fills in, for each process of l (by increasing pid), how many zombies
 * it holds and the start of the oldest. A zombie's zombies are not
 * held: they go to a reaper. Pure. */
void watch_count(struct proclist *l);
/* 1 if p may be reported and acted on: a live process holding at least
 * the threshold, not sexton, not PID 1, not sexton's parent. Pure. */
int watch_holds(const struct watch *w, const struct procstat *p);

/* Starts a scan or takes its next step, a millisecond's work or so, so
 * that signals wait no longer than that behind a scan. A scan reads
 * sexton's descendants (as PID 1, its whole namespace); at its end it
 * logs, and sends the action to, each holder at the threshold in this
 * scan and the last. Returns 1 while the scan goes on, 0 once it has
 * ended. */
int watch_step(struct watch *w);

#endif
