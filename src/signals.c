/* Catching and forwarding signals.
 *
 * Every signal stays blocked. SIGCHLD alone has a handler, which reaps,
 * and is let through only while sexton waits; the others are read from
 * a signalfd. So nothing runs at an unknown point, one system call
 * sets up what would take one per signal, and real-time signals are
 * read one queued instance at a time. */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "reap.h"
#include "signals.h"
#include "signame.h"

/* Shared with the handler. */
static volatile sig_atomic_t self_pid;
static volatile sig_atomic_t chld_sent;	/* SIGCHLDs a process sent */
static volatile sig_atomic_t chld_any;	/* any SIGCHLD since last asked */

static struct {
	int fd;			/* the signalfd */
	int readable;		/* the last wait found it readable */
	ksigset waiting;	/* the mask while waiting */
	struct signalfd_siginfo buf[8];
	unsigned n, at;		/* read into buf, and handled */
} st;	/* zeroed, so in .bss rather than the binary */

static void on_sigchld(int sig, siginfo_t *si, void *uc)
{
	int saved_errno = errno;

	(void)sig;
	(void)uc;
	reap_all();
	chld_any = 1;
	/* The kernel's own have a positive code; a process's are
	 * forwarded, unless sexton sent it to itself. */
	if (si->si_code <= 0 && si->si_pid != self_pid)
		chld_sent++;
	errno = saved_errno;
}

/* The raw system calls: libc's wrappers would leave out its own. */
static void set_mask(const ksigset *set, ksigset *old)
{
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, set, old, sizeof *set);
}

int signals_catch(struct sigsave *saved, pid_t self, int stops)
{
	struct sigaction sa, old;
	ksigset all = ~0ULL, read = ~KSIG(SIGCHLD);

	self_pid = self;
	set_mask(&all, &saved->mask);
	/* Faults too: one sent by kill() is forwarded, and one the CPU
	 * raises is forced through the block to its default action. */
	st.fd = (int)syscall(SYS_signalfd4, -1, &read, sizeof read,
	    SFD_NONBLOCK | SFD_CLOEXEC);
	if (st.fd < 0)
		return -1;
	st.waiting = read;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_sigchld;
	sa.sa_flags = SA_SIGINFO | SA_RESTART | (stops ? 0 : SA_NOCLDSTOP);
	sigfillset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, &old);
	saved->chld_ignored = old.sa_handler == SIG_IGN;
	return 0;
}

void signals_restore(const struct sigsave *saved)
{
	struct sigaction sa;

	/* Before unblocking: sexton's handler must never run here. */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = saved->chld_ignored ? SIG_IGN : SIG_DFL;
	sigaction(SIGCHLD, &sa, NULL);
	set_mask(&saved->mask, NULL);
}

void signals_wait(long long timeout_ms)
{
	struct pollfd p = { .fd = st.fd, .events = POLLIN };
	struct timespec ts, *tp = NULL;

	if (chld_sent > 0 || st.readable || st.at < st.n)
		return;
	if (timeout_ms >= 0) {
		ts.tv_sec = (time_t)(timeout_ms / 1000);
		ts.tv_nsec = (long)(timeout_ms % 1000) * 1000000L;
		tp = &ts;
	}
	/* Interrupted by SIGCHLD, it fills in no revents: a signal that
	 * is waiting too makes the next wait return at once. */
	if (syscall(SYS_ppoll, &p, 1, tp, &st.waiting, sizeof st.waiting) > 0 &&
	    (p.revents & POLLIN))
		st.readable = 1;
}

/* Reads what is queued; a read that does not fill the buffer has
 * emptied the queue, so no read is made only to learn that. */
static int refill(void)
{
	ssize_t r;

	if (!st.readable)
		return 0;
	r = read(st.fd, st.buf, sizeof st.buf);
	if (r <= 0) {
		st.readable = 0;
		return 0;
	}
	st.n = (unsigned)((size_t)r / sizeof st.buf[0]);
	st.at = 0;
	if ((size_t)r < sizeof st.buf)
		st.readable = 0;
	return 1;
}

int signals_chld_seen(void)
{
	int seen = chld_any;

	chld_any = 0;
	return seen;
}

int signals_next(void)
{
	if (chld_sent > 0) {
		chld_sent--;
		return SIGCHLD;
	}
	for (;;) {
		const struct signalfd_siginfo *si;

		if (st.at == st.n && !refill())
			return 0;
		si = &st.buf[st.at++];
		/* A signal sexton caused itself, such as SIGPIPE from a
		 * write to a closed stderr, is not the child's business. */
		if (si->ssi_code == SI_USER && (pid_t)si->ssi_pid == self_pid)
			continue;
		return (int)si->ssi_signo;
	}
}

void signals_forward(int sig, pid_t child, enum target target)
{
	if (target == TARGET_ALL) {
		kill(-1, sig);
		return;
	}
	/* The group may be gone, or the child may have left it. */
	if (target == TARGET_CHILD || kill(-child, sig) < 0)
		kill(child, sig);
}
