/* sexton where a system call is refused: the sweep. A container
 * runtime's seccomp profile, recorded from a run that never needed a
 * call, refuses it later with EPERM or ENOSYS. Whatever sexton is
 * refused, a user must see one of two things: the command ran and
 * sexton ends with its status, or sexton refused to start, with one
 * clear line and its own code. Never a hang, a silent exit, a spin, a
 * death by a signal, a zombie or a process left behind, or a signal to
 * a process outside sexton's subtree.
 *
 * The list of calls is made at test time: each role is run once under
 * strace -f, for ./sexton and for ./sexton-static, and every system call
 * sexton's own code made there (in sexton from its main on, and in its
 * child until that execs the command) is then refused, one at a time,
 * with EPERM and then with ENOSYS, in that role. A new call in sexton is
 * swept with no change here. What the loader and libc's start-up make
 * before main is not swept: every run makes it, so a profile recorded
 * from any run allows it.
 *
 * The refusal is a seccomp filter that hands the calls it is asked
 * about to this test (SECCOMP_RET_USER_NOTIF): the test refuses the call
 * when the process that makes it runs sexton's binary (sexton, or its
 * child before the exec) and sexton has reached its main, marked by its
 * first getppid(); every other call goes on. So the refusal hits sexton
 * alone: not its start-up, not the command, whose calls are not
 * sexton's to answer for. The filter is installed before the exec of
 * sexton, and inherited by everything it starts, as a runtime's is.
 *
 * The roles: PID 1 of a new PID namespace, plain and with the options
 * that make more calls (-w, --watch-zombies=1,100ms, --orphans=term
 * with an AGE of 100ms so that it acts within the run, --report=FILE,
 * -p TERM, --stop-delay=100ms, and a TERM sent while the command runs);
 * not PID 1 (a subreaper), the same; --system as PID 1 of a namespace;
 * --pause as PID 1 and not. The command (probe evidence) writes a marker
 * file with the signal mask it got and the exit code it chose, holds a
 * zombie of its own, and leaves an orphan that ignores TERM, so that the
 * end sends TERM, waits out the grace and sends KILL.
 *
 * Checked in every run:
 * - sexton ends within grace + 1 s of the command's end (of the TERM,
 *   for --pause), plus MEASURE_MS for this test's own measuring;
 * - its status is the command's; or the command never ran, stderr is
 *   exactly one line "sexton: ...", and the code is 125 or 124 (126,
 *   naming the command, when the refused call is execve(2) itself);
 * - no child of sexton stays a zombie for ZOMBIE_MS, and not PID 1,
 *   nothing of the run is left once sexton is gone;
 * - a sentinel, sexton's sibling in its process group, gets no signal;
 * - sexton never dies by a signal and uses at most CPU_MS of CPU;
 * - every line on stderr is sexton's ("sexton[N]: " or "sexton: "), and
 *   no error is given as a bare number;
 * - the command gets an empty signal mask and no ignored signal, as
 *   this test gave sexton.
 *
 * One case alone, with what happened: .build/test/test_refusals --one
 * ROLE BUILD SYSCALL-NUMBER ERRNO (ROLE 0 to 6, as in roles[]; BUILD 0
 * for ./sexton, 1 for ./sexton-static). Run only against the plain
 * build: AddressSanitizer's own start-up cannot take these refusals. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <setjmp.h>
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
#include <cmocka.h>

#include "harness.h"

#if defined(__x86_64__)
#define NATIVE_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define NATIVE_ARCH AUDIT_ARCH_AARCH64
#else
#error "test_refusals: no seccomp arch for this machine"
#endif

#define GRACE "100ms"
#define GRACE_MS 100
#define END_MS (GRACE_MS + 1000)	/* the invariant */
#define MEASURE_MS 200		/* for the outer to see it end, loaded */
#define HANG_MS (END_MS + MEASURE_MS + 500)	/* after the end's start:
						 * a hang, ended by the test */
#define CEILING_MS 6000		/* after the start, if no end began */
#define SPIN_CALLS 300		/* refused this often: a spin, ended early */
#define ZOMBIE_MS 300		/* a child of sexton dead this long: unreaped */
#define CPU_MS 60		/* sexton's own CPU time; more is a spin */
#define READY_MS 2000		/* for TERM to be blocked, with --pause */
#define DRAIN_MS 300		/* for the pipes to end after sexton did */
#define WORKERS 5		/* runs at once: they mostly sleep */
#define CMD_CODE "41"		/* the command's code; 42 after a TERM */
#define DIR ".build/refusals"
#define MAXNR 512

static const char *const builds[] = { SEXTON, "./sexton-static" };

struct role {
	const char *name;
	int ns;			/* PID 1 of a new PID namespace */
	int pause;
	int opts;		/* the options that make more calls */
	int system;
	const char *cmd_ms;	/* how long the command runs */
	int term_ms;		/* TERM to sexton this long after "cmd ready" */
};

static const struct role roles[] = {
	{ "PID 1", 1, 0, 0, 0, "0", -1 },
	{ "PID 1 with options", 1, 0, 1, 0, "600", 200 },
	{ "subreaper", 0, 0, 0, 0, "0", -1 },
	{ "subreaper with options", 0, 0, 1, 0, "600", 200 },
	{ "--system as PID 1", 1, 0, 0, 1, "0", -1 },
	{ "--pause as PID 1", 1, 1, 0, 0, NULL, -1 },
	{ "--pause not PID 1", 0, 1, 0, 0, NULL, -1 },
};
#define NROLES (sizeof roles / sizeof roles[0])

/* One run: sexton in a role, with nr refused with err (nr -1: none). */
struct spec {
	int role, build;
	int nr, err;
	int id;			/* names its files */
};

struct result {
	int hung;		/* killed at HANG_MS or CEILING_MS */
	int ended;
	int wstatus;
	long cpu_ticks;
	long long t_start, t_ready, t_cmd_exit, t_term, t_end;
	unsigned refused;	/* calls refused in this run */
	int spin;		/* ended early at SPIN_CALLS refusals */
	int zombie_pid;		/* a child of sexton dead for ZOMBIE_MS */
	char out[8192], err[8192];
	size_t outlen, errlen;
	char marker[512], report[512];
	char left[512];		/* what was left once sexton was gone */
	int nsig, sig[4], sigpid[4];	/* what the sentinel got */
};

/* The calls of a role, from its trace. */
struct calls {
	int n, nr[MAXNR];
	int npre, pre[MAXNR];	/* made only before main: not swept */
};

static char names[MAXNR][32];	/* each call's name, from strace */

static const char *nr_name(int nr)
{
	static char buf[16];

	if (nr >= 0 && nr < MAXNR && names[nr][0] != '\0')
		return names[nr];
	snprintf(buf, sizeof buf, "syscall %d", nr);
	return buf;
}

static const char *err_name(int err)
{
	return err == EPERM ? "EPERM" : err == ENOSYS ? "ENOSYS" : "?";
}

/* Raw: glibc's wrapper leaves out 32 and 33. */
static void mask_all(int block)
{
	uint64_t set = block ? ~0ULL : 0;

	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &set, NULL, sizeof set);
}

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

/* The outer process of a run, a subreaper of our own so that what
 * sexton leaves behind comes here:
 *
 *	test ── outer ─┬─ sentinel	(first; in outer's process group)
 *	               └─ sexton ── probe evidence ── ...
 */

/* Reads every signal, 32 and 33 too, and writes it to fd. */
static _Noreturn void sentinel(int ready, int fd)
{
	uint64_t all = ~0ULL;
	struct signalfd_siginfo si;
	int sfd;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	sfd = (int)syscall(SYS_signalfd4, -1, &all, sizeof all, SFD_CLOEXEC);
	if (sfd < 0 || write(ready, "r", 1) != 1)
		_exit(1);
	close(ready);
	for (;;) {
		int rec[2];

		if (read(sfd, &si, sizeof si) != sizeof si) {
			if (errno == EINTR)
				continue;
			_exit(1);
		}
		rec[0] = (int)si.ssi_signo;
		rec[1] = (int)si.ssi_pid;
		(void)!write(fd, rec, sizeof rec);
	}
}

/* Calls nr and getppid(), the mark of sexton's main, go to the test. */
static int install_filter(int nr)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NATIVE_ARCH, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)nr, 2, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
	};
	struct sock_fprog prog = { sizeof f / sizeof f[0], f };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -1;
	return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
	    SECCOMP_FILTER_FLAG_NEW_LISTENER, &prog);
}

static int send_fd(int sock, int fd)
{
	char c = 'L';
	struct iovec iov = { &c, 1 };
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} u;
	struct msghdr m = { 0 };
	struct cmsghdr *cm;

	memset(&u, 0, sizeof u);
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = u.buf;
	m.msg_controllen = sizeof u.buf;
	cm = CMSG_FIRSTHDR(&m);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof fd);
	return sendmsg(sock, &m, 0) == 1 ? 0 : -1;
}

static int recv_fd(int sock)
{
	char c;
	struct iovec iov = { &c, 1 };
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} u;
	struct msghdr m = { 0 };
	struct cmsghdr *cm;
	int fd = -1;

	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = u.buf;
	m.msg_controllen = sizeof u.buf;
	if (recvmsg(sock, &m, MSG_CMSG_CLOEXEC) != 1)
		return -1;
	cm = CMSG_FIRSTHDR(&m);
	if (cm != NULL && cm->cmsg_type == SCM_RIGHTS)
		memcpy(&fd, CMSG_DATA(cm), sizeof fd);
	return fd;
}

struct pipes {
	int out, err, info, ctl, sent, sock;
};

/* In sexton-to-be: its namespace's /proc, a clean signal state, the
 * run's pipes, the filter; then the exec. */
static _Noreturn void exec_sexton(const struct spec *sp, char **argv,
    const struct pipes *p)
{
	struct rlimit core = { 0, 0 };
	struct sigaction dfl;
	int null, lfd;

	if (roles[sp->role].ns) {
		umount2("/proc", MNT_DETACH);
		if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV |
		    MS_NOEXEC, NULL) < 0)
			_exit(212);
	}
	null = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (null < 0 || dup2(null, 0) < 0 || dup2(p->out, 1) < 0 ||
	    dup2(p->err, 2) < 0)
		_exit(213);
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	for (int sig = 1; sig <= 64; sig++)
		sigaction(sig, &dfl, NULL);
	setrlimit(RLIMIT_CORE, &core);
	mask_all(0);
	if (sp->nr >= 0) {
		/* Then nothing but the exec: the test answers calls only
		 * once it has the listener. */
		if ((lfd = install_filter(sp->nr)) < 0 ||
		    send_fd(p->sock, lfd) < 0)
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
	/* Its CPU time, read while it is a zombie, then its status. */
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

/* The test's side of the filter: one call asked about. */
static void answer(int lfd, const struct spec *sp, pid_t sexton,
    const struct stat *bin, int *main_seen, struct result *rr)
{
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;
	char path[64];
	struct stat exe;
	int ours, refuse = 0;

	memset(&req, 0, sizeof req);
	if (ioctl(lfd, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0)
		return;
	snprintf(path, sizeof path, "/proc/%d/exe", (int)req.pid);
	ours = stat(path, &exe) == 0 && exe.st_dev == bin->st_dev &&
	    exe.st_ino == bin->st_ino;
	if (ours) {
		/* sexton's child runs sexton's code from its start. */
		int after_main = (pid_t)req.pid != sexton || *main_seen ||
		    sp->nr == SYS_getppid;

		if ((pid_t)req.pid == sexton && req.data.nr == SYS_getppid)
			*main_seen = 1;
		refuse = after_main && (int)req.data.nr == sp->nr;
	}
	memset(&resp, 0, sizeof resp);
	resp.id = req.id;
	if (ioctl(lfd, SECCOMP_IOCTL_NOTIF_ID_VALID, &req.id) < 0)
		return;
	if (refuse) {
		resp.error = -sp->err;
		rr->refused++;
	} else {
		resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	}
	(void)ioctl(lfd, SECCOMP_IOCTL_NOTIF_SEND, &resp);
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
		if (now - since >= ZOMBIE_MS && rr->zombie_pid == 0)
			rr->zombie_pid = kids[i];
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
	int n = 0;

	argv[n++] = (char *)builds[sp->build];
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
		argv[n++] = PROBE;
		argv[n++] = "evidence";
		argv[n++] = marker;
		argv[n++] = CMD_CODE;
		argv[n++] = (char *)ro->cmd_ms;
	}
	argv[n] = NULL;
}

/* One run, start to end; what happened goes to rr. */
static void run_case(const struct spec *sp, struct result *rr)
{
	const struct role *ro = &roles[sp->role];
	int out[2], err[2], info[2], ctl[2], sent[2], sock[2];
	char marker[128], report[160], *argv[32];
	struct pipes p;
	pid_t pids[2] = { 0, 0 }, outer_pid;
	int lfd = -1, main_seen = 0, got_pids = 0, killed = 0;
	long long drain_until = 0;
	struct zwatch z = { 0 };
	struct stat bin;

	memset(rr, 0, sizeof *rr);
	snprintf(marker, sizeof marker, DIR "/marker.%d.%d", (int)getpid(),
	    sp->id);
	snprintf(report, sizeof report, "--report=" DIR "/report.%d.%d",
	    (int)getpid(), sp->id);
	unlink(marker);
	unlink(report + strlen("--report="));
	build_argv(sp, argv, marker, report);
	if (stat(builds[sp->build], &bin) < 0 ||
	    pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0 ||
	    pipe2(info, O_CLOEXEC) < 0 || pipe2(ctl, O_CLOEXEC) < 0 ||
	    pipe2(sent, O_CLOEXEC | O_NONBLOCK) < 0 ||
	    socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sock) < 0) {
		snprintf(rr->err, sizeof rr->err, "test: setup: %s",
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
		close(out[0]);
		close(err[0]);
		close(info[0]);
		close(ctl[1]);
		close(sent[0]);
		close(sock[0]);
		outer(sp, argv, &p);
	}
	close(out[1]);
	close(err[1]);
	close(info[1]);
	close(ctl[0]);
	close(sent[1]);
	close(sock[1]);
	for (;;) {
		struct pollfd pf[6] = {
			{ out[0], POLLIN, 0 }, { err[0], POLLIN, 0 },
			{ info[0], POLLIN, 0 }, { sent[0], POLLIN, 0 },
			/* Calls are answered once sexton's pid is known. */
			{ sock[0], POLLIN, 0 }, { got_pids ? lfd : -1, POLLIN,
			    0 },
		};
		long long now, from;
		const char *at;

		poll(pf, 6, 5);
		now = now_ms();
		if (pf[5].revents & POLLIN)
			answer(lfd, sp, pids[1], &bin, &main_seen, rr);
		else if (pf[5].revents & (POLLHUP | POLLERR | POLLNVAL)) {
			close(lfd);
			lfd = -1;
		}
		if (pf[4].revents & POLLIN && lfd < 0)
			lfd = recv_fd(sock[0]);
		if (pf[0].revents) {
			drain(&out[0], rr->out, &rr->outlen, sizeof rr->out);
			if (rr->t_ready == 0 && strstr(rr->out, "cmd ready\n"))
				rr->t_ready = now;
			/* The time the command itself read. */
			if (rr->t_cmd_exit == 0 && (at = strstr(rr->out,
			    "cmd exit ")) != NULL && (at = strstr(at, " at "))
			    != NULL && strchr(at, '\n') != NULL)
				rr->t_cmd_exit = atoll(at + 4);
		}
		if (pf[1].revents)
			drain(&err[0], rr->err, &rr->errlen, sizeof rr->err);
		if (pf[3].revents & POLLIN) {
			int rec[2];

			while (read(sent[0], rec, sizeof rec) == sizeof rec)
				if (rr->nsig < 4) {
					rr->sig[rr->nsig] = rec[0];
					rr->sigpid[rr->nsig++] = rec[1];
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
				    rr->errlen, "test: outer ended early\n");
				rr->hung = -1;
				break;
			}
		}
		if (got_pids && !rr->ended && !killed) {
			watch_zombies(&z, pids[1], now, rr);
			if (rr->t_term == 0 && ((ro->pause &&
			    (term_blocked(pids[1], &bin) || now - rr->t_start >=
			    READY_MS)) || (ro->term_ms >= 0 && rr->t_ready &&
			    now >= rr->t_ready + ro->term_ms))) {
				rr->t_term = now;
				kill(pids[1], SIGTERM);
			}
			if (rr->refused >= SPIN_CALLS) {
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
	for (int *fd = (int[]){ out[0], err[0], info[0], sent[0], sock[0],
	    lfd, -2 }; *fd != -2; fd++)
		if (*fd >= 0)
			close(*fd);
}

/* Judging a run. */

struct verdict {
	char text[4096];
	size_t len;
};

static void failf(struct verdict *v, const char *f, ...)
    __attribute__((format(printf, 2, 3)));

static void failf(struct verdict *v, const char *f, ...)
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

/* Every line is sexton's, and says an error in words. */
static void check_lines(struct verdict *v, const char *err)
{
	for (const char *l = err; *l != '\0';) {
		const char *nl = strchr(l, '\n'), *e;
		int len = nl != NULL ? (int)(nl - l) : (int)strlen(l);

		if (strncmp(l, "sexton[", 7) != 0 &&
		    strncmp(l, "sexton: ", 8) != 0)
			failf(v, "a line on stderr that is not sexton's: "
			    "'%.*s'", len, l);
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

/* Whether a line of err names what (or what2) and the error's text. */
static int warned(const char *err, const char *what, const char *what2,
    int e)
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

static void judge(const struct spec *sp, const struct result *rr,
    struct verdict *v)
{
	const struct role *ro = &roles[sp->role];
	int code = -1, ran = strncmp(rr->marker, "ran\n", 4) == 0;
	const char *ex = strstr(rr->marker, "\nexit ");
	long long from;
	char cwd_line[4200] = "\ncwd ";

	if (getcwd(cwd_line + 5, sizeof cwd_line - 6) != NULL)
		strcat(cwd_line, "\n");
	v->len = 0;
	v->text[0] = '\0';
	if (rr->hung < 0) {
		failf(v, "the test could not run it: %s", rr->err);
		return;
	}
	if (rr->spin) {
		failf(v, "the refused call was made %d times in its first %d "
		    "ms: a spin (sexton was KILLed)", SPIN_CALLS, rr->spin);
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
	if (ro->pause && code >= 0 && code != 0) {
		if (code != 125 && code != 124)
			failf(v, "exit %d: neither 0 for the TERM nor 125 "
			    "for a refusal to start", code);
		else if (count_lines(rr->err) != 1 ||
		    strncmp(rr->err, "sexton: ", 8) != 0)
			failf(v, "exit %d, but not one line 'sexton: ...' on "
			    "stderr", code);
	} else if (ro->pause && code == 0 && rr->t_term == 0) {
		failf(v, "exit 0 before the TERM that ends --pause");
	} else if (!ro->pause && ran && code >= 0) {
		if (ex == NULL)
			failf(v, "sexton exited %d while the command still ran "
			    "(it never wrote its exit)", code);
		else if (code != atoi(ex + 6))
			failf(v, "exit %d, but the command exited %d", code,
			    atoi(ex + 6));
		if (strstr(rr->marker, cwd_line) == NULL)
			failf(v, "the command did not start in the directory "
			    "sexton was started in:\n%s", rr->marker);
		if (strstr(rr->marker, "SigBlk:\t0000000000000000\n") == NULL ||
		    strstr(rr->marker, "SigIgn:\t0000000000000000\n") == NULL)
			failf(v, "the command started with signals blocked or "
			    "ignored that sexton was not given:\n%s",
			    rr->marker);
	} else if (!ro->pause && code >= 0) {
		int want_exec = sp->nr == SYS_execve;

		if (want_exec ? code != 126 : code != 125 && code != 124)
			failf(v, "the command never ran, and sexton exited "
			    "%d (want %s)", code, want_exec ? "126: the "
			    "command cannot be run" : "125 or 124");
		/* sexton itself started when only the exec failed: its
		 * own lines may follow ("not the machine's own init"). */
		if (want_exec ? count_plain(rr->err) != 1 :
		    count_lines(rr->err) != 1 ||
		    strncmp(rr->err, "sexton: ", 8) != 0)
			failf(v, "the command never ran, and stderr is not "
			    "%sone line 'sexton: ...'", want_exec ?
			    "with " : "");
		else if (want_exec && strstr(rr->err, ": " PROBE ": ") == NULL)
			failf(v, "the line does not name the command");
	}
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
	if (rr->zombie_pid != 0)
		failf(v, "pid %d, a child of sexton, stayed a zombie for %d ms",
		    (int)rr->zombie_pid, ZOMBIE_MS);
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
	if (ran && code >= 0 && ex != NULL) {
		const char *st = strstr(rr->report, "status=");

		if (st != NULL && atoi(st + 7) != atoi(ex + 6))
			failf(v, "the report says %.12s, the command exited %d",
			    st, atoi(ex + 6));
	}
	if (ro->ns && strstr(rr->err, "needs sexton to be PID 1") != NULL)
		failf(v, "sexton is PID 1 here, but says it is not");
	check_lines(v, rr->err);
}

/* The calls of a role, from strace. */

/* "PID [ NR] name(": the pid, the number and the name, or -1. */
static int parse_line(const char *l, int *pid, int *nr, char *name,
    size_t len)
{
	const char *p;
	char *end;
	size_t n;

	*pid = (int)strtol(l, &end, 10);
	if (end == l)
		return -1;
	while (*end == ' ')
		end++;
	if (*end != '[')
		return -1;
	*nr = (int)strtol(end + 1, &end, 10);
	if (*end != ']' || end[1] != ' ')
		return -1;
	p = end + 2;
	if (strncmp(p, "<... ", 5) == 0)
		return 1;	/* resumed: the entry was counted */
	for (n = 0; p[n] != '\0' && p[n] != '('; n++)
		;
	if (p[n] != '(' || n == 0 || n >= len)
		return -1;
	memcpy(name, p, n);
	name[n] = '\0';
	return 0;
}

/* The child a clone() line returns, in strace's (our) namespace. */
static int clone_child(const char *l)
{
	const char *eq = NULL, *ns;

	/* strace pads before the " = ": the last one. */
	for (const char *p = l; (p = strstr(p, " = ")) != NULL; p++)
		eq = p;
	if (eq == NULL || !isdigit((unsigned char)eq[3]))
		return 0;
	ns = strstr(eq, "/* ");
	if (ns != NULL && strstr(ns, "in strace's PID NS") != NULL)
		return atoi(ns + 3);
	return atoi(eq + 3);
}

static void add_nr(int *list, int *n, int nr)
{
	for (int i = 0; i < *n; i++)
		if (list[i] == nr)
			return;
	if (*n < MAXNR)
		list[(*n)++] = nr;
}

static int has_nr(const int *list, int n, int nr)
{
	for (int i = 0; i < n; i++)
		if (list[i] == nr)
			return 1;
	return 0;
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* sexton is the process that exec'd bin; from its first getppid() on
 * it runs main. Its children run its code until they exec. */
static int parse_trace(const char *path, const char *bin, struct calls *c)
{
	FILE *f = fopen(path, "r");
	char line[4096], want[256], name[32];
	int sexton = 0, in_main = 0, kids[64], nkids = 0, execd[64] = { 0 };
	int pre[MAXNR], npre = 0, execd_self = 0;

	memset(c, 0, sizeof *c);
	if (f == NULL)
		return -1;
	snprintf(want, sizeof want, "execve(\"%s\"", bin);
	/* Pass 1: who sexton is, and its children. */
	while (fgets(line, sizeof line, f) != NULL) {
		int pid, nr, r = parse_line(line, &pid, &nr, name, sizeof name);

		if (r < 0)
			continue;
		if (sexton == 0 && r == 0 && strstr(line, want) != NULL)
			sexton = pid;
		else if (pid == sexton && nr == SYS_clone && nkids < 64 &&
		    clone_child(line) > 0)
			kids[nkids++] = clone_child(line);
	}
	if (sexton == 0) {
		fclose(f);
		return -1;
	}
	rewind(f);
	while (fgets(line, sizeof line, f) != NULL) {
		int pid, nr, k = -1;

		if (parse_line(line, &pid, &nr, name, sizeof name) != 0 ||
		    nr < 0 || nr >= MAXNR)
			continue;
		if (names[nr][0] == '\0')
			snprintf(names[nr], sizeof names[nr], "%s", name);
		for (int i = 0; i < nkids; i++)
			if (kids[i] == pid)
				k = i;
		if (pid == sexton && !execd_self) {
			/* The test's own, until the exec of sexton. */
			if (nr == SYS_execve && strstr(line, want) != NULL) {
				execd_self = 1;
				add_nr(pre, &npre, nr);
			}
		} else if (pid == sexton) {
			if (nr == SYS_getppid)
				in_main = 1;
			if (in_main)
				add_nr(c->nr, &c->n, nr);
			else
				add_nr(pre, &npre, nr);
		} else if (k >= 0 && !execd[k]) {
			add_nr(c->nr, &c->n, nr);
			if (nr == SYS_execve)
				execd[k] = 1;
		}
	}
	fclose(f);
	for (int i = 0; i < npre; i++)
		if (!has_nr(c->nr, c->n, pre[i]))
			add_nr(c->pre, &c->npre, pre[i]);
	qsort(c->nr, (size_t)c->n, sizeof c->nr[0], cmp_int);
	qsort(c->pre, (size_t)c->npre, sizeof c->pre[0], cmp_int);
	return in_main ? 0 : -1;
}

static char self_exe[4096];

/* Runs role in build once under strace -f, and reads its calls. */
static pid_t start_trace(int role, int build, char *path, size_t len)
{
	char r[8], b[8];
	pid_t pid;

	snprintf(path, len, DIR "/trace.%d.%d.%d", (int)getpid(), role,
	    build);
	snprintf(r, sizeof r, "%d", role);
	snprintf(b, sizeof b, "%d", build);
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		dup2(null, 0);
		dup2(null, 1);
		execlp("strace", "strace", "-f", "-n", "-qq",
		    "--pidns-translation", "-o", path, self_exe, "--trace", r,
		    b, (char *)NULL);
		_exit(127);
	}
	return pid;
}

static int traced_calls(int role, struct calls c[2])
{
	char path[2][128];
	pid_t pid[2];
	int ok = 0;

	for (int b = 0; b < 2; b++)
		pid[b] = start_trace(role, b, path[b], sizeof path[b]);
	for (int b = 0; b < 2; b++) {
		int st;

		if (pid[b] < 0 || waitpid(pid[b], &st, 0) < 0 ||
		    !WIFEXITED(st) || WEXITSTATUS(st) != 0 ||
		    parse_trace(path[b], builds[b], &c[b]) < 0) {
			print_error("trace of %s in %s failed (see %s)\n",
			    builds[b], roles[role].name, path[b]);
			ok = -1;
			continue;
		}
		unlink(path[b]);
	}
	return ok;
}

/* The sweep of one role: every traced call, refused with EPERM and with
 * ENOSYS, in both builds, WORKERS runs at a time. */

struct job {
	struct spec sp;
	struct verdict v;
	unsigned refused;
	int done;
};

static void run_jobs(struct job *jobs, int n)
{
	pid_t w[WORKERS];
	char path[WORKERS][128];

	for (int k = 0; k < WORKERS; k++) {
		snprintf(path[k], sizeof path[k], DIR "/worker.%d.%d",
		    (int)getpid(), k);
		fflush(NULL);
		w[k] = fork();
		if (w[k] == 0) {
			static struct result rr;
			FILE *f = fopen(path[k], "w");

			if (f == NULL)
				_exit(1);
			for (int i = k; i < n; i += WORKERS) {
				run_case(&jobs[i].sp, &rr);
				judge(&jobs[i].sp, &rr, &jobs[i].v);
				if (jobs[i].v.len > 0)
					snprintf(jobs[i].v.text + jobs[i].v.len,
					    sizeof jobs[i].v.text -
					    jobs[i].v.len, "  stderr: %.600s",
					    rr.err);
				jobs[i].refused = rr.refused;
				jobs[i].done = 1;
				if (fwrite(&i, sizeof i, 1, f) != 1 ||
				    fwrite(&jobs[i], sizeof jobs[i], 1, f) != 1)
					_exit(2);
				fflush(f);
			}
			fclose(f);
			_exit(0);
		}
	}
	for (int k = 0; k < WORKERS; k++) {
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

static void sweep(int role)
{
	static struct calls c[2];
	static struct job jobs[2 * 2 * MAXNR];
	static const int errs[] = { EPERM, ENOSYS };
	int n = 0, failed = 0;
	long long t0 = now_ms();

	assert_int_equal(traced_calls(role, c), 0);
	for (int b = 0; b < 2; b++) {
		char list[4096];
		size_t l = 0;

		for (int i = 0; i < c[b].npre; i++)
			l += (size_t)snprintf(list + l, sizeof list - l, " %s",
			    nr_name(c[b].pre[i]));
		print_message("%s, %s: %d calls swept; not swept, made only "
		    "before main (the loader's, libc's start-up):%s\n",
		    roles[role].name, builds[b], c[b].n, list);
		for (int e = 0; e < 2; e++)
			for (int i = 0; i < c[b].n; i++) {
				memset(&jobs[n], 0, sizeof jobs[n]);
				jobs[n].sp = (struct spec){ role, b, c[b].nr[i],
				    errs[e], n };
				n++;
			}
	}
	run_jobs(jobs, n);
	for (int i = 0; i < n; i++) {
		const struct spec *sp = &jobs[i].sp;

		if (!jobs[i].done) {
			jobs[i].v.len = 1;
			snprintf(jobs[i].v.text, sizeof jobs[i].v.text,
			    "not run: its worker died\n");
		}
		if (jobs[i].v.len == 0)
			continue;
		failed++;
		/* Whole: cmocka's own print functions cut at 1 KiB. */
		fprintf(stderr, "\n[%s, %s, %s (%d) refused with %s, %u "
		    "refusals; alone: .build/test/test_refusals --one %d %d "
		    "%d %d]\n%s", roles[role].name, builds[sp->build],
		    nr_name(sp->nr), sp->nr, err_name(sp->err),
		    jobs[i].refused, role, sp->build, sp->nr, sp->err,
		    jobs[i].v.text);
	}
	print_message("%s: %d runs in %lld ms, %d failed\n", roles[role].name,
	    n, now_ms() - t0, failed);
	if (failed > 0) {
		fflush(stderr);
		fail_msg("%s: %d of %d refusals broke an invariant (above)",
		    roles[role].name, failed, n);
	}
}

static void refusals_as_pid1(void **state)
{
	(void)state;
	sweep(0);
}

static void refusals_as_pid1_with_options(void **state)
{
	(void)state;
	sweep(1);
}

static void refusals_as_subreaper(void **state)
{
	(void)state;
	sweep(2);
}

static void refusals_as_subreaper_with_options(void **state)
{
	(void)state;
	sweep(3);
}

static void refusals_as_system_init_in_a_namespace(void **state)
{
	(void)state;
	sweep(4);
}

static void refusals_with_pause_as_pid1(void **state)
{
	(void)state;
	sweep(5);
}

static void refusals_with_pause_not_pid1(void **state)
{
	(void)state;
	sweep(6);
}

/* The runs with nothing refused pass every check: else the sweep would
 * blame refusals for what the test itself gets wrong. */
static void every_role_passes_with_nothing_refused(void **state)
{
	static struct result rr;
	struct verdict v;

	(void)state;
	for (int role = 0; role < (int)NROLES; role++)
		for (int b = 0; b < 2; b++) {
			struct spec sp = { role, b, -1, 0, 0 };

			run_case(&sp, &rr);
			judge(&sp, &rr, &v);
			if (v.len > 0)
				fail_msg("%s, %s, nothing refused:\n%sstderr:\n"
				    "%s", roles[role].name, builds[b], v.text,
				    rr.err);
			if (!roles[role].pause &&
			    strstr(rr.marker, "\nexit ") == NULL)
				fail_msg("%s, %s: the command did not run",
				    roles[role].name, builds[b]);
		}
}

static int setup(void **state)
{
	(void)state;
	if (system("tests/deps.sh strace musl-tools") != 0 ||
	    system("make -s static >/dev/null") != 0 ||
	    system("mkdir -p " DIR) != 0)
		return -1;
	return 0;
}

/* --trace ROLE BUILD: one run with nothing refused, for strace.
 * --one ROLE BUILD NR ERRNO: one case, said in full. */
static int one(char **argv, int trace)
{
	static struct result rr;
	struct spec sp = { atoi(argv[0]), atoi(argv[1]), trace ? -1 :
	    atoi(argv[2]), trace ? 0 : atoi(argv[3]), 0 };
	struct verdict v;

	if (sp.role < 0 || sp.role >= (int)NROLES || sp.build < 0 ||
	    sp.build > 1)
		return 2;
	if (system("mkdir -p " DIR) != 0)
		return 2;
	run_case(&sp, &rr);
	if (trace)
		return rr.ended ? 0 : 1;
	judge(&sp, &rr, &v);
	printf("%s, %s, %s refused with %s: %u refusals, status %d, "
	    "cpu %ld ms\nstdout:\n%sstderr:\n%smarker:\n%sreport: %s\n%s\n",
	    roles[sp.role].name, builds[sp.build], nr_name(sp.nr),
	    err_name(sp.err), rr.refused, rr.wstatus, rr.cpu_ticks * 10,
	    rr.out, rr.err, rr.marker, rr.report, v.len ? v.text : "all held");
	return v.len ? 1 : 0;
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_role_passes_with_nothing_refused),
		cmocka_unit_test(refusals_as_pid1),
		cmocka_unit_test(refusals_as_pid1_with_options),
		cmocka_unit_test(refusals_as_subreaper),
		cmocka_unit_test(refusals_as_subreaper_with_options),
		cmocka_unit_test(refusals_as_system_init_in_a_namespace),
		cmocka_unit_test(refusals_with_pause_as_pid1),
		cmocka_unit_test(refusals_with_pause_not_pid1),
	};
	ssize_t n = readlink("/proc/self/exe", self_exe, sizeof self_exe - 1);

	if (n <= 0)
		return 2;
	self_exe[n] = '\0';
	if (argc == 4 && strcmp(argv[1], "--trace") == 0)
		return one(argv + 2, 1);
	if (argc == 6 && strcmp(argv[1], "--one") == 0)
		return one(argv + 2, 0);
	return cmocka_run_group_tests_name("refusals", tests, setup, NULL);
}
