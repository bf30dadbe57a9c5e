/* Naming OOM kills: the memory cgroup counts the kills of the kernel's
 * OOM killer, and a death by SIGKILL while that count rose is taken
 * for one. */
#ifndef SEXTON_OOM_H
#define SEXTON_OOM_H

#include <stddef.h>

/* Finds, in the text of /proc/self/cgroup at cg, len bytes long, the
 * memory cgroup it names: cgroup v1's memory line if there is one,
 * else v2's "0::" line. Sets *dir to its directory under the mount,
 * ended in place ("." for the top); cg needs one byte free after the
 * text. Returns 1 for v1 and 0 for v2, or -1 if no memory cgroup is
 * named. Pure. */
int oom_path(char *cg, size_t len, char **dir);
/* The length of the whole lines at the start of text: what is left of
 * a text cut short. Pure. */
size_t oom_whole_lines(const char *text, size_t len);
/* The name of the counter file in a cgroup's directory, for v1 or v2
 * (mounted at /sys/fs/cgroup/memory or /sys/fs/cgroup). Pure. */
const char *oom_file(int v1);
/* The number on the "oom_kill N" line of memory.events (v2) or
 * memory.oom_control (v1), or -1. Pure. */
long long oom_count(const char *buf, size_t len);

/* Finds the counter and reads it, once, before the command starts.
 * Without a memory controller it is left at that: nothing is read
 * later. Returns the counter's fd, or -1. */
int oom_init(void);
/* Called for each death by SIGKILL: 1 if the count rose since it was
 * last read. A kill of a process that another parent reaped is only
 * counted, so it is taken in by the next death by SIGKILL that sexton
 * reaps; of several killed at once, the first reaped is named. */
int oom_killed(void);

#endif
