/* --help and --version. */
#include <unistd.h>

#include "usage.h"

/* Short: every option by name; the man page has the details. */
static const char help[] =
"Usage: sexton [OPTION]... [--] COMMAND [ARG]...  or  sexton --pause\n"
"Reap zombies, forward signals, exit as COMMAND did (128+N: signal N).\n"
"-g --pgroup, -c --single-child, -a --all: whom signals go to\n"
"-r --rewrite=FROM:TO: forward FROM as TO (none: drop)\n"
"-t --grace=TIME: TERM the rest, KILL after TIME (5s)\n"
"-e --remap-exit=CODE: exit 0 on CODE\n"
"-p --pdeathsig=SIG: SIG when the parent dies\n"
"-P --pause: no COMMAND\n"
"-s --subreaper: reap when not PID 1 (default)\n"
"-w --warn-reap: log each orphan reaped\n"
"--system, --on-exit=poweroff|reboot|halt: as the machine's init\n"
"--watch-zombies=N[,TIME], --zombie-action=SIG: zombie holders\n"
"--stop-delay=TIME: hold the first TERM or INT\n"
"--orphans=reap|term|kill[,AGE]: for adopted orphans\n"
"--report=FILE: the account at exit\n"
"--termination-log=FILE: where an OOM kill is told\n"
"-v --verbose, -q --quiet, -h --help, -V --version\n"
"Environment: SEXTON_GRACE, SEXTON_WATCH_ZOMBIES, SEXTON_STOP_DELAY,\n"
"SEXTON_ORPHANS, SEXTON_REPORT, SEXTON_TERMINATION_LOG, SEXTON_VERBOSE,\n"
"SEXTON_SUBREAPER=0|1, SEXTON_SIGNAL_TARGET=pgroup|child|all;\n"
"TINI_SUBREAPER, TINI_VERBOSITY, TINI_KILL_PROCESS_GROUP, DUMB_INIT_SETSID.\n";

/* The build's commit, from the Makefile. */
#ifndef SEXTON_COMMIT
#define SEXTON_COMMIT "unknown"
#endif

/* The form Docker's daemon reads for "init version" in docker info,
 * which takes the part after " - git." for the commit. */
static const char version[] = "sexton version " SEXTON_VERSION
    " - git." SEXTON_COMMIT "\n";

int usage_print(enum action action)
{
	const char *s = action == ACTION_HELP ? help : version;
	size_t n = action == ACTION_HELP ? sizeof help - 1 : sizeof version - 1;

	return write(STDOUT_FILENO, s, n) == (ssize_t)n ? 0 : 1;
}
