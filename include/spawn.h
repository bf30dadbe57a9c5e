/* Starting the command. */
#ifndef SEXTON_SPAWN_H
#define SEXTON_SPAWN_H

#include "signals.h"

/* spawn()'s tty for a command that stays in sexton's process group. */
#define SPAWN_SHARE_GROUP (-2)

/* Forks; the child gets its own process group, unless tty is
 * SPAWN_SHARE_GROUP, and with tty an fd of the terminal, that
 * terminal's foreground; the directory here (an fd; -1: the one it
 * has), and the caller's signal mask and SIG_IGN set, then execs argv,
 * looked up in path (PATH, or NULL for the default). Returns the
 * child's pid, or -1 if fork fails. If exec fails the child exits 127
 * (not found) or 126. */
pid_t spawn(char **argv, const char *path, int here,
    const struct sigsave *saved, int tty);

#endif
