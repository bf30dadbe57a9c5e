/* The time, in milliseconds. */
#ifndef SEXTON_CLOCK_H
#define SEXTON_CLOCK_H

#include <time.h>

/* CLOCK_MONOTONIC for deadlines, CLOCK_BOOTTIME for the age of a
 * process. */
long long clock_ms(clockid_t id);

#endif
