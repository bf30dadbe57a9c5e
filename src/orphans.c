/* The policy for adopted orphans. It looks only at sexton's children,
 * so its cost follows them, not the namespace. */
#include <errno.h>
#include <signal.h>

#include "log.h"
#include "orphans.h"
#include "proc.h"
#include "sys.h"

/* With no AGE, a look every second. */
#define LOOK_MS 1000

/* A child, as a look saw it. */
struct child {
	struct procstat p;
	long long seen_ms;	/* first seen, CLOCK_MONOTONIC */
	int spared;		/* acted on, or never adopted */
};

static struct {
	const struct config *cfg;
	const struct role *role;
	pid_t command;		/* never acted on; 0 with --pause */
	unsigned long long spare_until;	/* a child that started no later,
					 * in clock ticks after boot */
	long long due;		/* the next look, or 0: off */
	int noted;		/* the children before the command are */
	int said;		/* that /proc cannot be read */
	/* sexton's children, by pid, as last seen and as seen now. */
	struct proclist seen, now;
} o;

static struct child *at(const struct proclist *l, size_t i)
{
	return (struct child *)(void *)proc_at(l, i);
}

static void act(const struct child *c, long long now)
{
	int sig = o.cfg->orphan_sig;

	/* A stopped orphan sees its TERM: CONT follows it. */
	if (kill_cont(c->p.pid, sig) < 0)
		return;
	if (o.cfg->warn_reap)
		log_msg(LOG_WARN, "orphan pid %d (%s) seen for %lldms: sent %s",
		    c->p.pid, c->p.comm, now - c->seen_ms, sig == SIGKILL ?
		    "KILL" : "TERM");
}

/* Lists sexton's children into o.now, each with what o.seen knew of
 * it. Returns 0, or -1 if /proc cannot be read. */
static int look(long long now)
{
	if (proc_children(&o.now, o.role->self) < 0) {
		char buf[ERRTEXT];

		log_once(&o.said, LOG_WARN, "orphans: cannot read /proc: %s",
		    proc_why(errno, buf));
		return -1;
	}
	for (size_t i = 0; i < o.now.n; i++) {
		struct child *c = at(&o.now, i);
		const struct child *k = (const struct child *)(const void *)
		    proc_find(&o.seen, c->p.pid);
		int known = k != NULL && k->p.start == c->p.start;

		c->seen_ms = known ? k->seen_ms : now;
		c->spared = (known && k->spared) || c->p.start <= o.spare_until;
	}
	return 0;
}

/* What o.now holds becomes what was seen. */
static void keep(void)
{
	struct proclist t = o.seen;

	o.seen = o.now;
	o.now = t;
}

/* Every child seen now is spared from now on. */
static void spare_all(void)
{
	for (size_t i = 0; i < o.now.n; i++)
		at(&o.now, i)->spared = 1;
	keep();
}

void orphans_note(const struct config *c, const struct role *r)
{
	if (c->orphan_sig == 0)
		return;
	o.cfg = c;
	o.role = r;
	o.seen.size = o.now.size = sizeof(struct child);
	/* Quiet: a look that fails now is made again once the inherited
	 * fds are gone. */
	o.said = 1;
	o.noted = look(0) == 0;
	o.said = 0;
	if (o.noted)
		spare_all();
}

void orphans_start(pid_t command)
{
	if (o.cfg == NULL)
		return;
	o.command = command;
	o.due = clock_ms(CLOCK_MONOTONIC);
	if (o.noted)
		return;
	/* Now that fds are free: the children there are the command's
	 * first microseconds' at most, and sparing one of those is the
	 * safe mistake. */
	if (look(o.due) == 0) {
		spare_all();
		return;
	}
	/* Else those that started no later than the command are spared:
	 * none of them was adopted from it. /proc counts a start in clock
	 * ticks of 10 ms after boot. */
	o.spare_until = (unsigned long long)clock_ms(CLOCK_BOOTTIME) / 10;
}

long long orphans_due(void)
{
	return o.due;
}

void orphans_check(long long now)
{
	long long age = o.cfg->orphan_age_ms;

	o.due = now + (age > 0 ? age : LOOK_MS);
	/* Out of fds or memory for now, perhaps: look again later. */
	if (look(now) < 0)
		return;
	for (size_t i = 0; i < o.now.n; i++) {
		struct child *c = at(&o.now, i);

		if (c->p.pid == o.command || proc_dead(&c->p) || c->spared ||
		    now - c->seen_ms < age)
			continue;
		act(c, now);
		c->spared = 1;
	}
	keep();
}
