/* Catching and forwarding signals. */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "reap.h"
#include "signals.h"

/* Shared with the handler. Counts, not flags: real-time signals queue,
 * and each one sent must be forwarded once. */
static volatile sig_atomic_t pending[SEXTON_NSIG];
static volatile sig_atomic_t any_pending;
static volatile sig_atomic_t self_pid;
static volatile sig_atomic_t in_child;

static void on_signal(int sig, siginfo_t *si, void *uc)
{
	int saved_errno = errno;

	(void)uc;
	if (in_child) {
		/* Between fork and exec the child still has this handler.
		 * exec would give the signal its default action: give it
		 * that now, by sending it again with SIG_DFL in place. */
		struct sigaction dfl;

		memset(&dfl, 0, sizeof dfl);
		dfl.sa_handler = SIG_DFL;
		sigaction(sig, &dfl, NULL);
		kill(getpid(), sig);
	} else if (sig == SIGCHLD && si->si_code > 0) {
		reap_all();
	} else if (si->si_code != SI_USER || si->si_pid != self_pid) {
		if (sig == SIGCHLD)
			reap_all();
		pending[sig]++;
		any_pending = 1;
	}
	errno = saved_errno;
}

static int catchable(int sig)
{
	if (sig >= 32)
		return sig >= SIGRTMIN && sig <= SIGRTMAX;
	return sig != SIGKILL && sig != SIGSTOP && !sig_is_fault(sig);
}

void signals_catch(struct sigsave *saved, pid_t self)
{
	struct sigaction sa, old;
	sigset_t all;

	self_pid = self;
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &saved->mask);
	sigemptyset(&saved->ignored);
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_signal;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigfillset(&sa.sa_mask);
	for (int sig = 1; sig < SEXTON_NSIG; sig++) {
		if (!catchable(sig) || sigaction(sig, &sa, &old) < 0)
			continue;
		if (old.sa_handler == SIG_IGN)
			sigaddset(&saved->ignored, sig);
	}
}

void signals_restore(const struct sigsave *saved)
{
	struct sigaction ign;

	in_child = 1;
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	for (int sig = 1; sig < SEXTON_NSIG; sig++)
		if (sigismember(&saved->ignored, sig) == 1)
			sigaction(sig, &ign, NULL);
	sigprocmask(SIG_SETMASK, &saved->mask, NULL);
}

void signals_wait(long long timeout_ms)
{
	struct timespec ts, *tp = NULL;
	sigset_t none;

	if (any_pending)
		return;
	if (timeout_ms >= 0) {
		ts.tv_sec = (time_t)(timeout_ms / 1000);
		ts.tv_nsec = (long)(timeout_ms % 1000) * 1000000L;
		tp = &ts;
	}
	sigemptyset(&none);
	/* No descriptors: ppoll is sigsuspend with a timeout. */
	ppoll(NULL, 0, tp, &none);
}

int signals_next(void)
{
	if (!any_pending)
		return 0;
	for (int sig = 1; sig < SEXTON_NSIG; sig++) {
		if (pending[sig] > 0) {
			pending[sig]--;
			return sig;
		}
	}
	any_pending = 0;
	return 0;
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
