/* The command line and environment, and --help and --version. Flags
 * win over SEXTON_*, which win over the peers' variables. Parsing stops
 * at the first non-option, as with getopt's "+", so that the command's
 * own flags stay its own. Longer than the other files, as one parser:
 * flags and variables go through the same argument parsers to the same
 * one-line error, which split files would have to share through a
 * header of internals. */
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "options.h"
#include "str.h"

#define UNSET (-1)

enum { OPT_SYSTEM = 1, OPT_ON_EXIT, OPT_WATCH, OPT_ACTION, OPT_DELAY,
	OPT_ORPHANS, OPT_REPORT, OPT_TERMLOG };

/* Each option: its id (the short option's letter, or one of the above),
 * '=' if it takes an argument or '-' if not, then its long name. One
 * string, which costs the static binary less than a table. */
static const char opts[] =
	"g-pgroup\0" "c-single-child\0" "a-all\0" "r=rewrite\0"
	"e=remap-exit\0" "s-subreaper\0" "p=pdeathsig\0" "w-warn-reap\0"
	"v-verbose\0" "q-quiet\0" "P-pause\0" "t=grace\0" "h-help\0"
	"V-version\0" "\1-system\0" "\2=on-exit\0" "\3=watch-zombies\0"
	"\4=zombie-action\0" "\5=stop-delay\0" "\6=orphans\0" "\7=report\0"
	"\10=termination-log\0";
_Static_assert(OPT_TERMLOG == 8, "the ids in opts");

/* An entry of opts: o[0] its id, o[1] '=' if it takes an argument. */
#define OPT_NAME(o) ((o) + 2)
#define OPT_HAS_ARG(o) ((o)[1] == '=')

struct parser {
	struct config *c;
	char *err;
	unsigned errlen;
	int verbosity;		/* as the flags say, or UNSET */
};

/* The message quotes what the user gave, which may hold anything: a
 * control character becomes '?', so the error stays one line. */
static int fail(struct parser *p, const char *f, const char *a,
    const char *b)
{
	fmt(p->err, p->errlen, f, a, b);
	fmt_clean(p->err);
	return -1;
}

static int parse_rewrite(struct parser *p, const char *arg, const char *as)
{
	char from[24];
	const char *colon = str_chr(arg, ':');
	size_t n = colon != NULL ? (size_t)(colon - arg) : 0;
	int f, t;

	if (colon == NULL || n == 0 || n >= sizeof from ||
	    str_chr(colon + 1, ':') != NULL)
		return fail(p, "%s '%s' is not FROM:TO", as, arg);
	memcpy(from, arg, n);
	from[n] = '\0';
	f = sig_parse(from);
	if (f < 0)
		return fail(p, "%s '%s': bad signal FROM", as, arg);
	if (f == SIGKILL || f == SIGSTOP)
		return fail(p, "%s '%s': KILL and STOP cannot be caught", as,
		    arg);
	if (str_eq(colon + 1, "0") || str_eq(colon + 1, "none"))
		t = 0;
	else if ((t = sig_parse(colon + 1)) < 0)
		return fail(p, "%s '%s': bad signal TO", as, arg);
	rewrite_set(&p->c->rewrite, f, t);
	return 0;
}

static int parse_watch(struct parser *p, const char *arg, const char *as)
{
	char n[12];
	const char *comma = str_chr(arg, ',');
	size_t len = comma != NULL ? (size_t)(comma - arg) : str_len(arg);
	long long count;

	if (len >= sizeof n)
		return fail(p, "%s '%s' is not N[,INTERVAL]", as, arg);
	memcpy(n, arg, len);
	n[len] = '\0';
	count = parse_number(n, 1000000);
	if (count < 1)
		return fail(p, "%s '%s': N must be 1 to 1000000", as, arg);
	p->c->watch_zombies = (int)count;
	p->c->watch_interval_ms = DEFAULT_WATCH_MS;
	if (comma != NULL && (duration_parse(comma + 1,
	    &p->c->watch_interval_ms) < 0 || p->c->watch_interval_ms == 0))
		return fail(p, "%s '%s': bad INTERVAL", as, arg);
	return 0;
}

/* The place of the first len bytes of s in a list of words, each
 * ended by a NUL, the list by an empty one; -1 if not there. */
static int word(const char *s, size_t len, const char *list)
{
	for (int i = 0; *list != '\0'; i++, list += str_len(list) + 1)
		if (str_same(s, list, len) && list[len] == '\0')
			return i;
	return -1;
}

static int parse_target(struct parser *p, const char *arg, const char *as)
{
	int i = word(arg, str_len(arg), "pgroup\0child\0all\0");

	if (i < 0)
		return fail(p, "%s '%s' is not pgroup, child or all", as, arg);
	p->c->target = (enum target)i;
	return 0;
}

static int parse_on_exit(struct parser *p, const char *arg, const char *as)
{
	int i = word(arg, str_len(arg), "poweroff\0reboot\0halt\0");

	if (i < 0)
		return fail(p, "%s '%s' is not poweroff, reboot or halt", as,
		    arg);
	p->c->on_exit = (enum onexit)i;
	return 0;
}

static int parse_signal(struct parser *p, int *out, const char *arg,
    const char *as)
{
	*out = sig_parse(arg);
	if (*out < 0)
		return fail(p, "%s: bad signal '%s'", as, arg);
	return 0;
}

static int parse_duration(struct parser *p, long long *ms, const char *arg,
    const char *as)
{
	if (duration_parse(arg, ms) < 0)
		return fail(p, "%s: bad duration '%s' (say 500ms, 3s or 1m)",
		    as, arg);
	return 0;
}

/* reap, term or kill, then an optional ",AGE". */
static int parse_orphans(struct parser *p, const char *arg, const char *as)
{
	const char *comma = str_chr(arg, ',');
	int i = word(arg, comma != NULL ? (size_t)(comma - arg) : str_len(arg),
	    "reap\0term\0kill\0");

	p->c->orphan_age_ms = 0;
	if (i < 0 || (comma != NULL && (i == 0 ||
	    duration_parse(comma + 1, &p->c->orphan_age_ms) < 0)))
		return fail(p, "%s '%s' is not reap, or term or kill[,AGE]", as,
		    arg);
	p->c->orphan_sig = i == 0 ? 0 : i == 1 ? SIGTERM : SIGKILL;
	return 0;
}

/* A file to write: any path but an empty one. */
static int parse_file(struct parser *p, const char **out, const char *arg,
    const char *as)
{
	*out = arg;
	return *arg == '\0' ? fail(p, "%s needs a file name", as, NULL) : 0;
}

/* An option that takes an argument; as names it in messages. */
static int apply_arg(struct parser *p, int id, const char *arg,
    const char *as)
{
	long long code;

	switch (id) {
	case 'r':
		return parse_rewrite(p, arg, as);
	case 'e':
		if ((code = parse_number(arg, 255)) < 0)
			return fail(p, "%s: bad exit code '%s' (0 to 255)", as,
			    arg);
		exitmap_add(&p->c->remap, (int)code);
		return 0;
	case 'p':
		if (parse_signal(p, &p->c->pdeathsig, arg, as) < 0)
			return -1;
		if (p->c->pdeathsig == SIGKILL || p->c->pdeathsig == SIGSTOP)
			return fail(p, "%s '%s': KILL and STOP cannot be caught",
			    as, arg);
		return 0;
	case 't':
		return parse_duration(p, &p->c->grace_ms, arg, as);
	case OPT_ON_EXIT:
		return parse_on_exit(p, arg, as);
	case OPT_WATCH:
		return parse_watch(p, arg, as);
	case OPT_DELAY:
		return parse_duration(p, &p->c->stop_delay_ms, arg, as);
	case OPT_ORPHANS:
		return parse_orphans(p, arg, as);
	case OPT_REPORT:
		return parse_file(p, &p->c->report, arg, as);
	case OPT_TERMLOG:
		return parse_file(p, &p->c->termlog, arg, as);
	default:
		return parse_signal(p, &p->c->zombie_action, arg, as);
	}
}

static void apply_flag(struct parser *p, int id)
{
	struct config *c = p->c;

	switch (id) {
	case 'g': c->target = TARGET_PGROUP; break;
	case 'c': c->target = TARGET_CHILD; break;
	case 'a': c->target = TARGET_ALL; break;
	case 's': c->subreaper = 1; break;
	case 'w': c->warn_reap = 1; break;
	case 'v': p->verbosity = (p->verbosity == UNSET ? 1 : p->verbosity) +
		    1;
		break;
	case 'q': p->verbosity = 0; break;
	case 'P': c->pause = 1; break;
	case 'h': c->action = ACTION_HELP; break;
	case 'V': c->action = ACTION_VERSION; break;
	default: c->system = 1; break;
	}
}

/* The entry of opts with the short option ch, or with the long name
 * of len bytes at name if ch is 0; NULL if none. */
static const char *find_opt(char ch, const char *name, size_t len)
{
	for (const char *o = opts; *o != '\0'; o += str_len(o) + 1)
		if (ch != 0 ? o[0] == ch : str_same(OPT_NAME(o), name, len) &&
		    OPT_NAME(o)[len] == '\0')
			return o;
	return NULL;
}

/* Applies option o, which as names, with its argument, if it takes
 * one: arg, the rest of the same word, or else next, the next word.
 * Returns how many argv words it used, or -1. */
static int take(struct parser *p, const char *o, const char *as,
    const char *arg, const char *next)
{
	if (!OPT_HAS_ARG(o)) {
		apply_flag(p, o[0]);
		return 1;
	}
	if (arg == NULL && next == NULL)
		return fail(p, "option '%s' needs an argument", as, NULL);
	return apply_arg(p, o[0], arg != NULL ? arg : next, as) < 0 ? -1 :
	    arg != NULL ? 1 : 2;
}

/* "--name", "--name=value" or "--name value". Returns how many argv
 * words it used, or -1. */
static int parse_long(struct parser *p, char **argv)
{
	const char *name = argv[0] + 2, *eq = str_chr(name, '=');
	size_t len = eq != NULL ? (size_t)(eq - name) : str_len(name);
	const char *o = find_opt(0, name, len);
	char as[32];

	if (o == NULL)
		return fail(p, "unknown option '%s'", argv[0], NULL);
	fmt(as, sizeof as, "--%s", OPT_NAME(o));
	if (!OPT_HAS_ARG(o) && eq != NULL)
		return fail(p, "option '%s' takes no argument", as, NULL);
	return take(p, o, as, eq != NULL ? eq + 1 : NULL, argv[1]);
}

/* "-vw", "-e143" or "-e 143". Returns argv words used, or -1. */
static int parse_short(struct parser *p, char **argv)
{
	for (const char *s = argv[0] + 1; *s != '\0'; s++) {
		const char *o = find_opt(*s, "", 0);
		char as[3] = { '-', *s, '\0' };

		if (o == NULL || o[0] < ' ')
			return fail(p, "unknown option '%s'", as, NULL);
		if (OPT_HAS_ARG(o))
			return take(p, o, as, s[1] != '\0' ? s + 1 : NULL,
			    argv[1]);
		apply_flag(p, o[0]);
	}
	return 1;
}

/* The variables sexton reads, found in one pass over the environment:
 * a pod's environment may hold hundreds of others. The names are in
 * runs by their first letter: SEXTON_*, TINI_*, DUMB_INIT_*, PATH. */
enum { V_VERBOSE, V_SUBREAPER, V_TARGET, V_GRACE, V_WATCH, V_DELAY,
	V_ORPHANS, V_REPORT, V_TERMLOG, V_TINI_VERBOSITY, V_TINI_SUBREAPER,
	V_TINI_KILL_PG, V_SETSID, V_PATH, NVARS };
static const char *const var_names[NVARS] = {
	"SEXTON_VERBOSE", "SEXTON_SUBREAPER", "SEXTON_SIGNAL_TARGET",
	"SEXTON_GRACE", "SEXTON_WATCH_ZOMBIES", "SEXTON_STOP_DELAY",
	"SEXTON_ORPHANS", "SEXTON_REPORT", "SEXTON_TERMINATION_LOG",
	"TINI_VERBOSITY", "TINI_SUBREAPER", "TINI_KILL_PROCESS_GROUP",
	"DUMB_INIT_SETSID", "PATH",
};
/* From V_GRACE to V_TERMLOG, a variable takes what its option takes. */
static const char var_opts[V_TINI_VERBOSITY - V_GRACE] = {
	't', OPT_WATCH, OPT_DELAY, OPT_ORPHANS, OPT_REPORT, OPT_TERMLOG,
};

/* sexton's names start with DU, PA, SE or TI: for most of a pod's
 * variables, this is the only look, and every PID 1 pays it for each.
 * The second letter of each, by the first letter's place after D. */
static const char second_letter['T' - 'D' + 1] = {
	['D' - 'D'] = 'U', ['P' - 'D'] = 'A', ['S' - 'D'] = 'E',
	['T' - 'D'] = 'I',
};

static int ours(const char *e)
{
	unsigned d = (unsigned char)e[0] - 'D';

	return d < sizeof second_letter && e[1] == second_letter[d] &&
	    e[1] != '\0';
}

/* e's value if e is "name=value", else NULL. */
static const char *value_of(const char *e, const char *name)
{
	while (*name != '\0' && *e == *name) {
		e++;
		name++;
	}
	return *name == '\0' && *e == '=' ? e + 1 : NULL;
}

/* The first of the names that start with c, and those after it in its
 * run: PATH, which every environment holds, is compared with itself
 * alone. */
static int first_var(char c)
{
	return c == 'S' ? V_VERBOSE : c == 'T' ? V_TINI_VERBOSITY :
	    c == 'D' ? V_SETSID : V_PATH;
}

/* The values found; val[i] holds only where found has bit i, so that
 * nothing is zeroed for the names a pod does not set. */
struct vars {
	unsigned found;
	const char *val[NVARS];
};

static const char *var(const struct vars *v, int i)
{
	return (v->found >> i & 1) != 0 ? v->val[i] : NULL;
}

/* Like getenv: the first definition of a name wins. */
static void env_scan(char **envp, struct vars *v)
{
	v->found = 0;
	if (envp == NULL)
		return;
	for (; *envp != NULL; envp++) {
		const char *e = *envp;

		if (!ours(e))
			continue;
		for (int i = first_var(e[0]); i < NVARS &&
		    var_names[i][0] == e[0]; i++)
			if ((v->found >> i & 1) == 0 &&
			    (v->val[i] = value_of(e, var_names[i])) != NULL)
				v->found |= 1u << i;
	}
}

static int env_verbosity(struct parser *p, const struct vars *v)
{
	int i = var(v, V_VERBOSE) != NULL ? V_VERBOSE : V_TINI_VERBOSITY;
	const char *s = var(v, i);
	long long n;

	p->c->verbosity = 1;
	if (s == NULL)
		return 0;
	if ((n = parse_number(s, 99)) < 0)
		return fail(p, "%s '%s' is not a number", var_names[i], s);
	p->c->verbosity = (int)n;
	return 0;
}

/* On unless SEXTON_SUBREAPER=0; tini's variable acts when merely set,
 * and asks for what is the default anyway. */
static int env_subreaper(struct parser *p, const struct vars *v)
{
	const char *s = var(v, V_SUBREAPER);

	p->c->subreaper = 1;
	if (s == NULL)
		return 0;
	if (!str_eq(s, "0") && !str_eq(s, "1"))
		return fail(p, "SEXTON_SUBREAPER '%s' is not 0 or 1", s, NULL);
	p->c->subreaper = *s == '1';
	return 0;
}

/* tini's TINI_KILL_PROCESS_GROUP acts when merely set, as tini's does,
 * and so outranks dumb-init's DUMB_INIT_SETSID=0. */
static int env_target(struct parser *p, const struct vars *v)
{
	const char *setsid = var(v, V_SETSID);

	if (var(v, V_TARGET) != NULL)
		return parse_target(p, var(v, V_TARGET),
		    "SEXTON_SIGNAL_TARGET");
	p->c->target = var(v, V_TINI_KILL_PG) == NULL && setsid != NULL &&
	    str_eq(setsid, "0") ? TARGET_CHILD : TARGET_PGROUP;
	return 0;
}

/* The variables from V_GRACE to V_TERMLOG, which take what options
 * take. */
#define ARG_VARS ((1u << (V_TERMLOG + 1)) - (1u << V_GRACE))

/* The environment gives the defaults, which the flags then override. */
static int apply_env(struct parser *p, char **envp)
{
	struct vars v;

	env_scan(envp, &v);
	if (env_verbosity(p, &v) < 0 || env_subreaper(p, &v) < 0 ||
	    env_target(p, &v) < 0)
		return -1;
	p->c->path = var(&v, V_PATH);
	for (unsigned m = v.found & ARG_VARS; m != 0; m &= m - 1) {
		int i = __builtin_ctz(m);

		if (apply_arg(p, var_opts[i - V_GRACE], v.val[i],
		    var_names[i]) < 0)
			return -1;
	}
	return 0;
}

/* What no single option says is wrong, but two together, or one in
 * the wrong place. */
static int check(struct parser *p, pid_t self)
{
	const struct config *c = p->c;

	if (c->pause && c->argv != NULL)
		return fail(p, "--pause takes no command", NULL, NULL);
	if (!c->pause && c->argv == NULL)
		return fail(p, "no command to run (or give --pause)", NULL,
		    NULL);
	if (c->target == TARGET_ALL && self != 1)
		return fail(p, "--all needs sexton to be PID 1", NULL, NULL);
	if (c->system && self != 1)
		return fail(p, "--system needs sexton to be PID 1", NULL, NULL);
	if (c->zombie_action != 0 && c->watch_zombies == 0)
		return fail(p, "--zombie-action needs --watch-zombies", NULL,
		    NULL);
	return 0;
}

/* Every variable is read, so that a typo is reported even where a
 * flag overrides it; but --help and --version answer whatever the
 * environment says. */
int options_parse(struct config *c, int argc, char **argv, char **envp,
    pid_t self, char *err, unsigned errlen)
{
	struct parser p;
	int i = 1, env;

	p = (struct parser){ c, err, errlen, UNSET };
	c->grace_ms = DEFAULT_GRACE_MS;
	env = apply_env(&p, envp);
	while (i < argc && argv[i][0] == '-' && argv[i][1] != '\0') {
		if (argv[i][1] == '-' && argv[i][2] == '\0') {
			i++;
			break;
		}
		int used = argv[i][1] == '-' ? parse_long(&p, argv + i) :
		    parse_short(&p, argv + i);
		if (used < 0)
			return -1;
		if (c->action != ACTION_RUN)
			return 0;
		i += used;
	}
	if (env < 0)
		return -1;
	if (p.verbosity != UNSET)
		c->verbosity = p.verbosity;
	c->argv = i < argc ? argv + i : NULL;
	return check(&p, self);
}

/* Short: every option by name; the man page has the details. */
static const char help[] =
"Usage: sexton [OPTION]... [--] COMMAND [ARG]...  or  sexton --pause\n"
"Reap zombies, forward signals, exit as COMMAND did (128+N: signal N).\n"
"-g --pgroup, -c --single-child, -a --all: whom signals go to\n"
"-r --rewrite=FROM:TO: forward FROM as TO (none: drop); as PID 1,\n"
"  the halt requests PWR, RTMIN+3 and RTMIN+4 go as TERM does\n"
"-t --grace=TIME: TERM the rest, KILL after TIME (5s)\n"
"-e --remap-exit=CODE: exit 0 on CODE\n"
"-p --pdeathsig=SIG: SIG when the parent dies\n"
"-P --pause: no COMMAND\n"
"-s --subreaper: reap when not PID 1 (default)\n"
"-w --warn-reap: log each orphan reaped\n"
"--system, --on-exit=poweroff|reboot|halt: as the machine's init\n"
"--watch-zombies=N[,TIME], --zombie-action=SIG: zombie holders\n"
"--stop-delay=TIME: hold the first TERM, INT or halt\n"
"--orphans=reap|term|kill[,AGE]: for adopted orphans\n"
"--report=FILE: the account at exit\n"
"--termination-log=FILE: where an OOM kill is told\n"
"-v --verbose, -q --quiet, -h --help, -V --version\n"
"Environment: SEXTON_GRACE, SEXTON_WATCH_ZOMBIES, SEXTON_STOP_DELAY,\n"
"SEXTON_ORPHANS, SEXTON_REPORT, SEXTON_TERMINATION_LOG, SEXTON_VERBOSE,\n"
"SEXTON_SUBREAPER=0|1, SEXTON_SIGNAL_TARGET=pgroup|child|all;\n"
"TINI_SUBREAPER, TINI_VERBOSITY, TINI_KILL_PROCESS_GROUP, DUMB_INIT_SETSID.\n";

/* The build's version and commit, from the Makefile. */
#ifndef SEXTON_VERSION
#define SEXTON_VERSION "unknown"
#endif
#ifndef SEXTON_COMMIT
#define SEXTON_COMMIT "unknown"
#endif

/* The form Docker's daemon reads for "init version" in docker info,
 * which takes the part after " - git." for the commit. */
static const char version[] = "sexton version " SEXTON_VERSION
    " - git." SEXTON_COMMIT "\n";

int options_print(enum action action)
{
	const char *s = action == ACTION_HELP ? help : version;
	size_t n = action == ACTION_HELP ? sizeof help - 1 : sizeof version - 1;

	return write(STDOUT_FILENO, s, n) == (ssize_t)n ? 0 : 1;
}
