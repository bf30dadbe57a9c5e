/* The policy for adopted orphans. It looks only at sexton's children,
 * so its cost follows them, not the namespace. */
#include <errno.h>
#include <signal.h>

#include "log.h"
#include "sys.h"
#include "orphans.h"

/* With no AGE, a look every second. */
#define LOOK_MS 1000

static void act(const struct orphans *o, const struct procstat *p,
    long long now)
{
	if (sys_kill(p->pid, o->sig) < 0)
		return;
	/* A stopped orphan must see its TERM. */
	sys_kill(p->pid, SIGCONT);
	if (o->log)
		log_msg(LOG_WARN, "orphan pid %d (%s) seen for %lldms: sent %s",
		    p->pid, p->comm, now - (long long)p->seen_ms,
		    o->sig == SIGKILL ? "KILL" : "TERM");
}

/* Lists sexton's children into o->now, each with what o->seen knew of
 * it. Returns 0, or -1 if /proc cannot be read. */
static int look(struct orphans *o, long long now)
{
	struct procscan sc;

	if (proc_scan_begin(&sc, &o->now, o->self) < 0) {
		if (!o->said) {
			char buf[24];

			log_msg(LOG_WARN, "orphans: cannot read /proc: %s",
			    proc_why(errno, buf));
		}
		o->said = 1;
		return -1;
	}
	proc_sort(&o->now);
	for (size_t i = 0; i < o->now.n; i++) {
		struct procstat *p = &o->now.p[i];
		const struct procstat *k = proc_find(&o->seen, p->pid);
		int known = k != NULL && k->start == p->start;

		p->seen_ms = known ? k->seen_ms : (unsigned long long)now;
		p->spared = (known && k->spared) || p->start <= o->spare_until;
	}
	return 0;
}

/* What o->now holds becomes what was seen. */
static void keep(struct orphans *o)
{
	struct proclist t = o->seen;

	o->seen = o->now;
	o->now = t;
}

void orphans_begin(struct orphans *o, long long now,
    unsigned long long started)
{
	/* Without the list, the children that started no later than the
	 * command are spared: none of them was adopted from it. */
	if (look(o, now) < 0) {
		o->spare_until = started;
		return;
	}
	for (size_t i = 0; i < o->now.n; i++)
		o->now.p[i].spared = 1;
	keep(o);
}

long long orphans_check(struct orphans *o, long long now)
{
	long long next = now + (o->age_ms > 0 ? o->age_ms : LOOK_MS);

	/* Out of fds or memory for now, perhaps: look again later. */
	if (look(o, now) < 0)
		return next;
	for (size_t i = 0; i < o->now.n; i++) {
		struct procstat *p = &o->now.p[i];

		if (p->pid == o->command || proc_dead(p) || p->spared ||
		    now - (long long)p->seen_ms < o->age_ms)
			continue;
		act(o, p, now);
		p->spared = 1;
	}
	keep(o);
	return next;
}
