/* The zombie watchdog. A scan reads /proc/PID/stat of each process in
 * sexton's care and nothing else; the counting is pure, so it can be
 * tested on a made-up list. */
#include <errno.h>
#include <signal.h>

#include "clock.h"
#include "log.h"
#include "signame.h"
#include "watch.h"

/* /proc counts time in USER_HZ, which is 100 for user space on every
 * architecture sexton builds for; musl's sysconf says the same. */
#define TICKS_PER_S 100

void watch_count(struct proclist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		l->p[i].zombies = 0;
		l->p[i].oldest = ~0ULL;
	}
	for (size_t i = 0; i < l->n; i++) {
		const struct procstat *z = &l->p[i];
		struct procstat *parent;

		if (!proc_dead(z) || (parent = proc_find(l, z->ppid)) == NULL ||
		    proc_dead(parent))
			continue;
		parent->zombies++;
		if (z->start < parent->oldest)
			parent->oldest = z->start;
	}
}

int watch_holds(const struct watch *w, const struct procstat *p)
{
	return p->zombies >= w->threshold && p->zombies > 0 &&
	    !proc_dead(p) && p->pid != w->self && p->pid != 1 &&
	    p->pid != w->parent;
}

static void report(const struct watch *w, const struct procstat *h)
{
	unsigned long long now = (unsigned long long)clock_ms(CLOCK_BOOTTIME) /
	    (1000 / TICKS_PER_S);
	unsigned long long age = now > h->oldest ? now - h->oldest : 0;
	char name[12];

	log_msg(LOG_WARN, "pid %d (%s) holds %u zombies (oldest %llus)",
	    h->pid, h->comm, h->zombies, age / TICKS_PER_S);
	if (w->action == 0 || proc_signal(h, w->action) < 0)
		return;
	sig_name(w->action, name);
	log_msg(LOG_WARN, "sent %s to pid %d", name, h->pid);
}

static int was_kept(const struct watch *w, const struct procstat *h)
{
	const struct procstat *k = proc_find(&w->kept, h->pid);

	return k != NULL && k->start == h->start;
}

/* The scan is whole: count, report the holders seen last time too, and
 * remember this time's. */
static void judge(struct watch *w)
{
	struct proclist next = { 0 };
	unsigned long zombies = 0;

	watch_count(&w->l);
	for (size_t i = 0; i < w->l.n; i++) {
		const struct procstat *h = &w->l.p[i];

		if (!watch_holds(w, h))
			continue;
		if (was_kept(w, h)) {
			report(w, h);
			zombies += h->zombies;
		}
		/* Every holder is remembered for the next scan, in pid
		 * order like the list. Without memory, it is reported a
		 * scan later. */
		(void)proc_list_add(&next, h);
	}
	if (zombies > w->most)
		w->most = zombies;
	proc_list_free(&w->kept);
	w->kept = next;
}

int watch_step(struct watch *w)
{
	int r;

	if (!w->scanning) {
		if (proc_scan_begin(&w->sc, &w->l, w->self == 1 ? 0 :
		    w->self) < 0) {
			if (!w->said) {
				char buf[24];

				log_msg(LOG_WARN, "zombie watch: cannot read "
				    "/proc: %s", proc_why(errno, buf));
			}
			w->said = 1;
			proc_list_free(&w->l);
			return 0;
		}
		w->said = 0;
		w->scanning = 1;
		return 1;
	}
	if ((r = proc_scan_step(&w->sc, &w->l)) > 0)
		return 1;
	w->scanning = 0;
	if (r == 0)
		judge(w);
	/* The list of a scan of thousands is not kept between scans. */
	proc_list_free(&w->l);
	return 0;
}
