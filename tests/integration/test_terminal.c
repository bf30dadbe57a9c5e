/* sexton at a terminal, as a user at the terminal sees it: first in an
 * interactive bash, then as PID 1 of a container started with a
 * terminal. Each case runs twice, with and without sexton, and what the
 * command does without sexton is the reference.
 *
 * Part 1: in an interactive bash in a pseudo-terminal, the commands run
 * under sexton, and the test types at it as a user would: Ctrl-Z, fg,
 * Ctrl-C, a job in the background, a read from the terminal. The
 * terminal is the shell's again once sexton has returned: a script
 * (bash -c) or the shell itself reads it after a sexton, also after one
 * in $(...). The other members of sexton's job keep it while the command
 * runs: the reader of `sexton -- make | less` reads it and sets its
 * modes. sexton --pause stops on Ctrl-Z and ends on Ctrl-C, with 0.
 *
 * Each case runs in a fresh shell each time: first the command alone
 * ("plain bash"), which is the reference, then the same command under
 * sexton, and under sexton as PID 1 of `unshare --pid --fork
 * --mount-proc`, whose group is the shell's job, outside its namespace.
 * What plain bash does is what a user expects, and what dumb-init
 * gives. Where plain bash's behaviour is not obvious (a command
 * that ignores SIGTSTP), the sexton case measures it first, in the same
 * shell, and asserts that sexton changes nothing.
 *
 * Every process the shell starts inherits a marker in its environment,
 * so that the test finds its own processes in /proc, whatever their
 * parent, session or group, and kills them all at the end.
 *
 * Part 2, sexton as PID 1 of a container on a terminal, is described
 * where it starts, below. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pty.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "harness.h"
#include "tty.h"

#define PS1	"PROMPT> "
#define MARK	"SEXTON_TTY_MARK"
#define MS	5000	/* the most a user would wait for anything */
#define QUIET_MS 1000	/* how long "nothing happens" is watched */
#define TAIL	2048	/* how much of the terminal a failure shows */
#define NPROC	64

struct term {
	int wrap;		/* run the commands under sexton */
	char pre[PATH_MAX + 64]; /* what goes before each command */
	char mark[64];		/* MARK=value */
	pid_t shell;
	struct pty p;		/* the terminal it runs on */
};

struct proc {
	pid_t pid, ppid;
	char state;
	char comm[32];
};

struct procs {
	int n;
	struct proc p[NPROC];
};

struct box {
	int wrap;		/* the command runs under sexton */
	pid_t outer;		/* our child: exits with PID 1's status */
	pid_t pid1;		/* PID 1 of the namespace, as we see it */
	struct pty p;		/* its controlling terminal */
};

static char sexton[PATH_MAX];	/* SEXTON, absolute */
static struct term term;
static int sessions;

static struct box box;

static void term_dump(struct term *t);
static void box_dump(struct box *b);

/* Who runs the command, and a failure's report of the terminal: each
 * part's own, chosen by the type of its fixture, so that must() reads
 * the same in both. */
#define WHO(x) _Generic((x),						\
	struct term *: (x)->wrap ? "under sexton" : "plain bash",	\
	struct box *: (x)->wrap ? "sexton as PID 1" : "no init")
#define dump(x) _Generic((x), struct term *: term_dump,		\
	struct box *: box_dump)(x)

/* An assertion that shows the terminal when it fails. Not fail_msg(),
 * whose expansion in a system header hides format errors. */
#define must(t, cond, fmt, ...) do {					\
	if (!(cond)) {							\
		dump(t);						\
		print_error("ERROR: %s: " fmt "\n", WHO(t),		\
		    ##__VA_ARGS__);					\
		fail();							\
	}								\
} while (0)

/* Types a command line and Enter. */
static void term_cmd(struct term *t, const char *fmt, ...)
{
	char line[PATH_MAX + 256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof line - 1, fmt, ap);
	va_end(ap);
	strcat(line, "\r");
	pty_send(&t->p, line);
}

static int read_stat(pid_t pid, struct proc *p)
{
	char path[64], buf[512], *l, *r;
	FILE *f;
	size_t n;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	l = strchr(buf, '(');
	r = strrchr(buf, ')');
	if (l == NULL || r == NULL || r[1] != ' ' || r - l - 1 >= 32)
		return -1;
	p->pid = pid;
	memcpy(p->comm, l + 1, (size_t)(r - l - 1));
	p->comm[r - l - 1] = '\0';
	p->state = r[2];
	p->ppid = (pid_t)atoi(r + 4);
	return 0;
}

/* Whether pid's environment holds this session's marker. */
static int marked(const struct term *t, pid_t pid)
{
	static char env[1 << 17];
	char path[64], *nul;
	size_t len = 0, mlen = strlen(t->mark) + 1;
	ssize_t n;
	int fd;

	snprintf(path, sizeof path, "/proc/%d/environ", (int)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	while (len < sizeof env &&
	    (n = read(fd, env + len, sizeof env - len)) > 0)
		len += (size_t)n;
	close(fd);
	/* Compared with its NUL, so that MARK=1.1 is not MARK=1.10. */
	for (size_t at = 0; at + mlen <= len; at = (size_t)(nul - env) + 1) {
		if (memcmp(env + at, t->mark, mlen) == 0)
			return 1;
		if ((nul = memchr(env + at, '\0', len - at)) == NULL)
			break;
	}
	return 0;
}

static int in_list(const struct procs *ps, pid_t pid)
{
	for (int i = 0; i < ps->n; i++)
		if (ps->p[i].pid == pid)
			return 1;
	return 0;
}

/* Everything this session's shell started that is still there, alive
 * or a zombie: the marked processes but the shell, and the zombies of
 * the shell and of them (a zombie's environment is gone). */
static void scan(const struct term *t, struct procs *ps)
{
	struct procs zombies = { 0 };
	struct dirent *d;
	struct proc p;
	DIR *dir;

	ps->n = 0;
	if ((dir = opendir("/proc")) == NULL)
		return;
	while ((d = readdir(dir)) != NULL) {
		pid_t pid = (pid_t)atoi(d->d_name);

		if (pid <= 0 || pid == t->shell || read_stat(pid, &p) < 0)
			continue;
		if (p.state == 'Z' && zombies.n < NPROC)
			zombies.p[zombies.n++] = p;
		else if (p.state != 'Z' && ps->n < NPROC && marked(t, pid))
			ps->p[ps->n++] = p;
	}
	closedir(dir);
	for (int i = 0; i < zombies.n; i++)
		if ((zombies.p[i].ppid == t->shell ||
		    in_list(ps, zombies.p[i].ppid)) && ps->n < NPROC)
			ps->p[ps->n++] = zombies.p[i];
}

static void describe(const struct procs *ps, char *out, size_t size)
{
	size_t at = 0;

	out[0] = '\0';
	for (int i = 0; i < ps->n && at < size; i++)
		at += (size_t)snprintf(out + at, size - at, "%s%d %s %c "
		    "(parent %d)", i ? ", " : "", (int)ps->p[i].pid,
		    ps->p[i].comm, ps->p[i].state, (int)ps->p[i].ppid);
	if (ps->n == 0)
		snprintf(out, size, "none");
}

/* Prints the end of what the terminal showed, with control characters
 * made visible, then what the shell's processes are doing. */
static void term_dump(struct term *t)
{
	char out[TAIL * 2 + 1], procs[2048];
	struct procs ps;

	pty_tail(&t->p, out, sizeof out);
	scan(t, &ps);
	describe(&ps, procs, sizeof procs);
	print_error("--- the terminal (%s), its end ---\n%s\n"
	    "--- end of the terminal; shell %d state %c, foreground group "
	    "%d; its processes: %s\n", t->wrap ? "under sexton" :
	    "plain bash", out, (int)t->shell,
	    proc_state(t->shell) ? proc_state(t->shell) : '-',
	    (int)tcgetpgrp(t->p.fd), procs);
}

static void expect_prompt(struct term *t, const char *after)
{
	must(t, pty_expect(&t->p, PS1, MS), "no prompt within %d ms after %s",
	    MS, after);
}

/* Whether pid runs under a sexton that the shell started: not under
 * one that runs the test itself. */
static int below_sexton(const struct term *t, pid_t pid)
{
	struct proc p;

	for (int depth = 0; depth < 8 && pid > 1 && pid != t->shell;
	    depth++) {
		if (read_stat(pid, &p) < 0)
			return 0;
		if (strcmp(p.comm, "sexton") == 0)
			return 1;
		pid = p.ppid;
	}
	return 0;
}

/* The first of this session's processes named comm, below sexton when
 * the commands run under it, or 0. */
static pid_t find(const struct term *t, const struct procs *ps,
    const char *comm)
{
	for (int i = 0; i < ps->n; i++)
		if (strcmp(ps->p[i].comm, comm) == 0 && ps->p[i].state != 'Z' &&
		    (!t->wrap || below_sexton(t, ps->p[i].pid)))
			return ps->p[i].pid;
	return 0;
}

static int any_stopped(const struct procs *ps)
{
	for (int i = 0; i < ps->n; i++)
		if (ps->p[i].state == 'T' || ps->p[i].state == 't')
			return 1;
	return 0;
}

/* Waits until comm runs and nothing of the job is stopped: the state a
 * job is in once started, or once fg has resumed it. */
static pid_t wait_running(struct term *t, const char *comm, const char *why)
{
	long long end = now_ms() + MS;
	struct procs ps;
	pid_t pid;

	for (;;) {
		scan(t, &ps);
		pid = find(t, &ps, comm);
		if (pid > 0 && !any_stopped(&ps))
			return pid;
		must(t, now_ms() < end, "%s: no running %s, or a stopped "
		    "process, after %d ms", why, comm, MS);
		pty_pump(&t->p, 5);
	}
}

/* Waits until pid is stopped, as Ctrl-Z must leave it. */
static void wait_stopped(struct term *t, pid_t pid, const char *comm)
{
	long long end = now_ms() + MS;
	char s;

	while ((s = proc_state(pid)) != 'T' && s != 't') {
		must(t, now_ms() < end, "the shell says Stopped but %s "
		    "(pid %d) is in state %c after %d ms", comm,
		    (int)pid, s ? s : '-', MS);
		pty_pump(&t->p, 5);
	}
}

/* Waits until nothing the case started is left, stopped, alive or a
 * zombie. */
static void wait_clean(struct term *t, const char *after)
{
	long long end = now_ms() + MS;
	struct procs ps;

	for (;;) {
		scan(t, &ps);
		if (ps.n == 0)
			return;
		must(t, now_ms() < end, "processes left %d ms after %s",
		    MS, after);
		pty_pump(&t->p, 5);
	}
}

static void expect_status(struct term *t, int want, const char *after)
{
	int got;

	term_cmd(t, "echo \"status=$?\"");
	got = pty_status(&t->p, MS);
	must(t, got == want, "status %d after %s, not %d", got,
	    after, want);
	expect_prompt(t, "echo status");
}

/* The child side of forkpty: a session leader with the pty as its
 * controlling terminal. Signals as a login would leave them, whatever
 * the test runner ignores or blocks. */
static void exec_shell(const struct term *t)
{
	pty_default_signals();
	setenv(MARK, strchr(t->mark, '=') + 1, 1);
	setenv("PS1", PS1, 1);
	setenv("TERM", "dumb", 1);
	setenv("HISTFILE", "", 1);	/* no history written */
	unsetenv("PROMPT_COMMAND");
	unsetenv("BASH_ENV");
	execl("/bin/bash", "bash", "--norc", "--noprofile", "-i",
	    (char *)NULL);
	_exit(127);
}

static int term_teardown(void **state);

static int term_setup(void **state)
{
	/* Wide enough that readline never scrolls a line sideways. */
	struct winsize ws = { .ws_row = 50, .ws_col = 400 };
	struct term *t = &term;
	int wrap = *(const int *)*state;

	memset(t, 0, sizeof *t);
	t->wrap = wrap;
	t->p.fd = -1;
	snprintf(t->mark, sizeof t->mark, MARK "=%d.%d", (int)getpid(),
	    ++sessions);
	if (wrap && sexton[0] == '\0') {
		print_error("no sexton binary at %s\n", SEXTON);
		return -1;
	}
	if (wrap == 1)
		snprintf(t->pre, sizeof t->pre, "'%s' -- ", sexton);
	/* PID 1 of a namespace, as a job of the shell: sexton's group is
	 * the shell's job, outside the namespace, where sexton cannot name
	 * it. */
	if (wrap == 2)
		snprintf(t->pre, sizeof t->pre, "unshare --pid --fork "
		    "--mount-proc '%s' -- ", sexton);
	fflush(NULL);
	t->shell = forkpty(&t->p.fd, NULL, NULL, &ws);
	if (t->shell < 0) {
		print_error("forkpty: %s\n", strerror(errno));
		return -1;
	}
	if (t->shell == 0)
		exec_shell(t);
	fcntl(t->p.fd, F_SETFD, FD_CLOEXEC);
	fcntl(t->p.fd, F_SETFL, fcntl(t->p.fd, F_GETFL) | O_NONBLOCK);
	*state = t;
	if (!pty_expect(&t->p, PS1, MS)) {
		dump(t);
		print_error("bash gave no prompt within %d ms\n", MS);
		term_teardown(state);
		return -1;
	}
	return 0;
}

/* Kills the whole session, stopped processes and orphans included,
 * whatever a failed assertion left: the jobs first, since the shell's
 * death would hand them to init, then the shell. */
static int term_teardown(void **state)
{
	struct term *t = *state;
	long long end = now_ms() + MS;
	struct procs ps;
	int live;

	if (t->shell <= 0)
		return 0;
	do {
		scan(t, &ps);
		live = 0;
		for (int i = 0; i < ps.n; i++)
			if (ps.p[i].state != 'Z') {
				kill(ps.p[i].pid, SIGKILL);
				live++;
			}
		if (live > 0)
			poll_step();
	} while (live > 0 && now_ms() < end);
	kill(t->shell, SIGKILL);
	pty_close(&t->p);
	while (waitpid(t->shell, NULL, WNOHANG) == 0 && now_ms() < end)
		poll_step();
	t->shell = 0;
	return 0;
}

/* 1. Ctrl-Z stops the job and gives the prompt back; jobs shows it
 * stopped; fg resumes it; Ctrl-C ends it with 130. */
static void ctrl_z_stops_and_fg_resumes(void **state)
{
	struct term *t = *state;
	pid_t sleeper;

	term_cmd(t, "%ssleep 30", t->pre);
	sleeper = wait_running(t, "sleep", "the command");
	pty_send(&t->p, CTRL_Z);
	must(t, pty_expect(&t->p, "Stopped", MS), "Ctrl-Z: the shell reported "
	    "no stopped job within %d ms", MS);
	expect_prompt(t, "Ctrl-Z");
	wait_stopped(t, sleeper, "sleep");
	term_cmd(t, "jobs -l");
	must(t, pty_expect(&t->p, "Stopped", MS), "jobs -l does not show the "
	    "job stopped");
	expect_prompt(t, "jobs -l");
	term_cmd(t, "fg");
	wait_running(t, "sleep", "after fg");
	pty_send(&t->p, CTRL_C);
	expect_prompt(t, "Ctrl-C");
	expect_status(t, 130, "fg and Ctrl-C");
	wait_clean(t, "fg and Ctrl-C");
}

/* 2. A job in the background leaves the terminal to the shell, which
 * goes on reading commands; kill %1 ends the job with 143. */
static void background_job_leaves_the_shell_working(void **state)
{
	struct term *t = *state;
	struct proc leader = { .comm = "gone" };
	siginfo_t si;
	pid_t fg;

	term_cmd(t, "%ssleep 30 &", t->pre);
	expect_prompt(t, "starting the job with &");
	wait_running(t, "sleep", "background command");
	/* Who has the terminal now, to say why the shell is gone if it
	 * is: a job that takes it leaves the shell's reads an error. */
	fg = tcgetpgrp(t->p.fd);
	read_stat(fg, &leader);
	term_cmd(t, "echo alive-$((6*7))");
	must(t, pty_expect(&t->p, "alive-42", MS), "the shell does not run a "
	    "command typed while a job runs in the background (%s; once the "
	    "job ran, the terminal's foreground group was %d, led by %s; "
	    "the shell's is %d)", t->p.eof ? "bash exited" : "bash is still "
	    "there", (int)fg, leader.comm, (int)t->shell);
	expect_prompt(t, "echo alive-42");
	term_cmd(t, "echo alive-$((7*8))");
	must(t, pty_expect(&t->p, "alive-56", MS), "the shell does not run a "
	    "second command typed while a job runs in the background");
	expect_prompt(t, "echo alive-56");
	/* Not reaped: the teardown still kills and collects it. */
	memset(&si, 0, sizeof si);
	waitid(P_PID, (id_t)t->shell, &si, WEXITED | WNOHANG | WNOWAIT);
	must(t, si.si_pid == 0, "bash (pid %d) exited", (int)t->shell);
	/* One line, so that the job's end cannot be reported, and the job
	 * forgotten, before wait asks for it. */
	term_cmd(t, "kill %%1; wait %%1; echo \"bg=$?\"");
	must(t, pty_expect(&t->p, "bg=143", MS), "kill %%1 did not end the job "
	    "with 143");
	expect_prompt(t, "kill %1");
	wait_clean(t, "kill %1");
}

/* What a user sees when typing Ctrl-Z at a command that ignores
 * SIGTSTP, and then Ctrl-C. */
struct outcome {
	int reported;	/* the shell said "Stopped" */
	int stopped;	/* some process of the job was stopped */
	int status;	/* $? after Ctrl-C */
};

static const char *yes(int b)
{
	return b ? "yes" : "no";
}

static void ignored_tstp(struct term *t, const char *pre,
    struct outcome *o)
{
	struct procs ps;

	term_cmd(t, "%sbash -c 'trap \"\" TSTP; sleep 30'", pre);
	wait_running(t, "sleep", "bash -c that ignores TSTP");
	pty_send(&t->p, CTRL_Z);
	o->reported = pty_expect(&t->p, "Stopped", QUIET_MS);
	if (o->reported)
		expect_prompt(t, "Ctrl-Z");
	scan(t, &ps);
	o->stopped = any_stopped(&ps);
	if (o->reported) {
		term_cmd(t, "fg");
		wait_running(t, "sleep", "after fg");
	}
	pty_send(&t->p, CTRL_C);
	expect_prompt(t, "Ctrl-C");
	term_cmd(t, "echo \"status=$?\"");
	o->status = pty_status(&t->p, MS);
	expect_prompt(t, "echo status");
	wait_clean(t, "Ctrl-C");
}

/* 3. The same as plain bash: measured here, in the same shell, first.
 * Plain bash: Ctrl-Z only echoes ^Z, the command goes on, and Ctrl-C
 * ends it with 130. */
static void ignored_tstp_as_plain_bash(void **state)
{
	struct term *t = *state;
	struct outcome plain, wrapped;

	t->wrap = 0;
	ignored_tstp(t, "", &plain);
	t->wrap = 1;
	ignored_tstp(t, t->pre, &wrapped);
	print_message("Ctrl-Z, then Ctrl-C, at a command ignoring SIGTSTP: "
	    "said Stopped, a process stopped, status: plain bash %s, %s, %d; "
	    "under sexton %s, %s, %d\n", yes(plain.reported),
	    yes(plain.stopped), plain.status, yes(wrapped.reported),
	    yes(wrapped.stopped), wrapped.status);
	must(t, wrapped.reported == plain.reported, "Ctrl-Z: the shell "
	    "said Stopped: plain bash %s, under sexton %s",
	    yes(plain.reported), yes(wrapped.reported));
	must(t, wrapped.stopped == plain.stopped, "Ctrl-Z: a process of the "
	    "job stopped: plain bash %s, under sexton %s",
	    yes(plain.stopped), yes(wrapped.stopped));
	must(t, wrapped.status == plain.status, "status after Ctrl-C: plain "
	    "bash %d, under sexton %d", plain.status, wrapped.status);
}

/* 4. Ctrl-C ends the foreground command with 130, leaving nothing. */
static void ctrl_c_ends_the_command(void **state)
{
	struct term *t = *state;

	term_cmd(t, "%ssleep 30", t->pre);
	wait_running(t, "sleep", "the command");
	pty_send(&t->p, CTRL_C);
	expect_prompt(t, "Ctrl-C");
	expect_status(t, 130, "Ctrl-C");
	wait_clean(t, "Ctrl-C");
}

/* 5. The command owns the terminal: it reads what the user types. */
static void command_reads_the_terminal(void **state)
{
	struct term *t = *state;

	term_cmd(t, "%sbash -c 'echo ready-$((1+1)); read x; "
	    "echo \"got=$x\"'", t->pre);
	/* The echoed line has "$((1+1))": only the command prints this. */
	must(t, pty_expect(&t->p, "ready-2", MS), "the command did not start");
	pty_send(&t->p, "hello\r");
	must(t, pty_expect(&t->p, "got=hello", MS), "the command did not read "
	    "the line typed at the terminal");
	expect_prompt(t, "got=hello");
	expect_status(t, 0, "read");
	wait_clean(t, "read");
}

/* Starts a command that reads a line, has stop() stop the job, and
 * checks that the shell reports it stopped, and that one fg gives the
 * command the terminal again to read the line. how names the stop. */
static void read_after_stop_and_fg(struct term *t,
    void (*stop)(struct term *), const char *how)
{
	term_cmd(t, "%sbash -c 'echo ready-$((2+3)); read x; "
	    "echo \"got=$x\"'", t->pre);
	must(t, pty_expect(&t->p, "ready-5", MS), "the command did not start");
	stop(t);
	must(t, pty_expect(&t->p, "Stopped", MS), "%s: the shell reported no "
	    "stopped job within %d ms", how, MS);
	expect_prompt(t, how);
	term_cmd(t, "fg");
	wait_running(t, "bash", "after fg");
	pty_send(&t->p, "hello\r");
	must(t, pty_expect(&t->p, "got=hello", MS), "after %s and one fg, the "
	    "command did not read the line typed at the terminal", how);
	expect_prompt(t, "got=hello");
	expect_status(t, 0, how);
	wait_clean(t, how);
}

static void press_ctrl_z(struct term *t)
{
	pid_t reader = wait_running(t, "bash", "the command");

	pty_send(&t->p, CTRL_Z);
	wait_stopped(t, reader, "bash -c");
}

/* 5b. After Ctrl-Z and fg the command owns the terminal again, as
 * after a suspended editor is resumed. */
static void command_reads_after_ctrl_z_and_fg(void **state)
{
	read_after_stop_and_fg(*state, press_ctrl_z, "Ctrl-Z");
}

/* 6. A command that stops itself with SIGSTOP, as bash's suspend does:
 * the shell reports it stopped and gets its prompt back; fg resumes
 * it. */
static void command_stopped_by_sigstop(void **state)
{
	struct term *t = *state;

	term_cmd(t, "%sbash -c 'kill -STOP $$; echo back-$((6*7))'", t->pre);
	must(t, pty_expect(&t->p, "Stopped", MS), "SIGSTOP: the shell reported "
	    "no stopped job within %d ms", MS);
	expect_prompt(t, "SIGSTOP");
	term_cmd(t, "fg");
	must(t, pty_expect(&t->p, "back-42", MS), "after fg, the command did "
	    "not go on");
	expect_prompt(t, "back-42");
	expect_status(t, 0, "SIGSTOP and fg");
	wait_clean(t, "SIGSTOP and fg");
}

static void kill_tstp_to_the_job(struct term *t)
{
	kill(wait_running(t, t->pre[0] != '\0' ? "sexton" : "bash",
	    "the job"), SIGTSTP);
}

/* 7. A TSTP sent to the job by kill, not by the terminal: the shell
 * reports it stopped, and one fg resumes it. Under sexton, the
 * command's stop was still queued when sexton stopped, and read first
 * after fg: a sexton that stopped again for it lost the CONT. */
static void kill_tstp_then_one_fg(void **state)
{
	read_after_stop_and_fg(*state, kill_tstp_to_the_job, "kill -TSTP");
}

/* Types "hello" once the terminal shows ready, and checks that the
 * reader shows got, that the prompt comes back, that $? is 0, and that
 * nothing is left. */
static void type_a_line(struct term *t, const char *ready, const char *got,
    const char *what)
{
	must(t, pty_expect(&t->p, ready, MS), "%s: it did not start (no "
	    "\"%s\" within %d ms)", what, ready, MS);
	pty_send(&t->p, "hello\r");
	must(t, pty_expect(&t->p, got, MS), "%s: the line typed at the "
	    "terminal was not read (no \"%s\" within %d ms)", what, got, MS);
	expect_prompt(t, got);
	expect_status(t, 0, what);
	wait_clean(t, what);
}

/* 8. A script (bash -c, no job control) runs a command under sexton and
 * then reads the terminal itself, as a build script that asks a
 * question does. The script is the job the interactive shell gave the
 * terminal to, and must find it its own again once sexton has returned:
 * else its read stops it, and the shell says Stopped. */
static void script_reads_the_terminal_after_sexton(void **state)
{
	struct term *t = *state;

	/* The interactive shell turns \$ into $ for bash -c. */
	term_cmd(t, "bash -c \"%strue; echo ready-\\$((2+3)); read x; "
	    "echo got=\\$x\"", t->pre);
	type_a_line(t, "ready-5", "got=hello", "a script that reads after "
	    "the command");
}

/* 9. The same in the interactive shell itself, on one line: the shell
 * takes the terminal back after each job, so the builtin read works. */
static void shell_reads_the_terminal_after_sexton(void **state)
{
	struct term *t = *state;

	term_cmd(t, "%strue; echo ready-$((2+3)); read x; echo \"got=$x\"",
	    t->pre);
	type_a_line(t, "ready-5", "got=hello", "read after the command");
}

/* 10. A command substitution in the interactive shell: the command runs
 * in the shell's own group, with the terminal on its stdin; the shell's
 * next read of the terminal must work. */
static void shell_reads_the_terminal_after_a_substitution(void **state)
{
	struct term *t = *state;

	term_cmd(t, "x=$(%secho hi); echo ready-$((2+3)); read y; "
	    "echo \"got=$x,$y\"", t->pre);
	type_a_line(t, "ready-5", "got=hi,hello", "read after $(command)");
}

/* The pipeline of "make | less": the command writes into a pipe whose
 * reader takes its input from the terminal, and setup runs in the
 * reader before its read (stty for the modes, as less sets them). */
#define PIPELINE "%ssh -c 'echo hi; sleep 1' | sh -c 'read a; %s" \
	"echo \"reader-$((3+4))\" >&2; read y </dev/tty; %s" \
	"echo \"got=$a,$y\"'"

/* 11. The reader of the pipeline reads the terminal while the command
 * runs: the terminal belongs to the job, the whole pipeline. */
static void pipeline_reader_reads_the_terminal(void **state)
{
	struct term *t = *state;

	term_cmd(t, PIPELINE, t->pre, "", "");
	type_a_line(t, "reader-7", "got=hi,hello", "the reader of the "
	    "pipeline");
}

/* 12. The same with a reader that turns the terminal's echo off before
 * it reads, and back on after, as less, vim or a password prompt
 * does: the line typed is read, and not shown. */
static void pipeline_reader_sets_the_terminal_modes(void **state)
{
	struct term *t = *state;
	size_t from, to;

	term_cmd(t, PIPELINE, t->pre, "stty -echo </dev/tty; ",
	    "stty echo </dev/tty; ");
	must(t, pty_expect(&t->p, "reader-7", MS), "the reader of the "
	    "pipeline did not get past stty -echo within %d ms", MS);
	from = t->p.seen;
	pty_send(&t->p, "hello\r");
	must(t, pty_expect(&t->p, "got=hi,hello", MS), "the reader of the "
	    "pipeline, with the echo off, did not read the line typed "
	    "(no \"got=hi,hello\" within %d ms)", MS);
	to = t->p.seen - strlen("got=hi,hello");
	must(t, memmem(t->p.buf + from, to - from, "hello", 5) == NULL,
	    "stty -echo did not take: the terminal echoed the line typed");
	expect_prompt(t, "got=hi,hello");
	expect_status(t, 0, "the reader of the pipeline with stty");
	wait_clean(t, "the reader of the pipeline with stty");
}

/* --pause, or its reference: a plain sleep. */
static pid_t start_pause(struct term *t, const char **comm)
{
	pid_t pid;

	if (t->wrap)
		term_cmd(t, "'%s' --pause", sexton);
	else
		term_cmd(t, "sleep 30");
	*comm = t->wrap ? "sexton" : "sleep";
	pid = wait_running(t, *comm, "the pause");
	/* A signal before sexton blocks it would end it by default. */
	must(t, !t->wrap || (wait_caught(pid, SIGINT, MS) &&
	    wait_caught(pid, SIGTSTP, MS)), "sexton --pause (pid %d) did "
	    "not take INT and TSTP within %d ms", (int)pid, MS);
	return pid;
}

/* 13. sexton --pause at the prompt: Ctrl-C ends it with 0 (a plain
 * sleep with 130), and the prompt comes back. */
static void pause_ends_on_ctrl_c(void **state)
{
	struct term *t = *state;
	const char *comm;

	start_pause(t, &comm);
	pty_send(&t->p, CTRL_C);
	expect_prompt(t, "Ctrl-C");
	expect_status(t, t->wrap ? 0 : 130, "Ctrl-C");
	wait_clean(t, "Ctrl-C");
}

/* 14. sexton --pause at the prompt: Ctrl-Z stops it and gives the prompt
 * back, and fg resumes it, as with a plain sleep; then Ctrl-C ends it. */
static void pause_stops_on_ctrl_z_and_fg_resumes(void **state)
{
	struct term *t = *state;
	const char *comm;
	pid_t pid;

	pid = start_pause(t, &comm);
	pty_send(&t->p, CTRL_Z);
	must(t, pty_expect(&t->p, "Stopped", MS), "Ctrl-Z: the shell "
	    "reported no stopped job within %d ms", MS);
	expect_prompt(t, "Ctrl-Z");
	wait_stopped(t, pid, comm);
	term_cmd(t, "fg");
	wait_running(t, comm, "after fg");
	pty_send(&t->p, CTRL_C);
	expect_prompt(t, "fg and Ctrl-C");
	expect_status(t, t->wrap ? 0 : 130, "fg and Ctrl-C");
	wait_clean(t, "fg and Ctrl-C");
}

static const int as_plain = 0, as_sexton = 1, as_unshared_pid1 = 2;

/* Each case in a fresh shell each time: alone, under sexton, and under
 * sexton as PID 1 of unshare --pid, the shell's job. */
#define SHELL_CASE(f)							\
	NOT_PID1_CASE(f),						\
	{ "sexton as PID 1 of unshare: " #f, f, term_setup, term_teardown, \
	    (void *)&as_unshared_pid1 }
/* A stop that the terminal does not send to the whole job shows as the
 * job's stop only where sexton can stop itself, which PID 1 cannot: as
 * PID 1 of unshare --pid, only the command stops, and unshare does not
 * pass on its child's stop to the shell either. */
#define NOT_PID1_CASE(f)						\
	{ "plain bash: " #f, f, term_setup, term_teardown,		\
	    (void *)&as_plain },					\
	{ "sexton: " #f, f, term_setup, term_teardown, (void *)&as_sexton }

/* Part 2: sexton as PID 1 on a terminal, as `docker run -it` and runc with
 * "terminal": true set it up: the first process of a new PID namespace
 * (with its own /proc) makes itself a session leader, takes a pty's
 * slave side as its controlling terminal (setsid, TIOCSCTTY), and has
 * it as stdin, stdout and stderr. The test types at the master side as
 * the user of `docker run -it IMAGE sh` does: a line for the command to
 * read, Ctrl-C, Ctrl-Z, a command line for an interactive shell.
 *
 * Each case runs twice: first with the command itself as PID 1 ("no
 * init"), the reference of what a user expects, then under sexton.
 * dumb-init and catatonit behave as the reference in these cases. A
 * few cases have no reference, because a bare PID 1 ignores what the
 * case sends (a Ctrl-C to a command that does not catch it), or
 * because they test an option of sexton's own (--pause).
 *
 * Everything a case starts lives in its PID namespace: the teardown
 * kills the namespace's PID 1, which ends all of it. */

/* PID 1 of the new namespace: a session of its own on the pty, as
 * runc makes the container's process before it execs it. */
static void exec_pid1(int slave, char *const argv[])
{
	umount2("/proc", MNT_DETACH);
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
	    NULL) < 0)
		_exit(201);
	if (setsid() < 0 || ioctl(slave, TIOCSCTTY, 0) < 0)
		_exit(202);
	if (dup2(slave, 0) < 0 || dup2(slave, 1) < 0 || dup2(slave, 2) < 0)
		_exit(203);
	pty_default_signals();
	setenv("PS1", PS1, 1);
	setenv("TERM", "dumb", 1);
	setenv("HISTFILE", "", 1);
	unsetenv("PROMPT_COMMAND");
	unsetenv("BASH_ENV");
	unsetenv("ENV");
	execv(argv[0], argv);
	_exit(204);
}

/* Starts argv as PID 1 of a new PID and mount namespace on a new pty. */
static int box_start(struct box *b, char *const argv[])
{
	int slave, sync[2];
	pid_t in;

	if (pty_open(&b->p, &slave, 50, 200) < 0 ||
	    pipe2(sync, O_CLOEXEC) < 0)
		return -1;
	fflush(NULL);
	b->outer = fork();
	if (b->outer == 0) {
		int st;

		close(b->p.fd);
		close(sync[0]);
		if (unshare(CLONE_NEWPID | CLONE_NEWNS) < 0 ||
		    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
			_exit(200);
		in = fork();
		if (in == 0)
			exec_pid1(slave, argv);
		close(slave);
		(void)!write(sync[1], &in, sizeof in);
		if (in < 0)
			_exit(205);
		while (waitpid(in, &st, 0) < 0 && errno == EINTR)
			;
		_exit(WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
	}
	close(slave);
	close(sync[1]);
	if (b->outer < 0 || read(sync[0], &b->pid1, sizeof b->pid1) !=
	    sizeof b->pid1 || b->pid1 <= 0) {
		close(sync[0]);
		return -1;
	}
	close(sync[0]);
	return 0;
}

/* The command, as PID 1 or under sexton as PID 1. */
static void box_run(struct box *b, char *const cmd[])
{
	char *argv[16];
	int n = 0;

	if (b->wrap) {
		argv[n++] = sexton;
		argv[n++] = "--";
	}
	for (; *cmd != NULL && n < 15; cmd++)
		argv[n++] = *cmd;
	argv[n] = NULL;
	assert_int_equal(box_start(b, argv), 0);
}

/* The host's view of the namespace's processes: pid, name, state, and
 * process group. */
static void describe_ns(const struct box *b, char *out, size_t size)
{
	struct stat ns, st;
	char path[64], buf[512], *r;
	struct dirent *e;
	size_t at = 0;
	FILE *f;
	DIR *d;

	out[0] = '\0';
	snprintf(path, sizeof path, "/proc/%d/ns/pid", (int)b->pid1);
	if (b->pid1 <= 0 || stat(path, &ns) < 0 ||
	    (d = opendir("/proc")) == NULL) {
		snprintf(out, size, "none: PID 1 is gone");
		return;
	}
	while ((e = readdir(d)) != NULL && at < size) {
		int pid = atoi(e->d_name), pgrp = 0;
		size_t n;

		snprintf(path, sizeof path, "/proc/%d/ns/pid", pid);
		if (pid <= 0 || stat(path, &st) < 0 || st.st_ino != ns.st_ino)
			continue;
		snprintf(path, sizeof path, "/proc/%d/stat", pid);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		n = fread(buf, 1, sizeof buf - 1, f);
		fclose(f);
		buf[n] = '\0';
		if ((r = strrchr(buf, ')')) == NULL || r[1] != ' ')
			continue;
		*r = '\0';
		sscanf(r + 4, "%*d %d", &pgrp);
		at += (size_t)snprintf(out + at, size - at, "%s%d %s %c "
		    "(group %d)", at ? ", " : "", pid, strchr(buf, '(') + 1,
		    r[2], pgrp);
	}
	closedir(d);
}

static void box_dump(struct box *b)
{
	char out[TAIL * 2 + 1], procs[2048];

	pty_tail(&b->p, out, sizeof out);
	describe_ns(b, procs, sizeof procs);
	print_error("--- the terminal (%s), its end ---\n%s\n--- end of the "
	    "terminal; its foreground group %d; the namespace's processes, "
	    "host pids: %s\n", WHO(b), out, (int)tcgetpgrp(b->p.fd), procs);
}

/* PID 1's exit status, or -1 if it did not end within ms. */
static int box_wait(struct box *b, int ms)
{
	long long end = now_ms() + ms;
	int st;

	for (;;) {
		pid_t p = waitpid(b->outer, &st, WNOHANG);

		if (p == b->outer) {
			b->outer = 0;
			return WIFEXITED(st) ? WEXITSTATUS(st) : 128 +
			    WTERMSIG(st);
		}
		if (now_ms() >= end)
			return -1;
		pty_pump(&b->p, 5);
	}
}

static void expect_exit(struct box *b, int want, const char *after)
{
	int got = box_wait(b, MS);

	must(b, got != -1, "PID 1 did not end within %d ms after %s", MS,
	    after);
	must(b, got == want, "exit status %d after %s, not %d", got, after,
	    want);
}

static void expect_shown(struct box *b, const char *needle, const char *what)
{
	must(b, pty_expect(&b->p, needle, MS), "%s: the terminal did not "
	    "show \"%s\" within %d ms", what, needle, MS);
}

static int box_setup(void **state)
{
	memset(&box, 0, sizeof box);
	box.p.fd = -1;
	box.wrap = *(const int *)*state;
	*state = &box;
	if (box.wrap && sexton[0] == '\0') {
		print_error("no sexton binary at %s\n", SEXTON);
		return -1;
	}
	return 0;
}

/* The namespace dies with its PID 1. */
static int box_teardown(void **state)
{
	struct box *b = *state;

	if (b->outer > 0) {
		if (b->pid1 > 0)
			kill(b->pid1, SIGKILL);
		kill(b->outer, SIGKILL);
		waitpid(b->outer, NULL, 0);
		b->outer = 0;
	}
	pty_close(&b->p);
	return 0;
}

/* 1. The command reads a line typed at the terminal: the container's
 * shell, `read`, less, an editor. */
static void command_reads_a_line(void **state)
{
	struct box *b = *state;

	box_run(b, ARGV("/bin/sh", "-c", "echo ready-$((2+3)); read x; "
	    "echo \"got=$x\""));
	expect_shown(b, "ready-5", "the command");
	pty_send(&b->p, "hello\r");
	must(b, pty_expect(&b->p, "got=hello", MS), "the command did not "
	    "read the line typed at the terminal within %d ms", MS);
	expect_exit(b, 0, "the read");
}

/* 2. Ctrl-C reaches the command, which catches it and says so. */
static void ctrl_c_reaches_the_command(void **state)
{
	struct box *b = *state;

	box_run(b, ARGV("/bin/sh", "-c", "trap 'echo caught-INT; exit 7' "
	    "INT; echo ready-$((2+3)); while :; do sleep 1; done"));
	expect_shown(b, "ready-5", "the command");
	pty_send(&b->p, CTRL_C);
	must(b, pty_expect(&b->p, "caught-INT", MS), "the command did not "
	    "catch the Ctrl-C within %d ms", MS);
	expect_exit(b, 7, "Ctrl-C");
}

/* 3. Ctrl-Z does not freeze the container for ever: with no init, PID 1
 * ignores the TSTP and its read goes on; with sexton, whatever the TSTP
 * does, the command reads the line typed after it. */
static void ctrl_z_leaves_the_command_reading(void **state)
{
	struct box *b = *state;

	box_run(b, ARGV("/bin/sh", "-c", "echo ready-$((2+3)); read x; "
	    "echo \"got=$x\""));
	expect_shown(b, "ready-5", "the command");
	pty_send(&b->p, CTRL_Z);
	/* The terminal echoes ^Z once it has sent the TSTP. */
	expect_shown(b, "^Z", "Ctrl-Z");
	pty_send(&b->p, "hello\r");
	must(b, pty_expect(&b->p, "got=hello", MS), "after Ctrl-Z, the "
	    "command did not read the line typed at the terminal within "
	    "%d ms", MS);
	expect_exit(b, 0, "Ctrl-Z and the read");
}

/* 4. The command's exit status is the container's. */
static void exit_status_passes_through(void **state)
{
	struct box *b = *state;

	box_run(b, ARGV("/bin/sh", "-c", "echo ready-$((2+3)); exit 3"));
	expect_shown(b, "ready-5", "the command");
	expect_exit(b, 3, "exit 3");
}

/* 5. An interactive shell as the command, as `docker run -it IMAGE
 * bash`: it gives its prompt, runs what is typed, and exits with the
 * status it is told. */
static void interactive_shell_runs_what_is_typed(void **state)
{
	struct box *b = *state;

	box_run(b, ARGV("/bin/bash", "--norc", "--noprofile", "-i"));
	must(b, pty_expect(&b->p, PS1, MS), "bash -i gave no prompt within "
	    "%d ms", MS);
	pty_send(&b->p, "echo alive-$((6*7))\r");
	must(b, pty_expect(&b->p, "alive-42", MS), "bash -i did not run "
	    "the command line typed within %d ms", MS);
	must(b, pty_expect(&b->p, PS1, MS), "bash -i gave no second prompt "
	    "within %d ms", MS);
	pty_send(&b->p, "exit 4\r");
	expect_exit(b, 4, "exit 4 typed at bash -i");
}

/* 6. Ctrl-C ends a command that does not catch it, with 128+2. A bare
 * PID 1 would ignore it: this is what an init is for. */
static void ctrl_c_ends_a_command_that_does_not_catch_it(void **state)
{
	struct box *b = *state;

	box_run(b, ARGV("/bin/sh", "-c", "echo ready-$((2+3)); exec sleep "
	    "30"));
	expect_shown(b, "ready-5", "the command");
	pty_send(&b->p, CTRL_C);
	expect_exit(b, 130, "Ctrl-C");
}

/* 7. sexton --pause as PID 1 on a terminal: Ctrl-C ends it with 0. */
static void pause_ends_on_ctrl_c_as_pid1(void **state)
{
	struct box *b = *state;

	assert_int_equal(box_start(b, ARGV(sexton, "--pause")), 0);
	/* A signal before sexton blocks it would be lost: PID 1 ignores
	 * what it has no handler for. */
	must(b, wait_caught(b->pid1, SIGINT, MS), "sexton --pause took no "
	    "INT within %d ms", MS);
	pty_send(&b->p, CTRL_C);
	expect_exit(b, 0, "Ctrl-C");
}

static const int no_init = 0, under_sexton = 1;

#define PID1_CASE(f)							\
	{ "no init: " #f, f, box_setup, box_teardown,			\
	    (void *)&no_init },						\
	{ "sexton: " #f, f, box_setup, box_teardown,			\
	    (void *)&under_sexton }
#define SEXTON_ONLY(f)							\
	{ "sexton: " #f, f, box_setup, box_teardown,			\
	    (void *)&under_sexton }

int main(void)
{
	const struct CMUnitTest tests[] = {
		SHELL_CASE(ctrl_z_stops_and_fg_resumes),
		SHELL_CASE(background_job_leaves_the_shell_working),
		{ "sexton: ignored_tstp_as_plain_bash",
		    ignored_tstp_as_plain_bash, term_setup, term_teardown,
		    (void *)&as_sexton },
		SHELL_CASE(ctrl_c_ends_the_command),
		SHELL_CASE(command_reads_the_terminal),
		SHELL_CASE(command_reads_after_ctrl_z_and_fg),
		NOT_PID1_CASE(command_stopped_by_sigstop),
		NOT_PID1_CASE(kill_tstp_then_one_fg),
		SHELL_CASE(script_reads_the_terminal_after_sexton),
		SHELL_CASE(shell_reads_the_terminal_after_sexton),
		SHELL_CASE(shell_reads_the_terminal_after_a_substitution),
		SHELL_CASE(pipeline_reader_reads_the_terminal),
		SHELL_CASE(pipeline_reader_sets_the_terminal_modes),
		SHELL_CASE(pause_ends_on_ctrl_c),
		SHELL_CASE(pause_stops_on_ctrl_z_and_fg_resumes),
		PID1_CASE(command_reads_a_line),
		PID1_CASE(ctrl_c_reaches_the_command),
		PID1_CASE(ctrl_z_leaves_the_command_reading),
		PID1_CASE(exit_status_passes_through),
		PID1_CASE(interactive_shell_runs_what_is_typed),
		SEXTON_ONLY(ctrl_c_ends_a_command_that_does_not_catch_it),
		SEXTON_ONLY(pause_ends_on_ctrl_c_as_pid1),
	};

	/* The commands run from the shell's directory, which is ours, but
	 * an absolute path survives any cd and reads well in jobs. */
	if (realpath(SEXTON, sexton) == NULL)
		sexton[0] = '\0';
	return cmocka_run_group_tests_name("terminal", tests, NULL, NULL);
}
