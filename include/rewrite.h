/* The --rewrite table: which signal a received one is forwarded as.
 * Pure, no system calls. */
#ifndef SEXTON_REWRITE_H
#define SEXTON_REWRITE_H

#include "signame.h"

/* A zeroed table forwards every signal unchanged. */
struct rewrite {
	unsigned char to[SEXTON_NSIG];
};

/* to == 0 drops from. */
void rewrite_set(struct rewrite *r, int from, int to);
/* Sets from to to only if nothing was set for from. */
void rewrite_default(struct rewrite *r, int from, int to);
/* A container manager's requests to halt (SIGPWR from LXC; SIGRTMIN+3
 * and +4 from LXC and systemd-nspawn, which take sexton for systemd)
 * become TERM, as from docker stop, unless r already says otherwise. */
void rewrite_halts(struct rewrite *r);
/* The signal to send for sig, or 0 to send nothing. */
int rewrite_apply(const struct rewrite *r, int sig);

#endif
