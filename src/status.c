/* Wait statuses and the exit codes they become. */
#include <sys/wait.h>

#include "status.h"

int status_code(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	/* Stopped or continued: not an end; callers never pass these. */
	return 125;
}

void exitmap_add(struct exitmap *m, int code)
{
	m->bits[(code & 255) >> 3] |= (unsigned char)(1u << (code & 7));
}

int exitmap_apply(const struct exitmap *m, int code)
{
	if (code < 0 || code > 255)
		return code;
	return (m->bits[code >> 3] & (1u << (code & 7))) != 0 ? 0 : code;
}
