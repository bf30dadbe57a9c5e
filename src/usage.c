/* --help and --version. */
#include <unistd.h>

#include "usage.h"

static const char help[] =
"Usage: sexton [OPTION]... [--] COMMAND [ARG]...\n"
"       sexton --pause [OPTION]...\n"
"Run COMMAND as a child, reap every zombie, forward signals, and exit with\n"
"COMMAND's status (128+N if a signal N killed it).\n"
"\n"
"Signals go to:\n"
"  -g, --pgroup            COMMAND's process group (the default)\n"
"  -c, --single-child      COMMAND alone\n"
"  -a, --all               every process (kill -1); only as PID 1\n"
"  -r, --rewrite FROM:TO   forward signal FROM as TO; TO 0 or none drops it\n"
"                          (names or numbers: TERM, SIGTERM, 15, RTMIN+3)\n"
"Ending:\n"
"  -t, --grace DURATION    after COMMAND ends, TERM what is left and wait\n"
"                          this long before KILL (default 5s; 0: no wait)\n"
"  -e, --remap-exit CODE   exit 0 when COMMAND exits CODE (repeatable)\n"
"  -p, --pdeathsig SIG     receive SIG when sexton's parent dies\n"
"  -P, --pause             run no command: reap; exit 0 on TERM or INT\n"
"      --system            act as the machine's init even if not detected\n"
"      --on-exit=ACTION    as the machine's init, at the end: poweroff\n"
"                          (default), reboot or halt\n"
"Reaping:\n"
"  -s, --subreaper         reap orphans when not PID 1 (automatic)\n"
"  -w, --warn-reap         log each orphan reaped, and how it ended\n"
"      --watch-zombies=N[,INTERVAL]\n"
"                          each INTERVAL (default 10s), log every live parent\n"
"                          holding N or more zombies in two scans in a row\n"
"      --zombie-action=SIG and send it SIG\n"
"Messages:\n"
"  -v, --verbose           more messages (repeat for more)\n"
"  -q, --quiet             errors only\n"
"  -h, --help              this help\n"
"  -V, --version           the version\n"
"\n"
"Environment (flags win): SEXTON_VERBOSE=N, SEXTON_SUBREAPER=0|1,\n"
"SEXTON_SIGNAL_TARGET=pgroup|child|all, SEXTON_GRACE=DURATION,\n"
"SEXTON_WATCH_ZOMBIES=N[,INTERVAL]; also\n"
"TINI_SUBREAPER, TINI_KILL_PROCESS_GROUP, TINI_VERBOSITY=N and\n"
"DUMB_INIT_SETSID=0.\n"
"\n"
"Exit status: COMMAND's; 126 or 127 if it cannot be run; 125 for\n"
"sexton's own errors.\n";

static const char version[] = "sexton " SEXTON_VERSION "\n";

int usage_print(enum action action)
{
	const char *s = action == ACTION_HELP ? help : version;
	size_t n = action == ACTION_HELP ? sizeof help - 1 : sizeof version - 1;

	return write(STDOUT_FILENO, s, n) == (ssize_t)n ? 0 : 1;
}
