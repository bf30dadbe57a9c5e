/* The --rewrite table. A slot holds 0 for "unchanged", DROP for
 * "send nothing", or the signal to send instead. */
#include <signal.h>

#include "rewrite.h"

#define DROP 255

void rewrite_set(struct rewrite *r, int from, int to)
{
	r->to[from] = (unsigned char)(to == 0 ? DROP : to);
}

void rewrite_default(struct rewrite *r, int from, int to)
{
	if (r->to[from] == 0)
		rewrite_set(r, from, to);
}

void rewrite_halts(struct rewrite *r)
{
	rewrite_default(r, SIGPWR, SIGTERM);
	rewrite_default(r, SEXTON_RTMIN + 3, SIGTERM);
	rewrite_default(r, SEXTON_RTMIN + 4, SIGTERM);
}

int rewrite_apply(const struct rewrite *r, int sig)
{
	if (sig <= 0 || sig >= SEXTON_NSIG || r->to[sig] == 0)
		return sig;
	return r->to[sig] == DROP ? 0 : r->to[sig];
}
