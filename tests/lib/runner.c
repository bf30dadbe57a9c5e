/* Sweeps: see runner.h. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "harness.h"
#include "refuse.h"
#include "sentinel.h"
#include "runner.h"


#define HANG_MS (END_MS + MEASURE_MS + 500)	/* after the end began: a
						 * hang, ended by the test */
#define CEILING_MS 6000		/* after the start, if no end began */
#define SWEEP_SPIN 300		/* refused this often: a spin, ended */
#define ZOMBIE_MS 300		/* a child of sexton dead this long */
#define CPU_MS 60		/* sexton's own CPU time; more: a spin */
#define READY_MS 2000		/* for TERM to be blocked, with --pause */
#define DRAIN_MS 300		/* for the pipes to end after sexton did */
#define NPROC_UID 47300		/* + the run's id: owns nothing, and
				 * RLIMIT_NPROC binds it */

const struct role roles[NROLES] = {
	{ "PID 1", 1, 0, 0, 0, "0", -1 },
	{ "PID 1 with options", 1, 0, 1, 0, "600", 200 },
	{ "subreaper", 0, 0, 0, 0, "0", -1 },
	{ "subreaper with options", 0, 0, 1, 0, "600", 200 },
	{ "--system as PID 1", 1, 0, 0, 1, "0", -1 },
	{ "--pause as PID 1", 1, 1, 0, 0, NULL, -1 },
	{ "--pause not PID 1", 0, 1, 0, 0, NULL, -1 },
};

static int read_text(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	buf[0] = '\0';
	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return (int)n;
}

static char state_of(pid_t pid, pid_t *ppid, char *comm, size_t len)
{
	char path[64], buf[1024], *o, *c;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if (read_text(path, buf, sizeof buf) <= 0 ||
	    (o = strchr(buf, '(')) == NULL || (c = strrchr(buf, ')')) == NULL ||
	    c[1] == '\0')
		return 0;
	if (comm != NULL)
		snprintf(comm, len, "%.*s", (int)(c - o - 1), o + 1);
	if (ppid != NULL)
		*ppid = (pid_t)atoi(c + 4);
	return c[2];
}

/* The children of pid (its main thread's), up to max, from the /proc
 * that proc is open on. */
static int children_in(int proc, pid_t pid, pid_t *out, int max)
{
	char path[64], buf[8192], *p = buf;
	int n = 0, fd;
	ssize_t len;

	snprintf(path, sizeof path, "%d/task/%d/children", (int)pid,
	    (int)pid);
	if ((fd = openat(proc, path, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	len = read(fd, buf, sizeof buf - 1);
	close(fd);
	buf[len > 0 ? len : 0] = '\0';
	while (n < max && *p != '\0') {
		char *end;
		long v = strtol(p, &end, 10);

		if (end == p)
			break;
		out[n++] = (pid_t)v;
		p = end;
	}
	return n;
}

static int children(pid_t pid, pid_t *out, int max)
{
	int proc = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int n = proc >= 0 ? children_in(proc, pid, out, max) : 0;

	if (proc >= 0)
		close(proc);
	return n;
}

struct pipes {
	int out, err, info, ctl, sent, sock;
};

/* What the test had open but what the run gives sexton goes. */
static void keep_only_stdio(void)
{
	syscall(SYS_close_range, 3, ~0U, 4 /* CLOSE_RANGE_CLOEXEC */);
}

/* In sexton-to-be: its namespace's /proc, a clean signal state, the
 * run's pipes and limits, the filter; then the exec. */
static _Noreturn void exec_sexton(const struct spec *sp, char **argv,
    const struct pipes *p)
{
	const struct limits *l = &sp->lim;
	struct rlimit core = { 0, 0 };
	struct sigaction dfl;
	int null, lfd, sock = p->sock;

	if (roles[sp->role].ns) {
		umount2("/proc", MNT_DETACH);
		if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV |
		    MS_NOEXEC, NULL) < 0)
			_exit(212);
	}
	/* Above the fds it will stand for. */
	null = fcntl(open("/dev/null", O_RDWR | O_CLOEXEC), F_DUPFD_CLOEXEC,
	    100);
	if (null < 0 || dup2(null, 0) < 0 || dup2(p->out, 1) < 0 ||
	    dup2(p->err, 2) < 0)
		_exit(213);
	keep_only_stdio();
	if (sp->nr >= 0 && (sock = fcntl(sock, F_DUPFD_CLOEXEC, 900)) < 0)
		_exit(213);
	for (int i = 0; i < l->inherit; i++)
		if (dup2(null, 3 + i) < 0)
			_exit(213);
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	for (int sig = 1; sig <= 64; sig++)
		sigaction(sig, &dfl, NULL);
	/* libc's sigaction() refuses the signals it keeps for itself, 32
	 * and 33, which make(1) leaves ignored: the kernel's own call. */
	for (int sig = 32; sig <= 34; sig++)
		syscall(SYS_rt_sigaction, sig, &(struct { unsigned long h, f,
		    r, m; }){ (unsigned long)SIG_DFL, 0, 0, 0 }, NULL, 8);
	if (l->chld_ignored)
		signal(SIGCHLD, SIG_IGN);
	setrlimit(RLIMIT_CORE, &core);
	if (l->nofile > 0 && setrlimit(RLIMIT_NOFILE, &(struct rlimit){
	    (rlim_t)l->nofile, (rlim_t)l->nofile }) < 0)
		_exit(216);
	if (l->nproc > 0 && (setrlimit(RLIMIT_NPROC, &(struct rlimit){
	    (rlim_t)l->nproc, (rlim_t)l->nproc }) < 0 ||
	    setgroups(0, NULL) < 0 || setgid(NPROC_UID + sp->id) < 0 ||
	    setuid(NPROC_UID + sp->id) < 0))
		_exit(217);
	if (l->groups > 0) {
		static gid_t g[65536];

		for (int i = 0; i < l->groups && i < 65536; i++)
			g[i] = (gid_t)(200000 + i);
		if (setgroups((size_t)l->groups, g) < 0)
			_exit(219);
	}
	if (l->as > 0 && setrlimit(RLIMIT_AS, &(struct rlimit){
	    (rlim_t)l->as, (rlim_t)l->as }) < 0)
		_exit(218);
	if (l->closed) {
		close(0);
		close(1);
		close(2);
	}
	mask_all(0);
	if (sp->nr >= 0) {
		/* Then nothing but the exec: the test answers calls only
		 * once it has the listener. */
		if ((lfd = install_filter(sp->nr)) < 0 ||
		    send_fd(sock, lfd) < 0)
			_exit(214);
	}
	execv(argv[0], argv);
	_exit(215);
}

static _Noreturn void outer(const struct spec *sp, char **argv,
    const struct pipes *p)
{
	int ready[2], st, proc, fd;
	pid_t pids[2], kids[64];
	siginfo_t si;
	char path[64], buf[1024], *c, b;
	long rec[3];

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	setpgid(0, 0);
	/* Should sexton signal its own group, the sentinel says so. */
	mask_all(1);
	if (pipe2(ready, O_CLOEXEC) < 0)
		_exit(220);
	pids[0] = fork();
	if (pids[0] == 0)
		sentinel(ready[1], p->sent);
	close(ready[1]);
	if (pids[0] < 0 || read(ready[0], &b, 1) != 1)
		_exit(221);
	/* sexton mounts its namespace's /proc over this one's: outer
	 * keeps its own. */
	if ((proc = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		_exit(226);
	if (roles[sp->role].ns && (unshare(CLONE_NEWPID | CLONE_NEWNS) < 0 ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0))
		_exit(222);
	pids[1] = fork();
	if (pids[1] == 0)
		exec_sexton(sp, argv, p);
	if (pids[1] < 0 || write(p->info, pids, sizeof pids) != sizeof pids)
		_exit(223);
	/* When it ended, and its CPU time, read while it is a zombie;
	 * then its status. */
	while (waitid(P_PID, (id_t)pids[1], &si, WEXITED | WNOWAIT) < 0)
		if (errno != EINTR)
			_exit(224);
	rec[2] = (long)now_ms();
	snprintf(path, sizeof path, "%d/stat", (int)pids[1]);
	rec[1] = -1;
	buf[0] = '\0';
	if ((fd = openat(proc, path, O_RDONLY | O_CLOEXEC)) >= 0) {
		ssize_t n = read(fd, buf, sizeof buf - 1);

		buf[n > 0 ? n : 0] = '\0';
		close(fd);
	}
	if ((c = strrchr(buf, ')')) != NULL) {
		unsigned long ut, stime;

		if (sscanf(c + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u "
		    "%*u %lu %lu", &ut, &stime) == 2)
			rec[1] = (long)(ut + stime);
	}
	while (waitpid(pids[1], &st, 0) < 0)
		if (errno != EINTR)
			_exit(225);
	rec[0] = st;
	(void)!write(p->info, rec, sizeof rec);
	while (read(p->ctl, &b, 1) < 0 && errno == EINTR)
		;
	/* What is left came to us: it goes. Never kill(-1). */
	kill(pids[0], SIGKILL);
	for (long long end = now_ms() + 5000; now_ms() < end;) {
		int n = children_in(proc, getpid(), kids, 64);

		for (int i = 0; i < n; i++)
			kill(kids[i], SIGKILL);
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		if (n == 0 && waitpid(-1, NULL, WNOHANG) < 0 &&
		    errno == ECHILD)
			break;
		poll_step();
	}
	_exit(0);
}
static void drain(int *fd, char *buf, size_t *len, size_t cap)
{
	char tmp[4096];
	ssize_t n = read(*fd, tmp, sizeof tmp);

	if (n <= 0) {
		if (n == 0 || errno != EINTR) {
			close(*fd);
			*fd = -1;
		}
		return;
	}
	if ((size_t)n > cap - 1 - *len)
		n = (ssize_t)(cap - 1 - *len);
	memcpy(buf + *len, tmp, (size_t)n);
	*len += (size_t)n;
	buf[*len] = '\0';
}

/* Whether pid runs bin (it has exec'd sexton), and has TERM blocked, as
 * sexton blocks every signal. */
static int term_blocked(pid_t pid, const struct stat *bin)
{
	char path[64], buf[4096], *p;
	struct stat exe;

	snprintf(path, sizeof path, "/proc/%d/exe", (int)pid);
	if (stat(path, &exe) < 0 || exe.st_dev != bin->st_dev ||
	    exe.st_ino != bin->st_ino)
		return 0;
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	if (read_text(path, buf, sizeof buf) <= 0 ||
	    (p = strstr(buf, "SigBlk:")) == NULL)
		return 0;
	return (strtoull(p + 7, NULL, 16) >> (SIGTERM - 1)) & 1;
}

/* Zombies among sexton's children: one dead for ZOMBIE_MS was not
 * reaped. */
struct zwatch {
	int n;
	pid_t pid[64];
	long long since[64];
};

static void watch_zombies(struct zwatch *z, pid_t sexton, long long now,
    struct result *rr)
{
	pid_t kids[256];
	int n = children(sexton, kids, 256);
	struct zwatch next = { 0 };

	for (int i = 0; i < n && next.n < 64; i++) {
		long long since = now;

		if (state_of(kids[i], NULL, NULL, 0) != 'Z')
			continue;
		for (int j = 0; j < z->n; j++)
			if (z->pid[j] == kids[i])
				since = z->since[j];
		if (now - since >= ZOMBIE_MS && rr->zombie == 0)
			rr->zombie = kids[i];
		next.pid[next.n] = kids[i];
		next.since[next.n++] = since;
	}
	*z = next;
}

/* Everything of the run under outer but the sentinel, once sexton is
 * gone: it should be nothing. */
static void leftovers(pid_t outer_pid, pid_t sentinel_pid, struct result *rr)
{
	pid_t q[256];
	int n = children(outer_pid, q, 256);
	size_t len = 0;

	for (int i = 0; i < n && n < 256; i++)
		n += children(q[i], q + n, 256 - n);
	for (int i = 0; i < n; i++) {
		char comm[32], s;

		if (q[i] == sentinel_pid)
			continue;
		s = state_of(q[i], NULL, comm, sizeof comm);
		if (s != 0 && len < sizeof rr->left - 64)
			len += (size_t)snprintf(rr->left + len,
			    sizeof rr->left - len, "%spid %d (%s) state %c",
			    len ? ", " : "", (int)q[i], comm, s);
	}
}

static void build_argv(const struct spec *sp, char **argv, char *marker,
    char *report)
{
	const struct role *ro = &roles[sp->role];
	static char code[12];
	int n = 0;

	snprintf(code, sizeof code, "%d", CMD_CODE);
	argv[n++] = (char *)sp->bin;
	argv[n++] = "-t";
	argv[n++] = GRACE;
	if (ro->opts) {
		argv[n++] = "-w";
		argv[n++] = "--watch-zombies=1,100ms";
		/* An AGE, so that it acts within the run: looks every
		 * 100ms rather than every second. */
		argv[n++] = "--orphans=term,100ms";
		argv[n++] = report;
		argv[n++] = "-p";
		argv[n++] = "TERM";
		argv[n++] = "--stop-delay=100ms";
	}
	if (ro->system)
		argv[n++] = "--system";
	if (ro->pause) {
		argv[n++] = "--pause";
	} else {
		argv[n++] = "--";
		argv[n++] = (char *)sp->cmd;
		argv[n++] = "evidence";
		argv[n++] = marker;
		argv[n++] = code;
		argv[n++] = (char *)ro->cmd_ms;
		if (sp->name != NULL)
			argv[n++] = (char *)sp->name;
	}
	argv[n] = NULL;
}

/* "WHAT N at MS" in the marker: MS, or 0. */
static long long marker_time(const char *marker, const char *what)
{
	const char *p = strstr(marker, what), *at;

	if (p == NULL || (p != marker && p[-1] != '\n') ||
	    (at = strstr(p, " at ")) == NULL || strchr(at, '\n') == NULL)
		return 0;
	return atoll(at + 4);
}

int marker_code(const struct result *rr)
{
	const char *p = strstr(rr->marker, "\nexit ");

	return p != NULL && strchr(p + 1, '\n') != NULL ? atoi(p + 6) : -1;
}

static void close_fds(int *fds, int n)
{
	for (int i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

/* One run, start to end; what happened goes to rr. */
void run_case(const struct spec *sp, struct result *rr)
{
	const struct role *ro = &roles[sp->role];
	int out[2], err[2], info[2], ctl[2], sent[2], sock[2];
	char marker[128], report[160], *argv[32];
	struct pipes p;
	pid_t pids[2] = { 0, 0 }, outer_pid;
	int lfd = -1, got_pids = 0, killed = 0;
	long long drain_until = 0;
	struct zwatch z = { 0 };
	struct refusal rf = { .nr = sp->nr, .err = sp->err };

	memset(rr, 0, sizeof *rr);
	snprintf(marker, sizeof marker, SWEEP_DIR "/marker.%d.%d",
	    (int)getpid(), sp->id);
	snprintf(report, sizeof report, "--report=" SWEEP_DIR "/report.%d.%d",
	    (int)getpid(), sp->id);
	unlink(marker);
	unlink(report + strlen("--report="));
	build_argv(sp, argv, marker, report);
	if (stat(sp->bin, &rf.bin) < 0 ||
	    pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0 ||
	    pipe2(info, O_CLOEXEC) < 0 || pipe2(ctl, O_CLOEXEC) < 0 ||
	    pipe2(sent, O_CLOEXEC | O_NONBLOCK) < 0 ||
	    socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sock) < 0) {
		snprintf(rr->err, sizeof rr->err, "setup: %s\n",
		    strerror(errno));
		rr->hung = -1;
		return;
	}
	p = (struct pipes){ out[1], err[1], info[1], ctl[0], sent[1],
	    sock[1] };
	fflush(NULL);
	rr->t_start = now_ms();
	outer_pid = fork();
	if (outer_pid == 0) {
		close_fds((int[]){ out[0], err[0], info[0], ctl[1], sent[0],
		    sock[0] }, 6);
		outer(sp, argv, &p);
	}
	close_fds((int[]){ out[1], err[1], info[1], ctl[0], sent[1], sock[1] },
	    6);
	for (;;) {
		struct pollfd pf[6] = {
			{ out[0], POLLIN, 0 }, { err[0], POLLIN, 0 },
			{ info[0], POLLIN, 0 }, { sent[0], POLLIN, 0 },
			/* Calls are answered once sexton's pid is known. */
			{ sock[0], POLLIN, 0 }, { got_pids ? lfd : -1, POLLIN,
			    0 },
		};
		long long now, from;

		poll(pf, 6, 5);
		now = now_ms();
		if (pf[5].revents & POLLIN) {
			rf.sexton = pids[1];
			answer_call(lfd, &rf);
			rr->refused = (unsigned)rf.refused;
		}
		else if (pf[5].revents & (POLLHUP | POLLERR | POLLNVAL)) {
			close(lfd);
			lfd = -1;
		}
		if (pf[4].revents & POLLIN && lfd < 0)
			lfd = recv_fd(sock[0]);
		if (pf[0].revents)
			drain(&out[0], rr->out, &rr->outlen, sizeof rr->out);
		if (pf[1].revents)
			drain(&err[0], rr->err, &rr->errlen, sizeof rr->err);
		if (pf[3].revents & POLLIN) {
			struct sentinel_rec rec;

			while (read(sent[0], &rec, sizeof rec) == sizeof rec)
				if (rr->nsig < 4) {
					rr->sig[rr->nsig] = rec.sig;
					rr->sigpid[rr->nsig++] = rec.pid;
				}
		}
		if (pf[2].revents & POLLIN) {
			if (!got_pids) {
				if (read(info[0], pids, sizeof pids) ==
				    sizeof pids)
					got_pids = 1;
			} else {
				long rec[3];

				if (read(info[0], rec, sizeof rec) ==
				    sizeof rec) {
					rr->ended = 1;
					rr->wstatus = (int)rec[0];
					rr->cpu_ticks = rec[1];
					rr->t_end = rec[2];
					drain_until = now + DRAIN_MS;
					if (!ro->ns)
						leftovers(outer_pid, pids[0],
						    rr);
				}
			}
		} else if (pf[2].revents) {
			close(info[0]);
			info[0] = -1;
			if (!rr->ended) {
				snprintf(rr->err + rr->errlen, sizeof rr->err -
				    rr->errlen, "outer ended early\n");
				rr->hung = -1;
				break;
			}
		}
		/* The command's own times, from its marker. */
		if (rr->t_cmd_exit == 0 && !ro->pause) {
			read_text(marker, rr->marker, sizeof rr->marker);
			rr->t_ready = marker_time(rr->marker, "ready");
			rr->t_cmd_exit = marker_time(rr->marker, "exit");
		}
		if (got_pids && !rr->ended && !killed) {
			watch_zombies(&z, pids[1], now, rr);
			if (rr->t_term == 0 && ((ro->pause &&
			    (term_blocked(pids[1], &rf.bin) || now - rr->t_start >=
			    READY_MS)) || (ro->term_ms >= 0 && rr->t_ready &&
			    now >= rr->t_ready + ro->term_ms))) {
				rr->t_term = now;
				kill(pids[1], SIGTERM);
			}
			if (rr->refused >= SWEEP_SPIN) {
				rr->spin = (int)(now - rr->t_start);
				killed = 1;
				kill(pids[1], SIGKILL);
			}
			/* From what starts the end: the TERM that ends
			 * --pause, or the command's exit. */
			from = ro->pause ? rr->t_term : rr->t_cmd_exit;
			if (!killed && (from > 0 ? now - from >= HANG_MS :
			    now - rr->t_start >= CEILING_MS)) {
				rr->hung = 1;
				killed = 1;
				kill(pids[1], SIGKILL);
			}
		}
		if (rr->ended && ((out[0] < 0 && err[0] < 0) ||
		    now >= drain_until))
			break;
	}
	read_text(marker, rr->marker, sizeof rr->marker);
	read_text(report + strlen("--report="), rr->report, sizeof rr->report);
	unlink(marker);
	unlink(report + strlen("--report="));
	close(ctl[1]);
	waitpid(outer_pid, NULL, 0);
	close_fds((int[]){ out[0], err[0], info[0], sent[0], sock[0], lfd },
	    6);
}

/* Judging a run. */

void failf(struct verdict *v, const char *f, ...)
{
	va_list ap;
	int n;

	if (v->len >= sizeof v->text - 2)
		return;
	va_start(ap, f);
	n = vsnprintf(v->text + v->len, sizeof v->text - v->len - 1, f, ap);
	va_end(ap);
	if (n < 0)
		return;
	v->len += (size_t)n < sizeof v->text - v->len - 1 ? (size_t)n :
	    sizeof v->text - v->len - 2;
	v->text[v->len++] = '\n';
	v->text[v->len] = '\0';
}

static int count_lines(const char *s)
{
	int n = 0;

	for (; *s != '\0'; s++)
		if (*s == '\n')
			n++;
	return n;
}

/* The lines "sexton: ...", sexton's own errors before it runs. */
static int count_plain(const char *s)
{
	int n = strncmp(s, "sexton: ", 8) == 0;

	for (; (s = strchr(s, '\n')) != NULL; s++)
		n += strncmp(s + 1, "sexton: ", 8) == 0;
	return n;
}

/* Every line is sexton's, holds no control character, and says an
 * error in words. */
static void check_lines(struct verdict *v, const char *err)
{
	for (const char *l = err; *l != '\0';) {
		const char *nl = strchr(l, '\n'), *e;
		int len = nl != NULL ? (int)(nl - l) : (int)strlen(l);

		if (strncmp(l, "sexton[", 7) != 0 &&
		    strncmp(l, "sexton: ", 8) != 0)
			failf(v, "a line on stderr that is not sexton's: "
			    "'%.*s'", len, l);
		for (e = l; e < l + len; e++)
			if ((unsigned char)*e < ' ' || *e == 0x7f) {
				failf(v, "a control character (%d) on stderr, "
				    "which a terminal may act on: '%.*s'", *e,
				    len, l);
				break;
			}
		for (e = l; (e = strstr(e, "error ")) != NULL &&
		    e < l + len; e++)
			if (isdigit((unsigned char)e[6]))
				failf(v, "an error given as a bare number: "
				    "'%.*s'", len, l);
		if (nl == NULL) {
			failf(v, "stderr does not end with a newline");
			break;
		}
		l = nl + 1;
	}
}

int warned(const char *err, const char *what, const char *what2, int e)
{
	const char *text = strerror(e);

	for (const char *l = err; *l != '\0';) {
		const char *nl = strchr(l, '\n');
		char line[1024];

		snprintf(line, sizeof line, "%.*s", nl != NULL ?
		    (int)(nl - l) : (int)strlen(l), l);
		if ((strstr(line, what) != NULL || (what2 != NULL &&
		    strstr(line, what2) != NULL)) && strstr(line, text) != NULL)
			return 1;
		if (nl == NULL)
			break;
		l = nl + 1;
	}
	return 0;
}

/* The run's status against what the command did: it ran and its
 * status passes through, or it never ran and sexton said why. */
static void judge_status(const struct spec *sp, const struct result *rr,
    struct verdict *v, int code)
{
	const struct role *ro = &roles[sp->role];
	int ran = strncmp(rr->marker, "ran\n", 4) == 0;
	int quiet = sp->lim.closed;	/* no stderr to read */

	if (code < 0)
		return;
	if (ro->pause && code != 0) {
		if (code != 125)
			failf(v, "exit %d: neither 0 for the TERM nor 125 "
			    "for a refusal to start", code);
		else if (!quiet && (count_lines(rr->err) != 1 ||
		    strncmp(rr->err, "sexton: ", 8) != 0))
			failf(v, "exit %d, but not one line 'sexton: ...' on "
			    "stderr", code);
	} else if (ro->pause && rr->t_term == 0) {
		failf(v, "exit 0 before the TERM that ends --pause");
	} else if (!ro->pause && ran) {
		if (marker_code(rr) < 0)
			failf(v, "sexton exited %d while the command still ran "
			    "(it never wrote its exit)", code);
		else if (code != marker_code(rr))
			failf(v, "exit %d, but the command exited %d", code,
			    marker_code(rr));
	} else if (!ro->pause) {
		int want_exec = sp->nr == SYS_execve;

		if (want_exec ? code != 126 : code != 125)
			failf(v, "the command never ran, and sexton exited "
			    "%d (want %s)", code, want_exec ? "126: the "
			    "command cannot be run" : "125");
		/* sexton itself started when only the child's setup or its
		 * exec failed: its own lines may follow ("not the machine's
		 * own init"), but one line says why the command never ran. */
		if (quiet)
			;
		else if (count_plain(rr->err) != 1 ||
		    strncmp(rr->err, "sexton: ", 8) != 0)
			failf(v, "the command never ran, and stderr is not "
			    "%sone line 'sexton: ...'", want_exec ?
			    "with " : "");
		else if (want_exec && strstr(rr->err, sp->cmd) == NULL)
			failf(v, "the line does not name the command");
	}
}

/* What the command got: the fds, directory and signals sexton was
 * given, and nothing of sexton's own. */
static void judge_command(const struct spec *sp, const struct result *rr,
    struct verdict *v)
{
	char want[4200] = "\nfds", cwd[4096];
	size_t n = 4;

	if (strncmp(rr->marker, "ran\n", 4) != 0)
		return;
	for (int i = 0; i < sp->lim.inherit; i++)
		n += (size_t)snprintf(want + n, sizeof want - n, " %d", 3 + i);
	snprintf(want + n, sizeof want - n, "\n");
	if (strstr(rr->marker, want) == NULL)
		failf(v, "the command did not get exactly the fds sexton was "
		    "given (want '%.*s'):\n%s", (int)strlen(want) - 2,
		    want + 1, rr->marker);
	if (getcwd(cwd, sizeof cwd) != NULL) {
		snprintf(want, sizeof want, "\ncwd %s\n", cwd);
		if (strstr(rr->marker, want) == NULL)
			failf(v, "the command did not start in the directory "
			    "sexton was started in:\n%s", rr->marker);
	}
	/* No sweep runs on a terminal: the command has a group of its
	 * own, which gets the signals sent to "the command's group". A
	 * refused ioctl hides whether there is a terminal, and the command
	 * stays in sexton's group, as a shell's job would want. */
	snprintf(want, sizeof want, "\ngroup %s\n", sp->nr == SYS_ioctl ?
	    "shared" : "own");
	if (strstr(rr->marker, want) == NULL)
		failf(v, "the command did not start in the process group "
		    "sexton chooses (want%.*s):\n%s", (int)strlen(want) - 1,
		    want, rr->marker);
	snprintf(want, sizeof want, "SigIgn:\t%016llx\n", sp->lim.chld_ignored ?
	    1ULL << (SIGCHLD - 1) : 0ULL);
	if (strstr(rr->marker, "SigBlk:\t0000000000000000\n") == NULL ||
	    strstr(rr->marker, want) == NULL)
		failf(v, "the command did not start with the signal mask and "
		    "ignored signals sexton was given (want none blocked, "
		    "%.24s):\n%s", want, rr->marker);
}

void judge(const struct spec *sp, const struct result *rr,
    struct verdict *v)
{
	const struct role *ro = &roles[sp->role];
	int code = -1, ran = strncmp(rr->marker, "ran\n", 4) == 0;
	long long from;

	v->len = 0;
	v->text[0] = '\0';
	if (rr->hung < 0) {
		failf(v, "the test could not run it: %s", rr->err);
		return;
	}
	if (rr->ended && WIFEXITED(rr->wstatus) &&
	    WEXITSTATUS(rr->wstatus) >= 212 &&
	    WEXITSTATUS(rr->wstatus) <= 219 && rr->t_cmd_exit == 0) {
		failf(v, "the test could not start sexton (%d)",
		    WEXITSTATUS(rr->wstatus));
		return;
	}
	if (rr->spin) {
		failf(v, "the refused call was made %d times in its first %d "
		    "ms: a spin (sexton was KILLed)", SWEEP_SPIN, rr->spin);
	} else if (rr->hung) {
		failf(v, "still running %d ms after %s: a hang (sexton was "
		    "KILLed)", rr->t_cmd_exit || rr->t_term ? HANG_MS :
		    CEILING_MS, ro->pause ? "the TERM" : rr->t_cmd_exit ?
		    "the command's end" : "it started");
	} else if (WIFSIGNALED(rr->wstatus)) {
		failf(v, "sexton died by signal %d", WTERMSIG(rr->wstatus));
	} else {
		code = WEXITSTATUS(rr->wstatus);
	}
	judge_status(sp, rr, v, code);
	if (!ro->pause && ran && code >= 0)
		judge_command(sp, rr, v);
	/* The end, from what it is measured from. */
	from = ro->pause ? rr->t_term : ran ? rr->t_cmd_exit : rr->t_start;
	if (!rr->hung && !rr->spin && rr->ended && from > 0 &&
	    rr->t_end - from > END_MS + MEASURE_MS)
		failf(v, "ended %lld ms after %s (want grace + 1 s, %d ms)",
		    rr->t_end - from, ro->pause ? "the TERM" : ran ?
		    "the command's end" : "its start", END_MS);
	if (!rr->spin && rr->cpu_ticks * 10 > CPU_MS)
		failf(v, "sexton used %ld ms of CPU (a spin? want at most %d)",
		    rr->cpu_ticks * 10, CPU_MS);
	if (rr->zombie != 0)
		failf(v, "pid %d, a child of sexton, stayed a zombie for %d ms",
		    (int)rr->zombie, ZOMBIE_MS);
	/* prctl(2) sets up two optional features: the subreaper, when not
	 * PID 1, and -p. Refused, the command still runs (checked above),
	 * and a warning names the feature and the cause. Without the
	 * subreaper, the orphans go to sexton's parent: not sexton's to end,
	 * so not counted as left behind. */
	if (sp->nr == SYS_prctl && code >= 0 && !ro->ns) {
		if (!warned(rr->err, "subreaper", NULL, sp->err))
			failf(v, "no warning names the subreaper and '%s'",
			    strerror(sp->err));
	} else if (rr->left[0] != '\0' && !rr->hung && !rr->spin) {
		/* Once the test has KILLed sexton, what is left is the
		 * test's. */
		failf(v, "left behind once sexton was gone: %s", rr->left);
	}
	if (sp->nr == SYS_prctl && code >= 0 && ro->opts &&
	    !warned(rr->err, "pdeathsig", "parent", sp->err))
		failf(v, "-p TERM could not be set up, and no warning names "
		    "it (\"pdeathsig\" or \"parent\") and '%s'",
		    strerror(sp->err));
	for (int i = 0; i < rr->nsig; i++)
		failf(v, "the sentinel, outside sexton's subtree, got signal "
		    "%d from pid %d", rr->sig[i], rr->sigpid[i]);
	if (ran && code >= 0 && marker_code(rr) >= 0) {
		const char *st = strstr(rr->report, "status=");

		if (st != NULL && atoi(st + 7) != marker_code(rr))
			failf(v, "the report says %.12s, the command exited %d",
			    st, marker_code(rr));
	}
	if (ro->ns && strstr(rr->err, "needs sexton to be PID 1") != NULL)
		failf(v, "sexton is PID 1 here, but says it is not");
	check_lines(v, rr->err);
}

/* Each worker runs every workers-th job, and writes what it found to a
 * file of its own, read back here. */
void run_jobs(struct job *jobs, int n, int workers, judge_fn *j)
{
	pid_t w[16];
	char path[16][128];

	if (workers > 16)
		workers = 16;
	for (int k = 0; k < workers; k++) {
		snprintf(path[k], sizeof path[k], SWEEP_DIR "/worker.%d.%d",
		    (int)getpid(), k);
		fflush(NULL);
		w[k] = fork();
		if (w[k] == 0) {
			static struct result rr;
			FILE *f = fopen(path[k], "w");

			if (f == NULL)
				_exit(1);
			for (int i = k; i < n; i += workers) {
				struct job *jb = &jobs[i];

				run_case(&jb->sp, &rr);
				j(&jb->sp, &rr, &jb->v);
				if (jb->v.len > 0)
					snprintf(jb->v.text + jb->v.len,
					    sizeof jb->v.text - jb->v.len,
					    "  stderr: %.900s%s", rr.err,
					    rr.errlen == 0 || rr.err[rr.errlen -
					    1] != '\n' ? "\n" : "");
				jb->refused = rr.refused;
				jb->done = 1;
				jb->started = roles[jb->sp.role].pause ?
				    rr.ended && rr.wstatus == 0 :
				    marker_code(&rr) >= 0;
				if (fwrite(&i, sizeof i, 1, f) != 1 ||
				    fwrite(jb, sizeof *jb, 1, f) != 1)
					_exit(2);
				fflush(f);
			}
			fclose(f);
			_exit(0);
		}
	}
	for (int k = 0; k < workers; k++) {
		FILE *f;
		int i;

		if (w[k] > 0)
			waitpid(w[k], NULL, 0);
		f = fopen(path[k], "r");
		while (f != NULL && fread(&i, sizeof i, 1, f) == 1 && i >= 0 &&
		    i < n && fread(&jobs[i], sizeof jobs[i], 1, f) == 1)
			;
		if (f != NULL)
			fclose(f);
		unlink(path[k]);
	}
}

int report_jobs(struct job *jobs, int n, label_fn *label, const void *ctx,
    int *started)
{
	int failed = 0;

	if (started != NULL)
		*started = 0;
	for (int i = 0; i < n; i++) {
		char head[1024];

		if (started != NULL)
			*started += jobs[i].started;
		if (!jobs[i].done)
			snprintf(jobs[i].v.text, sizeof jobs[i].v.text,
			    "not run: its worker died\n");
		else if (jobs[i].v.len == 0)
			continue;
		failed++;
		label(&jobs[i], i, ctx, head, sizeof head);
		fprintf(stderr, "\n[%s]\n%s", head, jobs[i].v.text);
	}
	fflush(stderr);
	return failed;
}

int sweep_setup(void **state)
{
	(void)state;
	if (system("tests/deps.sh musl-tools") != 0 ||
	    system("make -s static " PROBE_STATIC " >/dev/null") != 0 ||
	    system("mkdir -p " SWEEP_DIR " && chmod 1777 " SWEEP_DIR) != 0)
		return -1;
	return 0;
}
