/* The sentinel, an outsider that records its signals; sentinel.h says
 * how. */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sentinel.h"

void mask_all(int block)
{
	uint64_t set = block ? ~0ULL : 0;

	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &set, NULL, sizeof set);
}

_Noreturn void sentinel(int ready, int fd)
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
		struct sentinel_rec rec;

		if (read(sfd, &si, sizeof si) != sizeof si) {
			if (errno == EINTR)
				continue;
			_exit(1);
		}
		rec.sig = (int)si.ssi_signo;
		rec.pid = (int)si.ssi_pid;
		rec.code = si.ssi_code;
		(void)!write(fd, &rec, sizeof rec);
	}
}
