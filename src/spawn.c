/* Starting the command. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "errtext.h"
#include "fmt.h"
#include "job.h"
#include "log.h"
#include "spawn.h"
#include "str.h"
#include "sys.h"

/* A file the kernel cannot run is a script for sh, as POSIX's execvp
 * says and glibc's does: "sh FILE ARG...". */
static void exec_file(const char *file, char **argv)
{
	size_t argc = 0;

	execv(file, argv);
	if (errno != ENOEXEC)
		return;
	while (argv[argc] != NULL)
		argc++;
	/* The kernel let argv's pointers take at most a quarter of the
	 * stack's limit: this copy fits. */
	char *sh[argc + 2];

	sh[0] = "sh";
	sh[1] = (char *)file;
	memcpy(sh + 2, argv + 1, argc * sizeof *argv);
	execv("/bin/sh", sh);
	errno = ENOEXEC;
}

/* execvp(3) as POSIX describes it: each directory of PATH in turn, a
 * name with a slash as it is. Written out because musl's costs the
 * static binary twice the bytes, and runs no script without "#!".
 * Returns with errno: EACCES if any directory had the name but not
 * the permission. */
static void exec_path(char **argv, const char *path)
{
	const char *dir, *end;
	size_t n = str_len(argv[0]);
	char buf[4096];
	int denied = 0;

	if (str_chr(argv[0], '/') != NULL || n == 0) {
		exec_file(argv[0], argv);
		return;
	}
	errno = ENOENT;	/* if every directory's name is too long */
	for (dir = path != NULL ? path : "/usr/local/bin:/bin:/usr/bin";;
	    dir = end + 1) {
		size_t len;

		for (end = dir; *end != ':' && *end != '\0'; end++)
			;
		len = (size_t)(end - dir);
		if (len + n + 2 <= sizeof buf) {
			memcpy(buf, dir, len);
			buf[len] = '/';
			memcpy(buf + len + !!len, argv[0], n + 1);
			exec_file(buf, argv);
			if (errno == EACCES)
				denied = 1;
			else if (errno != ENOENT && errno != ENOTDIR)
				return;
		}
		if (*end == '\0')
			break;
	}
	if (denied)
		errno = EACCES;
}

/* Socket activation: sd_listen_fds(3) takes the fds only where
 * LISTEN_PID is the pid that asks. Set to sexton's, it meant them for
 * the command; another pid is somebody else's, and stays. The child's
 * environ is its own to change. */
static void claim_listen_fds(char *pid)
{
	char mine[24];

	fmt(mine, sizeof mine, "LISTEN_PID=%d", (int)getppid());
	fmt(pid, 24, "LISTEN_PID=%d", (int)getpid());
	for (char **e = environ; *e != NULL; e++)
		if (strcmp(*e, mine) == 0)
			*e = pid;
}

static void exec_child(char **argv, const char *path, int here,
    const struct sigsave *saved, int tty)
{
	char buf[24], pid[24];
	int err;

	claim_listen_fds(pid);
	/* Raw: musl's fchdir() brings a fallback through /proc, 300
	 * bytes, for fds that O_PATH ones are not. */
	if (here >= 0)
		sys_call(SYS_fchdir, here, 0, 0, 0, 0, 0);
	if (tty != SPAWN_SHARE_GROUP)
		setpgid(0, 0);
	/* Before exec, so that the command never reads the terminal from
	 * the background. */
	if (tty >= 0)
		job_give_terminal(tty, getpid());
	signals_restore(saved);
	exec_path(argv, path);
	err = errno;
	log_plain("%s: %s", argv[0], errtext(err, buf));
	_exit(err == ENOENT ? 127 : 126);
}

pid_t spawn(char **argv, const char *path, int here,
    const struct sigsave *saved, int tty)
{
	/* A bare clone rather than fork(): sexton has one thread and no
	 * atfork handlers, and musl's fork() would bring 2 KiB of thread
	 * locking into the static binary. The child only sets its group
	 * and signals and execs, which needs none of the state fork()
	 * would reset. Flags alone, so the order of the other arguments,
	 * which differs between architectures, does not matter. */
	pid_t pid = (pid_t)sys_call(SYS_clone, SIGCHLD, 0, 0, 0, 0, 0);

	if (pid == 0)
		exec_child(argv, path, here, saved, tty);
	/* The parent sets the group too, so that no signal is forwarded
	 * to a group that does not exist yet. It fails harmlessly once the
	 * child has exec'd. */
	if (pid > 0 && tty != SPAWN_SHARE_GROUP)
		setpgid(pid, pid);
	return pid;
}
