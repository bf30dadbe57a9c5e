/* Log lines on stderr, one write(2) each, so that lines from sexton
 * and its child never interleave within a line, and never waiting for a
 * reader of stderr. */
#ifndef SEXTON_LOG_H
#define SEXTON_LOG_H

enum { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

/* Sets the verbosity and the pid that prefixes lines: "sexton[PID]: ". */
void log_init(int verbosity, int pid);
/* sexton's own handle on stderr, which never blocks, opened with the
 * first line logged: an fd to keep open, or -1 if there is none. */
int log_fd(void);
/* Says how many lines were dropped, if stderr takes a line now. */
void log_flush(void);

int log_enabled(int level);
void log_msg(int level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "sexton: ..." with no pid: for errors before anything is started,
 * and for the child when exec fails. */
void log_plain(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
