/* A tiny printf for log lines, so that sexton needs no stdio.
 * Pure, no system calls. */
#ifndef SEXTON_FMT_H
#define SEXTON_FMT_H

#include <stdarg.h>
#include <stddef.h>

/* Knows %s %d %u %ld %lu %lld %llu %c and %%. Consumes ap. Always
 * NUL-terminates; cuts what does not fit. Returns the length written. */
size_t fmt_v(char *dst, size_t len, const char *fmt, va_list ap);
size_t fmt(char *dst, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Turns each control byte of s into '?', C1 (0x80 to 0x9f, raw or
 * in UTF-8) included, so a byte such as CSI cannot reach the terminal;
 * other UTF-8 may lose a byte to '?' too. What sexton writes
 * quotes names and arguments that may hold anything, and a newline or
 * an ESC must not forge a line or drive the terminal. */
void fmt_clean(char *s);

#endif
