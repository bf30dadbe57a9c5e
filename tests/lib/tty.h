/* A pseudo-terminal seen from its master side, as a user sees a
 * terminal: what it shows, and what is typed at it. Every wait has a
 * deadline. Used by the tests of sexton on a terminal (test_terminal,
 * and the engines' tests with -it or a terminal). */
#ifndef SEXTON_TTY_H
#define SEXTON_TTY_H

#include <stddef.h>
#include <sys/types.h>

#define CTRL_C	"\003"
#define CTRL_Z	"\032"

struct pty {
	int fd;			/* the master side, or -1 */
	int eof;		/* nothing holds the slave side open */
	char buf[1 << 16];	/* what the terminal showed */
	size_t len, seen;	/* read; searched up to */
};

/* A new pty of rows x cols: the master, non-blocking, in t->fd, the
 * slave in *slave (close-on-exec). 0, or -1. */
int pty_open(struct pty *t, int *slave, int rows, int cols);
/* Runs argv (NULL-terminated) in a new session whose controlling
 * terminal is a new pty, as a login or a terminal emulator does, with
 * the signals at their defaults and none blocked: its pid, or -1. */
pid_t pty_spawn(struct pty *t, char *const argv[], int rows, int cols);
/* Closes the master side. */
void pty_close(struct pty *t);
/* Reads what the terminal shows, waiting up to ms for the first byte.
 * A full buffer drops its older half: only the end is ever shown. */
void pty_pump(struct pty *t, int ms);
/* Waits until the terminal shows needle after what was already
 * matched: 1, or 0 at the deadline. */
int pty_expect(struct pty *t, const char *needle, int ms);
/* Waits for "status=N" with N in digits and a line's end, as echo
 * "status=$?" prints it: N, or -1 at the deadline. */
int pty_status(struct pty *t, int ms);
/* Types s. */
void pty_send(struct pty *t, const char *s);
/* The last bytes the terminal showed, control characters made visible
 * (^C, ^Z), carriage returns dropped. */
void pty_tail(struct pty *t, char *out, size_t size);
/* Resets every signal to its default and unblocks them all, whatever
 * the test runner ignores or blocks: for a child before its exec. */
void pty_default_signals(void);

#endif
