/* The signalfd. Every signal from 1 to 64 stays blocked, and all of
 * them, SIGCHLD included, are read from one signalfd: an idle sexton
 * sleeps in one blocking read(), and a forwarded signal costs that read
 * and the kill(). Real-time signals are read one queued instance at a
 * time. */
#include <errno.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "signals.h"
#include "sys.h"

static struct {
	int fd;			/* the signalfd */
	pid_t self;
	int more;		/* the last read filled buf: more may wait */
	struct signalfd_siginfo buf[8];
	unsigned n, at;		/* read into buf, and handled */
} st;	/* zeroed, so in .bss rather than the binary */

int signals_catch(struct sigsave *saved, pid_t self)
{
	unsigned long old;
	ksigset all = ~0ULL;

	st.self = self;
	if (sys_sigmask(&all, &saved->mask) < 0)
		return -1;
	/* Faults too: one sent by kill() is forwarded, and one the CPU
	 * raises is forced through the block to its default action. */
	st.fd = sys_signalfd(&all);
	if (st.fd < 0)
		return -1;
	/* An ignored SIGCHLD would have the kernel reap for sexton and
	 * lose the command's status. A child's stop raises one too: job
	 * control waits for the command's. */
	if (sys_sigaction(SIGCHLD, (unsigned long)SIG_DFL, &old) < 0)
		return -1;
	saved->chld_ignored = old == (unsigned long)SIG_IGN;
	return st.fd;
}

int signals_restore(const struct sigsave *saved)
{
	unsigned long old;

	if (sys_sigaction(SIGCHLD, (unsigned long)(saved->chld_ignored ?
	    SIG_IGN : SIG_DFL), &old) < 0)
		return -1;
	return sys_sigmask(&saved->mask, NULL);
}

static void take(ssize_t r)
{
	st.n = r > 0 ? (unsigned)((size_t)r / sizeof st.buf[0]) : 0;
	st.at = 0;
	st.more = st.n == sizeof st.buf / sizeof st.buf[0];
}

/* 1 if a signal arrives within timeout_ms (0: is one queued?). */
static int ready(long long timeout_ms)
{
	struct pollfd p = { .fd = st.fd, .events = POLLIN };

	return sys_poll(&p, 1, timeout_ms > 1 << 30 ? 1 << 30 :
	    (int)timeout_ms) > 0;
}

void signals_wait(long long timeout_ms)
{
	if (st.at < st.n || st.more)
		return;
	/* For ever: the read itself is the wait. One record: asked for
	 * more, the kernel would look for a second signal, and a signal's
	 * round trip would pay for that look. */
	if (timeout_ms < 0) {
		take(sys_read(st.fd, st.buf, sizeof st.buf[0]));
		return;
	}
	if (ready(timeout_ms))
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

int signals_next(int *kernel)
{
	for (;;) {
		const struct signalfd_siginfo *si;

		if (st.at == st.n && !refill())
			return 0;
		si = &st.buf[st.at++];
		/* A signal sexton caused itself, such as SIGPIPE from a
		 * write to a closed stderr, is not the child's business. */
		if (si->ssi_code == SI_USER && (pid_t)si->ssi_pid == st.self)
			continue;
		*kernel = si->ssi_code > 0;
		return (int)si->ssi_signo;
	}
}
