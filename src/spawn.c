/* Starting the command. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "errtext.h"
#include "log.h"
#include "spawn.h"

static void exec_child(char **argv, const struct sigsave *saved, int tty)
{
	char buf[24];
	int err;

	setpgid(0, 0);
	/* Before exec, so that the command never reads the terminal from
	 * the background. */
	if (tty)
		tcsetpgrp(STDIN_FILENO, getpid());
	signals_restore(saved);
	execvp(argv[0], argv);
	err = errno;
	log_plain("%s: %s", argv[0], errtext(err, buf));
	_exit(err == ENOENT ? 127 : 126);
}

pid_t spawn(char **argv, const struct sigsave *saved, int tty)
{
	/* A bare clone rather than fork(): sexton has one thread and no
	 * atfork handlers, and musl's fork() would bring 2 KiB of thread
	 * locking into the static binary. The child only sets its group
	 * and signals and execs, which needs none of the state fork()
	 * would reset. Flags alone, so the order of the other arguments,
	 * which differs between architectures, does not matter. */
	pid_t pid = (pid_t)syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);

	if (pid == 0)
		exec_child(argv, saved, tty);
	/* The parent sets the group too, so that no signal is forwarded
	 * to a group that does not exist yet. It fails harmlessly once the
	 * child has exec'd. */
	if (pid > 0)
		setpgid(pid, pid);
	return pid;
}
