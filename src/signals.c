/* Catching and forwarding signals.
 *
 * Every signal from 1 to 64 stays blocked, and all of them, SIGCHLD
 * included, are read from one signalfd. No handler runs at an unknown
 * point; an idle sexton sleeps in one blocking read(), and a forwarded
 * signal costs that read and the kill(). Real-time signals are read one
 * queued instance at a time. */
#include <poll.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "reap.h"
#include "signals.h"
#include "sys.h"

/* The kernel's struct sigaction, for rt_sigaction(2) itself: sexton
 * only sets SIG_DFL or SIG_IGN, which need no restorer. The kernel
 * reads every member. */
struct ksigaction {
	unsigned long handler;
	unsigned long flags;	// cppcheck-suppress unusedStructMember
	unsigned long restorer;	// cppcheck-suppress unusedStructMember
	ksigset mask;
};

static struct {
	int fd;			/* the signalfd */
	pid_t self;
	int more;		/* the last read filled buf: more may wait */
	int chld;		/* a SIGCHLD came since signals_chld_seen() */
	struct signalfd_siginfo buf[8];
	unsigned n, at;		/* read into buf, and handled */
} st;	/* zeroed, so in .bss rather than the binary */

/* The raw system calls: libc's wrappers would leave out its own. */
static void set_mask(const ksigset *set, ksigset *old)
{
	sys_call(SYS_rt_sigprocmask, SIG_SETMASK, (long)set, (long)old,
	    sizeof *set, 0, 0);
}

static void set_chld(unsigned long handler, unsigned long flags,
    struct ksigaction *old)
{
	struct ksigaction sa = { handler, flags, 0, 0 };

	sys_call(SYS_rt_sigaction, SIGCHLD, (long)&sa, (long)old,
	    sizeof sa.mask, 0, 0);
}

int signals_catch(struct sigsave *saved, pid_t self)
{
	struct ksigaction old;
	ksigset all = ~0ULL;

	st.self = self;
	set_mask(&all, &saved->mask);
	/* Faults too: one sent by kill() is forwarded, and one the CPU
	 * raises is forced through the block to its default action. */
	st.fd = (int)sys_call(SYS_signalfd4, -1, (long)&all, sizeof all,
	    SFD_CLOEXEC, 0, 0);
	if (st.fd < 0)
		return -1;
	/* An ignored SIGCHLD would have the kernel reap for sexton and
	 * lose the command's status. A child's stop raises one too: job
	 * control waits for the command's. */
	set_chld((unsigned long)SIG_DFL, 0, &old);
	saved->chld_ignored = old.handler == (unsigned long)SIG_IGN;
	return st.fd;
}

void signals_restore(const struct sigsave *saved)
{
	set_chld((unsigned long)(saved->chld_ignored ? SIG_IGN : SIG_DFL), 0,
	    NULL);
	set_mask(&saved->mask, NULL);
}

static void take(ssize_t r)
{
	st.n = r > 0 ? (unsigned)((size_t)r / sizeof st.buf[0]) : 0;
	st.at = 0;
	st.more = st.n == sizeof st.buf / sizeof st.buf[0];
}

/* 1 if a signal arrives within timeout_ms (0: is one queued?). */
static int ready(int timeout_ms)
{
	struct pollfd p = { .fd = st.fd, .events = POLLIN };

	return poll(&p, 1, timeout_ms) > 0;
}

/* Polls the signalfd and up to SIGNALS_MAX_FDS more: 1 if a signal
 * came within timeout_ms (-1: no limit). */
static int ready_or(long long timeout_ms, const int *fds, int nfds)
{
	struct pollfd p[1 + SIGNALS_MAX_FDS];

	if (nfds > SIGNALS_MAX_FDS)
		nfds = SIGNALS_MAX_FDS;
	p[0] = (struct pollfd){ .fd = st.fd, .events = POLLIN };
	for (int i = 0; i < nfds; i++)
		p[i + 1] = (struct pollfd){ .fd = fds[i], .events = POLLIN };
	return poll(p, (nfds_t)nfds + 1, timeout_ms > 1 << 30 ? 1 << 30 :
	    (int)timeout_ms) > 0 && p[0].revents != 0;
}

void signals_wait(long long timeout_ms, const int *fds, int nfds)
{
	if (st.at < st.n || st.more)
		return;
	/* For ever: the read itself is the wait. One record: asked for
	 * more, the kernel would look for a second signal, and a signal's
	 * round trip would pay for that look. */
	if (timeout_ms < 0 && nfds == 0) {
		take(sys_read(st.fd, st.buf, sizeof st.buf[0]));
		return;
	}
	if (ready_or(timeout_ms, fds, nfds))
		st.more = 1;
}

/* Reads what is queued, if anything may be: after a read that filled
 * the buffer, a poll says whether the blocking read would return. */
static int refill(void)
{
	if (!st.more)
		return 0;
	st.more = 0;
	if (!ready(0))
		return 0;
	take(sys_read(st.fd, st.buf, sizeof st.buf));
	return st.n > 0;
}

int signals_pending(void)
{
	return st.at < st.n || ready(0);
}

int signals_chld_seen(void)
{
	int seen = st.chld;

	st.chld = 0;
	return seen;
}

int signals_next(int *from_kernel)
{
	for (;;) {
		const struct signalfd_siginfo *si;

		if (st.at == st.n && !refill())
			return 0;
		si = &st.buf[st.at++];
		/* One SIGCHLD may stand for many exits: reap them all. The
		 * kernel's own have a positive code; one a process sent is
		 * forwarded. */
		if (si->ssi_signo == SIGCHLD) {
			reap_all();
			st.chld = 1;
			if (si->ssi_code > 0)
				continue;
		}
		/* A signal sexton caused itself, such as SIGPIPE from a
		 * write to a closed stderr, is not the child's business. */
		if (si->ssi_code == SI_USER && (pid_t)si->ssi_pid == st.self)
			continue;
		*from_kernel = si->ssi_code == SI_KERNEL;
		return (int)si->ssi_signo;
	}
}

void signals_forward(int sig, pid_t child, enum target target)
{
	if (target == TARGET_ALL) {
		sys_kill(-1, sig);
		return;
	}
	/* The group may be gone, or the child may have left it. */
	if (target == TARGET_CHILD || sys_kill(-child, sig) < 0)
		sys_kill(child, sig);
}
