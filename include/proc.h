/* Reading /proc: what the kernel says of other processes. */
#ifndef SEXTON_PROC_H
#define SEXTON_PROC_H

#include <stddef.h>
#include <sys/types.h>

struct procstat {
	pid_t pid;
	pid_t ppid;
	char state;			/* R, S, D, Z, T... */
	char comm[16];
	unsigned long long start;	/* clock ticks after boot */
};

/* Parses the text of /proc/PID/stat. Pure. Returns 0 or -1. */
int proc_parse_stat(const char *buf, size_t len, struct procstat *ps);
/* Reads /proc/PID/stat. Async-signal-safe. */
int proc_stat(pid_t pid, struct procstat *ps);
/* The command name of pid, from /proc. Async-signal-safe. */
int proc_comm(pid_t pid, char comm[16]);

/* Every process that /proc lists, in no order, and a bit per pid for
 * marking some of them. */
#define PROC_PID_MAX 4194304	/* the kernel's largest pid_max */
struct proclist {
	struct procstat *p;
	size_t n;
	unsigned char *mark;	/* PROC_PID_MAX bits */
};
int proc_list(struct proclist *l);
void proc_list_free(struct proclist *l);

/* Marks each process of l that descends from root. Pure. Returns how
 * many it marked. */
size_t proc_descendants(struct proclist *l, pid_t root);
int proc_marked(const struct proclist *l, pid_t pid);
void proc_mark(struct proclist *l, pid_t pid);	/* 0 < pid < PROC_PID_MAX */

#endif
