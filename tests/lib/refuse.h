/* One system call refused to sexton's binary alone, from its main on:
 * a seccomp filter hands the call, and getppid(), the first call of
 * sexton's main, to the test (SECCOMP_RET_USER_NOTIF), which answers.
 * The command and whatever else runs under the filter make the call as
 * ever, and so does the loader before main. test_refusals, test_limits
 * (through runner.c) and test_chaos use it. */
#ifndef SEXTON_REFUSE_H
#define SEXTON_REFUSE_H

#include <sys/stat.h>
#include <sys/types.h>

struct refusal {
	int nr;			/* the call refused */
	int err;		/* the errno it fails with */
	struct stat bin;	/* sexton's binary, by device and inode */
	pid_t sexton;		/* sexton's pid, as the test sees it */
	int main_seen;		/* sexton has reached its main */
	int refused;		/* how many times the call was refused */
};

/* In the process to be filtered: the filter; its listener's fd, or -1. */
int install_filter(int nr);
/* One fd over a unix socket: the listener, out of the filtered process. */
int send_fd(int sock, int fd);
int recv_fd(int sock);
/* Answers one call waiting on the listener lfd: refuses it if r says so,
 * else lets it go on. */
void answer_call(int lfd, struct refusal *r);

#endif
