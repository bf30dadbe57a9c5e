/* Durations: digits, then an optional unit. */
#include <string.h>

#include "duration.h"

int duration_parse(const char *s, long long *ms)
{
	/* Each unit, and what it scales by; no unit is seconds. */
	static const char units[][3] = { "ms", "", "s", "m", "h" };
	static const long scales[] = { 1, 1000, 1000, 60000, 3600000 };
	long long n = 0;

	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		n = n * 10 + (*s - '0');
		if (n > DURATION_MAX_MS)
			return -1;
	}
	for (unsigned i = 0; i < sizeof scales / sizeof scales[0]; i++) {
		if (strcmp(s, units[i]) != 0)
			continue;
		if (n > DURATION_MAX_MS / scales[i])
			return -1;
		*ms = n * scales[i];
		return 0;
	}
	return -1;
}
