/* The zombie watch. A scan reads /proc/PID/stat of each process in
 * sexton's care and nothing else; the counting is pure, so it can be
 * tested on a made-up list. */
#include <errno.h>
#include <signal.h>

#include "log.h"
#include "sys.h"
#include "watch.h"

/* /proc counts time in USER_HZ, which is 100 for user space on every
 * architecture sexton builds for; musl's sysconf says the same. */
#define TICKS_PER_S 100

static struct {
	const struct config *cfg;
	const struct role *role;
	long long due;		/* the next step, or 0: off */
	int said;		/* that /proc cannot be read */
	unsigned long most;	/* the most zombies one scan reported */
	struct proclist kept;	/* holders at the threshold last scan */
	int scanning;		/* a scan is under way, into l */
	struct procscan sc;
	struct proclist l;
} w;

static struct watched *at(const struct proclist *l, size_t i)
{
	return (struct watched *)(void *)proc_at(l, i);
}

void watch_count(struct proclist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		at(l, i)->zombies = 0;
		at(l, i)->oldest = ~0ULL;
	}
	for (size_t i = 0; i < l->n; i++) {
		const struct procstat *z = proc_at(l, i);
		struct watched *parent;

		if (!proc_dead(z) || (parent = (struct watched *)(void *)
		    proc_find(l, z->ppid)) == NULL || proc_dead(&parent->p))
			continue;
		parent->zombies++;
		if (z->start < parent->oldest)
			parent->oldest = z->start;
	}
}

int watch_holds(const struct watched *h, unsigned threshold,
    const struct role *r)
{
	return h->zombies >= threshold && h->zombies > 0 &&
	    !proc_dead(&h->p) && h->p.pid != r->self && h->p.pid != 1 &&
	    h->p.pid != r->parent;
}

void watch_init(const struct config *c, const struct role *r)
{
	w.cfg = c;
	w.role = r;
	w.due = c->watch_zombies > 0 ? clock_ms(CLOCK_MONOTONIC) : 0;
	w.l.size = w.kept.size = sizeof(struct watched);
}

static void report(const struct watched *h)
{
	unsigned long long now = (unsigned long long)clock_ms(CLOCK_BOOTTIME) /
	    (1000 / TICKS_PER_S);
	unsigned long long age = now > h->oldest ? now - h->oldest : 0;
	char name[SIGNAME];

	log_msg(LOG_WARN, "pid %d (%s) holds %u zombies (oldest %llus)",
	    h->p.pid, h->p.comm, h->zombies, age / TICKS_PER_S);
	if (w.cfg->zombie_action == 0 ||
	    proc_signal(&h->p, w.cfg->zombie_action) < 0)
		return;
	sig_name(w.cfg->zombie_action, name);
	log_msg(LOG_WARN, "sent %s to pid %d", name, h->p.pid);
}

static int was_kept(const struct watched *h)
{
	const struct procstat *k = proc_find(&w.kept, h->p.pid);

	return k != NULL && k->start == h->p.start;
}

/* The scan is whole: count, report the holders seen last time too, and
 * remember this time's. */
static void judge(void)
{
	struct proclist next = { .size = sizeof(struct watched) };
	unsigned long zombies = 0;

	watch_count(&w.l);
	for (size_t i = 0; i < w.l.n; i++) {
		const struct watched *h = at(&w.l, i);

		if (!watch_holds(h, (unsigned)w.cfg->watch_zombies, w.role))
			continue;
		if (was_kept(h)) {
			report(h);
			zombies += h->zombies;
		}
		/* Every holder is remembered for the next scan, in pid
		 * order like the list. Without memory, it is reported a
		 * scan later. */
		if (proc_list_add(&next, &h->p) == 0)
			*at(&next, next.n - 1) = *h;
	}
	if (zombies > w.most)
		w.most = zombies;
	proc_list_free(&w.kept);
	w.kept = next;
}

long long watch_due(void)
{
	return w.due;
}

void watch_step(long long now)
{
	int r;	/* 1: more steps to take, 0: the scan is whole, -1: failed */

	if (!w.scanning)
		r = proc_scan_begin(&w.sc, &w.l, w.role->pid1 ? 0 :
		    w.role->self) < 0 ? -1 : 1;
	else if ((r = proc_scan_step(&w.sc, &w.l)) == 0)
		judge();
	/* A step of a scan under way is due at once. */
	w.scanning = r > 0;
	if (w.scanning) {
		w.due = now;
		return;
	}
	if (r < 0) {
		char buf[ERRTEXT];

		log_once(&w.said, LOG_WARN, "zombie watch: cannot read "
		    "/proc: %s", proc_why(errno, buf));
	}
	/* The list of a scan of thousands is not kept between scans. */
	proc_list_free(&w.l);
	w.due = now + w.cfg->watch_interval_ms;
}

unsigned long watch_most(void)
{
	return w.most;
}
