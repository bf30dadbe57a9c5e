/* Log lines on stderr, one write each, so that lines from sexton and
 * its child never interleave within a line; never waiting for a
 * reader of stderr. With a small printf and the texts of errno values,
 * so that sexton needs no stdio. */
#ifndef SEXTON_LOG_H
#define SEXTON_LOG_H

#include <stdarg.h>
#include <stddef.h>

enum { LOG_ERROR, LOG_WARN, LOG_INFO };

/* Sets the verbosity and the pid that prefixes lines: "sexton[PID]: ". */
void log_init(int verbosity, int pid);
int log_enabled(int level);
void log_msg(int level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The same, once: *said is set, and a line already said is not. */
void log_once(int *said, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* "sexton: ..." with no pid, waiting for stderr: for errors before
 * anything is started, and for the child when exec fails. */
void log_plain(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A call sexton needs was refused (errno says how): one line "sexton:
 * CALL refused: why". Returns EXIT_REFUSED, for the caller to exit
 * with. */
int log_refused(const char *call);
/* Says how many lines were dropped, if stderr takes a line now. */
void log_flush(void);
/* sexton's own handle on stderr, which never blocks, opened with the
 * first line logged: an fd to keep open, or -1 if there is none. */
int log_fd(void);

/* Knows %s %d %u %ld %lu %lld %llu %c and %%. Always NUL-terminates;
 * cuts what does not fit. Returns the length written. Pure. */
size_t fmt_v(char *dst, size_t len, const char *fmt, va_list ap);
size_t fmt(char *dst, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Turns each control byte of s into '?', C1 (0x80 to 0x9f, raw or in
 * UTF-8) included: what sexton writes quotes names and arguments that
 * may hold anything, and a newline or an ESC must not forge a line or
 * drive the terminal; other UTF-8 may lose a byte to '?' too. Pure. */
void fmt_clean(char *s);

/* The room errtext() needs. */
#define ERRTEXT 24
/* What an errno means, worded as glibc words it, for the few errors
 * sexton meets; another is "error N", written into buf. libc's
 * strerror() brings a table of every message, 2 KiB in a static build.
 * Pure. */
const char *errtext(int err, char buf[ERRTEXT]);

#endif
