/* The policy for adopted orphans. It looks only at sexton's children,
 * so its cost follows them, not the namespace. */
#include <signal.h>

#include "log.h"
#include "orphans.h"

static void act(const struct orphans *o, const struct procstat *p,
    long long now)
{
	if (kill(p->pid, o->sig) == 0 && o->log)
		log_msg(LOG_WARN, "orphan pid %d (%s) alive %lldms: sent %s",
		    p->pid, p->comm, now - (long long)p->oldest,
		    o->sig == SIGKILL ? "KILL" : "TERM");
}

long long orphans_check(struct orphans *o, long long now)
{
	struct procscan sc;
	struct proclist t;
	long long due = -1;

	if (proc_scan_begin(&sc, &o->now, o->self) < 0) {
		if (!o->said)
			log_msg(LOG_WARN, "orphans: cannot read this PID "
			    "namespace's /proc");
		o->said = 1;
		return -1;
	}
	proc_sort(&o->now);
	for (size_t i = 0; i < o->now.n; i++) {
		struct procstat *p = &o->now.p[i];
		const struct procstat *k = proc_find(&o->seen, p->pid);
		long long at;

		if (k == NULL || k->start != p->start)
			k = NULL;
		p->oldest = k != NULL ? k->oldest : (unsigned long long)now;
		p->zombies = k != NULL && k->zombies;
		at = (long long)p->oldest + o->age_ms;
		if (p->pid == o->command || proc_dead(p) || p->zombies)
			continue;
		if (now >= at) {
			act(o, p, now);
			p->zombies = 1;
		} else if (due < 0 || at < due) {
			due = at;
		}
	}
	t = o->seen;
	o->seen = o->now;
	o->now = t;
	return due;
}
