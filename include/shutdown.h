/* The end: signalling what is left, and powering off as the machine's
 * own init. */
#ifndef SEXTON_SHUTDOWN_H
#define SEXTON_SHUTDOWN_H

#include <sys/types.h>

#include "options.h"

/* Who sexton answers for at the end. */
struct ender {
	pid_t self;
	pid_t pgid;	/* the command's group: all that is known without
			 * a /proc of this namespace */
	int said;	/* that fallback has been logged */
};

/* Sends sig to every process sexton answers for: as PID 1, everyone in
 * the namespace; otherwise its own descendants, walked down from it in
 * /proc, or without /proc the command's group. With SIGTERM it also
 * sends SIGCONT, so that stopped processes see it. Returns how many
 * processes were signalled (as PID 1 or by group: 1 if any was). */
unsigned long shutdown_signal(struct ender *e, int sig);
/* The processes of the namespace that are not sexton's descendants, as
 * a container's PID 1 sees them: entered with docker exec, kubectl exec
 * or nsenter. They raise no SIGCHLD when they exit; their pidfds do
 * become readable. */
#define OUTSIDERS_MAX 16
struct outsiders {
	int fd[OUTSIDERS_MAX];	/* pidfds of some of them */
	int n;
	int blind;		/* some live on that no pidfd watches */
};
/* Counts the living outsiders afresh, closing the pidfds of the last
 * count, and opens pidfds on up to OUTSIDERS_MAX of them. Returns how
 * many live. Only for a PID 1 that is not the machine's own init,
 * which would count the kernel's threads. */
int shutdown_outsiders(struct outsiders *o);
/* As the machine's init: sync, then reboot(2). Returns only if
 * reboot(2) failed. */
void shutdown_machine(enum onexit how);
/* Turns Ctrl-Alt-Del into SIGINT. Succeeds only for the init of the
 * whole machine, in the initial PID namespace with CAP_SYS_BOOT, which
 * is how sexton tells that it is one. */
int shutdown_is_machine_init(void);

#endif
