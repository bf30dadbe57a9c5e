/* --help and --version. */
#include <unistd.h>

#include "usage.h"

/* Short: every option by name; the man page has the details. */
static const char help[] =
"Usage: sexton [OPTION]... [--] COMMAND [ARG]...  or  sexton --pause\n"
"Run COMMAND, reap every zombie, forward signals, exit with COMMAND's\n"
"status (128+N for signal N; 126/127: cannot run; 125: bad usage).\n"
"  -g, --pgroup            signals to COMMAND's group (default)\n"
"  -c, --single-child      signals to COMMAND alone\n"
"  -a, --all               signals to every process (as PID 1)\n"
"  -r, --rewrite FROM:TO   forward FROM as TO; TO none drops it\n"
"  -t, --grace DURATION    TERM what is left, KILL after (5s; 0: none)\n"
"  -e, --remap-exit CODE   exit 0 when COMMAND exits CODE\n"
"  -p, --pdeathsig SIG     get SIG when the parent dies\n"
"  -P, --pause             no COMMAND; exit 0 on TERM or INT\n"
"      --system            act as the machine's init\n"
"      --on-exit=ACTION    poweroff, reboot or halt\n"
"  -s, --subreaper         reap orphans when not PID 1 (default)\n"
"  -w, --warn-reap         log each orphan reaped\n"
"      --watch-zombies=N[,INTERVAL]  log parents holding N zombies\n"
"      --zombie-action=SIG and send them SIG\n"
"  -v, --verbose, -q, --quiet, -h, --help, -V, --version\n"
"Environment: SEXTON_VERBOSE, SEXTON_SUBREAPER=0|1, SEXTON_GRACE,\n"
"SEXTON_SIGNAL_TARGET=pgroup|child|all, SEXTON_WATCH_ZOMBIES, and\n"
"TINI_SUBREAPER, TINI_KILL_PROCESS_GROUP, TINI_VERBOSITY, DUMB_INIT_SETSID.\n";

static const char version[] = "sexton " SEXTON_VERSION "\n";

int usage_print(enum action action)
{
	const char *s = action == ACTION_HELP ? help : version;
	size_t n = action == ACTION_HELP ? sizeof help - 1 : sizeof version - 1;

	return write(STDOUT_FILENO, s, n) == (ssize_t)n ? 0 : 1;
}
