/* Durations: digits, then an optional unit. */
#include <string.h>

#include "duration.h"

int duration_parse(const char *s, long long *ms)
{
	long long n = 0, scale;

	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		n = n * 10 + (*s - '0');
		if (n > DURATION_MAX_MS)
			return -1;
	}
	if (strcmp(s, "ms") == 0)
		scale = 1;
	else if (*s == '\0' || strcmp(s, "s") == 0)
		scale = 1000;
	else if (strcmp(s, "m") == 0)
		scale = 60LL * 1000;
	else if (strcmp(s, "h") == 0)
		scale = 60LL * 60 * 1000;
	else
		return -1;
	if (n > DURATION_MAX_MS / scale)
		return -1;
	*ms = n * scale;
	return 0;
}
