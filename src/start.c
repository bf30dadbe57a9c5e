/* Everything before the loop that prepares and starts the command: the
 * role, the files, the fds, the directory, and clone and exec. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/reboot.h>
#include <unistd.h>

#include "log.h"
#include "proc.h"
#include "start.h"
#include "str.h"
#include "sys.h"

const char *start_check_calls(int sigfd, pid_t self)
{
	struct pollfd p = { .fd = sigfd, .events = POLLIN };
	char c;
	long r;

	/* Each gives its own error where the call itself works. A read
	 * of no fd: gVisor's read of nothing from a signalfd waits for a
	 * signal. */
	if ((r = sys_read_answer(-1, &c, 0)) != -EBADF) {
		errno = (int)-r;
		return "read";
	}
	if (sys_poll(&p, 1, 0) < 0)
		return "poll";
	if (sys_kill(self, 0) < 0)
		return "kill";
	if (clock_ms(CLOCK_MONOTONIC) < 0)
		return "clock_gettime";
	return NULL;
}

void start_role(const struct config *c, struct role *r, pid_t self,
    pid_t parent)
{
	r->self = self;
	r->parent = parent;
	r->pid1 = r->self == 1;
	r->how = c->on_exit;
	if (!r->pid1) {
		/* Where orphans go: to sexton, as a subreaper. */
		if (c->subreaper &&
		    sys_prctl(PR_SET_CHILD_SUBREAPER, 1) < 0) {
			char buf[ERRTEXT];

			log_msg(LOG_WARN, "cannot become a subreaper: %s: "
			    "orphans will not be reaped", errtext(errno, buf));
		}
		return;
	}
	/* Turning Ctrl-Alt-Del into SIGINT succeeds only for the init of
	 * the whole machine, with CAP_SYS_BOOT. */
	r->real_init = sys_reboot_answer(RB_DISABLE_CAD) == 0;
	r->machine = c->system || r->real_init;
	if (r->real_init)
		log_msg(LOG_INFO, "running as the machine's init");
}

int start_pdeathsig(const struct config *c, const struct role *r)
{
	if (c->pdeathsig == 0)
		return 0;
	if (sys_prctl(PR_SET_PDEATHSIG, (unsigned long)c->pdeathsig) < 0) {
		char buf[ERRTEXT];

		log_msg(LOG_WARN, "cannot ask for the parent-death signal: %s",
		    errtext(errno, buf));
		return 0;
	}
	/* The parent was seen before the kernel was asked. */
	return getppid() != r->parent;
}

/* Kubernetes' termination message file is used where it is writable,
 * and nothing is said otherwise. O_NONBLOCK: a FIFO with no reader must
 * not hang PID 1. */
void start_files(const struct config *c, int *report, int *termlog)
{
	const char *bad = NULL;

	*termlog = sys_open_above(c->termlog != NULL ? c->termlog :
	    "/dev/termination-log", O_WRONLY | O_APPEND | O_CLOEXEC |
	    O_NONBLOCK | (c->termlog != NULL ? O_CREAT : 0), 0644);
	if (*termlog < 0 && c->termlog != NULL)
		bad = c->termlog;
	*report = c->report == NULL ? -1 : sys_open_above(c->report,
	    O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NONBLOCK, 0644);
	if (*report < 0 && c->report != NULL)
		bad = c->report;
	if (bad != NULL) {
		char buf[ERRTEXT];

		log_plain("cannot open '%s': %s", bad, errtext(errno, buf));
		_exit(EXIT_USAGE);
	}
}

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
static void claim_listen_fds(char pid[32])
{
	char mine[32];

	fmt(mine, sizeof mine, "LISTEN_PID=%d", (int)getppid());
	fmt(pid, 32, "LISTEN_PID=%d", (int)getpid());
	for (char **e = environ; *e != NULL; e++)
		if (str_eq(*e, mine))
			*e = pid;
}

/* In the child: whatever it cannot set up, it says, and the command
 * does not run with it wrong. */
static void exec_child(const struct config *c, const struct sigsave *saved,
    int here, enum group g)
{
	char buf[ERRTEXT], pid[32];
	int err;

	claim_listen_fds(pid);
	/* Back to the caller's directory. */
	if (here >= 0 && sys_fchdir(here) < 0)
		_exit(log_refused("fchdir"));
	/* A group of its own is where "the command's group" gets the
	 * signals: a filter that refuses it is refused in turn. */
	if (g != GROUP_SHARED && setpgid(0, 0) < 0)
		_exit(log_refused("setpgid"));
	/* Before exec, so that the command never reads the terminal from
	 * the background. */
	if (g == GROUP_OWN_TERMINAL)
		terminal_give(getpid());
	/* The signal mask and SIGCHLD's disposition sexton was given. */
	if (signals_restore(saved) < 0)
		_exit(log_refused("rt_sigaction or rt_sigprocmask"));
	exec_path(c->argv, c->path);
	/* A refused execve(2) is the command's failure to run: 126, or
	 * 127 if the filter answers ENOENT. */
	err = errno;
	log_plain("%s: %s", c->argv[0], errtext(err, buf));
	_exit(err == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_RUN);
}

pid_t start_command(const struct config *c, const struct sigsave *saved,
    enum group g)
{
	/* Pin no directory: sexton is in / before the command can look,
	 * and the command goes back to the caller's. Without a handle on
	 * that, sexton leaves it once the command has it. */
	int here;
	pid_t pid;

	if (c->pause) {
		(void)!chdir("/");
		return 0;
	}
	here = sys_open(".", O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
	if (here >= 0)
		(void)!chdir("/");
	if ((pid = sys_fork()) == 0)
		exec_child(c, saved, here, g);
	if (pid < 0)
		_exit(log_refused("fork"));
	/* The parent sets the group too, so that no signal is forwarded
	 * to a group that does not exist yet. It fails harmlessly once the
	 * child has exec'd. */
	if (g != GROUP_SHARED)
		setpgid(pid, pid);
	if (here >= 0)
		sys_close(here);
	else
		(void)!chdir("/");
	log_msg(LOG_INFO, "started %s as pid %d", c->argv[0], pid);
	return pid;
}

void start_drop_fds(const int *own, int n)
{
	int keep[8], k = 0, from = 3;

	/* sexton's own that are fds, in order: often two. */
	for (int i = 0; i < n; i++) {
		int j = k;

		if (own[i] < 3)
			continue;
		for (; j > 0 && keep[j - 1] > own[i]; j--)
			keep[j] = keep[j - 1];
		keep[j] = own[i];
		k++;
	}
	keep[k] = INT_MAX;
	/* From 3 up, the gap before each of them goes. */
	for (int i = 0;; from = keep[i++] + 1) {
		/* Without close_range(2), those /proc lists. */
		if (from < keep[i] && sys_close_range(from, keep[i] - 1) < 0)
			proc_close_fds(from, keep[i] - 1);
		if (i == k)
			return;
	}
}
