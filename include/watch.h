/* The zombie watchdog: parents that are alive but never wait, so that
 * their zombies are out of sexton's reach. */
#ifndef SEXTON_WATCH_H
#define SEXTON_WATCH_H

#include <sys/types.h>

#include "proc.h"

/* A live process holding zombies. */
struct holder {
	pid_t pid;
	char comm[16];
	unsigned long long start;	/* its start time: tells a reused pid */
	unsigned count;			/* its zombies */
	unsigned long long oldest;	/* start time of the oldest of them */
};

/* Finds the next process of l, from *at on, that is alive, is not
 * self, and holds zombies. Returns 1 and fills h, or 0 at the end.
 * Marks the parents it has counted in l. Pure. */
int watch_next_holder(struct proclist *l, pid_t self, size_t *at,
    struct holder *h);

/* Holders over the threshold, remembered from one scan to the next. */
#define WATCH_KEEP 32
struct watch {
	pid_t self;
	unsigned threshold;
	int action;		/* a signal for the holders, or 0 */
	size_t n;
	struct {
		pid_t pid;
		unsigned long long start;
	} kept[WATCH_KEEP];
};

/* One scan of /proc: logs, and sends the action to, each holder of
 * threshold zombies or more in this scan and the last. */
void watch_scan(struct watch *w);

#endif
