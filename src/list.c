/* The lists of processes that the scans fill: in memory of their own,
 * mapped, that doubles as it fills; sorted and searched by pid. No
 * malloc, which would cost the static binary its own allocator. */
#include <string.h>

#include "proc.h"
#include "sys.h"

/* Entries are at most this big. */
#define ENTRY_MAX 64

static size_t entry_size(const struct proclist *l)
{
	return l->size != 0 ? l->size : sizeof(struct procstat);
}

struct procstat *proc_at(const struct proclist *l, size_t i)
{
	return (struct procstat *)(void *)((char *)l->p + i * entry_size(l));
}

/* Doubles the room, from one page; every caller checks for -1, and a
 * list cut short is never taken for the whole. A new mapping and a
 * copy, rather than mremap(), which costs the static binary more than
 * the copy does. */
static int grow(struct proclist *l)
{
	size_t n = l->n, size = entry_size(l);
	size_t cap = l->cap != 0 ? l->cap * 2 : 4096 / size;
	void *m;

	if (n >= PROC_PID_MAX || size > ENTRY_MAX)
		return -1;
	if ((m = sys_map(cap * size)) == NULL)
		return -1;
	if (l->p != NULL)
		memcpy(m, l->p, n * size);
	proc_list_free(l);
	l->p = m;
	l->n = n;
	l->cap = cap;
	return 0;
}

int proc_list_add(struct proclist *l, const struct procstat *ps)
{
	struct procstat *e;

	if (l->n == l->cap && grow(l) < 0)
		return -1;
	e = proc_at(l, l->n++);
	memset(e, 0, entry_size(l));
	*e = *ps;
	return 0;
}

void proc_list_free(struct proclist *l)
{
	if (l->p != NULL)
		sys_unmap(l->p, l->cap * entry_size(l));
	l->p = NULL;
	l->n = l->cap = 0;
}


static void swap(const struct proclist *l, size_t a, size_t b)
{
	char t[ENTRY_MAX];
	size_t size = entry_size(l);

	memcpy(t, proc_at(l, a), size);
	memcpy(proc_at(l, a), proc_at(l, b), size);
	memcpy(proc_at(l, b), t, size);
}

static pid_t pid_at(const struct proclist *l, size_t i)
{
	return proc_at(l, i)->pid;
}

static void sift(const struct proclist *l, size_t at, size_t n)
{
	for (size_t c; (c = 2 * at + 1) < n; at = c) {
		if (c + 1 < n && pid_at(l, c + 1) > pid_at(l, c))
			c++;
		if (pid_at(l, at) >= pid_at(l, c))
			return;
		swap(l, at, c);
	}
}

void proc_sort(struct proclist *l)
{
	size_t i, n = l->n;

	for (i = 1; i < n && pid_at(l, i - 1) < pid_at(l, i); i++)
		;
	if (i >= n)
		return;		/* sorted already, as /proc lists */
	/* Heapsort: n log n whatever the order, and no memory. */
	for (i = n / 2; i-- > 0;)
		sift(l, i, n);
	while (--n > 0) {
		swap(l, 0, n);
		sift(l, 0, n);
	}
}

struct procstat *proc_find(const struct proclist *l, pid_t pid)
{
	size_t lo = 0, hi = l->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (pid_at(l, mid) == pid)
			return proc_at(l, mid);
		if (pid_at(l, mid) < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
