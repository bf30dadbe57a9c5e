/* sexton at a real terminal: an interactive bash in a pseudo-terminal
 * runs commands under sexton, and the test types at it as a user would:
 * Ctrl-Z, fg, Ctrl-C, a job in the background, a read from the terminal.
 * The terminal is the shell's again once sexton has returned: a script
 * (bash -c) or the shell itself reads it after a sexton, also after one
 * in $(...). The other members of sexton's job keep it while the command
 * runs: the reader of `sexton -- make | less` reads it and sets its
 * modes. sexton --pause stops on Ctrl-Z and ends on Ctrl-C, with 0.
 * (sexton as PID 1 on a terminal: test_tty_pid1.)
 *
 * Each case runs twice, each time in a fresh shell: first the command
 * alone ("plain bash"), which is the reference, then the same command
 * under sexton. What plain bash does is what a user expects, and what
 * dumb-init gives. Where plain bash's behaviour is not obvious (a command
 * that ignores SIGTSTP), the sexton case measures it first, in the same
 * shell, and asserts that sexton changes nothing.
 *
 * Every process the shell starts inherits a marker in its environment,
 * so that the test finds its own processes in /proc, whatever their
 * parent, session or group, and kills them all at the end. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pty.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
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
	char pre[PATH_MAX + 16]; /* what goes before each command */
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

static char sexton[PATH_MAX];	/* SEXTON, absolute */
static struct term term;
static int sessions;

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
static void dump(struct term *t)
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

#define WHO(t) ((t)->wrap ? "under sexton" : "plain bash")
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
	if (wrap)
		snprintf(t->pre, sizeof t->pre, "'%s' -- ", sexton);
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

static const int as_plain = 0, as_sexton = 1;

/* Each case twice, in a fresh shell each time: alone, then under
 * sexton. */
#define CASE(f)								\
	{ "plain bash: " #f, f, term_setup, term_teardown,		\
	    (void *)&as_plain },					\
	{ "sexton: " #f, f, term_setup, term_teardown, (void *)&as_sexton }

int main(void)
{
	const struct CMUnitTest tests[] = {
		CASE(ctrl_z_stops_and_fg_resumes),
		CASE(background_job_leaves_the_shell_working),
		{ "sexton: ignored_tstp_as_plain_bash",
		    ignored_tstp_as_plain_bash, term_setup, term_teardown,
		    (void *)&as_sexton },
		CASE(ctrl_c_ends_the_command),
		CASE(command_reads_the_terminal),
		CASE(command_reads_after_ctrl_z_and_fg),
		CASE(command_stopped_by_sigstop),
		CASE(kill_tstp_then_one_fg),
		CASE(script_reads_the_terminal_after_sexton),
		CASE(shell_reads_the_terminal_after_sexton),
		CASE(shell_reads_the_terminal_after_a_substitution),
		CASE(pipeline_reader_reads_the_terminal),
		CASE(pipeline_reader_sets_the_terminal_modes),
		CASE(pause_ends_on_ctrl_c),
		CASE(pause_stops_on_ctrl_z_and_fg_resumes),
	};

	/* The commands run from the shell's directory, which is ours, but
	 * an absolute path survives any cd and reads well in jobs. */
	if (realpath(SEXTON, sexton) == NULL)
		sexton[0] = '\0';
	return cmocka_run_group_tests(tests, NULL, NULL);
}
