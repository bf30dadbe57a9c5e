/* The zombie watchdog. A scan reads /proc/PID/stat of every process
 * and nothing else; the counting is pure, so it can be tested on a
 * made-up list. */
#include <signal.h>
#include <string.h>

#include "clock.h"
#include "log.h"
#include "signame.h"
#include "watch.h"

/* /proc counts time in USER_HZ, which is 100 for user space on every
 * architecture sexton builds for; musl's sysconf says the same. */
#define TICKS_PER_S 100

static const struct procstat *find(const struct proclist *l, pid_t pid)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->p[i].pid == pid)
			return &l->p[i];
	return NULL;
}

static void count_zombies(const struct proclist *l, struct holder *h)
{
	h->count = 0;
	h->oldest = ~0ULL;
	for (size_t i = 0; i < l->n; i++) {
		const struct procstat *z = &l->p[i];

		if (z->state != 'Z' || z->ppid != h->pid)
			continue;
		h->count++;
		if (z->start < h->oldest)
			h->oldest = z->start;
	}
}

int watch_next_holder(struct proclist *l, pid_t self, size_t *at,
    struct holder *h)
{
	while (*at < l->n) {
		const struct procstat *z = &l->p[(*at)++], *parent;

		/* A zombie of sexton's is reaped anyway; one whose parent is
		 * outside the namespace shows ppid 0. Each parent is counted
		 * once, at its first zombie. */
		if (z->state != 'Z' || z->ppid <= 0 || z->ppid == self ||
		    z->ppid >= PROC_PID_MAX || proc_marked(l, z->ppid))
			continue;
		proc_mark(l, z->ppid);
		parent = find(l, z->ppid);
		if (parent == NULL || parent->state == 'Z')
			continue;
		h->pid = parent->pid;
		memcpy(h->comm, parent->comm, sizeof h->comm);
		h->start = parent->start;
		count_zombies(l, h);
		return 1;
	}
	return 0;
}

static int was_kept(const struct watch *w, const struct holder *h)
{
	for (size_t i = 0; i < w->n; i++)
		if (w->kept[i].pid == h->pid && w->kept[i].start == h->start)
			return 1;
	return 0;
}

static void report(const struct watch *w, const struct holder *h)
{
	unsigned long long now = (unsigned long long)clock_ms(CLOCK_BOOTTIME) /
	    (1000 / TICKS_PER_S);
	unsigned long long age = now > h->oldest ? now - h->oldest : 0;
	char name[12];

	log_msg(LOG_WARN, "pid %d (%s) holds %u zombies (oldest %llus)",
	    h->pid, h->comm, h->count, age / TICKS_PER_S);
	if (w->action == 0 || kill(h->pid, w->action) < 0)
		return;
	sig_name(w->action, name);
	log_msg(LOG_WARN, "sent %s to pid %d", name, h->pid);
}

void watch_scan(struct watch *w)
{
	struct proclist l;
	struct holder h;
	struct watch next = *w;
	size_t at = 0;

	if (proc_list(&l) < 0) {
		log_msg(LOG_WARN, "zombie watch: cannot read /proc");
		return;
	}
	next.n = 0;
	while (watch_next_holder(&l, w->self, &at, &h)) {
		if (h.count < w->threshold)
			continue;
		if (was_kept(w, &h))
			report(w, &h);
		/* Reported or not, it is remembered for the next scan: the
		 * first WATCH_KEEP holders /proc lists. */
		if (next.n < WATCH_KEEP) {
			next.kept[next.n].pid = h.pid;
			next.kept[next.n].start = h.start;
			next.n++;
		}
	}
	proc_list_free(&l);
	*w = next;
}
