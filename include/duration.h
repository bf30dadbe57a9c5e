/* Durations such as "500ms", "3s", "1m": pure, no system calls. */
#ifndef SEXTON_DURATION_H
#define SEXTON_DURATION_H

/* Parses s into milliseconds. A bare number is seconds.
 * Returns 0, or -1 when s is empty, negative, has an unknown unit,
 * or is larger than DURATION_MAX_MS. */
int duration_parse(const char *s, long long *ms);

/* About 24.8 days: the largest wait that every clock here represents. */
#define DURATION_MAX_MS 2147483647LL

#endif
